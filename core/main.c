/* cxm-fcgi: the FastCGI application server. Loads the configuration,
 * translations and templates, opens the socket and hands over to the
 * supervisor, which forks the workers. */
#include "config.h"

#include <errno.h>
#include <fcgiapp.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "feedback.h"
#include "i18n.h"
#include "listen.h"
#include "log.h"
#include "page.h"
#include "plugin.h"
#include "secret.h"
#include "supervisor.h"
#include "tmpl.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: cxm-fcgi [-c FILE] [-t] [-V]\n"
	        "  -c FILE  configuration file (default: $CXM_CONFIG or %s)\n"
	        "  -t       test the configuration, templates and translations, then exit\n"
	        "  -V       print the version and exit\n"
	        "Signals: TERM/INT stop after the requests in progress; HUP reloads.\n",
	        cxm_config_default_path());
}

/* Parses CXM_OLD_WORKERS or CXM_OLD_JOBS ("12,13,14") left by the
 * previous image. */
static pid_t *old_pids(const char *var, size_t *n)
{
	const char *v = getenv(var);
	*n = 0;
	if (!v || !*v)
		return NULL;
	size_t cap = 1;
	for (const char *p = v; *p; p++)
		cap += *p == ',';
	pid_t *pids = cxm_xcalloc(cap, sizeof(pid_t));
	char *copy = cxm_xstrdup(v), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t && *n < cap; t = strtok_r(NULL, ",", &save)) {
		long pid = strtol(t, NULL, 10);
		if (pid > 0)
			pids[(*n)++] = (pid_t)pid;
	}
	free(copy);
	return pids;
}

int main(int argc, char **argv)
{
	const char *config_path = getenv("CXM_CONFIG");
	int test_only = 0;
	int opt;
	while ((opt = getopt(argc, argv, "c:tVh")) != -1) {
		switch (opt) {
		case 'c': config_path = optarg; break;
		case 't': test_only = 1; break;
		case 'V': printf("cxm-fcgi %s\n", PACKAGE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!config_path)
		config_path = cxm_config_default_path();

	cxm_log_open("cxm-fcgi", CXM_LOG_STDERR, CXM_LOG_INFO);
	struct cxm_config cfg;
	char err[1024];
	cxm_config_defaults(&cfg);
	if (cxm_config_load(&cfg, config_path, err, sizeof(err)) != CXM_OK)
		cxm_fatal("%s", err);
	cxm_log_open("cxm-fcgi", cfg.log_target, cfg.log_level);
	if (sodium_init() < 0)
		cxm_fatal("libsodium failed to initialise");

	struct cxm_dsn dsn;
	if (cxm_dsn_parse(cfg.db_dsn, &dsn, err, sizeof(err)) != CXM_OK)
		cxm_fatal("%s: db_dsn: %s", config_path, err);
	cxm_dsn_free(&dsn);
	char *password = NULL;
	if (*cfg.db_password_file && !(password = cxm_read_secret(cfg.db_password_file, err, sizeof(err))))
		cxm_fatal("%s: db_password_file: %s", config_path, err);

	if (cxm_i18n_load(cfg.locale_dir) != CXM_OK)
		cxm_warn("some translations are missing from %s; untranslated text is shown in English",
		         cfg.locale_dir);
	if (cxm_tmpl_load_dir(cfg.template_dir, err, sizeof(err)) != CXM_OK)
		cxm_fatal("templates: %s", err);
	cxm_page_init(&cfg);
	cxm_feedback_set_sla_hours(cfg.feedback_sla_hours);
	/* Plugins load here, in the supervisor, once: the workers and the job
	 * runner it forks inherit them, and a reload (SIGHUP re-exec) loads the
	 * directory afresh. A refused plugin is logged and left out; the
	 * service starts regardless. -t loads them too, so it reports them. */
	cxm_plugins_start(cfg.plugin_dir);
	if (test_only) {
		cxm_plugins_stop();
		printf("cxm-fcgi: configuration %s is valid; templates and translations load\n", config_path);
		return 0;
	}

	struct cxm_supervisor sup;
	memset(&sup, 0, sizeof(sup));
	sup.cfg = &cfg;
	sup.argv = argv;
	sup.db_password = password;

	/* Our own path, resolved now: a reload execs whatever binary is
	 * installed there by then. */
	static char exe[PATH_MAX];
	if (!realpath(argv[0], exe)) {
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			cxm_fatal("cannot find my own executable: %s", strerror(errno));
		exe[n] = '\0';
	}
	if (strstr(exe, " (deleted)"))
		*strstr(exe, " (deleted)") = '\0';
	sup.exe = exe;

	const char *inherited = getenv(CXM_ENV_LISTEN_FD);
	if (inherited) {
		sup.listen_fd = atoi(inherited);
		sup.owns_socket = 1;
		sup.old_workers = old_pids(CXM_ENV_OLD_WORKERS, &sup.nold);
		sup.old_jobs = old_pids(CXM_ENV_OLD_JOBS, &sup.nold_jobs);
		unsetenv(CXM_ENV_LISTEN_FD);
		unsetenv(CXM_ENV_OLD_WORKERS);
		unsetenv(CXM_ENV_OLD_JOBS);
	} else {
		sup.listen_fd = cxm_listen_open(&cfg, err, sizeof(err));
		if (sup.listen_fd < 0)
			cxm_fatal("%s", err);
		sup.owns_socket = 1;
	}
	if (FCGX_Init() != 0)
		cxm_fatal("libfcgi failed to initialise");

	int rc = cxm_supervisor_run(&sup);
	free(sup.old_workers);
	free(sup.old_jobs);
	free(password);
	cxm_plugins_stop();
	cxm_i18n_unload();
	cxm_config_free(&cfg);
	return rc;
}
