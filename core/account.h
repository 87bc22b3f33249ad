/* Businesses, users and memberships: the operations both the web pages and
 * cxmctl perform, so the rules (normalised e-mail, valid slug, industries,
 * time zones) live in one place. */
#ifndef CXM_ACCOUNT_H
#define CXM_ACCOUNT_H

#include <stddef.h>

#include "err.h"
#include "role.h"

struct cxm_arena;
struct cxm_db;

/* Industries a business may declare: NULL-terminated, stored names. */
extern const char *const cxm_industries[];
/* Their untranslated labels, same order. */
extern const char *const cxm_industry_labels[];

/* The e-mail in lower case (ASCII letters), or NULL when it is not a valid
 * address. */
char *cxm_email_normalize(struct cxm_arena *a, const char *email);

/* NULL when slug is acceptable (2-64 of a-z, 0-9, '-', starting with a
 * letter or digit), otherwise the msgid of the reason. */
const char *cxm_slug_problem(const char *slug);
/* 1 when tz names a time zone this system knows (IANA name such as
 * "Europe/Moscow" or "UTC"). */
int cxm_timezone_valid(const char *tz);
/* 1 when s is one of cxm_industries. */
int cxm_industry_valid(const char *s);

struct cxm_new_business {
	const char *slug, *name, *industry, *locale, *timezone;
};
/* Creates a business with its default survey (cxm_survey_install_default,
 * in the caller's transaction when one is open). CXM_ERR_INVALID with a
 * msgid in *why when a value is not acceptable or the slug is taken. */
enum cxm_err cxm_business_create(struct cxm_db *db, const struct cxm_new_business *b,
                                 long long *id, const char **why);

/* The id of the business with this slug, or 0 (CXM_ERR_NOT_FOUND). */
enum cxm_err cxm_business_by_slug(struct cxm_db *db, struct cxm_arena *a, const char *slug,
                                  long long *id);

/* The user with this (normalised) e-mail: id, or 0 when there is none. */
enum cxm_err cxm_user_by_email(struct cxm_db *db, struct cxm_arena *a, const char *email,
                               long long *id);

/* Creates a user. password_hash may be NULL (invited, not yet accepted). */
enum cxm_err cxm_user_create(struct cxm_db *db, const char *email, const char *name,
                             const char *language, const char *password_hash, long long *id);

/* Sets user_id's role in business_id, creating the membership if needed
 * (and lifting a suspension). */
enum cxm_err cxm_membership_set(struct cxm_db *db, long long business_id, long long user_id,
                                enum cxm_role role);

#endif
