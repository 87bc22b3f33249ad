/* One request from parameters to finished response, independent of the
 * transport: the worker calls it for each FastCGI request, tests call it
 * directly. */
#ifndef CXM_DISPATCH_H
#define CXM_DISPATCH_H

#include <stddef.h>

#include "http.h"

struct cxm_route;

/* Serves the request initialised in req (init_rc is cxm_req_init's result):
 * chooses the language, routes, reads and parses the body, validates the
 * fields, calls the handler and renders an error page when needed.
 * Afterwards req->status, req->resp_* and req->out hold the response.
 * Returns req->status. */
int cxm_dispatch(struct cxm_req *req, enum cxm_err init_rc, const struct cxm_route *routes,
                 size_t nroutes, cxm_read_fn read, void *read_ctx);

#endif
