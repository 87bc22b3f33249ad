/* Survey definitions against a real MariaDB (core/survey.c,
 * core/survey_default.c): the default questionnaire of document 000 as
 * every new business gets it (sections, the 22 questions with their
 * texts, options, required marks, Q9's condition, the 13 regions with the
 * client base's codes, the custom attributes), installed once only; the
 * versioning rule (an edit of a version with responses goes to a copy that
 * becomes current, and the old answers stay joined to the old questions);
 * and that another business's ids find nothing. Counts are worked out
 * from the document in the comments. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "client.h"
#include "db.h"
#include "harness.h"
#include "survey.h"
#include "survey_logic.h"

static struct cxm_db *db;
static struct cxm_arena *arena;

static void exec(const char *sql, const struct cxm_param *p, size_t n)
{
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, NULL) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
}

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

static long long count(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows ? cxm_rows_int(&r, 0, 0, -1) : -1;
}

static const char *dump(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	char *out = cxm_strdup(arena, "");
	for (size_t i = 0; i < r.nrows; i++) {
		for (size_t c = 0; c < r.ncols; c++) {
			const char *v = cxm_rows_get(&r, i, c);
			out = cxm_printf(arena, "%s%s%s", out, c ? "|" : "", v ? v : "\\N");
		}
		out = cxm_printf(arena, "%s\n", out);
	}
	return out;
}

static void setup(void)
{
	char *dsn = th_db_create_migrated("srv");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 16);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

static long long new_business(const char *slug)
{
	struct cxm_new_business nb = {slug, slug, "salon", "ru", "Europe/Minsk"};
	long long id = 0;
	const char *why = NULL;
	ck_assert_msg(cxm_business_create(db, &nb, &id, &why) == CXM_OK, "%s", why ? why : cxm_db_error(db));
	return id;
}

START_TEST(default_survey_of_a_new_business)
{
	long long biz = new_business("srv-a");
	/* one default survey, active, open link on, one version */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM surveys WHERE business_id = ? AND is_default = 1"
	                       " AND status = 'active' AND CHAR_LENGTH(open_token) = 43",
	                       CXM_PARAMS(CXM_PINT(biz))),
	                 1);
	long long sid = count("SELECT id FROM surveys WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	struct cxm_survey s;
	ck_assert_int_eq(cxm_survey_get(db, arena, biz, sid, &s), CXM_OK);
	ck_assert_str_eq(s.title_ru, "Опросник для сегментации клиентов сферы услуг");
	struct cxm_survey_version v;
	ck_assert_int_eq(cxm_survey_version_load(db, arena, biz, s.current_version_id, &v), CXM_OK);
	ck_assert_int_eq(v.number, 1);
	ck_assert_str_eq(v.intro_ru, "Обязательная информация: Имя, почта.");
	/* six sections with the document's titles */
	ck_assert_uint_eq(v.nsections, 6);
	ck_assert_str_eq(v.sections[0].title_ru, "Общая информация о клиенте (демографическая сегментация)");
	ck_assert_str_eq(v.sections[3].title_ru, "Сегментация по удовлетворенности (CSAT, NPS, CES)");
	ck_assert_str_eq(v.sections[5].title_ru, "Сегментация по мотивации и ценности клиента (LTV)");
	/* 20 questions of the document (1, 2, 3, 5-11, 11-20: no "4", "11"
	 * twice) plus name and e-mail: 22, in this order */
	ck_assert_uint_eq(v.nquestions, 22);
	static const char *const codes[22] = {
		"name", "email", "age", "gender", "profession", "region", "proximity", "frequency", "source",
		"social_network", "usage", "priority", "csat", "nps", "ces", "liked", "improve", "tenure",
		"continue", "pay_more", "choose_us", "loyalty_interest",
	};
	static const size_t section_of[22] = {0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 5, 5, 5};
	for (size_t i = 0; i < 22; i++) {
		ck_assert_str_eq(v.questions[i].code, codes[i]);
		ck_assert_uint_eq(v.questions[i].section, section_of[i]);
	}
	/* required: the contact pair, age, gender, region, CSAT, NPS, CES and
	 * Q14 ("liked"): 9 */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_questions WHERE version_id = ? AND required = 1",
	                       CXM_PARAMS(CXM_PINT(v.id))),
	                 9);
	ck_assert_str_eq(dump("SELECT code FROM survey_questions WHERE version_id = ? AND required = 1 ORDER BY position",
	                      CXM_PARAMS(CXM_PINT(v.id))),
	                 "name\nemail\nage\ngender\nregion\ncsat\nnps\nces\nliked\n");
	/* word for word, with the marks moved into flags */
	ck_assert_str_eq(v.questions[2].text_ru, "Укажите ваш возраст");
	ck_assert_str_eq(v.questions[9].text_ru, "В каких социальных сетях вы нашли нас?");
	ck_assert_str_eq(v.questions[15].text_ru,
	                 "Какие аспекты нашей услуги вам понравились больше всего? (Можно выбрать несколько)");
	/* Q9 shown only when Q8 is "social networks" */
	const struct cxm_survey_question *q9 = &v.questions[9];
	ck_assert_str_eq(q9->cond_code, "source");
	ck_assert_int_eq(q9->cond_op, CXM_COND_IN);
	ck_assert_str_eq(q9->cond_values, "social");
	/* Q5: 13 regions, the client base's codes in its order */
	const struct cxm_survey_question *q5 = &v.questions[5];
	ck_assert_uint_eq(q5->nopts, 13);
	for (size_t k = 0; k < 13; k++)
		ck_assert_str_eq(q5->opts[k].code, cxm_cfields[CXM_CF_REGION].choices[k]);
	ck_assert_ptr_null(cxm_cfields[CXM_CF_REGION].choices[13]);
	ck_assert_str_eq(q5->opts[0].label_ru, "Минск");
	/* options: 6+2+5+13+3+4+4+6+2+4+5+3+5+5+0+3+5+3+4+5 = 87; "other"
	 * options: profession, source, social_network, liked = 4 */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_options o JOIN survey_questions q ON q.id = o.question_id"
	                       " WHERE q.version_id = ?", CXM_PARAMS(CXM_PINT(v.id))),
	                 87);
	ck_assert_str_eq(dump("SELECT q.code, o.label_ru FROM survey_options o JOIN survey_questions q"
	                      " ON q.id = o.question_id WHERE q.version_id = ? AND o.is_other = 1 ORDER BY q.position",
	                      CXM_PARAMS(CXM_PINT(v.id))),
	                 "profession|Другое (укажите)\nsource|Другое (укажите)\n"
	                 "social_network|Другое (укажите)\nliked|Другое (укажите)\n");
	/* the scales: CSAT 1..5 with five labels, NPS 0..10 with the three
	 * bands, CES 1..5 from "Очень сложно" to "Очень легко" */
	ck_assert_str_eq(dump("SELECT code, type, scale_min, scale_max, min_label_ru, max_label_ru FROM survey_questions"
	                      " WHERE version_id = ? AND type IN ('csat','nps','ces') ORDER BY position",
	                      CXM_PARAMS(CXM_PINT(v.id))),
	                 "csat|csat|1|5|Совсем не доволен|Полностью доволен\n"
	                 "nps|nps|0|10||\n"
	                 "ces|ces|1|5|Очень сложно|Очень легко\n");
	ck_assert_str_eq(dump("SELECT o.value, o.label_ru FROM survey_options o JOIN survey_questions q ON q.id = o.question_id"
	                      " WHERE q.version_id = ? AND q.code = 'nps' ORDER BY o.position",
	                      CXM_PARAMS(CXM_PINT(v.id))),
	                 "1|1–6 (Низкая вероятность)\n7|7–8 (Средняя вероятность)\n9|9–10 (Высокая вероятность)\n");
	/* the profile mapping */
	ck_assert_str_eq(dump("SELECT code, profile_field FROM survey_questions WHERE version_id = ?"
	                      " AND profile_field IS NOT NULL ORDER BY position",
	                      CXM_PARAMS(CXM_PINT(v.id))),
	                 "name|name\nemail|email\nage|age_band\ngender|gender\nprofession|profession\nregion|region\n"
	                 "frequency|visit_frequency\nsource|source\nsocial_network|custom:social_network\n"
	                 "priority|custom:priority\ntenure|tenure\nchoose_us|custom:choose_reason\n");
	/* the three custom attributes, choice type, the options' codes */
	ck_assert_str_eq(dump("SELECT code, type, REPLACE(choices, '\\n', ',') FROM client_fields WHERE business_id = ?"
	                      " ORDER BY position, id",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "social_network|choice|instagram,telegram,tiktok,viber,facebook,other\n"
	                 "priority|choice|price,quality,speed,service\n"
	                 "choose_reason|choice|lower_price,better_quality,personal,bonuses\n");
	/* a sound definition */
	struct cxm_survey_problem *p;
	ck_assert_uint_eq(cxm_survey_check(arena, &v, &p), 0);
	/* installing again does nothing */
	long long again = 0;
	int installed = 1;
	ck_assert_int_eq(cxm_survey_install_default(db, biz, &again, &installed), CXM_OK);
	ck_assert_int_eq(installed, 0);
	ck_assert_int_eq(again, sid);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_questions WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 22);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM client_fields WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 3);
	/* a business made directly (before surveys) gets one on request */
	long long old = insert("INSERT INTO businesses (slug, name) VALUES ('srv-old', 'Old')", CXM_NOPARAMS);
	ck_assert_int_eq(cxm_survey_install_default(db, old, &again, &installed), CXM_OK);
	ck_assert_int_eq(installed, 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_questions WHERE business_id = ?", CXM_PARAMS(CXM_PINT(old))), 22);
}
END_TEST

