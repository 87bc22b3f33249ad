/* Self-service sign-up (only with allow_signup = yes): creates a business
 * and its owner in one transaction and signs the owner in. Otherwise the
 * pages do not exist (404). */
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
#include "tmpl.h"

enum { F_BUSINESS_NAME, F_SLUG, F_INDUSTRY, F_TIMEZONE, F_NAME, F_EMAIL, F_PASSWORD, F_PASSWORD2 };

/* The form again after a POST, or empty. error: above the form;
 * slug_error, tz_error: next to those fields (NULL: none). */
static int signup_page(struct cxm_req *req, const char *error, const char *slug_error,
                       const char *tz_error)
{
	struct cxm_dict *d = cxm_page_begin(req, "signup.tpl", _("Create an account for your business"));
	const char *industry = NULL;
	if (req->method == CXM_POST) {
		cxm_page_form_state(req, d);
		industry = cxm_field(req, F_INDUSTRY)->raw;
	} else {
		cxm_dict_set(d, "VALUE_TIMEZONE", "Europe/Moscow");
	}
	for (size_t i = 0; cxm_industries[i]; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "INDUSTRY");
		cxm_dict_set(o, "CODE", cxm_industries[i]);
		cxm_dict_set(o, "LABEL", _(cxm_industry_labels[i]));
		if (industry && strcmp(industry, cxm_industries[i]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	if (slug_error)
		cxm_dict_set(cxm_dict_section(d, "ERR_SLUG"), "MSG", slug_error);
	if (tz_error)
		cxm_dict_set(cxm_dict_section(d, "ERR_TIMEZONE"), "MSG", tz_error);
	if (error)
		cxm_page_notice(d, "error", error);
	return cxm_page_end(req);
}

int cxm_page_signup_form(struct cxm_req *req)
{
	if (!req->cfg->allow_signup)
		return 404;
	return signup_page(req, NULL, NULL, NULL);
}

int cxm_page_signup(struct cxm_req *req)
{
	if (!req->cfg->allow_signup)
		return 404;
	for (int i = F_BUSINESS_NAME; i <= F_PASSWORD2; i++)
		if (!cxm_field(req, (size_t)i)->valid)
			return signup_page(req, _("Check the highlighted fields."), NULL, NULL);
	/* The short name and the time zone are checked here too, so that their
	 * reasons appear next to them. */
	const char *slug_why = cxm_slug_problem(cxm_field(req, F_SLUG)->s);
	const char *tz_why = cxm_timezone_valid(cxm_field(req, F_TIMEZONE)->s)
	                         ? NULL
	                         : N_("Unknown time zone; use a name such as Europe/Moscow.");
	if (slug_why || tz_why)
		return signup_page(req, _("Check the highlighted fields."), slug_why ? _(slug_why) : NULL,
		                   tz_why ? _(tz_why) : NULL);
	const char *why = cxm_password_new_problem(cxm_field(req, F_PASSWORD)->s,
	                                           cxm_field(req, F_PASSWORD2)->s);
	if (why)
		return signup_page(req, _(why), NULL, NULL);
	const char *email = cxm_email_normalize(req->arena, cxm_field(req, F_EMAIL)->s);
	long long uid = 0;
	if (cxm_user_by_email(req->db, req->arena, email, &uid) != CXM_OK)
		return 503;
	if (uid)
		return signup_page(req, _("An account with this e-mail already exists. Sign in, or ask "
		                          "the owner of your business to invite you."),
		                   NULL, NULL);
	char hash[crypto_pwhash_STRBYTES];
	if (cxm_password_hash(req->cfg, cxm_field(req, F_PASSWORD)->s, hash, sizeof(hash)) != CXM_OK)
		return 503;

	if (cxm_db_begin(req->db) != CXM_OK)
		return 503;
	struct cxm_new_business nb = {
		.slug = cxm_field(req, F_SLUG)->s,
		.name = cxm_field(req, F_BUSINESS_NAME)->s,
		.industry = cxm_field(req, F_INDUSTRY)->s,
		.locale = cxm_lang_codes[req->lang],
		.timezone = cxm_field(req, F_TIMEZONE)->s,
	};
	long long bid = 0;
	enum cxm_err rc = cxm_business_create(req->db, &nb, &bid, &why);
	if (rc == CXM_ERR_INVALID) {
		cxm_db_rollback(req->db);
		/* The short name and time zone were checked above, so this is a
		 * short name taken (next to it) or the name (above the form). */
		long long taken = 0;
		if (cxm_business_by_slug(req->db, req->arena, nb.slug, &taken) == CXM_OK)
			return signup_page(req, _("Check the highlighted fields."), _(why), NULL);
		return signup_page(req, _(why), NULL, NULL);
	}
	if (rc == CXM_OK)
		rc = cxm_user_create(req->db, email, cxm_field(req, F_NAME)->s, cxm_lang_codes[req->lang],
		                     hash, &uid);
	if (rc == CXM_OK)
		rc = cxm_membership_set(req->db, bid, uid, CXM_ROLE_OWNER);
	if (rc != CXM_OK || cxm_db_commit(req->db) != CXM_OK) {
		cxm_error("sign-up of %s failed: %s", email, cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return 503;
	}
	if (cxm_session_start(req, uid, bid) != CXM_OK)
		return 503;
	cxm_audit(req, bid, "signup", nb.slug, email);
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/", req->base));
	return 303;
}
