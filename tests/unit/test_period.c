/* Reporting periods (core/period.c): exact [from, to) boundaries of weeks,
 * months, quarters and years in Europe/Berlin across both 2026 DST
 * changes and in Europe/Moscow (UTC+3 all year), weeks that straddle a new
 * year, previous/next and 12-period series, custom ranges, the URL form
 * with its errors, and the labels in English and Russian. Expected
 * instants are written as UTC wall times and turned into Unix times by
 * libc's timegm, not by the code under test. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "i18n.h"
#include "period.h"

static long long utc(int y, int m, int d, int h)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = h};
	return (long long)timegm(&tm);
}

static struct cxm_date day(int y, int m, int d)
{
	return (struct cxm_date){y, m, d};
}

static void assert_period(const struct cxm_period *p, struct cxm_date first, struct cxm_date last,
                          long long from, long long to)
{
	ck_assert_int_eq(p->first.y, first.y);
	ck_assert_int_eq(p->first.m, first.m);
	ck_assert_int_eq(p->first.d, first.d);
	ck_assert_int_eq(p->last.y, last.y);
	ck_assert_int_eq(p->last.m, last.m);
	ck_assert_int_eq(p->last.d, last.d);
	ck_assert_int_eq(p->from, from);
	ck_assert_int_eq(p->to, to);
}

START_TEST(berlin_spring_forward)
{
	struct cxm_period p;
	/* 29 Mar 2026 is a Sunday; clocks go 02:00 CET -> 03:00 CEST. Its week:
	 * Mon 23 Mar 00:00 CET (UTC+1) = 22 Mar 23:00 UTC, to Mon 30 Mar 00:00
	 * CEST (UTC+2) = 29 Mar 22:00 UTC: 7 * 24 - 1 = 167 hours. */
	ck_assert_int_eq(cxm_period_of("Europe/Berlin", CXM_PERIOD_WEEK, day(2026, 3, 29), &p), CXM_OK);
	assert_period(&p, day(2026, 3, 23), day(2026, 3, 29), utc(2026, 3, 22, 23), utc(2026, 3, 29, 22));
	ck_assert_int_eq(p.to - p.from, 167 * 3600);
	/* March: 1 Mar 00:00 CET = 28 Feb 23:00 UTC, to 1 Apr 00:00 CEST =
	 * 31 Mar 22:00 UTC: 31 * 24 - 1 = 743 hours. */
	ck_assert_int_eq(cxm_period_of("Europe/Berlin", CXM_PERIOD_MONTH, day(2026, 3, 15), &p), CXM_OK);
	assert_period(&p, day(2026, 3, 1), day(2026, 3, 31), utc(2026, 2, 28, 23), utc(2026, 3, 31, 22));
	ck_assert_int_eq(p.to - p.from, 743 * 3600);
}
END_TEST

START_TEST(berlin_fall_back)
{
	struct cxm_period p;
	/* 25 Oct 2026, a Sunday: 03:00 CEST -> 02:00 CET. Week Mon 19 Oct 00:00
	 * CEST = 18 Oct 22:00 UTC to Mon 26 Oct 00:00 CET = 25 Oct 23:00 UTC:
	 * 169 hours. */
	ck_assert_int_eq(cxm_period_of("Europe/Berlin", CXM_PERIOD_WEEK, day(2026, 10, 19), &p), CXM_OK);
	assert_period(&p, day(2026, 10, 19), day(2026, 10, 25), utc(2026, 10, 18, 22), utc(2026, 10, 25, 23));
	ck_assert_int_eq(p.to - p.from, 169 * 3600);
	/* October: 30 Sep 22:00 UTC to 31 Oct 23:00 UTC, 31 * 24 + 1 = 745 h. */
	ck_assert_int_eq(cxm_period_of("Europe/Berlin", CXM_PERIOD_MONTH, day(2026, 10, 31), &p), CXM_OK);
	assert_period(&p, day(2026, 10, 1), day(2026, 10, 31), utc(2026, 9, 30, 22), utc(2026, 10, 31, 23));
	ck_assert_int_eq(p.to - p.from, 745 * 3600);
	/* the next week starts where this one ended */
	struct cxm_period w, n;
	ck_assert_int_eq(cxm_period_of("Europe/Berlin", CXM_PERIOD_WEEK, day(2026, 10, 25), &w), CXM_OK);
	ck_assert_int_eq(cxm_period_step("Europe/Berlin", &w, 1, &n), CXM_OK);
	/* Mon 26 Oct 00:00 CET = 25 Oct 23:00 UTC .. Mon 2 Nov = 1 Nov 23:00 UTC */
	assert_period(&n, day(2026, 10, 26), day(2026, 11, 1), utc(2026, 10, 25, 23), utc(2026, 11, 1, 23));
}
END_TEST

