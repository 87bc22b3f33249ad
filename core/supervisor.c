/* Supervisor main loop; see supervisor.h. Signals are handled
 * synchronously with sigtimedwait(), so there is no handler code to race. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "jobrunner.h"
#include "listen.h"
#include "log.h"
#include "supervisor.h"
#include "worker.h"

#define CRASH_WINDOW 10   /* seconds */

struct state {
	struct cxm_supervisor *s;
	pid_t *workers;
	size_t nworkers;
	time_t *deaths;       /* ring of recent unexpected exits */
	size_t ndeaths_cap, death_pos;
	pid_t *jobs;          /* the job processes (jobrunner.c), 0: empty slot */
	size_t njobs;
	time_t job_died;      /* when one last died unexpectedly */
	int stopping;
};

static sigset_t handled_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGHUP);
	return set;
}

static pid_t spawn(struct state *st)
{
	pid_t pid = fork();
	if (pid < 0) {
		cxm_error("fork failed: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		free(st->workers);
		free(st->deaths);
		free(st->jobs);
		cxm_worker_run(st->s->cfg, st->s->listen_fd, st->s->db_password);
	}
	return pid;
}

static pid_t spawn_job(struct state *st)
{
	pid_t pid = fork();
	if (pid < 0) {
		cxm_error("fork failed: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		free(st->workers);
		free(st->deaths);
		free(st->jobs);
		cxm_jobrunner_run(st->s->cfg, st->s->listen_fd, st->s->db_password);
	}
	return pid;
}

static size_t recent_deaths(struct state *st, time_t now)
{
	size_t n = 0;
	for (size_t i = 0; i < st->ndeaths_cap; i++)
		if (st->deaths[i] && now - st->deaths[i] < CRASH_WINDOW)
			n++;
	return n;
}

static void describe_exit(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)%s", WTERMSIG(status),
		         strsignal(WTERMSIG(status)), WCOREDUMP(status) ? ", core dumped" : "");
	else
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
}

static void reap(struct state *st)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		char how[128];
		describe_exit(status, how, sizeof(how));
		int found = 0;
		for (size_t i = 0; i < st->nworkers; i++) {
			if (st->workers[i] != pid)
				continue;
			found = 1;
			st->workers[i] = 0;
			if (st->stopping) {
				cxm_debug("worker %ld %s", (long)pid, how);
			} else {
				cxm_error("worker %ld %s; starting a replacement", (long)pid, how);
				st->deaths[st->death_pos] = time(NULL);
				st->death_pos = (st->death_pos + 1) % st->ndeaths_cap;
			}
		}
		for (size_t i = 0; !found && i < st->njobs; i++) {
			if (st->jobs[i] != pid)
				continue;
			found = 1;
			st->jobs[i] = 0;
			if (st->stopping) {
				cxm_debug("job runner %ld %s", (long)pid, how);
			} else {
				cxm_error("job runner %ld %s; starting a replacement", (long)pid, how);
				st->job_died = time(NULL);
			}
		}
		for (size_t i = 0; !found && i < st->s->nold_jobs; i++) {
			if (st->s->old_jobs[i] == pid) {
				found = 1;
				st->s->old_jobs[i] = 0;
				cxm_info("job runner %ld (previous generation) %s", (long)pid, how);
			}
		}
		for (size_t i = 0; !found && i < st->s->nold; i++) {
			if (st->s->old_workers[i] == pid) {
				found = 1;
				st->s->old_workers[i] = 0;
				cxm_info("worker %ld of the previous generation %s", (long)pid, how);
			}
		}
		if (!found)
			cxm_debug("child %ld %s", (long)pid, how);
	}
}

/* Job processes: replaced at once, but not more than once a second when
 * they keep dying. */
static void fill_jobs(struct state *st, time_t now)
{
	for (size_t i = 0; i < st->njobs; i++) {
		if (st->jobs[i] || (st->job_died && now - st->job_died < 1))
			continue;
		pid_t pid = spawn_job(st);
		st->jobs[i] = pid > 0 ? pid : 0;
	}
}

