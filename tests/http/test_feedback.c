/* The feedback register's pages over the whole serving path (HTTP client
 * -> nginx -> cxm-fcgi -> MariaDB), as docs/feedback.md describes them:
 * the inbox (overdue first, every filter, keyset pages), an item's
 * workflow with CSRF, replies in the client's history and the outbox, the
 * times shown, manual entry with the reasons next to the fields and
 * nothing stored, the public form (errors, the signed key, the trap field,
 * throttling, the match to a client, never another business), the counts
 * and shares of document 003 on a fixed data set, the admin lists, and
 * that business A never reads or changes business B's items.
 *
 * Conventions of tests/http/test_clients.c: the stack is started once in
 * main; every test makes its own business, users and sessions directly in
 * the database; requests send "Accept-Language: en", so the texts
 * asserted are the English msgids. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "harness.h"

static struct th_stack stack;

#define TOKEN_CHARS 43
#define PER_PAGE 50

/* English texts (msgids) the tests expect. */
#define MSG_CHECK "Check the highlighted fields."
#define MSG_PUBLIC_CHECK "Please check the highlighted fields."
#define MSG_EMAIL "Enter a valid e-mail address, e.g. anna@example.com."
#define MSG_CONTACT "Enter an e-mail address or a phone number, so that we can answer."
#define MSG_NAME "Enter the name."
#define MSG_TEXT "Write what happened."
#define MSG_RATING "Choose a rating from 1 to 5."
#define MSG_NO_CLIENT "No such client in this business."
#define MSG_REPLY "Write the reply."
#define MSG_NOT_ALLOWED "This change of status is not allowed now; the item was not changed."
#define MSG_QUICK "That was very quick. Please check the form and send it again."
#define MSG_EXPIRED "The form has expired. Please send it again."
#define MSG_LIST_TAKEN "This name is already in the list."

/* ---- database access (per test process) -------------------------------- */

static struct cxm_db *db;
static struct cxm_arena *arena;

static void setup(void)
{
	db = th_db_connect(stack.dsn);
	arena = cxm_arena_new(1 << 16);
}

static void teardown(void)
{
	cxm_db_close(db);
	cxm_arena_free(arena);
	db = NULL;
	arena = NULL;
}

static void sql_exec(const char *sql, const struct cxm_param *p, size_t n)
{
	enum cxm_err rc = cxm_db_exec(db, sql, p, n, NULL, NULL);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(db));
}

static long long sql_insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	enum cxm_err rc = cxm_db_exec(db, sql, p, n, NULL, &id);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

static long long sql_int(const char *sql, const struct cxm_param *p, size_t n, long long def)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, arena, sql, p, n, &r);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	long long v = r.nrows ? cxm_rows_int(&r, 0, 0, def) : def;
	cxm_arena_reset(arena);
	return v;
}

/* A growing malloc'd string. */
struct text {
	char *s;
	size_t len, cap;
};

static void text_add(struct text *t, const void *data, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		ck_assert_ptr_nonnull(t->s);
	}
	memcpy(t->s + t->len, data, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_printf(struct text *t, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	text_add(t, s, (size_t)n);
	free(s);
}

/* Every row of a query: cells separated by '|', rows by newlines, NULL as
 * \N, a cell that is not plain printable text in hex (malloc'd; "" when
 * there are no rows). */
static char *sql_rows(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, arena, sql, p, n, &r);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	struct text t = {0};
	text_add(&t, "", 0);
	for (size_t i = 0; i < r.nrows; i++) {
		for (size_t c = 0; c < r.ncols; c++) {
			const char *cell = r.cells[i * r.ncols + c];
			size_t len = r.lens[i * r.ncols + c];
			if (c)
				text_add(&t, "|", 1);
			if (!cell) {
				text_add(&t, "\\N", 2);
				continue;
			}
			int plain = 1;
			for (size_t k = 0; k < len; k++)
				if ((unsigned char)cell[k] < 0x20 || cell[k] == '|' || cell[k] == 0x7f)
					plain = 0;
			if (plain) {
				text_add(&t, cell, len);
			} else {
				text_add(&t, "0x", 2);
				for (size_t k = 0; k < len; k++)
					text_printf(&t, "%02x", (unsigned char)cell[k]);
			}
		}
		text_add(&t, "\n", 1);
	}
	cxm_arena_reset(arena);
	return t.s;
}

static void assert_rows(const char *sql, const struct cxm_param *p, size_t n, const char *want)
{
	char *got = sql_rows(sql, p, n);
	ck_assert_msg(strcmp(got, want) == 0, "%s\ngot:\n%s\nexpected:\n%s", sql, got, want);
	free(got);
}

/* Everything of the feedback register of a business (and its clients'
 * history, outbox and audit log), for "nothing changed" comparisons. */
static char *base_dump(long long biz)
{
	static const char *const queries[] = {
		"SELECT * FROM feedback WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_events WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_departments WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_defects WHERE business_id = ? ORDER BY id",
		"SELECT * FROM interactions WHERE business_id = ? ORDER BY id",
		"SELECT * FROM clients WHERE business_id = ? ORDER BY id",
		"SELECT * FROM outbox WHERE business_id = ? ORDER BY id",
		"SELECT * FROM audit_log WHERE business_id = ? ORDER BY id",
	};
	struct text t = {0};
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		char *d = sql_rows(queries[i], CXM_PARAMS(CXM_PINT(biz)));
		text_printf(&t, "-- %s\n%s", queries[i], d);
		free(d);
	}
	return t.s;
}

static void assert_unchanged(const char *before, long long biz, const char *what)
{
	char *after = base_dump(biz);
	size_t i = 0;
	while (before[i] && before[i] == after[i])
		i++;
	while (i > 0 && before[i - 1] != '\n')
		i--;
	ck_assert_msg(strcmp(before, after) == 0,
	              "%s changed the database; from the first difference:\nbefore:\n%.1500s\n"
	              "after:\n%.1500s",
	              what, before + i, after + i);
	free(after);
}

/* The audit rows of a business as "action|actor_id|target|detail". */
static char *audit_of(long long biz)
{
	return sql_rows("SELECT action, actor_id, target, detail FROM audit_log WHERE business_id = ?"
	                " ORDER BY id",
	                CXM_PARAMS(CXM_PINT(biz)));
}

/* ---- accounts made directly in the database ------------------------------ */

static void random_token(char out[TOKEN_CHARS + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_CHARS + 1, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void token_hash(const char *token, unsigned char hash[32])
{
	unsigned char raw[32];
	size_t len = 0;
	ck_assert_int_eq(sodium_base642bin(raw, 32, token, TOKEN_CHARS, NULL, &len, NULL,
	                                   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	                 0);
	ck_assert_int_eq(crypto_generichash(hash, 32, raw, sizeof(raw), NULL, 0), 0);
}

/* A business with this time zone and currency. */
static long long make_business(const char *slug, const char *tz, const char *currency)
{
	return sql_insert("INSERT INTO businesses (slug, name, timezone, currency) VALUES (?, ?, ?, ?)",
	                  CXM_PARAMS(CXM_PSTR(slug), CXM_PSTR(slug), CXM_PSTR(tz), CXM_PSTR(currency)));
}

/* A signed-in browser: its session cookie and the session's CSRF token. */
struct client {
	char token[TOKEN_CHARS + 1];
	char csrf[TOKEN_CHARS + 1];
	char cookie[64];
	long long user_id;
};

/* A user (language en, no password: sessions are made directly) with a
 * role in business biz, and a session of theirs there. */
static void make_member(struct client *c, long long biz, const char *email, const char *role)
{
	c->user_id = sql_insert("INSERT INTO users (email, name, language) VALUES (?, ?, 'en')",
	                        CXM_PARAMS(CXM_PSTR(email), CXM_PSTR(email)));
	sql_exec("INSERT INTO memberships (business_id, user_id, role) VALUES (?, ?, ?)",
	         CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c->user_id), CXM_PSTR(role)));
	unsigned char hash[32];
	random_token(c->token);
	random_token(c->csrf);
	token_hash(c->token, hash);
	snprintf(c->cookie, sizeof(c->cookie), "cxm_session=%s", c->token);
	sql_insert("INSERT INTO sessions (token_hash, user_id, business_id, csrf_token, created_at,"
	           " last_seen_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
	           CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PINT(c->user_id), CXM_PINT(biz),
	                      CXM_PSTR(c->csrf)));
}

