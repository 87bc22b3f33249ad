/* The statements behind the client pages, timed against a big data set
 * (dev/bench data: 1,000,000 clients and 10,000,000 interactions made by
 * cxmctl demo-data): the first page of the list in each order, a page far
 * into it (a keyset cursor at a given position), the capped count, name
 * searches through the FULLTEXT index, e-mail and phone searches, filters,
 * a client's page and timeline, and the duplicates page. Each runs a number
 * of times through the db layer (prepared statements, as the workers run
 * them); the median and 95th percentile are printed with the plan MariaDB
 * chose (EXPLAIN).
 *
 * The texts follow core/client_list.c of the client-pages branch (keyset
 * conditions "(col > ? OR (col = ? AND id > ?))" over the (business_id,
 * live, col, id) indexes, the name search through client_words,
 * e-mail LIKE 'prefix%', phone_rev LIKE 'reversed digits%', the timeline
 * FORCE INDEX (interactions_timeline)); keep them in step.
 *
 * usage: sql_bench -c CONF -b SLUG [-n RUNS] [-p POSITION] [-k KEYFILE]
 *   -k writes the values it found (cursors at POSITION, a client with a
 *   long history, an e-mail, a phone) for dev/bench's HTTP part. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "client_list.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "secret.h"

#define PAGE 50           /* rows a page shows (the statements ask for one more) */
#define COUNT_CAP 1000    /* the list's count stops there */
#define MAXP 16

static struct cxm_db *db;
static struct cxm_arena *arena;
static long long bid, n_clients;
static int runs = 20;
static FILE *keys;

static void die(const char *what)
{
	fprintf(stderr, "sql_bench: %s: %s\n", what, cxm_db_error(db));
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The plan, one "table:type:key:rows:extra" per table, in the arena. */
static char *plan(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	if (cxm_db_query(db, arena, cxm_printf(arena, "EXPLAIN %s", sql), p, n, &r) != CXM_OK)
		return cxm_printf(arena, "(EXPLAIN failed: %s)", cxm_db_error(db));
	char *out = "";
	for (size_t i = 0; i < r.nrows; i++) {
		const char *v[10];
		for (size_t c = 0; c < 10 && c < r.ncols; c++)
			v[c] = cxm_rows_get(&r, i, c) ? cxm_rows_get(&r, i, c) : "-";
		/* id select_type table type possible_keys key key_len ref rows Extra */
		out = cxm_printf(arena, "%s%s%s %s key=%s rows=%s %s", out, i ? " | " : "", v[2], v[3], v[5], v[8],
		                 v[9]);
	}
	return out;
}

/* Spaces that fill s (UTF-8) to width characters. */
static int pad(const char *s, int width)
{
	int chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		chars += (*p & 0xc0) != 0x80;
	return chars < width ? width - chars : 0;
}

static int worst_failed;

/* Times one statement: runs + 2 warm-up executions. */
static void timed(const char *name, const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	size_t nrows = 0;
	double *t = malloc(sizeof(double) * (size_t)runs);
	for (int i = -2; i < runs; i++) {
		struct cxm_arena *a = cxm_arena_new(1 << 16);
		double t0 = now_ms();
		if (cxm_db_query(db, a, sql, p, n, &r) != CXM_OK &&
		    cxm_db_query(db, a, sql, p, n, &r) != CXM_OK) {   /* once more, then give up on it */
			printf("  %s%*s  ERROR %s\n", name, pad(name, 44), "", cxm_db_error(db));
			worst_failed = 1;
			cxm_arena_free(a);
			free(t);
			return;
		}
		double el = now_ms() - t0;
		nrows = r.nrows;
		cxm_arena_free(a);
		if (i >= 0)
			t[i] = el;
	}
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	double median = t[runs / 2], p95 = t[(runs * 95 + 99) / 100 - 1];
	int ok = p95 < 100;
	worst_failed |= !ok;
	printf("  %s%*s %6zu %9.1f %9.1f   %s\n", name, pad(name, 44), "", nrows, median, p95, ok ? "yes" : "NO");
	printf("      plan: %s\n", plan(sql, p, n));
	fflush(stdout);
	free(t);
}

/* ---- the statements ------------------------------------------------------------ */

static const struct {
	const char *code, *col, *key, *param;
	int desc;
} sorts[] = {
	{"name_asc", "c.name", "c.name", "?", 0},
	{"name_desc", "c.name", "c.name", "?", 1},
	{"since_desc", "c.first_seen", "DATE_FORMAT(c.first_seen, '%Y-%m-%d')", "?", 1},
	{"since_asc", "c.first_seen", "DATE_FORMAT(c.first_seen, '%Y-%m-%d')", "?", 0},
	{"last_desc", "c.last_seen_at", "DATE_FORMAT(c.last_seen_at, '%Y-%m-%d %H:%i:%s.%f')", "?", 1},
	{"last_asc", "c.last_seen_at", "DATE_FORMAT(c.last_seen_at, '%Y-%m-%d %H:%i:%s.%f')", "?", 0},
	{"total_desc", "c.purchases_total", "c.purchases_total", "CAST(? AS DECIMAL(14,2))", 1},
	{"total_asc", "c.purchases_total", "c.purchases_total", "CAST(? AS DECIMAL(14,2))", 0},
};
#define NSORTS (sizeof(sorts) / sizeof(sorts[0]))

static char *list_select(int s)
{
	return cxm_printf(arena,
	                  "SELECT c.id, c.name, c.email, c.phone, c.age_band, c.region, c.city,"
	                  " DATE_FORMAT(c.first_seen, '%%Y-%%m-%%d'),"
	                  " DATE_FORMAT(c.last_seen_at, '%%Y-%%m-%%d %%H:%%i:%%s'),"
	                  " c.purchases_total, c.interactions_count, c.erased_at IS NOT NULL, %s"
	                  " FROM clients c WHERE c.business_id = ? AND c.live = 1",
	                  sorts[s].key);
}

static char *order_by(int s, int back)
{
	int desc = sorts[s].desc ^ back;
	return cxm_printf(arena, " ORDER BY %s %s, c.id %s", sorts[s].col, desc ? "DESC" : "ASC",
	                  desc ? "DESC" : "ASC");
}

static char *order(int s, int back)
{
	return cxm_printf(arena, "%s LIMIT ?", order_by(s, back));
}

static char *after(int s)
{
	const char *op = sorts[s].desc ? " < " : " > ";
	return cxm_printf(arena, " AND (%s%s%s OR (%s = %s AND c.id%s?))", sorts[s].col, op, sorts[s].param,
	                  sorts[s].col, sorts[s].param, op);
}

/* LIKE 'text%' with '!' escaping, as client_list.c makes it. */
static char *like_prefix(const char *s)
{
	char *out = cxm_alloc(arena, strlen(s) * 2 + 2), *o = out;
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '!')
			*o++ = '!';
		*o++ = *s;
	}
	*o++ = '%';
	*o = 0;
	return out;
}

