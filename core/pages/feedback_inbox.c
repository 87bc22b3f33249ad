/* The feedback inbox (analysts and up): every review and complaint of the
 * business, overdue ones first (highlighted, the longest overdue on top),
 * then the rest newest first, filtered by status ("open" = new, in
 * progress or answered), channel, type, department, assignee (a person,
 * "mine", "unassigned"), client and "overdue only", in keyset pages of 50:
 * the cursor names the last row shown ("o<id>" in the overdue block, "n<id>"
 * after it), so a page costs the same at any depth. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
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

/* GET /feedback, in the order of pages/routes.c */
enum { FI_STATUS, FI_CHANNEL, FI_TYPE, FI_DEPARTMENT, FI_ASSIGNEE, FI_OVERDUE, FI_CLIENT, FI_AFTER };

#define PER_PAGE 50

/* The filters as bound parameters of the inbox statements. */
struct filter {
	const char *status, *channel, *type;
	long long department, client;
	int assignee_mode;   /* 0 any, 1 unassigned, 2 the person in assignee */
	long long assignee;
	int overdue_only;
};

#define FILTER_SQL \
	" f.business_id = ?" \
	" AND (? IS NULL OR (? = 'open' AND f.status IN ('new', 'in_progress', 'answered')) OR f.status = ?)" \
	" AND (? IS NULL OR f.channel = ?) AND (? IS NULL OR f.type = ?)" \
	" AND (? = 0 OR f.department_id = ?) AND (? = 0 OR f.client_id = ?)" \
	" AND (? = 0 OR (? = 1 AND f.assignee_id IS NULL) OR (? = 2 AND f.assignee_id = ?))"

#define COLUMNS_SQL \
	"SELECT f.id, DATE_FORMAT(f.received_at, '%Y-%m-%d %H:%i:%s'), f.channel, f.type, f.status," \
	" f.priority, LEFT(f.text, 140), c.name, f.contact_name, COALESCE(NULLIF(u.name, ''), u.email)," \
	" DATE_FORMAT(f.sla_due_at, '%Y-%m-%d %H:%i:%s'), f.awaiting = 1 AND f.sla_due_at < UTC_TIMESTAMP(6)," \
	" c.erased_at IS NOT NULL, f.client_id FROM feedback f"
#define JOINS_SQL \
	" LEFT JOIN clients c ON c.id = f.client_id AND c.business_id = f.business_id" \
	" LEFT JOIN users u ON u.id = f.assignee_id WHERE"
#define ROW_SQL COLUMNS_SQL JOINS_SQL

enum { R_ID, R_RECEIVED, R_CHANNEL, R_TYPE, R_STATUS, R_PRIORITY, R_TEXT, R_CLIENT, R_CONTACT,
       R_ASSIGNEE, R_DUE, R_OVERDUE, R_ERASED, R_CLIENT_ID };

/* The overdue block from its start, and after the row whose (sla_due_at,
 * id) is bound last; the redundant "sla_due_at >= ?" and the index named
 * make the scan start at the cursor, so a deep page costs what the first
 * does (measured at 100,000 items: docs/feedback.md). */
#define OVERDUE_SQL " AND f.awaiting = 1 AND f.sla_due_at < UTC_TIMESTAMP(6)"
static const char *const sql_overdue_first =
	ROW_SQL FILTER_SQL OVERDUE_SQL " ORDER BY f.sla_due_at, f.id LIMIT ?";
static const char *const sql_overdue_after =
	COLUMNS_SQL " FORCE INDEX (feedback_overdue)" JOINS_SQL FILTER_SQL OVERDUE_SQL
	" AND f.sla_due_at >= ? AND (f.sla_due_at > ? OR f.id > ?) ORDER BY f.sla_due_at, f.id LIMIT ?";
/* The rest, newest first, likewise after (received_at, id). */
#define REST_SQL " AND NOT (f.awaiting = 1 AND f.sla_due_at < UTC_TIMESTAMP(6))"
static const char *const sql_rest_first =
	ROW_SQL FILTER_SQL REST_SQL " ORDER BY f.received_at DESC, f.id DESC LIMIT ?";
