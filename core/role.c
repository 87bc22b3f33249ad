/* Role names; see role.h. */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "role.h"

const char *const cxm_role_names[CXM_ROLE_MAX] = {"", "analyst", "manager", "admin", "owner"};
const char *const cxm_role_labels[CXM_ROLE_MAX] = {
	N_("No access"), N_("Analyst"), N_("Manager"), N_("Administrator"), N_("Owner"),
};
const char *const cxm_access_names[CXM_ACCESS_MAX] = {
	"unset", "public", "signed-in", "analyst", "manager", "admin", "owner", "site-admin",
};

enum cxm_role cxm_role_from_name(const char *s)
{
	if (s)
		for (int r = CXM_ROLE_ANALYST; r < CXM_ROLE_MAX; r++)
			if (strcmp(s, cxm_role_names[r]) == 0)
				return (enum cxm_role)r;
	return CXM_ROLE_NONE;
}

enum cxm_role cxm_access_role(enum cxm_access a)
{
	switch (a) {
	case CXM_ANALYST: return CXM_ROLE_ANALYST;
	case CXM_MANAGER: return CXM_ROLE_MANAGER;
	case CXM_ADMIN: return CXM_ROLE_ADMIN;
	case CXM_OWNER: return CXM_ROLE_OWNER;
	default: return CXM_ROLE_NONE;
	}
}
