/* Routing and field validation, on kcgi's model: each route declares the
 * fields it accepts with a validator each, and a handler reads only fields
 * that were present and valid, already converted to their type. */
#ifndef CXM_ROUTE_H
#define CXM_ROUTE_H

#include <stddef.h>

#include "http.h"
#include "role.h"

struct cxm_arena;

enum cxm_vtype {
	CXM_V_TEXT,       /* any valid UTF-8, newlines allowed */
	CXM_V_LINE,       /* one line: no control characters */
	CXM_V_INT,        /* decimal integer within [min, max] */
	CXM_V_ENUM,       /* one of choices[] */
	CXM_V_BOOL,       /* 1/0, on/off, yes/no, true/false; absent = 0 */
	CXM_V_EMAIL,
	CXM_V_DATE,       /* YYYY-MM-DD, a real calendar day */
	CXM_V_LOCALPATH,  /* a path on this site ("/x"), safe to redirect to */
	CXM_V_FILE,       /* a multipart file part */
	CXM_V_MAX
};
extern const char *const cxm_vtype_names[CXM_V_MAX];

#define CXM_F_REQUIRED 0x1u  /* absent or empty is an error */
#define CXM_F_PATH 0x2u      /* comes from a {name} segment of the pattern */

struct cxm_field_spec {
	const char *name;
	enum cxm_vtype type;
	unsigned flags;
	long long min, max;          /* INT: value bounds; text types: length in
	                                characters (max 0 = the configured limit) */
	const char *const *choices;  /* ENUM: NULL-terminated list */
};

struct cxm_field {
	int present;            /* sent and not empty */
	int valid;              /* present and accepted; or absent and optional */
	const char *raw;        /* as sent */
	size_t len;
	long long i;            /* INT and BOOL value, ENUM index */
	const char *s;          /* text types: the value */
	const struct cxm_pair *file;
	const char *error;      /* translated reason when !valid */
};

/* A handler returns the HTTP status. If it returns an error status without
 * writing a body, the worker renders the error page for it. */
typedef int (*cxm_handler_fn)(struct cxm_req *req);

#define CXM_R_FORM 0x1u   /* invalid fields go to the handler (it shows them
                             next to the inputs) instead of a 400 page */

struct cxm_route {
	enum cxm_method method;      /* GET routes also answer HEAD */
	const char *pattern;         /* "/clients/{id}" */
	cxm_handler_fn handler;
	const struct cxm_field_spec *fields;
	size_t nfields;
	unsigned flags;
	enum cxm_access access;      /* who may use it (role.h) */
};

/* Finds the route for method and path; when several patterns match, the
 * one with the fewest {name} segments wins (then the first in the table),
 * so /clients/import is never taken for /clients/{id}. On a match fills req->route and
 * req->path_args and returns 200; returns 404 when no pattern matches, and
 * 405 when patterns match but not for this method (req->allowed_methods then
 * has a bit per allowed method). */
int cxm_route_match(struct cxm_req *req, const struct cxm_route *table, size_t n);

/* Validates req's parameters against req->route's field specs into
 * req->fields. Returns the number of invalid fields. */
size_t cxm_route_validate(struct cxm_req *req);

/* Validates one value (used by cxm_route_validate and by tests). */
void cxm_field_check(struct cxm_arena *a, const struct cxm_field_spec *spec, const char *raw,
                     size_t len, size_t max_len, struct cxm_field *out);

/* 1 when s (n bytes) is acceptable as an e-mail address (CXM_V_EMAIL). */
int cxm_email_valid(const char *s, size_t n);

/* The "Allow" header value for req->allowed_methods ("GET, HEAD"). */
const char *cxm_route_allow(struct cxm_req *req);

/* Field i of the current route (i indexes the route's spec array). */
static inline const struct cxm_field *cxm_field(const struct cxm_req *req, size_t i)
{
	return &req->fields[i];
}

#endif
