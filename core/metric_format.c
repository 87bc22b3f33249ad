/* Metric values by unit (metric_format.h). */
#include "config.h"

#include <stdio.h>

#include "arena.h"
#include "i18n.h"
#include "metric_format.h"

static const char *number(struct cxm_arena *a, int decimals, double v, int sign)
{
	if (decimals < 0 || decimals > 6)
		decimals = 1;
	double scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	if ((v < 0 ? -v : v) * scale < 0.5)
		v = 0;
	if (sign && v > 0)
		return cxm_printf(a, "+%.*f", decimals, v);
	if (v < 0)
		return cxm_printf(a, "−%.*f", decimals, -v);
	return cxm_printf(a, "%.*f", decimals, v);
}

const char *cxm_metric_format(struct cxm_arena *a, enum cxm_plugin_metric_unit unit, int decimals,
                              double v, const char *currency)
{
	switch (unit) {
	case CXM_PLUGIN_UNIT_PERCENT:
		return cxm_printf(a, "%s %%", number(a, decimals, v, 0));
	case CXM_PLUGIN_UNIT_INDEX:
		return number(a, decimals, v, 1);
	case CXM_PLUGIN_UNIT_MONEY:
		return cxm_printf(a, "%s %s", number(a, decimals, v, 0), currency ? currency : "");
	case CXM_PLUGIN_UNIT_HOURS:
		return cxm_printf(a, _("%s h"), number(a, decimals, v, 0));
	default:
		return number(a, decimals, v, 0);
	}
}

const char *cxm_metric_format_delta(struct cxm_arena *a, enum cxm_plugin_metric_unit unit, int decimals,
                                    double d, const char *currency)
{
	switch (unit) {
	case CXM_PLUGIN_UNIT_PERCENT:
		/* percentage points, not per cent of the old value */
		return cxm_printf(a, _("%s pp"), number(a, decimals, d, 1));
	case CXM_PLUGIN_UNIT_MONEY:
		return cxm_printf(a, "%s %s", number(a, decimals, d, 1), currency ? currency : "");
	case CXM_PLUGIN_UNIT_HOURS:
		return cxm_printf(a, _("%s h"), number(a, decimals, d, 1));
	default:
		return number(a, decimals, d, 1);
	}
}
