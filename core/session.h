/* Sessions kept in the database. The cookie "cxm_session" carries a
 * 256-bit random token; the sessions table keeps only its hash. A session
 * ends after session_idle_timeout without requests, session_absolute_timeout
 * after login, at logout, and for all of a user's sessions when the
 * password changes. The business a request works on comes only from here. */
#ifndef CXM_SESSION_H
#define CXM_SESSION_H

#include "err.h"
#include "i18n.h"
#include "role.h"

struct cxm_db;
struct cxm_req;

#define CXM_SESSION_COOKIE "cxm_session"

struct cxm_session {
	long long id;
	long long user_id;
	const char *email;
	const char *name;
	enum cxm_lang lang;        /* the user's chosen language */
	int site_admin;
	const char *csrf;          /* this session's CSRF token */
	/* the current business: 0 / NULL / NONE when the user has none (or the
	 * membership was removed or suspended since) */
	long long business_id;
	const char *business_name;
	const char *business_slug;
	enum cxm_role role;
	int nbusinesses;           /* active memberships, for the switcher */
};

/* Reads the session cookie and loads the session, its user and the user's
 * role in the current business into req->session (NULL when there is no
 * valid session; req->session_expired tells a cookie that had ended, and
 * the cookie is then cleared). Refreshes last_seen_at at most once a
 * minute. Returns CXM_ERR_DB when the database failed. */
enum cxm_err cxm_session_load(struct cxm_req *req);

/* Signs user_id in: ends the session the request came with (a token never
 * survives a login, so a planted one is useless), creates a new one working
 * on business_id (0: the user's first active membership) and sets the
 * cookie. Fills req->session. */
enum cxm_err cxm_session_start(struct cxm_req *req, long long user_id, long long business_id);

/* Ends the request's session and clears the cookie. */
enum cxm_err cxm_session_end(struct cxm_req *req);

/* Ends every session of user_id except keep_id (0: all of them). */
enum cxm_err cxm_session_end_user(struct cxm_db *db, long long user_id, long long keep_id);

/* Makes business_id the session's current business if the user has an
 * active membership there. Returns CXM_ERR_NOT_FOUND otherwise. */
enum cxm_err cxm_session_switch(struct cxm_req *req, long long business_id);

/* May the holder of session s (NULL: a visitor) use something that needs
 * access level a? */
int cxm_session_may(const struct cxm_session *s, enum cxm_access a);

/* Removes sessions past their timeouts (called now and then). */
void cxm_session_sweep(struct cxm_req *req);

#endif
