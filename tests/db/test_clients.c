/* The client model (core/client.c, core/interaction.c, core/tz.c) against a
 * real, migrated database: how typed values are checked and normalised,
 * what save / match / delete / restore / erase / merge / recount leave in
 * the tables, that the aggregates follow the interactions, and that no
 * operation reaches another business's rows. Every test has a fresh
 * database. Expected values are written out by hand from the rules in
 * client.h and interaction.h. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "client.h"
#include "db.h"
#include "harness.h"
#include "i18n.h"
#include "interaction.h"
#include "tz.h"

static struct cxm_db *db;
static struct cxm_arena *arena;
static long long biz, other_biz;

static void exec(const char *sql, const struct cxm_param *p, size_t n)
{
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, NULL) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
}

static long long insert(const char *sql, const struct cxm_param *p, size_t n)
{
	uint64_t id = 0;
	ck_assert_msg(cxm_db_exec(db, sql, p, n, NULL, &id) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return (long long)id;
}

static void setup(void)
{
	char *dsn = th_db_create_migrated("cli");
	db = th_db_connect(dsn);
	free(dsn);
	arena = cxm_arena_new(1 << 16);
	char po[4096];
	snprintf(po, sizeof(po), "%s/po", th_builddir());
	ck_assert_int_eq(cxm_i18n_load(po), CXM_OK);
	biz = insert("INSERT INTO businesses (slug, name) VALUES ('cli-a', 'A')", CXM_NOPARAMS);
	other_biz = insert("INSERT INTO businesses (slug, name) VALUES ('cli-b', 'B')", CXM_NOPARAMS);
}

static void teardown(void)
{
	cxm_arena_free(arena);
	cxm_db_close(db);
}

/* Every row of a query: cells '|'-separated, NULL as \N, rows on lines. */
static const char *dump(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	char *out = cxm_strdup(arena, "");
	for (size_t i = 0; i < r.nrows; i++) {
		for (size_t c = 0; c < r.ncols; c++) {
			const char *v = cxm_rows_get(&r, i, c);
			out = cxm_printf(arena, "%s%s%s", out, c ? "|" : "", v ? v : "\\N");
		}
		out = cxm_printf(arena, "%s\n", out);
	}
	return out;
}

static long long count(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_msg(cxm_db_query(db, arena, sql, p, n, &r) == CXM_OK, "%s: %s", sql, cxm_db_error(db));
	return r.nrows ? cxm_rows_int(&r, 0, 0, -1) : -1;
}

/* Checks a new client from (field, value) pairs ending with -1. */
static int check_new(struct cxm_client *c, struct cxm_client_errors *e, int is_new, ...)
{
	struct cxm_client_input in = {0};
	va_list ap;
	va_start(ap, is_new);
	for (;;) {
		int f = va_arg(ap, int);
		if (f < 0)
			break;
		in.v[f] = va_arg(ap, const char *);
	}
	va_end(ap);
	return cxm_client_check(arena, NULL, &in, is_new, c, e);
}

/* The stored value of one typed field, or NULL; with the error msgid in *why. */
static const char *one(enum cxm_cfield f, const char *typed, const char **why)
{
	struct cxm_client c;
	struct cxm_client_errors e;
	check_new(&c, &e, 0, f, typed, -1);
	*why = e.field[f];
	return c.v[f];
}

#define NORM(f, typed, want)                                                         \
	do {                                                                             \
		const char *why_;                                                            \
		const char *got_ = one(f, typed, &why_);                                     \
		ck_assert_msg(why_ == NULL, "%s: refused (%s)", typed, why_);                \
		ck_assert_msg(got_ && strcmp(got_, want) == 0, "%s -> %s, want %s", typed,   \
		              got_ ? got_ : "NULL", want);                                   \
	} while (0)
#define REFUSED(f, typed, msg)                                                       \
	do {                                                                             \
		const char *why_;                                                            \
		const char *got_ = one(f, typed, &why_);                                     \
		ck_assert_msg(why_ && strcmp(why_, msg) == 0, "%s: %s, want refusal \"%s\"", \
		              typed, why_ ? why_ : "accepted", msg);                         \
		ck_assert_ptr_null(got_);                                                    \
	} while (0)

/* ---- checking --------------------------------------------------------------- */

START_TEST(check_email_and_phone)
{
	NORM(CXM_CF_EMAIL, "  Anna.K@Example.COM ", "anna.k@example.com");
	REFUSED(CXM_CF_EMAIL, "anna@", "Enter a valid e-mail address, e.g. anna@example.com.");
	REFUSED(CXM_CF_EMAIL, "two words@example.com", "Enter a valid e-mail address, e.g. anna@example.com.");
	static const char phone_msg[] = "Enter a phone number of 7 to 15 digits, e.g. +375 29 123-45-67.";
	NORM(CXM_CF_PHONE, "+375 (29) 123-45-67", "+375291234567");
	NORM(CXM_CF_PHONE, "8 029 123 45 67", "+375291234567");      /* Belarusian 80... */
	NORM(CXM_CF_PHONE, "375291234567", "+375291234567");
	NORM(CXM_CF_PHONE, "8 (916) 123-45-67", "+79161234567");     /* Russian 8... */
	NORM(CXM_CF_PHONE, "79161234567", "+79161234567");
	NORM(CXM_CF_PHONE, "0044 20 7946 0958", "+442079460958");
	NORM(CXM_CF_PHONE, "123-45-67", "1234567");                   /* no country: digits */
	REFUSED(CXM_CF_PHONE, "123456", phone_msg);                    /* 6 digits */
	REFUSED(CXM_CF_PHONE, "+1234567890123456", phone_msg);         /* 16 digits */
	REFUSED(CXM_CF_PHONE, "29 123 45 67 ext 5", phone_msg);
}
END_TEST

