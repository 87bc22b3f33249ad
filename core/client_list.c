/* Listing and searching the client base; see client_list.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "client.h"
#include "client_list.h"
#include "db.h"
#include "i18n.h"
#include "tz.h"
#include "utf8.h"

/* Pages whose filters are checked row by row read the order's index in
 * blocks of SCAN_BLOCK entries, and at most SCAN_MAX entries per page. */
#define SCAN_BLOCK 2000
#define SCAN_MAX 20000

const char *const cxm_csort_codes[CXM_CS_MAX + 1] = {
	"name_asc", "name_desc", "since_desc", "since_asc",
	"last_desc", "last_asc", "total_desc", "total_asc", NULL,
};
const char *const cxm_csort_labels[CXM_CS_MAX] = {
	N_("Name, A to Z"), N_("Name, Z to A"),
	N_("Client since, newest first"), N_("Client since, oldest first"),
	N_("Last contact, most recent first"), N_("Last contact, longest ago first"),
	N_("Purchases total, highest first"), N_("Purchases total, lowest first"),
};

/* What each order reads. col is the indexed column of index (the index
 * is (business_id, live, col, id)); key is how the key is read into a
 * cursor (full precision) and param how a cursor's key is compared to
 * col. */
enum keytype { K_TEXT, K_DATE, K_TIME, K_AMOUNT };
static const struct {
	const char *col, *index, *key, *param;
	enum keytype type;
	int desc;
} sorts[CXM_CS_MAX] = {
	[CXM_CS_NAME_ASC] = {"c.name", "clients_by_name", "c.name", "?", K_TEXT, 0},
	[CXM_CS_NAME_DESC] = {"c.name", "clients_by_name", "c.name", "?", K_TEXT, 1},
	[CXM_CS_SINCE_DESC] = {"c.first_seen", "clients_by_first_seen",
	                       "DATE_FORMAT(c.first_seen, '%Y-%m-%d')", "?", K_DATE, 1},
	[CXM_CS_SINCE_ASC] = {"c.first_seen", "clients_by_first_seen",
	                      "DATE_FORMAT(c.first_seen, '%Y-%m-%d')", "?", K_DATE, 0},
	[CXM_CS_LAST_DESC] = {"c.last_seen_at", "clients_by_last_seen",
	                      "DATE_FORMAT(c.last_seen_at, '%Y-%m-%d %H:%i:%s.%f')", "?", K_TIME, 1},
	[CXM_CS_LAST_ASC] = {"c.last_seen_at", "clients_by_last_seen",
	                     "DATE_FORMAT(c.last_seen_at, '%Y-%m-%d %H:%i:%s.%f')", "?", K_TIME, 0},
	[CXM_CS_TOTAL_DESC] = {"c.purchases_total", "clients_by_total", "c.purchases_total",
	                       "CAST(? AS DECIMAL(14,2))", K_AMOUNT, 1},
	[CXM_CS_TOTAL_ASC] = {"c.purchases_total", "clients_by_total", "c.purchases_total",
	                      "CAST(? AS DECIMAL(14,2))", K_AMOUNT, 0},
};

int cxm_csort_from_code(const char *code)
{
	for (int s = 0; code && s < CXM_CS_MAX; s++)
		if (strcmp(code, cxm_csort_codes[s]) == 0)
			return s;
	return -1;
}

/* ---- cursors --------------------------------------------------------------- */

