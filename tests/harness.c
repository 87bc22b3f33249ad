/* Test harness: MariaDB, the serving stack and an HTTP client; see harness.h. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <mysql.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "harness.h"
#include "migrate.h"

/* ---- small utilities ---- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "harness: %s\n", msg);
	fflush(stderr);
	/* inside a forked test this fails the test; outside it ends the suite */
	ck_abort_msg("harness: %s", msg);
	exit(1);
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	return s;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		die("cannot write %s: %s", path, strerror(errno));
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

const char *th_srcdir(void)
{
	const char *d = getenv("CXM_SRCDIR");
	if (!d)
		die("CXM_SRCDIR is not set (run through make check)");
	return d;
}

const char *th_builddir(void)
{
	const char *d = getenv("CXM_BUILDDIR");
	if (!d)
		die("CXM_BUILDDIR is not set (run through make check)");
	return d;
}

/* Everything created here, each with the process that created it: only
 * that process removes it at exit (tests run in forked children, which must
 * not tear down what the parent started). */
struct owned {
	char *what;
	pid_t owner;
};
static struct owned tmpdirs[64];
static size_t ntmpdirs;
static struct owned databases[256];
static size_t ndatabases;
static int keep_tmp;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void rm_rf(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup_at_exit(void);

static void register_cleanup(void)
{
	static pid_t registered_in;
	if (registered_in == getpid())
		return;
	registered_in = getpid();
	atexit(cleanup_at_exit);
}

char *th_tmpdir(const char *tag)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/cxm-%s-XXXXXX", base && *base ? base : "/tmp", tag);
	if (!mkdtemp(tmpl))
		die("mkdtemp %s: %s", tmpl, strerror(errno));
	register_cleanup();
	if (ntmpdirs < sizeof(tmpdirs) / sizeof(tmpdirs[0]))
		tmpdirs[ntmpdirs++] = (struct owned){strdup(tmpl), getpid()};
	return tmpl;
}

char *th_plugin_dir(const char *name, ...)
{
	char *dir = th_tmpdir("plugins");
	va_list ap;
	va_start(ap, name);
	for (; name; name = va_arg(ap, const char *)) {
		const char *module = va_arg(ap, const char *);
		char *from = xasprintf("%s/%s", th_builddir(), module);
		char *to = xasprintf("%s/%s", dir, name);
		if (symlink(from, to) != 0)
			die("symlink %s -> %s: %s", to, from, strerror(errno));
		free(from);
		free(to);
	}
	va_end(ap);
	return dir;
}

/* ---- MariaDB ---- */

static char *mysql_socket;
static pid_t mysql_pid;
static pid_t mysql_owner;
static char *mysql_dir;

static MYSQL *root_connect(void)
{
	MYSQL *my = mysql_init(NULL);
	unsigned timeout = 5;
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (!mysql_real_connect(my, "localhost", "root", NULL, NULL, 0, th_mysql_socket(), 0)) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", mysql_error(my));
		mysql_close(my);
		die("cannot connect to MariaDB as root at %s: %s", th_mysql_socket(), msg);
	}
	return my;
}

static int mysql_answers(const char *sock)
{
	MYSQL *my = mysql_init(NULL);
	unsigned timeout = 1;
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	int ok = mysql_real_connect(my, "localhost", "root", NULL, NULL, 0, sock, 0) != NULL;
	mysql_close(my);
	return ok;
}

static void start_private_mysql(void)
{
	mysql_dir = th_tmpdir("mysql");
	char *data = xasprintf("%s/data", mysql_dir);
	char *log = xasprintf("%s/install.log", mysql_dir);
	const char *user = geteuid() == 0 ? "--user=root" : "";
	char *cmd = xasprintf("mariadb-install-db --no-defaults --datadir=%s %s "
	                      "--auth-root-authentication-method=normal --skip-test-db >%s 2>&1",
	                      data, user, log);
	if (system(cmd) != 0)
		die("mariadb-install-db failed; see %s", log);
	free(cmd);
	mysql_socket = xasprintf("%s/mysqld.sock", mysql_dir);
	char *pidf = xasprintf("%s/mysqld.pid", mysql_dir);
	char *err = xasprintf("%s/mysqld.err", mysql_dir);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		char *args[] = {"mariadbd", "--no-defaults", xasprintf("--datadir=%s", data),
		                xasprintf("--socket=%s", mysql_socket), "--skip-networking",
		                xasprintf("--pid-file=%s", pidf), xasprintf("--log-error=%s", err),
		                "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=2",
		                "--skip-log-bin", geteuid() == 0 ? "--user=root" : NULL, NULL};
		execvp("mariadbd", args);
		_exit(127);
	}
	mysql_pid = pid;
	mysql_owner = getpid();
	long deadline = now_ms() + 30000;
	while (!mysql_answers(mysql_socket)) {
		if (now_ms() > deadline || waitpid(pid, NULL, WNOHANG) == pid)
			die("private MariaDB did not start; see %s", err);
		sleep_ms(100);
	}
	free(data);
	free(log);
	free(pidf);
	free(err);
}

