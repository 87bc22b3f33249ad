/* Random tokens; see token.h. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "token.h"

void cxm_token_new(char out[CXM_TOKEN_CHARS + 1])
{
	unsigned char raw[CXM_TOKEN_BYTES];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, CXM_TOKEN_CHARS + 1, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

int cxm_token_hash(const char *text, unsigned char hash[CXM_TOKEN_HASH_BYTES])
{
	unsigned char raw[CXM_TOKEN_BYTES];
	size_t len;
	if (!text || strlen(text) != CXM_TOKEN_CHARS ||
	    sodium_base642bin(raw, sizeof(raw), text, CXM_TOKEN_CHARS, NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(raw))
		return -1;
	crypto_generichash(hash, CXM_TOKEN_HASH_BYTES, raw, sizeof(raw), NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

int cxm_token_equal(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb || la == 0)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
