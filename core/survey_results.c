/* A survey's results; see survey_results.h. Statements are assembled from
 * fixed fragments (the filters, one "?" per question id); every value is a
 * bound parameter. The answers are read grouped by (question, option,
 * number, second number), so the database returns a few rows per question
 * whatever the number of responses, and the metrics are computed here. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "log.h"
#include "survey_results.h"

/* A statement under construction. */
struct stmt {
	struct cxm_buf sql;
	struct cxm_param *p;
	size_t n, cap;
	struct cxm_arena *a;
};

static void st_init(struct stmt *s, struct cxm_arena *a, const char *text)
{
	s->a = a;
	cxm_buf_init(&s->sql, a, 1024);
	cxm_buf_puts(&s->sql, text);
	s->n = 0;
	s->cap = 16;
	s->p = cxm_alloc(a, sizeof(*s->p) * s->cap);
}

static void st_add(struct stmt *s, const char *text) { cxm_buf_puts(&s->sql, text); }

static void st_param(struct stmt *s, struct cxm_param p)
{
	if (s->n == s->cap) {
		struct cxm_param *np = cxm_alloc(s->a, sizeof(*np) * s->cap * 2);
		memcpy(np, s->p, sizeof(*np) * s->n);
		s->p = np;
		s->cap *= 2;
	}
	s->p[s->n++] = p;
}

/* " AND ..." of the client filters on alias c (joined by the caller) and
 * the period on column `when`. */
static void st_filters(struct stmt *s, const struct cxm_sr_filter *f, const char *when)
{
	if (f->from_utc) {
		cxm_buf_printf(&s->sql, " AND %s >= ?", when);
		st_param(s, CXM_PSTR(f->from_utc));
	}
	if (f->to_utc) {
		cxm_buf_printf(&s->sql, " AND %s < ?", when);
		st_param(s, CXM_PSTR(f->to_utc));
	}
	static const struct {
		size_t off;
		const char *cond;
	} cols[] = {
		{offsetof(struct cxm_sr_filter, age_band), " AND c.age_band = ?"},
		{offsetof(struct cxm_sr_filter, gender), " AND c.gender = ?"},
		{offsetof(struct cxm_sr_filter, region), " AND c.region = ?"},
		{offsetof(struct cxm_sr_filter, source), " AND c.source = ?"},
	};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		const char *v = *(const char *const *)((const char *)f + cols[i].off);
		if (v) {
			st_add(s, cols[i].cond);
			st_param(s, CXM_PSTR(v));
		}
	}
	if (f->tag_id) {
		st_add(s, " AND EXISTS (SELECT 1 FROM client_tags ct WHERE ct.client_id = c.id AND ct.tag_id = ?)");
		st_param(s, CXM_PINT(f->tag_id));
	}
}

/* Whether any client filter is set (then the statements join clients). */
static int client_filtered(const struct cxm_sr_filter *f)
{
	return f->age_band || f->gender || f->region || f->source || f->tag_id;
}

static enum cxm_err st_run(struct cxm_db *db, struct stmt *s, struct cxm_rows *r)
{
	enum cxm_err rc = cxm_db_query(db, s->a, s->sql.data, s->p, s->n, r);
	if (rc != CXM_OK)
		cxm_error("survey results: %s", cxm_db_error(db));
	return rc;
}

static int scale_like(const char *type)
{
	return strcmp(type, "scale") == 0 || strcmp(type, "nps") == 0 || strcmp(type, "ces") == 0 ||
	       strcmp(type, "csat") == 0;
}

static int choice(const char *type)
{
	return strcmp(type, "single") == 0 || strcmp(type, "multiple") == 0;
}

