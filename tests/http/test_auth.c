/* Accounts and access control over the whole serving path: HTTP client ->
 * nginx -> cxm-fcgi -> MariaDB. Covers signing in and out, the session
 * cookie and how sessions are stored, login throttling, session fixation,
 * session timeouts, CSRF, the role matrix over every route of cxm_routes,
 * the separation of businesses (tenancy), and that password hashes never
 * reach a page or the log.
 *
 * The stack is started once in main; every test runs in a forked child
 * with its own database connection (checked fixture), which also clears
 * login_failures: every request arrives from 127.0.0.1, so the per-address
 * throttle would otherwise carry over from one test to the next. Each test
 * creates its own users (distinct e-mails) directly in the database.
 *
 * The role-matrix and tenancy tests iterate cxm_routes, so routes added
 * later are covered without changing this file. Every response (head and
 * body) is appended to a file that the last test searches for password
 * hashes. Requests send "Accept-Language: en" and users are created with
 * language "en", so the texts asserted are the English msgids. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "harness.h"
#include "web.h"
#include "pages/pages.h"
#include "password.h"
#include "role.h"
#include "route.h"

static struct th_stack stack;
static char *responses_path;   /* every head and body received, appended */

/* The password of every user made here, and its hash with the stack's
 * (cheap) Argon2id costs, computed once in main. */
#define PASSWORD "Correct-Horse-Battery-7"
#define WRONG_PASSWORD "Wrong-Horse-Battery-77"
static char password_hash[crypto_pwhash_STRBYTES];

#define STACK_CONF \
	"password_opslimit = 1\n" \
	"password_memlimit = 8K\n" \
	"allow_signup = yes\n"

/* English texts (msgids) the tests expect. */
#define MSG_WRONG "Wrong e-mail or password."
#define MSG_TOO_MANY "Too many failed sign-in attempts. Try again in 15 minutes."
#define MSG_CSRF \
	"The form has expired or did not come from this site. Go back, reload the page and try again."
#define MSG_ENDED "Your session has ended. Please sign in again."
#define MSG_SAVED "Your account has been saved."

/* A visitor CSRF token (any 43 characters do; the cookie and the field
 * must match). */
#define VISITOR_CSRF "dmlzaXRvci1jc3JmLXRva2VuLWZvci1hdXRoLXRlc3Q"

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

/* Every row of a query, byte for byte: cells separated by '|', rows by
 * newlines; a cell that is not plain printable text is written in hex,
 * NULL as \N. For "nothing changed" comparisons. */
static char *sql_dump(const char *sql, const struct cxm_param *p, size_t n)
{
	return tw_dump(&sql, 1, p, n);
}

/* The state an access decision must not change: every accounts table
 * (sessions without last_seen_at, which any request may refresh). */
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
	struct tw_text t = {0};
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		char *d = sql_dump(queries[i], CXM_NOPARAMS);
		tw_text_add(&t, d, strlen(d));
		free(d);
	}
	return t.s;
}

/* ---- tokens --------------------------------------------------------------- */

/* The 32 bytes a base64url token stands for. */
static void token_raw(const char *token, unsigned char raw[32])
{
	size_t len = 0;
	ck_assert_uint_eq(strlen(token), TW_TOKEN_CHARS);
	ck_assert_int_eq(sodium_base642bin(raw, 32, token, TW_TOKEN_CHARS, NULL, &len, NULL,
	                                   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	                 0);
	ck_assert_uint_eq(len, 32);
}

/* BLAKE2b-256 of the token's bytes: what the database keeps. */
static void token_hash(const char *token, unsigned char hash[32])
{
	unsigned char raw[32];
	token_raw(token, raw);
	ck_assert_int_eq(crypto_generichash(hash, 32, raw, sizeof(raw), NULL, 0), 0);
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

/* A signed-in browser: its session cookie and the session's CSRF token. */
struct client {
	char token[TW_TOKEN_CHARS + 1];
	char csrf[TW_TOKEN_CHARS + 1];
	long long session_id;
};

/* A session made directly in the database (as a login would make it). */
static void make_session(struct client *c, long long user, long long business)
{
	unsigned char hash[32];
	tw_random_token(c->token);
	tw_random_token(c->csrf);
	token_hash(c->token, hash);
	c->session_id = tw_sql_insert(
		"INSERT INTO sessions (token_hash, user_id, business_id, csrf_token, created_at,"
		" last_seen_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
		CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PINT(user),
		           business ? CXM_PINT(business) : CXM_PNULL, CXM_PSTR(c->csrf)));
}

/* Rows in sessions for this cookie token. */
static long long sessions_with_token(const char *token)
{
	unsigned char hash[32];
	token_hash(token, hash);
	return tw_sql_int("SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
	                  CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash))), -1);
}

/* ---- HTTP ------------------------------------------------------------------ */

/* Sends a request (always with Accept-Language: en, and for POST a form
 * content type), records what came back, and checks no password hash is
 * in it. */
static void http(const char *method, const char *path, const char *cookies, const char *body,
                 struct th_response *r)
{
	char headers[1024];
	snprintf(headers, sizeof(headers), "Accept-Language: en\r\n%s%s%s%s", cookies ? "Cookie: " : "",
	         cookies ? cookies : "", cookies ? "\r\n" : "",
	         body ? "Content-Type: application/x-www-form-urlencoded\r\n" : "");
	ck_assert_msg(th_http(stack.port, method, path, headers, body, body ? strlen(body) : 0, r) == 0,
	              "%s %s: no response", method, path);
	int fd = open(responses_path, O_WRONLY | O_APPEND | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, r->head, strlen(r->head)), (ssize_t)strlen(r->head));
	ck_assert_int_eq(write(fd, r->body, r->body_len), (ssize_t)r->body_len);
	close(fd);
	ck_assert_msg(!memmem(r->body, r->body_len, "$argon2id$", 10) && !strstr(r->head, "$argon2id$"),
	              "%s %s: a password hash in the response:\n%s", method, path, r->body);
}

static void get(const char *path, const char *cookies, struct th_response *r)
{
	http("GET", path, cookies, NULL, r);
}

static void post(const char *path, const char *cookies, const char *body, struct th_response *r)
{
	http("POST", path, cookies, body, r);
}

/* "cxm_session=<token>" for a client (static buffer). */
static const char *session_cookie(const struct client *c)
{
	static char buf[128];
	snprintf(buf, sizeof(buf), "cxm_session=%s", c->token);
	return buf;
}

static void assert_status(const struct th_response *r, int status)
{
	ck_assert_msg(r->status == status, "status %d, expected %d:\n%s\n%s", r->status, status, r->head,
	              r->body);
}

static void assert_body_has(const struct th_response *r, const char *needle)
{
	ck_assert_msg(strstr(r->body, needle) != NULL, "body lacks \"%s\":\n%s", needle, r->body);
}

/* The token of the session cookie a login set: exactly one Set-Cookie for
 * cxm_session, with exactly these attributes. */
static void new_session_token(const struct th_response *r, char out[TW_TOKEN_CHARS + 1])
{
	int n;
	char *c = tw_set_cookie(r, "cxm_session", &n);
	ck_assert_msg(n == 1, "%d cxm_session cookies in:\n%s", n, r->head);
	ck_assert_uint_eq(strlen(c), strlen("cxm_session=") + TW_TOKEN_CHARS + strlen("; Path=/; HttpOnly; SameSite=Lax"));
	memcpy(out, c + strlen("cxm_session="), TW_TOKEN_CHARS);
	out[TW_TOKEN_CHARS] = '\0';
	char want[256];
	snprintf(want, sizeof(want), "cxm_session=%s; Path=/; HttpOnly; SameSite=Lax", out);
	ck_assert_str_eq(c, want);
	ck_assert_uint_eq(strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
	                  TW_TOKEN_CHARS);
	free(c);
}

static const char cleared_cookie[] = "cxm_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";

static void assert_cookie_cleared(const struct th_response *r)
{
	int n;
	char *c = tw_set_cookie(r, "cxm_session", &n);
	ck_assert_msg(n == 1, "%d cxm_session cookies in:\n%s", n, r->head);
	ck_assert_str_eq(c, cleared_cookie);
	free(c);
}

/* The visitor CSRF token as a browser gets it: GET /login sets the
 * cxm_csrf cookie and repeats it in the form's hidden field. */
