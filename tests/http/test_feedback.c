/* The feedback register's pages over the whole serving path (HTTP client
 * -> nginx -> cxm-fcgi -> MariaDB), as docs/feedback.md describes them:
 * the inbox (overdue first, every filter, keyset pages), an item's
 * workflow with CSRF, replies in the client's history and the outbox, the
 * times shown, manual entry with the reasons next to the fields and
 * nothing stored, the public form (errors, the signed key, the trap field,
 * throttling, the match to a client, never another business), the counts
 * and shares of document 003 on a fixed data set, the admin lists, and
 * that business A never reads or changes business B's items.
 *
 * Conventions of tests/http/test_clients.c: the stack is started once in
 * main; every test makes its own business, users and sessions directly in
 * the database; requests send "Accept-Language: en", so the texts
 * asserted are the English msgids. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "web.h"

static struct th_stack stack;

#define PER_PAGE 50

/* English texts (msgids) the tests expect. */
#define MSG_CHECK "Check the highlighted fields."
#define MSG_PUBLIC_CHECK "Please check the highlighted fields."
#define MSG_EMAIL "Enter a valid e-mail address, e.g. anna@example.com."
#define MSG_CONTACT "Enter an e-mail address or a phone number, so that we can answer."
#define MSG_NAME "Enter the name."
#define MSG_TEXT "Write what happened."
#define MSG_RATING "Choose a rating from 1 to 5."
#define MSG_NO_CLIENT "No such client in this business."
#define MSG_REPLY "Write the reply."
#define MSG_NOT_ALLOWED "This change of status is not allowed now; the item was not changed."
#define MSG_QUICK "That was very quick. Please check the form and send it again."
#define MSG_EXPIRED "The form has expired. Please send it again."
#define MSG_LIST_TAKEN "This name is already in the list."

/* ---- database access (per test process) -------------------------------- */

static void setup(void)
{
	tw_open(&stack);
}

static void teardown(void)
{
	tw_close();
}

/* Everything of the feedback register of a business (and its clients'
 * history, outbox and audit log), for "nothing changed" comparisons. */
static char *base_dump(long long biz)
{
	static const char *const queries[] = {
		"SELECT * FROM feedback WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_events WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_departments WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_defects WHERE business_id = ? ORDER BY id",
		"SELECT * FROM interactions WHERE business_id = ? ORDER BY id",
		"SELECT * FROM clients WHERE business_id = ? ORDER BY id",
		"SELECT * FROM outbox WHERE business_id = ? ORDER BY id",
		"SELECT * FROM audit_log WHERE business_id = ? ORDER BY id",
	};
	return tw_dump(queries, sizeof(queries) / sizeof(queries[0]), CXM_PARAMS(CXM_PINT(biz)));
}

static void assert_unchanged(const char *before, long long biz, const char *what)
{
	char *after = base_dump(biz);
	tw_assert_same_dump(before, after, what);
	free(after);
}

/* ---- accounts made directly in the database ------------------------------ */

/* ---- HTTP ------------------------------------------------------------------ */


/* ---- feedback made directly in the database ------------------------------ */

/* An item of business biz received `hours` hours ago (SLA 24 h), with the
 * given status; answered: first_response_at one hour after receipt. */
static long long insert_item(long long biz, long long client, const char *channel, const char *type,
                             const char *status, int hours, int answered, long long assignee, long long dept)
{
	return tw_sql_insert(
		"INSERT INTO feedback (business_id, client_id, channel, type, status, text, assignee_id, department_id,"
		" received_at, sla_due_at, first_response_at)"
		" VALUES (?, ?, ?, ?, ?, 'Inserted item', ?, ?, UTC_TIMESTAMP(6) - INTERVAL ? HOUR,"
		" UTC_TIMESTAMP(6) - INTERVAL ? HOUR + INTERVAL 24 HOUR,"
		" IF(?, UTC_TIMESTAMP(6) - INTERVAL ? HOUR + INTERVAL 1 HOUR, NULL))",
		CXM_PARAMS(CXM_PINT(biz), client ? CXM_PINT(client) : CXM_PNULL, CXM_PSTR(channel), CXM_PSTR(type),
		           CXM_PSTR(status), assignee ? CXM_PINT(assignee) : CXM_PNULL, dept ? CXM_PINT(dept) : CXM_PNULL,
		           CXM_PINT(hours), CXM_PINT(hours), CXM_PINT(answered), CXM_PINT(hours)));
}

static long long insert_client(long long biz, const char *name, const char *email)
{
	return tw_sql_insert("INSERT INTO clients (business_id, name, email, first_seen, last_seen_at)"
	                     " VALUES (?, ?, ?, '2026-01-10', '2026-01-10')",
	                     CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(name), email ? CXM_PSTR(email) : CXM_PNULL));
}

/* The inbox rows at path, as "1,2,3". */
static char *listed(const struct tw_client *c, const char *path)
{
	struct th_response r;
	tw_get(c, path, &r);
	tw_assert_status(&r, 200);
	long long ids[PER_PAGE + 1];
	size_t n = tw_page_ids(r.body, 0, ids, PER_PAGE + 1);
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	for (size_t i = 0; i < n; i++)
		tw_text_printf(&t, "%s%lld", i ? "," : "", ids[i]);
	th_response_free(&r);
	return t.s;
}

static void assert_listed_at(const struct tw_client *c, const char *path, const char *want, int line)
{
	char *got = listed(c, path);
	ck_assert_msg(strcmp(got, want) == 0, "line %d: GET %s lists %s, expected %s", line, path, got, want);
	free(got);
}
#define assert_listed(c, path, want) assert_listed_at(c, path, want, __LINE__)

