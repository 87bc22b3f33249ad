/* The satisfaction metric plugin (plugins/metric-satisfaction), loaded from
 * the build tree and run through core/metric.c on a survey data set built
 * by SQL inserts: CSAT, NPS, CES and CSI overall, every breakdown, the bins
 * and parts, the period's boundaries, min_n, the drill-down, CSI against
 * core/survey_results.c, and that another business's answers never count.
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
#include "survey_results.h"

static struct cxm_plugins plugins;
static const struct cxm_plugin *plugin;
static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz, other_biz;

/* The period of the data set: [2026-03-01, 2026-04-01) UTC. */
#define FROM 1772323200LL   /* 2026-03-01 00:00:00 */
#define TO 1775001600LL     /* 2026-04-01 00:00:00 */
/* A month without answers: [2025-01-01, 2025-02-01). */
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

/* ---- a small builder of survey data ---------------------------------------- */

static long long mk_survey(long long b)
{
	return insert("INSERT INTO surveys (business_id, title_ru, title_en) VALUES (?, 'Опрос', 'Survey')",
	              CXM_PARAMS(CXM_PINT(b)));
}

static long long mk_version(long long b, long long s)
{
	return insert("INSERT INTO survey_versions (business_id, survey_id, number) VALUES (?, ?, 1)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(s)));
}

static long long mk_question(long long b, long long v, int pos, const char *code, const char *type,
                             int smin, int smax)
{
	long long sec = insert("INSERT INTO survey_sections (business_id, version_id, position) VALUES (?, ?, ?)",
	                       CXM_PARAMS(CXM_PINT(b), CXM_PINT(v), CXM_PINT(pos)));
	return insert("INSERT INTO survey_questions (business_id, version_id, section_id, position, code, type,"
	              " scale_min, scale_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(v), CXM_PINT(sec), CXM_PINT(pos), CXM_PSTR(code),
	                         CXM_PSTR(type), CXM_PINT(smin), CXM_PINT(smax)));
}

static long long mk_option(long long b, long long q, int pos, const char *code)
{
	return insert("INSERT INTO survey_options (business_id, question_id, position, code, label_ru, label_en)"
	              " VALUES (?, ?, ?, ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(q), CXM_PINT(pos), CXM_PSTR(code), CXM_PSTR(code),
	                         CXM_PSTR(code)));
}

/* A client with a profile (NULL: unknown). */
static long long mk_client(long long b, const char *age, const char *gender, const char *region,
                           const char *source)
{
	return insert("INSERT INTO clients (business_id, name, age_band, gender, region, source, first_seen,"
	              " last_seen_at) VALUES (?, 'C', ?, ?, ?, ?, '2025-01-01', '2025-01-01')",
	              CXM_PARAMS(CXM_PINT(b), age ? CXM_PSTR(age) : CXM_PNULL,
	                         gender ? CXM_PSTR(gender) : CXM_PNULL, region ? CXM_PSTR(region) : CXM_PNULL,
	                         source ? CXM_PSTR(source) : CXM_PNULL));
}

/* An interaction at location / staff / service (0: none). */
static long long mk_interaction(long long b, long long client, long long loc, long long staff, long long svc)
{
	return insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at, location_id, staff_id,"
	              " service_id) VALUES (?, ?, 'visit', '2026-02-20 12:00:00', ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(client), loc ? CXM_PINT(loc) : CXM_PNULL,
	                         staff ? CXM_PINT(staff) : CXM_PNULL, svc ? CXM_PINT(svc) : CXM_PNULL));
}

static long long mk_invitation(long long b, long long s, long long client, long long interaction)
{
	return insert("INSERT INTO survey_invitations (business_id, survey_id, client_id, source, interaction_id,"
	              " due_at) VALUES (?, ?, ?, 'trigger', ?, '2026-02-21 12:00:00')",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(s), CXM_PINT(client),
	                         interaction ? CXM_PINT(interaction) : CXM_PNULL));
}

static long long mk_response(long long b, long long s, long long v, long long client, long long inv,
                             const char *channel, const char *at)
{
	static int n;
	char key[64];
	snprintf(key, sizeof(key), "key-%d-%lld", ++n, s);
	return insert("INSERT INTO survey_responses (business_id, survey_id, version_id, client_id, invitation_id,"
	              " channel, submit_key, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(s), CXM_PINT(v), client ? CXM_PINT(client) : CXM_PNULL,
	                         inv ? CXM_PINT(inv) : CXM_PNULL, CXM_PSTR(channel), CXM_PSTR(key),
	                         CXM_PSTR(at)));
}

