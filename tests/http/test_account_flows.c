/* The account flows people go through, over the whole serving path (HTTP
 * client -> nginx -> cxm-fcgi -> MariaDB), as docs/accounts.md describes
 * them: an invitation from its message in the outbox to a signed-in member
 * (a new person and an existing account; used, expired and revoked links;
 * switching business afterwards) and what the invited role may not open;
 * changing the password on the account page; the password reset by mail;
 * self-service sign-up (and its absence when allow_signup is off, on a
 * second small stack over the same database); an administrator's role
 * changes and suspensions with their rules, the last active owner included
 * (under a race, the only way two owners can get there); the business
 * settings; the audit log page and its filters; the account language; a
 * user made with cxmctl signing in; and that the links' tokens never reach
 * cxm-fcgi's log.
 *
 * test_auth.c covers signing in itself, throttling, fixation, timeouts,
 * CSRF, the role matrix and tenancy. This suite follows its conventions:
 * the stacks are started once in main; every test runs in a forked child
 * with its own database connection (checked fixture, which also clears
 * login_failures, since every request comes from 127.0.0.1) and makes its
 * own businesses and users, with distinct slugs and e-mails, directly in the
 * database. Requests send "Accept-Language: en" and users are made with
 * language "en", so the texts asserted are the English msgids; a text in a
 * page is compared HTML-escaped, as the templates write it. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "harness.h"
#include "web.h"
#include "password.h"

static struct th_stack stack;      /* allow_signup = yes */
static struct th_stack nosignup;   /* the same database, allow_signup left off */

/* The password of every user made here, and its hash with the stacks'
 * (cheap) Argon2id costs, computed once in main. */
#define PASSWORD "Correct-Horse-Battery-7"
#define WRONG_PASSWORD "Wrong-Horse-Battery-77"
/* Exactly 12 characters (the shortest allowed) and 11 (one too few). */
#define NEW_PASSWORD "Twelve-chars"
#define SHORT_PASSWORD "Eleven-char"
static char password_hash[crypto_pwhash_STRBYTES];

#define COSTS "password_opslimit = 1\npassword_memlimit = 8K\n"

/* English texts (msgids) the tests expect. */
#define MSG_CSRF \
	"The form has expired or did not come from this site. Go back, reload the page and try again."
#define MSG_WRONG "Wrong e-mail or password."
#define MSG_DENIED "You do not have permission to open this page."
#define MSG_NO_PAGE "There is no page at this address. Check the link or go to the home page."
#define MSG_CHECK "Check the highlighted fields."
#define MSG_INVITE_INVALID "This invitation link is invalid, has expired or has already been used."
#define MSG_RESET_INVALID \
	"This link is invalid, has expired or has already been used. Ask for a new one on the " \
	"\xe2\x80\x9c" "Forgot your password?" "\xe2\x80\x9d" " page."
#define MSG_PW_SHORT "The password must be at least 12 characters long."
#define MSG_PW_MISMATCH "The two passwords do not match."
#define MSG_PW_TWICE "Enter the new password twice."
#define MSG_PW_CURRENT "The current password is wrong."
#define MSG_PW_ALL3 "Fill in all three password fields."
#define MSG_PW_CHANGED \
	"Your password has been changed. Other devices where you were signed in have been signed out."
#define MSG_PW_EXISTING "The password is wrong."
#define MSG_EXISTING_FORM \
	"You already have a CXM account. Enter its password to join this business."
#define MSG_SLUG_TAKEN "This short name is already taken."
#define MSG_SLUG_CHARS \
	"The short name may contain only lower-case Latin letters, digits and '-', and must not " \
	"start with '-'."
#define MSG_TZ "Unknown time zone; use a name such as Europe/Moscow."
#define MSG_EMAIL_TAKEN \
	"An account with this e-mail already exists. Sign in, or ask the owner of your business to " \
	"invite you."
#define MSG_OWN_ROLE "You cannot change your own role."
#define MSG_SELF_SUSPEND "You cannot suspend or restore yourself."
#define MSG_OWNER_ROLE "Only an owner can grant or take away the owner role."
#define MSG_OWNER_SUSPEND "Only an owner can suspend or restore an owner."
#define MSG_LAST_OWNER \
	"This is the last active owner of the business. Make someone else an owner first."
#define MSG_CONFIRM "Tick the box to confirm the suspension. Nothing was changed."
#define MSG_SETTINGS_SAVED "Settings saved."
#define MSG_NO_ACTION "There is no such action, so there is nothing to show."
#define MSG_DATES "The start date is after the end date."

/* The separator of the header's "business · role". */
#define DOT "\xc2\xb7"

/* A visitor CSRF token (any 43 characters do; the cookie and the field
 * must match). */
#define VISITOR_CSRF "Zmxvd3MtdmlzaXRvci1jc3JmLXRva2VuLWZvci10ZXM"
#define VISITOR_COOKIE "cxm_csrf=" VISITOR_CSRF

/* ---- database access (per test process) -------------------------------- */

static struct cxm_db *db;
static struct cxm_arena *arena;

static void setup(void)
{
	tw_open(&stack);
	db = tw.db;
	arena = tw.arena;
	ck_assert_int_eq(cxm_db_exec(db, "DELETE FROM login_failures", CXM_NOPARAMS, NULL, NULL), CXM_OK);
}

static void teardown(void)
{
	tw_close();
	db = NULL;
	arena = NULL;
}

/* Every accounts table (sessions without last_seen_at, which any request
 * may refresh): for "nothing changed" comparisons. */
static char *state_dump(void)
{
	static const char *const queries[] = {
		"SELECT * FROM businesses ORDER BY id",
		"SELECT * FROM users ORDER BY id",
		"SELECT * FROM memberships ORDER BY business_id, user_id",
		"SELECT * FROM user_tokens ORDER BY id",
		"SELECT * FROM outbox ORDER BY id",
		"SELECT * FROM audit_log ORDER BY id",
		"SELECT * FROM login_failures ORDER BY id",
		"SELECT id, token_hash, user_id, business_id, csrf_token, created_at, remote_addr,"
		" user_agent FROM sessions ORDER BY id",
	};
	return tw_dump(queries, sizeof(queries) / sizeof(queries[0]), CXM_NOPARAMS);
}

/* Fails (showing where they part, briefly: Check cannot carry long
 * messages) unless the state is still `before`. */
static void assert_state_unchanged(const char *before, const char *what)
{
	char *after = state_dump();
	tw_assert_same_dump(before, after, what);
	free(after);
}

/* The audit rows of a business (business 0: those with none), oldest first,
 * as "action|actor_id|actor_email|target|detail|remote_addr" lines. */
static char *audit_of(long long business)
{
	return tw_sql_rows("SELECT action, actor_id, actor_email, target, detail, remote_addr FROM audit_log"
	                   " WHERE business_id <=> ? ORDER BY id",
	                   CXM_PARAMS(business ? CXM_PINT(business) : CXM_PNULL));
}

/* The audit rows about a target, in any business, as
 * "business_id|action|actor_id|actor_email|target|detail|remote_addr". */
static char *audit_about(const char *target)
{
	return tw_sql_rows("SELECT business_id, action, actor_id, actor_email, target, detail, remote_addr"
	                   " FROM audit_log WHERE target = ? ORDER BY id",
	                   CXM_PARAMS(CXM_PSTR(target)));
}

/* ---- tokens --------------------------------------------------------------- */

/* BLAKE2b-256 of the 32 bytes a base64url token stands for: what the
 * database keeps. */
static void token_hash(const char *token, unsigned char hash[32])
{
	unsigned char raw[32];
	size_t len = 0;
	ck_assert_uint_eq(strlen(token), TW_TOKEN_CHARS);
	ck_assert_int_eq(sodium_base642bin(raw, 32, token, TW_TOKEN_CHARS, NULL, &len, NULL,
	                                   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	                 0);
	ck_assert_uint_eq(len, 32);
	ck_assert_int_eq(crypto_generichash(hash, 32, raw, sizeof(raw), NULL, 0), 0);
}

/* The id of the user_tokens row the token stands for (0 when none). */
static long long token_row(const char *token)
{
	unsigned char hash[32];
	token_hash(token, hash);
	return tw_sql_int("SELECT id FROM user_tokens WHERE token_hash = ?",
	                  CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash))), 0);
}

/* ---- accounts made directly in the database ------------------------------ */

static long long make_business(const char *slug, const char *name)
{
	return tw_sql_insert("INSERT INTO businesses (slug, name) VALUES (?, ?)",
	                     CXM_PARAMS(CXM_PSTR(slug), CXM_PSTR(name)));
}

/* A user with PASSWORD, language en. */
static long long make_user(const char *email, const char *name, int site_admin)
{
	return tw_sql_insert("INSERT INTO users (email, name, language, password_hash, site_admin,"
	                     " password_changed_at) VALUES (?, ?, 'en', ?, ?, UTC_TIMESTAMP(6))",
	                     CXM_PARAMS(CXM_PSTR(email), CXM_PSTR(name), CXM_PSTR(password_hash),
	                             CXM_PINT(site_admin)));
}

static void make_member(long long business, long long user, const char *role, int disabled)
{
	tw_sql_exec("INSERT INTO memberships (business_id, user_id, role, disabled) VALUES (?, ?, ?, ?)",
	            CXM_PARAMS(CXM_PINT(business), CXM_PINT(user), CXM_PSTR(role), CXM_PINT(disabled)));
}

static long long user_id(const char *email)
{
	return tw_sql_int("SELECT id FROM users WHERE email = ?", CXM_PARAMS(CXM_PSTR(email)), 0);
}

/* 1 when the user's stored hash is a hash of password (checked here with
 * libsodium, not with the core). */
static int password_is(long long uid, const char *password)
{
	char *hash = tw_sql_text("SELECT password_hash FROM users WHERE id = ?", CXM_PARAMS(CXM_PINT(uid)));
	int yes = hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	free(hash);
	return yes;
}

static char *membership(long long business, long long uid)
{
	return tw_sql_rows("SELECT role, disabled FROM memberships WHERE business_id = ? AND user_id = ?",
	                   CXM_PARAMS(CXM_PINT(business), CXM_PINT(uid)));
}

static void assert_membership(long long business, long long uid, const char *want)
{
	char *m = membership(business, uid);
	ck_assert_str_eq(m, want);
	free(m);
}

/* A signed-in browser: its session cookie and the session's CSRF token. */
struct client {
	char token[TW_TOKEN_CHARS + 1];
	char csrf[TW_TOKEN_CHARS + 1];
	char cookie[64];      /* "cxm_session=<token>" */
	long long session_id;
};

/* A session made directly in the database (as a login would make it). */
static void make_session(struct client *c, long long user, long long business)
{
	unsigned char hash[32];
	tw_random_token(c->token);
	tw_random_token(c->csrf);
	token_hash(c->token, hash);
	snprintf(c->cookie, sizeof(c->cookie), "cxm_session=%s", c->token);
	c->session_id = tw_sql_insert(
		"INSERT INTO sessions (token_hash, user_id, business_id, csrf_token, created_at,"
		" last_seen_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
		CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PINT(user),
		           business ? CXM_PINT(business) : CXM_PNULL, CXM_PSTR(c->csrf)));
}

/* The browser holding a session cookie the server set. */
static void client_from_token(struct client *c, const char *token)
{
	unsigned char hash[32];
	token_hash(token, hash);
	snprintf(c->token, sizeof(c->token), "%s", token);
	snprintf(c->cookie, sizeof(c->cookie), "cxm_session=%s", token);
	c->session_id = tw_sql_int("SELECT id FROM sessions WHERE token_hash = ?",
	                           CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash))), 0);
	ck_assert_int_gt(c->session_id, 0);
	char *csrf = tw_sql_text("SELECT csrf_token FROM sessions WHERE id = ?",
	                         CXM_PARAMS(CXM_PINT(c->session_id)));
	ck_assert_ptr_nonnull(csrf);
	snprintf(c->csrf, sizeof(c->csrf), "%s", csrf);
	free(csrf);
}

/* Rows in sessions for this cookie token. */
static long long sessions_with_token(const char *token)
{
	unsigned char hash[32];
	token_hash(token, hash);
	return tw_sql_int("SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
	                  CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash))), -1);
}

static long long sessions_of(long long uid)
{
	return tw_sql_int("SELECT COUNT(*) FROM sessions WHERE user_id = ?", CXM_PARAMS(CXM_PINT(uid)), -1);
}

/* ---- HTTP ------------------------------------------------------------------ */

/* Sends a request to the stack on port (always with Accept-Language: en,
 * and for POST a form content type) and checks no password hash is in
 * what came back. */
static void http_at(int port, const char *method, const char *path, const char *cookies,
                    const char *body, struct th_response *r)
{
	char headers[1024];
	snprintf(headers, sizeof(headers), "Accept-Language: en\r\n%s%s%s%s", cookies ? "Cookie: " : "",
	         cookies ? cookies : "", cookies ? "\r\n" : "",
	         body ? "Content-Type: application/x-www-form-urlencoded\r\n" : "");
	ck_assert_msg(th_http(port, method, path, headers, body, body ? strlen(body) : 0, r) == 0,
	              "%s %s: no response", method, path);
	ck_assert_msg(!memmem(r->body, r->body_len, "$argon2id$", 10) && !strstr(r->head, "$argon2id$"),
	              "%s %s: a password hash in the response:\n" TW_PAGE, method, path,
	              tw_page_main(r->body));
}

