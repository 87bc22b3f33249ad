/* The database side of a response: the respondent's profile and the
 * answers' rows (see survey_response.h). */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "client.h"
#include "db.h"
#include "log.h"
#include "survey_response.h"

/* Adds field = value (when not blank) to the profile being built. */
static void profile_add(struct cxm_arena *a, struct cxm_survey_profile *p, size_t *cap,
                        const char *field, const char *value)
{
	if (!value || !*value)
		return;
	if (p->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct cxm_survey_profile_value *nv = cxm_alloc(a, sizeof(*nv) * nc);
		if (p->n)
			memcpy(nv, p->v, sizeof(*nv) * p->n);
		p->v = nv;
		*cap = nc;
	}
	struct cxm_survey_profile_value *slot = (struct cxm_survey_profile_value *)&p->v[p->n++];
	slot->field = field;
	slot->value = value;
}

enum cxm_err cxm_survey_profile_load(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                     long long client_id, const char *today,
                                     struct cxm_survey_profile *out)
{
	memset(out, 0, sizeof(*out));
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		db, a,
		"SELECT name, email, age_band, gender, region, profession, profession_other, source,"
		" source_detail, first_seen,"
		" (SELECT COUNT(*) FROM interactions i WHERE i.business_id = c.business_id"
		"  AND i.client_id = c.id AND i.kind IN ('visit','purchase')"
		"  AND i.occurred_at >= ? - INTERVAL 365 DAY AND i.occurred_at < ? + INTERVAL 1 DAY),"
		" (SELECT COUNT(*) FROM interactions i WHERE i.business_id = c.business_id"
		"  AND i.client_id = c.id AND i.kind IN ('visit','purchase'))"
		" FROM clients c WHERE c.id = ? AND c.business_id = ? AND c.erased_at IS NULL",
		CXM_PARAMS(CXM_PSTR(today), CXM_PSTR(today), CXM_PINT(client_id), CXM_PINT(business_id)), &r);
	if (rc != CXM_OK || !r.nrows)
		return rc;
	static const char *const fields[] = {"name", "email", "age_band", "gender", "region", "profession",
	                                     "profession:other", "source", "source:other"};
	size_t cap = 0;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		profile_add(a, out, &cap, fields[i], cxm_rows_get(&r, 0, i));
	profile_add(a, out, &cap, "tenure", cxm_survey_tenure(cxm_rows_get(&r, 0, 9), today));
	profile_add(a, out, &cap, "visit_frequency",
	            cxm_survey_visit_frequency(cxm_rows_int(&r, 0, 10, 0), cxm_rows_int(&r, 0, 11, 0)));
	struct cxm_rows cv;
	rc = cxm_db_query(db, a,
	                  "SELECT f.code, v.value FROM client_values v JOIN client_fields f ON f.id = v.field_id"
	                  " WHERE v.client_id = ? AND v.business_id = ?",
	                  CXM_PARAMS(CXM_PINT(client_id), CXM_PINT(business_id)), &cv);
	for (size_t i = 0; rc == CXM_OK && i < cv.nrows; i++)
		profile_add(a, out, &cap, cxm_printf(a, "custom:%s", cxm_rows_get(&cv, i, 0)), cxm_rows_get(&cv, i, 1));
	return rc;
}