/* ---- HTTP ------------------------------------------------------------------ */

#define PAGE "%.3000s"
static const char *page_main(const char *body)
{
	const char *m = strstr(body, "<main");
	return m ? m : body;
}

static void http(const char *method, const char *path, const char *cookies, const char *body,
                 struct th_response *r)
{
	char headers[1024];
	snprintf(headers, sizeof(headers), "Accept-Language: en\r\n%s%s%s%s", cookies ? "Cookie: " : "",
	         cookies ? cookies : "", cookies ? "\r\n" : "",
	         body ? "Content-Type: application/x-www-form-urlencoded\r\n" : "");
	ck_assert_msg(th_http(stack.port, method, path, headers, body, body ? strlen(body) : 0, r) == 0,
	              "%s %s: no response", method, path);
}

static void urlencode(struct text *t, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~')
			text_add(t, p, 1);
		else
			text_printf(t, "%%%02X", *p);
	}
}

static void form_add(struct text *t, const char *name, const char *value)
{
	if (t->len)
		text_add(t, "&", 1);
	urlencode(t, name);
	text_add(t, "=", 1);
	urlencode(t, value);
}

/* A form body from name, value, ... pairs ending with a NULL name. */
static struct text fields(const char *name, ...)
{
	struct text t = {0};
	text_add(&t, "", 0);
	va_list ap;
	va_start(ap, name);
	for (const char *n = name; n; n = va_arg(ap, const char *))
		form_add(&t, n, va_arg(ap, const char *));
	va_end(ap);
	return t;
}

static void get(const struct client *c, const char *path, struct th_response *r)
{
	http("GET", path, c ? c->cookie : NULL, NULL, r);
}

/* POSTs the fields (consumed) plus the session's csrf. */
static void post(const struct client *c, const char *path, struct text f, struct th_response *r)
{
	form_add(&f, "csrf", c->csrf);
	http("POST", path, c->cookie, f.s, r);
	free(f.s);
}

static char *esc(const char *s)
{
	struct text t = {0};
	text_add(&t, "", 0);
	for (; *s; s++) {
		switch (*s) {
		case '&': text_add(&t, "&amp;", 5); break;
		case '<': text_add(&t, "&lt;", 4); break;
		case '>': text_add(&t, "&gt;", 4); break;
		case '"': text_add(&t, "&quot;", 6); break;
		case '\'': text_add(&t, "&#39;", 5); break;
		default: text_add(&t, s, 1);
		}
	}
	return t.s;
}

static void assert_status_at(const struct th_response *r, int status, int line)
{
	ck_assert_msg(r->status == status, "line %d: status %d, expected %d:\n%s\n" PAGE, line, r->status,
	              status, r->head, page_main(r->body));
}
#define assert_status(r, status) assert_status_at(r, status, __LINE__)

/* A 303 to exactly `location`. */
static void assert_redirect(const struct th_response *r, const char *location)
{
	assert_status(r, 303);
	char *v = th_header(r, "Location");
	ck_assert_msg(v && strcmp(v, location) == 0, "Location %s, expected %s", v ? v : "(none)", location);
	free(v);
}

static void assert_has(const struct th_response *r, const char *needle)
{
	ck_assert_msg(strstr(r->body, needle) != NULL, "body lacks \"%s\":\n" PAGE, needle,
	              page_main(r->body));
}

static void assert_lacks(const struct th_response *r, const char *needle)
{
	ck_assert_msg(strstr(r->body, needle) == NULL, "body has \"%s\":\n" PAGE, needle,
	              page_main(r->body));
}

/* The page shows text (escaped) as a notice of kind. */
static void assert_notice(const struct th_response *r, const char *kind, const char *text)
{
	char *e = esc(text);
	char a[2048], b[2048];
	snprintf(a, sizeof(a), "<p class=\"notice notice-%s\" role=\"status\">%s</p>", kind, e);
	snprintf(b, sizeof(b), "<p class=\"notice notice-%s\" role=\"alert\">%s</p>", kind, e);
	ck_assert_msg(strstr(r->body, a) || strstr(r->body, b), "no %s notice \"%s\" in:\n" PAGE, kind, e,
	              page_main(r->body));
	free(e);
}

/* first occurs in the page, and before second. */
static void assert_before(const struct th_response *r, const char *first, const char *second)
{
	const char *a = strstr(r->body, first), *b = strstr(r->body, second);
	ck_assert_msg(a && b && a < b, "\"%s\" is not before \"%s\"", first, second);
}

/* The error shown next to input `name` (searched from `from` on): the
 * field-error inside the <div class="field"> holding the input (malloc'd;
 * NULL when none). */
static char *field_error_from(const char *body, const char *from, const char *name)
{
	const char *base = from ? strstr(body, from) : body;
	if (!base)
		return NULL;
	char needle[128];
	snprintf(needle, sizeof(needle), "name=\"%s\"", name);
	const char *at = strstr(base, needle);
	if (!at)
		return NULL;
	const char *start = NULL;
	for (const char *p = strstr(body, "<div class=\"field\">"); p && p < at;
	     p = strstr(p + 1, "<div class=\"field\">"))
		start = p;
	const char *end = strstr(at, "</div>");
	const char *e = start ? strstr(start, "<span class=\"field-error\">") : NULL;
	if (!e || !end || e > end)
		return NULL;
	e += strlen("<span class=\"field-error\">");
	const char *close = strstr(e, "</span>");
	return close ? strndup(e, (size_t)(close - e)) : NULL;
}

static void assert_field_error_from(const struct th_response *r, const char *from, const char *name,
                                    const char *msg)
{
	char *got = field_error_from(r->body, from, name);
	char *want = msg ? esc(msg) : NULL;
	ck_assert_msg((!got && !want) || (got && want && strcmp(got, want) == 0),
	              "next to \"%s\": \"%s\", expected \"%s\" in:\n" PAGE, name, got ? got : "(nothing)",
	              want ? want : "(nothing)", page_main(r->body));
	free(got);
	free(want);
}

static void assert_field_error(const struct th_response *r, const char *name, const char *msg)
{
	assert_field_error_from(r, NULL, name, msg);
}

/* The value="..." of input `name` (escaped form), malloc'd, or NULL. */
static char *input_value(const char *body, const char *name)
{
	char needle[128];
	snprintf(needle, sizeof(needle), "name=\"%s\" value=\"", name);
	const char *at = strstr(body, needle);
	if (!at)
		return NULL;
	at += strlen(needle);
	return strndup(at, strcspn(at, "\""));
}

static void assert_input(const struct th_response *r, const char *name, const char *value)
{
	char *got = input_value(r->body, name);
	char *want = esc(value);
	ck_assert_msg(got && strcmp(got, want) == 0, "input %s has \"%s\", expected \"%s\"", name,
	              got ? got : "(none)", want);
	free(got);
	free(want);
}

