/* UTF-8 checks for text that arrives from clients. */
#ifndef CXM_UTF8_H
#define CXM_UTF8_H

#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF) and contains no NUL byte; 0 otherwise. */
int cxm_utf8_valid(const char *s, size_t n);

/* Number of code points in a string already known to be valid. */
size_t cxm_utf8_length(const char *s, size_t n);

#endif
