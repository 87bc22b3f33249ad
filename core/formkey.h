/* Signed keys for public forms (the feedback form of a business): a key
 * names when the form was handed out and what for, signed with an
 * installation key, so a post without a form fetched from this site for
 * this business, too fast after fetching it (a script) or days later is
 * told apart. The installation key is 32 random bytes kept in
 * instance_settings ("form_key"), made at first use and shared by every
 * worker and host. */
#ifndef CXM_FORMKEY_H
#define CXM_FORMKEY_H

struct cxm_arena;
struct cxm_db;

/* A key for purpose and scope (e.g. "feedback", the business id), now:
 * "<unix time>.<32 hex digits>", in the arena. NULL when the database
 * failed. */
const char *cxm_formkey_make(struct cxm_db *db, struct cxm_arena *a, const char *purpose, long long scope);

enum cxm_formkey_result {
	CXM_FORMKEY_OK,
	CXM_FORMKEY_BAD,        /* not a key of ours for this purpose and scope */
	CXM_FORMKEY_EARLY,      /* younger than min_age seconds */
	CXM_FORMKEY_EXPIRED,    /* older than max_age seconds */
	CXM_FORMKEY_DB,         /* the database failed */
};
enum cxm_formkey_result cxm_formkey_check(struct cxm_db *db, struct cxm_arena *a, const char *purpose,
                                          long long scope, const char *key, long min_age, long max_age);

#endif
