/* The home page. */
#include "config.h"

#include "http.h"
#include "i18n.h"
#include "page.h"
#include "pages/pages.h"
#include "tmpl.h"

int cxm_page_home(struct cxm_req *req)
{
	cxm_page_begin(req, "home.tpl", _("Customer experience management"));
	return cxm_page_end(req);
}
