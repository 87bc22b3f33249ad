/* A worker process: its signals, its database connection and arena, and
 * serving one request (the connection loop is fcgi_loop.c). Waiting happens
 * in epoll_pwait() with SIGTERM unblocked only there, so a stop request is
 * never lost between the check of the flag and the wait, and never
 * interrupts a request half-way. */
#include "config.h"

#include <errno.h>
#include <fcgiapp.h>
#include <limits.h>
#include <mysql.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "dispatch.h"
#include "fcgi_loop.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "pages/pages.h"
#include "route.h"
#include "worker.h"

static volatile sig_atomic_t stop_requested;

/* What a worker keeps from one request to the next. */
struct worker {
	const struct cxm_config *cfg;
	struct cxm_db *db;
	struct cxm_arena *arena;   /* reset after every request */
	pid_t pid;
	unsigned long seq;         /* request ids when nginx sends none */
	struct cxm_fcgi_loop *loop;
};

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

/* Streaming responses (cxm_resp_stream_begin): straight to libfcgi. */
static int stream_put(void *ctx, const char *s, size_t n)
{
	FCGX_Request *fr = ctx;
	while (n > 0) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (FCGX_PutStr(s, chunk, fr->out) < 0)
			return -1;
		s += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

static void release_idle(void *ctx)
{
	cxm_fcgi_loop_release_idle(ctx);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* One request, start to end: parse, dispatch, write, log. */
static void serve(FCGX_Request *fr, void *ctx)
{
	struct worker *w = ctx;
	struct cxm_arena *a = w->arena;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct cxm_req req;
	enum cxm_err init_rc = cxm_req_init(&req, a, w->cfg, fcgi_param, fr);
	req.db = w->db;
	if (!req.request_id)
		req.request_id = cxm_printf(a, "%lx-%lu", (unsigned long)w->pid, ++w->seq);
	cxm_log_set_request(req.request_id);

	req.stream_write = stream_put;
	req.stream_ctx = fr;
	req.release_idle = release_idle;
	req.release_ctx = w->loop;

	cxm_dispatch(&req, init_rc, cxm_routes, cxm_nroutes, fcgi_read, fr);

	if (!req.streaming) {
		struct cxm_buf head;
		cxm_buf_init(&head, a, 1024);
		cxm_resp_head(&req, &head);
		put(fr, head.data, head.len);
		if (req.method != CXM_HEAD)
			put(fr, req.out.data, req.out.len);
	}
	if (req.stream_failed) {
		/* no END_REQUEST: nginx sees the response break off */
		cxm_warn("%s %s: the stream broke off after %zu bytes; dropping the connection",
		         req.method_name, req.uri, req.streamed);
		shutdown(fr->ipcFd, SHUT_RDWR);
	}
	cxm_fcgi_end(fr);

	cxm_log(req.status >= 500 ? CXM_LOG_ERROR : CXM_LOG_INFO, "%s %s %d %zuB %.2fms",
	        req.method_name, req.uri, req.status, req.streaming ? req.streamed : req.out.len,
	        ms_since(&t0));
	cxm_log_set_request(NULL);
	cxm_arena_reset(a);
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

	/* Stop signals stay blocked except while waiting for requests. */
	sigset_t block, waitmask;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_SETMASK, &block, NULL);
	sigemptyset(&waitmask);

	struct worker w = {.cfg = cfg, .pid = getpid()};
	char err[512];
	if (cxm_db_open(cfg->db_dsn, db_password, &w.db, err, sizeof(err)) != CXM_OK)
		cxm_fatal("worker: %s", err);  /* checked at start-up; cannot happen */
	w.arena = cxm_arena_new(64 * 1024);

	struct cxm_fcgi_loop loop = {
		.listen_fd = listen_fd,
		.max_conns = (int)cfg->worker_connections,
		.stop = &stop_requested,
		.waitmask = &waitmask,
		.serve = serve,
		.ctx = &w,
	};
	w.loop = &loop;
	cxm_debug("worker started");
	int rc = cxm_fcgi_loop_run(&loop);
	cxm_info("worker stopping: served %lu requests on %lu connections", loop.requests, loop.accepted);
	cxm_arena_free(w.arena);
	cxm_db_close(w.db);
	mysql_library_end();
	exit(rc == 0 ? 0 : 1);
}
