/* Roles a user has in a business, from least to most trusted, and what a
 * route requires. analyst: read-only analytics and export; manager:
 * clients, feedback, surveys, recommendations; admin: also users and
 * settings; owner: also owners. */
#ifndef CXM_ROLE_H
#define CXM_ROLE_H

enum cxm_role {
	CXM_ROLE_NONE = 0,
	CXM_ROLE_ANALYST,
	CXM_ROLE_MANAGER,
	CXM_ROLE_ADMIN,
	CXM_ROLE_OWNER,
	CXM_ROLE_MAX
};

/* "analyst", ... as stored in the database ("" for NONE). */
extern const char *const cxm_role_names[CXM_ROLE_MAX];
/* Untranslated display names (msgids). */
extern const char *const cxm_role_labels[CXM_ROLE_MAX];
/* The role named s, or CXM_ROLE_NONE. */
enum cxm_role cxm_role_from_name(const char *s);

/* Who may use a route. The zero value is deliberately the strictest, so a
 * route whose entry forgets it is closed, not open. */
enum cxm_access {
	CXM_ACCESS_UNSET = 0,   /* treated as CXM_SITE_ADMIN */
	CXM_PUBLIC,             /* anyone, signed in or not */
	CXM_SIGNED_IN,          /* any signed-in user, business or not */
	CXM_ANALYST,            /* at least this role in the current business */
	CXM_MANAGER,
	CXM_ADMIN,
	CXM_OWNER,
	CXM_SITE_ADMIN,         /* a site operator (users.site_admin) */
	CXM_ACCESS_MAX
};
extern const char *const cxm_access_names[CXM_ACCESS_MAX];

/* The role an access level needs (NONE for PUBLIC, SIGNED_IN, SITE_ADMIN). */
enum cxm_role cxm_access_role(enum cxm_access a);

#endif
