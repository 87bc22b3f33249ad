/* The import engine (core/import.c) and "cxmctl import" against a real,
 * migrated database. The central file: 1000 client rows with a multi-line
 * quoted comment at row 50 (so every later row sits one line further down)
 * and three bad rows: a malformed e-mail (row 100, line 102), a birth date
 * in the future (row 500, line 502) and the e-mail of row 10 again (row
 * 800, line 802; row 10 is on line 11). The line numbers and reasons below
 * are worked out from that layout by hand. Tables are compared as full
 * dumps (every column of clients, tags, client_tags, client_values,
 * interactions) before and after. Every test has a fresh database. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "arena.h"
#include "client.h"
#include "db.h"
#include "harness.h"
#include "i18n.h"
#include "import.h"
#include "jobs.h"
#include "log.h"

static char *dir;
static char *conf;
static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz_a, biz_b;

static long long make_business(const char *slug)
{
	uint64_t id = 0;
	ck_assert(cxm_db_exec(db, "INSERT INTO businesses (slug, name, timezone) VALUES (?, ?, 'Europe/Minsk')",
	                      CXM_PARAMS(CXM_PSTR(slug), CXM_PSTR(slug)), NULL, &id) == CXM_OK);
	return (long long)id;
}

static void setup(void)
{
	dir = th_tmpdir("imp");
	conf = malloc(4200);
	snprintf(conf, 4200, "%s/cxm.conf", dir);
	char *dsn = th_db_create_migrated("imp");
	FILE *f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "db_dsn = %s\nsql_dir = %s/sql\n", dsn, th_srcdir());
	fclose(f);
	db = th_db_connect(dsn);
	setenv("CXM_IMPORT_TEST_DSN", dsn, 1);
	arena = cxm_arena_new(65536);
	biz_a = make_business("alpha");
	biz_b = make_business("bravo");
	free(dsn);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* ---- helpers --------------------------------------------------------- */

struct text {
	char *s;
	size_t len, cap;
};

static void tprintf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tprintf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->cap);
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* Every row of the client-base tables, every column, in a fixed order. */
static char *dump(void)
{
	static const char *const queries[] = {
		"SELECT * FROM clients ORDER BY id",
		"SELECT * FROM tags ORDER BY id",
		"SELECT * FROM client_tags ORDER BY client_id, tag_id",
		"SELECT * FROM client_values ORDER BY client_id, field_id",
		"SELECT * FROM interactions ORDER BY id",
		"SELECT * FROM services ORDER BY id",
	};
	struct text t = {0};
	tprintf(&t, "%s", "");
	for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		struct cxm_rows r;
		ck_assert(cxm_db_query(db, arena, queries[q], CXM_NOPARAMS, &r) == CXM_OK);
		tprintf(&t, "-- %s (%zu)\n", queries[q], r.nrows);
		for (size_t i = 0; i < r.nrows; i++) {
			for (size_t c = 0; c < r.ncols; c++) {
				const char *v = cxm_rows_get(&r, i, c);
				tprintf(&t, "%s%s", c ? "|" : "", v ? v : "NULL");
			}
			tprintf(&t, "\n");
		}
	}
	return t.s;
}

static long long count(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s", cxm_db_error(db));
	return cxm_rows_int(&r, 0, 0, -1);
}

static const char *value(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s", cxm_db_error(db));
	return r.nrows ? cxm_rows_get(&r, 0, 0) : NULL;
}

/* The 1000-row file; bad = 1 puts the three bad rows in. */
static char *thousand(int bad)
{
	struct text t = {0};
	tprintf(&t, "\xef\xbb\xbf" "Код клиента;ФИО;E-mail;Телефон;Дата рождения;Город;Теги;Комментарий\r\n");
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
		tprintf(&t, "E%04d;\"Клиентова, Анна %d\";%s;8029%07d;%s;Минск;%s;%s\r\n", r, r, email, r, birth,
		        r % 3 == 0 ? "VIP, постоянный" : "новый",
		        r == 50 ? "\"звонить\r\nпосле обеда\"" : "");
	}
	return t.s;
}

static void run(enum cxm_import_kind kind, long long biz, const char *csv, const char *mapping,
                int dry, struct cxm_import_result *res)
{
	struct cxm_import_opts o = {
		.kind = kind, .business_id = biz, .timezone = "Europe/Minsk", .currency = "BYN",
		.mapping = mapping, .dry_run = dry,
	};
	struct cxm_import_source src = {.data = csv, .len = strlen(csv)};
	ck_assert_int_eq(cxm_import_run(db, arena, &o, &src, res), CXM_OK);
}

