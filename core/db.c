/* MariaDB/MySQL access through prepared statements; see db.h for the
 * contract. Results are always bound as text: the server converts numbers
 * and dates, and callers parse what they need. */
#include "config.h"

#include <errno.h>
#include <mysql.h>
#include <errmsg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "db.h"
#include "form.h"
#include "log.h"

#define STMT_CACHE 64
#define SMALL_BUF 64          /* initial result buffer per column */
#define IDLE_PING_SECONDS 30  /* ping before use after this much idleness */

struct cached_stmt {
	char *sql;            /* our copy of the text, the key */
	size_t len;
	MYSQL_STMT *st;
};

struct cxm_db {
	MYSQL *my;
	struct cxm_dsn dsn;
	struct cached_stmt cache[STMT_CACHE];
	size_t ncache;
	size_t next_evict;
	int in_tx;
	int cursor_open;
	time_t last_used;
	unsigned long connects;
	unsigned errnum;
	char err[512];
};

struct cxm_cursor {
	struct cxm_db *db;
	MYSQL_STMT *st;
	MYSQL_BIND *binds;
	unsigned long *lens;
	my_bool *nulls;
	char **bufs;
	size_t ncols;
	struct cxm_arena *arena;
	char **row;           /* current row's values */
	size_t *rowlens;
	int open;
};

/* ---- DSN ---- */

