/* The respondents' pages (public, no login): a survey's open link
 * /s/<open_token> and a client's invitation link /r/<token>. The business
 * and the survey come from the token alone. One section per page, the
 * conditions evaluated here on every request (survey_logic.c), earlier
 * pages' answers carried in hidden fields, nothing stored before the last
 * page; then the response, its answers, the profile changes and the
 * timeline entry in one transaction (docs/surveys.md). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "client.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "interaction.h"
#include "log.h"
#include "page.h"
#include "pages/pages.h"
#include "pages/survey_pages.h"
#include "session.h"
#include "route.h"
#include "survey.h"
#include "survey_response.h"
#include "survey_logic.h"
#include "tmpl.h"
#include "token.h"
#include "feedback.h"

/* The route's fields (pages/routes.c); the answers themselves are read by
 * name (survey_logic.h) and judged by survey_logic.c. */
enum { F_TOKEN, F_KEY, F_PAGE, F_REACHED, F_GO, F_STARTED };

/* What a request is about. */
struct ctx {
	struct cxm_req *req;
	int invitation;            /* /r/: an invitation link */
	const char *token;
	long long business_id, invitation_id, client_id;
	struct cxm_survey survey;
	struct cxm_survey_version v;
	struct cxm_survey_profile profile;
	int en;
	long long started;         /* when the first page was shown (Unix time, as the form
	                              carries it: a statistic, never trusted for more) */
};

/* ---- finding what the link names -------------------------------------- */

/* A page saying why the link does not work (status 404). */
static int refuse(struct cxm_req *req, const char *heading, const char *message)
{
	struct cxm_dict *d = cxm_page_begin(req, "survey_message.tpl", heading);
	req->status = 404;
	cxm_dict_set(d, "HEADING", heading);
	cxm_dict_set(d, "MESSAGE", message);
	int st = cxm_page_end(req);
	return st == 404 ? 404 : st;
}

static int unknown_link(struct cxm_req *req)
{
	return refuse(req, _("Survey not found"),
	              _("This survey link is not valid. Check that it was copied in full."));
}

static int used_link(struct cxm_req *req)
{
	return refuse(req, _("Already answered"),
	              _("This survey has already been answered with this link. Thank you!"));
}

static int expired_link(struct cxm_req *req)
{
	return refuse(req, _("Link expired"), _("This survey link has expired."));
}

static int closed_survey(struct cxm_req *req)
{
	return refuse(req, _("Survey closed"), _("This survey is closed and no longer takes answers."));
}

static const char *today_utc(struct cxm_arena *a)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return cxm_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Finds the survey (and invitation) of the link into c. Returns 0, or the
 * status of the page already rendered (refusals) or to render (503). */
static int find(struct ctx *c, struct cxm_req *req, int invitation)
{
	req->outsider = 1;   /* a respondent's page, refusals included */
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->invitation = invitation;
	c->token = cxm_field(req, F_TOKEN)->s;
	c->en = req->lang == CXM_LANG_EN;
	if (!invitation) {
		enum cxm_err rc = cxm_survey_by_open_token(req->db, req->arena, c->token, &c->survey);
		if (rc == CXM_ERR_NOT_FOUND)
			return unknown_link(req);
		if (rc != CXM_OK)
			goto db_error;
	} else {
		unsigned char hash[CXM_TOKEN_HASH_BYTES];
		if (!c->token || cxm_token_hash(c->token, hash) != 0)
			return unknown_link(req);
		struct cxm_rows r;
		enum cxm_err rc = cxm_db_query(
			req->db, req->arena,
			"SELECT i.id, i.business_id, i.survey_id, i.client_id, i.completed_at IS NOT NULL,"
			" i.expires_at IS NOT NULL AND i.expires_at <= UTC_TIMESTAMP(6), i.opened_at IS NULL"
			" FROM survey_invitations i WHERE i.token_hash = ?",
			CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash))), &r);
		if (rc != CXM_OK)
			goto db_error;
		if (!r.nrows)
			return unknown_link(req);
		c->invitation_id = cxm_rows_int(&r, 0, 0, 0);
		c->business_id = cxm_rows_int(&r, 0, 1, 0);
		c->client_id = cxm_rows_int(&r, 0, 3, 0);
		if (cxm_rows_int(&r, 0, 4, 0))
			return used_link(req);
		if (cxm_rows_int(&r, 0, 5, 0))
			return expired_link(req);
		rc = cxm_survey_get(req->db, req->arena, c->business_id, cxm_rows_int(&r, 0, 2, 0), &c->survey);
		if (rc == CXM_ERR_NOT_FOUND)
			return unknown_link(req);
		if (rc != CXM_OK)
			goto db_error;
		if (req->method != CXM_POST && cxm_rows_int(&r, 0, 6, 0) &&
		    cxm_db_exec(req->db,
		                "UPDATE survey_invitations SET opened_at = UTC_TIMESTAMP(6)"
		                " WHERE id = ? AND opened_at IS NULL",
		                CXM_PARAMS(CXM_PINT(c->invitation_id)), NULL, NULL) != CXM_OK)
			goto db_error;
		if (cxm_survey_profile_load(req->db, req->arena, c->business_id, c->client_id,
		                            today_utc(req->arena), &c->profile) != CXM_OK)
			goto db_error;
	}
	c->business_id = c->survey.business_id;
	if (!c->survey.active)
		return closed_survey(req);
	enum cxm_err rc = cxm_survey_version_load(req->db, req->arena, c->business_id,
	                                          c->survey.current_version_id, &c->v);
	if (rc == CXM_ERR_NOT_FOUND || (rc == CXM_OK && c->v.nsections == 0))
		return closed_survey(req);
	if (rc != CXM_OK)
		goto db_error;
	return 0;
