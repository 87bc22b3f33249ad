/* Migrations against a real MariaDB: order, recording with checksums,
 * idempotence, a failing file that stops the run and names file:line, a
 * file changed after it ran, and the project's own sql/ directory. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "migrate.h"

static char *dir;
static struct cxm_db *db;
static struct cxm_arena *a;

static void put(const char *name, const char *text)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* SHA-256 of a file by an independent tool. */
static char *sha256sum(const char *name)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "sha256sum '%s/%s'", dir, name);
	FILE *p = popen(cmd, "r");
	static char hex[65];
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%64s", hex), 1);
	pclose(p);
	return hex;
}

static void setup(void)
{
	dir = th_tmpdir("migrations");
	db = th_db_connect(th_db_create("migrate"));
	a = cxm_arena_new(8192);
}

static void teardown(void)
{
	cxm_arena_free(a);
	cxm_db_close(db);
}

static int reported;
static char report_log[512];

static void on_applied(void *ctx, const struct cxm_migration *m)
{
	(void)ctx;
	reported++;
	strncat(report_log, m->name, sizeof(report_log) - strlen(report_log) - 2);
	strcat(report_log, " ");
}

static const char *applied_versions(void)
{
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT GROUP_CONCAT(version ORDER BY version) FROM schema_migrations",
	                              CXM_NOPARAMS, &r),
	                 CXM_OK);
	return cxm_rows_get(&r, 0, 0) ? cxm_rows_get(&r, 0, 0) : "";
}

START_TEST(scan_orders_and_rejects)
{
	put("0010_c.sql", "SELECT 1;\n");
	put("0001_a.sql", "SELECT 1;\n");
	put("0002_b.sql", "SELECT 1;\n");
	put("README.txt", "not a migration\n");
	struct cxm_migrations m;
	char err[1024];
	ck_assert_int_eq(cxm_migrations_scan(dir, &m, err, sizeof(err)), CXM_OK);
	ck_assert_uint_eq(m.n, 3);
	ck_assert_int_eq(m.v[0].version, 1);
	ck_assert_str_eq(m.v[0].name, "0001_a.sql");
	ck_assert_int_eq(m.v[1].version, 2);
	ck_assert_int_eq(m.v[2].version, 10);
	ck_assert_str_eq(m.v[2].checksum, sha256sum("0010_c.sql"));
	cxm_migrations_free(&m);

	put("0002_dup.sql", "SELECT 2;\n");
	ck_assert_int_eq(cxm_migrations_scan(dir, &m, err, sizeof(err)), CXM_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "have the same version number"));
	ck_assert_ptr_nonnull(strstr(err, "0002_b.sql"));
	ck_assert_ptr_nonnull(strstr(err, "0002_dup.sql"));
	char path[4200];
	snprintf(path, sizeof(path), "%s/0002_dup.sql", dir);
	remove(path);
	put("7_bad.sql", "SELECT 1;\n");
	ck_assert_int_eq(cxm_migrations_scan(dir, &m, err, sizeof(err)), CXM_ERR_CONFIG);
	char want[4300];
	snprintf(want, sizeof(want), "%s/7_bad.sql: migration files must be named NNNN_name.sql", dir);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(cxm_migrations_scan("/nonexistent/sql", &m, err, sizeof(err)), CXM_ERR_IO);
}
END_TEST

