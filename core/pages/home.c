/* The home page; a member of a business also gets a way into its client
 * base. */
#include "config.h"

#include "http.h"
#include "i18n.h"
#include "page.h"
#include "pages/pages.h"
#include "session.h"
#include "tmpl.h"

int cxm_page_home(struct cxm_req *req)
{
	struct cxm_dict *d = cxm_page_begin(req, "home.tpl", _("Customer experience management"));
	if (cxm_session_may(req->session, CXM_ANALYST))
		cxm_dict_show(d, "CLIENTS_LINK");
	return cxm_page_end(req);
}
