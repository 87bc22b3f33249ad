/* Passwords: "forgot my password" (a one-time link by mail), setting a new
 * one from that link, and changing it while signed in. Any new password
 * ends every session of the user; the request that set it gets a fresh
 * one. The forgot form answers the same whether or not the address has an
 * account, so it cannot be used to find out who has one. */
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
#include "mail.h"
#include "page.h"
#include "pages/pages.h"
#include "password.h"
#include "route.h"
#include "session.h"
#include "throttle.h"
#include "tmpl.h"
#include "token.h"

/* At most this many unused reset links per user at a time, so the form
 * cannot be used to flood someone's mailbox. */
#define MAX_OPEN_RESETS 3

enum { FG_EMAIL };
enum { RF_TOKEN };
enum { RS_TOKEN, RS_PASSWORD, RS_PASSWORD2 };
enum { CP_CURRENT, CP_PASSWORD, CP_PASSWORD2 };

/* ---- forgot ------------------------------------------------------------ */

static int forgot_page(struct cxm_req *req, const char *error)
{
	struct cxm_dict *d = cxm_page_begin(req, "forgot.tpl", _("Forgot your password?"));
	if (req->method == CXM_POST)
		cxm_page_form_state(req, d);
	if (error)
		cxm_page_notice(d, "error", error);
	return cxm_page_end(req);
}

int cxm_page_forgot_form(struct cxm_req *req)
{
	return forgot_page(req, NULL);
}

/* Stores a reset token for user_id and mails the link. */
static enum cxm_err send_reset(struct cxm_req *req, long long user_id, const char *email)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		req->db, req->arena,
		"SELECT COUNT(*) FROM user_tokens WHERE user_id = ? AND purpose = 'reset'"
		" AND used_at IS NULL AND expires_at > UTC_TIMESTAMP(6)",
		CXM_PARAMS(CXM_PINT(user_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (cxm_rows_int(&r, 0, 0, 0) >= MAX_OPEN_RESETS) {
		cxm_info("password reset for user %lld not sent: %d links already open", user_id,
		         MAX_OPEN_RESETS);
		return CXM_OK;
	}
	char token[CXM_TOKEN_CHARS + 1];
	unsigned char hash[CXM_TOKEN_HASH_BYTES];
	cxm_token_new(token);
	cxm_token_hash(token, hash);
	rc = cxm_db_exec(req->db,
	                 "INSERT INTO user_tokens (token_hash, purpose, user_id, created_at, expires_at)"
	                 " VALUES (?, 'reset', ?, UTC_TIMESTAMP(6),"
	                 " UTC_TIMESTAMP(6) + INTERVAL ? MINUTE)",
	                 CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PINT(user_id),
	                            CXM_PINT(req->cfg->reset_valid_minutes)),
	                 NULL, NULL);
	if (rc != CXM_OK)
		return rc;
	/* In the account's language, whoever's browser asked. */
	struct cxm_rows u;
	rc = cxm_db_query(req->db, req->arena, "SELECT language FROM users WHERE id = ?",
	                  CXM_PARAMS(CXM_PINT(user_id)), &u);
	if (rc != CXM_OK)
		return rc;
	int code = cxm_lang_from_code(u.nrows ? cxm_rows_get(&u, 0, 0) : NULL);
	enum cxm_lang lang = code >= 0 ? (enum cxm_lang)code : req->lang;
	const char *link = cxm_mail_url(req, cxm_printf(req->arena, "/password/reset/%s", token));
	const char *body = cxm_printf(
		req->arena,
		cxm_gettext_lang(lang,
		                 "Someone (hopefully you) asked to set a new password for your CXM account %s.\n\n"
		                 "To choose a new password, open this link within %ld minutes:\n%s\n\n"
		                 "If you did not ask for this, ignore this message: your password stays as it is."),
		email, req->cfg->reset_valid_minutes, link);
	sodium_memzero(token, sizeof(token));
	rc = cxm_mail_send(req, 0, email, cxm_gettext_lang(lang, "Setting a new CXM password"), body);
	if (rc == CXM_OK)
		cxm_audit_user(req, user_id, "password_reset_requested", email, "");
	return rc;
}

