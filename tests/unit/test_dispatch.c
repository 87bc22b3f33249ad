/* The order of checks every request goes through (core/dispatch.c), driven
 * without a FastCGI connection: a route table of test handlers, parameters
 * from an array, the body from a string. Uses the project's real templates
 * and the built catalogues, so error pages are checked as visitors see
 * them: status, Russian text, the detail line, and that handlers are not
 * called when a request is rejected before them. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "conf.h"
#include "dispatch.h"
#include "http.h"
#include "i18n.h"
#include "page.h"
#include "route.h"
#include "tmpl.h"

static struct cxm_config cfg;
static struct cxm_arena *a;
static int handler_calls;

/* Parameters as NULL-terminated name/value pairs. */
static const char *param(void *ctx, const char *name)
{
	const char *const *p = ctx;
	for (; p[0]; p += 2)
		if (strcmp(p[0], name) == 0)
			return p[1];
	return NULL;
}

struct body {
	const char *data;
	size_t off;
	int reads;
};

static long body_read(void *ctx, char *buf, size_t n)
{
	struct body *b = ctx;
	b->reads++;
	size_t left = strlen(b->data) - b->off;
	if (n > left)
		n = left;
	memcpy(buf, b->data + b->off, n);
	b->off += n;
	return (long)n;
}

static int h_ok(struct cxm_req *req)
{
	handler_calls++;
	cxm_buf_puts(&req->out, "fine");
	return 200;
}

static int h_fail(struct cxm_req *req)
{
	(void)req;
	handler_calls++;
	return 500;
}

static int h_forbidden(struct cxm_req *req)
{
	(void)req;
	handler_calls++;
	return 403;
}

/* A form route: shows each field's validity instead of a 400 page. */
static int h_form(struct cxm_req *req)
{
	handler_calls++;
	const struct cxm_field *f = cxm_field(req, 0);
	cxm_buf_printf(&req->out, "valid=%d error=%s", f->valid, f->error ? f->error : "-");
	return 200;
}

static const struct cxm_field_spec n_field[] = {
	{"n", CXM_V_INT, CXM_F_REQUIRED, 1, 10, NULL},
};

static const struct cxm_route routes[] = {
	{CXM_GET, "/ok", h_ok, NULL, 0, 0, CXM_PUBLIC},
	{CXM_GET, "/fail", h_fail, NULL, 0, 0, CXM_PUBLIC},
	{CXM_GET, "/forbidden", h_forbidden, NULL, 0, 0, CXM_PUBLIC},
	{CXM_POST, "/number", h_ok, n_field, 1, 0, CXM_PUBLIC},
	{CXM_POST, "/form", h_form, n_field, 1, CXM_R_FORM, CXM_PUBLIC},
	{CXM_GET, "/private/{x}", h_ok, NULL, 0, 0, CXM_ANALYST},
	{CXM_GET, "/unset", h_ok, NULL, 0, 0, CXM_ACCESS_UNSET},
};

static void setup(void)
{
	char err[512], dir[4096];
	const char *src = getenv("CXM_SRCDIR"), *build = getenv("CXM_BUILDDIR");
	ck_assert_msg(src && build, "CXM_SRCDIR and CXM_BUILDDIR must be set (make check does)");
	cxm_config_defaults(&cfg);
	snprintf(dir, sizeof(dir), "%s/static", src);
	ck_assert_int_eq(cxm_config_set(&cfg, "static_dir", dir, err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cxm_config_set(&cfg, "max_body", "1K", err, sizeof(err)), CXM_OK);
	snprintf(dir, sizeof(dir), "%s/po", build);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_OK);
	snprintf(dir, sizeof(dir), "%s/templates", src);
	ck_assert_msg(cxm_tmpl_load_dir(dir, err, sizeof(err)) == CXM_OK, "%s", err);
	cxm_page_init(&cfg);
	a = cxm_arena_new(16384);
	handler_calls = 0;
}

static void teardown(void)
{
	cxm_arena_free(a);
	cxm_i18n_unload();
	cxm_config_free(&cfg);
}

/* Runs one request; returns the status and leaves the response in *req. */
static int run(struct cxm_req *req, const char *const *params, struct body *b)
{
	enum cxm_err rc = cxm_req_init(req, a, &cfg, param, (void *)params);
	return cxm_dispatch(req, rc, routes, sizeof(routes) / sizeof(routes[0]), body_read, b);
}

