/* Database sessions; see session.h. */
#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "session.h"
#include "token.h"

static void set_cookie(struct cxm_req *req, const char *value, int clear)
{
	cxm_resp_header(req, "Set-Cookie",
	                cxm_printf(req->arena, "%s=%s; Path=%s/; HttpOnly; SameSite=Lax%s%s",
	                           CXM_SESSION_COOKIE, value, req->base,
	                           req->https ? "; Secure" : "", clear ? "; Max-Age=0" : ""));
}

static const char load_sql[] =
	"SELECT s.id, s.user_id, u.email, u.name, u.language, u.site_admin, s.csrf_token,"
	" b.id, b.name, b.slug, m.role,"
	" TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(6)),"
	" (SELECT COUNT(*) FROM memberships a WHERE a.user_id = u.id AND a.disabled = 0),"
	" (s.created_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
	"  OR s.last_seen_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND)"
	" FROM sessions s JOIN users u ON u.id = s.user_id"
	" LEFT JOIN memberships m ON m.business_id = s.business_id AND m.user_id = s.user_id"
	"  AND m.disabled = 0"
	" LEFT JOIN businesses b ON b.id = m.business_id"
	" WHERE s.token_hash = ? AND u.disabled = 0";

/* Loads the session whose token hashes to hash. Returns CXM_OK with
 * req->session set or left NULL (unknown or ended). */
static enum cxm_err load_by_hash(struct cxm_req *req, const unsigned char *hash)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(req->db, req->arena, load_sql,
	                               CXM_PARAMS(CXM_PINT(req->cfg->session_absolute_timeout),
	                                          CXM_PINT(req->cfg->session_idle_timeout),
	                                          CXM_PBLOB(hash, CXM_TOKEN_HASH_BYTES)),
	                               &r);
	if (rc != CXM_OK)
		return rc;
	if (r.nrows == 0)
		return CXM_OK;
	if (cxm_rows_int(&r, 0, 13, 1)) {
		cxm_db_exec(req->db, "DELETE FROM sessions WHERE id = ?",
		            CXM_PARAMS(CXM_PINT(cxm_rows_int(&r, 0, 0, 0))), NULL, NULL);
		req->session_expired = 1;
		return CXM_OK;
	}
	struct cxm_session *s = cxm_zalloc(req->arena, sizeof(*s));
	s->id = cxm_rows_int(&r, 0, 0, 0);
	s->user_id = cxm_rows_int(&r, 0, 1, 0);
	s->email = cxm_rows_get(&r, 0, 2);
	s->name = cxm_rows_get(&r, 0, 3);
	int lang = cxm_lang_from_code(cxm_rows_get(&r, 0, 4));
	s->lang = lang >= 0 ? (enum cxm_lang)lang : CXM_LANG_RU;
	s->site_admin = cxm_rows_int(&r, 0, 5, 0) != 0;
	s->csrf = cxm_rows_get(&r, 0, 6);
	s->business_id = cxm_rows_int(&r, 0, 7, 0);
	s->business_name = cxm_rows_get(&r, 0, 8);
	s->business_slug = cxm_rows_get(&r, 0, 9);
	s->role = s->business_id ? cxm_role_from_name(cxm_rows_get(&r, 0, 10)) : CXM_ROLE_NONE;
	s->nbusinesses = (int)cxm_rows_int(&r, 0, 12, 0);
	req->session = s;
	if (cxm_rows_int(&r, 0, 11, 0) >= 60)
		cxm_db_exec(req->db, "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) WHERE id = ?",
		            CXM_PARAMS(CXM_PINT(s->id)), NULL, NULL);
	return CXM_OK;
}

enum cxm_err cxm_session_load(struct cxm_req *req)
{
	req->session = NULL;
	const char *cookie = cxm_req_cookie(req, CXM_SESSION_COOKIE);
	if (!cookie || !*cookie)
		return CXM_OK;
	unsigned char hash[CXM_TOKEN_HASH_BYTES];
	if (cxm_token_hash(cookie, hash) != 0) {
		req->session_expired = 1;
		set_cookie(req, "", 1);
		return CXM_OK;
	}
	enum cxm_err rc = load_by_hash(req, hash);
	if (rc == CXM_OK && !req->session) {
		req->session_expired = 1;
		set_cookie(req, "", 1);
	}
	return rc;
}

