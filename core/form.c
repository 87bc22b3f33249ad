/* Query string, urlencoded and multipart parsing, and cookies; see form.h. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "utf8.h"

void cxm_pairs_add(struct cxm_arena *a, struct cxm_pairs *p, const struct cxm_pair *pair)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct cxm_pair *v = cxm_alloc(a, cap * sizeof(*v));
		if (p->n)
			memcpy(v, p->v, p->n * sizeof(*v));
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = *pair;
}

const struct cxm_pair *cxm_pairs_get(const struct cxm_pairs *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
	return NULL;
}

int cxm_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a new NUL-terminated arena string. Returns NULL with
 * *code set on a malformed escape or invalid UTF-8. */
static char *decode(struct cxm_arena *a, const char *s, size_t n, size_t *outlen,
                    enum cxm_err *code)
{
	char *d = cxm_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			d[j++] = ' ';
		} else if (c == '%') {
			int hi = i + 1 < n ? cxm_hex_digit((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? cxm_hex_digit((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				*code = CXM_ERR_BAD_ESCAPE;
				return NULL;
			}
			d[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			d[j++] = c;
		}
	}
	d[j] = '\0';
	if (!cxm_utf8_valid(d, j)) {
		*code = CXM_ERR_BAD_UTF8;
		return NULL;
	}
	*outlen = j;
	return d;
}

enum cxm_err cxm_parse_urlencoded(struct cxm_arena *a, const char *s, size_t n,
                                  const struct cxm_limits *lim, struct cxm_pairs *out,
                                  struct cxm_parse_error *err)
{
	err->code = CXM_OK;
	err->field = NULL;
	size_t i = 0;
	while (i < n) {
		size_t start = i;
		while (i < n && s[i] != '&')
			i++;
		size_t end = i++;
		if (end == start)
			continue;  /* "a=1&&b=2" */
		const char *eq = memchr(s + start, '=', end - start);
		size_t nlen = eq ? (size_t)(eq - (s + start)) : end - start;
		const char *v = eq ? eq + 1 : s + end;
		size_t vlen = eq ? (size_t)(s + end - v) : 0;
		enum cxm_err code = CXM_OK;
		size_t dn, dv;
		char *name = decode(a, s + start, nlen, &dn, &code);
		if (!name) {
			err->code = code;
			return code;
		}
		if (dn == 0)
			continue;  /* "=value" carries no field */
		if (dn > lim->max_name_len) {
			err->code = CXM_ERR_FIELD_TOO_LONG;
			return err->code;
		}
		err->field = name;
		if (out->n >= lim->max_fields) {
			err->code = CXM_ERR_TOO_MANY_FIELDS;
			return err->code;
		}
		/* The encoded length bounds the decoded one from above and a third
		 * of it from below; refuse early before decoding a huge value. */
		if (vlen / 3 > lim->max_field_len) {
			err->code = CXM_ERR_FIELD_TOO_LONG;
			return err->code;
		}
		char *value = decode(a, v, vlen, &dv, &code);
		if (!value) {
			err->code = code;
			return code;
		}
		if (dv > lim->max_field_len) {
			err->code = CXM_ERR_FIELD_TOO_LONG;
			return err->code;
		}
		err->field = NULL;
		cxm_pairs_add(a, out, &(struct cxm_pair){name, value, dv, NULL, NULL});
	}
	return CXM_OK;
}

/* Reads the value of parameter `param` in a header such as
 * `form-data; name="x"; filename="a b.csv"`. Quoted values may contain
 * backslash escapes. Returns NULL when the parameter is absent, and sets
 * *bad on an unterminated quote. */
static const char *header_param(struct cxm_arena *a, const char *h, size_t hn,
                                const char *param, int *bad)
{
	size_t plen = strlen(param);
	size_t i = 0;
	/* skip the leading token (e.g. "form-data") */
	while (i < hn && h[i] != ';')
		i++;
	while (i < hn) {
		i++;  /* ';' */
		while (i < hn && (h[i] == ' ' || h[i] == '\t'))
			i++;
		size_t ks = i;
		while (i < hn && h[i] != '=' && h[i] != ';')
			i++;
		size_t ke = i;
		while (ke > ks && (h[ke - 1] == ' ' || h[ke - 1] == '\t'))
			ke--;
		if (i >= hn || h[i] == ';')
			continue;
		i++;  /* '=' */
		while (i < hn && (h[i] == ' ' || h[i] == '\t'))
			i++;
		const char *val;
		size_t vlen = 0;
		char *buf = NULL;
		if (i < hn && h[i] == '"') {
			i++;
			buf = cxm_alloc(a, hn - i + 1);
			int closed = 0;
			while (i < hn) {
				if (h[i] == '\\' && i + 1 < hn) {
					buf[vlen++] = h[i + 1];
					i += 2;
				} else if (h[i] == '"') {
					closed = 1;
					i++;
					break;
				} else {
					buf[vlen++] = h[i++];
				}
			}
			if (!closed) {
				*bad = 1;
				return NULL;
			}
			buf[vlen] = '\0';
			val = buf;
			while (i < hn && h[i] != ';')
				i++;
		} else {
			size_t vs = i;
			while (i < hn && h[i] != ';')
				i++;
			size_t ve = i;
			while (ve > vs && (h[ve - 1] == ' ' || h[ve - 1] == '\t'))
				ve--;
			val = cxm_strndup(a, h + vs, ve - vs);
		}
		if (ke - ks == plen && strncasecmp(h + ks, param, plen) == 0)
			return val;
	}
	return NULL;
}

const char *cxm_multipart_boundary(struct cxm_arena *a, const char *content_type)
{
	if (!content_type)
		return NULL;
	int bad = 0;
	const char *b = header_param(a, content_type, strlen(content_type), "boundary", &bad);
	if (!b || bad || !*b || strlen(b) > 70)
		return NULL;
	return b;
}

static const char *find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	const char *end = hay + hn - nn;
	for (const char *p = hay; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nn) == 0)
			return p;
	}
	return NULL;
}

