/* The people of the current business (administrators): the list with its
 * search and pending invitations, the invitation form, one member's page
 * with role change, suspension and recent audit entries, and revoking an
 * invitation. Every query is limited to the session's business; a user or
 * invitation of another business is answered with 404, as if it did not
 * exist. Rules: nobody changes their own role or suspends themselves; only
 * owners grant, take away, suspend or restore the owner role; the last
 * active owner can be neither demoted nor suspended. */
#include "config.h"

#include <string.h>

#include "account.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "invitation.h"
#include "log.h"
#include "page.h"
#include "pages/pages.h"
#include "role.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { FL_Q, FL_PAGE };              /* GET /admin/users */
enum { FI_EMAIL, FI_NAME, FI_ROLE };  /* POST /admin/users/invite */
enum { FU_ID };                      /* /admin/users/{id}[/suspend|/restore], revoke */
enum { FR_ID, FR_ROLE };             /* POST /admin/users/{id}/role */

#define PER_PAGE 50
#define MAX_INVITATIONS 200
#define AUDIT_ROWS 20

/* ---- shared helpers ------------------------------------------------------ */

/* "%s%" for LIKE with '!' as the escape character: s matches only itself.
 * NULL for NULL. */
static const char *like_pattern(struct cxm_arena *a, const char *s)
{
	if (!s)
		return NULL;
	struct cxm_buf b;
	cxm_buf_init(&b, a, 64);
	cxm_buf_putc(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '!')
			cxm_buf_putc(&b, '!');
		cxm_buf_putc(&b, *s);
	}
	cxm_buf_putc(&b, '%');
	return b.data;
}

/* "q=...&page=N" with q percent-encoded (left out when NULL). */
static const char *page_query(struct cxm_arena *a, const char *q, long long page)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, 64);
	if (q) {
		cxm_buf_puts(&b, "q=");
		for (const unsigned char *p = (const unsigned char *)q; *p; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    *p == '-' || *p == '_' || *p == '.' || *p == '~')
				cxm_buf_putc(&b, (char)*p);
			else
				cxm_buf_printf(&b, "%%%02X", *p);
		}
		cxm_buf_putc(&b, '&');
	}
	cxm_buf_printf(&b, "page=%lld", page);
	return b.data;
}

/* The translated label of a stored role name. */
static const char *role_label(const char *name)
{
	return _(cxm_role_labels[cxm_role_from_name(name)]);
}

/* Sets STATUS (and section STATUS_OFF for the red badge) from a member's
 * flags: suspended in the business, disabled everywhere, no password yet. */
static void set_status(struct cxm_dict *d, int suspended, int account_disabled, int pending)
{
	if (suspended || account_disabled)
		cxm_dict_show(d, "STATUS_OFF");
	if (suspended)
		cxm_dict_set(d, "STATUS", _("Suspended"));
	else if (account_disabled)
		cxm_dict_set(d, "STATUS", _("Disabled by the site operator"));
	else if (pending)
		cxm_dict_set(d, "STATUS", _("Invitation pending"));
	else
		cxm_dict_set(d, "STATUS", _("Active"));
}

/* Adds one ROLE_OPTION section to d per role the signed-in user may give
 * (owners: up to owner; administrators: up to administrator), marking
 * `selected`. */
static void role_options(struct cxm_req *req, struct cxm_dict *d, enum cxm_role selected)
{
	enum cxm_role top = req->session->role == CXM_ROLE_OWNER ? CXM_ROLE_OWNER : CXM_ROLE_ADMIN;
	for (int r = CXM_ROLE_ANALYST; r <= (int)top; r++) {
		struct cxm_dict *o = cxm_dict_section(d, "ROLE_OPTION");
		cxm_dict_set(o, "CODE", cxm_role_names[r]);
		cxm_dict_set(o, "LABEL", _(cxm_role_labels[r]));
		if ((enum cxm_role)r == selected)
			cxm_dict_show(o, "SELECTED");
	}
}

