/* The client list's statements (core/client_list.c) against a real,
 * migrated database: cursors and the search box's rules (pure), keyset
 * pagination that returns every client exactly once in every order,
 * forwards and backwards, over keys with many ties; the same for a
 * client's timeline; the capped count; and, on a few thousand generated
 * clients and interactions, that each statement reads the index it was
 * written for (EXPLAIN), as docs/clients.md says. The HTTP suite
 * (tests/http/test_clients.c) covers the same through the pages. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "client_list.h"
#include "db.h"
#include "harness.h"

static char *dsn;
static struct cxm_db *db;
static struct cxm_arena *arena;

static void setup(void)
{
	dsn = th_db_create_migrated("clist");
	db = th_db_connect(dsn);
	arena = cxm_arena_new(1 << 16);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
	free(dsn);
}

static void sql_exec(const char *sql, const struct cxm_param *p, size_t n)
{
	enum cxm_err rc = cxm_db_exec(db, sql, p, n, NULL, NULL);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(db));
}

static long long sql_insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	enum cxm_err rc = cxm_db_exec(db, sql, p, n, NULL, &id);
	ck_assert_msg(rc == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

static long long make_business(const char *slug)
{
	return sql_insert("INSERT INTO businesses (slug, name) VALUES (?, ?)",
	                  CXM_PARAMS(CXM_PSTR(slug), CXM_PSTR(slug)));
}

/* ---- pure parts ------------------------------------------------------------ */

START_TEST(cursors)
{
	struct cxm_ccursor c;
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_NAME_ASC, "12:Anna: Petrova", &c), 0);
	ck_assert_int_eq(c.id, 12);
	ck_assert_str_eq(c.key, "Anna: Petrova");
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_NAME_DESC, "7:", &c), 0);   /* an erased client's '' */
	ck_assert_str_eq(c.key, "");
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_SINCE_ASC, "5:2024-02-29", &c), 0);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_SINCE_ASC, "5:2023-02-29", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_SINCE_ASC, "5:2024-2-1", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_LAST_DESC, "9:2024-05-01 10:20:30.000123", &c), 0);
	ck_assert_str_eq(c.key, "2024-05-01 10:20:30.000123");
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_LAST_DESC, "9:2024-05-01 10:20:30", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_LAST_DESC, "9:2024-05-01 25:20:30.000000", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_TOTAL_ASC, "3:1200.50", &c), 0);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_TOTAL_ASC, "3:0.00", &c), 0);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_TOTAL_ASC, "3:12", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_TOTAL_ASC, "3:1e5.00", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_NAME_ASC, "0:x", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_NAME_ASC, ":x", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_NAME_ASC, "x:1", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_NAME_ASC, "12345678901234567890:x", &c), -1);
	ck_assert_int_eq(cxm_ccursor_parse(CXM_CS_NAME_ASC, "no colon", &c), -1);
	ck_assert_str_eq(cxm_ccursor_format(arena, 42, "Вера"), "42:Вера");
	ck_assert_int_eq(cxm_tcursor_parse("8:2025-01-01 00:00:00.000000", &c), 0);
	ck_assert_int_eq(cxm_tcursor_parse("8:2025-01-01", &c), -1);
	ck_assert_int_eq(cxm_csort_from_code("total_desc"), CXM_CS_TOTAL_DESC);
	ck_assert_int_eq(cxm_csort_from_code("total"), -1);
}
END_TEST

START_TEST(search_rules)
{
	struct cxm_csearch_terms t;
	cxm_csearch_parse(arena, "  ", &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_NONE);
	cxm_csearch_parse(arena, NULL, &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_NONE);

	cxm_csearch_parse(arena, " Anna_P@Mail ", &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_EMAIL);
	ck_assert_str_eq(t.email_like, "anna!_p@mail%");

	cxm_csearch_parse(arena, "4567", &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_PHONE);
	ck_assert_str_eq(t.phone_rev_like, "7654%");
	ck_assert_str_eq(t.phone_plus_like, "+4567%");
	ck_assert_str_eq(t.phone_like, "4567%");
	ck_assert_ptr_null(t.phone_exact);
	cxm_csearch_parse(arena, "+375 (29) 123-45-67", &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_PHONE);
	ck_assert_str_eq(t.phone_rev_like, "765432192573%");
	ck_assert_str_eq(t.phone_exact, "+375291234567");
	cxm_csearch_parse(arena, "8 029 123 45 67", &t);
	ck_assert_str_eq(t.phone_exact, "+375291234567");

	/* three digits are not a phone: a name word */
	cxm_csearch_parse(arena, "123", &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_NAME);
	ck_assert_uint_eq(t.nwords, 1);
	ck_assert_str_eq(t.word_like[0], "123%");

	/* every word, short or long, is a word prefix */
	cxm_csearch_parse(arena, "Анна Ив", &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_NAME);
	ck_assert_uint_eq(t.nwords, 2);
	ck_assert_str_eq(t.word_like[0], "Анна%");
	ck_assert_str_eq(t.word_like[1], "Ив%");

	/* operators and LIKE's wildcards never reach the statement */
	cxm_csearch_parse(arena, "-Petrov* +\"Anna\" (x) 50%", &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_NAME);
	ck_assert_uint_eq(t.nwords, 4);
	ck_assert_str_eq(t.word_like[0], "Petrov%");
	ck_assert_str_eq(t.word_like[1], "Anna%");
	ck_assert_str_eq(t.word_like[2], "x%");
	ck_assert_str_eq(t.word_like[3], "50%");
	cxm_csearch_parse(arena, "Анна\xe2\x80\x94Мария «Ли»", &t);   /* an em dash, guillemets */
	ck_assert_uint_eq(t.nwords, 3);
	ck_assert_str_eq(t.word_like[0], "Анна%");
	ck_assert_str_eq(t.word_like[1], "Мария%");
	ck_assert_str_eq(t.word_like[2], "Ли%");
	/* at most CXM_SEARCH_WORDS words */
	cxm_csearch_parse(arena, "a b c d e f g h i j", &t);
	ck_assert_uint_eq(t.nwords, CXM_SEARCH_WORDS);
	ck_assert_str_eq(t.word_like[CXM_SEARCH_WORDS - 1], "h%");
	cxm_csearch_parse(arena, "*** ---", &t);
	ck_assert_int_eq(t.kind, CXM_SEARCH_NONE);
}
END_TEST

