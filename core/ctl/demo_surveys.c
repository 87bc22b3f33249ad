/* cxmctl demo-surveys: deterministic survey invitations, responses and
 * feedback items over a business's clients (run after demo-data), so the
 * survey results, the feedback inbox and the clients' histories of a demo
 * or benchmark business have something true to show.
 *
 * For each live client in id order (the n-th client draws from its own
 * splitmix64 stream of the seed and n), with probability --share and an
 * e-mail: an invitation to the default survey on a day of the last two
 * years (after the client was first seen), opened with probability 0.7 and
 * then answered with probability 0.8. An answer is made the way a
 * respondent would: known profile values kept, the rest drawn, the scores
 * from a satisfaction that is lower for clients who stopped coming; it is
 * judged by survey_logic.c (conditions, required questions) and stored by
 * survey_response.c as the respondent pages store it, with its history row
 * and the profile changes of its answers;
 * a low score opens its follow-up item (feedback.c). Independently, with
 * probability --complaints, a client raises an item through a channel
 * drawn with document 003's shares. Items older than three days have gone
 * through the workflow (assigned, answered within 1 to 30 hours, resolved
 * or rejected) with their times. */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "arena.h"
#include "client.h"
#include "ctl/ctl.h"
#include "ctl/demo.h"
#include "ctl/demo_surveys.h"
#include "db.h"
#include "feedback.h"
#include "interaction.h"
#include "survey.h"
#include "survey_logic.h"
#include "survey_response.h"
#include "survey_results.h"
#include "tz.h"

static const char usage_text[] =
	"usage: cxmctl demo-surveys --business SLUG --seed S [--share P] [--complaints P]\n"
	"                           [--today YYYY-MM-DD] [--if-empty]\n"
	"       cxmctl demo-surveys --business SLUG --seed S --bulk (--responses N | --answers N)\n"
	"                           [--today YYYY-MM-DD] [--if-empty]\n"
	"  --share P       share of clients invited to the default survey (default 0.35)\n"
	"  --complaints P  share of clients who raise a feedback item (default 0.04)\n"
	"  --today D       the day the data ends before (default: today, UTC)\n"
	"  --if-empty      do nothing when the business already has survey responses\n"
	"  --bulk          write the default survey's invitations, responses, answers and\n"
	"                  follow-ups straight into the tables (fast; no other feedback\n"
	"                  items), until N responses or N answers (docs/surveys.md)\n"
	"  --survey ID     that survey of the business instead of the default one (e.g.\n"
	"                  the CSI survey of `cxmctl survey install-csi`); --if-empty\n"
	"                  then looks at that survey's responses only\n";

#define OPEN_SHARE 0.7      /* of invitations */
#define ANSWER_SHARE 0.8    /* of opened invitations */
#define CHURN_DAYS 90
#define BATCH 200           /* clients per transaction */

/* ---- draws --------------------------------------------------------------- */

