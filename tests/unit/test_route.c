/* The router and field validators (core/route.c): static and {name}
 * patterns, 404 against 405 with the Allow list, HEAD answered by GET
 * routes, and every validator type with accepted and refused values and
 * the exact reason given (English: no catalogues are loaded here). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "route.h"

static struct cxm_config cfg;
static struct cxm_arena *a;
static struct cxm_req req;

static int h(struct cxm_req *r)
{
	(void)r;
	return 200;
}

static const struct cxm_field_spec client_fields[] = {
	{"id", CXM_V_INT, CXM_F_PATH | CXM_F_REQUIRED, 1, 1000000, NULL},
	{"tab", CXM_V_ENUM, 0, 0, 0, (const char *const[]){"history", "surveys", NULL}},
};

static const struct cxm_field_spec upload_fields[] = {
	{"file", CXM_V_FILE, CXM_F_REQUIRED, 0, 0, NULL},
	{"note", CXM_V_LINE, 0, 0, 5, NULL},
};

static const struct cxm_route table[] = {
	{CXM_GET, "/", h, NULL, 0, 0, CXM_PUBLIC},
	{CXM_GET, "/clients", h, NULL, 0, 0, CXM_PUBLIC},
	{CXM_POST, "/clients", h, NULL, 0, 0, CXM_PUBLIC},
	{CXM_GET, "/clients/{id}", h, client_fields, 2, 0, CXM_PUBLIC},
	{CXM_DELETE, "/clients/{id}", h, client_fields, 1, 0, CXM_PUBLIC},
	{CXM_GET, "/surveys/{sid}/questions/{qid}", h, NULL, 0, 0, CXM_PUBLIC},
	{CXM_POST, "/upload", h, upload_fields, 2, 0, CXM_PUBLIC},
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

static void setup(void)
{
	cxm_config_defaults(&cfg);
	a = cxm_arena_new(4096);
}

static void teardown(void)
{
	cxm_arena_free(a);
	cxm_config_free(&cfg);
}

static const char *param(void *ctx, const char *name)
{
	const char *const *p = ctx;
	for (; p[0]; p += 2)
		if (strcmp(p[0], name) == 0)
			return p[1];
	return NULL;
}

static int route(const char *method, const char *path)
{
	const char *p[] = {"REQUEST_METHOD", method, "DOCUMENT_URI", path, NULL};
	ck_assert_int_eq(cxm_req_init(&req, a, &cfg, param, (void *)p), CXM_OK);
	return cxm_route_match(&req, table, NTABLE);
}

START_TEST(static_paths)
{
	ck_assert_int_eq(route("GET", "/"), 200);
	ck_assert_ptr_eq(req.route, &table[0]);
	ck_assert_int_eq(route("GET", "/clients"), 200);
	ck_assert_ptr_eq(req.route, &table[1]);
	ck_assert_int_eq(route("POST", "/clients"), 200);
	ck_assert_ptr_eq(req.route, &table[2]);
	ck_assert_uint_eq(req.npath_args, 0);
}
END_TEST

START_TEST(trailing_slash_and_case_are_different_paths)
{
	ck_assert_int_eq(route("GET", "/clients/"), 404);
	ck_assert_ptr_null(req.route);
	ck_assert_int_eq(route("GET", "/Clients"), 404);
	ck_assert_int_eq(route("GET", "/clientsx"), 404);
	ck_assert_int_eq(route("GET", "//clients"), 404);
}
END_TEST

START_TEST(captures)
{
	ck_assert_int_eq(route("GET", "/clients/42"), 200);
	ck_assert_ptr_eq(req.route, &table[3]);
	ck_assert_uint_eq(req.npath_args, 1);
	ck_assert_str_eq(req.path_args[0], "42");
	ck_assert_int_eq(route("GET", "/surveys/s-1/questions/Вопрос"), 200);
	ck_assert_uint_eq(req.npath_args, 2);
	ck_assert_str_eq(req.path_args[0], "s-1");
	ck_assert_str_eq(req.path_args[1], "Вопрос");
	/* a capture is one non-empty segment */
	ck_assert_int_eq(route("GET", "/clients/1/2"), 404);
	ck_assert_int_eq(route("GET", "/surveys//questions/1"), 404);
	ck_assert_int_eq(route("GET", "/surveys/1/questions/"), 404);
}
END_TEST

