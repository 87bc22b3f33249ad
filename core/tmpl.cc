// The ctemplate shim: the only C++ in CXM. Every entry point catches all
// exceptions so nothing C++ ever unwinds through C frames.
#include "config.h"

#include <ctemplate/template.h>
#include <ctemplate/template_emitter.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <string>
#include <vector>

extern "C" {
#include "arena.h"
#include "buf.h"
#include "log.h"
}
#include "tmpl.h"

struct cxm_dict {
	ctemplate::TemplateDictionary *d;
	struct cxm_arena *arena;
	enum cxm_lang lang;
};

static const ctemplate::Strip strip_mode = ctemplate::STRIP_BLANK_LINES;
static std::vector<std::string> loaded;  // names without language prefix

static void html_escape(std::string *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': *out += "&amp;"; break;
		case '<': *out += "&lt;"; break;
		case '>': *out += "&gt;"; break;
		case '"': *out += "&quot;"; break;
		case '\'': *out += "&#39;"; break;
		default: *out += *s;
		}
	}
}

// Replaces every {{_text_}} with the translation of "text". Returns false
// (with a reason) on an unterminated marker.
static bool translate(const std::string &in, enum cxm_lang lang, std::string *out,
                      std::string *why)
{
	size_t pos = 0;
	for (;;) {
		size_t open = in.find("{{_", pos);
		if (open == std::string::npos) {
			out->append(in, pos, std::string::npos);
			return true;
		}
		size_t close = in.find("_}}", open + 3);
		if (close == std::string::npos) {
			size_t line = 1;
			for (size_t i = 0; i < open; i++)
				line += in[i] == '\n';
			*why = "line " + std::to_string(line) + ": unterminated {{_ marker";
			return false;
		}
		out->append(in, pos, open - pos);
		std::string msgid = in.substr(open + 3, close - open - 3);
		html_escape(out, cxm_gettext_lang(lang, msgid.c_str()));
		pos = close + 3;
	}
}

static bool read_file(const std::string &path, std::string *out)
{
	FILE *f = fopen(path.c_str(), "rb");
	if (!f)
		return false;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		out->append(buf, n);
	bool ok = !ferror(f);
	fclose(f);
	return ok;
}

extern "C" enum cxm_err cxm_tmpl_load_dir(const char *dir, char *err, size_t errlen)
{
	try {
		DIR *dh = opendir(dir);
		if (!dh) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			return CXM_ERR_IO;
		}
		std::vector<std::string> names;
		while (struct dirent *e = readdir(dh)) {
			size_t len = strlen(e->d_name);
			if (len > 4 && strcmp(e->d_name + len - 4, ".tpl") == 0 && e->d_name[0] != '.')
				names.push_back(e->d_name);
		}
		closedir(dh);
		ctemplate::TemplateCache *cache = ctemplate::mutable_default_template_cache();
		cache->ClearCache();
		// Every template comes from the set loaded here. A name outside it
		// must not make ctemplate read "<lang>/<name>" from disk (unchecked,
		// unescaped), so point its file lookups at a path that cannot exist.
		cache->SetTemplateRootDirectory("/nonexistent-cxm-templates/");
		loaded.clear();
		static const char pragma[] = "{{%AUTOESCAPE context=\"HTML\"}}";
		for (const std::string &name : names) {
			std::string text;
			if (!read_file(std::string(dir) + "/" + name, &text)) {
				snprintf(err, errlen, "%s/%s: cannot read", dir, name.c_str());
				return CXM_ERR_IO;
			}
			if (text.compare(0, sizeof(pragma) - 1, pragma) != 0) {
				snprintf(err, errlen, "%s/%s: must begin with %s", dir, name.c_str(), pragma);
				return CXM_ERR_TEMPLATE;
			}
			for (int l = 0; l < CXM_LANG_MAX; l++) {
				std::string out, why;
				if (!translate(text, (enum cxm_lang)l, &out, &why)) {
					snprintf(err, errlen, "%s/%s: %s", dir, name.c_str(), why.c_str());
					return CXM_ERR_TEMPLATE;
				}
				std::string key = std::string(cxm_lang_codes[l]) + "/" + name;
				if (!ctemplate::StringToTemplateCache(key, out, strip_mode)) {
					snprintf(err, errlen, "%s/%s: ctemplate refused it (syntax or unsafe escaping)",
					         dir, name.c_str());
					return CXM_ERR_TEMPLATE;
				}
			}
			loaded.push_back(name);
		}
		return CXM_OK;
	} catch (const std::exception &ex) {
		snprintf(err, errlen, "template loading failed: %s", ex.what());
		return CXM_ERR_TEMPLATE;
	} catch (...) {
		snprintf(err, errlen, "template loading failed");
		return CXM_ERR_TEMPLATE;
	}
}

