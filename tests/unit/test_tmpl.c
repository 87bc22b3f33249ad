/* The ctemplate shim (core/tmpl.cc): contextual auto-escaping of values in
 * text, quoted and unquoted attributes, URLs (<script>, quotes, ampersands,
 * javascript: and other schemes, which ctemplate's :U=html turns into "#")
 * and script strings; values never expanded again; {{_text_}} markers
 * translated per language at load time; sections, includes and globals;
 * the loader's refusals (no AUTOESCAPE pragma on the first line, an
 * unterminated marker, a syntax error, an unquoted URL attribute, a missing
 * directory) with their exact messages; unknown templates; reloading; and
 * the project's own templates, with the error page rendered exactly in
 * Russian and English. */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "i18n.h"
#include "tmpl.h"

static char dir[256];
static char setup_dir[256];  /* the fixture's set; tests may make others in dir */
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

static void remove_dir(void)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
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
	put("contexts.tpl", PRAGMA "<a href=\"/find?q={{V}}\" class={{V}}>x</a>"
	                    "<script>var s = \"{{V}}\";</script>\n");
	put("attr.tpl", PRAGMA "<input placeholder=\"{{_Main navigation_}}\" value=\"{{V}}\">\n");
	ck_assert_msg(cxm_tmpl_load_dir(dir, err, sizeof(err)) == CXM_OK, "%s", err);
	memcpy(setup_dir, dir, sizeof(dir));
	a = cxm_arena_new(8192);
	cxm_buf_init(&out, a, 256);
}

