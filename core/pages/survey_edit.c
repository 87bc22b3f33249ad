/* The survey builder's pages for a survey's content (administrators):
 * adding, renaming and deleting pages (sections); adding, editing, moving
 * and deleting questions with their options, scale, condition and profile
 * field. Every change runs in one transaction that first takes the
 * survey's editable version (cxm_survey_editable: a copy when the current
 * version has responses) and finds there the object the URL named (by
 * question code, or section rank). A definition that fails
 * cxm_survey_check is not stored: the form comes back with the reasons
 * next to the inputs and the transaction (copy included) is rolled back.
 * Deleting asks first. Every change is audited ("survey_question_edited",
 * ...) with the target "survey #<id>" and the question's code. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/pages.h"
#include "pages/survey_pages.h"
#include "route.h"
#include "session.h"
#include "survey.h"
#include "tmpl.h"

enum { FI_ID };
enum { FT_ID, FT_TITLE_RU, FT_TITLE_EN };
enum { FA_ID, FA_CODE, FA_TYPE };
enum { FM_ID, FM_DIR };
enum { FQ_ID, FQ_TEXT_RU, FQ_TEXT_EN, FQ_HELP_RU, FQ_HELP_EN, FQ_REQUIRED, FQ_TYPE, FQ_OPTIONS,
       FQ_SCALE_MIN, FQ_SCALE_MAX, FQ_MIN_LABEL_RU, FQ_MIN_LABEL_EN, FQ_MAX_LABEL_RU, FQ_MAX_LABEL_EN,
       FQ_COND_CODE, FQ_COND_OP, FQ_COND_VALUES, FQ_PROFILE_FIELD, FQ_PROFILE_MODE };

/* The survey and version a section or question (what: 0 section, 1
 * question) of the business belongs to; CXM_ERR_NOT_FOUND when none. */
static enum cxm_err owner(struct cxm_req *req, int what, long long id, long long *survey_id,
                          long long *version_id)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		req->db, req->arena,
		what ? "SELECT v.survey_id, v.id FROM survey_questions x JOIN survey_versions v ON v.id = x.version_id"
		       " JOIN surveys s ON s.id = v.survey_id AND s.deleted_at IS NULL"
		       " WHERE x.id = ? AND x.business_id = ?"
		     : "SELECT v.survey_id, v.id FROM survey_sections x JOIN survey_versions v ON v.id = x.version_id"
		       " JOIN surveys s ON s.id = v.survey_id AND s.deleted_at IS NULL"
		       " WHERE x.id = ? AND x.business_id = ?",
		CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	*survey_id = cxm_rows_int(&r, 0, 0, 0);
	*version_id = cxm_rows_int(&r, 0, 1, 0);
	return CXM_OK;
}

/* Opens the transaction of an edit of object id (what as in owner): the
 * editable version and the object's id in it. Returns 0, or 404 / 503
 * (the transaction then closed). */
struct edit {
	long long survey_id, version_id, id;
	int copied;
};

static int edit_begin(struct cxm_req *req, int what, long long id, struct edit *e)
{
	long long biz = req->session->business_id, old_version = 0;
	memset(e, 0, sizeof(*e));
	enum cxm_err rc = cxm_db_begin(req->db);
	if (rc == CXM_OK)
		rc = owner(req, what, id, &e->survey_id, &old_version);
	if (rc == CXM_OK)
		rc = cxm_survey_editable(req->db, req->arena, biz, e->survey_id, req->session->user_id,
		                         &e->version_id, &e->copied);
	if (rc == CXM_OK) {
		if (old_version == e->version_id)
			e->id = id;
		else if (what)
			rc = cxm_survey_question_in(req->db, req->arena, biz, id, e->version_id, &e->id);
		else
			rc = cxm_survey_section_in(req->db, req->arena, biz, id, e->version_id, &e->id);
	}
	if (rc == CXM_OK && !e->id)
		rc = CXM_ERR_NOT_FOUND;
	if (rc != CXM_OK) {
		cxm_db_rollback(req->db);
		if (rc == CXM_ERR_NOT_FOUND)
			return 404;
		cxm_error("survey edit: %s", cxm_db_error(req->db));
		return 503;
	}
	return 0;
}

/* Commits, audits (with a version note when a copy was made) and sends
 * the browser back to the survey page. */
