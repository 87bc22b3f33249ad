/* Configuration keys, their types and defaults, and the file reader. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conf.h"

enum key_type { K_STR, K_LONG, K_SIZE, K_OCTAL, K_LEVEL, K_TARGET, K_LANG, K_BOOL };

struct key {
	const char *name;
	enum key_type type;
	size_t offset;
	const char *def;
	long min, max;      /* K_LONG, K_SIZE (bytes), K_OCTAL */
};

#define OFF(f) offsetof(struct cxm_config, f)

static const struct key keys[] = {
	{"listen", K_STR, OFF(listen), CXM_LOCALSTATEDIR "/run/cxm/cxm.sock", 0, 0},
	{"socket_mode", K_OCTAL, OFF(socket_mode), "0660", 0, 0777},
	{"socket_group", K_STR, OFF(socket_group), "", 0, 0},
	{"workers", K_LONG, OFF(workers), "4", 1, 256},
	{"worker_connections", K_LONG, OFF(worker_connections), "64", 1, 4096},
	{"drain_timeout", K_LONG, OFF(drain_timeout), "10", 1, 3600},
	{"job_workers", K_LONG, OFF(job_workers), "1", 0, 16},
	{"pid_file", K_STR, OFF(pid_file), "", 0, 0},
	{"db_dsn", K_STR, OFF(db_dsn), "mysql://cxm@localhost/cxm?socket=/run/mysqld/mysqld.sock", 0, 0},
	{"db_password_file", K_STR, OFF(db_password_file), "", 0, 0},
	{"base_path", K_STR, OFF(base_path), "", 0, 0},
	{"template_dir", K_STR, OFF(template_dir), CXM_PKGDATADIR "/templates", 0, 0},
	{"static_dir", K_STR, OFF(static_dir), CXM_PKGDATADIR "/static", 0, 0},
	{"locale_dir", K_STR, OFF(locale_dir), CXM_PKGDATADIR "/locale", 0, 0},
	{"plugin_dir", K_STR, OFF(plugin_dir), CXM_PKGLIBDIR "/plugins", 0, 0},
	{"sql_dir", K_STR, OFF(sql_dir), CXM_PKGDATADIR "/sql", 0, 0},
	{"max_body", K_SIZE, OFF(max_body), "10M", 1024, 1024L * 1024 * 1024},
	{"max_fields", K_LONG, OFF(max_fields), "1000", 1, 1000000},
	{"max_field_len", K_SIZE, OFF(max_field_len), "64K", 16, 64L * 1024 * 1024},
	{"allow_signup", K_BOOL, OFF(allow_signup), "no", 0, 0},
	{"session_idle_timeout", K_LONG, OFF(session_idle_timeout), "1800", 60, 30L * 86400},
	{"session_absolute_timeout", K_LONG, OFF(session_absolute_timeout), "43200", 60, 365L * 86400},
	{"login_max_failures", K_LONG, OFF(login_max_failures), "5", 1, 1000},
	{"login_failure_window", K_LONG, OFF(login_failure_window), "900", 10, 86400},
	{"password_opslimit", K_LONG, OFF(password_opslimit), "2", 1, 100},
	{"password_memlimit", K_SIZE, OFF(password_memlimit), "64M", 8 * 1024, 4L * 1024 * 1024 * 1024},
	{"invite_valid_hours", K_LONG, OFF(invite_valid_hours), "72", 1, 24 * 90},
	{"reset_valid_minutes", K_LONG, OFF(reset_valid_minutes), "60", 5, 24 * 60},
	{"feedback_sla_hours", K_LONG, OFF(feedback_sla_hours), "24", 1, 24 * 365},
	{"dashboard_compute_seconds", K_LONG, OFF(dashboard_compute_seconds), "2", 0, 600},
	{"public_url", K_STR, OFF(public_url), "", 0, 0},
	{"sendmail", K_STR, OFF(sendmail), "", 0, 0},
	{"mail_from", K_STR, OFF(mail_from), "CXM <cxm@localhost>", 0, 0},
	{"log_mail", K_BOOL, OFF(log_mail), "no", 0, 0},
	{"log_target", K_TARGET, OFF(log_target), "stderr", 0, 0},
	{"log_level", K_LEVEL, OFF(log_level), "info", 0, 0},
	{"default_language", K_LANG, OFF(default_language), "ru", 0, 0},
};

const char *cxm_config_default_path(void)
{
	return CXM_SYSCONFDIR "/cxm/cxm.conf";
}

static int parse_long(const char *s, int base, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, base);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

/* "512", "64K", "10M", "1G" (powers of 1024). */
static int parse_size(const char *s, long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || v < 0)
		return -1;
	long long mul = 1;
	if (*end) {
		switch (toupper((unsigned char)*end)) {
		case 'K': mul = 1024; break;
		case 'M': mul = 1024 * 1024; break;
		case 'G': mul = 1024LL * 1024 * 1024; break;
		default: return -1;
		}
		end++;
		if (*end == 'B' || *end == 'b')
			end++;
		if (*end)
			return -1;
	}
	if (v > LONG_MAX / mul)
		return -1;
	*out = (long)(v * mul);
	return 0;
}

static int find_name(const char *const *names, int n, const char *v)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], v) == 0)
			return i;
	return -1;
}

