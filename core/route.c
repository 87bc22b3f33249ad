/* Route matching and the field validators; see route.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf.h"
#include "i18n.h"
#include "route.h"
#include "utf8.h"

const char *const cxm_vtype_names[CXM_V_MAX] = {
	"text", "line", "int", "enum", "bool", "email", "date", "localpath", "file",
};

/* Matches path against pattern; {name} matches one non-empty segment.
 * Returns 1 and fills args on a match. */
static int match_pattern(const char *pattern, const char *path, const char **args, size_t *nargs,
                         struct cxm_arena *a)
{
	size_t n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close)
				return 0;
			size_t seg = strcspn(s, "/");
			if (seg == 0 || n >= 8)
				return 0;
			args[n++] = cxm_strndup(a, s, seg);
			s += seg;
			p = close + 1;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	*nargs = n;
	return 1;
}

int cxm_route_match(struct cxm_req *req, const struct cxm_route *table, size_t n)
{
	req->allowed_methods = 0;
	if (!req->path)
		return 404;
	enum cxm_method want = req->method == CXM_HEAD ? CXM_GET : req->method;
	const char *args[8];
	size_t nargs = 0;
	for (size_t i = 0; i < n; i++) {
		if (!match_pattern(table[i].pattern, req->path, args, &nargs, req->arena))
			continue;
		req->allowed_methods |= 1u << table[i].method;
		if (table[i].method == CXM_GET)
			req->allowed_methods |= 1u << CXM_HEAD;
		/* the most literal pattern wins, whatever the table's order:
		 * /clients/import before /clients/{id} */
		if (table[i].method != want || (req->route && nargs >= req->npath_args))
			continue;
		req->route = &table[i];
		memcpy(req->path_args, args, nargs * sizeof(args[0]));
		req->npath_args = nargs;
	}
	if (req->route)
		return 200;
	return req->allowed_methods ? 405 : 404;
}

const char *cxm_route_allow(struct cxm_req *req)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 64);
	for (int m = 0; m < CXM_METHOD_OTHER; m++) {
		if (!(req->allowed_methods & (1u << m)))
			continue;
		if (b.len)
			cxm_buf_puts(&b, ", ");
		cxm_buf_puts(&b, cxm_method_names[m]);
	}
	return b.data;
}

static int valid_date(const char *s, size_t n, long long *out)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = days[m - 1] + (m == 2 && leap);
	if (d > max)
		return 0;
	*out = (long long)y * 10000 + m * 100 + d;
	return 1;
}

/* A deliberately plain check: one '@', a non-empty local part, a domain with
 * a dot and no empty labels, no spaces or control characters; 254 bytes at
 * most (RFC 5321). Deliverability is proven by sending, not by regexes. */
int cxm_email_valid(const char *s, size_t n)
{
	if (n < 3 || n > 254)
		return 0;
	const char *at = memchr(s, '@', n);
	if (!at || at == s || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return 0;
	if ((size_t)(at - s) > 64)
		return 0;
	const char *dom = at + 1;
	size_t dn = n - (size_t)(dom - s);
	if (dn < 3 || !memchr(dom, '.', dn) || dom[0] == '.' || dom[dn - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == ';')
			return 0;
		if (i > 0 && s[i] == '.' && s[i - 1] == '.' && &s[i] > at)
			return 0;
	}
	return 1;
}

static int has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 1;
	}
	return 0;
}

