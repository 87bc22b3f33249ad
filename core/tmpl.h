/* C interface to Google ctemplate (implemented in tmpl.cc, the project's one
 * C++ file). Templates are loaded once at start-up, before the workers fork.
 *
 * Every template must start with {{%AUTOESCAPE context="HTML"}}; the loader
 * refuses one that does not. Translatable text in a template is written
 * {{_Text in English_}}: at load time each template is compiled once per
 * language with that text replaced by its (HTML-escaped) translation, and
 * stored under "<lang>/<file>". Variables are escaped by ctemplate according
 * to where they appear (text, attribute, URL). */
#ifndef CXM_TMPL_H
#define CXM_TMPL_H

#include <stddef.h>

#include "err.h"
#include "i18n.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cxm_arena;
struct cxm_buf;
struct cxm_dict;

/* Loads every *.tpl file of dir for every language (translations must be
 * loaded first). Replaces whatever was loaded before. On failure returns
 * CXM_ERR_TEMPLATE or CXM_ERR_IO and writes the file and reason into err. */
enum cxm_err cxm_tmpl_load_dir(const char *dir, char *err, size_t errlen);

/* 1 if "<name>" was loaded (name without language prefix, e.g. "home.tpl"). */
int cxm_tmpl_exists(const char *name);

/* A top-level dictionary for one expansion. It is deleted when the arena is
 * reset; sections and includes created from it are owned by it. */
struct cxm_dict *cxm_dict_new(struct cxm_arena *a, enum cxm_lang lang);

/* Values are copied into the dictionary. */
void cxm_dict_set(struct cxm_dict *d, const char *key, const char *value);
void cxm_dict_setn(struct cxm_dict *d, const char *key, const char *value, size_t len);
void cxm_dict_set_int(struct cxm_dict *d, const char *key, long long value);
/* Visible in this template, its sections and everything it includes. */
void cxm_dict_set_global(struct cxm_dict *d, const char *key, const char *value);
void cxm_dict_show(struct cxm_dict *d, const char *section);
/* Adds one repetition of a section and returns its dictionary; a section's
 * lookups fall back to its parent. */
struct cxm_dict *cxm_dict_section(struct cxm_dict *d, const char *section);
/* {{>name}} in d expands template file (e.g. "home.tpl") with the returned
 * dictionary, which does not see d's values (only globals). */
struct cxm_dict *cxm_dict_include(struct cxm_dict *d, const char *name, const char *file);

/* Expands file (e.g. "layout.tpl") in d's language and appends to out.
 * Returns CXM_ERR_TEMPLATE if the template is unknown or expansion fails. */
enum cxm_err cxm_tmpl_render(const char *file, struct cxm_dict *d, struct cxm_buf *out);

#ifdef __cplusplus
}
#endif

#endif
