/* The host API's hooks that reach outside a plugin (core/plugin_host.c):
 * host->query rewrites {business} into a placeholder bound to the call's
 * business, binds the plugin's parameters around it, refuses what is not
 * one read-only statement, and streams rows (NULL cells, early stop);
 * host->config_get returns the business's value or the declared default;
 * host->period only answers inside a computation. Run against a real
 * MariaDB with two businesses, so a statement can only ever see the
 * business of its call. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "plugin.h"
#include "plugin_host.h"

static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz_a, biz_b;

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

static void mk_client(long long biz, const char *name, int visits)
{
	long long c = insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at)"
	                     " VALUES (?, ?, '2026-01-05', '2026-01-05 10:00:00')",
	                     CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(name)));
	for (int i = 0; i < visits; i++)
		insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at)"
		       " VALUES (?, ?, 'visit', '2026-02-01 12:00:00')",
		       CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c)));
}

static void setup(void)
{
	char *dsn = th_db_create_migrated("host");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 14);
	biz_a = insert("INSERT INTO businesses (slug, name) VALUES ('host-a', 'A')", CXM_NOPARAMS);
	biz_b = insert("INSERT INTO businesses (slug, name) VALUES ('host-b', 'B')", CXM_NOPARAMS);
	/* A: Anna (2 visits), Boris (0); B: Vera (3 visits), Gleb (1), Dina (5). */
	mk_client(biz_a, "Anna", 2);
	mk_client(biz_a, "Boris", 0);
	mk_client(biz_b, "Vera", 3);
	mk_client(biz_b, "Gleb", 1);
	mk_client(biz_b, "Dina", 5);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* Collects rows as "cell|cell\n" text ("\N" for NULL); stops after limit. */
struct collect {
	char text[1024];
	int rows, limit;
};

static int collect_row(void *ud, const char *const *cells, size_t ncells)
{
	struct collect *c = ud;
	size_t len = strlen(c->text);
	for (size_t i = 0; i < ncells; i++)
		len += (size_t)snprintf(c->text + len, sizeof(c->text) - len, "%s%s", i ? "|" : "",
		                        cells[i] ? cells[i] : "\\N");
	snprintf(c->text + len, sizeof(c->text) - len, "\n");
	c->rows++;
	return c->limit && c->rows >= c->limit;
}

static struct cxm_plugin_call call_for(long long biz)
{
	return (struct cxm_plugin_call){.plugin = "probe", .arena = arena, .db = db,
	                                .business_id = biz};
}

