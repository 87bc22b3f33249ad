/* cxmctl demo-data: a deterministic generator of realistic clients with
 * their histories, for ./dev/up (a few thousand clients) and dev/bench (a
 * million). The same options (--clients, --seed, --years,
 * --interactions-per-client, --today) and the same business settings
 * (industry, currency, time zone) give the same rows, byte for byte, apart
 * from the ids; nothing depends on the clock but the default of --today.
 *
 * Every client's data is a function of the seed and its index alone: each
 * draws from its own splitmix64 streams (profile, life, history), so the
 * generator needs no memory of earlier clients and a duplicate can rebuild
 * the record it copies. Rows go in as multi-row prepared INSERTs in large
 * transactions. The tables it draws from are in demo_names.c. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <mysql.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "audit.h"
#include "client.h"
#include "ctl/ctl.h"
#include "ctl/demo.h"
#include "db.h"
#include "interaction.h"
#include "tz.h"

static const char usage_text[] =
	"usage: cxmctl demo-data --business SLUG --clients N --seed S [--years Y]\n"
	"                        [--interactions-per-client M] [--today YYYY-MM-DD]\n"
	"                        [--replace] [--if-empty] [--defer-indexes] [--writers W]\n"
	"  --years Y                    length of the histories, 1 to 10 (default 2)\n"
	"  --interactions-per-client M  average size of a history (default 10; 0: none)\n"
	"  --today YYYY-MM-DD           the day the data ends before (default: today, UTC);\n"
	"                               the same options and --today give the same data\n"
	"  --replace                    delete the business's clients and history first\n"
	"  --if-empty                   do nothing when the business already has clients\n"
	"  --defer-indexes              build the random-order indexes after the load (faster;\n"
	"                               only when no other business has clients)\n"
	"  --writers W                  connections inserting interactions, besides the one\n"
	"                               inserting clients (default 2)\n";

/* ---- the shares (documented in docs/clients.md) ---------------------------- */

#define DUP_SHARE 0.005          /* second records of an earlier client */
#define CHURN_SHARE 0.25         /* no interaction in the last 90 days */
#define CHURN_DAYS 90
#define CONSENT_SHARE 0.60
#define SPAN_FACTOR 0.375        /* normalises history sizes to about M on average */

/* ---- random numbers ---------------------------------------------------------- */

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The state of stream k of client idx: mix64(mix64(seed) + 4 idx + k). */
static uint64_t stream(uint64_t seed, uint64_t idx, enum demo_stream k)
{
	return mix64(mix64(seed) + idx * 4 + (uint64_t)k);
}

