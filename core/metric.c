/* Running a metric plugin's ops for one business and period (metric.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "log.h"
#include "metric.h"
#include "plugin.h"

static const struct cxm_plugin_metric_ops *ops_of(const struct cxm_plugin *p)
{
	if (!p || p->state != CXM_PLUGIN_LOADED || p->entry->kind != CXM_PLUGIN_METRIC)
		return NULL;
	const struct cxm_plugin_metric_ops *ops = p->entry->ops;
	if (!ops || ops->size < sizeof(*ops))
		return NULL;
	return ops;
}

const struct cxm_plugin_metric_info *cxm_metric_find(const struct cxm_plugin *p, const char *key)
{
	const struct cxm_plugin_metric_ops *ops = ops_of(p);
	for (size_t i = 0; ops && key && i < ops->nmetrics; i++)
		if (strcmp(ops->metrics[i].key, key) == 0)
			return &ops->metrics[i];
	return NULL;
}

static int listed(const char *const *list, const char *word)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strcmp(list[i], word) == 0)
			return 1;
	return 0;
}

static void set_call(struct cxm_plugin_call *call, const struct cxm_plugin *p, struct cxm_db *db,
                     struct cxm_arena *a, const struct cxm_metric_scope *scope)
{
	memset(call, 0, sizeof(*call));
	call->entry = p->entry;
	call->plugin = p->entry->name;
	call->arena = a;
	call->db = db;
	call->business_id = scope->business_id;
	call->settings = scope->settings;
	call->has_period = 1;
	call->from = scope->from;
	call->to = scope->to;
}

static enum cxm_err failed(const struct cxm_plugin *p, const char *op, const char *metric,
                           char *err, size_t errsize)
{
	err[errsize - 1] = '\0';
	if (!*err)
		snprintf(err, errsize, "no reason given");
	cxm_warn("plugin %s: %s %s failed: %s", p->entry->name, op, metric, err);
	return CXM_ERR_PLUGIN;
}

enum cxm_err cxm_metric_compute(struct cxm_db *db, struct cxm_arena *a, const struct cxm_plugin *p,
                                const struct cxm_metric_scope *scope, const char *metric,
                                const char *dimension, const char *group,
                                struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof(*out));
	*err = '\0';
	const struct cxm_plugin_metric_ops *ops = ops_of(p);
	const struct cxm_plugin_metric_info *info = cxm_metric_find(p, metric);
	if (!ops || !info || !ops->compute) {
		snprintf(err, errsize, "no metric \"%s\"", metric ? metric : "");
		return CXM_ERR_NOT_FOUND;
	}
	if (dimension && !listed(info->dimensions, dimension)) {
		snprintf(err, errsize, "metric %s has no breakdown by %s", metric, dimension);
		return CXM_ERR_NOT_FOUND;
	}
	struct cxm_plugin_call call;
	set_call(&call, p, db, a, scope);
	(void)group;  /* compute always returns every group; the caller picks one */
	if (ops->compute(&cxm_plugin_host, &call, metric, dimension, out, err, errsize) != 0)
		return failed(p, "compute", metric, err, errsize);
	if (!dimension && (out->nrows != 1 || !out->rows || strcmp(out->rows[0].group, "") != 0)) {
		snprintf(err, errsize, "an overall result must be one row with group \"\"");
		return failed(p, "compute", metric, err, errsize);
	}
	for (size_t i = 0; i < out->nrows; i++)
		if (out->rows[i].n < 0 || !out->rows[i].group) {
			snprintf(err, errsize, "row %zu has no group or a negative n", i);
			return failed(p, "compute", metric, err, errsize);
		}
	return CXM_OK;
}

enum cxm_err cxm_metric_drill(struct cxm_db *db, struct cxm_arena *a, const struct cxm_plugin *p,
                              const struct cxm_metric_scope *scope, const char *metric,
                              const char *part, const char *dimension, const char *group,
                              long long limit, long long offset, cxm_plugin_drill_fn fn,
                              void *ud, char *err, size_t errsize)
{
	*err = '\0';
	const struct cxm_plugin_metric_ops *ops = ops_of(p);
	const struct cxm_plugin_metric_info *info = cxm_metric_find(p, metric);
	if (!ops || !info || !ops->drill) {
		snprintf(err, errsize, "no drill-down for \"%s\"", metric ? metric : "");
		return CXM_ERR_NOT_FOUND;
	}
	if ((part && !listed(info->parts, part)) ||
	    (dimension && !listed(info->dimensions, dimension)) || (!dimension != !group)) {
		snprintf(err, errsize, "metric %s: unknown part or breakdown", metric);
		return CXM_ERR_NOT_FOUND;
	}
	struct cxm_plugin_call call;
	set_call(&call, p, db, a, scope);
	if (ops->drill(&cxm_plugin_host, &call, metric, part, dimension, group, limit, offset, fn,
	               ud, err, errsize) != 0)
		return failed(p, "drill", metric, err, errsize);
	return CXM_OK;
}
