/* The retention plugin's statements timed on demo data: a private MariaDB
 * (the harness's), a fresh database, "cxmctl demo-data" with N clients
 * (--today TODAY, seed 1), then every metric of the built retention module
 * overall, broken down by each of its dimensions and drilled (first 50),
 * for a month, a quarter and the open month (to = TODAY 12:00), each run
 * RUNS times through cxm_metric_compute; prints the median in ms.
 *
 * usage: metric_bench [CLIENTS (200000)] [RUNS (3)] [DSN]
 *   with DSN: no load, the business "bench" of that database is measured
 *   (one a killed run left behind on CXM_TEST_MYSQL_SOCKET's server).
 * Run from the build tree's tests/ (CXM_SRCDIR / CXM_BUILDDIR as make check
 * sets them, or the defaults ../../.. and .., as in var/build). Not a test. */
#define _DEFAULT_SOURCE
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "metric.h"
#include "plugin.h"

#define TODAY "2026-11-30"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int count_fn(void *ud, const struct cxm_plugin_drill_row *r)
{
	(void)r;
	(*(long long *)ud)++;
	return 0;
}

static void sh(const char *cmd)
{
	double t = now_ms();
	if (system(cmd) != 0) {
		fprintf(stderr, "failed: %s\n", cmd);
		exit(1);
	}
	fprintf(stderr, "%.1f s: %s\n", (now_ms() - t) / 1000, cmd);
}

int main(int argc, char **argv)
{
	long clients = argc > 1 ? atol(argv[1]) : 200000;
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	if (runs < 1 || runs > 50)
		runs = 3;
	if (!getenv("CXM_SRCDIR"))
		setenv("CXM_SRCDIR", "../../..", 1);
	if (!getenv("CXM_BUILDDIR"))
		setenv("CXM_BUILDDIR", "..", 1);
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	char *dsn = argc > 3 ? argv[3] : th_db_create_migrated("metricbench");
	char *dir = th_tmpdir("metricbench");
	char conf[4200], cmd[9000];
	snprintf(conf, sizeof(conf), "%s/cxm.conf", dir);
	FILE *f = fopen(conf, "w");
	if (!f)
		return 1;
	fprintf(f, "db_dsn = %s\nsql_dir = %s/sql\n", dsn, th_srcdir());
	fclose(f);
	if (argc <= 3) {
		snprintf(cmd, sizeof(cmd),
		         "%s/core/cxmctl -c %s business add --industry retail bench >/dev/null",
		         th_builddir(), conf);
		sh(cmd);
		snprintf(cmd, sizeof(cmd),
		         "%s/core/cxmctl -c %s demo-data --business bench --clients %ld --seed 1 --today "
		         TODAY " --defer-indexes >/dev/null", th_builddir(), conf, clients);
		sh(cmd);
	}

	struct cxm_db *db = th_db_connect(dsn);
	struct cxm_arena *a = cxm_arena_new(1 << 16);
	struct cxm_rows rows;
	if (cxm_db_query(db, a, "SELECT id FROM businesses WHERE slug = 'bench'", CXM_NOPARAMS,
	                 &rows) != CXM_OK)
		return 1;
	long long biz = cxm_rows_int(&rows, 0, 0, 0);
	if (cxm_db_query(db, a,
	                 "SELECT (SELECT COUNT(*) FROM clients WHERE business_id = ?),"
	                 " (SELECT COUNT(*) FROM interactions WHERE business_id = ?)",
	                 CXM_PARAMS(CXM_PINT(biz), CXM_PINT(biz)), &rows) != CXM_OK)
		return 1;
	printf("clients %lld, interactions %lld\n", cxm_rows_int(&rows, 0, 0, 0),
	       cxm_rows_int(&rows, 0, 1, 0));

	char *pdir = th_tmpdir("metricbench-plugins");
	char from[4200], to[4200], *build = realpath(th_builddir(), NULL);
	if (!build)
		return 1;
	snprintf(from, sizeof(from), "%s/plugins/metric-retention/.libs/metric_retention.so", build);
	free(build);
	snprintf(to, sizeof(to), "%s/retention.so", pdir);
	if (symlink(from, to) != 0)
		return 1;
	struct cxm_plugins ps;
	cxm_plugins_load(&ps, pdir);
	if (ps.nloaded != 1)
		return 1;
	const struct cxm_plugin *p = &ps.v[0];
	const struct cxm_plugin_metric_ops *ops = p->entry->ops;

	struct {
		const char *name;
		long long from, to;
	} periods[] = {
		{"month 2026-10", 1790812800LL, 1793491200LL},    /* [10-01, 11-01) */
		{"quarter 2026Q3", 1782864000LL, 1790812800LL},   /* [07-01, 10-01) */
		{"open 2026-11", 1793491200LL, 1796040000LL},     /* [11-01, 11-30 12:00) */
	};
	for (size_t k = 0; k < sizeof(periods) / sizeof(periods[0]); k++) {
		struct cxm_metric_scope sc = {.business_id = biz, .from = periods[k].from,
		                              .to = periods[k].to};
		printf("\n%s\n", periods[k].name);
		for (size_t m = 0; m < ops->nmetrics; m++) {
			const struct cxm_plugin_metric_info *info = &ops->metrics[m];
			const char *dims[16] = {NULL};
			size_t nd = 1;
			for (size_t i = 0; info->dimensions && info->dimensions[i] && nd < 15; i++)
				dims[nd++] = info->dimensions[i];
			/* Drill-down: the metrics with parts or breakdowns have one. */
			int can_drill = ops->drill && (info->parts || info->dimensions);
			for (size_t d = 0; d < nd + (size_t)can_drill; d++) {
				double t[50], v = 0;
				long long n = 0, nrows = 0;
				int drill = d >= nd;
				for (int r = 0; r < runs; r++) {
					struct cxm_plugin_metric_out out;
					char err[256];
					cxm_arena_reset(a);
					double t0 = now_ms();
					enum cxm_err e;
					if (drill) {
						nrows = 0;
						e = cxm_metric_drill(db, a, p, &sc, info->key, NULL, NULL, NULL, 50, 0,
						                     count_fn, &nrows, err, sizeof(err));
					} else {
						e = cxm_metric_compute(db, a, p, &sc, info->key, dims[d], NULL, &out,
						                       err, sizeof(err));
						if (e == CXM_OK) {
							nrows = (long long)out.nrows;
							v = out.nrows ? out.rows[0].value : 0;
							n = out.nrows ? out.rows[0].n : 0;
						}
					}
					t[r] = now_ms() - t0;
					if (e != CXM_OK) {
						fprintf(stderr, "%s: %s\n", info->key, err);
						return 1;
					}
				}
				qsort(t, (size_t)runs, sizeof(double), cmp_d);
				if (drill)
					printf("  %-15s drill           %8.0f ms  (%lld rows)\n", info->key,
					       t[runs / 2], nrows);
				else
					printf("  %-15s %-15s %8.0f ms  (%lld rows; first %.2f n %lld)\n",
					       info->key, dims[d] ? dims[d] : "overall", t[runs / 2], nrows, v, n);
				fflush(stdout);
			}
		}
	}
	cxm_plugins_unload(&ps);
	cxm_arena_free(a);
	cxm_db_close(db);
	return 0;
}
