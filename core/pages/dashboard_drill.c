/* Who is behind a number (/dashboard/drill?plugin&metric[&part]
 * [&dimension&group][&offset] and the period): the plugin's drill rows,
 * DRILL_PAGE per page with previous/next links, each with the client's
 * name linked to the client page (or "anonymous"), the date in the
 * business's time zone, the score, and a link to what the row points at
 * (a survey response, a feedback item, the client's history). Unknown
 * plugin, metric, part or dimension: 404; no plugin or metric at all: to
 * the dashboard. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "metric.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/dashboard_pages.h"
#include "pages/pages.h"
#include "plugin.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { FD_PLUGIN = CXM_DF_MAX, FD_METRIC, FD_PART, FD_DIMENSION, FD_GROUP, FD_OFFSET };

#define DRILL_PAGE 50

struct collected {
	struct cxm_arena *a;
	struct cxm_plugin_drill_row *rows;
	size_t n, cap;
};

/* Keeps a copy of each row: the names are looked up once the plugin's
 * statement is finished (one statement at a time per connection). */
static int collect(void *ud, const struct cxm_plugin_drill_row *row)
{
	struct collected *c = ud;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct cxm_plugin_drill_row *v = cxm_alloc(c->a, cap * sizeof(*v));
		if (c->n)
			memcpy(v, c->rows, c->n * sizeof(*v));
		c->rows = v;
		c->cap = cap;
	}
	c->rows[c->n] = *row;
	c->rows[c->n].ref_kind = cxm_strdup(c->a, row->ref_kind ? row->ref_kind : "");
	c->n++;
	return 0;
}

static const char *text_field(struct cxm_req *req, size_t i)
{
	const struct cxm_field *f = cxm_field(req, i);
	return f->present && f->valid ? f->s : NULL;
}

static const char *local_time(struct cxm_req *req, const char *tz, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char utc[32];
	strftime(utc, sizeof(utc), "%Y-%m-%d %H:%M:%S", &tm);
	return cxm_cp_local_minutes(req, tz, cxm_strdup(req->arena, utc));
}

