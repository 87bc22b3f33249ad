/* POST /language: remembers the visitor's language in a cookie and returns
 * to the page the form was on. Signed-in users will store it in their
 * profile instead (accounts issue). */
#include "config.h"

#include "arena.h"
#include "http.h"
#include "i18n.h"
#include "pages/pages.h"
#include "route.h"

enum { F_LANG, F_NEXT };

int cxm_page_set_language(struct cxm_req *req)
{
	const struct cxm_field *lang = cxm_field(req, F_LANG);
	const struct cxm_field *next = cxm_field(req, F_NEXT);
	const char *path = next->present ? next->s : "/";
	const char *cookie = cxm_printf(req->arena, "lang=%s; Path=%s/; Max-Age=31536000; SameSite=Lax; HttpOnly%s",
	                                lang->s, req->base, req->https ? "; Secure" : "");
	cxm_resp_header(req, "Set-Cookie", cookie);
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s%s", req->base, path));
	return 303;
}