/* ---- keyset pagination ------------------------------------------------------ */

#define N_CLIENTS 130
#define PER_PAGE 50

struct row {
	long long id;
	char name[32];
	char since[11];
	char last[27];
	long long cents;
};
static struct row rows[N_CLIENTS];

/* 130 clients whose every sort key repeats many times: 5 names (two
 * differing only in case, equal for the collation), 4 dates, 3 times, 3
 * totals. Also, in the same business, deleted, merged and erased clients,
 * and clients of another business, none of which the live list shows
 * (the erased one is live: it is listed, as row 0 of rows[] would be). */
static long long make_base(void)
{
	static const char *const names[] = {"anna", "Anna", "Boris", "Vera Ivanova", "Zoe"};
	static const char *const dates[] = {"2023-01-01", "2023-06-15", "2024-02-29", "2024-12-31"};
	static const char *const times[] = {"2024-03-01 10:00:00.000000", "2024-03-01 10:00:00.000001",
	                                    "2025-01-01 00:00:00.500000"};
	static const long long cents[] = {0, 1050, 9999};
	long long biz = make_business("keyset-co");
	long long other = make_business("keyset-other");
	for (int i = 0; i < N_CLIENTS; i++) {
		struct row *r = &rows[i];
		snprintf(r->name, sizeof(r->name), "%s", names[(i * 7) % 5]);
		snprintf(r->since, sizeof(r->since), "%s", dates[(i * 3) % 4]);
		snprintf(r->last, sizeof(r->last), "%s", times[i % 3]);
		r->cents = cents[(i / 2) % 3];
		char total[32];
		snprintf(total, sizeof(total), "%lld.%02lld", r->cents / 100, r->cents % 100);
		r->id = sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at,"
		                   " purchases_total) VALUES (?, ?, ?, ?, ?)",
		                   CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(r->name), CXM_PSTR(r->since),
		                              CXM_PSTR(r->last), CXM_PSTR(total)));
		/* noise between them: never listed */
		if (i % 10 == 0)
			sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at, live,"
			           " deleted_at) VALUES (?, ?, ?, ?, 0, UTC_TIMESTAMP())",
			           CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(r->name), CXM_PSTR(r->since),
			                      CXM_PSTR(r->last)));
		if (i % 13 == 0)
			sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at)"
			           " VALUES (?, ?, ?, ?)",
			           CXM_PARAMS(CXM_PINT(other), CXM_PSTR(r->name), CXM_PSTR(r->since),
			                      CXM_PSTR(r->last)));
	}
	/* one of them erased (blank name: first in A to Z), one merged away */
	sql_exec("UPDATE clients SET name = '', erased_at = UTC_TIMESTAMP() WHERE id = ?",
	         CXM_PARAMS(CXM_PINT(rows[17].id)));
	rows[17].name[0] = 0;
	sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at, live, merged_into,"
	           " deleted_at) VALUES (?, 'anna', '2023-01-01', '2024-03-01 10:00:00', 0, ?,"
	           " UTC_TIMESTAMP())",
	           CXM_PARAMS(CXM_PINT(biz), CXM_PINT(rows[0].id)));
	/* the search words, as the model keeps them */
	ck_assert_int_eq(cxm_client_words_refresh(db, biz, 1, 1LL << 62), CXM_OK);
	ck_assert_int_eq(cxm_client_words_refresh(db, other, 1, 1LL << 62), CXM_OK);
	return biz;
}

static enum cxm_csort current_sort;