static const char *const sql_rest_after =
	COLUMNS_SQL " FORCE INDEX (feedback_newest)" JOINS_SQL FILTER_SQL REST_SQL
	" AND f.received_at <= ? AND (f.received_at < ? OR f.id < ?) ORDER BY f.received_at DESC, f.id DESC LIMIT ?";

static size_t bind_filter(struct cxm_param *p, long long biz, const struct filter *f)
{
	size_t n = 0;
	p[n++] = CXM_PINT(biz);
	for (int i = 0; i < 3; i++)
		p[n++] = f->status ? CXM_PSTR(f->status) : CXM_PNULL;
	for (int i = 0; i < 2; i++)
		p[n++] = f->channel ? CXM_PSTR(f->channel) : CXM_PNULL;
	for (int i = 0; i < 2; i++)
		p[n++] = f->type ? CXM_PSTR(f->type) : CXM_PNULL;
	p[n++] = CXM_PINT(f->department);
	p[n++] = CXM_PINT(f->department);
	p[n++] = CXM_PINT(f->client);
	p[n++] = CXM_PINT(f->client);
	for (int i = 0; i < 3; i++)
		p[n++] = CXM_PINT(f->assignee_mode);
	p[n++] = CXM_PINT(f->assignee);
	return n;
}

/* Rows of one block after row `after` (0: its start), at most limit.
 * A cursor row that is not the business's gives no rows. */
static enum cxm_err block(struct cxm_req *req, int overdue, const struct filter *f, long long after,
                          long long limit, struct cxm_rows *r)
{
	struct cxm_param p[32];
	long long biz = req->session->business_id;
	size_t n = bind_filter(p, biz, f);
	if (after) {
		struct cxm_rows k;
		enum cxm_err rc = cxm_db_query(req->db, req->arena,
		                               "SELECT sla_due_at, received_at FROM feedback WHERE id = ? AND business_id = ?",
		                               CXM_PARAMS(CXM_PINT(after), CXM_PINT(biz)), &k);
		if (rc != CXM_OK)
			return rc;
		if (!k.nrows) {
			memset(r, 0, sizeof(*r));
			return CXM_OK;
		}
		const char *key = cxm_rows_get(&k, 0, overdue ? 0 : 1);
		p[n++] = CXM_PSTR(key);
		p[n++] = CXM_PSTR(key);
		p[n++] = CXM_PINT(after);
	}
	p[n++] = CXM_PINT(limit);
	const char *sql = overdue ? (after ? sql_overdue_after : sql_overdue_first)
	                          : (after ? sql_rest_after : sql_rest_first);
	return cxm_db_query(req->db, req->arena, sql, p, n, r);
}

/* The inbox link with the current filters and name=value. */
static const char *inbox_link(struct cxm_req *req, const char *name, const char *value)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 128);
	cxm_buf_puts(&b, "");
	static const char *const names[] = {"status", "channel", "type", "department", "assignee", "overdue",
	                                    "client"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct cxm_field *fl = cxm_field(req, i);
		if (fl->present && fl->valid)
			cxm_cp_query_add(&b, names[i], fl->raw);
	}
	if (name)
		cxm_cp_query_add(&b, name, value);
	return cxm_printf(req->arena, "%s/feedback%s%s", req->base, b.len ? "?" : "", b.data);
}

