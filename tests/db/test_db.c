/* The database layer against a real MariaDB: parameters and results of every
 * type, long values, cursors, transactions, scripts, session settings, and
 * recovery from a lost connection. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "harness.h"

static char *dsn;
static struct cxm_db *db;
static struct cxm_arena *a;

static void setup_suite(void)
{
	dsn = th_db_create("db");
}

static void setup(void)
{
	db = th_db_connect(dsn);
	a = cxm_arena_new(8192);
	ck_assert_int_eq(cxm_db_exec(db, "DROP TABLE IF EXISTS t", CXM_NOPARAMS, NULL, NULL), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db,
	                             "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY,"
	                             " name VARCHAR(200) NOT NULL UNIQUE, n BIGINT, d DOUBLE,"
	                             " b BLOB, note TEXT NULL) CHARSET utf8mb4",
	                             CXM_NOPARAMS, NULL, NULL),
	                 CXM_OK);
}

static void teardown(void)
{
	cxm_arena_free(a);
	cxm_db_close(db);
}

START_TEST(dsn_forms)
{
	struct cxm_dsn d;
	char err[256];
	ck_assert_int_eq(cxm_dsn_parse("mysql://u:p%40ss@db.example:3307/cxm", &d, err, sizeof(err)), CXM_OK);
	ck_assert_str_eq(d.user, "u");
	ck_assert_str_eq(d.password, "p@ss");
	ck_assert_str_eq(d.host, "db.example");
	ck_assert_uint_eq(d.port, 3307);
	ck_assert_str_eq(d.dbname, "cxm");
	ck_assert_ptr_null(d.socket);
	cxm_dsn_free(&d);
	ck_assert_int_eq(cxm_dsn_parse("mariadb://cxm@localhost/x?socket=/run/m.sock", &d, err, sizeof(err)), CXM_OK);
	ck_assert_ptr_null(d.password);
	ck_assert_str_eq(d.socket, "/run/m.sock");
	ck_assert_uint_eq(d.port, 0);
	cxm_dsn_free(&d);
	ck_assert_int_eq(cxm_dsn_parse("postgres://u@h/db", &d, err, sizeof(err)), CXM_ERR_CONFIG);
	ck_assert_str_eq(err, "database DSN must start with mysql:// or mariadb://");
	ck_assert_int_eq(cxm_dsn_parse("mysql://u@h:99999/db", &d, err, sizeof(err)), CXM_ERR_CONFIG);
	ck_assert_str_eq(err, "database DSN has a bad port");
	ck_assert_int_eq(cxm_dsn_parse("mysql://u@h/db?sslmode=x", &d, err, sizeof(err)), CXM_ERR_CONFIG);
	ck_assert_str_eq(err, "database DSN has an unknown option 'sslmode=x'");
	ck_assert_int_eq(cxm_dsn_parse("mysql://localhost", &d, err, sizeof(err)), CXM_ERR_CONFIG);
}
END_TEST

START_TEST(roundtrip_types)
{
	uint64_t affected = 0, id = 0;
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name, n, d, b, note) VALUES (?, ?, ?, ?, ?)",
	                             CXM_PARAMS(CXM_PSTR("Привет, мир"), CXM_PINT(-42), CXM_PDBL(2.5),
	                                        CXM_PBLOB("a\0b", 3), CXM_PNULL),
	                             &affected, &id),
	                 CXM_OK);
	ck_assert_uint_eq(affected, 1);
	ck_assert_uint_eq(id, 1);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name, n, note) VALUES (?, ?, ?)",
	                             CXM_PARAMS(CXM_PSTRN("abcdef", 3), CXM_PINT(9000000000LL), CXM_PSTR("")),
	                             &affected, &id),
	                 CXM_OK);
	ck_assert_uint_eq(id, 2);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT id, name, n, d, b, note FROM t ORDER BY id",
	                              CXM_NOPARAMS, &r),
	                 CXM_OK);
	ck_assert_uint_eq(r.nrows, 2);
	ck_assert_uint_eq(r.ncols, 6);
	ck_assert_str_eq(r.names[1], "name");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 1), "Привет, мир");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 2), "-42");
	ck_assert_int_eq(cxm_rows_int(&r, 0, 2, 0), -42);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 3), "2.5");
	ck_assert_uint_eq(r.lens[0 * 6 + 4], 3);
	ck_assert_int_eq(memcmp(cxm_rows_get(&r, 0, 4), "a\0b", 3), 0);
	ck_assert_ptr_null(cxm_rows_get(&r, 0, 5));        /* SQL NULL */
	ck_assert_str_eq(cxm_rows_get(&r, 1, 1), "abc");   /* explicit length */
	ck_assert_int_eq(cxm_rows_int(&r, 1, 2, 0), 9000000000LL);
	ck_assert_str_eq(cxm_rows_get(&r, 1, 5), "");       /* empty, not NULL */
	ck_assert_ptr_null(cxm_rows_get(&r, 1, 4));
	ck_assert_int_eq(cxm_rows_int(&r, 1, 4, 77), 77);   /* NULL -> default */
	ck_assert_ptr_null(cxm_rows_get(&r, 2, 0));         /* out of range */
}
END_TEST

