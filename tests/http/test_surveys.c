/* Surveys over the whole serving path (HTTP client -> nginx -> cxm-fcgi ->
 * MariaDB): the default questionnaire answered page by page through its
 * open link the way a browser without JavaScript does (each page's hidden
 * fields sent back), every answer stored exactly, the new client's profile
 * and timeline; a missing or malformed answer shown next to its question
 * with nothing stored; invitation links (prefilled from the client, opened
 * and completed, refused when used, expired or unknown); a double
 * submission stored once; tokens and ids of one business never reaching
 * another's survey; and the builder (create, add, edit with the reasons
 * next to the inputs, delete after a confirmation, a new version once
 * there are responses, audit entries, CSRF and roles).
 *
 * Conventions of tests/http/test_clients.c: the stack is started once in
 * main; every test makes its own business directly in the database.
 * Requests send "Accept-Language: en", so the texts asserted are the
 * English msgids (the questions themselves come in the survey's English
 * translation). */
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
#include "survey.h"

static struct th_stack stack;

#define MSG_REQUIRED "This question needs an answer."
#define MSG_EMAIL "Enter a valid e-mail address, e.g. anna@example.com."
#define MSG_OTHER "Please specify your answer."

/* ---- database --------------------------------------------------------------- */

static struct cxm_db *db;
static struct cxm_arena *arena;

static void setup(void)
{
	tw_open(&stack);
	db = tw.db;
	arena = tw.arena;
}

static void teardown(void)
{
	tw_close();
	db = NULL;
	arena = NULL;
}

static long long sql_int(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows ? cxm_rows_int(&r, 0, 0, -1) : -1;
}

/* Rows as "a|b\n" lines, NULL as \N (in the arena). */
static const char *sql_rows(const char *sql, const struct cxm_param *p, size_t n)
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

#define assert_rows(want, sql, ...) \
	do { \
		const char *got_ = sql_rows(sql, __VA_ARGS__); \
		ck_assert_msg(strcmp(got_, want) == 0, "%s\ngot:\n%s\nexpected:\n%s", sql, got_, want); \
	} while (0)

/* A business with its default survey; returns the business id and sets
 * the survey's id and open token. */
static long long make_business(const char *slug, long long *survey, char token[TW_TOKEN_CHARS + 1])
{
	long long biz = tw_sql_insert("INSERT INTO businesses (slug, name) VALUES (?, ?)",
	                              CXM_PARAMS(CXM_PSTR(slug), CXM_PSTR(slug)));
	long long sid = 0;
	int installed = 0;
	ck_assert_int_eq(cxm_survey_install_default(db, biz, &sid, &installed), CXM_OK);
	ck_assert_int_eq(installed, 1);
	if (survey)
		*survey = sid;
	if (token) {
		struct cxm_rows r;
		ck_assert_int_eq(cxm_db_query(db, arena, "SELECT open_token FROM surveys WHERE id = ?",
		                              CXM_PARAMS(CXM_PINT(sid)), &r),
		                 CXM_OK);
		memcpy(token, cxm_rows_get(&r, 0, 0), TW_TOKEN_CHARS + 1);
	}
	return biz;
}

/* An invitation of client to survey, expiring `expires` ("+7 DAY" style
 * interval in days; negative: already expired). */
static long long make_invitation(long long biz, long long survey, long long client, int days,
                                 char token[TW_TOKEN_CHARS + 1])
{
	unsigned char hash[32];
	tw_random_token(token);
	tw_token_hash(token, hash);
	return tw_sql_insert("INSERT INTO survey_invitations (business_id, survey_id, client_id, token_hash, source,"
	                     " due_at, sent_at, expires_at) VALUES (?, ?, ?, ?, 'manual', UTC_TIMESTAMP(6),"
	                     " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? DAY)",
	                     CXM_PARAMS(CXM_PINT(biz), CXM_PINT(survey), CXM_PINT(client), CXM_PBLOB(hash, 32),
	                             CXM_PINT(days)));
}

/* A signed-in member (language en) with a session. */
struct member {
	char csrf[TW_TOKEN_CHARS + 1];
	char cookie[64];
	long long user_id;
};

static void make_member(struct member *m, long long biz, const char *email, const char *role)
{
	m->user_id = tw_sql_insert("INSERT INTO users (email, name, language) VALUES (?, ?, 'en')",
	                           CXM_PARAMS(CXM_PSTR(email), CXM_PSTR(email)));
	tw_sql_exec("INSERT INTO memberships (business_id, user_id, role) VALUES (?, ?, ?)",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(m->user_id), CXM_PSTR(role)));
	char token[TW_TOKEN_CHARS + 1];
	unsigned char hash[32];
	tw_random_token(token);
	tw_random_token(m->csrf);
	tw_token_hash(token, hash);
	snprintf(m->cookie, sizeof(m->cookie), "cxm_session=%s", token);
	tw_sql_insert("INSERT INTO sessions (token_hash, user_id, business_id, csrf_token, created_at,"
	              " last_seen_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
	              CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PINT(m->user_id), CXM_PINT(biz),
	                      CXM_PSTR(m->csrf)));
}

/* ---- HTTP --------------------------------------------------------------------- */

#define PAGE "%.4000s"

/* The respondent's language (Accept-Language). */
static const char *accept = "en";

static void http(const char *method, const char *path, const char *cookies, const char *body,
                 struct th_response *r)
{
	char headers[1024];
	snprintf(headers, sizeof(headers), "Accept-Language: %s\r\n%s%s%s%s", accept, cookies ? "Cookie: " : "",
	         cookies ? cookies : "", cookies ? "\r\n" : "",
	         body ? "Content-Type: application/x-www-form-urlencoded\r\n" : "");
	ck_assert_msg(th_http(stack.port, method, path, headers, body, body ? strlen(body) : 0, r) == 0,
	              "%s %s: no response", method, path);
}

static void assert_status_at(const struct th_response *r, int status, int line)
{
	ck_assert_msg(r->status == status, "line %d: status %d, expected %d:\n%s\n" PAGE, line, r->status, status,
	              r->head, tw_page_main(r->body));
}
#define assert_status(r, status) assert_status_at(r, status, __LINE__)

static void assert_has_at(const struct th_response *r, const char *needle, int line)
{
	ck_assert_msg(strstr(r->body, needle) != NULL, "line %d: body lacks \"%s\":\n" PAGE, line, needle,
	              tw_page_main(r->body));
}
#define assert_has(r, n) assert_has_at(r, n, __LINE__)

static void assert_lacks_at(const struct th_response *r, const char *needle, int line)
{
	ck_assert_msg(strstr(r->body, needle) == NULL, "line %d: body has \"%s\":\n" PAGE, line, needle,
	              tw_page_main(r->body));
}
#define assert_lacks(r, n) assert_lacks_at(r, n, __LINE__)

