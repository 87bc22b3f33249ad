/* The feedback register: creating items, the workflow with its times and
 * SLA, replies and comments, the follow-up of low survey scores, the
 * configurable lists and the per-channel counts. See feedback.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "feedback.h"
#include "i18n.h"
#include "interaction.h"
#include "log.h"
#include "utf8.h"

const char *const cxm_fb_channel_names[CXM_FBC_MAX + 1] = {
	"hotline", "survey", "internet_review", "email", "web_form", "social", "messenger", "shop", "post",
	NULL,
};
const char *const cxm_fb_channel_labels[CXM_FBC_MAX] = {
	N_("Hotline call"), N_("Survey"), N_("Internet review"), N_("E-mail"), N_("Web form"),
	N_("Social network"), N_("Messenger"), N_("Shop"), N_("Post"),
};
const char *const cxm_fb_type_names[CXM_FBT_MAX + 1] = {
	"product_quality", "service_quality", "paperwork", "information", "other", NULL,
};
const char *const cxm_fb_type_labels[CXM_FBT_MAX] = {
	N_("Product quality"), N_("Service quality"), N_("Paperwork and settlements"),
	N_("Information request"), N_("Other"),
};
const char *const cxm_fb_status_names[CXM_FBS_MAX + 1] = {
	"new", "in_progress", "answered", "resolved", "rejected", NULL,
};
const char *const cxm_fb_status_labels[CXM_FBS_MAX] = {
	N_("New"), N_("In progress"), N_("Answered"), N_("Resolved"), N_("Rejected"),
};
const char *const cxm_fb_priority_names[5] = {"low", "normal", "high", "urgent", NULL};
const char *const cxm_fb_priority_labels[4] = {N_("Low"), N_("Normal"), N_("High"), N_("Urgent")};

/* The default lists of document 003, in English and in Russian (data
 * given to a business in its language, not interface text: written out
 * here so that seeding does not depend on the catalogues being loaded,
 * as in cxmctl; sql/0006_feedback.sql has the same). */
static const char *const default_departments[][2] = {
	{"Sales", "Отдел продаж"},
	{"Transport logistics", "Транспортная логистика"},
	{"Distribution centres", "Распределительные центры"},
	{"Suppliers", "Поставщики"},
};
static const char *const default_defects[][2] = {
	{"Late delivery", "Нарушение сроков поставки товара"},
	{"Incomplete delivery", "Поставка некомплектного товара"},
	{"Mechanical damage", "Механическое повреждение товара"},
	{"Manufacturing defect", "Наличие производственных дефектов"},
	{"Filling shrinkage", "Усадка наполнителя"},
	{"Seam defect", "Дефект соединительных швов"},
	{"Upholstery pilling", "Пилингуемость обивочного материала"},
};

static long sla_hours = 24;

void cxm_feedback_set_sla_hours(long hours)
{
	if (hours > 0)
		sla_hours = hours;
}

long cxm_feedback_sla_hours(void)
{
	return sla_hours;
}

int cxm_fb_index(const char *const *names, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int cxm_fb_transition_ok(enum cxm_fb_status from, enum cxm_fb_status to)
{
	switch (from) {
	case CXM_FBS_NEW:
		return to == CXM_FBS_IN_PROGRESS || to == CXM_FBS_ANSWERED || to == CXM_FBS_REJECTED;
	case CXM_FBS_IN_PROGRESS:
		return to == CXM_FBS_ANSWERED || to == CXM_FBS_REJECTED;
	case CXM_FBS_ANSWERED:
		return to == CXM_FBS_IN_PROGRESS || to == CXM_FBS_RESOLVED || to == CXM_FBS_REJECTED;
	case CXM_FBS_RESOLVED:
		return to == CXM_FBS_IN_PROGRESS;
	default:
		return 0;
	}
}

static int blank(const char *s)
{
	return !s || !*s;
}

#define OPT_STR(s) (blank(s) ? CXM_PNULL : CXM_PSTR(s))
#define OPT_ID(v) ((v) > 0 ? CXM_PINT(v) : CXM_PNULL)

/* at, or the server's UTC now (arena text). */
static enum cxm_err time_or_now(struct cxm_db *db, struct cxm_arena *a, const char *at, const char **out)
{
	if (at) {
		*out = at;
		return CXM_OK;
	}
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, "SELECT UTC_TIMESTAMP(6)", CXM_NOPARAMS, &r);
	if (rc == CXM_OK)
		*out = cxm_rows_get(&r, 0, 0);
	return rc;
}

/* 1 when the query has a row, 0 when not, -1 on error. */
static int exists(struct cxm_db *db, struct cxm_arena *a, const char *sql, long long id, long long biz)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a, sql, CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r) != CXM_OK)
		return -1;
	return r.nrows > 0;
}

