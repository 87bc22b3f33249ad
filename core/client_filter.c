/* Client list filters; see client_filter.h. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "client.h"
#include "client_filter.h"
#include "db.h"
#include "http.h"
#include "route.h"

static const char *trimmed(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	return *s ? s : NULL;
}

static const char *choice(const char *s, enum cxm_cfield f)
{
	s = trimmed(s);
	for (size_t i = 0; s && cxm_cfields[f].choices[i]; i++)
		if (strcmp(s, cxm_cfields[f].choices[i]) == 0)
			return cxm_cfields[f].choices[i];
	return NULL;
}

void cxm_client_filter_read(const struct cxm_req *req, size_t first, struct cxm_client_filter *f)
{
	memset(f, 0, sizeof(*f));
	const struct cxm_field *x = &req->fields[first];
	f->q = x[0].valid ? trimmed(x[0].s) : NULL;
	f->gender = x[1].valid ? choice(x[1].s, CXM_CF_GENDER) : NULL;
	f->region = x[2].valid ? choice(x[2].s, CXM_CF_REGION) : NULL;
	f->tag = x[3].valid ? trimmed(x[3].s) : NULL;
}

/* '!' escapes LIKE's wildcards. */
static char *like_escape(struct cxm_arena *a, const char *s)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, strlen(s) * 2 + 1);
	cxm_buf_puts(&b, "");
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '!')
			cxm_buf_putc(&b, '!');
		cxm_buf_putc(&b, *s);
	}
	return b.data;
}

void cxm_client_filter_sql(struct cxm_arena *a, const struct cxm_client_filter *f, struct cxm_buf *sql,
                           struct cxm_param *p, size_t *np)
{
	if (f->q) {
		/* digits: the phone's last digits (phone_rev is the digits reversed) */
		int phone = 1;
		size_t digits = 0;
		for (const char *s = f->q; *s; s++) {
			if (*s >= '0' && *s <= '9')
				digits++;
			else if (!strchr("+()- ", *s))
				phone = 0;
		}
		if (phone && digits >= 3) {
			char *rev = cxm_alloc(a, digits + 2);
			size_t k = 0;
			for (size_t i = strlen(f->q); i > 0; i--)
				if (f->q[i - 1] >= '0' && f->q[i - 1] <= '9')
					rev[k++] = f->q[i - 1];
			rev[k++] = '%';
			rev[k] = 0;
			cxm_buf_puts(sql, " AND c.phone_rev LIKE ?");
			p[(*np)++] = CXM_PSTR(rev);
		} else if (strchr(f->q, '@')) {
			cxm_buf_puts(sql, " AND c.email LIKE ? ESCAPE '!'");
			p[(*np)++] = CXM_PSTR(cxm_printf(a, "%s%%", like_escape(a, f->q)));
		} else {
			cxm_buf_puts(sql, " AND c.name LIKE ? ESCAPE '!'");
			p[(*np)++] = CXM_PSTR(cxm_printf(a, "%%%s%%", like_escape(a, f->q)));
		}
	}
	if (f->gender) {
		cxm_buf_puts(sql, " AND c.gender = ?");
		p[(*np)++] = CXM_PSTR(f->gender);
	}
	if (f->region) {
		cxm_buf_puts(sql, " AND c.region = ?");
		p[(*np)++] = CXM_PSTR(f->region);
	}
	if (f->tag) {
		cxm_buf_puts(sql, " AND EXISTS (SELECT 1 FROM client_tags ft JOIN tags t ON t.id = ft.tag_id"
		                  " WHERE ft.client_id = c.id AND t.business_id = c.business_id AND t.name = ?)");
		p[(*np)++] = CXM_PSTR(f->tag);
	}
}

static void put_pair(struct cxm_buf *b, const char *name, const char *v)
{
	if (!v)
		return;
	if (b->len)
		cxm_buf_putc(b, '&');
	cxm_buf_printf(b, "%s=", name);
	for (const unsigned char *s = (const unsigned char *)v; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_' || *s == '.' || *s == '~')
			cxm_buf_putc(b, (char)*s);
		else
			cxm_buf_printf(b, "%%%02X", *s);
	}
}

const char *cxm_client_filter_query(struct cxm_arena *a, const struct cxm_client_filter *f)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, 64);
	cxm_buf_puts(&b, "");
	put_pair(&b, "q", f->q);
	put_pair(&b, "gender", f->gender);
	put_pair(&b, "region", f->region);
	put_pair(&b, "tag", f->tag);
	return b.data;
}
