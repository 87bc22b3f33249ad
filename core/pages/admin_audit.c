/* The audit log of the current business (administrators): newest first,
 * PER_PAGE entries a page, filtered by action, by who did it (part of the
 * e-mail) and by days (UTC, both ends included). Only rows of the
 * session's business are ever read. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { F_ACTION, F_ACTOR, F_FROM, F_TO, F_PAGE };

#define PER_PAGE 50

/* The filters of one request; NULL when not given. */
struct filters {
	const char *action, *actor, *from, *to;
	long long page;
};

/* The condition shared by the count and the page query. Parameters:
 * business, action (twice), actor pattern, from (twice), to (twice). */
#define AUDIT_WHERE \
	" FROM audit_log WHERE business_id = ?" \
	" AND (? IS NULL OR action = ?)" \
	" AND actor_email LIKE ? ESCAPE '!'" \
	" AND (? IS NULL OR created_at >= CAST(? AS DATE))" \
	" AND (? IS NULL OR created_at < CAST(? AS DATE) + INTERVAL 1 DAY)"

#define OPT(s) ((s) ? CXM_PSTR(s) : CXM_PNULL)
#define AUDIT_PARAMS(req, f) \
	CXM_PINT((req)->session->business_id), OPT((f)->action), OPT((f)->action), \
	CXM_PSTR(like_pattern((req)->arena, (f)->actor)), OPT((f)->from), OPT((f)->from), \
	OPT((f)->to), OPT((f)->to)

/* "%s%" for LIKE with '!' as the escape character: s matches only itself. */
static const char *like_pattern(struct cxm_arena *a, const char *s)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, 64);
	cxm_buf_putc(&b, '%');
	for (; s && *s; s++) {
		if (*s == '%' || *s == '_' || *s == '!')
			cxm_buf_putc(&b, '!');
		cxm_buf_putc(&b, *s);
	}
	cxm_buf_putc(&b, '%');
	return b.data;
}

/* Appends "&name=value" (or "name=value" first) with value percent-encoded;
 * nothing when value is NULL. */
static void query_add(struct cxm_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	cxm_buf_printf(b, "%s%s=", b->len ? "&" : "", name);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~')
			cxm_buf_putc(b, (char)*p);
		else
			cxm_buf_printf(b, "%%%02X", *p);
	}
}

/* The query string of page `page` with the same filters. */
static const char *page_query(struct cxm_req *req, const struct filters *f, long long page)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 128);
	query_add(&b, "action", f->action);
	query_add(&b, "actor", f->actor);
	query_add(&b, "from", f->from);
	query_add(&b, "to", f->to);
	query_add(&b, "page", cxm_printf(req->arena, "%lld", page));
	return b.data;
}

/* The translated label of an action, or NULL when it is not one we know. */
static const char *action_label(const char *name)
{
	for (unsigned i = 0; name && i < cxm_audit_nactions; i++)
		if (strcmp(name, cxm_audit_actions[i].name) == 0)
			return _(cxm_audit_actions[i].label);
	return NULL;
}

