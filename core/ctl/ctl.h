/* cxmctl: shared state of the operator's command-line tool. Each command
 * lives in its own file and is listed in cxmctl.c. */
#ifndef CXM_CTL_H
#define CXM_CTL_H

#include "conf.h"

struct cxm_db;

struct cxm_ctl {
	struct cxm_config cfg;
	const char *config_path;
	char *db_password;    /* from db_password_file, or NULL */
	int quiet;
};

/* Opens the configured database (connecting now); prints the reason and
 * returns NULL on failure. */
struct cxm_db *cxm_ctl_db(struct cxm_ctl *ctl);

int cxm_ctl_migrate(struct cxm_ctl *ctl, int argc, char **argv);
int cxm_ctl_check(struct cxm_ctl *ctl, int argc, char **argv);

#endif
