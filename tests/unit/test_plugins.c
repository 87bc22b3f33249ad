/* The plugin loader (core/plugin.c): the real placeholder plugin loads
 * beside one deliberately broken module per rejection path (tests/plugins/),
 * each refused with its exact reason and one log line; cxmctl plugins list
 * shows them all, and cxm-fcgi's start-up check passes with them there. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "log.h"
#include "arena.h"
#include "plugin.h"

static char *dir;   /* the plugin directory of these tests */

/* Links name in dir to the built module src (relative to the build tree). */
static void link_in(const char *name, const char *src)
{
	char from[4200], to[4200];
	snprintf(from, sizeof(from), "%s/%s", th_builddir(), src);
	snprintf(to, sizeof(to), "%s/%s", dir, name);
	if (symlink(from, to) != 0) {
		perror(to);
		exit(1);
	}
}

/* The directory, in the order the loader must see it (sorted names). */
static void make_dir(void)
{
	dir = th_tmpdir("plugins");
	link_in("a-placeholder.so", "plugins/metric-placeholder/.libs/metric_placeholder.so");
	link_in("b-dup.so", "tests/plugins/.libs/broken_dup.so");
	link_in("c-init.so", "tests/plugins/.libs/broken_init.so");
	link_in("d-kind.so", "tests/plugins/.libs/broken_kind.so");
	link_in("e-magic.so", "tests/plugins/.libs/broken_magic.so");
	link_in("f-major.so", "tests/plugins/.libs/broken_major.so");
	link_in("g-minor.so", "tests/plugins/.libs/broken_minor.so");
	link_in("h-name.so", "tests/plugins/.libs/broken_name.so");
	link_in("i-nosym.so", "tests/plugins/.libs/broken_nosym.so");
	link_in("j-small.so", "tests/plugins/.libs/broken_small.so");
	link_in("k-undef.so", "tests/plugins/.libs/broken_undef.so");
	link_in("l-ops-null.so", "tests/plugins/.libs/broken_ops_null.so");
	link_in("m-ops-small.so", "tests/plugins/.libs/broken_ops_small.so");
	link_in("n-ops-key.so", "tests/plugins/.libs/broken_ops_key.so");
	link_in("o-ops-default.so", "tests/plugins/.libs/broken_ops_default.so");
	/* Not plugins: ignored. */
	link_in("README", "tests/plugins/.libs/broken_magic.so");
	link_in(".hidden.so", "tests/plugins/.libs/broken_magic.so");
}

static const struct cxm_plugin *find(const struct cxm_plugins *ps, const char *file)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i].file, file) == 0)
			return &ps->v[i];
	ck_abort_msg("%s not in the registry", file);
	return NULL;
}

static void assert_refused(const struct cxm_plugins *ps, const char *file,
                           enum cxm_plugin_refusal why, const char *reason)
{
	const struct cxm_plugin *p = find(ps, file);
	ck_assert_int_eq(p->state, CXM_PLUGIN_REFUSED);
	ck_assert_str_eq(cxm_plugin_refusal_names[p->refusal], cxm_plugin_refusal_names[why]);
	ck_assert_str_eq(p->reason, reason);
	ck_assert_ptr_null(p->entry);
	ck_assert_ptr_null(p->handle);
}

