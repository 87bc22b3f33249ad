/* Reporting periods in a business's time zone (period.h). Calendar
 * arithmetic is done on local days; only the boundaries go through the
 * zone's rules (core/tz.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "i18n.h"
#include "period.h"
#include "tz.h"

const char *const cxm_period_kind_names[CXM_PERIOD_KIND_MAX + 1] = {
	"week", "month", "quarter", "year", "custom", NULL,
};

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static long long days_of(struct cxm_date d)
{
	long long y = d.y - (d.m <= 2);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct cxm_date date_of(long long z)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	struct cxm_date d;
	d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.y = (int)(yoe + era * 400 + (d.m <= 2));
	return d;
}

static int days_in_month(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return n[m - 1];
}

static int valid(struct cxm_date d)
{
	return d.y >= 1000 && d.y <= 9998 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= days_in_month(d.y, d.m);
}

static struct cxm_date add_days(struct cxm_date d, long long n)
{
	return date_of(days_of(d) + n);
}

/* 0 Monday .. 6 Sunday (1970-01-01 was a Thursday). */
static int weekday(struct cxm_date d)
{
	long long z = days_of(d);
	return (int)(((z % 7) + 7 + 3) % 7);
}

/* The UTC instant of local midnight starting day d in tz. */
static int midnight(const char *tz, struct cxm_date d, long long *t)
{
	struct cxm_arena *a = cxm_arena_new(256);
	char local[32], *utc = NULL;
	snprintf(local, sizeof(local), "%04d-%02d-%02d 00:00:00", d.y, d.m, d.d);
	int rc = -1;
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (cxm_tz_to_utc(a, tz, local, &utc) == CXM_OK &&
	    sscanf(utc, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	           &tm.tm_min, &tm.tm_sec) == 6) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		*t = (long long)timegm(&tm);
		rc = 0;
	}
	cxm_arena_free(a);
	return rc;
}

static enum cxm_err fill(const char *tz, enum cxm_period_kind kind, struct cxm_date first,
                         struct cxm_date last, struct cxm_period *out)
{
	if (!valid(first) || !valid(last))
		return CXM_ERR_INVALID;
	out->kind = kind;
	out->first = first;
	out->last = last;
	if (midnight(tz, first, &out->from) != 0 || midnight(tz, add_days(last, 1), &out->to) != 0)
		return CXM_ERR_INVALID;
	return CXM_OK;
}

enum cxm_err cxm_period_of(const char *tz, enum cxm_period_kind kind, struct cxm_date day,
                           struct cxm_period *out)
{
	if (!valid(day))
		return CXM_ERR_INVALID;
	struct cxm_date first = day, last;
	switch (kind) {
	case CXM_PERIOD_WEEK:
		first = add_days(day, -weekday(day));
		last = add_days(first, 6);
		break;
	case CXM_PERIOD_MONTH:
		first.d = 1;
		last = (struct cxm_date){day.y, day.m, days_in_month(day.y, day.m)};
		break;
	case CXM_PERIOD_QUARTER:
		first = (struct cxm_date){day.y, (day.m - 1) / 3 * 3 + 1, 1};
		last = (struct cxm_date){day.y, first.m + 2, days_in_month(day.y, first.m + 2)};
		break;
	case CXM_PERIOD_YEAR:
		first = (struct cxm_date){day.y, 1, 1};
		last = (struct cxm_date){day.y, 12, 31};
		break;
	default:
		return CXM_ERR_INVALID;
	}
	return fill(tz, kind, first, last, out);
}

enum cxm_err cxm_period_custom(const char *tz, struct cxm_date first, struct cxm_date last,
                               struct cxm_period *out)
{
	if (!valid(first) || !valid(last) || days_of(last) < days_of(first))
		return CXM_ERR_INVALID;
	return fill(tz, CXM_PERIOD_CUSTOM, first, last, out);
}

