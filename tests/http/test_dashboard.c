/* The dashboard over the whole serving path (HTTP client -> nginx ->
 * cxm-fcgi -> MariaDB) with the probe metric plugin
 * (tests/plugins/dash_probe.c) in plugin_dir: the cards' exact values, n,
 * change against the previous period and "not enough data" on a data set
 * made by hand; a metric's 12-period trend table, parts, breakdown rows
 * with location names (escaped) and drill links; the drill-down list with
 * names and pages of 50; a bad date refused in Russian; business B sees
 * its own numbers; a failing plugin gives an "unavailable" card; a plugin
 * switched off takes its cards and pages away; a stale open value is
 * shown with "as of" its local time; a slow plugin makes the page stop
 * computing after dashboard_compute_seconds (2 s by default) and show
 * what is missing as "being calculated".
 *
 * Conventions of tests/http/test_clients.c: the stack is started once in
 * main; every test makes its own business, users and sessions directly in
 * the database; requests send "Accept-Language: en" and the users speak
 * English unless a test says otherwise. All periods are of 2025, closed
 * whenever the suite runs. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
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

static long long utc(int y, int m, int d, int h)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = h};
	return (long long)timegm(&tm);
}

static long long client(long long biz, const char *name)
{
	return tw_sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at) VALUES (?, ?,"
	                     " '2025-01-01', '2025-01-01')",
	                     CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(name)));
}

static long long interaction(long long biz, long long c, const char *kind, long long t, long long loc,
                             const char *channel)
{
	return tw_sql_insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at, location_id, channel)"
	                     " VALUES (?, ?, ?, FROM_UNIXTIME(?), ?, ?)",
	                     CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c), CXM_PSTR(kind), CXM_PINT(t),
	                                loc ? CXM_PINT(loc) : CXM_PNULL, channel ? CXM_PSTR(channel) : CXM_PNULL));
}

/* Stores setting = value of the probe for business biz. */
static void probe_setting(long long biz, const char *setting, const char *value)
{
	tw_sql_exec("INSERT INTO business_plugin_settings (business_id, plugin, setting, value) VALUES (?, 'dash_probe', ?, ?)",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(setting), CXM_PSTR(value)));
}

/*
 * Business slug (Europe/Moscow, UTC+3 in 2025), its data:
 *   August 2025:    1 visit                     -> visits 1, not enough (< 3)
 *   September 2025: 3 visits (Centre), 1 call   -> visits 3; calls 1 of 4 = 25.0 %
 *   October 2025:   5 visits: Centre x3 (two of them on the hotline
 *                   channel), the <script> location x1, none x1; 2 calls
 *                   -> visits 5 (change +2, higher is better: good);
 *                      located 4 = 80 %, unlocated 1 = 20 %;
 *                      calls 2 of 7 = 28.571 % -> "28.6 %", change
 *                      28.571 - 25 = +3.571 -> "+3.6 pp" (lower is better: bad)
 *   The last October visit is at 31 Oct 20:30 UTC (23:30 in Moscow).
 * ids: the locations' ids into loc[0..1], the October visits' ids into
 * oct[0..4], oldest first.
 */
struct data {
	long long biz, loc[2], oct[5], anna, boris;
};

static void make_data(struct data *x, const char *slug)
{
	x->biz = tw_make_business(slug, "Europe/Moscow", "BYN");
	x->loc[0] = tw_sql_insert("INSERT INTO locations (business_id, name) VALUES (?, 'Centre')",
	                          CXM_PARAMS(CXM_PINT(x->biz)));
	x->loc[1] = tw_sql_insert("INSERT INTO locations (business_id, name) VALUES (?, '<script>alert(1)</script>')",
	                          CXM_PARAMS(CXM_PINT(x->biz)));
	x->anna = client(x->biz, "Anna Petrova");
	x->boris = client(x->biz, "Boris <b>Sidorov</b>");
	interaction(x->biz, x->anna, "visit", utc(2025, 8, 10, 9), 0, NULL);
	for (int i = 0; i < 3; i++)
		interaction(x->biz, x->anna, "visit", utc(2025, 9, 5 + i, 9), x->loc[0], NULL);
	interaction(x->biz, x->boris, "call", utc(2025, 9, 9, 9), 0, NULL);
	x->oct[0] = interaction(x->biz, x->anna, "visit", utc(2025, 10, 1, 9), x->loc[0], "hotline");
	x->oct[1] = interaction(x->biz, x->boris, "visit", utc(2025, 10, 2, 9), x->loc[0], "hotline");
	x->oct[2] = interaction(x->biz, x->anna, "visit", utc(2025, 10, 3, 9), x->loc[0], NULL);
	x->oct[3] = interaction(x->biz, x->boris, "visit", utc(2025, 10, 4, 9), x->loc[1], NULL);
	x->oct[4] = interaction(x->biz, x->anna, "visit", utc(2025, 10, 31, 20) + 1800, 0, NULL);
	interaction(x->biz, x->boris, "call", utc(2025, 10, 5, 9), 0, NULL);
	interaction(x->biz, x->boris, "call", utc(2025, 10, 6, 9), 0, NULL);
}

