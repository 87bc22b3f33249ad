/* Plugins per business (core/plugin_settings.c) against a real MariaDB with
 * two businesses and the settings_probe test plugin (tests/plugins/): a
 * plugin is on until a business switches it off; switching writes one
 * audit entry and nothing when the state does not change; each setting
 * type's bad values are refused with the exact reason and nothing stored;
 * the plugin's validate sees the whole set; a change deletes that
 * business's snapshots of that plugin only; the other business never
 * changes. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "plugin.h"
#include "plugin_settings.h"

static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz_a, biz_b, user_a;
static const struct cxm_plugin *probe;

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

/* Every row of sql as "a|b\n" lines (NULL as \N), malloc'd. */
static char *rows(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql,
	              cxm_db_error(db));
	size_t cap = 256, len = 0;
	char *out = malloc(cap);
	out[0] = '\0';
	for (size_t i = 0; i < r.nrows; i++)
		for (size_t c = 0; c < r.ncols; c++) {
			const char *v = cxm_rows_get(&r, i, c);
			size_t need = len + (v ? strlen(v) : 2) + 3;
			if (need > cap)
				out = realloc(out, cap = need * 2);
			len += (size_t)snprintf(out + len, cap - len, "%s%s", v ? v : "\\N",
			                        c + 1 < r.ncols ? "|" : "\n");
		}
	return out;
}

static void assert_rows(const char *sql, const struct cxm_param *p, size_t n, const char *want)
{
	char *got = rows(sql, p, n);
	ck_assert_msg(strcmp(got, want) == 0, "%s\ngot:\n%s\nwant:\n%s", sql, got, want);
	free(got);
}

#define AUDIT_SQL \
	"SELECT business_id, action, actor_id, actor_email, target, detail, remote_addr" \
	" FROM audit_log WHERE action LIKE 'plugin.%' ORDER BY id"
#define SETTINGS_SQL \
	"SELECT business_id, plugin, setting, value FROM business_plugin_settings" \
	" ORDER BY business_id, plugin, setting"
#define STATE_SQL \
	"SELECT business_id, plugin, enabled, updated_by FROM business_plugins" \
	" ORDER BY business_id, plugin"
#define SNAPSHOTS_SQL \
	"SELECT business_id, plugin, metric FROM metric_snapshots ORDER BY business_id, plugin, metric"

/* Everything a refused change must leave as it was. */
static char *everything(void)
{
	char *a = rows(AUDIT_SQL, CXM_NOPARAMS), *s = rows(SETTINGS_SQL, CXM_NOPARAMS),
	     *t = rows(STATE_SQL, CXM_NOPARAMS), *m = rows(SNAPSHOTS_SQL, CXM_NOPARAMS);
	size_t n = strlen(a) + strlen(s) + strlen(t) + strlen(m) + 16;
	char *all = malloc(n);
	snprintf(all, n, "%s--\n%s--\n%s--\n%s", a, s, t, m);
	free(a), free(s), free(t), free(m);
	return all;
}

static void snapshot(long long biz, const char *plugin, const char *metric)
{
	insert("INSERT INTO metric_snapshots (business_id, plugin, metric, period_kind, period_start,"
	       " period_end, value, n, enough, closed) VALUES (?, ?, ?, 'month', '2026-10-01',"
	       " '2026-11-01', 1, 1, 1, 1)",
	       CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(plugin), CXM_PSTR(metric)));
}

static void setup(void)
{
	char *dsn = th_db_create_migrated("psettings");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 14);
	biz_a = insert("INSERT INTO businesses (slug, name) VALUES ('ps-a', 'A')", CXM_NOPARAMS);
	biz_b = insert("INSERT INTO businesses (slug, name) VALUES ('ps-b', 'B')", CXM_NOPARAMS);
	user_a = insert("INSERT INTO users (email, name) VALUES ('admin@a.test', 'Admin A')",
	                CXM_NOPARAMS);
	probe = cxm_plugins_find("settings_probe");
	ck_assert_ptr_nonnull(probe);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