/* An index drawn with the weights w[0..n-1] (unsigned). */
static size_t weighted(uint64_t *s, const unsigned *w, size_t n)
{
	unsigned long total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	unsigned long x = (unsigned long)(demo_unit(s) * (double)total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* A permutation of [0, limit) (limit <= 2^bits, bits even): a four-round
 * Feistel network on bits bits, walked until it lands inside the range.
 * Gives every client a number of its own for its phone and e-mail. */
static uint64_t permute(uint64_t x, uint64_t limit, unsigned bits, uint64_t key)
{
	unsigned h = bits / 2;
	uint64_t mask = (1ULL << h) - 1;
	do {
		uint64_t l = x >> h, r = x & mask;
		for (uint64_t round = 0; round < 4; round++) {
			uint64_t f = mix64(r ^ (key + round * 0x9e3779b97f4a7c15ULL)) & mask;
			uint64_t nl = r;
			r = l ^ f;
			l = nl;
		}
		x = (l << h) | r;
	} while (x >= limit);
	return x;
}

/* ---- dates (days since 1970-01-01, proleptic Gregorian) --------------------- */

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void format_date(char out[11], long day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* "YYYY-MM-DD HH:MM:SS" of a count of seconds since the epoch. */
static void format_time(char out[20], long long t)
{
	long long day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long long sec = t - day * 86400;
	int y, m, d;
	civil_from_days((long)day, &y, &m, &d);
	char buf[64];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d", y % 10000, m, d, (int)(sec / 3600),
	         (int)(sec / 60 % 60), (int)(sec % 60));
	memcpy(out, buf, 19);
	out[19] = 0;
}

static int parse_day(const char *s, long *day)
{
	int y, m, d;
	char extra;
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || strlen(s) != 10)
		return 0;
	if (y < 1971 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	*day = days_from_civil(y, m, d);
	int yy, mm, dd;
	civil_from_days(*day, &yy, &mm, &dd);
	return yy == y && mm == m && dd == d;
}

/* ---- the run ------------------------------------------------------------------- */

#define MAX_LOCATIONS 8
#define MAX_STAFF 80

struct gen {
	uint64_t seed;
	long long n;              /* clients */
	double m;                 /* interactions per client, on average */
	int years;
	long today;               /* the anchor: nothing happens on it or later */
	long start;               /* the first day of the histories */
	long ndays;               /* days in [start, today) */
	double p_churn;           /* of a client first seen early enough to churn */
	double span_norm;         /* SPAN_FACTOR * ndays */
	const struct demo_industry *ind;
	long long business_id;
	char currency[4];
	double price_factor;      /* from BYN */
	int price_unit;           /* prices are multiples of this (whole units) */
	int *offset;              /* minutes local time is ahead of UTC, per day */
	unsigned email_bits;
	uint64_t email_limit;
	/* the business's branches, staff, services and tags */
	size_t nloc;
	long long loc_id[MAX_LOCATIONS];
	size_t nstaff;
	long long staff_id[MAX_STAFF];
	size_t staff_loc[MAX_STAFF];
	long long *service_id;        /* per ind->services */
	long long *visit_service_id;  /* per ind->visit_services */
	long long *tag_id;            /* per demo_tags */
	unsigned *city_w, *service_w[2], *visit_w[2];
	const char **city_region;     /* the model's region code of each city */
	size_t *by_surnames, *ru_surnames, nby, nru;
};

/* ---- a client's life: when first seen, whether and when they stopped
 * coming, how many interactions. Re-implemented independently by
 * tests/db/test_demo_data.c, which states the exact counts from it; change
 * both together. ---- */

struct life {
	long d0;          /* the first day (index from start): first_seen */
	long end;         /* the last day interactions may fall on */
	long anchor;      /* a day that has an interaction: the last one of a
	                   * churned client, one in the last 90 days otherwise */
	int churned;
	double g;         /* intensity, mean 1 */
	long count;
};

static void life_of(const struct gen *g, long long idx, struct life *l)
{
	uint64_t s = stream(g->seed, (uint64_t)idx, DEMO_S_LIFE);
	double u1 = demo_unit(&s), u2 = demo_unit(&s), u3 = demo_unit(&s), u4 = demo_unit(&s), u5 = demo_unit(&s);
	long D = g->ndays, cut = D - (CHURN_DAYS + 1);
	/* new clients grow linearly: density (1 + t) / 1.5 on t in [0, 1) */
	double t = sqrt(1.0 + 3.0 * u1) - 1.0;
	l->d0 = (long)(t * (double)D);
	if (l->d0 > D - 1)
		l->d0 = D - 1;
	l->churned = l->d0 <= cut && u2 < g->p_churn;
	if (l->churned) {
		l->anchor = l->d0 + (long)(u3 * (double)(cut - l->d0 + 1));
		l->end = l->anchor;
	} else {
		long lo = l->d0 > D - CHURN_DAYS ? l->d0 : D - CHURN_DAYS;
		l->anchor = lo + (long)(u3 * (double)(D - lo));
		l->end = D - 1;
	}
	l->g = -(log(1.0 - u4) + log(1.0 - u5)) / 2.0;
	long span = l->end - l->d0 + 1;
	if (g->m <= 0) {
		l->count = 0;
		return;
	}
	l->count = (long)(g->m * l->g * (double)span / g->span_norm + 0.5);
	if (l->count < 1)
		l->count = 1;
	if (l->anchor > l->d0 && l->count < 2)
		l->count = 2;
	if (l->count > span)
		l->count = span;
}

/* ---- a client's profile ------------------------------------------------------- */

/* The stored codes come from the model (cxm_cfields[f].choices in
 * core/client.c); the tables below go by their positions, which
 * check_choices() verifies against the model's counts:
 *   age bands   under 18, 18-25, 26-35, 36-45, 46-60, over 60
 *   genders     female, male
 *   occupations student, freelancer, office, executive, other
 *   sources     social, friends, search, advertising, walk-in, other */
#define N_BANDS 6
#define N_PROFESSIONS 5
#define PROFESSION_OTHER 4
#define N_SOURCES 6

static const char *choice(enum cxm_cfield f, size_t i)
{
	return cxm_cfields[f].choices[i];
}

static size_t nchoices(enum cxm_cfield f)
{
	size_t n = 0;
	while (cxm_cfields[f].choices[n])
		n++;
	return n;
}

static const unsigned age_band_w[N_BANDS] = {3, 20, 31, 24, 16, 6};
static const int age_lo[N_BANDS] = {12, 18, 26, 36, 46, 61}, age_hi[N_BANDS] = {17, 25, 35, 45, 60, 82};

/* per age band (and unknown age last): the occupations in order, then none */
static const unsigned profession_w[N_BANDS + 1][N_PROFESSIONS + 1] = {
	{95, 0, 0, 0, 0, 5},    {45, 12, 25, 0, 13, 5},  {3, 14, 45, 10, 20, 8},
	{0, 10, 42, 15, 25, 8}, {0, 6, 38, 14, 32, 10},  {0, 2, 8, 2, 68, 20},
	{7, 10, 40, 8, 20, 15},
};

/* the sources in order, then none */
static const unsigned source_w[N_SOURCES + 1] = {35, 25, 12, 8, 12, 3, 5};
static const char *const social_detail[] = {"Instagram", "Telegram", "TikTok", "Viber", "Facebook", "ВКонтакте"};
static const unsigned social_w[] = {50, 14, 14, 12, 6, 4};
static const char *const search_detail[] = {"Google", "Яндекс"};
static const char *const ad_detail[] = {"Яндекс.Директ", "реклама в Instagram", "наружная реклама", "листовка"};
static const char *const other_detail[] = {"Relax.by", "подарочный сертификат", "выставка"};

static const char *const by_operators[] = {"29", "33", "44", "25"};
static const unsigned by_operator_w[] = {40, 25, 30, 5};

struct person {
	int female;
	int band;           /* age band (position), -1: unknown */
	long birth;         /* day, or LONG_MIN-ish sentinel: no date */
	int has_birth;
	int birth_year;     /* a guess when only the band is known; 0 unknown */
	size_t first, father, surname;
	int format;         /* 0 "Фамилия Имя", 1 "Фамилия Имя Отчество", 2 "Имя Фамилия", 3 "Имя" */
	int city;           /* index into demo_cities, -1 none */
	int region_only;    /* the region is known, not the city */
	char email[96];
	char phone[20];
	int profession;     /* occupation (position), N_PROFESSIONS: none */
	int job;            /* demo_other_jobs index, -1 pensioner */
	int source;         /* source (position), N_SOURCES: none */
	const char *source_detail;
	int consent;
};

/* Latin letters for the Cyrillic ones of a name, lower case, for e-mails. */
static void translit(const char *s, char *out, size_t cap)
{
	static const char *const lower[] = {
		"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
		"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
	};
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && k + 5 < cap) {
		unsigned cp;
		if (*p < 0x80) {
			cp = *p++;
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				out[k++] = (char)cp;
			continue;
		}
		if ((p[0] & 0xe0) != 0xc0 || !p[1]) {
			p++;
			continue;
		}
		cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
		p += 2;
		const char *t = "";
		if (cp >= 0x410 && cp <= 0x42f)
			t = lower[cp - 0x410];
		else if (cp >= 0x430 && cp <= 0x44f)
			t = lower[cp - 0x430];
		else if (cp == 0x401 || cp == 0x451)
			t = "e";
		else if (cp == 0x406 || cp == 0x456)
			t = "i";
		else if (cp == 0x40e || cp == 0x45e)
			t = "u";
		size_t n = strlen(t);
		memcpy(out + k, t, n);
		k += n;
	}
	out[k] = 0;
}

static int is_dup(const struct gen *g, long long idx)
{
	uint64_t s = stream(g->seed, (uint64_t)idx, DEMO_S_PROFILE);
	return idx > 0 && demo_unit(&s) < DUP_SHARE;
}

static size_t pick_first_name(uint64_t *s, int female, int birth_year)
{
	size_t i = 0;
	for (int tries = 0; tries < 4; tries++) {
		i = demo_below(s, female ? demo_nfemale_names : demo_nmale_names);
		int era = female ? demo_female_names[i].era : demo_male_names[i].era;
		if (!birth_year || (era == DEMO_ERA_OLD && birth_year <= 1980) ||
		    (era == DEMO_ERA_YOUNG && birth_year >= 1988) || era == DEMO_ERA_ANY)
			break;
	}
	return i;
}

static void make_phone(const struct gen *g, uint64_t *s, long long idx, int russia, char out[20])
{
	uint64_t sub = 1000000 + permute((uint64_t)idx % 9000000, 9000000, 24, mix64(g->seed ^ 0x70686f6e65ULL));
	if (russia)
		snprintf(out, 20, "+79%02u%07llu", (unsigned)demo_below(s, 100), (unsigned long long)sub);
	else
		snprintf(out, 20, "+375%s%07llu", by_operators[weighted(s, by_operator_w, 4)],
		         (unsigned long long)sub);
}

static void make_email(const struct gen *g, uint64_t *s, long long idx, const struct person *p,
                       char out[96])
{
	const char *first = p->female ? demo_female_names[p->first].name : demo_male_names[p->first].name;
	const char *sur = p->female ? demo_surnames[p->surname].f : demo_surnames[p->surname].m;
	char f[40], l[40];
	translit(first, f, sizeof(f));
	translit(sur, l, sizeof(l));
	uint64_t num = 1 + permute((uint64_t)idx % g->email_limit, g->email_limit, g->email_bits,
	                           mix64(g->seed ^ 0x656d61696cULL));
	int russia = p->city >= 0 && demo_cities[p->city].russia;
	const struct demo_weighted *dom = russia ? demo_email_domains_ru : demo_email_domains;
	size_t ndom = russia ? demo_nemail_domains_ru : demo_nemail_domains;
	unsigned w[16];
	for (size_t i = 0; i < ndom; i++)
		w[i] = dom[i].weight;
	const char *domain = dom[weighted(s, w, ndom)].text;
	unsigned long long n = (unsigned long long)num;
	switch (demo_below(s, 6)) {
	case 0: snprintf(out, 96, "%s.%s%llu@%s", f, l, n, domain); break;
	case 1: snprintf(out, 96, "%s%llu@%s", l, n, domain); break;
	case 2: snprintf(out, 96, "%c.%s%llu@%s", f[0], l, n, domain); break;
	case 3: snprintf(out, 96, "%s%llu@%s", f, n, domain); break;
	case 4: snprintf(out, 96, "%s_%s%llu@%s", f, l, n, domain); break;
	default: snprintf(out, 96, "%s.%s%llu@%s", l, f, n, domain); break;
	}
}

/* The profile of client idx as if it were nobody's duplicate. Leaves *s
 * where its draws ended. */
static void base_profile(const struct gen *g, long long idx, uint64_t *s, struct person *p)
{
	memset(p, 0, sizeof(*p));
	*s = stream(g->seed, (uint64_t)idx, DEMO_S_PROFILE);
	(void)demo_unit(s);  /* the duplicate draw (is_dup) */
	p->female = demo_chance(s, g->ind->women_pct / 100.0);
	p->band = (int)weighted(s, age_band_w, N_BANDS);
	int age = age_lo[p->band] + (int)demo_below(s, (size_t)(age_hi[p->band] - age_lo[p->band] + 1));
	double known = demo_unit(s);
	int ty, tm, td;
	civil_from_days(g->today, &ty, &tm, &td);
	/* born within the year that makes them age years old today */
	long latest = days_from_civil(ty - age, tm, td > 28 && tm == 2 ? 28 : td);
	p->birth = latest - (long)demo_below(s, 365);
	int by, bm, bd;
	civil_from_days(p->birth, &by, &bm, &bd);
	p->birth_year = by;
	if (known < 0.55) {
		p->has_birth = 1;
	} else if (known >= 0.80) {
		p->band = -1;  /* neither a date nor a band */
		p->birth_year = 0;
	}
	p->first = pick_first_name(s, p->female, p->birth_year);
	for (int tries = 0; tries < 4; tries++) {
		p->father = demo_below(s, demo_nmale_names);
		int era = demo_male_names[p->father].era;
		if (!(era == DEMO_ERA_YOUNG && p->birth_year && p->birth_year < 2008) &&
		    !(era == DEMO_ERA_OLD && p->birth_year > 2000))
			break;
	}
	/* the city first: Russians mostly have Russian surnames */
	double cu = demo_unit(s);
	p->city = (int)weighted(s, g->city_w, demo_ncities);
	if (cu < 0.04) {
		p->city = -1;
	} else if (cu < 0.06) {
		p->region_only = 1;
	}
	int russia = p->city >= 0 && demo_cities[p->city].russia;
	int belarusian = demo_chance(s, russia ? 0.10 : 0.55);
	p->surname = belarusian ? g->by_surnames[demo_below(s, g->nby)] : g->ru_surnames[demo_below(s, g->nru)];
	static const unsigned format_w[] = {45, 30, 20, 5};
	p->format = (int)weighted(s, format_w, 4);
	int has_phone = demo_chance(s, 0.95);
	int has_email = demo_chance(s, 0.70);
	if (!has_phone && !has_email)
		has_phone = 1;
	if (has_phone)
		make_phone(g, s, idx, russia, p->phone);
	if (has_email)
		make_email(g, s, idx, p, p->email);
	p->profession = (int)weighted(s, profession_w[p->band >= 0 ? p->band : N_BANDS], N_PROFESSIONS + 1);
	p->job = (int)demo_below(s, demo_nother_jobs);
	if (p->band == N_BANDS - 1 && demo_chance(s, 0.8))   /* over 60: pensioners */
		p->job = -1;
	p->source = (int)weighted(s, source_w, N_SOURCES + 1);
	switch (p->source) {
	case 0: p->source_detail = social_detail[weighted(s, social_w, 6)]; break;
	case 2: p->source_detail = demo_chance(s, 0.5) ? search_detail[demo_below(s, 2)] : NULL; break;
	case 3: p->source_detail = demo_chance(s, 0.6) ? ad_detail[demo_below(s, 4)] : NULL; break;
	case 5: p->source_detail = other_detail[demo_below(s, 3)]; break;
	default: p->source_detail = NULL;
	}
	p->consent = demo_chance(s, CONSENT_SHARE);
}

/* The profile of client idx: its base profile, or, for 0.5 % of clients, a
 * second record of an earlier client: the same person again (same name in
 * another form, same e-mail) or someone of the same household (same
 * surname, city and phone). The record copied is never a duplicate itself,
 * so the e-mail or phone it shares is really stored. */
static void profile(const struct gen *g, long long idx, struct person *p)
{
	uint64_t s;
	base_profile(g, idx, &s, p);
	if (!is_dup(g, idx))
		return;
	long long j = (long long)(demo_unit(&s) * (double)idx);
	while (j > 0 && is_dup(g, j))
		j--;
	uint64_t sj;
	struct person o;
	base_profile(g, j, &sj, &o);
	if (demo_chance(&s, 0.6)) {
		char own_phone[20];
		memcpy(own_phone, p->phone, sizeof(own_phone));
		int format = p->format;
		*p = o;
		p->format = (format == o.format) ? (format + 1) % 4 : format;
		if (o.email[0]) {
			/* a new phone, or none given this time */
			if (demo_chance(&s, 0.5))
				memcpy(p->phone, own_phone, sizeof(p->phone));
			else
				memset(p->phone, 0, sizeof(p->phone));
		} else {
			p->email[0] = 0;
		}
	} else {
		p->surname = o.surname;
		p->city = o.city;
		p->region_only = o.region_only;
		if (o.phone[0]) {
			memcpy(p->phone, o.phone, sizeof(p->phone));
		} else {
			memcpy(p->email, o.email, sizeof(p->email));
		}
	}
}

/* ---- rows ------------------------------------------------------------------------ */

struct crow {
	char name[200];
	char email[96], phone[20], phone_rev[20], birth[11];
	const char *band, *gender, *region, *city, *profession, *profession_other, *source,
		*source_detail;
	char first_seen[11];
	int consent;
	char consent_at[20], last_seen[20], created[20];
	long count, purchases;
	long long cents;
	char total[24];
	unsigned tags;    /* bit i: demo_tags[i] */
};

struct irow {
	long long client_id;
	size_t client;    /* index in the batch until the id is known */
	enum cxm_ikind kind;
	char at[20];
	const char *channel;
	char amount[24];
	long long service_id, location_id, staff_id;
	char items[160];
	const char *text;
};

static void fill_client(const struct gen *g, const struct person *p, struct crow *c)
{
	memset(c, 0, sizeof(*c));
	const char *first = p->female ? demo_female_names[p->first].name : demo_male_names[p->first].name;
	const char *sur = p->female ? demo_surnames[p->surname].f : demo_surnames[p->surname].m;
	const char *patr = p->female ? demo_male_names[p->father].patr_f : demo_male_names[p->father].patr_m;
	switch (p->format) {
	case 0: snprintf(c->name, sizeof(c->name), "%s %s", sur, first); break;
	case 1: snprintf(c->name, sizeof(c->name), "%s %s %s", sur, first, patr); break;
	case 2: snprintf(c->name, sizeof(c->name), "%s %s", first, sur); break;
	default: snprintf(c->name, sizeof(c->name), "%s", first); break;
	}
	memcpy(c->email, p->email, sizeof(c->email));
	memcpy(c->phone, p->phone, sizeof(c->phone));
	size_t n = strlen(c->phone), k = 0;
	for (size_t i = n; i > 0; i--)
		if (c->phone[i - 1] >= '0' && c->phone[i - 1] <= '9')
			c->phone_rev[k++] = c->phone[i - 1];
	c->phone_rev[k] = 0;
	if (p->has_birth) {
		format_date(c->birth, p->birth);
		char today[11];
		format_date(today, g->today);
		c->band = cxm_age_band_of(c->birth, today);
	} else if (p->band >= 0) {
		c->band = choice(CXM_CF_AGE_BAND, (size_t)p->band);
	}
	c->gender = choice(CXM_CF_GENDER, p->female ? 0 : 1);
	if (p->city >= 0) {
		c->region = g->city_region[p->city];
		c->city = p->region_only ? NULL : demo_cities[p->city].name;
	}
	c->profession = p->profession < N_PROFESSIONS ? choice(CXM_CF_PROFESSION, (size_t)p->profession) : NULL;
	if (p->profession == PROFESSION_OTHER)
		c->profession_other = p->job < 0 ? (p->female ? "пенсионерка" : "пенсионер")
		                                 : demo_other_jobs[p->job][p->female ? 0 : 1];
	c->source = p->source < N_SOURCES ? choice(CXM_CF_SOURCE, (size_t)p->source) : NULL;
	c->source_detail = c->source ? p->source_detail : NULL;
	c->consent = p->consent;
}

/* ---- histories ------------------------------------------------------------------- */

/* How busy a day is: before New Year and 8 March, Valentine's day; less in
 * the summer and the first days of January; Friday and Saturday busiest. */
static double day_weight(long day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	double w = 1.0;
	if (m == 12)
		w = d >= 15 ? 1.6 : 1.3;
	else if (m == 3 && d <= 7)
		w = 1.6;
	else if (m == 2 && d >= 10 && d <= 14)
		w = 1.3;
	else if (m == 7 || m == 8)
		w = 0.7;
	else if (m == 6)
		w = 0.9;
	else if (m == 1)
		w = d <= 10 ? 0.6 : 0.9;
	static const double wd[7] = {0.9, 1.0, 1.0, 1.05, 1.2, 1.3, 0.6};  /* Monday first */
	long z = day + 3;   /* 1970-01-01 was a Thursday */
	return w * wd[((z % 7) + 7) % 7];
}

/* Minutes after local midnight: appointments on the quarter hour in opening
 * hours, calls and messages at any minute of the day. */
static int slot_minute(uint64_t *s)
{
	static const unsigned hour_w[] = {3, 6, 8, 8, 7, 7, 7, 8, 9, 9, 6, 2};  /* 9:00 to 20:00 */
	return (9 + (int)weighted(s, hour_w, 12)) * 60 + 15 * (int)demo_below(s, 4);
}

static int any_minute(uint64_t *s)
{
	return 8 * 60 + (int)demo_below(s, 14 * 60);
}

struct when {
	long long t;      /* seconds since the epoch, UTC */
	int appointment;
	long k;           /* order of drawing, to break ties */
	char at[20];
};

static int when_cmp(const void *a, const void *b)
{
	const struct when *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static size_t pick_service(const struct gen *g, uint64_t *s, int female, int visit)
{
	return visit ? weighted(s, g->visit_w[female], g->ind->nvisit_services)
	             : weighted(s, g->service_w[female], g->ind->nservices);
}

static const char *pick_text(uint64_t *s, const struct demo_text *t, size_t n, int female)
{
	const struct demo_text *x = &t[demo_below(s, n)];
	return female || !x->m ? x->f : x->m;
}

/* Generates client idx's interactions into out (room for l->count rows)
 * and its aggregates and tags into c. */
static void history(const struct gen *g, long long idx, const struct person *p,
                    const struct life *l, struct crow *c, struct irow *out, struct when *w)
{
	uint64_t s = stream(g->seed, (uint64_t)idx, DEMO_S_HISTORY);
	const struct demo_industry *ind = g->ind;
	static const unsigned loc_w[MAX_LOCATIONS] = {40, 25, 15, 10, 8, 7, 6, 5};
	size_t home = weighted(&s, loc_w, g->nloc);
	size_t at_home[MAX_STAFF], nhome = 0;
	for (size_t i = 0; i < g->nstaff; i++)
		if (g->staff_loc[i] == home)
			at_home[nhome++] = i;
	size_t fav_staff = nhome ? at_home[demo_below(&s, nhome)] : 0;
	size_t fav_service[2] = {pick_service(g, &s, p->female, 0), pick_service(g, &s, p->female, 0)};

	/* when: the first day, the last day, and seasonal days between */
	long n = l->count;
	for (long k = 0; k < n; k++) {
		long day;
		if (k == 0) {
			day = l->d0;
		} else if (k == 1) {
			day = l->anchor;
		} else {
			long span = l->end - l->d0 + 1;
			int tries = 0;
			do
				day = l->d0 + (long)demo_below(&s, (size_t)span);
			while (++tries < 20 && demo_unit(&s) * 2.1 > day_weight(g->start + day));
		}
		int appointment = k == 0 || demo_chance(&s, (ind->kind_pct[0] + ind->kind_pct[1]) / 100.0);
		int minute = appointment ? slot_minute(&s) : any_minute(&s);
		int sec = appointment ? 0 : (int)demo_below(&s, 60);
		w[k].t = ((long long)(g->start + day) * 1440 + minute - g->offset[day]) * 60 + sec;
		w[k].appointment = appointment;
		w[k].k = k;
	}
	qsort(w, (size_t)n, sizeof(*w), when_cmp);
	/* no two at the same second, so that the timeline's order is the
	 * times' order whatever the ids */
	for (long k = 0; k < n; k++) {
		if (k > 0 && w[k].t <= w[k - 1].t)
			w[k].t = w[k - 1].t + 1;
		format_time(w[k].at, w[k].t);
	}

	c->count = n;
	c->purchases = 0;
	c->cents = 0;
	for (long k = 0; k < n; k++) {
		struct irow *r = &out[k];
		memset(r, 0, sizeof(*r));
		memcpy(r->at, w[k].at, sizeof(r->at));
		if (w[k].appointment) {
			unsigned pv = ind->kind_pct[0] + ind->kind_pct[1];
			int purchase = !ind->nvisit_services || demo_below(&s, pv) < ind->kind_pct[0] || k == 0;
			r->kind = purchase ? CXM_IK_PURCHASE : CXM_IK_VISIT;
			size_t loc = demo_chance(&s, 0.85) ? home : demo_below(&s, g->nloc);
			r->location_id = g->loc_id[loc];
			size_t staff = fav_staff;
			if (g->staff_loc[staff] != loc || !demo_chance(&s, 0.6)) {
				size_t here[MAX_STAFF], nh = 0;
				for (size_t i = 0; i < g->nstaff; i++)
					if (g->staff_loc[i] == loc)
						here[nh++] = i;
				staff = nh ? here[demo_below(&s, nh)] : 0;
			}
			if (demo_chance(&s, 0.9))
				r->staff_id = g->staff_id[staff];
			if (purchase) {
				size_t sv = demo_chance(&s, 0.7) ? fav_service[demo_below(&s, 2)] : pick_service(g, &s, p->female, 0);
				const struct demo_service *svc = &ind->services[sv];
				r->service_id = g->service_id[sv];
				double price = svc->lo + (double)demo_below(&s, (size_t)(svc->hi - svc->lo + 1));
				long long units = llround(price * g->price_factor / g->price_unit) * g->price_unit;
				if (units < g->price_unit)
					units = g->price_unit;
				long long cents = units * 100 + (g->price_unit == 1 && demo_chance(&s, 0.1) ? 50 : 0);
				snprintf(r->amount, sizeof(r->amount), "%lld.%02lld", cents / 100, cents % 100);
				c->purchases++;
				c->cents += cents;
				if (ind->nitems && demo_below(&s, 100) < ind->items_pct) {
					size_t ni = 1 + demo_below(&s, 3);
					size_t len = 0;
					for (size_t i = 0; i < ni; i++) {
						const char *item = ind->items[demo_below(&s, ind->nitems)];
						if (strstr(r->items, item) || len + strlen(item) + 3 > sizeof(r->items))
							continue;
						len += (size_t)snprintf(r->items + len, sizeof(r->items) - len, "%s%s",
						                        len ? ", " : "", item);
					}
				}
			} else {
				r->service_id = g->visit_service_id[pick_service(g, &s, p->female, 1)];
			}
		} else {
			unsigned rest = ind->kind_pct[2] + ind->kind_pct[3] + ind->kind_pct[4];
			unsigned x = (unsigned)demo_below(&s, rest ? rest : 1);
			if (x < ind->kind_pct[2]) {
				r->kind = CXM_IK_CALL;
				r->channel = "phone";
				r->text = demo_chance(&s, 0.8) ? pick_text(&s, demo_calls, demo_ncalls, p->female) : NULL;
			} else if (x < ind->kind_pct[2] + ind->kind_pct[3]) {
				static const char *const channels[] = {"viber", "telegram", "instagram", "sms"};
				static const unsigned channel_w[] = {45, 30, 15, 10};
				r->kind = CXM_IK_MESSAGE;
				r->channel = channels[weighted(&s, channel_w, 4)];
				r->text = pick_text(&s, demo_messages, demo_nmessages, p->female);
			} else {
				r->kind = CXM_IK_NOTE;
				r->text = pick_text(&s, ind->notes, ind->nnotes, p->female);
			}
		}
	}
	snprintf(c->total, sizeof(c->total), "%lld.%02lld", c->cents / 100, c->cents % 100);
	format_date(c->first_seen, g->start + l->d0);
	/* as cxm_client_recount: the latest interaction, never before first_seen */
	char midnight[20];
	snprintf(midnight, sizeof(midnight), "%s 00:00:00", c->first_seen);
	const char *last = n && strcmp(w[n - 1].at, midnight) > 0 ? w[n - 1].at : midnight;
	memcpy(c->last_seen, last, sizeof(c->last_seen));
	memcpy(c->created, n ? w[0].at : midnight, sizeof(c->created));
	if (c->consent)
		memcpy(c->consent_at, n && demo_chance(&s, 0.2) ? w[demo_below(&s, (size_t)n)].at : c->created,
		       sizeof(c->consent_at));
	/* tags: VIP and regulars follow from the history, the rest at random */
	c->tags = 0;
	for (size_t t = 0; t < demo_ntags; t++) {
		int on;
		if (strcmp(demo_tags[t].text, "VIP") == 0)
			on = l->g >= 2.3 && c->purchases >= 3;
		else if (strcmp(demo_tags[t].text, "постоянный клиент") == 0)
			on = !l->churned && c->purchases >= 10;
		else
			on = demo_below(&s, 1000) < demo_tags[t].weight;
		if (on)
			c->tags |= 1u << t;
	}
}

/* ---- multi-row INSERTs -------------------------------------------------------- */

#define CLIENT_ROWS 500
#define INTERACTION_ROWS 1000
#define TAG_ROWS 2000

/* "head (?, ...), (?, ...)" for rows rows of ncols columns (malloc'd). */
static char *multi_sql(const char *head, size_t ncols, size_t rows)
{
	size_t rowlen = 2 + ncols * 3;
	char *sql = cxm_xmalloc(strlen(head) + rows * (rowlen + 1) + 1);
	char *p = sql + sprintf(sql, "%s", head);
	for (size_t r = 0; r < rows; r++) {
		*p++ = r ? ',' : ' ';
		*p++ = '(';
		for (size_t c = 0; c < ncols; c++) {
			*p++ = '?';
			if (c + 1 < ncols)
				*p++ = ',';
		}
		*p++ = ')';
	}
	*p = 0;
	return sql;
}

/* The statement texts of one table, one per number of rows (the full size
 * and the last, shorter statement). Each is prepared once and kept by the
 * db layer; none is freed before the end, so that no later text can take
 * the address of a cached one. */
#define SQLSET_SIZES 4

struct sqlset {
	const char *head;
	size_t ncols;
	size_t rows[SQLSET_SIZES];
	char *sql[SQLSET_SIZES];
};

static const char *sql_for(struct sqlset *q, size_t rows)
{
	int i;
	for (i = 0; i < SQLSET_SIZES && q->sql[i]; i++)
		if (q->rows[i] == rows)
			return q->sql[i];
	/* the loads here need two sizes; more would mean a bug */
	assert(i < SQLSET_SIZES);
	q->sql[i] = multi_sql(q->head, q->ncols, rows);
	q->rows[i] = rows;
	return q->sql[i];
}

static void sqlset_free(struct sqlset *q)
{
	for (int i = 0; i < SQLSET_SIZES; i++)
		free(q->sql[i]);
}

static struct cxm_param text_or_null(const char *s)
{
	return s && *s ? CXM_PSTR(s) : CXM_PNULL;
}

static struct cxm_param id_or_null(long long id)
{
	return id ? CXM_PINT(id) : CXM_PNULL;
}

/* Interactions go in through writers: threads with a connection of their
 * own each, taking full statements' worth of rows (chunks) from a queue,
 * so that the server inserts clients and interactions on several cores at
 * once. A chunk may hold the end of one client's history and the start of
 * the next; the ids then need not follow the times across chunks, but no
 * two interactions of a client share a second, so the timeline's order
 * (time, then id) is the same whatever the ids. */
#define MAX_WRITERS 8
#define WRITER_COMMIT_CHUNKS 200   /* 200,000 interactions a transaction */

struct ichunk {
	size_t n;
	struct irow rows[INTERACTION_ROWS];
};

struct ipipe {
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct ichunk **queue, **spare;
	size_t qhead, qlen, nspare, cap;
	int closing;             /* no more chunks will come */
	int failed;              /* a writer or the main loop failed: stop */
	long long inserted;
	char error[512];
};

struct iwriter {
	pthread_t thread;
	struct ipipe *pipe;
	const struct gen *g;
	struct cxm_db *db;
	struct sqlset sql;
	struct cxm_param *p;
	int started;
};

struct loader {
	struct cxm_db *db;
	struct gen *g;
	struct sqlset clients, tags;
	struct cxm_param *p;          /* room for the largest statement */
	struct ipipe pipe;
	struct iwriter writers[MAX_WRITERS];
	size_t nwriters;
	struct ichunk *chunk;         /* being filled */
	long long *tag_rows;          /* client id, tag id pairs waiting */
	size_t ntag_rows, cap_tag_rows;
	long long loaded_clients, loaded_tags;
	long long committed;          /* clients in committed transactions */
	int consecutive_ids;          /* one multi-row INSERT gets consecutive ids */
};

static enum cxm_err insert_clients(struct loader *ld, const struct crow *c, size_t n,
                                   long long *ids)
{
	struct cxm_param *p = ld->p;
	size_t k = 0;
	long long bid = ld->g->business_id;
	for (size_t i = 0; i < n; i++) {
		p[k++] = CXM_PINT(bid);
		p[k++] = CXM_PSTR(c[i].name);
		p[k++] = text_or_null(c[i].email);
		p[k++] = text_or_null(c[i].phone);
		p[k++] = text_or_null(c[i].phone_rev);
		p[k++] = text_or_null(c[i].birth);
		p[k++] = text_or_null(c[i].band);
		p[k++] = text_or_null(c[i].gender);
		p[k++] = text_or_null(c[i].region);
		p[k++] = text_or_null(c[i].city);
		p[k++] = text_or_null(c[i].profession);
		p[k++] = text_or_null(c[i].profession_other);
		p[k++] = text_or_null(c[i].source);
		p[k++] = text_or_null(c[i].source_detail);
		p[k++] = CXM_PSTR(c[i].first_seen);
		p[k++] = CXM_PINT(c[i].consent);
		p[k++] = c[i].consent ? CXM_PSTR(c[i].consent_at) : CXM_PNULL;
		p[k++] = CXM_PSTR(c[i].last_seen);
		p[k++] = CXM_PINT(c[i].count);
		p[k++] = CXM_PINT(c[i].purchases);
		p[k++] = CXM_PSTR(c[i].total);
		p[k++] = CXM_PSTR(c[i].created);
		p[k++] = CXM_PSTR(c[i].last_seen);
	}
	uint64_t affected = 0, first = 0;
	enum cxm_err rc = cxm_db_exec(ld->db, sql_for(&ld->clients, n), p, k, &affected, &first);
	if (rc != CXM_OK)
		return rc;
	if (affected != n || first == 0)
		return CXM_ERR_DB;
	for (size_t i = 0; i < n; i++)
		ids[i] = (long long)first + (long long)i;
	ld->loaded_clients += (long long)n;
	return CXM_OK;
}

static enum cxm_err insert_interactions(struct iwriter *w, const struct irow *r, size_t n)
{
	struct cxm_param *p = w->p;
	size_t k = 0;
	long long bid = w->g->business_id;
	for (size_t i = 0; i < n; i++) {
		p[k++] = CXM_PINT(bid);
		p[k++] = CXM_PINT(r[i].client_id);
		p[k++] = CXM_PSTR(cxm_ikind_names[r[i].kind]);
		p[k++] = CXM_PSTR(r[i].at);
		p[k++] = text_or_null(r[i].channel);
		p[k++] = text_or_null(r[i].amount);
		p[k++] = r[i].amount[0] ? CXM_PSTR(w->g->currency) : CXM_PNULL;
		p[k++] = id_or_null(r[i].service_id);
		p[k++] = id_or_null(r[i].location_id);
		p[k++] = id_or_null(r[i].staff_id);
		p[k++] = text_or_null(r[i].items);
		p[k++] = text_or_null(r[i].text);
		p[k++] = CXM_PSTR(r[i].at);
	}
	uint64_t affected = 0;
	enum cxm_err rc = cxm_db_exec(w->db, sql_for(&w->sql, n), p, k, &affected, NULL);
	if (rc == CXM_OK && affected != n)
		rc = CXM_ERR_DB;
	return rc;
}

/* Marks the pipe failed (the first reason wins) and wakes everybody. */
static void pipe_fail(struct ipipe *pp, const char *why)
{
	pthread_mutex_lock(&pp->mu);
	if (!pp->failed)
		snprintf(pp->error, sizeof(pp->error), "%s", why);
	pp->failed = 1;
	pthread_cond_broadcast(&pp->more);
	pthread_cond_broadcast(&pp->room);
	pthread_mutex_unlock(&pp->mu);
}

/* A writer: its own session (checks skipped, as the main one), chunks
 * from the queue in transactions of WRITER_COMMIT_CHUNKS, committed at the
 * end, rolled back when anything failed. */
static void *writer_main(void *arg)
{
	struct iwriter *w = arg;
	struct ipipe *pp = w->pipe;
	mysql_thread_init();
	enum cxm_err rc = cxm_db_exec(w->db, "SET SESSION unique_checks = 0, foreign_key_checks = 0",
	                              CXM_NOPARAMS, NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_begin(w->db);
	int in_tx = 0;
	while (rc == CXM_OK) {
		pthread_mutex_lock(&pp->mu);
		while (!pp->qlen && !pp->closing && !pp->failed)
			pthread_cond_wait(&pp->more, &pp->mu);
		if (pp->failed || !pp->qlen) {
			pthread_mutex_unlock(&pp->mu);
			break;
		}
		struct ichunk *c = pp->queue[pp->qhead];
		pp->qhead = (pp->qhead + 1) % pp->cap;
		pp->qlen--;
		pthread_mutex_unlock(&pp->mu);

		rc = insert_interactions(w, c->rows, c->n);
		/* InnoDB may pick this writer as the victim of a deadlock with the
		 * other sessions of the load (seen under load: the server rolls the
		 * victim's transaction back). When that transaction held only this
		 * chunk, nothing else was lost and the chunk is tried again. */
		for (int tries = 0; rc == CXM_ERR_DB && in_tx == 0 && cxm_db_errno(w->db) == 1213 && tries < 5;
		     tries++) {
			cxm_db_rollback(w->db);
			usleep(20000 * (useconds_t)(tries + 1));
			rc = cxm_db_begin(w->db);
			if (rc == CXM_OK)
				rc = insert_interactions(w, c->rows, c->n);
		}

		pthread_mutex_lock(&pp->mu);
		if (rc == CXM_OK)
			pp->inserted += (long long)c->n;
		pp->spare[pp->nspare++] = c;
		pthread_cond_broadcast(&pp->room);
		pthread_mutex_unlock(&pp->mu);
		if (rc == CXM_OK && ++in_tx >= WRITER_COMMIT_CHUNKS) {
			rc = cxm_db_commit(w->db);
			if (rc == CXM_OK)
				rc = cxm_db_begin(w->db);
			in_tx = 0;
		}
	}
	pthread_mutex_lock(&pp->mu);
	int failed = pp->failed;
	pthread_mutex_unlock(&pp->mu);
	if (rc == CXM_OK && !failed)
		rc = cxm_db_commit(w->db);
	if (rc != CXM_OK || failed) {
		if (rc != CXM_OK)
			pipe_fail(pp, cxm_db_error(w->db));
		if (cxm_db_in_transaction(w->db))
			cxm_db_rollback(w->db);
	}
	mysql_thread_end();
	return NULL;
}

/* Hands the chunk being filled to the writers and takes an empty one;
 * waits while every chunk is in use. CXM_ERR_DB when the pipe failed. */
static enum cxm_err pass_chunk(struct loader *ld)
{
	struct ipipe *pp = &ld->pipe;
	pthread_mutex_lock(&pp->mu);
	if (ld->chunk && ld->chunk->n) {
		pp->queue[(pp->qhead + pp->qlen) % pp->cap] = ld->chunk;
		pp->qlen++;
		ld->chunk = NULL;
		pthread_cond_signal(&pp->more);
	}
	while (!ld->chunk && !pp->nspare && !pp->failed)
		pthread_cond_wait(&pp->room, &pp->mu);
	if (!ld->chunk && !pp->failed) {
		ld->chunk = pp->spare[--pp->nspare];
		ld->chunk->n = 0;
	}
	int failed = pp->failed;
	pthread_mutex_unlock(&pp->mu);
	return failed ? CXM_ERR_DB : CXM_OK;
}

/* Starts n writers on connections of their own (opened here, in this
 * thread). Returns 0, or 1 after printing why not. */
static int writers_start(struct cxm_ctl *ctl, struct loader *ld, size_t n)
{
	struct ipipe *pp = &ld->pipe;
	pthread_mutex_init(&pp->mu, NULL);
	pthread_cond_init(&pp->more, NULL);
	pthread_cond_init(&pp->room, NULL);
	pp->cap = 2 * n + 2;
	pp->queue = cxm_xcalloc(pp->cap, sizeof(*pp->queue));
	pp->spare = cxm_xcalloc(pp->cap, sizeof(*pp->spare));
	for (size_t i = 0; i < pp->cap; i++)
		pp->spare[pp->nspare++] = cxm_xmalloc(sizeof(struct ichunk));
	for (size_t i = 0; i < n; i++) {
		struct iwriter *w = &ld->writers[i];
		w->pipe = pp;
		w->g = ld->g;
		w->sql = (struct sqlset){
			"INSERT INTO interactions (business_id, client_id, kind, occurred_at, channel, amount,"
			" currency, service_id, location_id, staff_id, items, text, created_at) VALUES",
			13, {0}, {NULL}};
		w->p = cxm_xmalloc(INTERACTION_ROWS * 13 * sizeof(*w->p));
		if (!(w->db = cxm_ctl_db(ctl)))
			return 1;
		ld->nwriters = i + 1;
		if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
			fprintf(stderr, "cxmctl demo-data: cannot start a thread\n");
			return 1;
		}
		w->started = 1;
	}
	return pass_chunk(ld) == CXM_OK ? 0 : 1;
}

/* Sends what is left, lets the writers finish and waits for them (also
 * after a failure, which makes them roll back). Returns CXM_OK when every
 * interaction was inserted and committed. */
static enum cxm_err writers_finish(struct loader *ld, int failed)
{
	struct ipipe *pp = &ld->pipe;
	if (failed)
		pipe_fail(pp, "the load failed");
	else if (ld->chunk && ld->chunk->n)
		pass_chunk(ld);
	pthread_mutex_lock(&pp->mu);
	pp->closing = 1;
	pthread_cond_broadcast(&pp->more);
	pthread_mutex_unlock(&pp->mu);
	for (size_t i = 0; i < ld->nwriters; i++)
		if (ld->writers[i].started)
			pthread_join(ld->writers[i].thread, NULL);
	return pp->failed ? CXM_ERR_DB : CXM_OK;
}

static void writers_free(struct loader *ld)
{
	struct ipipe *pp = &ld->pipe;
	for (size_t i = 0; i < ld->nwriters; i++) {
		struct iwriter *w = &ld->writers[i];
		if (w->db)
			cxm_db_close(w->db);
		free(w->p);
		sqlset_free(&w->sql);
	}
	if (ld->chunk)
		pp->spare[pp->nspare++] = ld->chunk;
	for (size_t i = 0; i < pp->nspare; i++)
		free(pp->spare[i]);
	free(pp->spare);
	free(pp->queue);
	if (pp->cap) {
		pthread_mutex_destroy(&pp->mu);
		pthread_cond_destroy(&pp->more);
		pthread_cond_destroy(&pp->room);
	}
}

static long long interactions_done(struct loader *ld)
{
	pthread_mutex_lock(&ld->pipe.mu);
	long long n = ld->pipe.inserted;
	pthread_mutex_unlock(&ld->pipe.mu);
	return n;
}

static enum cxm_err insert_tags(struct loader *ld, const long long *pairs, size_t n)
{
	struct cxm_param *p = ld->p;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		p[k++] = CXM_PINT(pairs[2 * i]);
		p[k++] = CXM_PINT(pairs[2 * i + 1]);
		p[k++] = CXM_PINT(ld->g->business_id);
	}
	enum cxm_err rc = cxm_db_exec(ld->db, sql_for(&ld->tags, n), p, k, NULL, NULL);
	if (rc == CXM_OK)
		ld->loaded_tags += (long long)n;
	return rc;
}

/* Sends the waiting tag links in full statements; all of them when final. */
static enum cxm_err flush_tags(struct loader *ld, int final)
{
	enum cxm_err rc = CXM_OK;
	size_t done = 0;
	while (rc == CXM_OK && ld->ntag_rows - done >= (final ? 1 : TAG_ROWS)) {
		size_t n = ld->ntag_rows - done < TAG_ROWS ? ld->ntag_rows - done : TAG_ROWS;
		rc = insert_tags(ld, ld->tag_rows + 2 * done, n);
		done += n;
	}
	memmove(ld->tag_rows, ld->tag_rows + 2 * done, (ld->ntag_rows - done) * 2 * sizeof(long long));
	ld->ntag_rows -= done;
	return rc;
}

/* ---- progress ---------------------------------------------------------------------- */

struct progress {
	int tty;
	double started, last;
	int last_decile;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress_show(struct progress *pr, struct loader *ld, long long total, int done)
{
	double t = now_seconds();
	long long n = ld->loaded_clients;
	int decile = total ? (int)(n * 10 / total) : 10;
	if (!done && (pr->tty ? t - pr->last < 0.2 : decile == pr->last_decile))
		return;
	pr->last = t;
	pr->last_decile = decile;
	double el = t - pr->started;
	double rate = el > 0 ? n / el : 0;
	if (pr->tty) {
		int width = 30, fill = total ? (int)(n * width / total) : width;
		char bar[64];
		for (int i = 0; i < width; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[width] = 0;
		long eta = rate > 0 ? (long)((total - n) / rate) : 0;
		fprintf(stderr, "\r[%s] %3d%% %lld/%lld clients, %lld interactions, %.0f clients/s, %ld:%02ld left ",
		        bar, total ? (int)(n * 100 / total) : 100, n, total, interactions_done(ld), rate,
		        eta / 60, eta % 60);
		if (done)
			fputc('\n', stderr);
	} else {
		fprintf(stderr, "demo-data: %lld/%lld clients (%d%%), %lld interactions, %.1f s\n", n, total,
		        total ? (int)(n * 100 / total) : 100, interactions_done(ld), el);
	}
	fflush(stderr);
}

/* ---- setting up the business ------------------------------------------------------- */

static int fail_db(struct cxm_db *db, const char *what)
{
	fprintf(stderr, "cxmctl demo-data: %s: %s\n", what, cxm_db_error(db));
	return 1;
}

/* Removes the business's clients with everything that hangs off them, and
 * its tags, services, branches and staff, in chunks (each its own
 * transaction), so that no lock is held for long. */
static enum cxm_err delete_business_data(struct cxm_db *db, long long bid)
{
	static const char *const steps[] = {
		"DELETE FROM interactions WHERE business_id = ? LIMIT 20000",
		"DELETE FROM client_tags WHERE business_id = ? LIMIT 20000",
		"DELETE FROM client_values WHERE business_id = ? LIMIT 20000",
		"DELETE FROM clients WHERE business_id = ? LIMIT 5000",
		"DELETE FROM tags WHERE business_id = ? LIMIT 5000",
		"DELETE FROM services WHERE business_id = ? LIMIT 5000",
		"DELETE FROM locations WHERE business_id = ? LIMIT 5000",
		"DELETE FROM staff WHERE business_id = ? LIMIT 5000",
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		uint64_t n;
		do {
			n = 0;
			enum cxm_err rc = cxm_db_exec(db, steps[i], CXM_PARAMS(CXM_PINT(bid)), &n, NULL);
			if (rc != CXM_OK)
				return rc;
		} while (n > 0);
	}
	return CXM_OK;
}

/* Branches, staff, services and tags of the business, named once (reusing
 * rows of the same name). Staff names come from the business's own stream. */
static enum cxm_err setup_named(struct cxm_db *db, struct cxm_arena *a, struct gen *g)
{
	const struct demo_industry *ind = g->ind;
	enum cxm_err rc = CXM_OK;
	g->nloc = g->n < 2000 ? 1 : g->n < 20000 ? 2 : g->n < 200000 ? 3 : 5;
	size_t per_loc = g->n < 2000 ? 4 : g->n < 20000 ? 6 : g->n < 200000 ? 8 : 10;
	uint64_t s = stream(g->seed, 0, DEMO_S_BUSINESS);
	for (size_t i = 0; rc == CXM_OK && i < g->nloc; i++) {
		char *name = cxm_printf(a, "%s %s", ind->branch, demo_places[i % demo_nplaces]);
		rc = cxm_named_id(db, a, g->business_id, CXM_NAMED_LOCATION, name, &g->loc_id[i]);
	}
	const char *names[MAX_STAFF];
	g->nstaff = 0;
	while (rc == CXM_OK && g->nstaff < g->nloc * per_loc && g->nstaff < MAX_STAFF) {
		int female = demo_chance(&s, ind->staff_women_pct / 100.0);
		size_t f = pick_first_name(&s, female, 1985);
		const struct demo_surname *sn = &demo_surnames[demo_below(&s, demo_nsurnames)];
		char *name = cxm_printf(a, "%s %s", female ? demo_female_names[f].name : demo_male_names[f].name,
		                        female ? sn->f : sn->m);
		int seen = 0;
		for (size_t i = 0; i < g->nstaff && !seen; i++)
			seen = strcmp(names[i], name) == 0;
		if (seen)
			continue;
		names[g->nstaff] = name;
		g->staff_loc[g->nstaff] = g->nstaff % g->nloc;
		rc = cxm_named_id(db, a, g->business_id, CXM_NAMED_STAFF, name, &g->staff_id[g->nstaff]);
		g->nstaff++;
	}
	g->service_id = cxm_zalloc(a, sizeof(long long) * (ind->nservices + 1));
	for (size_t i = 0; rc == CXM_OK && i < ind->nservices; i++)
		rc = cxm_named_id(db, a, g->business_id, CXM_NAMED_SERVICE, ind->services[i].name,
		                  &g->service_id[i]);
	g->visit_service_id = cxm_zalloc(a, sizeof(long long) * (ind->nvisit_services + 1));
	for (size_t i = 0; rc == CXM_OK && i < ind->nvisit_services; i++)
		rc = cxm_named_id(db, a, g->business_id, CXM_NAMED_SERVICE, ind->visit_services[i].name,
		                  &g->visit_service_id[i]);
	g->tag_id = cxm_zalloc(a, sizeof(long long) * (demo_ntags + 1));
	for (size_t i = 0; rc == CXM_OK && i < demo_ntags; i++) {
		rc = cxm_db_exec(db, "INSERT IGNORE INTO tags (business_id, name) VALUES (?, ?)",
		                 CXM_PARAMS(CXM_PINT(g->business_id), CXM_PSTR(demo_tags[i].text)), NULL, NULL);
		struct cxm_rows r;
		if (rc == CXM_OK)
			rc = cxm_db_query(db, a, "SELECT id FROM tags WHERE business_id = ? AND name = ?",
			                  CXM_PARAMS(CXM_PINT(g->business_id), CXM_PSTR(demo_tags[i].text)), &r);
		if (rc == CXM_OK && r.nrows != 1)
			rc = CXM_ERR_NOT_FOUND;
		if (rc == CXM_OK)
			g->tag_id[i] = cxm_rows_int(&r, 0, 0, 0);
	}
	return rc;
}

/* Weights and lookup tables derived once from demo_names.c. */
static void setup_tables(struct cxm_arena *a, struct gen *g)
{
	const struct demo_industry *ind = g->ind;
	g->city_w = cxm_alloc(a, sizeof(unsigned) * demo_ncities);
	g->city_region = cxm_alloc(a, sizeof(char *) * demo_ncities);
	for (size_t i = 0; i < demo_ncities; i++) {
		g->city_w[i] = demo_cities[i].weight;
		g->city_region[i] = NULL;
		for (size_t r = 0; cxm_cfields[CXM_CF_REGION].choices[r]; r++)
			if (strcmp(cxm_cfields[CXM_CF_REGION].choices[r], demo_cities[i].region) == 0)
				g->city_region[i] = cxm_cfields[CXM_CF_REGION].choices[r];
		assert(g->city_region[i]);   /* demo_names.c names a region the model has */
	}
	/* the positions the tables above go by */
	assert(nchoices(CXM_CF_AGE_BAND) == N_BANDS && nchoices(CXM_CF_GENDER) == 2 &&
	       nchoices(CXM_CF_PROFESSION) == N_PROFESSIONS && nchoices(CXM_CF_SOURCE) == N_SOURCES);
	for (int female = 0; female < 2; female++) {
		g->service_w[female] = cxm_alloc(a, sizeof(unsigned) * (ind->nservices + 1));
		for (size_t i = 0; i < ind->nservices; i++) {
			const struct demo_service *sv = &ind->services[i];
			unsigned w = sv->weight * 50;
			if ((sv->gender == 1 && !female) || (sv->gender == 2 && female))
				w = sv->weight;  /* a fiftieth */
			g->service_w[female][i] = w;
		}
		g->visit_w[female] = cxm_alloc(a, sizeof(unsigned) * (ind->nvisit_services + 1));
		for (size_t i = 0; i < ind->nvisit_services; i++) {
			const struct demo_service *sv = &ind->visit_services[i];
			g->visit_w[female][i] = (sv->gender == 1 && !female) ? 1 : sv->weight * 50;
		}
	}
	g->by_surnames = cxm_alloc(a, sizeof(size_t) * demo_nsurnames);
	g->ru_surnames = cxm_alloc(a, sizeof(size_t) * demo_nsurnames);
	g->nby = g->nru = 0;
	for (size_t i = 0; i < demo_nsurnames; i++) {
		if (demo_surnames[i].by)
			g->by_surnames[g->nby++] = i;
		else
			g->ru_surnames[g->nru++] = i;
	}
}

/* Prices are kept in BYN; other currencies get rough rates and round
 * numbers. */
static void setup_currency(struct gen *g, const char *currency)
{
	static const struct {
		const char *code;
		double factor;
		int unit;
	} rates[] = {
		{"BYN", 1, 1}, {"RUB", 30, 10}, {"USD", 0.31, 1}, {"EUR", 0.28, 1},
		{"PLN", 1.25, 1}, {"KZT", 160, 100}, {"UAH", 13, 10},
	};
	snprintf(g->currency, sizeof(g->currency), "%s", currency && *currency ? currency : "BYN");
	g->price_factor = 1;
	g->price_unit = 1;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (strcmp(rates[i].code, g->currency) == 0) {
			g->price_factor = rates[i].factor;
			g->price_unit = rates[i].unit;
		}
}

/* The business's UTC offset at noon of each day of the period. */
static enum cxm_err setup_offsets(struct cxm_arena *a, struct gen *g, const char *tz)
{
	g->offset = cxm_alloc(a, sizeof(int) * (size_t)(g->ndays + 1));
	for (long d = 0; d <= g->ndays; d++) {
		char local[20], *utc = NULL;
		format_time(local, ((long long)(g->start + d) * 1440 + 12 * 60) * 60);
		if (cxm_tz_to_utc(a, tz, local, &utc) != CXM_OK)
			return CXM_ERR_INVALID;
		int y, m, dd, hh, mi, ss;
		if (sscanf(utc, "%d-%d-%d %d:%d:%d", &y, &m, &dd, &hh, &mi, &ss) != 6)
			return CXM_ERR_INVALID;
		long utc_min = days_from_civil(y, m, dd) * 1440L + hh * 60 + mi;
		g->offset[d] = (int)((g->start + d) * 1440L + 12 * 60 - utc_min);
	}
	return CXM_OK;
}

/* ---- indexes built after the load ---------------------------------------------- */

/* The secondary indexes of sql/0003_clients.sql (as 0004 leaves them) and
 * sql/0009_interactions_purchases.sql that rows reach in random
 * order (a new client's name, e-mail, dates; an interaction's time). With
 * --defer-indexes they are dropped for the load and built again after it
 * by sorting, which is much cheaper than keeping them up to date row by
 * row. Their definitions must stay those of the migrations: they are
 * checked against information_schema before anything is dropped. */
struct deferred {
	const char *table, *name, *columns, *type;
	const char *add;    /* the ALTER TABLE clause that makes it */
};
static const struct deferred deferred[] = {
	{"clients", "clients_email", "business_id,live,email", "BTREE",
	 "ADD KEY clients_email (business_id, live, email)"},
	{"clients", "clients_phone", "business_id,live,phone", "BTREE",
	 "ADD KEY clients_phone (business_id, live, phone)"},
	{"clients", "clients_phone_rev", "business_id,live,phone_rev", "BTREE",
	 "ADD KEY clients_phone_rev (business_id, live, phone_rev)"},
	{"clients", "clients_by_name", "business_id,live,name,id", "BTREE",
	 "ADD KEY clients_by_name (business_id, live, name, id)"},
	{"clients", "clients_by_first_seen", "business_id,live,first_seen,id", "BTREE",
	 "ADD KEY clients_by_first_seen (business_id, live, first_seen, id)"},
	{"clients", "clients_by_last_seen", "business_id,live,last_seen_at,id", "BTREE",
	 "ADD KEY clients_by_last_seen (business_id, live, last_seen_at, id)"},
	{"clients", "clients_by_total", "business_id,live,purchases_total,id", "BTREE",
	 "ADD KEY clients_by_total (business_id, live, purchases_total, id)"},
	{"interactions", "interactions_by_time", "business_id,occurred_at", "BTREE",
	 "ADD KEY interactions_by_time (business_id, occurred_at)"},
	{"interactions", "interactions_by_kind", "business_id,kind,occurred_at", "BTREE",
	 "ADD KEY interactions_by_kind (business_id, kind, occurred_at)"},
	{"interactions", "interactions_purchases",
	 "business_id,kind,occurred_at,client_id,amount,location_id,staff_id,service_id", "BTREE",
	 "ADD KEY interactions_purchases (business_id, kind, occurred_at, client_id, amount,"
	 " location_id, staff_id, service_id)"},
};
#define NDEFERRED (sizeof(deferred) / sizeof(deferred[0]))
#define DEFERRED_MARK "demo_data_deferred_indexes"

/* 1: the index exists as described; 0: it does not exist; -1: it exists
 * with other columns or type, or the catalogue could not be read. */
static int index_state(struct cxm_db *db, struct cxm_arena *a, const struct deferred *d)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX SEPARATOR ','),"
	                 " MAX(INDEX_TYPE), MAX(SUB_PART IS NOT NULL), MIN(NON_UNIQUE)"
	                 " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
	                 " AND TABLE_NAME = ? AND INDEX_NAME = ?",
	                 CXM_PARAMS(CXM_PSTR(d->table), CXM_PSTR(d->name)), &r) != CXM_OK ||
	    r.nrows != 1)
		return -1;
	const char *cols = cxm_rows_get(&r, 0, 0), *type = cxm_rows_get(&r, 0, 1);
	if (!cols)
		return 0;
	return strcmp(cols, d->columns) == 0 && type && strcmp(type, d->type) == 0 &&
	       cxm_rows_int(&r, 0, 2, 1) == 0 && cxm_rows_int(&r, 0, 3, 0) == 1 ? 1 : -1;
}

