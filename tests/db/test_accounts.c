/* Businesses, users and memberships against a real, migrated database:
 * the helpers of core/account.c, and the operator's commands (cxmctl
 * business add|list, user add|list|disable|enable) run as an operator runs
 * them, checking what they print, their exit status and the rows they leave
 * (users, memberships, sessions, audit_log). Every test has a fresh
 * database. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "account.h"
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "harness.h"
#include "log.h"
#include "password.h"

static char *dir;
static char *conf;
static struct cxm_db *db;
static struct cxm_arena *arena;
static struct cxm_config cfg;

static void setup(void)
{
	dir = th_tmpdir("acc");
	conf = malloc(4200);
	snprintf(conf, 4200, "%s/cxm.conf", dir);
	char *dsn = th_db_create_migrated("acc");
	FILE *f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	/* cheap hashes keep the suite fast */
	fprintf(f, "db_dsn = %s\nsql_dir = %s/sql\npassword_opslimit = 1\npassword_memlimit = 8K\n", dsn,
	        th_srcdir());
	fclose(f);
	db = th_db_connect(dsn);
	arena = cxm_arena_new(16384);
	cxm_config_defaults(&cfg);
	char err[1024];
	ck_assert_msg(cxm_config_load(&cfg, conf, err, sizeof(err)) == CXM_OK, "%s", err);
	free(dsn);
}

static void teardown(void)
{
	cxm_config_free(&cfg);
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* ---- helpers --------------------------------------------------------- */

struct run {
	int status;
	char out[8192];
	char err[8192];
};

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
}

/* Runs "cxmctl -c CONF ARGS" with input (NULL: none) on its standard
 * input, which is a file, not a terminal. */
