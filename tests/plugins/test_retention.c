/* The retention plugin (plugins/metric-retention), built .so loaded as the
 * service loads it, run through cxm_metric_compute / cxm_metric_drill on a
 * small hand-built data set in a real MariaDB: every metric's value, n,
 * enough, parts, breakdown rows and drill lists, worked out by hand below;
 * the settings that change them; period boundaries; a deleted client and
 * another business that must never count. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "metric_suite.h"
#include "metric.h"
#include "plugin.h"

/*
 * The period: March 2026, [2026-03-01, 2026-04-01) UTC. With the default
 * D = 90 days: [from - D, from) = [2025-12-01, 2026-03-01) and
 * [to - D, to) = [2026-01-01, 2026-04-01). With D = 30: [2026-01-30,
 * 2026-03-01) and [2026-03-02, 2026-04-01).
 *
 * Business A (g = gender, r = region, a = age_band; times 12:00 unless said):
 *  c1  first 2025-06-01  f MSK 26-35  visit 2025-12-15; purchases 03-10 1000 (L101 S201 V301),
 *                                     03-25 3000 (L102 S201 V301)
 *  c2  first 2025-06-01  m MSK 26-35  purchase 2026-02-20 500 (L101 S201 V301)
 *  c3  first 2025-05-01  f SPB        purchase 2025-09-01 800; visit 2025-12-01 00:00 (= from - D)
 *  c4  first 2025-05-01  m SPB        visits 2025-12-10, 2026-01-01 00:00 (= to - D)
 *  c5  first 2025-05-01  f MSK        visit 2025-12-20; purchase 2026-04-01 00:00 (= to) 7000
 *  c6  first 2025-12-05  - SPB        nothing
 *  c7  first 2026-03-10  f MSK        purchase 03-12 400 (L101 S201 V302)
 *  c8  first 2026-03-05  m SPB        purchases 03-05 600 (L101 S202 V301), 03-20 no amount
 *                                     (L102 S202 V301)
 *  c9  first 2025-01-01  f -          visit 2025-11-30; purchases 03-15 1200 (L102 S201 V302),
 *                                     03-31 23:59:59 250 (L102 no staff V302); visit 2026-04-10
 *  c10 first 2025-06-01  f MSK, DELETED (live 0): visit 2026-02-01, purchase 03-10 9999
 *  c11 first 2025-02-01  m MSK        purchase 2025-03-01 2000, visit 2025-08-01
 * last_seen_at is each client's latest interaction (c6: its first_seen).
 *
 * Business B: b1 first 2025-06-01, visit 2025-12-15; b2 first 2026-03-02,
 * purchases 03-12 5000 and 03-13 7000 (L101 S201 V301).
 * Business C: nothing.
 */
#define FROM 1772323200LL   /* 2026-03-01 00:00 UTC */
#define TO 1775001600LL     /* 2026-04-01 00:00 UTC */
#define T(s) s              /* a time as SQL text, for the reader */

static char *dsn, *plugdir;
static long long biz_a, biz_b, biz_c;
static long long cid[12];   /* A's clients by number */

static struct cxm_db *db;
static struct cxm_arena *arena;
static struct cxm_plugins ps;
static const struct cxm_plugin *plug;

/* ---- The data set (built once, in main) ------------------------------------- */

static long long exec_id(struct cxm_db *d, const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	if (cxm_db_exec(d, sql, p, n, NULL, &id) != CXM_OK) {
		fprintf(stderr, "%s: %s\n", sql, cxm_db_error(d));
		exit(1);
	}
	return (long long)id;
}

static long long client(struct cxm_db *d, long long biz, const char *name, const char *first,
                        const char *last, const char *gender, const char *region,
                        const char *age_band, int live)
{
	return exec_id(d,
	               "INSERT INTO clients (business_id, name, first_seen, last_seen_at, gender, region,"
	               " age_band, live) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	               CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(name), CXM_PSTR(first), CXM_PSTR(last),
	                          gender ? CXM_PSTR(gender) : CXM_PNULL,
	                          region ? CXM_PSTR(region) : CXM_PNULL,
	                          age_band ? CXM_PSTR(age_band) : CXM_PNULL, CXM_PINT(live)));
}

static void visit(struct cxm_db *d, long long biz, long long c, const char *at)
{
	exec_id(d,
	        "INSERT INTO interactions (business_id, client_id, kind, occurred_at)"
	        " VALUES (?, ?, 'visit', ?)",
	        CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c), CXM_PSTR(at)));
}

/* amount NULL: a purchase without one; loc/staff/svc 0: NULL. */
static void purchase(struct cxm_db *d, long long biz, long long c, const char *at,
                     const char *amount, long long loc, long long staff, long long svc)
{
	exec_id(d,
	        "INSERT INTO interactions (business_id, client_id, kind, occurred_at, amount,"
	        " location_id, staff_id, service_id) VALUES (?, ?, 'purchase', ?, ?, ?, ?, ?)",
	        CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c), CXM_PSTR(at),
	                   amount ? CXM_PSTR(amount) : CXM_PNULL, loc ? CXM_PINT(loc) : CXM_PNULL,
	                   staff ? CXM_PINT(staff) : CXM_PNULL, svc ? CXM_PINT(svc) : CXM_PNULL));
}

