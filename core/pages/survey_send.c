/* A manager sends surveys by hand: to one client from the client's page
 * (refused when the client has no e-mail; allowed with a warning when the
 * client opted out of automatic surveys or was invited within the quiet
 * period; the message goes out at once), or to every client of the client
 * list's current filter after a confirmation page that counts who is
 * invited and who is skipped (no e-mail, opted out, quiet period; at most
 * CXM_INVITE_BULK_CAP clients; the job runner sends them). The same
 * manual send posted twice within a minute sends once. A toggle on the
 * client's page sets clients.survey_opt_out. Every change is audited. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "client.h"
#include "client_list.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "mail.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/survey_pages.h"
#include "route.h"
#include "session.h"
#include "survey_invite.h"
#include "tmpl.h"

enum { FS_ID, FS_SURVEY };      /* POST /clients/{id}/survey */
enum { FO_ID, FO_OPT_OUT };     /* POST /clients/{id}/survey-opt-out */
/* /clients/survey: the client list's fields (CXM_CLIENT_LIST_FIELDS, 19
 * of them, read by cxm_cp_read_filter), then the survey */
enum { FB_LIST = 19, FB_SURVEY = FB_LIST };

#define MAX_SURVEYS 200

/* The survey's title in the request's language (the other one, or
 * "Survey #id", when it has none). */
static const char *title_of(struct cxm_req *req, long long id, const char *ru, const char *en)
{
	const char *t = req->lang == CXM_LANG_EN ? en : ru;
	if (!t || !*t)
		t = req->lang == CXM_LANG_EN ? ru : en;
	return t && *t ? t : cxm_printf(req->arena, _("Survey #%lld"), id);
}

/* The business's active surveys (id, title_ru, title_en). 0 or 503. */
static int active_surveys(struct cxm_req *req, struct cxm_rows *r)
{
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT id, title_ru, title_en FROM surveys WHERE business_id = ? AND deleted_at IS NULL"
	                 " AND status = 'active' ORDER BY id LIMIT ?",
	                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(MAX_SURVEYS)), r) != CXM_OK) {
		cxm_error("surveys: %s", cxm_db_error(req->db));
		return 503;
	}
	return 0;
}

/* The title of survey id of the session's business, or NULL when it is not
 * an active survey of it; *st 503 on a database error. */
static const char *survey_title(struct cxm_req *req, long long id, int *st)
{
	struct cxm_rows r;
	*st = 0;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT title_ru, title_en FROM surveys WHERE id = ? AND business_id = ?"
	                 " AND deleted_at IS NULL AND status = 'active'",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r) != CXM_OK) {
		cxm_error("survey %lld: %s", id, cxm_db_error(req->db));
		*st = 503;
		return NULL;
	}
	return r.nrows ? title_of(req, id, cxm_rows_get(&r, 0, 0), cxm_rows_get(&r, 0, 1)) : NULL;
}

/* A page with a heading, a paragraph and a way back (status as given). */
static int message_page(struct cxm_req *req, int status, const char *heading, const char *text,
                        const char *back_url, const char *back_label)
{
	struct cxm_dict *d = cxm_page_begin(req, "survey_refusal.tpl", heading);
	req->status = status;
	cxm_dict_set(d, "HEADING", heading);
	cxm_dict_set(d, "TEXT", text);
	cxm_dict_set(d, "BACK_URL", back_url);
	cxm_dict_set(d, "BACK_LABEL", back_label);
	return cxm_page_end(req);
}

