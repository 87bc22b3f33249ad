/* Survey invitations (core/survey_invite.c) against a real, migrated
 * database on fixed timestamps: the journey triggers invite exactly the
 * clients that are due (an event before the trigger existed, a delay not
 * yet passed, another kind, an opted-out, mail-less, deleted client or
 * another business: no invitation), one per trigger and event, within the
 * quiet period no second one; the "resolved complaint" trigger without
 * and with a feedback table; sending writes one outbox message per due
 * invitation with a link whose token hashes to token_hash and the expiry
 * set; refusals are recorded; bulk counts and creation. Surveys are
 * inserted directly (the builder is another part). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "client_list.h"
#include "conf.h"
#include "db.h"
#include "harness.h"
#include "i18n.h"
#include "survey_invite.h"
#include "token.h"

static struct cxm_db *db;
static struct cxm_arena *arena;
static struct cxm_config cfg;
static long long biz, other_biz, survey, other_survey;

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

#define assert_dump(sql, want, ...) \
	do { \
		const char *got_ = dump(sql, __VA_ARGS__); \
		ck_assert_msg(strcmp(got_, want) == 0, "%s\ngot:\n%s\nexpected:\n%s", sql, got_, want); \
	} while (0)

static void setup(void)
{
	char *dsn = th_db_create_migrated("inv");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 16);
	char po[4096];
	snprintf(po, sizeof(po), "%s/po", th_builddir());
	ck_assert_int_eq(cxm_i18n_load(po), CXM_OK);
	cxm_config_defaults(&cfg);
	cfg.public_url = "https://cx.example/";
	cfg.sendmail = "";
	cfg.log_mail = 0;
	biz = insert("INSERT INTO businesses (slug, name, locale, timezone) VALUES ('inv-a', 'Salon A', 'en',"
	             " 'Europe/Minsk')",
	             CXM_NOPARAMS);
	other_biz = insert("INSERT INTO businesses (slug, name) VALUES ('inv-b', 'B')", CXM_NOPARAMS);
	survey = insert("INSERT INTO surveys (business_id, title_ru, title_en, invitation_days)"
	                " VALUES (?, 'Опрос', 'After your purchase', 14)",
	                CXM_PARAMS(CXM_PINT(biz)));
	other_survey = insert("INSERT INTO surveys (business_id, title_ru) VALUES (?, 'Б')",
	                      CXM_PARAMS(CXM_PINT(other_biz)));
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* A client of business b; email NULL for none. */
static long long client(long long b, const char *name, const char *email, int opt_out, int live)
{
	return insert("INSERT INTO clients (business_id, name, email, first_seen, last_seen_at,"
	              " survey_opt_out, live) VALUES (?, ?, ?, '2025-01-01', '2025-01-01', ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PSTR(name), email ? CXM_PSTR(email) : CXM_PNULL,
	                         CXM_PINT(opt_out), CXM_PINT(live)));
}

static long long event(long long b, long long c, const char *kind, const char *at)
{
	return insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at)"
	              " VALUES (?, ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(b), CXM_PINT(c), CXM_PSTR(kind), CXM_PSTR(at)));
}

static long long invitation_at(long long c, const char *created)
{
	return insert("INSERT INTO survey_invitations (business_id, survey_id, client_id, source,"
	              " created_at, due_at, sent_at) VALUES (?, ?, ?, 'manual', ?, ?, ?)",
	              CXM_PARAMS(CXM_PINT(biz), CXM_PINT(survey), CXM_PINT(c), CXM_PSTR(created),
	                         CXM_PSTR(created), CXM_PSTR(created)));
}

/* The journey: trigger "3 days after a purchase", created 2026-02-20,
 * evaluated at 2026-03-01 12:00 (UTC) with the default quiet period of 30
 * days. Due time = purchase + 3 days; invited when due <= now. */
