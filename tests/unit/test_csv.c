/* CSV reading and writing (core/csv.c). Every input is parsed whole and
 * rendered as "LINE:[field|field]" per record, with "!flag@line" for a
 * flagged record and a last line "end" or "fatal NAME@LINE", so each test
 * compares one exact string worked out by hand. The same inputs go through
 * the FILE reader, including records that straddle its 64 KB blocks. The
 * writer's output is compared byte for byte. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct text {
	char *s;
	size_t len, cap;
};

static void add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = 0;
}

/* Appends prefix, name (when not NULL), "@" when a name was given, the
 * number and suffix: ("", NULL, 3, ":[") -> "3:[" and ("!", "x", 3, "")
 * -> "!x@3". */
static void addf(struct text *t, const char *prefix, const char *name, long v, const char *suffix)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "%s%s%s%ld%s", prefix, name ? name : "", name ? "@" : "", v,
	                 suffix);
	add(t, buf, (size_t)n);
}

static char *render(struct cxm_csv_reader *r)
{
	struct text t = {0};
	add(&t, "", 0);
	struct cxm_csv_row row;
	int rc;
	while ((rc = cxm_csv_next(r, &row)) == 1) {
		addf(&t, "", NULL, row.line, ":[");
		for (size_t i = 0; i < row.n; i++) {
			if (i)
				add(&t, "|", 1);
			add(&t, row.f[i], strlen(row.f[i]));
		}
		add(&t, "]", 1);
		if (row.error)
			addf(&t, "!", cxm_csv_error_names[row.error], row.error_line, "");
		add(&t, "\n", 1);
	}
	long line = 0;
	enum cxm_csv_error e = cxm_csv_fatal(r, &line);
	if (rc == 0) {
		ck_assert_int_eq(e, CXM_CSV_OK);
		add(&t, "end", 3);
	} else {
		ck_assert_int_gt(e, CXM_CSV_FATAL);
		addf(&t, "fatal ", cxm_csv_error_names[e], line, "");
	}
	return t.s;
}

/* Parses s (n bytes) from a buffer and from a FILE; both must agree. */
static char *parse_n(const char *s, size_t n, char sep)
{
	struct cxm_csv_reader *r = cxm_csv_open_buf(s, n, sep);
	char *from_buf = render(r);
	cxm_csv_close(r);
	FILE *f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(s, 1, n, f), n);
	rewind(f);
	r = cxm_csv_open_file(f, sep);
	char *from_file = render(r);
	cxm_csv_close(r);
	fclose(f);
	ck_assert_str_eq(from_file, from_buf);
	free(from_file);
	return from_buf;
}

static char *parse(const char *s, char sep)
{
	return parse_n(s, strlen(s), sep);
}

#define ASSERT_PARSE(input, sep, want) \
	do { \
		char *got_ = parse(input, sep); \
		ck_assert_str_eq(got_, want); \
		free(got_); \
	} while (0)

START_TEST(simple_lf_and_crlf)
{
	ASSERT_PARSE("name,email\nAnna,a@x.by\nBoris,b@x.by\n", 0,
	             "1:[name|email]\n2:[Anna|a@x.by]\n3:[Boris|b@x.by]\nend");
	ASSERT_PARSE("name,email\r\nAnna,a@x.by\r\nBoris,b@x.by\r\n", 0,
	             "1:[name|email]\n2:[Anna|a@x.by]\n3:[Boris|b@x.by]\nend");
	/* no line break after the last record; a lone CR ends a line too */
	ASSERT_PARSE("a,b\rc,d\r1,2", 0, "1:[a|b]\n2:[c|d]\n3:[1|2]\nend");
	ASSERT_PARSE("", 0, "end");
	ASSERT_PARSE("\n\n", 0, "end");
}
END_TEST