/* "LINE reason-text" per reason, in English. */
static char *reasons(enum cxm_import_kind kind, long long biz, const struct cxm_import_result *res)
{
	struct cxm_custom_fields cf = {0};
	if (kind == CXM_IMPORT_CLIENTS)
		ck_assert(cxm_custom_fields_load(db, arena, biz, &cf) == CXM_OK);
	struct text t = {0};
	tprintf(&t, "%s", "");
	for (size_t i = 0; i < res->nreasons; i++)
		tprintf(&t, "%ld %s\n", res->reasons[i].line,
		        cxm_import_reason_text(arena, kind, &cf, &res->reasons[i]));
	return t.s;
}

static void add_client(long long biz, const char *ext, const char *name, const char *email,
                       const char *city)
{
	ck_assert(cxm_db_exec(db,
	                      "INSERT INTO clients (business_id, external_id, name, email, city, phone,"
	                      " first_seen, last_seen_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?,"
	                      " '+375291112233', '2025-01-02', '2025-01-02', '2025-01-02 10:00:00',"
	                      " '2025-01-02 10:00:00')",
	                      CXM_PARAMS(CXM_PINT(biz), ext ? CXM_PSTR(ext) : CXM_PNULL, CXM_PSTR(name),
	                                 CXM_PSTR(email), CXM_PSTR(city)),
	                      NULL, NULL) == CXM_OK);
}

static const char *const three_reasons =
	"102 E-mail: Enter a valid e-mail address, e.g. anna@example.com.\n"
	"502 Date of birth: The date is in the future.\n"
	"802 E-mail: The same e-mail is on line 11.\n";

/* ---- the engine -------------------------------------------------------- */

START_TEST(three_bad_rows_change_nothing)
{
	add_client(biz_a, "OLD1", "Старый Клиент", "old@example.by", "Брест");
	add_client(biz_b, "E0001", "Чужой", "client1@example.by", "Гомель");
	char *before = dump();
	char *csv = thousand(1);
	struct cxm_import_result res;
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_REFUSED);
	ck_assert_int_eq(res.rows, 1000);
	ck_assert_int_eq(res.bad_rows, 3);
	ck_assert_int_eq(res.inserted + res.updated + res.unchanged, 0);
	ck_assert_str_eq(reasons(CXM_IMPORT_CLIENTS, biz_a, &res), three_reasons);
	char *after = dump();
	ck_assert_str_eq(after, before);
	/* a dry run of the same file reports the same, and writes nothing either */
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 1, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_REFUSED);
	ck_assert_str_eq(reasons(CXM_IMPORT_CLIENTS, biz_a, &res), three_reasons);
	free(after);
	after = dump();
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	free(csv);
}
END_TEST

START_TEST(fixed_file_imports_all_then_again_nothing)
{
	add_client(biz_b, "E0001", "Чужой", "client1@example.by", "Гомель");
	char *b_before = dump();
	char *csv = thousand(0);
	struct cxm_import_result res;
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_APPLIED);
	ck_assert_int_eq(res.rows, 1000);
	ck_assert_int_eq(res.inserted, 1000);
	ck_assert_int_eq(res.updated, 0);
	ck_assert_int_eq(res.bad_rows, 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz_a))),
	                 1000);
	/* row 50: the values as the model normalises them */
	struct cxm_rows r;
	ck_assert(cxm_db_query(db, arena,
	                       "SELECT name, email, phone, birth_date, age_band, city, first_seen = UTC_DATE(),"
	                       " marketing_consent FROM clients WHERE business_id = ? AND external_id = 'E0050'",
	                       CXM_PARAMS(CXM_PINT(biz_a)), &r) == CXM_OK);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "Клиентова, Анна 50");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 1), "client50@example.by");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 2), "+375290000050");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 3), "1950-03-23");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 4), "60plus");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 5), "Минск");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 6), "1");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 7), "0");
	/* tags: every third row has two */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM client_tags WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz_a))),
	                 1000 + 333);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM tags WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz_a))), 3);
	ck_assert_str_eq(value("SELECT GROUP_CONCAT(t.name ORDER BY t.name SEPARATOR ',') FROM client_tags ct"
	                       " JOIN tags t ON t.id = ct.tag_id JOIN clients c ON c.id = ct.client_id"
	                       " WHERE c.external_id = 'E0003' AND c.business_id = ?",
	                       CXM_PARAMS(CXM_PINT(biz_a))),
	                 "VIP,постоянный");
	/* B's client with the same external id and e-mail as row 1 is untouched */
	ck_assert_str_eq(value("SELECT name FROM clients WHERE business_id = ? AND external_id = 'E0001'",
	                       CXM_PARAMS(CXM_PINT(biz_b))),
	                 "Чужой");

	/* again: nothing changes, not even updated_at */
	char *before = dump();
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_APPLIED);
	ck_assert_int_eq(res.inserted, 0);
	ck_assert_int_eq(res.updated, 0);
	ck_assert_int_eq(res.unchanged, 1000);
	char *after = dump();
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	free(b_before);
	free(csv);
}
END_TEST

