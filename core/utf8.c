/* Strict UTF-8 validation (RFC 3629 table 3-7), written out by hand so each
 * rejected case is visible. */
#include "config.h"

#include "utf8.h"

int cxm_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t need;
		unsigned lo = 0x80, hi = 0xBF;  /* bounds of the second byte */
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c == 0xE0) {
			need = 2; lo = 0xA0;          /* no overlong 3-byte forms */
		} else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
			need = 2;
		} else if (c == 0xED) {
			need = 2; hi = 0x9F;          /* no UTF-16 surrogates */
		} else if (c == 0xF0) {
			need = 3; lo = 0x90;          /* no overlong 4-byte forms */
		} else if (c >= 0xF1 && c <= 0xF3) {
			need = 3;
		} else if (c == 0xF4) {
			need = 3; hi = 0x8F;          /* nothing above U+10FFFF */
		} else {
			return 0;                     /* 0x80-0xC1, 0xF5-0xFF */
		}
		if (n - i <= need)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t k = 2; k <= need; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return 0;
		i += need + 1;
	}
	return 1;
}

size_t cxm_utf8_length(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			count++;
	return count;
}
