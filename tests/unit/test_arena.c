/* The per-request arena (core/arena.c): alignment to max_align_t in every
 * chunk, chunk growth, blocks larger than a quarter chunk or than a whole
 * chunk, accounting, reset back to one chunk and reuse, zero-size requests,
 * the string helpers with exact results, cleanup handlers (reverse order,
 * exactly once, also ones registered by a cleanup or spread over many
 * chunks), the never-NULL malloc family, and the abort on a size that
 * cannot be satisfied. */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

static int aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

START_TEST(every_pointer_aligned)
{
	for (size_t i = 0; i < 2000; i++) {
		void *p = cxm_alloc(a, i % 37);  /* odd sizes, zero included */
		ck_assert_msg(aligned(p), "allocation %zu of %zu bytes at %p", i, i % 37, p);
	}
	ck_assert_uint_gt(cxm_arena_held(a), 4096);  /* the loop did span chunks */
	void *big = cxm_alloc(a, 5000);
	ck_assert(aligned(big));
	ck_assert(aligned(cxm_zalloc(a, 3)));
	ck_assert(aligned(cxm_strdup(a, "x")));
	ck_assert(aligned(cxm_printf(a, "%d", 12345)));
}
END_TEST

START_TEST(aligned_with_odd_chunk_sizes)
{
	/* chunk sizes that are not a multiple of the alignment */
	static const size_t sizes[] = {1000, 3001, 4097, 10007};
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct cxm_arena *b = cxm_arena_new(sizes[k]);
		for (size_t i = 0; i < 3000; i++) {
			void *p = cxm_alloc(b, (i * 13) % 301 + 1);
			ck_assert_msg(aligned(p), "chunk size %zu, allocation %zu", sizes[k], i);
		}
		cxm_arena_reset(b);
		for (size_t i = 0; i < 100; i++)
			ck_assert(aligned(cxm_alloc(b, i)));
		cxm_arena_free(b);
	}
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