char *cxm_ccursor_format(struct cxm_arena *a, long long id, const char *key)
{
	return cxm_printf(a, "%lld:%s", id, key ? key : "");
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

/* "YYYY-MM-DD HH:MM:SS.ffffff" with a real calendar day. */
static int valid_time(const char *s)
{
	struct cxm_arena *a = cxm_arena_new(256);
	int ok = strlen(s) == 26 && s[19] == '.' && all_digits(s + 20, 6);
	if (ok) {
		char *head = cxm_strndup(a, s, 19);
		char *canon = cxm_parse_date(a, head, 1);
		ok = canon && strcmp(canon, head) == 0;
	}
	cxm_arena_free(a);
	return ok;
}

static int valid_date(const char *s)
{
	struct cxm_arena *a = cxm_arena_new(256);
	char *canon = strlen(s) == 10 ? cxm_parse_date(a, s, 0) : NULL;
	int ok = canon && strcmp(canon, s) == 0;
	cxm_arena_free(a);
	return ok;
}

/* An amount as DECIMAL(14,2) prints it: "-"?, 1-12 digits, "." 2 digits. */
static int valid_amount(const char *s)
{
	if (*s == '-')
		s++;
	const char *dot = strchr(s, '.');
	if (!dot)
		return 0;
	size_t whole = (size_t)(dot - s);
	return whole >= 1 && whole <= 12 && all_digits(s, whole) && strlen(dot + 1) == 2 &&
	       all_digits(dot + 1, 2);
}

int cxm_ccursor_parse(enum cxm_csort s, const char *text, struct cxm_ccursor *out)
{
	if (!text || s < 0 || s >= CXM_CS_MAX)
		return -1;
	const char *colon = strchr(text, ':');
	if (!colon || colon == text || colon - text > 19 || !all_digits(text, (size_t)(colon - text)))
		return -1;
	long long id = strtoll(text, NULL, 10);
	if (id <= 0)
		return -1;
	const char *key = colon + 1;
	size_t n = strlen(key);
	int ok = 0;
	switch (sorts[s].type) {
	case K_TEXT:
		ok = cxm_utf8_valid(key, n) && cxm_utf8_length(key, n) <= 200;
		break;
	case K_DATE:
		ok = valid_date(key);
		break;
	case K_TIME:
		ok = valid_time(key);
		break;
	case K_AMOUNT:
		ok = valid_amount(key);
		break;
	}
	if (!ok)
		return -1;
	out->id = id;
	out->key = key;
	return 0;
}

/* ---- the search box ------------------------------------------------------------ */

/* s with LIKE's '%', '_' and the escape '!' escaped, then "%" appended. */
static char *like_prefix(struct cxm_arena *a, const char *s, size_t n)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, n + 8);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' || s[i] == '_' || s[i] == '!')
			cxm_buf_putc(&b, '!');
		cxm_buf_putc(&b, s[i]);
	}
	cxm_buf_putc(&b, '%');
	return b.data;
}

/* The code point at s (valid UTF-8) and its length in bytes. */
static unsigned decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		*len = 2;
		return ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
	}
	if ((s[0] & 0xf0) == 0xe0) {
		*len = 3;
		return ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	}
	*len = 4;
	return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
}

/* A character that can be part of a word of a name: Latin letters and
 * digits, and letters beyond ASCII (Latin-1 and general punctuation,
 * quotes and dashes excluded). Everything else separates words, as it does
 * for the FULLTEXT parser, and none of the boolean-mode operators is a
 * word character. */
static int word_char(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	if (cp < 0xc0 || cp == 0xd7 || cp == 0xf7)
		return 0;
	if (cp >= 0x2000 && cp <= 0x206f)   /* general punctuation: dashes, quotes, ... */
		return 0;
	return 1;
}

static int looks_like_phone(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +-()", *p))
			return 0;
	}
	return digits >= 4;
}

void cxm_csearch_parse(struct cxm_arena *a, const char *q, struct cxm_csearch_terms *out)
{
	memset(out, 0, sizeof(*out));
	if (!q)
		return;
	while (*q == ' ' || *q == '\t')
		q++;
	size_t n = strlen(q);
	while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\t'))
		n--;
	if (n == 0 || !cxm_utf8_valid(q, n))
		return;
	char *t = cxm_strndup(a, q, n);

	if (strchr(t, '@') && !strchr(t, ' ')) {
		for (char *p = t; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		out->kind = CXM_SEARCH_EMAIL;
		out->email_like = like_prefix(a, t, n);
		return;
	}

	if (looks_like_phone(t)) {
		char *d = cxm_alloc(a, n + 1), *rev = cxm_alloc(a, n + 2);
		size_t k = 0;
		for (const char *p = t; *p; p++)
			if (*p >= '0' && *p <= '9')
				d[k++] = *p;
		d[k] = 0;
		for (size_t i = 0; i < k; i++)
			rev[i] = d[k - 1 - i];
		rev[k] = '%';
		rev[k + 1] = 0;
		out->kind = CXM_SEARCH_PHONE;
		out->phone_rev_like = rev;
		out->phone_plus_like = cxm_printf(a, "+%s%%", d);
		out->phone_like = cxm_printf(a, "%s%%", d);
		out->phone_exact = cxm_phone_normalize(a, t);
		return;
	}

	const unsigned char *p = (const unsigned char *)t;
	while (*p && out->nwords < CXM_SEARCH_WORDS) {
		size_t len;
		while (*p && !word_char(decode(p, &len)))
			p += len;
		const unsigned char *start = p;
		while (*p && word_char(decode(p, &len)))
			p += len;
		if (p == start)
			break;
		out->word_like[out->nwords++] = like_prefix(a, (const char *)start, (size_t)(p - start));
	}
	if (out->nwords)
		out->kind = CXM_SEARCH_NAME;
}

/* ---- statements ------------------------------------------------------------------ */

void cxm_cfilter_init(struct cxm_cfilter *f)
{
	memset(f, 0, sizeof(*f));
	f->consent = -1;
}

enum cxm_err cxm_csearch_plan(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              struct cxm_cfilter *f, long long cap)
{
	struct cxm_csearch_terms st;
	cxm_csearch_parse(a, f->q, &st);
	f->name_drive = 0;
	f->name_common = 0;
	if (st.kind != CXM_SEARCH_NAME)
		return CXM_OK;
	long long best = -1;
	for (size_t i = 0; i < st.nwords; i++) {
		struct cxm_rows r;
		enum cxm_err rc = cxm_db_query(
			db, a,
			"SELECT COUNT(*) FROM (SELECT 1 FROM client_words WHERE business_id = ?"
			" AND word LIKE ? ESCAPE '!' LIMIT ?) capped",
			CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(st.word_like[i]), CXM_PINT(cap + 1)), &r);
		if (rc != CXM_OK)
			return rc;
		long long n = cxm_rows_int(&r, 0, 0, 0);
		if (best < 0 || n < best) {
			best = n;
			f->name_drive = (int)i;
		}
	}
	f->name_common = best > cap;
	return CXM_OK;
}