static void ctl(struct run *r, const char *input, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void ctl(struct run *r, const char *input, const char *fmt, ...)
{
	char args[4096], full[16384], in[4200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(in, sizeof(in), "%s/in", dir);
	FILE *f = fopen(in, "w");
	ck_assert_ptr_nonnull(f);
	if (input)
		fputs(input, f);
	fclose(f);
	snprintf(full, sizeof(full), "%s/core/cxmctl -c %s %s <%s >%s/out 2>%s/err", th_builddir(), conf,
	         args, in, dir, dir);
	int st = system(full);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	char path[4200];
	snprintf(path, sizeof(path), "%s/out", dir);
	slurp(path, r->out, sizeof(r->out));
	snprintf(path, sizeof(path), "%s/err", dir);
	slurp(path, r->err, sizeof(r->err));
}

#define OK_RUN(r) ck_assert_msg((r).status == 0, "status %d, stderr: %s", (r).status, (r).err)

/* The single value of a query (NULL for SQL NULL or no row). */
static const char *value(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows ? cxm_rows_get(&r, 0, 0) : NULL;
}

static long long count(const char *sql, const struct cxm_param *p, size_t n)
{
	const char *v = value(sql, p, n);
	return v ? atoll(v) : -1;
}

/* Every audit row as "action|business|target|detail|addr|actor", one per line. */
static const char *audit_rows(void)
{
	struct cxm_rows r;
	ck_assert(cxm_db_query(db, arena,
	                       "SELECT action, IFNULL(business_id, '-'), target, detail, remote_addr,"
	                       " IFNULL(actor_id, '-'), actor_email FROM audit_log ORDER BY id",
	                       CXM_NOPARAMS, &r) == CXM_OK);
	char *out = cxm_strdup(arena, "");
	for (size_t i = 0; i < r.nrows; i++)
		out = cxm_printf(arena, "%s%s|%s|%s|%s|%s|%s|%s\n", out, cxm_rows_get(&r, i, 0),
		                 cxm_rows_get(&r, i, 1), cxm_rows_get(&r, i, 2), cxm_rows_get(&r, i, 3),
		                 cxm_rows_get(&r, i, 4), cxm_rows_get(&r, i, 5), cxm_rows_get(&r, i, 6));
	return out;
}

static const char *hash_of(const char *email)
{
	return value("SELECT password_hash FROM users WHERE email = ?", CXM_PARAMS(CXM_PSTR(email)));
}

static void add_session(long long uid, int n)
{
	unsigned char th[32];
	memset(th, n, sizeof(th));
	ck_assert(cxm_db_exec(db, "INSERT INTO sessions (token_hash, user_id, csrf_token) VALUES (?, ?, ?)",
	                      CXM_PARAMS(CXM_PBLOB(th, sizeof(th)), CXM_PINT(uid),
	                                 CXM_PSTR("ccccccccccccccccccccccccccccccccccccccccccc")),
	                      NULL, NULL) == CXM_OK);
}

static long long user_id(const char *email)
{
	long long id = -1;
	ck_assert(cxm_user_by_email(db, arena, email, &id) == CXM_OK);
	return id;
}

#define PW1 "correct horse battery"
#define PW2 "пароль для второго раза"

/* ---- core/account.c -------------------------------------------------- */

START_TEST(business_create)
{
	struct cxm_new_business nb = {"nevsky", "Салон на Невском", "salon", "ru", "Europe/Moscow"};
	long long id = -1;
	const char *why = "x";
	ck_assert_int_eq(cxm_business_create(db, &nb, &id, &why), CXM_OK);
	ck_assert_int_eq(id, 1);
	ck_assert_ptr_null(why);
	struct cxm_rows r;
	ck_assert(cxm_db_query(db, arena, "SELECT id, slug, name, industry, locale, timezone FROM businesses",
	                       CXM_NOPARAMS, &r) == CXM_OK);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "1");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 1), "nevsky");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 2), "Салон на Невском");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 3), "salon");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 4), "ru");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 5), "Europe/Moscow");

	struct cxm_new_business en = {"en-shop", "Shop", "retail", "en", "UTC"};
	ck_assert_int_eq(cxm_business_create(db, &en, &id, &why), CXM_OK);
	ck_assert_int_eq(id, 2);
	long long found = -1;
	ck_assert_int_eq(cxm_business_by_slug(db, arena, "en-shop", &found), CXM_OK);
	ck_assert_int_eq(found, 2);
	ck_assert_int_eq(cxm_business_by_slug(db, arena, "nevsky", &found), CXM_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_int_eq(cxm_business_by_slug(db, arena, "nowhere", &found), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(found, 0);
}
END_TEST

START_TEST(business_create_refuses)
{
	long long id = 0;
	const char *why = NULL;
	struct cxm_new_business nb = {"nevsky", "Салон", "salon", "ru", "Europe/Moscow"};
	ck_assert_int_eq(cxm_business_create(db, &nb, &id, &why), CXM_OK);
	static const struct {
		struct cxm_new_business b;
		const char *why;
	} bad[] = {
		{{"nevsky", "Другой", "other", "ru", "UTC"}, "This short name is already taken."},
		{{"mars", "Mars", "other", "ru", "Mars/Olympus"}, "Unknown time zone; use a name such as Europe/Moscow."},
		{{"mars", "Mars", "other", "ru", "../etc/passwd"}, "Unknown time zone; use a name such as Europe/Moscow."},
		{{"mars", "Mars", "bakery", "ru", "UTC"}, "Choose an industry from the list."},
		{{"mars", "Mars", "other", "de", "UTC"}, "The language must be ru or en."},
		{{"mars", "", "other", "ru", "UTC"}, "Enter the business name (up to 200 characters)."},
		{{"Mars", "Mars", "other", "ru", "UTC"},
		 "The short name may contain only lower-case Latin letters, digits and '-', and must not start "
		 "with '-'."},
		{{"m", "Mars", "other", "ru", "UTC"}, "The short name must be 2 to 64 characters long."},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		ck_assert_int_eq(cxm_business_create(db, &bad[i].b, &id, &why), CXM_ERR_INVALID);
		ck_assert_msg(why && strcmp(why, bad[i].why) == 0, "case %zu: %s", i, why ? why : "(null)");
	}
	ck_assert_int_eq(count("SELECT COUNT(*) FROM businesses", CXM_NOPARAMS), 1);
	ck_assert_str_eq(value("SELECT name FROM businesses", CXM_NOPARAMS), "Салон");
}
END_TEST

START_TEST(user_create_and_lookup)
{
	long long id = -1, found = -1;
	ck_assert_int_eq(cxm_user_create(db, "ann@example.com", "Ann", "en", NULL, &id), CXM_OK);
	ck_assert_int_eq(id, 1);
	ck_assert_int_eq(cxm_user_by_email(db, arena, "ann@example.com", &found), CXM_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_int_eq(cxm_user_by_email(db, arena, "bob@example.com", &found), CXM_OK);
	ck_assert_int_eq(found, 0);
	struct cxm_rows r;
	ck_assert(cxm_db_query(db, arena,
	                       "SELECT email, name, language, password_hash, password_changed_at, disabled,"
	                       " site_admin FROM users WHERE id = 1",
	                       CXM_NOPARAMS, &r) == CXM_OK);
	ck_assert_str_eq(cxm_rows_get(&r, 0, 0), "ann@example.com");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 1), "Ann");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 2), "en");
	ck_assert_ptr_null(cxm_rows_get(&r, 0, 3));   /* invited: no password yet */
	ck_assert_ptr_null(cxm_rows_get(&r, 0, 4));
	ck_assert_str_eq(cxm_rows_get(&r, 0, 5), "0");
	ck_assert_str_eq(cxm_rows_get(&r, 0, 6), "0");

	ck_assert_int_eq(cxm_user_create(db, "bob@example.com", "Боб", "ru", "$argon2id$fake", &id), CXM_OK);
	ck_assert_int_eq(id, 2);
	ck_assert_str_eq(hash_of("bob@example.com"), "$argon2id$fake");
	ck_assert_ptr_nonnull(value("SELECT password_changed_at FROM users WHERE id = 2", CXM_NOPARAMS));
	/* the e-mail is unique */
	ck_assert_int_eq(cxm_user_create(db, "bob@example.com", "Bob", "ru", NULL, &id), CXM_ERR_DB);
	ck_assert_uint_eq(cxm_db_errno(db), 1062);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM users", CXM_NOPARAMS), 2);
}
END_TEST

