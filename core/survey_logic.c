/* Respondents' answers: reading, conditions, profile prefill and skip,
 * validation and profile changes; see survey_logic.h. No database here. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "i18n.h"
#include "route.h"
#include "survey_logic.h"
#include "utf8.h"

#define MSG_REQUIRED N_("This question needs an answer.")
#define MSG_OPTION N_("Choose one of the listed answers.")
#define MSG_POINT N_("Choose a point on the scale.")
#define MSG_OTHER N_("Please specify your answer.")
#define MSG_OTHER_LONG N_("Please keep it to 100 characters.")
#define MSG_TEXT_LONG N_("The answer may be at most 2000 characters long.")
#define MSG_NAME_LONG N_("The name may be at most 200 characters long.")
#define MSG_EMAIL N_("Enter a valid e-mail address, e.g. anna@example.com.")
#define MSG_CSI_PAIR N_("Rate both the importance and the satisfaction of each item.")

const char *cxm_survey_profile_get(const struct cxm_survey_profile *p, const char *field)
{
	for (size_t i = 0; p && field && i < p->n; i++)
		if (p->v[i].field && strcmp(p->v[i].field, field) == 0)
			return p->v[i].value && *p->v[i].value ? p->v[i].value : NULL;
	return NULL;
}

const char *cxm_survey_input_name(struct cxm_arena *a, char kind, const char *code, const char *option)
{
	return option ? cxm_printf(a, "%c_%s-%s", kind, code, option) : cxm_printf(a, "%c_%s", kind, code);
}

/* s without surrounding white space, NULL when that leaves nothing. */
static const char *trimmed(struct cxm_arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return n ? cxm_strndup(a, s, n) : NULL;
}

static size_t chars(const char *s)
{
	return s ? cxm_utf8_length(s, strlen(s)) : 0;
}

/* A whole number in s, within [lo, hi]. */
static int parse_int(const char *s, int lo, int hi, int *out)
{
	if (!s || !*s)
		return 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return 0;
	*out = (int)v;
	return 1;
}

static int option_index(const struct cxm_survey_question *q, const char *code, size_t n)
{
	for (size_t k = 0; k < q->nopts; k++)
		if (strlen(q->opts[k].code) == n && strncmp(q->opts[k].code, code, n) == 0)
			return (int)k;
	return -1;
}

static int other_index(const struct cxm_survey_question *q)
{
	for (size_t k = 0; k < q->nopts; k++)
		if (q->opts[k].is_other)
			return (int)k;
	return -1;
}

static void answer_alloc(struct cxm_arena *a, const struct cxm_survey_question *q,
                         struct cxm_survey_answer *x)
{
	memset(x, 0, sizeof(*x));
	x->chosen = cxm_zalloc(a, q->nopts + 1);
	x->sat = cxm_alloc(a, sizeof(int) * (q->nopts + 1));
	x->imp = cxm_alloc(a, sizeof(int) * (q->nopts + 1));
	for (size_t k = 0; k <= q->nopts; k++)
		x->sat[k] = x->imp[k] = CXM_SURVEY_NONE;
}

