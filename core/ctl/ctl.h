/* cxmctl: shared state of the operator's command-line tool. Each command
 * lives in its own file and is listed in cxmctl.c. */
#ifndef CXM_CTL_H
#define CXM_CTL_H

#include <stddef.h>
#include <stdio.h>

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

/* Prints rows of ncols strings as columns two spaces apart, each as wide
 * as its longest cell (counted in UTF-8 characters); the last column is not
 * padded. cells holds nrows * ncols strings, row by row (NULL prints as "");
 * control characters in them print as '?'. */
void cxm_ctl_table(FILE *out, const char *const *cells, size_t nrows, size_t ncols);

int cxm_ctl_migrate(struct cxm_ctl *ctl, int argc, char **argv);
int cxm_ctl_check(struct cxm_ctl *ctl, int argc, char **argv);
/* business add|list */
int cxm_ctl_business(struct cxm_ctl *ctl, int argc, char **argv);
/* user add|list|disable|enable */
int cxm_ctl_user(struct cxm_ctl *ctl, int argc, char **argv);
/* import clients|interactions FILE (ctl/import.c) */
int cxm_ctl_import(struct cxm_ctl *ctl, int argc, char **argv);
/* survey install-default|link --business SLUG (ctl/survey.c) */
int cxm_ctl_survey(struct cxm_ctl *ctl, int argc, char **argv);
/* jobs run (ctl/jobs.c) */
int cxm_ctl_jobs(struct cxm_ctl *ctl, int argc, char **argv);
/* demo-data --business SLUG --clients N --seed S ... (ctl/demo_data.c) */
int cxm_ctl_demo_data(struct cxm_ctl *ctl, int argc, char **argv);
/* demo-surveys --business SLUG --seed S ... (ctl/demo_surveys.c) */
int cxm_ctl_demo_surveys(struct cxm_ctl *ctl, int argc, char **argv);
/* metrics rebuild [--business SLUG] (ctl/metrics.c) */
int cxm_ctl_metrics(struct cxm_ctl *ctl, int argc, char **argv);
/* plugins list|enable|disable|config (ctl/plugins.c) */
int cxm_ctl_plugins(struct cxm_ctl *ctl, int argc, char **argv);

#endif