START_TEST(membership_set)
{
	struct cxm_new_business nb = {"nevsky", "Салон", "salon", "ru", "Europe/Moscow"};
	long long bid = 0, uid = 0;
	const char *why;
	ck_assert_int_eq(cxm_business_create(db, &nb, &bid, &why), CXM_OK);
	ck_assert_int_eq(cxm_user_create(db, "ann@example.com", "Ann", "ru", NULL, &uid), CXM_OK);
	ck_assert_int_eq(cxm_membership_set(db, bid, uid, CXM_ROLE_ANALYST), CXM_OK);
	const char *q = "SELECT CONCAT(business_id, ' ', user_id, ' ', role, ' ', disabled) FROM memberships";
	ck_assert_str_eq(value(q, CXM_NOPARAMS), "1 1 analyst 0");
	/* suspended in the business, then given another role: back, with it */
	ck_assert(cxm_db_exec(db, "UPDATE memberships SET disabled = 1", CXM_NOPARAMS, NULL, NULL) == CXM_OK);
	ck_assert_str_eq(value(q, CXM_NOPARAMS), "1 1 analyst 1");
	ck_assert_int_eq(cxm_membership_set(db, bid, uid, CXM_ROLE_ADMIN), CXM_OK);
	ck_assert_str_eq(value(q, CXM_NOPARAMS), "1 1 admin 0");
	ck_assert_int_eq(cxm_membership_set(db, bid, uid, CXM_ROLE_OWNER), CXM_OK);
	ck_assert_str_eq(value(q, CXM_NOPARAMS), "1 1 owner 0");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM memberships", CXM_NOPARAMS), 1);
	/* no such business: the foreign key refuses */
	ck_assert_int_eq(cxm_membership_set(db, 99, uid, CXM_ROLE_OWNER), CXM_ERR_DB);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM memberships", CXM_NOPARAMS), 1);
}
END_TEST

/* ---- cxmctl business ------------------------------------------------- */

START_TEST(ctl_business_add_and_list)
{
	struct run r;
	ctl(&r, NULL, "business add --name 'Салон на Невском' --industry salon nevsky");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "business nevsky created (id 1)\n");
	ck_assert_str_eq(r.err, "");
	ctl(&r, NULL, "business add demo");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "business demo created (id 2)\n");
	ctl(&r, NULL, "business add en-shop --locale en --timezone UTC --industry retail --name Shop");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "business en-shop created (id 3)\n");

	ck_assert_str_eq(value("SELECT CONCAT_WS('|', slug, name, industry, locale, timezone) FROM businesses"
	                       " WHERE id = 1", CXM_NOPARAMS),
	                 "nevsky|Салон на Невском|salon|ru|Europe/Moscow");
	/* the defaults */
	ck_assert_str_eq(value("SELECT CONCAT_WS('|', slug, name, industry, locale, timezone) FROM businesses"
	                       " WHERE id = 2", CXM_NOPARAMS),
	                 "demo|demo|other|ru|Europe/Moscow");
	ck_assert_str_eq(value("SELECT CONCAT_WS('|', slug, name, industry, locale, timezone) FROM businesses"
	                       " WHERE id = 3", CXM_NOPARAMS),
	                 "en-shop|Shop|retail|en|UTC");

	ctl(&r, NULL, "business list");
	OK_RUN(r);
	ck_assert_str_eq(r.out,
	                 "SLUG     NAME              MEMBERS\n"
	                 "demo     demo              0\n"
	                 "en-shop  Shop              0\n"
	                 "nevsky   Салон на Невском  0\n");

	ck_assert_str_eq(audit_rows(),
	                 "business_created|1|nevsky|Салон на Невском|cxmctl|-|\n"
	                 "business_created|2|demo|demo|cxmctl|-|\n"
	                 "business_created|3|en-shop|Shop|cxmctl|-|\n");

	/* members are counted */
	ctl(&r, PW1 "\n", "user add --business demo --role owner ann@example.com");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --business demo --role analyst bob@example.com");
	OK_RUN(r);
	ctl(&r, NULL, "business list");
	OK_RUN(r);
	ck_assert_str_eq(r.out,
	                 "SLUG     NAME              MEMBERS\n"
	                 "demo     demo              2\n"
	                 "en-shop  Shop              0\n"
	                 "nevsky   Салон на Невском  0\n");
}
END_TEST

