/* Random tokens for sessions, CSRF and one-time links. A token is 32 random
 * bytes written as 43 base64url characters; the database keeps only its
 * BLAKE2b-256 hash, so a leaked table does not give working tokens. */
#ifndef CXM_TOKEN_H
#define CXM_TOKEN_H

#include <stddef.h>

#define CXM_TOKEN_BYTES 32
#define CXM_TOKEN_CHARS 43     /* base64url without padding */
#define CXM_TOKEN_HASH_BYTES 32

/* Writes a fresh token and its terminating NUL into out[CXM_TOKEN_CHARS + 1]. */
void cxm_token_new(char out[CXM_TOKEN_CHARS + 1]);

/* Hashes the token's text as it appears in a cookie or link. Returns 0, or
 * -1 when text is not a well-formed token (then hash is unspecified and
 * the caller treats the token as unknown). */
int cxm_token_hash(const char *text, unsigned char hash[CXM_TOKEN_HASH_BYTES]);

/* Compares two strings in time independent of where they differ. NULL or
 * different lengths compare unequal. Returns 1 when equal. */
int cxm_token_equal(const char *a, const char *b);

#endif