START_TEST(moscow_quarter_and_year)
{
	struct cxm_period p, q;
	/* Moscow is UTC+3 all year: Q4 2026 = 30 Sep 21:00 UTC to 31 Dec 21:00 UTC */
	ck_assert_int_eq(cxm_period_of("Europe/Moscow", CXM_PERIOD_QUARTER, day(2026, 11, 1), &p), CXM_OK);
	assert_period(&p, day(2026, 10, 1), day(2026, 12, 31), utc(2026, 9, 30, 21), utc(2026, 12, 31, 21));
	/* (31 + 30 + 31) days = 92 * 24 h */
	ck_assert_int_eq(p.to - p.from, 92 * 24 * 3600);
	ck_assert_int_eq(cxm_period_of("Europe/Moscow", CXM_PERIOD_YEAR, day(2026, 6, 30), &p), CXM_OK);
	assert_period(&p, day(2026, 1, 1), day(2026, 12, 31), utc(2025, 12, 31, 21), utc(2026, 12, 31, 21));
	/* Q1 2026's previous quarter is Q4 2025; 2024 (leap) has 366 days */
	ck_assert_int_eq(cxm_period_of("Europe/Moscow", CXM_PERIOD_QUARTER, day(2026, 2, 10), &p), CXM_OK);
	ck_assert_int_eq(cxm_period_step("Europe/Moscow", &p, -1, &q), CXM_OK);
	assert_period(&q, day(2025, 10, 1), day(2025, 12, 31), utc(2025, 9, 30, 21), utc(2025, 12, 31, 21));
	ck_assert_int_eq(cxm_period_of("Europe/Moscow", CXM_PERIOD_YEAR, day(2024, 2, 29), &p), CXM_OK);
	ck_assert_int_eq(p.to - p.from, 366 * 24 * 3600);
	/* February 2024 has 29 days */
	ck_assert_int_eq(cxm_period_of("Europe/Moscow", CXM_PERIOD_MONTH, day(2024, 2, 29), &p), CXM_OK);
	assert_period(&p, day(2024, 2, 1), day(2024, 2, 29), utc(2024, 1, 31, 21), utc(2024, 2, 29, 21));
}
END_TEST

START_TEST(weeks_across_years)
{
	struct cxm_period p, q;
	/* 1 Jan 2026 is a Thursday: its week is Mon 29 Dec 2025 .. Sun 4 Jan */
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_WEEK, day(2026, 1, 1), &p), CXM_OK);
	assert_period(&p, day(2025, 12, 29), day(2026, 1, 4), utc(2025, 12, 29, 0), utc(2026, 1, 5, 0));
	ck_assert_int_eq(cxm_period_step("UTC", &p, -1, &q), CXM_OK);
	assert_period(&q, day(2025, 12, 22), day(2025, 12, 28), utc(2025, 12, 22, 0), utc(2025, 12, 29, 0));
	/* 1 Jan 2027 is a Friday: Mon 28 Dec 2026 .. Sun 3 Jan 2027 (Moscow) */
	ck_assert_int_eq(cxm_period_of("Europe/Moscow", CXM_PERIOD_WEEK, day(2027, 1, 3), &p), CXM_OK);
	assert_period(&p, day(2026, 12, 28), day(2027, 1, 3), utc(2026, 12, 27, 21), utc(2027, 1, 3, 21));
	/* a Monday is its own week's first day */
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_WEEK, day(2026, 11, 23), &p), CXM_OK);
	assert_period(&p, day(2026, 11, 23), day(2026, 11, 29), utc(2026, 11, 23, 0), utc(2026, 11, 30, 0));
}
END_TEST