START_TEST(on_until_switched_off)
{
	/* No row: on, for both businesses and any name. */
	ck_assert_int_eq(cxm_plugin_enabled(db, biz_a, "settings_probe"), 1);
	ck_assert_int_eq(cxm_plugin_enabled(db, biz_a, "no_such_plugin"), 1);

	ck_assert_int_eq(cxm_plugin_set_enabled(db, biz_a, user_a, "settings_probe", 0), CXM_OK);
	ck_assert_int_eq(cxm_plugin_enabled(db, biz_a, "settings_probe"), 0);
	ck_assert_int_eq(cxm_plugin_enabled(db, biz_b, "settings_probe"), 1);
	/* Off again: nothing changes, no second entry. */
	ck_assert_int_eq(cxm_plugin_set_enabled(db, biz_a, user_a, "settings_probe", 0), CXM_OK);
	/* On from cxmctl (user 0): no actor, address "cxmctl". */
	ck_assert_int_eq(cxm_plugin_set_enabled(db, biz_a, 0, "settings_probe", 1), CXM_OK);
	ck_assert_int_eq(cxm_plugin_enabled(db, biz_a, "settings_probe"), 1);
	/* On when it is on (B never had a row): nothing at all. */
	ck_assert_int_eq(cxm_plugin_set_enabled(db, biz_b, user_a, "settings_probe", 1), CXM_OK);
	/* Only loaded plugins can be switched. */
	ck_assert_int_eq(cxm_plugin_set_enabled(db, biz_a, user_a, "no_such_plugin", 0),
	                 CXM_ERR_NOT_FOUND);

	char want[512];
	snprintf(want, sizeof(want),
	         "%lld|plugin.disable|%lld|admin@a.test|settings_probe||\n"
	         "%lld|plugin.enable|\\N||settings_probe||cxmctl\n",
	         biz_a, user_a, biz_a);
	assert_rows(AUDIT_SQL, CXM_NOPARAMS, want);
	/* The row stays, on, last switched by cxmctl (updated_by NULL). */
	snprintf(want, sizeof(want), "%lld|settings_probe|1|\\N\n", biz_a);
	assert_rows(STATE_SQL, CXM_NOPARAMS, want);
}
END_TEST

/* The metric plugins a business has on, by name, with min_n. */
static void assert_for_business(long long biz, const char *want)
{
	struct cxm_business_plugin *v;
	size_t n;
	ck_assert_int_eq(cxm_plugins_for_business(db, arena, biz, CXM_PLUGIN_METRIC, &v, &n), CXM_OK);
	char got[256] = "";
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(got);
		snprintf(got + len, sizeof(got) - len, "%s%s", len ? " " : "", v[i].plugin->entry->name);
		if (v[i].plugin == probe)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "(min_n=%s)",
			         v[i].settings[0]);
	}
	ck_assert_str_eq(got, want);
}

START_TEST(disabled_plugins_are_left_out)
{
	assert_for_business(biz_a, "placeholder settings_probe(min_n=30)");
	ck_assert_int_eq(cxm_plugin_set_enabled(db, biz_a, user_a, "settings_probe", 0), CXM_OK);
	assert_for_business(biz_a, "placeholder");
	assert_for_business(biz_b, "placeholder settings_probe(min_n=30)");
	ck_assert_int_eq(cxm_plugin_set_enabled(db, biz_a, user_a, "placeholder", 0), CXM_OK);
	assert_for_business(biz_a, "");
}
END_TEST

START_TEST(save_stores_what_changed)
{
	const char **v;
	ck_assert_int_eq(cxm_plugin_settings_load(db, arena, biz_a, probe, &v), CXM_OK);
	/* The declared defaults, in declaration order. */
	ck_assert_str_eq(v[0], "30");
	ck_assert_str_eq(v[1], "50.5");
	ck_assert_str_eq(v[2], "probe");
	ck_assert_str_eq(v[3], "1");
	ck_assert_str_eq(v[4], "-7");

	/* min_n and title change, share is sent as it is (no change), weekly
	 * and offset are not sent (NULL: kept). */
	const char *set[] = {"100", "50.5", "абвг", NULL, NULL};  /* "абвг": 8 bytes, the max */
	int bad = 99;
	char err[256] = "x";
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, set, &bad, err,
	                                          sizeof(err)), CXM_OK);
	ck_assert_int_eq(bad, -1);
	ck_assert_str_eq(err, "");
	char want[512];
	snprintf(want, sizeof(want),
	         "%lld|settings_probe|min_n|100\n%lld|settings_probe|title|абвг\n", biz_a, biz_a);
	assert_rows(SETTINGS_SQL, CXM_NOPARAMS, want);
	snprintf(want, sizeof(want), "%lld|plugin.config|%lld|admin@a.test|settings_probe|min_n, title|\n",
	         biz_a, user_a);
	assert_rows(AUDIT_SQL, CXM_NOPARAMS, want);

	ck_assert_int_eq(cxm_plugin_settings_load(db, arena, biz_a, probe, &v), CXM_OK);
	ck_assert_str_eq(v[0], "100");
	ck_assert_str_eq(v[1], "50.5");
	ck_assert_str_eq(v[2], "абвг");
	ck_assert_str_eq(v[3], "1");
	ck_assert_str_eq(v[4], "-7");
	/* B still has the defaults. */
	ck_assert_int_eq(cxm_plugin_settings_load(db, arena, biz_b, probe, &v), CXM_OK);
	ck_assert_str_eq(v[0], "30");
	ck_assert_str_eq(v[2], "probe");

	/* The same values again: nothing written, no audit entry. */
	char *before = everything();
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, set, &bad, err,
	                                          sizeof(err)), CXM_OK);
	char *after = everything();
	ck_assert_str_eq(after, before);
	free(before);
	free(after);

	/* Back to the default value: stored as a value (the admin chose it). */
	const char *back[] = {"30", NULL, NULL, NULL, NULL};
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, 0, probe, back, &bad, err,
	                                          sizeof(err)), CXM_OK);
	snprintf(want, sizeof(want),
	         "%lld|settings_probe|min_n|30\n%lld|settings_probe|title|абвг\n", biz_a, biz_a);
	assert_rows(SETTINGS_SQL, CXM_NOPARAMS, want);
	assert_rows("SELECT actor_id, detail, remote_addr FROM audit_log ORDER BY id DESC LIMIT 1",
	            CXM_NOPARAMS, "\\N|min_n|cxmctl\n");
}
END_TEST

