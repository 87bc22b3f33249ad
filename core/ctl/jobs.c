/* cxmctl jobs run: runs every queued job once (crashed runs are marked
 * failed first), evaluates the survey triggers, sends the due survey
 * invitations and brings the survey results' daily rollups up to date
 * (core/survey_results.h), stores the metric values of the last closed
 * periods and refreshes the current ones (core/metric_snapshots.h, with
 * the plugins of plugin_dir loaded, for at most CXM_SNAPSHOT_JOB_BUDGET
 * seconds or --metrics-budget SECONDS), and exits, for cron or a systemd
 * timer on hosts whose cxm-fcgi runs no job process (job_workers = 0).
 * See core/jobs.h and core/survey_invite.h. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/ctl.h"
#include "db.h"
#include "jobs.h"
#include "metric_snapshots.h"
#include "plugin.h"
#include "survey_invite.h"
#include "survey_results.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int cxm_ctl_jobs(struct cxm_ctl *ctl, int argc, char **argv)
{
	int with_budget = argc == 4 && strcmp(argv[2], "--metrics-budget") == 0;
	if ((argc != 2 && !with_budget) || strcmp(argv[1], "run") != 0) {
		fputs("usage: cxmctl jobs run [--metrics-budget SECONDS]\n", stderr);
		return 2;
	}
	long long budget = CXM_SNAPSHOT_JOB_BUDGET;
	if (with_budget) {
		char *end;
		budget = strtoll(argv[3], &end, 10);
		if (end == argv[3] || *end || budget < 0) {
			fprintf(stderr, "cxmctl: --metrics-budget takes whole seconds (0 or more), not \"%s\"\n",
			        argv[3]);
			return 2;
		}
	}
	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db)
		return 1;
	struct cxm_db *progress = cxm_ctl_db(ctl);
	if (!progress) {
		cxm_db_close(db);
		return 1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct cxm_jobs j = {.db = db, .progress = progress, .stop = &stop};
	int n = cxm_jobs_run_due(&j);
	long long sent = n < 0 || stop ? 0 : cxm_invite_jobs(db, &ctl->cfg);
	if (sent < 0 || (n >= 0 && !stop && cxm_survey_rollup_due(db, NULL) < 0))
		n = -1;
	long long metrics = 0;
	struct cxm_snapshot_job_stats st = {0};
	if (n >= 0 && !stop) {
		cxm_plugins_start(ctl->cfg.plugin_dir);
		metrics = cxm_snapshot_job(db, (long long)time(NULL), budget, &stop, &st);
		cxm_plugins_stop();
		if (metrics < 0)
			n = -1;
	}
	if (n < 0)
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
	else if (!ctl->quiet) {
		printf("%d job%s run\n", n, n == 1 ? "" : "s");
		if (sent > 0)
			printf("%lld survey invitation%s sent\n", sent, sent == 1 ? "" : "s");
		if (st.closed > 0)
			printf("%lld metric value%s stored\n", st.closed, st.closed == 1 ? "" : "s");
		if (st.refreshed > 0)
			printf("%lld current value%s refreshed\n", st.refreshed, st.refreshed == 1 ? "" : "s");
		if (st.out_of_budget)
			printf("%lld metric value%s and %lld current value%s left for the next run (%s)\n",
			       st.closed_left, st.closed_left == 1 ? "" : "s", st.left, st.left == 1 ? "" : "s",
			       stop ? "stopped" : "time budget used up");
	}
	cxm_db_close(progress);
	cxm_db_close(db);
	return n < 0 ? 1 : 0;
}