/* Reads question q's answer; returns a msgid for a malformed one. */
static const char *parse_one(struct cxm_arena *a, const struct cxm_survey_question *q,
                             cxm_survey_input_fn in, void *ctx, struct cxm_survey_answer *x)
{
	const char *err = NULL;
	int lo, hi;
	cxm_survey_range(q, &lo, &hi);
	const char *main = in ? in(ctx, cxm_survey_input_name(a, 'q', q->code, NULL)) : NULL;
	switch (q->type) {
	case CXM_QT_SINGLE: {
		const char *v = trimmed(a, main);
		if (v) {
			int k = option_index(q, v, strlen(v));
			if (k < 0)
				err = MSG_OPTION;
			else
				x->chosen[k] = 1;
		}
		break;
	}
	case CXM_QT_MULTIPLE:
		for (size_t k = 0; in && k < q->nopts; k++)
			if (trimmed(a, in(ctx, cxm_survey_input_name(a, 'q', q->code, q->opts[k].code))))
				x->chosen[k] = 1;
		break;
	case CXM_QT_SCALE:
	case CXM_QT_NPS:
	case CXM_QT_CES:
	case CXM_QT_CSAT: {
		const char *v = trimmed(a, main);
		if (v) {
			if (parse_int(v, lo, hi, &x->num))
				x->given = 1;
			else
				err = MSG_POINT;
		}
		break;
	}
	case CXM_QT_CSI:
		for (size_t k = 0; in && k < q->nopts; k++) {
			const char *s = trimmed(a, in(ctx, cxm_survey_input_name(a, 's', q->code, q->opts[k].code)));
			const char *i = trimmed(a, in(ctx, cxm_survey_input_name(a, 'i', q->code, q->opts[k].code)));
			if (s && !parse_int(s, lo, hi, &x->sat[k]))
				err = MSG_POINT;
			if (i && !parse_int(i, lo, hi, &x->imp[k]))
				err = MSG_POINT;
			if (x->sat[k] != CXM_SURVEY_NONE || x->imp[k] != CXM_SURVEY_NONE)
				x->given = 1;
		}
		break;
	case CXM_QT_TEXT:
	case CXM_QT_NAME:
	case CXM_QT_EMAIL:
		x->text = trimmed(a, main);
		x->given = x->text != NULL;
		if (!x->text)
			break;
		if (q->type == CXM_QT_TEXT && chars(x->text) > CXM_SURVEY_TEXT_MAX)
			err = MSG_TEXT_LONG;
		else if (q->type == CXM_QT_NAME && chars(x->text) > CXM_SURVEY_NAME_MAX)
			err = MSG_NAME_LONG;
		else if (q->type == CXM_QT_EMAIL && !cxm_email_valid(x->text, strlen(x->text)))
			err = MSG_EMAIL;
		break;
	default:
		break;
	}
	if (q->type == CXM_QT_SINGLE || q->type == CXM_QT_MULTIPLE) {
		for (size_t k = 0; k < q->nopts; k++)
			x->given |= x->chosen[k];
		int o = other_index(q);
		if (o >= 0 && x->chosen[o] && in) {
			x->other = trimmed(a, in(ctx, cxm_survey_input_name(a, 'o', q->code, NULL)));
			if (x->other && chars(x->other) > CXM_SURVEY_OTHER_MAX && !err)
				err = MSG_OTHER_LONG;
		}
	}
	return err;
}

