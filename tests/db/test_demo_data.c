/* cxmctl demo-data against a real, migrated database, run as an operator
 * runs it: the same options give the same rows (modulo ids); the number of
 * clients and of every client's interactions is exactly what the count
 * formula of docs/clients.md gives, re-implemented here from that text;
 * each client's aggregates are what cxm_client_recount computes; the
 * shares (women, churned, consent, duplicates) are near their targets;
 * every generated value passes cxm_client_check / cxm_interaction_check
 * unchanged; other businesses are left alone; --replace, --if-empty and
 * --defer-indexes do what they say. Every test has a fresh database. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "arena.h"
#include "client.h"
#include "db.h"
#include "harness.h"
#include "interaction.h"
#include "log.h"

static char *dir;
static char *conf;
static char *dsn;
static struct cxm_db *db;
static struct cxm_arena *arena;

#define TODAY "2026-06-01"

static void setup(void)
{
	dir = th_tmpdir("demo");
	conf = malloc(4200);
	snprintf(conf, 4200, "%s/cxm.conf", dir);
	dsn = th_db_create_migrated("demo");
	FILE *f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "db_dsn = %s\nsql_dir = %s/sql\n", dsn, th_srcdir());
	fclose(f);
	db = th_db_connect(dsn);
	arena = cxm_arena_new(1 << 16);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* ---- helpers --------------------------------------------------------- */

struct run {
	int status;
	char out[8192];
	char err[16384];
};

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
}

/* Runs "cxmctl -c CONF ARGS" (standard input and output are files). */
static void ctl(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ctl(struct run *r, const char *fmt, ...)
{
	char args[2048], cmd[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s/core/cxmctl -c %s %s </dev/null >%s/out 2>%s/err", th_builddir(),
	         conf, args, dir, dir);
	int st = system(cmd);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	char path[4300];
	snprintf(path, sizeof(path), "%s/out", dir);
	slurp(path, r->out, sizeof(r->out));
	snprintf(path, sizeof(path), "%s/err", dir);
	slurp(path, r->err, sizeof(r->err));
}

static long long business(const char *slug, const char *industry)
{
	struct run r;
	ctl(&r, "business add --industry %s --timezone Europe/Minsk %s", industry, slug);
	ck_assert_msg(r.status == 0, "%s", r.err);
	struct cxm_rows rows;
	ck_assert_int_eq(cxm_db_query(db, arena, "SELECT id FROM businesses WHERE slug = ?",
	                              CXM_PARAMS(CXM_PSTR(slug)), &rows), CXM_OK);
	return cxm_rows_int(&rows, 0, 0, 0);
}

static void load(const char *args)
{
	struct run r;
	ctl(&r, "demo-data --today " TODAY " %s", args);
	ck_assert_msg(r.status == 0, "demo-data %s: %s", args, r.err);
}

static long long one(const char *sql, long long bid)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, CXM_PARAMS(CXM_PINT(bid)), &r) == CXM_OK, "%s: %s", sql,
	              cxm_db_error(db));
	return cxm_rows_int(&r, 0, 0, -1);
}

/* All rows of a query with one parameter, as text (cells separated by
 * tabs, NULL as \N), malloc'd. */
static char *dump(const char *sql, long long bid)
{
	struct cxm_cursor *c;
	ck_assert_msg(cxm_db_cursor(db, arena, sql, CXM_PARAMS(CXM_PINT(bid)), &c) == CXM_OK, "%s: %s", sql,
	              cxm_db_error(db));
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	int more;
	while ((more = cxm_cursor_next(c)) == 1) {
		for (size_t i = 0; i < cxm_cursor_ncols(c); i++) {
			size_t n;
			const char *v = cxm_cursor_get(c, i, &n);
			if (!v) {
				v = "\\N";
				n = 2;
			}
			while (len + n + 2 >= cap)
				out = realloc(out, cap *= 2);
			memcpy(out + len, v, n);
			len += n;
			out[len++] = i + 1 < cxm_cursor_ncols(c) ? '\t' : '\n';
		}
	}
	ck_assert_int_eq(more, 0);
	cxm_cursor_close(c);
	out[len] = 0;
	return out;
}

/* A business's data without ids: clients in id order with their tags;
 * interactions with their client's position and the names of service,
 * branch and staff member, in each client's time order (the writers may
 * give a history's rows ids in another order; no two share a time). */
