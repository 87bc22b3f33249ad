/* What the dashboard pages share (dashboard_pages.h): the period picker,
 * the request's plugin, values by unit, group labels and chart geometry. */
#include "config.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "conf.h"
#include "buf.h"
#include "client.h"
#include "db.h"
#include "feedback.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "metric_snapshots.h"
#include "metric_format.h"
#include "pages/client_pages.h"
#include "pages/dashboard_pages.h"
#include "plugin.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"

static const char *field_text(struct cxm_req *req, size_t i)
{
	const struct cxm_field *f = cxm_field(req, i);
	return f->present && f->valid ? f->s : NULL;
}

static const char *const kind_labels[CXM_PERIOD_KIND_MAX] = {
	N_("Week"), N_("Month"), N_("Quarter"), N_("Year"), N_("Your dates"),
};

int cxm_dash_begin(struct cxm_req *req, struct cxm_dict *d, const char *path, struct cxm_dash *dash)
{
	memset(dash, 0, sizeof(*dash));
	struct cxm_cp_business b;
	int rc = cxm_cp_business(req, &b);
	if (rc)
		return rc;
	dash->biz = req->session->business_id;
	dash->tz = b.timezone;
	dash->currency = b.currency;
	dash->now = (long long)time(NULL);
	struct cxm_dict *pk = dash->picker = cxm_dict_include(d, "PICKER", "dashboard_period.tpl");
	cxm_dict_set(pk, "ACTION", cxm_printf(req->arena, "%s%s", req->base, path));
	const char *kind = field_text(req, CXM_DF_PERIOD), *at = field_text(req, CXM_DF_AT),
	           *from = field_text(req, CXM_DF_FROM), *to = field_text(req, CXM_DF_TO);
	const char *error = NULL, *field = NULL;
	for (size_t i = 0; i < CXM_DF_MAX; i++)
		if (!cxm_field(req, i)->valid) {
			error = N_("Enter a real date as YYYY-MM-DD.");
			field = req->route->fields[i].name;
		}
	if (!error && cxm_period_parse(dash->tz, dash->now, kind, at, from, to, &dash->period, &error,
	                               &field) == CXM_OK) {
		/* shown as chosen */
	} else {
		dash->bad_period = 1;
		struct cxm_dict *e = cxm_dict_section(
			pk, cxm_printf(req->arena, "ERR_%s", strcmp(field, "period") == 0 ? "PERIOD" :
			                                     strcmp(field, "at") == 0     ? "AT" :
			                                     strcmp(field, "from") == 0   ? "FROM" : "TO"));
		cxm_dict_set(e, "MSG", _(error));
		if (cxm_period_at(dash->tz, CXM_PERIOD_MONTH, dash->now, &dash->period) != CXM_OK)
			return 503;
	}
	struct cxm_period *p = &dash->period;
	dash->query = cxm_period_query(req->arena, p);
	for (int k = 0; k < CXM_PERIOD_KIND_MAX; k++) {
		struct cxm_dict *o = cxm_dict_section(pk, "KIND");
		cxm_dict_set(o, "VALUE", cxm_period_kind_names[k]);
		cxm_dict_set(o, "LABEL", _(kind_labels[k]));
		if (k == (int)p->kind && !(dash->bad_period && kind && strcmp(kind, cxm_period_kind_names[k]) != 0))
			cxm_dict_show(o, "SELECTED");
	}
	/* what was typed stays in the inputs, even when refused */
	const struct cxm_field *f;
	f = cxm_field(req, CXM_DF_AT);
	cxm_dict_set(pk, "AT", f->present ? f->raw : cxm_date_format(req->arena, p->first));
	f = cxm_field(req, CXM_DF_FROM);
	cxm_dict_set(pk, "FROM", f->present ? f->raw : cxm_date_format(req->arena, p->first));
	f = cxm_field(req, CXM_DF_TO);
	cxm_dict_set(pk, "TO", f->present ? f->raw : cxm_date_format(req->arena, p->last));
	cxm_dict_set(pk, "TIMEZONE", dash->tz);
	cxm_dict_set_global(d, "PERIOD_LABEL", cxm_period_label(req->arena, p));
	cxm_dict_set_global(d, "PERIOD_QUERY", dash->query);
	struct cxm_period prev, next;
	if (cxm_period_step(dash->tz, p, -1, &prev) == CXM_OK) {
		struct cxm_dict *l = cxm_dict_section(pk, "PREV");
		cxm_dict_set(l, "URL", cxm_printf(req->arena, "%s%s?%s", req->base, path,
		                                  cxm_period_query(req->arena, &prev)));
		cxm_dict_set(l, "LABEL", cxm_period_label(req->arena, &prev));
	}
	if (cxm_period_step(dash->tz, p, 1, &next) == CXM_OK && next.from <= dash->now) {
		struct cxm_dict *l = cxm_dict_section(pk, "NEXT");
		cxm_dict_set(l, "URL", cxm_printf(req->arena, "%s%s?%s", req->base, path,
		                                  cxm_period_query(req->arena, &next)));
		cxm_dict_set(l, "LABEL", cxm_period_label(req->arena, &next));
	}
	if (p->from <= dash->now && dash->now < p->to)
		cxm_dict_show(pk, "OPEN");
	return 0;
}

