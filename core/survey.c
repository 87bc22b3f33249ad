/* Survey definitions: loading a version, checking it, and the builder's
 * edits with the versioning rule; see survey.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "i18n.h"
#include "survey.h"
#include "token.h"

const char *const cxm_qtype_names[CXM_QT_MAX] = {
	"single", "multiple", "scale", "nps", "ces", "csat", "csi", "text", "name", "email",
};
const char *const cxm_qtype_labels[CXM_QT_MAX] = {
	N_("Single choice"), N_("Multiple choice"), N_("Rating scale"), N_("NPS (0–10)"),
	N_("CES (effort)"), N_("CSAT (1–5)"), N_("Importance and satisfaction (CSI)"),
	N_("Free text"), N_("Respondent's name"), N_("Respondent's e-mail"),
};
const char *const cxm_cond_names[CXM_COND_MAX] = {"", "in", "not_in", "le", "ge", "answered"};

int cxm_qtype_from_name(const char *s)
{
	for (int i = 0; s && i < CXM_QT_MAX; i++)
		if (strcmp(s, cxm_qtype_names[i]) == 0)
			return i;
	return -1;
}

int cxm_cond_from_name(const char *s)
{
	for (int i = 1; s && i < CXM_COND_MAX; i++)
		if (strcmp(s, cxm_cond_names[i]) == 0)
			return i;
	return -1;
}

const char *cxm_survey_text(int en, const char *ru, const char *en_text)
{
	const char *a = en ? en_text : ru, *b = en ? ru : en_text;
	return a && *a ? a : (b ? b : "");
}

void cxm_survey_range(const struct cxm_survey_question *q, int *min, int *max)
{
	switch (q->type) {
	case CXM_QT_NPS: *min = 0; *max = 10; break;
	case CXM_QT_CSAT: *min = 1; *max = 5; break;
	default: *min = q->scale_min; *max = q->scale_max;
	}
}

int cxm_survey_find(const struct cxm_survey_version *v, const char *code)
{
	for (size_t i = 0; code && i < v->nquestions; i++)
		if (strcmp(v->questions[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* ---- reading ------------------------------------------------------------- */

#define SURVEY_COLS "id, business_id, current_version_id, title_ru, title_en, status, open_token," \
	" is_default, open_starts, invitation_days"

static void survey_row(const struct cxm_rows *r, struct cxm_survey *s)
{
	memset(s, 0, sizeof(*s));
	s->id = cxm_rows_int(r, 0, 0, 0);
	s->business_id = cxm_rows_int(r, 0, 1, 0);
	s->current_version_id = cxm_rows_int(r, 0, 2, 0);
	s->title_ru = cxm_rows_get(r, 0, 3);
	s->title_en = cxm_rows_get(r, 0, 4);
	s->active = strcmp(cxm_rows_get(r, 0, 5), "active") == 0;
	s->open_token = cxm_rows_get(r, 0, 6);
	s->is_default = (int)cxm_rows_int(r, 0, 7, 0);
	s->open_starts = cxm_rows_int(r, 0, 8, 0);
	s->invitation_days = (int)cxm_rows_int(r, 0, 9, 14);
}

enum cxm_err cxm_survey_get(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                            long long id, struct cxm_survey *out)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT " SURVEY_COLS " FROM surveys"
	                               " WHERE id = ? AND business_id = ? AND deleted_at IS NULL",
	                               CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	survey_row(&r, out);
	return CXM_OK;
}

enum cxm_err cxm_survey_by_open_token(struct cxm_db *db, struct cxm_arena *a, const char *token,
                                      struct cxm_survey *out)
{
	if (!token || strlen(token) != CXM_TOKEN_CHARS)
		return CXM_ERR_NOT_FOUND;
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT " SURVEY_COLS " FROM surveys"
	                               " WHERE open_token = ? AND deleted_at IS NULL",
	                               CXM_PARAMS(CXM_PSTR(token)), &r);
	if (rc != CXM_OK)
		return rc;
	/* the unique key compares without regard to case: the token must match exactly */
	if (!r.nrows || !cxm_token_equal(cxm_rows_get(&r, 0, 6), token))
		return CXM_ERR_NOT_FOUND;
	survey_row(&r, out);
	return CXM_OK;
}

