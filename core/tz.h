/* Local times of a business's time zone and the UTC the database keeps.
 * Times are "YYYY-MM-DD HH:MM:SS" text; time zones are IANA names
 * (businesses.timezone). Uses the system's zoneinfo through the TZ
 * variable, so it is for single-threaded processes (the workers, cxmctl). */
#ifndef CXM_TZ_H
#define CXM_TZ_H

#include "err.h"

struct cxm_arena;

/* The UTC time of a local time in tz (a local time that falls twice at the
 * end of summer time counts as its first occurrence). CXM_ERR_INVALID when
 * local is not a valid time. */
enum cxm_err cxm_tz_to_utc(struct cxm_arena *a, const char *tz, const char *local, char **utc);

/* The local time in tz of a UTC time. CXM_ERR_INVALID when utc is not a
 * valid time. */
enum cxm_err cxm_tz_from_utc(struct cxm_arena *a, const char *tz, const char *utc, char **local);

/* Today's date (YYYY-MM-DD) in tz, and in UTC. */
char *cxm_tz_today(struct cxm_arena *a, const char *tz);
char *cxm_utc_today(struct cxm_arena *a);

/* Parses "YYYY-MM-DD", "DD.MM.YYYY", either followed by " HH:MM" or
 * " HH:MM:SS" (or 'T' instead of the space) when with_time, into the
 * canonical "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (seconds 00 when absent;
 * "00:00:00" when the time is absent). Checks the calendar. NULL when s is
 * not such a date. */
char *cxm_parse_date(struct cxm_arena *a, const char *s, int with_time);

#endif