static int edit_end(struct cxm_req *req, const struct edit *e, const char *action, const char *detail)
{
	if (cxm_db_commit(req->db) != CXM_OK) {
		cxm_db_rollback(req->db);
		cxm_error("survey edit: %s", cxm_db_error(req->db));
		return 503;
	}
	long long biz = req->session->business_id;
	if (e->copied)
		cxm_audit(req, biz, "survey_version_created", cxm_sp_audit_target(req, e->survey_id), NULL);
	cxm_audit(req, biz, action, cxm_sp_audit_target(req, e->survey_id), detail);
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/surveys/%lld", req->base, e->survey_id));
	return 303;
}

static int edit_fail(struct cxm_req *req)
{
	cxm_db_rollback(req->db);
	cxm_error("survey edit: %s", cxm_db_error(req->db));
	return 503;
}

static const char *text_of(struct cxm_req *req, size_t f)
{
	const struct cxm_field *x = cxm_field(req, f);
	return x->present && x->valid ? x->s : "";
}

/* ---- sections -------------------------------------------------------------- */

int cxm_page_survey_section_add(struct cxm_req *req)
{
	long long biz = req->session->business_id, sid = cxm_field(req, FT_ID)->i;
	struct cxm_survey s;
	enum cxm_err rc = cxm_survey_get(req->db, req->arena, biz, sid, &s);
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	if (rc != CXM_OK)
		return 503;
	struct edit e = {.survey_id = sid};
	long long nid = 0;
	rc = cxm_db_begin(req->db);
	if (rc == CXM_OK)
		rc = cxm_survey_editable(req->db, req->arena, biz, sid, req->session->user_id, &e.version_id, &e.copied);
	if (rc == CXM_OK)
		rc = cxm_survey_section_add(req->db, biz, e.version_id, text_of(req, FT_TITLE_RU),
		                            text_of(req, FT_TITLE_EN), &nid);
	if (rc != CXM_OK)
		return edit_fail(req);
	return edit_end(req, &e, "survey_section_added", text_of(req, FT_TITLE_RU));
}

int cxm_page_survey_section_save(struct cxm_req *req)
{
	struct edit e;
	int st = edit_begin(req, 0, cxm_field(req, FT_ID)->i, &e);
	if (st)
		return st;
	if (cxm_survey_section_save(req->db, req->session->business_id, e.id, text_of(req, FT_TITLE_RU),
	                            text_of(req, FT_TITLE_EN)) != CXM_OK)
		return edit_fail(req);
	return edit_end(req, &e, "survey_section_edited", text_of(req, FT_TITLE_RU));
}

int cxm_page_survey_section_delete_form(struct cxm_req *req)
{
	long long id = cxm_field(req, FI_ID)->i, sid = 0, vid = 0;
	enum cxm_err rc = owner(req, 0, id, &sid, &vid);
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	struct cxm_rows r;
	if (rc == CXM_OK)
		rc = cxm_db_query(req->db, req->arena,
		                  "SELECT s.title_ru, s.title_en, (SELECT COUNT(*) FROM survey_questions q WHERE q.section_id = s.id)"
		                  " FROM survey_sections s WHERE s.id = ?",
		                  CXM_PARAMS(CXM_PINT(id)), &r);
	if (rc != CXM_OK || !r.nrows)
		return 503;
	const char *back = cxm_printf(req->arena, "%s/surveys/%lld", req->base, sid);
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, _("Delete this page?"), cxm_printf(req->arena, "%s/surveys/sections/%lld/delete", req->base, id),
		back, _("Back to the survey"), NULL, _("Delete the page"), 1);
	cxm_cp_confirm_para(d, cxm_printf(req->arena, _("The page “%s” and its %lld question(s) are removed."),
	                                  cxm_sp_title(req, cxm_rows_get(&r, 0, 0), cxm_rows_get(&r, 0, 1)),
	                                  cxm_rows_int(&r, 0, 2, 0)));
	cxm_cp_confirm_para(d, _("Answers already given stay with the version they answered."));
	return cxm_page_end(req);
}

int cxm_page_survey_section_delete(struct cxm_req *req)
{
	struct edit e;
	int st = edit_begin(req, 0, cxm_field(req, FI_ID)->i, &e);
	if (st)
		return st;
	if (cxm_survey_section_delete(req->db, req->session->business_id, e.id) != CXM_OK)
		return edit_fail(req);
	return edit_end(req, &e, "survey_section_deleted", NULL);
}

