/* Running a metric plugin for one business and period: the call context,
 * the business's settings, and the plugin's compute and drill ops. */
#ifndef CXM_METRIC_H
#define CXM_METRIC_H

#include <stddef.h>

#include "cxm/plugin.h"
#include "err.h"

struct cxm_arena;
struct cxm_db;
struct cxm_plugin;

/* What to compute: the business, its settings for the plugin (values in
 * entry->settings order; NULL: the defaults) and the period [from, to). */
struct cxm_metric_scope {
	long long business_id;
	const char *const *settings;
	long long from, to;
};

/* The metric called key in p's ops, or NULL (p not a metric plugin, or no
 * such metric). */
const struct cxm_plugin_metric_info *cxm_metric_find(const struct cxm_plugin *p, const char *key);

/* Runs p's compute for metric (dimension NULL: overall; group non-NULL:
 * that group only) into out, whose memory comes from a. CXM_ERR_NOT_FOUND
 * for an unknown metric or a dimension the metric does not declare;
 * CXM_ERR_PLUGIN when the plugin fails (its reason in err, also logged);
 * the result is checked: an overall result has exactly one row with group
 * "", and every n is >= 0. */
enum cxm_err cxm_metric_compute(struct cxm_db *db, struct cxm_arena *a, const struct cxm_plugin *p,
                                const struct cxm_metric_scope *scope, const char *metric,
                                const char *dimension, const char *group,
                                struct cxm_plugin_metric_out *out, char *err, size_t errsize);

/* Runs p's drill (see cxm/plugin.h). CXM_ERR_NOT_FOUND when the plugin has
 * no drill, the metric is unknown, or part / dimension is not declared. */
enum cxm_err cxm_metric_drill(struct cxm_db *db, struct cxm_arena *a, const struct cxm_plugin *p,
                              const struct cxm_metric_scope *scope, const char *metric,
                              const char *part, const char *dimension, const char *group,
                              long long limit, long long offset, cxm_plugin_drill_fn fn,
                              void *ud, char *err, size_t errsize);

#endif