static char *dup_range(const char *s, size_t n)
{
	char *p = cxm_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Decodes %XX in DSN parts (a password may contain '@' or ':'). */
static char *dsn_decode(const char *s, size_t n)
{
	char *p = cxm_xmalloc(n + 1), *d = p;
	for (size_t i = 0; i < n; i++) {
		int hi = s[i] == '%' && i + 2 < n ? cxm_hex_digit((unsigned char)s[i + 1]) : -1;
		int lo = hi >= 0 ? cxm_hex_digit((unsigned char)s[i + 2]) : -1;
		if (hi >= 0 && lo >= 0) {
			*d++ = (char)(hi * 16 + lo);
			i += 2;
			continue;
		}
		*d++ = s[i];
	}
	*d = '\0';
	return p;
}

void cxm_dsn_free(struct cxm_dsn *d)
{
	free(d->user);
	free(d->password);
	free(d->host);
	free(d->dbname);
	free(d->socket);
	memset(d, 0, sizeof(*d));
}

enum cxm_err cxm_dsn_parse(const char *dsn, struct cxm_dsn *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	const char *p;
	if (strncmp(dsn, "mysql://", 8) == 0)
		p = dsn + 8;
	else if (strncmp(dsn, "mariadb://", 10) == 0)
		p = dsn + 10;
	else {
		snprintf(err, errlen, "database DSN must start with mysql:// or mariadb://");
		return CXM_ERR_CONFIG;
	}
	const char *at = strrchr(p, '@');
	const char *slash = strchr(at ? at : p, '/');
	if (!at || !slash) {
		snprintf(err, errlen, "database DSN must look like mysql://user[:password]@host[:port]/dbname[?socket=/path]");
		return CXM_ERR_CONFIG;
	}
	const char *colon = memchr(p, ':', (size_t)(at - p));
	if (colon) {
		out->user = dsn_decode(p, (size_t)(colon - p));
		out->password = dsn_decode(colon + 1, (size_t)(at - colon - 1));
	} else {
		out->user = dsn_decode(p, (size_t)(at - p));
	}
	const char *host = at + 1;
	const char *pc = memchr(host, ':', (size_t)(slash - host));
	if (pc) {
		out->host = dup_range(host, (size_t)(pc - host));
		char *end;
		long port = strtol(pc + 1, &end, 10);
		if (end != slash || port <= 0 || port > 65535) {
			snprintf(err, errlen, "database DSN has a bad port");
			cxm_dsn_free(out);
			return CXM_ERR_CONFIG;
		}
		out->port = (unsigned)port;
	} else {
		out->host = dup_range(host, (size_t)(slash - host));
	}
	const char *q = strchr(slash, '?');
	out->dbname = dup_range(slash + 1, q ? (size_t)(q - slash - 1) : strlen(slash + 1));
	while (q && *q) {
		q++;
		size_t n = strcspn(q, "&");
		if (n > 7 && strncmp(q, "socket=", 7) == 0) {
			free(out->socket);
			out->socket = dsn_decode(q + 7, n - 7);
		} else if (n > 0) {
			snprintf(err, errlen, "database DSN has an unknown option '%.*s'", (int)n, q);
			cxm_dsn_free(out);
			return CXM_ERR_CONFIG;
		}
		q += n;
	}
	if (!*out->user || !*out->host || !*out->dbname) {
		snprintf(err, errlen, "database DSN needs a user, a host and a database name");
		cxm_dsn_free(out);
		return CXM_ERR_CONFIG;
	}
	return CXM_OK;
}

/* ---- connection ---- */

static void set_error(struct cxm_db *db, unsigned num, const char *text)
{
	db->errnum = num;
	snprintf(db->err, sizeof(db->err), "%s", text);
}

static void set_my_error(struct cxm_db *db)
{
	set_error(db, mysql_errno(db->my), mysql_error(db->my));
}

static void set_stmt_error(struct cxm_db *db, MYSQL_STMT *st)
{
	set_error(db, mysql_stmt_errno(st), mysql_stmt_error(st));
}

static int is_gone(unsigned num)
{
	return num == CR_SERVER_GONE_ERROR || num == CR_SERVER_LOST;
}

static void drop_connection(struct cxm_db *db)
{
	for (size_t i = 0; i < db->ncache; i++) {
		mysql_stmt_close(db->cache[i].st);
		free(db->cache[i].sql);
	}
	db->ncache = 0;
	db->next_evict = 0;
	if (db->my)
		mysql_close(db->my);
	db->my = NULL;
	db->in_tx = 0;
	db->cursor_open = 0;
}

enum cxm_err cxm_db_open(const char *dsn, const char *password, struct cxm_db **out,
                         char *err, size_t errlen)
{
	struct cxm_db *db = cxm_xcalloc(1, sizeof(*db));
	enum cxm_err rc = cxm_dsn_parse(dsn, &db->dsn, err, errlen);
	if (rc != CXM_OK) {
		free(db);
		return rc;
	}
	if (password) {
		free(db->dsn.password);
		db->dsn.password = cxm_xstrdup(password);
	}
	*out = db;
	return CXM_OK;
}

void cxm_db_close(struct cxm_db *db)
{
	if (!db)
		return;
	drop_connection(db);
	cxm_dsn_free(&db->dsn);
	free(db);
}

enum cxm_err cxm_db_connect(struct cxm_db *db)
{
	if (db->my)
		return CXM_OK;
	MYSQL *my = mysql_init(NULL);
	if (!my) {
		set_error(db, 0, "mysql_init failed (out of memory)");
		return CXM_ERR_DB;
	}
	unsigned timeout = 5;
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	my_bool off = 0;
	mysql_options(my, MYSQL_OPT_RECONNECT, &off);
	const char *host = db->dsn.socket ? "localhost" : db->dsn.host;
	if (!mysql_real_connect(my, host, db->dsn.user, db->dsn.password, db->dsn.dbname,
	                        db->dsn.port, db->dsn.socket, 0)) {
		set_error(db, mysql_errno(my), mysql_error(my));
		mysql_close(my);
		return CXM_ERR_DB;
	}
	/* Fixed session settings: UTC timestamps and strict checking, whatever
	 * the server's defaults are. Constant text, no request data. */
	static const char *const session[] = {
		"SET time_zone = '+00:00'",
		"SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
		"ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
	};
	for (size_t i = 0; i < sizeof(session) / sizeof(session[0]); i++) {
		if (mysql_query(my, session[i]) != 0) {
			set_error(db, mysql_errno(my), mysql_error(my));
			mysql_close(my);
			return CXM_ERR_DB;
		}
	}
	db->my = my;
	db->connects++;
	db->last_used = time(NULL);
	return CXM_OK;
}

enum cxm_err cxm_db_ping(struct cxm_db *db)
{
	enum cxm_err rc = cxm_db_connect(db);
	if (rc != CXM_OK)
		return rc;
	if (mysql_ping(db->my) == 0) {
		db->last_used = time(NULL);
		return CXM_OK;
	}
	set_my_error(db);
	drop_connection(db);
	rc = cxm_db_connect(db);
	if (rc == CXM_OK && mysql_ping(db->my) != 0) {
		set_my_error(db);
		return CXM_ERR_DB;
	}
	return rc;
}

const char *cxm_db_error(const struct cxm_db *db)
{
	return db->err;
}

unsigned cxm_db_errno(const struct cxm_db *db)
{
	return db->errnum;
}

unsigned long cxm_db_connects(const struct cxm_db *db)
{
	return db->connects;
}

unsigned long cxm_db_thread_id(struct cxm_db *db)
{
	return db->my ? mysql_thread_id(db->my) : 0;
}

/* Makes sure a usable connection exists: connects, and after a long idle
 * spell pings first, because the server may have dropped us meanwhile and
 * a write must not be the one to find out. Never inside a transaction. */
static enum cxm_err ready(struct cxm_db *db)
{
	if (db->my && !db->in_tx && time(NULL) - db->last_used > IDLE_PING_SECONDS) {
		if (mysql_ping(db->my) != 0)
			drop_connection(db);
	}
	enum cxm_err rc = cxm_db_connect(db);
	if (rc == CXM_OK)
		db->last_used = time(NULL);
	return rc;
}

/* Returns the prepared statement for sql, preparing and caching it.
 * Preparing is always safe to retry, so a lost connection is reopened once. */
static enum cxm_err prepare(struct cxm_db *db, const char *sql, MYSQL_STMT **out)
{
	if (db->cursor_open) {
		set_error(db, 0, "a cursor is still open on this connection");
		return CXM_ERR_DB;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		enum cxm_err rc = ready(db);
		if (rc != CXM_OK)
			return rc;
		/* Always by text: SQL built at run time in an arena can come back
		 * at the same address with other text in a later request. */
		size_t len = strlen(sql);
		for (size_t i = 0; i < db->ncache; i++) {
			if (db->cache[i].len == len && memcmp(db->cache[i].sql, sql, len) == 0) {
				*out = db->cache[i].st;
				return CXM_OK;
			}
		}
		MYSQL_STMT *st = mysql_stmt_init(db->my);
		if (!st) {
			set_my_error(db);
			return CXM_ERR_DB;
		}
		if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
			set_stmt_error(db, st);
			mysql_stmt_close(st);
			if (is_gone(db->errnum) && !db->in_tx && attempt == 0) {
				drop_connection(db);
				continue;
			}
			if (is_gone(db->errnum)) {
				drop_connection(db);
				return CXM_ERR_DB_GONE;
			}
			cxm_error("prepare failed (%u %s): %s", db->errnum, db->err, sql);
			return CXM_ERR_DB;
		}
		size_t slot;
		if (db->ncache < STMT_CACHE) {
			slot = db->ncache++;
		} else {
			slot = db->next_evict;
			db->next_evict = (db->next_evict + 1) % STMT_CACHE;
			mysql_stmt_close(db->cache[slot].st);
			free(db->cache[slot].sql);
		}
		db->cache[slot].sql = cxm_xstrdup(sql);
		db->cache[slot].len = len;
		db->cache[slot].st = st;
		*out = st;
		return CXM_OK;
	}
	return CXM_ERR_DB_GONE;
}

