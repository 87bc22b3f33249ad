/* The per-request arena (core/arena.c): alignment, chunk growth, blocks
 * larger than a quarter chunk, accounting, reset back to one chunk, the
 * string helpers, and cleanup handlers (reverse order, exactly once, also
 * ones registered by a cleanup). */
#include "config.h"

#include <check.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static struct cxm_arena *a;

static void setup(void)
{
	a = cxm_arena_new(4096);
}

static void teardown(void)
{
	cxm_arena_free(a);
}

START_TEST(every_pointer_aligned)
{
	for (size_t i = 0; i < 2000; i++) {
		void *p = cxm_alloc(a, i % 37);  /* odd sizes, zero included */
		ck_assert_uint_eq((uintptr_t)p % alignof(max_align_t), 0);
	}
	void *big = cxm_alloc(a, 5000);
	ck_assert_uint_eq((uintptr_t)big % alignof(max_align_t), 0);
}
END_TEST

START_TEST(sizes_rounded_to_16)
{
	ck_assert_uint_eq(cxm_arena_used(a), 0);
	char *p = cxm_alloc(a, 1);
	ck_assert_uint_eq(cxm_arena_used(a), 16);
	char *q = cxm_alloc(a, 17);
	ck_assert_uint_eq(cxm_arena_used(a), 48);
	ck_assert_ptr_eq(q, p + 16);  /* consecutive in the chunk */
	cxm_alloc(a, 0);                /* counts as one byte */
	ck_assert_uint_eq(cxm_arena_used(a), 64);
}
END_TEST

START_TEST(chunks_grow_and_reset_keeps_one)
{
	ck_assert_uint_eq(cxm_arena_held(a), 4096);
	char *first = cxm_alloc(a, 16);
	for (int i = 1; i < 256; i++)   /* fills the first chunk exactly */
		cxm_alloc(a, 16);
	ck_assert_uint_eq(cxm_arena_held(a), 4096);
	cxm_alloc(a, 16);
	ck_assert_uint_eq(cxm_arena_held(a), 8192);
	for (int i = 0; i < 1000; i++)
		cxm_alloc(a, 100);           /* 112 each: 36 per chunk */
	ck_assert_uint_eq(cxm_arena_held(a), 4096u * (2 + 27));  /* 36 fit in the second, 964 more need 27 */
	cxm_arena_reset(a);
	ck_assert_uint_eq(cxm_arena_held(a), 4096);
	ck_assert_uint_eq(cxm_arena_used(a), 0);
	ck_assert_ptr_eq(cxm_alloc(a, 16), first);  /* the first chunk is reused */
}
END_TEST

START_TEST(big_blocks_do_not_waste_the_chunk)
{
	char *p1 = cxm_alloc(a, 16);
	char *big = cxm_alloc(a, 1025);  /* over a quarter chunk: a block of its own */
	char *p2 = cxm_alloc(a, 16);
	ck_assert_ptr_eq(p2, p1 + 16);
	ck_assert_uint_eq(cxm_arena_held(a), 4096 + 1040);
	memset(big, 0xab, 1025);
	ck_assert_int_eq((unsigned char)big[1024], 0xab);
	char *huge = cxm_alloc(a, 1 << 20);
	memset(huge, 1, 1 << 20);
	ck_assert_uint_eq(cxm_arena_held(a), 4096 + 1040 + (1 << 20));
	cxm_arena_reset(a);
	ck_assert_uint_eq(cxm_arena_held(a), 4096);
}
END_TEST

START_TEST(small_chunk_size_raised)
{
	struct cxm_arena *s = cxm_arena_new(10);
	ck_assert_uint_eq(cxm_arena_held(s), 1024);
	cxm_arena_free(s);
}
END_TEST

START_TEST(allocations_do_not_overlap)
{
	enum { N = 500 };
	unsigned char *p[N];
	size_t len[N];
	for (size_t i = 0; i < N; i++) {
		len[i] = (i * 7919) % 1500 + 1;
		p[i] = cxm_alloc(a, len[i]);
		memset(p[i], (int)(i & 0xff), len[i]);
	}
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < len[i]; k++)
			ck_assert_int_eq(p[i][k], (int)(i & 0xff));
}
END_TEST

START_TEST(string_helpers)
{
	ck_assert_str_eq(cxm_strdup(a, "привет"), "привет");
	ck_assert_str_eq(cxm_strndup(a, "hello", 3), "hel");
	ck_assert_str_eq(cxm_strndup(a, "", 0), "");
	ck_assert_str_eq(cxm_printf(a, "%s-%d-%.2f-%zu", "x", 42, 1.5, (size_t)7), "x-42-1.50-7");
	char *longer = cxm_printf(a, "%05000d", 1);  /* longer than a quarter chunk */
	ck_assert_uint_eq(strlen(longer), 5000);
	ck_assert_int_eq(longer[4999], '1');
	ck_assert_int_eq(longer[0], '0');
	unsigned char *z = cxm_zalloc(a, 300);
	for (int i = 0; i < 300; i++)
		ck_assert_int_eq(z[i], 0);
}
END_TEST

static char order[16];
static size_t norder;

static void record(void *arg)
{
	order[norder++] = *(const char *)arg;
}

static void record_and_add(void *arg)
{
	record(arg);
	static const char late = 'L';
	cxm_arena_cleanup(a, record, (void *)&late);
}

START_TEST(cleanups_reverse_order_once)
{
	static const char x = 'A', y = 'B', z = 'C';
	norder = 0;
	cxm_arena_cleanup(a, record, (void *)&x);
	cxm_arena_cleanup(a, record, (void *)&y);
	cxm_arena_cleanup(a, record, (void *)&z);
	cxm_arena_reset(a);
	ck_assert_uint_eq(norder, 3);
	ck_assert_mem_eq(order, "CBA", 3);
	cxm_arena_reset(a);
	ck_assert_uint_eq(norder, 3);  /* not again */
}
END_TEST

START_TEST(cleanup_added_by_cleanup_runs)
{
	static const char x = 'A', y = 'B';
	norder = 0;
	cxm_arena_cleanup(a, record, (void *)&x);
	cxm_arena_cleanup(a, record_and_add, (void *)&y);
	cxm_arena_reset(a);
	ck_assert_uint_eq(norder, 3);
	ck_assert_mem_eq(order, "BLA", 3);
}
END_TEST

START_TEST(free_runs_cleanups)
{
	static const char x = 'F';
	norder = 0;
	struct cxm_arena *b = cxm_arena_new(2048);
	cxm_arena_cleanup(b, record, (void *)&x);
	cxm_arena_free(b);
	ck_assert_uint_eq(norder, 1);
	ck_assert_int_eq(order[0], 'F');
	cxm_arena_free(NULL);  /* allowed, like free(NULL) */
}
END_TEST

static Suite *arena_suite(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("arena");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_pointer_aligned);
	tcase_add_test(tc, sizes_rounded_to_16);
	tcase_add_test(tc, chunks_grow_and_reset_keeps_one);
	tcase_add_test(tc, big_blocks_do_not_waste_the_chunk);
	tcase_add_test(tc, small_chunk_size_raised);
	tcase_add_test(tc, allocations_do_not_overlap);
	tcase_add_test(tc, string_helpers);
	tcase_add_test(tc, cleanups_reverse_order_once);
	tcase_add_test(tc, cleanup_added_by_cleanup_runs);
	tcase_add_test(tc, free_runs_cleanups);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(arena_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
