/* What the dashboard pages share (dashboard.c, dashboard_metric.c,
 * dashboard_drill.c; helpers in dashboard_common.c): the period picker,
 * the metric plugin of the request, values formatted by unit, group labels
 * of the breakdowns, and the SVG geometry of the charts. Everything is
 * read for req->session->business_id only. */
#ifndef CXM_DASHBOARD_PAGES_H
#define CXM_DASHBOARD_PAGES_H

#include <time.h>

#include "cxm/plugin.h"
#include "period.h"
#include "plugin_settings.h"

struct cxm_dict;
struct cxm_req;

/* The fields every dashboard route starts with, in this order
 * (pages/routes.c). */
enum { CXM_DF_PERIOD, CXM_DF_AT, CXM_DF_FROM, CXM_DF_TO, CXM_DF_MAX };

/* A dashboard request's context: the business, its time zone and currency,
 * the chosen period and now. */
struct cxm_dash {
	long long biz;
	const char *tz, *currency;
	long long now;
	struct cxm_period period;
	int bad_period;          /* the picker's input was refused (shown in it) */
	const char *query;       /* the period's URL form ("period=...") */
	struct cxm_dict *picker; /* the picker's dictionary (templates/dashboard_period.tpl) */
};

/* Reads the business and the period fields (CXM_DF_*), fills the picker
 * (the include PICKER of d: kinds, values, errors, previous/next links to
 * path) and dash. A refused input shows its error in the picker and falls
 * back to the current month. Returns 0, or an HTTP status (503). */
int cxm_dash_begin(struct cxm_req *req, struct cxm_dict *d, const char *path, struct cxm_dash *dash);

/* A hidden field of the picker's form (the metric page's plugin, ...). */
void cxm_dash_hidden(struct cxm_dash *dash, const char *name, const char *value);

/* The metric plugin called name that the session's business has on, or
 * NULL; with its settings in *bp. */
int cxm_dash_plugin(struct cxm_req *req, const char *name, struct cxm_business_plugin *bp);

/* A value in its unit: "82.4 %", "+12", "4.3", "1250.00 BYN", "5.2 h",
 * "85", "1.35". */
const char *cxm_dash_value(struct cxm_req *req, const struct cxm_dash *dash,
                           enum cxm_plugin_metric_unit unit, int decimals, double v);
/* A signed change between two values of the unit ("+2.0 pp", "−3"). */
const char *cxm_dash_delta(struct cxm_req *req, const struct cxm_dash *dash,
                           enum cxm_plugin_metric_unit unit, int decimals, double d);

/* The time one view may spend computing values that are not stored
 * (config dashboard_compute_seconds), from cxm_dash_budget_start on. */
struct cxm_dash_budget {
	struct timespec t0;
	double seconds;
};
void cxm_dash_budget_start(struct cxm_req *req, struct cxm_dash_budget *b);

/* The value of metric for the period (dimension NULL: overall) through
 * cxm_snapshot_get while b has time left (or always, for a custom period
 * or when b is NULL); afterwards only a stored one (cxm_snapshot_peek):
 * when there is none, *pending is 1 and CXM_ERR_NOT_FOUND is returned
 * (the job computes overall values; a breakdown waits for another view). */
enum cxm_err cxm_dash_get(struct cxm_req *req, const struct cxm_dash *dash,
                          const struct cxm_business_plugin *bp, const char *metric,
                          const struct cxm_period *p, const char *dimension,
                          const struct cxm_dash_budget *b, struct cxm_plugin_metric_out *out,
                          long long *stale, int *pending);

/* The "as of 14:05" note of a stale value computed at Unix time t, in the
 * business's time zone ("as of 2026-11-13 14:05" when not computed
 * today there). */
const char *cxm_dash_as_of(struct cxm_req *req, const struct cxm_dash *dash, long long t);

/* The label people see for a group key of dimension (names of locations,
 * staff, services, departments and defects; channel, type and client
 * field codes translated; CSI parameters from the business's questions);
 * the key itself when unknown. */
const char *cxm_dash_group_label(struct cxm_req *req, const char *dimension, const char *key);
/* The translated name of a dimension ("location" -> "Location"). */
const char *cxm_dash_dimension_label(const char *dimension);

/* A trend chart of n points (values[i], ok[i] = 1 when it has a value,
 * labels[i] for the x axis) into section name of d: WIDTH, HEIGHT, axis
 * ticks (YTICK: Y, LABEL; XTICK: X, LABEL), POINT (X, Y, LABEL, VALUE) and
 * the polyline's POINTS. small: the cards' sparkline (no axes). */
void cxm_dash_trend(struct cxm_req *req, struct cxm_dict *d, const char *name, const double *values,
                    const int *ok, const char *const *labels, const char *const *texts, size_t n,
                    int small);

#endif