static int cmp_ll(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

/* The expected order, worked out here: the key (names compared ignoring
 * case, as the collation does), then the id; both reversed for the
 * descending orders. */
static int cmp_rows(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int c = 0, desc = 0;
	switch (current_sort) {
	case CXM_CS_NAME_DESC:
		desc = 1;
		/* fall through */
	case CXM_CS_NAME_ASC:
		c = strcasecmp(a->name, b->name);
		break;
	case CXM_CS_SINCE_DESC:
		desc = 1;
		/* fall through */
	case CXM_CS_SINCE_ASC:
		c = strcmp(a->since, b->since);
		break;
	case CXM_CS_LAST_DESC:
		desc = 1;
		/* fall through */
	case CXM_CS_LAST_ASC:
		c = strcmp(a->last, b->last);
		break;
	case CXM_CS_TOTAL_DESC:
		desc = 1;
		/* fall through */
	default:
		c = cmp_ll(a->cents, b->cents);
		break;
	}
	if (c == 0)
		c = cmp_ll(a->id, b->id);
	return desc ? -c : c;
}

/* Walks every page in direction first..AFTER or LAST..BEFORE, collecting
 * the ids in display order (backwards walks prepend each page), going on
 * each time from the cursor the page gives, through its text form as a
 * link carries it. Each page that is neither the last nor partial holds
 * PER_PAGE rows; *partials counts the partial ones. */
static size_t walk_counting(long long biz, const struct cxm_cfilter *f, enum cxm_csort s, int backwards,
                            long long *ids, size_t max, int *partials)
{
	size_t n = 0;
	int more = 1, pages = 0;
	struct cxm_ccursor cur = {0, NULL};
	char *key = NULL;
	*partials = 0;
	while (more) {
		struct cxm_rows r;
		struct cxm_ccursor next = {0, NULL};
		int partial = 0;
		enum cxm_cpage p = pages == 0 ? (backwards ? CXM_CP_LAST : CXM_CP_FIRST)
		                              : (backwards ? CXM_CP_BEFORE : CXM_CP_AFTER);
		ck_assert_int_eq(cxm_client_list(db, arena, biz, f, s, p, pages ? &cur : NULL, PER_PAGE, &r,
		                                 &more, &next, &partial),
		                 CXM_OK);
		if (r.nrows)
			ck_assert_uint_eq(r.ncols, CXM_CL_NCOLS);
		if (more && !partial)
			ck_assert_uint_eq(r.nrows, PER_PAGE);
		*partials += partial;
		ck_assert_uint_le(n + r.nrows, max);
		if (backwards) {
			memmove(ids + r.nrows, ids, n * sizeof(*ids));
			for (size_t i = 0; i < r.nrows; i++)
				ids[i] = cxm_rows_int(&r, i, CXM_CL_ID, 0);
		} else {
			for (size_t i = 0; i < r.nrows; i++)
				ids[n + i] = cxm_rows_int(&r, i, CXM_CL_ID, 0);
		}
		n += r.nrows;
		if (more) {
			ck_assert_ptr_nonnull(next.key);
			free(key);
			key = strdup(cxm_ccursor_format(arena, next.id, next.key));
			ck_assert_int_eq(cxm_ccursor_parse(s, key, &cur), 0);
		}
		pages++;
		ck_assert_int_lt(pages, 20);
	}
	free(key);
	return n;
}

static size_t walk(long long biz, const struct cxm_cfilter *f, enum cxm_csort s, int backwards,
                   long long *ids, size_t max)
{
	int partials;
	size_t n = walk_counting(biz, f, s, backwards, ids, max, &partials);
	ck_assert_int_eq(partials, 0);
	return n;
}

START_TEST(keyset_every_client_once)
{
	long long biz = make_base();
	struct cxm_cfilter f;
	cxm_cfilter_init(&f);
	for (int s = 0; s < CXM_CS_MAX; s++) {
		current_sort = (enum cxm_csort)s;
		struct row want[N_CLIENTS];
		memcpy(want, rows, sizeof(rows));
		qsort(want, N_CLIENTS, sizeof(want[0]), cmp_rows);
		for (int back = 0; back < 2; back++) {
			long long got[N_CLIENTS + 10];
			size_t n = walk(biz, &f, (enum cxm_csort)s, back, got, N_CLIENTS + 10);
			ck_assert_msg(n == N_CLIENTS, "%s %s: %zu clients", cxm_csort_codes[s],
			              back ? "backwards" : "forwards", n);
			for (size_t i = 0; i < N_CLIENTS; i++)
				ck_assert_msg(got[i] == want[i].id, "%s %s: position %zu holds %lld, expected %lld",
				              cxm_csort_codes[s], back ? "backwards" : "forwards", i, got[i],
				              want[i].id);
		}
	}
	/* the deleted ones (13 made, none merged) in their own list */
	f.deleted = 1;
	long long got[N_CLIENTS];
	ck_assert_uint_eq(walk(biz, &f, CXM_CS_NAME_ASC, 0, got, N_CLIENTS), 13);
	ck_assert_uint_eq(walk(biz, &f, CXM_CS_TOTAL_DESC, 1, got, N_CLIENTS), 13);
}
END_TEST

/* A filter that few clients match, far apart in the order: a page stops
 * after 20 000 clients read (partial) and the next goes on from there;
 * every match is found exactly once, in order, both ways. A date range on
 * the order's own column bounds the index instead. */
START_TEST(filtered_pages_stop_and_go_on)
{
	long long biz = make_business("sparse-co");
	sql_exec("INSERT INTO clients (business_id, name, gender, first_seen, last_seen_at)"
	         " SELECT ?, CONCAT('N', LPAD(seq, 6, '0')), IF(seq IN (10, 41000, 44999), 'female', 'male'),"
	         " '2024-01-01', '2024-01-01' FROM seq_1_to_45000",
	         CXM_PARAMS(CXM_PINT(biz)));
	long long want[3];
	static const char *const names[] = {"N000010", "N041000", "N044999"};
	for (int i = 0; i < 3; i++) {
		struct cxm_rows r;
		ck_assert_int_eq(cxm_db_query(db, arena, "SELECT id FROM clients WHERE business_id = ? AND name = ?",
		                              CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(names[i])), &r),
		                 CXM_OK);
		want[i] = cxm_rows_int(&r, 0, 0, 0);
	}
	struct cxm_cfilter f;
	cxm_cfilter_init(&f);
	f.gender = "female";
	for (int back = 0; back < 2; back++) {
		long long got[8];
		int partials = 0;
		size_t n = walk_counting(biz, &f, CXM_CS_NAME_ASC, back, got, 8, &partials);
		ck_assert_uint_eq(n, 3);
		ck_assert_int_eq(partials, 2);
		for (int i = 0; i < 3; i++)
			ck_assert_int_eq(got[i], want[i]);
	}
	/* and descending */
	long long got[8];
	int partials = 0;
	ck_assert_uint_eq(walk_counting(biz, &f, CXM_CS_NAME_DESC, 0, got, 8, &partials), 3);
	ck_assert_int_eq(partials, 2);
	ck_assert_int_eq(got[0], want[2]);
	ck_assert_int_eq(got[2], want[0]);
	/* a filter that matches no one: two partial, empty pages, then the end */
	f.gender = NULL;
	f.region = "gomel";
	ck_assert_uint_eq(walk_counting(biz, &f, CXM_CS_SINCE_DESC, 0, got, 8, &partials), 0);
	ck_assert_int_eq(partials, 2);
	/* the order's own date range: no partial page, whatever it skips */
	sql_exec("UPDATE clients SET last_seen_at = '2025-05-05 10:00:00' WHERE business_id = ? AND name IN"
	         " ('N000010', 'N041000', 'N044999')",
	         CXM_PARAMS(CXM_PINT(biz)));
	cxm_cfilter_init(&f);
	f.last_from = "2025-05-05 00:00:00";
	f.last_to = "2025-05-06 00:00:00";
	ck_assert_uint_eq(walk_counting(biz, &f, CXM_CS_LAST_DESC, 0, got, 8, &partials), 3);
	ck_assert_int_eq(partials, 0);
	/* with another filter too, blocks run over the range only */
	f.gender = "female";
	ck_assert_uint_eq(walk_counting(biz, &f, CXM_CS_LAST_ASC, 1, got, 8, &partials), 3);
	ck_assert_int_eq(partials, 0);
}
END_TEST

