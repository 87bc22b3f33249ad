/* A probe metric plugin for the dashboard's tests (db/test_metric_snapshots,
 * http/test_dashboard), built as tests/plugins/.libs/dash_probe.so:
 *
 *   visits      the number of interactions of kind visit in the period
 *               (n = that number, enough from 3 on); parts: with and
 *               without a location (their share of n, in %); bins: the
 *               visits per channel; breakdowns by location (the location
 *               id) and channel; drill: the visits, newest first.
 *   call_share  calls among all interactions, in % (n = interactions,
 *               enough from 1 on); lower is better; no breakdowns.
 *
 * Setting "fail" (bool, default 0): when 1, every compute fails, for the
 * "unavailable" card. Setting "delay_ms" (int, default 0): every compute
 * first sleeps this long, for the job's time budget. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cxm/plugin.h"

#define MIN_VISITS 3

static const char *const visit_dimensions[] = {"location", "channel", NULL};
static const char *const visit_parts[] = {"located", "unlocated", NULL};
static const struct cxm_plugin_benchmark visit_benchmarks[] = {
	{"good", 5},
	{"excellent", 10},
};

static const struct cxm_plugin_metric_info metrics[] = {
	{
		.key = "visits",
		.label = "Visits",
		.description = "The number of visits in the period.",
		.unit = CXM_PLUGIN_UNIT_COUNT,
		.higher_is_better = 1,
		.decimals = 0,
		.dimensions = visit_dimensions,
		.parts = visit_parts,
		.benchmarks = visit_benchmarks,
		.nbenchmarks = 2,
	},
	{
		.key = "call_share",
		.label = "Share of calls",
		.description = "Calls among all interactions, in per cent.",
		.unit = CXM_PLUGIN_UNIT_PERCENT,
		.higher_is_better = 0,
		.decimals = 1,
	},
};

/* Rows of "key, count" into an array of the call's memory. */
struct pairs {
	const struct cxm_plugin_host *host;
	struct cxm_plugin_call *call;
	size_t n, cap;
	const char **keys;
	long long *counts;
};

static int add_pair(void *ud, const char *const *cells, size_t ncells)
{
	struct pairs *p = ud;
	if (ncells < 2)
		return 1;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		const char **k = p->host->alloc(p->call, cap * sizeof(*k));
		long long *c = p->host->alloc(p->call, cap * sizeof(*c));
		if (p->n) {
			memcpy(k, p->keys, p->n * sizeof(*k));
			memcpy(c, p->counts, p->n * sizeof(*c));
		}
		p->keys = k;
		p->counts = c;
		p->cap = cap;
	}
	p->keys[p->n] = p->host->strdup(p->call, cells[0] ? cells[0] : "");
	p->counts[p->n] = cells[1] ? atoll(cells[1]) : 0;
	p->n++;
	return 0;
}

static int period(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                  struct cxm_plugin_param pp[2], char *err, size_t errsize)
{
	long long from, to;
	if (host->period(call, &from, &to) != 0) {
		snprintf(err, errsize, "no period");
		return 1;
	}
	pp[0] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = from};
	pp[1] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = to};
	return 0;
}