static const char *const sql_member_worker =
	"SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.user_id = ?"
	" AND m.business_id = ? AND m.disabled = 0 AND u.disabled = 0"
	" AND m.role IN ('manager', 'admin', 'owner')";

/* Checks that each non-zero id belongs to the business. */
static enum cxm_err check_refs(struct cxm_db *db, struct cxm_arena *a, long long biz, long long client,
                               long long dept, long long defect, long long assignee)
{
	struct {
		long long id;
		const char *sql;
	} refs[] = {
		{client, "SELECT 1 FROM clients WHERE id = ? AND business_id = ? AND live = 1"},
		{dept, "SELECT 1 FROM feedback_departments WHERE id = ? AND business_id = ?"},
		{defect, "SELECT 1 FROM feedback_defects WHERE id = ? AND business_id = ?"},
		{assignee, sql_member_worker},
	};
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		if (refs[i].id <= 0)
			continue;
		int e = exists(db, a, refs[i].sql, refs[i].id, biz);
		if (e < 0)
			return CXM_ERR_DB;
		if (!e)
			return i == 3 ? CXM_ERR_INVALID : CXM_ERR_NOT_FOUND;
	}
	return CXM_OK;
}

static enum cxm_err add_event(struct cxm_db *db, long long biz, long long id, const char *kind,
                              long long author, const char *text, const char *old_value,
                              const char *new_value, const char *at)
{
	return cxm_db_exec(db,
	                   "INSERT INTO feedback_events (business_id, feedback_id, kind, author_id, text,"
	                   " old_value, new_value, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                   CXM_PARAMS(CXM_PINT(biz), CXM_PINT(id), CXM_PSTR(kind), OPT_ID(author),
	                              OPT_STR(text), old_value ? CXM_PSTR(old_value) : CXM_PNULL,
	                              new_value ? CXM_PSTR(new_value) : CXM_PNULL, CXM_PSTR(at)),
	                   NULL, NULL);
}

/* Begins a transaction unless the caller has one open; *own says whether
 * this call must end it. */
static enum cxm_err begin(struct cxm_db *db, int *own)
{
	*own = !cxm_db_in_transaction(db);
	return *own ? cxm_db_begin(db) : CXM_OK;
}

/* Ends what begin() started: commit on CXM_OK, else roll back. */
static enum cxm_err end(struct cxm_db *db, int own, enum cxm_err rc)
{
	if (!own)
		return rc;
	if (rc == CXM_OK)
		rc = cxm_db_commit(db);
	if (rc != CXM_OK)
		cxm_db_rollback(db);
	return rc;
}

/* The first 19 characters of a time ("YYYY-MM-DD HH:MM:SS"). */
static const char *whole_seconds(struct cxm_arena *a, const char *t)
{
	return cxm_strndup(a, t, 19);
}

static enum cxm_err create_in(struct cxm_db *db, struct cxm_arena *a, long long biz,
                              const struct cxm_feedback_new *f, long long *id)
{
	int type = f->type ? cxm_fb_index(cxm_fb_type_names, f->type) : CXM_FBT_OTHER;
	int prio = f->priority ? cxm_fb_index(cxm_fb_priority_names, f->priority) : 1;
	if (f->channel < 0 || f->channel >= CXM_FBC_MAX || type < 0 || prio < 0 || blank(f->text) ||
	    f->rating < -1 || f->rating > 10)
		return CXM_ERR_INVALID;
	enum cxm_err rc = check_refs(db, a, biz, f->client_id, f->department_id, f->defect_id, f->assignee_id);
	if (rc != CXM_OK)
		return rc;
	if (f->response_id > 0) {
		int e = exists(db, a, "SELECT 1 FROM survey_responses WHERE id = ? AND business_id = ?",
		               f->response_id, biz);
		if (e <= 0)
			return e < 0 ? CXM_ERR_DB : CXM_ERR_NOT_FOUND;
	}
	const char *received;
	if ((rc = time_or_now(db, a, f->received_at, &received)) != CXM_OK)
		return rc;
	uint64_t new_id = 0;
	rc = cxm_db_exec(
		db,
		"INSERT INTO feedback (business_id, client_id, channel, type, department_id, defect_id, text,"
		" rating, priority, assignee_id, response_id, contact_name, contact_email, contact_phone,"
		" remote_addr, received_at, sla_due_at, created_by, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? + INTERVAL ? HOUR, ?,"
		" UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
		CXM_PARAMS(CXM_PINT(biz), OPT_ID(f->client_id), CXM_PSTR(cxm_fb_channel_names[f->channel]),
		           CXM_PSTR(cxm_fb_type_names[type]), OPT_ID(f->department_id), OPT_ID(f->defect_id),
		           CXM_PSTR(f->text), f->rating >= 0 ? CXM_PINT(f->rating) : CXM_PNULL,
		           CXM_PSTR(cxm_fb_priority_names[prio]), OPT_ID(f->assignee_id), OPT_ID(f->response_id),
		           OPT_STR(f->contact_name), OPT_STR(f->contact_email), OPT_STR(f->contact_phone),
		           OPT_STR(f->remote_addr), CXM_PSTR(received), CXM_PSTR(received), CXM_PINT(sla_hours),
		           OPT_ID(f->created_by)),
		NULL, &new_id);
	if (rc == CXM_ERR_DB && cxm_db_errno(db) == 1062)
		return CXM_ERR_DUPLICATE;
	if (rc != CXM_OK)
		return rc;
	*id = (long long)new_id;
	if ((rc = add_event(db, biz, *id, "created", f->created_by, NULL, NULL, "new", received)) != CXM_OK)
		return rc;
	if (f->assignee_id > 0 &&
	    (rc = add_event(db, biz, *id, "assign", f->created_by, NULL, "",
	                    cxm_printf(a, "%lld", f->assignee_id), received)) != CXM_OK)
		return rc;
	if (f->client_id > 0) {
		struct cxm_interaction it = {
			.kind = CXM_IK_COMPLAINT,
			.occurred_at = whole_seconds(a, received),
			.channel = cxm_fb_channel_names[f->channel],
			.text = f->text,
			.ref_id = *id,
			.created_by = f->created_by,
		};
		rc = cxm_interaction_add(db, a, biz, f->client_id, &it, NULL);
	}
	return rc;
}

