/* The audit log: who did what, when, from where. Actions are short fixed
 * names ("login", "role_changed", ...; docs/accounts.md lists them); target
 * names the object (an e-mail, a business slug), detail says what changed. */
#ifndef CXM_AUDIT_H
#define CXM_AUDIT_H

#include "err.h"

struct cxm_db;
struct cxm_req;

/* From a request: the actor is the signed-in user (if any), the address the
 * client's. business_id 0 records an installation-wide event. */
void cxm_audit(struct cxm_req *req, long long business_id, const char *action,
               const char *target, const char *detail);

/* An event about one person's account rather than one business (a failed
 * sign-in, a password reset): recorded once for every business the user
 * belongs to, so each business's administrators see it, and once with no
 * business when the user belongs to none (or user_id is 0: an unknown
 * account). */
void cxm_audit_user(struct cxm_req *req, long long user_id, const char *action,
                    const char *target, const char *detail);

/* From the command line: no actor, "cxmctl" as the address. */
void cxm_audit_ctl(struct cxm_db *db, long long business_id, const char *action,
                   const char *target, const char *detail);

/* From core code that knows only the acting user's id (the plugin
 * settings of plugin_settings.c): the actor's e-mail is looked up, the
 * address is empty; user_id 0 records it as cxmctl's (no actor, "cxmctl"
 * as the address). Unlike the others it returns the database error, so
 * that a caller inside a transaction can roll its change back. */
enum cxm_err cxm_audit_actor(struct cxm_db *db, long long business_id, long long user_id,
                             const char *action, const char *target, const char *detail);

/* From the job runner, for work a user queued: actor_id and actor_email
 * are that user's (0 / NULL: none), "job" the address. */
void cxm_audit_job(struct cxm_db *db, long long business_id, long long actor_id,
                   const char *actor_email, const char *action, const char *target,
                   const char *detail);

/* The actions, in the order an admin's filter lists them, with their
 * untranslated labels. */
struct cxm_audit_action {
	const char *name;
	const char *label;
};
extern const struct cxm_audit_action cxm_audit_actions[];
extern const unsigned cxm_audit_nactions;

#endif
