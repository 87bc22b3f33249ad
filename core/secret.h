/* Reading secrets (database passwords) from files, so they stay out of the
 * configuration file and the process list. */
#ifndef CXM_SECRET_H
#define CXM_SECRET_H

#include <stddef.h>

/* Returns the first line of path, without its newline, malloc'd (the caller
 * frees it). Refuses a file that others can read. NULL with err on failure. */
char *cxm_read_secret(const char *path, char *err, size_t errlen);

#endif
