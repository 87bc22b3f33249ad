/* Importing clients and interactions from CSV files: mapping the file's
 * columns to fields, checking every row by the rules of the web forms
 * (cxm_client_check, cxm_interaction_check), and applying the file
 * all-or-nothing.
 *
 * A run reads the file twice, a record at a time (never holding the whole
 * file's rows): the first pass checks every row and matches it to a live
 * client of the business (by external id, then e-mail); if any row is
 * refused, nothing is written and the result lists each refused row's line
 * with its reasons. Otherwise the second pass applies every row in ONE
 * transaction, committed at the end; any database failure or a stop request
 * rolls it all back. Rows that repeat an external id or e-mail of an
 * earlier row, or that reach the same client as an earlier row, are
 * refused. A row whose values equal what is stored is counted "unchanged"
 * and not written, so importing the same file twice changes nothing the
 * second time. Matching and reading back what is stored is done for 100
 * rows per statement.
 *
 * Every query is limited to opts->business_id. */
#ifndef CXM_IMPORT_H
#define CXM_IMPORT_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct cxm_arena;
struct cxm_db;
struct cxm_custom_fields;
struct cxm_import_result;

enum cxm_import_kind { CXM_IMPORT_CLIENTS, CXM_IMPORT_INTERACTIONS, CXM_IMPORT_KIND_MAX };
extern const char *const cxm_import_kind_names[CXM_IMPORT_KIND_MAX];   /* as stored */

/* ---- columns and fields -------------------------------------------------- */

/* A field a column can be mapped to. code is what the mapping names:
 * for clients the profile field codes of client.h and "attr:CODE" for a
 * custom attribute; for interactions "client_external_id", "client_email"
 * and the codes of cxm_ifield_codes. label is a msgid unless custom. */
struct cxm_import_target {
	const char *code;
	const char *label;
	int custom;      /* label is the admin's text, not a msgid */
};
/* Every target of kind (custom attributes of cf included), in the order the
 * mapping page lists them; in the arena. */
size_t cxm_import_targets(struct cxm_arena *a, enum cxm_import_kind kind,
                          const struct cxm_custom_fields *cf, struct cxm_import_target **out);
/* The target code a column headed header maps to by itself (the field's
 * code, an alias of cxm_cfields, a label in either language, a custom
 * attribute's code or label), or NULL. */
const char *cxm_import_automap(struct cxm_arena *a, enum cxm_import_kind kind,
                               const struct cxm_custom_fields *cf, const char *header);
/* The label of a target code for people, translated (custom labels as
 * they are); the code itself when unknown, "" for "". */
const char *cxm_import_target_label(struct cxm_arena *a, enum cxm_import_kind kind,
                                    const struct cxm_custom_fields *cf, const char *code);

/* The mapping text ("header=code" per line, see cxm_import_opts) for a
 * file with these n headers: each column mapped by cxm_import_automap
 * unless overrides (lines "header=code"; code "" ignores the column) names
 * it; two columns that would map to the same field: the first keeps it.
 * In the arena. */
char *cxm_import_mapping_build(struct cxm_arena *a, enum cxm_import_kind kind,
                               const struct cxm_custom_fields *cf, const char *const *headers,
                               size_t n, const char *overrides);

/* The first records of a file, for the mapping page: the header, up to
 * max_sample data rows, and the number of data rows (the whole file is
 * read once). fatal/fatal_line tell a malformed file. Strings in a. */
struct cxm_import_peek {
	size_t ncols;
	const char **headers;
	size_t nsample;
	const char ***sample;      /* nsample rows of ncols (NULL past a short row) */
	long rows;
	char sep;
	int fatal;                 /* enum cxm_csv_error, 0 when none */
	long fatal_line;
};
void cxm_import_peek(struct cxm_arena *a, const char *data, size_t len, char sep, size_t max_sample,
                     struct cxm_import_peek *out);

/* ---- running ------------------------------------------------------------- */

enum cxm_import_phase { CXM_IMPORT_CHECKING, CXM_IMPORT_APPLYING };

