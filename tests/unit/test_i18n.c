/* Translations (core/i18n.c): the built ru and en catalogues (exact Russian
 * strings from po/ru.po, plurals, fallback to the English id), the Russian
 * and English plural rules (on a catalogue compiled here with a distinct
 * string per form, and cross-checked against GNU gettext evaluating the
 * Plural-Forms header of po/ru.po and po/en.po), language codes,
 * Accept-Language negotiation with q-values, big-endian catalogues, and
 * damaged .mo files refused cleanly (truncated at every length, bad magic,
 * tables or strings out of bounds, unsorted, every byte flipped). */
#include "config.h"

#include <check.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "log.h"

static char dir[256];

/* The Plural-Forms of the gettext manual ("Plural forms") for Russian and
 * English, which the code implements. */
#define RU_FORMS "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && " \
                 "(n%100<10 || n%100>=20) ? 1 : 2);"
#define EN_FORMS "nplurals=2; plural=(n != 1);"

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
	cxm_log_set_level(CXM_LOG_INFO);
	if (dir[0]) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		ck_assert_int_eq(system(cmd), 0);
		dir[0] = 0;
	}
}

static void new_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/cxm-i18n-%ld", (long)getpid());
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Compiles a .po made of a header with the given Plural-Forms and body
 * into mo_path with msgfmt (extra: more msgfmt options). */
static void compile(const char *mo_path, const char *forms, const char *body, const char *extra)
{
	char po[600];
	snprintf(po, sizeof(po), "%s.po", mo_path);
	FILE *f = fopen(po, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	           "\"Plural-Forms: %s\\n\"\n\n%s", forms, body);
	fclose(f);
	char cmd[2048];
	snprintf(cmd, sizeof(cmd), "msgfmt %s -o '%s' '%s'", extra, mo_path, po);
	ck_assert_int_eq(system(cmd), 0);
}

/* A fresh directory with ru.mo and en.mo compiled from the given bodies. */
static void compile_catalogues_opt(const char *ru_body, const char *en_body, const char *extra)
{
	new_dir();
	const char *bodies[2] = {ru_body, en_body};
	const char *forms[2] = {RU_FORMS, EN_FORMS};
	for (int l = 0; l < 2; l++) {
		char mo[512];
		snprintf(mo, sizeof(mo), "%s/%s.mo", dir, cxm_lang_codes[l]);
		compile(mo, forms[l], bodies[l], extra);
	}
}

static void compile_catalogues(const char *ru_body, const char *en_body)
{
	compile_catalogues_opt(ru_body, en_body, "--endianness=little");
}

START_TEST(built_catalogues_translate)
{
	built_catalogues();
	cxm_i18n_set(CXM_LANG_RU);
	ck_assert_int_eq(cxm_i18n_current(), CXM_LANG_RU);
	/* three messages and their translations as po/ru.po has them */
	ck_assert_str_eq(_("Page not found"), "Страница не найдена");
	ck_assert_str_eq(_("Customer experience management"), "Управление клиентским опытом");
	ck_assert_str_eq(_("Field “%s”: %s"), "Поле «%s»: %s");
	ck_assert_str_eq(_("Go to the home page"), "На главную");
	cxm_i18n_set(CXM_LANG_EN);
	ck_assert_int_eq(cxm_i18n_current(), CXM_LANG_EN);
	ck_assert_str_eq(_("Page not found"), "Page not found");
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Access denied"), "Доступ запрещён");
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_EN, "Access denied"), "Access denied");
	/* unknown ids and the empty id come back unchanged: the same pointer */
	cxm_i18n_set(CXM_LANG_RU);
	static const char unknown[] = "No such message, surely";
	ck_assert_ptr_eq(_(unknown), unknown);
	ck_assert_ptr_eq(cxm_gettext_lang(CXM_LANG_EN, unknown), unknown);
	ck_assert_str_eq(_("page not found"), "page not found");  /* ids are case-sensitive */
	ck_assert_str_eq(_(""), "");
	ck_assert_ptr_null(cxm_gettext_lang(CXM_LANG_RU, NULL));
	ck_assert_str_eq(cxm_gettext_lang((enum cxm_lang)7, "Page not found"), "Page not found");
	/* an out-of-range language is ignored */
	cxm_i18n_set((enum cxm_lang)7);
	ck_assert_int_eq(cxm_i18n_current(), CXM_LANG_RU);
}
END_TEST

