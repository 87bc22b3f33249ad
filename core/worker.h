/* A worker process: accepts FastCGI requests one at a time and serves them
 * with one database connection and one arena reused for every request. */
#ifndef CXM_WORKER_H
#define CXM_WORKER_H

struct cxm_config;

/* Runs the accept loop until SIGTERM, SIGINT or SIGQUIT, finishing the request in
 * progress first, then exits the process with status 0. Never returns.
 * db_password may be NULL (the DSN's own, if any, is used). */
_Noreturn void cxm_worker_run(const struct cxm_config *cfg, int listen_fd, const char *db_password);

#endif