static const char *scalar(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	if (cxm_db_query(db, arena, sql, p, n, &r) != CXM_OK)
		die(sql);
	return r.nrows ? cxm_rows_get(&r, 0, 0) : NULL;
}

/* A page whose rows an inner query finds reading only the sort index:
 * "SELECT <list columns> FROM clients c JOIN (SELECT c.id FROM clients c
 * WHERE <business, live><cond> ORDER BY ... LIMIT ?) k ON k.id = c.id
 * ORDER BY ...". Parameters: business, cond's, limit. */
static char *list_select_deferred(int s, const char *cond)
{
	char *inner = cxm_printf(arena, "SELECT c.id FROM clients c WHERE c.business_id = ? AND c.live = 1%s%s", cond,
	                         order(s, 0));
	char *outer = list_select(s);
	*strstr(outer, " WHERE ") = 0;   /* the columns and FROM only */
	return cxm_printf(arena, "%s JOIN (%s) k ON k.id = c.id%s", outer, inner, order_by(s, 0));
}

static struct {
	long long id;
	const char *key;
} deep[16];

static void list_cases(long long position)
{
	printf("\n  client list, %d rows a page (+1 to know there is more)\n", PAGE);
	for (size_t s = 0; s < NSORTS; s++) {
		char *sql = cxm_printf(arena, "%s%s", list_select((int)s), order((int)s, 0));
		timed(cxm_printf(arena, "first page, %s", sorts[s].code), sql,
		      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(PAGE + 1)));
	}
	/* the edge row of the page that ends at position: what the "next" link
	 * of that page carries (found once with OFFSET, not timed) */
	for (size_t s = 0; s < NSORTS; s++) {
		struct cxm_rows r;
		char *find = cxm_printf(arena, "SELECT c.id, %s FROM clients c WHERE c.business_id = ? AND c.live = 1"
		                        " ORDER BY %s %s, c.id %s LIMIT 1 OFFSET ?", sorts[s].key, sorts[s].col,
		                        sorts[s].desc ? "DESC" : "ASC", sorts[s].desc ? "DESC" : "ASC");
		if (cxm_db_query(db, arena, find, CXM_PARAMS(CXM_PINT(bid), CXM_PINT(position - 1)), &r) != CXM_OK)
			die("cursor");
		if (!r.nrows)
			continue;
		long long id = cxm_rows_int(&r, 0, 0, 0);
		const char *key = cxm_rows_get(&r, 0, 1);
		if (keys)
			fprintf(keys, "cursor_%s\t%lld:%s\n", sorts[s].code, id, key);
		char *sql = cxm_printf(arena, "%s%s%s", list_select((int)s), after((int)s), order((int)s, 0));
		timed(cxm_printf(arena, "page after row %lld, %s", position, sorts[s].code), sql,
		      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(key), CXM_PSTR(key), CXM_PINT(id), CXM_PINT(PAGE + 1)));
		deep[s].id = id;
		deep[s].key = key;
	}
	/* The same pages with the keyset read by an inner query that only
	 * touches the index (proposed, docs/clients.md "Scale and
	 * performance"): MariaDB then reads the range from the cursor on,
	 * instead of the whole (business, live) prefix up to it. */
	for (size_t s = 0; s < NSORTS; s++) {
		if (!deep[s].key)
			continue;
		char *sql = list_select_deferred((int)s, after((int)s));
		timed(cxm_printf(arena, "page after row %lld, %s, inner keyset", position, sorts[s].code), sql,
		      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(deep[s].key), CXM_PSTR(deep[s].key), CXM_PINT(deep[s].id),
		                 CXM_PINT(PAGE + 1)));
	}
	timed("last page, name_asc", cxm_printf(arena, "%s%s", list_select(0), order(0, 1)),
	      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(PAGE + 1)));
	timed("count, capped at 1000",
	      "SELECT COUNT(*) FROM (SELECT 1 FROM clients c WHERE c.business_id = ? AND c.live = 1 LIMIT ?) capped",
	      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(COUNT_CAP + 1)));
}

