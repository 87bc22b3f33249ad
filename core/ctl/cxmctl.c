/* cxmctl: the operator's command line (migrate, check, and more as the
 * product grows). Exit status: 0 success, 1 failure, 2 usage error. */
#include "config.h"

#include <mysql.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "ctl/ctl.h"
#include "db.h"
#include "log.h"
#include "secret.h"

static const struct command {
	const char *name;
	int (*run)(struct cxm_ctl *ctl, int argc, char **argv);
	const char *help;
} commands[] = {
	{"migrate", cxm_ctl_migrate, "apply pending database migrations (\"migrate status\" lists them)"},
	{"check", cxm_ctl_check, "check configuration, database, migrations, templates and translations"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: cxmctl [-c FILE] COMMAND [ARGS]\n"
	             "  -c FILE  configuration file (default: $CXM_CONFIG or %s)\n\ncommands:\n",
	        cxm_config_default_path());
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
}

struct cxm_db *cxm_ctl_db(struct cxm_ctl *ctl)
{
	struct cxm_db *db;
	char err[512];
	if (cxm_db_open(ctl->cfg.db_dsn, ctl->db_password, &db, err, sizeof(err)) != CXM_OK) {
		fprintf(stderr, "cxmctl: %s\n", err);
		return NULL;
	}
	if (cxm_db_connect(db) != CXM_OK) {
		fprintf(stderr, "cxmctl: cannot connect to the database: %s\n", cxm_db_error(db));
		cxm_db_close(db);
		return NULL;
	}
	return db;
}

int main(int argc, char **argv)
{
	struct cxm_ctl ctl;
	memset(&ctl, 0, sizeof(ctl));
	ctl.config_path = getenv("CXM_CONFIG");
	int opt;
	while ((opt = getopt(argc, argv, "+c:qh")) != -1) {
		switch (opt) {
		case 'c': ctl.config_path = optarg; break;
		case 'q': ctl.quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[optind];
	const struct command *cmd = NULL;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "cxmctl: unknown command '%s'\n", name);
		usage(stderr);
		return 2;
	}
	if (!ctl.config_path)
		ctl.config_path = cxm_config_default_path();

	cxm_log_open("cxmctl", CXM_LOG_STDERR, CXM_LOG_WARN);
	char err[1024];
	cxm_config_defaults(&ctl.cfg);
	if (cxm_config_load(&ctl.cfg, ctl.config_path, err, sizeof(err)) != CXM_OK) {
		fprintf(stderr, "cxmctl: %s\n", err);
		return 1;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "cxmctl: libsodium failed to initialise\n");
		return 1;
	}
	if (*ctl.cfg.db_password_file &&
	    !(ctl.db_password = cxm_read_secret(ctl.cfg.db_password_file, err, sizeof(err)))) {
		fprintf(stderr, "cxmctl: db_password_file: %s\n", err);
		return 1;
	}
	int rc = cmd->run(&ctl, argc - optind, argv + optind);
	free(ctl.db_password);
	cxm_config_free(&ctl.cfg);
	mysql_library_end();
	return rc;
}
