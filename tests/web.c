/* What the HTTP suites share (see web.h): the helpers each suite used to
 * carry its own copy of, over the state in `tw` that the suite sets up.
 * Failures go through Check's assertions, so they abort the running test. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "web.h"

struct tw_ctx tw;

void tw_open(const struct th_stack *s)
{
	tw.db = th_db_connect(s->dsn);
	tw.arena = cxm_arena_new(1 << 16);
	tw.port = s->port;
}

void tw_close(void)
{
	cxm_db_close(tw.db);
	cxm_arena_free(tw.arena);
	tw = (struct tw_ctx){0};
}

int tw_run(Suite *s, struct th_stack *stack)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int rc = th_stack_stop(stack);
	if (rc != 0) {
		fprintf(stderr, "cxm-fcgi exited with status %d at shutdown (log: %s)\n", rc, stack->log);
		failed++;
	}
	return failed;
}

/* ---- SQL ------------------------------------------------------------------ */

void tw_sql_exec(const char *sql, const struct cxm_param *p, size_t n)
{
	enum cxm_err rc = cxm_db_exec(tw.db, sql, p, n, NULL, NULL);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(tw.db));
}

long long tw_sql_insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	enum cxm_err rc = cxm_db_exec(tw.db, sql, p, n, NULL, &id);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(tw.db));
	return (long long)id;
}

long long tw_sql_int(const char *sql, const struct cxm_param *p, size_t n, long long def)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(tw.db, tw.arena, sql, p, n, &r);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(tw.db));
	long long v = r.nrows ? cxm_rows_int(&r, 0, 0, def) : def;
	cxm_arena_reset(tw.arena);
	return v;
}

char *tw_sql_text(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(tw.db, tw.arena, sql, p, n, &r);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(tw.db));
	const char *v = r.nrows ? cxm_rows_get(&r, 0, 0) : NULL;
	char *out = v ? strdup(v) : NULL;
	cxm_arena_reset(tw.arena);
	return out;
}

char *tw_sql_rows(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(tw.db, tw.arena, sql, p, n, &r);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(tw.db));
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	for (size_t i = 0; i < r.nrows; i++) {
		for (size_t c = 0; c < r.ncols; c++) {
			const char *cell = r.cells[i * r.ncols + c];
			size_t len = r.lens[i * r.ncols + c];
			if (c)
				tw_text_add(&t, "|", 1);
			if (!cell) {
				tw_text_add(&t, "\\N", 2);
				continue;
			}
			int plain = 1;
			for (size_t k = 0; k < len; k++)
				if ((unsigned char)cell[k] < 0x20 || cell[k] == '|' || cell[k] == 0x7f)
					plain = 0;
			if (plain) {
				tw_text_add(&t, cell, len);
			} else {
				tw_text_add(&t, "0x", 2);
				for (size_t k = 0; k < len; k++)
					tw_text_printf(&t, "%02x", (unsigned char)cell[k]);
			}
		}
		tw_text_add(&t, "\n", 1);
	}
	cxm_arena_reset(tw.arena);
	return t.s;
}

void tw_assert_rows(const char *sql, const struct cxm_param *p, size_t n, const char *want)
{
	char *got = tw_sql_rows(sql, p, n);
	ck_assert_msg(strcmp(got, want) == 0, "%s\ngot:\n%s\nexpected:\n%s", sql, got, want);
	free(got);
}

char *tw_dump(const char *const *queries, size_t nq, const struct cxm_param *p, size_t n)
{
	struct tw_text t = {0};
	for (size_t i = 0; i < nq; i++) {
		char *d = tw_sql_rows(queries[i], p, n);
		tw_text_printf(&t, "-- %s\n%s", queries[i], d);
		free(d);
	}
	return t.s;
}

void tw_assert_same_dump(const char *before, const char *after, const char *what)
{
	size_t i = 0;
	while (before[i] && before[i] == after[i])
		i++;
	while (i > 0 && before[i - 1] != '\n')
		i--;
	ck_assert_msg(strcmp(before, after) == 0,
	              "%s changed the database; from the first difference:\nbefore:\n%.1500s\n"
	              "after:\n%.1500s",
	              what, before + i, after + i);
}

char *tw_audit_of(long long biz)
{
	return tw_sql_rows("SELECT action, actor_id, target, detail FROM audit_log WHERE business_id = ?"
	                   " ORDER BY id",
	                   CXM_PARAMS(CXM_PINT(biz)));
}

/* ---- text ----------------------------------------------------------------- */

void tw_text_add(struct tw_text *t, const void *data, size_t n)
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

void tw_text_printf(struct tw_text *t, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	tw_text_add(t, s, (size_t)n);
	free(s);
}

