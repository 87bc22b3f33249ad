/* cxmctl plugins as an operator runs it, against a real database and a
 * plugin directory with the placeholder, the settings_probe test plugin
 * and one refused module: enable and disable per business (exit codes,
 * output, audit entries with no actor), list --business, and config (the
 * settings with values and defaults; KEY=VALUE checked and stored all or
 * none, exit 1 with the reason and nothing stored on a bad value). */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "arena.h"
#include "db.h"
#include "harness.h"

static char *dir, *conf, *plugin_dir;
static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz_a, biz_b;

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

/* Runs cxmctl -c conf with the arguments, capturing stdout and stderr. */
static void ctl(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ctl(struct run *r, const char *fmt, ...)
{
	char args[2048], full[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s/core/cxmctl -c %s %s >%s/out 2>%s/err", th_builddir(), conf,
	         args, dir, dir);
	int st = system(full);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	char path[4200];
	snprintf(path, sizeof(path), "%s/out", dir);
	slurp(path, r->out, sizeof(r->out));
	snprintf(path, sizeof(path), "%s/err", dir);
	slurp(path, r->err, sizeof(r->err));
}

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

/* Every row of sql as "a|b\n" lines (NULL as \N) into buf. */
static const char *rows(const char *sql)
{
	static char buf[4096];
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, CXM_NOPARAMS, &r) == CXM_OK, "%s", cxm_db_error(db));
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r.nrows; i++)
		for (size_t c = 0; c < r.ncols; c++) {
			const char *v = cxm_rows_get(&r, i, c);
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", v ? v : "\\N",
			                        c + 1 < r.ncols ? "|" : "\n");
		}
	return buf;
}

/* stderr ends with want (the loader's warning about the refused module
 * comes first). */
#define assert_err(r, want) \
	do { \
		size_t n_ = strlen((r)->err), w_ = strlen(want); \
		ck_assert_msg(n_ >= w_ && strcmp((r)->err + n_ - w_, want) == 0, "stderr: %s", (r)->err); \
	} while (0)

#define STORED \
	"SELECT b.slug, s.setting, s.value FROM business_plugin_settings s" \
	" JOIN businesses b ON b.id = s.business_id ORDER BY b.slug, s.setting"
#define AUDIT \
	"SELECT b.slug, a.action, a.actor_id, a.target, a.detail, a.remote_addr FROM audit_log a" \
	" JOIN businesses b ON b.id = a.business_id WHERE a.action LIKE 'plugin.%' ORDER BY a.id"

static void setup(void)
{
	dir = th_tmpdir("ctlp");
	char *dsn = th_db_create_migrated("ctlp");
	db = th_db_connect(dsn);
	arena = cxm_arena_new(1 << 14);
	conf = malloc(4200);
	snprintf(conf, 4200, "%s/cxm.conf", dir);
	FILE *f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "db_dsn = %s\nsql_dir = %s/sql\ntemplate_dir = %s/templates\nlocale_dir = %s/po\n"
	           "plugin_dir = %s\nlog_level = error\n",
	        dsn, th_srcdir(), th_srcdir(), th_builddir(), plugin_dir);
	fclose(f);
	free(dsn);
	biz_a = insert("INSERT INTO businesses (slug, name) VALUES ('ctl-a', 'A')", CXM_NOPARAMS);
	biz_b = insert("INSERT INTO businesses (slug, name) VALUES ('ctl-b', 'B')", CXM_NOPARAMS);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

START_TEST(enable_and_disable)
{
	struct run r;
	ctl(&r, "plugins disable ctl-a settings_probe");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "settings_probe is now off for ctl-a\n");
	ctl(&r, "plugins disable ctl-a settings_probe");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "settings_probe was already off for ctl-a\n");

	/* Only A's row; B keeps the default (on). */
	ck_assert_str_eq(rows("SELECT b.slug, p.plugin, p.enabled, p.updated_by FROM business_plugins p"
	                      " JOIN businesses b ON b.id = p.business_id"),
	                 "ctl-a|settings_probe|0|\\N\n");
	ctl(&r, "plugins list --business ctl-a");
	ck_assert_int_eq(r.status, 0);
	/* Widths: the longest cell of each column plus two spaces; the last
	 * column unpadded. */
	ck_assert_str_eq(r.out,
	                 "FILE               NAME            VERSION  KIND    STATE    ON   REASON\n"
	                 "placeholder.so     placeholder     0.1.0    metric  loaded   on   \n"
	                 "settings_probe.so  settings_probe  1.2      metric  loaded   off  \n"
	                 "x-kind.so          -               -        -       refused  -    "
	                 "unknown kind 42 (plugin broken 9.9, ABI 1.0, host ABI 1.0)\n");
	ctl(&r, "plugins list --business ctl-b");
	ck_assert_ptr_nonnull(strstr(r.out, "\nsettings_probe.so  settings_probe  1.2      metric  "
	                                    "loaded   on  \n"));
	/* Without --business, no ON column. */
	ctl(&r, "plugins list");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "FILE               NAME            VERSION  KIND    STATE    "
	                                    "REASON\n"));

	ctl(&r, "plugins enable ctl-a settings_probe");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "settings_probe is now on for ctl-a\n");
	ck_assert_str_eq(rows(AUDIT), "ctl-a|plugin.disable|\\N|settings_probe||cxmctl\n"
	                              "ctl-a|plugin.enable|\\N|settings_probe||cxmctl\n");

	/* Refusals: exit 1, a reason, nothing stored. */
	ctl(&r, "plugins disable ctl-a no_such");
	ck_assert_int_eq(r.status, 1);
	char want[4400];
	snprintf(want, sizeof(want),
	         "cxmctl: no loaded plugin \"no_such\" in %s (cxmctl plugins list shows why)\n",
	         plugin_dir);
	assert_err(&r, want);
	ctl(&r, "plugins disable nowhere settings_probe");
	ck_assert_int_eq(r.status, 1);
	assert_err(&r, "cxmctl: no business \"nowhere\"\n");
	ctl(&r, "plugins list --business nowhere");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ctl(&r, "plugins disable ctl-a");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "usage: cxmctl plugins list [--business SLUG]\n"));
	ck_assert_str_eq(rows(AUDIT), "ctl-a|plugin.disable|\\N|settings_probe||cxmctl\n"
	                              "ctl-a|plugin.enable|\\N|settings_probe||cxmctl\n");
}
END_TEST

