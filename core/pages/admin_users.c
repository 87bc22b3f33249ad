/* PLACEHOLDER: not written yet. */
#include "config.h"

#include "http.h"
#include "pages/pages.h"

int cxm_page_users(struct cxm_req *req)
{
	return 404;
}

int cxm_page_user_invite(struct cxm_req *req)
{
	return 404;
}

int cxm_page_user(struct cxm_req *req)
{
	return 404;
}

int cxm_page_user_role(struct cxm_req *req)
{
	return 404;
}

int cxm_page_user_suspend(struct cxm_req *req)
{
	return 404;
}

int cxm_page_user_restore(struct cxm_req *req)
{
	return 404;
}

int cxm_page_invitation_revoke(struct cxm_req *req)
{
	return 404;
}

