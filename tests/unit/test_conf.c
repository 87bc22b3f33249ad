/* The configuration reader (core/conf.c): built-in defaults, the file
 * syntax (comments, blank lines, spaces around '=', quoted values, trailing
 * comments), typed values with their limits, and the exact error with
 * file:line for unknown keys and bad values. Also: the commented sample
 * shipped as cxm.conf.sample parses and states the true defaults. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"

static struct cxm_config cfg;
static char path[256];
static char err[1024];

static void setup(void)
{
	cxm_config_defaults(&cfg);
	snprintf(path, sizeof(path), "/tmp/cxm-conf-test-%ld.conf", (long)getpid());
	err[0] = 0;
}

static void teardown(void)
{
	cxm_config_free(&cfg);
	unlink(path);
}

static enum cxm_err load(const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return cxm_config_load(&cfg, path, err, sizeof(err));
}

/* The expected error: "<path>:<line>: <why>". */
static void assert_error(const char *text, int line, const char *why)
{
	ck_assert_int_eq(load(text), CXM_ERR_CONFIG);
	char want[1024];
	snprintf(want, sizeof(want), "%s:%d: %s", path, line, why);
	ck_assert_str_eq(err, want);
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

START_TEST(defaults)
{
	ck_assert(ends_with(cfg.listen, "/run/cxm/cxm.sock"));
	ck_assert_uint_eq(cfg.socket_mode, 0660);
	ck_assert_str_eq(cfg.socket_group, "");
	ck_assert_int_eq(cfg.workers, 4);
	ck_assert_int_eq(cfg.drain_timeout, 10);
	ck_assert_str_eq(cfg.pid_file, "");
	ck_assert_str_eq(cfg.db_dsn, "mysql://cxm@localhost/cxm?socket=/run/mysqld/mysqld.sock");
	ck_assert_str_eq(cfg.db_password_file, "");
	ck_assert_str_eq(cfg.base_path, "");
	ck_assert(ends_with(cfg.template_dir, "/share/cxm/templates"));
	ck_assert(ends_with(cfg.static_dir, "/share/cxm/static"));
	ck_assert(ends_with(cfg.locale_dir, "/share/cxm/locale"));
	ck_assert(ends_with(cfg.plugin_dir, "/lib/cxm/plugins"));
	ck_assert(ends_with(cfg.sql_dir, "/share/cxm/sql"));
	ck_assert_uint_eq(cfg.max_body, 10u * 1024 * 1024);
	ck_assert_int_eq(cfg.max_fields, 1000);
	ck_assert_uint_eq(cfg.max_field_len, 64u * 1024);
	ck_assert_int_eq(cfg.log_target, CXM_LOG_STDERR);
	ck_assert_int_eq(cfg.log_level, CXM_LOG_INFO);
	ck_assert_str_eq(cfg.default_language, "ru");
	ck_assert(ends_with(cxm_config_default_path(), "/cxm/cxm.conf"));
}
END_TEST

START_TEST(syntax)
{
	ck_assert_int_eq(load("# a comment\n"
	                      "\n"
	                      "   \t\n"
	                      "workers=8\n"
	                      "  drain_timeout   =   30  \n"
	                      "\t# indented comment\n"
	                      "socket_group = www-data # trailing comment\n"
	                      "base_path = \" /x #y \"\n"
	                      "pid_file = /run/a#b\n"
	                      "log_level = debug\n"
	                      "log_target = syslog\n"
	                      "default_language = en\n"
	                      "socket_mode = 0600\n"
	                      "max_body = 1kb\n"
	                      "max_field_len = 2M\n"
	                      "max_fields = 1000000"),  /* no newline at the end */
	                 CXM_OK);
	ck_assert_int_eq(cfg.workers, 8);
	ck_assert_int_eq(cfg.drain_timeout, 30);
	ck_assert_str_eq(cfg.socket_group, "www-data");
	ck_assert_str_eq(cfg.base_path, " /x #y ");
	ck_assert_str_eq(cfg.pid_file, "/run/a#b");  /* '#' starts a comment only after a space */
	ck_assert_int_eq(cfg.log_level, CXM_LOG_DEBUG);
	ck_assert_int_eq(cfg.log_target, CXM_LOG_SYSLOG);
	ck_assert_str_eq(cfg.default_language, "en");
	ck_assert_uint_eq(cfg.socket_mode, 0600);
	ck_assert_uint_eq(cfg.max_body, 1024);
	ck_assert_uint_eq(cfg.max_field_len, 2u * 1024 * 1024);
	ck_assert_int_eq(cfg.max_fields, 1000000);
	ck_assert_str_eq(cfg.path, path);
	/* keys not in the file keep their defaults */
	ck_assert_str_eq(cfg.db_dsn, "mysql://cxm@localhost/cxm?socket=/run/mysqld/mysqld.sock");
}
END_TEST

START_TEST(later_line_wins)
{
	ck_assert_int_eq(load("workers = 2\nworkers = 3\n"), CXM_OK);
	ck_assert_int_eq(cfg.workers, 3);
}
END_TEST

START_TEST(unknown_key)
{
	assert_error("workers = 2\n# ok\nwrkers = 3\n", 3, "unknown key 'wrkers'");
}
END_TEST

START_TEST(missing_equals)
{
	assert_error("\nworkers 2\n", 2, "expected 'key = value'");
}
END_TEST

START_TEST(bad_numbers)
{
	assert_error("workers = 0\n", 1, "workers must be a whole number from 1 to 256, not '0'");
	assert_error("workers = 257\n", 1, "workers must be a whole number from 1 to 256, not '257'");
	assert_error("workers = four\n", 1, "workers must be a whole number from 1 to 256, not 'four'");
	assert_error("workers = 4x\n", 1, "workers must be a whole number from 1 to 256, not '4x'");
	assert_error("workers =\n", 1, "workers must be a whole number from 1 to 256, not ''");
	assert_error("drain_timeout = 99999999999999999999\n", 1,
	             "drain_timeout must be a whole number from 1 to 3600, not '99999999999999999999'");
}
END_TEST

START_TEST(bad_sizes)
{
	const char *bad[] = {"1023", "10X", "2G", "-1K", "K", "1KBB", "1.5M"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[64], msg[256];
		snprintf(text, sizeof(text), "max_body = %s\n", bad[i]);
		snprintf(msg, sizeof(msg),
		         "max_body must be a size from 1024 to 1073741824 bytes (suffixes K, M, G), not '%s'",
		         bad[i]);
		assert_error(text, 1, msg);
	}
	ck_assert_int_eq(load("max_body = 1G\n"), CXM_OK);
	ck_assert_uint_eq(cfg.max_body, 1024u * 1024 * 1024);
}
END_TEST

START_TEST(bad_enums_and_modes)
{
	assert_error("log_level = verbose\n", 1, "log_level must be one of error, warn, info, debug, not 'verbose'");
	assert_error("log_target = file\n", 1, "log_target must be stderr or syslog, not 'file'");
	assert_error("default_language = de\n", 1, "default_language must be ru or en, not 'de'");
	assert_error("socket_mode = 0999\n", 1, "socket_mode must be an octal file mode such as 0660, not '0999'");
	assert_error("socket_mode = 01777\n", 1, "socket_mode must be an octal file mode such as 0660, not '01777'");
}
END_TEST

START_TEST(overlong_line)
{
	char text[5000];
	memset(text, 'x', sizeof(text) - 2);
	text[sizeof(text) - 2] = '\n';
	text[sizeof(text) - 1] = 0;
	memcpy(text, "# ", 2);
	assert_error(text, 1, "line longer than 4094 characters");
}
END_TEST

START_TEST(missing_file)
{
	ck_assert_int_eq(cxm_config_load(&cfg, "/nonexistent/cxm.conf", err, sizeof(err)), CXM_ERR_IO);
	ck_assert_str_eq(err, "/nonexistent/cxm.conf: cannot open: No such file or directory");
}
END_TEST

START_TEST(sample_states_the_defaults)
{
	const char *build = getenv("CXM_BUILDDIR");
	ck_assert_msg(build != NULL, "CXM_BUILDDIR must be set (make check does)");
	char sample[4096];
	snprintf(sample, sizeof(sample), "%s/core/cxm.conf.sample", build);
	struct cxm_config s;
	cxm_config_defaults(&s);
	ck_assert_msg(cxm_config_load(&s, sample, err, sizeof(err)) == CXM_OK, "%s", err);
	ck_assert_str_eq(s.listen, cfg.listen);
	ck_assert_uint_eq(s.socket_mode, cfg.socket_mode);
	ck_assert_str_eq(s.socket_group, cfg.socket_group);
	ck_assert_int_eq(s.workers, cfg.workers);
	ck_assert_int_eq(s.drain_timeout, cfg.drain_timeout);
	ck_assert_str_eq(s.pid_file, cfg.pid_file);
	ck_assert_str_eq(s.db_dsn, cfg.db_dsn);
	ck_assert_str_eq(s.db_password_file, cfg.db_password_file);
	ck_assert_str_eq(s.base_path, cfg.base_path);
	ck_assert_str_eq(s.template_dir, cfg.template_dir);
	ck_assert_str_eq(s.static_dir, cfg.static_dir);
	ck_assert_str_eq(s.locale_dir, cfg.locale_dir);
	ck_assert_str_eq(s.plugin_dir, cfg.plugin_dir);
	ck_assert_str_eq(s.sql_dir, cfg.sql_dir);
	ck_assert_uint_eq(s.max_body, cfg.max_body);
	ck_assert_int_eq(s.max_fields, cfg.max_fields);
	ck_assert_uint_eq(s.max_field_len, cfg.max_field_len);
	ck_assert_int_eq(s.log_target, cfg.log_target);
	ck_assert_int_eq(s.log_level, cfg.log_level);
	ck_assert_str_eq(s.default_language, cfg.default_language);
	cxm_config_free(&s);

	/* and it documents every key: each appears as "key =" at a line start */
	FILE *f = fopen(sample, "r");
	ck_assert_ptr_nonnull(f);
	static char text[65536];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	static const char *const keys[] = {
		"listen", "socket_mode", "socket_group", "workers", "drain_timeout", "pid_file",
		"db_dsn", "db_password_file", "base_path", "template_dir", "static_dir",
		"locale_dir", "plugin_dir", "sql_dir", "max_body", "max_fields", "max_field_len",
		"log_target", "log_level", "default_language"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char needle[64];
		snprintf(needle, sizeof(needle), "\n%s =", keys[i]);
		ck_assert_msg(strstr(text, needle) != NULL, "the sample does not show %s", keys[i]);
		/* every key is known to the reader */
		ck_assert_int_eq(cxm_config_set(&cfg, keys[i], "", err, sizeof(err)) == CXM_ERR_CONFIG &&
		                         strncmp(err, "unknown key", 11) == 0,
		                 0);
	}
}
END_TEST

static Suite *conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("conf");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, syntax);
	tcase_add_test(tc, later_line_wins);
	tcase_add_test(tc, unknown_key);
	tcase_add_test(tc, missing_equals);
	tcase_add_test(tc, bad_numbers);
	tcase_add_test(tc, bad_sizes);
	tcase_add_test(tc, bad_enums_and_modes);
	tcase_add_test(tc, overlong_line);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, sample_states_the_defaults);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(conf_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