/* Names come from web forms: a terminal never gets their control characters. */
START_TEST(ctl_lists_hide_control_characters)
{
	struct run r;
	ctl(&r, NULL, "business add x1");
	OK_RUN(r);
	ck_assert(cxm_db_exec(db, "UPDATE businesses SET name = CONCAT('A', CHAR(27), '[2J', CHAR(7))",
	                      CXM_NOPARAMS, NULL, NULL) == CXM_OK);
	ctl(&r, NULL, "business list");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "SLUG  NAME    MEMBERS\n"
	                        "x1    A?[2J?  0\n");
	ctl(&r, PW1 "\n", "user add --business x1 --role owner ann@example.com");
	OK_RUN(r);
	/* U+009B, the one-character CSI, in UTF-8 */
	ck_assert(cxm_db_exec(db, "UPDATE users SET name = ?", CXM_PARAMS(CXM_PSTR("Ann\xc2\x9b" "2J")), NULL,
	                      NULL) == CXM_OK);
	ctl(&r, NULL, "user list --business x1");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "EMAIL            NAME    ROLE   DISABLED  SITE ADMIN\n"
	                        "ann@example.com  Ann?2J  owner  no        no\n");
	/* and cxmctl does not store them */
	ctl(&r, PW1 "\n", "user add --business x1 --role owner --name \"$(printf 'a\\033b')\" bob@example.com");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl: the name must be 1 to 200 characters of UTF-8 text\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM users", CXM_NOPARAMS), 1);
}
END_TEST

START_TEST(ctl_business_refusals)
{
	struct run r;
	ctl(&r, NULL, "business list");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "no businesses yet (cxmctl business add SLUG)\n");
	ctl(&r, NULL, "business add nevsky");
	OK_RUN(r);

	static const struct {
		const char *args, *err;
	} bad[] = {
		{"business add --name Другой nevsky",
		 "cxmctl: cannot create business nevsky: This short name is already taken.\n"},
		{"business add --timezone Mars/Olympus mars",
		 "cxmctl: cannot create business mars: Unknown time zone; use a name such as Europe/Moscow.\n"},
		{"business add --industry bakery mars",
		 "cxmctl: cannot create business mars: Choose an industry from the list.\n"},
		{"business add --locale de mars", "cxmctl: cannot create business mars: The language must be ru or en.\n"},
		{"business add --locale RU mars", "cxmctl: cannot create business mars: The language must be ru or en.\n"},
		{"business add Mars",
		 "cxmctl: cannot create business Mars: The short name may contain only lower-case Latin letters, "
		 "digits and '-', and must not start with '-'.\n"},
		{"business add --name '' mars",
		 "cxmctl: cannot create business mars: Enter the business name (up to 200 characters).\n"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ctl(&r, NULL, "%s", bad[i].args);
		ck_assert_msg(r.status == 1, "%s: status %d", bad[i].args, r.status);
		ck_assert_str_eq(r.err, bad[i].err);
		ck_assert_str_eq(r.out, "");
	}
	const char *usage = "usage: cxmctl business add [--name NAME] [--industry I] [--locale ru|en] "
	                    "[--timezone TZ] SLUG\n";
	ctl(&r, NULL, "business add");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, usage);
	ctl(&r, NULL, "business add one two");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, usage);
	ctl(&r, NULL, "business add --name");
	ck_assert_int_eq(r.status, 2);
	ctl(&r, NULL, "business add --colour red mars");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, usage));
	ctl(&r, NULL, "business list extra");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "usage: cxmctl business list\n");
	ctl(&r, NULL, "business");
	ck_assert_int_eq(r.status, 2);
	ctl(&r, NULL, "business remove nevsky");
	ck_assert_int_eq(r.status, 2);

	ck_assert_int_eq(count("SELECT COUNT(*) FROM businesses", CXM_NOPARAMS), 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM audit_log", CXM_NOPARAMS), 1);
}
END_TEST

/* ---- cxmctl user ----------------------------------------------------- */