static int opt_int(const struct cxm_rows *r, size_t row, size_t col, int *has)
{
	const char *s = cxm_rows_get(r, row, col);
	if (has)
		*has = s != NULL;
	return s ? atoi(s) : 0;
}

enum cxm_err cxm_survey_version_load(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                     long long version_id, struct cxm_survey_version *out)
{
	memset(out, 0, sizeof(*out));
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT id, survey_id, number, responses, intro_ru, intro_en,"
	                               " thanks_ru, thanks_en FROM survey_versions"
	                               " WHERE id = ? AND business_id = ?",
	                               CXM_PARAMS(CXM_PINT(version_id), CXM_PINT(business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	out->id = cxm_rows_int(&r, 0, 0, 0);
	out->survey_id = cxm_rows_int(&r, 0, 1, 0);
	out->business_id = business_id;
	out->number = (int)cxm_rows_int(&r, 0, 2, 1);
	out->responses = cxm_rows_int(&r, 0, 3, 0);
	out->intro_ru = cxm_rows_get(&r, 0, 4);
	out->intro_en = cxm_rows_get(&r, 0, 5);
	out->thanks_ru = cxm_rows_get(&r, 0, 6);
	out->thanks_en = cxm_rows_get(&r, 0, 7);

	struct cxm_rows s;
	rc = cxm_db_query(db, a,
	                  "SELECT id, position, title_ru, title_en FROM survey_sections"
	                  " WHERE version_id = ? AND business_id = ? ORDER BY position, id",
	                  CXM_PARAMS(CXM_PINT(version_id), CXM_PINT(business_id)), &s);
	if (rc != CXM_OK)
		return rc;
	out->nsections = s.nrows;
	out->sections = cxm_zalloc(a, sizeof(*out->sections) * (s.nrows + 1));
	for (size_t i = 0; i < s.nrows; i++) {
		out->sections[i].id = cxm_rows_int(&s, i, 0, 0);
		out->sections[i].position = (int)cxm_rows_int(&s, i, 1, 0);
		out->sections[i].title_ru = cxm_rows_get(&s, i, 2);
		out->sections[i].title_en = cxm_rows_get(&s, i, 3);
	}

	struct cxm_rows q;
	rc = cxm_db_query(db, a,
	                  "SELECT q.id, q.section_id, q.position, q.code, q.type, q.text_ru, q.text_en,"
	                  " q.help_ru, q.help_en, q.required, q.scale_min, q.scale_max, q.min_label_ru,"
	                  " q.min_label_en, q.max_label_ru, q.max_label_en, q.cond_code, q.cond_op,"
	                  " q.cond_values, q.profile_field, q.profile_mode"
	                  " FROM survey_questions q JOIN survey_sections s ON s.id = q.section_id"
	                  " WHERE q.version_id = ? AND q.business_id = ?"
	                  " ORDER BY s.position, s.id, q.position, q.id",
	                  CXM_PARAMS(CXM_PINT(version_id), CXM_PINT(business_id)), &q);
	if (rc != CXM_OK)
		return rc;
	out->nquestions = q.nrows;
	out->questions = cxm_zalloc(a, sizeof(*out->questions) * (q.nrows + 1));
	for (size_t i = 0; i < q.nrows; i++) {
		struct cxm_survey_question *x = &out->questions[i];
		x->id = cxm_rows_int(&q, i, 0, 0);
		x->section_id = cxm_rows_int(&q, i, 1, 0);
		for (size_t k = 0; k < out->nsections; k++)
			if (out->sections[k].id == x->section_id)
				x->section = k;
		x->position = (int)cxm_rows_int(&q, i, 2, 0);
		x->code = cxm_rows_get(&q, i, 3);
		int t = cxm_qtype_from_name(cxm_rows_get(&q, i, 4));
		x->type = t < 0 ? CXM_QT_TEXT : (enum cxm_qtype)t;
		x->text_ru = cxm_rows_get(&q, i, 5);
		x->text_en = cxm_rows_get(&q, i, 6);
		x->help_ru = cxm_rows_get(&q, i, 7);
		x->help_en = cxm_rows_get(&q, i, 8);
		x->required = (int)cxm_rows_int(&q, i, 9, 0);
		x->scale_min = opt_int(&q, i, 10, NULL);
		x->scale_max = opt_int(&q, i, 11, NULL);
		x->min_label_ru = cxm_rows_get(&q, i, 12);
		x->min_label_en = cxm_rows_get(&q, i, 13);
		x->max_label_ru = cxm_rows_get(&q, i, 14);
		x->max_label_en = cxm_rows_get(&q, i, 15);
		x->cond_code = cxm_rows_get(&q, i, 16);
		int op = cxm_cond_from_name(cxm_rows_get(&q, i, 17));
		x->cond_op = op < 0 || !x->cond_code ? CXM_COND_NONE : (enum cxm_cond_op)op;
		if (x->cond_op == CXM_COND_NONE)
			x->cond_code = NULL;
		x->cond_values = cxm_rows_get(&q, i, 18);
		x->profile_field = cxm_rows_get(&q, i, 19);
		x->profile_skip = strcmp(cxm_rows_get(&q, i, 20), "skip") == 0;
	}

	struct cxm_rows o;
	rc = cxm_db_query(db, a,
	                  "SELECT o.question_id, o.id, o.code, o.label_ru, o.label_en, o.is_other, o.value"
	                  " FROM survey_options o JOIN survey_questions q ON q.id = o.question_id"
	                  " WHERE q.version_id = ? AND o.business_id = ? ORDER BY o.question_id,"
	                  " o.position, o.id",
	                  CXM_PARAMS(CXM_PINT(version_id), CXM_PINT(business_id)), &o);
	if (rc != CXM_OK)
		return rc;
	/* count per question, then fill */
	for (size_t i = 0; i < out->nquestions; i++) {
		struct cxm_survey_question *x = &out->questions[i];
		size_t n = 0;
		for (size_t k = 0; k < o.nrows; k++)
			n += cxm_rows_int(&o, k, 0, 0) == x->id;
		x->opts = cxm_zalloc(a, sizeof(*x->opts) * (n + 1));
		for (size_t k = 0; k < o.nrows; k++) {
			if (cxm_rows_int(&o, k, 0, 0) != x->id)
				continue;
			struct cxm_survey_option *p = &x->opts[x->nopts++];
			p->id = cxm_rows_int(&o, k, 1, 0);
			p->code = cxm_rows_get(&o, k, 2);
			p->label_ru = cxm_rows_get(&o, k, 3);
			p->label_en = cxm_rows_get(&o, k, 4);
			p->is_other = (int)cxm_rows_int(&o, k, 5, 0);
			p->value = opt_int(&o, k, 6, &p->has_value);
		}
	}
	return CXM_OK;
}

/* ---- checking a definition ------------------------------------------------ */

int cxm_survey_code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

int cxm_survey_option_code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

int cxm_survey_profile_field_ok(const char *f)
{
	static const char *const known[] = {"age_band", "gender", "region", "profession", "source",
	                                    "visit_frequency", "tenure", "name", "email", NULL};
	if (!f)
		return 1;
	for (size_t i = 0; known[i]; i++)
		if (strcmp(f, known[i]) == 0)
			return 1;
	return strncmp(f, "custom:", 7) == 0 && cxm_survey_code_ok(f + 7);
}

static int is_choice(enum cxm_qtype t)
{
	return t == CXM_QT_SINGLE || t == CXM_QT_MULTIPLE;
}

static int is_numeric(enum cxm_qtype t)
{
	return t == CXM_QT_SCALE || t == CXM_QT_NPS || t == CXM_QT_CES || t == CXM_QT_CSAT;
}

/* 1 when every ','-separated code in list is an option code of q. */
static int codes_exist(const struct cxm_survey_question *q, const char *list)
{
	if (!list || !*list)
		return 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		int found = 0;
		for (size_t k = 0; k < q->nopts; k++)
			if (strlen(q->opts[k].code) == n && strncmp(q->opts[k].code, p, n) == 0)
				found = 1;
		if (!found)
			return 0;
		p += n + (p[n] == ',');
	}
	return 1;
}

static int is_int(const char *s)
{
	if (!s || !*s)
		return 0;
	char *end;
	strtol(s, &end, 10);
	return *end == '\0';
}

size_t cxm_survey_check(struct cxm_arena *a, const struct cxm_survey_version *v,
                        struct cxm_survey_problem **out)
{
	size_t cap = v->nquestions * 4 + 8, n = 0;
	struct cxm_survey_problem *p = cxm_zalloc(a, sizeof(*p) * cap);
#define PROBLEM(qi, f, m) \
	do { if (n < cap) { p[n].question = (int)(qi); p[n].field = (f); p[n].msgid = (m); } n++; } while (0)
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		if (!cxm_survey_code_ok(q->code))
			PROBLEM(i, "code", N_("A code is 1 to 64 characters: small Latin letters, digits and _, starting with a letter."));
		for (size_t k = 0; k < i; k++)
			if (strcmp(v->questions[k].code, q->code) == 0) {
				PROBLEM(i, "code", N_("Another question of this survey has the same code."));
				break;
			}
		if (!*cxm_survey_text(0, q->text_ru, q->text_en))
			PROBLEM(i, "text", N_("Write the question's text."));
		int others = 0;
		for (size_t k = 0; k < q->nopts; k++) {
			if (!cxm_survey_option_code_ok(q->opts[k].code))
				PROBLEM(i, "options", N_("An option's code is 1 to 64 characters: small Latin letters, digits, _ and -."));
			for (size_t m = 0; m < k; m++)
				if (strcmp(q->opts[m].code, q->opts[k].code) == 0)
					PROBLEM(i, "options", N_("Two options of the question have the same code."));
			others += q->opts[k].is_other;
		}
		if (others > 1)
			PROBLEM(i, "options", N_("A question may have one \"other\" option at most."));
		if ((is_choice(q->type) || q->type == CXM_QT_CSI) && q->nopts == 0)
			PROBLEM(i, "options", N_("A choice question needs at least one option."));
		switch (q->type) {
		case CXM_QT_SCALE:
			if (q->scale_min >= q->scale_max || q->scale_min < -100 || q->scale_max > 100)
				PROBLEM(i, "scale", N_("The scale needs a lowest point below its highest, both within -100..100."));
			break;
		case CXM_QT_CSI:
			if (q->scale_min >= q->scale_max || q->scale_min < 0 || q->scale_max > 100)
				PROBLEM(i, "scale", N_("The scale needs a lowest point below its highest, both within 0..100."));
			break;
		case CXM_QT_CES:
			if (!(q->scale_min == 1 && (q->scale_max == 5 || q->scale_max == 7)))
				PROBLEM(i, "scale", N_("A CES question is scored 1 to 7 or 1 to 5."));
			break;
		case CXM_QT_NPS:
			if (q->scale_min != 0 || q->scale_max != 10)
				PROBLEM(i, "scale", N_("An NPS question is scored 0 to 10."));
			break;
		case CXM_QT_CSAT:
			if (q->scale_min != 1 || q->scale_max != 5)
				PROBLEM(i, "scale", N_("A CSAT question is scored 1 to 5."));
			break;
		default:
			break;
		}
		if (!cxm_survey_profile_field_ok(q->profile_field))
			PROBLEM(i, "profile", N_("Unknown profile field."));
		if (q->cond_op != CXM_COND_NONE) {
			int j = cxm_survey_find(v, q->cond_code);
			if (j < 0 || (size_t)j >= i) {
				PROBLEM(i, "condition", N_("A condition must refer to the code of an earlier question."));
			} else {
				const struct cxm_survey_question *d = &v->questions[j];
				switch (q->cond_op) {
				case CXM_COND_IN:
				case CXM_COND_NOT_IN:
					if (!is_choice(d->type) || !codes_exist(d, q->cond_values))
						PROBLEM(i, "condition", N_("List option codes of the earlier choice question, separated by commas."));
					break;
				case CXM_COND_LE:
				case CXM_COND_GE:
					if (!is_numeric(d->type) || !is_int(q->cond_values))
						PROBLEM(i, "condition", N_("Compare a score question's answer with a whole number."));
					break;
				default:
					break;
				}
			}
		}
	}
#undef PROBLEM
	*out = p;
	return n < cap ? n : cap;
}

