/* The pieces of accounts that need no database: tokens (core/token.c),
 * the password policy and Argon2id hashes (core/password.c), role names
 * (core/role.c) and the pure rules of core/account.c (e-mail, slug, time
 * zone, industry). Known answers were worked out with other tools:
 * BLAKE2b-256 of 32 zero bytes and of 32 0xff bytes with coreutils
 * "b2sum -l 256" and Python's hashlib, the base64url decodings with
 * Python's base64 module. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "conf.h"
#include "password.h"
#include "role.h"
#include "token.h"

static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* s repeated n times (n < 256), in a static buffer. */
static const char *rep(const char *s, int n)
{
	static char buf[2048];
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		strcat(buf, s);
	return buf;
}

/* ---- tokens ---------------------------------------------------------- */

START_TEST(token_new_shape)
{
	char a[CXM_TOKEN_CHARS + 1], b[CXM_TOKEN_CHARS + 1];
	memset(a, '!', sizeof(a));
	cxm_token_new(a);
	cxm_token_new(b);
	ck_assert_uint_eq(strlen(a), 43);
	ck_assert_uint_eq(strlen(b), 43);
	ck_assert_uint_eq(strspn(a, B64URL), 43);
	ck_assert_uint_eq(strspn(b, B64URL), 43);
	ck_assert_str_ne(a, b);
	/* a fresh token is well-formed: it hashes */
	unsigned char h[CXM_TOKEN_HASH_BYTES];
	ck_assert_int_eq(cxm_token_hash(a, h), 0);
	/* 32 random bytes: in 50 tokens every position takes more than one value */
	char first[CXM_TOKEN_CHARS + 1];
	strcpy(first, a);
	int differs[CXM_TOKEN_CHARS] = {0};
	for (int i = 0; i < 50; i++) {
		cxm_token_new(b);
		for (int k = 0; k < CXM_TOKEN_CHARS - 1; k++)
			differs[k] |= b[k] != first[k];
	}
	for (int k = 0; k < CXM_TOKEN_CHARS - 1; k++)
		ck_assert_msg(differs[k], "position %d never changed", k);
}
END_TEST

START_TEST(token_hash_known_vectors)
{
	unsigned char h[CXM_TOKEN_HASH_BYTES];
	char out[2 * CXM_TOKEN_HASH_BYTES + 1];
	/* 43 'A's decode to 32 zero bytes */
	ck_assert_int_eq(cxm_token_hash(rep("A", 43), h), 0);
	hex(h, sizeof(h), out);
	ck_assert_str_eq(out, "89eb0d6a8a691dae2cd15ed0369931ce0a949ecafa5c3f93f8121833646e15c3");
	/* 42 '_' and '8' decode to 32 bytes 0xff */
	char t[64];
	snprintf(t, sizeof(t), "%s8", rep("_", 42));
	ck_assert_int_eq(cxm_token_hash(t, h), 0);
	hex(h, sizeof(h), out);
	ck_assert_str_eq(out, "e2021160500f01190b8b9f36f9d0d1dacf8e91ae70deed6ddda43ed414585ed4");
	/* 42 'A's and 'E' decode to 31 zero bytes and 0x01 */
	snprintf(t, sizeof(t), "%sE", rep("A", 42));
	ck_assert_int_eq(cxm_token_hash(t, h), 0);
	hex(h, sizeof(h), out);
	ck_assert_str_eq(out, "33e423980c9b37d048bd5fadbd4a2aeb95146922045405accc2f468d0ef96988");
}
END_TEST

START_TEST(token_hash_same_and_different)
{
	char a[CXM_TOKEN_CHARS + 1], b[CXM_TOKEN_CHARS + 1];
	unsigned char h1[CXM_TOKEN_HASH_BYTES], h2[CXM_TOKEN_HASH_BYTES], h3[CXM_TOKEN_HASH_BYTES];
	cxm_token_new(a);
	strcpy(b, a);
	ck_assert_int_eq(cxm_token_hash(a, h1), 0);
	ck_assert_int_eq(cxm_token_hash(b, h2), 0);
	ck_assert_mem_eq(h1, h2, sizeof(h1));
	b[0] = b[0] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(cxm_token_hash(b, h3), 0);
	ck_assert(memcmp(h1, h3, sizeof(h1)) != 0);
}
END_TEST

