/* cxmctl demo-surveys --bulk: survey invitations, responses and answers to
 * a business's default survey, and the follow-up items of the low scores,
 * written straight into the tables with multi-row INSERTs, for a benchmark
 * business of a million clients (millions of answers in minutes; the
 * respondent's way in demo_surveys.c stores about a hundred responses a
 * second).
 *
 * Clients are read in id order, a thousand at a time, with their visits and
 * purchases. The n-th live client with an e-mail and a visit or purchase
 * draws from its own splitmix64 stream of the seed and n: a number of
 * invitations (the rate that reaches the target), each tied to one of its
 * visits or purchases (survey_invitations.interaction_id, so results break
 * down by branch, staff and service) and sent 1 to 25 hours after it;
 * opened with probability 0.7, then answered with 0.8, a few minutes later.
 * The answers are drawn as a respondent's form (demo_survey_answer_all),
 * from the profile the client's row gives, and judged by survey_logic.c as
 * the pages judge them; the satisfaction behind the scores is lower for
 * clients who stopped coming (the nearer the visit to their last, the
 * lower) and differs a little by branch and by staff member. A response with a low score (survey_settings' thresholds) opens
 * its follow-up item with the text the pages give it, taken through the
 * workflow with its times as demo_surveys.c does (its columns and events
 * written directly). Not written, unlike the respondent's way: the
 * response's entry in the client's timeline, the complaint's and reply's
 * interactions, and the profile changes of the answers (the clients' rows
 * and counters stay as demo-data made them). */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "ctl/demo.h"
#include "ctl/demo_surveys.h"
#include "db.h"
#include "feedback.h"
#include "i18n.h"
#include "survey_logic.h"

#define CLIENT_BATCH 1000     /* clients per transaction */
#define MAX_ROWS 512          /* rows of the largest INSERT (a power of two) */
#define SIZES 10              /* INSERTs of 1, 2, 4, ... MAX_ROWS rows */
#define OPEN_SHARE 0.7
#define ANSWER_SHARE 0.8
#define CHURN_DAYS 90

/* ---- multi-row INSERTs ----------------------------------------------------- */

/* One table's INSERT: head, then " (?, ...), ..." for 2^i rows in sql[i]
 * (made when first needed, freed at the end). */
struct bulk_sql {
	const char *head;
	size_t ncols;
	char *sql[SIZES];
};

static const char *bulk_sql_for(struct bulk_sql *q, size_t rows)
{
	size_t i = 0;
	while (((size_t)1 << i) < rows)
		i++;
	if (!q->sql[i]) {
		size_t len = strlen(q->head);
		char *sql = cxm_xmalloc(len + rows * (q->ncols * 2 + 3) + 1);
		memcpy(sql, q->head, len);
		char *p = sql + len;
		for (size_t r = 0; r < rows; r++) {
			*p++ = r ? ',' : ' ';
			*p++ = '(';
			for (size_t c = 0; c < q->ncols; c++) {
				if (c)
					*p++ = ',';
				*p++ = '?';
			}
			*p++ = ')';
		}
		*p = 0;
		q->sql[i] = sql;
	}
	return q->sql[i];
}

struct bulk {
	struct demo_bulk *b;
	struct bulk_sql inv, resp, ans, fb, ev;
	size_t max_rows;              /* MAX_ROWS, or 1 when one INSERT's ids need not be consecutive */
	double rate;                  /* invitations per eligible client */
	long long *staff, *locations; /* the business's, by id */
	size_t nstaff, nlocations;
	enum cxm_lang lang;
	long nps_max, csat_max, ces_count;
	long long n;                  /* eligible clients seen */
};

/* Inserts n rows of q (q->ncols parameters each, from p) in INSERTs of
 * power-of-two sizes, largest first; ids (when not NULL) gets each row's id. */
static enum cxm_err insert_rows(struct bulk *k, struct bulk_sql *q, const struct cxm_param *p, size_t n,
                                long long *ids)
{
	size_t done = 0;
	while (done < n) {
		size_t rows = k->max_rows;
		while (rows > n - done)
			rows >>= 1;
		uint64_t affected = 0, first = 0;
		enum cxm_err rc = cxm_db_exec(k->b->db, bulk_sql_for(q, rows), p + done * q->ncols, rows * q->ncols,
		                              &affected, ids ? &first : NULL);
		if (rc != CXM_OK)
			return rc;
		if (affected != rows || (ids && first == 0))
			return CXM_ERR_DB;
		for (size_t i = 0; ids && i < rows; i++)
			ids[done + i] = (long long)first + (long long)i;
		done += rows;
	}
	return CXM_OK;
}

/* ---- times ----------------------------------------------------------------- */

