/* Handlers of the web pages, one file per area, and the route table. */
#ifndef CXM_PAGES_H
#define CXM_PAGES_H

#include <stddef.h>

#include "route.h"

struct cxm_req;

int cxm_page_home(struct cxm_req *req);
int cxm_page_healthz(struct cxm_req *req);
int cxm_page_set_language(struct cxm_req *req);

extern const struct cxm_route cxm_routes[];
extern const size_t cxm_nroutes;

#endif