struct cxm_import_opts {
	enum cxm_import_kind kind;
	long long business_id;
	const char *timezone;     /* the business's, for interaction times */
	const char *currency;     /* the business's default currency */
	char sep;                 /* ';' or ',', 0: from the header */
	/* "header=code" per line (the last '=' splits; a header listed twice
	 * maps its first and second columns in turn; code "" ignores the
	 * column). NULL: every column mapped by cxm_import_automap. Columns
	 * the mapping does not name are ignored. Lines starting with '#' are
	 * not mappings; a first line "#sep=;" or "#sep=," gives the separator
	 * when sep is 0 (the web import keeps the user's choice there). */
	const char *mapping;
	int dry_run;              /* check only */
	long total;               /* data rows, when known, for progress */
	/* Called every 1000 rows of each pass and at the end of each. */
	void (*progress)(void *ctx, enum cxm_import_phase phase, long done, long total);
	void *progress_ctx;
	volatile sig_atomic_t *stop;   /* when set, the run is abandoned */
	long long created_by;     /* user id recorded on imported interactions (0: none) */
	/* Called inside the transaction just before it is committed (res has
	 * the final counts); a failure rolls everything back. The job runner
	 * records the import as done here, so the data and its status commit
	 * together. */
	enum cxm_err (*before_commit)(void *ctx, const struct cxm_import_result *res);
	void *commit_ctx;
};

/* Where the file is: len bytes at data, or a seekable FILE (rewound for
 * the second pass). */
struct cxm_import_source {
	const char *data;
	size_t len;
	FILE *f;
};

/* One reason a row was refused: field is a target code ("" for the row as
 * a whole), msgid untranslated; when the msgid has a "%ld", arg fills it
 * (the line of an earlier row). */
struct cxm_import_reason {
	long line;
	const char *field;
	const char *msgid;
	long arg;
};

enum cxm_import_status {
	CXM_IMPORT_APPLIED,       /* every row written, committed */
	CXM_IMPORT_CHECKED,       /* dry run: every row would be accepted */
	CXM_IMPORT_REFUSED,       /* some rows refused: nothing written */
	CXM_IMPORT_FAILED,        /* the file, the mapping or the database failed: nothing written */
	CXM_IMPORT_INTERRUPTED,   /* stopped on request: nothing written */
	CXM_IMPORT_STATUS_MAX
};

#define CXM_IMPORT_MAX_REASONS 10000

struct cxm_import_result {
	enum cxm_import_status status;
	long rows;                /* data rows read (blank rows not counted) */
	long inserted, updated, unchanged;
	long bad_rows;            /* rows refused (all of them, however many) */
	struct cxm_import_reason *reasons;   /* the first CXM_IMPORT_MAX_REASONS */
	size_t nreasons;
	long reasons_dropped;     /* reasons beyond the cap */
	const char *failure;      /* FAILED: a msgid (may hold one "%ld": failure_line) */
	long failure_line;        /* the line of a malformed file, 0 when none */
};

/* Runs an import (see the top of this file). The result's strings are in
 * a. Returns CXM_OK whatever became of the rows (see res->status);
 * CXM_ERR_DB when the database failed (res->status FAILED, rolled back). */
enum cxm_err cxm_import_run(struct cxm_db *db, struct cxm_arena *a, const struct cxm_import_opts *o,
                            const struct cxm_import_source *src, struct cxm_import_result *res);

/* A reason as people read it, in the current language: "E-mail: Enter a
 * valid e-mail address…" (target label, then the message), in a. */
const char *cxm_import_reason_text(struct cxm_arena *a, enum cxm_import_kind kind,
                                   const struct cxm_custom_fields *cf,
                                   const struct cxm_import_reason *r);
/* A failure (res->failure and failure_line) in the current language. A
 * failure about a field is stored as "MSGID<TAB>CODE". */
const char *cxm_import_failure_text(struct cxm_arena *a, enum cxm_import_kind kind,
                                    const struct cxm_custom_fields *cf, const char *msgid, long line);

/* The stored form of reasons (imports.report): one "LINE\tFIELD\tMSGID\tARG"
 * per line. Serialise into a; parse back (unknown msgids with a '%' are
 * dropped: only the engine's own formats are ever filled in). */
char *cxm_import_report_format(struct cxm_arena *a, const struct cxm_import_reason *r, size_t n);
size_t cxm_import_report_parse(struct cxm_arena *a, const char *text,
                               struct cxm_import_reason **out);

#endif