static long long parse_time(const char *s)
{
	int y, m, d, H = 0, M = 0, S = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d", &y, &m, &d, &H, &M, &S) < 3)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = H, .tm_min = M, .tm_sec = S};
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

/* ---- the draws --------------------------------------------------------------- */

/* How much better or worse than the rest the rank-th branch or staff
 * member (in id order) makes its clients feel: within +-spread, fixed for
 * the seed. */
static double effect(const struct bulk *k, const long long *ids, size_t n, long long id, uint64_t salt,
                     double spread)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= n || ids[lo] != id)
		return 0;
	uint64_t s = k->b->seed * 0x2545f4914f6cdd1dULL + salt + (uint64_t)lo * 0x9e3779b97f4a7c15ULL;
	return (demo_unit(&s) * 2 - 1) * spread;
}

/* The answer rows st makes for v (as cxm_survey_answers_insert writes them). */
static size_t answer_rows(const struct cxm_survey_version *v, const struct cxm_survey_state *st)
{
	size_t n = 0;
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		const struct cxm_survey_answer *x = &st->ans[i];
		if (st->state[i] != CXM_QS_SHOWN || !x->given)
			continue;
		if (q->type == CXM_QT_SINGLE || q->type == CXM_QT_MULTIPLE) {
			for (size_t o = 0; o < q->nopts; o++)
				n += x->chosen[o] ? 1 : 0;
		} else if (q->type == CXM_QT_CSI) {
			for (size_t o = 0; o < q->nopts; o++)
				n += x->sat[o] != CXM_SURVEY_NONE && x->imp[o] != CXM_SURVEY_NONE ? 1 : 0;
		} else {
			n++;
		}
	}
	return n;
}

/* Appends st's answer rows of response rid to p (7 parameters each). */
static size_t answer_params(const struct bulk *k, const struct cxm_survey_state *st, long long rid,
                            struct cxm_param *p)
{
	const struct cxm_survey_version *v = k->b->v;
	size_t n = 0;
	struct cxm_param biz = CXM_PINT(k->b->biz), r = CXM_PINT(rid);
#define ROW(opt, num, num2, text)                                                   \
	do {                                                                            \
		struct cxm_param *x_ = p + n * 7;                                           \
		x_[0] = biz, x_[1] = r, x_[2] = CXM_PINT(q->id), x_[3] = (opt), x_[4] = (num), \
		x_[5] = (num2), x_[6] = (text);                                             \
		n++;                                                                        \
	} while (0)
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		const struct cxm_survey_answer *x = &st->ans[i];
		if (st->state[i] != CXM_QS_SHOWN || !x->given)
			continue;
		switch (q->type) {
		case CXM_QT_SINGLE:
		case CXM_QT_MULTIPLE:
			for (size_t o = 0; o < q->nopts; o++)
				if (x->chosen[o])
					ROW(CXM_PINT(q->opts[o].id), CXM_PNULL, CXM_PNULL,
					    q->opts[o].is_other && x->other ? CXM_PSTR(x->other) : CXM_PNULL);
			break;
		case CXM_QT_CSI:
			for (size_t o = 0; o < q->nopts; o++)
				if (x->sat[o] != CXM_SURVEY_NONE && x->imp[o] != CXM_SURVEY_NONE)
					ROW(CXM_PINT(q->opts[o].id), CXM_PINT(x->sat[o]), CXM_PINT(x->imp[o]), CXM_PNULL);
			break;
		case CXM_QT_TEXT:
		case CXM_QT_NAME:
		case CXM_QT_EMAIL:
			ROW(CXM_PNULL, CXM_PNULL, CXM_PNULL, CXM_PSTR(x->text));
			break;
		default:
			ROW(CXM_PNULL, CXM_PINT(x->num), CXM_PNULL, CXM_PNULL);
		}
	}
#undef ROW
	return n;
}

/* The follow-up text of response rid when it has a low score (NULL when
 * none), as cxm_feedback_from_response words it. */
static const char *low_text(const struct bulk *k, struct cxm_arena *a, const struct cxm_survey_state *st,
                            long long rid)
{
	const struct cxm_survey_version *v = k->b->v;
	struct cxm_buf low, comments;
	cxm_buf_init(&low, a, 128);
	cxm_buf_puts(&low, "");
	cxm_buf_init(&comments, a, 128);
	cxm_buf_puts(&comments, "");
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct cxm_survey_question *q = &v->questions[i];
		const struct cxm_survey_answer *x = &st->ans[i];
		if (st->state[i] != CXM_QS_SHOWN || !x->given)
			continue;
		const char *what = NULL;
		if (q->type == CXM_QT_NPS && x->num <= k->nps_max)
			what = "NPS";
		else if (q->type == CXM_QT_CSAT && x->num <= k->csat_max)
			what = "CSAT";
		else if (q->type == CXM_QT_CES && x->num <= q->scale_min + k->ces_count - 1)
			what = "CES";
		else if (q->type == CXM_QT_TEXT && x->text) {
			if (comments.len)
				cxm_buf_puts(&comments, "\n");
			cxm_buf_puts(&comments, x->text);
		}
		if (what)
			cxm_buf_printf(&low, "%s%s %d (%s)", low.len ? "; " : "", what, x->num, q->code);
	}
	if (!low.len)
		return NULL;
	struct cxm_buf t;
	cxm_buf_init(&t, a, 512);
	cxm_buf_printf(&t, cxm_gettext_lang(k->lang, "Low scores in survey response #%lld: %s."), rid, low.data);
	if (comments.len)
		cxm_buf_printf(&t, "\n%s\n%s", cxm_gettext_lang(k->lang, "The client's comment:"), comments.data);
	return t.data;
}