static char *unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		static const struct { const char *e, *c; } ents[] = {
			{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"},
		};
		int hit = 0;
		for (size_t e = 0; e < sizeof(ents) / sizeof(ents[0]); e++) {
			size_t l = strlen(ents[e].e);
			if (i + l <= n && strncmp(s + i, ents[e].e, l) == 0) {
				out[k++] = ents[e].c[0];
				i += l;
				hit = 1;
				break;
			}
		}
		if (!hit)
			out[k++] = s[i++];
	}
	out[k] = '\0';
	return out;
}

/* A respondent's browser: the visitor CSRF cookie and what the current
 * page's form would send as it is (hidden inputs, filled text inputs and
 * text areas, checked radios and boxes), as name/value pairs. */
#define MAX_PAIRS 200
struct browser {
	char cookie[128];
	char csrf[TW_TOKEN_CHARS + 1];
	char path[128];
	char *name[MAX_PAIRS], *value[MAX_PAIRS];
	size_t n;
};

static void browser_free(struct browser *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->name[i]);
		free(b->value[i]);
	}
	b->n = 0;
}

static void pair_add(struct browser *b, char *name, char *value)
{
	ck_assert_uint_lt(b->n, MAX_PAIRS);
	b->name[b->n] = name;
	b->value[b->n] = value;
	b->n++;
}

/* The attribute attr="..." of the tag starting at p (ending at end),
 * unescaped and malloc'd, or NULL. */
static char *attr(const char *p, const char *end, const char *a)
{
	char pat[32];
	snprintf(pat, sizeof(pat), " %s=\"", a);
	const char *v = strstr(p, pat);
	if (!v || v > end)
		return NULL;
	v += strlen(pat);
	return unescape(v, strcspn(v, "\""));
}

/* Takes the controls of the page's survey form. */
static void take_form(struct browser *b, const struct th_response *r)
{
	browser_free(b);
	const char *form = strstr(r->body, "<form class=\"form-stack survey-form\"");
	if (!form)
		return;
	const char *form_end = strstr(form, "</form>");
	for (const char *p = strstr(form, "<input "); p && p < form_end; p = strstr(p + 1, "<input ")) {
		const char *end = strchr(p, '>');
		char *type = attr(p, end, "type"), *name = attr(p, end, "name"), *value = attr(p, end, "value");
		int checked = strstr(p, " checked") && strstr(p, " checked") < end;
		int take = name && value &&
		           (strcmp(type, "hidden") == 0 ||
		            ((strcmp(type, "text") == 0 || strcmp(type, "email") == 0) && *value) ||
		            ((strcmp(type, "radio") == 0 || strcmp(type, "checkbox") == 0) && checked));
		free(type);
		if (take) {
			pair_add(b, name, value);
		} else {
			free(name);
			free(value);
		}
	}
	for (const char *p = strstr(form, "<textarea "); p && p < form_end; p = strstr(p + 1, "<textarea ")) {
		const char *end = strchr(p, '>');
		char *name = attr(p, end, "name");
		const char *close = strstr(end, "</textarea>");
		if (close > end + 1)
			pair_add(b, name, unescape(end + 1, (size_t)(close - end - 1)));
		else
			free(name);
	}
}

static void open_page(struct browser *b, const char *path, struct th_response *r)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->path, sizeof(b->path), "%s", path);
	http("GET", path, NULL, NULL, r);
	if (r->status != 200)
		return;
	char *sc = th_header(r, "Set-Cookie");
	ck_assert_msg(sc && strncmp(sc, "cxm_csrf=", 9) == 0, "no CSRF cookie: %s", sc ? sc : "(none)");
	size_t n = strcspn(sc + 9, ";");
	ck_assert_uint_eq(n, TW_TOKEN_CHARS);
	memcpy(b->csrf, sc + 9, TW_TOKEN_CHARS);
	snprintf(b->cookie, sizeof(b->cookie), "cxm_csrf=%s", b->csrf);
	free(sc);
	take_form(b, r);
}

/* The form body: the page's pairs, except those the respondent changes
 * (names given in the NULL-ended name, value list replace every pair of
 * that name), then the changes and go. */
static char *form_body(const struct browser *b, const char *go, va_list ap)
{
	const char *cn[64], *cv[64];
	size_t nc = 0;
	for (const char *n = va_arg(ap, const char *); n; n = va_arg(ap, const char *)) {
		ck_assert_uint_lt(nc, 64);
		cn[nc] = n;
		cv[nc++] = va_arg(ap, const char *);
	}
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	for (size_t i = 0; i < b->n; i++) {
		int replaced = 0;
		for (size_t k = 0; k < nc; k++)
			replaced |= strcmp(cn[k], b->name[i]) == 0;
		if (!replaced)
			tw_form_add(&t, b->name[i], b->value[i]);
	}
	for (size_t k = 0; k < nc; k++)
		if (*cv[k])
			tw_form_add(&t, cn[k], cv[k]);
	if (go)
		tw_form_add(&t, "go", go);
	return t.s;
}

static char *body_of(const struct browser *b, const char *go, ...)
{
	va_list ap;
	va_start(ap, go);
	char *s = form_body(b, go, ap);
	va_end(ap);
	return s;
}

/* Sends the current page with the respondent's changes (name, value, ...,
 * NULL; an empty value clears) and go=next or back; then takes the new
 * page's form. */
static void send_page(struct browser *b, const char *go, struct th_response *r, ...)
{
	va_list ap;
	va_start(ap, r);
	char *body = form_body(b, go, ap);
	va_end(ap);
	http("POST", b->path, b->cookie, body, r);
	free(body);
	if (r->status == 200)
		take_form(b, r);
}

/* The error shown in question code's fieldset, malloc'd, or NULL. */
static char *question_error(const char *body, const char *code)
{
	char id[128];
	snprintf(id, sizeof(id), "id=\"question-%s\"", code);
	const char *q = strstr(body, id);
	if (!q)
		return NULL;
	const char *end = strstr(q, "</fieldset>");
	const char *e = strstr(q, "<span class=\"field-error\">");
	if (!e || !end || e > end)
		return NULL;
	e += strlen("<span class=\"field-error\">");
	return strndup(e, strcspn(e, "<"));
}

static void assert_question_error_at(const struct th_response *r, const char *code, const char *want, int line)
{
	char *got = question_error(r->body, code);
	ck_assert_msg((!got && !want) || (got && want && strcmp(got, want) == 0),
	              "line %d: question %s: error \"%s\", expected \"%s\":\n" PAGE, line, code,
	              got ? got : "(none)", want ? want : "(none)", tw_page_main(r->body));
	free(got);
}
#define assert_question_error(r, code, want) assert_question_error_at(r, code, want, __LINE__)

/* ---- the default questionnaire through the open link ---------------------------------- */

