/* Manual entry of feedback (managers): a hotline call, a shop visit, a
 * letter. The client is picked by searching the base (name prefix,
 * e-mail or the id) or not at all, and then a contact name with an e-mail
 * or phone is required. Each refusal is shown next to its field with what
 * was typed kept, and nothing is stored; a stored item opens its page. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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
#include "tz.h"

enum { FG_CLIENT, FG_Q };   /* GET /feedback/new */
/* POST /feedback/new, in the order of pages/routes.c */
enum { FN_CLIENT, FN_NAME, FN_EMAIL, FN_PHONE, FN_CHANNEL, FN_TYPE, FN_DEPARTMENT, FN_DEFECT,
       FN_PRIORITY, FN_RATING, FN_RECEIVED_AT, FN_TEXT, FN_MAX };
static const char *const field_keys[FN_MAX] = {
	"CLIENT", "CONTACT_NAME", "CONTACT_EMAIL", "CONTACT_PHONE", "CHANNEL", "TYPE", "DEPARTMENT",
	"DEFECT", "PRIORITY", "RATING", "RECEIVED_AT", "TEXT",
};

struct form {
	const char *v[FN_MAX];
	const char *err[FN_MAX];
	const char *notice;
};

/* "YYYY-MM-DDTHH:MM" now in tz, for the datetime-local input. */
static const char *now_local(struct cxm_req *req, const char *tz)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char utc[32];
	strftime(utc, sizeof(utc), "%Y-%m-%d %H:%M:%S", &tm);
	char *out = cxm_strdup(req->arena, cxm_cp_local_minutes(req, tz, utc));
	if (strlen(out) > 10)
		out[10] = 'T';
	return out;
}

/* The client of the business with this id (live), its name; NULL when none. */
static int client_name(struct cxm_req *req, long long id, const char **name)
{
	struct cxm_rows r;
	*name = NULL;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT name, erased_at IS NOT NULL, email, phone FROM clients"
	                 " WHERE id = ? AND business_id = ? AND live = 1",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r) != CXM_OK) {
		cxm_error("client %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (r.nrows) {
		const char *contact = cxm_rows_get(&r, 0, 2) ? cxm_rows_get(&r, 0, 2) : cxm_rows_get(&r, 0, 3);
		const char *n = cxm_cp_client_name(req, id, cxm_rows_get(&r, 0, 0), (int)cxm_rows_int(&r, 0, 1, 0));
		*name = contact ? cxm_printf(req->arena, "%s (%s)", n, contact) : n;
	}
	return 0;
}

/* Up to 10 live clients whose name starts with q or whose e-mail is q. */
static int search(struct cxm_req *req, struct cxm_dict *d, const char *q)
{
	struct cxm_buf like;
	cxm_buf_init(&like, req->arena, 64);
	cxm_buf_puts(&like, "");
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			cxm_buf_putc(&like, '\\');
		cxm_buf_putc(&like, *p);
	}
	cxm_buf_putc(&like, '%');
	char *email = cxm_strdup(req->arena, q);
	for (char *p = email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	long long biz = req->session->business_id;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "(SELECT id, name, email, phone FROM clients WHERE business_id = ? AND live = 1"
	                 "  AND name LIKE ? ORDER BY name, id LIMIT 10)"
	                 " UNION (SELECT id, name, email, phone FROM clients WHERE business_id = ? AND live = 1"
	                 "  AND email = ? LIMIT 10) ORDER BY name, id LIMIT 10",
	                 CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(like.data), CXM_PINT(biz), CXM_PSTR(email)), &r) != CXM_OK) {
		cxm_error("client search for feedback: %s", cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *s = cxm_dict_section(d, "FOUND");
	if (!r.nrows)
		cxm_dict_show(s, "NONE_FOUND");
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_dict *row = cxm_dict_section(s, "MATCH");
		cxm_dict_set(row, "ID", cxm_rows_get(&r, i, 0));
		cxm_dict_set(row, "NAME", cxm_rows_get(&r, i, 1));
		const char *c = cxm_rows_get(&r, i, 2) ? cxm_rows_get(&r, i, 2) : cxm_rows_get(&r, i, 3);
		cxm_dict_set(row, "CONTACT", c ? c : "");
		cxm_dict_set(row, "URL", cxm_printf(req->arena, "%s/feedback/new?client=%s", req->base,
		                                    cxm_rows_get(&r, i, 0)));
	}
	return 0;
}