static void get(const char *path, const char *cookies, struct th_response *r)
{
	http_at(stack.port, "GET", path, cookies, NULL, r);
}

/* POSTs the fields (consumed) plus csrf=csrf with these cookies. */
static void post_form(int port, const char *path, const char *cookies, const char *csrf,
                      struct tw_text f, struct th_response *r)
{
	tw_form_add(&f, "csrf", csrf);
	http_at(port, "POST", path, cookies, f.s, r);
	free(f.s);
}

/* POST as a visitor (a matching cxm_csrf cookie and field). */
static void visitor_post(const char *path, struct tw_text f, struct th_response *r)
{
	post_form(stack.port, path, VISITOR_COOKIE, VISITOR_CSRF, f, r);
}

/* GET and POST as a signed-in browser. */
static void client_get(const struct client *c, const char *path, struct th_response *r)
{
	get(path, c->cookie, r);
}

static void client_post(const struct client *c, const char *path, struct tw_text f,
                        struct th_response *r)
{
	post_form(stack.port, path, c->cookie, c->csrf, f, r);
}

static void assert_status(const struct th_response *r, int status)
{
	ck_assert_msg(r->status == status, "status %d, expected %d:\n%s\n" TW_PAGE, r->status, status,
	              r->head, tw_page_main(r->body));
}

static void assert_body_has(const struct th_response *r, const char *needle)
{
	ck_assert_msg(strstr(r->body, needle) != NULL, "body lacks \"%s\":\n" TW_PAGE, needle,
	              tw_page_main(r->body));
}

static void assert_body_lacks(const struct th_response *r, const char *needle)
{
	ck_assert_msg(strstr(r->body, needle) == NULL, "body has \"%s\":\n" TW_PAGE, needle,
	              tw_page_main(r->body));
}

/* The page shows text (escaped) as a notice of kind ("ok", "error", ""). */
static void assert_notice(const struct th_response *r, const char *kind, const char *text)
{
	char *e = tw_esc(text);
	char a[2048], b[2048];
	snprintf(a, sizeof(a), "<p class=\"notice notice-%s\" role=\"status\">%s</p>", kind, e);
	snprintf(b, sizeof(b), "<p class=\"notice notice-%s\" role=\"alert\">%s</p>", kind, e);
	ck_assert_msg(strstr(r->body, a) || strstr(r->body, b), "no %s notice \"%s\" in:\n" TW_PAGE, kind,
	              e, tw_page_main(r->body));
	free(e);
}

/* A message page (message.tpl) saying text (escaped). */
static void assert_message(const struct th_response *r, const char *text)
{
	char *e = tw_esc(text);
	char want[2048];
	snprintf(want, sizeof(want), "<p class=\"notice\">%s</p>", e);
	assert_body_has(r, want);
	free(e);
}

/* The error page for status, with detail (escaped) under the heading, or
 * with no detail when detail is NULL. */
static void assert_error_page(const struct th_response *r, int status, const char *detail)
{
	assert_status(r, status);
	char want[2048];
	snprintf(want, sizeof(want), "<p class=\"error-status\">%d</p>", status);
	assert_body_has(r, want);
	if (!detail) {
		assert_body_lacks(r, "class=\"error-detail\"");
		return;
	}
	char *e = tw_esc(detail);
	snprintf(want, sizeof(want), "<p class=\"error-detail\">%s</p>", e);
	assert_body_has(r, want);
	free(e);
}

/* The error shown next to input `name`: the field-error inside the
 * <div class="field"> that holds the input (malloc'd; NULL when none). */
static char *field_error(const char *body, const char *name)
{
	return tw_field_error_from(body, NULL, name);
}

static void assert_field_error(const struct th_response *r, const char *name, const char *msg)
{
	char *got = field_error(r->body, name);
	char *want = tw_esc(msg);
	ck_assert_msg(got && strcmp(got, want) == 0, "next to \"%s\": \"%s\", expected \"%s\" in:\n" TW_PAGE,
	              name, got ? got : "(nothing)", want, tw_page_main(r->body));
	free(got);
	free(want);
}

/* The token of the session cookie the response set: exactly one
 * Set-Cookie for cxm_session, with exactly these attributes. */
static void new_session_token(const struct th_response *r, char out[TW_TOKEN_CHARS + 1])
{
	int n;
	char *c = tw_set_cookie(r, "cxm_session", &n);
	ck_assert_msg(n == 1, "%d cxm_session cookies in:\n%s", n, r->head);
	ck_assert_uint_eq(strlen(c), strlen("cxm_session=") + TW_TOKEN_CHARS +
	                                 strlen("; Path=/; HttpOnly; SameSite=Lax"));
	memcpy(out, c + strlen("cxm_session="), TW_TOKEN_CHARS);
	out[TW_TOKEN_CHARS] = '\0';
	char want[256];
	snprintf(want, sizeof(want), "cxm_session=%s; Path=/; HttpOnly; SameSite=Lax", out);
	ck_assert_str_eq(c, want);
	free(c);
}

/* POST /login as a visitor. */
static void login(const char *email, const char *password, struct th_response *r)
{
	visitor_post("/login", tw_fields("email", email, "password", password, NULL), r);
}

/* Signing in with this password works (303 to / and a session of uid) or
 * is refused as a wrong password. */