int cxm_survey_client_section(struct cxm_req *req, struct cxm_dict *d, const struct cxm_cp_client *c)
{
	struct cxm_invite_client st;
	if (cxm_invite_client_state(req->db, req->arena, req->session->business_id, c->id, NULL, &st) != CXM_OK)
		return 503;
	struct cxm_rows r;
	int rc = active_surveys(req, &r);
	if (rc)
		return rc;
	struct cxm_dict *s = cxm_dict_section(d, "SURVEY_SEND");
	if (!st.has_email)
		cxm_dict_show(s, "NO_EMAIL");
	if (st.opted_out)
		cxm_dict_show(s, "WARN_OPT_OUT");
	if (st.quiet)
		cxm_dict_set(cxm_dict_section(s, "WARN_QUIET"), "QUIET_TEXT",
		             cxm_printf(req->arena,
		                        cxm_ngettext("The client was invited to a survey within the last %lld day "
		                                     "(the quiet period). You may still send one by hand.",
		                                     "The client was invited to a survey within the last %lld days "
		                                     "(the quiet period). You may still send one by hand.",
		                                     (unsigned long)st.quiet_days),
		                        st.quiet_days));
	if (!r.nrows)
		cxm_dict_show(s, "NO_SURVEYS");
	else if (st.has_email) {
		struct cxm_dict *f = cxm_dict_section(s, "SEND_FORM");
		for (size_t i = 0; i < r.nrows; i++) {
			struct cxm_dict *o = cxm_dict_section(f, "SURVEY_OPTION");
			long long id = cxm_rows_int(&r, i, 0, 0);
			cxm_dict_set_int(o, "ID", id);
			cxm_dict_set(o, "TITLE", title_of(req, id, cxm_rows_get(&r, i, 1), cxm_rows_get(&r, i, 2)));
		}
	}
	cxm_dict_set(s, "OPT_OUT_STATE", st.opted_out ? _("Automatic surveys: not sent to this client.")
	                                              : _("Automatic surveys: sent to this client."));
	cxm_dict_set(s, "OPT_OUT_NEXT", st.opted_out ? "0" : "1");
	cxm_dict_set(s, "OPT_OUT_BUTTON", st.opted_out ? _("Send automatic surveys again")
	                                               : _("Do not send automatic surveys"));
	return 0;
}

/* ---- one client ------------------------------------------------------------- */

/* Client id of the session's business, live and not erased: 0, 404 or
 * 403 (erased), 503. */
static int live_client(struct cxm_req *req, long long id, struct cxm_cp_client *c)
{
	int rc = cxm_cp_load_client(req, id, 0, c);
	if (rc)
		return rc;
	if (!c->live || c->merged_into)
		return 404;
	if (c->erased) {
		req->error_detail = _("Nothing can be sent to an erased client.");
		return 403;
	}
	return 0;
}

int cxm_page_client_survey_send(struct cxm_req *req)
{
	long long id = cxm_field(req, FS_ID)->i, biz = req->session->business_id;
	struct cxm_cp_client c;
	int rc = live_client(req, id, &c);
	if (rc)
		return rc;
	const char *back = cxm_printf(req->arena, "%s/clients/%lld#survey", req->base, id);
	const char *name = cxm_cp_client_name(req, c.id, c.v[CXM_CF_NAME], c.erased);
	const struct cxm_field *sf = cxm_field(req, FS_SURVEY);
	if (!sf->present || !sf->valid)
		return message_page(req, 422, _("The survey was not sent"), _("Choose a survey."), back, name);
	long long survey = sf->i;
	const char *title = survey_title(req, survey, &rc);
	if (rc)
		return rc;
	if (!title)
		return 404;   /* not a survey of this business */
	struct cxm_invite_client st;
	if (cxm_invite_client_state(req->db, req->arena, biz, id, NULL, &st) != CXM_OK)
		return 503;
	if (!st.has_email)
		return message_page(req, 422, _("The survey was not sent"),
		                    _("This client has no e-mail address, so a survey cannot be sent. Add the "
		                      "address to the client's profile first."),
		                    back, name);
	/* a second submission of the same form (within a minute) sends nothing more */
	struct cxm_rows dup;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT 1 FROM survey_invitations WHERE business_id = ? AND client_id = ? AND survey_id = ?"
	                 " AND source = 'manual' AND created_at > UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE LIMIT 1",
	                 CXM_PARAMS(CXM_PINT(biz), CXM_PINT(id), CXM_PINT(survey)), &dup) != CXM_OK)
		return 503;
	if (dup.nrows) {
		cxm_resp_redirect(req, 303,
		                  cxm_printf(req->arena, "%s/clients/%lld?done=survey_sent#survey", req->base, id));
		return 303;
	}
	uint64_t inv = 0;
	enum cxm_err e = cxm_invite_create(req->db, req->arena, biz, survey, id, CXM_INV_MANUAL,
	                                   req->session->user_id, NULL, &inv);
	if (e == CXM_ERR_NOT_FOUND)
		return 404;
	if (e != CXM_OK)
		return 503;
	if (cxm_invite_send_one(req->db, req->cfg, req->arena, cxm_mail_url(req, ""), (long long)inv) != CXM_OK)
		return 503;
	cxm_audit(req, biz, "survey_sent", cxm_cp_audit_target(req, id),
	          cxm_printf(req->arena, "survey #%lld%s%s", survey, st.opted_out ? "; opted out" : "",
	                     st.quiet ? "; in the quiet period" : ""));
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/clients/%lld?done=survey_sent#survey", req->base, id));
	return 303;
}

