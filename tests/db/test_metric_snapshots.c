/* Stored metric values (core/metric_snapshots.c) with the probe plugin
 * (tests/plugins/dash_probe.c, loaded from the build tree): a closed period
 * is computed once and then read back even after the data changed, until
 * `cxmctl metrics rebuild` deletes it; the open period is computed up to
 * now in the request only when nothing is stored, fresh for exactly
 * CXM_SNAPSHOT_OPEN_TTL seconds, then served stale with the time it was
 * computed (a breakdown is computed again instead); custom periods are
 * never stored; breakdowns are stored with their marker (an empty one
 * too); the job stores exactly the last 12 closed weeks, months, quarters
 * and years of every metric of every business that has the plugin on and
 * refreshes exactly the open values that are missing or stale, within its
 * time budget (0: none) or until a stop, the missing current values
 * first, then the closed ones newest first; two businesses never share a value. Every expected number is
 * worked out in the comments. */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "metric_snapshots.h"
#include "period.h"
#include "plugin.h"
#include "plugin_settings.h"

static char *dir, *conf, *plugin_dir;
static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz, other;    /* A (Europe/Moscow) and B (UTC) */
static long long loc1, loc2;

static long long utc(int y, int m, int d, int h, int mi, int s)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s};
	return (long long)timegm(&tm);
}

/* "now" of most tests: Saturday 14 Nov 2026 12:00 UTC (15:00 in Moscow). */
#define NOW utc(2026, 11, 14, 12, 0, 0)

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

static long long count(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows ? cxm_rows_int(&r, 0, 0, -1) : -1;
}

static const char *text(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows && cxm_rows_get(&r, 0, 0) ? cxm_rows_get(&r, 0, 0) : "";
}

/* Stores setting = value of the probe for business b. */
static void probe_setting(long long b, const char *setting, const char *value)
{
	insert("INSERT INTO business_plugin_settings (business_id, plugin, setting, value) VALUES (?, 'dash_probe', ?, ?)",
	       CXM_PARAMS(CXM_PINT(b), CXM_PSTR(setting), CXM_PSTR(value)));
}

static long long client(long long b, const char *name)
{
	return insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at) VALUES (?, ?, '2026-01-01',"
	              " '2026-01-01')",
	              CXM_PARAMS(CXM_PINT(b), CXM_PSTR(name)));
}

/* An interaction of kind at Unix time t (location 0: none, channel NULL: none). */
static void interaction(long long b, long long c, const char *kind, long long t, long long loc, const char *channel)
{
	insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at, location_id, channel)"
	       " VALUES (?, ?, ?, FROM_UNIXTIME(?), ?, ?)",
	       CXM_PARAMS(CXM_PINT(b), CXM_PINT(c), CXM_PSTR(kind), CXM_PINT(t), loc ? CXM_PINT(loc) : CXM_PNULL,
	                  channel ? CXM_PSTR(channel) : CXM_PNULL));
}

/*
 * The data set. A is in Moscow (UTC+3): its October 2026 is
 * [30 Sep 21:00 UTC, 31 Oct 21:00 UTC).
 *   October visits of A: 5 Oct (loc1, channel shop), 12 Oct (loc1),
 *     20 Oct (loc2), 31 Oct 20:59:59 UTC (23:59:59 local, no location)
 *     = 4; located 3 (75 %), unlocated 1 (25 %); per channel: none 3, shop 1.
 *   One call on 7 Oct: call_share = 1 / 5 = 20 %.
 *   30 Sep 20:59 UTC (23:59 local): a visit of September.
 *   31 Oct 21:00 UTC (1 Nov 00:00 local) and 10 Nov: visits of November
 *     before NOW; 20 Nov: after NOW.
 * B is in UTC: one visit on 15 Oct 2026.
 */