/* ---- questions -------------------------------------------------------------- */

/* The options as the form shows them: "code | ru | en[ | other][ | =N]". */
static const char *options_text(struct cxm_req *req, const struct cxm_survey_question *q)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 256);
	cxm_buf_puts(&b, "");
	for (size_t k = 0; k < q->nopts; k++) {
		const struct cxm_survey_option *o = &q->opts[k];
		cxm_buf_printf(&b, "%s | %s | %s", o->code, o->label_ru ? o->label_ru : "", o->label_en ? o->label_en : "");
		if (o->is_other)
			cxm_buf_puts(&b, " | other");
		if (o->has_value)
			cxm_buf_printf(&b, " | =%d", o->value);
		cxm_buf_puts(&b, "\n");
	}
	return b.data;
}

static char *trim(struct cxm_arena *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return cxm_strndup(a, s, n);
}

/* Parses the options text into q; returns a msgid for a malformed line. */
static const char *parse_options(struct cxm_req *req, const char *text, struct cxm_survey_question *q)
{
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '\n';
	q->opts = cxm_zalloc(req->arena, sizeof(*q->opts) * (cap + 1));
	q->nopts = 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		char *line = trim(req->arena, p, len);
		p += len + (p[len] == '\n');
		if (!*line)
			continue;
		struct cxm_survey_option *o = &q->opts[q->nopts++];
		int part = 0;
		for (char *s = line;; part++) {
			size_t n = strcspn(s, "|");
			char *v = trim(req->arena, s, n);
			if (part == 0)
				o->code = v;
			else if (part == 1)
				o->label_ru = v;
			else if (part == 2)
				o->label_en = v;
			else if (strcmp(v, "other") == 0)
				o->is_other = 1;
			else if (v[0] == '=') {
				char *end;
				long x = strtol(v + 1, &end, 10);
				if (!v[1] || *end || x < -100 || x > 100)
					return N_("Write a scale point as =N, e.g. =5.");
				o->has_value = 1;
				o->value = (int)x;
			} else if (*v) {
				return N_("After the two texts an option line may only have \"other\" or =N.");
			}
			if (!s[n])
				break;
			s += n + 1;
		}
	}
	return NULL;
}

/* Form errors by input (ERR_<name> sections). */
struct qerr {
	const char *code, *text, *options, *scale, *condition, *profile;
};

static void set_err(struct cxm_dict *d, const char *section, const char *msg)
{
	if (msg)
		cxm_dict_set(cxm_dict_section(d, section), "MSG", msg);
}

static void options_of(struct cxm_dict *d, const char *section, const char *const *values,
                       const char *const *labels, int n, const char *selected)
{
	for (int i = 0; i < n; i++) {
		struct cxm_dict *o = cxm_dict_section(d, section);
		cxm_dict_set(o, "VALUE", values[i]);
		cxm_dict_set(o, "LABEL", _(labels[i]));
		if (selected && strcmp(values[i], selected) == 0)
			cxm_dict_show(o, "SELECTED");
	}
}

