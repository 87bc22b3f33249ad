/* Parsers of what clients send (core/form.c): query strings and urlencoded
 * bodies, multipart/form-data, cookies. Well-formed input decodes to the
 * exact bytes; malformed input (bad or truncated escapes, invalid UTF-8,
 * truncated multipart bodies, broken part headers) and input over the limits
 * give the exact error code and the field at fault. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "form.h"

static struct cxm_arena *a;
static struct cxm_pairs out;
static struct cxm_parse_error perr;
static struct cxm_limits lim;

static void setup(void)
{
	a = cxm_arena_new(4096);
	memset(&out, 0, sizeof(out));
	memset(&perr, 0, sizeof(perr));
	lim = (struct cxm_limits){.max_fields = 100, .max_field_len = 1000, .max_name_len = 64};
}

static void teardown(void)
{
	cxm_arena_free(a);
}

static enum cxm_err urlenc(const char *s)
{
	return cxm_parse_urlencoded(a, s, strlen(s), &lim, &out, &perr);
}

static void assert_pair(size_t i, const char *name, const char *value, size_t len)
{
	ck_assert_uint_gt(out.n, i);
	ck_assert_str_eq(out.v[i].name, name);
	ck_assert_uint_eq(out.v[i].len, len);
	ck_assert_mem_eq(out.v[i].value, value, len);
	ck_assert_int_eq(out.v[i].value[len], '\0');
}

/* Checks an urlencoded failure: code and field (NULL for none). */
static void assert_urlenc_fails(const char *s, enum cxm_err code, const char *field)
{
	memset(&out, 0, sizeof(out));
	enum cxm_err rc = urlenc(s);
	ck_assert_msg(rc == code, "\"%s\": got %s, want %s", s, cxm_err_name(rc), cxm_err_name(code));
	ck_assert_int_eq(perr.code, code);
	if (field)
		ck_assert_str_eq(perr.field, field);
	else
		ck_assert_ptr_null(perr.field);
}

START_TEST(urlencoded_plain_values)
{
	ck_assert_int_eq(urlenc("a=1&b=hello+world&c=x%2By%26z%3D"), CXM_OK);
	ck_assert_uint_eq(out.n, 3);
	assert_pair(0, "a", "1", 1);
	assert_pair(1, "b", "hello world", 11);
	assert_pair(2, "c", "x+y&z=", 6);
	ck_assert_ptr_null(out.v[0].filename);
	ck_assert_ptr_null(out.v[0].content_type);
}
END_TEST

START_TEST(urlencoded_cyrillic_escapes)
{
	/* "Привет" is D0 9F D1 80 D0 B8 D0 B2 D0 B5 D1 82; upper and lower hex */
	ck_assert_int_eq(urlenc("%d0%9f%D1%80%D0%B8%D0%b2%D0%B5%D1%82=%D0%B4%D0%B0"), CXM_OK);
	ck_assert_uint_eq(out.n, 1);
	assert_pair(0, "Привет", "да", 4);
}
END_TEST

START_TEST(urlencoded_empty_and_odd_pieces)
{
	/* a key without '=', an empty value, empty pieces, a nameless value */
	ck_assert_int_eq(urlenc("flag&x=&&=ignored&y=2&"), CXM_OK);
	ck_assert_uint_eq(out.n, 3);
	assert_pair(0, "flag", "", 0);
	assert_pair(1, "x", "", 0);
	assert_pair(2, "y", "2", 1);
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(urlenc(""), CXM_OK);
	ck_assert_uint_eq(out.n, 0);
}
END_TEST

START_TEST(urlencoded_repeated_keys_keep_order)
{
	ck_assert_int_eq(urlenc("tag=a&tag=b&tag=c"), CXM_OK);
	ck_assert_uint_eq(out.n, 3);
	assert_pair(0, "tag", "a", 1);
	assert_pair(2, "tag", "c", 1);
	ck_assert_str_eq(cxm_pairs_get(&out, "tag")->value, "a");
	ck_assert_ptr_null(cxm_pairs_get(&out, "nope"));
}
END_TEST