/* The filters form, with the current values. */
static void show_filters(struct cxm_dict *d, const struct filters *f)
{
	for (unsigned i = 0; i < cxm_audit_nactions; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "ACTION_OPTION");
		cxm_dict_set(o, "CODE", cxm_audit_actions[i].name);
		cxm_dict_set(o, "LABEL", _(cxm_audit_actions[i].label));
		if (f->action && strcmp(f->action, cxm_audit_actions[i].name) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	cxm_dict_set(d, "VALUE_ACTOR", f->actor ? f->actor : "");
	cxm_dict_set(d, "VALUE_FROM", f->from ? f->from : "");
	cxm_dict_set(d, "VALUE_TO", f->to ? f->to : "");
}

/* The table of one page of rows and the pager under it. */
static void show_rows(struct cxm_req *req, struct cxm_dict *d, const struct filters *f,
                      const struct cxm_rows *r, long long total)
{
	if (r->nrows) {
		struct cxm_dict *t = cxm_dict_section(d, "ROWS");
		for (size_t i = 0; i < r->nrows; i++) {
			struct cxm_dict *row = cxm_dict_section(t, "ROW");
			const char *who = cxm_rows_get(r, i, 1), *action = cxm_rows_get(r, i, 2);
			const char *label = action_label(action);
			cxm_dict_set(row, "TIME", cxm_rows_get(r, i, 0));
			cxm_dict_set(row, "WHO", who && *who ? who : "—");
			cxm_dict_set(row, "ACTION", label ? label : action);
			cxm_dict_set(row, "TARGET", cxm_rows_get(r, i, 3));
			cxm_dict_set(row, "DETAIL", cxm_rows_get(r, i, 4));
			cxm_dict_set(row, "ADDRESS", cxm_rows_get(r, i, 5));
		}
	} else {
		cxm_dict_show(d, "EMPTY");
	}
	if (total == 0)
		return;
	long long pages = (total + PER_PAGE - 1) / PER_PAGE;
	struct cxm_dict *p = cxm_dict_section(d, "PAGER");
	cxm_dict_set(p, "TOTAL", cxm_printf(req->arena,
	                                     cxm_ngettext("%lld entry", "%lld entries",
	                                                  (unsigned long)total),
	                                     total));
	cxm_dict_set(p, "PAGE_INFO", cxm_printf(req->arena, _("Page %lld of %lld"), f->page, pages));
	if (f->page > 1)
		cxm_dict_set(cxm_dict_section(p, "PREV"), "QUERY",
		             page_query(req, f, f->page > pages ? pages : f->page - 1));
	if (f->page < pages)
		cxm_dict_set(cxm_dict_section(p, "NEXT"), "QUERY", page_query(req, f, f->page + 1));
}

/* Counts the matching rows and reads page f->page of them. */
static enum cxm_err query(struct cxm_req *req, const struct filters *f, long long *total,
                          struct cxm_rows *r)
{
	struct cxm_rows c;
	enum cxm_err rc = cxm_db_query(req->db, req->arena, "SELECT COUNT(*)" AUDIT_WHERE,
	                               CXM_PARAMS(AUDIT_PARAMS(req, f)), &c);
	if (rc != CXM_OK)
		return rc;
	*total = cxm_rows_int(&c, 0, 0, 0);
	return cxm_db_query(req->db, req->arena,
	                    "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), actor_email, action,"
	                    " target, detail, remote_addr" AUDIT_WHERE
	                    " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
	                    CXM_PARAMS(AUDIT_PARAMS(req, f), CXM_PINT(PER_PAGE),
	                               CXM_PINT((f->page - 1) * PER_PAGE)),
	                    r);
}

/* The value of an optional text field, NULL when absent. */
static const char *opt(const struct cxm_req *req, size_t i)
{
	const struct cxm_field *fl = cxm_field(req, i);
	return fl->valid && fl->present ? fl->s : NULL;
}

int cxm_page_audit(struct cxm_req *req)
{
	struct filters f = {
		.action = opt(req, F_ACTION),
		.actor = opt(req, F_ACTOR),
		.from = opt(req, F_FROM),
		.to = opt(req, F_TO),
		.page = cxm_field(req, F_PAGE)->present ? cxm_field(req, F_PAGE)->i : 1,
	};
	/* Filters that cannot match anything are explained, not run. */
	const char *problem = NULL, *kind = "";
	if (f.action && !action_label(f.action)) {
		problem = _("There is no such action, so there is nothing to show.");
	} else if (f.from && f.to && cxm_field(req, F_FROM)->i > cxm_field(req, F_TO)->i) {
		problem = _("The start date is after the end date.");
		kind = "error";
	}

	long long total = 0;
	struct cxm_rows r = {0};
	if (!problem && query(req, &f, &total, &r) != CXM_OK) {
		cxm_error("audit log of business %lld: %s", req->session->business_id,
		          cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *d = cxm_page_begin(req, "audit.tpl", _("Audit log"));
	show_filters(d, &f);
	if (problem)
		cxm_page_notice(d, kind, problem);
	show_rows(req, d, &f, &r, total);
	return cxm_page_end(req);
}
