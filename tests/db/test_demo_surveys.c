/* cxmctl demo-surveys against a real, migrated database, run as an
 * operator runs it after demo-data: the same seeds give the same answers
 * and items (modulo ids); every generated response satisfies the default
 * questionnaire (its conditions, its required questions) and has its
 * invitation and history row; exactly the responses with a low score have
 * a follow-up item, counted here by an SQL statement of our own from the
 * thresholds in docs/feedback.md; the items' times are in workflow order;
 * each touched client's counts are what a recount gives; --if-empty does
 * nothing the second time; another business is left alone. The bulk mode
 * (--bulk): exactly the responses asked for, each tied to a visit or
 * purchase of its client, every answer of a question of its response's
 * version with a value of its type and range, the follow-ups and their
 * events, the same data for the same seed, the other business unchanged. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "log.h"

static char *dir, *conf, *dsn;
static struct cxm_db *db;
static struct cxm_arena *arena;

#define TODAY "2026-06-01"

static void setup(void)
{
	dir = th_tmpdir("demo-surveys");
	conf = malloc(4200);
	snprintf(conf, 4200, "%s/cxm.conf", dir);
	dsn = th_db_create_migrated("demo_surveys");
	FILE *f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "db_dsn = %s\nsql_dir = %s/sql\n", dsn, th_srcdir());
	fclose(f);
	db = th_db_connect(dsn);
	arena = cxm_arena_new(1 << 16);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* Runs "cxmctl -c CONF ARGS"; returns its exit status, standard output in
 * out (may be NULL). */
static int ctl(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int ctl(char *out, size_t cap, const char *fmt, ...)
{
	char args[1024], cmd[6000], path[4300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/out", dir);
	snprintf(cmd, sizeof(cmd), "%s/core/cxmctl -c %s %s </dev/null >%s 2>&1", th_builddir(), conf, args, path);
	int st = system(cmd);
	if (out) {
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(out, 1, cap - 1, f) : 0;
		out[n] = '\0';
		if (f)
			fclose(f);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A business with a manager (who works the items) and 400 demo clients. */
static long long business(const char *slug)
{
	char out[4096];
	ck_assert_msg(ctl(out, sizeof(out), "business add --timezone Europe/Minsk %s", slug) == 0, "%s", out);
	char email[128];
	snprintf(email, sizeof(email), "m@%s.example", slug);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO users (email, name) VALUES (?, 'M')", CXM_PARAMS(CXM_PSTR(email)),
	                             NULL, NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db,
	                             "INSERT INTO memberships (business_id, user_id, role) SELECT b.id, u.id, 'manager'"
	                             " FROM businesses b, users u WHERE b.slug = ? AND u.email = ?",
	                             CXM_PARAMS(CXM_PSTR(slug), CXM_PSTR(email)), NULL, NULL),
	                 CXM_OK);
	int st = ctl(out, sizeof(out), "demo-data --business %s --clients 400 --seed 7 --today " TODAY, slug);
	size_t len = strlen(out);
	ck_assert_msg(st == 0, "demo-data: %d: %s", st, len > 300 ? out + len - 300 : out);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena, "SELECT id FROM businesses WHERE slug = ?", CXM_PARAMS(CXM_PSTR(slug)),
	                              &r),
	                 CXM_OK);
	return cxm_rows_int(&r, 0, 0, 0);
}

static long long one(const char *sql, long long biz)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, CXM_PARAMS(CXM_PINT(biz)), &r) == CXM_OK, "%s: %s", sql,
	              cxm_db_error(db));
	ck_assert_uint_eq(r.nrows, 1);
	return cxm_rows_int(&r, 0, 0, -1);
}

/* Every row of sql (one parameter: the business) joined into one text. */
static char *dump(const char *sql, long long biz)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, CXM_PARAMS(CXM_PINT(biz)), &r) == CXM_OK, "%s", cxm_db_error(db));
	size_t len = 1;
	for (size_t i = 0; i < r.nrows * r.ncols; i++)
		len += (r.cells[i] ? strlen(r.cells[i]) : 2) + 1;
	char *s = cxm_alloc(arena, len), *p = s;
	for (size_t i = 0; i < r.nrows * r.ncols; i++)
		p += sprintf(p, "%s%c", r.cells[i] ? r.cells[i] : "\\N", (i + 1) % r.ncols ? '|' : '\n');
	*p = '\0';
	return s;
}

