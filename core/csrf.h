/* Cross-site request forgery protection. Every form carries a hidden field
 * "csrf"; every POST is refused (403) unless it matches, compared in
 * constant time. Signed-in users' token lives in their session row.
 * Visitors without a session (the login form, the language switch) get a
 * random token in the cookie "cxm_csrf", which the form must repeat: a
 * foreign site can neither read that cookie nor set it (HttpOnly,
 * SameSite=Lax). */
#ifndef CXM_CSRF_H
#define CXM_CSRF_H

struct cxm_req;

#define CXM_CSRF_FIELD "csrf"
#define CXM_CSRF_COOKIE "cxm_csrf"

/* The token this request's forms must carry (sets the visitor cookie when
 * there is no session and no cookie yet). */
const char *cxm_csrf_token(struct cxm_req *req);

/* 1 when the request's "csrf" field matches the expected token. */
int cxm_csrf_ok(struct cxm_req *req);

#endif