static enum cxm_err bind_params(struct cxm_db *db, MYSQL_STMT *st, const struct cxm_param *p,
                                size_t n, MYSQL_BIND *b, unsigned long *lens)
{
	if (mysql_stmt_param_count(st) != n) {
		char msg[128];
		snprintf(msg, sizeof(msg), "statement expects %lu parameters, got %zu",
		         (unsigned long)mysql_stmt_param_count(st), n);
		set_error(db, 0, msg);
		cxm_error("%s", msg);
		return CXM_ERR_DB;
	}
	memset(b, 0, n * sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		switch (p[i].type) {
		case CXM_P_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case CXM_P_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)&p[i].i;
			break;
		case CXM_P_DOUBLE:
			b[i].buffer_type = MYSQL_TYPE_DOUBLE;
			b[i].buffer = (void *)&p[i].d;
			break;
		case CXM_P_TEXT:
		case CXM_P_BLOB:
			b[i].buffer_type = p[i].type == CXM_P_TEXT ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(p[i].s ? p[i].s : "");
			lens[i] = p[i].s ? (p[i].len == (size_t)-1 ? strlen(p[i].s) : p[i].len) : 0;
			b[i].buffer_length = lens[i];
			b[i].length = &lens[i];
			break;
		}
	}
	if (n && mysql_stmt_bind_param(st, b) != 0) {
		set_stmt_error(db, st);
		return CXM_ERR_DB;
	}
	return CXM_OK;
}

