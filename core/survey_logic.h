/* What a respondent's answers mean, without the database: reading posted
 * answers, which questions are shown (conditions, hiding chained through
 * the question a condition refers to), which are prefilled or skipped from
 * the client's profile, validating a page, and the profile changes the
 * answers make. Pure functions over a loaded version (survey.h). */
#ifndef CXM_SURVEY_LOGIC_H
#define CXM_SURVEY_LOGIC_H

#include <stddef.h>

#include "survey.h"

struct cxm_arena;

#define CXM_SURVEY_TEXT_MAX 2000   /* characters of a free-text answer */
#define CXM_SURVEY_OTHER_MAX 100   /* characters of an "other, please specify" text */
#define CXM_SURVEY_NAME_MAX 200
#define CXM_SURVEY_NONE (-2147483647 - 1)   /* a CSI point not given */

/* One question's answer. */
struct cxm_survey_answer {
	int given;               /* answered at all */
	unsigned char *chosen;   /* single, multiple: 1 per chosen option (nopts entries) */
	const char *other;       /* the text of the is_other option, NULL when none */
	int num;                 /* scale, nps, ces, csat */
	int *sat, *imp;          /* csi, per option: satisfaction and importance, or CXM_SURVEY_NONE */
	const char *text;        /* text, name, email (trimmed; NULL when blank) */
	int from_profile;        /* filled from the profile, not by the respondent */
};

enum cxm_qstate { CXM_QS_SHOWN, CXM_QS_HIDDEN, CXM_QS_SKIPPED };

/* The client's known values by profile field name ("age_band", "region",
 * "custom:priority", "visit_frequency", ...; "<field>:other" holds the text
 * of an "other" choice, e.g. "profession:other"). */
struct cxm_survey_profile_value {
	const char *field, *value;
};
struct cxm_survey_profile {
	const struct cxm_survey_profile_value *v;
	size_t n;
};
/* The value of field (NULL when unknown or blank). p may be NULL. */
const char *cxm_survey_profile_get(const struct cxm_survey_profile *p, const char *field);

/* Everything known about a respondent's answers to version v. */
struct cxm_survey_state {
	struct cxm_survey_answer *ans;   /* v->nquestions each */
	enum cxm_qstate *state;
	const char **err;                /* msgid per question, NULL when fine */
};

/* Looks up a posted field by name; NULL when absent. */
typedef const char *(*cxm_survey_input_fn)(void *ctx, const char *name);

/* Input names of question code (and option code): "q_<code>" for single
 * (the option code), scale-like (the number), text, name and email;
 * "q_<code>-<option>" (any value: chosen) for multiple; "o_<code>" for the
 * "other" text; "s_<code>-<option>" and "i_<code>-<option>" for a CSI
 * parameter's satisfaction and importance. */
const char *cxm_survey_input_name(struct cxm_arena *a, char kind, const char *code, const char *option);

/* Reads the answers in `in` (NULL: none) into st (allocated in a), judges
 * their form (an option code that does not exist, a number off the scale,
 * a text too long, an e-mail that is not one: a msgid in st->err), then
 * decides each question's state in order: SKIPPED when it maps to a
 * profile field the profile knows and its mode is skip (its answer is then
 * the profile's); HIDDEN when its condition's question is hidden or the
 * condition does not hold on that question's answer (an unanswered
 * question satisfies no condition); SHOWN otherwise. Answers (and errors)
 * of hidden questions are dropped. */
void cxm_survey_evaluate(struct cxm_arena *a, const struct cxm_survey_version *v,
                         const struct cxm_survey_profile *profile, cxm_survey_input_fn in, void *ctx,
                         struct cxm_survey_state *st);

/* 1 when question i's condition holds on st's answers (ignoring whether
 * the question it refers to is shown); 1 for a question without one. */
int cxm_survey_condition_holds(const struct cxm_survey_version *v, size_t i,
                               const struct cxm_survey_state *st);

/* On the page of section sec: 1 when question i is displayed there. A
 * shown question is; a hidden one is displayed too (as conditional: "answer
 * if ...") when the question its condition refers to is on the same page
 * and displayed, since without JavaScript the answer it waits for is only
 * known when the page is sent. */
int cxm_survey_displayed(const struct cxm_survey_version *v, size_t sec, size_t i,
                         const struct cxm_survey_state *st);

/* Fills out (allocated in a) with question q's answer from the profile.
 * Returns 1 when the profile has a value that is a valid answer, else 0
 * (out untouched). */
int cxm_survey_prefill(struct cxm_arena *a, const struct cxm_survey_question *q,
                       const struct cxm_survey_profile *profile, struct cxm_survey_answer *out);

/* Checks the shown questions of sections from..to (indexes, inclusive):
 * required ones answered ("This question needs an answer."), an "other"
 * choice has its text, a CSI parameter has both points or neither (and
 * every parameter both when required). Sets st->err (keeping form errors)
 * and returns the number of questions in those sections with an error. */
int cxm_survey_validate(const struct cxm_survey_version *v, size_t from, size_t to,
                        struct cxm_survey_state *st);

/* A profile change an answer makes: field (as in profile_field, never the
 * derived "visit_frequency" and "tenure", nor "name"/"email") and the
 * stored value (an option code; for multiple, the codes joined with ", ";
 * for text, the text), plus the "other" text (NULL when none). */
struct cxm_survey_profile_change {
	const char *field, *value, *other;
};
/* The changes of st's shown, answered, mapped questions (skipped ones
 * change nothing), into *out (allocated in a); returns how many. */
size_t cxm_survey_profile_changes(struct cxm_arena *a, const struct cxm_survey_version *v,
                                  const struct cxm_survey_state *st,
                                  struct cxm_survey_profile_change **out);

/* Derived profile values, as option codes of the default survey:
 * visit frequency from the client's visits and purchases in the last 365
 * days and in all (at most one ever: "first"; 45 or more in the year:
 * "weekly"; 10 or more: "monthly"; else "few_per_year"); tenure from the
 * first-seen date and today, both YYYY-MM-DD (under 30 days: "just_now";
 * under 365: "months"; else "year_plus"; NULL for a malformed date). */
const char *cxm_survey_visit_frequency(long long last_year, long long total);
const char *cxm_survey_tenure(const char *first_seen, const char *today);

#endif
