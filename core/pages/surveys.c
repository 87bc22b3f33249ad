/* The survey builder's survey-level pages: the business's surveys (list,
 * creating one) and one survey (its facts, problems, settings, pages and
 * questions). Managers see them read-only; administrators change them.
 * Content changes go through cxm_survey_editable, so a version with
 * responses is never changed (docs/surveys.md). Everything is read for
 * req->session->business_id only: another business's survey is 404. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "mail.h"
#include "page.h"
#include "pages/pages.h"
#include "pages/survey_pages.h"
#include "route.h"
#include "session.h"
#include "survey.h"
#include "tmpl.h"
#include "token.h"

#define PER_PAGE 50

enum { FL_PAGE };
enum { FC_TITLE_RU, FC_TITLE_EN };
enum { FS_ID, FS_TITLE_RU, FS_TITLE_EN, FS_INTRO_RU, FS_INTRO_EN, FS_THANKS_RU, FS_THANKS_EN, FS_STATUS,
       FS_OPEN_LINK };

const char *cxm_sp_title(struct cxm_req *req, const char *ru, const char *en)
{
	return cxm_survey_text(req->lang == CXM_LANG_EN, ru, en);
}

int cxm_sp_can_edit(struct cxm_req *req)
{
	return cxm_session_may(req->session, CXM_ADMIN);
}

const char *cxm_sp_audit_target(struct cxm_req *req, long long survey_id)
{
	return cxm_printf(req->arena, "survey #%lld", survey_id);
}

/* ---- the list ------------------------------------------------------------ */