/* The protocol's limit on placeholders in one statement (multi-row
 * INSERTs of bulk loads come near it). Up to SMALL_PARAMS the bindings
 * live on the stack, beyond that on the heap. */
#define MAX_PARAMS 65535
#define SMALL_PARAMS 64

static enum cxm_err run_bound(struct cxm_db *db, const char *sql, const struct cxm_param *p,
                              size_t n, int retry_gone, MYSQL_STMT **out, MYSQL_BIND *binds,
                              unsigned long *lens)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		MYSQL_STMT *st;
		enum cxm_err rc = prepare(db, sql, &st);
		if (rc != CXM_OK)
			return rc;
		rc = bind_params(db, st, p, n, binds, lens);
		if (rc != CXM_OK)
			return rc;
		if (mysql_stmt_execute(st) == 0) {
			*out = st;
			return CXM_OK;
		}
		set_stmt_error(db, st);
		if (!is_gone(db->errnum)) {
			cxm_debug("statement failed (%u %s)", db->errnum, db->err);
			return CXM_ERR_DB;
		}
		int was_tx = db->in_tx;
		drop_connection(db);
		if (!retry_gone || was_tx || attempt == 1)
			return CXM_ERR_DB_GONE;
		cxm_info("database connection lost (%s); reconnecting", db->err);
	}
	return CXM_ERR_DB_GONE;
}

/* Prepares, binds and executes. retry_gone: may the statement be re-run
 * after a lost connection (reads only)? */
static enum cxm_err run(struct cxm_db *db, const char *sql, const struct cxm_param *p,
                        size_t n, int retry_gone, MYSQL_STMT **out)
{
	if (n > MAX_PARAMS) {
		set_error(db, 0, "too many parameters");
		return CXM_ERR_DB;
	}
	if (n <= SMALL_PARAMS) {
		MYSQL_BIND binds[SMALL_PARAMS];
		unsigned long lens[SMALL_PARAMS];
		return run_bound(db, sql, p, n, retry_gone, out, binds, lens);
	}
	MYSQL_BIND *binds = cxm_xmalloc(n * sizeof(*binds));
	unsigned long *lens = cxm_xmalloc(n * sizeof(*lens));
	enum cxm_err rc = run_bound(db, sql, p, n, retry_gone, out, binds, lens);
	free(binds);
	free(lens);
	return rc;
}

enum cxm_err cxm_db_exec(struct cxm_db *db, const char *sql, const struct cxm_param *params,
                         size_t nparams, uint64_t *affected, uint64_t *insert_id)
{
	MYSQL_STMT *st;
	enum cxm_err rc = run(db, sql, params, nparams, 0, &st);
	if (rc != CXM_OK)
		return rc;
	if (affected)
		*affected = mysql_stmt_affected_rows(st);
	if (insert_id)
		*insert_id = mysql_stmt_insert_id(st);
	mysql_stmt_free_result(st);
	return CXM_OK;
}

/* Result binding shared by queries and cursors: every column as text in a
 * small buffer, fetched again into a bigger one when it did not fit. */
struct result {
	MYSQL_BIND *binds;
	unsigned long *lens;
	my_bool *nulls;
	char **bufs;
	size_t ncols;
};

