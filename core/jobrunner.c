/* The job process that cxm-fcgi's supervisor keeps next to its workers
 * (config key job_workers): it looks for queued work once a second and
 * runs it (core/jobs.c). Named "cxm-jobs" in ps and /proc, so it is told
 * apart from the FastCGI workers. A stop signal (SIGTERM, SIGINT, SIGQUIT)
 * ends the wait at once; during an import it makes the engine abandon the
 * import at its next batch of 100 rows: the transaction rolls back and the
 * import is queued again. SIGHUP is the supervisor's business (it starts a
 * new job process and stops this one). Every INVITE_EVERY seconds it also
 * evaluates the survey triggers, sends due survey invitations
 * (core/survey_invite.h) and brings the survey results' daily rollups up
 * to date (core/survey_results.h); every METRICS_EVERY seconds it stores
 * the metric values of the last closed periods and refreshes the stale
 * ones of the open periods, for at most CXM_SNAPSHOT_JOB_BUDGET seconds
 * a run (core/metric_snapshots.h): a large business's first periods are
 * filled over several runs, between which the imports go on. */
#include "config.h"

#include <errno.h>
#include <mysql.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "jobrunner.h"
#include "jobs.h"
#include "log.h"
#include "metric_snapshots.h"
#include "survey_invite.h"
#include "survey_results.h"

#define REAP_EVERY 10          /* seconds between looks for crashed runs */
#define DB_RETRY 5             /* seconds to wait after a database error */
#define INVITE_EVERY 30        /* seconds between survey trigger and invitation runs */
#define METRICS_EVERY 120      /* seconds between metric snapshot runs (a stale open value
                                  waits about one of these, budget allowing) */

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

/* Sleeps up to seconds, returning early when a stop signal arrives. */
static void pause_for(int seconds)
{
	struct timespec t = {seconds, 0};
	while (!stop && nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

void cxm_jobrunner_run(const struct cxm_config *cfg, int listen_fd, const char *db_password)
{
	if (listen_fd >= 0)
		close(listen_fd);   /* FastCGI is the workers' business */
	prctl(PR_SET_NAME, "cxm-jobs", 0, 0, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	/* SA_RESTART keeps database reads going; nanosleep is interrupted anyway */
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_flags = 0;
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	struct cxm_db *db = NULL, *progress = NULL;
	char err[512];
	if (cxm_db_open(cfg->db_dsn, db_password, &db, err, sizeof(err)) != CXM_OK ||
	    cxm_db_open(cfg->db_dsn, db_password, &progress, err, sizeof(err)) != CXM_OK)
		cxm_fatal("job runner: %s", err);   /* checked at start-up; cannot happen */
	struct cxm_jobs j = {.db = db, .progress = progress, .stop = &stop};
	cxm_info("job runner started");
	time_t last_reap = 0, last_complaint = 0, last_invite = 0, last_metrics = 0;
	unsigned long done = 0;
	while (!stop) {
		time_t now = time(NULL);
		int failed = 0;
		if (now - last_reap >= REAP_EVERY) {
			failed = cxm_jobs_reap(db, NULL) != CXM_OK;
			if (!failed)
				last_reap = now;
		}
		if (!failed && now - last_invite >= INVITE_EVERY) {
			/* their errors are logged where they happen and do not hold
			 * up the imports: the next try is INVITE_EVERY seconds later */
			last_invite = now;
			cxm_invite_jobs(db, cfg);
			cxm_survey_rollup_due(db, NULL);
		}
		if (!failed && now - last_metrics >= METRICS_EVERY) {
			last_metrics = now;
			cxm_snapshot_job(db, (long long)now, CXM_SNAPSHOT_JOB_BUDGET, &stop, NULL);
		}
		long long id = 0;
		int got = failed ? -1 : cxm_jobs_claim(db, &id);
		if (got == 1) {
			cxm_jobs_run_import(&j, id);
			done++;
			continue;   /* more may be waiting */
		}
		if (got < 0) {
			/* the database is away: say so once a minute, try again soon */
			if (now - last_complaint >= 60) {
				cxm_error("job runner: database error: %s; retrying every %ds", cxm_db_error(db),
				          DB_RETRY);
				last_complaint = now;
			}
			pause_for(DB_RETRY);
			continue;
		}
		pause_for(1);
	}
	cxm_info("job runner stopping: ran %lu jobs", done);
	cxm_db_close(progress);
	cxm_db_close(db);
	mysql_library_end();
	exit(0);
}
