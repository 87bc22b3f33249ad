/* Logging to stderr or syslog, with the current request id on every line
 * written while a request is being served. */
#ifndef CXM_LOG_H
#define CXM_LOG_H

enum cxm_log_level {
	CXM_LOG_ERROR,
	CXM_LOG_WARN,
	CXM_LOG_INFO,
	CXM_LOG_DEBUG,
	CXM_LOG_MAX
};

enum cxm_log_target {
	CXM_LOG_STDERR,
	CXM_LOG_SYSLOG,
	CXM_LOG_TARGET_MAX
};

extern const char *const cxm_log_level_names[CXM_LOG_MAX];
extern const char *const cxm_log_target_names[CXM_LOG_TARGET_MAX];

/* ident names the program in every line ("cxm-fcgi", "cxmctl"). */
void cxm_log_open(const char *ident, enum cxm_log_target target, enum cxm_log_level level);
void cxm_log_set_level(enum cxm_log_level level);
int cxm_log_enabled(enum cxm_log_level level);
/* The id is copied; NULL clears it. */
void cxm_log_set_request(const char *request_id);

void cxm_log(enum cxm_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* For start-up and configuration only: logs and exits with status 1. */
void cxm_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#define cxm_error(...) cxm_log(CXM_LOG_ERROR, __VA_ARGS__)
#define cxm_warn(...) cxm_log(CXM_LOG_WARN, __VA_ARGS__)
#define cxm_info(...) cxm_log(CXM_LOG_INFO, __VA_ARGS__)
#define cxm_debug(...) \
	do { if (cxm_log_enabled(CXM_LOG_DEBUG)) cxm_log(CXM_LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