struct builder {
	struct cxm_buf sql;
	struct cxm_sql *out;
	int skip_word;   /* a word of the name search left out of the conditions, or -1 */
};

static void add(struct builder *b, const char *text)
{
	cxm_buf_puts(&b->sql, text);
}

static void param(struct builder *b, struct cxm_param p)
{
	if (b->out->n < CXM_SQL_MAXPARAMS)
		b->out->p[b->out->n] = p;
	b->out->n++;   /* an overflow shows as a parameter count the server refuses */
}

/* " AND <text>" with one text parameter, when v is set. */
static void cond(struct builder *b, const char *text, const char *v)
{
	if (!v)
		return;
	add(b, text);
	param(b, CXM_PSTR(v));
}

/* FROM and WHERE: the business, live or deleted, the search and filters.
 * index: the index the page must read (NULL: the optimizer's choice). */
static void conditions(struct builder *b, struct cxm_arena *a, long long business_id,
                       const struct cxm_cfilter *f);
static void word_page_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                          int desc, const struct cxm_ccursor *from, const struct cxm_ccursor *upto,
                          int keys, long long skip, long long limit, struct cxm_sql *out);

static void where(struct builder *b, struct cxm_arena *a, long long business_id,
                  const struct cxm_cfilter *f, const char *index)
{
	add(b, " FROM clients c");
	if (index)
		cxm_buf_printf(&b->sql, " FORCE INDEX (%s)", index);
	conditions(b, a, business_id, f);
}

void cxm_client_where_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                          const char *before, const struct cxm_param *bp, size_t nbp,
                          struct cxm_sql *out)
{
	struct builder b = {.out = out, .skip_word = -1};
	cxm_buf_init(&b.sql, a, 1024);
	out->n = 0;
	for (size_t i = 0; i < nbp; i++)
		param(&b, bp[i]);
	add(&b, before);
	conditions(&b, a, business_id, f);
	out->text = b.sql.data;
}