/* A name search whose words are all common comes in the matched word's
 * order: every matching client exactly once (also one with two matching
 * words), in (first matching word, id) order, forwards and backwards,
 * nobody else's and no deleted client. */
START_TEST(word_order_every_client_once)
{
	long long biz = make_base();
	/* names idx 0 and 1 (anna, Anna): (i * 7) % 5 < 2, two in five */
	long long want[N_CLIENTS + 3];
	size_t nw = 0;
	long long alla[3];
	for (int k = 0; k < 3; k++)
		alla[k] = sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at)"
		                     " VALUES (?, 'Alla Anna', '2023-01-01', '2024-01-01')",
		                     CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_int_eq(cxm_client_words_refresh(db, biz, alla[0], alla[2]), CXM_OK);
	for (int k = 0; k < 3; k++)
		want[nw++] = alla[k];            /* word "alla" comes first */
	for (int i = 0; i < N_CLIENTS; i++)
		if ((i * 7) % 5 < 2)
			want[nw++] = rows[i].id;     /* then "anna", by id */
	ck_assert_uint_eq(nw, 3 + 2 * N_CLIENTS / 5);

	struct cxm_cfilter f;
	cxm_cfilter_init(&f);
	f.q = "A";
	ck_assert_int_eq(cxm_csearch_plan(db, arena, biz, &f, 10), CXM_OK);
	ck_assert(cxm_client_list_by_word(arena, &f));
	for (int back = 0; back < 2; back++) {
		long long got[N_CLIENTS + 10];
		size_t n = 0;
		enum cxm_cpage page = back ? CXM_CP_LAST : CXM_CP_FIRST;
		struct cxm_ccursor c = {0, NULL};
		char key[256];
		for (int pages = 0; pages < 10; pages++) {
			struct cxm_rows r;
			int more = 0, partial = 0;
			struct cxm_ccursor next = {0, NULL};
			ck_assert_int_eq(cxm_client_list(db, arena, biz, &f, CXM_CS_NAME_ASC, page, &c, PER_PAGE, &r,
			                                 &more, &next, &partial),
			                 CXM_OK);
			ck_assert_int_eq(partial, 0);
			long long ids[PER_PAGE];
			for (size_t i = 0; i < r.nrows; i++)
				ids[i] = cxm_rows_int(&r, i, CXM_CL_ID, 0);
			if (back) {   /* collect in display order: prepend this page */
				memmove(got + r.nrows, got, sizeof(got[0]) * n);
				memcpy(got, ids, sizeof(ids[0]) * r.nrows);
			} else {
				memcpy(got + n, ids, sizeof(ids[0]) * r.nrows);
			}
			n += r.nrows;
			if (!more)
				break;
			snprintf(key, sizeof(key), "%s", next.key);
			c.id = next.id;
			c.key = key;
			page = back ? CXM_CP_BEFORE : CXM_CP_AFTER;
		}
		ck_assert_uint_eq(n, nw);
		for (size_t i = 0; i < n; i++)
			ck_assert_msg(got[i] == want[i], "%s: position %zu holds %lld, expected %lld",
			              back ? "backwards" : "forwards", i, got[i], want[i]);
	}
}
END_TEST

