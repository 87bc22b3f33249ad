/* The filters of a client list, shared by every page that lists clients
 * (the export today; the client list page can adopt it): what the query
 * string asks for, checked, and the SQL conditions it adds.
 *
 * Query fields (all optional; a value that is not valid is ignored, as if
 * absent):
 *   q       search: digits (with + ( ) - and spaces) match the end of the
 *           phone number, text with '@' the start of the e-mail, anything
 *           else a part of the name
 *   gender  a stored code of cxm_cfields[CXM_CF_GENDER] ("female", "male")
 *   region  a stored code of cxm_cfields[CXM_CF_REGION] ("minsk", ...)
 *   tag     a tag name (exact, as the collation compares)
 * Only live clients are listed. */
#ifndef CXM_CLIENT_FILTER_H
#define CXM_CLIENT_FILTER_H

#include <stddef.h>

struct cxm_arena;
struct cxm_buf;
struct cxm_param;
struct cxm_req;

struct cxm_client_filter {
	const char *q;        /* NULL: none; trimmed */
	const char *gender;
	const char *region;
	const char *tag;
};

/* The route fields the filters come in (append them to a route's spec;
 * CXM_CLIENT_FILTER_NFIELDS of them, in this order). */
#define CXM_CLIENT_FILTER_FIELDS \
	{"q", CXM_V_LINE, 0, 0, 200, NULL}, {"gender", CXM_V_LINE, 0, 0, 20, NULL}, \
	{"region", CXM_V_LINE, 0, 0, 40, NULL}, {"tag", CXM_V_LINE, 0, 0, 64, NULL}
#define CXM_CLIENT_FILTER_NFIELDS 4

/* Reads the filters from the route fields starting at index first (see
 * CXM_CLIENT_FILTER_FIELDS). */
void cxm_client_filter_read(const struct cxm_req *req, size_t first, struct cxm_client_filter *f);

/* Appends " AND ..." conditions on the clients table aliased c to sql and
 * their parameters to p (*np grows by at most CXM_CLIENT_FILTER_MAXPARAMS).
 * The text added is fixed; every value is a parameter. */
#define CXM_CLIENT_FILTER_MAXPARAMS 4
void cxm_client_filter_sql(struct cxm_arena *a, const struct cxm_client_filter *f, struct cxm_buf *sql,
                           struct cxm_param *p, size_t *np);

/* The filters as a query string ("q=...&gender=female"), "" when none, for
 * links (export links carry the list's filters). */
const char *cxm_client_filter_query(struct cxm_arena *a, const struct cxm_client_filter *f);

#endif
