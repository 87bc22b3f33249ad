/* Metric values as people read them, by unit (cxm/plugin.h): "82.4 %",
 * "+12", "4.3", "1250.00 BYN", "5.2 h", "85", "1.35"; and changes between
 * two values ("+3.6 pp", "−2"). In the current language (core/i18n.h). */
#ifndef CXM_METRIC_FORMAT_H
#define CXM_METRIC_FORMAT_H

#include "cxm/plugin.h"

struct cxm_arena;

/* v with decimals digits (0..6; others: 1) in unit; currency for MONEY.
 * A value that rounds to zero has no sign; negative values use the minus
 * sign U+2212. INDEX values are signed ("+12"). From a. */
const char *cxm_metric_format(struct cxm_arena *a, enum cxm_plugin_metric_unit unit, int decimals,
                              double v, const char *currency);
/* A change d between two values of unit, always signed; PERCENT in
 * percentage points ("+3.6 pp"). From a. */
const char *cxm_metric_format_delta(struct cxm_arena *a, enum cxm_plugin_metric_unit unit, int decimals,
                                    double d, const char *currency);

#endif
