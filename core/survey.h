/* Survey definitions (sql/0005_surveys.sql): loading one version of a
 * questionnaire with its sections, questions and options into an arena,
 * checking a definition, and the edits the builder makes, under the
 * versioning rule (a version with responses is frozen: an edit first copies
 * it to the next version, which becomes the survey's current one).
 * Every function takes the business id and touches only its rows. */
#ifndef CXM_SURVEY_H
#define CXM_SURVEY_H

#include <stddef.h>

#include "err.h"

struct cxm_arena;
struct cxm_db;
struct cxm_param;

enum cxm_qtype {
	CXM_QT_SINGLE,
	CXM_QT_MULTIPLE,
	CXM_QT_SCALE,
	CXM_QT_NPS,
	CXM_QT_CES,
	CXM_QT_CSAT,
	CXM_QT_CSI,
	CXM_QT_TEXT,
	CXM_QT_NAME,
	CXM_QT_EMAIL,
	CXM_QT_MAX
};
extern const char *const cxm_qtype_names[CXM_QT_MAX];   /* as stored: "single", ... */
extern const char *const cxm_qtype_labels[CXM_QT_MAX];  /* msgids */
/* The type named s, or -1. */
int cxm_qtype_from_name(const char *s);

enum cxm_cond_op { CXM_COND_NONE, CXM_COND_IN, CXM_COND_NOT_IN, CXM_COND_LE, CXM_COND_GE,
                   CXM_COND_ANSWERED, CXM_COND_MAX };
extern const char *const cxm_cond_names[CXM_COND_MAX];  /* "", "in", ... as stored */
int cxm_cond_from_name(const char *s);

struct cxm_survey_option {
	long long id;
	const char *code, *label_ru, *label_en;
	int is_other;
	int has_value, value;   /* the scale point it labels */
};

struct cxm_survey_question {
	long long id, section_id;
	size_t section;          /* index into the version's sections */
	int position;
	const char *code;
	enum cxm_qtype type;
	const char *text_ru, *text_en, *help_ru, *help_en;
	int required;
	int scale_min, scale_max;   /* scale, ces, csi; fixed for nps (0..10) and csat (1..5) */
	const char *min_label_ru, *min_label_en, *max_label_ru, *max_label_en;
	const char *cond_code;      /* NULL: always shown */
	enum cxm_cond_op cond_op;
	const char *cond_values;    /* "a,b" or a number */
	const char *profile_field;  /* NULL or "age_band", ..., "custom:<code>" */
	int profile_skip;           /* profile_mode 'skip' (else 'prefill') */
	struct cxm_survey_option *opts;
	size_t nopts;
};

struct cxm_survey_section {
	long long id;
	int position;
	const char *title_ru, *title_en;
};

/* One version; questions are ordered by section position, then position. */
struct cxm_survey_version {
	long long id, survey_id, business_id;
	int number;
	long long responses;
	const char *intro_ru, *intro_en, *thanks_ru, *thanks_en;
	struct cxm_survey_section *sections;
	size_t nsections;
	struct cxm_survey_question *questions;
	size_t nquestions;
};

/* A questionnaire's row. */
struct cxm_survey {
	long long id, business_id, current_version_id;
	const char *title_ru, *title_en;
	int active;                /* status 'active' */
	const char *open_token;    /* NULL: open link off */
	int is_default;
	long long open_starts;
	int invitation_days;
};

/* Reads survey id of the business (not deleted). CXM_ERR_NOT_FOUND when
 * there is none. Strings in a. */
enum cxm_err cxm_survey_get(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                            long long id, struct cxm_survey *out);
/* The live survey whose open link token is token (any business: the token
 * names it). CXM_ERR_NOT_FOUND when none. */
enum cxm_err cxm_survey_by_open_token(struct cxm_db *db, struct cxm_arena *a, const char *token,
                                      struct cxm_survey *out);
/* Loads version id of the business with everything in it, into a.
 * CXM_ERR_NOT_FOUND when it is not the business's. */
enum cxm_err cxm_survey_version_load(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                     long long version_id, struct cxm_survey_version *out);

/* Index of the question with this code in v, or -1. */
int cxm_survey_find(const struct cxm_survey_version *v, const char *code);
/* The text in lang (0 ru, 1 en), falling back to the other one. */
const char *cxm_survey_text(int en, const char *ru, const char *en_text);
/* The effective scale range of question q (nps 0..10, csat 1..5). */
void cxm_survey_range(const struct cxm_survey_question *q, int *min, int *max);

