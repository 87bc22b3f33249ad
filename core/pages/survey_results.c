/* A survey's results (analysts and up, /surveys/{id}/results): the
 * response and invitation counts with the completion and response rates,
 * per question code a server-rendered SVG bar chart (a <title> per bar)
 * and a table of the same numbers with the type's metric (NPS, CSAT, CES,
 * CSI, mean), the free-text answers in pages of 20, and filters by period
 * (dates in the business's time zone) and client attributes. And a single
 * response (/surveys/{id}/responses/{rid}) with every answer under the
 * question text of the version it answered; /surveys/responses/{id} (the
 * client timeline's link) redirects there. Numbers: core/survey_results.c. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "client.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/survey_pages.h"
#include "route.h"
#include "session.h"
#include "survey_results.h"
#include "tmpl.h"
#include "tz.h"

/* GET /surveys/{id}/results */
enum { FR_ID, FR_FROM, FR_TO, FR_AGE_BAND, FR_GENDER, FR_REGION, FR_SOURCE, FR_TAG, FR_BEFORE, FR_MAX };
enum { FP_ID, FP_RID };   /* GET /surveys/{id}/responses/{rid} */
enum { FQ_ID };           /* GET /surveys/responses/{id} */

#define TEXTS_PER_PAGE 20
/* Chart geometry (SVG user units). */
#define CHART_W 640
#define LABEL_W 220
#define BAR_MAX 340
#define ROW_H 26

static const char *pick(struct cxm_req *req, const char *ru, const char *en)
{
	const char *t = req->lang == CXM_LANG_EN ? en : ru;
	if (!t || !*t)
		t = req->lang == CXM_LANG_EN ? ru : en;
	return t && *t ? t : NULL;
}

/* Survey id of the session's business (not deleted): its title. 0, 404, 503. */
static int load_survey(struct cxm_req *req, long long id, const char **title)
{
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT title_ru, title_en FROM surveys WHERE id = ? AND business_id = ? AND deleted_at IS NULL",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r) != CXM_OK) {
		cxm_error("survey %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (!r.nrows)
		return 404;
	*title = pick(req, cxm_rows_get(&r, 0, 0), cxm_rows_get(&r, 0, 1));
	if (!*title)
		*title = cxm_printf(req->arena, _("Survey #%lld"), id);
	return 0;
}

static const char *pct(struct cxm_req *req, long long n, long long of)
{
	return of > 0 ? cxm_printf(req->arena, "%.1f %%", 100.0 * (double)n / (double)of) : "—";
}

static const char *num1(struct cxm_req *req, double v) { return cxm_printf(req->arena, "%.1f", v); }
static const char *num2(struct cxm_req *req, double v) { return cxm_printf(req->arena, "%.2f", v); }

/* The UTC start of local day `date` (+ add days) in tz, or NULL. */
static const char *day_utc(struct cxm_req *req, const char *tz, const char *date, int add)
{
	int y, m, d;
	if (sscanf(date, "%d-%d-%d", &y, &m, &d) != 3)
		return NULL;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + add, .tm_hour = 12};
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	char local[32];
	strftime(local, sizeof(local), "%Y-%m-%d 00:00:00", &tm);
	char *utc = NULL;
	return cxm_tz_to_utc(req->arena, tz, local, &utc) == CXM_OK ? utc : NULL;
}

/* The filters from the fields; refusals shown next to them (ERR_*).
 * Returns 0 or 503. */