enum cxm_err cxm_feedback_create(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 const struct cxm_feedback_new *f, long long *id)
{
	int own;
	enum cxm_err rc = begin(db, &own);
	if (rc != CXM_OK)
		return rc;
	*id = 0;
	return end(db, own, create_in(db, a, business_id, f, id));
}

/* ---- closing the loop ---------------------------------------------------- */

struct low {
	struct cxm_buf text;
	int any;
};

static void low_add(struct low *l, const char *what)
{
	if (l->any)
		cxm_buf_puts(&l->text, "; ");
	cxm_buf_puts(&l->text, what);
	l->any = 1;
}

/* The next worker after `last` in id order (wrapping), 0 when there is none. */
static enum cxm_err round_robin(struct cxm_db *db, struct cxm_arena *a, long long biz, long long last,
                                long long *user)
{
	static const char *const sql =
		"SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id"
		" WHERE m.business_id = ? AND m.disabled = 0 AND u.disabled = 0"
		" AND m.role IN ('manager', 'admin', 'owner') AND m.user_id > ? ORDER BY m.user_id LIMIT 1";
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, sql, CXM_PARAMS(CXM_PINT(biz), CXM_PINT(last)), &r);
	if (rc == CXM_OK && !r.nrows && last > 0)
		rc = cxm_db_query(db, a, sql, CXM_PARAMS(CXM_PINT(biz), CXM_PINT(0)), &r);
	*user = rc == CXM_OK && r.nrows ? cxm_rows_int(&r, 0, 0, 0) : 0;
	return rc;
}