void cxm_dash_hidden(struct cxm_dash *dash, const char *name, const char *value)
{
	struct cxm_dict *h = cxm_dict_section(dash->picker, "HIDDEN");
	cxm_dict_set(h, "NAME", name);
	cxm_dict_set(h, "VALUE", value);
}

int cxm_dash_plugin(struct cxm_req *req, const char *name, struct cxm_business_plugin *bp)
{
	struct cxm_business_plugin *bps;
	size_t n;
	if (cxm_plugins_for_business(req->db, req->arena, req->session->business_id, CXM_PLUGIN_METRIC, &bps,
	                             &n) != CXM_OK)
		return 503;
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(bps[i].plugin->entry->name, name) == 0) {
			*bp = bps[i];
			return 0;
		}
	return 404;
}

const char *cxm_dash_value(struct cxm_req *req, const struct cxm_dash *dash,
                           enum cxm_plugin_metric_unit unit, int decimals, double v)
{
	return cxm_metric_format(req->arena, unit, decimals, v, dash->currency);
}

const char *cxm_dash_delta(struct cxm_req *req, const struct cxm_dash *dash,
                           enum cxm_plugin_metric_unit unit, int decimals, double d)
{
	return cxm_metric_format_delta(req->arena, unit, decimals, d, dash->currency);
}

