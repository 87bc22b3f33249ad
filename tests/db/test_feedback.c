/* The feedback model (core/feedback.c) against a real, migrated database:
 * first-response and resolution times, SLA due / overdue / breached and
 * first-contact resolution on fixed timestamps; the workflow's legal and
 * refused transitions; what an item leaves in the client's history; the
 * closing of the survey loop (answers written directly into the 0005
 * tables) with each assignment rule; the counts and shares of a period;
 * the default lists; and that no call reaches another business's item.
 * Every expected value is worked out by hand in the comment next to it. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "client.h"
#include "db.h"
#include "feedback.h"
#include "harness.h"
#include "i18n.h"

static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz, other_biz;

static void exec(const char *sql, const struct cxm_param *p, size_t n)
{
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, NULL) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
}

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

static void setup(void)
{
	char *dsn = th_db_create_migrated("fb");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 16);
	char po[4096];
	snprintf(po, sizeof(po), "%s/po", th_builddir());
	ck_assert_int_eq(cxm_i18n_load(po), CXM_OK);
	cxm_feedback_set_sla_hours(24);
	biz = insert("INSERT INTO businesses (slug, name, locale) VALUES ('fb-a', 'A', 'en')", CXM_NOPARAMS);
	other_biz = insert("INSERT INTO businesses (slug, name, locale) VALUES ('fb-b', 'B', 'en')", CXM_NOPARAMS);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

static const char *dump(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	char *out = cxm_strdup(arena, "");
	for (size_t i = 0; i < r.nrows; i++) {
		for (size_t c = 0; c < r.ncols; c++) {
			const char *v = cxm_rows_get(&r, i, c);
			out = cxm_printf(arena, "%s%s%s", out, c ? "|" : "", v ? v : "\\N");
		}
		out = cxm_printf(arena, "%s\n", out);
	}
	return out;
}

static long long count(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows ? cxm_rows_int(&r, 0, 0, -1) : -1;
}

static long long client(long long b, const char *name, const char *email)
{
	return insert("INSERT INTO clients (business_id, name, email, first_seen, last_seen_at)"
	              " VALUES (?, ?, ?, '2026-01-01', '2026-01-01')",
	              CXM_PARAMS(CXM_PINT(b), CXM_PSTR(name), email ? CXM_PSTR(email) : CXM_PNULL));
}

static long long member(long long b, const char *email, const char *role)
{
	long long u = insert("INSERT INTO users (email, name, language) VALUES (?, ?, 'en')",
	                     CXM_PARAMS(CXM_PSTR(email), CXM_PSTR(email)));
	exec("INSERT INTO memberships (business_id, user_id, role) VALUES (?, ?, ?)",
	     CXM_PARAMS(CXM_PINT(b), CXM_PINT(u), CXM_PSTR(role)));
	return u;
}

/* An item of business b received at `at` (UTC) by channel ch. */
static long long item(long long b, long long cl, int ch, const char *type, const char *at)
{
	struct cxm_feedback_new f = {
		.client_id = cl, .channel = ch, .type = type, .text = "The sofa arrived scratched.",
		.rating = -1, .received_at = at, .contact_email = cl ? NULL : "guest@example.com",
	};
	long long id = 0;
	enum cxm_err rc = cxm_feedback_create(db, arena, b, &f, &id);
	ck_assert_msg(rc == CXM_OK, "create: %s %s", cxm_err_name(rc), cxm_db_error(db));
	ck_assert_int_gt(id, 0);
	return id;
}

static struct cxm_feedback load(long long id, const char *now)
{
	struct cxm_feedback f;
	ck_assert_int_eq(cxm_feedback_load(db, arena, biz, id, now, &f), CXM_OK);
	return f;
}

/* ---- times, SLA, FCR ---------------------------------------------------- */

