/* The CXM plugin ABI: what a plugin shared object exports (one const
 * struct cxm_plugin_entry named cxm_plugin_entry) and the host API table
 * the core hands it. Plugins include only this header. See docs/plugins.md. */
#ifndef CXM_PLUGIN_ABI_H
#define CXM_PLUGIN_ABI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Contract
 *
 * - A plugin exports exactly one symbol, cxm_plugin_entry (link it with
 *   libtool -module -avoid-version and a version script; see
 *   plugins/plugin.map). The struct is const and is never written by the
 *   host.
 * - The entry begins with CXM_PLUGIN_MAGIC, the ABI version the plugin was
 *   built against (CXM_PLUGIN_ABI_MAJOR/MINOR) and sizeof(struct
 *   cxm_plugin_entry) as the plugin saw it: use CXM_PLUGIN_ENTRY_HEADER.
 *   The loader refuses another major, a newer minor than the host's and a
 *   struct smaller than ABI 1.0's.
 * - Ownership: the entry, its strings and its ops table belong to the
 *   plugin and must stay valid until fini returns. Everything the host
 *   passes (the host table, the call context, strings) belongs to the
 *   host; the host table stays valid until fini returns; a call context
 *   and whatever host->alloc returned for it are valid only during the
 *   call that received it, except in init, whose allocations live until
 *   fini. Never keep a pointer into a request arena past the call.
 * - Failure: init and the ops return 0 on success and non-zero on failure,
 *   with a one-line English reason written into err (errsize bytes, always
 *   NUL-terminated by the plugin). A failing init refuses the plugin; the
 *   service starts without it. host->alloc never fails (allocation failure
 *   ends the worker, and the supervisor replaces it); host->query returns
 *   non-zero with its reason in err.
 * - A plugin never calls exit(), abort() or _exit(), never installs signal
 *   handlers, never forks, and keeps no global state that depends on the
 *   current business: workers serve many businesses, one request at a time.
 * - The host table only ever grows at its end (host->size says how much of
 *   it this host has); members are never removed or reordered within a
 *   major version. A member that is NULL is not offered by this host.
 */

#define CXM_PLUGIN_MAGIC 0x43584d50u  /* "CXMP" */
#define CXM_PLUGIN_ABI_MAJOR 1
#define CXM_PLUGIN_ABI_MINOR 0

enum cxm_plugin_kind {
	CXM_PLUGIN_METRIC,
	CXM_PLUGIN_SEGMENTATION,
	CXM_PLUGIN_RECOMMENDATION,
	CXM_PLUGIN_KIND_MAX
};

/* Levels for host->log, the same order as the core's. */
enum cxm_plugin_log_level {
	CXM_PLUGIN_LOG_ERROR,
	CXM_PLUGIN_LOG_WARN,
	CXM_PLUGIN_LOG_INFO,
	CXM_PLUGIN_LOG_DEBUG,
	CXM_PLUGIN_LOG_MAX
};

/* The host's context for one call into the plugin (init, an op): which
 * plugin, which business, which arena. Opaque; valid during the call. */
struct cxm_plugin_call;

/* A parameter bound to a prepared statement (host->query). */
enum cxm_plugin_param_type {
	CXM_PLUGIN_PARAM_INT,
	CXM_PLUGIN_PARAM_TEXT,
	CXM_PLUGIN_PARAM_DOUBLE,
	CXM_PLUGIN_PARAM_MAX
};
struct cxm_plugin_param {
	enum cxm_plugin_param_type type;
	long long i;
	double d;
	const char *s;
};

/* Called by host->query once per result row; cells[i] is NULL for SQL
 * NULL, and the strings are valid only during the callback. Return 0 to
 * go on, non-zero to stop. */
typedef int (*cxm_plugin_row_fn)(void *ud, const char *const *cells, size_t ncells);

/* The host API table (append-only; see the contract above). */
struct cxm_plugin_host {
	uint32_t size;        /* sizeof(struct cxm_plugin_host) in this host */
	uint16_t abi_major;
	uint16_t abi_minor;