const char *th_mysql_socket(void)
{
	if (mysql_socket)
		return mysql_socket;
	const char *env = getenv("CXM_TEST_MYSQL_SOCKET");
	if (env && *env) {
		mysql_socket = strdup(env);
		return mysql_socket;
	}
	register_cleanup();
	start_private_mysql();
	return mysql_socket;
}

char *th_db_create(const char *tag)
{
	static unsigned counter;
	char *name = xasprintf("cxmt_%s_%ld_%u", tag, (long)getpid(), ++counter);
	MYSQL *my = root_connect();
	/* The name is ours (tag, pid, counter), never outside input. */
	char *sql = xasprintf("CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
	                      name);
	if (mysql_query(my, sql) != 0)
		die("create database %s: %s", name, mysql_error(my));
	free(sql);
	mysql_close(my);
	register_cleanup();
	if (ndatabases < sizeof(databases) / sizeof(databases[0]))
		databases[ndatabases++] = (struct owned){strdup(name), getpid()};
	char *dsn = xasprintf("mysql://root@localhost/%s?socket=%s", name, th_mysql_socket());
	free(name);
	return dsn;
}

char *th_db_create_migrated(const char *tag)
{
	char *dsn = th_db_create(tag);
	struct cxm_db *db = th_db_connect(dsn);
	char *sql = xasprintf("%s/sql", th_srcdir());
	char err[1024];
	if (cxm_migrate(db, sql, NULL, NULL, err, sizeof(err)) != CXM_OK)
		die("migrations failed: %s", err);
	free(sql);
	cxm_db_close(db);
	return dsn;
}

struct cxm_db *th_db_connect(const char *dsn)
{
	struct cxm_db *db;
	char err[512];
	if (cxm_db_open(dsn, NULL, &db, err, sizeof(err)) != CXM_OK)
		die("%s", err);
	if (cxm_db_connect(db) != CXM_OK)
		die("connect %s: %s", dsn, cxm_db_error(db));
	return db;
}

int th_admin_sql(const char *sql)
{
	MYSQL *my = root_connect();
	int rc = mysql_query(my, sql);
	if (rc == 0) {
		MYSQL_RES *res = mysql_store_result(my);
		if (res)
			mysql_free_result(res);
	}
	mysql_close(my);
	return rc;
}

static void cleanup_at_exit(void)
{
	pid_t me = getpid();
	size_t mine = 0;
	for (size_t i = 0; i < ndatabases; i++)
		mine += databases[i].owner == me;
	if (mine && mysql_socket && mysql_answers(mysql_socket)) {
		MYSQL *my = root_connect();
		for (size_t i = 0; i < ndatabases; i++) {
			if (databases[i].owner != me)
				continue;
			char *sql = xasprintf("DROP DATABASE IF EXISTS `%s`", databases[i].what);
			mysql_query(my, sql);
			free(sql);
		}
		mysql_close(my);
	}
	if (mysql_pid > 0 && mysql_owner == me) {
		kill(mysql_pid, SIGTERM);
		waitpid(mysql_pid, NULL, 0);
		mysql_pid = 0;
	}
	if (!keep_tmp && !getenv("CXM_TEST_KEEP"))
		for (size_t i = 0; i < ntmpdirs; i++)
			if (tmpdirs[i].owner == me)
				rm_rf(tmpdirs[i].what);
}

/* ---- the serving stack ---- */

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(sa);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		die("cannot find a free port: %s", strerror(errno));
	close(fd);
	return ntohs(sa.sin_port);
}

