/* Metric values kept in metric_snapshots, and the job that fills them
 * (metric_snapshots.h). */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "log.h"
#include "metric.h"
#include "metric_snapshots.h"
#include "period.h"
#include "plugin.h"
#include "plugin_settings.h"

const char *const cxm_metric_unit_names[CXM_PLUGIN_UNIT_MAX] = {
	"percent", "index", "score", "money", "hours", "count", "ratio",
};

/* ---- serialising parts and bins ------------------------------------------ */

/* s with tabs and line breaks turned into spaces, onto b. */
static void put_field(struct cxm_buf *b, const char *s)
{
	for (; s && *s; s++)
		cxm_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

static const char *parts_text(struct cxm_arena *a, const struct cxm_plugin_metric_row *r)
{
	if (!r->nparts)
		return NULL;
	struct cxm_buf b;
	cxm_buf_init(&b, a, 256);
	for (size_t i = 0; i < r->nparts; i++) {
		const struct cxm_plugin_metric_part *p = &r->parts[i];
		put_field(&b, p->key);
		cxm_buf_putc(&b, '\t');
		put_field(&b, p->label);
		cxm_buf_printf(&b, "\t%.17g\t%lld\t%s\n", p->value, p->n,
		               (unsigned)p->unit < CXM_PLUGIN_UNIT_MAX ? cxm_metric_unit_names[p->unit] : "ratio");
	}
	return b.data;
}

static const char *bins_text(struct cxm_arena *a, const struct cxm_plugin_metric_out *o)
{
	if (!o->nbins)
		return NULL;
	struct cxm_buf b;
	cxm_buf_init(&b, a, 256);
	for (size_t i = 0; i < o->nbins; i++) {
		put_field(&b, o->bins[i].key);
		cxm_buf_printf(&b, "\t%lld\n", o->bins[i].count);
	}
	return b.data;
}

/* Splits text into lines of exactly ncols tab-separated fields (in place,
 * text is the arena's copy); returns the number of lines, fields in *out. */
static size_t split(struct cxm_arena *a, char *text, size_t ncols, char ***out)
{
	size_t lines = 0;
	for (char *p = text; p && *p; p++)
		if (*p == '\n')
			lines++;
	char **f = cxm_alloc(a, (lines ? lines : 1) * ncols * sizeof(*f));
	size_t n = 0;
	char *line = text;
	while (line && *line) {
		char *end = strchr(line, '\n');
		if (!end)
			break;
		*end = '\0';
		size_t k = 0;
		char *c = line;
		for (; k < ncols && c; k++) {
			f[n * ncols + k] = c;
			char *tab = k + 1 < ncols ? strchr(c, '\t') : NULL;
			if (tab)
				*tab++ = '\0';
			c = tab;
		}
		if (k == ncols && f[n * ncols + ncols - 1])
			n++;
		line = end + 1;
	}
	*out = f;
	return n;
}

static int unit_of(const char *s)
{
	for (int u = 0; u < CXM_PLUGIN_UNIT_MAX; u++)
		if (strcmp(s, cxm_metric_unit_names[u]) == 0)
			return u;
	return CXM_PLUGIN_UNIT_RATIO;
}

static void parse_parts(struct cxm_arena *a, const char *text, struct cxm_plugin_metric_row *r)
{
	r->nparts = 0;
	r->parts = NULL;
	if (!text)
		return;
	char **f;
	size_t n = split(a, cxm_strdup(a, text), 5, &f);
	struct cxm_plugin_metric_part *p = cxm_zalloc(a, (n ? n : 1) * sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		p[i].key = f[i * 5];
		p[i].label = f[i * 5 + 1];
		p[i].value = strtod(f[i * 5 + 2], NULL);
		p[i].n = strtoll(f[i * 5 + 3], NULL, 10);
		p[i].unit = (enum cxm_plugin_metric_unit)unit_of(f[i * 5 + 4]);
	}
	r->parts = p;
	r->nparts = n;
}

static void parse_bins(struct cxm_arena *a, const char *text, struct cxm_plugin_metric_out *o)
{
	o->nbins = 0;
	o->bins = NULL;
	if (!text)
		return;
	char **f;
	size_t n = split(a, cxm_strdup(a, text), 2, &f);
	struct cxm_plugin_metric_bin *b = cxm_zalloc(a, (n ? n : 1) * sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		b[i].key = f[i * 2];
		b[i].count = strtoll(f[i * 2 + 1], NULL, 10);
	}
	o->bins = b;
	o->nbins = n;
}

/* ---- the store ------------------------------------------------------------- */

#define KEY_WHERE \
	" WHERE business_id = ? AND plugin = ? AND metric = ? AND period_kind = ?" \
	" AND period_start = FROM_UNIXTIME(?) AND dimension = ?"

/* The stored value of one (metric, period, dimension): 1 found (into out,
 * the time it was computed into *computed_at), 0 not there (or computed
 * before fresh_after), -1 database error. */
static int load(struct cxm_db *db, struct cxm_arena *a, long long biz, const char *plugin,
                const char *metric, const struct cxm_period *p, const char *dim, int closed,
                long long fresh_after, struct cxm_plugin_metric_out *out, long long *computed_at)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT group_key, value, n, enough, parts, bins,"
	                 " CAST(FLOOR(UNIX_TIMESTAMP(computed_at)) AS SIGNED) FROM metric_snapshots" KEY_WHERE
	                 " AND closed = ? AND computed_at >= FROM_UNIXTIME(?) ORDER BY group_key",
	                 CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(plugin), CXM_PSTR(metric),
	                            CXM_PSTR(cxm_period_kind_names[p->kind]), CXM_PINT(p->from),
	                            CXM_PSTR(dim), CXM_PINT(closed), CXM_PINT(fresh_after)),
	                 &r) != CXM_OK) {
		cxm_error("metric snapshots of business %lld: %s", biz, cxm_db_error(db));
		return -1;
	}
	if (!r.nrows)
		return 0;
	memset(out, 0, sizeof(*out));
	struct cxm_plugin_metric_row *rows = cxm_zalloc(a, r.nrows * sizeof(*rows));
	size_t n = 0;
	int marker = 0;
	*computed_at = cxm_rows_int(&r, 0, 6, 0);
	for (size_t i = 0; i < r.nrows; i++) {
		const char *g = cxm_rows_get(&r, i, 0);
		if (*dim && !*g) {
			marker = 1;   /* the breakdown was computed */
			continue;
		}
		rows[n].group = g;
		rows[n].value = strtod(cxm_rows_get(&r, i, 1), NULL);
		rows[n].n = cxm_rows_int(&r, i, 2, 0);
		rows[n].enough = cxm_rows_int(&r, i, 3, 0) != 0;
		parse_parts(a, cxm_rows_get(&r, i, 4), &rows[n]);
		if (!*dim)
			parse_bins(a, cxm_rows_get(&r, i, 5), out);
		n++;
	}
	if (*dim && !marker)
		return 0;   /* groups without their marker: not a whole breakdown */
	if (!*dim && n != 1)
		return 0;
	out->rows = rows;
	out->nrows = n;
	return 1;
}

