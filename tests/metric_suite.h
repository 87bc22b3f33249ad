/* What the metric plugins' suites share: loading a built plugin module,
 * running one of its metrics through the host (core/metric.h) and picking
 * rows and parts out of the result. Failures abort the running test. */
#ifndef CXM_TESTS_METRIC_SUITE_H
#define CXM_TESTS_METRIC_SUITE_H

#include "metric.h"
#include "plugin.h"

struct cxm_arena;
struct cxm_db;

/* Loads the module built at path (relative to the build tree, e.g.
 * "plugins/metric-service/.libs/metric_service.so") into ps and returns
 * the plugin called name; exits the suite when it does not load. */
const struct cxm_plugin *tm_load(struct cxm_plugins *ps, const char *path, const char *name);

/* cxm_metric_compute of plugin's metric for business biz, settings and
 * [from, to), overall (dim NULL) or broken down; asserts it succeeds. */
struct cxm_plugin_metric_out tm_compute(struct cxm_db *db, struct cxm_arena *a,
                                        const struct cxm_plugin *plugin, long long biz,
                                        const char *const *settings, long long from, long long to,
                                        const char *metric, const char *dim);

/* The row of group (aborts when there is none). */
const struct cxm_plugin_metric_row *tm_row_of(const struct cxm_plugin_metric_out *o, const char *group);
/* The part called key of row (aborts when there is none). */
const struct cxm_plugin_metric_part *tm_part_of(const struct cxm_plugin_metric_row *row, const char *key);
/* The bins as "key=count " text, from a. */
const char *tm_bins_text(struct cxm_arena *a, const struct cxm_plugin_metric_out *o);

#endif