START_TEST(count_is_capped)
{
	long long biz = make_base();
	struct cxm_cfilter f;
	cxm_cfilter_init(&f);
	long long n = 0;
	ck_assert_int_eq(cxm_client_count(db, arena, biz, &f, 1000, &n), CXM_OK);
	ck_assert_int_eq(n, N_CLIENTS);
	ck_assert_int_eq(cxm_client_count(db, arena, biz, &f, 100, &n), CXM_OK);
	ck_assert_int_eq(n, 101);
	f.q = "Boris";
	ck_assert_int_eq(cxm_client_count(db, arena, biz, &f, 1000, &n), CXM_OK);
	ck_assert_int_eq(n, N_CLIENTS / 5);   /* (i * 7) % 5 == 2: one in five */
	f.q = "vera iv";
	ck_assert_int_eq(cxm_client_count(db, arena, biz, &f, 1000, &n), CXM_OK);
	ck_assert_int_eq(n, N_CLIENTS / 5);   /* every word a word prefix: Vera Ivanova */
	f.q = "iv zoe";
	ck_assert_int_eq(cxm_client_count(db, arena, biz, &f, 1000, &n), CXM_OK);
	ck_assert_int_eq(n, 0);               /* no name has both */
	f.q = "ivan ve";
	ck_assert_int_eq(cxm_client_count(db, arena, biz, &f, 1000, &n), CXM_OK);
	ck_assert_int_eq(n, N_CLIENTS / 5);
	f.q = NULL;
	f.since_from = "2024-01-01";
	f.since_to = "2024-02-29";
	ck_assert_int_eq(cxm_client_count(db, arena, biz, &f, 1000, &n), CXM_OK);
	long long want = 0;
	for (int i = 0; i < N_CLIENTS; i++)
		want += strcmp(rows[i].since, "2024-02-29") == 0;
	ck_assert_int_eq(n, want);
	f.tag_id = -1;
	ck_assert_int_eq(cxm_client_count(db, arena, biz, &f, 1000, &n), CXM_OK);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* A timeline of 130 interactions at 3 distinct times (ties): every one
 * exactly once, newest first, both ways; with a kind filter only that
 * kind. */
START_TEST(timeline_every_interaction_once)
{
	long long biz = make_business("timeline-co");
	long long client = sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at)"
	                              " VALUES (?, 'T', '2024-01-01', '2024-01-01')",
	                              CXM_PARAMS(CXM_PINT(biz)));
	static const char *const times[] = {"2024-05-01 09:00:00.000000", "2024-05-01 09:00:00.000002",
	                                    "2023-12-31 23:59:59.999999"};
	static const char *const kinds[] = {"visit", "purchase", "note", "call"};
	struct {
		long long id;
		const char *t, *kind;
	} want[N_CLIENTS];
	for (int i = 0; i < N_CLIENTS; i++) {
		want[i].t = times[(i * 5) % 3];
		want[i].kind = kinds[i % 4];
		want[i].id = sql_insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at)"
		                        " VALUES (?, ?, ?, ?)",
		                        CXM_PARAMS(CXM_PINT(biz), CXM_PINT(client), CXM_PSTR(want[i].kind),
		                                   CXM_PSTR(want[i].t)));
	}
	/* expected: time descending, then id descending (selection sort) */
	for (int i = 0; i < N_CLIENTS; i++)
		for (int j = i + 1; j < N_CLIENTS; j++) {
			int c = strcmp(want[j].t, want[i].t);
			if (c > 0 || (c == 0 && want[j].id > want[i].id)) {
				__typeof__(want[0]) t = want[i];
				want[i] = want[j];
				want[j] = t;
			}
		}
	for (int k = -1; k < 4; k++) {
		const char *kind = k < 0 ? NULL : kinds[k];
		long long expect[N_CLIENTS];
		size_t ne = 0;
		for (int i = 0; i < N_CLIENTS; i++)
			if (!kind || strcmp(want[i].kind, kind) == 0)
				expect[ne++] = want[i].id;
		for (int back = 0; back < 2; back++) {
			long long got[N_CLIENTS];
			size_t n = 0;
			int more = 1, pages = 0;
			struct cxm_ccursor cur;
			char *key = NULL;
			while (more) {
				struct cxm_rows r;
				enum cxm_cpage p = pages == 0 ? (back ? CXM_CP_LAST : CXM_CP_FIRST)
				                              : (back ? CXM_CP_BEFORE : CXM_CP_AFTER);
				ck_assert_int_eq(cxm_timeline(db, arena, biz, client, kind, p, pages ? &cur : NULL,
				                              PER_PAGE, &r, &more),
				                 CXM_OK);
				if (back) {
					memmove(got + r.nrows, got, n * sizeof(*got));
					for (size_t i = 0; i < r.nrows; i++)
						got[i] = cxm_rows_int(&r, i, CXM_TL_ID, 0);
				} else {
					for (size_t i = 0; i < r.nrows; i++)
						got[n + i] = cxm_rows_int(&r, i, CXM_TL_ID, 0);
				}
				n += r.nrows;
				size_t edge = back ? 0 : r.nrows - 1;
				free(key);
				key = strdup(cxm_ccursor_format(arena, cxm_rows_int(&r, edge, CXM_TL_ID, 0),
				                                cxm_rows_get(&r, edge, CXM_TL_KEY)));
				ck_assert_int_eq(cxm_tcursor_parse(key, &cur), 0);
				ck_assert_int_lt(++pages, 10);
			}
			free(key);
			ck_assert_uint_eq(n, ne);
			for (size_t i = 0; i < ne; i++)
				ck_assert_msg(got[i] == expect[i], "kind %s %s: position %zu holds %lld, expected %lld",
				              kind ? kind : "any", back ? "backwards" : "forwards", i, got[i],
				              expect[i]);
		}
	}
	/* another business's id finds nothing */
	struct cxm_rows r;
	int more;
	ck_assert_int_eq(cxm_timeline(db, arena, biz + 1, client, NULL, CXM_CP_FIRST, NULL, PER_PAGE, &r,
	                              &more),
	                 CXM_OK);
	ck_assert_uint_eq(r.nrows, 0);
}
END_TEST