/* An answer: option (0 none), num and num2 (-1 none). */
static void answer(long long b, long long r, long long q, long long opt, int num, int num2)
{
	insert("INSERT INTO survey_answers (business_id, response_id, question_id, option_id, num, num2)"
	       " VALUES (?, ?, ?, ?, ?, ?)",
	       CXM_PARAMS(CXM_PINT(b), CXM_PINT(r), CXM_PINT(q), opt ? CXM_PINT(opt) : CXM_PNULL,
	                  num >= 0 ? CXM_PINT(num) : CXM_PNULL, num2 >= 0 ? CXM_PINT(num2) : CXM_PNULL));
}

/* The data set of business A (ids kept for the drill-down checks):
 *
 * clients  c1 26-35 female msk social; c2 36-45 male spb friends; c3 none
 * interactions  i1 (c1): location 7, staff 21, service 31
 *               i2 (c2): location 8, no staff, service 31
 * invitations   inv1 (c1, i1), inv2 (c2, i2), inv3 (c3, no interaction)
 * survey S1: nps 0-10, csat 1-5, ces 1-7, csi 1-5 (quality, price)
 * survey S2: nps 0-10, ces 1-5
 *
 *  resp  survey client inv  channel    completed            nps csat ces  csi quality / price
 *  r1    S1     c1     inv1 invitation 2026-03-01 00:00:00  10  5    7    (5,5) / (3,4)
 *  r2    S1     c2     inv2 invitation 2026-03-05 10:00     9   4    6    (4,3) / (2,5)
 *  r3    S1     c3     inv3 invitation 2026-03-10 10:00     7   2    2    (3,4) / -
 *  r4    S1     -      -    open_link  2026-03-15 10:00     3   4    -    -     / (4,-)
 *  r5    S1     c1     -    manual     2026-03-20 10:00     6   1    4    -
 *  r6    S2     c2     -    open_link  2026-03-25 10:00     8   -    5/5  -
 *  r7    S2     -      -    manual     2026-03-31 23:59:59  0   -    2/5  -
 *  r8    S1     c1     -    manual     2026-04-01 00:00:00  10  5    7    (1,1) / -     (at `to`: out)
 *  r9    S1     c2     -    manual     2026-02-28 23:59:59  0   1    1    -             (before: out)
 * (csi pairs are (satisfaction num, importance num2); r4's price has no
 * importance, so it is no pair; "5/5" is a CES answer 5 on the 1-5 scale)
 *
 * Business B has its own survey with a client (female, msk, social) and
 * an interaction at location 7: two responses in the period with nps 10
 * and 10, csat 5 and 5, ces 7 and 7, csi quality (1,1) and (1,1). */
static long long c1, c2, c3, r[10];
static long long s1;