static void assert_login_works(const char *email, const char *password, long long uid)
{
	struct th_response r;
	login(email, password, &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	char token[TW_TOKEN_CHARS + 1];
	new_session_token(&r, token);
	th_response_free(&r);
	unsigned char hash[32];
	token_hash(token, hash);
	ck_assert_int_eq(tw_sql_int("SELECT user_id FROM sessions WHERE token_hash = ?",
	                            CXM_PARAMS(CXM_PBLOB(hash, 32)), 0),
	                 uid);
}

static void assert_login_refused(const char *email, const char *password)
{
	struct th_response r;
	login(email, password, &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_WRONG);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
}

/* Whether the cookie token signs the browser in as the user with this
 * e-mail: the layout's user menu links the account page with the e-mail
 * as its title. */
static int signed_in_as(const char *token, const char *email)
{
	char cookie[128], marker[512];
	snprintf(cookie, sizeof(cookie), "cxm_session=%s", token);
	snprintf(marker, sizeof(marker), "<a href=\"/account\" title=\"%s\">", email);
	struct th_response r;
	get("/", cookie, &r);
	assert_status(&r, 200);
	int yes = strstr(r.body, marker) != NULL;
	th_response_free(&r);
	return yes;
}

/* The header of a page for c says it works in business as role (role
 * NULL: whatever the role, as its label is in the user's language). */
static void assert_works_in(const struct client *c, const char *business, const char *role)
{
	char want[512];
	snprintf(want, sizeof(want), "<span class=\"user-business\">%s " DOT " %s%s", business,
	         role ? role : "", role ? "</span>" : "");
	struct th_response r;
	client_get(c, "/", &r);
	assert_status(&r, 200);
	assert_body_has(&r, want);
	th_response_free(&r);
}

/* GET /account with this token is sent to the login page as an ended
 * session. */
static void assert_token_refused(const char *token)
{
	char cookie[128];
	snprintf(cookie, sizeof(cookie), "cxm_session=%s", token);
	struct th_response r;
	get("/account", cookie, &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/login?next=/account&expired=1");
	th_response_free(&r);
	ck_assert_int_eq(sessions_with_token(token), 0);
}

/* ---- mail ------------------------------------------------------------------ */

static long long mails_to(const char *recipient)
{
	return tw_sql_int("SELECT COUNT(*) FROM outbox WHERE recipient = ?",
	                  CXM_PARAMS(CXM_PSTR(recipient)), -1);
}

/* The body of the newest message to recipient (malloc'd). */
static char *last_mail(const char *recipient)
{
	char *body = tw_sql_text("SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1",
	                         CXM_PARAMS(CXM_PSTR(recipient)));
	ck_assert_msg(body != NULL, "no message to %s in the outbox", recipient);
	return body;
}

/* The token of the link "http://localhost:<port><prefix><token>" on a line
 * of its own in a message body: the link is built from nginx's server_name
 * and port, as public_url is not set. */
static void link_token(const char *body, const char *prefix, char out[TW_TOKEN_CHARS + 1])
{
	char start[128];
	snprintf(start, sizeof(start), "\nhttp://localhost:%d%s", stack.port, prefix);
	const char *at = strstr(body, start);
	ck_assert_msg(at != NULL, "no link %s... in the message:\n%s", start + 1, body);
	at += strlen(start);
	ck_assert_msg(strspn(at, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
	                  TW_TOKEN_CHARS && at[TW_TOKEN_CHARS] == '\n',
	              "the link's token is not 43 base64url characters:\n%s", body);
	memcpy(out, at, TW_TOKEN_CHARS);
	out[TW_TOKEN_CHARS] = '\0';
}

/* c (an administrator) invites email with role through the users page; the
 * token of the link in the message that was sent. */
static void invite(const struct client *c, const char *email, const char *role,
                   char token[TW_TOKEN_CHARS + 1])
{
	struct th_response r;
	client_post(c, "/admin/users/invite", tw_fields("email", email, "role", role, NULL), &r);
	assert_status(&r, 200);
	char msg[512];
	snprintf(msg, sizeof(msg), "Invitation sent to %s.", email);
	assert_notice(&r, "ok", msg);
	th_response_free(&r);
	char *mail = last_mail(email);
	link_token(mail, "/invite/", token);
	free(mail);
}

/* The visitor asks for a reset link for email; the token of the link in the
 * message to it. */
static void forgot(const char *email, char token[TW_TOKEN_CHARS + 1])
{
	struct th_response r;
	visitor_post("/password/forgot", tw_fields("email", email, NULL), &r);
	assert_status(&r, 200);
	th_response_free(&r);
	char *mail = last_mail(email);
	link_token(mail, "/password/reset/", token);
	free(mail);
}

/* ==== 1. Invitations ======================================================= */

/* An owner invites a new person as manager: the person exists without a
 * password, one open invitation (72 h) is stored and exactly one message
 * with its link is in the outbox. The link shows the form; mismatched, too
 * short or single passwords are refused and keep the link; a name and a
 * 12-character password twice make the person a manager, store the
 * password and sign them in on the business (303 to /), her pages in the
 * business's language, which the invitation gave her. The new manager can
 * sign in again, gets 403 on the administrators' pages (which the owner
 * opens), and the used link is refused with 404 from then on, changing
 * nothing. */
START_TEST(invite_new_person)
{
	long long biz = make_business("invite-co", "Invite Co");
	long long owner = make_user("owner@invite-co.example", "Invite Owner", 0);
	make_member(biz, owner, "owner", 0);
	struct client oc;
	make_session(&oc, owner, biz);
	static const char email[] = "nina.manager@invite-co.example";

	struct th_response r;
	client_post(&oc, "/admin/users/invite",
	            tw_fields("email", "Nina.Manager@Invite-Co.EXAMPLE", "name", "Nina", "role", "manager",
	                      NULL),
	            &r);
	assert_status(&r, 200);
	assert_notice(&r, "ok", "Invitation sent to nina.manager@invite-co.example.");
	assert_body_has(&r, "<td>nina.manager@invite-co.example</td>");  /* pending */
	th_response_free(&r);

	/* the person, without a password, in the business's language (ru) */
	long long uid = tw_sql_int("SELECT id FROM users WHERE email = ? AND name = 'Nina' AND language = 'ru'"
	                           " AND password_hash IS NULL AND disabled = 0 AND site_admin = 0",
	                           CXM_PARAMS(CXM_PSTR(email)), 0);
	ck_assert_int_gt(uid, 0);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM memberships WHERE user_id = ?",
	                            CXM_PARAMS(CXM_PINT(uid)), -1),
	                 0);
	/* one open invitation: manager of this business, by the owner, 72 h */
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM user_tokens WHERE user_id = ?",
	                            CXM_PARAMS(CXM_PINT(uid)), -1),
	                 1);
	long long tid = tw_sql_int(
		"SELECT id FROM user_tokens WHERE user_id = ? AND purpose = 'invite' AND business_id = ?"
		" AND role = 'manager' AND created_by = ? AND used_at IS NULL"
		" AND TIMESTAMPDIFF(SECOND, created_at, expires_at) = 72 * 3600"
		" AND created_at BETWEEN UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE AND UTC_TIMESTAMP(6)",
		CXM_PARAMS(CXM_PINT(uid), CXM_PINT(biz), CXM_PINT(owner)), 0);
	ck_assert_int_gt(tid, 0);

	/* exactly one message, to her, unsent (no sendmail), with the link */
	ck_assert_int_eq(mails_to(email), 1);
	char *subject = tw_sql_text("SELECT subject FROM outbox WHERE recipient = ? AND business_id = ?"
	                            " AND sent_at IS NULL AND error IS NULL",
	                            CXM_PARAMS(CXM_PSTR(email), CXM_PINT(biz)));
	/* in her language (the business's, Russian), whatever the inviting
	 * owner's (English) */
	ck_assert_pstr_eq(subject, "Приглашение в «Invite Co» в CXM");
	free(subject);
	char *mail = last_mail(email);
	char token[TW_TOKEN_CHARS + 1];
	link_token(mail, "/invite/", token);
	ck_assert_int_eq(token_row(token), tid);
	char *expires = tw_sql_text("SELECT DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i') FROM user_tokens"
	                            " WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(tid)));
	char want[2048];
	snprintf(want, sizeof(want),
	         "Здравствуйте!\n\nВас приглашают присоединиться к «Invite Co» в CXM с ролью «Менеджер».\n\n"
	         "Чтобы принять приглашение, откройте эту ссылку:\nhttp://localhost:%d/invite/%s\n\n"
	         "Ссылка одноразовая и действует до %s UTC (72 ч с момента отправки).\n\n"
	         "Если вы не ждали этого приглашения, просто проигнорируйте это письмо.",
	         stack.port, token, expires);
	ck_assert_str_eq(mail, want);
	free(mail);
	free(expires);

	/* the form */
	char link[128];
	snprintf(link, sizeof(link), "/invite/%s", token);
	get(link, NULL, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<p>Business: <strong>Invite Co</strong></p>");
	assert_body_has(&r, "<p>Role: <strong>Manager</strong></p>");
	assert_body_has(&r, "<p>Account: <strong>nina.manager@invite-co.example</strong></p>");
	assert_body_has(&r, "name=\"name\" value=\"Nina\"");
	assert_body_has(&r, "name=\"password2\"");
	th_response_free(&r);

	/* refused attempts keep the link and change nothing */
	char *before = state_dump();
	static const struct {
		const char *pw, *pw2, *msg;
	} bad[] = {
		{NEW_PASSWORD, "Twelve-charZ", MSG_PW_MISMATCH},
		{SHORT_PASSWORD, SHORT_PASSWORD, MSG_PW_SHORT},
		{NEW_PASSWORD, NULL, MSG_PW_TWICE},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct tw_text f = tw_fields("name", "Nina Manager", "password", bad[i].pw, NULL);
		if (bad[i].pw2)
			tw_form_add(&f, "password2", bad[i].pw2);
		visitor_post(link, f, &r);
		assert_status(&r, 200);
		assert_notice(&r, "error", bad[i].msg);
		assert_body_has(&r, "name=\"name\" value=\"Nina Manager\"");
		tw_assert_no_session_cookie(&r);
		th_response_free(&r);
	}
	assert_state_unchanged(before, "a refused acceptance");
	free(before);

	/* accepted: a manager, her name and password, signed in on Invite Co */
	visitor_post(link,
	             tw_fields("name", "Nina Manager", "password", NEW_PASSWORD, "password2", NEW_PASSWORD,
	                       NULL),
	             &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	char session[TW_TOKEN_CHARS + 1];
	new_session_token(&r, session);
	th_response_free(&r);
	assert_membership(biz, uid, "manager|0\n");
	ck_assert(password_is(uid, NEW_PASSWORD));
	char *user = tw_sql_rows("SELECT name, password_changed_at IS NOT NULL FROM users WHERE id = ?",
	                         CXM_PARAMS(CXM_PINT(uid)));
	ck_assert_str_eq(user, "Nina Manager|1\n");
	free(user);
	ck_assert_int_eq(tw_sql_int("SELECT used_at IS NOT NULL FROM user_tokens WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(tid)), -1),
	                 1);
	struct client ic;
	client_from_token(&ic, session);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE id = ? AND user_id = ?"
	                            " AND business_id = ?",
	                            CXM_PARAMS(CXM_PINT(ic.session_id), CXM_PINT(uid), CXM_PINT(biz)), -1),
	                 1);
	/* her pages are in her language, the business's (the role label too) */
	assert_works_in(&ic, "Invite Co", NULL);
	client_get(&ic, "/", &r);
	assert_body_has(&r, "<html lang=\"ru\">");
	th_response_free(&r);
	char *audit = audit_of(biz);
	snprintf(want, sizeof(want),
	         "invitation_sent|%lld|owner@invite-co.example|%s|manager|127.0.0.1\n"
	         "invitation_accepted|%lld|%s|%s|manager|127.0.0.1\n",
	         owner, email, uid, email, email);
	ck_assert_str_eq(audit, want);
	free(audit);

	/* a manager may not open the administrators' pages; the owner may */
	static const char *const admin_pages[] = {"/admin/users", "/admin/business", "/admin/audit"};
	for (size_t i = 0; i < sizeof(admin_pages) / sizeof(admin_pages[0]); i++) {
		client_get(&ic, admin_pages[i], &r);
		assert_error_page(&r, 403, NULL);
		th_response_free(&r);
		client_get(&oc, admin_pages[i], &r);
		assert_status(&r, 200);
		th_response_free(&r);
	}
	client_get(&oc, "/admin/users", &r);
	snprintf(want, sizeof(want), "<a href=\"/admin/users/%lld\">Nina Manager</a>", uid);
	assert_body_has(&r, want);
	assert_body_has(&r, "No invitations are waiting for an answer.");
	th_response_free(&r);

	/* she signs in with the password she chose */
	assert_login_works("Nina.Manager@invite-co.example", NEW_PASSWORD, uid);

	/* the link is used up */
	before = state_dump();
	get(link, NULL, &r);
	assert_error_page(&r, 404, MSG_INVITE_INVALID);
	th_response_free(&r);
	visitor_post(link,
	             tw_fields("name", "Someone Else", "password", "Another-pass-123", "password2",
	                       "Another-pass-123", NULL),
	             &r);
	assert_error_page(&r, 404, MSG_INVITE_INVALID);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	assert_state_unchanged(before, "a used invitation link");
	free(before);
	ck_assert(password_is(uid, NEW_PASSWORD));
}
END_TEST

/* An invitation works until expires_at and not after: a minute before it
 * the form opens; a second after it the link and the POST are refused
 * with 404, nothing changes, and the users page no longer lists it as
 * pending. */
START_TEST(invite_expired)
{
	long long biz = make_business("expire-co", "Expire Co");
	long long owner = make_user("owner@expire-co.example", "Expire Owner", 0);
	make_member(biz, owner, "owner", 0);
	struct client oc;
	make_session(&oc, owner, biz);
	static const char email[] = "late@expire-co.example";
	char token[TW_TOKEN_CHARS + 1], link[128];
	invite(&oc, email, "analyst", token);
	snprintf(link, sizeof(link), "/invite/%s", token);
	long long tid = token_row(token);

	struct th_response r;
	tw_sql_exec("UPDATE user_tokens SET expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 MINUTE WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(tid)));
	get(link, NULL, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<p>Role: <strong>Analyst</strong></p>");
	th_response_free(&r);

	tw_sql_exec("UPDATE user_tokens SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(tid)));
	char *before = state_dump();
	get(link, NULL, &r);
	assert_error_page(&r, 404, MSG_INVITE_INVALID);
	th_response_free(&r);
	visitor_post(link,
	             tw_fields("name", "Late Person", "password", NEW_PASSWORD, "password2", NEW_PASSWORD,
	                       NULL),
	             &r);
	assert_error_page(&r, 404, MSG_INVITE_INVALID);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	assert_state_unchanged(before, "an expired invitation");
	free(before);
	long long uid = user_id(email);
	assert_membership(biz, uid, "");
	ck_assert_int_eq(tw_sql_int("SELECT password_hash IS NULL FROM users WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(uid)), -1),
	                 1);

	client_get(&oc, "/admin/users", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "No invitations are waiting for an answer.");
	assert_body_lacks(&r, "<td>late@expire-co.example</td>");
	th_response_free(&r);
}
END_TEST

/* A pending invitation listed on the users page is revoked with its form's
 * POST: 303 back to the users page, the token used up, invitation_revoked
 * in the audit log; the link then gets 404 (GET and POST), the person
 * never becomes a member, and revoking it again is 404. */
START_TEST(invite_revoked)
{
	long long biz = make_business("revoke-co", "Revoke Co");
	long long owner = make_user("owner@revoke-co.example", "Revoke Owner", 0);
	make_member(biz, owner, "owner", 0);
	struct client oc;
	make_session(&oc, owner, biz);
	static const char email[] = "gone@revoke-co.example";
	char token[TW_TOKEN_CHARS + 1], link[128], revoke[128], want[1024];
	invite(&oc, email, "manager", token);
	snprintf(link, sizeof(link), "/invite/%s", token);
	long long tid = token_row(token);
	snprintf(revoke, sizeof(revoke), "/admin/invitations/%lld/revoke", tid);

	struct th_response r;
	client_get(&oc, "/admin/users", &r);
	assert_status(&r, 200);
	snprintf(want, sizeof(want), "action=\"%s\"", revoke);
	assert_body_has(&r, want);
	th_response_free(&r);

	client_post(&oc, revoke, tw_fields(NULL), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/admin/users");
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT used_at IS NOT NULL FROM user_tokens WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(tid)), -1),
	                 1);
	char *audit = audit_of(biz);
	snprintf(want, sizeof(want),
	         "invitation_sent|%lld|owner@revoke-co.example|%s|manager|127.0.0.1\n"
	         "invitation_revoked|%lld|owner@revoke-co.example|%s|manager|127.0.0.1\n",
	         owner, email, owner, email);
	ck_assert_str_eq(audit, want);
	free(audit);

	char *before = state_dump();
	get(link, NULL, &r);
	assert_error_page(&r, 404, MSG_INVITE_INVALID);
	th_response_free(&r);
	visitor_post(link,
	             tw_fields("name", "Gone Person", "password", NEW_PASSWORD, "password2", NEW_PASSWORD,
	                       NULL),
	             &r);
	assert_error_page(&r, 404, MSG_INVITE_INVALID);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	client_post(&oc, revoke, tw_fields(NULL), &r);
	assert_error_page(&r, 404, NULL);
	th_response_free(&r);
	assert_state_unchanged(before, "a revoked invitation");
	free(before);
	assert_membership(biz, user_id(email), "");
}
END_TEST

/* Someone with an account, an analyst of Alpha, is invited to Bravo as
 * administrator: no second user is made; the form asks only for the
 * existing password; a wrong one is refused (and counted for the
 * throttle); the right one adds the membership, keeps the password and
 * signs them in on Bravo, where the header offers the switch. POST /switch
 * then moves the session to Alpha (sessions.business_id, the header) and
 * back, and a business they do not belong to is 404 and changes nothing. */
START_TEST(invite_existing_account_then_switch)
{
	long long alpha = make_business("alpha-flow", "Alpha Flow");
	long long bravo = make_business("bravo-flow", "Bravo Flow");
	long long charlie = make_business("charlie-flow", "Charlie Flow");
	static const char email[] = "uma@alpha-flow.example";
	long long uid = make_user(email, "Uma Analyst", 0);
	make_member(alpha, uid, "analyst", 0);
	long long owner = make_user("owner@bravo-flow.example", "Bravo Owner", 0);
	make_member(bravo, owner, "owner", 0);
	long long other = make_user("owner@charlie-flow.example", "Charlie Owner", 0);
	make_member(charlie, other, "owner", 0);
	struct client oc;
	make_session(&oc, owner, bravo);
	char *hash_before = tw_sql_text("SELECT password_hash FROM users WHERE id = ?",
	                                CXM_PARAMS(CXM_PINT(uid)));

	char token[TW_TOKEN_CHARS + 1], link[128], want[1024];
	invite(&oc, email, "admin", token);
	snprintf(link, sizeof(link), "/invite/%s", token);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM users WHERE email = ?",
	                            CXM_PARAMS(CXM_PSTR(email)), -1),
	                 1);
	ck_assert_int_eq(tw_sql_int("SELECT user_id FROM user_tokens WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(token_row(token))), -1),
	                 uid);

	struct th_response r;
	get(link, NULL, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<p>Business: <strong>Bravo Flow</strong></p>");
	assert_body_has(&r, "<p>Role: <strong>Administrator</strong></p>");
	assert_body_has(&r, MSG_EXISTING_FORM);
	assert_body_lacks(&r, "name=\"name\"");
	assert_body_lacks(&r, "name=\"password2\"");
	th_response_free(&r);

	visitor_post(link, tw_fields("password", WRONG_PASSWORD, NULL), &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_PW_EXISTING);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	assert_membership(bravo, uid, "");
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM login_failures WHERE kind = 'account'"
	                            " AND subject = ?",
	                            CXM_PARAMS(CXM_PSTR(email)), -1),
	                 1);

	visitor_post(link, tw_fields("password", PASSWORD, NULL), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	char session[TW_TOKEN_CHARS + 1];
	new_session_token(&r, session);
	th_response_free(&r);
	assert_membership(bravo, uid, "admin|0\n");
	assert_membership(alpha, uid, "analyst|0\n");
	char *hash_after = tw_sql_text("SELECT password_hash FROM users WHERE id = ?",
	                               CXM_PARAMS(CXM_PINT(uid)));
	ck_assert_str_eq(hash_after, hash_before);
	free(hash_after);
	free(hash_before);
	char *audit = audit_of(bravo);
	snprintf(want, sizeof(want),
	         "invitation_sent|%lld|owner@bravo-flow.example|%s|admin|127.0.0.1\n"
	         "invitation_accepted|%lld|%s|%s|admin|127.0.0.1\n",
	         owner, email, uid, email, email);
	ck_assert_str_eq(audit, want);
	free(audit);

	struct client uc;
	client_from_token(&uc, session);
	ck_assert_int_eq(tw_sql_int("SELECT business_id FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(uc.session_id)), -1),
	                 bravo);
	assert_works_in(&uc, "Bravo Flow", "Administrator");
	client_get(&uc, "/", &r);
	assert_body_has(&r, "<a href=\"/switch\">Switch business</a>");
	th_response_free(&r);
	client_get(&uc, "/switch", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<h3>Alpha Flow</h3>");
	assert_body_has(&r, "<h3>Bravo Flow</h3>");
	assert_body_lacks(&r, "Charlie Flow");
	th_response_free(&r);

	char id[32];
	snprintf(id, sizeof(id), "%lld", alpha);
	client_post(&uc, "/switch", tw_fields("business", id, NULL), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT business_id FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(uc.session_id)), -1),
	                 alpha);
	assert_works_in(&uc, "Alpha Flow", "Analyst");

	snprintf(id, sizeof(id), "%lld", charlie);
	char *before = state_dump();
	client_post(&uc, "/switch", tw_fields("business", id, NULL), &r);
	assert_error_page(&r, 404, NULL);
	th_response_free(&r);
	assert_state_unchanged(before, "a switch to a business of others");
	free(before);
	assert_works_in(&uc, "Alpha Flow", "Analyst");

	snprintf(id, sizeof(id), "%lld", bravo);
	client_post(&uc, "/switch", tw_fields("business", id, NULL), &r);
	assert_status(&r, 303);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT business_id FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(uc.session_id)), -1),
	                 bravo);
	assert_works_in(&uc, "Bravo Flow", "Administrator");
}
END_TEST