static const char defaults_table[] =
	"KEY     TYPE    VALUE  DEFAULT  BOUNDS      LABEL\n"
	"min_n   int     30     30       1..1000     Minimum sample\n"
	"share   number  50.5   50.5     0..100      Target share, %\n"
	"title   text    probe  probe    <= 8 bytes  Card title\n"
	"weekly  bool    1      1        0 or 1      Weekly\n"
	"offset  int     -7     -7       -           Offset\n";

START_TEST(config_shows_and_sets)
{
	struct run r;
	ctl(&r, "plugins config ctl-a settings_probe");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, defaults_table);

	ctl(&r, "plugins config ctl-a settings_probe min_n=45 'title=a b' share=50.5");
	ck_assert_msg(r.status == 0, "%s", r.err);
	/* share was sent unchanged: not listed, not stored. */
	ck_assert_str_eq(r.out, "min_n: 30 -> 45\ntitle: probe -> a b\n");
	ck_assert_str_eq(rows(STORED), "ctl-a|min_n|45\nctl-a|title|a b\n");
	ck_assert_str_eq(rows(AUDIT), "ctl-a|plugin.config|\\N|settings_probe|min_n, title|cxmctl\n");
	ctl(&r, "plugins config ctl-a settings_probe");
	ck_assert_ptr_nonnull(strstr(r.out, "\nmin_n   int     45     30       1..1000     Minimum sample\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "\ntitle   text    a b    probe    <= 8 bytes  Card title\n"));
	/* B is untouched. */
	ctl(&r, "plugins config ctl-b settings_probe");
	ck_assert_str_eq(r.out, defaults_table);
	ctl(&r, "plugins config ctl-a settings_probe min_n=45");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "nothing changed\n");
	/* The placeholder declares none. */
	ctl(&r, "plugins config ctl-a placeholder");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "placeholder has no settings\n");
}
END_TEST

START_TEST(config_refuses_all_or_nothing)
{
	struct run r;
	/* title is good, min_n is not: neither is stored. */
	ctl(&r, "plugins config ctl-a settings_probe title=ok min_n=0");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	assert_err(&r, "cxmctl: min_n=0: The number is outside the allowed range. "
	                        "(int 1..1000); nothing stored\n");
	ctl(&r, "plugins config ctl-a settings_probe weekly=yes");
	ck_assert_int_eq(r.status, 1);
	assert_err(&r, "cxmctl: weekly=yes: Enter 1 (yes) or 0 (no). (bool 0 or 1); "
	                        "nothing stored\n");
	ctl(&r, "plugins config ctl-a settings_probe title=123456789");
	ck_assert_int_eq(r.status, 1);
	assert_err(&r, "cxmctl: title=123456789: The text is too long. (text <= 8 bytes); "
	                        "nothing stored\n");
	ctl(&r, "plugins config ctl-a settings_probe share=1e2");
	ck_assert_int_eq(r.status, 1);
	assert_err(&r, "cxmctl: share=1e2: Enter a number, such as 12 or 0.5. "
	                        "(number 0..100); nothing stored\n");
	/* The plugin's validate: min_n above 100 with weekly on (its default). */
	ctl(&r, "plugins config ctl-a settings_probe min_n=200");
	ck_assert_int_eq(r.status, 1);
	assert_err(&r, "cxmctl: settings_probe refused the settings: a minimum sample "
	                        "above 100 needs weekly off; nothing stored\n");
	ctl(&r, "plugins config ctl-a settings_probe min_n=5 colour=red");
	ck_assert_int_eq(r.status, 1);
	assert_err(&r, "cxmctl: settings_probe has no setting \"colour\"\n");
	ctl(&r, "plugins config ctl-a settings_probe min_n=5 min_n=6");
	ck_assert_int_eq(r.status, 1);
	assert_err(&r, "cxmctl: setting \"min_n\" given twice\n");
	ctl(&r, "plugins config ctl-a settings_probe min_n");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(rows(STORED), "");
	ck_assert_str_eq(rows(AUDIT), "");
	/* Together with weekly off, validate accepts. */
	ctl(&r, "plugins config ctl-a settings_probe min_n=200 weekly=0");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(rows(STORED), "ctl-a|min_n|200\nctl-a|weekly|0\n");
}
END_TEST

static Suite *ctl_plugins_suite(void)
{
	Suite *s = suite_create("ctl_plugins");
	TCase *tc = tcase_create("cxmctl plugins");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, enable_and_disable);
	tcase_add_test(tc, config_shows_and_sets);
	tcase_add_test(tc, config_refuses_all_or_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	plugin_dir = th_plugin_dir("placeholder.so", "plugins/metric-placeholder/.libs/metric_placeholder.so",
	                           "settings_probe.so", "tests/plugins/.libs/settings_probe.so",
	                           "x-kind.so", "tests/plugins/.libs/broken_kind.so", NULL);
	SRunner *sr = srunner_create(ctl_plugins_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