void tw_urlencode(struct tw_text *t, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~')
			tw_text_add(t, p, 1);
		else
			tw_text_printf(t, "%%%02X", *p);
	}
}

void tw_form_add(struct tw_text *t, const char *name, const char *value)
{
	if (t->len)
		tw_text_add(t, "&", 1);
	tw_urlencode(t, name);
	tw_text_add(t, "=", 1);
	tw_urlencode(t, value);
}

struct tw_text tw_fields(const char *name, ...)
{
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	va_list ap;
	va_start(ap, name);
	for (const char *n = name; n; n = va_arg(ap, const char *))
		tw_form_add(&t, n, va_arg(ap, const char *));
	va_end(ap);
	return t;
}

char *tw_esc(const char *s)
{
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	for (; *s; s++) {
		switch (*s) {
		case '&': tw_text_add(&t, "&amp;", 5); break;
		case '<': tw_text_add(&t, "&lt;", 4); break;
		case '>': tw_text_add(&t, "&gt;", 4); break;
		case '"': tw_text_add(&t, "&quot;", 6); break;
		case '\'': tw_text_add(&t, "&#39;", 5); break;
		default: tw_text_add(&t, s, 1);
		}
	}
	return t.s;
}

/* ---- tokens ----------------------------------------------------------------- */

void tw_random_token(char out[TW_TOKEN_CHARS + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TW_TOKEN_CHARS + 1, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void tw_token_hash(const char *token, unsigned char hash[32])
{
	unsigned char raw[32];
	size_t len = 0;
	ck_assert_int_eq(sodium_base642bin(raw, 32, token, TW_TOKEN_CHARS, NULL, &len, NULL,
	                                   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	                 0);
	ck_assert_int_eq(crypto_generichash(hash, 32, raw, sizeof(raw), NULL, 0), 0);
}

/* ---- accounts ----------------------------------------------------------------- */

long long tw_make_business(const char *slug, const char *tz, const char *currency)
{
	return tw_sql_insert("INSERT INTO businesses (slug, name, timezone, currency) VALUES (?, ?, ?, ?)",
	                     CXM_PARAMS(CXM_PSTR(slug), CXM_PSTR(slug), CXM_PSTR(tz), CXM_PSTR(currency)));
}

void tw_make_member(struct tw_client *c, long long biz, const char *email, const char *role)
{
	c->user_id = tw_sql_insert("INSERT INTO users (email, name, language) VALUES (?, ?, 'en')",
	                           CXM_PARAMS(CXM_PSTR(email), CXM_PSTR(email)));
	tw_sql_exec("INSERT INTO memberships (business_id, user_id, role) VALUES (?, ?, ?)",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c->user_id), CXM_PSTR(role)));
	unsigned char hash[32];
	tw_random_token(c->token);
	tw_random_token(c->csrf);
	tw_token_hash(c->token, hash);
	snprintf(c->cookie, sizeof(c->cookie), "cxm_session=%s", c->token);
	tw_sql_insert("INSERT INTO sessions (token_hash, user_id, business_id, csrf_token, created_at,"
	              " last_seen_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
	              CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PINT(c->user_id), CXM_PINT(biz),
	                         CXM_PSTR(c->csrf)));
}

/* ---- HTTP ------------------------------------------------------------------ */

const char *tw_page_main(const char *body)
{
	const char *m = strstr(body, "<main");
	return m ? m : body;
}

void tw_http(const char *method, const char *path, const char *cookies, const char *body,
             struct th_response *r)
{
	char headers[1024];
	snprintf(headers, sizeof(headers), "Accept-Language: en\r\n%s%s%s%s", cookies ? "Cookie: " : "",
	         cookies ? cookies : "", cookies ? "\r\n" : "",
	         body ? "Content-Type: application/x-www-form-urlencoded\r\n" : "");
	ck_assert_msg(th_http(tw.port, method, path, headers, body, body ? strlen(body) : 0, r) == 0,
	              "%s %s: no response", method, path);
}

void tw_get(const struct tw_client *c, const char *path, struct th_response *r)
{
	tw_http("GET", path, c ? c->cookie : NULL, NULL, r);
}

void tw_post(const struct tw_client *c, const char *path, struct tw_text f, struct th_response *r)
{
	tw_form_add(&f, "csrf", c->csrf);
	tw_http("POST", path, c->cookie, f.s, r);
	free(f.s);
}

/* ---- assertions ------------------------------------------------------------- */

void tw_assert_status_at(const struct th_response *r, int status, int line)
{
	ck_assert_msg(r->status == status, "line %d: status %d, expected %d:\n%s\n" TW_PAGE, line,
	              r->status, status, r->head, tw_page_main(r->body));
}

