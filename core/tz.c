/* Time zone conversions and date parsing; see tz.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "tz.h"

/* Runs with TZ set to tz, then puts UTC back (the processes keep TZ=UTC). */
static void use_tz(const char *tz)
{
	setenv("TZ", tz && *tz ? tz : "UTC", 1);
	tzset();
}

static void back_to_utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

char *cxm_parse_date(struct cxm_arena *a, const char *s, int with_time)
{
	int y, m, d, hh = 0, mi = 0, ss = 0;
	const char *rest;
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	if (digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &m) && s[7] == '-' &&
	    digits(s + 8, 2, &d)) {
		rest = s + 10;
	} else if (digits(s, 2, &d) && s[2] == '.' && digits(s + 3, 2, &m) && s[5] == '.' &&
	           digits(s + 6, 4, &y)) {
		rest = s + 10;
	} else {
		return NULL;
	}
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return NULL;
	if (with_time && (*rest == ' ' || *rest == 'T')) {
		const char *t = rest + 1;
		if (!digits(t, 2, &hh) || t[2] != ':' || !digits(t + 3, 2, &mi))
			return NULL;
		rest = t + 5;
		if (*rest == ':') {
			if (!digits(rest + 1, 2, &ss))
				return NULL;
			rest += 3;
		}
		if (hh > 23 || mi > 59 || ss > 59)
			return NULL;
	}
	while (*rest == ' ')
		rest++;
	if (*rest)
		return NULL;
	if (with_time)
		return cxm_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mi, ss);
	return cxm_printf(a, "%04d-%02d-%02d", y, m, d);
}

/* Splits a canonical "YYYY-MM-DD HH:MM:SS" into tm. */
static int to_tm(const char *s, struct tm *tm)
{
	int y, m, d, hh, mi, ss;
	if (!s || strlen(s) != 19 || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mi) ||
	    !digits(s + 17, 2, &ss) || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' ||
	    s[16] != ':')
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) || hh > 23 || mi > 59 || ss > 59)
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = hh;
	tm->tm_min = mi;
	tm->tm_sec = ss;
	tm->tm_isdst = -1;
	return 0;
}

static char *format(struct cxm_arena *a, const struct tm *tm)
{
	return cxm_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", tm->tm_year + 1900, tm->tm_mon + 1,
	                  tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec);
}

enum cxm_err cxm_tz_to_utc(struct cxm_arena *a, const char *tz, const char *local, char **utc)
{
	struct tm tm, out;
	if (to_tm(local, &tm) != 0)
		return CXM_ERR_INVALID;
	use_tz(tz);
	time_t t = mktime(&tm);
	back_to_utc();
	if (t == (time_t)-1 || !gmtime_r(&t, &out))
		return CXM_ERR_INVALID;
	*utc = format(a, &out);
	return CXM_OK;
}

enum cxm_err cxm_tz_from_utc(struct cxm_arena *a, const char *tz, const char *utc, char **local)
{
	struct tm tm, out;
	if (to_tm(utc, &tm) != 0)
		return CXM_ERR_INVALID;
	tm.tm_isdst = 0;
	time_t t = timegm(&tm);
	use_tz(tz);
	struct tm *ok = localtime_r(&t, &out);
	back_to_utc();
	if (!ok)
		return CXM_ERR_INVALID;
	*local = format(a, &out);
	return CXM_OK;
}

char *cxm_tz_today(struct cxm_arena *a, const char *tz)
{
	time_t now = time(NULL);
	struct tm tm;
	use_tz(tz);
	localtime_r(&now, &tm);
	back_to_utc();
	return cxm_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *cxm_utc_today(struct cxm_arena *a)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return cxm_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
