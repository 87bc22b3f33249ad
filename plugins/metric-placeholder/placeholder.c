/* metric-placeholder: a metric plugin that measures nothing. It exists to
 * exercise the plugin ABI, the loader and the build; its compute always
 * reports n = 0, "not enough data". The real metrics come as their own plugins. */
#include <stdio.h>

#include "cxm/plugin.h"

/* Marks English msgids for po/extract.sh; the host translates them. */
#define N_(s) s

static int placeholder_init(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                            char *err, size_t errsize)
{
	(void)err;
	(void)errsize;
	host->log(call, CXM_PLUGIN_LOG_DEBUG, "ready (computes nothing)");
	return 0;
}

/* One overall row with n = 0 and "not enough data", whatever is asked. */
static int placeholder_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                               const char *metric, const char *dimension,
                               struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	(void)metric;
	(void)err;
	(void)errsize;
	if (dimension) {
		out->nrows = 0;
		return 0;
	}
	struct cxm_plugin_metric_row *row = host->alloc(call, sizeof(*row));
	row->group = "";
	row->value = 0;
	row->n = 0;
	row->enough = 0;
	row->nparts = 0;
	row->parts = NULL;
	out->rows = row;
	out->nrows = 1;
	return 0;
}

static const struct cxm_plugin_metric_info placeholder_metrics[] = {
	{
		.key = "nothing",
		.label = N_("Placeholder"),
		.description = N_("Measures nothing; always not enough data."),
		.unit = CXM_PLUGIN_UNIT_COUNT,
		.higher_is_better = 1,
		.decimals = 0,
	},
};

static const struct cxm_plugin_metric_ops placeholder_ops = {
	.size = sizeof(struct cxm_plugin_metric_ops),
	.nmetrics = sizeof(placeholder_metrics) / sizeof(placeholder_metrics[0]),
	.metrics = placeholder_metrics,
	.compute = placeholder_compute,
	.drill = NULL,
};

const struct cxm_plugin_entry cxm_plugin_entry = {
	CXM_PLUGIN_ENTRY_HEADER,
	.name = "placeholder",
	.version = "0.1.0",
	.description = N_("A placeholder metric that computes nothing: it always reports "
	                  "not enough data (n = 0)."),
	.kind = CXM_PLUGIN_METRIC,
	.init = placeholder_init,
	.fini = NULL,
	.ops = &placeholder_ops,
};