static int read_filter(struct cxm_req *req, struct cxm_dict *d, const char *tz, struct cxm_sr_filter *f,
                       struct cxm_buf *query)
{
	memset(f, 0, sizeof(*f));
	cxm_buf_init(query, req->arena, 256);
	cxm_buf_puts(query, "");
	for (size_t i = FR_FROM; i < FR_BEFORE; i++) {
		const struct cxm_field *fl = cxm_field(req, i);
		const char *name = req->route->fields[i].name;
		char key[32];
		snprintf(key, sizeof(key), "%s", name);
		for (char *k = key; *k; k++)
			if (*k >= 'a' && *k <= 'z')
				*k = (char)(*k - 'a' + 'A');
		if (!fl->valid) {
			cxm_dict_set(cxm_dict_section(d, cxm_printf(req->arena, "ERR_%s", key)), "MSG", fl->error);
			continue;
		}
		if (!fl->present)
			continue;
		cxm_dict_setn(d, cxm_printf(req->arena, "VALUE_%s", key), fl->raw, fl->len);
		cxm_cp_query_add(query, name, fl->s);
	}
	if (cxm_field(req, FR_FROM)->present && cxm_field(req, FR_FROM)->valid)
		f->from_utc = day_utc(req, tz, cxm_field(req, FR_FROM)->s, 0);
	if (cxm_field(req, FR_TO)->present && cxm_field(req, FR_TO)->valid)
		f->to_utc = day_utc(req, tz, cxm_field(req, FR_TO)->s, 1);
	static const struct {
		int field;
		enum cxm_cfield cf;
		const char *err;
	} choices[] = {
		{FR_AGE_BAND, CXM_CF_AGE_BAND, "ERR_AGE_BAND"},
		{FR_GENDER, CXM_CF_GENDER, "ERR_GENDER"},
		{FR_REGION, CXM_CF_REGION, "ERR_REGION"},
		{FR_SOURCE, CXM_CF_SOURCE, "ERR_SOURCE"},
	};
	const char **slots[] = {&f->age_band, &f->gender, &f->region, &f->source};
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		const struct cxm_field *fl = cxm_field(req, (size_t)choices[i].field);
		if (!fl->present || !fl->valid)
			continue;
		if (cxm_cfield_choice_label(choices[i].cf, fl->s))
			*slots[i] = fl->s;
		else
			cxm_dict_set(cxm_dict_section(d, choices[i].err), "MSG", _("Choose one of the listed values."));
	}
	const struct cxm_field *tag = cxm_field(req, FR_TAG);
	if (tag->present && tag->valid) {
		struct cxm_rows r;
		if (cxm_db_query(req->db, req->arena, "SELECT id FROM tags WHERE business_id = ? AND name = ?",
		                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PSTR(tag->s)), &r) != CXM_OK)
			return 503;
		f->tag_id = r.nrows ? cxm_rows_int(&r, 0, 0, -1) : -1;
	}
	/* the filter's choice lists */
	const char *sel[] = {f->age_band, f->gender, f->region, f->source};
	const char *sections[] = {"AGE_BAND_OPTION", "GENDER_OPTION", "REGION_OPTION", "SOURCE_OPTION"};
	for (size_t i = 0; i < 4; i++)
		cxm_cp_choice_options(d, sections[i], choices[i].cf, sel[i]);
	return 0;
}

/* One chart with its table: bars (label, count, share text, title). */
struct bar {
	const char *label, *count, *share;
	double value;
};

static void chart(struct cxm_req *req, struct cxm_dict *q, const char *caption, const struct bar *bars, size_t n,
                  double max)
{
	struct cxm_dict *c = cxm_dict_section(q, "CHART");
	cxm_dict_set(c, "CAPTION", caption);
	cxm_dict_set_int(c, "WIDTH", CHART_W);
	cxm_dict_set_int(c, "HEIGHT", (long long)(n * ROW_H + 4));
	for (size_t i = 0; i < n; i++) {
		struct cxm_dict *b = cxm_dict_section(c, "BAR");
		long long w = max > 0 ? (long long)(bars[i].value / max * BAR_MAX + 0.5) : 0;
		long long y = (long long)(i * ROW_H);
		cxm_dict_set(b, "LABEL", bars[i].label);
		cxm_dict_set(b, "COUNT", bars[i].count);
		cxm_dict_set(b, "SHARE", bars[i].share);
		cxm_dict_set_int(b, "Y", y + 4);
		cxm_dict_set_int(b, "TY", y + 19);
		cxm_dict_set_int(b, "X", LABEL_W);
		cxm_dict_set_int(b, "W", w);
		cxm_dict_set_int(b, "TX", LABEL_W + w + 6);
		cxm_dict_set_int(b, "LW", LABEL_W - 8);
		struct cxm_dict *row = cxm_dict_section(q, "ROW");
		cxm_dict_set(row, "LABEL", bars[i].label);
		cxm_dict_set(row, "COUNT", bars[i].count);
		cxm_dict_set(row, "SHARE", bars[i].share);
	}
}

