/* cxmctl plugins: list loads the configured plugin directory as cxm-fcgi
 * does (running each plugin's init) and prints every file with its name,
 * version, kind, state and, for a refused one, the reason (with --business,
 * also whether that business has it on); enable and disable switch a
 * loaded plugin on or off for a business; config prints a business's
 * settings of a plugin or checks and stores new values (all or none).
 * Changes are audited with no actor (cxmctl). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "ctl/ctl.h"
#include "db.h"
#include "plugin.h"
#include "plugin_settings.h"

static const char usage_text[] =
	"usage: cxmctl plugins list [--business SLUG]\n"
	"       cxmctl plugins enable|disable SLUG NAME\n"
	"       cxmctl plugins config SLUG NAME [KEY=VALUE ...]\n";

static int usage(void)
{
	fputs(usage_text, stderr);
	return 2;
}

/* Exit status 0 even when some plugins are refused: the listing is the
 * report (the service starts without them too). With a business (slug
 * non-NULL) an ON column says whether it uses each loaded plugin. */
static int list(struct cxm_ctl *ctl, const char *slug)
{
	struct cxm_db *db = NULL;
	struct cxm_arena *a = cxm_arena_new(1024);
	long long biz = 0;
	if (slug) {
		if (!(db = cxm_ctl_db(ctl))) {
			cxm_arena_free(a);
			return 1;
		}
		enum cxm_err rc = cxm_business_by_slug(db, a, slug, &biz);
		if (rc != CXM_OK) {
			if (rc == CXM_ERR_NOT_FOUND)
				fprintf(stderr, "cxmctl: no business \"%s\"\n", slug);
			else
				fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
			cxm_arena_free(a);
			cxm_db_close(db);
			return 1;
		}
	}
	struct cxm_plugins ps;
	cxm_plugins_load(&ps, ctl->cfg.plugin_dir);
	int status = 0;
	if (ps.n == 0) {
		if (!ctl->quiet)
			printf("no plugins in %s\n", ctl->cfg.plugin_dir);
		goto out;
	}
	enum { MAXCOLS = 7 };
	size_t ncols = slug ? 7 : 6;
	const char **cells = cxm_xcalloc((ps.n + 1) * ncols, sizeof(*cells));
	static const char *const head[MAXCOLS] = {"FILE", "NAME", "VERSION", "KIND", "STATE", "ON",
	                                          "REASON"};
	for (size_t c = 0, k = 0; c < MAXCOLS; c++)
		if (slug || c != 5)
			cells[k++] = head[c];
	for (size_t i = 0; i < ps.n; i++) {
		const struct cxm_plugin *p = &ps.v[i];
		const char **row = cells + (i + 1) * ncols;
		size_t k = 0;
		row[k++] = p->file;
		row[k++] = p->entry ? p->entry->name : "-";
		row[k++] = p->entry && p->entry->version ? p->entry->version : "-";
		row[k++] = p->entry ? cxm_plugin_kind_names[p->entry->kind] : "-";
		row[k++] = cxm_plugin_state_names[p->state];
		if (slug) {
			int on = p->entry ? cxm_plugin_enabled(db, biz, p->entry->name) : 0;
			if (on < 0) {
				fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
				status = 1;
				free(cells);
				goto out;
			}
			row[k++] = !p->entry ? "-" : on ? "on" : "off";
		}
		row[k++] = p->reason;
	}
	cxm_ctl_table(stdout, cells, ps.n + 1, ncols);
	free(cells);
out:
	cxm_plugins_unload(&ps);
	cxm_arena_free(a);
	if (db)
		cxm_db_close(db);
	return status;
}

/* What enable, disable and config share: the registry loaded, the
 * database open, the business and the plugin found. */
struct target {
	struct cxm_db *db;
	struct cxm_arena *a;
	long long biz;
	const struct cxm_plugin *p;
};

/* 0 with t filled in, or 1 after saying why (t then holds nothing to free). */
static int open_target(struct cxm_ctl *ctl, const char *slug, const char *name, struct target *t)
{
	memset(t, 0, sizeof(*t));
	if (!(t->db = cxm_ctl_db(ctl)))
		return 1;
	t->a = cxm_arena_new(4096);
	enum cxm_err rc = cxm_business_by_slug(t->db, t->a, slug, &t->biz);
	if (rc == CXM_ERR_NOT_FOUND)
		fprintf(stderr, "cxmctl: no business \"%s\"\n", slug);
	else if (rc != CXM_OK)
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(t->db));
	if (rc == CXM_OK) {
		cxm_plugins_start(ctl->cfg.plugin_dir);
		t->p = cxm_plugins_find(name);
		if (t->p)
			return 0;
		fprintf(stderr, "cxmctl: no loaded plugin \"%s\" in %s (cxmctl plugins list shows why)\n",
		        name, ctl->cfg.plugin_dir);
		cxm_plugins_stop();
	}
	cxm_arena_free(t->a);
	cxm_db_close(t->db);
	return 1;
}

static void close_target(struct target *t)
{
	cxm_plugins_stop();
	cxm_arena_free(t->a);
	cxm_db_close(t->db);
}

static int switch_plugin(struct cxm_ctl *ctl, const char *slug, const char *name, int on)
{
	struct target t;
	if (open_target(ctl, slug, name, &t))
		return 1;
	int was = cxm_plugin_enabled(t.db, t.biz, name);
	enum cxm_err rc = was < 0 ? CXM_ERR_DB : cxm_plugin_set_enabled(t.db, t.biz, 0, name, on);
	if (rc != CXM_OK)
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(t.db));
	else if (!ctl->quiet)
		printf(was == on ? "%s was already %s for %s\n" : "%s is now %s for %s\n", name,
		       on ? "on" : "off", slug);
	close_target(&t);
	return rc == CXM_OK ? 0 : 1;
}