START_TEST(built_catalogue_plurals)
{
	built_catalogues();
	static const char one[] = "Enter at least %lld character.", many[] = "Enter at least %lld characters.";
	/* ru.po: [0] "…символа." for 1, 21, 101; [1] and [2] "…символов." */
	static const struct {
		unsigned long n;
		const char *ru;
	} cases[] = {
		{1, "Введите не меньше %lld символа."},   {2, "Введите не меньше %lld символов."},
		{5, "Введите не меньше %lld символов."},  {11, "Введите не меньше %lld символов."},
		{21, "Введите не меньше %lld символа."},  {22, "Введите не меньше %lld символов."},
		{25, "Введите не меньше %lld символов."}, {111, "Введите не меньше %lld символов."},
		{101, "Введите не меньше %lld символа."}, {0, "Введите не меньше %lld символов."},
	};
	cxm_i18n_set(CXM_LANG_RU);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(strcmp(cxm_ngettext(one, many, cases[i].n), cases[i].ru) == 0, "n=%lu: %s",
		              cases[i].n, cxm_ngettext(one, many, cases[i].n));
	cxm_i18n_set(CXM_LANG_EN);
	ck_assert_str_eq(cxm_ngettext(one, many, 1), "Enter at least %lld character.");
	ck_assert_str_eq(cxm_ngettext(one, many, 21), "Enter at least %lld characters.");
	ck_assert_str_eq(cxm_ngettext(one, many, 0), "Enter at least %lld characters.");
}
END_TEST

START_TEST(plural_forms)
{
	compile_catalogues("msgid \"%lu apple\"\nmsgid_plural \"%lu apples\"\n"
	                   "msgstr[0] \"%lu яблоко\"\nmsgstr[1] \"%lu яблока\"\nmsgstr[2] \"%lu яблок\"\n",
	                   "msgid \"%lu apple\"\nmsgid_plural \"%lu apples\"\n"
	                   "msgstr[0] \"%lu apple (en)\"\nmsgstr[1] \"%lu apples (en)\"\n");
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_OK);
	/* by hand from RU_FORMS: n%10==1 && n%100!=11 -> 0; n%10 in 2..4 and
	 * n%100 not in 12..14 -> 1; else 2 */
	static const struct {
		unsigned long n;
		const char *ru;
	} cases[] = {
		{0, "%lu яблок"},   {1, "%lu яблоко"},  {2, "%lu яблока"},  {4, "%lu яблока"},
		{5, "%lu яблок"},   {11, "%lu яблок"},  {12, "%lu яблок"},  {14, "%lu яблок"},
		{21, "%lu яблоко"}, {22, "%lu яблока"}, {25, "%lu яблок"},  {101, "%lu яблоко"},
		{111, "%lu яблок"}, {112, "%lu яблок"}, {1001, "%lu яблоко"}, {1022, "%lu яблока"},
		{4294967291UL, "%lu яблоко"},  /* ends in 91 */
	};
	cxm_i18n_set(CXM_LANG_RU);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(strcmp(cxm_ngettext("%lu apple", "%lu apples", cases[i].n), cases[i].ru) == 0,
		              "n=%lu: %s", cases[i].n, cxm_ngettext("%lu apple", "%lu apples", cases[i].n));
	/* the singular id alone finds the entry too, with its first form */
	ck_assert_str_eq(cxm_gettext("%lu apple"), "%lu яблоко");
	cxm_i18n_set(CXM_LANG_EN);
	ck_assert_str_eq(cxm_ngettext("%lu apple", "%lu apples", 1), "%lu apple (en)");
	ck_assert_str_eq(cxm_ngettext("%lu apple", "%lu apples", 0), "%lu apples (en)");
	ck_assert_str_eq(cxm_ngettext("%lu apple", "%lu apples", 21), "%lu apples (en)");
	/* not in the catalogue: the English rule on the ids */
	ck_assert_str_eq(cxm_ngettext("%lu pear", "%lu pears", 1), "%lu pear");
	ck_assert_str_eq(cxm_ngettext("%lu pear", "%lu pears", 2), "%lu pears");
	cxm_i18n_set(CXM_LANG_RU);
	ck_assert_str_eq(cxm_ngettext("%lu pear", "%lu pears", 21), "%lu pears");
}
END_TEST

