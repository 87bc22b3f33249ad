/* The respondent logic (core/survey_logic.c) on a hand-built version:
 * conditions (in, not_in, le, ge, answered) and hiding chained through the
 * question a condition refers to, conditional questions displayed on their
 * source's page, required answers, "other" texts, scale ranges, CSI pairs,
 * e-mail and length limits, prefill and skip from the profile, the profile
 * changes the answers make, and the derived visit frequency and tenure.
 * Every expected value is worked out by hand in the comments. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "survey.h"
#include "survey_logic.h"

#define REQ "This question needs an answer."
#define OPTION "Choose one of the listed answers."
#define POINT "Choose a point on the scale."
#define OTHER "Please specify your answer."
#define PAIR "Rate both the importance and the satisfaction of each item."
#define EMAIL "Enter a valid e-mail address, e.g. anna@example.com."
#define TEXT_LONG "The answer may be at most 2000 characters long."

static struct cxm_arena *a;

static struct cxm_survey_option src_opts[] = {
	{1, "social", "Соцсети", "Social", 0, 0, 0},
	{2, "friends", "Друзья", "Friends", 0, 0, 0},
	{3, "other", "Другое", "Other", 1, 0, 0},
};
static struct cxm_survey_option net_opts[] = {
	{4, "insta", "Instagram", "Instagram", 0, 0, 0},
	{5, "tg", "Telegram", "Telegram", 0, 0, 0},
};
static struct cxm_survey_option csi_opts[] = {
	{6, "a", "A", "A", 0, 0, 0},
	{7, "b", "B", "B", 0, 0, 0},
};
static struct cxm_survey_option age_opts[] = {
	{8, "18-25", "18–25", "18–25", 0, 0, 0},
	{9, "26-35", "26–35", "26–35", 0, 0, 0},
};
static struct cxm_survey_option gender_opts[] = {
	{10, "male", "М", "M", 0, 0, 0},
	{11, "female", "Ж", "F", 0, 0, 0},
};
static struct cxm_survey_option liked_opts[] = {
	{12, "q1", "1", "1", 0, 0, 0},
	{13, "q2", "2", "2", 0, 0, 0},
	{14, "other", "Другое", "Other", 1, 0, 0},
};

/* Questions in order; section 0 is page 1, section 1 page 2. */
enum { SRC, NET, NET_DETAIL, NPS, LOW, CSI, AGE, GENDER, MAIL, LIKED, SCORE, HIGH, NQ };
static struct cxm_survey_question qs[NQ];
static struct cxm_survey_section secs[2];
static struct cxm_survey_version v;

static void build(void)
{
	memset(qs, 0, sizeof(qs));
	struct cxm_survey_question *q;
#define Q(i, c, t, sec) q = &qs[i]; q->id = (i) + 100; q->code = c; q->type = t; q->section = sec; \
	q->text_ru = q->text_en = c
	Q(SRC, "src", CXM_QT_SINGLE, 0); q->required = 1; q->opts = src_opts; q->nopts = 3;
	q->profile_field = "source";
	Q(NET, "net", CXM_QT_SINGLE, 0); q->opts = net_opts; q->nopts = 2;
	q->cond_code = "src"; q->cond_op = CXM_COND_IN; q->cond_values = "social";
	Q(NET_DETAIL, "net_detail", CXM_QT_TEXT, 1); q->required = 1;
	q->cond_code = "net"; q->cond_op = CXM_COND_NOT_IN; q->cond_values = "insta";
	Q(NPS, "nps", CXM_QT_NPS, 1); q->required = 1; q->scale_min = 0; q->scale_max = 10;
	Q(LOW, "low", CXM_QT_TEXT, 1);
	q->cond_code = "nps"; q->cond_op = CXM_COND_LE; q->cond_values = "6";
	Q(CSI, "csi", CXM_QT_CSI, 1); q->opts = csi_opts; q->nopts = 2; q->scale_min = 1; q->scale_max = 5;
	Q(AGE, "age", CXM_QT_SINGLE, 0); q->required = 1; q->opts = age_opts; q->nopts = 2;
	q->profile_field = "age_band"; q->profile_skip = 1;
	Q(GENDER, "gender", CXM_QT_SINGLE, 0); q->opts = gender_opts; q->nopts = 2; q->profile_field = "gender";
	Q(MAIL, "mail", CXM_QT_EMAIL, 0);
	Q(LIKED, "liked", CXM_QT_MULTIPLE, 1); q->opts = liked_opts; q->nopts = 3;
	q->profile_field = "custom:liked";
	Q(SCORE, "score", CXM_QT_SCALE, 1); q->scale_min = -2; q->scale_max = 2;
	Q(HIGH, "high", CXM_QT_TEXT, 1);
	q->cond_code = "score"; q->cond_op = CXM_COND_GE; q->cond_values = "1";
#undef Q
	memset(&v, 0, sizeof(v));
	v.sections = secs;
	v.nsections = 2;
	v.questions = qs;
	v.nquestions = NQ;
}