START_TEST(match_by_external_id_updates_only_mapped_columns)
{
	add_client(biz_a, "X1", "Ирина Петрова", "irina@example.by", "Брест");
	add_client(biz_a, NULL, "Олег", "oleg@example.by", "Гродно");
	const char *before_email = value("SELECT email FROM clients WHERE external_id = 'X1'", CXM_NOPARAMS);
	ck_assert_str_eq(before_email, "irina@example.by");
	/* by external id: only city; by e-mail (no external id in the row):
	 * city and the external id it now gets */
	const char *csv = "external_id,email,city\nX1,,Витебск\nX2,OLEG@example.by,Могилёв\n";
	struct cxm_import_result res;
	run(CXM_IMPORT_CLIENTS, biz_a, csv, "external_id=external_id\ncity=city\nemail=email\n", 0, &res);
	/* row 1's blank e-mail would clear it: the e-mail column is mapped */
	ck_assert_int_eq(res.status, CXM_IMPORT_APPLIED);
	ck_assert_int_eq(res.inserted, 0);
	ck_assert_int_eq(res.updated, 2);
	struct cxm_rows r;
	ck_assert(cxm_db_query(db, arena,
	                       "SELECT external_id, name, IFNULL(email, '-'), city, phone FROM clients"
	                       " WHERE business_id = ? ORDER BY id",
	                       CXM_PARAMS(CXM_PINT(biz_a)), &r) == CXM_OK);
	ck_assert_uint_eq(r.nrows, 2);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "X1");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 1), "Ирина Петрова");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 2), "-");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 3), "Витебск");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 4), "+375291112233");
	ck_assert_str_eq(cxm_rows_get(&r, 1, 0), "X2");
	ck_assert_str_eq(cxm_rows_get(&r, 1, 1), "Олег");
	ck_assert_str_eq(cxm_rows_get(&r, 1, 2), "oleg@example.by");
	ck_assert_str_eq(cxm_rows_get(&r, 1, 3), "Могилёв");

	/* only the city column mapped: the name column of the file is ignored */
	csv = "external_id;name;city\nX1;Другое Имя;Минск\n";
	run(CXM_IMPORT_CLIENTS, biz_a, csv, "external_id=external_id\nname=\ncity=city\n", 0, &res);
	ck_assert_int_eq(res.updated, 1);
	ck_assert_str_eq(value("SELECT CONCAT(name, '/', city) FROM clients WHERE external_id = 'X1'", CXM_NOPARAMS),
	                 "Ирина Петрова/Минск");
}
END_TEST

START_TEST(other_business_never_matched_or_touched)
{
	add_client(biz_b, "B-7", "Клиент Б", "shared@example.by", "Брест");
	char *before = dump();
	const char *csv = "email;name;city\nshared@example.by;Клиент А;Минск\n";
	struct cxm_import_result res;
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_APPLIED);
	ck_assert_int_eq(res.inserted, 1);
	csv = "external_id;name\nB-7;Ещё один А\n";
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_APPLIED);
	ck_assert_int_eq(res.inserted, 1);
	ck_assert_int_eq(res.updated, 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz_a))), 2);
	/* B's row is byte for byte what it was: it is the first client */
	char *after = dump();
	const char *b_before = strstr(before, "\n") + 1, *b_after = strstr(after, "\n") + 1;
	size_t n = (size_t)(strchr(b_before, '\n') - b_before);
	ck_assert(strncmp(b_before, b_after, n + 1) == 0);
	ck_assert(strncmp(b_before, "1|2|B-7|", 8) == 0);
	free(before);
	free(after);
}
END_TEST

START_TEST(multiline_fields_and_blank_lines_count)
{
	const char *csv =
		"name;email;note\n"            /* 1 */
		"Анна;anna@example.by;\"a\n"  /* 2 */
		"b\n"                          /* 3 */
		"c\"\n"                        /* 4 */
		"\n"                           /* 5: blank, skipped */
		";;\n"                         /* 6: only separators, skipped */
		"Борис;boris@;x\n"             /* 7 */
		"\"Вера\nВерова\";vera@example.by;\n"   /* 8-9: a name with a line break */
		"Галина;galina@example.by;1;2\n";       /* 10 */
	struct cxm_import_result res;
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_REFUSED);
	ck_assert_int_eq(res.rows, 4);
	ck_assert_int_eq(res.bad_rows, 3);
	ck_assert_str_eq(reasons(CXM_IMPORT_CLIENTS, biz_a, &res),
	                 "7 E-mail: Enter a valid e-mail address, e.g. anna@example.com.\n"
	                 "8 Name: Use a single line without control characters.\n"
	                 "10 The row has more columns than the header.\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM clients", CXM_NOPARAMS), 0);
}
END_TEST

