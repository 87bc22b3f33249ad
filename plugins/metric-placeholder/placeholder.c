/* metric-placeholder: a metric plugin that measures nothing. It exists to
 * exercise the plugin ABI, the loader and the build; its compute always
 * reports n = 0, "not enough data". The real metrics come as their own plugins. */
#include <stdio.h>

#include "cxm/plugin.h"

static int placeholder_init(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                            char *err, size_t errsize)
{
	(void)err;
	(void)errsize;
	host->log(call, CXM_PLUGIN_LOG_DEBUG, "ready (computes nothing)");
	return 0;
}

static int placeholder_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                               struct cxm_plugin_metric_result *out, char *err, size_t errsize)
{
	(void)host;
	(void)call;
	(void)err;
	(void)errsize;
	out->value = 0;
	out->n = 0;
	out->enough = 0;
	return 0;
}

static const struct cxm_plugin_metric_ops placeholder_ops = {
	.size = sizeof(struct cxm_plugin_metric_ops),
	.compute = placeholder_compute,
};

const struct cxm_plugin_entry cxm_plugin_entry = {
	CXM_PLUGIN_ENTRY_HEADER,
	.name = "placeholder",
	.version = "0.1.0",
	.description = "A placeholder metric that computes nothing: it always reports "
	               "not enough data (n = 0).",
	.kind = CXM_PLUGIN_METRIC,
	.init = placeholder_init,
	.fini = NULL,
	.ops = &placeholder_ops,
};
