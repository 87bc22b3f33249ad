/* What the HTTP suites share: SQL helpers over the suite's connection, a
 * growable text buffer, form bodies, session tokens, requests to the stack
 * and assertions on the pages that come back. All of it reads `tw`, which
 * each suite fills in its per-test setup; failures abort the running test. */
#ifndef CXM_TESTS_WEB_H
#define CXM_TESTS_WEB_H

#include <check.h>
#include <stddef.h>

#include "db.h"
#include "harness.h"

struct cxm_arena;

/* The state the helpers work on: tw_open fills it in each test's setup and
 * tw_close empties it in the teardown. A suite may point tw.db at another
 * connection for a while (it then closes that one itself); the helpers
 * reset tw.arena after each query they run. */
struct tw_ctx {
	struct cxm_db *db;
	struct cxm_arena *arena;
	int port;                /* the stack's nginx port tw_http talks to */
};
extern struct tw_ctx tw;

/* Connects to s's database (aborting the test on failure), makes an arena,
 * and points tw at them and at s's port. */
void tw_open(const struct th_stack *s);
/* Closes tw.db, frees tw.arena and clears tw. */
void tw_close(void);

/* Runs suite s (CK_NORMAL; the runner is freed), then stops the stack
 * (reporting on stderr when cxm-fcgi did not exit cleanly). Returns how
 * many tests failed, plus one for an unclean stop. For main, after the
 * stack was started. */
int tw_run(Suite *s, struct th_stack *stack);

/* ---- SQL over tw.db ------------------------------------------------------ */

/* Runs a statement; aborts the test on failure. */
void tw_sql_exec(const char *sql, const struct cxm_param *p, size_t n);
/* Runs an INSERT; returns the new row's id. Aborts on failure. */
long long tw_sql_insert(const char *sql, const struct cxm_param *p, size_t n);
/* The first column of the first row as a number (def when there is no row
 * or the cell is NULL). Resets tw.arena. */
long long tw_sql_int(const char *sql, const struct cxm_param *p, size_t n, long long def);
/* The first column of the first row, malloc'd (the caller frees it); NULL
 * when there is no row or the cell is NULL. Resets tw.arena. */
char *tw_sql_text(const char *sql, const struct cxm_param *p, size_t n);
/* Every row of a query: cells separated by '|', rows by newlines, NULL as
 * \N, a cell that is not plain printable text in hex. Malloc'd ("" when
 * there are no rows); the caller frees it. Resets tw.arena. */
char *tw_sql_rows(const char *sql, const struct cxm_param *p, size_t n);
/* tw_sql_rows(sql) is exactly want. */
void tw_assert_rows(const char *sql, const struct cxm_param *p, size_t n, const char *want);
/* A dump of nq queries, each run with the same parameters, as "-- <query>\n"
 * and its tw_sql_rows, for "nothing changed" comparisons. Malloc'd; the
 * caller frees it. */
char *tw_dump(const char *const *queries, size_t nq, const struct cxm_param *p, size_t n);
/* Fails unless after equals before, showing both from the line where they
 * first part (briefly: Check cannot carry long messages); what names the
 * step that was not to change anything. Frees neither. */
void tw_assert_same_dump(const char *before, const char *after, const char *what);
/* The audit rows of business biz as "action|actor_id|target|detail" lines,
 * oldest first (malloc'd; the caller frees it). */
char *tw_audit_of(long long biz);

/* ---- text ---------------------------------------------------------------- */

/* A growing malloc'd string: start from {0}; s is NUL-terminated once
 * anything (even "" with n 0) was added. Whoever holds it frees s. */
