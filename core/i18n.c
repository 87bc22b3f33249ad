/* .mo catalogue reader and language negotiation; see i18n.h.
 * The .mo layout (GNU gettext manual, "The Format of GNU MO Files"): a header
 * of 32-bit words, then tables of (length, offset) pairs for the original and
 * translated strings; msgfmt writes the originals sorted, and we check that
 * before relying on it for binary search. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "i18n.h"
#include "log.h"

const char *const cxm_lang_codes[CXM_LANG_MAX] = {"ru", "en"};
const char *const cxm_lang_names[CXM_LANG_MAX] = {"Русский", "English"};

struct catalog {
	char *data;          /* the whole file */
	uint32_t n;
	const char **orig;   /* n msgids (for plurals: singular, then NUL, plural) */
	const char **trans;  /* n translations (for plurals: forms separated by NUL) */
	uint32_t *trans_len;
};

static struct catalog catalogs[CXM_LANG_MAX];
static enum cxm_lang current = CXM_LANG_RU;

static uint32_t word(const char *data, size_t off, int swap)
{
	uint32_t v;
	memcpy(&v, data + off, 4);
	if (swap)
		v = __builtin_bswap32(v);
	return v;
}

static void catalog_free(struct catalog *c)
{
	free(c->data);
	free(c->orig);
	free(c->trans);
	free(c->trans_len);
	memset(c, 0, sizeof(*c));
}

/* Returns 0 on success; on failure logs why and leaves c empty. */
static int catalog_load(struct catalog *c, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cxm_warn("translations %s: %s", path, strerror(errno));
		return -1;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (size < 28 || size > 64L * 1024 * 1024) {
		fclose(f);
		cxm_warn("translations %s: not a .mo file (size %ld)", path, size);
		return -1;
	}
	char *data = cxm_xmalloc((size_t)size + 1);
	size_t got = fread(data, 1, (size_t)size, f);
	fclose(f);
	if (got != (size_t)size) {
		free(data);
		cxm_warn("translations %s: short read", path);
		return -1;
	}
	data[size] = '\0';
	uint32_t magic;
	memcpy(&magic, data, 4);
	int swap;
	if (magic == 0x950412deu)
		swap = 0;
	else if (magic == 0xde120495u)
		swap = 1;
	else {
		free(data);
		cxm_warn("translations %s: bad magic number", path);
		return -1;
	}
	uint32_t n = word(data, 8, swap);
	uint32_t otab = word(data, 12, swap), ttab = word(data, 16, swap);
	if (n > (uint32_t)(size / 16) || otab > (uint64_t)size - 8ull * n ||
	    ttab > (uint64_t)size - 8ull * n) {
		free(data);
		cxm_warn("translations %s: tables out of bounds", path);
		return -1;
	}
	c->data = data;
	c->n = n;
	c->orig = cxm_xcalloc(n + 1, sizeof(*c->orig));
	c->trans = cxm_xcalloc(n + 1, sizeof(*c->trans));
	c->trans_len = cxm_xcalloc(n + 1, sizeof(*c->trans_len));
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ol = word(data, otab + 8 * i, swap), oo = word(data, otab + 8 * i + 4, swap);
		uint32_t tl = word(data, ttab + 8 * i, swap), to = word(data, ttab + 8 * i + 4, swap);
		if ((uint64_t)oo + ol >= (uint64_t)size || (uint64_t)to + tl >= (uint64_t)size ||
		    data[oo + ol] != '\0' || data[to + tl] != '\0') {
			cxm_warn("translations %s: entry %u out of bounds", path, i);
			catalog_free(c);
			return -1;
		}
		c->orig[i] = data + oo;
		c->trans[i] = data + to;
		c->trans_len[i] = tl;
		if (i > 0 && strcmp(c->orig[i - 1], c->orig[i]) >= 0) {
			cxm_warn("translations %s: messages not sorted", path);
			catalog_free(c);
			return -1;
		}
	}
	return 0;
}

enum cxm_err cxm_i18n_load(const char *dir)
{
	enum cxm_err rc = CXM_OK;
	for (int l = 0; l < CXM_LANG_MAX; l++) {
		char path[4096];
		catalog_free(&catalogs[l]);
		snprintf(path, sizeof(path), "%s/%s.mo", dir, cxm_lang_codes[l]);
		if (catalog_load(&catalogs[l], path) != 0)
			rc = CXM_ERR_IO;
	}
	return rc;
}

