/* The service metric plugin (plugins/metric-service), loaded from the build
 * tree and run through core/metric.c on a feedback register built by SQL
 * inserts: ART, FCR, SLA and complaints overall and by channel, type,
 * department and defect, the bins and parts, the period's boundaries,
 * min_n, the drill-down, and that another business's items never count.
 * Every expected number is worked out in the comments. */
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

static struct cxm_plugins plugins;
static const struct cxm_plugin *plugin;
static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz, other_biz;

/* The period of the data set: [2026-03-01, 2026-04-01) UTC. */
#define FROM 1772323200LL   /* 2026-03-01 00:00:00 */
#define TO 1775001600LL     /* 2026-04-01 00:00:00 */
/* A month without items: [2025-01-01, 2025-02-01). */
#define EMPTY_FROM 1735689600LL
#define EMPTY_TO 1738368000LL

#define assert_near(a, b) \
	ck_assert_msg(fabs((double)(a) - (double)(b)) < 1e-9, "%s = %.12f, expected %.12f", #a, \
	              (double)(a), (double)(b))

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

static long long mk_client(long long b)
{
	return insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at)"
	              " VALUES (?, 'C', '2025-01-01', '2025-01-01')",
	              CXM_PARAMS(CXM_PINT(b)));
}

static long long mk_department(long long b, const char *name)
{
	return insert("INSERT INTO feedback_departments (business_id, name) VALUES (?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PSTR(name)));
}

static long long mk_defect(long long b, const char *name)
{
	return insert("INSERT INTO feedback_defects (business_id, name) VALUES (?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PSTR(name)));
}

/* One item (client, department, defect 0: none; times NULL: none). */
static long long item(long long b, long long client, const char *channel, const char *type, long long dept,
                      long long defect, const char *status, const char *received, const char *due,
                      const char *answered, const char *resolved, int fcr)
{
	return insert("INSERT INTO feedback (business_id, client_id, channel, type, department_id, defect_id, text,"
	              " status, received_at, sla_due_at, first_response_at, resolved_at, fcr)"
	              " VALUES (?, ?, ?, ?, ?, ?, 'text', ?, ?, ?, ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), client ? CXM_PINT(client) : CXM_PNULL, CXM_PSTR(channel),
	                         CXM_PSTR(type), dept ? CXM_PINT(dept) : CXM_PNULL,
	                         defect ? CXM_PINT(defect) : CXM_PNULL, CXM_PSTR(status), CXM_PSTR(received),
	                         CXM_PSTR(due), answered ? CXM_PSTR(answered) : CXM_PNULL,
	                         resolved ? CXM_PSTR(resolved) : CXM_PNULL, CXM_PINT(fcr)));
}

/* The register of business A (departments d1, d2; defect x1):
 *
 *  item channel   type             dept def status    received          SLA due      first answer  resolved          fcr
 *  f1   hotline   product_quality  d1   x1  resolved  03-01 00:00 (=from) 03-02 00:00  03-01 10:00   03-01 12:00 (12 h) 1
 *  f2   email     service_quality  d1   -   resolved  03-05 00:00       03-06 00:00  03-06 06:00   03-07 00:00 (48 h) 0
 *  f3   web_form  service_quality  d2   x1  new       03-10 00:00       03-11 00:00  -             -                  0
 *  f4   hotline   other            -    -   new       03-31 20:00       04-01 20:00  -             -                  0
 *  f5   social    paperwork        d2   -   resolved  02-25 00:00       02-26 00:00  02-25 05:00   03-02 00:00 (120 h) 1
 *  f6   hotline   product_quality  d1   -   resolved  03-20 00:00       03-21 00:00  03-20 01:00   04-01 00:00 (=to)  1
 *  f7   messenger information      -    -   new       04-01 00:00 (=to) 04-02 00:00  -             -                  0
 *  f8   shop      product_quality  d1   -   rejected  03-15 00:00       03-16 00:00  -             -                  0
 *  f9   email     service_quality  d2   x1  resolved  03-12 00:00       03-13 00:00  03-12 12:00   03-14 00:00 (48 h) 1
 * (all 2026, UTC)
 *
 * Business B: b1 hotline product_quality, received 03-03 00:00, answered
 * 01:00, resolved 02:00 (2 h), fcr; b2 email other, received 03-04 00:00,
 * due 03-05 00:00, unanswered (overdue). */
static long long f[10], c1, c2, d1, d2, x1;

static void build(void)
{
	c1 = mk_client(biz);
	c2 = mk_client(biz);
	d1 = mk_department(biz, "Sales");
	d2 = mk_department(biz, "Logistics");
	x1 = mk_defect(biz, "Late delivery");
	f[1] = item(biz, c1, "hotline", "product_quality", d1, x1, "resolved", "2026-03-01 00:00:00",
	            "2026-03-02 00:00:00", "2026-03-01 10:00:00", "2026-03-01 12:00:00", 1);
	f[2] = item(biz, c2, "email", "service_quality", d1, 0, "resolved", "2026-03-05 00:00:00",
	            "2026-03-06 00:00:00", "2026-03-06 06:00:00", "2026-03-07 00:00:00", 0);
	f[3] = item(biz, 0, "web_form", "service_quality", d2, x1, "new", "2026-03-10 00:00:00",
	            "2026-03-11 00:00:00", NULL, NULL, 0);
	f[4] = item(biz, c1, "hotline", "other", 0, 0, "new", "2026-03-31 20:00:00", "2026-04-01 20:00:00", NULL,
	            NULL, 0);
	f[5] = item(biz, c2, "social", "paperwork", d2, 0, "resolved", "2026-02-25 00:00:00",
	            "2026-02-26 00:00:00", "2026-02-25 05:00:00", "2026-03-02 00:00:00", 1);
	f[6] = item(biz, c1, "hotline", "product_quality", d1, 0, "resolved", "2026-03-20 00:00:00",
	            "2026-03-21 00:00:00", "2026-03-20 01:00:00", "2026-04-01 00:00:00", 1);
	f[7] = item(biz, 0, "messenger", "information", 0, 0, "new", "2026-04-01 00:00:00", "2026-04-02 00:00:00",
	            NULL, NULL, 0);
	f[8] = item(biz, 0, "shop", "product_quality", d1, 0, "rejected", "2026-03-15 00:00:00",
	            "2026-03-16 00:00:00", NULL, NULL, 0);
	f[9] = item(biz, c2, "email", "service_quality", d2, x1, "resolved", "2026-03-12 00:00:00",
	            "2026-03-13 00:00:00", "2026-03-12 12:00:00", "2026-03-14 00:00:00", 1);

	long long bd = mk_department(other_biz, "Sales"), bx = mk_defect(other_biz, "Late delivery");
	item(other_biz, 0, "hotline", "product_quality", bd, bx, "resolved", "2026-03-03 00:00:00",
	     "2026-03-04 00:00:00", "2026-03-03 01:00:00", "2026-03-03 02:00:00", 1);
	item(other_biz, 0, "email", "other", bd, 0, "new", "2026-03-04 00:00:00", "2026-03-05 00:00:00", NULL, NULL,
	     0);
}

static void setup(void)
{
	char *dsn = th_db_create_migrated("svc");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 16);
	biz = insert("INSERT INTO businesses (slug, name) VALUES ('svc-a', 'A')", CXM_NOPARAMS);
	other_biz = insert("INSERT INTO businesses (slug, name) VALUES ('svc-b', 'B')", CXM_NOPARAMS);
	build();
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* ---- running the plugin ---------------------------------------------------- */

static struct cxm_plugin_metric_out run_in(long long b, const char *const *settings, long long from,
                                           long long to, const char *metric, const char *dim)
{
	return tm_compute(db, arena, plugin, b, settings, from, to, metric, dim);
}

static struct cxm_plugin_metric_out run(const char *metric, const char *dim)
{
	return run_in(biz, NULL, FROM, TO, metric, dim);
}

static void check_part(const struct cxm_plugin_metric_row *row, const char *key, double value, long long n)
{
	for (size_t i = 0; i < row->nparts; i++)
		if (strcmp(row->parts[i].key, key) == 0) {
			assert_near(row->parts[i].value, value);
			ck_assert_int_eq(row->parts[i].n, n);
			ck_assert_int_eq(row->parts[i].unit, CXM_PLUGIN_UNIT_PERCENT);
			ck_assert_ptr_nonnull(row->parts[i].label);
			return;
		}
	ck_abort_msg("no part %s", key);
}

static void check_row(const struct cxm_plugin_metric_out *o, const char *group, double value, long long n,
                      int enough)
{
	const struct cxm_plugin_metric_row *row = tm_row_of(o, group);
	assert_near(row->value, value);
	ck_assert_int_eq(row->n, n);
	ck_assert_int_eq(row->enough, enough);
}

static const char *id(long long v)
{
	return cxm_printf(arena, "%lld", v);
}

static int drill_row(void *ud, const struct cxm_plugin_drill_row *row)
{
	const char **t = ud;
	ck_assert_str_eq(row->ref_kind, "feedback");
	if (row->has_score)
		*t = cxm_printf(arena, "%s%lld:%lld:%g ", *t, row->client_id, row->ref_id, row->score);
	else
		*t = cxm_printf(arena, "%s%lld:%lld ", *t, row->client_id, row->ref_id);
	return 0;
}

/* The drill rows as "client:item[:score] " text. */
static const char *drill_in(long long b, const char *metric, const char *part, const char *dim,
                            const char *group, long long limit, long long offset)
{
	struct cxm_metric_scope scope = {b, NULL, FROM, TO};
	const char *t = "";
	char err[256];
	enum cxm_err rc = cxm_metric_drill(db, arena, plugin, &scope, metric, part, dim, group, limit, offset,
	                                   drill_row, &t, err, sizeof(err));
	ck_assert_msg(rc == CXM_OK, "drill %s: %s", metric, err);
	return t;
}

static const char *drill(const char *metric, const char *part, const char *dim, const char *group)
{
	return drill_in(biz, metric, part, dim, group, 100, 0);
}

/* "client:item " (score < 0: none) appended to t. */
static const char *it(const char *t, long long client, int i, double score)
{
	return score < 0 ? cxm_printf(arena, "%s%lld:%lld ", t, client, f[i])
	                 : cxm_printf(arena, "%s%lld:%lld:%g ", t, client, f[i], score);
}

/* ---- the tests ---------------------------------------------------------------- */

START_TEST(empty_period)
{
	static const char *const keys[] = {"art", "fcr", "sla", "complaints"};
	for (size_t k = 0; k < 4; k++) {
		struct cxm_plugin_metric_out o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, keys[k], NULL);
		ck_assert_uint_eq(o.nrows, 1);
		check_row(&o, "", 0, 0, 0);
		o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, keys[k], "channel");
		ck_assert_uint_eq(o.nrows, 0);
	}
	struct cxm_plugin_metric_out o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, "complaints", NULL);
	ck_assert_str_eq(tm_bins_text(arena, &o), "hotline=0 survey=0 internet_review=0 email=0 web_form=0 social=0 "
	                                "messenger=0 shop=0 post=0 ");
	ck_assert_uint_eq(o.rows[0].nparts, 5);
	check_part(&o.rows[0], "other", 0, 0);
	o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, "sla", NULL);
	check_part(&o.rows[0], "overdue", 0, 0);
}
END_TEST