START_TEST(good_loads_beside_the_broken)
{
	struct cxm_plugins ps;
	cxm_plugins_load(&ps, dir);
	ck_assert_uint_eq(ps.n, 15);
	ck_assert_uint_eq(ps.nloaded, 1);
	const char *order[] = {"a-placeholder.so", "b-dup.so", "c-init.so", "d-kind.so",
	                       "e-magic.so", "f-major.so", "g-minor.so", "h-name.so",
	                       "i-nosym.so", "j-small.so", "k-undef.so", "l-ops-null.so",
	                       "m-ops-small.so", "n-ops-key.so", "o-ops-default.so"};
	for (size_t i = 0; i < ps.n; i++)
		ck_assert_str_eq(ps.v[i].file, order[i]);

	const struct cxm_plugin *p = find(&ps, "a-placeholder.so");
	ck_assert_int_eq(p->state, CXM_PLUGIN_LOADED);
	ck_assert_int_eq(p->refusal, CXM_PLUGIN_ACCEPTED);
	ck_assert_str_eq(p->reason, "");
	ck_assert_str_eq(p->entry->name, "placeholder");
	ck_assert_str_eq(p->entry->version, "0.1.0");
	ck_assert_int_eq(p->entry->kind, CXM_PLUGIN_METRIC);
	/* Its one metric, through the ABI: one overall row, n = 0, not enough
	 * data; nothing at all when broken down. */
	const struct cxm_plugin_metric_ops *ops = p->entry->ops;
	ck_assert_uint_eq(ops->size, sizeof(*ops));
	ck_assert_uint_eq(ops->nmetrics, 1);
	ck_assert_str_eq(ops->metrics[0].key, "nothing");
	struct cxm_arena *a = cxm_arena_new(1024);
	struct cxm_plugin_call call = {.entry = p->entry, .plugin = "placeholder", .arena = a};
	struct cxm_plugin_metric_out out = {.nrows = 9};
	char err[64] = "";
	ck_assert_int_eq(ops->compute(&cxm_plugin_host, &call, "nothing", NULL, &out, err,
	                              sizeof(err)), 0);
	ck_assert_uint_eq(out.nrows, 1);
	ck_assert_str_eq(out.rows[0].group, "");
	ck_assert(out.rows[0].value == 0 && out.rows[0].n == 0 && out.rows[0].enough == 0);
	ck_assert_int_eq(ops->compute(&cxm_plugin_host, &call, "nothing", "channel", &out, err,
	                              sizeof(err)), 0);
	ck_assert_uint_eq(out.nrows, 0);
	cxm_arena_free(a);

	assert_refused(&ps, "b-dup.so", CXM_PLUGIN_DUPLICATE,
	               "name \"placeholder\" already loaded from a-placeholder.so "
	               "(plugin placeholder 9.9, ABI 1.0, host ABI 1.0)");
	assert_refused(&ps, "c-init.so", CXM_PLUGIN_INIT_FAILED,
	               "init failed: database unavailable (plugin broken 9.9, ABI 1.0, host ABI 1.0)");
	assert_refused(&ps, "d-kind.so", CXM_PLUGIN_BAD_KIND,
	               "unknown kind 42 (plugin broken 9.9, ABI 1.0, host ABI 1.0)");
	assert_refused(&ps, "e-magic.so", CXM_PLUGIN_BAD_MAGIC,
	               "wrong magic 0xdeadbeef, expected 0x43584d50 (host ABI 1.0)");
	assert_refused(&ps, "f-major.so", CXM_PLUGIN_OTHER_MAJOR,
	               "plugin ABI 2.0, host ABI 1.0: other major version");
	assert_refused(&ps, "g-minor.so", CXM_PLUGIN_NEWER_MINOR,
	               "plugin ABI 1.7, host ABI 1.0: newer minor version");
	assert_refused(&ps, "h-name.so", CXM_PLUGIN_BAD_NAME,
	               "invalid name (want 1-63 of [a-z0-9_-]) (plugin ABI 1.0, host ABI 1.0)");
	assert_refused(&ps, "i-nosym.so", CXM_PLUGIN_NO_SYMBOL,
	               "no cxm_plugin_entry symbol (host ABI 1.0)");
	/* ABI 1.0's entry on x86-64: magic 4 + major 2 + minor 2 + size 4 =
	 * 12, padded to 16; name, version, description 3 x 8 = 40; kind 4,
	 * padded to 48; init, fini, ops 3 x 8 = 72; settings 8, nsettings 8,
	 * validate 8 = 96. */
	_Static_assert(sizeof(void *) == 8, "the arithmetic below is for LP64");
	const char *want = "entry is 40 bytes, ABI 1.0 needs 96 (plugin ABI 1.0, host ABI 1.0)";
	assert_refused(&ps, "j-small.so", CXM_PLUGIN_TOO_SMALL, want);
	char undef[512];
	snprintf(undef, sizeof(undef), "cannot load: %s/k-undef.so: undefined symbol: "
	         "cxm_test_no_such_function (host ABI 1.0)", dir);
	assert_refused(&ps, "k-undef.so", CXM_PLUGIN_DLOPEN_FAILED, undef);
	assert_refused(&ps, "l-ops-null.so", CXM_PLUGIN_BAD_OPS,
	               "declarations unusable: a metric plugin without an ops table "
	               "(plugin broken 9.9, ABI 1.0, host ABI 1.0)");
	/* ABI 1.0's metric ops on x86-64: size 4, padded to 8; nmetrics 8,
	 * metrics 8, compute 8, drill 8 = 40. */
	assert_refused(&ps, "m-ops-small.so", CXM_PLUGIN_BAD_OPS,
	               "declarations unusable: metric ops table is 8 bytes, ABI 1.0 needs 40 "
	               "(plugin broken 9.9, ABI 1.0, host ABI 1.0)");
	assert_refused(&ps, "n-ops-key.so", CXM_PLUGIN_BAD_OPS,
	               "declarations unusable: metric key \"visits\" is declared twice "
	               "(plugin broken 9.9, ABI 1.0, host ABI 1.0)");
	/* min_n is an INT within [1, 10]; its default "0" is below. */
	assert_refused(&ps, "o-ops-default.so", CXM_PLUGIN_BAD_OPS,
	               "declarations unusable: setting \"min_n\" has an invalid default \"0\": "
	               "The number is outside the allowed range. "
	               "(plugin broken 9.9, ABI 1.0, host ABI 1.0)");
	cxm_plugins_unload(&ps);
	ck_assert_uint_eq(ps.n, 0);
	ck_assert_ptr_null(ps.v);
}
END_TEST