enum cxm_err cxm_period_step(const char *tz, const struct cxm_period *p, int step,
                             struct cxm_period *out)
{
	if (p->kind == CXM_PERIOD_CUSTOM) {
		long long len = days_of(p->last) - days_of(p->first) + 1;
		return cxm_period_custom(tz, add_days(p->first, step * len),
		                         add_days(p->last, step * len), out);
	}
	/* a day just outside p, on the side of step */
	struct cxm_date d = step < 0 ? add_days(p->first, -1) : add_days(p->last, 1);
	return cxm_period_of(tz, p->kind, d, out);
}

enum cxm_err cxm_period_series(const char *tz, const struct cxm_period *p, int n,
                               struct cxm_period *out)
{
	if (n <= 0)
		return CXM_OK;
	out[n - 1] = *p;
	for (int i = n - 2; i >= 0; i--)
		if (cxm_period_step(tz, &out[i + 1], -1, &out[i]) != CXM_OK)
			return CXM_ERR_INVALID;
	return CXM_OK;
}

struct cxm_date cxm_period_local_day(const char *tz, long long t)
{
	struct cxm_arena *a = cxm_arena_new(256);
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char utc[32], *local = NULL;
	strftime(utc, sizeof(utc), "%Y-%m-%d %H:%M:%S", &tm);
	struct cxm_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	if (cxm_tz_from_utc(a, tz, utc, &local) == CXM_OK)
		sscanf(local, "%d-%d-%d", &d.y, &d.m, &d.d);
	cxm_arena_free(a);
	return d;
}

enum cxm_err cxm_period_at(const char *tz, enum cxm_period_kind kind, long long t,
                           struct cxm_period *out)
{
	return cxm_period_of(tz, kind, cxm_period_local_day(tz, t), out);
}

int cxm_date_parse(const char *s, struct cxm_date *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	struct cxm_date v;
	if (sscanf(s, "%4d-%2d-%2d", &v.y, &v.m, &v.d) != 3 || !valid(v))
		return -1;
	*d = v;
	return 0;
}

