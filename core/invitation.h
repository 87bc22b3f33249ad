/* Invitations: one-time links that let a person join a business with a
 * role. Used by the users page (an admin invites) and the site
 * administration page (an operator creates a business and invites its
 * owner). The link is /invite/<token>; only the token's hash is stored
 * (user_tokens, purpose 'invite'); it expires after invite_valid_hours and
 * works once. */
#ifndef CXM_INVITATION_H
#define CXM_INVITATION_H

#include "err.h"
#include "role.h"

struct cxm_req;

/* Invites email (any case; normalised here) to business_id with role.
 * Creates the user (no password yet, language = the business's locale,
 * name = name or the part of the address before '@') if there is none,
 * stores the token, puts the message with the link into the outbox, and
 * writes "invitation_sent" to the audit log. Runs in the caller's
 * transaction if one is open.
 * Returns CXM_ERR_INVALID with a msgid in *why when the address is not
 * valid or the person is already a member; CXM_ERR_DB on database failure. */
enum cxm_err cxm_invitation_create(struct cxm_req *req, long long business_id,
                                   const char *email, const char *name, enum cxm_role role,
                                   const char **why);

#endif