/* " WHERE ..." for the business, live or deleted, the search and filters. */
static void conditions(struct builder *b, struct cxm_arena *a, long long business_id,
                       const struct cxm_cfilter *f)
{
	add(b, " WHERE c.business_id = ?");
	param(b, CXM_PINT(business_id));
	add(b, f->deleted ? " AND c.live = 0 AND c.merged_into IS NULL" : " AND c.live = 1");

	struct cxm_csearch_terms st;
	cxm_csearch_parse(a, f->q, &st);
	switch (st.kind) {
	case CXM_SEARCH_EMAIL:
		cond(b, " AND c.email LIKE ? ESCAPE '!'", st.email_like);
		break;
	case CXM_SEARCH_PHONE:
		add(b, " AND (c.phone_rev LIKE ? OR c.phone LIKE ? OR c.phone LIKE ?");
		param(b, CXM_PSTR(st.phone_rev_like));
		param(b, CXM_PSTR(st.phone_plus_like));
		param(b, CXM_PSTR(st.phone_like));
		if (st.phone_exact) {
			add(b, " OR c.phone = ?");
			param(b, CXM_PSTR(st.phone_exact));
		}
		add(b, ")");
		break;
	case CXM_SEARCH_NAME:
		/* The rarest word's matches are where the statement starts, and
		 * the other words are checked per client (a scalar subquery, not
		 * EXISTS or IN: MariaDB would make those a semi-join over all of
		 * the word's matches). In word order (word_page_sql) the rarest
		 * word is the statement's own table and skipped here. */
		for (size_t i = 0; i < st.nwords; i++) {
			if ((int)i == b->skip_word)
				continue;
			if ((int)i == f->name_drive) {
				add(b, " AND c.id IN (SELECT w.client_id FROM client_words w"
				       " WHERE w.business_id = ? AND w.word LIKE ? ESCAPE '!')");
				param(b, CXM_PINT(business_id));
			} else {
				add(b, " AND (SELECT 1 FROM client_words w WHERE w.client_id = c.id"
				       " AND w.word LIKE ? ESCAPE '!' LIMIT 1) IS NOT NULL");
			}
			param(b, CXM_PSTR(st.word_like[i]));
		}
		break;
	case CXM_SEARCH_NONE:
		break;
	}

	cond(b, " AND c.gender = ?", f->gender);
	cond(b, " AND c.age_band = ?", f->age_band);
	cond(b, " AND c.region = ?", f->region);
	cond(b, " AND c.profession = ?", f->profession);
	cond(b, " AND c.source = ?", f->source);
	if (f->consent >= 0) {
		add(b, " AND c.marketing_consent = ?");
		param(b, CXM_PINT(f->consent ? 1 : 0));
	}
	if (f->tag_id < 0) {
		add(b, " AND FALSE");
	} else if (f->tag_id > 0) {
		add(b, " AND EXISTS (SELECT 1 FROM client_tags ct WHERE ct.client_id = c.id"
		       " AND ct.tag_id = ? AND ct.business_id = c.business_id)");
		param(b, CXM_PINT(f->tag_id));
	}
	if (f->attr_field > 0 && f->attr_value) {
		add(b, " AND EXISTS (SELECT 1 FROM client_values cv WHERE cv.client_id = c.id"
		       " AND cv.field_id = ? AND cv.business_id = c.business_id AND ");
		param(b, CXM_PINT(f->attr_field));
		add(b, f->attr_type == CXM_CT_NUMBER ? "cv.num_value = CAST(? AS DECIMAL(20,6)))"
		     : f->attr_type == CXM_CT_DATE   ? "cv.date_value = ?)"
		                                     : "cv.value = ?)");
		param(b, CXM_PSTR(f->attr_value));
	}
	cond(b, " AND c.first_seen >= ?", f->since_from);
	cond(b, " AND c.first_seen <= ?", f->since_to);
	cond(b, " AND c.last_seen_at >= ?", f->last_from);
	cond(b, " AND c.last_seen_at < ?", f->last_to);
}

/* Whether f has a condition on a column outside the order's index (a
 * date range on the order's own column is a bound of the index range). */
static int row_filters(const struct cxm_cfilter *f, enum cxm_csort s)
{
	int since = s == CXM_CS_SINCE_ASC || s == CXM_CS_SINCE_DESC;
	int last = s == CXM_CS_LAST_ASC || s == CXM_CS_LAST_DESC;
	return f->gender || f->age_band || f->region || f->profession || f->source || f->consent >= 0 ||
	       f->tag_id || (f->attr_field > 0 && f->attr_value) ||
	       (!since && (f->since_from || f->since_to)) || (!last && (f->last_from || f->last_to));
}

/* The part of f that bounds the order's index: the live or deleted part,
 * and a date range on the order's own column. */
static void index_part(const struct cxm_cfilter *f, enum cxm_csort s, struct cxm_cfilter *out)
{
	cxm_cfilter_init(out);
	out->deleted = f->deleted;
	if (s == CXM_CS_SINCE_ASC || s == CXM_CS_SINCE_DESC) {
		out->since_from = f->since_from;
		out->since_to = f->since_to;
	}
	if (s == CXM_CS_LAST_ASC || s == CXM_CS_LAST_DESC) {
		out->last_from = f->last_from;
		out->last_to = f->last_to;
	}
}

/* Whether the page reads the order's own index (named, see below). */
static int own_index(struct cxm_arena *a, const struct cxm_cfilter *f)
{
	struct cxm_csearch_terms st;
	cxm_csearch_parse(a, f->q, &st);
	return st.kind == CXM_SEARCH_NONE && (f->tag_id == 0 || (f->tag_id > 0 && f->tag_common));
}

/* " AND (col > key OR (col = key AND id > id))" with op for the
 * direction ('>' or '<', or ">=" style inclusive bound when incl). */
static void keyset(struct builder *b, enum cxm_csort s, const char *op, const struct cxm_ccursor *c,
                   int incl)
{
	cxm_buf_printf(&b->sql, " AND (%s %s %s OR (%s = %s AND c.id %s%s ?))", sorts[s].col, op,
	               sorts[s].param, sorts[s].col, sorts[s].param, op, incl ? "=" : "");
	param(b, CXM_PSTR(c->key));
	param(b, CXM_PSTR(c->key));
	param(b, CXM_PINT(c->id));
}

