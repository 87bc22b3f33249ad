/* The dashboard (/dashboard, analysts and up): for the chosen period (the
 * current month by default), one card per metric of every metric plugin
 * the business has on: the value in its unit with n, "not enough data"
 * when the plugin says so, the change against the previous period
 * coloured by whether higher is better, the published benchmarks, and a
 * 12-period sparkline with the table of its numbers; "as of 14:05" when
 * the open period's value is older than the store's TTL. A plugin that fails
 * makes its card "unavailable"; the page still renders. Values come
 * through core/metric_snapshots.h: stored ones are read, missing ones
 * computed while the request has spent less than dashboard_compute_seconds
 * on computing; after that a missing current value makes the card "being
 * calculated" and a missing trend point is left out (the job fills them
 * in the background). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "metric_snapshots.h"
#include "page.h"
#include "pages/dashboard_pages.h"
#include "pages/pages.h"
#include "plugin.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

#define TREND 12

/* One card: metric m of plugin bp over the series ending with the period. */
static void card(struct cxm_req *req, struct cxm_dict *d, const struct cxm_dash *dash,
                 const struct cxm_business_plugin *bp, const struct cxm_plugin_metric_info *m,
                 const struct cxm_period *series, const struct cxm_dash_budget *budget)
{
	const char *plugin = bp->plugin->entry->name;
	struct cxm_dict *c = cxm_dict_section(d, "CARD");
	cxm_dict_set(c, "PLUGIN", plugin);
	cxm_dict_set(c, "METRIC", m->key);
	cxm_dict_set(c, "LABEL", _(m->label));
	cxm_dict_set(c, "URL", cxm_printf(req->arena, "%s/dashboard/metric?plugin=%s&metric=%s&%s", req->base, plugin,
	                                  m->key, dash->query));
	double values[TREND];
	int ok[TREND], have[TREND], pending[TREND];
	long long n[TREND];
	const char *labels[TREND], *texts[TREND];
	long long stale = 0;
	for (int i = TREND - 1; i >= 0; i--) {
		struct cxm_plugin_metric_out out;
		enum cxm_err rc = cxm_dash_get(req, dash, bp, m->key, &series[i], NULL, budget, &out,
		                               i == TREND - 1 ? &stale : NULL, &pending[i]);
		have[i] = rc == CXM_OK && out.nrows == 1;
		ok[i] = have[i] && out.rows[0].enough;
		values[i] = have[i] ? out.rows[0].value : 0;
		n[i] = have[i] ? out.rows[0].n : 0;
		labels[i] = cxm_period_short_label(req->arena, &series[i]);
		texts[i] = ok[i] ? cxm_dash_value(req, dash, m->unit, m->decimals, values[i]) : _("not enough data");
		if (i == TREND - 1 && pending[i]) {
			/* not stored, and no time left to compute it: the job will */
			cxm_dict_show(c, "PENDING");
			return;
		}
		if (i == TREND - 1 && !have[i]) {
			/* the plugin failed (logged): the card says so and nothing more */
			cxm_dict_show(c, "UNAVAILABLE");
			return;
		}
	}
	struct cxm_dict *v = cxm_dict_section(c, "AVAILABLE");
	const int cur = TREND - 1, prev = TREND - 2;
	cxm_dict_set_int(v, "N", n[cur]);
	if (stale)
		cxm_dict_set(cxm_dict_section(v, "AS_OF"), "TEXT", cxm_dash_as_of(req, dash, stale));
	if (ok[cur])
		cxm_dict_set(cxm_dict_section(v, "VALUE"), "TEXT", texts[cur]);
	else
		cxm_dict_show(v, "NOT_ENOUGH");
	if (ok[cur] && ok[prev]) {
		double diff = values[cur] - values[prev];
		const char *text = cxm_dash_delta(req, dash, m->unit, m->decimals, diff);
		struct cxm_dict *ch = cxm_dict_section(v, "CHANGE");
		/* equal once rounded as shown: no direction */
		const char *shown = cxm_dash_value(req, dash, m->unit, m->decimals, values[cur]),
		           *before = cxm_dash_value(req, dash, m->unit, m->decimals, values[prev]);
		int dir = strcmp(shown, before) == 0 ? 0 : diff > 0 ? 1 : -1;
		cxm_dict_set(ch, "ARROW", dir > 0 ? "▲" : dir < 0 ? "▼" : "=");
		cxm_dict_set(ch, "TEXT", dir ? text : _("no change"));
		cxm_dict_set(ch, "CLASS", !dir ? "change-flat" : (dir > 0) == (m->higher_is_better != 0) ? "change-good"
		                                                                                       : "change-bad");
		cxm_dict_set(ch, "DIRECTION", dir > 0 ? _("up") : dir < 0 ? _("down") : _("unchanged"));
		cxm_dict_set(ch, "PREV_LABEL", cxm_period_label(req->arena, &series[prev]));
		cxm_dict_set(ch, "PREV_VALUE", before);
	}
	for (size_t i = 0; i < m->nbenchmarks; i++) {
		struct cxm_dict *b = cxm_dict_section(v, "BENCHMARK");
		cxm_dict_set(b, "LABEL", _(m->benchmarks[i].label));
		cxm_dict_set(b, "VALUE", cxm_dash_value(req, dash, m->unit, m->decimals, m->benchmarks[i].value));
		if (i)
			cxm_dict_show(b, "SEP");
	}
	if (m->nbenchmarks)
		cxm_dict_show(v, "BENCHMARKS");
	cxm_dash_trend(req, v, "SPARK", values, ok, labels, texts, TREND, 1);
	for (int i = 0; i < TREND; i++) {
		struct cxm_dict *r = cxm_dict_section(v, "TREND_ROW");
		cxm_dict_set(r, "PERIOD", cxm_period_label(req->arena, &series[i]));
		cxm_dict_set(r, "VALUE", have[i] ? texts[i] : pending[i] ? _("being calculated") : _("unavailable"));
		cxm_dict_set_int(r, "N", n[i]);
	}
}

int cxm_page_dashboard(struct cxm_req *req)
{
	struct cxm_dict *d = cxm_page_begin(req, "dashboard.tpl", _("Dashboard"));
	struct cxm_dash dash;
	int rc = cxm_dash_begin(req, d, "/dashboard", &dash);
	if (rc)
		return rc;
	req->status = 200;
	struct cxm_business_plugin *bps;
	size_t nbp;
	if (cxm_plugins_for_business(req->db, req->arena, dash.biz, CXM_PLUGIN_METRIC, &bps, &nbp) != CXM_OK)
		return 503;
	struct cxm_period series[TREND];
	if (cxm_period_series(dash.tz, &dash.period, TREND, series) != CXM_OK)
		return 503;
	struct cxm_dash_budget budget;
	cxm_dash_budget_start(req, &budget);
	size_t cards = 0;
	for (size_t i = 0; i < nbp; i++) {
		const struct cxm_plugin_metric_ops *ops = bps[i].plugin->entry->ops;
		for (size_t k = 0; ops && k < ops->nmetrics; k++, cards++)
			card(req, d, &dash, &bps[i], &ops->metrics[k], series, &budget);
	}
	if (!cards)
		cxm_dict_show(d, "NO_METRICS");
	return cxm_page_end(req);
}