static void build(void)
{
	c1 = mk_client(biz, "26-35", "female", "msk", "social");
	c2 = mk_client(biz, "36-45", "male", "spb", "friends");
	c3 = mk_client(biz, NULL, NULL, NULL, NULL);
	long long i1 = mk_interaction(biz, c1, 7, 21, 31), i2 = mk_interaction(biz, c2, 8, 0, 31);
	s1 = mk_survey(biz);
	long long s2 = mk_survey(biz);
	long long v1 = mk_version(biz, s1), v2 = mk_version(biz, s2);
	long long nps1 = mk_question(biz, v1, 1, "nps", "nps", 0, 10);
	long long csat = mk_question(biz, v1, 2, "csat", "csat", 1, 5);
	long long ces1 = mk_question(biz, v1, 3, "ces", "ces", 1, 7);
	long long csi = mk_question(biz, v1, 4, "csi", "csi", 1, 5);
	long long quality = mk_option(biz, csi, 1, "quality"), price = mk_option(biz, csi, 2, "price");
	long long nps2 = mk_question(biz, v2, 1, "nps", "nps", 0, 10);
	long long ces2 = mk_question(biz, v2, 2, "ces5", "ces", 1, 5);
	long long inv1 = mk_invitation(biz, s1, c1, i1), inv2 = mk_invitation(biz, s1, c2, i2);
	long long inv3 = mk_invitation(biz, s1, c3, 0);

	r[1] = mk_response(biz, s1, v1, c1, inv1, "invitation", "2026-03-01 00:00:00");
	r[2] = mk_response(biz, s1, v1, c2, inv2, "invitation", "2026-03-05 10:00:00");
	r[3] = mk_response(biz, s1, v1, c3, inv3, "invitation", "2026-03-10 10:00:00");
	r[4] = mk_response(biz, s1, v1, 0, 0, "open_link", "2026-03-15 10:00:00");
	r[5] = mk_response(biz, s1, v1, c1, 0, "manual", "2026-03-20 10:00:00");
	r[6] = mk_response(biz, s2, v2, c2, 0, "open_link", "2026-03-25 10:00:00");
	r[7] = mk_response(biz, s2, v2, 0, 0, "manual", "2026-03-31 23:59:59");
	r[8] = mk_response(biz, s1, v1, c1, 0, "manual", "2026-04-01 00:00:00");
	r[9] = mk_response(biz, s1, v1, c2, 0, "manual", "2026-02-28 23:59:59");
	static const int nps[10] = {0, 10, 9, 7, 3, 6, 8, 0, 10, 0};
	static const int csatv[10] = {0, 5, 4, 2, 4, 1, -1, -1, 5, 1};
	static const int cesv[10] = {0, 7, 6, 2, -1, 4, 5, 2, 7, 1};
	for (int i = 1; i <= 9; i++) {
		answer(biz, r[i], i == 6 || i == 7 ? nps2 : nps1, 0, nps[i], -1);
		if (csatv[i] >= 0)
			answer(biz, r[i], csat, 0, csatv[i], -1);
		if (cesv[i] >= 0)
			answer(biz, r[i], i == 6 || i == 7 ? ces2 : ces1, 0, cesv[i], -1);
	}
	answer(biz, r[1], csi, quality, 5, 5);
	answer(biz, r[1], csi, price, 3, 4);
	answer(biz, r[2], csi, quality, 4, 3);
	answer(biz, r[2], csi, price, 2, 5);
	answer(biz, r[3], csi, quality, 3, 4);
	answer(biz, r[4], csi, price, 4, -1);
	answer(biz, r[8], csi, quality, 1, 1);

	/* business B */
	long long bc = mk_client(other_biz, "26-35", "female", "msk", "social");
	long long bi = mk_interaction(other_biz, bc, 7, 21, 31);
	long long bs = mk_survey(other_biz), bv = mk_version(other_biz, bs);
	long long bnps = mk_question(other_biz, bv, 1, "nps", "nps", 0, 10);
	long long bcsat = mk_question(other_biz, bv, 2, "csat", "csat", 1, 5);
	long long bces = mk_question(other_biz, bv, 3, "ces", "ces", 1, 7);
	long long bcsi = mk_question(other_biz, bv, 4, "csi", "csi", 1, 5);
	long long bq = mk_option(other_biz, bcsi, 1, "quality");
	long long binv = mk_invitation(other_biz, bs, bc, bi);
	for (int i = 0; i < 2; i++) {
		long long br = mk_response(other_biz, bs, bv, bc, i ? 0 : binv, "invitation",
		                           i ? "2026-03-12 10:00:00" : "2026-03-01 00:00:00");
		answer(other_biz, br, bnps, 0, 10, -1);
		answer(other_biz, br, bcsat, 0, 5, -1);
		answer(other_biz, br, bces, 0, 7, -1);
		answer(other_biz, br, bcsi, bq, 1, 1);
	}
}

static void setup(void)
{
	char *dsn = th_db_create_migrated("sat");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 16);
	biz = insert("INSERT INTO businesses (slug, name) VALUES ('sat-a', 'A')", CXM_NOPARAMS);
	other_biz = insert("INSERT INTO businesses (slug, name) VALUES ('sat-b', 'B')", CXM_NOPARAMS);
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

static void check_part(const struct cxm_plugin_metric_row *row, const char *key, double value, long long n,
                       enum cxm_plugin_metric_unit unit)
{
	const struct cxm_plugin_metric_part *p = tm_part_of(row, key);
	assert_near(p->value, value);
	ck_assert_int_eq(p->n, n);
	ck_assert_int_eq(p->unit, unit);
	ck_assert_ptr_nonnull(p->label);
}

static void check_row(const struct cxm_plugin_metric_out *o, const char *group, double value, long long n,
                      int enough)
{
	const struct cxm_plugin_metric_row *row = tm_row_of(o, group);
	assert_near(row->value, value);
	ck_assert_int_eq(row->n, n);
	ck_assert_int_eq(row->enough, enough);
}

struct drilled {
	const char *text;
};

static int drill_row(void *ud, const struct cxm_plugin_drill_row *row)
{
	struct drilled *d = ud;
	ck_assert_str_eq(row->ref_kind, "response");
	ck_assert_int_eq(row->has_score, 1);
	d->text = cxm_printf(arena, "%s%lld:%lld:%g ", d->text, row->client_id, row->ref_id, row->score);
	return 0;
}