START_TEST(check_dates_and_age_bands)
{
	NORM(CXM_CF_BIRTH_DATE, "15.03.1990", "1990-03-15");
	NORM(CXM_CF_BIRTH_DATE, "1990-03-15", "1990-03-15");
	NORM(CXM_CF_BIRTH_DATE, "29.02.2000", "2000-02-29");
	REFUSED(CXM_CF_BIRTH_DATE, "29.02.1999", "Enter a date as YYYY-MM-DD or DD.MM.YYYY.");
	REFUSED(CXM_CF_BIRTH_DATE, "1990-13-01", "Enter a date as YYYY-MM-DD or DD.MM.YYYY.");
	REFUSED(CXM_CF_BIRTH_DATE, "15/03/1990", "Enter a date as YYYY-MM-DD or DD.MM.YYYY.");
	REFUSED(CXM_CF_BIRTH_DATE, "1899-12-31", "The date of birth is before 1900.");
	REFUSED(CXM_CF_FIRST_SEEN, "2999-01-01", "The date is in the future.");

	/* the band on the day before and on a birthday */
	ck_assert_str_eq(cxm_age_band_of("2000-06-15", "2018-06-14"), "under18");   /* 17 */
	ck_assert_str_eq(cxm_age_band_of("2000-06-15", "2018-06-15"), "18-25");     /* 18 */
	ck_assert_str_eq(cxm_age_band_of("2000-06-15", "2026-06-14"), "18-25");     /* 25 */
	ck_assert_str_eq(cxm_age_band_of("2000-06-15", "2026-06-15"), "26-35");     /* 26 */
	ck_assert_str_eq(cxm_age_band_of("1980-01-01", "2025-12-31"), "36-45");     /* 45 */
	ck_assert_str_eq(cxm_age_band_of("1965-03-01", "2025-03-01"), "46-60");     /* 60 */
	ck_assert_str_eq(cxm_age_band_of("1965-03-01", "2026-03-01"), "60plus");    /* 61 */
	ck_assert_ptr_null(cxm_age_band_of("1965-3-1x", "2026-03-01"));

	/* a birth date fills the band unless one is given */
	struct cxm_client c;
	struct cxm_client_errors e;
	char *birth = cxm_printf(arena, "%d-01-01", atoi(cxm_utc_today(arena)) - 30);
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_NAME, "A", CXM_CF_BIRTH_DATE, birth, -1), 0);
	/* born on 1 January 30 years ago: 30 since this year's 1 January */
	ck_assert_str_eq(c.v[CXM_CF_AGE_BAND], "26-35");
	ck_assert_int_eq(c.present[CXM_CF_AGE_BAND], 1);
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_NAME, "A", CXM_CF_BIRTH_DATE, birth, CXM_CF_AGE_BAND,
	                           "46-60", -1),
	                 0);
	ck_assert_str_eq(c.v[CXM_CF_AGE_BAND], "46-60");
}
END_TEST

START_TEST(check_choices_in_both_languages)
{
	NORM(CXM_CF_GENDER, "female", "female");
	NORM(CXM_CF_GENDER, "MALE", "male");
	NORM(CXM_CF_GENDER, "Женский", "female");
	NORM(CXM_CF_GENDER, "мужской", "male");
	REFUSED(CXM_CF_GENDER, "x", "Choose one of the listed values.");
	NORM(CXM_CF_REGION, "Minsk Region", "minsk_region");
	NORM(CXM_CF_REGION, "минская область", "minsk_region");
	NORM(CXM_CF_REGION, "ГРОДНО", "grodno");
	NORM(CXM_CF_REGION, "brest_region", "brest_region");
	NORM(CXM_CF_AGE_BAND, "18-25", "18-25");
	NORM(CXM_CF_AGE_BAND, "До 18 лет", "under18");
	NORM(CXM_CF_SOURCE, "Социальные сети", "social");
	NORM(CXM_CF_PROFESSION, "student", "student");
	/* consent */
	NORM(CXM_CF_MARKETING_CONSENT, "да", "1");
	NORM(CXM_CF_MARKETING_CONSENT, "Yes", "1");
	NORM(CXM_CF_MARKETING_CONSENT, "0", "0");
	NORM(CXM_CF_MARKETING_CONSENT, "Нет", "0");
	NORM(CXM_CF_MARKETING_CONSENT, "", "0");
	REFUSED(CXM_CF_MARKETING_CONSENT, "maybe", "Answer yes or no.");
}
END_TEST

START_TEST(check_names_tags_and_presence)
{
	struct cxm_client c;
	struct cxm_client_errors e;
	/* a new client needs a name; blank is refused too */
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_EMAIL, "a@b.example", -1), 1);
	ck_assert_str_eq(e.field[CXM_CF_NAME], "Enter the client's name.");
	ck_assert_int_eq(check_new(&c, &e, 0, CXM_CF_NAME, "   ", -1), 1);
	ck_assert_str_eq(e.field[CXM_CF_NAME], "Enter the client's name.");
	/* 200 Cyrillic letters fit, 201 do not */
	char name[1024] = "";
	for (int i = 0; i < 200; i++)
		strcat(name, "Я");
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_NAME, name, -1), 0);
	strcat(name, "Я");
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_NAME, name, -1), 1);
	ck_assert_str_eq(e.field[CXM_CF_NAME], "Use at most 200 characters.");
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_NAME, "Анна\tКовалёва", -1), 1);
	ck_assert_str_eq(e.field[CXM_CF_NAME], "Use a single line without control characters.");

	/* tags: split on , and ;, trimmed, repeats dropped ignoring case */
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_NAME, "A", CXM_CF_TAGS, " VIP, постоянный;vip ,, Постоянный ; новый ", -1),
	                 0);
	ck_assert_uint_eq(c.ntags, 3);
	ck_assert_str_eq(c.tags[0], "VIP");
	ck_assert_str_eq(c.tags[1], "постоянный");
	ck_assert_str_eq(c.tags[2], "новый");

	/* new: first_seen today, consent 0; an update touches only what it has */
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_NAME, "A", -1), 0);
	ck_assert_str_eq(c.v[CXM_CF_FIRST_SEEN], cxm_utc_today(arena));
	ck_assert_str_eq(c.v[CXM_CF_MARKETING_CONSENT], "0");
	ck_assert_int_eq(check_new(&c, &e, 0, CXM_CF_EMAIL, "", -1), 0);
	for (int f = 0; f < CXM_CF_MAX; f++)
		ck_assert_int_eq(c.present[f], f == CXM_CF_EMAIL);
	ck_assert_ptr_null(c.v[CXM_CF_EMAIL]);   /* blank: cleared */

	/* errors are counted per field */
	ck_assert_int_eq(check_new(&c, &e, 1, CXM_CF_NAME, "A", CXM_CF_EMAIL, "x", CXM_CF_GENDER, "x",
	                           CXM_CF_PHONE, "1", -1),
	                 3);
}
END_TEST