static void teardown(void)
{
	cxm_arena_free(a);
	cxm_i18n_unload();
	remove_dir();
	memcpy(dir, setup_dir, sizeof(dir));
	remove_dir();
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

/* page.tpl in English with V empty and U as given: only the href varies */
static const char *href(const char *u)
{
	static char got[512];
	const char *s = page(CXM_LANG_EN, "", u);
	const char *h = strstr(s, "href=\"");
	ck_assert_ptr_nonnull(h);
	h += 6;
	const char *e = strchr(h, '"');
	ck_assert_ptr_nonnull(e);
	snprintf(got, sizeof(got), "%.*s", (int)(e - h), h);
	return got;
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
	/* entities are escaped again, not passed through; UTF-8 is left alone */
	ck_assert_str_eq(page(CXM_LANG_EN, "&lt;Ёж&gt;", "/x"),
	                 "<p title=\"&amp;lt;Ёж&amp;gt;\">&amp;lt;Ёж&amp;gt;</p>"
	                 "<a href=\"/x\">Page not found</a>\n");
	/* line breaks and tabs become spaces (ctemplate's :h) */
	ck_assert_str_eq(page(CXM_LANG_EN, "a\tb\nc\rd", "/x"),
	                 "<p title=\"a b c d\">a b c d</p><a href=\"/x\">Page not found</a>\n");
}
END_TEST

START_TEST(url_escaping)
{
	/* a whole URL in a quoted href gets :U=html: a scheme other than
	 * http, https or ftp (a colon before the first '/') becomes "#" */
	ck_assert_str_eq(page(CXM_LANG_EN, "", "javascript:alert(1)"),
	                 "<p title=\"\"></p><a href=\"#\">Page not found</a>\n");
	ck_assert_str_eq(href("JavaScript:alert(1)"), "#");
	ck_assert_str_eq(href(" javascript:alert(1)"), "#");
	ck_assert_str_eq(href("javascript:alert(1)//http://x/"), "#");
	ck_assert_str_eq(href("vbscript:msgbox(1)"), "#");
	ck_assert_str_eq(href("data:text/html,<script>"), "#");
	ck_assert_str_eq(href("java&#115;cript:alert(1)"), "#");
	ck_assert_str_eq(href("http:"), "#");        /* not "http://" followed by something */
	ck_assert_str_eq(href("https://"), "#");
	ck_assert_str_eq(href("mailto:a@b.c"), "#");
	/* safe URLs keep their text, HTML-escaped */
	ck_assert_str_eq(page(CXM_LANG_EN, "", "https://example.com/?a=1&b=\"2\""),
	                 "<p title=\"\"></p><a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">"
	                 "Page not found</a>\n");
	ck_assert_str_eq(href("HTTP://EXAMPLE.COM/"), "HTTP://EXAMPLE.COM/");
	ck_assert_str_eq(href("ftp://files.example/x"), "ftp://files.example/x");
	ck_assert_str_eq(href("/cx/clients?q=<x>"), "/cx/clients?q=&lt;x&gt;");
	ck_assert_str_eq(href("/a:b"), "/a:b");      /* a colon after the first '/' is a path */
	ck_assert_str_eq(href("rel/page'1"), "rel/page&#39;1");
	ck_assert_str_eq(href(""), "");
}
END_TEST

START_TEST(other_contexts)
{
	/* in a quoted URL after its start: :h; in an unquoted attribute:
	 * :H=attribute (anything but [A-Za-z0-9_.:-] and inner '=' becomes
	 * '_'); in a quoted script string: :j */
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set(d, "V", "a b\"c=d</script>&'");
	ck_assert_str_eq(render("contexts.tpl", d),
	                 "<a href=\"/find?q=a b&quot;c=d&lt;/script&gt;&amp;&#39;\" class=a_b_c=d__script___>x</a>"
	                 "<script>var s = \"a b\\x22c\\x3dd\\x3c/script\\x3e\\x26\\x27\";</script>\n");
}
END_TEST

START_TEST(values_are_not_expanded_again)
{
	ck_assert_str_eq(page(CXM_LANG_RU, "{{U}}{{_Page not found_}}{{>X}}", "/"),
	                 "<p title=\"{{U}}{{_Page not found_}}{{&gt;X}}\">{{U}}{{_Page not found_}}{{&gt;X}}</p>"
	                 "<a href=\"/\">Страница не найдена</a>\n");
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set(d, "V", NULL);  /* NULL is the empty string */
	cxm_dict_set(d, "U", "/");
	ck_assert_str_eq(render("page.tpl", d), "<p title=\"\"></p><a href=\"/\">Page not found</a>\n");
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
	/* a marker inside an attribute value */
	d = cxm_dict_new(a, CXM_LANG_RU);
	cxm_dict_set(d, "V", "v");
	ck_assert_str_eq(render("attr.tpl", d), "<input placeholder=\"Основное меню\" value=\"v\">\n");
	d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set(d, "V", "v");
	ck_assert_str_eq(render("attr.tpl", d), "<input placeholder=\"Main navigation\" value=\"v\">\n");
}
END_TEST

START_TEST(markers_use_the_catalogues_loaded_before)
{
	/* translations are applied when templates load: a template loaded with
	 * no catalogues shows the English text in both languages */
	cxm_i18n_unload();
	ck_assert_msg(cxm_tmpl_load_dir(dir, err, sizeof(err)) == CXM_OK, "%s", err);
	ck_assert_str_eq(page(CXM_LANG_RU, "x", "/"),
	                 "<p title=\"x\">x</p><a href=\"/\">Page not found</a>\n");
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

	/* an empty section is not shown; a section's lookups fall back to the parent */
	d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set(d, "G", "parent");
	struct cxm_dict *item = cxm_dict_section(d, "ITEM");
	cxm_dict_set(item, "NAME", "n");
	ck_assert_str_eq(render("list.tpl", d), "<ul><li>n/parent</li></ul>\n");

	struct cxm_dict *o = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set_global(o, "G", "global");
	cxm_dict_set(o, "X", "not seen inside");
	struct cxm_dict *in = cxm_dict_include(o, "INNER", "inner.tpl");
	cxm_dict_set_int(in, "X", -42);
	ck_assert_str_eq(render("outer.tpl", o), "<div><i>-42|global</i>\n</div>\n");

	/* an include in Russian uses the Russian copy of the included file */
	o = cxm_dict_new(a, CXM_LANG_RU);
	in = cxm_dict_include(o, "INNER", "page.tpl");
	cxm_dict_set(in, "V", "v");
	cxm_dict_set(in, "U", "/");
	ck_assert_str_eq(render("outer.tpl", o),
	                 "<div><p title=\"v\">v</p><a href=\"/\">Страница не найдена</a>\n</div>\n");
}
END_TEST

START_TEST(integers)
{
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set_int(d, "V", LLONG_MIN);
	cxm_dict_set_int(d, "U", 0);
	ck_assert_str_eq(render("page.tpl", d),
	                 "<p title=\"-9223372036854775808\">-9223372036854775808</p>"
	                 "<a href=\"0\">Page not found</a>\n");
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
	ck_assert_int_eq(cxm_tmpl_exists("en/page.tpl"), 0);  /* names are without the language */
	ck_assert_int_eq(cxm_tmpl_exists("page"), 0);
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_buf_reset(&out);
	ck_assert_int_eq(cxm_tmpl_render("nope.tpl", d, &out), CXM_ERR_TEMPLATE);
	ck_assert_uint_eq(out.len, 0);  /* nothing written */
	/* an include of a file that was not loaded fails the expansion */
	d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_include(d, "INNER", "nope.tpl");
	ck_assert_int_eq(cxm_tmpl_render("outer.tpl", d, &out), CXM_ERR_TEMPLATE);
}
END_TEST

START_TEST(reload_replaces_the_set)
{
	new_dir();
	put("other.tpl", PRAGMA "<p>{{_Page not found_}}</p>\n");
	put("notes.txt", "not a template, no pragma\n");  /* only *.tpl files are read */
	put(".hidden.tpl", "ignored, no pragma\n");
	ck_assert_msg(cxm_tmpl_load_dir(dir, err, sizeof(err)) == CXM_OK, "%s", err);
	ck_assert_int_eq(cxm_tmpl_exists("other.tpl"), 1);
	ck_assert_int_eq(cxm_tmpl_exists("page.tpl"), 0);
	ck_assert_int_eq(cxm_tmpl_exists("notes.txt"), 0);
	ck_assert_int_eq(cxm_tmpl_exists(".hidden.tpl"), 0);
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_RU);
	ck_assert_str_eq(render("other.tpl", d), "<p>Страница не найдена</p>\n");
	d = cxm_dict_new(a, CXM_LANG_EN);
	ck_assert_int_eq(cxm_tmpl_render("page.tpl", d, &out), CXM_ERR_TEMPLATE);
	remove_dir();
}
END_TEST