/* The HTML of the card of metric (plugin/metric) on a dashboard page,
 * malloc'd; NULL when the page has no such card. */
static char *card(const struct th_response *r, const char *metric)
{
	char needle[128];
	snprintf(needle, sizeof(needle), "data-metric=\"%s\"", metric);
	const char *p = strstr(r->body, needle);
	if (!p)
		return NULL;
	const char *end = strstr(p, "</article>");
	ck_assert_ptr_nonnull(end);
	return strndup(p, (size_t)(end - p));
}

static void assert_in(const char *hay, const char *needle)
{
	ck_assert_msg(strstr(hay, needle) != NULL, "missing \"%s\" in: %.2500s", needle, hay);
}

START_TEST(cards_show_exact_values)
{
	struct data x;
	make_data(&x, "dash-cards");
	struct tw_client c;
	tw_make_member(&c, x.biz, "analyst@dash-cards.test", "analyst");
	struct th_response r;
	tw_get(&c, "/dashboard?period=month&at=2025-10-17", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<strong class=\"period-label\">October 2025</strong>");
	tw_assert_has(&r, "← September 2025</a>");
	tw_assert_has(&r, "November 2025 →</a>");
	char *v = card(&r, "dash_probe/visits");
	ck_assert_ptr_nonnull(v);
	assert_in(v, "<strong class=\"value\">5</strong>");
	assert_in(v, "n = 5");
	assert_in(v, "<p class=\"change change-good\"><span aria-hidden=\"true\">▲</span> <span class=\"change-text\">+2</span>");
	assert_in(v, "vs. September 2025: 3");
	assert_in(v, "Benchmarks: good 5 · excellent 10");
	assert_in(v, "role=\"img\"");
	/* its link to the metric page keeps the period */
	assert_in(v, "href=\"/dashboard/metric?plugin=dash_probe&amp;metric=visits&amp;period=month&amp;at=2025-10-01\"");
	free(v);
	v = card(&r, "dash_probe/call_share");
	ck_assert_ptr_nonnull(v);
	assert_in(v, "<strong class=\"value\">28.6 %</strong>");
	assert_in(v, "n = 7");
	assert_in(v, "<p class=\"change change-bad\"><span aria-hidden=\"true\">▲</span> <span class=\"change-text\">+3.6 pp</span>");
	free(v);
	/* September: visits 3 (enough) but August's 1 is not: no change shown */
	th_response_free(&r);
	tw_get(&c, "/dashboard?period=month&at=2025-09-01", &r);
	tw_assert_status(&r, 200);
	v = card(&r, "dash_probe/visits");
	assert_in(v, "<strong class=\"value\">3</strong>");
	ck_assert_ptr_null(strstr(v, "class=\"change "));
	free(v);
	/* August: not enough data, n still shown */
	th_response_free(&r);
	tw_get(&c, "/dashboard?period=month&at=2025-08-01", &r);
	v = card(&r, "dash_probe/visits");
	assert_in(v, "<strong class=\"not-enough\">not enough data</strong>");
	assert_in(v, "n = 1");
	ck_assert_ptr_null(strstr(v, "class=\"value\""));
	free(v);
	/* the quarter Q4 2025 so far: the same 5 visits; Q3: 4 */
	th_response_free(&r);
	tw_get(&c, "/dashboard?period=quarter&at=2025-11-30", &r);
	v = card(&r, "dash_probe/visits");
	assert_in(v, "<strong class=\"value\">5</strong>");
	assert_in(v, "vs. Q3 2025: 4");
	free(v);
	/* a custom period of the first three days of October: 3 visits */
	th_response_free(&r);
	tw_get(&c, "/dashboard?period=custom&from=2025-10-01&to=2025-10-03", &r);
	tw_assert_has(&r, "1 Oct 2025 – 3 Oct 2025");
	v = card(&r, "dash_probe/visits");
	assert_in(v, "<strong class=\"value\">3</strong>");
	free(v);
	th_response_free(&r);
	/* the navigation links the dashboard first */
	tw_get(&c, "/clients", &r);
	tw_assert_before(&r, ">Dashboard</a>", ">Clients</a>");
	th_response_free(&r);
}
END_TEST