static char *dump_business(long long bid)
{
	static const char *const q[] = {
		"SELECT name, email, phone, phone_rev, birth_date, age_band, gender, region, city, profession,"
		" profession_other, source, source_detail, first_seen, marketing_consent, consent_at,"
		" last_seen_at, interactions_count, purchases_count, purchases_total, live, created_at,"
		" updated_at, (SELECT GROUP_CONCAT(t.name ORDER BY t.name) FROM client_tags ct JOIN tags t"
		" ON t.id = ct.tag_id WHERE ct.client_id = c.id) FROM clients c WHERE business_id = ?"
		" ORDER BY id",
		"SELECT (SELECT COUNT(*) FROM clients o WHERE o.business_id = c.business_id AND o.id <= c.id),"
		" i.kind, i.occurred_at, i.channel, i.amount, i.currency, s.name, l.name, st.name, i.items,"
		" i.text, i.ref_id, i.created_by, i.created_at FROM interactions i"
		" JOIN clients c ON c.id = i.client_id"
		" LEFT JOIN services s ON s.id = i.service_id LEFT JOIN locations l ON l.id = i.location_id"
		" LEFT JOIN staff st ON st.id = i.staff_id WHERE i.business_id = ? ORDER BY c.id, i.occurred_at",
	};
	char *a = dump(q[0], bid), *b = dump(q[1], bid);
	char *all = malloc(strlen(a) + strlen(b) + 2);
	sprintf(all, "%s\f%s", a, b);
	free(a);
	free(b);
	return all;
}

/* ---- the count formula, re-implemented from docs/clients.md --------- */

static uint64_t sm_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t sm_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double sm_unit(uint64_t *x)
{
	return (double)(sm_next(x) >> 11) / 9007199254740992.0;
}

static long days_between(const char *from, const char *to)
{
	struct tm a = {0}, b = {0};
	sscanf(from, "%d-%d-%d", &a.tm_year, &a.tm_mon, &a.tm_mday);
	sscanf(to, "%d-%d-%d", &b.tm_year, &b.tm_mon, &b.tm_mday);
	a.tm_year -= 1900;
	b.tm_year -= 1900;
	a.tm_mon--;
	b.tm_mon--;
	return (long)((timegm(&b) - timegm(&a)) / 86400);
}

struct expect {
	long d0;        /* first_seen, days after the start */
	int churned;
	long count;
};

/* Client idx of a run with seed, a period of D days and m interactions
 * per client: the life stream is mix(mix(seed) + 4 idx + 1); its first five
 * units u1..u5 decide everything. */
static void expected(uint64_t seed, long long idx, long D, double m, struct expect *e)
{
	uint64_t x = sm_mix(sm_mix(seed) + 4 * (uint64_t)idx + 1);
	double u[5];
	for (int i = 0; i < 5; i++)
		u[i] = sm_unit(&x);
	double f = (double)(D - 90) / D;
	double p = 0.25 / ((f + f * f / 2) / 1.5);
	if (p > 0.95)
		p = 0.95;
	long d0 = (long)((sqrt(1 + 3 * u[0]) - 1) * D);
	if (d0 > D - 1)
		d0 = D - 1;
	long last_churn_day = D - 91;
	int churned = d0 <= last_churn_day && u[1] < p;
	long anchor, end;
	if (churned) {
		anchor = d0 + (long)(u[2] * (last_churn_day - d0 + 1));
		end = anchor;
	} else {
		long lo = d0 > D - 90 ? d0 : D - 90;
		anchor = lo + (long)(u[2] * (D - lo));
		end = D - 1;
	}
	double g = -(log(1 - u[3]) + log(1 - u[4])) / 2;
	long span = end - d0 + 1;
	long n = 0;
	if (m > 0) {
		n = (long)(m * g * span / (0.375 * D) + 0.5);
		if (n < 1)
			n = 1;
		if (anchor > d0 && n < 2)
			n = 2;
		if (n > span)
			n = span;
	}
	e->d0 = d0;
	e->churned = churned;
	e->count = n;
}

/* ---- tests ------------------------------------------------------------ */

START_TEST(same_options_same_rows)
{
	long long a = business("alpha", "salon"), b = business("beta", "salon"), c = business("gamma", "salon");
	long long d = business("delta", "salon");
	load("--business alpha --clients 300 --seed 42");
	load("--business beta --clients 300 --seed 42 --writers 4");
	load("--business gamma --clients 300 --seed 43");
	load("--business delta --clients 300 --seed 42 --writers 1");
	char *da = dump_business(a), *db_ = dump_business(b), *dc = dump_business(c), *dd = dump_business(d);
	ck_assert_uint_gt(strlen(da), 10000);
	ck_assert_msg(strcmp(da, db_) == 0, "two runs with the same seed differ");
	ck_assert_msg(strcmp(da, dd) == 0, "one writer gives other data than two");
	ck_assert_msg(strcmp(da, dc) != 0, "another seed gives the same data");
	free(dd);
	/* the ids are really different rows */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ?", b), 300);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM interactions i JOIN clients c ON c.id = i.client_id"
	                     " WHERE i.business_id = ? AND c.business_id <> i.business_id", b), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM interactions WHERE business_id = ?", a),
	                 one("SELECT COUNT(*) FROM interactions WHERE business_id = ?", b));
	free(da);
	free(db_);
	free(dc);
}
END_TEST