/* Custom attributes as an admin defines them. */
static void define_fields(long long business)
{
	exec("INSERT INTO client_fields (business_id, code, label, type, choices, position) VALUES"
	     " (?, 'visits_goal', 'Goal', 'number', NULL, 2),"
	     " (?, 'card_since', 'Card since', 'date', NULL, 1),"
	     " (?, 'hair', 'Hair type', 'choice', 'Прямые\nВьющиеся\n\n  Кудрявые  \n', 3),"
	     " (?, 'note', 'Note', 'text', NULL, 4)",
	     CXM_PARAMS(CXM_PINT(business), CXM_PINT(business), CXM_PINT(business), CXM_PINT(business)));
}

START_TEST(custom_attributes)
{
	define_fields(biz);
	struct cxm_custom_fields cf;
	ck_assert_int_eq(cxm_custom_fields_load(db, arena, biz, &cf), CXM_OK);
	ck_assert_uint_eq(cf.n, 4);
	/* display order: position */
	ck_assert_str_eq(cf.f[0].code, "card_since");
	ck_assert_str_eq(cf.f[1].code, "visits_goal");
	ck_assert_str_eq(cf.f[2].code, "hair");
	ck_assert_int_eq(cf.f[2].type, CXM_CT_CHOICE);
	ck_assert_uint_eq(cf.f[2].nchoices, 3);
	ck_assert_str_eq(cf.f[2].choices[2], "Кудрявые");
	ck_assert_int_eq(cxm_custom_field_find(&cf, "HAIR"), 2);
	ck_assert_int_eq(cxm_custom_field_find(&cf, "nope"), -1);
	struct cxm_custom_fields none;
	ck_assert_int_eq(cxm_custom_fields_load(db, arena, other_biz, &none), CXM_OK);
	ck_assert_uint_eq(none.n, 0);

	const char *vals[] = {"01.02.2020", "1 200,50", "вьющиеся", "free text"};
	struct cxm_client_input in = {.custom = vals};
	in.v[CXM_CF_NAME] = "A";
	struct cxm_client c;
	struct cxm_client_errors e;
	ck_assert_int_eq(cxm_client_check(arena, &cf, &in, 1, &c, &e), 0);
	ck_assert_str_eq(c.custom[0], "2020-02-01");
	ck_assert_str_eq(c.custom[1], "1200.50");
	ck_assert_str_eq(c.custom[2], "Вьющиеся");   /* the defined spelling */
	ck_assert_str_eq(c.custom[3], "free text");
	const char *bad[] = {"2020-02-30", "12,5,6", "лысые", "ok"};
	in.custom = bad;
	ck_assert_int_eq(cxm_client_check(arena, &cf, &in, 1, &c, &e), 3);
	ck_assert_str_eq(e.custom[0], "Enter a date as YYYY-MM-DD or DD.MM.YYYY.");
	ck_assert_str_eq(e.custom[1], "Enter a number, e.g. 12 or 12.5.");
	ck_assert_str_eq(e.custom[2], "Choose one of the listed values.");
	ck_assert_ptr_null(e.custom[3]);

	/* stored with typed copies; blank deletes */
	in.custom = vals;
	ck_assert_int_eq(cxm_client_check(arena, &cf, &in, 1, &c, &e), 0);
	long long id = 0;
	ck_assert_int_eq(cxm_client_save(db, arena, biz, &cf, &c, &id), CXM_OK);
	ck_assert_str_eq(dump("SELECT f.code, v.value, v.num_value, v.date_value FROM client_values v"
	                      " JOIN client_fields f ON f.id = v.field_id WHERE v.client_id = ?"
	                      " AND v.business_id = ? ORDER BY f.code",
	                      CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz))),
	                 "card_since|2020-02-01|\\N|2020-02-01\n"
	                 "hair|Вьющиеся|\\N|\\N\n"
	                 "note|free text|\\N|\\N\n"
	                 "visits_goal|1200.50|1200.500000|\\N\n");
	const char *clear[] = {NULL, "", NULL, NULL};
	struct cxm_client_input up = {.custom = clear};
	ck_assert_int_eq(cxm_client_check(arena, &cf, &up, 0, &c, &e), 0);
	ck_assert_int_eq(cxm_client_save(db, arena, biz, &cf, &c, &id), CXM_OK);
	ck_assert_str_eq(dump("SELECT f.code FROM client_values v JOIN client_fields f ON f.id = v.field_id"
	                      " WHERE v.client_id = ? ORDER BY f.code",
	                      CXM_PARAMS(CXM_PINT(id))),
	                 "card_since\nhair\nnote\n");
}
END_TEST

/* ---- storing --------------------------------------------------------------- */

static long long save_new(long long business, ...)
{
	struct cxm_client_input in = {0};
	va_list ap;
	va_start(ap, business);
	for (;;) {
		int f = va_arg(ap, int);
		if (f < 0)
			break;
		in.v[f] = va_arg(ap, const char *);
	}
	va_end(ap);
	struct cxm_client c;
	struct cxm_client_errors e;
	ck_assert_int_eq(cxm_client_check(arena, NULL, &in, 1, &c, &e), 0);
	long long id = 0;
	ck_assert_int_eq(cxm_client_save(db, arena, business, NULL, &c, &id), CXM_OK);
	ck_assert_int_gt(id, 0);
	return id;
}