START_TEST(zero_size_requests)
{
	char *p = cxm_alloc(a, 0);
	char *q = cxm_alloc(a, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	ck_assert_ptr_ne(p, q);         /* two live objects, two addresses */
	ck_assert_ptr_eq(q, p + 16);
	void *z = cxm_zalloc(a, 0);
	ck_assert_ptr_nonnull(z);
	ck_assert(aligned(z));
	ck_assert_str_eq(cxm_strdup(a, ""), "");
	ck_assert_str_eq(cxm_strndup(a, "abc", 0), "");
	ck_assert_str_eq(cxm_printf(a, "%s", ""), "");
	/* six requests of at most one byte, 16 each */
	ck_assert_uint_eq(cxm_arena_used(a), 6 * 16);
	struct cxm_arena *b = cxm_arena_new(0);  /* a zero chunk size is raised too */
	ck_assert_uint_eq(cxm_arena_held(b), 1024);
	ck_assert_ptr_nonnull(cxm_alloc(b, 0));
	cxm_arena_free(b);
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
	ck_assert_uint_eq(cxm_arena_used(a), 257 * 16 + 1000 * 112);
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

START_TEST(quarter_chunk_stays_in_the_chunk)
{
	char *p1 = cxm_alloc(a, 16);
	char *p2 = cxm_alloc(a, 1024);   /* exactly a quarter: still in the chunk */
	char *p3 = cxm_alloc(a, 1009);   /* rounds up to 1024: in the chunk */
	char *p4 = cxm_alloc(a, 16);
	ck_assert_ptr_eq(p2, p1 + 16);
	ck_assert_ptr_eq(p3, p2 + 1024);
	ck_assert_ptr_eq(p4, p3 + 1024);
	ck_assert_uint_eq(cxm_arena_held(a), 4096);
	ck_assert_uint_eq(cxm_arena_used(a), 16 + 1024 + 1024 + 16);
}
END_TEST

START_TEST(block_larger_than_a_chunk)
{
	unsigned char *small[40];
	for (int i = 0; i < 40; i++) {
		small[i] = cxm_alloc(a, 48);
		memset(small[i], i, 48);
	}
	unsigned char *big = cxm_alloc(a, 10000);  /* 10000 = 625 * 16: no rounding */
	ck_assert(aligned(big));
	for (int i = 0; i < 10000; i++)
		big[i] = (unsigned char)(i * 7);
	unsigned char *after = cxm_alloc(a, 48);
	ck_assert_ptr_eq(after, small[39] + 48);  /* the chunk goes on where it was */
	memset(after, 0xee, 48);
	ck_assert_uint_eq(cxm_arena_held(a), 4096 + 10000);
	ck_assert_uint_eq(cxm_arena_used(a), 41 * 48 + 10000);
	for (int i = 0; i < 10000; i++)
		ck_assert_int_eq(big[i], (unsigned char)(i * 7));
	for (int i = 0; i < 40; i++)
		for (int k = 0; k < 48; k++)
			ck_assert_int_eq(small[i][k], i);
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

START_TEST(reuse_after_reset)
{
	for (int round = 0; round < 5; round++) {
		char *kept[300];
		for (int i = 0; i < 300; i++)
			kept[i] = cxm_printf(a, "r%d-%d", round, i);
		for (int i = 0; i < 300; i++) {
			char want[32];
			snprintf(want, sizeof(want), "r%d-%d", round, i);
			ck_assert_str_eq(kept[i], want);
		}
		cxm_alloc(a, 3000);
		ck_assert_uint_gt(cxm_arena_held(a), 4096);
		cxm_arena_reset(a);
		ck_assert_uint_eq(cxm_arena_held(a), 4096);
		ck_assert_uint_eq(cxm_arena_used(a), 0);
	}
}
END_TEST

static char *vfmt(struct cxm_arena *ar, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *vfmt(struct cxm_arena *ar, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = cxm_vprintf(ar, fmt, ap);
	va_end(ap);
	return s;
}

START_TEST(string_helpers)
{
	ck_assert_str_eq(cxm_strdup(a, "привет"), "привет");
	ck_assert_str_eq(cxm_strndup(a, "hello", 3), "hel");
	ck_assert_str_eq(cxm_strndup(a, "", 0), "");
	ck_assert_str_eq(cxm_printf(a, "%s-%d-%.2f-%zu", "x", 42, 1.5, (size_t)7), "x-42-1.50-7");
	ck_assert_str_eq(cxm_printf(a, "%s=%d;%c%%", "k", -7, 'x'), "k=-7;x%");
	ck_assert_str_eq(cxm_printf(a, "[%5s|%-3d|%x|%05.1f]", "ab", 7, 255, 2.3), "[   ab|7  |ff|002.3]");
	ck_assert_str_eq(vfmt(a, "%d-%s-%lld", 1, "two", -3LL), "1-two--3");
	char *longer = cxm_printf(a, "%05000d", 1);  /* longer than a quarter chunk */
	ck_assert_uint_eq(strlen(longer), 5000);
	ck_assert_int_eq(longer[4999], '1');
	ck_assert_int_eq(longer[0], '0');
	ck_assert_uint_eq(strspn(longer, "0"), 4999);
	unsigned char *z = cxm_zalloc(a, 300);
	for (int i = 0; i < 300; i++)
		ck_assert_int_eq(z[i], 0);
}
END_TEST

START_TEST(strndup_copies_exactly_n_bytes)
{
	/* Used for slices of request data: n bytes are copied as they are, NULs
	 * included, and a terminating NUL is added. */
	char *p = cxm_strndup(a, "ab\0cd", 5);
	ck_assert_mem_eq(p, "ab\0cd\0", 6);
	char *q = cxm_strndup(a, "key=value&x", 9);
	ck_assert_str_eq(q, "key=value");
}
END_TEST

START_TEST(printf_result_spanning_chunks)
{
	/* fill the first chunk to 16 bytes short of its end */
	for (int i = 0; i < 255; i++)
		cxm_alloc(a, 16);
	char word[800];
	memset(word, 'w', sizeof(word) - 1);
	word[sizeof(word) - 1] = 0;
	char *s = cxm_printf(a, "<%s>", word);   /* 802 bytes: a new chunk */
	ck_assert_uint_eq(strlen(s), 801);
	ck_assert_int_eq(s[0], '<');
	ck_assert_int_eq(s[800], '>');
	ck_assert_uint_eq(strspn(s + 1, "w"), 799);
	ck_assert_uint_eq(cxm_arena_held(a), 8192);
	char *t = cxm_strdup(a, "tail");
	ck_assert_ptr_eq(t, s + 816);            /* 802 rounded up to 816 */
	ck_assert_str_eq(t, "tail");
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
	/* the arena takes new handlers after a reset, and runs only those */
	cxm_arena_cleanup(a, record, (void *)&y);
	cxm_arena_reset(a);
	ck_assert_uint_eq(norder, 4);
	ck_assert_int_eq(order[3], 'B');
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

static int seq[400];
static size_t nseq;

static void record_int(void *arg)
{
	seq[nseq++] = *(const int *)arg;
}

START_TEST(many_cleanups_across_chunks)
{
	/* Handlers registered between allocations that fill several chunks and
	 * big blocks: all run, newest first, each with its own argument, before
	 * any memory goes. */
	static int ids[300];
	struct cxm_arena *b = cxm_arena_new(1024);
	nseq = 0;
	for (int i = 0; i < 300; i++) {
		ids[i] = i;
		cxm_alloc(b, 100);
		if (i % 50 == 0)
			cxm_alloc(b, 600);  /* over a quarter of 1024: a big block */
		cxm_arena_cleanup(b, record_int, &ids[i]);
	}
	ck_assert_uint_gt(cxm_arena_held(b), 10 * 1024);
	cxm_arena_reset(b);
	ck_assert_uint_eq(nseq, 300);
	for (int i = 0; i < 300; i++)
		ck_assert_int_eq(seq[i], 299 - i);
	ck_assert_uint_eq(cxm_arena_held(b), 1024);
	cxm_arena_free(b);
	ck_assert_uint_eq(nseq, 300);  /* free after reset runs nothing again */
}
END_TEST

START_TEST(free_runs_cleanups)
{
	static const char x = 'F', y = 'G';
	norder = 0;
	struct cxm_arena *b = cxm_arena_new(2048);
	cxm_arena_cleanup(b, record, (void *)&x);
	cxm_alloc(b, 5000);
	cxm_arena_cleanup(b, record, (void *)&y);
	cxm_arena_free(b);
	ck_assert_uint_eq(norder, 2);
	ck_assert_mem_eq(order, "GF", 2);
	cxm_arena_free(NULL);  /* allowed, like free(NULL) */
}
END_TEST

START_TEST(malloc_family)
{
	char *s = cxm_xstrdup("строка");
	ck_assert_str_eq(s, "строка");
	s = cxm_xrealloc(s, 200);
	ck_assert_str_eq(s, "строка");  /* contents kept */
	free(s);
	unsigned char *z = cxm_xcalloc(100, 3);
	for (int i = 0; i < 300; i++)
		ck_assert_int_eq(z[i], 0);
	free(z);
	void *p = cxm_xmalloc(0);          /* never NULL, even for nothing */
	ck_assert_ptr_nonnull(p);
	free(p);
	p = cxm_xcalloc(0, 0);
	ck_assert_ptr_nonnull(p);
	free(p);
	p = cxm_xrealloc(NULL, 0);
	ck_assert_ptr_nonnull(p);
	free(p);
}
END_TEST

/* Only in a forked test: the process aborts (the supervisor would replace
 * the worker). */
START_TEST(impossible_size_aborts)
{
	cxm_alloc(a, SIZE_MAX);
}
END_TEST

START_TEST(impossible_size_just_under_the_limit_aborts)
{
	cxm_alloc(a, SIZE_MAX - 16);  /* rounds up to SIZE_MAX - 15: no chunk can hold it */
}
END_TEST

static Suite *arena_suite(int forking)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("arena");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_pointer_aligned);
	tcase_add_test(tc, aligned_with_odd_chunk_sizes);
	tcase_add_test(tc, sizes_rounded_to_16);
	tcase_add_test(tc, zero_size_requests);
	tcase_add_test(tc, chunks_grow_and_reset_keeps_one);
	tcase_add_test(tc, big_blocks_do_not_waste_the_chunk);
	tcase_add_test(tc, quarter_chunk_stays_in_the_chunk);
	tcase_add_test(tc, block_larger_than_a_chunk);
	tcase_add_test(tc, small_chunk_size_raised);
	tcase_add_test(tc, allocations_do_not_overlap);
	tcase_add_test(tc, reuse_after_reset);
	tcase_add_test(tc, string_helpers);
	tcase_add_test(tc, strndup_copies_exactly_n_bytes);
	tcase_add_test(tc, printf_result_spanning_chunks);
	tcase_add_test(tc, cleanups_reverse_order_once);
	tcase_add_test(tc, cleanup_added_by_cleanup_runs);
	tcase_add_test(tc, many_cleanups_across_chunks);
	tcase_add_test(tc, free_runs_cleanups);
	tcase_add_test(tc, malloc_family);
	if (forking) {
		tcase_add_test_raise_signal(tc, impossible_size_aborts, SIGABRT);
		tcase_add_test_raise_signal(tc, impossible_size_just_under_the_limit_aborts, SIGABRT);
	}
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	const char *fork_env = getenv("CK_FORK");
	int forking = !(fork_env && strcmp(fork_env, "no") == 0);
	SRunner *sr = srunner_create(arena_suite(forking));
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
