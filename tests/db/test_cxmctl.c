/* The operator's commands as an operator runs them: cxmctl migrate, migrate
 * status and check, survey install-default and link, and cxm-fcgi -t,
 * against a real database. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/wait.h>

#include "harness.h"

static char *dir;
static char *conf;

struct run {
	int status;
	char out[8192];
	char err[8192];
};

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
}

/* Runs a shell command line, capturing stdout and stderr separately. */
static void run(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void run(struct run *r, const char *fmt, ...)
{
	char cmd[4096], full[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s >%s/out 2>%s/err", cmd, dir, dir);
	int st = system(full);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	char path[4200];
	snprintf(path, sizeof(path), "%s/out", dir);
	slurp(path, r->out, sizeof(r->out));
	snprintf(path, sizeof(path), "%s/err", dir);
	slurp(path, r->err, sizeof(r->err));
}

static void write_conf(const char *path, const char *dsn, const char *extra)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "# test configuration\ndb_dsn = %s\nsql_dir = %s/sql\ntemplate_dir = %s/templates\n"
	           "static_dir = %s/static\nlocale_dir = %s/po\n%s",
	        dsn, th_srcdir(), th_srcdir(), th_srcdir(), th_builddir(), extra ? extra : "");
	fclose(f);
}

static void setup(void)
{
	dir = th_tmpdir("ctl");
	conf = malloc(4200);
	snprintf(conf, 4200, "%s/cxm.conf", dir);
	write_conf(conf, th_db_create("ctl"), NULL);
}

#define CXMCTL "%s/core/cxmctl -c %s"

/* The migration files in the source tree's sql/, sorted by name: the list
 * the commands must report, read here by a plain directory scan. */
static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t migration_files(char *names[], size_t max)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/sql", th_srcdir());
	DIR *d = opendir(path);
	ck_assert_ptr_nonnull(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > 9 && e->d_name[0] >= '0' && e->d_name[0] <= '9' &&
		    strcmp(e->d_name + len - 4, ".sql") == 0) {
			ck_assert_uint_lt(n, max);
			names[n++] = strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), names_cmp);
	ck_assert_uint_ge(n, 2);
	return n;
}

/* Writes "PREFIX name\n" for every migration file into buf. */
static void migration_lines(char *buf, size_t len, const char *prefix)
{
	char *names[256];
	size_t n = migration_files(names, 256), used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		used += (size_t)snprintf(buf + used, len - used, "%s%s\n", prefix, names[i]);
		ck_assert_uint_lt(used, len);
		free(names[i]);
	}
}

START_TEST(migrate_then_up_to_date)
{
	struct run r;
	run(&r, CXMCTL " migrate", th_builddir(), conf);
	ck_assert_msg(r.status == 0, "stderr: %s", r.err);
	char expect[8192];
	migration_lines(expect, sizeof(expect) - 64, "applied ");
	strcat(expect, "database is up to date\n");
	ck_assert_str_eq(r.out, expect);
	run(&r, CXMCTL " migrate", th_builddir(), conf);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "database is up to date\n");
	run(&r, CXMCTL " migrate status", th_builddir(), conf);
	ck_assert_int_eq(r.status, 0);
	migration_lines(expect, sizeof(expect), "applied  ");
	ck_assert_str_eq(r.out, expect);
	run(&r, CXMCTL " migrate sideways", th_builddir(), conf);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "usage: cxmctl migrate [status]\n");
}
END_TEST

START_TEST(check_reports_each_item)
{
	struct run r;
	char *names[256], line[128];
	size_t n = migration_files(names, 256);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	run(&r, CXMCTL " check", th_builddir(), conf);
	ck_assert_int_eq(r.status, 1);
	snprintf(line, sizeof(line), "migrations    FAIL 0 applied, %zu pending (run cxmctl migrate)\n", n);
	ck_assert_msg(strstr(r.out, line) != NULL, "out: %s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "translations  ok  "));
	ck_assert_ptr_nonnull(strstr(r.out, "templates     ok  "));
	run(&r, CXMCTL " -q migrate", th_builddir(), conf);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	run(&r, CXMCTL " check", th_builddir(), conf);
	ck_assert_msg(r.status == 0, "out: %s", r.out);
	snprintf(line, sizeof(line), "migrations    ok   %zu applied, 0 pending\n", n);
	ck_assert_msg(strstr(r.out, line) != NULL, "out: %s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "database      ok   database cxmt_ctl_"));
	ck_assert_ptr_null(strstr(r.out, "FAIL"));
}
END_TEST

START_TEST(check_without_database)
{
	char bad[4300];
	snprintf(bad, sizeof(bad), "%s/nodb.conf", dir);
	write_conf(bad, "mysql://root@localhost/x?socket=/nonexistent.sock", NULL);
	struct run r;
	run(&r, CXMCTL " check", th_builddir(), bad);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "database      FAIL not reachable (see above)\n"));
	ck_assert_ptr_nonnull(strstr(r.err, "cxmctl: cannot connect to the database: "));
}
END_TEST

