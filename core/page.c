/* The layout and error pages; see page.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "conf.h"
#include "csrf.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

static char asset_version[32] = PACKAGE_VERSION;

void cxm_page_init(const struct cxm_config *cfg)
{
	char path[4096];
	struct stat st;
	snprintf(path, sizeof(path), "%s/css/cxm.css", cfg->static_dir);
	if (stat(path, &st) == 0)
		snprintf(asset_version, sizeof(asset_version), "%lx", (unsigned long)st.st_mtime);
	else
		cxm_warn("stylesheet %s not found: %s", path, "pages will be unstyled");
}

/* Navigation entries, in order. Later features add theirs here. */
static const struct {
	const char *path;
	const char *label;
	enum cxm_access access;
} nav[] = {
	{"/dashboard", N_("Dashboard"), CXM_ANALYST},
	{"/", N_("Home"), CXM_PUBLIC},
	{"/clients", N_("Clients"), CXM_ANALYST},
	{"/surveys", N_("Surveys"), CXM_MANAGER},
	{"/feedback", N_("Feedback"), CXM_ANALYST},
	{"/admin/users", N_("Users"), CXM_ADMIN},
	{"/admin/business", N_("Settings"), CXM_ADMIN},
	{"/admin/surveys/automation", N_("Automatic surveys"), CXM_ADMIN},
	{"/admin/plugins", N_("Plugins"), CXM_ADMIN},
	{"/admin/audit", N_("Audit log"), CXM_ADMIN},
	{"/site/businesses", N_("Businesses"), CXM_SITE_ADMIN},
};

struct cxm_dict *cxm_page_begin(struct cxm_req *req, const char *file, const char *title)
{
	struct cxm_dict *d = cxm_dict_new(req->arena, req->lang);
	req->page = d;
	cxm_dict_set_global(d, "BASE", req->base);
	cxm_dict_set_global(d, "LANG", cxm_lang_codes[req->lang]);
	cxm_dict_set(d, "TITLE", title);
	cxm_dict_set(d, "VERSION", PACKAGE_VERSION);
	cxm_dict_set(d, "ASSET_VERSION", asset_version);
	cxm_dict_set_global(d, "CSRF", cxm_csrf_token(req));
	const struct cxm_session *s = req->outsider ? NULL : req->session;
	if (req->outsider) {
		/* respondents see the business's page, not CXM's */
	} else if (s) {
		struct cxm_dict *u = cxm_dict_section(d, "SIGNED_IN");
		cxm_dict_set(u, "USER_NAME", s->name);
		cxm_dict_set(u, "USER_EMAIL", s->email);
		if (s->business_id) {
			struct cxm_dict *b = cxm_dict_section(u, "BUSINESS");
			cxm_dict_set(b, "BUSINESS_NAME", s->business_name);
			cxm_dict_set(b, "ROLE_LABEL", _(cxm_role_labels[s->role]));
		}
		if (s->nbusinesses > 1)
			cxm_dict_show(u, "CAN_SWITCH");
	} else {
		cxm_dict_show(d, "SIGNED_OUT");
	}
	struct cxm_dict *main_nav = req->outsider ? NULL : cxm_dict_section(d, "MAIN_NAV");
	for (size_t i = 0; main_nav && i < sizeof(nav) / sizeof(nav[0]); i++) {
		if (!cxm_session_may(s, nav[i].access))
			continue;
		struct cxm_dict *item = cxm_dict_section(main_nav, "NAV");
		cxm_dict_set(item, "NAV_URL", cxm_printf(req->arena, "%s%s", req->base, nav[i].path));
		cxm_dict_set(item, "NAV_LABEL", _(nav[i].label));
		size_t pl = strlen(nav[i].path);
		if (req->path && (strcmp(req->path, nav[i].path) == 0 ||
		                  (pl > 1 && strncmp(req->path, nav[i].path, pl) == 0 &&
		                   req->path[pl] == '/')))
			cxm_dict_show(item, "NAV_CURRENT");
	}
	/* The language switch posts the current path back as "next". */
	cxm_dict_set(d, "NEXT", req->path ? req->path : "/");
	for (int l = 0; l < CXM_LANG_MAX; l++) {
		struct cxm_dict *o = cxm_dict_section(d, "LANG_OPTION");
		cxm_dict_set(o, "LANG_CODE", cxm_lang_codes[l]);
		cxm_dict_set(o, "LANG_NAME", cxm_lang_names[l]);
		if ((enum cxm_lang)l == req->lang)
			cxm_dict_show(o, "LANG_SELECTED");
	}
	return cxm_dict_include(d, "CONTENT", file);
}