/* ---- query plans -------------------------------------------------------------- */

/* EXPLAIN of q: "table:type:key:extra" per row, ';'-separated (malloc'd). */
static char *plan(const struct cxm_sql *q)
{
	/* "SET STATEMENT ... FOR SELECT": the EXPLAIN goes after FOR */
	const char *sel = strncmp(q->text, "SET STATEMENT ", 14) == 0 ? strstr(q->text, " FOR ") : NULL;
	char *text = sel ? cxm_printf(arena, "%.*s FOR EXPLAIN %s", (int)(sel - q->text), q->text, sel + 5)
	                 : cxm_printf(arena, "EXPLAIN %s", q->text);
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, arena, text, q->p, q->n, &r);
	ck_assert_msg(rc == CXM_OK, "%s: %s", text, cxm_db_error(db));
	size_t ct = 0, cty = 0, ck = 0, cx = 0;
	for (size_t c = 0; c < r.ncols; c++) {
		if (strcmp(r.names[c], "table") == 0)
			ct = c;
		else if (strcmp(r.names[c], "type") == 0)
			cty = c;
		else if (strcmp(r.names[c], "key") == 0)
			ck = c;
		else if (strcmp(r.names[c], "Extra") == 0)
			cx = c;
	}
	char buf[2048] = "";
	for (size_t i = 0; i < r.nrows; i++) {
		const char *x = cxm_rows_get(&r, i, cx);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s:%s:%s:%s", i ? ";" : "",
		         cxm_rows_get(&r, i, ct) ? cxm_rows_get(&r, i, ct) : "",
		         cxm_rows_get(&r, i, cty) ? cxm_rows_get(&r, i, cty) : "",
		         cxm_rows_get(&r, i, ck) ? cxm_rows_get(&r, i, ck) : "", x ? x : "");
	}
	return strdup(buf);
}

/* Index entries read (Handler_read_next + Handler_read_prev) by running q. */
static long long entries_read(const struct cxm_sql *q)
{
	static const char *const status =
		"SELECT SUM(VARIABLE_VALUE) FROM information_schema.SESSION_STATUS"
		" WHERE VARIABLE_NAME IN ('HANDLER_READ_NEXT', 'HANDLER_READ_PREV')";
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena, status, CXM_NOPARAMS, &r), CXM_OK);
	long long before = cxm_rows_int(&r, 0, 0, 0);
	ck_assert_int_eq(cxm_db_query(db, arena, status, CXM_NOPARAMS, &r), CXM_OK);
	long long idle = cxm_rows_int(&r, 0, 0, 0) - before;   /* what the status query itself costs */
	ck_assert_int_eq(cxm_db_query(db, arena, status, CXM_NOPARAMS, &r), CXM_OK);
	before = cxm_rows_int(&r, 0, 0, 0);
	ck_assert_msg(cxm_db_query(db, arena, q->text, q->p, q->n, &r) == CXM_OK, "%s", cxm_db_error(db));
	ck_assert_int_eq(cxm_db_query(db, arena, status, CXM_NOPARAMS, &r), CXM_OK);
	return cxm_rows_int(&r, 0, 0, 0) - before - idle;
}

/* The plan's first row reads table c through index `key` as a range or
 * a ref (a ref when the business and live prefix alone bound it). */
static int uses(const char *plan, const char *key)
{
	char a[128], b[128];
	snprintf(a, sizeof(a), "c:range:%s:", key);
	snprintf(b, sizeof(b), "c:ref:%s:", key);
	return strncmp(plan, a, strlen(a)) == 0 || strncmp(plan, b, strlen(b)) == 0;
}

static void assert_plan(const struct cxm_sql *q, const char *key, int filesort_ok)
{
	char *p = plan(q);
	char want[128];
	snprintf(want, sizeof(want), "c:range:%s:", key);
	ck_assert_msg(strncmp(p, want, strlen(want)) == 0, "expected %s in the plan of\n%s\ngot %s", want,
	              q->text, p);
	if (!filesort_ok)
		ck_assert_msg(!strstr(p, "filesort"), "a filesort in the plan of\n%s\n%s", q->text, p);
	free(p);
}

/* 5000 clients (and one other business's 1000) with 20 000 interactions:
 * every page of every order is a range read of its own index in index
 * order (no filesort), with or without a cursor and in both directions;
 * an e-mail search reads the e-mail index, a phone search the two phone
 * indexes, a name search its rarest word's range of client_words (or, when
 * every word is common, the order's index); the timeline reads
 * interactions_timeline. */
