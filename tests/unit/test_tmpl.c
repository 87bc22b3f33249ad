/* The ctemplate shim (core/tmpl.cc): contextual auto-escaping of values in
 * text, attributes and URLs (<script>, quotes, ampersands, javascript:
 * URLs), {{_text_}} markers translated per language at load time,
 * sections and includes, and the loader's refusals: a template without the
 * AUTOESCAPE pragma, an unterminated marker, a missing directory; and
 * rendering an unknown template. Also loads the project's own templates. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "i18n.h"
#include "tmpl.h"

static char dir[256];
static char err[1024];
static struct cxm_arena *a;
static struct cxm_buf out;

#define PRAGMA "{{%AUTOESCAPE context=\"HTML\"}}\n"

static void put(const char *name, const char *text)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void new_dir(void)
{
	static int k;
	snprintf(dir, sizeof(dir), "/tmp/cxm-tmpl-%ld-%d", (long)getpid(), ++k);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void setup(void)
{
	const char *build = getenv("CXM_BUILDDIR");
	ck_assert_msg(build != NULL, "CXM_BUILDDIR must be set (make check does)");
	char po[4096];
	snprintf(po, sizeof(po), "%s/po", build);
	ck_assert_int_eq(cxm_i18n_load(po), CXM_OK);
	new_dir();
	put("page.tpl", PRAGMA "<p title=\"{{V}}\">{{V}}</p><a href=\"{{U}}\">{{_Page not found_}}</a>\n");
	put("list.tpl", PRAGMA "<ul>{{#ITEM}}<li>{{NAME}}/{{G}}</li>{{/ITEM}}</ul>{{#NONE}}hidden{{/NONE}}"
	                "{{#SHOWN}}shown{{/SHOWN}}\n");
	put("outer.tpl", PRAGMA "<div>{{>INNER}}</div>\n");
	put("inner.tpl", PRAGMA "<i>{{X}}|{{G}}</i>\n");
	put("marker.tpl", PRAGMA "<b>{{_<not a real message> & more_}}</b>\n");
	ck_assert_msg(cxm_tmpl_load_dir(dir, err, sizeof(err)) == CXM_OK, "%s", err);
	a = cxm_arena_new(8192);
	cxm_buf_init(&out, a, 256);
}

static void teardown(void)
{
	cxm_arena_free(a);
	cxm_i18n_unload();
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *render(const char *file, struct cxm_dict *d)
{
	cxm_buf_reset(&out);
	ck_assert_int_eq(cxm_tmpl_render(file, d, &out), CXM_OK);
	cxm_buf_puts(&out, "");
	return out.data;
}

static const char *page(enum cxm_lang lang, const char *v, const char *u)
{
	struct cxm_dict *d = cxm_dict_new(a, lang);
	cxm_dict_set(d, "V", v);
	cxm_dict_set(d, "U", u);
	return render("page.tpl", d);
}

START_TEST(text_and_attribute_escaping)
{
	ck_assert_str_eq(page(CXM_LANG_EN, "<script>alert(1)</script>", "/x"),
	                 "<p title=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"
	                 "&lt;script&gt;alert(1)&lt;/script&gt;</p><a href=\"/x\">Page not found</a>\n");
	ck_assert_str_eq(page(CXM_LANG_EN, "a\"b'c&d", "/x"),
	                 "<p title=\"a&quot;b&#39;c&amp;d\">a&quot;b&#39;c&amp;d</p>"
	                 "<a href=\"/x\">Page not found</a>\n");
	/* an attempt to leave the attribute */
	ck_assert_str_eq(page(CXM_LANG_EN, "\" onmouseover=\"x()", "/x"),
	                 "<p title=\"&quot; onmouseover=&quot;x()\">&quot; onmouseover=&quot;x()</p>"
	                 "<a href=\"/x\">Page not found</a>\n");
}
END_TEST

START_TEST(url_escaping)
{
	/* a scheme other than http(s) is replaced by "#" */
	ck_assert_str_eq(page(CXM_LANG_EN, "", "javascript:alert(1)"),
	                 "<p title=\"\"></p><a href=\"#\">Page not found</a>\n");
	ck_assert_str_eq(page(CXM_LANG_EN, "", "JavaScript:alert(1)"),
	                 "<p title=\"\"></p><a href=\"#\">Page not found</a>\n");
	ck_assert_str_eq(page(CXM_LANG_EN, "", "data:text/html,<script>"),
	                 "<p title=\"\"></p><a href=\"#\">Page not found</a>\n");
	/* safe URLs keep their text, HTML-escaped */
	ck_assert_str_eq(page(CXM_LANG_EN, "", "https://example.com/?a=1&b=\"2\""),
	                 "<p title=\"\"></p><a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">"
	                 "Page not found</a>\n");
	ck_assert_str_eq(page(CXM_LANG_EN, "", "/cx/clients?q=<x>"),
	                 "<p title=\"\"></p><a href=\"/cx/clients?q=&lt;x&gt;\">Page not found</a>\n");
}
END_TEST

START_TEST(markers_translated_per_language)
{
	ck_assert_str_eq(page(CXM_LANG_RU, "x", "/"),
	                 "<p title=\"x\">x</p><a href=\"/\">Страница не найдена</a>\n");
	ck_assert_str_eq(page(CXM_LANG_EN, "x", "/"),
	                 "<p title=\"x\">x</p><a href=\"/\">Page not found</a>\n");
	/* untranslated marker text is escaped like any other text */
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_RU);
	ck_assert_str_eq(render("marker.tpl", d), "<b>&lt;not a real message&gt; &amp; more</b>\n");
}
END_TEST