enum cxm_err cxm_survey_answers_insert(struct cxm_db *db, long long business_id,
                                       const struct cxm_survey_version *v,
                                       const struct cxm_survey_state *st, long long response_id)
{
	static const char sql[] =
		"INSERT INTO survey_answers (business_id, response_id, question_id, option_id, num, num2, text)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)";
	enum cxm_err rc = CXM_OK;
	for (size_t i = 0; rc == CXM_OK && i < v->nquestions; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		const struct cxm_survey_answer *x = &st->ans[i];
		if (st->state[i] != CXM_QS_SHOWN || !x->given)
			continue;
		struct cxm_param biz = CXM_PINT(business_id), rid = CXM_PINT(response_id), qid = CXM_PINT(q->id);
		switch (q->type) {
		case CXM_QT_SINGLE:
		case CXM_QT_MULTIPLE:
			for (size_t k = 0; rc == CXM_OK && k < q->nopts; k++)
				if (x->chosen[k])
					rc = cxm_db_exec(db, sql,
					                 CXM_PARAMS(biz, rid, qid, CXM_PINT(q->opts[k].id), CXM_PNULL, CXM_PNULL,
					                            q->opts[k].is_other && x->other ? CXM_PSTR(x->other) : CXM_PNULL),
					                 NULL, NULL);
			break;
		case CXM_QT_CSI:
			for (size_t k = 0; rc == CXM_OK && k < q->nopts; k++)
				if (x->sat[k] != CXM_SURVEY_NONE && x->imp[k] != CXM_SURVEY_NONE)
					rc = cxm_db_exec(db, sql,
					                 CXM_PARAMS(biz, rid, qid, CXM_PINT(q->opts[k].id), CXM_PINT(x->sat[k]),
					                            CXM_PINT(x->imp[k]), CXM_PNULL),
					                 NULL, NULL);
			break;
		case CXM_QT_TEXT:
		case CXM_QT_NAME:
		case CXM_QT_EMAIL:
			rc = cxm_db_exec(db, sql, CXM_PARAMS(biz, rid, qid, CXM_PNULL, CXM_PNULL, CXM_PNULL, CXM_PSTR(x->text)),
			                 NULL, NULL);
			break;
		default:
			rc = cxm_db_exec(db, sql, CXM_PARAMS(biz, rid, qid, CXM_PNULL, CXM_PINT(x->num), CXM_PNULL, CXM_PNULL),
			                 NULL, NULL);
		}
	}
	return rc;
}

enum cxm_err cxm_survey_profile_apply(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                      long long client_id, const struct cxm_survey_version *v,
                                      const struct cxm_survey_state *st)
{
	struct cxm_survey_profile_change *ch;
	size_t n = cxm_survey_profile_changes(a, v, st, &ch);
	if (!n)
		return CXM_OK;
	struct cxm_custom_fields cf;
	enum cxm_err rc = cxm_custom_fields_load(db, a, business_id, &cf);
	if (rc != CXM_OK)
		return rc;
	struct cxm_client_input in;
	memset(&in, 0, sizeof(in));
	in.custom = cxm_zalloc(a, sizeof(char *) * (cf.n + 1));
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		const char *f = ch[i].field;
		if (strncmp(f, "custom:", 7) == 0) {
			int k = cxm_custom_field_find(&cf, f + 7);
			if (k >= 0) {
				in.custom[k] = ch[i].value;
				any = 1;
			}
			continue;
		}
		for (int k = 0; k < CXM_CF_MAX; k++)
			if (strcmp(cxm_cfields[k].code, f) == 0) {
				in.v[k] = ch[i].value;
				any = 1;
			}
		if (strcmp(f, "profession") == 0)
			in.v[CXM_CF_PROFESSION_OTHER] = strcmp(ch[i].value, "other") == 0 && ch[i].other ? ch[i].other : "";
		if (strcmp(f, "source") == 0)
			in.v[CXM_CF_SOURCE_DETAIL] = strcmp(ch[i].value, "other") == 0 && ch[i].other ? ch[i].other : "";
	}
	if (!any)
		return CXM_OK;
	struct cxm_client cl;
	struct cxm_client_errors err;
	if (cxm_client_check(a, &cf, &in, 0, &cl, &err) > 0) {
		for (int k = 0; k < CXM_CF_MAX; k++)
			if (err.field[k]) {
				cxm_warn("survey response: profile field %s refused (%s)", cxm_cfields[k].code, err.field[k]);
				cl.present[k] = 0;
			}
		for (size_t k = 0; k < cf.n; k++)
			if (err.custom[k]) {
				cxm_warn("survey response: attribute %s refused (%s)", cf.f[k].code, err.custom[k]);
				cl.custom_present[k] = 0;
			}
	}
	long long id = client_id;
	rc = cxm_client_save(db, a, business_id, &cf, &cl, &id);
	return rc == CXM_ERR_NOT_FOUND ? CXM_OK : rc;   /* a client deleted meanwhile keeps the response */
}
