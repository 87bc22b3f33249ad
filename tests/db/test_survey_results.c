/* A survey's results (core/survey_results.c) on a data set built by hand
 * with SQL inserts (the survey builder and the respondent pages are other
 * parts): two versions sharing question codes, NPS, CSAT, CES, CSI, a
 * single choice whose options changed between versions, free text; the
 * invitation counts; the period and client filters; and that another
 * business's answers never count. Every expected number is worked out in
 * the comments. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "survey_results.h"

static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz, other_biz;

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

/* The first cell of a query as a number (-1 when there are no rows). */
static long long count(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows ? cxm_rows_int(&r, 0, 0, -1) : -1;
}

static void setup(void)
{
	char *dsn = th_db_create_migrated("res");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 16);
	biz = insert("INSERT INTO businesses (slug, name) VALUES ('res-a', 'A')", CXM_NOPARAMS);
	other_biz = insert("INSERT INTO businesses (slug, name) VALUES ('res-b', 'B')", CXM_NOPARAMS);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* ---- a small builder of survey data ---------------------------------------- */

static long long mk_survey(long long b)
{
	return insert("INSERT INTO surveys (business_id, title_ru, title_en) VALUES (?, 'Опрос', 'Survey')",
	              CXM_PARAMS(CXM_PINT(b)));
}

static long long mk_version(long long b, long long s, int number)
{
	return insert("INSERT INTO survey_versions (business_id, survey_id, number) VALUES (?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(s), CXM_PINT(number)));
}

static long long mk_question(long long b, long long v, int pos, const char *code, const char *type,
                             int smin, int smax)
{
	long long sec = insert("INSERT INTO survey_sections (business_id, version_id, position) VALUES (?, ?, ?)",
	                       CXM_PARAMS(CXM_PINT(b), CXM_PINT(v), CXM_PINT(pos)));
	return insert("INSERT INTO survey_questions (business_id, version_id, section_id, position, code, type,"
	              " text_ru, text_en, scale_min, scale_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(v), CXM_PINT(sec), CXM_PINT(pos), CXM_PSTR(code),
	                         CXM_PSTR(type), CXM_PSTR(cxm_printf(arena, "Вопрос %s", code)),
	                         CXM_PSTR(cxm_printf(arena, "Question %s", code)),
	                         smin >= 0 ? CXM_PINT(smin) : CXM_PNULL, smax >= 0 ? CXM_PINT(smax) : CXM_PNULL));
}

static long long mk_option(long long b, long long q, int pos, const char *code, const char *label)
{
	return insert("INSERT INTO survey_options (business_id, question_id, position, code, label_ru, label_en)"
	              " VALUES (?, ?, ?, ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(q), CXM_PINT(pos), CXM_PSTR(code), CXM_PSTR(label),
	                         CXM_PSTR(label)));
}

static long long mk_client(long long b, const char *gender)
{
	return insert("INSERT INTO clients (business_id, name, gender, first_seen, last_seen_at)"
	              " VALUES (?, 'C', ?, '2025-01-01', '2025-01-01')",
	              CXM_PARAMS(CXM_PINT(b), gender ? CXM_PSTR(gender) : CXM_PNULL));
}

static long long mk_response(long long b, long long s, long long v, long long client, const char *at)
{
	static int n;
	char key[64];
	snprintf(key, sizeof(key), "key-%d-%lld", ++n, s);
	return insert("INSERT INTO survey_responses (business_id, survey_id, version_id, client_id, channel,"
	              " submit_key, completed_at) VALUES (?, ?, ?, ?, 'invitation', ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(s), CXM_PINT(v), client ? CXM_PINT(client) : CXM_PNULL,
	                         CXM_PSTR(key), CXM_PSTR(at)));
}

