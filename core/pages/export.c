/* Downloads of the client base (analysts and up, every one audited):
 *   GET /clients/export.csv|.xlsx        the clients the list shows for the
 *                                        same filters and search (the list's
 *                                        own fields and conditions)
 *   GET /clients/{id}/interactions.csv   one client's history
 *   GET /interactions/export.csv|.xlsx   every interaction (?kind= one kind)
 * Streamed: rows come from a database cursor and go out as they are read
 * (core/export.h), so the worker's memory stays flat whatever the size.
 * Before streaming, the worker's other idle FastCGI connections are
 * released (cxm_resp_release_idle), so requests do not queue behind a long
 * download. Headers are the fields' labels in the user's language and
 * values are written as the import reads them back (choice labels, local
 * times of the business), so an exported file imports again unchanged.
 * CSV separator: ';' for Russian (Excel's list separator there), ','
 * for English; ?sep=semicolon|comma chooses. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "client.h"
#include "client_list.h"
#include "pages/client_pages.h"
#include "db.h"
#include "export.h"
#include "http.h"
#include "i18n.h"
#include "interaction.h"
#include "log.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tz.h"

/* /clients/export.*: the client list's fields (CXM_CLIENT_LIST_FIELDS, 19
 * of them), then the separator */
enum { FC_SEP = 19 };
enum { FH_ID, FH_SEP };                /* /clients/{id}/interactions.csv */
enum { FI_SEP, FI_KIND };              /* /interactions/export.* */

#define MAX_CUSTOM 40                  /* custom attribute columns exported */

static int write_out(void *ctx, const char *data, size_t n)
{
	return cxm_resp_write(ctx, data, n);
}

static char separator(const struct cxm_req *req, size_t field)
{
	const struct cxm_field *f = cxm_field(req, field);
	if (f->present && f->valid)
		return f->i == 0 ? ';' : ',';
	return req->lang == CXM_LANG_RU ? ';' : ',';
}

static void attachment(struct cxm_req *req, enum cxm_export_format fmt, const char *name)
{
	char day[16];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	const char *ext = fmt == CXM_EXPORT_CSV ? "csv" : "xlsx";
	req->resp_type = fmt == CXM_EXPORT_CSV
	                     ? "text/csv; charset=utf-8"
	                     : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	cxm_resp_header(req, "Content-Disposition",
	                cxm_printf(req->arena, "attachment; filename=\"%s-%s.%s\"", name, day, ext));
}

/* The business's time zone (for local times), in the arena. */
static const char *business_tz(struct cxm_req *req)
{
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, "SELECT timezone FROM businesses WHERE id = ?",
	                 CXM_PARAMS(CXM_PINT(req->session->business_id)), &r) == CXM_OK && r.nrows)
		return cxm_rows_get(&r, 0, 0);
	return "UTC";
}

/* "YYYY-MM-DD HH:MM" in tz of a UTC "YYYY-MM-DD HH:MM:SS"; into buf. */
static const char *local_minutes(struct cxm_arena *a, const char *tz, const char *utc, char *buf,
                                 size_t len)
{
	if (!utc)
		return NULL;
	/* DATETIME(6) comes with microseconds: the minute is enough */
	char *sec = cxm_strndup(a, utc, 19);
	char *local = NULL;
	if (cxm_tz_from_utc(a, tz, sec, &local) != CXM_OK || !local)
		return utc;
	snprintf(buf, len, "%.16s", local);
	return buf;
}

/* Starts the download: CSV goes out as it is made; XLSX only once the
 * workbook is complete (see finish), so that a failure can still be an
 * error page. */
static struct cxm_export *start(struct cxm_req *req, enum cxm_export_format fmt, char sep,
                                const char *sheet, const char *const *headers, const int *numeric,
                                size_t ncols)
{
	cxm_resp_release_idle(req);
	if (fmt == CXM_EXPORT_CSV && cxm_resp_stream_begin(req) != 0)
		return NULL;
	return cxm_export_begin(fmt, sep, sheet, headers, numeric, ncols, write_out, req);
}

/* The XLSX workbook is written to a temporary file until now: the head
 * goes out, then the file. */