static void build_data(void)
{
	dsn = th_db_create_migrated("retention");
	struct cxm_db *d = th_db_connect(dsn);
	biz_a = exec_id(d, "INSERT INTO businesses (slug, name) VALUES ('ret-a', 'A')", CXM_NOPARAMS);
	biz_b = exec_id(d, "INSERT INTO businesses (slug, name) VALUES ('ret-b', 'B')", CXM_NOPARAMS);
	biz_c = exec_id(d, "INSERT INTO businesses (slug, name) VALUES ('ret-c', 'C')", CXM_NOPARAMS);
	long long a = biz_a;

	cid[1] = client(d, a, "c1", "2025-06-01", "2026-03-25 12:00:00", "female", "MSK", "26-35", 1);
	visit(d, a, cid[1], T("2025-12-15 12:00:00"));
	purchase(d, a, cid[1], T("2026-03-10 12:00:00"), "1000.00", 101, 201, 301);
	purchase(d, a, cid[1], T("2026-03-25 12:00:00"), "3000.00", 102, 201, 301);

	cid[2] = client(d, a, "c2", "2025-06-01", "2026-02-20 12:00:00", "male", "MSK", "26-35", 1);
	purchase(d, a, cid[2], T("2026-02-20 12:00:00"), "500.00", 101, 201, 301);

	cid[3] = client(d, a, "c3", "2025-05-01", "2025-12-01 00:00:00", "female", "SPB", NULL, 1);
	purchase(d, a, cid[3], T("2025-09-01 12:00:00"), "800.00", 101, 201, 301);
	visit(d, a, cid[3], T("2025-12-01 00:00:00"));

	cid[4] = client(d, a, "c4", "2025-05-01", "2026-01-01 00:00:00", "male", "SPB", NULL, 1);
	visit(d, a, cid[4], T("2025-12-10 12:00:00"));
	visit(d, a, cid[4], T("2026-01-01 00:00:00"));

	cid[5] = client(d, a, "c5", "2025-05-01", "2026-04-01 00:00:00", "female", "MSK", NULL, 1);
	visit(d, a, cid[5], T("2025-12-20 12:00:00"));
	purchase(d, a, cid[5], T("2026-04-01 00:00:00"), "7000.00", 101, 201, 301);

	cid[6] = client(d, a, "c6", "2025-12-05", "2025-12-05 00:00:00", NULL, "SPB", NULL, 1);

	cid[7] = client(d, a, "c7", "2026-03-10", "2026-03-12 12:00:00", "female", "MSK", NULL, 1);
	purchase(d, a, cid[7], T("2026-03-12 12:00:00"), "400.00", 101, 201, 302);

	cid[8] = client(d, a, "c8", "2026-03-05", "2026-03-20 12:00:00", "male", "SPB", NULL, 1);
	purchase(d, a, cid[8], T("2026-03-05 12:00:00"), "600.00", 101, 202, 301);
	purchase(d, a, cid[8], T("2026-03-20 12:00:00"), NULL, 102, 202, 301);

	cid[9] = client(d, a, "c9", "2025-01-01", "2026-04-10 12:00:00", "female", NULL, NULL, 1);
	visit(d, a, cid[9], T("2025-11-30 12:00:00"));
	purchase(d, a, cid[9], T("2026-03-15 12:00:00"), "1200.00", 102, 201, 302);
	purchase(d, a, cid[9], T("2026-03-31 23:59:59"), "250.00", 102, 0, 302);
	visit(d, a, cid[9], T("2026-04-10 12:00:00"));

	cid[10] = client(d, a, "c10", "2025-06-01", "2026-03-10 12:00:00", "female", "MSK", NULL, 0);
	visit(d, a, cid[10], T("2026-02-01 12:00:00"));
	purchase(d, a, cid[10], T("2026-03-10 12:00:00"), "9999.00", 101, 201, 301);

	cid[11] = client(d, a, "c11", "2025-02-01", "2025-08-01 12:00:00", "male", "MSK", NULL, 1);
	purchase(d, a, cid[11], T("2025-03-01 12:00:00"), "2000.00", 101, 201, 301);
	visit(d, a, cid[11], T("2025-08-01 12:00:00"));

	long long b1 = client(d, biz_b, "b1", "2025-06-01", "2025-12-15 12:00:00", "female", "MSK",
	                      "26-35", 1);
	visit(d, biz_b, b1, T("2025-12-15 12:00:00"));
	long long b2 = client(d, biz_b, "b2", "2026-03-02", "2026-03-13 12:00:00", "male", "SPB",
	                      "26-35", 1);
	purchase(d, biz_b, b2, T("2026-03-12 12:00:00"), "5000.00", 101, 201, 301);
	purchase(d, biz_b, b2, T("2026-03-13 12:00:00"), "7000.00", 101, 201, 301);
	cxm_db_close(d);

	/* The plugin directory: a link to the module the build made. */
	plugdir = th_tmpdir("retention-plugins");
	char from[4200], to[4200];
	snprintf(from, sizeof(from), "%s/plugins/metric-retention/.libs/metric_retention.so",
	         th_builddir());
	snprintf(to, sizeof(to), "%s/retention.so", plugdir);
	if (symlink(from, to) != 0) {
		perror(to);
		exit(1);
	}
}

