/* Accepting an invitation: /invite/<token> (public; the token is the
 * credential). A person without a password yet chooses a name and a
 * password; someone who already has an account confirms with their
 * password (throttled like sign-in). Accepting uses the token up, makes the
 * person a member with the invitation's role and signs them in on that
 * business, all in one transaction. An unknown, expired or used link, or
 * one whose person is already a member or disabled, gets the 404 page. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "audit.h"
#include "conf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/pages.h"
#include "password.h"
#include "role.h"
#include "route.h"
#include "session.h"
#include "throttle.h"
#include "tmpl.h"
#include "token.h"

enum { FF_TOKEN };
enum { F_TOKEN, F_NAME, F_PASSWORD, F_PASSWORD2 };

/* An open invitation, as found by its token. */
struct invitation {
	long long id, user_id, business_id;
	enum cxm_role role;
	const char *email, *name, *business_name;
	int has_password;   /* an existing account */
};

/* Finds the unused, unexpired invitation of token (a malformed token finds
 * nothing). *found is 0 when there is none. */
static enum cxm_err find_invitation(struct cxm_req *req, const char *token, struct invitation *inv,
                                    int *found)
{
	unsigned char hash[CXM_TOKEN_HASH_BYTES];
	*found = 0;
	if (!token || cxm_token_hash(token, hash) != 0)
		return CXM_OK;
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		req->db, req->arena,
		"SELECT t.id, t.user_id, t.business_id, t.role, u.email, u.name,"
		" u.password_hash IS NOT NULL, b.name"
		" FROM user_tokens t JOIN users u ON u.id = t.user_id"
		" JOIN businesses b ON b.id = t.business_id"
		" WHERE t.token_hash = ? AND t.purpose = 'invite' AND t.used_at IS NULL"
		" AND t.expires_at > UTC_TIMESTAMP(6) AND u.disabled = 0"
		" AND NOT EXISTS (SELECT 1 FROM memberships m"
		"  WHERE m.business_id = t.business_id AND m.user_id = t.user_id)",
		CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash))), &r);
	if (rc != CXM_OK || !r.nrows)
		return rc;
	*found = 1;
	inv->id = cxm_rows_int(&r, 0, 0, 0);
	inv->user_id = cxm_rows_int(&r, 0, 1, 0);
	inv->business_id = cxm_rows_int(&r, 0, 2, 0);
	inv->role = cxm_role_from_name(cxm_rows_get(&r, 0, 3));
	inv->email = cxm_rows_get(&r, 0, 4);
	inv->name = cxm_rows_get(&r, 0, 5);
	inv->has_password = cxm_rows_int(&r, 0, 6, 0) != 0;
	inv->business_name = cxm_rows_get(&r, 0, 7);
	return CXM_OK;
}

/* The error page for a link that does not (or no longer) work. */
static int invalid_link(struct cxm_req *req)
{
	req->error_detail = _("This invitation link is invalid, has expired or has already been used.");
	return 404;
}

/* Finds the invitation of token into inv: 0 when found, otherwise the
 * status to return (404 page, 503). */
static int lookup(struct cxm_req *req, const char *token, struct invitation *inv)
{
	int found = 0;
	if (find_invitation(req, token, inv, &found) != CXM_OK) {
		cxm_error("invitation lookup: %s", cxm_db_error(req->db));
		return 503;
	}
	return found ? 0 : invalid_link(req);
}

/* The acceptance form: a new person's name and password, or an existing
 * account's password. After a POST, what was sent and the reasons. */
static int show_form(struct cxm_req *req, int status, const struct invitation *inv,
                     const char *token, const char *error)
{
	struct cxm_dict *d = cxm_page_begin(req, "invite.tpl", _("Accept the invitation"));
	req->status = status;
	cxm_dict_set(d, "TOKEN", token);
	cxm_dict_set(d, "BUSINESS_NAME", inv->business_name);
	cxm_dict_set(d, "ROLE", _(cxm_role_labels[inv->role]));
	cxm_dict_set(d, "EMAIL", inv->email);
	if (error)
		cxm_page_notice(d, "error", error);
	struct cxm_dict *f = cxm_dict_section(d, inv->has_password ? "EXISTING_USER" : "NEW_USER");
	if (!inv->has_password)
		cxm_dict_set(f, "VALUE_NAME", inv->name);
	if (req->method == CXM_POST)
		cxm_page_form_state(req, f);
	return cxm_page_end(req);
}

int cxm_page_accept_form(struct cxm_req *req)
{
	const char *token = cxm_field(req, FF_TOKEN)->s;
	struct invitation inv;
	int st = lookup(req, token, &inv);
	return st ? st : show_form(req, 200, &inv, token, NULL);
}

/* A new person's fields: NULL when acceptable, otherwise the msgid of what
 * is wrong. */
static const char *new_user_problem(struct cxm_req *req)
{
	const struct cxm_field *name = cxm_field(req, F_NAME);
	const struct cxm_field *pw = cxm_field(req, F_PASSWORD), *pw2 = cxm_field(req, F_PASSWORD2);
	if (!name->valid)
		return N_("Check the highlighted fields.");
	if (!pw->valid || !pw2->valid || !pw2->present)
		return N_("Enter the new password twice.");
	return cxm_password_new_problem(pw->s, pw2->s);
}

/* An existing account's password, checked with the sign-in throttle.
 * Returns 0 when right; otherwise the form is shown again (its status) or
 * 503. */