/* A literal segment beats a capture wherever the two stand in the table. */
START_TEST(literal_pattern_wins_over_capture)
{
	static const struct cxm_route t2[] = {
		{CXM_GET, "/clients/{id}", h, NULL, 0, 0, CXM_PUBLIC},
		{CXM_GET, "/clients/{id}/x", h, NULL, 0, 0, CXM_PUBLIC},
		{CXM_GET, "/clients/import", h, NULL, 0, 0, CXM_PUBLIC},
		{CXM_GET, "/clients/imports/{id}", h, NULL, 0, 0, CXM_PUBLIC},
		{CXM_GET, "/clients/{id}/{y}", h, NULL, 0, 0, CXM_PUBLIC},
	};
	const char *p[] = {"REQUEST_METHOD", "GET", "DOCUMENT_URI", "/clients/import", NULL};
	ck_assert_int_eq(cxm_req_init(&req, a, &cfg, param, (void *)p), CXM_OK);
	ck_assert_int_eq(cxm_route_match(&req, t2, 5), 200);
	ck_assert_ptr_eq(req.route, &t2[2]);
	ck_assert_uint_eq(req.npath_args, 0);
	p[3] = "/clients/7";
	ck_assert_int_eq(cxm_req_init(&req, a, &cfg, param, (void *)p), CXM_OK);
	ck_assert_int_eq(cxm_route_match(&req, t2, 5), 200);
	ck_assert_ptr_eq(req.route, &t2[0]);
	ck_assert_str_eq(req.path_args[0], "7");
	p[3] = "/clients/imports/9";
	ck_assert_int_eq(cxm_req_init(&req, a, &cfg, param, (void *)p), CXM_OK);
	ck_assert_int_eq(cxm_route_match(&req, t2, 5), 200);
	ck_assert_ptr_eq(req.route, &t2[3]);
	ck_assert_uint_eq(req.npath_args, 1);
	ck_assert_str_eq(req.path_args[0], "9");
	p[3] = "/clients/5/x";
	ck_assert_int_eq(cxm_req_init(&req, a, &cfg, param, (void *)p), CXM_OK);
	ck_assert_int_eq(cxm_route_match(&req, t2, 5), 200);
	ck_assert_ptr_eq(req.route, &t2[1]);
	ck_assert_str_eq(req.path_args[0], "5");
}
END_TEST

START_TEST(method_not_allowed_lists_methods)
{
	ck_assert_int_eq(route("PUT", "/clients"), 405);
	ck_assert_ptr_null(req.route);
	ck_assert_str_eq(cxm_route_allow(&req), "GET, HEAD, POST");
	ck_assert_int_eq(route("POST", "/clients/7"), 405);
	ck_assert_str_eq(cxm_route_allow(&req), "GET, HEAD, DELETE");
	ck_assert_int_eq(route("GET", "/upload"), 405);
	ck_assert_str_eq(cxm_route_allow(&req), "POST");
	ck_assert_int_eq(route("BREW", "/"), 405);
	ck_assert_str_eq(cxm_route_allow(&req), "GET, HEAD");
}
END_TEST

START_TEST(head_uses_get_routes)
{
	ck_assert_int_eq(route("HEAD", "/clients/5"), 200);
	ck_assert_ptr_eq(req.route, &table[3]);
	ck_assert_int_eq(route("HEAD", "/upload"), 405);
}
END_TEST