static void setup(void)
{
	db = th_db_connect(dsn);
	arena = cxm_arena_new(1 << 14);
	cxm_plugins_load(&ps, plugdir);
	ck_assert_uint_eq(ps.nloaded, 1);
	plug = &ps.v[0];
	ck_assert_str_eq(plug->entry->name, "retention");
}

static void teardown(void)
{
	cxm_plugins_unload(&ps);
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* ---- Helpers ------------------------------------------------------------------ */

/* Settings in the entry's order: min_n, inactivity_days, margin_pct,
 * discount_pct, horizon_years (NULL: the default). */
static const char *const min5[] = {"5", NULL, NULL, NULL, NULL};

static struct cxm_plugin_metric_out compute(long long biz, const char *const *settings,
                                            const char *metric, const char *dim)
{
	return tm_compute(db, arena, plug, biz, settings, FROM, TO, metric, dim);
}

static const struct cxm_plugin_metric_row *overall(long long biz, const char *const *settings,
                                                   const char *metric)
{
	struct cxm_plugin_metric_out out = compute(biz, settings, metric, NULL);
	ck_assert_uint_eq(out.nrows, 1);
	return &out.rows[0];
}

#define EPS 1e-9
#define ck_near(x, y) ck_assert_double_eq_tol((x), (y), EPS)

static void assert_row(const struct cxm_plugin_metric_row *r, double value, long long n,
                       int enough)
{
	ck_assert_msg(fabs(r->value - value) < EPS, "group \"%s\": value %.12g, expected %.12g",
	              r->group, r->value, value);
	ck_assert_int_eq(r->n, n);
	ck_assert_int_eq(r->enough, enough);
}

/* Drill rows as text "client:ref_kind:ref_id:at[:score]," for one compare. */
struct drilled {
	char text[2048];
};

static int drill_fn(void *ud, const struct cxm_plugin_drill_row *r)
{
	struct drilled *d = ud;
	size_t len = strlen(d->text);
	int client = 0;
	for (int i = 1; i <= 11; i++)
		if (cid[i] == r->client_id)
			client = i;
	if (r->has_score)
		snprintf(d->text + len, sizeof(d->text) - len, "c%d:%s:%lld:%.2f,", client, r->ref_kind,
		         r->at, r->score);
	else
		snprintf(d->text + len, sizeof(d->text) - len, "c%d:%s:%lld,", client, r->ref_kind,
		         r->at);
	return 0;
}

static const char *drill(const char *const *settings, const char *metric, const char *part,
                         const char *dim, const char *group, long long limit, long long offset)
{
	static struct drilled d;
	memset(&d, 0, sizeof(d));
	struct cxm_metric_scope sc = {.business_id = biz_a, .settings = settings, .from = FROM,
	                              .to = TO};
	char err[256];
	enum cxm_err e = cxm_metric_drill(db, arena, plug, &sc, metric, part, dim, group, limit,
	                                  offset, drill_fn, &d, err, sizeof(err));
	ck_assert_msg(e == CXM_OK, "drill %s: %s", metric, err);
	return d.text;
}

/* Unix times of the facts the drill lists show. */
#define AT_C3_LAST 1764547200LL   /* 2025-12-01 00:00 */
#define AT_C5_LAST 1766232000LL   /* 2025-12-20 12:00 */
#define AT_C6_FIRST 1764892800LL  /* 2025-12-05 00:00 */

/* ---- Tests ---------------------------------------------------------------------- */

START_TEST(descriptors)
{
	const struct cxm_plugin_entry *e = plug->entry;
	const struct cxm_plugin_metric_ops *ops = e->ops;
	const char *keys[] = {"churn", "crr", "repeat_rate", "frequency", "aov", "clv",
	                      "clv_margin", "clv_discounted"};
	ck_assert_uint_eq(ops->nmetrics, 8);
	for (size_t i = 0; i < 8; i++)
		ck_assert_str_eq(ops->metrics[i].key, keys[i]);
	ck_assert_int_eq(ops->metrics[0].higher_is_better, 0);
	ck_assert_int_eq(ops->metrics[0].unit, CXM_PLUGIN_UNIT_PERCENT);
	ck_assert_int_eq(ops->metrics[3].unit, CXM_PLUGIN_UNIT_RATIO);
	ck_assert_int_eq(ops->metrics[4].unit, CXM_PLUGIN_UNIT_MONEY);
	/* Benchmarks of document 001: CRR Retail 63 ... Media 84; churn Credit 20 first. */
	ck_assert_uint_eq(ops->metrics[1].nbenchmarks, 7);
	ck_assert_str_eq(ops->metrics[1].benchmarks[0].label, "Retail");
	ck_assert(ops->metrics[1].benchmarks[0].value == 63);
	ck_assert_uint_eq(ops->metrics[0].nbenchmarks, 7);
	ck_assert_str_eq(ops->metrics[0].benchmarks[4].label, "Mobile operators (high)");
	ck_assert(ops->metrics[0].benchmarks[4].value == 38);
	const char *skeys[] = {"min_n", "inactivity_days", "margin_pct", "discount_pct",
	                       "horizon_years"};
	const char *defs[] = {"30", "90", "30", "10", "3"};
	ck_assert_uint_eq(e->nsettings, 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_str_eq(e->settings[i].key, skeys[i]);
		ck_assert_str_eq(e->settings[i].def, defs[i]);
	}
	ck_assert(e->settings[1].min == 1 && e->settings[1].max == 3650);
	ck_assert(e->settings[2].min == 0 && e->settings[2].max == 100);
	ck_assert_ptr_null(e->validate);
}
END_TEST

/* Default D = 90. Active at from: c1 (visit 12-15), c2 (02-20), c3 (visit
 * at 12-01 00:00 = from - D: counts), c4 (12-10), c5 (12-20), c6 (first
 * seen 12-05) = CS 6; c9's visit 11-30 is before the window, c10 deleted,
 * c11 last came 2025-08-01. Active at to: c1 (03-10), c2 (02-20), c4
 * (01-01 00:00 = to - D: counts), c7 and c8 (first seen in March), c9
 * (03-15) = CE 6; c5's purchase at 04-01 00:00 = to is out. New: c7, c8 =
 * CN 2. Lost: c3, c5, c6 = 3.
 * churn = 3 / 6 = 50 %; CRR = (6 - 2) / 6 = 66.666... %. */
START_TEST(churn_and_crr)
{
	const struct cxm_plugin_metric_row *r = overall(biz_a, min5, "churn");
	assert_row(r, 50.0, 6, 1);
	ck_assert_uint_eq(r->nparts, 1);
	ck_assert_int_eq(tm_part_of(r, "lost")->n, 3);
	ck_near(tm_part_of(r, "lost")->value, 3);
	ck_assert_int_eq(tm_part_of(r, "lost")->unit, CXM_PLUGIN_UNIT_COUNT);

	r = overall(biz_a, min5, "crr");
	assert_row(r, 400.0 / 6.0, 6, 1);
	ck_assert_int_eq(tm_part_of(r, "start")->n, 6);
	ck_assert_int_eq(tm_part_of(r, "end")->n, 6);
	ck_assert_int_eq(tm_part_of(r, "new")->n, 2);
}
END_TEST

/* The default min_n 30 > CS 6: the same values, not enough data. */
START_TEST(tiny_sample_is_not_enough)
{
	assert_row(overall(biz_a, NULL, "churn"), 50.0, 6, 0);
	assert_row(overall(biz_a, NULL, "crr"), 400.0 / 6.0, 6, 0);
	/* min_n 6: exactly n is enough; 7 is not. */
	const char *const six[] = {"6", NULL, NULL, NULL, NULL};
	const char *const seven[] = {"7", NULL, NULL, NULL, NULL};
	assert_row(overall(biz_a, six, "churn"), 50.0, 6, 1);
	assert_row(overall(biz_a, seven, "churn"), 50.0, 6, 0);
}
END_TEST

/* D = 30: at from the window is [01-30, 03-01): only c2 (02-20) = CS 1;
 * at to [03-02, 04-01): c1 (03-10), c7 (first 03-10), c8 (first 03-05),
 * c9 (03-15) = CE 4; CN 2; lost: c2 = 1 (its last visit 02-20 < 03-02).
 * churn = 1 / 1 = 100 %; CRR = (4 - 2) / 1 = 200 %. */
START_TEST(inactivity_days_changes_who_is_lost)
{
	const char *const d30[] = {"1", "30", NULL, NULL, NULL};
	const struct cxm_plugin_metric_row *r = overall(biz_a, d30, "churn");
	assert_row(r, 100.0, 1, 1);
	ck_assert_int_eq(tm_part_of(r, "lost")->n, 1);
	r = overall(biz_a, d30, "crr");
	assert_row(r, 200.0, 1, 1);
	ck_assert_int_eq(tm_part_of(r, "end")->n, 4);
	ck_assert_int_eq(tm_part_of(r, "new")->n, 2);
	/* c2 last purchased 2026-02-20 12:00 = 1771588800. */
	ck_assert_str_eq(drill(d30, "churn", "lost", NULL, NULL, 10, 0), "c2:client:1771588800,");
}
END_TEST

/* Groups (NULL attributes left out: c6 has no gender, c9 no region).
 * gender female {c1,c3,c5,c7,c9}: CS c1,c3,c5 = 3, lost c3,c5 = 2, CE
 * c1,c7,c9 = 3, CN c7 = 1: churn 2/3, CRR (3 - 1)/3.
 * male {c2,c4,c8,c11}: CS c2,c4 = 2, lost 0, CE c2,c4,c8 = 3, CN c8 = 1:
 * churn 0, CRR (3 - 1)/2 = 100.
 * region MSK {c1,c2,c5,c7,c11}: CS 3, lost c5 = 1, CE c1,c2,c7 = 3, CN 1:
 * churn 1/3, CRR 2/3. SPB {c3,c4,c6,c8}: CS 3, lost c3,c6 = 2, CE c4,c8 =
 * 2, CN 1: churn 2/3, CRR 1/3.
 * age_band 26-35 {c1,c2}: CS 2, CE 2, CN 0, lost 0: churn 0, CRR 100.
 * source: nobody has one: no rows. */
START_TEST(churn_and_crr_breakdowns)
{
	struct cxm_plugin_metric_out o = compute(biz_a, min5, "churn", "gender");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "female"), 200.0 / 3.0, 3, 0);
	ck_assert_int_eq(tm_part_of(tm_row_of(&o, "female"), "lost")->n, 2);
	assert_row(tm_row_of(&o, "male"), 0.0, 2, 0);
	o = compute(biz_a, min5, "crr", "gender");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "female"), 200.0 / 3.0, 3, 0);
	assert_row(tm_row_of(&o, "male"), 100.0, 2, 0);

	const char *const min2[] = {"2", NULL, NULL, NULL, NULL};
	o = compute(biz_a, min2, "churn", "region");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "MSK"), 100.0 / 3.0, 3, 1);
	assert_row(tm_row_of(&o, "SPB"), 200.0 / 3.0, 3, 1);
	o = compute(biz_a, min2, "crr", "region");
	assert_row(tm_row_of(&o, "MSK"), 200.0 / 3.0, 3, 1);
	assert_row(tm_row_of(&o, "SPB"), 100.0 / 3.0, 3, 1);
	ck_assert_int_eq(tm_part_of(tm_row_of(&o, "SPB"), "end")->n, 2);

	o = compute(biz_a, min2, "churn", "age_band");
	ck_assert_uint_eq(o.nrows, 1);
	assert_row(tm_row_of(&o, "26-35"), 0.0, 2, 1);
	o = compute(biz_a, min2, "crr", "age_band");
	assert_row(tm_row_of(&o, "26-35"), 100.0, 2, 1);

	o = compute(biz_a, min2, "churn", "source");
	ck_assert_uint_eq(o.nrows, 0);
}
END_TEST