/* The drill rows as "client:response:score " text. */
static const char *drill(const char *metric, const char *part, const char *dim, const char *group,
                         long long limit, long long offset)
{
	struct cxm_metric_scope scope = {biz, NULL, FROM, TO};
	struct drilled d = {""};
	char err[256];
	enum cxm_err rc = cxm_metric_drill(db, arena, plugin, &scope, metric, part, dim, group, limit, offset,
	                                   drill_row, &d, err, sizeof(err));
	ck_assert_msg(rc == CXM_OK, "drill %s: %s", metric, err);
	return d.text;
}

static int at_row(void *ud, const struct cxm_plugin_drill_row *row)
{
	*(long long *)ud = row->at;
	return 1;   /* the first row is enough */
}

/* The Unix time of the first drill row. */
static long long first_at(const char *metric, const char *part, const char *dim, const char *group)
{
	struct cxm_metric_scope scope = {biz, NULL, FROM, TO};
	long long at = -1;
	char err[256];
	ck_assert_int_eq(cxm_metric_drill(db, arena, plugin, &scope, metric, part, dim, group, 10, 0, at_row,
	                                  &at, err, sizeof(err)),
	                 CXM_OK);
	return at;
}

/* "client:response:score " for response i with score s. */
static const char *dr(const char *t, long long client, int i, int score)
{
	return cxm_printf(arena, "%s%lld:%lld:%d ", t, client, r[i], score);
}

/* ---- the tests ---------------------------------------------------------------- */

/* A month without answers: every metric n 0, value 0, not enough; the
 * score metrics still show their scale's empty bins; no breakdown rows. */
START_TEST(empty_period)
{
	static const char *const keys[] = {"csat", "nps", "ces", "csi"};
	for (size_t k = 0; k < 4; k++) {
		struct cxm_plugin_metric_out o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, keys[k], NULL);
		ck_assert_uint_eq(o.nrows, 1);
		check_row(&o, "", 0, 0, 0);
		o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, keys[k], "channel");
		ck_assert_uint_eq(o.nrows, 0);
	}
	struct cxm_plugin_metric_out o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, "nps", NULL);
	ck_assert_str_eq(tm_bins_text(arena, &o), "0=0 1=0 2=0 3=0 4=0 5=0 6=0 7=0 8=0 9=0 10=0 ");
	check_part(&o.rows[0], "promoters", 0, 0, CXM_PLUGIN_UNIT_PERCENT);
	check_part(&o.rows[0], "detractors", 0, 0, CXM_PLUGIN_UNIT_PERCENT);
	o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, "csat", NULL);
	ck_assert_str_eq(tm_bins_text(arena, &o), "1=0 2=0 3=0 4=0 5=0 ");
	o = run_in(biz, NULL, EMPTY_FROM, EMPTY_TO, "csi", NULL);
	ck_assert_uint_eq(o.nbins, 0);
	/* n 0 is never enough, whatever min_n */
	static const char *const one[] = {"1"};
	o = run_in(biz, one, EMPTY_FROM, EMPTY_TO, "csat", NULL);
	check_row(&o, "", 0, 0, 0);
}
END_TEST

/* NPS over both surveys, r1 (at `from`) in, r8 (at `to`) and r9 out:
 * 10, 9, 7, 3, 6, 8, 0: promoters 2 (10, 9), passives 2 (7, 8),
 * detractors 3 (3, 6, 0) of 7: 200/7 - 300/7 = -100/7 = -14.2857...
 * 7 answers is below the default min_n 30: not enough, value computed. */
START_TEST(nps_overall)
{
	struct cxm_plugin_metric_out o = run("nps", NULL);
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, "", -100.0 / 7, 7, 0);
	check_part(&o.rows[0], "promoters", 200.0 / 7, 2, CXM_PLUGIN_UNIT_PERCENT);
	check_part(&o.rows[0], "passives", 200.0 / 7, 2, CXM_PLUGIN_UNIT_PERCENT);
	check_part(&o.rows[0], "detractors", 300.0 / 7, 3, CXM_PLUGIN_UNIT_PERCENT);
	ck_assert_uint_eq(o.rows[0].nparts, 3);
	ck_assert_str_eq(tm_bins_text(arena, &o), "0=1 1=0 2=0 3=1 4=0 5=0 6=1 7=1 8=1 9=1 10=1 ");
	/* the descriptor: benchmarks of document 001 */
	const struct cxm_plugin_metric_info *info = cxm_metric_find(plugin, "nps");
	ck_assert_ptr_nonnull(info);
	ck_assert_int_eq(info->unit, CXM_PLUGIN_UNIT_INDEX);
	ck_assert_uint_eq(info->nbenchmarks, 2);
	ck_assert_str_eq(info->benchmarks[0].label, "good");
	assert_near(info->benchmarks[0].value, 30);
	ck_assert_str_eq(info->benchmarks[1].label, "excellent");
	assert_near(info->benchmarks[1].value, 50);
}
END_TEST