/* An answer: option (0 none), num and num2 (-1 none), text (NULL none). */
static void answer(long long b, long long r, long long q, long long opt, int num, int num2, const char *text)
{
	insert("INSERT INTO survey_answers (business_id, response_id, question_id, option_id, num, num2, text)"
	       " VALUES (?, ?, ?, ?, ?, ?, ?)",
	       CXM_PARAMS(CXM_PINT(b), CXM_PINT(r), CXM_PINT(q), opt ? CXM_PINT(opt) : CXM_PNULL,
	                  num >= 0 ? CXM_PINT(num) : CXM_PNULL, num2 >= 0 ? CXM_PINT(num2) : CXM_PNULL,
	                  text ? CXM_PSTR(text) : CXM_PNULL));
}

static const struct cxm_sr_question *find_q(const struct cxm_survey_results *res, const char *code)
{
	for (size_t i = 0; i < res->nq; i++)
		if (strcmp(res->q[i].code, code) == 0)
			return &res->q[i];
	ck_abort_msg("no question %s", code);
	return NULL;
}

static long long bar_count(const struct cxm_sr_question *q, const char *code, long long value)
{
	for (size_t i = 0; i < q->nbars; i++)
		if (code ? q->bars[i].code && strcmp(q->bars[i].code, code) == 0
		         : !q->bars[i].code && q->bars[i].value == value)
			return q->bars[i].count;
	return -1;
}

/* Every number of res as text (arena), for comparisons. */
static const char *fingerprint(const struct cxm_survey_results *res)
{
	char *t = cxm_printf(arena, "responses %lld sent %lld opened %lld completed %lld\n", res->responses, res->sent,
	                     res->opened, res->completed);
	for (size_t i = 0; i < res->nq; i++) {
		const struct cxm_sr_question *q = &res->q[i];
		t = cxm_printf(arena, "%s%s: n %lld answers %lld mean %.6f nps %.6f pos %lld csi %.6f |", t, q->code,
		               q->respondents, q->answers, q->mean, q->nps, q->positive, q->csi);
		for (size_t b = 0; b < q->nbars; b++)
			t = cxm_printf(arena, "%s %s/%lld=%lld,%.4f", t, q->bars[b].code ? q->bars[b].code : "", q->bars[b].value,
			               q->bars[b].count, q->bars[b].csi);
		t = cxm_printf(arena, "%s\n", t);
	}
	return t;
}

#define assert_near(a, b) ck_assert_msg(fabs((a) - (b)) < 1e-9, "%s = %.12f, expected %.12f", #a, (double)(a), (double)(b))

/* The data set:
 *   version 1: nps, csat, src (single: social, friends), csi (1..5:
 *              quality, price), comment (text)
 *   version 2: nps, ces (1..7), src (single: social, friends, search), comment
 * 8 responses, r1..r8, completed 2026-02-01 .. 2026-02-08 10:00 UTC; r1-r4
 * answer version 1, r5-r8 version 2; clients: r1, r2 female, r3 male, the
 * rest none.
 *   nps (both versions): 10, 9, 9, 8 | 7, 6, 3, 0
 *       promoters 3 (10, 9, 9), passives 2 (8, 7), detractors 3 (6, 3, 0)
 *       NPS = 3/8 - 3/8 = 0; mean = (10+9+9+8+7+6+3+0)/8 = 52/8 = 6.5
 *   csat (v1): 5, 4, 4, 1 -> 4-5: 3 of 4 = 75 %; mean 14/4 = 3.5
 *   ces (v2, 1..7): 7, 6, 2, 5 -> easy (6-7): 2 of 4 = 50 %; mean 20/4 = 5
 *   src: v1 social, social, friends; v2 search, social, (r7, r8 none)
 *       social 3, friends 1, search 1; respondents 5
 *   csi (v1), (satisfaction, importance):
 *       quality (5,5) r1, (3,4) r2: sat mean 4 -> (4-1)/4 = 0.75,
 *               imp mean 4.5 -> 0.875; CSI 0.75 * 0.875 * 100 = 65.625
 *       price   (2,3) r1, (4,5) r2: sat 3 -> 0.5, imp 4 -> 0.75; CSI 37.5
 *       overall (65.625 + 37.5) / 2 = 51.5625
 *   comment: r2 "Fine", r6 "Slow service", r8 "" (empty: not listed)
 * Another business has a response to its own survey with nps 0. */