/* Every client's first-seen day, churn and history size, and the totals,
 * as the formula gives them. */
static void check_counts(long long bid, uint64_t seed, long long n, int years, double m)
{
	char start[32];
	int y, mo, d;
	sscanf(TODAY, "%d-%d-%d", &y, &mo, &d);
	snprintf(start, sizeof(start), "%04d-%02d-%02d", y - years, mo, d);
	long D = days_between(start, TODAY);
	ck_assert_int_eq(D, years == 1 ? 365 : years == 2 ? 730 : D);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena,
	                              "SELECT DATEDIFF(first_seen, ?), interactions_count,"
	                              " last_seen_at < ? - INTERVAL 90 DAY,"
	                              " (SELECT COUNT(*) FROM interactions i WHERE i.client_id = c.id)"
	                              " FROM clients c WHERE business_id = ? ORDER BY id",
	                              CXM_PARAMS(CXM_PSTR(start), CXM_PSTR(TODAY), CXM_PINT(bid)), &r),
	                 CXM_OK);
	ck_assert_int_eq(r.nrows, n);
	long long total = 0;
	for (long long i = 0; i < n; i++) {
		struct expect e;
		expected(seed, i, D, m, &e);
		ck_assert_msg(cxm_rows_int(&r, (size_t)i, 0, -1) == e.d0, "client %lld: first seen day %lld, want %ld",
		              i, cxm_rows_int(&r, (size_t)i, 0, -1), e.d0);
		ck_assert_msg(cxm_rows_int(&r, (size_t)i, 1, -1) == e.count, "client %lld: %lld interactions, want %ld",
		              i, cxm_rows_int(&r, (size_t)i, 1, -1), e.count);
		ck_assert_int_eq(cxm_rows_int(&r, (size_t)i, 3, -1), e.count);
		/* a client first seen within the last 90 days is never churned */
		ck_assert_msg(cxm_rows_int(&r, (size_t)i, 2, -1) == (e.churned || (m == 0 && e.d0 < D - 90)),
		              "client %lld: churned %lld, want %d", i, cxm_rows_int(&r, (size_t)i, 2, -1), e.churned);
		total += e.count;
	}
	ck_assert_int_eq(one("SELECT COUNT(*) FROM interactions WHERE business_id = ?", bid), total);
}

START_TEST(exact_counts)
{
	long long a = business("alpha", "salon"), b = business("beta", "retail"), c = business("gamma", "clinic");
	load("--business alpha --clients 700 --seed 9");
	check_counts(a, 9, 700, 2, 10);
	load("--business beta --clients 400 --seed 12345678901234 --years 1 --interactions-per-client 3.5");
	check_counts(b, 12345678901234ULL, 400, 1, 3.5);
	load("--business gamma --clients 150 --seed 0 --interactions-per-client 0");
	check_counts(c, 0, 150, 2, 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM interactions WHERE business_id = ?", c), 0);
	/* with no history, last seen is the first-seen day */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ?"
	                     " AND last_seen_at <> CAST(first_seen AS DATETIME(6))", c), 0);
}
END_TEST

START_TEST(aggregates_match_recount)
{
	long long a = business("alpha", "salon");
	load("--business alpha --clients 600 --seed 5");
	/* by SQL, straight from the interactions */
	ck_assert_int_eq(
		one("SELECT COUNT(*) FROM clients c LEFT JOIN (SELECT client_id, COUNT(*) n,"
		    " SUM(kind = 'purchase') np, SUM(IF(kind = 'purchase', amount, 0)) total,"
		    " MAX(occurred_at) last FROM interactions GROUP BY client_id) i ON i.client_id = c.id"
		    " WHERE c.business_id = ? AND NOT (c.interactions_count = COALESCE(i.n, 0)"
		    " AND c.purchases_count = COALESCE(i.np, 0) AND c.purchases_total = COALESCE(i.total, 0)"
		    " AND c.last_seen_at = GREATEST(CAST(c.first_seen AS DATETIME(6)), COALESCE(i.last, c.first_seen)))",
		    a),
		0);
	ck_assert_int_gt(one("SELECT SUM(purchases_count) FROM clients WHERE business_id = ?", a), 1000);
	/* and through the model: recounting changes nothing */
	char *before = dump_business(a);
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena, "SELECT id FROM clients WHERE business_id = ?",
	                              CXM_PARAMS(CXM_PINT(a)), &r), CXM_OK);
	for (size_t i = 0; i < r.nrows; i++)
		ck_assert_int_eq(cxm_client_recount(db, a, cxm_rows_int(&r, i, 0, 0)), CXM_OK);
	char *after = dump_business(a);
	ck_assert_msg(strcmp(before, after) == 0, "cxm_client_recount changed generated aggregates");
	free(before);
	free(after);
	/* interactions are on or after the first-seen day and before today */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM interactions i JOIN clients c ON c.id = i.client_id"
	                     " WHERE i.business_id = ? AND (DATE(i.occurred_at + INTERVAL 3 HOUR) < c.first_seen"
	                     " OR i.occurred_at >= '" TODAY "')", a), 0);
	/* no two interactions of a client at the same time */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM (SELECT client_id, occurred_at FROM interactions"
	                     " WHERE business_id = ? GROUP BY client_id, occurred_at HAVING COUNT(*) > 1) x", a), 0);
}
END_TEST