START_TEST(separator_detected_or_given)
{
	/* two semicolons against one comma in the header */
	ASSERT_PARSE("Имя;Почта;Город, область\nАнна;a@x.by;Минск, Минская\n", 0,
	             "1:[Имя|Почта|Город, область]\n2:[Анна|a@x.by|Минск, Минская]\nend");
	/* separators inside quotes do not count */
	ASSERT_PARSE("\"a;b;c\",d\n1,2\n", 0, "1:[a;b;c|d]\n2:[1|2]\nend");
	/* a tie (here: none at all) means comma */
	ASSERT_PARSE("name\nx;y\n", 0, "1:[name]\n2:[x;y]\nend");
	/* given explicitly, the header does not decide */
	ASSERT_PARSE("a,b;c\n1,2;3\n", ';', "1:[a,b|c]\n2:[1,2|3]\nend");
	struct cxm_csv_reader *r = cxm_csv_open_buf("x;y\n", 4, 0);
	struct cxm_csv_row row;
	ck_assert_int_eq(cxm_csv_next(r, &row), 1);
	ck_assert_int_eq(cxm_csv_separator(r), ';');
	cxm_csv_close(r);
}
END_TEST

START_TEST(byte_order_mark)
{
	ASSERT_PARSE("\xef\xbb\xbfname;city\nАнна;Брест\n", 0, "1:[name|city]\n2:[Анна|Брест]\nend");
	/* only at the very start is it a mark */
	ASSERT_PARSE("a\n\xef\xbb\xbf" "b\n", 0, "1:[a]\n2:[\xef\xbb\xbf" "b]\nend");
	ASSERT_PARSE("\xff\xfen\0a\0m\0e\0", 0, "fatal utf16@1");
}
END_TEST

START_TEST(quoted_fields)
{
	/* embedded separator, doubled quotes, line breaks (LF and CRLF kept) */
	ASSERT_PARSE("a;b;c\r\n\"x;y\";\"say \"\"hi\"\"\";\"two\nlines\"\r\n\"3\r\nlines\r\nhere\";\"\";z\r\nlast;1;2\r\n",
	             0,
	             "1:[a|b|c]\n2:[x;y|say \"hi\"|two\nlines]\n4:[3\r\nlines\r\nhere||z]\n7:[last|1|2]\nend");
	/* a quote inside an unquoted field is just a character */
	ASSERT_PARSE("a,b\nab\"c,d\n", 0, "1:[a|b]\n2:[ab\"c|d]\nend");
	/* empty fields, trailing separator */
	ASSERT_PARSE("a;b;c\n;;\n1;;\n", 0, "1:[a|b|c]\n2:[||]\n3:[1||]\nend");
}
END_TEST

START_TEST(line_numbers_with_blank_lines)
{
	ASSERT_PARSE("h1,h2\n\nA,\"x\ny\"\n\r\n\nB,z\n", 0, "1:[h1|h2]\n3:[A|x\ny]\n7:[B|z]\nend");
}
END_TEST

START_TEST(more_fields_than_header)
{
	/* flagged, and reading goes on; extra empty fields are dropped */
	ASSERT_PARSE("a;b\n1;2;3\n4;5;;\n\"6\n\";7;8\n9;10\n", 0,
	             "1:[a|b]\n2:[1|2|3]!too_many_fields@2\n3:[4|5]\n4:[6\n|7|8]!too_many_fields@4\n6:[9|10]\nend");
	/* fewer fields are fine */
	ASSERT_PARSE("a;b;c\n1\n", 0, "1:[a|b|c]\n2:[1]\nend");
}
END_TEST

START_TEST(invalid_utf8)
{
	ASSERT_PARSE("name;city\nAnna;\xc3\x28\nBoris;\"ok\n\xff\"\nC;D\n", 0,
	             "1:[name|city]\n2:[Anna|\xc3\x28]!bad_utf8@2\n3:[Boris|ok\n\xff]!bad_utf8@3\n5:[C|D]\nend");
	/* windows-1251 "Анна" is not UTF-8 */
	ASSERT_PARSE("name\n\xc0\xed\xed\xe0\n", 0, "1:[name]\n2:[\xc0\xed\xed\xe0]!bad_utf8@2\nend");
	/* a NUL byte inside a field */
	char in[] = "a\nx\0y\nz\n";
	char *got = parse_n(in, sizeof(in) - 1, 0);
	ck_assert_str_eq(got, "1:[a]\n2:[x]!bad_utf8@2\n3:[z]\nend");
	free(got);
}
END_TEST

START_TEST(unterminated_quote_is_fatal)
{
	ASSERT_PARSE("a;b\n1;2\n3;\"open\n4;5\n6;7\n", 0, "1:[a|b]\n2:[1|2]\nfatal unterminated@3");
	ASSERT_PARSE("\"header", 0, "fatal unterminated@1");
}
END_TEST

