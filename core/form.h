/* Parsers for what a client sends: query strings and urlencoded bodies,
 * multipart/form-data bodies, and the Cookie header. All results live in the
 * request arena. Every parser enforces the limits it is given and reports
 * the first problem as an enum cxm_err plus the name of the field at fault. */
#ifndef CXM_FORM_H
#define CXM_FORM_H

#include <stddef.h>

#include "err.h"

struct cxm_arena;

struct cxm_pair {
	const char *name;          /* valid UTF-8, NUL-terminated */
	const char *value;         /* NUL-terminated; file contents may hold NULs */
	size_t len;                /* bytes in value */
	const char *filename;      /* multipart file parts only, else NULL */
	const char *content_type;  /* multipart parts that declare one, else NULL */
};

struct cxm_pairs {
	struct cxm_pair *v;
	size_t n;
	size_t cap;
};

struct cxm_limits {
	size_t max_fields;     /* total pairs across all parsers filling one list */
	size_t max_field_len;  /* bytes of a decoded text value (not file parts) */
	size_t max_name_len;   /* bytes of a field name */
};

/* What went wrong, for the 400 page. field is NULL when no field is known. */
struct cxm_parse_error {
	enum cxm_err code;
	const char *field;
};

/* Decodes application/x-www-form-urlencoded text (also used for query
 * strings): '&'-separated name=value, '+' is a space, %XX escapes.
 * Errors: CXM_ERR_BAD_ESCAPE, CXM_ERR_BAD_UTF8 (also for a decoded NUL),
 * CXM_ERR_TOO_MANY_FIELDS, CXM_ERR_FIELD_TOO_LONG. Pairs parsed before an
 * error stay in out; callers reject the whole request anyway. */
enum cxm_err cxm_parse_urlencoded(struct cxm_arena *a, const char *s, size_t n,
                                  const struct cxm_limits *lim, struct cxm_pairs *out,
                                  struct cxm_parse_error *err);

/* Extracts the boundary parameter of a multipart Content-Type header.
 * Returns NULL when it is missing, empty, or longer than 70 characters. */
const char *cxm_multipart_boundary(struct cxm_arena *a, const char *content_type);

/* Splits a multipart/form-data body. Text parts must be valid UTF-8 and obey
 * max_field_len; file parts (with a filename) are kept as raw bytes.
 * Errors: CXM_ERR_MULTIPART_BOUNDARY, CXM_ERR_MULTIPART_HEADER,
 * CXM_ERR_MULTIPART_TRUNCATED, CXM_ERR_BAD_UTF8, CXM_ERR_TOO_MANY_FIELDS,
 * CXM_ERR_FIELD_TOO_LONG. */
enum cxm_err cxm_parse_multipart(struct cxm_arena *a, const char *content_type,
                                 const char *body, size_t n, const struct cxm_limits *lim,
                                 struct cxm_pairs *out, struct cxm_parse_error *err);

/* Parses "a=1; b=2". Lenient by design, as browsers are: malformed pieces
 * are skipped, values are not decoded, at most 64 cookies are kept. */
void cxm_parse_cookies(struct cxm_arena *a, const char *header, struct cxm_pairs *out);

/* Value of a hexadecimal digit, or -1. */
int cxm_hex_digit(int c);

/* Appends a pair (the strings are not copied). */
void cxm_pairs_add(struct cxm_arena *a, struct cxm_pairs *p, const struct cxm_pair *pair);
/* First pair with this name, or NULL. */
const struct cxm_pair *cxm_pairs_get(const struct cxm_pairs *p, const char *name);

#endif