/* A metric line of a question: METRIC with NAME and VALUE. */
static void metric(struct cxm_dict *q, const char *code, const char *name, const char *value)
{
	struct cxm_dict *m = cxm_dict_section(q, "METRIC");
	cxm_dict_set(m, "CODE", code);
	cxm_dict_set(m, "NAME", name);
	cxm_dict_set(m, "VALUE", value);
}

static void show_question(struct cxm_req *req, struct cxm_dict *d, const struct cxm_sr_question *q)
{
	struct cxm_dict *s = cxm_dict_section(d, "QUESTION");
	const char *text = pick(req, q->text_ru, q->text_en);
	cxm_dict_set(s, "CODE", q->code);
	cxm_dict_set(s, "TEXT", text ? text : q->code);
	cxm_dict_set_int(s, "RESPONDENTS", q->respondents);
	struct bar *bars = cxm_zalloc(req->arena, sizeof(struct bar) * (q->nbars + 1));
	double max = 0;
	int csi = strcmp(q->type, "csi") == 0;
	int scale = q->nbars && !q->bars[0].code;
	long long base = scale ? q->answers : q->respondents;
	for (size_t i = 0; i < q->nbars; i++) {
		const struct cxm_sr_bar *b = &q->bars[i];
		const char *label = pick(req, b->label_ru, b->label_en);
		if (scale)
			label = label ? cxm_printf(req->arena, "%lld — %s", b->value, label)
			              : cxm_printf(req->arena, "%lld", b->value);
		else if (!label)
			label = b->code;
		bars[i].label = label;
		if (csi) {
			bars[i].value = b->csi;
			bars[i].count = b->pairs ? num1(req, b->csi) : "—";
			bars[i].share = b->pairs ? cxm_printf(req->arena, _("importance %s, satisfaction %s, %lld answers"),
			                                      num2(req, b->importance), num2(req, b->satisfaction), b->pairs)
			                         : "";
			struct cxm_dict *p = cxm_dict_section(s, "CSI_ROW");
			cxm_dict_set(p, "LABEL", label);
			cxm_dict_set(p, "IMPORTANCE", b->pairs ? num2(req, b->importance) : "—");
			cxm_dict_set(p, "SATISFACTION", b->pairs ? num2(req, b->satisfaction) : "—");
			cxm_dict_set(p, "CSI", b->pairs ? num1(req, b->csi) : "—");
			cxm_dict_set_int(p, "N", b->pairs);
		} else {
			bars[i].value = (double)b->count;
			bars[i].count = cxm_printf(req->arena, "%lld", b->count);
			bars[i].share = pct(req, b->count, base);
		}
		if (bars[i].value > max)
			max = bars[i].value;
	}
	if (csi)
		max = 100;
	if (strcmp(q->type, "text") == 0) {
		cxm_dict_show(s, "FREE_TEXT");
		return;
	}
	if (q->nbars)
		chart(req, s,
		      csi ? _("CSI per parameter (0-100)")
		          : cxm_printf(req->arena, _("Answers to “%s”"), text ? text : q->code),
		      bars, q->nbars, max);
	if (csi)
		cxm_dict_show(s, "CSI_TABLE");
	else if (q->nbars)
		cxm_dict_show(s, "TABLE");
	if (!q->has_mean)
		return;
	if (strcmp(q->type, "nps") == 0) {
		metric(s, "nps", _("NPS"), num1(req, q->nps));
		metric(s, "promoters", _("Promoters (9-10)"),
		       cxm_printf(req->arena, "%lld · %s", q->promoters, pct(req, q->promoters, q->answers)));
		metric(s, "passives", _("Passives (7-8)"),
		       cxm_printf(req->arena, "%lld · %s", q->passives, pct(req, q->passives, q->answers)));
		metric(s, "detractors", _("Detractors (0-6)"),
		       cxm_printf(req->arena, "%lld · %s", q->detractors, pct(req, q->detractors, q->answers)));
	} else if (strcmp(q->type, "csat") == 0) {
		metric(s, "csat", _("CSAT (answers 4-5)"), pct(req, q->positive, q->answers));
	} else if (strcmp(q->type, "ces") == 0) {
		metric(s, "ces_easy", _("Easy (the two easiest points)"), pct(req, q->positive, q->answers));
	}
	if (csi)
		metric(s, "csi", _("CSI (mean over the parameters)"), num1(req, q->csi));
	else
		metric(s, "mean", _("Mean"), num2(req, q->mean));
}

