/* The client list (analysts and up): the search box, the filters, eight
 * orders and keyset pages of 50 (core/client_list.c builds the
 * statements). Every link of the pager carries the search, the filters,
 * the order and a cursor, the key and id of the row at the page's edge.
 * The deleted clients (not the merged ones) are a list of their own, with
 * a restore button for managers. No page counts the whole base: the count
 * above the table is exact up to 1000 for the plain list, and with a search
 * or filters exact only when the first page holds them all. A page with
 * filters reads at most 20 000 clients (core/client_list.h) and says so
 * when it stopped there. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "client.h"
#include "client_list.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"

/* GET /clients; the order of the route's fields (pages/routes.c). */
enum {
	FL_Q, FL_SORT, FL_AFTER, FL_BEFORE, FL_LAST,
	FL_GENDER, FL_AGE_BAND, FL_REGION, FL_PROFESSION, FL_SOURCE, FL_CONSENT,
	FL_TAG, FL_ATTR, FL_ATTR_VALUE,
	FL_SINCE_FROM, FL_SINCE_TO, FL_LAST_FROM, FL_LAST_TO, FL_DELETED,
	FL_MAX
};

#define PER_PAGE 50
/* The count above the plain list stops at COUNT_CAP + 1 index entries. */
#define COUNT_CAP 1000
#define TAG_CHOICES 200   /* tags offered in the filter's list */
/* A tag on more clients than this is looked up per row of the order's
 * index; a rarer one gives its clients, which are then sorted. */
#define TAG_COMMON 5000

/* The choice filters: route field, profile field, template prefix. */
static const struct {
	int field;
	enum cxm_cfield cf;
	const char *section;
} choice_filters[] = {
	{FL_GENDER, CXM_CF_GENDER, "GENDER_OPTION"},
	{FL_AGE_BAND, CXM_CF_AGE_BAND, "AGE_BAND_OPTION"},
	{FL_REGION, CXM_CF_REGION, "REGION_OPTION"},
	{FL_PROFESSION, CXM_CF_PROFESSION, "PROFESSION_OPTION"},
	{FL_SOURCE, CXM_CF_SOURCE, "SOURCE_OPTION"},
};

/* Fields that are kept in the pager's links (everything but the cursor). */
static const int kept[] = {
	FL_Q, FL_SORT, FL_GENDER, FL_AGE_BAND, FL_REGION, FL_PROFESSION, FL_SOURCE, FL_CONSENT,
	FL_TAG, FL_ATTR, FL_ATTR_VALUE, FL_SINCE_FROM, FL_SINCE_TO, FL_LAST_FROM, FL_LAST_TO,
	FL_DELETED,
};

/* The text of a field when it was sent, valid and not empty. */
static const char *value(const struct cxm_req *req, int f)
{
	const struct cxm_field *fl = cxm_field(req, (size_t)f);
	return fl->present && fl->valid ? fl->raw : NULL;
}

/* Shows reason next to filter `name` (upper-case template key); d NULL
 * (an export) drops it. */
static void filter_error(struct cxm_req *req, struct cxm_dict *d, const char *key, const char *reason)
{
	if (d)
		cxm_dict_set(cxm_dict_section(d, cxm_printf(req->arena, "ERR_%s", key)), "MSG", reason);
}

/* The UTC start of local day `date` (+ days) in tz. */
static const char *day_start_utc(struct cxm_req *req, const char *tz, const char *date, int days)
{
	int y, m, dd;
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &dd) != 3)
		return NULL;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd + days};
	time_t t = timegm(&tm);
	struct tm norm;
	gmtime_r(&t, &norm);
	char *local = cxm_printf(req->arena, "%04d-%02d-%02d 00:00:00", norm.tm_year + 1900,
	                         norm.tm_mon + 1, norm.tm_mday);
	char *utc = NULL;
	return cxm_tz_to_utc(req->arena, tz, local, &utc) == CXM_OK ? utc : NULL;
}