static void visitor_csrf(char out[TW_TOKEN_CHARS + 1])
{
	struct th_response r;
	get("/login", NULL, &r);
	assert_status(&r, 200);
	int n;
	char *c = tw_set_cookie(&r, "cxm_csrf", &n);
	ck_assert_int_eq(n, 1);
	ck_assert_uint_eq(strlen(c), strlen("cxm_csrf=") + TW_TOKEN_CHARS + strlen("; Path=/; HttpOnly; SameSite=Lax"));
	memcpy(out, c + strlen("cxm_csrf="), TW_TOKEN_CHARS);
	out[TW_TOKEN_CHARS] = '\0';
	char want[512];
	snprintf(want, sizeof(want), "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", out);
	assert_body_has(&r, want);
	free(c);
	th_response_free(&r);
}

/* POST /login as a visitor (fresh csrf cookie from the form), with an
 * optional extra cookie (e.g. a planted cxm_session) and next. */
static void login(const char *email, const char *password, const char *extra_cookie,
                  const char *next, struct th_response *r)
{
	char csrf[TW_TOKEN_CHARS + 1];
	visitor_csrf(csrf);
	char cookies[512];
	snprintf(cookies, sizeof(cookies), "cxm_csrf=%s%s%s", csrf, extra_cookie ? "; " : "",
	         extra_cookie ? extra_cookie : "");
	struct tw_text body = {0};
	tw_form_add(&body, "email", email);
	tw_form_add(&body, "password", password);
	if (next)
		tw_form_add(&body, "next", next);
	tw_form_add(&body, "csrf", csrf);
	post("/login", cookies, body.s, r);
	free(body.s);
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

/* GET /account with this token must send to the login page as an ended
 * session, delete nothing else and clear the cookie. */
static void assert_token_refused(const char *token)
{
	char cookie[128];
	snprintf(cookie, sizeof(cookie), "cxm_session=%s", token);
	struct th_response r;
	get("/account", cookie, &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/login?next=/account&expired=1");
	assert_cookie_cleared(&r);
	th_response_free(&r);
	ck_assert_int_eq(sessions_with_token(token), 0);
}

/* ==== 1. Signing in ======================================================= */

/* A right password: 303 to next (or /), the session cookie with exactly
 * HttpOnly, SameSite=Lax and Path=/, a sessions row keyed by the BLAKE2b-256
 * of the token's bytes, and the token itself stored nowhere (nor logged). */
START_TEST(login_success)
{
	long long biz = make_business("login-co", "Login Co");
	long long uid = make_user("login.ok@example.com", "Login Ok", 0);
	make_member(biz, uid, "analyst", 0);

	struct th_response r;
	login("login.ok@example.com", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	char token[TW_TOKEN_CHARS + 1];
	new_session_token(&r, token);
	th_response_free(&r);

	/* the row: hash of the token's bytes, this user, the first business */
	unsigned char hash[32], raw[32];
	token_hash(token, hash);
	token_raw(token, raw);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE token_hash = ? AND user_id = ?"
	                            " AND business_id = ? AND remote_addr = '127.0.0.1'",
	                            CXM_PARAMS(CXM_PBLOB(hash, 32), CXM_PINT(uid), CXM_PINT(biz)), -1),
	                 1);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE user_id = ?",
	                            CXM_PARAMS(CXM_PINT(uid)), -1),
	                 1);
	ck_assert_int_eq(tw_sql_int("SELECT last_login_at IS NOT NULL FROM users WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(uid)), -1),
	                 1);
	/* the token, as text or as its raw bytes, is in no table and not in the log */
	static const char *const tables[] = {
		"SELECT * FROM sessions", "SELECT * FROM users", "SELECT * FROM audit_log",
		"SELECT * FROM user_tokens", "SELECT * FROM outbox", "SELECT * FROM login_failures",
	};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		struct cxm_rows rows;
		ck_assert_int_eq(cxm_db_query(db, arena, tables[i], CXM_NOPARAMS, &rows), CXM_OK);
		for (size_t c = 0; c < rows.nrows * rows.ncols; c++) {
			if (!rows.cells[c])
				continue;
			ck_assert_msg(!memmem(rows.cells[c], rows.lens[c], token, TW_TOKEN_CHARS),
			              "%s holds the session token in clear", tables[i]);
			ck_assert_msg(!memmem(rows.cells[c], rows.lens[c], raw, 32),
			              "%s holds the session token's bytes", tables[i]);
		}
		cxm_arena_reset(arena);
	}
	ck_assert_int_eq(th_log_count(&stack, token), 0);
	ck_assert(signed_in_as(token, "login.ok@example.com"));

	/* next is honoured, and the e-mail is matched in any case */
	login("Login.OK@Example.COM", PASSWORD, NULL, "/account", &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/account");
	char token2[TW_TOKEN_CHARS + 1];
	new_session_token(&r, token2);
	ck_assert_str_ne(token, token2);
	th_response_free(&r);
	ck_assert(signed_in_as(token2, "login.ok@example.com"));
}
END_TEST

/* A wrong password and an unknown e-mail get the same 200 page with the
 * same message, no session cookie and no session row; each failure is
 * recorded for the (lower-cased) account and the address. */
START_TEST(login_failure)
{
	long long uid = make_user("login.bad@example.com", "Login Bad", 0);
	long long b1 = make_business("fail-one", "Fail One"), b2 = make_business("fail-two", "Fail Two");
	make_member(b1, uid, "manager", 0);
	make_member(b2, uid, "analyst", 1);

	struct th_response r;
	login("login.bad@example.com", WRONG_PASSWORD, NULL, NULL, &r);
	assert_status(&r, 200);
	assert_body_has(&r, MSG_WRONG);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);

	login("Nobody.Here@Example.COM", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 200);
	assert_body_has(&r, MSG_WRONG);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);

	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE user_id = ?",
	                            CXM_PARAMS(CXM_PINT(uid)), -1),
	                 0);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM login_failures WHERE kind = 'account'"
	                            " AND subject = 'login.bad@example.com'", CXM_NOPARAMS, -1),
	                 1);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM login_failures WHERE kind = 'account'"
	                            " AND subject = 'nobody.here@example.com'", CXM_NOPARAMS, -1),
	                 1);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM login_failures WHERE kind = 'address'"
	                            " AND subject = '127.0.0.1'", CXM_NOPARAMS, -1),
	                 2);
	/* The known account's failure is in the audit log of each business it
	 * belongs to (suspended or not), the unknown one's with no business. */
	char *audit = sql_dump("SELECT business_id, target, detail FROM audit_log"
	                       " WHERE action = 'login_failed' AND target IN"
	                       " ('login.bad@example.com', 'nobody.here@example.com') ORDER BY id",
	                       CXM_NOPARAMS);
	char want[512];
	snprintf(want, sizeof(want),
	         "-- SELECT business_id, target, detail FROM audit_log WHERE action = 'login_failed' AND"
	         " target IN ('login.bad@example.com', 'nobody.here@example.com') ORDER BY id\n"
	         "%lld|login.bad@example.com|wrong password\n"
	         "%lld|login.bad@example.com|wrong password\n"
	         "\\N|nobody.here@example.com|unknown account\n",
	         b1, b2);
	ck_assert_str_eq(audit, want);
	free(audit);
}
END_TEST

/* ==== 2. Throttling ======================================================= */

static long long failures(const char *kind, const char *subject)
{
	return tw_sql_int("SELECT COUNT(*) FROM login_failures WHERE kind = ? AND subject = ?",
	                  CXM_PARAMS(CXM_PSTR(kind), CXM_PSTR(subject)), -1);
}

/* Per account: five wrong passwords are each answered normally; the sixth
 * attempt, even with the right password, is refused with 429 and not
 * counted. (The address's failures are removed before it, so the refusal
 * is the account's.) Once the failures leave the window, the right
 * password works and the account's failures are forgotten. */