static int list_page(struct cxm_req *req, long long page, const char *notice, const char *err_title)
{
	long long biz = req->session->business_id;
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		req->db, req->arena,
		"SELECT s.id, s.title_ru, s.title_en, v.number, s.status, s.open_token, s.is_default,"
		" (SELECT COALESCE(SUM(x.responses), 0) FROM survey_versions x WHERE x.survey_id = s.id)"
		" FROM surveys s LEFT JOIN survey_versions v ON v.id = s.current_version_id"
		" WHERE s.business_id = ? AND s.deleted_at IS NULL ORDER BY s.id LIMIT ? OFFSET ?",
		CXM_PARAMS(CXM_PINT(biz), CXM_PINT(PER_PAGE + 1), CXM_PINT((page - 1) * PER_PAGE)), &r);
	if (rc != CXM_OK) {
		cxm_error("survey list: %s", cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *d = cxm_page_begin(req, "surveys.tpl", _("Surveys"));
	req->status = 200;
	if (notice)
		cxm_page_notice(d, "ok", notice);
	size_t n = r.nrows > PER_PAGE ? PER_PAGE : r.nrows;
	if (!n)
		cxm_dict_show(d, "EMPTY");
	struct cxm_dict *rows = n ? cxm_dict_section(d, "ROWS") : NULL;
	for (size_t i = 0; i < n; i++) {
		struct cxm_dict *row = cxm_dict_section(rows, "ROW");
		cxm_dict_set(row, "ID", cxm_rows_get(&r, i, 0));
		cxm_dict_set(row, "TITLE", cxm_sp_title(req, cxm_rows_get(&r, i, 1), cxm_rows_get(&r, i, 2)));
		cxm_dict_set(row, "VERSION", cxm_rows_get(&r, i, 3) ? cxm_rows_get(&r, i, 3) : "");
		cxm_dict_set(row, "RESPONSES", cxm_rows_get(&r, i, 7));
		cxm_dict_set(row, "STATUS", strcmp(cxm_rows_get(&r, i, 4), "active") == 0 ? _("Active") : _("Closed"));
		const char *tok = cxm_rows_get(&r, i, 5);
		if (tok)
			cxm_dict_set(cxm_dict_section(row, "OPEN"), "OPEN_URL",
			             cxm_mail_url(req, cxm_printf(req->arena, "/s/%s", tok)));
		else
			cxm_dict_show(row, "NO_LINK");
		if (cxm_rows_int(&r, i, 6, 0))
			cxm_dict_show(row, "DEFAULT");
	}
	if (page > 1 || r.nrows > PER_PAGE) {
		struct cxm_dict *p = cxm_dict_section(d, "PAGER");
		if (page > 1)
			cxm_dict_set(cxm_dict_section(p, "PREV"), "URL", cxm_printf(req->arena, "%s/surveys?page=%lld", req->base, page - 1));
		if (r.nrows > PER_PAGE)
			cxm_dict_set(cxm_dict_section(p, "NEXT"), "URL", cxm_printf(req->arena, "%s/surveys?page=%lld", req->base, page + 1));
	}
	if (cxm_sp_can_edit(req)) {
		struct cxm_dict *e = cxm_dict_section(d, "CAN_EDIT");
		if (err_title) {
			cxm_page_form_state(req, e);
			cxm_dict_set(cxm_dict_section(e, "ERR_TITLE_RU"), "MSG", err_title);
		}
	}
	return cxm_page_end(req);
}

int cxm_page_surveys(struct cxm_req *req)
{
	const struct cxm_field *p = cxm_field(req, FL_PAGE);
	return list_page(req, p->present ? p->i : 1, NULL, NULL);
}

int cxm_page_survey_create(struct cxm_req *req)
{
	const struct cxm_field *ru = cxm_field(req, FC_TITLE_RU), *en = cxm_field(req, FC_TITLE_EN);
	if (!ru->valid || !en->valid)
		return list_page(req, 1, NULL, ru->valid ? en->error : ru->error);
	if (!ru->present && !en->present)
		return list_page(req, 1, NULL, _("Give the survey a title in at least one language."));
	long long id = 0;
	enum cxm_err rc = cxm_db_begin(req->db);
	if (rc == CXM_OK)
		rc = cxm_survey_create(req->db, req->session->business_id, req->session->user_id,
		                       ru->present ? ru->s : "", en->present ? en->s : "", &id);
	if (rc == CXM_OK)
		rc = cxm_db_commit(req->db);
	if (rc != CXM_OK) {
		cxm_db_rollback(req->db);
		cxm_error("creating a survey: %s", cxm_db_error(req->db));
		return 503;
	}
	cxm_audit(req, req->session->business_id, "survey_created", cxm_sp_audit_target(req, id),
	          ru->present ? ru->s : en->s);
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/surveys/%lld", req->base, id));
	return 303;
}

/* ---- one survey ---------------------------------------------------------- */

static const char *condition_text(struct cxm_req *req, const struct cxm_survey_question *q)
{
	static const char *const ops[CXM_COND_MAX] = {
		"", N_("is one of"), N_("is none of"), N_("is at most"), N_("is at least"), N_("is answered"),
	};
	if (q->cond_op == CXM_COND_NONE)
		return _("always");
	if (q->cond_op == CXM_COND_ANSWERED)
		return cxm_printf(req->arena, "%s %s", q->cond_code, _(ops[q->cond_op]));
	return cxm_printf(req->arena, "%s %s %s", q->cond_code, _(ops[q->cond_op]),
	                  q->cond_values ? q->cond_values : "");
}

int cxm_sp_show_survey(struct cxm_req *req, long long id, const char *notice, const char *error)
{
	long long biz = req->session->business_id;
	struct cxm_survey s;
	struct cxm_survey_version v;
	enum cxm_err rc = cxm_survey_get(req->db, req->arena, biz, id, &s);
	if (rc == CXM_OK)
		rc = cxm_survey_version_load(req->db, req->arena, biz, s.current_version_id, &v);
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	struct cxm_rows tot;
	if (rc == CXM_OK)
		rc = cxm_db_query(req->db, req->arena,
		                  "SELECT COALESCE(SUM(responses), 0) FROM survey_versions WHERE survey_id = ? AND business_id = ?",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &tot);
	if (rc != CXM_OK) {
		cxm_error("survey %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	const char *title = cxm_sp_title(req, s.title_ru, s.title_en);
	struct cxm_dict *d = cxm_page_begin(req, "survey.tpl", *title ? title : _("Survey"));
	req->status = 200;
	cxm_dict_set_global(d, "ID", cxm_printf(req->arena, "%lld", id));
	cxm_dict_set(d, "TITLE", *title ? title : _("Survey"));
	if (notice)
		cxm_page_notice(d, "ok", notice);
	if (error)
		cxm_page_notice(d, "error", error);
	cxm_dict_set_int(d, "VERSION", v.number);
	cxm_dict_set(d, "RESPONSES", cxm_rows_get(&tot, 0, 0));
	cxm_dict_set_int(d, "VERSION_RESPONSES", v.responses);
	cxm_dict_set(d, "STATUS", s.active ? _("Active") : _("Closed"));
	if (s.open_token)
		cxm_dict_set(cxm_dict_section(d, "OPEN"), "OPEN_URL",
		             cxm_mail_url(req, cxm_printf(req->arena, "/s/%s", s.open_token)));
	else
		cxm_dict_show(d, "NO_LINK");
	int edit = cxm_sp_can_edit(req);
	if (v.responses > 0 && edit)
		cxm_dict_show(d, "FROZEN");
	struct cxm_survey_problem *pr;
	size_t np = cxm_survey_check(req->arena, &v, &pr);
	if (np) {
		struct cxm_dict *ps = cxm_dict_section(d, "PROBLEMS");
		for (size_t i = 0; i < np; i++)
			cxm_dict_set(cxm_dict_section(ps, "PROBLEM"), "TEXT",
			             pr[i].question >= 0
			                 ? cxm_printf(req->arena, "%s: %s", v.questions[pr[i].question].code, _(pr[i].msgid))
			                 : _(pr[i].msgid));
	}
	if (edit) {
		struct cxm_dict *e = cxm_dict_section(d, "CAN_EDIT");
		if (req->route && req->route->handler == cxm_page_survey_save) {
			cxm_page_form_state(req, e);   /* the settings as sent, with the reasons */
		} else {
			cxm_dict_set(e, "VALUE_TITLE_RU", s.title_ru);
			cxm_dict_set(e, "VALUE_TITLE_EN", s.title_en);
			cxm_dict_set(e, "VALUE_INTRO_RU", v.intro_ru ? v.intro_ru : "");
			cxm_dict_set(e, "VALUE_INTRO_EN", v.intro_en ? v.intro_en : "");
			cxm_dict_set(e, "VALUE_THANKS_RU", v.thanks_ru ? v.thanks_ru : "");
			cxm_dict_set(e, "VALUE_THANKS_EN", v.thanks_en ? v.thanks_en : "");
		}
		static const char *const st[] = {"active", "closed"};
		static const char *const stl[] = {N_("Active"), N_("Closed")};
		for (int i = 0; i < 2; i++) {
			struct cxm_dict *o = cxm_dict_section(e, "STATUS_OPTION");
			cxm_dict_set(o, "VALUE", st[i]);
			cxm_dict_set(o, "LABEL", _(stl[i]));
			if ((i == 0) == (s.active != 0))
				cxm_dict_show(o, "SELECTED");
		}
		static const char *const lk[] = {"on", "off", "new"};
		static const char *const lkl[] = {N_("On"), N_("Off"), N_("Make a new link")};
		for (int i = 0; i < 3; i++) {
			struct cxm_dict *o = cxm_dict_section(e, "LINK_OPTION");
			cxm_dict_set(o, "VALUE", lk[i]);
			cxm_dict_set(o, "LABEL", _(lkl[i]));
			if ((i == 0 && s.open_token) || (i == 1 && !s.open_token))
				cxm_dict_show(o, "SELECTED");
		}
	}
	for (size_t k = 0; k < v.nsections; k++) {
		struct cxm_dict *sd = cxm_dict_section(d, "SECTION");
		cxm_dict_set(sd, "ID", cxm_printf(req->arena, "%lld", v.sections[k].id));
		cxm_dict_set_int(sd, "NUMBER", (long long)k + 1);
		cxm_dict_set(sd, "TITLE", cxm_sp_title(req, v.sections[k].title_ru, v.sections[k].title_en));
		if (edit) {
			struct cxm_dict *es = cxm_dict_section(sd, "EDIT_SECTION");
			cxm_dict_set(es, "VALUE_TITLE_RU", v.sections[k].title_ru);
			cxm_dict_set(es, "VALUE_TITLE_EN", v.sections[k].title_en);
			struct cxm_dict *aq = cxm_dict_section(sd, "ADD_QUESTION");
			for (int t = 0; t < CXM_QT_MAX; t++) {
				struct cxm_dict *o = cxm_dict_section(aq, "TYPE_OPTION");
				cxm_dict_set(o, "VALUE", cxm_qtype_names[t]);
				cxm_dict_set(o, "LABEL", _(cxm_qtype_labels[t]));
			}
		}
		struct cxm_dict *qs = NULL;
		for (size_t i = 0; i < v.nquestions; i++) {
			const struct cxm_survey_question *q = &v.questions[i];
			if (q->section != k)
				continue;
			if (!qs) {
				qs = cxm_dict_section(sd, "QUESTIONS");
				if (edit)
					cxm_dict_show(qs, "ACTIONS_HEAD");
			}
			struct cxm_dict *qd = cxm_dict_section(qs, "Q");
			cxm_dict_set(qd, "ID", cxm_printf(req->arena, "%lld", q->id));
			cxm_dict_set(qd, "CODE", q->code);
			cxm_dict_set(qd, "TEXT", cxm_sp_title(req, q->text_ru, q->text_en));
			cxm_dict_set(qd, "TYPE", _(cxm_qtype_labels[q->type]));
			cxm_dict_set(qd, "CONDITION", condition_text(req, q));
			cxm_dict_set(qd, "PROFILE", q->profile_field ? q->profile_field : "");
			if (q->required)
				cxm_dict_show(qd, "REQUIRED");
			if (edit)
				cxm_dict_show(qd, "EDIT");
		}
		if (!qs)
			cxm_dict_show(sd, "NO_QUESTIONS");
	}
	return cxm_page_end(req);
}

int cxm_page_survey(struct cxm_req *req)
{
	return cxm_sp_show_survey(req, cxm_field(req, FS_ID)->i, NULL, NULL);
}

static const char *field_text(struct cxm_req *req, int f)
{
	const struct cxm_field *x = cxm_field(req, (size_t)f);
	return x->present ? x->s : "";
}

int cxm_page_survey_save(struct cxm_req *req)
{
	long long biz = req->session->business_id, id = cxm_field(req, FS_ID)->i;
	struct cxm_survey s;
	enum cxm_err rc = cxm_survey_get(req->db, req->arena, biz, id, &s);
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	if (rc != CXM_OK)
		return 503;
	for (int f = FS_TITLE_RU; f <= FS_OPEN_LINK; f++)
		if (!cxm_field(req, (size_t)f)->valid)
			return cxm_sp_show_survey(req, id, NULL, _("Check the highlighted fields."));
	if (!*field_text(req, FS_TITLE_RU) && !*field_text(req, FS_TITLE_EN)) {
		return cxm_sp_show_survey(req, id, NULL, _("Give the survey a title in at least one language."));
	}
	/* the texts of the version: changed ones go to the editable version */
	struct cxm_survey_version v;
	rc = cxm_db_begin(req->db);
	if (rc == CXM_OK)
		rc = cxm_survey_version_load(req->db, req->arena, biz, s.current_version_id, &v);
	int texts_changed = 0;
	if (rc == CXM_OK) {
		const char *old[] = {v.intro_ru, v.intro_en, v.thanks_ru, v.thanks_en};
		for (int f = FS_INTRO_RU; f <= FS_THANKS_EN; f++) {
			const char *o = old[f - FS_INTRO_RU] ? old[f - FS_INTRO_RU] : "";
			if (strcmp(o, field_text(req, f)) != 0)
				texts_changed = 1;
		}
	}
	long long vid = s.current_version_id;
	int copied = 0;
	if (rc == CXM_OK && texts_changed)
		rc = cxm_survey_editable(req->db, req->arena, biz, id, req->session->user_id, &vid, &copied);
	if (rc == CXM_OK && texts_changed)
		rc = cxm_db_exec(req->db,
		                 "UPDATE survey_versions SET intro_ru = ?, intro_en = ?, thanks_ru = ?, thanks_en = ?"
		                 " WHERE id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PSTR(field_text(req, FS_INTRO_RU)), CXM_PSTR(field_text(req, FS_INTRO_EN)),
		                            CXM_PSTR(field_text(req, FS_THANKS_RU)), CXM_PSTR(field_text(req, FS_THANKS_EN)),
		                            CXM_PINT(vid), CXM_PINT(biz)),
		                 NULL, NULL);
	const char *link = cxm_field(req, FS_OPEN_LINK)->s;
	char token[CXM_TOKEN_CHARS + 1];
	cxm_token_new(token);
	struct cxm_param tok = CXM_PNULL;
	if (strcmp(link, "new") == 0 || (strcmp(link, "on") == 0 && !s.open_token))
		tok = CXM_PSTR(token);
	else if (strcmp(link, "on") == 0)
		tok = CXM_PSTR(s.open_token);
	if (rc == CXM_OK)
		rc = cxm_db_exec(req->db,
		                 "UPDATE surveys SET title_ru = ?, title_en = ?, status = ?, open_token = ?,"
		                 " updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PSTR(field_text(req, FS_TITLE_RU)), CXM_PSTR(field_text(req, FS_TITLE_EN)),
		                            CXM_PSTR(cxm_field(req, FS_STATUS)->s), tok, CXM_PINT(id), CXM_PINT(biz)),
		                 NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_commit(req->db);
	if (rc != CXM_OK) {
		cxm_db_rollback(req->db);
		cxm_error("saving survey %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (copied)
		cxm_audit(req, biz, "survey_version_created", cxm_sp_audit_target(req, id), NULL);
	cxm_audit(req, biz, "survey_edited", cxm_sp_audit_target(req, id),
	          cxm_printf(req->arena, "status: %s, open link: %s", cxm_field(req, FS_STATUS)->s, link));
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/surveys/%lld", req->base, id));
	return 303;
}
