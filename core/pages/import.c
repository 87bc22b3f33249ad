/* Importing a CSV file through the web (managers and up):
 *   GET  /clients/import                 the upload form
 *   POST /clients/import                 the file is stored in imports
 *                                        (status uploaded, data in the row)
 *   GET  /clients/imports/{id}/mapping   each column with a select of
 *                                        fields, mapped automatically, and
 *                                        the first values of each column
 *   POST /clients/imports/{id}/mapping   the mapping; status queued
 *   GET  /clients/imports/{id}           progress (the page reloads itself
 *                                        every 2 s while queued or running),
 *                                        then the counts or the refused rows
 *   GET  /clients/imports/{id}/report.csv  the refused rows as CSV
 *   POST /clients/imports/{id}/retry     a failed import queued again
 *   GET  /clients/imports                the business's imports
 * The job runner (core/jobs.c) does the work. An import of another
 * business is answered 404 everywhere. The upload is limited by max_body
 * (the whole request). The mapping form sends one "map" value per column,
 * in column order; each must be "" or one of the targets of
 * cxm_import_targets, so they are checked here against that list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "client.h"
#include "conf.h"
#include "csv.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "import.h"
#include "log.h"
#include "page.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "utf8.h"

enum { FF_KIND };                   /* GET /clients/import */
enum { FU_KIND, FU_SEP, FU_FILE };  /* POST /clients/import */
enum { FI_ID };                     /* /clients/imports/{id}/... */
enum { FP_ID, FP_PAGE };            /* GET /clients/imports/{id} */
enum { FL_PAGE };                   /* GET /clients/imports */

#define REASONS_PER_PAGE 1000
#define LIST_PER_PAGE 50
#define SAMPLE_ROWS 3

static const char *const kind_labels[CXM_IMPORT_KIND_MAX] = {N_("Clients"), N_("Interactions")};

struct imp {
	long long id;
	enum cxm_import_kind kind;
	const char *filename, *status, *mapping, *report, *error, *created;
	long total, processed, inserted, updated, errors;
	const char *data;
	size_t len;
};

/* Reads import id of the session's business: 200, 404, or 503. */
static int load(struct cxm_req *req, long long id, int with_data, struct imp *im)
{
	struct cxm_rows r;
	memset(im, 0, sizeof(*im));
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT id, kind, filename, status, mapping, report, error,"
	                 " DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), total_rows, processed_rows, inserted,"
	                 " updated, error_count, IF(? = 1, data, NULL) FROM imports"
	                 " WHERE id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(with_data), CXM_PINT(id), CXM_PINT(req->session->business_id)),
	                 &r) != CXM_OK)
		return 503;
	if (!r.nrows)
		return 404;
	im->id = id;
	im->kind = strcmp(cxm_rows_get(&r, 0, 1), "interactions") == 0 ? CXM_IMPORT_INTERACTIONS
	                                                               : CXM_IMPORT_CLIENTS;
	im->filename = cxm_rows_get(&r, 0, 2);
	im->status = cxm_rows_get(&r, 0, 3);
	im->mapping = cxm_rows_get(&r, 0, 4);
	im->report = cxm_rows_get(&r, 0, 5);
	im->error = cxm_rows_get(&r, 0, 6);
	im->created = cxm_rows_get(&r, 0, 7);
	im->total = (long)cxm_rows_int(&r, 0, 8, 0);
	im->processed = (long)cxm_rows_int(&r, 0, 9, 0);
	im->inserted = (long)cxm_rows_int(&r, 0, 10, 0);
	im->updated = (long)cxm_rows_int(&r, 0, 11, 0);
	im->errors = (long)cxm_rows_int(&r, 0, 12, 0);
	im->data = cxm_rows_get(&r, 0, 13);
	im->len = r.lens[13];
	return 200;
}

/* The separator the user chose at upload ("#sep=;" on the mapping's
 * first line), 0 for automatic. */
static char chosen_sep(const char *mapping)
{
	if (mapping && strncmp(mapping, "#sep=", 5) == 0 && (mapping[5] == ';' || mapping[5] == ','))
		return mapping[5];
	return 0;
}

