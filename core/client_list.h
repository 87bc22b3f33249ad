/* Listing and searching the client base: one page of clients in any
 * offered order with keyset pagination, the rules of the search box, and
 * the filters. A page starts right after (or ends right before) the edge
 * row of the page the visitor came from, named by a cursor that holds that
 * row's sort key and id, so every page costs one index range read of its
 * own rows whatever its number, and rows with equal keys (ties) are told
 * apart by id. docs/clients.md ("Pages") explains which index each query
 * uses and why.
 *
 * Statements are assembled from fixed fragments in client_list.c; every
 * value travels as a bound parameter. Only the business's rows are read. */
#ifndef CXM_CLIENT_LIST_H
#define CXM_CLIENT_LIST_H

#include <stddef.h>

#include "client.h"
#include "db.h"
#include "err.h"

struct cxm_arena;

/* The orders the list offers; each reads its own index
 * (business_id, live, <column>, id). */
enum cxm_csort {
	CXM_CS_NAME_ASC,
	CXM_CS_NAME_DESC,
	CXM_CS_SINCE_DESC,   /* client since, newest first */
	CXM_CS_SINCE_ASC,
	CXM_CS_LAST_DESC,    /* last contact, most recent first */
	CXM_CS_LAST_ASC,
	CXM_CS_TOTAL_DESC,   /* purchases total, highest first */
	CXM_CS_TOTAL_ASC,
	CXM_CS_MAX
};
extern const char *const cxm_csort_codes[CXM_CS_MAX + 1];  /* "name_asc", ... (URL values), NULL */
extern const char *const cxm_csort_labels[CXM_CS_MAX];  /* msgids */
/* The sort with this code, or -1. */
int cxm_csort_from_code(const char *code);

/* Which page: the first, the one after a cursor (next), the one before a
 * cursor (previous), or the last. */
enum cxm_cpage { CXM_CP_FIRST, CXM_CP_AFTER, CXM_CP_BEFORE, CXM_CP_LAST };

/* The edge row of a page: its id and its sort key as text. */
struct cxm_ccursor {
	long long id;
	const char *key;
};

/* "<id>:<key>" (arena). */
char *cxm_ccursor_format(struct cxm_arena *a, long long id, const char *key);
/* Parses text made by cxm_ccursor_format for sort s; the key must be a
 * value the sort's column can hold (a name of at most 200 characters, a
 * date, a time with microseconds, an amount). Returns 0, or -1 when text
 * is not such a cursor. */
int cxm_ccursor_parse(enum cxm_csort s, const char *text, struct cxm_ccursor *out);

/* What the search box holds, as the conditions it stands for:
 *   an e-mail-looking text (has '@', no spaces): e-mails starting with it;
 *   a phone-looking text (at least 4 digits, nothing but digits, spaces and
 *     "+-()"): numbers ending with those digits (phone_rev prefix), or
 *     starting with them (with or without "+"), or equal to the whole number
 *     as the client form would store it;
 *   anything else: names holding every word as a word prefix (a word of
 *     the name starting with it: client_words.word LIKE 'word%', case and
 *     ё/е ignored by the collation). */
enum cxm_csearch { CXM_SEARCH_NONE, CXM_SEARCH_EMAIL, CXM_SEARCH_PHONE, CXM_SEARCH_NAME };
#define CXM_SEARCH_WORDS 8   /* words of a name search beyond these are ignored */
struct cxm_csearch_terms {
	enum cxm_csearch kind;
	const char *email_like;          /* EMAIL: "prefix%" (LIKE, '!' escapes) */
	const char *phone_rev_like;      /* PHONE: reversed digits + "%" */
	const char *phone_plus_like;     /* PHONE: "+digits%" */
	const char *phone_like;          /* PHONE: "digits%" */
	const char *phone_exact;         /* PHONE: the normalised number, or NULL */
	const char *word_like[CXM_SEARCH_WORDS];  /* NAME: "word%" per word ('!' escapes) */
	size_t nwords;
};
/* Classifies q (NULL or blank: NONE); everything in the arena. */
void cxm_csearch_parse(struct cxm_arena *a, const char *q, struct cxm_csearch_terms *out);

/* The filters of the list; NULL / 0 / -1 means "any". */
struct cxm_cfilter {
	const char *q;                  /* the search box */
	const char *gender, *age_band, *region, *profession, *source;  /* stored codes */
	int consent;                    /* -1 any, 0 without, 1 with marketing consent */
	long long tag_id;               /* 0 any; -1 a tag the business does not have */
	int tag_common;                 /* the tag is on many clients (the caller counted them):
	                                   read the order's index and look the tag up per row */
	int name_drive;                 /* a name search: the word whose matches the statement
	                                   starts from (the rarest: cxm_csearch_plan) */
	int name_common;                /* ... and that word matches more names than can be sorted
	                                   for a page: the list then comes in the order of that
	                                   word's entries (the matched word, then the client),
	                                   read in blocks like a filtered page */
	long long attr_field;           /* custom attribute id, 0 none */
	enum cxm_ctype attr_type;
	const char *attr_value;         /* normalised as cxm_client_check stores it */
	const char *since_from, *since_to;   /* first_seen, YYYY-MM-DD, inclusive */
	const char *last_from, *last_to;     /* last_seen_at, UTC, from inclusive, to exclusive */
	int deleted;                    /* 1: the deleted clients (not merged) instead of the live */
};
/* A filter that lets every live client through. */
void cxm_cfilter_init(struct cxm_cfilter *f);