static void fill_slots(struct state *st)
{
	time_t now = time(NULL);
	fill_jobs(st, now);
	if (recent_deaths(st, now) >= st->ndeaths_cap) {
		/* Every worker died within seconds: something is badly wrong (a
		 * crashing plugin, say). Slow down instead of fork-looping. */
		static time_t last_warned;
		if (now != last_warned)
			cxm_error("workers keep dying; retrying once a second");
		last_warned = now;
		for (size_t i = 0; i < st->nworkers; i++) {
			if (st->workers[i] == 0) {
				st->workers[i] = spawn(st);
				if (st->workers[i] < 0)
					st->workers[i] = 0;
				break;
			}
		}
		return;
	}
	for (size_t i = 0; i < st->nworkers; i++) {
		if (st->workers[i] == 0) {
			pid_t pid = spawn(st);
			st->workers[i] = pid > 0 ? pid : 0;
		}
	}
}

static size_t alive(struct state *st)
{
	size_t n = 0;
	for (size_t i = 0; i < st->nworkers; i++)
		n += st->workers[i] != 0;
	for (size_t i = 0; i < st->s->nold; i++)
		n += st->s->old_workers[i] != 0;
	for (size_t i = 0; i < st->njobs; i++)
		n += st->jobs[i] != 0;
	for (size_t i = 0; i < st->s->nold_jobs; i++)
		n += st->s->old_jobs[i] != 0;
	return n;
}

static void signal_all(struct state *st, int sig)
{
	for (size_t i = 0; i < st->nworkers; i++)
		if (st->workers[i])
			kill(st->workers[i], sig);
	for (size_t i = 0; i < st->s->nold; i++)
		if (st->s->old_workers[i])
			kill(st->s->old_workers[i], sig);
	for (size_t i = 0; i < st->njobs; i++)
		if (st->jobs[i])
			kill(st->jobs[i], sig);
	for (size_t i = 0; i < st->s->nold_jobs; i++)
		if (st->s->old_jobs[i])
			kill(st->s->old_jobs[i], sig);
}

static int shutdown_all(struct state *st)
{
	st->stopping = 1;
	size_t jobs = 0;
	for (size_t i = 0; i < st->njobs; i++)
		jobs += st->jobs[i] != 0;
	for (size_t i = 0; i < st->s->nold_jobs; i++)
		jobs += st->s->old_jobs[i] != 0;
	if (jobs)
		cxm_info("stopping: waiting up to %lds for %zu workers to finish (and %zu job runners)",
		         st->s->cfg->drain_timeout, alive(st) - jobs, jobs);
	else
		cxm_info("stopping: waiting up to %lds for %zu workers to finish", st->s->cfg->drain_timeout,
		         alive(st));
	signal_all(st, SIGTERM);
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	while (alive(st) > 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= st->s->cfg->drain_timeout)
			break;
		struct timespec tick = {0, 100 * 1000 * 1000};
		sigtimedwait(&chld, NULL, &tick);
		reap(st);
	}
	if (alive(st) > 0) {
		cxm_warn("%zu workers did not finish within %lds; killing them", alive(st),
		         st->s->cfg->drain_timeout);
		signal_all(st, SIGKILL);
		while (alive(st) > 0 && waitpid(-1, NULL, 0) > 0)
			reap(st);
	}
	if (st->s->owns_socket)
		cxm_listen_unlink(st->s->cfg);
	if (st->s->cfg->pid_file && *st->s->cfg->pid_file)
		unlink(st->s->cfg->pid_file);
	cxm_info("stopped");
	return 0;
}

