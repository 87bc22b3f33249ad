/* CSRF tokens; see csrf.h. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "csrf.h"
#include "http.h"
#include "session.h"
#include "token.h"

static const char *visitor_cookie(struct cxm_req *req)
{
	const char *c = cxm_req_cookie(req, CXM_CSRF_COOKIE);
	return c && strlen(c) == CXM_TOKEN_CHARS ? c : NULL;
}

const char *cxm_csrf_token(struct cxm_req *req)
{
	if (req->session)
		return req->session->csrf;
	if (req->csrf)
		return req->csrf;
	const char *c = visitor_cookie(req);
	if (!c) {
		char *t = cxm_alloc(req->arena, CXM_TOKEN_CHARS + 1);
		cxm_token_new(t);
		cxm_resp_header(req, "Set-Cookie",
		                cxm_printf(req->arena, "%s=%s; Path=%s/; HttpOnly; SameSite=Lax%s",
		                           CXM_CSRF_COOKIE, t, req->base, req->https ? "; Secure" : ""));
		c = t;
	}
	req->csrf = c;
	return c;
}

int cxm_csrf_ok(struct cxm_req *req)
{
	const char *expected = req->session ? req->session->csrf : visitor_cookie(req);
	return cxm_token_equal(cxm_req_param(req, CXM_CSRF_FIELD), expected);
}
