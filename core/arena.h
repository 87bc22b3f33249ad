/* Per-request memory: a bump allocator with cleanup handlers.
 * Everything a request allocates lives here and dies at cxm_arena_reset(),
 * which the worker calls after every response, on every path. */
#ifndef CXM_ARENA_H
#define CXM_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct cxm_arena;

/* Creates an arena whose chunks are chunk_size bytes (larger requests get a
 * chunk of their own). The caller owns it and frees it with cxm_arena_free().
 * Never returns NULL: allocation failure ends the process (see xmalloc). */
struct cxm_arena *cxm_arena_new(size_t chunk_size);
void cxm_arena_free(struct cxm_arena *a);

/* Runs the cleanup handlers (last registered first), then releases every
 * chunk but the first, so a long-running worker keeps a steady footprint. */
void cxm_arena_reset(struct cxm_arena *a);

/* Memory from the arena, aligned for any type. Valid until the next reset.
 * Never returns NULL. */
void *cxm_alloc(struct cxm_arena *a, size_t size);
void *cxm_zalloc(struct cxm_arena *a, size_t size);
char *cxm_strdup(struct cxm_arena *a, const char *s);
char *cxm_strndup(struct cxm_arena *a, const char *s, size_t n);
char *cxm_printf(struct cxm_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *cxm_vprintf(struct cxm_arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Registers fn(arg) to run at the next reset or free. Use it for anything
 * the request holds outside the arena (C++ objects, DB results, files). */
void cxm_arena_cleanup(struct cxm_arena *a, void (*fn)(void *), void *arg);

/* Bytes handed out since the last reset, and bytes held in chunks. */
size_t cxm_arena_used(const struct cxm_arena *a);
size_t cxm_arena_held(const struct cxm_arena *a);

/* malloc family that never returns NULL: on failure it logs and aborts, and
 * the supervisor replaces the worker (CONVENTIONS: allocation succeeds or
 * does not return). */
void *cxm_xmalloc(size_t size);
void *cxm_xcalloc(size_t n, size_t size);
void *cxm_xrealloc(void *p, size_t size);
char *cxm_xstrdup(const char *s);

#endif