const char *cxm_dash_as_of(struct cxm_req *req, const struct cxm_dash *dash, long long t)
{
	char utc[32], today[32], *at = NULL, *local_now = NULL;
	struct tm tm;
	time_t tt = (time_t)t, tn = (time_t)dash->now;
	gmtime_r(&tt, &tm);
	strftime(utc, sizeof(utc), "%Y-%m-%d %H:%M:%S", &tm);
	gmtime_r(&tn, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d %H:%M:%S", &tm);
	if (cxm_tz_from_utc(req->arena, dash->tz, utc, &at) != CXM_OK || !at ||
	    cxm_tz_from_utc(req->arena, dash->tz, today, &local_now) != CXM_OK || !local_now) {
		at = utc;   /* cannot happen for a business's zone: UTC then */
		local_now = today;
	}
	/* "YYYY-MM-DD HH:MM:SS": the time alone on the same local day */
	const char *shown = strncmp(at, local_now, 10) == 0 ? cxm_printf(req->arena, "%.5s", at + 11)
	                                                    : cxm_printf(req->arena, "%.16s", at);
	return cxm_printf(req->arena, _("as of %s"), shown);
}

/* ---- group labels ---------------------------------------------------------- */

static const struct {
	const char *dimension;
	const char *label;
} dimensions[] = {
	{"location", N_("Location")},   {"staff", N_("Staff member")}, {"service", N_("Service")},
	{"channel", N_("Channel")},     {"type", N_("Type")},          {"department", N_("Department")},
	{"defect", N_("Defect kind")},  {"age_band", N_("Age")},       {"gender", N_("Gender")},
	{"region", N_("Region")},       {"source", N_("Source")},      {"parameter", N_("Parameter")},
};

const char *cxm_dash_dimension_label(const char *dimension)
{
	for (size_t i = 0; i < sizeof(dimensions) / sizeof(dimensions[0]); i++)
		if (strcmp(dimensions[i].dimension, dimension) == 0)
			return _(dimensions[i].label);
	return dimension;
}

static const char *name_of(struct cxm_req *req, const char *dimension, long long id)
{
	long long biz = req->session->business_id;
	struct cxm_rows r;
	enum cxm_err rc = CXM_ERR_NOT_FOUND;
	if (strcmp(dimension, "location") == 0)
		rc = cxm_db_query(req->db, req->arena, "SELECT name FROM locations WHERE id = ? AND business_id = ?",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r);
	else if (strcmp(dimension, "staff") == 0)
		rc = cxm_db_query(req->db, req->arena, "SELECT name FROM staff WHERE id = ? AND business_id = ?",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r);
	else if (strcmp(dimension, "service") == 0)
		rc = cxm_db_query(req->db, req->arena, "SELECT name FROM services WHERE id = ? AND business_id = ?",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r);
	else if (strcmp(dimension, "department") == 0)
		rc = cxm_db_query(req->db, req->arena,
		                  "SELECT name FROM feedback_departments WHERE id = ? AND business_id = ?",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r);
	else if (strcmp(dimension, "defect") == 0)
		rc = cxm_db_query(req->db, req->arena, "SELECT name FROM feedback_defects WHERE id = ? AND business_id = ?",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r);
	return rc == CXM_OK && r.nrows ? cxm_rows_get(&r, 0, 0) : NULL;
}

static const char *csi_label(struct cxm_req *req, const char *code)
{
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT o.label_ru, o.label_en FROM survey_options o JOIN survey_questions q"
	                 " ON q.id = o.question_id AND q.business_id = o.business_id"
	                 " WHERE o.business_id = ? AND q.type = 'csi' AND o.code = ? ORDER BY o.id DESC LIMIT 1",
	                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PSTR(code)), &r) != CXM_OK ||
	    !r.nrows)
		return NULL;
	const char *ru = cxm_rows_get(&r, 0, 0), *en = cxm_rows_get(&r, 0, 1);
	const char *t = req->lang == CXM_LANG_EN ? en : ru;
	if (!t || !*t)
		t = req->lang == CXM_LANG_EN ? ru : en;
	return t && *t ? t : NULL;
}

const char *cxm_dash_group_label(struct cxm_req *req, const char *dimension, const char *key)
{
	if (!dimension || !key)
		return key;
	const char *label = NULL;
	if (strcmp(dimension, "location") == 0 || strcmp(dimension, "staff") == 0 ||
	    strcmp(dimension, "service") == 0 || strcmp(dimension, "department") == 0 ||
	    strcmp(dimension, "defect") == 0) {
		char *end;
		long long id = strtoll(key, &end, 10);
		if (*key && !*end && id > 0)
			label = name_of(req, dimension, id);
	} else if (strcmp(dimension, "channel") == 0) {
		static const char *const survey_channels[][2] = {
			{"invitation", N_("Personal invitation")},
			{"open_link", N_("Open link")},
			{"manual", N_("Entered by hand")},
		};
		int i = cxm_fb_index(cxm_fb_channel_names, key);
		if (i >= 0)
			label = _(cxm_fb_channel_labels[i]);
		for (size_t k = 0; !label && k < 3; k++)
			if (strcmp(key, survey_channels[k][0]) == 0)
				label = _(survey_channels[k][1]);
	} else if (strcmp(dimension, "type") == 0) {
		int i = cxm_fb_index(cxm_fb_type_names, key);
		if (i >= 0)
			label = _(cxm_fb_type_labels[i]);
	} else if (strcmp(dimension, "age_band") == 0 || strcmp(dimension, "gender") == 0 ||
	           strcmp(dimension, "region") == 0 || strcmp(dimension, "source") == 0) {
		enum cxm_cfield f = strcmp(dimension, "age_band") == 0 ? CXM_CF_AGE_BAND :
		                    strcmp(dimension, "gender") == 0   ? CXM_CF_GENDER :
		                    strcmp(dimension, "region") == 0   ? CXM_CF_REGION : CXM_CF_SOURCE;
		label = cxm_cp_choice(f, key);
	} else if (strcmp(dimension, "parameter") == 0) {
		label = csi_label(req, key);
	}
	return label ? label : key;
}

/* ---- charts ------------------------------------------------------------------ */