int cxm_page_survey_results(struct cxm_req *req)
{
	long long id = cxm_field(req, FR_ID)->i, biz = req->session->business_id;
	const char *title;
	struct cxm_cp_business b;
	int rc = cxm_cp_business(req, &b);
	if (rc || (rc = load_survey(req, id, &title)))
		return rc;
	struct cxm_dict *d = cxm_page_begin(req, "survey_results.tpl", cxm_printf(req->arena, _("Results: %s"), title));
	req->status = 200;
	cxm_dict_set(d, "HEADING", cxm_printf(req->arena, _("Results: %s"), title));
	cxm_dict_set_int(d, "SURVEY_ID", id);
	cxm_dict_set(d, "TIMEZONE", b.timezone);
	struct cxm_sr_filter f;
	struct cxm_buf query;
	if ((rc = read_filter(req, d, b.timezone, &f, &query)))
		return rc;
	/* the job runner keeps the daily rollup current; a page catches up at
	 * most three days itself (a runner that was away) */
	if (cxm_survey_rollup(req->db, biz, id, NULL, 3) != CXM_OK)
		return 503;
	struct cxm_survey_results res;
	if (cxm_survey_results(req->db, req->arena, biz, id, &f, &res) != CXM_OK)
		return 503;
	cxm_dict_set_int(d, "RESPONSES", res.responses);
	cxm_dict_set_int(d, "SENT", res.sent);
	cxm_dict_set_int(d, "OPENED", res.opened);
	cxm_dict_set_int(d, "COMPLETED", res.completed);
	cxm_dict_set(d, "COMPLETION_RATE", pct(req, res.completed, res.opened));
	cxm_dict_set(d, "RESPONSE_RATE", pct(req, res.completed, res.sent));
	if (!res.nq)
		cxm_dict_show(d, "NO_QUESTIONS");
	for (size_t i = 0; i < res.nq; i++)
		show_question(req, d, &res.q[i]);

	/* the free-text answers */
	const struct cxm_field *before = cxm_field(req, FR_BEFORE);
	struct cxm_rows t;
	int more = 0;
	if (cxm_survey_texts(req->db, req->arena, biz, id, &res, &f, before->present && before->valid ? before->i : 0,
	                     TEXTS_PER_PAGE, &t, &more) != CXM_OK)
		return 503;
	if (res.ntext) {
		struct cxm_dict *s = cxm_dict_section(d, "TEXTS");
		if (!t.nrows)
			cxm_dict_show(s, "TEXTS_EMPTY");
		for (size_t i = 0; i < t.nrows; i++) {
			struct cxm_dict *row = cxm_dict_section(s, "TEXT_ROW");
			cxm_dict_set(row, "ANSWER_ID", cxm_rows_get(&t, i, 0));
			cxm_dict_set(row, "RESPONSE_ID", cxm_rows_get(&t, i, 1));
			cxm_dict_set(row, "WHEN", cxm_cp_local_minutes(req, b.timezone, cxm_rows_get(&t, i, 2)));
			cxm_dict_set(row, "CODE", cxm_rows_get(&t, i, 3));
			cxm_dict_set(row, "TEXT", cxm_rows_get(&t, i, 4));
		}
		const char *q = query.data;
		if (before->present && before->valid)
			cxm_dict_set(cxm_dict_section(s, "NEWEST"), "URL",
			             cxm_printf(req->arena, "%s/surveys/%lld/results%s%s#texts", req->base, id, *q ? "?" : "", q));
		if (more)
			cxm_dict_set(cxm_dict_section(s, "OLDER"), "URL",
			             cxm_printf(req->arena, "%s/surveys/%lld/results?%s%sbefore=%s#texts", req->base, id, q,
			                        *q ? "&" : "", cxm_rows_get(&t, t.nrows - 1, 0)));
	}
	return cxm_page_end(req);
}

