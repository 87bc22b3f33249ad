/* The FastCGI connection loop of a worker process: accepts connections from
 * the shared listening socket, keeps those the web server asks to keep
 * (FCGI_KEEP_CONN, nginx's "fastcgi_keep_conn on") and serves requests from
 * any of them, one request at a time. Requests are parsed by libfcgi's
 * FCGX_Accept_r on the connection that has data. */
#ifndef CXM_FCGI_LOOP_H
#define CXM_FCGI_LOOP_H

#include <fcgiapp.h>
#include <signal.h>

/* Called once per request. It writes the response to fr->out and then
 * calls cxm_fcgi_end(fr). The request's strings (FCGX_GetParam) are valid
 * only until then. */
typedef void (*cxm_fcgi_serve_fn)(FCGX_Request *fr, void *ctx);

struct cxm_fcgi_loop {
	int listen_fd;          /* non-blocking listening socket, shared by workers */
	int max_conns;          /* connections this process keeps open at most */
	volatile sig_atomic_t *stop;  /* set by the caller's signal handler */
	const sigset_t *waitmask;     /* signal mask while waiting (stop signals
	                                 unblocked only there) */
	cxm_fcgi_serve_fn serve;
	void *ctx;
	/* counters, for the caller's log */
	unsigned long requests, accepted, closed;
	void *state;            /* the loop's own, while it runs */
};

/* During a request (from the serve callback): closes every other
 * connection this process holds that has no request waiting on it (see
 * cxm_resp_release_idle in http.h). Returns how many were closed. */
int cxm_fcgi_loop_release_idle(struct cxm_fcgi_loop *loop);

/* Runs until *loop->stop is set (checked between requests, so a request in
 * progress always completes), then closes every connection it holds and
 * returns 0; returns -1 if waiting itself failed (the reason is logged).
 * While it holds max_conns connections it stops accepting, leaving new
 * connections to the other workers. */
int cxm_fcgi_loop_run(struct cxm_fcgi_loop *loop);

/* Ends a request: reads whatever input is left (so a kept connection stays
 * in step with the web server), flushes the output and finishes it. The
 * connection is closed plainly (without libfcgi's lingering shutdown) when
 * the web server did not ask to keep it. */
void cxm_fcgi_end(FCGX_Request *fr);

#endif