struct tw_text {
	char *s;
	size_t len, cap;
};
/* Appends n bytes of data. */
void tw_text_add(struct tw_text *t, const void *data, size_t n);
/* Appends a formatted string. */
void tw_text_printf(struct tw_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Form-urlencodes s onto t. */
void tw_urlencode(struct tw_text *t, const char *s);
/* Appends "&name=value", both urlencoded (without '&' when t is empty). */
void tw_form_add(struct tw_text *t, const char *name, const char *value);
/* A form body from name, value, ... pairs ending with a NULL name; the
 * caller owns (frees or hands on) its s, which is never NULL. */
struct tw_text tw_fields(const char *name, ...);
/* s with the five characters the templates escape escaped (malloc'd; the
 * caller frees it). */
char *tw_esc(const char *s);

/* ---- session tokens ------------------------------------------------------ */

/* A 32-byte token in URL-safe base64 without padding. */
#define TW_TOKEN_CHARS 43
/* A fresh random token into out. */
void tw_random_token(char out[TW_TOKEN_CHARS + 1]);
/* The hash the sessions table stores for token (BLAKE2b of its bytes). */
void tw_token_hash(const char *token, unsigned char hash[32]);

/* ---- accounts made directly in the database ------------------------------ */

/* A business (name = slug) with this time zone and currency; returns its id. */
long long tw_make_business(const char *slug, const char *tz, const char *currency);
/* A signed-in browser: its session cookie and the session's CSRF token. */
struct tw_client {
	char token[TW_TOKEN_CHARS + 1];
	char csrf[TW_TOKEN_CHARS + 1];
	char cookie[64];
	long long user_id;
};
/* A user (language en, no password: sessions are made directly) with role
 * in business biz, and a session of theirs there, into c. */
void tw_make_member(struct tw_client *c, long long biz, const char *email, const char *role);

/* ---- HTTP ---------------------------------------------------------------- */

/* What a failure message shows of a page: from its <main> on (a pointer
 * into body), cut short by TW_PAGE (Check cannot carry long messages). */
#define TW_PAGE "%.3000s"
const char *tw_page_main(const char *body);
/* Sends a request to 127.0.0.1:tw.port with Accept-Language: en, the
 * cookies (a "a=b; c=d" list, or NULL) and, when body is given, a form
 * content type. Aborts when nothing answers. The caller frees r with
 * th_response_free. */
void tw_http(const char *method, const char *path, const char *cookies, const char *body,
             struct th_response *r);

/* GET path as c (signed out when c is NULL). */
void tw_get(const struct tw_client *c, const char *path, struct th_response *r);
/* POSTs the fields f plus c's csrf as c; f is consumed (its s freed). */
void tw_post(const struct tw_client *c, const char *path, struct tw_text f, struct th_response *r);

/* ---- responses: assertions and readers (none of them frees r) ----------- */

/* The status is status; line (the caller's) goes into the message. */
void tw_assert_status_at(const struct th_response *r, int status, int line);
#define tw_assert_status(r, status) tw_assert_status_at(r, status, __LINE__)
/* A 303 to exactly location. */
void tw_assert_redirect(const struct th_response *r, const char *location);
/* Header name is there and exactly want. */
void tw_assert_header(const struct th_response *r, const char *name, const char *want);
/* The Set-Cookie headers for cookie name: how many there are into *count,
 * and the last one's whole value (malloc'd, the caller frees it; NULL when
 * there is none). */
char *tw_set_cookie(const struct th_response *r, const char *name, int *count);
/* The response sets no cxm_session cookie. */
void tw_assert_no_session_cookie(const struct th_response *r);
/* The body contains / does not contain needle. */
void tw_assert_has(const struct th_response *r, const char *needle);
void tw_assert_lacks(const struct th_response *r, const char *needle);
/* The page shows text (escaped) as a notice of kind (role status or alert). */
void tw_assert_notice(const struct th_response *r, const char *kind, const char *text);
/* first occurs in the page, and before second. */
void tw_assert_before(const struct th_response *r, const char *first, const char *second);
/* The error shown next to input name (searched from the first occurrence
 * of from on, or the whole body when from is NULL): the field-error inside
 * the <div class="field"> holding the input. Malloc'd (the caller frees
 * it); NULL when there is none. */
char *tw_field_error_from(const char *body, const char *from, const char *name);
/* The error next to input name (after from) is msg escaped, or there is
 * none when msg is NULL. */
void tw_assert_field_error_from(const struct th_response *r, const char *from, const char *name,
                                const char *msg);
/* The same over the whole page. */
void tw_assert_field_error(const struct th_response *r, const char *name, const char *msg);
/* The value="..." of input name (escaped form), malloc'd (the caller frees
 * it), or NULL. */
char *tw_input_value(const char *body, const char *name);
/* Input name has value (compared escaped). */
void tw_assert_input(const struct th_response *r, const char *name, const char *value);
/* The ids in `<tr data-id="N">` rows (or `<li class="entry ... data-id`
 * entries when entries is set) of a page, in order, into ids (at most max;
 * more fails the test); returns how many. */
size_t tw_page_ids(const char *body, int entries, long long *ids, size_t max);
/* The target of the pager link rel="<rel>" (&amp; undone), malloc'd (the
 * caller frees it), or NULL when the page has none. */
char *tw_rel_link(const char *body, const char *rel);

#endif