START_TEST(default_period_is_the_current_month)
{
	long long biz = tw_make_business("dash-now", "Europe/Moscow", "BYN");
	struct tw_client c;
	tw_make_member(&c, biz, "owner@dash-now.test", "owner");
	/* today in Moscow (UTC+3) */
	time_t t = time(NULL) + 3 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	char want[64];
	snprintf(want, sizeof(want), "name=\"at\" value=\"%04d-%02d-01\"", tm.tm_year + 1900, tm.tm_mon + 1);
	struct th_response r;
	tw_get(&c, "/dashboard", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, want);
	tw_assert_has(&r, "<option value=\"month\" selected>");
	tw_assert_has(&r, "(so far)");
	tw_assert_lacks(&r, "class=\"period-next\"");
	/* an empty month: both cards, not enough data with n = 0 */
	char *v = card(&r, "dash_probe/visits");
	assert_in(v, "not enough data");
	assert_in(v, "n = 0");
	free(v);
	th_response_free(&r);
}
END_TEST

/* "as of HH:MM" of Unix time t in Moscow (UTC+3 all year since 2014),
 * "as of YYYY-MM-DD HH:MM" when that is not today there. */
static void as_of_moscow(long long t, char *want, size_t size)
{
	time_t lt = (time_t)(t + 3 * 3600), ln = time(NULL) + 3 * 3600;
	struct tm at, now;
	gmtime_r(&lt, &at);
	gmtime_r(&ln, &now);
	if (at.tm_year == now.tm_year && at.tm_yday == now.tm_yday)
		snprintf(want, size, "<span class=\"as-of\">as of %02d:%02d</span>", at.tm_hour, at.tm_min);
	else
		snprintf(want, size, "<span class=\"as-of\">as of %04d-%02d-%02d %02d:%02d</span>", at.tm_year + 1900,
		         at.tm_mon + 1, at.tm_mday, at.tm_hour, at.tm_min);
}

START_TEST(stale_open_value_says_as_of)
{
	long long biz = tw_make_business("dash-stale", "Europe/Moscow", "BYN");
	long long anna = client(biz, "Anna Petrova");
	struct tw_client c;
	tw_make_member(&c, biz, "owner@dash-stale.test", "owner");
	/* the current month, nothing stored: computed in the request (0
	 * visits so far), fresh, no note */
	struct th_response r;
	tw_get(&c, "/dashboard", &r);
	tw_assert_status(&r, 200);
	tw_assert_lacks(&r, "as-of");
	char *v = card(&r, "dash_probe/visits");
	assert_in(v, "n = 0</p>");
	free(v);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM metric_snapshots WHERE business_id = ? AND closed = 0",
	                            CXM_PARAMS(CXM_PINT(biz)), -1),
	                 2);
	/* a visit now, and the stored month made an hour old (older than the
	 * 300 s TTL): the card shows the stored 0, as of an hour ago in
	 * Moscow; call_share, fresh, has no note */
	interaction(biz, anna, "visit", (long long)time(NULL) - 60, 0, NULL);
	long long t = (long long)time(NULL) - 3600;
	tw_sql_exec("UPDATE metric_snapshots SET computed_at = FROM_UNIXTIME(?) WHERE business_id = ? AND closed = 0"
	            " AND metric = 'visits'",
	            CXM_PARAMS(CXM_PINT(t), CXM_PINT(biz)));
	char want[128];
	as_of_moscow(t, want, sizeof(want));
	tw_get(&c, "/dashboard", &r);
	tw_assert_status(&r, 200);
	v = card(&r, "dash_probe/visits");
	char line[256];
	snprintf(line, sizeof(line), "n = 0 · %s</p>", want);
	assert_in(v, line);
	free(v);
	v = card(&r, "dash_probe/call_share");
	ck_assert_ptr_null(strstr(v, "as-of"));
	free(v);
	th_response_free(&r);
	/* the metric's page says it next to the headline value */
	tw_get(&c, "/dashboard/metric?plugin=dash_probe&metric=visits", &r);
	tw_assert_status(&r, 200);
	snprintf(line, sizeof(line), "<span class=\"metric-n\">n = 0</span> · %s", want);
	tw_assert_has(&r, line);
	th_response_free(&r);
	/* a fixed older time: 1 Oct 2025 09:07 UTC = 12:07 in Moscow, not
	 * today, so with its date */
	tw_sql_exec("UPDATE metric_snapshots SET computed_at = '2025-10-01 09:07:30' WHERE business_id = ?"
	            " AND closed = 0 AND metric = 'visits'",
	            CXM_PARAMS(CXM_PINT(biz)));
	tw_get(&c, "/dashboard", &r);
	v = card(&r, "dash_probe/visits");
	assert_in(v, "n = 0 · <span class=\"as-of\">as of 2025-10-01 12:07</span></p>");
	free(v);
	th_response_free(&r);
	/* the value is still the stored one: the job refreshes it, not the
	 * request */
	ck_assert_int_eq(tw_sql_int("SELECT n FROM metric_snapshots WHERE business_id = ? AND closed = 0"
	                            " AND metric = 'visits' AND period_kind = 'month'",
	                            CXM_PARAMS(CXM_PINT(biz)), -1),
	                 0);
}
END_TEST