/* ART and FCR: resolved in the period: f1 12 h (fcr), f2 48 h, f5 120 h
 * (received in February, resolved 03-02: counts), f9 48 h (fcr); f6
 * resolved at `to` exactly is out. ART (12 + 48 + 120 + 48) / 4 = 57 h;
 * FCR 3 of 4 = 75 %. */
START_TEST(art_fcr)
{
	struct cxm_plugin_metric_out o = run("art", NULL);
	check_row(&o, "", 57, 4, 0);
	ck_assert_uint_eq(o.nbins, 0);
	o = run("fcr", NULL);
	check_row(&o, "", 75, 4, 0);
	check_part(&o.rows[0], "first_contact", 75, 3);
	check_part(&o.rows[0], "more_contacts", 25, 1);
	const struct cxm_plugin_metric_info *info = cxm_metric_find(plugin, "fcr");
	ck_assert_uint_eq(info->nbenchmarks, 1);
	ck_assert_str_eq(info->benchmarks[0].label, "target");
	assert_near(info->benchmarks[0].value, 70);
	ck_assert_int_eq(cxm_metric_find(plugin, "art")->higher_is_better, 0);
	ck_assert_int_eq(cxm_metric_find(plugin, "art")->unit, CXM_PLUGIN_UNIT_HOURS);

	/* ART by channel: hotline f1 12; email f2, f9 48; social f5 120 */
	o = run("art", "channel");
	ck_assert_uint_eq(o.nrows, 3);
	check_row(&o, "hotline", 12, 1, 0);
	check_row(&o, "email", 48, 2, 0);
	check_row(&o, "social", 120, 1, 0);
	/* by type: product_quality f1 12; service_quality f2, f9 48; paperwork f5 120 */
	o = run("art", "type");
	ck_assert_uint_eq(o.nrows, 3);
	check_row(&o, "product_quality", 12, 1, 0);
	check_row(&o, "service_quality", 48, 2, 0);
	check_row(&o, "paperwork", 120, 1, 0);
	/* by department: d1 f1, f2 (12 + 48) / 2 = 30; d2 f5, f9 (120 + 48) / 2 = 84 */
	o = run("art", "department");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, id(d1), 30, 2, 0);
	check_row(&o, id(d2), 84, 2, 0);
	/* by defect: x1 f1, f9 (12 + 48) / 2 = 30 (f2, f5 have none) */
	o = run("art", "defect");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, id(x1), 30, 2, 0);
	/* FCR by department: d1 f1 yes, f2 no = 50; d2 f5, f9 yes = 100 */
	o = run("fcr", "department");
	check_row(&o, id(d1), 50, 2, 0);
	check_row(&o, id(d2), 100, 2, 0);
	check_part(tm_row_of(&o, id(d1)), "more_contacts", 50, 1);
}
END_TEST