static void setup(void)
{
	dir = th_tmpdir("snap");
	conf = malloc(4200);
	snprintf(conf, 4200, "%s/cxm.conf", dir);
	char *dsn = th_db_create_migrated("snap");
	FILE *f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "db_dsn = %s\nsql_dir = %s/sql\nplugin_dir = %s\n", dsn, th_srcdir(), plugin_dir);
	fclose(f);
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 16);
	biz = insert("INSERT INTO businesses (slug, name, timezone) VALUES ('snap-a', 'A', 'Europe/Moscow')",
	             CXM_NOPARAMS);
	other = insert("INSERT INTO businesses (slug, name, timezone) VALUES ('snap-b', 'B', 'UTC')", CXM_NOPARAMS);
	loc1 = insert("INSERT INTO locations (business_id, name) VALUES (?, 'Centre')", CXM_PARAMS(CXM_PINT(biz)));
	loc2 = insert("INSERT INTO locations (business_id, name) VALUES (?, 'North')", CXM_PARAMS(CXM_PINT(biz)));
	long long c1 = client(biz, "Anna"), c2 = client(biz, "Boris"), cb = client(other, "Vera");
	interaction(biz, c1, "visit", utc(2026, 10, 5, 10, 0, 0), loc1, "shop");
	interaction(biz, c2, "visit", utc(2026, 10, 12, 10, 0, 0), loc1, NULL);
	interaction(biz, c1, "visit", utc(2026, 10, 20, 10, 0, 0), loc2, NULL);
	interaction(biz, c2, "visit", utc(2026, 10, 31, 20, 59, 59), 0, NULL);
	interaction(biz, c1, "call", utc(2026, 10, 7, 9, 0, 0), 0, NULL);
	interaction(biz, c1, "visit", utc(2026, 9, 30, 20, 59, 0), 0, NULL);
	interaction(biz, c2, "visit", utc(2026, 10, 31, 21, 0, 0), 0, NULL);
	interaction(biz, c1, "visit", utc(2026, 11, 10, 9, 0, 0), loc2, NULL);
	interaction(biz, c1, "visit", utc(2026, 11, 20, 9, 0, 0), loc2, NULL);
	interaction(other, cb, "visit", utc(2026, 10, 15, 9, 0, 0), 0, NULL);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
	free(conf);
}

/* The probe as business b has it (with its settings). */
static struct cxm_business_plugin probe(long long b)
{
	struct cxm_business_plugin *bps;
	size_t n;
	ck_assert_int_eq(cxm_plugins_for_business(db, arena, b, CXM_PLUGIN_METRIC, &bps, &n), CXM_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(bps[i].plugin->entry->name, "dash_probe") == 0)
			return bps[i];
	ck_abort_msg("the probe is not on for business %lld", b);
	return bps[0];
}

static struct cxm_period month(const char *tz, int y, int m)
{
	struct cxm_period p;
	ck_assert_int_eq(cxm_period_of(tz, CXM_PERIOD_MONTH, (struct cxm_date){y, m, 1}, &p), CXM_OK);
	return p;
}

/* What the last get() said of staleness (cxm_snapshot_get's *stale). */
static long long stale;

/* The value of metric for b over p (dimension NULL: overall) as of now. */
static struct cxm_plugin_metric_out get(long long b, const char *metric, const struct cxm_period *p,
                                        const char *dim, long long now, int *stored)
{
	struct cxm_business_plugin bp = probe(b);
	struct cxm_plugin_metric_out out;
	char err[256];
	stale = -1;
	enum cxm_err rc = cxm_snapshot_get(db, arena, &bp, b, metric, p, dim, now, &out, stored, &stale, err,
	                                   sizeof(err));
	ck_assert_msg(rc == CXM_OK, "%s: %s", cxm_err_name(rc), err);
	return out;
}

static long long stored_rows(long long b)
{
	return count("SELECT COUNT(*) FROM metric_snapshots WHERE business_id = ?", CXM_PARAMS(CXM_PINT(b)));
}