/* ==== 2. Changing the password =========================================== */

/* On the account page: a wrong current password, a new one of 11
 * characters, two different new ones and a missing field are each refused
 * with their message and change nothing (hash, sessions). The right
 * current password and a 12-character new one store a new hash (which is
 * of the new password, not the old), delete every session of the user,
 * the three they had included, but no one else's, sign this browser in
 * with a new session, and write password_changed. Then the old password is
 * refused at sign-in and the new one works. */
START_TEST(password_change)
{
	long long biz = make_business("pwchange-co", "Password Co");
	static const char email[] = "pat@pwchange-co.example";
	long long uid = make_user(email, "Pat Manager", 0);
	make_member(biz, uid, "manager", 0);
	long long other = make_user("other@pwchange-co.example", "Other Person", 0);
	make_member(biz, other, "manager", 0);
	struct client c, d1, d2, x;
	make_session(&c, uid, biz);
	make_session(&d1, uid, biz);
	make_session(&d2, uid, biz);
	make_session(&x, other, biz);

	/* A wrong current password is refused and counts as a failed attempt
	 * on the account and from the address, with an audit row; nothing
	 * else changes. */
	struct th_response r;
	client_post(&c, "/account/password",
	            tw_fields("current", WRONG_PASSWORD, "password", NEW_PASSWORD, "password2", NEW_PASSWORD,
	                      NULL),
	            &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_PW_CURRENT);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	ck_assert(password_is(uid, PASSWORD));
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM login_failures WHERE kind = 'account' AND subject = ?",
	                            CXM_PARAMS(CXM_PSTR(email)), -1),
	                 1);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM login_failures WHERE kind = 'address'"
	                            " AND subject = '127.0.0.1'", CXM_NOPARAMS, -1),
	                 1);
	char *audit = audit_of(biz);
	char want[1024];
	snprintf(want, sizeof(want),
	         "password_change_failed|%lld|%s|%s|wrong current password|127.0.0.1\n", uid, email, email);
	ck_assert_str_eq(audit, want);
	free(audit);

	/* Four more wrong ones make five: the sixth attempt is refused (429)
	 * even with the right current password, and changes nothing. */
	for (int i = 0; i < 4; i++) {
		client_post(&c, "/account/password",
		            tw_fields("current", WRONG_PASSWORD, "password", NEW_PASSWORD, "password2",
		                      NEW_PASSWORD, NULL),
		            &r);
		assert_status(&r, 200);
		assert_notice(&r, "error", MSG_PW_CURRENT);
		th_response_free(&r);
	}
	char *throttled = state_dump();
	client_post(&c, "/account/password",
	            tw_fields("current", PASSWORD, "password", NEW_PASSWORD, "password2", NEW_PASSWORD, NULL),
	            &r);
	assert_status(&r, 429);
	assert_notice(&r, "error", "Too many failed attempts. Try again in 15 minutes.");
	th_response_free(&r);
	assert_state_unchanged(throttled, "a throttled password change");
	free(throttled);
	ck_assert(password_is(uid, PASSWORD));
	tw_sql_exec("DELETE FROM login_failures", CXM_NOPARAMS);
	tw_sql_exec("DELETE FROM audit_log WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)));

	/* The other refusals change nothing at all. */
	static const struct {
		const char *current, *pw, *pw2, *msg;
	} bad[] = {
		{PASSWORD, SHORT_PASSWORD, SHORT_PASSWORD, MSG_PW_SHORT},
		{PASSWORD, NEW_PASSWORD, "Twelve-charZ", MSG_PW_MISMATCH},
		{PASSWORD, NEW_PASSWORD, "", MSG_PW_ALL3},
	};
	char *before = state_dump();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		client_post(&c, "/account/password",
		            tw_fields("current", bad[i].current, "password", bad[i].pw, "password2", bad[i].pw2,
		                      NULL),
		            &r);
		assert_status(&r, 200);
		assert_notice(&r, "error", bad[i].msg);
		tw_assert_no_session_cookie(&r);
		th_response_free(&r);
	}
	assert_state_unchanged(before, "a refused password change");
	free(before);
	ck_assert(password_is(uid, PASSWORD));

	char *old_hash = tw_sql_text("SELECT password_hash FROM users WHERE id = ?", CXM_PARAMS(CXM_PINT(uid)));
	client_post(&c, "/account/password",
	            tw_fields("current", PASSWORD, "password", NEW_PASSWORD, "password2", NEW_PASSWORD, NULL),
	            &r);
	assert_status(&r, 200);
	assert_notice(&r, "ok", MSG_PW_CHANGED);
	char fresh[TW_TOKEN_CHARS + 1];
	new_session_token(&r, fresh);
	th_response_free(&r);

	char *new_hash = tw_sql_text("SELECT password_hash FROM users WHERE id = ?", CXM_PARAMS(CXM_PINT(uid)));
	ck_assert_str_ne(new_hash, old_hash);
	ck_assert(password_is(uid, NEW_PASSWORD));
	ck_assert(!password_is(uid, PASSWORD));
	free(old_hash);
	free(new_hash);
	/* every session of the user is gone but the new one; the other's stays */
	ck_assert_int_eq(sessions_of(uid), 1);
	ck_assert_int_eq(sessions_with_token(fresh), 1);
	ck_assert_int_eq(sessions_with_token(c.token), 0);
	ck_assert_int_eq(sessions_with_token(d1.token), 0);
	ck_assert_int_eq(sessions_with_token(d2.token), 0);
	ck_assert_int_eq(sessions_with_token(x.token), 1);
	audit = audit_of(biz);
	snprintf(want, sizeof(want), "password_changed|%lld|%s|%s|all sessions ended|127.0.0.1\n", uid,
	         email, email);
	ck_assert_str_eq(audit, want);
	free(audit);

	assert_token_refused(d1.token);
	assert_token_refused(c.token);
	ck_assert(signed_in_as(fresh, email));
	ck_assert(signed_in_as(x.token, "other@pwchange-co.example"));
	assert_login_refused(email, PASSWORD);
	assert_login_works(email, NEW_PASSWORD, uid);
}
END_TEST

/* ==== 3. Password reset ==================================================== */

/* "Forgot your password?" answers a known and an unknown address with the
 * same status and the same page (but for the address itself); only the
 * known one gets a message, with a one-hour link (one open reset token,
 * password_reset_requested). The link shows the form; a short or
 * mismatched password is refused and keeps it; a good one sets the
 * password (the old one then fails at sign-in, the new one works), ends
 * the user's two sessions, signs the browser in and writes
 * password_reset. The link is then refused (404) for GET and POST; so is a
 * second link once past its expiry, and neither changes the password. */
START_TEST(password_reset)
{
	long long biz = make_business("reset-co", "Reset Co");
	static const char known[] = "rita@reset-co.example";
	static const char unknown[] = "rick@reset-co.example";
	long long uid = make_user(known, "Rita Analyst", 0);
	make_member(biz, uid, "analyst", 0);
	struct client s1, s2;
	make_session(&s1, uid, biz);
	make_session(&s2, uid, biz);

	struct th_response rk, ru;
	visitor_post("/password/forgot", tw_fields("email", known, NULL), &rk);
	visitor_post("/password/forgot", tw_fields("email", unknown, NULL), &ru);
	assert_status(&rk, 200);
	assert_status(&ru, 200);
	char msg[512];
	snprintf(msg, sizeof(msg),
	         "If %s belongs to an account, a message with a link to set a new password is on its way."
	         " The link works once, for 60 minutes.",
	         known);
	assert_message(&rk, msg);
	snprintf(msg, sizeof(msg),
	         "If %s belongs to an account, a message with a link to set a new password is on its way."
	         " The link works once, for 60 minutes.",
	         unknown);
	assert_message(&ru, msg);
	/* the same page: the two addresses have the same length, so swapping
	 * one for the other leaves the same bytes */
	ck_assert_uint_eq(strlen(known), strlen(unknown));
	for (char *p = strstr(ru.body, unknown); p; p = strstr(p, unknown))
		memcpy(p, known, strlen(known));
	ck_assert_str_eq(ru.body, rk.body);
	th_response_free(&rk);
	th_response_free(&ru);

	ck_assert_int_eq(mails_to(unknown), 0);
	ck_assert_int_eq(mails_to(known), 1);
	char *subject = tw_sql_text("SELECT subject FROM outbox WHERE recipient = ? AND business_id IS NULL",
	                            CXM_PARAMS(CXM_PSTR(known)));
	ck_assert_pstr_eq(subject, "Setting a new CXM password");
	free(subject);
	char *mail = last_mail(known);
	char token[TW_TOKEN_CHARS + 1], want[2048];
	link_token(mail, "/password/reset/", token);
	snprintf(want, sizeof(want),
	         "Someone (hopefully you) asked to set a new password for your CXM account %s.\n\n"
	         "To choose a new password, open this link within 60 minutes:\n"
	         "http://localhost:%d/password/reset/%s\n\n"
	         "If you did not ask for this, ignore this message: your password stays as it is.",
	         known, stack.port, token);
	ck_assert_str_eq(mail, want);
	free(mail);
	long long tid = token_row(token);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM user_tokens WHERE id = ? AND purpose = 'reset'"
	                            " AND user_id = ? AND business_id IS NULL AND role IS NULL"
	                            " AND used_at IS NULL"
	                            " AND TIMESTAMPDIFF(SECOND, created_at, expires_at) = 3600",
	                            CXM_PARAMS(CXM_PINT(tid), CXM_PINT(uid)), -1),
	                 1);
	/* recorded in her business, where its administrators see it */
	char *audit = audit_about(known);
	snprintf(want, sizeof(want), "%lld|password_reset_requested|\\N||rita@reset-co.example||127.0.0.1\n",
	         biz);
	ck_assert_str_eq(audit, want);
	free(audit);
	audit = audit_about(unknown);
	ck_assert_str_eq(audit, "");
	free(audit);

	char link[128];
	snprintf(link, sizeof(link), "/password/reset/%s", token);
	struct th_response r;
	get(link, NULL, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<h1>Set a new password</h1>");
	assert_body_has(&r, "<p>Account: <strong>rita@reset-co.example</strong></p>");
	th_response_free(&r);

	char *before = state_dump();
	visitor_post(link, tw_fields("password", SHORT_PASSWORD, "password2", SHORT_PASSWORD, NULL), &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_PW_SHORT);
	th_response_free(&r);
	visitor_post(link, tw_fields("password", NEW_PASSWORD, "password2", "Twelve-charZ", NULL), &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_PW_MISMATCH);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	assert_state_unchanged(before, "a refused reset");
	free(before);

	visitor_post(link, tw_fields("password", NEW_PASSWORD, "password2", NEW_PASSWORD, NULL), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	char session[TW_TOKEN_CHARS + 1];
	new_session_token(&r, session);
	th_response_free(&r);
	ck_assert(password_is(uid, NEW_PASSWORD));
	ck_assert_int_eq(tw_sql_int("SELECT used_at IS NOT NULL FROM user_tokens WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(tid)), -1),
	                 1);
	ck_assert_int_eq(sessions_with_token(s1.token), 0);
	ck_assert_int_eq(sessions_with_token(s2.token), 0);
	ck_assert_int_eq(sessions_of(uid), 1);
	ck_assert(signed_in_as(session, known));
	audit = audit_about(known);
	snprintf(want, sizeof(want),
	         "%lld|password_reset_requested|\\N||%s||127.0.0.1\n"
	         "%lld|password_reset|%lld|%s|%s||127.0.0.1\n",
	         biz, known, biz, uid, known, known);
	ck_assert_str_eq(audit, want);
	free(audit);
	assert_login_refused(known, PASSWORD);
	assert_login_works(known, NEW_PASSWORD, uid);

	/* one time only */
	before = state_dump();
	get(link, NULL, &r);
	assert_error_page(&r, 404, MSG_RESET_INVALID);
	th_response_free(&r);
	visitor_post(link, tw_fields("password", "Third-password-1", "password2", "Third-password-1", NULL),
	             &r);
	assert_error_page(&r, 404, MSG_RESET_INVALID);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	assert_state_unchanged(before, "a used reset link");
	free(before);

	/* a second link, past its expiry */
	char late[TW_TOKEN_CHARS + 1];
	forgot(known, late);
	ck_assert_int_eq(mails_to(known), 2);
	ck_assert_str_ne(late, token);
	tw_sql_exec("UPDATE user_tokens SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(token_row(late))));
	snprintf(link, sizeof(link), "/password/reset/%s", late);
	before = state_dump();
	get(link, NULL, &r);
	assert_error_page(&r, 404, MSG_RESET_INVALID);
	th_response_free(&r);
	visitor_post(link, tw_fields("password", "Third-password-1", "password2", "Third-password-1", NULL),
	             &r);
	assert_error_page(&r, 404, MSG_RESET_INVALID);
	th_response_free(&r);
	assert_state_unchanged(before, "an expired reset link");
	free(before);
	ck_assert(password_is(uid, NEW_PASSWORD));
}
END_TEST

/* At most three unused, unexpired reset links per user: a fourth request
 * gets the same page but no message and no token; once one of the three
 * has expired, a request sends a link again. */
START_TEST(password_reset_limit)
{
	static const char email[] = "flood@reset-co.example";
	long long uid = make_user(email, "Flood Target", 0);
	struct th_response r;
	char msg[512];
	snprintf(msg, sizeof(msg),
	         "If %s belongs to an account, a message with a link to set a new password is on its way."
	         " The link works once, for 60 minutes.",
	         email);
	for (int i = 0; i < 4; i++) {
		visitor_post("/password/forgot", tw_fields("email", email, NULL), &r);
		assert_status(&r, 200);
		assert_message(&r, msg);
		th_response_free(&r);
		ck_assert_int_eq(mails_to(email), i < 3 ? i + 1 : 3);
	}
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM user_tokens WHERE user_id = ? AND purpose = 'reset'",
	                            CXM_PARAMS(CXM_PINT(uid)), -1),
	                 3);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM audit_log WHERE target = ?"
	                            " AND action = 'password_reset_requested'",
	                            CXM_PARAMS(CXM_PSTR(email)), -1),
	                 3);
	tw_sql_exec("UPDATE user_tokens SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND"
	            " WHERE user_id = ? ORDER BY id LIMIT 1",
	            CXM_PARAMS(CXM_PINT(uid)));
	visitor_post("/password/forgot", tw_fields("email", email, NULL), &r);
	assert_status(&r, 200);
	th_response_free(&r);
	ck_assert_int_eq(mails_to(email), 4);
}
END_TEST

