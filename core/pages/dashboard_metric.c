/* One metric of the dashboard (/dashboard/metric?plugin=..&metric=.. and
 * the period): the 12-period trend as a line chart (axes, a point with a
 * <title> each) and its table; the distribution (bins) as bars and a
 * table; the parts with their shares and counts, each linked to its
 * drill-down; and a breakdown per dimension the metric declares (group,
 * value, n, share of n, bars), each group linked to its drill-down. An
 * unknown plugin or metric, or a plugin the business has off, is 404;
 * none at all goes to the dashboard. The chosen period's value is always
 * computed when it is not stored; the earlier periods and the breakdowns
 * only while the view has spent less than dashboard_compute_seconds, then
 * "being calculated" / "not computed yet" (pages/dashboard_common.c,
 * cxm_dash_get). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "metric.h"
#include "metric_snapshots.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/dashboard_pages.h"
#include "pages/pages.h"
#include "plugin.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { FM_PLUGIN = CXM_DF_MAX, FM_METRIC };

#define TREND 12
#define BAR_W 640
#define BAR_LABEL_W 220
#define BAR_MAX 340
#define BAR_ROW 26

struct bar {
	const char *label, *value;
	double size;
};

/* A horizontal bar chart into section name of d (CAPTION, WIDTH, HEIGHT,
 * BAR: LABEL, VALUE, X, Y, W, TX, TY, LW). */
static void bars(struct cxm_req *req, struct cxm_dict *d, const char *name, const char *caption,
                 const struct bar *b, size_t n)
{
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i].size > max)
			max = b[i].size;
	struct cxm_dict *c = cxm_dict_section(d, name);
	cxm_dict_set(c, "CAPTION", caption);
	cxm_dict_set_int(c, "WIDTH", BAR_W);
	cxm_dict_set_int(c, "HEIGHT", (long long)(n * BAR_ROW + 4));
	for (size_t i = 0; i < n; i++) {
		struct cxm_dict *r = cxm_dict_section(c, "BAR");
		long long w = max > 0 && b[i].size > 0 ? (long long)(b[i].size / max * BAR_MAX + 0.5) : 0;
		long long y = (long long)(i * BAR_ROW);
		cxm_dict_set(r, "LABEL", b[i].label);
		cxm_dict_set(r, "VALUE", b[i].value);
		cxm_dict_set_int(r, "X", BAR_LABEL_W);
		cxm_dict_set_int(r, "Y", y + 4);
		cxm_dict_set_int(r, "W", w);
		cxm_dict_set_int(r, "TX", BAR_LABEL_W + w + 6);
		cxm_dict_set_int(r, "TY", y + 19);
		cxm_dict_set_int(r, "LW", BAR_LABEL_W - 8);
	}
}

static const char *share(struct cxm_req *req, long long n, long long of)
{
	return of > 0 ? cxm_printf(req->arena, "%.1f %%", 100.0 * (double)n / (double)of) : "—";
}

/* Rows with more observations first, then by label. */
struct group {
	const struct cxm_plugin_metric_row *row;
	const char *label;
};
static int by_n(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	if (a->row->n != b->row->n)
		return a->row->n > b->row->n ? -1 : 1;
	return strcmp(a->label, b->label);
}

/* The drill-down link of the metric with extra (already encoded) fields. */
static const char *drill_url(struct cxm_req *req, const struct cxm_dash *dash, const char *plugin,
                             const char *metric, const char *extra)
{
	return cxm_printf(req->arena, "%s/dashboard/drill?plugin=%s&metric=%s&%s%s%s", req->base, plugin, metric,
	                  dash->query, *extra ? "&" : "", extra);
}

static const char *enc(struct cxm_req *req, const char *s)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 64);
	cxm_buf_puts(&b, "");
	cxm_cp_urlencode(&b, s);
	return b.data;
}