static enum cxm_err set_key(struct cxm_config *cfg, const struct key *k, const char *value,
                            char *err, size_t errlen)
{
	char *base = (char *)cfg;
	long v;
	int i;
	switch (k->type) {
	case K_STR: {
		char **slot = (char **)(base + k->offset);
		free(*slot);
		*slot = cxm_xstrdup(value);
		return CXM_OK;
	}
	case K_LONG:
		if (parse_long(value, 10, &v) || v < k->min || v > k->max) {
			snprintf(err, errlen, "%s must be a whole number from %ld to %ld, not '%s'",
			         k->name, k->min, k->max, value);
			return CXM_ERR_CONFIG;
		}
		*(long *)(base + k->offset) = v;
		return CXM_OK;
	case K_SIZE:
		if (parse_size(value, &v) || v < k->min || v > k->max) {
			snprintf(err, errlen, "%s must be a size from %ld to %ld bytes (suffixes K, M, G), not '%s'",
			         k->name, k->min, k->max, value);
			return CXM_ERR_CONFIG;
		}
		*(size_t *)(base + k->offset) = (size_t)v;
		return CXM_OK;
	case K_OCTAL:
		if (parse_long(value, 8, &v) || v < k->min || v > k->max) {
			snprintf(err, errlen, "%s must be an octal file mode such as 0660, not '%s'",
			         k->name, value);
			return CXM_ERR_CONFIG;
		}
		*(unsigned *)(base + k->offset) = (unsigned)v;
		return CXM_OK;
	case K_LEVEL:
		i = find_name(cxm_log_level_names, CXM_LOG_MAX, value);
		if (i < 0) {
			snprintf(err, errlen, "%s must be one of error, warn, info, debug, not '%s'",
			         k->name, value);
			return CXM_ERR_CONFIG;
		}
		*(enum cxm_log_level *)(base + k->offset) = (enum cxm_log_level)i;
		return CXM_OK;
	case K_TARGET:
		i = find_name(cxm_log_target_names, CXM_LOG_TARGET_MAX, value);
		if (i < 0) {
			snprintf(err, errlen, "%s must be stderr or syslog, not '%s'", k->name, value);
			return CXM_ERR_CONFIG;
		}
		*(enum cxm_log_target *)(base + k->offset) = (enum cxm_log_target)i;
		return CXM_OK;
	case K_BOOL:
		if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "on") || !strcmp(value, "1"))
			*(int *)(base + k->offset) = 1;
		else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "off") || !strcmp(value, "0"))
			*(int *)(base + k->offset) = 0;
		else {
			snprintf(err, errlen, "%s must be yes or no, not '%s'", k->name, value);
			return CXM_ERR_CONFIG;
		}
		return CXM_OK;
	case K_LANG:
		if (strcmp(value, "ru") != 0 && strcmp(value, "en") != 0) {
			snprintf(err, errlen, "%s must be ru or en, not '%s'", k->name, value);
			return CXM_ERR_CONFIG;
		}
		return set_key(cfg, &(struct key){k->name, K_STR, k->offset, NULL, 0, 0}, value, err, errlen);
	}
	return CXM_ERR_CONFIG;
}

enum cxm_err cxm_config_set(struct cxm_config *cfg, const char *key, const char *value,
                            char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, key) == 0)
			return set_key(cfg, &keys[i], value, err, errlen);
	snprintf(err, errlen, "unknown key '%s'", key);
	return CXM_ERR_CONFIG;
}

void cxm_config_defaults(struct cxm_config *cfg)
{
	char err[256];
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (set_key(cfg, &keys[i], keys[i].def, err, sizeof(err)) != CXM_OK)
			cxm_fatal("built-in default: %s", err);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

enum cxm_err cxm_config_load(struct cxm_config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return CXM_ERR_IO;
	}
	free(cfg->path);
	cfg->path = cxm_xstrdup(path);
	char line[4096];
	int lineno = 0;
	enum cxm_err rc = CXM_OK;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line longer than %zu characters", path, lineno,
			         sizeof(line) - 2);
			rc = CXM_ERR_CONFIG;
			break;
		}
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'", path, lineno);
			rc = CXM_ERR_CONFIG;
			break;
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		/* A value may be quoted to keep leading or trailing spaces or a '#'. */
		if (value[0] == '"') {
			char *close = strchr(value + 1, '"');
			char *rest = close ? close + 1 : NULL;
			while (rest && (*rest == ' ' || *rest == '\t'))
				rest++;
			if (!close || (*rest != '\0' && *rest != '#')) {
				snprintf(err, errlen, "%s:%d: a quoted value must end with '\"' "
				         "(optionally followed by a # comment)", path, lineno);
				rc = CXM_ERR_CONFIG;
				break;
			}
			*close = '\0';
			value++;
		} else {
			char *hash = strstr(value, " #");
			if (hash) {
				*hash = '\0';
				value = trim(value);
			}
		}
		char why[512];
		if (cxm_config_set(cfg, key, value, why, sizeof(why)) != CXM_OK) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			rc = CXM_ERR_CONFIG;
			break;
		}
	}
	if (rc == CXM_OK && ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		rc = CXM_ERR_IO;
	}
	fclose(f);
	return rc;
}

void cxm_config_free(struct cxm_config *cfg)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].type == K_STR || keys[i].type == K_LANG) {
			char **slot = (char **)((char *)cfg + keys[i].offset);
			free(*slot);
			*slot = NULL;
		}
	}
	free(cfg->path);
	cfg->path = NULL;
}