int cxm_cp_read_filter(struct cxm_req *req, struct cxm_dict *d, const struct cxm_cp_business *b,
                       const struct cxm_custom_fields *cf, struct cxm_cfilter *f)
{
	cxm_cfilter_init(f);
	f->q = value(req, FL_Q);
	/* a name search starts from its rarest word, or reads the order */
	if (f->q && cxm_csearch_plan(req->db, req->arena, req->session->business_id, f,
	                             CXM_SEARCH_COMMON) != CXM_OK) {
		cxm_error("search plan: %s", cxm_db_error(req->db));
		return 503;
	}
	const char *keys[] = {"GENDER", "AGE_BAND", "REGION", "PROFESSION", "SOURCE"};
	const char **slots[] = {&f->gender, &f->age_band, &f->region, &f->profession, &f->source};
	for (size_t i = 0; i < sizeof(choice_filters) / sizeof(choice_filters[0]); i++) {
		const char *v = value(req, choice_filters[i].field);
		if (!v)
			continue;
		if (cxm_cfield_choice_label(choice_filters[i].cf, v))
			*slots[i] = v;
		else
			filter_error(req, d, keys[i], _("Choose one of the listed values."));
	}
	const struct cxm_field *consent = cxm_field(req, FL_CONSENT);
	if (consent->present && consent->valid)
		f->consent = consent->i == 0 ? 1 : 0;   /* "yes", "no" */
	f->deleted = cxm_field(req, FL_DELETED)->i != 0;

	const char *tag = value(req, FL_TAG);
	if (tag) {
		struct cxm_rows r;
		if (cxm_db_query(req->db, req->arena, "SELECT id FROM tags WHERE business_id = ? AND name = ?",
		                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PSTR(tag)), &r) != CXM_OK) {
			cxm_error("tag lookup: %s", cxm_db_error(req->db));
			return 503;
		}
		f->tag_id = r.nrows ? cxm_rows_int(&r, 0, 0, -1) : -1;
		if (f->tag_id > 0 &&
		    cxm_db_query(req->db, req->arena,
		                 "SELECT COUNT(*) FROM (SELECT 1 FROM client_tags WHERE business_id = ?"
		                 " AND tag_id = ? LIMIT ?) capped",
		                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(f->tag_id),
		                            CXM_PINT(TAG_COMMON + 1)),
		                 &r) != CXM_OK) {
			cxm_error("tag size: %s", cxm_db_error(req->db));
			return 503;
		}
		if (f->tag_id > 0)
			f->tag_common = cxm_rows_int(&r, 0, 0, 0) > TAG_COMMON;
	}

	const char *attr = value(req, FL_ATTR), *attr_value = value(req, FL_ATTR_VALUE);
	if (attr && attr_value) {
		int i = cxm_custom_field_find(cf, attr);
		if (i < 0) {
			filter_error(req, d, "ATTR", _("Choose one of the listed values."));
		} else {
			/* the value as the client form would store it */
			struct cxm_client_input in = {{0}, NULL};
			in.custom = cxm_zalloc(req->arena, sizeof(char *) * (cf->n + 1));
			in.custom[i] = attr_value;
			struct cxm_client c;
			struct cxm_client_errors err;
			cxm_client_check(req->arena, cf, &in, 0, &c, &err);
			if (err.custom[i]) {
				filter_error(req, d, "ATTR_VALUE", _(err.custom[i]));
			} else if (c.custom[i]) {
				f->attr_field = cf->f[i].id;
				f->attr_type = cf->f[i].type;
				f->attr_value = c.custom[i];
			}
		}
	}

	f->since_from = value(req, FL_SINCE_FROM);
	f->since_to = value(req, FL_SINCE_TO);
	const char *lf = value(req, FL_LAST_FROM), *lt = value(req, FL_LAST_TO);
	if (lf)
		f->last_from = day_start_utc(req, b->timezone, lf, 0);
	if (lt)
		f->last_to = day_start_utc(req, b->timezone, lt, 1);
	return 0;
}