/* The ids in `<tr data-id="N">` rows (or "<li ... data-id" entries when
 * entries is set) of a page, in order; returns how many. */
static size_t page_ids(const char *body, int entries, long long *ids, size_t max)
{
	const char *marker = entries ? "<li class=\"entry" : "<tr data-id=\"";
	size_t n = 0;
	for (const char *p = strstr(body, marker); p; p = strstr(p + 1, marker)) {
		const char *d = strstr(p, "data-id=\"");
		ck_assert_ptr_nonnull(d);
		ck_assert_uint_lt(n, max);
		ids[n++] = strtoll(d + 9, NULL, 10);
	}
	return n;
}

/* The target of the pager link rel="<rel>" (&amp; undone), malloc'd, or
 * NULL when the page has none. */
static char *rel_link(const char *body, const char *rel)
{
	char needle[64];
	snprintf(needle, sizeof(needle), "\" rel=\"%s\">", rel);
	const char *end = strstr(body, needle);
	if (!end)
		return NULL;
	const char *start = end;
	while (start > body && strncmp(start, "href=\"", 6) != 0)
		start--;
	start += 6;
	struct text t = {0};
	text_add(&t, "", 0);
	for (const char *p = start; p < end; p++) {
		if (strncmp(p, "&amp;", 5) == 0) {
			text_add(&t, "&", 1);
			p += 4;
		} else {
			text_add(&t, p, 1);
		}
	}
	return t.s;
}


/* ---- feedback made directly in the database ------------------------------ */

/* An item of business biz received `hours` hours ago (SLA 24 h), with the
 * given status; answered: first_response_at one hour after receipt. */
static long long insert_item(long long biz, long long client, const char *channel, const char *type,
                             const char *status, int hours, int answered, long long assignee, long long dept)
{
	return sql_insert(
		"INSERT INTO feedback (business_id, client_id, channel, type, status, text, assignee_id, department_id,"
		" received_at, sla_due_at, first_response_at)"
		" VALUES (?, ?, ?, ?, ?, 'Inserted item', ?, ?, UTC_TIMESTAMP(6) - INTERVAL ? HOUR,"
		" UTC_TIMESTAMP(6) - INTERVAL ? HOUR + INTERVAL 24 HOUR,"
		" IF(?, UTC_TIMESTAMP(6) - INTERVAL ? HOUR + INTERVAL 1 HOUR, NULL))",
		CXM_PARAMS(CXM_PINT(biz), client ? CXM_PINT(client) : CXM_PNULL, CXM_PSTR(channel), CXM_PSTR(type),
		           CXM_PSTR(status), assignee ? CXM_PINT(assignee) : CXM_PNULL, dept ? CXM_PINT(dept) : CXM_PNULL,
		           CXM_PINT(hours), CXM_PINT(hours), CXM_PINT(answered), CXM_PINT(hours)));
}

static long long insert_client(long long biz, const char *name, const char *email)
{
	return sql_insert("INSERT INTO clients (business_id, name, email, first_seen, last_seen_at)"
	                  " VALUES (?, ?, ?, '2026-01-10', '2026-01-10')",
	                  CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(name), email ? CXM_PSTR(email) : CXM_PNULL));
}

/* The inbox rows at path, as "1,2,3". */
static char *listed(const struct client *c, const char *path)
{
	struct th_response r;
	get(c, path, &r);
	assert_status(&r, 200);
	long long ids[PER_PAGE + 1];
	size_t n = page_ids(r.body, 0, ids, PER_PAGE + 1);
	struct text t = {0};
	text_add(&t, "", 0);
	for (size_t i = 0; i < n; i++)
		text_printf(&t, "%s%lld", i ? "," : "", ids[i]);
	th_response_free(&r);
	return t.s;
}

static void assert_listed_at(const struct client *c, const char *path, const char *want, int line)
{
	char *got = listed(c, path);
	ck_assert_msg(strcmp(got, want) == 0, "line %d: GET %s lists %s, expected %s", line, path, got, want);
	free(got);
}
#define assert_listed(c, path, want) assert_listed_at(c, path, want, __LINE__)