START_TEST(text_after_closing_quote)
{
	ASSERT_PARSE("a,b\n\"ab\"c,d\n\"x\" ,y\n", 0,
	             "1:[a|b]\n2:[abc|d]!bad_quote@2\n3:[x |y]!bad_quote@3\nend");
}
END_TEST

START_TEST(limits)
{
	/* a field over 1 MB */
	size_t n = CXM_CSV_MAX_FIELD + 10;
	char *big = malloc(n + 8);
	memcpy(big, "a\n\"", 3);
	memset(big + 3, 'x', n);
	memcpy(big + 3 + n, "\"\n", 3);
	char *got = parse(big, 0);
	ck_assert_str_eq(got, "1:[a]\nfatal field_too_long@2");
	free(got);
	free(big);
	/* a record of more than 2000 fields */
	struct text t = {0};
	for (int i = 0; i < CXM_CSV_MAX_FIELDS + 1; i++)
		add(&t, i ? ",x" : "x", i ? 2 : 1);
	add(&t, "\n", 1);
	got = parse(t.s, 0);
	ck_assert_str_eq(got, "fatal too_many_columns@1");
	free(got);
	free(t.s);
}
END_TEST

START_TEST(records_straddle_file_blocks)
{
	/* The FILE reader reads 64 KB at a time: put a quoted CRLF, a doubled
	 * quote and a CRLF record end across every offset near the edge. */
	for (size_t pad = 65520; pad < 65545; pad++) {
		struct text t = {0};
		add(&t, "a;b\r\n", 5);
		char *fill = malloc(pad);
		memset(fill, 'p', pad);
		add(&t, fill, pad);
		const char *tail = ";\"q\"\"\r\nr\"\r\nz;\xd0\x96\r\n";
		add(&t, tail, strlen(tail));
		char *got = parse_n(t.s, t.len, 0);
		struct text want = {0};
		add(&want, "1:[a|b]\n2:[", 11);
		add(&want, fill, pad);
		const char *wtail = "|q\"\r\nr]\n4:[z|\xd0\x96]\nend";
		add(&want, wtail, strlen(wtail));
		ck_assert_str_eq(got, want.s);
		free(got);
		free(want.s);
		free(fill);
		free(t.s);
	}
}
END_TEST

START_TEST(unguard)
{
	ck_assert_str_eq(cxm_csv_unguard("'=SUM(A1)"), "=SUM(A1)");
	ck_assert_str_eq(cxm_csv_unguard("'+375291234567"), "+375291234567");
	ck_assert_str_eq(cxm_csv_unguard("'-1"), "-1");
	ck_assert_str_eq(cxm_csv_unguard("'@x"), "@x");
	ck_assert_str_eq(cxm_csv_unguard("'quoted'"), "'quoted'");
	ck_assert_str_eq(cxm_csv_unguard("''=x"), "''=x");
	ck_assert_str_eq(cxm_csv_unguard("plain"), "plain");
	ck_assert_str_eq(cxm_csv_unguard(""), "");
}
END_TEST

/* ---- writer ---- */

static struct text written;
static int fail_after = -1;

static int sink(void *ctx, const char *data, size_t n)
{
	(void)ctx;
	if (fail_after == 0)
		return -1;
	if (fail_after > 0)
		fail_after--;
	add(&written, data, n);
	return 0;
}

static void reset_sink(void)
{
	free(written.s);
	memset(&written, 0, sizeof(written));
	add(&written, "", 0);
	fail_after = -1;
}