/* Answers pages 2 to 6 of the default survey (the browser is on page 2). */
static void answer_pages_2_to_6(struct browser *b, struct th_response *r)
{
	send_page(b, "next", r, "q_region", "brest", "q_proximity", "online", NULL);
	assert_status(r, 200);
	assert_has(r, "Page 3 of 6");
	/* Q9 waits for Q8 on the same page: displayed with its hint */
	assert_has(r, "survey-conditional\" id=\"question-social_network\"");
	assert_has(r, "Answer this if you chose «Social networks» above.");
	/* the optional script's hooks */
	assert_has(r, "id=\"question-social_network\" data-cond-name=\"q_source\" data-cond-op=\"in\""
	              " data-cond-values=\"social\" data-cond-multi=\"0\"");
	assert_has(r, "<script src=\"/static/js/survey.js\" defer></script>");
	th_response_free(r);
	send_page(b, "next", r, "q_frequency", "monthly", "q_source", "social", "q_social_network", "telegram",
	          "q_usage", "personal", "q_priority", "quality", NULL);
	assert_status(r, 200);
	assert_has(r, "Page 4 of 6");
	th_response_free(r);
	send_page(b, "next", r, "q_csat", "4", "q_nps", "9", "q_ces", "5", "q_liked-quality", "1", "q_liked-other",
	          "1", "o_liked", "Музыка", "q_improve", "Больше мастеров,\nи вечером", NULL);
	assert_status(r, 200);
	assert_has(r, "Page 5 of 6");
	th_response_free(r);
	send_page(b, "next", r, "q_tenure", "months", "q_continue", "yes", NULL);
	assert_status(r, 200);
	assert_has(r, "Page 6 of 6");
	assert_has(r, "Send the answers");
	th_response_free(r);
}

/* Every answer of response rid as code|option|num|num2|text. */
static const char *answers_of(long long rid)
{
	return sql_rows("SELECT q.code, o.code, a.num, a.num2, a.text FROM survey_answers a"
	                " JOIN survey_questions q ON q.id = a.question_id"
	                " LEFT JOIN survey_options o ON o.id = a.option_id WHERE a.response_id = ?"
	                " ORDER BY q.position, o.position",
	                CXM_PARAMS(CXM_PINT(rid)));
}

START_TEST(open_link_full_questionnaire)
{
	long long sid = 0;
	char tok[TW_TOKEN_CHARS + 1];
	long long biz = make_business("sv-full", &sid, tok);
	char path[128];
	snprintf(path, sizeof(path), "/s/%s", tok);
	struct browser b;
	struct th_response r;
	open_page(&b, path, &r);
	assert_status(&r, 200);
	assert_has(&r, "Client segmentation questionnaire");
	assert_has(&r, "Required information: name, e-mail.");
	assert_has(&r, "Page 1 of 6");
	assert_has(&r, "General information about you (demographic segmentation)");
	assert_lacks(&r, "<button type=\"submit\" name=\"go\" value=\"back\"");
	/* a respondent's page: no CXM navigation, no sign-in button */
	assert_lacks(&r, "class=\"main-nav\"");
	assert_lacks(&r, "/login\"");
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT open_starts FROM surveys WHERE id = ?", CXM_PARAMS(CXM_PINT(sid))), 1);
	/* the optional script is served as a static file */
	http("GET", "/static/js/survey.js", NULL, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "data-cond-name");
	th_response_free(&r);
	send_page(&b, "next", &r, "q_name", "Анна Петрова", "q_email", "Anna@Example.com", "q_age", "26-35",
	          "q_gender", "female", "q_profession", "other", "o_profession", "Флорист", NULL);
	assert_status(&r, 200);
	assert_has(&r, "Page 2 of 6");
	assert_has(&r, "Geographic segmentation");
	/* page 1's answers ride along hidden */
	assert_has(&r, "name=\"q_age\" value=\"26-35\"");
	th_response_free(&r);
	/* Back and forth keeps them */
	send_page(&b, "back", &r, "q_region", "brest", NULL);
	assert_status(&r, 200);
	assert_has(&r, "Page 1 of 6");
	assert_has(&r, "value=\"26-35\" checked");
	assert_has(&r, "value=\"Флорист\"");
	th_response_free(&r);
	send_page(&b, "next", &r, NULL);
	assert_status(&r, 200);
	assert_has(&r, "Page 2 of 6");
	th_response_free(&r);
	answer_pages_2_to_6(&b, &r);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 0);
	send_page(&b, "next", &r, "q_pay_more", "maybe", "q_choose_us", "bonuses", "q_loyalty_interest", "very", NULL);
	assert_status(&r, 200);
	assert_has(&r, "Thank you! Your answers have been saved.");
	th_response_free(&r);
	browser_free(&b);

	/* one response, by a new client, through the open link, in English */
	long long rid = sql_int("SELECT id FROM survey_responses WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	long long cid = sql_int("SELECT id FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	assert_rows("1|open_link|en|1|1|1\n",
	            "SELECT COUNT(*), channel, lang, client_id = ?, version_id = (SELECT current_version_id FROM surveys"
	            " WHERE id = ?), started_at BETWEEN completed_at - INTERVAL 10 MINUTE AND completed_at"
	            " FROM survey_responses WHERE business_id = ? GROUP BY 2, 3, 4, 5, 6",
	            CXM_PARAMS(CXM_PINT(cid), CXM_PINT(sid), CXM_PINT(biz)));
	/* CSAT 4, NPS 9, CES 5: nothing low, no follow-up item */
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM feedback WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 0);
	/* every answer: 22 questions, "liked" with two options: 23 rows (the
	 * e-mail as typed; the client's is normalised) */
	const char *want =
		"name|\\N|\\N|\\N|Анна Петрова\n"
		"email|\\N|\\N|\\N|Anna@Example.com\n"
		"age|26-35|\\N|\\N|\\N\n"
		"gender|female|\\N|\\N|\\N\n"
		"profession|other|\\N|\\N|Флорист\n"
		"region|brest|\\N|\\N|\\N\n"
		"proximity|online|\\N|\\N|\\N\n"
		"frequency|monthly|\\N|\\N|\\N\n"
		"source|social|\\N|\\N|\\N\n"
		"social_network|telegram|\\N|\\N|\\N\n"
		"usage|personal|\\N|\\N|\\N\n"
		"priority|quality|\\N|\\N|\\N\n"
		"csat|\\N|4|\\N|\\N\n"
		"nps|\\N|9|\\N|\\N\n"
		"ces|\\N|5|\\N|\\N\n"
		"liked|quality|\\N|\\N|\\N\n"
		"liked|other|\\N|\\N|Музыка\n"
		"improve|\\N|\\N|\\N|Больше мастеров,\nи вечером\n"
		"tenure|months|\\N|\\N|\\N\n"
		"continue|yes|\\N|\\N|\\N\n"
		"pay_more|maybe|\\N|\\N|\\N\n"
		"choose_us|bonuses|\\N|\\N|\\N\n"
		"loyalty_interest|very|\\N|\\N|\\N\n";
	const char *got = answers_of(rid);
	ck_assert_msg(strcmp(got, want) == 0, "answers:\n%s\nexpected:\n%s", got, want);
	/* the new client's profile from the mapped answers (visit frequency
	 * and tenure are derived, not stored) */
	assert_rows("Анна Петрова|anna@example.com|26-35|female|other|Флорист|brest|social|\\N|1|1\n",
	            "SELECT name, email, age_band, gender, profession, profession_other, region, source, source_detail,"
	            " interactions_count, first_seen = UTC_DATE() FROM clients WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(cid)));
	assert_rows("social_network|telegram\npriority|quality\nchoose_reason|bonuses\n",
	            "SELECT f.code, v.value FROM client_values v JOIN client_fields f ON f.id = v.field_id"
	            " WHERE v.client_id = ? ORDER BY f.position, f.id",
	            CXM_PARAMS(CXM_PINT(cid)));
	/* the timeline row */
	assert_rows("survey|survey|1|Client segmentation questionnaire\n",
	            "SELECT kind, channel, ref_id = ?, text FROM interactions WHERE client_id = ?",
	            CXM_PARAMS(CXM_PINT(rid), CXM_PINT(cid)));
	ck_assert_int_eq(sql_int("SELECT responses FROM survey_versions WHERE survey_id = ?", CXM_PARAMS(CXM_PINT(sid))), 1);
}
END_TEST