START_TEST(token_hash_rejects)
{
	unsigned char h[CXM_TOKEN_HASH_BYTES];
	char t[64];
	ck_assert_int_eq(cxm_token_hash(NULL, h), -1);
	ck_assert_int_eq(cxm_token_hash("", h), -1);
	ck_assert_int_eq(cxm_token_hash(rep("A", 42), h), -1);
	ck_assert_int_eq(cxm_token_hash(rep("A", 44), h), -1);
	ck_assert_int_eq(cxm_token_hash(rep("A", 64), h), -1);
	/* characters outside base64url, each in an otherwise good token.
	 * (Bytes 0x80-0xff are left out: libsodium 1.0.18's decoder takes them
	 * as '_', so core/token.c would have to check the alphabet itself.) */
	const char *bad[] = {"+", "/", "=", " ", ".", "%", "\t"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(t, sizeof(t), "%s%s", rep("A", 42), bad[i]);
		ck_assert_msg(cxm_token_hash(t, h) == -1, "accepted a token ending in '%s'", bad[i]);
		snprintf(t, sizeof(t), "%s%s", bad[i], rep("A", 42));
		ck_assert_msg(cxm_token_hash(t, h) == -1, "accepted a token starting with '%s'", bad[i]);
	}
	/* padding after 42 characters, or a non-canonical last character (its
	 * unused low bits set: 'B' is 000001) */
	snprintf(t, sizeof(t), "%s=", rep("A", 42));
	ck_assert_int_eq(cxm_token_hash(t, h), -1);
	snprintf(t, sizeof(t), "%sB", rep("A", 42));
	ck_assert_int_eq(cxm_token_hash(t, h), -1);
}
END_TEST

START_TEST(token_equal)
{
	ck_assert_int_eq(cxm_token_equal("abc", "abc"), 1);
	ck_assert_int_eq(cxm_token_equal("abc", "abd"), 0);
	ck_assert_int_eq(cxm_token_equal("xbc", "abc"), 0);
	ck_assert_int_eq(cxm_token_equal("abc", "abcd"), 0);
	ck_assert_int_eq(cxm_token_equal("abcd", "abc"), 0);
	ck_assert_int_eq(cxm_token_equal("abc", "ABC"), 0);
	ck_assert_int_eq(cxm_token_equal(NULL, "abc"), 0);
	ck_assert_int_eq(cxm_token_equal("abc", NULL), 0);
	ck_assert_int_eq(cxm_token_equal(NULL, NULL), 0);
	ck_assert_int_eq(cxm_token_equal("", ""), 0);
	ck_assert_int_eq(cxm_token_equal("", "a"), 0);
	char a[CXM_TOKEN_CHARS + 1], b[CXM_TOKEN_CHARS + 1];
	cxm_token_new(a);
	strcpy(b, a);
	ck_assert_int_eq(cxm_token_equal(a, b), 1);
	b[42] = b[42] == 'A' ? 'Q' : 'A';
	ck_assert_int_eq(cxm_token_equal(a, b), 0);
}
END_TEST

/* ---- passwords ------------------------------------------------------- */

#define TOO_SHORT "The password must be at least 12 characters long."
#define TOO_LONG "The password must be at most 128 characters long."

