/* Outgoing mail; see mail.h. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "mail.h"

const char *cxm_mail_url(struct cxm_req *req, const char *path)
{
	const char *pub = req->cfg->public_url;
	if (pub && *pub) {
		size_t n = strlen(pub);
		while (n > 0 && pub[n - 1] == '/')
			n--;
		return cxm_printf(req->arena, "%.*s%s", (int)n, pub, path);
	}
	const char *scheme = req->https ? "https" : "http";
	const char *host = req->server_name && *req->server_name ? req->server_name : "localhost";
	const char *port = req->server_port ? req->server_port : "";
	int default_port = !*port || (req->https ? strcmp(port, "443") == 0 : strcmp(port, "80") == 0);
	return cxm_printf(req->arena, "%s://%s%s%s%s%s", scheme, host, default_port ? "" : ":",
	                  default_port ? "" : port, req->base, path);
}

/* Runs "sendmail -t -i" with the message on its input. NULL on success,
 * otherwise the reason. */
static const char *deliver(const struct cxm_config *cfg, struct cxm_arena *arena, const char *to,
                           const char *subject, const char *body)
{
	int fds[2];
	if (pipe(fds) != 0)
		return strerror(errno);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return strerror(errno);
	}
	if (pid == 0) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		execl(cfg->sendmail, cfg->sendmail, "-t", "-i", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	FILE *f = fdopen(fds[1], "w");
	if (!f) {
		close(fds[1]);
		waitpid(pid, NULL, 0);
		return "fdopen failed";
	}
	/* Subject is UTF-8: send it as an RFC 2047 encoded word (base64). */
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	fprintf(f, "From: %s\nTo: %s\nSubject: =?UTF-8?B?", cfg->mail_from, to);
	const unsigned char *s = (const unsigned char *)subject;
	size_t n = strlen(subject);
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
		             (i + 2 < n ? s[i + 2] : 0);
		fputc(b64[v >> 18 & 63], f);
		fputc(b64[v >> 12 & 63], f);
		fputc(i + 1 < n ? b64[v >> 6 & 63] : '=', f);
		fputc(i + 2 < n ? b64[v & 63] : '=', f);
	}
	fprintf(f, "?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
	           "Content-Transfer-Encoding: 8bit\n\n%s\n", body);
	int werr = ferror(f);
	fclose(f);
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return strerror(errno);
	if (werr)
		return "writing to sendmail failed";
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return cxm_printf(arena, "%s exited with status %d", cfg->sendmail,
		                  WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return NULL;
}

enum cxm_err cxm_mail_send(struct cxm_req *req, long long business_id, const char *to,
                           const char *subject, const char *body)
{
	return cxm_mail_send_db(req->db, req->cfg, req->arena, business_id, to, subject, body);
}

enum cxm_err cxm_mail_send_db(struct cxm_db *db, const struct cxm_config *cfg, struct cxm_arena *arena,
                              long long business_id, const char *to, const char *subject,
                              const char *body)
{
	uint64_t id = 0;
	enum cxm_err rc = cxm_db_exec(
		db,
		"INSERT INTO outbox (business_id, recipient, subject, body, created_at)"
		" VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))",
		CXM_PARAMS(business_id ? CXM_PINT(business_id) : CXM_PNULL, CXM_PSTR(to),
		           CXM_PSTR(subject), CXM_PSTR(body)),
		NULL, &id);
	if (rc != CXM_OK) {
		cxm_error("outbox: cannot store a message to %s: %s", to, cxm_db_error(db));
		return rc;
	}
	if (cfg->log_mail)
		cxm_info("mail #%llu to %s: %s\n%s", (unsigned long long)id, to, subject, body);
	else
		cxm_info("mail #%llu to %s queued", (unsigned long long)id, to);
	if (cfg->sendmail && *cfg->sendmail) {
		const char *why = deliver(cfg, arena, to, subject, body);
		if (why)
			cxm_warn("mail #%llu to %s not delivered: %s", (unsigned long long)id, to, why);
		cxm_db_exec(db,
		            why ? "UPDATE outbox SET error = LEFT(?, 255) WHERE id = ?"
		                : "UPDATE outbox SET sent_at = UTC_TIMESTAMP(6), error = ? WHERE id = ?",
		            CXM_PARAMS(why ? CXM_PSTR(why) : CXM_PNULL, CXM_PINT(id)), NULL, NULL);
	}
	return CXM_OK;
}

const char *cxm_mail_public_url(const struct cxm_config *cfg, struct cxm_arena *arena, const char *path)
{
	const char *pub = cfg->public_url && *cfg->public_url ? cfg->public_url : "http://localhost";
	size_t n = strlen(pub);
	while (n > 0 && pub[n - 1] == '/')
		n--;
	return cxm_printf(arena, "%.*s%s", (int)n, pub, path);
}
