/* The layout and error pages; see page.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "conf.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
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
} nav[] = {
	{"/", N_("Home")},
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
	for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		struct cxm_dict *item = cxm_dict_section(d, "NAV");
		cxm_dict_set(item, "NAV_URL", cxm_printf(req->arena, "%s%s", req->base, nav[i].path));
		cxm_dict_set(item, "NAV_LABEL", _(nav[i].label));
		if (req->path && strcmp(req->path, nav[i].path) == 0)
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
