/* Listening socket set-up; see listen.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "conf.h"
#include "listen.h"

static int is_unix(const char *listen)
{
	return listen[0] == '/' || strncmp(listen, "unix:", 5) == 0;
}

static const char *unix_path(const char *listen)
{
	return strncmp(listen, "unix:", 5) == 0 ? listen + 5 : listen;
}

static int open_unix(const struct cxm_config *cfg, char *err, size_t errlen)
{
	const char *path = unix_path(cfg->listen);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "socket path %s is longer than %zu bytes", path,
		         sizeof(sa.sun_path) - 1);
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen, "%s exists and is not a socket", path);
			close(fd);
			return -1;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			snprintf(err, errlen, "another server is listening on %s", path);
			close(fd);
			return -1;
		}
		unlink(path);  /* stale, left by a crash */
		close(fd);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0) {
			snprintf(err, errlen, "socket: %s", strerror(errno));
			return -1;
		}
	}
	/* Create the socket with no permissions, then open it up as configured,
	 * so it is never briefly reachable with the umask's defaults. */
	mode_t old = umask(0777);
	int brc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (brc != 0) {
		snprintf(err, errlen, "bind %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (cfg->socket_group && *cfg->socket_group) {
		struct group *g = getgrnam(cfg->socket_group);
		if (!g || chown(path, (uid_t)-1, g->gr_gid) != 0) {
			snprintf(err, errlen, "cannot give %s to group %s: %s", path, cfg->socket_group,
			         g ? strerror(errno) : "no such group");
			close(fd);
			unlink(path);
			return -1;
		}
	}
	if (chmod(path, cfg->socket_mode) != 0) {
		snprintf(err, errlen, "chmod %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

static int open_tcp(const struct cxm_config *cfg, char *err, size_t errlen)
{
	char host[256];
	const char *colon = strrchr(cfg->listen, ':');
	if (!colon || (size_t)(colon - cfg->listen) >= sizeof(host)) {
		snprintf(err, errlen, "listen must be a socket path or host:port, not '%s'", cfg->listen);
		return -1;
	}
	memcpy(host, cfg->listen, (size_t)(colon - cfg->listen));
	host[colon - cfg->listen] = '\0';
	struct addrinfo hints, *res;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	int gai = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &res);
	if (gai != 0) {
		snprintf(err, errlen, "listen %s: %s", cfg->listen, gai_strerror(gai));
		return -1;
	}
	int fd = socket(res->ai_family, SOCK_STREAM, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0) {
		snprintf(err, errlen, "listen %s: %s", cfg->listen, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	return fd;
}

int cxm_listen_open(const struct cxm_config *cfg, char *err, size_t errlen)
{
	int fd = is_unix(cfg->listen) ? open_unix(cfg, err, errlen) : open_tcp(cfg, err, errlen);
	if (fd < 0)
		return -1;
	if (listen(fd, 1024) != 0) {
		snprintf(err, errlen, "listen: %s", strerror(errno));
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	return fd;
}

void cxm_listen_unlink(const struct cxm_config *cfg)
{
	if (is_unix(cfg->listen))
		unlink(unix_path(cfg->listen));
}