db_error:
	cxm_error("survey link lookup: %s", cxm_db_error(req->db));
	return 503;
}

/* ---- the page ------------------------------------------------------------ */

static const char *posted(void *ctx, const char *name)
{
	return cxm_req_param(ctx, name);
}

static const char *tr(const struct ctx *c, const char *ru, const char *en)
{
	return cxm_survey_text(c->en, ru, en);
}

/* A carried value; one with line breaks travels in a hidden text area,
 * since an attribute's escaping turns them into spaces. */
static void hidden(struct cxm_dict *d, const char *name, const char *value)
{
	int lines = strchr(value, '\n') || strchr(value, '\r');
	struct cxm_dict *h = cxm_dict_section(d, lines ? "HIDDEN_TEXT" : "HIDDEN");
	cxm_dict_set(h, "NAME", name);
	cxm_dict_set(h, "VALUE", value);
}

/* Carries question i's answer x as hidden fields. */
static void carry(struct cxm_req *req, struct cxm_dict *d, const struct cxm_survey_question *q,
                  const struct cxm_survey_answer *x)
{
	struct cxm_arena *a = req->arena;
	switch (q->type) {
	case CXM_QT_SINGLE:
	case CXM_QT_MULTIPLE:
		for (size_t k = 0; k < q->nopts; k++)
			if (x->chosen[k])
				hidden(d, cxm_survey_input_name(a, 'q', q->code, q->type == CXM_QT_MULTIPLE ? q->opts[k].code : NULL),
				       q->type == CXM_QT_MULTIPLE ? "1" : q->opts[k].code);
		if (x->other)
			hidden(d, cxm_survey_input_name(a, 'o', q->code, NULL), x->other);
		break;
	case CXM_QT_CSI:
		for (size_t k = 0; k < q->nopts; k++) {
			if (x->sat[k] != CXM_SURVEY_NONE)
				hidden(d, cxm_survey_input_name(a, 's', q->code, q->opts[k].code), cxm_printf(a, "%d", x->sat[k]));
			if (x->imp[k] != CXM_SURVEY_NONE)
				hidden(d, cxm_survey_input_name(a, 'i', q->code, q->opts[k].code), cxm_printf(a, "%d", x->imp[k]));
		}
		break;
	case CXM_QT_TEXT:
	case CXM_QT_NAME:
	case CXM_QT_EMAIL:
		if (x->text)
			hidden(d, cxm_survey_input_name(a, 'q', q->code, NULL), x->text);
		break;
	default:
		if (x->given)
			hidden(d, cxm_survey_input_name(a, 'q', q->code, NULL), cxm_printf(a, "%d", x->num));
	}
}