START_TEST(throttle_per_account)
{
	make_user("throttle.acct@example.com", "Throttle Account", 0);
	struct th_response r;
	for (int i = 0; i < 5; i++) {
		login("throttle.acct@example.com", WRONG_PASSWORD, NULL, NULL, &r);
		assert_status(&r, 200);
		assert_body_has(&r, MSG_WRONG);
		tw_assert_no_session_cookie(&r);
		th_response_free(&r);
	}
	ck_assert_int_eq(failures("account", "throttle.acct@example.com"), 5);
	tw_sql_exec("DELETE FROM login_failures WHERE kind = 'address'", CXM_NOPARAMS);

	login("throttle.acct@example.com", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 429);
	assert_body_has(&r, MSG_TOO_MANY);
	ck_assert_ptr_null(strstr(r.body, MSG_WRONG));
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	/* in any case of the address */
	login("THROTTLE.acct@example.com", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 429);
	assert_body_has(&r, MSG_TOO_MANY);
	th_response_free(&r);
	/* refused attempts are not counted */
	ck_assert_int_eq(failures("account", "throttle.acct@example.com"), 5);
	ck_assert_int_eq(failures("address", "127.0.0.1"), 0);

	tw_sql_exec("UPDATE login_failures SET failed_at = failed_at - INTERVAL 16 MINUTE", CXM_NOPARAMS);
	login("throttle.acct@example.com", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	char token[TW_TOKEN_CHARS + 1];
	new_session_token(&r, token);
	th_response_free(&r);
	ck_assert_int_eq(failures("account", "throttle.acct@example.com"), 0);
}
END_TEST

/* Below the limit nothing is refused: four failures, then the right
 * password signs in. */
START_TEST(throttle_below_limit)
{
	make_user("throttle.four@example.com", "Throttle Four", 0);
	struct th_response r;
	for (int i = 0; i < 4; i++) {
		login("throttle.four@example.com", WRONG_PASSWORD, NULL, NULL, &r);
		assert_status(&r, 200);
		assert_body_has(&r, MSG_WRONG);
		th_response_free(&r);
	}
	login("throttle.four@example.com", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 303);
	th_response_free(&r);
	ck_assert_int_eq(failures("account", "throttle.four@example.com"), 0);
	/* the address's failures stay: they may be guesses at other accounts */
	ck_assert_int_eq(failures("address", "127.0.0.1"), 4);
}
END_TEST

/* Per address: failures for five different unknown accounts from the same
 * client refuse the sixth attempt, for a valid account with the right
 * password, until the failures leave the window. */
START_TEST(throttle_per_address)
{
	make_user("throttle.addr@example.com", "Throttle Address", 0);
	struct th_response r;
	for (int i = 0; i < 5; i++) {
		char email[64];
		snprintf(email, sizeof(email), "unknown%d@example.com", i);
		login(email, WRONG_PASSWORD, NULL, NULL, &r);
		assert_status(&r, 200);
		assert_body_has(&r, MSG_WRONG);
		th_response_free(&r);
		ck_assert_int_eq(failures("account", email), 1);
	}
	ck_assert_int_eq(failures("address", "127.0.0.1"), 5);

	login("throttle.addr@example.com", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 429);
	assert_body_has(&r, MSG_TOO_MANY);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	ck_assert_int_eq(failures("address", "127.0.0.1"), 5);
	ck_assert_int_eq(failures("account", "throttle.addr@example.com"), 0);

	tw_sql_exec("UPDATE login_failures SET failed_at = failed_at - INTERVAL 16 MINUTE", CXM_NOPARAMS);
	login("throttle.addr@example.com", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 303);
	th_response_free(&r);
}
END_TEST

/* ==== 3. Session fixation ================================================= */

/* A token the attacker chose (well-formed, never issued) in the cookie of
 * the browser that signs in: the login issues a different token, the
 * planted one is stored nowhere and does not authenticate. */
START_TEST(fixation_planted_token)
{
	make_user("fixation.victim@example.com", "Fixation Victim", 0);
	char planted[TW_TOKEN_CHARS + 1];
	tw_random_token(planted);
	char cookie[128];
	snprintf(cookie, sizeof(cookie), "cxm_session=%s", planted);

	struct th_response r;
	login("fixation.victim@example.com", PASSWORD, cookie, NULL, &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/");
	/* The unknown cookie may be cleared first, then the new one is set:
	 * the browser applies them in order, so the last is the one that
	 * counts, and anything before it is the clearing one. */
	int n;
	char *last = tw_set_cookie(&r, "cxm_session", &n);
	ck_assert_msg(n == 1 || n == 2, "%d cxm_session cookies in:\n%s", n, r.head);
	if (n == 2) {
		const char *first = strstr(r.head, "Set-Cookie: cxm_session=");
		ck_assert_ptr_nonnull(first);
		ck_assert_int_eq(strncmp(first + strlen("Set-Cookie: "), cleared_cookie, strlen(cleared_cookie)), 0);
	}
	ck_assert_uint_eq(strlen(last), strlen("cxm_session=") + TW_TOKEN_CHARS + strlen("; Path=/; HttpOnly; SameSite=Lax"));
	char token[TW_TOKEN_CHARS + 1];
	memcpy(token, last + strlen("cxm_session="), TW_TOKEN_CHARS);
	token[TW_TOKEN_CHARS] = '\0';
	char want[256];
	snprintf(want, sizeof(want), "cxm_session=%s; Path=/; HttpOnly; SameSite=Lax", token);
	ck_assert_str_eq(last, want);
	free(last);
	th_response_free(&r);

	ck_assert_str_ne(token, planted);
	ck_assert_int_eq(sessions_with_token(planted), 0);
	ck_assert_int_eq(sessions_with_token(token), 1);
	ck_assert(signed_in_as(token, "fixation.victim@example.com"));
	ck_assert(!signed_in_as(planted, "fixation.victim@example.com"));
	assert_token_refused(planted);
	ck_assert(signed_in_as(token, "fixation.victim@example.com"));
}
END_TEST

/* A valid session of another login in the browser that signs in: its row
 * is deleted, the new session belongs to the new user and has a new
 * token. */
START_TEST(fixation_previous_session_ended)
{
	long long first = make_user("fixation.first@example.com", "Fixation First", 0);
	long long second = make_user("fixation.second@example.com", "Fixation Second", 0);

	struct th_response r;
	login("fixation.first@example.com", PASSWORD, NULL, NULL, &r);
	assert_status(&r, 303);
	char t1[TW_TOKEN_CHARS + 1];
	new_session_token(&r, t1);
	th_response_free(&r);
	ck_assert(signed_in_as(t1, "fixation.first@example.com"));

	/* signed in, the form's CSRF token is the session's */
	unsigned char h1[32];
	token_hash(t1, h1);
	char *csrf = tw_sql_text("SELECT csrf_token FROM sessions WHERE token_hash = ?",
	                         CXM_PARAMS(CXM_PBLOB(h1, 32)));
	ck_assert_ptr_nonnull(csrf);
	char cookie[128];
	snprintf(cookie, sizeof(cookie), "cxm_session=%s", t1);
	struct tw_text body = {0};
	tw_form_add(&body, "email", "fixation.second@example.com");
	tw_form_add(&body, "password", PASSWORD);
	tw_form_add(&body, "csrf", csrf);
	post("/login", cookie, body.s, &r);
	free(body.s);
	free(csrf);
	assert_status(&r, 303);
	char t2[TW_TOKEN_CHARS + 1];
	new_session_token(&r, t2);
	th_response_free(&r);

	ck_assert_str_ne(t1, t2);
	ck_assert_int_eq(sessions_with_token(t1), 0);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE user_id = ?",
	                            CXM_PARAMS(CXM_PINT(first)), -1),
	                 0);
	unsigned char h2[32];
	token_hash(t2, h2);
	ck_assert_int_eq(tw_sql_int("SELECT user_id FROM sessions WHERE token_hash = ?",
	                            CXM_PARAMS(CXM_PBLOB(h2, 32)), -1),
	                 second);
	assert_token_refused(t1);
	ck_assert(signed_in_as(t2, "fixation.second@example.com"));
}
END_TEST

/* ==== 4. Session timeouts ================================================= */

/* After session_idle_timeout (1800 s) without requests, or
 * session_absolute_timeout (43200 s) after login, the cookie no longer
 * works: a protected page redirects to the login page with next and
 * expired=1, the row is deleted and the cookie cleared. Just inside the
 * idle timeout the session works and last_seen_at is refreshed. */
