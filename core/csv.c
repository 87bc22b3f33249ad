/* CSV reading and writing; see csv.h. The reader is a byte-at-a-time state
 * machine over a block (the whole buffer, or 64 KB of the file at a time);
 * one record's fields are kept in one growing buffer reused for the next. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "i18n.h"
#include "utf8.h"

#define BLOCK (64 * 1024)

const char *const cxm_csv_error_names[CXM_CSV_ERROR_MAX] = {
	"ok", "too_many_fields", "bad_utf8", "bad_quote", "fatal", "unterminated",
	"field_too_long", "too_many_columns", "utf16", "read_failed",
};

const char *cxm_csv_error_msgid(enum cxm_csv_error e)
{
	switch (e) {
	case CXM_CSV_OK:
	case CXM_CSV_FATAL:
	case CXM_CSV_ERROR_MAX:
		return "";
	case CXM_CSV_TOO_MANY_FIELDS: return N_("The row has more columns than the header.");
	case CXM_CSV_BAD_UTF8: return N_("The row is not valid UTF-8 text; save the file as CSV UTF-8.");
	case CXM_CSV_BAD_QUOTE: return N_("Text follows a closing quote; put the whole field in quotes and double the quotes inside it.");
	case CXM_CSV_UNTERMINATED: return N_("A quoted field starting here is never closed.");
	case CXM_CSV_FIELD_TOO_LONG: return N_("A field is longer than 1 MB.");
	case CXM_CSV_TOO_MANY_COLUMNS: return N_("The row has more than 2000 columns.");
	case CXM_CSV_UTF16: return N_("The file is in UTF-16; save it as CSV UTF-8.");
	case CXM_CSV_READ_FAILED: return N_("The file could not be read.");
	}
	return "";
}

struct cxm_csv_reader {
	const char *data;   /* current block */
	size_t len, pos;
	size_t consumed;    /* bytes of earlier blocks */
	FILE *f;            /* NULL for a buffer */
	char *block;        /* our block buffer for f */
	int started;        /* byte-order mark handled */
	char sep;
	long line;
	size_t header_n;
	int have_header;
	/* the current record */
	char *rec;
	size_t rec_len, rec_cap;
	size_t *starts, *lens;
	const char **ptrs;
	size_t nfields, fields_cap;
	enum cxm_csv_error fatal;
	long fatal_line;
};

static struct cxm_csv_reader *reader_new(char sep)
{
	struct cxm_csv_reader *r = cxm_xcalloc(1, sizeof(*r));
	r->sep = sep == ';' || sep == ',' ? sep : 0;
	r->line = 1;
	r->rec_cap = 1024;
	r->rec = cxm_xmalloc(r->rec_cap);
	r->fields_cap = 32;
	r->starts = cxm_xmalloc(sizeof(size_t) * r->fields_cap);
	r->lens = cxm_xmalloc(sizeof(size_t) * r->fields_cap);
	r->ptrs = cxm_xmalloc(sizeof(char *) * r->fields_cap);
	return r;
}

struct cxm_csv_reader *cxm_csv_open_buf(const char *data, size_t len, char sep)
{
	struct cxm_csv_reader *r = reader_new(sep);
	r->data = data ? data : "";
	r->len = data ? len : 0;
	return r;
}

struct cxm_csv_reader *cxm_csv_open_file(FILE *f, char sep)
{
	struct cxm_csv_reader *r = reader_new(sep);
	r->f = f;
	r->block = cxm_xmalloc(BLOCK);
	r->data = r->block;
	return r;
}

void cxm_csv_close(struct cxm_csv_reader *r)
{
	if (!r)
		return;
	free(r->block);
	free(r->rec);
	free(r->starts);
	free(r->lens);
	free(r->ptrs);
	free(r);
}

/* Reads the next block of the file; 0 at its end (or on an error, which
 * sets fatal). */
static int refill(struct cxm_csv_reader *r)
{
	if (!r->f || r->fatal)
		return 0;
	r->consumed += r->len;
	r->pos = r->len = 0;
	size_t n = fread(r->block, 1, BLOCK, r->f);
	if (n == 0 && ferror(r->f)) {
		r->fatal = CXM_CSV_READ_FAILED;
		r->fatal_line = r->line;
	}
	r->len = n;
	return n > 0;
}

static inline int peekb(struct cxm_csv_reader *r)
{
	if (r->pos == r->len && !refill(r))
		return -1;
	return (unsigned char)r->data[r->pos];
}