START_TEST(outside_the_mount_is_404)
{
	const char *p[] = {"DOCUMENT_URI", "/elsewhere", "CXM_BASE_PATH", "/cx", NULL};
	ck_assert_int_eq(cxm_req_init(&req, a, &cfg, param, (void *)p), CXM_OK);
	ck_assert_int_eq(cxm_route_match(&req, table, NTABLE), 404);
	const char *q[] = {"DOCUMENT_URI", "/cx/clients/9", "CXM_BASE_PATH", "/cx", NULL};
	ck_assert_int_eq(cxm_req_init(&req, a, &cfg, param, (void *)q), CXM_OK);
	ck_assert_int_eq(cxm_route_match(&req, table, NTABLE), 200);
	ck_assert_str_eq(req.path_args[0], "9");
}
END_TEST

START_TEST(validate_path_and_query_fields)
{
	const char *p[] = {"DOCUMENT_URI", "/clients/42", "QUERY_STRING", "tab=surveys", NULL};
	ck_assert_int_eq(cxm_req_init(&req, a, &cfg, param, (void *)p), CXM_OK);
	ck_assert_int_eq(cxm_route_match(&req, table, NTABLE), 200);
	ck_assert_int_eq(cxm_req_parse(&req), CXM_OK);
	ck_assert_uint_eq(cxm_route_validate(&req), 0);
	ck_assert_int_eq(cxm_field(&req, 0)->i, 42);
	ck_assert_int_eq(cxm_field(&req, 1)->i, 1);
	ck_assert_str_eq(cxm_field(&req, 1)->s, "surveys");

	const char *q[] = {"DOCUMENT_URI", "/clients/0", "QUERY_STRING", "tab=other", NULL};
	cxm_req_init(&req, a, &cfg, param, (void *)q);
	cxm_route_match(&req, table, NTABLE);
	cxm_req_parse(&req);
	ck_assert_uint_eq(cxm_route_validate(&req), 2);
	ck_assert_str_eq(cxm_field(&req, 0)->error, "Enter a number from 1 to 1000000.");
	ck_assert_str_eq(cxm_field(&req, 1)->error, "Choose one of the offered values.");
}
END_TEST

START_TEST(validate_file_field_ignores_text_of_same_name)
{
	const char *body =
		"--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nnot a file\r\n"
		"--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--b--";
	const char *p[] = {"REQUEST_METHOD", "POST", "DOCUMENT_URI", "/upload", NULL};
	cxm_req_init(&req, a, &cfg, param, (void *)p);
	ck_assert_int_eq(cxm_route_match(&req, table, NTABLE), 200);
	req.content_type = "multipart/form-data; boundary=b";
	req.body = body;
	req.body_len = strlen(body);
	ck_assert_int_eq(cxm_req_parse(&req), CXM_OK);
	ck_assert_uint_eq(cxm_route_validate(&req), 1);
	ck_assert_str_eq(cxm_field(&req, 0)->error, "Choose a file.");
	ck_assert_str_eq(cxm_field(&req, 1)->s, "hi");

	const char *body2 =
		"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n\r\nx\r\n--b--";
	cxm_req_init(&req, a, &cfg, param, (void *)p);
	cxm_route_match(&req, table, NTABLE);
	req.content_type = "multipart/form-data; boundary=b";
	req.body = body2;
	req.body_len = strlen(body2);
	ck_assert_int_eq(cxm_req_parse(&req), CXM_OK);
	ck_assert_uint_eq(cxm_route_validate(&req), 0);
	ck_assert_str_eq(cxm_field(&req, 0)->file->filename, "c.csv");
	ck_assert_uint_eq(cxm_field(&req, 0)->len, 1);
	ck_assert_int_eq(cxm_field(&req, 1)->present, 0);
	ck_assert_int_eq(cxm_field(&req, 1)->valid, 1);  /* optional and absent */
}
END_TEST

/* ---- single validators ---- */

static struct cxm_field f;

static void check(const struct cxm_field_spec *spec, const char *raw)
{
	cxm_field_check(a, spec, raw, raw ? strlen(raw) : 0, 100, &f);
}

static void ok(const struct cxm_field_spec *spec, const char *raw)
{
	check(spec, raw);
	ck_assert_msg(f.valid, "%s \"%s\" refused: %s", cxm_vtype_names[spec->type], raw, f.error);
	ck_assert_ptr_null(f.error);
}

