/* PLACEHOLDER: not written yet. */
#include "config.h"

#include "http.h"
#include "pages/pages.h"

int cxm_page_forgot_form(struct cxm_req *req)
{
	return 404;
}

int cxm_page_forgot(struct cxm_req *req)
{
	return 404;
}

int cxm_page_reset_form(struct cxm_req *req)
{
	return 404;
}

int cxm_page_reset(struct cxm_req *req)
{
	return 404;
}

int cxm_page_change_password(struct cxm_req *req)
{
	return 404;
}