START_TEST(times_exact)
{
	long long cl = client(biz, "Anna", "anna@example.com");
	/* received 2026-03-02 09:00:00; SLA 24 h -> due 2026-03-03 09:00:00 */
	long long id = item(biz, cl, CXM_FBC_HOTLINE, "product_quality", "2026-03-02 09:00:00");
	struct cxm_feedback f = load(id, "2026-03-02 10:00:00");
	ck_assert_str_eq(f.sla_due_at, "2026-03-03 09:00:00.000000");
	ck_assert_str_eq(f.status, "new");
	ck_assert_int_eq(f.first_response_seconds, -1);
	ck_assert_int_eq(f.overdue, 0);
	/* the reply at 15:30:00: 6 h 30 min = 23400 s after receipt; the item
	 * moves to answered */
	const char *mail = NULL;
	ck_assert_int_eq(cxm_feedback_reply(db, arena, biz, id, 0, "We are sorry; a new one is on its way.",
	                                    "2026-03-02 15:30:00", &mail),
	                 CXM_OK);
	ck_assert_str_eq(mail, "anna@example.com");
	/* resolved 2026-03-04 10:15:00: 2 days 1 h 15 min = 49 * 3600 + 900
	 * = 177300 s; one reply, never reopened -> FCR */
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_RESOLVED, 0, "2026-03-04 10:15:00"),
	                 CXM_OK);
	f = load(id, "2026-03-10 00:00:00");
	ck_assert_str_eq(f.status, "resolved");
	ck_assert_str_eq(f.first_response_at, "2026-03-02 15:30:00.000000");
	ck_assert_str_eq(f.resolved_at, "2026-03-04 10:15:00.000000");
	ck_assert_int_eq(f.first_response_seconds, 23400);
	ck_assert_int_eq(f.resolution_seconds, 177300);
	ck_assert_int_eq(f.replies, 1);
	ck_assert_int_eq(f.fcr, 1);
	ck_assert_int_eq(f.overdue, 0);
	ck_assert_int_eq(f.breached, 0);

	/* not answered: due 2026-03-03 09:00:00; one second before it is not
	 * overdue, one second after it is (and so breached) */
	long long late = item(biz, cl, CXM_FBC_EMAIL, NULL, "2026-03-02 09:00:00");
	f = load(late, "2026-03-03 08:59:59");
	ck_assert_int_eq(f.overdue, 0);
	ck_assert_int_eq(f.breached, 0);
	f = load(late, "2026-03-03 09:00:01");
	ck_assert_int_eq(f.overdue, 1);
	ck_assert_int_eq(f.breached, 1);
	/* answered (without a reply) at 2026-03-03 10:00:00: 25 h = 90000 s,
	 * an hour after the due time: no longer overdue, but breached */
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, late, CXM_FBS_ANSWERED, 0, "2026-03-03 10:00:00"),
	                 CXM_OK);
	f = load(late, "2026-03-05 00:00:00");
	ck_assert_int_eq(f.first_response_seconds, 90000);
	ck_assert_int_eq(f.overdue, 0);
	ck_assert_int_eq(f.breached, 1);

	/* feedback_sla_hours = 8: due at 17:00:00 the same day */
	cxm_feedback_set_sla_hours(8);
	long long short_sla = item(biz, 0, CXM_FBC_WEB_FORM, NULL, "2026-03-02 09:00:00");
	f = load(short_sla, "2026-03-02 17:00:01");
	ck_assert_str_eq(f.sla_due_at, "2026-03-02 17:00:00.000000");
	ck_assert_int_eq(f.overdue, 1);
	cxm_feedback_set_sla_hours(24);
}
END_TEST

START_TEST(fcr_rules)
{
	/* two replies, then resolved: not FCR */
	long long a = item(biz, 0, CXM_FBC_HOTLINE, NULL, "2026-03-02 09:00:00");
	ck_assert_int_eq(cxm_feedback_reply(db, arena, biz, a, 0, "One", "2026-03-02 10:00:00", NULL), CXM_OK);
	ck_assert_int_eq(cxm_feedback_reply(db, arena, biz, a, 0, "Two", "2026-03-02 11:00:00", NULL), CXM_OK);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, a, CXM_FBS_RESOLVED, 0, "2026-03-02 12:00:00"), CXM_OK);
	struct cxm_feedback f = load(a, NULL);
	ck_assert_int_eq(f.replies, 2);
	ck_assert_int_eq(f.fcr, 0);
	/* the first response stays the first reply's: 1 h = 3600 s */
	ck_assert_int_eq(f.first_response_seconds, 3600);

	/* one reply, resolved (FCR), reopened (FCR gone, resolved_at
	 * cleared), resolved again at 2026-03-03 09:00: not FCR, and the
	 * resolution time is the last one: 24 h = 86400 s */
	long long b = item(biz, 0, CXM_FBC_HOTLINE, NULL, "2026-03-02 09:00:00");
	ck_assert_int_eq(cxm_feedback_reply(db, arena, biz, b, 0, "Done", "2026-03-02 10:00:00", NULL), CXM_OK);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, b, CXM_FBS_RESOLVED, 0, "2026-03-02 12:00:00"), CXM_OK);
	ck_assert_int_eq(load(b, NULL).fcr, 1);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, b, CXM_FBS_IN_PROGRESS, 0, "2026-03-02 13:00:00"),
	                 CXM_OK);
	f = load(b, NULL);
	ck_assert_int_eq(f.fcr, 0);
	ck_assert_int_eq(f.reopened, 1);
	ck_assert_ptr_null(f.resolved_at);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, b, CXM_FBS_ANSWERED, 0, "2026-03-02 14:00:00"), CXM_OK);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, b, CXM_FBS_RESOLVED, 0, "2026-03-03 09:00:00"), CXM_OK);
	f = load(b, NULL);
	ck_assert_int_eq(f.fcr, 0);
	ck_assert_int_eq(f.resolution_seconds, 86400);

	/* resolved during the call, no written reply (answered, resolved):
	 * zero replies, never reopened: FCR */
	long long c = item(biz, 0, CXM_FBC_HOTLINE, NULL, "2026-03-02 09:00:00");
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, c, CXM_FBS_ANSWERED, 0, "2026-03-02 09:05:00"), CXM_OK);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, c, CXM_FBS_RESOLVED, 0, "2026-03-02 09:06:00"), CXM_OK);
	f = load(c, NULL);
	ck_assert_int_eq(f.fcr, 1);
	ck_assert_int_eq(f.first_response_seconds, 300);
	ck_assert_int_eq(f.resolution_seconds, 360);
}
END_TEST

