/* Settings of the current business (administrators): name, industry,
 * language of its messages, time zone. The short name (slug) is shown but
 * never changes. Only the session's business is read or written; a save
 * that changes something writes "settings_changed" to the audit log with
 * each change as "field: old -> new". */
#include "config.h"

#include <string.h>

#include "account.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

enum { F_NAME, F_INDUSTRY, F_LOCALE, F_TIMEZONE, F_CURRENCY };

/* A business's editable settings, as stored. */
struct settings {
	const char *slug, *name, *industry, *locale, *timezone, *currency;
};

/* Reads the session's business into *b (FOR UPDATE when lock is set, inside
 * the caller's transaction). Returns 0, 404 when it is gone, or 503. */
static int load(struct cxm_req *req, int lock, struct settings *b)
{
	struct cxm_rows r;
	enum cxm_err rc = lock
		? cxm_db_query(req->db, req->arena,
		               "SELECT slug, name, industry, locale, timezone, currency FROM businesses"
		               " WHERE id = ? FOR UPDATE",
		               CXM_PARAMS(CXM_PINT(req->session->business_id)), &r)
		: cxm_db_query(req->db, req->arena,
		               "SELECT slug, name, industry, locale, timezone, currency FROM businesses"
		               " WHERE id = ?",
		               CXM_PARAMS(CXM_PINT(req->session->business_id)), &r);
	if (rc != CXM_OK) {
		cxm_error("loading business %lld failed: %s", req->session->business_id,
		          cxm_db_error(req->db));
		return 503;
	}
	if (!r.nrows)
		return 404;
	b->slug = cxm_rows_get(&r, 0, 0);
	b->name = cxm_rows_get(&r, 0, 1);
	b->industry = cxm_rows_get(&r, 0, 2);
	b->locale = cxm_rows_get(&r, 0, 3);
	b->timezone = cxm_rows_get(&r, 0, 4);
	b->currency = cxm_rows_get(&r, 0, 5);
	return 0;
}

/* The settings form. After a rejected POST (form_state set) it shows what
 * was sent with the reasons; otherwise the values of b. tz_error,
 * currency_error: reasons to show next to the time zone and the currency. */