enum cxm_err cxm_session_start(struct cxm_req *req, long long user_id, long long business_id)
{
	/* Whatever token the request came with dies here. */
	const char *old = cxm_req_cookie(req, CXM_SESSION_COOKIE);
	unsigned char hash[CXM_TOKEN_HASH_BYTES];
	if (old && cxm_token_hash(old, hash) == 0)
		cxm_db_exec(req->db, "DELETE FROM sessions WHERE token_hash = ?",
		            CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash))), NULL, NULL);
	if (req->session)
		cxm_db_exec(req->db, "DELETE FROM sessions WHERE id = ?",
		            CXM_PARAMS(CXM_PINT(req->session->id)), NULL, NULL);
	req->session = NULL;

	if (business_id == 0) {
		struct cxm_rows r;
		enum cxm_err rc = cxm_db_query(req->db, req->arena,
		                               "SELECT business_id FROM memberships"
		                               " WHERE user_id = ? AND disabled = 0"
		                               " ORDER BY created_at, business_id LIMIT 1",
		                               CXM_PARAMS(CXM_PINT(user_id)), &r);
		if (rc != CXM_OK)
			return rc;
		if (r.nrows)
			business_id = cxm_rows_int(&r, 0, 0, 0);
	}

	char token[CXM_TOKEN_CHARS + 1], csrf[CXM_TOKEN_CHARS + 1];
	cxm_token_new(token);
	cxm_token_new(csrf);
	cxm_token_hash(token, hash);
	const char *ua = req->user_agent ? req->user_agent : "";
	size_t ualen = strlen(ua);
	if (ualen > 255)
		ualen = 255;
	while (ualen > 0 && ((unsigned char)ua[ualen] & 0xC0) == 0x80)
		ualen--;  /* do not cut a character in half */
	enum cxm_err rc = cxm_db_exec(
		req->db,
		"INSERT INTO sessions (token_hash, user_id, business_id, csrf_token, created_at,"
		" last_seen_at, remote_addr, user_agent)"
		" VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), ?, ?)",
		CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PINT(user_id),
		           business_id ? CXM_PINT(business_id) : CXM_PNULL, CXM_PSTR(csrf),
		           CXM_PSTR(req->remote_addr ? req->remote_addr : ""), CXM_PSTRN(ua, ualen)),
		NULL, NULL);
	if (rc != CXM_OK)
		return rc;
	set_cookie(req, token, 0);
	rc = load_by_hash(req, hash);
	sodium_memzero(token, sizeof(token));
	return rc;
}

enum cxm_err cxm_session_end(struct cxm_req *req)
{
	enum cxm_err rc = CXM_OK;
	if (req->session)
		rc = cxm_db_exec(req->db, "DELETE FROM sessions WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(req->session->id)), NULL, NULL);
	req->session = NULL;
	set_cookie(req, "", 1);
	return rc;
}

enum cxm_err cxm_session_end_user(struct cxm_db *db, long long user_id, long long keep_id)
{
	return cxm_db_exec(db, "DELETE FROM sessions WHERE user_id = ? AND id <> ?",
	                   CXM_PARAMS(CXM_PINT(user_id), CXM_PINT(keep_id)), NULL, NULL);
}

enum cxm_err cxm_session_switch(struct cxm_req *req, long long business_id)
{
	if (!req->session)
		return CXM_ERR_NOT_FOUND;
	uint64_t affected = 0;
	enum cxm_err rc = cxm_db_exec(
		req->db,
		"UPDATE sessions s JOIN memberships m ON m.user_id = s.user_id AND m.business_id = ?"
		"  AND m.disabled = 0"
		" SET s.business_id = m.business_id WHERE s.id = ?",
		CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(req->session->id)), &affected, NULL);
	if (rc != CXM_OK)
		return rc;
	struct cxm_rows r;
	rc = cxm_db_query(req->db, req->arena,
	                  "SELECT 1 FROM memberships WHERE user_id = ? AND business_id = ? AND disabled = 0",
	                  CXM_PARAMS(CXM_PINT(req->session->user_id), CXM_PINT(business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	return r.nrows ? CXM_OK : CXM_ERR_NOT_FOUND;
}

void cxm_session_sweep(struct cxm_req *req)
{
	cxm_db_exec(req->db,
	            "DELETE FROM sessions WHERE created_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
	            " OR last_seen_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND",
	            CXM_PARAMS(CXM_PINT(req->cfg->session_absolute_timeout),
	                       CXM_PINT(req->cfg->session_idle_timeout)),
	            NULL, NULL);
}

int cxm_session_may(const struct cxm_session *s, enum cxm_access a)
{
	if (a == CXM_PUBLIC)
		return 1;
	if (!s)
		return 0;
	switch (a) {
	case CXM_SIGNED_IN:
		return 1;
	case CXM_ANALYST:
	case CXM_MANAGER:
	case CXM_ADMIN:
	case CXM_OWNER:
		return s->business_id != 0 && s->role >= cxm_access_role(a);
	default:  /* CXM_SITE_ADMIN, and anything that forgot to say */
		return s->site_admin;
	}
}
