/* Signing in and out. POST /login checks the throttle first (a refused
 * attempt costs no hash and is not counted), then the password; an
 * unknown e-mail costs the same hash work as a known one, and both get the
 * same message. A successful login always starts a new session. */
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
#include "route.h"
#include "session.h"
#include "throttle.h"
#include "tmpl.h"

enum { FF_NEXT, FF_EXPIRED };
enum { F_EMAIL, F_PASSWORD, F_NEXT };

static int show_form(struct cxm_req *req, int status, const char *error, const char *next,
                     int expired)
{
	struct cxm_dict *d = cxm_page_begin(req, "login.tpl", _("Sign in"));
	req->status = status;
	if (req->method == CXM_POST)
		cxm_page_form_state(req, d);
	if (error)
		cxm_page_notice(d, "error", error);
	else if (expired)
		cxm_page_notice(d, "", _("Your session has ended. Please sign in again."));
	if (next && *next)
		cxm_dict_set(d, "NEXT_PATH", next);
	if (req->cfg->allow_signup)
		cxm_dict_show(d, "SIGNUP");
	return cxm_page_end(req);
}

int cxm_page_login_form(struct cxm_req *req)
{
	const struct cxm_field *next = cxm_field(req, FF_NEXT);
	if (req->session) {
		cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s%s", req->base,
		                                       next->valid && next->present ? next->s : "/"));
		return 303;
	}
	return show_form(req, 200, NULL, next->valid && next->present ? next->s : NULL,
	                 cxm_field(req, FF_EXPIRED)->i != 0);
}

int cxm_page_login(struct cxm_req *req)
{
	const struct cxm_field *email_f = cxm_field(req, F_EMAIL);
	const struct cxm_field *pw_f = cxm_field(req, F_PASSWORD);
	const struct cxm_field *next_f = cxm_field(req, F_NEXT);
	const char *next = next_f->valid && next_f->present ? next_f->s : NULL;
	if (!email_f->valid || !pw_f->valid)
		return show_form(req, 200, _("Enter your e-mail and password."), next, 0);

	/* The throttle key: the address as typed, normalised when it is one. */
	const char *email = cxm_email_normalize(req->arena, email_f->s);
	const char *key = email ? email : email_f->s;

	long wait = 0;
	if (cxm_throttle_check(req, key, &wait) != CXM_OK)
		return 503;
	if (wait > 0) {
		struct cxm_rows who = {0};
		if (email && cxm_db_query(req->db, req->arena, "SELECT id FROM users WHERE email = ?",
		                          CXM_PARAMS(CXM_PSTR(email)), &who) != CXM_OK)
			return 503;
		cxm_audit_user(req, who.nrows ? cxm_rows_int(&who, 0, 0, 0) : 0, "login_refused", key,
		               "too many failed attempts");
		long minutes = (wait + 59) / 60;
		return show_form(req, 429,
		                 cxm_printf(req->arena,
		                            cxm_ngettext("Too many failed sign-in attempts. Try again in %ld minute.",
		                                     "Too many failed sign-in attempts. Try again in %ld minutes.",
		                                     (unsigned long)minutes),
		                            minutes),
		                 next, 0);
	}

	struct cxm_rows r = {0};
	if (email &&
	    cxm_db_query(req->db, req->arena,
	                 "SELECT id, password_hash, disabled FROM users WHERE email = ?",
	                 CXM_PARAMS(CXM_PSTR(email)), &r) != CXM_OK)
		return 503;
	const char *hash = r.nrows ? cxm_rows_get(&r, 0, 1) : NULL;
	enum cxm_pw_result pw = cxm_password_verify(req->cfg, hash, pw_f->s);
	if (pw == CXM_PW_MISMATCH) {
		cxm_throttle_failed(req, key);
		cxm_audit_user(req, r.nrows ? cxm_rows_int(&r, 0, 0, 0) : 0, "login_failed", key,
		               r.nrows ? "wrong password" : "unknown account");
		return show_form(req, 200, _("Wrong e-mail or password."), next, 0);
	}
	long long user_id = cxm_rows_int(&r, 0, 0, 0);
	if (cxm_rows_int(&r, 0, 2, 0)) {
		cxm_audit_user(req, user_id, "login_refused", email, "account disabled");
		return show_form(req, 200,
		                 _("This account is disabled. Contact the administrator of your business."),
		                 next, 0);
	}
	if (pw == CXM_PW_OK_REHASH) {
		char fresh[crypto_pwhash_STRBYTES];
		if (cxm_password_hash(req->cfg, pw_f->s, fresh, sizeof(fresh)) == CXM_OK) {
			cxm_db_exec(req->db, "UPDATE users SET password_hash = ? WHERE id = ?",
			            CXM_PARAMS(CXM_PSTR(fresh), CXM_PINT(user_id)), NULL, NULL);
			cxm_info("password hash of user %lld upgraded to the configured costs", user_id);
		}
	}
	cxm_throttle_succeeded(req, key);
	if (cxm_session_start(req, user_id, 0) != CXM_OK)
		return 503;
	cxm_db_exec(req->db, "UPDATE users SET last_login_at = UTC_TIMESTAMP(6) WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(user_id)), NULL, NULL);
	cxm_audit(req, req->session ? req->session->business_id : 0, "login", email, "");
	/* Now and then, clear out sessions that ended without a logout. */
	if (randombytes_uniform(20) == 0)
		cxm_session_sweep(req);
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s%s", req->base, next ? next : "/"));
	return 303;
}

int cxm_page_logout(struct cxm_req *req)
{
	if (req->session) {
		cxm_audit(req, req->session->business_id, "logout", req->session->email, "");
		cxm_session_end(req);
	}
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/login", req->base));
	return 303;
}