START_TEST(urlencoded_stops_at_given_length)
{
	/* the length, not the NUL, ends the input */
	ck_assert_int_eq(cxm_parse_urlencoded(a, "a=12&b=3", 3, &lim, &out, &perr), CXM_OK);
	ck_assert_uint_eq(out.n, 1);
	assert_pair(0, "a", "1", 1);
}
END_TEST

START_TEST(urlencoded_bad_escapes)
{
	assert_urlenc_fails("a=%zz", CXM_ERR_BAD_ESCAPE, "a");
	assert_urlenc_fails("a=%4", CXM_ERR_BAD_ESCAPE, "a");    /* truncated at the end */
	assert_urlenc_fails("a=%", CXM_ERR_BAD_ESCAPE, "a");
	assert_urlenc_fails("a=%4g&b=1", CXM_ERR_BAD_ESCAPE, "a");
	assert_urlenc_fails("ok=1&%zz=1", CXM_ERR_BAD_ESCAPE, NULL);  /* in a name: no field yet */
	/* the pair before the error was kept; callers reject the request anyway */
	ck_assert_uint_eq(out.n, 1);
}
END_TEST

START_TEST(urlencoded_invalid_utf8)
{
	assert_urlenc_fails("a=%C0%AF", CXM_ERR_BAD_UTF8, "a");         /* overlong '/' */
	assert_urlenc_fails("a=%E0%80%AF", CXM_ERR_BAD_UTF8, "a");      /* overlong, 3 bytes */
	assert_urlenc_fails("a=%80", CXM_ERR_BAD_UTF8, "a");            /* lone continuation */
	assert_urlenc_fails("a=%D0", CXM_ERR_BAD_UTF8, "a");            /* cut-off sequence */
	assert_urlenc_fails("a=%ED%A0%80", CXM_ERR_BAD_UTF8, "a");      /* surrogate U+D800 */
	assert_urlenc_fails("a=%F4%90%80%80", CXM_ERR_BAD_UTF8, "a");   /* above U+10FFFF */
	assert_urlenc_fails("a=%FF", CXM_ERR_BAD_UTF8, "a");
	assert_urlenc_fails("a=x%00y", CXM_ERR_BAD_UTF8, "a");          /* decoded NUL */
	assert_urlenc_fails("%C0%AF=1", CXM_ERR_BAD_UTF8, NULL);
	/* raw (unescaped) invalid bytes too */
	assert_urlenc_fails("a=\xC3\x28", CXM_ERR_BAD_UTF8, "a");
}
END_TEST

START_TEST(urlencoded_valid_four_byte_utf8)
{
	/* U+1F600 and U+10FFFF, the largest code point */
	ck_assert_int_eq(urlenc("e=%F0%9F%98%80%F4%8F%BF%BF"), CXM_OK);
	assert_pair(0, "e", "\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF", 8);
}
END_TEST

START_TEST(urlencoded_field_count_limit)
{
	lim.max_fields = 2;
	assert_urlenc_fails("a=1&b=2&c=3", CXM_ERR_TOO_MANY_FIELDS, "c");
	ck_assert_uint_eq(out.n, 2);
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(urlenc("a=1&b=2"), CXM_OK);
}
END_TEST

START_TEST(urlencoded_field_length_limit)
{
	lim.max_field_len = 5;
	ck_assert_int_eq(urlenc("a=12345"), CXM_OK);
	assert_urlenc_fails("a=123456", CXM_ERR_FIELD_TOO_LONG, "a");
	/* the limit counts decoded bytes: 3 letters of 2 bytes each = 6 */
	assert_urlenc_fails("b=%D0%9F%D0%9F%D0%9F", CXM_ERR_FIELD_TOO_LONG, "b");
	/* 2 letters = 4 bytes, although 12 characters encoded */
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(urlenc("b=%D0%9F%D0%9F"), CXM_OK);
	assert_pair(0, "b", "ПП", 4);
	/* names have a limit of their own */
	lim.max_name_len = 4;
	assert_urlenc_fails("abcde=1", CXM_ERR_FIELD_TOO_LONG, NULL);
}
END_TEST