/* "Answer this if you chose “…” above." for a conditional question. */
static const char *condition_hint(const struct ctx *c, const struct cxm_survey_question *q)
{
	struct cxm_req *req = c->req;
	int j = cxm_survey_find(&c->v, q->cond_code);
	if (j < 0)
		return "";
	const struct cxm_survey_question *d = &c->v.questions[j];
	if (q->cond_op == CXM_COND_IN) {
		struct cxm_buf b;
		cxm_buf_init(&b, req->arena, 64);
		for (const char *p = q->cond_values ? q->cond_values : ""; *p;) {
			size_t n = strcspn(p, ",");
			for (size_t k = 0; k < d->nopts; k++)
				if (strlen(d->opts[k].code) == n && strncmp(d->opts[k].code, p, n) == 0)
					cxm_buf_printf(&b, "%s«%s»", b.len ? ", " : "", tr(c, d->opts[k].label_ru, d->opts[k].label_en));
			p += n + (p[n] == ',');
		}
		return cxm_printf(req->arena, _("Answer this if you chose %s above."), b.data ? b.data : "");
	}
	return _("Answer this only if it applies to your answer above.");
}

static void render_question(struct ctx *c, struct cxm_dict *d, size_t i, const struct cxm_survey_state *st,
                            const struct cxm_survey_answer *x)
{
	struct cxm_req *req = c->req;
	struct cxm_arena *a = req->arena;
	const struct cxm_survey_question *q = &c->v.questions[i];
	struct cxm_dict *qd = cxm_dict_section(d, "QUESTION");
	cxm_dict_set(qd, "ID", cxm_printf(a, "question-%s", q->code));
	cxm_dict_set(qd, "TEXT", tr(c, q->text_ru, q->text_en));
	if (q->required)
		cxm_dict_show(qd, "REQUIRED");
	if (st->state[i] == CXM_QS_HIDDEN)
		cxm_dict_set(cxm_dict_section(qd, "CONDITIONAL"), "HINT", condition_hint(c, q));
	int src = q->cond_op != CXM_COND_NONE ? cxm_survey_find(&c->v, q->cond_code) : -1;
	if (src >= 0 && (size_t)src < i && c->v.questions[src].section == q->section) {
		/* the optional script hides it live when the answer above changes */
		const struct cxm_survey_question *sq = &c->v.questions[src];
		struct cxm_dict *lv = cxm_dict_section(qd, "LIVE");
		cxm_dict_set(lv, "NAME", cxm_survey_input_name(a, 'q', sq->code, NULL));
		cxm_dict_set(lv, "OP", cxm_cond_names[q->cond_op]);
		cxm_dict_set(lv, "VALUES", q->cond_values ? q->cond_values : "");
		cxm_dict_set(lv, "MULTI", sq->type == CXM_QT_MULTIPLE ? "1" : "0");
	}
	const char *help = tr(c, q->help_ru, q->help_en);
	if (*help)
		cxm_dict_set(cxm_dict_section(qd, "HELP"), "HELP_TEXT", help);
	if (st->err[i])
		cxm_dict_set(cxm_dict_section(qd, "ERR"), "MSG", _(st->err[i]));
	int lo, hi;
	cxm_survey_range(q, &lo, &hi);
	switch (q->type) {
	case CXM_QT_SINGLE:
	case CXM_QT_MULTIPLE: {
		struct cxm_dict *ch = cxm_dict_section(qd, "CHOICE");
		for (size_t k = 0; k < q->nopts; k++) {
			struct cxm_dict *o = cxm_dict_section(ch, "OPTION");
			int multi = q->type == CXM_QT_MULTIPLE;
			cxm_dict_set(o, "TYPE", multi ? "checkbox" : "radio");
			cxm_dict_set(o, "NAME", cxm_survey_input_name(a, 'q', q->code, multi ? q->opts[k].code : NULL));
			cxm_dict_set(o, "VALUE", multi ? "1" : q->opts[k].code);
			cxm_dict_set(o, "LABEL", tr(c, q->opts[k].label_ru, q->opts[k].label_en));
			if (x->chosen[k])
				cxm_dict_show(o, "CHECKED");
			if (q->opts[k].is_other) {
				struct cxm_dict *ot = cxm_dict_section(o, "OTHER");
				cxm_dict_set(ot, "OTHER_NAME", cxm_survey_input_name(a, 'o', q->code, NULL));
				cxm_dict_set(ot, "OTHER_VALUE", x->other ? x->other : "");
			}
		}
		break;
	}
	case CXM_QT_SCALE:
	case CXM_QT_NPS:
	case CXM_QT_CES:
	case CXM_QT_CSAT: {
		struct cxm_dict *sc = cxm_dict_section(qd, "SCALE");
		const char *minl = tr(c, q->min_label_ru, q->min_label_en), *maxl = tr(c, q->max_label_ru, q->max_label_en);
		int labelled = 0;
		for (size_t k = 0; k < q->nopts; k++)
			labelled |= q->opts[k].has_value;
		if (*minl && !labelled)
			cxm_dict_set(cxm_dict_section(sc, "MIN_LABEL"), "TEXT", minl);
		if (*maxl && !labelled)
			cxm_dict_set(cxm_dict_section(sc, "MAX_LABEL"), "TEXT", maxl);
		for (int p = lo; p <= hi; p++) {
			struct cxm_dict *pt = cxm_dict_section(sc, "POINT");
			cxm_dict_set(pt, "NAME", cxm_survey_input_name(a, 'q', q->code, NULL));
			cxm_dict_set_int(pt, "VALUE", p);
			if (x->given && x->num == p)
				cxm_dict_show(pt, "CHECKED");
			for (size_t k = 0; k < q->nopts; k++)
				if (q->opts[k].has_value && q->opts[k].value == p)
					cxm_dict_set(cxm_dict_section(pt, "LABEL"), "TEXT",
					             tr(c, q->opts[k].label_ru, q->opts[k].label_en));
		}
		break;
	}
	case CXM_QT_CSI: {
		struct cxm_dict *cs = cxm_dict_section(qd, "CSI");
		for (size_t k = 0; k < q->nopts; k++) {
			struct cxm_dict *pr = cxm_dict_section(cs, "PARAM");
			cxm_dict_set(pr, "LABEL", tr(c, q->opts[k].label_ru, q->opts[k].label_en));
			cxm_dict_set(pr, "SAT_NAME", cxm_survey_input_name(a, 's', q->code, q->opts[k].code));
			cxm_dict_set(pr, "IMP_NAME", cxm_survey_input_name(a, 'i', q->code, q->opts[k].code));
			for (int p = lo; p <= hi; p++) {
				struct cxm_dict *s = cxm_dict_section(pr, "SAT");
				cxm_dict_set_int(s, "VALUE", p);
				if (x->sat[k] == p)
					cxm_dict_show(s, "SELECTED");
				struct cxm_dict *m = cxm_dict_section(pr, "IMP");
				cxm_dict_set_int(m, "VALUE", p);
				if (x->imp[k] == p)
					cxm_dict_show(m, "SELECTED");
			}
		}
		break;
	}
	case CXM_QT_TEXT: {
		struct cxm_dict *t = cxm_dict_section(qd, "TEXTAREA");
		cxm_dict_set(t, "NAME", cxm_survey_input_name(a, 'q', q->code, NULL));
		cxm_dict_set(t, "VALUE", x->text ? x->text : "");
		break;
	}
	default: {
		struct cxm_dict *t = cxm_dict_section(qd, "LINE");
		cxm_dict_set(t, "NAME", cxm_survey_input_name(a, 'q', q->code, NULL));
		cxm_dict_set(t, "VALUE", x->text ? x->text : "");
		cxm_dict_set(t, "INPUT_TYPE", q->type == CXM_QT_EMAIL ? "email" : "text");
	}
	}
}

