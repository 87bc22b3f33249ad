/* Building an HTML page: the layout (header, navigation, footer) around a
 * page template, and the error pages. */
#ifndef CXM_PAGE_H
#define CXM_PAGE_H

struct cxm_config;
struct cxm_dict;
struct cxm_req;

/* Computes the static-asset version used in stylesheet URLs (from the
 * stylesheet's modification time), so browsers reload it after an upgrade. */
void cxm_page_init(const struct cxm_config *cfg);

/* Starts a page: sets up the layout with the values every page has and
 * returns the dictionary of the page's own template `file`, included in the
 * layout. title is shown in the browser tab and the heading (translated by
 * the caller). */
struct cxm_dict *cxm_page_begin(struct cxm_req *req, const char *file, const char *title);

/* Renders the page started by cxm_page_begin into req->out. Returns
 * req->status, or 500 when rendering failed (the body is then empty, so the
 * caller's error path renders the 500 page). */
int cxm_page_end(struct cxm_req *req);

/* Replaces any output with the error page for status (400, 403, 404, 405,
 * 413, 500, 503). req->error_detail, when set, is shown under the heading.
 * Never fails: if even the template fails, a minimal built-in page is sent. */
void cxm_page_error(struct cxm_req *req, int status);

#endif