START_TEST(ctl_user_add)
{
	struct run r;
	ctl(&r, NULL, "business add --name 'Салон на Невском' nevsky");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --business nevsky --role owner --name 'Анна Петрова' Anna@Example.COM");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user anna@example.com is owner of nevsky\n");
	ck_assert_str_eq(r.err, "");

	struct cxm_rows u;
	ck_assert(cxm_db_query(db, arena,
	                       "SELECT id, email, name, language, disabled, site_admin,"
	                       " password_changed_at IS NOT NULL FROM users",
	                       CXM_NOPARAMS, &u) == CXM_OK);
	ck_assert_uint_eq(u.nrows, 1);
	ck_assert_str_eq(cxm_rows_get(&u, 0, 0), "1");
	ck_assert_str_eq(cxm_rows_get(&u, 0, 1), "anna@example.com");
	ck_assert_str_eq(cxm_rows_get(&u, 0, 2), "Анна Петрова");
	ck_assert_str_eq(cxm_rows_get(&u, 0, 3), "ru");
	ck_assert_str_eq(cxm_rows_get(&u, 0, 4), "0");
	ck_assert_str_eq(cxm_rows_get(&u, 0, 5), "0");
	ck_assert_str_eq(cxm_rows_get(&u, 0, 6), "1");
	const char *hash = hash_of("anna@example.com");
	ck_assert_ptr_nonnull(hash);
	ck_assert_str_ne(hash, PW1);
	ck_assert_ptr_null(strstr(hash, "horse"));
	ck_assert_msg(strncmp(hash, "$argon2id$v=19$m=8,t=1,p=1$", 27) == 0, "%s", hash);
	ck_assert_int_eq(cxm_password_verify(&cfg, hash, PW1), CXM_PW_OK);
	ck_assert_int_eq(cxm_password_verify(&cfg, hash, PW1 "\n"), CXM_PW_MISMATCH);
	ck_assert_int_eq(cxm_password_verify(&cfg, hash, "correct horse"), CXM_PW_MISMATCH);
	ck_assert_str_eq(value("SELECT CONCAT_WS(' ', business_id, user_id, role, disabled) FROM memberships",
	                       CXM_NOPARAMS),
	                 "1 1 owner 0");
	ck_assert_str_eq(audit_rows(),
	                 "business_created|1|nevsky|Салон на Невском|cxmctl|-|\n"
	                 "user_created|1|anna@example.com|owner|cxmctl|-|\n");

	/* defaults: the name is the e-mail's local part; --language; only the
	 * first line of input is the password, a CR before the LF is dropped */
	ctl(&r, "first line is it\r\nsecond line\n", "user add --business nevsky --role analyst --language en bob@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user bob@example.com is analyst of nevsky\n");
	ck_assert_str_eq(value("SELECT CONCAT_WS('|', name, language) FROM users WHERE email = 'bob@example.com'",
	                       CXM_NOPARAMS),
	                 "bob|en");
	ck_assert_int_eq(cxm_password_verify(&cfg, hash_of("bob@example.com"), "first line is it"), CXM_PW_OK);
	/* a last line without its newline */
	ctl(&r, "no newline at end", "user add --business nevsky --role manager carol@example.com");
	OK_RUN(r);
	ck_assert_int_eq(cxm_password_verify(&cfg, hash_of("carol@example.com"), "no newline at end"), CXM_PW_OK);
	/* 12 Cyrillic letters are enough */
	ctl(&r, "двенадцатьбу\n", "user add --business nevsky --role admin dan@example.com");
	OK_RUN(r);
	ck_assert_int_eq(cxm_password_verify(&cfg, hash_of("dan@example.com"), "двенадцатьбу"), CXM_PW_OK);

	/* nothing printed or logged carries a hash */
	ck_assert_ptr_null(strstr(r.out, "$argon2"));
	ck_assert_ptr_null(strstr(r.err, "$argon2"));
	ck_assert_int_eq(count("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%argon2%'"
	                       " OR target LIKE '%argon2%'", CXM_NOPARAMS), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM users", CXM_NOPARAMS), 4);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM memberships", CXM_NOPARAMS), 4);
}
END_TEST

START_TEST(ctl_user_add_refusals)
{
	struct run r;
	ctl(&r, NULL, "business add nevsky");
	OK_RUN(r);
	static const struct {
		const char *input, *args, *err;
	} bad[] = {
		{"short-pw-11\n", "user add --business nevsky --role owner ann@example.com",
		 "cxmctl: The password must be at least 12 characters long.\n"},
		{"одиннадцать\n", "user add --business nevsky --role owner ann@example.com",
		 "cxmctl: The password must be at least 12 characters long.\n"},
		{"\n", "user add --business nevsky --role owner ann@example.com",
		 "cxmctl: The password must be at least 12 characters long.\n"},
		{NULL, "user add --business nevsky --role owner ann@example.com",
		 "cxmctl: expected the password on the first line of standard input\n"},
		{PW1 "\n", "user add --business nope --role owner ann@example.com",
		 "cxmctl: no business 'nope' (cxmctl business list shows them)\n"},
		{PW1 "\n", "user add --business nevsky --role boss ann@example.com",
		 "cxmctl: unknown role 'boss' (owner, admin, manager or analyst)\n"},
		{PW1 "\n", "user add --business nevsky --role owner --language de ann@example.com",
		 "cxmctl: The language must be ru or en.\n"},
		{PW1 "\n", "user add --business nevsky --role owner ann.example.com",
		 "cxmctl: 'ann.example.com' is not a valid e-mail address\n"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ctl(&r, bad[i].input, "%s", bad[i].args);
		ck_assert_msg(r.status == 1, "case %zu: status %d", i, r.status);
		ck_assert_str_eq(r.err, bad[i].err);
		ck_assert_str_eq(r.out, "");
	}
	/* 129 characters are too many */
	char lng[200];
	memset(lng, 'p', 129);
	strcpy(lng + 129, "\n");
	ctl(&r, lng, "user add --business nevsky --role owner ann@example.com");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl: The password must be at most 128 characters long.\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM users", CXM_NOPARAMS), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM memberships", CXM_NOPARAMS), 0);

	/* usage errors */
	const char *usage_errors[] = {
		"user add --role owner ann@example.com",                        /* no --business */
		"user add --business nevsky ann@example.com",                   /* no --role */
		"user add --site-admin --role owner ann@example.com",           /* --role without --business */
		"user add --business nevsky --role owner",                      /* no e-mail */
		"user add --business nevsky --role owner a@example.com b@example.com",
		"user add --business nevsky --role owner --bogus ann@example.com",
		"user",
		"user frob",
		"user list extra",
		"user list --business",
	};
	for (size_t i = 0; i < sizeof(usage_errors) / sizeof(usage_errors[0]); i++) {
		ctl(&r, PW1 "\n", "%s", usage_errors[i]);
		ck_assert_msg(r.status == 2, "%s: status %d", usage_errors[i], r.status);
		ck_assert_msg(strstr(r.err, "usage: cxmctl user") != NULL, "%s: %s", usage_errors[i], r.err);
		ck_assert_str_eq(r.out, "");
	}
	ctl(&r, PW1 "\n", "user add --role owner ann@example.com");
	ck_assert_ptr_nonnull(strstr(r.err, "cxmctl: --business is required (it may be left out only with --site-admin)\n"));
	ck_assert_int_eq(count("SELECT COUNT(*) FROM users", CXM_NOPARAMS), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM audit_log WHERE action <> 'business_created'", CXM_NOPARAMS), 0);
}
END_TEST