static void search_cases(void)
{
	printf("\n  the search box (first page by name, and its capped count)\n");
	/* The statements of the list page itself (core/client_list.c): the
	 * plan step (each word's capped count in client_words), then the page
	 * starting from the rarest word, or reading the name order with a
	 * lookup per row when every word is common. */
	static const struct {
		const char *label, *q;
	} names[] = {
		{"name: a surname (Гринкевич)", "Гринкевич"},
		{"name: a first name (Анна)", "Анна"},
		{"name: a prefix (Ковал)", "Ковал"},
		{"name: a short prefix (Але)", "Але"},
		{"name: two words (Иванова Анна)", "Иванова Анна"},
		{"name: nobody (Zzyzx)", "Zzyzx"},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct cxm_cfilter f;
		cxm_cfilter_init(&f);
		f.q = names[i].q;
		struct cxm_csearch_terms st;
		cxm_csearch_parse(arena, f.q, &st);
		for (size_t w = 0; w < st.nwords; w++)
			timed("  plan: a word's capped count",
			      "SELECT COUNT(*) FROM (SELECT 1 FROM client_words WHERE business_id = ?"
			      " AND word LIKE ? ESCAPE '!' LIMIT ?) capped",
			      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(st.word_like[w]), CXM_PINT(CXM_SEARCH_COMMON + 1)));
		if (cxm_csearch_plan(db, arena, bid, &f, CXM_SEARCH_COMMON) != CXM_OK)
			continue;
		struct cxm_sql q;
		cxm_client_list_sql(arena, bid, &f, CXM_CS_NAME_ASC, CXM_CP_FIRST, NULL, PAGE + 1, &q);
		timed(cxm_printf(arena, "%s%s", names[i].label, f.name_drive < 0 ? " [every word common]" : ""),
		      q.text, q.p, q.n);
		cxm_client_count_sql(arena, bid, &f, COUNT_CAP, &q);
		timed("  its count", q.text, q.p, q.n);
	}
	/* a client in the middle gives an e-mail and a phone that exist */
	long long n = atoll(scalar("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(bid))));
	const char *email = scalar("SELECT email FROM clients WHERE business_id = ? AND email IS NOT NULL"
	                           " ORDER BY id LIMIT 1 OFFSET ?", CXM_PARAMS(CXM_PINT(bid), CXM_PINT(n / 2)));
	const char *phone = scalar("SELECT phone FROM clients WHERE business_id = ? AND phone LIKE '+375%'"
	                           " ORDER BY id LIMIT 1 OFFSET ?", CXM_PARAMS(CXM_PINT(bid), CXM_PINT(n / 2)));
	if (!email || !phone) {
		printf("  (no e-mail or phone to search for)\n");
		return;
	}
	if (keys)
		fprintf(keys, "email\t%s\nphone\t%s\n", email, phone);
	char *local = cxm_strndup(arena, email, (size_t)(strchr(email, '@') - email + 1));
	char *sql = cxm_printf(arena, "%s AND c.email LIKE ? ESCAPE '!'%s", list_select(0), order(0, 0));
	timed(cxm_printf(arena, "e-mail: %s", local), sql,
	      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(like_prefix(local)), CXM_PINT(PAGE + 1)));
	timed(cxm_printf(arena, "e-mail: %s", email), sql,
	      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(like_prefix(email)), CXM_PINT(PAGE + 1)));
	/* phone: the last 4 and 7 digits, and the whole number */
	size_t len = strlen(phone);
	const char *digits = phone + 1;
	char *sql4 = cxm_printf(arena, "%s AND (c.phone_rev LIKE ? OR c.phone LIKE ? OR c.phone LIKE ?)%s",
	                        list_select(0), order(0, 0));
	char *sqlx = cxm_printf(arena, "%s AND (c.phone_rev LIKE ? OR c.phone LIKE ? OR c.phone LIKE ?"
	                        " OR c.phone = ?)%s", list_select(0), order(0, 0));
	for (size_t k = 4; k <= 7; k += 3) {
		const char *tail = phone + len - k;
		char *rev = cxm_alloc(arena, k + 2);
		for (size_t i = 0; i < k; i++)
			rev[i] = tail[k - 1 - i];
		rev[k] = '%';
		rev[k + 1] = 0;
		/* 7 digits are a number the client form could store (no country) */
		char *label = cxm_printf(arena, "phone: last %zu digits (%s)", k, tail);
		if (k == 7)
			timed(label, sqlx,
			      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(rev), CXM_PSTR(cxm_printf(arena, "+%s%%", tail)),
			                 CXM_PSTR(cxm_printf(arena, "%s%%", tail)), CXM_PSTR(tail), CXM_PINT(PAGE + 1)));
		else
			timed(label, sql4,
			      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(rev), CXM_PSTR(cxm_printf(arena, "+%s%%", tail)),
			                 CXM_PSTR(cxm_printf(arena, "%s%%", tail)), CXM_PINT(PAGE + 1)));
	}
	char *rev = cxm_alloc(arena, len + 1);
	size_t k = 0;
	for (size_t i = len; i > 1; i--)
		rev[k++] = phone[i - 1];
	rev[k++] = '%';
	rev[k] = 0;
	timed(cxm_printf(arena, "phone: %s", phone), sqlx,
	      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(rev), CXM_PSTR(cxm_printf(arena, "+%s%%", digits)),
	                 CXM_PSTR(cxm_printf(arena, "%s%%", digits)), CXM_PSTR(phone), CXM_PINT(PAGE + 1)));
}

