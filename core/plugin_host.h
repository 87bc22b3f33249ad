/* The host API's database, settings and period hooks (host->query,
 * host->config_get, host->period), over the call context of plugin.h. */
#ifndef CXM_PLUGIN_HOST_H
#define CXM_PLUGIN_HOST_H

#include <stddef.h>

#include "cxm/plugin.h"

int cxm_plugin_host_query(struct cxm_plugin_call *call, const char *sql,
                          const struct cxm_plugin_param *params, size_t nparams,
                          cxm_plugin_row_fn fn, void *ud, char *err, size_t errsize);
const char *cxm_plugin_host_config_get(struct cxm_plugin_call *call, const char *key);
int cxm_plugin_host_period(struct cxm_plugin_call *call, long long *from, long long *to);

#endif
