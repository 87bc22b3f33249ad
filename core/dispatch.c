/* Request dispatch: the order of checks every request goes through. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "conf.h"
#include "csrf.h"
#include "db.h"
#include "dispatch.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "route.h"
#include "session.h"

static void choose_language(struct cxm_req *req)
{
	int def = cxm_lang_from_code(req->cfg->default_language);
	enum cxm_lang lang = def >= 0 ? (enum cxm_lang)def : CXM_LANG_RU;
	int from_cookie = cxm_lang_from_code(cxm_req_cookie(req, "lang"));
	if (from_cookie >= 0)
		lang = (enum cxm_lang)from_cookie;
	else
		lang = cxm_lang_from_accept(req->accept_language, lang);
	req->lang = lang;
	cxm_i18n_set(lang);
}

static int fail(struct cxm_req *req, int status, const char *detail)
{
	req->error_detail = detail;
	cxm_page_error(req, status);
	return status;
}

/* "Field “x”: reason" for a parse error, in the visitor's language. */
static const char *parse_detail(struct cxm_req *req, enum cxm_err rc)
{
	const char *why = _(cxm_err_msgid(rc));
	if (req->parse_error.field)
		return cxm_printf(req->arena, _("Field “%s”: %s"), req->parse_error.field, why);
	return why;
}

static const char *invalid_detail(struct cxm_req *req)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 256);
	for (size_t i = 0; i < req->route->nfields; i++) {
		const struct cxm_field *f = &req->fields[i];
		if (f->valid)
			continue;
		if (b.len)
			cxm_buf_puts(&b, " ");
		cxm_buf_printf(&b, _("Field “%s”: %s"), req->route->fields[i].name, f->error);
	}
	return b.data;
}

/* "/login?next=/where/it/was" (the path percent-encoded). */
static const char *login_url(struct cxm_req *req)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 128);
	cxm_buf_printf(&b, "%s/login", req->base);
	if (req->method == CXM_GET && req->path && strcmp(req->path, "/") != 0) {
		cxm_buf_puts(&b, "?next=");
		for (const unsigned char *p = (const unsigned char *)req->path; *p; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    *p == '/' || *p == '-' || *p == '_' || *p == '.')
				cxm_buf_putc(&b, (char)*p);
			else
				cxm_buf_printf(&b, "%%%02X", *p);
		}
		if (req->session_expired)
			cxm_buf_puts(&b, "&expired=1");
	} else if (req->session_expired) {
		cxm_buf_puts(&b, "?expired=1");
	}
	return b.data;
}

int cxm_dispatch(struct cxm_req *req, enum cxm_err init_rc, const struct cxm_route *routes,
                 size_t nroutes, cxm_read_fn read, void *read_ctx)
{
	choose_language(req);

	if (init_rc != CXM_OK)
		return fail(req, 400, _(cxm_err_msgid(init_rc)));
	if (req->has_content_length && req->content_length > req->cfg->max_body)
		return fail(req, 413, NULL);

	/* Who is asking: only with a session cookie does this touch the DB. */
	if (req->db && cxm_session_load(req) != CXM_OK) {
		cxm_error("session lookup failed: %s", cxm_db_error(req->db));
		return fail(req, 503, NULL);
	}
	if (req->session && req->session->lang != req->lang) {
		req->lang = req->session->lang;
		cxm_i18n_set(req->lang);
	}

	int st = cxm_route_match(req, routes, nroutes);
	if (st == 405) {
		cxm_resp_header(req, "Allow", cxm_route_allow(req));
		return fail(req, 405, NULL);
	}
	if (st != 200)
		return fail(req, st, NULL);
	/* A path that holds a credential (/invite/<token>) is logged by its
	 * pattern from here on: tokens never reach the log. */
	if (strstr(req->route->pattern, "{token}"))
		req->uri = cxm_printf(req->arena, "%s%s", req->base, req->route->pattern);

	if (!cxm_session_may(req->session, req->route->access)) {
		if (!req->session) {
			cxm_resp_redirect(req, 303, login_url(req));
			req->status = 303;
			return 303;
		}
		cxm_info("access denied: %s needs %s, user %lld has role %s in business %lld",
		         req->route->pattern, cxm_access_names[req->route->access], req->session->user_id,
		         cxm_role_names[req->session->role], req->session->business_id);
		return fail(req, 403, NULL);
	}

	enum cxm_err rc = cxm_req_read_body(req, read, read_ctx);
	if (rc == CXM_ERR_BODY_TOO_LARGE)
		return fail(req, 413, NULL);
	if (rc != CXM_OK)
		return fail(req, 400, _(cxm_err_msgid(rc)));

	rc = cxm_req_parse(req);
	if (rc != CXM_OK) {
		cxm_info("rejected request: %s (field %s)", cxm_err_name(rc),
		         req->parse_error.field ? req->parse_error.field : "-");
		return fail(req, 400, parse_detail(req, rc));
	}

	if (req->method == CXM_POST && !cxm_csrf_ok(req)) {
		cxm_warn("refused %s %s: missing or wrong CSRF token", req->method_name, req->uri);
		return fail(req, 403, _("The form has expired or did not come from this site. "
		                        "Go back, reload the page and try again."));
	}

	if (cxm_route_validate(req) > 0 && !(req->route->flags & CXM_R_FORM))
		return fail(req, 400, invalid_detail(req));

	st = req->route->handler(req);
	if (req->streaming) {
		/* the head went out with the stream: nothing can change now */
		return req->status;
	}
	if (st >= 400 && req->out.len == 0)
		return fail(req, st, req->error_detail);
	req->status = st;
	return st;
}