/* For a name search in f->q, counts each word's matches in the business
 * (at most cap + 1 index entries each) and sets f->name_drive to the
 * rarest word, and f->name_common when even that one matches more than cap
 * names. */
#define CXM_SEARCH_COMMON 5000
enum cxm_err cxm_csearch_plan(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              struct cxm_cfilter *f, long long cap);

/* The columns of a page's rows. */
enum {
	CXM_CL_ID,
	CXM_CL_NAME,
	CXM_CL_EMAIL,
	CXM_CL_PHONE,
	CXM_CL_AGE_BAND,
	CXM_CL_REGION,
	CXM_CL_CITY,
	CXM_CL_FIRST_SEEN,
	CXM_CL_LAST_SEEN,        /* UTC, "YYYY-MM-DD HH:MM:SS" */
	CXM_CL_TOTAL,
	CXM_CL_INTERACTIONS,
	CXM_CL_ERASED,           /* "1" for an erased client */
	CXM_CL_KEY,              /* the sort key, for a cursor */
	CXM_CL_NCOLS
};

/* A statement with its parameters, built in an arena. */
#define CXM_SQL_MAXPARAMS 80
struct cxm_sql {
	const char *text;
	struct cxm_param p[CXM_SQL_MAXPARAMS];
	size_t n;
};

/* The statement for one page (at most limit rows) of the business's
 * clients matching f in order s: page FIRST needs no cursor; AFTER and
 * BEFORE need c. For BEFORE and LAST the rows come in reverse order
 * (cxm_client_list puts them right). */
void cxm_client_list_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                         enum cxm_csort s, enum cxm_cpage page, const struct cxm_ccursor *c,
                         long long limit, struct cxm_sql *out);

/* Whether a page of f comes in the matched word's order rather than s's
 * (a name search whose every word is common): then the cursor keys are
 * words (parse them as for CXM_CS_NAME_ASC) and NAME_DESC reads backwards. */
int cxm_client_list_by_word(struct cxm_arena *a, const struct cxm_cfilter *f);

/* Runs a page: out gets up to limit rows in display order (columns
 * CXM_CL_*); *more says whether further rows may exist in the direction
 * the page was asked for (after the last row for FIRST and AFTER, before
 * the first for BEFORE and LAST), and *next is the cursor that goes on in
 * that direction (its key points into out or the arena).
 *
 * A page whose filters are all on columns outside the order's index
 * (gender, tags, dates, ...) reads that index in blocks and checks each
 * block's rows, and stops after 20 000 index entries even when it has not
 * found limit rows: then *partial is set, the page may hold fewer rows
 * (even none), and *next continues right after the last entry read, so
 * no request scans the whole base and no client is skipped or repeated. */
enum cxm_err cxm_client_list(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                             const struct cxm_cfilter *f, enum cxm_csort s, enum cxm_cpage page,
                             const struct cxm_ccursor *c, long long limit, struct cxm_rows *out,
                             int *more, struct cxm_ccursor *next, int *partial);

/* A statement over every client matching f, in no particular order, for
 * whoever reads them all (the exports): the caller's text `before` (a
 * "SELECT ... FROM clients c [LEFT JOIN ...]" naming the clients table c)
 * with its own parameters bp (nbp of them, at most 40),
 * followed by f's WHERE conditions and their parameters. The text of
 * before must be fixed or built from fixed fragments. */
void cxm_client_where_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                          const char *before, const struct cxm_param *bp, size_t nbp,
                          struct cxm_sql *out);

/* The number of matching clients, counting no further than cap + 1 (so it
 * costs at most cap + 1 index entries): *n > cap means "more than cap". */
void cxm_client_count_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                          long long cap, struct cxm_sql *out);
enum cxm_err cxm_client_count(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              const struct cxm_cfilter *f, long long cap, long long *n);

/* A client's timeline, newest first, in pages with the same kind of
 * cursor: the edge interaction's id and time (UTC with microseconds). */
enum {
	CXM_TL_ID,
	CXM_TL_KIND,
	CXM_TL_OCCURRED,         /* UTC, "YYYY-MM-DD HH:MM:SS" */
	CXM_TL_CHANNEL,
	CXM_TL_AMOUNT,
	CXM_TL_CURRENCY,
	CXM_TL_SERVICE,          /* names, NULL when none */
	CXM_TL_LOCATION,
	CXM_TL_STAFF,
	CXM_TL_ITEMS,
	CXM_TL_TEXT,
	CXM_TL_KEY,
	CXM_TL_REF,              /* what the entry refers to (a survey response's id), NULL: none */
	CXM_TL_NCOLS
};
/* Parses a timeline cursor; 0, or -1 when text is not one. */
int cxm_tcursor_parse(const char *text, struct cxm_ccursor *out);
/* The statement for one page of client_id's interactions (kind: a stored
 * kind name, or NULL for all); BEFORE and LAST come in reverse order. */
void cxm_timeline_sql(struct cxm_arena *a, long long business_id, long long client_id,
                      const char *kind, enum cxm_cpage page, const struct cxm_ccursor *c,
                      long long limit, struct cxm_sql *out);
/* Runs it, as cxm_client_list does (columns CXM_TL_*). */
enum cxm_err cxm_timeline(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                          long long client_id, const char *kind, enum cxm_cpage page,
                          const struct cxm_ccursor *c, long long limit, struct cxm_rows *out,
                          int *more);

#endif