START_TEST(ctl_user_second_business)
{
	struct run r;
	ctl(&r, NULL, "business add first");
	OK_RUN(r);
	ctl(&r, NULL, "business add second");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --business first --role owner --name Ann ann@example.com");
	OK_RUN(r);
	const char *h1 = hash_of("ann@example.com");

	/* another business: a membership more, the password stays */
	ctl(&r, PW2 "\n", "user add --business second --role manager --name Other ANN@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user ann@example.com exists; password unchanged\n"
	                        "user ann@example.com is manager of second\n");
	ck_assert_str_eq(hash_of("ann@example.com"), h1);
	ck_assert_int_eq(cxm_password_verify(&cfg, h1, PW1), CXM_PW_OK);
	ck_assert_int_eq(cxm_password_verify(&cfg, h1, PW2), CXM_PW_MISMATCH);
	ck_assert_str_eq(value("SELECT name FROM users", CXM_NOPARAMS), "Ann");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM users", CXM_NOPARAMS), 1);
	ck_assert_str_eq(value("SELECT GROUP_CONCAT(business_id, ':', role ORDER BY business_id) FROM memberships",
	                       CXM_NOPARAMS),
	                 "1:owner,2:manager");

	/* a new role in the first business; sessions survive */
	long long uid = user_id("ann@example.com");
	add_session(uid, 1);
	add_session(uid, 2);
	ck_assert(cxm_db_exec(db, "UPDATE memberships SET disabled = 1 WHERE business_id = 1", CXM_NOPARAMS,
	                      NULL, NULL) == CXM_OK);
	ctl(&r, NULL, "user add --business first --role admin ann@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user ann@example.com exists; password unchanged\n"
	                        "user ann@example.com is admin of first\n");
	ck_assert_str_eq(value("SELECT GROUP_CONCAT(business_id, ':', role, ':', disabled ORDER BY business_id)"
	                       " FROM memberships", CXM_NOPARAMS),
	                 "1:admin:0,2:manager:0");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM sessions", CXM_NOPARAMS), 2);

	/* --reset-password: the new one, and every session ends */
	ctl(&r, PW2 "\n", "user add --business first --role admin --reset-password ann@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user ann@example.com: password set, 2 sessions ended\n"
	                        "user ann@example.com is admin of first\n");
	const char *h2 = hash_of("ann@example.com");
	ck_assert_str_ne(h2, h1);
	ck_assert_int_eq(cxm_password_verify(&cfg, h2, PW2), CXM_PW_OK);
	ck_assert_int_eq(cxm_password_verify(&cfg, h2, PW1), CXM_PW_MISMATCH);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM sessions", CXM_NOPARAMS), 0);
	/* a refused new password changes nothing */
	ctl(&r, "too short\n", "user add --business first --role owner --reset-password ann@example.com");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(hash_of("ann@example.com"), h2);
	ck_assert_str_eq(value("SELECT role FROM memberships WHERE business_id = 1", CXM_NOPARAMS), "admin");

	ck_assert_str_eq(audit_rows(),
	                 "business_created|1|first|first|cxmctl|-|\n"
	                 "business_created|2|second|second|cxmctl|-|\n"
	                 "user_created|1|ann@example.com|owner|cxmctl|-|\n"
	                 "user_created|2|ann@example.com|manager, existing account|cxmctl|-|\n"
	                 "role_changed|1|ann@example.com|owner -> admin|cxmctl|-|\n"
	                 "user_enabled|1|ann@example.com|suspension lifted with cxmctl|cxmctl|-|\n"
	                 "password_reset|-|ann@example.com|set with cxmctl; all sessions ended|cxmctl|-|\n");
}
END_TEST