/* ---- multipart ---- */

static const char ctype[] = "multipart/form-data; boundary=XyZ";

static enum cxm_err multipart(const char *ct, const char *body, size_t n)
{
	memset(&out, 0, sizeof(out));
	return cxm_parse_multipart(a, ct, body, n, &lim, &out, &perr);
}

static void assert_multipart_fails(const char *body, enum cxm_err code, const char *field)
{
	enum cxm_err rc = multipart(ctype, body, strlen(body));
	ck_assert_msg(rc == code, "got %s, want %s for:\n%s", cxm_err_name(rc), cxm_err_name(code), body);
	ck_assert_int_eq(perr.code, code);
	if (field)
		ck_assert_str_eq(perr.field, field);
	else
		ck_assert_ptr_null(perr.field);
}

START_TEST(multipart_boundary_parameter)
{
	ck_assert_str_eq(cxm_multipart_boundary(a, "multipart/form-data; boundary=XyZ"), "XyZ");
	ck_assert_str_eq(cxm_multipart_boundary(a, "multipart/form-data;boundary=\"a b;c\""), "a b;c");
	ck_assert_str_eq(cxm_multipart_boundary(a, "multipart/form-data; charset=utf-8; BOUNDARY = q1 "),
	                 "q1");
	ck_assert_ptr_null(cxm_multipart_boundary(a, "multipart/form-data"));
	ck_assert_ptr_null(cxm_multipart_boundary(a, "multipart/form-data; boundary="));
	ck_assert_ptr_null(cxm_multipart_boundary(a, "multipart/form-data; boundary=\"open"));
	ck_assert_ptr_null(cxm_multipart_boundary(a, NULL));
	char ct[128];
	/* RFC 2046: at most 70 characters */
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%070d", 7);
	ck_assert_uint_eq(strlen(cxm_multipart_boundary(a, ct)), 70);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%071d", 7);
	ck_assert_ptr_null(cxm_multipart_boundary(a, ct));
}
END_TEST

START_TEST(multipart_text_and_file_parts)
{
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"title\"\r\n"
		"\r\n"
		"Привет, мир\r\n"
		"--XyZ\r\n"
		"content-disposition: form-data; name=\"upload\"; filename=\"a \\\"b\\\".csv\"\r\n"
		"Content-Type: text/csv\r\n"
		"\r\n"
		"x,y\r\n1,\0\xff\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"empty\"\r\n"
		"\r\n"
		"\r\n"
		"--XyZ--\r\n";
	ck_assert_int_eq(multipart(ctype, body, sizeof(body) - 1), CXM_OK);
	ck_assert_uint_eq(out.n, 3);
	assert_pair(0, "title", "Привет, мир", 20);
	ck_assert_ptr_null(out.v[0].filename);
	ck_assert_ptr_null(out.v[0].content_type);
	/* file bytes are kept as sent, NUL and invalid UTF-8 included */
	assert_pair(1, "upload", "x,y\r\n1,\0\xff", 9);
	ck_assert_str_eq(out.v[1].filename, "a \"b\".csv");
	ck_assert_str_eq(out.v[1].content_type, "text/csv");
	assert_pair(2, "empty", "", 0);
}
END_TEST

START_TEST(multipart_preamble_and_epilogue)
{
	static const char body[] =
		"This is the preamble.\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"a\"\r\n"
		"\r\n"
		"1\r\n"
		"--XyZ--\r\n"
		"epilogue is ignored";
	ck_assert_int_eq(multipart(ctype, body, sizeof(body) - 1), CXM_OK);
	ck_assert_uint_eq(out.n, 1);
	assert_pair(0, "a", "1", 1);
}
END_TEST

START_TEST(multipart_value_containing_boundary_like_text)
{
	/* "--XyZ" without the CRLF before it is data, not a delimiter */
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"a\"\r\n"
		"\r\n"
		"x--XyZ y\r\n"
		"--XyZ--";
	ck_assert_int_eq(multipart(ctype, body, sizeof(body) - 1), CXM_OK);
	assert_pair(0, "a", "x--XyZ y", 8);
}
END_TEST

