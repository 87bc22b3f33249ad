/* Migration runner; see migrate.h. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "log.h"
#include "migrate.h"

static const char create_table_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INT NOT NULL PRIMARY KEY,"
	" name VARCHAR(255) NOT NULL,"
	" checksum CHAR(64) NOT NULL,"
	" applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

static int cmp_version(const void *a, const void *b)
{
	const struct cxm_migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

static int read_whole(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 8192, n = 0;
	char *buf = cxm_xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			cap *= 2;
			buf = cxm_xrealloc(buf, cap);
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static void sha256_hex(const char *data, size_t len, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

void cxm_migrations_free(struct cxm_migrations *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].name);
		free(m->v[i].path);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

enum cxm_err cxm_migrations_scan(const char *dir, struct cxm_migrations *out, char *err,
                                 size_t errlen)
{
	memset(out, 0, sizeof(*out));
	DIR *dh = opendir(dir);
	if (!dh) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return CXM_ERR_IO;
	}
	size_t cap = 0;
	struct dirent *e;
	enum cxm_err rc = CXM_OK;
	while ((e = readdir(dh))) {
		const char *n = e->d_name;
		size_t len = strlen(n);
		if (len < 4 || strcmp(n + len - 4, ".sql") != 0)
			continue;
		if (len < 10 || !isdigit((unsigned char)n[0]) || !isdigit((unsigned char)n[1]) ||
		    !isdigit((unsigned char)n[2]) || !isdigit((unsigned char)n[3]) || n[4] != '_') {
			snprintf(err, errlen, "%s/%s: migration files must be named NNNN_name.sql", dir, n);
			rc = CXM_ERR_CONFIG;
			break;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->v = cxm_xrealloc(out->v, cap * sizeof(*out->v));
		}
		struct cxm_migration *m = &out->v[out->n++];
		memset(m, 0, sizeof(*m));
		m->version = atoi(n);
		m->name = cxm_xstrdup(n);
		size_t plen = strlen(dir) + len + 2;
		m->path = cxm_xmalloc(plen);
		snprintf(m->path, plen, "%s/%s", dir, n);
		char *text;
		size_t tlen;
		if (read_whole(m->path, &text, &tlen) != 0) {
			snprintf(err, errlen, "%s: cannot read", m->path);
			rc = CXM_ERR_IO;
			break;
		}
		sha256_hex(text, tlen, m->checksum);
		free(text);
	}
	closedir(dh);
	if (rc == CXM_OK && out->n) {
		qsort(out->v, out->n, sizeof(*out->v), cmp_version);
		for (size_t i = 1; i < out->n; i++) {
			if (out->v[i].version == out->v[i - 1].version) {
				snprintf(err, errlen, "%s and %s have the same version number",
				         out->v[i - 1].name, out->v[i].name);
				rc = CXM_ERR_CONFIG;
				break;
			}
		}
	}
	if (rc != CXM_OK)
		cxm_migrations_free(out);
	return rc;
}

enum cxm_err cxm_migrations_status(struct cxm_db *db, struct cxm_migrations *m, char *err,
                                   size_t errlen)
{
	struct cxm_arena *a = cxm_arena_new(16384);
	enum cxm_err rc = cxm_db_exec(db, create_table_sql, CXM_NOPARAMS, NULL, NULL);
	struct cxm_rows rows;
	if (rc == CXM_OK)
		rc = cxm_db_query(db, a, "SELECT version, checksum FROM schema_migrations ORDER BY version",
		                  CXM_NOPARAMS, &rows);
	if (rc != CXM_OK) {
		snprintf(err, errlen, "reading schema_migrations: %s", cxm_db_error(db));
		cxm_arena_free(a);
		return rc;
	}
	m->unknown_applied = 0;
	for (size_t r = 0; r < rows.nrows; r++) {
		int version = (int)cxm_rows_int(&rows, r, 0, -1);
		const char *sum = cxm_rows_get(&rows, r, 1);
		int found = 0;
		for (size_t i = 0; i < m->n; i++) {
			if (m->v[i].version != version)
				continue;
			found = 1;
			m->v[i].applied = 1;
			snprintf(m->v[i].applied_checksum, sizeof(m->v[i].applied_checksum), "%s",
			         sum ? sum : "");
			m->v[i].changed = strcmp(m->v[i].applied_checksum, m->v[i].checksum) != 0;
		}
		if (!found)
			m->unknown_applied++;
	}
	cxm_arena_free(a);
	return CXM_OK;
}

static void release_lock(struct cxm_db *db, struct cxm_arena *a)
{
	struct cxm_rows r;
	cxm_db_query(db, a, "SELECT RELEASE_LOCK('cxm_migrate')", CXM_NOPARAMS, &r);
}

enum cxm_err cxm_migrate(struct cxm_db *db, const char *dir,
                         void (*report)(void *ctx, const struct cxm_migration *m), void *ctx,
                         char *err, size_t errlen)
{
	struct cxm_migrations list;
	enum cxm_err rc = cxm_migrations_scan(dir, &list, err, errlen);
	if (rc != CXM_OK)
		return rc;
	struct cxm_arena *a = cxm_arena_new(16384);
	struct cxm_rows lock;
	rc = cxm_db_query(db, a, "SELECT GET_LOCK('cxm_migrate', 60)", CXM_NOPARAMS, &lock);
	if (rc != CXM_OK || cxm_rows_int(&lock, 0, 0, 0) != 1) {
		snprintf(err, errlen, "could not take the migration lock: %s",
		         rc != CXM_OK ? cxm_db_error(db) : "another migration is running");
		cxm_arena_free(a);
		cxm_migrations_free(&list);
		return rc != CXM_OK ? rc : CXM_ERR_DB;
	}
	/* Read the applied set only under the lock. */
	rc = cxm_migrations_status(db, &list, err, errlen);
	for (size_t i = 0; rc == CXM_OK && i < list.n; i++) {
		struct cxm_migration *m = &list.v[i];
		if (m->applied) {
			if (m->changed)
				cxm_warn("migration %s was changed after it was applied", m->name);
			continue;
		}
		char *text;
		size_t len;
		if (read_whole(m->path, &text, &len) != 0) {
			snprintf(err, errlen, "%s: cannot read", m->path);
			rc = CXM_ERR_IO;
			break;
		}
		char sum[65];
		sha256_hex(text, len, sum);
		int line = 0;
		rc = cxm_db_run_script(db, text, len, &line);
		free(text);
		if (rc != CXM_OK) {
			snprintf(err, errlen, "%s:%d: %s", m->path, line, cxm_db_error(db));
			break;
		}
		rc = cxm_db_exec(db, "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
		                 CXM_PARAMS(CXM_PINT(m->version), CXM_PSTR(m->name), CXM_PSTR(sum)),
		                 NULL, NULL);
		if (rc != CXM_OK) {
			snprintf(err, errlen, "recording %s: %s", m->name, cxm_db_error(db));
			break;
		}
		m->applied = 1;
		memcpy(m->applied_checksum, sum, sizeof(sum));
		cxm_info("migration %s applied", m->name);
		if (report)
			report(ctx, m);
	}
	release_lock(db, a);
	cxm_arena_free(a);
	cxm_migrations_free(&list);
	return rc;
}
