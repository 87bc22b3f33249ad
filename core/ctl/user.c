/* cxmctl user add|list|disable|enable: the operator's way to create users
 * (the first owner of a business, site operators), list them and lock them
 * out everywhere. E-mail and password rules are those of core/account.c and
 * core/password.c, shared with the web pages. Password hashes are never
 * read back, printed or logged. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "account.h"
#include "arena.h"
#include "audit.h"
#include "ctl/ctl.h"
#include "db.h"
#include "password.h"
#include "role.h"
#include "utf8.h"

static const char usage_add[] =
	"usage: cxmctl user add --business SLUG --role owner|admin|manager|analyst [--name NAME]\n"
	"                       [--language ru|en] [--site-admin] [--reset-password] EMAIL\n"
	"       cxmctl user add --site-admin [--name NAME] [--language ru|en] [--reset-password] EMAIL\n"
	"The password is asked for twice on a terminal, otherwise read from the first\n"
	"line of standard input. An existing user keeps their password unless\n"
	"--reset-password is given.\n";
static const char usage_list[] = "usage: cxmctl user list [--business SLUG]\n";
static const char usage_disable[] = "usage: cxmctl user disable EMAIL\n";
static const char usage_enable[] = "usage: cxmctl user enable EMAIL\n";

/* Longest line read as a password. Every character takes at most 4 bytes,
 * so a line filling the buffer is longer than CXM_PASSWORD_MAX_CHARS
 * characters and the policy refuses it, cut or not. */
#define PW_BUF 1024

/* The terminal's settings while echo is off, put back on exit or signal. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_changed;

static void restore_tty(void)
{
	if (tty_changed) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		tty_changed = 0;
	}
}

static void on_signal(int sig)
{
	restore_tty();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads one line into buf without its line end; -1 at end of input. */
static int read_line(char *buf, size_t len)
{
	if (!fgets(buf, (int)len, stdin))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* Prompts on stderr and reads a line from the terminal with echo off. */
static int read_hidden(const char *prompt, char *buf, size_t len)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa, old[4];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	fputs(prompt, stderr);
	fflush(stderr);
	struct termios t;
	int hidden = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	if (hidden) {
		for (int i = 0; i < 4; i++)
			sigaction(sigs[i], &sa, &old[i]);
		t = saved_tty;
		t.c_lflag &= ~(tcflag_t)ECHO;
		tty_changed = 1;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
	}
	int rc = read_line(buf, len);
	if (hidden) {
		restore_tty();
		for (int i = 0; i < 4; i++)
			sigaction(sigs[i], &old[i], NULL);
		fputc('\n', stderr);
	}
	return rc;
}

/* The new password into pw[PW_BUF]: typed twice on a terminal, else the
 * first line of standard input. Prints the reason and returns -1 when there
 * is none or it breaks the policy. */
static int get_password(const char *email, char *pw)
{
	const char *why;
	if (isatty(STDIN_FILENO)) {
		char again[PW_BUF], prompt[400];
		snprintf(prompt, sizeof(prompt), "New password for %s: ", email);
		if (read_hidden(prompt, pw, PW_BUF) != 0 ||
		    read_hidden("The same password again: ", again, sizeof(again)) != 0) {
			sodium_memzero(again, sizeof(again));
			fprintf(stderr, "cxmctl: no password given\n");
			return -1;
		}
		why = cxm_password_new_problem(pw, again);
		sodium_memzero(again, sizeof(again));
	} else {
		if (read_line(pw, PW_BUF) != 0) {
			fprintf(stderr, "cxmctl: expected the password on the first line of standard input\n");
			return -1;
		}
		why = cxm_password_policy(pw);
	}
	if (why) {
		fprintf(stderr, "cxmctl: %s\n", why);
		return -1;
	}
	return 0;
}