static void bad(const struct cxm_field_spec *spec, const char *raw, const char *why)
{
	check(spec, raw);
	ck_assert_msg(!f.valid, "%s \"%s\" accepted", cxm_vtype_names[spec->type], raw);
	ck_assert_str_eq(f.error, why);
}

START_TEST(required_and_optional)
{
	struct cxm_field_spec req_line = {"x", CXM_V_LINE, CXM_F_REQUIRED, 0, 0, NULL};
	struct cxm_field_spec opt_line = {"x", CXM_V_LINE, 0, 0, 0, NULL};
	bad(&req_line, NULL, "This field is required.");
	bad(&req_line, "", "This field is required.");
	ok(&opt_line, NULL);
	ck_assert_int_eq(f.present, 0);
	ok(&opt_line, "");
	ck_assert_int_eq(f.present, 0);
}
END_TEST

START_TEST(text_and_line_lengths_in_characters)
{
	struct cxm_field_spec line = {"x", CXM_V_LINE, 0, 2, 3, NULL};
	ok(&line, "абв");  /* 3 characters, 6 bytes */
	ck_assert_str_eq(f.s, "абв");
	bad(&line, "абвг", "Enter at most 3 characters.");
	bad(&line, "а", "Enter at least 2 characters.");
	bad(&line, "a\nb", "Use a single line without control characters.");
	bad(&line, "a\tb", "Use a single line without control characters.");
	struct cxm_field_spec one = {"x", CXM_V_LINE, 0, 0, 1, NULL};
	bad(&one, "ab", "Enter at most 1 character.");
	struct cxm_field_spec text = {"x", CXM_V_TEXT, 0, 0, 0, NULL};
	ok(&text, "line one\r\nline two\twith tab");
	bad(&text, "bell\a", "The text contains control characters.");
	bad(&text, "del\x7f", "The text contains control characters.");
	/* max 0 means the configured limit, passed as 100 here */
	char long_text[102];
	memset(long_text, 'x', 101);
	long_text[101] = 0;
	bad(&text, long_text, "Enter at most 100 characters.");
	long_text[100] = 0;
	ok(&text, long_text);
}
END_TEST

START_TEST(integers)
{
	struct cxm_field_spec n = {"n", CXM_V_INT, 0, -5, 10, NULL};
	ok(&n, "10");
	ck_assert_int_eq(f.i, 10);
	ok(&n, "-5");
	ck_assert_int_eq(f.i, -5);
	ok(&n, "007");
	ck_assert_int_eq(f.i, 7);
	bad(&n, "11", "Enter a number from -5 to 10.");
	bad(&n, "-6", "Enter a number from -5 to 10.");
	bad(&n, "1.5", "Enter a whole number.");
	bad(&n, " 5", "Enter a whole number.");
	bad(&n, "5 ", "Enter a whole number.");
	bad(&n, "+5", "Enter a whole number.");
	bad(&n, "-", "Enter a whole number.");
	bad(&n, "0x10", "Enter a whole number.");
	bad(&n, "99999999999999999999", "Enter a whole number.");  /* overflows long long */
	struct cxm_field_spec any = {"n", CXM_V_INT, 0, 0, 0, NULL};
	ok(&any, "-9223372036854775808");
	ck_assert(f.i == -9223372036854775807LL - 1);
}
END_TEST

START_TEST(enums_and_bools)
{
	struct cxm_field_spec e = {"lang", CXM_V_ENUM, 0, 0, 0, (const char *const[]){"ru", "en", NULL}};
	ok(&e, "en");
	ck_assert_int_eq(f.i, 1);
	bad(&e, "EN", "Choose one of the offered values.");
	bad(&e, "de", "Choose one of the offered values.");
	struct cxm_field_spec b = {"on", CXM_V_BOOL, 0, 0, 0, NULL};
	const char *yes[] = {"1", "on", "yes", "true"}, *no[] = {"0", "off", "no", "false"};
	for (int i = 0; i < 4; i++) {
		ok(&b, yes[i]);
		ck_assert_int_eq(f.i, 1);
		ok(&b, no[i]);
		ck_assert_int_eq(f.i, 0);
	}
	ok(&b, NULL);
	ck_assert_int_eq(f.i, 0);  /* an unchecked checkbox */
	bad(&b, "maybe", "Answer yes or no.");
}
END_TEST