/* One statement over the order's rows: read forwards or backwards (back),
 * after the cursor `from` (exclusive) and up to `upto` (inclusive), each
 * when set. keys: only id and key, without the filters, skipping `skip`
 * rows (to find where a block of the index ends); else the page's columns
 * with the filters. */
static void page_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                     enum cxm_csort s, int back, const struct cxm_ccursor *from,
                     const struct cxm_ccursor *upto, int keys, long long skip, long long limit,
                     struct cxm_sql *out)
{
	struct builder b = {.out = out, .skip_word = -1};
	out->n = 0;
	cxm_buf_init(&b.sql, a, 1024);
	if (keys)
		add(&b, "SELECT c.id, ");
	else
		add(&b, "SELECT c.id, c.name, c.email, c.phone, c.age_band, c.region, c.city,"
		        " DATE_FORMAT(c.first_seen, '%Y-%m-%d'), DATE_FORMAT(c.last_seen_at, '%Y-%m-%d %H:%i:%s'),"
		        " c.purchases_total, c.interactions_count, c.erased_at IS NOT NULL, ");
	add(&b, sorts[s].key);
	/* Without a search or a rare tag, the order's index is the plan: a
	 * range read from the cursor, in index order, LIMIT rows. It is named
	 * because on a large base MariaDB otherwise takes a ref on
	 * (business_id, live) of the same index and, for a descending read,
	 * starts at the far end of it (docs/clients.md). A search has an
	 * index of its own, and a rare tag's few clients are best found
	 * through client_tags: then the optimizer chooses. */
	struct cxm_cfilter bounds;
	index_part(f, s, &bounds);
	where(&b, a, business_id, keys ? &bounds : f, keys || own_index(a, f) ? sorts[s].index : NULL);
	int desc = sorts[s].desc ^ back;
	if (from)
		keyset(&b, s, desc ? "<" : ">", from, 0);
	if (upto)
		keyset(&b, s, desc ? ">" : "<", upto, 1);
	cxm_buf_printf(&b.sql, " ORDER BY %s %s, c.id %s LIMIT ?", sorts[s].col, desc ? "DESC" : "ASC",
	               desc ? "DESC" : "ASC");
	param(&b, CXM_PINT(limit));
	if (keys) {
		add(&b, " OFFSET ?");
		param(&b, CXM_PINT(skip));
	}
	out->text = b.sql.data;
}

void cxm_client_list_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                         enum cxm_csort s, enum cxm_cpage page, const struct cxm_ccursor *c,
                         long long limit, struct cxm_sql *out)
{
	int back = page == CXM_CP_BEFORE || page == CXM_CP_LAST;
	int cursor = (page == CXM_CP_AFTER || page == CXM_CP_BEFORE) && c;
	if (cxm_client_list_by_word(a, f))
		word_page_sql(a, business_id, f, (s == CXM_CS_NAME_DESC) ^ back, cursor ? c : NULL, NULL, 0, 0,
		              limit, out);
	else
		page_sql(a, business_id, f, s, back, cursor ? c : NULL, NULL, 0, 0, limit, out);
}

int cxm_tcursor_parse(const char *text, struct cxm_ccursor *out)
{
	return cxm_ccursor_parse(CXM_CS_LAST_DESC, text, out);
}

void cxm_timeline_sql(struct cxm_arena *a, long long business_id, long long client_id,
                      const char *kind, enum cxm_cpage page, const struct cxm_ccursor *c,
                      long long limit, struct cxm_sql *out)
{
	struct builder b = {.out = out, .skip_word = -1};
	out->n = 0;
	cxm_buf_init(&b.sql, a, 1024);
	add(&b, "SELECT i.id, i.kind, DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s'), i.channel,"
	        " i.amount, i.currency, s.name, l.name, st.name, i.items, i.text,"
	        " DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s.%f'), i.ref_id"
	        " FROM interactions i FORCE INDEX (interactions_timeline)"
	        " LEFT JOIN services s ON s.id = i.service_id AND s.business_id = i.business_id"
	        " LEFT JOIN locations l ON l.id = i.location_id AND l.business_id = i.business_id"
	        " LEFT JOIN staff st ON st.id = i.staff_id AND st.business_id = i.business_id"
	        " WHERE i.business_id = ? AND i.client_id = ?");
	param(&b, CXM_PINT(business_id));
	param(&b, CXM_PINT(client_id));
	cond(&b, " AND i.kind = ?", kind);
	/* Newest first; reading backwards runs the index the other way. The
	 * index is named: for a client with few interactions the optimizer
	 * would take the foreign key's index on client_id and sort, which is
	 * what a client with thousands cannot afford. */
	int back = page == CXM_CP_BEFORE || page == CXM_CP_LAST;
	if ((page == CXM_CP_AFTER || page == CXM_CP_BEFORE) && c) {
		add(&b, back ? " AND (i.occurred_at > ? OR (i.occurred_at = ? AND i.id > ?))"
		             : " AND (i.occurred_at < ? OR (i.occurred_at = ? AND i.id < ?))");
		param(&b, CXM_PSTR(c->key));
		param(&b, CXM_PSTR(c->key));
		param(&b, CXM_PINT(c->id));
	}
	add(&b, back ? " ORDER BY i.occurred_at ASC, i.id ASC LIMIT ?"
	             : " ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?");
	param(&b, CXM_PINT(limit));
	out->text = b.sql.data;
}