static int compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                   const char *metric, const char *dimension, struct cxm_plugin_metric_out *out,
                   char *err, size_t errsize)
{
	const char *fail = host->config_get(call, "fail");
	if (fail && strcmp(fail, "1") == 0) {
		snprintf(err, errsize, "the probe was told to fail");
		return 1;
	}
	const char *delay = host->config_get(call, "delay_ms");
	long ms = delay ? strtol(delay, NULL, 10) : 0;
	if (ms > 0) {
		struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
		while (nanosleep(&t, &t) != 0)
			;
	}
	struct cxm_plugin_param pp[2];
	if (period(host, call, pp, err, errsize))
		return 1;
	struct pairs p = {.host = host, .call = call};
	if (strcmp(metric, "call_share") == 0) {
		if (host->query(call,
		                "SELECT kind = 'call', COUNT(*) FROM interactions WHERE business_id = {business}"
		                " AND occurred_at >= FROM_UNIXTIME(?) AND occurred_at < FROM_UNIXTIME(?)"
		                " GROUP BY kind = 'call'",
		                pp, 2, add_pair, &p, err, errsize) != 0)
			return 1;
		long long calls = 0, all = 0;
		for (size_t i = 0; i < p.n; i++) {
			all += p.counts[i];
			if (strcmp(p.keys[i], "1") == 0)
				calls += p.counts[i];
		}
		struct cxm_plugin_metric_row *r = host->alloc(call, sizeof(*r));
		memset(r, 0, sizeof(*r));
		r->group = "";
		r->n = all;
		r->value = all ? 100.0 * (double)calls / (double)all : 0;
		r->enough = all >= 1;
		out->rows = r;
		out->nrows = 1;
		return 0;
	}
	if (!dimension) {
		/* located or not, then per channel */
		if (host->query(call,
		                "SELECT location_id IS NOT NULL, COUNT(*) FROM interactions"
		                " WHERE business_id = {business} AND kind = 'visit'"
		                " AND occurred_at >= FROM_UNIXTIME(?) AND occurred_at < FROM_UNIXTIME(?)"
		                " GROUP BY location_id IS NOT NULL",
		                pp, 2, add_pair, &p, err, errsize) != 0)
			return 1;
		long long located = 0, all = 0;
		for (size_t i = 0; i < p.n; i++) {
			all += p.counts[i];
			if (strcmp(p.keys[i], "1") == 0)
				located += p.counts[i];
		}
		struct pairs b = {.host = host, .call = call};
		if (host->query(call,
		                "SELECT IFNULL(channel, 'none'), COUNT(*) FROM interactions"
		                " WHERE business_id = {business} AND kind = 'visit'"
		                " AND occurred_at >= FROM_UNIXTIME(?) AND occurred_at < FROM_UNIXTIME(?)"
		                " GROUP BY IFNULL(channel, 'none') ORDER BY 1",
		                pp, 2, add_pair, &b, err, errsize) != 0)
			return 1;
		struct cxm_plugin_metric_part *parts = host->alloc(call, 2 * sizeof(*parts));
		parts[0] = (struct cxm_plugin_metric_part){"located", "With a location",
		                                           all ? 100.0 * (double)located / (double)all : 0,
		                                           located, CXM_PLUGIN_UNIT_PERCENT};
		parts[1] = (struct cxm_plugin_metric_part){"unlocated", "Without a location",
		                                           all ? 100.0 * (double)(all - located) / (double)all : 0,
		                                           all - located, CXM_PLUGIN_UNIT_PERCENT};
		struct cxm_plugin_metric_row *r = host->alloc(call, sizeof(*r));
		*r = (struct cxm_plugin_metric_row){"", (double)all, all, all >= MIN_VISITS, 2, parts};
		struct cxm_plugin_metric_bin *bins = host->alloc(call, (b.n ? b.n : 1) * sizeof(*bins));
		for (size_t i = 0; i < b.n; i++)
			bins[i] = (struct cxm_plugin_metric_bin){b.keys[i], b.counts[i]};
		out->rows = r;
		out->nrows = 1;
		out->bins = bins;
		out->nbins = b.n;
		return 0;
	}
	int rc;
	if (strcmp(dimension, "location") == 0)
		rc = host->query(call,
		                 "SELECT location_id, COUNT(*) FROM interactions"
		                 " WHERE business_id = {business} AND kind = 'visit' AND location_id IS NOT NULL"
		                 " AND occurred_at >= FROM_UNIXTIME(?) AND occurred_at < FROM_UNIXTIME(?)"
		                 " GROUP BY location_id",
		                 pp, 2, add_pair, &p, err, errsize);
	else
		rc = host->query(call,
		                 "SELECT channel, COUNT(*) FROM interactions"
		                 " WHERE business_id = {business} AND kind = 'visit' AND channel IS NOT NULL"
		                 " AND occurred_at >= FROM_UNIXTIME(?) AND occurred_at < FROM_UNIXTIME(?)"
		                 " GROUP BY channel",
		                 pp, 2, add_pair, &p, err, errsize);
	if (rc != 0)
		return 1;
	struct cxm_plugin_metric_row *rows = host->alloc(call, (p.n ? p.n : 1) * sizeof(*rows));
	for (size_t i = 0; i < p.n; i++)
		rows[i] = (struct cxm_plugin_metric_row){p.keys[i], (double)p.counts[i], p.counts[i],
		                                         p.counts[i] >= MIN_VISITS, 0, NULL};
	out->rows = rows;
	out->nrows = p.n;
	return 0;
}