static const char *import_url(struct cxm_req *req, long long id, const char *rest)
{
	return cxm_printf(req->arena, "%s/clients/imports/%lld%s", req->base, id, rest);
}

static const char *size_text(struct cxm_req *req, size_t bytes)
{
	if (bytes >= 1024 * 1024)
		return cxm_printf(req->arena, _("%zu MB"), bytes / (1024 * 1024));
	return cxm_printf(req->arena, _("%zu KB"), bytes / 1024);
}

/* ---- upload ------------------------------------------------------------- */

static int show_form(struct cxm_req *req, int kind, const char *error)
{
	struct cxm_dict *d = cxm_page_begin(req, "import.tpl", _("Import"));
	for (int k = 0; k < CXM_IMPORT_KIND_MAX; k++) {
		struct cxm_dict *o = cxm_dict_section(d, "KIND");
		cxm_dict_set(o, "CODE", cxm_import_kind_names[k]);
		cxm_dict_set(o, "LABEL", _(kind_labels[k]));
		if (k == kind)
			cxm_dict_show(o, "SELECTED");
	}
	static const char *const seps[] = {"auto", "semicolon", "comma"};
	static const char *const sep_labels[] = {N_("Find out from the header line"), N_("Semicolon ( ; )"),
	                                         N_("Comma ( , )")};
	const struct cxm_field *sf = req->method == CXM_POST ? cxm_field(req, FU_SEP) : NULL;
	long long sel = sf && sf->present && sf->valid ? sf->i : 0;
	for (int i = 0; i < 3; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "SEP");
		cxm_dict_set(o, "CODE", seps[i]);
		cxm_dict_set(o, "LABEL", _(sep_labels[i]));
		if (i == sel)
			cxm_dict_show(o, "SELECTED");
	}
	cxm_dict_set(d, "MAX_SIZE", cxm_printf(req->arena, _("At most %s."), size_text(req, req->cfg->max_body)));
	if (error)
		cxm_dict_set(cxm_dict_section(d, "ERR_FILE"), "MSG", error);
	if (error)
		req->status = 422;
	return cxm_page_end(req);
}

int cxm_page_import_form(struct cxm_req *req)
{
	const struct cxm_field *k = cxm_field(req, FF_KIND);
	return show_form(req, k->present && k->valid ? (int)k->i : 0, NULL);
}

/* The file's name for the list: its last path component, one line of
 * valid UTF-8 (browsers send names as they like). */
static const char *clean_name(struct cxm_req *req, const char *name)
{
	if (!name || !*name)
		return "upload.csv";
	const char *slash = strrchr(name, '/'), *bslash = strrchr(name, '\\');
	if (bslash && (!slash || bslash > slash))
		slash = bslash;
	if (slash)
		name = slash + 1;
	if (!*name || !cxm_utf8_valid(name, strlen(name)))
		return "upload.csv";
	char *c = cxm_strdup(req->arena, name);
	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return c;
}

