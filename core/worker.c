/* The worker's FastCGI loop. Waiting happens in epoll_pwait() with SIGTERM
 * unblocked only there, so a stop request is never lost between the check
 * of the flag and the wait, and never interrupts a request half-way. */
#include "config.h"

#include <errno.h>
#include <fcgiapp.h>
#include <limits.h>
#include <mysql.h>
#include <signal.h>
#include <sys/epoll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "dispatch.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "pages/pages.h"
#include "route.h"
#include "worker.h"

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static const char *fcgi_param(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)ctx)->envp);
}

static long fcgi_read(void *ctx, char *buf, size_t n)
{
	FCGX_Request *fr = ctx;
	int want = n > INT_MAX ? INT_MAX : (int)n;
	int got = FCGX_GetStr(buf, want, fr->in);
	if (got == 0 && FCGX_GetError(fr->in) != 0)
		return -1;
	return got;
}

static void put(FCGX_Request *fr, const char *s, size_t n)
{
	while (n > 0) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (FCGX_PutStr(s, chunk, fr->out) < 0)
			return;  /* the client went away; nothing more to do */
		s += chunk;
		n -= (size_t)chunk;
	}
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Waits until the listening socket is readable or a stop is requested.
 * The socket is registered with EPOLLEXCLUSIVE, so a new connection wakes
 * one idle worker rather than all of them. Returns 0 when it is time to
 * accept, -1 when the worker should stop. */
static int wait_for_connection(int ep, const sigset_t *waitmask)
{
	while (!stop_requested) {
		struct epoll_event ev;
		int rc = epoll_pwait(ep, &ev, 1, -1, waitmask);
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR) {
			cxm_error("waiting on the listening socket failed: %s", strerror(errno));
			return -1;
		}
	}
	return -1;
}

static void serve(FCGX_Request *fr, struct cxm_arena *a, const struct cxm_config *cfg,
                  struct cxm_db *db, unsigned long seq)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct cxm_req req;
	enum cxm_err init_rc = cxm_req_init(&req, a, cfg, fcgi_param, fr);
	req.db = db;
	if (!req.request_id)
		req.request_id = cxm_printf(a, "%lx-%lu", (unsigned long)getpid(), seq);
	cxm_log_set_request(req.request_id);

	cxm_dispatch(&req, init_rc, cxm_routes, cxm_nroutes, fcgi_read, fr);

	struct cxm_buf head;
	cxm_buf_init(&head, a, 1024);
	cxm_resp_head(&req, &head);
	put(fr, head.data, head.len);
	if (req.method != CXM_HEAD)
		put(fr, req.out.data, req.out.len);

	/* Consume whatever input is left (the end-of-stdin record at least), so
	 * the socket can be closed plainly instead of with libfcgi's lingering
	 * shutdown; that halves the time a worker spends per connection. */
	char sink[4096];
	while (FCGX_GetStr(sink, sizeof(sink), fr->in) > 0)
		;
	FCGX_FFlush(fr->out);
	FCGX_Detach(fr);
	FCGX_Finish_r(fr);

	cxm_log(req.status >= 500 ? CXM_LOG_ERROR : CXM_LOG_INFO, "%s %s %d %zuB %.2fms",
	        req.method_name, req.uri, req.status, req.out.len, ms_since(&t0));
	cxm_log_set_request(NULL);
}

void cxm_worker_run(const struct cxm_config *cfg, int listen_fd, const char *db_password)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);

	/* Stop signals stay blocked except inside epoll_pwait(). */
	sigset_t block, waitmask;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_SETMASK, &block, NULL);
	sigemptyset(&waitmask);

	struct cxm_db *db = NULL;
	char err[512];
	if (cxm_db_open(cfg->db_dsn, db_password, &db, err, sizeof(err)) != CXM_OK)
		cxm_fatal("worker: %s", err);  /* checked at start-up; cannot happen */
	struct cxm_arena *arena = cxm_arena_new(64 * 1024);

	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLEXCLUSIVE};
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, listen_fd, &ev) != 0)
		cxm_fatal("worker: epoll on the listening socket: %s", strerror(errno));

	FCGX_Request fr;
	FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
	cxm_debug("worker started");
	unsigned long seq = 0;
	while (wait_for_connection(ep, &waitmask) == 0) {
		int rc = FCGX_Accept_r(&fr);
		if (rc < 0) {
			/* Another worker took the connection (EAGAIN), or the peer gave
			 * up before we accepted: go back to waiting. */
			if (rc != -EAGAIN && rc != -EWOULDBLOCK && rc != -EINTR)
				cxm_debug("accept: %s", strerror(-rc));
			continue;
		}
		serve(&fr, arena, cfg, db, ++seq);
		cxm_arena_reset(arena);
	}
	cxm_debug("worker stopping after %lu requests", seq);
	FCGX_Free(&fr, 1);
	close(ep);
	cxm_arena_free(arena);
	cxm_db_close(db);
	mysql_library_end();
	exit(0);
}