START_TEST(series_and_custom)
{
	struct cxm_period p, s[12], c, prev;
	/* the 12 months ending with Nov 2026: Dec 2025 .. Nov 2026 */
	ck_assert_int_eq(cxm_period_of("Europe/Moscow", CXM_PERIOD_MONTH, day(2026, 11, 5), &p), CXM_OK);
	ck_assert_int_eq(cxm_period_series("Europe/Moscow", &p, 12, s), CXM_OK);
	assert_period(&s[0], day(2025, 12, 1), day(2025, 12, 31), utc(2025, 11, 30, 21), utc(2025, 12, 31, 21));
	assert_period(&s[11], day(2026, 11, 1), day(2026, 11, 30), utc(2026, 10, 31, 21), utc(2026, 11, 30, 21));
	for (int i = 1; i < 12; i++)
		ck_assert_int_eq(s[i].from, s[i - 1].to);
	/* custom 1..31 Oct 2026 in Berlin: 30 Sep 22:00 UTC to 31 Oct 23:00
	 * UTC; the previous is the 31 days before: 31 Aug .. 30 Sep */
	ck_assert_int_eq(cxm_period_custom("Europe/Berlin", day(2026, 10, 1), day(2026, 10, 31), &c), CXM_OK);
	ck_assert_int_eq(c.kind, CXM_PERIOD_CUSTOM);
	assert_period(&c, day(2026, 10, 1), day(2026, 10, 31), utc(2026, 9, 30, 22), utc(2026, 10, 31, 23));
	ck_assert_int_eq(cxm_period_step("Europe/Berlin", &c, -1, &prev), CXM_OK);
	assert_period(&prev, day(2026, 8, 31), day(2026, 9, 30), utc(2026, 8, 30, 22), utc(2026, 9, 30, 22));
	/* one day */
	ck_assert_int_eq(cxm_period_custom("UTC", day(2026, 2, 28), day(2026, 2, 28), &c), CXM_OK);
	ck_assert_int_eq(c.to - c.from, 24 * 3600);
	ck_assert_int_eq(cxm_period_custom("UTC", day(2026, 3, 2), day(2026, 3, 1), &c), CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_MONTH, day(2026, 2, 29), &c), CXM_ERR_INVALID);
	/* the period containing a Unix time: 30 Nov 2026 22:30 UTC is already
	 * 1 Dec 01:30 in Moscow */
	ck_assert_int_eq(cxm_period_at("Europe/Moscow", CXM_PERIOD_MONTH, utc(2026, 11, 30, 22) + 1800, &c), CXM_OK);
	assert_period(&c, day(2026, 12, 1), day(2026, 12, 31), utc(2026, 11, 30, 21), utc(2026, 12, 31, 21));
}
END_TEST