START_TEST(open_link_errors_store_nothing)
{
	char tok[TW_TOKEN_CHARS + 1];
	long long biz = make_business("sv-err", NULL, tok);
	char path[128];
	snprintf(path, sizeof(path), "/s/%s", tok);
	struct browser b;
	struct th_response r;
	open_page(&b, path, &r);
	th_response_free(&r);
	/* no age, a broken e-mail, "other" without its text */
	send_page(&b, "next", &r, "q_name", "Иван", "q_email", "ivan@", "q_gender", "male", "q_profession", "other",
	          NULL);
	assert_status(&r, 200);
	assert_has(&r, "Page 1 of 6");
	assert_has(&r, "Some answers need your attention; see the marks below.");
	assert_question_error(&r, "age", MSG_REQUIRED);
	assert_question_error(&r, "email", MSG_EMAIL);
	assert_question_error(&r, "profession", MSG_OTHER);
	assert_question_error(&r, "name", NULL);
	assert_question_error(&r, "gender", NULL);
	/* what was typed is kept */
	assert_has(&r, "value=\"ivan@\"");
	assert_has(&r, "value=\"male\" checked");
	th_response_free(&r);
	/* a browser that skips to the last page with only its answers: every
	 * page is judged, the first faulty one shown */
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	tw_form_add(&t, "csrf", b.csrf);
	char *key = NULL;
	for (size_t i = 0; i < b.n; i++)
		if (strcmp(b.name[i], "key") == 0)
			key = strdup(b.value[i]);
	ck_assert_ptr_nonnull(key);
	tw_form_add(&t, "key", key);
	tw_form_add(&t, "page", "5");
	tw_form_add(&t, "q_pay_more", "maybe");
	tw_form_add(&t, "go", "next");
	http("POST", path, b.cookie, t.s, &r);
	free(t.s);
	free(key);
	assert_status(&r, 200);
	assert_has(&r, "Page 1 of 6");
	assert_question_error(&r, "name", MSG_REQUIRED);
	th_response_free(&r);
	/* an NPS off the scale on page 4 */
	open_page(&b, path, &r);
	th_response_free(&r);
	send_page(&b, "next", &r, "q_name", "Иван", "q_email", "ivan@example.com", "q_age", "18-25", "q_gender",
	          "male", NULL);
	th_response_free(&r);
	send_page(&b, "next", &r, "q_region", "minsk", NULL);
	th_response_free(&r);
	send_page(&b, "next", &r, NULL);
	assert_has(&r, "Page 4 of 6");
	th_response_free(&r);
	send_page(&b, "next", &r, "q_csat", "4", "q_nps", "11", "q_ces", "5", "q_liked-price", "1", NULL);
	assert_status(&r, 200);
	assert_has(&r, "Page 4 of 6");
	assert_question_error(&r, "nps", "Choose a point on the scale.");
	th_response_free(&r);
	browser_free(&b);
	/* nothing stored */
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 0);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_answers WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 0);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 0);
	/* in Russian: the questions, the progress and the reasons */
	accept = "ru";
	open_page(&b, path, &r);
	assert_has(&r, "Страница 1 из 6");
	assert_has(&r, "Укажите ваш возраст");
	assert_has(&r, "Другое (укажите)");
	th_response_free(&r);
	send_page(&b, "next", &r, "q_name", "Иван", NULL);
	assert_status(&r, 200);
	assert_question_error(&r, "age", "На этот вопрос нужно ответить.");
	th_response_free(&r);
	browser_free(&b);
	accept = "en";
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 0);
	/* a POST without the visitor's CSRF cookie is refused */
	http("POST", path, NULL, "key=x&go=next", &r);
	assert_status(&r, 403);
	th_response_free(&r);
}
END_TEST

/* Answers the whole default survey from the current (first) page. */
static void answer_all(struct browser *b, struct th_response *r, const char *name, const char *email)
{
	send_page(b, "next", r, "q_name", name, "q_email", email, "q_age", "36-45", "q_gender", "male", NULL);
	assert_status(r, 200);
	th_response_free(r);
	answer_pages_2_to_6(b, r);
	send_page(b, "next", r, "q_pay_more", "maybe", NULL);
}

START_TEST(double_submission_stores_once)
{
	long long sid = 0;
	char tok[TW_TOKEN_CHARS + 1];
	long long biz = make_business("sv-dbl", &sid, tok);
	/* an existing client with that e-mail: matched, not duplicated, and
	 * an open link does not change their profile */
	long long cid = tw_sql_insert("INSERT INTO clients (business_id, name, email, region, first_seen, last_seen_at)"
	                              " VALUES (?, 'Пётр', 'petr@example.com', 'vitebsk', '2020-01-01', UTC_TIMESTAMP(6))",
	                              CXM_PARAMS(CXM_PINT(biz)));
	char path[128];
	snprintf(path, sizeof(path), "/s/%s", tok);
	struct browser b;
	struct th_response r;
	open_page(&b, path, &r);
	th_response_free(&r);
	send_page(&b, "next", &r, "q_name", "Пётр", "q_email", "petr@example.com", "q_age", "36-45", "q_gender", "male",
	          NULL);
	th_response_free(&r);
	answer_pages_2_to_6(&b, &r);
	char *last = body_of(&b, "next", "q_pay_more", "maybe", NULL);
	for (int i = 0; i < 2; i++) {
		http("POST", path, b.cookie, last, &r);
		assert_status(&r, 200);
		assert_has(&r, "Thank you! Your answers have been saved.");
		th_response_free(&r);
	}
	free(last);
	browser_free(&b);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 1);
	long long rid = sql_int("SELECT id FROM survey_responses WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	/* 4 page-1 answers, 2 + 5 + 6 (liked twice) + 2 on pages 2-5, 1 on page 6 = 20 */
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_answers WHERE response_id = ?", CXM_PARAMS(CXM_PINT(rid))), 20);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_answers WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 20);
	ck_assert_int_eq(sql_int("SELECT responses FROM survey_versions WHERE survey_id = ?", CXM_PARAMS(CXM_PINT(sid))), 1);
	assert_rows("1|1|vitebsk|\\N|\\N|1\n",
	            "SELECT COUNT(*), MIN(id) = ?, MIN(region), MIN(age_band), MIN(gender), MIN(interactions_count)"
	            " FROM clients WHERE business_id = ?",
	            CXM_PARAMS(CXM_PINT(cid), CXM_PINT(biz)));
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM interactions WHERE client_id = ? AND kind = 'survey'",
	                         CXM_PARAMS(CXM_PINT(cid))),
	                 1);
}
END_TEST

