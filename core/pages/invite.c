/* PLACEHOLDER: not written yet. */
#include "config.h"

#include "http.h"
#include "pages/pages.h"

int cxm_page_accept_form(struct cxm_req *req)
{
	return 404;
}

int cxm_page_accept(struct cxm_req *req)
{
	return 404;
}