/* One ALTER TABLE per table for the B-tree indexes in want[] (online:
 * other sessions keep reading and writing), then the FULLTEXT one (which
 * holds writes back while it is built). The statements are made of the
 * constant clauses above only. */
static enum cxm_err alter_indexes(struct cxm_db *db, struct cxm_arena *a, const int *want, int add,
                                  int quiet)
{
	static const char *const tables[] = {"clients", "interactions"};
	for (int fulltext = 0; fulltext < 2; fulltext++) {
		for (size_t t = 0; t < 2; t++) {
			char *sql = cxm_printf(a, "ALTER TABLE %s", tables[t]);
			int n = 0;
			for (size_t i = 0; i < NDEFERRED; i++) {
				if (!want[i] || strcmp(deferred[i].table, tables[t]) != 0 ||
				    (strcmp(deferred[i].type, "FULLTEXT") == 0) != fulltext)
					continue;
				sql = cxm_printf(a, "%s%s %s%s", sql, n ? "," : "", add ? deferred[i].add : "DROP INDEX ",
				                 add ? "" : deferred[i].name);
				n++;
			}
			if (!n)
				continue;
			sql = cxm_printf(a, "%s, ALGORITHM=INPLACE, LOCK=%s", sql, fulltext && add ? "SHARED" : "NONE");
			double t0 = now_seconds();
			enum cxm_err rc = cxm_db_exec(db, sql, CXM_NOPARAMS, NULL, NULL);
			if (rc != CXM_OK)
				return rc;
			if (add && !quiet)
				fprintf(stderr, "demo-data: %d %s index%s of %s in %.1f s\n", n,
				        fulltext ? "FULLTEXT" : "B-tree", n > 1 ? "es" : "", tables[t], now_seconds() - t0);
		}
	}
	return CXM_OK;
}