/* ---- one batch of clients ------------------------------------------------------ */

struct binv {
	long long client, interaction;
	long long sent, opened, completed;   /* 0: not opened / not answered */
};

struct bresp {
	size_t inv;                   /* index in the batch's invitations */
	const struct cxm_survey_state *st;
};

/* A follow-up item and its events, drawn from its stream as the
 * workflow of demo_surveys.c goes. */
struct bfb {
	size_t resp;
	long long client;
	const char *text;
	long long t;                  /* received */
	int status;                   /* enum cxm_fb_status */
	long long who, assigned, first_reply, resolved, updated;
	int replies, reopened, rejected_at_assign;
};

static void workflow(const struct bulk *k, uint64_t *s, struct bfb *f)
{
	long long today = k->b->today;
	f->status = CXM_FBS_NEW;
	f->updated = f->t;
	if (f->t > today - 3LL * 86400 && demo_chance(s, 0.5))
		return;
	int stalled = f->t > today - 14LL * 86400 && demo_chance(s, 0.3);
	f->who = k->b->nmembers ? k->b->members[demo_below(s, k->b->nmembers)] : 0;
	f->assigned = f->t + 300 + (long long)(demo_unit(s) * 3600);
	f->updated = f->assigned;
	if (demo_chance(s, 0.05)) {
		f->status = CXM_FBS_REJECTED;
		f->updated = f->assigned + 600;
		return;
	}
	long long replied = f->t + 3600 + (long long)(demo_unit(s) * 29 * 3600);
	if (replied >= today || stalled) {
		f->status = CXM_FBS_IN_PROGRESS;
		f->updated = f->assigned + 60;
		return;
	}
	f->status = CXM_FBS_ANSWERED;
	f->first_reply = replied;
	f->replies = 1;
	f->updated = replied;
	long long resolved = replied + 1800 + (long long)(demo_unit(s) * 5 * 86400);
	if (resolved >= today)
		return;
	f->status = CXM_FBS_RESOLVED;
	f->resolved = resolved;
	f->updated = resolved;
	if (demo_chance(s, 0.06) && resolved + 86400 < today) {
		f->reopened = 1;
		f->replies = 2;
		f->resolved = resolved + 10800;
		f->updated = f->resolved;
	}
}

static const char *const reply_text = "Здравствуйте! Спасибо, что сообщили. Мы разобрались и приносим извинения.";

/* Appends an event row (8 parameters) to p at *n. */
static void event(struct cxm_param *p, size_t *n, long long biz, long long id, const char *kind, long long author,
                  const char *text, const char *old_value, const char *new_value, const char *at)
{
	struct cxm_param *x = p + *n * 8;
	x[0] = CXM_PINT(biz);
	x[1] = CXM_PINT(id);
	x[2] = CXM_PSTR(kind);
	x[3] = author ? CXM_PINT(author) : CXM_PNULL;
	x[4] = text ? CXM_PSTR(text) : CXM_PNULL;
	x[5] = old_value ? CXM_PSTR(old_value) : CXM_PNULL;
	x[6] = new_value ? CXM_PSTR(new_value) : CXM_PNULL;
	x[7] = CXM_PSTR(at);
	(*n)++;
}

/* The feedback rows and events of the batch's follow-ups (rids: the
 * responses' ids). */