static const char *client_row(long long id)
{
	return dump("SELECT business_id, external_id, name, email, phone, phone_rev, birth_date, age_band,"
	            " gender, region, city, profession, profession_other, source, source_detail,"
	            " first_seen, marketing_consent, consent_at IS NOT NULL, last_seen_at,"
	            " interactions_count, purchases_count, purchases_total, live, deleted_at IS NOT NULL,"
	            " erased_at IS NOT NULL, merged_into FROM clients WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(id)));
}

START_TEST(save_insert_and_partial_update)
{
	long long id = save_new(biz, CXM_CF_EXTERNAL_ID, "C-1", CXM_CF_NAME, "Анна Ковалёва",
	                        CXM_CF_EMAIL, "Anna@Example.com", CXM_CF_PHONE, "8 029 111-22-33",
	                        CXM_CF_BIRTH_DATE, "1991-05-20", CXM_CF_AGE_BAND, "26-35", CXM_CF_GENDER,
	                        "female", CXM_CF_REGION, "minsk", CXM_CF_CITY, "Минск",
	                        CXM_CF_PROFESSION, "office", CXM_CF_SOURCE, "social",
	                        CXM_CF_SOURCE_DETAIL, "Instagram", CXM_CF_FIRST_SEEN, "2024-02-10",
	                        CXM_CF_MARKETING_CONSENT, "да", CXM_CF_TAGS, "VIP, новый", -1);
	char want[1024];
	snprintf(want, sizeof(want),
	         "%lld|C-1|Анна Ковалёва|anna@example.com|+375291112233|332211192573|1991-05-20|26-35|"
	         "female|minsk|Минск|office|\\N|social|Instagram|2024-02-10|1|1|2024-02-10 00:00:00.000000|"
	         "0|0|0.00|1|0|0|\\N\n",
	         biz);
	ck_assert_str_eq(client_row(id), want);
	ck_assert_str_eq(dump("SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id"
	                      " WHERE ct.client_id = ? ORDER BY t.name",
	                      CXM_PARAMS(CXM_PINT(id))),
	                 "VIP\nновый\n");

	/* an update with only some fields leaves the rest alone */
	struct cxm_client_input in = {0};
	in.v[CXM_CF_CITY] = "Борисов";
	in.v[CXM_CF_REGION] = "Минская область";
	in.v[CXM_CF_PHONE] = "";
	in.v[CXM_CF_MARKETING_CONSENT] = "нет";
	struct cxm_client c;
	struct cxm_client_errors e;
	ck_assert_int_eq(cxm_client_check(arena, NULL, &in, 0, &c, &e), 0);
	ck_assert_int_eq(cxm_client_save(db, arena, biz, NULL, &c, &id), CXM_OK);
	snprintf(want, sizeof(want),
	         "%lld|C-1|Анна Ковалёва|anna@example.com|\\N|\\N|1991-05-20|26-35|"
	         "female|minsk_region|Борисов|office|\\N|social|Instagram|2024-02-10|0|0|2024-02-10 00:00:00.000000|"
	         "0|0|0.00|1|0|0|\\N\n",
	         biz);
	ck_assert_str_eq(client_row(id), want);
	/* tags not in the update stay */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM client_tags WHERE client_id = ?", CXM_PARAMS(CXM_PINT(id))), 2);

	/* consent again: a new consent date; an unchanged consent keeps it */
	exec("UPDATE clients SET marketing_consent = 1, consent_at = '2020-01-01 00:00:00' WHERE id = ?",
	     CXM_PARAMS(CXM_PINT(id)));
	struct cxm_client_input yes = {0};
	yes.v[CXM_CF_MARKETING_CONSENT] = "1";
	ck_assert_int_eq(cxm_client_check(arena, NULL, &yes, 0, &c, &e), 0);
	ck_assert_int_eq(cxm_client_save(db, arena, biz, NULL, &c, &id), CXM_OK);
	ck_assert_str_eq(dump("SELECT consent_at FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(id))),
	                 "2020-01-01 00:00:00.000000\n");
}
END_TEST

START_TEST(external_ids_and_matching)
{
	long long a1 = save_new(biz, CXM_CF_EXTERNAL_ID, "X-1", CXM_CF_NAME, "One", CXM_CF_EMAIL,
	                        "one@example.com", -1);
	long long a2 = save_new(biz, CXM_CF_NAME, "Two", CXM_CF_EMAIL, "two@example.com", -1);
	long long b1 = save_new(other_biz, CXM_CF_EXTERNAL_ID, "X-1", CXM_CF_NAME, "Other One",
	                        CXM_CF_EMAIL, "two@example.com", -1);
	ck_assert_int_ne(a1, b1);

	/* the same external id twice in one business is refused */
	struct cxm_client_input in = {0};
	in.v[CXM_CF_NAME] = "Dup";
	in.v[CXM_CF_EXTERNAL_ID] = "X-1";
	struct cxm_client c;
	struct cxm_client_errors e;
	ck_assert_int_eq(cxm_client_check(arena, NULL, &in, 1, &c, &e), 0);
	long long id = 0;
	ck_assert_int_eq(cxm_client_save(db, arena, biz, NULL, &c, &id), CXM_ERR_DUPLICATE);
	id = a2;
	ck_assert_int_eq(cxm_client_save(db, arena, biz, NULL, &c, &id), CXM_ERR_DUPLICATE);

	long long m = -1;
	ck_assert_int_eq(cxm_client_match(db, arena, biz, "X-1", "two@example.com", &m), CXM_OK);
	ck_assert_int_eq(m, a1);                     /* the external id first */
	ck_assert_int_eq(cxm_client_match(db, arena, biz, "X-9", "TWO@example.com", &m), CXM_OK);
	ck_assert_int_eq(m, a2);                     /* then the e-mail, normalised */
	ck_assert_int_eq(cxm_client_match(db, arena, biz, NULL, "nobody@example.com", &m), CXM_OK);
	ck_assert_int_eq(m, 0);
	ck_assert_int_eq(cxm_client_match(db, arena, other_biz, NULL, "one@example.com", &m), CXM_OK);
	ck_assert_int_eq(m, 0);                      /* never another business's */
	ck_assert_int_eq(cxm_client_delete(db, biz, a2), CXM_OK);
	ck_assert_int_eq(cxm_client_match(db, arena, biz, NULL, "two@example.com", &m), CXM_OK);
	ck_assert_int_eq(m, 0);                      /* nor a deleted one */
}
END_TEST

START_TEST(delete_restore_and_tenancy)
{
	long long a = save_new(biz, CXM_CF_NAME, "Mine", -1);
	long long b = save_new(other_biz, CXM_CF_NAME, "Theirs", CXM_CF_EMAIL, "t@example.com", -1);
	const char *b_before = client_row(b);

	ck_assert_int_eq(cxm_client_delete(db, biz, b), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_client_erase(db, biz, b), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_client_merge(db, biz, a, b), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_client_merge(db, biz, b, a), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_client_restore(db, biz, b), CXM_ERR_NOT_FOUND);
	struct cxm_client_input in = {0};
	in.v[CXM_CF_NAME] = "Hijacked";
	struct cxm_client c;
	struct cxm_client_errors e;
	ck_assert_int_eq(cxm_client_check(arena, NULL, &in, 0, &c, &e), 0);
	long long id = b;
	ck_assert_int_eq(cxm_client_save(db, arena, biz, NULL, &c, &id), CXM_ERR_NOT_FOUND);
	struct cxm_interaction it = {.kind = CXM_IK_NOTE, .occurred_at = "2024-01-01 10:00:00", .text = "x"};
	ck_assert_int_eq(cxm_interaction_add(db, arena, biz, b, &it, NULL), CXM_ERR_NOT_FOUND);
	ck_assert_str_eq(client_row(b), b_before);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM interactions", CXM_NOPARAMS), 0);

	ck_assert_int_eq(cxm_client_delete(db, biz, a), CXM_OK);
	ck_assert_int_eq(count("SELECT live + 2 * (deleted_at IS NOT NULL) FROM clients WHERE id = ?",
	                       CXM_PARAMS(CXM_PINT(a))),
	                 2);
	ck_assert_int_eq(cxm_client_delete(db, biz, a), CXM_ERR_NOT_FOUND);   /* already */
	id = a;
	ck_assert_int_eq(cxm_client_save(db, arena, biz, NULL, &c, &id), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_client_restore(db, biz, a), CXM_OK);
	ck_assert_int_eq(count("SELECT live + 2 * (deleted_at IS NOT NULL) FROM clients WHERE id = ?",
	                       CXM_PARAMS(CXM_PINT(a))),
	                 1);
	ck_assert_int_eq(cxm_client_restore(db, biz, a), CXM_ERR_NOT_FOUND);
}
END_TEST

/* ---- interactions and aggregates ------------------------------------------- */

static long long add(long long client, enum cxm_ikind kind, const char *when, const char *amount,
                     const char *service, const char *text)
{
	struct cxm_interaction it = {.kind = kind, .occurred_at = when, .amount = amount,
	                             .currency = amount ? "BYN" : NULL, .service = service,
	                             .location = service ? "Центр" : NULL, .text = text};
	long long id = 0;
	ck_assert_int_eq(cxm_interaction_add(db, arena, biz, client, &it, &id), CXM_OK);
	return id;
}

static const char *aggregates(long long id)
{
	return dump("SELECT last_seen_at, interactions_count, purchases_count, purchases_total FROM clients"
	            " WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(id)));
}

START_TEST(interactions_keep_aggregates)
{
	long long c = save_new(biz, CXM_CF_NAME, "Buyer", CXM_CF_FIRST_SEEN, "2024-01-05", -1);
	ck_assert_str_eq(aggregates(c), "2024-01-05 00:00:00.000000|0|0|0.00\n");
	add(c, CXM_IK_PURCHASE, "2024-03-01 12:00:00", "45.50", "Стрижка", NULL);
	long long v = add(c, CXM_IK_VISIT, "2024-05-02 09:30:00", NULL, NULL, NULL);
	add(c, CXM_IK_PURCHASE, "2024-02-01 08:00:00", "100", "Окрашивание", NULL);   /* older */
	add(c, CXM_IK_NOTE, "2024-04-01 10:00:00", NULL, NULL, "Любит зелёный чай");
	/* 4 interactions, 2 purchases of 45.50 + 100.00, last on 2 May */
	ck_assert_str_eq(aggregates(c), "2024-05-02 09:30:00.000000|4|2|145.50\n");
	/* service and branch named once */
	ck_assert_str_eq(dump("SELECT name FROM services WHERE business_id = ? ORDER BY name",
	                      CXM_PARAMS(CXM_PINT(biz))),
	                 "Окрашивание\nСтрижка\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM locations WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz))), 1);

	/* recount from scratch gives the same */
	exec("UPDATE clients SET interactions_count = 0, purchases_total = 0, last_seen_at = '2000-01-01'"
	     " WHERE id = ?",
	     CXM_PARAMS(CXM_PINT(c)));
	ck_assert_int_eq(cxm_client_recount(db, biz, c), CXM_OK);
	ck_assert_str_eq(aggregates(c), "2024-05-02 09:30:00.000000|4|2|145.50\n");

	/* deleting the latest moves last_seen_at back to the note */
	ck_assert_int_eq(cxm_interaction_delete(db, other_biz, v), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_interaction_delete(db, biz, v), CXM_OK);
	ck_assert_str_eq(aggregates(c), "2024-04-01 10:00:00.000000|3|2|145.50\n");

	/* the history row of a survey response (ref_id) is not removed by
	 * hand: it goes with the response */
	struct cxm_interaction sr = {.kind = CXM_IK_SURVEY, .occurred_at = "2024-04-02 10:00:00", .ref_id = 77};
	long long srow = 0;
	ck_assert_int_eq(cxm_interaction_add(db, arena, biz, c, &sr, &srow), CXM_OK);
	ck_assert_int_eq(cxm_interaction_delete(db, biz, srow), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM interactions WHERE id = ?", CXM_PARAMS(CXM_PINT(srow))), 1);
}
END_TEST

START_TEST(interaction_check_rules)
{
	const char *in[CXM_IF_MAX] = {0}, *err[CXM_IF_MAX];
	struct cxm_interaction it;
	ck_assert_int_eq(cxm_interaction_check(arena, in, NULL, "BYN", &it, err), 2);
	ck_assert_str_eq(err[CXM_IF_KIND], "Choose the kind.");
	ck_assert_str_eq(err[CXM_IF_OCCURRED_AT], "Enter the date and time.");

	in[CXM_IF_KIND] = "Покупка";
	in[CXM_IF_OCCURRED_AT] = "01.03.2024 12:30";
	ck_assert_int_eq(cxm_interaction_check(arena, in, "Europe/Minsk", "BYN", &it, err), 1);
	ck_assert_str_eq(err[CXM_IF_AMOUNT], "Enter the amount of the purchase.");
	in[CXM_IF_AMOUNT] = "1 250,5";
	ck_assert_int_eq(cxm_interaction_check(arena, in, "Europe/Minsk", "BYN", &it, err), 0);
	ck_assert_int_eq(it.kind, CXM_IK_PURCHASE);
	ck_assert_str_eq(it.occurred_at, "2024-03-01 09:30:00");   /* Minsk is UTC+3 */
	ck_assert_str_eq(it.amount, "1250.5");
	ck_assert_str_eq(it.currency, "BYN");
	in[CXM_IF_CURRENCY] = "eur";
	in[CXM_IF_AMOUNT] = "10.999";
	ck_assert_int_eq(cxm_interaction_check(arena, in, NULL, "BYN", &it, err), 1);
	ck_assert_str_eq(err[CXM_IF_AMOUNT], "Enter an amount such as 25 or 25.50.");
	in[CXM_IF_AMOUNT] = "10.99";
	ck_assert_int_eq(cxm_interaction_check(arena, in, NULL, "BYN", &it, err), 0);
	ck_assert_str_eq(it.currency, "EUR");
	ck_assert_str_eq(it.occurred_at, "2024-03-01 12:30:00");   /* already UTC */
	in[CXM_IF_CURRENCY] = "euro";
	ck_assert_int_eq(cxm_interaction_check(arena, in, NULL, "BYN", &it, err), 1);
	ck_assert_str_eq(err[CXM_IF_CURRENCY], "Enter a three-letter currency code such as BYN.");

	const char *note[CXM_IF_MAX] = {0};
	note[CXM_IF_KIND] = "note";
	note[CXM_IF_OCCURRED_AT] = "2999-01-01 00:00";
	ck_assert_int_eq(cxm_interaction_check(arena, note, NULL, "BYN", &it, err), 2);
	ck_assert_str_eq(err[CXM_IF_OCCURRED_AT], "The time is in the future.");
	ck_assert_str_eq(err[CXM_IF_TEXT], "Write the note.");
	note[CXM_IF_KIND] = "meeting";   /* unknown kind: no note rule, the time still refused */
	ck_assert_int_eq(cxm_interaction_check(arena, note, NULL, "BYN", &it, err), 2);
	ck_assert_str_eq(err[CXM_IF_KIND], "Choose one of the listed kinds.");

	ck_assert(cxm_ikind_manual(CXM_IK_NOTE));
	ck_assert(!cxm_ikind_manual(CXM_IK_COMPLAINT));
	ck_assert(!cxm_ikind_manual(CXM_IK_SURVEY));
}
END_TEST

/* ---- erase and merge ------------------------------------------------------------ */

START_TEST(erase_keeps_the_numbers)
{
	define_fields(biz);
	struct cxm_custom_fields cf;
	ck_assert_int_eq(cxm_custom_fields_load(db, arena, biz, &cf), CXM_OK);
	const char *vals[] = {"2020-01-01", "5", "Прямые", "аллергия на лак"};
	struct cxm_client_input in = {.custom = vals};
	in.v[CXM_CF_NAME] = "Ирина Жук";
	in.v[CXM_CF_EMAIL] = "irina@example.com";
	in.v[CXM_CF_PHONE] = "+375 33 765-43-21";
	in.v[CXM_CF_BIRTH_DATE] = "1985-07-07";
	in.v[CXM_CF_AGE_BAND] = "36-45";
	in.v[CXM_CF_GENDER] = "female";
	in.v[CXM_CF_REGION] = "gomel";
	in.v[CXM_CF_CITY] = "Гомель";
	in.v[CXM_CF_EXTERNAL_ID] = "IR-7";
	in.v[CXM_CF_PROFESSION] = "other";
	in.v[CXM_CF_PROFESSION_OTHER] = "Врач";
	in.v[CXM_CF_SOURCE] = "friends";
	in.v[CXM_CF_SOURCE_DETAIL] = "от сестры";
	in.v[CXM_CF_FIRST_SEEN] = "2023-01-10";
	in.v[CXM_CF_MARKETING_CONSENT] = "1";
	in.v[CXM_CF_TAGS] = "VIP";
	struct cxm_client c;
	struct cxm_client_errors e;
	ck_assert_int_eq(cxm_client_check(arena, &cf, &in, 1, &c, &e), 0);
	long long id = 0;
	ck_assert_int_eq(cxm_client_save(db, arena, biz, &cf, &c, &id), CXM_OK);
	add(id, CXM_IK_PURCHASE, "2024-03-01 12:00:00", "30", "Маникюр", "просила позвонить Ирине");
	add(id, CXM_IK_NOTE, "2024-03-02 12:00:00", NULL, NULL, "телефон мужа +375291112233");
	/* a record merged into her holds her data too, and answered a survey
	 * as that record (the response moves to her with the merge) */
	long long old = save_new(biz, CXM_CF_NAME, "Ира Жук", CXM_CF_EMAIL, "ira.old@example.com", -1);
	uint64_t sv = 0, ver = 0, sec = 0, qtext = 0, qnps = 0, resp = 0;
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO surveys (business_id, title_ru) VALUES (?, 'Опрос')",
	                             CXM_PARAMS(CXM_PINT(biz)), NULL, &sv), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO survey_versions (business_id, survey_id, number) VALUES (?, ?, 1)",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PINT(sv)), NULL, &ver), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO survey_sections (business_id, version_id, position) VALUES (?, ?, 1)",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PINT(ver)), NULL, &sec), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO survey_questions (business_id, version_id, section_id, position,"
	                             " code, type) VALUES (?, ?, ?, 1, 'improve', 'text')",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PINT(ver), CXM_PINT(sec)), NULL, &qtext), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO survey_questions (business_id, version_id, section_id, position,"
	                             " code, type) VALUES (?, ?, ?, 2, 'nps', 'nps')",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PINT(ver), CXM_PINT(sec)), NULL, &qnps), CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO survey_responses (business_id, survey_id, version_id, client_id,"
	                             " channel, submit_key) VALUES (?, ?, ?, ?, 'open_link', 'erase-test')",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PINT(sv), CXM_PINT(ver), CXM_PINT(old)), NULL, &resp),
	                 CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO survey_answers (business_id, response_id, question_id, text)"
	                             " VALUES (?, ?, ?, 'Ира: мужа записали не к тому мастеру')",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PINT(resp), CXM_PINT(qtext)), NULL, NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_db_exec(db, "INSERT INTO survey_answers (business_id, response_id, question_id, num)"
	                             " VALUES (?, ?, ?, 9)",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PINT(resp), CXM_PINT(qnps)), NULL, NULL),
	                 CXM_OK);
	ck_assert_int_eq(cxm_client_merge(db, biz, id, old), CXM_OK);
	ck_assert_int_eq(count("SELECT client_id FROM survey_responses WHERE id = ?", CXM_PARAMS(CXM_PINT(resp))), id);
	long long bystander = save_new(biz, CXM_CF_NAME, "Пётр", CXM_CF_EMAIL, "petr@example.com", -1);
	const char *bystander_row = client_row(bystander);
	const char *numbers = dump("SELECT kind, occurred_at, amount, currency, service_id, location_id"
	                           " FROM interactions WHERE client_id = ? ORDER BY id",
	                           CXM_PARAMS(CXM_PINT(id)));
	const char *aggr = aggregates(id);

	ck_assert_int_eq(cxm_client_erase(db, biz, id), CXM_OK);
	char want[1024];
	snprintf(want, sizeof(want),
	         "%lld|\\N||\\N|\\N|\\N|\\N|36-45|female|gomel|\\N|other|\\N|friends|\\N|2023-01-10|0|0|"
	         "2024-03-02 12:00:00.000000|2|1|30.00|1|0|1|\\N\n",
	         biz);
	ck_assert_str_eq(client_row(id), want);
	ck_assert_str_eq(aggregates(id), aggr);
	ck_assert_str_eq(dump("SELECT kind, occurred_at, amount, currency, service_id, location_id"
	                      " FROM interactions WHERE client_id = ? ORDER BY id",
	                      CXM_PARAMS(CXM_PINT(id))),
	                 numbers);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM interactions WHERE client_id = ? AND text IS NOT NULL",
	                       CXM_PARAMS(CXM_PINT(id))),
	                 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM client_values WHERE client_id IN (?, ?)",
	                       CXM_PARAMS(CXM_PINT(id), CXM_PINT(old))),
	                 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM client_tags WHERE client_id IN (?, ?)",
	                       CXM_PARAMS(CXM_PINT(id), CXM_PINT(old))),
	                 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM clients WHERE id = ? AND name = '' AND email IS NULL"
	                       " AND erased_at IS NOT NULL AND merged_into = ?",
	                       CXM_PARAMS(CXM_PINT(old), CXM_PINT(id))),
	                 1);
	/* none of her personal data is left in any table */
	static const char *const needles[] = {"Ирин", "Ира", "irina", "ira.old", "765432", "4321",
	                                      "Врач", "сестры", "IR-7", "1985-07-07", "Гомель", "мужа",
	                                      "аллерг"};
	static const char *const every_row[] = {
		"SELECT * FROM clients",        "SELECT * FROM client_values",   "SELECT * FROM client_tags",
		"SELECT * FROM tags",           "SELECT * FROM interactions",    "SELECT * FROM services",
		"SELECT * FROM locations",      "SELECT * FROM staff",           "SELECT * FROM survey_answers",
		"SELECT * FROM survey_responses",
	};
	for (size_t t = 0; t < sizeof(every_row) / sizeof(every_row[0]); t++) {
		const char *all = dump(every_row[t], CXM_NOPARAMS);
		for (size_t n = 0; n < sizeof(needles) / sizeof(needles[0]); n++)
			ck_assert_msg(!strstr(all, needles[n]), "%s: still holds \"%s\":\n%s", every_row[t],
			              needles[n], all);
	}
	/* her survey answer's score stays (the results are unchanged), its text goes */
	ck_assert_str_eq(dump("SELECT question_id = ?, num, text FROM survey_answers WHERE response_id = ? ORDER BY id",
	                      CXM_PARAMS(CXM_PINT(qtext), CXM_PINT(resp))),
	                 "1|\\N|\\N\n0|9|\\N\n");
	ck_assert_str_eq(client_row(bystander), bystander_row);
}
END_TEST