/* 1 when section sec has a question to display. */
static int has_questions(const struct ctx *c, size_t sec, const struct cxm_survey_state *st)
{
	for (size_t i = 0; i < c->v.nquestions; i++)
		if (cxm_survey_displayed(&c->v, sec, i, st))
			return 1;
	return 0;
}

static const char *link_of(const struct ctx *c)
{
	return cxm_printf(c->req->arena, "%s/%s/%s", c->req->base, c->invitation ? "r" : "s", c->token);
}

/* Renders page sec with st's answers (prefilled from the profile where
 * the page was never sent: sec >= reached). */
static int render(struct ctx *c, size_t sec, size_t reached, const char *key,
                  const struct cxm_survey_state *st, int errors, int preview)
{
	struct cxm_req *req = c->req;
	const char *title = tr(c, c->survey.title_ru, c->survey.title_en);
	struct cxm_dict *d = cxm_page_begin(req, "survey_respond.tpl", title);
	req->status = 200;
	cxm_dict_set(d, "SURVEY_TITLE", title);
	const char *intro = tr(c, c->v.intro_ru, c->v.intro_en);
	if (sec == 0 && *intro)
		cxm_dict_set(cxm_dict_section(d, "INTRO"), "TEXT", intro);
	cxm_dict_set(d, "PROGRESS", cxm_printf(req->arena, _("Page %zu of %zu"), sec + 1, c->v.nsections));
	cxm_dict_set(d, "SECTION_TITLE", tr(c, c->v.sections[sec].title_ru, c->v.sections[sec].title_en));
	cxm_dict_set(d, "ACTION", link_of(c));
	cxm_dict_set(d, "KEY", key);
	cxm_dict_set_int(d, "PAGE", (long long)sec);
	cxm_dict_set_int(d, "REACHED", (long long)reached);
	cxm_dict_set_int(d, "STARTED", c->started);
	if (errors)
		cxm_page_notice(d, "error", _("Some answers need your attention; see the marks below."));
	for (size_t i = 0; i < c->v.nquestions; i++) {
		const struct cxm_survey_question *q = &c->v.questions[i];
		if (cxm_survey_displayed(&c->v, sec, i, st) ||
		    (preview && q->section == sec && st->state[i] != CXM_QS_SKIPPED)) {
			struct cxm_survey_answer x = st->ans[i];
			if (!x.given && !st->err[i] && sec >= reached)
				cxm_survey_prefill(req->arena, q, &c->profile, &x);
			render_question(c, d, i, st, &x);
		} else if (q->section != sec && st->state[i] == CXM_QS_SHOWN) {
			carry(req, d, q, &st->ans[i]);
		}
	}
	int later = 0;
	for (size_t s = sec + 1; s < c->v.nsections; s++)
		later |= has_questions(c, s, st);
	int earlier = 0;
	for (size_t s = 0; s < sec; s++)
		earlier |= has_questions(c, s, st);
	if (preview) {
		struct cxm_dict *p = cxm_dict_section(d, "PREVIEW");
		cxm_dict_set(p, "BACK_URL", cxm_printf(req->arena, "%s/surveys/%lld", req->base, c->survey.id));
		if (sec > 0)
			cxm_dict_set(cxm_dict_section(p, "PREV_PAGE"), "URL",
			             cxm_printf(req->arena, "%s/surveys/%lld/preview?page=%zu", req->base, c->survey.id, sec));
		if (sec + 1 < c->v.nsections)
			cxm_dict_set(cxm_dict_section(p, "NEXT_PAGE"), "URL",
			             cxm_printf(req->arena, "%s/surveys/%lld/preview?page=%zu", req->base, c->survey.id, sec + 2));
		return cxm_page_end(req);
	}
	if (earlier)
		cxm_dict_show(d, "BACK");
	cxm_dict_show(d, later ? "NEXT" : "SUBMIT");
	return cxm_page_end(req);
}

