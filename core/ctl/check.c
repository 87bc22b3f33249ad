/* cxmctl check: is this installation ready to serve? One line per item,
 * exit status 1 if any item fails. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "ctl/ctl.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "migrate.h"
#include "tmpl.h"

static int report(int ok, const char *item, const char *text)
{
	printf("%-13s %-4s %s\n", item, ok ? "ok" : "FAIL", text);
	return ok ? 0 : 1;
}

static int check_migrations(struct cxm_ctl *ctl, struct cxm_db *db)
{
	struct cxm_migrations list;
	char err[1024], text[1200];
	if (cxm_migrations_scan(ctl->cfg.sql_dir, &list, err, sizeof(err)) != CXM_OK ||
	    cxm_migrations_status(db, &list, err, sizeof(err)) != CXM_OK)
		return report(0, "migrations", err);
	size_t applied = 0, pending = 0, changed = 0;
	for (size_t i = 0; i < list.n; i++) {
		applied += list.v[i].applied;
		pending += !list.v[i].applied;
		changed += list.v[i].changed;
	}
	int ok = pending == 0 && changed == 0 && list.unknown_applied == 0;
	snprintf(text, sizeof(text), "%zu applied, %zu pending%s%s", applied, pending,
	         changed ? ", some applied files were changed since" : "",
	         list.unknown_applied ? ", the database has migrations this version lacks" : "");
	if (pending)
		strncat(text, " (run cxmctl migrate)", sizeof(text) - strlen(text) - 1);
	cxm_migrations_free(&list);
	return report(ok, "migrations", text);
}

int cxm_ctl_check(struct cxm_ctl *ctl, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int failures = 0;
	char text[1200], err[1024];
	failures += report(1, "config", ctl->config_path);

	struct cxm_db *db = cxm_ctl_db(ctl);
	if (db) {
		struct cxm_arena *a = cxm_arena_new(4096);
		struct cxm_rows r;
		if (cxm_db_query(db, a, "SELECT VERSION(), DATABASE()", CXM_NOPARAMS, &r) == CXM_OK) {
			snprintf(text, sizeof(text), "database %s, server %s", cxm_rows_get(&r, 0, 1),
			         cxm_rows_get(&r, 0, 0));
			failures += report(1, "database", text);
		} else {
			failures += report(0, "database", cxm_db_error(db));
		}
		cxm_arena_free(a);
		failures += check_migrations(ctl, db);
		cxm_db_close(db);
	} else {
		failures += report(0, "database", "not reachable (see above)");
		failures += report(0, "migrations", "unknown: no database");
	}

	cxm_log_set_level(CXM_LOG_ERROR);  /* the report says it; no warnings twice */
	int missing = 0;
	for (int l = 0; l < CXM_LANG_MAX; l++) {
		char path[4200];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s.mo", ctl->cfg.locale_dir, cxm_lang_codes[l]);
		if (stat(path, &st) != 0)
			missing++;
	}
	cxm_i18n_load(ctl->cfg.locale_dir);
	snprintf(text, sizeof(text), "%s (%s)", ctl->cfg.locale_dir,
	         missing ? "catalogues missing" : "ru, en");
	failures += report(missing == 0, "translations", text);

	if (cxm_tmpl_load_dir(ctl->cfg.template_dir, err, sizeof(err)) == CXM_OK)
		failures += report(1, "templates", ctl->cfg.template_dir);
	else
		failures += report(0, "templates", err);

	struct stat st;
	snprintf(text, sizeof(text), "%s/css/cxm.css", ctl->cfg.static_dir);
	failures += report(stat(text, &st) == 0, "static", ctl->cfg.static_dir);
	cxm_i18n_unload();
	return failures ? 1 : 0;
}
