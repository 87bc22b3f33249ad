/* What the client-base pages share (clients.c, client.c, client_edit.c,
 * client_life.c, admin_client_fields.c): the business's time zone and
 * currency, reading one client of the session's business, how a client is
 * named on a page, and building links. Everything is read for
 * req->session->business_id only; an id of another business is "not
 * found". */
#ifndef CXM_CLIENT_PAGES_H
#define CXM_CLIENT_PAGES_H

#include "client.h"

struct cxm_buf;
struct cxm_dict;
struct cxm_req;

/* The session's business: its IANA time zone and currency code. */
struct cxm_cp_business {
	const char *timezone;
	const char *currency;
};
/* Returns 0, or 503 (logged) when the database failed, 404 when the
 * business is gone. */
int cxm_cp_business(struct cxm_req *req, struct cxm_cp_business *out);

/* The client list's filters from the request's fields, which must begin
 * with the fields of the list's route in their order (CXM_CLIENT_LIST_FIELDS
 * in pages/routes.c): the list page and the exports read them alike. A
 * value that cannot be used is shown with its reason in d (NULL: dropped)
 * and left out. Returns 0, or 503 when the database failed. */
struct cxm_cfilter;
struct cxm_custom_fields;
int cxm_cp_read_filter(struct cxm_req *req, struct cxm_dict *d, const struct cxm_cp_business *b,
                       const struct cxm_custom_fields *cf, struct cxm_cfilter *f);

/* One client as stored (every text in the arena; NULL for SQL NULL). */
struct cxm_cp_client {
	long long id;
	const char *v[CXM_CF_MAX];   /* the fixed fields in enum order; TAGS: "a, b" */
	const char *consent_at;      /* UTC "YYYY-MM-DD HH:MM:SS" */
	const char *last_seen_at;    /* UTC */
	long long interactions, purchases;
	const char *total;
	int live, erased;
	long long merged_into;       /* 0 unless merged into another client */
	const char *deleted_at, *erased_at, *created_at, *updated_at;  /* UTC */
	const char **tags;           /* names, by name */
	size_t ntags;
};
/* Reads client id of the session's business (any state) into c. Returns
 * 0, 404 when there is no such client in the business, or 503 (logged).
 * lock: FOR UPDATE, inside the caller's transaction. */
int cxm_cp_load_client(struct cxm_req *req, long long id, int lock, struct cxm_cp_client *c);

/* The name a page shows for a client: the name, or "Erased client #id"
 * (translated) for an erased one. */
const char *cxm_cp_client_name(struct cxm_req *req, long long id, const char *name, int erased);

/* "client #<id>": the audit log's target for a client (no personal data). */
const char *cxm_cp_audit_target(struct cxm_req *req, long long id);

/* Appends s percent-encoded for a query string (unreserved characters
 * kept). */
void cxm_cp_urlencode(struct cxm_buf *b, const char *s);
/* Appends "&name=value" (no '&' when b is empty) with value encoded; does
 * nothing when value is NULL or empty. */
void cxm_cp_query_add(struct cxm_buf *b, const char *name, const char *value);

/* Local "YYYY-MM-DD HH:MM" in tz of a UTC time (NULL stays NULL; a value
 * that is not a time is returned as it is). */
const char *cxm_cp_local_minutes(struct cxm_req *req, const char *tz, const char *utc);
/* Local date "YYYY-MM-DD" in tz of a UTC time. */
const char *cxm_cp_local_date(struct cxm_req *req, const char *tz, const char *utc);

/* The translated label of a stored choice of field f (the value itself
 * when it is not one of the choices; NULL for NULL). */
const char *cxm_cp_choice(enum cxm_cfield f, const char *value);

/* Adds one OPTION section (VALUE, LABEL, SELECTED) to d per choice of
 * field f, after an empty "not set" one, selecting `selected`. */
void cxm_cp_choice_options(struct cxm_dict *d, const char *section, enum cxm_cfield f,
                           const char *selected);

/* Starts the confirmation page (confirm.tpl) of an action: heading, the
 * form posting to action (with a "confirm" checkbox labelled checkbox when
 * it is not NULL), the button's text (red when danger), and a way back.
 * The caller adds PARA sections (TEXT) and the REMOVED and KEPT lists
 * (ITEM with TEXT). Returns the page's dictionary. */
struct cxm_dict *cxm_cp_confirm_begin(struct cxm_req *req, const char *heading, const char *action,
                                      const char *back_url, const char *back_label,
                                      const char *checkbox, const char *button, int danger);
/* Adds a paragraph to a confirmation page. */
void cxm_cp_confirm_para(struct cxm_dict *d, const char *text);

#endif
