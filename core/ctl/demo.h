/* cxmctl demo-data: the tables the generator draws from (names, cities,
 * services and texts, in core/ctl/demo_names.c) and its random numbers.
 * Internal to cxmctl (demo_data.c, demo_surveys.c). */
#ifndef CXM_CTL_DEMO_H
#define CXM_CTL_DEMO_H

#include <stddef.h>
#include <stdint.h>

/* Generations a first name belongs to: given to anyone, mostly to people
 * born before about 1975, or mostly after about 1995. */
enum demo_era { DEMO_ERA_ANY, DEMO_ERA_OLD, DEMO_ERA_YOUNG };

struct demo_female_name {
	const char *name;
	unsigned char era;
};
/* A man's name with the patronymics it gives his son and his daughter. */
struct demo_male_name {
	const char *name, *patr_m, *patr_f;
	unsigned char era;
};
/* A surname in its male and female forms (the same text when it does not
 * change: Жук, Ковалевич, Коваленко). by: a Belarusian surname. */
struct demo_surname {
	const char *m, *f;
	unsigned char by;
};
/* region: a code of cxm_cfields[CXM_CF_REGION].choices. russia: phones
 * are +7. weight: relative share of clients. */
struct demo_city {
	const char *name, *region;
	unsigned weight;
	unsigned char russia;
};
/* gender: 0 anyone, 1 mostly women, 2 mostly men. Prices in whole units
 * of BYN (scaled for other currencies). */
struct demo_service {
	const char *name;
	int lo, hi;
	unsigned char gender;
	unsigned weight;
};
/* A text in the form for a woman and for a man (m NULL: the same). */
struct demo_text {
	const char *f, *m;
};
struct demo_weighted {
	const char *text;
	unsigned weight;
};

/* What an industry's clients and history look like. */
struct demo_industry {
	const char *code;             /* cxm_industries[] */
	unsigned women_pct;           /* share of women among clients */
	const char *branch;           /* "Салон": branches are "Салон на Немиге", ... */
	unsigned staff_women_pct;
	const struct demo_service *services;
	size_t nservices;
	/* what a visit without a purchase is for (NULL: no service) */
	const struct demo_service *visit_services;
	size_t nvisit_services;
	/* items sold with a purchase, and the share of purchases that list them */
	const char *const *items;
	size_t nitems;
	unsigned items_pct;
	/* kinds of interaction, per cent: purchase, visit, call, message, note */
	unsigned kind_pct[5];
	const struct demo_text *notes;
	size_t nnotes;
};

extern const struct demo_female_name demo_female_names[];
extern const size_t demo_nfemale_names;
extern const struct demo_male_name demo_male_names[];
extern const size_t demo_nmale_names;
extern const struct demo_surname demo_surnames[];
extern const size_t demo_nsurnames;
extern const struct demo_city demo_cities[];
extern const size_t demo_ncities;
extern const char *const demo_places[];       /* "на Немиге", ... */
extern const size_t demo_nplaces;
extern const struct demo_weighted demo_email_domains[];
extern const size_t demo_nemail_domains;
extern const struct demo_weighted demo_email_domains_ru[];
extern const size_t demo_nemail_domains_ru;
extern const char *const demo_other_jobs[][2];  /* profession_other: {woman, man} */
extern const size_t demo_nother_jobs;
extern const struct demo_text demo_calls[];
extern const size_t demo_ncalls;
extern const struct demo_text demo_messages[];
extern const size_t demo_nmessages;
extern const struct demo_weighted demo_tags[];  /* weight: per mille of clients (random tags) */
extern const size_t demo_ntags;
extern const struct demo_industry demo_industries[];
extern const size_t demo_nindustries;
/* The industry with this code, or the generic one ("other"). */
const struct demo_industry *demo_industry(const char *code);

/* ---- the random numbers and the count formula -------------------------- */

/* splitmix64 (Steele, Lea, Flood 2014): the generator of every draw. */
static inline uint64_t demo_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A double in [0, 1): the top 53 bits of the next draw. */
static inline double demo_unit(uint64_t *s)
{
	return (double)(demo_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* An index in [0, n) (0 when n is 0). */
static inline size_t demo_below(uint64_t *s, size_t n)
{
	size_t i = (size_t)(demo_unit(s) * (double)n);
	return n == 0 ? 0 : i < n ? i : n - 1;
}

/* 1 with probability p. */
static inline int demo_chance(uint64_t *s, double p)
{
	return demo_unit(s) < p;
}

/* The streams of draws: one per (seed, client index, purpose), so that a
 * client's data depends only on the seed and its index. */
enum demo_stream { DEMO_S_PROFILE, DEMO_S_LIFE, DEMO_S_HISTORY, DEMO_S_BUSINESS };

#endif