START_TEST(shares_near_targets)
{
	long long a = business("alpha", "salon"), h = business("hosting", "hosting");
	load("--business alpha --clients 5000 --seed 2");
	load("--business hosting --clients 2000 --seed 2 --interactions-per-client 2");
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena,
	                              "SELECT AVG(gender = 'female'), AVG(last_seen_at < ? - INTERVAL 90 DAY),"
	                              " AVG(marketing_consent), AVG(consent_at IS NOT NULL) FROM clients"
	                              " WHERE business_id = ? AND marketing_consent IN (0, 1)",
	                              CXM_PARAMS(CXM_PSTR(TODAY), CXM_PINT(a)), &r), CXM_OK);
	double women = atof(cxm_rows_get(&r, 0, 0)), churned = atof(cxm_rows_get(&r, 0, 1)),
	       consent = atof(cxm_rows_get(&r, 0, 2)), consent_dated = atof(cxm_rows_get(&r, 0, 3));
	/* binomial standard deviations at n = 5000 are about 0.007 */
	ck_assert_msg(fabs(women - 0.65) < 0.03, "women %.3f", women);
	ck_assert_msg(fabs(churned - 0.25) < 0.03, "churned %.3f", churned);
	ck_assert_msg(fabs(consent - 0.60) < 0.03, "consent %.3f", consent);
	ck_assert_msg(consent == consent_dated, "consent without a date");
	/* a second record of an earlier client: 0.5 %, about 25 of 5000 */
	long long dups = one("SELECT COUNT(*) FROM clients c WHERE c.business_id = ? AND EXISTS (SELECT 1"
	                     " FROM clients o WHERE o.business_id = c.business_id AND o.id < c.id"
	                     " AND (o.email = c.email OR o.phone = c.phone))", a);
	ck_assert_msg(dups >= 10 && dups <= 40, "duplicates %lld", dups);
	/* the average history is about --interactions-per-client */
	long long ni = one("SELECT COUNT(*) FROM interactions WHERE business_id = ?", a);
	ck_assert_msg(ni > 5000 * 9 && ni < 5000 * 11, "interactions %lld", ni);
	/* Belarusian and Russian phones, and every client reachable */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND email IS NULL"
	                     " AND phone IS NULL", a), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND phone IS NOT NULL"
	                     " AND NOT (phone REGEXP '^\\\\+375(29|33|44|25)[1-9][0-9]{6}$'"
	                     " OR (region = 'other' AND phone REGEXP '^\\\\+79[0-9]{9}$'))", a), 0);
	ck_assert_int_gt(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND phone LIKE '+7%'", a), 50);
	/* female surnames in -ова agree with the gender, and so do patronymics */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND gender = 'male'"
	                     " AND (name LIKE '%овна' OR name LIKE '%ова %' OR name LIKE '%ская%')", a), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND gender = 'female'"
	                     " AND (name LIKE '%ов %' OR name LIKE '%ев %' OR name LIKE '%ский%')", a), 0);
	/* "Фамилия Имя Отчество": -вич/-ич for men, -вна/-чна for women */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND LENGTH(name) -"
	                     " LENGTH(REPLACE(name, ' ', '')) = 2 AND NOT IF(gender = 'male', name LIKE '%ич',"
	                     " name LIKE '%вна' OR name LIKE '%чна')", a), 0);
	ck_assert_int_gt(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND gender = 'female'"
	                     " AND name LIKE '%овна'", a), 100);
	ck_assert_int_gt(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND gender = 'female'"
	                     " AND name LIKE '%евич %'", a), 20);
	/* social sources name the network */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ? AND source = 'social'"
	                     " AND source_detail NOT IN ('Instagram', 'Telegram', 'TikTok', 'Viber',"
	                     " 'Facebook', 'ВКонтакте')", a), 0);
	/* more before New Year than in the summer (per day, both years) */
	ck_assert_int_gt(one("SELECT SUM(MONTH(occurred_at) = 12) / 31 > 1.4 * SUM(MONTH(occurred_at) = 7) / 31"
	                     " FROM interactions WHERE business_id = ? AND occurred_at >= '2025-01-01'", a), 0);
	/* a hosting company's clients are mostly men */
	ck_assert_int_eq(cxm_db_query(db, arena, "SELECT AVG(gender = 'female') FROM clients WHERE business_id = ?",
	                              CXM_PARAMS(CXM_PINT(h)), &r), CXM_OK);
	women = atof(cxm_rows_get(&r, 0, 0));
	ck_assert_msg(fabs(women - 0.25) < 0.04, "hosting women %.3f", women);
}
END_TEST