START_TEST(invitation_links)
{
	long long sid = 0;
	long long biz = make_business("sv-inv", &sid, NULL);
	/* a client known for two years, in their forties, no visits */
	long long cid = tw_sql_insert("INSERT INTO clients (business_id, name, email, age_band, gender, region, source,"
	                              " first_seen, last_seen_at) VALUES (?, 'Ольга', 'olga@example.com', '36-45', 'female',"
	                              " 'minsk', 'friends', UTC_DATE() - INTERVAL 2 YEAR, UTC_TIMESTAMP(6))",
	                              CXM_PARAMS(CXM_PINT(biz)));
	char tok[TW_TOKEN_CHARS + 1];
	long long inv = make_invitation(biz, sid, cid, 7, tok);
	char path[128];
	snprintf(path, sizeof(path), "/r/%s", tok);
	struct browser b;
	struct th_response r;
	open_page(&b, path, &r);
	assert_status(&r, 200);
	/* contact and profile questions prefilled from the client */
	assert_has(&r, "name=\"q_name\" value=\"Ольга\"");
	assert_has(&r, "name=\"q_email\" value=\"olga@example.com\"");
	assert_has(&r, "value=\"36-45\" checked");
	assert_has(&r, "value=\"female\" checked");
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT opened_at IS NOT NULL AND completed_at IS NULL FROM survey_invitations WHERE id = ?",
	                         CXM_PARAMS(CXM_PINT(inv))),
	                 1);
	/* the browser sends the prefilled values as they are */
	send_page(&b, "next", &r, "q_name", "Ольга", "q_email", "olga@example.com", "q_age", "36-45", "q_gender",
	          "female", NULL);
	assert_has(&r, "Page 2 of 6");
	assert_has(&r, "value=\"minsk\" checked");
	th_response_free(&r);
	send_page(&b, "next", &r, "q_region", "gomel", NULL);
	assert_has(&r, "Page 3 of 6");
	/* derived: no visits -> "first"; two years -> "a year or more"
	 * (page 5); the known source */
	assert_has(&r, "value=\"first\" checked");
	assert_has(&r, "value=\"friends\" checked");
	th_response_free(&r);
	send_page(&b, "next", &r, "q_frequency", "first", "q_source", "friends", NULL);
	th_response_free(&r);
	send_page(&b, "next", &r, "q_csat", "2", "q_nps", "3", "q_ces", "2", "q_liked-price", "1", NULL);
	assert_has(&r, "Page 5 of 6");
	assert_has(&r, "value=\"year_plus\" checked");
	th_response_free(&r);
	send_page(&b, "next", &r, "q_tenure", "year_plus", NULL);
	th_response_free(&r);
	send_page(&b, "next", &r, NULL);
	assert_status(&r, 200);
	assert_has(&r, "Thank you! Your answers have been saved.");
	th_response_free(&r);
	browser_free(&b);
	assert_rows("invitation|1|1\n",
	            "SELECT channel, client_id = ?, invitation_id = ? FROM survey_responses WHERE business_id = ?",
	            CXM_PARAMS(CXM_PINT(cid), CXM_PINT(inv), CXM_PINT(biz)));
	ck_assert_int_eq(sql_int("SELECT completed_at IS NOT NULL FROM survey_invitations WHERE id = ?",
	                         CXM_PARAMS(CXM_PINT(inv))),
	                 1);
	/* CSAT 2 and NPS 3 are low scores: the same transaction opened one
	 * follow-up item in the feedback inbox for this client and response,
	 * new, from the survey channel (and its complaint row in the history) */
	assert_rows("1|survey|new|1\n",
	            "SELECT COUNT(*), MIN(channel), MIN(status), MIN(response_id) = (SELECT id FROM survey_responses"
	            " WHERE business_id = ?) FROM feedback WHERE business_id = ? AND client_id = ?",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(biz), CXM_PINT(cid)));
	/* the invited client's profile follows the answers: Gomel now, the
	 * rest unchanged; a Q9 never shown sets nothing. Two interactions: the
	 * survey response and the follow-up's complaint. */
	assert_rows("gomel|36-45|female|friends|2\n",
	            "SELECT region, age_band, gender, source, interactions_count FROM clients WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(cid)));
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM client_values WHERE client_id = ?", CXM_PARAMS(CXM_PINT(cid))), 0);
	/* used: refused, the GET and a repeated POST alike */
	http("GET", path, NULL, NULL, &r);
	assert_status(&r, 404);
	assert_has(&r, "This survey has already been answered with this link. Thank you!");
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 1);
	/* expired */
	char tok2[TW_TOKEN_CHARS + 1];
	make_invitation(biz, sid, cid, -1, tok2);
	snprintf(path, sizeof(path), "/r/%s", tok2);
	http("GET", path, NULL, NULL, &r);
	assert_status(&r, 404);
	assert_has(&r, "This survey link has expired.");
	th_response_free(&r);
	/* unknown and malformed */
	char tok3[TW_TOKEN_CHARS + 1];
	tw_random_token(tok3);
	snprintf(path, sizeof(path), "/r/%s", tok3);
	http("GET", path, NULL, NULL, &r);
	assert_status(&r, 404);
	assert_has(&r, "This survey link is not valid.");
	th_response_free(&r);
	http("GET", "/r/short", NULL, NULL, &r);
	assert_status(&r, 404);
	th_response_free(&r);
	http("GET", "/s/short", NULL, NULL, &r);
	assert_status(&r, 404);
	th_response_free(&r);
}
END_TEST

