/* The plugins page through nginx and cxm-fcgi, whose plugin_dir holds the
 * placeholder, the settings_probe test plugin and a module the loader
 * refuses: an administrator sees every file (the refused one with its
 * reason, not switchable), switches a plugin off after a confirmation and
 * on again (CSRF required, audited), and saves settings (errors next to
 * the field in the user's language, the plugin's own reason as given,
 * values kept, nothing stored); a manager is refused; one business's
 * switch leaves another's alone. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "web.h"

static struct th_stack stack;

static void setup(void)
{
	tw_open(&stack);
}

static void teardown(void)
{
	tw_close();
}

/* The <tr> of file on the plugins page (malloc'd), failing when absent. */
static char *row_of(const struct th_response *r, const char *file)
{
	char needle[128];
	snprintf(needle, sizeof(needle), "<tr data-file=\"%s\"", file);
	const char *s = strstr(r->body, needle);
	ck_assert_msg(s != NULL, "no row for %s:\n" TW_PAGE, file, tw_page_main(r->body));
	const char *e = strstr(s, "</tr>");
	ck_assert_ptr_nonnull(e);
	return strndup(s, (size_t)(e - s));
}

static void assert_row_has(const struct th_response *r, const char *file, const char *text)
{
	char *row = row_of(r, file);
	ck_assert_msg(strstr(row, text) != NULL, "row of %s lacks %s:\n%s", file, text, row);
	free(row);
}

static void assert_row_lacks(const struct th_response *r, const char *file, const char *text)
{
	char *row = row_of(r, file);
	ck_assert_msg(strstr(row, text) == NULL, "row of %s has %s:\n%s", file, text, row);
	free(row);
}

/* The enabled flag of plugin for biz as text ("" when there is no row). */
static char *state_of(long long biz, const char *plugin)
{
	return tw_sql_rows("SELECT enabled FROM business_plugins WHERE business_id = ? AND plugin = ?",
	                   CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(plugin)));
}

static void assert_state(long long biz, const char *plugin, const char *want)
{
	char *got = state_of(biz, plugin);
	ck_assert_msg(strcmp(got, want) == 0, "%s of %lld: \"%s\", want \"%s\"", plugin, biz, got, want);
	free(got);
}