int cxm_page_import_upload(struct cxm_req *req)
{
	const struct cxm_field *kf = cxm_field(req, FU_KIND);
	int kind = kf->present && kf->valid ? (int)kf->i : 0;
	const struct cxm_field *sf = cxm_field(req, FU_SEP);
	char sep = sf->present && sf->valid ? (sf->i == 1 ? ';' : sf->i == 2 ? ',' : 0) : 0;
	const struct cxm_field *ff = cxm_field(req, FU_FILE);
	if (!ff->present || !ff->file || ff->file->len == 0)
		return show_form(req, kind, _("Choose a CSV file to upload."));
	const struct cxm_pair *file = ff->file;
	struct cxm_import_peek pk;
	cxm_import_peek(req->arena, file->value, file->len, sep, 0, &pk);
	if (pk.fatal) {
		struct cxm_custom_fields none = {0};
		return show_form(req, kind,
		                 cxm_import_failure_text(req->arena, (enum cxm_import_kind)kind, &none,
		                                         cxm_csv_error_msgid((enum cxm_csv_error)pk.fatal),
		                                         pk.fatal_line));
	}
	if (pk.ncols == 0)
		return show_form(req, kind, _("The file is empty: it needs a header line with the column names."));
	if (pk.rows == 0)
		return show_form(req, kind, _("The file has a header line but no rows."));
	uint64_t id = 0;
	const char *mapping = sep ? cxm_printf(req->arena, "#sep=%c\n", sep) : "";
	if (cxm_db_exec(req->db,
	                "INSERT INTO imports (business_id, created_by, kind, filename, status, data, mapping,"
	                " total_rows, created_at) VALUES (?, ?, ?, LEFT(?, 255), 'uploaded', ?, ?, ?,"
	                " UTC_TIMESTAMP(6))",
	                CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(req->session->user_id),
	                           CXM_PSTR(cxm_import_kind_names[kind]), CXM_PSTR(clean_name(req, file->filename)),
	                           CXM_PBLOB(file->value, file->len), CXM_PSTR(mapping), CXM_PINT(pk.rows)),
	                NULL, &id) != CXM_OK) {
		cxm_error("import upload not stored: %s", cxm_db_error(req->db));
		if (cxm_db_errno(req->db) == 1153 || cxm_db_errno(req->db) == 1301)
			return show_form(req, kind, _("The file is larger than the database accepts."));
		return 503;
	}
	cxm_resp_redirect(req, 303, import_url(req, (long long)id, "/mapping"));
	return 303;
}

/* ---- mapping ----------------------------------------------------------- */

/* The header of an uploaded import, with the sample rows. */
static void peek_import(struct cxm_req *req, const struct imp *im, struct cxm_import_peek *pk)
{
	cxm_import_peek(req->arena, im->data ? im->data : "", im->data ? im->len : 0, chosen_sep(im->mapping),
	                SAMPLE_ROWS, pk);
}

static int show_mapping(struct cxm_req *req, const struct imp *im, const char *const *chosen,
                        const char *error)
{
	struct cxm_import_peek pk;
	peek_import(req, im, &pk);
	struct cxm_custom_fields cf = {0};
	if (im->kind == CXM_IMPORT_CLIENTS &&
	    cxm_custom_fields_load(req->db, req->arena, req->session->business_id, &cf) != CXM_OK)
		return 503;
	struct cxm_import_target *t;
	size_t nt = cxm_import_targets(req->arena, im->kind, &cf, &t);
	const char **codes = NULL;
	if (!chosen) {
		/* the automatic mapping, each field used once */
		char *m = cxm_import_mapping_build(req->arena, im->kind, &cf, pk.headers, pk.ncols, NULL);
		codes = cxm_zalloc(req->arena, sizeof(char *) * (pk.ncols + 1));
		for (size_t i = 0; i < pk.ncols && *m; i++) {
			size_t len = strcspn(m, "\n");
			char *line = cxm_strndup(req->arena, m, len);
			m += len + (m[len] == '\n');
			char *eq = strrchr(line, '=');
			codes[i] = eq ? eq + 1 : "";
		}
		chosen = codes;
	}
	struct cxm_dict *d = cxm_page_begin(req, "import_mapping.tpl", _("Import: columns"));
	cxm_dict_set_int(d, "ID", im->id);
	cxm_dict_set(d, "FILENAME", im->filename);
	cxm_dict_set(d, "KIND_LABEL", _(kind_labels[im->kind]));
	cxm_dict_set(d, "ROWS", cxm_printf(req->arena, cxm_ngettext("%ld row", "%ld rows", (unsigned long)pk.rows),
	                                   pk.rows));
	if (error) {
		cxm_page_notice(d, "error", error);
		req->status = 422;
	}
	for (size_t i = 0; i < pk.ncols; i++) {
		struct cxm_dict *c = cxm_dict_section(d, "COLUMN");
		cxm_dict_set_int(c, "N", (long long)i + 1);
		cxm_dict_set(c, "HEADER", pk.headers[i]);
		struct cxm_buf sample;
		cxm_buf_init(&sample, req->arena, 128);
		cxm_buf_puts(&sample, "");
		for (size_t k = 0; k < pk.nsample; k++) {
			const char *v = pk.sample[k][i];
			if (!v || !*v)
				continue;
			if (sample.len)
				cxm_buf_puts(&sample, " · ");
			cxm_buf_puts(&sample, v);
		}
		cxm_dict_set(c, "SAMPLE", sample.data);
		const char *sel = chosen[i] ? chosen[i] : "";
		struct cxm_dict *o = cxm_dict_section(c, "OPTION");
		cxm_dict_set(o, "CODE", "");
		cxm_dict_set(o, "LABEL", _("— do not import —"));
		if (!*sel)
			cxm_dict_show(o, "SELECTED");
		for (size_t k = 0; k < nt; k++) {
			o = cxm_dict_section(c, "OPTION");
			cxm_dict_set(o, "CODE", t[k].code);
			cxm_dict_set(o, "LABEL", t[k].custom ? t[k].label : _(t[k].label));
			if (strcmp(sel, t[k].code) == 0)
				cxm_dict_show(o, "SELECTED");
		}
	}
	return cxm_page_end(req);
}

