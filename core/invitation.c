/* Invitations; see invitation.h. The person is a user (perhaps without a
 * password yet) from the invitation on, but becomes a member of the
 * business only when the link is accepted (pages/invite.c). A new
 * invitation of the same person to the same business replaces the ones
 * still open, so only the newest link works. */
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
#include "invitation.h"
#include "log.h"
#include "mail.h"
#include "session.h"
#include "token.h"

/* The user with email, created (no password, the business's language)
 * when there is none. *member tells whether the user already belongs to
 * business_id: 0 no, 1 yes, 2 yes but suspended there. */
static enum cxm_err find_or_create_user(struct cxm_req *req, long long business_id,
                                        const char *email, const char *name,
                                        const char *language, long long *user_id, int *member)
{
	*member = 0;
	enum cxm_err rc = cxm_user_by_email(req->db, req->arena, email, user_id);
	if (rc != CXM_OK)
		return rc;
	if (*user_id == 0) {
		if (!name || !*name) {
			const char *at = strchr(email, '@');
			size_t n = at ? (size_t)(at - email) : strlen(email);
			name = cxm_strndup(req->arena, email, n);
		}
		return cxm_user_create(req->db, email, name, language, NULL, user_id);
	}
	struct cxm_rows r;
	rc = cxm_db_query(req->db, req->arena,
	                  "SELECT disabled FROM memberships WHERE business_id = ? AND user_id = ?",
	                  CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(*user_id)), &r);
	if (rc == CXM_OK && r.nrows)
		*member = cxm_rows_int(&r, 0, 0, 0) ? 2 : 1;
	return rc;
}

/* Stores a fresh invitation token for user_id (closing the ones still
 * open for the same business) and writes the link into link_out and the
 * expiry time (UTC, "YYYY-MM-DD HH:MM") into expires_out. */
static enum cxm_err store_token(struct cxm_req *req, long long business_id, long long user_id,
                                enum cxm_role role, const char **link_out,
                                const char **expires_out)
{
	enum cxm_err rc = cxm_db_exec(req->db,
	                              "UPDATE user_tokens SET used_at = UTC_TIMESTAMP(6)"
	                              " WHERE user_id = ? AND business_id = ? AND purpose = 'invite'"
	                              " AND used_at IS NULL",
	                              CXM_PARAMS(CXM_PINT(user_id), CXM_PINT(business_id)), NULL, NULL);
	if (rc != CXM_OK)
		return rc;
	char token[CXM_TOKEN_CHARS + 1];
	unsigned char hash[CXM_TOKEN_HASH_BYTES];
	cxm_token_new(token);
	cxm_token_hash(token, hash);
	long long by = req->session ? req->session->user_id : 0;
	uint64_t id = 0;
	rc = cxm_db_exec(req->db,
	                 "INSERT INTO user_tokens (token_hash, purpose, user_id, business_id, role,"
	                 " created_by, created_at, expires_at) VALUES (?, 'invite', ?, ?, ?, ?,"
	                 " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? HOUR)",
	                 CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PINT(user_id),
	                            CXM_PINT(business_id), CXM_PSTR(cxm_role_names[role]),
	                            by ? CXM_PINT(by) : CXM_PNULL,
	                            CXM_PINT(req->cfg->invite_valid_hours)),
	                 NULL, &id);
	if (rc == CXM_OK)
		*link_out = cxm_mail_url(req, cxm_printf(req->arena, "/invite/%s", token));
	sodium_memzero(token, sizeof(token));
	if (rc != CXM_OK)
		return rc;
	struct cxm_rows r;
	rc = cxm_db_query(req->db, req->arena,
	                  "SELECT DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i') FROM user_tokens WHERE id = ?",
	                  CXM_PARAMS(CXM_PINT((long long)id)), &r);
	*expires_out = rc == CXM_OK && r.nrows ? cxm_rows_get(&r, 0, 0) : "";
	return rc;
}

/* Puts the invitation message into the outbox, in the invitee's language:
 * their account's, which for a new person is the business's. */
static enum cxm_err send_mail(struct cxm_req *req, long long business_id, long long user_id,
                              const char *email, const char *business_name, enum cxm_role role,
                              const char *link, const char *expires)
{
	struct cxm_rows u;
	enum cxm_err rc = cxm_db_query(req->db, req->arena, "SELECT language FROM users WHERE id = ?",
	                               CXM_PARAMS(CXM_PINT(user_id)), &u);
	if (rc != CXM_OK)
		return rc;
	int code = cxm_lang_from_code(u.nrows ? cxm_rows_get(&u, 0, 0) : NULL);
	enum cxm_lang lang = code >= 0 ? (enum cxm_lang)code : req->lang;
	const char *subject =
		cxm_printf(req->arena, cxm_gettext_lang(lang, "Invitation to %s in CXM"), business_name);
	const char *body = cxm_printf(
		req->arena,
		cxm_gettext_lang(lang,
		                 "Hello,\n\n"
		                 "you are invited to join %s in CXM with the role %s.\n\n"
		                 "To accept the invitation, open this link:\n%s\n\n"
		                 "The link works once and expires on %s UTC (%ld hours after it was sent).\n\n"
		                 "If you did not expect this invitation, ignore this message."),
		business_name, cxm_gettext_lang(lang, cxm_role_labels[role]), link, expires,
		req->cfg->invite_valid_hours);
	return cxm_mail_send(req, business_id, email, subject, body);
}

enum cxm_err cxm_invitation_create(struct cxm_req *req, long long business_id,
                                   const char *email, const char *name, enum cxm_role role,
                                   const char **why)
{
	*why = NULL;
	const char *addr = cxm_email_normalize(req->arena, email);
	if (!addr) {
		*why = N_("Enter a valid e-mail address.");
		return CXM_ERR_INVALID;
	}
	if (role <= CXM_ROLE_NONE || role >= CXM_ROLE_MAX) {
		*why = N_("Choose a role from the list.");
		return CXM_ERR_INVALID;
	}
	struct cxm_rows b;
	enum cxm_err rc = cxm_db_query(req->db, req->arena,
	                               "SELECT name, locale FROM businesses WHERE id = ?",
	                               CXM_PARAMS(CXM_PINT(business_id)), &b);
	if (rc != CXM_OK)
		return rc;
	if (!b.nrows) {
		cxm_error("invitation to business %lld: no such business", business_id);
		return CXM_ERR_NOT_FOUND;
	}
	long long user_id = 0;
	int member = 0;
	rc = find_or_create_user(req, business_id, addr, name, cxm_rows_get(&b, 0, 1), &user_id,
	                         &member);
	if (rc != CXM_OK)
		return rc;
	if (member) {
		*why = member == 2 ? N_("This person is already a member of the business, suspended. "
		                        "Restore them on their page instead.")
		                   : N_("This person is already a member of the business.");
		return CXM_ERR_INVALID;
	}
	const char *link = NULL, *expires = NULL;
	rc = store_token(req, business_id, user_id, role, &link, &expires);
	if (rc == CXM_OK)
		rc = send_mail(req, business_id, user_id, addr, cxm_rows_get(&b, 0, 0), role, link,
		               expires);
	if (rc != CXM_OK)
		return rc;
	cxm_audit(req, business_id, "invitation_sent", addr, cxm_role_names[role]);
	return CXM_OK;
}
