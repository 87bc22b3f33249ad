/* Survey invitations: creating them (by a manager, for a filtered list of
 * clients, or by a journey trigger), the triggers' evaluation and the
 * sending of due invitations by the job runners. docs/survey_invitations.md
 * ("Invitations") describes the rules; sql/0005_surveys.sql the tables. */
#ifndef CXM_SURVEY_INVITE_H
#define CXM_SURVEY_INVITE_H

#include <stdint.h>

#include "err.h"

struct cxm_arena;
struct cxm_config;
struct cxm_db;
struct cxm_sql;

enum cxm_invite_source { CXM_INV_MANUAL, CXM_INV_BULK, CXM_INV_TRIGGER, CXM_INV_SOURCE_MAX };
extern const char *const cxm_invite_source_names[CXM_INV_SOURCE_MAX];   /* as stored */

/* The trigger events (survey_triggers.event), with their labels (msgids). */
enum cxm_trigger_event {
	CXM_TE_VISIT,
	CXM_TE_PURCHASE,
	CXM_TE_CALL,
	CXM_TE_MESSAGE,
	CXM_TE_FEEDBACK_RESOLVED,
	CXM_TE_MAX
};
extern const char *const cxm_trigger_event_names[CXM_TE_MAX + 1];   /* NULL-terminated */
extern const char *const cxm_trigger_event_labels[CXM_TE_MAX];

/* Default quiet period (days) of a business without a survey_settings row. */
#define CXM_QUIET_DAYS_DEFAULT 30
/* A bulk send invites at most this many clients. */
#define CXM_INVITE_BULK_CAP 50000

/* The business's quiet period in days (the default without a settings
 * row), or -1 on a database error. */
long long cxm_invite_quiet_days(struct cxm_db *db, struct cxm_arena *a, long long business_id);

/* What a manager is told before inviting one client. */
struct cxm_invite_client {
	int found;        /* the client is the business's */
	int live;         /* not deleted nor merged */
	int erased;
	int has_email;
	int opted_out;    /* clients.survey_opt_out */
	int quiet;        /* invited (created or sent) within the quiet period before now */
	long long quiet_days;
};
/* Reads client_id of business_id as of now_utc ("YYYY-MM-DD HH:MM:SS";
 * NULL: the current time). CXM_ERR_DB on a database error. */
enum cxm_err cxm_invite_client_state(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                     long long client_id, const char *now_utc,
                                     struct cxm_invite_client *out);

/* 1 when survey_id is a live (not deleted, status active) survey of the
 * business, 0 when not, -1 on a database error. */
int cxm_invite_survey_ok(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                         long long survey_id);

/* Creates one invitation, due at due_utc (NULL: now), without a token (the
 * token is made when it is sent: only its hash is ever stored). The
 * survey and the client must be the business's: CXM_ERR_NOT_FOUND
 * otherwise; CXM_ERR_DB on a database error. *id (may be NULL) gets the
 * new row's id. Runs in the caller's transaction if one is open. */
enum cxm_err cxm_invite_create(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                               long long survey_id, long long client_id,
                               enum cxm_invite_source source, long long created_by,
                               const char *due_utc, uint64_t *id);

/* A bulk send to the clients of a filtered list. */
struct cxm_invite_bulk {
	long long matched;     /* clients the filter gives (at most cap + 1) */
	long long no_email;    /* skipped: no e-mail (or erased) */
	long long opted_out;   /* skipped: asked not to be surveyed */
	long long quiet;       /* skipped: invited within the quiet period */
	long long invited;     /* would be / were invited */
	int over_cap;          /* matched > cap: nothing is created */
};
/* Counts (apply 0) or creates (apply 1, in one transaction, source
 * 'bulk') the invitations to survey_id of the clients that q selects. q
 * must be a statement made by cxm_client_where_sql with the `before`
 * text CXM_INVITE_BULK_SELECT and its parameters cxm_invite_bulk_params
 * fills (CXM_INVITE_BULK_NPARAMS of them). Errors: CXM_ERR_DB (nothing
 * created). */
#define CXM_INVITE_BULK_SELECT \
	"SELECT c.id, c.email IS NOT NULL AND c.email <> '' AND c.erased_at IS NULL," \
	" c.survey_opt_out, ? > 0 AND EXISTS (SELECT 1 FROM survey_invitations si" \
	" WHERE si.business_id = c.business_id AND si.client_id = c.id" \
	" AND (si.created_at > ? - INTERVAL ? DAY OR si.sent_at > ? - INTERVAL ? DAY))" \
	" FROM clients c"
#define CXM_INVITE_BULK_NPARAMS 5
struct cxm_param;
void cxm_invite_bulk_params(struct cxm_arena *a, long long quiet_days, const char *now_utc,
                            struct cxm_param *p);
enum cxm_err cxm_invite_bulk_run(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 long long survey_id, const struct cxm_sql *q, long long cap,
                                 long long created_by, const char *now_utc, int apply,
                                 struct cxm_invite_bulk *out);

/* Evaluates every active trigger once as of now_utc (NULL: now) and
 * creates the invitations that are due (docs/survey_invitations.md, "Triggers").
 * Runs under a named lock: when another runner is evaluating, returns 0 at
 * once. Returns the number of invitations created, or -1 on a database
 * error (logged; the invitations made stay, and the other triggers are
 * still evaluated). */
long long cxm_invite_triggers_run(struct cxm_db *db, const char *now_utc);

/* Sends up to limit due invitations (sent_at NULL, due_at <= now_utc;
 * NULL: now), claimed with SELECT ... FOR UPDATE SKIP LOCKED in batches:
 * each gets a fresh token (its hash in token_hash), expires_at = now +
 * the survey's invitation_days, and one message in the outbox (through
 * cxm_mail_send_db) in the business's language with the link
 * <public_url>/r/<token>. An invitation whose client has no e-mail, is
 * deleted or erased, or whose survey is closed, gets sent_at with error
 * set instead and no message. Returns how many were handled (sent or
 * refused), or -1 on a database error. */
long long cxm_invite_send_due(struct cxm_db *db, const struct cxm_config *cfg, const char *now_utc,
                              long long limit);

/* Sends invitation id now if it is not sent yet (a manager's send: the
 * message should not wait for the job runner), with the link
 * <base_url>/r/<token> (base_url NULL: public_url). Errors: CXM_ERR_DB. */
enum cxm_err cxm_invite_send_one(struct cxm_db *db, const struct cxm_config *cfg, struct cxm_arena *a,
                                 const char *base_url, long long id);

/* What the job runners call once per run: triggers, then sending. Returns
 * the number of messages handled, or -1 on a database error. */
long long cxm_invite_jobs(struct cxm_db *db, const struct cxm_config *cfg);

#endif