START_TEST(metric_page_trend_parts_and_breakdowns)
{
	struct data x;
	make_data(&x, "dash-metric");
	struct tw_client c;
	tw_make_member(&c, x.biz, "analyst@dash-metric.test", "analyst");
	struct th_response r;
	tw_get(&c, "/dashboard/metric?plugin=dash_probe&metric=visits&period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<h1>Visits</h1>");
	/* the trend: November 2024 .. October 2025, one row each */
	static const char *const months[] = {"November 2024", "December 2024", "January 2025", "February 2025",
	                                     "March 2025", "April 2025", "May 2025", "June 2025", "July 2025",
	                                     "August 2025", "September 2025", "October 2025"};
	struct tw_text want = {0};
	for (int i = 0; i < 12; i++) {
		const char *value = i == 10 ? "3" : i == 11 ? "5" : "not enough data";
		int n = i == 9 ? 1 : i == 10 ? 3 : i == 11 ? 5 : 0;
		tw_text_printf(&want, "        <tr><td>%s</td><td>%s</td><td>%d</td></tr>\n", months[i], value, n);
	}
	tw_assert_has(&r, want.s);
	free(want.s);
	/* the chart: a point with a title per period with a value */
	tw_assert_has(&r, "<title>Sep 2025: 3</title>");
	tw_assert_has(&r, "<title>Oct 2025: 5</title>");
	tw_assert_lacks(&r, "<title>Aug 2025:");
	/* parts: located 4 of 5 (80 %), unlocated 1 (20 %), linked to the drill */
	tw_assert_has(&r, "<tr data-part=\"located\"><td><a href=\"/dashboard/drill?plugin=dash_probe&amp;metric=visits"
	                  "&amp;period=month&amp;at=2025-10-01&amp;part=located\">With a location</a></td>"
	                  "<td>80 %</td><td>4</td><td>80.0 %</td></tr>");
	tw_assert_has(&r, ">Without a location</a></td><td>20 %</td><td>1</td><td>20.0 %</td></tr>");
	/* distribution: hotline 2, none 3 */
	tw_assert_has(&r, "<tr><td>Hotline call</td><td>2</td><td>40.0 %</td></tr>");
	tw_assert_has(&r, "<tr><td>none</td><td>3</td><td>60.0 %</td></tr>");
	/* by location: Centre 3 of the 4 located (75.0 %), enough; the other
	 * 1 (25.0 %), not enough; its name escaped */
	char row[1024];
	snprintf(row, sizeof(row), "<tr data-group=\"%lld\"><td><a href=\"/dashboard/drill?plugin=dash_probe&amp;metric=visits"
	               "&amp;period=month&amp;at=2025-10-01&amp;dimension=location&amp;group=%lld\">Centre</a></td>"
	               "<td>3</td><td>3</td><td>75.0 %%</td></tr>",
	         x.loc[0], x.loc[0]);
	tw_assert_has(&r, row);
	tw_assert_has(&r, ">&lt;script&gt;alert(1)&lt;/script&gt;</a></td><td>not enough data</td><td>1</td>"
	                  "<td>25.0 %</td></tr>");
	tw_assert_lacks(&r, "<script>alert(1)");
	tw_assert_before(&r, ">Centre</a>", ">&lt;script&gt;alert(1)&lt;/script&gt;</a>");
	/* by channel: the hotline's 2 */
	tw_assert_has(&r, "<h2 id=\"by-channel\">By Channel</h2>");
	tw_assert_has(&r, ">Hotline call</a></td><td>not enough data</td><td>2</td><td>100.0 %</td></tr>");
	th_response_free(&r);
	/* what does not exist, or is not the business's */
	tw_get(&c, "/dashboard/metric?plugin=nothing&metric=visits", &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	tw_get(&c, "/dashboard/metric?plugin=dash_probe&metric=nothing", &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	/* no metric at all: the dashboard */
	tw_get(&c, "/dashboard/metric?plugin=dash_probe", &r);
	tw_assert_redirect(&r, "/dashboard");
	th_response_free(&r);
	tw_get(&c, "/dashboard/drill", &r);
	tw_assert_redirect(&r, "/dashboard");
	th_response_free(&r);
}
END_TEST

START_TEST(channel_labels)
{
	/* a feedback channel, a survey response channel and an unknown code */
	long long biz = tw_make_business("dash-channels", "UTC", "BYN");
	long long c = client(biz, "Gleb");
	interaction(biz, c, "visit", utc(2025, 10, 1, 9), 0, "internet_review");
	interaction(biz, c, "visit", utc(2025, 10, 2, 9), 0, "open_link");
	interaction(biz, c, "visit", utc(2025, 10, 3, 9), 0, "<pigeon>");
	struct tw_client m;
	tw_make_member(&m, biz, "analyst@dash-channels.test", "analyst");
	struct th_response r;
	tw_get(&m, "/dashboard/metric?plugin=dash_probe&metric=visits&period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, ">Internet review</a></td><td>not enough data</td><td>1</td><td>33.3 %</td></tr>");
	tw_assert_has(&r, ">Open link</a></td><td>not enough data</td><td>1</td><td>33.3 %</td></tr>");
	tw_assert_has(&r, ">&lt;pigeon&gt;</a></td><td>not enough data</td><td>1</td><td>33.3 %</td></tr>");
	tw_assert_has(&r, "&amp;dimension=channel&amp;group=%3Cpigeon%3E\">");
	tw_assert_lacks(&r, "<pigeon>");
	th_response_free(&r);
	tw_get(&m, "/dashboard/drill?plugin=dash_probe&metric=visits&period=month&at=2025-10-01&dimension=channel"
	           "&group=%3Cpigeon%3E",
	       &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "Channel: &lt;pigeon&gt;");
	long long ids[4];
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 4), 1);
	th_response_free(&r);
}
END_TEST

START_TEST(drill_lists_the_people)
{
	struct data x;
	make_data(&x, "dash-drill");
	struct tw_client c;
	tw_make_member(&c, x.biz, "analyst@dash-drill.test", "analyst");
	struct th_response r;
	/* October's 5 visits, newest first, with names linked (escaped) */
	tw_get(&c, "/dashboard/drill?plugin=dash_probe&metric=visits&period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	long long ids[60];
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 60), 5);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(ids[i], x.oct[4 - i]);
	char s[512];
	snprintf(s, sizeof(s), "<a href=\"/clients/%lld\">Boris &lt;b&gt;Sidorov&lt;/b&gt;</a>", x.boris);
	tw_assert_has(&r, s);
	/* the last one at 31 Oct 20:30 UTC is 23:30 in Moscow */
	tw_assert_has(&r, "<td>2025-10-31 23:30</td>");
	snprintf(s, sizeof(s), "<a href=\"/clients/%lld\">Interaction #%lld</a>", x.anna, x.oct[4]);
	tw_assert_has(&r, s);
	ck_assert_ptr_null(tw_rel_link(r.body, "next"));
	th_response_free(&r);
	/* one location: the Centre's 3 */
	char path[512];
	snprintf(path, sizeof(path),
	         "/dashboard/drill?plugin=dash_probe&metric=visits&period=month&at=2025-10-01&dimension=location&group=%lld",
	         x.loc[0]);
	tw_get(&c, path, &r);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 60), 3);
	ck_assert_int_eq(ids[0], x.oct[2]);
	tw_assert_has(&r, "Location: Centre");
	th_response_free(&r);
	/* a part: the one without a location */
	tw_get(&c, "/dashboard/drill?plugin=dash_probe&metric=visits&period=month&at=2025-10-01&part=unlocated", &r);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 60), 1);
	ck_assert_int_eq(ids[0], x.oct[4]);
	th_response_free(&r);
	/* pages of 50: 55 visits in November 2025, on 1..55 hours after its start */
	long long nov[55];
	for (int i = 0; i < 55; i++)
		nov[i] = interaction(x.biz, x.anna, "visit", utc(2025, 10, 31, 21) + 3600LL * (i + 1), 0, NULL);
	tw_get(&c, "/dashboard/drill?plugin=dash_probe&metric=visits&period=month&at=2025-11-01", &r);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 60), 50);
	ck_assert_int_eq(ids[0], nov[54]);
	ck_assert_int_eq(ids[49], nov[5]);
	tw_assert_has(&r, "1–50");
	char *next = tw_rel_link(r.body, "next");
	ck_assert_ptr_nonnull(next);
	ck_assert_str_eq(next, "/dashboard/drill?plugin=dash_probe&metric=visits&period=month&at=2025-11-01&offset=50");
	ck_assert_ptr_null(tw_rel_link(r.body, "prev"));
	th_response_free(&r);
	tw_get(&c, next, &r);
	free(next);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 60), 5);
	ck_assert_int_eq(ids[0], nov[4]);
	ck_assert_int_eq(ids[4], nov[0]);
	tw_assert_has(&r, "51–55");
	ck_assert_ptr_null(tw_rel_link(r.body, "next"));
	char *prev = tw_rel_link(r.body, "prev");
	ck_assert_str_eq(prev, "/dashboard/drill?plugin=dash_probe&metric=visits&period=month&at=2025-11-01");
	free(prev);
	th_response_free(&r);
	/* unknown plugin, metric, part or dimension */
	const char *bad[] = {
		"/dashboard/drill?plugin=nothing&metric=visits",
		"/dashboard/drill?plugin=dash_probe&metric=nothing",
		"/dashboard/drill?plugin=dash_probe&metric=visits&part=nothing",
		"/dashboard/drill?plugin=dash_probe&metric=visits&dimension=staff&group=1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tw_get(&c, bad[i], &r);
		ck_assert_msg(r.status == 404, "%s: %d", bad[i], r.status);
		th_response_free(&r);
	}
	/* a metric whose drill the plugin refuses: the page says so */
	tw_get(&c, "/dashboard/drill?plugin=dash_probe&metric=call_share&period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<p class=\"metric-unavailable\">unavailable</p>");
	th_response_free(&r);
}
END_TEST