enum cxm_err cxm_parse_multipart(struct cxm_arena *a, const char *content_type,
                                 const char *body, size_t n, const struct cxm_limits *lim,
                                 struct cxm_pairs *out, struct cxm_parse_error *err)
{
	err->code = CXM_OK;
	err->field = NULL;
	const char *boundary = cxm_multipart_boundary(a, content_type);
	if (!boundary) {
		err->code = CXM_ERR_MULTIPART_BOUNDARY;
		return err->code;
	}
	/* delim = "\r\n--" boundary; the first one may lack the leading CRLF */
	size_t blen = strlen(boundary);
	char *delim = cxm_alloc(a, blen + 5);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen + 1);
	size_t dlen = blen + 4;

	const char *p, *end = body + n;
	if (n >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		p = body + dlen - 2;
	} else {
		const char *d = find(body, n, delim, dlen);  /* skip a preamble */
		if (!d) {
			err->code = n ? CXM_ERR_MULTIPART_BOUNDARY : CXM_ERR_MULTIPART_TRUNCATED;
			return err->code;
		}
		p = d + dlen;
	}
	for (;;) {
		/* p is just after a delimiter: "--" ends the body, CRLF starts a part */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return CXM_OK;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;  /* transport padding */
		if (end - p < 2) {
			err->code = CXM_ERR_MULTIPART_TRUNCATED;
			return err->code;
		}
		if (p[0] != '\r' || p[1] != '\n') {
			err->code = CXM_ERR_MULTIPART_HEADER;
			return err->code;
		}
		p += 2;
		/* part headers, up to an empty line */
		const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		const char *name = NULL, *filename = NULL, *ctype = NULL;
		int headers_done = 0;
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
			hend = p - 2;  /* a part with no headers at all */
			headers_done = 1;
		}
		if (!hend) {
			err->code = CXM_ERR_MULTIPART_TRUNCATED;
			return err->code;
		}
		if (!headers_done && hend - p > 8192) {
			err->code = CXM_ERR_MULTIPART_HEADER;
			return err->code;
		}
		const char *h = p;
		while (!headers_done && h < hend + 2) {
			const char *eol = find(h, (size_t)(hend + 2 - h), "\r\n", 2);
			size_t hl = (size_t)(eol - h);
			const char *colon = memchr(h, ':', hl);
			if (!colon || colon == h) {
				err->code = CXM_ERR_MULTIPART_HEADER;
				return err->code;
			}
			size_t kn = (size_t)(colon - h);
			const char *v = colon + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			size_t vn = (size_t)(eol - v);
			if (!cxm_utf8_valid(v, vn)) {
				err->code = CXM_ERR_BAD_UTF8;
				return err->code;
			}
			if (kn == 19 && strncasecmp(h, "Content-Disposition", 19) == 0) {
				if (vn < 9 || strncasecmp(v, "form-data", 9) != 0) {
					err->code = CXM_ERR_MULTIPART_HEADER;
					return err->code;
				}
				int bad = 0;
				name = header_param(a, v, vn, "name", &bad);
				filename = header_param(a, v, vn, "filename", &bad);
				if (bad) {
					err->code = CXM_ERR_MULTIPART_HEADER;
					return err->code;
				}
			} else if (kn == 12 && strncasecmp(h, "Content-Type", 12) == 0) {
				ctype = cxm_strndup(a, v, vn);
			}
			h = eol + 2;
		}
		if (!name || !*name) {
			err->code = CXM_ERR_MULTIPART_HEADER;
			return err->code;
		}
		if (strlen(name) > lim->max_name_len) {
			err->code = CXM_ERR_FIELD_TOO_LONG;
			return err->code;
		}
		err->field = name;
		const char *data = hend + 4;
		const char *d = find(data, (size_t)(end - data), delim, dlen);
		if (!d) {
			err->code = CXM_ERR_MULTIPART_TRUNCATED;
			return err->code;
		}
		size_t vlen = (size_t)(d - data);
		if (out->n >= lim->max_fields) {
			err->code = CXM_ERR_TOO_MANY_FIELDS;
			return err->code;
		}
		if (!filename) {
			if (vlen > lim->max_field_len) {
				err->code = CXM_ERR_FIELD_TOO_LONG;
				return err->code;
			}
			if (!cxm_utf8_valid(data, vlen)) {
				err->code = CXM_ERR_BAD_UTF8;
				return err->code;
			}
		}
		char *value = cxm_strndup(a, data, vlen);
		cxm_pairs_add(a, out, &(struct cxm_pair){name, value, vlen, filename, ctype});
		err->field = NULL;
		p = d + dlen;
	}
}

void cxm_parse_cookies(struct cxm_arena *a, const char *header, struct cxm_pairs *out)
{
	if (!header)
		return;
	const char *p = header;
	size_t kept = 0;
	while (*p && kept < 64) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *ks = p;
		while (*p && *p != '=' && *p != ';')
			p++;
		if (*p != '=') {
			continue;  /* a piece without '=' */
		}
		const char *ke = p++;
		while (ke > ks && (ke[-1] == ' ' || ke[-1] == '\t'))
			ke--;
		while (*p == ' ' || *p == '\t')
			p++;
		const char *vs = p;
		while (*p && *p != ';')
			p++;
		const char *ve = p;
		while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (ve - vs >= 2 && vs[0] == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		if (ke == ks || !cxm_utf8_valid(ks, (size_t)(ke - ks)) ||
		    !cxm_utf8_valid(vs, (size_t)(ve - vs)))
			continue;
		char *name = cxm_strndup(a, ks, (size_t)(ke - ks));
		char *value = cxm_strndup(a, vs, (size_t)(ve - vs));
		cxm_pairs_add(a, out, &(struct cxm_pair){name, value, (size_t)(ve - vs), NULL, NULL});
		kept++;
	}
}
