/* Reporting periods in a business's time zone: weeks (Monday first),
 * months, quarters, years and custom ranges of whole local days, as the
 * [from, to) Unix times of their local boundaries (DST-correct through the
 * zone's rules); the previous and next period, a series ending with one,
 * the URL form (?period=month&at=2026-11-01) and a label for people. */
#ifndef CXM_PERIOD_H
#define CXM_PERIOD_H

#include "err.h"

struct cxm_arena;

enum cxm_period_kind {
	CXM_PERIOD_WEEK,
	CXM_PERIOD_MONTH,
	CXM_PERIOD_QUARTER,
	CXM_PERIOD_YEAR,
	CXM_PERIOD_CUSTOM,
	CXM_PERIOD_KIND_MAX
};
/* "week", "month", "quarter", "year", "custom": the URL's and
 * metric_snapshots.period_kind's words; NULL-terminated. */
extern const char *const cxm_period_kind_names[CXM_PERIOD_KIND_MAX + 1];

/* A local date. */
struct cxm_date {
	int y, m, d;
};

struct cxm_period {
	enum cxm_period_kind kind;
	struct cxm_date first, last;   /* local days, both inclusive */
	long long from, to;            /* [from, to): UTC instants of first's and
	                                  (last + 1 day)'s local midnights */
};

/* The period of kind (not CUSTOM) that contains local day `day` in tz.
 * CXM_ERR_INVALID for a bad kind or day, or a zone the system cannot
 * convert. */
enum cxm_err cxm_period_of(const char *tz, enum cxm_period_kind kind, struct cxm_date day,
                           struct cxm_period *out);
/* The custom period of the local days first..last (inclusive) in tz.
 * CXM_ERR_INVALID when last is before first. */
enum cxm_err cxm_period_custom(const char *tz, struct cxm_date first, struct cxm_date last,
                               struct cxm_period *out);
/* The period before (step -1) or after (step 1) p, of the same kind; for a
 * custom period the same number of days just before or after it. */
enum cxm_err cxm_period_step(const char *tz, const struct cxm_period *p, int step,
                             struct cxm_period *out);
/* The n periods ending with p, oldest first, into out[0..n-1]. */
enum cxm_err cxm_period_series(const char *tz, const struct cxm_period *p, int n,
                               struct cxm_period *out);

/* The local day in tz of Unix time t. */
struct cxm_date cxm_period_local_day(const char *tz, long long t);
/* The period of kind containing Unix time t (the open period when t is now). */
enum cxm_err cxm_period_at(const char *tz, enum cxm_period_kind kind, long long t,
                           struct cxm_period *out);

/* Parses "YYYY-MM-DD" into d; 0 on success, -1 when s is not a real day. */
int cxm_date_parse(const char *s, struct cxm_date *d);
/* "YYYY-MM-DD", from a. */
char *cxm_date_format(struct cxm_arena *a, struct cxm_date d);

/* The period of the URL's fields (each NULL or "" when absent): kind
 * ("week", "month", "quarter", "year", "custom"; absent: month), at (a
 * local day in the period; absent: today) for the fixed kinds, from and to
 * (both needed) for custom. On bad input returns CXM_ERR_INVALID with
 * *error set to an English msgid (the caller translates it), and *field
 * to the field to show it next to ("period", "at", "from" or "to"). */
enum cxm_err cxm_period_parse(const char *tz, long long now, const char *kind, const char *at,
                              const char *from, const char *to, struct cxm_period *out,
                              const char **error, const char **field);
/* The URL form of p: "period=month&at=2026-11-01" (at is the first day) or
 * "period=custom&from=...&to=...", from a. */
char *cxm_period_query(struct cxm_arena *a, const struct cxm_period *p);
/* A label for people in the current language: "November 2026" ("ноябрь
 * 2026"), "Q4 2026", "2026", "week of 23 Nov 2026", "1 Oct 2026 – 31 Oct
 * 2026"; from a. */
char *cxm_period_label(struct cxm_arena *a, const struct cxm_period *p);
/* A short label for a chart axis: "Nov 2026", "Q4 2026", "2026", "23 Nov",
 * "1 Oct–31 Oct"; from a. */
char *cxm_period_short_label(struct cxm_arena *a, const struct cxm_period *p);

#endif