START_TEST(apply_record_and_repeat)
{
	put("0001_people.sql", "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50));\n"
	                       "INSERT INTO people VALUES (1, 'Анна');\n");
	put("0002_more.sql", "INSERT INTO people VALUES (2, 'Олег');\n");
	char err[1024];
	reported = 0;
	report_log[0] = '\0';
	ck_assert_int_eq(cxm_migrate(db, dir, on_applied, NULL, err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(reported, 2);
	ck_assert_str_eq(report_log, "0001_people.sql 0002_more.sql ");
	ck_assert_str_eq(applied_versions(), "1,2");
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT name, checksum FROM schema_migrations WHERE version = 1",
	                              CXM_NOPARAMS, &r),
	                 CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "0001_people.sql");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 1), sha256sum("0001_people.sql"));
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT GROUP_CONCAT(name ORDER BY id) FROM people", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "Анна,Олег");

	/* again: nothing to do, nothing runs twice */
	reported = 0;
	ck_assert_int_eq(cxm_migrate(db, dir, on_applied, NULL, err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(reported, 0);
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT COUNT(*) FROM people", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "2");

	/* a new file later: only it runs */
	put("0003_third.sql", "INSERT INTO people VALUES (3, 'Ирина');\n");
	reported = 0;
	report_log[0] = '\0';
	ck_assert_int_eq(cxm_migrate(db, dir, on_applied, NULL, err, sizeof(err)), CXM_OK);
	ck_assert_str_eq(report_log, "0003_third.sql ");
	ck_assert_str_eq(applied_versions(), "1,2,3");
}
END_TEST

START_TEST(failure_stops_and_names_the_line)
{
	put("0001_ok.sql", "CREATE TABLE items (id INT PRIMARY KEY);\n");
	put("0002_broken.sql", "INSERT INTO items VALUES (1);\n"
	                       "-- the next statement fails\n"
	                       "\n"
	                       "INSERT INTO missing_table VALUES (1);\n"
	                       "INSERT INTO items VALUES (3);\n");
	put("0003_after.sql", "INSERT INTO items VALUES (4);\n");
	char err[1024];
	ck_assert_int_eq(cxm_migrate(db, dir, NULL, NULL, err, sizeof(err)), CXM_ERR_DB);
	char want[4300];
	snprintf(want, sizeof(want), "%s/0002_broken.sql:4: Table '", dir);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "err was: %s", err);
	ck_assert_ptr_nonnull(strstr(err, "missing_table' doesn't exist"));
	ck_assert_str_eq(applied_versions(), "1");  /* 0002 not recorded, 0003 not run */
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT GROUP_CONCAT(id ORDER BY id) FROM items", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "1");  /* the statement before the failure ran */

	/* fixed (idempotently), the run continues where it stopped */
	put("0002_broken.sql", "INSERT IGNORE INTO items VALUES (1);\nINSERT INTO items VALUES (3);\n");
	ck_assert_int_eq(cxm_migrate(db, dir, NULL, NULL, err, sizeof(err)), CXM_OK);
	ck_assert_str_eq(applied_versions(), "1,2,3");
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT GROUP_CONCAT(id ORDER BY id) FROM items", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "1,3,4");
}
END_TEST

START_TEST(status_sees_changes_and_strangers)
{
	put("0001_a.sql", "CREATE TABLE a1 (id INT);\n");
	put("0002_b.sql", "CREATE TABLE b1 (id INT);\n");
	char err[1024];
	ck_assert_int_eq(cxm_migrate(db, dir, NULL, NULL, err, sizeof(err)), CXM_OK);
	put("0002_b.sql", "CREATE TABLE b1 (id BIGINT);\n");   /* edited after it ran */
	put("0003_c.sql", "CREATE TABLE c1 (id INT);\n");      /* not yet run */
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO schema_migrations (version, name, checksum) VALUES (99, 'x', 'y')",
	                             CXM_NOPARAMS, NULL, NULL),
	                 CXM_OK);
	struct cxm_migrations m;
	ck_assert_int_eq(cxm_migrations_scan(dir, &m, err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cxm_migrations_status(db, &m, err, sizeof(err)), CXM_OK);
	ck_assert_uint_eq(m.n, 3);
	ck_assert_int_eq(m.v[0].applied, 1);
	ck_assert_int_eq(m.v[0].changed, 0);
	ck_assert_int_eq(m.v[1].applied, 1);
	ck_assert_int_eq(m.v[1].changed, 1);
	ck_assert_int_eq(m.v[2].applied, 0);
	ck_assert_int_eq(m.unknown_applied, 1);
	cxm_migrations_free(&m);
}
END_TEST

START_TEST(project_migrations)
{
	char sql[4096], err[1024];
	snprintf(sql, sizeof(sql), "%s/sql", th_srcdir());
	struct cxm_migrations m;
	ck_assert_int_eq(cxm_migrations_scan(sql, &m, err, sizeof(err)), CXM_OK);
	size_t n = m.n;
	ck_assert_uint_ge(n, 1);
	cxm_migrations_free(&m);
	reported = 0;
	ck_assert_int_eq(cxm_migrate(db, sql, on_applied, NULL, err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(reported, (int)n);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, a, "SELECT value FROM instance_settings WHERE name = 'installed_at'",
	                              CXM_NOPARAMS, &r),
	                 CXM_OK);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_uint_eq(strlen(cxm_rows_get(&r, 0, 0)), 20);  /* 2026-11-22T12:00:00Z */
	ck_assert_int_eq(cxm_rows_get(&r, 0, 0)[19], 'Z');
}
END_TEST

static Suite *migrate_suite(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("migrations");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, scan_orders_and_rejects);
	tcase_add_test(tc, apply_record_and_repeat);
	tcase_add_test(tc, failure_stops_and_names_the_line);
	tcase_add_test(tc, status_sees_changes_and_strangers);
	tcase_add_test(tc, project_migrations);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	th_mysql_socket();  /* a private server, if any, belongs to this process */
	SRunner *sr = srunner_create(migrate_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
