/* Helpers of the feedback pages: labels, option lists, the business's
 * lists and workers, durations, and the client page's feedback section.
 * See pages/feedback_pages.h. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "client.h"
#include "db.h"
#include "feedback.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "pages/client_pages.h"
#include "pages/feedback_pages.h"
#include "role.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "utf8.h"

const char *cxm_fbp_label(const char *const *names, const char *const *labels, const char *v)
{
	if (!v)
		return "—";
	int i = cxm_fb_index(names, v);
	return i < 0 ? v : _(labels[i]);
}

void cxm_fbp_options(struct cxm_dict *d, const char *section, const char *const *names,
                     const char *const *labels, const char *selected, const char *empty_label)
{
	if (empty_label) {
		struct cxm_dict *o = cxm_dict_section(d, section);
		cxm_dict_set(o, "VALUE", "");
		cxm_dict_set(o, "LABEL", empty_label);
	}
	for (int i = 0; names[i]; i++) {
		struct cxm_dict *o = cxm_dict_section(d, section);
		cxm_dict_set(o, "VALUE", names[i]);
		cxm_dict_set(o, "LABEL", _(labels[i]));
		if (selected && strcmp(selected, names[i]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
}

int cxm_fbp_list_load(struct cxm_req *req, int which, struct cxm_fbp_list *out)
{
	static const char *const sql[3] = {
		"SELECT id, name FROM feedback_departments WHERE business_id = ? ORDER BY name, id",
		"SELECT id, name FROM feedback_defects WHERE business_id = ? ORDER BY name, id",
		"SELECT u.id, COALESCE(NULLIF(u.name, ''), u.email) AS n FROM memberships m"
		" JOIN users u ON u.id = m.user_id WHERE m.business_id = ? AND m.disabled = 0"
		" AND u.disabled = 0 AND m.role IN ('manager', 'admin', 'owner') ORDER BY n, u.id",
	};
	long long biz = req->session->business_id;
	memset(out, 0, sizeof(*out));
	struct cxm_rows r;
	if ((which < 2 && cxm_feedback_lists_ensure(req->db, biz, NULL) != CXM_OK) ||
	    cxm_db_query(req->db, req->arena, sql[which], CXM_PARAMS(CXM_PINT(biz)), &r) != CXM_OK) {
		cxm_error("feedback list %d of business %lld: %s", which, biz, cxm_db_error(req->db));
		return 503;
	}
	out->n = r.nrows;
	out->id = cxm_alloc(req->arena, sizeof(long long) * (r.nrows + 1));
	out->name = cxm_alloc(req->arena, sizeof(char *) * (r.nrows + 1));
	for (size_t i = 0; i < r.nrows; i++) {
		out->id[i] = cxm_rows_int(&r, i, 0, 0);
		out->name[i] = cxm_rows_get(&r, i, 1);
	}
	return 0;
}

void cxm_fbp_list_options(struct cxm_req *req, struct cxm_dict *d, const char *section,
                          const struct cxm_fbp_list *l, long long selected, const char *empty_label)
{
	struct cxm_dict *o = cxm_dict_section(d, section);
	cxm_dict_set(o, "VALUE", "");
	cxm_dict_set(o, "LABEL", empty_label);
	for (size_t i = 0; i < l->n; i++) {
		o = cxm_dict_section(d, section);
		cxm_dict_set(o, "VALUE", cxm_printf(req->arena, "%lld", l->id[i]));
		cxm_dict_set(o, "LABEL", l->name[i]);
		if (l->id[i] == selected)
			cxm_dict_show(o, "SELECTED");
	}
}

int cxm_fbp_list_has(const struct cxm_fbp_list *l, long long id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->id[i] == id)
			return 1;
	return 0;
}

const char *cxm_fbp_duration(struct cxm_req *req, long long s)
{
	if (s < 0)
		return "—";
	long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
	if (!d && !h && !m)
		return _("under a minute");
	char *out = cxm_strdup(req->arena, "");
	if (d)
		out = cxm_printf(req->arena, _("%lld d"), d);
	if (h)
		out = cxm_printf(req->arena, "%s%s%s", out, *out ? " " : "", cxm_printf(req->arena, _("%lld h"), h));
	if (m)
		out = cxm_printf(req->arena, "%s%s%s", out, *out ? " " : "", cxm_printf(req->arena, _("%lld min"), m));
	return out;
}

int cxm_fbp_client_section(struct cxm_req *req, struct cxm_dict *d, long long client_id)
{
	long long biz = req->session->business_id;
	struct cxm_rows r, n;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT id, DATE_FORMAT(received_at, '%Y-%m-%d %H:%i:%s'), channel, status,"
	                 " LEFT(text, 120), awaiting = 1 AND sla_due_at < UTC_TIMESTAMP(6) FROM feedback"
	                 " WHERE business_id = ? AND client_id = ? ORDER BY received_at DESC, id DESC LIMIT 5",
	                 CXM_PARAMS(CXM_PINT(biz), CXM_PINT(client_id)), &r) != CXM_OK ||
	    cxm_db_query(req->db, req->arena, "SELECT COUNT(*) FROM feedback WHERE business_id = ? AND client_id = ?",
	                 CXM_PARAMS(CXM_PINT(biz), CXM_PINT(client_id)), &n) != CXM_OK) {
		cxm_error("feedback of client %lld: %s", client_id, cxm_db_error(req->db));
		return 503;
	}
	struct cxm_cp_business b;
	int st = cxm_cp_business(req, &b);
	if (st)
		return st;
	struct cxm_dict *s = cxm_dict_section(d, "FEEDBACK");
	long long total = cxm_rows_int(&n, 0, 0, 0);
	cxm_dict_set(s, "FEEDBACK_ALL_URL", cxm_printf(req->arena, "%s/feedback?client=%lld", req->base, client_id));
	cxm_dict_set(s, "FEEDBACK_COUNT",
	             cxm_printf(req->arena, cxm_ngettext("%lld item", "%lld items", (unsigned long)total), total));
	if (cxm_session_may(req->session, CXM_MANAGER))
		cxm_dict_set(cxm_dict_section(s, "FEEDBACK_NEW"), "URL",
		             cxm_printf(req->arena, "%s/feedback/new?client=%lld", req->base, client_id));
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_dict *row = cxm_dict_section(s, "FEEDBACK_ITEM");
		cxm_dict_set(row, "ID", cxm_rows_get(&r, i, 0));
		cxm_dict_set(row, "WHEN", cxm_cp_local_minutes(req, b.timezone, cxm_rows_get(&r, i, 1)));
		cxm_dict_set(row, "CHANNEL", cxm_fbp_label(cxm_fb_channel_names, cxm_fb_channel_labels,
		                                           cxm_rows_get(&r, i, 2)));
		cxm_dict_set(row, "STATUS", cxm_rows_get(&r, i, 3));
		cxm_dict_set(row, "STATUS_LABEL", cxm_fbp_label(cxm_fb_status_names, cxm_fb_status_labels,
		                                                cxm_rows_get(&r, i, 3)));
		cxm_dict_set(row, "TEXT", cxm_rows_get(&r, i, 4));
		if (cxm_rows_int(&r, i, 5, 0))
			cxm_dict_show(row, "OVERDUE");
	}
	return 0;
}

static int blank(const char *s)
{
	return !s || !*s;
}

int cxm_fbp_check_contact(struct cxm_req *req, const char *name, const char *email, const char *phone,
                          int required, const char **out_name, const char **out_email,
                          const char **out_phone, const char *err[3])
{
	int bad = 0;
	err[0] = err[1] = err[2] = NULL;
	*out_name = *out_email = *out_phone = NULL;
	if (!blank(name)) {
		if (cxm_utf8_length(name, strlen(name)) > 200)
			err[0] = _("A name may be at most 200 characters long.");
		else
			*out_name = name;
	} else if (required) {
		err[0] = _("Enter the name.");
	}
	if (!blank(email)) {
		if (!cxm_email_valid(email, strlen(email))) {
			err[1] = _("Enter a valid e-mail address, e.g. anna@example.com.");
		} else {
			char *e = cxm_strdup(req->arena, email);
			for (char *p = e; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			*out_email = e;
		}
	}
	if (!blank(phone)) {
		if (!(*out_phone = cxm_phone_normalize(req->arena, phone)))
			err[2] = _("Enter a phone number of 7 to 15 digits, e.g. +375 29 123-45-67.");
	}
	if (required && blank(email) && blank(phone))
		err[1] = _("Enter an e-mail address or a phone number, so that we can answer.");
	for (int i = 0; i < 3; i++)
		bad += err[i] != NULL;
	return bad;
}

const char *cxm_fbp_check_text(const char *text)
{
	if (blank(text))
		return _("Write what happened.");
	if (cxm_utf8_length(text, strlen(text)) > 10000)
		return _("The text may be at most 10 000 characters long.");
	return NULL;
}

const char *cxm_fbp_check_rating(const char *s, int *rating)
{
	*rating = -1;
	if (blank(s))
		return NULL;
	if (s[1] || s[0] < '1' || s[0] > '5')
		return _("Choose a rating from 1 to 5.");
	*rating = s[0] - '0';
	return NULL;
}

int cxm_fbp_client_by_email(struct cxm_req *req, long long business_id, const char *email, long long *id)
{
	*id = 0;
	if (!email)
		return 0;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT id FROM clients WHERE business_id = ? AND live = 1 AND email = ? ORDER BY id LIMIT 1",
	                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(email)), &r) != CXM_OK) {
		cxm_error("client by e-mail in business %lld: %s", business_id, cxm_db_error(req->db));
		return 503;
	}
	if (r.nrows)
		*id = cxm_rows_int(&r, 0, 0, 0);
	return 0;
}