static enum cxm_err from_response_in(struct cxm_db *db, struct cxm_arena *a, long long biz,
                                     long long response_id, long long *out)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		db, a,
		"SELECT r.client_id, c.live, b.locale, r.completed_at FROM survey_responses r"
		" JOIN businesses b ON b.id = r.business_id"
		" LEFT JOIN clients c ON c.id = r.client_id AND c.business_id = r.business_id"
		" WHERE r.id = ? AND r.business_id = ?",
		CXM_PARAMS(CXM_PINT(response_id), CXM_PINT(biz)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	long long client = cxm_rows_int(&r, 0, 1, 0) == 1 ? cxm_rows_int(&r, 0, 0, 0) : 0;
	int lang = cxm_lang_from_code(cxm_rows_get(&r, 0, 2));
	enum cxm_lang L = lang < 0 ? CXM_LANG_RU : (enum cxm_lang)lang;
	const char *completed_at = cxm_rows_get(&r, 0, 3);   /* in the arena, as every row */

	if ((rc = cxm_db_query(db, a, "SELECT id FROM feedback WHERE response_id = ? AND business_id = ?",
	                       CXM_PARAMS(CXM_PINT(response_id), CXM_PINT(biz)), &r)) != CXM_OK)
		return rc;
	if (r.nrows) {
		*out = cxm_rows_int(&r, 0, 0, 0);
		return CXM_OK;
	}

	long nps_max = 6, csat_max = 2, ces_count = 2;
	const char *rule = "none";
	long long rule_user = 0, rr_last = 0;
	int have_settings = 0;
	if ((rc = cxm_db_query(db, a,
	                       "SELECT nps_low_max, csat_low_max, ces_hard_count, followup_rule,"
	                       " followup_user_id, round_robin_last FROM survey_settings"
	                       " WHERE business_id = ? FOR UPDATE",
	                       CXM_PARAMS(CXM_PINT(biz)), &r)) != CXM_OK)
		return rc;
	if (r.nrows) {
		have_settings = 1;
		nps_max = (long)cxm_rows_int(&r, 0, 0, 6);
		csat_max = (long)cxm_rows_int(&r, 0, 1, 2);
		ces_count = (long)cxm_rows_int(&r, 0, 2, 2);
		rule = cxm_rows_get(&r, 0, 3);
		rule_user = cxm_rows_int(&r, 0, 4, 0);
		rr_last = cxm_rows_int(&r, 0, 5, 0);
	}

	if ((rc = cxm_db_query(db, a,
	                       "SELECT q.type, q.code, q.scale_min, a.num, a.text FROM survey_answers a"
	                       " JOIN survey_questions q ON q.id = a.question_id AND q.business_id = a.business_id"
	                       " WHERE a.response_id = ? AND a.business_id = ?"
	                       " ORDER BY q.position, q.id, a.id",
	                       CXM_PARAMS(CXM_PINT(response_id), CXM_PINT(biz)), &r)) != CXM_OK)
		return rc;
	struct low low = {.any = 0};
	cxm_buf_init(&low.text, a, 256);
	cxm_buf_puts(&low.text, "");
	struct cxm_buf comments;
	cxm_buf_init(&comments, a, 256);
	cxm_buf_puts(&comments, "");
	const char *name = NULL, *email = NULL;
	for (size_t i = 0; i < r.nrows; i++) {
		const char *type = cxm_rows_get(&r, i, 0), *code = cxm_rows_get(&r, i, 1);
		const char *num = cxm_rows_get(&r, i, 3), *text = cxm_rows_get(&r, i, 4);
		long long v = cxm_rows_int(&r, i, 3, 0);
		if (strcmp(type, "nps") == 0 && num && v <= nps_max)
			low_add(&low, cxm_printf(a, "NPS %lld (%s)", v, code));
		else if (strcmp(type, "csat") == 0 && num && v <= csat_max)
			low_add(&low, cxm_printf(a, "CSAT %lld (%s)", v, code));
		else if (strcmp(type, "ces") == 0 && num && v <= cxm_rows_int(&r, i, 2, 1) + ces_count - 1)
			low_add(&low, cxm_printf(a, "CES %lld (%s)", v, code));
		else if (strcmp(type, "text") == 0 && !blank(text)) {
			if (comments.len)
				cxm_buf_puts(&comments, "\n");
			cxm_buf_puts(&comments, text);
		} else if (strcmp(type, "name") == 0 && !blank(text))
			name = text;
		else if (strcmp(type, "email") == 0 && !blank(text))
			email = text;
	}
	*out = 0;
	if (!low.any)
		return CXM_OK;

	long long assignee = 0;
	if (have_settings && strcmp(rule, "user") == 0 && rule_user > 0) {
		int e = exists(db, a, sql_member_worker, rule_user, biz);
		if (e < 0)
			return CXM_ERR_DB;
		assignee = e ? rule_user : 0;
	} else if (have_settings && strcmp(rule, "round_robin") == 0) {
		if ((rc = round_robin(db, a, biz, rr_last, &assignee)) != CXM_OK)
			return rc;
		if (assignee &&
		    (rc = cxm_db_exec(db, "UPDATE survey_settings SET round_robin_last = ? WHERE business_id = ?",
		                      CXM_PARAMS(CXM_PINT(assignee), CXM_PINT(biz)), NULL, NULL)) != CXM_OK)
			return rc;
	}
	struct cxm_buf text;
	cxm_buf_init(&text, a, 512);
	cxm_buf_printf(&text, cxm_gettext_lang(L, "Low scores in survey response #%lld: %s."), response_id,
	               low.text.data);
	if (comments.len)
		cxm_buf_printf(&text, "\n%s\n%s", cxm_gettext_lang(L, "The client's comment:"), comments.data);
	struct cxm_feedback_new f = {
		.client_id = client,
		.channel = CXM_FBC_SURVEY,
		.type = "service_quality",
		.text = text.data,
		.rating = -1,
		.response_id = response_id,
		.assignee_id = assignee,
		.contact_name = client ? NULL : name,
		.contact_email = client ? NULL : email,
		/* received when the response was: the SLA runs from the answers */
		.received_at = completed_at,
	};
	rc = create_in(db, a, biz, &f, out);
	if (rc == CXM_ERR_DUPLICATE) {
		/* opened by a concurrent call since we looked: that item it is */
		if ((rc = cxm_db_query(db, a, "SELECT id FROM feedback WHERE response_id = ? AND business_id = ?",
		                       CXM_PARAMS(CXM_PINT(response_id), CXM_PINT(biz)), &r)) == CXM_OK)
			*out = r.nrows ? cxm_rows_int(&r, 0, 0, 0) : 0;
	}
	return rc;
}