static const char *ids(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A formatted string in one of 8 static buffers used in turn, so that a
 * call may take several. */
static const char *ids(const char *fmt, ...)
{
	static char bufs[8][4096];
	static int next;
	char *buf = bufs[next++ % 8];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return buf;
}

static long long count_of(const char *sql, long long biz)
{
	return tw_sql_int(sql, CXM_PARAMS(CXM_PINT(biz)), -1);
}

/* ==== the inbox ============================================================ */

/* Overdue items (awaiting a first reply past their SLA) come first, the
 * longest overdue on top, highlighted; then the rest newest first. Every
 * filter narrows exactly. */
START_TEST(inbox_order_and_filters)
{
	long long biz = tw_make_business("inbox-co", "UTC", "BYN");
	struct tw_client m, other;
	tw_make_member(&m, biz, "m@inbox.example", "manager");
	tw_make_member(&other, biz, "o@inbox.example", "manager");
	long long cl = insert_client(biz, "Zoya", "zoya@example.com");
	long long dept = tw_sql_insert("INSERT INTO feedback_departments (business_id, name) VALUES (?, 'Sales')",
	                               CXM_PARAMS(CXM_PINT(biz)));
	/* received 48 h ago (due 24 h ago) and 30 h ago (due 6 h ago): overdue */
	long long od48 = insert_item(biz, 0, "hotline", "product_quality", "new", 48, 0, 0, 0);
	long long od30 = insert_item(biz, cl, "email", "service_quality", "in_progress", 30, 0, m.user_id, dept);
	/* not overdue: 1 h and 2 h old; answered within the SLA 40 h ago;
	 * resolved 50 h ago */
	long long n1 = insert_item(biz, cl, "email", "other", "new", 1, 0, 0, 0);
	long long n2 = insert_item(biz, 0, "web_form", "other", "new", 2, 0, other.user_id, 0);
	long long a40 = insert_item(biz, 0, "hotline", "paperwork", "answered", 40, 1, m.user_id, dept);
	long long r50 = insert_item(biz, 0, "shop", "product_quality", "resolved", 50, 1, 0, 0);
	/* rejected 60 h ago without a reply: closed, so never overdue */
	long long x60 = insert_item(biz, 0, "post", "other", "rejected", 60, 0, 0, 0);

	assert_listed(&m, "/feedback",
	              ids("%lld,%lld,%lld,%lld,%lld,%lld,%lld", od48, od30, n1, n2, a40, r50, x60));
	struct th_response r;
	tw_get(&m, "/feedback", &r);
	tw_assert_has(&r, ids("<tr data-id=\"%lld\" class=\"overdue\">", od48));
	tw_assert_has(&r, ids("<tr data-id=\"%lld\" class=\"overdue\">", od30));
	tw_assert_has(&r, ids("<tr data-id=\"%lld\">", n1));
	tw_assert_has(&r, ids("<tr data-id=\"%lld\">", x60));
	th_response_free(&r);

	assert_listed(&m, "/feedback?overdue=1", ids("%lld,%lld", od48, od30));
	assert_listed(&m, "/feedback?status=open", ids("%lld,%lld,%lld,%lld,%lld", od48, od30, n1, n2, a40));
	assert_listed(&m, "/feedback?status=resolved", ids("%lld", r50));
	assert_listed(&m, "/feedback?channel=email", ids("%lld,%lld", od30, n1));
	assert_listed(&m, "/feedback?type=product_quality", ids("%lld,%lld", od48, r50));
	assert_listed(&m, ids("/feedback?department=%lld", dept), ids("%lld,%lld", od30, a40));
	assert_listed(&m, "/feedback?assignee=mine", ids("%lld,%lld", od30, a40));
	assert_listed(&other, "/feedback?assignee=mine", ids("%lld", n2));
	assert_listed(&m, ids("/feedback?assignee=%lld", other.user_id), ids("%lld", n2));
	assert_listed(&m, "/feedback?assignee=none", ids("%lld,%lld,%lld,%lld", od48, n1, r50, x60));
	assert_listed(&m, ids("/feedback?client=%lld", cl), ids("%lld,%lld", od30, n1));
	assert_listed(&m, ids("/feedback?channel=email&assignee=mine&overdue=1"), ids("%lld", od30));
	/* a value outside the lists is a 400, not a silent "everything" */
	tw_get(&m, "/feedback?channel=fax", &r);
	tw_assert_status(&r, 400);
	th_response_free(&r);
	tw_get(&m, "/feedback?assignee=someone", &r);
	tw_assert_status(&r, 400);
	th_response_free(&r);
}
END_TEST

/* 130 items: 30 overdue and 100 others, walked with "Next": 50 per page,
 * each item exactly once, overdue block first (by due time), the rest
 * newest first, filters kept in the links. */
START_TEST(inbox_pages)
{
	long long biz = tw_make_business("pages-co", "UTC", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "m@pages.example", "manager");
	long long want[130];
	size_t n = 0;
	/* overdue: received 100..71 h ago -> listed oldest first */
	for (int h = 100; h > 70; h--)
		want[n++] = insert_item(biz, 0, "hotline", "other", "new", h, 0, 0, 0);
	/* others: answered, received 1..100 h ago -> newest first */
	for (int h = 1; h <= 100; h++)
		want[n++] = insert_item(biz, 0, "hotline", "other", "answered", h, 1, 0, 0);
	char *path = strdup("/feedback?channel=hotline");
	size_t seen = 0;
	int pages = 0;
	while (path) {
		struct th_response r;
		tw_get(&m, path, &r);
		tw_assert_status(&r, 200);
		long long got[PER_PAGE + 1];
		size_t k = tw_page_ids(r.body, 0, got, PER_PAGE + 1);
		ck_assert_uint_le(k, PER_PAGE);
		for (size_t i = 0; i < k; i++, seen++) {
			ck_assert_uint_lt(seen, 130);
			ck_assert_msg(got[i] == want[seen], "row %zu: %lld, expected %lld", seen, got[i], want[seen]);
		}
		free(path);
		path = tw_rel_link(r.body, "next");
		if (path)
			ck_assert_msg(strstr(path, "channel=hotline") != NULL, "filter lost: %s", path);
		pages++;
		th_response_free(&r);
	}
	ck_assert_uint_eq(seen, 130);
	ck_assert_int_eq(pages, 3);   /* 50 + 50 + 30 */
}
END_TEST

/* ==== the item's workflow ================================================== */

START_TEST(item_workflow)
{
	long long biz = tw_make_business("flow-co", "Europe/Minsk", "BYN");
	struct tw_client m, an;
	tw_make_member(&m, biz, "m@flow.example", "manager");
	tw_make_member(&an, biz, "a@flow.example", "analyst");
	long long cl = insert_client(biz, "Olga", "olga@example.com");
	/* entered by hand for a call: the item, its event, the client's history */
	struct th_response r;
	tw_post(&m, "/feedback/new",
	        tw_fields("client", ids("%lld", cl), "channel", "hotline", "type", "product_quality", "priority", "high",
	                  "rating", "2", "received_at", "2026-03-02T12:00", "text", "The table wobbles.", NULL),
	     &r);
	tw_assert_status(&r, 303);
	char *loc = th_header(&r, "Location");
	long long id = strtoll(loc + strlen("/feedback/"), NULL, 10);
	ck_assert_str_eq(loc, ids("/feedback/%lld?done=created", id));
	free(loc);
	th_response_free(&r);
	/* 12:00 in Minsk (UTC+3) is 09:00 UTC; due 24 h later */
	tw_assert_rows("SELECT client_id = ?, channel, type, priority, rating, status, received_at, sla_due_at, created_by = ?"
	               " FROM feedback WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(cl), CXM_PINT(m.user_id), CXM_PINT(id)),
	               "1|hotline|product_quality|high|2|new|2026-03-02 09:00:00.000000|2026-03-03 09:00:00.000000|1\n");
	tw_assert_rows("SELECT kind, channel, ref_id = ? FROM interactions WHERE client_id = ? ORDER BY id",
	               CXM_PARAMS(CXM_PINT(id), CXM_PINT(cl)), "complaint|hotline|1\n");

	char *item = strdup(ids("/feedback/%lld", id));
	tw_get(&m, item, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "The table wobbles.");
	tw_assert_has(&r, ids("<a href=\"/clients/%lld\">Olga</a>", cl));
	tw_assert_has(&r, "<tr data-field=\"received\"><th scope=\"row\">Received</th><td>2026-03-02 12:00</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"sla_due\"><th scope=\"row\">Reply due (SLA)</th><td>2026-03-03 12:00</td></tr>");
	/* received long ago, never answered: overdue */
	tw_assert_has(&r, "<strong class=\"overdue-mark\">overdue</strong>");
	th_response_free(&r);

	/* a POST without the CSRF token is refused and changes nothing */
	char *before = base_dump(biz);
	tw_http("POST", ids("%s/status", item), m.cookie, "status=in_progress", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_unchanged(before, biz, "a POST without CSRF");
	/* an analyst may read but not work it */
	tw_get(&an, item, &r);
	tw_assert_status(&r, 200);
	tw_assert_lacks(&r, "/status\"");
	th_response_free(&r);
	tw_post(&an, ids("%s/status", item), tw_fields("status", "in_progress", NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	/* an empty reply: the reason next to the field, nothing stored */
	tw_post(&m, ids("%s/reply", item), tw_fields("text", "", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "text", MSG_REPLY);
	th_response_free(&r);
	/* a move the workflow refuses (new -> resolved) */
	tw_post(&m, ids("%s/status", item), tw_fields("status", "resolved", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_NOT_ALLOWED);
	th_response_free(&r);
	assert_unchanged(before, biz, "refused changes");
	free(before);

	tw_post(&m, ids("%s/status", item), tw_fields("status", "in_progress", NULL), &r);
	tw_assert_redirect(&r, ids("%s?done=status", item));
	th_response_free(&r);
	tw_post(&m, ids("%s/comment", item), tw_fields("text", "Asked the warehouse.", NULL), &r);
	tw_assert_redirect(&r, ids("%s?done=commented", item));
	th_response_free(&r);
	tw_post(&m, ids("%s/assign", item), tw_fields("assignee", ids("%lld", m.user_id), NULL), &r);
	tw_assert_redirect(&r, ids("%s?done=assigned", item));
	th_response_free(&r);
	/* an analyst cannot be assigned */
	tw_post(&m, ids("%s/assign", item), tw_fields("assignee", ids("%lld", an.user_id), NULL), &r);
	tw_assert_status(&r, 200);
	th_response_free(&r);
	/* the reply: in the client's history, and in the outbox to the client's e-mail */
	tw_post(&m, ids("%s/reply", item), tw_fields("text", "A new table leg is on its way.", NULL), &r);
	tw_assert_redirect(&r, ids("%s?done=mailed", item));
	th_response_free(&r);
	tw_assert_rows("SELECT kind, text, ref_id = ?, created_by = ? FROM interactions WHERE client_id = ? ORDER BY id",
	               CXM_PARAMS(CXM_PINT(id), CXM_PINT(m.user_id), CXM_PINT(cl)),
	               "complaint|The table wobbles.|1|1\nmessage|A new table leg is on its way.|1|1\n");
	tw_assert_rows("SELECT recipient, subject, body FROM outbox WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)),
	               "olga@example.com|flow-co: a reply to your feedback|A new table leg is on its way.\n");
	tw_post(&m, ids("%s/status", item), tw_fields("status", "resolved", NULL), &r);
	tw_assert_redirect(&r, ids("%s?done=status", item));
	th_response_free(&r);
	tw_assert_rows("SELECT status, replies, fcr, assignee_id = ?, first_response_at IS NOT NULL,"
	               " resolved_at IS NOT NULL FROM feedback WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(m.user_id), CXM_PINT(id)), "resolved|1|1|1|1|1\n");
	tw_assert_rows("SELECT kind, old_value, new_value FROM feedback_events WHERE feedback_id = ? ORDER BY id",
	               CXM_PARAMS(CXM_PINT(id)),
	               ids("created|\\N|new\nstatus|new|in_progress\ncomment|\\N|\\N\nassign||%lld\nreply|\\N|\\N\n"
	                "status|in_progress|answered\nstatus|answered|resolved\n",
	                m.user_id));
	tw_get(&m, ids("%s?done=status", item), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "ok", "The status has been changed.");
	tw_assert_has(&r, "<tr data-field=\"fcr\"><th scope=\"row\">Resolved at first contact</th><td>Yes</td></tr>");
	tw_assert_has(&r, "Asked the warehouse.");
	/* only "Reopen" is offered now, and no reply form */
	tw_assert_has(&r, "<input type=\"hidden\" name=\"status\" value=\"in_progress\">");
	tw_assert_lacks(&r, "/reject\"");
	tw_assert_lacks(&r, "/reply\"");
	th_response_free(&r);
	/* rejecting is final, so it goes through a confirmation page */
	long long spam = insert_item(biz, 0, "web_form", "other", "new", 1, 0, 0, 0);
	tw_get(&m, ids("/feedback/%lld", spam), &r);
	tw_assert_has(&r, ids("href=\"/feedback/%lld/reject\"", spam));
	th_response_free(&r);
	tw_get(&m, ids("/feedback/%lld/reject", spam), &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, ids("<form class=\"form-stack\" method=\"post\" action=\"/feedback/%lld/reject\">", spam));
	th_response_free(&r);
	tw_assert_rows("SELECT status FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(spam)), "new\n");
	tw_post(&m, ids("/feedback/%lld/status", spam), tw_fields("status", "rejected", NULL), &r);
	tw_assert_status(&r, 400);
	th_response_free(&r);
	tw_post(&m, ids("/feedback/%lld/reject", spam), tw_fields(NULL), &r);
	tw_assert_redirect(&r, ids("/feedback/%lld?done=status", spam));
	th_response_free(&r);
	tw_assert_rows("SELECT status FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(spam)), "rejected\n");
	tw_post(&m, ids("/feedback/%lld/reject", spam), tw_fields(NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_NOT_ALLOWED);
	th_response_free(&r);
	/* the client's page lists the item */
	tw_get(&m, ids("/clients/%lld", cl), &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, ids("<li data-feedback=\"%lld\"><a href=\"/feedback/%lld\">#%lld</a>", id, id, id));
	th_response_free(&r);
	free(item);
}
END_TEST

/* The first response and resolution times shown on the page, computed on
 * fixed timestamps: received 2026-03-02 09:00 UTC, first reply 15:30 (6 h
 * 30 min), resolved 2026-03-04 10:15 (2 d 1 h 15 min). */
START_TEST(item_times)
{
	long long biz = tw_make_business("times-co", "UTC", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "m@times.example", "manager");
	long long id = tw_sql_insert(
		"INSERT INTO feedback (business_id, channel, type, status, text, contact_name, received_at, sla_due_at,"
		" first_response_at, resolved_at, replies, fcr) VALUES (?, 'email', 'other', 'resolved', 'x', 'Ivan',"
		" '2026-03-02 09:00:00', '2026-03-03 09:00:00', '2026-03-02 15:30:00', '2026-03-04 10:15:00', 2, 0)",
		CXM_PARAMS(CXM_PINT(biz)));
	struct th_response r;
	tw_get(&m, ids("/feedback/%lld", id), &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<td>2026-03-02 15:30 (6 h 30 min)</td>");
	tw_assert_has(&r, "<td>2026-03-04 10:15 (2 d 1 h 15 min)</td>");
	tw_assert_has(&r, "<tr data-field=\"sla\"><th scope=\"row\">SLA</th><td>Met</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"fcr\"><th scope=\"row\">Resolved at first contact</th><td>No</td></tr>");
	th_response_free(&r);
	/* first reply 25 h after receipt: breached */
	tw_sql_exec("UPDATE feedback SET first_response_at = '2026-03-03 10:00:00' WHERE id = ?", CXM_PARAMS(CXM_PINT(id)));
	tw_get(&m, ids("/feedback/%lld", id), &r);
	tw_assert_has(&r, "<td>2026-03-03 10:00 (1 d 1 h)</td>");
	tw_assert_has(&r, "<td>Breached: the first reply came late</td>");
	th_response_free(&r);
}
END_TEST

/* ==== manual entry ========================================================== */

START_TEST(manual_entry_errors)
{
	long long biz = tw_make_business("entry-co", "UTC", "BYN");
	long long biz_b = tw_make_business("entry-b", "UTC", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "m@entry.example", "manager");
	long long theirs = insert_client(biz_b, "Theirs", "t@example.com");
	struct th_response r;
	/* the lists are seeded the first time the form is shown */
	tw_get(&m, "/feedback/new", &r);
	tw_assert_status(&r, 200);
	th_response_free(&r);
	char *before = base_dump(biz);
	char *before_b = base_dump(biz_b);
	/* no client, no contact, no text, a rating of 7, a bad e-mail */
	tw_post(&m, "/feedback/new",
	        tw_fields("client", "", "contact_name", "", "contact_email", "", "channel", "shop", "rating", "7", "text", "",
	                  NULL),
	     &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_CHECK);
	tw_assert_field_error(&r, "contact_name", MSG_NAME);
	tw_assert_field_error(&r, "contact_email", MSG_CONTACT);
	tw_assert_field_error(&r, "rating", MSG_RATING);
	tw_assert_field_error(&r, "text", MSG_TEXT);
	th_response_free(&r);
	tw_post(&m, "/feedback/new",
	        tw_fields("contact_name", "Pyotr", "contact_email", "not-an-address", "channel", "fax", "text", "Hello", NULL),
	        &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "contact_email", MSG_EMAIL);
	tw_assert_field_error(&r, "channel", "Choose one of the listed values.");
	tw_assert_input(&r, "contact_name", "Pyotr");
	tw_assert_field_error(&r, "contact_name", NULL);
	th_response_free(&r);
	/* another business's client is not a client here */
	tw_post(&m, "/feedback/new", tw_fields("client", ids("%lld", theirs), "channel", "hotline", "text", "Hi", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "client", MSG_NO_CLIENT);
	th_response_free(&r);
	assert_unchanged(before, biz, "refused entries");
	assert_unchanged(before_b, biz_b, "refused entries (business B)");
	free(before);
	free(before_b);
	/* a contact alone is enough; the e-mail is stored lower-cased */
	tw_post(&m, "/feedback/new",
	        tw_fields("contact_name", "Pyotr", "contact_email", "Pyotr@Example.COM", "channel", "shop", "text",
	                  "Rude staff at the shop.", NULL),
	     &r);
	tw_assert_status(&r, 303);
	th_response_free(&r);
	tw_assert_rows("SELECT client_id, channel, contact_name, contact_email, text FROM feedback WHERE business_id = ?",
	               CXM_PARAMS(CXM_PINT(biz)), "\\N|shop|Pyotr|pyotr@example.com|Rude staff at the shop.\n");
	/* the client search finds by name prefix and by e-mail */
	long long kira = insert_client(biz, "Kira Lebedeva", "kira@example.com");
	tw_get(&m, "/feedback/new?q=Kir", &r);
	tw_assert_has(&r, ids("<li data-id=\"%lld\"><a href=\"/feedback/new?client=%lld\">Kira Lebedeva</a>", kira, kira));
	th_response_free(&r);
	tw_get(&m, "/feedback/new?q=KIRA%40example.com", &r);
	tw_assert_has(&r, ids("<li data-id=\"%lld\">", kira));
	th_response_free(&r);
	tw_get(&m, "/feedback/new?q=Theirs", &r);
	tw_assert_lacks(&r, ids("<li data-id=\"%lld\">", theirs));
	th_response_free(&r);
}
END_TEST

/* ==== the public form ======================================================= */

/* A visitor's browser: its CSRF cookie and the form's csrf and key. */
struct visitor {
	char cookie[128];
	char *csrf, *key;
};

static void visit_form(struct visitor *v, const char *path)
{
	struct th_response r;
	tw_http("GET", path, NULL, NULL, &r);
	tw_assert_status(&r, 200);
	/* the public's page: no CXM navigation, no sign-in button */
	tw_assert_lacks(&r, "class=\"main-nav\"");
	tw_assert_lacks(&r, "/login\"");
	char *set = th_header(&r, "Set-Cookie");
	ck_assert_ptr_nonnull(set);
	snprintf(v->cookie, sizeof(v->cookie), "%.*s", (int)strcspn(set, ";"), set);
	free(set);
	v->csrf = tw_input_value(r.body, "csrf");
	v->key = tw_input_value(r.body, "key");
	ck_assert_ptr_nonnull(v->csrf);
	ck_assert_ptr_nonnull(v->key);
	th_response_free(&r);
}

static void visitor_post(const struct visitor *v, const char *path, struct tw_text f, const char *key,
                         struct th_response *r)
{
	tw_form_add(&f, "csrf", v->csrf);
	tw_form_add(&f, "key", key ? key : v->key);
	tw_http("POST", path, v->cookie, f.s, r);
	free(f.s);
}

START_TEST(public_form)
{
	long long biz = tw_make_business("shop-a", "UTC", "BYN");
	long long biz_b = tw_make_business("shop-b", "UTC", "BYN");
	long long cl = insert_client(biz, "Nina", "nina@example.com");
	insert_client(biz_b, "Nina elsewhere", "nina@example.com");
	struct th_response r;
	tw_http("GET", "/b/no-such-shop/feedback", NULL, NULL, &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	struct visitor v, vb;
	visit_form(&v, "/b/shop-a/feedback");
	visit_form(&vb, "/b/shop-b/feedback");
	char *before = base_dump(biz), *before_b = base_dump(biz_b);
	/* too quick after the form was handed out */
	visitor_post(&v, "/b/shop-a/feedback", tw_fields("name", "Nina", "email", "nina@example.com", "text", "Hi", NULL),
	             NULL, &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_QUICK);
	th_response_free(&r);
	sleep(3);
	/* bad input: reasons next to the fields, nothing stored */
	visitor_post(&v, "/b/shop-a/feedback", tw_fields("name", "", "email", "", "phone", "", "rating", "9", "text", "",
	                                                 NULL),
	             NULL, &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_PUBLIC_CHECK);
	tw_assert_field_error(&r, "name", MSG_NAME);
	tw_assert_field_error(&r, "email", MSG_CONTACT);
	tw_assert_field_error(&r, "rating", MSG_RATING);
	tw_assert_field_error(&r, "text", MSG_TEXT);
	th_response_free(&r);
	visitor_post(&v, "/b/shop-a/feedback", tw_fields("name", "Nina", "email", "nina@", "text", "Hi", NULL), NULL, &r);
	tw_assert_field_error(&r, "email", MSG_EMAIL);
	tw_assert_input(&r, "name", "Nina");
	th_response_free(&r);
	/* no CSRF token: 403 */
	tw_http("POST", "/b/shop-a/feedback", v.cookie, "name=N&email=n%40example.com&text=x", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	/* business B's key on A's form: refused */
	visitor_post(&v, "/b/shop-a/feedback", tw_fields("name", "Nina", "email", "nina@example.com", "text", "Hi", NULL),
	             vb.key, &r);
	tw_assert_notice(&r, "error", MSG_EXPIRED);
	th_response_free(&r);
	/* the hidden field filled in (a robot): thanked, dropped */
	visitor_post(&v, "/b/shop-a/feedback",
	             tw_fields("name", "Bot", "email", "bot@example.com", "text", "Buy now", "website", "http://spam", NULL),
	             NULL, &r);
	tw_assert_redirect(&r, "/b/shop-a/feedback/thanks");
	th_response_free(&r);
	assert_unchanged(before, biz, "refused public posts");
	assert_unchanged(before_b, biz_b, "refused public posts (business B)");
	free(before);
	free(before_b);

	/* a good one: an item of A only, web_form, matched to A's client Nina by
	 * her e-mail in any case, then the thank-you page */
	visitor_post(&v, "/b/shop-a/feedback",
	             tw_fields("name", "Nina", "email", "NINA@example.com", "phone", "", "rating", "4", "text",
	                       "Lovely sofa, slow delivery.", NULL),
	             NULL, &r);
	tw_assert_redirect(&r, "/b/shop-a/feedback/thanks");
	th_response_free(&r);
	tw_assert_rows("SELECT client_id = ?, channel, type, status, rating, contact_name, contact_email, remote_addr, text"
	               " FROM feedback WHERE business_id = ?",
	               CXM_PARAMS(CXM_PINT(cl), CXM_PINT(biz)),
	               "1|web_form|other|new|4|Nina|nina@example.com|127.0.0.1|Lovely sofa, slow delivery.\n");
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM feedback WHERE business_id = ?", biz_b), 0);
	tw_http("GET", "/b/shop-a/feedback/thanks", v.cookie, NULL, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "Thank you!");
	th_response_free(&r);
	/* no client with that e-mail: an item with the contact alone */
	visitor_post(&v, "/b/shop-a/feedback", tw_fields("name", "Stranger", "phone", "+375 29 111-22-33", "text", "Hello",
	                                                 NULL),
	             NULL, &r);
	tw_assert_status(&r, 303);
	th_response_free(&r);
	tw_assert_rows("SELECT client_id, contact_phone FROM feedback WHERE business_id = ? AND contact_name = 'Stranger'",
	               CXM_PARAMS(CXM_PINT(biz)), "\\N|+375291112233\n");
	free(v.csrf);
	free(v.key);
	free(vb.csrf);
	free(vb.key);
}
END_TEST

/* At most 10 items an hour come from one address. */
START_TEST(public_throttle)
{
	long long biz = tw_make_business("busy-shop", "UTC", "BYN");
	struct visitor v;
	visit_form(&v, "/b/busy-shop/feedback");
	for (int i = 0; i < 10; i++)
		insert_item(biz, 0, "web_form", "other", "new", 0, 0, 0, 0);
	tw_sql_exec("UPDATE feedback SET remote_addr = '127.0.0.1' WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	sleep(3);
	struct th_response r;
	visitor_post(&v, "/b/busy-shop/feedback", tw_fields("name", "N", "email", "n@example.com", "text", "x", NULL), NULL,
	             &r);
	tw_assert_status(&r, 429);
	th_response_free(&r);
	ck_assert_int_eq(count_of("SELECT COUNT(*) FROM feedback WHERE business_id = ?", biz), 10);
	/* forget them so that other tests' posts are not throttled */
	tw_sql_exec("UPDATE feedback SET remote_addr = NULL WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));
	free(v.csrf);
	free(v.key);
}
END_TEST

/* ==== counts and shares ===================================================== */

/* 200 items in March 2026 in the proportions of document 003 (hotline 54 =
 * 27 %, survey 36 = 18 %, internet reviews 26 = 13 %, e-mail 24 = 12 %, web
 * form 20 = 10 %, social networks 20 = 10 %, messengers 14 = 7 %, shop 5 =
 * 2.5 %, post 1 = 0.5 %), plus one in April and one of another business
 * that must not count. */
START_TEST(counts_exact)
{
	long long biz = tw_make_business("counts-co", "UTC", "BYN");
	long long biz_b = tw_make_business("counts-b", "UTC", "BYN");
	struct tw_client an;
	tw_make_member(&an, biz, "a@counts.example", "analyst");
	static const struct {
		const char *channel;
		int n;
	} mix[] = {
		{"hotline", 54}, {"survey", 36}, {"internet_review", 26}, {"email", 24}, {"web_form", 20},
		{"social", 20},  {"messenger", 14}, {"shop", 5},         {"post", 1},
	};
	int k = 0;
	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		for (int j = 0; j < mix[i].n; j++, k++)
			/* types by k = 0..199: k % 4 == 0 product quality (50), odd k
			 * service quality (100), the other even k other (50) */
			tw_sql_exec("INSERT INTO feedback (business_id, channel, type, text, received_at, sla_due_at)"
			            " VALUES (?, ?, ?, 'x', '2026-03-01 00:00:00' + INTERVAL ? MINUTE,"
			            " '2026-03-02 00:00:00' + INTERVAL ? MINUTE)",
			            CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(mix[i].channel),
			                    CXM_PSTR(k % 4 == 0 ? "product_quality" : k % 2 ? "service_quality" : "other"),
			                    CXM_PINT(k * 200), CXM_PINT(k * 200)));
	tw_sql_exec("INSERT INTO feedback (business_id, channel, text, received_at, sla_due_at) VALUES"
	            " (?, 'post', 'x', '2026-04-01 00:00:00', '2026-04-02 00:00:00')",
	            CXM_PARAMS(CXM_PINT(biz)));
	tw_sql_exec("INSERT INTO feedback (business_id, channel, text, received_at, sla_due_at) VALUES"
	            " (?, 'post', 'x', '2026-03-05 00:00:00', '2026-03-06 00:00:00')",
	            CXM_PARAMS(CXM_PINT(biz_b)));
	struct th_response r;
	tw_get(&an, "/feedback/report?from=2026-03-01&to=2026-03-31", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<span id=\"total\">200</span>");
	static const char *const rows[] = {
		"<tr><th scope=\"row\">Hotline call</th><td class=\"number\">54</td><td class=\"number\">27.0</td></tr>",
		"<tr><th scope=\"row\">Survey</th><td class=\"number\">36</td><td class=\"number\">18.0</td></tr>",
		"<tr><th scope=\"row\">Internet review</th><td class=\"number\">26</td><td class=\"number\">13.0</td></tr>",
		"<tr><th scope=\"row\">E-mail</th><td class=\"number\">24</td><td class=\"number\">12.0</td></tr>",
		"<tr><th scope=\"row\">Web form</th><td class=\"number\">20</td><td class=\"number\">10.0</td></tr>",
		"<tr><th scope=\"row\">Social network</th><td class=\"number\">20</td><td class=\"number\">10.0</td></tr>",
		"<tr><th scope=\"row\">Messenger</th><td class=\"number\">14</td><td class=\"number\">7.0</td></tr>",
		"<tr><th scope=\"row\">Shop</th><td class=\"number\">5</td><td class=\"number\">2.5</td></tr>",
		"<tr><th scope=\"row\">Post</th><td class=\"number\">1</td><td class=\"number\">0.5</td></tr>",
		/* by type: 50 = 25.0 %, 100 = 50.0 %, 50 = 25.0 % */
		"<tr><th scope=\"row\">Product quality</th><td class=\"number\">50</td><td class=\"number\">25.0</td></tr>",
		"<tr><th scope=\"row\">Service quality</th><td class=\"number\">100</td><td class=\"number\">50.0</td></tr>",
		"<tr><th scope=\"row\">Other</th><td class=\"number\">50</td><td class=\"number\">25.0</td></tr>",
		"<tr><th scope=\"row\">Paperwork and settlements</th><td class=\"number\">0</td><td class=\"number\">0.0</td></tr>",
		/* the bars: the longest (54) is 300 wide, shop 5 * 300 / 54 = 27.8 -> 27 */
		"<title>Hotline call: 54 (27.0 %)</title>",
		"<rect x=\"340\" y=\"2\" width=\"300\" height=\"20\"></rect>",
		"<title>Shop: 5 (2.5 %)</title>",
		"<rect x=\"340\" y=\"184\" width=\"27\" height=\"20\"></rect>",
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		tw_assert_has(&r, rows[i]);
	tw_assert_before(&r, "id=\"counts-channel\"", "id=\"counts-type\"");
	th_response_free(&r);
	/* all time: 201, post 2 / 201 = 0.995 % -> 1.0 % */
	tw_get(&an, "/feedback/report", &r);
	tw_assert_has(&r, "<span id=\"total\">201</span>");
	tw_assert_has(&r, "<tr><th scope=\"row\">Post</th><td class=\"number\">2</td><td class=\"number\">1.0</td></tr>");
	th_response_free(&r);
}
END_TEST

/* ==== tenancy ================================================================ */

START_TEST(tenancy)
{
	long long a = tw_make_business("ten-a", "UTC", "BYN");
	long long b = tw_make_business("ten-b", "UTC", "BYN");
	struct tw_client ma, mb, admin_a;
	tw_make_member(&ma, a, "m@ten-a.example", "manager");
	tw_make_member(&admin_a, a, "admin@ten-a.example", "admin");
	tw_make_member(&mb, b, "m@ten-b.example", "manager");
	long long cb = insert_client(b, "B's client", "bc@example.com");
	long long dept_b = tw_sql_insert("INSERT INTO feedback_departments (business_id, name) VALUES (?, 'B dept')",
	                                 CXM_PARAMS(CXM_PINT(b)));
	long long item_b = insert_item(b, cb, "email", "other", "new", 1, 0, mb.user_id, dept_b);
	long long item_a = insert_item(a, 0, "email", "other", "new", 1, 0, 0, 0);
	struct th_response r;
	tw_get(&ma, "/feedback", &r);   /* seeds A's lists */
	th_response_free(&r);
	char *before_b = base_dump(b);
	char *before_a = base_dump(a);
	tw_get(&ma, ids("/feedback/%lld", item_b), &r);
	tw_assert_status(&r, 404);
	tw_assert_lacks(&r, "Inserted item");
	th_response_free(&r);
	const char *posts[][3] = {
		{"status", "status", "in_progress"}, {"reply", "text", "hello"}, {"comment", "text", "hello"},
		{"assign", "assignee", NULL},        {"classify", "type", "other"},
	};
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		struct tw_text f = posts[i][2] ? tw_fields(posts[i][1], posts[i][2], NULL)
		                            : tw_fields(posts[i][1], ids("%lld", ma.user_id), NULL);
		if (strcmp(posts[i][0], "classify") == 0)
			tw_form_add(&f, "priority", "high");
		tw_post(&ma, ids("/feedback/%lld/%s", item_b, posts[i][0]), f, &r);
		ck_assert_msg(r.status == 404, "POST %s on B's item: %d", posts[i][0], r.status);
		th_response_free(&r);
	}
	/* A's item may not be moved to B's department, nor given to B's manager */
	tw_post(&ma, ids("/feedback/%lld/classify", item_a),
	        tw_fields("type", "other", "priority", "high", "department", ids("%lld", dept_b), NULL), &r);
	tw_assert_status(&r, 200);
	th_response_free(&r);
	tw_post(&ma, ids("/feedback/%lld/assign", item_a), tw_fields("assignee", ids("%lld", mb.user_id), NULL), &r);
	tw_assert_status(&r, 200);
	th_response_free(&r);
	/* B's items, clients and departments are not in A's inbox or filters */
	assert_listed(&ma, "/feedback", ids("%lld", item_a));
	assert_listed(&ma, ids("/feedback?client=%lld", cb), "");
	assert_listed(&ma, ids("/feedback?department=%lld", dept_b), "");
	assert_listed(&ma, ids("/feedback?assignee=%lld", mb.user_id), "");
	tw_get(&ma, "/feedback", &r);
	tw_assert_lacks(&r, "B dept");
	th_response_free(&r);
	/* B's list entries cannot be renamed or removed from A */
	tw_post(&admin_a, ids("/admin/feedback-departments/%lld", dept_b), tw_fields("name", "Taken over", NULL), &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	tw_get(&admin_a, ids("/admin/feedback-departments/%lld/delete", dept_b), &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	tw_post(&admin_a, ids("/admin/feedback-departments/%lld/delete", dept_b), tw_fields(NULL), &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	assert_unchanged(before_b, b, "business A's requests");
	assert_unchanged(before_a, a, "refused requests in A");
	free(before_b);
	free(before_a);
}
END_TEST

/* ==== the lists ============================================================== */

START_TEST(admin_lists)
{
	long long biz = tw_make_business("lists-co", "UTC", "BYN");
	tw_sql_exec("UPDATE businesses SET locale = 'en' WHERE id = ?", CXM_PARAMS(CXM_PINT(biz)));
	struct tw_client admin, m;
	tw_make_member(&admin, biz, "admin@lists.example", "admin");
	tw_make_member(&m, biz, "m@lists.example", "manager");
	struct th_response r;
	tw_get(&m, "/admin/feedback-lists", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	tw_get(&admin, "/admin/feedback-lists", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "value=\"Transport logistics\"");
	tw_assert_has(&r, "value=\"Upholstery pilling\"");
	th_response_free(&r);
	tw_assert_rows("SELECT name FROM feedback_departments WHERE business_id = ? ORDER BY name", CXM_PARAMS(CXM_PINT(biz)),
	               "Distribution centres\nSales\nSuppliers\nTransport logistics\n");
	tw_post(&admin, "/admin/feedback-lists", tw_fields("list", "department", "name", "Warehouse", NULL), &r);
	tw_assert_redirect(&r, "/admin/feedback-lists?done=added");
	th_response_free(&r);
	tw_post(&admin, "/admin/feedback-lists", tw_fields("list", "department", "name", "Warehouse", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error_from(&r, "id=\"new-department\"", "name", MSG_LIST_TAKEN);
	th_response_free(&r);
	long long wh = tw_sql_int("SELECT id FROM feedback_departments WHERE business_id = ? AND name = 'Warehouse'",
	                          CXM_PARAMS(CXM_PINT(biz)), 0);
	tw_post(&admin, ids("/admin/feedback-departments/%lld", wh), tw_fields("name", "Warehouse 2", NULL), &r);
	tw_assert_redirect(&r, "/admin/feedback-lists?done=renamed");
	th_response_free(&r);
	long long it = insert_item(biz, 0, "email", "other", "new", 1, 0, 0, wh);
	tw_get(&admin, ids("/admin/feedback-departments/%lld/delete", wh), &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "1 feedback item has this value; it keeps everything else and shows the value as not set.");
	th_response_free(&r);
	tw_post(&admin, ids("/admin/feedback-departments/%lld/delete", wh), tw_fields(NULL), &r);
	tw_assert_redirect(&r, "/admin/feedback-lists?done=removed");
	th_response_free(&r);
	tw_assert_rows("SELECT department_id, text FROM feedback WHERE id = ?", CXM_PARAMS(CXM_PINT(it)),
	               "\\N|Inserted item\n");
	char *audit = tw_audit_of(biz);
	const char *want = ids("feedback_list_added|%lld|department: Warehouse|\n"
	                       "feedback_list_renamed|%lld|department: Warehouse 2|Warehouse -> Warehouse 2\n"
	                       "feedback_list_removed|%lld|department: Warehouse 2|\n",
	                       admin.user_id, admin.user_id, admin.user_id);
	ck_assert_msg(strcmp(audit, want) == 0, "audit:\n%s\nexpected:\n%s", audit, want);
	free(audit);
}
END_TEST

/* The pages in Russian: a user whose language is ru, a visitor whose
 * browser asks for it. */
START_TEST(russian_pages)
{
	long long biz = tw_make_business("ru-shop", "Europe/Moscow", "RUB");
	struct tw_client m;
	tw_make_member(&m, biz, "m@ru.example", "admin");
	tw_sql_exec("UPDATE users SET language = 'ru' WHERE id = ?", CXM_PARAMS(CXM_PINT(m.user_id)));
	long long it = insert_item(biz, 0, "hotline", "product_quality", "new", 30, 0, 0, 0);
	struct th_response r;
	const struct {
		const char *path, *text;
	} pages[] = {
		{"/feedback", "Звонок на горячую линию"},
		{"/feedback/report", "Обращения по каналам и типам"},
		{"/feedback/new", "Записать обращение"},
		{"/admin/feedback-lists", "Подразделения"},
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		tw_get(&m, pages[i].path, &r);
		tw_assert_status(&r, 200);
		tw_assert_has(&r, pages[i].text);
		th_response_free(&r);
	}
	tw_get(&m, ids("/feedback/%lld", it), &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, ids("Обращение №%lld", it));
	tw_assert_has(&r, "просрочено");
	th_response_free(&r);
	ck_assert_int_eq(th_http(stack.port, "GET", "/b/ru-shop/feedback", "Accept-Language: ru\r\n", NULL, 0, &r), 0);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "Ваше сообщение");
	th_response_free(&r);
}
END_TEST

static Suite *feedback_suite(void)
{
	Suite *s = suite_create("http_feedback");
	TCase *tc = tcase_create("feedback");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, inbox_order_and_filters);
	tcase_add_test(tc, inbox_pages);
	tcase_add_test(tc, item_workflow);
	tcase_add_test(tc, item_times);
	tcase_add_test(tc, manual_entry_errors);
	tcase_add_test(tc, public_form);
	tcase_add_test(tc, public_throttle);
	tcase_add_test(tc, counts_exact);
	tcase_add_test(tc, tenancy);
	tcase_add_test(tc, admin_lists);
	tcase_add_test(tc, russian_pages);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return EXIT_FAILURE;
	}
	th_mysql_socket();
	struct th_stack_opts o = {.workers = 2};
	th_stack_start(&stack, &o);
	int failed = tw_run(feedback_suite(), &stack);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