static void filter_cases(const char *cutoff)
{
	printf("\n  filters (first page by name unless said)\n");
	char *sql = cxm_printf(arena, "%s AND c.gender = ? AND c.region = ?%s", list_select(0), order(0, 0));
	timed("men from Brest", sql, CXM_PARAMS(CXM_PINT(bid), CXM_PSTR("male"), CXM_PSTR("brest"), CXM_PINT(PAGE + 1)));
	sql = cxm_printf(arena, "%s AND c.last_seen_at < ?%s", list_select(4), order(4, 0));
	const char *cut = cxm_printf(arena, "%s 00:00:00", cutoff);
	timed("no contact for 90 days, by last contact", sql, CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(cut), CXM_PINT(PAGE + 1)));
	timed("  the same, inner keyset", list_select_deferred(4, " AND c.last_seen_at < ?"),
	      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(cut), CXM_PINT(PAGE + 1)));
	sql = cxm_printf(arena, "%s AND c.region = ? AND c.profession = ? AND c.gender = ? AND c.source = ?%s",
	                 list_select(0), order(0, 0));
	timed("a rare combination (4 fields)", sql,
	      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR("other"), CXM_PSTR("executive"), CXM_PSTR("male"),
	                 CXM_PSTR("advertising"), CXM_PINT(PAGE + 1)));
	/* proposed: look at a window of 5000 rows of the order at a time */
	char *outer = list_select(0);
	*strstr(outer, " WHERE ") = 0;
	sql = cxm_printf(arena, "%s JOIN (SELECT c.id FROM clients c WHERE c.business_id = ? AND c.live = 1%s) w"
	                 " ON w.id = c.id WHERE c.region = ? AND c.profession = ? AND c.gender = ? AND c.source = ?%s",
	                 outer, order(0, 0), order(0, 0));
	timed("  the same, in a window of 5000 rows", sql,
	      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(5000), CXM_PSTR("other"), CXM_PSTR("executive"), CXM_PSTR("male"),
	                 CXM_PSTR("advertising"), CXM_PINT(PAGE + 1)));
	static const char *const tags[][2] = {{"блогер", "a rare tag (блогер)"}, {"постоянный клиент", "a common tag (постоянный клиент)"}};
	for (size_t i = 0; i < 2; i++) {
		const char *tag = scalar("SELECT id FROM tags WHERE business_id = ? AND name = ?",
		                         CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(tags[i][0])));
		if (!tag)
			continue;
		const char *share = scalar("SELECT CONCAT(ROUND(100 * COUNT(*) / ?, 1), ' %') FROM client_tags"
		                           " WHERE business_id = ? AND tag_id = ?",
		                           CXM_PARAMS(CXM_PINT(n_clients), CXM_PINT(bid), CXM_PINT(atoll(tag))));
		sql = cxm_printf(arena, "%s AND EXISTS (SELECT 1 FROM client_tags ct WHERE ct.client_id = c.id"
		                 " AND ct.tag_id = ? AND ct.business_id = c.business_id)%s", list_select(0), order(0, 0));
		timed(cxm_printf(arena, "%s, %s", tags[i][1], share), sql,
		      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(atoll(tag)), CXM_PINT(PAGE + 1)));
		/* proposed for common tags: read the sort index, check each row */
		sql = cxm_printf(arena, "%s AND (SELECT 1 FROM client_tags ct WHERE ct.client_id = c.id AND ct.tag_id = ?"
		                 " AND ct.business_id = c.business_id) IS NOT NULL%s", list_select(0), order(0, 0));
		timed("  the same, checked row by row", sql,
		      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(atoll(tag)), CXM_PINT(PAGE + 1)));
	}
	/* a deep page of a filtered list: the cursor of row 100,000 of the men */
	struct cxm_rows r;
	if (cxm_db_query(db, arena, "SELECT c.id, c.name FROM clients c WHERE c.business_id = ? AND c.live = 1"
	                 " AND c.gender = 'male' ORDER BY c.name, c.id LIMIT 1 OFFSET 99999",
	                 CXM_PARAMS(CXM_PINT(bid)), &r) == CXM_OK && r.nrows) {
		long long id = cxm_rows_int(&r, 0, 0, 0);
		const char *key = cxm_rows_get(&r, 0, 1);
		sql = cxm_printf(arena, "%s AND c.gender = ?%s%s", list_select(0), after(0), order(0, 0));
		timed("men, page after row 100000, name_asc", sql,
		      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR("male"), CXM_PSTR(key), CXM_PSTR(key), CXM_PINT(id),
		                 CXM_PINT(PAGE + 1)));
		timed("  the same, inner keyset", list_select_deferred(0, cxm_printf(arena, " AND c.gender = ?%s", after(0))),
		      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR("male"), CXM_PSTR(key), CXM_PSTR(key), CXM_PINT(id),
		                 CXM_PINT(PAGE + 1)));
	}
}