static int ctl(const char *args)
{
	char cmd[8800];
	snprintf(cmd, sizeof(cmd), "%s/core/cxmctl -c %s %s >%s/out 2>%s/err", th_builddir(), conf, args, dir, dir);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *ctl_out(void)
{
	char path[4300], *buf = cxm_alloc(arena, 4096);
	snprintf(path, sizeof(path), "%s/out", dir);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, 4095, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	return buf;
}

START_TEST(closed_period_stored_once)
{
	struct cxm_period oct = month("Europe/Moscow", 2026, 10);
	int stored = -1;
	struct cxm_plugin_metric_out o = get(biz, "visits", &oct, NULL, NOW, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert_uint_eq(o.nrows, 1);
	ck_assert(o.rows[0].value == 4 && o.rows[0].n == 4 && o.rows[0].enough == 1);
	ck_assert_uint_eq(o.rows[0].nparts, 2);
	ck_assert_str_eq(o.rows[0].parts[0].key, "located");
	ck_assert(o.rows[0].parts[0].value == 75 && o.rows[0].parts[0].n == 3);
	ck_assert(o.rows[0].parts[1].value == 25 && o.rows[0].parts[1].n == 1);
	/* the row as the migration documents it */
	ck_assert_str_eq(text("SELECT CONCAT_WS('|', period_kind, period_start, period_end, dimension, group_key, value,"
	                      " n, enough, closed, parts, bins) FROM metric_snapshots WHERE business_id = ?",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "month|2026-09-30 21:00:00|2026-10-31 21:00:00|||4|4|1|1|"
	                 "located\tWith a location\t75\t3\tpercent\nunlocated\tWithout a location\t25\t1\tpercent\n|"
	                 "none\t3\nshop\t1\n");
	/* read back: the same numbers, parts and bins, from the store */
	o = get(biz, "visits", &oct, NULL, NOW, &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert(o.rows[0].value == 4 && o.rows[0].n == 4 && o.rows[0].enough == 1);
	ck_assert_uint_eq(o.rows[0].nparts, 2);
	ck_assert_str_eq(o.rows[0].parts[1].label, "Without a location");
	ck_assert(o.rows[0].parts[1].value == 25 && o.rows[0].parts[1].n == 1 &&
	          o.rows[0].parts[1].unit == CXM_PLUGIN_UNIT_PERCENT);
	ck_assert_uint_eq(o.nbins, 2);
	ck_assert_str_eq(o.bins[1].key, "shop");
	ck_assert_int_eq(o.bins[1].count, 1);
	/* a fifth October visit: the stored value stays 4 */
	interaction(biz, client(biz, "Late"), "visit", utc(2026, 10, 25, 10, 0, 0), 0, NULL);
	o = get(biz, "visits", &oct, NULL, NOW, &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert(o.rows[0].value == 4);
	/* until the operator rebuilds: one row deleted, then 5 */
	ck_assert_int_eq(ctl("metrics rebuild --business snap-a"), 0);
	ck_assert_str_eq(ctl_out(), "1 stored metric value deleted; the next \"cxmctl jobs run\" computes them again\n");
	ck_assert_int_eq(stored_rows(biz), 0);
	o = get(biz, "visits", &oct, NULL, NOW, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert(o.rows[0].value == 5 && o.rows[0].n == 5);
	/* the second metric: 1 call of 6 interactions now = 16.66... % */
	o = get(biz, "call_share", &oct, NULL, NOW, &stored);
	ck_assert(o.rows[0].n == 6 && o.rows[0].value > 16.66 && o.rows[0].value < 16.67);
	ck_assert_int_eq(ctl("metrics rebuild --business nobody"), 1);
}
END_TEST

START_TEST(open_period_served_stale_after_its_ttl)
{
	struct cxm_period nov = month("Europe/Moscow", 2026, 11);
	int stored = -1;
	/* nothing stored: computed in the request. November so far: 31 Oct
	 * 21:00 UTC and 10 Nov (20 Nov is after now) */
	struct cxm_plugin_metric_out o = get(biz, "visits", &nov, NULL, NOW, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert_int_eq(stale, 0);
	ck_assert(o.rows[0].value == 2 && o.rows[0].n == 2 && o.rows[0].enough == 0);
	ck_assert_str_eq(text("SELECT CONCAT_WS('|', period_start, period_end, closed, computed_at) FROM metric_snapshots"
	                      " WHERE business_id = ?",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "2026-10-31 21:00:00|2026-11-30 21:00:00|0|2026-11-14 12:00:00.000000");
	interaction(biz, client(biz, "New"), "visit", utc(2026, 11, 12, 9, 0, 0), 0, NULL);
	/* 300 s later it is still fresh: 2, not stale */
	o = get(biz, "visits", &nov, NULL, NOW + CXM_SNAPSHOT_OPEN_TTL, &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert_int_eq(stale, 0);
	ck_assert(o.rows[0].value == 2);
	/* 301 s and a day later it is stale: still 2, from the store, said to
	 * be as of NOW; the row is not touched */
	o = get(biz, "visits", &nov, NULL, NOW + CXM_SNAPSHOT_OPEN_TTL + 1, &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert_int_eq(stale, NOW);
	ck_assert(o.rows[0].value == 2 && o.rows[0].n == 2 && o.rows[0].enough == 0);
	o = get(biz, "visits", &nov, NULL, NOW + 86400, &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert_int_eq(stale, NOW);
	ck_assert(o.rows[0].value == 2);
	ck_assert_int_eq(stored_rows(biz), 1);
	ck_assert_str_eq(text("SELECT computed_at FROM metric_snapshots WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))),
	                 "2026-11-14 12:00:00.000000");
	/* a breakdown keeps the old rule: computed, fresh for the TTL, then
	 * computed again. November by location at NOW: 10 Nov at North = 1
	 * group; 301 s later the same (12 Nov has no location), recomputed */
	o = get(biz, "visits", &nov, "location", NOW, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert_int_eq(stale, 0);
	ck_assert_uint_eq(o.nrows, 1);
	o = get(biz, "visits", &nov, "location", NOW + CXM_SNAPSHOT_OPEN_TTL, &stored);
	ck_assert_int_eq(stored, 1);
	o = get(biz, "visits", &nov, "location", NOW + CXM_SNAPSHOT_OPEN_TTL + 1, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert_int_eq(stale, 0);
	ck_assert_str_eq(text("SELECT GROUP_CONCAT(DISTINCT computed_at) FROM metric_snapshots WHERE business_id = ?"
	                      " AND dimension = 'location'",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "2026-11-14 12:05:01.000000");
	/* deleted (a rebuild): computed in the request again, now 3 */
	ck_assert_int_eq(cxm_snapshot_delete(db, biz, NULL), CXM_OK);
	o = get(biz, "visits", &nov, NULL, NOW + CXM_SNAPSHOT_OPEN_TTL + 1, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert_int_eq(stale, 0);
	ck_assert(o.rows[0].value == 3 && o.rows[0].n == 3 && o.rows[0].enough == 1);
	ck_assert_str_eq(text("SELECT computed_at FROM metric_snapshots WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))),
	                 "2026-11-14 12:05:01.000000");
	/* once November is over (1 Dec 00:00 UTC is after 30 Nov 21:00 UTC),
	 * the open row does not count: all 4 visits, stored as closed, never
	 * stale */
	o = get(biz, "visits", &nov, NULL, utc(2026, 12, 1, 0, 0, 0), &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert_int_eq(stale, 0);
	ck_assert(o.rows[0].value == 4);
	ck_assert_str_eq(text("SELECT CONCAT_WS('|', COUNT(*), MIN(closed)) FROM metric_snapshots WHERE business_id = ?"
	                      " AND dimension = ''",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "1|1");
	o = get(biz, "visits", &nov, NULL, utc(2027, 6, 1, 0, 0, 0), &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert_int_eq(stale, 0);
}
END_TEST

/* The open rows of b: "kind/metric/computed_at" in order, seconds only. */
static const char *open_rows(long long b)
{
	return text("SELECT GROUP_CONCAT(CONCAT_WS('/', period_kind, metric, DATE_FORMAT(computed_at, '%H:%i:%s'))"
	            " ORDER BY period_kind, metric SEPARATOR ' ') FROM metric_snapshots WHERE business_id = ?"
	            " AND closed = 0 AND dimension = ''",
	            CXM_PARAMS(CXM_PINT(b)));
}

START_TEST(job_refreshes_stale_open_values)
{
	struct cxm_period nov = month("Europe/Moscow", 2026, 11);
	int stored;
	struct cxm_snapshot_job_stats st;
	get(biz, "visits", &nov, NULL, NOW, &stored);   /* A's November, as of NOW: 2 */
	interaction(biz, client(biz, "New"), "visit", utc(2026, 11, 12, 9, 0, 0), 0, NULL);
	/* 301 s later: 96 closed values each (none stored); open ones: 2
	 * metrics x 4 kinds = 8 each, all missing but A's stale November
	 * visits: 16 refreshed; 192 + 16 = 208 */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 301, 3600, NULL, &st), 208);
	ck_assert_int_eq(st.closed, 192);
	ck_assert_int_eq(st.refreshed, 16);
	ck_assert_int_eq(st.left, 0);
	ck_assert_int_eq(st.failed, 0);
	ck_assert_int_eq(st.out_of_budget, 0);
	ck_assert_int_eq(stored_rows(biz), 104);
	ck_assert_int_eq(stored_rows(other), 104);
	/* NOW + 301 s = 12:05:01 UTC */
	ck_assert_str_eq(open_rows(biz), "week/call_share/12:05:01 week/visits/12:05:01 month/call_share/12:05:01"
	                                 " month/visits/12:05:01 quarter/call_share/12:05:01"
	                                 " quarter/visits/12:05:01 year/call_share/12:05:01 year/visits/12:05:01");
	/* the refreshed November: 31 Oct 21:00, 10 Nov, 12 Nov = 3, fresh */
	struct cxm_plugin_metric_out o = get(biz, "visits", &nov, NULL, NOW + 301, &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert_int_eq(stale, 0);
	ck_assert(o.rows[0].value == 3 && o.rows[0].enough == 1);
	/* B's open year (UTC: from 1 Jan 2026): its one visit of 15 Oct */
	ck_assert_int_eq(count("SELECT value FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	                       " AND period_kind = 'year' AND closed = 0 AND period_start = '2026-01-01 00:00:00'",
	                       CXM_PARAMS(CXM_PINT(other))),
	                 1);
	/* all fresh: nothing; 300 s on they are still fresh: nothing */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 301, 3600, NULL, &st), 0);
	ck_assert_int_eq(st.refreshed, 0);
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 601, 3600, NULL, &st), 0);
	ck_assert_int_eq(st.refreshed + st.left, 0);
	/* at NOW + 602 every one is 301 s old: all 16 due, but a budget of 0
	 * leaves them all */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 602, 0, NULL, &st), 0);
	ck_assert_int_eq(st.left, 16);
	ck_assert_int_eq(st.out_of_budget, 1);
	/* A's month visits and B's week call_share made older (computed at
	 * NOW), A's year call_share deleted */
	ck_assert_int_eq(cxm_db_exec(db, "UPDATE metric_snapshots SET computed_at = FROM_UNIXTIME(?) WHERE closed = 0"
	                             " AND ((business_id = ? AND period_kind = 'month' AND metric = 'visits') OR"
	                             " (business_id = ? AND period_kind = 'week' AND metric = 'call_share'))",
	                             CXM_PARAMS(CXM_PINT(NOW), CXM_PINT(biz), CXM_PINT(other)), NULL, NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "DELETE FROM metric_snapshots WHERE closed = 0 AND business_id = ?"
	                             " AND period_kind = 'year' AND metric = 'call_share'",
	                             CXM_PARAMS(CXM_PINT(biz)), NULL, NULL),
	                 CXM_OK);
	/* at NOW + 400 the rest (computed at NOW + 301, 99 s old) are fresh:
	 * 2 stale + 1 missing = 3; 12:06:40 UTC */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 400, 3600, NULL, &st), 3);
	ck_assert_int_eq(st.closed, 0);
	ck_assert_int_eq(st.refreshed, 3);
	ck_assert_str_eq(open_rows(biz), "week/call_share/12:05:01 week/visits/12:05:01 month/call_share/12:05:01"
	                                 " month/visits/12:06:40 quarter/call_share/12:05:01"
	                                 " quarter/visits/12:05:01 year/call_share/12:06:40 year/visits/12:05:01");
	ck_assert_str_eq(open_rows(other), "week/call_share/12:06:40 week/visits/12:05:01 month/call_share/12:05:01"
	                                   " month/visits/12:05:01 quarter/call_share/12:05:01"
	                                   " quarter/visits/12:05:01 year/call_share/12:05:01 year/visits/12:05:01");
	/* a failing plugin: A's 8 open values fail at NOW + 1000, B's 8 are
	 * refreshed; A's rows stay as they were */
	probe_setting(biz, "fail", "1");
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 1000, 3600, NULL, &st), 8);
	ck_assert_int_eq(st.refreshed, 8);
	ck_assert_int_eq(st.failed, 8);
}
END_TEST

START_TEST(job_budget_zero_refreshes_nothing)
{
	struct cxm_period nov = month("Europe/Moscow", 2026, 11);
	int stored;
	struct cxm_snapshot_job_stats st;
	get(biz, "visits", &nov, NULL, NOW, &stored);   /* fresh at NOW */
	/* budget 0 computes nothing: the 96 closed values of each business
	 * (192) and the 16 - 1 fresh = 15 open ones are all left, and it says
	 * so */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW, 0, NULL, &st), 0);
	ck_assert_int_eq(st.closed, 0);
	ck_assert_int_eq(st.refreshed, 0);
	ck_assert_int_eq(st.closed_left, 192);
	ck_assert_int_eq(st.left, 15);
	ck_assert_int_eq(st.out_of_budget, 1);
	ck_assert_int_eq(stored_rows(biz), 1);
	ck_assert_int_eq(stored_rows(other), 0);
	/* a stop asked for before the first computation: the same */
	volatile sig_atomic_t stop = 1;
	ck_assert_int_eq(cxm_snapshot_job(db, NOW, 3600, &stop, &st), 0);
	ck_assert_int_eq(st.closed_left, 192);
	ck_assert_int_eq(st.left, 15);
	ck_assert_int_eq(st.out_of_budget, 1);
	/* the next run with time to spare does the 192 + 15 */
	stop = 0;
	ck_assert_int_eq(cxm_snapshot_job(db, NOW, 3600, &stop, &st), 207);
	ck_assert_int_eq(st.closed, 192);
	ck_assert_int_eq(st.refreshed, 15);
	ck_assert_int_eq(st.left + st.closed_left, 0);
	ck_assert_int_eq(st.out_of_budget, 0);
	ck_assert_int_eq(stored_rows(biz), 104);
	ck_assert_int_eq(stored_rows(other), 104);
	/* nothing due: budget 0 does not count as running out */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW, 0, NULL, &st), 0);
	ck_assert_int_eq(st.out_of_budget, 0);
	ck_assert_int_eq(st.left + st.closed_left, 0);
}
END_TEST

/* 1 if A's closed visits of the month starting at start (UTC) is stored. */
static long long month_stored(const char *start)
{
	return count("SELECT COUNT(*) FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	             " AND period_kind = 'month' AND closed = 1 AND dimension = '' AND period_start = ?",
	             CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(start)));
}

START_TEST(job_order_within_the_budget)
{
	struct cxm_snapshot_job_stats st;
	ck_assert_int_eq(cxm_snapshot_job(db, NOW, 3600, NULL, &st), 208);
	/* A loses its open week's visits, its closed October (the newest
	 * month, 30 Sep 21:00 UTC) and March (seven months before it, 28 Feb
	 * 21:00 UTC); each of A's computations now takes 1.2 s */
	ck_assert_int_eq(cxm_db_exec(db, "DELETE FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	                             " AND ((closed = 0 AND period_kind = 'week') OR (closed = 1 AND period_kind ="
	                             " 'month' AND period_start IN ('2026-09-30 21:00:00', '2026-02-28 21:00:00')))",
	                             CXM_PARAMS(CXM_PINT(biz)), NULL, NULL),
	                 CXM_OK);
	ck_assert_int_eq(stored_rows(biz), 101);
	probe_setting(biz, "delay_ms", "1200");
	/* 100 s on, the other open values are still fresh. A budget of 1 s
	 * has room for one computation: the missing current value first */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 100, 1, NULL, &st), 1);
	ck_assert_int_eq(st.refreshed, 1);
	ck_assert_int_eq(st.closed, 0);
	ck_assert_int_eq(st.closed_left, 2);
	ck_assert_int_eq(st.left, 0);
	ck_assert_int_eq(st.out_of_budget, 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	                       " AND closed = 0 AND period_kind = 'week'",
	                       CXM_PARAMS(CXM_PINT(biz))),
	                 1);
	/* then the newest closed period, October */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 100, 1, NULL, &st), 1);
	ck_assert_int_eq(st.closed, 1);
	ck_assert_int_eq(st.closed_left, 1);
	ck_assert_int_eq(month_stored("2026-09-30 21:00:00"), 1);
	ck_assert_int_eq(month_stored("2026-02-28 21:00:00"), 0);
	/* then March, and nothing is left */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW + 100, 1, NULL, &st), 1);
	ck_assert_int_eq(st.closed, 1);
	ck_assert_int_eq(st.closed_left, 0);
	ck_assert_int_eq(st.out_of_budget, 0);
	ck_assert_int_eq(month_stored("2026-02-28 21:00:00"), 1);
	ck_assert_int_eq(stored_rows(biz), 104);
}
END_TEST