START_TEST(url_form)
{
	struct cxm_arena *a = cxm_arena_new(1024);
	struct cxm_period p;
	const char *err, *field;
	long long now = utc(2026, 11, 14, 12);
	/* nothing given: the current month */
	ck_assert_int_eq(cxm_period_parse("Europe/Moscow", now, NULL, NULL, NULL, NULL, &p, &err, &field), CXM_OK);
	ck_assert_int_eq(p.kind, CXM_PERIOD_MONTH);
	ck_assert_str_eq(cxm_period_query(a, &p), "period=month&at=2026-11-01");
	ck_assert_int_eq(cxm_period_parse("Europe/Moscow", now, "quarter", "2026-05-17", NULL, NULL, &p, &err, &field),
	                 CXM_OK);
	ck_assert_str_eq(cxm_period_query(a, &p), "period=quarter&at=2026-04-01");
	ck_assert_int_eq(cxm_period_parse("Europe/Moscow", now, "custom", NULL, "2026-10-01", "2026-10-31", &p, &err,
	                                  &field),
	                 CXM_OK);
	ck_assert_str_eq(cxm_period_query(a, &p), "period=custom&from=2026-10-01&to=2026-10-31");
	/* errors, each next to its field */
	ck_assert_int_eq(cxm_period_parse("UTC", now, "decade", NULL, NULL, NULL, &p, &err, &field), CXM_ERR_INVALID);
	ck_assert_str_eq(field, "period");
	ck_assert_str_eq(err, "Choose a week, month, quarter, year or your own dates.");
	ck_assert_int_eq(cxm_period_parse("UTC", now, "month", "2026-02-30", NULL, NULL, &p, &err, &field),
	                 CXM_ERR_INVALID);
	ck_assert_str_eq(field, "at");
	ck_assert_str_eq(err, "Enter a real date as YYYY-MM-DD.");
	ck_assert_int_eq(cxm_period_parse("UTC", now, "month", "14.11.2026", NULL, NULL, &p, &err, &field),
	                 CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_period_parse("UTC", now, "custom", NULL, "2026-10-01", NULL, &p, &err, &field),
	                 CXM_ERR_INVALID);
	ck_assert_str_eq(field, "to");
	ck_assert_str_eq(err, "Enter the last day of the period.");
	ck_assert_int_eq(cxm_period_parse("UTC", now, "custom", NULL, "2026-10-31", "2026-10-01", &p, &err, &field),
	                 CXM_ERR_INVALID);
	ck_assert_str_eq(err, "The last day comes before the first.");
	ck_assert_int_eq(cxm_period_parse("UTC", now, "custom", NULL, "2000-01-01", "2026-10-01", &p, &err, &field),
	                 CXM_ERR_INVALID);
	ck_assert_str_eq(err, "Choose at most ten years.");
	cxm_arena_free(a);
}
END_TEST

START_TEST(labels)
{
	struct cxm_arena *a = cxm_arena_new(1024);
	struct cxm_period p;
	char po[4096];
	snprintf(po, sizeof(po), "%s/po", getenv("CXM_BUILDDIR"));
	ck_assert_int_eq(cxm_i18n_load(po), CXM_OK);
	cxm_i18n_set(CXM_LANG_EN);
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_MONTH, day(2026, 11, 5), &p), CXM_OK);
	ck_assert_str_eq(cxm_period_label(a, &p), "November 2026");
	ck_assert_str_eq(cxm_period_short_label(a, &p), "Nov 2026");
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_WEEK, day(2026, 11, 25), &p), CXM_OK);
	ck_assert_str_eq(cxm_period_label(a, &p), "week of 23 Nov 2026");
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_QUARTER, day(2026, 11, 25), &p), CXM_OK);
	ck_assert_str_eq(cxm_period_label(a, &p), "Q4 2026");
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_YEAR, day(2026, 11, 25), &p), CXM_OK);
	ck_assert_str_eq(cxm_period_label(a, &p), "2026");
	ck_assert_int_eq(cxm_period_custom("UTC", day(2026, 10, 1), day(2026, 10, 31), &p), CXM_OK);
	ck_assert_str_eq(cxm_period_label(a, &p), "1 Oct 2026 – 31 Oct 2026");
	cxm_i18n_set(CXM_LANG_RU);
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_MONTH, day(2026, 11, 5), &p), CXM_OK);
	ck_assert_str_eq(cxm_period_label(a, &p), "ноябрь 2026");
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_WEEK, day(2026, 11, 25), &p), CXM_OK);
	ck_assert_str_eq(cxm_period_label(a, &p), "неделя с 23 нояб. 2026");
	ck_assert_int_eq(cxm_period_of("UTC", CXM_PERIOD_QUARTER, day(2026, 11, 25), &p), CXM_OK);
	ck_assert_str_eq(cxm_period_label(a, &p), "4 кв. 2026");
	cxm_i18n_unload();
	cxm_arena_free(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("period");
	TCase *tc = tcase_create("period");
	tcase_add_test(tc, berlin_spring_forward);
	tcase_add_test(tc, berlin_fall_back);
	tcase_add_test(tc, moscow_quarter_and_year);
	tcase_add_test(tc, weeks_across_years);
	tcase_add_test(tc, series_and_custom);
	tcase_add_test(tc, url_form);
	tcase_add_test(tc, labels);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