START_TEST(long_values)
{
	/* far beyond the 64-byte first buffer: fetched again at full size
	 * (TEXT holds up to 65535 bytes) */
	size_t n = 60000;
	char *text = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		text[i] = (char)('a' + i % 26);
	text[n] = '\0';
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name, note) VALUES ('long', ?)",
	                             CXM_PARAMS(CXM_PSTR(text)), NULL, NULL),
	                 CXM_OK);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT note, LENGTH(note) FROM t WHERE name = ?",
	                              CXM_PARAMS(CXM_PSTR("long")), &r),
	                 CXM_OK);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_uint_eq(r.lens[0], n);
	ck_assert_int_eq(memcmp(cxm_rows_get(&r, 0, 0), text, n), 0);
	ck_assert_int_eq(cxm_rows_int(&r, 0, 1, 0), 60000);
	/* exactly 64 bytes: the boundary of the first buffer */
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT REPEAT('x', 64), REPEAT('y', 63), REPEAT('z', 65)",
	                              CXM_NOPARAMS, &r),
	                 CXM_OK);
	ck_assert_uint_eq(strlen(cxm_rows_get(&r, 0, 0)), 64);
	ck_assert_uint_eq(strlen(cxm_rows_get(&r, 0, 1)), 63);
	ck_assert_uint_eq(strlen(cxm_rows_get(&r, 0, 2)), 65);
	ck_assert_int_eq(cxm_rows_get(&r, 0, 2)[64], 'z');
	free(text);
}
END_TEST

START_TEST(injection_is_data)
{
	const char *evil = "x'); DROP TABLE t; -- ";
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES (?)", CXM_PARAMS(CXM_PSTR(evil)),
	                             NULL, NULL),
	                 CXM_OK);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT name FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), evil);
}
END_TEST

START_TEST(errors)
{
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES (?)", CXM_PARAMS(CXM_PSTR("a")), NULL, NULL), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES (?)", CXM_PARAMS(CXM_PSTR("a")), NULL, NULL), CXM_ERR_DB);
	ck_assert_uint_eq(cxm_db_errno(db), 1062);  /* ER_DUP_ENTRY */
	/* wrong number of parameters is refused before anything runs */
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name, n) VALUES (?, ?)", CXM_PARAMS(CXM_PSTR("b")), NULL, NULL), CXM_ERR_DB);
	ck_assert_str_eq(cxm_db_error(db), "statement expects 2 parameters, got 1");
	/* strict mode: a too-long value is an error, not silently cut */
	char big[300];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES (?)", CXM_PARAMS(CXM_PSTR(big)), NULL, NULL), CXM_ERR_DB);
	ck_assert_uint_eq(cxm_db_errno(db), 1406);  /* ER_DATA_TOO_LONG */
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT nope FROM t", CXM_NOPARAMS, &r), CXM_ERR_DB);
	ck_assert_uint_eq(cxm_db_errno(db), 1054);  /* ER_BAD_FIELD_ERROR */
	/* the connection is still fine afterwards */
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT COUNT(*) FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "1");
	ck_assert_uint_eq(cxm_db_connects(db), 1);
}
END_TEST

/* SQL built at run time (in a buffer that a later request reuses) is a
 * different statement when its text differs, even at the same address:
 * the statement cache must go by text, not by pointer. */