START_TEST(custom_never_stored)
{
	struct cxm_period p;
	ck_assert_int_eq(cxm_period_custom("Europe/Moscow", (struct cxm_date){2026, 10, 1},
	                                   (struct cxm_date){2026, 10, 31}, &p),
	                 CXM_OK);
	int stored = -1;
	for (int i = 0; i < 2; i++) {
		struct cxm_plugin_metric_out o = get(biz, "visits", &p, NULL, NOW, &stored);
		ck_assert_int_eq(stored, 0);
		ck_assert(o.rows[0].value == 4);
		o = get(biz, "visits", &p, "location", NOW, &stored);
		ck_assert_int_eq(stored, 0);
		ck_assert_uint_eq(o.nrows, 2);
	}
	ck_assert_int_eq(stored_rows(biz), 0);
}
END_TEST

START_TEST(breakdowns_stored_with_their_marker)
{
	struct cxm_period oct = month("Europe/Moscow", 2026, 10), sep = month("Europe/Moscow", 2026, 9);
	int stored = -1;
	/* October by location: Centre 2, North 1 (neither enough: below 3) */
	struct cxm_plugin_metric_out o = get(biz, "visits", &oct, "location", NOW, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert_uint_eq(o.nrows, 2);
	ck_assert_str_eq(text("SELECT GROUP_CONCAT(CONCAT_WS(':', group_key, value, n, enough) ORDER BY group_key)"
	                      " FROM metric_snapshots WHERE business_id = ? AND dimension = 'location'",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 cxm_printf(arena, ":0:2:0,%lld:2:2:0,%lld:1:1:0", loc1, loc2));
	o = get(biz, "visits", &oct, "location", NOW, &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert_uint_eq(o.nrows, 2);
	ck_assert_str_eq(o.rows[0].group, cxm_printf(arena, "%lld", loc1));
	ck_assert(o.rows[0].value == 2 && o.rows[0].n == 2 && !o.rows[0].enough);
	/* September's only visit has no location: an empty breakdown, stored
	 * as its marker alone, and read back as empty */
	o = get(biz, "visits", &sep, "location", NOW, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert_uint_eq(o.nrows, 0);
	o = get(biz, "visits", &sep, "location", NOW, &stored);
	ck_assert_int_eq(stored, 1);
	ck_assert_uint_eq(o.nrows, 0);
	o = get(biz, "visits", &sep, NULL, NOW, &stored);
	ck_assert(o.rows[0].value == 1);
	/* what the plugin does not declare */
	struct cxm_business_plugin bp = probe(biz);
	char err[256];
	ck_assert_int_eq(cxm_snapshot_get(db, arena, &bp, biz, "visits", &oct, "staff", NOW, &o, &stored, NULL,
	                                  err, sizeof(err)),
	                 CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_snapshot_get(db, arena, &bp, biz, "nothing", &oct, NULL, NOW, &o, &stored, NULL,
	                                  err, sizeof(err)),
	                 CXM_ERR_NOT_FOUND);
	/* a failing plugin: an error, nothing stored */
	probe_setting(biz, "fail", "1");
	bp = probe(biz);
	long long before = stored_rows(biz);
	ck_assert_int_eq(cxm_snapshot_get(db, arena, &bp, biz, "call_share", &oct, NULL, NOW, &o, &stored, NULL,
	                                  err, sizeof(err)),
	                 CXM_ERR_PLUGIN);
	ck_assert_str_eq(err, "the probe was told to fail");
	ck_assert_int_eq(stored_rows(biz), before);
}
END_TEST

START_TEST(job_fills_the_last_closed_periods)
{
	struct cxm_period oct = month("Europe/Moscow", 2026, 10);
	int stored;
	get(biz, "visits", &oct, NULL, NOW, &stored);   /* already there: not computed again */
	/* 2 metrics x 4 kinds x 12 periods = 96 values per business: A
	 * computes 95, B 96; and the 2 x 4 = 8 open ones each: 191 + 16 */
	struct cxm_snapshot_job_stats st;
	ck_assert_int_eq(cxm_snapshot_job(db, NOW, CXM_SNAPSHOT_JOB_BUDGET, NULL, &st), 95 + 96 + 16);
	ck_assert_int_eq(st.closed, 95 + 96);
	ck_assert_int_eq(st.refreshed, 16);
	ck_assert_int_eq(stored_rows(biz), 96 + 8);
	ck_assert_int_eq(stored_rows(other), 96 + 8);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM metric_snapshots WHERE closed = 1 AND dimension = ''"
	                       " AND group_key = '' AND business_id = ?",
	                       CXM_PARAMS(CXM_PINT(biz))),
	                 96);
	/* NOW is Saturday 14 Nov 2026: for A (Moscow) the last closed week is
	 * Mon 2 Nov (1 Nov 21:00 UTC), the oldest of 12 eleven weeks before it,
	 * Mon 17 Aug (16 Aug 21:00 UTC); months Nov 2025 .. Oct 2026; quarters
	 * Q4 2023 .. Q3 2026; years 2014 .. 2025 (Moscow kept UTC+4 from 2011
	 * until 26 Oct 2014, so 2014 began at 31 Dec 2013 20:00 UTC). */
	ck_assert_str_eq(text("SELECT GROUP_CONCAT(CONCAT_WS('/', period_kind, a, b) ORDER BY period_kind SEPARATOR ' ')"
	                      " FROM (SELECT period_kind, MIN(period_start) a, MAX(period_start) b FROM metric_snapshots"
	                      " WHERE business_id = ? AND metric = 'visits' AND closed = 1 GROUP BY period_kind) x",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "week/2026-08-16 21:00:00/2026-11-01 21:00:00 "
	                 "month/2025-10-31 21:00:00/2026-09-30 21:00:00 "
	                 "quarter/2023-09-30 21:00:00/2026-06-30 21:00:00 "
	                 "year/2013-12-31 20:00:00/2024-12-31 21:00:00");
	/* each business its own numbers: October's visits 4 (A), 1 (B) */
	ck_assert_int_eq(count("SELECT value FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	                       " AND period_kind = 'month' AND period_start = '2026-09-30 21:00:00'",
	                       CXM_PARAMS(CXM_PINT(biz))),
	                 4);
	ck_assert_int_eq(count("SELECT value FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	                       " AND period_kind = 'month' AND period_start = '2026-10-01 00:00:00'",
	                       CXM_PARAMS(CXM_PINT(other))),
	                 1);
	/* the open ones: week from Mon 9 Nov (8 Nov 21:00 UTC), November,
	 * Q4 from 1 Oct (30 Sep 21:00 UTC), 2026 (31 Dec 2025 21:00 UTC) */
	ck_assert_str_eq(text("SELECT GROUP_CONCAT(CONCAT_WS('/', period_kind, period_start) ORDER BY period_kind"
	                      " SEPARATOR ' ') FROM metric_snapshots WHERE business_id = ? AND metric = 'visits'"
	                      " AND closed = 0",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "week/2026-11-08 21:00:00 month/2026-10-31 21:00:00 quarter/2026-09-30 21:00:00"
	                 " year/2025-12-31 21:00:00");
	/* nothing left to do */
	ck_assert_int_eq(cxm_snapshot_job(db, NOW, CXM_SNAPSHOT_JOB_BUDGET, NULL, NULL), 0);
	/* B switches the probe off, A makes it fail; after a rebuild the job
	 * stores nothing for either */
	insert("INSERT INTO business_plugins (business_id, plugin, enabled) VALUES (?, 'dash_probe', 0)",
	       CXM_PARAMS(CXM_PINT(other)));
	probe_setting(biz, "fail", "1");
	ck_assert_int_eq(ctl("metrics rebuild"), 0);
	ck_assert_str_eq(ctl_out(), "208 stored metric values deleted; the next \"cxmctl jobs run\" computes them again\n");
	ck_assert_int_eq(cxm_snapshot_job(db, NOW, CXM_SNAPSHOT_JOB_BUDGET, NULL, NULL), 0);
	ck_assert_int_eq(stored_rows(biz), 0);
	ck_assert_int_eq(stored_rows(other), 0);
}
END_TEST

START_TEST(jobs_run_and_imports)
{
	/* with no time for metrics it says what it left; a budget that is
	 * not whole seconds is refused */
	ck_assert_int_eq(ctl("jobs run --metrics-budget 0"), 0);
	ck_assert_str_eq(ctl_out(), "0 jobs run\n192 metric values and 16 current values left for the next run"
	                            " (time budget used up)\n");
	ck_assert_int_eq(ctl("jobs run --metrics-budget 1.5"), 2);
	ck_assert_int_eq(stored_rows(biz), 0);
	/* cxmctl jobs run loads plugin_dir and stores the 2 x 4 x 12 closed
	 * values of each of the two businesses, and their 2 x 4 open ones */
	ck_assert_int_eq(ctl("jobs run"), 0);
	ck_assert_str_eq(ctl_out(), "0 jobs run\n192 metric values stored\n16 current values refreshed\n");
	ck_assert_int_eq(stored_rows(biz), 104);
	ck_assert_int_eq(stored_rows(other), 104);
	ck_assert_int_eq(ctl("jobs run"), 0);
	ck_assert_str_eq(ctl_out(), "0 jobs run\n");
	/* an applied import of A's interactions deletes A's values (its old
	 * periods changed), not B's: October then has 5 visits */
	insert("UPDATE clients SET external_id = 'E1' WHERE business_id = ? AND name = 'Anna'", CXM_PARAMS(CXM_PINT(biz)));
	char csv[4300];
	snprintf(csv, sizeof(csv), "%s/visits.csv", dir);
	FILE *f = fopen(csv, "w");
	ck_assert_ptr_nonnull(f);
	fputs("client_external_id;kind;occurred_at\nE1;visit;2026-10-15 10:00\n", f);
	fclose(f);
	char args[4400];
	snprintf(args, sizeof(args), "import interactions %s --business snap-a", csv);
	ck_assert_int_eq(ctl(args), 0);
	ck_assert_int_eq(stored_rows(biz), 0);
	ck_assert_int_eq(stored_rows(other), 104);
	struct cxm_period oct = month("Europe/Moscow", 2026, 10);
	int stored;
	struct cxm_plugin_metric_out o = get(biz, "visits", &oct, NULL, NOW, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert(o.rows[0].value == 5);
	/* a refused import changes nothing: the value stays stored */
	f = fopen(csv, "w");
	fputs("client_external_id;kind;occurred_at\nNOBODY;visit;2026-10-16 10:00\n", f);
	fclose(f);
	ck_assert_int_ne(ctl(args), 0);
	ck_assert_int_eq(stored_rows(biz), 1);
}
END_TEST

START_TEST(two_businesses_never_share)
{
	struct cxm_period oct_a = month("Europe/Moscow", 2026, 10), oct_b = month("UTC", 2026, 10);
	int stored;
	struct cxm_plugin_metric_out a = get(biz, "visits", &oct_a, NULL, NOW, &stored);
	struct cxm_plugin_metric_out b = get(other, "visits", &oct_b, NULL, NOW, &stored);
	ck_assert(a.rows[0].value == 4 && a.rows[0].enough);
	ck_assert(b.rows[0].value == 1 && b.rows[0].n == 1 && !b.rows[0].enough);
	/* B with A's period (the same instants) still sees only its own visit */
	b = get(other, "visits", &oct_a, NULL, NOW, &stored);
	ck_assert_int_eq(stored, 0);
	ck_assert(b.rows[0].value == 1);
	ck_assert_int_eq(stored_rows(biz), 1);
	ck_assert_int_eq(stored_rows(other), 2);
	/* deleting A's leaves B's */
	uint64_t n = 0;
	ck_assert_int_eq(cxm_snapshot_delete(db, biz, &n), CXM_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(stored_rows(other), 2);
}
END_TEST

int main(void)
{
	/* the probe, loaded in this process (the tests' forks inherit it) */
	char *plugins = plugin_dir = th_tmpdir("snap-plugins"), from[4200], to[4300];
	snprintf(from, sizeof(from), "%s/tests/plugins/.libs/dash_probe.so", th_builddir());
	snprintf(to, sizeof(to), "%s/dash_probe.so", plugins);
	if (symlink(from, to) != 0) {
		perror(to);
		return 1;
	}
	cxm_plugins_start(plugins);
	if (!cxm_plugins_find("dash_probe")) {
		fprintf(stderr, "the probe plugin did not load from %s\n", from);
		return 1;
	}
	Suite *s = suite_create("metric_snapshots");
	TCase *tc = tcase_create("snapshots");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, closed_period_stored_once);
	tcase_add_test(tc, open_period_served_stale_after_its_ttl);
	tcase_add_test(tc, job_refreshes_stale_open_values);
	tcase_add_test(tc, job_budget_zero_refreshes_nothing);
	tcase_add_test(tc, job_order_within_the_budget);
	tcase_add_test(tc, custom_never_stored);
	tcase_add_test(tc, breakdowns_stored_with_their_marker);
	tcase_add_test(tc, job_fills_the_last_closed_periods);
	tcase_add_test(tc, jobs_run_and_imports);
	tcase_add_test(tc, two_businesses_never_share);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	cxm_plugins_stop();
	return failed ? 1 : 0;
}
