/* PLACEHOLDER: not written yet. */
#include "config.h"

#include "http.h"
#include "pages/pages.h"

int cxm_page_audit(struct cxm_req *req)
{
	return 404;
}

