/* The configuration reader (core/conf.c): built-in defaults, the file
 * syntax (comments, blank lines, spaces around '=', quoted values, trailing
 * comments, CRLF line ends), typed values with their limits at and just
 * past each bound, a repeated key, and the exact error with file:line for
 * unknown keys, bad values and overlong lines. Also: the commented sample
 * core/cxm.conf.in parses, both as built (cxm.conf.sample, which must state
 * the true defaults) and with our own paths put in for its placeholders
 * (every value checked against what the sample says). */
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

static void write_text(const char *file, const char *text)
{
	FILE *f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static enum cxm_err load(const char *text)
{
	write_text(path, text);
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

#define DSN "mysql://cxm@localhost/cxm?socket=/run/mysqld/mysqld.sock"

START_TEST(defaults)
{
	/* the values cxm.conf.in documents as the built-in defaults */
	ck_assert(ends_with(cfg.listen, "/run/cxm/cxm.sock"));
	ck_assert_uint_eq(cfg.socket_mode, 0660);
	ck_assert_str_eq(cfg.socket_group, "");
	ck_assert_int_eq(cfg.workers, 4);
	ck_assert_int_eq(cfg.drain_timeout, 10);
	ck_assert_str_eq(cfg.pid_file, "");
	ck_assert_str_eq(cfg.db_dsn, DSN);
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
	ck_assert_int_eq(cfg.allow_signup, 0);
	ck_assert_int_eq(cfg.session_idle_timeout, 1800);
	ck_assert_int_eq(cfg.session_absolute_timeout, 43200);
	ck_assert_int_eq(cfg.login_max_failures, 5);
	ck_assert_int_eq(cfg.login_failure_window, 900);
	ck_assert_int_eq(cfg.password_opslimit, 2);
	ck_assert_uint_eq(cfg.password_memlimit, 64u * 1024 * 1024);
	ck_assert_int_eq(cfg.invite_valid_hours, 72);
	ck_assert_int_eq(cfg.reset_valid_minutes, 60);
	ck_assert_str_eq(cfg.public_url, "");
	ck_assert_str_eq(cfg.sendmail, "");
	ck_assert_str_eq(cfg.mail_from, "CXM <cxm@localhost>");
	ck_assert_int_eq(cfg.log_mail, 0);
	ck_assert_ptr_null(cfg.path);
	ck_assert(ends_with(cxm_config_default_path(), "/cxm/cxm.conf"));
}
END_TEST

START_TEST(empty_and_comment_only_files)
{
	ck_assert_int_eq(load(""), CXM_OK);
	ck_assert_int_eq(cfg.workers, 4);
	ck_assert_int_eq(load("# only comments\n\n   \n\t\n# workers = 9\n   # max_fields = 0\n"), CXM_OK);
	ck_assert_int_eq(cfg.workers, 4);          /* a commented-out key is not read */
	ck_assert_int_eq(cfg.max_fields, 1000);
	ck_assert_str_eq(cfg.path, path);
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
	ck_assert_str_eq(cfg.db_dsn, DSN);
}
END_TEST

START_TEST(whitespace_around_equals)
{
	static const struct {
		const char *text;
		long workers;
	} cases[] = {
		{"workers=5\n", 5},
		{"workers =6\n", 6},
		{"workers= 7\n", 7},
		{" \t workers \t = \t 9 \t \n", 9},
		{"workers = 10\r\n", 10},         /* a file saved with CRLF line ends */
		{"workers    =    11    # many spaces\n", 11},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(load(cases[i].text) == CXM_OK, "case %zu: %s", i, err);
		ck_assert_int_eq(cfg.workers, cases[i].workers);
	}
	/* a value may contain '=' and spaces; only the first '=' separates */
	ck_assert_int_eq(load("db_dsn = mysql://u:a=b@h/db\nsocket_group = two words\n"), CXM_OK);
	ck_assert_str_eq(cfg.db_dsn, "mysql://u:a=b@h/db");
	ck_assert_str_eq(cfg.socket_group, "two words");
}
END_TEST

START_TEST(quoted_and_empty_values)
{
	ck_assert_int_eq(load("socket_group = \"www data\"\n"
	                      "base_path = \"\"\n"
	                      "db_password_file =\n"
	                      "workers = \"12\"\n"),
	                 CXM_OK);
	ck_assert_str_eq(cfg.socket_group, "www data");
	ck_assert_str_eq(cfg.base_path, "");
	ck_assert_str_eq(cfg.db_password_file, "");
	ck_assert_int_eq(cfg.workers, 12);
}
END_TEST

/* An opening quote needs its closing one, and only a comment may follow. */
START_TEST(unterminated_or_trailing_quote)
{
	ck_assert_int_eq(load("workers = 2\npid_file = \"\n"), CXM_ERR_CONFIG);
	ck_assert_msg(strstr(err, ":2: a quoted value must end with '\"'") != NULL, "%s", err);
	ck_assert_int_eq(load("base_path = \"/cx\" extra\n"), CXM_ERR_CONFIG);
	ck_assert_msg(strstr(err, ":1: a quoted value must end with '\"'") != NULL, "%s", err);
}
END_TEST

START_TEST(later_line_wins)
{
	/* a repeated key is not an error: the last line counts */
	ck_assert_int_eq(load("workers = 2\nworkers = 3\n"), CXM_OK);
	ck_assert_int_eq(cfg.workers, 3);
	ck_assert_int_eq(load("socket_group = first\n# x\nsocket_group = second\nlog_level = warn\nlog_level = error\n"),
	                 CXM_OK);
	ck_assert_str_eq(cfg.socket_group, "second");
	ck_assert_int_eq(cfg.log_level, CXM_LOG_ERROR);
	/* a second load reads over the first */
	ck_assert_int_eq(load("drain_timeout = 5\n"), CXM_OK);
	ck_assert_int_eq(cfg.workers, 3);
	ck_assert_int_eq(cfg.drain_timeout, 5);
}
END_TEST

START_TEST(unknown_key)
{
	assert_error("workers = 2\n# ok\nwrkers = 3\n", 3, "unknown key 'wrkers'");
	assert_error("\n\n# comment\n\n  Workers = 3\n", 5, "unknown key 'Workers'");  /* keys are case-sensitive */
	assert_error("max body = 1M\n", 1, "unknown key 'max body'");
	assert_error("= 5\n", 1, "unknown key ''");
	/* the reader stops at the first error */
	assert_error("a = 1\nb = 2\n", 1, "unknown key 'a'");
}
END_TEST

START_TEST(missing_equals)
{
	assert_error("\nworkers 2\n", 2, "expected 'key = value'");
	assert_error("workers = 1\n[section]\n", 2, "expected 'key = value'");
}
END_TEST

START_TEST(bad_numbers)
{
	assert_error("workers = 0\n", 1, "workers must be a whole number from 1 to 256, not '0'");
	assert_error("workers = 257\n", 1, "workers must be a whole number from 1 to 256, not '257'");
	assert_error("workers = four\n", 1, "workers must be a whole number from 1 to 256, not 'four'");
	assert_error("workers = 4x\n", 1, "workers must be a whole number from 1 to 256, not '4x'");
	assert_error("workers = 4.0\n", 1, "workers must be a whole number from 1 to 256, not '4.0'");
	assert_error("workers = -4\n", 1, "workers must be a whole number from 1 to 256, not '-4'");
	assert_error("workers = 0x10\n", 1, "workers must be a whole number from 1 to 256, not '0x10'");
	assert_error("workers =\n", 1, "workers must be a whole number from 1 to 256, not ''");
	assert_error("drain_timeout = 99999999999999999999\n", 1,
	             "drain_timeout must be a whole number from 1 to 3600, not '99999999999999999999'");
	/* the line number counts comments and blank lines */
	assert_error("# header\n\nworkers = 4\n\n   # note\nmax_fields = 0\n", 6,
	             "max_fields must be a whole number from 1 to 1000000, not '0'");
}
END_TEST

START_TEST(limits)
{
	/* every bound is accepted, one past it is not */
	ck_assert_int_eq(load("workers = 1\ndrain_timeout = 1\nmax_fields = 1\n"), CXM_OK);
	ck_assert_int_eq(cfg.workers, 1);
	ck_assert_int_eq(cfg.drain_timeout, 1);
	ck_assert_int_eq(cfg.max_fields, 1);
	ck_assert_int_eq(load("workers = 256\ndrain_timeout = 3600\nmax_fields = 1000000\n"), CXM_OK);
	ck_assert_int_eq(cfg.workers, 256);
	ck_assert_int_eq(cfg.drain_timeout, 3600);
	assert_error("drain_timeout = 3601\n", 1, "drain_timeout must be a whole number from 1 to 3600, not '3601'");
	assert_error("drain_timeout = 0\n", 1, "drain_timeout must be a whole number from 1 to 3600, not '0'");
	assert_error("max_fields = 1000001\n", 1, "max_fields must be a whole number from 1 to 1000000, not '1000001'");

	ck_assert_int_eq(load("max_body = 1024\nmax_field_len = 16\n"), CXM_OK);
	ck_assert_uint_eq(cfg.max_body, 1024);
	ck_assert_uint_eq(cfg.max_field_len, 16);
	ck_assert_int_eq(load("max_body = 1073741824\nmax_field_len = 64M\n"), CXM_OK);
	ck_assert_uint_eq(cfg.max_body, 1073741824u);
	ck_assert_uint_eq(cfg.max_field_len, 67108864u);
	assert_error("max_field_len = 15\n", 1,
	             "max_field_len must be a size from 16 to 67108864 bytes (suffixes K, M, G), not '15'");
	assert_error("max_field_len = 65537K\n", 1,
	             "max_field_len must be a size from 16 to 67108864 bytes (suffixes K, M, G), not '65537K'");
	assert_error("max_body = 1073741825\n", 1,
	             "max_body must be a size from 1024 to 1073741824 bytes (suffixes K, M, G), not '1073741825'");

	ck_assert_int_eq(load("socket_mode = 0777\n"), CXM_OK);
	ck_assert_uint_eq(cfg.socket_mode, 0777);
	ck_assert_int_eq(load("socket_mode = 0\n"), CXM_OK);
	ck_assert_uint_eq(cfg.socket_mode, 0);
	assert_error("socket_mode = 01000\n", 1, "socket_mode must be an octal file mode such as 0660, not '01000'");
	assert_error("socket_mode = rw-rw----\n", 1, "socket_mode must be an octal file mode such as 0660, not 'rw-rw----'");
}
END_TEST

START_TEST(size_suffixes)
{
	static const struct {
		const char *text;
		size_t bytes;
	} cases[] = {
		{"2048", 2048},
		{"2K", 2048},
		{"2k", 2048},
		{"2KB", 2048},
		{"2kB", 2048},
		{"3M", 3145728},
		{"3mb", 3145728},
		{"1G", 1073741824},
		{"1gb", 1073741824},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[64];
		snprintf(text, sizeof(text), "max_body = %s\n", cases[i].text);
		ck_assert_msg(load(text) == CXM_OK, "%s: %s", cases[i].text, err);
		ck_assert_uint_eq(cfg.max_body, cases[i].bytes);
	}
}
END_TEST

START_TEST(bad_sizes)
{
	const char *bad[] = {"1023", "10X", "2G", "-1K", "K", "1KBB", "1.5M", "1 K", "99999999999999999999G"};
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
	assert_error("log_level = INFO\n", 1, "log_level must be one of error, warn, info, debug, not 'INFO'");
	assert_error("log_target = file\n", 1, "log_target must be stderr or syslog, not 'file'");
	assert_error("default_language = de\n", 1, "default_language must be ru or en, not 'de'");
	assert_error("default_language = ru-RU\n", 1, "default_language must be ru or en, not 'ru-RU'");
	assert_error("socket_mode = 0999\n", 1, "socket_mode must be an octal file mode such as 0660, not '0999'");
	assert_error("socket_mode = 01777\n", 1, "socket_mode must be an octal file mode such as 0660, not '01777'");
	static const char *const levels[] = {"error", "warn", "info", "debug"};
	static const enum cxm_log_level want[] = {CXM_LOG_ERROR, CXM_LOG_WARN, CXM_LOG_INFO, CXM_LOG_DEBUG};
	for (int i = 0; i < 4; i++) {
		char text[64];
		snprintf(text, sizeof(text), "log_level = %s\n", levels[i]);
		ck_assert_int_eq(load(text), CXM_OK);
		ck_assert_int_eq(cfg.log_level, want[i]);
	}
}
END_TEST

/* yes/no keys: eight spellings, lower case only, anything else refused */
START_TEST(booleans)
{
	static const struct {
		const char *text;
		int value;
	} cases[] = {
		{"yes", 1}, {"no", 0}, {"true", 1}, {"false", 0}, {"on", 1}, {"off", 0}, {"1", 1}, {"0", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* start from the opposite value, so each must come from the file */
		cfg.allow_signup = cfg.log_mail = !cases[i].value;
		char text[128];
		snprintf(text, sizeof(text), "allow_signup = %s\nlog_mail=%s\n", cases[i].text, cases[i].text);
		ck_assert_msg(load(text) == CXM_OK, "%s: %s", cases[i].text, err);
		ck_assert_int_eq(cfg.allow_signup, cases[i].value);
		ck_assert_int_eq(cfg.log_mail, cases[i].value);
	}
	ck_assert_int_eq(load("allow_signup = \"yes\" # quoted\n"), CXM_OK);
	ck_assert_int_eq(cfg.allow_signup, 1);

	assert_error("allow_signup = maybe\n", 1, "allow_signup must be yes or no, not 'maybe'");
	assert_error("# dev\nlog_mail = maybe\n", 2, "log_mail must be yes or no, not 'maybe'");
	const char *bad[] = {"", "Yes", "NO", "TRUE", "y", "n", "2", "-1", "01", "yes please", "enabled"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[128], msg[256];
		snprintf(text, sizeof(text), "allow_signup = \"%s\"\n", bad[i]);
		snprintf(msg, sizeof(msg), "allow_signup must be yes or no, not '%s'", bad[i]);
		assert_error(text, 1, msg);
	}
	/* cxm_config_set gives the same message without file and line */
	ck_assert_int_eq(cxm_config_set(&cfg, "allow_signup", "maybe", err, sizeof(err)), CXM_ERR_CONFIG);
	ck_assert_str_eq(err, "allow_signup must be yes or no, not 'maybe'");
	ck_assert_int_eq(cxm_config_set(&cfg, "log_mail", "on", err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cfg.log_mail, 1);
}
END_TEST

/* The account and session keys at and just past each bound. */
START_TEST(account_limits)
{
	ck_assert_int_eq(load("session_idle_timeout = 60\nsession_absolute_timeout = 60\n"
	                      "login_max_failures = 1\nlogin_failure_window = 10\n"
	                      "password_opslimit = 1\npassword_memlimit = 8K\n"
	                      "invite_valid_hours = 1\nreset_valid_minutes = 5\n"),
	                 CXM_OK);
	ck_assert_int_eq(cfg.session_idle_timeout, 60);
	ck_assert_int_eq(cfg.session_absolute_timeout, 60);
	ck_assert_int_eq(cfg.login_max_failures, 1);
	ck_assert_int_eq(cfg.login_failure_window, 10);
	ck_assert_int_eq(cfg.password_opslimit, 1);
	ck_assert_uint_eq(cfg.password_memlimit, 8192);
	ck_assert_int_eq(cfg.invite_valid_hours, 1);
	ck_assert_int_eq(cfg.reset_valid_minutes, 5);
	ck_assert_int_eq(load("session_idle_timeout = 2592000\nsession_absolute_timeout = 31536000\n"
	                      "login_max_failures = 1000\nlogin_failure_window = 86400\n"
	                      "password_opslimit = 100\npassword_memlimit = 4G\n"
	                      "invite_valid_hours = 2160\nreset_valid_minutes = 1440\n"),
	                 CXM_OK);
	ck_assert_int_eq(cfg.session_idle_timeout, 2592000);
	ck_assert_int_eq(cfg.session_absolute_timeout, 31536000);
	ck_assert_int_eq(cfg.login_max_failures, 1000);
	ck_assert_int_eq(cfg.login_failure_window, 86400);
	ck_assert_int_eq(cfg.password_opslimit, 100);
	ck_assert_uint_eq(cfg.password_memlimit, 4294967296u);
	ck_assert_int_eq(cfg.invite_valid_hours, 2160);
	ck_assert_int_eq(cfg.reset_valid_minutes, 1440);

	assert_error("session_idle_timeout = 59\n", 1,
	             "session_idle_timeout must be a whole number from 60 to 2592000, not '59'");
	assert_error("session_idle_timeout = 2592001\n", 1,
	             "session_idle_timeout must be a whole number from 60 to 2592000, not '2592001'");
	assert_error("session_absolute_timeout = 31536001\n", 1,
	             "session_absolute_timeout must be a whole number from 60 to 31536000, not '31536001'");
	assert_error("login_max_failures = 0\n", 1, "login_max_failures must be a whole number from 1 to 1000, not '0'");
	assert_error("login_failure_window = 9\n", 1,
	             "login_failure_window must be a whole number from 10 to 86400, not '9'");
	assert_error("password_opslimit = 101\n", 1, "password_opslimit must be a whole number from 1 to 100, not '101'");
	assert_error("password_memlimit = 8191\n", 1,
	             "password_memlimit must be a size from 8192 to 4294967296 bytes (suffixes K, M, G), not '8191'");
	assert_error("password_memlimit = 4097M\n", 1,
	             "password_memlimit must be a size from 8192 to 4294967296 bytes (suffixes K, M, G), not '4097M'");
	assert_error("invite_valid_hours = 2161\n", 1, "invite_valid_hours must be a whole number from 1 to 2160, not '2161'");
	assert_error("reset_valid_minutes = 4\n", 1, "reset_valid_minutes must be a whole number from 5 to 1440, not '4'");

	/* the mail keys are free text */
	ck_assert_int_eq(load("public_url = https://cx.example.com/cx\nsendmail = /usr/sbin/sendmail\n"
	                      "mail_from = \"Салон <noreply@example.com>\"\n"),
	                 CXM_OK);
	ck_assert_str_eq(cfg.public_url, "https://cx.example.com/cx");
	ck_assert_str_eq(cfg.sendmail, "/usr/sbin/sendmail");
	ck_assert_str_eq(cfg.mail_from, "Салон <noreply@example.com>");
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

	/* the limit exactly: 4094 characters pass, 4095 do not (line 2 here) */
	static char at[4200];
	strcpy(at, "workers = 3\n# ");
	size_t start = strlen("workers = 3\n");
	memset(at + start + 2, 'y', 4094 - 2);
	strcpy(at + start + 4094, "\n");
	ck_assert_msg(load(at) == CXM_OK, "%s", err);
	ck_assert_int_eq(cfg.workers, 3);
	memset(at + start + 2, 'y', 4095 - 2);
	strcpy(at + start + 4095, "\n");
	assert_error(at, 2, "line longer than 4094 characters");
}
END_TEST

START_TEST(missing_file)
{
	ck_assert_int_eq(cxm_config_load(&cfg, "/nonexistent/cxm.conf", err, sizeof(err)), CXM_ERR_IO);
	ck_assert_str_eq(err, "/nonexistent/cxm.conf: cannot open: No such file or directory");
}
END_TEST

static void compare_all(const struct cxm_config *x, const struct cxm_config *y)
{
	ck_assert_str_eq(x->listen, y->listen);
	ck_assert_uint_eq(x->socket_mode, y->socket_mode);
	ck_assert_str_eq(x->socket_group, y->socket_group);
	ck_assert_int_eq(x->workers, y->workers);
	ck_assert_int_eq(x->drain_timeout, y->drain_timeout);
	ck_assert_str_eq(x->pid_file, y->pid_file);
	ck_assert_str_eq(x->db_dsn, y->db_dsn);
	ck_assert_str_eq(x->db_password_file, y->db_password_file);
	ck_assert_str_eq(x->base_path, y->base_path);
	ck_assert_str_eq(x->template_dir, y->template_dir);
	ck_assert_str_eq(x->static_dir, y->static_dir);
	ck_assert_str_eq(x->locale_dir, y->locale_dir);
	ck_assert_str_eq(x->plugin_dir, y->plugin_dir);
	ck_assert_str_eq(x->sql_dir, y->sql_dir);
	ck_assert_uint_eq(x->max_body, y->max_body);
	ck_assert_int_eq(x->max_fields, y->max_fields);
	ck_assert_uint_eq(x->max_field_len, y->max_field_len);
	ck_assert_int_eq(x->log_target, y->log_target);
	ck_assert_int_eq(x->log_level, y->log_level);
	ck_assert_str_eq(x->default_language, y->default_language);
	ck_assert_int_eq(x->allow_signup, y->allow_signup);
	ck_assert_int_eq(x->session_idle_timeout, y->session_idle_timeout);
	ck_assert_int_eq(x->session_absolute_timeout, y->session_absolute_timeout);
	ck_assert_int_eq(x->login_max_failures, y->login_max_failures);
	ck_assert_int_eq(x->login_failure_window, y->login_failure_window);
	ck_assert_int_eq(x->password_opslimit, y->password_opslimit);
	ck_assert_uint_eq(x->password_memlimit, y->password_memlimit);
	ck_assert_int_eq(x->invite_valid_hours, y->invite_valid_hours);
	ck_assert_int_eq(x->reset_valid_minutes, y->reset_valid_minutes);
	ck_assert_str_eq(x->public_url, y->public_url);
	ck_assert_str_eq(x->sendmail, y->sendmail);
	ck_assert_str_eq(x->mail_from, y->mail_from);
	ck_assert_int_eq(x->log_mail, y->log_mail);
}

static const char *const all_keys[] = {
	"listen", "socket_mode", "socket_group", "workers", "drain_timeout", "pid_file",
	"db_dsn", "db_password_file", "base_path", "template_dir", "static_dir",
	"locale_dir", "plugin_dir", "sql_dir", "max_body", "max_fields", "max_field_len",
	"log_target", "log_level", "default_language", "allow_signup", "session_idle_timeout",
	"session_absolute_timeout", "login_max_failures", "login_failure_window",
	"password_opslimit", "password_memlimit", "invite_valid_hours", "reset_valid_minutes",
	"public_url", "sendmail", "mail_from", "log_mail"};

START_TEST(sample_states_the_defaults)
{
	const char *build = getenv("CXM_BUILDDIR");
	ck_assert_msg(build != NULL, "CXM_BUILDDIR must be set (make check does)");
	char sample[4096];
	snprintf(sample, sizeof(sample), "%s/core/cxm.conf.sample", build);
	struct cxm_config s;
	cxm_config_defaults(&s);
	ck_assert_msg(cxm_config_load(&s, sample, err, sizeof(err)) == CXM_OK, "%s", err);
	compare_all(&s, &cfg);
	cxm_config_free(&s);

	/* and it documents every key: each appears as "key =" at a line start */
	FILE *f = fopen(sample, "r");
	ck_assert_ptr_nonnull(f);
	static char text[65536];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	for (size_t i = 0; i < sizeof(all_keys) / sizeof(all_keys[0]); i++) {
		char needle[64];
		snprintf(needle, sizeof(needle), "\n%s =", all_keys[i]);
		ck_assert_msg(strstr(text, needle) != NULL, "the sample does not show %s", all_keys[i]);
		/* every key is known to the reader */
		ck_assert_int_eq(cxm_config_set(&cfg, all_keys[i], "", err, sizeof(err)) == CXM_ERR_CONFIG &&
		                         strncmp(err, "unknown key", 11) == 0,
		                 0);
	}
}
END_TEST

/* Replaces every occurrence of from in s (in place; s has room for growth). */
static void subst(char *s, size_t cap, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	char *p = s;
	while ((p = strstr(p, from)) != NULL) {
		size_t rest = strlen(p + fl);
		ck_assert_uint_lt((size_t)(p - s) + tl + rest, cap);
		memmove(p + tl, p + fl, rest + 1);
		memcpy(p, to, tl);
		p += tl;
	}
}

START_TEST(sample_source_with_our_paths)
{
	const char *src = getenv("CXM_SRCDIR");
	ck_assert_msg(src != NULL, "CXM_SRCDIR must be set (make check does)");
	char in[4096];
	snprintf(in, sizeof(in), "%s/core/cxm.conf.in", src);
	FILE *f = fopen(in, "r");
	ck_assert_ptr_nonnull(f);
	static char text[65536];
	size_t n = fread(text, 1, sizeof(text) / 2, f);
	fclose(f);
	text[n] = 0;
	subst(text, sizeof(text), "@localstatedir@", "/srv/cxmt/var");
	subst(text, sizeof(text), "@pkgdatadir@", "/srv/cxmt/share/cxm");
	subst(text, sizeof(text), "@pkglibdir@", "/srv/cxmt/lib/cxm");
	subst(text, sizeof(text), "@sysconfdir@", "/srv/cxmt/etc");
	/* no placeholder is left over */
	for (const char *p = strchr(text, '@'); p; p = strchr(p + 1, '@')) {
		size_t k = 1;
		while (p[k] >= 'a' && p[k] <= 'z')
			k++;
		ck_assert_msg(!(k > 1 && p[k] == '@'), "unsubstituted placeholder near: %.30s", p);
	}

	/* start from values unlike the sample's, so each must come from the file */
	static const char *const other[] = {
		"/x", "0600", "grp", "7", "99", "/p", "mysql://o@h/o", "/pw", "/b", "/t", "/s",
		"/l", "/pl", "/q", "2M", "5", "1K", "syslog", "debug", "en", "yes", "61", "62", "9", "11",
		"3", "9K", "2", "6", "https://o.example", "/bin/true", "o@o", "on"};
	ck_assert_uint_eq(sizeof(other) / sizeof(other[0]), sizeof(all_keys) / sizeof(all_keys[0]));
	for (size_t i = 0; i < sizeof(all_keys) / sizeof(all_keys[0]); i++)
		ck_assert_msg(cxm_config_set(&cfg, all_keys[i], other[i], err, sizeof(err)) == CXM_OK, "%s", err);

	ck_assert_msg(load(text) == CXM_OK, "%s", err);
	ck_assert_str_eq(cfg.listen, "/srv/cxmt/var/run/cxm/cxm.sock");
	ck_assert_uint_eq(cfg.socket_mode, 0660);
	ck_assert_str_eq(cfg.socket_group, "");
	ck_assert_int_eq(cfg.workers, 4);
	ck_assert_int_eq(cfg.drain_timeout, 10);
	ck_assert_str_eq(cfg.pid_file, "");
	ck_assert_str_eq(cfg.db_dsn, DSN);
	ck_assert_str_eq(cfg.db_password_file, "");
	ck_assert_str_eq(cfg.base_path, "");
	ck_assert_str_eq(cfg.template_dir, "/srv/cxmt/share/cxm/templates");
	ck_assert_str_eq(cfg.static_dir, "/srv/cxmt/share/cxm/static");
	ck_assert_str_eq(cfg.locale_dir, "/srv/cxmt/share/cxm/locale");
	ck_assert_str_eq(cfg.plugin_dir, "/srv/cxmt/lib/cxm/plugins");
	ck_assert_str_eq(cfg.sql_dir, "/srv/cxmt/share/cxm/sql");
	ck_assert_uint_eq(cfg.max_body, 10485760u);
	ck_assert_int_eq(cfg.max_fields, 1000);
	ck_assert_uint_eq(cfg.max_field_len, 65536u);
	ck_assert_int_eq(cfg.log_target, CXM_LOG_STDERR);
	ck_assert_int_eq(cfg.log_level, CXM_LOG_INFO);
	ck_assert_str_eq(cfg.default_language, "ru");
	ck_assert_int_eq(cfg.allow_signup, 0);
	ck_assert_int_eq(cfg.session_idle_timeout, 1800);
	ck_assert_int_eq(cfg.session_absolute_timeout, 43200);
	ck_assert_int_eq(cfg.login_max_failures, 5);
	ck_assert_int_eq(cfg.login_failure_window, 900);
	ck_assert_int_eq(cfg.password_opslimit, 2);
	ck_assert_uint_eq(cfg.password_memlimit, 67108864u);
	ck_assert_int_eq(cfg.invite_valid_hours, 72);
	ck_assert_int_eq(cfg.reset_valid_minutes, 60);
	ck_assert_str_eq(cfg.public_url, "");
	ck_assert_str_eq(cfg.sendmail, "");
	ck_assert_str_eq(cfg.mail_from, "CXM <cxm@localhost>");
	ck_assert_int_eq(cfg.log_mail, 0);
}
END_TEST

/* cxm.conf.in: '"#" starts a comment' and 'Quote a value ("...") to keep
 * leading spaces or a " #"': a quoted value may be followed by a comment. */
START_TEST(quoted_value_with_trailing_comment)
{
	ck_assert_int_eq(load("base_path = \"/cx\" # the mount point\n"
	                      "socket_group = \" a # b \"   #\n"), CXM_OK);
	ck_assert_str_eq(cfg.base_path, "/cx");
	ck_assert_str_eq(cfg.socket_group, " a # b ");
}
END_TEST

/* A read error (here EISDIR) is not end of file: the load fails. */
START_TEST(directory_is_not_a_config_file)
{
	ck_assert_int_eq(cxm_config_load(&cfg, "/tmp", err, sizeof(err)), CXM_ERR_IO);
	ck_assert_str_eq(err, "/tmp: cannot read: Is a directory");
}
END_TEST

static Suite *conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("conf");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, empty_and_comment_only_files);
	tcase_add_test(tc, syntax);
	tcase_add_test(tc, whitespace_around_equals);
	tcase_add_test(tc, quoted_and_empty_values);
	tcase_add_test(tc, later_line_wins);
	tcase_add_test(tc, unknown_key);
	tcase_add_test(tc, missing_equals);
	tcase_add_test(tc, bad_numbers);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, size_suffixes);
	tcase_add_test(tc, bad_sizes);
	tcase_add_test(tc, bad_enums_and_modes);
	tcase_add_test(tc, booleans);
	tcase_add_test(tc, account_limits);
	tcase_add_test(tc, overlong_line);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, sample_states_the_defaults);
	tcase_add_test(tc, sample_source_with_our_paths);
	tcase_add_test(tc, unterminated_or_trailing_quote);
	tcase_add_test(tc, quoted_value_with_trailing_comment);
	tcase_add_test(tc, directory_is_not_a_config_file);
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