int cxm_page_import_mapping(struct cxm_req *req)
{
	struct imp im;
	int st = load(req, cxm_field(req, FI_ID)->i, 1, &im);
	if (st != 200)
		return st;
	if (strcmp(im.status, "uploaded") != 0) {
		cxm_resp_redirect(req, 303, import_url(req, im.id, ""));
		return 303;
	}
	return show_mapping(req, &im, NULL, NULL);
}

int cxm_page_import_queue(struct cxm_req *req)
{
	struct imp im;
	int st = load(req, cxm_field(req, FI_ID)->i, 1, &im);
	if (st != 200)
		return st;
	if (strcmp(im.status, "uploaded") != 0) {
		cxm_resp_redirect(req, 303, import_url(req, im.id, ""));
		return 303;
	}
	struct cxm_import_peek pk;
	peek_import(req, &im, &pk);
	struct cxm_custom_fields cf = {0};
	if (im.kind == CXM_IMPORT_CLIENTS &&
	    cxm_custom_fields_load(req->db, req->arena, req->session->business_id, &cf) != CXM_OK)
		return 503;
	struct cxm_import_target *t;
	size_t nt = cxm_import_targets(req->arena, im.kind, &cf, &t);
	/* one "map" per column, each a known target or "" */
	const char **chosen = cxm_zalloc(req->arena, sizeof(char *) * (pk.ncols + 1));
	size_t n = 0;
	for (size_t i = 0; i < req->params.n; i++) {
		const struct cxm_pair *p = &req->params.v[i];
		if (strcmp(p->name, "map") != 0)
			continue;
		if (n == pk.ncols)
			return 400;
		int known = !*p->value;
		for (size_t k = 0; k < nt && !known; k++)
			known = strcmp(p->value, t[k].code) == 0;
		if (!known)
			return 400;
		chosen[n++] = p->value;
	}
	if (n != pk.ncols)
		return 400;
	/* the mistakes the engine would refuse, shown now */
	int key = 0;
	for (size_t i = 0; i < n; i++) {
		if (!*chosen[i])
			continue;
		for (size_t k = 0; k < i; k++)
			if (strcmp(chosen[k], chosen[i]) == 0)
				return show_mapping(
					req, &im, chosen,
					cxm_printf(req->arena, _("Two columns are mapped to the same field: %s."),
					           cxm_import_target_label(req->arena, im.kind, &cf, chosen[i])));
		if (im.kind == CXM_IMPORT_CLIENTS)
			key |= strcmp(chosen[i], "external_id") == 0 || strcmp(chosen[i], "email") == 0;
		else
			key |= strcmp(chosen[i], "client_external_id") == 0 || strcmp(chosen[i], "client_email") == 0;
	}
	if (!key)
		return show_mapping(req, &im, chosen,
		                    im.kind == CXM_IMPORT_CLIENTS
		                        ? _("Map a column to the external ID or the e-mail, so that rows can be matched to clients and a second import updates them instead of adding them again.")
		                        : _("Map a column to the client's external ID or e-mail."));
	struct cxm_buf m;
	cxm_buf_init(&m, req->arena, 512);
	char sep = chosen_sep(im.mapping);
	if (sep)
		cxm_buf_printf(&m, "#sep=%c\n", sep);
	else
		cxm_buf_puts(&m, "");
	for (size_t i = 0; i < n; i++) {
		char *h = cxm_strdup(req->arena, pk.headers[i]);
		for (char *p = h; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		cxm_buf_printf(&m, "%s=%s\n", h, chosen[i]);
	}
	if (cxm_db_exec(req->db,
	                "UPDATE imports SET mapping = ?, status = 'queued' WHERE id = ? AND business_id = ?"
	                " AND status = 'uploaded'",
	                CXM_PARAMS(CXM_PSTR(m.data), CXM_PINT(im.id), CXM_PINT(req->session->business_id)),
	                NULL, NULL) != CXM_OK)
		return 503;
	cxm_resp_redirect(req, 303, import_url(req, im.id, ""));
	return 303;
}

/* ---- progress and report ---------------------------------------------------- */

static const char *status_label(const struct imp *im)
{
	if (strcmp(im->status, "uploaded") == 0)
		return N_("Waiting for the columns to be chosen");
	if (strcmp(im->status, "queued") == 0)
		return N_("Waiting to start");
	if (strcmp(im->status, "running") == 0)
		return N_("Running");
	if (strcmp(im->status, "done") == 0)
		return im->errors ? N_("Refused: nothing was imported") : N_("Done");
	return N_("Failed: nothing was imported");
}

/* "LINE\tMSGID" of imports.error, in the current language. */
static const char *error_text(struct cxm_req *req, const struct imp *im, const struct cxm_custom_fields *cf)
{
	if (!im->error)
		return NULL;
	char *end;
	long line = strtol(im->error, &end, 10);
	const char *msg = *end == '\t' ? end + 1 : im->error;
	return cxm_import_failure_text(req->arena, im->kind, cf, msg, line);
}

int cxm_page_import(struct cxm_req *req)
{
	struct imp im;
	int st = load(req, cxm_field(req, FP_ID)->i, 0, &im);
	if (st != 200)
		return st;
	struct cxm_custom_fields cf = {0};
	if (im.kind == CXM_IMPORT_CLIENTS &&
	    cxm_custom_fields_load(req->db, req->arena, req->session->business_id, &cf) != CXM_OK)
		return 503;
	struct cxm_dict *d = cxm_page_begin(req, "import_status.tpl", _("Import"));
	cxm_dict_set_int(d, "ID", im.id);
	cxm_dict_set(d, "FILENAME", im.filename);
	cxm_dict_set(d, "KIND_LABEL", _(kind_labels[im.kind]));
	cxm_dict_set(d, "CREATED", im.created);
	cxm_dict_set(d, "STATUS", _(status_label(&im)));
	cxm_dict_set(d, "STATUS_CODE", im.status);
	int active = strcmp(im.status, "queued") == 0 || strcmp(im.status, "running") == 0;
	if (active) {
		cxm_dict_set(cxm_dict_section(req->page, "REFRESH"), "REFRESH_SECONDS", "2");
		struct cxm_dict *p = cxm_dict_section(d, "PROGRESS");
		long total = im.total > 0 ? im.total : 1;
		long done = im.processed > total ? total : im.processed;
		cxm_dict_set_int(p, "DONE", done);
		cxm_dict_set_int(p, "TOTAL", total);
		cxm_dict_set(p, "PROGRESS_TEXT",
		             cxm_printf(req->arena, _("%ld of %ld rows (%ld%%)"), done, im.total, done * 100 / total));
	}
	const char *err = error_text(req, &im, &cf);
	if (strcmp(im.status, "uploaded") == 0)
		cxm_dict_show(d, "CHOOSE_COLUMNS");
	if (strcmp(im.status, "queued") == 0 && err)
		cxm_dict_set(cxm_dict_section(d, "NOTE"), "NOTE_TEXT", err);
	if (strcmp(im.status, "failed") == 0) {
		struct cxm_dict *f = cxm_dict_section(d, "FAILED");
		cxm_dict_set(f, "ERROR_TEXT", err ? err : _("The import failed."));
	}
	if (strcmp(im.status, "done") == 0 && !im.errors) {
		struct cxm_dict *c = cxm_dict_section(d, "COUNTS");
		cxm_dict_set_int(c, "ROWS", im.total);
		cxm_dict_set_int(c, "INSERTED", im.inserted);
		cxm_dict_set_int(c, "UPDATED", im.updated);
		cxm_dict_set_int(c, "UNCHANGED", im.total - im.inserted - im.updated);
	}
	if (strcmp(im.status, "done") == 0 && im.errors) {
		struct cxm_dict *b = cxm_dict_section(d, "REFUSED");
		cxm_dict_set(b, "REFUSED_TEXT",
		             cxm_printf(req->arena,
		                        cxm_ngettext("%ld of %ld rows has problems. Nothing was imported: fix the rows below and upload the file again.",
		                                     "%ld of %ld rows have problems. Nothing was imported: fix the rows below and upload the file again.",
		                                     (unsigned long)im.errors),
		                        im.errors, im.total));
		struct cxm_import_reason *r;
		size_t n = cxm_import_report_parse(req->arena, im.report, &r);
		const struct cxm_field *pf = cxm_field(req, FP_PAGE);
		long long page = pf->present && pf->valid ? pf->i : 1;
		size_t pages = (n + REASONS_PER_PAGE - 1) / REASONS_PER_PAGE;
		if (pages == 0)
			pages = 1;
		if ((size_t)page > pages)
			page = (long long)pages;
		size_t from = (size_t)(page - 1) * REASONS_PER_PAGE;
		for (size_t i = from; i < n && i < from + REASONS_PER_PAGE; i++) {
			struct cxm_dict *row = cxm_dict_section(b, "REASON");
			cxm_dict_set_int(row, "LINE", r[i].line);
			cxm_dict_set(row, "FIELD", cxm_import_target_label(req->arena, im.kind, &cf, r[i].field));
			struct cxm_import_reason bare = r[i];
			bare.field = "";
			cxm_dict_set(row, "REASON_TEXT", cxm_import_reason_text(req->arena, im.kind, &cf, &bare));
		}
		if (pages > 1) {
			struct cxm_dict *p = cxm_dict_section(b, "PAGER");
			cxm_dict_set(p, "PAGE_INFO", cxm_printf(req->arena, _("Page %lld of %lld"), page, (long long)pages));
			if (page > 1)
				cxm_dict_set_int(cxm_dict_section(p, "PREV"), "PAGE", page - 1);
			if ((size_t)page < pages)
				cxm_dict_set_int(cxm_dict_section(p, "NEXT"), "PAGE", page + 1);
		}
		if ((long)n < im.errors)
			cxm_dict_set(b, "CAPPED",
			             cxm_printf(req->arena, _("The report lists the problems of the first %zu rows."), n));
	}
	return cxm_page_end(req);
}

static int collect(void *ctx, const char *data, size_t n)
{
	return cxm_resp_write(ctx, data, n);
}

int cxm_page_import_report_csv(struct cxm_req *req)
{
	struct imp im;
	int st = load(req, cxm_field(req, FI_ID)->i, 0, &im);
	if (st != 200)
		return st;
	struct cxm_custom_fields cf = {0};
	if (im.kind == CXM_IMPORT_CLIENTS &&
	    cxm_custom_fields_load(req->db, req->arena, req->session->business_id, &cf) != CXM_OK)
		return 503;
	struct cxm_import_reason *r;
	size_t n = cxm_import_report_parse(req->arena, im.report, &r);
	req->resp_type = "text/csv; charset=utf-8";
	cxm_resp_header(req, "Content-Disposition",
	                cxm_printf(req->arena, "attachment; filename=\"import-%lld-report.csv\"", im.id));
	struct cxm_csv_writer *w = cxm_alloc(req->arena, sizeof(*w));
	cxm_csv_writer_init(w, req->lang == CXM_LANG_RU ? ';' : ',', collect, req);
	cxm_csv_write_bom(w);
	cxm_csv_write_str(w, _("Line"));
	cxm_csv_write_str(w, _("Field"));
	cxm_csv_write_str(w, _("Problem"));
	cxm_csv_end_row(w);
	for (size_t i = 0; i < n; i++) {
		cxm_csv_write_str(w, cxm_printf(req->arena, "%ld", r[i].line));
		cxm_csv_write_str(w, cxm_import_target_label(req->arena, im.kind, &cf, r[i].field));
		struct cxm_import_reason bare = r[i];
		bare.field = "";
		cxm_csv_write_str(w, cxm_import_reason_text(req->arena, im.kind, &cf, &bare));
		cxm_csv_end_row(w);
	}
	cxm_csv_flush(w);
	return 200;
}

int cxm_page_import_retry(struct cxm_req *req)
{
	struct imp im;
	int st = load(req, cxm_field(req, FI_ID)->i, 0, &im);
	if (st != 200)
		return st;
	if (cxm_db_exec(req->db,
	                "UPDATE imports SET status = 'queued', error = NULL, processed_rows = 0,"
	                " started_at = NULL, finished_at = NULL WHERE id = ? AND business_id = ?"
	                " AND status = 'failed'",
	                CXM_PARAMS(CXM_PINT(im.id), CXM_PINT(req->session->business_id)), NULL, NULL) != CXM_OK)
		return 503;
	cxm_resp_redirect(req, 303, import_url(req, im.id, ""));
	return 303;
}

/* ---- the list ------------------------------------------------------------------ */

int cxm_page_imports(struct cxm_req *req)
{
	const struct cxm_field *pf = cxm_field(req, FL_PAGE);
	long long page = pf->present && pf->valid ? pf->i : 1;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT i.id, i.filename, i.kind, i.status, i.total_rows, i.inserted, i.updated,"
	                 " i.error_count, DATE_FORMAT(i.created_at, '%Y-%m-%d %H:%i'), IFNULL(u.email, '')"
	                 " FROM imports i LEFT JOIN users u ON u.id = i.created_by WHERE i.business_id = ?"
	                 " ORDER BY i.id DESC LIMIT ? OFFSET ?",
	                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(LIST_PER_PAGE + 1),
	                            CXM_PINT((page - 1) * LIST_PER_PAGE)),
	                 &r) != CXM_OK)
		return 503;
	struct cxm_dict *d = cxm_page_begin(req, "imports.tpl", _("Imports"));
	if (!r.nrows)
		cxm_dict_show(d, "EMPTY");
	struct cxm_dict *t = r.nrows ? cxm_dict_section(d, "ROWS") : NULL;
	for (size_t i = 0; i < r.nrows && i < LIST_PER_PAGE; i++) {
		struct cxm_dict *row = cxm_dict_section(t, "ROW");
		struct imp im = {.status = cxm_rows_get(&r, i, 3), .errors = (long)cxm_rows_int(&r, i, 7, 0)};
		int interactions = strcmp(cxm_rows_get(&r, i, 2), "interactions") == 0;
		cxm_dict_set(row, "ID", cxm_rows_get(&r, i, 0));
		cxm_dict_set(row, "FILENAME", cxm_rows_get(&r, i, 1));
		cxm_dict_set(row, "KIND_LABEL", _(kind_labels[interactions]));
		cxm_dict_set(row, "STATUS", _(status_label(&im)));
		cxm_dict_set(row, "ROWS", cxm_rows_get(&r, i, 4));
		cxm_dict_set(row, "INSERTED", cxm_rows_get(&r, i, 5));
		cxm_dict_set(row, "UPDATED", cxm_rows_get(&r, i, 6));
		cxm_dict_set(row, "ERRORS", cxm_rows_get(&r, i, 7));
		cxm_dict_set(row, "CREATED", cxm_rows_get(&r, i, 8));
		cxm_dict_set(row, "BY", cxm_rows_get(&r, i, 9));
	}
	if (page > 1 || r.nrows > LIST_PER_PAGE) {
		struct cxm_dict *p = cxm_dict_section(d, "PAGER");
		if (page > 1)
			cxm_dict_set_int(cxm_dict_section(p, "PREV"), "PAGE", page - 1);
		if (r.nrows > LIST_PER_PAGE)
			cxm_dict_set_int(cxm_dict_section(p, "NEXT"), "PAGE", page + 1);
	}
	return cxm_page_end(req);
}