static void setup(void)
{
	a = cxm_arena_new(1 << 14);
	build();
}

static void teardown(void)
{
	cxm_arena_free(a);
}

/* Posted fields: name, value, ..., NULL. */
struct input {
	const char *kv[40];
};

static const char *lookup(void *ctx, const char *name)
{
	const struct input *in = ctx;
	for (size_t i = 0; in->kv[i]; i += 2)
		if (strcmp(in->kv[i], name) == 0)
			return in->kv[i + 1];
	return NULL;
}

static struct cxm_survey_state st;
static struct input in;

static void eval(const struct cxm_survey_profile *p)
{
	cxm_survey_evaluate(a, &v, p, lookup, &in, &st);
}

/* Question i's error is want (NULL: none). */
static void err_is(int i, const char *want, int line)
{
	const char *e = st.err[i];
	if (!want)
		ck_assert_msg(e == NULL, "line %d: question %s: error \"%s\", expected none", line, qs[i].code, e);
	else
		ck_assert_msg(e && strcmp(e, want) == 0, "line %d: question %s: error \"%s\", expected \"%s\"", line,
		              qs[i].code, e ? e : "(none)", want);
}
#define ERR(i, want) err_is(i, want, __LINE__)

START_TEST(nothing_answered)
{
	/* Nothing posted, nothing known: net waits for src (unanswered: no
	 * condition holds), so it is hidden, and net_detail with it; low waits
	 * for nps, high for score. Page 1's required questions: src and age
	 * (2 errors); page 2's: net_detail is hidden, so nps alone (1). */
	memset(&in, 0, sizeof(in));
	eval(NULL);
	const enum cxm_qstate want[NQ] = {
		[SRC] = CXM_QS_SHOWN, [NET] = CXM_QS_HIDDEN, [NET_DETAIL] = CXM_QS_HIDDEN,
		[NPS] = CXM_QS_SHOWN, [LOW] = CXM_QS_HIDDEN, [CSI] = CXM_QS_SHOWN, [AGE] = CXM_QS_SHOWN,
		[GENDER] = CXM_QS_SHOWN, [MAIL] = CXM_QS_SHOWN, [LIKED] = CXM_QS_SHOWN,
		[SCORE] = CXM_QS_SHOWN, [HIGH] = CXM_QS_HIDDEN,
	};
	for (int i = 0; i < NQ; i++)
		ck_assert_msg(st.state[i] == want[i], "%s: state %d, expected %d", qs[i].code, st.state[i], want[i]);
	ck_assert_int_eq(cxm_survey_validate(&v, 0, 0, &st), 2);
	ERR(SRC, REQ);
	ERR(AGE, REQ);
	ERR(GENDER, NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 1);
	ERR(NPS, REQ);
	ERR(NET_DETAIL, NULL);
	/* On page 1, net is displayed (its source is on that page); on page 2
	 * net_detail is not (its source is on page 1 and hidden); low is
	 * displayed on page 2 with nps. */
	ck_assert_int_eq(cxm_survey_displayed(&v, 0, NET, &st), 1);
	ck_assert_int_eq(cxm_survey_displayed(&v, 1, NET_DETAIL, &st), 0);
	ck_assert_int_eq(cxm_survey_displayed(&v, 1, LOW, &st), 1);
	ck_assert_int_eq(cxm_survey_displayed(&v, 0, NPS, &st), 0);
}
END_TEST

