/* Import and export over the whole serving path (HTTP client -> nginx ->
 * cxm-fcgi -> MariaDB, with the supervisor's job process running the
 * imports): upload -> mapping -> queued -> the job process runs it -> the
 * progress page shows the exact counts; the 1000-row file with three bad
 * rows (the same layout as tests/db/test_import.c: lines 102, 502, 802)
 * changes nothing and its page lists exactly those lines; another
 * business can neither see nor open an import; the CSV export's exact
 * bytes for a small known data set (a formula-injection cell included);
 * the XLSX export's cells read back with unzip; exports refused without a
 * session or to a role without access, and never showing another
 * business's rows; a crashed import marked failed; a killed job process
 * replaced; a long export releasing the worker's idle FastCGI connections.
 *
 * Conventions of test_account_flows.c: the stack is started once in main,
 * every test runs in a forked child with its own database connection and
 * makes its own businesses and users; requests say "Accept-Language: en". */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "client.h"
#include "db.h"
#include "harness.h"
#include "web.h"

static struct th_stack stack;
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

/* ---- helpers -------------------------------------------------------------- */

/* The first cell of the first row (arena; NULL when none). */
static const char *sql_text(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows ? cxm_rows_get(&r, 0, 0) : NULL;
}

static long long sql_int(const char *sql, const struct cxm_param *p, size_t n)
{
	const char *v = sql_text(sql, p, n);
	return v ? atoll(v) : -1;
}

/* Every row of the client-base tables of a business, every column. */
static char *dump(long long biz)
{
	static const char *const queries[] = {
		"SELECT * FROM clients WHERE business_id = ? ORDER BY id",
		"SELECT * FROM tags WHERE business_id = ? ORDER BY id",
		"SELECT * FROM client_tags WHERE business_id = ? ORDER BY client_id, tag_id",
		"SELECT * FROM client_values WHERE business_id = ? ORDER BY client_id, field_id",
		"SELECT * FROM interactions WHERE business_id = ? ORDER BY id",
	};
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		struct cxm_rows r;
		ck_assert(cxm_db_query(db, arena, queries[q], CXM_PARAMS(CXM_PINT(biz)), &r) == CXM_OK);
		tw_text_printf(&t, "-- %zu\n", r.nrows);
		for (size_t i = 0; i < r.nrows; i++) {
			for (size_t c = 0; c < r.ncols; c++) {
				const char *v = cxm_rows_get(&r, i, c);
				tw_text_printf(&t, "%s%s", c ? "|" : "", v ? v : "NULL");
			}
			tw_text_add(&t, "\n", 1);
		}
	}
	return t.s;
}

struct client {
	char token[TW_TOKEN_CHARS + 1];
	char csrf[TW_TOKEN_CHARS + 1];
	char cookie[64];
	long long user, business;
};

static long long make_business(const char *slug)
{
	return tw_sql_insert("INSERT INTO businesses (slug, name, timezone) VALUES (?, ?, 'Europe/Minsk')",
	                     CXM_PARAMS(CXM_PSTR(slug), CXM_PSTR(slug)));
}

/* A user with role in business, signed in (a session made in the DB). */
static void sign_in(struct client *c, long long business, const char *email, const char *role)
{
	c->business = business;
	c->user = tw_sql_insert("INSERT INTO users (email, name, language, password_hash) VALUES (?, ?, 'en', 'x')",
	                        CXM_PARAMS(CXM_PSTR(email), CXM_PSTR(email)));
	tw_sql_exec("INSERT INTO memberships (business_id, user_id, role) VALUES (?, ?, ?)",
	            CXM_PARAMS(CXM_PINT(business), CXM_PINT(c->user), CXM_PSTR(role)));
	tw_random_token(c->token);
	tw_random_token(c->csrf);
	unsigned char raw[32], hash[32];
	size_t len = 0;
	sodium_base642bin(raw, 32, c->token, TW_TOKEN_CHARS, NULL, &len, NULL,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	crypto_generichash(hash, 32, raw, 32, NULL, 0);
	snprintf(c->cookie, sizeof(c->cookie), "cxm_session=%s", c->token);
	tw_sql_exec("INSERT INTO sessions (token_hash, user_id, business_id, csrf_token, created_at, last_seen_at)"
	            " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
	            CXM_PARAMS(CXM_PBLOB(hash, 32), CXM_PINT(c->user), CXM_PINT(business), CXM_PSTR(c->csrf)));
}

static void request(const struct client *c, const char *method, const char *path, const char *ctype,
                    const char *body, size_t len, struct th_response *r)
{
	char headers[1024];
	snprintf(headers, sizeof(headers), "Accept-Language: en\r\n%s%s%s%s%s%s",
	         c ? "Cookie: " : "", c ? c->cookie : "", c ? "\r\n" : "", ctype ? "Content-Type: " : "",
	         ctype ? ctype : "", ctype ? "\r\n" : "");
	ck_assert_msg(th_http(stack.port, method, path, headers, body, len, r) == 0, "%s %s: no response",
	              method, path);
}

static void get(const struct client *c, const char *path, struct th_response *r)
{
	request(c, "GET", path, NULL, NULL, 0, r);
}

static void urlencode(struct tw_text *t, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.')
			tw_text_add(t, p, 1);
		else
			tw_text_printf(t, "%%%02X", *p);
	}
}

static void form_add(struct tw_text *t, const char *name, const char *value)
{
	if (t->len)
		tw_text_add(t, "&", 1);
	urlencode(t, name);
	tw_text_add(t, "=", 1);
	urlencode(t, value);
}