enum cxm_err cxm_feedback_from_response(struct cxm_db *db, struct cxm_arena *a,
                                        long long business_id, long long response_id,
                                        long long *feedback_id)
{
	int own;
	*feedback_id = 0;
	enum cxm_err rc = begin(db, &own);
	if (rc != CXM_OK)
		return rc;
	return end(db, own, from_response_in(db, a, business_id, response_id, feedback_id));
}

/* ---- the workflow ---------------------------------------------------------- */

/* Locks item id of the business and reads its status and client. */
struct locked {
	int status;
	long long client_id;
	const char *channel, *contact_email, *client_email;
};

static enum cxm_err lock_item(struct cxm_db *db, struct cxm_arena *a, long long biz, long long id,
                              struct locked *out)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		db, a,
		"SELECT f.status, f.client_id, f.channel, f.contact_email, c.email FROM feedback f"
		" LEFT JOIN clients c ON c.id = f.client_id AND c.business_id = f.business_id AND c.live = 1"
		" WHERE f.id = ? AND f.business_id = ? FOR UPDATE",
		CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	out->status = cxm_fb_index(cxm_fb_status_names, cxm_rows_get(&r, 0, 0));
	out->client_id = cxm_rows_int(&r, 0, 1, 0);
	out->channel = cxm_rows_get(&r, 0, 2);
	out->contact_email = cxm_rows_get(&r, 0, 3);
	out->client_email = cxm_rows_get(&r, 0, 4);
	return CXM_OK;
}

static enum cxm_err status_in(struct cxm_db *db, struct cxm_arena *a, long long biz, long long id,
                              enum cxm_fb_status to, long long actor, const char *at)
{
	struct locked it;
	enum cxm_err rc = lock_item(db, a, biz, id, &it);
	if (rc != CXM_OK)
		return rc;
	if (it.status < 0 || !cxm_fb_transition_ok((enum cxm_fb_status)it.status, to))
		return CXM_ERR_INVALID;
	static const char *const sql[CXM_FBS_MAX] = {
		[CXM_FBS_IN_PROGRESS] =
			"UPDATE feedback SET reopened = reopened + IF(status = 'resolved', 1, 0),"
			" fcr = 0, resolved_at = NULL, status = 'in_progress', updated_at = ?"
			" WHERE id = ? AND business_id = ?",
		[CXM_FBS_ANSWERED] =
			"UPDATE feedback SET status = 'answered', first_response_at = COALESCE(first_response_at, ?)"
			" WHERE id = ? AND business_id = ?",
		[CXM_FBS_RESOLVED] =
			"UPDATE feedback SET status = 'resolved', resolved_at = ?,"
			" fcr = IF(replies <= 1 AND reopened = 0, 1, 0) WHERE id = ? AND business_id = ?",
		[CXM_FBS_REJECTED] =
			"UPDATE feedback SET status = 'rejected', updated_at = ? WHERE id = ? AND business_id = ?",
	};
	if ((rc = cxm_db_exec(db, sql[to], CXM_PARAMS(CXM_PSTR(at), CXM_PINT(id), CXM_PINT(biz)), NULL,
	                      NULL)) != CXM_OK)
		return rc;
	return add_event(db, biz, id, "status", actor, NULL, cxm_fb_status_names[it.status],
	                 cxm_fb_status_names[to], at);
}

enum cxm_err cxm_feedback_set_status(struct cxm_db *db, long long business_id, long long id,
                                     enum cxm_fb_status to, long long actor, const char *at)
{
	if ((int)to < 0 || to >= CXM_FBS_MAX || to == CXM_FBS_NEW)
		return CXM_ERR_INVALID;
	struct cxm_arena *a = cxm_arena_new(2048);
	int own;
	enum cxm_err rc = begin(db, &own);
	if (rc == CXM_OK && (rc = time_or_now(db, a, at, &at)) == CXM_OK)
		rc = status_in(db, a, business_id, id, to, actor, at);
	rc = end(db, own, rc);
	cxm_arena_free(a);
	return rc;
}