START_TEST(writer_quotes_only_where_needed)
{
	reset_sink();
	struct cxm_csv_writer w;
	cxm_csv_writer_init(&w, ';', sink, NULL);
	cxm_csv_write_bom(&w);
	cxm_csv_write_str(&w, "name");
	cxm_csv_write_str(&w, "note");
	cxm_csv_write_str(&w, "");
	cxm_csv_end_row(&w);
	cxm_csv_write_str(&w, "Анна Иванова");
	cxm_csv_write_str(&w, "a;b, \"c\"\nd");
	cxm_csv_write_field(&w, NULL, 0);
	cxm_csv_end_row(&w);
	cxm_csv_write_str(&w, "x,y");
	cxm_csv_end_row(&w);
	ck_assert_int_eq(cxm_csv_flush(&w), 0);
	ck_assert_str_eq(written.s, "\xef\xbb\xbfname;note;\r\n"
	                            "Анна Иванова;\"a;b, \"\"c\"\"\nd\";\r\n"
	                            "x,y\r\n");
	/* with a comma separator the comma is what needs quotes */
	reset_sink();
	cxm_csv_writer_init(&w, ',', sink, NULL);
	cxm_csv_write_str(&w, "x,y");
	cxm_csv_write_str(&w, "a;b");
	cxm_csv_end_row(&w);
	cxm_csv_flush(&w);
	ck_assert_str_eq(written.s, "\"x,y\",a;b\r\n");
}
END_TEST

START_TEST(writer_formula_injection_defence)
{
	reset_sink();
	struct cxm_csv_writer w;
	cxm_csv_writer_init(&w, ';', sink, NULL);
	const char *cells[] = {"=HYPERLINK(\"http://x\";\"y\")", "+375291234567", "-5", "@SUM(A1)",
	                       "\tx", "a=b", "'=already"};
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
		cxm_csv_write_str(&w, cells[i]);
	cxm_csv_end_row(&w);
	cxm_csv_flush(&w);
	ck_assert_str_eq(written.s,
	                 "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";'+375291234567;'-5;'@SUM(A1);'\tx;a=b;'=already\r\n");
	/* and the reader gives back what was written */
	struct cxm_csv_reader *r = cxm_csv_open_buf(written.s, written.len, ';');
	struct cxm_csv_row row;
	ck_assert_int_eq(cxm_csv_next(r, &row), 1);
	ck_assert_uint_eq(row.n, sizeof(cells) / sizeof(cells[0]));
	for (size_t i = 0; i < row.n - 1; i++)
		ck_assert_str_eq(cxm_csv_unguard(row.f[i]), cells[i]);
	cxm_csv_close(r);
	/* off: cells as they are */
	reset_sink();
	cxm_csv_writer_init(&w, ';', sink, NULL);
	w.guard = 0;
	cxm_csv_write_str(&w, "=1+2");
	cxm_csv_end_row(&w);
	cxm_csv_flush(&w);
	ck_assert_str_eq(written.s, "=1+2\r\n");
}
END_TEST

START_TEST(writer_large_output_and_failure)
{
	reset_sink();
	struct cxm_csv_writer w;
	cxm_csv_writer_init(&w, ',', sink, NULL);
	for (int i = 0; i < 10000; i++) {
		cxm_csv_write_str(&w, "0123456789");
		cxm_csv_end_row(&w);
	}
	ck_assert_int_eq(cxm_csv_flush(&w), 0);
	ck_assert_uint_eq(written.len, 120000);
	/* a failing sink stops the writer and is reported */
	reset_sink();
	fail_after = 2;
	cxm_csv_writer_init(&w, ',', sink, NULL);
	for (int i = 0; i < 10000; i++) {
		cxm_csv_write_str(&w, "0123456789");
		cxm_csv_end_row(&w);
	}
	ck_assert_int_eq(cxm_csv_flush(&w), -1);
	ck_assert_uint_eq(written.len, 2 * sizeof(w.buf));
	reset_sink();
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *r = tcase_create("reader");
	tcase_add_test(r, simple_lf_and_crlf);
	tcase_add_test(r, separator_detected_or_given);
	tcase_add_test(r, byte_order_mark);
	tcase_add_test(r, quoted_fields);
	tcase_add_test(r, line_numbers_with_blank_lines);
	tcase_add_test(r, more_fields_than_header);
	tcase_add_test(r, invalid_utf8);
	tcase_add_test(r, unterminated_quote_is_fatal);
	tcase_add_test(r, text_after_closing_quote);
	tcase_add_test(r, limits);
	tcase_add_test(r, records_straddle_file_blocks);
	tcase_add_test(r, unguard);
	suite_add_tcase(s, r);
	TCase *w = tcase_create("writer");
	tcase_add_test(w, writer_quotes_only_where_needed);
	tcase_add_test(w, writer_formula_injection_defence);
	tcase_add_test(w, writer_large_output_and_failure);
	suite_add_tcase(s, w);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(csv_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
