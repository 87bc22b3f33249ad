/* The job queue; see jobs.h. imports.error holds "LINE<TAB>MSGID" (the
 * engine's failure, see cxm_import_failure_text), translated when shown. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "client.h"
#include "db.h"
#include "i18n.h"
#include "import.h"
#include "jobs.h"
#include "log.h"

/* The named lock of import id on this database (at most 64 characters). */
#define LOCK_NAME "LEFT(CONCAT('cxm-import-', ?, '-', DATABASE()), 64)"

static const char msg_crashed[] = N_("The import stopped unexpectedly (its job process ended); nothing was imported. Queue it again to retry.");
static const char msg_requeued[] = N_("The import was interrupted by a restart and waits to run again; nothing was imported yet.");

enum cxm_err cxm_jobs_reap(struct cxm_db *db, int *reaped)
{
	struct cxm_arena *a = cxm_arena_new(4096);
	struct cxm_rows r;
	int n = 0;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT id FROM imports WHERE status = 'running'"
	                               " AND IS_USED_LOCK(LEFT(CONCAT('cxm-import-', id, '-', DATABASE()), 64))"
	                               " IS NULL",
	                               CXM_NOPARAMS, &r);
	for (size_t i = 0; rc == CXM_OK && i < r.nrows; i++) {
		long long id = cxm_rows_int(&r, i, 0, 0);
		uint64_t changed = 0;
		rc = cxm_db_exec(db,
		                 "UPDATE imports SET status = 'failed', error = ?, finished_at = UTC_TIMESTAMP(6)"
		                 " WHERE id = ? AND status = 'running'",
		                 CXM_PARAMS(CXM_PSTR(cxm_printf(a, "0\t%s", msg_crashed)), CXM_PINT(id)), &changed,
		                 NULL);
		if (rc == CXM_OK && changed) {
			cxm_warn("import %lld: its runner is gone; marked failed", id);
			n++;
		}
	}
	cxm_arena_free(a);
	if (reaped)
		*reaped = n;
	return rc;
}

int cxm_jobs_claim(struct cxm_db *db, long long *id)
{
	*id = 0;
	struct cxm_arena *a = cxm_arena_new(4096);
	int got = -1;
	struct cxm_rows r;
	if (cxm_db_begin(db) != CXM_OK)
		goto out;
	if (cxm_db_query(db, a,
	                 "SELECT id FROM imports WHERE status = 'queued' ORDER BY created_at, id LIMIT 1"
	                 " FOR UPDATE SKIP LOCKED",
	                 CXM_NOPARAMS, &r) != CXM_OK)
		goto fail;
	if (!r.nrows) {
		got = 0;
		goto fail;   /* nothing to commit */
	}
	long long claimed = cxm_rows_int(&r, 0, 0, 0);
	struct cxm_rows l;
	if (cxm_db_query(db, a, "SELECT GET_LOCK(" LOCK_NAME ", 0)", CXM_PARAMS(CXM_PINT(claimed)), &l) !=
	    CXM_OK)
		goto fail;
	if (cxm_rows_int(&l, 0, 0, 0) != 1) {
		got = 0;   /* another runner holds it: leave it to that one */
		goto fail;
	}
	if (cxm_db_exec(db,
	                "UPDATE imports SET status = 'running', started_at = UTC_TIMESTAMP(6),"
	                " finished_at = NULL, processed_rows = 0, error = NULL WHERE id = ?",
	                CXM_PARAMS(CXM_PINT(claimed)), NULL, NULL) != CXM_OK ||
	    cxm_db_commit(db) != CXM_OK) {
		cxm_db_rollback(db);
		cxm_db_exec(db, "DO RELEASE_LOCK(" LOCK_NAME ")", CXM_PARAMS(CXM_PINT(claimed)), NULL, NULL);
		goto out;
	}
	*id = claimed;
	got = 1;
	goto out;
fail:
	cxm_db_rollback(db);
out:
	cxm_arena_free(a);
	return got;
}

/* What a run needs to record its outcome. */
struct run {
	struct cxm_jobs *j;
	long long id;
	long total;
	long last;      /* processed_rows last written */
};

static void on_progress(void *ctx, enum cxm_import_phase phase, long done, long total)
{
	struct run *r = ctx;
	(void)total;
	/* the bar covers both passes: checking fills its first half */
	long processed = phase == CXM_IMPORT_CHECKING ? done / 2 : (r->total + done) / 2;
	if (!r->j->progress || processed == r->last)
		return;
	r->last = processed;
	if (cxm_db_exec(r->j->progress, "UPDATE imports SET processed_rows = ? WHERE id = ?",
	                CXM_PARAMS(CXM_PINT(processed), CXM_PINT(r->id)), NULL, NULL) != CXM_OK)
		cxm_warn("import %lld: progress not recorded: %s", r->id, cxm_db_error(r->j->progress));
}

/* Inside the import's transaction: the import is done. */
static enum cxm_err mark_done(void *ctx, const struct cxm_import_result *res)
{
	struct run *r = ctx;
	return cxm_db_exec(r->j->db,
	                   "UPDATE imports SET status = 'done', total_rows = ?, processed_rows = ?,"
	                   " inserted = ?, updated = ?, error_count = 0, report = NULL, error = NULL,"
	                   " finished_at = UTC_TIMESTAMP(6) WHERE id = ?",
	                   CXM_PARAMS(CXM_PINT(res->rows), CXM_PINT(res->rows), CXM_PINT(res->inserted),
	                              CXM_PINT(res->updated), CXM_PINT(r->id)),
	                   NULL, NULL);
}