/* min_n from the settings: 7 answers are enough with min_n 7, not with 8;
 * the value does not change. */
START_TEST(min_n_setting)
{
	static const char *const seven[] = {"7"}, *const eight[] = {"8"};
	struct cxm_plugin_metric_out o = run_in(biz, seven, FROM, TO, "nps", NULL);
	check_row(&o, "", -100.0 / 7, 7, 1);
	o = run_in(biz, eight, FROM, TO, "nps", NULL);
	check_row(&o, "", -100.0 / 7, 7, 0);
	/* and per group: channel invitation has 3 answers (below) */
	static const char *const three[] = {"3"};
	o = run_in(biz, three, FROM, TO, "nps", "channel");
	check_row(&o, "invitation", 200.0 / 3, 3, 1);
	check_row(&o, "open_link", -50, 2, 0);
	ck_assert_int_eq(plugin->entry->nsettings, 1);
	ck_assert_str_eq(plugin->entry->settings[0].key, "min_n");
	ck_assert_str_eq(plugin->entry->settings[0].def, "30");
	ck_assert_str_eq(plugin->entry->settings[0].label, "Minimum sample");
}
END_TEST

/* CSAT (S1, 1-5): 5, 4, 2, 4, 1 (r8's 5 and r9's 1 are out): positive
 * (4-5) 3 of 5 = 60 %, negative 2 = 40 %; mean 16/5 = 3.2. */
START_TEST(csat_overall)
{
	struct cxm_plugin_metric_out o = run("csat", NULL);
	check_row(&o, "", 60, 5, 0);
	check_part(&o.rows[0], "mean", 3.2, 5, CXM_PLUGIN_UNIT_SCORE);
	check_part(&o.rows[0], "positive", 60, 3, CXM_PLUGIN_UNIT_PERCENT);
	check_part(&o.rows[0], "negative", 40, 2, CXM_PLUGIN_UNIT_PERCENT);
	ck_assert_str_eq(tm_bins_text(arena, &o), "1=1 2=1 3=0 4=2 5=1 ");
	/* by channel: invitation 5, 4, 2 -> 2/3; open_link 4 -> 100; manual 1 -> 0 */
	o = run("csat", "channel");
	ck_assert_uint_eq(o.nrows, 3);
	check_row(&o, "invitation", 200.0 / 3, 3, 0);
	check_row(&o, "open_link", 100, 1, 0);
	check_row(&o, "manual", 0, 1, 0);
	check_part(tm_row_of(&o, "invitation"), "mean", 11.0 / 3, 3, CXM_PLUGIN_UNIT_SCORE);
	ck_assert_uint_eq(o.nbins, 0);
}
END_TEST

/* CES: S1 (1-7) 7, 6, 2, 4; S2 (1-5) 5, 2: mean 26/6; easy = the two
 * easiest points of each question's scale: 7, 6 (S1 >= 6) and 5 (S2 >= 4)
 * = 3 of 6 = 50 %; hard: 2 (S1 <= 2) and 2 (S2 <= 2) = 2 of 6 = 33.3 %.
 * Bins over the scales' union 1..7. */