static int thanks(struct ctx *c)
{
	struct cxm_req *req = c->req;
	const char *title = tr(c, c->survey.title_ru, c->survey.title_en);
	struct cxm_dict *d = cxm_page_begin(req, "survey_message.tpl", title);
	req->status = 200;
	cxm_dict_set(d, "HEADING", title);
	const char *t = tr(c, c->v.thanks_ru, c->v.thanks_en);
	cxm_dict_set(d, "MESSAGE", *t ? t : _("Thank you! Your answers have been saved."));
	cxm_dict_show(d, "THANKS");
	return cxm_page_end(req);
}

/* ---- storing ------------------------------------------------------------- */

/* The first shown answer of a question of type t (name, email), or NULL. */
static const char *contact(const struct ctx *c, const struct cxm_survey_state *st, enum cxm_qtype t)
{
	for (size_t i = 0; i < c->v.nquestions; i++)
		if (c->v.questions[i].type == t && st->state[i] == CXM_QS_SHOWN && st->ans[i].text)
			return st->ans[i].text;
	return NULL;
}

/* The open link's respondent: the live client with that e-mail, or a new
 * one (source unknown, first seen today). *is_new says which. */
static enum cxm_err open_link_client(struct ctx *c, const struct cxm_survey_state *st, int *is_new)
{
	struct cxm_req *req = c->req;
	*is_new = 0;
	const char *email = contact(c, st, CXM_QT_EMAIL), *name = contact(c, st, CXM_QT_NAME);
	if (!email)
		return CXM_OK;   /* a survey without a contact question: an anonymous response */
	enum cxm_err rc = cxm_client_match(req->db, req->arena, c->business_id, NULL, email, &c->client_id);
	if (rc != CXM_OK || c->client_id)
		return rc;
	struct cxm_custom_fields cf = {0};
	struct cxm_client_input in;
	memset(&in, 0, sizeof(in));
	in.v[CXM_CF_NAME] = name ? name : email;
	in.v[CXM_CF_EMAIL] = email;
	struct cxm_client cl;
	struct cxm_client_errors err;
	if (cxm_client_check(req->arena, &cf, &in, 1, &cl, &err) > 0)
		return CXM_ERR_INVALID;
	*is_new = 1;
	return cxm_client_save(req->db, req->arena, c->business_id, &cf, &cl, &c->client_id);
}