/* The question code index of question id (qids/qcode parallel), or -1. */
static int code_of(const long long *qids, const int *qcode, size_t n, long long id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {   /* qids ascending */
		size_t mid = (lo + hi) / 2;
		if (qids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && qids[lo] == id ? qcode[lo] : -1;
}

/* A bar of q with option code (choice, csi) or value (scales); created at
 * the end when new. */
static struct cxm_sr_bar *bar_for(struct cxm_arena *a, struct cxm_sr_question *q, size_t *cap,
                                  const char *code, long long value, int create)
{
	for (size_t i = 0; i < q->nbars; i++)
		if (code ? q->bars[i].code && strcmp(q->bars[i].code, code) == 0
		         : !q->bars[i].code && q->bars[i].value == value)
			return &q->bars[i];
	if (!create)
		return NULL;
	if (q->nbars == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct cxm_sr_bar *nb = cxm_zalloc(a, sizeof(*nb) * nc);
		if (q->nbars)
			memcpy(nb, q->bars, sizeof(*nb) * q->nbars);
		q->bars = nb;
		*cap = nc;
	}
	struct cxm_sr_bar *b = &q->bars[q->nbars++];
	memset(b, 0, sizeof(*b));
	b->code = code ? cxm_strdup(a, code) : NULL;
	b->value = value;
	return b;
}

enum cxm_err cxm_survey_results(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                long long survey_id, const struct cxm_sr_filter *f,
                                struct cxm_survey_results *out)
{
	memset(out, 0, sizeof(*out));
	int cf = client_filtered(f);
	struct stmt s;
	struct cxm_rows r;

	/* responses */
	st_init(&s, a, "SELECT COUNT(*) FROM survey_responses r");
	if (cf)
		st_add(&s, " JOIN clients c ON c.id = r.client_id AND c.business_id = r.business_id");
	st_add(&s, " WHERE r.business_id = ? AND r.survey_id = ?");
	st_param(&s, CXM_PINT(business_id));
	st_param(&s, CXM_PINT(survey_id));
	st_filters(&s, f, "r.completed_at");
	if (st_run(db, &s, &r) != CXM_OK)
		return CXM_ERR_DB;
	out->responses = cxm_rows_int(&r, 0, 0, 0);

	/* invitations */
	st_init(&s, a,
	        "SELECT COUNT(*), COUNT(si.opened_at), COUNT(si.completed_at) FROM survey_invitations si");
	if (cf)
		st_add(&s, " JOIN clients c ON c.id = si.client_id AND c.business_id = si.business_id");
	st_add(&s, " WHERE si.business_id = ? AND si.survey_id = ? AND si.sent_at IS NOT NULL"
	           " AND si.error IS NULL");
	st_param(&s, CXM_PINT(business_id));
	st_param(&s, CXM_PINT(survey_id));
	st_filters(&s, f, "si.sent_at");
	if (st_run(db, &s, &r) != CXM_OK)
		return CXM_ERR_DB;
	out->sent = cxm_rows_int(&r, 0, 0, 0);
	out->opened = cxm_rows_int(&r, 0, 1, 0);
	out->completed = cxm_rows_int(&r, 0, 2, 0);

	/* the questions of every version, the newest version first: the first
	 * row of a code gives its text, type and range */
	struct cxm_rows qr;
	st_init(&s, a,
	        "SELECT q.id, q.code, q.type, q.text_ru, q.text_en, q.scale_min, q.scale_max"
	        " FROM survey_questions q JOIN survey_versions v ON v.id = q.version_id"
	        " WHERE v.survey_id = ? AND v.business_id = ? AND q.business_id = ?"
	        " AND q.type NOT IN ('name', 'email')"
	        " ORDER BY v.number DESC, q.position, q.id");
	st_param(&s, CXM_PINT(survey_id));
	st_param(&s, CXM_PINT(business_id));
	st_param(&s, CXM_PINT(business_id));
	if (st_run(db, &s, &qr) != CXM_OK)
		return CXM_ERR_DB;
	if (!qr.nrows)
		return CXM_OK;
	out->q = cxm_zalloc(a, sizeof(*out->q) * qr.nrows);
	size_t *bcap = cxm_zalloc(a, sizeof(size_t) * qr.nrows);
	long long *qids = cxm_alloc(a, sizeof(long long) * qr.nrows);
	int *qcode = cxm_alloc(a, sizeof(int) * qr.nrows);
	out->text_question_ids = cxm_alloc(a, sizeof(long long) * qr.nrows);
	/* (id, code index) pairs sorted by id for lookups */
	struct pair {
		long long id;
		int code;
	} *pairs = cxm_alloc(a, sizeof(struct pair) * qr.nrows);
	for (size_t i = 0; i < qr.nrows; i++) {
		const char *code = cxm_rows_get(&qr, i, 1), *type = cxm_rows_get(&qr, i, 2);
		int k = -1;
		for (size_t j = 0; j < out->nq && k < 0; j++)
			if (strcmp(out->q[j].code, code) == 0)
				k = (int)j;
		if (k < 0) {
			k = (int)out->nq++;
			struct cxm_sr_question *q = &out->q[k];
			q->code = code;
			q->type = type;
			q->text_ru = cxm_rows_get(&qr, i, 3);
			q->text_en = cxm_rows_get(&qr, i, 4);
			int def_min = 1, def_max = 5;
			if (strcmp(type, "nps") == 0)
				def_min = 0, def_max = 10;
			else if (strcmp(type, "ces") == 0)
				def_max = 7;
			q->scale_min = (int)cxm_rows_int(&qr, i, 5, def_min);
			q->scale_max = (int)cxm_rows_int(&qr, i, 6, def_max);
			if (strcmp(type, "nps") == 0)
				q->scale_min = 0, q->scale_max = 10;
			if (strcmp(type, "csat") == 0)
				q->scale_min = 1, q->scale_max = 5;
			if (q->scale_max <= q->scale_min)
				q->scale_max = q->scale_min + 1;
			if (scale_like(type))
				for (int v = q->scale_min; v <= q->scale_max; v++)
					bar_for(a, q, &bcap[k], NULL, v, 1);
		}
		if (strcmp(out->q[k].type, "text") == 0 && strcmp(type, "text") == 0)
			out->text_question_ids[out->ntext++] = cxm_rows_int(&qr, i, 0, 0);
		pairs[i].id = cxm_rows_int(&qr, i, 0, 0);
		pairs[i].code = k;
	}
	/* sort pairs by id (insertion sort: a survey has tens of questions) */
	for (size_t i = 1; i < qr.nrows; i++) {
		struct pair p = pairs[i];
		size_t j = i;
		while (j > 0 && pairs[j - 1].id > p.id) {
			pairs[j] = pairs[j - 1];
			j--;
		}
		pairs[j] = p;
	}
	for (size_t i = 0; i < qr.nrows; i++) {
		qids[i] = pairs[i].id;
		qcode[i] = pairs[i].code;
	}

	/* options of every version, the newest first: a code's first label
	 * wins; choice bars follow the newest version's order */
	struct cxm_rows orows;
	st_init(&s, a,
	        "SELECT o.id, o.question_id, o.code, o.label_ru, o.label_en, o.value"
	        " FROM survey_options o JOIN survey_questions q ON q.id = o.question_id"
	        " JOIN survey_versions v ON v.id = q.version_id"
	        " WHERE v.survey_id = ? AND o.business_id = ?"
	        " ORDER BY v.number DESC, q.position, o.position, o.id");
	st_param(&s, CXM_PINT(survey_id));
	st_param(&s, CXM_PINT(business_id));
	if (st_run(db, &s, &orows) != CXM_OK)
		return CXM_ERR_DB;
	for (size_t i = 0; i < orows.nrows; i++) {
		int k = code_of(qids, qcode, qr.nrows, cxm_rows_int(&orows, i, 1, 0));
		if (k < 0)
			continue;
		struct cxm_sr_question *q = &out->q[k];
		struct cxm_sr_bar *b;
		if (scale_like(q->type)) {
			if (!cxm_rows_get(&orows, i, 5))
				continue;
			b = bar_for(a, q, &bcap[k], NULL, cxm_rows_int(&orows, i, 5, 0), 0);
		} else if (choice(q->type) || strcmp(q->type, "csi") == 0) {
			b = bar_for(a, q, &bcap[k], cxm_rows_get(&orows, i, 2), 0, 1);
		} else {
			continue;
		}
		if (b && !b->label_ru && !b->label_en) {
			b->label_ru = cxm_rows_get(&orows, i, 3);
			b->label_en = cxm_rows_get(&orows, i, 4);
		}
	}

	/* the answers, grouped: whole UTC days from the daily rollup, the
	 * rest (the period's partial first and last days, everything since
	 * the rollup's mark, or all of it with client filters) directly */
	struct part {
		const char *from, *to;   /* UTC; NULL open */
	} parts[3];
	size_t nparts = 0;
	const char *roll_from = NULL, *roll_to = NULL;   /* days, [from, to) */
	if (!cf) {
		struct cxm_rows m;
		st_init(&s, a,
		        "SELECT DATE_FORMAT(MAX(rolled_until), '%Y-%m-%d'),"
		        " DATE_FORMAT(DATE(? - INTERVAL 1 MICROSECOND) + INTERVAL 1 DAY, '%Y-%m-%d'),"
		        " DATE_FORMAT(DATE(?), '%Y-%m-%d')"
		        " FROM survey_result_marks WHERE survey_id = ? AND business_id = ?");
		st_param(&s, f->from_utc ? CXM_PSTR(f->from_utc) : CXM_PNULL);
		st_param(&s, f->to_utc ? CXM_PSTR(f->to_utc) : CXM_PNULL);
		st_param(&s, CXM_PINT(survey_id));
		st_param(&s, CXM_PINT(business_id));
		if (st_run(db, &s, &m) != CXM_OK)
			return CXM_ERR_DB;
		const char *mark = cxm_rows_get(&m, 0, 0), *ceil_from = cxm_rows_get(&m, 0, 1),
		           *floor_to = cxm_rows_get(&m, 0, 2);
		const char *lo = f->from_utc ? ceil_from : "0001-01-01";
		const char *hi = mark && floor_to && strcmp(floor_to, mark) < 0 ? floor_to : mark;
		if (mark && lo && hi && strcmp(lo, hi) < 0) {
			roll_from = lo;
			roll_to = hi;
			if (f->from_utc)
				parts[nparts++] = (struct part){f->from_utc, cxm_printf(a, "%s 00:00:00", lo)};
			parts[nparts++] = (struct part){cxm_printf(a, "%s 00:00:00", hi), f->to_utc};
		}
	}
	if (!roll_from)
		parts[nparts++] = (struct part){f->from_utc, f->to_utc};
	static const char *const heads[2] = {
		"SELECT a.question_id, a.option_id, a.num, a.num2, COUNT(*)",
		"SELECT a.question_id, COUNT(DISTINCT a.response_id)",
	};
	static const char *const tails[2] = {
		" GROUP BY a.question_id, a.option_id, a.num, a.num2",
		" GROUP BY a.question_id",
	};
	static const char *const rollups[2] = {
		"SELECT question_id, NULLIF(option_id, 0), NULLIF(num, -2147483648), NULLIF(num2, -2147483648),"
		" SUM(answers) FROM survey_answer_days WHERE business_id = ? AND survey_id = ? AND day >= ?"
		" AND day < ? GROUP BY question_id, option_id, num, num2",
		"SELECT question_id, SUM(respondents) FROM survey_respondent_days WHERE business_id = ?"
		" AND survey_id = ? AND day >= ? AND day < ? GROUP BY question_id",
	};
	/* ar[pass][k]: the rollup's rows (k = 0) and the direct parts' */
	struct cxm_rows ar[2][4];
	size_t nar = 0;
	for (int pass = 0; pass < 2; pass++) {
		nar = 0;
		if (roll_from) {
			st_init(&s, a, rollups[pass]);
			st_param(&s, CXM_PINT(business_id));
			st_param(&s, CXM_PINT(survey_id));
			st_param(&s, CXM_PSTR(roll_from));
			st_param(&s, CXM_PSTR(roll_to));
			if (st_run(db, &s, &ar[pass][nar++]) != CXM_OK)
				return CXM_ERR_DB;
		}
		for (size_t pi = 0; pi < nparts; pi++) {
			struct cxm_sr_filter pf = *f;
			pf.from_utc = parts[pi].from;
			pf.to_utc = parts[pi].to;
			st_init(&s, a, heads[pass]);
			st_add(&s, " FROM survey_responses r FORCE INDEX (survey_responses_survey)"
			           " JOIN survey_answers a ON a.response_id = r.id AND a.business_id = r.business_id");
			if (cf)
				st_add(&s, " JOIN clients c ON c.id = r.client_id AND c.business_id = r.business_id");
			st_add(&s, " WHERE r.business_id = ? AND r.survey_id = ?");
			st_param(&s, CXM_PINT(business_id));
			st_param(&s, CXM_PINT(survey_id));
			st_filters(&s, &pf, "r.completed_at");
			st_add(&s, tails[pass]);
			if (st_run(db, &s, &ar[pass][nar++]) != CXM_OK)
				return CXM_ERR_DB;
		}
	}
	for (size_t pi = 0; pi < nar; pi++)
		for (size_t i = 0; i < ar[1][pi].nrows; i++) {
			int k = code_of(qids, qcode, qr.nrows, cxm_rows_int(&ar[1][pi], i, 0, 0));
			if (k >= 0)
				out->q[k].respondents += cxm_rows_int(&ar[1][pi], i, 1, 0);
		}
	/* sums of the scale-like answers per code (CSI sums are kept in the
	 * bars' fields until divided) */
	double *sum = cxm_zalloc(a, sizeof(double) * out->nq);
	for (size_t pi = 0; pi < nar; pi++) {
		const struct cxm_rows *xr = &ar[0][pi];
		for (size_t i = 0; i < xr->nrows; i++) {
			int k = code_of(qids, qcode, qr.nrows, cxm_rows_int(xr, i, 0, 0));
			if (k < 0)
				continue;
			struct cxm_sr_question *q = &out->q[k];
			long long n = cxm_rows_int(xr, i, 4, 0);
			const char *opt = cxm_rows_get(xr, i, 1);
			const char *ocode = NULL;
			if (opt)
				for (size_t j = 0; j < orows.nrows && !ocode; j++)
					if (strcmp(cxm_rows_get(&orows, j, 0), opt) == 0)
						ocode = cxm_rows_get(&orows, j, 2);
			if (choice(q->type) && ocode) {
				bar_for(a, q, &bcap[k], ocode, 0, 1)->count += n;
			} else if (scale_like(q->type) && cxm_rows_get(xr, i, 2)) {
				long long v = cxm_rows_int(xr, i, 2, 0);
				struct cxm_sr_bar *b = bar_for(a, q, &bcap[k], NULL, v, 0);
				if (b)
					b->count += n;
				q->answers += n;
				sum[k] += (double)v * (double)n;
				if (strcmp(q->type, "nps") == 0) {
					if (v >= 9)
						q->promoters += n;
					else if (v >= 7)
						q->passives += n;
					else
						q->detractors += n;
				} else if (strcmp(q->type, "csat") == 0 && v >= 4) {
					q->positive += n;
				} else if (strcmp(q->type, "ces") == 0 && v >= q->scale_max - 1) {
					q->positive += n;
				}
			} else if (strcmp(q->type, "csi") == 0 && ocode && cxm_rows_get(xr, i, 2) &&
			           cxm_rows_get(xr, i, 3)) {
				struct cxm_sr_bar *b = bar_for(a, q, &bcap[k], ocode, 0, 1);
				b->pairs += n;
				b->satisfaction += (double)cxm_rows_int(xr, i, 2, 0) * (double)n;
				b->importance += (double)cxm_rows_int(xr, i, 3, 0) * (double)n;
			}
		}
	}
	for (size_t k = 0; k < out->nq; k++) {
		struct cxm_sr_question *q = &out->q[k];
		if (scale_like(q->type) && q->answers) {
			q->has_mean = 1;
			q->mean = sum[k] / (double)q->answers;
			q->nps = 100.0 * (double)(q->promoters - q->detractors) / (double)q->answers;
			q->positive_pct = 100.0 * (double)q->positive / (double)q->answers;
		}
		if (strcmp(q->type, "csi") == 0) {
			double total = 0, range = (double)(q->scale_max - q->scale_min);
			size_t used = 0;
			for (size_t b = 0; b < q->nbars; b++) {
				struct cxm_sr_bar *x = &q->bars[b];
				x->count = x->pairs;
				if (!x->pairs)
					continue;
				x->satisfaction = (x->satisfaction / (double)x->pairs - q->scale_min) / range;
				x->importance = (x->importance / (double)x->pairs - q->scale_min) / range;
				x->csi = 100.0 * x->satisfaction * x->importance;
				total += x->csi;
				used++;
			}
			if (used) {
				q->has_mean = 1;
				q->csi = total / (double)used;
			}
		}
	}
	return CXM_OK;
}

/* ---- the daily rollup -------------------------------------------------------- */

#define ROLLUP_LOCK "LEFT(CONCAT('cxm-survey-rollup-', ?, '-', DATABASE()), 64)"
#define ROLLUP_CHUNK_DAYS 31

enum cxm_err cxm_survey_rollup(struct cxm_db *db, long long business_id, long long survey_id,
                               const char *now_utc, int max_days)
{
	struct cxm_arena *a = cxm_arena_new(16 * 1024);
	enum cxm_err rc = CXM_ERR_DB;
	struct cxm_rows l, m;
	if (cxm_db_query(db, a, "SELECT GET_LOCK(" ROLLUP_LOCK ", 0)", CXM_PARAMS(CXM_PINT(survey_id)), &l) != CXM_OK)
		goto out;
	if (cxm_rows_int(&l, 0, 0, 0) != 1) {
		rc = CXM_OK;   /* another process is rolling it up */
		goto out;
	}
	int days = 0;
	while (max_days <= 0 || days < max_days) {
		/* from: the mark, or the day of the first response; to: the last
		 * UTC midnight at least an hour ago, at most a chunk further */
		if (cxm_db_begin(db) != CXM_OK)
			goto unlock;
		if (cxm_db_query(
			    db, a,
			    "SELECT DATE_FORMAT(IFNULL((SELECT rolled_until FROM survey_result_marks WHERE survey_id = ?"
			    " FOR UPDATE), (SELECT DATE(MIN(completed_at)) FROM survey_responses WHERE business_id = ?"
			    " AND survey_id = ?)), '%Y-%m-%d'), DATE_FORMAT(DATE(IFNULL(?, UTC_TIMESTAMP()) - INTERVAL 1 HOUR),"
			    " '%Y-%m-%d')",
			    CXM_PARAMS(CXM_PINT(survey_id), CXM_PINT(business_id), CXM_PINT(survey_id),
			               now_utc ? CXM_PSTR(now_utc) : CXM_PNULL),
			    &m) != CXM_OK)
			goto fail;
		const char *from = cxm_rows_get(&m, 0, 0), *target = cxm_rows_get(&m, 0, 1);
		if (!from || strcmp(from, target) >= 0) {
			cxm_db_rollback(db);
			rc = CXM_OK;
			goto unlock;
		}
		struct cxm_rows t;
		if (cxm_db_query(db, a, "SELECT DATE_FORMAT(LEAST(? + INTERVAL ? DAY, ?), '%Y-%m-%d')",
		                 CXM_PARAMS(CXM_PSTR(from), CXM_PINT(max_days > 0 && max_days - days < ROLLUP_CHUNK_DAYS
		                                                          ? max_days - days
		                                                          : ROLLUP_CHUNK_DAYS),
		                            CXM_PSTR(target)),
		                 &t) != CXM_OK)
			goto fail;
		const char *to = cxm_strdup(a, cxm_rows_get(&t, 0, 0));
		if (cxm_db_exec(db,
		                "INSERT INTO survey_answer_days (business_id, survey_id, day, question_id, option_id,"
		                " num, num2, answers)"
		                " SELECT r.business_id, r.survey_id, DATE(r.completed_at), a.question_id,"
		                " IFNULL(a.option_id, 0), IFNULL(a.num, -2147483648), IFNULL(a.num2, -2147483648),"
		                " COUNT(*) FROM survey_responses r FORCE INDEX (survey_responses_survey)"
		                " JOIN survey_answers a ON a.response_id = r.id AND a.business_id = r.business_id"
		                " WHERE r.business_id = ? AND r.survey_id = ? AND r.completed_at >= ?"
		                " AND r.completed_at < ?"
		                " GROUP BY DATE(r.completed_at), a.question_id, IFNULL(a.option_id, 0),"
		                " IFNULL(a.num, -2147483648), IFNULL(a.num2, -2147483648)",
		                CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(survey_id), CXM_PSTR(from), CXM_PSTR(to)),
		                NULL, NULL) != CXM_OK ||
		    cxm_db_exec(db,
		                "INSERT INTO survey_respondent_days (business_id, survey_id, day, question_id, respondents)"
		                " SELECT r.business_id, r.survey_id, DATE(r.completed_at), a.question_id,"
		                " COUNT(DISTINCT a.response_id) FROM survey_responses r FORCE INDEX (survey_responses_survey)"
		                " JOIN survey_answers a ON a.response_id = r.id AND a.business_id = r.business_id"
		                " WHERE r.business_id = ? AND r.survey_id = ? AND r.completed_at >= ?"
		                " AND r.completed_at < ? GROUP BY DATE(r.completed_at), a.question_id",
		                CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(survey_id), CXM_PSTR(from), CXM_PSTR(to)),
		                NULL, NULL) != CXM_OK ||
		    cxm_db_exec(db,
		                "INSERT INTO survey_result_marks (survey_id, business_id, rolled_until) VALUES (?, ?, ?)"
		                " ON DUPLICATE KEY UPDATE rolled_until = VALUES(rolled_until)",
		                CXM_PARAMS(CXM_PINT(survey_id), CXM_PINT(business_id), CXM_PSTR(to)), NULL, NULL) != CXM_OK ||
		    cxm_db_commit(db) != CXM_OK)
			goto fail;
		struct cxm_rows dd;
		if (cxm_db_query(db, a, "SELECT DATEDIFF(?, ?)", CXM_PARAMS(CXM_PSTR(to), CXM_PSTR(from)), &dd) != CXM_OK)
			goto unlock;
		days += (int)cxm_rows_int(&dd, 0, 0, 1);
		cxm_arena_reset(a);
	}
	rc = CXM_OK;
	goto unlock;
fail:
	cxm_error("survey %lld: results rollup: %s", survey_id, cxm_db_error(db));
	cxm_db_rollback(db);
unlock:
	cxm_db_exec(db, "DO RELEASE_LOCK(" ROLLUP_LOCK ")", CXM_PARAMS(CXM_PINT(survey_id)), NULL, NULL);
out:
	cxm_arena_free(a);
	return rc;
}