START_TEST(merge_moves_everything)
{
	define_fields(biz);
	struct cxm_custom_fields cf;
	ck_assert_int_eq(cxm_custom_fields_load(db, arena, biz, &cf), CXM_OK);
	/* keep: name, e-mail, a value for hair; other: phone, city, external id,
	 * an earlier first-seen date, values for hair and goal, its own tags */
	const char *keep_vals[] = {NULL, NULL, "Прямые", NULL};
	struct cxm_client_input kin = {.custom = keep_vals};
	kin.v[CXM_CF_NAME] = "Ольга Гринкевич";
	kin.v[CXM_CF_EMAIL] = "olga@example.com";
	kin.v[CXM_CF_FIRST_SEEN] = "2024-01-01";
	kin.v[CXM_CF_TAGS] = "VIP";
	struct cxm_client c;
	struct cxm_client_errors e;
	ck_assert_int_eq(cxm_client_check(arena, &cf, &kin, 1, &c, &e), 0);
	long long keep = 0;
	ck_assert_int_eq(cxm_client_save(db, arena, biz, &cf, &c, &keep), CXM_OK);
	const char *other_vals[] = {NULL, "7", "Вьющиеся", NULL};
	struct cxm_client_input oin = {.custom = other_vals};
	oin.v[CXM_CF_NAME] = "О. Гринкевич";
	oin.v[CXM_CF_EMAIL] = "olga.g@example.com";
	oin.v[CXM_CF_PHONE] = "+375 44 555-66-77";
	oin.v[CXM_CF_CITY] = "Лида";
	oin.v[CXM_CF_EXTERNAL_ID] = "OG-1";
	oin.v[CXM_CF_FIRST_SEEN] = "2023-06-01";
	oin.v[CXM_CF_TAGS] = "vip-2, VIP";
	ck_assert_int_eq(cxm_client_check(arena, &cf, &oin, 1, &c, &e), 0);
	long long other = 0;
	ck_assert_int_eq(cxm_client_save(db, arena, biz, &cf, &c, &other), CXM_OK);
	add(keep, CXM_IK_PURCHASE, "2024-02-01 10:00:00", "20", NULL, NULL);
	add(other, CXM_IK_PURCHASE, "2024-03-01 10:00:00", "30", NULL, NULL);
	add(other, CXM_IK_VISIT, "2024-04-01 10:00:00", NULL, NULL, NULL);

	ck_assert_int_eq(cxm_client_merge(db, biz, keep, keep), CXM_ERR_INVALID);
	ck_assert_int_eq(cxm_client_merge(db, biz, keep, other), CXM_OK);
	char want[1024];
	snprintf(want, sizeof(want),
	         "%lld|OG-1|Ольга Гринкевич|olga@example.com|+375445556677|776655544573|\\N|\\N|\\N|\\N|Лида|"
	         "\\N|\\N|\\N|\\N|2023-06-01|0|0|2024-04-01 10:00:00.000000|3|2|50.00|1|0|0|\\N\n",
	         biz);
	ck_assert_str_eq(client_row(keep), want);
	snprintf(want, sizeof(want),
	         "%lld|\\N|О. Гринкевич|olga.g@example.com|+375445556677|776655544573|\\N|\\N|\\N|\\N|Лида|"
	         "\\N|\\N|\\N|\\N|2023-06-01|0|0|2023-06-01 00:00:00.000000|0|0|0.00|0|1|0|%lld\n",
	         biz, keep);
	ck_assert_str_eq(client_row(other), want);
	ck_assert_str_eq(dump("SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id"
	                      " WHERE ct.client_id = ? ORDER BY t.name",
	                      CXM_PARAMS(CXM_PINT(keep))),
	                 "VIP\nvip-2\n");
	ck_assert_str_eq(dump("SELECT f.code, v.value FROM client_values v JOIN client_fields f"
	                      " ON f.id = v.field_id WHERE v.client_id = ? ORDER BY f.code",
	                      CXM_PARAMS(CXM_PINT(keep))),
	                 "hair|Прямые\nvisits_goal|7\n");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM client_values WHERE client_id = ?", CXM_PARAMS(CXM_PINT(other))), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM client_tags WHERE client_id = ?", CXM_PARAMS(CXM_PINT(other))), 0);
	/* a retired record cannot be merged again */
	ck_assert_int_eq(cxm_client_merge(db, biz, keep, other), CXM_ERR_NOT_FOUND);
	ck_assert_int_eq(cxm_client_restore(db, biz, other), CXM_ERR_NOT_FOUND);
}
END_TEST