/* Fails with the first line where a and b differ. */
static void same_text(const char *a, const char *b)
{
	size_t line = 1;
	const char *la = a, *lb = b;
	for (; *a && *a == *b; a++, b++)
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
	ck_assert_msg(*a == *b, "line %zu differs: \"%.120s\" / \"%.120s\"", line, la, lb);
}

static void generate(const char *slug, const char *extra)
{
	char out[4096];
	ck_assert_msg(ctl(out, sizeof(out), "demo-surveys --business %s --seed 3 --today " TODAY " %s", slug, extra) == 0,
	              "%s", out);
}

/* The answers (by client rank, question and option code) and the items of
 * a business, ids left out. */
static const char answers_sql[] =
	"SELECT (SELECT COUNT(*) FROM clients k WHERE k.business_id = r.business_id AND k.id <= r.client_id),"
	" q.code, o.code, a.num, a.num2, a.text, r.completed_at"
	" FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
	" JOIN survey_questions q ON q.id = a.question_id LEFT JOIN survey_options o ON o.id = a.option_id"
	" WHERE a.business_id = ? ORDER BY 1, q.position, q.code, o.position";
static const char items_sql[] =
	"SELECT (SELECT COUNT(*) FROM clients k WHERE k.business_id = f.business_id AND k.id <= f.client_id),"
	" channel, type, status, IF(response_id IS NULL, text, NULL), rating, priority, received_at,"
	" first_response_at, resolved_at, fcr,"
	" response_id IS NOT NULL FROM feedback f WHERE business_id = ? ORDER BY 1, received_at";

START_TEST(same_seed_same_data)
{
	long long a = business("ds-a"), b = business("ds-b");
	generate("ds-a", "");
	generate("ds-b", "");
	ck_assert_int_gt(one("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", a), 20);
	same_text(dump(answers_sql, a), dump(answers_sql, b));
	same_text(dump(items_sql, a), dump(items_sql, b));
}
END_TEST