/* The lost clients by their last activity before to, newest first: c5
 * (visit 12-20 12:00; its purchase at to is out), c6 (first seen 12-05, no
 * interaction), c3 (visit 12-01 00:00). */
START_TEST(drill_lost_clients)
{
	char want[256];
	snprintf(want, sizeof(want), "c5:client:%lld,c6:client:%lld,c3:client:%lld,", AT_C5_LAST,
	         AT_C6_FIRST, AT_C3_LAST);
	ck_assert_str_eq(drill(min5, "churn", "lost", NULL, NULL, 10, 0), want);
	/* part NULL for churn: the lost clients too. */
	ck_assert_str_eq(drill(min5, "churn", NULL, NULL, NULL, 10, 0), want);
	snprintf(want, sizeof(want), "c5:client:%lld,c6:client:%lld,", AT_C5_LAST, AT_C6_FIRST);
	ck_assert_str_eq(drill(min5, "churn", "lost", NULL, NULL, 2, 0), want);
	snprintf(want, sizeof(want), "c6:client:%lld,c3:client:%lld,", AT_C6_FIRST, AT_C3_LAST);
	ck_assert_str_eq(drill(min5, "churn", "lost", NULL, NULL, 2, 1), want);
	ck_assert_str_eq(drill(min5, "churn", "lost", NULL, NULL, 2, 3), "");
	/* Female lost: c5, c3 (c6 has no gender). */
	snprintf(want, sizeof(want), "c5:client:%lld,c3:client:%lld,", AT_C5_LAST, AT_C3_LAST);
	ck_assert_str_eq(drill(min5, "churn", "lost", "gender", "female", 10, 0), want);
	/* CRR's new clients: c8 (last 03-20 12:00 = 1774008000), c7 (03-12
	 * 12:00 = 1773316800). */
	ck_assert_str_eq(drill(min5, "crr", "new", NULL, NULL, 10, 0),
	                 "c8:client:1774008000,c7:client:1773316800,");
}
END_TEST

