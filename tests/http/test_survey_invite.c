/* Survey invitations and results over the whole serving path (HTTP client
 * -> nginx -> cxm-fcgi -> MariaDB), as docs/survey_invitations.md describes them:
 * sending a survey from a client's page (CSRF, one outbox message with a
 * working link, refused without an e-mail, warned when opted out), the
 * automatic-survey toggle, the bulk send of the client list's filter with
 * its confirmation and counts, the admin page of automatic surveys and
 * survey settings (refusals next to the fields, audit), the results page's
 * exact numbers and charts, a single response and the timeline's link to
 * it, and that business A's session reaches none of business B's surveys,
 * responses, clients or triggers.
 *
 * Conventions of tests/http/test_clients.c (whose helpers are repeated
 * here): the stack is started once in main; every test makes its own
 * business, users and sessions directly in the database; requests send
 * "Accept-Language: en" and users have language "en", so the texts
 * asserted are the English msgids, HTML-escaped as the templates write
 * them. Surveys, questions and responses are inserted with SQL: the
 * builder and the respondent pages are another part. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "web.h"

static struct th_stack stack;

#define MSG_DENIED "You do not have permission to open this page."

/* ---- database access (per test process) -------------------------------- */

static void setup(void)
{
	tw_open(&stack);
}

static void teardown(void)
{
	tw_close();
}

/* Everything of the surveys of a business (and its clients' opt-outs,
 * the outbox and the audit log), for "nothing changed" comparisons. */
static char *base_dump(long long biz)
{
	static const char *const queries[] = {
		"SELECT * FROM survey_invitations WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_triggers WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_settings WHERE business_id = ?",
		"SELECT id, survey_opt_out FROM clients WHERE business_id = ? ORDER BY id",
		"SELECT * FROM outbox WHERE business_id = ? ORDER BY id",
		"SELECT * FROM audit_log WHERE business_id = ? ORDER BY id",
	};
	return tw_dump(queries, sizeof(queries) / sizeof(queries[0]), CXM_PARAMS(CXM_PINT(biz)));
}

static void assert_unchanged(const char *before, long long biz, const char *what)
{
	char *after = base_dump(biz);
	ck_assert_msg(strcmp(before, after) == 0, "%s changed the database:\nbefore:\n%.3000s\nafter:\n%.3000s",
	              what, before, after);
	free(after);
}

/* ---- accounts made directly in the database ------------------------------ */

/* ---- HTTP ------------------------------------------------------------------ */

/* The value="..." of input `name` (escaped form), malloc'd, or NULL. */

/* ---- survey data made directly in the database ------------------------------ */

static long long make_survey(long long biz, const char *title)
{
	return tw_sql_insert("INSERT INTO surveys (business_id, title_ru, title_en) VALUES (?, ?, ?)",
	                     CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(title), CXM_PSTR(title)));
}

static long long make_client(long long biz, const char *name, const char *email, const char *gender, int opt_out)
{
	return tw_sql_insert("INSERT INTO clients (business_id, name, email, gender, first_seen, last_seen_at,"
	                     " survey_opt_out) VALUES (?, ?, ?, ?, '2024-01-10', '2024-01-10', ?)",
	                     CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(name), email ? CXM_PSTR(email) : CXM_PNULL,
	                             gender ? CXM_PSTR(gender) : CXM_PNULL, CXM_PINT(opt_out)));
}

static long long count_of(const char *sql, long long biz)
{
	return tw_sql_int(sql, CXM_PARAMS(CXM_PINT(biz)), -1);
}

/* The token of the "/r/<token>" link in body (malloc'd). */
static char *link_token(const char *body)
{
	const char *p = strstr(body, "/r/");
	ck_assert_msg(p != NULL, "no link in %s", body);
	p += 3;
	ck_assert_uint_ge(strlen(p), TW_TOKEN_CHARS);
	return strndup(p, TW_TOKEN_CHARS);
}

/* ---- sending by hand ---------------------------------------------------------- */