/* An index drawn with the relative weights w[0..n). */
static size_t weighted(uint64_t *s, const double *w, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += w[i];
	double x = demo_unit(s) * sum;
	for (size_t i = 0; i + 1 < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

double demo_normalish(uint64_t *s)
{
	return (demo_unit(s) + demo_unit(s) + demo_unit(s) + demo_unit(s) - 2.0) * 1.7320508;
}

static int clamp(int x, int lo, int hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* ---- times: seconds since the epoch, UTC ----------------------------------- */

static long long parse_day(const char *s)
{
	int y, m, d;
	char extra;
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) < 3)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
	return (long long)timegm(&tm);
}

static const char *when(struct cxm_arena *a, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return cxm_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                  tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- texts ----------------------------------------------------------------- */

static const char *const improve_texts[] = {
	"Хотелось бы записываться онлайн без звонка.",
	"Дольше работать по выходным.",
	"Иногда приходится долго ждать, даже по записи.",
	"Цены могли бы быть пониже.",
	"Больше мастеров на вечернее время.",
	"Напоминать о записи накануне.",
	"Удобнее парковка.",
	"Всё нравится, ничего менять не нужно.",
	"Больше акций для постоянных клиентов.",
	"Вежливее отвечать по телефону.",
};
static const char *const other_texts[] = {"Знакомые", "Реклама на радио", "Проходил мимо", "Одноклассники"};

/* Complaint texts by type (enum cxm_fb_type order). */
static const char *const complaint_texts[CXM_FBT_MAX][3] = {
	{"Товар оказался с браком, прошу заменить.", "После первого использования появился дефект.",
	 "Купленное средство не подошло, хотя консультант уверял в обратном."},
	{"Мастер опоздал на 20 минут и не извинился.", "Администратор грубо ответил по телефону.",
	 "Запись перенесли без предупреждения."},
	{"В чеке указана неверная сумма.", "Не выдали документы об оплате.",
	 "Списали деньги дважды, прошу вернуть."},
	{"Подскажите, работаете ли вы в праздничные дни?", "Есть ли у вас подарочные сертификаты?",
	 "Как перенести запись на другое время?"},
	{"Не работает запись через сайт.", "Спасибо за отличное обслуживание!",
	 "Хотелось бы больше информации об акциях."},
};
/* Document 003's shares of the channels, in enum cxm_fb_channel order. */
static const double channel_w[CXM_FBC_MAX] = {27, 18, 13, 12, 10, 10, 7, 2.5, 0.5};
static const double type_w[CXM_FBT_MAX] = {22, 48, 10, 12, 8};
static const char *const reply_texts[] = {
	"Здравствуйте! Спасибо, что сообщили. Мы разобрались и приносим извинения.",
	"Добрый день! Мы связались с мастером и приняли меры. Ждём вас снова.",
	"Здравствуйте! Ответ на ваш вопрос отправили на почту.",
};

/* ---- the run ----------------------------------------------------------------- */

struct gen {
	struct cxm_db *db;
	struct cxm_arena *keep;        /* the survey, lists: live for the run */
	long long biz;
	uint64_t seed;
	long long today;               /* the start of --today, UTC */
	const char *today_s;
	double share, complaints;
	struct cxm_survey survey;
	struct cxm_survey_version v;
	int have_survey;
	long long survey_id;   /* --survey: this one instead of the default (0) */
	long long *members;            /* who works items: active managers and up */
	size_t nmembers;
	long long *departments, *defects;
	size_t ndepartments, ndefects;
	long long invitations, responses, followups, items, refused;
};

/* A client as the generator needs it. */
struct gclient {
	long long id;
	const char *name, *email, *first_seen, *last_seen;
};

void demo_form_set(struct demo_form *f, const char *name, const char *value)
{
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 32;
		const char **nn = cxm_alloc(f->a, nc * sizeof(*nn)), **nv = cxm_alloc(f->a, nc * sizeof(*nv));
		if (f->n) {
			memcpy(nn, f->name, f->n * sizeof(*nn));
			memcpy(nv, f->value, f->n * sizeof(*nv));
		}
		f->name = nn;
		f->value = nv;
		f->cap = nc;
	}
	f->name[f->n] = name;
	f->value[f->n++] = value;
}

const char *demo_form_get(void *ctx, const char *name)
{
	const struct demo_form *f = ctx;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

/* The option index whose code is code, or -1. */
static int option_of(const struct cxm_survey_question *q, const char *code)
{
	for (size_t k = 0; code && k < q->nopts; k++)
		if (strcmp(q->opts[k].code, code) == 0)
			return (int)k;
	return -1;
}

/* A point of lo..hi for satisfaction sat (0..1) with some noise. */
static int score(uint64_t *s, double sat, int lo, int hi)
{
	double x = lo + sat * (hi - lo) + demo_normalish(s) * 0.08 * (hi - lo);
	return clamp((int)(x + 0.5), lo, hi);
}

void demo_survey_answer_all(const struct cxm_survey_version *v, uint64_t *s, const struct cxm_survey_profile *p,
                            const char *name, const char *email, double sat, struct demo_form *f)
{
	struct cxm_arena *a = f->a;
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		const char *qn = cxm_survey_input_name(a, 'q', q->code, NULL);
		int lo, hi;
		cxm_survey_range(q, &lo, &hi);
		switch (q->type) {
		case CXM_QT_NAME:
			demo_form_set(f, qn, name);
			break;
		case CXM_QT_EMAIL:
			demo_form_set(f, qn, email);
			break;
		case CXM_QT_SINGLE: {
			if (!q->nopts)
				break;
			const char *known = q->profile_field ? cxm_survey_profile_get(p, q->profile_field) : NULL;
			int k = option_of(q, known);
			if (k < 0)
				k = (int)demo_below(s, q->nopts);
			demo_form_set(f, qn, q->opts[k].code);
			if (q->opts[k].is_other)
				demo_form_set(f, cxm_survey_input_name(a, 'o', q->code, NULL),
				         other_texts[demo_below(s, sizeof(other_texts) / sizeof(other_texts[0]))]);
			break;
		}
		case CXM_QT_MULTIPLE: {
			if (!q->nopts)
				break;
			size_t first = demo_below(s, q->nopts), second = demo_below(s, q->nopts);
			for (size_t k = 0; k < q->nopts; k++) {
				if (k != first && (k != second || !demo_chance(s, 0.5)))
					continue;
				demo_form_set(f, cxm_survey_input_name(a, 'q', q->code, q->opts[k].code), "1");
				if (q->opts[k].is_other)
					demo_form_set(f, cxm_survey_input_name(a, 'o', q->code, NULL),
					         other_texts[demo_below(s, sizeof(other_texts) / sizeof(other_texts[0]))]);
			}
			break;
		}
		case CXM_QT_CSI:
			for (size_t k = 0; k < q->nopts; k++) {
				demo_form_set(f, cxm_survey_input_name(a, 's', q->code, q->opts[k].code),
				         cxm_printf(a, "%d", score(s, sat, lo, hi)));
				demo_form_set(f, cxm_survey_input_name(a, 'i', q->code, q->opts[k].code),
				         cxm_printf(a, "%d", score(s, 0.5 + 0.5 * demo_unit(s), lo, hi)));
			}
			break;
		case CXM_QT_TEXT:
			/* the unhappy write more often */
			if (demo_chance(s, q->required ? 1.0 : 0.5 - 0.3 * sat))
				demo_form_set(f, qn, improve_texts[demo_below(s, sizeof(improve_texts) / sizeof(improve_texts[0]))]);
			break;
		default:   /* scale, nps, ces, csat */
			demo_form_set(f, qn, cxm_printf(a, "%d", score(s, sat, lo, hi)));
		}
	}
}

static enum cxm_err workflow(struct gen *g, uint64_t *s, long long id, long long t, struct cxm_arena *a);

/* One client's invitation and perhaps response. */
static enum cxm_err survey_client(struct gen *g, uint64_t *s, const struct gclient *c, struct cxm_arena *a,
                                  int *touched)
{
	long long first = parse_day(c->first_seen), last = parse_day(c->last_seen);
	long long from = g->today - 730LL * 86400;
	if (first > from)
		from = first;
	long long to = g->today - 86400;
	if (from >= to)
		return CXM_OK;
	long long sent = from + (long long)(demo_unit(s) * (double)(to - from));
	int opened = demo_chance(s, OPEN_SHARE), answered = opened && demo_chance(s, ANSWER_SHARE);
	long long opened_at = sent + 600 + (long long)(demo_unit(s) * 2 * 86400);
	long long completed_at = opened_at + 120 + (long long)(demo_unit(s) * 900);
	if (completed_at >= g->today) {
		answered = 0;
		opened = opened_at < g->today;
	}
	/* No link was ever made for a generated invitation: token_hash stays
	 * NULL, so no token opens it. */
	uint64_t inv = 0;
	enum cxm_err rc = cxm_db_exec(
		g->db,
		"INSERT INTO survey_invitations (business_id, survey_id, client_id, token_hash, source, created_at,"
		" due_at, sent_at, opened_at, expires_at) VALUES (?, ?, ?, NULL, 'bulk', ?, ?, ?, ?, ?)",
		CXM_PARAMS(CXM_PINT(g->biz), CXM_PINT(g->survey.id), CXM_PINT(c->id),
		           CXM_PSTR(when(a, sent)), CXM_PSTR(when(a, sent)), CXM_PSTR(when(a, sent)),
		           opened ? CXM_PSTR(when(a, opened_at)) : CXM_PNULL,
		           CXM_PSTR(when(a, sent + 14LL * 86400))),
		NULL, &inv);
	if (rc != CXM_OK)
		return rc;
	g->invitations++;
	if (!answered)
		return CXM_OK;

	struct cxm_survey_profile p;
	if ((rc = cxm_survey_profile_load(g->db, a, g->biz, c->id, g->today_s, &p)) != CXM_OK)
		return rc;
	/* satisfaction: most are content; those who stopped coming less so */
	double sat = 0.85 + demo_normalish(s) * 0.13 - (last < g->today - CHURN_DAYS * 86400LL ? 0.18 : 0);
	sat = sat < 0 ? 0 : sat > 1 ? 1 : sat;
	struct demo_form f = {.a = a};
	demo_survey_answer_all(&g->v, s, &p, c->name, c->email, sat, &f);
	struct cxm_survey_state st;
	cxm_survey_evaluate(a, &g->v, &p, demo_form_get, &f, &st);
	if (g->v.nsections && cxm_survey_validate(&g->v, 0, g->v.nsections - 1, &st) > 0) {
		g->refused++;   /* a questionnaire the generator cannot answer: counted, reported */
		return CXM_OK;
	}
	/* unique over the installation, as a form's key is: one response per
	 * invitation */
	const char *key = cxm_printf(a, "demo:%lld", (long long)inv);
	uint64_t rid = 0;
	const char *done = when(a, completed_at);
	rc = cxm_db_exec(g->db,
	                 "INSERT INTO survey_responses (business_id, survey_id, version_id, client_id, invitation_id,"
	                 " channel, lang, submit_key, started_at, completed_at)"
	                 " VALUES (?, ?, ?, ?, ?, 'invitation', 'ru', ?, ?, ?)",
	                 CXM_PARAMS(CXM_PINT(g->biz), CXM_PINT(g->survey.id), CXM_PINT(g->v.id), CXM_PINT(c->id),
	                            CXM_PINT(inv), CXM_PSTR(key), CXM_PSTR(when(a, opened_at)), CXM_PSTR(done)),
	                 NULL, &rid);
	if (rc == CXM_OK)
		rc = cxm_survey_answers_insert(g->db, g->biz, &g->v, &st, (long long)rid);
	if (rc == CXM_OK)   /* the invited client's profile follows the answers, as on the pages */
		rc = cxm_survey_profile_apply(g->db, a, g->biz, c->id, &g->v, &st);
	if (rc == CXM_OK)
		rc = cxm_db_exec(g->db, "UPDATE survey_invitations SET completed_at = ? WHERE id = ?",
		                 CXM_PARAMS(CXM_PSTR(done), CXM_PINT(inv)), NULL, NULL);
	if (rc == CXM_OK) {
		struct cxm_interaction it = {
			.kind = CXM_IK_SURVEY,
			.occurred_at = done,
			.channel = "survey",
			.text = g->survey.title_ru,
			.ref_id = (long long)rid,
		};
		rc = cxm_interaction_add(g->db, a, g->biz, c->id, &it, NULL);
	}
	long long fid = 0;
	if (rc == CXM_OK)
		rc = cxm_feedback_from_response(g->db, a, g->biz, (long long)rid, &fid);
	if (rc != CXM_OK)
		return rc;
	g->responses++;
	*touched = 1;
	if (!fid)
		return CXM_OK;
	g->followups++;
	return workflow(g, s, fid, completed_at, a);
}

/* Takes item id, received at t, through the workflow as a team would have
 * by today: untouched when it came in the last three days (half of them),
 * else assigned, then left in progress (three in ten of the last
 * fortnight's) or answered 1 to 30 hours later (so some miss the SLA),
 * resolved within five days (a few reopened and resolved again), or
 * rejected (one in twenty). */
static enum cxm_err workflow(struct gen *g, uint64_t *s, long long id, long long t, struct cxm_arena *a)
{
	if (t > g->today - 3LL * 86400 && demo_chance(s, 0.5))
		return CXM_OK;
	int stalled = t > g->today - 14LL * 86400 && demo_chance(s, 0.3);
	long long who = g->nmembers ? g->members[demo_below(s, g->nmembers)] : 0;
	long long at = t + 300 + (long long)(demo_unit(s) * 3600);
	enum cxm_err rc = CXM_OK;
	if (who)
		rc = cxm_feedback_assign(g->db, g->biz, id, who, who, when(a, at));
	if (rc != CXM_OK)
		return rc;
	if (demo_chance(s, 0.05))
		return cxm_feedback_set_status(g->db, g->biz, id, CXM_FBS_REJECTED, who, when(a, at + 600));
	long long replied = t + 3600 + (long long)(demo_unit(s) * 29 * 3600);
	if (replied >= g->today || stalled)
		return cxm_feedback_set_status(g->db, g->biz, id, CXM_FBS_IN_PROGRESS, who, when(a, at + 60));
	rc = cxm_feedback_reply(g->db, a, g->biz, id, who, reply_texts[demo_below(s, 3)], when(a, replied), NULL);
	long long resolved = replied + 1800 + (long long)(demo_unit(s) * 5 * 86400);
	if (rc != CXM_OK || resolved >= g->today)
		return rc;
	rc = cxm_feedback_set_status(g->db, g->biz, id, CXM_FBS_RESOLVED, who, when(a, resolved));
	if (rc == CXM_OK && demo_chance(s, 0.06) && resolved + 86400 < g->today) {
		/* reopened: the client came back; a second reply resolves it */
		rc = cxm_feedback_set_status(g->db, g->biz, id, CXM_FBS_IN_PROGRESS, who, when(a, resolved + 3600));
		if (rc == CXM_OK)
			rc = cxm_feedback_reply(g->db, a, g->biz, id, who, reply_texts[0], when(a, resolved + 7200), NULL);
		if (rc == CXM_OK)
			rc = cxm_feedback_set_status(g->db, g->biz, id, CXM_FBS_RESOLVED, who, when(a, resolved + 10800));
	}
	return rc;
}

/* One client's own feedback item, perhaps. */
static enum cxm_err complaint_client(struct gen *g, uint64_t *s, const struct gclient *c, struct cxm_arena *a,
                                     int *touched)
{
	long long first = parse_day(c->first_seen);
	long long from = g->today - 730LL * 86400;
	if (first > from)
		from = first;
	if (from >= g->today - 3600)
		return CXM_OK;
	/* one in six came in the last fortnight: an inbox has recent work */
	if (demo_chance(s, 1.0 / 6) && from < g->today - 14LL * 86400)
		from = g->today - 14LL * 86400;
	long long t = from + (long long)(demo_unit(s) * (double)(g->today - 3600 - from));
	size_t type = weighted(s, type_w, CXM_FBT_MAX);
	size_t channel = weighted(s, channel_w, CXM_FBC_MAX);
	struct cxm_feedback_new nf = {
		.client_id = c->id,
		.channel = (int)channel,
		.type = cxm_fb_type_names[type],
		.department_id = g->ndepartments && demo_chance(s, 0.7) ? g->departments[demo_below(s, g->ndepartments)] : 0,
		.defect_id = type == CXM_FBT_PRODUCT_QUALITY && g->ndefects ? g->defects[demo_below(s, g->ndefects)] : 0,
		.text = complaint_texts[type][demo_below(s, 3)],
		.rating = channel == CXM_FBC_INTERNET_REVIEW ? 1 + (int)demo_below(s, 3) : -1,
		.priority = cxm_fb_priority_names[weighted(s, (const double[]){10, 70, 17, 3}, 4)],
		.received_at = when(a, t),
	};
	long long id = 0;
	enum cxm_err rc = cxm_feedback_create(g->db, a, g->biz, &nf, &id);
	if (rc == CXM_OK)
		rc = workflow(g, s, id, t, a);
	if (rc == CXM_OK) {
		g->items++;
		*touched = 1;
	}
	return rc;
}

/* The ids of a one-column result, in g->keep. */
static enum cxm_err ids_of(struct gen *g, const char *sql, long long **out, size_t *n)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(g->db, g->keep, sql, CXM_PARAMS(CXM_PINT(g->biz)), &r);
	if (rc != CXM_OK)
		return rc;
	*out = cxm_alloc(g->keep, (r.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < r.nrows; i++)
		(*out)[i] = cxm_rows_int(&r, i, 0, 0);
	*n = r.nrows;
	return CXM_OK;
}

static enum cxm_err setup(struct gen *g)
{
	struct cxm_rows r;
	/* the default survey, or the one asked for */
	enum cxm_err rc = cxm_db_query(g->db, g->keep,
	                               "SELECT id FROM surveys WHERE business_id = ? AND deleted_at IS NULL"
	                               " AND IF(? = 0, is_default = 1, id = ?) ORDER BY id LIMIT 1",
	                               CXM_PARAMS(CXM_PINT(g->biz), CXM_PINT(g->survey_id),
	                                          CXM_PINT(g->survey_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (r.nrows) {
		rc = cxm_survey_get(g->db, g->keep, g->biz, cxm_rows_int(&r, 0, 0, 0), &g->survey);
		if (rc == CXM_OK)
			rc = cxm_survey_version_load(g->db, g->keep, g->biz, g->survey.current_version_id, &g->v);
		if (rc != CXM_OK)
			return rc;
		g->have_survey = 1;
	}
	if ((rc = ids_of(g,
	                 "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id"
	                 " WHERE m.business_id = ? AND m.disabled = 0 AND u.disabled = 0"
	                 " AND m.role IN ('manager','admin','owner') ORDER BY m.user_id",
	                 &g->members, &g->nmembers)) != CXM_OK)
		return rc;
	if ((rc = ids_of(g, "SELECT id FROM feedback_departments WHERE business_id = ? ORDER BY id", &g->departments,
	                 &g->ndepartments)) != CXM_OK)
		return rc;
	return ids_of(g, "SELECT id FROM feedback_defects WHERE business_id = ? ORDER BY id", &g->defects,
	              &g->ndefects);
}

/* Every live client, BATCH to a transaction. */
static enum cxm_err run(struct gen *g, int quiet)
{
	struct cxm_arena *a = cxm_arena_new(64 * 1024);
	long long after = 0, n = 0;
	enum cxm_err rc = CXM_OK;
	for (;;) {
		struct cxm_rows r;
		rc = cxm_db_query(g->db, a,
		                  "SELECT id, name, email, first_seen, last_seen_at FROM clients"
		                  " WHERE business_id = ? AND live = 1 AND erased_at IS NULL AND id > ?"
		                  " ORDER BY id LIMIT ?",
		                  CXM_PARAMS(CXM_PINT(g->biz), CXM_PINT(after), CXM_PINT(BATCH)), &r);
		if (rc != CXM_OK || !r.nrows)
			break;
		if ((rc = cxm_db_begin(g->db)) != CXM_OK)
			break;
		for (size_t i = 0; rc == CXM_OK && i < r.nrows; i++, n++) {
			struct gclient c = {
				.id = cxm_rows_int(&r, i, 0, 0),
				.name = cxm_rows_get(&r, i, 1),
				.email = cxm_rows_get(&r, i, 2),
				.first_seen = cxm_rows_get(&r, i, 3),
				.last_seen = cxm_rows_get(&r, i, 4),
			};
			/* the n-th client's own stream */
			uint64_t s = g->seed * 0x9e3779b97f4a7c15ULL + (uint64_t)n * 0xd1b54a32d192ed03ULL + 0x5eed;
			demo_next(&s);
			int touched = 0;
			if (g->have_survey && c.email && demo_chance(&s, g->share))
				rc = survey_client(g, &s, &c, a, &touched);
			if (rc == CXM_OK && demo_chance(&s, g->complaints))
				rc = complaint_client(g, &s, &c, a, &touched);
			if (rc == CXM_OK && touched)
				rc = cxm_client_recount(g->db, g->biz, c.id);
			after = c.id;
		}
		if (rc == CXM_OK && g->responses)
			rc = cxm_db_exec(g->db,
			                 "UPDATE survey_versions v SET responses = (SELECT COUNT(*) FROM survey_responses r"
			                 " WHERE r.version_id = v.id) WHERE v.id = ? AND v.business_id = ?",
			                 CXM_PARAMS(CXM_PINT(g->v.id), CXM_PINT(g->biz)), NULL, NULL);
		if (rc == CXM_OK)
			rc = cxm_db_commit(g->db);
		if (rc != CXM_OK) {
			cxm_db_rollback(g->db);
			break;
		}
		cxm_arena_reset(a);
		if (!quiet && isatty(2))
			fprintf(stderr, "\r%lld clients, %lld responses, %lld feedback items", n, g->responses,
			        g->items + g->followups);
	}
	if (!quiet && isatty(2))
		fputc('\n', stderr);
	cxm_arena_free(a);
	return rc;
}

int cxm_ctl_demo_surveys(struct cxm_ctl *ctl, int argc, char **argv)
{
	static const struct option opts[] = {
		{"business", required_argument, NULL, 'b'}, {"seed", required_argument, NULL, 's'},
		{"share", required_argument, NULL, 'p'},    {"complaints", required_argument, NULL, 'c'},
		{"today", required_argument, NULL, 't'},    {"if-empty", no_argument, NULL, 'e'},
		{"bulk", no_argument, NULL, 'B'},           {"responses", required_argument, NULL, 'R'},
		{"answers", required_argument, NULL, 'A'},  {"survey", required_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	const char *slug = NULL, *seed = NULL, *today = NULL;
	double share = 0.35, complaints = 0.04;
	int if_empty = 0, bulk = 0, ch;
	long long want_responses = 0, want_answers = 0, survey_id = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		switch (ch) {
		case 'b': slug = optarg; break;
		case 's': seed = optarg; break;
		case 't': today = optarg; break;
		case 'e': if_empty = 1; break;
		case 'B': bulk = 1; break;
		case 'S':
			survey_id = strtoll(optarg, &end, 10);
			if (*end || survey_id < 1) {
				fprintf(stderr, "cxmctl: --survey takes a survey id\n");
				return 2;
			}
			break;
		case 'R':
		case 'A': {
			long long x = strtoll(optarg, &end, 10);
			if (*end || x < 1 || x > 1000000000LL) {
				fprintf(stderr, "cxmctl: --%s takes a number from 1 to 1000000000\n",
				        ch == 'R' ? "responses" : "answers");
				return 2;
			}
			*(ch == 'R' ? &want_responses : &want_answers) = x;
			break;
		}
		case 'p':
		case 'c': {
			double x = strtod(optarg, &end);
			if (*end || x < 0 || x > 1) {
				fprintf(stderr, "cxmctl: --%s takes a share from 0 to 1\n", ch == 'p' ? "share" : "complaints");
				return 2;
			}
			*(ch == 'p' ? &share : &complaints) = x;
			break;
		}
		default: fputs(usage_text, stderr); return 2;
		}
	}
	char *end = NULL;
	unsigned long long seedv = seed ? strtoull(seed, &end, 10) : 0;
	if (!slug || !seed || *end || optind != argc || bulk != (want_responses || want_answers)) {
		fputs(usage_text, stderr);
		return 2;
	}
	struct gen g = {.seed = seedv, .share = share, .complaints = complaints};
	g.keep = cxm_arena_new(64 * 1024);
	g.today_s = today ? today : cxm_utc_today(g.keep);
	g.today = parse_day(g.today_s);
	if (g.today < 0) {
		fprintf(stderr, "cxmctl: --today takes a date YYYY-MM-DD\n");
		cxm_arena_free(g.keep);
		return 2;
	}
	int status = 1;
	g.db = cxm_ctl_db(ctl);
	if (!g.db)
		goto out;
	enum cxm_err rc = cxm_business_by_slug(g.db, g.keep, slug, &g.biz);
	if (rc == CXM_ERR_NOT_FOUND) {
		fprintf(stderr, "cxmctl: no business \"%s\"\n", slug);
		goto out;
	}
	if (rc != CXM_OK)
		goto db_error;
	if (if_empty) {
		struct cxm_rows r;
		if (cxm_db_query(g.db, g.keep,
		                 "SELECT 1 FROM survey_responses WHERE business_id = ? AND (? = 0 OR survey_id = ?)"
		                 " LIMIT 1",
		                 CXM_PARAMS(CXM_PINT(g.biz), CXM_PINT(survey_id), CXM_PINT(survey_id)), &r) != CXM_OK)
			goto db_error;
		if (r.nrows) {
			if (!ctl->quiet)
				printf("business \"%s\" already has survey responses: nothing generated\n", slug);
			status = 0;
			goto out;
		}
	}
	struct demo_bulk bk = {0};
	g.survey_id = survey_id;
	if (setup(&g) != CXM_OK)
		goto db_error;
	if (bulk && g.have_survey) {
		cxm_feedback_set_sla_hours(ctl->cfg.feedback_sla_hours);
		bk = (struct demo_bulk){
			.db = g.db, .biz = g.biz, .seed = g.seed, .today = g.today, .today_s = g.today_s,
			.survey = &g.survey, .v = &g.v, .members = g.members, .nmembers = g.nmembers,
			.want_responses = want_responses, .want_answers = want_answers, .quiet = ctl->quiet,
		};
		if (demo_surveys_bulk(&bk) != CXM_OK)
			goto db_error;
		g.invitations = bk.invitations;
		g.responses = bk.responses;
		g.followups = bk.followups;
		g.refused = bk.refused;
	} else if (!bulk && run(&g, ctl->quiet) != CXM_OK)
		goto db_error;
	/* The answers are dated in the past, where the results' daily rollup
	 * (survey_results.c) may already have counted the days: it is built
	 * again from the answers. */
	if (g.have_survey && g.responses &&
	    (cxm_db_exec(g.db, "DELETE FROM survey_result_marks WHERE survey_id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(g.survey.id), CXM_PINT(g.biz)), NULL, NULL) != CXM_OK ||
	     cxm_db_exec(g.db, "DELETE FROM survey_answer_days WHERE survey_id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(g.survey.id), CXM_PINT(g.biz)), NULL, NULL) != CXM_OK ||
	     cxm_db_exec(g.db, "DELETE FROM survey_respondent_days WHERE survey_id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(g.survey.id), CXM_PINT(g.biz)), NULL, NULL) != CXM_OK ||
	     cxm_survey_rollup(g.db, g.biz, g.survey.id, NULL, 0) != CXM_OK))
		goto db_error;
	if (!g.have_survey && survey_id) {
		fprintf(stderr, "cxmctl: business \"%s\" has no survey %lld\n", slug, survey_id);
		goto out;
	}
	if (!g.have_survey)
		fprintf(stderr, "cxmctl: business \"%s\" has no default survey: no invitations generated\n", slug);
	if (!ctl->quiet && bulk)
		printf("%lld invitations, %lld responses with %lld answers (%lld with a follow-up)\n", g.invitations,
		       g.responses, bk.answers, g.followups);
	else if (!ctl->quiet)
		printf("%lld invitations, %lld responses (%lld with a follow-up), %lld other feedback items\n",
		       g.invitations, g.responses, g.followups, g.items);
	if (g.refused) {
		fprintf(stderr, "cxmctl: %lld generated responses did not satisfy the questionnaire and were left out\n",
		        g.refused);
		goto out;
	}
	status = 0;
	goto out;
db_error:
	fprintf(stderr, "cxmctl: database error: %s\n", g.db ? cxm_db_error(g.db) : "no connection");
out:
	if (g.db)
		cxm_db_close(g.db);
	cxm_arena_free(g.keep);
	return status;
}
