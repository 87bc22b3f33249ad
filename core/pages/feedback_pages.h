/* What the feedback pages share (feedback_inbox.c, feedback_item.c,
 * feedback_entry.c, feedback_report.c, feedback_public.c,
 * admin_feedback_lists.c): labels of stored codes, option lists, the
 * business's departments, defect kinds and the people who may work items,
 * durations, and the feedback section of a client's page. Everything is
 * read for req->session->business_id only. */
#ifndef CXM_FEEDBACK_PAGES_H
#define CXM_FEEDBACK_PAGES_H

#include <stddef.h>

struct cxm_dict;
struct cxm_req;

/* The translated label of stored value v of a names/labels table pair
 * (v itself when unknown, "—" for NULL). */
const char *cxm_fbp_label(const char *const *names, const char *const *labels, const char *v);

/* Adds one section per name (VALUE, LABEL, SELECTED when it is
 * `selected`), after an empty one labelled empty_label when that is not
 * NULL (translated by the caller). */
void cxm_fbp_options(struct cxm_dict *d, const char *section, const char *const *names,
                     const char *const *labels, const char *selected, const char *empty_label);

/* A business's configurable list or its workers: ids and names (arena). */
struct cxm_fbp_list {
	size_t n;
	long long *id;
	const char **name;
};
/* Which: 0 departments, 1 defect kinds, 2 the active members who may work
 * items (manager and up), by name. The default lists are given to the
 * business first (cxm_feedback_lists_ensure). Returns 0 or 503 (logged). */
int cxm_fbp_list_load(struct cxm_req *req, int which, struct cxm_fbp_list *out);
/* Adds one section per entry (VALUE = id, LABEL, SELECTED) after an empty
 * one labelled empty_label. */
void cxm_fbp_list_options(struct cxm_req *req, struct cxm_dict *d, const char *section,
                          const struct cxm_fbp_list *l, long long selected, const char *empty_label);
/* 1 when id is in the list. */
int cxm_fbp_list_has(const struct cxm_fbp_list *l, long long id);

/* "2 d 1 h 15 min", "6 h 30 min", "45 min", "under a minute" (translated). */
const char *cxm_fbp_duration(struct cxm_req *req, long long seconds);

/* The feedback section of client id's page (pages/client.c): the five
 * newest items with their status, a link to all of them in the inbox and,
 * for a manager, to record a new one. Returns 0 or 503. */
int cxm_fbp_client_section(struct cxm_req *req, struct cxm_dict *d, long long client_id);

/* Checks a contact as typed (NULL or "" for blank): name up to 200
 * characters, a valid e-mail (stored lower-cased), a phone of 7 to 15
 * digits (stored "+digits"); when required, a name and an e-mail or a
 * phone must be given. Fills out_* (NULL for blank) and a translated
 * reason per refused field in err (name, email, phone); returns how many
 * were refused. */
int cxm_fbp_check_contact(struct cxm_req *req, const char *name, const char *email, const char *phone,
                          int required, const char **out_name, const char **out_email,
                          const char **out_phone, const char *err[3]);

/* Checks the text of an item (required, up to 10 000 characters) and a
 * rating ("" or 1 to 5 into *rating, else -1). Return a translated reason
 * or NULL. */
const char *cxm_fbp_check_text(const char *text);
const char *cxm_fbp_check_rating(const char *s, int *rating);

/* The live client of the business with this (lower-cased) e-mail, the
 * oldest when several; 0 when none. Returns 0 or 503. */
int cxm_fbp_client_by_email(struct cxm_req *req, long long business_id, const char *email, long long *id);

#endif