/* Every stored value is what cxm_client_check makes of it. */
START_TEST(values_pass_the_checks)
{
	long long a = business("alpha", "salon");
	load("--business alpha --clients 800 --seed 77");
	static const char *const cols[CXM_CF_MAX] = {
		[CXM_CF_EXTERNAL_ID] = "external_id", [CXM_CF_NAME] = "name", [CXM_CF_EMAIL] = "email",
		[CXM_CF_PHONE] = "phone", [CXM_CF_BIRTH_DATE] = "birth_date", [CXM_CF_AGE_BAND] = "age_band",
		[CXM_CF_GENDER] = "gender", [CXM_CF_REGION] = "region", [CXM_CF_CITY] = "city",
		[CXM_CF_PROFESSION] = "profession", [CXM_CF_PROFESSION_OTHER] = "profession_other",
		[CXM_CF_SOURCE] = "source", [CXM_CF_SOURCE_DETAIL] = "source_detail",
		[CXM_CF_FIRST_SEEN] = "first_seen", [CXM_CF_MARKETING_CONSENT] = "marketing_consent",
		[CXM_CF_TAGS] = "tags",
	};
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(db, arena,
	                              "SELECT external_id, name, email, phone, birth_date, age_band, gender,"
	                              " region, city, profession, profession_other, source, source_detail,"
	                              " first_seen, marketing_consent, (SELECT GROUP_CONCAT(t.name ORDER BY"
	                              " t.name SEPARATOR ', ') FROM client_tags ct JOIN tags t ON t.id ="
	                              " ct.tag_id WHERE ct.client_id = c.id), phone_rev FROM clients c"
	                              " WHERE business_id = ? ORDER BY id",
	                              CXM_PARAMS(CXM_PINT(a)), &r), CXM_OK);
	ck_assert_int_eq(r.nrows, 800);
	int with_tags = 0;
	struct cxm_arena *work = cxm_arena_new(1 << 14);
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_client_input in;
		memset(&in, 0, sizeof(in));
		for (int f = 0; f < CXM_CF_MAX; f++)
			in.v[f] = cxm_rows_get(&r, i, (size_t)f) ? cxm_rows_get(&r, i, (size_t)f) : "";
		struct cxm_client c;
		struct cxm_client_errors err;
		cxm_client_check(work, NULL, &in, 1, &c, &err);
		for (int f = 0; f < CXM_CF_MAX; f++)
			ck_assert_msg(!err.field[f], "client %zu: %s '%s': %s", i, cols[f], in.v[f], err.field[f]);
		for (int f = 0; f < CXM_CF_MAX; f++) {
			if (f == CXM_CF_TAGS)
				continue;
			const char *stored = cxm_rows_get(&r, i, (size_t)f);
			const char *checked = c.v[f];
			ck_assert_msg((!stored && !checked) || (stored && checked && strcmp(stored, checked) == 0),
			              "client %zu: %s stored '%s', normalised '%s'", i, cols[f], stored ? stored : "NULL",
			              checked ? checked : "NULL");
		}
		if (c.ntags) {
			with_tags++;
			size_t commas = 0;
			for (const char *p = in.v[CXM_CF_TAGS]; *p; p++)
				commas += *p == ',';
			ck_assert_uint_eq(c.ntags, commas + 1);
		}
		/* phone_rev is the phone's digits reversed */
		const char *ph = cxm_rows_get(&r, i, CXM_CF_PHONE), *rev = cxm_rows_get(&r, i, 16);
		if (ph) {
			size_t n = strlen(ph), k = 0;
			char want[32];
			for (size_t j = n; j > 0; j--)
				if (ph[j - 1] >= '0' && ph[j - 1] <= '9')
					want[k++] = ph[j - 1];
			want[k] = 0;
			ck_assert_str_eq(rev, want);
		} else {
			ck_assert_ptr_null(rev);
		}
		cxm_arena_reset(work);
	}
	ck_assert_int_gt(with_tags, 100);
	/* and every interaction is what cxm_interaction_check makes of it (UTC) */
	ck_assert_int_eq(cxm_db_query(db, arena,
	                              "SELECT i.kind, DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s'), i.channel,"
	                              " i.amount, i.currency, s.name, l.name, st.name, i.items, i.text"
	                              " FROM interactions i LEFT JOIN services s ON s.id = i.service_id"
	                              " LEFT JOIN locations l ON l.id = i.location_id"
	                              " LEFT JOIN staff st ON st.id = i.staff_id WHERE i.business_id = ?",
	                              CXM_PARAMS(CXM_PINT(a)), &r), CXM_OK);
	ck_assert_uint_gt(r.nrows, 5000);
	int kinds[CXM_IK_MAX] = {0};
	for (size_t i = 0; i < r.nrows; i++) {
		const char *in[CXM_IF_MAX], *err[CXM_IF_MAX];
		for (int f = 0; f < CXM_IF_MAX; f++)
			in[f] = cxm_rows_get(&r, i, (size_t)f);
		struct cxm_interaction it;
		int bad = cxm_interaction_check(work, in, NULL, "BYN", &it, err);
		for (int f = 0; f < CXM_IF_MAX; f++)
			ck_assert_msg(!err[f], "interaction %zu: %s '%s': %s", i, cxm_ifield_codes[f],
			              in[f] ? in[f] : "NULL", err[f]);
		ck_assert_int_eq(bad, 0);
		ck_assert_str_eq(cxm_ikind_names[it.kind], in[CXM_IF_KIND]);
		ck_assert_str_eq(it.occurred_at, in[CXM_IF_OCCURRED_AT]);
		if (in[CXM_IF_AMOUNT])
			ck_assert_str_eq(it.amount, in[CXM_IF_AMOUNT]);
		kinds[it.kind]++;
		cxm_arena_reset(work);
	}
	cxm_arena_free(work);
	/* every kind a manager can enter appears; none of the others */
	for (int k = 0; k < CXM_IK_MAX; k++)
		ck_assert_msg(cxm_ikind_manual((enum cxm_ikind)k) ? kinds[k] > 0 : kinds[k] == 0, "kind %s: %d",
		              cxm_ikind_names[k], kinds[k]);
}
END_TEST