static const char *ids(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A formatted string in one of 8 static buffers used in turn, so that a
 * call may take several. */
static const char *ids(const char *fmt, ...)
{
	static char bufs[8][4096];
	static int next;
	char *buf = bufs[next++ % 8];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return buf;
}

static long long count_of(const char *sql, long long biz)
{
	return sql_int(sql, CXM_PARAMS(CXM_PINT(biz)), -1);
}

/* ==== the inbox ============================================================ */

/* Overdue items (awaiting a first reply past their SLA) come first, the
 * longest overdue on top, highlighted; then the rest newest first. Every
 * filter narrows exactly. */
START_TEST(inbox_order_and_filters)
{
	long long biz = make_business("inbox-co", "UTC", "BYN");
	struct client m, other;
	make_member(&m, biz, "m@inbox.example", "manager");
	make_member(&other, biz, "o@inbox.example", "manager");
	long long cl = insert_client(biz, "Zoya", "zoya@example.com");
	long long dept = sql_insert("INSERT INTO feedback_departments (business_id, name) VALUES (?, 'Sales')",
	                            CXM_PARAMS(CXM_PINT(biz)));
	/* received 48 h ago (due 24 h ago) and 30 h ago (due 6 h ago): overdue */
	long long od48 = insert_item(biz, 0, "hotline", "product_quality", "new", 48, 0, 0, 0);
	long long od30 = insert_item(biz, cl, "email", "service_quality", "in_progress", 30, 0, m.user_id, dept);
	/* not overdue: 1 h and 2 h old; answered within the SLA 40 h ago;
	 * resolved 50 h ago */
	long long n1 = insert_item(biz, cl, "email", "other", "new", 1, 0, 0, 0);
	long long n2 = insert_item(biz, 0, "web_form", "other", "new", 2, 0, other.user_id, 0);
	long long a40 = insert_item(biz, 0, "hotline", "paperwork", "answered", 40, 1, m.user_id, dept);
	long long r50 = insert_item(biz, 0, "shop", "product_quality", "resolved", 50, 1, 0, 0);
	/* rejected 60 h ago without a reply: closed, so never overdue */
	long long x60 = insert_item(biz, 0, "post", "other", "rejected", 60, 0, 0, 0);

	assert_listed(&m, "/feedback",
	              ids("%lld,%lld,%lld,%lld,%lld,%lld,%lld", od48, od30, n1, n2, a40, r50, x60));
	struct th_response r;
	get(&m, "/feedback", &r);
	assert_has(&r, ids("<tr data-id=\"%lld\" class=\"overdue\">", od48));
	assert_has(&r, ids("<tr data-id=\"%lld\" class=\"overdue\">", od30));
	assert_has(&r, ids("<tr data-id=\"%lld\">", n1));
	assert_has(&r, ids("<tr data-id=\"%lld\">", x60));
	th_response_free(&r);

	assert_listed(&m, "/feedback?overdue=1", ids("%lld,%lld", od48, od30));
	assert_listed(&m, "/feedback?status=open", ids("%lld,%lld,%lld,%lld,%lld", od48, od30, n1, n2, a40));
	assert_listed(&m, "/feedback?status=resolved", ids("%lld", r50));
	assert_listed(&m, "/feedback?channel=email", ids("%lld,%lld", od30, n1));
	assert_listed(&m, "/feedback?type=product_quality", ids("%lld,%lld", od48, r50));
	assert_listed(&m, ids("/feedback?department=%lld", dept), ids("%lld,%lld", od30, a40));
	assert_listed(&m, "/feedback?assignee=mine", ids("%lld,%lld", od30, a40));
	assert_listed(&other, "/feedback?assignee=mine", ids("%lld", n2));
	assert_listed(&m, ids("/feedback?assignee=%lld", other.user_id), ids("%lld", n2));
	assert_listed(&m, "/feedback?assignee=none", ids("%lld,%lld,%lld,%lld", od48, n1, r50, x60));
	assert_listed(&m, ids("/feedback?client=%lld", cl), ids("%lld,%lld", od30, n1));
	assert_listed(&m, ids("/feedback?channel=email&assignee=mine&overdue=1"), ids("%lld", od30));
	/* a value outside the lists is a 400, not a silent "everything" */
	get(&m, "/feedback?channel=fax", &r);
	assert_status(&r, 400);
	th_response_free(&r);
	get(&m, "/feedback?assignee=someone", &r);
	assert_status(&r, 400);
	th_response_free(&r);
}
END_TEST

/* 130 items: 30 overdue and 100 others, walked with "Next": 50 per page,
 * each item exactly once, overdue block first (by due time), the rest
 * newest first, filters kept in the links. */
START_TEST(inbox_pages)
{
	long long biz = make_business("pages-co", "UTC", "BYN");
	struct client m;
	make_member(&m, biz, "m@pages.example", "manager");
	long long want[130];
	size_t n = 0;
	/* overdue: received 100..71 h ago -> listed oldest first */
	for (int h = 100; h > 70; h--)
		want[n++] = insert_item(biz, 0, "hotline", "other", "new", h, 0, 0, 0);
	/* others: answered, received 1..100 h ago -> newest first */
	for (int h = 1; h <= 100; h++)
		want[n++] = insert_item(biz, 0, "hotline", "other", "answered", h, 1, 0, 0);
	char *path = strdup("/feedback?channel=hotline");
	size_t seen = 0;
	int pages = 0;
	while (path) {
		struct th_response r;
		get(&m, path, &r);
		assert_status(&r, 200);
		long long got[PER_PAGE + 1];
		size_t k = page_ids(r.body, 0, got, PER_PAGE + 1);
		ck_assert_uint_le(k, PER_PAGE);
		for (size_t i = 0; i < k; i++, seen++) {
			ck_assert_uint_lt(seen, 130);
			ck_assert_msg(got[i] == want[seen], "row %zu: %lld, expected %lld", seen, got[i], want[seen]);
		}
		free(path);
		path = rel_link(r.body, "next");
		if (path)
			ck_assert_msg(strstr(path, "channel=hotline") != NULL, "filter lost: %s", path);
		pages++;
		th_response_free(&r);
	}
	ck_assert_uint_eq(seen, 130);
	ck_assert_int_eq(pages, 3);   /* 50 + 50 + 30 */
}
END_TEST

/* ==== the item's workflow ================================================== */

START_TEST(item_workflow)
{
	long long biz = make_business("flow-co", "Europe/Minsk", "BYN");
	struct client m, an;
	make_member(&m, biz, "m@flow.example", "manager");
	make_member(&an, biz, "a@flow.example", "analyst");
	long long cl = insert_client(biz, "Olga", "olga@example.com");
	/* entered by hand for a call: the item, its event, the client's history */
	struct th_response r;
	post(&m, "/feedback/new",
	     fields("client", ids("%lld", cl), "channel", "hotline", "type", "product_quality", "priority", "high",
	            "rating", "2", "received_at", "2026-03-02T12:00", "text", "The table wobbles.", NULL),
	     &r);
	assert_status(&r, 303);
	char *loc = th_header(&r, "Location");
	long long id = strtoll(loc + strlen("/feedback/"), NULL, 10);
	ck_assert_str_eq(loc, ids("/feedback/%lld?done=created", id));
	free(loc);
	th_response_free(&r);
	/* 12:00 in Minsk (UTC+3) is 09:00 UTC; due 24 h later */
	assert_rows("SELECT client_id = ?, channel, type, priority, rating, status, received_at, sla_due_at, created_by = ?"
	            " FROM feedback WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(cl), CXM_PINT(m.user_id), CXM_PINT(id)),
	            "1|hotline|product_quality|high|2|new|2026-03-02 09:00:00.000000|2026-03-03 09:00:00.000000|1\n");
	assert_rows("SELECT kind, channel, ref_id = ? FROM interactions WHERE client_id = ? ORDER BY id",
	            CXM_PARAMS(CXM_PINT(id), CXM_PINT(cl)), "complaint|hotline|1\n");

	char *item = strdup(ids("/feedback/%lld", id));
	get(&m, item, &r);
	assert_status(&r, 200);
	assert_has(&r, "The table wobbles.");
	assert_has(&r, ids("<a href=\"/clients/%lld\">Olga</a>", cl));
	assert_has(&r, "<tr data-field=\"received\"><th scope=\"row\">Received</th><td>2026-03-02 12:00</td></tr>");
	assert_has(&r, "<tr data-field=\"sla_due\"><th scope=\"row\">Reply due (SLA)</th><td>2026-03-03 12:00</td></tr>");
	/* received long ago, never answered: overdue */
	assert_has(&r, "<strong class=\"overdue-mark\">overdue</strong>");
	th_response_free(&r);

	/* a POST without the CSRF token is refused and changes nothing */
	char *before = base_dump(biz);
	http("POST", ids("%s/status", item), m.cookie, "status=in_progress", &r);
	assert_status(&r, 403);
	th_response_free(&r);
	assert_unchanged(before, biz, "a POST without CSRF");
	/* an analyst may read but not work it */
	get(&an, item, &r);
	assert_status(&r, 200);
	assert_lacks(&r, "/status\"");
	th_response_free(&r);
	post(&an, ids("%s/status", item), fields("status", "in_progress", NULL), &r);
	assert_status(&r, 403);
	th_response_free(&r);
	/* an empty reply: the reason next to the field, nothing stored */
	post(&m, ids("%s/reply", item), fields("text", "", NULL), &r);
	assert_status(&r, 200);
	assert_field_error(&r, "text", MSG_REPLY);
	th_response_free(&r);
	/* a move the workflow refuses (new -> resolved) */
	post(&m, ids("%s/status", item), fields("status", "resolved", NULL), &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_NOT_ALLOWED);
	th_response_free(&r);
	assert_unchanged(before, biz, "refused changes");
	free(before);

	post(&m, ids("%s/status", item), fields("status", "in_progress", NULL), &r);
	assert_redirect(&r, ids("%s?done=status", item));
	th_response_free(&r);
	post(&m, ids("%s/comment", item), fields("text", "Asked the warehouse.", NULL), &r);
	assert_redirect(&r, ids("%s?done=commented", item));
	th_response_free(&r);
	post(&m, ids("%s/assign", item), fields("assignee", ids("%lld", m.user_id), NULL), &r);
	assert_redirect(&r, ids("%s?done=assigned", item));
	th_response_free(&r);
	/* an analyst cannot be assigned */
	post(&m, ids("%s/assign", item), fields("assignee", ids("%lld", an.user_id), NULL), &r);
	assert_status(&r, 200);
	th_response_free(&r);
	/* the reply: in the client's history, and in the outbox to the client's e-mail */
	post(&m, ids("%s/reply", item), fields("text", "A new table leg is on its way.", NULL), &r);
	assert_redirect(&r, ids("%s?done=mailed", item));
	th_response_free(&r);
	assert_rows("SELECT kind, text, ref_id = ?, created_by = ? FROM interactions WHERE client_id = ? ORDER BY id",
	            CXM_PARAMS(CXM_PINT(id), CXM_PINT(m.user_id), CXM_PINT(cl)),
	            "complaint|The table wobbles.|1|1\nmessage|A new table leg is on its way.|1|1\n");
	assert_rows("SELECT recipient, subject, body FROM outbox WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)),
	            "olga@example.com|flow-co: a reply to your feedback|A new table leg is on its way.\n");
	post(&m, ids("%s/status", item), fields("status", "resolved", NULL), &r);
	assert_redirect(&r, ids("%s?done=status", item));
	th_response_free(&r);
	assert_rows("SELECT status, replies, fcr, assignee_id = ?, first_response_at IS NOT NULL,"
	            " resolved_at IS NOT NULL FROM feedback WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(m.user_id), CXM_PINT(id)), "resolved|1|1|1|1|1\n");
	assert_rows("SELECT kind, old_value, new_value FROM feedback_events WHERE feedback_id = ? ORDER BY id",
	            CXM_PARAMS(CXM_PINT(id)),
	            ids("created|\\N|new\nstatus|new|in_progress\ncomment|\\N|\\N\nassign||%lld\nreply|\\N|\\N\n"
	                "status|in_progress|answered\nstatus|answered|resolved\n",
	                m.user_id));
	get(&m, ids("%s?done=status", item), &r);
	assert_status(&r, 200);
	assert_notice(&r, "ok", "The status has been changed.");
	assert_has(&r, "<tr data-field=\"fcr\"><th scope=\"row\">Resolved at first contact</th><td>Yes</td></tr>");
	assert_has(&r, "Asked the warehouse.");
	/* only "Reopen" is offered now, and no reply form */
	assert_has(&r, "<input type=\"hidden\" name=\"status\" value=\"in_progress\">");
	assert_lacks(&r, "/reject\"");
	assert_lacks(&r, "/reply\"");
	th_response_free(&r);
	/* rejecting is final, so it goes through a confirmation page */
	long long spam = insert_item(biz, 0, "web_form", "other", "new", 1, 0, 0, 0);
	get(&m, ids("/feedback/%lld", spam), &r);
	assert_has(&r, ids("href=\"/feedback/%lld/reject\"", spam));
	th_response_free(&r);
	get(&m, ids("/feedback/%lld/reject", spam), &r);
	assert_status(&r, 200);
	assert_has(&r, ids("<form class=\"form-stack\" method=\"post\" action=\"/feedback/%lld/reject\">", spam));
	th_response_free(&r);
	assert_rows("SELECT status FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(spam)), "new\n");
	post(&m, ids("/feedback/%lld/status", spam), fields("status", "rejected", NULL), &r);
	assert_status(&r, 400);
	th_response_free(&r);
	post(&m, ids("/feedback/%lld/reject", spam), fields(NULL), &r);
	assert_redirect(&r, ids("/feedback/%lld?done=status", spam));
	th_response_free(&r);
	assert_rows("SELECT status FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(spam)), "rejected\n");
	post(&m, ids("/feedback/%lld/reject", spam), fields(NULL), &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_NOT_ALLOWED);
	th_response_free(&r);
	/* the client's page lists the item */
	get(&m, ids("/clients/%lld", cl), &r);
	assert_status(&r, 200);
	assert_has(&r, ids("<li data-feedback=\"%lld\"><a href=\"/feedback/%lld\">#%lld</a>", id, id, id));
	th_response_free(&r);
	free(item);
}
END_TEST

/* The first response and resolution times shown on the page, computed on
 * fixed timestamps: received 2026-03-02 09:00 UTC, first reply 15:30 (6 h
 * 30 min), resolved 2026-03-04 10:15 (2 d 1 h 15 min). */
START_TEST(item_times)
{
	long long biz = make_business("times-co", "UTC", "BYN");
	struct client m;
	make_member(&m, biz, "m@times.example", "manager");
	long long id = sql_insert(
		"INSERT INTO feedback (business_id, channel, type, status, text, contact_name, received_at, sla_due_at,"
		" first_response_at, resolved_at, replies, fcr) VALUES (?, 'email', 'other', 'resolved', 'x', 'Ivan',"
		" '2026-03-02 09:00:00', '2026-03-03 09:00:00', '2026-03-02 15:30:00', '2026-03-04 10:15:00', 2, 0)",
		CXM_PARAMS(CXM_PINT(biz)));
	struct th_response r;
	get(&m, ids("/feedback/%lld", id), &r);
	assert_status(&r, 200);
	assert_has(&r, "<td>2026-03-02 15:30 (6 h 30 min)</td>");
	assert_has(&r, "<td>2026-03-04 10:15 (2 d 1 h 15 min)</td>");
	assert_has(&r, "<tr data-field=\"sla\"><th scope=\"row\">SLA</th><td>Met</td></tr>");
	assert_has(&r, "<tr data-field=\"fcr\"><th scope=\"row\">Resolved at first contact</th><td>No</td></tr>");
	th_response_free(&r);
	/* first reply 25 h after receipt: breached */
	sql_exec("UPDATE feedback SET first_response_at = '2026-03-03 10:00:00' WHERE id = ?", CXM_PARAMS(CXM_PINT(id)));
	get(&m, ids("/feedback/%lld", id), &r);
	assert_has(&r, "<td>2026-03-03 10:00 (1 d 1 h)</td>");
	assert_has(&r, "<td>Breached: the first reply came late</td>");
	th_response_free(&r);
}
END_TEST

/* ==== manual entry ========================================================== */

START_TEST(manual_entry_errors)
{
	long long biz = make_business("entry-co", "UTC", "BYN");
	long long biz_b = make_business("entry-b", "UTC", "BYN");
	struct client m;
	make_member(&m, biz, "m@entry.example", "manager");
	long long theirs = insert_client(biz_b, "Theirs", "t@example.com");
	struct th_response r;
	/* the lists are seeded the first time the form is shown */
	get(&m, "/feedback/new", &r);
	assert_status(&r, 200);
	th_response_free(&r);
	char *before = base_dump(biz);
	char *before_b = base_dump(biz_b);
	/* no client, no contact, no text, a rating of 7, a bad e-mail */
	post(&m, "/feedback/new",
	     fields("client", "", "contact_name", "", "contact_email", "", "channel", "shop", "rating", "7", "text", "",
	            NULL),
	     &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_CHECK);
	assert_field_error(&r, "contact_name", MSG_NAME);
	assert_field_error(&r, "contact_email", MSG_CONTACT);
	assert_field_error(&r, "rating", MSG_RATING);
	assert_field_error(&r, "text", MSG_TEXT);
	th_response_free(&r);
	post(&m, "/feedback/new",
	     fields("contact_name", "Pyotr", "contact_email", "not-an-address", "channel", "fax", "text", "Hello", NULL),
	     &r);
	assert_status(&r, 200);
	assert_field_error(&r, "contact_email", MSG_EMAIL);
	assert_field_error(&r, "channel", "Choose one of the listed values.");
	assert_input(&r, "contact_name", "Pyotr");
	assert_field_error(&r, "contact_name", NULL);
	th_response_free(&r);
	/* another business's client is not a client here */
	post(&m, "/feedback/new", fields("client", ids("%lld", theirs), "channel", "hotline", "text", "Hi", NULL), &r);
	assert_status(&r, 200);
	assert_field_error(&r, "client", MSG_NO_CLIENT);
	th_response_free(&r);
	assert_unchanged(before, biz, "refused entries");
	assert_unchanged(before_b, biz_b, "refused entries (business B)");
	free(before);
	free(before_b);
	/* a contact alone is enough; the e-mail is stored lower-cased */
	post(&m, "/feedback/new",
	     fields("contact_name", "Pyotr", "contact_email", "Pyotr@Example.COM", "channel", "shop", "text",
	            "Rude staff at the shop.", NULL),
	     &r);
	assert_status(&r, 303);
	th_response_free(&r);
	assert_rows("SELECT client_id, channel, contact_name, contact_email, text FROM feedback WHERE business_id = ?",
	            CXM_PARAMS(CXM_PINT(biz)), "\\N|shop|Pyotr|pyotr@example.com|Rude staff at the shop.\n");
	/* the client search finds by name prefix and by e-mail */
	long long kira = insert_client(biz, "Kira Lebedeva", "kira@example.com");
	get(&m, "/feedback/new?q=Kir", &r);
	assert_has(&r, ids("<li data-id=\"%lld\"><a href=\"/feedback/new?client=%lld\">Kira Lebedeva</a>", kira, kira));
	th_response_free(&r);
	get(&m, "/feedback/new?q=KIRA%40example.com", &r);
	assert_has(&r, ids("<li data-id=\"%lld\">", kira));
	th_response_free(&r);
	get(&m, "/feedback/new?q=Theirs", &r);
	assert_lacks(&r, ids("<li data-id=\"%lld\">", theirs));
	th_response_free(&r);
}
END_TEST

/* ==== the public form ======================================================= */

/* A visitor's browser: its CSRF cookie and the form's csrf and key. */
struct visitor {
	char cookie[128];
	char *csrf, *key;
};

static void visit_form(struct visitor *v, const char *path)
{
	struct th_response r;
	http("GET", path, NULL, NULL, &r);
	assert_status(&r, 200);
	char *set = th_header(&r, "Set-Cookie");
	ck_assert_ptr_nonnull(set);
	snprintf(v->cookie, sizeof(v->cookie), "%.*s", (int)strcspn(set, ";"), set);
	free(set);
	v->csrf = input_value(r.body, "csrf");
	v->key = input_value(r.body, "key");
	ck_assert_ptr_nonnull(v->csrf);
	ck_assert_ptr_nonnull(v->key);
	th_response_free(&r);
}

static void visitor_post(const struct visitor *v, const char *path, struct text f, const char *key,
                         struct th_response *r)
{
	form_add(&f, "csrf", v->csrf);
	form_add(&f, "key", key ? key : v->key);
	http("POST", path, v->cookie, f.s, r);
	free(f.s);
}

START_TEST(public_form)
{
	long long biz = make_business("shop-a", "UTC", "BYN");
	long long biz_b = make_business("shop-b", "UTC", "BYN");
	long long cl = insert_client(biz, "Nina", "nina@example.com");
	insert_client(biz_b, "Nina elsewhere", "nina@example.com");
	struct th_response r;
	http("GET", "/b/no-such-shop/feedback", NULL, NULL, &r);
	assert_status(&r, 404);
	th_response_free(&r);
	struct visitor v, vb;
	visit_form(&v, "/b/shop-a/feedback");
	visit_form(&vb, "/b/shop-b/feedback");
	char *before = base_dump(biz), *before_b = base_dump(biz_b);
	/* too quick after the form was handed out */
	visitor_post(&v, "/b/shop-a/feedback", fields("name", "Nina", "email", "nina@example.com", "text", "Hi", NULL),
	             NULL, &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_QUICK);
	th_response_free(&r);
	sleep(3);
	/* bad input: reasons next to the fields, nothing stored */
	visitor_post(&v, "/b/shop-a/feedback", fields("name", "", "email", "", "phone", "", "rating", "9", "text", "",
	                                              NULL),
	             NULL, &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_PUBLIC_CHECK);
	assert_field_error(&r, "name", MSG_NAME);
	assert_field_error(&r, "email", MSG_CONTACT);
	assert_field_error(&r, "rating", MSG_RATING);
	assert_field_error(&r, "text", MSG_TEXT);
	th_response_free(&r);
	visitor_post(&v, "/b/shop-a/feedback", fields("name", "Nina", "email", "nina@", "text", "Hi", NULL), NULL, &r);
	assert_field_error(&r, "email", MSG_EMAIL);
	assert_input(&r, "name", "Nina");
	th_response_free(&r);
	/* no CSRF token: 403 */
	http("POST", "/b/shop-a/feedback", v.cookie, "name=N&email=n%40example.com&text=x", &r);
	assert_status(&r, 403);
	th_response_free(&r);
	/* business B's key on A's form: refused */
	visitor_post(&v, "/b/shop-a/feedback", fields("name", "Nina", "email", "nina@example.com", "text", "Hi", NULL),
	             vb.key, &r);
	assert_notice(&r, "error", MSG_EXPIRED);
	th_response_free(&r);
	/* the hidden field filled in (a robot): thanked, dropped */
	visitor_post(&v, "/b/shop-a/feedback",
	             fields("name", "Bot", "email", "bot@example.com", "text", "Buy now", "website", "http://spam", NULL),
	             NULL, &r);
	assert_redirect(&r, "/b/shop-a/feedback/thanks");
	th_response_free(&r);
	assert_unchanged(before, biz, "refused public posts");
	assert_unchanged(before_b, biz_b, "refused public posts (business B)");
	free(before);
	free(before_b);

	/* a good one: an item of A only, web_form, matched to A's client Nina by
	 * her e-mail in any case, then the thank-you page */
	visitor_post(&v, "/b/shop-a/feedback",
	             fields("name", "Nina", "email", "NINA@example.com", "phone", "", "rating", "4", "text",
	                    "Lovely sofa, slow delivery.", NULL),
	             NULL, &r);
	assert_redirect(&r, "/b/shop-a/feedback/thanks");
	th_response_free(&r);
	assert_rows("SELECT client_id = ?, channel, type, status, rating, contact_name, contact_email, remote_addr, text"
	            " FROM feedback WHERE business_id = ?",
	            CXM_PARAMS(CXM_PINT(cl), CXM_PINT(biz)),
	            "1|web_form|other|new|4|Nina|nina@example.com|127.0.0.1|Lovely sofa, slow delivery.\n");
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM feedback WHERE business_id = ?", biz_b), 0);
	http("GET", "/b/shop-a/feedback/thanks", v.cookie, NULL, &r);
	assert_status(&r, 200);
	assert_has(&r, "Thank you!");
	th_response_free(&r);
	/* no client with that e-mail: an item with the contact alone */
	visitor_post(&v, "/b/shop-a/feedback", fields("name", "Stranger", "phone", "+375 29 111-22-33", "text", "Hello",
	                                              NULL),
	             NULL, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	assert_rows("SELECT client_id, contact_phone FROM feedback WHERE business_id = ? AND contact_name = 'Stranger'",
	            CXM_PARAMS(CXM_PINT(biz)), "\\N|+375291112233\n");
	free(v.csrf);
	free(v.key);
	free(vb.csrf);
	free(vb.key);
}
END_TEST

/* At most 10 items an hour come from one address. */
START_TEST(public_throttle)
{
	long long biz = make_business("busy-shop", "UTC", "BYN");
	struct visitor v;
	visit_form(&v, "/b/busy-shop/feedback");
	for (int i = 0; i < 10; i++)
		insert_item(biz, 0, "web_form", "other", "new", 0, 0, 0, 0);
	sql_exec("UPDATE feedback SET remote_addr = '127.0.0.1' WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	sleep(3);
	struct th_response r;
	visitor_post(&v, "/b/busy-shop/feedback", fields("name", "N", "email", "n@example.com", "text", "x", NULL), NULL,
	             &r);
	assert_status(&r, 429);
	th_response_free(&r);
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM feedback WHERE business_id = ?", biz), 10);
	/* forget them so that other tests' posts are not throttled */
	sql_exec("UPDATE feedback SET remote_addr = NULL WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	free(v.csrf);
	free(v.key);
}
END_TEST

/* ==== counts and shares ===================================================== */

/* 200 items in March 2026 in the proportions of document 003 (hotline 54 =
 * 27 %, survey 36 = 18 %, internet reviews 26 = 13 %, e-mail 24 = 12 %, web
 * form 20 = 10 %, social networks 20 = 10 %, messengers 14 = 7 %, shop 5 =
 * 2.5 %, post 1 = 0.5 %), plus one in April and one of another business
 * that must not count. */
START_TEST(counts_exact)
{
	long long biz = make_business("counts-co", "UTC", "BYN");
	long long biz_b = make_business("counts-b", "UTC", "BYN");
	struct client an;
	make_member(&an, biz, "a@counts.example", "analyst");
	static const struct {
		const char *channel;
		int n;
	} mix[] = {
		{"hotline", 54}, {"survey", 36}, {"internet_review", 26}, {"email", 24}, {"web_form", 20},
		{"social", 20},  {"messenger", 14}, {"shop", 5},         {"post", 1},
	};
	int k = 0;
	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		for (int j = 0; j < mix[i].n; j++, k++)
			/* types by k = 0..199: k % 4 == 0 product quality (50), odd k
			 * service quality (100), the other even k other (50) */
			sql_exec("INSERT INTO feedback (business_id, channel, type, text, received_at, sla_due_at)"
			         " VALUES (?, ?, ?, 'x', '2026-03-01 00:00:00' + INTERVAL ? MINUTE,"
			         " '2026-03-02 00:00:00' + INTERVAL ? MINUTE)",
			         CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(mix[i].channel),
			                    CXM_PSTR(k % 4 == 0 ? "product_quality" : k % 2 ? "service_quality" : "other"),
			                    CXM_PINT(k * 200), CXM_PINT(k * 200)));
	sql_exec("INSERT INTO feedback (business_id, channel, text, received_at, sla_due_at) VALUES"
	         " (?, 'post', 'x', '2026-04-01 00:00:00', '2026-04-02 00:00:00')",
	         CXM_PARAMS(CXM_PINT(biz)));
	sql_exec("INSERT INTO feedback (business_id, channel, text, received_at, sla_due_at) VALUES"
	         " (?, 'post', 'x', '2026-03-05 00:00:00', '2026-03-06 00:00:00')",
	         CXM_PARAMS(CXM_PINT(biz_b)));
	struct th_response r;
	get(&an, "/feedback/report?from=2026-03-01&to=2026-03-31", &r);
	assert_status(&r, 200);
	assert_has(&r, "<span id=\"total\">200</span>");
	static const char *const rows[] = {
		"<tr><th scope=\"row\">Hotline call</th><td class=\"number\">54</td><td class=\"number\">27.0</td></tr>",
		"<tr><th scope=\"row\">Survey</th><td class=\"number\">36</td><td class=\"number\">18.0</td></tr>",
		"<tr><th scope=\"row\">Internet review</th><td class=\"number\">26</td><td class=\"number\">13.0</td></tr>",
		"<tr><th scope=\"row\">E-mail</th><td class=\"number\">24</td><td class=\"number\">12.0</td></tr>",
		"<tr><th scope=\"row\">Web form</th><td class=\"number\">20</td><td class=\"number\">10.0</td></tr>",
		"<tr><th scope=\"row\">Social network</th><td class=\"number\">20</td><td class=\"number\">10.0</td></tr>",
		"<tr><th scope=\"row\">Messenger</th><td class=\"number\">14</td><td class=\"number\">7.0</td></tr>",
		"<tr><th scope=\"row\">Shop</th><td class=\"number\">5</td><td class=\"number\">2.5</td></tr>",
		"<tr><th scope=\"row\">Post</th><td class=\"number\">1</td><td class=\"number\">0.5</td></tr>",
		/* by type: 50 = 25.0 %, 100 = 50.0 %, 50 = 25.0 % */
		"<tr><th scope=\"row\">Product quality</th><td class=\"number\">50</td><td class=\"number\">25.0</td></tr>",
		"<tr><th scope=\"row\">Service quality</th><td class=\"number\">100</td><td class=\"number\">50.0</td></tr>",
		"<tr><th scope=\"row\">Other</th><td class=\"number\">50</td><td class=\"number\">25.0</td></tr>",
		"<tr><th scope=\"row\">Paperwork and settlements</th><td class=\"number\">0</td><td class=\"number\">0.0</td></tr>",
		/* the bars: the longest (54) is 300 wide, shop 5 * 300 / 54 = 27.8 -> 27 */
		"<title>Hotline call: 54 (27.0 %)</title>",
		"<rect x=\"340\" y=\"2\" width=\"300\" height=\"20\"></rect>",
		"<title>Shop: 5 (2.5 %)</title>",
		"<rect x=\"340\" y=\"184\" width=\"27\" height=\"20\"></rect>",
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_has(&r, rows[i]);
	assert_before(&r, "id=\"counts-channel\"", "id=\"counts-type\"");
	th_response_free(&r);
	/* all time: 201, post 2 / 201 = 0.995 % -> 1.0 % */
	get(&an, "/feedback/report", &r);
	assert_has(&r, "<span id=\"total\">201</span>");
	assert_has(&r, "<tr><th scope=\"row\">Post</th><td class=\"number\">2</td><td class=\"number\">1.0</td></tr>");
	th_response_free(&r);
}
END_TEST

/* ==== tenancy ================================================================ */

START_TEST(tenancy)
{
	long long a = make_business("ten-a", "UTC", "BYN");
	long long b = make_business("ten-b", "UTC", "BYN");
	struct client ma, mb, admin_a;
	make_member(&ma, a, "m@ten-a.example", "manager");
	make_member(&admin_a, a, "admin@ten-a.example", "admin");
	make_member(&mb, b, "m@ten-b.example", "manager");
	long long cb = insert_client(b, "B's client", "bc@example.com");
	long long dept_b = sql_insert("INSERT INTO feedback_departments (business_id, name) VALUES (?, 'B dept')",
	                              CXM_PARAMS(CXM_PINT(b)));
	long long item_b = insert_item(b, cb, "email", "other", "new", 1, 0, mb.user_id, dept_b);
	long long item_a = insert_item(a, 0, "email", "other", "new", 1, 0, 0, 0);
	struct th_response r;
	get(&ma, "/feedback", &r);   /* seeds A's lists */
	th_response_free(&r);
	char *before_b = base_dump(b);
	char *before_a = base_dump(a);
	get(&ma, ids("/feedback/%lld", item_b), &r);
	assert_status(&r, 404);
	assert_lacks(&r, "Inserted item");
	th_response_free(&r);
	const char *posts[][3] = {
		{"status", "status", "in_progress"}, {"reply", "text", "hello"}, {"comment", "text", "hello"},
		{"assign", "assignee", NULL},        {"classify", "type", "other"},
	};
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		struct text f = posts[i][2] ? fields(posts[i][1], posts[i][2], NULL)
		                            : fields(posts[i][1], ids("%lld", ma.user_id), NULL);
		if (strcmp(posts[i][0], "classify") == 0)
			form_add(&f, "priority", "high");
		post(&ma, ids("/feedback/%lld/%s", item_b, posts[i][0]), f, &r);
		ck_assert_msg(r.status == 404, "POST %s on B's item: %d", posts[i][0], r.status);
		th_response_free(&r);
	}
	/* A's item may not be moved to B's department, nor given to B's manager */
	post(&ma, ids("/feedback/%lld/classify", item_a),
	     fields("type", "other", "priority", "high", "department", ids("%lld", dept_b), NULL), &r);
	assert_status(&r, 200);
	th_response_free(&r);
	post(&ma, ids("/feedback/%lld/assign", item_a), fields("assignee", ids("%lld", mb.user_id), NULL), &r);
	assert_status(&r, 200);
	th_response_free(&r);
	/* B's items, clients and departments are not in A's inbox or filters */
	assert_listed(&ma, "/feedback", ids("%lld", item_a));
	assert_listed(&ma, ids("/feedback?client=%lld", cb), "");
	assert_listed(&ma, ids("/feedback?department=%lld", dept_b), "");
	assert_listed(&ma, ids("/feedback?assignee=%lld", mb.user_id), "");
	get(&ma, "/feedback", &r);
	assert_lacks(&r, "B dept");
	th_response_free(&r);
	/* B's list entries cannot be renamed or removed from A */
	post(&admin_a, ids("/admin/feedback-departments/%lld", dept_b), fields("name", "Taken over", NULL), &r);
	assert_status(&r, 404);
	th_response_free(&r);
	get(&admin_a, ids("/admin/feedback-departments/%lld/delete", dept_b), &r);
	assert_status(&r, 404);
	th_response_free(&r);
	post(&admin_a, ids("/admin/feedback-departments/%lld/delete", dept_b), fields(NULL), &r);
	assert_status(&r, 404);
	th_response_free(&r);
	assert_unchanged(before_b, b, "business A's requests");
	assert_unchanged(before_a, a, "refused requests in A");
	free(before_b);
	free(before_a);
}
END_TEST

/* ==== the lists ============================================================== */

START_TEST(admin_lists)
{
	long long biz = make_business("lists-co", "UTC", "BYN");
	sql_exec("UPDATE businesses SET locale = 'en' WHERE id = ?", CXM_PARAMS(CXM_PINT(biz)));
	struct client admin, m;
	make_member(&admin, biz, "admin@lists.example", "admin");
	make_member(&m, biz, "m@lists.example", "manager");
	struct th_response r;
	get(&m, "/admin/feedback-lists", &r);
	assert_status(&r, 403);
	th_response_free(&r);
	get(&admin, "/admin/feedback-lists", &r);
	assert_status(&r, 200);
	assert_has(&r, "value=\"Transport logistics\"");
	assert_has(&r, "value=\"Upholstery pilling\"");
	th_response_free(&r);
	assert_rows("SELECT name FROM feedback_departments WHERE business_id = ? ORDER BY name", CXM_PARAMS(CXM_PINT(biz)),
	            "Distribution centres\nSales\nSuppliers\nTransport logistics\n");
	post(&admin, "/admin/feedback-lists", fields("list", "department", "name", "Warehouse", NULL), &r);
	assert_redirect(&r, "/admin/feedback-lists?done=added");
	th_response_free(&r);
	post(&admin, "/admin/feedback-lists", fields("list", "department", "name", "Warehouse", NULL), &r);
	assert_status(&r, 200);
	assert_field_error_from(&r, "id=\"new-department\"", "name", MSG_LIST_TAKEN);
	th_response_free(&r);
	long long wh = sql_int("SELECT id FROM feedback_departments WHERE business_id = ? AND name = 'Warehouse'",
	                       CXM_PARAMS(CXM_PINT(biz)), 0);
	post(&admin, ids("/admin/feedback-departments/%lld", wh), fields("name", "Warehouse 2", NULL), &r);
	assert_redirect(&r, "/admin/feedback-lists?done=renamed");
	th_response_free(&r);
	long long it = insert_item(biz, 0, "email", "other", "new", 1, 0, 0, wh);
	get(&admin, ids("/admin/feedback-departments/%lld/delete", wh), &r);
	assert_status(&r, 200);
	assert_has(&r, "1 feedback item has this value; it keeps everything else and shows the value as not set.");
	th_response_free(&r);
	post(&admin, ids("/admin/feedback-departments/%lld/delete", wh), fields(NULL), &r);
	assert_redirect(&r, "/admin/feedback-lists?done=removed");
	th_response_free(&r);
	assert_rows("SELECT department_id, text FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(it)),
	            "\\N|Inserted item\n");
	char *audit = audit_of(biz);
	const char *want = ids("feedback_list_added|%lld|department: Warehouse|\n"
	                       "feedback_list_renamed|%lld|department: Warehouse 2|Warehouse -> Warehouse 2\n"
	                       "feedback_list_removed|%lld|department: Warehouse 2|\n",
	                       admin.user_id, admin.user_id, admin.user_id);
	ck_assert_msg(strcmp(audit, want) == 0, "audit:\n%s\nexpected:\n%s", audit, want);
	free(audit);
}
END_TEST

/* The pages in Russian: a user whose language is ru, a visitor whose
 * browser asks for it. */
START_TEST(russian_pages)
{
	long long biz = make_business("ru-shop", "Europe/Moscow", "RUB");
	struct client m;
	make_member(&m, biz, "m@ru.example", "admin");
	sql_exec("UPDATE users SET language = 'ru' WHERE id = ?", CXM_PARAMS(CXM_PINT(m.user_id)));
	long long it = insert_item(biz, 0, "hotline", "product_quality", "new", 30, 0, 0, 0);
	struct th_response r;
	const struct {
		const char *path, *text;
	} pages[] = {
		{"/feedback", "Звонок на горячую линию"},
		{"/feedback/report", "Обращения по каналам и типам"},
		{"/feedback/new", "Записать обращение"},
		{"/admin/feedback-lists", "Подразделения"},
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		get(&m, pages[i].path, &r);
		assert_status(&r, 200);
		assert_has(&r, pages[i].text);
		th_response_free(&r);
	}
	get(&m, ids("/feedback/%lld", it), &r);
	assert_status(&r, 200);
	assert_has(&r, ids("Обращение №%lld", it));
	assert_has(&r, "просрочено");
	th_response_free(&r);
	ck_assert_int_eq(th_http(stack.port, "GET", "/b/ru-shop/feedback", "Accept-Language: ru\r\n", NULL, 0, &r), 0);
	assert_status(&r, 200);
	assert_has(&r, "Ваше сообщение");
	th_response_free(&r);
}
END_TEST

static Suite *feedback_suite(void)
{
	Suite *s = suite_create("http_feedback");
	TCase *tc = tcase_create("feedback");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, inbox_order_and_filters);
	tcase_add_test(tc, inbox_pages);
	tcase_add_test(tc, item_workflow);
	tcase_add_test(tc, item_times);
	tcase_add_test(tc, manual_entry_errors);
	tcase_add_test(tc, public_form);
	tcase_add_test(tc, public_throttle);
	tcase_add_test(tc, counts_exact);
	tcase_add_test(tc, tenancy);
	tcase_add_test(tc, admin_lists);
	tcase_add_test(tc, russian_pages);
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
	SRunner *sr = srunner_create(feedback_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int rc = th_stack_stop(&stack);
	if (rc != 0) {
		fprintf(stderr, "cxm-fcgi exited with status %d at shutdown (log: %s)\n", rc, stack.log);
		failed++;
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