static int db_failed(struct cxm_db *db, const char *what)
{
	fprintf(stderr, "cxmctl: %s: %s\n", what, cxm_db_error(db));
	return 1;
}

static int user_add(struct cxm_ctl *ctl, int argc, char **argv)
{
	static const struct option opts[] = {
		{"business", required_argument, NULL, 'b'},
		{"role", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},
		{"language", required_argument, NULL, 'l'},
		{"site-admin", no_argument, NULL, 's'},
		{"reset-password", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *slug = NULL, *role_name = NULL, *name = NULL, *language = "ru";
	int site_admin = 0, reset = 0, opt;
	optind = 0;
	char *arg0 = argv[0];
	argv[0] = (char *)"cxmctl user add";   /* for getopt's messages */
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b': slug = optarg; break;
		case 'r': role_name = optarg; break;
		case 'n': name = optarg; break;
		case 'l': language = optarg; break;
		case 's': site_admin = 1; break;
		case 'p': reset = 1; break;
		case 'h': fputs(usage_add, stdout); return 0;
		default: fputs(usage_add, stderr); return 2;
		}
	}
	argv[0] = arg0;
	const char *problem = NULL;
	if (argc - optind != 1)
		problem = "expected one e-mail address";
	else if (!slug && !site_admin)
		problem = "--business is required (it may be left out only with --site-admin)";
	else if (slug && !role_name)
		problem = "--role is required with --business";
	else if (!slug && role_name)
		problem = "--role needs --business";
	if (problem) {
		fprintf(stderr, "cxmctl: %s\n", problem);
		fputs(usage_add, stderr);
		return 2;
	}
	enum cxm_role role = slug ? cxm_role_from_name(role_name) : CXM_ROLE_NONE;
	if (slug && role == CXM_ROLE_NONE) {
		fprintf(stderr, "cxmctl: unknown role '%s' (owner, admin, manager or analyst)\n", role_name);
		return 1;
	}
	if (strcmp(language, "ru") != 0 && strcmp(language, "en") != 0) {
		fprintf(stderr, "cxmctl: The language must be ru or en.\n");
		return 1;
	}

	struct cxm_arena *a = cxm_arena_new(8192);
	const char *email = cxm_email_normalize(a, argv[optind]);
	if (!email) {
		fprintf(stderr, "cxmctl: '%s' is not a valid e-mail address\n", argv[optind]);
		cxm_arena_free(a);
		return 1;
	}
	if (!name)
		name = cxm_strndup(a, email, (size_t)(strchr(email, '@') - email));
	size_t nl = strlen(name);
	int control = 0;
	for (size_t i = 0; i < nl; i++)
		control |= (unsigned char)name[i] < 0x20 || name[i] == 0x7f;
	if (nl == 0 || control || !cxm_utf8_valid(name, nl) || cxm_utf8_length(name, nl) > 200) {
		fprintf(stderr, "cxmctl: the name must be 1 to 200 characters of UTF-8 text\n");
		cxm_arena_free(a);
		return 1;
	}

	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db) {
		cxm_arena_free(a);
		return 1;
	}
	int rc = 1, in_tx = 0;
	char pw[PW_BUF], hash[crypto_pwhash_STRBYTES];
	pw[0] = hash[0] = '\0';
	long long bid = 0, uid = 0;
	struct cxm_rows r;
	if (slug) {
		enum cxm_err e = cxm_business_by_slug(db, a, slug, &bid);
		if (e == CXM_ERR_NOT_FOUND) {
			fprintf(stderr, "cxmctl: no business '%s' (cxmctl business list shows them)\n", slug);
			goto out;
		}
		if (e != CXM_OK) {
			rc = db_failed(db, "database error");
			goto out;
		}
	}
	if (cxm_db_query(db, a, "SELECT id, password_hash IS NULL, site_admin FROM users WHERE email = ?",
	                 CXM_PARAMS(CXM_PSTR(email)), &r) != CXM_OK) {
		rc = db_failed(db, "database error");
		goto out;
	}
	int exists = r.nrows > 0;
	uid = exists ? cxm_rows_int(&r, 0, 0, 0) : 0;
	int no_password = exists && cxm_rows_int(&r, 0, 1, 0);
	int was_site_admin = exists && cxm_rows_int(&r, 0, 2, 0);
	/* An invited user who never chose a password gets this one. */
	int set_password = !exists || reset || no_password;

	/* Asked before the transaction, which is not held open while the
	 * operator types. */
	if (set_password) {
		if (get_password(email, pw) != 0)
			goto out;
		if (cxm_password_hash(&ctl->cfg, pw, hash, sizeof(hash)) != CXM_OK) {
			fprintf(stderr, "cxmctl: password hashing failed (password_memlimit too large?)\n");
			goto out;
		}
	}

	if (cxm_db_begin(db) != CXM_OK) {
		rc = db_failed(db, "database error");
		goto out;
	}
	in_tx = 1;
	uint64_t ended = 0;
	if (!exists) {
		if (cxm_user_create(db, email, name, language, hash, &uid) != CXM_OK) {
			rc = db_failed(db, cxm_db_errno(db) == 1062 ? "the user was created meanwhile; run again"
			                                             : "cannot create the user");
			goto out;
		}
	} else if (set_password) {
		if (cxm_db_exec(db, "UPDATE users SET password_hash = ?, password_changed_at = UTC_TIMESTAMP(6)"
		                    " WHERE id = ?",
		                CXM_PARAMS(CXM_PSTR(hash), CXM_PINT(uid)), NULL, NULL) != CXM_OK ||
		    cxm_db_exec(db, "DELETE FROM sessions WHERE user_id = ?", CXM_PARAMS(CXM_PINT(uid)),
		                &ended, NULL) != CXM_OK) {
			rc = db_failed(db, "cannot set the password");
			goto out;
		}
		cxm_audit_ctl(db, 0, "password_reset", email,
		              ended ? "set with cxmctl; all sessions ended" : "set with cxmctl");
	}

	if (bid) {
		if (cxm_db_query(db, a, "SELECT role, disabled FROM memberships"
		                        " WHERE business_id = ? AND user_id = ? FOR UPDATE",
		                 CXM_PARAMS(CXM_PINT(bid), CXM_PINT(uid)), &r) != CXM_OK ||
		    cxm_membership_set(db, bid, uid, role) != CXM_OK) {
			rc = db_failed(db, "cannot set the role");
			goto out;
		}
		const char *role_str = cxm_role_names[role];
		if (!exists)
			cxm_audit_ctl(db, bid, "user_created", email,
			              site_admin ? cxm_printf(a, "%s, site admin", role_str) : role_str);
		else if (!r.nrows)
			cxm_audit_ctl(db, bid, "user_created", email, cxm_printf(a, "%s, existing account", role_str));
		else {
			const char *old = cxm_rows_get(&r, 0, 0);
			if (strcmp(old, role_str) != 0)
				cxm_audit_ctl(db, bid, "role_changed", email, cxm_printf(a, "%s -> %s", old, role_str));
			if (cxm_rows_int(&r, 0, 1, 0))
				cxm_audit_ctl(db, bid, "user_enabled", email, "suspension lifted with cxmctl");
		}
	} else if (!exists) {
		cxm_audit_ctl(db, 0, "user_created", email, "site admin");
	}
	if (site_admin && !was_site_admin) {
		if (cxm_db_exec(db, "UPDATE users SET site_admin = 1 WHERE id = ?", CXM_PARAMS(CXM_PINT(uid)),
		                NULL, NULL) != CXM_OK) {
			rc = db_failed(db, "cannot make the user a site admin");
			goto out;
		}
		if (exists)
			cxm_audit_ctl(db, 0, "role_changed", email, "site admin");
	}
	if (cxm_db_commit(db) != CXM_OK) {
		rc = db_failed(db, "cannot commit");
		goto out;
	}
	in_tx = 0;

	if (!ctl->quiet) {
		if (exists && !set_password)
			printf("user %s exists; password unchanged\n", email);
		else if (exists)
			printf("user %s: password set, %llu sessions ended\n", email, (unsigned long long)ended);
	}
	if (bid)
		printf("user %s is %s of %s\n", email, cxm_role_names[role], slug);
	if (site_admin)
		printf("user %s is a site admin\n", email);
	rc = 0;