/* "a=1&b=2" for the kept fields as sent (and valid). */
static struct cxm_buf kept_query(struct cxm_req *req)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 256);
	cxm_buf_puts(&b, "");
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		const struct cxm_field_spec *spec = &req->route->fields[kept[i]];
		cxm_cp_query_add(&b, spec->name, value(req, kept[i]));
	}
	return b;
}

/* A pager link: the kept query plus name=value. */
static const char *link(struct cxm_req *req, const char *name, const char *v)
{
	struct cxm_buf b = kept_query(req);
	if (name)
		cxm_cp_query_add(&b, name, v);
	return cxm_printf(req->arena, "%s/clients%s%s", req->base, b.len ? "?" : "", b.data);
}

/* The tags of the listed clients: TAGS of row i gets "a, b". */
static int row_tags(struct cxm_req *req, const struct cxm_rows *r, const char **out)
{
	struct cxm_param p[PER_PAGE + 1];
	p[0] = CXM_PINT(req->session->business_id);
	for (size_t i = 0; i < PER_PAGE; i++)
		p[i + 1] = i < r->nrows ? CXM_PINT(cxm_rows_int(r, i, CXM_CL_ID, 0)) : CXM_PINT(0);
	/* always 50 ids (0 pads), so the statement is prepared once */
	struct cxm_buf sql;
	cxm_buf_init(&sql, req->arena, 512);
	/* The primary key (client_id, tag_id) is named: with the business's
	 * condition MariaDB otherwise reads all of the business's tag rows
	 * through client_tags_by_tag (400 000 at a million clients: 50 ms). */
	cxm_buf_puts(&sql, "SELECT STRAIGHT_JOIN ct.client_id, t.name FROM client_tags ct FORCE INDEX (PRIMARY)"
	                   " JOIN tags t ON t.id = ct.tag_id"
	                   " WHERE ct.business_id = ? AND ct.client_id IN (?");
	for (size_t i = 1; i < PER_PAGE; i++)
		cxm_buf_puts(&sql, ", ?");
	cxm_buf_puts(&sql, ") ORDER BY ct.client_id, t.name");
	struct cxm_rows t;
	if (cxm_db_query(req->db, req->arena, sql.data, p, PER_PAGE + 1, &t) != CXM_OK) {
		cxm_error("tags of the client list: %s", cxm_db_error(req->db));
		return 503;
	}
	for (size_t i = 0; i < r->nrows; i++) {
		long long id = cxm_rows_int(r, i, CXM_CL_ID, 0);
		struct cxm_buf b;
		cxm_buf_init(&b, req->arena, 64);
		cxm_buf_puts(&b, "");
		for (size_t k = 0; k < t.nrows; k++) {
			if (cxm_rows_int(&t, k, 0, 0) != id)
				continue;
			if (b.len)
				cxm_buf_puts(&b, ", ");
			cxm_buf_puts(&b, cxm_rows_get(&t, k, 1));
		}
		out[i] = b.data;
	}
	return 0;
}

