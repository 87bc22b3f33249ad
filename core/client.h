/* The client model: the profile fields with their stored codes, labels and
 * allowed values; checking and normalising what a person typed or a CSV row
 * holds; and storing, deleting, restoring, erasing and merging clients. The
 * web pages, the importer and the demo-data generator all go through here,
 * so a value is judged by the same rule wherever it comes from.
 *
 * Every function takes the business id and touches only that business's
 * rows. Writes run in the caller's transaction when there is one. */
#ifndef CXM_CLIENT_H
#define CXM_CLIENT_H

#include <stddef.h>

#include "err.h"

struct cxm_arena;
struct cxm_db;

/* The fixed profile fields, in the order forms and exports show them. */
enum cxm_cfield {
	CXM_CF_EXTERNAL_ID,
	CXM_CF_NAME,
	CXM_CF_EMAIL,
	CXM_CF_PHONE,
	CXM_CF_BIRTH_DATE,
	CXM_CF_AGE_BAND,
	CXM_CF_GENDER,
	CXM_CF_REGION,
	CXM_CF_CITY,
	CXM_CF_PROFESSION,
	CXM_CF_PROFESSION_OTHER,
	CXM_CF_SOURCE,
	CXM_CF_SOURCE_DETAIL,
	CXM_CF_FIRST_SEEN,
	CXM_CF_MARKETING_CONSENT,
	CXM_CF_TAGS,
	CXM_CF_MAX
};

struct cxm_cfield_info {
	const char *code;      /* form field, CSV column and DB column name */
	const char *label;     /* msgid */
	unsigned max_chars;    /* longest accepted text, in characters */
	const char *const *choices;        /* allowed stored values (NULL-terminated), or NULL */
	const char *const *choice_labels;  /* their msgids, same order */
	/* Lower-case header names an import recognises for this field,
	 * '|'-separated (English and Russian), besides the code itself. */
	const char *aliases;
};
extern const struct cxm_cfield_info cxm_cfields[CXM_CF_MAX];

/* The field whose code or alias is header (case-insensitive, surrounding
 * spaces ignored), or -1. */
int cxm_cfield_from_header(const char *header);
/* The msgid of a stored choice of field f, or NULL when value is not one. */
const char *cxm_cfield_choice_label(enum cxm_cfield f, const char *value);

/* Custom attributes, defined per business by its admin. */
enum cxm_ctype { CXM_CT_TEXT, CXM_CT_NUMBER, CXM_CT_DATE, CXM_CT_CHOICE, CXM_CT_MAX };
extern const char *const cxm_ctype_names[CXM_CT_MAX];   /* "text", ... as stored */
extern const char *const cxm_ctype_labels[CXM_CT_MAX];  /* msgids */

struct cxm_custom_field {
	long long id;
	const char *code, *label;
	enum cxm_ctype type;
	const char **choices;   /* type CHOICE */
	size_t nchoices;
};
struct cxm_custom_fields {
	size_t n;
	struct cxm_custom_field *f;
};
/* The business's custom attributes in display order, in the arena. */
enum cxm_err cxm_custom_fields_load(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                    struct cxm_custom_fields *out);
/* The index of the attribute with this code (case-insensitive), or -1. */
int cxm_custom_field_find(const struct cxm_custom_fields *cf, const char *code);

/* What was entered: the text of each field as typed, NULL when the field
 * was not part of the input (an import without that column, a form that
 * does not show it). An empty string means "blank": the value is cleared.
 * custom[i] is the value of cf->f[i] on the same terms; custom may be NULL
 * when no custom value was entered. */
struct cxm_client_input {
	const char *v[CXM_CF_MAX];
	const char **custom;
};

/* A checked client: values normalised and ready to store (NULL: blank).
 * present[f] / custom_present[i] say which fields the input held, so an
 * update writes only those. */
struct cxm_client {
	const char *v[CXM_CF_MAX];   /* text of each field; MARKETING_CONSENT is "1" or "0" */
	unsigned char present[CXM_CF_MAX];
	const char **tags;           /* from v[CXM_CF_TAGS]: split on ',' or ';', trimmed, unique */
	size_t ntags;
	const char **custom;         /* normalised custom values, NULL for blank */
	unsigned char *custom_present;
};

/* Why fields were refused: a msgid per field, NULL when the field is fine. */
struct cxm_client_errors {
	const char *field[CXM_CF_MAX];
	const char **custom;   /* per custom attribute */
	int count;
};