static const char *out(struct cxm_req *req)
{
	cxm_buf_puts(&req->out, "");  /* NUL-terminates */
	return req->out.data;
}

static void assert_has(struct cxm_req *req, const char *needle)
{
	ck_assert_msg(strstr(out(req), needle) != NULL, "output lacks \"%s\":\n%s", needle, out(req));
}

START_TEST(handler_output_is_the_response)
{
	const char *p[] = {"REQUEST_METHOD", "GET", "REQUEST_URI", "/ok", "DOCUMENT_URI", "/ok", NULL};
	struct body b = {"", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 200);
	ck_assert_str_eq(out(&req), "fine");
	ck_assert_int_eq(handler_calls, 1);
}
END_TEST

START_TEST(handler_failure_renders_500_page)
{
	const char *p[] = {"REQUEST_METHOD", "GET", "REQUEST_URI", "/fail", "DOCUMENT_URI", "/fail",
	                   "REQUEST_ID", "abc123", NULL};
	struct body b = {"", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 500);
	ck_assert_int_eq(req.status, 500);
	ck_assert_str_eq(req.resp_type, "text/html; charset=utf-8");
	assert_has(&req, "<html lang=\"ru\">");
	assert_has(&req, "Что-то пошло не так");
	assert_has(&req, "abc123");  /* the id to quote to support */
}
END_TEST

START_TEST(handler_403_renders_page_in_english)
{
	const char *p[] = {"REQUEST_METHOD", "GET", "REQUEST_URI", "/forbidden", "DOCUMENT_URI",
	                   "/forbidden", "HTTP_ACCEPT_LANGUAGE", "en-GB,en;q=0.8", NULL};
	struct body b = {"", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 403);
	assert_has(&req, "<html lang=\"en\">");
	assert_has(&req, "Access denied");
}
END_TEST

START_TEST(oversize_content_length_is_413_without_reading)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/number", "DOCUMENT_URI", "/number",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "1025", NULL};
	struct body b = {"n=5", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 413);
	ck_assert_int_eq(b.reads, 0);
	ck_assert_int_eq(handler_calls, 0);
	assert_has(&req, "Слишком большой запрос");
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/ok", "DOCUMENT_URI", "/ok", NULL};
	struct body b = {"", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 405);
	int found = 0;
	for (size_t i = 0; i < req.nresp_headers; i++)
		if (strcmp(req.resp_headers[i].name, "Allow") == 0) {
			ck_assert_str_eq(req.resp_headers[i].value, "GET, HEAD");
			found = 1;
		}
	ck_assert(found);
	assert_has(&req, "Метод не разрешён");
	ck_assert_int_eq(handler_calls, 0);
}
END_TEST

/* A visitor's CSRF token: 43 base64url characters, as cxm_token_new makes. */
#define TOKEN "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"

START_TEST(post_without_csrf_is_403)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/number", "DOCUMENT_URI", "/number",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "4", "HTTP_COOKIE", "cxm_csrf=" TOKEN, NULL};
	struct body b = {"n=10", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 403);
	ck_assert_int_eq(handler_calls, 0);
	assert_has(&req, "Доступ запрещён");
}
END_TEST

START_TEST(post_with_wrong_csrf_is_403)
{
	/* right length, one character different; and a cookie-less POST */
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/number", "DOCUMENT_URI", "/number",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "53", "HTTP_COOKIE", "cxm_csrf=" TOKEN, NULL};
	struct body b = {"n=10&csrf=TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTU", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 403);
	ck_assert_int_eq(handler_calls, 0);
	const char *q[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/number", "DOCUMENT_URI", "/number",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "53", NULL};
	struct body c = {"n=10&csrf=" TOKEN, 0, 0};
	ck_assert_int_eq(run(&req, q, &c), 403);
	ck_assert_int_eq(handler_calls, 0);
}
END_TEST

START_TEST(protected_route_sends_visitor_to_login)
{
	const char *p[] = {"REQUEST_METHOD", "GET", "REQUEST_URI", "/private/a b", "DOCUMENT_URI",
	                   "/private/a b", NULL};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, NULL), 303);
	ck_assert_int_eq(handler_calls, 0);
	const char *loc = NULL;
	for (size_t i = 0; i < req.nresp_headers; i++)
		if (strcmp(req.resp_headers[i].name, "Location") == 0)
			loc = req.resp_headers[i].value;
	ck_assert_str_eq(loc, "/login?next=/private/a%20b");
	/* a route whose entry forgot its access level is closed too */
	const char *q[] = {"REQUEST_METHOD", "GET", "REQUEST_URI", "/unset", "DOCUMENT_URI", "/unset", NULL};
	ck_assert_int_eq(run(&req, q, NULL), 303);
	ck_assert_int_eq(handler_calls, 0);
}
END_TEST

