/* Names and descriptions of enum cxm_err. The descriptions are gettext
 * msgids so that the 400 page can show them in the visitor's language. */
#include "config.h"

#include "err.h"
#include "i18n.h"

static const struct {
	const char *name;
	const char *text;
} err_table[CXM_ERR_MAX] = {
	[CXM_OK] = {"ok", N_("No error")},
	[CXM_ERR_NOMEM] = {"nomem", N_("Out of memory")},
	[CXM_ERR_IO] = {"io", N_("Input/output error")},
	[CXM_ERR_CONFIG] = {"config", N_("Configuration error")},
	[CXM_ERR_DB] = {"db", N_("Database error")},
	[CXM_ERR_DB_GONE] = {"db_gone", N_("The database connection was lost")},
	[CXM_ERR_NOT_FOUND] = {"not_found", N_("Not found")},
	[CXM_ERR_BODY_TOO_LARGE] = {"body_too_large", N_("The request body is larger than allowed")},
	[CXM_ERR_BODY_SHORT] = {"body_short", N_("The request body is shorter than its announced length")},
	[CXM_ERR_TOO_MANY_FIELDS] = {"too_many_fields", N_("The form has too many fields")},
	[CXM_ERR_FIELD_TOO_LONG] = {"field_too_long", N_("A form field is longer than allowed")},
	[CXM_ERR_BAD_ESCAPE] = {"bad_escape", N_("A percent-escape in the request is malformed")},
	[CXM_ERR_BAD_UTF8] = {"bad_utf8", N_("The request contains text that is not valid UTF-8")},
	[CXM_ERR_BAD_CONTENT_TYPE] = {"bad_content_type", N_("The request body has an unsupported content type")},
	[CXM_ERR_MULTIPART_BOUNDARY] = {"multipart_boundary", N_("The multipart body has no valid boundary")},
	[CXM_ERR_MULTIPART_HEADER] = {"multipart_header", N_("A part of the multipart body has a malformed header")},
	[CXM_ERR_MULTIPART_TRUNCATED] = {"multipart_truncated", N_("The multipart body is truncated")},
	[CXM_ERR_TEMPLATE] = {"template", N_("A page template failed to render")},
	[CXM_ERR_INVALID] = {"invalid", N_("Invalid value")},
	[CXM_ERR_DUPLICATE] = {"duplicate", N_("The value is already in use")},
	[CXM_ERR_PLUGIN] = {"plugin", N_("A plugin could not compute the value")},
};

const char *cxm_err_name(enum cxm_err err)
{
	if ((unsigned)err >= CXM_ERR_MAX)
		return "unknown";
	return err_table[err].name;
}

const char *cxm_strerror(enum cxm_err err)
{
	if ((unsigned)err >= CXM_ERR_MAX)
		return "Unknown error";
	return err_table[err].text;
}

const char *cxm_err_msgid(enum cxm_err err)
{
	return cxm_strerror(err);
}