static int finish(struct cxm_req *req, struct cxm_export *x, enum cxm_export_format fmt, int failed)
{
	if (fmt == CXM_EXPORT_XLSX && !failed && cxm_resp_stream_begin(req) != 0)
		failed = 1;
	if (cxm_export_finish(x, failed) != 0 || failed) {
		if (!req->streaming)
			return 500;
		cxm_resp_stream_abort(req);
	}
	return 200;
}

/* ---- clients ------------------------------------------------------------ */

static int export_clients(struct cxm_req *req, enum cxm_export_format fmt)
{
	long long biz = req->session->business_id;
	struct cxm_custom_fields cf = {0};
	if (cxm_custom_fields_load(req->db, req->arena, biz, &cf) != CXM_OK)
		return 503;
	struct cxm_cp_business b;
	int st0 = cxm_cp_business(req, &b);
	if (st0)
		return st0;
	struct cxm_cfilter filter;
	if ((st0 = cxm_cp_read_filter(req, NULL, &b, &cf, &filter)))
		return st0;
	size_t ncustom = cf.n < MAX_CUSTOM ? cf.n : MAX_CUSTOM;
	const char *tz = business_tz(req);

	/* columns: the profile fields, the custom attributes, the aggregates */
	enum { NFIXED = CXM_CF_MAX, NAGG = 4 };
	size_t ncols = NFIXED + ncustom + NAGG;
	const char **headers = cxm_alloc(req->arena, sizeof(char *) * ncols);
	int *numeric = cxm_zalloc(req->arena, sizeof(int) * ncols);
	for (int f = 0; f < CXM_CF_MAX; f++)
		headers[f] = _(cxm_cfields[f].label);
	for (size_t i = 0; i < ncustom; i++) {
		headers[NFIXED + i] = cf.f[i].label;
		numeric[NFIXED + i] = cf.f[i].type == CXM_CT_NUMBER;
	}
	size_t agg = NFIXED + ncustom;
	headers[agg] = _("Last interaction");
	headers[agg + 1] = _("Interactions");
	headers[agg + 2] = _("Purchases");
	headers[agg + 3] = _("Purchases total");
	numeric[agg + 1] = numeric[agg + 2] = numeric[agg + 3] = 1;

	/* The statement: fixed text, one join per custom attribute (aliases
	 * v0, v1, ... from the loop counter), then the list's own conditions;
	 * every value a parameter. */
	struct cxm_buf sql;
	cxm_buf_init(&sql, req->arena, 2048);
	cxm_buf_puts(&sql,
	             "SELECT c.external_id, c.name, c.email, c.phone, c.birth_date, c.age_band, c.gender,"
	             " c.region, c.city, c.profession, c.profession_other, c.source, c.source_detail,"
	             " c.first_seen, c.marketing_consent,"
	             " (SELECT GROUP_CONCAT(t.name ORDER BY t.name SEPARATOR ', ') FROM client_tags ct"
	             " JOIN tags t ON t.id = ct.tag_id WHERE ct.client_id = c.id),"
	             " c.last_seen_at, c.interactions_count, c.purchases_count, c.purchases_total");
	for (size_t i = 0; i < ncustom; i++)
		cxm_buf_printf(&sql, ", v%zu.value", i);
	cxm_buf_puts(&sql, " FROM clients c");
	struct cxm_param p[MAX_CUSTOM];
	size_t np = 0;
	for (size_t i = 0; i < ncustom; i++) {
		cxm_buf_printf(&sql, " LEFT JOIN client_values v%zu ON v%zu.client_id = c.id AND v%zu.field_id = ?",
		               i, i, i);
		p[np++] = CXM_PINT(cf.f[i].id);
	}
	struct cxm_sql q;
	cxm_client_where_sql(req->arena, biz, &filter, sql.data, p, np, &q);
	const char *text = cxm_printf(req->arena, "%s ORDER BY c.id", q.text);

	struct cxm_cursor *cur;
	if (q.n > CXM_SQL_MAXPARAMS ||
	    cxm_db_cursor(req->db, req->arena, text, q.p, q.n, &cur) != CXM_OK) {
		cxm_error("client export failed: %s", cxm_db_error(req->db));
		return 503;
	}
	attachment(req, fmt, "clients");
	struct cxm_export *x = start(req, fmt, separator(req, FC_SEP), _("Clients"), headers, numeric, ncols);
	if (!x) {
		cxm_cursor_close(cur);
		return req->streaming ? 200 : 500;
	}
	int rc, failed = 0;
	char when[32];
	struct cxm_arena *row_arena = cxm_arena_new(4096);
	while (!failed && (rc = cxm_cursor_next(cur)) == 1) {
		for (int f = 0; f < CXM_CF_MAX; f++) {
			const char *v = cxm_cursor_get(cur, (size_t)f, NULL);
			if (cxm_cfields[f].choices && v) {
				const char *label = cxm_cfield_choice_label((enum cxm_cfield)f, v);
				v = label ? _(label) : v;
			} else if (f == CXM_CF_MARKETING_CONSENT) {
				v = v && strcmp(v, "1") == 0 ? _("yes") : _("no");
			}
			cxm_export_cell(x, v);
		}
		for (size_t i = 0; i < ncustom; i++)
			cxm_export_cell(x, cxm_cursor_get(cur, CXM_CF_MAX + 4 + i, NULL));
		cxm_export_cell(x, local_minutes(row_arena, tz, cxm_cursor_get(cur, CXM_CF_MAX, NULL), when,
		                                 sizeof(when)));
		for (size_t k = 1; k < 4; k++)
			cxm_export_cell(x, cxm_cursor_get(cur, CXM_CF_MAX + k, NULL));
		cxm_export_end_row(x);
		cxm_arena_reset(row_arena);
		failed = req->stream_failed;
	}
	cxm_arena_free(row_arena);
	if (rc < 0) {
		cxm_error("client export broke off: %s", cxm_db_error(req->db));
		failed = 1;
	}
	cxm_cursor_close(cur);
	unsigned long rows = cxm_export_rows(x);
	/* The audit row names the filters used, not their values: a search
	 * term may be a person's name, and the log outlives an erasure. */
	struct cxm_buf used;
	cxm_buf_init(&used, req->arena, 64);
	for (size_t i = 0; i < FC_SEP; i++) {
		const struct cxm_field *fl = cxm_field(req, i);
		const char *name = req->route->fields[i].name;
		if (fl->present && fl->valid && strcmp(name, "sort") != 0)
			cxm_buf_printf(&used, "%s%s", used.len ? ", " : "", name);
	}
	int st = finish(req, x, fmt, failed);
	cxm_audit(req, biz, "clients_exported", fmt == CXM_EXPORT_CSV ? "csv" : "xlsx",
	          cxm_printf(req->arena, "rows: %lu%s%s%s", rows, used.len ? " (filters: " : "",
	                     used.len ? used.data : "", used.len ? ")" : ""));
	return st;
}

