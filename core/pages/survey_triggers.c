/* The admin page of automatic surveys (/admin/surveys/automation): the
 * journey triggers ("invite to survey S N days after a visit, a purchase,
 * a call, a message or a resolved complaint"), each enabled, disabled or
 * deleted (after a confirmation page), and the business's survey settings
 * (quiet period, the low scores that open a follow-up, who gets it). Each
 * form shows its refusals next to the fields; every change is audited. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/survey_pages.h"
#include "route.h"
#include "session.h"
#include "survey_invite.h"
#include "tmpl.h"

enum { FT_SURVEY, FT_EVENT, FT_DELAY };   /* POST /admin/surveys/triggers */
enum { FI_ID };                           /* /admin/surveys/triggers/{id}/... */
/* POST /admin/surveys/settings */
enum { FS_QUIET, FS_NPS, FS_CSAT, FS_CES, FS_RULE, FS_USER };

static const char *const rule_labels[] = {
	N_("Nobody (the item waits in the inbox)"), N_("One user"), N_("The managers in turn"),
};
static const char *const rule_codes[] = {"none", "user", "round_robin"};

static const char *survey_title(struct cxm_req *req, long long id, const char *ru, const char *en)
{
	const char *t = req->lang == CXM_LANG_EN ? en : ru;
	if (!t || !*t)
		t = req->lang == CXM_LANG_EN ? ru : en;
	return t && *t ? t : cxm_printf(req->arena, _("Survey #%lld"), id);
}

static const char *event_label(const char *code)
{
	for (int i = 0; i < CXM_TE_MAX; i++)
		if (strcmp(code, cxm_trigger_event_names[i]) == 0)
			return _(cxm_trigger_event_labels[i]);
	return code;
}

