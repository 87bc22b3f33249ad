/* CSV and XLSX tables; see export.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "csv.h"
#include "export.h"
#include "log.h"
#include "utf8.h"

#define SHEET_ROWS 1048576      /* Excel's rows per sheet, header included */
#define CELL_CHARS 32767

struct cxm_export {
	enum cxm_export_format format;
	size_t ncols, col;
	char **headers;
	int *numeric;
	unsigned long rows;
	cxm_csv_write_fn write;
	void *ctx;
	/* CSV */
	struct cxm_csv_writer *csv;
	/* XLSX */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	char path[4096];
	char tmpdir[4096];
	char sheet[32];
	int nsheets;
	lxw_row_t row;          /* next row on the current sheet */
	int failed;
};

static const char *tmp_dir(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

/* Adds a sheet ("Clients", "Clients 2", ...) and writes the header on it. */
static int new_sheet(struct cxm_export *x)
{
	char name[64];
	x->nsheets++;
	if (x->nsheets == 1)
		snprintf(name, sizeof(name), "%.20s", x->sheet);
	else
		snprintf(name, sizeof(name), "%.20s %d", x->sheet, x->nsheets);
	x->ws = workbook_add_worksheet(x->wb, name);
	if (!x->ws)
		return -1;
	for (size_t c = 0; c < x->ncols; c++)
		worksheet_write_string(x->ws, 0, (lxw_col_t)c, x->headers[c], x->bold);
	x->row = 1;
	return 0;
}

struct cxm_export *cxm_export_begin(enum cxm_export_format format, char sep, const char *sheet,
                                    const char *const *headers, const int *numeric, size_t ncols,
                                    cxm_csv_write_fn write, void *ctx)
{
	struct cxm_export *x = cxm_xcalloc(1, sizeof(*x));
	x->format = format;
	x->ncols = ncols;
	x->write = write;
	x->ctx = ctx;
	x->headers = cxm_xcalloc(ncols + 1, sizeof(char *));
	x->numeric = cxm_xcalloc(ncols + 1, sizeof(int));
	for (size_t c = 0; c < ncols; c++) {
		x->headers[c] = cxm_xstrdup(headers[c]);
		x->numeric[c] = numeric ? numeric[c] : 0;
	}
	if (format == CXM_EXPORT_CSV) {
		x->csv = cxm_xmalloc(sizeof(*x->csv));
		cxm_csv_writer_init(x->csv, sep, write, ctx);
		cxm_csv_write_bom(x->csv);
		for (size_t c = 0; c < ncols; c++)
			cxm_csv_write_str(x->csv, headers[c]);
		cxm_csv_end_row(x->csv);
		return x;
	}
	snprintf(x->sheet, sizeof(x->sheet), "%s", sheet ? sheet : "Sheet");
	snprintf(x->tmpdir, sizeof(x->tmpdir), "%.4000s", tmp_dir());
	snprintf(x->path, sizeof(x->path), "%.4000s/cxm-export-XXXXXX", x->tmpdir);
	int fd = mkstemp(x->path);
	if (fd < 0) {
		cxm_error("export: cannot create a temporary file in %s: %s", x->tmpdir, strerror(errno));
		x->path[0] = 0;
		cxm_export_finish(x, 1);
		return NULL;
	}
	close(fd);
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = x->tmpdir, .use_zip64 = LXW_FALSE};
	x->wb = workbook_new_opt(x->path, &opts);
	if (!x->wb) {
		cxm_error("export: libxlsxwriter cannot start a workbook in %s", x->tmpdir);
		cxm_export_finish(x, 1);
		return NULL;
	}
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	if (new_sheet(x) != 0) {
		cxm_export_finish(x, 1);
		return NULL;
	}
	return x;
}

void cxm_export_cell(struct cxm_export *x, const char *s)
{
	if (x->col >= x->ncols)
		return;
	size_t c = x->col++;
	if (x->format == CXM_EXPORT_CSV) {
		cxm_csv_write_str(x->csv, s);
		return;
	}
	if (!s || !*s)
		return;
	if (x->numeric[c]) {
		char *end;
		double v = strtod(s, &end);
		if (*end == 0) {
			worksheet_write_number(x->ws, x->row, (lxw_col_t)c, v, NULL);
			return;
		}
	}
	size_t n = strlen(s);
	if (cxm_utf8_length(s, n) > CELL_CHARS) {
		/* cut at a character boundary */
		size_t chars = 0, i = 0;
		while (i < n && chars < CELL_CHARS) {
			i++;
			while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
				i++;
			chars++;
		}
		char *cut = cxm_xmalloc(i + 1);
		memcpy(cut, s, i);
		cut[i] = 0;
		worksheet_write_string(x->ws, x->row, (lxw_col_t)c, cut, NULL);
		free(cut);
		return;
	}
	worksheet_write_string(x->ws, x->row, (lxw_col_t)c, s, NULL);
}

void cxm_export_end_row(struct cxm_export *x)
{
	while (x->col < x->ncols)
		cxm_export_cell(x, NULL);
	x->col = 0;
	x->rows++;
	if (x->format == CXM_EXPORT_CSV) {
		cxm_csv_end_row(x->csv);
		return;
	}
	if (++x->row == SHEET_ROWS && new_sheet(x) != 0)
		x->failed = 1;
}

unsigned long cxm_export_rows(const struct cxm_export *x)
{
	return x->rows;
}

int cxm_export_finish(struct cxm_export *x, int abandon)
{
	int rc = 0;
	if (x->format == CXM_EXPORT_CSV) {
		rc = abandon ? 0 : cxm_csv_flush(x->csv);
		free(x->csv);
	} else {
		if (x->wb) {
			lxw_error e = workbook_close(x->wb);
			if (e != LXW_NO_ERROR && !abandon) {
				cxm_error("export: the workbook could not be written: %s", lxw_strerror(e));
				rc = -1;
			}
		}
		FILE *f = x->path[0] ? fopen(x->path, "rb") : NULL;
		if (x->path[0])
			unlink(x->path);   /* gone from the disk once we close it */
		if (!abandon && rc == 0 && !x->failed) {
			if (!f) {
				rc = -1;
			} else {
				char *buf = cxm_xmalloc(64 * 1024);
				size_t n;
				while (rc == 0 && (n = fread(buf, 1, 64 * 1024, f)) > 0)
					if (x->write(x->ctx, buf, n) != 0)
						rc = -1;
				if (ferror(f))
					rc = -1;
				free(buf);
			}
		}
		if (x->failed)
			rc = -1;
		if (f)
			fclose(f);
	}
	for (size_t c = 0; c < x->ncols; c++)
		free(x->headers[c]);
	free(x->headers);
	free(x->numeric);
	free(x);
	return rc;
}