void cxm_field_check(struct cxm_arena *a, const struct cxm_field_spec *spec, const char *raw,
                     size_t len, size_t max_len, struct cxm_field *out)
{
	memset(out, 0, sizeof(*out));
	out->raw = raw;
	out->len = len;
	out->present = raw && len > 0;
	if (!out->present) {
		out->valid = !(spec->flags & CXM_F_REQUIRED);
		if (!out->valid)
			out->error = _("This field is required.");
		return;
	}
	size_t chars = cxm_utf8_length(raw, len);
	size_t maxc = spec->max > 0 ? (size_t)spec->max : max_len;
	switch (spec->type) {
	case CXM_V_TEXT:
	case CXM_V_LINE:
		if (spec->type == CXM_V_LINE && has_control(raw, len)) {
			out->error = _("Use a single line without control characters.");
			return;
		}
		if (spec->type == CXM_V_TEXT) {
			for (size_t i = 0; i < len; i++) {
				unsigned char c = (unsigned char)raw[i];
				if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
					out->error = _("The text contains control characters.");
					return;
				}
			}
		}
		if (spec->min > 0 && chars < (size_t)spec->min) {
			out->error = cxm_printf(a, cxm_ngettext("Enter at least %lld character.",
			                                        "Enter at least %lld characters.",
			                                        (unsigned long)spec->min), spec->min);
			return;
		}
		if (chars > maxc) {
			out->error = cxm_printf(a, cxm_ngettext("Enter at most %zu character.",
			                                        "Enter at most %zu characters.",
			                                        (unsigned long)maxc), maxc);
			return;
		}
		out->s = raw;
		break;
	case CXM_V_INT: {
		char *end;
		errno = 0;
		long long v = strtoll(raw, &end, 10);
		if (errno || *end || !(isdigit((unsigned char)raw[0]) || (raw[0] == '-' && isdigit((unsigned char)raw[1])))) {
			out->error = _("Enter a whole number.");
			return;
		}
		if ((spec->min != 0 || spec->max != 0) && (v < spec->min || v > spec->max)) {
			out->error = cxm_printf(a, _("Enter a number from %lld to %lld."), spec->min, spec->max);
			return;
		}
		out->i = v;
		break;
	}
	case CXM_V_ENUM: {
		long long idx = -1;
		for (long long k = 0; spec->choices && spec->choices[k]; k++)
			if (strcmp(spec->choices[k], raw) == 0)
				idx = k;
		if (idx < 0) {
			out->error = _("Choose one of the offered values.");
			return;
		}
		out->i = idx;
		out->s = raw;
		break;
	}
	case CXM_V_BOOL:
		if (!strcmp(raw, "1") || !strcmp(raw, "on") || !strcmp(raw, "yes") || !strcmp(raw, "true"))
			out->i = 1;
		else if (!strcmp(raw, "0") || !strcmp(raw, "off") || !strcmp(raw, "no") || !strcmp(raw, "false"))
			out->i = 0;
		else {
			out->error = _("Answer yes or no.");
			return;
		}
		break;
	case CXM_V_EMAIL:
		if (!cxm_email_valid(raw, len)) {
			out->error = _("Enter an e-mail address such as name@example.com.");
			return;
		}
		out->s = raw;
		break;
	case CXM_V_DATE:
		if (!valid_date(raw, len, &out->i)) {
			out->error = _("Enter a date as YYYY-MM-DD.");
			return;
		}
		out->s = raw;
		break;
	case CXM_V_LOCALPATH:
		if (raw[0] != '/' || raw[1] == '/' || raw[1] == '\\' || has_control(raw, len) ||
		    strchr(raw, '\\')) {
			out->error = _("Invalid return address.");
			return;
		}
		out->s = raw;
		break;
	case CXM_V_FILE:
	case CXM_V_MAX:
		out->error = _("Invalid value.");
		return;
	}
	out->valid = 1;
}

/* Index of the {name} segment called name in pattern, or -1. */
static int path_arg_index(const char *pattern, const char *name)
{
	int k = 0;
	size_t n = strlen(name);
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{'), k++) {
		const char *close = strchr(p, '}');
		if (close && (size_t)(close - p - 1) == n && strncmp(p + 1, name, n) == 0)
			return k;
	}
	return -1;
}

size_t cxm_route_validate(struct cxm_req *req)
{
	const struct cxm_route *r = req->route;
	size_t bad = 0;
	req->fields = cxm_zalloc(req->arena, (r->nfields ? r->nfields : 1) * sizeof(*req->fields));
	for (size_t i = 0; i < r->nfields; i++) {
		const struct cxm_field_spec *spec = &r->fields[i];
		struct cxm_field *f = &req->fields[i];
		if (spec->flags & CXM_F_PATH) {
			int k = path_arg_index(r->pattern, spec->name);
			const char *v = k >= 0 && (size_t)k < req->npath_args ? req->path_args[k] : NULL;
			cxm_field_check(req->arena, spec, v, v ? strlen(v) : 0, req->cfg->max_field_len, f);
		} else if (spec->type == CXM_V_FILE) {
			const struct cxm_pair *p = NULL;
			for (size_t k = 0; k < req->params.n && !p; k++)
				if (req->params.v[k].filename && strcmp(req->params.v[k].name, spec->name) == 0)
					p = &req->params.v[k];
			memset(f, 0, sizeof(*f));
			f->present = p && p->filename[0];
			f->valid = f->present || !(spec->flags & CXM_F_REQUIRED);
			if (f->present) {
				f->file = p;
				f->raw = p->value;
				f->len = p->len;
			} else if (!f->valid) {
				f->error = _("Choose a file.");
			}
		} else {
			const struct cxm_pair *p = NULL;
			for (size_t k = 0; k < req->params.n && !p; k++)
				if (!req->params.v[k].filename && strcmp(req->params.v[k].name, spec->name) == 0)
					p = &req->params.v[k];
			cxm_field_check(req->arena, spec, p ? p->value : NULL, p ? p->len : 0,
			                req->cfg->max_field_len, f);
		}
		if (!f->valid)
			bad++;
	}
	return bad;
}