int cxm_page_clients_export_csv(struct cxm_req *req)
{
	return export_clients(req, CXM_EXPORT_CSV);
}

int cxm_page_clients_export_xlsx(struct cxm_req *req)
{
	return export_clients(req, CXM_EXPORT_XLSX);
}

/* ---- interactions ------------------------------------------------------------ */

#define INTERACTIONS_SELECT \
	"SELECT c.external_id, c.email, c.name, i.kind, i.occurred_at, i.channel, i.amount, i.currency," \
	" s.name, l.name, st.name, i.items, i.text FROM interactions i" \
	" JOIN clients c ON c.id = i.client_id AND c.business_id = i.business_id" \
	" LEFT JOIN services s ON s.id = i.service_id LEFT JOIN locations l ON l.id = i.location_id" \
	" LEFT JOIN staff st ON st.id = i.staff_id WHERE i.business_id = ?"

static int export_interactions(struct cxm_req *req, enum cxm_export_format fmt, long long client,
                               int kind, char sep)
{
	long long biz = req->session->business_id;
	const char *tz = business_tz(req);
	const char *headers[] = {
		_("Client's external ID"), _("Client's e-mail"), _("Client"),
		_(cxm_ifield_labels[CXM_IF_KIND]), _(cxm_ifield_labels[CXM_IF_OCCURRED_AT]),
		_(cxm_ifield_labels[CXM_IF_CHANNEL]), _(cxm_ifield_labels[CXM_IF_AMOUNT]),
		_(cxm_ifield_labels[CXM_IF_CURRENCY]), _(cxm_ifield_labels[CXM_IF_SERVICE]),
		_(cxm_ifield_labels[CXM_IF_LOCATION]), _(cxm_ifield_labels[CXM_IF_STAFF]),
		_(cxm_ifield_labels[CXM_IF_ITEMS]), _(cxm_ifield_labels[CXM_IF_TEXT]),
	};
	const int numeric[13] = {[6] = 1};
	struct cxm_cursor *cur;
	enum cxm_err e;
	if (client)
		e = cxm_db_cursor(req->db, req->arena,
		                  INTERACTIONS_SELECT " AND i.client_id = ? ORDER BY i.occurred_at, i.id",
		                  CXM_PARAMS(CXM_PINT(biz), CXM_PINT(client)), &cur);
	else if (kind >= 0)
		e = cxm_db_cursor(req->db, req->arena,
		                  INTERACTIONS_SELECT " AND i.kind = ? ORDER BY i.occurred_at, i.id",
		                  CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(cxm_ikind_names[kind])), &cur);
	else
		e = cxm_db_cursor(req->db, req->arena, INTERACTIONS_SELECT " ORDER BY i.occurred_at, i.id",
		                  CXM_PARAMS(CXM_PINT(biz)), &cur);
	if (e != CXM_OK) {
		cxm_error("interaction export failed: %s", cxm_db_error(req->db));
		return 503;
	}
	attachment(req, fmt,
	           client ? cxm_printf(req->arena, "client-%lld-interactions", client) : "interactions");
	struct cxm_export *x = start(req, fmt, sep, _("Interactions"), headers, numeric, 13);
	if (!x) {
		cxm_cursor_close(cur);
		return req->streaming ? 200 : 500;
	}
	int rc, failed = 0;
	char when[32];
	struct cxm_arena *row_arena = cxm_arena_new(4096);
	while (!failed && (rc = cxm_cursor_next(cur)) == 1) {
		for (size_t c = 0; c < 13; c++) {
			const char *v = cxm_cursor_get(cur, c, NULL);
			if (c == 3 && v) {
				for (int k = 0; k < CXM_IK_MAX; k++)
					if (strcmp(v, cxm_ikind_names[k]) == 0)
						v = _(cxm_ikind_labels[k]);
			} else if (c == 4) {
				v = local_minutes(row_arena, tz, v, when, sizeof(when));
			}
			cxm_export_cell(x, v);
		}
		cxm_export_end_row(x);
		cxm_arena_reset(row_arena);
		failed = req->stream_failed;
	}
	cxm_arena_free(row_arena);
	if (rc < 0) {
		cxm_error("interaction export broke off: %s", cxm_db_error(req->db));
		failed = 1;
	}
	cxm_cursor_close(cur);
	unsigned long rows = cxm_export_rows(x);
	int st = finish(req, x, fmt, failed);
	cxm_audit(req, biz, "interactions_exported", fmt == CXM_EXPORT_CSV ? "csv" : "xlsx",
	          client ? cxm_printf(req->arena, "%lu rows (client %lld)", rows, client)
	                 : cxm_printf(req->arena, "%lu rows%s%s", rows, kind >= 0 ? " kind=" : "",
	                              kind >= 0 ? cxm_ikind_names[kind] : ""));
	return st;
}

int cxm_page_client_interactions_csv(struct cxm_req *req)
{
	long long id = cxm_field(req, FH_ID)->i;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, "SELECT 1 FROM clients WHERE id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r) != CXM_OK)
		return 503;
	if (!r.nrows)
		return 404;
	return export_interactions(req, CXM_EXPORT_CSV, id, -1, separator(req, FH_SEP));
}

static int kind_of(const struct cxm_req *req)
{
	const struct cxm_field *f = cxm_field(req, FI_KIND);
	return f->present && f->valid ? (int)f->i : -1;
}

int cxm_page_interactions_export_csv(struct cxm_req *req)
{
	return export_interactions(req, CXM_EXPORT_CSV, 0, kind_of(req), separator(req, FI_SEP));
}

int cxm_page_interactions_export_xlsx(struct cxm_req *req)
{
	return export_interactions(req, CXM_EXPORT_XLSX, 0, kind_of(req), separator(req, FI_SEP));
}
