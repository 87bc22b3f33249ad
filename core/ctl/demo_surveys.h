/* cxmctl demo-surveys: what its two ways of generating responses share
 * (the respondent's answers drawn as a form, demo_surveys.c) and the bulk
 * way (demo_surveys_bulk.c: multi-row INSERTs straight into the tables, for
 * millions of answers). Internal to cxmctl. */
#ifndef CXM_CTL_DEMO_SURVEYS_H
#define CXM_CTL_DEMO_SURVEYS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "survey.h"
#include "survey_logic.h"

struct cxm_arena;

/* The posted form of one respondent: name/value pairs, in a. */
struct demo_form {
	const char **name, **value;
	size_t n, cap;
	struct cxm_arena *a;
};
void demo_form_set(struct demo_form *f, const char *name, const char *value);
const char *demo_form_get(void *ctx, const char *name);   /* a cxm_survey_input_fn */

/* About normal, mean 0, deviation 1 (the sum of four uniforms, scaled). */
double demo_normalish(uint64_t *s);

/* Fills f with what a respondent (name, email) answers to every question
 * of v (a respondent answers what is shown; survey_logic.c drops the
 * answers of hidden questions): the profile's value of a mapped question
 * when known, else a drawn option; scores from the satisfaction sat (0..1). */
void demo_survey_answer_all(const struct cxm_survey_version *v, uint64_t *s, const struct cxm_survey_profile *p,
                            const char *name, const char *email, double sat, struct demo_form *f);

/* A bulk run over one business's default survey (demo_surveys_bulk.c). */
struct demo_bulk {
	struct cxm_db *db;
	long long biz;
	uint64_t seed;
	long long today;              /* the start of --today, seconds since the epoch (UTC) */
	const char *today_s;          /* the same, YYYY-MM-DD */
	const struct cxm_survey *survey;
	const struct cxm_survey_version *v;
	const long long *members;     /* who works follow-up items */
	size_t nmembers;
	long long want_responses, want_answers;   /* the targets (0: none) */
	int quiet;
	/* what it wrote */
	long long invitations, responses, answers, followups, refused;
};

/* Writes invitations, responses, answers and the low scores' follow-up
 * items until a target is reached or the clients run out, in one
 * transaction per batch of clients. CXM_ERR_DB on a database error (the
 * batches committed stay). */
enum cxm_err demo_surveys_bulk(struct demo_bulk *b);

#endif