void tw_assert_redirect(const struct th_response *r, const char *location)
{
	tw_assert_status(r, 303);
	char *v = th_header(r, "Location");
	ck_assert_msg(v && strcmp(v, location) == 0, "Location %s, expected %s", v ? v : "(none)", location);
	free(v);
}

void tw_assert_header(const struct th_response *r, const char *name, const char *want)
{
	char *v = th_header(r, name);
	ck_assert_msg(v != NULL, "header %s missing in:\n%s", name, r->head);
	ck_assert_str_eq(v, want);
	free(v);
}

char *tw_set_cookie(const struct th_response *r, const char *name, int *count)
{
	char *last = NULL;
	size_t n = strlen(name);
	*count = 0;
	for (const char *line = strstr(r->head, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
		const char *h = line + 2;
		if (strncasecmp(h, "Set-Cookie:", 11) != 0)
			continue;
		const char *v = h + 11;
		while (*v == ' ')
			v++;
		if (strncmp(v, name, n) != 0 || v[n] != '=')
			continue;
		(*count)++;
		free(last);
		last = strndup(v, strcspn(v, "\r\n"));
	}
	return last;
}

void tw_assert_no_session_cookie(const struct th_response *r)
{
	int n;
	char *c = tw_set_cookie(r, "cxm_session", &n);
	ck_assert_msg(n == 0, "unexpected session cookie: %s", c);
	free(c);
}

void tw_assert_has(const struct th_response *r, const char *needle)
{
	ck_assert_msg(strstr(r->body, needle) != NULL, "body lacks \"%s\":\n" TW_PAGE, needle,
	              tw_page_main(r->body));
}

void tw_assert_lacks(const struct th_response *r, const char *needle)
{
	ck_assert_msg(strstr(r->body, needle) == NULL, "body has \"%s\":\n" TW_PAGE, needle,
	              tw_page_main(r->body));
}

void tw_assert_notice(const struct th_response *r, const char *kind, const char *text)
{
	char *e = tw_esc(text);
	char a[2048], b[2048];
	snprintf(a, sizeof(a), "<p class=\"notice notice-%s\" role=\"status\">%s</p>", kind, e);
	snprintf(b, sizeof(b), "<p class=\"notice notice-%s\" role=\"alert\">%s</p>", kind, e);
	ck_assert_msg(strstr(r->body, a) || strstr(r->body, b), "no %s notice \"%s\" in:\n" TW_PAGE, kind,
	              e, tw_page_main(r->body));
	free(e);
}

void tw_assert_before(const struct th_response *r, const char *first, const char *second)
{
	const char *a = strstr(r->body, first), *b = strstr(r->body, second);
	ck_assert_msg(a && b && a < b, "\"%s\" is not before \"%s\"", first, second);
}

char *tw_field_error_from(const char *body, const char *from, const char *name)
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

void tw_assert_field_error_from(const struct th_response *r, const char *from, const char *name,
                                const char *msg)
{
	char *got = tw_field_error_from(r->body, from, name);
	char *want = msg ? tw_esc(msg) : NULL;
	ck_assert_msg((!got && !want) || (got && want && strcmp(got, want) == 0),
	              "next to \"%s\": \"%s\", expected \"%s\" in:\n" TW_PAGE, name, got ? got : "(nothing)",
	              want ? want : "(nothing)", tw_page_main(r->body));
	free(got);
	free(want);
}

void tw_assert_field_error(const struct th_response *r, const char *name, const char *msg)
{
	tw_assert_field_error_from(r, NULL, name, msg);
}

char *tw_input_value(const char *body, const char *name)
{
	char needle[128];
	snprintf(needle, sizeof(needle), "name=\"%s\" value=\"", name);
	const char *at = strstr(body, needle);
	if (!at)
		return NULL;
	at += strlen(needle);
	return strndup(at, strcspn(at, "\""));
}

void tw_assert_input(const struct th_response *r, const char *name, const char *value)
{
	char *got = tw_input_value(r->body, name);
	char *want = tw_esc(value);
	ck_assert_msg(got && strcmp(got, want) == 0, "input %s has \"%s\", expected \"%s\"", name,
	              got ? got : "(none)", want);
	free(got);
	free(want);
}

size_t tw_page_ids(const char *body, int entries, long long *ids, size_t max)
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

char *tw_rel_link(const char *body, const char *rel)
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
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	for (const char *p = start; p < end; p++) {
		if (strncmp(p, "&amp;", 5) == 0) {
			tw_text_add(&t, "&", 1);
			p += 4;
		} else {
			tw_text_add(&t, p, 1);
		}
	}
	return t.s;
}
