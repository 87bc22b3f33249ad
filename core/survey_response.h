/* The database side of a response: what the business knows of the
 * respondent (the profile survey_logic.h prefills and skips from) and the
 * survey_answers rows of a judged state, in the layout sql/0005_surveys.sql
 * describes. The respondent pages and the demo generator go through here
 * alike. */
#ifndef CXM_SURVEY_RESPONSE_H
#define CXM_SURVEY_RESPONSE_H

#include "err.h"
#include "survey_logic.h"

struct cxm_arena;
struct cxm_db;

/* The known values of client client_id of business_id into *out (texts
 * in a): name, email, age_band, gender, region, profession (with
 * "profession:other"), source (with "source:other"), every custom
 * attribute as "custom:<code>", and the derived "tenure" (first seen
 * against today, YYYY-MM-DD) and "visit_frequency" (visits and purchases
 * in the 365 days before today, and in all). An erased or unknown client
 * leaves *out empty. CXM_ERR_DB on failure. */
enum cxm_err cxm_survey_profile_load(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                     long long client_id, const char *today,
                                     struct cxm_survey_profile *out);

/* Inserts the answers of st to version v as rows of response_id (of
 * business_id): a row per chosen option of single and multiple questions
 * (with the "please specify" text on an is_other option), a row per CSI
 * parameter given both points (num = satisfaction, num2 = importance),
 * num for the scale-like types and text for text, name and e-mail.
 * Hidden, skipped and unanswered questions get no row. Runs in the
 * caller's transaction; CXM_ERR_DB on failure (the caller rolls back). */
enum cxm_err cxm_survey_answers_insert(struct cxm_db *db, long long business_id,
                                       const struct cxm_survey_version *v,
                                       const struct cxm_survey_state *st, long long response_id);

/* Writes the profile changes of st's answers (cxm_survey_profile_changes)
 * into client client_id through cxm_client_check and cxm_client_save: the
 * fixed fields, "other" texts as profession_other / source_detail, and
 * custom attributes by code. A value the client model refuses is logged
 * and left out; a client deleted meanwhile is left alone (CXM_OK). Runs in
 * the caller's transaction; CXM_ERR_DB on failure. */
enum cxm_err cxm_survey_profile_apply(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                      long long client_id, const struct cxm_survey_version *v,
                                      const struct cxm_survey_state *st);

#endif