/* Replaces the stored value of (metric, period, dimension) with out. */
static void store(struct cxm_db *db, struct cxm_arena *a, long long biz, const char *plugin,
                  const char *metric, const struct cxm_period *p, const char *dim, int closed,
                  long long now, const struct cxm_plugin_metric_out *out)
{
	int own = !cxm_db_in_transaction(db);
	const char *kind = cxm_period_kind_names[p->kind];
	if (own && cxm_db_begin(db) != CXM_OK)
		goto fail;
	if (cxm_db_exec(db, "DELETE FROM metric_snapshots" KEY_WHERE,
	                CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(plugin), CXM_PSTR(metric), CXM_PSTR(kind),
	                           CXM_PINT(p->from), CXM_PSTR(dim)),
	                NULL, NULL) != CXM_OK)
		goto fail;
	static const char insert[] =
		"INSERT INTO metric_snapshots (business_id, plugin, metric, period_kind, period_start,"
		" period_end, dimension, group_key, value, n, enough, parts, bins, closed, computed_at)"
		" VALUES (?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?))";
	size_t stored = 0;
	for (size_t i = 0; i < out->nrows; i++) {
		const struct cxm_plugin_metric_row *r = &out->rows[i];
		if (*dim && !*r->group)
			continue;   /* '' is the marker's key */
		const char *parts = parts_text(a, r), *bins = *dim ? NULL : bins_text(a, out);
		if (cxm_db_exec(db, insert,
		                CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(plugin), CXM_PSTR(metric), CXM_PSTR(kind),
		                           CXM_PINT(p->from), CXM_PINT(p->to), CXM_PSTR(dim),
		                           CXM_PSTRN(r->group, strnlen(r->group, 64)), CXM_PDBL(r->value),
		                           CXM_PINT(r->n), CXM_PINT(r->enough ? 1 : 0),
		                           parts ? CXM_PSTR(parts) : CXM_PNULL, bins ? CXM_PSTR(bins) : CXM_PNULL,
		                           CXM_PINT(closed), CXM_PINT(now)),
		                NULL, NULL) != CXM_OK)
			goto fail;
		stored++;
	}
	if (*dim &&
	    cxm_db_exec(db, insert,
	                CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(plugin), CXM_PSTR(metric), CXM_PSTR(kind),
	                           CXM_PINT(p->from), CXM_PINT(p->to), CXM_PSTR(dim), CXM_PSTR(""),
	                           CXM_PDBL(0), CXM_PINT((long long)stored), CXM_PINT(0), CXM_PNULL,
	                           CXM_PNULL, CXM_PINT(closed), CXM_PINT(now)),
	                NULL, NULL) != CXM_OK)
		goto fail;
	if (own && cxm_db_commit(db) != CXM_OK)
		goto fail;
	return;
