/* cxmctl: the operator's command line (migrate, check, businesses and
 * users). Exit status: 0 success, 1 failure, 2 usage error. */
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
#include "i18n.h"
#include "log.h"
#include "secret.h"
#include "utf8.h"

static const struct command {
	const char *name;
	int (*run)(struct cxm_ctl *ctl, int argc, char **argv);
	const char *help;
} commands[] = {
	{"migrate", cxm_ctl_migrate, "apply pending database migrations (\"migrate status\" lists them)"},
	{"check", cxm_ctl_check, "check configuration, database, migrations, templates and translations"},
	{"business", cxm_ctl_business,
	 "business add [--name NAME] [--industry I] [--locale ru|en] [--timezone TZ] SLUG\n"
	 "             business list"},
	{"user", cxm_ctl_user,
	 "user add --business SLUG --role owner|admin|manager|analyst [--name NAME]\n"
	 "               [--language ru|en] [--site-admin] [--reset-password] EMAIL\n"
	 "             (the password: asked twice on a terminal, else the first line of stdin)\n"
	 "             user list [--business SLUG]\n"
	 "             user disable EMAIL | user enable EMAIL"},
	{"import", cxm_ctl_import,
	 "import clients|interactions FILE --business SLUG [--separator ';'|',']\n"
	 "               [--map HEADER=FIELD ...] [--dry-run]   (all rows or none)"},
	{"survey", cxm_ctl_survey,
	 "survey install-default --business SLUG   (the questionnaire of document 000, once)\n"
	 "             survey link --business SLUG   (the default survey's open link)"},
	{"jobs", cxm_ctl_jobs,
	 "jobs run [--metrics-budget SECONDS]   (run the queued imports, invitations and metric values once, for cron or a systemd timer)"},
	{"metrics", cxm_ctl_metrics,
	 "metrics rebuild [--business SLUG]   (delete stored metric values; the next jobs run recomputes them)"},
	{"plugins", cxm_ctl_plugins,
	 "plugins list [--business SLUG]   (every file of plugin_dir: name, version, kind,\n"
	 "               loaded or refused and why; with a business, whether it has each on)\n"
	 "             plugins enable|disable SLUG NAME   (for that business; all are on until switched off)\n"
	 "             plugins config SLUG NAME [KEY=VALUE ...]   (the settings with values and defaults;\n"
	 "               with pairs: checked, then stored all or none)"},
	{"demo-data", cxm_ctl_demo_data,
	 "demo-data --business SLUG --clients N --seed S [--years Y]\n"
	 "               [--interactions-per-client M] [--today YYYY-MM-DD] [--replace] [--if-empty]"},
	{"demo-surveys", cxm_ctl_demo_surveys,
	 "demo-surveys --business SLUG --seed S [--share P] [--complaints P]\n"
	 "               [--today YYYY-MM-DD] [--if-empty]   (survey responses and feedback items)"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: cxmctl [-c FILE] COMMAND [ARGS]\n"
	             "  -c FILE  configuration file (default: $CXM_CONFIG or %s)\n\ncommands:\n",
	        cxm_config_default_path());
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
}

/* Writes s with control characters (C0, DEL and C1, which a terminal may
 * take as commands) shown as '?': names come from web forms. */
static void put_text(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			fputc('?', out);
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fputc('?', out);
			p++;
		} else {
			fputc(*p, out);
		}
	}
}

void cxm_ctl_table(FILE *out, const char *const *cells, size_t nrows, size_t ncols)
{
	size_t width[16] = {0};
	if (ncols > sizeof(width) / sizeof(width[0]))
		ncols = sizeof(width) / sizeof(width[0]);
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < ncols; c++) {
			const char *s = cells[r * ncols + c] ? cells[r * ncols + c] : "";
			size_t w = cxm_utf8_length(s, strlen(s));
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *s = cells[r * ncols + c] ? cells[r * ncols + c] : "";
			put_text(out, s);
			if (c + 1 < ncols)
				fprintf(out, "%*s", (int)(width[c] - cxm_utf8_length(s, strlen(s)) + 2), "");
		}
		fputc('\n', out);
	}
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
	/* Texts cxmctl writes for people (invitation mails the job runner
	 * sends, follow-up items, demo data) come in their business's language
	 * when the catalogues are there, as in the workers; without them, in
	 * English (the msgids), which "cxmctl check" reports, so their absence
	 * is not worth a warning on every command. */
	char mo[4200];
	snprintf(mo, sizeof(mo), "%s/ru.mo", ctl.cfg.locale_dir);
	int have_i18n = access(mo, R_OK) == 0 && cxm_i18n_load(ctl.cfg.locale_dir) == CXM_OK;
	int rc = cmd->run(&ctl, argc - optind, argv + optind);
	if (have_i18n)
		cxm_i18n_unload();
	free(ctl.db_password);
	cxm_config_free(&ctl.cfg);
	mysql_library_end();
	return rc;
}