static void post(const struct client *c, const char *path, struct tw_text *f, struct th_response *r)
{
	form_add(f, "csrf", c->csrf);
	request(c, "POST", path, "application/x-www-form-urlencoded", f->s, f->len, r);
	free(f->s);
	memset(f, 0, sizeof(*f));
}

#define BOUNDARY "cxm-test-boundary-7d1f"

/* POST /clients/import with the file as multipart/form-data. */
static void upload(const struct client *c, const char *kind, const char *sep, const char *filename,
                   const char *csv, size_t len, struct th_response *r)
{
	struct tw_text b = {0};
	const char *names[] = {"csrf", "kind", "sep"};
	const char *values[] = {c->csrf, kind, sep};
	for (int i = 0; i < 3; i++)
		tw_text_printf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
		               names[i], values[i]);
	tw_text_printf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
	                "Content-Type: text/csv\r\n\r\n",
	            filename);
	tw_text_add(&b, csv, len);
	tw_text_printf(&b, "\r\n--" BOUNDARY "--\r\n");
	request(c, "POST", "/clients/import", "multipart/form-data; boundary=" BOUNDARY, b.s, b.len, r);
	free(b.s);
}

static long long redirect_id(const struct th_response *r, const char *prefix, const char *suffix)
{
	char *loc = th_header(r, "Location");
	ck_assert_msg(loc && strncmp(loc, prefix, strlen(prefix)) == 0, "Location %s", loc ? loc : "(none)");
	char *end;
	long long id = strtoll(loc + strlen(prefix), &end, 10);
	ck_assert_str_eq(end, suffix);
	free(loc);
	return id;
}

/* Upload, then the mapping as the page proposes it (every select's
 * selected option, in order); returns the import's id. */
static long long upload_and_queue(const struct client *c, const char *csv, size_t len)
{
	struct th_response r;
	upload(c, "clients", "auto", "clients.csv", csv, len, &r);
	ck_assert_msg(r.status == 303, "upload: %d\n%s", r.status, r.body);
	long long id = redirect_id(&r, "/clients/imports/", "/mapping");
	th_response_free(&r);
	char path[128];
	snprintf(path, sizeof(path), "/clients/imports/%lld/mapping", id);
	get(c, path, &r);
	ck_assert_int_eq(r.status, 200);
	struct tw_text f = {0};
	for (char *sel = strstr(r.body, "name=\"map\""); sel; sel = strstr(sel + 1, "name=\"map\"")) {
		char *end = strstr(sel, "</select>");
		char *opt = strstr(sel, "\" selected>");
		ck_assert(opt && opt < end);
		char *start = opt;
		while (start[-1] != '"')
			start--;
		char *code = strndup(start, (size_t)(opt - start));
		form_add(&f, "map", code);
		free(code);
	}
	th_response_free(&r);
	post(c, path, &f, &r);
	ck_assert_msg(r.status == 303, "mapping: %d\n%s", r.status, r.body);
	ck_assert_int_eq(redirect_id(&r, "/clients/imports/", ""), id);
	th_response_free(&r);
	return id;
}