out:
	if (in_tx)
		cxm_db_rollback(db);
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(hash, sizeof(hash));
	cxm_db_close(db);
	cxm_arena_free(a);
	return rc;
}

static int user_list(struct cxm_ctl *ctl, int argc, char **argv)
{
	static const struct option opts[] = {
		{"business", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *slug = NULL;
	int opt;
	optind = 0;
	char *arg0 = argv[0];
	argv[0] = (char *)"cxmctl user list";   /* for getopt's messages */
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b': slug = optarg; break;
		case 'h': fputs(usage_list, stdout); return 0;
		default: fputs(usage_list, stderr); return 2;
		}
	}
	argv[0] = arg0;
	if (optind != argc) {
		fputs(usage_list, stderr);
		return 2;
	}
	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db)
		return 1;
	struct cxm_arena *a = cxm_arena_new(16384);
	int rc = 1;
	long long bid = 0;
	struct cxm_rows r;
	enum cxm_err e;
	if (slug) {
		e = cxm_business_by_slug(db, a, slug, &bid);
		if (e == CXM_ERR_NOT_FOUND) {
			fprintf(stderr, "cxmctl: no business '%s' (cxmctl business list shows them)\n", slug);
			goto out;
		}
		if (e != CXM_OK) {
			rc = db_failed(db, "database error");
			goto out;
		}
		e = cxm_db_query(db, a,
		                 "SELECT u.email, u.name, u.disabled, u.site_admin, b.slug, m.role, m.disabled"
		                 " FROM memberships m JOIN users u ON u.id = m.user_id"
		                 " JOIN businesses b ON b.id = m.business_id"
		                 " WHERE m.business_id = ? ORDER BY u.email",
		                 CXM_PARAMS(CXM_PINT(bid)), &r);
	} else {
		e = cxm_db_query(db, a,
		                 "SELECT u.email, u.name, u.disabled, u.site_admin, b.slug, m.role, m.disabled"
		                 " FROM users u LEFT JOIN memberships m ON m.user_id = u.id"
		                 " LEFT JOIN businesses b ON b.id = m.business_id"
		                 " ORDER BY u.email, b.slug",
		                 CXM_NOPARAMS, &r);
	}
	if (e != CXM_OK) {
		rc = db_failed(db, "database error");
		goto out;
	}
	enum { NC = 5 };
	const char **cells = cxm_alloc(a, (r.nrows + 1) * NC * sizeof(*cells));
	cells[0] = "EMAIL";
	cells[1] = "NAME";
	cells[2] = slug ? "ROLE" : "ROLES";
	cells[3] = "DISABLED";
	cells[4] = "SITE ADMIN";
	size_t n = 1;
	for (size_t i = 0; i < r.nrows; i++) {
		const char *role = cxm_rows_get(&r, i, 5);
		const char *one = !role ? NULL
		                  : slug ? role
		                         : cxm_printf(a, "%s:%s", cxm_rows_get(&r, i, 4), role);
		if (one && cxm_rows_int(&r, i, 6, 0))
			one = cxm_printf(a, "%s (suspended)", one);
		if (n > 1 && strcmp(cells[(n - 1) * NC], cxm_rows_get(&r, i, 0)) == 0) {
			/* another business of the same user */
			cells[(n - 1) * NC + 2] = cxm_printf(a, "%s, %s", cells[(n - 1) * NC + 2], one);
			continue;
		}
		const char **row = &cells[n++ * NC];
		row[0] = cxm_rows_get(&r, i, 0);
		row[1] = cxm_rows_get(&r, i, 1);
		row[2] = one ? one : "-";
		row[3] = cxm_rows_int(&r, i, 2, 0) ? "yes" : "no";
		row[4] = cxm_rows_int(&r, i, 3, 0) ? "yes" : "no";
	}
	if (n > 1)
		cxm_ctl_table(stdout, cells, n, NC);
	else if (!ctl->quiet)
		printf("no users%s%s\n", slug ? " in " : "", slug ? slug : "");
	rc = 0;