START_TEST(trigger_invites_exactly_the_due)
{
	long long trig = insert("INSERT INTO survey_triggers (business_id, survey_id, event, delay_days,"
	                        " created_at) VALUES (?, ?, 'purchase', 3, '2026-02-20 00:00:00')",
	                        CXM_PARAMS(CXM_PINT(biz), CXM_PINT(survey)));
	long long before = client(biz, "Before", "before@x.by", 0, 1);
	long long early = client(biz, "Early", "early@x.by", 0, 1);
	long long due = client(biz, "Due", "due@x.by", 0, 1);
	long long optout = client(biz, "Optout", "optout@x.by", 1, 1);
	long long nomail = client(biz, "Nomail", NULL, 0, 1);
	long long visitor = client(biz, "Visitor", "visitor@x.by", 0, 1);
	long long quiet = client(biz, "Quiet", "quiet@x.by", 0, 1);
	long long loud = client(biz, "Loud", "loud@x.by", 0, 1);
	long long gone = client(biz, "Gone", "gone@x.by", 0, 0);
	long long stranger = client(other_biz, "Stranger", "s@x.by", 0, 1);

	event(biz, before, "purchase", "2026-02-19 10:00:00");      /* before the trigger: no */
	event(biz, early, "purchase", "2026-02-27 13:00:00");       /* due 03-02 13:00 > now: no */
	long long e_due = event(biz, due, "purchase", "2026-02-25 09:00:00");   /* due 02-28 09:00: yes */
	event(biz, due, "purchase", "2026-02-26 09:00:00");         /* same client, quiet now: no */
	event(biz, optout, "purchase", "2026-02-25 09:00:00");      /* opted out: no */
	event(biz, nomail, "purchase", "2026-02-25 09:00:00");      /* no e-mail: no */
	event(biz, visitor, "visit", "2026-02-25 09:00:00");        /* another kind: no */
	event(biz, quiet, "purchase", "2026-02-25 10:00:00");       /* due 02-28 10:00 ... */
	invitation_at(quiet, "2026-02-18 10:00:00");                /* ... 10 days before: no */
	long long e_loud = event(biz, loud, "purchase", "2026-02-25 10:00:00");
	invitation_at(loud, "2026-01-19 10:00:00");                 /* 40 days before: yes */
	event(biz, gone, "purchase", "2026-02-25 09:00:00");        /* deleted: no */
	event(other_biz, stranger, "purchase", "2026-02-25 09:00:00");  /* another business: no */

	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-01 12:00:00"), 2);
	const char *want = cxm_printf(arena,
	                              "%lld|%lld|trigger|%lld|%lld|2026-03-01 12:00:00.000000|2026-02-28 09:00:00.000000|\\N\n"
	                              "%lld|%lld|trigger|%lld|%lld|2026-03-01 12:00:00.000000|2026-02-28 10:00:00.000000|\\N\n",
	                              due, survey, trig, e_due, loud, survey, trig, e_loud);
	const char *sql = "SELECT client_id, survey_id, source, trigger_id, interaction_id, created_at,"
	                  " due_at, sent_at FROM survey_invitations WHERE source = 'trigger' ORDER BY id";
	assert_dump(sql, want, CXM_NOPARAMS);
	/* a second run at the same time: nothing new */
	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-01 12:00:00"), 0);
	assert_dump(sql, want, CXM_NOPARAMS);
	/* two days later Early's delay has passed (due 03-02 13:00); Due's
	 * second purchase is still in the quiet period of its invitation */
	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-03 12:00:00"), 1);
	ck_assert_int_eq(count("SELECT client_id FROM survey_invitations WHERE source = 'trigger'"
	                       " ORDER BY id DESC LIMIT 1",
	                       CXM_NOPARAMS),
	                 early);
	/* another business's invitations: none */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_invitations WHERE business_id = ?",
	                       CXM_PARAMS(CXM_PINT(other_biz))),
	                 0);
	/* a disabled trigger does nothing */
	exec("UPDATE survey_triggers SET active = 0", CXM_NOPARAMS);
	event(biz, visitor, "purchase", "2026-03-01 09:00:00");
	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-05 12:00:00"), 0);
}
END_TEST

/* quiet_days from survey_settings: 5 days lets the 10-days-old invitation
 * pass; 0 means no quiet period at all. */
START_TEST(trigger_quiet_setting)
{
	insert("INSERT INTO survey_triggers (business_id, survey_id, event, delay_days, created_at)"
	       " VALUES (?, ?, 'visit', 1, '2026-02-01 00:00:00')",
	       CXM_PARAMS(CXM_PINT(biz), CXM_PINT(survey)));
	exec("INSERT INTO survey_settings (business_id, quiet_days) VALUES (?, 5)", CXM_PARAMS(CXM_PINT(biz)));
	long long c = client(biz, "C", "c@x.by", 0, 1);
	invitation_at(c, "2026-02-18 10:00:00");
	event(biz, c, "visit", "2026-02-27 10:00:00");   /* due 02-28 10:00, 10 days after: invited */
	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-01 12:00:00"), 1);
	exec("UPDATE survey_settings SET quiet_days = 0", CXM_NOPARAMS);
	event(biz, c, "visit", "2026-02-28 10:00:00");   /* invited again the same day: no quiet period */
	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-01 12:00:00"), 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_invitations WHERE client_id = ?",
	                       CXM_PARAMS(CXM_PINT(c))),
	                 3);
}
END_TEST