/* ---- edits ------------------------------------------------------------------ */

enum cxm_err cxm_survey_create(struct cxm_db *db, long long business_id, long long user_id,
                               const char *title_ru, const char *title_en, long long *id)
{
	uint64_t sid = 0, vid = 0;
	struct cxm_param uid = user_id ? CXM_PINT(user_id) : CXM_PNULL;
	enum cxm_err rc = cxm_db_exec(db,
	                              "INSERT INTO surveys (business_id, title_ru, title_en, created_by)"
	                              " VALUES (?, ?, ?, ?)",
	                              CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(title_ru),
	                                         CXM_PSTR(title_en), uid),
	                              NULL, &sid);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_versions (business_id, survey_id, number, created_by)"
		                 " VALUES (?, ?, 1, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(sid), uid), NULL, &vid);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "UPDATE surveys SET current_version_id = ? WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(vid), CXM_PINT(sid)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_sections (business_id, version_id, position) VALUES (?, ?, 1)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(vid)), NULL, NULL);
	*id = (long long)sid;
	return rc;
}

/* Copies version src (of survey sid) as number `number`; sets *dst. */
static enum cxm_err copy_version(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 long long sid, long long src, int number, long long user_id,
                                 long long *dst)
{
	uint64_t vid = 0;
	enum cxm_err rc = cxm_db_exec(
		db,
		"INSERT INTO survey_versions (business_id, survey_id, number, intro_ru, intro_en, thanks_ru,"
		" thanks_en, created_by) SELECT business_id, survey_id, ?, intro_ru, intro_en, thanks_ru,"
		" thanks_en, ? FROM survey_versions WHERE id = ? AND business_id = ?",
		CXM_PARAMS(CXM_PINT(number), user_id ? CXM_PINT(user_id) : CXM_PNULL, CXM_PINT(src),
		           CXM_PINT(business_id)),
		NULL, &vid);
	if (rc != CXM_OK)
		return rc;
	struct cxm_rows s;
	rc = cxm_db_query(db, a,
	                  "SELECT id FROM survey_sections WHERE version_id = ? AND business_id = ?"
	                  " ORDER BY position, id",
	                  CXM_PARAMS(CXM_PINT(src), CXM_PINT(business_id)), &s);
	for (size_t i = 0; rc == CXM_OK && i < s.nrows; i++) {
		long long old = cxm_rows_int(&s, i, 0, 0);
		uint64_t nsec = 0;
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_sections (business_id, version_id, position, title_ru, title_en)"
		                 " SELECT business_id, ?, position, title_ru, title_en FROM survey_sections"
		                 " WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(vid), CXM_PINT(old)), NULL, &nsec);
		struct cxm_rows q;
		if (rc == CXM_OK)
			rc = cxm_db_query(db, a, "SELECT id FROM survey_questions WHERE section_id = ? ORDER BY id",
			                  CXM_PARAMS(CXM_PINT(old)), &q);
		for (size_t k = 0; rc == CXM_OK && k < q.nrows; k++) {
			long long oq = cxm_rows_int(&q, k, 0, 0);
			uint64_t nq = 0;
			rc = cxm_db_exec(
				db,
				"INSERT INTO survey_questions (business_id, version_id, section_id, position, code,"
				" type, text_ru, text_en, help_ru, help_en, required, scale_min, scale_max,"
				" min_label_ru, min_label_en, max_label_ru, max_label_en, cond_code, cond_op,"
				" cond_values, profile_field, profile_mode) SELECT business_id, ?, ?, position,"
				" code, type, text_ru, text_en, help_ru, help_en, required, scale_min, scale_max,"
				" min_label_ru, min_label_en, max_label_ru, max_label_en, cond_code, cond_op,"
				" cond_values, profile_field, profile_mode FROM survey_questions WHERE id = ?",
				CXM_PARAMS(CXM_PINT(vid), CXM_PINT(nsec), CXM_PINT(oq)), NULL, &nq);
			if (rc == CXM_OK)
				rc = cxm_db_exec(db,
				                 "INSERT INTO survey_options (business_id, question_id, position, code,"
				                 " label_ru, label_en, is_other, value) SELECT business_id, ?, position,"
				                 " code, label_ru, label_en, is_other, value FROM survey_options"
				                 " WHERE question_id = ? ORDER BY position, id",
				                 CXM_PARAMS(CXM_PINT(nq), CXM_PINT(oq)), NULL, NULL);
		}
	}
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "UPDATE surveys SET current_version_id = ?, updated_at = UTC_TIMESTAMP(6)"
		                 " WHERE id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(vid), CXM_PINT(sid), CXM_PINT(business_id)), NULL, NULL);
	*dst = (long long)vid;
	return rc;
}