START_TEST(bad_dates_refused_in_russian)
{
	long long biz = tw_make_business("dash-ru", "Europe/Moscow", "BYN");
	struct tw_client c;
	tw_make_member(&c, biz, "manager@dash-ru.test", "manager");
	tw_sql_exec("UPDATE users SET language = 'ru' WHERE id = ?", CXM_PARAMS(CXM_PINT(c.user_id)));
	struct th_response r;
	tw_get(&c, "/dashboard?period=month&at=2025-02-30", &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "at", "Введите настоящую дату в виде ГГГГ-ММ-ДД.");
	tw_assert_input(&r, "at", "2025-02-30");
	th_response_free(&r);
	tw_get(&c, "/dashboard?period=custom&from=2025-10-31&to=2025-10-01", &r);
	tw_assert_field_error(&r, "to", "Последний день раньше первого.");
	th_response_free(&r);
	tw_get(&c, "/dashboard?period=decade", &r);
	tw_assert_field_error(&r, "period", "Выберите неделю, месяц, квартал, год или свои даты.");
	th_response_free(&r);
	/* a good one in Russian: the month's name */
	tw_get(&c, "/dashboard?period=month&at=2025-11-03", &r);
	tw_assert_has(&r, "<strong class=\"period-label\">ноябрь 2025</strong>");
	tw_assert_has(&r, "Панель");
	th_response_free(&r);
}
END_TEST