/* The filter form's lists: choices, tags, custom attributes, orders. */
static int filter_options(struct cxm_req *req, struct cxm_dict *d, const struct cxm_custom_fields *cf,
                          enum cxm_csort sort)
{
	for (size_t i = 0; i < sizeof(choice_filters) / sizeof(choice_filters[0]); i++)
		cxm_cp_choice_options(d, choice_filters[i].section, choice_filters[i].cf,
		                      value(req, choice_filters[i].field));
	const struct cxm_field *consent = cxm_field(req, FL_CONSENT);
	if (consent->present && consent->valid)
		cxm_dict_show(d, consent->i == 0 ? "CONSENT_YES" : "CONSENT_NO");
	for (int s = 0; s < CXM_CS_MAX; s++) {
		struct cxm_dict *o = cxm_dict_section(d, "SORT_OPTION");
		cxm_dict_set(o, "VALUE", cxm_csort_codes[s]);
		cxm_dict_set(o, "LABEL", _(cxm_csort_labels[s]));
		if ((enum cxm_csort)s == sort)
			cxm_dict_show(o, "SELECTED");
	}
	struct cxm_rows t;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT name FROM tags WHERE business_id = ? ORDER BY name LIMIT ?",
	                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(TAG_CHOICES)),
	                 &t) != CXM_OK) {
		cxm_error("tags of business %lld: %s", req->session->business_id, cxm_db_error(req->db));
		return 503;
	}
	for (size_t i = 0; i < t.nrows; i++)
		cxm_dict_set(cxm_dict_section(d, "TAG_OPTION"), "VALUE", cxm_rows_get(&t, i, 0));
	const char *attr = value(req, FL_ATTR);
	if (cf->n) {
		struct cxm_dict *a = cxm_dict_section(d, "ATTRS");
		for (size_t i = 0; i < cf->n; i++) {
			struct cxm_dict *o = cxm_dict_section(a, "ATTR_OPTION");
			cxm_dict_set(o, "VALUE", cf->f[i].code);
			cxm_dict_set(o, "LABEL", cf->f[i].label);
			if (attr && strcasecmp(attr, cf->f[i].code) == 0)
				cxm_dict_show(o, "SELECTED");
		}
	}
	return 0;
}

/* The rows of the table. */
static int show_rows(struct cxm_req *req, struct cxm_dict *d, const struct cxm_rows *r,
                     const struct cxm_cp_business *b, int deleted)
{
	const char **tags = cxm_zalloc(req->arena, sizeof(char *) * (r->nrows + 1));
	int st = row_tags(req, r, tags);
	if (st)
		return st;
	struct cxm_dict *table = cxm_dict_section(d, "ROWS");
	int may_restore = deleted && cxm_session_may(req->session, CXM_MANAGER);
	if (may_restore)
		cxm_dict_show(table, "ACTIONS_HEAD");
	for (size_t i = 0; i < r->nrows; i++) {
		struct cxm_dict *row = cxm_dict_section(table, "ROW");
		long long id = cxm_rows_int(r, i, CXM_CL_ID, 0);
		int erased = cxm_rows_int(r, i, CXM_CL_ERASED, 0) != 0;
		cxm_dict_set_int(row, "ID", id);
		cxm_dict_set(row, "NAME", cxm_cp_client_name(req, id, cxm_rows_get(r, i, CXM_CL_NAME), erased));
		if (erased)
			cxm_dict_show(row, "ERASED");
		cxm_dict_set(row, "EMAIL", cxm_rows_get(r, i, CXM_CL_EMAIL));
		cxm_dict_set(row, "PHONE", cxm_rows_get(r, i, CXM_CL_PHONE));
		cxm_dict_set(row, "AGE_BAND", cxm_cp_choice(CXM_CF_AGE_BAND, cxm_rows_get(r, i, CXM_CL_AGE_BAND)));
		const char *region = cxm_cp_choice(CXM_CF_REGION, cxm_rows_get(r, i, CXM_CL_REGION));
		const char *city = cxm_rows_get(r, i, CXM_CL_CITY);
		cxm_dict_set(row, "PLACE", region && city ? cxm_printf(req->arena, "%s, %s", region, city)
		                          : region       ? region
		                                         : city);
		cxm_dict_set(row, "SINCE", cxm_rows_get(r, i, CXM_CL_FIRST_SEEN));
		if (cxm_rows_int(r, i, CXM_CL_INTERACTIONS, 0) > 0)
			cxm_dict_set(row, "LAST", cxm_cp_local_date(req, b->timezone,
			                                            cxm_rows_get(r, i, CXM_CL_LAST_SEEN)));
		else
			cxm_dict_set(row, "LAST", "—");
		cxm_dict_set(row, "TOTAL", cxm_rows_get(r, i, CXM_CL_TOTAL));
		cxm_dict_set(row, "CURRENCY", b->currency);
		cxm_dict_set(row, "TAGS", tags[i]);
		if (may_restore)
			cxm_dict_show(row, "RESTORE");
	}
	return 0;
}

