/* The plugins of the installation as one business sees them
 * (administrators): every file of the registry with its name, version,
 * kind, description and state (a refused one with the loader's reason);
 * each loaded plugin on or off for this business with a button to switch
 * it (switching off asks for a confirmation first, since its cards
 * disappear) and its settings form. Values are checked by the host and the
 * plugin's validate (plugin_settings.c); the host's reasons are msgids,
 * shown translated next to the field, the plugin's are shown as given.
 * Everything is of the session's business. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/pages.h"
#include "plugin.h"
#include "plugin_settings.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { FL_DONE, FL_PLUGIN };  /* GET /admin/plugins */
enum { FP_NAME, FP_CONFIRM };  /* /admin/plugins/{name}/... */

/* The notice after a change (?done=on|off|saved, the route's choices in
 * routes.c, their index i) to plugin name. */
static const char *done_text(struct cxm_req *req, long long i, const char *name)
{
	switch (i) {
	case 0: return cxm_printf(req->arena, _("The plugin “%s” is now on for this business."), name);
	case 1: return cxm_printf(req->arena, _("The plugin “%s” is now off for this business."), name);
	default: return cxm_printf(req->arena, _("The settings of “%s” were saved."), name);
	}
}

static const char *const kind_labels[CXM_PLUGIN_KIND_MAX] = {
	N_("Metric"), N_("Segmentation"), N_("Recommendation"),
};

/* A settings form shown again after a refused POST: the plugin, what was
 * sent (one per setting, NULL: not sent), the setting at fault (-1: the
 * plugin's validate refused the set) and the reason (translated, or the
 * plugin's own words). */
struct refused {
	const struct cxm_plugin *plugin;
	const char *const *sent;
	int bad;
	const char *why;
};

/* A bound as the declaration gives it ("%g": 1000, 0.5). */
static const char *num(struct cxm_arena *a, double v)
{
	return cxm_printf(a, "%g", v);
}

/* The fields of one plugin's settings form. */
static void show_settings(struct cxm_req *req, struct cxm_dict *d, const struct cxm_plugin *p,
                          const char **values, const struct refused *r)
{
	const struct cxm_plugin_entry *e = p->entry;
	if (!e->nsettings)
		return;
	struct cxm_dict *f = cxm_dict_section(d, "SETTINGS");
	cxm_dict_set(f, "NAME", e->name);
	int mine = r && r->plugin == p;
	if (mine && r->bad < 0)
		cxm_dict_set(cxm_dict_section(f, "REFUSED_BY_PLUGIN"), "WHY", r->why);
	else if (mine)
		cxm_dict_show(f, "CHECK_FIELDS");
	for (size_t i = 0; i < e->nsettings; i++) {
		const struct cxm_plugin_setting *s = &e->settings[i];
		struct cxm_dict *row = cxm_dict_section(f, "SETTING");
		const char *value = mine && r->sent[i] ? r->sent[i] : values[i];
		cxm_dict_set(row, "FIELD", cxm_printf(req->arena, "s_%s", s->key));
		cxm_dict_set(row, "ID", cxm_printf(req->arena, "s-%s-%s", e->name, s->key));
		cxm_dict_set(row, "LABEL", _(s->label));
		if (s->help)
			cxm_dict_set(cxm_dict_section(row, "HELP"), "TEXT", _(s->help));
		cxm_dict_set(row, "DEFAULT", s->type == CXM_PLUGIN_SETTING_BOOL
		                                ? (strcmp(s->def, "1") == 0 ? _("Yes") : _("No"))
		                                : s->def);
		const char *range = NULL;
		if ((s->type == CXM_PLUGIN_SETTING_INT || s->type == CXM_PLUGIN_SETTING_NUMBER) &&
		    !(s->min == 0 && s->max == 0))
			range = cxm_printf(req->arena, _("From %s to %s."), num(req->arena, s->min),
			                   num(req->arena, s->max));
		else if (s->type == CXM_PLUGIN_SETTING_TEXT)
			range = cxm_printf(req->arena, _("At most %s bytes."),
			                   num(req->arena, s->max > 0 ? s->max : 255));
		if (range)
			cxm_dict_set(cxm_dict_section(row, "RANGE"), "TEXT", range);
		if (s->type == CXM_PLUGIN_SETTING_BOOL) {
			struct cxm_dict *b = cxm_dict_section(row, "BOOL");
			static const char *const codes[] = {"1", "0"};
			for (int k = 0; k < 2; k++) {
				struct cxm_dict *o = cxm_dict_section(b, "OPTION");
				cxm_dict_set(o, "VALUE", codes[k]);
				cxm_dict_set(o, "LABEL", k == 0 ? _("Yes") : _("No"));
				if (strcmp(value, codes[k]) == 0)
					cxm_dict_show(o, "SELECTED");
			}
		} else {
			struct cxm_dict *t = cxm_dict_section(row, "TEXT_INPUT");
			cxm_dict_set(t, "VALUE", value);
			cxm_dict_set(t, "MODE", s->type == CXM_PLUGIN_SETTING_INT      ? "numeric"
			                        : s->type == CXM_PLUGIN_SETTING_NUMBER ? "decimal"
			                                                               : "text");
		}
		if (mine && r->bad == (int)i)
			cxm_dict_set(cxm_dict_section(row, "ERR"), "MSG", r->why);
	}
}