/* SLA: received in the period f1, f2, f3, f4, f6, f8, f9 (f5 before, f7 at
 * `to`); judged: f1 in time, f2 late (answered 6 h after its deadline), f3
 * overdue (unanswered, due 03-11), f6 in time, f9 in time; not judged: f4
 * (due after the period's end), f8 (rejected without an answer). In time
 * 3 of 5 = 60 %, late 1 = 20 %, overdue 1 = 20 %. */
START_TEST(sla)
{
	struct cxm_plugin_metric_out o = run("sla", NULL);
	check_row(&o, "", 60, 5, 0);
	check_part(&o.rows[0], "in_time", 60, 3);
	check_part(&o.rows[0], "late", 20, 1);
	check_part(&o.rows[0], "overdue", 20, 1);
	/* by channel: hotline f1, f6 in time (f4 not judged) 100; email f2
	 * late, f9 in time 50; web_form f3 overdue 0; shop only f8: no row */
	o = run("sla", "channel");
	ck_assert_uint_eq(o.nrows, 3);
	check_row(&o, "hotline", 100, 2, 0);
	check_row(&o, "email", 50, 2, 0);
	check_row(&o, "web_form", 0, 1, 0);
	check_part(tm_row_of(&o, "web_form"), "overdue", 100, 1);
	/* by type: product_quality f1, f6 100; service_quality f2 late, f3
	 * overdue, f9 in time 1/3; other (f4) not judged: no row */
	o = run("sla", "type");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, "product_quality", 100, 2, 0);
	check_row(&o, "service_quality", 100.0 / 3, 3, 0);
	/* by department: d1 f1, f2, f6 (f8 not judged) 2/3; d2 f3, f9 1/2 */
	o = run("sla", "department");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, id(d1), 200.0 / 3, 3, 0);
	check_row(&o, id(d2), 50, 2, 0);
	/* by defect: x1 f1, f3, f9 2/3 */
	o = run("sla", "defect");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, id(x1), 200.0 / 3, 3, 0);
	/* the same month judged at an earlier end: [03-01, 03-10 12:00): f1,
	 * f2 answered; f3 (due 03-11) not yet judged: 1 of 2 = 50 % */
	o = run_in(biz, NULL, FROM, FROM + 9 * 86400 + 12 * 3600, "sla", NULL);
	check_row(&o, "", 50, 2, 0);
	check_part(&o.rows[0], "overdue", 0, 0);
}
END_TEST