static inline int getb(struct cxm_csv_reader *r)
{
	if (r->pos == r->len && !refill(r))
		return -1;
	return (unsigned char)r->data[r->pos++];
}

/* Picks the separator from the header: the more frequent of ';' and ','
 * outside quotes in the first record (as much of it as the block holds). */
static char detect(const struct cxm_csv_reader *r)
{
	size_t semi = 0, comma = 0;
	int quoted = 0;
	for (size_t i = r->pos; i < r->len; i++) {
		char c = r->data[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ';')
			semi++;
		else if (!quoted && c == ',')
			comma++;
	}
	return semi > comma ? ';' : ',';
}

static void set_fatal(struct cxm_csv_reader *r, enum cxm_csv_error e, long line)
{
	if (!r->fatal) {
		r->fatal = e;
		r->fatal_line = line;
	}
}

/* Appends a byte to the current field; 0 when the field grew too long. */
static int put(struct cxm_csv_reader *r, char c, size_t field_start, long line)
{
	if (r->rec_len - field_start >= CXM_CSV_MAX_FIELD) {
		set_fatal(r, CXM_CSV_FIELD_TOO_LONG, line);
		return 0;
	}
	if (r->rec_len + 2 > r->rec_cap) {
		r->rec_cap *= 2;
		r->rec = cxm_xrealloc(r->rec, r->rec_cap);
	}
	r->rec[r->rec_len++] = c;
	return 1;
}

static void flag(struct cxm_csv_row *row, enum cxm_csv_error e, long line)
{
	if (row->error == CXM_CSV_OK) {
		row->error = e;
		row->error_line = line;
	}
}

/* Consumes the rest of a line break whose first byte c was just read. */
static void end_of_line(struct cxm_csv_reader *r, int c)
{
	r->line++;
	if (c == '\r' && peekb(r) == '\n')
		r->pos++;
}

