/* The interaction history: what happened with a client (a visit, a
 * purchase, a call, a message, a note, a complaint, a survey response),
 * checked the same way whether a manager types it, a file brings it or the
 * demo-data generator makes it up. Adding one keeps the client's
 * aggregates (last_seen_at, counts, purchases total) current. */
#ifndef CXM_INTERACTION_H
#define CXM_INTERACTION_H

#include "err.h"

struct cxm_arena;
struct cxm_db;

enum cxm_ikind {
	CXM_IK_VISIT,
	CXM_IK_PURCHASE,
	CXM_IK_CALL,
	CXM_IK_MESSAGE,
	CXM_IK_NOTE,
	CXM_IK_COMPLAINT,
	CXM_IK_SURVEY,
	CXM_IK_MAX
};
extern const char *const cxm_ikind_names[CXM_IK_MAX];   /* "visit", ... as stored */
extern const char *const cxm_ikind_labels[CXM_IK_MAX];  /* msgids */
/* The kind named s (stored name, or label in either language), or -1. */
int cxm_ikind_from_text(struct cxm_arena *a, const char *s);

/* The kinds a manager may enter by hand (complaints and survey responses
 * arrive through feedback and surveys). */
int cxm_ikind_manual(enum cxm_ikind k);

/* The input fields, as typed. */
enum cxm_ifield {
	CXM_IF_KIND,
	CXM_IF_OCCURRED_AT,   /* local time of the business, or UTC when checked with tz NULL */
	CXM_IF_CHANNEL,
	CXM_IF_AMOUNT,
	CXM_IF_CURRENCY,
	CXM_IF_SERVICE,
	CXM_IF_LOCATION,
	CXM_IF_STAFF,
	CXM_IF_ITEMS,
	CXM_IF_TEXT,
	CXM_IF_MAX
};
extern const char *const cxm_ifield_codes[CXM_IF_MAX];   /* form and CSV names */
extern const char *const cxm_ifield_labels[CXM_IF_MAX];  /* msgids */

struct cxm_interaction {
	enum cxm_ikind kind;
	const char *occurred_at;   /* UTC, "YYYY-MM-DD HH:MM:SS" */
	const char *channel, *amount, *currency, *service, *location, *staff, *items, *text;
	long long ref_id;          /* 0: none */
	long long created_by;      /* user id, 0: none */
};

/* Checks typed values (NULL or "" for blank) into out, with a msgid per
 * refused field in err; returns how many were refused. Rules: the kind is
 * required; the time is required, "YYYY-MM-DD HH:MM" (or DD.MM.YYYY), in
 * time zone tz (NULL: already UTC), not more than a day ahead; a purchase
 * needs an amount of 0 or more (two decimals at most) and takes the
 * currency default_currency when none is given (three letters otherwise);
 * a note needs its text; texts are limited (items 500, names 100-200,
 * text 10000 characters). */
int cxm_interaction_check(struct cxm_arena *a, const char *const in[CXM_IF_MAX], const char *tz,
                          const char *default_currency, struct cxm_interaction *out,
                          const char *err[CXM_IF_MAX]);

/* Adds it to client_id's history (the client must belong to the business:
 * CXM_ERR_NOT_FOUND otherwise), naming service, location and staff by
 * their names (created when new), and updates the client's aggregates. */
enum cxm_err cxm_interaction_add(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 long long client_id, const struct cxm_interaction *it,
                                 long long *id);

/* Removes an interaction (a note entered by mistake) and recounts the
 * client. CXM_ERR_NOT_FOUND when it is not the business's, or when it is
 * the history row of a survey response or feedback item (ref_id set),
 * which stays as long as the record it stands for. */
enum cxm_err cxm_interaction_delete(struct cxm_db *db, long long business_id, long long id);

/* Things named once per business and referred to by id. */
enum cxm_named { CXM_NAMED_SERVICE, CXM_NAMED_LOCATION, CXM_NAMED_STAFF, CXM_NAMED_MAX };
/* The id of the row called name in that table of the business, created
 * when there is none. */
enum cxm_err cxm_named_id(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                          enum cxm_named what, const char *name, long long *id);

#endif