/* Clients in the base at to: c1..c9, c11 = 10 (c10 deleted). More than one
 * purchase in March: c1 (2), c8 (2, one without an amount), c9 (2) = 3;
 * c5's purchase at to is out, c7 bought once. 3 / 10 = 30 %.
 * female {c1,c3,c5,c7,c9}: c1, c9 = 2 / 5 = 40 %; male {c2,c4,c8,c11}:
 * c8 = 1 / 4 = 25 %. */
START_TEST(repeat_rate)
{
	const struct cxm_plugin_metric_row *r = overall(biz_a, min5, "repeat_rate");
	assert_row(r, 30.0, 10, 1);
	ck_assert_int_eq(tm_part_of(r, "repeaters")->n, 3);
	struct cxm_plugin_metric_out o = compute(biz_a, min5, "repeat_rate", "gender");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "female"), 40.0, 5, 1);
	assert_row(tm_row_of(&o, "male"), 25.0, 4, 0);
	/* By the last purchase in March, newest first, with their count: c9
	 * (03-31 23:59:59 = 1775001599), c1 (03-25 12:00 = 1774440000), c8
	 * (03-20 12:00 = 1774008000). */
	ck_assert_str_eq(drill(min5, "repeat_rate", "repeaters", NULL, NULL, 10, 0),
	                 "c9:client:1775001599:2.00,c1:client:1774440000:2.00,"
	                 "c8:client:1774008000:2.00,");
	ck_assert_str_eq(drill(min5, "repeat_rate", NULL, "gender", "male", 10, 0),
	                 "c8:client:1774008000:2.00,");
}
END_TEST

/* March purchases of live clients: c1 x2, c7 x1, c8 x2, c9 x2 = 7 by 4
 * clients: 7 / 4 = 1.75. (c5 at to, c10 deleted, c2 in February: out.)
 * By location: 101: c1 03-10, c7, c8 03-05 = 3 by 3 = 1; 102: c1 03-25,
 * c8 03-20, c9 x2 = 4 by 3. By staff: 201: c1 x2, c7, c9 03-15 = 4 by 3;
 * 202: c8 x2 = 2 by 1 = 2 (c9's 03-31 has no staff: left out). By service:
 * 301: c1 x2, c8 x2 = 4 by 2 = 2; 302: c7, c9 x2 = 3 by 2 = 1.5. */
