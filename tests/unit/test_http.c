/* The request/response layer (core/http.c) without a FastCGI connection:
 * request set-up from CGI parameters (method, path under a base path,
 * query, Content-Length, cookies, HTTPS), body reading with its limits,
 * parsing by Content-Type, and the response head with the security
 * headers. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "conf.h"
#include "err.h"
#include "http.h"

static struct cxm_config cfg;
static struct cxm_arena *a;
static struct cxm_req req;

static const char *param(void *ctx, const char *name)
{
	const char *const *p = ctx;
	for (; p[0]; p += 2)
		if (strcmp(p[0], name) == 0)
			return p[1];
	return NULL;
}

/* A body delivered in chunks of at most `chunk` bytes. */
struct body {
	const char *data;
	size_t len, off, chunk;
	int fail;
};

static long body_read(void *ctx, char *buf, size_t n)
{
	struct body *b = ctx;
	if (b->fail)
		return -1;
	size_t left = b->len - b->off;
	if (n > left)
		n = left;
	if (b->chunk && n > b->chunk)
		n = b->chunk;
	memcpy(buf, b->data + b->off, n);
	b->off += n;
	return (long)n;
}

static void setup(void)
{
	char err[256];
	cxm_config_defaults(&cfg);
	ck_assert_int_eq(cxm_config_set(&cfg, "max_body", "1K", err, sizeof(err)), CXM_OK);
	a = cxm_arena_new(4096);
}

static void teardown(void)
{
	cxm_arena_free(a);
	cxm_config_free(&cfg);
}

static enum cxm_err init(const char *const *params)
{
	return cxm_req_init(&req, a, &cfg, param, (void *)params);
}

START_TEST(init_reads_parameters)
{
	const char *p[] = {
		"REQUEST_METHOD", "POST",
		"REQUEST_URI", "/clients/7?tab=history",
		"DOCUMENT_URI", "/clients/7",
		"QUERY_STRING", "tab=history",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", "12",
		"HTTP_COOKIE", "lang=en; sid=abc",
		"HTTP_ACCEPT_LANGUAGE", "en-US,en;q=0.9",
		"REMOTE_ADDR", "192.0.2.7",
		"HTTP_USER_AGENT", "test/1.0",
		"HTTPS", "on",
		"REQUEST_ID", "0123abcd",
		NULL};
	ck_assert_int_eq(init(p), CXM_OK);
	ck_assert_int_eq(req.method, CXM_POST);
	ck_assert_str_eq(req.method_name, "POST");
	ck_assert_str_eq(req.uri, "/clients/7?tab=history");
	ck_assert_str_eq(req.path, "/clients/7");
	ck_assert_str_eq(req.base, "");
	ck_assert_str_eq(req.query, "tab=history");
	ck_assert_str_eq(req.content_type, "application/x-www-form-urlencoded");
	ck_assert_int_eq(req.has_content_length, 1);
	ck_assert_uint_eq(req.content_length, 12);
	ck_assert_str_eq(cxm_req_cookie(&req, "lang"), "en");
	ck_assert_str_eq(cxm_req_cookie(&req, "sid"), "abc");
	ck_assert_ptr_null(cxm_req_cookie(&req, "other"));
	ck_assert_str_eq(req.accept_language, "en-US,en;q=0.9");
	ck_assert_str_eq(req.remote_addr, "192.0.2.7");
	ck_assert_str_eq(req.user_agent, "test/1.0");
	ck_assert_int_eq(req.https, 1);
	ck_assert_str_eq(req.request_id, "0123abcd");
	ck_assert_int_eq(req.status, 200);
	ck_assert_str_eq(req.resp_type, "text/html; charset=utf-8");
}
END_TEST

START_TEST(init_defaults_when_parameters_absent)
{
	const char *p[] = {NULL};
	ck_assert_int_eq(init(p), CXM_OK);
	ck_assert_int_eq(req.method, CXM_GET);
	ck_assert_str_eq(req.uri, "/");
	ck_assert_str_eq(req.path, "/");
	ck_assert_str_eq(req.query, "");
	ck_assert_ptr_null(req.content_type);
	ck_assert_int_eq(req.has_content_length, 0);
	ck_assert_int_eq(req.https, 0);
	ck_assert_ptr_null(req.request_id);
	ck_assert_uint_eq(req.cookies.n, 0);
}
END_TEST

