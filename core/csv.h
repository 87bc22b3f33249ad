/* CSV files (RFC 4180) as spreadsheets write them: reading them a record at
 * a time from a buffer or a FILE (never holding more than one record), and
 * writing them for downloads.
 *
 * Reading: UTF-8, with or without a byte-order mark; fields separated by
 * ';' or ',' (taken from the header line unless given: the one of the two
 * that occurs more often outside quotes, ',' on a tie); records end with
 * CRLF, LF or a lone CR; a field in double quotes may hold separators, line
 * breaks and doubled quotes (""). Empty lines are skipped. The first record
 * is the header: a later record with more fields than it is flagged (extra
 * fields that are all empty are dropped silently, as spreadsheets add
 * them). Physical line numbers are counted from 1 (the header's first
 * line), so a record whose quoted field spans lines is reported at the line
 * where it starts.
 *
 * Writing: fields quoted only when they hold the separator, a quote or a
 * line break; records end with CRLF; an optional byte-order mark so that
 * Excel reads the file as UTF-8. Formula injection defence: a cell that
 * starts with = + - @ (or a tab or CR) would be taken by a spreadsheet as a
 * formula, so the writer puts a single quote ' before it; the reader's
 * cxm_csv_unguard() takes that quote off again, so an exported file
 * imports back unchanged. */
#ifndef CXM_CSV_H
#define CXM_CSV_H

#include <stddef.h>
#include <stdio.h>

/* What can be wrong with the input. The first group flags one record (it
 * is still returned, and reading goes on); the second ends reading. */
enum cxm_csv_error {
	CXM_CSV_OK = 0,
	CXM_CSV_TOO_MANY_FIELDS,   /* more (non-empty) fields than the header */
	CXM_CSV_BAD_UTF8,          /* a field is not valid UTF-8 (or holds a NUL) */
	CXM_CSV_BAD_QUOTE,         /* text after a closing quote ("ab"c) */
	CXM_CSV_FATAL,             /* (marker: the errors below end reading) */
	CXM_CSV_UNTERMINATED,      /* a quoted field never closed */
	CXM_CSV_FIELD_TOO_LONG,    /* a field above CXM_CSV_MAX_FIELD bytes */
	CXM_CSV_TOO_MANY_COLUMNS,  /* a record above CXM_CSV_MAX_FIELDS fields */
	CXM_CSV_UTF16,             /* the file starts with a UTF-16 byte-order mark */
	CXM_CSV_READ_FAILED,       /* the FILE reported an error */
	CXM_CSV_ERROR_MAX
};
/* Stable names for logs and tests ("too_many_fields"), and msgids. */
extern const char *const cxm_csv_error_names[CXM_CSV_ERROR_MAX];
const char *cxm_csv_error_msgid(enum cxm_csv_error e);

#define CXM_CSV_MAX_FIELD (1024 * 1024)
#define CXM_CSV_MAX_FIELDS 2000

struct cxm_csv_reader;

/* One record. The strings are valid until the next cxm_csv_next or
 * cxm_csv_close. */
struct cxm_csv_row {
	size_t n;                 /* number of fields */
	const char *const *f;     /* the fields, NUL-terminated */
	const size_t *len;        /* their lengths in bytes */
	long line;                /* physical line where the record starts */
	enum cxm_csv_error error; /* CXM_CSV_OK or a flag of the first group */
	long error_line;          /* where the flagged problem is */
};

/* A reader over len bytes at data (not copied: they must outlive the
 * reader), or over f (read in 64 KB blocks; the caller closes f). sep is
 * ';' or ',', or 0 to take it from the header. The reader is malloc'd and
 * owned by the caller (cxm_csv_close). Never NULL. */
struct cxm_csv_reader *cxm_csv_open_buf(const char *data, size_t len, char sep);
struct cxm_csv_reader *cxm_csv_open_file(FILE *f, char sep);
void cxm_csv_close(struct cxm_csv_reader *r);

/* Reads the next record: 1 when *row holds one, 0 at the end of input, -1
 * when the input is malformed beyond recovery (cxm_csv_fatal says how and
 * where). */
int cxm_csv_next(struct cxm_csv_reader *r, struct cxm_csv_row *row);
/* The error that ended reading (CXM_CSV_OK when none) and its line. */
enum cxm_csv_error cxm_csv_fatal(const struct cxm_csv_reader *r, long *line);
/* The separator in use (after the first cxm_csv_next when detected). */
char cxm_csv_separator(const struct cxm_csv_reader *r);
/* Bytes consumed so far (for progress over a file of known size). */
size_t cxm_csv_offset(const struct cxm_csv_reader *r);

/* s without the ' that cxm_csv_write_field put before a formula-like
 * cell: "'=1+2" -> "=1+2"; anything else unchanged. */
const char *cxm_csv_unguard(const char *s);

/* ---- writing ----------------------------------------------------------- */

/* Receives the output: returns 0, or -1 when it could not be written (the
 * writer then stops writing and cxm_csv_flush returns -1). */
typedef int (*cxm_csv_write_fn)(void *ctx, const char *data, size_t n);

struct cxm_csv_writer {
	char sep;
	int guard;                /* formula-injection defence (on after init) */
	size_t fields;            /* fields written in the current record */
	cxm_csv_write_fn write;
	void *ctx;
	int failed;
	size_t len;
	char buf[16384];          /* output is passed on in blocks of this size */
};

void cxm_csv_writer_init(struct cxm_csv_writer *w, char sep, cxm_csv_write_fn write, void *ctx);
/* The UTF-8 byte-order mark EF BB BF; call before anything else. */
void cxm_csv_write_bom(struct cxm_csv_writer *w);
/* One field of n bytes (s may be NULL: an empty field). */
void cxm_csv_write_field(struct cxm_csv_writer *w, const char *s, size_t n);
void cxm_csv_write_str(struct cxm_csv_writer *w, const char *s);
/* Ends the record with CRLF. */
void cxm_csv_end_row(struct cxm_csv_writer *w);
/* Passes on what is buffered; 0, or -1 when any write failed. */
int cxm_csv_flush(struct cxm_csv_writer *w);

#endif