static enum cxm_err insert_followups(struct bulk *k, struct cxm_arena *a, const struct bfb *f, size_t nf,
                                     const long long *rids)
{
	struct demo_bulk *b = k->b;
	if (!nf)
		return CXM_OK;
	struct cxm_param *p = cxm_alloc(a, nf * k->fb.ncols * sizeof(*p));
	long long sla = cxm_feedback_sla_hours() * 3600LL;
	for (size_t i = 0; i < nf; i++) {
		struct cxm_param *x = p + i * k->fb.ncols;
		x[0] = CXM_PINT(b->biz);
		x[1] = CXM_PINT(f[i].client);
		x[2] = CXM_PSTR(cxm_fb_channel_names[CXM_FBC_SURVEY]);
		x[3] = CXM_PSTR("service_quality");
		x[4] = CXM_PSTR(f[i].text);
		x[5] = CXM_PSTR(cxm_fb_status_names[f[i].status]);
		x[6] = f[i].who ? CXM_PINT(f[i].who) : CXM_PNULL;
		x[7] = CXM_PINT(rids[f[i].resp]);
		x[8] = CXM_PSTR(when(a, f[i].t));
		x[9] = CXM_PSTR(when(a, f[i].t + sla));
		x[10] = f[i].first_reply ? CXM_PSTR(when(a, f[i].first_reply)) : CXM_PNULL;
		x[11] = f[i].resolved ? CXM_PSTR(when(a, f[i].resolved)) : CXM_PNULL;
		x[12] = CXM_PINT(f[i].replies);
		x[13] = CXM_PINT(f[i].reopened);
		x[14] = CXM_PINT(f[i].status == CXM_FBS_RESOLVED && f[i].replies <= 1 && !f[i].reopened);
		x[15] = CXM_PSTR(when(a, f[i].t));
		x[16] = CXM_PSTR(when(a, f[i].updated));
	}
	long long *ids = cxm_alloc(a, nf * sizeof(*ids));
	enum cxm_err rc = insert_rows(k, &k->fb, p, nf, ids);
	if (rc != CXM_OK)
		return rc;
	/* at most 9 events an item */
	struct cxm_param *e = cxm_alloc(a, nf * 9 * k->ev.ncols * sizeof(*e));
	size_t ne = 0;
	for (size_t i = 0; i < nf; i++) {
		const struct bfb *x = &f[i];
		long long id = ids[i], who = x->who;
		const char *w = who ? cxm_printf(a, "%lld", who) : NULL;
		event(e, &ne, b->biz, id, "created", 0, NULL, NULL, "new", when(a, x->t));
		if (!x->assigned)
			continue;
		if (w)
			event(e, &ne, b->biz, id, "assign", who, NULL, "", w, when(a, x->assigned));
		if (x->status == CXM_FBS_REJECTED) {
			event(e, &ne, b->biz, id, "status", who, NULL, "new", "rejected", when(a, x->updated));
			continue;
		}
		if (x->status == CXM_FBS_IN_PROGRESS) {
			event(e, &ne, b->biz, id, "status", who, NULL, "new", "in_progress", when(a, x->updated));
			continue;
		}
		event(e, &ne, b->biz, id, "reply", who, reply_text, NULL, NULL, when(a, x->first_reply));
		event(e, &ne, b->biz, id, "status", who, NULL, "new", "answered", when(a, x->first_reply));
		if (x->status != CXM_FBS_RESOLVED)
			continue;
		if (!x->reopened) {
			event(e, &ne, b->biz, id, "status", who, NULL, "answered", "resolved", when(a, x->resolved));
			continue;
		}
		long long r1 = x->resolved - 10800;   /* resolved, reopened, answered and resolved again */
		event(e, &ne, b->biz, id, "status", who, NULL, "answered", "resolved", when(a, r1));
		event(e, &ne, b->biz, id, "status", who, NULL, "resolved", "in_progress", when(a, r1 + 3600));
		event(e, &ne, b->biz, id, "reply", who, reply_text, NULL, NULL, when(a, r1 + 7200));
		event(e, &ne, b->biz, id, "status", who, NULL, "in_progress", "answered", when(a, r1 + 7200));
		event(e, &ne, b->biz, id, "status", who, NULL, "answered", "resolved", when(a, x->resolved));
	}
	return insert_rows(k, &k->ev, e, ne, NULL);
}

/* A client's visits and purchases: rows [from, to) of the batch's
 * interaction rows. */
struct bclient {
	long long id;
	const char *name, *email;
	size_t from, to;
	long long last_seen;
	struct cxm_survey_profile profile;
};

static void profile_add(struct cxm_arena *a, struct cxm_survey_profile *p, size_t *cap, const char *field,
                        const char *value)
{
	if (!value || !*value)
		return;
	if (p->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct cxm_survey_profile_value *nv = cxm_alloc(a, nc * sizeof(*nv));
		if (p->n)
			memcpy(nv, p->v, p->n * sizeof(*nv));
		p->v = nv;
		*cap = nc;
	}
	struct cxm_survey_profile_value *v = (struct cxm_survey_profile_value *)p->v;
	v[p->n].field = field;
	v[p->n++].value = value;
}

static int done(const struct demo_bulk *b)
{
	return (b->want_responses && b->responses >= b->want_responses) ||
	       (b->want_answers && b->answers >= b->want_answers);
}