static int question_form(struct cxm_req *req, long long id, long long survey_id,
                         const struct cxm_survey_question *q, const char *options, const struct qerr *err)
{
	struct cxm_dict *d = cxm_page_begin(req, "survey_question.tpl", cxm_printf(req->arena, _("Question %s"), q->code));
	req->status = err ? 422 : 200;
	cxm_dict_set(d, "CODE", q->code);
	cxm_dict_set(d, "ACTION", cxm_printf(req->arena, "%s/surveys/questions/%lld", req->base, id));
	cxm_dict_set(d, "BACK_URL", cxm_printf(req->arena, "%s/surveys/%lld", req->base, survey_id));
	if (err)
		cxm_page_notice(d, "error", _("Check the highlighted fields."));
	cxm_dict_set(d, "VALUE_TEXT_RU", q->text_ru ? q->text_ru : "");
	cxm_dict_set(d, "VALUE_TEXT_EN", q->text_en ? q->text_en : "");
	cxm_dict_set(d, "VALUE_HELP_RU", q->help_ru ? q->help_ru : "");
	cxm_dict_set(d, "VALUE_HELP_EN", q->help_en ? q->help_en : "");
	if (q->required)
		cxm_dict_show(d, "REQUIRED_CHECKED");
	cxm_dict_set(d, "VALUE_OPTIONS", options);
	int ranged = q->type == CXM_QT_SCALE || q->type == CXM_QT_CES || q->type == CXM_QT_CSI ||
	             q->type == CXM_QT_NPS || q->type == CXM_QT_CSAT;
	if (ranged) {
		cxm_dict_set_int(d, "VALUE_SCALE_MIN", q->scale_min);
		cxm_dict_set_int(d, "VALUE_SCALE_MAX", q->scale_max);
	}
	cxm_dict_set(d, "VALUE_MIN_LABEL_RU", q->min_label_ru ? q->min_label_ru : "");
	cxm_dict_set(d, "VALUE_MIN_LABEL_EN", q->min_label_en ? q->min_label_en : "");
	cxm_dict_set(d, "VALUE_MAX_LABEL_RU", q->max_label_ru ? q->max_label_ru : "");
	cxm_dict_set(d, "VALUE_MAX_LABEL_EN", q->max_label_en ? q->max_label_en : "");
	cxm_dict_set(d, "VALUE_COND_CODE", q->cond_code ? q->cond_code : "");
	cxm_dict_set(d, "VALUE_COND_VALUES", q->cond_values ? q->cond_values : "");
	cxm_dict_set(d, "VALUE_PROFILE_FIELD", q->profile_field ? q->profile_field : "");
	options_of(d, "TYPE_OPTION", cxm_qtype_names, cxm_qtype_labels, CXM_QT_MAX, cxm_qtype_names[q->type]);
	static const char *const ops[] = {"none", "in", "not_in", "le", "ge", "answered"};
	static const char *const opl[] = {N_("always shown"), N_("is one of"), N_("is none of"),
	                                  N_("is at most"), N_("is at least"), N_("is answered")};
	options_of(d, "OP_OPTION", ops, opl, 6, ops[q->cond_op]);
	static const char *const modes[] = {"prefill", "skip"};
	static const char *const model[] = {N_("prefill the known answer"), N_("skip the question")};
	options_of(d, "MODE_OPTION", modes, model, 2, modes[q->profile_skip ? 1 : 0]);
	if (err) {
		set_err(d, "ERR_TEXT", err->text ? err->text : err->code);
		set_err(d, "ERR_OPTIONS", err->options);
		set_err(d, "ERR_SCALE", err->scale);
		set_err(d, "ERR_CONDITION", err->condition);
		set_err(d, "ERR_PROFILE", err->profile);
	}
	return cxm_page_end(req);
}

/* Loads question id of the business with its version; *index into v. */
static int load_question(struct cxm_req *req, long long id, long long *survey_id,
                         struct cxm_survey_version *v, size_t *index)
{
	long long vid = 0;
	enum cxm_err rc = owner(req, 1, id, survey_id, &vid);
	if (rc == CXM_OK)
		rc = cxm_survey_version_load(req->db, req->arena, req->session->business_id, vid, v);
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	if (rc != CXM_OK)
		return 503;
	for (size_t i = 0; i < v->nquestions; i++)
		if (v->questions[i].id == id) {
			*index = i;
			return 0;
		}
	return 404;
}

int cxm_page_survey_question(struct cxm_req *req)
{
	long long id = cxm_field(req, FI_ID)->i, sid = 0;
	struct cxm_survey_version v;
	size_t i = 0;
	int st = load_question(req, id, &sid, &v, &i);
	if (st)
		return st;
	return question_form(req, id, sid, &v.questions[i], options_text(req, &v.questions[i]), NULL);
}

static const char *nonempty(struct cxm_req *req, size_t f)
{
	const char *s = text_of(req, f);
	return *s ? s : NULL;
}

