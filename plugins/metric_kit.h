/* metric_kit.h: small helpers the metric plugins share (reading cells and
 * min_n, failing with a reason, binding parameters, keyed tables of
 * groups, filling result rows, emitting drill rows). Header-only: each
 * plugin is its own .so that links nothing but libc, so every helper is
 * static inline and needs only cxm/plugin.h. See docs/plugins.md.
 *
 * Contract, for every helper below:
 * - memory comes from host->alloc for the current call and lives until the
 *   call ends (never keep it past the call; nothing is freed by hand);
 * - a helper that can fail returns 0 on success and 1 on failure, with a
 *   one-line reason in err (errsize bytes, always NUL-terminated);
 * - nothing here keeps state between calls.
 */
#ifndef CXM_METRIC_KIT_H
#define CXM_METRIC_KIT_H

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxm/plugin.h"

/* Marks the strings the host translates (po/extract.sh reads this header
 * too); the same definition the plugins make. */
#ifndef N_
#define N_(s) s
#endif

/* The min_n a plugin falls back on when the setting is unreadable, and
 * the setting's declared default. */
#define CXM_KIT_DEFAULT_MIN_N 30
#define CXM_KIT_STR_(x) #x
#define CXM_KIT_STR(x) CXM_KIT_STR_(x)

/* The "min_n" setting every metric plugin declares, an element of its
 * settings[]: the sample below which a value is "not enough data". */
#define CXM_KIT_MIN_N_SETTING \
	{ \
		.key = "min_n", \
		.label = N_("Minimum sample"), \
		.help = N_("A value computed from fewer observations is shown as not enough data."), \
		.type = CXM_PLUGIN_SETTING_INT, \
		.def = CXM_KIT_STR(CXM_KIT_DEFAULT_MIN_N), \
		.min = 1, \
		.max = 100000, \
	}

/* Writes why into err and returns 1, for "return cxm_kit_fail(...)". */
static inline int cxm_kit_fail(char *err, size_t errsize, const char *why)
{
	snprintf(err, errsize, "%s", why);
	return 1;
}

/* Reads a cell as a decimal integer into *out. Returns 1, or 0 for SQL
 * NULL, an empty cell or anything after the digits (*out then unspecified). */
static inline int cxm_kit_num(const char *cell, long long *out)
{
	char *end;
	if (!cell || !*cell)
		return 0;
	*out = strtoll(cell, &end, 10);
	return *end == '\0';
}

/* part as a percentage of whole (0 when whole is 0). */
static inline double cxm_kit_pct(long long part, long long whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

/* The business's "min_n" setting (the host has checked its bounds), or
 * CXM_KIT_DEFAULT_MIN_N if it is somehow unreadable. */
static inline long long cxm_kit_min_n(const struct cxm_plugin_host *host,
                                      struct cxm_plugin_call *call)
{
	const char *v = host->config_get(call, "min_n");
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 0;
	return v && *v && !*end && n >= 1 ? n : CXM_KIT_DEFAULT_MIN_N;
}

/* The index of key in the plugin's metrics[n], or n if it has none. */
static inline size_t cxm_kit_metric_index(const struct cxm_plugin_metric_info *metrics, size_t n,
                                          const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(key, metrics[i].key) == 0)
			return i;
	return n;
}

/* The record of table[n] (records of size bytes, each beginning with a
 * const char *name) whose name is name, NULL matching NULL (the overall
 * breakdown); NULL if there is none. */
static inline const void *cxm_kit_named(const void *table, size_t n, size_t size, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		const void *rec = (const char *)table + i * size;
		const char *rname = *(const char *const *)rec;
		if ((!name && !rname) || (name && rname && strcmp(name, rname) == 0))
			return rec;
	}
	return NULL;
}

/* The checks every compute and drill starts with, in this order: the
 * metric is known (metric_ok), the breakdown is (breakdown_ok), and the
 * call has a period, written to *from and *to. Returns 0, or 1 with
 * "unknown metric", "unknown breakdown" or "no period" in err. */
static inline int cxm_kit_begin(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                                int metric_ok, int breakdown_ok, long long *from, long long *to,
                                char *err, size_t errsize)
{
	if (!metric_ok)
		return cxm_kit_fail(err, errsize, "unknown metric");
	if (!breakdown_ok)
		return cxm_kit_fail(err, errsize, "unknown breakdown");
	if (host->period(call, from, to) != 0)
		return cxm_kit_fail(err, errsize, "no period");
	return 0;
}

/* ---- parameters ------------------------------------------------------------ */