static int show(struct cxm_req *req, const struct settings *b, int form_state, const char *kind,
                const char *notice, const char *tz_error, const char *currency_error)
{
	struct cxm_dict *d = cxm_page_begin(req, "business_settings.tpl", _("Business settings"));
	req->status = 200;
	const char *industry = b->industry, *locale = b->locale;
	cxm_dict_set(d, "SLUG", b->slug);
	if (form_state) {
		cxm_page_form_state(req, d);
		industry = cxm_field(req, F_INDUSTRY)->raw;
		locale = cxm_field(req, F_LOCALE)->raw;
	} else {
		cxm_dict_set(d, "VALUE_NAME", b->name);
		cxm_dict_set(d, "VALUE_TIMEZONE", b->timezone);
		cxm_dict_set(d, "VALUE_CURRENCY", b->currency);
	}
	if (tz_error)
		cxm_dict_set(cxm_dict_section(d, "ERR_TIMEZONE"), "MSG", tz_error);
	if (currency_error)
		cxm_dict_set(cxm_dict_section(d, "ERR_CURRENCY"), "MSG", currency_error);
	for (size_t i = 0; cxm_industries[i]; i++) {
		struct cxm_dict *o = cxm_dict_section(d, "INDUSTRY");
		cxm_dict_set(o, "CODE", cxm_industries[i]);
		cxm_dict_set(o, "LABEL", _(cxm_industry_labels[i]));
		if (industry && strcmp(industry, cxm_industries[i]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	for (int l = 0; l < CXM_LANG_MAX; l++) {
		struct cxm_dict *o = cxm_dict_section(d, "LOCALE");
		cxm_dict_set(o, "CODE", cxm_lang_codes[l]);
		cxm_dict_set(o, "LABEL", cxm_lang_names[l]);
		if (locale && strcmp(locale, cxm_lang_codes[l]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	if (notice)
		cxm_page_notice(d, kind, notice);
	return cxm_page_end(req);
}

int cxm_page_business_settings(struct cxm_req *req)
{
	struct settings b;
	int st = load(req, 0, &b);
	if (st)
		return st;
	return show(req, &b, 0, NULL, NULL, NULL, NULL);
}

/* Appends "field: old -> new" to the change list when the values differ. */
static void diff(struct cxm_buf *out, const char *field, const char *old, const char *new)
{
	if (strcmp(old, new) == 0)
		return;
	if (out->len)
		cxm_buf_puts(out, "; ");
	cxm_buf_printf(out, "%s: %s -> %s", field, old, new);
}

/* Stores next in the session's business if it differs from what is stored;
 * the audit row goes into the same transaction. *b becomes what is stored
 * now. Returns 0, 404 or 503. */
static int store(struct cxm_req *req, const struct settings *next, struct settings *b)
{
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("business settings: begin failed: %s", cxm_db_error(req->db));
		return 503;
	}
	int st = load(req, 1, b);
	if (st) {
		cxm_db_rollback(req->db);
		return st;
	}
	struct cxm_buf changes;
	cxm_buf_init(&changes, req->arena, 256);
	diff(&changes, "name", b->name, next->name);
	diff(&changes, "industry", b->industry, next->industry);
	diff(&changes, "locale", b->locale, next->locale);
	diff(&changes, "timezone", b->timezone, next->timezone);
	diff(&changes, "currency", b->currency, next->currency);
	if (changes.len == 0) {
		cxm_db_rollback(req->db);
		return 0;
	}
	if (cxm_db_exec(req->db,
	                "UPDATE businesses SET name = ?, industry = ?, locale = ?, timezone = ?,"
	                " currency = ? WHERE id = ?",
	                CXM_PARAMS(CXM_PSTR(next->name), CXM_PSTR(next->industry),
	                           CXM_PSTR(next->locale), CXM_PSTR(next->timezone),
	                           CXM_PSTR(next->currency), CXM_PINT(req->session->business_id)),
	                NULL, NULL) != CXM_OK) {
		cxm_error("saving business %lld failed: %s", req->session->business_id,
		          cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return 503;
	}
	cxm_audit(req, req->session->business_id, "settings_changed", b->slug, changes.data);
	if (cxm_db_commit(req->db) != CXM_OK) {
		cxm_error("saving business %lld failed at commit: %s", req->session->business_id,
		          cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return 503;
	}
	const char *slug = b->slug;
	*b = *next;
	b->slug = slug;
	return 0;
}

int cxm_page_business_save(struct cxm_req *req)
{
	struct settings b;
	int st, bad = 0;
	for (int i = F_NAME; i <= F_CURRENCY; i++)
		bad += !cxm_field(req, (size_t)i)->valid;
	const char *tz_error = NULL;
	if (cxm_field(req, F_TIMEZONE)->valid && !cxm_timezone_valid(cxm_field(req, F_TIMEZONE)->s))
		tz_error = _("Unknown time zone; use a name such as Europe/Moscow.");
	/* The currency: three Latin letters, stored upper-case; a form
	 * without the field keeps the stored one. */
	const struct cxm_field *cur = cxm_field(req, F_CURRENCY);
	const char *currency_error = NULL;
	char currency[4] = "";
	if (cur->present && cur->valid) {
		size_t n = strlen(cur->s);
		for (size_t i = 0; i < n && i < 3; i++)
			currency[i] = (char)((cur->s[i] >= 'a' && cur->s[i] <= 'z') ? cur->s[i] - 'a' + 'A' : cur->s[i]);
		currency[n < 3 ? n : 3] = '\0';
		if (n != 3 || !(currency[0] >= 'A' && currency[0] <= 'Z' && currency[1] >= 'A' &&
		                currency[1] <= 'Z' && currency[2] >= 'A' && currency[2] <= 'Z'))
			currency_error = _("Enter a three-letter currency code such as BYN.");
	} else if (cur->raw && cur->valid) {
		currency_error = _("Enter a three-letter currency code such as BYN.");
	}
	if (bad || tz_error || currency_error) {
		if ((st = load(req, 0, &b)))
			return st;
		return show(req, &b, 1, "error", _("Check the highlighted fields."), tz_error, currency_error);
	}

	struct settings next = {
		.name = cxm_field(req, F_NAME)->s,
		.industry = cxm_field(req, F_INDUSTRY)->s,
		.locale = cxm_field(req, F_LOCALE)->s,
		.timezone = cxm_field(req, F_TIMEZONE)->s,
		.currency = currency,
	};
	if (!cur->present) {
		struct settings now;
		if ((st = load(req, 0, &now)))
			return st;
		next.currency = now.currency;
	}
	st = store(req, &next, &b);
	if (st)
		return st;
	/* The header of the page that answers shows the new name. */
	req->session->business_name = b.name;
	return show(req, &b, 0, "ok", _("Settings saved."), NULL, NULL);
}