/* The text of the Plural-Forms header of po/<lang>.po. The header may be
 * wrapped over several quoted lines (msgcat and msgmerge wrap long ones). */
static void plural_forms_of(const char *lang, char *out, size_t outlen)
{
	const char *src = getenv("CXM_SRCDIR");
	ck_assert_msg(src != NULL, "CXM_SRCDIR must be set (make check does)");
	char p[4096];
	snprintf(p, sizeof(p), "%s/po/%s.po", src, lang);
	FILE *f = fopen(p, "r");
	ck_assert_ptr_nonnull(f);
	char line[1024];
	static const char key[] = "\"Plural-Forms: ";
	size_t used = 0;
	int in_header = 0;
	out[0] = 0;
	while (fgets(line, sizeof(line), f)) {
		const char *text;
		if (!in_header && strncmp(line, key, sizeof(key) - 1) == 0) {
			in_header = 1;
			text = line + sizeof(key) - 1;
		} else if (in_header) {
			ck_assert_msg(line[0] == '"', "Plural-Forms of %s is not terminated by \\n", p);
			text = line + 1;
		} else {
			continue;
		}
		/* text runs to the closing quote; "\n" before it ends the header */
		char *q = strrchr(text, '"');
		ck_assert_ptr_nonnull(q);
		int last = q - text >= 2 && q[-2] == '\\' && q[-1] == 'n';
		size_t len = (size_t)(q - text) - (last ? 2 : 0);
		ck_assert_uint_lt(used + len, outlen);
		memcpy(out + used, text, len);
		used += len;
		out[used] = 0;
		if (last)
			break;
	}
	fclose(f);
	ck_assert_msg(out[0], "no Plural-Forms in %s", p);
}

START_TEST(catalogue_headers_match_the_code)
{
	char forms[512];
	plural_forms_of("ru", forms, sizeof(forms));
	ck_assert_str_eq(forms, RU_FORMS);
	plural_forms_of("en", forms, sizeof(forms));
	ck_assert_str_eq(forms, EN_FORMS);
}
END_TEST

/* GNU gettext (glibc) as an independent judge of the plural index: it
 * evaluates the Plural-Forms expression of the real po/<lang>.po header.
 * Needs the C.UTF-8 locale; without it the check is skipped. */