/* A reset link opened in a browser where someone else is signed in: that
 * session ends (signing in always replaces the browser's session), the new
 * session is the reset user's, and the audit row names the reset user as
 * the actor, not the person who happened to be signed in there. */
START_TEST(password_reset_audit_actor)
{
	long long biz = make_business("reset-actor-co", "Reset Actor Co");
	static const char email[] = "yan@reset-actor.example";
	long long uid = make_user(email, "Yan Reset", 0);
	make_member(biz, uid, "analyst", 0);
	long long someone = make_user("xena@reset-actor.example", "Xena Signed In", 0);
	make_member(biz, someone, "owner", 0);
	struct client x;
	make_session(&x, someone, biz);
	char token[TW_TOKEN_CHARS + 1], link[128];
	forgot(email, token);
	snprintf(link, sizeof(link), "/password/reset/%s", token);

	struct th_response r;
	client_post(&x, link, tw_fields("password", NEW_PASSWORD, "password2", NEW_PASSWORD, NULL), &r);
	assert_status(&r, 303);
	char session[TW_TOKEN_CHARS + 1];
	new_session_token(&r, session);
	th_response_free(&r);
	ck_assert_int_eq(sessions_with_token(x.token), 0);
	ck_assert(signed_in_as(session, email));
	char *audit = tw_sql_rows("SELECT actor_id, actor_email FROM audit_log WHERE target = ?"
	                          " AND action = 'password_reset'",
	                          CXM_PARAMS(CXM_PSTR(email)));
	char want[256];
	snprintf(want, sizeof(want), "%lld|%s\n", uid, email);
	ck_assert_str_eq(audit, want);
	free(audit);
}
END_TEST

/* ==== 4. Sign-up ============================================================ */

/* allow_signup = yes: the sign-in page offers sign-up; POST /signup makes
 * the business (slug, name, industry, the page's language, time zone), the
 * user (lower-cased e-mail, name, language, the password), an owner
 * membership, a signup audit row, and signs the owner in on it. */
START_TEST(signup_creates_business)
{
	struct th_response r;
	get("/login", NULL, &r);
	assert_body_has(&r, "<a href=\"/signup\">Create an account for your business</a>");
	th_response_free(&r);
	get("/signup", NULL, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "name=\"timezone\" value=\"Europe/Moscow\"");
	th_response_free(&r);

	visitor_post("/signup",
	             tw_fields("business_name", "Signup Salon", "slug", "signup-salon", "industry", "salon",
	                       "timezone", "Asia/Yekaterinburg", "name", "Sam Signup", "email",
	                       "Sam@Signup-Salon.example", "password", NEW_PASSWORD, "password2",
	                       NEW_PASSWORD, NULL),
	             &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	char session[TW_TOKEN_CHARS + 1];
	new_session_token(&r, session);
	th_response_free(&r);

	static const char email[] = "sam@signup-salon.example";
	long long bid = tw_sql_int("SELECT id FROM businesses WHERE slug = 'signup-salon'", CXM_NOPARAMS, 0);
	long long uid = user_id(email);
	ck_assert_int_gt(bid, 0);
	ck_assert_int_gt(uid, 0);
	char *row = tw_sql_rows("SELECT slug, name, industry, locale, timezone FROM businesses WHERE id = ?",
	                        CXM_PARAMS(CXM_PINT(bid)));
	ck_assert_str_eq(row, "signup-salon|Signup Salon|salon|en|Asia/Yekaterinburg\n");
	free(row);
	row = tw_sql_rows("SELECT name, language, disabled, site_admin, password_changed_at IS NOT NULL"
	                  " FROM users WHERE id = ?",
	                  CXM_PARAMS(CXM_PINT(uid)));
	ck_assert_str_eq(row, "Sam Signup|en|0|0|1\n");
	free(row);
	ck_assert(password_is(uid, NEW_PASSWORD));
	row = tw_sql_rows("SELECT business_id, role, disabled FROM memberships WHERE user_id = ?",
	                  CXM_PARAMS(CXM_PINT(uid)));
	char want[512];
	snprintf(want, sizeof(want), "%lld|owner|0\n", bid);
	ck_assert_str_eq(row, want);
	free(row);
	char *audit = audit_of(bid);
	snprintf(want, sizeof(want), "signup|%lld|%s|signup-salon|%s|127.0.0.1\n", uid, email, email);
	ck_assert_str_eq(audit, want);
	free(audit);

	struct client c;
	client_from_token(&c, session);
	ck_assert_int_eq(tw_sql_int("SELECT business_id FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(c.session_id)), -1),
	                 bid);
	assert_works_in(&c, "Signup Salon", "Owner");
	client_get(&c, "/admin/users", &r);
	assert_status(&r, 200);
	th_response_free(&r);
	assert_login_works(email, NEW_PASSWORD, uid);
}
END_TEST

/* Sign-up refused: a slug already taken, one with a capital letter and '_'
 * and one starting with '-', and an unknown time zone each get their
 * message next to their field (and "Check the highlighted fields." above
 * the form), the values kept; an e-mail that has an account and two
 * different passwords get theirs above the form. Nothing is created and
 * nobody is signed in. */
START_TEST(signup_refused)
{
	make_business("taken-slug", "Taken Slug Co");
	make_user("taken@signup.example", "Taken Person", 0);
	static const struct {
		const char *slug, *tz, *email, *pw2;
		const char *field, *msg;   /* field NULL: the message is above the form */
	} cases[] = {
		{"taken-slug", "Europe/Moscow", "new1@signup.example", NEW_PASSWORD, "slug", MSG_SLUG_TAKEN},
		{"Bad_Slug", "Europe/Moscow", "new2@signup.example", NEW_PASSWORD, "slug", MSG_SLUG_CHARS},
		{"-leading", "Europe/Moscow", "new3@signup.example", NEW_PASSWORD, "slug", MSG_SLUG_CHARS},
		{"fresh-slug", "Mars/Olympus", "new4@signup.example", NEW_PASSWORD, "timezone", MSG_TZ},
		{"fresh-slug", "Europe/Moscow", "Taken@Signup.example", NEW_PASSWORD, NULL, MSG_EMAIL_TAKEN},
		{"fresh-slug", "Europe/Moscow", "new5@signup.example", "Twelve-charZ", NULL, MSG_PW_MISMATCH},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *before = state_dump();
		struct th_response r;
		visitor_post("/signup",
		             tw_fields("business_name", "Refused Co", "slug", cases[i].slug, "industry", "retail",
		                       "timezone", cases[i].tz, "name", "Refused Person", "email",
		                       cases[i].email, "password", NEW_PASSWORD, "password2", cases[i].pw2,
		                       NULL),
		             &r);
		assert_status(&r, 200);
		tw_assert_no_session_cookie(&r);
		char value[256];
		snprintf(value, sizeof(value), "name=\"slug\" value=\"%s\"", cases[i].slug);
		assert_body_has(&r, value);
		if (cases[i].field) {
			assert_notice(&r, "error", MSG_CHECK);
			assert_field_error(&r, cases[i].field, cases[i].msg);
		} else {
			assert_notice(&r, "error", cases[i].msg);
			ck_assert_ptr_null(field_error(r.body, "slug"));
		}
		th_response_free(&r);
		assert_state_unchanged(before, cases[i].slug);
		free(before);
	}
}
END_TEST

/* A site operator creates a business on /site/businesses: the business
 * row as entered, an owner invitation to the given address (in the outbox,
 * in the business's language) and a business_created audit row. A taken
 * short name, a malformed one and an unknown time zone are each shown next
 * to their field, and create nothing. */
START_TEST(site_operator_creates_business)
{
	make_business("op-taken", "Operator Taken Co");
	long long op = make_user("operator@site.example", "Site Operator", 1);
	struct client c;
	make_session(&c, op, 0);
	static const struct {
		const char *slug, *tz, *field, *msg;
	} bad[] = {
		{"op-taken", "Europe/Minsk", "slug", MSG_SLUG_TAKEN},
		{"Op_Bad", "Europe/Minsk", "slug", MSG_SLUG_CHARS},
		{"op-fresh", "Mars/Olympus", "timezone", MSG_TZ},
	};
	struct th_response r;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *before = state_dump();
		client_post(&c, "/site/businesses",
		            tw_fields("slug", bad[i].slug, "name", "Operator Co", "industry", "clinic", "locale",
		                      "en", "timezone", bad[i].tz, "owner_email", "boss@op-fresh.example",
		                      "owner_name", "Boss", NULL),
		            &r);
		assert_status(&r, 200);
		assert_notice(&r, "error", MSG_CHECK);
		assert_field_error(&r, bad[i].field, bad[i].msg);
		th_response_free(&r);
		assert_state_unchanged(before, bad[i].slug);
		free(before);
	}

	client_post(&c, "/site/businesses",
	            tw_fields("slug", "op-fresh", "name", "Operator Co", "industry", "clinic", "locale", "en",
	                      "timezone", "Europe/Minsk", "owner_email", "Boss@Op-Fresh.example", "owner_name",
	                      "Boss", NULL),
	            &r);
	assert_status(&r, 200);
	assert_notice(&r, "ok", "Business Operator Co created; an invitation was sent to boss@op-fresh.example.");
	th_response_free(&r);
	long long biz = tw_sql_int("SELECT id FROM businesses WHERE slug = 'op-fresh' AND name = 'Operator Co'"
	                           " AND industry = 'clinic' AND locale = 'en' AND timezone = 'Europe/Minsk'",
	                           CXM_NOPARAMS, 0);
	ck_assert_int_gt(biz, 0);
	long long boss = user_id("boss@op-fresh.example");
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM user_tokens WHERE user_id = ? AND business_id = ?"
	                            " AND purpose = 'invite' AND role = 'owner' AND used_at IS NULL",
	                            CXM_PARAMS(CXM_PINT(boss), CXM_PINT(biz)), -1),
	                 1);
	char *subject = tw_sql_text("SELECT subject FROM outbox WHERE recipient = 'boss@op-fresh.example'",
	                            CXM_NOPARAMS);
	ck_assert_pstr_eq(subject, "Invitation to Operator Co in CXM");
	free(subject);
	/* no membership until the invitation is accepted */
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM memberships WHERE business_id = ?",
	                            CXM_PARAMS(CXM_PINT(biz)), -1),
	                 0);
	char *audit = audit_of(biz);
	char want[1024];
	snprintf(want, sizeof(want),
	         "invitation_sent|%lld|operator@site.example|boss@op-fresh.example|owner|127.0.0.1\n"
	         "business_created|%lld|operator@site.example|op-fresh|owner: boss@op-fresh.example|127.0.0.1\n",
	         op, op);
	ck_assert_str_eq(audit, want);
	free(audit);
}
END_TEST

