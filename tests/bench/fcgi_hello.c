/* The cheapest possible libfcgi responder, for dev/bench: it answers every
 * request with the bytes of a file, using the same prefork-on-one-socket and
 * close strategy as cxm-fcgi. Its rate behind nginx is the ceiling any
 * FastCGI application can reach on the machine.
 * usage: fcgi_hello SOCKET WORKERS FILE */
#include "config.h"

#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

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
	FCGX_Init();
	int workers = atoi(argv[2]);
	for (int i = 1; i < workers; i++)
		if (fork() == 0)
			break;
	FCGX_Request r;
	FCGX_InitRequest(&r, fd, 0);
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutStr(head, hlen, r.out);
		FCGX_PutStr(body, (int)len, r.out);
		char sink[4096];
		while (FCGX_GetStr(sink, sizeof(sink), r.in) > 0)
			;
		FCGX_FFlush(r.out);
		FCGX_Detach(&r);
		FCGX_Finish_r(&r);
	}
	return 0;
}