static int show_form(struct cxm_req *req, const struct form *fm, const char *q)
{
	struct cxm_cp_business b;
	struct cxm_fbp_list depts, defects;
	int st = cxm_cp_business(req, &b);
	if (st || (st = cxm_fbp_list_load(req, 0, &depts)) || (st = cxm_fbp_list_load(req, 1, &defects)))
		return st;
	struct cxm_dict *d = cxm_page_begin(req, "feedback_form.tpl", _("Record feedback"));
	req->status = 200;
	if (fm->notice)
		cxm_page_notice(d, "error", fm->notice);
	for (int f = 0; f < FN_MAX; f++) {
		if (fm->v[f])
			cxm_dict_set(d, cxm_printf(req->arena, "VALUE_%s", field_keys[f]), fm->v[f]);
		if (fm->err[f])
			cxm_dict_set(cxm_dict_section(d, cxm_printf(req->arena, "ERR_%s", field_keys[f])), "MSG", fm->err[f]);
	}
	if (!fm->v[FN_RECEIVED_AT])
		cxm_dict_set(d, "VALUE_RECEIVED_AT", now_local(req, b.timezone));
	cxm_dict_set(d, "TIMEZONE", b.timezone);
	if (q) {
		cxm_dict_set(d, "VALUE_Q", q);
		if ((st = search(req, d, q)))
			return st;
	}
	long long cid = fm->v[FN_CLIENT] ? strtoll(fm->v[FN_CLIENT], NULL, 10) : 0;
	const char *name = NULL;
	if (cid > 0 && !fm->err[FN_CLIENT] && (st = client_name(req, cid, &name)))
		return st;
	if (name) {
		struct cxm_dict *c = cxm_dict_section(d, "CHOSEN");
		cxm_dict_set(c, "CLIENT_ID", cxm_printf(req->arena, "%lld", cid));
		cxm_dict_set(c, "CLIENT_NAME", name);
	} else {
		cxm_dict_show(d, "NO_CLIENT");
	}
	/* hotline by default: the usual manual entry */
	cxm_fbp_options(d, "CHANNEL_OPTION", cxm_fb_channel_names, cxm_fb_channel_labels,
	                fm->v[FN_CHANNEL] ? fm->v[FN_CHANNEL] : "hotline", NULL);
	cxm_fbp_options(d, "TYPE_OPTION", cxm_fb_type_names, cxm_fb_type_labels,
	                fm->v[FN_TYPE] ? fm->v[FN_TYPE] : "other", NULL);
	cxm_fbp_options(d, "PRIORITY_OPTION", cxm_fb_priority_names, cxm_fb_priority_labels,
	                fm->v[FN_PRIORITY] ? fm->v[FN_PRIORITY] : "normal", NULL);
	cxm_fbp_list_options(req, d, "DEPARTMENT_OPTION", &depts,
	                     fm->v[FN_DEPARTMENT] ? strtoll(fm->v[FN_DEPARTMENT], NULL, 10) : 0, _("— not set —"));
	cxm_fbp_list_options(req, d, "DEFECT_OPTION", &defects,
	                     fm->v[FN_DEFECT] ? strtoll(fm->v[FN_DEFECT], NULL, 10) : 0, _("— not set —"));
	static const char *const ratings[] = {"1", "2", "3", "4", "5", NULL};
	cxm_fbp_options(d, "RATING_OPTION", ratings, ratings, fm->v[FN_RATING], _("— none —"));
	return cxm_page_end(req);
}

int cxm_page_feedback_new_form(struct cxm_req *req)
{
	struct form fm = {0};
	const struct cxm_field *c = cxm_field(req, FG_CLIENT), *q = cxm_field(req, FG_Q);
	if (c->present)
		fm.v[FN_CLIENT] = c->raw;
	return show_form(req, &fm, q->present ? q->s : NULL);
}

static const char *opt_text(const struct cxm_field *f)
{
	return f->present ? f->raw : NULL;
}

/* An id typed in a select ("" for none): *id, or an error. */
static const char *list_id(const char *v, const struct cxm_fbp_list *l, long long *id)
{
	*id = 0;
	if (!v || !*v)
		return NULL;
	char *end;
	*id = strtoll(v, &end, 10);
	if (*end || !cxm_fbp_list_has(l, *id))
		return _("Choose one of the listed values.");
	return NULL;
}