START_TEST(session_idle_timeout)
{
	long long uid = make_user("idle@example.com", "Idle User", 0);
	struct client c;
	make_session(&c, uid, 0);

	/* 29 minutes idle: still valid, and the request refreshes it */
	tw_sql_exec("UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 29 MINUTE WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(c.session_id)));
	ck_assert(signed_in_as(c.token, "idle@example.com"));
	ck_assert_int_eq(tw_sql_int("SELECT last_seen_at > UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE"
	                            " FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(c.session_id)), -1),
	                 1);

	/* 31 minutes idle: ended */
	tw_sql_exec("UPDATE sessions SET last_seen_at = last_seen_at - INTERVAL 31 MINUTE WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(c.session_id)));
	struct th_response r;
	get("/account", session_cookie(&c), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/login?next=/account&expired=1");
	assert_cookie_cleared(&r);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(c.session_id)), -1),
	                 0);

	/* the login page says why */
	get("/login?next=/account&expired=1", NULL, &r);
	assert_status(&r, 200);
	assert_body_has(&r, MSG_ENDED);
	assert_body_has(&r, "<input type=\"hidden\" name=\"next\" value=\"/account\">");
	th_response_free(&r);
}
END_TEST

START_TEST(session_absolute_timeout)
{
	long long uid = make_user("absolute@example.com", "Absolute User", 0);
	struct client c;
	make_session(&c, uid, 0);
	ck_assert(signed_in_as(c.token, "absolute@example.com"));

	/* recently active, but signed in 12 h 1 min ago */
	tw_sql_exec("UPDATE sessions SET created_at = UTC_TIMESTAMP(6) - INTERVAL 721 MINUTE,"
	            " last_seen_at = UTC_TIMESTAMP(6) WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(c.session_id)));
	struct th_response r;
	get("/account", session_cookie(&c), &r);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/login?next=/account&expired=1");
	assert_cookie_cleared(&r);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(c.session_id)), -1),
	                 0);
}
END_TEST

/* ==== 5. CSRF ============================================================= */

static char *user_row(long long uid)
{
	return sql_dump("SELECT * FROM users WHERE id = ?", CXM_PARAMS(CXM_PINT(uid)));
}

/* POST path as c with body fields (already encoded) plus csrf=value
 * (omitted when value is NULL); extra cookies are appended. Expects 403
 * with the CSRF message, the user's row unchanged and the session still
 * valid. */
static void assert_csrf_refused(const struct client *c, long long uid, const char *email,
                                const char *path, const char *fields, const char *csrf,
                                const char *extra_cookie)
{
	char *before = user_row(uid);
	struct tw_text body = {0};
	if (fields)
		tw_text_add(&body, fields, strlen(fields));
	if (csrf)
		tw_form_add(&body, "csrf", csrf);
	if (!body.s)
		tw_text_add(&body, "", 0);
	char cookies[256];
	snprintf(cookies, sizeof(cookies), "cxm_session=%s%s%s", c->token, extra_cookie ? "; " : "",
	         extra_cookie ? extra_cookie : "");
	struct th_response r;
	post(path, cookies, body.s, &r);
	ck_assert_msg(r.status == 403, "POST %s with csrf \"%s\": status %d", path, csrf ? csrf : "(none)",
	              r.status);
	assert_body_has(&r, MSG_CSRF);
	tw_assert_no_session_cookie(&r);
	th_response_free(&r);
	free(body.s);
	char *after = user_row(uid);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(c->session_id)), -1),
	                 1);
	ck_assert(signed_in_as(c->token, email));
}

/* A token of the same length differing in one character. */
static void tamper(const char *in, char out[TW_TOKEN_CHARS + 1])
{
	memcpy(out, in, TW_TOKEN_CHARS + 1);
	out[0] = out[0] == 'A' ? 'B' : 'A';
}

/* Signed in, POST /logout and POST /account need the session's own CSRF
 * token: missing, altered, another user's, or a visitor token that matches
 * a visitor cookie are all refused (403, nothing changed); the right one
 * works. */
START_TEST(csrf_signed_in)
{
	long long uid = make_user("csrf.user@example.com", "Csrf User", 0);
	long long other = make_user("csrf.other@example.com", "Csrf Other", 0);
	struct client c, o;
	make_session(&c, uid, 0);
	make_session(&o, other, 0);
	char wrong[TW_TOKEN_CHARS + 1];
	tamper(c.csrf, wrong);
	ck_assert_uint_eq(strlen(wrong), strlen(c.csrf));
	ck_assert_str_ne(wrong, c.csrf);

	static const char account_fields[] = "name=Changed+By+Attacker&language=ru";
	const char *paths[] = {"/logout", "/account"};
	for (int i = 0; i < 2; i++) {
		const char *fields = i ? account_fields : NULL;
		assert_csrf_refused(&c, uid, "csrf.user@example.com", paths[i], fields, NULL, NULL);
		assert_csrf_refused(&c, uid, "csrf.user@example.com", paths[i], fields, "", NULL);
		assert_csrf_refused(&c, uid, "csrf.user@example.com", paths[i], fields, wrong, NULL);
		assert_csrf_refused(&c, uid, "csrf.user@example.com", paths[i], fields, o.csrf, NULL);
		/* a visitor's cookie/field pair is not enough once signed in */
		assert_csrf_refused(&c, uid, "csrf.user@example.com", paths[i], fields, VISITOR_CSRF,
		                    "cxm_csrf=" VISITOR_CSRF);
	}

	/* the right token: the account is saved ... */
	struct th_response r;
	struct tw_text body = {0};
	tw_form_add(&body, "name", "Csrf Renamed");
	tw_form_add(&body, "language", "en");
	tw_form_add(&body, "csrf", c.csrf);
	post("/account", session_cookie(&c), body.s, &r);
	free(body.s);
	assert_status(&r, 200);
	assert_body_has(&r, MSG_SAVED);
	th_response_free(&r);
	char *name = tw_sql_text("SELECT name FROM users WHERE id = ?", CXM_PARAMS(CXM_PINT(uid)));
	ck_assert_str_eq(name, "Csrf Renamed");
	free(name);

	/* ... and the logout ends the session and clears the cookie */
	body = (struct tw_text){0};
	tw_form_add(&body, "csrf", c.csrf);
	post("/logout", session_cookie(&c), body.s, &r);
	free(body.s);
	assert_status(&r, 303);
	tw_assert_header(&r, "Location", "/login");
	assert_cookie_cleared(&r);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(c.session_id)), -1),
	                 0);
	assert_token_refused(c.token);
	/* the other user's session was never touched */
	ck_assert(signed_in_as(o.token, "csrf.other@example.com"));
}
END_TEST

/* A visitor's POST /login needs the cxm_csrf cookie and the same value in
 * the csrf field: any of them missing or different is 403, checks no
 * password, counts no failure and sets no session. */
START_TEST(csrf_login)
{
	make_user("csrf.login@example.com", "Csrf Login", 0);
	char other[TW_TOKEN_CHARS + 1];
	tamper(VISITOR_CSRF, other);
	static const char creds[] = "email=csrf.login%40example.com&password=" PASSWORD;
	struct {
		const char *cookie, *field;
	} cases[] = {
		{NULL, NULL},
		{NULL, VISITOR_CSRF},
		{"cxm_csrf=" VISITOR_CSRF, NULL},
		{"cxm_csrf=" VISITOR_CSRF, ""},
		{"cxm_csrf=" VISITOR_CSRF, other},
		{"cxm_csrf=", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tw_text body = {0};
		tw_text_add(&body, creds, strlen(creds));
		if (cases[i].field)
			tw_form_add(&body, "csrf", cases[i].field);
		struct th_response r;
		post("/login", cases[i].cookie, body.s, &r);
		free(body.s);
		ck_assert_msg(r.status == 403, "case %zu: status %d", i, r.status);
		assert_body_has(&r, MSG_CSRF);
		tw_assert_no_session_cookie(&r);
		th_response_free(&r);
	}
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM login_failures", CXM_NOPARAMS, -1), 0);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id"
	                            " WHERE u.email = 'csrf.login@example.com'", CXM_NOPARAMS, -1),
	                 0);

	/* the matching pair works */
	struct th_response r;
	post("/login", "cxm_csrf=" VISITOR_CSRF, "email=csrf.login%40example.com&password=" PASSWORD
	     "&csrf=" VISITOR_CSRF, &r);
	assert_status(&r, 303);
	char token[TW_TOKEN_CHARS + 1];
	new_session_token(&r, token);
	th_response_free(&r);
}
END_TEST

/* ==== 6. Role matrix ====================================================== */

/* Who asks: nobody, a member of the business with each role, an owner
 * whose membership is suspended, and a site operator with no business. */