void cxm_i18n_unload(void)
{
	for (int l = 0; l < CXM_LANG_MAX; l++)
		catalog_free(&catalogs[l]);
}

void cxm_i18n_set(enum cxm_lang lang)
{
	if ((unsigned)lang < CXM_LANG_MAX)
		current = lang;
}

enum cxm_lang cxm_i18n_current(void)
{
	return current;
}

/* Index of msgid in the catalogue, or -1. */
static long lookup(const struct catalog *c, const char *msgid)
{
	long lo = 0, hi = (long)c->n - 1;
	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;
		int cmp = strcmp(msgid, c->orig[mid]);
		if (cmp == 0)
			return mid;
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *cxm_gettext_lang(enum cxm_lang lang, const char *msgid)
{
	if ((unsigned)lang >= CXM_LANG_MAX || !msgid || !*msgid)
		return msgid;
	const struct catalog *c = &catalogs[lang];
	long i = lookup(c, msgid);
	if (i < 0 || c->trans_len[i] == 0)
		return msgid;
	return c->trans[i];
}

const char *cxm_gettext(const char *msgid)
{
	return cxm_gettext_lang(current, msgid);
}

static unsigned plural_index(enum cxm_lang lang, unsigned long n)
{
	if (lang == CXM_LANG_RU) {
		if (n % 10 == 1 && n % 100 != 11)
			return 0;
		if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20))
			return 1;
		return 2;
	}
	return n == 1 ? 0 : 1;
}

const char *cxm_ngettext(const char *singular, const char *plural, unsigned long n)
{
	const struct catalog *c = &catalogs[current];
	long i = lookup(c, singular);
	unsigned want = plural_index(current, n);
	if (i >= 0 && c->trans_len[i] > 0) {
		/* forms are NUL-separated inside trans[i] */
		const char *form = c->trans[i], *end = c->trans[i] + c->trans_len[i];
		for (unsigned k = 0; k < want && form < end; k++)
			form += strlen(form) + 1;
		if (form < end && *form)
			return form;
	}
	return n == 1 ? singular : plural;
}

int cxm_lang_from_code(const char *code)
{
	if (!code)
		return -1;
	for (int l = 0; l < CXM_LANG_MAX; l++) {
		size_t k = strlen(cxm_lang_codes[l]);
		if (strncasecmp(code, cxm_lang_codes[l], k) == 0 &&
		    (code[k] == '\0' || code[k] == '-' || code[k] == '_'))
			return l;
	}
	return -1;
}

/* Parses an RFC 9110 qvalue ("1", "0.8", "0.125") into thousandths;
 * anything malformed counts as 0 (not acceptable). */
static int parse_q(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return 0;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return 0;
	int scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? 1000 : q;
}

enum cxm_lang cxm_lang_from_accept(const char *h, enum cxm_lang def)
{
	if (!h)
		return def;
	int best = -1, best_q = 0;
	while (*h) {
		/* one element: tag *( ";" param ) */
		size_t len = strcspn(h, ",");
		const char *el = h;
		h += len;
		if (*h == ',')
			h++;
		while (len && (*el == ' ' || *el == '\t'))
			el++, len--;
		size_t tlen = 0;
		while (tlen < len && el[tlen] != ';' && el[tlen] != ' ')
			tlen++;
		int q = 1000;
		const char *p = memchr(el, ';', len);
		while (p) {
			p++;
			size_t rest = len - (size_t)(p - el);
			while (rest && *p == ' ')
				p++, rest--;
			size_t plen = strcspn(p, ";,");
			if (plen > rest)
				plen = rest;
			if (plen >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
				size_t vlen = plen - 2;
				while (vlen && p[2 + vlen - 1] == ' ')
					vlen--;
				q = parse_q(p + 2, vlen);
			}
			p = memchr(p, ';', rest);
		}
		if (tlen == 0 || tlen > 35)
			continue;
		char code[36];
		memcpy(code, el, tlen);
		code[tlen] = '\0';
		int l = cxm_lang_from_code(code);
		if (l >= 0 && q > best_q) {
			best = l;
			best_q = q;
		}
	}
	return best >= 0 ? (enum cxm_lang)best : def;
}
