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

/* For a form page shown again after a POST: for each field of the route
 * sets VALUE_<NAME> (upper-case) to what was sent, except secrets (fields
 * whose name contains "password" or is "current"), and for each invalid
 * field shows section ERR_<NAME> with MSG set to the reason. Returns the
 * number of invalid fields. */
int cxm_page_form_state(struct cxm_req *req, struct cxm_dict *d);

/* Shows section NOTICE with NOTICE_TEXT and NOTICE_KIND ("ok", "error" or
 * "" for plain) in d. */
void cxm_page_notice(struct cxm_dict *d, const char *kind, const char *text);

/* Replaces any output with the error page for status (400, 403, 404, 405,
 * 413, 500, 503). req->error_detail, when set, is shown under the heading.
 * Never fails: if even the template fails, a minimal built-in page is sent. */
void cxm_page_error(struct cxm_req *req, int status);

#endif