START_TEST(lists_loaded_and_refused)
{
	long long biz = tw_make_business("plug-list", "UTC", "EUR");
	struct tw_client a;
	tw_make_member(&a, biz, "admin@plug-list.example", "admin");
	struct th_response r;
	tw_get(&a, "/admin/plugins", &r);
	tw_assert_status(&r, 200);
	/* Linked from the navigation. */
	tw_assert_has(&r, "<a href=\"/admin/plugins\" aria-current=\"page\">Plugins</a>");
	assert_row_has(&r, "settings_probe.so", "<td>settings_probe</td>");
	assert_row_has(&r, "settings_probe.so", "<td>1.2</td>");
	assert_row_has(&r, "settings_probe.so", "<td>Metric</td>");
	assert_row_has(&r, "settings_probe.so", "A test plugin with one setting of every type.");
	assert_row_has(&r, "settings_probe.so", "<td class=\"plugin-state\">On for this business</td>");
	assert_row_has(&r, "settings_probe.so", "href=\"/admin/plugins/settings_probe/disable\"");
	assert_row_has(&r, "placeholder.so", "<td>placeholder</td>");
	assert_row_has(&r, "placeholder.so", "<td class=\"plugin-state\">On for this business</td>");
	/* The refused module: its reason, and nothing to switch. */
	assert_row_has(&r, "x-kind.so", "Not loaded");
	assert_row_has(&r, "x-kind.so", "unknown kind 42 (plugin broken 9.9, ABI 1.0, host ABI 1.0)");
	assert_row_lacks(&r, "x-kind.so", "<form");
	assert_row_lacks(&r, "x-kind.so", "/disable");
	/* The settings form with the defaults, labels and bounds. */
	tw_assert_has(&r, "action=\"/admin/plugins/settings_probe/settings\"");
	tw_assert_input(&r, "s_min_n", "30");
	tw_assert_input(&r, "s_share", "50.5");
	tw_assert_input(&r, "s_title", "probe");
	tw_assert_has(&r, "<label for=\"s-settings_probe-min_n\">Minimum sample</label>");
	tw_assert_has(&r, "Fewer answers than this show as not enough data. From 1 to 1000. Default: 30");
	tw_assert_has(&r, "<option value=\"1\" selected>Yes</option>");
	tw_assert_has(&r, "This plugin has no settings.");  /* the placeholder */
	th_response_free(&r);

	/* A refused module's name or an unknown one: 404. */
	tw_post(&a, "/admin/plugins/broken/enable", tw_fields(NULL), &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	tw_get(&a, "/admin/plugins/nothing_here/disable", &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
}
END_TEST

START_TEST(switch_off_and_on)
{
	long long biz = tw_make_business("plug-sw", "UTC", "EUR");
	long long other = tw_make_business("plug-sw-b", "UTC", "EUR");
	struct tw_client a, b;
	tw_make_member(&a, biz, "admin@plug-sw.example", "admin");
	tw_make_member(&b, other, "admin@plug-sw-b.example", "owner");
	struct th_response r;

	/* The confirmation step. */
	tw_get(&a, "/admin/plugins/settings_probe/disable", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "Turn off the plugin “settings_probe”?");
	tw_assert_has(&r, "name=\"confirm\" value=\"1\" required");
	tw_assert_has(&r, "action=\"/admin/plugins/settings_probe/disable\"");
	th_response_free(&r);
	/* Without ticking the box: nothing changes. */
	tw_post(&a, "/admin/plugins/settings_probe/disable", tw_fields(NULL), &r);
	tw_assert_status(&r, 422);
	tw_assert_notice(&r, "error", "Tick the box to confirm. Nothing was changed.");
	th_response_free(&r);
	/* Without the CSRF token: refused like every form. */
	tw_http("POST", "/admin/plugins/settings_probe/disable", a.cookie, "confirm=1", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_state(biz, "settings_probe", "");
	char *audit = tw_audit_of(biz);
	ck_assert_str_eq(audit, "");
	free(audit);

	tw_post(&a, "/admin/plugins/settings_probe/disable", tw_fields("confirm", "1", NULL), &r);
	tw_assert_redirect(&r, "/admin/plugins?done=off&plugin=settings_probe");
	th_response_free(&r);
	assert_state(biz, "settings_probe", "0\n");
	assert_state(other, "settings_probe", "");
	tw_get(&a, "/admin/plugins?done=off&plugin=settings_probe", &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "ok", "The plugin “settings_probe” is now off for this business.");
	assert_row_has(&r, "settings_probe.so", "<td class=\"plugin-state\">Off for this business</td>");
	assert_row_has(&r, "settings_probe.so", "action=\"/admin/plugins/settings_probe/enable\"");
	assert_row_has(&r, "placeholder.so", "<td class=\"plugin-state\">On for this business</td>");
	th_response_free(&r);
	/* B still sees it on. */
	tw_get(&b, "/admin/plugins", &r);
	assert_row_has(&r, "settings_probe.so", "<td class=\"plugin-state\">On for this business</td>");
	th_response_free(&r);

	/* On again without the token: refused; with it: on. */
	tw_http("POST", "/admin/plugins/settings_probe/enable", a.cookie, "", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_state(biz, "settings_probe", "0\n");
	tw_post(&a, "/admin/plugins/settings_probe/enable", tw_fields(NULL), &r);
	tw_assert_redirect(&r, "/admin/plugins?done=on&plugin=settings_probe");
	th_response_free(&r);
	assert_state(biz, "settings_probe", "1\n");

	/* B's switch changes only B. */
	tw_post(&b, "/admin/plugins/placeholder/disable", tw_fields("confirm", "1", NULL), &r);
	tw_assert_status(&r, 303);
	th_response_free(&r);
	assert_state(other, "placeholder", "0\n");
	assert_state(biz, "placeholder", "");
	tw_get(&a, "/admin/plugins", &r);
	assert_row_has(&r, "placeholder.so", "<td class=\"plugin-state\">On for this business</td>");
	th_response_free(&r);

	char want[512];
	snprintf(want, sizeof(want),
	         "plugin.disable|%lld|settings_probe|\nplugin.enable|%lld|settings_probe|\n",
	         a.user_id, a.user_id);
	audit = tw_audit_of(biz);
	ck_assert_str_eq(audit, want);
	free(audit);
	snprintf(want, sizeof(want), "plugin.disable|%lld|placeholder|\n", b.user_id);
	audit = tw_audit_of(other);
	ck_assert_str_eq(audit, want);
	free(audit);
	/* The audit page names the actions. */
	tw_get(&a, "/admin/audit", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "Plugin turned off");
	tw_assert_has(&r, "Plugin turned on");
	th_response_free(&r);
}
END_TEST

START_TEST(managers_are_refused)
{
	long long biz = tw_make_business("plug-mgr", "UTC", "EUR");
	struct tw_client m;
	tw_make_member(&m, biz, "manager@plug-mgr.example", "manager");
	struct th_response r;
	tw_get(&m, "/admin/plugins", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	tw_post(&m, "/admin/plugins/settings_probe/disable", tw_fields("confirm", "1", NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	tw_post(&m, "/admin/plugins/settings_probe/settings", tw_fields("s_min_n", "5", NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_state(biz, "settings_probe", "");
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM business_plugin_settings WHERE business_id = ?",
	                            CXM_PARAMS(CXM_PINT(biz)), -1), 0);
	/* Nor do they see the link. */
	tw_get(&m, "/", &r);
	tw_assert_lacks(&r, "href=\"/admin/plugins\"");
	th_response_free(&r);
}
END_TEST

START_TEST(settings_errors_in_russian)
{
	long long biz = tw_make_business("plug-ru", "Europe/Moscow", "RUB");
	struct tw_client a;
	tw_make_member(&a, biz, "admin@plug-ru.example", "admin");
	tw_sql_exec("UPDATE users SET language = 'ru' WHERE id = ?", CXM_PARAMS(CXM_PINT(a.user_id)));
	const char *path = "/admin/plugins/settings_probe/settings";
	struct th_response r;

	/* min_n 0 is below its bounds [1, 1000]; title is fine but not kept. */
	tw_post(&a, path, tw_fields("s_min_n", "0", "s_share", "12.5", "s_title", "xyz", "s_weekly", "1",
	                            "s_offset", "-7", NULL), &r);
	tw_assert_status(&r, 422);
	tw_assert_field_error(&r, "s_min_n", "Число вне допустимого диапазона.");
	tw_assert_field_error(&r, "s_title", NULL);
	tw_assert_input(&r, "s_min_n", "0");
	tw_assert_input(&r, "s_share", "12.5");
	tw_assert_input(&r, "s_title", "xyz");
	/* The placeholder's description, a msgid of plugins/, translated. */
	tw_assert_has(&r, "Показатель-заглушка, который ничего не вычисляет");
	th_response_free(&r);
	/* A number that is not one. */
	tw_post(&a, path, tw_fields("s_share", "1e2", NULL), &r);
	tw_assert_status(&r, 422);
	tw_assert_field_error(&r, "s_share", "Введите число, например 12 или 0.5.");
	th_response_free(&r);
	/* The plugin's validate: its reason as it wrote it. */
	tw_post(&a, path, tw_fields("s_min_n", "200", "s_weekly", "1", NULL), &r);
	tw_assert_status(&r, 422);
	tw_assert_has(&r, "a minimum sample above 100 needs weekly off");
	tw_assert_input(&r, "s_min_n", "200");
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM business_plugin_settings WHERE business_id = ?",
	                            CXM_PARAMS(CXM_PINT(biz)), -1), 0);
	char *audit = tw_audit_of(biz);
	ck_assert_str_eq(audit, "");
	free(audit);

	/* A good set: stored, audited, shown. */
	tw_post(&a, path, tw_fields("s_min_n", "200", "s_weekly", "0", "s_title", "Зал", NULL), &r);
	tw_assert_redirect(&r, "/admin/plugins?done=saved&plugin=settings_probe");
	th_response_free(&r);
	tw_assert_rows("SELECT setting, value FROM business_plugin_settings WHERE business_id = ?"
	               " ORDER BY setting",
	               CXM_PARAMS(CXM_PINT(biz)), "min_n|200\ntitle|Зал\nweekly|0\n");
	char want[256];
	snprintf(want, sizeof(want), "plugin.config|%lld|settings_probe|min_n, title, weekly\n",
	         a.user_id);
	audit = tw_audit_of(biz);
	ck_assert_str_eq(audit, want);
	free(audit);
	tw_get(&a, "/admin/plugins?done=saved&plugin=settings_probe", &r);
	tw_assert_status(&r, 200);
	tw_assert_input(&r, "s_min_n", "200");
	tw_assert_input(&r, "s_title", "Зал");
	tw_assert_has(&r, "<option value=\"0\" selected>Нет</option>");
	th_response_free(&r);
}
END_TEST

static Suite *plugins_admin_suite(void)
{
	Suite *s = suite_create("plugins_admin");
	TCase *tc = tcase_create("page");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, lists_loaded_and_refused);
	tcase_add_test(tc, switch_off_and_on);
	tcase_add_test(tc, managers_are_refused);
	tcase_add_test(tc, settings_errors_in_russian);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return EXIT_FAILURE;
	}
	th_mysql_socket();
	char *dir = th_plugin_dir("placeholder.so", "plugins/metric-placeholder/.libs/metric_placeholder.so",
	                          "settings_probe.so", "tests/plugins/.libs/settings_probe.so",
	                          "x-kind.so", "tests/plugins/.libs/broken_kind.so", NULL);
	char extra[4200];
	snprintf(extra, sizeof(extra), "plugin_dir = %s\n", dir);
	struct th_stack_opts o = {.workers = 2, .extra_conf = extra};
	th_stack_start(&stack, &o);
	int failed = tw_run(plugins_admin_suite(), &stack);
	free(dir);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