/* "1..1000", "<= 8 bytes", "0 or 1", "-" for a setting's bounds. */
static const char *bounds(struct cxm_arena *a, const struct cxm_plugin_setting *s)
{
	switch (s->type) {
	case CXM_PLUGIN_SETTING_INT:
	case CXM_PLUGIN_SETTING_NUMBER:
		return s->min == 0 && s->max == 0 ? "-" : cxm_printf(a, "%g..%g", s->min, s->max);
	case CXM_PLUGIN_SETTING_TEXT:
		return cxm_printf(a, "<= %g bytes", s->max > 0 ? s->max : 255);
	case CXM_PLUGIN_SETTING_BOOL:
		return "0 or 1";
	default:
		return "-";
	}
}

static int show_config(struct target *t)
{
	const struct cxm_plugin_entry *e = t->p->entry;
	const char **v;
	if (cxm_plugin_settings_load(t->db, t->a, t->biz, t->p, &v) != CXM_OK) {
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(t->db));
		return 1;
	}
	if (!e->nsettings) {
		printf("%s has no settings\n", e->name);
		return 0;
	}
	enum { NCOLS = 6 };
	const char **cells = cxm_alloc(t->a, (e->nsettings + 1) * NCOLS * sizeof(*cells));
	static const char *const head[NCOLS] = {"KEY", "TYPE", "VALUE", "DEFAULT", "BOUNDS", "LABEL"};
	memcpy(cells, head, sizeof(head));
	for (size_t i = 0; i < e->nsettings; i++) {
		const struct cxm_plugin_setting *s = &e->settings[i];
		const char **row = cells + (i + 1) * NCOLS;
		row[0] = s->key;
		row[1] = cxm_plugin_setting_type_names[s->type];
		row[2] = v[i];
		row[3] = s->def;
		row[4] = bounds(t->a, s);
		row[5] = s->label;
	}
	cxm_ctl_table(stdout, cells, e->nsettings + 1, NCOLS);
	return 0;
}

/* Sets the KEY=VALUE pairs (each key once), all or none. */
static int set_config(struct cxm_ctl *ctl, struct target *t, int npairs, char **pairs)
{
	const struct cxm_plugin_entry *e = t->p->entry;
	const char **values = cxm_alloc(t->a, (e->nsettings ? e->nsettings : 1) * sizeof(*values));
	for (size_t i = 0; i < e->nsettings; i++)
		values[i] = NULL;
	for (int k = 0; k < npairs; k++) {
		char *eq = strchr(pairs[k], '=');
		if (!eq || eq == pairs[k])
			return usage();
		size_t keylen = (size_t)(eq - pairs[k]), i = 0;
		while (i < e->nsettings &&
		       !(strlen(e->settings[i].key) == keylen &&
		         strncmp(e->settings[i].key, pairs[k], keylen) == 0))
			i++;
		if (i == e->nsettings) {
			fprintf(stderr, "cxmctl: %s has no setting \"%.*s\"\n", e->name, (int)keylen, pairs[k]);
			return 1;
		}
		if (values[i]) {
			fprintf(stderr, "cxmctl: setting \"%s\" given twice\n", e->settings[i].key);
			return 1;
		}
		values[i] = eq + 1;
	}
	const char **cur;
	if (cxm_plugin_settings_load(t->db, t->a, t->biz, t->p, &cur) != CXM_OK) {
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(t->db));
		return 1;
	}
	int bad;
	char err[256];
	enum cxm_err rc = cxm_plugin_settings_save(t->db, t->a, t->biz, 0, t->p, values, &bad, err,
	                                           sizeof(err));
	if (rc == CXM_ERR_INVALID && bad >= 0) {
		const struct cxm_plugin_setting *s = &e->settings[bad];
		fprintf(stderr, "cxmctl: %s=%s: %s (%s %s); nothing stored\n", s->key, values[bad], err,
		        cxm_plugin_setting_type_names[s->type], bounds(t->a, s));
		return 1;
	}
	if (rc == CXM_ERR_INVALID) {
		fprintf(stderr, "cxmctl: %s refused the settings: %s; nothing stored\n", e->name, err);
		return 1;
	}
	if (rc != CXM_OK) {
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(t->db));
		return 1;
	}
	if (ctl->quiet)
		return 0;
	int changed = 0;
	for (size_t i = 0; i < e->nsettings; i++)
		if (values[i] && strcmp(values[i], cur[i]) != 0)
			printf("%s: %s -> %s\n", e->settings[i].key, cur[i], values[i]), changed = 1;
	if (!changed)
		printf("nothing changed\n");
	return 0;
}

static int config(struct cxm_ctl *ctl, int argc, char **argv)
{
	for (int k = 3; k < argc; k++)
		if (!strchr(argv[k], '=') || argv[k][0] == '=')
			return usage();
	struct target t;
	if (open_target(ctl, argv[1], argv[2], &t))
		return 1;
	int status = argc == 3 ? show_config(&t) : set_config(ctl, &t, argc - 3, argv + 3);
	close_target(&t);
	return status;
}

int cxm_ctl_plugins(struct cxm_ctl *ctl, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return list(ctl, NULL);
	if (argc == 4 && strcmp(argv[1], "list") == 0 && strcmp(argv[2], "--business") == 0)
		return list(ctl, argv[3]);
	if (argc == 4 && (strcmp(argv[1], "enable") == 0 || strcmp(argv[1], "disable") == 0))
		return switch_plugin(ctl, argv[2], argv[3], strcmp(argv[1], "enable") == 0);
	if (argc >= 4 && strcmp(argv[1], "config") == 0)
		return config(ctl, argc - 1, argv + 1);
	return usage();
}