struct actor {
	const char *label;
	int signed_in;
	int site_admin;
	enum cxm_role role;       /* effective role in the session's business */
	const char *membership;   /* role stored in memberships, NULL for none */
	int suspended;            /* memberships.disabled */
	long long user_id, business_id;
};

/* The expected access decision, written out independently of the core. */
static int actor_may(const struct actor *a, enum cxm_access access)
{
	switch (access) {
	case CXM_PUBLIC:
		return 1;
	case CXM_SIGNED_IN:
		return a->signed_in;
	case CXM_ANALYST:
		return a->signed_in && a->role >= CXM_ROLE_ANALYST;
	case CXM_MANAGER:
		return a->signed_in && a->role >= CXM_ROLE_MANAGER;
	case CXM_ADMIN:
		return a->signed_in && a->role >= CXM_ROLE_ADMIN;
	case CXM_OWNER:
		return a->signed_in && a->role >= CXM_ROLE_OWNER;
	default:  /* CXM_SITE_ADMIN and an unset level */
		return a->signed_in && a->site_admin;
	}
}

static int has_path_params(const char *pattern)
{
	return strchr(pattern, '{') != NULL;
}

/* pattern with {id} and {token} replaced (malloc'd). */
static char *fill_pattern(const char *pattern, const char *id, const char *token)
{
	struct tw_text t = {0};
	for (const char *p = pattern; *p;) {
		if (strncmp(p, "{id}", 4) == 0) {
			tw_text_add(&t, id, strlen(id));
			p += 4;
		} else if (strncmp(p, "{token}", 7) == 0) {
			tw_text_add(&t, token, strlen(token));
			p += 7;
		} else {
			tw_text_add(&t, p++, 1);
		}
	}
	return t.s;
}

static const char *method_name(enum cxm_method m)
{
	return m == CXM_POST ? "POST" : "GET";
}

/* For every route and every actor:
 *   GET without path parameters: no session -> 303 to /login?next=<path>
 *   (200 for public routes); below the route's level -> 403; at or above ->
 *   200 (or a redirect that is not to the login page).
 *   POST (path parameters filled with an id and a token that exist nowhere),
 *   with a valid CSRF token and an otherwise empty body: no session on a
 *   non-public route -> 303 to /login; below the level -> 403; otherwise
 *   not 403.
 * Every refused request leaves the database as it was. All deviations are
 * collected and reported together. */
START_TEST(role_matrix)
{
	long long biz = make_business("matrix-co", "Matrix Co");
	struct actor actors[] = {
		{"no session", 0, 0, CXM_ROLE_NONE, NULL, 0, 0, 0},
		{"analyst", 1, 0, CXM_ROLE_ANALYST, "analyst", 0, 0, biz},
		{"manager", 1, 0, CXM_ROLE_MANAGER, "manager", 0, 0, biz},
		{"admin", 1, 0, CXM_ROLE_ADMIN, "admin", 0, 0, biz},
		{"owner", 1, 0, CXM_ROLE_OWNER, "owner", 0, 0, biz},
		{"suspended owner", 1, 0, CXM_ROLE_NONE, "owner", 1, 0, biz},
		{"site admin", 1, 1, CXM_ROLE_NONE, NULL, 0, 0, 0},
	};
	size_t nactors = sizeof(actors) / sizeof(actors[0]);
	for (size_t a = 1; a < nactors; a++) {
		char email[64];
		snprintf(email, sizeof(email), "matrix.%zu@example.com", a);
		actors[a].user_id = make_user(email, actors[a].label, actors[a].site_admin);
		if (actors[a].membership)
			make_member(biz, actors[a].user_id, actors[a].membership, actors[a].suspended);
	}
	char absent_token[TW_TOKEN_CHARS + 1];
	tw_random_token(absent_token);

	struct tw_text problems = {0};
	int checked = 0;
	for (size_t i = 0; i < cxm_nroutes; i++) {
		const struct cxm_route *rt = &cxm_routes[i];
		if (rt->method == CXM_GET && has_path_params(rt->pattern))
			continue;  /* covered by the tenancy walk */
		char *path = fill_pattern(rt->pattern, "999999999", absent_token);
		for (size_t a = 0; a < nactors; a++) {
			const struct actor *ac = &actors[a];
			int may = actor_may(ac, rt->access);
			struct client c;
			char cookies[256];
			const char *csrf = VISITOR_CSRF;
			if (ac->signed_in) {
				make_session(&c, ac->user_id, ac->business_id);
				snprintf(cookies, sizeof(cookies), "cxm_session=%s", c.token);
				csrf = c.csrf;
			} else {
				snprintf(cookies, sizeof(cookies), "cxm_csrf=%s", VISITOR_CSRF);
			}
			char body[64];
			snprintf(body, sizeof(body), "csrf=%s", csrf);
			char *before = may ? NULL : state_dump();
			struct th_response r;
			http(method_name(rt->method), path, cookies, rt->method == CXM_POST ? body : NULL, &r);
			char *loc = th_header(&r, "Location");
			int to_login = r.status == 303 && loc && strncmp(loc, "/login", 6) == 0;
			checked++;
			if (!may && !ac->signed_in) {
				char want[256];
				if (rt->method == CXM_GET && strcmp(path, "/") != 0)
					snprintf(want, sizeof(want), "/login?next=%s", path);
				else
					snprintf(want, sizeof(want), "/login");
				if (r.status != 303 || !loc || strcmp(loc, want) != 0)
					tw_text_printf(&problems, "%s %s as %s: %d%s%s, expected 303 to %s\n",
					               method_name(rt->method), path, ac->label, r.status,
					               loc ? " to " : "", loc ? loc : "", want);
			} else if (!may) {
				if (r.status != 403)
					tw_text_printf(&problems, "%s %s as %s: %d, expected 403 (needs %s)\n",
					               method_name(rt->method), path, ac->label, r.status,
					               cxm_access_names[rt->access]);
			} else if (rt->method == CXM_GET) {
				if (!(r.status == 200 || (r.status == 303 && !to_login)))
					tw_text_printf(&problems, "%s %s as %s: %d%s%s, expected 200%s\n",
					               method_name(rt->method), path, ac->label, r.status,
					               loc ? " to " : "", loc ? loc : "",
					               r.status == 404 ? " (page not implemented?)" : "");
			} else {
				/* only the access decision: the handler may redirect
				 * anywhere (POST /logout goes to the login page) */
				if (r.status == 403)
					tw_text_printf(&problems, "%s %s as %s: 403, expected access (needs %s)\n",
					               method_name(rt->method), path, ac->label,
					               cxm_access_names[rt->access]);
			}
			if (before) {
				char *after = state_dump();
				if (strcmp(before, after) != 0)
					tw_text_printf(&problems, "%s %s as %s was refused but changed the database\n",
					               method_name(rt->method), path, ac->label);
				free(after);
			}
			free(before);
			free(loc);
			th_response_free(&r);
		}
		free(path);
	}
	ck_assert_int_gt(checked, 0);
	ck_assert_msg(problems.len == 0, "role matrix deviations:\n%s", problems.s);
}
END_TEST

/* ==== 7. Tenancy ========================================================== */

/* Two businesses, each with an owner, an admin, a manager, a pending
 * invitation and audit rows. B's rows get ids far from any of A's, so that
 * an id of B's can never name one of A's rows in another table. */
#define B_BUSINESS 9000001LL
#define B_OWNER 7000001LL
#define B_ADMIN 7000002LL
#define B_MANAGER 7000003LL
#define B_INVITEE 7000004LL
#define B_INVITATION 8000001LL
/* B's objects of the client base, surveys and feedback register: ids far
 * from anything A's pages create, so a page of A's that answers for one of
 * them can only have read B's row. */
#define B_OBJ 6000000LL
#define B_NAME "Bravo Hidden Tenant"
#define B_SECRET "SECRET-B"
static const char *const b_emails[] = {
	"owner@bravo-tenant.example", "admin@bravo-tenant.example", "manager@bravo-tenant.example",
	"invitee@bravo-tenant.example",
};

struct tenants {
	long long a_business, a_owner, a_admin, a_manager, a_invitee, a_invitation;
	char a_manager_email[128];
	char b_token[TW_TOKEN_CHARS + 1];   /* B's invitation link token */
};

/* A business like A: slug tag, users "<role>@<tag>.example", a pending
 * invitation and an audit row with detail "SECRET-A". */