START_TEST(transitions)
{
	long long id = item(biz, 0, CXM_FBC_EMAIL, NULL, "2026-03-02 09:00:00");
	/* refused from new: resolved, new; nothing changes */
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_RESOLVED, 0, NULL), CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_NEW, 0, NULL), CXM_ERR_INVALID);
	ck_assert_str_eq(load(id, NULL).status, "new");
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_IN_PROGRESS, 0, "2026-03-02 09:10:00"),
	                 CXM_OK);
	/* in progress -> resolved refused (answer first) */
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_RESOLVED, 0, NULL), CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_IN_PROGRESS, 0, NULL), CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_ANSWERED, 0, "2026-03-02 09:20:00"), CXM_OK);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_RESOLVED, 0, "2026-03-02 09:30:00"), CXM_OK);
	/* resolved -> answered / rejected refused; a reply to a resolved item refused */
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_ANSWERED, 0, NULL), CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, id, CXM_FBS_REJECTED, 0, NULL), CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_feedback_reply(db, arena, biz, id, 0, "x", NULL, NULL), CXM_ERR_INVALID);
	ck_assert_str_eq(load(id, NULL).status, "resolved");

	/* rejected from an open state; nothing leaves rejected */
	long long r = item(biz, 0, CXM_FBC_EMAIL, NULL, "2026-03-02 09:00:00");
	ck_assert_int_eq(cxm_feedback_set_status(db, biz, r, CXM_FBS_REJECTED, 0, "2026-03-02 09:01:00"), CXM_OK);
	for (int s = 0; s < CXM_FBS_MAX; s++)
		ck_assert_int_eq(cxm_feedback_set_status(db, biz, r, (enum cxm_fb_status)s, 0, NULL), CXM_ERR_INVALID);
	struct cxm_feedback f = load(r, NULL);
	ck_assert_str_eq(f.status, "rejected");
	ck_assert_ptr_null(f.resolved_at);
	ck_assert_int_eq(f.fcr, 0);

	/* the events of the first item, in order */
	ck_assert_str_eq(dump("SELECT kind, old_value, new_value, created_at FROM feedback_events"
	                      " WHERE feedback_id = ? ORDER BY id",
	                      CXM_PARAMS(CXM_PINT(id))),
	                 "created|\\N|new|2026-03-02 09:00:00.000000\n"
	                 "status|new|in_progress|2026-03-02 09:10:00.000000\n"
	                 "status|in_progress|answered|2026-03-02 09:20:00.000000\n"
	                 "status|answered|resolved|2026-03-02 09:30:00.000000\n");
	/* the table of cxm_fb_transition_ok, row by row */
	static const int ok[CXM_FBS_MAX][CXM_FBS_MAX] = {
		/* to: new in_progress answered resolved rejected */
		{0, 1, 1, 0, 1},   /* from new */
		{0, 0, 1, 0, 1},   /* from in_progress */
		{0, 1, 0, 1, 1},   /* from answered */
		{0, 1, 0, 0, 0},   /* from resolved */
		{0, 0, 0, 0, 0},   /* from rejected */
	};
	for (int a = 0; a < CXM_FBS_MAX; a++)
		for (int b = 0; b < CXM_FBS_MAX; b++)
			ck_assert_msg(cxm_fb_transition_ok((enum cxm_fb_status)a, (enum cxm_fb_status)b) == ok[a][b],
			              "%s -> %s", cxm_fb_status_names[a], cxm_fb_status_names[b]);
}
END_TEST

