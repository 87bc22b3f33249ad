/* The signed-in user's own account: name, language, password (the change
 * itself is in password.c) and the businesses they belong to. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/pages.h"
#include "role.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { F_NAME, F_LANGUAGE };

int cxm_page_account_show(struct cxm_req *req, const char *ok, const char *error)
{
	const struct cxm_session *s = req->session;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT b.id, b.name, m.role, m.disabled FROM memberships m"
	                 " JOIN businesses b ON b.id = m.business_id WHERE m.user_id = ?"
	                 " ORDER BY b.name",
	                 CXM_PARAMS(CXM_PINT(s->user_id)), &r) != CXM_OK)
		return 503;
	struct cxm_dict *d = cxm_page_begin(req, "account.tpl", _("Your account"));
	if (ok)
		cxm_page_notice(d, "ok", ok);
	if (error)
		cxm_page_notice(d, "error", error);
	cxm_dict_set(d, "EMAIL", s->email);
	if (req->method == CXM_POST && req->route->handler == cxm_page_account_save)
		cxm_page_form_state(req, d);
	else
		cxm_dict_set(d, "VALUE_NAME", s->name);
	for (int l = 0; l < CXM_LANG_MAX; l++) {
		struct cxm_dict *o = cxm_dict_section(d, "LANGUAGE");
		cxm_dict_set(o, "CODE", cxm_lang_codes[l]);
		cxm_dict_set(o, "LABEL", cxm_lang_names[l]);
		if ((enum cxm_lang)l == s->lang)
			cxm_dict_show(o, "SELECTED");
	}
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_dict *b = cxm_dict_section(d, "MEMBERSHIP");
		cxm_dict_set(b, "BUSINESS_NAME", cxm_rows_get(&r, i, 1));
		cxm_dict_set(b, "ROLE_LABEL", _(cxm_role_labels[cxm_role_from_name(cxm_rows_get(&r, i, 2))]));
		if (cxm_rows_int(&r, i, 3, 0))
			cxm_dict_show(b, "SUSPENDED");
		else if (cxm_rows_int(&r, i, 0, 0) == s->business_id)
			cxm_dict_show(b, "CURRENT");
	}
	if (!r.nrows)
		cxm_dict_show(d, "NO_MEMBERSHIPS");
	return cxm_page_end(req);
}

int cxm_page_account(struct cxm_req *req)
{
	return cxm_page_account_show(req, NULL, NULL);
}

int cxm_page_account_save(struct cxm_req *req)
{
	const struct cxm_field *name = cxm_field(req, F_NAME), *lang = cxm_field(req, F_LANGUAGE);
	if (!name->valid || !lang->valid)
		return cxm_page_account_show(req, NULL, _("Check the highlighted fields."));
	struct cxm_session *s = req->session;
	if (cxm_db_exec(req->db, "UPDATE users SET name = ?, language = ? WHERE id = ?",
	                CXM_PARAMS(CXM_PSTR(name->s), CXM_PSTR(lang->s), CXM_PINT(s->user_id)), NULL,
	                NULL) != CXM_OK)
		return 503;
	/* The page that answers is already in the new language. */
	s->name = name->s;
	s->lang = (enum cxm_lang)lang->i;
	req->lang = s->lang;
	cxm_i18n_set(req->lang);
	return cxm_page_account_show(req, _("Your account has been saved."), NULL);
}