/* Outcome of a store: stored (or found stored before), the invitation
 * was used meanwhile, or a failure. */
enum stored { STORED, ALREADY, FAILED };

static enum stored store(struct ctx *c, const struct cxm_survey_state *st, const char *key,
                         long long *response_id)
{
	struct cxm_req *req = c->req;
	struct cxm_rows r;
	*response_id = 0;
	enum cxm_err rc = cxm_db_begin(req->db);
	if (rc == CXM_OK)
		rc = cxm_db_query(req->db, req->arena,
		                  "SELECT id FROM survey_responses WHERE submit_key = ? AND survey_id = ?",
		                  CXM_PARAMS(CXM_PSTR(key), CXM_PINT(c->survey.id)), &r);
	if (rc == CXM_OK && r.nrows) {
		cxm_db_rollback(req->db);
		return STORED;   /* the same form sent twice: the first one counts */
	}
	if (rc == CXM_OK && c->invitation) {
		rc = cxm_db_query(req->db, req->arena,
		                  "SELECT completed_at IS NOT NULL FROM survey_invitations WHERE id = ? FOR UPDATE",
		                  CXM_PARAMS(CXM_PINT(c->invitation_id)), &r);
		if (rc == CXM_OK && (!r.nrows || cxm_rows_int(&r, 0, 0, 0))) {
			cxm_db_rollback(req->db);
			return ALREADY;
		}
	}
	/* The version's row first: a builder edit waits for this response (and
	 * then copies the version) or went before it (docs/surveys.md). */
	if (rc == CXM_OK)
		rc = cxm_db_query(req->db, req->arena, "SELECT responses FROM survey_versions WHERE id = ? FOR UPDATE",
		                  CXM_PARAMS(CXM_PINT(c->v.id)), &r);
	int is_new = 0;
	if (rc == CXM_OK && !c->invitation)
		rc = open_link_client(c, st, &is_new);
	/* started_at from the form, when it is plausible: within the last 30 days */
	time_t now = time(NULL);
	struct cxm_param started = CXM_PNULL;
	if (c->started > (long long)now - 30 * 86400 && c->started <= (long long)now) {
		time_t t = (time_t)c->started;
		struct tm tm;
		gmtime_r(&t, &tm);
		started = CXM_PSTR(cxm_printf(req->arena, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
		                              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec));
	}
	uint64_t rid = 0;
	if (rc == CXM_OK)
		rc = cxm_db_exec(req->db,
		                 "INSERT INTO survey_responses (business_id, survey_id, version_id, client_id,"
		                 " invitation_id, channel, lang, submit_key, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		                 CXM_PARAMS(CXM_PINT(c->business_id), CXM_PINT(c->survey.id), CXM_PINT(c->v.id),
		                            c->client_id ? CXM_PINT(c->client_id) : CXM_PNULL,
		                            c->invitation ? CXM_PINT(c->invitation_id) : CXM_PNULL,
		                            CXM_PSTR(c->invitation ? "invitation" : "open_link"),
		                            CXM_PSTR(cxm_lang_codes[req->lang]), CXM_PSTR(key), started),
		                 NULL, &rid);
	if (rc == CXM_ERR_DB && cxm_db_errno(req->db) == 1062) {
		/* a twin request stored it a moment ago */
		cxm_db_rollback(req->db);
		return c->invitation ? ALREADY : STORED;
	}
	if (rc == CXM_OK)
		rc = cxm_survey_answers_insert(req->db, c->business_id, &c->v, st, (long long)rid);
	if (rc == CXM_OK)
		rc = cxm_db_exec(req->db,
		                 "UPDATE survey_versions SET responses = responses + 1 WHERE id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(c->v.id), CXM_PINT(c->business_id)), NULL, NULL);
	if (rc == CXM_OK && c->invitation)
		rc = cxm_db_exec(req->db,
		                 "UPDATE survey_invitations SET completed_at = UTC_TIMESTAMP(6),"
		                 " opened_at = COALESCE(opened_at, UTC_TIMESTAMP(6)) WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(c->invitation_id)), NULL, NULL);
	/* A low score opens a follow-up in the feedback inbox (feedback.c), in
	 * this transaction: the response and its follow-up are stored together
	 * or not at all, so no detractor goes unanswered. */
	if (rc == CXM_OK) {
		long long feedback_id = 0;
		rc = cxm_feedback_from_response(req->db, req->arena, c->business_id, (long long)rid, &feedback_id);
		if (rc == CXM_OK && feedback_id)
			cxm_info("survey response %lld: follow-up %lld opened", (long long)rid, feedback_id);
	}
	/* An open link changes the profile of the client it created only:
	 * anyone may type an existing client's e-mail there. */
	if (rc == CXM_OK && c->client_id && (c->invitation || is_new))
		rc = cxm_survey_profile_apply(req->db, req->arena, c->business_id, c->client_id, &c->v, st);
	if (rc == CXM_OK && c->client_id) {
		struct tm tm;
		gmtime_r(&now, &tm);
		struct cxm_interaction it = {
			.kind = CXM_IK_SURVEY,
			.occurred_at = cxm_printf(req->arena, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
			                          tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec),
			.channel = "survey",
			.text = tr(c, c->survey.title_ru, c->survey.title_en),
			.ref_id = (long long)rid,
		};
		rc = cxm_interaction_add(req->db, req->arena, c->business_id, c->client_id, &it, NULL);
		if (rc == CXM_OK)
			rc = cxm_client_recount(req->db, c->business_id, c->client_id);
	}
	if (rc == CXM_OK)
		rc = cxm_db_commit(req->db);
	if (rc != CXM_OK) {
		cxm_error("storing a response to survey %lld failed: %s (%s)", c->survey.id, cxm_strerror(rc),
		          cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return FAILED;
	}
	*response_id = (long long)rid;
	cxm_info("survey %lld: response %lld stored (%s)", c->survey.id, (long long)rid,
	         c->invitation ? "invitation" : "open link");
	return STORED;
}

/* ---- handlers ------------------------------------------------------------ */

static int show_first(struct cxm_req *req, int invitation)
{
	struct ctx c;
	int st = find(&c, req, invitation);
	if (st)
		return st;
	if (!invitation &&
	    cxm_db_exec(req->db, "UPDATE surveys SET open_starts = open_starts + 1 WHERE id = ?",
	                CXM_PARAMS(CXM_PINT(c.survey.id)), NULL, NULL) != CXM_OK)
		cxm_warn("counting an open-link start: %s", cxm_db_error(req->db));
	char key[CXM_TOKEN_CHARS + 1];
	cxm_token_new(key);
	c.started = (long long)time(NULL);
	struct cxm_survey_state s;
	cxm_survey_evaluate(req->arena, &c.v, &c.profile, NULL, NULL, &s);
	size_t sec = 0;
	while (sec + 1 < c.v.nsections && !has_questions(&c, sec, &s))
		sec++;
	return render(&c, sec, 0, cxm_strdup(req->arena, key), &s, 0, 0);
}

static int answer(struct cxm_req *req, int invitation)
{
	struct ctx c;
	int st = find(&c, req, invitation);
	if (st)
		return st;
	const char *key = cxm_field(req, F_KEY)->s;
	if (!key || strlen(key) != CXM_TOKEN_CHARS) {
		req->error_detail = _("The form is incomplete. Open the survey link again.");
		return 400;
	}
	size_t n = c.v.nsections;
	const struct cxm_field *pf = cxm_field(req, F_PAGE), *rf = cxm_field(req, F_REACHED);
	size_t sec = pf->present && pf->valid && (size_t)pf->i < n ? (size_t)pf->i : 0;
	size_t reached = rf->present && rf->valid ? (size_t)rf->i : 0;
	const struct cxm_field *go = cxm_field(req, F_GO), *sf = cxm_field(req, F_STARTED);
	if (sf->present && sf->valid)
		c.started = sf->i;
	int back = go->present && go->valid && go->i == 1;

	struct cxm_survey_state s;
	cxm_survey_evaluate(req->arena, &c.v, &c.profile, posted, req, &s);
	if (back) {
		size_t to = sec;
		while (to > 0) {
			to--;
			if (has_questions(&c, to, &s))
				break;
		}
		for (size_t i = 0; i < c.v.nquestions; i++)
			s.err[i] = NULL;
		return render(&c, to, reached > sec + 1 ? reached : sec + 1, key, &s, 0, 0);
	}
	if (cxm_survey_validate(&c.v, sec, sec, &s) > 0)
		return render(&c, sec, reached > sec ? reached : sec, key, &s, 1, 0);
	if (reached < sec + 1)
		reached = sec + 1;
	size_t next = sec + 1;
	while (next < n && !has_questions(&c, next, &s))
		next++;
	if (next < n) {
		for (size_t i = 0; i < c.v.nquestions; i++)
			if (c.v.questions[i].section >= next)
				s.err[i] = NULL;   /* not judged before the page is sent */
		return render(&c, next, reached, key, &s, 0, 0);
	}
	/* the last page: every page is judged again (the carried answers come
	 * from the browser too) */
	if (cxm_survey_validate(&c.v, 0, n - 1, &s) > 0) {
		size_t first = 0;
		for (size_t i = 0; i < c.v.nquestions; i++)
			if (s.err[i]) {
				first = c.v.questions[i].section;
				break;
			}
		return render(&c, first, reached, key, &s, 1, 0);
	}
	long long rid = 0;
	switch (store(&c, &s, key, &rid)) {
	case STORED:
		break;
	case ALREADY:
		return used_link(req);
	default:
		return 503;
	}
	return thanks(&c);
}

int cxm_page_survey_open_form(struct cxm_req *req)
{
	return show_first(req, 0);
}

int cxm_page_survey_open(struct cxm_req *req)
{
	return answer(req, 0);
}

int cxm_page_survey_invited_form(struct cxm_req *req)
{
	return show_first(req, 1);
}

int cxm_page_survey_invited(struct cxm_req *req)
{
	return answer(req, 1);
}

/* The builder's preview (managers and admins): page ?page=N of the
 * survey's current version as a respondent sees it, every question of the
 * page displayed (conditional ones with their hint), no buttons. */
int cxm_page_survey_preview(struct cxm_req *req)
{
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.req = req;
	c.en = req->lang == CXM_LANG_EN;
	c.business_id = req->session->business_id;
	enum cxm_err rc = cxm_survey_get(req->db, req->arena, c.business_id, cxm_field(req, 0)->i, &c.survey);
	if (rc == CXM_OK)
		rc = cxm_survey_version_load(req->db, req->arena, c.business_id, c.survey.current_version_id, &c.v);
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	if (rc != CXM_OK)
		return 503;
	if (!c.v.nsections)
		return 404;
	c.token = c.survey.open_token ? c.survey.open_token : "";
	const struct cxm_field *p = cxm_field(req, 1);
	size_t sec = p->present && (size_t)p->i <= c.v.nsections ? (size_t)p->i - 1 : 0;
	struct cxm_survey_state s;
	cxm_survey_evaluate(req->arena, &c.v, NULL, NULL, NULL, &s);
	return render(&c, sec, 0, "", &s, 0, 1);
}