static enum cxm_err bind_result(struct cxm_db *db, MYSQL_STMT *st, struct result *r)
{
	r->ncols = mysql_stmt_field_count(st);
	if (r->ncols == 0) {
		set_error(db, 0, "statement returns no result set");
		return CXM_ERR_DB;
	}
	r->binds = cxm_xcalloc(r->ncols, sizeof(*r->binds));
	r->lens = cxm_xcalloc(r->ncols, sizeof(*r->lens));
	r->nulls = cxm_xcalloc(r->ncols, sizeof(*r->nulls));
	r->bufs = cxm_xcalloc(r->ncols, sizeof(*r->bufs));
	for (size_t i = 0; i < r->ncols; i++) {
		r->bufs[i] = cxm_xmalloc(SMALL_BUF);
		r->binds[i].buffer_type = MYSQL_TYPE_STRING;
		r->binds[i].buffer = r->bufs[i];
		r->binds[i].buffer_length = SMALL_BUF;
		r->binds[i].length = &r->lens[i];
		r->binds[i].is_null = &r->nulls[i];
	}
	if (mysql_stmt_bind_result(st, r->binds) != 0) {
		set_stmt_error(db, st);
		return CXM_ERR_DB;
	}
	return CXM_OK;
}

static void result_free(struct result *r)
{
	for (size_t i = 0; r->bufs && i < r->ncols; i++)
		free(r->bufs[i]);
	free(r->bufs);
	free(r->binds);
	free(r->lens);
	free(r->nulls);
	memset(r, 0, sizeof(*r));
}

/* Fetches the next row into the arena. 1 row, 0 end, -1 error. */
static int fetch_row(struct cxm_db *db, MYSQL_STMT *st, struct result *r, struct cxm_arena *a,
                     char **cells, size_t *lens)
{
	int f = mysql_stmt_fetch(st);
	if (f == MYSQL_NO_DATA)
		return 0;
	if (f == 1) {
		set_stmt_error(db, st);
		return -1;
	}
	for (size_t c = 0; c < r->ncols; c++) {
		if (r->nulls[c]) {
			cells[c] = NULL;
			lens[c] = 0;
			continue;
		}
		size_t len = r->lens[c];
		char *v = cxm_alloc(a, len + 1);
		if (len <= SMALL_BUF) {
			memcpy(v, r->bufs[c], len);
		} else {
			MYSQL_BIND big;
			unsigned long biglen = 0;
			memset(&big, 0, sizeof(big));
			big.buffer_type = MYSQL_TYPE_STRING;
			big.buffer = v;
			big.buffer_length = len + 1;
			big.length = &biglen;
			if (mysql_stmt_fetch_column(st, &big, (unsigned)c, 0) != 0) {
				set_stmt_error(db, st);
				return -1;
			}
		}
		v[len] = '\0';
		cells[c] = v;
		lens[c] = len;
	}
	return 1;
}

enum cxm_err cxm_db_query(struct cxm_db *db, struct cxm_arena *a, const char *sql,
                          const struct cxm_param *params, size_t nparams, struct cxm_rows *out)
{
	memset(out, 0, sizeof(*out));
	MYSQL_STMT *st;
	enum cxm_err rc = run(db, sql, params, nparams, 1, &st);
	if (rc != CXM_OK)
		return rc;
	struct result r;
	memset(&r, 0, sizeof(r));
	rc = bind_result(db, st, &r);
	if (rc == CXM_OK && mysql_stmt_store_result(st) != 0) {
		set_stmt_error(db, st);
		rc = is_gone(db->errnum) ? CXM_ERR_DB_GONE : CXM_ERR_DB;
	}
	if (rc == CXM_OK) {
		size_t nrows = (size_t)mysql_stmt_num_rows(st);
		out->ncols = r.ncols;
		out->cells = cxm_alloc(a, (nrows ? nrows : 1) * r.ncols * sizeof(char *));
		out->lens = cxm_alloc(a, (nrows ? nrows : 1) * r.ncols * sizeof(size_t));
		out->names = cxm_alloc(a, r.ncols * sizeof(char *));
		MYSQL_RES *meta = mysql_stmt_result_metadata(st);
		for (size_t c = 0; c < r.ncols; c++)
			out->names[c] = cxm_strdup(a, meta ? mysql_fetch_field_direct(meta, (unsigned)c)->name : "");
		if (meta)
			mysql_free_result(meta);
		size_t row = 0;
		int f;
		while (row < nrows &&
		       (f = fetch_row(db, st, &r, a, out->cells + row * r.ncols, out->lens + row * r.ncols)) == 1)
			row++;
		if (row < nrows) {
			rc = CXM_ERR_DB;
		}
		out->nrows = row;
	}
	mysql_stmt_free_result(st);
	result_free(&r);
	if (rc == CXM_ERR_DB_GONE)
		drop_connection(db);
	return rc;
}

