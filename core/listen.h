/* The FastCGI listening socket: a unix socket path (the usual case, behind
 * a local nginx) or host:port for application servers on other machines. */
#ifndef CXM_LISTEN_H
#define CXM_LISTEN_H

#include <stddef.h>

#include "err.h"

struct cxm_config;

/* Opens and listens on cfg->listen, non-blocking (workers wait with poll).
 * A unix socket gets cfg->socket_mode and cfg->socket_group. A stale socket
 * file is replaced, but if another server answers on it, this fails rather
 * than steal it. On failure returns -1 with the reason in err. */
int cxm_listen_open(const struct cxm_config *cfg, char *err, size_t errlen);

/* Removes the socket file of a unix listener (at shutdown). */
void cxm_listen_unlink(const struct cxm_config *cfg);

#endif