START_TEST(statement_cache_by_text)
{
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name, n) VALUES ('x', 7)", CXM_NOPARAMS, NULL, NULL),
	                 CXM_OK);
	char sql[128];
	struct cxm_rows r;
	snprintf(sql, sizeof(sql), "SELECT name FROM t WHERE n = ?");
	ck_assert_int_eq(cxm_db_query(db, a, sql, CXM_PARAMS(CXM_PINT(7)), &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "x");
	snprintf(sql, sizeof(sql), "SELECT n + 1 FROM t WHERE n = ?");
	ck_assert_int_eq(cxm_db_query(db, a, sql, CXM_PARAMS(CXM_PINT(7)), &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "8");
	/* same address, other columns set: the update must write n, not name */
	snprintf(sql, sizeof(sql), "UPDATE t SET name = ? WHERE n = 7");
	ck_assert_int_eq(cxm_db_exec(db, sql, CXM_PARAMS(CXM_PSTR("y")), NULL, NULL), CXM_OK);
	snprintf(sql, sizeof(sql), "UPDATE t SET note = ? WHERE n = 7");
	ck_assert_int_eq(cxm_db_exec(db, sql, CXM_PARAMS(CXM_PSTR("z")), NULL, NULL), CXM_OK);
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT name, note FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "y");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 1), "z");
}
END_TEST

START_TEST(session_settings)
{
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT @@session.time_zone, @@character_set_client, @@session.sql_mode",
	                              CXM_NOPARAMS, &r),
	                 CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "+00:00");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 1), "utf8mb4");
	ck_assert_ptr_nonnull(strstr(cxm_rows_get(&r, 0, 2), "STRICT_ALL_TABLES"));
}
END_TEST

START_TEST(cursor_streams_rows)
{
	ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
	char name[32];
	for (int i = 1; i <= 1000; i++) {
		snprintf(name, sizeof(name), "client-%04d", i);
		ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name, n, note) VALUES (?, ?, REPEAT('w', ?))",
		                             CXM_PARAMS(CXM_PSTR(name), CXM_PINT(i), CXM_PINT(i % 7 == 0 ? 200 : 3)),
		                             NULL, NULL),
		                 CXM_OK);
	}
	ck_assert_int_eq(cxm_db_commit(db), CXM_OK);
	struct cxm_cursor *c;
	ck_assert_int_eq(cxm_db_cursor(db, a, "SELECT n, name, note FROM t WHERE n > ? ORDER BY n",
	                               CXM_PARAMS(CXM_PINT(0)), &c),
	                 CXM_OK);
	ck_assert_uint_eq(cxm_cursor_ncols(c), 3);
	/* another statement while the cursor streams is refused */
	ck_assert_int_eq(cxm_db_exec(db, "DELETE FROM t", CXM_NOPARAMS, NULL, NULL), CXM_ERR_DB);
	long long sum = 0, rows = 0, long_notes = 0;
	int rc;
	while ((rc = cxm_cursor_next(c)) == 1) {
		size_t len;
		sum += atoll(cxm_cursor_get(c, 0, NULL));
		const char *note = cxm_cursor_get(c, 2, &len);
		if (len == 200) {
			long_notes++;
			ck_assert_int_eq(note[199], 'w');
			ck_assert_int_eq(note[200], '\0');
		} else {
			ck_assert_str_eq(note, "www");
		}
		rows++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(rows, 1000);
	ck_assert_int_eq(sum, 500500);         /* 1 + 2 + ... + 1000 */
	ck_assert_int_eq(long_notes, 142);     /* multiples of 7 up to 1000 */
	cxm_cursor_close(c);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT COUNT(*) FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "1000");
	/* a cursor left open is closed by the arena's reset */
	ck_assert_int_eq(cxm_db_cursor(db, a, "SELECT n FROM t", CXM_NOPARAMS, &c), CXM_OK);
	ck_assert_int_eq(cxm_cursor_next(c), 1);
	cxm_arena_reset(a);
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT COUNT(*) FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "1000");
}
END_TEST

START_TEST(transactions)
{
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES ('rolled back')", CXM_NOPARAMS, NULL, NULL), CXM_OK);
	cxm_db_rollback(db);
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT COUNT(*) FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "0");
	ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES ('kept')", CXM_NOPARAMS, NULL, NULL), CXM_OK);
	ck_assert_int_eq(cxm_db_commit(db), CXM_OK);
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT name FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "kept");
	ck_assert_int_eq(cxm_db_commit(db), CXM_ERR_DB);  /* no transaction open */
}
END_TEST

static void kill_connection(void)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "KILL %lu", cxm_db_thread_id(db));
	ck_assert_int_eq(th_admin_sql(sql), 0);
}

START_TEST(read_survives_lost_connection)
{
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT 1 + ?", CXM_PARAMS(CXM_PINT(1)), &r), CXM_OK);
	unsigned long before = cxm_db_thread_id(db);
	kill_connection();
	/* the cached statement died with the connection: reconnect, re-prepare,
	 * run again, invisibly to the caller */
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT 1 + ?", CXM_PARAMS(CXM_PINT(2)), &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "3");
	ck_assert_uint_eq(cxm_db_connects(db), 2);
	ck_assert_uint_ne(cxm_db_thread_id(db), before);
}
END_TEST