START_TEST(ctl_invited_user_gets_a_password)
{
	struct run r;
	ctl(&r, NULL, "business add nevsky");
	OK_RUN(r);
	long long uid = 0;
	ck_assert_int_eq(cxm_user_create(db, "inv@example.com", "Invited", "ru", NULL, &uid), CXM_OK);
	ctl(&r, PW1 "\n", "user add --business nevsky --role manager inv@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user inv@example.com: password set, 0 sessions ended\n"
	                        "user inv@example.com is manager of nevsky\n");
	ck_assert_int_eq(cxm_password_verify(&cfg, hash_of("inv@example.com"), PW1), CXM_PW_OK);
}
END_TEST

START_TEST(ctl_site_admin)
{
	struct run r;
	ctl(&r, PW1 "\n", "user add --site-admin --name Ops ops@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user ops@example.com is a site admin\n");
	ck_assert_str_eq(value("SELECT CONCAT_WS('|', email, name, site_admin, disabled) FROM users", CXM_NOPARAMS),
	                 "ops@example.com|Ops|1|0");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM memberships", CXM_NOPARAMS), 0);
	ck_assert_int_eq(cxm_password_verify(&cfg, hash_of("ops@example.com"), PW1), CXM_PW_OK);

	/* an owner who becomes a site admin too */
	ctl(&r, NULL, "business add demo");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --business demo --role owner own@example.com");
	OK_RUN(r);
	ck_assert_str_eq(value("SELECT site_admin FROM users WHERE email = 'own@example.com'", CXM_NOPARAMS), "0");
	ctl(&r, NULL, "user add --business demo --role owner --site-admin own@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user own@example.com exists; password unchanged\n"
	                        "user own@example.com is owner of demo\n"
	                        "user own@example.com is a site admin\n");
	ck_assert_str_eq(value("SELECT site_admin FROM users WHERE email = 'own@example.com'", CXM_NOPARAMS), "1");
	/* both at once for a new user */
	ctl(&r, PW1 "\n", "user add --business demo --role admin --site-admin both@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user both@example.com is admin of demo\nuser both@example.com is a site admin\n");

	ck_assert_str_eq(audit_rows(),
	                 "user_created|-|ops@example.com|site admin|cxmctl|-|\n"
	                 "business_created|1|demo|demo|cxmctl|-|\n"
	                 "user_created|1|own@example.com|owner|cxmctl|-|\n"
	                 "role_changed|-|own@example.com|site admin|cxmctl|-|\n"
	                 "user_created|1|both@example.com|admin, site admin|cxmctl|-|\n");

	ctl(&r, NULL, "user list");
	OK_RUN(r);
	ck_assert_str_eq(r.out,
	                 "EMAIL             NAME  ROLES       DISABLED  SITE ADMIN\n"
	                 "both@example.com  both  demo:admin  no        yes\n"
	                 "ops@example.com   Ops   -           no        yes\n"
	                 "own@example.com   own   demo:owner  no        yes\n");
}
END_TEST

START_TEST(ctl_user_list)
{
	struct run r;
	ctl(&r, NULL, "user list");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "no users\n");
	ctl(&r, NULL, "business add alpha");
	OK_RUN(r);
	ctl(&r, NULL, "business add beta");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --business beta --role manager --name 'Жанна' zh@example.com");
	OK_RUN(r);
	ctl(&r, NULL, "user add --business alpha --role analyst zh@example.com");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --business alpha --role owner --name 'Ann Long-Name' ann@example.com");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --site-admin ops@example.com");
	OK_RUN(r);
	ck_assert(cxm_db_exec(db, "UPDATE memberships m JOIN users u ON u.id = m.user_id SET m.disabled = 1"
	                          " WHERE u.email = 'zh@example.com' AND m.business_id = 2",
	                      CXM_NOPARAMS, NULL, NULL) == CXM_OK);
	ctl(&r, NULL, "user disable ann@example.com");
	OK_RUN(r);

	ctl(&r, NULL, "user list");
	OK_RUN(r);
	ck_assert_str_eq(r.out,
	                 "EMAIL            NAME           ROLES                                    DISABLED  SITE ADMIN\n"
	                 "ann@example.com  Ann Long-Name  alpha:owner                              yes       no\n"
	                 "ops@example.com  ops            -                                        no        yes\n"
	                 "zh@example.com   Жанна          alpha:analyst, beta:manager (suspended)  no        no\n");
	ctl(&r, NULL, "user list --business alpha");
	OK_RUN(r);
	ck_assert_str_eq(r.out,
	                 "EMAIL            NAME           ROLE     DISABLED  SITE ADMIN\n"
	                 "ann@example.com  Ann Long-Name  owner    yes       no\n"
	                 "zh@example.com   Жанна          analyst  no        no\n");
	ctl(&r, NULL, "user list --business beta");
	OK_RUN(r);
	ck_assert_str_eq(r.out,
	                 "EMAIL           NAME   ROLE                 DISABLED  SITE ADMIN\n"
	                 "zh@example.com  Жанна  manager (suspended)  no        no\n");
	ctl(&r, NULL, "business add gamma");
	OK_RUN(r);
	ctl(&r, NULL, "user list --business gamma");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "no users in gamma\n");
	ctl(&r, NULL, "user list --business nope");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl: no business 'nope' (cxmctl business list shows them)\n");
}
END_TEST