fail:
	/* another process storing the same value at once, say: it is shown
	 * anyway and stored next time */
	cxm_warn("metric snapshot %s/%s of business %lld not stored: %s", plugin, metric, biz,
	         cxm_db_error(db));
	if (own && cxm_db_in_transaction(db))
		cxm_db_rollback(db);
}

/* cxm_snapshot_get and, with may_compute 0, cxm_snapshot_peek. */
static enum cxm_err snapshot_get(struct cxm_db *db, struct cxm_arena *a,
                                 const struct cxm_business_plugin *bp, long long business_id,
                                 const char *metric, const struct cxm_period *p,
                                 const char *dimension, long long now,
                                 struct cxm_plugin_metric_out *out, int *stored,
                                 long long *stale, int may_compute, char *err, size_t errsize)
{
	const char *name = bp->plugin->entry->name, *dim = dimension ? dimension : "";
	int dummy;
	long long no_stale;
	if (!stored)
		stored = &dummy;
	if (!stale)
		stale = &no_stale;
	*stored = 0;
	*stale = 0;
	*err = '\0';
	memset(out, 0, sizeof(*out));
	struct cxm_metric_scope scope = {.business_id = business_id, .settings = bp->settings,
	                                 .from = p->from, .to = p->to};
	int keep = p->kind != CXM_PERIOD_CUSTOM && p->from <= now;
	int closed = p->to <= now;
	if (keep) {
		/* closed: any stored row; open overall: any too (the job keeps it
		 * fresh); open breakdown: a fresh one only */
		long long at = 0, fresh_after = closed || !*dim ? 0 : now - CXM_SNAPSHOT_OPEN_TTL;
		int got = load(db, a, business_id, name, metric, p, dim, closed, fresh_after, out, &at);
		if (got < 0)
			return CXM_ERR_DB;
		if (got) {
			*stored = 1;
			if (!closed && at < now - CXM_SNAPSHOT_OPEN_TTL)
				*stale = at;
			return CXM_OK;
		}
		if (!closed)
			scope.to = now;
	}
	if (!may_compute) {
		snprintf(err, errsize, "not stored yet");
		return CXM_ERR_NOT_FOUND;
	}
	enum cxm_err rc = cxm_metric_compute(db, a, bp->plugin, &scope, metric, dimension, NULL, out,
	                                     err, errsize);
	if (rc != CXM_OK)
		return rc;
	if (keep)
		store(db, a, business_id, name, metric, p, dim, closed, now, out);
	return CXM_OK;
}

enum cxm_err cxm_snapshot_get(struct cxm_db *db, struct cxm_arena *a,
                              const struct cxm_business_plugin *bp, long long business_id,
                              const char *metric, const struct cxm_period *p,
                              const char *dimension, long long now,
                              struct cxm_plugin_metric_out *out, int *stored,
                              long long *stale, char *err, size_t errsize)
{
	return snapshot_get(db, a, bp, business_id, metric, p, dimension, now, out, stored, stale, 1, err,
	                    errsize);
}

