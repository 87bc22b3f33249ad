/* The plugin loader and the host API table (plugin.h, cxm/plugin.h): one
 * scan of the plugin directory, dlopen(RTLD_NOW|RTLD_LOCAL) per *.so, the
 * ABI checks in a fixed order, and a registry of what was loaded or refused. */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "log.h"
#include "plugin.h"
#include "plugin_host.h"
#include "plugin_settings.h"

/* The smallest metric ops table the loader accepts: ABI 1.0's, which ends
 * with drill. */
#define METRIC_OPS_MIN_SIZE \
	(offsetof(struct cxm_plugin_metric_ops, drill) + sizeof(void (*)(void)))
/* business_plugin_settings.value holds at most this many characters. */
#define SETTING_VALUE_MAX 1000

const char *const cxm_plugin_kind_names[CXM_PLUGIN_KIND_MAX] = {
	"metric", "segmentation", "recommendation",
};
const char *const cxm_plugin_state_names[CXM_PLUGIN_STATE_MAX] = {
	"loaded", "refused",
};
const char *const cxm_plugin_refusal_names[CXM_PLUGIN_REFUSAL_MAX] = {
	"accepted", "dlopen_failed", "no_symbol", "bad_magic", "other_major",
	"newer_minor", "too_small", "bad_name", "bad_kind", "bad_ops", "duplicate",
	"init_failed",
};

/* host_log maps the plugin's levels onto the core's by value. */
_Static_assert((int)CXM_PLUGIN_LOG_ERROR == (int)CXM_LOG_ERROR &&
               (int)CXM_PLUGIN_LOG_DEBUG == (int)CXM_LOG_DEBUG &&
               (int)CXM_PLUGIN_LOG_MAX == (int)CXM_LOG_MAX,
               "plugin log levels follow the core's");