START_TEST(duplicates_and_conflicts)
{
	add_client(biz_a, "DEL", "Удалённый", "deleted@example.by", "Минск");
	ck_assert(cxm_db_exec(db, "UPDATE clients SET live = 0, deleted_at = UTC_TIMESTAMP() WHERE external_id = 'DEL'",
	                      CXM_NOPARAMS, NULL, NULL) == CXM_OK);
	add_client(biz_a, "K1", "Ключевой", "key@example.by", "Минск");
	add_client(biz_a, "K3", "Третий ключ", "k3@example.by", "Минск");
	const char *csv =
		"external_id,name,email\n"
		"A1,Первый,first@example.by\n"      /* 2 */
		"a1,Второй,second@example.by\n"     /* 3: external id of line 2 (case ignored) */
		"DEL,Третий,third@example.by\n"     /* 4: a deleted client's external id */
		"K2,Четвёртый,k3@example.by\n"      /* 5: e-mail of K3, which has another external id */
		",Пятый,key@example.by\n"           /* 6: K1 by e-mail */
		"K1,Шестой,\n"                      /* 7: K1 again, by external id */
		",,nobody@example.by\n";            /* 8: a new client without a name */
	struct cxm_import_result res;
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_REFUSED);
	ck_assert_str_eq(reasons(CXM_IMPORT_CLIENTS, biz_a, &res),
	                 "3 External ID: The same external ID is on line 2.\n"
	                 "4 External ID: This external ID belongs to a deleted client; restore the client or use another ID.\n"
	                 "5 External ID: The client with this e-mail has another external ID.\n"
	                 "7 Line 6 already refers to this client.\n"
	                 "8 Name: Enter the client's name.\n");
	ck_assert_int_eq(res.bad_rows, 5);
}
END_TEST

START_TEST(mapping_problems_and_malformed_files)
{
	struct cxm_import_result res;
	struct cxm_custom_fields cf = {0};
	run(CXM_IMPORT_CLIENTS, biz_a, "name;city\nАнна;Минск\n", NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_FAILED);
	ck_assert_str_eq(cxm_import_failure_text(arena, CXM_IMPORT_CLIENTS, &cf, res.failure, res.failure_line),
	                 "Map a column to the external ID or the e-mail, so that rows can be matched to clients"
	                 " and a second import updates them instead of adding them again.");
	run(CXM_IMPORT_CLIENTS, biz_a, "a;b\n1;2\n", "a=email\nb=email\n", 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_FAILED);
	ck_assert_str_eq(cxm_import_failure_text(arena, CXM_IMPORT_CLIENTS, &cf, res.failure, res.failure_line),
	                 "Two columns are mapped to the same field: E-mail.");
	run(CXM_IMPORT_CLIENTS, biz_a, "a;b\n1;2\n", "a=email\nb=shoe_size\n", 0, &res);
	ck_assert_str_eq(cxm_import_failure_text(arena, CXM_IMPORT_CLIENTS, &cf, res.failure, res.failure_line),
	                 "The mapping names an unknown field: shoe_size.");
	run(CXM_IMPORT_CLIENTS, biz_a, "", NULL, 0, &res);
	ck_assert_str_eq(cxm_import_failure_text(arena, CXM_IMPORT_CLIENTS, &cf, res.failure, res.failure_line),
	                 "The file is empty: it needs a header line with the column names.");
	run(CXM_IMPORT_CLIENTS, biz_a, "email;name\na@example.by;A\nb@example.by;\"B\nc@example.by;C\n", NULL, 0,
	    &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_FAILED);
	ck_assert_str_eq(cxm_import_failure_text(arena, CXM_IMPORT_CLIENTS, &cf, res.failure, res.failure_line),
	                 "Line 3: A quoted field starting here is never closed.");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM clients", CXM_NOPARAMS), 0);
	/* an exported cell keeps its guard quote off on the way back in */
	run(CXM_IMPORT_CLIENTS, biz_a, "email;name;phone\na@example.by;'=Анна;'+375 29 111-22-33\n", NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_APPLIED);
	ck_assert_str_eq(value("SELECT CONCAT(name, ' ', phone) FROM clients", CXM_NOPARAMS), "=Анна +375291112233");
}
END_TEST

