/* Plugins per business (plugin_settings.h): which are on, and their
 * settings. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "plugin.h"
#include "plugin_settings.h"

int cxm_plugin_enabled(struct cxm_db *db, long long business_id, const char *name)
{
	struct cxm_arena *a = cxm_arena_new(512);
	struct cxm_rows r;
	int on = -1;
	if (cxm_db_query(db, a,
	                 "SELECT enabled FROM business_plugins WHERE business_id = ? AND plugin = ?",
	                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(name)), &r) == CXM_OK)
		on = r.nrows ? (cxm_rows_int(&r, 0, 0, 1) != 0) : 1;
	cxm_arena_free(a);
	return on;
}

enum cxm_err cxm_plugin_settings_load(struct cxm_db *db, struct cxm_arena *a,
                                      long long business_id, const struct cxm_plugin *p,
                                      const char ***values)
{
	const struct cxm_plugin_entry *e = p->entry;
	const char **v = cxm_alloc(a, (e->nsettings ? e->nsettings : 1) * sizeof(*v));
	for (size_t i = 0; i < e->nsettings; i++)
		v[i] = e->settings[i].def;
	*values = v;
	if (!e->nsettings)
		return CXM_OK;
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT setting, value FROM business_plugin_settings"
	                 " WHERE business_id = ? AND plugin = ?",
	                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(e->name)), &r) != CXM_OK)
		return CXM_ERR_DB;
	for (size_t k = 0; k < r.nrows; k++)
		for (size_t i = 0; i < e->nsettings; i++)
			if (strcmp(e->settings[i].key, cxm_rows_get(&r, k, 0)) == 0)
				v[i] = cxm_rows_get(&r, k, 1);
	return CXM_OK;
}

enum cxm_err cxm_plugins_for_business(struct cxm_db *db, struct cxm_arena *a,
                                      long long business_id, int kind,
                                      struct cxm_business_plugin **out, size_t *n)
{
	const struct cxm_plugins *reg = cxm_plugins_registry();
	*out = cxm_alloc(a, (reg->n ? reg->n : 1) * sizeof(**out));
	*n = 0;
	struct cxm_rows off;
	if (cxm_db_query(db, a,
	                 "SELECT plugin FROM business_plugins WHERE business_id = ? AND enabled = 0",
	                 CXM_PARAMS(CXM_PINT(business_id)), &off) != CXM_OK)
		return CXM_ERR_DB;
	for (size_t i = 0; i < reg->n; i++) {
		const struct cxm_plugin *p = &reg->v[i];
		if (p->state != CXM_PLUGIN_LOADED || (int)p->entry->kind != kind)
			continue;
		int disabled = 0;
		for (size_t k = 0; k < off.nrows && !disabled; k++)
			disabled = strcmp(cxm_rows_get(&off, k, 0), p->entry->name) == 0;
		if (disabled)
			continue;
		const char **values;
		if (cxm_plugin_settings_load(db, a, business_id, p, &values) != CXM_OK)
			return CXM_ERR_DB;
		(*out)[*n].plugin = p;
		(*out)[*n].settings = values;
		(*n)++;
	}
	return CXM_OK;
}