START_TEST(conditions_and_chains)
{
	/* src social, net tg: net shown (src in social), net_detail shown (net
	 * not in insta). */
	in = (struct input){{"q_src", "social", "q_net", "tg", "q_net_detail", "a channel", "q_nps", "6",
	                     "q_low", "slow", "q_score", "0", "q_high", "great", NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[NET], CXM_QS_SHOWN);
	ck_assert_int_eq(st.state[NET_DETAIL], CXM_QS_SHOWN);
	ck_assert_str_eq(st.ans[NET_DETAIL].text, "a channel");
	/* nps 6 <= 6: low shown; score 0 < 1: high hidden, its text dropped */
	ck_assert_int_eq(st.state[LOW], CXM_QS_SHOWN);
	ck_assert_str_eq(st.ans[LOW].text, "slow");
	ck_assert_int_eq(st.state[HIGH], CXM_QS_HIDDEN);
	ck_assert_int_eq(st.ans[HIGH].given, 0);
	ck_assert_ptr_null(st.ans[HIGH].text);

	/* net insta: net_detail hidden (not_in insta fails) */
	in = (struct input){{"q_src", "social", "q_net", "insta", "q_net_detail", "x", "q_nps", "7",
	                     "q_low", "slow", "q_score", "1", "q_high", "great", NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[NET_DETAIL], CXM_QS_HIDDEN);
	ck_assert_int_eq(st.state[LOW], CXM_QS_HIDDEN);   /* 7 > 6 */
	ck_assert_int_eq(st.state[HIGH], CXM_QS_SHOWN);   /* 1 >= 1 */

	/* src friends: net hidden and its answer dropped; net_detail hidden
	 * through net even though "tg" would satisfy its own condition */
	in = (struct input){{"q_src", "friends", "q_net", "tg", "q_net_detail", "x", "q_score", "-2", NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[NET], CXM_QS_HIDDEN);
	ck_assert_int_eq(st.ans[NET].given, 0);
	ck_assert_int_eq(st.ans[NET].chosen[1], 0);
	ck_assert_int_eq(st.state[NET_DETAIL], CXM_QS_HIDDEN);
	ck_assert_ptr_null(st.ans[NET_DETAIL].text);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_HIDDEN);   /* -2 < 1 */
	/* the required net_detail, hidden, is not asked for: page 2 errors =
	 * nps only */
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 1);
	ERR(NPS, REQ);
	ERR(NET_DETAIL, NULL);

	/* on a multiple choice: in = any chosen option listed, not_in = none
	 * of the chosen ones listed */
	qs[HIGH].cond_code = "liked";
	qs[HIGH].cond_op = CXM_COND_IN;
	qs[HIGH].cond_values = "q2,other";
	in = (struct input){{"q_liked-q1", "1", "q_liked-other", "1", "o_liked", "x", NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_SHOWN);   /* other is chosen */
	in = (struct input){{"q_liked-q1", "1", NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_HIDDEN);
	qs[HIGH].cond_op = CXM_COND_NOT_IN;
	eval(NULL);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_SHOWN);   /* q1 only: none of q2, other */
	in = (struct input){{"q_liked-q1", "1", "q_liked-q2", "1", NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_HIDDEN);
	in = (struct input){{NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_HIDDEN);  /* not_in needs an answer */
	qs[HIGH].cond_code = "score";
	qs[HIGH].cond_values = "1";

	/* "answered": a condition on any answer */
	qs[HIGH].cond_op = CXM_COND_ANSWERED;
	in = (struct input){{"q_score", "-2", NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_SHOWN);
	in = (struct input){{NULL}};
	eval(NULL);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_HIDDEN);
}
END_TEST

START_TEST(required_other_and_options)
{
	/* src other without its text: "Please specify" */
	in = (struct input){{"q_src", "other", "q_age", "18-25", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 0, 0, &st), 1);
	ERR(SRC, OTHER);
	/* with it: fine, the text kept trimmed */
	in = (struct input){{"q_src", "other", "o_src", "  Flyer ", "q_age", "18-25", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 0, 0, &st), 0);
	ck_assert_str_eq(st.ans[SRC].other, "Flyer");
	ck_assert_int_eq(st.ans[SRC].chosen[2], 1);
	/* a text for "other" while another option is chosen is dropped */
	in = (struct input){{"q_src", "friends", "o_src", "Flyer", "q_age", "18-25", NULL}};
	eval(NULL);
	ck_assert_ptr_null(st.ans[SRC].other);
	/* an option that does not exist */
	in = (struct input){{"q_src", "tv", "q_age", "40-50", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 0, 0, &st), 2);
	ERR(SRC, OPTION);
	ERR(AGE, OPTION);
	/* multiple: q1 and other, the other text missing, then given */
	in = (struct input){{"q_liked-q1", "1", "q_liked-other", "on", "q_nps", "3", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 1);
	ERR(LIKED, OTHER);
	in = (struct input){{"q_liked-q1", "1", "q_liked-other", "on", "o_liked", "Music", "q_nps", "3", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 0);
	ck_assert_int_eq(st.ans[LIKED].chosen[0], 1);
	ck_assert_int_eq(st.ans[LIKED].chosen[1], 0);
	ck_assert_int_eq(st.ans[LIKED].chosen[2], 1);
	/* e-mail */
	in = (struct input){{"q_src", "social", "q_age", "18-25", "q_mail", "anna@", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 0, 0, &st), 1);
	ERR(MAIL, EMAIL);
	in = (struct input){{"q_src", "social", "q_age", "18-25", "q_mail", "anna@example.com", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 0, 0, &st), 0);
	/* a free text of 2000 characters passes, 2001 do not ("я" is one) */
	char *t = malloc(2 * 2001 + 1);
	for (int i = 0; i < 2001; i++)
		memcpy(t + 2 * i, "я", 2);
	t[2 * 2001] = '\0';
	in = (struct input){{"q_nps", "9", "q_low", t, NULL}};
	qs[LOW].cond_op = CXM_COND_NONE;
	eval(NULL);
	ERR(LOW, TEXT_LONG);
	t[2 * 2000] = '\0';
	eval(NULL);
	ERR(LOW, NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 0);
	free(t);
}
END_TEST

START_TEST(ranges_and_csi)
{
	/* NPS 0..10: 0 and 10 accepted, -1, 11 and "abc" refused */
	const char *bad[] = {"-1", "11", "abc", "5.5"};
	for (size_t i = 0; i < 4; i++) {
		in = (struct input){{"q_nps", bad[i], NULL}};
		eval(NULL);
		ERR(NPS, POINT);
		ck_assert_int_eq(st.ans[NPS].given, 0);
	}
	in = (struct input){{"q_nps", "0", "q_score", "2", NULL}};
	eval(NULL);
	ERR(NPS, NULL);
	ck_assert_int_eq(st.ans[NPS].num, 0);
	ck_assert_int_eq(st.ans[SCORE].num, 2);
	in = (struct input){{"q_nps", "10", "q_score", "3", NULL}};
	eval(NULL);
	ck_assert_int_eq(st.ans[NPS].num, 10);
	ERR(SCORE, POINT);   /* the scale is -2..2 */
	/* CSI 1..5: a lone satisfaction is a half pair */
	in = (struct input){{"q_nps", "8", "s_csi-a", "4", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 1);
	ERR(CSI, PAIR);
	in = (struct input){{"q_nps", "8", "s_csi-a", "4", "i_csi-a", "5", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 0);
	ck_assert_int_eq(st.ans[CSI].sat[0], 4);
	ck_assert_int_eq(st.ans[CSI].imp[0], 5);
	ck_assert_int_eq(st.ans[CSI].sat[1], CXM_SURVEY_NONE);
	/* required: every parameter needs both (b missing) */
	qs[CSI].required = 1;
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 1);
	ERR(CSI, PAIR);
	in = (struct input){{"q_nps", "8", NULL}};
	eval(NULL);
	ck_assert_int_eq(cxm_survey_validate(&v, 1, 1, &st), 1);
	ERR(CSI, REQ);
	in = (struct input){{"q_nps", "8", "s_csi-a", "6", "i_csi-a", "1", NULL}};
	eval(NULL);
	ERR(CSI, POINT);
}
END_TEST

START_TEST(prefill_and_skip)
{
	static const struct cxm_survey_profile_value pv[] = {
		{"age_band", "26-35"}, {"gender", "female"}, {"source", "other"}, {"source:other", "Radio"},
		{"custom:liked", "q2, other"},
	};
	struct cxm_survey_profile p = {pv, 5};
	in = (struct input){{"q_src", "social", NULL}};
	eval(&p);
	/* age: skip mode and known -> skipped, answered 26-35, not asked */
	ck_assert_int_eq(st.state[AGE], CXM_QS_SKIPPED);
	ck_assert_int_eq(st.ans[AGE].chosen[1], 1);
	ck_assert_int_eq(st.ans[AGE].from_profile, 1);
	ck_assert_int_eq(cxm_survey_validate(&v, 0, 0, &st), 0);
	ck_assert_int_eq(cxm_survey_displayed(&v, 0, AGE, &st), 0);
	/* gender: prefill mode -> shown; the prefill gives female */
	ck_assert_int_eq(st.state[GENDER], CXM_QS_SHOWN);
	struct cxm_survey_answer x;
	ck_assert_int_eq(cxm_survey_prefill(a, &qs[GENDER], &p, &x), 1);
	ck_assert_int_eq(x.chosen[0], 0);
	ck_assert_int_eq(x.chosen[1], 1);
	/* source other with its text */
	ck_assert_int_eq(cxm_survey_prefill(a, &qs[SRC], &p, &x), 1);
	ck_assert_int_eq(x.chosen[2], 1);
	ck_assert_str_eq(x.other, "Radio");
	/* multiple from "q2, other" */
	ck_assert_int_eq(cxm_survey_prefill(a, &qs[LIKED], &p, &x), 1);
	ck_assert_int_eq(x.chosen[0], 0);
	ck_assert_int_eq(x.chosen[1], 1);
	ck_assert_int_eq(x.chosen[2], 1);
	/* a stored value that is not an option, and an unknown field */
	static const struct cxm_survey_profile_value pv2[] = {{"gender", "x"}, {"age_band", ""}};
	struct cxm_survey_profile p2 = {pv2, 2};
	ck_assert_int_eq(cxm_survey_prefill(a, &qs[GENDER], &p2, &x), 0);
	ck_assert_int_eq(cxm_survey_prefill(a, &qs[AGE], &p2, &x), 0);
	ck_assert_int_eq(cxm_survey_prefill(a, &qs[NPS], &p, &x), 0);
	/* age unknown (blank) in skip mode: asked */
	eval(&p2);
	ck_assert_int_eq(st.state[AGE], CXM_QS_SHOWN);
	/* a condition on a skipped question uses the profile's answer */
	qs[HIGH].cond_code = "age";
	qs[HIGH].cond_op = CXM_COND_IN;
	qs[HIGH].cond_values = "26-35";
	eval(&p);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_SHOWN);
	qs[HIGH].cond_values = "18-25";
	eval(&p);
	ck_assert_int_eq(st.state[HIGH], CXM_QS_HIDDEN);
}
END_TEST

START_TEST(profile_changes)
{
	/* src other "Flyer" -> source other + Flyer; gender male -> gender;
	 * liked q1+q2 -> custom:liked "q1, q2"; age skipped -> no change. */
	static const struct cxm_survey_profile_value pv[] = {{"age_band", "18-25"}};
	struct cxm_survey_profile p = {pv, 1};
	in = (struct input){{"q_src", "other", "o_src", "Flyer", "q_gender", "male", "q_liked-q1", "1",
	                     "q_liked-q2", "1", NULL}};
	eval(&p);
	struct cxm_survey_profile_change *c;
	size_t n = cxm_survey_profile_changes(a, &v, &st, &c);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(c[0].field, "source");
	ck_assert_str_eq(c[0].value, "other");
	ck_assert_str_eq(c[0].other, "Flyer");
	ck_assert_str_eq(c[1].field, "gender");
	ck_assert_str_eq(c[1].value, "male");
	ck_assert_ptr_null(c[1].other);
	ck_assert_str_eq(c[2].field, "custom:liked");
	ck_assert_str_eq(c[2].value, "q1, q2");
}
END_TEST

START_TEST(derived_values)
{
	ck_assert_str_eq(cxm_survey_visit_frequency(0, 0), "first");
	ck_assert_str_eq(cxm_survey_visit_frequency(1, 1), "first");
	ck_assert_str_eq(cxm_survey_visit_frequency(0, 2), "few_per_year");
	ck_assert_str_eq(cxm_survey_visit_frequency(9, 30), "few_per_year");
	ck_assert_str_eq(cxm_survey_visit_frequency(10, 10), "monthly");
	ck_assert_str_eq(cxm_survey_visit_frequency(44, 100), "monthly");
	ck_assert_str_eq(cxm_survey_visit_frequency(45, 45), "weekly");
	/* 29 days, 30 days, 364, 365; across 29 February 2024 (28.02 -> 29.03
	 * is 30 days) */
	ck_assert_str_eq(cxm_survey_tenure("2026-01-01", "2026-01-30"), "just_now");
	ck_assert_str_eq(cxm_survey_tenure("2026-01-01", "2026-01-31"), "months");
	ck_assert_str_eq(cxm_survey_tenure("2025-01-02", "2026-01-01"), "months");
	ck_assert_str_eq(cxm_survey_tenure("2025-01-01", "2026-01-01"), "year_plus");
	ck_assert_str_eq(cxm_survey_tenure("2024-02-28", "2024-03-28"), "just_now");
	ck_assert_str_eq(cxm_survey_tenure("2024-02-28", "2024-03-29"), "months");
	ck_assert_ptr_null(cxm_survey_tenure("2024-13-01", "2024-03-29"));
	ck_assert_ptr_null(cxm_survey_tenure("yesterday", "2024-03-29"));
}
END_TEST

START_TEST(definition_check)
{
	/* the hand-built version is sound */
	struct cxm_survey_problem *p;
	ck_assert_uint_eq(cxm_survey_check(a, &v, &p), 0);
	/* a condition on a later question, a duplicate code, a bad code, a
	 * choice without options, a CES of 1..6, an NPS of 1..10: one problem
	 * each, in question order */
	qs[SRC].cond_code = "net";
	qs[SRC].cond_op = CXM_COND_IN;
	qs[SRC].cond_values = "tg";
	qs[LOW].code = "nps";
	qs[MAIL].code = "Mail";
	qs[GENDER].nopts = 0;
	qs[SCORE].type = CXM_QT_CES;
	qs[SCORE].scale_min = 1;
	qs[SCORE].scale_max = 6;
	qs[NPS].scale_min = 1;
	size_t n = cxm_survey_check(a, &v, &p);
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(p[0].question, SRC);
	ck_assert_str_eq(p[0].msgid, "A condition must refer to the code of an earlier question.");
	ck_assert_int_eq(p[1].question, NPS);
	ck_assert_str_eq(p[1].msgid, "An NPS question is scored 0 to 10.");
	ck_assert_int_eq(p[2].question, LOW);
	ck_assert_str_eq(p[2].msgid, "Another question of this survey has the same code.");
	ck_assert_int_eq(p[3].question, GENDER);
	ck_assert_str_eq(p[3].msgid, "A choice question needs at least one option.");
	ck_assert_int_eq(p[4].question, MAIL);
	ck_assert_int_eq(p[5].question, SCORE);
	ck_assert_str_eq(p[5].msgid, "A CES question is scored 1 to 7 or 1 to 5.");
	/* in with a code the earlier question lacks */
	build();
	qs[NET].cond_values = "social,tv";
	ck_assert_uint_eq(cxm_survey_check(a, &v, &p), 1);
	ck_assert_str_eq(p[0].msgid, "List option codes of the earlier choice question, separated by commas.");
}
END_TEST

static Suite *logic_suite(void)
{
	Suite *s = suite_create("survey_logic");
	TCase *t = tcase_create("logic");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, nothing_answered);
	tcase_add_test(t, conditions_and_chains);
	tcase_add_test(t, required_other_and_options);
	tcase_add_test(t, ranges_and_csi);
	tcase_add_test(t, prefill_and_skip);
	tcase_add_test(t, profile_changes);
	tcase_add_test(t, derived_values);
	tcase_add_test(t, definition_check);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(logic_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