START_TEST(custom_attributes_by_code_or_label)
{
	ck_assert(cxm_db_exec(db,
	                      "INSERT INTO client_fields (business_id, code, label, type, choices) VALUES"
	                      " (?, 'shoe', 'Размер обуви', 'number', NULL),"
	                      " (?, 'hair', 'Hair type', 'choice', 'straight\ncurly')",
	                      CXM_PARAMS(CXM_PINT(biz_a), CXM_PINT(biz_a)), NULL, NULL) == CXM_OK);
	const char *csv = "email;размер обуви;HAIR;name\na@example.by;38,5;Curly;A\nb@example.by;big;wavy;B\n";
	struct cxm_import_result res;
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_str_eq(reasons(CXM_IMPORT_CLIENTS, biz_a, &res),
	                 "3 Размер обуви: Enter a number, e.g. 12 or 12.5.\n"
	                 "3 Hair type: Choose one of the listed values.\n");
	csv = "email;размер обуви;HAIR;name\na@example.by;38,5;Curly;A\n";
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.inserted, 1);
	ck_assert_str_eq(value("SELECT GROUP_CONCAT(CONCAT(f.code, '=', v.value, '/', IFNULL(v.num_value, '-'))"
	                       " ORDER BY f.code) FROM client_values v JOIN client_fields f ON f.id = v.field_id",
	                       CXM_NOPARAMS),
	                 "hair=curly/-,shoe=38.5/38.500000");
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.unchanged, 1);
	csv = "email;размер обуви\na@example.by;39\n";
	run(CXM_IMPORT_CLIENTS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.updated, 1);
	ck_assert_str_eq(value("SELECT GROUP_CONCAT(v.value ORDER BY f.code) FROM client_values v"
	                       " JOIN client_fields f ON f.id = v.field_id",
	                       CXM_NOPARAMS),
	                 "curly,39");
}
END_TEST

static volatile sig_atomic_t stop_flag;
static void stop_midway(void *ctx, enum cxm_import_phase phase, long done, long total)
{
	(void)ctx;
	(void)total;
	if (phase == CXM_IMPORT_APPLYING && done >= 1000)
		stop_flag = 1;
}

START_TEST(stopped_import_leaves_nothing)
{
	struct text t = {0};
	tprintf(&t, "email,name\n");
	for (int i = 0; i < 3000; i++)
		tprintf(&t, "p%d@example.by,Клиент %d\n", i, i);
	char *before = dump();
	stop_flag = 0;
	struct cxm_import_opts o = {
		.kind = CXM_IMPORT_CLIENTS, .business_id = biz_a, .progress = stop_midway, .stop = &stop_flag,
	};
	struct cxm_import_source src = {.data = t.s, .len = t.len};
	struct cxm_import_result res;
	ck_assert_int_eq(cxm_import_run(db, arena, &o, &src, &res), CXM_OK);
	ck_assert_int_eq(res.status, CXM_IMPORT_INTERRUPTED);
	ck_assert_int_eq(res.inserted, 0);
	ck_assert(!cxm_db_in_transaction(db));
	char *after = dump();
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	free(t.s);
}
END_TEST

START_TEST(interactions)
{
	add_client(biz_a, "K1", "Анна", "anna@example.by", "Минск");
	add_client(biz_a, NULL, "Борис", "boris@example.by", "Минск");
	add_client(biz_b, "K9", "Чужой", "other@example.by", "Минск");
	const char *csv =
		"Код клиента;E-mail;Тип;Дата;Сумма;Услуга;Комментарий\n"
		"K1;;Purchase;2026-03-01 10:30;25,50;Стрижка;\n"
		";boris@example.by;visit;01.03.2026 12:00;;;\n"
		"K1;;note;2026-03-02 09:00;;;Просила перезвонить\n";
	struct cxm_import_result res;
	run(CXM_IMPORT_INTERACTIONS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_APPLIED);
	ck_assert_int_eq(res.inserted, 3);
	/* times are the business's (Minsk, UTC+3) */
	ck_assert_str_eq(value("SELECT GROUP_CONCAT(CONCAT(kind, '@', occurred_at, '/', IFNULL(amount, '-'), '/',"
	                       " IFNULL(currency, '-')) ORDER BY occurred_at) FROM interactions",
	                       CXM_NOPARAMS),
	                 "purchase@2026-03-01 07:30:00.000000/25.50/BYN,visit@2026-03-01 09:00:00.000000/-/-,"
	                 "note@2026-03-02 06:00:00.000000/-/-");
	ck_assert_str_eq(value("SELECT CONCAT(interactions_count, '/', purchases_count, '/', purchases_total)"
	                       " FROM clients WHERE external_id = 'K1'",
	                       CXM_NOPARAMS),
	                 "2/1/25.50");
	char *before = dump();
	run(CXM_IMPORT_INTERACTIONS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.inserted, 0);
	ck_assert_int_eq(res.unchanged, 3);
	char *after = dump();
	ck_assert_str_eq(after, before);
	/* unknown clients (B's included), bad fields; nothing written */
	csv = "client_external_id;client_email;kind;occurred_at;amount\n"
	      "K9;;visit;2026-03-01 10:00;\n"
	      ";other@example.by;visit;2026-03-01 10:00;\n"
	      "K1;;purchase;2026-03-01 10:00;\n"
	      "K1;;complaint;2026-03-01 10:00;\n"
	      ";;visit;2026-03-01 10:00;\n"
	      "K1;;visit;2999-01-01 10:00;\n";
	run(CXM_IMPORT_INTERACTIONS, biz_a, csv, NULL, 0, &res);
	ck_assert_int_eq(res.status, CXM_IMPORT_REFUSED);
	ck_assert_str_eq(reasons(CXM_IMPORT_INTERACTIONS, biz_a, &res),
	                 "2 Client's external ID: No client has this external ID.\n"
	                 "3 Client's e-mail: No client has this e-mail.\n"
	                 "4 Amount: Enter the amount of the purchase.\n"
	                 "5 Kind: Complaints and survey responses cannot be imported.\n"
	                 "6 Client's external ID: Enter the client's external ID or e-mail.\n"
	                 "7 When: The time is in the future.\n");
	free(after);
	after = dump();
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
}
END_TEST