/* Refuses with 403 and a reason on the error page. */
static int forbidden(struct cxm_req *req, const char *reason)
{
	req->error_detail = reason;
	return 403;
}

/* ---- the list ------------------------------------------------------------ */

/* Members of the business matching the pattern. Parameters: business,
 * then the pattern three times (NULL: no search). */
#define MEMBERS_WHERE \
	" FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.business_id = ?" \
	" AND (? IS NULL OR u.name LIKE ? ESCAPE '!' OR u.email LIKE ? ESCAPE '!')"

/* The search pattern as a parameter (the variable pat; NULL: no search). */
#define PAT (pat ? CXM_PSTR(pat) : CXM_PNULL)

/* Counts the members matching pat and reads page `page` of them. */
static enum cxm_err query_members(struct cxm_req *req, const char *pat, long long page,
                                  long long *total, struct cxm_rows *r)
{
	long long biz = req->session->business_id;
	struct cxm_rows c;
	enum cxm_err rc = cxm_db_query(req->db, req->arena, "SELECT COUNT(*)" MEMBERS_WHERE,
	                               CXM_PARAMS(CXM_PINT(biz), PAT, PAT, PAT), &c);
	if (rc != CXM_OK)
		return rc;
	*total = cxm_rows_int(&c, 0, 0, 0);
	return cxm_db_query(req->db, req->arena,
	                    "SELECT u.id, u.name, u.email, m.role, m.disabled, u.disabled,"
	                    " u.password_hash IS NULL, DATE_FORMAT(u.last_login_at, '%Y-%m-%d %H:%i')"
	                    MEMBERS_WHERE " ORDER BY u.name, u.email, u.id LIMIT ? OFFSET ?",
	                    CXM_PARAMS(CXM_PINT(biz), PAT, PAT, PAT, CXM_PINT(PER_PAGE),
	                               CXM_PINT((page - 1) * PER_PAGE)),
	                    r);
}

/* The business's open invitations matching the pattern, newest first. */
static enum cxm_err query_invitations(struct cxm_req *req, const char *pat, struct cxm_rows *r)
{
	return cxm_db_query(req->db, req->arena,
	                    "SELECT t.id, u.email, u.name, t.role,"
	                    " DATE_FORMAT(t.created_at, '%Y-%m-%d %H:%i'),"
	                    " DATE_FORMAT(t.expires_at, '%Y-%m-%d %H:%i')"
	                    " FROM user_tokens t JOIN users u ON u.id = t.user_id"
	                    " WHERE t.business_id = ? AND t.purpose = 'invite' AND t.used_at IS NULL"
	                    " AND t.expires_at > UTC_TIMESTAMP(6)"
	                    " AND (? IS NULL OR u.name LIKE ? ESCAPE '!' OR u.email LIKE ? ESCAPE '!')"
	                    " ORDER BY t.created_at DESC, t.id DESC LIMIT ?",
	                    CXM_PARAMS(CXM_PINT(req->session->business_id), PAT, PAT, PAT,
	                               CXM_PINT(MAX_INVITATIONS)),
	                    r);
}
#undef PAT

