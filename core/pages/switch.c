/* Choosing which of the user's businesses to work on. The choice is stored
 * in the session (never taken from a URL or form on other pages). */
#include "config.h"

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

enum { F_BUSINESS };

int cxm_page_switch_form(struct cxm_req *req)
{
	const struct cxm_session *s = req->session;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT b.id, b.name, m.role FROM memberships m"
	                 " JOIN businesses b ON b.id = m.business_id"
	                 " WHERE m.user_id = ? AND m.disabled = 0 ORDER BY b.name",
	                 CXM_PARAMS(CXM_PINT(s->user_id)), &r) != CXM_OK)
		return 503;
	struct cxm_dict *d = cxm_page_begin(req, "switch.tpl", _("Switch business"));
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_dict *b = cxm_dict_section(d, "BUSINESS_ITEM");
		cxm_dict_set(b, "ID", cxm_rows_get(&r, i, 0));
		cxm_dict_set(b, "NAME", cxm_rows_get(&r, i, 1));
		cxm_dict_set(b, "ROLE", _(cxm_role_labels[cxm_role_from_name(cxm_rows_get(&r, i, 2))]));
		if (cxm_rows_int(&r, i, 0, 0) == s->business_id)
			cxm_dict_show(b, "CURRENT");
	}
	if (!r.nrows)
		cxm_dict_show(d, "NONE");
	return cxm_page_end(req);
}

int cxm_page_switch(struct cxm_req *req)
{
	enum cxm_err rc = cxm_session_switch(req, cxm_field(req, F_BUSINESS)->i);
	if (rc == CXM_ERR_NOT_FOUND)
		return 404;
	if (rc != CXM_OK)
		return 503;
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/", req->base));
	return 303;
}