/* The clients of cl (rows of the query in demo_surveys_bulk) and their
 * interactions ir: everything they answer, in one transaction. */
static enum cxm_err batch(struct bulk *k, struct cxm_arena *a, const struct cxm_rows *cl, const struct cxm_rows *ir)
{
	struct demo_bulk *b = k->b;
	const struct cxm_survey_version *v = b->v;
	size_t nc = cl->nrows, cap = nc * ((size_t)k->rate + 1) + 16;
	struct binv *inv = cxm_alloc(a, cap * sizeof(*inv));
	struct bresp *resp = cxm_alloc(a, cap * sizeof(*resp));
	struct bfb *fb = cxm_alloc(a, cap * sizeof(*fb));
	uint64_t *fb_stream = cxm_alloc(a, cap * sizeof(*fb_stream));
	size_t ninv = 0, nresp = 0, nfb = 0, nans = 0;
	long long year_ago = b->today - 365LL * 86400;
	size_t j = 0;
	for (size_t c = 0; c < nc && !done(b); c++) {
		struct bclient cli = {
			.id = cxm_rows_int(cl, c, 0, 0),
			.name = cxm_rows_get(cl, c, 1),
			.email = cxm_rows_get(cl, c, 2),
			.last_seen = parse_time(cxm_rows_get(cl, c, 4)),
		};
		while (j < ir->nrows && cxm_rows_int(ir, j, 0, 0) < cli.id)
			j++;
		cli.from = j;
		long long last_year = 0;
		while (j < ir->nrows && cxm_rows_int(ir, j, 0, 0) == cli.id) {
			last_year += parse_time(cxm_rows_get(ir, j, 2)) >= year_ago;
			j++;
		}
		cli.to = j;
		if (!cli.email || cli.from == cli.to)
			continue;
		/* the n-th eligible client's own stream */
		uint64_t s = b->seed * 0x9e3779b97f4a7c15ULL + (uint64_t)k->n++ * 0xd1b54a32d192ed03ULL + 0xb01c;
		demo_next(&s);
		size_t want = (size_t)k->rate;
		want += demo_chance(&s, k->rate - (double)want);
		size_t have = cli.to - cli.from;
		if (!want)
			continue;
		if (want > have)
			want = have;
		size_t pcap = 0;
		static const char *const fields[] = {"age_band", "gender", "region", "profession", "profession:other",
		                                     "source", "source:other"};
		profile_add(a, &cli.profile, &pcap, "name", cli.name);
		profile_add(a, &cli.profile, &pcap, "email", cli.email);
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
			profile_add(a, &cli.profile, &pcap, fields[f], cxm_rows_get(cl, c, 5 + f));
		profile_add(a, &cli.profile, &pcap, "tenure", cxm_survey_tenure(cxm_rows_get(cl, c, 3), b->today_s));
		profile_add(a, &cli.profile, &pcap, "visit_frequency",
		            cxm_survey_visit_frequency(last_year, (long long)have));
		/* distinct visits: each later pick takes the next unused one */
		unsigned char *used = cxm_zalloc(a, have);
		for (size_t w = 0; w < want && !done(b); w++) {
			size_t pick = demo_below(&s, have);
			while (used[pick])
				pick = (pick + 1) % have;
			used[pick] = 1;
			size_t row = cli.from + pick;
			long long at = parse_time(cxm_rows_get(ir, row, 2));
			struct binv *x = &inv[ninv];
			*x = (struct binv){.client = cli.id, .interaction = cxm_rows_int(ir, row, 1, 0)};
			x->sent = at + 3600 + (long long)(demo_unit(&s) * 24 * 3600);
			int opened = demo_chance(&s, OPEN_SHARE), answered = opened && demo_chance(&s, ANSWER_SHARE);
			long long opened_at = x->sent + 600 + (long long)(demo_unit(&s) * 2 * 86400);
			long long completed_at = opened_at + 120 + (long long)(demo_unit(&s) * 900);
			if (x->sent >= b->today)
				continue;   /* the visit was too recent: no invitation yet */
			ninv++;
			if (completed_at >= b->today) {
				answered = 0;
				opened = opened_at < b->today;
			}
			x->opened = opened ? opened_at : 0;
			if (!answered)
				continue;
			/* a client who stopped coming grew unhappy over the last
			 * year before leaving */
			double gone = 0;
			if (cli.last_seen < b->today - CHURN_DAYS * 86400LL) {
				gone = 1 - (double)(cli.last_seen - at) / (365.0 * 86400);
				gone = gone < 0 ? 0 : gone;
			}
			double sat = 0.85 + demo_normalish(&s) * 0.13 - 0.18 * gone +
			             effect(k, k->locations, k->nlocations, cxm_rows_int(ir, row, 3, 0), 0x10c, 0.05) +
			             effect(k, k->staff, k->nstaff, cxm_rows_int(ir, row, 4, 0), 0x57af, 0.08);
			sat = sat < 0 ? 0 : sat > 1 ? 1 : sat;
			struct demo_form f = {.a = a};
			demo_survey_answer_all(v, &s, &cli.profile, cli.name, cli.email, sat, &f);
			struct cxm_survey_state *st = cxm_alloc(a, sizeof(*st));
			cxm_survey_evaluate(a, v, &cli.profile, demo_form_get, &f, st);
			if (v->nsections && cxm_survey_validate(v, 0, v->nsections - 1, st) > 0) {
				b->refused++;
				continue;
			}
			x->completed = completed_at;
			resp[nresp] = (struct bresp){.inv = ninv - 1, .st = st};
			size_t rows = answer_rows(v, st);
			nans += rows;
			b->answers += (long long)rows;
			b->responses++;
			/* the follow-up's workflow draws from a stream of its own, so
			 * that it does not shift the next response's draws */
			fb_stream[nresp] = demo_next(&s);
			nresp++;
		}
	}
	if (!ninv)
		return CXM_OK;