static void client_cases(void)
{
	printf("\n  a client's page\n");
	const char *longest = scalar("SELECT id FROM clients WHERE business_id = ? AND live = 1"
	                             " ORDER BY interactions_count DESC, id LIMIT 1", CXM_PARAMS(CXM_PINT(bid)));
	const char *typical = scalar("SELECT id FROM clients WHERE business_id = ? AND live = 1"
	                             " AND interactions_count = 10 ORDER BY id LIMIT 1", CXM_PARAMS(CXM_PINT(bid)));
	const char *count = scalar("SELECT interactions_count FROM clients WHERE id = ?",
	                           CXM_PARAMS(CXM_PINT(atoll(longest))));
	if (keys)
		fprintf(keys, "client_long\t%s\nclient_typical\t%s\n", longest, typical ? typical : longest);
	const char *timeline =
		"SELECT i.id, i.kind, DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s'), i.channel,"
		" i.amount, i.currency, s.name, l.name, st.name, i.items, i.text,"
		" DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s.%f')"
		" FROM interactions i FORCE INDEX (interactions_timeline)"
		" LEFT JOIN services s ON s.id = i.service_id AND s.business_id = i.business_id"
		" LEFT JOIN locations l ON l.id = i.location_id AND l.business_id = i.business_id"
		" LEFT JOIN staff st ON st.id = i.staff_id AND st.business_id = i.business_id"
		" WHERE i.business_id = ? AND i.client_id = ? ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?";
	const char *timeline_kind =
		"SELECT i.id, i.kind, DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s'), i.channel,"
		" i.amount, i.currency, s.name, l.name, st.name, i.items, i.text,"
		" DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s.%f')"
		" FROM interactions i FORCE INDEX (interactions_timeline)"
		" LEFT JOIN services s ON s.id = i.service_id AND s.business_id = i.business_id"
		" LEFT JOIN locations l ON l.id = i.location_id AND l.business_id = i.business_id"
		" LEFT JOIN staff st ON st.id = i.staff_id AND st.business_id = i.business_id"
		" WHERE i.business_id = ? AND i.client_id = ? AND i.kind = ?"
		" ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?";
	long long ids[2] = {atoll(longest), typical ? atoll(typical) : atoll(longest)};
	for (int w = 0; w < 2; w++) {
		const char *who = w ? "typical client (10)" : cxm_printf(arena, "longest history (%s)", count);
		timed(cxm_printf(arena, "profile, %s", who),
		      "SELECT external_id, name, email, phone, DATE_FORMAT(birth_date, '%Y-%m-%d'), age_band, gender,"
		      " region, city, profession, profession_other, source, source_detail,"
		      " DATE_FORMAT(first_seen, '%Y-%m-%d'), marketing_consent, live, erased_at, interactions_count,"
		      " purchases_count, purchases_total, last_seen_at FROM clients WHERE id = ? AND business_id = ?",
		      CXM_PARAMS(CXM_PINT(ids[w]), CXM_PINT(bid)));
		timed(cxm_printf(arena, "timeline, %s", who), timeline,
		      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(ids[w]), CXM_PINT(PAGE + 1)));
		timed(cxm_printf(arena, "timeline of notes, %s", who), timeline_kind,
		      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(ids[w]), CXM_PSTR("note"), CXM_PINT(PAGE + 1)));
	}
	struct cxm_rows r;
	if (cxm_db_query(db, arena, "SELECT email, phone FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(ids[0])), &r) !=
	    CXM_OK)
		die("client");
	const char *e = cxm_rows_get(&r, 0, 0), *p = cxm_rows_get(&r, 0, 1);
	timed("its possible duplicates (e-mail or phone)",
	      "SELECT COUNT(*) FROM clients WHERE business_id = ? AND live = 1 AND id <> ? AND (email = ? OR phone = ?)",
	      CXM_PARAMS(CXM_PINT(bid), CXM_PINT(ids[0]), e ? CXM_PSTR(e) : CXM_PNULL, p ? CXM_PSTR(p) : CXM_PNULL));
	timed("its tags",
	      "SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.client_id = ?"
	      " AND ct.business_id = ? ORDER BY t.name",
	      CXM_PARAMS(CXM_PINT(ids[0]), CXM_PINT(bid)));
}