/* Checks and normalises in into out; reasons into err (both allocated in a).
 * Rules: name required on a new client (is_new) and never blank; e-mail a
 * valid address, stored lower-case; phone 7 to 15 digits, stored as
 * "+<digits>" when the country is known ("+", "00", Belarusian "80..."
 * and Russian "8..."/"7..." forms are recognised) and as the digits
 * otherwise; dates YYYY-MM-DD or DD.MM.YYYY, real days, not in the future;
 * a birth date sets the age band (today, UTC) when no band is given; choice
 * fields accept the stored code or its label in either language
 * (case-insensitive); consent accepts yes/no, 1/0, true/false, да/нет;
 * first_seen defaults to today on a new client. Returns the number of
 * refused fields. */
int cxm_client_check(struct cxm_arena *a, const struct cxm_custom_fields *cf,
                     const struct cxm_client_input *in, int is_new, struct cxm_client *out,
                     struct cxm_client_errors *err);

/* The age band code of someone born on birth (YYYY-MM-DD) as of today
 * (YYYY-MM-DD), or NULL if a date is malformed. */
const char *cxm_age_band_of(const char *birth, const char *today);

/* Phone normalisation alone (see cxm_client_check), into the arena; NULL
 * when s is not a phone number. */
char *cxm_phone_normalize(struct cxm_arena *a, const char *s);

/* Stores a checked client: a new one when *id is 0 (and sets *id), else
 * updates client *id, writing only the fields present in c. Tags present
 * replace the client's tags. Refuses with CXM_ERR_NOT_FOUND a client of
 * another business or one that is not live; CXM_ERR_DUPLICATE when the
 * external id is taken by another client of the business. */
enum cxm_err cxm_client_save(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                             const struct cxm_custom_fields *cf, const struct cxm_client *c,
                             long long *id);

/* Stores n checked new clients, as cxm_client_save with *id 0 would, in
 * fewer statements (ten clients per INSERT where the server hands out
 * consecutive ids), and sets ids[0..n). For imports. CXM_ERR_DUPLICATE
 * when an external id is taken. */
enum cxm_err cxm_client_insert_many(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                    const struct cxm_custom_fields *cf,
                                    const struct cxm_client *const *c, size_t n, long long *ids);

/* Rebuilds the search words (client_words) of clients first..last of the
 * business from their names. Saving a client does it; bulk loaders call
 * it once for the range they inserted. */
enum cxm_err cxm_client_words_refresh(struct cxm_db *db, long long business_id, long long first,
                                      long long last);

/* The live client of the business with this external id, else with this
 * e-mail (normalised), else 0 in *id. Either key may be NULL. */
enum cxm_err cxm_client_match(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              const char *external_id, const char *email, long long *id);

/* Soft delete (live = 0, deleted_at set) and its undoing. CXM_ERR_NOT_FOUND
 * when the client is not in the business (or not in the expected state). */
enum cxm_err cxm_client_delete(struct cxm_db *db, long long business_id, long long id);
enum cxm_err cxm_client_restore(struct cxm_db *db, long long business_id, long long id);

/* Erasure on a data-protection request, in place: name, e-mail, phone,
 * birth date, city, external id, the free-text details, custom values and
 * tags are removed, and the free text of every interaction, of the
 * client's feedback items and of their survey answers (free text, "please
 * specify", the name and e-mail answers) blanked. Kept: the row, its id,
 * age band, gender, region, profession and source codes, first-seen date,
 * every interaction's kind, time, amount, service, place and staff, the
 * choices and scores of every survey answer, and the aggregates, so that
 * every count and metric stays as it was. Not reversible. Runs its own
 * transaction unless one is open. */
enum cxm_err cxm_client_erase(struct cxm_db *db, long long business_id, long long id);

/* Merges client other into keep: other's interactions, feedback items,
 * survey invitations and responses, tags and custom values move to keep
 * (keep's own values win), keep's blank profile fields
 * are filled from other's, the aggregates are recomputed, and other is
 * retired (live = 0, merged_into = keep). Both must be live clients of the
 * business. Runs its own transaction unless one is open. */
enum cxm_err cxm_client_merge(struct cxm_db *db, long long business_id, long long keep,
                              long long other);

/* Recomputes last_seen_at, interactions_count, purchases_count and
 * purchases_total of a client from its interactions. */
enum cxm_err cxm_client_recount(struct cxm_db *db, long long business_id, long long id);

#endif