START_TEST(ces_overall)
{
	struct cxm_plugin_metric_out o = run("ces", NULL);
	check_row(&o, "", 26.0 / 6, 6, 0);
	check_part(&o.rows[0], "easy", 50, 3, CXM_PLUGIN_UNIT_PERCENT);
	check_part(&o.rows[0], "hard", 100.0 / 3, 2, CXM_PLUGIN_UNIT_PERCENT);
	ck_assert_str_eq(tm_bins_text(arena, &o), "1=0 2=2 3=0 4=1 5=1 6=1 7=1 ");
	const struct cxm_plugin_metric_info *info = cxm_metric_find(plugin, "ces");
	ck_assert_uint_eq(info->nbenchmarks, 1);
	ck_assert_str_eq(info->benchmarks[0].label, "average (of 7)");
	assert_near(info->benchmarks[0].value, 5.5);
	/* by gender: female (c1) r1 7, r5 4 -> 5.5, easy 1 of 2, hard 0;
	 * male (c2) r2 6 (1-7), r6 5 (1-5) -> 5.5, easy 2 of 2 */
	o = run("ces", "gender");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, "female", 5.5, 2, 0);
	check_row(&o, "male", 5.5, 2, 0);
	check_part(tm_row_of(&o, "female"), "easy", 50, 1, CXM_PLUGIN_UNIT_PERCENT);
	check_part(tm_row_of(&o, "male"), "easy", 100, 2, CXM_PLUGIN_UNIT_PERCENT);
	check_part(tm_row_of(&o, "male"), "hard", 0, 0, CXM_PLUGIN_UNIT_PERCENT);
}
END_TEST

/* CSI (1-5), pairs (satisfaction, importance) in the period:
 *   quality (5,5) r1, (4,3) r2, (3,4) r3: sat mean 4 -> (4-1)/4 = 0.75,
 *           imp mean 4 -> 0.75; CSI 0.75 * 0.75 * 100 = 56.25
 *   price   (3,4) r1, (2,5) r2 (r4's has no importance): sat 2.5 ->
 *           0.375, imp 4.5 -> 0.875; CSI 0.375 * 0.875 * 100 = 32.8125
 *   overall (56.25 + 32.8125) / 2 = 44.53125; n = 5 pairs
 * and the same as core/survey_results.c gives for S1 in the period. */
START_TEST(csi_overall)
{
	struct cxm_plugin_metric_out o = run("csi", NULL);
	check_row(&o, "", 44.53125, 5, 0);
	ck_assert_str_eq(tm_bins_text(arena, &o), "price=2 quality=3 ");
	o = run("csi", "parameter");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, "quality", 56.25, 3, 0);
	check_row(&o, "price", 32.8125, 2, 0);
	check_part(tm_row_of(&o, "quality"), "satisfaction", 75, 3, CXM_PLUGIN_UNIT_PERCENT);
	check_part(tm_row_of(&o, "quality"), "importance", 75, 3, CXM_PLUGIN_UNIT_PERCENT);
	check_part(tm_row_of(&o, "price"), "satisfaction", 37.5, 2, CXM_PLUGIN_UNIT_PERCENT);
	check_part(tm_row_of(&o, "price"), "importance", 87.5, 2, CXM_PLUGIN_UNIT_PERCENT);

	struct cxm_sr_filter f = {.from_utc = "2026-03-01 00:00:00", .to_utc = "2026-04-01 00:00:00"};
	struct cxm_survey_results res;
	ck_assert_int_eq(cxm_survey_results(db, arena, biz, s1, &f, &res), CXM_OK);
	const struct cxm_sr_question *q = NULL;
	for (size_t i = 0; i < res.nq; i++)
		if (strcmp(res.q[i].code, "csi") == 0)
			q = &res.q[i];
	ck_assert_ptr_nonnull(q);
	struct cxm_plugin_metric_out all = run("csi", NULL);
	assert_near(all.rows[0].value, q->csi);
	for (size_t b = 0; b < q->nbars; b++)
		assert_near(tm_row_of(&o, q->bars[b].code)->value, q->bars[b].csi);
	ck_assert_uint_eq(q->nbars, 2);

	/* by gender: female r1: quality (5,5) -> 1 * 1 = 100, price (3,4) ->
	 * 0.5 * 0.75 = 37.5; mean 68.75, 2 pairs. male r2: quality (4,3) ->
	 * 0.75 * 0.5 = 37.5, price (2,5) -> 0.25 * 1 = 25; mean 31.25. */
	o = run("csi", "gender");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, "female", 68.75, 2, 0);
	check_row(&o, "male", 31.25, 2, 0);
	/* by location: 7 is r1's (68.75 as above), 8 r2's (31.25); r3's
	 * invitation has no interaction */
	o = run("csi", "location");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, "7", 68.75, 2, 0);
	check_row(&o, "8", 31.25, 2, 0);
	/* channel: all pairs came by invitation (r1, r2, r3) */
	o = run("csi", "channel");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, "invitation", 44.53125, 5, 0);
}
END_TEST

/* NPS by every breakdown; answers: r1 10 (c1, i1), r2 9 (c2, i2), r3 7
 * (c3, inv3 without interaction), r4 3 (anonymous), r5 6 (c1), r6 8 (c2),
 * r7 0 (anonymous). */
