/* The whole serving path: HTTP client -> nginx
 * (built from the project's nginx/ templates) -> cxm-fcgi supervisor and workers -> MariaDB. Covers the
 * pages, error statuses, the prefix mount, security headers, and the
 * supervisor's handling of a crashed worker, a reload and a shutdown.
 * With CXM_TEST_VALGRIND=1 the workers run under valgrind and the suite
 * fails on any memory error or leak. */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "web.h"

static struct th_stack stack;

static const char csp[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	"base-uri 'none'";

static void get(int port, const char *path, const char *headers, struct th_response *r)
{
	ck_assert_msg(th_http(port, "GET", path, headers, NULL, 0, r) == 0, "GET %s: no response", path);
}

static void post(int port, const char *path, const char *headers, const char *body,
                 struct th_response *r)
{
	ck_assert_msg(th_http(port, "POST", path, headers, body, strlen(body), r) == 0,
	              "POST %s: no response", path);
}

static void assert_body_has(const struct th_response *r, const char *needle)
{
	ck_assert_msg(strstr(r->body, needle) != NULL, "body lacks \"%s\":\n%s", needle, r->body);
}

static void assert_length_matches(const struct th_response *r)
{
	char *v = th_header(r, "Content-Length");
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(strtoul(v, NULL, 10), r->body_len);
	free(v);
}

START_TEST(home_in_russian_by_default)
{
	struct th_response r;
	get(stack.port, "/", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	tw_assert_header(&r, "Content-Type", "text/html; charset=utf-8");
	assert_length_matches(&r);
	assert_body_has(&r, "<html lang=\"ru\">");
	assert_body_has(&r, "<h1>Клиентский опыт: измеряем и действуем</h1>");
	assert_body_has(&r, "<title>Управление клиентским опытом · CXM</title>");
	assert_body_has(&r, "href=\"/static/css/cxm.css?v=");
	assert_body_has(&r, "<a href=\"/\" aria-current=\"page\">Главная</a>");
	assert_body_has(&r, "<form class=\"lang-form\" method=\"post\" action=\"/language\">");
	th_response_free(&r);
}
END_TEST

START_TEST(home_in_english_by_accept_language)
{
	struct th_response r;
	get(stack.port, "/", "Accept-Language: en-US,en;q=0.9,ru;q=0.5\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	assert_body_has(&r, "<html lang=\"en\">");
	assert_body_has(&r, "<h1>Customer experience, measured and acted on</h1>");
	assert_body_has(&r, "<option value=\"en\" selected>English</option>");
	th_response_free(&r);
}
END_TEST

START_TEST(security_headers_everywhere)
{
	const char *paths[] = {"/", "/no-such-page", "/?q=%zz"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct th_response r;
		get(stack.port, paths[i], NULL, &r);
		tw_assert_header(&r, "Content-Security-Policy", csp);
		tw_assert_header(&r, "X-Content-Type-Options", "nosniff");
		tw_assert_header(&r, "X-Frame-Options", "DENY");
		tw_assert_header(&r, "Referrer-Policy", "same-origin");
		tw_assert_header(&r, "Cache-Control", "no-store");
		th_response_free(&r);
	}
}
END_TEST

START_TEST(static_files_from_nginx)
{
	struct th_response r;
	get(stack.port, "/static/css/cxm.css", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	char path[4096];
	snprintf(path, sizeof(path), "%s/static/css/cxm.css", th_srcdir());
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(r.body_len, (size_t)st.st_size);
	tw_assert_header(&r, "Content-Type", "text/css");
	tw_assert_header(&r, "X-Content-Type-Options", "nosniff");
	th_response_free(&r);
}
END_TEST

START_TEST(not_found)
{
	struct th_response r;
	get(stack.port, "/no-such-page/12?x=1", "Accept-Language: en\r\n", &r);
	ck_assert_int_eq(r.status, 404);
	tw_assert_header(&r, "Content-Type", "text/html; charset=utf-8");
	assert_length_matches(&r);
	assert_body_has(&r, "<p class=\"error-status\">404</p>");
	assert_body_has(&r, "<h1 id=\"error-title\">Page not found</h1>");
	assert_body_has(&r, "<header class=\"site-header\">");  /* inside the layout */
	th_response_free(&r);
	get(stack.port, "/no-such-page/12", NULL, &r);
	assert_body_has(&r, "<h1 id=\"error-title\">Страница не найдена</h1>");
	th_response_free(&r);
}
END_TEST

START_TEST(method_not_allowed)
{
	struct th_response r;
	ck_assert_int_eq(th_http(stack.port, "DELETE", "/", NULL, NULL, 0, &r), 0);
	ck_assert_int_eq(r.status, 405);
	tw_assert_header(&r, "Allow", "GET, HEAD");
	assert_body_has(&r, "<p class=\"error-status\">405</p>");
	th_response_free(&r);
	ck_assert_int_eq(th_http(stack.port, "GET", "/language", NULL, NULL, 0, &r), 0);
	ck_assert_int_eq(r.status, 405);
	tw_assert_header(&r, "Allow", "POST");
	th_response_free(&r);
}
END_TEST

START_TEST(head_has_no_body)
{
	struct th_response get_r, head_r;
	get(stack.port, "/", NULL, &get_r);
	ck_assert_int_eq(th_http(stack.port, "HEAD", "/", NULL, NULL, 0, &head_r), 0);
	ck_assert_int_eq(head_r.status, 200);
	ck_assert_uint_eq(head_r.body_len, 0);
	char *len = th_header(&head_r, "Content-Length");
	ck_assert_ptr_nonnull(len);
	ck_assert_uint_eq(strtoul(len, NULL, 10), get_r.body_len);
	free(len);
	th_response_free(&get_r);
	th_response_free(&head_r);
}
END_TEST

START_TEST(bad_requests_say_why)
{
	struct th_response r;
	get(stack.port, "/?q=%zz", "Accept-Language: en\r\n", &r);
	ck_assert_int_eq(r.status, 400);
	assert_body_has(&r, "<h1 id=\"error-title\">Bad request</h1>");
	assert_body_has(&r, "<p class=\"error-detail\">Field “q”: A percent-escape in the request is malformed</p>");
	th_response_free(&r);
	get(stack.port, "/?name=%C0%80", "Accept-Language: en\r\n", &r);  /* overlong NUL */
	ck_assert_int_eq(r.status, 400);
	assert_body_has(&r, "Field “name”: The request contains text that is not valid UTF-8");
	th_response_free(&r);
	get(stack.port, "/?q=%zz", NULL, &r);
	assert_body_has(&r, "<p class=\"error-detail\">Поле «q»: В запросе неправильная %-последовательность</p>");
	th_response_free(&r);
}
END_TEST

/* Every POST needs the CSRF token: visitors without a session repeat the
 * value of their cxm_csrf cookie in the "csrf" field. */
#define CSRF "Zm9ybS10b2tlbi1mb3ItdGhlLWh0dHAtdGVzdHMtLS0"
#define CSRF_COOKIE "Cookie: cxm_csrf=" CSRF "\r\n"
static const char form_type[] = "Content-Type: application/x-www-form-urlencoded\r\n" CSRF_COOKIE;
static const char form_type_en[] =
	"Content-Type: application/x-www-form-urlencoded\r\nAccept-Language: en\r\n" CSRF_COOKIE;

START_TEST(language_switch_sets_cookie)
{
	struct th_response r;
	post(stack.port, "/language", form_type, "lang=en&next=%2F&csrf=" CSRF, &r);
	ck_assert_int_eq(r.status, 303);
	tw_assert_header(&r, "Location", "/");
	tw_assert_header(&r, "Set-Cookie", "lang=en; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
	th_response_free(&r);
	/* the cookie wins over the browser's languages */
	get(stack.port, "/", "Cookie: lang=en\r\nAccept-Language: ru\r\n", &r);
	assert_body_has(&r, "<html lang=\"en\">");
	th_response_free(&r);
	get(stack.port, "/", "Cookie: other=1; lang=ru\r\nAccept-Language: en\r\n", &r);
	assert_body_has(&r, "<html lang=\"ru\">");
	th_response_free(&r);
}
END_TEST

START_TEST(language_switch_multipart)
{
	const char *body =
		"--XyZ\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nen\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"next\"\r\n\r\n/somewhere\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" CSRF "\r\n"
		"--XyZ--\r\n";
	struct th_response r;
	post(stack.port, "/language", "Content-Type: multipart/form-data; boundary=XyZ\r\n" CSRF_COOKIE, body, &r);
	ck_assert_int_eq(r.status, 303);
	tw_assert_header(&r, "Location", "/somewhere");
	th_response_free(&r);
	/* cut off before the closing boundary */
	const char *cut = "--XyZ\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nen";
	post(stack.port, "/language", "Content-Type: multipart/form-data; boundary=XyZ\r\nAccept-Language: en\r\n",
	     cut, &r);
	ck_assert_int_eq(r.status, 400);
	assert_body_has(&r, "Field “lang”: The multipart body is truncated");
	th_response_free(&r);
}
END_TEST

START_TEST(invalid_fields_are_400)
{
	struct th_response r;
	post(stack.port, "/language", form_type_en, "csrf=" CSRF "&lang=de", &r);
	ck_assert_int_eq(r.status, 400);
	assert_body_has(&r, "Field “lang”: Choose one of the offered values.");
	th_response_free(&r);
	post(stack.port, "/language", form_type_en, "csrf=" CSRF "&lang=en&next=%2F%2Fevil.example", &r);
	ck_assert_int_eq(r.status, 400);
	assert_body_has(&r, "Field “next”: Invalid return address.");
	th_response_free(&r);
	post(stack.port, "/language", form_type_en, "csrf=" CSRF "&next=%2F", &r);
	ck_assert_int_eq(r.status, 400);
	assert_body_has(&r, "Field “lang”: This field is required.");
	th_response_free(&r);
	post(stack.port, "/language", "Content-Type: text/plain\r\nAccept-Language: en\r\n", "lang=en", &r);
	ck_assert_int_eq(r.status, 400);
	assert_body_has(&r, "The request body has an unsupported content type");
	th_response_free(&r);
}
END_TEST

START_TEST(oversize_body_is_413)
{
	/* max_body is 64K in this stack; nginx lets up to 20m through */
	size_t n = 100 * 1024;
	char *body = malloc(n + 1);
	memset(body, 'a', n);
	static const char head[] = "csrf=" CSRF "&lang=";
	memcpy(body, head, sizeof(head) - 1);
	body[n] = '\0';
	struct th_response r;
	post(stack.port, "/language", "Content-Type: application/x-www-form-urlencoded\r\nAccept-Language: en\r\n",
	     body, &r);
	ck_assert_int_eq(r.status, 413);
	assert_body_has(&r, "<p class=\"error-status\">413</p>");
	assert_body_has(&r, "<h1 id=\"error-title\">Request too large</h1>");
	th_response_free(&r);
	/* just under the limit is read and parsed (and rejected as a field) */
	body[64 * 1024 - 1] = '\0';
	post(stack.port, "/language", form_type_en, body, &r);
	ck_assert_int_eq(r.status, 400);
	assert_body_has(&r, "Field “lang”: Choose one of the offered values.");
	th_response_free(&r);
	free(body);
}
END_TEST

START_TEST(prefix_mount)
{
	struct th_response r;
	get(stack.prefix_port, "/", NULL, &r);
	ck_assert_str_eq(r.body, "another site\n");  /* the host server's own page */
	th_response_free(&r);
	get(stack.prefix_port, "/cx", NULL, &r);
	ck_assert_int_eq(r.status, 301);
	char *loc = th_header(&r, "Location");
	ck_assert_ptr_nonnull(strstr(loc, "/cx/"));
	free(loc);
	th_response_free(&r);
	get(stack.prefix_port, "/cx/", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	assert_body_has(&r, "href=\"/cx/static/css/cxm.css?v=");
	assert_body_has(&r, "<a href=\"/cx/\" aria-current=\"page\">Главная</a>");
	assert_body_has(&r, "action=\"/cx/language\"");
	assert_body_has(&r, "<a class=\"brand\" href=\"/cx/\">");
	th_response_free(&r);
	get(stack.prefix_port, "/cx/static/css/cxm.css", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	th_response_free(&r);
	get(stack.prefix_port, "/cx/missing", NULL, &r);
	ck_assert_int_eq(r.status, 404);
	assert_body_has(&r, "<a class=\"button\" href=\"/cx/\">");
	th_response_free(&r);
	post(stack.prefix_port, "/cx/language", form_type, "lang=en&next=%2F&csrf=" CSRF, &r);
	ck_assert_int_eq(r.status, 303);
	tw_assert_header(&r, "Location", "/cx/");
	tw_assert_header(&r, "Set-Cookie", "lang=en; Path=/cx/; Max-Age=31536000; SameSite=Lax; HttpOnly");
	th_response_free(&r);
}
END_TEST

START_TEST(health_check)
{
	struct th_response r;
	get(stack.port, "/healthz", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	tw_assert_header(&r, "Content-Type", "application/json");
	ck_assert_str_eq(r.body, "{\"status\":\"ok\",\"db\":\"up\"}\n");
	th_response_free(&r);
}
END_TEST

START_TEST(request_id_logged)
{
	struct th_response r;
	get(stack.port, "/?trace=me", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	th_response_free(&r);
	ck_assert(th_log_wait(&stack, " GET /?trace=me 200 ", 1, 5000));
	/* the access line carries nginx's $request_id: 32 hex digits */
	FILE *f = fopen(stack.log, "r");
	char line[1024];
	int found = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char *hit = strstr(line, " GET /?trace=me 200 ");
		char *req = strstr(line, "info req=");
		if (!hit || !req)
			continue;
		req += 9;
		ck_assert_int_eq(hit - req, 32);
		ck_assert_uint_eq(strspn(req, "0123456789abcdef"), 32);
		found = 1;
	}
	if (f)
		fclose(f);
	ck_assert(found);
}
END_TEST

static int all_ok(int port, int n)
{
	int ok = 0;
	for (int i = 0; i < n; i++) {
		struct th_response r;
		if (th_http(port, "GET", "/", NULL, NULL, 0, &r) == 0 && r.status == 200)
			ok++;
		th_response_free(&r);
	}
	return ok;
}

START_TEST(crashed_worker_is_replaced)
{
	if (stack.valgrind)
		return;  /* a killed process is a valgrind error by definition */
	pid_t before[8];
	ck_assert_int_eq(th_stack_workers(&stack, before, 8), 2);
	int crashes = th_log_count(&stack, "killed by signal 11 (Segmentation fault); starting a replacement");
	ck_assert_int_eq(kill(before[0], SIGSEGV), 0);
	ck_assert(th_log_wait(&stack, "killed by signal 11 (Segmentation fault); starting a replacement",
	                      crashes + 1, 10000));
	pid_t after[8];
	int n = 0;
	for (int tries = 0; tries < 200; tries++) {
		n = th_stack_workers(&stack, after, 8);
		if (n == 2 && after[0] != before[0] && after[1] != before[0])
			break;
		usleep(20000);
	}
	ck_assert_int_eq(n, 2);
	ck_assert(after[0] != before[0] && after[1] != before[0]);
	ck_assert_int_eq(all_ok(stack.port, 20), 20);
}
END_TEST

START_TEST(reload_keeps_serving)
{
	pid_t before[8];
	ck_assert_int_eq(th_stack_workers(&stack, before, 8), 2);
	int reloads = th_log_count(&stack, "reloaded; 2 workers of the previous generation are finishing");
	ck_assert_int_eq(kill(stack.fcgi_pid, SIGHUP), 0);
	/* requests during the reload are all answered */
	int ok = all_ok(stack.port, 30);
	ck_assert(th_log_wait(&stack, "reloaded; 2 workers of the previous generation are finishing",
	                      reloads + 1, 30000));
	ck_assert(th_log_wait(&stack, "of the previous generation exited with status 0", 2 * (reloads + 1),
	                      30000));
	pid_t after[8];
	ck_assert_int_eq(th_stack_workers(&stack, after, 8), 2);
	for (int i = 0; i < 2; i++)
		ck_assert(after[i] != before[0] && after[i] != before[1]);
	ok += all_ok(stack.port, 10);
	ck_assert_int_eq(ok, 40);
}
END_TEST

START_TEST(database_down_is_503_but_pages_work)
{
	struct th_stack down;
	struct th_stack_opts o = {.workers = 1, .dsn = "mysql://root@localhost/x?socket=/nonexistent/mysqld.sock"};
	th_stack_start(&down, &o);
	struct th_response r;
	get(down.port, "/healthz", NULL, &r);
	ck_assert_int_eq(r.status, 503);
	ck_assert_str_eq(r.body, "{\"status\":\"unavailable\",\"db\":\"down\"}\n");
	th_response_free(&r);
	get(down.port, "/", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	th_response_free(&r);
	ck_assert_int_eq(th_stack_stop(&down), 0);
}
END_TEST

START_TEST(shutdown_is_clean)
{
	struct th_stack s;
	struct th_stack_opts o = {.workers = 3};
	th_stack_start(&s, &o);
	ck_assert_int_eq(all_ok(s.port, 5), 5);
	char *sock = strdup(s.socket);
	ck_assert_int_eq(th_stack_stop(&s), 0);
	ck_assert_int_eq(access(sock, F_OK), -1);  /* the socket file is removed */
	ck_assert(th_log_wait(&s, "stopping: waiting up to", 1, 1000));
	ck_assert(th_log_wait(&s, "stopped", 1, 1000));
	free(sock);
}
END_TEST

/* A FastCGI record (version 1, request id 1) appended to buf at *len. */
static void fcgi_record(unsigned char *buf, size_t *len, int type, const void *data, size_t n)
{
	unsigned char *h = buf + *len;
	h[0] = 1;
	h[1] = (unsigned char)type;
	h[2] = 0;
	h[3] = 1;
	h[4] = (unsigned char)(n >> 8);
	h[5] = (unsigned char)(n & 0xff);
	h[6] = 0;
	h[7] = 0;
	memcpy(h + 8, data, n);
	*len += 8 + n;
}

/* One FastCGI name-value pair with short lengths. */
static size_t fcgi_pair(unsigned char *out, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	out[0] = (unsigned char)nl;
	out[1] = (unsigned char)vl;
	memcpy(out + 2, name, nl);
	memcpy(out + 2 + nl, value, vl);
	return 2 + nl + vl;
}

/* SIGTERM while a worker is in the middle of a request: the request is
 * finished and answered, then the supervisor exits 0. The test talks
 * FastCGI to the socket itself so the request can be held open half-way:
 * the worker has the headers but waits for the body. */
START_TEST(shutdown_drains_a_request_in_progress)
{
	if (stack.valgrind)
		return;
	struct th_stack s;
	struct th_stack_opts o = {.workers = 1};
	th_stack_start(&s, &o);

	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", s.socket);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);

	unsigned char out[2048], params[1024];
	size_t len = 0, pl = 0;
	static const unsigned char begin[8] = {0, 1, 0, 0, 0, 0, 0, 0};  /* responder, close */
	fcgi_record(out, &len, 1, begin, sizeof(begin));
	pl += fcgi_pair(params + pl, "REQUEST_METHOD", "POST");
	pl += fcgi_pair(params + pl, "REQUEST_URI", "/language");
	pl += fcgi_pair(params + pl, "DOCUMENT_URI", "/language");
	pl += fcgi_pair(params + pl, "QUERY_STRING", "");
	pl += fcgi_pair(params + pl, "CONTENT_TYPE", "application/x-www-form-urlencoded");
	pl += fcgi_pair(params + pl, "CONTENT_LENGTH", "56");
	pl += fcgi_pair(params + pl, "HTTP_COOKIE", "cxm_csrf=" CSRF);
	fcgi_record(out, &len, 4, params, pl);
	fcgi_record(out, &len, 4, "", 0);
	ck_assert_int_eq(write(fd, out, len), (ssize_t)len);

	usleep(300000);  /* the worker has accepted and waits for the body */
	ck_assert_int_eq(kill(s.fcgi_pid, SIGTERM), 0);
	ck_assert(th_log_wait(&s, "stopping: waiting up to 10s for 1 workers to finish", 1, 5000));
	usleep(300000);
	ck_assert_int_eq(kill(s.fcgi_pid, 0), 0);  /* still draining */

	len = 0;
	fcgi_record(out, &len, 5, "lang=en&csrf=" CSRF, 56);
	fcgi_record(out, &len, 5, "", 0);
	ck_assert_int_eq(write(fd, out, len), (ssize_t)len);

	/* Collect the STDOUT records until END_REQUEST. */
	char reply[8192];
	size_t rl = 0;
	int ended = 0;
	unsigned char h[8];
	while (!ended && read(fd, h, 8) == 8) {
		size_t n = ((size_t)h[4] << 8) | h[5], pad = h[6];
		unsigned char body[65536 + 256];
		size_t got = 0;
		while (got < n + pad) {
			ssize_t r = read(fd, body + got, n + pad - got);
			ck_assert_int_gt(r, 0);
			got += (size_t)r;
		}
		if (h[1] == 6 && rl + n < sizeof(reply)) {
			memcpy(reply + rl, body, n);
			rl += n;
		}
		if (h[1] == 3)
			ended = 1;
	}
	close(fd);
	reply[rl] = 0;
	ck_assert_msg(ended, "no END_REQUEST record; got:\n%s", reply);
	ck_assert_msg(strncmp(reply, "Status: 303 See Other\r\n", 23) == 0, "reply:\n%s", reply);
	ck_assert_msg(strstr(reply, "Set-Cookie: lang=en;") != NULL, "reply:\n%s", reply);

	ck_assert(th_log_wait(&s, "stopped", 1, 10000));
	ck_assert_int_eq(th_stack_stop(&s), 0);
}
END_TEST

/* ---- kept-alive FastCGI connections ------------------------------------- */

/* A connection to a stack's FastCGI socket, with a 5 s receive timeout so a
 * request nobody serves fails the test instead of hanging it. */
static int fcgi_connect(const struct th_stack *s)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", s->socket);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	struct timeval tv = {.tv_sec = 5};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Sends GET path as one FastCGI request; keep asks the application to keep
 * the connection open afterwards (FCGI_KEEP_CONN). */
static void fcgi_send_get(int fd, const char *path, int keep)
{
	unsigned char out[2048], params[1024];
	size_t len = 0, pl = 0;
	const unsigned char begin[8] = {0, 1, keep ? 1 : 0, 0, 0, 0, 0, 0};
	fcgi_record(out, &len, 1, begin, sizeof(begin));
	pl += fcgi_pair(params + pl, "REQUEST_METHOD", "GET");
	pl += fcgi_pair(params + pl, "REQUEST_URI", path);
	pl += fcgi_pair(params + pl, "DOCUMENT_URI", path);
	pl += fcgi_pair(params + pl, "QUERY_STRING", "");
	fcgi_record(out, &len, 4, params, pl);
	fcgi_record(out, &len, 4, "", 0);
	fcgi_record(out, &len, 5, "", 0);
	ck_assert_int_eq(write(fd, out, len), (ssize_t)len);
}

/* Reads records until END_REQUEST and returns the STDOUT bytes (static
 * buffer); NULL when the connection ended or timed out first. */
static const char *fcgi_read_reply(int fd)
{
	static char reply[65536];
	size_t rl = 0;
	unsigned char h[8];
	for (;;) {
		size_t got = 0;
		while (got < 8) {
			ssize_t r = read(fd, h + got, 8 - got);
			if (r <= 0)
				return NULL;
			got += (size_t)r;
		}
		size_t n = ((size_t)h[4] << 8) | h[5], pad = h[6];
		unsigned char body[65536 + 256];
		got = 0;
		while (got < n + pad) {
			ssize_t r = read(fd, body + got, n + pad - got);
			if (r <= 0)
				return NULL;
			got += (size_t)r;
		}
		if (h[1] == 6 && rl + n < sizeof(reply)) {
			memcpy(reply + rl, body, n);
			rl += n;
		}
		if (h[1] == 3) {
			reply[rl] = 0;
			return reply;
		}
	}
}

static void assert_healthy_reply(const char *reply, const char *what)
{
	ck_assert_msg(reply != NULL, "%s: no complete reply", what);
	ck_assert_msg(strncmp(reply, "Status: 200 OK\r\n", 16) == 0, "%s: reply:\n%s", what, reply);
	ck_assert_msg(strstr(reply, "\r\n\r\n{\"status\":\"ok\",\"db\":\"up\"}\n") != NULL, "%s: reply:\n%s",
	              what, reply);
}

/* One worker holds several kept connections and serves whichever has a
 * request: requests sent in turn on three connections are all answered,
 * and each connection stays open for the next one. (A worker pinned to its
 * first connection would never answer on the second.) */
START_TEST(kept_connections_are_shared_by_a_worker)
{
	if (stack.valgrind)
		return;
	struct th_stack s;
	struct th_stack_opts o = {.workers = 1, .extra_conf = "worker_connections = 4\n"};
	th_stack_start(&s, &o);
	int fds[3];
	for (int i = 0; i < 3; i++)
		fds[i] = fcgi_connect(&s);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 3; i++) {
			char what[64];
			snprintf(what, sizeof(what), "round %d, connection %d", round, i);
			fcgi_send_get(fds[i], "/healthz", 1);
			assert_healthy_reply(fcgi_read_reply(fds[i]), what);
		}
	}
	/* without FCGI_KEEP_CONN the worker closes the connection after the reply */
	fcgi_send_get(fds[0], "/healthz", 0);
	assert_healthy_reply(fcgi_read_reply(fds[0]), "last request");
	char c;
	ck_assert_int_eq(read(fds[0], &c, 1), 0);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	ck_assert_int_eq(th_stack_stop(&s), 0);
	ck_assert_int_eq(th_log_count(&s, "worker stopping: served 10 requests on 3 connections"), 1);
}
END_TEST

/* A worker keeps at most worker_connections connections: a third one waits
 * (it is not accepted, so not answered) until one of the two is closed. */
START_TEST(connection_limit_per_worker)
{
	if (stack.valgrind)
		return;
	struct th_stack s;
	struct th_stack_opts o = {.workers = 1, .extra_conf = "worker_connections = 2\n"};
	th_stack_start(&s, &o);
	int a = fcgi_connect(&s), b = fcgi_connect(&s);
	fcgi_send_get(a, "/healthz", 1);
	assert_healthy_reply(fcgi_read_reply(a), "first connection");
	fcgi_send_get(b, "/healthz", 1);
	assert_healthy_reply(fcgi_read_reply(b), "second connection");
	int c = fcgi_connect(&s);
	struct timeval tv = {.tv_usec = 500000};
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	fcgi_send_get(c, "/healthz", 1);
	ck_assert_ptr_null(fcgi_read_reply(c));   /* nobody accepted it */
	close(a);
	tv.tv_sec = 5;
	tv.tv_usec = 0;
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_healthy_reply(fcgi_read_reply(c), "third connection, after the first closed");
	close(b);
	close(c);
	ck_assert_int_eq(th_stack_stop(&s), 0);
	ck_assert_int_eq(th_log_count(&s, "worker stopping: served 3 requests on 3 connections"), 1);
}
END_TEST

/* nginx keeps its connections to the workers: sequential requests through
 * nginx (one nginx worker process) all travel on one FastCGI connection. */
START_TEST(nginx_reuses_connections)
{
	if (stack.valgrind)
		return;
	struct th_stack s;
	struct th_stack_opts o = {.workers = 1};
	th_stack_start(&s, &o);
	ck_assert_int_eq(all_ok(s.port, 25), 25);
	ck_assert_int_eq(th_stack_stop(&s), 0);
	ck_assert_int_eq(th_log_count(&s, " requests on 1 connections"), 1);
	ck_assert_int_eq(th_log_count(&s, "worker stopping: served "), 1);
}
END_TEST

static void start_stack(void)
{
	struct th_stack_opts o = {.workers = 2, .extra_conf = "max_body = 64K\n"};
	th_stack_start(&stack, &o);
}

static Suite *http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *pages = tcase_create("pages");
	tcase_set_timeout(pages, 300);
	tcase_add_test(pages, home_in_russian_by_default);
	tcase_add_test(pages, home_in_english_by_accept_language);
	tcase_add_test(pages, security_headers_everywhere);
	tcase_add_test(pages, static_files_from_nginx);
	tcase_add_test(pages, not_found);
	tcase_add_test(pages, method_not_allowed);
	tcase_add_test(pages, head_has_no_body);
	tcase_add_test(pages, bad_requests_say_why);
	tcase_add_test(pages, language_switch_sets_cookie);
	tcase_add_test(pages, language_switch_multipart);
	tcase_add_test(pages, invalid_fields_are_400);
	tcase_add_test(pages, oversize_body_is_413);
	tcase_add_test(pages, prefix_mount);
	tcase_add_test(pages, health_check);
	tcase_add_test(pages, request_id_logged);
	suite_add_tcase(s, pages);
	TCase *procs = tcase_create("processes");
	tcase_set_timeout(procs, 600);
	tcase_add_test(procs, crashed_worker_is_replaced);
	tcase_add_test(procs, reload_keeps_serving);
	tcase_add_test(procs, database_down_is_503_but_pages_work);
	tcase_add_test(procs, shutdown_is_clean);
	tcase_add_test(procs, shutdown_drains_a_request_in_progress);
	tcase_add_test(procs, kept_connections_are_shared_by_a_worker);
	tcase_add_test(procs, connection_limit_per_worker);
	tcase_add_test(procs, nginx_reuses_connections);
	suite_add_tcase(s, procs);
	return s;
}

int main(void)
{
	th_mysql_socket();
	start_stack();
	SRunner *sr = srunner_create(http_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	int rc = th_stack_stop(&stack);
	if (rc != 0) {
		fprintf(stderr, "cxm-fcgi exited with status %d at shutdown (log: %s)\n", rc, stack.log);
		failed++;
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