static int port_answers(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static pid_t spawn(char *const argv[], const char *log)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		/* tests may block signals; the children must not inherit that */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static void render(const char *in, const char *out, const char *vars)
{
	char *cmd = xasprintf("sh %s/nginx/render.sh %s/nginx/%s %s %s", th_srcdir(), th_srcdir(), in,
	                      out, vars);
	if (system(cmd) != 0)
		die("render %s failed", in);
	free(cmd);
}

static void start_nginx(struct th_stack *s)
{
	char *prefix = xasprintf("%s/nginx", s->dir);
	char *conf = xasprintf("%s/conf", prefix);
	char *logs = xasprintf("%s/logs", prefix);
	char *tmp = xasprintf("%s/tmp", prefix);
	mkdir(prefix, 0755);
	mkdir(conf, 0755);
	mkdir(logs, 0755);
	mkdir(tmp, 0755);
	s->port = free_port();
	s->prefix_port = free_port();
	char *vars = xasprintf("UPSTREAM=cxm FCGI_PASS=unix:%s KEEPALIVE=8", s->socket);
	char *out = xasprintf("%s/cxm-upstream.conf", conf);
	render("cxm-upstream.conf.in", out, vars);
	free(vars);
	free(out);
	vars = xasprintf("LISTEN=127.0.0.1:%d SERVER_NAME=localhost BASE= STATIC_DIR=%s/static "
	                 "NGINX_DIR=%s UPSTREAM=cxm NGINX_MAX_BODY=20m 'ACCESS_LOG=%s/access.log cxm'",
	                 s->port, th_srcdir(), conf, logs);
	out = xasprintf("%s/cxm.conf", conf);
	render("cxm.conf.in", out, vars);
	free(vars);
	free(out);
	vars = xasprintf("BASE=/cx STATIC_DIR=%s/static NGINX_DIR=%s UPSTREAM=cxm NGINX_MAX_BODY=20m "
	                 "'ACCESS_LOG=%s/access.log cxm'",
	                 th_srcdir(), conf, logs);
	out = xasprintf("%s/cxm-location.conf", conf);
	render("cxm-location.conf.in", out, vars);
	free(vars);
	free(out);
	char *cmd = xasprintf("cp %s/nginx/cxm-fastcgi.conf %s/", th_srcdir(), conf);
	if (system(cmd) != 0)
		die("cannot copy cxm-fastcgi.conf");
	free(cmd);
	char *main_conf = xasprintf(
		"daemon off;\n"
		"worker_processes 1;\n"
		"pid %s/nginx.pid;\n"
		"error_log %s/error.log info;\n"
		"%s"
		"events { worker_connections 256; }\n"
		"http {\n"
		"  include /etc/nginx/mime.types;\n"
		"  default_type application/octet-stream;\n"
		"  access_log %s/access.log;\n"
		"  client_body_temp_path %s/body;\n"
		"  fastcgi_temp_path %s/fastcgi;\n"
		"  proxy_temp_path %s/proxy;\n"
		"  uwsgi_temp_path %s/uwsgi;\n"
		"  scgi_temp_path %s/scgi;\n"
		"  include %s/cxm-upstream.conf;\n"
		"  include %s/cxm.conf;\n"
		"  server {\n"
		"    listen 127.0.0.1:%d;\n"
		"    location = / { default_type text/plain; return 200 \"another site\\n\"; }\n"
		"    include %s/cxm-location.conf;\n"
		"  }\n"
		"}\n",
		prefix, logs, geteuid() == 0 ? "user root;\n" : "", logs, tmp, tmp, tmp, tmp, tmp, conf,
		conf, s->prefix_port, conf);
	char *main_path = xasprintf("%s/nginx.conf", conf);
	write_file(main_path, main_conf);
	char *errlog = xasprintf("%s/error.log", logs);
	char *stderr_log = xasprintf("%s/stderr.log", logs);
	char *argv[] = {"nginx", "-p", prefix, "-c", main_path, "-e", errlog, NULL};
	s->nginx_pid = spawn(argv, stderr_log);
	long deadline = now_ms() + 10000;
	while (!port_answers(s->port) || !port_answers(s->prefix_port)) {
		if (now_ms() > deadline || waitpid(s->nginx_pid, NULL, WNOHANG) == s->nginx_pid) {
			char *text = read_file(stderr_log);
			die("nginx did not start: %s", text ? text : "(no output)");
		}
		sleep_ms(20);
	}
	free(prefix);
	free(conf);
	free(logs);
	free(tmp);
	free(main_conf);
	free(main_path);
	free(errlog);
	free(stderr_log);
}

void th_stack_start(struct th_stack *s, const struct th_stack_opts *o)
{
	memset(s, 0, sizeof(*s));
	s->dir = th_tmpdir("stack");
	s->conf = xasprintf("%s/cxm.conf", s->dir);
	s->log = xasprintf("%s/cxm-fcgi.log", s->dir);
	s->socket = xasprintf("%s/fcgi.sock", s->dir);
	s->dsn = o && o->dsn ? strdup(o->dsn) : th_db_create_migrated("http");
	const char *vg = getenv("CXM_TEST_VALGRIND");
	s->valgrind = vg && strcmp(vg, "1") == 0;
	char *conf = xasprintf("listen = %s\n"
	                       "socket_mode = 0660\n"
	                       "workers = %d\n"
	                       "drain_timeout = %d\n"
	                       "pid_file = %s/cxm-fcgi.pid\n"
	                       "db_dsn = %s\n"
	                       "template_dir = %s/templates\n"
	                       "static_dir = %s/static\n"
	                       "locale_dir = %s/po\n"
	                       "sql_dir = %s/sql\n"
	                       "log_level = info\n"
	                       "%s\n",
	                       s->socket, o && o->workers ? o->workers : 2, s->valgrind ? 60 : 10, s->dir,
	                       s->dsn, th_srcdir(), th_srcdir(), th_builddir(), th_srcdir(),
	                       o && o->extra_conf ? o->extra_conf : "");
	write_file(s->conf, conf);
	free(conf);

	char *exe = xasprintf("%s/core/cxm-fcgi", th_builddir());
	if (s->valgrind) {
		char *vglog = xasprintf("--log-file=%s/valgrind.%%p.log", s->dir);
		char *argv[] = {"valgrind", "--quiet", "--leak-check=full",
		                "--show-leak-kinds=definite,indirect",
		                "--errors-for-leak-kinds=definite,indirect", "--track-fds=no",
		                vglog, exe, "-c", s->conf, NULL};
		s->fcgi_pid = spawn(argv, s->log);
		free(vglog);
	} else {
		char *argv[] = {exe, "-c", s->conf, NULL};
		s->fcgi_pid = spawn(argv, s->log);
	}
	free(exe);
	long deadline = now_ms() + (s->valgrind ? 120000 : 20000);
	pid_t workers[64];
	int want = o && o->workers ? o->workers : 2;
	while (access(s->socket, F_OK) != 0 || th_stack_workers(s, workers, 64) < want) {
		if (now_ms() > deadline || waitpid(s->fcgi_pid, NULL, WNOHANG) == s->fcgi_pid) {
			char *text = read_file(s->log);
			die("cxm-fcgi did not start: %s", text ? text : "(no log)");
		}
		sleep_ms(20);
	}
	start_nginx(s);
}

static int wait_exit(pid_t pid, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	int status;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -2;
		}
		sleep_ms(20);
	}
}