START_TEST(history_and_checks)
{
	long long cl = client(biz, "Boris", "boris@example.com");
	long long mgr = member(biz, "m@example.com", "manager");
	long long analyst = member(biz, "a@example.com", "analyst");
	long long id = item(biz, cl, CXM_FBC_SHOP, "service_quality", "2026-03-02 09:00:00");
	ck_assert_int_eq(cxm_feedback_reply(db, arena, biz, id, mgr, "Thank you, we will call you.",
	                                    "2026-03-02 10:00:00", NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_feedback_comment(db, biz, id, mgr, "Called the shop.", "2026-03-02 10:05:00"), CXM_OK);
	/* the client's history: the complaint, then the reply, both pointing at the item */
	ck_assert_str_eq(dump("SELECT kind, occurred_at, channel, text, ref_id = ? FROM interactions"
	                      " WHERE client_id = ? ORDER BY id",
	                      CXM_PARAMS(CXM_PINT(id), CXM_PINT(cl))),
	                 "complaint|2026-03-02 09:00:00.000000|shop|The sofa arrived scratched.|1\n"
	                 "message|2026-03-02 10:00:00.000000|shop|Thank you, we will call you.|1\n");
	ck_assert_int_eq(count("SELECT interactions_count FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(cl))), 2);
	/* assignment: a manager yes, an analyst or a stranger no */
	ck_assert_int_eq(cxm_feedback_assign(db, biz, id, analyst, mgr, NULL), CXM_ERR_INVALID);
	long long stranger = member(other_biz, "s@example.com", "owner");
	ck_assert_int_eq(cxm_feedback_assign(db, biz, id, stranger, mgr, NULL), CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_feedback_assign(db, biz, id, mgr, mgr, "2026-03-02 10:06:00"), CXM_OK);
	ck_assert_int_eq(load(id, NULL).assignee_id, mgr);
	/* a department of another business is not found; empty texts refused */
	long long their_dept = insert("INSERT INTO feedback_departments (business_id, name) VALUES (?, 'X')",
	                              CXM_PARAMS(CXM_PINT(other_biz)));
	ck_assert_int_eq(cxm_feedback_classify(db, arena, biz, id, "other", their_dept, 0, "high", mgr, NULL),
	                 CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_feedback_comment(db, biz, id, mgr, "", NULL), CXM_ERR_INVALID);
	struct cxm_feedback_new bad = {.channel = CXM_FBC_MAX, .text = "x", .rating = -1};
	long long nid = 0;
	ck_assert_int_eq(cxm_feedback_create(db, arena, biz, &bad, &nid), CXM_ERR_INVALID);
	bad.channel = CXM_FBC_POST;
	bad.text = "";
	ck_assert_int_eq(cxm_feedback_create(db, arena, biz, &bad, &nid), CXM_ERR_INVALID);
	bad.text = "x";
	bad.client_id = client(other_biz, "Theirs", NULL);
	ck_assert_int_eq(cxm_feedback_create(db, arena, biz, &bad, &nid), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback", CXM_NOPARAMS), 1);

	/* tenancy: business B's calls on A's item find nothing and change nothing */
	const char *before = dump("SELECT * FROM feedback ORDER BY id", CXM_NOPARAMS);
	long long before_events = count("SELECT COUNT(*) FROM feedback_events", CXM_NOPARAMS);
	struct cxm_feedback f;
	ck_assert_int_eq(cxm_feedback_load(db, arena, other_biz, id, NULL, &f), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_feedback_set_status(db, other_biz, id, CXM_FBS_REJECTED, 0, NULL), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_feedback_reply(db, arena, other_biz, id, 0, "x", NULL, NULL), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_feedback_comment(db, other_biz, id, 0, "x", NULL), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_feedback_assign(db, other_biz, id, 0, 0, NULL), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_feedback_classify(db, arena, other_biz, id, "other", 0, 0, "low", 0, NULL),
	                 CXM_ERR_NOT_FOUND);
	ck_assert_str_eq(dump("SELECT * FROM feedback ORDER BY id", CXM_NOPARAMS), before);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_events", CXM_NOPARAMS), before_events);
}
END_TEST

/* Erasing a client blanks the personal data of their items (text,
 * contacts, the timeline's texts) and keeps the rest; merging moves the
 * items to the client kept. */
START_TEST(erase_and_merge)
{
	long long keep = client(biz, "Keep", "keep@example.com");
	long long other = client(biz, "Other", "other@example.com");
	long long it = item(biz, other, CXM_FBC_EMAIL, "product_quality", "2026-03-02 09:00:00");
	ck_assert_int_eq(cxm_feedback_reply(db, arena, biz, it, 0, "Dear Other, sorry.", "2026-03-02 10:00:00", NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_client_merge(db, biz, keep, other), CXM_OK);
	ck_assert_int_eq(load(it, NULL).client_id, keep);
	/* the other business's item of a client with the same id range is untouched */
	long long theirs_client = client(other_biz, "Theirs", NULL);
	long long theirs = item(other_biz, theirs_client, CXM_FBC_EMAIL, NULL, "2026-03-02 09:00:00");
	exec("UPDATE feedback SET contact_name = 'Keep K.' WHERE id = ?", CXM_PARAMS(CXM_PINT(it)));
	ck_assert_int_eq(cxm_client_erase(db, biz, keep), CXM_OK);
	ck_assert_str_eq(dump("SELECT text, contact_name, contact_email, type, status, replies,"
	                      " first_response_at FROM feedback WHERE id = ?",
	                      CXM_PARAMS(CXM_PINT(it))),
	                 "|\\N|\\N|product_quality|answered|1|2026-03-02 10:00:00.000000\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_events WHERE feedback_id = ? AND text IS NOT NULL",
	                       CXM_PARAMS(CXM_PINT(it))),
	                 0);
	ck_assert_str_eq(dump("SELECT text FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(theirs))),
	                 "The sofa arrived scratched.\n");
}
END_TEST

/* ---- closing the loop -------------------------------------------------------- */

struct survey {
	long long survey, version, nps, csat, ces, text;
};

/* A survey of business b with an NPS, a CSAT, a CES (1..7) and a free-text
 * question, written directly into the 0005 tables. */
static struct survey make_survey(long long b)
{
	struct survey s;
	s.survey = insert("INSERT INTO surveys (business_id, title_en) VALUES (?, 'S')", CXM_PARAMS(CXM_PINT(b)));
	s.version = insert("INSERT INTO survey_versions (business_id, survey_id, number) VALUES (?, ?, 1)",
	                   CXM_PARAMS(CXM_PINT(b), CXM_PINT(s.survey)));
	long long sec = insert("INSERT INTO survey_sections (business_id, version_id, position) VALUES (?, ?, 1)",
	                       CXM_PARAMS(CXM_PINT(b), CXM_PINT(s.version)));
	static const char *const q =
		"INSERT INTO survey_questions (business_id, version_id, section_id, position, code, type,"
		" scale_min, scale_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	s.nps = insert(q, CXM_PARAMS(CXM_PINT(b), CXM_PINT(s.version), CXM_PINT(sec), CXM_PINT(1),
	                             CXM_PSTR("nps"), CXM_PSTR("nps"), CXM_PINT(0), CXM_PINT(10)));
	s.csat = insert(q, CXM_PARAMS(CXM_PINT(b), CXM_PINT(s.version), CXM_PINT(sec), CXM_PINT(2),
	                              CXM_PSTR("csat"), CXM_PSTR("csat"), CXM_PINT(1), CXM_PINT(5)));
	s.ces = insert(q, CXM_PARAMS(CXM_PINT(b), CXM_PINT(s.version), CXM_PINT(sec), CXM_PINT(3),
	                             CXM_PSTR("effort"), CXM_PSTR("ces"), CXM_PINT(1), CXM_PINT(7)));
	s.text = insert(q, CXM_PARAMS(CXM_PINT(b), CXM_PINT(s.version), CXM_PINT(sec), CXM_PINT(4),
	                              CXM_PSTR("comment"), CXM_PSTR("text"), CXM_PNULL, CXM_PNULL));
	return s;
}

static int key_seq;

/* A response of client cl with the given numbers (-1: not answered) and
 * comment (NULL: none). */
static long long respond(long long b, const struct survey *s, long long cl, int nps, int csat, int ces,
                         const char *comment)
{
	char key[64];
	snprintf(key, sizeof(key), "key-%d", ++key_seq);
	long long r = insert("INSERT INTO survey_responses (business_id, survey_id, version_id, client_id,"
	                     " channel, submit_key) VALUES (?, ?, ?, ?, 'open_link', ?)",
	                     CXM_PARAMS(CXM_PINT(b), CXM_PINT(s->survey), CXM_PINT(s->version),
	                                cl ? CXM_PINT(cl) : CXM_PNULL, CXM_PSTR(key)));
	static const char *const a =
		"INSERT INTO survey_answers (business_id, response_id, question_id, num, text) VALUES (?, ?, ?, ?, ?)";
	long long qs[3] = {s->nps, s->csat, s->ces};
	int vs[3] = {nps, csat, ces};
	for (int i = 0; i < 3; i++)
		if (vs[i] >= 0)
			exec(a, CXM_PARAMS(CXM_PINT(b), CXM_PINT(r), CXM_PINT(qs[i]), CXM_PINT(vs[i]), CXM_PNULL));
	if (comment)
		exec(a, CXM_PARAMS(CXM_PINT(b), CXM_PINT(r), CXM_PINT(s->text), CXM_PNULL, CXM_PSTR(comment)));
	return r;
}

static long long follow(long long b, long long response)
{
	long long id = -1;
	enum cxm_err rc = cxm_feedback_from_response(db, arena, b, response, &id);
	ck_assert_msg(rc == CXM_OK, "from_response: %s %s", cxm_err_name(rc), cxm_db_error(db));
	return id;
}

START_TEST(followup_thresholds)
{
	struct survey s = make_survey(biz);
	long long cl = client(biz, "Vera", "vera@example.com");
	/* NPS 5 <= 6: opened, with the comment */
	long long r1 = respond(biz, &s, cl, 5, 4, 6, "Nobody called me back.");
	long long f1 = follow(biz, r1);
	ck_assert_int_gt(f1, 0);
	ck_assert_str_eq(dump("SELECT client_id = ?, channel, type, status, response_id = ?, assignee_id, text"
	                      " FROM feedback WHERE id = ?",
	                      CXM_PARAMS(CXM_PINT(cl), CXM_PINT(r1), CXM_PINT(f1))),
	                 cxm_printf(arena,
	                            "1|survey|service_quality|new|1|\\N|Low scores in survey response #%lld:"
	                            " NPS 5 (nps).\nThe client's comment:\nNobody called me back.\n",
	                            r1));
	/* idempotent: the same item again, nothing new */
	ck_assert_int_eq(follow(biz, r1), f1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback", CXM_NOPARAMS), 1);
	/* NPS 7 and CSAT 4 (CES 5: 5 > 1 + 2 - 1): nothing low */
	ck_assert_int_eq(follow(biz, respond(biz, &s, cl, 7, 4, 5, "Fine.")), 0);
	/* CES 2 on 1..7 (hard end 1, within 2 points: 1 or 2): opened */
	long long r3 = respond(biz, &s, cl, 9, -1, 2, NULL);
	long long f3 = follow(biz, r3);
	ck_assert_int_gt(f3, 0);
	ck_assert_str_eq(dump("SELECT text FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(f3))),
	                 cxm_printf(arena, "Low scores in survey response #%lld: CES 2 (effort).\n", r3));
	/* CES 3: not low; CSAT 2: low (NPS 10 does not matter) */
	ck_assert_int_eq(follow(biz, respond(biz, &s, cl, 10, -1, 3, NULL)), 0);
	long long r5 = respond(biz, &s, cl, 10, 2, 1, NULL);
	long long f5 = follow(biz, r5);
	ck_assert_str_eq(dump("SELECT text FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(f5))),
	                 cxm_printf(arena, "Low scores in survey response #%lld: CSAT 2 (csat); CES 1 (effort).\n",
	                            r5));
	/* thresholds from survey_settings: NPS <= 8 is low now */
	exec("INSERT INTO survey_settings (business_id, nps_low_max) VALUES (?, 8)", CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_int_gt(follow(biz, respond(biz, &s, cl, 7, 4, 5, NULL)), 0);
	/* the complaint rows of the client's history: one per opened item (4) */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM interactions WHERE client_id = ? AND kind = 'complaint'",
	                       CXM_PARAMS(CXM_PINT(cl))),
	                 4);
	/* another business's response is not found, and opens nothing */
	struct survey t = make_survey(other_biz);
	long long theirs = respond(other_biz, &t, 0, 0, 1, 1, NULL);
	long long id = -1;
	ck_assert_int_eq(cxm_feedback_from_response(db, arena, biz, theirs, &id), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(id, 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback", CXM_NOPARAMS), 4);
}
END_TEST

START_TEST(followup_assignment)
{
	struct survey s = make_survey(biz);
	long long cl = client(biz, "Gleb", NULL);
	long long owner = member(biz, "o@example.com", "owner");
	member(biz, "an@example.com", "analyst");
	long long m1 = member(biz, "m1@example.com", "manager");
	long long m2 = member(biz, "m2@example.com", "manager");
	/* ids in order: owner < analyst < m1 < m2 */
	ck_assert_int_lt(owner, m1);
	/* rule none (no settings row): nobody */
	ck_assert_int_eq(load(follow(biz, respond(biz, &s, cl, 0, -1, -1, NULL)), NULL).assignee_id, 0);
	/* rule user: m2 while active; once suspended, nobody */
	exec("INSERT INTO survey_settings (business_id, followup_rule, followup_user_id) VALUES (?, 'user', ?)",
	     CXM_PARAMS(CXM_PINT(biz), CXM_PINT(m2)));
	ck_assert_int_eq(load(follow(biz, respond(biz, &s, cl, 1, -1, -1, NULL)), NULL).assignee_id, m2);
	exec("UPDATE memberships SET disabled = 1 WHERE user_id = ?", CXM_PARAMS(CXM_PINT(m2)));
	ck_assert_int_eq(load(follow(biz, respond(biz, &s, cl, 1, -1, -1, NULL)), NULL).assignee_id, 0);
	exec("UPDATE memberships SET disabled = 0 WHERE user_id = ?", CXM_PARAMS(CXM_PINT(m2)));
	/* round robin over owner, m1, m2 (the analyst is skipped), from the
	 * start: owner, m1, m2, owner */
	exec("UPDATE survey_settings SET followup_rule = 'round_robin' WHERE business_id = ?",
	     CXM_PARAMS(CXM_PINT(biz)));
	long long want[4] = {owner, m1, m2, owner};
	for (int i = 0; i < 4; i++) {
		long long f = follow(biz, respond(biz, &s, cl, 3, -1, -1, NULL));
		ck_assert_int_eq(load(f, NULL).assignee_id, want[i]);
		ck_assert_int_eq(count("SELECT round_robin_last FROM survey_settings WHERE business_id = ?",
		                       CXM_PARAMS(CXM_PINT(biz))),
		                 want[i]);
	}
	/* a response with nothing low does not take a turn */
	ck_assert_int_eq(follow(biz, respond(biz, &s, cl, 10, -1, -1, NULL)), 0);
	ck_assert_int_eq(count("SELECT round_robin_last FROM survey_settings WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(biz))),
	                 owner);
	/* the item's assignment is in its timeline */
	long long f = follow(biz, respond(biz, &s, cl, 3, -1, -1, NULL));
	ck_assert_str_eq(dump("SELECT kind, old_value, new_value = ? FROM feedback_events WHERE feedback_id = ?"
	                      " ORDER BY id",
	                      CXM_PARAMS(CXM_PINT(m1), CXM_PINT(f))),
	                 "created|\\N|0\nassign||1\n");
}
END_TEST

/* ---- counts and lists ------------------------------------------------------- */

START_TEST(counts_and_shares)
{
	/* in March: 3 hotline, 2 survey, 1 e-mail (6); one hotline item in
	 * April and one of business B do not count */
	const char *march[] = {"2026-03-01 00:00:00", "2026-03-10 12:00:00", "2026-03-31 23:59:59"};
	for (int i = 0; i < 3; i++)
		item(biz, 0, CXM_FBC_HOTLINE, "product_quality", march[i]);
	item(biz, 0, CXM_FBC_SURVEY, "service_quality", "2026-03-05 10:00:00");
	item(biz, 0, CXM_FBC_SURVEY, "product_quality", "2026-03-06 10:00:00");
	item(biz, 0, CXM_FBC_EMAIL, "information", "2026-03-07 10:00:00");
	item(biz, 0, CXM_FBC_HOTLINE, "other", "2026-04-01 00:00:00");
	item(other_biz, 0, CXM_FBC_POST, "other", "2026-03-07 10:00:00");
	struct cxm_feedback_counts c;
	ck_assert_int_eq(cxm_feedback_counts(db, arena, biz, 0, "2026-03-01 00:00:00", "2026-04-01 00:00:00", &c),
	                 CXM_OK);
	ck_assert_int_eq(c.total, 6);
	/* 3/6 = 50.0 %, 2/6 = 33.33 -> 33.3 %, 1/6 = 16.67 -> 16.7 % */
	ck_assert_int_eq(c.n[CXM_FBC_HOTLINE], 3);
	ck_assert_int_eq(c.share_tenths[CXM_FBC_HOTLINE], 500);
	ck_assert_int_eq(c.share_tenths[CXM_FBC_SURVEY], 333);
	ck_assert_int_eq(c.share_tenths[CXM_FBC_EMAIL], 167);
	ck_assert_int_eq(c.n[CXM_FBC_POST], 0);
	/* by type: product 4/6 = 66.7 %, service 1/6 = 16.7 %, information 16.7 % */
	ck_assert_int_eq(cxm_feedback_counts(db, arena, biz, 1, "2026-03-01 00:00:00", "2026-04-01 00:00:00", &c),
	                 CXM_OK);
	ck_assert_int_eq(c.n[CXM_FBT_PRODUCT_QUALITY], 4);
	ck_assert_int_eq(c.share_tenths[CXM_FBT_PRODUCT_QUALITY], 667);
	ck_assert_int_eq(c.share_tenths[CXM_FBT_SERVICE_QUALITY], 167);
	ck_assert_int_eq(c.share_tenths[CXM_FBT_INFORMATION], 167);
	ck_assert_int_eq(c.n[CXM_FBT_OTHER], 0);
	/* unbounded: all 7 of A, "other" 1/7 = 14.29 -> 14.3 % */
	ck_assert_int_eq(cxm_feedback_counts(db, arena, biz, 1, NULL, NULL, &c), CXM_OK);
	ck_assert_int_eq(c.total, 7);
	ck_assert_int_eq(c.share_tenths[CXM_FBT_OTHER], 143);
}
END_TEST

START_TEST(default_lists)
{
	ck_assert_int_eq(cxm_feedback_lists_ensure(db, biz, "en"), CXM_OK);
	ck_assert_str_eq(dump("SELECT name FROM feedback_departments WHERE business_id = ? ORDER BY id",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "Sales\nTransport logistics\nDistribution centres\nSuppliers\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_defects WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))),
	                 7);
	/* removed by an admin: a second call does not bring it back */
	exec("DELETE FROM feedback_departments WHERE business_id = ? AND name = 'Sales'", CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_int_eq(cxm_feedback_lists_ensure(db, biz, "en"), CXM_OK);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_departments WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(biz))),
	                 3);
	/* a business made by cxm_business_create has them from the start, in
	 * its language */
	struct cxm_new_business nb = {"fb-new", "New", "retail", "en", "Europe/Minsk"};
	long long nbid = 0;
	const char *why = NULL;
	ck_assert_int_eq(cxm_business_create(db, &nb, &nbid, &why), CXM_OK);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_departments WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(nbid))),
	                 4);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_settings WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(nbid))),
	                 1);
	/* in Russian for a Russian business */
	ck_assert_int_eq(cxm_feedback_lists_ensure(db, other_biz, "ru"), CXM_OK);
	ck_assert_str_eq(dump("SELECT name FROM feedback_departments WHERE business_id = ? ORDER BY id LIMIT 1",
	                      CXM_PARAMS(CXM_PINT(other_biz))),
	                 "Отдел продаж\n");
}
END_TEST

/* Migration 0006 gives the businesses that existed the default lists in
 * their language: its seeding statements run again on an emptied register
 * (business A is 'en', B 'en' too; a third one 'ru'). */
START_TEST(migration_seeds_existing)
{
	long long ru = insert("INSERT INTO businesses (slug, name, locale) VALUES ('fb-ru', 'R', 'ru')", CXM_NOPARAMS);
	exec("DELETE FROM feedback_departments", CXM_NOPARAMS);
	exec("DELETE FROM feedback_defects", CXM_NOPARAMS);
	exec("DELETE FROM feedback_settings", CXM_NOPARAMS);
	char path[4096];
	snprintf(path, sizeof(path), "%s/sql/0006_feedback.sql", th_srcdir());
	FILE *fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	static char text[65536];
	size_t n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = 0;
	const char *seed = strstr(text, "-- The businesses that exist already");
	ck_assert_ptr_nonnull(seed);
	int line = 0;
	ck_assert_msg(cxm_db_run_script(db, seed, strlen(seed), &line) == CXM_OK, "line %d: %s", line, cxm_db_error(db));
	ck_assert_str_eq(dump("SELECT name FROM feedback_departments WHERE business_id = ? ORDER BY id",
	                      CXM_PARAMS(CXM_PINT(ru))),
	                 "Отдел продаж\nТранспортная логистика\nРаспределительные центры\nПоставщики\n");
	ck_assert_str_eq(dump("SELECT name FROM feedback_defects WHERE business_id = ? ORDER BY id LIMIT 2",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "Late delivery\nIncomplete delivery\n");
	/* 3 businesses x 4 departments and x 7 kinds; each marked as seeded */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_departments", CXM_NOPARAMS), 12);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_defects", CXM_NOPARAMS), 21);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_settings", CXM_NOPARAMS), 3);
	ck_assert_int_eq(cxm_feedback_lists_ensure(db, ru, NULL), CXM_OK);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM feedback_departments", CXM_NOPARAMS), 12);
}
END_TEST

static Suite *feedback_suite(void)
{
	Suite *s = suite_create("db_feedback");
	TCase *tc = tcase_create("feedback");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, times_exact);
	tcase_add_test(tc, fcr_rules);
	tcase_add_test(tc, transitions);
	tcase_add_test(tc, history_and_checks);
	tcase_add_test(tc, erase_and_merge);
	tcase_add_test(tc, followup_thresholds);
	tcase_add_test(tc, followup_assignment);
	tcase_add_test(tc, counts_and_shares);
	tcase_add_test(tc, default_lists);
	tcase_add_test(tc, migration_seeds_existing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	SRunner *sr = srunner_create(feedback_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