/* The business name may be 200 characters long in any script: 200
 * Cyrillic letters (400 bytes) are accepted and stored as sent; 201 are
 * refused next to the field, creating nothing. */
START_TEST(signup_name_in_characters)
{
	struct tw_text name = {0};
	for (int i = 0; i < 200; i++)
		tw_text_add(&name, "\xd0\xaf", 2);   /* Я */
	struct th_response r;
	visitor_post("/signup",
	             tw_fields("business_name", name.s, "slug", "long-name", "industry", "other", "timezone",
	                       "UTC", "name", "Long Name", "email", "long@signup.example", "password",
	                       NEW_PASSWORD, "password2", NEW_PASSWORD, NULL),
	             &r);
	assert_status(&r, 303);
	th_response_free(&r);
	char *stored = tw_sql_text("SELECT name FROM businesses WHERE slug = 'long-name'", CXM_NOPARAMS);
	ck_assert_pstr_eq(stored, name.s);
	free(stored);

	tw_text_add(&name, "\xd0\xaf", 2);
	char *before = state_dump();
	visitor_post("/signup",
	             tw_fields("business_name", name.s, "slug", "longer-name", "industry", "other",
	                       "timezone", "UTC", "name", "Longer Name", "email", "longer@signup.example",
	                       "password", NEW_PASSWORD, "password2", NEW_PASSWORD, NULL),
	             &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_CHECK);
	char *err = field_error(r.body, "business_name");
	ck_assert_ptr_nonnull(err);
	free(err);
	th_response_free(&r);
	assert_state_unchanged(before, "a 201-character business name");
	free(before);
	free(name.s);
}
END_TEST

/* allow_signup off (the default; the second stack, same database): GET and
 * POST /signup are 404, nothing is created, and the sign-in page does not
 * offer sign-up. */
START_TEST(signup_off)
{
	struct th_response r;
	http_at(nosignup.port, "GET", "/signup", NULL, NULL, &r);
	assert_error_page(&r, 404, NULL);
	assert_body_has(&r, MSG_NO_PAGE);
	th_response_free(&r);
	char *before = state_dump();
	post_form(nosignup.port, "/signup", VISITOR_COOKIE, VISITOR_CSRF,
	          tw_fields("business_name", "Off Co", "slug", "signup-off", "industry", "retail", "timezone",
	                    "Europe/Moscow", "name", "Off Person", "email", "off@signup.example", "password",
	                    NEW_PASSWORD, "password2", NEW_PASSWORD, NULL),
	          &r);
	assert_error_page(&r, 404, NULL);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	assert_state_unchanged(before, "POST /signup with sign-up off");
	free(before);
	http_at(nosignup.port, "GET", "/login", NULL, NULL, &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "/signup");
	th_response_free(&r);
}
END_TEST

/* ==== 5. Managing users ===================================================== */

/* An administrator changes a manager to analyst: 303 to the person's page,
 * the role stored, role_changed with "manager -> analyst" (shown on the
 * person's page). An administrator may not grant the owner role nor touch
 * an owner (403, unchanged); nobody, owner or administrator, changes their
 * own role (the page says so, unchanged); the same role again changes and
 * records nothing; an owner may grant and take away the owner role. */
START_TEST(role_changes)
{
	long long biz = make_business("roles-co", "Roles Co");
	long long owner = make_user("owner@roles-co.example", "Roles Owner", 0);
	long long admin = make_user("admin@roles-co.example", "Roles Admin", 0);
	long long mgr = make_user("manager@roles-co.example", "Roles Manager", 0);
	make_member(biz, owner, "owner", 0);
	make_member(biz, admin, "admin", 0);
	make_member(biz, mgr, "manager", 0);
	struct client oc, ac;
	make_session(&oc, owner, biz);
	make_session(&ac, admin, biz);
	char path[128], page[128], loc[128];
	snprintf(path, sizeof(path), "/admin/users/%lld/role", mgr);
	snprintf(page, sizeof(page), "/admin/users/%lld", mgr);

	struct th_response r;
	client_post(&ac, path, tw_fields("role", "analyst", NULL), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", page);
	th_response_free(&r);
	assert_membership(biz, mgr, "analyst|0\n");
	client_get(&ac, page, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<td>Role changed</td>");
	assert_body_has(&r, "<td>manager -&gt; analyst</td>");
	th_response_free(&r);

	/* refused, each changing nothing */
	struct {
		const struct client *who;
		long long target;
		const char *role;
		int status;
		const char *msg;
	} refused[] = {
		{&ac, mgr, "owner", 403, MSG_OWNER_ROLE},
		{&ac, owner, "admin", 403, MSG_OWNER_ROLE},
		{&ac, admin, "analyst", 200, MSG_OWN_ROLE},
		{&oc, owner, "admin", 200, MSG_OWN_ROLE},
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char *before = state_dump();
		snprintf(loc, sizeof(loc), "/admin/users/%lld/role", refused[i].target);
		client_post(refused[i].who, loc, tw_fields("role", refused[i].role, NULL), &r);
		if (refused[i].status == 403) {
			assert_error_page(&r, 403, refused[i].msg);
		} else {
			assert_status(&r, 200);
			assert_notice(&r, "error", refused[i].msg);
		}
		th_response_free(&r);
		assert_state_unchanged(before, loc);
		free(before);
	}

	/* the same role again: nothing to record */
	client_post(&ac, path, tw_fields("role", "analyst", NULL), &r);
	assert_status(&r, 303);
	th_response_free(&r);
	/* an owner grants the owner role, and takes it away again */
	client_post(&oc, path, tw_fields("role", "owner", NULL), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", page);
	th_response_free(&r);
	assert_membership(biz, mgr, "owner|0\n");
	client_post(&oc, path, tw_fields("role", "manager", NULL), &r);
	assert_status(&r, 303);
	th_response_free(&r);
	assert_membership(biz, mgr, "manager|0\n");

	char *audit = audit_of(biz);
	char want[1024];
	snprintf(want, sizeof(want),
	         "role_changed|%lld|admin@roles-co.example|manager@roles-co.example|manager -> analyst|127.0.0.1\n"
	         "role_changed|%lld|owner@roles-co.example|manager@roles-co.example|analyst -> owner|127.0.0.1\n"
	         "role_changed|%lld|owner@roles-co.example|manager@roles-co.example|owner -> manager|127.0.0.1\n",
	         admin, owner, owner);
	ck_assert_str_eq(audit, want);
	free(audit);
	assert_membership(biz, owner, "owner|0\n");
	assert_membership(biz, admin, "admin|0\n");
}
END_TEST

/* A request sent from a child process, collected later. */
struct pending {
	pid_t pid;
	int fd;
};

static void write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			_exit(1);
		p += w;
		n -= (size_t)w;
	}
}

/* POSTs body to path with cookies from a child process, which writes the
 * status and the body into a pipe. */
static void post_in_background(struct pending *p, const char *path, const char *cookies,
                               const char *body)
{
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		char headers[512];
		snprintf(headers, sizeof(headers),
		         "Accept-Language: en\r\nCookie: %s\r\n"
		         "Content-Type: application/x-www-form-urlencoded\r\n",
		         cookies);
		struct th_response r;
		int ok = th_http(stack.port, "POST", path, headers, body, strlen(body), &r) == 0;
		char line[32];
		int n = snprintf(line, sizeof(line), "%d\n", ok ? r.status : -1);
		write_all(fds[1], line, (size_t)n);
		if (ok)
			write_all(fds[1], r.body, r.body_len);
		_exit(0);
	}
	close(fds[1]);
	p->pid = pid;
	p->fd = fds[0];
}

/* The status of the background request; its body is appended to body. */
static int background_result(struct pending *p, struct tw_text *body)
{
	struct tw_text all = {0};
	char buf[4096];
	ssize_t n;
	tw_text_add(&all, "", 0);
	while ((n = read(p->fd, buf, sizeof(buf))) > 0)
		tw_text_add(&all, buf, (size_t)n);
	close(p->fd);
	int st;
	ck_assert_int_eq(waitpid(p->pid, &st, 0), p->pid);
	char *nl = strchr(all.s, '\n');
	ck_assert_msg(nl != NULL, "the background request wrote nothing");
	int status = atoi(all.s);
	tw_text_add(body, nl + 1, strlen(nl + 1));
	free(all.s);
	return status;
}

/* Waits until another connection to this test's database is running a
 * locking read (FOR UPDATE): the request has loaded its session and now
 * waits for the row this test holds. (InnoDB does not list a wait taken
 * while the optimizer reads a row by its primary key, so the statement in
 * the process list is what tells.) */
static void wait_for_locking_read(void)
{
	for (int i = 0; i < 1000; i++) {
		if (tw_sql_int("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE()"
		               " AND ID <> CONNECTION_ID() AND INFO LIKE '%FOR UPDATE'",
		               CXM_NOPARAMS, 0) > 0)
			return;
		struct timespec ts = {0, 10 * 1000000L};
		nanosleep(&ts, NULL);
	}
	ck_abort_msg("the request never reached the locked row");
}

/* The last active owner can be neither demoted nor suspended. Among two
 * owners only an owner may act on an owner and nobody on themselves, so
 * this can only arise when the two act on each other at once: second asks
 * to demote (then to suspend) first while first's membership row is
 * locked; meanwhile second loses the owner role and that commits. The
 * server, whose view of second's session still says owner, must count the
 * owners again under the lock: the answer is the person's page with the
 * last-owner notice, first stays an active owner and nothing is
 * recorded. */
START_TEST(last_owner_race)
{
	long long biz = make_business("race-co", "Race Co");
	long long first = make_user("first@race-co.example", "First Owner", 0);
	long long second = make_user("second@race-co.example", "Second Owner", 0);
	make_member(biz, first, "owner", 0);
	make_member(biz, second, "owner", 0);
	struct client c2;
	make_session(&c2, second, biz);
	static const char *const actions[] = {"role", "suspend"};
	for (size_t i = 0; i < 2; i++) {
		tw_sql_exec("UPDATE memberships SET role = 'owner', disabled = 0 WHERE business_id = ?",
		            CXM_PARAMS(CXM_PINT(biz)));
		char path[128];
		snprintf(path, sizeof(path), "/admin/users/%lld/%s", first, actions[i]);
		struct tw_text f = i == 0 ? tw_fields("role", "admin", NULL) : tw_fields("confirm", "1", NULL);
		tw_form_add(&f, "csrf", c2.csrf);

		ck_assert_int_eq(cxm_db_begin(db), CXM_OK);
		ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM memberships WHERE business_id = ?"
		                            " AND user_id = ? FOR UPDATE",
		                            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(first)), -1),
		                 1);
		struct pending p;
		post_in_background(&p, path, c2.cookie, f.s);
		free(f.s);
		wait_for_locking_read();
		tw_sql_exec("UPDATE memberships SET role = 'admin' WHERE business_id = ? AND user_id = ?",
		            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(second)));
		ck_assert_int_eq(cxm_db_commit(db), CXM_OK);

		struct tw_text body = {0};
		int status = background_result(&p, &body);
		struct th_response r = {.status = status, .head = strdup(""), .body = body.s,
		                        .body_len = body.len};
		assert_status(&r, 200);
		assert_notice(&r, "error", MSG_LAST_OWNER);
		th_response_free(&r);
		assert_membership(biz, first, "owner|0\n");
	}
	char *audit = audit_of(biz);
	ck_assert_str_eq(audit, "");
	free(audit);
}
END_TEST

/* Suspending needs the confirmation box ("confirm"): without it the page
 * says so and nothing changes. With it: 303, memberships.disabled set,
 * user_disabled; the suspended administrator's very next request to
 * /admin/users is 403 and the header no longer names the business, while
 * the session itself lives on and their other business still works.
 * Restoring: 303, user_enabled, access back. Nobody suspends themselves;
 * an administrator neither suspends nor restores an owner (403). */