/* Swaps rows i and j of r. */
static void swap_rows(struct cxm_rows *r, size_t i, size_t j)
{
	for (size_t c = 0; c < r->ncols; c++) {
		char *cell = r->cells[i * r->ncols + c];
		size_t len = r->lens[i * r->ncols + c];
		r->cells[i * r->ncols + c] = r->cells[j * r->ncols + c];
		r->lens[i * r->ncols + c] = r->lens[j * r->ncols + c];
		r->cells[j * r->ncols + c] = cell;
		r->lens[j * r->ncols + c] = len;
	}
}

/* Runs a page statement for limit + 1 rows and puts the page in display
 * order; see cxm_client_list. */
static enum cxm_err run_page(struct cxm_db *db, struct cxm_arena *a, const struct cxm_sql *q,
                             enum cxm_cpage page, long long limit, struct cxm_rows *out, int *more)
{
	if (q->n > CXM_SQL_MAXPARAMS)
		return CXM_ERR_INVALID;
	enum cxm_err rc = cxm_db_query(db, a, q->text, q->p, q->n, out);
	if (rc != CXM_OK)
		return rc;
	*more = out->nrows > (size_t)limit;
	if (*more)
		out->nrows = (size_t)limit;
	if (page == CXM_CP_BEFORE || page == CXM_CP_LAST)
		for (size_t i = 0, j = out->nrows; i + 1 < j; i++, j--)
			swap_rows(out, i, j - 1);
	return CXM_OK;
}

enum cxm_err cxm_timeline(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                          long long client_id, const char *kind, enum cxm_cpage page,
                          const struct cxm_ccursor *c, long long limit, struct cxm_rows *out,
                          int *more)
{
	struct cxm_sql q;
	cxm_timeline_sql(a, business_id, client_id, kind, page, c, limit + 1, &q);
	return run_page(db, a, &q, page, limit, out, more);
}

/* Appends the rows of r to the page being gathered in out (cell pointers
 * only; the cells stay in the arena). */
static void gather(struct cxm_arena *a, struct cxm_rows *out, const struct cxm_rows *r)
{
	if (!r->nrows)
		return;
	size_t n = out->nrows + r->nrows, nc = r->ncols;
	char **cells = cxm_alloc(a, sizeof(char *) * n * nc);
	size_t *lens = cxm_alloc(a, sizeof(size_t) * n * nc);
	if (out->nrows) {
		memcpy(cells, out->cells, sizeof(char *) * out->nrows * nc);
		memcpy(lens, out->lens, sizeof(size_t) * out->nrows * nc);
	}
	memcpy(cells + out->nrows * nc, r->cells, sizeof(char *) * r->nrows * nc);
	memcpy(lens + out->nrows * nc, r->lens, sizeof(size_t) * r->nrows * nc);
	out->cells = cells;
	out->lens = lens;
	out->ncols = nc;
	out->names = r->names;
	out->nrows = n;
}

/* A page whose filters are checked row by row: the order's index is read
 * in blocks of SCAN_BLOCK entries, each block's rows filtered, until the
 * page is full or SCAN_MAX entries were read. Then *next is the cursor to
 * go on from (the last entry read) and *partial is set. */
static enum cxm_err scan_page(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              const struct cxm_cfilter *f, enum cxm_csort s, int back,
                              const struct cxm_ccursor *c, long long need, struct cxm_rows *out,
                              struct cxm_ccursor *next, int *partial)
{
	struct cxm_ccursor from = c ? *c : (struct cxm_ccursor){0, NULL};
	int have_from = c != NULL;
	long long read = 0;
	memset(out, 0, sizeof(*out));
	out->ncols = CXM_CL_NCOLS;
	for (;;) {
		struct cxm_sql q;
		struct cxm_rows end, r;
		page_sql(a, business_id, f, s, back, have_from ? &from : NULL, NULL, 1, SCAN_BLOCK - 1, 1, &q);
		enum cxm_err rc = cxm_db_query(db, a, q.text, q.p, q.n, &end);
		if (rc != CXM_OK)
			return rc;
		struct cxm_ccursor upto = {0, NULL};
		if (end.nrows) {
			upto.id = cxm_rows_int(&end, 0, 0, 0);
			upto.key = cxm_rows_get(&end, 0, 1);
		}
		page_sql(a, business_id, f, s, back, have_from ? &from : NULL, end.nrows ? &upto : NULL, 0, 0,
		         need - (long long)out->nrows, &q);
		if (q.n > CXM_SQL_MAXPARAMS)
			return CXM_ERR_INVALID;
		if ((rc = cxm_db_query(db, a, q.text, q.p, q.n, &r)) != CXM_OK)
			return rc;
		gather(a, out, &r);
		if ((long long)out->nrows >= need || !end.nrows)
			return CXM_OK;   /* full, or the end of the index */
		from = upto;
		have_from = 1;
		read += SCAN_BLOCK;
		if (read >= SCAN_MAX) {
			*next = upto;
			*partial = 1;
			return CXM_OK;
		}
	}
}

