/* Log lines: "2026-11-22T14:30:01Z cxm-fcgi[1234] info req=ab12: text".
 * Each line is built in one buffer and written with one write(2), so lines
 * of different worker processes sharing stderr never interleave. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

const char *const cxm_log_level_names[CXM_LOG_MAX] = {"error", "warn", "info", "debug"};
const char *const cxm_log_target_names[CXM_LOG_TARGET_MAX] = {"stderr", "syslog"};

static char log_ident[32] = "cxm";
static enum cxm_log_target log_target = CXM_LOG_STDERR;
static enum cxm_log_level log_level = CXM_LOG_INFO;
static char log_request[48];

void cxm_log_open(const char *ident, enum cxm_log_target target, enum cxm_log_level level)
{
	snprintf(log_ident, sizeof(log_ident), "%s", ident);
	log_target = target;
	log_level = level;
	if (target == CXM_LOG_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void cxm_log_set_level(enum cxm_log_level level)
{
	log_level = level;
}

int cxm_log_enabled(enum cxm_log_level level)
{
	return level <= log_level;
}

void cxm_log_set_request(const char *request_id)
{
	if (request_id)
		snprintf(log_request, sizeof(log_request), "%s", request_id);
	else
		log_request[0] = '\0';
}

static void vlog(enum cxm_log_level level, const char *fmt, va_list ap)
{
	char line[2048];
	size_t n = 0;
	if (log_target == CXM_LOG_STDERR) {
		struct timespec ts;
		struct tm tm;
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%SZ ", &tm);
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s[%ld] %s ",
		                      log_ident, (long)getpid(), cxm_log_level_names[level]);
	}
	if (log_request[0] && n < sizeof(line))
		n += (size_t)snprintf(line + n, sizeof(line) - n, "req=%s ", log_request);
	if (n < sizeof(line)) {
		int m = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
		if (m > 0)
			n += (size_t)m;
	}
	if (n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	/* One line per record: control characters from request data would
	 * otherwise let a client forge log lines. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
			line[i] = '?';
	if (log_target == CXM_LOG_SYSLOG) {
		static const int prio[CXM_LOG_MAX] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
		line[n] = '\0';
		syslog(prio[level], "%s", line);
		return;
	}
	line[n++] = '\n';
	ssize_t off = 0;
	while ((size_t)off < n) {
		ssize_t w = write(STDERR_FILENO, line + off, n - (size_t)off);
		if (w <= 0)
			break;
		off += w;
	}
}

void cxm_log(enum cxm_log_level level, const char *fmt, ...)
{
	if ((unsigned)level >= CXM_LOG_MAX || level > log_level)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

void cxm_fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(CXM_LOG_ERROR, fmt, ap);
	va_end(ap);
	exit(1);
}
