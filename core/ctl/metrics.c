/* cxmctl metrics rebuild [--business SLUG]: deletes the stored metric
 * values (metric_snapshots) of one business or of every business, after a
 * history import or a correction of old data, so that the next job run
 * and the dashboard compute them again. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "ctl/ctl.h"
#include "db.h"
#include "metric_snapshots.h"

static int usage(void)
{
	fputs("usage: cxmctl metrics rebuild [--business SLUG]\n", stderr);
	return 2;
}

int cxm_ctl_metrics(struct cxm_ctl *ctl, int argc, char **argv)
{
	if (!(argc == 2 || (argc == 4 && strcmp(argv[2], "--business") == 0)) ||
	    strcmp(argv[1], "rebuild") != 0)
		return usage();
	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db)
		return 1;
	struct cxm_arena *a = cxm_arena_new(4096);
	int status = 1;
	struct cxm_rows r;
	if (argc == 4) {
		long long biz = 0;
		enum cxm_err rc = cxm_business_by_slug(db, a, argv[3], &biz);
		if (rc == CXM_ERR_NOT_FOUND) {
			fprintf(stderr, "cxmctl: no business \"%s\"\n", argv[3]);
			goto out;
		}
		if (rc != CXM_OK ||
		    cxm_db_query(db, a, "SELECT id FROM businesses WHERE id = ?", CXM_PARAMS(CXM_PINT(biz)), &r) != CXM_OK)
			goto db_error;
	} else if (cxm_db_query(db, a, "SELECT id FROM businesses ORDER BY id", CXM_NOPARAMS, &r) != CXM_OK) {
		goto db_error;
	}
	uint64_t total = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		uint64_t n = 0;
		if (cxm_snapshot_delete(db, cxm_rows_int(&r, i, 0, 0), &n) != CXM_OK)
			goto db_error;
		total += n;
	}
	if (!ctl->quiet)
		printf("%llu stored metric value%s deleted; the next \"cxmctl jobs run\" computes them again\n",
		       (unsigned long long)total, total == 1 ? "" : "s");
	status = 0;
	goto out;
db_error:
	fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
out:
	cxm_arena_free(a);
	cxm_db_close(db);
	return status;
}