int cxm_page_forgot(struct cxm_req *req)
{
	const struct cxm_field *f = cxm_field(req, FG_EMAIL);
	if (!f->valid)
		return forgot_page(req, NULL);
	const char *email = cxm_email_normalize(req->arena, f->s);
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT id FROM users WHERE email = ? AND disabled = 0"
	                 " AND password_hash IS NOT NULL",
	                 CXM_PARAMS(CXM_PSTR(email)), &r) != CXM_OK)
		return 503;
	if (r.nrows && send_reset(req, cxm_rows_int(&r, 0, 0, 0), email) != CXM_OK)
		return 503;
	struct cxm_dict *d = cxm_page_begin(req, "message.tpl", _("Check your mail"));
	cxm_dict_set(d, "PAGE_TITLE", _("Check your mail"));
	cxm_dict_set(d, "MESSAGE",
	             cxm_printf(req->arena,
	                        _("If %s belongs to an account, a message with a link to set a new "
	                          "password is on its way. The link works once, for %ld minutes."),
	                        email, req->cfg->reset_valid_minutes));
	return cxm_page_end(req);
}

/* ---- reset from the link ---------------------------------------------- */

/* The unused, unexpired reset token's id and user, or 0. */
static enum cxm_err find_reset(struct cxm_req *req, const char *token, long long *id,
                               long long *user_id, const char **email)
{
	unsigned char hash[CXM_TOKEN_HASH_BYTES];
	*id = *user_id = 0;
	if (cxm_token_hash(token, hash) != 0)
		return CXM_OK;
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		req->db, req->arena,
		"SELECT t.id, t.user_id, u.email FROM user_tokens t JOIN users u ON u.id = t.user_id"
		" WHERE t.token_hash = ? AND t.purpose = 'reset' AND t.used_at IS NULL"
		" AND t.expires_at > UTC_TIMESTAMP(6) AND u.disabled = 0",
		CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash))), &r);
	if (rc == CXM_OK && r.nrows) {
		*id = cxm_rows_int(&r, 0, 0, 0);
		*user_id = cxm_rows_int(&r, 0, 1, 0);
		*email = cxm_rows_get(&r, 0, 2);
	}
	return rc;
}

static int invalid_link(struct cxm_req *req)
{
	req->error_detail = _("This link is invalid, has expired or has already been used. "
	                      "Ask for a new one on the “Forgot your password?” page.");
	return 404;
}

static int reset_page(struct cxm_req *req, const char *token, const char *email,
                      const char *error)
{
	struct cxm_dict *d = cxm_page_begin(req, "reset.tpl", _("Set a new password"));
	cxm_dict_set(d, "TOKEN", token);
	cxm_dict_set(d, "EMAIL", email);
	if (error)
		cxm_page_notice(d, "error", error);
	return cxm_page_end(req);
}

int cxm_page_reset_form(struct cxm_req *req)
{
	const char *token = cxm_field(req, RF_TOKEN)->s;
	long long id, uid;
	const char *email = NULL;
	if (find_reset(req, token, &id, &uid, &email) != CXM_OK)
		return 503;
	if (!id)
		return invalid_link(req);
	return reset_page(req, token, email, NULL);
}

