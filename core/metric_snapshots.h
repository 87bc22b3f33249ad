/* Metric values of a business for a period, kept in metric_snapshots so
 * that the dashboard does not recompute what cannot change:
 *
 *   closed period (to <= now)     read the stored row (closed = 1); when
 *                                 missing, compute it and store it.
 *   open period (from <= now < to) read the stored row (closed = 0) when it
 *                                 is younger than CXM_SNAPSHOT_OPEN_TTL
 *                                 seconds; else compute [from, now) and
 *                                 replace it.
 *   custom period                 computed every time, never stored.
 *
 * A breakdown is stored as one row per group plus a marker row (group_key
 * '', value 0, n = the number of groups) that says it was computed, so an
 * empty breakdown is not recomputed either. parts and bins are serialised
 * as the migration (sql/0008) documents. See docs/dashboard.md. */
#ifndef CXM_METRIC_SNAPSHOTS_H
#define CXM_METRIC_SNAPSHOTS_H

#include <stddef.h>
#include <stdint.h>

#include "cxm/plugin.h"
#include "err.h"

struct cxm_arena;
struct cxm_business_plugin;
struct cxm_db;
struct cxm_period;

/* How long the open period's value is reused, in seconds: a dashboard
 * shows the current month at most five minutes old. */
#define CXM_SNAPSHOT_OPEN_TTL 300

/* "percent", "index", ... (the parts column's unit words). */
extern const char *const cxm_metric_unit_names[CXM_PLUGIN_UNIT_MAX];

/* The value of metric of bp's plugin (with bp's settings) for business_id
 * and period p, overall (dimension NULL) or broken down by dimension, as
 * of Unix time now, into out (memory from a). *stored (may be NULL) is 1
 * when it came from metric_snapshots. CXM_ERR_NOT_FOUND for an unknown
 * metric or dimension; CXM_ERR_PLUGIN when the plugin failed (reason in
 * err, logged); CXM_ERR_DB when reading the store failed. Failing to
 * store a computed value is only logged. */
enum cxm_err cxm_snapshot_get(struct cxm_db *db, struct cxm_arena *a,
                              const struct cxm_business_plugin *bp, long long business_id,
                              const char *metric, const struct cxm_period *p,
                              const char *dimension, long long now,
                              struct cxm_plugin_metric_out *out, int *stored, char *err,
                              size_t errsize);

/* Deletes the stored values of business_id (all of them), e.g. after a
 * history import; *deleted (may be NULL) counts the rows. */
enum cxm_err cxm_snapshot_delete(struct cxm_db *db, long long business_id, uint64_t *deleted);

/* How many closed periods of each kind the job keeps computed. */
#define CXM_SNAPSHOT_JOB_PERIODS 12

/* The periodic job (cxmctl jobs run, the job process): for every business,
 * every metric plugin it has on and every metric, the overall value of the
 * last CXM_SNAPSHOT_JOB_PERIODS closed weeks, months, quarters and years
 * (as of now) that are not stored yet, computed and stored; one info line
 * per business that had any. Returns the number of values computed, or -1
 * on a database error (plugin failures are logged and skipped). */
long long cxm_snapshot_job(struct cxm_db *db, long long now);

#endif