/* A bad value for each type: the index of the setting and the exact
 * reason, and nothing stored. */
START_TEST(bad_values_are_refused)
{
	static const struct {
		int index;
		const char *value;
		const char *why;
	} cases[] = {
		/* min_n: INT in [1, 1000] */
		{0, "", "Enter a whole number."},
		{0, "12.5", "Enter a whole number."},
		{0, " 12", "Enter a whole number."},
		{0, "0x10", "Enter a whole number."},
		{0, "1e3", "Enter a whole number."},
		{0, "0", "The number is outside the allowed range."},
		{0, "1001", "The number is outside the allowed range."},
		{0, "99999999999999999999", "The number is outside the allowed range."},
		/* share: NUMBER in [0, 100] */
		{1, "abc", "Enter a number, such as 12 or 0.5."},
		{1, "1,5", "Enter a number, such as 12 or 0.5."},
		{1, ".5", "Enter a number, such as 12 or 0.5."},
		{1, "5.", "Enter a number, such as 12 or 0.5."},
		{1, "nan", "Enter a number, such as 12 or 0.5."},
		{1, "100.01", "The number is outside the allowed range."},
		{1, "-0.5", "The number is outside the allowed range."},
		/* title: TEXT of at most 8 bytes */
		{2, "абвгд", "The text is too long."},  /* 10 bytes */
		{2, "123456789", "The text is too long."},
		{2, "\xff\xfe", "The text is not valid UTF-8."},
		/* weekly: BOOL */
		{3, "yes", "Enter 1 (yes) or 0 (no)."},
		{3, "2", "Enter 1 (yes) or 0 (no)."},
		{3, "", "Enter 1 (yes) or 0 (no)."},
		/* offset: INT without bounds still wants an integer */
		{4, "-7.0", "Enter a whole number."},
	};
	/* Something stored first, so that "nothing changed" covers rows too. */
	snapshot(biz_a, "settings_probe", "min_n_echo");
	const char *first[] = {"40", NULL, NULL, NULL, NULL};
	int bad;
	char err[256];
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, first, &bad, err,
	                                          sizeof(err)), CXM_OK);
	snapshot(biz_a, "settings_probe", "min_n_echo");
	char *before = everything();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* The bad one among good values of the others. */
		const char *v[] = {"50", "10", "ok", "0", "5"};
		v[cases[i].index] = cases[i].value;
		bad = 99;
		snprintf(err, sizeof(err), "x");
		ck_assert_msg(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, v, &bad, err,
		                                       sizeof(err)) == CXM_ERR_INVALID,
		              "case %zu accepted", i);
		ck_assert_msg(bad == cases[i].index, "case %zu: index %d", i, bad);
		ck_assert_msg(strcmp(err, cases[i].why) == 0, "case %zu: %s", i, err);
	}
	char *after = everything();
	ck_assert_str_eq(after, before);
	free(before);
	free(after);

	/* The bounds are inclusive, an unbounded INT takes any integer. */
	const char *edge[] = {"1000", "0", "", "0", "-123456789"};
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, edge, &bad, err,
	                                          sizeof(err)), CXM_OK);
	const char *low[] = {"1", "100", NULL, NULL, "9223372036854775807"};
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, low, &bad, err,
	                                          sizeof(err)), CXM_OK);
}
END_TEST