/* The members table, the count and the pager. */
static void show_members(struct cxm_req *req, struct cxm_dict *d, const char *q, long long page,
                         const struct cxm_rows *r, long long total)
{
	cxm_dict_set(d, "VALUE_Q", q ? q : "");
	cxm_dict_set(d, "TOTAL", cxm_printf(req->arena,
	                                     cxm_ngettext("%lld user", "%lld users", (unsigned long)total),
	                                     total));
	if (!r->nrows)
		cxm_dict_show(d, "EMPTY");
	struct cxm_dict *t = r->nrows ? cxm_dict_section(d, "ROWS") : NULL;
	for (size_t i = 0; i < r->nrows; i++) {
		struct cxm_dict *row = cxm_dict_section(t, "ROW");
		const char *last = cxm_rows_get(r, i, 7);
		cxm_dict_set(row, "ID", cxm_rows_get(r, i, 0));
		cxm_dict_set(row, "NAME", cxm_rows_get(r, i, 1));
		cxm_dict_set(row, "EMAIL", cxm_rows_get(r, i, 2));
		cxm_dict_set(row, "ROLE", role_label(cxm_rows_get(r, i, 3)));
		set_status(row, cxm_rows_int(r, i, 4, 0) != 0, cxm_rows_int(r, i, 5, 0) != 0,
		           cxm_rows_int(r, i, 6, 0) != 0);
		cxm_dict_set(row, "LAST_LOGIN", last ? last : _("Never"));
	}
	long long pages = (total + PER_PAGE - 1) / PER_PAGE;
	if (total == 0 || (pages == 1 && page == 1))
		return;
	struct cxm_dict *p = cxm_dict_section(d, "PAGER");
	cxm_dict_set(p, "PAGE_INFO", cxm_printf(req->arena, _("Page %lld of %lld"), page, pages));
	if (page > 1)
		cxm_dict_set(cxm_dict_section(p, "PREV"), "QUERY",
		             page_query(req->arena, q, page > pages ? pages : page - 1));
	if (page < pages)
		cxm_dict_set(cxm_dict_section(p, "NEXT"), "QUERY", page_query(req->arena, q, page + 1));
}

/* The open invitations, each with a revoke button when the signed-in user
 * may revoke it (an owner's invitation: owners only). */
static void show_invitations(struct cxm_req *req, struct cxm_dict *d, const struct cxm_rows *r)
{
	if (!r->nrows) {
		cxm_dict_show(d, "NO_INVITATIONS");
		return;
	}
	struct cxm_dict *t = cxm_dict_section(d, "INVITATIONS");
	for (size_t i = 0; i < r->nrows; i++) {
		struct cxm_dict *row = cxm_dict_section(t, "INVITATION");
		const char *role = cxm_rows_get(r, i, 3);
		cxm_dict_set(row, "INVITATION_ID", cxm_rows_get(r, i, 0));
		cxm_dict_set(row, "EMAIL", cxm_rows_get(r, i, 1));
		cxm_dict_set(row, "NAME", cxm_rows_get(r, i, 2));
		cxm_dict_set(row, "ROLE", role_label(role));
		cxm_dict_set(row, "SENT", cxm_rows_get(r, i, 4));
		cxm_dict_set(row, "EXPIRES", cxm_rows_get(r, i, 5));
		if (cxm_role_from_name(role) != CXM_ROLE_OWNER || req->session->role == CXM_ROLE_OWNER)
			cxm_dict_show(row, "REVOKE");
	}
}

/* The invitation form: after a rejected POST what was sent, with the
 * reasons; otherwise empty. */
static void show_invite_form(struct cxm_req *req, struct cxm_dict *d, int form_state)
{
	enum cxm_role selected = CXM_ROLE_ANALYST;
	if (form_state) {
		cxm_page_form_state(req, d);
		enum cxm_role sent = cxm_role_from_name(cxm_field(req, FI_ROLE)->raw);
		if (sent != CXM_ROLE_NONE)
			selected = sent;
	}
	role_options(req, d, selected);
}

/* The whole page: page `page` of the members matching q, the open
 * invitations, a notice of kind (when notice is set) and the invitation
 * form (form_state: shown again with what the POST sent). */
