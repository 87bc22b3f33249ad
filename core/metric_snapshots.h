/* Metric values of a business for a period, kept in metric_snapshots so
 * that the dashboard does not recompute what cannot change:
 *
 *   closed period (to <= now)     read the stored row (closed = 1); when
 *                                 missing, compute it and store it.
 *   open period (from <= now < to) overall: read the stored row
 *                                 (closed = 0), however old; one older
 *                                 than CXM_SNAPSHOT_OPEN_TTL seconds is
 *                                 served as stale (its computed_at is
 *                                 reported) and the job refreshes it.
 *                                 Only when there is none is [from, now)
 *                                 computed in the request and stored.
 *                                 Broken down: the stored rows when
 *                                 younger than the TTL; else computed
 *                                 [from, now) and replaced.
 *   custom period                 computed every time, never stored.
 *
 * A breakdown is stored as one row per group plus a marker row (group_key
 * '', value 0, n = the number of groups) that says it was computed, so an
 * empty breakdown is not recomputed either. parts and bins are serialised
 * as the migration (sql/0008) documents. See docs/dashboard.md. */
#ifndef CXM_METRIC_SNAPSHOTS_H
#define CXM_METRIC_SNAPSHOTS_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>

#include "cxm/plugin.h"
#include "err.h"

struct cxm_arena;
struct cxm_business_plugin;
struct cxm_db;
struct cxm_period;

/* How long the open period's value counts as fresh, in seconds: an older
 * overall value is still shown (with its time) and refreshed by the job;
 * an older breakdown is computed again. */
#define CXM_SNAPSHOT_OPEN_TTL 300

/* The wall time the job may spend computing values per run, in seconds
 * (checked between computations; what is left waits for the next run), so
 * that a large business's first run does not hold up the imports and
 * invitations of the job process for hours. */
#define CXM_SNAPSHOT_JOB_BUDGET 60

/* "percent", "index", ... (the parts column's unit words). */
extern const char *const cxm_metric_unit_names[CXM_PLUGIN_UNIT_MAX];

/* The value of metric of bp's plugin (with bp's settings) for business_id
 * and period p, overall (dimension NULL) or broken down by dimension, as
 * of Unix time now, into out (memory from a). *stored (may be NULL) is 1
 * when it came from metric_snapshots. *stale (may be NULL) is the Unix
 * time the value was computed when it is an overall open value older than
 * CXM_SNAPSHOT_OPEN_TTL (served as it is), else 0. CXM_ERR_NOT_FOUND for an unknown
 * metric or dimension; CXM_ERR_PLUGIN when the plugin failed (reason in
 * err, logged); CXM_ERR_DB when reading the store failed. Failing to
 * store a computed value is only logged. */
enum cxm_err cxm_snapshot_get(struct cxm_db *db, struct cxm_arena *a,
                              const struct cxm_business_plugin *bp, long long business_id,
                              const char *metric, const struct cxm_period *p,
                              const char *dimension, long long now,
                              struct cxm_plugin_metric_out *out, int *stored,
                              long long *stale, char *err, size_t errsize);

/* The stored value of metric (overall, or broken down by dimension) as
 * cxm_snapshot_get would return it, without computing anything: CXM_OK with *out (and *stale), or
 * CXM_ERR_NOT_FOUND when nothing usable is stored (a custom period never
 * is); CXM_ERR_DB when reading the store failed. For a page that has used
 * up its time for computing (the job fills the rest). */
enum cxm_err cxm_snapshot_peek(struct cxm_db *db, struct cxm_arena *a,
                               const struct cxm_business_plugin *bp, long long business_id,
                               const char *metric, const struct cxm_period *p,
                               const char *dimension, long long now,
                               struct cxm_plugin_metric_out *out, long long *stale);

/* Deletes the stored values of business_id (all of them), e.g. after a
 * history import; *deleted (may be NULL) counts the rows. */
enum cxm_err cxm_snapshot_delete(struct cxm_db *db, long long business_id, uint64_t *deleted);

/* How many closed periods of each kind the job keeps computed. */
#define CXM_SNAPSHOT_JOB_PERIODS 12

/* What one run of the job did. */
struct cxm_snapshot_job_stats {
	long long closed;      /* closed values computed and stored */
	long long refreshed;   /* open values computed and stored */
	long long left;        /* open values due but left for the next run */
	long long closed_left; /* closed values due but left for the next run */
	long long failed;      /* plugin failures (either kind) */
	int out_of_budget;     /* 1 when the budget ran out (or a stop came) with values due */
};

/* The periodic job (cxmctl jobs run, the job process), as of Unix time
 * now. What is due, for every business, every metric plugin it has on and
 * every metric: the overall value of each of the last
 * CXM_SNAPSHOT_JOB_PERIODS closed weeks, months, quarters and years that
 * is not stored yet, and the overall value of the open week, month,
 * quarter and year whose stored value is missing or older than
 * CXM_SNAPSHOT_OPEN_TTL (computed over [from, now)). They are computed
 * and stored in this order: the open values never computed, the closed
 * ones newest period first, the stale open ones oldest first, across all
 * businesses, while less than budget seconds of wall time have passed
 * since the job began and *stop (may be NULL) is 0 (checked before each
 * one; budget 0 computes none). One info line per business that had any.
 * Returns closed + refreshed, or -1 on a database error (plugin failures
 * are logged and skipped); *stats (may be NULL) says more. */
long long cxm_snapshot_job(struct cxm_db *db, long long now, long long budget,
                           const volatile sig_atomic_t *stop, struct cxm_snapshot_job_stats *stats);

#endif