START_TEST(init_methods)
{
	static const char *names[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
	                              "TRACE", "get"};
	static const enum cxm_method want[] = {CXM_GET, CXM_HEAD, CXM_POST, CXM_PUT, CXM_DELETE,
	                                       CXM_PATCH, CXM_OPTIONS, CXM_METHOD_OTHER,
	                                       CXM_METHOD_OTHER};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *p[] = {"REQUEST_METHOD", names[i], NULL};
		init(p);
		ck_assert_msg(req.method == want[i], "%s", names[i]);
	}
}
END_TEST

START_TEST(init_content_length_forms)
{
	const char *bad[] = {"-1", "12x", "", " 5"};
	for (size_t i = 0; i < 4; i++) {
		const char *p[] = {"CONTENT_LENGTH", bad[i], NULL};
		init(p);
		ck_assert_msg(req.has_content_length == 0, "\"%s\"", bad[i]);
	}
	const char *p[] = {"CONTENT_LENGTH", "0", "CONTENT_TYPE", "", NULL};
	init(p);
	ck_assert_int_eq(req.has_content_length, 1);
	ck_assert_uint_eq(req.content_length, 0);
	ck_assert_ptr_null(req.content_type);  /* an empty Content-Type is none */
}
END_TEST

START_TEST(path_under_base_from_nginx)
{
	const char *in[] = {"DOCUMENT_URI", "/cx/clients", "CXM_BASE_PATH", "/cx", NULL};
	ck_assert_int_eq(init(in), CXM_OK);
	ck_assert_str_eq(req.base, "/cx");
	ck_assert_str_eq(req.path, "/clients");
	const char *root[] = {"DOCUMENT_URI", "/cx", "CXM_BASE_PATH", "/cx/", NULL};
	init(root);
	ck_assert_str_eq(req.base, "/cx");   /* trailing slash dropped */
	ck_assert_str_eq(req.path, "/");
	const char *slash[] = {"DOCUMENT_URI", "/cx/", "CXM_BASE_PATH", "/cx", NULL};
	init(slash);
	ck_assert_str_eq(req.path, "/");
	/* "/cxother" is not under "/cx", nor is "/" */
	const char *other[] = {"DOCUMENT_URI", "/cxother", "CXM_BASE_PATH", "/cx", NULL};
	ck_assert_int_eq(init(other), CXM_OK);
	ck_assert_ptr_null(req.path);
	const char *top[] = {"DOCUMENT_URI", "/", "CXM_BASE_PATH", "/cx", NULL};
	init(top);
	ck_assert_ptr_null(req.path);
}
END_TEST

START_TEST(configured_base_path_wins)
{
	char err[256];
	ck_assert_int_eq(cxm_config_set(&cfg, "base_path", "/feedback", err, sizeof(err)), CXM_OK);
	const char *p[] = {"DOCUMENT_URI", "/feedback/x", "CXM_BASE_PATH", "/cx", NULL};
	init(p);
	ck_assert_str_eq(req.base, "/feedback");
	ck_assert_str_eq(req.path, "/x");
}
END_TEST

START_TEST(path_decoded_from_request_uri)
{
	/* without DOCUMENT_URI the path is decoded from REQUEST_URI, without
	 * the query and without the '+' rule */
	const char *p[] = {"REQUEST_URI", "/a%20b/%D0%AF+x?q=%zz", NULL};
	ck_assert_int_eq(init(p), CXM_OK);
	ck_assert_str_eq(req.path, "/a b/Я+x");
	const char *bad[] = {"REQUEST_URI", "/a%2", NULL};
	ck_assert_int_eq(init(bad), CXM_ERR_BAD_ESCAPE);
	ck_assert_str_eq(req.path, "/");
	const char *bad2[] = {"REQUEST_URI", "/a%zz", NULL};
	ck_assert_int_eq(init(bad2), CXM_ERR_BAD_ESCAPE);
	const char *utf[] = {"REQUEST_URI", "/%C0%AF", NULL};
	ck_assert_int_eq(init(utf), CXM_ERR_BAD_UTF8);
	const char *nul[] = {"REQUEST_URI", "/a%00", NULL};
	ck_assert_int_eq(init(nul), CXM_ERR_BAD_UTF8);
	const char *doc[] = {"DOCUMENT_URI", "/\xff", NULL};
	ck_assert_int_eq(init(doc), CXM_ERR_BAD_UTF8);
}
END_TEST