/* 1 when one of the ','-separated codes of list is chosen in x. */
static int chosen_in(const struct cxm_survey_question *q, const struct cxm_survey_answer *x,
                     const char *list)
{
	for (const char *p = list ? list : ""; *p;) {
		size_t n = strcspn(p, ",");
		int k = option_index(q, p, n);
		if (k >= 0 && x->chosen[k])
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

int cxm_survey_condition_holds(const struct cxm_survey_version *v, size_t i,
                               const struct cxm_survey_state *st)
{
	const struct cxm_survey_question *q = &v->questions[i];
	if (q->cond_op == CXM_COND_NONE || !q->cond_code)
		return 1;
	int j = cxm_survey_find(v, q->cond_code);
	if (j < 0 || (size_t)j >= i)
		return 0;   /* a broken reference hides rather than asks out of turn */
	const struct cxm_survey_question *d = &v->questions[j];
	const struct cxm_survey_answer *x = &st->ans[j];
	if (!x->given)
		return 0;
	int bound = 0;
	switch (q->cond_op) {
	case CXM_COND_IN:
		return d->type <= CXM_QT_MULTIPLE && chosen_in(d, x, q->cond_values);
	case CXM_COND_NOT_IN:
		return d->type <= CXM_QT_MULTIPLE && !chosen_in(d, x, q->cond_values);
	case CXM_COND_LE:
	case CXM_COND_GE:
		if (d->type < CXM_QT_SCALE || d->type > CXM_QT_CSAT ||
		    !parse_int(q->cond_values, -1000000, 1000000, &bound))
			return 0;
		return q->cond_op == CXM_COND_LE ? x->num <= bound : x->num >= bound;
	case CXM_COND_ANSWERED:
		return 1;
	default:
		return 1;
	}
}

int cxm_survey_prefill(struct cxm_arena *a, const struct cxm_survey_question *q,
                       const struct cxm_survey_profile *profile, struct cxm_survey_answer *out)
{
	const char *val = q->profile_field ? cxm_survey_profile_get(profile, q->profile_field) : NULL;
	if (!val)
		return 0;
	struct cxm_survey_answer x;
	answer_alloc(a, q, &x);
	int lo, hi;
	cxm_survey_range(q, &lo, &hi);
	switch (q->type) {
	case CXM_QT_SINGLE:
	case CXM_QT_MULTIPLE:
		for (const char *p = val; *p;) {
			while (*p == ' ')
				p++;
			size_t n = strcspn(p, ",");
			size_t m = n;
			while (m && p[m - 1] == ' ')
				m--;
			int k = option_index(q, p, m);
			if (k >= 0 && (q->type == CXM_QT_MULTIPLE || !x.given)) {
				x.chosen[k] = 1;
				x.given = 1;
			}
			p += n + (p[n] == ',');
		}
		if (x.given) {
			int o = other_index(q);
			if (o >= 0 && x.chosen[o])
				x.other = cxm_survey_profile_get(profile, cxm_printf(a, "%s:other", q->profile_field));
		}
		break;
	case CXM_QT_SCALE:
	case CXM_QT_NPS:
	case CXM_QT_CES:
	case CXM_QT_CSAT:
		x.given = parse_int(val, lo, hi, &x.num);
		break;
	case CXM_QT_TEXT:
	case CXM_QT_NAME:
	case CXM_QT_EMAIL:
		x.text = val;
		x.given = 1;
		break;
	default:
		break;
	}
	if (!x.given)
		return 0;
	x.from_profile = 1;
	*out = x;
	return 1;
}

void cxm_survey_evaluate(struct cxm_arena *a, const struct cxm_survey_version *v,
                         const struct cxm_survey_profile *profile, cxm_survey_input_fn in, void *ctx,
                         struct cxm_survey_state *st)
{
	size_t n = v->nquestions;
	st->ans = cxm_zalloc(a, sizeof(*st->ans) * (n + 1));
	st->state = cxm_zalloc(a, sizeof(*st->state) * (n + 1));
	st->err = cxm_zalloc(a, sizeof(*st->err) * (n + 1));
	for (size_t i = 0; i < n; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		answer_alloc(a, q, &st->ans[i]);
		if (q->profile_skip && cxm_survey_prefill(a, q, profile, &st->ans[i]))
			st->state[i] = CXM_QS_SKIPPED;
		else
			st->err[i] = parse_one(a, q, in, ctx, &st->ans[i]);
	}
	for (size_t i = 0; i < n; i++) {
		if (st->state[i] == CXM_QS_SKIPPED)
			continue;
		const struct cxm_survey_question *q = &v->questions[i];
		int hidden = 0;
		if (q->cond_op != CXM_COND_NONE) {
			int j = cxm_survey_find(v, q->cond_code);
			hidden = j < 0 || (size_t)j >= i || st->state[j] == CXM_QS_HIDDEN ||
			         !cxm_survey_condition_holds(v, i, st);
		}
		if (hidden) {
			st->state[i] = CXM_QS_HIDDEN;
			answer_alloc(a, q, &st->ans[i]);
			st->err[i] = NULL;
		}
	}
}

int cxm_survey_displayed(const struct cxm_survey_version *v, size_t sec, size_t i,
                         const struct cxm_survey_state *st)
{
	const struct cxm_survey_question *q = &v->questions[i];
	if (q->section != sec || st->state[i] == CXM_QS_SKIPPED)
		return 0;
	if (st->state[i] == CXM_QS_SHOWN)
		return 1;
	int j = cxm_survey_find(v, q->cond_code);
	if (j < 0 || (size_t)j >= i || v->questions[j].section != sec)
		return 0;
	return cxm_survey_displayed(v, sec, (size_t)j, st);
}

int cxm_survey_validate(const struct cxm_survey_version *v, size_t from, size_t to,
                        struct cxm_survey_state *st)
{
	int bad = 0;
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		if (q->section < from || q->section > to || st->state[i] != CXM_QS_SHOWN)
			continue;
		struct cxm_survey_answer *x = &st->ans[i];
		if (!st->err[i]) {
			if (q->type == CXM_QT_CSI) {
				int pairs = 0, partial = 0;
				for (size_t k = 0; k < q->nopts; k++) {
					int s = x->sat[k] != CXM_SURVEY_NONE, m = x->imp[k] != CXM_SURVEY_NONE;
					pairs += s && m;
					partial |= s != m;
				}
				if (partial || (q->required && x->given && (size_t)pairs < q->nopts))
					st->err[i] = MSG_CSI_PAIR;
				else if (q->required && !x->given)
					st->err[i] = MSG_REQUIRED;
			} else if (q->required && !x->given) {
				st->err[i] = MSG_REQUIRED;
			} else if (q->type <= CXM_QT_MULTIPLE) {
				int o = other_index(q);
				if (o >= 0 && x->chosen[o] && !x->other)
					st->err[i] = MSG_OTHER;
			}
		}
		bad += st->err[i] != NULL;
	}
	return bad;
}

size_t cxm_survey_profile_changes(struct cxm_arena *a, const struct cxm_survey_version *v,
                                  const struct cxm_survey_state *st,
                                  struct cxm_survey_profile_change **out)
{
	struct cxm_survey_profile_change *c = cxm_zalloc(a, sizeof(*c) * (v->nquestions + 1));
	size_t n = 0;
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		const struct cxm_survey_answer *x = &st->ans[i];
		const char *f = q->profile_field;
		if (!f || st->state[i] != CXM_QS_SHOWN || !x->given || strcmp(f, "visit_frequency") == 0 ||
		    strcmp(f, "tenure") == 0 || strcmp(f, "name") == 0 || strcmp(f, "email") == 0)
			continue;
		struct cxm_buf b;
		cxm_buf_init(&b, a, 64);
		switch (q->type) {
		case CXM_QT_SINGLE:
		case CXM_QT_MULTIPLE:
			for (size_t k = 0; k < q->nopts; k++)
				if (x->chosen[k]) {
					if (b.len)
						cxm_buf_puts(&b, ", ");
					cxm_buf_puts(&b, q->opts[k].code);
				}
			c[n].other = x->other;
			break;
		case CXM_QT_SCALE:
		case CXM_QT_NPS:
		case CXM_QT_CES:
		case CXM_QT_CSAT:
			cxm_buf_printf(&b, "%d", x->num);
			break;
		case CXM_QT_TEXT:
			cxm_buf_puts(&b, x->text);
			break;
		default:
			continue;
		}
		c[n].field = f;
		c[n].value = b.data;
		n++;
	}
	*out = c;
	return n;
}

const char *cxm_survey_visit_frequency(long long last_year, long long total)
{
	if (total <= 1)
		return "first";
	if (last_year >= 45)
		return "weekly";
	if (last_year >= 10)
		return "monthly";
	return "few_per_year";
}

/* Days since 1970-01-01 of a YYYY-MM-DD date, or -1. */
static long days_of(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* days from civil (Howard Hinnant's algorithm) */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

const char *cxm_survey_tenure(const char *first_seen, const char *today)
{
	long a = days_of(first_seen), b = days_of(today);
	if (a < 0 || b < 0)
		return NULL;
	long d = b - a;
	if (d < 30)
		return "just_now";
	if (d < 365)
		return "months";
	return "year_plus";
}