START_TEST(nps_breakdowns)
{
	/* channel: invitation 10, 9, 7 -> 2/3 - 0 = 66.67; open_link 3, 8 ->
	 * 0 - 1/2 = -50; manual 6, 0 -> -100 */
	struct cxm_plugin_metric_out o = run("nps", "channel");
	ck_assert_uint_eq(o.nrows, 3);
	check_row(&o, "invitation", 200.0 / 3, 3, 0);
	check_row(&o, "open_link", -50, 2, 0);
	check_row(&o, "manual", -100, 2, 0);
	check_part(tm_row_of(&o, "open_link"), "passives", 50, 1, CXM_PLUGIN_UNIT_PERCENT);
	/* interactions: location 7 r1 (10), location 8 r2 (9); staff 21 r1;
	 * service 31 r1, r2; r3's invitation has none and is left out */
	o = run("nps", "location");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, "7", 100, 1, 0);
	check_row(&o, "8", 100, 1, 0);
	o = run("nps", "staff");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, "21", 100, 1, 0);
	o = run("nps", "service");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, "31", 100, 2, 0);
	/* profile: c1 (r1 10, r5 6) 1/2 - 1/2 = 0; c2 (r2 9, r6 8) 1/2 - 0 = 50;
	 * c3 and the anonymous ones have no profile and are left out */
	static const char *const dims[4] = {"age_band", "gender", "region", "source"};
	static const char *const g1[4] = {"26-35", "female", "msk", "social"};
	static const char *const g2[4] = {"36-45", "male", "spb", "friends"};
	for (int i = 0; i < 4; i++) {
		o = run("nps", dims[i]);
		ck_assert_uint_eq(o.nrows, 2);
		check_row(&o, g1[i], 0, 2, 0);
		check_row(&o, g2[i], 50, 2, 0);
		check_part(tm_row_of(&o, g2[i]), "promoters", 50, 1, CXM_PLUGIN_UNIT_PERCENT);
	}
	/* the other breakdowns refuse */
	struct cxm_metric_scope scope = {biz, NULL, FROM, TO};
	char err[256];
	ck_assert_int_eq(cxm_metric_compute(db, arena, plugin, &scope, "nps", "parameter", NULL, &o, err,
	                                    sizeof(err)),
	                 CXM_ERR_NOT_FOUND);
}
END_TEST

/* Newest first, one row per answer: r7 0, r6 8, r5 6, r4 3, r3 7, r2 9, r1 10. */
START_TEST(drill_rows)
{
	const char *all = dr(dr(dr(dr(dr(dr(dr("", 0, 7, 0), c2, 6, 8), c1, 5, 6), 0, 4, 3), c3, 3, 7), c2, 2, 9),
	                     c1, 1, 10);
	ck_assert_str_eq(drill("nps", NULL, NULL, NULL, 100, 0), all);
	/* a page: skip 2, take 3 */
	ck_assert_str_eq(drill("nps", NULL, NULL, NULL, 3, 2), dr(dr(dr("", c1, 5, 6), 0, 4, 3), c3, 3, 7));
	ck_assert_str_eq(drill("nps", "detractors", NULL, NULL, 100, 0),
	                 dr(dr(dr("", 0, 7, 0), c1, 5, 6), 0, 4, 3));
	ck_assert_str_eq(drill("nps", "passives", NULL, NULL, 100, 0), dr(dr("", c2, 6, 8), c3, 3, 7));
	ck_assert_str_eq(drill("nps", "promoters", "gender", "female", 100, 0), dr("", c1, 1, 10));
	ck_assert_str_eq(drill("nps", NULL, "channel", "manual", 100, 0), dr(dr("", 0, 7, 0), c1, 5, 6));
	ck_assert_str_eq(drill("nps", NULL, "location", "8", 100, 0), dr("", c2, 2, 9));
	ck_assert_str_eq(drill("nps", NULL, "staff", "21", 100, 0), dr("", c1, 1, 10));
	ck_assert_str_eq(drill("nps", NULL, "service", "31", 100, 0), dr(dr("", c2, 2, 9), c1, 1, 10));
	ck_assert_str_eq(drill("nps", NULL, "age_band", "36-45", 100, 0), dr(dr("", c2, 6, 8), c2, 2, 9));
	ck_assert_str_eq(drill("nps", NULL, "region", "msk", 100, 0), dr(dr("", c1, 5, 6), c1, 1, 10));
	ck_assert_str_eq(drill("nps", "detractors", "source", "social", 100, 0), dr("", c1, 5, 6));
	ck_assert_str_eq(drill("nps", NULL, "location", "9", 100, 0), "");
	/* CSAT negative: r5 1, r3 2; CES hard: r7 2 (1-5), r3 2 (1-7); easy:
	 * r6 5 (1-5), r2 6, r1 7 */
	ck_assert_str_eq(drill("csat", "negative", NULL, NULL, 100, 0), dr(dr("", c1, 5, 1), c3, 3, 2));
	ck_assert_str_eq(drill("csat", "positive", NULL, NULL, 100, 0),
	                 dr(dr(dr("", 0, 4, 4), c2, 2, 4), c1, 1, 5));
	ck_assert_str_eq(drill("ces", "hard", NULL, NULL, 100, 0), dr(dr("", 0, 7, 2), c3, 3, 2));
	ck_assert_str_eq(drill("ces", "easy", NULL, NULL, 100, 0), dr(dr(dr("", c2, 6, 5), c2, 2, 6), c1, 1, 7));
	/* CSI: a row per pair, the satisfaction as the score; price: r2 2, r1 3 */
	ck_assert_str_eq(drill("csi", NULL, "parameter", "price", 100, 0), dr(dr("", c2, 2, 2), c1, 1, 3));
	ck_assert_str_eq(drill("csi", NULL, NULL, NULL, 2, 0), dr(dr("", c3, 3, 3), c2, 2, 2));
	/* the time of a row: r1 at `from` exactly, r7 a second before `to` */
	ck_assert_int_eq(first_at("nps", "promoters", "gender", "female"), FROM);
	ck_assert_int_eq(first_at("nps", NULL, NULL, NULL), TO - 1);
}
END_TEST