START_TEST(report_round_trip)
{
	struct cxm_import_reason in[] = {
		{102, "email", "Enter a valid e-mail address, e.g. anna@example.com.", 0},
		{802, "email", "The same e-mail is on line %ld.", 11},
		{10, "", "The row has more columns than the header.", 0},
	};
	char *text = cxm_import_report_format(arena, in, 3);
	ck_assert_str_eq(text, "102\temail\tEnter a valid e-mail address, e.g. anna@example.com.\t0\n"
	                       "802\temail\tThe same e-mail is on line %ld.\t11\n"
	                       "10\t\tThe row has more columns than the header.\t0\n");
	/* a format that is not the engine's own is dropped */
	char *tampered = cxm_printf(arena, "%s5\tname\tBoom %%s %%n\t1\n", text);
	struct cxm_import_reason *out;
	size_t n = cxm_import_report_parse(arena, tampered, &out);
	ck_assert_uint_eq(n, 3);
	struct cxm_custom_fields cf = {0};
	ck_assert_str_eq(cxm_import_reason_text(arena, CXM_IMPORT_CLIENTS, &cf, &out[1]),
	                 "E-mail: The same e-mail is on line 11.");
	ck_assert_str_eq(cxm_import_reason_text(arena, CXM_IMPORT_CLIENTS, &cf, &out[2]),
	                 "The row has more columns than the header.");
	ck_assert_int_eq(out[0].line, 102);
}
END_TEST

START_TEST(automatic_mapping)
{
	struct cxm_custom_fields cf = {0};
	const char *headers[] = {"ФИО", "E-mail", "Телефон", "Дата рождения", "Пол", "Что-то ещё", "имя", "Tags"};
	char *m = cxm_import_mapping_build(arena, CXM_IMPORT_CLIENTS, &cf, headers, 8, "Что-то ещё=city\nПол=\n");
	ck_assert_str_eq(m, "ФИО=name\nE-mail=email\nТелефон=phone\nДата рождения=birth_date\nПол=\n"
	                    "Что-то ещё=city\nимя=\nTags=tags\n");
	ck_assert_str_eq(cxm_import_automap(arena, CXM_IMPORT_INTERACTIONS, &cf, "Сумма"), "amount");
	ck_assert_str_eq(cxm_import_automap(arena, CXM_IMPORT_INTERACTIONS, &cf, "E-mail"), "client_email");
	ck_assert_str_eq(cxm_import_automap(arena, CXM_IMPORT_INTERACTIONS, &cf, "ID"), "client_external_id");
	ck_assert_ptr_null(cxm_import_automap(arena, CXM_IMPORT_CLIENTS, &cf, "Размер"));
}
END_TEST

/* ---- cxmctl import ---------------------------------------------------- */

struct ctl_run {
	int status;
	char out[16384];
	char err[16384];
};

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
}

static void ctl(struct ctl_run *r, const char *args)
{
	char full[8192], path[4200];
	snprintf(full, sizeof(full), "%s/core/cxmctl -c %s %s </dev/null >%s/out 2>%s/err", th_builddir(), conf,
	         args, dir, dir);
	int st = system(full);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	snprintf(path, sizeof(path), "%s/out", dir);
	slurp(path, r->out, sizeof(r->out));
	snprintf(path, sizeof(path), "%s/err", dir);
	slurp(path, r->err, sizeof(r->err));
}