/* Runs "cxm-fcgi -t -c FILE" and returns 1 when it accepts the new config. */
static int config_passes_test(struct cxm_supervisor *s)
{
	pid_t pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execl(s->exe, s->exe, "-t", "-c", s->cfg->path, (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void reload(struct state *st)
{
	struct cxm_supervisor *s = st->s;
	cxm_info("reload requested: testing %s", s->cfg->path);
	if (!config_passes_test(s)) {
		cxm_error("reload refused: the new configuration or templates failed the test "
		          "(run cxm-fcgi -t -c %s to see why); still serving with the old ones",
		          s->cfg->path);
		return;
	}
	/* Hand the socket and our workers' pids to the new image. */
	char fdbuf[16];
	snprintf(fdbuf, sizeof(fdbuf), "%d", s->listen_fd);
	size_t cap = (st->nworkers + s->nold) * 12 + 1;
	char *pids = cxm_xmalloc(cap);
	size_t off = 0;
	pids[0] = '\0';
	for (size_t i = 0; i < st->nworkers; i++)
		if (st->workers[i])
			off += (size_t)snprintf(pids + off, cap - off, "%s%ld", off ? "," : "", (long)st->workers[i]);
	for (size_t i = 0; i < s->nold; i++)
		if (s->old_workers[i])
			off += (size_t)snprintf(pids + off, cap - off, "%s%ld", off ? "," : "", (long)s->old_workers[i]);
	cap = (st->njobs + s->nold_jobs) * 12 + 1;
	char *jobs = cxm_xmalloc(cap);
	off = 0;
	jobs[0] = '\0';
	for (size_t i = 0; i < st->njobs; i++)
		if (st->jobs[i])
			off += (size_t)snprintf(jobs + off, cap - off, "%s%ld", off ? "," : "", (long)st->jobs[i]);
	for (size_t i = 0; i < s->nold_jobs; i++)
		if (s->old_jobs[i])
			off += (size_t)snprintf(jobs + off, cap - off, "%s%ld", off ? "," : "", (long)s->old_jobs[i]);
	setenv(CXM_ENV_OLD_JOBS, jobs, 1);
	free(jobs);
	int flags = fcntl(s->listen_fd, F_GETFD);
	fcntl(s->listen_fd, F_SETFD, flags & ~FD_CLOEXEC);
	setenv(CXM_ENV_LISTEN_FD, fdbuf, 1);
	setenv(CXM_ENV_OLD_WORKERS, pids, 1);
	free(pids);
	cxm_info("reloading: re-executing %s", s->exe);
	execv(s->exe, s->argv);
	cxm_error("reload failed: cannot execute %s: %s; still serving", s->exe, strerror(errno));
	unsetenv(CXM_ENV_LISTEN_FD);
	unsetenv(CXM_ENV_OLD_WORKERS);
	unsetenv(CXM_ENV_OLD_JOBS);
}

int cxm_supervisor_run(struct cxm_supervisor *s)
{
	sigset_t set = handled_signals();
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct state st;
	memset(&st, 0, sizeof(st));
	st.s = s;
	st.nworkers = (size_t)s->cfg->workers;
	st.workers = cxm_xcalloc(st.nworkers, sizeof(pid_t));
	st.ndeaths_cap = st.nworkers * 2;
	st.deaths = cxm_xcalloc(st.ndeaths_cap, sizeof(time_t));
	st.njobs = (size_t)s->cfg->job_workers;
	st.jobs = cxm_xcalloc(st.njobs ? st.njobs : 1, sizeof(pid_t));

	if (s->cfg->pid_file && *s->cfg->pid_file) {
		FILE *f = fopen(s->cfg->pid_file, "w");
		if (!f)
			cxm_fatal("cannot write pid file %s: %s", s->cfg->pid_file, strerror(errno));
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}

	fill_slots(&st);
	if (st.njobs)
		cxm_info("serving on %s with %zu workers and %zu job runners", s->cfg->listen, st.nworkers, st.njobs);
	else
		cxm_info("serving on %s with %zu workers", s->cfg->listen, st.nworkers);
	if (s->nold > 0) {
		/* After a reload: the new generation is up; let the old one drain. */
		for (size_t i = 0; i < s->nold; i++)
			if (s->old_workers[i])
				kill(s->old_workers[i], SIGTERM);
		cxm_info("reloaded; %zu workers of the previous generation are finishing", s->nold);
	}
	/* The previous job runners roll back what they run and stop; the new
	 * ones take the work up again. */
	for (size_t i = 0; i < s->nold_jobs; i++)
		if (s->old_jobs[i])
			kill(s->old_jobs[i], SIGTERM);

	for (;;) {
		siginfo_t info;
		struct timespec tick = {1, 0};
		int sig = sigtimedwait(&set, &info, &tick);
		reap(&st);
		if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT) {
			int rc = shutdown_all(&st);
			free(st.workers);
			free(st.deaths);
			free(st.jobs);
			return rc;
		}
		if (sig == SIGHUP)
			reload(&st);
		fill_slots(&st);
	}
}