/* The page; err: per-form refusals already in d (form_state) and a notice. */
static int show(struct cxm_req *req, int form, const char *kind, const char *notice)
{
	long long biz = req->session->business_id;
	struct cxm_cp_business b;
	int rc = cxm_cp_business(req, &b);
	if (rc)
		return rc;
	struct cxm_rows t, s, st, u;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT t.id, t.survey_id, s.title_ru, s.title_en, t.event, t.delay_days, t.active,"
	                 " DATE_FORMAT(t.created_at, '%Y-%m-%d %H:%i:%s'),"
	                 " (SELECT COUNT(*) FROM survey_invitations si WHERE si.trigger_id = t.id)"
	                 " FROM survey_triggers t JOIN surveys s ON s.id = t.survey_id AND s.business_id = t.business_id"
	                 " WHERE t.business_id = ? ORDER BY t.id",
	                 CXM_PARAMS(CXM_PINT(biz)), &t) != CXM_OK ||
	    cxm_db_query(req->db, req->arena,
	                 "SELECT id, title_ru, title_en FROM surveys WHERE business_id = ? AND deleted_at IS NULL"
	                 " AND status = 'active' ORDER BY id LIMIT 200",
	                 CXM_PARAMS(CXM_PINT(biz)), &s) != CXM_OK ||
	    cxm_db_query(req->db, req->arena,
	                 "SELECT quiet_days, nps_low_max, csat_low_max, ces_hard_count, followup_rule,"
	                 " followup_user_id FROM survey_settings WHERE business_id = ?",
	                 CXM_PARAMS(CXM_PINT(biz)), &st) != CXM_OK ||
	    cxm_db_query(req->db, req->arena,
	                 "SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
	                 " WHERE m.business_id = ? AND m.disabled = 0 AND m.role IN ('manager', 'admin', 'owner')"
	                 " ORDER BY u.name, u.id LIMIT 500",
	                 CXM_PARAMS(CXM_PINT(biz)), &u) != CXM_OK) {
		cxm_error("survey automation page: %s", cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *d = cxm_page_begin(req, "survey_triggers.tpl", _("Automatic surveys"));
	req->status = form ? 422 : 200;
	if (notice)
		cxm_page_notice(d, kind, notice);
	if (form)
		cxm_page_form_state(req, d);
	cxm_dict_set(d, "TIMEZONE", b.timezone);
	if (!t.nrows)
		cxm_dict_show(d, "NO_TRIGGERS");
	else {
		struct cxm_dict *l = cxm_dict_section(d, "TRIGGERS");
		for (size_t i = 0; i < t.nrows; i++) {
			struct cxm_dict *row = cxm_dict_section(l, "TRIGGER");
			long long sid = cxm_rows_int(&t, i, 1, 0);
			cxm_dict_set(row, "ID", cxm_rows_get(&t, i, 0));
			cxm_dict_set(row, "SURVEY", survey_title(req, sid, cxm_rows_get(&t, i, 2), cxm_rows_get(&t, i, 3)));
			cxm_dict_set(row, "EVENT", event_label(cxm_rows_get(&t, i, 4)));
			cxm_dict_set(row, "DELAY", cxm_rows_get(&t, i, 5));
			int on = cxm_rows_int(&t, i, 6, 0) != 0;
			cxm_dict_set(row, "STATE", on ? _("On") : _("Off"));
			cxm_dict_set(row, "TOGGLE", on ? _("Turn off") : _("Turn on"));
			cxm_dict_set(row, "CREATED", cxm_cp_local_minutes(req, b.timezone, cxm_rows_get(&t, i, 7)));
			cxm_dict_set(row, "INVITED", cxm_rows_get(&t, i, 8));
		}
	}
	const char *sel_survey = form == 1 ? cxm_field(req, FT_SURVEY)->raw : NULL;
	const char *sel_event = form == 1 ? cxm_field(req, FT_EVENT)->raw : NULL;
	if (!s.nrows)
		cxm_dict_show(d, "NO_SURVEYS");
	for (size_t i = 0; i < s.nrows; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "SURVEY_OPTION");
		long long id = cxm_rows_int(&s, i, 0, 0);
		cxm_dict_set_int(o, "VALUE", id);
		cxm_dict_set(o, "LABEL", survey_title(req, id, cxm_rows_get(&s, i, 1), cxm_rows_get(&s, i, 2)));
		if (sel_survey && strcmp(sel_survey, cxm_rows_get(&s, i, 0)) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	for (int i = 0; i < CXM_TE_MAX; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "EVENT_OPTION");
		cxm_dict_set(o, "VALUE", cxm_trigger_event_names[i]);
		cxm_dict_set(o, "LABEL", _(cxm_trigger_event_labels[i]));
		if (sel_event && strcmp(sel_event, cxm_trigger_event_names[i]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	if (form != 1)
		cxm_dict_set(d, "VALUE_DELAY_DAYS", "3");
	/* the settings, as stored (or the defaults) unless the form came back */
	if (form != 2) {
		cxm_dict_set(d, "VALUE_QUIET_DAYS", st.nrows ? cxm_rows_get(&st, 0, 0) : "30");
		cxm_dict_set(d, "VALUE_NPS_LOW_MAX", st.nrows ? cxm_rows_get(&st, 0, 1) : "6");
		cxm_dict_set(d, "VALUE_CSAT_LOW_MAX", st.nrows ? cxm_rows_get(&st, 0, 2) : "2");
		cxm_dict_set(d, "VALUE_CES_HARD_COUNT", st.nrows ? cxm_rows_get(&st, 0, 3) : "2");
	}
	const char *rule = form == 2 ? cxm_field(req, FS_RULE)->raw : st.nrows ? cxm_rows_get(&st, 0, 4) : "none";
	const char *user = form == 2 ? cxm_field(req, FS_USER)->raw : st.nrows ? cxm_rows_get(&st, 0, 5) : NULL;
	for (int i = 0; i < 3; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "RULE_OPTION");
		cxm_dict_set(o, "VALUE", rule_codes[i]);
		cxm_dict_set(o, "LABEL", _(rule_labels[i]));
		if (rule && strcmp(rule, rule_codes[i]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	struct cxm_dict *none = cxm_dict_section(d, "USER_OPTION");
	cxm_dict_set(none, "VALUE", "");
	cxm_dict_set(none, "LABEL", "—");
	for (size_t i = 0; i < u.nrows; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "USER_OPTION");
		cxm_dict_set(o, "VALUE", cxm_rows_get(&u, i, 0));
		cxm_dict_set(o, "LABEL", cxm_printf(req->arena, "%s <%s>", cxm_rows_get(&u, i, 1), cxm_rows_get(&u, i, 2)));
		if (user && strcmp(user, cxm_rows_get(&u, i, 0)) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	return cxm_page_end(req);
}

/* The notices after a change (?done=...), in the order of the route's
 * choices (pages/routes.c). */
static const char *const done_texts[] = {
	N_("The automatic survey has been added."), N_("The automatic survey is on."),
	N_("The automatic survey is off."), N_("The automatic survey has been deleted."),
	N_("The settings have been saved."),
};

int cxm_page_survey_triggers(struct cxm_req *req)
{
	const struct cxm_field *done = cxm_field(req, 0);
	if (done->present && done->valid && done->i >= 0 &&
	    (size_t)done->i < sizeof(done_texts) / sizeof(done_texts[0]))
		return show(req, 0, "ok", _(done_texts[done->i]));
	return show(req, 0, NULL, NULL);
}

/* Marks field i invalid with reason msg (shown next to it). */
static void refuse(struct cxm_req *req, size_t i, const char *msg)
{
	req->fields[i].valid = 0;
	req->fields[i].error = msg;
}

int cxm_page_survey_trigger_add(struct cxm_req *req)
{
	long long biz = req->session->business_id;
	const struct cxm_field *sf = cxm_field(req, FT_SURVEY), *ef = cxm_field(req, FT_EVENT),
	                       *df = cxm_field(req, FT_DELAY);
	/* an id that is not one of the business's surveys: as if it did not
	 * exist (404), before anything else is judged */
	if (sf->valid && sf->present) {
		struct cxm_rows r;
		if (cxm_db_query(req->db, req->arena,
		                 "SELECT deleted_at IS NULL AND status = 'active' FROM surveys WHERE id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(sf->i), CXM_PINT(biz)), &r) != CXM_OK)
			return 503;
		if (!r.nrows)
			return 404;
		if (!cxm_rows_int(&r, 0, 0, 0))
			refuse(req, FT_SURVEY, _("Choose one of the listed surveys."));
	}
	if (sf->valid && !sf->present)
		refuse(req, FT_SURVEY, _("Choose a survey."));
	if (ef->valid && !ef->present)
		refuse(req, FT_EVENT, _("Choose the event."));
	if (df->valid && !df->present)
		refuse(req, FT_DELAY, _("Enter a number of days from 0 to 365."));
	for (size_t i = FT_SURVEY; i <= FT_DELAY; i++)
		if (!cxm_field(req, i)->valid)
			return show(req, 1, "error", _("Check the highlighted fields."));
	const char *event = cxm_trigger_event_names[ef->i];
	uint64_t id = 0;
	if (cxm_db_exec(req->db,
	                "INSERT INTO survey_triggers (business_id, survey_id, event, delay_days, created_by,"
	                " created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
	                CXM_PARAMS(CXM_PINT(biz), CXM_PINT(sf->i), CXM_PSTR(event), CXM_PINT(df->i),
	                           CXM_PINT(req->session->user_id)),
	                NULL, &id) != CXM_OK) {
		cxm_error("survey trigger: %s", cxm_db_error(req->db));
		return 503;
	}
	cxm_audit(req, biz, "survey_trigger_added", cxm_printf(req->arena, "trigger #%llu", (unsigned long long)id),
	          cxm_printf(req->arena, "survey #%lld, %lld days after %s", sf->i, df->i, event));
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/admin/surveys/automation?done=added", req->base));
	return 303;
}

/* Trigger id of the session's business: its event, delay, survey title
 * and state into r. 0, 404 or 503. */
static int load_trigger(struct cxm_req *req, long long id, struct cxm_rows *r)
{
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT t.event, t.delay_days, s.title_ru, s.title_en, t.survey_id, t.active"
	                 " FROM survey_triggers t JOIN surveys s ON s.id = t.survey_id"
	                 " WHERE t.id = ? AND t.business_id = ?",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), r) != CXM_OK) {
		cxm_error("survey trigger %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	return r->nrows ? 0 : 404;
}

int cxm_page_survey_trigger_toggle(struct cxm_req *req)
{
	long long id = cxm_field(req, FI_ID)->i, biz = req->session->business_id;
	struct cxm_rows r;
	int rc = load_trigger(req, id, &r);
	if (rc)
		return rc;
	int on = cxm_rows_int(&r, 0, 5, 0) == 0;
	if (cxm_db_exec(req->db, "UPDATE survey_triggers SET active = ? WHERE id = ? AND business_id = ?",
	                CXM_PARAMS(CXM_PINT(on), CXM_PINT(id), CXM_PINT(biz)), NULL, NULL) != CXM_OK)
		return 503;
	cxm_audit(req, biz, on ? "survey_trigger_enabled" : "survey_trigger_disabled",
	          cxm_printf(req->arena, "trigger #%lld", id), "");
	cxm_resp_redirect(req, 303,
	                  cxm_printf(req->arena, "%s/admin/surveys/automation?done=%s", req->base, on ? "on" : "off"));
	return 303;
}

int cxm_page_survey_trigger_delete_form(struct cxm_req *req)
{
	long long id = cxm_field(req, FI_ID)->i;
	struct cxm_rows r;
	int rc = load_trigger(req, id, &r);
	if (rc)
		return rc;
	const char *back = cxm_printf(req->arena, "%s/admin/surveys/automation", req->base);
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, _("Delete the automatic survey?"),
		cxm_printf(req->arena, "%s/admin/surveys/triggers/%lld/delete", req->base, id), back,
		_("Automatic surveys"), NULL, _("Delete"), 1);
	cxm_cp_confirm_para(
		d, cxm_printf(req->arena, _("“%s”, %s days after %s."),
		              survey_title(req, cxm_rows_int(&r, 0, 4, 0), cxm_rows_get(&r, 0, 2), cxm_rows_get(&r, 0, 3)),
		              cxm_rows_get(&r, 0, 1), event_label(cxm_rows_get(&r, 0, 0))));
	cxm_cp_confirm_para(d, _("No more invitations are made by it. The invitations it made and their answers are "
	                         "kept."));
	return cxm_page_end(req);
}

int cxm_page_survey_trigger_delete(struct cxm_req *req)
{
	long long id = cxm_field(req, FI_ID)->i, biz = req->session->business_id;
	struct cxm_rows r;
	int rc = load_trigger(req, id, &r);
	if (rc)
		return rc;
	if (cxm_db_exec(req->db, "DELETE FROM survey_triggers WHERE id = ? AND business_id = ?",
	                CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), NULL, NULL) != CXM_OK)
		return 503;
	cxm_audit(req, biz, "survey_trigger_deleted", cxm_printf(req->arena, "trigger #%lld", id),
	          cxm_printf(req->arena, "survey #%lld, %s days after %s", cxm_rows_int(&r, 0, 4, 0),
	                     cxm_rows_get(&r, 0, 1), cxm_rows_get(&r, 0, 0)));
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/admin/surveys/automation?done=deleted", req->base));
	return 303;
}

int cxm_page_survey_settings_save(struct cxm_req *req)
{
	long long biz = req->session->business_id;
	const struct cxm_field *rule = cxm_field(req, FS_RULE), *user = cxm_field(req, FS_USER);
	static const char *const required[] = {
		N_("Enter a number of days from 0 to 365."), N_("Enter a score from 0 to 10."),
		N_("Enter a score from 1 to 5."), N_("Enter a number of points from 1 to 6."),
	};
	for (size_t i = FS_QUIET; i <= FS_CES; i++)
		if (cxm_field(req, i)->valid && !cxm_field(req, i)->present)
			refuse(req, i, _(required[i]));
	long long uid = 0;
	/* a user who is not a member of the business: 404, before anything
	 * else is judged; a member who cannot take follow-ups: next to the field */
	if (user->present && user->valid) {
		struct cxm_rows r;
		if (cxm_db_query(req->db, req->arena,
		                 "SELECT disabled = 0 AND role IN ('manager', 'admin', 'owner') FROM memberships"
		                 " WHERE business_id = ? AND user_id = ?",
		                 CXM_PARAMS(CXM_PINT(biz), CXM_PINT(user->i)), &r) != CXM_OK)
			return 503;
		if (!r.nrows)
			return 404;
		if (!cxm_rows_int(&r, 0, 0, 0))
			refuse(req, FS_USER, _("Choose one of the listed users."));
	}
	if (rule->valid && rule->present && rule->i == 1) {
		if (user->valid && !user->present)
			refuse(req, FS_USER, _("Choose the user who gets the follow-ups."));
		else if (user->valid)
			uid = user->i;
	}
	for (size_t i = FS_QUIET; i <= FS_USER; i++)
		if (!cxm_field(req, i)->valid)
			return show(req, 2, "error", _("Check the highlighted fields."));
	const char *rule_code = rule->present ? rule_codes[rule->i] : "none";
	long long q = cxm_field(req, FS_QUIET)->i, n = cxm_field(req, FS_NPS)->i, c = cxm_field(req, FS_CSAT)->i,
	          e = cxm_field(req, FS_CES)->i;
	if (cxm_db_exec(req->db,
	                "INSERT INTO survey_settings (business_id, quiet_days, nps_low_max, csat_low_max,"
	                " ces_hard_count, followup_rule, followup_user_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
	                " ON DUPLICATE KEY UPDATE quiet_days = VALUES(quiet_days), nps_low_max = VALUES(nps_low_max),"
	                " csat_low_max = VALUES(csat_low_max), ces_hard_count = VALUES(ces_hard_count),"
	                " followup_rule = VALUES(followup_rule), followup_user_id = VALUES(followup_user_id)",
	                CXM_PARAMS(CXM_PINT(biz), CXM_PINT(q), CXM_PINT(n), CXM_PINT(c), CXM_PINT(e), CXM_PSTR(rule_code),
	                           uid ? CXM_PINT(uid) : CXM_PNULL),
	                NULL, NULL) != CXM_OK) {
		cxm_error("survey settings: %s", cxm_db_error(req->db));
		return 503;
	}
	cxm_audit(req, biz, "survey_settings_changed", req->session->business_slug,
	          cxm_printf(req->arena, "quiet_days %lld, nps_low_max %lld, csat_low_max %lld, ces_hard_count %lld,"
	                                 " followup %s%s",
	                     q, n, c, e, rule_code, uid ? cxm_printf(req->arena, " (user #%lld)", uid) : ""));
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/admin/surveys/automation?done=settings", req->base));
	return 303;
}
