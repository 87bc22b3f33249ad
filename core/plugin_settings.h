/* Plugins per business: which are on (business_plugins) and their settings
 * (business_plugin_settings), checked against each plugin's declarations
 * and its validate before they are stored, with an audit entry for every
 * change. See docs/plugins.md, "Per business". */
#ifndef CXM_PLUGIN_SETTINGS_H
#define CXM_PLUGIN_SETTINGS_H

#include <stddef.h>

#include "cxm/plugin.h"
#include "err.h"

struct cxm_arena;
struct cxm_db;
struct cxm_plugin;

/* 1 when the business uses the plugin called name (no row: on), 0 when it
 * switched it off, -1 on a database error. */
int cxm_plugin_enabled(struct cxm_db *db, long long business_id, const char *name);

/* Switches the plugin on or off for the business and writes the audit
 * entry (action "plugin.enable" / "plugin.disable", by user_id, 0 for
 * cxmctl). Setting the state it already has changes nothing and writes no
 * entry. CXM_ERR_NOT_FOUND when no loaded plugin has that name. */
enum cxm_err cxm_plugin_set_enabled(struct cxm_db *db, long long business_id, long long user_id,
                                    const char *name, int enabled);

/* The business's values of p's settings, in entry->settings order, each
 * the stored value or the declared default; from a. */
enum cxm_err cxm_plugin_settings_load(struct cxm_db *db, struct cxm_arena *a,
                                      long long business_id, const struct cxm_plugin *p,
                                      const char ***values);

/* Checks values (one per declared setting, in order; NULL: keep the
 * current value) against the declarations (type, bounds) and then p's
 * validate, and stores them in one transaction with an audit entry
 * ("plugin.config", naming the changed keys), deleting the business's
 * metric_snapshots of p, whose numbers the settings may change. On a bad
 * value returns CXM_ERR_INVALID with *bad_index set to the setting (or -1
 * when validate refused the whole set) and the reason in err, in English
 * (msgid-like for the host's checks; the plugin's own text for validate):
 * nothing is stored. */
enum cxm_err cxm_plugin_settings_save(struct cxm_db *db, struct cxm_arena *a,
                                      long long business_id, long long user_id,
                                      const struct cxm_plugin *p, const char *const *values,
                                      int *bad_index, char *err, size_t errsize);

/* "int", "number", "text", "bool": enum cxm_plugin_setting_type's names,
 * for cxmctl and logs. */
extern const char *const cxm_plugin_setting_type_names[CXM_PLUGIN_SETTING_TYPE_MAX];

/* Checks one value against a setting's declaration (type, bounds, length):
 * NULL when it is acceptable, else the reason as an English msgid (the
 * caller translates it with _()). The loader uses it on the defaults. */
const char *cxm_plugin_setting_check(const struct cxm_plugin_setting *s, const char *value);

/* A metric plugin a business uses, with its settings. */
struct cxm_business_plugin {
	const struct cxm_plugin *plugin;
	const char *const *settings;
};
/* The loaded plugins of kind (enum cxm_plugin_kind) that the business has
 * on, in the registry's order, with their settings; from a. */
enum cxm_err cxm_plugins_for_business(struct cxm_db *db, struct cxm_arena *a,
                                      long long business_id, int kind,
                                      struct cxm_business_plugin **out, size_t *n);

#endif