long long cxm_survey_rollup_due(struct cxm_db *db, const char *now_utc)
{
	struct cxm_arena *a = cxm_arena_new(16 * 1024);
	struct cxm_rows r;
	long long n = 0;
	/* surveys with responses whose mark is older than yesterday */
	if (cxm_db_query(db, a,
	                 "SELECT s.id, s.business_id FROM surveys s LEFT JOIN survey_result_marks m ON m.survey_id = s.id"
	                 " WHERE s.deleted_at IS NULL AND (m.rolled_until IS NULL"
	                 " OR m.rolled_until < DATE(IFNULL(?, UTC_TIMESTAMP()) - INTERVAL 1 HOUR))"
	                 " AND EXISTS (SELECT 1 FROM survey_responses x WHERE x.business_id = s.business_id"
	                 " AND x.survey_id = s.id AND x.completed_at < DATE(IFNULL(?, UTC_TIMESTAMP()) - INTERVAL 1 HOUR))",
	                 CXM_PARAMS(now_utc ? CXM_PSTR(now_utc) : CXM_PNULL, now_utc ? CXM_PSTR(now_utc) : CXM_PNULL),
	                 &r) != CXM_OK) {
		cxm_error("survey results rollup: %s", cxm_db_error(db));
		cxm_arena_free(a);
		return -1;
	}
	for (size_t i = 0; i < r.nrows; i++) {
		if (cxm_survey_rollup(db, cxm_rows_int(&r, i, 1, 0), cxm_rows_int(&r, i, 0, 0), now_utc, 0) != CXM_OK) {
			n = -1;
			break;
		}
		n++;
	}
	cxm_arena_free(a);
	return n;
}