/* "After a complaint is resolved": the resolved item of a client (in the
 * feedback register, sql/0006_feedback.sql) invites delay days after
 * resolved_at. */
START_TEST(trigger_feedback_resolved)
{
	long long trig = insert("INSERT INTO survey_triggers (business_id, survey_id, event, delay_days,"
	                        " created_at) VALUES (?, ?, 'feedback_resolved', 2, '2026-02-01 00:00:00')",
	                        CXM_PARAMS(CXM_PINT(biz), CXM_PINT(survey)));
	long long c = client(biz, "C", "c@x.by", 0, 1), d = client(biz, "D", "d@x.by", 0, 1);
	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-01 12:00:00"), 0);
	/* items of the feedback register (sql/0006_feedback.sql) */
#define ITEM "INSERT INTO feedback (business_id, client_id, channel, text, received_at, sla_due_at, status," \
	" resolved_at) VALUES (?, ?, 'hotline', 'x', '2026-02-20 08:00:00', '2026-02-21 08:00:00', "
	long long f1 = insert(ITEM "'resolved', '2026-02-26 08:00:00')", CXM_PARAMS(CXM_PINT(biz), CXM_PINT(c)));
	/* resolved too recently (due 03-02 08:00), and one still open: no */
	insert(ITEM "'resolved', '2026-02-28 08:00:00')", CXM_PARAMS(CXM_PINT(biz), CXM_PINT(d)));
	insert(ITEM "'in_progress', NULL)", CXM_PARAMS(CXM_PINT(biz), CXM_PINT(d)));
#undef ITEM
	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-01 12:00:00"), 1);
	assert_dump("SELECT client_id, trigger_id, interaction_id, feedback_id, due_at FROM survey_invitations",
	            cxm_printf(arena, "%lld|%lld|\\N|%lld|2026-02-28 08:00:00.000000\n", c, trig, f1),
	            CXM_NOPARAMS);
	ck_assert_int_eq(cxm_invite_triggers_run(db, "2026-03-01 12:00:00"), 0);
}
END_TEST

/* The token of a link in a message body, into out. */
static void link_token(const char *body, char out[CXM_TOKEN_CHARS + 1])
{
	const char *p = strstr(body, "https://cx.example/r/");
	ck_assert_msg(p != NULL, "no link in: %s", body);
	p += strlen("https://cx.example/r/");
	ck_assert_uint_ge(strlen(p), CXM_TOKEN_CHARS);
	memcpy(out, p, CXM_TOKEN_CHARS);
	out[CXM_TOKEN_CHARS] = '\0';
	ck_assert_msg(p[CXM_TOKEN_CHARS] == '\n', "token not followed by a newline: %s", p);
}

/* Sending at 2026-03-01 12:00: two due invitations get one message each
 * (English: the business's locale), a token whose BLAKE2b hash is
 * token_hash, expires_at = now + 14 days; one not yet due waits; one whose
 * client has no e-mail is refused with the reason and no message. */