static void assert_refused(const char *name, const char *text, enum cxm_err rc, const char *why)
{
	new_dir();
	put("ok.tpl", PRAGMA "fine\n");
	put(name, text);
	ck_assert_int_eq(cxm_tmpl_load_dir(dir, err, sizeof(err)), rc);
	char want[1024];
	snprintf(want, sizeof(want), "%s/%s: %s", dir, name, why);
	ck_assert_str_eq(err, want);
	remove_dir();
}

START_TEST(pragma_required)
{
	static const char must[] = "must begin with {{%AUTOESCAPE context=\"HTML\"}}";
	assert_refused("bad.tpl", "<p>{{V}}</p>\n", CXM_ERR_TEMPLATE, must);
	/* a pragma further down does not count */
	assert_refused("late.tpl", "\n" PRAGMA "x\n", CXM_ERR_TEMPLATE, must);
	assert_refused("space.tpl", " " PRAGMA "x\n", CXM_ERR_TEMPLATE, must);
	assert_refused("bom.tpl", "\xef\xbb\xbf" PRAGMA "x\n", CXM_ERR_TEMPLATE, must);
	/* another context, or none, is not HTML */
	assert_refused("js.tpl", "{{%AUTOESCAPE context=\"JAVASCRIPT\"}}\nvar x = {{V}};\n", CXM_ERR_TEMPLATE, must);
	assert_refused("empty.tpl", "", CXM_ERR_TEMPLATE, must);
	assert_refused("short.tpl", "{{%AUTOESCAPE", CXM_ERR_TEMPLATE, must);
}
END_TEST

START_TEST(unterminated_marker)
{
	assert_refused("m.tpl", PRAGMA "<p>\n{{_Never closed</p>\n", CXM_ERR_TEMPLATE,
	               "line 3: unterminated {{_ marker");
	assert_refused("m2.tpl", PRAGMA "{{_One_}} {{_Two_}}\n\n\n<b>{{_Three</b>\n", CXM_ERR_TEMPLATE,
	               "line 5: unterminated {{_ marker");
}
END_TEST

START_TEST(syntax_error_refused)
{
	static const char refused[] = "ctemplate refused it (syntax or unsafe escaping)";
	assert_refused("s.tpl", PRAGMA "{{#OPEN}}never closed\n", CXM_ERR_TEMPLATE, refused);
	assert_refused("c.tpl", PRAGMA "{{#A}}x{{/B}}\n", CXM_ERR_TEMPLATE, refused);
	/* a whole URL in an unquoted attribute cannot be escaped safely */
	assert_refused("u.tpl", PRAGMA "<a href={{U}}>x</a>\n", CXM_ERR_TEMPLATE, refused);
	/* nor can a style attribute without quotes */
	assert_refused("st.tpl", PRAGMA "<p style={{V}}>x</p>\n", CXM_ERR_TEMPLATE, refused);
}
END_TEST

START_TEST(missing_directory)
{
	ck_assert_int_eq(cxm_tmpl_load_dir("/nonexistent/templates", err, sizeof(err)), CXM_ERR_IO);
	ck_assert_str_eq(err, "/nonexistent/templates: No such file or directory");
}
END_TEST

static void load_project_templates(void)
{
	const char *src = getenv("CXM_SRCDIR");
	ck_assert_msg(src != NULL, "CXM_SRCDIR must be set (make check does)");
	char p[4096];
	snprintf(p, sizeof(p), "%s/templates", src);
	ck_assert_msg(cxm_tmpl_load_dir(p, err, sizeof(err)) == CXM_OK, "%s", err);
}