static void make_alpha(struct tenants *t, const char *tag, const char *name)
{
	char email[4][128];
	static const char *const roles[] = {"owner", "admin", "manager", "invitee"};
	for (int i = 0; i < 4; i++)
		snprintf(email[i], sizeof(email[i]), "%s@%s.example", roles[i], tag);
	snprintf(t->a_manager_email, sizeof(t->a_manager_email), "%s", email[2]);
	t->a_business = make_business(tag, name);
	t->a_owner = make_user(email[0], "Alpha Owner", 0);
	t->a_admin = make_user(email[1], "Alpha Admin", 0);
	t->a_manager = make_user(email[2], "Alpha Manager", 0);
	make_member(t->a_business, t->a_owner, "owner", 0);
	make_member(t->a_business, t->a_admin, "admin", 0);
	make_member(t->a_business, t->a_manager, "manager", 0);
	t->a_invitee = tw_sql_insert("INSERT INTO users (email, name, language) VALUES (?, 'Alpha Invitee', 'en')",
	                             CXM_PARAMS(CXM_PSTR(email[3])));
	char a_token[TW_TOKEN_CHARS + 1];
	unsigned char hash[32];
	tw_random_token(a_token);
	token_hash(a_token, hash);
	t->a_invitation = tw_sql_insert(
		"INSERT INTO user_tokens (token_hash, purpose, user_id, business_id, role, created_by,"
		" created_at, expires_at) VALUES (?, 'invite', ?, ?, 'analyst', ?, UTC_TIMESTAMP(6),"
		" UTC_TIMESTAMP(6) + INTERVAL 72 HOUR)",
		CXM_PARAMS(CXM_PBLOB(hash, 32), CXM_PINT(t->a_invitee), CXM_PINT(t->a_business),
		           CXM_PINT(t->a_owner)));
	tw_sql_exec("INSERT INTO audit_log (business_id, actor_id, actor_email, action, target, detail,"
	            " created_at) VALUES (?, ?, ?, 'invitation_sent', ?, 'SECRET-A', UTC_TIMESTAMP(6))",
	            CXM_PARAMS(CXM_PINT(t->a_business), CXM_PINT(t->a_owner), CXM_PSTR(email[0]),
	                    CXM_PSTR(email[3])));
}

/* B, with the fixed ids above (made once per database). */
static void make_bravo(struct tenants *t)
{
	unsigned char hash[32];
	tw_sql_exec("INSERT INTO businesses (id, slug, name) VALUES (?, 'bravo-tenant', '" B_NAME "')",
	            CXM_PARAMS(CXM_PINT(B_BUSINESS)));
	static const char *const b_names[] = {"Bravo Owner", "Bravo Admin", "Bravo Manager"};
	static const char *const b_roles[] = {"owner", "admin", "manager"};
	for (int i = 0; i < 3; i++) {
		tw_sql_exec("INSERT INTO users (id, email, name, language, password_hash) VALUES"
		            " (?, ?, ?, 'en', ?)",
		            CXM_PARAMS(CXM_PINT(B_OWNER + i), CXM_PSTR(b_emails[i]), CXM_PSTR(b_names[i]),
		                    CXM_PSTR(password_hash)));
		make_member(B_BUSINESS, B_OWNER + i, b_roles[i], 0);
	}
	tw_sql_exec("INSERT INTO users (id, email, name, language) VALUES (?, ?, 'Bravo Invitee', 'en')",
	            CXM_PARAMS(CXM_PINT(B_INVITEE), CXM_PSTR(b_emails[3])));
	tw_random_token(t->b_token);
	token_hash(t->b_token, hash);
	tw_sql_exec("INSERT INTO user_tokens (id, token_hash, purpose, user_id, business_id, role,"
	            " created_by, created_at, expires_at) VALUES (?, ?, 'invite', ?, ?, 'manager', ?,"
	            " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL 72 HOUR)",
	            CXM_PARAMS(CXM_PINT(B_INVITATION), CXM_PBLOB(hash, 32), CXM_PINT(B_INVITEE),
	                    CXM_PINT(B_BUSINESS), CXM_PINT(B_OWNER)));
	/* a client with history, custom attribute and tag; a survey with a
	 * version, page, questions, option, an invitation, a trigger, a
	 * response with answers; feedback items with their lists and events;
	 * an import; settings */
	static const char *const objects[] = {
		"INSERT INTO clients (id, business_id, name, email, first_seen, last_seen_at)"
		" VALUES (?1 + 1, ?, 'Client " B_SECRET "', 'client@bravo-tenant.example', '2024-01-01', '2024-01-02')",
		"INSERT INTO interactions (id, business_id, client_id, kind, occurred_at, text)"
		" VALUES (?1 + 2, ?, ?1 + 1, 'note', '2024-01-02', 'note " B_SECRET "')",
		"INSERT INTO client_fields (id, business_id, code, label, type) VALUES (?1 + 3, ?, 'bravo', 'Field " B_SECRET "', 'text')",
		"INSERT INTO client_values (client_id, field_id, business_id, value) VALUES (?1 + 1, ?1 + 3, ?, 'value " B_SECRET "')",
		"INSERT INTO tags (id, business_id, name) VALUES (?1 + 4, ?, 'tag " B_SECRET "')",
		"INSERT INTO client_tags (client_id, tag_id, business_id) VALUES (?1 + 1, ?1 + 4, ?)",
		"INSERT INTO surveys (id, business_id, title_ru, title_en, open_token)"
		" VALUES (?1 + 5, ?, 'Survey " B_SECRET "', 'Survey " B_SECRET "', 'bravo-open-token-bravo-open-token-bravo-op')",
		"INSERT INTO survey_versions (id, business_id, survey_id, number, intro_en, responses)"
		" VALUES (?1 + 6, ?, ?1 + 5, 1, 'intro " B_SECRET "', 1)",
		"UPDATE surveys SET current_version_id = ?1 + 6 WHERE id = ?1 + 5 AND business_id = ?",
		"INSERT INTO survey_sections (id, business_id, version_id, position, title_en)"
		" VALUES (?1 + 7, ?, ?1 + 6, 1, 'page " B_SECRET "')",
		"INSERT INTO survey_questions (id, business_id, version_id, section_id, position, code, type, text_en)"
		" VALUES (?1 + 8, ?, ?1 + 6, ?1 + 7, 1, 'nps', 'nps', 'question " B_SECRET "')",
		"INSERT INTO survey_questions (id, business_id, version_id, section_id, position, code, type, text_en)"
		" VALUES (?1 + 9, ?, ?1 + 6, ?1 + 7, 2, 'pick', 'single', 'choice " B_SECRET "')",
		"INSERT INTO survey_options (id, business_id, question_id, position, code, label_en)"
		" VALUES (?1 + 10, ?, ?1 + 9, 1, 'a', 'option " B_SECRET "')",
		"INSERT INTO survey_invitations (id, business_id, survey_id, client_id, source, due_at, sent_at)"
		" VALUES (?1 + 11, ?, ?1 + 5, ?1 + 1, 'manual', '2024-01-02', '2024-01-02')",
		"INSERT INTO survey_triggers (id, business_id, survey_id, event, delay_days) VALUES (?1 + 12, ?, ?1 + 5, 'visit', 3)",
		"INSERT INTO survey_responses (id, business_id, survey_id, version_id, client_id, invitation_id, channel,"
		" submit_key, completed_at) VALUES (?1 + 13, ?, ?1 + 5, ?1 + 6, ?1 + 1, ?1 + 11, 'invitation',"
		" 'bravo-submit-key', '2024-01-03')",
		"INSERT INTO survey_answers (id, business_id, response_id, question_id, num) VALUES (?1 + 14, ?, ?1 + 13, ?1 + 8, 3)",
		"INSERT INTO survey_answers (id, business_id, response_id, question_id, option_id, text)"
		" VALUES (?1 + 15, ?, ?1 + 13, ?1 + 9, ?1 + 10, 'answer " B_SECRET "')",
		"INSERT INTO survey_settings (business_id, quiet_days) VALUES (?, 21)",
		"INSERT INTO feedback_departments (id, business_id, name) VALUES (?1 + 16, ?, 'department " B_SECRET "')",
		"INSERT INTO feedback_defects (id, business_id, name) VALUES (?1 + 17, ?, 'defect " B_SECRET "')",
		"INSERT INTO feedback (id, business_id, client_id, channel, type, department_id, defect_id, text,"
		" received_at, sla_due_at, response_id) VALUES (?1 + 18, ?, ?1 + 1, 'survey', 'other', ?1 + 16,"
		" ?1 + 17, 'complaint " B_SECRET "', '2024-01-03', '2024-01-04', ?1 + 13)",
		"INSERT INTO feedback_events (id, business_id, feedback_id, kind, text, created_at)"
		" VALUES (?1 + 19, ?, ?1 + 18, 'comment', 'comment " B_SECRET "', '2024-01-03')",
		"INSERT INTO imports (id, business_id, kind, filename, status, data)"
		" VALUES (?1 + 20, ?, 'clients', 'bravo.csv', 'uploaded', 'name\nClient " B_SECRET "\n')",
	};
	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		/* "?1 + n" is B_OBJ + n; every other "?" the business */
		char sql[1024];
		struct cxm_param p[16];
		size_t np = 0, o = 0;
		for (const char *c = objects[i]; *c && o + 16 < sizeof(sql); c++) {
			if (c[0] == '?' && c[1] == '1') {
				p[np++] = CXM_PINT(B_OBJ);
				sql[o++] = '?';
				c++;
			} else {
				if (c[0] == '?')
					p[np++] = CXM_PINT(B_BUSINESS);
				sql[o++] = *c;
			}
		}
		sql[o] = '\0';
		tw_sql_exec(sql, p, np);
	}
	static const char *const b_actions[] = {"invitation_sent", "role_changed", "settings_changed"};
	for (int i = 0; i < 3; i++)
		tw_sql_exec("INSERT INTO audit_log (business_id, actor_id, actor_email, action, target,"
		            " detail, created_at) VALUES (?, ?, ?, ?, ?, '" B_SECRET "', UTC_TIMESTAMP(6))",
		            CXM_PARAMS(CXM_PINT(B_BUSINESS), CXM_PINT(B_OWNER), CXM_PSTR(b_emails[0]),
		                    CXM_PSTR(b_actions[i]), CXM_PSTR(b_emails[(i + 1) % 4])));
}