START_TEST(frequency)
{
	assert_row(overall(biz_a, min5, "frequency"), 1.75, 4, 0);
	const char *const min3[] = {"3", NULL, NULL, NULL, NULL};
	assert_row(overall(biz_a, min3, "frequency"), 1.75, 4, 1);
	struct cxm_plugin_metric_out o = compute(biz_a, min3, "frequency", "location");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "101"), 1.0, 3, 1);
	assert_row(tm_row_of(&o, "102"), 4.0 / 3.0, 3, 1);
	o = compute(biz_a, min3, "frequency", "staff");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "201"), 4.0 / 3.0, 3, 1);
	assert_row(tm_row_of(&o, "202"), 2.0, 1, 0);
	o = compute(biz_a, min3, "frequency", "service");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "301"), 2.0, 2, 0);
	assert_row(tm_row_of(&o, "302"), 1.5, 2, 0);
	/* female: c1 x2, c7, c9 x2 = 5 by 3; male: c8 x2 = 2 by 1. */
	o = compute(biz_a, min3, "frequency", "gender");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "female"), 5.0 / 3.0, 3, 1);
	assert_row(tm_row_of(&o, "male"), 2.0, 1, 0);
}
END_TEST

/* March amounts: 1000, 3000 (c1), 400 (c7), 600 (c8; its 03-20 has none),
 * 1200, 250 (c9) = 6450 over 6 = 1075. Bins: [0,500) 250, 400 = 2;
 * [500,1000) 600 = 1; [1000,2000) 1000, 1200 = 2; [2000,5000) 3000 = 1.
 * By location: 101: 1000, 400, 600 = 2000 / 3; 102: 3000, 1200, 250 = 4450
 * / 3 (c8's NULL left out). Staff 201: 1000, 3000, 400, 1200 = 5600 / 4 =
 * 1400; 202: 600 / 1. Service 301: 1000, 3000, 600 = 4600 / 3; 302: 400,
 * 1200, 250 = 1850 / 3. Gender female: 1000, 3000, 400, 1200, 250 = 5850
 * / 5 = 1170; male 600 / 1. */
START_TEST(aov)
{
	struct cxm_plugin_metric_out o = compute(biz_a, min5, "aov", NULL);
	ck_assert_uint_eq(o.nrows, 1);
	assert_row(&o.rows[0], 1075.0, 6, 1);
	const char *keys[] = {"0-500", "500-1000", "1000-2000", "2000-5000", "5000-10000",
	                      "10000-20000", "20000+"};
	long long counts[] = {2, 1, 2, 1, 0, 0, 0};
	ck_assert_uint_eq(o.nbins, 7);
	for (size_t i = 0; i < 7; i++) {
		ck_assert_str_eq(o.bins[i].key, keys[i]);
		ck_assert_int_eq(o.bins[i].count, counts[i]);
	}
	o = compute(biz_a, min5, "aov", "location");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "101"), 2000.0 / 3.0, 3, 0);
	assert_row(tm_row_of(&o, "102"), 4450.0 / 3.0, 3, 0);
	o = compute(biz_a, min5, "aov", "staff");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "201"), 1400.0, 4, 0);
	assert_row(tm_row_of(&o, "202"), 600.0, 1, 0);
	o = compute(biz_a, min5, "aov", "service");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "301"), 4600.0 / 3.0, 3, 0);
	assert_row(tm_row_of(&o, "302"), 1850.0 / 3.0, 3, 0);
	o = compute(biz_a, min5, "aov", "gender");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "female"), 1170.0, 5, 1);
	assert_row(tm_row_of(&o, "male"), 600.0, 1, 0);
	/* region: MSK c1, c7 = 1000, 3000, 400 = 4400 / 3; SPB c8 = 600 / 1. */
	o = compute(biz_a, min5, "aov", "region");
	ck_assert_uint_eq(o.nrows, 2);
	assert_row(tm_row_of(&o, "MSK"), 4400.0 / 3.0, 3, 0);
	assert_row(tm_row_of(&o, "SPB"), 600.0, 1, 0);
}
END_TEST

/* The purchases behind AOV, newest first (those with an amount): c9 03-31
 * 23:59:59 250, c1 03-25 3000, c9 03-15 1200, c7 03-12 400, c1 03-10 1000,
 * c8 03-05 600. */
START_TEST(drill_purchases)
{
	ck_assert_str_eq(drill(min5, "aov", NULL, NULL, NULL, 100, 0),
	                 "c9:interaction:1775001599:250.00,c1:interaction:1774440000:3000.00,"
	                 "c9:interaction:1773576000:1200.00,c7:interaction:1773316800:400.00,"
	                 "c1:interaction:1773144000:1000.00,c8:interaction:1772712000:600.00,");
	ck_assert_str_eq(drill(min5, "aov", NULL, NULL, NULL, 3, 2),
	                 "c9:interaction:1773576000:1200.00,c7:interaction:1773316800:400.00,"
	                 "c1:interaction:1773144000:1000.00,");
	ck_assert_str_eq(drill(min5, "aov", NULL, "location", "101", 100, 0),
	                 "c7:interaction:1773316800:400.00,c1:interaction:1773144000:1000.00,"
	                 "c8:interaction:1772712000:600.00,");
	/* Frequency's list has c8's purchase without an amount (03-20 12:00). */
	ck_assert_str_eq(drill(min5, "frequency", NULL, "staff", "202", 100, 0),
	                 "c8:interaction:1774008000,c8:interaction:1772712000:600.00,");
}
END_TEST