char *cxm_date_format(struct cxm_arena *a, struct cxm_date d)
{
	return cxm_printf(a, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* The longest custom range the pages accept: ten years of days. */
#define CUSTOM_MAX_DAYS 3660

enum cxm_err cxm_period_parse(const char *tz, long long now, const char *kind, const char *at,
                              const char *from, const char *to, struct cxm_period *out,
                              const char **error, const char **field)
{
	*error = NULL;
	*field = NULL;
	int k = CXM_PERIOD_MONTH;
	if (kind && *kind) {
		for (k = 0; k < CXM_PERIOD_KIND_MAX; k++)
			if (strcmp(kind, cxm_period_kind_names[k]) == 0)
				break;
		if (k == CXM_PERIOD_KIND_MAX) {
			*error = N_("Choose a week, month, quarter, year or your own dates.");
			*field = "period";
			return CXM_ERR_INVALID;
		}
	}
	if (k == CXM_PERIOD_CUSTOM) {
		struct cxm_date f, t;
		if (!from || !*from || cxm_date_parse(from, &f) != 0) {
			*error = from && *from ? N_("Enter a real date as YYYY-MM-DD.")
			                       : N_("Enter the first day of the period.");
			*field = "from";
			return CXM_ERR_INVALID;
		}
		if (!to || !*to || cxm_date_parse(to, &t) != 0) {
			*error = to && *to ? N_("Enter a real date as YYYY-MM-DD.")
			                   : N_("Enter the last day of the period.");
			*field = "to";
			return CXM_ERR_INVALID;
		}
		if (days_of(t) < days_of(f)) {
			*error = N_("The last day comes before the first.");
			*field = "to";
			return CXM_ERR_INVALID;
		}
		if (days_of(t) - days_of(f) >= CUSTOM_MAX_DAYS) {
			*error = N_("Choose at most ten years.");
			*field = "to";
			return CXM_ERR_INVALID;
		}
		if (cxm_period_custom(tz, f, t, out) != CXM_OK) {
			*error = N_("The business's time zone cannot be used for these dates.");
			*field = "from";
			return CXM_ERR_INVALID;
		}
		return CXM_OK;
	}
	struct cxm_date day;
	if (at && *at) {
		if (cxm_date_parse(at, &day) != 0) {
			*error = N_("Enter a real date as YYYY-MM-DD.");
			*field = "at";
			return CXM_ERR_INVALID;
		}
	} else {
		day = cxm_period_local_day(tz, now);
	}
	if (cxm_period_of(tz, (enum cxm_period_kind)k, day, out) != CXM_OK) {
		*error = N_("Enter a real date as YYYY-MM-DD.");
		*field = "at";
		return CXM_ERR_INVALID;
	}
	return CXM_OK;
}

char *cxm_period_query(struct cxm_arena *a, const struct cxm_period *p)
{
	if (p->kind == CXM_PERIOD_CUSTOM)
		return cxm_printf(a, "period=custom&from=%04d-%02d-%02d&to=%04d-%02d-%02d", p->first.y,
		                  p->first.m, p->first.d, p->last.y, p->last.m, p->last.d);
	return cxm_printf(a, "period=%s&at=%04d-%02d-%02d", cxm_period_kind_names[p->kind],
	                  p->first.y, p->first.m, p->first.d);
}

/* A month with its year, standalone ("November %d" -> "ноябрь %d"): one
 * literal format per month, so that the compiler checks each. */
static char *month_label(struct cxm_arena *a, int m, int y)
{
	switch (m) {
	case 1: return cxm_printf(a, _("January %d"), y);
	case 2: return cxm_printf(a, _("February %d"), y);
	case 3: return cxm_printf(a, _("March %d"), y);
	case 4: return cxm_printf(a, _("April %d"), y);
	case 5: return cxm_printf(a, _("May %d"), y);
	case 6: return cxm_printf(a, _("June %d"), y);
	case 7: return cxm_printf(a, _("July %d"), y);
	case 8: return cxm_printf(a, _("August %d"), y);
	case 9: return cxm_printf(a, _("September %d"), y);
	case 10: return cxm_printf(a, _("October %d"), y);
	case 11: return cxm_printf(a, _("November %d"), y);
	default: return cxm_printf(a, _("December %d"), y);
	}
}

/* Short month names, for dates ("Nov" -> "нояб."). */
static const char *const month_short[12] = {
	N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
	N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
};

static char *day_label(struct cxm_arena *a, struct cxm_date d, int with_year)
{
	if (with_year)
		return cxm_printf(a, "%d %s %d", d.d, _(month_short[d.m - 1]), d.y);
	return cxm_printf(a, "%d %s", d.d, _(month_short[d.m - 1]));
}

char *cxm_period_label(struct cxm_arena *a, const struct cxm_period *p)
{
	switch (p->kind) {
	case CXM_PERIOD_WEEK:
		return cxm_printf(a, _("week of %s"), day_label(a, p->first, 1));
	case CXM_PERIOD_MONTH:
		return month_label(a, p->first.m, p->first.y);
	case CXM_PERIOD_QUARTER:
		return cxm_printf(a, _("Q%d %d"), (p->first.m - 1) / 3 + 1, p->first.y);
	case CXM_PERIOD_YEAR:
		return cxm_printf(a, "%d", p->first.y);
	default:
		return cxm_printf(a, "%s – %s", day_label(a, p->first, 1), day_label(a, p->last, 1));
	}
}

char *cxm_period_short_label(struct cxm_arena *a, const struct cxm_period *p)
{
	switch (p->kind) {
	case CXM_PERIOD_WEEK:
		return day_label(a, p->first, 0);
	case CXM_PERIOD_MONTH:
		return cxm_printf(a, "%s %d", _(month_short[p->first.m - 1]), p->first.y);
	case CXM_PERIOD_QUARTER:
	case CXM_PERIOD_YEAR:
		return cxm_period_label(a, p);
	default:
		return cxm_printf(a, "%s–%s", day_label(a, p->first, 0), day_label(a, p->last, 0));
	}
}