START_TEST(other_business_untouched_and_replace)
{
	long long a = business("alpha", "salon"), o = business("other", "retail");
	/* someone else's client with a history, made through the model */
	struct cxm_client_input in;
	memset(&in, 0, sizeof(in));
	in.v[CXM_CF_NAME] = "Анна Жук";
	in.v[CXM_CF_EMAIL] = "anna@example.com";
	in.v[CXM_CF_TAGS] = "VIP";
	struct cxm_client c;
	struct cxm_client_errors err;
	ck_assert_int_eq(cxm_client_check(arena, NULL, &in, 1, &c, &err), 0);
	long long id = 0;
	ck_assert_int_eq(cxm_client_save(db, arena, o, NULL, &c, &id), CXM_OK);
	const char *iv[CXM_IF_MAX] = {[CXM_IF_KIND] = "purchase", [CXM_IF_OCCURRED_AT] = "2026-05-01 12:00",
	                              [CXM_IF_AMOUNT] = "10", [CXM_IF_SERVICE] = "Стрижка женская",
	                              [CXM_IF_LOCATION] = "Салон на Немиге"};
	const char *ie[CXM_IF_MAX];
	struct cxm_interaction it;
	ck_assert_int_eq(cxm_interaction_check(arena, iv, NULL, "BYN", &it, ie), 0);
	ck_assert_int_eq(cxm_interaction_add(db, arena, o, id, &it, NULL), CXM_OK);
	char *other_before = dump_business(o);
	char *tags_before = dump("SELECT id, name FROM tags WHERE business_id = ? ORDER BY id", o);
	char *named_before = dump("SELECT s.id, s.name, l.id, l.name FROM services s JOIN locations l"
	                          " ON l.business_id = s.business_id WHERE s.business_id = ? ORDER BY 1, 3", o);

	load("--business alpha --clients 200 --seed 1");
	struct run r;
	/* a second load must be asked for */
	ctl(&r, "demo-data --today " TODAY " --business alpha --clients 200 --seed 1");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl demo-data: business alpha already has 200 clients; add --replace to"
	                        " delete them and their history first\n");
	ctl(&r, "demo-data --today " TODAY " --business alpha --clients 50 --seed 1 --if-empty");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "business alpha already has 200 clients; no demo data loaded\n");
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ?", a), 200);
	long long max_before = one("SELECT MAX(id) FROM clients WHERE business_id = ?", a);
	char *first = dump_business(a);

	/* --replace: the same seed again gives the same data with new ids */
	ctl(&r, "demo-data --today " TODAY " --business alpha --clients 200 --seed 1 --replace");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "demo data loaded into alpha: 200 clients, "));
	ck_assert_ptr_nonnull(strstr(r.err, "deleting the 200 clients of alpha"));
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ?", a), 200);
	ck_assert_int_gt(one("SELECT MIN(id) FROM clients WHERE business_id = ?", a), max_before);
	char *second = dump_business(a);
	ck_assert_msg(strcmp(first, second) == 0, "--replace with the same seed gave other data");
	/* a smaller set replaces the whole: nothing of the first load is left */
	load("--business alpha --clients 30 --seed 8 --replace");
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ?", a), 30);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM interactions WHERE business_id = ?"
	                     " AND client_id NOT IN (SELECT id FROM clients)", a), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM client_tags WHERE business_id = ?"
	                     " AND client_id NOT IN (SELECT id FROM clients)", a), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM tags WHERE business_id = ?", a), 8);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM locations WHERE business_id = ?", a), 1);

	/* the other business is exactly as it was */
	char *other_after = dump_business(o);
	ck_assert_str_eq(other_before, other_after);
	char *tags_after = dump("SELECT id, name FROM tags WHERE business_id = ? ORDER BY id", o);
	ck_assert_str_eq(tags_before, tags_after);
	char *named_after = dump("SELECT s.id, s.name, l.id, l.name FROM services s JOIN locations l"
	                         " ON l.business_id = s.business_id WHERE s.business_id = ? ORDER BY 1, 3", o);
	ck_assert_str_eq(named_before, named_after);
	ck_assert_int_eq(one("SELECT interactions_count FROM clients WHERE business_id = ?", o), 1);
	/* each load is in the audit log of its business */
	ck_assert_int_eq(one("SELECT COUNT(*) FROM audit_log WHERE business_id = ? AND action = 'demo_data_loaded'", a), 3);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM audit_log WHERE business_id = ? AND action = 'demo_data_loaded'", o), 0);
	free(other_before);
	free(other_after);
	free(tags_before);
	free(tags_after);
	free(named_before);
	free(named_after);
	free(first);
	free(second);
}
END_TEST

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* SHOW CREATE TABLE without the AUTO_INCREMENT counter, its lines sorted:
 * the order in which the server lists keys follows the order they were
 * made in, which says nothing about the schema. */