static void host_log(struct cxm_plugin_call *call, enum cxm_plugin_log_level level,
                     const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void host_log(struct cxm_plugin_call *call, enum cxm_plugin_log_level level,
                     const char *fmt, ...)
{
	enum cxm_log_level l = (unsigned)level < CXM_PLUGIN_LOG_MAX ? (enum cxm_log_level)level
	                                                            : CXM_LOG_ERROR;
	if (!cxm_log_enabled(l))
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	cxm_log(l, "plugin %s: %s", call && call->plugin ? call->plugin : "?", line);
}

static void *host_alloc(struct cxm_plugin_call *call, size_t size)
{
	return cxm_alloc(call->arena, size);
}

static char *host_strdup(struct cxm_plugin_call *call, const char *s)
{
	return cxm_strdup(call->arena, s);
}

const struct cxm_plugin_host cxm_plugin_host = {
	.size = sizeof(struct cxm_plugin_host),
	.abi_major = CXM_PLUGIN_ABI_MAJOR,
	.abi_minor = CXM_PLUGIN_ABI_MINOR,
	.log = host_log,
	.alloc = host_alloc,
	.strdup = host_strdup,
	.query = cxm_plugin_host_query,
	.config_get = cxm_plugin_host_config_get,
	.period = cxm_plugin_host_period,
};

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = cxm_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static int valid_name(const char *s)
{
	if (!s || !*s || strlen(s) > 63)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* 1 for a key of 1-63 characters of [a-z0-9_]. */
static int valid_key(const char *s)
{
	if (!s || !*s || strlen(s) > 63)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* What makes e's declarations unusable, written into why (and 1), or 0
 * when they are usable: the metric ops table, the metrics, the settings. */
static int bad_declarations(const struct cxm_plugin_entry *e, char *why, size_t len)
{
	if (e->kind == CXM_PLUGIN_METRIC) {
		const struct cxm_plugin_metric_ops *ops = e->ops;
		if (!ops) {
			snprintf(why, len, "a metric plugin without an ops table");
			return 1;
		}
		if (ops->size < METRIC_OPS_MIN_SIZE) {
			snprintf(why, len, "metric ops table is %u bytes, ABI 1.0 needs %zu",
			         (unsigned)ops->size, (size_t)METRIC_OPS_MIN_SIZE);
			return 1;
		}
		if (!ops->nmetrics || !ops->metrics) {
			snprintf(why, len, "no metrics declared");
			return 1;
		}
		if (!ops->compute) {
			snprintf(why, len, "no compute operation");
			return 1;
		}
		for (size_t i = 0; i < ops->nmetrics; i++) {
			const struct cxm_plugin_metric_info *m = &ops->metrics[i];
			if (!valid_key(m->key)) {
				snprintf(why, len, "metric key \"%.63s\" is invalid (want 1-63 of [a-z0-9_])",
				         m->key ? m->key : "");
				return 1;
			}
			if (!m->label) {
				snprintf(why, len, "metric \"%s\" has no label", m->key);
				return 1;
			}
			for (size_t k = 0; k < i; k++)
				if (strcmp(ops->metrics[k].key, m->key) == 0) {
					snprintf(why, len, "metric key \"%s\" is declared twice", m->key);
					return 1;
				}
		}
	}
	if (e->nsettings && !e->settings) {
		snprintf(why, len, "%zu settings declared without a table", e->nsettings);
		return 1;
	}
	for (size_t i = 0; i < e->nsettings; i++) {
		const struct cxm_plugin_setting *st = &e->settings[i];
		if (!valid_key(st->key)) {
			snprintf(why, len, "setting key \"%.63s\" is invalid (want 1-63 of [a-z0-9_])",
			         st->key ? st->key : "");
			return 1;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(e->settings[k].key, st->key) == 0) {
				snprintf(why, len, "setting key \"%s\" is declared twice", st->key);
				return 1;
			}
		if (!st->label) {
			snprintf(why, len, "setting \"%s\" has no label", st->key);
			return 1;
		}
		if ((unsigned)st->type >= CXM_PLUGIN_SETTING_TYPE_MAX) {
			snprintf(why, len, "setting \"%s\" has unknown type %d", st->key, (int)st->type);
			return 1;
		}
		if ((st->type == CXM_PLUGIN_SETTING_INT || st->type == CXM_PLUGIN_SETTING_NUMBER) &&
		    st->min > st->max) {
			snprintf(why, len, "setting \"%s\" has min %g above max %g", st->key, st->min,
			         st->max);
			return 1;
		}
		if (st->type == CXM_PLUGIN_SETTING_TEXT && (st->max < 0 || st->max > SETTING_VALUE_MAX)) {
			snprintf(why, len, "setting \"%s\" allows %g bytes, at most %d can be stored",
			         st->key, st->max, SETTING_VALUE_MAX);
			return 1;
		}
		const char *bad = cxm_plugin_setting_check(st, st->def);
		if (bad) {
			snprintf(why, len, "setting \"%s\" has an invalid default \"%.64s\": %s", st->key,
			         st->def ? st->def : "", bad);
			return 1;
		}
	}
	return 0;
}

static void refuse(struct cxm_plugin *p, enum cxm_plugin_refusal why, char *reason)
{
	p->state = CXM_PLUGIN_REFUSED;
	p->refusal = why;
	p->reason = reason;
	p->entry = NULL;
	if (p->handle)
		dlclose(p->handle);
	p->handle = NULL;
	cxm_warn("plugin %s refused: %s", p->path, reason);
}

/* Loads p->path into p (loaded, or refused with its reason); the checks
 * run in the order of enum cxm_plugin_refusal. */
static void load_one(struct cxm_plugins *ps, struct cxm_plugin *p)
{
	const unsigned hmaj = CXM_PLUGIN_ABI_MAJOR, hmin = CXM_PLUGIN_ABI_MINOR;
	dlerror();
	p->handle = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		const char *e = dlerror();
		refuse(p, CXM_PLUGIN_DLOPEN_FAILED,
		       xprintf("cannot load: %s (host ABI %u.%u)", e ? e : "unknown error", hmaj, hmin));
		return;
	}
	dlerror();
	const struct cxm_plugin_entry *e = dlsym(p->handle, "cxm_plugin_entry");
	if (!e) {
		refuse(p, CXM_PLUGIN_NO_SYMBOL,
		       xprintf("no cxm_plugin_entry symbol (host ABI %u.%u)", hmaj, hmin));
		return;
	}
	if (e->magic != CXM_PLUGIN_MAGIC) {
		refuse(p, CXM_PLUGIN_BAD_MAGIC,
		       xprintf("wrong magic 0x%08x, expected 0x%08x (host ABI %u.%u)",
		               (unsigned)e->magic, (unsigned)CXM_PLUGIN_MAGIC, hmaj, hmin));
		return;
	}
	unsigned pmaj = e->abi_major, pmin = e->abi_minor;
	if (pmaj != hmaj) {
		refuse(p, CXM_PLUGIN_OTHER_MAJOR,
		       xprintf("plugin ABI %u.%u, host ABI %u.%u: other major version",
		               pmaj, pmin, hmaj, hmin));
		return;
	}
	if (pmin > hmin) {
		refuse(p, CXM_PLUGIN_NEWER_MINOR,
		       xprintf("plugin ABI %u.%u, host ABI %u.%u: newer minor version",
		               pmaj, pmin, hmaj, hmin));
		return;
	}
	if (e->size < CXM_PLUGIN_ENTRY_MIN_SIZE) {
		refuse(p, CXM_PLUGIN_TOO_SMALL,
		       xprintf("entry is %u bytes, ABI %u.0 needs %zu (plugin ABI %u.%u, host ABI %u.%u)",
		               (unsigned)e->size, hmaj, (size_t)CXM_PLUGIN_ENTRY_MIN_SIZE,
		               pmaj, pmin, hmaj, hmin));
		return;
	}
	const char *version = e->version ? e->version : "?";
	if (!valid_name(e->name)) {
		refuse(p, CXM_PLUGIN_BAD_NAME,
		       xprintf("invalid name (want 1-63 of [a-z0-9_-]) (plugin ABI %u.%u, host ABI %u.%u)",
		               pmaj, pmin, hmaj, hmin));
		return;
	}
	if ((unsigned)e->kind >= CXM_PLUGIN_KIND_MAX) {
		refuse(p, CXM_PLUGIN_BAD_KIND,
		       xprintf("unknown kind %d (plugin %s %s, ABI %u.%u, host ABI %u.%u)",
		               (int)e->kind, e->name, version, pmaj, pmin, hmaj, hmin));
		return;
	}
	char why[256];
	if (bad_declarations(e, why, sizeof(why))) {
		refuse(p, CXM_PLUGIN_BAD_OPS,
		       xprintf("declarations unusable: %s (plugin %s %s, ABI %u.%u, host ABI %u.%u)",
		               why, e->name, version, pmaj, pmin, hmaj, hmin));
		return;
	}
	for (size_t i = 0; i < ps->n; i++) {
		const struct cxm_plugin *q = &ps->v[i];
		if (q != p && q->state == CXM_PLUGIN_LOADED && strcmp(q->entry->name, e->name) == 0) {
			refuse(p, CXM_PLUGIN_DUPLICATE,
			       xprintf("name \"%s\" already loaded from %s (plugin %s %s, ABI %u.%u, "
			               "host ABI %u.%u)", e->name, q->file, e->name, version,
			               pmaj, pmin, hmaj, hmin));
			return;
		}
	}
	p->arena = cxm_arena_new(1024);
	if (e->init) {
		char err[256] = "";
		struct cxm_plugin_call call = {.entry = e, .plugin = e->name, .arena = p->arena};
		if (e->init(&cxm_plugin_host, &call, err, sizeof(err)) != 0) {
			err[sizeof(err) - 1] = '\0';
			char *reason = xprintf("init failed: %s (plugin %s %s, ABI %u.%u, host ABI %u.%u)",
			                       *err ? err : "no reason given", e->name, version,
			                       pmaj, pmin, hmaj, hmin);
			cxm_arena_free(p->arena);
			p->arena = NULL;
			refuse(p, CXM_PLUGIN_INIT_FAILED, reason);
			return;
		}
	}
	p->entry = e;
	p->state = CXM_PLUGIN_LOADED;
	p->refusal = CXM_PLUGIN_ACCEPTED;
	p->reason = cxm_xstrdup("");
	ps->nloaded++;
	cxm_info("plugin %s loaded: %s %s, %s (ABI %u.%u, host ABI %u.%u)", p->path, e->name,
	         version, cxm_plugin_kind_names[e->kind], pmaj, pmin, hmaj, hmin);
}

static int so_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 3 && strcmp(d->d_name + n - 3, ".so") == 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

void cxm_plugins_load(struct cxm_plugins *ps, const char *dir)
{
	memset(ps, 0, sizeof(*ps));
	struct dirent **names = NULL;
	int n = scandir(dir, &names, so_file, by_name);
	if (n < 0) {
		if (errno == ENOENT)
			cxm_info("plugin directory %s does not exist: no plugins", dir);
		else
			cxm_warn("plugin directory %s: %s: no plugins", dir, strerror(errno));
		return;
	}
	ps->v = cxm_xcalloc(n > 0 ? (size_t)n : 1, sizeof(*ps->v));
	for (int i = 0; i < n; i++) {
		struct cxm_plugin *p = &ps->v[ps->n++];
		p->file = cxm_xstrdup(names[i]->d_name);
		p->path = xprintf("%s/%s", dir, names[i]->d_name);
		free(names[i]);
		load_one(ps, p);
	}
	free(names);
}

void cxm_plugins_unload(struct cxm_plugins *ps)
{
	for (size_t i = ps->n; i-- > 0;) {
		struct cxm_plugin *p = &ps->v[i];
		if (p->state == CXM_PLUGIN_LOADED) {
			if (p->entry->fini)
				p->entry->fini(&cxm_plugin_host);
			dlclose(p->handle);
		}
		if (p->arena)
			cxm_arena_free(p->arena);
		free(p->file);
		free(p->path);
		free(p->reason);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

static struct cxm_plugins registry;

const struct cxm_plugins *cxm_plugins_registry(void)
{
	return &registry;
}

void cxm_plugins_start(const char *dir)
{
	cxm_plugins_load(&registry, dir);
	if (registry.n > 0)
		cxm_info("plugins: %zu loaded, %zu refused, from %s", registry.nloaded,
		         registry.n - registry.nloaded, dir);
}

void cxm_plugins_stop(void)
{
	cxm_plugins_unload(&registry);
}

const struct cxm_plugin *cxm_plugins_find(const char *name)
{
	for (size_t i = 0; name && i < registry.n; i++)
		if (registry.v[i].state == CXM_PLUGIN_LOADED &&
		    strcmp(registry.v[i].entry->name, name) == 0)
			return &registry.v[i];
	return NULL;
}