static enum cxm_err reply_in(struct cxm_db *db, struct cxm_arena *a, long long biz, long long id,
                             long long actor, const char *text, const char *at, const char **email)
{
	struct locked it;
	enum cxm_err rc = lock_item(db, a, biz, id, &it);
	if (rc != CXM_OK)
		return rc;
	if (it.status != CXM_FBS_NEW && it.status != CXM_FBS_IN_PROGRESS && it.status != CXM_FBS_ANSWERED)
		return CXM_ERR_INVALID;
	if ((rc = cxm_db_exec(db,
	                      "UPDATE feedback SET replies = replies + 1,"
	                      " first_response_at = COALESCE(first_response_at, ?), status = 'answered',"
	                      " updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND business_id = ?",
	                      CXM_PARAMS(CXM_PSTR(at), CXM_PINT(id), CXM_PINT(biz)), NULL, NULL)) != CXM_OK)
		return rc;
	if ((rc = add_event(db, biz, id, "reply", actor, text, NULL, NULL, at)) != CXM_OK)
		return rc;
	if (it.status != CXM_FBS_ANSWERED &&
	    (rc = add_event(db, biz, id, "status", actor, NULL, cxm_fb_status_names[it.status], "answered",
	                    at)) != CXM_OK)
		return rc;
	if (it.client_id > 0) {
		struct cxm_interaction in = {
			.kind = CXM_IK_MESSAGE,
			.occurred_at = whole_seconds(a, at),
			.channel = it.channel,
			.text = text,
			.ref_id = id,
			.created_by = actor,
		};
		rc = cxm_interaction_add(db, a, biz, it.client_id, &in, NULL);
		if (rc != CXM_OK)
			return rc;
	}
	if (email)
		*email = !blank(it.contact_email) ? it.contact_email
		         : !blank(it.client_email) ? it.client_email : NULL;
	return CXM_OK;
}

enum cxm_err cxm_feedback_reply(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                long long id, long long actor, const char *text, const char *at,
                                const char **email)
{
	if (email)
		*email = NULL;
	if (blank(text))
		return CXM_ERR_INVALID;
	int own;
	enum cxm_err rc = begin(db, &own);
	if (rc == CXM_OK && (rc = time_or_now(db, a, at, &at)) == CXM_OK)
		rc = reply_in(db, a, business_id, id, actor, text, at, email);
	return end(db, own, rc);
}

enum cxm_err cxm_feedback_comment(struct cxm_db *db, long long business_id, long long id,
                                  long long actor, const char *text, const char *at)
{
	if (blank(text))
		return CXM_ERR_INVALID;
	struct cxm_arena *a = cxm_arena_new(1024);
	int e = exists(db, a, "SELECT 1 FROM feedback WHERE id = ? AND business_id = ?", id, business_id);
	enum cxm_err rc = e < 0 ? CXM_ERR_DB : !e ? CXM_ERR_NOT_FOUND : time_or_now(db, a, at, &at);
	if (rc == CXM_OK)
		rc = add_event(db, business_id, id, "comment", actor, text, NULL, NULL, at);
	cxm_arena_free(a);
	return rc;
}

static enum cxm_err assign_in(struct cxm_db *db, struct cxm_arena *a, long long biz, long long id,
                              long long assignee, long long actor, const char *at)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT assignee_id FROM feedback WHERE id = ? AND business_id = ? FOR UPDATE",
	                               CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	long long old = cxm_rows_int(&r, 0, 0, 0);
	if (old == assignee)
		return CXM_OK;
	if (assignee > 0) {
		int e = exists(db, a, sql_member_worker, assignee, biz);
		if (e <= 0)
			return e < 0 ? CXM_ERR_DB : CXM_ERR_INVALID;
	}
	if ((rc = cxm_db_exec(db, "UPDATE feedback SET assignee_id = ?, updated_at = UTC_TIMESTAMP(6)"
	                          " WHERE id = ? AND business_id = ?",
	                      CXM_PARAMS(OPT_ID(assignee), CXM_PINT(id), CXM_PINT(biz)), NULL, NULL)) != CXM_OK)
		return rc;
	return add_event(db, biz, id, "assign", actor, NULL, old ? cxm_printf(a, "%lld", old) : "",
	                 assignee ? cxm_printf(a, "%lld", assignee) : "", at);
}

enum cxm_err cxm_feedback_assign(struct cxm_db *db, long long business_id, long long id,
                                 long long assignee, long long actor, const char *at)
{
	struct cxm_arena *a = cxm_arena_new(2048);
	int own;
	enum cxm_err rc = begin(db, &own);
	if (rc == CXM_OK && (rc = time_or_now(db, a, at, &at)) == CXM_OK)
		rc = assign_in(db, a, business_id, id, assignee, actor, at);
	rc = end(db, own, rc);
	cxm_arena_free(a);
	return rc;
}