/* Complaints: received in the period f1, f2, f3, f4, f6, f8, f9 = 7;
 * by type product_quality 3 (f1, f6, f8) = 3/7, service_quality 3 (f2,
 * f3, f9), other 1 (f4); bins per channel: hotline 3 (f1, f4, f6), email
 * 2 (f2, f9), web_form 1, shop 1. */
START_TEST(complaints)
{
	struct cxm_plugin_metric_out o = run("complaints", NULL);
	check_row(&o, "", 7, 7, 0);
	ck_assert_uint_eq(o.rows[0].nparts, 5);
	check_part(&o.rows[0], "product_quality", 300.0 / 7, 3);
	check_part(&o.rows[0], "service_quality", 300.0 / 7, 3);
	check_part(&o.rows[0], "paperwork", 0, 0);
	check_part(&o.rows[0], "information", 0, 0);
	check_part(&o.rows[0], "other", 100.0 / 7, 1);
	ck_assert_str_eq(tm_bins_text(arena, &o), "hotline=3 survey=0 internet_review=0 email=2 web_form=1 social=0 "
	                                "messenger=0 shop=1 post=0 ");
	ck_assert_int_eq(cxm_metric_find(plugin, "complaints")->unit, CXM_PLUGIN_UNIT_COUNT);
	/* min_n 7: enough; 8: not */
	static const char *const seven[] = {"7"}, *const eight[] = {"8"};
	o = run_in(biz, seven, FROM, TO, "complaints", NULL);
	check_row(&o, "", 7, 7, 1);
	o = run_in(biz, eight, FROM, TO, "complaints", NULL);
	check_row(&o, "", 7, 7, 0);
	/* by channel */
	o = run("complaints", "channel");
	ck_assert_uint_eq(o.nrows, 4);
	check_row(&o, "hotline", 3, 3, 0);
	check_row(&o, "email", 2, 2, 0);
	check_row(&o, "web_form", 1, 1, 0);
	check_row(&o, "shop", 1, 1, 0);
	/* by type */
	o = run("complaints", "type");
	ck_assert_uint_eq(o.nrows, 3);
	check_row(&o, "product_quality", 3, 3, 0);
	check_row(&o, "service_quality", 3, 3, 0);
	check_row(&o, "other", 1, 1, 0);
	check_part(tm_row_of(&o, "other"), "other", 100, 1);
	/* by department: d1 f1, f2, f6, f8 = 4 (product 3/4, service 1/4); d2 f3, f9 */
	o = run("complaints", "department");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, id(d1), 4, 4, 0);
	check_row(&o, id(d2), 2, 2, 0);
	check_part(tm_row_of(&o, id(d1)), "product_quality", 75, 3);
	check_part(tm_row_of(&o, id(d1)), "service_quality", 25, 1);
	/* by defect: x1 f1, f3, f9 */
	o = run("complaints", "defect");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, id(x1), 3, 3, 0);
	static const char *const three[] = {"3"};
	o = run_in(biz, three, FROM, TO, "complaints", "defect");
	check_row(&o, id(x1), 3, 3, 1);
}
END_TEST

