/* settings_probe: a metric plugin for the per-business settings suites
 * (db/test_plugin_settings, db/test_ctl_plugins, http/test_plugins_admin).
 * It declares one setting of every type, one INT without bounds, and a
 * validate that looks at two of them together; its one metric reports the
 * business's min_n back, so a test can see which settings a computation got. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxm/plugin.h"

/* Marks English msgids for po/extract.sh; the host translates them. */
#define N_(s) s

static const struct cxm_plugin_setting probe_settings[] = {
	{.key = "min_n", .label = N_("Minimum sample"),
	 .help = N_("Fewer answers than this show as not enough data."),
	 .type = CXM_PLUGIN_SETTING_INT, .def = "30", .min = 1, .max = 1000},
	{.key = "share", .label = N_("Target share, %"), .help = NULL,
	 .type = CXM_PLUGIN_SETTING_NUMBER, .def = "50.5", .min = 0, .max = 100},
	{.key = "title", .label = N_("Card title"), .help = N_("At most 8 bytes."),
	 .type = CXM_PLUGIN_SETTING_TEXT, .def = "probe", .max = 8},
	{.key = "weekly", .label = N_("Weekly"), .help = NULL,
	 .type = CXM_PLUGIN_SETTING_BOOL, .def = "1"},
	{.key = "offset", .label = N_("Offset"), .help = NULL,
	 .type = CXM_PLUGIN_SETTING_INT, .def = "-7"},
};
#define NSETTINGS (sizeof(probe_settings) / sizeof(probe_settings[0]))

/* A minimum sample above 100 is refused while weekly is on: the whole set
 * decides, not one value. */
static int probe_validate(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                          const char *const *values, size_t nvalues, char *err, size_t errsize)
{
	(void)host, (void)call;
	if (nvalues != NSETTINGS) {
		snprintf(err, errsize, "expected %zu values, got %zu", NSETTINGS, nvalues);
		return 1;
	}
	if (atoll(values[0]) > 100 && strcmp(values[3], "1") == 0) {
		snprintf(err, errsize, "a minimum sample above 100 needs weekly off");
		return 1;
	}
	return 0;
}

/* One overall row whose value is this business's min_n (config_get). */
static int probe_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                         const char *metric, const char *dimension,
                         struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	(void)metric, (void)err, (void)errsize;
	if (dimension) {
		out->nrows = 0;
		return 0;
	}
	struct cxm_plugin_metric_row *row = host->alloc(call, sizeof(*row));
	const char *min_n = host->config_get(call, "min_n");
	row->group = "";
	row->value = min_n ? atof(min_n) : -1;
	row->n = 0;
	row->enough = 0;
	row->nparts = 0;
	row->parts = NULL;
	out->rows = row;
	out->nrows = 1;
	return 0;
}

static const struct cxm_plugin_metric_info probe_metrics[] = {
	{.key = "min_n_echo", .label = N_("Minimum sample echo"),
	 .description = N_("Shows the business's minimum sample setting."),
	 .unit = CXM_PLUGIN_UNIT_COUNT, .higher_is_better = 1},
};

static const struct cxm_plugin_metric_ops probe_ops = {
	.size = sizeof(struct cxm_plugin_metric_ops),
	.nmetrics = 1,
	.metrics = probe_metrics,
	.compute = probe_compute,
};

const struct cxm_plugin_entry cxm_plugin_entry = {
	CXM_PLUGIN_ENTRY_HEADER,
	.name = "settings_probe",
	.version = "1.2",
	.description = N_("A test plugin with one setting of every type."),
	.kind = CXM_PLUGIN_METRIC,
	.ops = &probe_ops,
	.settings = probe_settings,
	.nsettings = NSETTINGS,
	.validate = probe_validate,
};
