/* The cheapest possible libfcgi responder, for dev/bench: it answers every
 * request with the bytes of a file, with the same prefork-on-one-socket
 * model and the same connection loop (core/fcgi_loop.c) as cxm-fcgi. Its
 * rate behind nginx is the ceiling any FastCGI application can reach on the
 * machine.
 * usage: fcgi_hello SOCKET WORKERS FILE */
#include "config.h"

#include <fcntl.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fcgi_loop.h"

struct reply {
	const char *head;
	size_t hlen;
	const char *body;
	size_t len;
};

static void serve(FCGX_Request *r, void *ctx)
{
	const struct reply *rep = ctx;
	FCGX_PutStr(rep->head, (int)rep->hlen, r->out);
	FCGX_PutStr(rep->body, (int)rep->len, r->out);
	cxm_fcgi_end(r);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: fcgi_hello SOCKET WORKERS FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[3], "rb");
	if (!f) {
		perror(argv[3]);
		return 1;
	}
	static char body[1 << 20];
	size_t len = fread(body, 1, sizeof(body), f);
	fclose(f);
	char head[256];
	int hlen = snprintf(head, sizeof(head),
	                    "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
	                    "Content-Length: %zu\r\n\r\n", len);

	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
	unlink(argv[1]);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 1024) != 0) {
		perror(argv[1]);
		return 1;
	}
	chmod(argv[1], 0666);
	signal(SIGPIPE, SIG_IGN);
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	FCGX_Init();
	int workers = atoi(argv[2]);
	for (int i = 1; i < workers; i++)
		if (fork() == 0)
			break;
	static volatile sig_atomic_t never;
	sigset_t none;
	sigemptyset(&none);
	struct reply rep = {head, (size_t)hlen, body, len};
	struct cxm_fcgi_loop loop = {
		.listen_fd = fd, .max_conns = 64, .stop = &never, .waitmask = &none,
		.serve = serve, .ctx = &rep,
	};
	return cxm_fcgi_loop_run(&loop) == 0 ? 0 : 1;
}