/* The pager: first, previous, next and last, as far as they lead
 * somewhere. next is the cursor that goes on in the direction the page was
 * read (after its last row, or after the last entry a partial page read). */
static void show_pager(struct cxm_req *req, struct cxm_dict *d, const struct cxm_rows *r,
                       enum cxm_cpage page, int more, const struct cxm_ccursor *next)
{
	int forward = page == CXM_CP_FIRST || page == CXM_CP_AFTER;
	int prev = forward ? page == CXM_CP_AFTER : more;
	int fwd = forward ? more : page == CXM_CP_BEFORE;
	if (!prev && !fwd)
		return;
	struct cxm_dict *p = cxm_dict_section(d, "PAGER");
	const char *first = r->nrows ? cxm_ccursor_format(req->arena, cxm_rows_int(r, 0, CXM_CL_ID, 0),
	                                                 cxm_rows_get(r, 0, CXM_CL_KEY))
	                             : NULL;
	size_t e = r->nrows ? r->nrows - 1 : 0;
	const char *last = r->nrows ? cxm_ccursor_format(req->arena, cxm_rows_int(r, e, CXM_CL_ID, 0),
	                                                cxm_rows_get(r, e, CXM_CL_KEY))
	                            : NULL;
	const char *onward = next->key ? cxm_ccursor_format(req->arena, next->id, next->key) : NULL;
	/* going back from a forward page starts at its first row; going on
	 * from a backward page at its last; the other way, or from an empty
	 * page, at the cursor the read stopped at */
	const char *back_from = forward ? (first ? first : onward) : onward;
	const char *fwd_from = forward ? onward : (last ? last : onward);
	if (prev) {
		cxm_dict_set(cxm_dict_section(p, "FIRST"), "URL", link(req, NULL, NULL));
		if (back_from)
			cxm_dict_set(cxm_dict_section(p, "PREV"), "URL", link(req, "before", back_from));
	}
	if (fwd) {
		if (fwd_from)
			cxm_dict_set(cxm_dict_section(p, "NEXT"), "URL", link(req, "after", fwd_from));
		cxm_dict_set(cxm_dict_section(p, "LAST"), "URL", link(req, "last", "1"));
	}
}

