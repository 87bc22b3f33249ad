/* Argon2id password hashes; see password.h. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "conf.h"
#include "i18n.h"
#include "log.h"
#include "password.h"
#include "utf8.h"

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

const char *cxm_password_policy(const char *password)
{
	size_t n = password ? utf8_chars(password) : 0;
	if (n < CXM_PASSWORD_MIN_CHARS)
		return N_("The password must be at least 12 characters long.");
	if (n > CXM_PASSWORD_MAX_CHARS)
		return N_("The password must be at most 128 characters long.");
	return NULL;
}

const char *cxm_password_new_problem(const char *password, const char *again)
{
	const char *why = cxm_password_policy(password);
	if (why)
		return why;
	if (!again || strcmp(password, again) != 0)
		return N_("The two passwords do not match.");
	return NULL;
}

enum cxm_err cxm_password_hash(const struct cxm_config *cfg, const char *password,
                               char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES)
		return CXM_ERR_NOMEM;
	if (crypto_pwhash_str_alg(out, password, strlen(password),
	                          (unsigned long long)cfg->password_opslimit,
	                          cfg->password_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		cxm_error("password hashing failed (out of memory for %zu bytes?)",
		          cfg->password_memlimit);
		return CXM_ERR_NOMEM;
	}
	return CXM_OK;
}

/* A hash of nothing in particular with the configured costs, so that a
 * login for an unknown account does the same work as for a real one. */
static const char *dummy_hash(const struct cxm_config *cfg)
{
	static char hash[crypto_pwhash_STRBYTES];
	static long ops;
	static size_t mem;
	if (!hash[0] || ops != cfg->password_opslimit || mem != cfg->password_memlimit) {
		char pw[33];
		unsigned char r[16];
		randombytes_buf(r, sizeof(r));
		sodium_bin2hex(pw, sizeof(pw), r, sizeof(r));
		if (cxm_password_hash(cfg, pw, hash, sizeof(hash)) != CXM_OK)
			hash[0] = '\0';
		ops = cfg->password_opslimit;
		mem = cfg->password_memlimit;
	}
	return hash;
}

enum cxm_pw_result cxm_password_verify(const struct cxm_config *cfg, const char *hash,
                                       const char *password)
{
	if (!hash || !*hash) {
		const char *d = dummy_hash(cfg);
		if (*d && crypto_pwhash_str_verify(d, password, strlen(password)) == 0)
			cxm_debug("the dummy hash matched a password");
		return CXM_PW_MISMATCH;
	}
	if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
		return CXM_PW_MISMATCH;
	if (crypto_pwhash_str_needs_rehash(hash, (unsigned long long)cfg->password_opslimit,
	                                   cfg->password_memlimit) != 0)
		return CXM_PW_OK_REHASH;
	return CXM_PW_OK;
}