int cxm_page_dashboard_metric(struct cxm_req *req)
{
	if (!cxm_field(req, FM_PLUGIN)->present || !cxm_field(req, FM_METRIC)->present) {
		/* no metric chosen: the dashboard, where they are */
		cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/dashboard", req->base));
		return 303;
	}
	if (!cxm_field(req, FM_PLUGIN)->valid || !cxm_field(req, FM_METRIC)->valid)
		return 404;
	struct cxm_business_plugin bp;
	int rc = cxm_dash_plugin(req, cxm_field(req, FM_PLUGIN)->s, &bp);
	if (rc)
		return rc;
	const struct cxm_plugin_metric_info *m = cxm_metric_find(bp.plugin, cxm_field(req, FM_METRIC)->s);
	if (!m)
		return 404;
	const char *plugin = bp.plugin->entry->name;
	const struct cxm_plugin_metric_ops *ops = bp.plugin->entry->ops;
	struct cxm_dict *d = cxm_page_begin(req, "dashboard_metric.tpl", _(m->label));
	struct cxm_dash dash;
	if ((rc = cxm_dash_begin(req, d, "/dashboard/metric", &dash)))
		return rc;
	req->status = 200;
	cxm_dict_set(d, "LABEL", _(m->label));
	cxm_dict_set(d, "DESCRIPTION", m->description ? _(m->description) : "");
	cxm_dash_hidden(&dash, "plugin", plugin);
	cxm_dash_hidden(&dash, "metric", m->key);
	cxm_dict_set_global(d, "PLUGIN", plugin);
	cxm_dict_set_global(d, "METRIC", m->key);
	cxm_dict_set(d, "BACK_URL", cxm_printf(req->arena, "%s/dashboard?%s", req->base, dash.query));

	/* the trend */
	struct cxm_period series[TREND];
	if (cxm_period_series(dash.tz, &dash.period, TREND, series) != CXM_OK)
		return 503;
	double values[TREND];
	int ok[TREND];
	long long ns[TREND];
	const char *labels[TREND], *texts[TREND];
	struct cxm_plugin_metric_out cur;
	memset(&cur, 0, sizeof(cur));
	int cur_ok = 0;
	long long stale = 0;
	/* the chosen period is always computed; earlier ones and the
	 * breakdowns while the view has time (dashboard_compute_seconds) */
	struct cxm_dash_budget budget;
	cxm_dash_budget_start(req, &budget);
	for (int i = TREND - 1; i >= 0; i--) {
		struct cxm_plugin_metric_out out;
		int pending;
		int have = cxm_dash_get(req, &dash, &bp, m->key, &series[i], NULL, i == TREND - 1 ? NULL : &budget, &out,
		                        i == TREND - 1 ? &stale : NULL, &pending) == CXM_OK;
		if (i == TREND - 1) {
			cur_ok = have;
			cur = out;
		}
		ok[i] = have && out.rows[0].enough;
		values[i] = ok[i] ? out.rows[0].value : 0;
		labels[i] = cxm_period_short_label(req->arena, &series[i]);
		texts[i] = ok[i]     ? cxm_dash_value(req, &dash, m->unit, m->decimals, values[i])
		           : have    ? _("not enough data")
		           : pending ? _("being calculated")
		                     : _("unavailable");
		ns[i] = have ? out.rows[0].n : 0;
	}
	for (int i = 0; i < TREND; i++) {
		struct cxm_dict *r = cxm_dict_section(d, "TREND_ROW");
		cxm_dict_set(r, "PERIOD", cxm_period_label(req->arena, &series[i]));
		cxm_dict_set(r, "VALUE", texts[i]);
		cxm_dict_set_int(r, "N", ns[i]);
	}
	cxm_dash_trend(req, d, "TREND", values, ok, labels, texts, TREND, 0);
	if (!cur_ok) {
		cxm_dict_show(d, "UNAVAILABLE");
		return cxm_page_end(req);
	}
	const struct cxm_plugin_metric_row *row = &cur.rows[0];
	struct cxm_dict *s = cxm_dict_section(d, "CURRENT");
	cxm_dict_set_int(s, "N", row->n);
	if (stale)
		cxm_dict_set(cxm_dict_section(s, "AS_OF"), "TEXT", cxm_dash_as_of(req, &dash, stale));
	if (row->enough)
		cxm_dict_set(cxm_dict_section(s, "VALUE"), "TEXT", cxm_dash_value(req, &dash, m->unit, m->decimals, row->value));
	else
		cxm_dict_show(s, "NOT_ENOUGH");
	if (ops->drill)
		cxm_dict_set(cxm_dict_section(s, "ALL"), "URL", drill_url(req, &dash, plugin, m->key, ""));

	/* the distribution */
	if (cur.nbins) {
		struct bar *b = cxm_zalloc(req->arena, cur.nbins * sizeof(*b));
		long long total = 0;
		for (size_t i = 0; i < cur.nbins; i++)
			total += cur.bins[i].count;
		struct cxm_dict *dist = cxm_dict_section(d, "DISTRIBUTION");
		for (size_t i = 0; i < cur.nbins; i++) {
			b[i].label = cxm_dash_group_label(req, "channel", cur.bins[i].key);
			b[i].value = cxm_printf(req->arena, "%lld", cur.bins[i].count);
			b[i].size = (double)cur.bins[i].count;
			struct cxm_dict *r = cxm_dict_section(dist, "BIN_ROW");
			cxm_dict_set(r, "LABEL", b[i].label);
			cxm_dict_set(r, "COUNT", b[i].value);
			cxm_dict_set(r, "SHARE", share(req, cur.bins[i].count, total));
		}
		bars(req, dist, "CHART", _("Distribution"), b, cur.nbins);
	}

	/* the parts */
	if (row->nparts) {
		struct cxm_dict *ps = cxm_dict_section(d, "PARTS");
		for (size_t i = 0; i < row->nparts; i++) {
			const struct cxm_plugin_metric_part *p = &row->parts[i];
			struct cxm_dict *r = cxm_dict_section(ps, "PART");
			cxm_dict_set(r, "KEY", p->key);
			cxm_dict_set(r, "LABEL", _(p->label));
			cxm_dict_set(r, "VALUE", cxm_dash_value(req, &dash, p->unit, m->decimals, p->value));
			cxm_dict_set_int(r, "N", p->n);
			cxm_dict_set(r, "SHARE", share(req, p->n, row->n));
			int drillable = ops->drill != NULL;
			for (size_t k = 0; drillable && m->parts && m->parts[k]; k++)
				if (strcmp(m->parts[k], p->key) == 0)
					drillable = 2;
			if (drillable == 2)
				cxm_dict_set(cxm_dict_section(r, "LINK"), "URL",
				             drill_url(req, &dash, plugin, m->key, cxm_printf(req->arena, "part=%s", enc(req, p->key))));
			else
				cxm_dict_show(r, "NO_LINK");
		}
	}

	/* a breakdown per dimension */
	for (size_t k = 0; m->dimensions && m->dimensions[k]; k++) {
		const char *dim = m->dimensions[k];
		struct cxm_dict *bd = cxm_dict_section(d, "BREAKDOWN");
		cxm_dict_set(bd, "DIMENSION", dim);
		cxm_dict_set(bd, "TITLE", cxm_printf(req->arena, _("By %s"), cxm_dash_dimension_label(dim)));
		cxm_dict_set(bd, "DIMENSION_LABEL", cxm_dash_dimension_label(dim));
		struct cxm_plugin_metric_out out;
		int pending;
		if (cxm_dash_get(req, &dash, &bp, m->key, &dash.period, dim, &budget, &out, NULL, &pending) != CXM_OK) {
			cxm_dict_show(bd, pending ? "BD_PENDING" : "BD_UNAVAILABLE");
			continue;
		}
		if (!out.nrows) {
			cxm_dict_show(bd, "BD_EMPTY");
			continue;
		}
		struct group *g = cxm_alloc(req->arena, out.nrows * sizeof(*g));
		long long total = 0;
		for (size_t i = 0; i < out.nrows; i++) {
			g[i].row = &out.rows[i];
			g[i].label = cxm_dash_group_label(req, dim, out.rows[i].group);
			total += out.rows[i].n;
		}
		qsort(g, out.nrows, sizeof(*g), by_n);
		struct bar *b = cxm_zalloc(req->arena, out.nrows * sizeof(*b));
		struct cxm_dict *t = cxm_dict_section(bd, "BD_TABLE");
		for (size_t i = 0; i < out.nrows; i++) {
			const struct cxm_plugin_metric_row *r = g[i].row;
			const char *v = r->enough ? cxm_dash_value(req, &dash, m->unit, m->decimals, r->value)
			                          : _("not enough data");
			struct cxm_dict *tr = cxm_dict_section(t, "GROUP");
			cxm_dict_set(tr, "KEY", r->group);
			cxm_dict_set(tr, "LABEL", g[i].label);
			cxm_dict_set(tr, "VALUE", v);
			cxm_dict_set_int(tr, "N", r->n);
			cxm_dict_set(tr, "SHARE", share(req, r->n, total));
			if (ops->drill)
				cxm_dict_set(cxm_dict_section(tr, "LINK"), "URL",
				             drill_url(req, &dash, plugin, m->key,
				                       cxm_printf(req->arena, "dimension=%s&group=%s", enc(req, dim),
				                                  enc(req, r->group))));
			else
				cxm_dict_show(tr, "NO_LINK");
			b[i].label = g[i].label;
			b[i].value = cxm_printf(req->arena, "%s (n = %lld)", v, r->n);
			b[i].size = r->enough ? r->value : 0;
		}
		bars(req, bd, "CHART", cxm_printf(req->arena, _("%s by %s"), _(m->label), cxm_dash_dimension_label(dim)),
		     b, out.nrows);
	}
	return cxm_page_end(req);
}