enum cxm_err cxm_snapshot_peek(struct cxm_db *db, struct cxm_arena *a,
                               const struct cxm_business_plugin *bp, long long business_id,
                               const char *metric, const struct cxm_period *p,
                               const char *dimension, long long now,
                               struct cxm_plugin_metric_out *out, long long *stale)
{
	char err[64];
	return snapshot_get(db, a, bp, business_id, metric, p, dimension, now, out, NULL, stale, 0, err,
	                    sizeof(err));
}

enum cxm_err cxm_snapshot_delete(struct cxm_db *db, long long business_id, uint64_t *deleted)
{
	uint64_t n = 0;
	enum cxm_err rc = cxm_db_exec(db, "DELETE FROM metric_snapshots WHERE business_id = ?",
	                              CXM_PARAMS(CXM_PINT(business_id)), &n, NULL);
	if (deleted)
		*deleted = rc == CXM_OK ? n : 0;
	return rc;
}

/* ---- the job ------------------------------------------------------------------ */

static const enum cxm_period_kind job_kinds[] = {
	CXM_PERIOD_WEEK, CXM_PERIOD_MONTH, CXM_PERIOD_QUARTER, CXM_PERIOD_YEAR,
};
#define NKINDS (sizeof(job_kinds) / sizeof(job_kinds[0]))

/* One business of a run: what it has on and what was done for it. */
struct job_biz {
	long long id;
	const char *slug;
	struct cxm_business_plugin *bps;
	size_t nbp;
	struct cxm_period open[NKINDS];
	long long closed, refreshed, left, closed_left, failed;
};

/* What kind of value is due, in the order the job computes them. */
enum due_class {
	DUE_OPEN_MISSING,   /* the current value, never computed */
	DUE_CLOSED,         /* a closed period's value, not stored yet */
	DUE_OPEN_STALE,     /* the current value, older than the TTL */
};

/* A value that is due: its business, plugin, metric and period; for an
 * open one when it was computed (-1: never), for a closed one how many
 * periods back it lies (0: the one that has just closed). */
struct job_due {
	struct job_biz *b;
	const struct cxm_business_plugin *bp;
	const char *metric;
	struct cxm_period p;
	enum due_class cls;
	long long computed_at;
	size_t back, seq;
};

struct job_dues {
	struct job_due *v;
	size_t n, cap;
};

/* The current values never computed first (every card has a value), then
 * the closed periods newest first (the trends fill from their right-hand
 * end; a few periods back in every kind before older ones), then the
 * stale current values, oldest first; otherwise in the order found. */
static int by_priority(const void *x, const void *y)
{
	const struct job_due *a = x, *b = y;
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	if (a->cls == DUE_CLOSED && a->back != b->back)
		return a->back < b->back ? -1 : 1;
	if (a->cls == DUE_OPEN_STALE && a->computed_at != b->computed_at)
		return a->computed_at < b->computed_at ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void due_add(struct job_dues *d, const struct job_due *x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
		if (!d->v)
			abort();
	}
	d->v[d->n] = *x;
	d->v[d->n].seq = d->n;
	d->n++;
}

/* What one business has due: the closed periods' values not stored yet
 * and the open values missing or older than the TTL, added to *dues.
 * 0, or -1 on a database error. b->bps live in keep. */