static void wait_status(long long id, const char *want)
{
	for (int i = 0; i < 600; i++) {
		const char *st = sql_text("SELECT status FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(id)));
		if (st && strcmp(st, want) == 0)
			return;
		cxm_arena_reset(arena);
		usleep(50000);
	}
	ck_abort_msg("import %lld never became %s (log %s)", id, want, stack.log);
}

/* The 1000-row file of tests/db/test_import.c. */
static char *thousand(int bad, size_t *len)
{
	struct tw_text t = {0};
	tw_text_printf(&t, "\xef\xbb\xbf" "Код клиента;ФИО;E-mail;Телефон;Дата рождения;Город;Теги;Комментарий\r\n");
	for (int r = 1; r <= 1000; r++) {
		char email[64], birth[16];
		snprintf(email, sizeof(email), "Client%d@Example.BY", r);
		snprintf(birth, sizeof(birth), "%02d.%02d.19%02d", 1 + r % 28, 1 + r % 12, 50 + r % 50);
		if (bad && r == 100)
			snprintf(email, sizeof(email), "client100-at-example.by");
		if (bad && r == 500)
			snprintf(birth, sizeof(birth), "2999-01-01");
		if (bad && r == 800)
			snprintf(email, sizeof(email), "client10@example.by");
		tw_text_printf(&t, "E%04d;\"Клиентова, Анна %d\";%s;8029%07d;%s;Минск;%s;%s\r\n", r, r, email, r,
		               birth, r % 3 == 0 ? "VIP, постоянный" : "новый",
		               r == 50 ? "\"звонить\r\nпосле обеда\"" : "");
	}
	*len = t.len;
	return t.s;
}

/* ---- import --------------------------------------------------------------- */

START_TEST(upload_map_run_done)
{
	long long biz = make_business("imp-one");
	struct client m;
	sign_in(&m, biz, "manager@imp-one.example", "manager");
	struct th_response r;
	get(&m, "/clients/import", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(strstr(r.body, "enctype=\"multipart/form-data\""));
	ck_assert(strstr(r.body, "At most 10 MB."));
	th_response_free(&r);

	const char *csv = "Имя;E-mail;Пол;Теги\n"
	                  "Анна Иванова;anna@example.by;female;VIP\n"
	                  "Борис Петров;boris@example.by;male;\n"
	                  "Вера Сидорова;vera@example.by;Female;VIP, новый\n";
	long long id = upload_and_queue(&m, csv, strlen(csv));
	wait_status(id, "done");
	char path[64];
	snprintf(path, sizeof(path), "/clients/imports/%lld", id);
	get(&m, path, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_msg(strstr(r.body, "data-status=\"done\"><strong>Done</strong>"), "%s", r.body);
	ck_assert(strstr(r.body, "<dd class=\"count-rows\">3</dd>"));
	ck_assert(strstr(r.body, "<dd class=\"count-inserted\">3</dd>"));
	ck_assert(strstr(r.body, "<dd class=\"count-updated\">0</dd>"));
	ck_assert(!strstr(r.body, "http-equiv=\"refresh\""));
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 3);
	ck_assert_str_eq(sql_text("SELECT GROUP_CONCAT(CONCAT(name, '/', gender) ORDER BY id) FROM clients"
	                          " WHERE business_id = ?",
	                          CXM_PARAMS(CXM_PINT(biz))),
	                 "Анна Иванова/female,Борис Петров/male,Вера Сидорова/female");
	ck_assert_str_eq(sql_text("SELECT CONCAT(action, '|', actor_id, '|', actor_email, '|', target, '|', detail)"
	                          " FROM audit_log WHERE business_id = ? AND action = 'clients_imported'",
	                          CXM_PARAMS(CXM_PINT(biz))),
	                 cxm_printf(arena, "clients_imported|%lld|manager@imp-one.example|clients.csv|"
	                                   "3 rows: 3 inserted, 0 updated, 0 unchanged", m.user));
	ck_assert_str_eq(sql_text("SELECT CONCAT(processed_rows, '/', total_rows, '/', inserted, '/', updated)"
	                          " FROM imports WHERE id = ?",
	                          CXM_PARAMS(CXM_PINT(id))),
	                 "3/3/3/0");

	/* the same file again: updates nothing, adds nothing */
	char *before = dump(biz);
	long long again = upload_and_queue(&m, csv, strlen(csv));
	wait_status(again, "done");
	snprintf(path, sizeof(path), "/clients/imports/%lld", again);
	get(&m, path, &r);
	ck_assert(strstr(r.body, "<dd class=\"count-inserted\">0</dd>"));
	ck_assert(strstr(r.body, "<dd class=\"count-updated\">0</dd>"));
	ck_assert(strstr(r.body, "<dd class=\"count-unchanged\">3</dd>"));
	th_response_free(&r);
	char *after = dump(biz);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);

	/* the list shows both */
	get(&m, "/clients/imports", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(strstr(r.body, cxm_printf(arena, "href=\"/clients/imports/%lld\">clients.csv</a>", id)));
	ck_assert(strstr(r.body, cxm_printf(arena, "href=\"/clients/imports/%lld\">clients.csv</a>", again)));
	th_response_free(&r);
}
END_TEST

START_TEST(progress_page_refreshes_while_running)
{
	long long biz = make_business("imp-progress");
	struct client m;
	sign_in(&m, biz, "manager@imp-progress.example", "manager");
	/* a run held by this test's connection (its named lock): the job
	 * process leaves it alone and does not take it for a crashed one */
	long long id = tw_sql_insert("INSERT INTO imports (business_id, kind, filename, status, data, total_rows,"
	                             " processed_rows, started_at) VALUES (?, 'clients', 'big.csv', 'running', 'x',"
	                             " 100000, 40000, UTC_TIMESTAMP(6))",
	                             CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_int_eq(sql_int("SELECT GET_LOCK(LEFT(CONCAT('cxm-import-', ?, '-', DATABASE()), 64), 0)",
	                         CXM_PARAMS(CXM_PINT(id))),
	                 1);
	char path[64];
	snprintf(path, sizeof(path), "/clients/imports/%lld", id);
	struct th_response r;
	get(&m, path, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(strstr(r.body, "<meta http-equiv=\"refresh\" content=\"2\">"));
	ck_assert(strstr(r.body, "<progress value=\"40000\" max=\"100000\">"));
	ck_assert(strstr(r.body, "40000 of 100000 rows (40%)"));
	ck_assert(strstr(r.body, "data-status=\"running\"><strong>Running</strong>"));
	th_response_free(&r);
	/* the lock let go without an outcome: a crashed run, marked failed */
	sql_text("SELECT RELEASE_LOCK(LEFT(CONCAT('cxm-import-', ?, '-', DATABASE()), 64))", CXM_PARAMS(CXM_PINT(id)));
	wait_status(id, "failed");
	get(&m, path, &r);
	ck_assert(strstr(r.body, "The import stopped unexpectedly (its job process ended); nothing was imported."
	                         " Queue it again to retry."));
	ck_assert(strstr(r.body, "/retry\""));
	th_response_free(&r);
	/* queued again, it runs (and fails: 'x' is a header without rows) */
	struct tw_text f = {0};
	post(&m, cxm_printf(arena, "/clients/imports/%lld/retry", id), &f, &r);
	ck_assert_int_eq(r.status, 303);
	th_response_free(&r);
	wait_status(id, "failed");
	get(&m, path, &r);
	ck_assert_msg(strstr(r.body, "Map a column to the external ID or the e-mail"), "%s", r.body);
	th_response_free(&r);
}
END_TEST

START_TEST(three_bad_rows_change_nothing)
{
	long long biz = make_business("imp-bad");
	struct client m;
	sign_in(&m, biz, "manager@imp-bad.example", "manager");
	tw_sql_exec("INSERT INTO clients (business_id, external_id, name, first_seen, last_seen_at)"
	            " VALUES (?, 'E0001', 'Уже есть', '2025-01-01', '2025-01-01')",
	            CXM_PARAMS(CXM_PINT(biz)));
	char *before = dump(biz);
	size_t len;
	char *csv = thousand(1, &len);
	long long id = upload_and_queue(&m, csv, len);
	free(csv);
	wait_status(id, "done");
	char *after = dump(biz);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	char path[64];
	snprintf(path, sizeof(path), "/clients/imports/%lld", id);
	struct th_response r;
	get(&m, path, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(strstr(r.body, "Refused: nothing was imported"));
	ck_assert(strstr(r.body, "3 of 1000 rows have problems. Nothing was imported: fix the rows below and"
	                         " upload the file again."));
	const char *want =
		"<tr><td class=\"line\">102</td><td>E-mail</td><td>Enter a valid e-mail address, e.g. anna@example.com.</td></tr>\n"
		"        <tr><td class=\"line\">502</td><td>Date of birth</td><td>The date is in the future.</td></tr>\n"
		"        <tr><td class=\"line\">802</td><td>E-mail</td><td>The same e-mail is on line 11.</td></tr>\n";
	ck_assert_msg(strstr(r.body, want), "%s", r.body);
	int rows = 0;
	for (char *p = strstr(r.body, "<td class=\"line\">"); p; p = strstr(p + 1, "<td class=\"line\">"))
		rows++;
	ck_assert_int_eq(rows, 3);
	th_response_free(&r);
	get(&m, cxm_printf(arena, "/clients/imports/%lld/report.csv", id), &r);
	ck_assert_int_eq(r.status, 200);
	char *ct = th_header(&r, "Content-Type");
	ck_assert_str_eq(ct, "text/csv; charset=utf-8");
	free(ct);
	ck_assert_str_eq(r.body, "\xef\xbb\xbfLine,Field,Problem\r\n"
	                         "102,E-mail,\"Enter a valid e-mail address, e.g. anna@example.com.\"\r\n"
	                         "502,Date of birth,The date is in the future.\r\n"
	                         "802,E-mail,The same e-mail is on line 11.\r\n");
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT error_count FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(id))), 3);
}
END_TEST

START_TEST(upload_refusals)
{
	long long biz = make_business("imp-refuse");
	struct client m, a;
	sign_in(&m, biz, "manager@imp-refuse.example", "manager");
	sign_in(&a, biz, "analyst@imp-refuse.example", "analyst");
	struct th_response r;
	const char *broken = "email;name\na@example.by;\"never closed\n";
	upload(&m, "clients", "auto", "broken.csv", broken, strlen(broken), &r);
	ck_assert_int_eq(r.status, 422);
	ck_assert(strstr(r.body, "<span class=\"field-error\">Line 2: A quoted field starting here is never closed.</span>"));
	th_response_free(&r);
	upload(&m, "clients", "auto", "empty.csv", "email;name\n", 11, &r);
	ck_assert_int_eq(r.status, 422);
	ck_assert(strstr(r.body, "The file has a header line but no rows."));
	th_response_free(&r);
	/* a mapping without a key column is refused on the page */
	const char *csv = "name;city\nАнна;Минск\n";
	upload(&m, "clients", "auto", "nokey.csv", csv, strlen(csv), &r);
	long long id = redirect_id(&r, "/clients/imports/", "/mapping");
	th_response_free(&r);
	struct tw_text f = {0};
	form_add(&f, "map", "name");
	form_add(&f, "map", "city");
	post(&m, cxm_printf(arena, "/clients/imports/%lld/mapping", id), &f, &r);
	ck_assert_int_eq(r.status, 422);
	ck_assert(strstr(r.body, "Map a column to the external ID or the e-mail"));
	th_response_free(&r);
	form_add(&f, "map", "name");
	form_add(&f, "map", "no_such_field");
	post(&m, cxm_printf(arena, "/clients/imports/%lld/mapping", id), &f, &r);
	ck_assert_int_eq(r.status, 400);
	th_response_free(&r);
	ck_assert_str_eq(sql_text("SELECT status FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(id))), "uploaded");
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM imports WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 1);
	/* analysts may not import */
	upload(&a, "clients", "auto", "x.csv", csv, strlen(csv), &r);
	ck_assert_int_eq(r.status, 403);
	th_response_free(&r);
}
END_TEST

START_TEST(other_business_cannot_see_or_open_an_import)
{
	long long ba = make_business("imp-alpha"), bb = make_business("imp-bravo");
	struct client ma, mb;
	sign_in(&ma, ba, "manager@imp-alpha.example", "manager");
	sign_in(&mb, bb, "owner@imp-bravo.example", "owner");
	const char *csv = "email;name\nsecret@alpha.example;Тайный Клиент\n";
	struct th_response r;
	upload(&ma, "clients", "auto", "alpha-secret.csv", csv, strlen(csv), &r);
	long long id = redirect_id(&r, "/clients/imports/", "/mapping");
	th_response_free(&r);
	const char *paths[] = {"", "/mapping", "/report.csv"};
	for (int i = 0; i < 3; i++) {
		get(&mb, cxm_printf(arena, "/clients/imports/%lld%s", id, paths[i]), &r);
		ck_assert_int_eq(r.status, 404);
		ck_assert(!strstr(r.body, "alpha-secret") && !strstr(r.body, "secret@alpha"));
		th_response_free(&r);
	}
	struct tw_text f = {0};
	form_add(&f, "map", "email");
	form_add(&f, "map", "name");
	post(&mb, cxm_printf(arena, "/clients/imports/%lld/mapping", id), &f, &r);
	ck_assert_int_eq(r.status, 404);
	th_response_free(&r);
	post(&mb, cxm_printf(arena, "/clients/imports/%lld/retry", id), &f, &r);
	ck_assert_int_eq(r.status, 404);
	th_response_free(&r);
	ck_assert_str_eq(sql_text("SELECT status FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(id))), "uploaded");
	get(&mb, "/clients/imports", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(!strstr(r.body, "alpha-secret"));
	ck_assert(strstr(r.body, "No imports yet."));
	th_response_free(&r);
}
END_TEST

/* ---- export --------------------------------------------------------------- */

/* Two clients and an erased-looking third, with known values. */
static void export_data(long long biz)
{
	long long c1 = tw_sql_insert(
		"INSERT INTO clients (business_id, external_id, name, email, phone, phone_rev, birth_date,"
		" age_band, gender, region, city, source, first_seen, marketing_consent, last_seen_at,"
		" interactions_count, purchases_count, purchases_total)"
		" VALUES (?, 'A-1', 'Анна Иванова', 'anna@example.by', '+375291234567', '765432192573',"
		" '1990-05-17', '36-45', 'female', 'minsk', 'Минск', 'friends', '2025-02-03', 1,"
		" '2026-03-01 07:30:00', 2, 1, 25.50)",
		CXM_PARAMS(CXM_PINT(biz)));
	tw_sql_insert("INSERT INTO clients (business_id, external_id, name, email, gender, city, first_seen,"
	              " last_seen_at) VALUES (?, NULL, '=HYPERLINK(\"http://evil.example\";\"click\")',"
	              " 'b@example.by', 'male', 'Брест; центр', '2025-06-01', '2025-06-01')",
	              CXM_PARAMS(CXM_PINT(biz)));
	tw_sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at, live, deleted_at)"
	              " VALUES (?, 'Удалённый', '2025-01-01', '2025-01-01', 0, UTC_TIMESTAMP())",
	              CXM_PARAMS(CXM_PINT(biz)));
	/* the search words, as the model keeps them */
	ck_assert_int_eq(cxm_client_words_refresh(db, biz, 1, 1LL << 62), CXM_OK);
	long long t1 = tw_sql_insert("INSERT INTO tags (business_id, name) VALUES (?, 'VIP')", CXM_PARAMS(CXM_PINT(biz)));
	long long t2 = tw_sql_insert("INSERT INTO tags (business_id, name) VALUES (?, 'новый')", CXM_PARAMS(CXM_PINT(biz)));
	tw_sql_exec("INSERT INTO client_tags (client_id, tag_id, business_id) VALUES (?, ?, ?), (?, ?, ?)",
	            CXM_PARAMS(CXM_PINT(c1), CXM_PINT(t1), CXM_PINT(biz), CXM_PINT(c1), CXM_PINT(t2), CXM_PINT(biz)));
	long long s = tw_sql_insert("INSERT INTO services (business_id, name) VALUES (?, 'Стрижка')", CXM_PARAMS(CXM_PINT(biz)));
	tw_sql_exec("INSERT INTO interactions (business_id, client_id, kind, occurred_at, amount, currency, service_id)"
	            " VALUES (?, ?, 'purchase', '2026-03-01 07:30:00', 25.50, 'BYN', ?)",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c1), CXM_PINT(s)));
	tw_sql_exec("INSERT INTO interactions (business_id, client_id, kind, occurred_at, text)"
	            " VALUES (?, ?, 'note', '2026-02-01 09:00:00', '+ перезвонить')",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c1)));
}

