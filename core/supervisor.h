/* The prefork supervisor (the php-fpm model): keeps cfg->workers worker
 * processes alive on one listening socket.
 *   worker dies      -> logged with its signal or status, replaced
 * Next to the workers it keeps cfg->job_workers job processes
 * (jobrunner.c), replaced the same way, stopped with the workers, and on
 * SIGHUP replaced by the new generation's.
 *   SIGTERM, SIGINT  -> workers finish their request and exit; then we exit
 *   SIGHUP           -> the configuration is tested with "cxm-fcgi -t"; if it
 *                       passes, the supervisor re-executes itself keeping the
 *                       socket, starts fresh workers (new config, templates,
 *                       translations, binary) and lets the old ones drain. */
#ifndef CXM_SUPERVISOR_H
#define CXM_SUPERVISOR_H

#include <stddef.h>
#include <sys/types.h>

struct cxm_config;

struct cxm_supervisor {
	struct cxm_config *cfg;
	int listen_fd;
	int owns_socket;          /* created it (remove the file at exit) */
	const char *exe;          /* absolute path of our binary, for re-exec */
	char **argv;              /* our arguments, for re-exec */
	const char *db_password;
	pid_t *old_workers;       /* previous generation after a reload */
	size_t nold;
	pid_t *old_jobs;          /* its job processes */
	size_t nold_jobs;
};

/* Runs until shutdown; returns the process exit status. */
int cxm_supervisor_run(struct cxm_supervisor *s);

/* Environment variables that carry state across the SIGHUP re-exec. */
#define CXM_ENV_LISTEN_FD "CXM_LISTEN_FD"
#define CXM_ENV_OLD_WORKERS "CXM_OLD_WORKERS"
#define CXM_ENV_OLD_JOBS "CXM_OLD_JOBS"

#endif