/* Builds the deferred indexes that are missing when a run that dropped
 * them left its mark (it finished, or it was interrupted). Returns 0 when
 * all is well. */
static int restore_indexes(struct cxm_db *db, struct cxm_arena *a, int quiet)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a, "SELECT value FROM instance_settings WHERE name = ?",
	                 CXM_PARAMS(CXM_PSTR(DEFERRED_MARK)), &r) != CXM_OK)
		return fail_db(db, "cannot read instance_settings");
	if (!r.nrows)
		return 0;
	int want[NDEFERRED], any = 0;
	for (size_t i = 0; i < NDEFERRED; i++) {
		int st = index_state(db, a, &deferred[i]);
		want[i] = st == 0;
		any |= want[i];
	}
	if (any) {
		double t0 = now_seconds();
		if (!quiet)
			fprintf(stderr, "demo-data: building the indexes left out by the load of %s\n",
			        cxm_rows_get(&r, 0, 0));
		if (alter_indexes(db, a, want, 1, quiet) != CXM_OK)
			return fail_db(db, "cannot build the indexes");
		if (!quiet)
			fprintf(stderr, "demo-data: indexes built in %.1f s\n", now_seconds() - t0);
	}
	for (size_t i = 0; i < NDEFERRED; i++)
		if (index_state(db, a, &deferred[i]) != 1) {
			fprintf(stderr, "cxmctl demo-data: index %s of %s is not as sql/ defines it\n",
			        deferred[i].name, deferred[i].table);
			return 1;
		}
	if (cxm_db_exec(db, "DELETE FROM instance_settings WHERE name = ?",
	                CXM_PARAMS(CXM_PSTR(DEFERRED_MARK)), NULL, NULL) != CXM_OK)
		return fail_db(db, "cannot update instance_settings");
	return 0;
}