START_TEST(plural_index_agrees_with_gettext)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "note: no C.UTF-8 locale; plural cross-check skipped\n");
		return;
	}
	unsetenv("LANGUAGE");
	new_dir();
	char sub[600], cmd[700];
	snprintf(sub, sizeof(sub), "%s/C.UTF-8/LC_MESSAGES", dir);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", sub);
	ck_assert_int_eq(system(cmd), 0);
	static const char *const domains[2] = {"cxmtest_ru", "cxmtest_en"};
	static const char body_ru[] = "msgid \"one\"\nmsgid_plural \"many\"\n"
	                              "msgstr[0] \"0\"\nmsgstr[1] \"1\"\nmsgstr[2] \"2\"\n";
	static const char body_en[] = "msgid \"one\"\nmsgid_plural \"many\"\n"
	                              "msgstr[0] \"0\"\nmsgstr[1] \"1\"\n";
	for (int l = 0; l < 2; l++) {
		char forms[512], mo[800];
		plural_forms_of(cxm_lang_codes[l], forms, sizeof(forms));
		/* the same catalogue for both: glibc's copy uses the real header */
		snprintf(mo, sizeof(mo), "%s/%s.mo", sub, domains[l]);
		compile(mo, forms, l == 0 ? body_ru : body_en, "");
		snprintf(mo, sizeof(mo), "%s/%s.mo", dir, cxm_lang_codes[l]);
		compile(mo, forms, l == 0 ? body_ru : body_en, "");
		ck_assert_ptr_nonnull(bindtextdomain(domains[l], dir));
	}
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_OK);
	if (strcmp(dngettext(domains[0], "one", "many", 5), "2") != 0) {
		setlocale(LC_ALL, "C");
		fprintf(stderr, "note: gettext finds no catalogue; plural cross-check skipped\n");
		return;
	}
	static const unsigned long big[] = {1000000, 1000001, 1000011, 1000021, 1000022, 4294967295UL,
	                                    4294967296UL, ULONG_MAX, ULONG_MAX - 9};
	for (int l = 0; l < 2; l++) {
		cxm_i18n_set((enum cxm_lang)l);
		for (unsigned long n = 0; n < 10000 + sizeof(big) / sizeof(big[0]); n++) {
			unsigned long v = n < 10000 ? n : big[n - 10000];
			const char *theirs = dngettext(domains[l], "one", "many", v);
			const char *ours = cxm_ngettext("one", "many", v);
			ck_assert_msg(strcmp(ours, theirs) == 0, "%s, n=%lu: gettext says form %s, cxm %s",
			              cxm_lang_codes[l], v, theirs, ours);
		}
	}
	setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(language_codes)
{
	ck_assert_int_eq(cxm_lang_from_code("ru"), CXM_LANG_RU);
	ck_assert_int_eq(cxm_lang_from_code("EN"), CXM_LANG_EN);
	ck_assert_int_eq(cxm_lang_from_code("en-GB"), CXM_LANG_EN);
	ck_assert_int_eq(cxm_lang_from_code("ru_RU"), CXM_LANG_RU);
	ck_assert_int_eq(cxm_lang_from_code("eng"), -1);
	ck_assert_int_eq(cxm_lang_from_code("r"), -1);
	ck_assert_int_eq(cxm_lang_from_code("de"), -1);
	ck_assert_int_eq(cxm_lang_from_code(""), -1);
	ck_assert_int_eq(cxm_lang_from_code(NULL), -1);
	ck_assert_str_eq(cxm_lang_codes[CXM_LANG_RU], "ru");
	ck_assert_str_eq(cxm_lang_codes[CXM_LANG_EN], "en");
	ck_assert_str_eq(cxm_lang_names[CXM_LANG_RU], "Русский");
	ck_assert_str_eq(cxm_lang_names[CXM_LANG_EN], "English");
}
END_TEST