#define CLIENTS_HEADER \
	"External ID,Name,E-mail,Phone,Date of birth,Age,Gender,Region,City,Occupation," \
	"\"Occupation, in their words\",How they found us,Source details,Client since," \
	"Agrees to marketing messages,Tags,Last interaction,Interactions,Purchases,Purchases total\r\n"

START_TEST(export_csv_exact_bytes)
{
	long long biz = make_business("exp-csv");
	struct client an;
	sign_in(&an, biz, "analyst@exp-csv.example", "analyst");
	export_data(biz);
	struct th_response r;
	get(&an, "/clients/export.csv", &r);
	ck_assert_int_eq(r.status, 200);
	char *ct = th_header(&r, "Content-Type"), *cd = th_header(&r, "Content-Disposition");
	ck_assert_str_eq(ct, "text/csv; charset=utf-8");
	char day[16];
	time_t now = time(NULL);
	strftime(day, sizeof(day), "%Y-%m-%d", gmtime(&now));
	ck_assert_str_eq(cd, cxm_printf(arena, "attachment; filename=\"clients-%s.csv\"", day));
	free(ct);
	free(cd);
	const char *want =
		"\xef\xbb\xbf" CLIENTS_HEADER
		"A-1,Анна Иванова,anna@example.by,'+375291234567,1990-05-17,36–45,Female,Minsk,Минск,,,"
		"Recommended by friends,,2025-02-03,yes,\"VIP, новый\",2026-03-01 10:30,2,1,25.50\r\n"
		",\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"click\"\")\",b@example.by,,,,Male,,Брест; центр,,,,,"
		"2025-06-01,no,,2025-06-01 03:00,0,0,0.00\r\n";
	ck_assert_uint_eq(r.body_len, strlen(want));
	ck_assert_str_eq(r.body, want);
	th_response_free(&r);
	ck_assert_str_eq(sql_text("SELECT CONCAT(action, '|', actor_email, '|', target, '|', detail) FROM audit_log"
	                          " WHERE business_id = ? AND action = 'clients_exported'",
	                          CXM_PARAMS(CXM_PINT(biz))),
	                 "clients_exported|analyst@exp-csv.example|csv|rows: 2");

	/* filters and the separator */
	get(&an, "/clients/export.csv?sep=semicolon&gender=female&q=%D0%90%D0%BD%D0%BD", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(strncmp(r.body, "\xef\xbb\xbf" "External ID;Name;", 20) == 0);
	ck_assert(strstr(r.body, "\r\nA-1;Анна Иванова;anna@example.by;"));
	ck_assert(!strstr(r.body, "HYPERLINK"));
	th_response_free(&r);
	get(&an, "/clients/export.csv?tag=VIP&region=minsk&q=4567", &r);
	ck_assert(strstr(r.body, "\r\nA-1,"));
	ck_assert(!strstr(r.body, "b@example.by"));
	th_response_free(&r);
	get(&an, "/clients/export.csv?tag=none", &r);
	ck_assert_str_eq(r.body, "\xef\xbb\xbf" CLIENTS_HEADER);
	th_response_free(&r);
	/* every filter of the client list applies (here: client since), and
	 * the audit row names the filters, not their values */
	get(&an, "/clients/export.csv?since_from=2025-06-01&sort=name_desc", &r);
	ck_assert(strstr(r.body, "b@example.by"));
	ck_assert(!strstr(r.body, "anna@example.by"));
	th_response_free(&r);
	ck_assert_str_eq(sql_text("SELECT detail FROM audit_log WHERE business_id = ? AND action = 'clients_exported'"
	                          " ORDER BY id DESC LIMIT 1",
	                          CXM_PARAMS(CXM_PINT(biz))),
	                 "rows: 1 (filters: since_from)");
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM audit_log WHERE business_id = ? AND detail LIKE '%4567%'",
	                         CXM_PARAMS(CXM_PINT(biz))),
	                 0);

	/* the interactions, in the business's local time (Minsk, UTC+3) */
	long long c1 = sql_int("SELECT id FROM clients WHERE business_id = ? AND external_id = 'A-1'",
	                       CXM_PARAMS(CXM_PINT(biz)));
	get(&an, cxm_printf(arena, "/clients/%lld/interactions.csv", c1), &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "\xef\xbb\xbf" "Client's external ID,Client's e-mail,Client,Kind,When,Channel,Amount,"
	                         "Currency,Service,Branch,Staff member,Items,Text\r\n"
	                         "A-1,anna@example.by,Анна Иванова,Note,2026-02-01 12:00,,,,,,,,'+ перезвонить\r\n"
	                         "A-1,anna@example.by,Анна Иванова,Purchase,2026-03-01 10:30,,25.50,BYN,Стрижка,,,,\r\n");
	th_response_free(&r);
	get(&an, "/interactions/export.csv?kind=purchase", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(strstr(r.body, "\r\nA-1,anna@example.by,Анна Иванова,Purchase,2026-03-01 10:30,"));
	ck_assert(!strstr(r.body, "Note,"));
	th_response_free(&r);
}
END_TEST