#define CXM_KIT_MAX_PARAMS 8

/* The parameters of one statement, bound in the order they are added.
 * Start with struct cxm_kit_params ps = {0}. Adding more than
 * CXM_KIT_MAX_PARAMS is a programmer's mistake (asserted; without
 * assertions the extra ones are dropped, and host->query then fails on
 * the count). */
struct cxm_kit_params {
	struct cxm_plugin_param p[CXM_KIT_MAX_PARAMS];
	size_t n;
};

static inline void cxm_kit_add_int(struct cxm_kit_params *ps, long long i)
{
	assert(ps->n < CXM_KIT_MAX_PARAMS);
	if (ps->n < CXM_KIT_MAX_PARAMS)
		ps->p[ps->n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = i};
}

/* s NULL binds SQL NULL. */
static inline void cxm_kit_add_text(struct cxm_kit_params *ps, const char *s)
{
	assert(ps->n < CXM_KIT_MAX_PARAMS);
	if (ps->n < CXM_KIT_MAX_PARAMS)
		ps->p[ps->n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = s};
}

/* A drill's part filter, written "(? IS NULL OR <part of the row> = ?)":
 * part twice (NULL: every part). */
static inline void cxm_kit_add_part(struct cxm_kit_params *ps, const char *part)
{
	cxm_kit_add_text(ps, part);
	cxm_kit_add_text(ps, part);
}

/* A drill's page, written "LIMIT ? OFFSET ?": negative values bind 0. */
static inline void cxm_kit_add_page(struct cxm_kit_params *ps, long long limit, long long offset)
{
	cxm_kit_add_int(ps, limit > 0 ? limit : 0);
	cxm_kit_add_int(ps, offset > 0 ? offset : 0);
}

/* Runs sql with ps, each row to fn(ud, ...). A row callback that meets
 * cells it cannot read sets *bad and stops; then this fails with what
 * ("unexpected cells in ..."). Returns 0, or 1 with host->query's reason
 * or what in err. */
static inline int cxm_kit_query(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                                const char *sql, const struct cxm_kit_params *ps,
                                cxm_plugin_row_fn fn, void *ud, const int *bad, const char *what,
                                char *err, size_t errsize)
{
	if (host->query(call, sql, ps->p, ps->n, fn, ud, err, errsize) != 0)
		return 1;
	if (*bad)
		return cxm_kit_fail(err, errsize, what);
	return 0;
}

/* ---- keyed tables (groups, CSI parameters) ----------------------------------- */

/* A growing array of records of one type, each beginning with its key
 * (const char *key as the first member), in the call's arena. A zeroed
 * struct is an empty table. */
struct cxm_kit_keyed {
	void *v;
	size_t n, cap, size;
};

/* Record i (< t->n) of t. */
static inline void *cxm_kit_keyed_at(const struct cxm_kit_keyed *t, size_t i)
{
	return (char *)t->v + i * t->size;
}

/* The record of t whose key is key, added (zeroed, with a copy of key) if
 * there is none; records are of size bytes (the same size on every call
 * for one table). Rows grouped by their key find the last record first.
 * Pointers to records stay valid until the next record is added. */
static inline void *cxm_kit_keyed_get(const struct cxm_plugin_host *host,
                                      struct cxm_plugin_call *call, struct cxm_kit_keyed *t,
                                      size_t size, const char *key)
{
	t->size = size;
	if (t->n && strcmp(*(const char **)cxm_kit_keyed_at(t, t->n - 1), key) == 0)
		return cxm_kit_keyed_at(t, t->n - 1);
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(*(const char **)cxm_kit_keyed_at(t, i), key) == 0)
			return cxm_kit_keyed_at(t, i);
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 8;
		void *nv = host->alloc(call, nc * size);
		if (t->n)
			memcpy(nv, t->v, t->n * size);
		t->v = nv;
		t->cap = nc;
	}
	void *rec = cxm_kit_keyed_at(t, t->n++);
	memset(rec, 0, size);
	*(const char **)rec = host->strdup(call, key);
	return rec;
}

/* ---- a compute's tally --------------------------------------------------------- */

/* What every compute keeps while rows arrive: the call, min_n (need), its
 * groups (records beginning with const char *key) and whether a row
 * could not be read. A plugin's tally struct begins with this one. */
struct cxm_kit_tally {
	const struct cxm_plugin_host *host;
	struct cxm_plugin_call *call;
	long long need;
	struct cxm_kit_keyed groups;
	int bad;
};

