/* The plugin loader: scans the plugin directory once at start-up, loads
 * each *.so and keeps every file it saw, loaded or refused with its reason,
 * in a registry (cxmctl plugins list shows it). */
#ifndef CXM_PLUGIN_H
#define CXM_PLUGIN_H

#include <stddef.h>

#include "cxm/plugin.h"
#include "err.h"

struct cxm_arena;

enum cxm_plugin_state {
	CXM_PLUGIN_LOADED,
	CXM_PLUGIN_REFUSED,
	CXM_PLUGIN_STATE_MAX
};

/* Why a plugin was refused (CXM_PLUGIN_ACCEPTED when it was not). */
enum cxm_plugin_refusal {
	CXM_PLUGIN_ACCEPTED,
	CXM_PLUGIN_DLOPEN_FAILED,
	CXM_PLUGIN_NO_SYMBOL,
	CXM_PLUGIN_BAD_MAGIC,
	CXM_PLUGIN_OTHER_MAJOR,
	CXM_PLUGIN_NEWER_MINOR,
	CXM_PLUGIN_TOO_SMALL,
	CXM_PLUGIN_BAD_NAME,
	CXM_PLUGIN_BAD_KIND,
	CXM_PLUGIN_BAD_OPS,         /* declarations unusable: ops, metrics, settings */
	CXM_PLUGIN_DUPLICATE,
	CXM_PLUGIN_INIT_FAILED,
	CXM_PLUGIN_REFUSAL_MAX
};

extern const char *const cxm_plugin_kind_names[CXM_PLUGIN_KIND_MAX];
extern const char *const cxm_plugin_state_names[CXM_PLUGIN_STATE_MAX];
/* Stable identifiers ("newer_minor"), for logs and tests. */
extern const char *const cxm_plugin_refusal_names[CXM_PLUGIN_REFUSAL_MAX];

/* One file of the plugin directory. */
struct cxm_plugin {
	char *file;                 /* base name ("metric_csat.so") */
	char *path;                 /* full path */
	enum cxm_plugin_state state;
	enum cxm_plugin_refusal refusal;
	char *reason;               /* the refusal in words, with versions; "" when loaded */
	/* Loaded only (NULL when refused): */
	const struct cxm_plugin_entry *entry;
	void *handle;               /* from dlopen */
	struct cxm_arena *arena;    /* init's allocations, freed after fini */
};

/* Every file seen, in the order of their names (strcmp). */
struct cxm_plugins {
	struct cxm_plugin *v;
	size_t n;
	size_t nloaded;
};

/* The host's side of one call into a plugin (opaque to plugins): which
 * plugin, the arena its allocations come from and, for a computation, the
 * database, the business, its settings and the period. */
struct cxm_db;
struct cxm_plugin_call {
	const struct cxm_plugin_entry *entry;  /* NULL only in the loader's init */
	const char *plugin;                    /* entry->name */
	struct cxm_arena *arena;
	struct cxm_db *db;                     /* NULL: host->query refuses */
	long long business_id;                 /* 0: host->query refuses */
	/* This business's values of entry->settings, in that order (NULL: the
	 * declared defaults). */
	const char *const *settings;
	int has_period;
	long long from, to;                    /* [from, to), Unix times */
};

/* The host table handed to every plugin. */
extern const struct cxm_plugin_host cxm_plugin_host;

/* Loads every *.so in dir into ps (which the caller owns and releases with
 * cxm_plugins_unload). A refused plugin is logged with one warning line
 * naming the file and the versions, and kept as refused. A missing
 * directory is not an error (no plugins, one info line). Never fails: the
 * service always starts. */
void cxm_plugins_load(struct cxm_plugins *ps, const char *dir);
/* Calls fini of the loaded plugins (last loaded first), dlcloses them and
 * frees everything; ps is empty afterwards. */
void cxm_plugins_unload(struct cxm_plugins *ps);

/* The registry of this process (cxm-fcgi loads it in the supervisor before
 * forking; the workers inherit it). Empty until cxm_plugins_start(). */
const struct cxm_plugins *cxm_plugins_registry(void);
void cxm_plugins_start(const char *dir);
void cxm_plugins_stop(void);

/* The loaded plugin called name in the registry, or NULL. */
const struct cxm_plugin *cxm_plugins_find(const char *name);

/* The host's {business} rewriting (host->query), exposed for its tests:
 * copies sql into the arena with every {business} marker replaced by ?,
 * and sets *markers to the positions (0-based among all the placeholders)
 * of the business id, *nmarkers to their count, *nplaceholders to the
 * total. Returns NULL (and a reason in err) for a statement that is not a
 * SELECT or WITH, or has no marker. */
char *cxm_plugin_rewrite_sql(struct cxm_arena *a, const char *sql, size_t **markers,
                             size_t *nmarkers, size_t *nplaceholders, char *err, size_t errsize);

#endif
