/* The host API's hooks that reach outside the plugin: statements bound to
 * the current business, the business's settings, the period. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "db.h"
#include "log.h"
#include "plugin.h"
#include "plugin_host.h"

#define MARKER "{business}"

static void say(char *err, size_t errsize, const char *what)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", what);
}

/* 1 when the first word of sql is SELECT or WITH (after blanks and
 * comments are not allowed: a plugin's statements are its own constants). */
static int read_only(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	return (strncasecmp(sql, "SELECT", 6) == 0 && !isalnum((unsigned char)sql[6])) ||
	       (strncasecmp(sql, "WITH", 4) == 0 && !isalnum((unsigned char)sql[4]));
}

char *cxm_plugin_rewrite_sql(struct cxm_arena *a, const char *sql, size_t **markers,
                             size_t *nmarkers, size_t *nplaceholders, char *err, size_t errsize)
{
	*markers = NULL;
	*nmarkers = *nplaceholders = 0;
	if (!sql || !read_only(sql)) {
		say(err, errsize, "only a SELECT or WITH statement may be run");
		return NULL;
	}
	if (strchr(sql, ';')) {
		say(err, errsize, "one statement only (no ';')");
		return NULL;
	}
	size_t len = strlen(sql), count = 0;
	for (const char *p = strstr(sql, MARKER); p; p = strstr(p + 1, MARKER))
		count++;
	if (!count) {
		say(err, errsize, "the statement has no {business} marker");
		return NULL;
	}
	char *out = cxm_alloc(a, len + 1);
	size_t *pos = cxm_alloc(a, count * sizeof(*pos));
	size_t o = 0, k = 0, ph = 0;
	/* Quotes are not tracked: a plugin's constant statements have no ? or
	 * {business} inside string literals (documented in cxm/plugin.h). */
	for (size_t i = 0; i < len;) {
		if (strncmp(sql + i, MARKER, sizeof(MARKER) - 1) == 0) {
			pos[k++] = ph++;
			out[o++] = '?';
			i += sizeof(MARKER) - 1;
		} else {
			if (sql[i] == '?')
				ph++;
			out[o++] = sql[i++];
		}
	}
	out[o] = '\0';
	*markers = pos;
	*nmarkers = count;
	*nplaceholders = ph;
	return out;
}

int cxm_plugin_host_query(struct cxm_plugin_call *call, const char *sql,
                          const struct cxm_plugin_param *params, size_t nparams,
                          cxm_plugin_row_fn fn, void *ud, char *err, size_t errsize)
{
	if (!call || !call->db || call->business_id <= 0) {
		say(err, errsize, "no database in this call (queries run only in a computation)");
		return 1;
	}
	size_t *markers, nmarkers, total;
	char *text = cxm_plugin_rewrite_sql(call->arena, sql, &markers, &nmarkers, &total, err,
	                                    errsize);
	if (!text)
		return 1;
	if (total != nmarkers + nparams) {
		char why[160];
		snprintf(why, sizeof(why), "the statement has %zu ? placeholders but %zu parameters",
		         total - nmarkers, nparams);
		say(err, errsize, why);
		return 1;
	}
	struct cxm_param *bound = cxm_alloc(call->arena, (total ? total : 1) * sizeof(*bound));
	for (size_t i = 0, k = 0, j = 0; i < total; i++) {
		if (k < nmarkers && markers[k] == i) {
			bound[i] = CXM_PINT(call->business_id);
			k++;
			continue;
		}
		const struct cxm_plugin_param *p = &params[j++];
		switch (p->type) {
		case CXM_PLUGIN_PARAM_INT:
			bound[i] = CXM_PINT(p->i);
			break;
		case CXM_PLUGIN_PARAM_DOUBLE:
			bound[i] = CXM_PDBL(p->d);
			break;
		case CXM_PLUGIN_PARAM_TEXT:
			bound[i] = p->s ? CXM_PSTR(p->s) : CXM_PNULL;
			break;
		default:
			say(err, errsize, "unknown parameter type");
			return 1;
		}
	}
	struct cxm_cursor *c;
	if (cxm_db_cursor(call->db, call->arena, text, bound, total, &c) != CXM_OK) {
		cxm_warn("plugin %s: query failed: %s", call->plugin, cxm_db_error(call->db));
		say(err, errsize, "the database refused the statement (see the log)");
		return 1;
	}
	size_t ncols = cxm_cursor_ncols(c);
	const char **cells = cxm_alloc(call->arena, (ncols ? ncols : 1) * sizeof(*cells));
	int r;
	while ((r = cxm_cursor_next(c)) == 1) {
		for (size_t i = 0; i < ncols; i++)
			cells[i] = cxm_cursor_get(c, i, NULL);
		if (fn && fn(ud, cells, ncols) != 0) {
			r = 0;
			break;
		}
	}
	if (r < 0)
		cxm_warn("plugin %s: reading rows failed: %s", call->plugin, cxm_db_error(call->db));
	cxm_cursor_close(c);
	if (r < 0) {
		say(err, errsize, "reading the rows failed (see the log)");
		return 1;
	}
	return 0;
}

const char *cxm_plugin_host_config_get(struct cxm_plugin_call *call, const char *key)
{
	if (!call || !call->entry || !key)
		return NULL;
	const struct cxm_plugin_entry *e = call->entry;
	for (size_t i = 0; i < e->nsettings; i++) {
		if (strcmp(e->settings[i].key, key) != 0)
			continue;
		const char *v = call->settings && call->settings[i] ? call->settings[i]
		                                                    : e->settings[i].def;
		return v ? cxm_strdup(call->arena, v) : NULL;
	}
	return NULL;
}

int cxm_plugin_host_period(struct cxm_plugin_call *call, long long *from, long long *to)
{
	if (!call || !call->has_period)
		return 1;
	*from = call->from;
	*to = call->to;
	return 0;
}