static int job_business(struct cxm_db *db, struct cxm_arena *keep, struct job_biz *b, const char *tz,
                        long long now, struct job_dues *dues)
{
	struct cxm_arena *a = cxm_arena_new(64 * 1024);
	long long biz = b->id;
	if (cxm_plugins_for_business(db, keep, biz, CXM_PLUGIN_METRIC, &b->bps, &b->nbp) != CXM_OK) {
		cxm_arena_free(a);
		return -1;
	}
	struct cxm_period series[CXM_SNAPSHOT_JOB_PERIODS];
	for (size_t k = 0; k < NKINDS; k++) {
		struct cxm_period *open = &b->open[k], last;
		if (cxm_period_at(tz, job_kinds[k], now, open) != CXM_OK ||
		    cxm_period_step(tz, open, -1, &last) != CXM_OK ||
		    cxm_period_series(tz, &last, CXM_SNAPSHOT_JOB_PERIODS, series) != CXM_OK) {
			cxm_warn("metric snapshots: business %lld: time zone %s cannot be used", biz, tz);
			b->nbp = 0;   /* nor its open periods */
			cxm_arena_free(a);
			return 0;
		}
		for (size_t i = 0; i < b->nbp; i++) {
			const struct cxm_plugin *pl = b->bps[i].plugin;
			const struct cxm_plugin_metric_ops *ops = pl->entry->ops;
			for (size_t m = 0; ops && m < ops->nmetrics; m++) {
				const char *metric = ops->metrics[m].key;
				struct cxm_rows have;
				if (cxm_db_query(db, a,
				                 "SELECT UNIX_TIMESTAMP(period_start) FROM metric_snapshots"
				                 " WHERE business_id = ? AND plugin = ? AND metric = ? AND period_kind = ?"
				                 " AND period_start >= FROM_UNIXTIME(?) AND period_start < FROM_UNIXTIME(?)"
				                 " AND dimension = '' AND group_key = '' AND closed = 1",
				                 CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(pl->entry->name), CXM_PSTR(metric),
				                            CXM_PSTR(cxm_period_kind_names[job_kinds[k]]),
				                            CXM_PINT(series[0].from), CXM_PINT(last.to)),
				                 &have) != CXM_OK) {
					cxm_arena_free(a);
					return -1;
				}
				for (size_t s = 0; s < CXM_SNAPSHOT_JOB_PERIODS; s++) {
					int stored = 0;
					for (size_t h = 0; h < have.nrows && !stored; h++)
						stored = cxm_rows_int(&have, h, 0, -1) == series[s].from;
					if (stored)
						continue;
					struct job_due d = {.b = b, .bp = &b->bps[i], .metric = metric, .p = series[s],
					                    .cls = DUE_CLOSED, .computed_at = -1,
					                    .back = CXM_SNAPSHOT_JOB_PERIODS - 1 - s};
					due_add(dues, &d);
				}
			}
		}
	}
	/* the open values stored now, and when they were computed */
	struct cxm_rows open;
	if (cxm_db_query(db, a,
	                 "SELECT plugin, metric, period_kind, UNIX_TIMESTAMP(period_start),"
	                 " CAST(FLOOR(UNIX_TIMESTAMP(computed_at)) AS SIGNED) FROM metric_snapshots"
	                 " WHERE business_id = ? AND dimension = '' AND group_key = '' AND closed = 0",
	                 CXM_PARAMS(CXM_PINT(biz)), &open) != CXM_OK) {
		cxm_arena_free(a);
		return -1;
	}
	for (size_t i = 0; i < b->nbp; i++) {
		const char *name = b->bps[i].plugin->entry->name;
		const struct cxm_plugin_metric_ops *ops = b->bps[i].plugin->entry->ops;
		for (size_t m = 0; ops && m < ops->nmetrics; m++)
			for (size_t k = 0; k < NKINDS; k++) {
				struct job_due d = {.b = b, .bp = &b->bps[i], .metric = ops->metrics[m].key,
				                    .p = b->open[k], .cls = DUE_OPEN_MISSING, .computed_at = -1};
				for (size_t r = 0; r < open.nrows && d.computed_at < 0; r++)
					if (strcmp(cxm_rows_get(&open, r, 0), name) == 0 &&
					    strcmp(cxm_rows_get(&open, r, 1), d.metric) == 0 &&
					    strcmp(cxm_rows_get(&open, r, 2), cxm_period_kind_names[job_kinds[k]]) == 0 &&
					    cxm_rows_int(&open, r, 3, -1) == b->open[k].from) {
						d.computed_at = cxm_rows_int(&open, r, 4, 0);
						d.cls = DUE_OPEN_STALE;
					}
				/* fresh as cxm_snapshot_get counts it: not due */
				if (d.computed_at >= now - CXM_SNAPSHOT_OPEN_TTL)
					continue;
				due_add(dues, &d);
			}
	}
	cxm_arena_free(a);
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Computes the due values in order of priority while the budget lasts
 * and no stop is asked for: a closed one through cxm_snapshot_get (which
 * stores it), an open one over [from, now). 0, or -1 on a database
 * error. */