int cxm_csv_next(struct cxm_csv_reader *r, struct cxm_csv_row *row)
{
	memset(row, 0, sizeof(*row));
	if (r->fatal)
		return -1;
	if (!r->started) {
		r->started = 1;
		int c0 = peekb(r);
		if (c0 == 0xef && r->len - r->pos >= 3 && (unsigned char)r->data[r->pos + 1] == 0xbb &&
		    (unsigned char)r->data[r->pos + 2] == 0xbf)
			r->pos += 3;
		else if ((c0 == 0xff || c0 == 0xfe) && r->len - r->pos >= 2 &&
		         (unsigned char)r->data[r->pos + 1] == (c0 == 0xff ? 0xfe : 0xff)) {
			set_fatal(r, CXM_CSV_UTF16, 1);
			return -1;
		}
		if (!r->sep)
			r->sep = detect(r);
	}
	/* skip empty lines */
	for (;;) {
		int c = peekb(r);
		if (c == '\n' || c == '\r') {
			r->pos++;
			end_of_line(r, c);
			continue;
		}
		if (c < 0)
			return r->fatal ? -1 : 0;
		break;
	}
	row->line = r->line;
	r->rec_len = 0;
	r->nfields = 0;
	int end = 0;
	while (!end) {
		if (r->nfields == CXM_CSV_MAX_FIELDS) {
			set_fatal(r, CXM_CSV_TOO_MANY_COLUMNS, row->line);
			return -1;
		}
		size_t start = r->rec_len;
		long start_line = r->line;
		int c = getb(r);
		if (c == '"') {
			for (;;) {
				c = getb(r);
				if (c < 0) {
					set_fatal(r, CXM_CSV_UNTERMINATED, start_line);
					return -1;
				}
				if (c == '"') {
					if (peekb(r) != '"')
						break;
					r->pos++;
				} else if (c == '\n' || c == '\r') {
					r->line++;
					if (c == '\r' && peekb(r) == '\n') {
						if (!put(r, '\r', start, start_line))
							return -1;
						r->pos++;
						c = '\n';
					}
				}
				if (!put(r, (char)c, start, start_line))
					return -1;
			}
			c = getb(r);
			if (c >= 0 && c != r->sep && c != '\n' && c != '\r') {
				flag(row, CXM_CSV_BAD_QUOTE, r->line);
				/* keep the rest as plain text up to the separator */
				while (c >= 0 && c != r->sep && c != '\n' && c != '\r') {
					if (!put(r, (char)c, start, start_line))
						return -1;
					c = getb(r);
				}
			}
		} else {
			while (c >= 0 && c != r->sep && c != '\n' && c != '\r') {
				if (!put(r, (char)c, start, start_line))
					return -1;
				c = getb(r);
			}
		}
		if (r->fatal)
			return -1;
		/* c is now the separator, a line break or the end */
		if (c != r->sep) {
			end = 1;
			if (c == '\n' || c == '\r')
				end_of_line(r, c);
		}
		if (r->nfields == r->fields_cap) {
			r->fields_cap *= 2;
			r->starts = cxm_xrealloc(r->starts, sizeof(size_t) * r->fields_cap);
			r->lens = cxm_xrealloc(r->lens, sizeof(size_t) * r->fields_cap);
			r->ptrs = cxm_xrealloc(r->ptrs, sizeof(char *) * r->fields_cap);
		}
		size_t flen = r->rec_len - start;
		if (!put(r, '\0', start, start_line))
			return -1;
		if (!cxm_utf8_valid(r->rec + start, flen))
			flag(row, CXM_CSV_BAD_UTF8, start_line);
		r->starts[r->nfields] = start;
		r->lens[r->nfields] = flen;
		r->nfields++;
	}
	if (!r->have_header) {
		r->have_header = 1;
		r->header_n = r->nfields;
	} else if (r->nfields > r->header_n) {
		int extra = 0;
		for (size_t i = r->header_n; i < r->nfields; i++)
			extra |= r->lens[i] != 0;
		if (extra)
			flag(row, CXM_CSV_TOO_MANY_FIELDS, row->line);
		else
			r->nfields = r->header_n;
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->rec + r->starts[i];
	row->n = r->nfields;
	row->f = r->ptrs;
	row->len = r->lens;
	return 1;
}

enum cxm_csv_error cxm_csv_fatal(const struct cxm_csv_reader *r, long *line)
{
	if (line)
		*line = r->fatal_line;
	return r->fatal;
}

char cxm_csv_separator(const struct cxm_csv_reader *r)
{
	return r->sep;
}

size_t cxm_csv_offset(const struct cxm_csv_reader *r)
{
	return r->consumed + r->pos;
}

static int formula_like(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

const char *cxm_csv_unguard(const char *s)
{
	if (s && s[0] == '\'' && formula_like(s[1]))
		return s + 1;
	return s;
}

/* ---- writing ------------------------------------------------------------- */

void cxm_csv_writer_init(struct cxm_csv_writer *w, char sep, cxm_csv_write_fn write, void *ctx)
{
	memset(w, 0, offsetof(struct cxm_csv_writer, buf));
	w->sep = sep;
	w->guard = 1;
	w->write = write;
	w->ctx = ctx;
}

static void out(struct cxm_csv_writer *w, const char *s, size_t n)
{
	while (n > 0 && !w->failed) {
		size_t room = sizeof(w->buf) - w->len;
		size_t k = n < room ? n : room;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
		if (w->len == sizeof(w->buf))
			cxm_csv_flush(w);
	}
}

int cxm_csv_flush(struct cxm_csv_writer *w)
{
	if (!w->failed && w->len > 0 && w->write(w->ctx, w->buf, w->len) != 0)
		w->failed = 1;
	w->len = 0;
	return w->failed ? -1 : 0;
}

void cxm_csv_write_bom(struct cxm_csv_writer *w)
{
	out(w, "\xef\xbb\xbf", 3);
}

void cxm_csv_write_field(struct cxm_csv_writer *w, const char *s, size_t n)
{
	if (w->fields++)
		out(w, &w->sep, 1);
	if (!s || n == 0)
		return;
	int quote = 0;
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == w->sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (quote)
		out(w, "\"", 1);
	if (w->guard && formula_like(s[0]))
		out(w, "'", 1);
	if (!quote) {
		out(w, s, n);
		return;
	}
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"') {
			out(w, s + from, i + 1 - from);
			out(w, "\"", 1);
			from = i + 1;
		}
	}
	out(w, s + from, n - from);
	out(w, "\"", 1);
}

void cxm_csv_write_str(struct cxm_csv_writer *w, const char *s)
{
	cxm_csv_write_field(w, s, s ? strlen(s) : 0);
}

void cxm_csv_end_row(struct cxm_csv_writer *w)
{
	out(w, "\r\n", 2);
	w->fields = 0;
}
