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
 * - ABI 1.0 is frozen at CXM's first release; before it, it was revised
 *   once, when the metrics work gave metrics their descriptors, settings
 *   and drill-down (no plugin outside this tree existed).
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
	/* A read-only prepared statement (SELECT or WITH) with bound
	 * parameters, restricted to the current business: the text must contain
	 * the marker {business} at least once, and the host replaces every
	 * marker with a placeholder bound to the business id (params bind the
	 * plain ? placeholders, in order, around them). Rows go to fn, cells as
	 * text (NULL for SQL NULL). Times are UTC; compare DATETIME columns
	 * with FROM_UNIXTIME(?) bound to host->period's values. Returns 0, or
	 * non-zero with the reason in err (bad statement, no marker, a database
	 * error; fn stopping early is not an error). fn must not call
	 * host->query itself (one statement at a time per connection). Write
	 * neither ? nor {business} inside string literals. */
	int (*query)(struct cxm_plugin_call *call, const char *sql,
	             const struct cxm_plugin_param *params, size_t nparams,
	             cxm_plugin_row_fn fn, void *ud, char *err, size_t errsize);
	/* This business's value of the plugin's setting key (declared in
	 * entry->settings): the stored value, else the declared default; NULL
	 * for an undeclared key. The string lives in the call's arena. */
	const char *(*config_get)(struct cxm_plugin_call *call, const char *key);
	/* The period being computed, as Unix times [from, to): a closed week,
	 * month, quarter or year in the business's time zone, a custom range,
	 * or the open period up to now. Returns 0, or non-zero outside a
	 * metric computation (init, validate). */
	int (*period)(struct cxm_plugin_call *call, long long *from, long long *to);
};

/* ---- Settings (every kind) -------------------------------------------------
 *
 * A plugin declares its per-business settings; the admin page and
 * `cxmctl plugins config` offer them, the host checks each value against
 * its type and bounds, then asks the plugin's validate (when it has one)
 * about the whole proposed set before anything is stored. config_get
 * returns the stored value or the declared default. */
enum cxm_plugin_setting_type {
	CXM_PLUGIN_SETTING_INT,     /* decimal integer within [min, max] */
	CXM_PLUGIN_SETTING_NUMBER,  /* decimal number within [min, max] */
	CXM_PLUGIN_SETTING_TEXT,    /* at most max bytes of UTF-8 (max 0: 255) */
	CXM_PLUGIN_SETTING_BOOL,    /* "0" or "1" */
	CXM_PLUGIN_SETTING_TYPE_MAX
};
struct cxm_plugin_setting {
	const char *key;           /* [a-z0-9_], at most 63 bytes */
	const char *label;         /* English, short; the host translates it (a msgid) */
	const char *help;          /* English, one sentence, or NULL */
	enum cxm_plugin_setting_type type;
	const char *def;           /* the default, as text; valid for its type */
	double min, max;           /* bounds for INT and NUMBER (both 0: none) */
};

/* ---- Metric calculators (kind CXM_PLUGIN_METRIC) ---------------------------
 *
 * A metric plugin offers one or more metrics (metrics[]: "nps", "csat", ...).
 * For a business and a period (host->period) the host asks compute_metric
 * for one metric, overall (dimension NULL) or broken down by one of the
 * metric's dimensions; the plugin fills out with one row per group. The
 * host stores closed periods in metric_snapshots, draws the cards, trends
 * and tables, and turns group keys of the dimensions it knows (location,
 * staff, service: ids; channel, type, department, defect, age_band, gender,
 * region, source: codes) into labels. drill lists who is behind a number. */

enum cxm_plugin_metric_unit {
	CXM_PLUGIN_UNIT_PERCENT,   /* 0..100 (CSAT, churn, CRR, FCR, SLA, shares) */
	CXM_PLUGIN_UNIT_INDEX,     /* -100..100 (NPS) */
	CXM_PLUGIN_UNIT_SCORE,     /* a mean on the question's scale (CES, CSAT mean) */
	CXM_PLUGIN_UNIT_MONEY,     /* the business's currency (AOV, CLV) */
	CXM_PLUGIN_UNIT_HOURS,     /* durations (ART) */
	CXM_PLUGIN_UNIT_COUNT,     /* a count (complaints) */
	CXM_PLUGIN_UNIT_RATIO,     /* a plain number (purchases per client) */
	CXM_PLUGIN_UNIT_MAX
};

/* A published reference value shown beside the metric (document 001):
 * "NPS above 30 good", "Banks 81 %". */
struct cxm_plugin_benchmark {
	const char *label;         /* English (a msgid): "good", "Banks", "average" */
	double value;              /* in the metric's unit */
};