START_TEST(business_b_sees_its_own)
{
	struct data x;
	make_data(&x, "dash-a");
	long long b = tw_make_business("dash-b", "UTC", "EUR");
	long long vera = client(b, "Vera");
	for (int i = 0; i < 4; i++)
		interaction(b, vera, "visit", utc(2025, 10, 10 + i, 12), 0, NULL);
	struct tw_client ca, cb;
	tw_make_member(&ca, x.biz, "owner@dash-a.test", "owner");
	tw_make_member(&cb, b, "owner@dash-b.test", "owner");
	struct th_response r;
	tw_get(&cb, "/dashboard?period=month&at=2025-10-01", &r);
	char *v = card(&r, "dash_probe/visits");
	assert_in(v, "<strong class=\"value\">4</strong>");
	assert_in(v, "n = 4");
	free(v);
	th_response_free(&r);
	tw_get(&ca, "/dashboard?period=month&at=2025-10-01", &r);
	v = card(&r, "dash_probe/visits");
	assert_in(v, "<strong class=\"value\">5</strong>");
	free(v);
	th_response_free(&r);
	/* A's location ids mean nothing to B: the group's label is the key */
	char path[512];
	snprintf(path, sizeof(path),
	         "/dashboard/drill?plugin=dash_probe&metric=visits&period=month&at=2025-10-01&dimension=location&group=%lld",
	         x.loc[0]);
	tw_get(&cb, path, &r);
	tw_assert_status(&r, 200);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, (long long[8]){0}, 8), 0);
	tw_assert_lacks(&r, "Centre");
	th_response_free(&r);
	/* each business's stored values are its own */
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	                            " AND period_kind = 'month' AND period_start = '2025-10-01 00:00:00' AND value = 4",
	                            CXM_PARAMS(CXM_PINT(b)), -1),
	                 1);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	                            " AND period_kind = 'month' AND period_start = '2025-09-30 21:00:00' AND value = 5",
	                            CXM_PARAMS(CXM_PINT(x.biz)), -1),
	                 1);
}
END_TEST