START_TEST(plans_use_the_indexes)
{
	long long biz = make_business("plans-co");
	long long other = make_business("plans-other");
#define GEN(seq_table) \
	"INSERT INTO clients (business_id, name, email, phone, phone_rev, first_seen, last_seen_at," \
	" purchases_total, gender)" \
	" SELECT ?, CONCAT(ELT(1 + MOD(seq, 7), 'Anna', 'Boris', 'Vera', 'Oleg', 'Irina', 'Pavel'," \
	" 'Olga'), ' ', ELT(1 + MOD(seq, 11), 'Ivanova', 'Petrov', 'Sidorova', 'Kozlov', 'Novikova'," \
	" 'Morozov', 'Volkova', 'Lebedev', 'Sokolova', 'Popov', 'Orlova'), ' ', seq)," \
	" CONCAT('c', seq, '@example.com'), CONCAT('+37529', LPAD(seq, 7, '0'))," \
	" REVERSE(CONCAT('37529', LPAD(seq, 7, '0')))," \
	" '2022-01-01' + INTERVAL MOD(seq, 900) DAY, '2023-01-01' + INTERVAL (seq * 37) MINUTE," \
	" MOD(seq, 200) * 1.25, IF(MOD(seq, 2), 'female', 'male') FROM " seq_table
	sql_exec(GEN("seq_1_to_5000"), CXM_PARAMS(CXM_PINT(biz)));
	sql_exec(GEN("seq_1_to_1000"), CXM_PARAMS(CXM_PINT(other)));
	ck_assert_int_eq(cxm_client_words_refresh(db, biz, 1, 1000000), CXM_OK);
	ck_assert_int_eq(cxm_client_words_refresh(db, other, 1, 1000000), CXM_OK);
	sql_exec("INSERT INTO interactions (business_id, client_id, kind, occurred_at)"
	         " SELECT c.business_id, c.id, 'visit', '2023-01-01' + INTERVAL s.seq HOUR"
	         " FROM clients c JOIN seq_1_to_4 s WHERE c.business_id = ?",
	         CXM_PARAMS(CXM_PINT(biz)));
	sql_exec("ANALYZE TABLE clients, interactions", CXM_NOPARAMS);

	static const char *const indexes[CXM_CS_MAX] = {
		"clients_by_name", "clients_by_name", "clients_by_first_seen", "clients_by_first_seen",
		"clients_by_last_seen", "clients_by_last_seen", "clients_by_total", "clients_by_total",
	};
	static const char *const keys[CXM_CS_MAX] = {
		"Olga Popov 1000", "Olga Popov 1000", "2023-01-01", "2023-01-01",
		"2023-01-05 10:00:00.000000", "2023-01-05 10:00:00.000000", "125.00", "125.00",
	};
	struct cxm_cfilter f;
	cxm_cfilter_init(&f);
	struct cxm_sql q;
	for (int s = 0; s < CXM_CS_MAX; s++) {
		struct cxm_ccursor c = {1000, keys[s]};
		for (int p = CXM_CP_FIRST; p <= CXM_CP_LAST; p++) {
			cxm_client_list_sql(arena, biz, &f, (enum cxm_csort)s, (enum cxm_cpage)p, &c, 51, &q);
			char *pl = plan(&q);
			ck_assert_msg(uses(pl, indexes[s]) && !strstr(pl, "filesort"),
			              "%s page %d: expected %s without filesort, got %s\n%s", cxm_csort_codes[s], p,
			              indexes[s], pl, q.text);
			free(pl);
			/* and it reads the page's own entries, not the way to them */
			long long n = entries_read(&q);
			ck_assert_msg(n <= 51, "%s page %d read %lld index entries\n%s", cxm_csort_codes[s], p, n,
			              q.text);
		}
	}
	/* a filter on a column outside the index is checked on the rows the
	 * index gives, still in index order */
	f.gender = "female";
	cxm_client_list_sql(arena, biz, &f, CXM_CS_LAST_DESC, CXM_CP_FIRST, NULL, 51, &q);
	char *pl = plan(&q);
	ck_assert_msg(uses(pl, "clients_by_last_seen") && !strstr(pl, "filesort"), "%s", pl);
	free(pl);

	/* a tag on many clients: the order's index, the tag looked up per row */
	long long tag = sql_insert("INSERT INTO tags (business_id, name) VALUES (?, 'common')",
	                           CXM_PARAMS(CXM_PINT(biz)));
	sql_exec("INSERT INTO client_tags (client_id, tag_id, business_id) SELECT id, ?, business_id"
	         " FROM clients WHERE business_id = ? AND MOD(id, 2) = 0",
	         CXM_PARAMS(CXM_PINT(tag), CXM_PINT(biz)));
	cxm_cfilter_init(&f);
	f.tag_id = tag;
	f.tag_common = 1;
	cxm_client_list_sql(arena, biz, &f, CXM_CS_TOTAL_DESC, CXM_CP_FIRST, NULL, 51, &q);
	pl = plan(&q);
	ck_assert_msg(uses(pl, "clients_by_total") && strstr(pl, ";ct:eq_ref:PRIMARY:") && !strstr(pl, "filesort"),
	              "%s", pl);
	free(pl);
	ck_assert_int_le(entries_read(&q), 150);   /* every other client has it: ~2 entries a row */

	/* searches: the matching rows come from the search's own index */
	cxm_cfilter_init(&f);
	f.q = "c4242@";
	cxm_client_list_sql(arena, biz, &f, CXM_CS_NAME_ASC, CXM_CP_FIRST, NULL, 51, &q);
	assert_plan(&q, "clients_email", 1);
	f.q = "4242";
	cxm_client_list_sql(arena, biz, &f, CXM_CS_NAME_ASC, CXM_CP_FIRST, NULL, 51, &q);
	pl = plan(&q);
	ck_assert_msg(strncmp(pl, "c:index_merge:clients_phone_rev,clients_phone", 45) == 0 ||
	                  strncmp(pl, "c:index_merge:clients_phone,clients_phone_rev", 45) == 0,
	              "%s", pl);
	free(pl);
	/* A name search starts from its rarest word's range of client_words:
	 * "Orl" (Orlova, 5000 / 11 = 454 names) is rarer than "Pavel" (714). */
	f.q = "Pavel Orl";
	ck_assert_int_eq(cxm_csearch_plan(db, arena, biz, &f, CXM_SEARCH_COMMON), CXM_OK);
	ck_assert_int_eq(f.name_drive, 1);
	ck_assert_int_eq(f.name_common, 0);
	cxm_client_list_sql(arena, biz, &f, CXM_CS_NAME_ASC, CXM_CP_FIRST, NULL, 51, &q);
	pl = plan(&q);
	ck_assert_msg(strstr(pl, "w:range:PRIMARY:") && !strstr(pl, "c:ALL") && !strstr(pl, ":index:"),
	              "%s\n%s", pl, q.text);
	free(pl);
	/* what is read follows the rarest word's 454 matches (each one's few
	 * words looked up), not the base's 5000 clients and 15 000 words */
	ck_assert_int_le(entries_read(&q), 454 * 4 + 51);
	/* A common word ("Pa": Pavel, 714 names) with a cap below its count:
	 * the word's own entries are read in their order, no sort. */
	f.q = "Pa";
	ck_assert_int_eq(cxm_csearch_plan(db, arena, biz, &f, 100), CXM_OK);
	ck_assert_int_eq(f.name_drive, 0);
	ck_assert_int_eq(f.name_common, 1);
	ck_assert(cxm_client_list_by_word(arena, &f));
	cxm_client_list_sql(arena, biz, &f, CXM_CS_NAME_ASC, CXM_CP_FIRST, NULL, 51, &q);
	pl = plan(&q);
	ck_assert_msg(strncmp(pl, "w:range:PRIMARY:", 16) == 0 && strstr(pl, "c:eq_ref:PRIMARY:") &&
	                  !strstr(pl, "filesort"),
	              "%s\n%s", pl, q.text);
	free(pl);
	ck_assert_int_le(entries_read(&q), 51 * 3 + 51);
	/* a word nobody has: the plan finds nothing to read */
	f.q = "Zyx";
	ck_assert_int_eq(cxm_csearch_plan(db, arena, biz, &f, CXM_SEARCH_COMMON), CXM_OK);
	ck_assert_int_eq(f.name_drive, 0);
	struct cxm_rows none;
	int more = 1, partial = 1;
	struct cxm_ccursor next;
	ck_assert_int_eq(cxm_client_list(db, arena, biz, &f, CXM_CS_NAME_ASC, CXM_CP_FIRST, NULL, 50, &none,
	                                 &more, &next, &partial),
	                 CXM_OK);
	ck_assert_uint_eq(none.nrows, 0);
	ck_assert_int_eq(more, 0);
	ck_assert_int_eq(partial, 0);

	/* the capped count reads at most cap + 1 index entries */
	cxm_cfilter_init(&f);
	cxm_client_count_sql(arena, biz, &f, 1000, &q);
	pl = plan(&q);
	ck_assert_msg(strstr(pl, ":ref:clients_") || strstr(pl, ":range:clients_"), "%s", pl);
	free(pl);

	/* a client's timeline: its rows of interactions_timeline, newest first */
	long long client = 0;
	{
		struct cxm_rows r;
		ck_assert_int_eq(cxm_db_query(db, arena, "SELECT MIN(id) FROM clients WHERE business_id = ?",
		                              CXM_PARAMS(CXM_PINT(biz)), &r),
		                 CXM_OK);
		client = cxm_rows_int(&r, 0, 0, 0);
	}
	struct cxm_ccursor tc = {10, "2023-01-01 02:00:00.000000"};
	for (int p = CXM_CP_FIRST; p <= CXM_CP_LAST; p++) {
		cxm_timeline_sql(arena, biz, client, p == CXM_CP_LAST ? "visit" : NULL, (enum cxm_cpage)p, &tc,
		                 51, &q);
		pl = plan(&q);
		ck_assert_msg(strncmp(pl, "i:", 2) == 0 && strstr(pl, ":interactions_timeline:") &&
		                  !strstr(pl, "filesort"),
		              "timeline page %d: %s", p, pl);
		free(pl);
	}
}
END_TEST

static Suite *client_list_suite(void)
{
	Suite *s = suite_create("client_list");
	TCase *pure = tcase_create("pure");
	tcase_add_checked_fixture(pure, setup, teardown);
	tcase_add_test(pure, cursors);
	tcase_add_test(pure, search_rules);
	suite_add_tcase(s, pure);
	TCase *tc = tcase_create("pages");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, keyset_every_client_once);
	tcase_add_test(tc, filtered_pages_stop_and_go_on);
	tcase_add_test(tc, count_is_capped);
	tcase_add_test(tc, word_order_every_client_once);
	tcase_add_test(tc, timeline_every_interaction_once);
	tcase_add_test(tc, plans_use_the_indexes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	th_mysql_socket();
	SRunner *sr = srunner_create(client_list_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