START_TEST(validate_sees_the_whole_set)
{
	/* min_n 200 alone: weekly is still its default 1, so validate refuses. */
	const char *v[] = {"200", NULL, NULL, NULL, NULL};
	int bad = 99;
	char err[256];
	char *before = everything();
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, v, &bad, err,
	                                          sizeof(err)), CXM_ERR_INVALID);
	ck_assert_int_eq(bad, -1);
	ck_assert_str_eq(err, "a minimum sample above 100 needs weekly off");
	char *after = everything();
	ck_assert_str_eq(after, before);
	free(before);
	free(after);

	/* With weekly off in the same set it passes. */
	const char *w[] = {"200", NULL, NULL, "0", NULL};
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, w, &bad, err,
	                                          sizeof(err)), CXM_OK);
	/* And now weekly back on alone is refused: the stored min_n counts. */
	const char *on[] = {NULL, NULL, NULL, "1", NULL};
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, on, &bad, err,
	                                          sizeof(err)), CXM_ERR_INVALID);
	ck_assert_int_eq(bad, -1);
	char want[256];
	snprintf(want, sizeof(want),
	         "%lld|settings_probe|min_n|200\n%lld|settings_probe|weekly|0\n", biz_a, biz_a);
	assert_rows(SETTINGS_SQL, CXM_NOPARAMS, want);
}
END_TEST

START_TEST(a_change_drops_that_plugins_snapshots)
{
	snapshot(biz_a, "settings_probe", "min_n_echo");
	snapshot(biz_a, "settings_probe", "other_metric");
	snapshot(biz_a, "placeholder", "nothing");
	snapshot(biz_b, "settings_probe", "min_n_echo");
	const char *v[] = {"45", NULL, NULL, NULL, NULL};
	int bad;
	char err[256];
	ck_assert_int_eq(cxm_plugin_settings_save(db, arena, biz_a, user_a, probe, v, &bad, err,
	                                          sizeof(err)), CXM_OK);
	/* A's two of settings_probe are gone; A's placeholder and B's stay. */
	char want[256];
	snprintf(want, sizeof(want), "%lld|placeholder|nothing\n%lld|settings_probe|min_n_echo\n",
	         biz_a, biz_b);
	assert_rows(SNAPSHOTS_SQL, CXM_NOPARAMS, want);
	/* Switching a plugin off or on keeps them (the settings did not change). */
	ck_assert_int_eq(cxm_plugin_set_enabled(db, biz_b, user_a, "settings_probe", 0), CXM_OK);
	assert_rows(SNAPSHOTS_SQL, CXM_NOPARAMS, want);
}
END_TEST

START_TEST(host_check_of_one_value)
{
	const struct cxm_plugin_setting *s = probe->entry->settings;
	ck_assert_ptr_null(cxm_plugin_setting_check(&s[0], "1"));
	ck_assert_ptr_null(cxm_plugin_setting_check(&s[4], "-0"));
	ck_assert_str_eq(cxm_plugin_setting_check(&s[0], "-1"), "The number is outside the allowed range.");
	ck_assert_ptr_null(cxm_plugin_setting_check(&s[1], "0.0"));
	ck_assert_ptr_null(cxm_plugin_setting_check(&s[1], "100"));
	ck_assert_ptr_null(cxm_plugin_setting_check(&s[2], ""));
	ck_assert_ptr_null(cxm_plugin_setting_check(&s[3], "0"));
	ck_assert_str_eq(cxm_plugin_setting_check(&s[3], NULL), "A value is required.");
	/* A TEXT with max 0 takes 255 bytes, not 256. */
	struct cxm_plugin_setting t = {.key = "t", .label = "T", .type = CXM_PLUGIN_SETTING_TEXT,
	                               .def = ""};
	char text[257];
	memset(text, 'a', 256);
	text[256] = '\0';
	ck_assert_str_eq(cxm_plugin_setting_check(&t, text), "The text is too long.");
	text[255] = '\0';
	ck_assert_ptr_null(cxm_plugin_setting_check(&t, text));
}
END_TEST

static Suite *settings_suite(void)
{
	Suite *s = suite_create("plugin_settings");
	TCase *tc = tcase_create("per business");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, on_until_switched_off);
	tcase_add_test(tc, disabled_plugins_are_left_out);
	tcase_add_test(tc, save_stores_what_changed);
	tcase_add_test(tc, bad_values_are_refused);
	tcase_add_test(tc, validate_sees_the_whole_set);
	tcase_add_test(tc, a_change_drops_that_plugins_snapshots);
	tcase_add_test(tc, host_check_of_one_value);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* The registry, loaded in the parent: every test's child inherits it. */
	char *dir = th_plugin_dir("placeholder.so", "plugins/metric-placeholder/.libs/metric_placeholder.so",
	                          "settings_probe.so", "tests/plugins/.libs/settings_probe.so", NULL);
	cxm_plugins_start(dir);
	if (cxm_plugins_registry()->nloaded != 2) {
		fprintf(stderr, "the placeholder and settings_probe did not both load from %s\n", dir);
		return EXIT_FAILURE;
	}
	SRunner *sr = srunner_create(settings_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	cxm_plugins_stop();
	free(dir);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