START_TEST(drill_rows)
{
	/* ART: resolved in the period, newest resolution first: f9 (03-14,
	 * 48 h), f2 (03-07, 48 h), f5 (03-02, 120 h), f1 (03-01 12:00, 12 h) */
	ck_assert_str_eq(drill("art", NULL, NULL, NULL), it(it(it(it("", c2, 9, 48), c2, 2, 48), c2, 5, 120), c1, 1, 12));
	ck_assert_str_eq(drill("art", NULL, "channel", "hotline"), it("", c1, 1, 12));
	ck_assert_str_eq(drill("art", NULL, "department", id(d2)), it(it("", c2, 9, 48), c2, 5, 120));
	/* FCR: the same items, no score */
	ck_assert_str_eq(drill("fcr", "more_contacts", NULL, NULL), it("", c2, 2, -1));
	ck_assert_str_eq(drill("fcr", "first_contact", NULL, NULL), it(it(it("", c2, 9, -1), c2, 5, -1), c1, 1, -1));
	/* SLA: judged items, newest received first: f6, f9, f3, f2, f1; the
	 * score is the hours to the first answer (none for f3) */
	ck_assert_str_eq(drill("sla", NULL, NULL, NULL),
	                 it(it(it(it(it("", c1, 6, 1), c2, 9, 12), 0, 3, -1), c2, 2, 30), c1, 1, 10));
	ck_assert_str_eq(drill("sla", "in_time", NULL, NULL), it(it(it("", c1, 6, 1), c2, 9, 12), c1, 1, 10));
	ck_assert_str_eq(drill("sla", "late", NULL, NULL), it("", c2, 2, 30));
	ck_assert_str_eq(drill("sla", "overdue", NULL, NULL), it("", 0, 3, -1));
	ck_assert_str_eq(drill("sla", "in_time", "defect", id(x1)), it(it("", c2, 9, 12), c1, 1, 10));
	/* complaints: newest first f4, f6, f8, f9, f3, f2, f1 */
	ck_assert_str_eq(drill("complaints", NULL, NULL, NULL),
	                 it(it(it(it(it(it(it("", c1, 4, -1), c1, 6, -1), 0, 8, -1), c2, 9, -1), 0, 3, -1), c2, 2, -1),
	                    c1, 1, -1));
	ck_assert_str_eq(drill("complaints", "product_quality", NULL, NULL),
	                 it(it(it("", c1, 6, -1), 0, 8, -1), c1, 1, -1));
	ck_assert_str_eq(drill_in(biz, "complaints", NULL, NULL, NULL, 2, 1), it(it("", c1, 6, -1), 0, 8, -1));
	ck_assert_str_eq(drill_in(biz, "complaints", NULL, NULL, NULL, 2, 6), it("", c1, 1, -1));
	ck_assert_str_eq(drill("complaints", NULL, "department", id(d2)), it(it("", c2, 9, -1), 0, 3, -1));
}
END_TEST