START_TEST(ctl_user_disable_enable)
{
	struct run r;
	ctl(&r, NULL, "business add nevsky");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --business nevsky --role owner ann@example.com");
	OK_RUN(r);
	ctl(&r, PW1 "\n", "user add --business nevsky --role analyst bob@example.com");
	OK_RUN(r);
	long long ann = user_id("ann@example.com"), bob = user_id("bob@example.com");
	add_session(ann, 1);
	add_session(ann, 2);
	add_session(bob, 3);

	ctl(&r, NULL, "user disable Ann@Example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user ann@example.com disabled, 2 sessions ended\n");
	ck_assert_str_eq(value("SELECT GROUP_CONCAT(email, ':', disabled ORDER BY email) FROM users", CXM_NOPARAMS),
	                 "ann@example.com:1,bob@example.com:0");
	/* only ann's sessions ended; the membership itself is untouched */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM sessions", CXM_NOPARAMS), 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM sessions WHERE user_id = ?", CXM_PARAMS(CXM_PINT(bob))), 1);
	ck_assert_str_eq(value("SELECT CONCAT(role, disabled) FROM memberships WHERE user_id = ?",
	                       CXM_PARAMS(CXM_PINT(ann))),
	                 "owner0");
	ctl(&r, NULL, "user disable ann@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user ann@example.com disabled, 0 sessions ended\n");

	ctl(&r, NULL, "user enable ann@example.com");
	OK_RUN(r);
	ck_assert_str_eq(r.out, "user ann@example.com enabled\n");
	ck_assert_str_eq(value("SELECT disabled FROM users WHERE id = ?", CXM_PARAMS(CXM_PINT(ann))), "0");

	ctl(&r, NULL, "user disable nobody@example.com");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl: no user nobody@example.com\n");
	ctl(&r, NULL, "user enable not-an-address");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "cxmctl: 'not-an-address' is not a valid e-mail address\n");
	ctl(&r, NULL, "user disable");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "usage: cxmctl user disable EMAIL\n");
	ctl(&r, NULL, "user enable a@example.com b@example.com");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "usage: cxmctl user enable EMAIL\n");

	ck_assert_str_eq(audit_rows(),
	                 "business_created|1|nevsky|nevsky|cxmctl|-|\n"
	                 "user_created|1|ann@example.com|owner|cxmctl|-|\n"
	                 "user_created|1|bob@example.com|analyst|cxmctl|-|\n"
	                 "user_disabled|-|ann@example.com|in every business, with cxmctl|cxmctl|-|\n"
	                 "user_disabled|-|ann@example.com|in every business, with cxmctl|cxmctl|-|\n"
	                 "user_enabled|-|ann@example.com|with cxmctl|cxmctl|-|\n");
}
END_TEST

START_TEST(ctl_help_lists_the_commands)
{
	struct run r;
	ctl(&r, NULL, "-h");
	OK_RUN(r);
	ck_assert_ptr_nonnull(strstr(r.out, "\n  business   business add [--name NAME] [--industry I] [--locale ru|en] "
	                                    "[--timezone TZ] SLUG\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "\n  user       user add --business SLUG --role owner|admin|manager|analyst"));
	ck_assert_ptr_nonnull(strstr(r.out, "user list [--business SLUG]\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "user disable EMAIL | user enable EMAIL\n"));
	ctl(&r, NULL, "user add --help");
	OK_RUN(r);
	ck_assert(strncmp(r.out, "usage: cxmctl user add --business SLUG", 38) == 0);
}
END_TEST

static Suite *accounts_suite(void)
{
	Suite *s = suite_create("accounts");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, business_create);
	tcase_add_test(tc, business_create_refuses);
	tcase_add_test(tc, user_create_and_lookup);
	tcase_add_test(tc, membership_set);
	suite_add_tcase(s, tc);
	tc = tcase_create("cxmctl");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ctl_business_add_and_list);
	tcase_add_test(tc, ctl_business_refusals);
	tcase_add_test(tc, ctl_lists_hide_control_characters);
	tcase_add_test(tc, ctl_user_add);
	tcase_add_test(tc, ctl_user_add_refusals);
	tcase_add_test(tc, ctl_user_second_business);
	tcase_add_test(tc, ctl_invited_user_gets_a_password);
	tcase_add_test(tc, ctl_site_admin);
	tcase_add_test(tc, ctl_user_list);
	tcase_add_test(tc, ctl_user_disable_enable);
	tcase_add_test(tc, ctl_help_lists_the_commands);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (sodium_init() < 0)
		return EXIT_FAILURE;
	cxm_log_open("test_accounts", CXM_LOG_STDERR, CXM_LOG_WARN);
	th_mysql_socket();
	SRunner *sr = srunner_create(accounts_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
