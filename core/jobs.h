/* The job queue: imports uploaded through the web wait in the imports
 * table (status queued) until a job runner takes one. Runners are the job
 * process of cxm-fcgi (core/jobrunner.c) and "cxmctl jobs run", on any
 * number of hosts at once:
 *
 *   claim   in one transaction: the oldest queued import is selected with
 *           SELECT ... FOR UPDATE SKIP LOCKED (two runners never take the
 *           same one and never wait for each other), the runner takes the
 *           named lock "cxm-import-<id>-<database>" (GET_LOCK) on its
 *           connection, and the row becomes running (started_at now).
 *   run     the import engine on the stored file; progress goes to
 *           imports.processed_rows through a second connection every 1000
 *           rows, so that it is visible while the import's own transaction
 *           is open. An applied import is marked done inside its own
 *           transaction: the data and "done" commit together.
 *   finish  done (with inserted/updated counts, or error_count and the
 *           report of refused rows, nothing applied), failed (error says
 *           why, nothing applied) or, when the runner was asked to stop,
 *           queued again (the transaction rolled back; error notes it).
 *   crash   a runner that dies (killed, host lost) drops its connections:
 *           the server rolls its transaction back and frees its lock. A
 *           running import whose lock nobody holds is therefore a crashed
 *           run, and the next runner to look marks it failed ("stopped
 *           unexpectedly; nothing was imported"). It is not retried by
 *           itself, since whatever killed the run may kill it again; the
 *           import page offers to queue it again.
 *
 * The named lock is server-wide: with several database servers (Galera)
 * all runners must use the same one. */
#ifndef CXM_JOBS_H
#define CXM_JOBS_H

#include <signal.h>

#include "err.h"

struct cxm_db;

struct cxm_jobs {
	struct cxm_db *db;             /* claims and runs the imports */
	struct cxm_db *progress;       /* progress updates (NULL: none) */
	volatile sig_atomic_t *stop;   /* set to abandon the current import */
};

/* Marks running imports whose runner is gone as failed; *reaped (may be
 * NULL) counts them. */
enum cxm_err cxm_jobs_reap(struct cxm_db *db, int *reaped);

/* Claims the oldest queued import: 1 with *id set, 0 when none is
 * waiting, -1 on a database error. The claim's named lock stays with db
 * until cxm_jobs_run_import finishes. */
int cxm_jobs_claim(struct cxm_db *db, long long *id);

/* Runs claimed import id to its end (see the top of the file). Returns
 * CXM_OK when the import's outcome was recorded (done, failed or queued
 * again), CXM_ERR_DB when even that failed. */
enum cxm_err cxm_jobs_run_import(struct cxm_jobs *j, long long id);

/* Everything due, once: reaps, then claims and runs imports until none is
 * queued or stop is set. Returns the number run, or -1 on a database error. */
int cxm_jobs_run_due(struct cxm_jobs *j);

#endif