int cxm_page_client_survey_opt_out(struct cxm_req *req)
{
	long long id = cxm_field(req, FO_ID)->i, biz = req->session->business_id;
	struct cxm_cp_client c;
	int rc = live_client(req, id, &c);
	if (rc)
		return rc;
	int on = cxm_field(req, FO_OPT_OUT)->i != 0;
	uint64_t changed = 0;
	if (cxm_db_exec(req->db,
	                "UPDATE clients SET survey_opt_out = ?, updated_at = UTC_TIMESTAMP(6)"
	                " WHERE id = ? AND business_id = ? AND survey_opt_out <> ?",
	                CXM_PARAMS(CXM_PINT(on), CXM_PINT(id), CXM_PINT(biz), CXM_PINT(on)), &changed,
	                NULL) != CXM_OK) {
		cxm_error("survey opt-out of client %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (changed)
		cxm_audit(req, biz, on ? "survey_opt_out" : "survey_opt_in", cxm_cp_audit_target(req, id), "");
	cxm_resp_redirect(req, 303,
	                  cxm_printf(req->arena, "%s/clients/%lld?done=%s#survey", req->base, id,
	                             on ? "survey_opt_out" : "survey_opt_in"));
	return 303;
}

/* ---- the client list's filter ----------------------------------------------- */

/* The list's filter fields as they came, as hidden inputs of d (HIDDEN:
 * NAME, VALUE; d NULL: none), returned as a query string. */
static const char *list_fields(struct cxm_req *req, struct cxm_dict *d)
{
	struct cxm_buf q;
	cxm_buf_init(&q, req->arena, 256);
	cxm_buf_puts(&q, "");
	for (size_t i = 0; i < FB_LIST; i++) {
		const struct cxm_field *f = cxm_field(req, i);
		const char *name = req->route->fields[i].name;
		if (!f->present || !f->valid || strcmp(name, "after") == 0 || strcmp(name, "before") == 0 ||
		    strcmp(name, "last") == 0 || strcmp(name, "sort") == 0)
			continue;
		if (d) {
			struct cxm_dict *h = cxm_dict_section(d, "HIDDEN");
			cxm_dict_set(h, "NAME", name);
			cxm_dict_setn(h, "VALUE", f->raw, f->len);
		}
		cxm_cp_query_add(&q, name, cxm_printf(req->arena, "%.*s", (int)f->len, f->raw));
	}
	return q.data;
}

/* Counts (apply 0) or sends (apply 1) for the list's filter and survey. */
static int bulk(struct cxm_req *req, int apply)
{
	long long biz = req->session->business_id;
	struct cxm_cp_business b;
	int rc = cxm_cp_business(req, &b);
	if (rc)
		return rc;
	struct cxm_custom_fields cf = {0};
	if (cxm_custom_fields_load(req->db, req->arena, biz, &cf) != CXM_OK)
		return 503;
	struct cxm_cfilter f;
	if ((rc = cxm_cp_read_filter(req, NULL, &b, &cf, &f)))
		return rc;
	/* a survey id that is not the business's: 404 before anything else */
	const struct cxm_field *sf = cxm_field(req, FB_SURVEY);
	const char *title = NULL;
	if (sf->present && sf->valid) {
		title = survey_title(req, sf->i, &rc);
		if (rc)
			return rc;
		if (!title)
			return 404;
	}
	if (f.deleted) {
		req->error_detail = _("Deleted clients cannot be invited to surveys.");
		return 400;
	}
	struct cxm_dict *d = cxm_page_begin(req, "survey_bulk.tpl", _("Send a survey to these clients"));
	req->status = 200;
	const char *query = list_fields(req, NULL);
	cxm_dict_set(d, "LIST_URL", cxm_printf(req->arena, "%s/clients%s%s", req->base, *query ? "?" : "", query));
	if (!title) {
		/* first choose the survey */
		if (apply)
			cxm_page_notice(d, "error", _("Choose a survey."));
		struct cxm_rows r;
		if ((rc = active_surveys(req, &r)))
			return rc;
		if (!r.nrows) {
			cxm_dict_show(d, "NO_SURVEYS");
			return cxm_page_end(req);
		}
		struct cxm_dict *c = cxm_dict_section(d, "CHOOSE");
		list_fields(req, c);
		for (size_t i = 0; i < r.nrows; i++) {
			struct cxm_dict *o = cxm_dict_section(c, "SURVEY_OPTION");
			long long id = cxm_rows_int(&r, i, 0, 0);
			cxm_dict_set_int(o, "ID", id);
			cxm_dict_set(o, "TITLE", title_of(req, id, cxm_rows_get(&r, i, 1), cxm_rows_get(&r, i, 2)));
		}
		return cxm_page_end(req);
	}
	long long quiet = cxm_invite_quiet_days(req->db, req->arena, biz);
	if (quiet < 0)
		return 503;
	struct cxm_param bp[CXM_INVITE_BULK_NPARAMS];
	cxm_invite_bulk_params(req->arena, quiet, NULL, bp);
	struct cxm_sql q;
	cxm_client_where_sql(req->arena, biz, &f, CXM_INVITE_BULK_SELECT, bp, CXM_INVITE_BULK_NPARAMS, &q);
	struct cxm_invite_bulk res;
	if (cxm_invite_bulk_run(req->db, req->arena, biz, sf->i, &q, CXM_INVITE_BULK_CAP, req->session->user_id,
	                        NULL, apply, &res) != CXM_OK)
		return 503;
	cxm_dict_set(d, "SURVEY_TITLE", title);
	cxm_dict_set_int(d, "SURVEY_ID", sf->i);
	if (res.over_cap) {
		cxm_dict_set(cxm_dict_section(d, "OVER_CAP"), "TEXT",
		             cxm_printf(req->arena,
		                        _("More than %d clients match the list's filters. Narrow the list down (for "
		                          "example by region, tag or a period) and try again; nothing was sent."),
		                        CXM_INVITE_BULK_CAP));
		return cxm_page_end(req);
	}
	struct cxm_dict *c = cxm_dict_section(d, apply ? "DONE" : "COUNTS");
	cxm_dict_set_int(c, "MATCHED", res.matched);
	cxm_dict_set_int(c, "INVITED", res.invited);
	cxm_dict_set_int(c, "NO_EMAIL", res.no_email);
	cxm_dict_set_int(c, "OPTED_OUT", res.opted_out);
	cxm_dict_set_int(c, "QUIET", res.quiet);
	cxm_dict_set_int(c, "QUIET_DAYS", quiet);
	if (!apply && res.invited > 0)
		list_fields(req, cxm_dict_section(c, "CONFIRM"));
	if (apply) {
		cxm_audit(req, biz, "survey_bulk_sent", cxm_printf(req->arena, "survey #%lld", sf->i),
		          cxm_printf(req->arena, "%lld invited; skipped: %lld without e-mail, %lld opted out, "
		                                 "%lld in the quiet period",
		                     res.invited, res.no_email, res.opted_out, res.quiet));
		cxm_page_notice(d, "ok",
		                cxm_printf(req->arena,
		                           cxm_ngettext("%lld client invited. The messages go out within a minute.",
		                                        "%lld clients invited. The messages go out within a minute.",
		                                        (unsigned long)res.invited),
		                           res.invited));
	}
	return cxm_page_end(req);
}

int cxm_page_clients_survey_form(struct cxm_req *req) { return bulk(req, 0); }
int cxm_page_clients_survey_send(struct cxm_req *req) { return bulk(req, 1); }