START_TEST(suspend_and_restore)
{
	long long biz = make_business("suspend-co", "Suspend Co");
	long long elsewhere = make_business("elsewhere-co", "Elsewhere Co");
	long long owner = make_user("owner@suspend-co.example", "Suspend Owner", 0);
	long long admin = make_user("admin@suspend-co.example", "Suspend Admin", 0);
	long long target = make_user("target@suspend-co.example", "Suspend Target", 0);
	make_member(biz, owner, "owner", 0);
	make_member(biz, admin, "admin", 0);
	make_member(biz, target, "admin", 0);
	make_member(elsewhere, target, "analyst", 0);
	struct client ac, tc;
	make_session(&ac, admin, biz);
	make_session(&tc, target, biz);
	char suspend[128], restore[128], page[128], want[1024], id[32];
	snprintf(suspend, sizeof(suspend), "/admin/users/%lld/suspend", target);
	snprintf(restore, sizeof(restore), "/admin/users/%lld/restore", target);
	snprintf(page, sizeof(page), "/admin/users/%lld", target);

	struct th_response r;
	client_get(&tc, "/admin/users", &r);
	assert_status(&r, 200);
	th_response_free(&r);
	client_get(&ac, page, &r);
	assert_body_has(&r, "name=\"confirm\" value=\"1\"");
	th_response_free(&r);

	char *before = state_dump();
	client_post(&ac, suspend, tw_fields(NULL), &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_CONFIRM);
	th_response_free(&r);
	assert_state_unchanged(before, "a suspension without confirmation");
	free(before);

	client_post(&ac, suspend, tw_fields("confirm", "1", NULL), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", page);
	th_response_free(&r);
	assert_membership(biz, target, "admin|1\n");
	assert_membership(elsewhere, target, "analyst|0\n");

	client_get(&tc, "/admin/users", &r);
	assert_error_page(&r, 403, NULL);
	assert_body_has(&r, MSG_DENIED);
	th_response_free(&r);
	client_get(&tc, "/", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "Suspend Co");
	assert_body_has(&r, "title=\"target@suspend-co.example\"");
	th_response_free(&r);
	ck_assert_int_eq(sessions_with_token(tc.token), 1);
	/* other businesses are not affected; the suspended one cannot be chosen */
	snprintf(id, sizeof(id), "%lld", elsewhere);
	client_post(&tc, "/switch", tw_fields("business", id, NULL), &r);
	assert_status(&r, 303);
	th_response_free(&r);
	assert_works_in(&tc, "Elsewhere Co", "Analyst");
	snprintf(id, sizeof(id), "%lld", biz);
	client_post(&tc, "/switch", tw_fields("business", id, NULL), &r);
	assert_error_page(&r, 404, NULL);
	th_response_free(&r);
	client_get(&ac, "/admin/users", &r);
	assert_body_has(&r, "<span class=\"badge badge-off\">Suspended</span>");
	th_response_free(&r);

	client_post(&ac, restore, tw_fields(NULL), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", page);
	th_response_free(&r);
	assert_membership(biz, target, "admin|0\n");
	client_post(&tc, "/switch", tw_fields("business", id, NULL), &r);
	assert_status(&r, 303);
	th_response_free(&r);
	client_get(&tc, "/admin/users", &r);
	assert_status(&r, 200);
	th_response_free(&r);
	assert_works_in(&tc, "Suspend Co", "Administrator");

	/* refused, each changing nothing */
	char self[128], own_s[128], own_r[128];
	snprintf(self, sizeof(self), "/admin/users/%lld/suspend", admin);
	snprintf(own_s, sizeof(own_s), "/admin/users/%lld/suspend", owner);
	snprintf(own_r, sizeof(own_r), "/admin/users/%lld/restore", owner);
	before = state_dump();
	client_post(&ac, self, tw_fields("confirm", "1", NULL), &r);
	assert_status(&r, 200);
	assert_notice(&r, "error", MSG_SELF_SUSPEND);
	th_response_free(&r);
	client_post(&ac, own_s, tw_fields("confirm", "1", NULL), &r);
	assert_error_page(&r, 403, MSG_OWNER_SUSPEND);
	th_response_free(&r);
	client_post(&ac, own_r, tw_fields(NULL), &r);
	assert_error_page(&r, 403, MSG_OWNER_SUSPEND);
	th_response_free(&r);
	assert_state_unchanged(before, "a refused suspension");
	free(before);

	char *audit = audit_of(biz);
	snprintf(want, sizeof(want),
	         "user_disabled|%lld|admin@suspend-co.example|target@suspend-co.example|admin|127.0.0.1\n"
	         "user_enabled|%lld|admin@suspend-co.example|target@suspend-co.example|admin|127.0.0.1\n",
	         admin, admin);
	ck_assert_str_eq(audit, want);
	free(audit);
}
END_TEST

/* ==== 6. Business settings ================================================== */

/* The settings form shows the stored values; a save changes name,
 * industry, locale and time zone, says so, shows the new name in the
 * header and writes settings_changed with each change as
 * "field: old -> new"; a save changing only the time zone lists only it;
 * a save changing nothing records nothing. Unknown time zones (and a path)
 * are refused with the message next to the field, keeping what was typed,
 * and change nothing. */
START_TEST(business_settings)
{
	long long biz = make_business("settings-co", "Settings Co");
	long long admin = make_user("admin@settings-co.example", "Settings Admin", 0);
	make_member(biz, admin, "admin", 0);
	struct client ac;
	make_session(&ac, admin, biz);

	struct th_response r;
	client_get(&ac, "/admin/business", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "value=\"settings-co\" readonly");
	assert_body_has(&r, "name=\"name\" value=\"Settings Co\"");
	assert_body_has(&r, "name=\"timezone\" value=\"Europe/Moscow\"");
	assert_body_has(&r, "<option value=\"other\" selected>");
	th_response_free(&r);

	client_post(&ac, "/admin/business",
	            tw_fields("name", "Settings Renamed", "industry", "salon", "locale", "en", "timezone",
	                      "Asia/Yekaterinburg", NULL),
	            &r);
	assert_status(&r, 200);
	assert_notice(&r, "ok", MSG_SETTINGS_SAVED);
	assert_body_has(&r, "<span class=\"user-business\">Settings Renamed " DOT " Administrator</span>");
	assert_body_has(&r, "<option value=\"salon\" selected>");
	th_response_free(&r);
	char *row = tw_sql_rows("SELECT slug, name, industry, locale, timezone FROM businesses WHERE id = ?",
	                        CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_str_eq(row, "settings-co|Settings Renamed|salon|en|Asia/Yekaterinburg\n");
	free(row);

	client_post(&ac, "/admin/business",
	            tw_fields("name", "Settings Renamed", "industry", "salon", "locale", "en", "timezone",
	                      "Asia/Yekaterinburg", NULL),
	            &r);
	assert_status(&r, 200);
	assert_notice(&r, "ok", MSG_SETTINGS_SAVED);
	th_response_free(&r);
	client_post(&ac, "/admin/business",
	            tw_fields("name", "Settings Renamed", "industry", "salon", "locale", "en", "timezone",
	                      "UTC", NULL),
	            &r);
	assert_status(&r, 200);
	th_response_free(&r);

	char *audit = audit_of(biz);
	char want[1024];
	snprintf(want, sizeof(want),
	         "settings_changed|%lld|admin@settings-co.example|settings-co|name: Settings Co -> "
	         "Settings Renamed; industry: other -> salon; locale: ru -> en; timezone: Europe/Moscow "
	         "-> Asia/Yekaterinburg|127.0.0.1\n"
	         "settings_changed|%lld|admin@settings-co.example|settings-co|timezone: "
	         "Asia/Yekaterinburg -> UTC|127.0.0.1\n",
	         admin, admin);
	ck_assert_str_eq(audit, want);
	free(audit);

	static const char *const bad_zones[] = {"Mars/Olympus", "../../../etc/passwd"};
	for (size_t i = 0; i < 2; i++) {
		char *before = state_dump();
		client_post(&ac, "/admin/business",
		            tw_fields("name", "Never Saved", "industry", "clinic", "locale", "ru", "timezone",
		                      bad_zones[i], NULL),
		            &r);
		assert_status(&r, 200);
		assert_notice(&r, "error", MSG_CHECK);
		assert_field_error(&r, "timezone", MSG_TZ);
		char *e = tw_esc(bad_zones[i]);
		snprintf(want, sizeof(want), "name=\"timezone\" value=\"%s\"", e);
		free(e);
		assert_body_has(&r, want);
		assert_body_has(&r, "<span class=\"user-business\">Settings Renamed " DOT " Administrator</span>");
		th_response_free(&r);
		assert_state_unchanged(before, bad_zones[i]);
		free(before);
	}
}
END_TEST

/* ==== 7. The audit log page =============================================== */

/* Five rows of the business with known times and actors (inserted out of
 * time order), plus one of another business and one of none on the same
 * days. */
struct audit_case {
	const char *query;    /* after /admin/audit */
	const char *rows;     /* the letters of the rows shown, in page order */
};

static void assert_audit_page(const struct client *c, const struct audit_case *k)
{
	static const char letters[] = "abcdexy";
	char path[256];
	snprintf(path, sizeof(path), "/admin/audit%s%s", *k->query ? "?" : "", k->query);
	struct th_response r;
	client_get(c, path, &r);
	assert_status(&r, 200);
	const char *prev = r.body;
	for (const char *l = k->rows; *l; l++) {
		char cell[64];
		snprintf(cell, sizeof(cell), "<td>row-%c</td>", *l);
		const char *at = strstr(r.body, cell);
		ck_assert_msg(at != NULL, "%s: row-%c missing:\n" TW_PAGE, path, *l, tw_page_main(r.body));
		ck_assert_msg(at > prev, "%s: row-%c out of order:\n" TW_PAGE, path, *l,
		              tw_page_main(r.body));
		prev = at;
	}
	for (const char *l = letters; *l; l++) {
		char cell[64];
		snprintf(cell, sizeof(cell), "<td>row-%c</td>", *l);
		if (!strchr(k->rows, *l))
			ck_assert_msg(strstr(r.body, cell) == NULL, "%s: row-%c shown:\n" TW_PAGE, path, *l,
			              tw_page_main(r.body));
	}
	size_t n = strlen(k->rows);
	char total[128];
	if (n) {
		snprintf(total, sizeof(total), "<span>Page 1 of 1 " DOT " %zu %s</span>", n,
		         n == 1 ? "entry" : "entries");
		assert_body_has(&r, total);
	} else {
		assert_body_has(&r, "No entries.");
	}
	th_response_free(&r);
}

/* GET /admin/audit lists the business's rows newest first (not in id
 * order), each with its time, actor, action label and target, and nothing
 * of other businesses or of none. ?action=, ?actor= (part of the e-mail,
 * '%' only literal), ?from= and ?to= (whole UTC days, both included) each
 * narrow it to exactly the rows expected, also combined; an unknown action
 * and a start after the end are explained instead. */
START_TEST(audit_page_filters)
{
	long long biz = make_business("audit-co", "Audit Co");
	long long other = make_business("audit-other", "Audit Other");
	long long admin = make_user("root@audit-co.example", "Audit Admin", 0);
	make_member(biz, admin, "admin", 0);
	struct client ac;
	make_session(&ac, admin, biz);
	static const struct {
		int business;   /* 1 this one, 2 the other, 0 none */
		const char *when, *action, *actor, *target;
	} rows[] = {
		{1, "2024-03-05 12:00:00", "login", "carl@audit-co.example", "row-e"},
		{1, "2024-03-01 09:00:00", "login", "ann@audit-co.example", "row-a"},
		{1, "2024-03-03 00:00:00", "settings_changed", "ann@audit-co.example", "row-d"},
		{1, "2024-03-02 10:00:00", "role_changed", "bob@audit-co.example", "row-b"},
		{1, "2024-03-02 23:59:59", "login", "bob@audit-co.example", "row-c"},
		{2, "2024-03-02 11:00:00", "login", "bob@audit-co.example", "row-x"},
		{0, "2024-03-02 12:00:00", "login", "bob@audit-co.example", "row-y"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		tw_sql_exec("INSERT INTO audit_log (business_id, actor_email, action, target, detail,"
		            " remote_addr, created_at) VALUES (?, ?, ?, ?, 'some detail', '192.0.2.7', ?)",
		            CXM_PARAMS(rows[i].business == 1   ? CXM_PINT(biz)
		                    : rows[i].business == 2 ? CXM_PINT(other)
		                                            : CXM_PNULL,
		                    CXM_PSTR(rows[i].actor), CXM_PSTR(rows[i].action),
		                    CXM_PSTR(rows[i].target), CXM_PSTR(rows[i].when)));

	static const struct audit_case cases[] = {
		{"", "edcba"},
		{"action=login", "eca"},
		{"action=role_changed", "b"},
		{"actor=bob", "cb"},
		{"actor=ann%40audit", "da"},
		{"actor=%25", ""},
		{"from=2024-03-02&to=2024-03-02", "cb"},
		{"from=2024-03-03", "ed"},
		{"to=2024-03-01", "a"},
		{"from=2024-03-04&to=2024-03-04", ""},
		{"action=login&actor=bob&from=2024-03-02", "c"},
		{"action=no_such_action", ""},
		{"from=2024-03-05&to=2024-03-01", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_audit_page(&ac, &cases[i]);

	struct th_response r;
	client_get(&ac, "/admin/audit", &r);
	assert_body_has(&r, "<td>2024-03-01 09:00:00</td>\n          <td>ann@audit-co.example</td>\n"
	                    "          <td>Signed in</td>\n          <td>row-a</td>\n"
	                    "          <td>some detail</td>\n          <td>192.0.2.7</td>");
	th_response_free(&r);
	client_get(&ac, "/admin/audit?action=no_such_action", &r);
	assert_notice(&r, "", MSG_NO_ACTION);
	th_response_free(&r);
	client_get(&ac, "/admin/audit?from=2024-03-05&to=2024-03-01", &r);
	assert_notice(&r, "error", MSG_DATES);
	th_response_free(&r);
}
END_TEST

/* ==== 8. Language ============================================================ */

/* POST /account with language=ru stores it and answers in Russian already
 * (<html lang="ru">, the English heading gone); the next page is Russian
 * too although the browser asks for English; switching back to en gives
 * the English texts again. */
START_TEST(account_language)
{
	static const char email[] = "lang@language.example";
	long long uid = make_user(email, "Lang User", 0);
	struct client c;
	make_session(&c, uid, 0);

	struct th_response r;
	client_get(&c, "/account", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"en\">");
	assert_body_has(&r, "<h1>Your account</h1>");
	th_response_free(&r);

	client_post(&c, "/account", tw_fields("name", "Lang User", "language", "ru", NULL), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"ru\">");
	assert_body_lacks(&r, "<h1>Your account</h1>");
	assert_body_lacks(&r, "Your account has been saved.");
	assert_body_has(&r, "<option value=\"ru\" selected>");
	th_response_free(&r);
	char *lang = tw_sql_text("SELECT language FROM users WHERE id = ?", CXM_PARAMS(CXM_PINT(uid)));
	ck_assert_pstr_eq(lang, "ru");
	free(lang);

	client_get(&c, "/account", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"ru\">");
	assert_body_lacks(&r, "<h1>Your account</h1>");
	th_response_free(&r);

	client_post(&c, "/account", tw_fields("name", "Lang User", "language", "en", NULL), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"en\">");
	assert_body_has(&r, "<h1>Your account</h1>");
	assert_notice(&r, "ok", "Your account has been saved.");
	th_response_free(&r);
	lang = tw_sql_text("SELECT language FROM users WHERE id = ?", CXM_PARAMS(CXM_PINT(uid)));
	ck_assert_pstr_eq(lang, "en");
	free(lang);
}
END_TEST

/* ==== 9. cxmctl ============================================================== */

/* `cxmctl user add --business SLUG --role owner EMAIL` with the password on
 * standard input (the stack's own configuration) makes a user who signs in
 * over HTTP as the business's owner. */
START_TEST(cxmctl_user_signs_in)
{
	long long biz = make_business("ctl-flow", "Ctl Flow");
	char *dir = th_tmpdir("ctl");
	char cmd[4096];
	snprintf(cmd, sizeof(cmd),
	         "printf '%%s\\n' '" PASSWORD "' | '%s/core/cxmctl' -c '%s' user add --business ctl-flow"
	         " --role owner --name 'Ctl Owner' --language en Ctl.Owner@Example.com >'%s/out' 2>'%s/err'",
	         th_builddir(), stack.conf, dir, dir);
	int st = system(cmd);
	char path[4200], out[4096] = "", err[4096] = "";
	snprintf(path, sizeof(path), "%s/out", dir);
	FILE *f = fopen(path, "r");
	if (f) {
		out[fread(out, 1, sizeof(out) - 1, f)] = '\0';
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/err", dir);
	f = fopen(path, "r");
	if (f) {
		err[fread(err, 1, sizeof(err) - 1, f)] = '\0';
		fclose(f);
	}
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "cxmctl failed: %s", err);
	ck_assert_str_eq(out, "user ctl.owner@example.com is owner of ctl-flow\n");
	ck_assert_str_eq(err, "");
	free(dir);

	long long uid = user_id("ctl.owner@example.com");
	ck_assert_int_gt(uid, 0);
	assert_membership(biz, uid, "owner|0\n");
	struct th_response r;
	login("ctl.owner@example.com", PASSWORD, &r);
	assert_status(&r, 303);
	char token[TW_TOKEN_CHARS + 1];
	new_session_token(&r, token);
	th_response_free(&r);
	struct client c;
	client_from_token(&c, token);
	assert_works_in(&c, "Ctl Flow", "Owner");
	client_get(&c, "/admin/users", &r);
	assert_status(&r, 200);
	th_response_free(&r);
}
END_TEST

/* ==== 10. Tokens stay out of the log ======================================= */

/* The whole of file dir/name, malloc'd (fails the test when unreadable). */
static char *file_text_at(const char *dir, const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	size_t cap = 4096, len = 0;
	char *text = malloc(cap);
	ck_assert_ptr_nonnull(text);
	size_t n;
	while ((n = fread(text + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			text = realloc(text, cap);
			ck_assert_ptr_nonnull(text);
		}
	}
	fclose(f);
	text[len] = '\0';
	return text;
}

/* How many times needle occurs in text. */
static int count_of(const char *text, const char *needle)
{
	int n = 0;
	for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
		n++;
	return n;
}

/* Opening an invitation link and a reset link, and posting them without
 * the CSRF token, is logged (the request lines are there, by route) but
 * neither token appears in cxm-fcgi's log. */
START_TEST(link_tokens_not_logged)
{
	long long biz = make_business("log-co", "Log Co");
	long long owner = make_user("owner@log-co.example", "Log Owner", 0);
	make_member(biz, owner, "owner", 0);
	make_user("reset@log-co.example", "Log Reset", 0);
	struct client oc;
	make_session(&oc, owner, biz);
	char invitation[TW_TOKEN_CHARS + 1], reset[TW_TOKEN_CHARS + 1], link[128];
	invite(&oc, "new@log-co.example", "analyst", invitation);
	forgot("reset@log-co.example", reset);
	int before = th_log_count(&stack, "GET /invite/{token} 200 ");
	static const char *const logged[] = {
		"\"GET /invite/<token> HTTP/1.0\" 200 ",
		"\"POST /invite/<token> HTTP/1.0\" 403 ",
		"\"GET /password/reset/<token> HTTP/1.0\" 200 ",
		"\"POST /password/reset/<token> HTTP/1.0\" 403 ",
	};
	int access_before[4];
	char *access = file_text_at(stack.dir, "nginx/logs/access.log");
	for (int i = 0; i < 4; i++)
		access_before[i] = count_of(access, logged[i]);
	free(access);

	struct th_response r;
	snprintf(link, sizeof(link), "/invite/%s", invitation);
	get(link, NULL, &r);
	assert_status(&r, 200);
	th_response_free(&r);
	http_at(stack.port, "POST", link, NULL, "name=X&password=Y", &r);
	assert_error_page(&r, 403, MSG_CSRF);
	th_response_free(&r);
	snprintf(link, sizeof(link), "/password/reset/%s", reset);
	get(link, NULL, &r);
	assert_status(&r, 200);
	th_response_free(&r);
	http_at(stack.port, "POST", link, NULL, "password=Y&password2=Y", &r);
	assert_error_page(&r, 403, MSG_CSRF);
	th_response_free(&r);

	/* A page opened from the link sends it as the Referer. */
	char referer[256];
	snprintf(referer, sizeof(referer), "Referer: http://localhost/invite/%s?x=1\r\n", invitation);
	ck_assert_int_eq(th_http(stack.port, "GET", "/login", referer, NULL, 0, &r), 0);
	assert_status(&r, 200);
	th_response_free(&r);

	ck_assert(th_log_wait(&stack, "GET /invite/{token} 200 ", before + 1, 5000));
	ck_assert(th_log_wait(&stack, "POST /invite/{token} 403 ", 1, 5000));
	ck_assert(th_log_wait(&stack, "GET /password/reset/{token} 200 ", 1, 5000));
	ck_assert(th_log_wait(&stack, "POST /password/reset/{token} 403 ", 1, 5000));
	ck_assert_int_eq(th_log_count(&stack, invitation), 0);
	ck_assert_int_eq(th_log_count(&stack, reset), 0);

	/* nginx's access log has the four requests with the token replaced
	 * (nginx writes a line as each request ends, before the response is
	 * read to its end here), and neither token. */
	access = file_text_at(stack.dir, "nginx/logs/access.log");
	ck_assert_ptr_null(strstr(access, invitation));
	ck_assert_ptr_null(strstr(access, reset));
	for (int i = 0; i < 4; i++)
		ck_assert_msg(count_of(access, logged[i]) == access_before[i] + 1, "%s", logged[i]);
	ck_assert_int_ge(count_of(access, "\"http://localhost/invite/<token>?x=1\""), 1);
	free(access);
}
END_TEST

/* Runs last: no token of any link sent during the run, no password in
 * clear and no Argon2id hash is in cxm-fcgi's log. */
START_TEST(no_secret_logged)
{
	struct cxm_rows rows;
	ck_assert_int_eq(cxm_db_query(db, arena, "SELECT body FROM outbox", CXM_NOPARAMS, &rows), CXM_OK);
	ck_assert_uint_gt(rows.nrows, 0);
	size_t tokens = 0;
	for (size_t i = 0; i < rows.nrows; i++) {
		const char *body = cxm_rows_get(&rows, i, 0);
		static const char *const kinds[] = {"/invite/", "/password/reset/"};
		for (size_t k = 0; k < 2; k++) {
			const char *at = strstr(body, kinds[k]);
			if (!at)
				continue;
			char token[TW_TOKEN_CHARS + 1];
			memcpy(token, at + strlen(kinds[k]), TW_TOKEN_CHARS);
			token[TW_TOKEN_CHARS] = '\0';
			ck_assert_msg(th_log_count(&stack, token) == 0, "a link's token is in %s", stack.log);
			tokens++;
		}
	}
	cxm_arena_reset(arena);
	ck_assert_uint_gt(tokens, 0);
	ck_assert_int_eq(th_log_count(&stack, "$argon2id$"), 0);
	ck_assert_int_eq(th_log_count(&stack, PASSWORD), 0);
	ck_assert_int_eq(th_log_count(&stack, NEW_PASSWORD), 0);
}
END_TEST

/* ---- the suite ------------------------------------------------------------ */

static Suite *flows_suite(void)
{
	Suite *s = suite_create("http_account_flows");
	TCase *tc = tcase_create("flows");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, invite_new_person);
	tcase_add_test(tc, invite_expired);
	tcase_add_test(tc, invite_revoked);
	tcase_add_test(tc, invite_existing_account_then_switch);
	tcase_add_test(tc, password_change);
	tcase_add_test(tc, password_reset);
	tcase_add_test(tc, password_reset_limit);
	tcase_add_test(tc, password_reset_audit_actor);
	tcase_add_test(tc, signup_creates_business);
	tcase_add_test(tc, signup_refused);
	tcase_add_test(tc, site_operator_creates_business);
	tcase_add_test(tc, signup_name_in_characters);
	tcase_add_test(tc, signup_off);
	tcase_add_test(tc, role_changes);
	tcase_add_test(tc, last_owner_race);
	tcase_add_test(tc, suspend_and_restore);
	tcase_add_test(tc, business_settings);
	tcase_add_test(tc, audit_page_filters);
	tcase_add_test(tc, account_language);
	tcase_add_test(tc, cxmctl_user_signs_in);
	tcase_add_test(tc, link_tokens_not_logged);
	suite_add_tcase(s, tc);
	TCase *last = tcase_create("leaks");
	tcase_set_timeout(last, 60);
	tcase_add_checked_fixture(last, setup, teardown);
	tcase_add_test(last, no_secret_logged);
	suite_add_tcase(s, last);
	return s;
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return EXIT_FAILURE;
	}
	/* hashes with the same costs as the stacks, so logins never rehash */
	struct cxm_config cfg;
	char err[256];
	cxm_config_defaults(&cfg);
	if (cxm_config_set(&cfg, "password_opslimit", "1", err, sizeof(err)) != CXM_OK ||
	    cxm_config_set(&cfg, "password_memlimit", "8K", err, sizeof(err)) != CXM_OK ||
	    cxm_password_hash(&cfg, PASSWORD, password_hash, sizeof(password_hash)) != CXM_OK) {
		fprintf(stderr, "cannot prepare the password hash: %s\n", err);
		return EXIT_FAILURE;
	}
	cxm_config_free(&cfg);

	th_mysql_socket();
	struct th_stack_opts o = {.workers = 2, .extra_conf = COSTS "allow_signup = yes\n"};
	th_stack_start(&stack, &o);
	struct th_stack_opts off = {.workers = 1, .dsn = stack.dsn, .extra_conf = COSTS};
	th_stack_start(&nosignup, &off);

	SRunner *sr = srunner_create(flows_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	struct th_stack *stacks[] = {&stack, &nosignup};
	for (size_t i = 0; i < 2; i++) {
		int rc = th_stack_stop(stacks[i]);
		if (rc != 0) {
			fprintf(stderr, "cxm-fcgi exited with status %d at shutdown (log: %s)\n", rc,
			        stacks[i]->log);
			failed++;
		}
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