/* Each refusal is one warning line naming the file. */
START_TEST(one_log_line_per_refusal)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s.log", dir);
	ck_assert_ptr_nonnull(freopen(path, "w", stderr));
	cxm_log_open("test", CXM_LOG_STDERR, CXM_LOG_WARN);
	struct cxm_plugins ps;
	cxm_plugins_load(&ps, dir);
	cxm_plugins_unload(&ps);
	fflush(stderr);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char line[2048];
	int lines = 0, refused = 0;
	const char *files = "bcdefghijklmno";
	while (fgets(line, sizeof(line), f)) {
		lines++;
		for (const char *c = files; *c; c++) {
			char needle[4300];
			snprintf(needle, sizeof(needle), "plugin %s/%c-", dir, *c);
			if (strstr(line, needle) && strstr(line, " refused: ") && strstr(line, "host ABI 1.0"))
				refused++;
		}
	}
	fclose(f);
	unlink(path);
	ck_assert_int_eq(lines, 14);
	ck_assert_int_eq(refused, 14);
}
END_TEST

START_TEST(missing_directory_means_no_plugins)
{
	struct cxm_plugins ps;
	char path[4200];
	snprintf(path, sizeof(path), "%s/nonexistent", dir);
	cxm_plugins_load(&ps, path);
	ck_assert_uint_eq(ps.n, 0);
	ck_assert_uint_eq(ps.nloaded, 0);
	cxm_plugins_unload(&ps);
}
END_TEST

START_TEST(names_tables)
{
	ck_assert_str_eq(cxm_plugin_kind_names[CXM_PLUGIN_METRIC], "metric");
	ck_assert_str_eq(cxm_plugin_kind_names[CXM_PLUGIN_SEGMENTATION], "segmentation");
	ck_assert_str_eq(cxm_plugin_kind_names[CXM_PLUGIN_RECOMMENDATION], "recommendation");
	ck_assert_str_eq(cxm_plugin_state_names[CXM_PLUGIN_LOADED], "loaded");
	ck_assert_str_eq(cxm_plugin_state_names[CXM_PLUGIN_REFUSED], "refused");
	for (int i = 0; i < CXM_PLUGIN_REFUSAL_MAX; i++)
		ck_assert_ptr_nonnull(cxm_plugin_refusal_names[i]);
	ck_assert_str_eq(cxm_plugin_refusal_names[CXM_PLUGIN_INIT_FAILED], "init_failed");
	ck_assert_str_eq(cxm_plugin_refusal_names[CXM_PLUGIN_BAD_OPS], "bad_ops");
	ck_assert_str_eq(cxm_plugin_refusal_names[CXM_PLUGIN_DUPLICATE], "duplicate");
}
END_TEST