START_TEST(project_templates_load)
{
	load_project_templates();
	ck_assert_int_eq(cxm_tmpl_exists("layout.tpl"), 1);
	ck_assert_int_eq(cxm_tmpl_exists("home.tpl"), 1);
	ck_assert_int_eq(cxm_tmpl_exists("error.tpl"), 1);
	ck_assert_int_eq(cxm_tmpl_exists("page.tpl"), 0);  /* the test set is gone */
}
END_TEST

START_TEST(project_error_page)
{
	/* templates/error.tpl by hand: the pragma, comment and section lines
	 * vanish with their newlines (ctemplate's STRIP_BLANK_LINES) */
	load_project_templates();
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_RU);
	cxm_dict_set_global(d, "BASE", "/cx");
	cxm_dict_set_int(d, "STATUS", 404);
	cxm_dict_set(d, "ERROR_TITLE", "Страница не найдена");
	cxm_dict_set(d, "ERROR_TEXT", "Нет страницы \"x\" & <y>");
	cxm_dict_set(cxm_dict_section(d, "DETAIL"), "ERROR_DETAIL", "d'1");
	cxm_dict_set(d, "REQUEST_ID", "req-1");
	ck_assert_str_eq(render("error.tpl", d),
	                 "<section class=\"error-page\" aria-labelledby=\"error-title\">\n"
	                 "  <p class=\"error-status\">404</p>\n"
	                 "  <h1 id=\"error-title\">Страница не найдена</h1>\n"
	                 "  <p>Нет страницы &quot;x&quot; &amp; &lt;y&gt;</p>\n"
	                 "  <p class=\"error-detail\">d&#39;1</p>\n"
	                 "  <p><a class=\"button\" href=\"/cx/\">На главную</a></p>\n"
	                 "  <p class=\"error-ref\">Номер для службы поддержки: <code>req-1</code></p>\n"
	                 "</section>\n");

	d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set_global(d, "BASE", "javascript:alert(1)");
	cxm_dict_set_int(d, "STATUS", 500);
	cxm_dict_set(d, "ERROR_TITLE", "Something went wrong");
	cxm_dict_set(d, "ERROR_TEXT", "t");
	ck_assert_str_eq(render("error.tpl", d),
	                 "<section class=\"error-page\" aria-labelledby=\"error-title\">\n"
	                 "  <p class=\"error-status\">500</p>\n"
	                 "  <h1 id=\"error-title\">Something went wrong</h1>\n"
	                 "  <p>t</p>\n"
	                 "  <p><a class=\"button\" href=\"#/\">Go to the home page</a></p>\n"
	                 "  <p class=\"error-ref\">Reference for support: <code></code></p>\n"
	                 "</section>\n");
}
END_TEST

/* A name that cxm_tmpl_load_dir() did not load must not be looked up by
 * ctemplate as a file "<lang>/<name>" under the current directory (that file
 * would skip the pragma check, i.e. escaping). tmpl.h: an unknown template
 * gives CXM_ERR_TEMPLATE. */
START_TEST(unloaded_template_not_read_from_disk)
{
	char cwd[4096];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	new_dir();
	char sub[600];
	snprintf(sub, sizeof(sub), "%s/en", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put("en/stray.tpl", "<p>{{V}}</p>\n");
	ck_assert_int_eq(chdir(dir), 0);
	struct cxm_dict *d = cxm_dict_new(a, CXM_LANG_EN);
	cxm_dict_set(d, "V", "<script>alert(1)</script>");
	cxm_buf_reset(&out);
	enum cxm_err rc = cxm_tmpl_render("stray.tpl", d, &out);
	cxm_buf_puts(&out, "");
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_msg(rc == CXM_ERR_TEMPLATE, "rendered an unloaded template: %s", out.data);
	ck_assert_uint_eq(out.len, 0);
}
END_TEST

static Suite *tmpl_suite(void)
{
	Suite *s = suite_create("tmpl");
	TCase *tc = tcase_create("tmpl");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, text_and_attribute_escaping);
	tcase_add_test(tc, url_escaping);
	tcase_add_test(tc, other_contexts);
	tcase_add_test(tc, values_are_not_expanded_again);
	tcase_add_test(tc, markers_translated_per_language);
	tcase_add_test(tc, markers_use_the_catalogues_loaded_before);
	tcase_add_test(tc, sections_includes_globals);
	tcase_add_test(tc, integers);
	tcase_add_test(tc, setn_keeps_embedded_bytes);
	tcase_add_test(tc, exists_and_unknown_template);
	tcase_add_test(tc, reload_replaces_the_set);
	tcase_add_test(tc, pragma_required);
	tcase_add_test(tc, unterminated_marker);
	tcase_add_test(tc, syntax_error_refused);
	tcase_add_test(tc, missing_directory);
	tcase_add_test(tc, project_templates_load);
	tcase_add_test(tc, project_error_page);
	tcase_add_test(tc, unloaded_template_not_read_from_disk);
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
