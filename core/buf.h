/* Growable byte buffer whose storage lives in a request arena.
 * Used for response bodies, rendered templates and built strings. */
#ifndef CXM_BUF_H
#define CXM_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct cxm_arena;

struct cxm_buf {
	char *data;      /* always NUL-terminated after a put */
	size_t len;
	size_t cap;
	struct cxm_arena *arena;
};

void cxm_buf_init(struct cxm_buf *b, struct cxm_arena *a, size_t initial);
void cxm_buf_put(struct cxm_buf *b, const void *p, size_t n);
void cxm_buf_puts(struct cxm_buf *b, const char *s);
void cxm_buf_putc(struct cxm_buf *b, char c);
void cxm_buf_printf(struct cxm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cxm_buf_reset(struct cxm_buf *b);
/* Appends s with &, <, >, " and ' escaped for HTML text and attributes. */
void cxm_buf_put_html(struct cxm_buf *b, const char *s, size_t n);

#endif
