/* The configuration file: one "key = value" per line, '#' comments.
 * Every key is declared once in conf.c with its type, default and limits;
 * an unknown key or a bad value stops start-up with the file and line. */
#ifndef CXM_CONF_H
#define CXM_CONF_H

#include <stddef.h>

#include "err.h"
#include "log.h"

struct cxm_config {
	/* FastCGI listener */
	char *listen;            /* unix socket path */
	unsigned socket_mode;    /* octal, e.g. 0660 */
	char *socket_group;      /* "" keeps the process's group */
	long workers;
	long worker_connections; /* FastCGI connections one worker keeps open */
	long drain_timeout;      /* seconds a worker may take to finish on SIGTERM */
	long job_workers;        /* job processes (imports) next to the workers; 0: none */
	char *pid_file;          /* "" for none */
	/* database */
	char *db_dsn;
	char *db_password_file;  /* "" for none; overrides a password in the DSN */
	/* paths */
	char *base_path;         /* "" = take it from nginx's CXM_BASE_PATH param */
	char *template_dir;
	char *static_dir;
	char *locale_dir;
	char *plugin_dir;
	char *sql_dir;
	/* request limits */
	size_t max_body;
	long max_fields;
	size_t max_field_len;
	/* accounts and sessions */
	int allow_signup;             /* self-service sign-up creates a business */
	long session_idle_timeout;    /* seconds */
	long session_absolute_timeout;
	long login_max_failures;      /* per account and per address ... */
	long login_failure_window;    /* ... within this many seconds */
	long password_opslimit;       /* Argon2id cost */
	size_t password_memlimit;
	long invite_valid_hours;
	long reset_valid_minutes;
	/* feedback */
	long feedback_sla_hours;      /* to the first response (feedback.h) */
	long dashboard_compute_seconds; /* a dashboard request computes missing values this long */
	/* outgoing mail */
	char *public_url;        /* "https://cx.example.com" for links in mail */
	char *sendmail;          /* "" = keep mail in the outbox table only */
	char *mail_from;
	int log_mail;            /* also write each message to the log (dev) */
	/* logging and language */
	enum cxm_log_target log_target;
	enum cxm_log_level log_level;
	char *default_language;  /* "ru" or "en" */
	char *path;              /* the file this was read from */
};

/* Fills cfg with the built-in defaults. Strings are malloc'd; the config
 * owns them until cxm_config_free(). */
void cxm_config_defaults(struct cxm_config *cfg);

/* Reads path over the current values. On failure returns CXM_ERR_CONFIG or
 * CXM_ERR_IO and writes "file:line: reason" into err. */
enum cxm_err cxm_config_load(struct cxm_config *cfg, const char *path, char *err, size_t errlen);

/* Parses one "key = value" assignment (used by the loader and by tests). */
enum cxm_err cxm_config_set(struct cxm_config *cfg, const char *key, const char *value,
                            char *err, size_t errlen);

void cxm_config_free(struct cxm_config *cfg);

/* The default configuration file (from configure's sysconfdir). */
const char *cxm_config_default_path(void);

#endif