/* ---- a name search in the matched word's order ---------------------------- */

int cxm_client_list_by_word(struct cxm_arena *a, const struct cxm_cfilter *f)
{
	if (!f->q || !f->name_common)
		return 0;
	struct cxm_csearch_terms st;
	cxm_csearch_parse(a, f->q, &st);
	return st.kind == CXM_SEARCH_NAME && f->name_drive >= 0 && (size_t)f->name_drive < st.nwords;
}

/* " AND (w.word > ? OR (w.word = ? AND w.client_id > ?))" and the like. */
static void word_keyset(struct builder *b, const char *op, const struct cxm_ccursor *c, int incl)
{
	cxm_buf_printf(&b->sql, " AND (w.word %s ? OR (w.word = ? AND w.client_id %s%s ?))", op, op,
	               incl ? "=" : "");
	param(b, CXM_PSTR(c->key));
	param(b, CXM_PSTR(c->key));
	param(b, CXM_PINT(c->id));
}

/* One statement over the rarest word's entries of client_words in their
 * own order (word, client), after `from` and up to `upto` when set. keys:
 * only the entries (client id, word), skipping `skip`, to find where a
 * block ends; else the page's columns, each client once (at the first of
 * its words that match) and with every other condition of f. */
static void word_page_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                          int desc, const struct cxm_ccursor *from, const struct cxm_ccursor *upto,
                          int keys, long long skip, long long limit, struct cxm_sql *out)
{
	struct cxm_csearch_terms st;
	cxm_csearch_parse(a, f->q, &st);
	const char *like = st.word_like[f->name_drive];
	struct builder b = {.out = out, .skip_word = f->name_drive};
	out->n = 0;
	cxm_buf_init(&b.sql, a, 1024);
	if (keys) {
		add(&b, "SELECT w.client_id, w.word FROM client_words w WHERE w.business_id = ?"
		        " AND w.word LIKE ? ESCAPE '!'");
		param(&b, CXM_PINT(business_id));
		param(&b, CXM_PSTR(like));
	} else {
		add(&b, "SELECT c.id, c.name, c.email, c.phone, c.age_band, c.region, c.city,"
		        " DATE_FORMAT(c.first_seen, '%Y-%m-%d'), DATE_FORMAT(c.last_seen_at, '%Y-%m-%d %H:%i:%s'),"
		        " c.purchases_total, c.interactions_count, c.erased_at IS NOT NULL, w.word"
		        " FROM client_words w STRAIGHT_JOIN clients c ON c.id = w.client_id");
		conditions(&b, a, business_id, f);
		add(&b, " AND w.business_id = ? AND w.word LIKE ? ESCAPE '!'"
		        " AND (SELECT 1 FROM client_words w2 WHERE w2.client_id = w.client_id"
		        " AND w2.word LIKE ? ESCAPE '!' AND w2.word < w.word LIMIT 1) IS NULL");
		param(&b, CXM_PINT(business_id));
		param(&b, CXM_PSTR(like));
		param(&b, CXM_PSTR(like));
	}
	if (from)
		word_keyset(&b, desc ? "<" : ">", from, 0);
	if (upto)
		word_keyset(&b, desc ? ">" : "<", upto, 1);
	cxm_buf_printf(&b.sql, " ORDER BY w.word %s, w.client_id %s LIMIT ?", desc ? "DESC" : "ASC",
	               desc ? "DESC" : "ASC");
	param(&b, CXM_PINT(limit));
	if (keys) {
		add(&b, " OFFSET ?");
		param(&b, CXM_PINT(skip));
	}
	out->text = b.sql.data;
}

/* A page in word order: the word's entries read in blocks of SCAN_BLOCK,
 * as scan_page reads an order's index, so a page whose other words or
 * filters match few of them stops after SCAN_MAX entries. */