/* The ready-made CSI survey: one csi question of document 001's 1-10
 * scale with six parameters, a sound definition, installed once, next to
 * the default survey and only in its business. */
START_TEST(csi_survey)
{
	long long biz = new_business("srv-csi"), other = new_business("srv-csi-b");
	long long sid = 0, again = 0;
	int installed = 0;
	ck_assert_int_eq(cxm_survey_install_csi(db, biz, &sid, &installed), CXM_OK);
	ck_assert_int_eq(installed, 1);
	struct cxm_survey s;
	ck_assert_int_eq(cxm_survey_get(db, arena, biz, sid, &s), CXM_OK);
	ck_assert_str_eq(s.title_en, "Service parameters (CSI)");
	struct cxm_survey_version v;
	ck_assert_int_eq(cxm_survey_version_load(db, arena, biz, s.current_version_id, &v), CXM_OK);
	struct cxm_survey_problem *p;
	ck_assert_uint_eq(cxm_survey_check(arena, &v, &p), 0);
	char *rows = NULL;
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena,
	                              "SELECT q.code, q.type, q.scale_min, q.scale_max, q.required,"
	                              " GROUP_CONCAT(o.code ORDER BY o.position)"
	                              " FROM survey_questions q JOIN survey_options o ON o.question_id = q.id"
	                              " WHERE q.business_id = ? AND q.version_id = ? GROUP BY q.id",
	                              CXM_PARAMS(CXM_PINT(biz), CXM_PINT(s.current_version_id)), &r),
	                 CXM_OK);
	ck_assert_uint_eq(r.nrows, 1);
	rows = cxm_printf(arena, "%s|%s|%s|%s|%s|%s", cxm_rows_get(&r, 0, 0), cxm_rows_get(&r, 0, 1),
	                  cxm_rows_get(&r, 0, 2), cxm_rows_get(&r, 0, 3), cxm_rows_get(&r, 0, 4),
	                  cxm_rows_get(&r, 0, 5));
	ck_assert_str_eq(rows, "csi|csi|1|10|1|quality,staff,price,booking,comfort,waiting");
	/* again: nothing new */
	ck_assert_int_eq(cxm_survey_install_csi(db, biz, &again, &installed), CXM_OK);
	ck_assert_int_eq(installed, 0);
	ck_assert_int_eq(again, sid);
	/* the default survey and this one; the other business has only its default */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM surveys WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 2);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM surveys WHERE business_id = ?", CXM_PARAMS(CXM_PINT(other))), 1);
}
END_TEST

