/* Passwords: Argon2id hashes (libsodium crypto_pwhash_str) with the costs
 * from the configuration, and the length policy (ASVS: 12 to 128
 * characters, any characters, no composition rules). */
#ifndef CXM_PASSWORD_H
#define CXM_PASSWORD_H

#include <stddef.h>

#include "err.h"

struct cxm_config;

#define CXM_PASSWORD_MIN_CHARS 12
#define CXM_PASSWORD_MAX_CHARS 128

/* NULL when the password is acceptable, otherwise the msgid of the reason
 * (translate with _()). Length is counted in characters, not bytes. */
const char *cxm_password_policy(const char *password);

/* For a new password typed twice: NULL when acceptable, otherwise the
 * msgid of the reason (policy first, then "do not match"). */
const char *cxm_password_new_problem(const char *password, const char *again);

/* Hashes password into out (crypto_pwhash_STRBYTES). Returns CXM_OK, or
 * CXM_ERR_NOMEM when the hash's memory could not be had. */
enum cxm_err cxm_password_hash(const struct cxm_config *cfg, const char *password,
                               char *out, size_t outlen);

enum cxm_pw_result {
	CXM_PW_MISMATCH,      /* wrong password, or no usable hash */
	CXM_PW_OK,
	CXM_PW_OK_REHASH      /* right, but hashed with other costs: store a new hash */
};

/* Checks password against hash (NULL hash: always a mismatch, after the
 * same work as a real check, so unknown accounts take as long as known
 * ones). */
enum cxm_pw_result cxm_password_verify(const struct cxm_config *cfg, const char *hash,
                                       const char *password);

#endif