/* The cells of the first sheet of an xlsx body, read back with unzip. */
static char *sheet_xml(const struct th_response *r, const char *sheet)
{
	char *path = cxm_printf(arena, "%s/export-%d.xlsx", stack.dir, (int)getpid());
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(r->body, 1, r->body_len, f), r->body_len);
	fclose(f);
	char *cmd = cxm_printf(arena, "unzip -p %s xl/worksheets/%s.xml", path, sheet);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	struct tw_text t = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		tw_text_add(&t, buf, n);
	ck_assert_int_eq(pclose(p), 0);
	unlink(path);
	return t.s;
}

START_TEST(export_xlsx_cells)
{
	long long biz = make_business("exp-xlsx");
	struct client an;
	sign_in(&an, biz, "analyst@exp-xlsx.example", "analyst");
	export_data(biz);
	struct th_response r;
	get(&an, "/clients/export.xlsx", &r);
	ck_assert_int_eq(r.status, 200);
	char *ct = th_header(&r, "Content-Type");
	ck_assert_str_eq(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	free(ct);
	ck_assert(r.body_len > 1000 && memcmp(r.body, "PK\x03\x04", 4) == 0);
	char *xml = sheet_xml(&r, "sheet1");
	th_response_free(&r);
	/* constant-memory mode writes strings inline */
	const char *cells[] = {
		"<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>External ID</t></is></c>",
		"<c r=\"A2\" t=\"inlineStr\"><is><t>A-1</t></is></c>",
		"<c r=\"B2\" t=\"inlineStr\"><is><t>Анна Иванова</t></is></c>",
		"<c r=\"D2\" t=\"inlineStr\"><is><t>+375291234567</t></is></c>",
		"<c r=\"I2\" t=\"inlineStr\"><is><t>Минск</t></is></c>",
		"<c r=\"P2\" t=\"inlineStr\"><is><t>VIP, новый</t></is></c>",
		"<c r=\"R2\"><v>2</v></c>",
		"<c r=\"T2\"><v>25.5</v></c>",
		"<c r=\"B3\" t=\"inlineStr\"><is><t>=HYPERLINK(\"http://evil.example\";\"click\")</t></is></c>",
		"<c r=\"Q2\" t=\"inlineStr\"><is><t>2026-03-01 10:30</t></is></c>",
		"<c r=\"I3\" t=\"inlineStr\"><is><t>Брест; центр</t></is></c>",
	};
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
		ck_assert_msg(strstr(xml, cells[i]), "no %s in\n%s", cells[i], xml);
	ck_assert(!strstr(xml, "Удалённый"));
	ck_assert(!strstr(xml, "r=\"A4\""));
	free(xml);
	get(&an, "/interactions/export.xlsx", &r);
	ck_assert_int_eq(r.status, 200);
	xml = sheet_xml(&r, "sheet1");
	ck_assert(strstr(xml, "<c r=\"D3\" t=\"inlineStr\"><is><t>Purchase</t></is></c>"));
	ck_assert(strstr(xml, "<c r=\"G3\"><v>25.5</v></c>"));
	ck_assert(strstr(xml, "<c r=\"I3\" t=\"inlineStr\"><is><t>Стрижка</t></is></c>"));
	free(xml);
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM audit_log WHERE business_id = ? AND target = 'xlsx'",
	                         CXM_PARAMS(CXM_PINT(biz))),
	                 2);
}
END_TEST