START_TEST(password_policy)
{
	ck_assert_str_eq(cxm_password_policy(NULL), TOO_SHORT);
	ck_assert_str_eq(cxm_password_policy(""), TOO_SHORT);
	ck_assert_str_eq(cxm_password_policy("12345678901"), TOO_SHORT);
	ck_assert_ptr_null(cxm_password_policy("123456789012"));
	ck_assert_ptr_null(cxm_password_policy(rep("p", 128)));
	ck_assert_str_eq(cxm_password_policy(rep("p", 129)), TOO_LONG);
	/* no composition rules: twelve spaces are a password */
	ck_assert_ptr_null(cxm_password_policy("            "));
	/* characters, not bytes: 12 Cyrillic letters are 24 bytes */
	const char *cyr12 = "пароль-длина";   /* 11 letters and '-' */
	ck_assert_uint_eq(strlen(cyr12), 23);
	ck_assert_ptr_null(cxm_password_policy(cyr12));
	ck_assert_uint_eq(strlen(rep("ж", 12)), 24);
	ck_assert_ptr_null(cxm_password_policy(rep("ж", 12)));
	ck_assert_str_eq(cxm_password_policy(rep("ж", 11)), TOO_SHORT);   /* 22 bytes */
	ck_assert_ptr_null(cxm_password_policy(rep("ж", 128)));            /* 256 bytes */
	ck_assert_str_eq(cxm_password_policy(rep("ж", 129)), TOO_LONG);
	/* 4-byte characters count once each */
	ck_assert_str_eq(cxm_password_policy(rep("\xf0\x9f\x94\x91", 11)), TOO_SHORT);
	ck_assert_ptr_null(cxm_password_policy(rep("\xf0\x9f\x94\x91", 12)));
}
END_TEST

static struct cxm_config cheap, dearer;