int cxm_page_dashboard_drill(struct cxm_req *req)
{
	if (!cxm_field(req, FD_PLUGIN)->present || !cxm_field(req, FD_METRIC)->present) {
		cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/dashboard", req->base));
		return 303;
	}
	for (size_t i = FD_PLUGIN; i <= FD_OFFSET; i++)
		if (!cxm_field(req, i)->valid)
			return 404;
	struct cxm_business_plugin bp;
	int rc = cxm_dash_plugin(req, text_field(req, FD_PLUGIN), &bp);
	if (rc)
		return rc;
	const struct cxm_plugin_metric_info *m = cxm_metric_find(bp.plugin, text_field(req, FD_METRIC));
	if (!m)
		return 404;
	const char *plugin = bp.plugin->entry->name;
	const char *part = text_field(req, FD_PART), *dim = text_field(req, FD_DIMENSION),
	           *group = text_field(req, FD_GROUP);
	long long offset = cxm_field(req, FD_OFFSET)->present ? cxm_field(req, FD_OFFSET)->i : 0;
	struct cxm_dict *d = cxm_page_begin(req, "dashboard_drill.tpl", _(m->label));
	struct cxm_dash dash;
	if ((rc = cxm_dash_begin(req, d, "/dashboard/drill", &dash)))
		return rc;
	struct cxm_metric_scope scope = {.business_id = dash.biz, .settings = bp.settings,
	                                 .from = dash.period.from, .to = dash.period.to};
	if (scope.to > dash.now && scope.from <= dash.now)
		scope.to = dash.now;   /* the open period so far, as its value */
	struct collected c = {.a = req->arena};
	char err[256];
	/* one more than a page: whether there is a next one */
	enum cxm_err e = cxm_metric_drill(req->db, req->arena, bp.plugin, &scope, m->key, part, dim, group,
	                                  DRILL_PAGE + 1, offset, collect, &c, err, sizeof(err));
	if (e == CXM_ERR_NOT_FOUND)
		return 404;
	req->status = 200;
	/* the links keep the selection */
	struct cxm_buf sel;
	cxm_buf_init(&sel, req->arena, 128);
	cxm_buf_printf(&sel, "plugin=%s&metric=%s&%s", plugin, m->key, dash.query);
	if (part) {
		cxm_buf_puts(&sel, "&part=");
		cxm_cp_urlencode(&sel, part);
	}
	if (dim) {
		cxm_buf_puts(&sel, "&dimension=");
		cxm_cp_urlencode(&sel, dim);
		cxm_buf_puts(&sel, "&group=");
		cxm_cp_urlencode(&sel, group);
	}
	cxm_dash_hidden(&dash, "plugin", plugin);
	cxm_dash_hidden(&dash, "metric", m->key);
	if (part)
		cxm_dash_hidden(&dash, "part", part);
	if (dim) {
		cxm_dash_hidden(&dash, "dimension", dim);
		cxm_dash_hidden(&dash, "group", group);
	}
	cxm_dict_set_global(d, "PLUGIN", plugin);
	cxm_dict_set_global(d, "METRIC", m->key);
	cxm_dict_set(d, "LABEL", _(m->label));
	cxm_dict_set(d, "METRIC_URL", cxm_printf(req->arena, "%s/dashboard/metric?plugin=%s&metric=%s&%s", req->base,
	                                         plugin, m->key, dash.query));
	if (part) {
		const char *pl = part;
		cxm_dict_set(cxm_dict_section(d, "PART"), "TEXT", pl);
	}
	if (dim)
		cxm_dict_set(cxm_dict_section(d, "GROUP_SEL"), "TEXT",
		             cxm_printf(req->arena, "%s: %s", cxm_dash_dimension_label(dim),
		                        cxm_dash_group_label(req, dim, group)));
	if (e != CXM_OK) {
		cxm_dict_show(d, "UNAVAILABLE");
		return cxm_page_end(req);
	}
	size_t shown = c.n > DRILL_PAGE ? DRILL_PAGE : c.n;
	if (!shown)
		cxm_dict_show(d, "EMPTY");
	else
		cxm_dict_show(d, "LIST");
	for (size_t i = 0; i < shown; i++) {
		const struct cxm_plugin_drill_row *r = &c.rows[i];
		struct cxm_dict *row = cxm_dict_section(d, "ROW");
		cxm_dict_set_int(row, "REF_ID", r->ref_id);
		if (r->client_id > 0) {
			struct cxm_rows cl;
			if (cxm_db_query(req->db, req->arena,
			                 "SELECT name, erased_at IS NOT NULL FROM clients WHERE id = ? AND business_id = ?",
			                 CXM_PARAMS(CXM_PINT(r->client_id), CXM_PINT(dash.biz)), &cl) != CXM_OK)
				return 503;
			if (cl.nrows) {
				struct cxm_dict *cd = cxm_dict_section(row, "CLIENT");
				cxm_dict_set_int(cd, "ID", r->client_id);
				cxm_dict_set(cd, "NAME", cxm_cp_client_name(req, r->client_id, cxm_rows_get(&cl, 0, 0),
				                                            cxm_rows_int(&cl, 0, 1, 0) != 0));
			} else {
				cxm_dict_show(row, "ANONYMOUS");
			}
		} else {
			cxm_dict_show(row, "ANONYMOUS");
		}
		cxm_dict_set(row, "WHEN", local_time(req, dash.tz, r->at));
		if (r->has_score)
			cxm_dict_set(row, "SCORE", cxm_printf(req->arena, "%g", r->score));
		else
			cxm_dict_set(row, "SCORE", "—");
		const char *url = NULL, *what = NULL;
		if (strcmp(r->ref_kind, "response") == 0) {
			struct cxm_rows sr;
			if (cxm_db_query(req->db, req->arena,
			                 "SELECT survey_id FROM survey_responses WHERE id = ? AND business_id = ?",
			                 CXM_PARAMS(CXM_PINT(r->ref_id), CXM_PINT(dash.biz)), &sr) != CXM_OK)
				return 503;
			if (sr.nrows)
				url = cxm_printf(req->arena, "%s/surveys/%s/responses/%lld", req->base, cxm_rows_get(&sr, 0, 0),
				                 r->ref_id);
			what = cxm_printf(req->arena, _("Response #%lld"), r->ref_id);
		} else if (strcmp(r->ref_kind, "feedback") == 0) {
			url = cxm_printf(req->arena, "%s/feedback/%lld", req->base, r->ref_id);
			what = cxm_printf(req->arena, _("Feedback #%lld"), r->ref_id);
		} else if (strcmp(r->ref_kind, "interaction") == 0 && r->client_id > 0) {
			url = cxm_printf(req->arena, "%s/clients/%lld", req->base, r->client_id);
			what = cxm_printf(req->arena, _("Interaction #%lld"), r->ref_id);
		} else if (strcmp(r->ref_kind, "client") == 0) {
			url = cxm_printf(req->arena, "%s/clients/%lld", req->base, r->ref_id);
			what = _("Client page");
		}
		if (url) {
			struct cxm_dict *l = cxm_dict_section(row, "REF");
			cxm_dict_set(l, "URL", url);
			cxm_dict_set(l, "TEXT", what);
		} else {
			cxm_dict_set(cxm_dict_section(row, "REF_TEXT"), "TEXT", what ? what : r->ref_kind);
		}
	}
	if (offset > 0)
		cxm_dict_set(cxm_dict_section(d, "PREV_PAGE"), "URL",
		             cxm_printf(req->arena, "%s/dashboard/drill?%s%s", req->base, sel.data,
		                        offset > DRILL_PAGE ? cxm_printf(req->arena, "&offset=%lld", offset - DRILL_PAGE) : ""));
	if (c.n > DRILL_PAGE)
		cxm_dict_set(cxm_dict_section(d, "NEXT_PAGE"), "URL",
		             cxm_printf(req->arena, "%s/dashboard/drill?%s&offset=%lld", req->base, sel.data,
		                        offset + DRILL_PAGE));
	if (shown)
		cxm_dict_set(d, "RANGE", cxm_printf(req->arena, "%lld–%lld", offset + 1, offset + (long long)shown));
	return cxm_page_end(req);
}
