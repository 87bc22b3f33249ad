/* Translations: gettext .mo catalogues read by our own small loader, so the
 * language can change per request without system locales or setlocale().
 * Message ids are English; po/ru.po and po/en.po translate them.
 * A worker serves one request at a time, so "the current language" is a
 * per-process setting made at the start of each request. */
#ifndef CXM_I18N_H
#define CXM_I18N_H

#include "err.h"

#ifdef __cplusplus
extern "C" {
#endif

enum cxm_lang {
	CXM_LANG_RU,
	CXM_LANG_EN,
	CXM_LANG_MAX
};

extern const char *const cxm_lang_codes[CXM_LANG_MAX];   /* "ru", "en" */
extern const char *const cxm_lang_names[CXM_LANG_MAX];   /* "Русский", "English" */

/* Loads <dir>/<code>.mo for every language. A missing or malformed file is
 * logged and leaves that language showing the English ids; the return value
 * is CXM_ERR_IO if any catalogue could not be loaded, CXM_OK otherwise. */
enum cxm_err cxm_i18n_load(const char *dir);
void cxm_i18n_unload(void);

void cxm_i18n_set(enum cxm_lang lang);
enum cxm_lang cxm_i18n_current(void);

/* Translation of msgid in the current (or given) language; msgid itself when
 * there is none. The result lives as long as the catalogues. */
const char *cxm_gettext(const char *msgid) __attribute__((format_arg(1)));
const char *cxm_gettext_lang(enum cxm_lang lang, const char *msgid)
	__attribute__((format_arg(2)));
/* Plural form for n: Russian has three forms, English two. */
const char *cxm_ngettext(const char *singular, const char *plural, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

/* "ru" or "en" (case-insensitive, region ignored) -> language; -1 if neither. */
int cxm_lang_from_code(const char *code);
/* Best supported language from an Accept-Language header, honouring q
 * values; def when the header is absent or names none we have. */
enum cxm_lang cxm_lang_from_accept(const char *header, enum cxm_lang def);

#ifdef __cplusplus
}
#endif

#define _(s) cxm_gettext(s)
#define N_(s) (s)

#endif