int cxm_page_clients(struct cxm_req *req)
{
	long long biz = req->session->business_id;
	struct cxm_cp_business b;
	int st = cxm_cp_business(req, &b);
	if (st)
		return st;
	struct cxm_custom_fields cf;
	if (cxm_custom_fields_load(req->db, req->arena, biz, &cf) != CXM_OK) {
		cxm_error("custom fields of business %lld: %s", biz, cxm_db_error(req->db));
		return 503;
	}
	struct cxm_cfilter f;
	const struct cxm_field *deleted = cxm_field(req, FL_DELETED);
	struct cxm_dict *d = cxm_page_begin(req, "clients.tpl",
	                                    deleted->i ? _("Deleted clients") : _("Clients"));
	req->status = 200;
	cxm_page_form_state(req, d);
	if ((st = cxm_cp_read_filter(req, d, &b, &cf, &f)))
		return st;

	const struct cxm_field *sf = cxm_field(req, FL_SORT);
	enum cxm_csort sort = sf->present && sf->valid ? (enum cxm_csort)sf->i : CXM_CS_NAME_ASC;
	/* A search whose words are all common comes in the matched word's
	 * order (sorting that many matches by another key would cost too
	 * much); its cursors hold words. */
	if (cxm_client_list_by_word(req->arena, &f)) {
		if (sort != CXM_CS_NAME_DESC)
			sort = CXM_CS_NAME_ASC;
		cxm_dict_show(d, "BY_WORD");
	}
	enum cxm_cpage page = CXM_CP_FIRST;
	struct cxm_ccursor cur = {0, NULL};
	if (value(req, FL_AFTER) && cxm_ccursor_parse(sort, value(req, FL_AFTER), &cur) == 0)
		page = CXM_CP_AFTER;
	else if (value(req, FL_BEFORE) && cxm_ccursor_parse(sort, value(req, FL_BEFORE), &cur) == 0)
		page = CXM_CP_BEFORE;
	else if (cxm_field(req, FL_LAST)->i)
		page = CXM_CP_LAST;

	struct cxm_rows r;
	struct cxm_ccursor next = {0, NULL};
	int more = 0, partial = 0;
	if (cxm_client_list(req->db, req->arena, biz, &f, sort, page, &cur, PER_PAGE, &r, &more, &next,
	                    &partial) != CXM_OK) {
		cxm_error("client list of business %lld: %s", biz, cxm_db_error(req->db));
		return 503;
	}
	/* The count: exact when the first page holds the whole list; for the
	 * plain list, up to COUNT_CAP (index entries only); with a search or
	 * filters, which a count would pay for again, "more than a page". */
	int filtered = f.q || f.gender || f.age_band || f.region || f.profession || f.source ||
	               f.consent >= 0 || f.tag_id || f.attr_field || f.since_from || f.since_to ||
	               f.last_from || f.last_to;
	const char *count_text = NULL;
	long long count = 0;
	if (page == CXM_CP_FIRST && !more) {
		count = (long long)r.nrows;
	} else if (!filtered) {
		if (cxm_client_count(req->db, req->arena, biz, &f, COUNT_CAP, &count) != CXM_OK) {
			cxm_error("client count of business %lld: %s", biz, cxm_db_error(req->db));
			return 503;
		}
		if (count > COUNT_CAP)
			count_text = cxm_printf(req->arena, _("More than %d clients"), COUNT_CAP);
	} else if (page == CXM_CP_FIRST && !partial) {
		count_text = cxm_printf(req->arena, _("More than %d clients"), PER_PAGE);
	} else {
		count = -1;   /* not known */
	}
	if (partial)
		cxm_dict_show(d, "PARTIAL");
	if ((st = filter_options(req, d, &cf, sort)))
		return st;
	if (f.deleted)
		cxm_dict_show(d, "DELETED_LIST");
	else
		cxm_dict_show(d, "LIVE_LIST");
	if (cxm_session_may(req->session, CXM_MANAGER))
		cxm_dict_show(d, "MAY_ADD");
	if (!f.deleted) {
		/* the exports take the list's own fields: the same clients */
		struct cxm_buf q = kept_query(req);
		struct cxm_dict *ex = cxm_dict_section(d, "EXPORT");
		cxm_dict_set(ex, "CSV_URL", cxm_printf(req->arena, "%s/clients/export.csv%s%s", req->base,
		                                       q.len ? "?" : "", q.data));
		cxm_dict_set(ex, "XLSX_URL", cxm_printf(req->arena, "%s/clients/export.xlsx%s%s", req->base,
		                                        q.len ? "?" : "", q.data));
		if (cxm_session_may(req->session, CXM_MANAGER))
			cxm_dict_set(cxm_dict_section(ex, "SURVEY"), "URL",
			             cxm_printf(req->arena, "%s/clients/survey%s%s", req->base, q.len ? "?" : "", q.data));
	}
	cxm_dict_set(d, "LIVE_URL", cxm_printf(req->arena, "%s/clients", req->base));
	cxm_dict_set(d, "DELETED_URL", cxm_printf(req->arena, "%s/clients?deleted=1", req->base));
	if (count_text || count >= 0)
		cxm_dict_set(cxm_dict_section(d, "COUNT"), "COUNT_TEXT",
		             count_text ? count_text
		                        : cxm_printf(req->arena,
		                                     cxm_ngettext("%lld client", "%lld clients", (unsigned long)count),
		                                     count));
	if (!r.nrows)
		cxm_dict_show(d, "EMPTY");
	else if ((st = show_rows(req, d, &r, &b, f.deleted)))
		return st;
	show_pager(req, d, &r, page, more, &next);
	return cxm_page_end(req);
}