START_TEST(versions)
{
	long long biz = new_business("srv-v");
	long long sid = count("SELECT id FROM surveys WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	long long v1 = count("SELECT current_version_id FROM surveys WHERE id = ?", CXM_PARAMS(CXM_PINT(sid)));
	long long nps1 = count("SELECT id FROM survey_questions WHERE version_id = ? AND code = 'nps'", CXM_PARAMS(CXM_PINT(v1)));
	/* no responses yet: edits go to version 1 itself */
	long long vid = 0;
	int copied = -1;
	ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
	ck_assert_int_eq(cxm_survey_editable(db, arena, biz, sid, 0, &vid, &copied), CXM_OK);
	ck_assert_int_eq(cxm_db_commit(db), CXM_OK);
	ck_assert_int_eq(copied, 0);
	ck_assert_int_eq(vid, v1);
	/* a response with an NPS of 9 freezes it */
	long long rid = insert("INSERT INTO survey_responses (business_id, survey_id, version_id, channel, submit_key)"
	                       " VALUES (?, ?, ?, 'manual', REPEAT('k', 43))",
	                       CXM_PARAMS(CXM_PINT(biz), CXM_PINT(sid), CXM_PINT(v1)));
	exec("INSERT INTO survey_answers (business_id, response_id, question_id, num) VALUES (?, ?, ?, 9)",
	     CXM_PARAMS(CXM_PINT(biz), CXM_PINT(rid), CXM_PINT(nps1)));
	exec("UPDATE survey_versions SET responses = 1 WHERE id = ?", CXM_PARAMS(CXM_PINT(v1)));
	ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
	ck_assert_int_eq(cxm_survey_editable(db, arena, biz, sid, 0, &vid, &copied), CXM_OK);
	/* the copy: number 2, current, the same 22 codes and 87 options */
	ck_assert_int_eq(copied, 1);
	ck_assert_int_ne(vid, v1);
	long long nps2 = 0;
	ck_assert_int_eq(cxm_survey_question_in(db, arena, biz, nps1, vid, &nps2), CXM_OK);
	ck_assert_int_ne(nps2, 0);
	ck_assert_int_ne(nps2, nps1);
	/* the edit: the NPS question's text of version 2 */
	struct cxm_survey_version v;
	ck_assert_int_eq(cxm_survey_version_load(db, arena, biz, vid, &v), CXM_OK);
	int i = cxm_survey_find(&v, "nps");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(v.questions[i].id, nps2);
	v.questions[i].text_ru = "Порекомендуете ли вы нас?";
	ck_assert_int_eq(cxm_survey_question_save(db, biz, &v.questions[i]), CXM_OK);
	ck_assert_int_eq(cxm_db_commit(db), CXM_OK);
	ck_assert_str_eq(dump("SELECT number, responses, id = (SELECT current_version_id FROM surveys WHERE id = ?)"
	                      " FROM survey_versions WHERE survey_id = ? ORDER BY number",
	                      CXM_PARAMS(CXM_PINT(sid), CXM_PINT(sid))),
	                 "1|1|0\n2|0|1\n");
	ck_assert_str_eq(dump("SELECT a.code = b.code, a.type = b.type, a.position = b.position FROM survey_questions a"
	                      " JOIN survey_questions b ON b.version_id = ? AND b.code = a.code WHERE a.version_id = ?"
	                      " GROUP BY 1, 2, 3",
	                      CXM_PARAMS(CXM_PINT(vid), CXM_PINT(v1))),
	                 "1|1|1\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_questions WHERE version_id = ?", CXM_PARAMS(CXM_PINT(vid))), 22);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_options o JOIN survey_questions q ON q.id = o.question_id"
	                       " WHERE q.version_id = ?", CXM_PARAMS(CXM_PINT(vid))),
	                 87);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_sections WHERE version_id = ?", CXM_PARAMS(CXM_PINT(vid))), 6);
	/* Q9's condition copied */
	ck_assert_str_eq(dump("SELECT cond_code, cond_op, cond_values FROM survey_questions WHERE version_id = ?"
	                      " AND code = 'social_network'", CXM_PARAMS(CXM_PINT(vid))),
	                 "source|in|social\n");
	/* the old answer still belongs to version 1's question, whose text
	 * did not change */
	ck_assert_str_eq(dump("SELECT q.version_id = ?, q.code, q.text_ru, a.num FROM survey_answers a"
	                      " JOIN survey_questions q ON q.id = a.question_id WHERE a.response_id = ?",
	                      CXM_PARAMS(CXM_PINT(v1), CXM_PINT(rid))),
	                 "1|nps|Насколько вероятно, что вы порекомендуете нашу компанию друзьям (NPS)?|9\n");
	ck_assert_str_eq(dump("SELECT text_ru FROM survey_questions WHERE id = ?", CXM_PARAMS(CXM_PINT(nps2))),
	                 "Порекомендуете ли вы нас?\n");
	/* version 2 has no responses: the next edit stays in it */
	long long vid2 = 0;
	ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
	ck_assert_int_eq(cxm_survey_editable(db, arena, biz, sid, 0, &vid2, &copied), CXM_OK);
	ck_assert_int_eq(cxm_db_commit(db), CXM_OK);
	ck_assert_int_eq(copied, 0);
	ck_assert_int_eq(vid2, vid);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_versions WHERE survey_id = ?", CXM_PARAMS(CXM_PINT(sid))), 2);
}
END_TEST