	/* ABI 1.0 */
	/* One log line, prefixed with the plugin's name (and the request id
	 * while a request is served). Never fails. */
	void (*log)(struct cxm_plugin_call *call, enum cxm_plugin_log_level level,
	            const char *fmt, ...) __attribute__((format(printf, 3, 4)));
	/* Memory aligned for any type from the call's arena: freed by the host
	 * when the call (the request) ends, or at fini for init's. Never
	 * returns NULL. */
	void *(*alloc)(struct cxm_plugin_call *call, size_t size);
	char *(*strdup)(struct cxm_plugin_call *call, const char *s);
	/* A prepared statement with bound parameters, restricted by the host
	 * to the current business: the statement must contain the marker
	 * {business} where the business id goes (the host binds it). Rows go
	 * to fn. Returns 0, or non-zero with the reason in err. Filled in with
	 * the metrics work: NULL in this host. */
	int (*query)(struct cxm_plugin_call *call, const char *sql,
	             const struct cxm_plugin_param *params, size_t nparams,
	             cxm_plugin_row_fn fn, void *ud, char *err, size_t errsize);
	/* This business's setting key for the plugin, or NULL when unset; the
	 * string lives in the call's arena. Filled in with the metrics work
	 * (per-business enablement): NULL in this host. */
	const char *(*config_get)(struct cxm_plugin_call *call, const char *key);
	/* The period being computed, as Unix times [from, to). Returns 0, or
	 * non-zero outside a metric computation. Filled in with the metrics
	 * work: NULL in this host. */
	int (*period)(struct cxm_plugin_call *call, long long *from, long long *to);
};

/* Metric calculators (kind CXM_PLUGIN_METRIC). Minimal for ABI 1.0; the
 * metrics work extends it at its end. */
struct cxm_plugin_metric_result {
	double value;
	long long n;      /* how many observations the value rests on */
	int enough;       /* 0: "not enough data" (n below the minimum) */
};
struct cxm_plugin_metric_ops {
	uint32_t size;    /* sizeof(struct cxm_plugin_metric_ops) */
	/* Computes the metric for the call's business and period into out.
	 * Returns 0, or non-zero with the reason in err. */
	int (*compute)(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
	               struct cxm_plugin_metric_result *out, char *err, size_t errsize);
};
/* The segmentation and recommendation ops tables come with their issues;
 * until then a plugin of those kinds has ops == NULL. */

struct cxm_plugin_entry {
	uint32_t magic;       /* CXM_PLUGIN_MAGIC */
	uint16_t abi_major;   /* CXM_PLUGIN_ABI_MAJOR the plugin was built with */
	uint16_t abi_minor;
	uint32_t size;        /* sizeof(struct cxm_plugin_entry) as built */

	/* ABI 1.0 */
	const char *name;     /* unique, [a-z0-9_-], at most 63 bytes */
	const char *version;  /* the plugin's own version, free text */
	const char *description;  /* one English sentence, for the admin */
	enum cxm_plugin_kind kind;
	/* Optional (NULL: nothing to do). Called once per process image that
	 * loads the plugin (cxm-fcgi's supervisor, before it forks workers
	 * that inherit the plugin; cxmctl), before any op; host stays valid until fini. Returns 0,
	 * or non-zero with the reason in err, and then the plugin is refused
	 * (fini is not called). */
	int (*init)(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
	            char *err, size_t errsize);
	/* Optional. Called once before the plugin is unloaded, after a
	 * successful init, in the process that ran init (cxm-fcgi's
	 * supervisor when it stops, cxmctl when it ends). Not called in
	 * forked workers or across a reload's re-exec, so a plugin holds
	 * nothing that must be released for correctness. Never fails. */
	void (*fini)(const struct cxm_plugin_host *host);
	/* The kind's ops table (struct cxm_plugin_metric_ops for a metric). */
	const void *ops;
};

/* What every plugin defines (and nothing else is exported). */
extern const struct cxm_plugin_entry cxm_plugin_entry;

/* The smallest entry the loader accepts: ABI 1.0's. */
#define CXM_PLUGIN_ENTRY_MIN_SIZE \
	(offsetof(struct cxm_plugin_entry, ops) + sizeof(const void *))

/* The first four members of an entry built against this header. */
#define CXM_PLUGIN_ENTRY_HEADER \
	.magic = CXM_PLUGIN_MAGIC, .abi_major = CXM_PLUGIN_ABI_MAJOR, \
	.abi_minor = CXM_PLUGIN_ABI_MINOR, .size = sizeof(struct cxm_plugin_entry)

#endif