START_TEST(send_due)
{
	long long a = client(biz, "Anna", "anna@x.by", 0, 1), b = client(biz, "Boris", "boris@x.by", 0, 1);
	long long n = client(biz, "Nina", NULL, 0, 1), l = client(biz, "Later", "later@x.by", 0, 1);
	uint64_t ia, ib, in, il;
	ck_assert_int_eq(cxm_invite_create(db, arena, biz, survey, a, CXM_INV_MANUAL, 0, "2026-03-01 11:00:00", &ia),
	                 CXM_OK);
	ck_assert_int_eq(cxm_invite_create(db, arena, biz, survey, b, CXM_INV_MANUAL, 0, "2026-03-01 12:00:00", &ib),
	                 CXM_OK);
	ck_assert_int_eq(cxm_invite_create(db, arena, biz, survey, n, CXM_INV_MANUAL, 0, "2026-03-01 10:00:00", &in),
	                 CXM_OK);
	ck_assert_int_eq(cxm_invite_create(db, arena, biz, survey, l, CXM_INV_MANUAL, 0, "2026-03-01 12:00:01", &il),
	                 CXM_OK);
	/* another business's survey or client: not found, nothing stored */
	ck_assert_int_eq(cxm_invite_create(db, arena, biz, other_survey, a, CXM_INV_MANUAL, 0, NULL, NULL),
	                 CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_invite_create(db, arena, other_biz, other_survey, a, CXM_INV_MANUAL, 0, NULL, NULL),
	                 CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_invitations", CXM_NOPARAMS), 4);

	ck_assert_int_eq(cxm_invite_send_due(db, &cfg, "2026-03-01 12:00:00", 100), 3);
	assert_dump("SELECT id, sent_at, expires_at, token_hash IS NULL, error FROM survey_invitations ORDER BY id",
	            cxm_printf(arena,
	                       "%llu|2026-03-01 12:00:00.000000|2026-03-15 12:00:00.000000|0|\\N\n"
	                       "%llu|2026-03-01 12:00:00.000000|2026-03-15 12:00:00.000000|0|\\N\n"
	                       "%llu|2026-03-01 12:00:00.000000|\\N|1|the client has no e-mail address\n"
	                       "%llu|\\N|\\N|1|\\N\n",
	                       (unsigned long long)ia, (unsigned long long)ib, (unsigned long long)in,
	                       (unsigned long long)il),
	            CXM_NOPARAMS);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena,
	                              "SELECT o.business_id, o.recipient, o.subject, o.body, HEX(si.token_hash)"
	                              " FROM outbox o JOIN clients c ON c.email = o.recipient"
	                              " JOIN survey_invitations si ON si.client_id = c.id ORDER BY o.id",
	                              CXM_NOPARAMS, &r),
	                 CXM_OK);
	ck_assert_uint_eq(r.nrows, 2);
	const char *names[] = {"Anna", "Boris"}, *mails[] = {"anna@x.by", "boris@x.by"};
	for (size_t i = 0; i < 2; i++) {
		ck_assert_int_eq(cxm_rows_int(&r, i, 0, 0), biz);
		ck_assert_str_eq(cxm_rows_get(&r, i, 1), mails[i]);
		ck_assert_str_eq(cxm_rows_get(&r, i, 2), "Salon A asks for your opinion");
		char token[CXM_TOKEN_CHARS + 1];
		const char *body = cxm_rows_get(&r, i, 3);
		link_token(body, token);
		/* the expiry date is local (Minsk, UTC+3): 2026-03-15 15:00 -> 2026-03-15 */
		const char *want = cxm_printf(arena,
		                              "Hello, %s!\n\nSalon A asks you to answer a short survey: \"After your "
		                              "purchase\". It takes a few minutes:\n\nhttps://cx.example/r/%s\n\nThe "
		                              "link is yours alone and works until 2026-03-15.\n",
		                              names[i], token);
		ck_assert_str_eq(body, want);
		unsigned char hash[CXM_TOKEN_HASH_BYTES];
		ck_assert_int_eq(cxm_token_hash(token, hash), 0);
		char hex[2 * CXM_TOKEN_HASH_BYTES + 1];
		for (int k = 0; k < CXM_TOKEN_HASH_BYTES; k++)
			snprintf(hex + 2 * k, 3, "%02X", hash[k]);
		ck_assert_str_eq(cxm_rows_get(&r, i, 4), hex);
	}
	/* nothing more is due; a second runner finds nothing */
	ck_assert_int_eq(cxm_invite_send_due(db, &cfg, "2026-03-01 12:00:00", 100), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM outbox", CXM_NOPARAMS), 2);
	/* one second later Later's is due */
	ck_assert_int_eq(cxm_invite_send_due(db, &cfg, "2026-03-01 12:00:01", 100), 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM outbox", CXM_NOPARAMS), 3);
}
END_TEST

/* A Russian business gets the Russian message. */
START_TEST(send_in_business_language)
{
	exec("UPDATE businesses SET locale = 'ru' WHERE id = ?", CXM_PARAMS(CXM_PINT(biz)));
	long long a = client(biz, "Анна", "anna@x.by", 0, 1);
	ck_assert_int_eq(cxm_invite_create(db, arena, biz, survey, a, CXM_INV_MANUAL, 0, "2026-03-01 11:00:00", NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_invite_send_due(db, &cfg, "2026-03-01 12:00:00", 100), 1);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena, "SELECT subject, body FROM outbox", CXM_NOPARAMS, &r), CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "Salon A просит вашего мнения");
	ck_assert_msg(strstr(cxm_rows_get(&r, 0, 1), "Здравствуйте, Анна!") == cxm_rows_get(&r, 0, 1), "%s",
	              cxm_rows_get(&r, 0, 1));
	ck_assert_ptr_nonnull(strstr(cxm_rows_get(&r, 0, 1), "«Опрос»"));
}
END_TEST

