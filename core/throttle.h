/* Login throttling, stored in the database so every worker sees it: after
 * login_max_failures failed logins within login_failure_window seconds for
 * one account (the e-mail typed, whether or not it exists) or from one
 * client address, further attempts are refused until the oldest of those
 * failures leaves the window. A refused attempt is not checked and not
 * counted. */
#ifndef CXM_THROTTLE_H
#define CXM_THROTTLE_H

#include "err.h"

struct cxm_req;

/* Seconds until the next attempt for email from this address may be made
 * (0: allowed now) in *wait. */
enum cxm_err cxm_throttle_check(struct cxm_req *req, const char *email, long *wait);

/* Records a failed attempt for email and for the request's address. */
void cxm_throttle_failed(struct cxm_req *req, const char *email);

/* Forgets the account's failures after a successful login (the address's
 * stay: they may be guesses at other accounts). */
void cxm_throttle_succeeded(struct cxm_req *req, const char *email);

#endif