int cxm_page_survey_question_save(struct cxm_req *req)
{
	long long id = cxm_field(req, FQ_ID)->i, biz = req->session->business_id;
	struct edit e;
	int st = edit_begin(req, 1, id, &e);
	if (st)
		return st;
	struct cxm_survey_version v;
	if (cxm_survey_version_load(req->db, req->arena, biz, e.version_id, &v) != CXM_OK)
		return edit_fail(req);
	size_t i = 0;
	while (i < v.nquestions && v.questions[i].id != e.id)
		i++;
	if (i == v.nquestions) {
		cxm_db_rollback(req->db);
		return 404;
	}
	struct cxm_survey_question *q = &v.questions[i];
	struct qerr err = {0};
	int bad = 0;
	/* a value the route's validator refused (too long, not a number) is
	 * shown next to its input, never stored as blank */
	for (size_t f = FQ_TEXT_RU; f <= FQ_PROFILE_MODE; f++) {
		const struct cxm_field *x = cxm_field(req, f);
		if (x->valid)
			continue;
		const char **slot = f <= FQ_HELP_EN || f == FQ_REQUIRED || f == FQ_TYPE ? &err.text
		                    : f == FQ_OPTIONS                                  ? &err.options
		                    : f <= FQ_MAX_LABEL_EN                             ? &err.scale
		                    : f <= FQ_COND_VALUES                              ? &err.condition
		                                                                       : &err.profile;
		if (!*slot)
			*slot = x->error;
		bad++;
	}
	q->text_ru = text_of(req, FQ_TEXT_RU);
	q->text_en = text_of(req, FQ_TEXT_EN);
	q->help_ru = text_of(req, FQ_HELP_RU);
	q->help_en = text_of(req, FQ_HELP_EN);
	q->required = cxm_field(req, FQ_REQUIRED)->i != 0;
	q->type = (enum cxm_qtype)cxm_field(req, FQ_TYPE)->i;
	const struct cxm_field *mn = cxm_field(req, FQ_SCALE_MIN), *mx = cxm_field(req, FQ_SCALE_MAX);
	q->scale_min = mn->present && mn->valid ? (int)mn->i : 1;
	q->scale_max = mx->present && mx->valid ? (int)mx->i : 5;
	if (!mn->valid || !mx->valid) {
		err.scale = mn->valid ? mx->error : mn->error;
		bad++;
	}
	if (q->type == CXM_QT_NPS) {
		q->scale_min = 0;
		q->scale_max = 10;
	} else if (q->type == CXM_QT_CSAT) {
		q->scale_min = 1;
		q->scale_max = 5;
	}
	q->min_label_ru = text_of(req, FQ_MIN_LABEL_RU);
	q->min_label_en = text_of(req, FQ_MIN_LABEL_EN);
	q->max_label_ru = text_of(req, FQ_MAX_LABEL_RU);
	q->max_label_en = text_of(req, FQ_MAX_LABEL_EN);
	const struct cxm_field *op = cxm_field(req, FQ_COND_OP);
	q->cond_op = op->present && op->valid ? (enum cxm_cond_op)op->i : CXM_COND_NONE;
	q->cond_code = nonempty(req, FQ_COND_CODE);
	q->cond_values = nonempty(req, FQ_COND_VALUES);
	if (q->cond_op != CXM_COND_NONE && !q->cond_code) {
		err.condition = _("Write the code of the earlier question the condition looks at.");
		bad++;
	}
	q->profile_field = nonempty(req, FQ_PROFILE_FIELD);
	q->profile_skip = cxm_field(req, FQ_PROFILE_MODE)->i == 1;
	const char *options = cxm_field(req, FQ_OPTIONS)->present ? cxm_field(req, FQ_OPTIONS)->s : "";
	const char *why = parse_options(req, options, q);
	if (why) {
		err.options = _(why);
		bad++;
	}
	if (!bad) {
		struct cxm_survey_problem *p;
		size_t np = cxm_survey_check(req->arena, &v, &p);
		for (size_t k = 0; k < np; k++) {
			if (p[k].question != (int)i)
				continue;
			const char **slot = strcmp(p[k].field, "code") == 0      ? &err.code
			                    : strcmp(p[k].field, "text") == 0    ? &err.text
			                    : strcmp(p[k].field, "options") == 0 ? &err.options
			                    : strcmp(p[k].field, "scale") == 0   ? &err.scale
			                    : strcmp(p[k].field, "condition") == 0 ? &err.condition
			                                                           : &err.profile;
			if (!*slot)
				*slot = _(p[k].msgid);
			bad++;
		}
	}
	if (bad) {
		cxm_db_rollback(req->db);   /* the copy of a frozen version too */
		return question_form(req, id, e.survey_id, q, options, &err);
	}
	if (cxm_survey_question_save(req->db, biz, q) != CXM_OK)
		return edit_fail(req);
	return edit_end(req, &e, "survey_question_edited", q->code);
}

