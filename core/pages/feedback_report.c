/* Counts of feedback by channel and by type for a period (analysts and
 * up), as in document 003: a table with each share of the total (one
 * decimal, rounded half up) and a bar chart drawn on the server as SVG,
 * each bar with a <title>. The period is from..to inclusive, days of the
 * business's time zone; without them, all time. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "feedback.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/feedback_pages.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"

enum { FR_FROM, FR_TO };

#define BAR_X 340     /* where bars start: the labels are right-aligned before it */
#define BAR_MAX 300   /* the longest bar, in SVG units */
#define BAR_STEP 26

/* The UTC start of local day `date` (+ one day when next). */
static const char *day_start(struct cxm_req *req, const char *tz, const char *date, int next)
{
	if (next) {
		struct cxm_rows r;
		if (cxm_db_query(req->db, req->arena, "SELECT DATE_FORMAT(DATE_ADD(?, INTERVAL 1 DAY), '%Y-%m-%d')",
		                 CXM_PARAMS(CXM_PSTR(date)), &r) != CXM_OK)
			return NULL;
		date = cxm_rows_get(&r, 0, 0);
	}
	char *utc = NULL;
	if (cxm_tz_to_utc(req->arena, tz, cxm_printf(req->arena, "%s 00:00:00", date), &utc) != CXM_OK)
		return NULL;
	return utc;
}

static void breakdown(struct cxm_req *req, struct cxm_dict *d, const char *code, const char *heading,
                      const struct cxm_feedback_counts *c, const char *const *labels)
{
	struct cxm_dict *s = cxm_dict_section(d, "BREAKDOWN");
	cxm_dict_set(s, "CODE", code);
	cxm_dict_set(s, "HEADING", heading);
	cxm_dict_set_int(s, "TOTAL", c->total);
	long long max = 0;
	for (int k = 0; k < c->nkeys; k++)
		if (c->n[k] > max)
			max = c->n[k];
	cxm_dict_set_int(s, "CHART_HEIGHT", (long long)c->nkeys * BAR_STEP + 4);
	for (int k = 0; k < c->nkeys; k++) {
		struct cxm_dict *row = cxm_dict_section(s, "ROW");
		const char *share = cxm_printf(req->arena, "%lld.%lld", c->share_tenths[k] / 10, c->share_tenths[k] % 10);
		cxm_dict_set(row, "LABEL", _(labels[k]));
		cxm_dict_set_int(row, "N", c->n[k]);
		cxm_dict_set(row, "SHARE", share);
		cxm_dict_set_int(row, "Y", (long long)k * BAR_STEP + 2);
		cxm_dict_set_int(row, "TY", (long long)k * BAR_STEP + 17);
		cxm_dict_set_int(row, "W", max ? c->n[k] * BAR_MAX / max : 0);
		cxm_dict_set_int(row, "VX", BAR_X + (max ? c->n[k] * BAR_MAX / max : 0) + 6);
	}
}

int cxm_page_feedback_report(struct cxm_req *req)
{
	struct cxm_cp_business b;
	int st = cxm_cp_business(req, &b);
	if (st)
		return st;
	const struct cxm_field *from = cxm_field(req, FR_FROM), *to = cxm_field(req, FR_TO);
	const char *from_utc = NULL, *to_utc = NULL;
	if (from->present && !(from_utc = day_start(req, b.timezone, from->s, 0)))
		return 503;
	if (to->present && !(to_utc = day_start(req, b.timezone, to->s, 1)))
		return 503;
	struct cxm_feedback_counts ch, ty;
	long long biz = req->session->business_id;
	if (cxm_feedback_counts(req->db, req->arena, biz, 0, from_utc, to_utc, &ch) != CXM_OK ||
	    cxm_feedback_counts(req->db, req->arena, biz, 1, from_utc, to_utc, &ty) != CXM_OK) {
		cxm_error("feedback counts of business %lld: %s", biz, cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *d = cxm_page_begin(req, "feedback_report.tpl", _("Feedback by channel and type"));
	req->status = 200;
	if (from->present)
		cxm_dict_set(d, "VALUE_FROM", from->s);
	if (to->present)
		cxm_dict_set(d, "VALUE_TO", to->s);
	cxm_dict_set(d, "TIMEZONE", b.timezone);
	cxm_dict_set_int(d, "TOTAL", ch.total);
	if (!ch.total)
		cxm_dict_show(d, "EMPTY");
	breakdown(req, d, "channel", _("By channel"), &ch, cxm_fb_channel_labels);
	breakdown(req, d, "type", _("By type"), &ty, cxm_fb_type_labels);
	return cxm_page_end(req);
}