START_TEST(sections_includes_globals)
{
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set_global(d, "G", "g<");
	const char *names[] = {"Анна", "<b>Bob</b>", "O'Neil"};
	for (int i = 0; i < 3; i++)
		cxm_dict_set(cxm_dict_section(d, "ITEM"), "NAME", names[i]);
	cxm_dict_show(d, "SHOWN");
	ck_assert_str_eq(render("list.tpl", d),
	                 "<ul><li>Анна/g&lt;</li><li>&lt;b&gt;Bob&lt;/b&gt;/g&lt;</li>"
	                 "<li>O&#39;Neil/g&lt;</li></ul>shown\n");

	struct cxm_dict *o = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set_global(o, "G", "global");
	cxm_dict_set(o, "X", "not seen inside");
	struct cxm_dict *in = cxm_dict_include(o, "INNER", "inner.tpl");
	cxm_dict_set_int(in, "X", -42);
	ck_assert_str_eq(render("outer.tpl", o), "<div><i>-42|global</i>\n</div>\n");
}
END_TEST

START_TEST(setn_keeps_embedded_bytes)
{
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_setn(d, "V", "ab<cd", 3);  /* only "ab<" */
	cxm_dict_set(d, "U", "/");
	ck_assert_str_eq(render("page.tpl", d),
	                 "<p title=\"ab&lt;\">ab&lt;</p><a href=\"/\">Page not found</a>\n");
}
END_TEST

START_TEST(exists_and_unknown_template)
{
	ck_assert_int_eq(cxm_tmpl_exists("page.tpl"), 1);
	ck_assert_int_eq(cxm_tmpl_exists("nope.tpl"), 0);
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_EN);
	ck_assert_int_eq(cxm_tmpl_render("nope.tpl", d, &out), CXM_ERR_TEMPLATE);
}
END_TEST

START_TEST(pragma_required)
{
	new_dir();
	put("ok.tpl", PRAGMA "fine\n");
	put("bad.tpl", "<p>{{V}}</p>\n");
	ck_assert_int_eq(cxm_tmpl_load_dir(dir, err, sizeof(err)), CXM_ERR_TEMPLATE);
	char want[512];
	snprintf(want, sizeof(want), "%s/bad.tpl: must begin with {{%%AUTOESCAPE context=\"HTML\"}}", dir);
	ck_assert_str_eq(err, want);
	/* a pragma further down does not count */
	new_dir();
	put("late.tpl", "\n" PRAGMA "x\n");
	ck_assert_int_eq(cxm_tmpl_load_dir(dir, err, sizeof(err)), CXM_ERR_TEMPLATE);
}
END_TEST

START_TEST(unterminated_marker)
{
	new_dir();
	put("m.tpl", PRAGMA "<p>\n{{_Never closed</p>\n");
	ck_assert_int_eq(cxm_tmpl_load_dir(dir, err, sizeof(err)), CXM_ERR_TEMPLATE);
	char want[512];
	snprintf(want, sizeof(want), "%s/m.tpl: line 3: unterminated {{_ marker", dir);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(syntax_error_refused)
{
	new_dir();
	put("s.tpl", PRAGMA "{{#OPEN}}never closed\n");
	ck_assert_int_eq(cxm_tmpl_load_dir(dir, err, sizeof(err)), CXM_ERR_TEMPLATE);
	char want[512];
	snprintf(want, sizeof(want), "%s/s.tpl: ctemplate refused it (syntax or unsafe escaping)", dir);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(missing_directory)
{
	ck_assert_int_eq(cxm_tmpl_load_dir("/nonexistent/templates", err, sizeof(err)), CXM_ERR_IO);
	ck_assert_str_eq(err, "/nonexistent/templates: No such file or directory");
}
END_TEST

START_TEST(project_templates_load)
{
	const char *src = getenv("CXM_SRCDIR");
	ck_assert_ptr_nonnull(src);
	char p[4096];
	snprintf(p, sizeof(p), "%s/templates", src);
	ck_assert_msg(cxm_tmpl_load_dir(p, err, sizeof(err)) == CXM_OK, "%s", err);
	ck_assert_int_eq(cxm_tmpl_exists("layout.tpl"), 1);
	ck_assert_int_eq(cxm_tmpl_exists("home.tpl"), 1);
	ck_assert_int_eq(cxm_tmpl_exists("error.tpl"), 1);
}
END_TEST

static Suite *tmpl_suite(void)
{
	Suite *s = suite_create("tmpl");
	TCase *tc = tcase_create("tmpl");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, text_and_attribute_escaping);
	tcase_add_test(tc, url_escaping);
	tcase_add_test(tc, markers_translated_per_language);
	tcase_add_test(tc, sections_includes_globals);
	tcase_add_test(tc, setn_keeps_embedded_bytes);
	tcase_add_test(tc, exists_and_unknown_template);
	tcase_add_test(tc, pragma_required);
	tcase_add_test(tc, unterminated_marker);
	tcase_add_test(tc, syntax_error_refused);
	tcase_add_test(tc, missing_directory);
	tcase_add_test(tc, project_templates_load);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tmpl_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
