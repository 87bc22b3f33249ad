/* Translations (core/i18n.c): the built ru and en catalogues, fallback to
 * the English id, Russian and English plural rules (checked on a catalogue
 * compiled here with a distinct string per form), language codes,
 * Accept-Language negotiation with q-values, and damaged .mo files refused
 * cleanly. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

static char dir[256];

static void built_catalogues(void)
{
	const char *build = getenv("CXM_BUILDDIR");
	ck_assert_msg(build != NULL, "CXM_BUILDDIR must be set (make check does)");
	char po[4096];
	snprintf(po, sizeof(po), "%s/po", build);
	ck_assert_int_eq(cxm_i18n_load(po), CXM_OK);
}

static void teardown(void)
{
	cxm_i18n_unload();
	cxm_i18n_set(CXM_LANG_RU);
	if (dir[0]) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		ck_assert_int_eq(system(cmd), 0);
		dir[0] = 0;
	}
}

/* A directory with ru.mo and en.mo compiled by msgfmt from the given .po
 * bodies (the header is added here). */
static void compile_catalogues(const char *ru_body, const char *en_body)
{
	snprintf(dir, sizeof(dir), "/tmp/cxm-i18n-%ld", (long)getpid());
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	const char *bodies[2] = {ru_body, en_body};
	const char *forms[2] = {
		"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
		"(n%100<10 || n%100>=20) ? 1 : 2);",
		"nplurals=2; plural=(n != 1);"};
	for (int l = 0; l < 2; l++) {
		char po[512];
		snprintf(po, sizeof(po), "%s/%s.po", dir, cxm_lang_codes[l]);
		FILE *f = fopen(po, "w");
		ck_assert_ptr_nonnull(f);
		fprintf(f, "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
		           "\"Plural-Forms: %s\\n\"\n\n%s", forms[l], bodies[l]);
		fclose(f);
		snprintf(cmd, sizeof(cmd), "msgfmt -o '%s/%s.mo' '%s'", dir, cxm_lang_codes[l], po);
		ck_assert_int_eq(system(cmd), 0);
	}
}

START_TEST(built_catalogues_translate)
{
	built_catalogues();
	cxm_i18n_set(CXM_LANG_RU);
	ck_assert_int_eq(cxm_i18n_current(), CXM_LANG_RU);
	ck_assert_str_eq(_("Page not found"), "Страница не найдена");
	ck_assert_str_eq(_("Customer experience management"), "Управление клиентским опытом");
	ck_assert_str_eq(_("Field “%s”: %s"), "Поле «%s»: %s");
	cxm_i18n_set(CXM_LANG_EN);
	ck_assert_str_eq(_("Page not found"), "Page not found");
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Access denied"), "Доступ запрещён");
	/* unknown ids and the empty id come back unchanged */
	cxm_i18n_set(CXM_LANG_RU);
	ck_assert_str_eq(_("No such message, surely"), "No such message, surely");
	ck_assert_str_eq(_(""), "");
	/* an out-of-range language is ignored */
	cxm_i18n_set((enum cxm_lang)7);
	ck_assert_int_eq(cxm_i18n_current(), CXM_LANG_RU);
}
END_TEST

START_TEST(plural_forms)
{
	compile_catalogues("msgid \"%lu apple\"\nmsgid_plural \"%lu apples\"\n"
	                   "msgstr[0] \"%lu яблоко\"\nmsgstr[1] \"%lu яблока\"\nmsgstr[2] \"%lu яблок\"\n",
	                   "msgid \"%lu apple\"\nmsgid_plural \"%lu apples\"\n"
	                   "msgstr[0] \"%lu apple (en)\"\nmsgstr[1] \"%lu apples (en)\"\n");
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_OK);
	static const struct {
		unsigned long n;
		const char *ru;
	} cases[] = {
		{0, "%lu яблок"},   {1, "%lu яблоко"},  {2, "%lu яблока"},  {4, "%lu яблока"},
		{5, "%lu яблок"},   {11, "%lu яблок"},  {12, "%lu яблок"},  {14, "%lu яблок"},
		{21, "%lu яблоко"}, {22, "%lu яблока"}, {25, "%lu яблок"},  {101, "%lu яблоко"},
		{111, "%lu яблок"}, {112, "%lu яблок"}, {1001, "%lu яблоко"}, {1022, "%lu яблока"},
	};
	cxm_i18n_set(CXM_LANG_RU);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(strcmp(cxm_ngettext("%lu apple", "%lu apples", cases[i].n), cases[i].ru) == 0,
		              "n=%lu: %s", cases[i].n, cxm_ngettext("%lu apple", "%lu apples", cases[i].n));
	cxm_i18n_set(CXM_LANG_EN);
	ck_assert_str_eq(cxm_ngettext("%lu apple", "%lu apples", 1), "%lu apple (en)");
	ck_assert_str_eq(cxm_ngettext("%lu apple", "%lu apples", 0), "%lu apples (en)");
	ck_assert_str_eq(cxm_ngettext("%lu apple", "%lu apples", 21), "%lu apples (en)");
	/* not in the catalogue: the English rule on the ids */
	ck_assert_str_eq(cxm_ngettext("%lu pear", "%lu pears", 1), "%lu pear");
	ck_assert_str_eq(cxm_ngettext("%lu pear", "%lu pears", 2), "%lu pears");
}
END_TEST