static char *table_def(struct cxm_db *d, const char *table)
{
	struct cxm_rows r;
	char sql[128];
	snprintf(sql, sizeof(sql), "SHOW CREATE TABLE %s", table);
	ck_assert_int_eq(cxm_db_query(d, arena, sql, CXM_NOPARAMS, &r), CXM_OK);
	char *s = strdup(cxm_rows_get(&r, 0, 1));
	char *p = strstr(s, " AUTO_INCREMENT=");
	if (p) {
		char *e = strchr(p + 1, ' ');
		memmove(p, e, strlen(e) + 1);
	}
	char *lines[256];
	size_t n = 0;
	for (char *l = strtok(s, "\n"); l && n < 256; l = strtok(NULL, "\n")) {
		size_t len = strlen(l);
		if (len && l[len - 1] == ',')
			l[len - 1] = 0;   /* the last key has no comma */
		lines[n++] = l;
	}
	qsort(lines, n, sizeof(lines[0]), cmp_lines);
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += strlen(lines[i]) + 1;
	char *out = malloc(total + 1);
	ck_assert_ptr_nonnull(out);
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		strcat(out, lines[i]);
		strcat(out, "\n");
	}
	free(s);
	return out;
}

START_TEST(defer_indexes)
{
	long long a = business("alpha", "salon");
	char *fresh_c = table_def(db, "clients"), *fresh_i = table_def(db, "interactions");
	load("--business alpha --clients 400 --seed 3 --defer-indexes");
	char *c = table_def(db, "clients"), *i = table_def(db, "interactions");
	ck_assert_str_eq(c, fresh_c);
	ck_assert_str_eq(i, fresh_i);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM instance_settings WHERE name LIKE 'demo_data%' AND ? > 0", 1), 0);
	/* the search words are there: every client named Анна has the word */
	ck_assert_int_gt(one("SELECT COUNT(*) FROM clients WHERE business_id = ?"
	                     " AND CONCAT(' ', name, ' ') LIKE '% Анна %'", a), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients c WHERE c.business_id = ?"
	                     " AND CONCAT(' ', c.name, ' ') LIKE '% Анна %'"
	                     " AND NOT EXISTS (SELECT 1 FROM client_words w WHERE w.client_id = c.id"
	                     " AND w.word = 'анна')", a),
	                 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM client_words WHERE business_id = ?", a),
	                 one("SELECT SUM(1 + LENGTH(TRIM(name)) - LENGTH(REPLACE(TRIM(name), ' ', '')))"
	                     " FROM clients WHERE business_id = ?", a));
	/* the same data as a load without deferring */
	long long b = business("beta", "salon");
	char *deferred = dump_business(a);
	struct run r;
	/* refused while another business has clients */
	load("--business beta --clients 400 --seed 3");
	char *plain = dump_business(b);
	ck_assert_str_eq(deferred, plain);
	ctl(&r, "demo-data --today " TODAY " --business alpha --clients 10 --seed 3 --replace --defer-indexes");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "--defer-indexes is only for a database where no other business"
	                                    " has clients"));
	char *c2 = table_def(db, "clients");
	ck_assert_str_eq(c2, fresh_c);
	/* an interrupted run's mark makes the next run build what is missing */
	ck_assert_int_eq(cxm_db_exec(db, "ALTER TABLE interactions DROP INDEX interactions_by_kind", CXM_NOPARAMS,
	                             NULL, NULL), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO instance_settings (name, value) VALUES"
	                                 " ('demo_data_deferred_indexes', 'alpha')", CXM_NOPARAMS, NULL, NULL), CXM_OK);
	ctl(&r, "demo-data --today " TODAY " --business beta --clients 5 --seed 3 --if-empty");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.err, "building the indexes left out by the load of alpha"));
	char *i2 = table_def(db, "interactions");
	ck_assert_str_eq(i2, fresh_i);
	free(fresh_c);
	free(fresh_i);
	free(c);
	free(i);
	free(c2);
	free(i2);
	free(deferred);
	free(plain);
}
END_TEST