START_TEST(export_refused_and_tenant_bound)
{
	long long ba = make_business("exp-alpha"), bb = make_business("exp-bravo");
	export_data(ba);
	struct client other;
	sign_in(&other, bb, "analyst@exp-bravo.example", "analyst");
	struct th_response r;
	const char *paths[] = {"/clients/export.csv", "/clients/export.xlsx", "/interactions/export.csv",
	                       "/interactions/export.xlsx"};
	for (int i = 0; i < 4; i++) {
		get(NULL, paths[i], &r);
		ck_assert_int_eq(r.status, 303);
		char *loc = th_header(&r, "Location");
		ck_assert_str_eq(loc, cxm_printf(arena, "/login?next=%s", paths[i]));
		free(loc);
		th_response_free(&r);
	}
	get(&other, "/clients/export.csv", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "\xef\xbb\xbf" CLIENTS_HEADER);
	th_response_free(&r);
	get(&other, "/interactions/export.csv", &r);
	ck_assert(!strstr(r.body, "anna@example.by"));
	th_response_free(&r);
	long long c1 = sql_int("SELECT id FROM clients WHERE business_id = ? AND external_id = 'A-1'",
	                       CXM_PARAMS(CXM_PINT(ba)));
	get(&other, cxm_printf(arena, "/clients/%lld/interactions.csv", c1), &r);
	ck_assert_int_eq(r.status, 404);
	ck_assert(!strstr(r.body, "anna@example.by"));
	th_response_free(&r);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM audit_log WHERE business_id = ?", CXM_PARAMS(CXM_PINT(ba))), 0);
}
END_TEST