/* The whole page with an optional notice (kind "ok" or "error") and a
 * refused settings form; status 200, or 422 for a refused form. */
static int show(struct cxm_req *req, const char *kind, const char *notice, const struct refused *r)
{
	const struct cxm_plugins *reg = cxm_plugins_registry();
	long long biz = req->session->business_id;
	struct cxm_dict *d = cxm_page_begin(req, "plugins.tpl", _("Plugins"));
	req->status = r ? 422 : 200;
	if (notice)
		cxm_page_notice(d, kind, notice);
	if (!reg->n)
		cxm_dict_show(d, "EMPTY");
	struct cxm_dict *t = reg->n ? cxm_dict_section(d, "ROWS") : NULL;
	for (size_t i = 0; i < reg->n; i++) {
		const struct cxm_plugin *p = &reg->v[i];
		const struct cxm_plugin_entry *e = p->entry;
		struct cxm_dict *row = cxm_dict_section(t, "ROW");
		cxm_dict_set(row, "FILE", p->file);
		if (p->state != CXM_PLUGIN_LOADED) {
			cxm_dict_set(row, "NAME", "—");
			cxm_dict_set(row, "VERSION", "—");
			cxm_dict_set(row, "KIND", "—");
			cxm_dict_set(cxm_dict_section(row, "REFUSED"), "REASON", p->reason);
			continue;
		}
		int on = cxm_plugin_enabled(req->db, biz, e->name);
		const char **values;
		if (on < 0 || cxm_plugin_settings_load(req->db, req->arena, biz, p, &values) != CXM_OK) {
			cxm_error("plugins page of business %lld: %s", biz, cxm_db_error(req->db));
			return 503;
		}
		cxm_dict_set(row, "NAME", e->name);
		cxm_dict_set(row, "VERSION", e->version ? e->version : "");
		cxm_dict_set(row, "KIND", _(kind_labels[e->kind]));
		if (e->description)
			cxm_dict_set(cxm_dict_section(row, "DESCRIPTION"), "TEXT", _(e->description));
		struct cxm_dict *l = cxm_dict_section(row, "LOADED");
		cxm_dict_set(l, "STATE", on ? _("On for this business") : _("Off for this business"));
		cxm_dict_show(l, on ? "CAN_DISABLE" : "CAN_ENABLE");
		if (!on)
			cxm_dict_show(row, "IS_OFF");
		struct cxm_dict *s = cxm_dict_section(d, "PLUGIN_SETTINGS");
		cxm_dict_set(s, "NAME", e->name);
		if (!e->nsettings)
			cxm_dict_show(s, "NO_SETTINGS");
		show_settings(req, s, p, values, r);
	}
	return cxm_page_end(req);
}