START_TEST(accept_language)
{
	const enum cxm_lang RU = CXM_LANG_RU, EN = CXM_LANG_EN;
	ck_assert_int_eq(cxm_lang_from_accept("en-US,en;q=0.9", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("de,fr;q=0.5", RU), RU);
	ck_assert_int_eq(cxm_lang_from_accept("de,fr;q=0.5", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept("ru;q=0.1, en;q=0.8", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("ru;q=0.1, en;q=0.8", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept("ru, en", EN), RU);                /* both q=1: first wins */
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0.5, ru;q=0.5", EN), EN);  /* a tie: first wins */
	ck_assert_int_eq(cxm_lang_from_accept("ru;q=0.5, en;q=0.5", EN), RU);
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0, de", RU), RU);           /* q=0: not acceptable */
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0", RU), RU);
	ck_assert_int_eq(cxm_lang_from_accept("ru;q=0, en;q=0.0", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0.000, ru;q=0.001", EN), RU);
	ck_assert_int_eq(cxm_lang_from_accept("ru;q=0", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept("de-DE, ru-RU;q=0.7, en;q=0.3", EN), RU);
	ck_assert_int_eq(cxm_lang_from_accept("EN-gb ; q=0.4 , ru ; q=0.35", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0.125,ru;q=0.12", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("ru;level=1;q=0.2, en;q=0.3", RU), EN);  /* other params */
	ck_assert_int_eq(cxm_lang_from_accept("en;Q=0.9, ru;q=0.8", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("   en  ", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("english, russian", EN), EN);    /* not language tags we have */
	ck_assert_int_eq(cxm_lang_from_accept("en;q=abc", RU), RU);             /* bad q counts as 0 */
	ck_assert_int_eq(cxm_lang_from_accept("en;q=0.1234", RU), RU);          /* more than 3 decimals */
	ck_assert_int_eq(cxm_lang_from_accept("en;q=2", RU), RU);
	ck_assert_int_eq(cxm_lang_from_accept("*", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept("*", RU), RU);
	ck_assert_int_eq(cxm_lang_from_accept("", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept(",,,;;;==", RU), RU);
	ck_assert_int_eq(cxm_lang_from_accept(";q=1,en", RU), EN);
	ck_assert_int_eq(cxm_lang_from_accept("\x01\xff\xfe garbage;;q=;", EN), EN);
	ck_assert_int_eq(cxm_lang_from_accept(NULL, EN), EN);
	/* a tag longer than any real one is skipped, the rest still counts */
	ck_assert_int_eq(cxm_lang_from_accept("en-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, ru;q=0.1", EN), RU);
	/* a long header of many unknown tags */
	static char lots[8192];
	lots[0] = 0;
	for (int i = 0; i < 900; i++)
		strcat(lots, "xx;q=1,");
	strcat(lots, "en;q=0.01");
	ck_assert_int_eq(cxm_lang_from_accept(lots, RU), EN);
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

static size_t read_file(const char *name, unsigned char *buf, size_t cap)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "rb");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	ck_assert_uint_lt(n, cap);
	return n;
}

static uint32_t get32le(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32le(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static const char ru3[] = "msgid \"No\"\nmsgstr \"Нет\"\n\nmsgid \"Yes\"\nmsgstr \"Да\"\n";
static const char en3[] = "msgid \"No\"\nmsgstr \"No (en)\"\n\nmsgid \"Yes\"\nmsgstr \"Yes (en)\"\n";

START_TEST(big_endian_catalogues)
{
	compile_catalogues_opt(ru3, en3, "--endianness=big");
	unsigned char mo[4096];
	ck_assert_uint_gt(read_file("ru.mo", mo, sizeof(mo)), 28);
	ck_assert_mem_eq(mo, "\x95\x04\x12\xde", 4);  /* the magic, big-endian */
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_OK);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Да");
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "No"), "Нет");
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_EN, "No"), "No (en)");
}
END_TEST

START_TEST(damaged_catalogues_refused)
{
	compile_catalogues("msgid \"Yes\"\nmsgstr \"Да\"\n", "msgid \"Yes\"\nmsgstr \"Yes (en)\"\n");
	/* read the good ru.mo, then write damaged versions of it */
	unsigned char good[4096];
	size_t n = read_file("ru.mo", good, sizeof(good));
	ck_assert_uint_gt(n, 28);
	char p[512];
	snprintf(p, sizeof(p), "%s/ru.mo", dir);

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

	/* too short to be a .mo file; empty; and missing */
	write_file("ru.mo", good, 10);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);
	write_file("ru.mo", good, 0);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);
	unlink(p);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Yes");
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_EN, "Yes"), "Yes (en)");
}
END_TEST

START_TEST(truncated_at_every_length)
{
	compile_catalogues(ru3, en3);
	unsigned char good[4096];
	size_t n = read_file("ru.mo", good, sizeof(good));
	/* msgfmt ends the file with the last string's NUL, so every cut loses
	 * at least that */
	ck_assert_int_eq(good[n - 1], 0);
	cxm_log_set_level(CXM_LOG_ERROR);  /* quiet: hundreds of warnings */
	for (size_t k = 0; k < n; k++) {
		write_file("ru.mo", good, k);
		ck_assert_msg(cxm_i18n_load(dir) == CXM_ERR_IO, "cut at %zu of %zu loaded", k, n);
		ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Yes");
		ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_EN, "Yes"), "Yes (en)");
	}
	write_file("ru.mo", good, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_OK);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Да");
}
END_TEST

START_TEST(bad_tables_refused)
{
	compile_catalogues(ru3, en3);
	unsigned char good[4096], bad[4096];
	size_t n = read_file("ru.mo", good, sizeof(good));
	ck_assert_uint_eq(get32le(good), 0x950412deu);
	ck_assert_uint_eq(get32le(good + 8), 3);  /* "", "No", "Yes" */
	uint32_t otab = get32le(good + 12), ttab = get32le(good + 16);

	/* a msgid offset at the end of the file */
	memcpy(bad, good, n);
	put32le(bad + otab + 8 * 1 + 4, (uint32_t)n);
	write_file("ru.mo", bad, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);

	/* a translation length one too long: no NUL where "Нет" must end (the
	 * next byte is the first of "Да") */
	memcpy(bad, good, n);
	put32le(bad + ttab + 8 * 1, get32le(good + ttab + 8 * 1) + 1);
	write_file("ru.mo", bad, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);

	/* the last translation ("Да") one byte longer than the file */
	memcpy(bad, good, n);
	put32le(bad + ttab + 8 * 2, get32le(good + ttab + 8 * 2) + 1);
	write_file("ru.mo", bad, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);

	/* a translation offset near 4 GiB (would wrap in 32-bit arithmetic) */
	memcpy(bad, good, n);
	put32le(bad + ttab + 8 * 2 + 4, 0xfffffffeu);
	write_file("ru.mo", bad, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);

	/* the table of msgids beyond the file */
	memcpy(bad, good, n);
	put32le(bad + 12, (uint32_t)n - 8);
	write_file("ru.mo", bad, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);

	/* msgids out of order: binary search would miss; refused */
	memcpy(bad, good, n);
	memcpy(bad + otab + 8, good + otab + 16, 8);
	memcpy(bad + otab + 16, good + otab + 8, 8);
	write_file("ru.mo", bad, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_ERR_IO);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "Yes"), "Yes");

	/* the untouched file still loads */
	write_file("ru.mo", good, n);
	ck_assert_int_eq(cxm_i18n_load(dir), CXM_OK);
	ck_assert_str_eq(cxm_gettext_lang(CXM_LANG_RU, "No"), "Нет");
}
END_TEST

START_TEST(every_byte_flipped)
{
	/* No crash and no read outside the file (valgrind) whatever a byte
	 * becomes: the catalogue either loads or is refused. */
	compile_catalogues(ru3, en3);
	unsigned char good[4096], bad[4096];
	size_t n = read_file("ru.mo", good, sizeof(good));
	static const unsigned char masks[] = {0x01, 0x80, 0xff};
	cxm_log_set_level(CXM_LOG_ERROR);
	for (size_t i = 0; i < n; i++) {
		for (size_t m = 0; m < sizeof(masks); m++) {
			memcpy(bad, good, n);
			bad[i] ^= masks[m];
			write_file("ru.mo", bad, n);
			enum cxm_err rc = cxm_i18n_load(dir);
			ck_assert_msg(rc == CXM_OK || rc == CXM_ERR_IO, "byte %zu ^ %#x: %d", i, masks[m], rc);
			ck_assert_ptr_nonnull(cxm_gettext_lang(CXM_LANG_RU, "Yes"));
			ck_assert_uint_lt(strlen(cxm_gettext_lang(CXM_LANG_RU, "No")), n);
			cxm_i18n_set(CXM_LANG_RU);
			ck_assert_ptr_nonnull(cxm_ngettext("Yes", "Yeses", 3));
		}
	}
}
END_TEST

static Suite *i18n_suite(void)
{
	Suite *s = suite_create("i18n");
	TCase *tc = tcase_create("i18n");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, built_catalogues_translate);
	tcase_add_test(tc, built_catalogue_plurals);
	tcase_add_test(tc, plural_forms);
	tcase_add_test(tc, catalogue_headers_match_the_code);
	tcase_add_test(tc, plural_index_agrees_with_gettext);
	tcase_add_test(tc, language_codes);
	tcase_add_test(tc, accept_language);
	tcase_add_test(tc, big_endian_catalogues);
	tcase_add_test(tc, damaged_catalogues_refused);
	tcase_add_test(tc, truncated_at_every_length);
	tcase_add_test(tc, bad_tables_refused);
	tcase_add_test(tc, every_byte_flipped);
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