START_TEST(responses_keep_the_questionnaire)
{
	long long biz = business("ds-q");
	long long other = business("ds-other");
	char *before = dump(answers_sql, other);
	generate("ds-q", "");
	long long n = one("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", biz);
	ck_assert_int_gt(n, 20);
	/* each response: an invitation opened and completed at its time, one
	 * history row, the version's count */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_responses r JOIN survey_invitations i ON i.id = r.invitation_id"
	                     " WHERE r.business_id = ? AND i.completed_at = r.completed_at AND i.opened_at <= r.completed_at"
	                     " AND i.sent_at < i.opened_at AND i.client_id = r.client_id",
	                     biz),
	                 n);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM interactions i JOIN survey_responses r ON r.id = i.ref_id"
	                     " WHERE i.business_id = ? AND i.kind = 'survey' AND i.client_id = r.client_id"
	                     " AND i.occurred_at = r.completed_at",
	                     biz),
	                 n);
	ck_assert_int_eq(one("SELECT SUM(responses) FROM survey_versions WHERE business_id = ?", biz), n);
	/* invitations never answered have no response */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_invitations WHERE business_id = ? AND completed_at IS NULL"
	                     " AND id IN (SELECT invitation_id FROM survey_responses)",
	                     biz),
	                 0);
	/* every required question without a condition is answered in every
	 * response (name, e-mail, age, gender, region, CSAT, NPS, CES, liked) */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_questions WHERE business_id = ? AND required = 1"
	                     " AND cond_code IS NULL",
	                     biz),
	                 9);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_responses r JOIN survey_questions q ON q.version_id = r.version_id"
	                     " WHERE r.business_id = ? AND q.required = 1 AND q.cond_code IS NULL AND NOT EXISTS"
	                     " (SELECT 1 FROM survey_answers a WHERE a.response_id = r.id AND a.question_id = q.id)",
	                     biz),
	                 0);
	/* Q9 (social networks) answered exactly where Q8's answer is social */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_responses r WHERE r.business_id = ? AND"
	                     " (EXISTS (SELECT 1 FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	                     "   WHERE a.response_id = r.id AND q.code = 'social_network'))"
	                     " <> (EXISTS (SELECT 1 FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	                     "   JOIN survey_options o ON o.id = a.option_id"
	                     "   WHERE a.response_id = r.id AND q.code = 'source' AND o.code = 'social'))",
	                     biz),
	                 0);
	ck_assert_int_gt(one("SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	                     " WHERE a.business_id = ? AND q.code = 'social_network'",
	                     biz),
	                 0);
	/* a known profile value is the answer: the age band answered is the
	 * client's wherever the client has one */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	                     " JOIN survey_options o ON o.id = a.option_id JOIN survey_responses r ON r.id = a.response_id"
	                     " JOIN clients c ON c.id = r.client_id WHERE a.business_id = ? AND q.code = 'age'"
	                     " AND c.age_band IS NOT NULL AND c.age_band <> o.code",
	                     biz),
	                 0);
	/* the answers went into the profile: Q9's network is the client's
	 * custom attribute wherever it was answered */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	                     " JOIN survey_options o ON o.id = a.option_id JOIN survey_responses r ON r.id = a.response_id"
	                     " WHERE a.business_id = ? AND q.code = 'social_network' AND NOT EXISTS"
	                     " (SELECT 1 FROM client_values v JOIN client_fields f ON f.id = v.field_id"
	                     "  WHERE v.client_id = r.client_id AND f.code = 'social_network' AND v.value = o.code)",
	                     biz),
	                 0);
	/* scores on their scales */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	                     " WHERE a.business_id = ? AND ((q.type = 'nps' AND a.num NOT BETWEEN 0 AND 10)"
	                     " OR (q.type = 'csat' AND a.num NOT BETWEEN 1 AND 5)"
	                     " OR (q.type = 'ces' AND a.num NOT BETWEEN q.scale_min AND q.scale_max))",
	                     biz),
	                 0);
	/* the other business is untouched */
	same_text(dump(answers_sql, other), before);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback WHERE business_id = ?", other), 0);
}
END_TEST

START_TEST(low_scores_have_follow_ups)
{
	long long biz = business("ds-f");
	generate("ds-f", "");
	/* low, by docs/feedback.md's defaults (no survey_settings row): NPS <= 6,
	 * CSAT <= 2, CES within 2 points of the scale's low end */
	long long low = one("SELECT COUNT(DISTINCT r.id) FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id"
	                    " JOIN survey_questions q ON q.id = a.question_id WHERE r.business_id = ? AND"
	                    " ((q.type = 'nps' AND a.num <= 6) OR (q.type = 'csat' AND a.num <= 2)"
	                    " OR (q.type = 'ces' AND a.num <= q.scale_min + 1))",
	                    biz);
	ck_assert_int_gt(low, 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback WHERE business_id = ? AND response_id IS NOT NULL"
	                     " AND channel = 'survey'",
	                     biz),
	                 low);
	/* each received when its response was completed, for its client */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback f JOIN survey_responses r ON r.id = f.response_id"
	                     " WHERE f.business_id = ? AND f.received_at = r.completed_at AND f.client_id = r.client_id",
	                     biz),
	                 low);
	/* other items too, and the workflow's times in order */
	ck_assert_int_gt(one("SELECT COUNT(*) FROM feedback WHERE business_id = ? AND response_id IS NULL", biz), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback WHERE business_id = ? AND (first_response_at < received_at"
	                     " OR resolved_at < first_response_at OR (status = 'resolved') <> (resolved_at IS NOT NULL)"
	                     " OR received_at >= '" TODAY "')",
	                     biz),
	                 0);
	ck_assert_int_gt(one("SELECT COUNT(*) FROM feedback WHERE business_id = ? AND status = 'resolved'", biz), 0);
	/* first-contact resolution exactly when resolved with one reply and
	 * never reopened */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback WHERE business_id = ? AND fcr <>"
	                     " (status = 'resolved' AND replies <= 1 AND reopened = 0)",
	                     biz),
	                 0);
	/* the clients' counts are a recount's */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients c WHERE c.business_id = ? AND c.interactions_count <>"
	                     " (SELECT COUNT(*) FROM interactions i WHERE i.client_id = c.id)",
	                     biz),
	                 0);
	/* the results' daily rollup counts every generated answer (all of
	 * them before its mark: --today is in the past) */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_result_marks WHERE business_id = ?", biz), 1);
	ck_assert_int_eq(one("SELECT SUM(d.answers) FROM survey_answer_days d JOIN survey_questions q"
	                     " ON q.id = d.question_id WHERE d.business_id = ? AND q.type = 'nps'",
	                     biz),
	                 one("SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	                     " WHERE a.business_id = ? AND q.type = 'nps'",
	                     biz));
	/* a second run with --if-empty adds nothing */
	long long responses = one("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", biz);
	long long items = one("SELECT COUNT(*) FROM feedback WHERE business_id = ?", biz);
	generate("ds-f", "--if-empty");
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", biz), responses);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback WHERE business_id = ?", biz), items);
}
END_TEST