/* CLV over the year [2025-04-01, 2026-04-01): purchases: the 7 of March
 * plus c2 02-20 (500) and c3 2025-09-01 (800) = 9 by 6 clients (c1, c2,
 * c3, c7, c8, c9): 1.5 a year; amounts 6450 + 500 + 800 = 7750 over 8 =
 * AOV 968.75. Clients in the base who bought before to: c1, c2, c3, c7,
 * c8, c9, c11 (c5 only at to) = 7, relationship so far in days (first_seen
 * to LEAST(last_seen_at, to)): c1 297.5, c2 264.5, c3 214, c7 2.5, c8
 * 15.5, c9 455 (last seen 04-10, cut at to), c11 181.5 = 1430.5; mean
 * 1430.5 / 7 / 365.25 years. CLV = 968.75 x 1.5 x 1430.5 / 2556.75
 * = 813.0225139... */
START_TEST(clv)
{
	const struct cxm_plugin_metric_row *r = overall(biz_a, min5, "clv");
	double years = 1430.5 / 7.0 / 365.25;
	assert_row(r, 968.75 * 1.5 * years, 7, 1);
	ck_assert_double_eq_tol(r->value, 813.0225139337, 1e-9);
	ck_near(tm_part_of(r, "aov")->value, 968.75);
	ck_near(tm_part_of(r, "per_year")->value, 1.5);
	ck_near(tm_part_of(r, "years")->value, years);
	ck_assert_int_eq(tm_part_of(r, "years")->n, 7);
}
END_TEST

/* AOV 1075 x frequency 1.75 x margin 0.30 / churn 0.5 = 1128.75, n = CS 6.
 * margin 60 %: 2257.5. D = 30 (churn 1.0): 1075 x 1.75 x 0.3 / 1 = 564.375. */
START_TEST(clv_margin)
{
	const struct cxm_plugin_metric_row *r = overall(biz_a, min5, "clv_margin");
	assert_row(r, 1128.75, 6, 1);
	ck_near(tm_part_of(r, "churn")->value, 50.0);
	const char *const m60[] = {"5", NULL, "60", NULL, NULL};
	assert_row(overall(biz_a, m60, "clv_margin"), 2257.5, 6, 1);
	const char *const d30[] = {"1", "30", NULL, NULL, NULL};
	assert_row(overall(biz_a, d30, "clv_margin"), 564.375, 1, 1);
	/* Business B: CS = b1 (visit 12-15), lost = b1 (nothing since): churn
	 * 1; AOV (5000 + 7000) / 2 = 6000, frequency 2 / 1 = 2: 6000 x 2 x 0.3
	 * = 3600. */
	const char *const min1[] = {"1", NULL, NULL, NULL, NULL};
	assert_row(overall(biz_b, min1, "clv_margin"), 3600.0, 1, 1);
}
END_TEST

/* Yearly: churn from 2025-04-01 to 2026-04-01, D 90: active at 2025-04-01
 * (window [2025-01-01, 2025-04-01)): c9 (first seen 2025-01-01), c11
 * (first seen 02-01, purchase 03-01) = CS 2; at to c9 is active, c11 not:
 * churn 1/2, r = 0.5. m = 968.75 x 1.5 x 0.3 = 435.9375. d = 0.1, T = 3:
 * 435.9375 / 1.1 + 435.9375 x 0.5 / 1.21 + 435.9375 x 0.25 / 1.331
 * = 658.32785499...; n = 6 purchasing clients of the year.
 * T = 1: 435.9375 / 1.1 = 396.3068...; d = 0: 435.9375 x 1.75 = 762.890625;
 * margin 60 %: twice the first. */
START_TEST(clv_discounted)
{
	double m = 968.75 * 1.5 * 0.3;
	double v = m / 1.1 + m * 0.5 / 1.21 + m * 0.25 / 1.331;
	const struct cxm_plugin_metric_row *r = overall(biz_a, min5, "clv_discounted");
	assert_row(r, v, 6, 1);
	ck_assert_double_eq_tol(r->value, 658.3278549962, 1e-9);
	ck_near(tm_part_of(r, "margin_per_year")->value, 435.9375);
	ck_near(tm_part_of(r, "retention")->value, 50.0);
	const char *const t1[] = {"5", NULL, NULL, NULL, "1"};
	assert_row(overall(biz_a, t1, "clv_discounted"), m / 1.1, 6, 1);
	const char *const d0[] = {"5", NULL, NULL, "0", NULL};
	assert_row(overall(biz_a, d0, "clv_discounted"), 762.890625, 6, 1);
	const char *const m60[] = {"5", NULL, "60", NULL, NULL};
	assert_row(overall(biz_a, m60, "clv_discounted"), 2 * v, 6, 1);
}
END_TEST

