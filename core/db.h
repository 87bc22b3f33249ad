/* The database layer: one connection per process, prepared statements only.
 *
 * SQL text is always a constant written in the source; values travel as
 * bound parameters (struct cxm_param). Prepared statements are cached per
 * connection, keyed by their text. A lost connection (server restart, idle
 * timeout, KILL) is reopened on the next call; a read is retried once after
 * reconnecting, a write only if the statement never reached the server, and
 * nothing is retried inside a transaction. */
#ifndef CXM_DB_H
#define CXM_DB_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct cxm_arena;
struct cxm_db;

/* A parsed DSN: mysql://user[:password]@host[:port]/dbname[?socket=/path].
 * host "localhost" with a socket means a unix socket connection. */
struct cxm_dsn {
	char *user;
	char *password;   /* NULL when absent */
	char *host;
	unsigned port;
	char *dbname;
	char *socket;     /* NULL when absent */
};

/* Fills out with malloc'd strings (free with cxm_dsn_free). On error returns
 * CXM_ERR_CONFIG and a reason in err. */
enum cxm_err cxm_dsn_parse(const char *dsn, struct cxm_dsn *out, char *err, size_t errlen);
void cxm_dsn_free(struct cxm_dsn *d);

/* Creates a handle; connects lazily at the first query. password, when not
 * NULL, replaces the DSN's. The caller owns the handle (cxm_db_close). */
enum cxm_err cxm_db_open(const char *dsn, const char *password, struct cxm_db **out,
                         char *err, size_t errlen);
void cxm_db_close(struct cxm_db *db);

/* Connects now if not connected; CXM_ERR_DB with cxm_db_error() otherwise. */
enum cxm_err cxm_db_connect(struct cxm_db *db);
/* Round trip to the server (reconnecting if needed). */
enum cxm_err cxm_db_ping(struct cxm_db *db);
/* Text of the last error, for logs (never shown to users). */
const char *cxm_db_error(const struct cxm_db *db);
/* MySQL error number of the last error (e.g. 1062 duplicate key), 0 if none. */
unsigned cxm_db_errno(const struct cxm_db *db);
/* Number of connections opened so far (tests use it to see reconnects). */
unsigned long cxm_db_connects(const struct cxm_db *db);
/* Server-side id of the current connection, 0 when not connected. */
unsigned long cxm_db_thread_id(struct cxm_db *db);

enum cxm_param_type { CXM_P_NULL, CXM_P_INT, CXM_P_DOUBLE, CXM_P_TEXT, CXM_P_BLOB };

struct cxm_param {
	enum cxm_param_type type;
	long long i;
	double d;
	const char *s;    /* TEXT: NUL-terminated unless len is set; BLOB: len bytes */
	size_t len;       /* (size_t)-1 means strlen(s) */
};

#define CXM_PNULL ((struct cxm_param){.type = CXM_P_NULL})
#define CXM_PINT(v) ((struct cxm_param){.type = CXM_P_INT, .i = (long long)(v)})
#define CXM_PDBL(v) ((struct cxm_param){.type = CXM_P_DOUBLE, .d = (double)(v)})
#define CXM_PSTR(v) ((struct cxm_param){.type = CXM_P_TEXT, .s = (v), .len = (size_t)-1})
#define CXM_PSTRN(v, n) ((struct cxm_param){.type = CXM_P_TEXT, .s = (v), .len = (n)})
#define CXM_PBLOB(v, n) ((struct cxm_param){.type = CXM_P_BLOB, .s = (const char *)(v), .len = (n)})
/* CXM_PARAMS(CXM_PINT(1), CXM_PSTR("x")) expands to "array, count". */
#define CXM_PARAMS(...) \
	((const struct cxm_param[]){__VA_ARGS__}), \
	(sizeof((const struct cxm_param[]){__VA_ARGS__}) / sizeof(struct cxm_param))
#define CXM_NOPARAMS NULL, 0

/* Runs a statement that returns no rows. affected and insert_id may be NULL.
 * Errors: CXM_ERR_DB (see cxm_db_errno), CXM_ERR_DB_GONE when the connection
 * died after the statement was sent (it may or may not have run). */
enum cxm_err cxm_db_exec(struct cxm_db *db, const char *sql, const struct cxm_param *params,
                         size_t nparams, uint64_t *affected, uint64_t *insert_id);

/* A result copied into the arena: cell(r, c) is a NUL-terminated string or
 * NULL for SQL NULL; numbers arrive in their decimal text form. */
struct cxm_rows {
	size_t nrows;
	size_t ncols;
	char **cells;      /* nrows * ncols */
	size_t *lens;
	char **names;      /* column names (labels) */
};

/* Runs a query and copies its whole result into the arena. Meant for
 * bounded results (pages, single rows); stream big ones with a cursor. */
enum cxm_err cxm_db_query(struct cxm_db *db, struct cxm_arena *a, const char *sql,
                          const struct cxm_param *params, size_t nparams, struct cxm_rows *out);

const char *cxm_rows_get(const struct cxm_rows *r, size_t row, size_t col);
long long cxm_rows_int(const struct cxm_rows *r, size_t row, size_t col, long long def);

/* Streaming: rows are fetched one at a time from the server, so memory stays
 * flat whatever the size. Only one cursor may be open per connection, and no
 * other query may run on it until the cursor is closed. The arena's reset
 * closes a cursor left open. */
struct cxm_cursor;
enum cxm_err cxm_db_cursor(struct cxm_db *db, struct cxm_arena *a, const char *sql,
                           const struct cxm_param *params, size_t nparams,
                           struct cxm_cursor **out);
/* 1 when a row is available, 0 at the end, -1 on error. */
int cxm_cursor_next(struct cxm_cursor *c);
/* Column of the current row: NULL for SQL NULL. Valid until the next call. */
const char *cxm_cursor_get(struct cxm_cursor *c, size_t col, size_t *len);
size_t cxm_cursor_ncols(const struct cxm_cursor *c);
void cxm_cursor_close(struct cxm_cursor *c);

enum cxm_err cxm_db_begin(struct cxm_db *db);
/* 1 while a transaction begun with cxm_db_begin is open. */
int cxm_db_in_transaction(const struct cxm_db *db);
enum cxm_err cxm_db_commit(struct cxm_db *db);
void cxm_db_rollback(struct cxm_db *db);

/* Runs a script of several statements separated by ';' (migrations only;
 * never request data). On failure returns CXM_ERR_DB and the 1-based line
 * where the failing statement starts. */
enum cxm_err cxm_db_run_script(struct cxm_db *db, const char *text, size_t len, int *fail_line);

#endif