START_TEST(manual_send)
{
	long long biz = tw_make_business("inv-manual", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "m@inv-manual.by", "manager");
	long long s = make_survey(biz, "After the visit");
	long long anna = make_client(biz, "Anna", "anna@x.by", NULL, 0);
	long long nomail = make_client(biz, "Nomail", NULL, NULL, 0);
	long long shy = make_client(biz, "Shy", "shy@x.by", NULL, 1);
	struct th_response r;
	char path[128], want[256];

	/* the client's page: the survey choice and the send button */
	snprintf(path, sizeof(path), "/clients/%lld", anna);
	tw_get(&m, path, &r);
	tw_assert_status(&r, 200);
	snprintf(want, sizeof(want), "<option value=\"%lld\">After the visit</option>", s);
	tw_assert_has(&r, want);
	tw_assert_has(&r, "Send the survey");
	tw_assert_has(&r, "Automatic surveys: sent to this client.");
	tw_assert_lacks(&r, "no survey can be sent");
	th_response_free(&r);

	/* without the CSRF token: refused, nothing stored */
	char *before = base_dump(biz);
	char body[128];
	snprintf(path, sizeof(path), "/clients/%lld/survey", anna);
	snprintf(body, sizeof(body), "survey=%lld", s);
	tw_http("POST", path, m.cookie, body, &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_unchanged(before, biz, "a POST without CSRF");
	free(before);

	/* sent: one invitation (manual, by the manager), sent at once, one message */
	char sid[32];
	snprintf(sid, sizeof(sid), "%lld", s);
	tw_post(&m, path, tw_fields("survey", sid, NULL), &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=survey_sent#survey", anna);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	/* the form submitted twice: still one invitation and one message */
	tw_post(&m, path, tw_fields("survey", sid, NULL), &r);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	char *rows = tw_sql_rows("SELECT client_id, survey_id, source, created_by, sent_at IS NOT NULL,"
	                         " expires_at IS NOT NULL, error FROM survey_invitations WHERE business_id = ?",
	                         CXM_PARAMS(CXM_PINT(biz)));
	char exp[256];
	snprintf(exp, sizeof(exp), "%lld|%lld|manual|%lld|1|1|\\N\n", anna, s, m.user_id);
	ck_assert_str_eq(rows, exp);
	free(rows);
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM outbox WHERE business_id = ? AND recipient = 'anna@x.by'", biz), 1);
	/* the link's token hashes to the stored hash */
	struct cxm_rows o;
	ck_assert_int_eq(cxm_db_query(tw.db, tw.arena,
	                              "SELECT o.body, HEX(si.token_hash) FROM outbox o JOIN survey_invitations si"
	                              " ON si.business_id = o.business_id WHERE o.business_id = ?",
	                              CXM_PARAMS(CXM_PINT(biz)), &o),
	                 CXM_OK);
	char *token = link_token(cxm_rows_get(&o, 0, 0));
	unsigned char hash[32];
	tw_token_hash(token, hash);
	char hex[65];
	for (int k = 0; k < 32; k++)
		snprintf(hex + 2 * k, 3, "%02X", hash[k]);
	ck_assert_str_eq(cxm_rows_get(&o, 0, 1), hex);
	free(token);
	cxm_arena_reset(tw.arena);
	rows = tw_audit_of(biz);
	snprintf(exp, sizeof(exp), "survey_sent|%lld|client #%lld|survey #%lld\n", m.user_id, anna, s);
	ck_assert_str_eq(rows, exp);
	free(rows);
	snprintf(path, sizeof(path), "/clients/%lld?done=survey_sent", anna);
	tw_get(&m, path, &r);
	tw_assert_notice(&r, "ok", "The survey has been sent.");
	/* now within the quiet period: a warning, the form still there */
	tw_assert_has(&r, "The client was invited to a survey within the last 30 days (the quiet period). "
	               "You may still send one by hand.");
	tw_assert_has(&r, "Send the survey");
	th_response_free(&r);

	/* no e-mail: the page says so, a POST is refused and stores nothing */
	snprintf(path, sizeof(path), "/clients/%lld", nomail);
	tw_get(&m, path, &r);
	tw_assert_has(&r, "This client has no e-mail address, so no survey can be sent.");
	tw_assert_lacks(&r, "Send the survey");
	th_response_free(&r);
	before = base_dump(biz);
	snprintf(path, sizeof(path), "/clients/%lld/survey", nomail);
	tw_post(&m, path, tw_fields("survey", sid, NULL), &r);
	tw_assert_status(&r, 422);
	tw_assert_has(&r, "This client has no e-mail address, so a survey cannot be sent.");
	th_response_free(&r);
	/* no survey chosen: refused too */
	tw_post(&m, path, tw_fields("survey", "", NULL), &r);
	tw_assert_status(&r, 422);
	tw_assert_has(&r, "Choose a survey.");
	th_response_free(&r);
	assert_unchanged(before, biz, "a refused send");
	free(before);

	/* opted out: warned, and a send by hand goes out */
	snprintf(path, sizeof(path), "/clients/%lld", shy);
	tw_get(&m, path, &r);
	tw_assert_has(&r, "The client asked not to get automatic surveys. You may still send one by hand.");
	tw_assert_has(&r, "Automatic surveys: not sent to this client.");
	th_response_free(&r);
	snprintf(path, sizeof(path), "/clients/%lld/survey", shy);
	tw_post(&m, path, tw_fields("survey", sid, NULL), &r);
	tw_assert_status(&r, 303);
	th_response_free(&r);
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM outbox WHERE business_id = ? AND recipient = 'shy@x.by'", biz), 1);
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM audit_log WHERE business_id = ? AND action = 'survey_sent'"
	                          " AND detail LIKE '%opted out'", biz),
	                 1);

	/* an analyst sees no send section and may not post */
	struct tw_client an;
	tw_make_member(&an, biz, "a@inv-manual.by", "analyst");
	snprintf(path, sizeof(path), "/clients/%lld", anna);
	tw_get(&an, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_lacks(&r, "Send the survey");
	th_response_free(&r);
	snprintf(path, sizeof(path), "/clients/%lld/survey", anna);
	tw_post(&an, path, tw_fields("survey", sid, NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
}
END_TEST

START_TEST(opt_out_toggle)
{
	long long biz = tw_make_business("inv-optout", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "m@inv-optout.by", "manager");
	long long c = make_client(biz, "Olga", "olga@x.by", NULL, 0);
	struct th_response r;
	char path[128], want[128];
	snprintf(path, sizeof(path), "/clients/%lld/survey-opt-out", c);
	tw_post(&m, path, tw_fields("opt_out", "1", NULL), &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=survey_opt_out#survey", c);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT survey_opt_out FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(c)), -1), 1);
	snprintf(path, sizeof(path), "/clients/%lld?done=survey_opt_out", c);
	tw_get(&m, path, &r);
	tw_assert_notice(&r, "ok", "The client will get no automatic surveys.");
	tw_assert_has(&r, "Automatic surveys: not sent to this client.");
	tw_assert_has(&r, "name=\"opt_out\" value=\"0\"");
	th_response_free(&r);
	/* the same again changes nothing and is not audited twice */
	snprintf(path, sizeof(path), "/clients/%lld/survey-opt-out", c);
	tw_post(&m, path, tw_fields("opt_out", "1", NULL), &r);
	th_response_free(&r);
	tw_post(&m, path, tw_fields("opt_out", "0", NULL), &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=survey_opt_in#survey", c);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT survey_opt_out FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(c)), -1), 0);
	char *a = tw_audit_of(biz), exp[256];
	snprintf(exp, sizeof(exp), "survey_opt_out|%lld|client #%lld|\nsurvey_opt_in|%lld|client #%lld|\n", m.user_id, c,
	         m.user_id, c);
	ck_assert_str_eq(a, exp);
	free(a);
}
END_TEST

/* The bulk send: 6 live clients, 2 women (one opted out) and 4 others
 * (one without e-mail, one invited 3 days ago): the whole list invites
 * 3 (skipped 1 + 1 + 1); the women's list invites 1 (1 opted out). */
START_TEST(bulk_send)
{
	long long biz = tw_make_business("inv-bulk", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "m@inv-bulk.by", "manager");
	long long s = make_survey(biz, "Spring survey");
	long long w1 = make_client(biz, "Wanda", "w1@x.by", "female", 0);
	make_client(biz, "Vera", "w2@x.by", "female", 1);
	long long c3 = make_client(biz, "Carl", "c3@x.by", "male", 0);
	make_client(biz, "Nomail", NULL, NULL, 0);
	long long q = make_client(biz, "Quiet", "q@x.by", NULL, 0);
	long long c6 = make_client(biz, "Sam", "c6@x.by", NULL, 0);
	tw_sql_exec("INSERT INTO survey_invitations (business_id, survey_id, client_id, source, created_at, due_at,"
	            " sent_at) VALUES (?, ?, ?, 'manual', UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY,"
	            " UTC_TIMESTAMP() - INTERVAL 3 DAY)",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(s), CXM_PINT(q)));
	struct th_response r;

	/* the list links to the send with its filter */
	tw_get(&m, "/clients?gender=female", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "href=\"/clients/survey?gender=female\">Send a survey to these clients</a>");
	th_response_free(&r);

	/* first the survey is chosen, the filter kept */
	tw_get(&m, "/clients/survey?gender=female", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<input type=\"hidden\" name=\"gender\" value=\"female\">");
	char want[256];
	snprintf(want, sizeof(want), "<option value=\"%lld\">Spring survey</option>", s);
	tw_assert_has(&r, want);
	th_response_free(&r);

	char path[128];
	snprintf(path, sizeof(path), "/clients/survey?survey=%lld", s);
	char *before = base_dump(biz);
	tw_get(&m, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<tr data-count=\"matched\"><th scope=\"row\">Clients in the list</th><td>6</td></tr>");
	tw_assert_has(&r, "<tr data-count=\"no_email\"><th scope=\"row\">Skipped: no e-mail address</th><td>1</td></tr>");
	tw_assert_has(&r, "<tr data-count=\"opted_out\"><th scope=\"row\">Skipped: asked for no surveys</th><td>1</td></tr>");
	tw_assert_has(&r, "<tr data-count=\"quiet\"><th scope=\"row\">Skipped: invited within the quiet period (30)</th><td>1</td></tr>");
	tw_assert_has(&r, "<tr data-count=\"invited\"><th scope=\"row\">Will be invited</th><td>3</td></tr>");
	tw_assert_has(&r, "Send the invitations");
	th_response_free(&r);
	assert_unchanged(before, biz, "the confirmation page");
	free(before);

	char sid[32];
	snprintf(sid, sizeof(sid), "%lld", s);
	tw_post(&m, "/clients/survey", tw_fields("survey", sid, NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "ok", "3 clients invited. The messages go out within a minute.");
	tw_assert_has(&r, "<tr data-count=\"invited\"><th scope=\"row\">Invited</th><td>3</td></tr>");
	th_response_free(&r);
	char *rows = tw_sql_rows("SELECT client_id, source, created_by FROM survey_invitations WHERE business_id = ?"
	                         " AND source = 'bulk' ORDER BY client_id",
	                         CXM_PARAMS(CXM_PINT(biz)));
	char exp[512];
	snprintf(exp, sizeof(exp), "%lld|bulk|%lld\n%lld|bulk|%lld\n%lld|bulk|%lld\n", w1, m.user_id, c3, m.user_id, c6,
	         m.user_id);
	ck_assert_str_eq(rows, exp);
	free(rows);
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM audit_log WHERE business_id = ? AND action = 'survey_bulk_sent'"
	                          " AND detail = '3 invited; skipped: 1 without e-mail, 1 opted out, 1 in the quiet period'",
	                          biz),
	                 1);

	/* the women now: Wanda was just invited (quiet), Vera opted out */
	snprintf(path, sizeof(path), "/clients/survey?gender=female&survey=%lld", s);
	tw_get(&m, path, &r);
	tw_assert_has(&r, "<tr data-count=\"matched\"><th scope=\"row\">Clients in the list</th><td>2</td></tr>");
	tw_assert_has(&r, "<tr data-count=\"invited\"><th scope=\"row\">Will be invited</th><td>0</td></tr>");
	tw_assert_lacks(&r, "Send the invitations");
	th_response_free(&r);
	/* a bad filter value is refused next to nothing: the list's own rule */
	tw_get(&m, "/clients/survey?deleted=1", &r);
	tw_assert_status(&r, 400);
	th_response_free(&r);
}
END_TEST

/* ---- automatic surveys ---------------------------------------------------------- */

START_TEST(automation_admin)
{
	long long biz = tw_make_business("inv-auto", "Europe/Minsk", "BYN");
	struct tw_client adm, m;
	tw_make_member(&adm, biz, "a@inv-auto.by", "admin");
	tw_make_member(&m, biz, "m@inv-auto.by", "manager");
	long long s = make_survey(biz, "After a purchase");
	struct th_response r;
	tw_get(&m, "/admin/surveys/automation", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	tw_get(&adm, "/admin/surveys/automation", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "No automatic surveys yet.");
	tw_assert_has(&r, "name=\"quiet_days\" value=\"30\"");
	th_response_free(&r);

	/* refusals next to their fields, nothing stored */
	char *before = NULL;
	long long closed = make_survey(biz, "Closed one");
	tw_sql_exec("UPDATE surveys SET status = 'closed' WHERE id = ?", CXM_PARAMS(CXM_PINT(closed)));
	before = base_dump(biz);
	tw_post(&adm, "/admin/surveys/triggers",
	        tw_fields("survey", cxm_printf(tw.arena, "%lld", closed), "event", "birthday", "delay_days", "400", NULL), &r);
	tw_assert_status(&r, 422);
	tw_assert_notice(&r, "error", "Check the highlighted fields.");
	tw_assert_field_error(&r, "survey", "Choose one of the listed surveys.");
	ck_assert_ptr_nonnull(tw_field_error_from(r.body, NULL, "event"));
	ck_assert_ptr_nonnull(tw_field_error_from(r.body, NULL, "delay_days"));
	th_response_free(&r);
	tw_post(&adm, "/admin/surveys/settings",
	        tw_fields("quiet_days", "-1", "nps_low_max", "6", "csat_low_max", "2", "ces_hard_count", "2", "followup_rule",
	                  "user", "followup_user_id", "", NULL),
	     &r);
	tw_assert_status(&r, 422);
	ck_assert_ptr_nonnull(tw_field_error_from(r.body, NULL, "quiet_days"));
	tw_assert_field_error(&r, "followup_user_id", "Choose the user who gets the follow-ups.");
	th_response_free(&r);
	assert_unchanged(before, biz, "refused forms");
	free(before);

	char sid[32];
	snprintf(sid, sizeof(sid), "%lld", s);
	tw_post(&adm, "/admin/surveys/triggers", tw_fields("survey", sid, "event", "purchase", "delay_days", "3", NULL), &r);
	tw_assert_redirect(&r, "/admin/surveys/automation?done=added");
	th_response_free(&r);
	long long t = tw_sql_int("SELECT id FROM survey_triggers WHERE business_id = ? AND survey_id = ? AND event = 'purchase'"
	                         " AND delay_days = 3 AND active = 1",
	                         CXM_PARAMS(CXM_PINT(biz), CXM_PINT(s)), 0);
	ck_assert_int_gt(t, 0);
	tw_get(&adm, "/admin/surveys/automation?done=added", &r);
	tw_assert_notice(&r, "ok", "The automatic survey has been added.");
	tw_assert_has(&r, "<td>After a purchase</td>");
	tw_assert_has(&r, "<td>a purchase</td>");
	tw_assert_has(&r, "<td class=\"trigger-state\">On</td>");
	th_response_free(&r);
	char path[128];
	snprintf(path, sizeof(path), "/admin/surveys/triggers/%lld/toggle", t);
	tw_post(&adm, path, tw_fields(NULL), &r);
	tw_assert_redirect(&r, "/admin/surveys/automation?done=off");
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT active FROM survey_triggers WHERE id = ?", CXM_PARAMS(CXM_PINT(t)), -1), 0);
	snprintf(path, sizeof(path), "/admin/surveys/triggers/%lld/delete", t);
	tw_get(&adm, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "Delete the automatic survey?");
	tw_assert_has(&r, "“After a purchase”, 3 days after a purchase.");
	th_response_free(&r);
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM survey_triggers WHERE business_id = ?", biz), 1);
	tw_post(&adm, path, tw_fields(NULL), &r);
	tw_assert_redirect(&r, "/admin/surveys/automation?done=deleted");
	th_response_free(&r);
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM survey_triggers WHERE business_id = ?", biz), 0);

	char uid[32];
	snprintf(uid, sizeof(uid), "%lld", m.user_id);
	tw_post(&adm, "/admin/surveys/settings",
	        tw_fields("quiet_days", "14", "nps_low_max", "5", "csat_low_max", "1", "ces_hard_count", "3", "followup_rule",
	                  "user", "followup_user_id", uid, NULL),
	     &r);
	tw_assert_redirect(&r, "/admin/surveys/automation?done=settings");
	th_response_free(&r);
	char *rows = tw_sql_rows("SELECT quiet_days, nps_low_max, csat_low_max, ces_hard_count, followup_rule, followup_user_id"
	                         " FROM survey_settings WHERE business_id = ?",
	                         CXM_PARAMS(CXM_PINT(biz)));
	char exp[256];
	snprintf(exp, sizeof(exp), "14|5|1|3|user|%lld\n", m.user_id);
	ck_assert_str_eq(rows, exp);
	free(rows);
	rows = tw_sql_rows("SELECT action FROM audit_log WHERE business_id = ? ORDER BY id", CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_str_eq(rows, "survey_trigger_added\nsurvey_trigger_disabled\nsurvey_trigger_deleted\n"
	                       "survey_settings_changed\n");
	free(rows);
}
END_TEST

/* ---- results ------------------------------------------------------------------------ */

/* A survey with one version: nps and a comment; 8 responses with NPS 10,
 * 9, 9, 8, 7, 6, 3, 0 (promoters 3/8 = 37.5 %, passives 2/8 = 25 %,
 * detractors 3/8 = 37.5 %, NPS 0.0, mean 52/8 = 6.50) and one comment.
 * Invitations: 4 sent, 2 opened, 1 answered: completion 1/2 = 50.0 %,
 * response rate 1/4 = 25.0 %. Returns the survey; *rid the response with
 * the comment, *client its client. */
static long long results_data(long long biz, long long *rid, long long *client)
{
	long long s = make_survey(biz, "Loyalty");
	long long v = tw_sql_insert("INSERT INTO survey_versions (business_id, survey_id, number) VALUES (?, ?, 1)",
	                            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(s)));
	long long sec = tw_sql_insert("INSERT INTO survey_sections (business_id, version_id, position) VALUES (?, ?, 1)",
	                              CXM_PARAMS(CXM_PINT(biz), CXM_PINT(v)));
	long long nps = tw_sql_insert("INSERT INTO survey_questions (business_id, version_id, section_id, position, code,"
	                              " type, text_ru, text_en, scale_min, scale_max) VALUES (?, ?, ?, 1, 'nps', 'nps',"
	                              " 'Порекомендуете ли вы нас?', 'Would you recommend us?', 0, 10)",
	                              CXM_PARAMS(CXM_PINT(biz), CXM_PINT(v), CXM_PINT(sec)));
	long long com = tw_sql_insert("INSERT INTO survey_questions (business_id, version_id, section_id, position, code,"
	                              " type, text_ru, text_en) VALUES (?, ?, ?, 2, 'comment', 'text', 'Комментарий',"
	                              " 'Anything else?')",
	                              CXM_PARAMS(CXM_PINT(biz), CXM_PINT(v), CXM_PINT(sec)));
	*client = make_client(biz, "Respondent", "resp@x.by", NULL, 0);
	const int vals[8] = {10, 9, 9, 8, 7, 6, 3, 0};
	for (int i = 0; i < 8; i++) {
		char key[64];
		snprintf(key, sizeof(key), "k-%lld-%d", biz, i);
		long long r = tw_sql_insert("INSERT INTO survey_responses (business_id, survey_id, version_id, client_id,"
		                            " channel, submit_key, completed_at) VALUES (?, ?, ?, ?, 'invitation', ?,"
		                            " '2026-02-10 09:00:00')",
		                            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(s), CXM_PINT(v),
		                                    i == 6 ? CXM_PINT(*client) : CXM_PNULL, CXM_PSTR(key)));
		tw_sql_exec("INSERT INTO survey_answers (business_id, response_id, question_id, num) VALUES (?, ?, ?, ?)",
		            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(r), CXM_PINT(nps), CXM_PINT(vals[i])));
		if (i == 6) {
			tw_sql_exec("INSERT INTO survey_answers (business_id, response_id, question_id, text)"
			            " VALUES (?, ?, ?, 'The queue was <long>')",
			            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(r), CXM_PINT(com)));
			*rid = r;
		}
	}
	const char *opened[4] = {"2026-02-09", "2026-02-09", NULL, NULL};
	const char *done[4] = {"2026-02-09", NULL, NULL, NULL};
	for (int i = 0; i < 4; i++)
		tw_sql_exec("INSERT INTO survey_invitations (business_id, survey_id, client_id, source, due_at, sent_at,"
		            " opened_at, completed_at) VALUES (?, ?, ?, 'manual', '2026-02-08', '2026-02-08', ?, ?)",
		            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(s), CXM_PINT(*client),
		                    opened[i] ? CXM_PSTR(opened[i]) : CXM_PNULL, done[i] ? CXM_PSTR(done[i]) : CXM_PNULL));
	return s;
}