START_TEST(multipart_truncated)
{
	/* the closing delimiter never comes */
	assert_multipart_fails("--XyZ\r\n"
	                       "Content-Disposition: form-data; name=\"a\"\r\n"
	                       "\r\n"
	                       "value without end",
	                       CXM_ERR_MULTIPART_TRUNCATED, "a");
	/* cut inside the part headers */
	assert_multipart_fails("--XyZ\r\nContent-Disposition: form-da", CXM_ERR_MULTIPART_TRUNCATED, NULL);
	/* cut right after a delimiter */
	assert_multipart_fails("--XyZ", CXM_ERR_MULTIPART_TRUNCATED, NULL);
	assert_multipart_fails("--XyZ\r\n"
	                       "Content-Disposition: form-data; name=\"a\"\r\n"
	                       "\r\n"
	                       "1\r\n"
	                       "--XyZ",
	                       CXM_ERR_MULTIPART_TRUNCATED, NULL);
	/* an empty body */
	assert_multipart_fails("", CXM_ERR_MULTIPART_TRUNCATED, NULL);
}
END_TEST

START_TEST(multipart_boundary_errors)
{
	ck_assert_int_eq(multipart("multipart/form-data", "--XyZ--", 7), CXM_ERR_MULTIPART_BOUNDARY);
	ck_assert_int_eq(perr.code, CXM_ERR_MULTIPART_BOUNDARY);
	/* a body that never mentions the boundary */
	assert_multipart_fails("--Other\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--Other--",
	                       CXM_ERR_MULTIPART_BOUNDARY, NULL);
}
END_TEST

START_TEST(multipart_bad_part_headers)
{
	/* no name */
	assert_multipart_fails("--XyZ\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\n1\r\n--XyZ--",
	                       CXM_ERR_MULTIPART_HEADER, NULL);
	/* no Content-Disposition at all */
	assert_multipart_fails("--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--",
	                       CXM_ERR_MULTIPART_HEADER, NULL);
	/* a header line without a colon */
	assert_multipart_fails("--XyZ\r\nContent-Disposition form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--",
	                       CXM_ERR_MULTIPART_HEADER, NULL);
	/* an unterminated quoted name */
	assert_multipart_fails("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XyZ--",
	                       CXM_ERR_MULTIPART_HEADER, NULL);
	/* not form-data */
	assert_multipart_fails("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--XyZ--",
	                       CXM_ERR_MULTIPART_HEADER, NULL);
	/* garbage instead of CRLF after the delimiter */
	assert_multipart_fails("--XyZjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--",
	                       CXM_ERR_MULTIPART_HEADER, NULL);
}
END_TEST

START_TEST(multipart_invalid_utf8_in_text_part)
{
	assert_multipart_fails("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n\xC0\xAF\r\n--XyZ--",
	                       CXM_ERR_BAD_UTF8, "note");
	/* and in a part header */
	assert_multipart_fails("--XyZ\r\nContent-Disposition: form-data; name=\"\xED\xA0\x80\"\r\n\r\n1\r\n--XyZ--",
	                       CXM_ERR_BAD_UTF8, NULL);
}
END_TEST