	/* invitations */
	struct cxm_param *p = cxm_alloc(a, ninv * k->inv.ncols * sizeof(*p));
	for (size_t i = 0; i < ninv; i++) {
		struct cxm_param *x = p + i * k->inv.ncols;
		const char *sent = when(a, inv[i].sent);
		x[0] = CXM_PINT(b->biz);
		x[1] = CXM_PINT(b->survey->id);
		x[2] = CXM_PINT(inv[i].client);
		x[3] = CXM_PINT(inv[i].interaction);
		x[4] = CXM_PSTR("bulk");
		x[5] = CXM_PSTR(sent);
		x[6] = CXM_PSTR(sent);
		x[7] = CXM_PSTR(sent);
		x[8] = inv[i].opened ? CXM_PSTR(when(a, inv[i].opened)) : CXM_PNULL;
		x[9] = inv[i].completed ? CXM_PSTR(when(a, inv[i].completed)) : CXM_PNULL;
		x[10] = CXM_PSTR(when(a, inv[i].sent + 14LL * 86400));
	}
	long long *inv_ids = cxm_alloc(a, ninv * sizeof(*inv_ids));
	enum cxm_err rc = insert_rows(k, &k->inv, p, ninv, inv_ids);
	if (rc != CXM_OK || !nresp)
		goto out;

	/* responses */
	p = cxm_alloc(a, nresp * k->resp.ncols * sizeof(*p));
	for (size_t i = 0; i < nresp; i++) {
		struct cxm_param *x = p + i * k->resp.ncols;
		const struct binv *in = &inv[resp[i].inv];
		long long id = inv_ids[resp[i].inv];
		x[0] = CXM_PINT(b->biz);
		x[1] = CXM_PINT(b->survey->id);
		x[2] = CXM_PINT(v->id);
		x[3] = CXM_PINT(in->client);
		x[4] = CXM_PINT(id);
		x[5] = CXM_PSTR("invitation");
		x[6] = CXM_PSTR("ru");
		/* unique over the installation, as a form's key is */
		x[7] = CXM_PSTR(cxm_printf(a, "demo:%lld", id));
		x[8] = CXM_PSTR(when(a, in->opened));
		x[9] = CXM_PSTR(when(a, in->completed));
	}
	long long *rids = cxm_alloc(a, nresp * sizeof(*rids));
	if ((rc = insert_rows(k, &k->resp, p, nresp, rids)) != CXM_OK)
		goto out;

	/* answers */
	p = cxm_alloc(a, (nans + 1) * k->ans.ncols * sizeof(*p));
	size_t n = 0;
	for (size_t i = 0; i < nresp; i++)
		n += answer_params(k, resp[i].st, rids[i], p + n * k->ans.ncols);
	if ((rc = insert_rows(k, &k->ans, p, n, NULL)) != CXM_OK)
		goto out;

	/* follow-ups */
	for (size_t i = 0; i < nresp; i++) {
		const char *text = low_text(k, a, resp[i].st, rids[i]);
		if (!text)
			continue;
		const struct binv *in = &inv[resp[i].inv];
		fb[nfb] = (struct bfb){.resp = i, .client = in->client, .text = text, .t = in->completed};
		workflow(k, &fb_stream[i], &fb[nfb]);
		nfb++;
	}
	rc = insert_followups(k, a, fb, nfb, rids);
out:
	if (rc == CXM_OK) {
		b->invitations += (long long)ninv;
		b->followups += (long long)nfb;
	}
	return rc;
}

/* ---- the run ------------------------------------------------------------------ */