const char *cxm_rows_get(const struct cxm_rows *r, size_t row, size_t col)
{
	if (row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->cells[row * r->ncols + col];
}

long long cxm_rows_int(const struct cxm_rows *r, size_t row, size_t col, long long def)
{
	const char *v = cxm_rows_get(r, row, col);
	if (!v || !*v)
		return def;
	char *end;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || *end)
		return def;
	return x;
}

/* ---- cursors ---- */

static void cursor_cleanup(void *p)
{
	cxm_cursor_close(p);
}

enum cxm_err cxm_db_cursor(struct cxm_db *db, struct cxm_arena *a, const char *sql,
                           const struct cxm_param *params, size_t nparams,
                           struct cxm_cursor **out)
{
	MYSQL_STMT *st;
	enum cxm_err rc = run(db, sql, params, nparams, 1, &st);
	if (rc != CXM_OK)
		return rc;
	struct result r;
	memset(&r, 0, sizeof(r));
	rc = bind_result(db, st, &r);
	if (rc != CXM_OK) {
		mysql_stmt_free_result(st);
		result_free(&r);
		return rc;
	}
	struct cxm_cursor *c = cxm_zalloc(a, sizeof(*c));
	c->db = db;
	c->st = st;
	c->binds = r.binds;
	c->lens = r.lens;
	c->nulls = r.nulls;
	c->bufs = r.bufs;
	c->ncols = r.ncols;
	c->arena = a;
	c->row = cxm_zalloc(a, r.ncols * sizeof(char *));
	c->rowlens = cxm_zalloc(a, r.ncols * sizeof(size_t));
	c->open = 1;
	db->cursor_open = 1;
	cxm_arena_cleanup(a, cursor_cleanup, c);
	*out = c;
	return CXM_OK;
}

int cxm_cursor_next(struct cxm_cursor *c)
{
	if (!c->open)
		return 0;
	/* Row values must not pile up in the arena over a million rows: each
	 * column has a malloc'd buffer reused from row to row. */
	int f = mysql_stmt_fetch(c->st);
	if (f == MYSQL_NO_DATA)
		return 0;
	if (f == 1) {
		set_stmt_error(c->db, c->st);
		return -1;
	}
	for (size_t i = 0; i < c->ncols; i++) {
		if (c->nulls[i]) {
			c->row[i] = NULL;
			c->rowlens[i] = 0;
			continue;
		}
		size_t len = c->lens[i];
		if (len >= SMALL_BUF) {
			/* grow this column's own buffer and fetch the whole value */
			c->bufs[i] = cxm_xrealloc(c->bufs[i], len + 1);
			MYSQL_BIND big;
			unsigned long biglen = 0;
			memset(&big, 0, sizeof(big));
			big.buffer_type = MYSQL_TYPE_STRING;
			big.buffer = c->bufs[i];
			big.buffer_length = len + 1;
			big.length = &biglen;
			if (mysql_stmt_fetch_column(c->st, &big, (unsigned)i, 0) != 0) {
				set_stmt_error(c->db, c->st);
				return -1;
			}
			/* the bound buffer moved: rebind so the next fetch is safe */
			c->binds[i].buffer = c->bufs[i];
			c->binds[i].buffer_length = SMALL_BUF;
			mysql_stmt_bind_result(c->st, c->binds);
		}
		c->bufs[i][len] = '\0';
		c->row[i] = c->bufs[i];
		c->rowlens[i] = len;
	}
	return 1;
}