START_TEST(language_codes)
{
	ck_assert_int_eq(cxm_lang_from_code("ru"), CXM_LANG_RU);
	ck_assert_int_eq(cxm_lang_from_code("EN"), CXM_LANG_EN);
	ck_assert_int_eq(cxm_lang_from_code("en-GB"), CXM_LANG_EN);
	ck_assert_int_eq(cxm_lang_from_code("ru_RU"), CXM_LANG_RU);
	ck_assert_int_eq(cxm_lang_from_code("eng"), -1);
	ck_assert_int_eq(cxm_lang_from_code("de"), -1);
	ck_assert_int_eq(cxm_lang_from_code(""), -1);
	ck_assert_int_eq(cxm_lang_from_code(NULL), -1);
	ck_assert_str_eq(cxm_lang_codes[CXM_LANG_RU], "ru");
	ck_assert_str_eq(cxm_lang_names[CXM_LANG_RU], "Русский");
}
END_TEST

START_TEST(accept_language)
{
	const enum cxm_lang RU = CXM_LANG_RU, EN = CXM_LANG_EN;
	ck_assert_int_eq(cxm_lang_from_accept("en-US,en;q=0.9", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("de,fr;q=0.5", RU), RU);
	ck_assert_int_eq(cxm_lang_from_accept("de,fr;q=0.5", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept("ru;q=0.1, en;q=0.8", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0.5, ru;q=0.5", EN), EN);  /* a tie: first wins */
	ck_assert_int_eq(cxm_lang_from_accept("ru;q=0.5, en;q=0.5", EN), RU);
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0, de", RU), RU);           /* q=0: not acceptable */
	ck_assert_int_eq(cxm_lang_from_accept("de-DE, ru-RU;q=0.7, en;q=0.3", EN), RU);
	ck_assert_int_eq(cxm_lang_from_accept("EN-gb ; q=0.4 , ru ; q=0.35", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0.125,ru;q=0.12", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("en;q=abc", RU), RU);             /* bad q counts as 0 */
	ck_assert_int_eq(cxm_lang_from_accept("en;q=2", RU), RU);
	ck_assert_int_eq(cxm_lang_from_accept("*", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept("", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept(",,,;;;==", RU), RU);
	ck_assert_int_eq(cxm_lang_from_accept(NULL, EN), EN);
}
END_TEST

static void write_file(const char *name, const void *data, size_t n)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

START_TEST(damaged_catalogues_refused)
{
	compile_catalogues("msgid \"Yes\"\nmsgstr \"Да\"\n", "msgid \"Yes\"\nmsgstr \"Yes (en)\"\n");
	/* read the good ru.mo, then write damaged versions of it */
	char p[512];
	snprintf(p, sizeof(p), "%s/ru.mo", dir);
	FILE *f = fopen(p, "rb");
	ck_assert_ptr_nonnull(f);
	unsigned char good[4096];
	size_t n = fread(good, 1, sizeof(good), f);
	fclose(f);
	ck_assert_uint_gt(n, 28);

	ck_assert_int_eq(cxm_i18n_load(dir), CXM_OK);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Да");

	/* truncated: the string table is cut off */
	write_file("ru.mo", good, n - 10);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Yes");
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_EN, "Yes"), "Yes (en)");  /* the other still loads */

	/* bad magic number */
	unsigned char bad[4096];
	memcpy(bad, good, n);
	bad[0] ^= 0xff;
	write_file("ru.mo", bad, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Yes");

	/* a message count far beyond the file */
	memcpy(bad, good, n);
	bad[8] = bad[9] = bad[10] = bad[11] = 0x7f;
	write_file("ru.mo", bad, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);

	/* too short to be a .mo file; and missing */
	write_file("ru.mo", good, 10);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);
	unlink(p);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Yes");
}
END_TEST

static Suite *i18n_suite(void)
{
	Suite *s = suite_create("i18n");
	TCase *tc = tcase_create("i18n");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, built_catalogues_translate);
	tcase_add_test(tc, plural_forms);
	tcase_add_test(tc, language_codes);
	tcase_add_test(tc, accept_language);
	tcase_add_test(tc, damaged_catalogues_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(i18n_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
