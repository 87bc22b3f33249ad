/* Test harness for the db and http suites: a real MariaDB (the one named by
 * CXM_TEST_MYSQL_SOCKET, or a private server started on first use), fresh
 * databases per suite, and the whole serving stack (cxm-fcgi + nginx) in a
 * temporary directory, plus a minimal HTTP client.
 *
 * Start things in the Check parent process (unchecked fixtures or main):
 * tests run in forked children, and everything here is torn down only by the
 * process that started it. Failures call ck_abort_msg (inside a test) or
 * print and exit (outside). */
#ifndef CXM_HARNESS_H
#define CXM_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

struct cxm_db;

/* Source and build trees (CXM_SRCDIR, CXM_BUILDDIR set by make check). */
const char *th_srcdir(void);
const char *th_builddir(void);
/* A new empty directory under $TMPDIR (malloc'd path), removed at exit. */
char *th_tmpdir(const char *tag);

/* A new plugin directory (malloc'd path, removed at exit) holding, for
 * each pair of arguments, a link called name to the module built at path
 * (relative to the build tree, e.g.
 * "tests/plugins/.libs/settings_probe.so"); the list ends with a NULL
 * name. For cxm_plugins_start, cxmctl's and the stack's plugin_dir. */
char *th_plugin_dir(const char *name, ...);

/* The MariaDB socket, starting a private server if none is given. */
const char *th_mysql_socket(void);
/* Creates a fresh, empty database and returns its DSN (malloc'd). The
 * database is dropped at exit. */
char *th_db_create(const char *tag);
/* The same, with the project's migrations (sql/) applied. */
char *th_db_create_migrated(const char *tag);
/* Connects to dsn now; aborts the test on failure. Close with cxm_db_close. */
struct cxm_db *th_db_connect(const char *dsn);
/* Runs one administrative statement as root (e.g. KILL); 0 on success. */
int th_admin_sql(const char *sql);

/* The serving stack. */
struct th_stack {
	char *dir;            /* everything lives here */
	char *conf;           /* cxm.conf */
	char *log;            /* cxm-fcgi's stderr */
	char *socket;         /* FastCGI socket */
	char *dsn;
	int port;             /* nginx: cxm.conf server, CXM at / */
	int prefix_port;      /* nginx: another site with CXM under /cx/ */
	pid_t fcgi_pid;       /* the supervisor */
	pid_t nginx_pid;
	int valgrind;         /* workers run under valgrind */
};

struct th_stack_opts {
	int workers;          /* default 2 */
	const char *dsn;      /* default: a fresh migrated database */
	const char *extra_conf;  /* more "key = value" lines for cxm.conf */
};

/* Starts cxm-fcgi and nginx and waits until both answer. With
 * CXM_TEST_VALGRIND=1 in the environment, cxm-fcgi runs under valgrind. */
void th_stack_start(struct th_stack *s, const struct th_stack_opts *o);
/* SIGTERM to both and waits; returns cxm-fcgi's exit status (0 expected).
 * Under valgrind, fails if any process reported errors or definite leaks. */
int th_stack_stop(struct th_stack *s);
/* The supervisor's current FastCGI worker pids; returns how many (at most
 * max). The job processes (named "cxm-jobs") are not counted. */
int th_stack_workers(const struct th_stack *s, pid_t *out, int max);
/* The supervisor's job processes (job_workers of them once started). */
int th_stack_jobs(const struct th_stack *s, pid_t *out, int max);
/* Waits until cxm-fcgi's log contains needle (count-th occurrence, from 1);
 * returns 1 if it appeared within timeout_ms. */
int th_log_wait(const struct th_stack *s, const char *needle, int count, int timeout_ms);
/* Number of occurrences of needle in cxm-fcgi's log so far. */
int th_log_count(const struct th_stack *s, const char *needle);

/* HTTP/1.0 over loopback; the whole response is read. */
struct th_response {
	int status;
	char *head;      /* status line and headers */
	char *body;
	size_t body_len;
};
/* Sends method path (with optional extra header lines "Name: v\r\n..." and a
 * body) to 127.0.0.1:port. Returns 0, or -1 if the connection failed. */
int th_http(int port, const char *method, const char *path, const char *headers,
            const char *body, size_t body_len, struct th_response *r);
/* Value of header name (case-insensitive), malloc'd, or NULL. */
char *th_header(const struct th_response *r, const char *name);
void th_response_free(struct th_response *r);

#endif