START_TEST(other_business_finds_nothing)
{
	long long a = new_business("srv-t1"), b = new_business("srv-t2");
	long long sa = count("SELECT id FROM surveys WHERE business_id = ?", CXM_PARAMS(CXM_PINT(a)));
	long long va = count("SELECT current_version_id FROM surveys WHERE id = ?", CXM_PARAMS(CXM_PINT(sa)));
	long long qa = count("SELECT id FROM survey_questions WHERE version_id = ? AND code = 'nps'", CXM_PARAMS(CXM_PINT(va)));
	struct cxm_survey s;
	struct cxm_survey_version v;
	long long x = 0;
	int copied = 0;
	ck_assert_int_eq(cxm_survey_get(db, arena, b, sa, &s), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_survey_version_load(db, arena, b, va, &v), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
	ck_assert_int_eq(cxm_survey_editable(db, arena, b, sa, 0, &x, &copied), CXM_ERR_NOT_FOUND);
	cxm_db_rollback(db);
	ck_assert_int_eq(cxm_survey_question_delete(db, b, qa), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_questions WHERE id = ?", CXM_PARAMS(CXM_PINT(qa))), 1);
	/* the open token names exactly one survey */
	const char *tok = dump("SELECT open_token FROM surveys WHERE id = ?", CXM_PARAMS(CXM_PINT(sa)));
	char t[44];
	memcpy(t, tok, 43);
	t[43] = '\0';
	ck_assert_int_eq(cxm_survey_by_open_token(db, arena, t, &s), CXM_OK);
	ck_assert_int_eq(s.business_id, a);
	t[0] = t[0] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(cxm_survey_by_open_token(db, arena, t, &s), CXM_ERR_NOT_FOUND);
}
END_TEST

static Suite *surveys_suite(void)
{
	Suite *s = suite_create("db_surveys");
	TCase *t = tcase_create("surveys");
	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, default_survey_of_a_new_business);
	tcase_add_test(t, csi_survey);
	tcase_add_test(t, versions);
	tcase_add_test(t, other_business_finds_nothing);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	SRunner *sr = srunner_create(surveys_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