START_TEST(multipart_limits)
{
	static const char two[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n123456\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.bin\"\r\n\r\n1234567890\r\n"
		"--XyZ--";
	lim.max_field_len = 6;
	/* a text part at the limit and a larger file part: files are not limited
	 * by max_field_len (max_body bounds them) */
	ck_assert_int_eq(multipart(ctype, two, sizeof(two) - 1), CXM_OK);
	ck_assert_uint_eq(out.n, 2);
	lim.max_field_len = 5;
	assert_multipart_fails(two, CXM_ERR_FIELD_TOO_LONG, "a");
	lim.max_field_len = 6;
	lim.max_fields = 1;
	assert_multipart_fails(two, CXM_ERR_TOO_MANY_FIELDS, "f");
}
END_TEST

/* ---- cookies ---- */

START_TEST(cookies_parsed)
{
	cxm_parse_cookies(a, "  sid = abc ;lang=en; q=\"quoted value\"; e=", &out);
	ck_assert_uint_eq(out.n, 4);
	assert_pair(0, "sid", "abc", 3);
	assert_pair(1, "lang", "en", 2);
	assert_pair(2, "q", "quoted value", 12);
	assert_pair(3, "e", "", 0);
}
END_TEST

START_TEST(cookies_malformed_pieces_skipped)
{
	/* pieces without '=', without a name, or with invalid UTF-8 are dropped;
	 * values are not percent-decoded */
	cxm_parse_cookies(a, "junk; a=1; =x; b=\xC0\xAF; c=%41;; last", &out);
	ck_assert_uint_eq(out.n, 2);
	assert_pair(0, "a", "1", 1);
	assert_pair(1, "c", "%41", 3);
	memset(&out, 0, sizeof(out));
	cxm_parse_cookies(a, NULL, &out);
	ck_assert_uint_eq(out.n, 0);
	cxm_parse_cookies(a, "", &out);
	ck_assert_uint_eq(out.n, 0);
}
END_TEST

START_TEST(cookies_at_most_64)
{
	char header[2048] = "";
	for (int i = 0; i < 70; i++) {
		char piece[16];
		snprintf(piece, sizeof(piece), "k%d=%d; ", i, i);
		strcat(header, piece);
	}
	cxm_parse_cookies(a, header, &out);
	ck_assert_uint_eq(out.n, 64);
	assert_pair(63, "k63", "63", 2);
}
END_TEST

START_TEST(hex_digits)
{
	ck_assert_int_eq(cxm_hex_digit('0'), 0);
	ck_assert_int_eq(cxm_hex_digit('9'), 9);
	ck_assert_int_eq(cxm_hex_digit('a'), 10);
	ck_assert_int_eq(cxm_hex_digit('F'), 15);
	ck_assert_int_eq(cxm_hex_digit('g'), -1);
	ck_assert_int_eq(cxm_hex_digit('/'), -1);
	ck_assert_int_eq(cxm_hex_digit(':'), -1);
	ck_assert_int_eq(cxm_hex_digit('@'), -1);
}
END_TEST

static Suite *form_suite(void)
{
	Suite *s = suite_create("form");
	TCase *u = tcase_create("urlencoded");
	tcase_add_checked_fixture(u, setup, teardown);
	tcase_add_test(u, urlencoded_plain_values);
	tcase_add_test(u, urlencoded_cyrillic_escapes);
	tcase_add_test(u, urlencoded_empty_and_odd_pieces);
	tcase_add_test(u, urlencoded_repeated_keys_keep_order);
	tcase_add_test(u, urlencoded_stops_at_given_length);
	tcase_add_test(u, urlencoded_bad_escapes);
	tcase_add_test(u, urlencoded_invalid_utf8);
	tcase_add_test(u, urlencoded_valid_four_byte_utf8);
	tcase_add_test(u, urlencoded_field_count_limit);
	tcase_add_test(u, urlencoded_field_length_limit);
	suite_add_tcase(s, u);
	TCase *m = tcase_create("multipart");
	tcase_add_checked_fixture(m, setup, teardown);
	tcase_add_test(m, multipart_boundary_parameter);
	tcase_add_test(m, multipart_text_and_file_parts);
	tcase_add_test(m, multipart_preamble_and_epilogue);
	tcase_add_test(m, multipart_value_containing_boundary_like_text);
	tcase_add_test(m, multipart_truncated);
	tcase_add_test(m, multipart_boundary_errors);
	tcase_add_test(m, multipart_bad_part_headers);
	tcase_add_test(m, multipart_invalid_utf8_in_text_part);
	tcase_add_test(m, multipart_limits);
	suite_add_tcase(s, m);
	TCase *c = tcase_create("cookies");
	tcase_add_checked_fixture(c, setup, teardown);
	tcase_add_test(c, cookies_parsed);
	tcase_add_test(c, cookies_malformed_pieces_skipped);
	tcase_add_test(c, cookies_at_most_64);
	tcase_add_test(c, hex_digits);
	suite_add_tcase(s, c);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(form_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