static enum cxm_err word_page(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              const struct cxm_cfilter *f, int desc, const struct cxm_ccursor *c,
                              long long need, struct cxm_rows *out, struct cxm_ccursor *next,
                              int *partial)
{
	struct cxm_ccursor from = c ? *c : (struct cxm_ccursor){0, NULL};
	int have_from = c != NULL;
	long long read = 0;
	memset(out, 0, sizeof(*out));
	out->ncols = CXM_CL_NCOLS;
	for (;;) {
		struct cxm_sql q;
		struct cxm_rows end, r;
		word_page_sql(a, business_id, f, desc, have_from ? &from : NULL, NULL, 1, SCAN_BLOCK - 1, 1, &q);
		enum cxm_err rc = cxm_db_query(db, a, q.text, q.p, q.n, &end);
		if (rc != CXM_OK)
			return rc;
		struct cxm_ccursor upto = {0, NULL};
		if (end.nrows) {
			upto.id = cxm_rows_int(&end, 0, 0, 0);
			upto.key = cxm_rows_get(&end, 0, 1);
		}
		word_page_sql(a, business_id, f, desc, have_from ? &from : NULL, end.nrows ? &upto : NULL, 0, 0,
		              need - (long long)out->nrows, &q);
		if (q.n > CXM_SQL_MAXPARAMS)
			return CXM_ERR_INVALID;
		if ((rc = cxm_db_query(db, a, q.text, q.p, q.n, &r)) != CXM_OK)
			return rc;
		gather(a, out, &r);
		if ((long long)out->nrows >= need || !end.nrows)
			return CXM_OK;
		from = upto;
		have_from = 1;
		read += SCAN_BLOCK;
		if (read >= SCAN_MAX) {
			*next = upto;
			*partial = 1;
			return CXM_OK;
		}
	}
}

enum cxm_err cxm_client_list(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                             const struct cxm_cfilter *f, enum cxm_csort s, enum cxm_cpage page,
                             const struct cxm_ccursor *c, long long limit, struct cxm_rows *out,
                             int *more, struct cxm_ccursor *next, int *partial)
{
	int back = page == CXM_CP_BEFORE || page == CXM_CP_LAST;
	const struct cxm_ccursor *from = (page == CXM_CP_AFTER || page == CXM_CP_BEFORE) ? c : NULL;
	*partial = 0;
	enum cxm_err rc;
	if (cxm_client_list_by_word(a, f)) {
		int desc = (s == CXM_CS_NAME_DESC) ^ back;
		rc = word_page(db, a, business_id, f, desc, from, limit + 1, out, next, partial);
	} else if (own_index(a, f) && row_filters(f, s)) {
		rc = scan_page(db, a, business_id, f, s, back, from, limit + 1, out, next, partial);
	} else {
		struct cxm_sql q;
		page_sql(a, business_id, f, s, back, from, NULL, 0, 0, limit + 1, &q);
		if (q.n > CXM_SQL_MAXPARAMS)
			return CXM_ERR_INVALID;
		rc = cxm_db_query(db, a, q.text, q.p, q.n, out);
	}
	if (rc != CXM_OK)
		return rc;
	*more = *partial || out->nrows > (size_t)limit;
	if (out->nrows > (size_t)limit)
		out->nrows = (size_t)limit;
	if (!*partial && out->nrows) {
		/* on from the page's edge row in the direction of travel */
		size_t e = out->nrows - 1;
		next->id = cxm_rows_int(out, e, CXM_CL_ID, 0);
		next->key = cxm_rows_get(out, e, CXM_CL_KEY);
	}
	if (back)
		for (size_t i = 0, j = out->nrows; i + 1 < j; i++, j--)
			swap_rows(out, i, j - 1);
	return CXM_OK;
}

void cxm_client_count_sql(struct cxm_arena *a, long long business_id, const struct cxm_cfilter *f,
                          long long cap, struct cxm_sql *out)
{
	struct builder b = {.out = out, .skip_word = -1};
	out->n = 0;
	cxm_buf_init(&b.sql, a, 1024);
	add(&b, "SELECT COUNT(*) FROM (SELECT 1");
	where(&b, a, business_id, f, NULL);
	add(&b, " LIMIT ?) capped");
	param(&b, CXM_PINT(cap + 1));
	out->text = b.sql.data;
}

enum cxm_err cxm_client_count(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              const struct cxm_cfilter *f, long long cap, long long *n)
{
	struct cxm_sql q;
	cxm_client_count_sql(a, business_id, f, cap, &q);
	if (q.n > CXM_SQL_MAXPARAMS)
		return CXM_ERR_INVALID;
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, q.text, q.p, q.n, &r);
	if (rc == CXM_OK)
		*n = cxm_rows_int(&r, 0, 0, 0);
	return rc;
}
