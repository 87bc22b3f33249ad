/* The feedback register (document 003): reviews and complaints from every
 * channel, their workflow (new -> in progress -> answered -> resolved, or
 * rejected), replies and comments, first-response and resolution times,
 * the SLA and first-contact resolution; and the closing of the survey loop
 * (a low score opens an item). docs/feedback.md states every rule. */
#ifndef CXM_FEEDBACK_H
#define CXM_FEEDBACK_H

#include "err.h"

struct cxm_arena;
struct cxm_db;

/* The channels of document 003, in its order (with their shares there). */
enum cxm_fb_channel {
	CXM_FBC_HOTLINE,          /* 27 % */
	CXM_FBC_SURVEY,           /* 18 % */
	CXM_FBC_INTERNET_REVIEW,  /* 13 % */
	CXM_FBC_EMAIL,            /* 12 % */
	CXM_FBC_WEB_FORM,         /* 10 % */
	CXM_FBC_SOCIAL,           /* 10 % */
	CXM_FBC_MESSENGER,        /*  7 % */
	CXM_FBC_SHOP,             /*  2.5 % */
	CXM_FBC_POST,             /*  0.5 % */
	CXM_FBC_MAX
};
extern const char *const cxm_fb_channel_names[CXM_FBC_MAX + 1];   /* as stored; NULL-terminated */
extern const char *const cxm_fb_channel_labels[CXM_FBC_MAX];      /* msgids */

enum cxm_fb_type {
	CXM_FBT_PRODUCT_QUALITY,
	CXM_FBT_SERVICE_QUALITY,
	CXM_FBT_PAPERWORK,
	CXM_FBT_INFORMATION,
	CXM_FBT_OTHER,
	CXM_FBT_MAX
};
extern const char *const cxm_fb_type_names[CXM_FBT_MAX + 1];
extern const char *const cxm_fb_type_labels[CXM_FBT_MAX];

enum cxm_fb_status {
	CXM_FBS_NEW,
	CXM_FBS_IN_PROGRESS,
	CXM_FBS_ANSWERED,
	CXM_FBS_RESOLVED,
	CXM_FBS_REJECTED,
	CXM_FBS_MAX
};
extern const char *const cxm_fb_status_names[CXM_FBS_MAX + 1];
extern const char *const cxm_fb_status_labels[CXM_FBS_MAX];

extern const char *const cxm_fb_priority_names[5];   /* low normal high urgent, NULL */
extern const char *const cxm_fb_priority_labels[4];

/* Index of s in a NULL-terminated names table, or -1. */
int cxm_fb_index(const char *const *names, const char *s);

/* 1 when the workflow allows from -> to:
 *   new         -> in_progress, answered, rejected
 *   in_progress -> answered, rejected
 *   answered    -> in_progress, resolved, rejected
 *   resolved    -> in_progress (a reopening)
 *   rejected    -> nothing */
int cxm_fb_transition_ok(enum cxm_fb_status from, enum cxm_fb_status to);

/* The SLA to first response in hours (feedback_sla_hours; 24 until set).
 * Set once at start-up from the configuration. */
void cxm_feedback_set_sla_hours(long hours);
long cxm_feedback_sla_hours(void);

/* A new item. Strings may be NULL or "" for none; ids 0 for none. */
struct cxm_feedback_new {
	long long client_id;
	int channel;                 /* enum cxm_fb_channel */
	const char *type;            /* cxm_fb_type_names; NULL: "other" */
	long long department_id, defect_id;
	const char *text;
	int rating;                  /* -1 none; else 0..10 */
	const char *priority;        /* NULL: "normal" */
	long long response_id, assignee_id, created_by;
	const char *contact_name, *contact_email, *contact_phone;
	const char *received_at;     /* UTC "YYYY-MM-DD HH:MM:SS[.ffffff]"; NULL: now */
	const char *remote_addr;     /* the public form's visitor; NULL otherwise */
};

/* Opens an item for business_id: checks that client, department, defect
 * and assignee (an active member, manager or above) belong to the
 * business, sets sla_due_at = received_at + the SLA, records the
 * "created" event and, for a client, an interactions row (kind complaint,
 * ref_id = the item, channel = the item's channel). Runs in its own
 * transaction, or in the caller's when one is open. Returns CXM_OK with
 * *id; CXM_ERR_INVALID for a bad channel, type, priority, rating or empty
 * text; CXM_ERR_NOT_FOUND for an id not of the business; CXM_ERR_DUPLICATE
 * when response_id already opened an item; CXM_ERR_DB. */
enum cxm_err cxm_feedback_create(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 const struct cxm_feedback_new *f, long long *id);

