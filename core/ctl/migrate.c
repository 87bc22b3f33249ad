/* cxmctl migrate [status]: apply or list database migrations. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "db.h"
#include "migrate.h"

static void applied(void *ctx, const struct cxm_migration *m)
{
	struct cxm_ctl *ctl = ctx;
	if (!ctl->quiet)
		printf("applied %s\n", m->name);
}

static int status(struct cxm_ctl *ctl, struct cxm_db *db)
{
	struct cxm_migrations list;
	char err[1024];
	if (cxm_migrations_scan(ctl->cfg.sql_dir, &list, err, sizeof(err)) != CXM_OK ||
	    cxm_migrations_status(db, &list, err, sizeof(err)) != CXM_OK) {
		fprintf(stderr, "cxmctl: %s\n", err);
		return 1;
	}
	int pending = 0;
	for (size_t i = 0; i < list.n; i++) {
		const struct cxm_migration *m = &list.v[i];
		printf("%-8s %s\n", !m->applied ? "pending" : m->changed ? "CHANGED" : "applied", m->name);
		pending += !m->applied;
	}
	if (list.unknown_applied)
		printf("%d applied migrations have no file in %s\n", list.unknown_applied, ctl->cfg.sql_dir);
	cxm_migrations_free(&list);
	return 0;
}

int cxm_ctl_migrate(struct cxm_ctl *ctl, int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "status") != 0)) {
		fprintf(stderr, "usage: cxmctl migrate [status]\n");
		return 2;
	}
	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db)
		return 1;
	int rc;
	if (argc == 2) {
		rc = status(ctl, db);
	} else {
		char err[1024];
		if (cxm_migrate(db, ctl->cfg.sql_dir, applied, ctl, err, sizeof(err)) != CXM_OK) {
			fprintf(stderr, "cxmctl: migration failed: %s\n", err);
			rc = 1;
		} else {
			if (!ctl->quiet)
				printf("database is up to date\n");
			rc = 0;
		}
	}
	cxm_db_close(db);
	return rc;
}
