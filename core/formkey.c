/* Signed keys of public forms; see formkey.h. The signature is keyed
 * BLAKE2b (libsodium's crypto_generichash) over "purpose|scope|time". */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "db.h"
#include "formkey.h"
#include "token.h"

#define MAC_BYTES 16

/* The installation key, read once per process (it never changes). */
static unsigned char install_key[32];
static int have_key;

static int load_key(struct cxm_db *db, struct cxm_arena *a)
{
	if (have_key)
		return 0;
	char fresh[CXM_TOKEN_CHARS + 1];
	cxm_token_new(fresh);
	struct cxm_rows r;
	if (cxm_db_exec(db, "INSERT IGNORE INTO instance_settings (name, value) VALUES ('form_key', ?)",
	                CXM_PARAMS(CXM_PSTR(fresh)), NULL, NULL) != CXM_OK ||
	    cxm_db_query(db, a, "SELECT value FROM instance_settings WHERE name = 'form_key'", CXM_NOPARAMS,
	                 &r) != CXM_OK ||
	    !r.nrows)
		return -1;
	const char *v = cxm_rows_get(&r, 0, 0);
	crypto_generichash(install_key, sizeof(install_key), (const unsigned char *)v, strlen(v), NULL, 0);
	have_key = 1;
	return 0;
}

static void mac_hex(const char *purpose, long long scope, long long t, char out[MAC_BYTES * 2 + 1])
{
	char msg[256];
	int n = snprintf(msg, sizeof(msg), "%s|%lld|%lld", purpose, scope, t);
	unsigned char mac[MAC_BYTES];
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)msg, (size_t)n, install_key, sizeof(install_key));
	sodium_bin2hex(out, MAC_BYTES * 2 + 1, mac, sizeof(mac));
}

const char *cxm_formkey_make(struct cxm_db *db, struct cxm_arena *a, const char *purpose, long long scope)
{
	if (load_key(db, a) != 0)
		return NULL;
	long long t = (long long)time(NULL);
	char hex[MAC_BYTES * 2 + 1];
	mac_hex(purpose, scope, t, hex);
	return cxm_printf(a, "%lld.%s", t, hex);
}

enum cxm_formkey_result cxm_formkey_check(struct cxm_db *db, struct cxm_arena *a, const char *purpose,
                                          long long scope, const char *key, long min_age, long max_age)
{
	if (!key)
		return CXM_FORMKEY_BAD;
	if (load_key(db, a) != 0)
		return CXM_FORMKEY_DB;
	char *end;
	long long t = strtoll(key, &end, 10);
	if (end == key || *end != '.' || t <= 0)
		return CXM_FORMKEY_BAD;
	char hex[MAC_BYTES * 2 + 1];
	mac_hex(purpose, scope, t, hex);
	if (!cxm_token_equal(end + 1, hex))
		return CXM_FORMKEY_BAD;
	long long age = (long long)time(NULL) - t;
	if (age < min_age)
		return CXM_FORMKEY_EARLY;
	if (age > max_age)
		return CXM_FORMKEY_EXPIRED;
	return CXM_FORMKEY_OK;
}
