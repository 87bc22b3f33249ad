/* cxmctl import clients|interactions FILE: runs the import engine
 * (core/import.c) on a file directly, without the job queue. Columns are
 * mapped automatically from the header; --map HEADER=FIELD overrides one
 * (FIELD empty: ignore the column). Progress goes to stderr: a bar on a
 * terminal, a line per 10,000 rows otherwise. Rows refused are listed as
 * "line N: reason"; then nothing is imported and the exit status is 1. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "client.h"
#include "csv.h"
#include "ctl/ctl.h"
#include "db.h"
#include "i18n.h"
#include "import.h"
#include "utf8.h"

static const char usage[] =
	"usage: cxmctl import clients|interactions FILE --business SLUG [--separator ';'|','] \n"
	"                    [--map HEADER=FIELD ...] [--dry-run]\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct progress {
	int tty;
	int shown;       /* something is on the bar's line */
	long last;
};

static void show_progress(void *ctx, enum cxm_import_phase phase, long done, long total)
{
	struct progress *p = ctx;
	const char *what = phase == CXM_IMPORT_CHECKING ? "checking" : "saving";
	if (p->tty) {
		int width = 30, fill = total > 0 ? (int)(done * width / total) : 0;
		if (fill > width)
			fill = width;
		fprintf(stderr, "\r%-8s [%.*s%*s] %3ld%% %ld/%ld rows", what, fill,
		        "##############################", width - fill, "",
		        total > 0 ? done * 100 / total : 0, done, total);
		p->shown = 1;
		if (done == total) {
			fputc('\n', stderr);
			p->shown = 0;
		}
	} else if (done - p->last >= 10000 || done == total) {
		fprintf(stderr, "%s: %ld/%ld rows\n", what, done, total);
		p->last = done;
	}
	if (done == total)
		p->last = 0;
	fflush(stderr);
}