static enum cxm_err ids_of(struct cxm_db *db, struct cxm_arena *a, const char *sql, long long biz,
                           long long **out, size_t *n)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, sql, CXM_PARAMS(CXM_PINT(biz)), &r);
	if (rc != CXM_OK)
		return rc;
	*out = cxm_alloc(a, (r.nrows + 1) * sizeof(**out));
	for (size_t i = 0; i < r.nrows; i++)
		(*out)[i] = cxm_rows_int(&r, i, 0, 0);
	*n = r.nrows;
	return CXM_OK;
}

/* The rate of invitations per eligible client that reaches the target:
 * the answers a response makes are counted on 400 responses drawn from a
 * stream of their own (a respondent without a profile). */
static double rate_for(struct bulk *k, struct cxm_arena *a, long long eligible)
{
	struct demo_bulk *b = k->b;
	double want = (double)b->want_responses;
	if (b->want_answers) {
		uint64_t s = b->seed ^ 0xca11b4a7e5ULL;
		size_t rows = 0, n = 0;
		for (int i = 0; i < 400; i++) {
			struct demo_form f = {.a = a};
			double sat = 0.85 + demo_normalish(&s) * 0.13;
			demo_survey_answer_all(b->v, &s, NULL, "Клиент", "client@example.com", sat < 1 ? sat : 1, &f);
			struct cxm_survey_state st;
			cxm_survey_evaluate(a, b->v, NULL, demo_form_get, &f, &st);
			if (b->v->nsections && cxm_survey_validate(b->v, 0, b->v->nsections - 1, &st) > 0)
				continue;
			rows += answer_rows(b->v, &st);
			n++;
		}
		double per = n && rows ? (double)rows / (double)n : 1;
		double w = (double)b->want_answers / per;
		want = b->want_responses && b->want_responses < w ? want : w;
	}
	if (eligible <= 0)
		return 0;
	/* A few invitations go out too late to be answered, and chance may
	 * fall short of the mean by a few of its standard deviations (about
	 * the square root of the target): aimed that much higher, the run
	 * stops at the target before the last clients (2.6% of them for
	 * 230,000 responses). */
	return want / ((double)eligible * OPEN_SHARE * ANSWER_SHARE) * (1.02 + 3 / sqrt(want > 1 ? want : 1));
}