/* Whether the deferred indexes may be dropped for a load into business
 * bid: it must be the only one with clients or interactions (nobody
 * else's pages get slower or lose their search meanwhile), and the
 * indexes must be those demo-data knows. Returns 0 when they may. */
static int defer_allowed(struct cxm_db *db, struct cxm_arena *a, long long bid)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT EXISTS (SELECT 1 FROM clients WHERE business_id <> ?),"
	                 " EXISTS (SELECT 1 FROM interactions WHERE business_id <> ?)",
	                 CXM_PARAMS(CXM_PINT(bid), CXM_PINT(bid)), &r) != CXM_OK)
		return fail_db(db, "cannot look at the other businesses");
	if (cxm_rows_int(&r, 0, 0, 1) || cxm_rows_int(&r, 0, 1, 1)) {
		fprintf(stderr, "cxmctl demo-data: --defer-indexes is only for a database where no other"
		                " business has clients; load without it\n");
		return 1;
	}
	for (size_t i = 0; i < NDEFERRED; i++) {
		if (index_state(db, a, &deferred[i]) != 1) {
			fprintf(stderr, "cxmctl demo-data: index %s of %s is not the one demo-data knows;"
			                " load without --defer-indexes\n", deferred[i].name, deferred[i].table);
			return 1;
		}
	}
	return 0;
}