START_TEST(statements_see_only_their_business)
{
	struct cxm_plugin_call call = call_for(biz_a);
	struct collect c = {0};
	char err[128] = "";
	ck_assert_int_eq(cxm_plugin_host_query(&call,
	                 "SELECT name FROM clients WHERE business_id = {business} ORDER BY name",
	                 NULL, 0, collect_row, &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.text, "Anna\nBoris\n");

	/* The same statement for B sees B's three clients. */
	call = call_for(biz_b);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(cxm_plugin_host_query(&call,
	                 "SELECT name FROM clients WHERE business_id = {business} ORDER BY name",
	                 NULL, 0, collect_row, &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.text, "Dina\nGleb\nVera\n");

	/* Two markers and two parameters around them, bound in order: B's
	 * clients with at least 2 visits (Vera 3, Dina 5), names longer than 3
	 * letters (both), LEFT(name, 2) per the INT parameter. A NULL cell
	 * comes through as NULL. */
	memset(&c, 0, sizeof(c));
	const struct cxm_plugin_param p[] = {
		{.type = CXM_PLUGIN_PARAM_INT, .i = 2},
		{.type = CXM_PLUGIN_PARAM_TEXT, .s = "___%"},
		{.type = CXM_PLUGIN_PARAM_DOUBLE, .d = 0.5},
	};
	ck_assert_int_eq(cxm_plugin_host_query(&call,
	                 "SELECT LEFT(c.name, ?), COUNT(*), NULL, COUNT(*) * ?"
	                 " FROM clients c JOIN interactions i ON i.client_id = c.id"
	                 " AND i.business_id = {business}"
	                 " WHERE c.business_id = {business} AND c.name LIKE ?"
	                 " GROUP BY c.id HAVING COUNT(*) >= ? ORDER BY c.name",
	                 (const struct cxm_plugin_param[]){p[0], p[2], p[1], p[0]}, 4,
	                 collect_row, &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.text, "Di|5|\\N|2.5\nVe|3|\\N|1.5\n");

	/* fn stops after the first row: not an error. */
	memset(&c, 0, sizeof(c));
	c.limit = 1;
	ck_assert_int_eq(cxm_plugin_host_query(&call,
	                 "SELECT name FROM clients WHERE business_id = {business} ORDER BY name",
	                 NULL, 0, collect_row, &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.text, "Dina\n");
}
END_TEST

START_TEST(bad_statements_are_refused_with_a_reason)
{
	struct cxm_plugin_call call = call_for(biz_a);
	struct collect c = {0};
	char err[128];
	struct {
		const char *sql;
		size_t nparams;
		const char *reason;
	} cases[] = {
		{"DELETE FROM clients WHERE business_id = {business}", 0,
		 "only a SELECT or WITH statement may be run"},
		{"SELECTION", 0, "only a SELECT or WITH statement may be run"},
		{"SELECT COUNT(*) FROM clients", 0, "the statement has no {business} marker"},
		{"SELECT 1 FROM clients WHERE business_id = {business}; DROP TABLE clients", 0,
		 "one statement only (no ';')"},
		{"SELECT ? FROM clients WHERE business_id = {business}", 0,
		 "the statement has 1 ? placeholders but 0 parameters"},
		{"SELECT no_such_column FROM clients WHERE business_id = {business}", 0,
		 "the database refused the statement (see the log)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strcpy(err, "");
		ck_assert_int_ne(cxm_plugin_host_query(&call, cases[i].sql, NULL, cases[i].nparams,
		                                       collect_row, &c, err, sizeof(err)), 0);
		ck_assert_str_eq(err, cases[i].reason);
	}
	ck_assert_int_eq(c.rows, 0);
	/* Outside a computation (no database, no business) nothing runs. */
	struct cxm_plugin_call bare = {.plugin = "probe", .arena = arena};
	ck_assert_int_ne(cxm_plugin_host_query(&bare, "SELECT 1 FROM clients WHERE business_id = {business}",
	                                       NULL, 0, collect_row, &c, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "no database in this call (queries run only in a computation)");
	/* WITH is read-only too. */
	ck_assert_int_eq(cxm_plugin_host_query(&call, "WITH x AS (SELECT id FROM clients WHERE"
	                                       " business_id = {business}) SELECT COUNT(*) FROM x",
	                                       NULL, 0, collect_row, &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.text, "2\n");
}
END_TEST

START_TEST(settings_and_period)
{
	static const struct cxm_plugin_setting settings[] = {
		{.key = "min_n", .label = "Minimum sample", .type = CXM_PLUGIN_SETTING_INT,
		 .def = "30", .min = 1, .max = 1000},
		{.key = "label", .label = "Label", .type = CXM_PLUGIN_SETTING_TEXT, .def = "x"},
	};
	const struct cxm_plugin_entry entry = {CXM_PLUGIN_ENTRY_HEADER, .name = "probe",
	                                       .settings = settings, .nsettings = 2};
	struct cxm_plugin_call call = call_for(biz_a);
	call.entry = &entry;
	/* No values: the defaults. */
	ck_assert_str_eq(cxm_plugin_host_config_get(&call, "min_n"), "30");
	ck_assert_str_eq(cxm_plugin_host_config_get(&call, "label"), "x");
	ck_assert_ptr_null(cxm_plugin_host_config_get(&call, "nope"));
	/* The business's values where it has them, the default elsewhere. */
	const char *values[] = {"5", NULL};
	call.settings = values;
	ck_assert_str_eq(cxm_plugin_host_config_get(&call, "min_n"), "5");
	ck_assert_str_eq(cxm_plugin_host_config_get(&call, "label"), "x");

	long long from = -1, to = -1;
	ck_assert_int_ne(cxm_plugin_host_period(&call, &from, &to), 0);
	ck_assert(from == -1 && to == -1);
	call.has_period = 1;
	call.from = 1764547200;  /* 2025-12-01 00:00 UTC */
	call.to = 1767225600;    /* 2026-01-01 00:00 UTC */
	ck_assert_int_eq(cxm_plugin_host_period(&call, &from, &to), 0);
	ck_assert(from == 1764547200 && to == 1767225600);
}
END_TEST

static Suite *host_suite(void)
{
	Suite *s = suite_create("plugin_host");
	TCase *tc = tcase_create("host");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, statements_see_only_their_business);
	tcase_add_test(tc, bad_statements_are_refused_with_a_reason);
	tcase_add_test(tc, settings_and_period);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	SRunner *sr = srunner_create(host_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
