/* A survey's results: response and invitation counts, and per question
 * code (answers of every version counted together) the distribution of
 * answers and the question type's metric (NPS, CSAT, CES, CSI, means), as
 * DESIGN.md section 6 and docs/survey_invitations.md ("Results") define them; and
 * the free-text answers in pages. Everything is read for one business. */
#ifndef CXM_SURVEY_RESULTS_H
#define CXM_SURVEY_RESULTS_H

#include <stddef.h>

#include "err.h"

struct cxm_arena;
struct cxm_db;
struct cxm_rows;

/* Which responses count: completed in [from_utc, to_utc) (NULL: open),
 * by a client with these profile values (NULL: any; tag_id 0 any, -1 a
 * tag the business does not have: nothing matches). Invitations count
 * by sent_at in the same period and the same client filters. */
struct cxm_sr_filter {
	const char *from_utc, *to_utc;
	const char *age_band, *gender, *region, *source;
	long long tag_id;
};

/* One bar: an option (by code) or a scale point (value), with its labels
 * (NULL: none; the page shows the code or the number), the number of
 * answers, and for CSI parameters the normalised means and the index. */
struct cxm_sr_bar {
	const char *code;
	long long value;
	const char *label_ru, *label_en;
	long long count;
	long long pairs;               /* CSI: answers of this parameter */
	double importance, satisfaction, csi;   /* CSI: 0..1, 0..1, 0..100 */
};

struct cxm_sr_question {
	const char *code, *type;       /* type as stored (survey_questions.type) */
	const char *text_ru, *text_en; /* of the newest version holding the code */
	int scale_min, scale_max;      /* the range of the bars (scale-like, csi) */
	long long respondents;         /* responses that answered it */
	long long answers;             /* numeric answers (scale-like) */
	struct cxm_sr_bar *bars;
	size_t nbars;
	int has_mean;
	double mean;                   /* scale-like: mean of the answers */
	long long promoters, passives, detractors;   /* nps */
	double nps;                    /* %promoters - %detractors */
	long long positive;            /* csat: answers 4-5; ces: the two easiest points */
	double positive_pct;
	double csi;                    /* csi: mean of the parameters' indexes */
};

struct cxm_survey_results {
	long long responses;
	long long sent, opened, completed;   /* invitations (sent without error) */
	struct cxm_sr_question *q;            /* in the newest version's order */
	size_t nq;
	long long *text_question_ids;         /* questions of type text (every version) */
	size_t ntext;
};

/* Computes the results of survey_id (the caller has checked it is the
 * business's) into out; everything in the arena. Whole UTC days before
 * the rollup's mark come from the daily rollup (without client filters);
 * the rest is read from the answers. CXM_ERR_DB on a database error. */
enum cxm_err cxm_survey_results(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                long long survey_id, const struct cxm_sr_filter *f,
                                struct cxm_survey_results *out);

/* Brings the daily rollup of survey_id (survey_answer_days,
 * survey_respondent_days) up to the last UTC midnight at least an hour
 * before now_utc (NULL: now), in transactions of at most 31 days each, and
 * at most max_days days in all (0: no limit). Under a named lock: when
 * another process is at it, returns CXM_OK at once. CXM_ERR_DB on a
 * database error (the days already committed stay). */
enum cxm_err cxm_survey_rollup(struct cxm_db *db, long long business_id, long long survey_id,
                               const char *now_utc, int max_days);
/* The same for every survey that is behind (the job runners call it).
 * Returns the number of surveys rolled up, or -1 on a database error. */
long long cxm_survey_rollup_due(struct cxm_db *db, const char *now_utc);

/* One page of the free-text answers of res's text questions, newest
 * first: answers with id < before_id (0: from the newest), at most limit;
 * rows: answer id, response id, completed_at (UTC), question code, text.
 * *more says whether older ones exist. */
enum cxm_err cxm_survey_texts(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              long long survey_id, const struct cxm_survey_results *res,
                              const struct cxm_sr_filter *f, long long before_id, long long limit,
                              struct cxm_rows *rows, int *more);

#endif