/* B alone: ART 2 h (n 1), FCR 100, SLA b1 in time, b2 overdue = 50,
 * complaints 2; A's numbers as above with B's items present. */
START_TEST(tenancy)
{
	struct cxm_plugin_metric_out o = run_in(other_biz, NULL, FROM, TO, "art", NULL);
	check_row(&o, "", 2, 1, 0);
	o = run_in(other_biz, NULL, FROM, TO, "fcr", NULL);
	check_row(&o, "", 100, 1, 0);
	o = run_in(other_biz, NULL, FROM, TO, "sla", NULL);
	check_row(&o, "", 50, 2, 0);
	o = run_in(other_biz, NULL, FROM, TO, "complaints", NULL);
	check_row(&o, "", 2, 2, 0);
	ck_assert_str_eq(tm_bins_text(arena, &o), "hotline=1 survey=0 internet_review=0 email=1 web_form=0 social=0 "
	                                "messenger=0 shop=0 post=0 ");
	o = run_in(other_biz, NULL, FROM, TO, "complaints", "department");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, o.rows[0].group, 2, 2, 0);   /* B's own department */
	ck_assert_str_ne(o.rows[0].group, id(d1));
	ck_assert_str_ne(o.rows[0].group, id(d2));
	o = run("complaints", "channel");
	check_row(&o, "hotline", 3, 3, 0);
	check_row(&o, "email", 2, 2, 0);
	o = run("art", NULL);
	check_row(&o, "", 57, 4, 0);
	o = run("sla", NULL);
	check_row(&o, "", 60, 5, 0);
	const char *t = drill_in(other_biz, "complaints", NULL, NULL, NULL, 100, 0);
	for (int i = 1; i <= 9; i++)
		ck_assert_ptr_null(strstr(t, cxm_printf(arena, ":%lld ", f[i])));
	ck_assert_int_eq((int)(strlen(t) > 0), 1);
}
END_TEST

static Suite *service_suite(void)
{
	Suite *s = suite_create("service");
	TCase *tc = tcase_create("metrics");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, empty_period);
	tcase_add_test(tc, art_fcr);
	tcase_add_test(tc, sla);
	tcase_add_test(tc, complaints);
	tcase_add_test(tc, drill_rows);
	tcase_add_test(tc, tenancy);
	suite_add_tcase(s, tc);
	return s;
}

/* Loads the built module from a directory of its own. */
int main(void)
{
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	plugin = tm_load(&plugins, "plugins/metric-service/.libs/metric_service.so", "service");
	SRunner *sr = srunner_create(service_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	cxm_plugins_unload(&plugins);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