static void add_row(struct cxm_req *req, struct cxm_dict *t, const struct cxm_rows *r, size_t i, const char *tz)
{
	struct cxm_dict *row = cxm_dict_section(t, "ROW");
	cxm_dict_set(row, "ID", cxm_rows_get(r, i, R_ID));
	cxm_dict_set(row, "RECEIVED", cxm_cp_local_minutes(req, tz, cxm_rows_get(r, i, R_RECEIVED)));
	cxm_dict_set(row, "CHANNEL", cxm_fbp_label(cxm_fb_channel_names, cxm_fb_channel_labels,
	                                           cxm_rows_get(r, i, R_CHANNEL)));
	cxm_dict_set(row, "TYPE", cxm_fbp_label(cxm_fb_type_names, cxm_fb_type_labels, cxm_rows_get(r, i, R_TYPE)));
	cxm_dict_set(row, "STATUS", cxm_rows_get(r, i, R_STATUS));
	cxm_dict_set(row, "STATUS_LABEL", cxm_fbp_label(cxm_fb_status_names, cxm_fb_status_labels,
	                                                cxm_rows_get(r, i, R_STATUS)));
	cxm_dict_set(row, "PRIORITY", cxm_rows_get(r, i, R_PRIORITY));
	cxm_dict_set(row, "PRIORITY_LABEL", cxm_fbp_label(cxm_fb_priority_names, cxm_fb_priority_labels,
	                                                  cxm_rows_get(r, i, R_PRIORITY)));
	cxm_dict_set(row, "TEXT", cxm_rows_get(r, i, R_TEXT));
	long long cid = cxm_rows_int(r, i, R_CLIENT_ID, 0);
	const char *who = cid ? cxm_cp_client_name(req, cid, cxm_rows_get(r, i, R_CLIENT),
	                                           (int)cxm_rows_int(r, i, R_ERASED, 0))
	                      : cxm_rows_get(r, i, R_CONTACT);
	cxm_dict_set(row, "WHO", who ? who : "—");
	const char *assignee = cxm_rows_get(r, i, R_ASSIGNEE);
	cxm_dict_set(row, "ASSIGNEE", assignee ? assignee : "—");
	cxm_dict_set(row, "DUE", cxm_cp_local_minutes(req, tz, cxm_rows_get(r, i, R_DUE)));
	if (cxm_rows_int(r, i, R_OVERDUE, 0))
		cxm_dict_show(row, "OVERDUE");
}

