/* Shared by the metric plugins' suites (metric_suite.h). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "harness.h"
#include "metric_suite.h"

const struct cxm_plugin *tm_load(struct cxm_plugins *ps, const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	char *dir = th_plugin_dir(slash ? slash + 1 : path, path, NULL);
	cxm_plugins_load(ps, dir);
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].state == CXM_PLUGIN_LOADED && strcmp(ps->v[i].entry->name, name) == 0)
			return &ps->v[i];
	fprintf(stderr, "the %s plugin did not load from %s/%s\n", name, th_builddir(), path);
	exit(1);
}

struct cxm_plugin_metric_out tm_compute(struct cxm_db *db, struct cxm_arena *a,
                                        const struct cxm_plugin *plugin, long long biz,
                                        const char *const *settings, long long from, long long to,
                                        const char *metric, const char *dim)
{
	struct cxm_metric_scope scope = {.business_id = biz, .settings = settings, .from = from, .to = to};
	struct cxm_plugin_metric_out out;
	char err[256];
	enum cxm_err rc = cxm_metric_compute(db, a, plugin, &scope, metric, dim, NULL, &out, err,
	                                     sizeof(err));
	ck_assert_msg(rc == CXM_OK, "%s by %s: %s", metric, dim ? dim : "-", err);
	return out;
}

const struct cxm_plugin_metric_row *tm_row_of(const struct cxm_plugin_metric_out *o, const char *group)
{
	for (size_t i = 0; i < o->nrows; i++)
		if (strcmp(o->rows[i].group, group) == 0)
			return &o->rows[i];
	ck_abort_msg("no row for group \"%s\"", group);
	return NULL;
}

const struct cxm_plugin_metric_part *tm_part_of(const struct cxm_plugin_metric_row *row, const char *key)
{
	for (size_t i = 0; i < row->nparts; i++)
		if (strcmp(row->parts[i].key, key) == 0)
			return &row->parts[i];
	ck_abort_msg("no part %s", key);
	return NULL;
}

const char *tm_bins_text(struct cxm_arena *a, const struct cxm_plugin_metric_out *o)
{
	const char *t = "";
	for (size_t i = 0; i < o->nbins; i++)
		t = cxm_printf(a, "%s%s=%lld ", t, o->bins[i].key, o->bins[i].count);
	return t;
}