/* Drops the deferred indexes, leaving a mark first, so that they come
 * back even if this run is interrupted (the next demo-data builds them). */
static int defer_indexes(struct cxm_db *db, struct cxm_arena *a, const char *slug)
{
	int want[NDEFERRED];
	for (size_t i = 0; i < NDEFERRED; i++)
		want[i] = 1;
	if (cxm_db_exec(db, "INSERT INTO instance_settings (name, value) VALUES (?, ?)"
	                    " ON DUPLICATE KEY UPDATE value = VALUES(value)",
	                CXM_PARAMS(CXM_PSTR(DEFERRED_MARK), CXM_PSTR(slug)), NULL, NULL) != CXM_OK)
		return fail_db(db, "cannot update instance_settings");
	if (alter_indexes(db, a, want, 0, 1) != CXM_OK)
		return fail_db(db, "cannot drop the indexes to build later");
	return 0;
}

/* ---- the command ------------------------------------------------------------------ */

static int parse_ll(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

#define COMMIT_CLIENTS 20000

int cxm_ctl_demo_data(struct cxm_ctl *ctl, int argc, char **argv)
{
	static const struct option opts[] = {
		{"business", required_argument, NULL, 'b'},
		{"clients", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"years", required_argument, NULL, 'y'},
		{"interactions-per-client", required_argument, NULL, 'm'},
		{"today", required_argument, NULL, 't'},
		{"replace", no_argument, NULL, 'r'},
		{"if-empty", no_argument, NULL, 'e'},
		{"defer-indexes", no_argument, NULL, 'd'},
		{"writers", required_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *slug = NULL, *today_s = NULL;
	long long n = -1, years = 2;
	unsigned long long seed = 0;
	int have_seed = 0, replace = 0, if_empty = 0, defer = 0;
	long long writers = 2;
	double m = 10;
	int opt;
	optind = 0;
	char *arg0 = argv[0];
	argv[0] = (char *)"cxmctl demo-data";
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'b': slug = optarg; break;
		case 'n':
			if (!parse_ll(optarg, 1, 50000000, &n)) {
				fprintf(stderr, "cxmctl demo-data: --clients must be a number from 1 to 50000000\n");
				return 2;
			}
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-') {
				fprintf(stderr, "cxmctl demo-data: --seed must be a non-negative integer\n");
				return 2;
			}
			have_seed = 1;
			break;
		case 'y':
			if (!parse_ll(optarg, 1, 10, &years)) {
				fprintf(stderr, "cxmctl demo-data: --years must be 1 to 10\n");
				return 2;
			}
			break;
		case 'm':
			errno = 0;
			m = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(m >= 0 && m <= 1000)) {
				fprintf(stderr, "cxmctl demo-data: --interactions-per-client must be 0 to 1000\n");
				return 2;
			}
			break;
		case 't': today_s = optarg; break;
		case 'r': replace = 1; break;
		case 'e': if_empty = 1; break;
		case 'd': defer = 1; break;
		case 'w':
			if (!parse_ll(optarg, 1, MAX_WRITERS, &writers)) {
				fprintf(stderr, "cxmctl demo-data: --writers must be 1 to %d\n", MAX_WRITERS);
				return 2;
			}
			break;
		case 'h': fputs(usage_text, stdout); argv[0] = arg0; return 0;
		default: fputs(usage_text, stderr); argv[0] = arg0; return 2;
		}
	}
	argv[0] = arg0;
	if (optind != argc || !slug || n < 0 || !have_seed) {
		fputs(usage_text, stderr);
		return 2;
	}
	struct cxm_arena *a = cxm_arena_new(1 << 16);
	struct gen g;
	memset(&g, 0, sizeof(g));
	g.seed = seed;
	g.n = n;
	g.m = m;
	g.years = (int)years;
	long real_today;
	parse_day(cxm_utc_today(a), &real_today);
	if (today_s) {
		if (!parse_day(today_s, &g.today)) {
			fprintf(stderr, "cxmctl demo-data: --today must be a date as YYYY-MM-DD\n");
			cxm_arena_free(a);
			return 2;
		}
		if (g.today > real_today) {
			fprintf(stderr, "cxmctl demo-data: --today must not be later than today (%s)\n",
			        cxm_utc_today(a));
			cxm_arena_free(a);
			return 2;
		}
	} else {
		g.today = real_today;
	}
	{
		int y, mo, d;
		civil_from_days(g.today, &y, &mo, &d);
		g.start = days_from_civil(y - g.years, mo, mo == 2 && d == 29 ? 28 : d);
		g.ndays = g.today - g.start;
	}
	{
		/* the share of new clients first seen early enough to churn, from
		 * the growth density (1 + t) / 1.5 */
		double x = (double)(g.ndays - CHURN_DAYS) / (double)g.ndays;
		double early = (x + x * x / 2) / 1.5;
		g.p_churn = CHURN_SHARE / early;
		if (g.p_churn > 0.95)
			g.p_churn = 0.95;
	}
	g.span_norm = SPAN_FACTOR * (double)g.ndays;
	g.email_bits = 10;
	while ((1ULL << g.email_bits) < (unsigned long long)n)
		g.email_bits++;
	g.email_limit = 1ULL << g.email_bits;
	if (g.email_bits % 2)
		g.email_bits++;

	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db) {
		cxm_arena_free(a);
		return 1;
	}
	int status = 1;
	struct loader ld;
	memset(&ld, 0, sizeof(ld));
	struct crow *crows = NULL;
	long long *ids = NULL;
	struct irow *batch_i = NULL;
	struct when *when = NULL;
	struct cxm_rows r;
	if (cxm_db_query(db, a, "SELECT id, industry, currency, timezone FROM businesses WHERE slug = ?",
	                 CXM_PARAMS(CXM_PSTR(slug)), &r) != CXM_OK) {
		fail_db(db, "cannot read the business");
		goto out;
	}
	if (r.nrows != 1) {
		fprintf(stderr, "cxmctl demo-data: no business %s (cxmctl business list)\n", slug);
		goto out;
	}
	g.business_id = cxm_rows_int(&r, 0, 0, 0);
	g.ind = demo_industry(cxm_rows_get(&r, 0, 1));
	setup_currency(&g, cxm_rows_get(&r, 0, 2));
	const char *tz = cxm_rows_get(&r, 0, 3) ? cxm_rows_get(&r, 0, 3) : "UTC";
	if (setup_offsets(a, &g, tz) != CXM_OK) {
		fprintf(stderr, "cxmctl demo-data: the business's time zone %s is not known here\n", tz);
		goto out;
	}
	setup_tables(a, &g);
	if (restore_indexes(db, a, ctl->quiet) != 0)
		goto out;

	if (cxm_db_query(db, a, "SELECT COUNT(*) FROM clients WHERE business_id = ?",
	                 CXM_PARAMS(CXM_PINT(g.business_id)), &r) != CXM_OK) {
		fail_db(db, "cannot count the business's clients");
		goto out;
	}
	long long existing = cxm_rows_int(&r, 0, 0, 0);
	if (existing && if_empty && !replace) {
		if (!ctl->quiet)
			printf("business %s already has %lld clients; no demo data loaded\n", slug, existing);
		status = 0;
		goto out;
	}
	if (existing && !replace) {
		fprintf(stderr,
		        "cxmctl demo-data: business %s already has %lld clients; add --replace to delete them"
		        " and their history first\n", slug, existing);
		goto out;
	}
	if (defer && defer_allowed(db, a, g.business_id) != 0)
		goto out;
	double t0 = now_seconds();
	if (existing || replace) {
		if (!ctl->quiet)
			fprintf(stderr, "demo-data: deleting the %lld clients of %s and their history\n", existing, slug);
		if (delete_business_data(db, g.business_id) != CXM_OK) {
			fail_db(db, "cannot delete the business's clients");
			goto out;
		}
	}
	if (defer && defer_indexes(db, a, slug) != 0)
		goto out;
	if (setup_named(db, a, &g) != CXM_OK) {
		fail_db(db, "cannot create branches, staff, services and tags");
		goto out;
	}
	/* One multi-row INSERT gets consecutive ids unless auto-increment locks
	 * interleave (mode 2) or step by more than one; then one row each. */
	if (cxm_db_query(db, a, "SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment",
	                 CXM_NOPARAMS, &r) != CXM_OK) {
		fail_db(db, "cannot read the auto-increment settings");
		goto out;
	}
	ld.consecutive_ids = cxm_rows_int(&r, 0, 0, 2) <= 1 && cxm_rows_int(&r, 0, 1, 2) == 1;
	size_t client_rows = ld.consecutive_ids ? CLIENT_ROWS : 1;

	ld.db = db;
	ld.g = &g;
	ld.clients = (struct sqlset){
		"INSERT INTO clients (business_id, name, email, phone, phone_rev, birth_date, age_band,"
		" gender, region, city, profession, profession_other, source, source_detail, first_seen,"
		" marketing_consent, consent_at, last_seen_at, interactions_count, purchases_count,"
		" purchases_total, created_at, updated_at) VALUES",
		23, {0}, {NULL}};
	ld.tags = (struct sqlset){"INSERT INTO client_tags (client_id, tag_id, business_id) VALUES", 3,
	                          {0}, {NULL}};
	size_t maxp = CLIENT_ROWS * 23;
	if (TAG_ROWS * 3 > maxp)
		maxp = TAG_ROWS * 3;
	ld.p = cxm_xmalloc(maxp * sizeof(*ld.p));
	ld.cap_tag_rows = TAG_ROWS * 2;
	ld.tag_rows = cxm_xmalloc(ld.cap_tag_rows * 2 * sizeof(long long));
	crows = cxm_xmalloc(CLIENT_ROWS * sizeof(*crows));
	ids = cxm_xmalloc(CLIENT_ROWS * sizeof(*ids));
	size_t cap_batch = 1024;
	batch_i = cxm_xmalloc(cap_batch * sizeof(*batch_i));
	size_t cap_when = 1024;
	when = cxm_xmalloc(cap_when * sizeof(*when));

	/* The bulk load skips the per-row unique and foreign-key checks of this
	 * session only (the rows are made consistent here and counted after). */
	if (cxm_db_exec(db, "SET SESSION unique_checks = 0, foreign_key_checks = 0", CXM_NOPARAMS, NULL,
	                NULL) != CXM_OK) {
		fail_db(db, "cannot set the session up for loading");
		goto out;
	}
	if (writers_start(ctl, &ld, (size_t)writers) != 0) {
		writers_finish(&ld, 1);
		goto out;
	}
	struct progress pr = {isatty(2), now_seconds(), 0, -1};
	long long expected_interactions = 0;
	enum cxm_err rc = cxm_db_begin(db);
	long long in_tx = 0;
	int writer_failed = 0;   /* the failure came from a writer (its reason is in the pipe) */
	for (long long first = 0; rc == CXM_OK && first < n; first += (long long)client_rows) {
		size_t nb = (size_t)(n - first < (long long)client_rows ? n - first : (long long)client_rows);
		size_t nbi = 0;
		size_t starts[CLIENT_ROWS + 1];
		for (size_t k = 0; k < nb; k++) {
			long long idx = first + (long long)k;
			struct person p;
			struct life l;
			profile(&g, idx, &p);
			life_of(&g, idx, &l);
			fill_client(&g, &p, &crows[k]);
			if (nbi + (size_t)l.count > cap_batch) {
				while (nbi + (size_t)l.count > cap_batch)
					cap_batch *= 2;
				batch_i = cxm_xrealloc(batch_i, cap_batch * sizeof(*batch_i));
			}
			if ((size_t)l.count > cap_when) {
				while ((size_t)l.count > cap_when)
					cap_when *= 2;
				when = cxm_xrealloc(when, cap_when * sizeof(*when));
			}
			starts[k] = nbi;
			history(&g, idx, &p, &l, &crows[k], batch_i + nbi, when);
			nbi += (size_t)l.count;
			expected_interactions += l.count;
		}
		starts[nb] = nbi;
		rc = insert_clients(&ld, crows, nb, ids);
		for (size_t k = 0; rc == CXM_OK && k < nb; k++) {
			for (size_t i = starts[k]; i < starts[k + 1]; i++) {
				batch_i[i].client_id = ids[k];
				ld.chunk->rows[ld.chunk->n++] = batch_i[i];
				if (ld.chunk->n == INTERACTION_ROWS && (rc = pass_chunk(&ld)) != CXM_OK) {
					writer_failed = 1;
					break;
				}
			}
			for (size_t t = 0; t < demo_ntags; t++) {
				if (!(crows[k].tags & (1u << t)))
					continue;
				if (ld.ntag_rows == ld.cap_tag_rows) {
					ld.cap_tag_rows *= 2;
					ld.tag_rows = cxm_xrealloc(ld.tag_rows, ld.cap_tag_rows * 2 * sizeof(long long));
				}
				ld.tag_rows[2 * ld.ntag_rows] = ids[k];
				ld.tag_rows[2 * ld.ntag_rows + 1] = g.tag_id[t];
				ld.ntag_rows++;
			}
		}
		if (rc == CXM_OK)
			rc = flush_tags(&ld, 0);
		in_tx += (long long)nb;
		if (rc == CXM_OK && in_tx >= COMMIT_CLIENTS) {
			rc = cxm_db_commit(db);
			if (rc == CXM_OK) {
				ld.committed = ld.loaded_clients;
				rc = cxm_db_begin(db);
			}
			in_tx = 0;
		}
		if (!ctl->quiet)
			progress_show(&pr, &ld, n, 0);
	}
	if (rc == CXM_OK)
		rc = flush_tags(&ld, 1);
	int main_failed = rc != CXM_OK && !writer_failed;
	if (writers_finish(&ld, main_failed) != CXM_OK && rc == CXM_OK) {
		rc = CXM_ERR_DB;
		writer_failed = 1;
	}
	if (rc == CXM_OK)
		rc = cxm_db_commit(db);
	if (rc != CXM_OK) {
		if (cxm_db_in_transaction(db))
			cxm_db_rollback(db);
		if (!ctl->quiet && pr.tty)
			fputc('\n', stderr);
		if (writer_failed)
			fprintf(stderr, "cxmctl demo-data: loading failed: %s\n", ld.pipe.error);
		else
			fail_db(db, "loading failed");
		if (defer)
			restore_indexes(db, a, ctl->quiet);
		if (ld.committed)
			fprintf(stderr, "cxmctl demo-data: %lld clients were loaded before the failure; run again"
			                " with --replace\n", ld.committed);
		goto out;
	}
	if (!ctl->quiet)
		progress_show(&pr, &ld, n, 1);
	cxm_db_exec(db, "SET SESSION unique_checks = 1, foreign_key_checks = 1", CXM_NOPARAMS, NULL, NULL);
	double t_load = now_seconds() - t0, t_index = 0;
	if (defer) {
		double ti = now_seconds();
		if (restore_indexes(db, a, ctl->quiet) != 0)
			goto out;
		t_index = now_seconds() - ti;
	}

	/* The search words of the names (client_words), built in one pass
	 * over the loaded clients, in slices so no transaction grows huge. */
	{
		double tw = now_seconds();
		if (cxm_db_query(db, a, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM clients"
		                        " WHERE business_id = ?",
		                 CXM_PARAMS(CXM_PINT(g.business_id)), &r) != CXM_OK) {
			fail_db(db, "cannot find the loaded clients");
			goto out;
		}
		long long lo = cxm_rows_int(&r, 0, 0, 0), hi = cxm_rows_int(&r, 0, 1, 0);
		for (long long from = lo; lo && from <= hi; from += 50000) {
			if (cxm_client_words_refresh(db, g.business_id, from, from + 49999) != CXM_OK) {
				fail_db(db, "cannot build the search words");
				goto out;
			}
		}
		if (!ctl->quiet)
			fprintf(stderr, "demo-data: search words of the names in %.1f s\n", now_seconds() - tw);
	}

	/* What the database now holds must be what was made. */
	if (cxm_db_query(db, a,
	                 "SELECT COUNT(*), COALESCE(SUM(interactions_count), 0) FROM clients"
	                 " WHERE business_id = ?",
	                 CXM_PARAMS(CXM_PINT(g.business_id)), &r) != CXM_OK) {
		fail_db(db, "cannot count what was loaded");
		goto out;
	}
	long long got_c = cxm_rows_int(&r, 0, 0, -1), got_sum = cxm_rows_int(&r, 0, 1, -1);
	if (cxm_db_query(db, a, "SELECT COUNT(*) FROM interactions WHERE business_id = ?",
	                 CXM_PARAMS(CXM_PINT(g.business_id)), &r) != CXM_OK) {
		fail_db(db, "cannot count what was loaded");
		goto out;
	}
	long long got_i = cxm_rows_int(&r, 0, 0, -1);
	if (got_c != n || got_sum != expected_interactions || got_i != expected_interactions) {
		fprintf(stderr,
		        "cxmctl demo-data: the database holds %lld clients and %lld interactions (%lld by the"
		        " clients' counts); expected %lld and %lld\n",
		        got_c, got_i, got_sum, n, expected_interactions);
		goto out;
	}
	char today_txt[11];
	format_date(today_txt, g.today);
	char *detail = cxm_printf(a, "%lld clients, %lld interactions, seed %llu, today %s%s", n,
	                          expected_interactions, seed, today_txt, existing ? ", replaced" : "");
	cxm_audit_ctl(db, g.business_id, "demo_data_loaded", slug, detail);
	if (!ctl->quiet)
		printf("demo data loaded into %s: %lld clients, %lld interactions, %lld tags, %zu branches,"
		       " %zu staff (seed %llu, today %s, %ld days) in %.1f s",
		       slug, n, expected_interactions, ld.loaded_tags, g.nloc, g.nstaff, seed, today_txt,
		       g.ndays, now_seconds() - t0);
	if (!ctl->quiet && defer)
		printf(" (rows %.1f s, indexes %.1f s)", t_load, t_index);
	if (!ctl->quiet)
		putchar('\n');
	status = 0;
out:
	free(ld.p);
	writers_free(&ld);
	free(ld.tag_rows);
	sqlset_free(&ld.clients);
	sqlset_free(&ld.tags);
	free(crows);
	free(ids);
	free(batch_i);
	free(when);
	cxm_db_close(db);
	cxm_arena_free(a);
	return status;
}
