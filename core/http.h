/* One HTTP request as the worker sees it, and the response it builds.
 * The request is filled from FastCGI parameters through a callback, so this
 * file does not depend on libfcgi and tests can feed it directly. */
#ifndef CXM_HTTP_H
#define CXM_HTTP_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "i18n.h"

struct cxm_arena;
struct cxm_config;
struct cxm_db;
struct cxm_dict;
struct cxm_route;
struct cxm_field;
struct cxm_session;

enum cxm_method {
	CXM_GET,
	CXM_HEAD,
	CXM_POST,
	CXM_PUT,
	CXM_DELETE,
	CXM_PATCH,
	CXM_OPTIONS,
	CXM_METHOD_OTHER,
	CXM_METHOD_MAX
};
extern const char *const cxm_method_names[CXM_METHOD_MAX];

struct cxm_header {
	const char *name;
	const char *value;
};

struct cxm_req {
	struct cxm_arena *arena;
	const struct cxm_config *cfg;
	struct cxm_db *db;

	/* what the client asked for */
	enum cxm_method method;
	const char *method_name;
	const char *uri;            /* REQUEST_URI, for logs (once routed, a path
	                               holding a {token} is its pattern instead) */
	const char *path;           /* decoded, base path removed, starts with '/';
	                               NULL when the URI is outside the base path */
	const char *base;           /* "" or e.g. "/cx": prefix of every link */
	const char *query;          /* raw query string, "" when none */
	const char *content_type;   /* NULL when none */
	size_t content_length;
	int has_content_length;
	const char *cookie_header;
	const char *accept_language;
	const char *remote_addr;
	const char *user_agent;
	int https;
	const char *request_id;
	const char *server_name;    /* nginx's server_name, for links in mail */
	const char *server_port;
	enum cxm_lang lang;

	/* who is asking (session.c); NULL when not signed in */
	struct cxm_session *session;
	int session_expired;        /* a session cookie came, but it had ended */
	int outsider;               /* a page for people outside the business (survey
	                               respondents, the public feedback form): the
	                               layout shows no navigation and no sign-in */
	const char *csrf;           /* the token forms carry (csrf.c) */

	/* parsed input */
	const char *body;
	size_t body_len;
	struct cxm_pairs params;    /* query fields, then body fields */
	struct cxm_pairs cookies;
	struct cxm_parse_error parse_error;

	/* routing (route.c) */
	const struct cxm_route *route;
	const char *path_args[8];   /* values of {name} segments, in order */
	size_t npath_args;
	struct cxm_field *fields;   /* one per route field spec, validated */
	unsigned allowed_methods;   /* bit per method when the path matched */

	/* the response */
	int status;
	const char *resp_type;      /* Content-Type */
	struct cxm_header *resp_headers;
	size_t nresp_headers, resp_headers_cap;
	struct cxm_buf out;
	const char *error_detail;   /* shown on an error page (already translated) */
	struct cxm_dict *page;      /* layout dictionary while a page is built */

	/* Streaming (exports; see cxm_resp_stream_begin). The worker sets the
	 * callbacks; without them (tests driving dispatch directly) a stream
	 * is collected in out like any response. */
	int (*stream_write)(void *ctx, const char *data, size_t n);  /* 0 or -1 */
	void *stream_ctx;
	void (*release_idle)(void *ctx);   /* closes the worker's idle connections */
	void *release_ctx;
	int streaming;              /* the head has gone out: out is not used */
	int stream_failed;          /* the stream broke off: the worker drops
	                               the connection so the client sees it */
	size_t streamed;            /* body bytes sent */
};

/* Returns the value of a FastCGI/CGI parameter, or NULL. */
typedef const char *(*cxm_param_fn)(void *ctx, const char *name);
/* Reads up to n body bytes; returns the count, 0 at the end, -1 on error. */
typedef long (*cxm_read_fn)(void *ctx, char *buf, size_t n);

/* Fills req from the request parameters and parses its cookies. Everything
 * is copied into the arena. Returns CXM_ERR_BAD_UTF8 or CXM_ERR_BAD_ESCAPE for a path that
 * cannot be a valid route (the caller answers 400). */
enum cxm_err cxm_req_init(struct cxm_req *req, struct cxm_arena *a, const struct cxm_config *cfg,
                          cxm_param_fn param, void *ctx);

/* Reads the body, at most cfg->max_body bytes. A Content-Length above the
 * limit is refused before reading anything (CXM_ERR_BODY_TOO_LARGE);
 * a body that ends early gives CXM_ERR_BODY_SHORT. */
enum cxm_err cxm_req_read_body(struct cxm_req *req, cxm_read_fn read, void *ctx);

/* Parses the query string and the body (urlencoded or multipart, by
 * Content-Type) into req->params. On error req->parse_error says what and where. */
enum cxm_err cxm_req_parse(struct cxm_req *req);

/* First value of a parsed field or cookie, or NULL. */
const char *cxm_req_param(const struct cxm_req *req, const char *name);
const char *cxm_req_cookie(const struct cxm_req *req, const char *name);

/* Response building. Header names and values must be constants or arena
 * strings; values must not contain CR or LF (asserted). */
void cxm_resp_header(struct cxm_req *req, const char *name, const char *value);
void cxm_resp_redirect(struct cxm_req *req, int status, const char *location);
/* Reason phrase for a status code ("Not Found"). */
const char *cxm_status_text(int status);
/* A response too big to hold (a CSV of a million clients): the handler
 * sets status, resp_type and its headers, calls cxm_resp_stream_begin,
 * which sends the head at once (without Content-Length: nginx sends the
 * body chunked, or until the connection closes), then passes the body in
 * pieces to cxm_resp_write as it produces them, and returns the status.
 * Nothing more goes into out. cxm_resp_write returns 0, or -1 when the
 * client is gone (then stop producing); a handler that cannot finish (a
 * database error half-way) calls cxm_resp_stream_abort, so that the
 * connection is dropped instead of the truncated body looking complete.
 * Every other response keeps the buffered path: out, written by the
 * worker after the handler returns. */
int cxm_resp_stream_begin(struct cxm_req *req);
int cxm_resp_write(struct cxm_req *req, const void *data, size_t n);
void cxm_resp_stream_abort(struct cxm_req *req);
/* A long response keeps its worker busy, and requests nginx has already
 * sent on the worker's other (idle) kept connections would wait behind it
 * (docs/architecture.md). Handlers call this before a long stream: every
 * other connection the worker holds that has no request waiting on it is
 * closed (nginx drops it from its cache and opens a fresh one, which
 * another worker accepts). A connection whose request has already arrived
 * is kept and served after the stream. */
void cxm_resp_release_idle(struct cxm_req *req);

/* Writes the CGI response header block (Status, Content-Type, Content-Length
 * unless streaming, security headers, the handler's headers, blank line)
 * into out. */
void cxm_resp_head(const struct cxm_req *req, struct cxm_buf *out);

#endif