struct cxm_plugin_metric_info {
	const char *key;           /* [a-z0-9_], unique within the plugin */
	const char *label;         /* English (a msgid): "Net Promoter Score" */
	const char *description;   /* English (a msgid): the formula in words */
	enum cxm_plugin_metric_unit unit;
	int higher_is_better;      /* 1, or 0 for churn, ART, complaint counts */
	int decimals;              /* digits shown after the point */
	/* Breakdowns compute_metric accepts, NULL-terminated (NULL: none). */
	const char *const *dimensions;
	/* Parts drill accepts ("detractors", "lost"), NULL-terminated; drill
	 * with part NULL lists everyone behind the value. NULL: no parts. */
	const char *const *parts;
	const struct cxm_plugin_benchmark *benchmarks;
	size_t nbenchmarks;
};

/* A component of a value: a share or count that explains it (promoters
 * 41.2 % of 85, detractors ...). key is one of info->parts or another
 * stable [a-z0-9_] word; label English (a msgid). */
struct cxm_plugin_metric_part {
	const char *key;
	const char *label;
	double value;              /* in unit below */
	long long n;               /* how many observations fall in the part */
	enum cxm_plugin_metric_unit unit;
};

/* One bar of a distribution (the answers per score, requests per channel). */
struct cxm_plugin_metric_bin {
	const char *key;           /* "0".."10", a channel code, ... */
	long long count;
};

/* One group's value (or the business's, overall). */
struct cxm_plugin_metric_row {
	const char *group;         /* "" overall; the dimension's key otherwise */
	double value;
	long long n;               /* observations behind the value */
	int enough;                /* 0: "not enough data" (n below the plugin's min_n) */
	size_t nparts;
	const struct cxm_plugin_metric_part *parts;
};

/* What compute_metric fills in; all memory from host->alloc. Overall: one
 * row (group ""), and the distribution in bins (may be empty). Broken
 * down: a row per group that has data, in any order; bins unused. */
struct cxm_plugin_metric_out {
	size_t nrows;
	const struct cxm_plugin_metric_row *rows;
	size_t nbins;
	const struct cxm_plugin_metric_bin *bins;
};

/* One person behind a number, for the drill-down list. ref_kind: what
 * ref_id points at: "response" (survey_responses), "feedback", "interaction"
 * or "client" (ref_id = client_id). */
struct cxm_plugin_drill_row {
	long long client_id;       /* 0 when unknown (an anonymous response) */
	const char *ref_kind;
	long long ref_id;
	long long at;              /* Unix time of the fact */
	double score;              /* the score or amount behind it, if any */
	int has_score;
};
typedef int (*cxm_plugin_drill_fn)(void *ud, const struct cxm_plugin_drill_row *row);

struct cxm_plugin_metric_ops {
	uint32_t size;             /* sizeof(struct cxm_plugin_metric_ops) */
	size_t nmetrics;
	const struct cxm_plugin_metric_info *metrics;
	/* Computes metric for the call's business and period. dimension NULL:
	 * overall; otherwise one of the metric's dimensions (and, if the host
	 * passes group non-NULL, only that group: used for drill links).
	 * Returns 0, or non-zero with the reason in err (a failing query: the
	 * host shows the card as unavailable and logs err). */
	int (*compute)(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
	               const char *metric, const char *dimension,
	               struct cxm_plugin_metric_out *out, char *err, size_t errsize);
	/* Optional (NULL: numbers are not clickable). Lists the rows behind
	 * metric in the call's period, restricted to part (NULL: all) and to
	 * dimension = group (both NULL: no restriction), newest first, skipping
	 * offset rows and giving at most limit to fn (which returns non-zero
	 * to stop). Returns 0, or non-zero with the reason in err. */
	int (*drill)(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
	             const char *metric, const char *part, const char *dimension,
	             const char *group, long long limit, long long offset,
	             cxm_plugin_drill_fn fn, void *ud, char *err, size_t errsize);
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
	/* Per-business settings (NULL, 0: none). */
	const struct cxm_plugin_setting *settings;
	size_t nsettings;
	/* Optional. Called with a business's proposed settings (every declared
	 * key, in settings[] order, each already checked against its type and
	 * bounds) before they are stored; returns 0 to accept, or non-zero with
	 * a one-line English reason in err, which the admin sees. */
	int (*validate)(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
	                const char *const *values, size_t nvalues, char *err, size_t errsize);
};

/* What every plugin defines (and nothing else is exported). */
extern const struct cxm_plugin_entry cxm_plugin_entry;

/* The smallest entry the loader accepts: ABI 1.0's. */
#define CXM_PLUGIN_ENTRY_MIN_SIZE \
	(offsetof(struct cxm_plugin_entry, validate) + sizeof(void (*)(void)))

/* The first four members of an entry built against this header. */
#define CXM_PLUGIN_ENTRY_HEADER \
	.magic = CXM_PLUGIN_MAGIC, .abi_major = CXM_PLUGIN_ABI_MAJOR, \
	.abi_minor = CXM_PLUGIN_ABI_MINOR, .size = sizeof(struct cxm_plugin_entry)

#endif