/* ---- time zones ---------------------------------------------------------------- */

START_TEST(time_zones)
{
	char *t = NULL;
	ck_assert_int_eq(cxm_tz_to_utc(arena, "Europe/Minsk", "2024-06-01 12:00:00", &t), CXM_OK);
	ck_assert_str_eq(t, "2024-06-01 09:00:00");
	ck_assert_int_eq(cxm_tz_to_utc(arena, "Europe/Berlin", "2024-07-01 12:00:00", &t), CXM_OK);
	ck_assert_str_eq(t, "2024-07-01 10:00:00");   /* summer: UTC+2 */
	ck_assert_int_eq(cxm_tz_to_utc(arena, "Europe/Berlin", "2024-01-01 00:30:00", &t), CXM_OK);
	ck_assert_str_eq(t, "2023-12-31 23:30:00");   /* winter: UTC+1 */
	ck_assert_int_eq(cxm_tz_from_utc(arena, "Asia/Vladivostok", "2024-12-31 14:00:00", &t), CXM_OK);
	ck_assert_str_eq(t, "2025-01-01 00:00:00");   /* UTC+10 */
	ck_assert_int_eq(cxm_tz_from_utc(arena, "UTC", "2024-02-29 23:59:59", &t), CXM_OK);
	ck_assert_str_eq(t, "2024-02-29 23:59:59");
	ck_assert_int_eq(cxm_tz_to_utc(arena, "Europe/Minsk", "2024-02-30 10:00:00", &t), CXM_ERR_INVALID);

	ck_assert_str_eq(cxm_parse_date(arena, "05.11.2024 7:05", 1) ? "?" : "NULL", "NULL");
	ck_assert_str_eq(cxm_parse_date(arena, "05.11.2024 07:05", 1), "2024-11-05 07:05:00");
	ck_assert_str_eq(cxm_parse_date(arena, "2024-11-05T07:05:09", 1), "2024-11-05 07:05:09");
	ck_assert_str_eq(cxm_parse_date(arena, "2024-11-05", 1), "2024-11-05 00:00:00");
	ck_assert_str_eq(cxm_parse_date(arena, "2024-11-05", 0), "2024-11-05");
	ck_assert_ptr_null(cxm_parse_date(arena, "2024-11-05 07:05", 0));
	ck_assert_ptr_null(cxm_parse_date(arena, "2024-11-05 24:00", 1));
	/* the process stays in UTC afterwards */
	ck_assert_str_eq(getenv("TZ"), "UTC");
}
END_TEST