int cxm_page_end(struct cxm_req *req)
{
	cxm_buf_reset(&req->out);
	if (cxm_tmpl_render("layout.tpl", req->page, &req->out) != CXM_OK) {
		cxm_buf_reset(&req->out);
		return 500;
	}
	return req->status;
}

static const struct {
	int status;
	const char *title;
	const char *text;
} errors[] = {
	{400, N_("Bad request"), N_("The request could not be understood.")},
	{403, N_("Access denied"), N_("You do not have permission to open this page.")},
	{404, N_("Page not found"), N_("There is no page at this address. Check the link or go to the home page.")},
	{405, N_("Method not allowed"), N_("This address does not accept this kind of request.")},
	{413, N_("Request too large"), N_("The data sent is larger than this server accepts.")},
	{500, N_("Something went wrong"), N_("The server failed to complete the request. The error has been logged; please try again.")},
	{503, N_("Service unavailable"), N_("The service is temporarily unavailable. Please try again in a minute.")},
};

void cxm_page_error(struct cxm_req *req, int status)
{
	size_t k = 0;
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].status == status)
			k = i;
	if (errors[k].status != status)
		k = 5;  /* an unlisted status is shown as a server error */
	req->status = status;
	req->resp_type = "text/html; charset=utf-8";
	struct cxm_dict *d = cxm_page_begin(req, "error.tpl", _(errors[k].title));
	cxm_dict_set_int(d, "STATUS", status);
	cxm_dict_set(d, "ERROR_TITLE", _(errors[k].title));
	cxm_dict_set(d, "ERROR_TEXT", _(errors[k].text));
	if (req->error_detail && *req->error_detail) {
		struct cxm_dict *det = cxm_dict_section(d, "DETAIL");
		cxm_dict_set(det, "ERROR_DETAIL", req->error_detail);
	}
	if (req->request_id)
		cxm_dict_set(d, "REQUEST_ID", req->request_id);
	cxm_page_end(req);
	if (req->out.len == 0) {
		/* Last resort: the templates themselves are broken. */
		cxm_buf_reset(&req->out);
		cxm_buf_printf(&req->out,
		               "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%d</title></head>"
		               "<body><h1>%d %s</h1></body></html>\n",
		               status, status, cxm_status_text(status));
	}
}

int cxm_page_form_state(struct cxm_req *req, struct cxm_dict *d)
{
	int bad = 0;
	if (!req->route || !req->fields)
		return 0;
	for (size_t i = 0; i < req->route->nfields; i++) {
		const struct cxm_field_spec *spec = &req->route->fields[i];
		const struct cxm_field *f = &req->fields[i];
		char key[80], *k = key;
		for (const char *n = spec->name; *n && k < key + sizeof(key) - 1; n++)
			*k++ = (*n >= 'a' && *n <= 'z') ? (char)(*n - 'a' + 'A') : *n;
		*k = '\0';
		int secret = strstr(spec->name, "password") || strcmp(spec->name, "current") == 0;
		if (!secret && f->raw && !(spec->flags & CXM_F_PATH))
			cxm_dict_setn(d, cxm_printf(req->arena, "VALUE_%s", key), f->raw, f->len);
		if (!f->valid) {
			struct cxm_dict *e = cxm_dict_section(d, cxm_printf(req->arena, "ERR_%s", key));
			cxm_dict_set(e, "MSG", f->error);
			bad++;
		}
	}
	return bad;
}

void cxm_page_notice(struct cxm_dict *d, const char *kind, const char *text)
{
	struct cxm_dict *n = cxm_dict_section(d, "NOTICE");
	cxm_dict_set(n, "NOTICE_KIND", kind);
	cxm_dict_set(n, "NOTICE_TEXT", text);
}