static int show_users(struct cxm_req *req, const char *q, long long page, const char *kind,
                      const char *notice, int form_state)
{
	const char *pat = like_pattern(req->arena, q);
	long long total = 0;
	struct cxm_rows members, invitations;
	if (query_members(req, pat, page, &total, &members) != CXM_OK ||
	    query_invitations(req, pat, &invitations) != CXM_OK) {
		cxm_error("list of users of business %lld: %s", req->session->business_id,
		          cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *d = cxm_page_begin(req, "users.tpl", _("Users"));
	req->status = 200;
	if (notice)
		cxm_page_notice(d, kind, notice);
	show_members(req, d, q, page, &members, total);
	show_invitations(req, d, &invitations);
	show_invite_form(req, d, form_state);
	return cxm_page_end(req);
}

int cxm_page_users(struct cxm_req *req)
{
	const struct cxm_field *q = cxm_field(req, FL_Q), *page = cxm_field(req, FL_PAGE);
	return show_users(req, q->present ? q->s : NULL, page->present ? page->i : 1, NULL, NULL, 0);
}

/* ---- inviting ------------------------------------------------------------ */

int cxm_page_user_invite(struct cxm_req *req)
{
	for (int i = FI_EMAIL; i <= FI_ROLE; i++)
		if (!cxm_field(req, (size_t)i)->valid)
			return show_users(req, NULL, 1, "error", _("Check the highlighted fields."), 1);
	const struct cxm_field *name = cxm_field(req, FI_NAME);
	enum cxm_role role = cxm_role_from_name(cxm_field(req, FI_ROLE)->s);
	if (role == CXM_ROLE_OWNER && req->session->role != CXM_ROLE_OWNER)
		return forbidden(req, _("Only an owner can invite another owner."));
	const char *email = cxm_email_normalize(req->arena, cxm_field(req, FI_EMAIL)->s);
	long long biz = req->session->business_id;
	const char *why = NULL;
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("invitation: begin failed: %s", cxm_db_error(req->db));
		return 503;
	}
	enum cxm_err rc = cxm_invitation_create(req, biz, email, name->present ? name->s : NULL, role,
	                                        &why);
	if (rc == CXM_OK)
		rc = cxm_db_commit(req->db);
	if (rc != CXM_OK) {
		if (rc != CXM_ERR_INVALID)
			cxm_error("invitation of %s to business %lld failed: %s", email ? email : "?", biz,
			          cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		if (rc != CXM_ERR_INVALID)
			return 503;
		return show_users(req, NULL, 1, "error",
		                  why ? _(why) : _("The invitation was not sent."), 1);
	}
	return show_users(req, NULL, 1, "ok",
	                  cxm_printf(req->arena, _("Invitation sent to %s."), email), 0);
}

/* ---- one member ---------------------------------------------------------- */

struct member {
	long long id;
	const char *email, *name, *last_login, *since;
	enum cxm_role role;
	int suspended;         /* in this business */
	int account_disabled;  /* everywhere, by an operator */
	int pending;           /* no password yet */
};

#define MEMBER_SELECT \
	"SELECT u.id, u.email, u.name, m.role, m.disabled, u.disabled, u.password_hash IS NULL," \
	" DATE_FORMAT(u.last_login_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(m.created_at, '%Y-%m-%d')" \
	" FROM memberships m JOIN users u ON u.id = m.user_id" \
	" WHERE m.business_id = ? AND m.user_id = ?"

/* Reads member id of the current business into m (lock: FOR UPDATE, inside
 * a transaction). *found is 0 when id is not a member here. */
static enum cxm_err load_member(struct cxm_req *req, long long id, int lock, struct member *m,
                                int *found)
{
	struct cxm_rows r;
	*found = 0;
	enum cxm_err rc = cxm_db_query(req->db, req->arena,
	                               lock ? MEMBER_SELECT " FOR UPDATE" : MEMBER_SELECT,
	                               CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(id)),
	                               &r);
	if (rc != CXM_OK || !r.nrows)
		return rc;
	*found = 1;
	m->id = cxm_rows_int(&r, 0, 0, 0);
	m->email = cxm_rows_get(&r, 0, 1);
	m->name = cxm_rows_get(&r, 0, 2);
	m->role = cxm_role_from_name(cxm_rows_get(&r, 0, 3));
	m->suspended = cxm_rows_int(&r, 0, 4, 0) != 0;
	m->account_disabled = cxm_rows_int(&r, 0, 5, 0) != 0;
	m->pending = cxm_rows_int(&r, 0, 6, 0) != 0;
	m->last_login = cxm_rows_get(&r, 0, 7);
	m->since = cxm_rows_get(&r, 0, 8);
	return CXM_OK;
}

/* The translated label of an audit action (the name when unknown). */
static const char *action_label(const char *name)
{
	for (unsigned i = 0; name && i < cxm_audit_nactions; i++)
		if (strcmp(name, cxm_audit_actions[i].name) == 0)
			return _(cxm_audit_actions[i].label);
	return name;
}

/* The last AUDIT_ROWS entries of this business about the member. */
static enum cxm_err show_audit(struct cxm_req *req, struct cxm_dict *d, const struct member *m)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		req->db, req->arena,
		"SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), actor_email, action, detail"
		" FROM audit_log WHERE business_id = ? AND target = ?"
		" ORDER BY created_at DESC, id DESC LIMIT ?",
		CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PSTR(m->email),
		           CXM_PINT(AUDIT_ROWS)),
		&r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows) {
		cxm_dict_show(d, "AUDIT_EMPTY");
		return CXM_OK;
	}
	struct cxm_dict *t = cxm_dict_section(d, "AUDIT");
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_dict *row = cxm_dict_section(t, "AUDIT_ROW");
		const char *who = cxm_rows_get(&r, i, 1);
		cxm_dict_set(row, "TIME", cxm_rows_get(&r, i, 0));
		cxm_dict_set(row, "WHO", who && *who ? who : "—");
		cxm_dict_set(row, "ACTION", action_label(cxm_rows_get(&r, i, 2)));
		cxm_dict_set(row, "DETAIL", cxm_rows_get(&r, i, 3));
	}
	return CXM_OK;
}