START_TEST(invalid_field_is_400_with_reason)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/number", "DOCUMENT_URI", "/number",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "53",
	                   "HTTP_COOKIE", "cxm_csrf=" TOKEN, NULL};
	struct body b = {"n=11&csrf=" TOKEN, 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 400);
	ck_assert_int_eq(handler_calls, 0);
	assert_has(&req, "Неверный запрос");
	assert_has(&req, "Поле «n»: Введите число от 1 до 10.");
}
END_TEST

START_TEST(missing_required_field_is_400)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/number", "DOCUMENT_URI", "/number",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "52",
	                   "HTTP_COOKIE", "cxm_csrf=" TOKEN, NULL};
	struct body b = {"x=1&csrf=" TOKEN, 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 400);
	assert_has(&req, "Поле «n»: Это поле обязательно.");
}
END_TEST

START_TEST(valid_field_reaches_handler)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/number", "DOCUMENT_URI", "/number",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "53",
	                   "HTTP_COOKIE", "cxm_csrf=" TOKEN, NULL};
	struct body b = {"n=10&csrf=" TOKEN, 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 200);
	ck_assert_int_eq(handler_calls, 1);
	ck_assert_int_eq(cxm_field(&req, 0)->i, 10);
}
END_TEST

START_TEST(form_route_gets_invalid_fields)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/form", "DOCUMENT_URI", "/form",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "54",
	                   "HTTP_COOKIE", "cxm_csrf=" TOKEN, NULL};
	struct body b = {"n=abc&csrf=" TOKEN, 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 200);
	ck_assert_str_eq(out(&req), "valid=0 error=Введите целое число.");
}
END_TEST

START_TEST(malformed_body_is_400_naming_the_field)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "REQUEST_URI", "/number", "DOCUMENT_URI", "/number",
	                   "CONTENT_TYPE", "application/x-www-form-urlencoded",
	                   "CONTENT_LENGTH", "5", NULL};
	struct body b = {"n=%zz", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 400);
	ck_assert_int_eq(handler_calls, 0);
	assert_has(&req, "Поле «n»: ");
}
END_TEST

START_TEST(unknown_path_is_404)
{
	const char *p[] = {"REQUEST_METHOD", "GET", "REQUEST_URI", "/nowhere?x=1", "DOCUMENT_URI",
	                   "/nowhere", NULL};
	struct body b = {"", 0, 0};
	struct cxm_req req;
	ck_assert_int_eq(run(&req, p, &b), 404);
	assert_has(&req, "<p class=\"error-status\">404</p>");
}
END_TEST

static Suite *dispatch_suite(void)
{
	Suite *s = suite_create("dispatch");
	TCase *tc = tcase_create("dispatch");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, handler_output_is_the_response);
	tcase_add_test(tc, handler_failure_renders_500_page);
	tcase_add_test(tc, handler_403_renders_page_in_english);
	tcase_add_test(tc, oversize_content_length_is_413_without_reading);
	tcase_add_test(tc, wrong_method_is_405_with_allow);
	tcase_add_test(tc, post_without_csrf_is_403);
	tcase_add_test(tc, post_with_wrong_csrf_is_403);
	tcase_add_test(tc, protected_route_sends_visitor_to_login);
	tcase_add_test(tc, invalid_field_is_400_with_reason);
	tcase_add_test(tc, missing_required_field_is_400);
	tcase_add_test(tc, valid_field_reaches_handler);
	tcase_add_test(tc, form_route_gets_invalid_fields);
	tcase_add_test(tc, malformed_body_is_400_naming_the_field);
	tcase_add_test(tc, unknown_path_is_404);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dispatch_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