/* ---- the job process and the worker's connections ------------------------- */

START_TEST(killed_job_process_is_replaced)
{
	if (stack.valgrind)
		return;
	pid_t before[4], after[4];
	ck_assert_int_eq(th_stack_jobs(&stack, before, 4), 1);
	ck_assert_int_eq(th_stack_workers(&stack, after, 4), 2);
	int deaths = th_log_count(&stack, "killed by signal 9 (Killed); starting a replacement");
	ck_assert_int_eq(kill(before[0], SIGKILL), 0);
	ck_assert(th_log_wait(&stack, "killed by signal 9 (Killed); starting a replacement", deaths + 1, 10000));
	int n = 0;
	for (int i = 0; i < 200; i++) {
		n = th_stack_jobs(&stack, after, 4);
		if (n == 1 && after[0] != before[0])
			break;
		usleep(20000);
	}
	ck_assert_int_eq(n, 1);
	ck_assert(after[0] != before[0]);
	ck_assert_int_eq(th_stack_workers(&stack, after, 4), 2);
}
END_TEST

/* FastCGI by hand, as in test_http.c: a request record set. */
static void fcgi_record(unsigned char *out, size_t *len, int type, const void *data, size_t n)
{
	unsigned char h[8] = {1, (unsigned char)type, 0, 1, (unsigned char)(n >> 8), (unsigned char)n, 0, 0};
	memcpy(out + *len, h, 8);
	memcpy(out + *len + 8, data, n);
	*len += 8 + n;
}

static size_t fcgi_pair(unsigned char *out, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	out[0] = (unsigned char)nl;
	out[1] = (unsigned char)vl;
	memcpy(out + 2, name, nl);
	memcpy(out + 2 + nl, value, vl);
	return 2 + nl + vl;
}

static int fcgi_connect(const struct th_stack *s)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", s->socket);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Sends a kept-connection GET of path with cookie; reads the response
 * up to END_REQUEST; returns the bytes of STDOUT read. */
static size_t fcgi_get(int fd, const char *path, const char *cookie)
{
	unsigned char out[4096], params[2048];
	size_t len = 0, pl = 0;
	static const unsigned char begin[8] = {0, 1, 1, 0, 0, 0, 0, 0};   /* responder, keep */
	fcgi_record(out, &len, 1, begin, sizeof(begin));
	pl += fcgi_pair(params + pl, "REQUEST_METHOD", "GET");
	pl += fcgi_pair(params + pl, "REQUEST_URI", path);
	pl += fcgi_pair(params + pl, "DOCUMENT_URI", path);
	pl += fcgi_pair(params + pl, "QUERY_STRING", "");
	pl += fcgi_pair(params + pl, "HTTP_ACCEPT_LANGUAGE", "en");
	if (cookie)
		pl += fcgi_pair(params + pl, "HTTP_COOKIE", cookie);
	fcgi_record(out, &len, 4, params, pl);
	fcgi_record(out, &len, 4, "", 0);
	fcgi_record(out, &len, 5, "", 0);
	ck_assert_int_eq(write(fd, out, len), (ssize_t)len);
	size_t body = 0;
	unsigned char h[8];
	for (;;) {
		ck_assert_int_eq(read(fd, h, 8), 8);
		size_t n = ((size_t)h[4] << 8) | h[5], pad = h[6];
		unsigned char buf[65536 + 256];
		size_t got = 0;
		while (got < n + pad) {
			ssize_t k = read(fd, buf + got, n + pad - got);
			ck_assert_int_gt(k, 0);
			got += (size_t)k;
		}
		if (h[1] == 6)
			body += n;
		if (h[1] == 3)
			return body;
	}
}