START_TEST(body_read_exact_length_in_chunks)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "CONTENT_LENGTH", "10", NULL};
	init(p);
	struct body b = {"0123456789", 10, 0, 3, 0};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &b), CXM_OK);
	ck_assert_uint_eq(req.body_len, 10);
	ck_assert_str_eq(req.body, "0123456789");
}
END_TEST

START_TEST(body_over_limit_refused_before_reading)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "CONTENT_LENGTH", "1025", NULL};
	init(p);
	struct body b = {"x", 1, 0, 0, 0};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &b), CXM_ERR_BODY_TOO_LARGE);
	ck_assert_uint_eq(b.off, 0);
	/* exactly at the limit is fine */
	static char full[1024];
	memset(full, 'x', sizeof(full));
	const char *q[] = {"REQUEST_METHOD", "POST", "CONTENT_LENGTH", "1024", NULL};
	init(q);
	struct body c = {full, 1024, 0, 0, 0};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &c), CXM_OK);
	ck_assert_uint_eq(req.body_len, 1024);
}
END_TEST

START_TEST(body_without_length_limited_while_reading)
{
	static char big[3000];
	memset(big, 'y', sizeof(big));
	const char *p[] = {"REQUEST_METHOD", "POST", NULL};
	init(p);
	struct body b = {big, 1025, 0, 7, 0};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &b), CXM_ERR_BODY_TOO_LARGE);
	init(p);
	struct body c = {big, 1024, 0, 7, 0};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &c), CXM_OK);
	ck_assert_uint_eq(req.body_len, 1024);
	/* a GET without Content-Length has no body to read */
	const char *g[] = {"REQUEST_METHOD", "GET", NULL};
	init(g);
	struct body d = {big, 10, 0, 0, 0};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &d), CXM_OK);
	ck_assert_uint_eq(d.off, 0);
	ck_assert_uint_eq(req.body_len, 0);
}
END_TEST

START_TEST(body_short_and_read_error)
{
	const char *p[] = {"REQUEST_METHOD", "POST", "CONTENT_LENGTH", "20", NULL};
	init(p);
	struct body b = {"only ten b", 10, 0, 0, 0};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &b), CXM_ERR_BODY_SHORT);
	init(p);
	struct body c = {"x", 1, 0, 0, 1};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &c), CXM_ERR_IO);
}
END_TEST

/* Reads and parses a body of the given type. */
static enum cxm_err post(const char *ctype, const char *query, const char *data)
{
	char len[24];
	snprintf(len, sizeof(len), "%zu", strlen(data));
	const char *p[] = {"REQUEST_METHOD", "POST", "CONTENT_TYPE", ctype, "CONTENT_LENGTH", len,
	                   "QUERY_STRING", query, NULL};
	init(p);
	struct body b = {data, strlen(data), 0, 0, 0};
	ck_assert_int_eq(cxm_req_read_body(&req, body_read, &b), CXM_OK);
	return cxm_req_parse(&req);
}

START_TEST(parse_query_then_body)
{
	ck_assert_int_eq(post("application/x-www-form-urlencoded; charset=UTF-8", "a=q&b=2", "a=body&c=3"),
	                 CXM_OK);
	ck_assert_uint_eq(req.params.n, 4);
	ck_assert_str_eq(cxm_req_param(&req, "a"), "q");  /* query fields come first */
	ck_assert_str_eq(req.params.v[2].value, "body");
	ck_assert_str_eq(cxm_req_param(&req, "c"), "3");
	ck_assert_ptr_null(cxm_req_param(&req, "zzz"));
}
END_TEST

START_TEST(parse_multipart_body)
{
	ck_assert_int_eq(post("multipart/form-data; boundary=b1", "",
	                      "--b1\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nY\r\n--b1--\r\n"),
	                 CXM_OK);
	ck_assert_str_eq(cxm_req_param(&req, "x"), "Y");
}
END_TEST

