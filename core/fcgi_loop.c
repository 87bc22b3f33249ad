/* The worker's FastCGI connection loop; see fcgi_loop.h.
 *
 * Why connections are kept: a fresh unix-socket connection per request costs
 * nginx a socket/connect/close and the worker an accept, a wake-up before
 * the request has arrived and a close. Kept connections (nginx upstream
 * "keepalive" with "fastcgi_keep_conn on") avoid all of it. libfcgi serves
 * one connection at a time and blocks on it, so a worker that simply kept
 * its connection would be pinned to it while nginx opened others that no
 * worker accepts. Instead every worker waits in one epoll set on the
 * listening socket and on all the connections it holds, and serves whichever
 * has a request. libfcgi still parses every request: FCGX_Accept_r reads
 * from the request's ipcFd when it is already set, and with listen_sock -1
 * it returns an error instead of accepting when the connection ends. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fcgi_loop.h"
#include "log.h"

#define LISTEN_SLOT UINT32_MAX

struct state {
	struct cxm_fcgi_loop *loop;
	int ep;
	int *fds;             /* slot -> connection fd, -1 when free */
	int nconns;
	int listening;        /* the listening socket is in the epoll set */
	int current;          /* slot of the request being served, -1: none */
};

static int watch_listen(struct state *st, int on)
{
	if (on == st->listening)
		return 0;
	struct epoll_event ev = {.events = EPOLLIN | EPOLLEXCLUSIVE, .data.u32 = LISTEN_SLOT};
	int rc = on ? epoll_ctl(st->ep, EPOLL_CTL_ADD, st->loop->listen_fd, &ev)
	            : epoll_ctl(st->ep, EPOLL_CTL_DEL, st->loop->listen_fd, NULL);
	if (rc != 0) {
		cxm_error("epoll on the listening socket: %s", strerror(errno));
		return -1;
	}
	st->listening = on;
	return 0;
}

static void drop(struct state *st, uint32_t slot, int close_it)
{
	int fd = st->fds[slot];
	if (fd < 0)
		return;
	epoll_ctl(st->ep, EPOLL_CTL_DEL, fd, NULL);
	if (close_it)
		close(fd);
	st->fds[slot] = -1;
	st->nconns--;
	st->loop->closed++;
}

/* Accepts what is waiting, up to the limit. Connections are blocking (libfcgi
 * reads them with plain read()); the listening socket is not. */
static void accept_new(struct state *st)
{
	while (st->nconns < st->loop->max_conns) {
		int fd = accept4(st->loop->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			/* EAGAIN: another worker was quicker; ECONNABORTED and the
			 * like: the peer gave up. Either way, back to waiting. */
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
			    errno != ECONNABORTED)
				cxm_warn("accept: %s", strerror(errno));
			return;
		}
		uint32_t slot = 0;
		while (st->fds[slot] >= 0)
			slot++;
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = slot};
		if (epoll_ctl(st->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
			cxm_warn("epoll on a new connection: %s", strerror(errno));
			close(fd);
			return;
		}
		st->fds[slot] = fd;
		st->nconns++;
		st->loop->accepted++;
	}
}

/* Serves the request waiting on the connection in slot. */
static void serve_slot(struct state *st, uint32_t slot)
{
	FCGX_Request fr;
	FCGX_InitRequest(&fr, -1, 0);
	fr.ipcFd = st->fds[slot];
	fr.keepConnection = 1;   /* so FCGX_Accept_r's initial finish keeps it */
	fr.detached = 1;         /* a close by libfcgi is a plain close */
	if (FCGX_Accept_r(&fr) < 0) {
		/* The web server closed the connection (or sent something that is
		 * not FastCGI); libfcgi has closed our end. */
		drop(st, slot, 0);
		return;
	}
	st->loop->requests++;
	st->current = (int)slot;
	st->loop->serve(&fr, st->loop->ctx);
	st->current = -1;
	if (fr.in)
		cxm_fcgi_end(&fr);   /* the handler forgot; never leave it half-done */
	if (fr.ipcFd < 0)
		drop(st, slot, 0);   /* not kept: libfcgi closed it */
}

int cxm_fcgi_loop_run(struct cxm_fcgi_loop *loop)
{
	struct state st = {.loop = loop, .ep = -1, .current = -1};
	loop->state = &st;
	int rc = 0;
	if (loop->max_conns < 1)
		loop->max_conns = 1;
	st.fds = malloc(sizeof(int) * (size_t)loop->max_conns);
	if (!st.fds)
		cxm_fatal("out of memory");
	for (int i = 0; i < loop->max_conns; i++)
		st.fds[i] = -1;
	st.ep = epoll_create1(EPOLL_CLOEXEC);
	if (st.ep < 0 || watch_listen(&st, 1) != 0) {
		cxm_error("worker: cannot wait on the listening socket: %s", strerror(errno));
		rc = -1;
		goto out;
	}
	while (!*loop->stop) {
		struct epoll_event evs[32];
		int n = epoll_pwait(st.ep, evs, 32, -1, loop->waitmask);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			cxm_error("waiting for requests failed: %s", strerror(errno));
			rc = -1;
			break;
		}
		for (int i = 0; i < n && !*loop->stop; i++) {
			uint32_t slot = evs[i].data.u32;
			if (slot == LISTEN_SLOT)
				accept_new(&st);
			else if (st.fds[slot] >= 0)
				serve_slot(&st, slot);
		}
		if (watch_listen(&st, st.nconns < loop->max_conns) != 0) {
			rc = -1;
			break;
		}
	}
out:
	for (int i = 0; i < loop->max_conns; i++)
		if (st.fds[i] >= 0)
			drop(&st, (uint32_t)i, 1);
	if (st.ep >= 0)
		close(st.ep);
	free(st.fds);
	loop->state = NULL;
	return rc;
}

int cxm_fcgi_loop_release_idle(struct cxm_fcgi_loop *loop)
{
	struct state *st = loop->state;
	if (!st)
		return 0;
	int closed = 0;
	for (int i = 0; i < loop->max_conns; i++) {
		if (i == st->current || st->fds[i] < 0)
			continue;
		int waiting = 0;
		if (ioctl(st->fds[i], FIONREAD, &waiting) == 0 && waiting > 0)
			continue;   /* a request has arrived: serve it after this one */
		drop(st, (uint32_t)i, 1);
		closed++;
	}
	if (closed)
		cxm_debug("released %d idle connections before a long response", closed);
	return closed;
}

void cxm_fcgi_end(FCGX_Request *fr)
{
	char sink[4096];
	while (FCGX_GetStr(sink, sizeof(sink), fr->in) > 0)
		;
	FCGX_FFlush(fr->out);
	FCGX_Detach(fr);
	FCGX_Finish_r(fr);
}