/* Returns the number of valgrind logs reporting errors (printing them). */
static int valgrind_failures(const struct th_stack *s)
{
	DIR *d = opendir(s->dir);
	if (!d)
		return 0;
	int bad = 0, seen = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "valgrind.", 9) != 0)
			continue;
		seen++;
		char *path = xasprintf("%s/%s", s->dir, e->d_name);
		char *text = read_file(path);
		/* --quiet: a clean run writes nothing at all */
		if (text && *text) {
			bad++;
			fprintf(stderr, "---- %s ----\n%s\n", path, text);
		}
		free(text);
		free(path);
	}
	closedir(d);
	if (seen == 0) {
		fprintf(stderr, "valgrind wrote no logs in %s\n", s->dir);
		bad++;
	}
	return bad;
}

int th_stack_stop(struct th_stack *s)
{
	if (s->nginx_pid > 0) {
		kill(s->nginx_pid, SIGTERM);
		wait_exit(s->nginx_pid, 10000);
		s->nginx_pid = 0;
	}
	int status = -1;
	if (s->fcgi_pid > 0) {
		kill(s->fcgi_pid, SIGTERM);
		status = wait_exit(s->fcgi_pid, s->valgrind ? 180000 : 30000);
		s->fcgi_pid = 0;
	}
	int rc = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	if (s->valgrind && valgrind_failures(s) > 0) {
		fprintf(stderr, "valgrind reported problems; logs kept in %s\n", s->dir);
		keep_tmp = 1;
		rc = 99;
	}
	return rc;
}