/* A zeroed tally of size bytes (the plugin's struct, which begins with a
 * struct cxm_kit_tally) for this call, from the call's arena. */
static inline void *cxm_kit_tally_new(const struct cxm_plugin_host *host,
                                      struct cxm_plugin_call *call, size_t size)
{
	assert(size >= sizeof(struct cxm_kit_tally));
	struct cxm_kit_tally *t = host->alloc(call, size);
	memset(t, 0, size);
	t->host = host;
	t->call = call;
	return t;
}

/* The group of t whose key is key (added zeroed if new); records of size
 * bytes. See cxm_kit_keyed_get. */
static inline void *cxm_kit_group(struct cxm_kit_tally *t, size_t size, const char *key)
{
	return cxm_kit_keyed_get(t->host, t->call, &t->groups, size, key);
}

/* ---- result rows -------------------------------------------------------------- */

static inline struct cxm_plugin_metric_part cxm_kit_part(const char *key, const char *label,
                                                         double value, long long n,
                                                         enum cxm_plugin_metric_unit unit)
{
	struct cxm_plugin_metric_part p = {key, label, value, n, unit};
	return p;
}

/* Starts row for the group key (NULL: "") with n observations, enough
 * when n reaches need, and no parts yet; returns room for maxparts parts,
 * which row->parts points at (the caller fills them and sets nparts). */
static inline struct cxm_plugin_metric_part *cxm_kit_row_start(const struct cxm_plugin_host *host,
                                                               struct cxm_plugin_call *call,
                                                               struct cxm_plugin_metric_row *row,
                                                               const char *key, long long n,
                                                               long long need, size_t maxparts)
{
	struct cxm_plugin_metric_part *p = host->alloc(call, (maxparts ? maxparts : 1) * sizeof(*p));
	row->group = key ? key : "";
	row->n = n;
	row->enough = n >= need;
	row->parts = p;
	row->nparts = 0;
	return p;
}

/* Fills row from group (a record of t->groups; NULL: no data) for the
 * plugin's tally t. */
typedef void (*cxm_kit_fill_fn)(struct cxm_kit_tally *t, struct cxm_plugin_metric_row *row,
                                const void *group);

/* Puts compute's rows into out: overall, one row (group "") filled from
 * the first group, or from none when there is no group; broken down, a
 * row per group in t->groups' order. Bins are the caller's. */
static inline void cxm_kit_rows(struct cxm_kit_tally *t, struct cxm_plugin_metric_out *out,
                                int overall, cxm_kit_fill_fn fill)
{
	size_t ng = t->groups.n;
	if (overall) {
		struct cxm_plugin_metric_row *row = t->host->alloc(t->call, sizeof(*row));
		fill(t, row, ng ? cxm_kit_keyed_at(&t->groups, 0) : NULL);
		row->group = "";
		out->rows = row;
		out->nrows = 1;
		return;
	}
	struct cxm_plugin_metric_row *rows = t->host->alloc(t->call, (ng ? ng : 1) * sizeof(*rows));
	for (size_t i = 0; i < ng; i++)
		fill(t, &rows[i], cxm_kit_keyed_at(&t->groups, i));
	out->rows = rows;
	out->nrows = ng;
}

/* ---- drill-down ------------------------------------------------------------------ */

/* What a drill's row callback needs: where rows go, and whether a row
 * could not be read (then the callback stops and the drill fails). */
struct cxm_kit_drill {
	cxm_plugin_drill_fn fn;
	void *ud;
	int with_score;   /* the plugin's own use (e.g. whether rows carry a score) */
	int bad;
};

/* Reads the cells every drill statement begins with: client (0 when
 * anonymous), the item's id and the Unix time ("1767225600.000000"), into
 * a row of ref_kind with no score; there must be ncells == want cells.
 * Returns 1, or 0 (and sets d->bad) when they cannot be read. */
static inline int cxm_kit_drill_lead(struct cxm_kit_drill *d, const char *const *cells,
                                     size_t ncells, size_t want, const char *ref_kind,
                                     struct cxm_plugin_drill_row *row)
{
	long long client, id;
	if (ncells != want || want < 3 || !cxm_kit_num(cells[0], &client) ||
	    !cxm_kit_num(cells[1], &id) || !cells[2]) {
		d->bad = 1;
		return 0;
	}
	*row = (struct cxm_plugin_drill_row){
		.client_id = client,
		.ref_kind = ref_kind,
		.ref_id = id,
		.at = strtoll(cells[2], NULL, 10),
	};
	return 1;
}

#endif
