/* Arena-backed growable buffer; see buf.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

void cxm_buf_init(struct cxm_buf *b, struct cxm_arena *a, size_t initial)
{
	if (initial < 64)
		initial = 64;
	b->arena = a;
	b->cap = initial;
	b->len = 0;
	b->data = cxm_alloc(a, initial);
	b->data[0] = '\0';
}

static void reserve(struct cxm_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap * 2;
	while (cap < b->len + extra + 1)
		cap *= 2;
	/* The old block stays in the arena until reset; doubling bounds the
	 * waste to the size of the final buffer. */
	char *d = cxm_alloc(b->arena, cap);
	memcpy(d, b->data, b->len);
	b->data = d;
	b->cap = cap;
}

void cxm_buf_put(struct cxm_buf *b, const void *p, size_t n)
{
	reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void cxm_buf_puts(struct cxm_buf *b, const char *s)
{
	cxm_buf_put(b, s, strlen(s));
}

void cxm_buf_putc(struct cxm_buf *b, char c)
{
	reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void cxm_buf_printf(struct cxm_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void cxm_buf_reset(struct cxm_buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

void cxm_buf_put_html(struct cxm_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': cxm_buf_put(b, "&amp;", 5); break;
		case '<': cxm_buf_put(b, "&lt;", 4); break;
		case '>': cxm_buf_put(b, "&gt;", 4); break;
		case '"': cxm_buf_put(b, "&quot;", 6); break;
		case '\'': cxm_buf_put(b, "&#39;", 5); break;
		default: cxm_buf_putc(b, s[i]);
		}
	}
}