enum cxm_err cxm_survey_editable(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 long long survey_id, long long user_id, long long *version_id,
                                 int *copied)
{
	*copied = 0;
	*version_id = 0;
	struct cxm_rows r;
	/* the lock keeps a response from arriving between the check and the edit */
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT v.id, v.responses, v.number FROM surveys s"
	                               " JOIN survey_versions v ON v.id = s.current_version_id"
	                               " WHERE s.id = ? AND s.business_id = ? AND s.deleted_at IS NULL"
	                               " FOR UPDATE",
	                               CXM_PARAMS(CXM_PINT(survey_id), CXM_PINT(business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	long long vid = cxm_rows_int(&r, 0, 0, 0);
	if (cxm_rows_int(&r, 0, 1, 0) == 0) {
		*version_id = vid;
		return CXM_OK;
	}
	struct cxm_rows m;
	rc = cxm_db_query(db, a, "SELECT MAX(number) FROM survey_versions WHERE survey_id = ?",
	                  CXM_PARAMS(CXM_PINT(survey_id)), &m);
	if (rc != CXM_OK)
		return rc;
	rc = copy_version(db, a, business_id, survey_id, vid, (int)cxm_rows_int(&m, 0, 0, 0) + 1,
	                  user_id, version_id);
	if (rc == CXM_OK)
		*copied = 1;
	return rc;
}

enum cxm_err cxm_survey_question_in(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                    long long old_id, long long version_id, long long *id)
{
	struct cxm_rows r;
	*id = 0;
	enum cxm_err rc = cxm_db_query(
		db, a,
		"SELECT n.id FROM survey_questions o JOIN survey_versions ov ON ov.id = o.version_id"
		" JOIN survey_versions nv ON nv.survey_id = ov.survey_id AND nv.id = ?"
		" JOIN survey_questions n ON n.version_id = nv.id AND n.code = o.code"
		" WHERE o.id = ? AND o.business_id = ?",
		CXM_PARAMS(CXM_PINT(version_id), CXM_PINT(old_id), CXM_PINT(business_id)), &r);
	if (rc == CXM_OK && r.nrows)
		*id = cxm_rows_int(&r, 0, 0, 0);
	return rc;
}

enum cxm_err cxm_survey_section_in(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                   long long old_id, long long version_id, long long *id)
{
	struct cxm_rows r;
	*id = 0;
	/* sections have no code: the copy is the one at the same rank */
	enum cxm_err rc = cxm_db_query(
		db, a,
		"SELECT n.id FROM survey_sections o JOIN survey_versions ov ON ov.id = o.version_id"
		" JOIN survey_versions nv ON nv.survey_id = ov.survey_id AND nv.id = ?"
		" JOIN survey_sections n ON n.version_id = nv.id AND n.position = o.position"
		" WHERE o.id = ? AND o.business_id = ? ORDER BY n.id LIMIT 1",
		CXM_PARAMS(CXM_PINT(version_id), CXM_PINT(old_id), CXM_PINT(business_id)), &r);
	if (rc == CXM_OK && r.nrows)
		*id = cxm_rows_int(&r, 0, 0, 0);
	return rc;
}

static struct cxm_param text_or_null(const char *s)
{
	return s && *s ? CXM_PSTR(s) : CXM_PNULL;
}

static enum cxm_err save_options(struct cxm_db *db, long long business_id,
                                 const struct cxm_survey_question *q)
{
	enum cxm_err rc = cxm_db_exec(db, "DELETE FROM survey_options WHERE question_id = ? AND business_id = ?",
	                              CXM_PARAMS(CXM_PINT(q->id), CXM_PINT(business_id)), NULL, NULL);
	for (size_t k = 0; rc == CXM_OK && k < q->nopts; k++) {
		const struct cxm_survey_option *o = &q->opts[k];
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_options (business_id, question_id, position, code, label_ru,"
		                 " label_en, is_other, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(q->id), CXM_PINT(k + 1),
		                            CXM_PSTR(o->code), CXM_PSTR(o->label_ru ? o->label_ru : ""),
		                            CXM_PSTR(o->label_en ? o->label_en : ""), CXM_PINT(o->is_other),
		                            o->has_value ? CXM_PINT(o->value) : CXM_PNULL),
		                 NULL, NULL);
	}
	return rc;
}

static int has_range(enum cxm_qtype t)
{
	return is_numeric(t) || t == CXM_QT_CSI;
}

enum cxm_err cxm_survey_question_save(struct cxm_db *db, long long business_id,
                                      const struct cxm_survey_question *q)
{
	int lo = 0, hi = 0;
	cxm_survey_range(q, &lo, &hi);
	int r = has_range(q->type);
	enum cxm_err rc = cxm_db_exec(
		db,
		"UPDATE survey_questions SET code = ?, type = ?, text_ru = ?, text_en = ?, help_ru = ?,"
		" help_en = ?, required = ?, scale_min = ?, scale_max = ?, min_label_ru = ?,"
		" min_label_en = ?, max_label_ru = ?, max_label_en = ?, cond_code = ?, cond_op = ?,"
		" cond_values = ?, profile_field = ?, profile_mode = ? WHERE id = ? AND business_id = ?",
		CXM_PARAMS(CXM_PSTR(q->code), CXM_PSTR(cxm_qtype_names[q->type]),
		           CXM_PSTR(q->text_ru ? q->text_ru : ""), CXM_PSTR(q->text_en ? q->text_en : ""),
		           CXM_PSTR(q->help_ru ? q->help_ru : ""), CXM_PSTR(q->help_en ? q->help_en : ""),
		           CXM_PINT(q->required), r ? CXM_PINT(lo) : CXM_PNULL, r ? CXM_PINT(hi) : CXM_PNULL,
		           CXM_PSTR(q->min_label_ru ? q->min_label_ru : ""),
		           CXM_PSTR(q->min_label_en ? q->min_label_en : ""),
		           CXM_PSTR(q->max_label_ru ? q->max_label_ru : ""),
		           CXM_PSTR(q->max_label_en ? q->max_label_en : ""),
		           q->cond_op ? text_or_null(q->cond_code) : CXM_PNULL,
		           q->cond_op ? CXM_PSTR(cxm_cond_names[q->cond_op]) : CXM_PNULL,
		           q->cond_op ? text_or_null(q->cond_values) : CXM_PNULL, text_or_null(q->profile_field),
		           CXM_PSTR(q->profile_skip ? "skip" : "prefill"), CXM_PINT(q->id), CXM_PINT(business_id)),
		NULL, NULL);
	if (rc == CXM_OK)
		rc = save_options(db, business_id, q);
	return rc;
}

enum cxm_err cxm_survey_question_add(struct cxm_db *db, long long business_id, long long version_id,
                                     long long section_id, struct cxm_survey_question *q)
{
	uint64_t id = 0;
	enum cxm_err rc = cxm_db_exec(
		db,
		"INSERT INTO survey_questions (business_id, version_id, section_id, position, code, type)"
		" SELECT ?, ?, s.id, COALESCE((SELECT MAX(position) FROM survey_questions"
		" WHERE section_id = s.id), 0) + 1, ?, ? FROM survey_sections s"
		" WHERE s.id = ? AND s.version_id = ? AND s.business_id = ?",
		CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(version_id), CXM_PSTR(q->code),
		           CXM_PSTR(cxm_qtype_names[q->type]), CXM_PINT(section_id), CXM_PINT(version_id),
		           CXM_PINT(business_id)),
		NULL, &id);
	if (rc != CXM_OK)
		return rc;
	if (!id)
		return CXM_ERR_NOT_FOUND;
	q->id = (long long)id;
	return cxm_survey_question_save(db, business_id, q);
}