/* Reads the whole of path into a malloc'd string. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

START_TEST(cxmctl_plugins_list)
{
	char conf[4200], cmd[13000], out[4300], err[4300];
	snprintf(conf, sizeof(conf), "%s.conf", dir);
	snprintf(out, sizeof(out), "%s.out", dir);
	snprintf(err, sizeof(err), "%s.err", dir);
	FILE *f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "plugin_dir = %s\nlocale_dir = %s/po\n", dir, th_builddir());
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s/core/cxmctl -c %s plugins list >%s 2>%s",
	         th_builddir(), conf, out, err);
	int st = system(cmd);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	char *o = slurp(out), *e = slurp(err);
	/* The header, then one row per file in name order. */
	static const char head[] = "FILE              NAME         VERSION  KIND    STATE    REASON\n"
	                         "a-placeholder.so  placeholder  0.1.0    metric  loaded   \n"
	                         "b-dup.so          -            -        -       refused  name \"placeholder\" "
	                         "already loaded from a-placeholder.so (plugin placeholder 9.9, ABI 1.0, "
	                         "host ABI 1.0)\n"
	                         "c-init.so         -            -        -       refused  init failed: "
	                         "database unavailable (plugin broken 9.9, ABI 1.0, host ABI 1.0)\n";
	ck_assert_msg(strncmp(o, head, strlen(head)) == 0, "got:\n%s", o);
	int rows = 0;
	for (const char *c = o; *c; c++)
		rows += *c == '\n';
	ck_assert_int_eq(rows, 16);
	ck_assert_ptr_nonnull(strstr(o, "\nf-major.so        -            -        -       refused  "
	                                "plugin ABI 2.0, host ABI 1.0: other major version\n"));
	/* The refusals are on stderr too, as warnings. */
	ck_assert_ptr_nonnull(strstr(e, "/f-major.so refused: plugin ABI 2.0, host ABI 1.0"));
	free(o);
	free(e);

	snprintf(cmd, sizeof(cmd), "%s/core/cxmctl -c %s plugins >/dev/null 2>&1", th_builddir(), conf);
	st = system(cmd);
	ck_assert_int_eq(WEXITSTATUS(st), 2);
	unlink(conf);
	unlink(out);
	unlink(err);
}
END_TEST

/* cxm-fcgi starts (here: passes its configuration test, which loads the
 * plugins as start-up does) with every broken module in its directory, and
 * logs each refusal. */
START_TEST(fcgi_starts_despite_broken_plugins)
{
	char conf[4200], cmd[13000], out[4300], err[4300];
	snprintf(conf, sizeof(conf), "%s.fcgi.conf", dir);
	snprintf(out, sizeof(out), "%s.fcgi.out", dir);
	snprintf(err, sizeof(err), "%s.fcgi.err", dir);
	FILE *f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "plugin_dir = %s\nlocale_dir = %s/po\ntemplate_dir = %s/templates\n",
	        dir, th_builddir(), th_srcdir());
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s/core/cxm-fcgi -t -c %s >%s 2>%s", th_builddir(), conf, out, err);
	int st = system(cmd);
	char *o = slurp(out), *e = slurp(err);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "stderr: %s", e);
	ck_assert_ptr_nonnull(strstr(o, "is valid; templates and translations load"));
	ck_assert_ptr_nonnull(strstr(e, "/a-placeholder.so loaded: placeholder 0.1.0, metric"));
	ck_assert_ptr_nonnull(strstr(e, "/g-minor.so refused: plugin ABI 1.7, host ABI 1.0: newer minor version"));
	ck_assert_ptr_nonnull(strstr(e, "plugins: 1 loaded, 14 refused"));
	free(o);
	free(e);
	unlink(conf);
	unlink(out);
	unlink(err);
}
END_TEST

static Suite *plugins_suite(void)
{
	Suite *s = suite_create("plugins");
	TCase *tc = tcase_create("loader");
	tcase_add_test(tc, good_loads_beside_the_broken);
	tcase_add_test(tc, one_log_line_per_refusal);
	tcase_add_test(tc, missing_directory_means_no_plugins);
	tcase_add_test(tc, names_tables);
	tcase_add_test(tc, cxmctl_plugins_list);
	tcase_add_test(tc, fcgi_starts_despite_broken_plugins);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	make_dir();
	SRunner *sr = srunner_create(plugins_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