enum cxm_err cxm_feedback_classify(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                   long long id, const char *type, long long department_id,
                                   long long defect_id, const char *priority, long long actor,
                                   const char *at)
{
	if (cxm_fb_index(cxm_fb_type_names, type) < 0 || cxm_fb_index(cxm_fb_priority_names, priority) < 0)
		return CXM_ERR_INVALID;
	int own;
	enum cxm_err rc = begin(db, &own);
	if (rc == CXM_OK)
		rc = time_or_now(db, a, at, &at);
	if (rc == CXM_OK)
		rc = check_refs(db, a, business_id, 0, department_id, defect_id, 0);
	struct cxm_rows r;
	if (rc == CXM_OK)
		rc = cxm_db_query(db, a,
		                  "SELECT type, department_id, defect_id, priority FROM feedback"
		                  " WHERE id = ? AND business_id = ? FOR UPDATE",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &r);
	if (rc == CXM_OK && !r.nrows)
		rc = CXM_ERR_NOT_FOUND;
	if (rc == CXM_OK && (strcmp(cxm_rows_get(&r, 0, 0), type) != 0 ||
	                     cxm_rows_int(&r, 0, 1, 0) != department_id ||
	                     cxm_rows_int(&r, 0, 2, 0) != defect_id ||
	                     strcmp(cxm_rows_get(&r, 0, 3), priority) != 0)) {
		rc = cxm_db_exec(db,
		                 "UPDATE feedback SET type = ?, department_id = ?, defect_id = ?, priority = ?,"
		                 " updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PSTR(type), OPT_ID(department_id), OPT_ID(defect_id),
		                            CXM_PSTR(priority), CXM_PINT(id), CXM_PINT(business_id)),
		                 NULL, NULL);
		if (rc == CXM_OK)
			rc = add_event(db, business_id, id, "classify", actor, NULL, cxm_rows_get(&r, 0, 0), type, at);
	}
	return end(db, own, rc);
}

/* ---- reading ---------------------------------------------------------------- */

static const char *opt(const struct cxm_rows *r, size_t c)
{
	return cxm_rows_get(r, 0, c);
}