/* The forms the signed-in user may use on m: none for themselves, none on
 * an owner unless they are an owner; otherwise role change and suspend or
 * restore. */
static void show_actions(struct cxm_req *req, struct cxm_dict *d, const struct member *m)
{
	const struct cxm_session *s = req->session;
	if (m->id == s->user_id) {
		cxm_dict_show(d, "SELF");
		return;
	}
	if (m->role == CXM_ROLE_OWNER && s->role != CXM_ROLE_OWNER) {
		cxm_dict_show(d, "OWNER_ONLY");
		return;
	}
	role_options(req, cxm_dict_section(d, "ROLE_FORM"), m->role);
	cxm_dict_show(d, m->suspended ? "RESTORE_FORM" : "SUSPEND_FORM");
}

/* The member's page, with a notice of kind when notice is set. */
static int show_user(struct cxm_req *req, const struct member *m, const char *kind,
                     const char *notice)
{
	struct cxm_dict *d = cxm_page_begin(req, "user.tpl", m->name);
	req->status = 200;
	if (notice)
		cxm_page_notice(d, kind, notice);
	cxm_dict_set(d, "USER_ID", cxm_printf(req->arena, "%lld", m->id));
	cxm_dict_set(d, "NAME", m->name);
	cxm_dict_set(d, "EMAIL", m->email);
	cxm_dict_set(d, "ROLE", _(cxm_role_labels[m->role]));
	set_status(d, m->suspended, m->account_disabled, m->pending);
	cxm_dict_set(d, "SINCE", m->since ? m->since : "");
	cxm_dict_set(d, "LAST_LOGIN", m->last_login ? m->last_login : _("Never"));
	show_actions(req, d, m);
	if (show_audit(req, d, m) != CXM_OK) {
		cxm_error("audit entries of user %lld: %s", m->id, cxm_db_error(req->db));
		return 503;
	}
	return cxm_page_end(req);
}

/* Reads member id (not locked) and shows their page with a notice; 404
 * when id is not a member of the current business. */
