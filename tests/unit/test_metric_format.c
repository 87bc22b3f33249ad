/* Metric values by unit (core/metric_format.c): every unit with its
 * decimals, signs (an INDEX is signed, a value that rounds to zero is not,
 * negatives use U+2212), the business's currency, and changes (percent in
 * percentage points), in English and Russian (the built catalogues). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "i18n.h"
#include "metric_format.h"

static struct cxm_arena *a;

static void setup(void)
{
	char po[4096];
	snprintf(po, sizeof(po), "%s/po", getenv("CXM_BUILDDIR"));
	ck_assert_int_eq(cxm_i18n_load(po), CXM_OK);
	cxm_i18n_set(CXM_LANG_EN);
	a = cxm_arena_new(1024);
}

static void teardown(void)
{
	cxm_arena_free(a);
	cxm_i18n_unload();
}

#define F(unit, dec, v) cxm_metric_format(a, CXM_PLUGIN_UNIT_##unit, dec, v, "BYN")
#define D(unit, dec, v) cxm_metric_format_delta(a, CXM_PLUGIN_UNIT_##unit, dec, v, "BYN")

START_TEST(values_by_unit)
{
	ck_assert_str_eq(F(PERCENT, 1, 82.44), "82.4 %");
	ck_assert_str_eq(F(PERCENT, 1, 82.45 + 1e-9), "82.5 %");
	ck_assert_str_eq(F(INDEX, 0, 12), "+12");
	ck_assert_str_eq(F(INDEX, 0, -7.4), "−7");
	ck_assert_str_eq(F(INDEX, 0, 0.4), "0");     /* rounds to 0: no sign */
	ck_assert_str_eq(F(INDEX, 0, -0.4), "0");
	ck_assert_str_eq(F(SCORE, 1, 4.26), "4.3");
	ck_assert_str_eq(F(MONEY, 2, 1250.5), "1250.50 BYN");
	ck_assert_str_eq(F(HOURS, 1, 5.25 + 1e-9), "5.3 h");
	ck_assert_str_eq(F(COUNT, 0, 85), "85");
	ck_assert_str_eq(F(RATIO, 2, 1.345 + 1e-9), "1.35");
	ck_assert_str_eq(F(RATIO, 9, 1.5), "1.5");   /* bad decimals: 1 */
}
END_TEST

START_TEST(changes)
{
	ck_assert_str_eq(D(PERCENT, 1, 3.571), "+3.6 pp");
	ck_assert_str_eq(D(PERCENT, 1, -8.33), "−8.3 pp");
	ck_assert_str_eq(D(COUNT, 0, 2), "+2");
	ck_assert_str_eq(D(SCORE, 1, 0.04), "0.0");
	ck_assert_str_eq(D(MONEY, 0, -15), "−15 BYN");
	ck_assert_str_eq(D(HOURS, 1, -1.5), "−1.5 h");
}
END_TEST

START_TEST(in_russian)
{
	cxm_i18n_set(CXM_LANG_RU);
	ck_assert_str_eq(F(HOURS, 1, 5.2), "5.2 ч");
	ck_assert_str_eq(D(PERCENT, 1, 3.571), "+3.6 п. п.");
	ck_assert_str_eq(F(PERCENT, 1, 82.44), "82.4 %");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("metric_format");
	TCase *tc = tcase_create("metric_format");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, values_by_unit);
	tcase_add_test(tc, changes);
	tcase_add_test(tc, in_russian);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
