/* Site operators: every business of the installation (this page alone is
 * not limited to the session's business, by design), searchable by short
 * name or name, PER_PAGE a page, and a form that creates a business and
 * invites its first owner, both in one transaction. */
#include "config.h"

#include <string.h>

#include "account.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "conf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "invitation.h"
#include "log.h"
#include "page.h"
#include "pages/pages.h"
#include "role.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { FL_Q, FL_PAGE };
enum { F_SLUG, F_NAME, F_INDUSTRY, F_LOCALE, F_TIMEZONE, F_OWNER_EMAIL, F_OWNER_NAME };

#define PER_PAGE 50

/* Parameters: the search pattern three times (NULL: no search). */
#define LIST_WHERE " WHERE (? IS NULL OR b.slug LIKE ? ESCAPE '!' OR b.name LIKE ? ESCAPE '!')"

/* "%s%" for LIKE with '!' as the escape character: s matches only itself.
 * NULL for NULL. */
static const char *like_pattern(struct cxm_arena *a, const char *s)
{
	if (!s)
		return NULL;
	struct cxm_buf b;
	cxm_buf_init(&b, a, 64);
	cxm_buf_putc(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '!')
			cxm_buf_putc(&b, '!');
		cxm_buf_putc(&b, *s);
	}
	cxm_buf_putc(&b, '%');
	return b.data;
}

/* "q=...&page=N" with q percent-encoded (left out when NULL). */
static const char *page_query(struct cxm_arena *a, const char *q, long long page)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, 64);
	if (q) {
		cxm_buf_puts(&b, "q=");
		for (const unsigned char *p = (const unsigned char *)q; *p; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    *p == '-' || *p == '_' || *p == '.' || *p == '~')
				cxm_buf_putc(&b, (char)*p);
			else
				cxm_buf_printf(&b, "%%%02X", *p);
		}
		cxm_buf_putc(&b, '&');
	}
	cxm_buf_printf(&b, "page=%lld", page);
	return b.data;
}

/* The translated label of a stored industry name (the name itself when it
 * is not one we know). */
static const char *industry_label(const char *name)
{
	for (size_t i = 0; name && cxm_industries[i]; i++)
		if (strcmp(name, cxm_industries[i]) == 0)
			return _(cxm_industry_labels[i]);
	return name;
}

/* Counts the businesses matching q and reads page `page` of them. */
static enum cxm_err query(struct cxm_req *req, const char *q, long long page, long long *total,
                          struct cxm_rows *r)
{
	const char *pat = like_pattern(req->arena, q);
#define PAT (pat ? CXM_PSTR(pat) : CXM_PNULL)
	struct cxm_rows c;
	enum cxm_err rc = cxm_db_query(req->db, req->arena,
	                               "SELECT COUNT(*) FROM businesses b" LIST_WHERE,
	                               CXM_PARAMS(PAT, PAT, PAT), &c);
	if (rc != CXM_OK)
		return rc;
	*total = cxm_rows_int(&c, 0, 0, 0);
	return cxm_db_query(req->db, req->arena,
	                    "SELECT b.slug, b.name, b.industry,"
	                    " (SELECT COUNT(*) FROM memberships m WHERE m.business_id = b.id),"
	                    " DATE_FORMAT(b.created_at, '%Y-%m-%d')"
	                    " FROM businesses b" LIST_WHERE " ORDER BY b.slug LIMIT ? OFFSET ?",
	                    CXM_PARAMS(PAT, PAT, PAT, CXM_PINT(PER_PAGE),
	                               CXM_PINT((page - 1) * PER_PAGE)),
	                    r);
#undef PAT
}

/* The table of businesses and the pager under it. */
static void show_list(struct cxm_req *req, struct cxm_dict *d, const char *q, long long page,
                      const struct cxm_rows *r, long long total)
{
	cxm_dict_set(d, "VALUE_Q", q ? q : "");
	if (r->nrows) {
		struct cxm_dict *t = cxm_dict_section(d, "ROWS");
		for (size_t i = 0; i < r->nrows; i++) {
			struct cxm_dict *row = cxm_dict_section(t, "ROW");
			cxm_dict_set(row, "SLUG", cxm_rows_get(r, i, 0));
			cxm_dict_set(row, "NAME", cxm_rows_get(r, i, 1));
			cxm_dict_set(row, "INDUSTRY", industry_label(cxm_rows_get(r, i, 2)));
			cxm_dict_set(row, "MEMBERS", cxm_rows_get(r, i, 3));
			cxm_dict_set(row, "CREATED", cxm_rows_get(r, i, 4));
		}
	} else {
		cxm_dict_show(d, "EMPTY");
	}
	if (total == 0)
		return;
	long long pages = (total + PER_PAGE - 1) / PER_PAGE;
	struct cxm_dict *p = cxm_dict_section(d, "PAGER");
	cxm_dict_set(p, "TOTAL", cxm_printf(req->arena,
	                                     cxm_ngettext("%lld business", "%lld businesses",
	                                                  (unsigned long)total),
	                                     total));
	cxm_dict_set(p, "PAGE_INFO", cxm_printf(req->arena, _("Page %lld of %lld"), page, pages));
	if (page > 1)
		cxm_dict_set(cxm_dict_section(p, "PREV"), "QUERY",
		             page_query(req->arena, q, page > pages ? pages : page - 1));
	if (page < pages)
		cxm_dict_set(cxm_dict_section(p, "NEXT"), "QUERY", page_query(req->arena, q, page + 1));
}

/* The creation form: after a rejected POST what was sent, with the reasons;
 * otherwise the defaults. */
