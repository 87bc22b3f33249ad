/* The route table: every URL the application answers, with the fields each
 * accepts. Field order matches the F_* enums in the handlers' files. */
#include "config.h"

#include "pages/pages.h"
#include "route.h"

#define FIELDS(a) (a), (sizeof(a) / sizeof((a)[0]))

static const char *const lang_codes[] = {"ru", "en", NULL};

static const struct cxm_field_spec language_fields[] = {
	{"lang", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, lang_codes},
	{"next", CXM_V_LOCALPATH, 0, 0, 2000, NULL},
};

const struct cxm_route cxm_routes[] = {
	{CXM_GET, "/", cxm_page_home, NULL, 0, 0},
	{CXM_GET, "/healthz", cxm_page_healthz, NULL, 0, 0},
	{CXM_POST, "/language", cxm_page_set_language, FIELDS(language_fields), 0},
};

const size_t cxm_nroutes = sizeof(cxm_routes) / sizeof(cxm_routes[0]);