static int check_existing(struct cxm_req *req, const struct invitation *inv, const char *token)
{
	const struct cxm_field *pw = cxm_field(req, F_PASSWORD);
	if (!pw->valid)
		return show_form(req, 200, inv, token, _("Enter the password of your account."));
	long wait = 0;
	if (cxm_throttle_check(req, inv->email, &wait) != CXM_OK)
		return 503;
	if (wait > 0) {
		long minutes = (wait + 59) / 60;
		return show_form(req, 429, inv, token,
		                 cxm_printf(req->arena,
		                            cxm_ngettext("Too many failed attempts. Try again in %ld minute.",
		                                         "Too many failed attempts. Try again in %ld minutes.",
		                                         (unsigned long)minutes),
		                            minutes));
	}
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, "SELECT password_hash FROM users WHERE id = ?",
	                 CXM_PARAMS(CXM_PINT(inv->user_id)), &r) != CXM_OK)
		return 503;
	if (cxm_password_verify(req->cfg, r.nrows ? cxm_rows_get(&r, 0, 0) : NULL, pw->s) ==
	    CXM_PW_MISMATCH) {
		cxm_throttle_failed(req, inv->email);
		return show_form(req, 200, inv, token, _("The password is wrong."));
	}
	cxm_throttle_succeeded(req, inv->email);
	return 0;
}

/* Sets a new person's password (hash) and name; CXM_ERR_NOT_FOUND when the
 * account got a password meanwhile. */
static enum cxm_err set_new_user(struct cxm_req *req, const struct invitation *inv,
                                 const char *hash)
{
	const struct cxm_field *name = cxm_field(req, F_NAME);
	uint64_t changed = 0;
	enum cxm_err rc = cxm_db_exec(
		req->db,
		"UPDATE users SET password_hash = ?, password_changed_at = UTC_TIMESTAMP(6),"
		" name = COALESCE(?, name) WHERE id = ? AND password_hash IS NULL",
		CXM_PARAMS(CXM_PSTR(hash), name->present ? CXM_PSTR(name->s) : CXM_PNULL,
		           CXM_PINT(inv->user_id)),
		&changed, NULL);
	return rc == CXM_OK && changed != 1 ? CXM_ERR_NOT_FOUND : rc;
}

/* The acceptance proper, in the caller's transaction: uses the token up
 * (CXM_ERR_NOT_FOUND when another request just did), stores the new
 * person's password, makes the membership, closes the person's other open
 * invitations to the business, signs them in there and records it. */
static enum cxm_err accept(struct cxm_req *req, const struct invitation *inv, const char *hash)
{
	uint64_t used = 0;
	enum cxm_err rc = cxm_db_exec(req->db,
	                              "UPDATE user_tokens SET used_at = UTC_TIMESTAMP(6)"
	                              " WHERE id = ? AND used_at IS NULL",
	                              CXM_PARAMS(CXM_PINT(inv->id)), &used, NULL);
	if (rc == CXM_OK && used != 1)
		rc = CXM_ERR_NOT_FOUND;
	if (rc == CXM_OK && hash)
		rc = set_new_user(req, inv, hash);
	if (rc == CXM_OK)
		rc = cxm_membership_set(req->db, inv->business_id, inv->user_id, inv->role);
	if (rc == CXM_OK)
		rc = cxm_db_exec(req->db,
		                 "UPDATE user_tokens SET used_at = UTC_TIMESTAMP(6) WHERE user_id = ?"
		                 " AND business_id = ? AND purpose = 'invite' AND used_at IS NULL",
		                 CXM_PARAMS(CXM_PINT(inv->user_id), CXM_PINT(inv->business_id)), NULL,
		                 NULL);
	/* Signed in before the audit row, so the row names the invitee as the
	 * actor (not whoever was signed in in this browser). */
	if (rc == CXM_OK)
		rc = cxm_session_start(req, inv->user_id, inv->business_id);
	if (rc == CXM_OK)
		cxm_audit(req, inv->business_id, "invitation_accepted", inv->email,
		          cxm_role_names[inv->role]);
	return rc;
}

int cxm_page_accept(struct cxm_req *req)
{
	const struct cxm_field *tf = cxm_field(req, F_TOKEN);
	const char *token = tf->valid ? tf->s : NULL;
	struct invitation inv;
	int st = lookup(req, token, &inv);
	if (st)
		return st;
	char hash[crypto_pwhash_STRBYTES];
	if (inv.has_password) {
		if ((st = check_existing(req, &inv, token)) != 0)
			return st;
	} else {
		const char *why = new_user_problem(req);
		if (why)
			return show_form(req, 200, &inv, token, _(why));
		if (cxm_password_hash(req->cfg, cxm_field(req, F_PASSWORD)->s, hash, sizeof(hash)) !=
		    CXM_OK)
			return 503;
	}
	struct cxm_session *was = req->session;
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("accepting invitation %lld: begin failed: %s", inv.id, cxm_db_error(req->db));
		return 503;
	}
	enum cxm_err rc = accept(req, &inv, inv.has_password ? NULL : hash);
	if (rc == CXM_OK)
		rc = cxm_db_commit(req->db);
	if (rc != CXM_OK) {
		cxm_db_rollback(req->db);
		req->session = was;  /* a new session's row went with the rollback */
		if (rc == CXM_ERR_NOT_FOUND)
			return invalid_link(req);  /* a request that just won the race */
		cxm_error("accepting invitation %lld failed: %s", inv.id, cxm_db_error(req->db));
		return 503;
	}
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/", req->base));
	return 303;
}