/* Checks a definition: codes a-z0-9_ (1-64, starting with a letter) unique
 * in the version, option codes (a-z0-9_-) unique in their question; a condition
 * refers to an earlier question's code with an operator its type allows (le
 * and ge on numeric types with a number, in and not_in on choice types with
 * existing option codes); scale ranges sane (scale: min < max within
 * -100..100; ces 1..7 or 1..5); nps 0..10; csat 1..5; single, multiple and
 * csi have options; at most one is_other option; profile fields known.
 * Returns the number of problems; for each, *where (question index or -1)
 * and a msgid, in arrays of v->nquestions + 8 entries allocated in a (the
 * first problem first). */
struct cxm_survey_problem {
	int question;
	const char *field;   /* the builder's input at fault: "code", "text", "options",
	                        "scale", "condition", "profile" */
	const char *msgid;
};
size_t cxm_survey_check(struct cxm_arena *a, const struct cxm_survey_version *v,
                        struct cxm_survey_problem **out);
/* 1 when s is an acceptable question code (a-z0-9_, a letter first) or
 * option code (a-z0-9_-: the profile's codes such as "18-25" fit). */
int cxm_survey_code_ok(const char *s);
int cxm_survey_option_code_ok(const char *s);
/* 1 when f is a profile field a question may map to. */
int cxm_survey_profile_field_ok(const char *f);

/* ---- edits (the builder) ------------------------------------------------ */

/* Creates an empty survey (one version, one section) for the business and
 * sets *id. */
enum cxm_err cxm_survey_create(struct cxm_db *db, long long business_id, long long user_id,
                               const char *title_ru, const char *title_en, long long *id);

/* The version of survey_id that edits go to: its current version when it
 * has no responses, else a copy of it (number + 1, same codes, texts and
 * order) made now and set as the survey's current version. *copied says
 * which. Runs in the caller's transaction (call inside one). */
enum cxm_err cxm_survey_editable(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 long long survey_id, long long user_id, long long *version_id,
                                 int *copied);

/* The id in version_id of the question (or section) that has the same
 * code (position) as question (section) old_id of another version of the
 * same survey: how an edit addressed to an old id finds its copy. 0 when
 * there is none. */
enum cxm_err cxm_survey_question_in(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                    long long old_id, long long version_id, long long *id);
enum cxm_err cxm_survey_section_in(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                   long long old_id, long long version_id, long long *id);

/* Writes question q (id q->id, in the editable version) and replaces its
 * options with q->opts. */
enum cxm_err cxm_survey_question_save(struct cxm_db *db, long long business_id,
                                      const struct cxm_survey_question *q);
/* Adds a question at the end of section_id (of version_id); sets q->id. */
enum cxm_err cxm_survey_question_add(struct cxm_db *db, long long business_id, long long version_id,
                                     long long section_id, struct cxm_survey_question *q);
enum cxm_err cxm_survey_question_delete(struct cxm_db *db, long long business_id, long long id);
/* Swaps question id with its neighbour in the version's order (dir -1 up,
 * +1 down), moving it across a section boundary when it is first or last. */
enum cxm_err cxm_survey_question_move(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                      long long id, int dir);
enum cxm_err cxm_survey_section_add(struct cxm_db *db, long long business_id, long long version_id,
                                    const char *title_ru, const char *title_en, long long *id);
enum cxm_err cxm_survey_section_save(struct cxm_db *db, long long business_id, long long id,
                                     const char *title_ru, const char *title_en);
/* Deletes a section and its questions. */
enum cxm_err cxm_survey_section_delete(struct cxm_db *db, long long business_id, long long id);

/* ---- the default questionnaire (survey_default.c) ----------------------- */

/* Installs the questionnaire of document 000 as the business's default
 * survey (is_default = 1, open link on) with its custom attributes, unless
 * the business already has a default survey (then *id is that one and
 * *installed 0). installed may be NULL. Runs in the caller's transaction
 * when one is open, else in its own. */
enum cxm_err cxm_survey_install_default(struct cxm_db *db, long long business_id, long long *id,
                                        int *installed);

/* Adds the ready-made CSI survey (survey_csi.c: document 001's importance
 * and satisfaction of six service parameters, 1 to 10, open link on)
 * unless the business has it already (a survey of that English title that
 * is not deleted): then *id is that one and *installed 0. Same
 * transaction rules as cxm_survey_install_default. */
enum cxm_err cxm_survey_install_csi(struct cxm_db *db, long long business_id, long long *id,
                                    int *installed);

/* What both do: in the caller's transaction or its own, find_sql (one id
 * column, FOR UPDATE) finds the survey that is there already (then *id is
 * it, *installed 0); else install_fn adds it (*installed 1). what names it
 * in the error log line. */
enum cxm_err cxm_survey_install_once(struct cxm_db *db, long long business_id, const char *find_sql,
                                     const struct cxm_param *params, size_t nparams,
                                     enum cxm_err (*install_fn)(struct cxm_db *, long long, long long *),
                                     const char *what, long long *id, int *installed);

#endif