/* Bulk over the whole live list at 2026-03-01 12:00 (quiet 30 days):
 * 6 live clients of the business: 1 without e-mail, 1 opted out, 1
 * invited 10 days ago -> 3 invited; the deleted client and the other
 * business's are not in the list. A cap of 5 refuses 6 clients. */
START_TEST(bulk_counts_and_creates)
{
	long long ids[3];
	ids[0] = client(biz, "A", "a@x.by", 0, 1);
	ids[1] = client(biz, "B", "b@x.by", 0, 1);
	client(biz, "N", NULL, 0, 1);
	client(biz, "O", "o@x.by", 1, 1);
	long long q = client(biz, "Q", "q@x.by", 0, 1);
	invitation_at(q, "2026-02-19 12:00:00");
	ids[2] = client(biz, "R", "r@x.by", 0, 1);
	client(biz, "Deleted", "d@x.by", 0, 0);
	client(other_biz, "Other", "x@x.by", 0, 1);
	struct cxm_cfilter f;
	cxm_cfilter_init(&f);
	struct cxm_param bp[CXM_INVITE_BULK_NPARAMS];
	cxm_invite_bulk_params(arena, 30, "2026-03-01 12:00:00", bp);
	struct cxm_sql sql;
	cxm_client_where_sql(arena, biz, &f, CXM_INVITE_BULK_SELECT, bp, CXM_INVITE_BULK_NPARAMS, &sql);
	struct cxm_invite_bulk b;
	ck_assert_int_eq(cxm_invite_bulk_run(db, arena, biz, survey, &sql, 5, 7, "2026-03-01 12:00:00", 1, &b),
	                 CXM_OK);
	ck_assert_int_eq(b.over_cap, 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_invitations", CXM_NOPARAMS), 1);
	ck_assert_int_eq(cxm_invite_bulk_run(db, arena, biz, survey, &sql, 100, 0, "2026-03-01 12:00:00", 0, &b),
	                 CXM_OK);
	ck_assert_int_eq(b.over_cap, 0);
	ck_assert_int_eq(b.matched, 6);
	ck_assert_int_eq(b.no_email, 1);
	ck_assert_int_eq(b.opted_out, 1);
	ck_assert_int_eq(b.quiet, 1);
	ck_assert_int_eq(b.invited, 3);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM survey_invitations", CXM_NOPARAMS), 1);
	ck_assert_int_eq(cxm_invite_bulk_run(db, arena, biz, survey, &sql, 100, 0, "2026-03-01 12:00:00", 1, &b),
	                 CXM_OK);
	ck_assert_int_eq(b.invited, 3);
	assert_dump("SELECT client_id, source, due_at FROM survey_invitations WHERE source = 'bulk' ORDER BY client_id",
	            cxm_printf(arena,
	                       "%lld|bulk|2026-03-01 12:00:00.000000\n%lld|bulk|2026-03-01 12:00:00.000000\n"
	                       "%lld|bulk|2026-03-01 12:00:00.000000\n",
	                       ids[0], ids[1], ids[2]),
	            CXM_NOPARAMS);
	/* the client state a manager sees */
	struct cxm_invite_client st;
	ck_assert_int_eq(cxm_invite_client_state(db, arena, biz, q, "2026-03-01 12:00:00", &st), CXM_OK);
	ck_assert_int_eq(st.found, 1);
	ck_assert_int_eq(st.quiet, 1);
	ck_assert_int_eq(st.has_email, 1);
	ck_assert_int_eq(cxm_invite_client_state(db, arena, other_biz, q, "2026-03-01 12:00:00", &st), CXM_OK);
	ck_assert_int_eq(st.found, 0);
}
END_TEST

static Suite *invite_suite(void)
{
	Suite *s = suite_create("survey_invite");
	TCase *tc = tcase_create("invite");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, trigger_invites_exactly_the_due);
	tcase_add_test(tc, trigger_quiet_setting);
	tcase_add_test(tc, trigger_feedback_resolved);
	tcase_add_test(tc, send_due);
	tcase_add_test(tc, send_in_business_language);
	tcase_add_test(tc, bulk_counts_and_creates);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	SRunner *sr = srunner_create(invite_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