/* B's data never changes A's numbers, and A's none of B's: B alone has
 * nps 10, 10 -> 100; csat 5, 5 -> 100; ces 7, 7 -> 7; csi quality (1,1)
 * twice -> 0 * 0 = 0; location 7 there has its own 2 answers. */
START_TEST(tenancy)
{
	struct cxm_plugin_metric_out o = run_in(other_biz, NULL, FROM, TO, "nps", NULL);
	check_row(&o, "", 100, 2, 0);
	o = run_in(other_biz, NULL, FROM, TO, "csat", NULL);
	check_row(&o, "", 100, 2, 0);
	o = run_in(other_biz, NULL, FROM, TO, "ces", NULL);
	check_row(&o, "", 7, 2, 0);
	o = run_in(other_biz, NULL, FROM, TO, "csi", NULL);
	check_row(&o, "", 0, 2, 0);
	o = run_in(other_biz, NULL, FROM, TO, "nps", "location");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, "7", 100, 1, 0);
	o = run_in(other_biz, NULL, FROM, TO, "nps", "gender");
	ck_assert_uint_eq(o.nrows, 1);
	check_row(&o, "female", 100, 2, 0);
	/* A as before, with B's answers present */
	o = run("nps", "location");
	ck_assert_uint_eq(o.nrows, 2);
	check_row(&o, "7", 100, 1, 0);
	o = run("nps", "gender");
	check_row(&o, "female", 0, 2, 0);
	o = run("csi", NULL);
	check_row(&o, "", 44.53125, 5, 0);
	/* B's drill lists only B's responses */
	struct cxm_metric_scope scope = {other_biz, NULL, FROM, TO};
	struct drilled d = {""};
	char err[256];
	ck_assert_int_eq(cxm_metric_drill(db, arena, plugin, &scope, "nps", NULL, NULL, NULL, 100, 0, drill_row,
	                                  &d, err, sizeof(err)),
	                 CXM_OK);
	for (int i = 1; i <= 9; i++)
		ck_assert_ptr_null(strstr(d.text, cxm_printf(arena, ":%lld:", r[i])));
	ck_assert_int_eq((int)strlen(d.text) > 0, 1);
}
END_TEST

static Suite *satisfaction_suite(void)
{
	Suite *s = suite_create("satisfaction");
	TCase *tc = tcase_create("metrics");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, empty_period);
	tcase_add_test(tc, nps_overall);
	tcase_add_test(tc, min_n_setting);
	tcase_add_test(tc, csat_overall);
	tcase_add_test(tc, ces_overall);
	tcase_add_test(tc, csi_overall);
	tcase_add_test(tc, nps_breakdowns);
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
	plugin = tm_load(&plugins, "plugins/metric-satisfaction/.libs/metric_satisfaction.so", "satisfaction");
	SRunner *sr = srunner_create(satisfaction_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	cxm_plugins_unload(&plugins);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