int cxm_page_survey_question_add(struct cxm_req *req)
{
	long long biz = req->session->business_id;
	struct edit e;
	int st = edit_begin(req, 0, cxm_field(req, FA_ID)->i, &e);
	if (st)
		return st;
	const struct cxm_field *code = cxm_field(req, FA_CODE), *type = cxm_field(req, FA_TYPE);
	struct cxm_survey_version v;
	if (cxm_survey_version_load(req->db, req->arena, biz, e.version_id, &v) != CXM_OK)
		return edit_fail(req);
	const char *why = NULL;
	if (!type->valid)
		why = _("Choose the question's type.");
	else if (!code->present || !code->valid || !cxm_survey_code_ok(code->s))
		why = _("A code is 1 to 64 characters: small Latin letters, digits and _, starting with a letter.");
	else if (cxm_survey_find(&v, code->s) >= 0)
		why = _("Another question of this survey has the same code.");
	if (why) {
		cxm_db_rollback(req->db);
		int rc = cxm_sp_show_survey(req, e.survey_id, NULL, why);
		return rc == 200 ? 422 : rc;
	}
	struct cxm_survey_question q;
	memset(&q, 0, sizeof(q));
	q.code = code->s;
	q.type = (enum cxm_qtype)type->i;
	q.scale_min = q.type == CXM_QT_NPS ? 0 : 1;
	q.scale_max = q.type == CXM_QT_NPS ? 10 : 5;
	if (cxm_survey_question_add(req->db, biz, e.version_id, e.id, &q) != CXM_OK)
		return edit_fail(req);
	if (cxm_db_commit(req->db) != CXM_OK)
		return edit_fail(req);
	if (e.copied)
		cxm_audit(req, biz, "survey_version_created", cxm_sp_audit_target(req, e.survey_id), NULL);
	cxm_audit(req, biz, "survey_question_added", cxm_sp_audit_target(req, e.survey_id), q.code);
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/surveys/questions/%lld", req->base, q.id));
	return 303;
}

int cxm_page_survey_question_move(struct cxm_req *req)
{
	struct edit e;
	int st = edit_begin(req, 1, cxm_field(req, FM_ID)->i, &e);
	if (st)
		return st;
	int dir = cxm_field(req, FM_DIR)->i == 0 ? -1 : 1;
	if (cxm_survey_question_move(req->db, req->arena, req->session->business_id, e.id, dir) != CXM_OK)
		return edit_fail(req);
	return edit_end(req, &e, "survey_question_moved", dir < 0 ? "up" : "down");
}

int cxm_page_survey_question_delete_form(struct cxm_req *req)
{
	long long id = cxm_field(req, FI_ID)->i, sid = 0;
	struct cxm_survey_version v;
	size_t i = 0;
	int st = load_question(req, id, &sid, &v, &i);
	if (st)
		return st;
	const struct cxm_survey_question *q = &v.questions[i];
	const char *back = cxm_printf(req->arena, "%s/surveys/%lld", req->base, sid);
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, _("Delete this question?"), cxm_printf(req->arena, "%s/surveys/questions/%lld/delete", req->base, id),
		back, _("Back to the survey"), NULL, _("Delete the question"), 1);
	cxm_cp_confirm_para(d, cxm_printf(req->arena, "%s: %s", q->code, cxm_sp_title(req, q->text_ru, q->text_en)));
	cxm_cp_confirm_para(d, _("Answers already given stay with the version they answered."));
	return cxm_page_end(req);
}

int cxm_page_survey_question_delete(struct cxm_req *req)
{
	struct edit e;
	int st = edit_begin(req, 1, cxm_field(req, FI_ID)->i, &e);
	if (st)
		return st;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, "SELECT code FROM survey_questions WHERE id = ?",
	                 CXM_PARAMS(CXM_PINT(e.id)), &r) != CXM_OK || !r.nrows)
		return edit_fail(req);
	const char *code = cxm_rows_get(&r, 0, 0);
	if (cxm_survey_question_delete(req->db, req->session->business_id, e.id) != CXM_OK)
		return edit_fail(req);
	return edit_end(req, &e, "survey_question_deleted", code);
}
