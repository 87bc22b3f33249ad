/* One feedback item (analysts read it; managers and up work it): every
 * field, the client (a link) or the contact, the times (SLA due, first
 * response, resolution, with their durations; overdue and breached
 * marked), first-contact resolution, the timeline of events, and the forms
 * that change it: a status change (only the moves the workflow allows are
 * offered), a reply to the client (recorded in their history and e-mailed
 * through the outbox when there is an address), an internal comment, the
 * assignment and the classification. Each POST redirects back with a
 * notice; a refused one shows the page again with the reason next to the
 * field. Another business's item is "not found". */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "feedback.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "mail.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/feedback_pages.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { FX_ID, FX_VALUE };            /* every route: the id, then its one field */
enum { FC_ID, FC_TYPE, FC_DEPARTMENT, FC_DEFECT, FC_PRIORITY };   /* classify */

/* ?done=..., in the order of the route's choices (pages/routes.c). */
static const char *const done_texts[] = {
	N_("The feedback has been recorded."),
	N_("The reply has been recorded in the client's history."),
	N_("The reply has been recorded and e-mailed."),
	N_("The comment has been added."),
	N_("The status has been changed."),
	N_("The assignment has been changed."),
	N_("The classification has been saved."),
};

/* What a refused POST shows again. */
struct again {
	const char *reply, *reply_err, *comment, *comment_err, *notice;
};

static const char *event_text(struct cxm_req *req, const char *kind, const char *old_value,
                              const char *new_value, const char *assignee)
{
	if (strcmp(kind, "created") == 0)
		return _("Received");
	if (strcmp(kind, "comment") == 0)
		return _("Internal comment");
	if (strcmp(kind, "reply") == 0)
		return _("Reply to the client");
	if (strcmp(kind, "status") == 0)
		return cxm_printf(req->arena, _("Status: %s → %s"),
		                  cxm_fbp_label(cxm_fb_status_names, cxm_fb_status_labels, old_value),
		                  cxm_fbp_label(cxm_fb_status_names, cxm_fb_status_labels, new_value));
	if (strcmp(kind, "assign") == 0)
		return assignee ? cxm_printf(req->arena, _("Assigned to %s"), assignee) : _("Unassigned");
	if (strcmp(kind, "classify") == 0)
		return _("Classification changed");
	return kind;
}

static void detail(struct cxm_dict *d, const char *code, const char *label, const char *value)
{
	struct cxm_dict *row = cxm_dict_section(d, "DETAIL");
	cxm_dict_set(row, "CODE", code);
	cxm_dict_set(row, "LABEL", label);
	cxm_dict_set(row, "VALUE", value && *value ? value : "—");
}

static const char *fmt_time(struct cxm_req *req, const char *tz, const char *utc)
{
	if (!utc)
		return NULL;
	return cxm_cp_local_minutes(req, tz, cxm_strndup(req->arena, utc, 19));
}