enum cxm_err cxm_jobs_run_import(struct cxm_jobs *j, long long id)
{
	struct cxm_db *db = j->db;
	struct cxm_arena *a = cxm_arena_new(64 * 1024);
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT i.business_id, i.kind, i.data, i.mapping, i.total_rows,"
	                               " IFNULL(i.created_by, 0), b.timezone, b.currency, i.filename,"
	                               " IFNULL(u.email, '') FROM imports i"
	                               " JOIN businesses b ON b.id = i.business_id"
	                               " LEFT JOIN users u ON u.id = i.created_by WHERE i.id = ?",
	                               CXM_PARAMS(CXM_PINT(id)), &r);
	if (rc != CXM_OK || !r.nrows) {
		cxm_error("import %lld cannot be read: %s", id, rc ? cxm_db_error(db) : "no such row");
		goto out;
	}
	long long biz = cxm_rows_int(&r, 0, 0, 0);
	enum cxm_import_kind kind =
		strcmp(cxm_rows_get(&r, 0, 1), "interactions") == 0 ? CXM_IMPORT_INTERACTIONS : CXM_IMPORT_CLIENTS;
	struct run run = {.j = j, .id = id, .total = (long)cxm_rows_int(&r, 0, 4, 0), .last = -1};
	long long user = cxm_rows_int(&r, 0, 5, 0);
	struct cxm_import_opts o = {
		.kind = kind,
		.business_id = biz,
		.timezone = cxm_rows_get(&r, 0, 6),
		.currency = cxm_rows_get(&r, 0, 7),
		.mapping = cxm_rows_get(&r, 0, 3),   /* NULL: the automatic mapping */
		.total = run.total,
		.progress = on_progress,
		.progress_ctx = &run,
		.stop = j->stop,
		.created_by = user,
		.before_commit = mark_done,
		.commit_ctx = &run,
	};
	struct cxm_import_source src = {.data = cxm_rows_get(&r, 0, 2), .len = r.lens[2]};
	if (!src.data)
		src.data = "";
	cxm_info("import %lld (%s, business %lld): running", id, cxm_import_kind_names[kind], biz);
	struct cxm_import_result res;
	enum cxm_err run_rc = cxm_import_run(db, a, &o, &src, &res);
	const char *action = kind == CXM_IMPORT_CLIENTS ? "clients_imported" : "interactions_imported";
	const char *file = cxm_rows_get(&r, 0, 8), *email = cxm_rows_get(&r, 0, 9);
	switch (res.status) {
	case CXM_IMPORT_APPLIED:
		cxm_info("import %lld: %ld inserted, %ld updated, %ld unchanged", id, res.inserted, res.updated,
		         res.unchanged);
		cxm_audit_job(db, biz, user, email, action, file,
		              cxm_printf(a, "%ld rows: %ld inserted, %ld updated, %ld unchanged", res.rows,
		                         res.inserted, res.updated, res.unchanged));
		break;
	case CXM_IMPORT_REFUSED:
	case CXM_IMPORT_CHECKED:
		cxm_info("import %lld: %ld of %ld rows refused; nothing applied", id, res.bad_rows, res.rows);
		rc = cxm_db_exec(db,
		                 "UPDATE imports SET status = 'done', total_rows = ?, processed_rows = ?,"
		                 " inserted = 0, updated = 0, error_count = ?, report = ?, error = NULL,"
		                 " finished_at = UTC_TIMESTAMP(6) WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(res.rows), CXM_PINT(res.rows), CXM_PINT(res.bad_rows),
		                            CXM_PSTR(cxm_import_report_format(a, res.reasons, res.nreasons)),
		                            CXM_PINT(id)),
		                 NULL, NULL);
		break;
	case CXM_IMPORT_INTERRUPTED:
		cxm_info("import %lld: interrupted; rolled back and queued again", id);
		rc = cxm_db_exec(db,
		                 "UPDATE imports SET status = 'queued', started_at = NULL, processed_rows = 0,"
		                 " error = ? WHERE id = ?",
		                 CXM_PARAMS(CXM_PSTR(cxm_printf(a, "0\t%s", msg_requeued)), CXM_PINT(id)), NULL,
		                 NULL);
		break;
	default:
		cxm_info("import %lld failed: %s", id, res.failure ? res.failure : "?");
		rc = cxm_db_exec(db,
		                 "UPDATE imports SET status = 'failed', error = LEFT(?, 1000),"
		                 " finished_at = UTC_TIMESTAMP(6) WHERE id = ?",
		                 CXM_PARAMS(CXM_PSTR(cxm_printf(a, "%ld\t%s", res.failure_line,
		                                                res.failure ? res.failure : "")),
		                            CXM_PINT(id)),
		                 NULL, NULL);
		break;
	}
	if (rc != CXM_OK)
		cxm_error("import %lld: outcome not recorded: %s", id, cxm_db_error(db));
	(void)run_rc;
out:
	cxm_db_exec(db, "DO RELEASE_LOCK(" LOCK_NAME ")", CXM_PARAMS(CXM_PINT(id)), NULL, NULL);
	cxm_arena_free(a);
	return rc;
}

int cxm_jobs_run_due(struct cxm_jobs *j)
{
	if (cxm_jobs_reap(j->db, NULL) != CXM_OK)
		return -1;
	int n = 0;
	while (!(j->stop && *j->stop)) {
		long long id;
		int got = cxm_jobs_claim(j->db, &id);
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		cxm_jobs_run_import(j, id);
		n++;
	}
	return n;
}