static void show_form(struct cxm_req *req, struct cxm_dict *d, int form_state)
{
	const char *industry = NULL, *locale = req->cfg->default_language;
	if (form_state) {
		cxm_page_form_state(req, d);
		industry = cxm_field(req, F_INDUSTRY)->raw;
		locale = cxm_field(req, F_LOCALE)->raw;
	} else {
		cxm_dict_set(d, "VALUE_TIMEZONE", "Europe/Moscow");
	}
	for (size_t i = 0; cxm_industries[i]; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "INDUSTRY");
		cxm_dict_set(o, "CODE", cxm_industries[i]);
		cxm_dict_set(o, "LABEL", _(cxm_industry_labels[i]));
		if (industry && strcmp(industry, cxm_industries[i]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	for (int l = 0; l < CXM_LANG_MAX; l++) {
		struct cxm_dict *o = cxm_dict_section(d, "LOCALE");
		cxm_dict_set(o, "CODE", cxm_lang_codes[l]);
		cxm_dict_set(o, "LABEL", cxm_lang_names[l]);
		if (locale && strcmp(locale, cxm_lang_codes[l]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
}

/* The whole page: page `page` of the businesses matching q, a notice of
 * kind (when notice is set), and the creation form. */
static int show(struct cxm_req *req, const char *q, long long page, const char *kind,
                const char *notice, int form_state)
{
	long long total = 0;
	struct cxm_rows r;
	if (query(req, q, page, &total, &r) != CXM_OK) {
		cxm_error("list of businesses: %s", cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *d = cxm_page_begin(req, "site_businesses.tpl", _("Businesses"));
	req->status = 200;
	if (notice)
		cxm_page_notice(d, kind, notice);
	show_list(req, d, q, page, &r, total);
	show_form(req, d, form_state);
	return cxm_page_end(req);
}

int cxm_page_site_businesses(struct cxm_req *req)
{
	const struct cxm_field *q = cxm_field(req, FL_Q), *page = cxm_field(req, FL_PAGE);
	return show(req, q->present ? q->s : NULL, page->present ? page->i : 1, NULL, NULL, 0);
}

/* Creates the business, invites its owner and records it, in the caller's
 * transaction. Returns CXM_OK, CXM_ERR_INVALID with a msgid in *why, or a
 * database error. */
static enum cxm_err create(struct cxm_req *req, const struct cxm_new_business *nb,
                           const char *email, const char **why)
{
	long long id = 0;
	enum cxm_err rc = cxm_business_create(req->db, nb, &id, why);
	if (rc != CXM_OK)
		return rc;
	const struct cxm_field *owner_name = cxm_field(req, F_OWNER_NAME);
	rc = cxm_invitation_create(req, id, email, owner_name->present ? owner_name->s : NULL,
	                           CXM_ROLE_OWNER, why);
	if (rc != CXM_OK)
		return rc;
	cxm_audit(req, id, "business_created", nb->slug, cxm_printf(req->arena, "owner: %s", email));
	return CXM_OK;
}

int cxm_page_site_business_create(struct cxm_req *req)
{
	for (int i = F_SLUG; i <= F_OWNER_NAME; i++)
		if (!cxm_field(req, (size_t)i)->valid)
			return show(req, NULL, 1, "error", _("Check the highlighted fields."), 1);
	struct cxm_new_business nb = {
		.slug = cxm_field(req, F_SLUG)->s,
		.name = cxm_field(req, F_NAME)->s,
		.industry = cxm_field(req, F_INDUSTRY)->s,
		.locale = cxm_field(req, F_LOCALE)->s,
		.timezone = cxm_field(req, F_TIMEZONE)->s,
	};
	/* The short name and the time zone are checked before anything is
	 * written, so that their reasons appear next to them. */
	const char *slug_why = cxm_slug_problem(nb.slug);
	const char *tz_why = cxm_timezone_valid(nb.timezone)
	                         ? NULL
	                         : N_("Unknown time zone; use a name such as Europe/Moscow.");
	long long taken = 0;
	if (!slug_why) {
		enum cxm_err found = cxm_business_by_slug(req->db, req->arena, nb.slug, &taken);
		if (found == CXM_OK)
			slug_why = N_("This short name is already taken.");
		else if (found != CXM_ERR_NOT_FOUND)
			return 503;
	}
	if (slug_why || tz_why) {
		struct cxm_field *f = &req->fields[F_SLUG];
		if (slug_why) {
			f->valid = 0;
			f->error = _(slug_why);
		}
		f = &req->fields[F_TIMEZONE];
		if (tz_why) {
			f->valid = 0;
			f->error = _(tz_why);
		}
		return show(req, NULL, 1, "error", _("Check the highlighted fields."), 1);
	}
	const char *email = cxm_email_normalize(req->arena, cxm_field(req, F_OWNER_EMAIL)->s);
	const char *why = NULL;
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("creating business %s: begin failed: %s", nb.slug, cxm_db_error(req->db));
		return 503;
	}
	enum cxm_err rc = create(req, &nb, email, &why);
	if (rc == CXM_OK)
		rc = cxm_db_commit(req->db);
	if (rc != CXM_OK) {
		if (rc != CXM_ERR_INVALID)
			cxm_error("creating business %s failed: %s", nb.slug, cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		if (rc != CXM_ERR_INVALID)
			return 503;
		return show(req, NULL, 1, "error", why ? _(why) : _("The business was not created."), 1);
	}
	return show(req, NULL, 1, "ok",
	            cxm_printf(req->arena, _("Business %s created; an invitation was sent to %s."),
	                       nb.name, email),
	            0);
}