out:
	cxm_arena_free(a);
	cxm_db_close(db);
	return rc;
}

/* user disable|enable EMAIL: users.disabled locks the user out of every
 * business; disabling also ends their sessions. */
static int user_set_disabled(struct cxm_ctl *ctl, int argc, char **argv, int disable)
{
	const char *usage = disable ? usage_disable : usage_enable;
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fputs(usage, stderr);
		return 2;
	}
	struct cxm_arena *a = cxm_arena_new(4096);
	const char *email = cxm_email_normalize(a, argv[1]);
	if (!email) {
		fprintf(stderr, "cxmctl: '%s' is not a valid e-mail address\n", argv[1]);
		cxm_arena_free(a);
		return 1;
	}
	struct cxm_db *db = cxm_ctl_db(ctl);
	if (!db) {
		cxm_arena_free(a);
		return 1;
	}
	int rc = 1;
	long long uid = 0;
	uint64_t ended = 0;
	if (cxm_user_by_email(db, a, email, &uid) != CXM_OK) {
		rc = db_failed(db, "database error");
		goto out;
	}
	if (!uid) {
		fprintf(stderr, "cxmctl: no user %s\n", email);
		goto out;
	}
	if (cxm_db_begin(db) != CXM_OK) {
		rc = db_failed(db, "database error");
		goto out;
	}
	enum cxm_err e = cxm_db_exec(db, "UPDATE users SET disabled = ? WHERE id = ?",
	                             CXM_PARAMS(CXM_PINT(disable), CXM_PINT(uid)), NULL, NULL);
	if (e == CXM_OK && disable)
		e = cxm_db_exec(db, "DELETE FROM sessions WHERE user_id = ?", CXM_PARAMS(CXM_PINT(uid)),
		                &ended, NULL);
	if (e == CXM_OK) {
		cxm_audit_ctl(db, 0, disable ? "user_disabled" : "user_enabled", email,
		              disable ? "in every business, with cxmctl" : "with cxmctl");
		e = cxm_db_commit(db);
	}
	if (e != CXM_OK) {
		rc = db_failed(db, disable ? "cannot disable the user" : "cannot enable the user");
		cxm_db_rollback(db);
		goto out;
	}
	if (disable)
		printf("user %s disabled, %llu sessions ended\n", email, (unsigned long long)ended);
	else
		printf("user %s enabled\n", email);
	rc = 0;
out:
	cxm_db_close(db);
	cxm_arena_free(a);
	return rc;
}

int cxm_ctl_user(struct cxm_ctl *ctl, int argc, char **argv)
{
	const char *sub = argc >= 2 ? argv[1] : "";
	if (strcmp(sub, "add") == 0)
		return user_add(ctl, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return user_list(ctl, argc - 1, argv + 1);
	if (strcmp(sub, "disable") == 0)
		return user_set_disabled(ctl, argc - 1, argv + 1, 1);
	if (strcmp(sub, "enable") == 0)
		return user_set_disabled(ctl, argc - 1, argv + 1, 0);
	fputs(usage_add, stderr);
	fputs(usage_list, stderr);
	fputs(usage_disable, stderr);
	fputs(usage_enable, stderr);
	return 2;
}
