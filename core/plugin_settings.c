/* Plugins per business (plugin_settings.h): which are on, and their
 * settings: the host's check of a value against its declaration, the
 * plugin's validate, and storing a change with its audit entry. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "plugin.h"
#include "plugin_settings.h"
#include "utf8.h"

const char *const cxm_plugin_setting_type_names[CXM_PLUGIN_SETTING_TYPE_MAX] = {
	"int", "number", "text", "bool",
};

/* A TEXT setting with max 0 holds at most this many bytes. */
#define TEXT_DEFAULT_MAX 255

/* 1 when s is an optional '-' and one or more digits, then (frac) an
 * optional '.' and one or more digits: plain decimal, no exponent, no
 * blanks, no hexadecimal, no inf or nan. */
static int decimal(const char *s, int frac)
{
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	if (frac && *s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

static int outside(const struct cxm_plugin_setting *s, double v)
{
	return !(s->min == 0 && s->max == 0) && (v < s->min || v > s->max);
}

const char *cxm_plugin_setting_check(const struct cxm_plugin_setting *s, const char *value)
{
	if (!value)
		return N_("A value is required.");
	switch (s->type) {
	case CXM_PLUGIN_SETTING_INT: {
		if (!decimal(value, 0))
			return N_("Enter a whole number.");
		errno = 0;
		long long v = strtoll(value, NULL, 10);
		if (errno == ERANGE || outside(s, (double)v))
			return N_("The number is outside the allowed range.");
		return NULL;
	}
	case CXM_PLUGIN_SETTING_NUMBER:
		if (!decimal(value, 1))
			return N_("Enter a number, such as 12 or 0.5.");
		if (outside(s, strtod(value, NULL)))
			return N_("The number is outside the allowed range.");
		return NULL;
	case CXM_PLUGIN_SETTING_BOOL:
		if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
			return N_("Enter 1 (yes) or 0 (no).");
		return NULL;
	case CXM_PLUGIN_SETTING_TEXT: {
		size_t n = strlen(value);
		if (!cxm_utf8_valid(value, n))
			return N_("The text is not valid UTF-8.");
		double max = s->max > 0 ? s->max : TEXT_DEFAULT_MAX;
		if ((double)n > max)
			return N_("The text is too long.");
		return NULL;
	}
	default:
		return N_("This setting has an unknown type.");
	}
}

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

enum cxm_err cxm_plugin_set_enabled(struct cxm_db *db, long long business_id, long long user_id,
                                    const char *name, int enabled)
{
	const struct cxm_plugin *p = cxm_plugins_find(name);
	if (!p)
		return CXM_ERR_NOT_FOUND;
	name = p->entry->name;
	enabled = enabled != 0;
	struct cxm_arena *a = cxm_arena_new(512);
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_begin(db);
	if (rc != CXM_OK)
		goto out;
	rc = cxm_db_query(db, a,
	                  "SELECT enabled FROM business_plugins WHERE business_id = ? AND plugin = ?"
	                  " FOR UPDATE",
	                  CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(name)), &r);
	if (rc != CXM_OK)
		goto fail;
	int now = r.nrows ? cxm_rows_int(&r, 0, 0, 1) != 0 : 1;
	if (now == enabled) {
		cxm_db_rollback(db);
		goto out;
	}
	rc = cxm_db_exec(db,
	                 "INSERT INTO business_plugins (business_id, plugin, enabled, updated_by, updated_at)"
	                 " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
	                 " enabled = VALUES(enabled), updated_by = VALUES(updated_by),"
	                 " updated_at = VALUES(updated_at)",
	                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(name), CXM_PINT(enabled),
	                            user_id ? CXM_PINT(user_id) : CXM_PNULL),
	                 NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_audit_actor(db, business_id, user_id, enabled ? "plugin.enable" : "plugin.disable",
		                     name, "");
	if (rc == CXM_OK)
		rc = cxm_db_commit(db);
	if (rc == CXM_OK)
		goto out;
fail:
	cxm_error("plugin %s for business %lld: switching %s failed: %s", name, business_id,
	          enabled ? "on" : "off", cxm_db_error(db));
	cxm_db_rollback(db);
	rc = CXM_ERR_DB;
out:
	cxm_arena_free(a);
	return rc;
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

static void say(char *err, size_t errsize, const char *what)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", what);
}

enum cxm_err cxm_plugin_settings_save(struct cxm_db *db, struct cxm_arena *a,
                                      long long business_id, long long user_id,
                                      const struct cxm_plugin *p, const char *const *values,
                                      int *bad_index, char *err, size_t errsize)
{
	const struct cxm_plugin_entry *e = p->entry;
	*bad_index = -1;
	say(err, errsize, "");
	const char **cur;
	if (cxm_plugin_settings_load(db, a, business_id, p, &cur) != CXM_OK) {
		cxm_error("plugin %s for business %lld: reading the settings failed: %s", e->name,
		          business_id, cxm_db_error(db));
		return CXM_ERR_DB;
	}
	size_t n = e->nsettings;
	const char **next = cxm_alloc(a, (n ? n : 1) * sizeof(*next));
	for (size_t i = 0; i < n; i++) {
		next[i] = values && values[i] ? values[i] : cur[i];
		const char *why = cxm_plugin_setting_check(&e->settings[i], next[i]);
		if (why) {
			*bad_index = (int)i;
			say(err, errsize, why);
			return CXM_ERR_INVALID;
		}
	}
	if (e->validate) {
		char why[256] = "";
		struct cxm_plugin_call call = {
			.entry = e, .plugin = e->name, .arena = a, .db = db,
			.business_id = business_id, .settings = next,
		};
		if (e->validate(&cxm_plugin_host, &call, next, n, why, sizeof(why)) != 0) {
			why[sizeof(why) - 1] = '\0';
			say(err, errsize, *why ? why : "the plugin refused these settings");
			return CXM_ERR_INVALID;
		}
	}
	struct cxm_buf keys;
	cxm_buf_init(&keys, a, 128);
	for (size_t i = 0; i < n; i++)
		if (strcmp(next[i], cur[i]) != 0)
			cxm_buf_printf(&keys, "%s%s", keys.len ? ", " : "", e->settings[i].key);
	if (!keys.len)
		return CXM_OK;  /* nothing changed: nothing written */
	enum cxm_err rc = cxm_db_begin(db);
	for (size_t i = 0; rc == CXM_OK && i < n; i++) {
		if (strcmp(next[i], cur[i]) == 0)
			continue;
		rc = cxm_db_exec(db,
		                 "INSERT INTO business_plugin_settings (business_id, plugin, setting, value)"
		                 " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(e->name),
		                            CXM_PSTR(e->settings[i].key), CXM_PSTR(next[i])),
		                 NULL, NULL);
	}
	/* The stored numbers of this plugin may no longer hold. */
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "DELETE FROM metric_snapshots WHERE business_id = ? AND plugin = ?",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(e->name)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_audit_actor(db, business_id, user_id, "plugin.config", e->name, keys.data);
	if (rc == CXM_OK)
		rc = cxm_db_commit(db);
	if (rc != CXM_OK) {
		cxm_error("plugin %s for business %lld: storing the settings failed: %s", e->name,
		          business_id, cxm_db_error(db));
		cxm_db_rollback(db);
		return CXM_ERR_DB;
	}
	return CXM_OK;
}
