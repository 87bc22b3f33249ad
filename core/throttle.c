/* Login throttling; see throttle.h. */
#include "config.h"

#include "conf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "throttle.h"

static const char *addr(const struct cxm_req *req)
{
	return req->remote_addr ? req->remote_addr : "";
}

/* For one subject: seconds until fewer than the maximum failures remain in
 * the window, i.e. until the max-th newest failure is older than the
 * window. */
static enum cxm_err wait_for(struct cxm_req *req, const char *kind, const char *subject, long *wait)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		req->db, req->arena,
		"SELECT ? - TIMESTAMPDIFF(SECOND, failed_at, UTC_TIMESTAMP(6)) FROM login_failures"
		" WHERE kind = ? AND subject = ? AND failed_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
		" ORDER BY failed_at DESC LIMIT 1 OFFSET ?",
		CXM_PARAMS(CXM_PINT(req->cfg->login_failure_window), CXM_PSTR(kind), CXM_PSTR(subject),
		           CXM_PINT(req->cfg->login_failure_window),
		           CXM_PINT(req->cfg->login_max_failures - 1)),
		&r);
	if (rc != CXM_OK)
		return rc;
	long w = r.nrows ? (long)cxm_rows_int(&r, 0, 0, 0) : 0;
	if (r.nrows && w < 1)
		w = 1;
	if (w > *wait)
		*wait = w;
	return CXM_OK;
}

enum cxm_err cxm_throttle_check(struct cxm_req *req, const char *email, long *wait)
{
	*wait = 0;
	enum cxm_err rc = wait_for(req, "account", email, wait);
	if (rc == CXM_OK)
		rc = wait_for(req, "address", addr(req), wait);
	return rc;
}

void cxm_throttle_failed(struct cxm_req *req, const char *email)
{
	cxm_db_exec(req->db,
	            "INSERT INTO login_failures (kind, subject, failed_at)"
	            " VALUES ('account', ?, UTC_TIMESTAMP(6)), ('address', ?, UTC_TIMESTAMP(6))",
	            CXM_PARAMS(CXM_PSTR(email), CXM_PSTR(addr(req))), NULL, NULL);
	/* Keep the table small: failures older than the window count for nothing. */
	cxm_db_exec(req->db,
	            "DELETE FROM login_failures WHERE failed_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND",
	            CXM_PARAMS(CXM_PINT(req->cfg->login_failure_window)), NULL, NULL);
}

void cxm_throttle_succeeded(struct cxm_req *req, const char *email)
{
	cxm_db_exec(req->db, "DELETE FROM login_failures WHERE kind = 'account' AND subject = ?",
	            CXM_PARAMS(CXM_PSTR(email)), NULL, NULL);
}