/* Everything of B's a request by A must not change. */
static char *b_dump(void)
{
	struct tw_text t = {0};
	const char *const queries[] = {
		"SELECT * FROM businesses WHERE id = ?",
		"SELECT * FROM users WHERE id IN (SELECT user_id FROM memberships WHERE business_id = ?)"
		" OR id IN (SELECT user_id FROM user_tokens WHERE business_id = ?) ORDER BY id",
		"SELECT * FROM memberships WHERE business_id = ? OR user_id IN (?, ?, ?, ?)"
		" ORDER BY business_id, user_id",
		"SELECT * FROM user_tokens WHERE business_id = ? ORDER BY id",
		"SELECT * FROM audit_log WHERE business_id = ? ORDER BY id",
		"SELECT * FROM outbox WHERE business_id = ? OR recipient LIKE '%bravo-tenant%' ORDER BY id",
		"SELECT * FROM clients WHERE business_id = ? ORDER BY id",
		"SELECT * FROM interactions WHERE business_id = ? ORDER BY id",
		"SELECT * FROM client_fields WHERE business_id = ? ORDER BY id",
		"SELECT * FROM client_values WHERE business_id = ? ORDER BY client_id, field_id",
		"SELECT * FROM client_tags WHERE business_id = ? ORDER BY client_id, tag_id",
		"SELECT * FROM tags WHERE business_id = ? ORDER BY id",
		"SELECT * FROM surveys WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_versions WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_sections WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_questions WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_options WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_invitations WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_triggers WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_responses WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_answers WHERE business_id = ? ORDER BY id",
		"SELECT * FROM survey_settings WHERE business_id = ?",
		"SELECT * FROM feedback WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_events WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_departments WHERE business_id = ? ORDER BY id",
		"SELECT * FROM feedback_defects WHERE business_id = ? ORDER BY id",
		"SELECT id, business_id, kind, filename, status, total_rows, error FROM imports WHERE business_id = ? ORDER BY id",
	};
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		char *d;
		if (i == 1)
			d = sql_dump(queries[i], CXM_PARAMS(CXM_PINT(B_BUSINESS), CXM_PINT(B_BUSINESS)));
		else if (i == 2)
			d = sql_dump(queries[i], CXM_PARAMS(CXM_PINT(B_BUSINESS), CXM_PINT(B_OWNER),
			                                    CXM_PINT(B_ADMIN), CXM_PINT(B_MANAGER),
			                                    CXM_PINT(B_INVITEE)));
		else
			d = sql_dump(queries[i], CXM_PARAMS(CXM_PINT(B_BUSINESS)));
		tw_text_add(&t, d, strlen(d));
		free(d);
	}
	return t.s;
}

/* Notes each of B's e-mails, name, slug or secret found in a response,
 * except those contained in `echoed` (a value the request itself sent,
 * which a search form rightly shows back). */
static void check_no_b(const struct th_response *r, const char *what, const char *echoed,
                       struct tw_text *problems)
{
	const char *needles[] = {b_emails[0], b_emails[1], b_emails[2], b_emails[3], B_NAME, B_SECRET,
	                         "bravo-tenant"};
	for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++) {
		if (echoed && strstr(echoed, needles[i]))
			continue;
		if (memmem(r->body, r->body_len, needles[i], strlen(needles[i])) ||
		    strstr(r->head, needles[i]))
			tw_text_printf(problems, "%s: the response shows B's \"%s\"\n", what, needles[i]);
	}
}

/* A plausible value for a field of a form. */
static const char *plausible(const struct cxm_field_spec *f, const char *id)
{
	if (f->choices)
		return f->choices[0];  /* role: "analyst", lang: "ru", ... */
	if (strstr(f->name, "password") || strcmp(f->name, "current") == 0)
		return PASSWORD;
	switch (f->type) {
	case CXM_V_INT:
		return id;   /* an id in a form field is as much an attack as one in the path */
	case CXM_V_BOOL:
		return "1";
	case CXM_V_EMAIL:
		return "walker@alpha-tenant.example";
	case CXM_V_DATE:
		return "2024-01-01";
	case CXM_V_LOCALPATH:
		return "/";
	default:
		return "Walker";
	}
}

static int has_int_field(const struct cxm_route *rt)
{
	for (size_t f = 0; f < rt->nfields; f++)
		if (rt->fields[f].type == CXM_V_INT && !(rt->fields[f].flags & CXM_F_PATH))
			return 1;
	return 0;
}

/* A's owner walks every route with {id} using the ids of B's users, B's
 * invitation, B itself and B's objects (a client with history and
 * attributes, a survey with its parts, invitation, trigger and response,
 * feedback items with lists and events, an import) (and every POST route
 * with an id field, e.g.
 * /switch, with them in the field); routes with {token} get B's invitation
 * token, except public ones, where the token is the credential: there a
 * random well-formed token must find nothing. Every GET answers 403 or
 * 404, every POST (valid CSRF, plausible fields) 403 or 404; afterwards B's
 * rows are byte-identical and A's owner still works on A. Then every
 * parameterless GET route (also with its text filters set to B's e-mail)
 * must not show anything of B's. */