int cxm_page_feedback_inbox(struct cxm_req *req)
{
	struct filter f = {0};
	const struct cxm_field *fl;
	if ((fl = cxm_field(req, FI_STATUS))->present)
		f.status = fl->raw;
	if ((fl = cxm_field(req, FI_CHANNEL))->present)
		f.channel = fl->raw;
	if ((fl = cxm_field(req, FI_TYPE))->present)
		f.type = fl->raw;
	if ((fl = cxm_field(req, FI_DEPARTMENT))->present)
		f.department = fl->i;
	if ((fl = cxm_field(req, FI_CLIENT))->present)
		f.client = fl->i;
	f.overdue_only = (int)cxm_field(req, FI_OVERDUE)->i;
	const char *assignee = NULL;
	if ((fl = cxm_field(req, FI_ASSIGNEE))->present) {
		assignee = fl->raw;
		if (strcmp(assignee, "mine") == 0) {
			f.assignee_mode = 2;
			f.assignee = req->session->user_id;
		} else if (strcmp(assignee, "none") == 0) {
			f.assignee_mode = 1;
		} else {
			char *end;
			long long v = strtoll(assignee, &end, 10);
			if (*end || v <= 0) {
				req->error_detail = _("Unknown assignee filter.");
				return 400;
			}
			f.assignee_mode = 2;
			f.assignee = v;
		}
	}
	/* the cursor: the block and the last row shown */
	int in_overdue = 1;
	long long after = 0;
	if ((fl = cxm_field(req, FI_AFTER))->present) {
		char *end;
		after = strtoll(fl->raw + 1, &end, 10);
		if ((fl->raw[0] != 'o' && fl->raw[0] != 'n') || *end || after <= 0) {
			req->error_detail = _("This page link is not valid any more; start from the first page.");
			return 400;
		}
		in_overdue = fl->raw[0] == 'o';
	}

	struct cxm_cp_business b;
	struct cxm_fbp_list depts, workers;
	int st = cxm_cp_business(req, &b);
	if (st || (st = cxm_fbp_list_load(req, 0, &depts)) || (st = cxm_fbp_list_load(req, 2, &workers)))
		return st;

	struct cxm_rows over = {0}, rest = {0};
	enum cxm_err rc = CXM_OK;
	if (in_overdue)
		rc = block(req, 1, &f, after, PER_PAGE + 1, &over);
	long long room = PER_PAGE + 1 - (long long)over.nrows;
	if (rc == CXM_OK && !f.overdue_only && room > 0)
		rc = block(req, 0, &f, in_overdue ? 0 : after, room, &rest);
	if (rc != CXM_OK) {
		cxm_error("feedback inbox of business %lld: %s", req->session->business_id, cxm_db_error(req->db));
		return 503;
	}

	struct cxm_dict *d = cxm_page_begin(req, "feedback_inbox.tpl", _("Feedback"));
	req->status = 200;
	if (cxm_session_may(req->session, CXM_MANAGER))
		cxm_dict_show(d, "MAY_ADD");
	if (cxm_session_may(req->session, CXM_ADMIN))
		cxm_dict_show(d, "MAY_CONFIGURE");
	cxm_fbp_options(d, "STATUS_OPTION", (const char *const[]){"open", "new", "in_progress", "answered",
	                                                          "resolved", "rejected", NULL},
	                (const char *const[]){N_("Open (not resolved)"), N_("New"), N_("In progress"),
	                                      N_("Answered"), N_("Resolved"), N_("Rejected")},
	                f.status, _("Any status"));
	cxm_fbp_options(d, "CHANNEL_OPTION", cxm_fb_channel_names, cxm_fb_channel_labels, f.channel, _("Any channel"));
	cxm_fbp_options(d, "TYPE_OPTION", cxm_fb_type_names, cxm_fb_type_labels, f.type, _("Any type"));
	cxm_fbp_list_options(req, d, "DEPARTMENT_OPTION", &depts, f.department, _("Any department"));
	cxm_fbp_options(d, "ASSIGNEE_OPTION", (const char *const[]){"mine", "none", NULL},
	                (const char *const[]){N_("Mine"), N_("Unassigned")}, assignee, _("Anyone"));
	for (size_t i = 0; i < workers.n; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "ASSIGNEE_OPTION");
		const char *v = cxm_printf(req->arena, "%lld", workers.id[i]);
		cxm_dict_set(o, "VALUE", v);
		cxm_dict_set(o, "LABEL", workers.name[i]);
		if (assignee && strcmp(assignee, v) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	if (f.overdue_only)
		cxm_dict_show(d, "OVERDUE_CHECKED");
	if (f.client)
		cxm_dict_set(cxm_dict_section(d, "CLIENT_FILTER"), "CLIENT_ID",
		             cxm_printf(req->arena, "%lld", f.client));
	long sla = cxm_feedback_sla_hours();
	cxm_dict_set(d, "ORDER_HINT",
	             cxm_printf(req->arena,
	                        cxm_ngettext("Overdue items (no reply within %ld hour) come first, the longest overdue "
	                                     "on top; then the rest, newest first. Times are in the time zone %s.",
	                                     "Overdue items (no reply within %ld hours) come first, the longest "
	                                     "overdue on top; then the rest, newest first. Times are in the time zone %s.",
	                                     (unsigned long)sla),
	                        sla, b.timezone));

	size_t shown = 0;
	const char *next = NULL;
	if (over.nrows + rest.nrows == 0) {
		cxm_dict_show(d, "EMPTY");
	} else {
		struct cxm_dict *t = cxm_dict_section(d, "ROWS");
		for (size_t i = 0; i < over.nrows && shown < PER_PAGE; i++, shown++) {
			add_row(req, t, &over, i, b.timezone);
			next = cxm_printf(req->arena, "o%s", cxm_rows_get(&over, i, R_ID));
		}
		for (size_t i = 0; i < rest.nrows && shown < PER_PAGE; i++, shown++) {
			add_row(req, t, &rest, i, b.timezone);
			next = cxm_printf(req->arena, "n%s", cxm_rows_get(&rest, i, R_ID));
		}
	}
	int more = over.nrows + rest.nrows > PER_PAGE;
	if (more || after) {
		struct cxm_dict *p = cxm_dict_section(d, "PAGER");
		if (after)
			cxm_dict_set(cxm_dict_section(p, "FIRST"), "URL", inbox_link(req, NULL, NULL));
		if (more)
			cxm_dict_set(cxm_dict_section(p, "NEXT"), "URL", inbox_link(req, "after", next));
	}
	return cxm_page_end(req);
}