static char *write_csv(const char *name, const char *csv)
{
	char *path = cxm_printf(arena, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(csv, f);
	fclose(f);
	return path;
}

START_TEST(cxmctl_import)
{
	char *csv = thousand(1);
	char *bad = write_csv("bad.csv", csv);
	free(csv);
	char *before = dump();
	struct ctl_run r;
	ctl(&r, cxm_printf(arena, "import clients %s --business alpha", bad));
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "line 102: E-mail: Enter a valid e-mail address, e.g. anna@example.com.\n"
	                        "line 502: Date of birth: The date is in the future.\n"
	                        "line 802: E-mail: The same e-mail is on line 11.\n");
	ck_assert_msg(strstr(r.err, "cxmctl: 3 of 1000 rows refused; nothing was imported\n"), "%s", r.err);
	/* not a terminal: plain progress lines */
	ck_assert_msg(strstr(r.err, "checking: 1000/1000 rows\n"), "%s", r.err);
	ck_assert_msg(strstr(r.err, "  Код клиента              -> external_id\n"), "%s", r.err);
	char *after = dump();
	ck_assert_str_eq(after, before);
	free(before);
	free(after);

	csv = thousand(0);
	char *good = write_csv("good.csv", csv);
	free(csv);
	ctl(&r, cxm_printf(arena, "import clients %s --business alpha --dry-run", good));
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "dry run: 1000 rows checked, none refused; nothing was written\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM clients", CXM_NOPARAMS), 0);
	ctl(&r, cxm_printf(arena, "-q import clients %s --business alpha", good));
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "1000 inserted, 0 updated, 0 unchanged\n");
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(value("SELECT CONCAT(action, '|', target, '|', detail) FROM audit_log WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(biz_a))),
	                 cxm_printf(arena, "clients_imported|%s|1000 rows: 1000 inserted, 0 updated, 0 unchanged", good));
	ctl(&r, cxm_printf(arena, "-q import clients %s --business alpha", good));
	ck_assert_str_eq(r.out, "0 inserted, 0 updated, 1000 unchanged\n");

	/* --map and --separator */
	char *f2 = write_csv("two.csv", "Код клиента,Что угодно\nE0001,Пинск\n");
	ctl(&r, cxm_printf(arena, "-q import clients %s --business alpha --separator , --map 'Что угодно=city'", f2));
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "0 inserted, 1 updated, 0 unchanged\n");
	ck_assert_str_eq(value("SELECT city FROM clients WHERE external_id = 'E0001'", CXM_NOPARAMS), "Пинск");
	ctl(&r, cxm_printf(arena, "import clients %s --business nowhere", f2));
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl: no business nowhere\n");
	ctl(&r, "import clients");
	ck_assert_int_eq(r.status, 2);
}
END_TEST

/* ---- the job queue ------------------------------------------------------ */

static long long queue_import(long long biz, const char *csv, const char *mapping)
{
	uint64_t id = 0;
	ck_assert(cxm_db_exec(db,
	                      "INSERT INTO imports (business_id, kind, filename, status, data, mapping, total_rows)"
	                      " VALUES (?, 'clients', 'q.csv', 'queued', ?, ?, 2)",
	                      CXM_PARAMS(CXM_PINT(biz), CXM_PBLOB(csv, strlen(csv)),
	                                 mapping ? CXM_PSTR(mapping) : CXM_PNULL),
	                      NULL, &id) == CXM_OK);
	return (long long)id;
}