enum cxm_err demo_surveys_bulk(struct demo_bulk *b)
{
	struct cxm_arena *keep = cxm_arena_new(16 * 1024), *a = cxm_arena_new(1024 * 1024);
	struct bulk k = {
		.b = b,
		.inv = {"INSERT INTO survey_invitations (business_id, survey_id, client_id, interaction_id, source,"
		        " created_at, due_at, sent_at, opened_at, completed_at, expires_at) VALUES", 11, {NULL}},
		.resp = {"INSERT INTO survey_responses (business_id, survey_id, version_id, client_id, invitation_id,"
		         " channel, lang, submit_key, started_at, completed_at) VALUES", 10, {NULL}},
		.ans = {"INSERT INTO survey_answers (business_id, response_id, question_id, option_id, num, num2, text)"
		        " VALUES", 7, {NULL}},
		.fb = {"INSERT INTO feedback (business_id, client_id, channel, type, text, status, assignee_id,"
		       " response_id, received_at, sla_due_at, first_response_at, resolved_at, replies, reopened, fcr,"
		       " created_at, updated_at) VALUES", 17, {NULL}},
		.ev = {"INSERT INTO feedback_events (business_id, feedback_id, kind, author_id, text, old_value,"
		       " new_value, created_at) VALUES", 8, {NULL}},
		.lang = CXM_LANG_RU,
		.nps_max = 6,
		.csat_max = 2,
		.ces_count = 2,
	};
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(b->db, keep, "SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment",
	                               CXM_NOPARAMS, &r);
	if (rc != CXM_OK)
		goto out;
	k.max_rows = cxm_rows_int(&r, 0, 0, 2) <= 1 && cxm_rows_int(&r, 0, 1, 2) == 1 ? MAX_ROWS : 1;
	if ((rc = cxm_db_query(b->db, keep, "SELECT locale FROM businesses WHERE id = ?",
	                       CXM_PARAMS(CXM_PINT(b->biz)), &r)) != CXM_OK)
		goto out;
	int lang = r.nrows ? cxm_lang_from_code(cxm_rows_get(&r, 0, 0)) : -1;
	if (lang >= 0)
		k.lang = (enum cxm_lang)lang;
	if ((rc = cxm_db_query(b->db, keep,
	                       "SELECT nps_low_max, csat_low_max, ces_hard_count FROM survey_settings"
	                       " WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(b->biz)), &r)) != CXM_OK)
		goto out;
	if (r.nrows) {
		k.nps_max = (long)cxm_rows_int(&r, 0, 0, 6);
		k.csat_max = (long)cxm_rows_int(&r, 0, 1, 2);
		k.ces_count = (long)cxm_rows_int(&r, 0, 2, 2);
	}
	if ((rc = ids_of(b->db, keep, "SELECT id FROM staff WHERE business_id = ? ORDER BY id", b->biz, &k.staff,
	                 &k.nstaff)) != CXM_OK ||
	    (rc = ids_of(b->db, keep, "SELECT id FROM locations WHERE business_id = ? ORDER BY id", b->biz,
	                 &k.locations, &k.nlocations)) != CXM_OK)
		goto out;
	/* the visits that can have an invitation: before the day before --today */
	const char *cutoff = when(keep, b->today - 86400);
	if ((rc = cxm_db_query(b->db, keep,
	                       "SELECT COUNT(*) FROM clients c WHERE c.business_id = ? AND c.live = 1"
	                       " AND c.erased_at IS NULL AND c.email IS NOT NULL AND EXISTS (SELECT 1 FROM"
	                       " interactions i WHERE i.business_id = c.business_id AND i.client_id = c.id"
	                       " AND i.kind IN ('visit','purchase') AND i.occurred_at < ?)",
	                       CXM_PARAMS(CXM_PINT(b->biz), CXM_PSTR(cutoff)), &r)) != CXM_OK)
		goto out;
	k.rate = rate_for(&k, a, cxm_rows_int(&r, 0, 0, 0));
	cxm_arena_reset(a);
	if ((rc = cxm_db_exec(b->db, "SET SESSION unique_checks = 0, foreign_key_checks = 0", CXM_NOPARAMS, NULL,
	                      NULL)) != CXM_OK)
		goto out;

	long long after = 0, seen = 0;
	while (!done(b)) {
		struct cxm_rows cl, ir;
		rc = cxm_db_query(b->db, a,
		                  "SELECT id, name, email, first_seen, last_seen_at, age_band, gender, region, profession,"
		                  " profession_other, source, source_detail FROM clients"
		                  " WHERE business_id = ? AND live = 1 AND erased_at IS NULL AND id > ?"
		                  " ORDER BY id LIMIT ?",
		                  CXM_PARAMS(CXM_PINT(b->biz), CXM_PINT(after), CXM_PINT(CLIENT_BATCH)), &cl);
		if (rc != CXM_OK || !cl.nrows)
			break;
		long long first = cxm_rows_int(&cl, 0, 0, 0), last = cxm_rows_int(&cl, cl.nrows - 1, 0, 0);
		rc = cxm_db_query(b->db, a,
		                  "SELECT client_id, id, occurred_at, location_id, staff_id FROM interactions"
		                  " WHERE business_id = ? AND client_id BETWEEN ? AND ? AND kind IN ('visit','purchase')"
		                  " AND occurred_at < ? ORDER BY client_id, occurred_at, id",
		                  CXM_PARAMS(CXM_PINT(b->biz), CXM_PINT(first), CXM_PINT(last), CXM_PSTR(cutoff)), &ir);
		if (rc != CXM_OK)
			break;
		if ((rc = cxm_db_begin(b->db)) != CXM_OK)
			break;
		rc = batch(&k, a, &cl, &ir);
		if (rc == CXM_OK)
			rc = cxm_db_commit(b->db);
		if (rc != CXM_OK) {
			cxm_db_rollback(b->db);
			break;
		}
		after = last;
		seen += (long long)cl.nrows;
		cxm_arena_reset(a);
		if (!b->quiet && isatty(2))
			fprintf(stderr, "\r%lld clients, %lld responses, %lld answers, %lld follow-ups", seen, b->responses,
			        b->answers, b->followups);
	}
	if (!b->quiet && isatty(2))
		fputc('\n', stderr);
	enum cxm_err rc2 = cxm_db_exec(b->db, "SET SESSION unique_checks = 1, foreign_key_checks = 1", CXM_NOPARAMS,
	                               NULL, NULL);
	if (rc == CXM_OK)
		rc = rc2;
	if (rc == CXM_OK && b->responses)
		rc = cxm_db_exec(b->db,
		                 "UPDATE survey_versions v SET responses = (SELECT COUNT(*) FROM survey_responses r"
		                 " WHERE r.version_id = v.id AND r.business_id = v.business_id)"
		                 " WHERE v.id = ? AND v.business_id = ?",
		                 CXM_PARAMS(CXM_PINT(b->v->id), CXM_PINT(b->biz)), NULL, NULL);
out:
	struct bulk_sql *all[] = {&k.inv, &k.resp, &k.ans, &k.fb, &k.ev};
	for (size_t t = 0; t < sizeof(all) / sizeof(all[0]); t++)
		for (int i = 0; i < SIZES; i++)
			free(all[t]->sql[i]);
	cxm_arena_free(a);
	cxm_arena_free(keep);
	return rc;
}