struct drill_ctx {
	cxm_plugin_drill_fn fn;
	void *ud;
};

static int drill_row(void *ud, const char *const *cells, size_t ncells)
{
	struct drill_ctx *d = ud;
	if (ncells < 3)
		return 1;
	struct cxm_plugin_drill_row r = {
		.client_id = atoll(cells[0]),
		.ref_kind = "interaction",
		.ref_id = atoll(cells[1]),
		.at = atoll(cells[2]),
		.score = 0,
		.has_score = 0,
	};
	return d->fn(d->ud, &r);
}

static int drill(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                 const char *metric, const char *part, const char *dimension, const char *group,
                 long long limit, long long offset, cxm_plugin_drill_fn fn, void *ud, char *err,
                 size_t errsize)
{
	if (strcmp(metric, "visits") != 0) {
		snprintf(err, errsize, "no drill-down for %s", metric);
		return 1;
	}
	struct cxm_plugin_param pp[10];
	if (period(host, call, pp, err, errsize))
		return 1;
	int located = part && strcmp(part, "located") == 0, unlocated = part && strcmp(part, "unlocated") == 0;
	int by_location = dimension && strcmp(dimension, "location") == 0;
	int by_channel = dimension && strcmp(dimension, "channel") == 0;
	pp[2] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = located};
	pp[3] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = unlocated};
	pp[4] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = by_location};
	pp[5] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = group ? group : ""};
	pp[6] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = by_channel};
	pp[7] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = group ? group : ""};
	pp[8] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = limit};
	pp[9] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = offset};
	struct drill_ctx d = {fn, ud};
	return host->query(call,
	                   "SELECT client_id, id, UNIX_TIMESTAMP(occurred_at) FROM interactions"
	                   " WHERE business_id = {business} AND kind = 'visit'"
	                   " AND occurred_at >= FROM_UNIXTIME(?) AND occurred_at < FROM_UNIXTIME(?)"
	                   " AND (? = 0 OR location_id IS NOT NULL) AND (? = 0 OR location_id IS NULL)"
	                   " AND (? = 0 OR location_id = ?) AND (? = 0 OR channel = ?)"
	                   " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?",
	                   pp, 10, drill_row, &d, err, errsize);
}

static const struct cxm_plugin_metric_ops ops = {
	.size = sizeof(struct cxm_plugin_metric_ops),
	.nmetrics = sizeof(metrics) / sizeof(metrics[0]),
	.metrics = metrics,
	.compute = compute,
	.drill = drill,
};

static const struct cxm_plugin_setting settings[] = {
	{"fail", "Fail on purpose", NULL, CXM_PLUGIN_SETTING_BOOL, "0", 0, 0},
	{"delay_ms", "Delay per computation, ms", NULL, CXM_PLUGIN_SETTING_INT, "0", 0, 10000},
};

const struct cxm_plugin_entry cxm_plugin_entry = {
	CXM_PLUGIN_ENTRY_HEADER,
	.name = "dash_probe",
	.version = "1.0",
	.description = "A probe metric plugin for the dashboard's tests.",
	.kind = CXM_PLUGIN_METRIC,
	.ops = &ops,
	.settings = settings,
	.nsettings = sizeof(settings) / sizeof(settings[0]),
};
