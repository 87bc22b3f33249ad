/* cxmctl survey: install-default puts the questionnaire of document 000
 * into a business that has no default survey yet (idempotent); install-csi
 * adds the ready-made CSI survey (idempotent too); link prints
 * the path of the default survey's open link, for dev/up and operators. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "audit.h"
#include "ctl/ctl.h"
#include "db.h"
#include "survey.h"

static int usage(void)
{
	fputs("usage: cxmctl survey install-default --business SLUG\n"
	      "       cxmctl survey install-csi --business SLUG\n"
	      "       cxmctl survey link --business SLUG\n",
	      stderr);
	return 2;
}

int cxm_ctl_survey(struct cxm_ctl *ctl, int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[2], "--business") != 0 ||
	    (strcmp(argv[1], "install-default") != 0 && strcmp(argv[1], "install-csi") != 0 &&
	     strcmp(argv[1], "link") != 0))
		return usage();
	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db)
		return 1;
	struct cxm_arena *a = cxm_arena_new(4096);
	int status = 1;
	long long biz = 0, id = 0;
	enum cxm_err rc = cxm_business_by_slug(db, a, argv[3], &biz);
	if (rc == CXM_ERR_NOT_FOUND) {
		fprintf(stderr, "cxmctl: no business \"%s\"\n", argv[3]);
		goto out;
	}
	if (rc != CXM_OK)
		goto db_error;
	if (strcmp(argv[1], "install-default") == 0) {
		int installed = 0;
		if (cxm_survey_install_default(db, biz, &id, &installed) != CXM_OK)
			goto db_error;
		if (installed)
			cxm_audit_ctl(db, biz, "survey_installed", argv[3], NULL);
		if (!ctl->quiet)
			printf(installed ? "default survey %lld installed\n" : "default survey %lld already there\n", id);
		status = 0;
		goto out;
	}
	if (strcmp(argv[1], "install-csi") == 0) {
		int installed = 0;
		if (cxm_survey_install_csi(db, biz, &id, &installed) != CXM_OK)
			goto db_error;
		if (installed)
			cxm_audit_ctl(db, biz, "survey_installed", argv[3], NULL);
		if (!ctl->quiet)
			printf(installed ? "CSI survey %lld installed\n" : "CSI survey %lld already there\n", id);
		status = 0;
		goto out;
	}
	struct cxm_rows r;
	rc = cxm_db_query(db, a,
	                  "SELECT open_token FROM surveys WHERE business_id = ? AND is_default = 1"
	                  " AND deleted_at IS NULL ORDER BY id LIMIT 1",
	                  CXM_PARAMS(CXM_PINT(biz)), &r);
	if (rc != CXM_OK)
		goto db_error;
	if (!r.nrows || !cxm_rows_get(&r, 0, 0)) {
		fprintf(stderr, "cxmctl: business \"%s\" has no default survey with an open link\n", argv[3]);
		goto out;
	}
	printf("/s/%s\n", cxm_rows_get(&r, 0, 0));
	status = 0;
	goto out;
db_error:
	fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
out:
	cxm_arena_free(a);
	cxm_db_close(db);
	return status;
}