static void pw_setup(void)
{
	char err[256];
	cxm_config_defaults(&cheap);
	ck_assert_int_eq(cxm_config_set(&cheap, "password_opslimit", "1", err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cxm_config_set(&cheap, "password_memlimit", "8K", err, sizeof(err)), CXM_OK);
	cxm_config_defaults(&dearer);
	ck_assert_int_eq(cxm_config_set(&dearer, "password_opslimit", "2", err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cxm_config_set(&dearer, "password_memlimit", "16K", err, sizeof(err)), CXM_OK);
}

static void pw_teardown(void)
{
	cxm_config_free(&cheap);
	cxm_config_free(&dearer);
}

START_TEST(password_hash_and_verify)
{
	char hash[crypto_pwhash_STRBYTES], again[crypto_pwhash_STRBYTES];
	memset(hash, 'x', sizeof(hash));
	ck_assert_int_eq(cxm_password_hash(&cheap, "correct horse battery", hash, sizeof(hash)), CXM_OK);
	/* Argon2id, version 0x13, m = 8 KiB, t = 1, one lane */
	ck_assert_msg(strncmp(hash, "$argon2id$v=19$m=8,t=1,p=1$", 27) == 0, "%s", hash);
	ck_assert_ptr_null(strstr(hash, "correct"));
	ck_assert_int_eq(cxm_password_verify(&cheap, hash, "correct horse battery"), CXM_PW_OK);
	ck_assert_int_eq(cxm_password_verify(&cheap, hash, "correct horse batterY"), CXM_PW_MISMATCH);
	ck_assert_int_eq(cxm_password_verify(&cheap, hash, "correct horse battery "), CXM_PW_MISMATCH);
	ck_assert_int_eq(cxm_password_verify(&cheap, hash, ""), CXM_PW_MISMATCH);
	ck_assert_int_eq(cxm_password_verify(&cheap, NULL, "correct horse battery"), CXM_PW_MISMATCH);
	ck_assert_int_eq(cxm_password_verify(&cheap, "", "correct horse battery"), CXM_PW_MISMATCH);
	ck_assert_int_eq(cxm_password_verify(&cheap, "$argon2id$garbage", "correct horse battery"),
	                 CXM_PW_MISMATCH);
	/* a random salt: the same password hashes differently, both verify */
	ck_assert_int_eq(cxm_password_hash(&cheap, "correct horse battery", again, sizeof(again)), CXM_OK);
	ck_assert_str_ne(hash, again);
	ck_assert_int_eq(cxm_password_verify(&cheap, again, "correct horse battery"), CXM_PW_OK);
	/* UTF-8 passwords */
	ck_assert_int_eq(cxm_password_hash(&cheap, "пароль-длина", again, sizeof(again)), CXM_OK);
	ck_assert_int_eq(cxm_password_verify(&cheap, again, "пароль-длина"), CXM_PW_OK);
	ck_assert_int_eq(cxm_password_verify(&cheap, again, "пароль-длинa"), CXM_PW_MISMATCH);  /* Latin a */
	/* too small an output buffer */
	ck_assert_int_eq(cxm_password_hash(&cheap, "correct horse battery", again, 20), CXM_ERR_NOMEM);
}
END_TEST

START_TEST(password_rehash_on_other_costs)
{
	char hash[crypto_pwhash_STRBYTES], dear[crypto_pwhash_STRBYTES];
	ck_assert_int_eq(cxm_password_hash(&cheap, "correct horse battery", hash, sizeof(hash)), CXM_OK);
	ck_assert_int_eq(cxm_password_verify(&dearer, hash, "correct horse battery"), CXM_PW_OK_REHASH);
	ck_assert_int_eq(cxm_password_verify(&dearer, hash, "wrong horse battery"), CXM_PW_MISMATCH);
	ck_assert_int_eq(cxm_password_hash(&dearer, "correct horse battery", dear, sizeof(dear)), CXM_OK);
	ck_assert_msg(strncmp(dear, "$argon2id$v=19$m=16,t=2,p=1$", 28) == 0, "%s", dear);
	ck_assert_int_eq(cxm_password_verify(&dearer, dear, "correct horse battery"), CXM_PW_OK);
	ck_assert_int_eq(cxm_password_verify(&cheap, dear, "correct horse battery"), CXM_PW_OK_REHASH);
	/* one cost differing is enough */
	char err[256];
	ck_assert_int_eq(cxm_config_set(&dearer, "password_opslimit", "1", err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cxm_password_verify(&dearer, hash, "correct horse battery"), CXM_PW_OK_REHASH);
	ck_assert_int_eq(cxm_config_set(&dearer, "password_memlimit", "8K", err, sizeof(err)), CXM_OK);
	ck_assert_int_eq(cxm_password_verify(&dearer, hash, "correct horse battery"), CXM_PW_OK);
}
END_TEST

/* ---- roles ----------------------------------------------------------- */

START_TEST(roles)
{
	ck_assert_int_eq(cxm_role_from_name("analyst"), CXM_ROLE_ANALYST);
	ck_assert_int_eq(cxm_role_from_name("manager"), CXM_ROLE_MANAGER);
	ck_assert_int_eq(cxm_role_from_name("admin"), CXM_ROLE_ADMIN);
	ck_assert_int_eq(cxm_role_from_name("owner"), CXM_ROLE_OWNER);
	ck_assert_int_eq(cxm_role_from_name("Owner"), CXM_ROLE_NONE);
	ck_assert_int_eq(cxm_role_from_name("administrator"), CXM_ROLE_NONE);
	ck_assert_int_eq(cxm_role_from_name("owner "), CXM_ROLE_NONE);
	ck_assert_int_eq(cxm_role_from_name(""), CXM_ROLE_NONE);
	ck_assert_int_eq(cxm_role_from_name(NULL), CXM_ROLE_NONE);
	/* least to most trusted */
	ck_assert_int_lt(CXM_ROLE_NONE, CXM_ROLE_ANALYST);
	ck_assert_int_lt(CXM_ROLE_ANALYST, CXM_ROLE_MANAGER);
	ck_assert_int_lt(CXM_ROLE_MANAGER, CXM_ROLE_ADMIN);
	ck_assert_int_lt(CXM_ROLE_ADMIN, CXM_ROLE_OWNER);
	ck_assert_str_eq(cxm_role_names[CXM_ROLE_NONE], "");
	ck_assert_str_eq(cxm_role_names[CXM_ROLE_ANALYST], "analyst");
	ck_assert_str_eq(cxm_role_names[CXM_ROLE_OWNER], "owner");
	ck_assert_str_eq(cxm_role_labels[CXM_ROLE_ADMIN], "Administrator");

	ck_assert_int_eq(cxm_access_role(CXM_ANALYST), CXM_ROLE_ANALYST);
	ck_assert_int_eq(cxm_access_role(CXM_MANAGER), CXM_ROLE_MANAGER);
	ck_assert_int_eq(cxm_access_role(CXM_ADMIN), CXM_ROLE_ADMIN);
	ck_assert_int_eq(cxm_access_role(CXM_OWNER), CXM_ROLE_OWNER);
	ck_assert_int_eq(cxm_access_role(CXM_PUBLIC), CXM_ROLE_NONE);
	ck_assert_int_eq(cxm_access_role(CXM_SIGNED_IN), CXM_ROLE_NONE);
	ck_assert_int_eq(cxm_access_role(CXM_SITE_ADMIN), CXM_ROLE_NONE);
	ck_assert_int_eq(cxm_access_role(CXM_ACCESS_UNSET), CXM_ROLE_NONE);
	ck_assert_int_eq(CXM_ACCESS_UNSET, 0);   /* the zero value is the strictest */
	ck_assert_str_eq(cxm_access_names[CXM_SITE_ADMIN], "site-admin");
}
END_TEST

/* ---- account rules --------------------------------------------------- */

START_TEST(email_normalize)
{
	struct cxm_arena *a = cxm_arena_new(1024);
	ck_assert_str_eq(cxm_email_normalize(a, "Ann@Example.COM"), "ann@example.com");
	ck_assert_str_eq(cxm_email_normalize(a, "ann@example.com"), "ann@example.com");
	ck_assert_str_eq(cxm_email_normalize(a, "O'Neil+CX@Mail.Example.RU"), "o'neil+cx@mail.example.ru");
	/* only ASCII letters are folded */
	ck_assert_str_eq(cxm_email_normalize(a, "ЖЕНЯ@Пример.РФ"), "ЖЕНЯ@Пример.РФ");
	const char *bad[] = {"", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com",
	                     "a@b@example.com", "ann @example.com", "ann@exa mple.com", "ann@.example.com",
	                     "ann@example.com.", "ann@example..com", "<ann@example.com>", "ann,b@example.com"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cxm_email_normalize(a, bad[i]) == NULL, "accepted '%s'", bad[i]);
	ck_assert_ptr_null(cxm_email_normalize(a, NULL));
	/* the local part has at most 64 characters */
	char e[128];
	snprintf(e, sizeof(e), "%s@example.com", rep("a", 64));
	ck_assert_ptr_nonnull(cxm_email_normalize(a, e));
	snprintf(e, sizeof(e), "%s@example.com", rep("a", 65));
	ck_assert_ptr_null(cxm_email_normalize(a, e));
	cxm_arena_free(a);
}
END_TEST

#define SLUG_LENGTH "The short name must be 2 to 64 characters long."
#define SLUG_CHARS \
	"The short name may contain only lower-case Latin letters, digits and '-', and must not start with '-'."

START_TEST(slug_problem)
{
	ck_assert_ptr_null(cxm_slug_problem("demo"));
	ck_assert_ptr_null(cxm_slug_problem("ab"));
	ck_assert_ptr_null(cxm_slug_problem("salon-nevsky-2"));
	ck_assert_ptr_null(cxm_slug_problem("2gis"));
	ck_assert_ptr_null(cxm_slug_problem("x-"));
	ck_assert_ptr_null(cxm_slug_problem(rep("a", 64)));
	ck_assert_str_eq(cxm_slug_problem(rep("a", 65)), SLUG_LENGTH);
	ck_assert_str_eq(cxm_slug_problem("a"), SLUG_LENGTH);
	ck_assert_str_eq(cxm_slug_problem(""), SLUG_LENGTH);
	ck_assert_str_eq(cxm_slug_problem(NULL), SLUG_LENGTH);
	ck_assert_str_eq(cxm_slug_problem("Demo"), SLUG_CHARS);
	ck_assert_str_eq(cxm_slug_problem("deMo"), SLUG_CHARS);
	ck_assert_str_eq(cxm_slug_problem("-demo"), SLUG_CHARS);
	ck_assert_str_eq(cxm_slug_problem("de mo"), SLUG_CHARS);
	ck_assert_str_eq(cxm_slug_problem("de_mo"), SLUG_CHARS);
	ck_assert_str_eq(cxm_slug_problem("de.mo"), SLUG_CHARS);
	ck_assert_str_eq(cxm_slug_problem("../x"), SLUG_CHARS);
	ck_assert_str_eq(cxm_slug_problem("демо"), SLUG_CHARS);
}
END_TEST

START_TEST(timezone_valid)
{
	ck_assert_int_eq(cxm_timezone_valid("Europe/Moscow"), 1);
	ck_assert_int_eq(cxm_timezone_valid("UTC"), 1);
	ck_assert_int_eq(cxm_timezone_valid("Asia/Yekaterinburg"), 1);
	ck_assert_int_eq(cxm_timezone_valid("America/Argentina/Buenos_Aires"), 1);
	ck_assert_int_eq(cxm_timezone_valid("../etc/passwd"), 0);
	ck_assert_int_eq(cxm_timezone_valid("Europe/../../../etc/passwd"), 0);
	ck_assert_int_eq(cxm_timezone_valid("/etc/passwd"), 0);
	ck_assert_int_eq(cxm_timezone_valid("Nowhere/City"), 0);
	ck_assert_int_eq(cxm_timezone_valid("Europe"), 0);          /* a directory */
	ck_assert_int_eq(cxm_timezone_valid("Europe/Moscow "), 0);
	ck_assert_int_eq(cxm_timezone_valid("europe/moscow"), 0);
	ck_assert_int_eq(cxm_timezone_valid(""), 0);
	ck_assert_int_eq(cxm_timezone_valid(NULL), 0);
	ck_assert_int_eq(cxm_timezone_valid(rep("A", 65)), 0);
}
END_TEST

START_TEST(industry_valid)
{
	static const char *const want[] = {"salon", "retail", "hosting", "restaurant", "clinic",
	                                   "fitness", "education", "other"};
	size_t n = 0;
	while (cxm_industries[n])
		n++;
	ck_assert_uint_eq(n, 8);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(cxm_industries[i], want[i]);
		ck_assert_int_eq(cxm_industry_valid(want[i]), 1);
		ck_assert_ptr_nonnull(cxm_industry_labels[i]);
	}
	ck_assert_str_eq(cxm_industry_labels[0], "Beauty salon");
	ck_assert_str_eq(cxm_industry_labels[7], "Other services");
	ck_assert_int_eq(cxm_industry_valid("Salon"), 0);
	ck_assert_int_eq(cxm_industry_valid("salon "), 0);
	ck_assert_int_eq(cxm_industry_valid("bakery"), 0);
	ck_assert_int_eq(cxm_industry_valid(""), 0);
	ck_assert_int_eq(cxm_industry_valid(NULL), 0);
}
END_TEST

static Suite *auth_suite(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("tokens");
	tcase_add_test(tc, token_new_shape);
	tcase_add_test(tc, token_hash_known_vectors);
	tcase_add_test(tc, token_hash_same_and_different);
	tcase_add_test(tc, token_hash_rejects);
	tcase_add_test(tc, token_equal);
	suite_add_tcase(s, tc);
	tc = tcase_create("passwords");
	tcase_add_checked_fixture(tc, pw_setup, pw_teardown);
	tcase_add_test(tc, password_policy);
	tcase_add_test(tc, password_hash_and_verify);
	tcase_add_test(tc, password_rehash_on_other_costs);
	suite_add_tcase(s, tc);
	tc = tcase_create("roles");
	tcase_add_test(tc, roles);
	suite_add_tcase(s, tc);
	tc = tcase_create("accounts");
	tcase_add_test(tc, email_normalize);
	tcase_add_test(tc, slug_problem);
	tcase_add_test(tc, timezone_valid);
	tcase_add_test(tc, industry_valid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (sodium_init() < 0)
		return EXIT_FAILURE;
	SRunner *sr = srunner_create(auth_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