static int show_item(struct cxm_req *req, long long id, const char *done, const struct again *ag)
{
	long long biz = req->session->business_id;
	struct cxm_feedback f;
	enum cxm_err rc = cxm_feedback_load(req->db, req->arena, biz, id, NULL, &f);
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	struct cxm_cp_business b;
	int st;
	if (rc != CXM_OK) {
		cxm_error("feedback %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if ((st = cxm_cp_business(req, &b)))
		return st;
	struct cxm_rows ev;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT e.kind, e.text, e.old_value, e.new_value,"
	                 " DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i:%s'), COALESCE(NULLIF(u.name, ''), u.email),"
	                 " COALESCE(NULLIF(w.name, ''), w.email), e.id"
	                 " FROM feedback_events e LEFT JOIN users u ON u.id = e.author_id"
	                 " LEFT JOIN users w ON e.kind = 'assign' AND w.id = CAST(NULLIF(e.new_value, '') AS UNSIGNED)"
	                 " WHERE e.feedback_id = ? AND e.business_id = ? ORDER BY e.id LIMIT 1000",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &ev) != CXM_OK) {
		cxm_error("events of feedback %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	const char *title = cxm_printf(req->arena, _("Feedback #%lld"), id);
	struct cxm_dict *d = cxm_page_begin(req, "feedback_item.tpl", title);
	req->status = 200;
	cxm_dict_set(d, "HEADING", title);
	cxm_dict_set(d, "ID", cxm_printf(req->arena, "%lld", id));
	cxm_dict_set(d, "STATUS", f.status);
	cxm_dict_set(d, "STATUS_LABEL", cxm_fbp_label(cxm_fb_status_names, cxm_fb_status_labels, f.status));
	if (f.overdue)
		cxm_dict_show(d, "OVERDUE");
	if (done)
		cxm_page_notice(d, "ok", _(done));
	if (ag && ag->notice)
		cxm_page_notice(d, "error", ag->notice);
	cxm_dict_set(d, "TEXT", f.text);
	cxm_dict_set(d, "TIMEZONE", b.timezone);

	detail(d, "received", _("Received"), fmt_time(req, b.timezone, f.received_at));
	detail(d, "channel", _("Channel"), cxm_fbp_label(cxm_fb_channel_names, cxm_fb_channel_labels, f.channel));
	detail(d, "type", _("Type"), cxm_fbp_label(cxm_fb_type_names, cxm_fb_type_labels, f.type));
	detail(d, "department", _("Department"), f.department);
	detail(d, "defect", _("Defect kind"), f.defect);
	detail(d, "priority", _("Priority"), cxm_fbp_label(cxm_fb_priority_names, cxm_fb_priority_labels, f.priority));
	detail(d, "rating", _("Rating"), f.rating >= 0 ? cxm_printf(req->arena, "%d", f.rating) : NULL);
	if (f.client_id)
		cxm_dict_set(cxm_dict_section(d, "CLIENT"), "CLIENT_URL",
		             cxm_printf(req->arena, "%s/clients/%lld", req->base, f.client_id));
	cxm_dict_set(d, "CLIENT_NAME", f.client_id ? cxm_cp_client_name(req, f.client_id, f.client_name, 0) : "");
	detail(d, "contact_name", _("Contact name"), f.contact_name);
	detail(d, "contact_email", _("Contact e-mail"), f.contact_email);
	detail(d, "contact_phone", _("Contact phone"), f.contact_phone);
	detail(d, "assignee", _("Assignee"), f.assignee_name);
	if (f.response_id)
		detail(d, "response", _("Survey response"), cxm_printf(req->arena, "#%lld", f.response_id));
	detail(d, "sla_due", _("Reply due (SLA)"), fmt_time(req, b.timezone, f.sla_due_at));
	detail(d, "first_response", _("First response"),
	       f.first_response_at ? cxm_printf(req->arena, "%s (%s)", fmt_time(req, b.timezone, f.first_response_at),
	                                        cxm_fbp_duration(req, f.first_response_seconds))
	                           : NULL);
	detail(d, "resolved", _("Resolved"),
	       f.resolved_at ? cxm_printf(req->arena, "%s (%s)", fmt_time(req, b.timezone, f.resolved_at),
	                                  cxm_fbp_duration(req, f.resolution_seconds))
	                     : NULL);
	detail(d, "sla", _("SLA"),
	       f.overdue ? _("Overdue: no reply yet") : f.breached ? _("Breached: the first reply came late")
	       : f.first_response_at ? _("Met") : _("Waiting for the first reply"));
	detail(d, "fcr", _("Resolved at first contact"),
	       strcmp(f.status, "resolved") != 0 ? NULL : f.fcr ? _("Yes") : _("No"));
	detail(d, "replies", _("Replies to the client"), cxm_printf(req->arena, "%ld", f.replies));
	if (f.reopened)
		detail(d, "reopened", _("Reopened"), cxm_printf(req->arena, "%ld", f.reopened));

	for (size_t i = 0; i < ev.nrows; i++) {
		struct cxm_dict *e = cxm_dict_section(d, "EVENT");
		const char *kind = cxm_rows_get(&ev, i, 0);
		cxm_dict_set(e, "KIND", kind);
		cxm_dict_set(e, "EVENT_ID", cxm_rows_get(&ev, i, 7));
		cxm_dict_set(e, "WHAT", event_text(req, kind, cxm_rows_get(&ev, i, 2), cxm_rows_get(&ev, i, 3),
		                                   cxm_rows_get(&ev, i, 6)));
		cxm_dict_set(e, "WHEN", cxm_cp_local_minutes(req, b.timezone, cxm_rows_get(&ev, i, 4)));
		const char *who = cxm_rows_get(&ev, i, 5);
		cxm_dict_set(e, "WHO", who ? who : _("the system"));
		if (cxm_rows_get(&ev, i, 1))
			cxm_dict_set(cxm_dict_section(e, "EVENT_TEXT"), "VALUE", cxm_rows_get(&ev, i, 1));
	}

	if (cxm_session_may(req->session, CXM_MANAGER)) {
		struct cxm_dict *w = cxm_dict_section(d, "WORK");
		int from = cxm_fb_index(cxm_fb_status_names, f.status);
		static const char *const moves[CXM_FBS_MAX] = {
			NULL, N_("Take into work"), N_("Mark as answered"), N_("Resolve"), NULL,
		};
		for (int to = 1; to < CXM_FBS_MAX && from >= 0; to++) {
			if (!cxm_fb_transition_ok((enum cxm_fb_status)from, (enum cxm_fb_status)to))
				continue;
			if (to == CXM_FBS_REJECTED) {   /* final: after a confirmation page */
				cxm_dict_show(w, "REJECT");
				continue;
			}
			struct cxm_dict *m = cxm_dict_section(w, "MOVE");
			cxm_dict_set(m, "VALUE", cxm_fb_status_names[to]);
			cxm_dict_set(m, "LABEL", from == CXM_FBS_RESOLVED ? _("Reopen") : _(moves[to]));
		}
		if (from == CXM_FBS_NEW || from == CXM_FBS_IN_PROGRESS || from == CXM_FBS_ANSWERED) {
			struct cxm_dict *r = cxm_dict_section(w, "REPLY_FORM");
			if (ag && ag->reply)
				cxm_dict_set(r, "VALUE_TEXT", ag->reply);
			if (ag && ag->reply_err)
				cxm_dict_set(cxm_dict_section(r, "ERR_TEXT"), "MSG", ag->reply_err);
			const char *to_addr = f.contact_email;
			if (!to_addr && f.client_id) {
				struct cxm_rows cr;
				if (cxm_db_query(req->db, req->arena,
				                 "SELECT email FROM clients WHERE id = ? AND business_id = ? AND live = 1",
				                 CXM_PARAMS(CXM_PINT(f.client_id), CXM_PINT(biz)), &cr) == CXM_OK && cr.nrows)
					to_addr = cxm_rows_get(&cr, 0, 0);
			}
			if (to_addr)
				cxm_dict_set(cxm_dict_section(r, "MAILED"), "ADDRESS", to_addr);
		}
		struct cxm_dict *c = cxm_dict_section(w, "COMMENT_FORM");
		if (ag && ag->comment)
			cxm_dict_set(c, "VALUE_TEXT", ag->comment);
		if (ag && ag->comment_err)
			cxm_dict_set(cxm_dict_section(c, "ERR_TEXT"), "MSG", ag->comment_err);
		struct cxm_fbp_list workers, depts, defects;
		if ((st = cxm_fbp_list_load(req, 2, &workers)) || (st = cxm_fbp_list_load(req, 0, &depts)) ||
		    (st = cxm_fbp_list_load(req, 1, &defects)))
			return st;
		cxm_fbp_list_options(req, w, "ASSIGNEE_OPTION", &workers, f.assignee_id, _("Nobody"));
		cxm_fbp_list_options(req, w, "DEPARTMENT_OPTION", &depts, f.department_id, _("— not set —"));
		cxm_fbp_list_options(req, w, "DEFECT_OPTION", &defects, f.defect_id, _("— not set —"));
		cxm_fbp_options(w, "TYPE_OPTION", cxm_fb_type_names, cxm_fb_type_labels, f.type, NULL);
		cxm_fbp_options(w, "PRIORITY_OPTION", cxm_fb_priority_names, cxm_fb_priority_labels, f.priority, NULL);
	}
	return cxm_page_end(req);
}

int cxm_page_feedback_item(struct cxm_req *req)
{
	const struct cxm_field *done = cxm_field(req, FX_VALUE);
	return show_item(req, cxm_field(req, FX_ID)->i, done->present ? done_texts[done->i] : NULL, NULL);
}

static int back(struct cxm_req *req, long long id, const char *done)
{
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/feedback/%lld?done=%s", req->base, id, done));
	return 303;
}

/* The status of a model call: 0 done, 404, 503 (logged). */
static int failed(struct cxm_req *req, long long id, enum cxm_err rc, const char *what)
{
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	cxm_error("feedback %lld: %s: %s (%s)", id, what, cxm_err_name(rc), cxm_db_error(req->db));
	return 503;
}

int cxm_page_feedback_status(struct cxm_req *req)
{
	long long id = cxm_field(req, FX_ID)->i;
	int to = cxm_fb_index(cxm_fb_status_names, cxm_field(req, FX_VALUE)->raw);
	enum cxm_err rc = cxm_feedback_set_status(req->db, req->session->business_id, id,
	                                          (enum cxm_fb_status)to, req->session->user_id, NULL);
	if (rc == CXM_ERR_INVALID) {
		struct again ag = {.notice = _("This change of status is not allowed now; the item was not changed.")};
		return show_item(req, id, NULL, &ag);
	}
	if (rc != CXM_OK)
		return failed(req, id, rc, "status");
	return back(req, id, "status");
}

int cxm_page_feedback_reply(struct cxm_req *req)
{
	long long id = cxm_field(req, FX_ID)->i;
	const struct cxm_field *t = cxm_field(req, FX_VALUE);
	if (!t->present || !t->valid) {
		struct again ag = {.reply = t->raw, .reply_err = t->valid ? _("Write the reply.") : t->error};
		return show_item(req, id, NULL, &ag);
	}
	const char *email = NULL;
	long long biz = req->session->business_id;
	enum cxm_err rc = cxm_feedback_reply(req->db, req->arena, biz, id, req->session->user_id, t->s, NULL, &email);
	if (rc == CXM_ERR_INVALID) {
		struct again ag = {.reply = t->raw, .notice = _("This item is closed; reopen it to reply.")};
		return show_item(req, id, NULL, &ag);
	}
	if (rc != CXM_OK)
		return failed(req, id, rc, "reply");
	if (email) {
		struct cxm_rows r;
		const char *name = req->session->business_name;
		if (cxm_db_query(req->db, req->arena, "SELECT name FROM businesses WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(biz)), &r) == CXM_OK && r.nrows)
			name = cxm_rows_get(&r, 0, 0);
		if (cxm_mail_send(req, biz, email, cxm_printf(req->arena, _("%s: a reply to your feedback"), name),
		                  t->s) != CXM_OK)
			cxm_warn("feedback %lld: the reply could not be queued for %s", id, email);
		return back(req, id, "mailed");
	}
	return back(req, id, "replied");
}

int cxm_page_feedback_comment(struct cxm_req *req)
{
	long long id = cxm_field(req, FX_ID)->i;
	const struct cxm_field *t = cxm_field(req, FX_VALUE);
	if (!t->present || !t->valid) {
		struct again ag = {.comment = t->raw, .comment_err = t->valid ? _("Write the comment.") : t->error};
		return show_item(req, id, NULL, &ag);
	}
	enum cxm_err rc = cxm_feedback_comment(req->db, req->session->business_id, id, req->session->user_id,
	                                       t->s, NULL);
	if (rc != CXM_OK)
		return failed(req, id, rc, "comment");
	return back(req, id, "commented");
}

int cxm_page_feedback_assign(struct cxm_req *req)
{
	long long id = cxm_field(req, FX_ID)->i;
	const struct cxm_field *a = cxm_field(req, FX_VALUE);
	enum cxm_err rc = cxm_feedback_assign(req->db, req->session->business_id, id, a->present ? a->i : 0,
	                                      req->session->user_id, NULL);
	if (rc == CXM_ERR_INVALID) {
		struct again ag = {.notice = _("This person cannot be assigned feedback; nothing was changed.")};
		return show_item(req, id, NULL, &ag);
	}
	if (rc != CXM_OK)
		return failed(req, id, rc, "assign");
	return back(req, id, "assigned");
}

int cxm_page_feedback_classify(struct cxm_req *req)
{
	long long id = cxm_field(req, FC_ID)->i;
	const struct cxm_field *dept = cxm_field(req, FC_DEPARTMENT), *defect = cxm_field(req, FC_DEFECT);
	enum cxm_err rc = cxm_feedback_classify(req->db, req->arena, req->session->business_id, id,
	                                        cxm_field(req, FC_TYPE)->raw, dept->present ? dept->i : 0,
	                                        defect->present ? defect->i : 0, cxm_field(req, FC_PRIORITY)->raw,
	                                        req->session->user_id, NULL);
	if (rc == CXM_ERR_NOT_FOUND) {
		/* the item, or a department / defect kind that is not the business's */
		struct cxm_feedback f;
		if (cxm_feedback_load(req->db, req->arena, req->session->business_id, id, NULL, &f) != CXM_OK)
			return 404;
		struct again ag = {.notice = _("Choose a department and a defect kind from the lists.")};
		return show_item(req, id, NULL, &ag);
	}
	if (rc != CXM_OK)
		return failed(req, id, rc, "classify");
	return back(req, id, "classified");
}

/* Rejecting is final, so it is confirmed first (GET shows the page, POST
 * rejects). */
int cxm_page_feedback_reject_form(struct cxm_req *req)
{
	long long id = cxm_field(req, FX_ID)->i;
	struct cxm_feedback f;
	enum cxm_err rc = cxm_feedback_load(req->db, req->arena, req->session->business_id, id, NULL, &f);
	if (rc != CXM_OK)
		return failed(req, id, rc, "load");
	const char *back = cxm_printf(req->arena, "%s/feedback/%lld", req->base, id);
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, cxm_printf(req->arena, _("Reject feedback #%lld?"), id),
		cxm_printf(req->arena, "%s/feedback/%lld/reject", req->base, id), back,
		cxm_printf(req->arena, _("Feedback #%lld"), id), NULL, _("Reject"), 1);
	cxm_cp_confirm_para(d, _("A rejected item is closed for good: it cannot be answered or reopened. Reject "
	                         "spam and messages that are not for this business; resolve the rest."));
	return cxm_page_end(req);
}

int cxm_page_feedback_reject(struct cxm_req *req)
{
	long long id = cxm_field(req, FX_ID)->i;
	enum cxm_err rc = cxm_feedback_set_status(req->db, req->session->business_id, id, CXM_FBS_REJECTED,
	                                          req->session->user_id, NULL);
	if (rc == CXM_ERR_INVALID) {
		struct again ag = {.notice = _("This change of status is not allowed now; the item was not changed.")};
		return show_item(req, id, NULL, &ag);
	}
	if (rc != CXM_OK)
		return failed(req, id, rc, "reject");
	return back(req, id, "status");
}