enum cxm_err cxm_survey_question_delete(struct cxm_db *db, long long business_id, long long id)
{
	uint64_t n = 0;
	enum cxm_err rc = cxm_db_exec(db, "DELETE FROM survey_questions WHERE id = ? AND business_id = ?",
	                              CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &n, NULL);
	return rc == CXM_OK && !n ? CXM_ERR_NOT_FOUND : rc;
}

enum cxm_err cxm_survey_question_move(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                      long long id, int dir)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, "SELECT version_id FROM survey_questions WHERE id = ? AND business_id = ?",
	                               CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	struct cxm_survey_version v;
	rc = cxm_survey_version_load(db, a, business_id, cxm_rows_int(&r, 0, 0, 0), &v);
	if (rc != CXM_OK)
		return rc;
	size_t i = 0;
	while (i < v.nquestions && v.questions[i].id != id)
		i++;
	if (i == v.nquestions)
		return CXM_ERR_NOT_FOUND;
	const struct cxm_survey_question *q = &v.questions[i];
	size_t sec = q->section;
	long long target_section = q->section_id;
	int first = i == 0 || v.questions[i - 1].section != sec;
	int last = i + 1 == v.nquestions || v.questions[i + 1].section != sec;
	if ((dir < 0 && first) || (dir > 0 && last)) {
		/* across the boundary: to the end of the previous section / the start of the next */
		if ((dir < 0 && sec == 0) || (dir > 0 && sec + 1 >= v.nsections))
			return CXM_OK;
		target_section = v.sections[dir < 0 ? sec - 1 : sec + 1].id;
		return cxm_db_exec(db,
		                   dir < 0 ? "UPDATE survey_questions SET section_id = ?, position = 1000000 WHERE id = ?"
		                           : "UPDATE survey_questions SET section_id = ?, position = -1 WHERE id = ?",
		                   CXM_PARAMS(CXM_PINT(target_section), CXM_PINT(id)), NULL, NULL);
	}
	/* within the section: renumber it 1..n with the two swapped */
	size_t j = dir < 0 ? i - 1 : i + 1;
	int pos = 0;
	for (size_t k = 0; rc == CXM_OK && k < v.nquestions; k++) {
		if (v.questions[k].section != sec)
			continue;
		pos++;
		long long qid = k == i ? v.questions[j].id : k == j ? v.questions[i].id : v.questions[k].id;
		rc = cxm_db_exec(db, "UPDATE survey_questions SET position = ? WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(pos), CXM_PINT(qid)), NULL, NULL);
	}
	return rc;
}

