/* /healthz: for load balancers and monitoring. 200 when this worker can
 * reach the database, 503 otherwise; JSON, never cached. */
#include "config.h"

#include "buf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "pages/pages.h"

int cxm_page_healthz(struct cxm_req *req)
{
	req->resp_type = "application/json";
	enum cxm_err rc = cxm_db_ping(req->db);
	if (rc != CXM_OK) {
		cxm_warn("health check: database unreachable: %s", cxm_db_error(req->db));
		req->status = 503;
		cxm_buf_puts(&req->out, "{\"status\":\"unavailable\",\"db\":\"down\"}\n");
		return 503;
	}
	cxm_buf_puts(&req->out, "{\"status\":\"ok\",\"db\":\"up\"}\n");
	return 200;
}