START_TEST(parse_errors_name_field)
{
	ck_assert_int_eq(post("application/x-www-form-urlencoded", "", "name=%ZZ"), CXM_ERR_BAD_ESCAPE);
	ck_assert_int_eq(req.parse_error.code, CXM_ERR_BAD_ESCAPE);
	ck_assert_str_eq(req.parse_error.field, "name");
	ck_assert_int_eq(post("application/x-www-form-urlencoded", "q=%C0%80", "a=1"), CXM_ERR_BAD_UTF8);
	ck_assert_str_eq(req.parse_error.field, "q");
	ck_assert_int_eq(post("application/json", "", "{\"a\":1}"), CXM_ERR_BAD_CONTENT_TYPE);
	ck_assert_ptr_null(req.parse_error.field);
	/* "multipart/form-datax" is not multipart/form-data */
	ck_assert_int_eq(post("multipart/form-datax; boundary=b", "", "--b--"), CXM_ERR_BAD_CONTENT_TYPE);
	ck_assert_int_eq(post("multipart/form-data; boundary=b1", "",
	                      "--b1\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nY"),
	                 CXM_ERR_MULTIPART_TRUNCATED);
	ck_assert_str_eq(req.parse_error.field, "x");
}
END_TEST

START_TEST(parse_field_limits_from_config)
{
	char err[256];
	ck_assert_int_eq(cxm_config_set(&cfg, "max_fields", "2", err, sizeof(err)), CXM_OK);
	/* two in the query and one in the body: three in all */
	ck_assert_int_eq(post("application/x-www-form-urlencoded", "a=1&b=2", "c=3"),
	                 CXM_ERR_TOO_MANY_FIELDS);
	ck_assert_str_eq(req.parse_error.field, "c");
	ck_assert_int_eq(cxm_config_set(&cfg, "max_fields", "10", err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cxm_config_set(&cfg, "max_field_len", "16", err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(post("application/x-www-form-urlencoded", "", "a=1234567890123456&b=12345678901234567"),
	                 CXM_ERR_FIELD_TOO_LONG);
	ck_assert_str_eq(req.parse_error.field, "b");
}
END_TEST

static const char security[] =
	"Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
	"frame-ancestors 'none'; base-uri 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"X-Frame-Options: DENY\r\n"
	"Referrer-Policy: same-origin\r\n"
	"Cross-Origin-Opener-Policy: same-origin\r\n";

START_TEST(response_head_exact)
{
	const char *p[] = {NULL};
	init(p);
	cxm_buf_puts(&req.out, "<p>hello</p>");
	struct cxm_buf head;
	cxm_buf_init(&head, a, 256);
	cxm_resp_head(&req, &head);
	char want[1024];
	snprintf(want, sizeof(want),
	         "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 12\r\n%s"
	         "Cache-Control: no-store\r\n\r\n",
	         security);
	ck_assert_str_eq(head.data, want);
	/* no inline script allowed */
	ck_assert_ptr_null(strstr(head.data, "unsafe-inline"));
}
END_TEST

/* A stream's writes in order; fail_at: the write (from 1) that fails. */
struct sink {
	struct cxm_buf got;
	int writes, fail_at;
};

static int sink_write(void *ctx, const char *data, size_t n)
{
	struct sink *k = ctx;
	if (++k->writes == k->fail_at)
		return -1;
	cxm_buf_put(&k->got, data, n);
	cxm_buf_puts(&k->got, "|");
	return 0;
}

START_TEST(streamed_response)
{
	const char *p[] = {"REQUEST_METHOD", "GET", NULL};
	init(p);
	struct sink k = {.fail_at = 0};
	cxm_buf_init(&k.got, a, 256);
	req.stream_write = sink_write;
	req.stream_ctx = &k;
	req.resp_type = "text/csv; charset=utf-8";
	cxm_buf_puts(&req.out, "left over");
	ck_assert_int_eq(cxm_resp_stream_begin(&req), 0);
	ck_assert(req.streaming);
	ck_assert_int_eq(cxm_resp_write(&req, "a,b\r\n", 5), 0);
	ck_assert_int_eq(cxm_resp_write(&req, "1,2\r\n", 5), 0);
	char want[1024];
	snprintf(want, sizeof(want),
	         "Status: 200 OK\r\nContent-Type: text/csv; charset=utf-8\r\n%s"
	         "Cache-Control: no-store\r\n\r\n|a,b\r\n|1,2\r\n|",
	         security);
	ck_assert_str_eq(k.got.data, want);
	ck_assert_uint_eq(req.streamed, 10);
	ck_assert_uint_eq(req.out.len, 0);
	ck_assert(!req.stream_failed);
	/* a failed write stops the stream */
	k.fail_at = k.writes + 1;
	ck_assert_int_eq(cxm_resp_write(&req, "x", 1), -1);
	ck_assert(req.stream_failed);
	ck_assert_int_eq(cxm_resp_write(&req, "y", 1), -1);
	ck_assert_int_eq(k.writes, 4);

	/* HEAD: the head only */
	const char *h[] = {"REQUEST_METHOD", "HEAD", NULL};
	init(h);
	struct sink k2 = {.fail_at = 0};
	cxm_buf_init(&k2.got, a, 256);
	req.stream_write = sink_write;
	req.stream_ctx = &k2;
	ck_assert_int_eq(cxm_resp_stream_begin(&req), 0);
	ck_assert_int_eq(cxm_resp_write(&req, "body", 4), 0);
	ck_assert_int_eq(k2.writes, 1);

	/* without a worker (tests driving dispatch): collected in out */
	init(p);
	ck_assert_int_eq(cxm_resp_stream_begin(&req), 0);
	ck_assert(!req.streaming);
	cxm_resp_write(&req, "a", 1);
	cxm_resp_write(&req, "b", 1);
	ck_assert_str_eq(req.out.data, "ab");
	cxm_resp_release_idle(&req);   /* nothing to release: no effect */
}
END_TEST

START_TEST(response_redirect_and_headers)
{
	const char *p[] = {NULL};
	init(p);
	cxm_buf_puts(&req.out, "discarded");
	cxm_resp_header(&req, "Set-Cookie", "lang=en; Path=/; SameSite=Lax; HttpOnly");
	cxm_resp_redirect(&req, 303, "/cx/");
	cxm_resp_header(&req, "Cache-Control", "private, max-age=60");
	struct cxm_buf head;
	cxm_buf_init(&head, a, 256);
	cxm_resp_head(&req, &head);
	char want[1024];
	snprintf(want, sizeof(want),
	         "Status: 303 See Other\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 0\r\n%s"
	         "Set-Cookie: lang=en; Path=/; SameSite=Lax; HttpOnly\r\nLocation: /cx/\r\n"
	         "Cache-Control: private, max-age=60\r\n\r\n",
	         security);
	ck_assert_str_eq(head.data, want);
}
END_TEST

START_TEST(status_texts)
{
	ck_assert_str_eq(cxm_status_text(200), "OK");
	ck_assert_str_eq(cxm_status_text(400), "Bad Request");
	ck_assert_str_eq(cxm_status_text(404), "Not Found");
	ck_assert_str_eq(cxm_status_text(405), "Method Not Allowed");
	ck_assert_str_eq(cxm_status_text(413), "Content Too Large");
	ck_assert_str_eq(cxm_status_text(500), "Internal Server Error");
	ck_assert_str_eq(cxm_status_text(299), "Unknown");
}
END_TEST

static Suite *http_suite(void)
{
	Suite *s = suite_create("http-layer");
	TCase *i = tcase_create("request");
	tcase_add_checked_fixture(i, setup, teardown);
	tcase_add_test(i, init_reads_parameters);
	tcase_add_test(i, init_defaults_when_parameters_absent);
	tcase_add_test(i, init_methods);
	tcase_add_test(i, init_content_length_forms);
	tcase_add_test(i, path_under_base_from_nginx);
	tcase_add_test(i, configured_base_path_wins);
	tcase_add_test(i, path_decoded_from_request_uri);
	suite_add_tcase(s, i);
	TCase *b = tcase_create("body");
	tcase_add_checked_fixture(b, setup, teardown);
	tcase_add_test(b, body_read_exact_length_in_chunks);
	tcase_add_test(b, body_over_limit_refused_before_reading);
	tcase_add_test(b, body_without_length_limited_while_reading);
	tcase_add_test(b, body_short_and_read_error);
	tcase_add_test(b, parse_query_then_body);
	tcase_add_test(b, parse_multipart_body);
	tcase_add_test(b, parse_errors_name_field);
	tcase_add_test(b, parse_field_limits_from_config);
	suite_add_tcase(s, b);
	TCase *r = tcase_create("response");
	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, response_head_exact);
	tcase_add_test(r, response_redirect_and_headers);
	tcase_add_test(r, streamed_response);
	tcase_add_test(r, status_texts);
	suite_add_tcase(s, r);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(http_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
