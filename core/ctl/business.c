/* cxmctl business add|list: create businesses (tenants) and list them.
 * The rules for slugs, industries, languages and time zones are those of
 * core/account.c, shared with the web pages. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "audit.h"
#include "ctl/ctl.h"
#include "db.h"

static const char usage_add[] =
	"usage: cxmctl business add [--name NAME] [--industry I] [--locale ru|en] [--timezone TZ] SLUG\n";
static const char usage_list[] = "usage: cxmctl business list\n";

static int business_add(struct cxm_ctl *ctl, int argc, char **argv)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"industry", required_argument, NULL, 'i'},
		{"locale", required_argument, NULL, 'l'},
		{"timezone", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cxm_new_business nb = {
		.slug = NULL, .name = NULL, .industry = "other", .locale = "ru",
		.timezone = "Europe/Moscow",
	};
	int opt;
	optind = 0;
	char *arg0 = argv[0];
	argv[0] = (char *)"cxmctl business add";   /* for getopt's messages */
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': nb.name = optarg; break;
		case 'i': nb.industry = optarg; break;
		case 'l': nb.locale = optarg; break;
		case 't': nb.timezone = optarg; break;
		case 'h': fputs(usage_add, stdout); return 0;
		default: fputs(usage_add, stderr); return 2;
		}
	}
	argv[0] = arg0;
	if (argc - optind != 1) {
		fputs(usage_add, stderr);
		return 2;
	}
	nb.slug = argv[optind];
	if (!nb.name)
		nb.name = nb.slug;
	/* cxm_lang_from_code() would also take "RU" or "en-GB"; the column
	 * holds exactly "ru" or "en". */
	if (strcmp(nb.locale, "ru") != 0 && strcmp(nb.locale, "en") != 0) {
		fprintf(stderr, "cxmctl: cannot create business %s: The language must be ru or en.\n", nb.slug);
		return 1;
	}

	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db)
		return 1;
	int rc = 1;
	long long id = 0;
	const char *why = NULL;
	if (cxm_db_begin(db) != CXM_OK) {
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
		goto out;
	}
	enum cxm_err e = cxm_business_create(db, &nb, &id, &why);
	if (e == CXM_ERR_INVALID) {
		cxm_db_rollback(db);
		fprintf(stderr, "cxmctl: cannot create business %s: %s\n", nb.slug, why);
		goto out;
	}
	if (e == CXM_OK) {
		cxm_audit_ctl(db, id, "business_created", nb.slug, nb.name);
		e = cxm_db_commit(db);
	}
	if (e != CXM_OK) {
		fprintf(stderr, "cxmctl: cannot create business %s: %s\n", nb.slug, cxm_db_error(db));
		cxm_db_rollback(db);
		goto out;
	}
	printf("business %s created (id %lld)\n", nb.slug, id);
	rc = 0;
out:
	cxm_db_close(db);
	return rc;
}

static int business_list(struct cxm_ctl *ctl, int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fputs(usage_list, stderr);
		return 2;
	}
	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db)
		return 1;
	struct cxm_arena *a = cxm_arena_new(16384);
	struct cxm_rows r;
	int rc = 1;
	if (cxm_db_query(db, a,
	                 "SELECT b.slug, b.name, COUNT(m.user_id) FROM businesses b"
	                 " LEFT JOIN memberships m ON m.business_id = b.id"
	                 " GROUP BY b.id, b.slug, b.name ORDER BY b.slug",
	                 CXM_NOPARAMS, &r) != CXM_OK) {
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
		goto out;
	}
	const char **cells = cxm_alloc(a, (r.nrows + 1) * 3 * sizeof(*cells));
	cells[0] = "SLUG";
	cells[1] = "NAME";
	cells[2] = "MEMBERS";
	for (size_t i = 0; i < r.nrows; i++)
		for (size_t c = 0; c < 3; c++)
			cells[(i + 1) * 3 + c] = cxm_rows_get(&r, i, c);
	if (r.nrows)
		cxm_ctl_table(stdout, cells, r.nrows + 1, 3);
	else if (!ctl->quiet)
		printf("no businesses yet (cxmctl business add SLUG)\n");
	rc = 0;
out:
	cxm_arena_free(a);
	cxm_db_close(db);
	return rc;
}

int cxm_ctl_business(struct cxm_ctl *ctl, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return business_add(ctl, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return business_list(ctl, argc - 1, argv + 1);
	fputs(usage_add, stderr);
	fputs(usage_list, stderr);
	return 2;
}