/* The invitations of a business (client rank, the interaction's time,
 * the invitation's times), ids left out. */
static const char invitations_sql[] =
	"SELECT (SELECT COUNT(*) FROM clients k WHERE k.business_id = v.business_id AND k.id <= v.client_id),"
	" i.occurred_at, v.sent_at, v.opened_at, v.completed_at, v.expires_at FROM survey_invitations v"
	" LEFT JOIN interactions i ON i.id = v.interaction_id WHERE v.business_id = ? ORDER BY 1, 2, 3";

/* The events of a business's items, ids left out. */
static const char events_sql[] =
	"SELECT f.received_at, e.kind, e.author_id IS NULL, e.text, e.old_value, e.new_value IS NULL, e.created_at"
	" FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id WHERE e.business_id = ?"
	" ORDER BY f.received_at, e.created_at, e.id";

static void bulk(const char *slug, const char *target, char *out, size_t cap)
{
	int st = ctl(out, cap, "demo-surveys --business %s --seed 3 --today " TODAY " --bulk %s", slug, target);
	ck_assert_msg(st == 0, "demo-surveys --bulk: %d: %s", st, out);
}

START_TEST(bulk_mode)
{
	long long biz = business("ds-bulk"), twin = business("ds-twin"), other = business("ds-alone");
	generate("ds-alone", "");   /* the other business has responses and items of its own */
	char *o_answers = dump(answers_sql, other), *o_items = dump(items_sql, other);
	char *o_inv = dump(invitations_sql, other), *o_events = dump(events_sql, other);
	char out[4096];
	bulk("ds-bulk", "--responses 40", out, sizeof(out));

	/* exactly the responses asked for, each with its invitation */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_responses WHERE business_id = ?", biz), 40);
	ck_assert_int_eq(one("SELECT SUM(responses) FROM survey_versions WHERE business_id = ?", biz), 40);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_responses r JOIN survey_invitations i ON i.id = r.invitation_id"
	                     " WHERE r.business_id = ? AND i.business_id = r.business_id AND i.client_id = r.client_id"
	                     " AND i.completed_at = r.completed_at AND i.sent_at < i.opened_at"
	                     " AND i.opened_at = r.started_at AND r.started_at < r.completed_at",
	                     biz),
	                 40);
	/* the numbers the run printed are the rows in the tables */
	long long inv = one("SELECT COUNT(*) FROM survey_invitations WHERE business_id = ?", biz);
	long long answers = one("SELECT COUNT(*) FROM survey_answers WHERE business_id = ?", biz);
	long long items = one("SELECT COUNT(*) FROM feedback WHERE business_id = ?", biz);
	char want[256];
	snprintf(want, sizeof(want), "%lld invitations, 40 responses with %lld answers (%lld with a follow-up)\n", inv,
	         answers, items);
	ck_assert_str_eq(out, want);
	/* more invitations than responses (not all are opened and answered) */
	ck_assert_int_gt(inv, 40);
	/* every invitation tied to a visit or purchase of its client, sent
	 * 1 to 25 hours after it */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_invitations v JOIN interactions i ON i.id = v.interaction_id"
	                     " WHERE v.business_id = ? AND i.business_id = v.business_id AND i.client_id = v.client_id"
	                     " AND i.kind IN ('visit','purchase') AND v.sent_at >= i.occurred_at + INTERVAL 1 HOUR"
	                     " AND v.sent_at <= i.occurred_at + INTERVAL 25 HOUR AND v.sent_at < '" TODAY "'",
	                     biz),
	                 inv);
	/* every answer: a question of its response's version, a value of the
	 * question's type in its range (the options its own) */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
	                     " JOIN survey_questions q ON q.id = a.question_id"
	                     " LEFT JOIN survey_options o ON o.id = a.option_id"
	                     " WHERE a.business_id = ? AND q.version_id = r.version_id AND r.business_id = a.business_id"
	                     " AND CASE q.type"
	                     "  WHEN 'nps' THEN a.num BETWEEN 0 AND 10 AND a.option_id IS NULL AND a.num2 IS NULL"
	                     "  WHEN 'csat' THEN a.num BETWEEN 1 AND 5 AND a.option_id IS NULL AND a.num2 IS NULL"
	                     "  WHEN 'ces' THEN a.num BETWEEN q.scale_min AND q.scale_max AND a.option_id IS NULL"
	                     "  WHEN 'scale' THEN a.num BETWEEN q.scale_min AND q.scale_max AND a.option_id IS NULL"
	                     "  WHEN 'csi' THEN o.question_id = q.id AND a.num BETWEEN q.scale_min AND q.scale_max"
	                     "   AND a.num2 BETWEEN q.scale_min AND q.scale_max"
	                     "  WHEN 'single' THEN o.question_id = q.id AND a.num IS NULL"
	                     "  WHEN 'multiple' THEN o.question_id = q.id AND a.num IS NULL"
	                     "  ELSE a.text IS NOT NULL AND a.text <> '' AND a.num IS NULL AND a.option_id IS NULL END",
	                     biz),
	                 answers);
	/* one answer per response to a one-answer question, and every
	 * response answers NPS, CSAT and CES (required) */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM (SELECT a.response_id, a.question_id FROM survey_answers a"
	                     " JOIN survey_questions q ON q.id = a.question_id WHERE a.business_id = ?"
	                     " AND q.type IN ('nps','csat','ces','scale','single','text','name','email')"
	                     " GROUP BY 1, 2 HAVING COUNT(*) > 1) x",
	                     biz),
	                 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id"
	                     " WHERE a.business_id = ? AND q.type IN ('nps','csat','ces')",
	                     biz),
	                 3 * 40);
	/* the required questions without a condition are answered in every response */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM survey_responses r JOIN survey_questions q ON q.version_id = r.version_id"
	                     " WHERE r.business_id = ? AND q.required = 1 AND q.cond_code IS NULL AND NOT EXISTS"
	                     " (SELECT 1 FROM survey_answers a WHERE a.response_id = r.id AND a.question_id = q.id)",
	                     biz),
	                 0);
	/* exactly the low responses (the defaults: NPS <= 6, CSAT <= 2, CES
	 * within 2 of its low end) have their follow-up, received when the
	 * response was completed */
	long long low = one("SELECT COUNT(DISTINCT r.id) FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id"
	                    " JOIN survey_questions q ON q.id = a.question_id WHERE r.business_id = ? AND"
	                    " ((q.type = 'nps' AND a.num <= 6) OR (q.type = 'csat' AND a.num <= 2)"
	                    " OR (q.type = 'ces' AND a.num <= q.scale_min + 1))",
	                    biz);
	ck_assert_int_gt(low, 0);
	ck_assert_int_eq(items, low);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback f JOIN survey_responses r ON r.id = f.response_id"
	                     " WHERE f.business_id = ? AND f.channel = 'survey' AND f.received_at = r.completed_at"
	                     " AND f.client_id = r.client_id AND f.sla_due_at = f.received_at + INTERVAL 24 HOUR"
	                     " AND f.text LIKE CONCAT('%', r.id, ':%')",
	                     biz),
	                 low);
	/* the workflow's times in order, FCR as the pages count it */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback WHERE business_id = ? AND (first_response_at < received_at"
	                     " OR resolved_at < first_response_at OR (status = 'resolved') <> (resolved_at IS NOT NULL)"
	                     " OR (status IN ('answered','resolved')) <> (first_response_at IS NOT NULL)"
	                     " OR fcr <> (status = 'resolved' AND replies <= 1 AND reopened = 0)"
	                     " OR received_at >= '" TODAY "' OR updated_at < received_at)",
	                     biz),
	                 0);
	/* the events: created; assigned; one status change to rejected or in
	 * progress, or a reply with its change to answered (and resolved,
	 * and a reopening's four more) */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback_events WHERE business_id = ?", biz),
	                 one("SELECT SUM(1 + (assignee_id IS NOT NULL) + CASE status WHEN 'new' THEN 0"
	                     " WHEN 'rejected' THEN 1 WHEN 'in_progress' THEN 1 WHEN 'answered' THEN 2"
	                     " ELSE 3 + 4 * reopened END) FROM feedback WHERE business_id = ?",
	                     biz));
	ck_assert_int_eq(one("SELECT COUNT(*) FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id"
	                     " WHERE e.business_id = ? AND (e.created_at < f.received_at OR e.created_at > f.updated_at)",
	                     biz),
	                 0);
	/* the results' rollup counts the answers */
	ck_assert_int_eq(one("SELECT SUM(answers) FROM survey_answer_days WHERE business_id = ?", biz), answers);

	/* the same seed gives the same data */
	bulk("ds-twin", "--responses 40", out, sizeof(out));
	same_text(dump(answers_sql, biz), dump(answers_sql, twin));
	same_text(dump(items_sql, biz), dump(items_sql, twin));
	same_text(dump(invitations_sql, biz), dump(invitations_sql, twin));
	same_text(dump(events_sql, biz), dump(events_sql, twin));

	/* an answer target (a run on its own: the twin's data goes first):
	 * the run stops at the response that reaches it */
	ck_assert_int_eq(cxm_db_exec(db, "DELETE FROM feedback WHERE business_id = ?", CXM_PARAMS(CXM_PINT(twin)), NULL,
	                             NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "DELETE FROM survey_responses WHERE business_id = ?",
	                             CXM_PARAMS(CXM_PINT(twin)), NULL, NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "DELETE FROM survey_invitations WHERE business_id = ?",
	                             CXM_PARAMS(CXM_PINT(twin)), NULL, NULL),
	                 CXM_OK);
	bulk("ds-twin", "--answers 300", out, sizeof(out));
	long long added = one("SELECT COUNT(*) FROM survey_answers WHERE business_id = ?", twin);
	long long most = one("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM survey_answers WHERE business_id = ?"
	                     " GROUP BY response_id) x",
	                     twin);
	ck_assert_int_ge(added, 300);
	ck_assert_int_lt(added - most, 300);

	/* nothing of the other business changed */
	same_text(dump(answers_sql, other), o_answers);
	same_text(dump(items_sql, other), o_items);
	same_text(dump(invitations_sql, other), o_inv);
	same_text(dump(events_sql, other), o_events);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("demo_surveys");
	TCase *tc = tcase_create("demo_surveys");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, same_seed_same_data);
	tcase_add_test(tc, responses_keep_the_questionnaire);
	tcase_add_test(tc, low_scores_have_follow_ups);
	tcase_add_test(tc, bulk_mode);
	suite_add_tcase(s, tc);
	cxm_log_open("test_demo_surveys", CXM_LOG_STDERR, CXM_LOG_WARN);
	th_mysql_socket();
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