START_TEST(tokens_never_cross_businesses)
{
	long long sa = 0, sb = 0;
	char ta[TW_TOKEN_CHARS + 1], tb[TW_TOKEN_CHARS + 1];
	long long a = make_business("sv-ta", &sa, ta), bz = make_business("sv-tb", &sb, tb);
	tw_sql_exec("UPDATE surveys SET title_en = 'Survey of B' WHERE id = ?", CXM_PARAMS(CXM_PINT(sb)));
	tw_sql_exec("UPDATE surveys SET title_en = 'Survey of A' WHERE id = ?", CXM_PARAMS(CXM_PINT(sa)));
	long long ca = tw_sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at)"
	                             " VALUES (?, 'A client', UTC_DATE(), UTC_TIMESTAMP(6))", CXM_PARAMS(CXM_PINT(a)));
	char ti[TW_TOKEN_CHARS + 1];
	make_invitation(a, sa, ca, 7, ti);
	char path[128];
	struct th_response r;
	snprintf(path, sizeof(path), "/r/%s", ti);
	http("GET", path, NULL, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "Survey of A");
	assert_lacks(&r, "Survey of B");
	th_response_free(&r);
	snprintf(path, sizeof(path), "/s/%s", ta);
	http("GET", path, NULL, NULL, &r);
	assert_has(&r, "Survey of A");
	th_response_free(&r);
	snprintf(path, sizeof(path), "/s/%s", tb);
	http("GET", path, NULL, NULL, &r);
	assert_has(&r, "Survey of B");
	assert_lacks(&r, "Survey of A");
	th_response_free(&r);
	/* an invitation row of business A naming B's survey (inconsistent
	 * data) still shows nothing of B */
	char tx[TW_TOKEN_CHARS + 1];
	make_invitation(a, sb, ca, 7, tx);
	snprintf(path, sizeof(path), "/r/%s", tx);
	http("GET", path, NULL, NULL, &r);
	assert_status(&r, 404);
	assert_lacks(&r, "Survey of B");
	th_response_free(&r);
	/* A's admin and B's ids */
	struct member admin;
	make_member(&admin, a, "sv-ta-admin@example.com", "admin");
	long long qb = sql_int("SELECT q.id FROM survey_questions q JOIN surveys s ON s.current_version_id = q.version_id"
	                       " WHERE s.id = ? AND q.code = 'nps'", CXM_PARAMS(CXM_PINT(sb)));
	long long secb = sql_int("SELECT MIN(x.id) FROM survey_sections x JOIN surveys s ON s.current_version_id = x.version_id"
	                         " WHERE s.id = ?", CXM_PARAMS(CXM_PINT(sb)));
	const char *before = sql_rows("SELECT id, text_en, required FROM survey_questions WHERE business_id = ? ORDER BY id",
	                              CXM_PARAMS(CXM_PINT(bz)));
	before = strdup(before);
	static const char *const gets[] = {"/surveys/", "/surveys/questions/", "/surveys/questions/",
	                                   "/surveys/sections/", "/surveys/"};
	static const char *const gtail[] = {"", "", "/delete", "/delete", "/preview"};
	const long long gid[] = {sb, qb, qb, secb, sb};
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s%lld%s", gets[i], gid[i], gtail[i]);
		http("GET", path, admin.cookie, NULL, &r);
		ck_assert_msg(r.status == 404, "GET %s: %d", path, r.status);
		th_response_free(&r);
	}
	static const char *const posts[] = {"/surveys/", "/surveys/", "/surveys/questions/", "/surveys/questions/",
	                                    "/surveys/questions/", "/surveys/sections/", "/surveys/sections/",
	                                    "/surveys/sections/"};
	static const char *const ptail[] = {"", "/sections", "", "/move", "/delete", "", "/delete", "/questions"};
	const long long pid[] = {sb, sb, qb, qb, qb, secb, secb, secb};
	for (size_t i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "%s%lld%s", posts[i], pid[i], ptail[i]);
		char body[512];
		snprintf(body, sizeof(body),
		         "csrf=%s&title_ru=x&title_en=x&status=active&open_link=off&text_en=Hacked&type=nps&dir=up&code=zz",
		         admin.csrf);
		http("POST", path, admin.cookie, body, &r);
		ck_assert_msg(r.status == 404, "POST %s: %d", path, r.status);
		th_response_free(&r);
	}
	const char *after = sql_rows("SELECT id, text_en, required FROM survey_questions WHERE business_id = ? ORDER BY id",
	                             CXM_PARAMS(CXM_PINT(bz)));
	ck_assert_str_eq(before, after);
	free((void *)before);
	assert_rows("Survey of B|active|1|1\n",
	            "SELECT title_en, status, open_token IS NOT NULL, (SELECT COUNT(*) FROM survey_versions WHERE survey_id = s.id)"
	            " FROM surveys s WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(sb)));
	/* A's list shows A's survey only */
	http("GET", "/surveys", admin.cookie, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "Survey of A");
	assert_lacks(&r, "Survey of B");
	th_response_free(&r);
}
END_TEST