static void duplicate_cases(void)
{
	printf("\n  duplicates page (25 groups)\n");
	timed("e-mail groups, first page",
	      "SELECT email, COUNT(*) FROM clients WHERE business_id = ? AND live = 1"
	      " AND email IS NOT NULL AND email > ? GROUP BY email HAVING COUNT(*) > 1 ORDER BY email LIMIT ?",
	      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(""), CXM_PINT(26)));
	timed("phone groups, first page",
	      "SELECT phone, COUNT(*) FROM clients WHERE business_id = ? AND live = 1"
	      " AND phone IS NOT NULL AND phone > ? GROUP BY phone HAVING COUNT(*) > 1 ORDER BY phone LIMIT ?",
	      CXM_PARAMS(CXM_PINT(bid), CXM_PSTR(""), CXM_PINT(26)));
}

int main(int argc, char **argv)
{
	const char *conf = NULL, *slug = NULL, *keyfile = NULL;
	long long position = 0;
	int opt;
	while ((opt = getopt(argc, argv, "c:b:n:p:k:")) != -1) {
		switch (opt) {
		case 'c': conf = optarg; break;
		case 'b': slug = optarg; break;
		case 'n': runs = atoi(optarg); break;
		case 'p': position = atoll(optarg); break;
		case 'k': keyfile = optarg; break;
		default:
			fprintf(stderr, "usage: sql_bench -c CONF -b SLUG [-n RUNS] [-p POSITION] [-k KEYFILE]\n");
			return 2;
		}
	}
	if (!conf || !slug || runs < 1) {
		fprintf(stderr, "usage: sql_bench -c CONF -b SLUG [-n RUNS] [-p POSITION] [-k KEYFILE]\n");
		return 2;
	}
	cxm_log_open("sql_bench", CXM_LOG_STDERR, CXM_LOG_WARN);
	struct cxm_config cfg;
	char err[1024];
	cxm_config_defaults(&cfg);
	if (cxm_config_load(&cfg, conf, err, sizeof(err)) != CXM_OK) {
		fprintf(stderr, "sql_bench: %s\n", err);
		return 1;
	}
	char *password = NULL;
	if (*cfg.db_password_file && !(password = cxm_read_secret(cfg.db_password_file, err, sizeof(err)))) {
		fprintf(stderr, "sql_bench: %s\n", err);
		return 1;
	}
	if (cxm_db_open(cfg.db_dsn, password, &db, err, sizeof(err)) != CXM_OK || cxm_db_connect(db) != CXM_OK) {
		fprintf(stderr, "sql_bench: cannot connect: %s\n", db ? cxm_db_error(db) : err);
		return 1;
	}
	arena = cxm_arena_new(1 << 20);
	const char *id = scalar("SELECT id FROM businesses WHERE slug = ?", CXM_PARAMS(CXM_PSTR(slug)));
	if (!id) {
		fprintf(stderr, "sql_bench: no business %s\n", slug);
		return 1;
	}
	bid = atoll(id);
	long long n = atoll(scalar("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(bid))));
	const char *ni = scalar("SELECT COUNT(*) FROM interactions WHERE business_id = ?", CXM_PARAMS(CXM_PINT(bid)));
	/* 90 days before the day after the latest contact */
	const char *cutoff = scalar("SELECT DATE_FORMAT(MAX(last_seen_at) - INTERVAL 89 DAY, '%Y-%m-%d') FROM clients"
	                            " WHERE business_id = ?", CXM_PARAMS(CXM_PINT(bid)));
	n_clients = n;
	if (!position)
		position = n / 4 > 0 ? n / 4 : 1;
	if (keyfile && !(keys = fopen(keyfile, "w"))) {
		perror(keyfile);
		return 1;
	}
	printf("SQL of the client pages: business %s, %lld clients, %s interactions; %d runs each\n", slug, n, ni,
	       runs);
	printf("  %-44s %6s %9s %9s   %s\n", "case", "rows", "median ms", "p95 ms", "< 100 ms");
	list_cases(position);
	search_cases();
	filter_cases(cutoff ? cutoff : "2000-01-01");
	client_cases();
	duplicate_cases();
	if (keys)
		fclose(keys);
	printf("\n  %s\n", worst_failed ? "some cases are NOT under 100 ms (p95)" : "every case is under 100 ms (p95)");
	cxm_db_close(db);
	cxm_arena_free(arena);
	free(password);
	cxm_config_free(&cfg);
	return 0;
}
