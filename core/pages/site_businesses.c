/* PLACEHOLDER: not written yet. */
#include "config.h"

#include "http.h"
#include "pages/pages.h"

int cxm_page_site_businesses(struct cxm_req *req)
{
	return 404;
}

int cxm_page_site_business_create(struct cxm_req *req)
{
	return 404;
}