/* The closing of the loop: reads response_id's answers to nps, csat and
 * ces questions and compares them with the business's survey_settings
 * (without a row: NPS <= 6, CSAT <= 2, CES within 2 points of the scale's
 * low end). When any is low, opens ONE item (channel survey, type
 * service_quality, text naming the low scores and the free-text answers,
 * the response's client, response_id set, received when the response was
 * completed), assigned by followup_rule
 * ("none"; "user": followup_user_id while an active member; "round_robin":
 * the next active manager/admin/owner after round_robin_last in id order,
 * which is then remembered). *feedback_id is 0 when nothing was low, and
 * the existing item's id when the response already opened one (nothing
 * new is opened). CXM_ERR_NOT_FOUND when the response is not the
 * business's; CXM_ERR_DB. Joins the caller's transaction when one is
 * open. */
enum cxm_err cxm_feedback_from_response(struct cxm_db *db, struct cxm_arena *a,
                                        long long business_id, long long response_id,
                                        long long *feedback_id);

/* Workflow changes. at: the UTC time of the change, NULL for now (tests
 * pass fixed times); actor: the user (0: the system). Each records its
 * event. Errors: CXM_ERR_NOT_FOUND (not the business's item),
 * CXM_ERR_INVALID (a transition the workflow refuses, an empty text, an
 * assignee who may not work items), CXM_ERR_DB. */

/* Moves the item to status to. answered: first_response_at is set when it
 * was not; resolved: resolved_at = at and fcr = (replies <= 1 and never
 * reopened); resolved -> in_progress: a reopening (reopened + 1,
 * resolved_at and fcr cleared). */
enum cxm_err cxm_feedback_set_status(struct cxm_db *db, long long business_id, long long id,
                                     enum cxm_fb_status to, long long actor, const char *at);

/* A reply to the client: recorded as an event and, when the item has a
 * client, in their history (interactions kind message, ref_id = the
 * item). Sets first_response_at at the first reply and moves a new or in
 * progress item to answered. Refused on a resolved or rejected item.
 * *email (may be NULL): where to send it (the contact e-mail, else the
 * client's), arena text, NULL when there is none; the caller mails it. */
enum cxm_err cxm_feedback_reply(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                long long id, long long actor, const char *text, const char *at,
                                const char **email);

/* An internal comment (never shown to the client). */
enum cxm_err cxm_feedback_comment(struct cxm_db *db, long long business_id, long long id,
                                  long long actor, const char *text, const char *at);

/* Assigns the item to assignee (0: nobody), who must be an active member
 * with the role manager or above. */
enum cxm_err cxm_feedback_assign(struct cxm_db *db, long long business_id, long long id,
                                 long long assignee, long long actor, const char *at);

/* Changes type, department, defect kind and priority (ids 0: none). */
enum cxm_err cxm_feedback_classify(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                   long long id, const char *type, long long department_id,
                                   long long defect_id, const char *priority, long long actor,
                                   const char *at);

/* One item with its times, as of now (UTC; NULL: the server's now). Texts
 * in the arena, NULL for SQL NULL. Seconds are -1 when not applicable. */
struct cxm_feedback {
	long long id, client_id, department_id, defect_id, assignee_id, response_id, created_by;
	const char *channel, *type, *priority, *status, *text;
	int rating;                  /* -1 none */
	const char *contact_name, *contact_email, *contact_phone;
	const char *received_at, *sla_due_at, *first_response_at, *resolved_at, *created_at;
	long replies, reopened;
	int fcr;
	long long first_response_seconds;   /* first_response_at - received_at */
	long long resolution_seconds;       /* resolved_at - received_at */
	int overdue;                 /* awaiting a first response and now > sla_due_at */
	int breached;                /* overdue, or first responded after sla_due_at */
	const char *client_name, *department, *defect, *assignee_name;
};
enum cxm_err cxm_feedback_load(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                               long long id, const char *now, struct cxm_feedback *out);

/* For the client base (client.c), inside its transaction: an erased
 * client's items keep their classification, status and times but lose
 * their text, contact details and the texts of their timeline; a client
 * merged into another hands its items to that one. */
enum cxm_err cxm_feedback_client_erased(struct cxm_db *db, long long business_id, long long client_id);
enum cxm_err cxm_feedback_client_merged(struct cxm_db *db, long long business_id, long long keep,
                                        long long other);

/* Gives a business the default departments and defect kinds of document
 * 003 (in lang "ru" or "en"; NULL: the business's locale) the first time it is called for it; later
 * calls do nothing, so the admins' edits stay. */
enum cxm_err cxm_feedback_lists_ensure(struct cxm_db *db, long long business_id, const char *lang);

/* Counts of a period by channel (by = 0) or type (by = 1): n[i] per
 * channel/type index and the total; share_tenths[i] the share of the
 * total in tenths of a percent, rounded half up (0 when total is 0).
 * from and to: UTC times, received_at in [from, to); NULL: unbounded. */
struct cxm_feedback_counts {
	long long n[CXM_FBC_MAX];
	long long share_tenths[CXM_FBC_MAX];
	long long total;
	int nkeys;
};
enum cxm_err cxm_feedback_counts(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 int by, const char *from, const char *to,
                                 struct cxm_feedback_counts *out);

#endif