enum cxm_err cxm_survey_texts(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              long long survey_id, const struct cxm_survey_results *res,
                              const struct cxm_sr_filter *f, long long before_id, long long limit,
                              struct cxm_rows *rows, int *more)
{
	*more = 0;
	memset(rows, 0, sizeof(*rows));
	if (!res->ntext)
		return CXM_OK;
	struct stmt s;
	st_init(&s, a,
	        "SELECT a.id, a.response_id, DATE_FORMAT(r.completed_at, '%Y-%m-%d %H:%i:%s'), q.code, a.text"
	        " FROM survey_answers a"
	        " JOIN survey_responses r ON r.id = a.response_id AND r.business_id = a.business_id"
	        " JOIN survey_questions q ON q.id = a.question_id");
	if (client_filtered(f))
		st_add(&s, " JOIN clients c ON c.id = r.client_id AND c.business_id = r.business_id");
	st_add(&s, " WHERE a.business_id = ? AND r.survey_id = ? AND a.text IS NOT NULL AND a.text <> ''"
	           " AND a.question_id IN (");
	st_param(&s, CXM_PINT(business_id));
	st_param(&s, CXM_PINT(survey_id));
	for (size_t i = 0; i < res->ntext; i++) {
		st_add(&s, i ? ", ?" : "?");
		st_param(&s, CXM_PINT(res->text_question_ids[i]));
	}
	st_add(&s, ")");
	if (before_id > 0) {
		st_add(&s, " AND a.id < ?");
		st_param(&s, CXM_PINT(before_id));
	}
	st_filters(&s, f, "r.completed_at");
	st_add(&s, " ORDER BY a.id DESC LIMIT ?");
	st_param(&s, CXM_PINT(limit + 1));
	if (st_run(db, &s, rows) != CXM_OK)
		return CXM_ERR_DB;
	if ((long long)rows->nrows > limit) {
		*more = 1;
		rows->nrows = (size_t)limit;
	}
	return CXM_OK;
}