static int show_user_id(struct cxm_req *req, long long id, const char *kind, const char *notice)
{
	struct member m;
	int found = 0;
	if (load_member(req, id, 0, &m, &found) != CXM_OK) {
		cxm_error("user %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (!found)
		return 404;
	return show_user(req, &m, kind, notice);
}

int cxm_page_user(struct cxm_req *req)
{
	return show_user_id(req, cxm_field(req, FU_ID)->i, NULL, NULL);
}

/* ---- changing a member --------------------------------------------------- */

/* What a change of member m does, for the rule checks: its new role, or
 * suspending or restoring them. */
enum change { CH_ROLE, CH_SUSPEND, CH_RESTORE };

/* 1 when m is an active owner and no other active owner of the business
 * exists (reads with locks, inside the caller's transaction). */
static enum cxm_err last_owner(struct cxm_req *req, const struct member *m, int *last)
{
	*last = 0;
	if (m->role != CXM_ROLE_OWNER || m->suspended)
		return CXM_OK;
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(req->db, req->arena,
	                               "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id"
	                               " WHERE m.business_id = ? AND m.role = 'owner' AND m.disabled = 0"
	                               " AND u.disabled = 0 AND m.user_id <> ? FOR UPDATE",
	                               CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(m->id)),
	                               &r);
	if (rc == CXM_OK)
		*last = cxm_rows_int(&r, 0, 0, 0) == 0;
	return rc;
}

/* Checks the rules for changing m (to: the new role for CH_ROLE). Returns
 * 0 when allowed; 403 with the reason on the error page; 200 with a notice
 * (msgid) in *notice; or 503. */
static int check_rules(struct cxm_req *req, const struct member *m, enum change ch,
                       enum cxm_role to, const char **notice)
{
	const struct cxm_session *s = req->session;
	*notice = NULL;
	if (m->id == s->user_id) {
		*notice = ch == CH_ROLE ? N_("You cannot change your own role.")
		                        : N_("You cannot suspend or restore yourself.");
		return 200;
	}
	if ((m->role == CXM_ROLE_OWNER || (ch == CH_ROLE && to == CXM_ROLE_OWNER)) &&
	    s->role != CXM_ROLE_OWNER)
		return forbidden(req, ch == CH_ROLE
		                          ? _("Only an owner can grant or take away the owner role.")
		                          : _("Only an owner can suspend or restore an owner."));
	if (ch == CH_RESTORE || (ch == CH_ROLE && to == CXM_ROLE_OWNER))
		return 0;
	int last = 0;
	if (last_owner(req, m, &last) != CXM_OK) {
		cxm_error("counting owners of business %lld: %s", s->business_id, cxm_db_error(req->db));
		return 503;
	}
	if (last) {
		*notice = N_("This is the last active owner of the business. Make someone else an "
		             "owner first.");
		return 200;
	}
	return 0;
}

/* Ends a refused or failed change: rolls back, then the status's answer
 * (the member's page with the notice for 200). */
static int refuse(struct cxm_req *req, long long id, int status, const char *notice)
{
	cxm_db_rollback(req->db);
	if (status == 200)
		return show_user_id(req, id, "error", _(notice));
	return status;
}

/* Commits and redirects to the member's page; 503 when the commit fails. */
static int commit_and_back(struct cxm_req *req, long long id)
{
	if (cxm_db_commit(req->db) != CXM_OK) {
		cxm_error("user %lld: commit failed: %s", id, cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return 503;
	}
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/admin/users/%lld", req->base, id));
	return 303;
}

/* Starts the transaction and reads member id locked. Returns 0 with the
 * member in m, or the status to return (404, 503) with nothing open. */
static int begin_change(struct cxm_req *req, long long id, struct member *m)
{
	int found = 0;
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("user %lld: begin failed: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (load_member(req, id, 1, m, &found) != CXM_OK) {
		cxm_error("user %lld: %s", id, cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return 503;
	}
	if (!found) {
		cxm_db_rollback(req->db);
		return 404;
	}
	return 0;
}

int cxm_page_user_role(struct cxm_req *req)
{
	long long id = cxm_field(req, FR_ID)->i;
	enum cxm_role to = cxm_role_from_name(cxm_field(req, FR_ROLE)->s);
	struct member m;
	int st = begin_change(req, id, &m);
	if (st)
		return st;
	const char *notice = NULL;
	if ((st = check_rules(req, &m, CH_ROLE, to, &notice)) != 0)
		return refuse(req, id, st, notice);
	if (to == m.role)
		return commit_and_back(req, id);  /* nothing to change */
	if (cxm_db_exec(req->db, "UPDATE memberships SET role = ? WHERE business_id = ? AND user_id = ?",
	                CXM_PARAMS(CXM_PSTR(cxm_role_names[to]),
	                           CXM_PINT(req->session->business_id), CXM_PINT(id)),
	                NULL, NULL) != CXM_OK) {
		cxm_error("role of user %lld: %s", id, cxm_db_error(req->db));
		return refuse(req, id, 503, NULL);
	}
	cxm_audit(req, req->session->business_id, "role_changed", m.email,
	          cxm_printf(req->arena, "%s -> %s", cxm_role_names[m.role], cxm_role_names[to]));
	return commit_and_back(req, id);
}

/* 1 when the suspend form's "confirm" box was ticked. */
static int confirmed(const struct cxm_req *req)
{
	const char *c = cxm_req_param(req, "confirm");
	return c && *c && strcmp(c, "0") != 0;
}

/* Suspends (disabled = 1) or restores member id in the current business. */
static int set_suspended(struct cxm_req *req, int disabled)
{
	long long id = cxm_field(req, FU_ID)->i;
	struct member m;
	int st = begin_change(req, id, &m);
	if (st)
		return st;
	const char *notice = NULL;
	if ((st = check_rules(req, &m, disabled ? CH_SUSPEND : CH_RESTORE, m.role, &notice)) != 0)
		return refuse(req, id, st, notice);
	if (disabled && !confirmed(req))
		return refuse(req, id, 200, N_("Tick the box to confirm the suspension. Nothing was "
		                               "changed."));
	if (m.suspended == disabled)
		return commit_and_back(req, id);  /* already so */
	if (cxm_db_exec(req->db,
	                "UPDATE memberships SET disabled = ? WHERE business_id = ? AND user_id = ?",
	                CXM_PARAMS(CXM_PINT(disabled), CXM_PINT(req->session->business_id),
	                           CXM_PINT(id)),
	                NULL, NULL) != CXM_OK) {
		cxm_error("suspension of user %lld: %s", id, cxm_db_error(req->db));
		return refuse(req, id, 503, NULL);
	}
	cxm_audit(req, req->session->business_id, disabled ? "user_disabled" : "user_enabled",
	          m.email, cxm_role_names[m.role]);
	return commit_and_back(req, id);
}

int cxm_page_user_suspend(struct cxm_req *req)
{
	return set_suspended(req, 1);
}

int cxm_page_user_restore(struct cxm_req *req)
{
	return set_suspended(req, 0);
}

/* ---- revoking an invitation ---------------------------------------------- */

int cxm_page_invitation_revoke(struct cxm_req *req)
{
	long long id = cxm_field(req, FU_ID)->i, biz = req->session->business_id;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT u.email, t.role FROM user_tokens t JOIN users u ON u.id = t.user_id"
	                 " WHERE t.id = ? AND t.business_id = ? AND t.purpose = 'invite'"
	                 " AND t.used_at IS NULL",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r) != CXM_OK) {
		cxm_error("invitation %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (!r.nrows)
		return 404;
	const char *email = cxm_rows_get(&r, 0, 0), *role = cxm_rows_get(&r, 0, 1);
	if (cxm_role_from_name(role) == CXM_ROLE_OWNER && req->session->role != CXM_ROLE_OWNER)
		return forbidden(req, _("Only an owner can revoke an owner's invitation."));
	uint64_t changed = 0;
	if (cxm_db_exec(req->db,
	                "UPDATE user_tokens SET used_at = UTC_TIMESTAMP(6) WHERE id = ?"
	                " AND business_id = ? AND purpose = 'invite' AND used_at IS NULL",
	                CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &changed, NULL) != CXM_OK) {
		cxm_error("revoking invitation %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (changed != 1)
		return 404;  /* accepted or revoked a moment ago */
	cxm_audit(req, biz, "invitation_revoked", email, role ? role : "");
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/admin/users", req->base));
	return 303;
}
