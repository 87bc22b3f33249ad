/* Error codes shared by the whole core, with their names and log texts.
 * Functions that can fail return enum cxm_err; CXM_OK is zero. */
#ifndef CXM_ERR_H
#define CXM_ERR_H

enum cxm_err {
	CXM_OK = 0,
	CXM_ERR_NOMEM,
	CXM_ERR_IO,
	CXM_ERR_CONFIG,
	CXM_ERR_DB,
	CXM_ERR_DB_GONE,
	CXM_ERR_NOT_FOUND,
	CXM_ERR_BODY_TOO_LARGE,
	CXM_ERR_BODY_SHORT,
	CXM_ERR_TOO_MANY_FIELDS,
	CXM_ERR_FIELD_TOO_LONG,
	CXM_ERR_BAD_ESCAPE,
	CXM_ERR_BAD_UTF8,
	CXM_ERR_BAD_CONTENT_TYPE,
	CXM_ERR_MULTIPART_BOUNDARY,
	CXM_ERR_MULTIPART_HEADER,
	CXM_ERR_MULTIPART_TRUNCATED,
	CXM_ERR_TEMPLATE,
	CXM_ERR_INVALID,
	CXM_ERR_DUPLICATE,
	CXM_ERR_PLUGIN,
	CXM_ERR_MAX
};

/* Short stable identifier ("bad_escape"), for logs and tests. */
const char *cxm_err_name(enum cxm_err err);
/* One-line English description, for logs and operators. */
const char *cxm_strerror(enum cxm_err err);
/* The same description as a gettext msgid; callers translate it with _(). */
const char *cxm_err_msgid(enum cxm_err err);

#endif
