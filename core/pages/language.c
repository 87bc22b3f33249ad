/* POST /language: remembers the visitor's language in a cookie and, for a
 * signed-in user, in their account; then returns to the page the form was
 * on. */
#include "config.h"

#include "arena.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"

enum { F_LANG, F_NEXT };

int cxm_page_set_language(struct cxm_req *req)
{
	const struct cxm_field *lang = cxm_field(req, F_LANG);
	const struct cxm_field *next = cxm_field(req, F_NEXT);
	const char *path = next->present ? next->s : "/";
	const char *cookie = cxm_printf(req->arena, "lang=%s; Path=%s/; Max-Age=31536000; SameSite=Lax; HttpOnly%s",
	                                lang->s, req->base, req->https ? "; Secure" : "");
	cxm_resp_header(req, "Set-Cookie", cookie);
	if (req->session &&
	    cxm_db_exec(req->db, "UPDATE users SET language = ? WHERE id = ?",
	                CXM_PARAMS(CXM_PSTR(lang->s), CXM_PINT(req->session->user_id)), NULL,
	                NULL) != CXM_OK)
		return 503;
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s%s", req->base, path));
	return 303;
}