START_TEST(results_and_response)
{
	long long biz = tw_make_business("inv-res", "Europe/Minsk", "BYN");
	struct tw_client an;
	tw_make_member(&an, biz, "an@inv-res.by", "analyst");
	long long rid, client;
	long long s = results_data(biz, &rid, &client);
	struct th_response r;
	char path[256], want[512];
	snprintf(path, sizeof(path), "/surveys/%lld/results", s);
	tw_get(&an, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<h1>Results: Loyalty</h1>");
	tw_assert_has(&r, "<tr data-count=\"responses\"><th scope=\"row\">Responses</th><td>8</td></tr>");
	tw_assert_has(&r, "<tr data-count=\"sent\"><th scope=\"row\">Invitations sent</th><td>4</td></tr>");
	tw_assert_has(&r, "<tr data-count=\"opened\"><th scope=\"row\">Invitations opened</th><td>2</td></tr>");
	tw_assert_has(&r, "<tr data-count=\"completed\"><th scope=\"row\">Invitations answered</th><td>1</td></tr>");
	tw_assert_has(&r, "<td>50.0 %</td>");
	tw_assert_has(&r, "<td>25.0 %</td>");
	tw_assert_has(&r, "<p class=\"metric\" data-metric=\"nps\">NPS: <strong>0.0</strong></p>");
	tw_assert_has(&r, "<p class=\"metric\" data-metric=\"promoters\">Promoters (9-10): <strong>3 · 37.5 %</strong></p>");
	tw_assert_has(&r, "<p class=\"metric\" data-metric=\"passives\">Passives (7-8): <strong>2 · 25.0 %</strong></p>");
	tw_assert_has(&r, "<p class=\"metric\" data-metric=\"detractors\">Detractors (0-6): <strong>3 · 37.5 %</strong></p>");
	tw_assert_has(&r, "<p class=\"metric\" data-metric=\"mean\">Mean: <strong>6.50</strong></p>");
	/* the chart: a title, a bar per point with its own title; 9 has 2 of 8 */
	tw_assert_has(&r, "<svg class=\"chart\"");
	tw_assert_has(&r, "<title>Answers to “Would you recommend us?”</title>");
	tw_assert_has(&r, "<title>9: 2 (25.0 %)</title>");
	tw_assert_has(&r, "<title>5: 0 (0.0 %)</title>");
	/* the widest bar (9: 2 answers) is 340 units, a 1-answer bar 170 */
	tw_assert_has(&r, "width=\"340\" height=\"20\"");
	tw_assert_has(&r, "width=\"170\" height=\"20\"");
	tw_assert_has(&r, "<tr><td>9</td><td>2</td><td>25.0 %</td></tr>");
	/* the free text, escaped, linked to its response */
	tw_assert_has(&r, "<p class=\"text-answer\">The queue was &lt;long&gt;</p>");
	snprintf(want, sizeof(want), "href=\"/surveys/%lld/responses/%lld\"", s, rid);
	tw_assert_has(&r, want);
	th_response_free(&r);

	/* a period without responses (local dates) */
	snprintf(path, sizeof(path), "/surveys/%lld/results?from=2026-02-11&to=2026-02-20", s);
	tw_get(&an, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<tr data-count=\"responses\"><th scope=\"row\">Responses</th><td>0</td></tr>");
	tw_assert_has(&r, "name=\"from\" value=\"2026-02-11\"");
	th_response_free(&r);
	/* a bad date is shown next to its field */
	snprintf(path, sizeof(path), "/surveys/%lld/results?from=2026-02-31", s);
	tw_get(&an, path, &r);
	tw_assert_status(&r, 200);
	ck_assert_ptr_nonnull(tw_field_error_from(r.body, NULL, "from"));
	th_response_free(&r);

	/* the response: every answer under its question */
	snprintf(path, sizeof(path), "/surveys/%lld/responses/%lld", s, rid);
	tw_get(&an, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<dt data-code=\"nps\">Would you recommend us?</dt>\n    <dd class=\"answer\">3</dd>");
	tw_assert_has(&r, "<dt data-code=\"comment\">Anything else?</dt>\n    <dd class=\"answer\">The queue was &lt;long&gt;</dd>");
	snprintf(want, sizeof(want), "<a href=\"/clients/%lld\">Respondent</a>", client);
	tw_assert_has(&r, want);
	th_response_free(&r);

	/* the client's timeline links to it */
	tw_sql_exec("INSERT INTO interactions (business_id, client_id, kind, occurred_at, ref_id)"
	            " VALUES (?, ?, 'survey', '2026-02-10 09:00:00', ?)",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(client), CXM_PINT(rid)));
	snprintf(path, sizeof(path), "/clients/%lld", client);
	tw_get(&an, path, &r);
	snprintf(want, sizeof(want), "<a class=\"entry-response\" href=\"/surveys/responses/%lld\">Show the answers</a>", rid);
	tw_assert_has(&r, want);
	th_response_free(&r);
	snprintf(path, sizeof(path), "/surveys/responses/%lld", rid);
	tw_get(&an, path, &r);
	snprintf(want, sizeof(want), "/surveys/%lld/responses/%lld", s, rid);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
}
END_TEST