START_TEST(builder)
{
	long long sid = 0;
	char tok[TW_TOKEN_CHARS + 1];
	long long biz = make_business("sv-b", &sid, tok);
	struct member admin, manager, analyst;
	make_member(&admin, biz, "sv-b-admin@example.com", "admin");
	make_member(&manager, biz, "sv-b-manager@example.com", "manager");
	make_member(&analyst, biz, "sv-b-analyst@example.com", "analyst");
	struct th_response r;
	char path[128], body[2048];
	/* roles: the analyst has no builder, the manager reads only */
	http("GET", "/surveys", analyst.cookie, NULL, &r);
	assert_status(&r, 403);
	th_response_free(&r);
	http("GET", "/surveys", manager.cookie, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "Client segmentation questionnaire");
	assert_lacks(&r, "Create the survey");
	th_response_free(&r);
	snprintf(path, sizeof(path), "/surveys/%lld", sid);
	http("GET", path, manager.cookie, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "social_network");
	assert_lacks(&r, "/move\"");
	th_response_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&title_ru=%s", manager.csrf, "x");
	http("POST", "/surveys", manager.cookie, body, &r);
	assert_status(&r, 403);
	th_response_free(&r);
	/* CSRF */
	http("POST", "/surveys", admin.cookie, "title_ru=x", &r);
	assert_status(&r, 403);
	th_response_free(&r);
	/* create */
	snprintf(body, sizeof(body), "csrf=%s&title_ru=&title_en=Visit+feedback", admin.csrf);
	http("POST", "/surveys", admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	long long ns = sql_int("SELECT MAX(id) FROM surveys WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	long long nsec = sql_int("SELECT x.id FROM survey_sections x JOIN surveys s ON s.current_version_id = x.version_id"
	                         " WHERE s.id = ?", CXM_PARAMS(CXM_PINT(ns)));
	/* a second page: added, renamed, deleted after the confirmation */
	snprintf(path, sizeof(path), "/surveys/%lld/sections", ns);
	snprintf(body, sizeof(body), "csrf=%s&title_ru=Вторая&title_en=Second", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	long long sec2 = sql_int("SELECT MAX(id) FROM survey_sections WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_int_ne(sec2, nsec);
	snprintf(path, sizeof(path), "/surveys/sections/%lld", sec2);
	snprintf(body, sizeof(body), "csrf=%s&title_ru=Вторая&title_en=Second+page", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	assert_rows("2|Вторая|Second page\n", "SELECT position, title_ru, title_en FROM survey_sections WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(sec2)));
	snprintf(path, sizeof(path), "/surveys/sections/%lld/delete", sec2);
	http("GET", path, admin.cookie, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "Delete this page?");
	th_response_free(&r);
	snprintf(body, sizeof(body), "csrf=%s", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_sections WHERE id = ?", CXM_PARAMS(CXM_PINT(sec2))), 0);
	/* the manager's preview of the default survey's third page: Q9 with
	 * its hint, no buttons */
	snprintf(path, sizeof(path), "/surveys/%lld/preview?page=3", sid);
	http("GET", path, manager.cookie, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "Page 3 of 6");
	assert_has(&r, "Preview: this is what respondents see; nothing is saved here.");
	assert_has(&r, "Answer this if you chose «Social networks» above.");
	assert_lacks(&r, "Send the answers");
	assert_lacks(&r, "name=\"go\"");
	th_response_free(&r);
	/* add an NPS question and a follow-up text */
	snprintf(path, sizeof(path), "/surveys/sections/%lld/questions", nsec);
	snprintf(body, sizeof(body), "csrf=%s&code=score&type=nps", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&code=score&type=text", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 422);
	assert_has(&r, "Another question of this survey has the same code.");
	assert_has(&r, "name=\"title_en\" value=\"Visit feedback\"");   /* the settings form keeps its values */
	th_response_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&code=Why+not&type=text", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 422);
	th_response_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&code=why&type=text", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	long long qscore = sql_int("SELECT id FROM survey_questions WHERE business_id = ? AND code = 'score'", CXM_PARAMS(CXM_PINT(biz)));
	long long qwhy = sql_int("SELECT id FROM survey_questions WHERE business_id = ? AND code = 'why'", CXM_PARAMS(CXM_PINT(biz)));
	/* edit "why": a condition on a question that comes later is refused,
	 * next to the condition's inputs, and nothing changes */
	snprintf(path, sizeof(path), "/surveys/questions/%lld", qscore);
	snprintf(body, sizeof(body),
	         "csrf=%s&text_ru=Оцените&text_en=Rate+us&type=nps&required=1&cond_code=why&cond_op=answered", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 422);
	assert_has(&r, "A condition must refer to the code of an earlier question.");
	th_response_free(&r);
	assert_rows("score||\\N\n", "SELECT code, text_en, cond_code FROM survey_questions WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(qscore)));
	/* a text over 1000 characters is refused next to it, not stored blank */
	{
		struct tw_text big = {0};
		tw_text_add(&big, "", 0);
		tw_form_add(&big, "csrf", admin.csrf);
		char *t = malloc(1002);
		memset(t, 'x', 1001);
		t[1001] = '\0';
		tw_form_add(&big, "text_ru", t);
		tw_form_add(&big, "text_en", "Rate us");
		tw_form_add(&big, "type", "nps");
		free(t);
		http("POST", path, admin.cookie, big.s, &r);
		free(big.s);
		assert_status(&r, 422);
		assert_has(&r, "<span class=\"field-error\">");
		th_response_free(&r);
		assert_rows("score||\\N\n", "SELECT code, text_en, cond_code FROM survey_questions WHERE id = ?",
		            CXM_PARAMS(CXM_PINT(qscore)));
	}
	snprintf(body, sizeof(body), "csrf=%s&text_ru=Оцените&text_en=Rate+us&type=nps&required=1&cond_op=none", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	snprintf(path, sizeof(path), "/surveys/questions/%lld", qwhy);
	snprintf(body, sizeof(body),
	         "csrf=%s&text_ru=Почему&text_en=Why&type=text&cond_code=score&cond_op=le&cond_values=6", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	assert_rows("score|nps|Rate us|1|0|10|\\N|\\N\nwhy|text|Why|0|\\N|\\N|score|le\n",
	            "SELECT code, type, text_en, required, scale_min, scale_max, cond_code, cond_op FROM survey_questions"
	            " WHERE business_id = ? AND code IN ('score', 'why') ORDER BY position",
	            CXM_PARAMS(CXM_PINT(biz)));
	/* a choice question with options, one of them "other" */
	snprintf(path, sizeof(path), "/surveys/sections/%lld/questions", nsec);
	snprintf(body, sizeof(body), "csrf=%s&code=where&type=single", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	th_response_free(&r);
	long long qwhere = sql_int("SELECT id FROM survey_questions WHERE business_id = ? AND code = 'where'", CXM_PARAMS(CXM_PINT(biz)));
	snprintf(path, sizeof(path), "/surveys/questions/%lld", qwhere);
	snprintf(body, sizeof(body), "csrf=%s&text_ru=Где&type=single&options=", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 422);
	assert_has(&r, "A choice question needs at least one option.");
	th_response_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&text_ru=Где&type=single&options=%s", admin.csrf,
	         "shop+%7C+Магазин+%7C+Shop%0Aother+%7C+Другое+%7C+Other+%7C+other");
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	assert_rows("shop|Магазин|Shop|0\nother|Другое|Other|1\n",
	            "SELECT code, label_ru, label_en, is_other FROM survey_options WHERE question_id = ? ORDER BY position",
	            CXM_PARAMS(CXM_PINT(qwhere)));
	/* the form shows them one a line, as they are typed */
	http("GET", path, admin.cookie, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, ">shop | Магазин | Shop\nother | Другое | Other | other\n</textarea>");
	th_response_free(&r);
	/* move "where" up, then delete it after the confirmation page */
	snprintf(path, sizeof(path), "/surveys/questions/%lld/move", qwhere);
	snprintf(body, sizeof(body), "csrf=%s&dir=up", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	assert_rows("score\nwhere\nwhy\n", "SELECT code FROM survey_questions WHERE business_id = ? AND version_id ="
	            " (SELECT current_version_id FROM surveys WHERE id = ?) ORDER BY position",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(ns)));
	snprintf(path, sizeof(path), "/surveys/questions/%lld/delete", qwhere);
	http("GET", path, admin.cookie, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "Delete this question?");
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_questions WHERE id = ?", CXM_PARAMS(CXM_PINT(qwhere))), 1);
	snprintf(body, sizeof(body), "csrf=%s", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_questions WHERE id = ?", CXM_PARAMS(CXM_PINT(qwhere))), 0);
	/* settings: closing the survey closes its open link */
	char ntok[TW_TOKEN_CHARS + 1];
	snprintf(path, sizeof(path), "/surveys/%lld", ns);
	snprintf(body, sizeof(body), "csrf=%s&title_en=Visit+feedback&status=active&open_link=on&thanks_en=Thanks!", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	{
		struct cxm_rows x;
		ck_assert_int_eq(cxm_db_query(db, arena, "SELECT open_token FROM surveys WHERE id = ?", CXM_PARAMS(CXM_PINT(ns)), &x), CXM_OK);
		ck_assert_ptr_nonnull(cxm_rows_get(&x, 0, 0));
		memcpy(ntok, cxm_rows_get(&x, 0, 0), TW_TOKEN_CHARS + 1);
	}
	snprintf(path, sizeof(path), "/s/%s", ntok);
	http("GET", path, NULL, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "Rate us");
	/* "why" waits for the score on the same page */
	assert_has(&r, "Answer this only if it applies to your answer above.");
	th_response_free(&r);
	/* a CSI question, answered through the open link by an anonymous
	 * respondent (the survey asks no name or e-mail): satisfaction in num,
	 * importance in num2; "why" hidden by the score 9 (> 6) */
	snprintf(path, sizeof(path), "/surveys/sections/%lld/questions", nsec);
	snprintf(body, sizeof(body), "csrf=%s&code=parts&type=csi", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	long long qparts = sql_int("SELECT id FROM survey_questions WHERE business_id = ? AND code = 'parts'", CXM_PARAMS(CXM_PINT(biz)));
	snprintf(path, sizeof(path), "/surveys/questions/%lld", qparts);
	snprintf(body, sizeof(body), "csrf=%s&text_en=Rate+each&type=csi&scale_min=1&scale_max=5&options=%s", admin.csrf,
	         "staff+%7C+Персонал+%7C+Staff%0Aprice+%7C+Цена+%7C+Price");
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	{
		struct browser b2;
		snprintf(path, sizeof(path), "/s/%s", ntok);
		open_page(&b2, path, &r);
		assert_has(&r, "name=\"s_parts-staff\"");
		assert_has(&r, "name=\"i_parts-price\"");
		th_response_free(&r);
		send_page(&b2, "next", &r, "q_score", "9", "q_why", "ignored", "s_parts-staff", "4", "i_parts-staff", "5",
		          "s_parts-price", "3", "i_parts-price", "2", NULL);
		assert_status(&r, 200);
		assert_has(&r, "<p class=\"notice notice-ok\" role=\"status\">Thanks!</p>");   /* its own thank-you text */
		th_response_free(&r);
		browser_free(&b2);
	}
	long long nrid = sql_int("SELECT id FROM survey_responses WHERE survey_id = ?", CXM_PARAMS(CXM_PINT(ns)));
	assert_rows("score|\\N|9|\\N\nparts|staff|4|5\nparts|price|3|2\n",
	            "SELECT q.code, o.code, a.num, a.num2 FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	            " LEFT JOIN survey_options o ON o.id = a.option_id WHERE a.response_id = ? ORDER BY q.position, o.position",
	            CXM_PARAMS(CXM_PINT(nrid)));
	ck_assert_int_eq(sql_int("SELECT client_id IS NULL FROM survey_responses WHERE id = ?", CXM_PARAMS(CXM_PINT(nrid))), 1);
	snprintf(path, sizeof(path), "/surveys/%lld", ns);
	snprintf(body, sizeof(body), "csrf=%s&title_en=Visit+feedback&status=closed&open_link=on&thanks_en=Thanks!",
	         admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	/* the status is the survey's, not the version's: no new version for it */
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM survey_versions WHERE survey_id = ?", CXM_PARAMS(CXM_PINT(ns))), 1);
	snprintf(path, sizeof(path), "/s/%s", ntok);
	http("GET", path, NULL, NULL, &r);
	assert_status(&r, 404);
	assert_has(&r, "This survey is closed and no longer takes answers.");
	th_response_free(&r);

	/* versions: the default survey gets a response, then an edit makes
	 * version 2 and the response stays with version 1 */
	struct browser b;
	snprintf(path, sizeof(path), "/s/%s", tok);
	open_page(&b, path, &r);
	th_response_free(&r);
	answer_all(&b, &r, "Вера", "vera@example.com");
	assert_has(&r, "Thank you!");
	th_response_free(&r);
	browser_free(&b);
	long long v1 = sql_int("SELECT current_version_id FROM surveys WHERE id = ?", CXM_PARAMS(CXM_PINT(sid)));
	long long nps1 = sql_int("SELECT id FROM survey_questions WHERE version_id = ? AND code = 'nps'", CXM_PARAMS(CXM_PINT(v1)));
	snprintf(path, sizeof(path), "/surveys/questions/%lld", nps1);
	snprintf(body, sizeof(body), "csrf=%s&text_ru=Порекомендуете+ли+вы+нас%%3F&text_en=Would+you+recommend+us%%3F"
	         "&type=nps&required=1&cond_op=none", admin.csrf);
	http("POST", path, admin.cookie, body, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	long long v2 = sql_int("SELECT current_version_id FROM surveys WHERE id = ?", CXM_PARAMS(CXM_PINT(sid)));
	ck_assert_int_ne(v2, v1);
	assert_rows("1|1\n2|0\n", "SELECT number, responses FROM survey_versions WHERE survey_id = ? ORDER BY number",
	            CXM_PARAMS(CXM_PINT(sid)));
	assert_rows("Would you recommend us?\n", "SELECT text_en FROM survey_questions WHERE version_id = ? AND code = 'nps'",
	            CXM_PARAMS(CXM_PINT(v2)));
	assert_rows("1|9\n", "SELECT q.version_id = ?, a.num FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	            " WHERE q.code = 'nps' AND a.business_id = ?",
	            CXM_PARAMS(CXM_PINT(v1), CXM_PINT(biz)));
	/* the respondents get version 2 */
	snprintf(path, sizeof(path), "/s/%s", tok);
	open_page(&b, path, &r);
	th_response_free(&r);
	send_page(&b, "next", &r, "q_name", "Юрий", "q_email", "yuri@example.com", "q_age", "18-25", "q_gender", "male", NULL);
	th_response_free(&r);
	send_page(&b, "next", &r, "q_region", "minsk", NULL);
	th_response_free(&r);
	send_page(&b, "next", &r, NULL);
	assert_has(&r, "Would you recommend us?");
	th_response_free(&r);
	browser_free(&b);
	/* the audit log */
	assert_rows("survey_created\nsurvey_section_added\nsurvey_section_edited\nsurvey_section_deleted\n"
	            "survey_question_added\nsurvey_question_added\nsurvey_question_edited\n"
	            "survey_question_edited\nsurvey_question_added\nsurvey_question_edited\nsurvey_question_moved\n"
	            "survey_question_deleted\nsurvey_edited\nsurvey_question_added\nsurvey_question_edited\nsurvey_edited\nsurvey_version_created\nsurvey_question_edited\n",
	            "SELECT action FROM audit_log WHERE business_id = ? ORDER BY id", CXM_PARAMS(CXM_PINT(biz)));
}
END_TEST

static Suite *surveys_suite(void)
{
	Suite *s = suite_create("http_surveys");
	TCase *tc = tcase_create("surveys");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, open_link_full_questionnaire);
	tcase_add_test(tc, open_link_errors_store_nothing);
	tcase_add_test(tc, double_submission_stores_once);
	tcase_add_test(tc, invitation_links);
	tcase_add_test(tc, tokens_never_cross_businesses);
	tcase_add_test(tc, builder);
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