/* D = 3650 days: everyone in the base with any interaction or first_seen
 * in the last ten years is active, so nobody is lost. CS = in the base at
 * from: c1, c2, c3, c4, c5, c6, c9, c11 = 8; CE = in the base at to: those
 * and c7, c8 = 10; CN 2. churn 0 / 8 = 0; CRR (10 - 2) / 8 = 100 %.
 * CLV from margin divides by churn 0: value 0, not enough, n still 8.
 * Discounted: the yearly CS (c9, c11) all stay: r = 1, so
 * 435.9375 x (1/1.1 + 1/1.21 + 1/1.331). */
START_TEST(no_churn)
{
	const char *const d3650[] = {"1", "3650", NULL, NULL, NULL};
	assert_row(overall(biz_a, d3650, "churn"), 0.0, 8, 1);
	assert_row(overall(biz_a, d3650, "crr"), 100.0, 8, 1);
	const struct cxm_plugin_metric_row *r = overall(biz_a, d3650, "clv_margin");
	assert_row(r, 0.0, 8, 0);
	ck_near(tm_part_of(r, "churn")->value, 0.0);
	double m = 968.75 * 1.5 * 0.3;
	r = overall(biz_a, d3650, "clv_discounted");
	assert_row(r, m / 1.1 + m / 1.21 + m / 1.331, 6, 1);
	ck_near(tm_part_of(r, "retention")->value, 100.0);
	ck_assert_str_eq(drill(d3650, "churn", "lost", NULL, NULL, 10, 0), "");
}
END_TEST

/* Business C has nothing: every metric 0, n 0, not enough (even with
 * min_n 1); breakdowns have no rows; drill lists nothing. */
START_TEST(empty_business)
{
	const char *const min1[] = {"1", NULL, NULL, NULL, NULL};
	const char *metrics[] = {"churn", "crr", "repeat_rate", "frequency", "aov", "clv",
	                         "clv_margin", "clv_discounted"};
	for (size_t i = 0; i < 8; i++)
		assert_row(overall(biz_c, min1, metrics[i]), 0, 0, 0);
	ck_assert_uint_eq(compute(biz_c, min1, "churn", "gender").nrows, 0);
	ck_assert_uint_eq(compute(biz_c, min1, "aov", "location").nrows, 0);
	struct drilled d = {""};
	struct cxm_metric_scope sc = {.business_id = biz_c, .settings = min1, .from = FROM,
	                              .to = TO};
	char err[128];
	ck_assert_int_eq(cxm_metric_drill(db, arena, plug, &sc, "churn", "lost", NULL, NULL, 10, 0,
	                                  drill_fn, &d, err, sizeof(err)), CXM_OK);
	ck_assert_str_eq(d.text, "");
}
END_TEST

/* B's own numbers (so its data is really there while A's stay as above):
 * CS b1 = 1, CE b2 = 1 (new 03-02), CN 1, lost b1: churn 100, CRR (1 - 1)
 * / 1 = 0; base b1, b2 = 2, repeaters b2: 50 %; AOV 6000; frequency 2. */
START_TEST(business_b_is_separate)
{
	const char *const min1[] = {"1", NULL, NULL, NULL, NULL};
	assert_row(overall(biz_b, min1, "churn"), 100.0, 1, 1);
	assert_row(overall(biz_b, min1, "crr"), 0.0, 1, 1);
	assert_row(overall(biz_b, min1, "repeat_rate"), 50.0, 2, 1);
	assert_row(overall(biz_b, min1, "aov"), 6000.0, 2, 1);
	assert_row(overall(biz_b, min1, "frequency"), 2.0, 1, 1);
	/* A's location 101 without B's 5000 and 7000. */
	struct cxm_plugin_metric_out o = compute(biz_a, min1, "aov", "location");
	assert_row(tm_row_of(&o, "101"), 2000.0 / 3.0, 3, 1);
}
END_TEST

START_TEST(unknown_breakdown_is_refused)
{
	struct cxm_metric_scope sc = {.business_id = biz_a, .from = FROM, .to = TO};
	struct cxm_plugin_metric_out out;
	char err[128];
	ck_assert_int_eq(cxm_metric_compute(db, arena, plug, &sc, "churn", "location", NULL, &out,
	                                    err, sizeof(err)), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_metric_compute(db, arena, plug, &sc, "clv", "gender", NULL, &out, err,
	                                    sizeof(err)), CXM_ERR_NOT_FOUND);
}
END_TEST

static Suite *retention_suite(void)
{
	Suite *s = suite_create("retention");
	TCase *tc = tcase_create("retention");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, descriptors);
	tcase_add_test(tc, churn_and_crr);
	tcase_add_test(tc, tiny_sample_is_not_enough);
	tcase_add_test(tc, inactivity_days_changes_who_is_lost);
	tcase_add_test(tc, churn_and_crr_breakdowns);
	tcase_add_test(tc, drill_lost_clients);
	tcase_add_test(tc, repeat_rate);
	tcase_add_test(tc, frequency);
	tcase_add_test(tc, aov);
	tcase_add_test(tc, drill_purchases);
	tcase_add_test(tc, clv);
	tcase_add_test(tc, clv_margin);
	tcase_add_test(tc, clv_discounted);
	tcase_add_test(tc, no_churn);
	tcase_add_test(tc, empty_business);
	tcase_add_test(tc, business_b_is_separate);
	tcase_add_test(tc, unknown_breakdown_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	build_data();
	SRunner *sr = srunner_create(retention_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
