/* Bump allocator with a cleanup list; see arena.h for the contract. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "log.h"

#define ALIGN 16u

struct chunk {
	struct chunk *next;
	size_t size;  /* usable bytes after the header */
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	void (*fn)(void *);
	void *arg;
};

struct cxm_arena {
	struct chunk *head;   /* current chunk; the first chunk ends the list */
	struct chunk *first;  /* kept across resets */
	struct chunk *bigs;   /* blocks larger than a quarter chunk */
	struct cleanup *cleanups;
	size_t chunk_size;
	size_t used;
};

static _Noreturn void out_of_memory(size_t size)
{
	cxm_log(CXM_LOG_ERROR, "out of memory allocating %zu bytes; worker ends", size);
	abort();
}

void *cxm_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *cxm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *cxm_xrealloc(void *old, size_t size)
{
	void *p = realloc(old, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *cxm_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = cxm_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

static struct chunk *chunk_new(size_t size)
{
	if (size > SIZE_MAX - sizeof(struct chunk))
		out_of_memory(size);
	struct chunk *c = cxm_xmalloc(sizeof(struct chunk) + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

struct cxm_arena *cxm_arena_new(size_t chunk_size)
{
	struct cxm_arena *a = cxm_xcalloc(1, sizeof(*a));
	if (chunk_size < 1024)
		chunk_size = 1024;
	a->chunk_size = chunk_size;
	a->first = a->head = chunk_new(chunk_size);
	return a;
}

static void run_cleanups(struct cxm_arena *a)
{
	/* A cleanup may register another one; keep going until none is left. */
	while (a->cleanups) {
		struct cleanup *c = a->cleanups;
		a->cleanups = c->next;
		c->fn(c->arg);
	}
}

void cxm_arena_reset(struct cxm_arena *a)
{
	run_cleanups(a);
	struct chunk *c = a->head;
	while (c != a->first) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	while (a->bigs) {
		struct chunk *next = a->bigs->next;
		free(a->bigs);
		a->bigs = next;
	}
	a->head = a->first;
	a->first->used = 0;
	a->used = 0;
}

void cxm_arena_free(struct cxm_arena *a)
{
	if (!a)
		return;
	cxm_arena_reset(a);
	free(a->first);
	free(a);
}

void *cxm_alloc(struct cxm_arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ALIGN)
		out_of_memory(size);
	size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	a->used += need;
	if (need > a->chunk_size / 4) {
		/* A big block gets a chunk of its own, so the free space of the
		 * current chunk stays usable for the small ones. */
		struct chunk *big = chunk_new(need);
		big->used = need;
		big->next = a->bigs;
		a->bigs = big;
		return big->data;
	}
	struct chunk *c = a->head;
	if (c->size - c->used < need) {
		struct chunk *n = chunk_new(a->chunk_size);
		n->next = c;
		a->head = c = n;
	}
	void *p = c->data + c->used;
	c->used += need;
	return p;
}

void *cxm_zalloc(struct cxm_arena *a, size_t size)
{
	void *p = cxm_alloc(a, size);
	memset(p, 0, size);
	return p;
}

char *cxm_strndup(struct cxm_arena *a, const char *s, size_t n)
{
	char *p = cxm_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cxm_strdup(struct cxm_arena *a, const char *s)
{
	return cxm_strndup(a, s, strlen(s));
}

char *cxm_vprintf(struct cxm_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = cxm_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *cxm_printf(struct cxm_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = cxm_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void cxm_arena_cleanup(struct cxm_arena *a, void (*fn)(void *), void *arg)
{
	struct cleanup *c = cxm_alloc(a, sizeof(*c));
	c->fn = fn;
	c->arg = arg;
	c->next = a->cleanups;
	a->cleanups = c;
}

size_t cxm_arena_used(const struct cxm_arena *a)
{
	return a->used;
}

size_t cxm_arena_held(const struct cxm_arena *a)
{
	size_t n = 0;
	for (const struct chunk *c = a->head; c; c = c->next)
		n += c->size;
	for (const struct chunk *c = a->bigs; c; c = c->next)
		n += c->size;
	return n;
}