/* Children of the supervisor that are alive; jobs: the job processes
 * (named "cxm-jobs") instead of the FastCGI workers. */
static int children(const struct th_stack *s, pid_t *out, int max, int jobs)
{
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		char *text = read_file(path);
		if (!text)
			continue;
		/* "pid (comm) state ppid ..."; comm may hold spaces, so skip to ')' */
		char *close = strrchr(text, ')');
		char state;
		long ppid;
		char *open = strchr(text, '(');
		int is_job = open && close && close - open - 1 == 8 && strncmp(open + 1, "cxm-jobs", 8) == 0;
		if (close && sscanf(close + 1, " %c %ld", &state, &ppid) == 2 && ppid == s->fcgi_pid &&
		    state != 'Z' && is_job == jobs)
			out[n++] = (pid_t)pid;
		free(text);
	}
	closedir(d);
	return n;
}

int th_stack_workers(const struct th_stack *s, pid_t *out, int max)
{
	return children(s, out, max, 0);
}

int th_stack_jobs(const struct th_stack *s, pid_t *out, int max)
{
	return children(s, out, max, 1);
}

int th_log_count(const struct th_stack *s, const char *needle)
{
	char *text = read_file(s->log);
	int n = 0;
	for (char *p = text ? strstr(text, needle) : NULL; p; p = strstr(p + 1, needle))
		n++;
	free(text);
	return n;
}

int th_log_wait(const struct th_stack *s, const char *needle, int count, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	while (th_log_count(s, needle) < count) {
		if (now_ms() > deadline)
			return 0;
		sleep_ms(20);
	}
	return 1;
}

/* ---- HTTP client ---- */

int th_http(int port, const char *method, const char *path, const char *headers,
            const char *body, size_t body_len, struct th_response *r)
{
	memset(r, 0, sizeof(*r));
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = {60, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	char *clen = body ? xasprintf("Content-Length: %zu\r\n", body_len) : strdup("");
	char *req = xasprintf("%s %s HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n%s%s\r\n", method, path, port,
	                      headers ? headers : "", clen);
	free(clen);
	size_t len = strlen(req);
	int failed = 0;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, req + off, len - off);
		if (w <= 0) {
			failed = 1;
			break;
		}
		off += (size_t)w;
	}
	for (size_t off = 0; !failed && body && off < body_len;) {
		ssize_t w = write(fd, body + off, body_len - off);
		if (w <= 0)
			break;  /* the server may answer (413) before reading it all */
		off += (size_t)w;
	}
	free(req);
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n + 1 >= cap)
			buf = realloc(buf, cap *= 2);
		ssize_t got = read(fd, buf + n, cap - n - 1);
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	buf[n] = '\0';
	char *sep = strstr(buf, "\r\n\r\n");
	if (n < 12 || strncmp(buf, "HTTP/1.", 7) != 0 || !sep) {
		free(buf);
		return -1;
	}
	r->status = atoi(buf + 9);
	r->head = strndup(buf, (size_t)(sep - buf) + 2);
	r->body_len = n - (size_t)(sep + 4 - buf);
	r->body = malloc(r->body_len + 1);
	memcpy(r->body, sep + 4, r->body_len);
	r->body[r->body_len] = '\0';
	free(buf);
	return 0;
}

char *th_header(const struct th_response *r, const char *name)
{
	size_t n = strlen(name);
	for (const char *line = strstr(r->head, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
		const char *h = line + 2;
		if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
			const char *v = h + n + 1;
			while (*v == ' ')
				v++;
			return strndup(v, strcspn(v, "\r\n"));
		}
	}
	return NULL;
}

void th_response_free(struct th_response *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof(*r));
}