/* Stores a new hash for user_id and ends all the user's sessions. */
static enum cxm_err store_password(struct cxm_req *req, long long user_id, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	enum cxm_err rc = cxm_password_hash(req->cfg, password, hash, sizeof(hash));
	if (rc != CXM_OK)
		return rc;
	rc = cxm_db_exec(req->db,
	                 "UPDATE users SET password_hash = ?, password_changed_at = UTC_TIMESTAMP(6)"
	                 " WHERE id = ?",
	                 CXM_PARAMS(CXM_PSTR(hash), CXM_PINT(user_id)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_session_end_user(req->db, user_id, 0);
	return rc;
}

int cxm_page_reset(struct cxm_req *req)
{
	const char *token = cxm_field(req, RS_TOKEN)->s;
	long long id, uid;
	const char *email = NULL;
	if (find_reset(req, token, &id, &uid, &email) != CXM_OK)
		return 503;
	if (!id)
		return invalid_link(req);
	const struct cxm_field *pw = cxm_field(req, RS_PASSWORD), *pw2 = cxm_field(req, RS_PASSWORD2);
	const char *why = pw->valid && pw2->valid ? cxm_password_new_problem(pw->s, pw2->s)
	                                          : N_("Enter the new password twice.");
	if (why)
		return reset_page(req, token, email, _(why));

	if (cxm_db_begin(req->db) != CXM_OK)
		return 503;
	uint64_t used = 0;
	enum cxm_err rc = cxm_db_exec(req->db,
	                              "UPDATE user_tokens SET used_at = UTC_TIMESTAMP(6)"
	                              " WHERE id = ? AND used_at IS NULL",
	                              CXM_PARAMS(CXM_PINT(id)), &used, NULL);
	if (rc == CXM_OK && used != 1) {
		cxm_db_rollback(req->db);
		return invalid_link(req);  /* used by a request that just won the race */
	}
	if (rc == CXM_OK)
		rc = store_password(req, uid, pw->s);
	if (rc == CXM_OK)
		rc = cxm_db_exec(req->db,
		                 "UPDATE user_tokens SET used_at = UTC_TIMESTAMP(6)"
		                 " WHERE user_id = ? AND purpose = 'reset' AND used_at IS NULL",
		                 CXM_PARAMS(CXM_PINT(uid)), NULL, NULL);
	if (rc != CXM_OK || cxm_db_commit(req->db) != CXM_OK) {
		cxm_db_rollback(req->db);
		cxm_error("password reset for user %lld failed: %s", uid, cxm_db_error(req->db));
		return 503;
	}
	cxm_throttle_succeeded(req, email);
	/* Signed in before the audit row, so the row names the user as the
	 * actor (not whoever was signed in in this browser). */
	enum cxm_err started = cxm_session_start(req, uid, 0);
	cxm_audit_user(req, uid, "password_reset", email, "");
	if (started != CXM_OK)
		return 503;
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/", req->base));
	return 303;
}

/* ---- change while signed in ------------------------------------------- */

int cxm_page_change_password(struct cxm_req *req)
{
	const struct cxm_field *cur = cxm_field(req, CP_CURRENT);
	const struct cxm_field *pw = cxm_field(req, CP_PASSWORD), *pw2 = cxm_field(req, CP_PASSWORD2);
	const struct cxm_session *s = req->session;
	const char *why = NULL;
	if (!cur->valid || !pw->valid || !pw2->valid)
		why = N_("Fill in all three password fields.");
	struct cxm_rows r;
	if (!why) {
		/* Wrong current passwords count like failed sign-ins, so a stolen
		 * session cannot be used to guess the password. */
		long wait = 0;
		if (cxm_throttle_check(req, s->email, &wait) != CXM_OK)
			return 503;
		if (wait > 0) {
			long minutes = (wait + 59) / 60;
			req->status = 429;
			return cxm_page_account_show(
				req, NULL,
				cxm_printf(req->arena,
				           cxm_ngettext("Too many failed attempts. Try again in %ld minute.",
				                        "Too many failed attempts. Try again in %ld minutes.",
				                        (unsigned long)minutes),
				           minutes));
		}
		if (cxm_db_query(req->db, req->arena, "SELECT password_hash FROM users WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(s->user_id)), &r) != CXM_OK)
			return 503;
		if (cxm_password_verify(req->cfg, r.nrows ? cxm_rows_get(&r, 0, 0) : NULL, cur->s) ==
		    CXM_PW_MISMATCH) {
			cxm_throttle_failed(req, s->email);
			cxm_audit_user(req, s->user_id, "password_change_failed", s->email,
			               "wrong current password");
			why = N_("The current password is wrong.");
		}
	}
	if (!why)
		why = cxm_password_new_problem(pw->s, pw2->s);
	if (why)
		return cxm_page_account_show(req, NULL, _(why));

	long long uid = s->user_id, business = s->business_id;
	const char *email = s->email;
	if (store_password(req, uid, pw->s) != CXM_OK)
		return 503;
	cxm_throttle_succeeded(req, email);
	cxm_audit_user(req, uid, "password_changed", email, "all sessions ended");
	req->session = NULL;  /* its row is gone; start a fresh one here */
	if (cxm_session_start(req, uid, business) != CXM_OK)
		return 503;
	return cxm_page_account_show(req, _("Your password has been changed. Other devices "
	                                    "where you were signed in have been signed out."),
	                             NULL);
}
