/* Outgoing mail. Every message is stored in the outbox table; when
 * "sendmail" is configured it is also handed to that program at once, and
 * with "log_mail = yes" (development) it is written to the log. */
#ifndef CXM_MAIL_H
#define CXM_MAIL_H

#include "err.h"

struct cxm_arena;
struct cxm_config;
struct cxm_db;
struct cxm_req;

/* Queues (and perhaps sends) a plain-text message. business_id 0 for
 * installation-wide mail. */
enum cxm_err cxm_mail_send(struct cxm_req *req, long long business_id, const char *to,
                           const char *subject, const char *body);

/* The absolute URL of path on this site, for links in messages:
 * public_url + path, or built from nginx's server name and port. */
const char *cxm_mail_url(struct cxm_req *req, const char *path);

/* The same without a request (the job runner, cxmctl): the message goes to
 * the outbox through db, is logged or handed to sendmail as cfg says;
 * arena holds temporary text. Errors: CXM_ERR_DB when the outbox row could
 * not be written (a failed delivery is only recorded in outbox.error). */
enum cxm_err cxm_mail_send_db(struct cxm_db *db, const struct cxm_config *cfg, struct cxm_arena *arena,
                              long long business_id, const char *to, const char *subject,
                              const char *body);

/* public_url + path (in arena), for links in messages sent without a
 * request; "http://localhost" + path when public_url is not configured. */
const char *cxm_mail_public_url(const struct cxm_config *cfg, struct cxm_arena *arena, const char *path);

#endif