enum cxm_err cxm_survey_section_add(struct cxm_db *db, long long business_id, long long version_id,
                                    const char *title_ru, const char *title_en, long long *id)
{
	uint64_t nid = 0;
	enum cxm_err rc = cxm_db_exec(
		db,
		"INSERT INTO survey_sections (business_id, version_id, position, title_ru, title_en)"
		" SELECT ?, ?, COALESCE(MAX(position), 0) + 1, ?, ? FROM survey_sections WHERE version_id = ?",
		CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(version_id), CXM_PSTR(title_ru ? title_ru : ""),
		           CXM_PSTR(title_en ? title_en : ""), CXM_PINT(version_id)),
		NULL, &nid);
	*id = (long long)nid;
	return rc;
}

enum cxm_err cxm_survey_section_save(struct cxm_db *db, long long business_id, long long id,
                                     const char *title_ru, const char *title_en)
{
	return cxm_db_exec(db, "UPDATE survey_sections SET title_ru = ?, title_en = ? WHERE id = ? AND business_id = ?",
	                   CXM_PARAMS(CXM_PSTR(title_ru ? title_ru : ""), CXM_PSTR(title_en ? title_en : ""),
	                              CXM_PINT(id), CXM_PINT(business_id)),
	                   NULL, NULL);
}

enum cxm_err cxm_survey_section_delete(struct cxm_db *db, long long business_id, long long id)
{
	uint64_t n = 0;
	enum cxm_err rc = cxm_db_exec(db, "DELETE FROM survey_sections WHERE id = ? AND business_id = ?",
	                              CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &n, NULL);
	return rc == CXM_OK && !n ? CXM_ERR_NOT_FOUND : rc;
}