START_TEST(export_releases_idle_connections)
{
	struct th_stack s;
	struct th_stack_opts o = {.workers = 1, .dsn = stack.dsn, .extra_conf = "job_workers = 0\n"};
	th_stack_start(&s, &o);
	long long biz = make_business("exp-release");
	struct client an;
	sign_in(&an, biz, "analyst@exp-release.example", "analyst");
	export_data(biz);
	/* two kept connections, both held by the only worker */
	int idle = fcgi_connect(&s), busy = fcgi_connect(&s);
	ck_assert_uint_gt(fcgi_get(idle, "/healthz", NULL), 0);
	ck_assert_uint_gt(fcgi_get(busy, "/healthz", NULL), 0);
	/* an export on one of them closes the other */
	ck_assert_uint_gt(fcgi_get(busy, "/clients/export.csv", an.cookie), 300);
	char c;
	ck_assert_int_eq(read(idle, &c, 1), 0);
	/* the connection that exported is kept and still serves */
	ck_assert_uint_gt(fcgi_get(busy, "/healthz", NULL), 0);
	close(idle);
	close(busy);
	ck_assert_int_eq(th_stack_stop(&s), 0);
}
END_TEST

/* SIGTERM while the job process applies an import: the transaction rolls
 * back (no client is left), the import is queued again with a note, and
 * the next start runs it to the end. A stack of its own, on a database of
 * its own, so the main stack's job process stays out of it. */
START_TEST(shutdown_mid_import_rolls_back_and_requeues)
{
	if (stack.valgrind)
		return;
	struct th_stack s;
	th_stack_start(&s, &(struct th_stack_opts){.workers = 1});
	struct cxm_db *main_db = db;
	db = th_db_connect(s.dsn);
	tw.db = db; /* the tw_sql_* helpers use this stack's database too */
	long long biz = make_business("imp-stop");
	struct tw_text t = {0};
	tw_text_printf(&t, "email;name;city\n");
	for (int i = 0; i < 30000; i++)
		tw_text_printf(&t, "stop%d@example.by;Клиент %d;Минск\n", i, i);
	long long id = tw_sql_insert("INSERT INTO imports (business_id, kind, filename, status, data, total_rows)"
	                             " VALUES (?, 'clients', 'stop.csv', 'queued', ?, 30000)",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PBLOB(t.s, t.len)));
	free(t.s);
	/* past the checking half: saving has begun */
	long long processed = 0;
	for (int i = 0; i < 1200 && processed <= 15000; i++) {
		processed = sql_int("SELECT processed_rows FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(id)));
		cxm_arena_reset(arena);
		usleep(5000);
	}
	ck_assert_msg(processed > 15000 && processed < 30000, "processed %lld", processed);
	ck_assert_int_eq(th_stack_stop(&s), 0);
	ck_assert_str_eq(sql_text("SELECT status FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(id))), "queued");
	ck_assert_str_eq(sql_text("SELECT error FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(id))),
	                 "0\tThe import was interrupted by a restart and waits to run again; nothing was imported yet.");
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 0);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM tags", CXM_NOPARAMS), 0);
	/* started again, it runs to the end */
	struct th_stack again;
	th_stack_start(&again, &(struct th_stack_opts){.workers = 1, .dsn = s.dsn});
	wait_status(id, "done");
	ck_assert_int_eq(sql_int("SELECT inserted FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(id))), 30000);
	ck_assert_int_eq(sql_int("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))),
	                 30000);
	ck_assert_int_eq(th_stack_stop(&again), 0);
	cxm_db_close(db);
	db = main_db;
	tw.db = db;
}
END_TEST

static Suite *import_suite(void)
{
	Suite *s = suite_create("import_http");
	TCase *t = tcase_create("import");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, upload_map_run_done);
	tcase_add_test(t, progress_page_refreshes_while_running);
	tcase_add_test(t, three_bad_rows_change_nothing);
	tcase_add_test(t, upload_refusals);
	tcase_add_test(t, other_business_cannot_see_or_open_an_import);
	suite_add_tcase(s, t);
	TCase *e = tcase_create("export");
	tcase_add_checked_fixture(e, setup, teardown);
	tcase_set_timeout(e, 120);
	tcase_add_test(e, export_csv_exact_bytes);
	tcase_add_test(e, export_xlsx_cells);
	tcase_add_test(e, export_refused_and_tenant_bound);
	suite_add_tcase(s, e);
	TCase *p = tcase_create("processes");
	tcase_add_checked_fixture(p, setup, teardown);
	tcase_set_timeout(p, 120);
	tcase_add_test(p, killed_job_process_is_replaced);
	tcase_add_test(p, export_releases_idle_connections);
	tcase_add_test(p, shutdown_mid_import_rolls_back_and_requeues);
	suite_add_tcase(s, p);
	return s;
}

int main(void)
{
	if (sodium_init() < 0)
		return EXIT_FAILURE;
	th_mysql_socket();
	th_stack_start(&stack, &(struct th_stack_opts){.workers = 2});
	int failed = tw_run(import_suite(), &stack);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
