/* Tables written out for download, as CSV or XLSX, a row at a time, so
 * that a million rows never sit in memory.
 *
 * CSV (core/csv.c): UTF-8 with a byte-order mark (Excel then reads
 * Cyrillic right), CRLF, the separator given (';' for Russian-language
 * users, whose Excel expects it; ',' otherwise), and the formula-injection
 * guard on. Output goes to the write callback in 16 KB blocks.
 *
 * XLSX (libxlsxwriter in constant-memory mode): rows go to the library's
 * temporary files in $TMPDIR (or /tmp); the finished workbook is a file
 * made with mkstemp there, which is opened, unlinked and then passed to the
 * write callback in 64 KB blocks. Cells are strings (or numbers for
 * numeric columns): a spreadsheet never evaluates them, so no guard is
 * needed. A sheet holds at most 1,048,575 data rows; further rows go to a
 * next sheet with the header repeated. Strings longer than 32,767
 * characters (Excel's limit) are cut. */
#ifndef CXM_EXPORT_H
#define CXM_EXPORT_H

#include <stddef.h>

#include "csv.h"

enum cxm_export_format { CXM_EXPORT_CSV, CXM_EXPORT_XLSX, CXM_EXPORT_FORMAT_MAX };

struct cxm_export;

/* Starts a table with ncols columns headed headers (copied). numeric[c]
 * (may be NULL) marks columns written as numbers in XLSX. For CSV the
 * mark and header go out at once. The table is malloc'd; cxm_export_finish
 * frees it. NULL when the XLSX temporary file cannot be made (logged). */
struct cxm_export *cxm_export_begin(enum cxm_export_format format, char sep, const char *sheet,
                                    const char *const *headers, const int *numeric, size_t ncols,
                                    cxm_csv_write_fn write, void *ctx);
/* The next cell of the current row (NULL: empty); then end the row. */
void cxm_export_cell(struct cxm_export *x, const char *s);
void cxm_export_end_row(struct cxm_export *x);
/* Data rows written so far. */
unsigned long cxm_export_rows(const struct cxm_export *x);
/* Finishes (XLSX: closes the workbook and sends the file), frees x.
 * Returns 0, or -1 when writing failed (the callback refused, or the
 * workbook could not be written). abandon: just free and remove files. */
int cxm_export_finish(struct cxm_export *x, int abandon);

#endif