START_TEST(emails)
{
	struct cxm_field_spec m = {"email", CXM_V_EMAIL, 0, 0, 0, NULL};
	const char *why = "Enter an e-mail address such as name@example.com.";
	ok(&m, "anna@example.com");
	ok(&m, "a.b+tag@mail.example.co.uk");
	ok(&m, "имя@пример.рф");
	bad(&m, "anna", why);
	bad(&m, "@example.com", why);
	bad(&m, "anna@", why);
	bad(&m, "anna@localhost", why);
	bad(&m, "anna@@example.com", why);
	bad(&m, "an na@example.com", why);
	bad(&m, "anna@example..com", why);
	bad(&m, "anna@.example.com", why);
	bad(&m, "anna@example.com.", why);
	bad(&m, "<anna@example.com>", why);
	char local[80];
	memset(local, 'a', 65);
	strcpy(local + 65, "@example.com");
	bad(&m, local, why);  /* local part over 64 */
}
END_TEST

START_TEST(dates)
{
	struct cxm_field_spec d = {"day", CXM_V_DATE, 0, 0, 0, NULL};
	const char *why = "Enter a date as YYYY-MM-DD.";
	ok(&d, "2026-11-22");
	ck_assert_int_eq(f.i, 20261122);
	ok(&d, "2024-02-29");
	ok(&d, "2000-02-29");
	bad(&d, "2023-02-29", why);
	bad(&d, "1900-02-29", why);
	bad(&d, "2026-04-31", why);
	bad(&d, "2026-13-01", why);
	bad(&d, "2026-00-10", why);
	bad(&d, "2026-01-00", why);
	bad(&d, "2026-1-01", why);
	bad(&d, "22.11.2026", why);
	bad(&d, "2026-11-22T10:00", why);
}
END_TEST

START_TEST(local_paths)
{
	struct cxm_field_spec p = {"next", CXM_V_LOCALPATH, 0, 0, 0, NULL};
	const char *why = "Invalid return address.";
	ok(&p, "/");
	ok(&p, "/clients?page=2");
	bad(&p, "//evil.example/", why);
	bad(&p, "/\\evil.example/", why);
	bad(&p, "/a\\b", why);
	bad(&p, "https://evil.example/", why);
	bad(&p, "clients", why);
	bad(&p, "/a\r\nSet-Cookie: x=1", why);
}
END_TEST

static Suite *route_suite(void)
{
	Suite *s = suite_create("route");
	TCase *m = tcase_create("matching");
	tcase_add_checked_fixture(m, setup, teardown);
	tcase_add_test(m, static_paths);
	tcase_add_test(m, trailing_slash_and_case_are_different_paths);
	tcase_add_test(m, captures);
	tcase_add_test(m, literal_pattern_wins_over_capture);
	tcase_add_test(m, method_not_allowed_lists_methods);
	tcase_add_test(m, head_uses_get_routes);
	tcase_add_test(m, outside_the_mount_is_404);
	tcase_add_test(m, validate_path_and_query_fields);
	tcase_add_test(m, validate_file_field_ignores_text_of_same_name);
	suite_add_tcase(s, m);
	TCase *v = tcase_create("validators");
	tcase_add_checked_fixture(v, setup, teardown);
	tcase_add_test(v, required_and_optional);
	tcase_add_test(v, text_and_line_lengths_in_characters);
	tcase_add_test(v, integers);
	tcase_add_test(v, enums_and_bools);
	tcase_add_test(v, emails);
	tcase_add_test(v, dates);
	tcase_add_test(v, local_paths);
	suite_add_tcase(s, v);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(route_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