START_TEST(bad_configuration)
{
	char bad[4300];
	snprintf(bad, sizeof(bad), "%s/bad.conf", dir);
	FILE *f = fopen(bad, "w");
	fputs("workers = 2\nwokers = 3\n", f);
	fclose(f);
	struct run r;
	run(&r, CXMCTL " check", th_builddir(), bad);
	ck_assert_int_eq(r.status, 1);
	char want[4400];
	snprintf(want, sizeof(want), "cxmctl: %s:2: unknown key 'wokers'\n", bad);
	ck_assert_str_eq(r.err, want);
	run(&r, "%s/core/cxm-fcgi -t -c %s", th_builddir(), bad);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, ":2: unknown key 'wokers'"));
	run(&r, CXMCTL " frobnicate", th_builddir(), conf);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "cxmctl: unknown command 'frobnicate'\n"));
}
END_TEST

START_TEST(fcgi_config_test)
{
	struct run r;
	run(&r, "%s/core/cxm-fcgi -t -c %s", th_builddir(), conf);
	ck_assert_msg(r.status == 0, "stderr: %s", r.err);
	char want[4400];
	snprintf(want, sizeof(want), "cxm-fcgi: configuration %s is valid; templates and translations load\n", conf);
	ck_assert_str_eq(r.out, want);
	/* a template directory with a template lacking the escaping pragma */
	char tdir[4300], tpl[9000], bad[4300];
	snprintf(tdir, sizeof(tdir), "%s/templates", dir);
	snprintf(tpl, sizeof(tpl), "mkdir -p %s && echo '<p>{{X}}</p>' > %s/x.tpl", tdir, tdir);
	ck_assert_int_eq(system(tpl), 0);
	snprintf(bad, sizeof(bad), "%s/badtpl.conf", dir);
	snprintf(tpl, sizeof(tpl), "template_dir = %s\n", tdir);
	write_conf(bad, "mysql://root@localhost/x?socket=/nonexistent.sock", tpl);
	run(&r, "%s/core/cxm-fcgi -t -c %s", th_builddir(), bad);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "x.tpl: must begin with {{%AUTOESCAPE context=\"HTML\"}}"));
}
END_TEST

START_TEST(survey_install_default_and_link)
{
	struct run r;
	run(&r, CXMCTL " -q migrate", th_builddir(), conf);
	ck_assert_msg(r.status == 0, "stderr: %s", r.err);
	/* a business added now has its default survey already (survey 1) */
	run(&r, CXMCTL " -q business add srv", th_builddir(), conf);
	ck_assert_msg(r.status == 0, "stderr: %s", r.err);
	run(&r, CXMCTL " survey install-default --business srv", th_builddir(), conf);
	ck_assert_msg(r.status == 0, "stderr: %s", r.err);
	ck_assert_str_eq(r.out, "default survey 1 already there\n");
	run(&r, CXMCTL " survey link --business srv", th_builddir(), conf);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(strlen(r.out), 3 + 43 + 1);
	ck_assert_int_eq(strncmp(r.out, "/s/", 3), 0);
	for (size_t i = 3; i < 46; i++)
		ck_assert_msg(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", r.out[i]) != NULL,
		              "%s", r.out);
	run(&r, CXMCTL " survey install-default --business nosuch", th_builddir(), conf);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl: no business \"nosuch\"\n");
	run(&r, CXMCTL " survey install-default srv", th_builddir(), conf);
	ck_assert_int_eq(r.status, 2);
}
END_TEST

static Suite *ctl_suite(void)
{
	Suite *s = suite_create("cxmctl");
	TCase *tc = tcase_create("commands");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, migrate_then_up_to_date);
	tcase_add_test(tc, check_reports_each_item);
	tcase_add_test(tc, check_without_database);
	tcase_add_test(tc, bad_configuration);
	tcase_add_test(tc, fcgi_config_test);
	tcase_add_test(tc, survey_install_default_and_link);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	th_mysql_socket();
	SRunner *sr = srunner_create(ctl_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