static int job_refresh(struct cxm_db *db, struct job_dues *dues, long long now, long long budget,
                       const volatile sig_atomic_t *stop, const struct timespec *t0,
                       int *out_of_budget)
{
	qsort(dues->v, dues->n, sizeof(*dues->v), by_priority);
	for (size_t i = 0; i < dues->n; i++) {
		struct job_due *d = &dues->v[i];
		if (seconds_since(t0) >= (double)budget || (stop && *stop)) {
			*out_of_budget = 1;
			for (; i < dues->n; i++) {
				if (dues->v[i].cls == DUE_CLOSED)
					dues->v[i].b->closed_left++;
				else
					dues->v[i].b->left++;
			}
			break;
		}
		struct cxm_arena *a = cxm_arena_new(64 * 1024);
		struct cxm_plugin_metric_out out;
		char err[256];
		enum cxm_err rc;
		if (d->cls == DUE_CLOSED) {
			int from_store = 0;
			rc = cxm_snapshot_get(db, a, d->bp, d->b->id, d->metric, &d->p, NULL, now, &out,
			                      &from_store, NULL, err, sizeof(err));
			if (rc == CXM_OK && !from_store)
				d->b->closed++;
		} else {
			struct cxm_metric_scope scope = {.business_id = d->b->id, .settings = d->bp->settings,
			                                 .from = d->p.from, .to = now};
			rc = cxm_metric_compute(db, a, d->bp->plugin, &scope, d->metric, NULL, NULL, &out, err,
			                        sizeof(err));
			if (rc == CXM_OK) {
				store(db, a, d->b->id, d->bp->plugin->entry->name, d->metric, &d->p, "", 0, now, &out);
				d->b->refreshed++;
			}
		}
		if (rc == CXM_ERR_DB) {
			cxm_arena_free(a);
			return -1;
		}
		if (rc != CXM_OK)
			d->b->failed++;
		cxm_arena_free(a);
	}
	return 0;
}

long long cxm_snapshot_job(struct cxm_db *db, long long now, long long budget,
                           const volatile sig_atomic_t *stop, struct cxm_snapshot_job_stats *stats)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct cxm_snapshot_job_stats dummy;
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	struct cxm_arena *a = cxm_arena_new(16 * 1024);
	struct cxm_rows r;
	struct job_dues dues = {0};
	long long total = -1;
	if (cxm_db_query(db, a, "SELECT id, slug, timezone FROM businesses ORDER BY id", CXM_NOPARAMS, &r) !=
	    CXM_OK) {
		cxm_error("metric snapshots: %s", cxm_db_error(db));
		goto out;
	}
	struct job_biz *bs = cxm_zalloc(a, (r.nrows ? r.nrows : 1) * sizeof(*bs));
	for (size_t i = 0; i < r.nrows; i++) {
		bs[i].id = cxm_rows_int(&r, i, 0, 0);
		bs[i].slug = cxm_rows_get(&r, i, 1);
		if (job_business(db, a, &bs[i], cxm_rows_get(&r, i, 2), now, &dues) < 0) {
			cxm_error("metric snapshots: business %lld: %s", bs[i].id, cxm_db_error(db));
			goto out;
		}
	}
	if (job_refresh(db, &dues, now, budget, stop, &t0, &stats->out_of_budget) < 0) {
		cxm_error("metric snapshots: %s", cxm_db_error(db));
		goto out;
	}
	for (size_t i = 0; i < r.nrows; i++) {
		const struct job_biz *b = &bs[i];
		if (b->closed || b->refreshed || b->left || b->closed_left || b->failed)
			cxm_info("metric snapshots: business %lld (%s): %lld closed computed, %lld open refreshed,"
			         " %lld failed%s",
			         b->id, b->slug, b->closed, b->refreshed, b->failed,
			         b->left || b->closed_left
			                 ? cxm_printf(a, "; %s, %lld closed and %lld open left for the next run",
			                              stop && *stop ? "stopped" : "time budget used up",
			                              b->closed_left, b->left)
			                 : "");
		stats->closed += b->closed;
		stats->refreshed += b->refreshed;
		stats->left += b->left;
		stats->closed_left += b->closed_left;
		stats->failed += b->failed;
	}
	total = stats->closed + stats->refreshed;
out:
	free(dues.v);
	cxm_arena_free(a);
	return total;
}