START_TEST(write_not_repeated_after_loss)
{
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES (?)", CXM_PARAMS(CXM_PSTR("first")), NULL, NULL), CXM_OK);
	kill_connection();
	/* the statement was sent on a dead connection: whether it ran is
	 * unknown, so it is reported, not retried */
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES (?)", CXM_PARAMS(CXM_PSTR("second")), NULL, NULL),
	                 CXM_ERR_DB_GONE);
	/* the next call reconnects */
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES (?)", CXM_PARAMS(CXM_PSTR("third")), NULL, NULL), CXM_OK);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT GROUP_CONCAT(name ORDER BY id) FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "first,third");
	/* a statement never prepared before is prepared on a new connection:
	 * that is safe, so it just works */
	kill_connection();
	ck_assert_int_eq(cxm_db_exec(db, "UPDATE t SET n = 5 WHERE name = ?", CXM_PARAMS(CXM_PSTR("third")), NULL, NULL), CXM_OK);
}
END_TEST

START_TEST(loss_inside_transaction)
{
	ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO t (name) VALUES ('in tx')", CXM_NOPARAMS, NULL, NULL), CXM_OK);
	kill_connection();
	struct cxm_rows r;
	/* even a read is not retried inside a transaction: its snapshot is gone */
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT COUNT(*) FROM t", CXM_NOPARAMS, &r), CXM_ERR_DB_GONE);
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT COUNT(*) FROM t", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "0");  /* the killed transaction rolled back */
}
END_TEST

START_TEST(scripts)
{
	const char *script =
		"-- a comment; with a semicolon\n"
		"CREATE TABLE s (v VARCHAR(20));\n"
		"/* block; comment */ INSERT INTO s VALUES ('a;b'), ('it''s');\n"
		"# hash comment\n"
		"INSERT INTO s VALUES (\"q;\");\n"
		"\n";
	int line = 0;
	ck_assert_int_eq(cxm_db_run_script(db, script, strlen(script), &line), CXM_OK);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT GROUP_CONCAT(v ORDER BY v SEPARATOR '|') FROM s", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "a;b|it's|q;");
	const char *bad = "INSERT INTO s VALUES ('ok');\n\n  INSERT INTO nowhere VALUES (1);\nINSERT INTO s VALUES ('never');\n";
	ck_assert_int_eq(cxm_db_run_script(db, bad, strlen(bad), &line), CXM_ERR_DB);
	ck_assert_int_eq(line, 3);
	ck_assert_uint_eq(cxm_db_errno(db), 1146);  /* ER_NO_SUCH_TABLE */
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT COUNT(*) FROM s", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "4");  /* three before, 'ok', not 'never' */
	ck_assert_int_eq(cxm_db_exec(db, "DROP TABLE s", CXM_NOPARAMS, NULL, NULL), CXM_OK);
}
END_TEST

START_TEST(unreachable_server)
{
	struct cxm_db *bad;
	char err[256];
	ck_assert_int_eq(cxm_db_open("mysql://root@localhost/x?socket=/nonexistent/mysqld.sock", NULL, &bad, err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cxm_db_ping(bad), CXM_ERR_DB);
	ck_assert_uint_eq(cxm_db_errno(bad), 2002);  /* CR_CONNECTION_ERROR */
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(bad, a, "SELECT 1", CXM_NOPARAMS, &r), CXM_ERR_DB);
	ck_assert_uint_eq(cxm_db_connects(bad), 0);
	cxm_db_close(bad);
}
END_TEST

static Suite *db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("statements");
	tcase_add_unchecked_fixture(tc, setup_suite, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, dsn_forms);
	tcase_add_test(tc, roundtrip_types);
	tcase_add_test(tc, long_values);
	tcase_add_test(tc, injection_is_data);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, statement_cache_by_text);
	tcase_add_test(tc, session_settings);
	tcase_add_test(tc, cursor_streams_rows);
	tcase_add_test(tc, transactions);
	tcase_add_test(tc, scripts);
	tcase_add_test(tc, unreachable_server);
	suite_add_tcase(s, tc);
	TCase *rc = tcase_create("reconnect");
	tcase_add_unchecked_fixture(rc, setup_suite, NULL);
	tcase_add_checked_fixture(rc, setup, teardown);
	tcase_add_test(rc, read_survives_lost_connection);
	tcase_add_test(rc, write_not_repeated_after_loss);
	tcase_add_test(rc, loss_inside_transaction);
	suite_add_tcase(s, rc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(db_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