START_TEST(tenancy_walk)
{
	struct tenants t;
	make_alpha(&t, "alpha-tenant", "Alpha Visible Tenant");
	make_bravo(&t);
	char *before = b_dump();
	struct client c;
	make_session(&c, t.a_owner, t.a_business);
	char cookie[128];
	snprintf(cookie, sizeof(cookie), "cxm_session=%s", c.token);
	char random_tok[TW_TOKEN_CHARS + 1];
	tw_random_token(random_tok);

	long long b_ids[6 + 20];
	size_t nb = 0;
	const long long people[] = {B_OWNER, B_ADMIN, B_MANAGER, B_INVITEE, B_INVITATION, B_BUSINESS};
	for (size_t k = 0; k < 6; k++)
		b_ids[nb++] = people[k];
	for (long long k = 1; k <= 20; k++)   /* B's client, survey, item, ... (make_bravo) */
		b_ids[nb++] = B_OBJ + k;
	struct tw_text problems = {0};
	int walked = 0;
	for (size_t i = 0; i < cxm_nroutes; i++) {
		const struct cxm_route *rt = &cxm_routes[i];
		int with_id = strstr(rt->pattern, "{id}") != NULL;
		int with_token = strstr(rt->pattern, "{token}") != NULL;
		int id_field = rt->method == CXM_POST && has_int_field(rt);
		if (!with_id && !with_token && !id_field)
			continue;
		const char *tok = rt->access == CXM_PUBLIC ? random_tok : t.b_token;
		size_t nids = with_id || id_field ? nb : 1;
		for (size_t k = 0; k < nids; k++) {
			char id[32];
			snprintf(id, sizeof(id), "%lld", b_ids[k]);
			char *path = fill_pattern(rt->pattern, id, tok);
			struct tw_text body = {0};
			if (rt->method == CXM_POST) {
				for (size_t f = 0; f < rt->nfields; f++)
					if (!(rt->fields[f].flags & CXM_F_PATH))
						tw_form_add(&body, rt->fields[f].name, plausible(&rt->fields[f], id));
				tw_form_add(&body, "csrf", c.csrf);
			}
			struct th_response r;
			http(method_name(rt->method), path, cookie, body.s, &r);
			walked++;
			char what[512];
			snprintf(what, sizeof(what), "%s %s%s%s", method_name(rt->method), path,
			         body.s ? " " : "", body.s ? body.s : "");
			if (r.status != 403 && r.status != 404)
				tw_text_printf(&problems, "%s as A's owner: %d, expected 403 or 404\n", what, r.status);
			/* a public token route with an unknown token finds nothing */
			if (with_token && rt->access == CXM_PUBLIC && rt->method == CXM_GET && r.status != 404)
				tw_text_printf(&problems, "%s: a random token got %d, expected 404\n", what, r.status);
			check_no_b(&r, what, NULL, &problems);
			th_response_free(&r);
			free(body.s);
			free(path);
		}
	}
	ck_assert_int_gt(walked, 0);

	/* Parameterless GET pages as A's owner, also with each text filter
	 * (e.g. ?q=, ?actor=) set to B's owner's e-mail. */
	for (size_t i = 0; i < cxm_nroutes; i++) {
		const struct cxm_route *rt = &cxm_routes[i];
		if (rt->method != CXM_GET || has_path_params(rt->pattern))
			continue;
		struct th_response r;
		get(rt->pattern, cookie, &r);
		char what[512];
		snprintf(what, sizeof(what), "GET %s", rt->pattern);
		check_no_b(&r, what, NULL, &problems);
		th_response_free(&r);
		for (size_t f = 0; f < rt->nfields; f++) {
			const struct cxm_field_spec *fs = &rt->fields[f];
			if (fs->type != CXM_V_LINE && fs->type != CXM_V_TEXT && fs->type != CXM_V_EMAIL)
				continue;
			struct tw_text q = {0};
			tw_text_add(&q, rt->pattern, strlen(rt->pattern));
			tw_text_add(&q, "?", 1);
			struct tw_text kv = {0};
			tw_form_add(&kv, fs->name, b_emails[0]);
			tw_text_add(&q, kv.s, kv.len);
			get(q.s, cookie, &r);
			snprintf(what, sizeof(what), "GET %s", q.s);
			check_no_b(&r, what, b_emails[0], &problems);
			th_response_free(&r);
			free(q.s);
			free(kv.s);
		}
	}

	char *after = b_dump();
	if (strcmp(before, after) != 0)
		tw_text_printf(&problems, "B's rows changed during the walk.\nbefore:\n%s\nafter:\n%s\n", before,
		               after);
	free(before);
	free(after);
	/* A's owner still works on A */
	ck_assert_int_eq(tw_sql_int("SELECT business_id FROM sessions WHERE id = ?",
	                            CXM_PARAMS(CXM_PINT(c.session_id)), -1),
	                 t.a_business);
	ck_assert_msg(problems.len == 0, "tenancy problems:\n%s", problems.s);
}
END_TEST

/* The walk above proves nothing if the pages show nothing at all: as A's
 * owner, A's own data is visible on the same pages (the user list, a user's
 * page, the audit log, the business settings). */
START_TEST(tenancy_own_data_visible)
{
	struct tenants t;
	make_alpha(&t, "alpha-control", "Alpha Control Tenant");
	struct client c;
	make_session(&c, t.a_owner, t.a_business);
	char cookie[128];
	snprintf(cookie, sizeof(cookie), "cxm_session=%s", c.token);
	char user_page[64];
	snprintf(user_page, sizeof(user_page), "/admin/users/%lld", t.a_manager);
	struct {
		const char *path, *needle;
	} pages[] = {
		{"/admin/users", t.a_manager_email},
		{user_page, t.a_manager_email},
		{"/admin/audit", "SECRET-A"},
		{"/admin/business", "Alpha Control Tenant"},
	};
	struct tw_text problems = {0};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct th_response r;
		get(pages[i].path, cookie, &r);
		if (r.status != 200 || !strstr(r.body, pages[i].needle))
			tw_text_printf(&problems, "GET %s as A's owner: %d, %s\"%s\"\n", pages[i].path, r.status,
			               strstr(r.body, pages[i].needle) ? "shows " : "does not show ",
			               pages[i].needle);
		th_response_free(&r);
	}
	ck_assert_msg(problems.len == 0, "own data not shown:\n%s", problems.s);
}
END_TEST

/* ==== 8. Password hashes never shown or logged ============================ */

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct tw_text t = {0};
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		tw_text_add(&t, buf, n);
	fclose(f);
	*len = t.len;
	return t.s;
}

/* Runs last: no response received by any test above, and nothing in
 * cxm-fcgi's log, contains an Argon2id hash (the users table does hold
 * them) or a password in clear. */
START_TEST(no_password_hash_shown_or_logged)
{
	ck_assert_int_gt(tw_sql_int("SELECT COUNT(*) FROM users WHERE password_hash LIKE '$argon2id$%'",
	                            CXM_NOPARAMS, -1),
	                 0);
	size_t len = 0;
	char *all = read_all(responses_path, &len);
	ck_assert_msg(all && len > 0, "no responses were recorded in %s", responses_path);
	ck_assert_msg(!memmem(all, len, "$argon2id$", 10), "a response contained a password hash");
	free(all);
	ck_assert_int_eq(th_log_count(&stack, "$argon2id$"), 0);
	ck_assert_int_eq(th_log_count(&stack, PASSWORD), 0);
	ck_assert_int_eq(th_log_count(&stack, WRONG_PASSWORD), 0);
}
END_TEST

/* ---- the suite ------------------------------------------------------------ */

static Suite *auth_suite(void)
{
	Suite *s = suite_create("http_auth");
	TCase *tc = tcase_create("auth");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, login_success);
	tcase_add_test(tc, login_failure);
	tcase_add_test(tc, throttle_per_account);
	tcase_add_test(tc, throttle_below_limit);
	tcase_add_test(tc, throttle_per_address);
	tcase_add_test(tc, fixation_planted_token);
	tcase_add_test(tc, fixation_previous_session_ended);
	tcase_add_test(tc, session_idle_timeout);
	tcase_add_test(tc, session_absolute_timeout);
	tcase_add_test(tc, csrf_signed_in);
	tcase_add_test(tc, csrf_login);
	tcase_add_test(tc, role_matrix);
	tcase_add_test(tc, tenancy_walk);
	suite_add_tcase(s, tc);
	/* A's own data on the pages the walk visits (a business of its own) */
	TCase *own = tcase_create("tenancy_control");
	tcase_set_timeout(own, 300);
	tcase_add_checked_fixture(own, setup, teardown);
	tcase_add_test(own, tenancy_own_data_visible);
	suite_add_tcase(s, own);
	TCase *last = tcase_create("leaks");
	tcase_set_timeout(last, 60);
	tcase_add_checked_fixture(last, setup, teardown);
	tcase_add_test(last, no_password_hash_shown_or_logged);
	suite_add_tcase(s, last);
	return s;
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return EXIT_FAILURE;
	}
	/* hashes with the same costs as the stack, so logins never rehash */
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
	char *dir = th_tmpdir("auth");
	if (asprintf(&responses_path, "%s/responses", dir) < 0)
		return EXIT_FAILURE;
	struct th_stack_opts o = {.workers = 2, .extra_conf = STACK_CONF};
	th_stack_start(&stack, &o);

	int failed = tw_run(auth_suite(), &stack);
	free(dir);
	free(responses_path);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