int cxm_page_feedback_create(struct cxm_req *req)
{
	struct form fm = {0};
	for (int f = 0; f < FN_MAX; f++) {
		const struct cxm_field *fl = cxm_field(req, (size_t)f);
		fm.v[f] = opt_text(fl);
		if (!fl->valid)
			fm.err[f] = fl->error;
	}
	struct cxm_cp_business b;
	struct cxm_fbp_list depts, defects;
	int st = cxm_cp_business(req, &b);
	if (st || (st = cxm_fbp_list_load(req, 0, &depts)) || (st = cxm_fbp_list_load(req, 1, &defects)))
		return st;

	struct cxm_feedback_new n = {.rating = -1, .created_by = req->session->user_id};
	if (fm.v[FN_CLIENT] && !fm.err[FN_CLIENT]) {
		char *end;
		n.client_id = strtoll(fm.v[FN_CLIENT], &end, 10);
		const char *name = NULL;
		if (*end || n.client_id <= 0)
			fm.err[FN_CLIENT] = _("No such client in this business.");
		else if ((st = client_name(req, n.client_id, &name)))
			return st;
		else if (!name)
			fm.err[FN_CLIENT] = _("No such client in this business.");
	}
	const char *cerr[3];
	cxm_fbp_check_contact(req, fm.v[FN_NAME], fm.v[FN_EMAIL], fm.v[FN_PHONE], n.client_id == 0 && !fm.err[FN_CLIENT],
	                      &n.contact_name, &n.contact_email, &n.contact_phone, cerr);
	for (int i = 0; i < 3; i++)
		if (!fm.err[FN_NAME + i])
			fm.err[FN_NAME + i] = cerr[i];
	n.channel = cxm_fb_index(cxm_fb_channel_names, fm.v[FN_CHANNEL]);
	if (n.channel < 0)
		fm.err[FN_CHANNEL] = _("Choose one of the listed values.");
	n.type = fm.v[FN_TYPE] ? fm.v[FN_TYPE] : "other";
	if (cxm_fb_index(cxm_fb_type_names, n.type) < 0)
		fm.err[FN_TYPE] = _("Choose one of the listed values.");
	n.priority = fm.v[FN_PRIORITY] ? fm.v[FN_PRIORITY] : "normal";
	if (cxm_fb_index(cxm_fb_priority_names, n.priority) < 0)
		fm.err[FN_PRIORITY] = _("Choose one of the listed values.");
	if (!fm.err[FN_DEPARTMENT])
		fm.err[FN_DEPARTMENT] = list_id(fm.v[FN_DEPARTMENT], &depts, &n.department_id);
	if (!fm.err[FN_DEFECT])
		fm.err[FN_DEFECT] = list_id(fm.v[FN_DEFECT], &defects, &n.defect_id);
	if (!fm.err[FN_RATING])
		fm.err[FN_RATING] = cxm_fbp_check_rating(fm.v[FN_RATING], &n.rating);
	if (!fm.err[FN_TEXT])
		fm.err[FN_TEXT] = cxm_fbp_check_text(fm.v[FN_TEXT]);
	n.text = fm.v[FN_TEXT];
	if (fm.v[FN_RECEIVED_AT] && !fm.err[FN_RECEIVED_AT]) {
		char *local = cxm_parse_date(req->arena, fm.v[FN_RECEIVED_AT], 1);
		char *utc = NULL;
		if (!local || cxm_tz_to_utc(req->arena, b.timezone, local, &utc) != CXM_OK) {
			fm.err[FN_RECEIVED_AT] = _("Enter the date and time as YYYY-MM-DD HH:MM.");
		} else {
			time_t now = time(NULL) + 300;
			struct tm tm;
			gmtime_r(&now, &tm);
			char limit[32];
			strftime(limit, sizeof(limit), "%Y-%m-%d %H:%M:%S", &tm);
			if (strcmp(utc, limit) > 0)
				fm.err[FN_RECEIVED_AT] = _("The time is in the future.");
			n.received_at = utc;
		}
	}
	for (int f = 0; f < FN_MAX; f++)
		if (fm.err[f]) {
			fm.notice = _("Check the highlighted fields.");
			return show_form(req, &fm, NULL);
		}
	long long id = 0;
	enum cxm_err rc = cxm_feedback_create(req->db, req->arena, req->session->business_id, &n, &id);
	if (rc != CXM_OK) {
		cxm_error("feedback entry in business %lld: %s (%s)", req->session->business_id, cxm_err_name(rc),
		          cxm_db_error(req->db));
		return rc == CXM_ERR_NOT_FOUND ? 404 : 503;
	}
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/feedback/%lld?done=created", req->base, id));
	return 303;
}