START_TEST(claims_skip_locked_rows)
{
	long long first = queue_import(biz_a, "email;name\na@example.by;A\n", NULL);
	long long second = queue_import(biz_b, "email;name\nb@example.by;B\n", NULL);
	/* another runner is in the middle of claiming the first */
	struct cxm_db *other = th_db_connect(getenv("CXM_IMPORT_TEST_DSN"));
	ck_assert(cxm_db_begin(other) == CXM_OK);
	struct cxm_rows r;
	ck_assert(cxm_db_query(other, arena, "SELECT id FROM imports WHERE id = ? FOR UPDATE",
	                       CXM_PARAMS(CXM_PINT(first)), &r) == CXM_OK);
	long long id = 0;
	ck_assert_int_eq(cxm_jobs_claim(db, &id), 1);
	ck_assert_int_eq(id, second);
	ck_assert_str_eq(value("SELECT status FROM imports WHERE id = ?", CXM_PARAMS(CXM_PINT(second))), "running");
	/* the claim holds the import's lock on this connection */
	ck_assert_str_eq(value("SELECT IS_USED_LOCK(LEFT(CONCAT('cxm-import-', ?, '-', DATABASE()), 64)) ="
	                       " CONNECTION_ID()",
	                       CXM_PARAMS(CXM_PINT(second))),
	                 "1");
	/* nothing else is free */
	long long none = -1;
	ck_assert_int_eq(cxm_jobs_claim(db, &none), 0);
	ck_assert_int_eq(none, 0);
	cxm_db_rollback(other);
	cxm_db_close(other);
	struct cxm_jobs j = {.db = db, .progress = NULL, .stop = NULL};
	ck_assert_int_eq(cxm_jobs_run_import(&j, second), CXM_OK);
	ck_assert_str_eq(value("SELECT CONCAT(status, '/', inserted, '/', processed_rows) FROM imports WHERE id = ?",
	                       CXM_PARAMS(CXM_PINT(second))),
	                 "done/1/1");
	ck_assert_str_eq(value("SELECT name FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz_b))), "B");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz_a))), 0);
	/* the lock is given back */
	ck_assert_ptr_null(value("SELECT IS_USED_LOCK(LEFT(CONCAT('cxm-import-', ?, '-', DATABASE()), 64))",
	                         CXM_PARAMS(CXM_PINT(second))));
}
END_TEST

START_TEST(cxmctl_jobs_run)
{
	long long good = queue_import(biz_a, "email;name\na@example.by;A\nb@example.by;B\n", NULL);
	long long bad = queue_import(biz_a, "email;name\nnot-an-email;X\n", NULL);
	/* a run whose runner died: running, and nobody holds its lock */
	uint64_t crashed = 0;
	ck_assert(cxm_db_exec(db,
	                      "INSERT INTO imports (business_id, kind, filename, status, data, started_at)"
	                      " VALUES (?, 'clients', 'c.csv', 'running', 'email\nx@example.by\n', UTC_TIMESTAMP())",
	                      CXM_PARAMS(CXM_PINT(biz_a)), NULL, &crashed) == CXM_OK);
	struct ctl_run r;
	ctl(&r, "jobs run");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "2 jobs run\n");
	ck_assert_str_eq(value("SELECT CONCAT(status, '/', inserted, '/', updated, '/', error_count) FROM imports"
	                       " WHERE id = ?",
	                       CXM_PARAMS(CXM_PINT(good))),
	                 "done/2/0/0");
	ck_assert_str_eq(value("SELECT CONCAT(status, '/', error_count, '/', report) FROM imports WHERE id = ?",
	                       CXM_PARAMS(CXM_PINT(bad))),
	                 "done/1/2\temail\tEnter a valid e-mail address, e.g. anna@example.com.\t0\n");
	ck_assert_str_eq(value("SELECT CONCAT(status, '/', error) FROM imports WHERE id = ?",
	                       CXM_PARAMS(CXM_PINT((long long)crashed))),
	                 "failed/0\tThe import stopped unexpectedly (its job process ended); nothing was imported."
	                 " Queue it again to retry.");
	ck_assert_str_eq(value("SELECT CONCAT(action, '|', target, '|', detail, '|', remote_addr) FROM audit_log"
	                       " WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(biz_a))),
	                 "clients_imported|q.csv|2 rows: 2 inserted, 0 updated, 0 unchanged|job");
	ctl(&r, "jobs run");
	ck_assert_str_eq(r.out, "0 jobs run\n");
	ctl(&r, "jobs");
	ck_assert_int_eq(r.status, 2);
}
END_TEST

static Suite *import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *t = tcase_create("engine");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, three_bad_rows_change_nothing);
	tcase_add_test(t, fixed_file_imports_all_then_again_nothing);
	tcase_add_test(t, match_by_external_id_updates_only_mapped_columns);
	tcase_add_test(t, other_business_never_matched_or_touched);
	tcase_add_test(t, multiline_fields_and_blank_lines_count);
	tcase_add_test(t, duplicates_and_conflicts);
	tcase_add_test(t, mapping_problems_and_malformed_files);
	tcase_add_test(t, custom_attributes_by_code_or_label);
	tcase_add_test(t, stopped_import_leaves_nothing);
	tcase_add_test(t, interactions);
	tcase_add_test(t, report_round_trip);
	tcase_add_test(t, automatic_mapping);
	tcase_add_test(t, cxmctl_import);
	tcase_add_test(t, claims_skip_locked_rows);
	tcase_add_test(t, cxmctl_jobs_run);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	cxm_log_open("test_import", CXM_LOG_STDERR, CXM_LOG_WARN);
	th_mysql_socket();
	SRunner *sr = srunner_create(import_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
