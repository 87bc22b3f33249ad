/* Schema migrations: files sql/NNNN_name.sql applied in version order, each
 * recorded in schema_migrations with its SHA-256, under a server-side lock
 * so two migrators never run at once. Forward-only. */
#ifndef CXM_MIGRATE_H
#define CXM_MIGRATE_H

#include <stddef.h>

#include "err.h"

struct cxm_db;

struct cxm_migration {
	int version;
	char *name;            /* "0001_core.sql" */
	char *path;
	char checksum[65];     /* of the file, hex */
	int applied;
	char applied_checksum[65];
	int changed;           /* applied, but the file differs from what ran */
};

struct cxm_migrations {
	struct cxm_migration *v;
	size_t n;
	int unknown_applied;   /* versions in the database with no file */
};

/* Lists the migration files of dir in version order. A file whose name does
 * not match NNNN_name.sql, or two files with one version, is an error. */
enum cxm_err cxm_migrations_scan(const char *dir, struct cxm_migrations *out, char *err,
                                 size_t errlen);
/* Marks which of the scanned migrations the database has applied. */
enum cxm_err cxm_migrations_status(struct cxm_db *db, struct cxm_migrations *m, char *err,
                                   size_t errlen);
void cxm_migrations_free(struct cxm_migrations *m);

/* Applies every pending migration of dir. report (may be NULL) is called
 * after each one. On failure nothing after the failing file runs, the
 * failing file is not recorded, and err says "file:line: server message". */
enum cxm_err cxm_migrate(struct cxm_db *db, const char *dir,
                         void (*report)(void *ctx, const struct cxm_migration *m), void *ctx,
                         char *err, size_t errlen);

#endif