START_TEST(results_exact)
{
	long long s = mk_survey(biz);
	long long v1 = mk_version(biz, s, 1), v2 = mk_version(biz, s, 2);
	long long nps1 = mk_question(biz, v1, 1, "nps", "nps", 0, 10);
	long long csat = mk_question(biz, v1, 2, "csat", "csat", 1, 5);
	long long src1 = mk_question(biz, v1, 3, "src", "single", -1, -1);
	long long s1_social = mk_option(biz, src1, 1, "social", "Social networks");
	long long s1_friends = mk_option(biz, src1, 2, "friends", "Friends");
	long long csi = mk_question(biz, v1, 4, "csi", "csi", 1, 5);
	long long quality = mk_option(biz, csi, 1, "quality", "Quality");
	long long price = mk_option(biz, csi, 2, "price", "Price");
	long long com1 = mk_question(biz, v1, 5, "comment", "text", -1, -1);
	long long nps2 = mk_question(biz, v2, 1, "nps", "nps", 0, 10);
	long long ces = mk_question(biz, v2, 2, "ces", "ces", 1, 7);
	long long src2 = mk_question(biz, v2, 3, "src", "single", -1, -1);
	long long s2_social = mk_option(biz, src2, 1, "social", "Social networks");
	mk_option(biz, src2, 2, "friends", "Friends");
	long long s2_search = mk_option(biz, src2, 3, "search", "Search engines");
	long long com2 = mk_question(biz, v2, 4, "comment", "text", -1, -1);

	long long fem1 = mk_client(biz, "female"), fem2 = mk_client(biz, "female"), male = mk_client(biz, "male");
	long long r[9];
	for (int i = 1; i <= 8; i++)
		r[i] = mk_response(biz, s, i <= 4 ? v1 : v2, i == 1 ? fem1 : i == 2 ? fem2 : i == 3 ? male : 0,
		                   cxm_printf(arena, "2026-02-0%d 10:00:00", i));
	const int npsv[9] = {0, 10, 9, 9, 8, 7, 6, 3, 0};
	for (int i = 1; i <= 8; i++)
		answer(biz, r[i], i <= 4 ? nps1 : nps2, 0, npsv[i], -1, NULL);
	const int csatv[5] = {0, 5, 4, 4, 1};
	for (int i = 1; i <= 4; i++)
		answer(biz, r[i], csat, 0, csatv[i], -1, NULL);
	const int cesv[9] = {0, 0, 0, 0, 0, 7, 6, 2, 5};
	for (int i = 5; i <= 8; i++)
		answer(biz, r[i], ces, 0, cesv[i], -1, NULL);
	answer(biz, r[1], src1, s1_social, -1, -1, NULL);
	answer(biz, r[2], src1, s1_social, -1, -1, NULL);
	answer(biz, r[3], src1, s1_friends, -1, -1, NULL);
	answer(biz, r[5], src2, s2_search, -1, -1, NULL);
	answer(biz, r[6], src2, s2_social, -1, -1, NULL);
	answer(biz, r[1], csi, quality, 5, 5, NULL);
	answer(biz, r[2], csi, quality, 3, 4, NULL);
	answer(biz, r[1], csi, price, 2, 3, NULL);
	answer(biz, r[2], csi, price, 4, 5, NULL);
	answer(biz, r[2], com1, 0, -1, -1, "Fine");
	answer(biz, r[6], com2, 0, -1, -1, "Slow service");
	answer(biz, r[8], com2, 0, -1, -1, "");

	/* another business: its own survey, a detractor */
	long long os = mk_survey(other_biz), ov = mk_version(other_biz, os, 1);
	long long onps = mk_question(other_biz, ov, 1, "nps", "nps", 0, 10);
	answer(other_biz, mk_response(other_biz, os, ov, 0, "2026-02-03 10:00:00"), onps, 0, 0, -1, NULL);

	/* invitations: 5 sent (one refused: not counted), 3 opened, 2 completed;
	 * one not sent yet */
	long long c = mk_client(biz, NULL);
	const char *inv[][4] = {
		{"2026-02-01", "2026-02-01", "2026-02-01", NULL}, {"2026-02-01", "2026-02-02", "2026-02-02", NULL},
		{"2026-02-01", "2026-02-02", NULL, NULL},         {"2026-02-01", NULL, NULL, NULL},
		{"2026-02-01", NULL, NULL, "no e-mail"},          {NULL, NULL, NULL, NULL},
	};
	for (size_t i = 0; i < 6; i++)
		insert("INSERT INTO survey_invitations (business_id, survey_id, client_id, source, due_at, sent_at,"
		       " opened_at, completed_at, error) VALUES (?, ?, ?, 'manual', '2026-02-01', ?, ?, ?, ?)",
		       CXM_PARAMS(CXM_PINT(biz), CXM_PINT(s), CXM_PINT(c),
		                  inv[i][0] ? CXM_PSTR(inv[i][0]) : CXM_PNULL, inv[i][1] ? CXM_PSTR(inv[i][1]) : CXM_PNULL,
		                  inv[i][2] ? CXM_PSTR(inv[i][2]) : CXM_PNULL, inv[i][3] ? CXM_PSTR(inv[i][3]) : CXM_PNULL));

	struct cxm_sr_filter f = {0};
	struct cxm_survey_results res;
	ck_assert_int_eq(cxm_survey_results(db, arena, biz, s, &f, &res), CXM_OK);
	ck_assert_int_eq(res.responses, 8);
	ck_assert_int_eq(res.sent, 4);
	ck_assert_int_eq(res.opened, 3);
	ck_assert_int_eq(res.completed, 2);
	/* the newest version's order first, then codes only version 1 has */
	ck_assert_uint_eq(res.nq, 6);
	const char *order[] = {"nps", "ces", "src", "comment", "csat", "csi"};
	for (size_t i = 0; i < 6; i++)
		ck_assert_str_eq(res.q[i].code, order[i]);

	const struct cxm_sr_question *q = find_q(&res, "nps");
	ck_assert_int_eq(q->respondents, 8);
	ck_assert_int_eq(q->answers, 8);
	ck_assert_int_eq(q->promoters, 3);
	ck_assert_int_eq(q->passives, 2);
	ck_assert_int_eq(q->detractors, 3);
	assert_near(q->nps, 0.0);
	assert_near(q->mean, 6.5);
	ck_assert_uint_eq(q->nbars, 11);   /* 0..10 */
	const long long nps_bars[11] = {1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1};
	for (int v = 0; v <= 10; v++)
		ck_assert_int_eq(bar_count(q, NULL, v), nps_bars[v]);
	ck_assert_str_eq(q->text_en, "Question nps");

	q = find_q(&res, "csat");
	ck_assert_int_eq(q->answers, 4);
	ck_assert_int_eq(q->positive, 3);
	assert_near(q->positive_pct, 75.0);
	assert_near(q->mean, 3.5);
	ck_assert_int_eq(bar_count(q, NULL, 4), 2);

	q = find_q(&res, "ces");
	ck_assert_uint_eq(q->nbars, 7);
	ck_assert_int_eq(q->positive, 2);
	assert_near(q->positive_pct, 50.0);
	assert_near(q->mean, 5.0);

	q = find_q(&res, "src");
	ck_assert_int_eq(q->respondents, 5);
	ck_assert_uint_eq(q->nbars, 3);
	ck_assert_str_eq(q->bars[0].code, "social");
	ck_assert_str_eq(q->bars[2].code, "search");
	ck_assert_str_eq(q->bars[2].label_en, "Search engines");
	ck_assert_int_eq(bar_count(q, "social", 0), 3);
	ck_assert_int_eq(bar_count(q, "friends", 0), 1);
	ck_assert_int_eq(bar_count(q, "search", 0), 1);

	q = find_q(&res, "csi");
	ck_assert_uint_eq(q->nbars, 2);
	ck_assert_str_eq(q->bars[0].code, "quality");
	assert_near(q->bars[0].satisfaction, 0.75);
	assert_near(q->bars[0].importance, 0.875);
	assert_near(q->bars[0].csi, 65.625);
	assert_near(q->bars[1].csi, 37.5);
	assert_near(q->csi, 51.5625);
	ck_assert_int_eq(q->respondents, 2);

	/* free text: newest first, the empty one left out; pages of 1 */
	struct cxm_rows t;
	int more;
	ck_assert_int_eq(cxm_survey_texts(db, arena, biz, s, &res, &f, 0, 1, &t, &more), CXM_OK);
	ck_assert_uint_eq(t.nrows, 1);
	ck_assert_int_eq(more, 1);
	ck_assert_str_eq(cxm_rows_get(&t, 0, 4), "Slow service");
	ck_assert_str_eq(cxm_rows_get(&t, 0, 2), "2026-02-06 10:00:00");
	ck_assert_int_eq(cxm_rows_int(&t, 0, 1, 0), r[6]);
	ck_assert_int_eq(cxm_survey_texts(db, arena, biz, s, &res, &f, cxm_rows_int(&t, 0, 0, 0), 1, &t, &more),
	                 CXM_OK);
	ck_assert_uint_eq(t.nrows, 1);
	ck_assert_int_eq(more, 0);
	ck_assert_str_eq(cxm_rows_get(&t, 0, 4), "Fine");

	/* period 2026-02-02 .. 2026-02-06 (to exclusive): r2..r5
	 *   nps 9, 9, 8, 7: promoters 2, passives 2, detractors 0 -> NPS 50 */
	f.from_utc = "2026-02-02 00:00:00";
	f.to_utc = "2026-02-06 00:00:00";
	ck_assert_int_eq(cxm_survey_results(db, arena, biz, s, &f, &res), CXM_OK);
	ck_assert_int_eq(res.responses, 4);
	q = find_q(&res, "nps");
	ck_assert_int_eq(q->promoters, 2);
	ck_assert_int_eq(q->passives, 2);
	ck_assert_int_eq(q->detractors, 0);
	assert_near(q->nps, 50.0);
	/* invitations sent in the period: none (all on 02-01) */
	ck_assert_int_eq(res.sent, 0);

	/* women: r1, r2: nps 10, 9 -> NPS 100; csat 5, 4 -> 100 % */
	memset(&f, 0, sizeof(f));
	f.gender = "female";
	ck_assert_int_eq(cxm_survey_results(db, arena, biz, s, &f, &res), CXM_OK);
	ck_assert_int_eq(res.responses, 2);
	assert_near(find_q(&res, "nps")->nps, 100.0);
	assert_near(find_q(&res, "csat")->positive_pct, 100.0);
	ck_assert_int_eq(find_q(&res, "src")->respondents, 2);

	/* the daily rollup, up to 2026-02-06 00:00 (the last midnight an hour
	 * before 2026-02-06 12:00): r1..r5 come from it, r6..r8 directly; every
	 * number stays the same, for every filter */
	struct cxm_sr_filter fs[] = {
		{0},
		{.from_utc = "2026-02-02 00:00:00", .to_utc = "2026-02-06 00:00:00"},
		{.from_utc = "2026-02-02 09:30:00", .to_utc = "2026-02-07 11:00:00"},   /* partial days */
		{.from_utc = "2026-02-03 12:00:00", .to_utc = "2026-02-03 13:00:00"},   /* within one day: none */
		{.to_utc = "2026-02-04 10:00:01"},
		{.gender = "female"},
	};
	const size_t nf = sizeof(fs) / sizeof(fs[0]);
	const char *before[6];
	for (size_t i = 0; i < nf; i++) {
		ck_assert_int_eq(cxm_survey_results(db, arena, biz, s, &fs[i], &res), CXM_OK);
		before[i] = fingerprint(&res);
	}
	ck_assert_int_eq(cxm_survey_rollup(db, biz, s, "2026-02-06 12:00:00", 0), CXM_OK);
	ck_assert_int_eq(count("SELECT DATE_FORMAT(rolled_until, '%Y%m%d') FROM survey_result_marks WHERE survey_id = ?",
	                       CXM_PARAMS(CXM_PINT(s))),
	                 20260206);
	/* r1..r5 rolled up: nps rows of days 1-5 are 5 (one answer a day) */
	ck_assert_int_eq(count("SELECT SUM(answers) FROM survey_answer_days WHERE survey_id = ? AND question_id IN (?, ?)",
	                       CXM_PARAMS(CXM_PINT(s), CXM_PINT(nps1), CXM_PINT(nps2))),
	                 5);
	for (size_t i = 0; i < nf; i++) {
		ck_assert_int_eq(cxm_survey_results(db, arena, biz, s, &fs[i], &res), CXM_OK);
		const char *after = fingerprint(&res);
		ck_assert_msg(strcmp(before[i], after) == 0, "filter %zu: before the rollup\n%s\nafter\n%s", i, before[i],
		              after);
	}
	/* the numbers of the partial-day filter by hand: r2..r7 (02-02 10:00
	 * .. 02-07 10:00): nps 9, 9, 8, 7, 6, 3 -> promoters 2, detractors 2 */
	ck_assert_int_eq(cxm_survey_results(db, arena, biz, s, &fs[2], &res), CXM_OK);
	ck_assert_int_eq(res.responses, 6);
	ck_assert_int_eq(find_q(&res, "nps")->promoters, 2);
	ck_assert_int_eq(find_q(&res, "nps")->detractors, 2);
	/* rolling up again changes nothing; a later day adds only that day */
	ck_assert_int_eq(cxm_survey_rollup(db, biz, s, "2026-02-06 23:00:00", 0), CXM_OK);
	ck_assert_int_eq(cxm_survey_rollup(db, biz, s, "2026-02-07 00:30:00", 0), CXM_OK);   /* within the hour */
	ck_assert_int_eq(count("SELECT SUM(answers) FROM survey_answer_days WHERE survey_id = ? AND question_id IN (?, ?)",
	                       CXM_PARAMS(CXM_PINT(s), CXM_PINT(nps1), CXM_PINT(nps2))),
	                 5);
	/* the job runner's call: this survey and the other business's */
	ck_assert_int_eq(cxm_survey_rollup_due(db, "2026-03-01 00:00:00"), 2);
	ck_assert_int_eq(count("SELECT SUM(answers) FROM survey_answer_days WHERE survey_id = ? AND question_id IN (?, ?)",
	                       CXM_PARAMS(CXM_PINT(s), CXM_PINT(nps1), CXM_PINT(nps2))),
	                 8);
	for (size_t i = 0; i < nf; i++) {
		ck_assert_int_eq(cxm_survey_results(db, arena, biz, s, &fs[i], &res), CXM_OK);
		ck_assert_str_eq(fingerprint(&res), before[i]);
	}
	/* each survey was rolled up apart, under its own business */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_answer_days WHERE business_id = ? AND survey_id <> ?",
	                       CXM_PARAMS(CXM_PINT(biz), CXM_PINT(s))),
	                 0);
	ck_assert_int_eq(count("SELECT SUM(answers) FROM survey_answer_days WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(other_biz))),
	                 1);

	/* another business asking for this survey's results sees nothing of it */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(cxm_survey_results(db, arena, other_biz, s, &f, &res), CXM_OK);
	ck_assert_int_eq(res.responses, 0);
	ck_assert_uint_eq(res.nq, 0);
}
END_TEST

static Suite *results_suite(void)
{
	Suite *s = suite_create("survey_results");
	TCase *tc = tcase_create("results");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, results_exact);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	SRunner *sr = srunner_create(results_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
