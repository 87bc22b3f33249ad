/* The job process of cxm-fcgi: runs queued work (core/jobs.c) until told
 * to stop. See jobrunner.c. */
#ifndef CXM_JOBRUNNER_H
#define CXM_JOBRUNNER_H

struct cxm_config;

/* Closes listen_fd (inherited from the supervisor; -1: none), polls for
 * queued work once a second and runs it, until SIGTERM, SIGINT or
 * SIGQUIT; then exits the process with status 0. Never returns. */
_Noreturn void cxm_jobrunner_run(const struct cxm_config *cfg, int listen_fd, const char *db_password);

#endif