/* How many times needle occurs in hay. */
static int occurrences(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

START_TEST(slow_values_left_to_the_job)
{
	struct data x;
	make_data(&x, "dash-slow");
	struct tw_client c;
	tw_make_member(&c, x.biz, "analyst@dash-slow.test", "analyst");
	/* every computation of the probe takes 2.5 s for this business; the
	 * stack's dashboard_compute_seconds is the default 2 */
	probe_setting(x.biz, "delay_ms", "2500");
	struct th_response r;
	/* the first card's current value (October: 5 visits) is computed,
	 * which uses up the 2 s; its 11 earlier periods and the whole second
	 * card are left: "being calculated" */
	tw_get(&c, "/dashboard?period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	char *v = card(&r, "dash_probe/visits");
	assert_in(v, "<strong class=\"value\">5</strong>");
	assert_in(v, "n = 5");
	ck_assert_ptr_null(strstr(v, "class=\"change "));   /* September is not there to compare */
	ck_assert_int_eq(occurrences(v, "<td>being calculated</td>"), 11);
	free(v);
	v = card(&r, "dash_probe/call_share");
	assert_in(v, "<p class=\"metric-pending\">Being calculated: the value appears here within a few minutes.</p>");
	ck_assert_ptr_null(strstr(v, "n = "));
	free(v);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM metric_snapshots WHERE business_id = ?",
	                            CXM_PARAMS(CXM_PINT(x.biz)), -1),
	                 1);
	/* the next view reads October and computes September (3 visits):
	 * the change +2 appears, 10 periods still missing */
	tw_get(&c, "/dashboard?period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	v = card(&r, "dash_probe/visits");
	assert_in(v, "<strong class=\"value\">5</strong>");
	assert_in(v, "<span class=\"change-text\">+2</span>");
	ck_assert_int_eq(occurrences(v, "<td>being calculated</td>"), 10);
	free(v);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM metric_snapshots WHERE business_id = ?",
	                            CXM_PARAMS(CXM_PINT(x.biz)), -1),
	                 2);
	/* the metric's page of call_share (not stored): its October is
	 * computed (2 calls of 7 = 28.6 %), which uses the time; September and
	 * earlier are left */
	tw_get(&c, "/dashboard/metric?plugin=dash_probe&metric=call_share&period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<strong class=\"value\">28.6 %</strong>");
	ck_assert_int_eq(occurrences(r.body, "<td>being calculated</td>"), 11);
	th_response_free(&r);
	/* the visits page: October and September are stored, August is
	 * computed (1 visit), which uses the time: July and earlier (9) are
	 * left, and so are both breakdowns */
	tw_get(&c, "/dashboard/metric?plugin=dash_probe&metric=visits&period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	ck_assert_int_eq(occurrences(r.body, "<td>being calculated</td>"), 9);
	ck_assert_int_eq(occurrences(r.body, "<p class=\"metric-pending\">Not computed yet: this page has used its time"
	                                     " for computing. Reload it to compute more.</p>"),
	                 2);
	th_response_free(&r);
}
END_TEST