void cxm_dash_trend(struct cxm_req *req, struct cxm_dict *d, const char *name, const double *values,
                    const int *ok, const char *const *labels, const char *const *texts, size_t n,
                    int small)
{
	const int w = small ? 160 : 640, h = small ? 40 : 240;
	const int left = small ? 4 : 64, right = small ? 4 : 16, top = small ? 4 : 16, bottom = small ? 4 : 40;
	double lo = 0, hi = 0;
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		if (!ok[i])
			continue;
		if (!any || values[i] < lo)
			lo = values[i];
		if (!any || values[i] > hi)
			hi = values[i];
		any = 1;
	}
	if (lo > 0)
		lo = 0;   /* bars and lines of non-negative numbers start at zero */
	if (hi <= lo)
		hi = lo + 1;
	struct cxm_dict *c = cxm_dict_section(d, name);
	cxm_dict_set_int(c, "WIDTH", w);
	cxm_dict_set_int(c, "HEIGHT", h);
	cxm_dict_set_int(c, "X0", left);
	cxm_dict_set_int(c, "X1", w - right);
	cxm_dict_set_int(c, "Y0", h - bottom);
	cxm_dict_set_int(c, "Y1", top);
	double step = n > 1 ? (double)(w - left - right) / (double)(n - 1) : 0;
	struct cxm_buf pts;
	cxm_buf_init(&pts, req->arena, 256);
	cxm_buf_puts(&pts, "");
	for (size_t i = 0; i < n; i++) {
		long long x = (long long)(left + step * (double)i + 0.5);
		if (!small && labels) {
			struct cxm_dict *t = cxm_dict_section(c, "XTICK");
			cxm_dict_set_int(t, "X", x);
			cxm_dict_set_int(t, "Y", h - bottom + 16);
			cxm_dict_set(t, "LABEL", labels[i]);
		}
		if (!ok[i])
			continue;
		long long y = (long long)(top + (hi - values[i]) / (hi - lo) * (double)(h - top - bottom) + 0.5);
		struct cxm_dict *p = cxm_dict_section(c, "POINT");
		cxm_dict_set_int(p, "X", x);
		cxm_dict_set_int(p, "Y", y);
		cxm_dict_set(p, "LABEL", labels ? labels[i] : "");
		cxm_dict_set(p, "VALUE", texts ? texts[i] : "");
		cxm_buf_printf(&pts, "%s%lld,%lld", pts.len ? " " : "", x, y);
	}
	cxm_dict_set(c, "POINTS", pts.data);
	if (!small)
		for (int k = 0; k <= 2; k++) {
			double v = lo + (hi - lo) * k / 2.0;
			struct cxm_dict *t = cxm_dict_section(c, "YTICK");
			cxm_dict_set_int(t, "Y", (long long)(top + (2 - k) / 2.0 * (h - top - bottom) + 0.5));
			cxm_dict_set_int(t, "X", left - 6);
			cxm_dict_set(t, "LABEL", cxm_printf(req->arena, "%.4g", v));
		}
}

void cxm_dash_budget_start(struct cxm_req *req, struct cxm_dash_budget *b)
{
	b->seconds = (double)req->cfg->dashboard_compute_seconds;
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
}

static int budget_left(const struct cxm_dash_budget *b)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	double spent = (double)(t.tv_sec - b->t0.tv_sec) + (double)(t.tv_nsec - b->t0.tv_nsec) / 1e9;
	return spent < b->seconds;
}

enum cxm_err cxm_dash_get(struct cxm_req *req, const struct cxm_dash *dash,
                          const struct cxm_business_plugin *bp, const char *metric,
                          const struct cxm_period *p, const char *dimension,
                          const struct cxm_dash_budget *b, struct cxm_plugin_metric_out *out,
                          long long *stale, int *pending)
{
	*pending = 0;
	if (!b || p->kind == CXM_PERIOD_CUSTOM || budget_left(b)) {
		char err[256];
		return cxm_snapshot_get(req->db, req->arena, bp, dash->biz, metric, p, dimension, dash->now, out, NULL,
		                        stale, err, sizeof(err));
	}
	enum cxm_err rc = cxm_snapshot_peek(req->db, req->arena, bp, dash->biz, metric, p, dimension, dash->now, out,
	                                    stale);
	*pending = rc == CXM_ERR_NOT_FOUND;
	return rc;
}