const char *cxm_cursor_get(struct cxm_cursor *c, size_t col, size_t *len)
{
	if (col >= c->ncols) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = c->rowlens[col];
	return c->row[col];
}

size_t cxm_cursor_ncols(const struct cxm_cursor *c)
{
	return c->ncols;
}

void cxm_cursor_close(struct cxm_cursor *c)
{
	if (!c || !c->open)
		return;
	c->open = 0;
	if (c->db->my)
		mysql_stmt_free_result(c->st);
	struct result r = {c->binds, c->lens, c->nulls, c->bufs, c->ncols};
	result_free(&r);
	c->db->cursor_open = 0;
}

/* ---- transactions ---- */

enum cxm_err cxm_db_begin(struct cxm_db *db)
{
	enum cxm_err rc = ready(db);
	if (rc != CXM_OK)
		return rc;
	if (mysql_query(db->my, "START TRANSACTION") != 0) {
		set_my_error(db);
		if (is_gone(db->errnum))
			drop_connection(db);
		return CXM_ERR_DB;
	}
	db->in_tx = 1;
	return CXM_OK;
}

int cxm_db_in_transaction(const struct cxm_db *db)
{
	return db->in_tx;
}

enum cxm_err cxm_db_commit(struct cxm_db *db)
{
	if (!db->my || !db->in_tx) {
		set_error(db, 0, "commit without a transaction");
		return CXM_ERR_DB;
	}
	db->in_tx = 0;
	if (mysql_commit(db->my) != 0) {
		set_my_error(db);
		if (is_gone(db->errnum)) {
			drop_connection(db);
			return CXM_ERR_DB_GONE;
		}
		return CXM_ERR_DB;
	}
	return CXM_OK;
}

void cxm_db_rollback(struct cxm_db *db)
{
	if (!db->my)
		return;
	db->in_tx = 0;
	if (mysql_rollback(db->my) != 0) {
		set_my_error(db);
		if (is_gone(db->errnum))
			drop_connection(db);
	}
}

/* ---- scripts (migrations) ---- */

enum cxm_err cxm_db_run_script(struct cxm_db *db, const char *text, size_t len, int *fail_line)
{
	enum cxm_err rc = ready(db);
	if (rc != CXM_OK)
		return rc;
	size_t i = 0, start = 0;
	int line = 1, start_line = 0;
	char quote = 0;
	int has_content = 0;
	while (i <= len) {
		char c = i < len ? text[i] : ';';
		if (quote) {
			if (c == '\\' && quote != '`' && i + 1 < len) {
				i += 2;
				continue;
			}
			if (c == quote)
				quote = 0;
			if (c == '\n')
				line++;
			i++;
			continue;
		}
		if (c == '-' && i + 2 < len && text[i + 1] == '-' && (text[i + 2] == ' ' || text[i + 2] == '\t' || text[i + 2] == '\n')) {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (c == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < len && text[i + 1] == '*') {
			i += 2;
			while (i + 1 < len && !(text[i] == '*' && text[i + 1] == '/')) {
				if (text[i] == '\n')
					line++;
				i++;
			}
			i += 2;
			continue;
		}
		if (c == '\n') {
			line++;
			i++;
			continue;
		}
		if (c == ';') {
			if (has_content) {
				if (mysql_real_query(db->my, text + start, i - start) != 0) {
					set_my_error(db);
					*fail_line = start_line;
					if (is_gone(db->errnum))
						drop_connection(db);
					return CXM_ERR_DB;
				}
				/* drain any result the statement produced */
				do {
					MYSQL_RES *res = mysql_store_result(db->my);
					if (res)
						mysql_free_result(res);
				} while (mysql_next_result(db->my) == 0);
			}
			has_content = 0;
			i++;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`')
			quote = c;
		if (!has_content && c != ' ' && c != '\t' && c != '\r') {
			has_content = 1;
			start = i;
			start_line = line;
		}
		i++;
	}
	return CXM_OK;
}