/* ---- the field table ------------------------------------------------------------ */

START_TEST(header_names)
{
	ck_assert_int_eq(cxm_cfield_from_header("email"), CXM_CF_EMAIL);
	ck_assert_int_eq(cxm_cfield_from_header(" E-Mail "), CXM_CF_EMAIL);
	ck_assert_int_eq(cxm_cfield_from_header("Эл. почта"), CXM_CF_EMAIL);
	ck_assert_int_eq(cxm_cfield_from_header("ФИО"), CXM_CF_NAME);
	ck_assert_int_eq(cxm_cfield_from_header("Дата рождения"), CXM_CF_BIRTH_DATE);
	ck_assert_int_eq(cxm_cfield_from_header("Телефон"), CXM_CF_PHONE);
	ck_assert_int_eq(cxm_cfield_from_header("first_seen"), CXM_CF_FIRST_SEEN);
	ck_assert_int_eq(cxm_cfield_from_header("shoe size"), -1);
	/* the labels an export writes, in both languages */
	ck_assert_int_eq(cxm_cfield_from_header("Client since"), CXM_CF_FIRST_SEEN);
	ck_assert_int_eq(cxm_cfield_from_header("Клиент с"), CXM_CF_FIRST_SEEN);
	ck_assert_int_eq(cxm_cfield_from_header("Согласие на рассылки"), CXM_CF_MARKETING_CONSENT);
	ck_assert_str_eq(cxm_cfield_choice_label(CXM_CF_REGION, "vitebsk_region"), "Vitebsk Region");
	ck_assert_ptr_null(cxm_cfield_choice_label(CXM_CF_REGION, "atlantis"));
	ck_assert_ptr_null(cxm_cfield_choice_label(CXM_CF_NAME, "x"));
	/* every field has a label and a code, every choice a label */
	for (int f = 0; f < CXM_CF_MAX; f++) {
		ck_assert_ptr_nonnull(cxm_cfields[f].code);
		ck_assert_ptr_nonnull(cxm_cfields[f].label);
		for (size_t i = 0; cxm_cfields[f].choices && cxm_cfields[f].choices[i]; i++)
			ck_assert_ptr_nonnull(cxm_cfields[f].choice_labels[i]);
	}
}
END_TEST

static Suite *clients_suite(void)
{
	Suite *s = suite_create("clients");
	TCase *tc = tcase_create("model");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, check_email_and_phone);
	tcase_add_test(tc, check_dates_and_age_bands);
	tcase_add_test(tc, check_choices_in_both_languages);
	tcase_add_test(tc, check_names_tags_and_presence);
	tcase_add_test(tc, custom_attributes);
	tcase_add_test(tc, save_insert_and_partial_update);
	tcase_add_test(tc, external_ids_and_matching);
	tcase_add_test(tc, delete_restore_and_tenancy);
	tcase_add_test(tc, interactions_keep_aggregates);
	tcase_add_test(tc, interaction_check_rules);
	tcase_add_test(tc, erase_keeps_the_numbers);
	tcase_add_test(tc, merge_moves_everything);
	tcase_add_test(tc, time_zones);
	tcase_add_test(tc, header_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	th_mysql_socket();
	SRunner *sr = srunner_create(clients_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
