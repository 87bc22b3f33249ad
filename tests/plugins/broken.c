/* Deliberately broken plugins for unit/test_plugins: one source, built once
 * per rejection path with CXM_BROKEN set to one of the values below, each
 * as its own module (tests/Makefile.am). */
#include <stddef.h>
#include <stdio.h>

#include "cxm/plugin.h"

#define BROKEN_NOSYM 1   /* exports no cxm_plugin_entry */
#define BROKEN_MAGIC 2   /* wrong magic number */
#define BROKEN_MAJOR 3   /* ABI 2.0 */
#define BROKEN_MINOR 4   /* ABI 1.7, newer than the host's */
#define BROKEN_SMALL 5   /* says its entry is 40 bytes */
#define BROKEN_NAME 6    /* a name with a space and upper case */
#define BROKEN_KIND 7    /* kind 42 */
#define BROKEN_DUP 8     /* the placeholder plugin's name */
#define BROKEN_INIT 9    /* init fails with a reason */
#define BROKEN_UNDEF 10  /* needs a symbol nobody has: dlopen(RTLD_NOW) fails */
#define BROKEN_OPS_NULL 11     /* a metric plugin with no ops table */
#define BROKEN_OPS_SMALL 12    /* an ops table that says it is 8 bytes */
#define BROKEN_OPS_KEY 13      /* two metrics with the key "visits" */
#define BROKEN_OPS_DEFAULT 14  /* a setting whose default is out of its bounds */

#ifndef CXM_BROKEN
#error "build with -DCXM_BROKEN=BROKEN_..."
#endif

#if CXM_BROKEN == BROKEN_INIT
static int broken_init(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                       char *err, size_t errsize)
{
	char *s = host->strdup(call, "database unavailable");  /* init's arena works */
	snprintf(err, errsize, "%s", s);
	return 1;
}
#else
#define broken_init NULL
#endif

#if CXM_BROKEN == BROKEN_UNDEF
void cxm_test_no_such_function(void);
static int broken_undef_init(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                             char *err, size_t errsize)
{
	cxm_test_no_such_function();
	return 0;
}
#undef broken_init
#define broken_init broken_undef_init
#endif

#if CXM_BROKEN == BROKEN_NOSYM
#define ENTRY cxm_plugin_entri
extern const struct cxm_plugin_entry cxm_plugin_entri;
#else
#define ENTRY cxm_plugin_entry
#endif

/* The others are refused before their ops matter, or for something else:
 * they carry a usable table so that only their own fault refuses them. */
static int broken_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                          const char *metric, const char *dimension,
                          struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	(void)host, (void)call, (void)metric, (void)dimension, (void)out;
	snprintf(err, errsize, "broken");
	return 1;
}

static const struct cxm_plugin_metric_info broken_metrics[] = {
	{.key = "visits", .label = "Visits", .unit = CXM_PLUGIN_UNIT_COUNT},
	{.key = CXM_BROKEN == BROKEN_OPS_KEY ? "visits" : "calls", .label = "Calls",
	 .unit = CXM_PLUGIN_UNIT_COUNT},
};

static const struct cxm_plugin_metric_ops broken_ops = {
	.size = CXM_BROKEN == BROKEN_OPS_SMALL ? 8 : sizeof(struct cxm_plugin_metric_ops),
	.nmetrics = 2,
	.metrics = broken_metrics,
	.compute = broken_compute,
};

static const struct cxm_plugin_setting broken_settings[] = {
	{.key = "min_n", .label = "Minimum sample", .type = CXM_PLUGIN_SETTING_INT,
	 .def = CXM_BROKEN == BROKEN_OPS_DEFAULT ? "0" : "5", .min = 1, .max = 10},
};

const struct cxm_plugin_entry ENTRY = {
	.magic = CXM_BROKEN == BROKEN_MAGIC ? 0xdeadbeefu : CXM_PLUGIN_MAGIC,
	.abi_major = CXM_BROKEN == BROKEN_MAJOR ? 2 : CXM_PLUGIN_ABI_MAJOR,
	.abi_minor = CXM_BROKEN == BROKEN_MINOR ? 7 : CXM_PLUGIN_ABI_MINOR,
	.size = CXM_BROKEN == BROKEN_SMALL ? 40 : sizeof(struct cxm_plugin_entry),
	.name = CXM_BROKEN == BROKEN_NAME ? "Bad Name" :
	        CXM_BROKEN == BROKEN_DUP ? "placeholder" : "broken",
	.version = "9.9",
	.description = "A deliberately broken plugin for the loader's tests.",
	.kind = CXM_BROKEN == BROKEN_KIND ? (enum cxm_plugin_kind)42 : CXM_PLUGIN_METRIC,
	.init = broken_init,
	.fini = NULL,
	.ops = CXM_BROKEN == BROKEN_OPS_NULL ? NULL : &broken_ops,
	.settings = broken_settings,
	.nsettings = 1,
};