START_TEST(failing_and_disabled_plugins)
{
	struct data x;
	make_data(&x, "dash-off");
	struct tw_client c;
	tw_make_member(&c, x.biz, "owner@dash-off.test", "owner");
	struct th_response r;
	/* the probe fails for this business: its cards say so, the page renders */
	probe_setting(x.biz, "fail", "1");
	tw_get(&c, "/dashboard?period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	char *v = card(&r, "dash_probe/visits");
	assert_in(v, "<p class=\"metric-unavailable\">unavailable</p>");
	ck_assert_ptr_null(strstr(v, "n = "));
	free(v);
	th_response_free(&r);
	tw_sql_exec("DELETE FROM business_plugin_settings WHERE business_id = ?", CXM_PARAMS(CXM_PINT(x.biz)));
	tw_get(&c, "/dashboard?period=month&at=2025-10-01", &r);
	tw_assert_has(&r, "data-metric=\"dash_probe/visits\"");
	th_response_free(&r);
	/* switched off: no cards, no pages */
	tw_sql_exec("INSERT INTO business_plugins (business_id, plugin, enabled) VALUES (?, 'dash_probe', 0)",
	            CXM_PARAMS(CXM_PINT(x.biz)));
	tw_get(&c, "/dashboard?period=month&at=2025-10-01", &r);
	tw_assert_status(&r, 200);
	tw_assert_lacks(&r, "data-metric=\"dash_probe/");
	tw_assert_has(&r, "No metric plugin is switched on for this business.");
	th_response_free(&r);
	tw_get(&c, "/dashboard/metric?plugin=dash_probe&metric=visits", &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	tw_get(&c, "/dashboard/drill?plugin=dash_probe&metric=visits", &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	/* signed out: to the sign-in page */
	tw_get(NULL, "/dashboard", &r);
	ck_assert_int_ne(r.status, 200);
	th_response_free(&r);
}
END_TEST

static Suite *dashboard_suite(void)
{
	Suite *s = suite_create("dashboard");
	TCase *tc = tcase_create("dashboard");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, cards_show_exact_values);
	tcase_add_test(tc, default_period_is_the_current_month);
	tcase_add_test(tc, stale_open_value_says_as_of);
	tcase_add_test(tc, metric_page_trend_parts_and_breakdowns);
	tcase_add_test(tc, channel_labels);
	tcase_add_test(tc, drill_lists_the_people);
	tcase_add_test(tc, bad_dates_refused_in_russian);
	tcase_add_test(tc, business_b_sees_its_own);
	tcase_add_test(tc, failing_and_disabled_plugins);
	tcase_add_test(tc, slow_values_left_to_the_job);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return EXIT_FAILURE;
	}
	char *plugins = th_tmpdir("dash-plugins"), from[4200], to[4300], conf[4400];
	snprintf(from, sizeof(from), "%s/tests/plugins/.libs/dash_probe.so", th_builddir());
	snprintf(to, sizeof(to), "%s/dash_probe.so", plugins);
	if (symlink(from, to) != 0) {
		perror(to);
		return EXIT_FAILURE;
	}
	snprintf(conf, sizeof(conf), "plugin_dir = %s\n", plugins);
	th_mysql_socket();
	struct th_stack_opts o = {.workers = 2, .extra_conf = conf};
	th_stack_start(&stack, &o);
	int failed = tw_run(dashboard_suite(), &stack);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
