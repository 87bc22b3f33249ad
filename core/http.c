/* Request set-up, body reading and response headers; see http.h. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf.h"
#include "http.h"
#include "utf8.h"

const char *const cxm_method_names[CXM_METHOD_MAX] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OTHER",
};

static const char *copy_param(struct cxm_arena *a, cxm_param_fn param, void *ctx,
                              const char *name)
{
	const char *v = param(ctx, name);
	return v ? cxm_strdup(a, v) : NULL;
}

/* Percent-decodes a path (no '+' rule in paths). NULL on a bad escape or
 * invalid UTF-8. */
static char *decode_path(struct cxm_arena *a, const char *s, size_t n, enum cxm_err *code)
{
	char *d = cxm_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < n ? cxm_hex_digit((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? cxm_hex_digit((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				*code = CXM_ERR_BAD_ESCAPE;
				return NULL;
			}
			int v = hi * 16 + lo;
			d[j++] = (char)v;
			i += 2;
		} else {
			d[j++] = s[i];
		}
	}
	d[j] = '\0';
	if (!cxm_utf8_valid(d, j)) {
		*code = CXM_ERR_BAD_UTF8;
		return NULL;
	}
	return d;
}

static enum cxm_method parse_method(const char *m)
{
	if (!m)
		return CXM_METHOD_OTHER;
	for (int i = 0; i < CXM_METHOD_OTHER; i++)
		if (strcmp(m, cxm_method_names[i]) == 0)
			return (enum cxm_method)i;
	return CXM_METHOD_OTHER;
}

enum cxm_err cxm_req_init(struct cxm_req *req, struct cxm_arena *a, const struct cxm_config *cfg,
                          cxm_param_fn param, void *ctx)
{
	memset(req, 0, sizeof(*req));
	req->arena = a;
	req->cfg = cfg;
	req->status = 200;
	req->resp_type = "text/html; charset=utf-8";
	cxm_buf_init(&req->out, a, 16384);

	req->method_name = copy_param(a, param, ctx, "REQUEST_METHOD");
	if (!req->method_name)
		req->method_name = "GET";
	req->method = parse_method(req->method_name);
	req->uri = copy_param(a, param, ctx, "REQUEST_URI");
	if (!req->uri)
		req->uri = "/";
	req->query = copy_param(a, param, ctx, "QUERY_STRING");
	if (!req->query)
		req->query = "";
	req->content_type = copy_param(a, param, ctx, "CONTENT_TYPE");
	if (req->content_type && !*req->content_type)
		req->content_type = NULL;
	const char *cl = param(ctx, "CONTENT_LENGTH");
	if (cl && cl[0] >= '0' && cl[0] <= '9') {  /* digits only: no sign, no spaces */
		char *end;
		errno = 0;
		unsigned long long v = strtoull(cl, &end, 10);
		if (*end == '\0' && errno == 0) {
			req->content_length = (size_t)v;
			req->has_content_length = 1;
		}
	}
	req->cookie_header = copy_param(a, param, ctx, "HTTP_COOKIE");
	cxm_parse_cookies(a, req->cookie_header, &req->cookies);
	req->accept_language = copy_param(a, param, ctx, "HTTP_ACCEPT_LANGUAGE");
	req->remote_addr = copy_param(a, param, ctx, "REMOTE_ADDR");
	req->user_agent = copy_param(a, param, ctx, "HTTP_USER_AGENT");
	const char *https = param(ctx, "HTTPS");
	req->https = https && (strcmp(https, "on") == 0 || strcmp(https, "1") == 0);
	req->request_id = copy_param(a, param, ctx, "REQUEST_ID");
	req->server_name = copy_param(a, param, ctx, "SERVER_NAME");
	req->server_port = copy_param(a, param, ctx, "SERVER_PORT");

	/* The base path: configured, or announced by nginx for a prefix mount. */
	const char *base = cfg->base_path && *cfg->base_path ? cfg->base_path
	                                                     : param(ctx, "CXM_BASE_PATH");
	if (!base)
		base = "";
	size_t blen = strlen(base);
	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	req->base = cxm_strndup(a, base, blen);

	/* nginx gives the decoded, normalised path as DOCUMENT_URI; without it
	 * we decode REQUEST_URI ourselves. */
	const char *doc = param(ctx, "DOCUMENT_URI");
	char *path;
	if (doc) {
		path = cxm_strdup(a, doc);
		if (!cxm_utf8_valid(path, strlen(path))) {
			req->path = "/";
			return CXM_ERR_BAD_UTF8;
		}
	} else {
		size_t n = strcspn(req->uri, "?");
		enum cxm_err code = CXM_OK;
		path = decode_path(a, req->uri, n, &code);
		if (!path) {
			req->path = "/";
			return code;
		}
	}
	if (blen == 0) {
		req->path = *path ? path : "/";
	} else if (strncmp(path, req->base, blen) == 0 && (path[blen] == '/' || path[blen] == '\0')) {
		req->path = path[blen] ? path + blen : "/";
	} else {
		req->path = NULL;  /* outside our mount point */
	}
	return CXM_OK;
}

enum cxm_err cxm_req_read_body(struct cxm_req *req, cxm_read_fn read, void *ctx)
{
	size_t max = req->cfg->max_body;
	if (req->has_content_length && req->content_length > max)
		return CXM_ERR_BODY_TOO_LARGE;
	if (req->has_content_length && req->content_length == 0)
		return CXM_OK;
	if (!req->has_content_length && req->method != CXM_POST && req->method != CXM_PUT &&
	    req->method != CXM_PATCH)
		return CXM_OK;
	size_t want = req->has_content_length ? req->content_length : max + 1;
	size_t cap = req->has_content_length ? want : 16384;
	char *buf = cxm_alloc(req->arena, cap + 1);
	size_t n = 0;
	while (n < want) {
		if (n == cap) {
			/* no announced length: grow up to the limit */
			size_t ncap = cap * 2 > want ? want : cap * 2;
			char *nb = cxm_alloc(req->arena, ncap + 1);
			memcpy(nb, buf, n);
			buf = nb;
			cap = ncap;
		}
		long got = read(ctx, buf + n, cap - n);
		if (got < 0)
			return CXM_ERR_IO;
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max)
		return CXM_ERR_BODY_TOO_LARGE;
	if (req->has_content_length && n < req->content_length)
		return CXM_ERR_BODY_SHORT;
	buf[n] = '\0';
	req->body = buf;
	req->body_len = n;
	return CXM_OK;
}

static int type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

enum cxm_err cxm_req_parse(struct cxm_req *req)
{
	struct cxm_limits lim = {
		.max_fields = (size_t)req->cfg->max_fields,
		.max_field_len = req->cfg->max_field_len,
		.max_name_len = 256,
	};
	struct cxm_parse_error *e = &req->parse_error;
	enum cxm_err rc = cxm_parse_urlencoded(req->arena, req->query, strlen(req->query), &lim,
	                                       &req->params, e);
	if (rc != CXM_OK)
		return rc;
	if (req->body_len > 0) {
		if (type_is(req->content_type, "application/x-www-form-urlencoded"))
			rc = cxm_parse_urlencoded(req->arena, req->body, req->body_len, &lim, &req->params, e);
		else if (type_is(req->content_type, "multipart/form-data"))
			rc = cxm_parse_multipart(req->arena, req->content_type, req->body, req->body_len, &lim,
			                         &req->params, e);
		else {
			e->code = rc = CXM_ERR_BAD_CONTENT_TYPE;
			e->field = NULL;
		}
		if (rc != CXM_OK)
			return rc;
	}
	return CXM_OK;
}

const char *cxm_req_param(const struct cxm_req *req, const char *name)
{
	const struct cxm_pair *p = cxm_pairs_get(&req->params, name);
	return p ? p->value : NULL;
}

const char *cxm_req_cookie(const struct cxm_req *req, const char *name)
{
	const struct cxm_pair *p = cxm_pairs_get(&req->cookies, name);
	return p ? p->value : NULL;
}

void cxm_resp_header(struct cxm_req *req, const char *name, const char *value)
{
	assert(!strpbrk(name, "\r\n:") && !strpbrk(value, "\r\n"));
	if (req->nresp_headers == req->resp_headers_cap) {
		size_t cap = req->resp_headers_cap ? req->resp_headers_cap * 2 : 8;
		struct cxm_header *h = cxm_alloc(req->arena, cap * sizeof(*h));
		if (req->nresp_headers)
			memcpy(h, req->resp_headers, req->nresp_headers * sizeof(*h));
		req->resp_headers = h;
		req->resp_headers_cap = cap;
	}
	req->resp_headers[req->nresp_headers++] = (struct cxm_header){name, value};
}

void cxm_resp_redirect(struct cxm_req *req, int status, const char *location)
{
	req->status = status;
	cxm_resp_header(req, "Location", location);
	cxm_buf_reset(&req->out);
}

const char *cxm_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* Security headers on every response (DESIGN.md section 2): no inline
 * script or style, no framing, no MIME sniffing, no referrer leaks. */
static const char security_headers[] =
	"Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
	"frame-ancestors 'none'; base-uri 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"X-Frame-Options: DENY\r\n"
	"Referrer-Policy: same-origin\r\n"
	"Cross-Origin-Opener-Policy: same-origin\r\n";

void cxm_resp_head(const struct cxm_req *req, struct cxm_buf *out)
{
	cxm_buf_printf(out, "Status: %d %s\r\n", req->status, cxm_status_text(req->status));
	cxm_buf_printf(out, "Content-Type: %s\r\n", req->resp_type);
	if (!req->streaming)
		cxm_buf_printf(out, "Content-Length: %zu\r\n", req->out.len);
	cxm_buf_put(out, security_headers, sizeof(security_headers) - 1);
	int has_cache = 0;
	for (size_t i = 0; i < req->nresp_headers; i++) {
		if (strcasecmp(req->resp_headers[i].name, "Cache-Control") == 0)
			has_cache = 1;
		cxm_buf_printf(out, "%s: %s\r\n", req->resp_headers[i].name, req->resp_headers[i].value);
	}
	if (!has_cache)
		cxm_buf_puts(out, "Cache-Control: no-store\r\n");
	cxm_buf_puts(out, "\r\n");
}

int cxm_resp_stream_begin(struct cxm_req *req)
{
	cxm_buf_reset(&req->out);
	if (!req->stream_write)
		return 0;   /* no worker: collected in out */
	req->streaming = 1;
	struct cxm_buf head;
	cxm_buf_init(&head, req->arena, 1024);
	cxm_resp_head(req, &head);
	if (req->stream_write(req->stream_ctx, head.data, head.len) != 0) {
		req->stream_failed = 1;
		return -1;
	}
	return 0;
}

int cxm_resp_write(struct cxm_req *req, const void *data, size_t n)
{
	if (req->stream_failed)
		return -1;
	if (!req->streaming) {
		cxm_buf_put(&req->out, data, n);
		return 0;
	}
	if (req->method == CXM_HEAD || n == 0)
		return 0;
	if (req->stream_write(req->stream_ctx, data, n) != 0) {
		req->stream_failed = 1;
		return -1;
	}
	req->streamed += n;
	return 0;
}

void cxm_resp_stream_abort(struct cxm_req *req)
{
	req->stream_failed = 1;
}

void cxm_resp_release_idle(struct cxm_req *req)
{
	if (req->release_idle)
		req->release_idle(req->release_ctx);
}