/* An interaction the database refuses (a CHECK made for the test) stops
 * the load: the writer's error is reported and nothing stays behind. */
START_TEST(failure_leaves_nothing)
{
	long long a = business("alpha", "salon");
	ck_assert_int_eq(cxm_db_exec(db, "ALTER TABLE interactions ADD CONSTRAINT no_tea"
	                                 " CHECK (text IS NULL OR text <> 'Любит чай с лимоном')",
	                             CXM_NOPARAMS, NULL, NULL), CXM_OK);
	struct run r;
	ctl(&r, "demo-data --today " TODAY " --business alpha --clients 3000 --seed 1");
	ck_assert_int_eq(r.status, 1);
	ck_assert_msg(strstr(r.err, "cxmctl demo-data: loading failed: ") && strstr(r.err, "no_tea"), "%s", r.err);
	ck_assert_ptr_null(strstr(r.err, "were loaded before the failure"));
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ?", a), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM interactions WHERE business_id = ?", a), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM client_tags WHERE business_id = ?", a), 0);
	ck_assert_int_eq(one("SELECT COUNT(*) FROM audit_log WHERE business_id = ? AND action = 'demo_data_loaded'", a), 0);
	/* and then it loads */
	ck_assert_int_eq(cxm_db_exec(db, "ALTER TABLE interactions DROP CONSTRAINT no_tea", CXM_NOPARAMS, NULL, NULL),
	                 CXM_OK);
	load("--business alpha --clients 3000 --seed 1 --replace");
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE business_id = ?", a), 3000);
}
END_TEST

START_TEST(usage_errors)
{
	business("alpha", "salon");
	struct run r;
	ctl(&r, "demo-data --business alpha --clients 10");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "usage: cxmctl demo-data --business SLUG --clients N --seed S"));
	ctl(&r, "demo-data --business alpha --clients 0 --seed 1");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "cxmctl demo-data: --clients must be a number from 1 to 50000000\n");
	ctl(&r, "demo-data --business alpha --clients 10 --seed -1");
	ck_assert_int_eq(r.status, 2);
	ctl(&r, "demo-data --business alpha --clients 10 --seed 1 --years 11");
	ck_assert_int_eq(r.status, 2);
	ctl(&r, "demo-data --business alpha --clients 10 --seed 1 --today 2026-02-30");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "cxmctl demo-data: --today must be a date as YYYY-MM-DD\n");
	ctl(&r, "demo-data --business alpha --clients 10 --seed 1 --today 2999-01-01");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "--today must not be later than today"));
	ctl(&r, "demo-data --business nobody --clients 10 --seed 1");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl demo-data: no business nobody (cxmctl business list)\n");
	ck_assert_int_eq(one("SELECT COUNT(*) FROM clients WHERE ? > 0", 1), 0);
	ctl(&r, "demo-data --help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "--interactions-per-client M"));
}
END_TEST

static Suite *demo_suite(void)
{
	Suite *s = suite_create("demo_data");
	TCase *tc = tcase_create("generator");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, same_options_same_rows);
	tcase_add_test(tc, exact_counts);
	tcase_add_test(tc, aggregates_match_recount);
	tcase_add_test(tc, shares_near_targets);
	tcase_add_test(tc, values_pass_the_checks);
	tcase_add_test(tc, other_business_untouched_and_replace);
	tcase_add_test(tc, defer_indexes);
	tcase_add_test(tc, failure_leaves_nothing);
	tcase_add_test(tc, usage_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	cxm_log_open("test_demo_data", CXM_LOG_STDERR, CXM_LOG_WARN);
	th_mysql_socket();
	SRunner *sr = srunner_create(demo_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