/* ---- one response ----------------------------------------------------------- */

int cxm_page_survey_response_by_id(struct cxm_req *req)
{
	long long rid = cxm_field(req, FQ_ID)->i;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, "SELECT survey_id FROM survey_responses WHERE id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(rid), CXM_PINT(req->session->business_id)), &r) != CXM_OK)
		return 503;
	if (!r.nrows)
		return 404;
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/surveys/%s/responses/%lld", req->base,
	                                       cxm_rows_get(&r, 0, 0), rid));
	return 303;
}

int cxm_page_survey_response(struct cxm_req *req)
{
	/* the route hands over invalid ids too: a response that cannot exist is not found */
	if (!cxm_field(req, FP_ID)->valid || !cxm_field(req, FP_RID)->valid)
		return 404;
	long long id = cxm_field(req, FP_ID)->i, rid = cxm_field(req, FP_RID)->i, biz = req->session->business_id;
	const char *title;
	struct cxm_cp_business b;
	int rc = cxm_cp_business(req, &b);
	if (rc || (rc = load_survey(req, id, &title)))
		return rc;
	struct cxm_rows r, q, o, a;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT r.version_id, r.client_id, c.name, c.erased_at IS NOT NULL, r.channel, r.lang,"
	                 " DATE_FORMAT(r.completed_at, '%Y-%m-%d %H:%i:%s'), v.number"
	                 " FROM survey_responses r JOIN survey_versions v ON v.id = r.version_id"
	                 " LEFT JOIN clients c ON c.id = r.client_id AND c.business_id = r.business_id"
	                 " WHERE r.id = ? AND r.survey_id = ? AND r.business_id = ?",
	                 CXM_PARAMS(CXM_PINT(rid), CXM_PINT(id), CXM_PINT(biz)), &r) != CXM_OK)
		return 503;
	if (!r.nrows)
		return 404;
	long long version = cxm_rows_int(&r, 0, 0, 0);
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT q.id, q.code, q.type, q.text_ru, q.text_en FROM survey_questions q"
	                 " JOIN survey_sections s ON s.id = q.section_id"
	                 " WHERE q.version_id = ? AND q.business_id = ? ORDER BY s.position, q.position, q.id",
	                 CXM_PARAMS(CXM_PINT(version), CXM_PINT(biz)), &q) != CXM_OK ||
	    cxm_db_query(req->db, req->arena,
	                 "SELECT o.id, o.label_ru, o.label_en, o.code, o.is_other FROM survey_options o"
	                 " JOIN survey_questions q ON q.id = o.question_id WHERE q.version_id = ? AND o.business_id = ?",
	                 CXM_PARAMS(CXM_PINT(version), CXM_PINT(biz)), &o) != CXM_OK ||
	    cxm_db_query(req->db, req->arena,
	                 "SELECT question_id, option_id, num, num2, text FROM survey_answers"
	                 " WHERE response_id = ? AND business_id = ? ORDER BY id",
	                 CXM_PARAMS(CXM_PINT(rid), CXM_PINT(biz)), &a) != CXM_OK) {
		cxm_error("survey response %lld: %s", rid, cxm_db_error(req->db));
		return 503;
	}
	const char *heading = cxm_printf(req->arena, _("Response #%lld"), rid);
	struct cxm_dict *d = cxm_page_begin(req, "survey_response.tpl", heading);
	req->status = 200;
	cxm_dict_set(d, "HEADING", heading);
	cxm_dict_set(d, "SURVEY_TITLE", title);
	cxm_dict_set_int(d, "SURVEY_ID", id);
	cxm_dict_set(d, "WHEN", cxm_cp_local_minutes(req, b.timezone, cxm_rows_get(&r, 0, 6)));
	cxm_dict_set(d, "TIMEZONE", b.timezone);
	cxm_dict_set(d, "VERSION", cxm_rows_get(&r, 0, 7));
	cxm_dict_set(d, "LANG_CODE", cxm_rows_get(&r, 0, 5));
	static const char *const channels[][2] = {
		{"invitation", N_("Personal invitation")}, {"open_link", N_("Open link")}, {"manual", N_("Entered by hand")},
	};
	for (size_t i = 0; i < 3; i++)
		if (strcmp(cxm_rows_get(&r, 0, 4), channels[i][0]) == 0)
			cxm_dict_set(d, "CHANNEL", _(channels[i][1]));
	if (cxm_rows_get(&r, 0, 1)) {
		struct cxm_dict *c = cxm_dict_section(d, "CLIENT");
		long long cid = cxm_rows_int(&r, 0, 1, 0);
		cxm_dict_set_int(c, "CLIENT_ID", cid);
		cxm_dict_set(c, "CLIENT_NAME", cxm_cp_client_name(req, cid, cxm_rows_get(&r, 0, 2), cxm_rows_int(&r, 0, 3, 0) != 0));
	}
	for (size_t i = 0; i < q.nrows; i++) {
		const char *qid = cxm_rows_get(&q, i, 0), *type = cxm_rows_get(&q, i, 2);
		struct cxm_dict *s = cxm_dict_section(d, "ANSWER");
		const char *text = pick(req, cxm_rows_get(&q, i, 3), cxm_rows_get(&q, i, 4));
		cxm_dict_set(s, "CODE", cxm_rows_get(&q, i, 1));
		cxm_dict_set(s, "TEXT", text ? text : cxm_rows_get(&q, i, 1));
		int any = 0;
		for (size_t k = 0; k < a.nrows; k++) {
			if (strcmp(cxm_rows_get(&a, k, 0), qid) != 0)
				continue;
			const char *opt = cxm_rows_get(&a, k, 1), *label = NULL;
			for (size_t j = 0; opt && j < o.nrows && !label; j++)
				if (strcmp(cxm_rows_get(&o, j, 0), opt) == 0) {
					label = pick(req, cxm_rows_get(&o, j, 1), cxm_rows_get(&o, j, 2));
					if (!label)
						label = cxm_rows_get(&o, j, 3);
				}
			const char *n1 = cxm_rows_get(&a, k, 2), *n2 = cxm_rows_get(&a, k, 3), *t = cxm_rows_get(&a, k, 4);
			const char *v;
			if (strcmp(type, "csi") == 0)
				v = cxm_printf(req->arena, _("%s: satisfaction %s, importance %s"), label ? label : "?",
				               n1 ? n1 : "—", n2 ? n2 : "—");
			else if (label)
				v = t && *t ? cxm_printf(req->arena, "%s: %s", label, t) : label;
			else if (n1)
				v = n1;
			else
				v = t ? t : "";
			cxm_dict_set(cxm_dict_section(s, "VALUE"), "V", v);
			any = 1;
		}
		if (!any)
			cxm_dict_show(s, "UNANSWERED");
	}
	return cxm_page_end(req);
}