static int run(struct cxm_ctl *ctl, enum cxm_import_kind kind, int argc, char **argv)
{
	static const struct option opts[] = {
		{"business", required_argument, NULL, 'b'},
		{"separator", required_argument, NULL, 's'},
		{"map", required_argument, NULL, 'm'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cxm_arena *a = cxm_arena_new(64 * 1024);
	struct cxm_buf overrides;
	cxm_buf_init(&overrides, a, 256);
	cxm_buf_puts(&overrides, "");
	const char *slug = NULL;
	char sep = 0;
	int dry = 0, opt;
	optind = 0;
	opterr = 1;
	char *arg0 = argv[0];
	argv[0] = (char *)"cxmctl import";
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b': slug = optarg; break;
		case 's':
			if (strcmp(optarg, ";") && strcmp(optarg, ",") && strcmp(optarg, "semicolon") &&
			    strcmp(optarg, "comma")) {
				fprintf(stderr, "cxmctl import: --separator is ';' or ','\n");
				cxm_arena_free(a);
				return 2;
			}
			sep = optarg[0] == ';' || optarg[0] == 's' ? ';' : ',';
			break;
		case 'm':
			if (!strchr(optarg, '=')) {
				fprintf(stderr, "cxmctl import: --map takes HEADER=FIELD, not '%s'\n", optarg);
				cxm_arena_free(a);
				return 2;
			}
			cxm_buf_printf(&overrides, "%s\n", optarg);
			break;
		case 'n': dry = 1; break;
		case 'h': fputs(usage, stdout); cxm_arena_free(a); return 0;
		default: fputs(usage, stderr); cxm_arena_free(a); return 2;
		}
	}
	argv[0] = arg0;
	if (argc - optind != 1 || !slug) {
		fputs(usage, stderr);
		cxm_arena_free(a);
		return 2;
	}
	const char *path = argv[optind];
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		cxm_arena_free(a);
		return 1;
	}
	int rc = 1;
	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db)
		goto out_file;
	struct cxm_rows b;
	if (cxm_db_query(db, a, "SELECT id, timezone, currency FROM businesses WHERE slug = ?",
	                 CXM_PARAMS(CXM_PSTR(slug)), &b) != CXM_OK) {
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
		goto out;
	}
	if (!b.nrows) {
		fprintf(stderr, "cxmctl: no business %s\n", slug);
		goto out;
	}
	long long biz = cxm_rows_int(&b, 0, 0, 0);

	/* The header (for the mapping) and the number of rows (for progress). */
	struct cxm_csv_reader *r = cxm_csv_open_file(f, sep);
	struct cxm_csv_row row;
	const char **headers = NULL;
	size_t ncols = 0;
	long total = 0;
	int got = cxm_csv_next(r, &row);
	if (got == 1) {
		ncols = row.n;
		headers = cxm_alloc(a, sizeof(char *) * (ncols + 1));
		for (size_t i = 0; i < ncols; i++)
			headers[i] = cxm_strdup(a, row.f[i]);
		while (cxm_csv_next(r, &row) == 1)
			total++;
	}
	cxm_csv_close(r);
	struct cxm_custom_fields cf = {0};
	if (kind == CXM_IMPORT_CLIENTS && cxm_custom_fields_load(db, a, biz, &cf) != CXM_OK) {
		fprintf(stderr, "cxmctl: database error: %s\n", cxm_db_error(db));
		goto out;
	}
	const char *mapping = cxm_import_mapping_build(a, kind, &cf, headers, ncols, overrides.data);
	if (!ctl->quiet && ncols) {
		fprintf(stderr, "columns:\n");
		const char *p = mapping;
		for (size_t i = 0; i < ncols && *p; i++) {
			size_t len = strcspn(p, "\n");
			const char *eq = NULL;
			for (size_t k = 0; k < len; k++)
				if (p[k] == '=')
					eq = p + k;
			const char *code = eq ? cxm_strndup(a, eq + 1, (size_t)(p + len - eq - 1)) : "";
			size_t w = cxm_utf8_length(headers[i], strlen(headers[i]));
			fprintf(stderr, "  %s%*s -> %s\n", headers[i], w < 24 ? (int)(24 - w) : 0, "",
			        *code ? code : "(ignored)");
			p += len + (p[len] == '\n');
		}
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct progress pr = {.tty = isatty(STDERR_FILENO)};
	struct cxm_import_opts o = {
		.kind = kind,
		.business_id = biz,
		.timezone = cxm_rows_get(&b, 0, 1),
		.currency = cxm_rows_get(&b, 0, 2),
		.sep = sep,
		.mapping = mapping,
		.dry_run = dry,
		.total = total,
		.progress = ctl->quiet ? NULL : show_progress,
		.progress_ctx = &pr,
		.stop = &stop,
	};
	struct cxm_import_source src = {.f = f};
	struct cxm_import_result res;
	cxm_import_run(db, a, &o, &src, &res);
	if (pr.shown)
		fputc('\n', stderr);
	switch (res.status) {
	case CXM_IMPORT_APPLIED:
		printf("%ld inserted, %ld updated, %ld unchanged\n", res.inserted, res.updated, res.unchanged);
		cxm_audit_ctl(db, biz, kind == CXM_IMPORT_CLIENTS ? "clients_imported" : "interactions_imported",
		              path,
		              cxm_printf(a, "%ld rows: %ld inserted, %ld updated, %ld unchanged", res.rows,
		                         res.inserted, res.updated, res.unchanged));
		rc = 0;
		break;
	case CXM_IMPORT_CHECKED:
		printf("dry run: %ld rows checked, none refused; nothing was written\n", res.rows);
		rc = 0;
		break;
	case CXM_IMPORT_REFUSED:
		for (size_t i = 0; i < res.nreasons; i++)
			printf("line %ld: %s\n", res.reasons[i].line,
			       cxm_import_reason_text(a, kind, &cf, &res.reasons[i]));
		if (res.reasons_dropped)
			printf("... and %ld more reasons\n", res.reasons_dropped);
		fprintf(stderr, "cxmctl: %ld of %ld rows refused; nothing was imported\n", res.bad_rows,
		        res.rows);
		break;
	case CXM_IMPORT_INTERRUPTED:
		fprintf(stderr, "cxmctl: interrupted; nothing was imported\n");
		break;
	default:
		fprintf(stderr, "cxmctl: %s\n",
		        cxm_import_failure_text(a, kind, &cf, res.failure, res.failure_line));
		break;
	}
out:
	cxm_db_close(db);
out_file:
	fclose(f);
	cxm_arena_free(a);
	return rc;
}

int cxm_ctl_import(struct cxm_ctl *ctl, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "clients") == 0)
		return run(ctl, CXM_IMPORT_CLIENTS, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "interactions") == 0)
		return run(ctl, CXM_IMPORT_INTERACTIONS, argc - 1, argv + 1);
	fputs(usage, stderr);
	return 2;
}