extern "C" int cxm_tmpl_exists(const char *name)
{
	for (const std::string &n : loaded)
		if (n == name)
			return 1;
	return 0;
}

static void delete_dict(void *p)
{
	delete static_cast<ctemplate::TemplateDictionary *>(p);
}

static struct cxm_dict *wrap(struct cxm_arena *a, ctemplate::TemplateDictionary *d,
                             enum cxm_lang lang)
{
	struct cxm_dict *w = static_cast<struct cxm_dict *>(cxm_alloc(a, sizeof(struct cxm_dict)));
	w->d = d;
	w->arena = a;
	w->lang = lang;
	return w;
}

// ctemplate reports allocation failure by throwing; like every other
// allocation failure in CXM, that ends the worker.
#define GUARD(body) \
	try { body; } catch (...) { cxm_log(CXM_LOG_ERROR, "template dictionary: out of memory"); abort(); }

extern "C" struct cxm_dict *cxm_dict_new(struct cxm_arena *a, enum cxm_lang lang)
{
	GUARD({
		ctemplate::TemplateDictionary *d = new ctemplate::TemplateDictionary("page");
		cxm_arena_cleanup(a, delete_dict, d);
		return wrap(a, d, lang);
	});
}

extern "C" void cxm_dict_set(struct cxm_dict *d, const char *key, const char *value)
{
	GUARD(d->d->SetValue(key, value ? value : ""));
}

extern "C" void cxm_dict_setn(struct cxm_dict *d, const char *key, const char *value, size_t len)
{
	GUARD(d->d->SetValue(key, ctemplate::TemplateString(value, len)));
}

extern "C" void cxm_dict_set_int(struct cxm_dict *d, const char *key, long long value)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", value);
	GUARD(d->d->SetValue(key, buf));
}

extern "C" void cxm_dict_set_global(struct cxm_dict *d, const char *key, const char *value)
{
	GUARD(d->d->SetTemplateGlobalValue(key, value ? value : ""));
}

extern "C" void cxm_dict_show(struct cxm_dict *d, const char *section)
{
	GUARD(d->d->ShowSection(section));
}

extern "C" struct cxm_dict *cxm_dict_section(struct cxm_dict *d, const char *section)
{
	GUARD(return wrap(d->arena, d->d->AddSectionDictionary(section), d->lang));
}

extern "C" struct cxm_dict *cxm_dict_include(struct cxm_dict *d, const char *name, const char *file)
{
	if (!cxm_tmpl_exists(file))
		cxm_log(CXM_LOG_ERROR, "template include %s: %s is not a loaded template", name, file);
	GUARD({
		ctemplate::TemplateDictionary *inc = d->d->AddIncludeDictionary(name);
		inc->SetFilename(std::string(cxm_lang_codes[d->lang]) + "/" + file);
		return wrap(d->arena, inc, d->lang);
	});
}

namespace {
// Appends expansion output straight into the response buffer.
class BufEmitter : public ctemplate::ExpandEmitter {
public:
	explicit BufEmitter(struct cxm_buf *b) : b_(b) {}
	void Emit(char c) override { cxm_buf_putc(b_, c); }
	void Emit(const std::string &s) override { cxm_buf_put(b_, s.data(), s.size()); }
	void Emit(const char *s) override { cxm_buf_puts(b_, s); }
	void Emit(const char *s, size_t n) override { cxm_buf_put(b_, s, n); }

private:
	struct cxm_buf *b_;
};
}  // namespace

extern "C" enum cxm_err cxm_tmpl_render(const char *file, struct cxm_dict *d, struct cxm_buf *out)
{
	if (!cxm_tmpl_exists(file)) {
		cxm_log(CXM_LOG_ERROR, "template %s is not loaded", file);
		return CXM_ERR_TEMPLATE;
	}
	try {
		std::string key = std::string(cxm_lang_codes[d->lang]) + "/" + file;
		BufEmitter emitter(out);
		if (!ctemplate::ExpandWithData(key, strip_mode, d->d, NULL, &emitter)) {
			cxm_log(CXM_LOG_ERROR, "template %s failed to expand", key.c_str());
			return CXM_ERR_TEMPLATE;
		}
		return CXM_OK;
	} catch (...) {
		cxm_log(CXM_LOG_ERROR, "template %s: exception during expansion", file);
		return CXM_ERR_TEMPLATE;
	}
}
