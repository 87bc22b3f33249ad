/* Metric values kept in metric_snapshots, and the job that fills them
 * (metric_snapshots.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The stored value of one (metric, period, dimension): 1 found (into out),
 * 0 not there (or too old), -1 database error. */
static int load(struct cxm_db *db, struct cxm_arena *a, long long biz, const char *plugin,
                const char *metric, const struct cxm_period *p, const char *dim, int closed,
                long long fresh_after, struct cxm_plugin_metric_out *out)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT group_key, value, n, enough, parts, bins FROM metric_snapshots" KEY_WHERE
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

enum cxm_err cxm_snapshot_get(struct cxm_db *db, struct cxm_arena *a,
                              const struct cxm_business_plugin *bp, long long business_id,
                              const char *metric, const struct cxm_period *p,
                              const char *dimension, long long now,
                              struct cxm_plugin_metric_out *out, int *stored, char *err,
                              size_t errsize)
{
	const char *name = bp->plugin->entry->name, *dim = dimension ? dimension : "";
	int dummy;
	if (!stored)
		stored = &dummy;
	*stored = 0;
	*err = '\0';
	memset(out, 0, sizeof(*out));
	struct cxm_metric_scope scope = {.business_id = business_id, .settings = bp->settings,
	                                 .from = p->from, .to = p->to};
	int keep = p->kind != CXM_PERIOD_CUSTOM && p->from <= now;
	int closed = p->to <= now;
	if (keep) {
		int got = load(db, a, business_id, name, metric, p, dim, closed,
		               closed ? 0 : now - CXM_SNAPSHOT_OPEN_TTL, out);
		if (got < 0)
			return CXM_ERR_DB;
		if (got) {
			*stored = 1;
			return CXM_OK;
		}
		if (!closed)
			scope.to = now;
	}
	enum cxm_err rc = cxm_metric_compute(db, a, bp->plugin, &scope, metric, dimension, NULL, out,
	                                     err, errsize);
	if (rc != CXM_OK)
		return rc;
	if (keep)
		store(db, a, business_id, name, metric, p, dim, closed, now, out);
	return CXM_OK;
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

/* The periods of one business: computes what is missing. Returns the
 * number computed (*failed counts plugin failures), or -1 on a database
 * error. */
static long long job_business(struct cxm_db *db, long long biz, const char *tz, long long now,
                              long long *failed)
{
	struct cxm_arena *a = cxm_arena_new(64 * 1024);
	struct cxm_business_plugin *bps;
	size_t nbp;
	long long done = 0;
	if (cxm_plugins_for_business(db, a, biz, CXM_PLUGIN_METRIC, &bps, &nbp) != CXM_OK) {
		cxm_arena_free(a);
		return -1;
	}
	struct cxm_period series[CXM_SNAPSHOT_JOB_PERIODS];
	for (size_t k = 0; k < sizeof(job_kinds) / sizeof(job_kinds[0]); k++) {
		struct cxm_period open, last;
		if (cxm_period_at(tz, job_kinds[k], now, &open) != CXM_OK ||
		    cxm_period_step(tz, &open, -1, &last) != CXM_OK ||
		    cxm_period_series(tz, &last, CXM_SNAPSHOT_JOB_PERIODS, series) != CXM_OK) {
			cxm_warn("metric snapshots: business %lld: time zone %s cannot be used", biz, tz);
			cxm_arena_free(a);
			return 0;
		}
		for (size_t i = 0; i < nbp; i++) {
			const struct cxm_plugin *pl = bps[i].plugin;
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
					struct cxm_plugin_metric_out out;
					char err[256];
					int from_store;
					enum cxm_err rc = cxm_snapshot_get(db, a, &bps[i], biz, metric, &series[s], NULL,
					                                   now, &out, &from_store, err, sizeof(err));
					if (rc == CXM_ERR_DB) {
						cxm_arena_free(a);
						return -1;
					}
					if (rc != CXM_OK)
						(*failed)++;
					else if (!from_store)
						done++;
				}
			}
		}
	}
	cxm_arena_free(a);
	return done;
}

long long cxm_snapshot_job(struct cxm_db *db, long long now)
{
	struct cxm_arena *a = cxm_arena_new(16 * 1024);
	struct cxm_rows r;
	long long total = 0;
	if (cxm_db_query(db, a, "SELECT id, slug, timezone FROM businesses ORDER BY id", CXM_NOPARAMS, &r) !=
	    CXM_OK) {
		cxm_error("metric snapshots: %s", cxm_db_error(db));
		cxm_arena_free(a);
		return -1;
	}
	for (size_t i = 0; i < r.nrows; i++) {
		long long failed = 0, biz = cxm_rows_int(&r, i, 0, 0);
		long long n = job_business(db, biz, cxm_rows_get(&r, i, 2), now, &failed);
		if (n < 0) {
			cxm_error("metric snapshots: business %lld: %s", biz, cxm_db_error(db));
			total = -1;
			break;
		}
		if (n || failed)
			cxm_info("metric snapshots: business %lld (%s): %lld computed, %lld failed", biz,
			         cxm_rows_get(&r, i, 1), n, failed);
		total += n;
	}
	cxm_arena_free(a);
	return total;
}