/* ---- tenancy ------------------------------------------------------------------------ */

/* method path (with field f=v when f is set) answers 404. */
static void expect_404(const struct tw_client *c, const char *method, const char *path, const char *f, const char *v)
{
	struct th_response r;
	if (strcmp(method, "GET") == 0)
		tw_get(c, path, &r);
	else
		tw_post(c, path, f ? tw_fields(f, v, NULL) : tw_fields(NULL), &r);
	ck_assert_msg(r.status == 404, "%s %s: status %d, expected 404", method, path, r.status);
	th_response_free(&r);
}

START_TEST(tenancy)
{
	long long a = tw_make_business("inv-ten-a", "Europe/Minsk", "BYN");
	long long b = tw_make_business("inv-ten-b", "Europe/Minsk", "BYN");
	struct tw_client ma, mb;
	tw_make_member(&ma, a, "admin@inv-ten-a.by", "admin");
	tw_make_member(&mb, b, "manager@inv-ten-b.by", "manager");
	long long sa = make_survey(a, "A's survey");
	long long ca = make_client(a, "A's client", "ca@x.by", NULL, 0);
	long long rid_b, client_b;
	long long sb = results_data(b, &rid_b, &client_b);
	long long tb = tw_sql_insert("INSERT INTO survey_triggers (business_id, survey_id, event) VALUES (?, ?, 'visit')",
	                             CXM_PARAMS(CXM_PINT(b), CXM_PINT(sb)));
	char *before_a = base_dump(a), *before_b = base_dump(b);
	struct th_response r;
	char path[256], sid[32];
	snprintf(sid, sizeof(sid), "%lld", sb);
	/* B's client with A's survey, A's client with B's survey, ... */
	expect_404(&ma, "POST", cxm_printf(tw.arena, "/clients/%lld/survey", client_b), "survey",
	           cxm_printf(tw.arena, "%lld", sa));
	expect_404(&ma, "POST", cxm_printf(tw.arena, "/clients/%lld/survey", ca), "survey", sid);
	expect_404(&ma, "POST", cxm_printf(tw.arena, "/clients/%lld/survey-opt-out", client_b), "opt_out", "1");
	expect_404(&ma, "POST", "/clients/survey", "survey", sid);
	expect_404(&ma, "GET", cxm_printf(tw.arena, "/clients/survey?survey=%lld", sb), NULL, NULL);
	expect_404(&ma, "GET", cxm_printf(tw.arena, "/surveys/%lld/results", sb), NULL, NULL);
	expect_404(&ma, "GET", cxm_printf(tw.arena, "/surveys/%lld/responses/%lld", sb, rid_b), NULL, NULL);
	expect_404(&ma, "GET", cxm_printf(tw.arena, "/surveys/%lld/responses/%lld", sa, rid_b), NULL, NULL);
	expect_404(&ma, "GET", cxm_printf(tw.arena, "/surveys/responses/%lld", rid_b), NULL, NULL);
	expect_404(&ma, "POST", cxm_printf(tw.arena, "/admin/surveys/triggers/%lld/toggle", tb), NULL, NULL);
	expect_404(&ma, "GET", cxm_printf(tw.arena, "/admin/surveys/triggers/%lld/delete", tb), NULL, NULL);
	expect_404(&ma, "POST", cxm_printf(tw.arena, "/admin/surveys/triggers/%lld/delete", tb), NULL, NULL);
	/* a trigger of A on B's survey, B's user as A's follow-up user: as if
	 * they did not exist */
	expect_404(&ma, "POST", "/admin/surveys/triggers", "survey", sid);
	tw_post(&ma, "/admin/surveys/settings",
	        tw_fields("quiet_days", "30", "nps_low_max", "6", "csat_low_max", "2", "ces_hard_count", "2", "followup_rule",
	                  "user", "followup_user_id", cxm_printf(tw.arena, "%lld", mb.user_id), NULL),
	     &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	/* a response id that cannot exist */
	expect_404(&ma, "GET", cxm_printf(tw.arena, "/surveys/%lld/responses/x", sa), NULL, NULL);
	/* B's survey is not offered on A's pages */
	snprintf(path, sizeof(path), "/clients/%lld", ca);
	tw_get(&ma, path, &r);
	tw_assert_lacks(&r, "Loyalty");
	th_response_free(&r);
	assert_unchanged(before_a, a, "B's ids under A's session");
	assert_unchanged(before_b, b, "B's ids under A's session");
	free(before_a);
	free(before_b);
}
END_TEST

static Suite *surveys_suite(void)
{
	Suite *s = suite_create("http_survey_invite");
	TCase *tc = tcase_create("pages");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, manual_send);
	tcase_add_test(tc, opt_out_toggle);
	tcase_add_test(tc, bulk_send);
	tcase_add_test(tc, automation_admin);
	tcase_add_test(tc, results_and_response);
	tcase_add_test(tc, tenancy);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return EXIT_FAILURE;
	}
	th_mysql_socket();
	struct th_stack_opts o = {.workers = 2};
	th_stack_start(&stack, &o);
	int failed = tw_run(surveys_suite(), &stack);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