int cxm_page_plugins(struct cxm_req *req)
{
	const struct cxm_field *done = cxm_field(req, FL_DONE), *name = cxm_field(req, FL_PLUGIN);
	if (done->present && done->valid && name->present && name->valid && cxm_plugins_find(name->s))
		return show(req, "ok", done_text(req, done->i, name->s), NULL);
	return show(req, NULL, NULL, NULL);
}

/* The loaded plugin named in the path, or NULL (then the caller answers 404). */
static const struct cxm_plugin *path_plugin(struct cxm_req *req)
{
	const struct cxm_field *f = cxm_field(req, FP_NAME);
	return f->present && f->valid ? cxm_plugins_find(f->s) : NULL;
}

/* Back to the list with the notice of what was done (?done=...). */
static int done(struct cxm_req *req, const char *what, const char *name)
{
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/admin/plugins?done=%s&plugin=%s",
	                                       req->base, what, name));
	return 303;
}

static int set_state(struct cxm_req *req, const struct cxm_plugin *p, int on)
{
	if (cxm_plugin_set_enabled(req->db, req->session->business_id, req->session->user_id,
	                           p->entry->name, on) != CXM_OK)
		return 503;
	return done(req, on ? "on" : "off", p->entry->name);
}

int cxm_page_plugin_enable(struct cxm_req *req)
{
	const struct cxm_plugin *p = path_plugin(req);
	return p ? set_state(req, p, 1) : 404;
}

/* The confirmation before switching p off, with an error notice or none. */
static int disable_page(struct cxm_req *req, const struct cxm_plugin *p, const char *error)
{
	const char *name = p->entry->name;
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, cxm_printf(req->arena, _("Turn off the plugin “%s”?"), name),
		cxm_printf(req->arena, "%s/admin/plugins/%s/disable", req->base, name),
		cxm_printf(req->arena, "%s/admin/plugins", req->base), _("Plugins"),
		_("I understand that its cards disappear for this business."), _("Turn off"), 1);
	if (error) {
		req->status = 422;
		cxm_page_notice(d, "error", error);
	}
	cxm_cp_confirm_para(d, _("Its metrics disappear from this business's dashboard until the "
	                         "plugin is turned on again. Its settings and the values already "
	                         "computed are kept; other businesses are not affected."));
	return cxm_page_end(req);
}

int cxm_page_plugin_disable_form(struct cxm_req *req)
{
	const struct cxm_plugin *p = path_plugin(req);
	return p ? disable_page(req, p, NULL) : 404;
}

int cxm_page_plugin_disable(struct cxm_req *req)
{
	const struct cxm_plugin *p = path_plugin(req);
	if (!p)
		return 404;
	const struct cxm_field *c = cxm_field(req, FP_CONFIRM);
	if (!c->valid || c->i != 1)
		return disable_page(req, p, _("Tick the box to confirm. Nothing was changed."));
	return set_state(req, p, 0);
}

int cxm_page_plugin_settings_save(struct cxm_req *req)
{
	const struct cxm_plugin *p = path_plugin(req);
	if (!p)
		return 404;
	const struct cxm_plugin_entry *e = p->entry;
	const char **sent = cxm_alloc(req->arena, (e->nsettings ? e->nsettings : 1) * sizeof(*sent));
	for (size_t i = 0; i < e->nsettings; i++)
		sent[i] = cxm_req_param(req, cxm_printf(req->arena, "s_%s", e->settings[i].key));
	int bad;
	char err[256];
	enum cxm_err rc = cxm_plugin_settings_save(req->db, req->arena, req->session->business_id,
	                                           req->session->user_id, p, sent, &bad, err,
	                                           sizeof(err));
	if (rc == CXM_ERR_INVALID) {
		struct refused r = {
			.plugin = p, .sent = sent, .bad = bad,
			.why = bad >= 0 ? _(err) : cxm_strdup(req->arena, err),
		};
		return show(req, "error",
		            bad >= 0 ? _("Check the highlighted fields. Nothing was saved.")
		                     : _("The plugin refused these settings. Nothing was saved."),
		            &r);
	}
	if (rc != CXM_OK)
		return 503;
	return done(req, "saved", e->name);
}