enum cxm_err cxm_feedback_load(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                               long long id, const char *now, struct cxm_feedback *out)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		db, a,
		"SELECT f.id, f.client_id, f.department_id, f.defect_id, f.assignee_id, f.response_id,"
		" f.created_by, f.channel, f.type, f.priority, f.status, f.text, f.rating, f.contact_name,"
		" f.contact_email, f.contact_phone, f.received_at, f.sla_due_at, f.first_response_at,"
		" f.resolved_at, f.created_at, f.replies, f.reopened, f.fcr,"
		" TIMESTAMPDIFF(SECOND, f.received_at, f.first_response_at),"
		" TIMESTAMPDIFF(SECOND, f.received_at, f.resolved_at),"
		" f.awaiting = 1 AND f.sla_due_at < t.now,"
		" (f.awaiting = 1 AND f.sla_due_at < t.now) OR f.first_response_at > f.sla_due_at,"
		" c.name, d.name, k.name, COALESCE(NULLIF(u.name, ''), u.email)"
		" FROM feedback f JOIN (SELECT COALESCE(?, UTC_TIMESTAMP(6)) AS now) t"
		" LEFT JOIN clients c ON c.id = f.client_id AND c.business_id = f.business_id"
		" LEFT JOIN feedback_departments d ON d.id = f.department_id AND d.business_id = f.business_id"
		" LEFT JOIN feedback_defects k ON k.id = f.defect_id AND k.business_id = f.business_id"
		" LEFT JOIN users u ON u.id = f.assignee_id"
		" WHERE f.id = ? AND f.business_id = ?",
		CXM_PARAMS(now ? CXM_PSTR(now) : CXM_PNULL, CXM_PINT(id), CXM_PINT(business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	memset(out, 0, sizeof(*out));
	out->id = cxm_rows_int(&r, 0, 0, 0);
	out->client_id = cxm_rows_int(&r, 0, 1, 0);
	out->department_id = cxm_rows_int(&r, 0, 2, 0);
	out->defect_id = cxm_rows_int(&r, 0, 3, 0);
	out->assignee_id = cxm_rows_int(&r, 0, 4, 0);
	out->response_id = cxm_rows_int(&r, 0, 5, 0);
	out->created_by = cxm_rows_int(&r, 0, 6, 0);
	out->channel = opt(&r, 7);
	out->type = opt(&r, 8);
	out->priority = opt(&r, 9);
	out->status = opt(&r, 10);
	out->text = opt(&r, 11);
	out->rating = (int)cxm_rows_int(&r, 0, 12, -1);
	out->contact_name = opt(&r, 13);
	out->contact_email = opt(&r, 14);
	out->contact_phone = opt(&r, 15);
	out->received_at = opt(&r, 16);
	out->sla_due_at = opt(&r, 17);
	out->first_response_at = opt(&r, 18);
	out->resolved_at = opt(&r, 19);
	out->created_at = opt(&r, 20);
	out->replies = (long)cxm_rows_int(&r, 0, 21, 0);
	out->reopened = (long)cxm_rows_int(&r, 0, 22, 0);
	out->fcr = (int)cxm_rows_int(&r, 0, 23, 0);
	out->first_response_seconds = cxm_rows_int(&r, 0, 24, -1);
	out->resolution_seconds = cxm_rows_int(&r, 0, 25, -1);
	out->overdue = (int)cxm_rows_int(&r, 0, 26, 0);
	out->breached = (int)cxm_rows_int(&r, 0, 27, 0);
	out->client_name = opt(&r, 28);
	out->department = opt(&r, 29);
	out->defect = opt(&r, 30);
	out->assignee_name = opt(&r, 31);
	return CXM_OK;
}

enum cxm_err cxm_feedback_client_erased(struct cxm_db *db, long long business_id, long long client_id)
{
	enum cxm_err rc = cxm_db_exec(db,
	                              "UPDATE feedback_events e JOIN feedback f ON f.id = e.feedback_id"
	                              " SET e.text = NULL WHERE f.client_id = ? AND f.business_id = ?",
	                              CXM_PARAMS(CXM_PINT(client_id), CXM_PINT(business_id)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "UPDATE feedback SET text = '', contact_name = NULL, contact_email = NULL,"
		                 " contact_phone = NULL, remote_addr = NULL WHERE client_id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(client_id), CXM_PINT(business_id)), NULL, NULL);
	return rc;
}

enum cxm_err cxm_feedback_client_merged(struct cxm_db *db, long long business_id, long long keep,
                                        long long other)
{
	return cxm_db_exec(db, "UPDATE feedback SET client_id = ? WHERE client_id = ? AND business_id = ?",
	                   CXM_PARAMS(CXM_PINT(keep), CXM_PINT(other), CXM_PINT(business_id)), NULL, NULL);
}

enum cxm_err cxm_feedback_lists_ensure(struct cxm_db *db, long long business_id, const char *lang)
{
	uint64_t affected = 0;
	enum cxm_err rc = cxm_db_exec(db, "INSERT IGNORE INTO feedback_settings (business_id) VALUES (?)",
	                              CXM_PARAMS(CXM_PINT(business_id)), &affected, NULL);
	if (rc != CXM_OK || affected == 0)
		return rc;
	struct cxm_arena *a = cxm_arena_new(512);
	struct cxm_rows r;
	if (!lang && cxm_db_query(db, a, "SELECT locale FROM businesses WHERE id = ?",
	                          CXM_PARAMS(CXM_PINT(business_id)), &r) == CXM_OK && r.nrows)
		lang = cxm_rows_get(&r, 0, 0);
	int ru = !lang || cxm_lang_from_code(lang) != CXM_LANG_EN;   /* 0: English, 1: Russian */
	for (size_t i = 0; rc == CXM_OK && i < sizeof(default_departments) / sizeof(default_departments[0]); i++)
		rc = cxm_db_exec(db, "INSERT IGNORE INTO feedback_departments (business_id, name) VALUES (?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(default_departments[i][ru])), NULL, NULL);
	for (size_t i = 0; rc == CXM_OK && i < sizeof(default_defects) / sizeof(default_defects[0]); i++)
		rc = cxm_db_exec(db, "INSERT IGNORE INTO feedback_defects (business_id, name) VALUES (?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(default_defects[i][ru])), NULL, NULL);
	cxm_arena_free(a);
	return rc;
}

enum cxm_err cxm_feedback_counts(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 int by, const char *from, const char *to,
                                 struct cxm_feedback_counts *out)
{
	static const char *const sql[2] = {
		"SELECT channel + 0, COUNT(*) FROM feedback WHERE business_id = ?"
		" AND received_at >= COALESCE(?, '1000-01-01') AND received_at < COALESCE(?, '9999-12-31')"
		" GROUP BY channel",
		"SELECT type + 0, COUNT(*) FROM feedback WHERE business_id = ?"
		" AND received_at >= COALESCE(?, '1000-01-01') AND received_at < COALESCE(?, '9999-12-31')"
		" GROUP BY type",
	};
	memset(out, 0, sizeof(*out));
	out->nkeys = by ? CXM_FBT_MAX : CXM_FBC_MAX;
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, sql[by ? 1 : 0],
	                               CXM_PARAMS(CXM_PINT(business_id), from ? CXM_PSTR(from) : CXM_PNULL,
	                                          to ? CXM_PSTR(to) : CXM_PNULL),
	                               &r);
	if (rc != CXM_OK)
		return rc;
	for (size_t i = 0; i < r.nrows; i++) {
		long long k = cxm_rows_int(&r, i, 0, 0) - 1;
		if (k >= 0 && k < out->nkeys) {
			out->n[k] = cxm_rows_int(&r, i, 1, 0);
			out->total += out->n[k];
		}
	}
	for (int k = 0; k < out->nkeys && out->total; k++)
		out->share_tenths[k] = (out->n[k] * 2000 + out->total) / (2 * out->total);
	return CXM_OK;
}
