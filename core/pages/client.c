/* One client's page (analysts and up): the profile with custom attributes,
 * tags, consent and aggregates, a notice when another live client shares
 * the e-mail or phone, and the interaction history newest first, by kind,
 * in keyset pages of 50, with times in the business's time zone. Managers
 * also get the form that adds a visit, purchase, call, message or note
 * (POST /clients/{id}/interactions; the time defaults to now, the currency
 * to the business's) and a quick note form, and remove an entry after a
 * confirmation page. A record merged into another sends to that one. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "client.h"
#include "client_list.h"
#include "db.h"
#include "feedback.h"
#include "http.h"
#include "i18n.h"
#include "interaction.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/feedback_pages.h"
#include "pages/pages.h"
#include "pages/survey_pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"

enum { FV_ID, FV_KIND, FV_AFTER, FV_BEFORE, FV_LAST, FV_DONE };  /* GET /clients/{id} */
/* POST /clients/{id}/interactions: the fields of enum cxm_ifield, then */
enum { FA_FORM = CXM_IF_MAX, FA_ID };
enum { FD_ID };   /* /clients/interactions/{id}/delete */

#define PER_PAGE 50

/* The notices after a redirect (?done=...), in the order of the route's
 * choices (pages/routes.c). */
static const char *const done_texts[] = {
	N_("The client has been saved."),
	N_("The clients have been merged into this one."),
	N_("The client has been restored."),
	N_("The client has been deleted. A manager can restore them from the list of deleted clients."),
	N_("The client's personal data has been erased."),
	N_("Added to the history."),
	N_("Removed from the history."),
	N_("The survey has been sent."),
	N_("The client will get no automatic surveys."),
	N_("The client may get automatic surveys again."),
};

/* Which timeline page to show. */
struct view {
	const char *kind;           /* stored kind name or NULL */
	enum cxm_cpage page;
	struct cxm_ccursor cursor;
};

/* A rejected interaction form, shown again: which form (1 full, 2 note),
 * the reasons per field (translated). */
struct add_state {
	int form;
	const char *err[CXM_IF_MAX];
};

/* "YYYY-MM-DDTHH:MM", now in tz (for a datetime-local input). */
static const char *now_local_input(struct cxm_req *req, const char *tz)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char utc[32];
	strftime(utc, sizeof(utc), "%Y-%m-%d %H:%M:%S", &tm);
	const char *local = cxm_cp_local_minutes(req, tz, utc);
	char *out = cxm_strdup(req->arena, local);
	if (strlen(out) > 10)
		out[10] = 'T';
	return out;
}

static const char *kind_label(const char *name)
{
	for (int k = 0; name && k < CXM_IK_MAX; k++)
		if (strcmp(name, cxm_ikind_names[k]) == 0)
			return _(cxm_ikind_labels[k]);
	return name;
}

/* The profile: fixed fields, custom attributes, consent and aggregates. */
static int show_profile(struct cxm_req *req, struct cxm_dict *d, const struct cxm_cp_client *c,
                        const struct cxm_cp_business *b)
{
	struct cxm_dict *p = cxm_dict_section(d, "PROFILE");
	for (int f = 0; f < CXM_CF_MAX; f++) {
		if (f == CXM_CF_NAME || f == CXM_CF_MARKETING_CONSENT)
			continue;
		const char *v = c->v[f];
		if (cxm_cfields[f].choices)
			v = cxm_cp_choice((enum cxm_cfield)f, v);
		struct cxm_dict *row = cxm_dict_section(p, "FIELD");
		cxm_dict_set(row, "LABEL", _(cxm_cfields[f].label));
		cxm_dict_set(row, "CODE", cxm_cfields[f].code);
		cxm_dict_set(row, "VALUE", v && *v ? v : "—");
	}
	const char *consent = c->v[CXM_CF_MARKETING_CONSENT];
	if (consent && strcmp(consent, "1") == 0)
		cxm_dict_set(p, "CONSENT",
		             c->consent_at
		                 ? cxm_printf(req->arena, _("Yes, since %s"),
		                              cxm_cp_local_minutes(req, b->timezone, c->consent_at))
		                 : _("Yes"));
	else
		cxm_dict_set(p, "CONSENT", _("No"));

	struct cxm_custom_fields cf;
	struct cxm_rows vals;
	if (cxm_custom_fields_load(req->db, req->arena, req->session->business_id, &cf) != CXM_OK ||
	    cxm_db_query(req->db, req->arena,
	                 "SELECT field_id, value FROM client_values WHERE client_id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(c->id), CXM_PINT(req->session->business_id)), &vals) != CXM_OK) {
		cxm_error("custom values of client %lld: %s", c->id, cxm_db_error(req->db));
		return 503;
	}
	for (size_t i = 0; i < cf.n; i++) {
		const char *v = NULL;
		for (size_t k = 0; k < vals.nrows && !v; k++)
			if (cxm_rows_int(&vals, k, 0, 0) == cf.f[i].id)
				v = cxm_rows_get(&vals, k, 1);
		struct cxm_dict *row = cxm_dict_section(p, "CUSTOM");
		cxm_dict_set(row, "LABEL", cf.f[i].label);
		cxm_dict_set(row, "CODE", cf.f[i].code);
		cxm_dict_set(row, "VALUE", v && *v ? v : "—");
	}

	cxm_dict_set_int(p, "INTERACTIONS", c->interactions);
	cxm_dict_set_int(p, "PURCHASES", c->purchases);
	cxm_dict_set(p, "TOTAL", c->total);
	cxm_dict_set(p, "CURRENCY", b->currency);
	cxm_dict_set(p, "LAST", c->interactions ? cxm_cp_local_minutes(req, b->timezone, c->last_seen_at)
	                                        : "—");
	cxm_dict_set(p, "CREATED", cxm_cp_local_minutes(req, b->timezone, c->created_at));
	return 0;
}

/* A notice when other live clients share the e-mail or the phone. */
static int show_duplicates(struct cxm_req *req, struct cxm_dict *d, const struct cxm_cp_client *c)
{
	const char *email = c->v[CXM_CF_EMAIL], *phone = c->v[CXM_CF_PHONE];
	if (!c->live || (!email && !phone))
		return 0;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT COUNT(*) FROM clients WHERE business_id = ? AND live = 1 AND id <> ?"
	                 " AND (email = ? OR phone = ?)",
	                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(c->id),
	                            email ? CXM_PSTR(email) : CXM_PNULL, phone ? CXM_PSTR(phone) : CXM_PNULL),
	                 &r) != CXM_OK) {
		cxm_error("duplicates of client %lld: %s", c->id, cxm_db_error(req->db));
		return 503;
	}
	long long n = cxm_rows_int(&r, 0, 0, 0);
	if (n > 0) {
		struct cxm_dict *s = cxm_dict_section(d, "DUPLICATES");
		cxm_dict_set(s, "DUPLICATES_TEXT",
		             cxm_printf(req->arena,
		                        cxm_ngettext("%lld other client has the same e-mail or phone.",
		                                     "%lld other clients have the same e-mail or phone.",
		                                     (unsigned long)n),
		                        n));
		cxm_dict_set(s, "DUPLICATES_URL",
		             cxm_printf(req->arena, "%s/clients/duplicates?client=%lld", req->base, c->id));
	}
	return 0;
}

/* A timeline link: this client, the kind filter, and name=value. */
static const char *timeline_link(struct cxm_req *req, long long id, const char *kind, const char *name,
                                 const char *v)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 128);
	cxm_buf_puts(&b, "");
	cxm_cp_query_add(&b, "kind", kind);
	if (name)
		cxm_cp_query_add(&b, name, v);
	return cxm_printf(req->arena, "%s/clients/%lld%s%s#history", req->base, id, b.len ? "?" : "",
	                  b.data);
}

static int show_timeline(struct cxm_req *req, struct cxm_dict *d, const struct cxm_cp_client *c,
                         const struct cxm_cp_business *b, const struct view *v)
{
	struct cxm_rows r;
	int more = 0;
	if (cxm_timeline(req->db, req->arena, req->session->business_id, c->id, v->kind, v->page,
	                 &v->cursor, PER_PAGE, &r, &more) != CXM_OK) {
		cxm_error("timeline of client %lld: %s", c->id, cxm_db_error(req->db));
		return 503;
	}
	/* the kind filter: all, then every kind */
	for (int k = -1; k < CXM_IK_MAX; k++) {
		const char *name = k < 0 ? NULL : cxm_ikind_names[k];
		struct cxm_dict *o = cxm_dict_section(d, "KIND_LINK");
		cxm_dict_set(o, "URL", timeline_link(req, c->id, name, NULL, NULL));
		cxm_dict_set(o, "LABEL", k < 0 ? _("All") : _(cxm_ikind_labels[k]));
		if ((!name && !v->kind) || (name && v->kind && strcmp(name, v->kind) == 0))
			cxm_dict_show(o, "CURRENT");
	}
	cxm_dict_set(d, "TIMEZONE", b->timezone);
	if (!r.nrows) {
		cxm_dict_show(d, "TIMELINE_EMPTY");
		return 0;
	}
	int may_delete = cxm_session_may(req->session, CXM_MANAGER);
	struct cxm_dict *t = cxm_dict_section(d, "TIMELINE");
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_dict *row = cxm_dict_section(t, "ENTRY");
		cxm_dict_set(row, "ENTRY_ID", cxm_rows_get(&r, i, CXM_TL_ID));
		cxm_dict_set(row, "KIND", cxm_rows_get(&r, i, CXM_TL_KIND));
		cxm_dict_set(row, "KIND_LABEL", kind_label(cxm_rows_get(&r, i, CXM_TL_KIND)));
		cxm_dict_set(row, "WHEN", cxm_cp_local_minutes(req, b->timezone, cxm_rows_get(&r, i, CXM_TL_OCCURRED)));
		const char *amount = cxm_rows_get(&r, i, CXM_TL_AMOUNT);
		if (amount)
			cxm_dict_set(cxm_dict_section(row, "AMOUNT"), "VALUE",
			             cxm_printf(req->arena, "%s %s", amount,
			                        cxm_rows_get(&r, i, CXM_TL_CURRENCY) ? cxm_rows_get(&r, i, CXM_TL_CURRENCY)
			                                                             : ""));
		static const struct {
			int col;
			const char *section;
		} details[] = {
			{CXM_TL_SERVICE, "SERVICE"}, {CXM_TL_LOCATION, "LOCATION"}, {CXM_TL_STAFF, "STAFF"},
			{CXM_TL_ITEMS, "ITEMS"},     {CXM_TL_CHANNEL, "CHANNEL"},   {CXM_TL_TEXT, "TEXT"},
		};
		struct cxm_dict *det = NULL;
		for (size_t k = 0; k < sizeof(details) / sizeof(details[0]); k++) {
			const char *x = cxm_rows_get(&r, i, (size_t)details[k].col);
			if (!x || !*x)
				continue;
			if (details[k].col == CXM_TL_TEXT) {
				cxm_dict_set(cxm_dict_section(row, "TEXT"), "VALUE", x);
				continue;
			}
			if (details[k].col == CXM_TL_CHANNEL) {
				/* the channels of the feedback register and surveys by name */
				int ch = cxm_fb_index(cxm_fb_channel_names, x);
				if (ch >= 0)
					x = _(cxm_fb_channel_labels[ch]);
			}
			if (!det)
				det = cxm_dict_section(row, "DETAILS");
			cxm_dict_set(cxm_dict_section(det, details[k].section), "VALUE", x);
		}
		const char *ref = cxm_rows_get(&r, i, CXM_TL_REF);
		if (ref && strcmp(cxm_rows_get(&r, i, CXM_TL_KIND), "survey") == 0)
			cxm_dict_set(cxm_dict_section(row, "RESPONSE"), "REF_ID", ref);
		if (may_delete && !ref)   /* rows of responses and feedback items go with them */
			cxm_dict_show(row, "DELETE");
	}
	/* the pager, as on the list */
	int prev = v->page == CXM_CP_AFTER || ((v->page == CXM_CP_BEFORE || v->page == CXM_CP_LAST) && more);
	int next = ((v->page == CXM_CP_FIRST || v->page == CXM_CP_AFTER) && more) || v->page == CXM_CP_BEFORE;
	if (prev || next) {
		struct cxm_dict *p = cxm_dict_section(d, "TPAGER");
		if (prev) {
			cxm_dict_set(cxm_dict_section(p, "FIRST"), "URL", timeline_link(req, c->id, v->kind, NULL, NULL));
			cxm_dict_set(cxm_dict_section(p, "PREV"), "URL",
			             timeline_link(req, c->id, v->kind, "before",
			                           cxm_ccursor_format(req->arena, cxm_rows_int(&r, 0, CXM_TL_ID, 0),
			                                              cxm_rows_get(&r, 0, CXM_TL_KEY))));
		}
		if (next) {
			size_t e = r.nrows - 1;
			cxm_dict_set(cxm_dict_section(p, "NEXT"), "URL",
			             timeline_link(req, c->id, v->kind, "after",
			                           cxm_ccursor_format(req->arena, cxm_rows_int(&r, e, CXM_TL_ID, 0),
			                                              cxm_rows_get(&r, e, CXM_TL_KEY))));
			cxm_dict_set(cxm_dict_section(p, "LAST"), "URL", timeline_link(req, c->id, v->kind, "last", "1"));
		}
	}
	return 0;
}

/* The two forms of a manager: the interaction form and the quick note,
 * empty (time now, the business's currency) or as sent with the reasons. */
static void show_forms(struct cxm_req *req, struct cxm_dict *d, const struct cxm_cp_business *b,
                       const struct add_state *st)
{
	struct cxm_dict *full = cxm_dict_section(d, "ADD_FORM");
	struct cxm_dict *note = cxm_dict_section(d, "NOTE_FORM");
	const char *kind = NULL;
	if (st && st->form == 1) {
		for (int f = 0; f < CXM_IF_MAX; f++) {
			char key[64];
			const struct cxm_field *fl = cxm_field(req, (size_t)f);
			snprintf(key, sizeof(key), "VALUE_%s", cxm_ifield_codes[f]);
			for (char *k = key; *k; k++)
				if (*k >= 'a' && *k <= 'z')
					*k = (char)(*k - 'a' + 'A');
			if (fl->raw)
				cxm_dict_setn(full, key, fl->raw, fl->len);
			if (st->err[f]) {
				snprintf(key, sizeof(key), "ERR_%s", cxm_ifield_codes[f]);
				for (char *k = key; *k; k++)
					if (*k >= 'a' && *k <= 'z')
						*k = (char)(*k - 'a' + 'A');
				cxm_dict_set(cxm_dict_section(full, key), "MSG", st->err[f]);
			}
		}
		kind = cxm_field(req, CXM_IF_KIND)->raw;
	} else {
		cxm_dict_set(full, "VALUE_OCCURRED_AT", now_local_input(req, b->timezone));
		cxm_dict_set(full, "VALUE_CURRENCY", b->currency);
	}
	if (st && st->form == 2) {
		const struct cxm_field *t = cxm_field(req, CXM_IF_TEXT);
		if (t->raw)
			cxm_dict_setn(note, "VALUE_TEXT", t->raw, t->len);
		if (st->err[CXM_IF_TEXT])
			cxm_dict_set(cxm_dict_section(note, "ERR_TEXT"), "MSG", st->err[CXM_IF_TEXT]);
	}
	for (int k = 0; k < CXM_IK_MAX; k++) {
		if (!cxm_ikind_manual((enum cxm_ikind)k))
			continue;
		struct cxm_dict *o = cxm_dict_section(full, "KIND_OPTION");
		cxm_dict_set(o, "VALUE", cxm_ikind_names[k]);
		cxm_dict_set(o, "LABEL", _(cxm_ikind_labels[k]));
		if (kind && strcmp(kind, cxm_ikind_names[k]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	cxm_dict_set(full, "TIMEZONE", b->timezone);
}

/* The whole page. st: a rejected interaction form to show again; done: a
 * notice (msgid) or NULL. */
static int show_client(struct cxm_req *req, long long id, const struct view *v,
                       const struct add_state *st, const char *done)
{
	struct cxm_cp_business b;
	struct cxm_cp_client c;
	int rc = cxm_cp_business(req, &b);
	if (rc || (rc = cxm_cp_load_client(req, id, 0, &c)))
		return rc;
	if (c.merged_into) {
		cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/clients/%lld", req->base, c.merged_into));
		return 303;
	}
	const char *name = cxm_cp_client_name(req, c.id, c.v[CXM_CF_NAME], c.erased);
	struct cxm_dict *d = cxm_page_begin(req, "client.tpl", name);
	req->status = 200;
	cxm_dict_set(d, "NAME", name);
	cxm_dict_set_int(d, "CLIENT_ID", c.id);
	if (done)
		cxm_page_notice(d, "ok", _(done));
	if (st)
		cxm_page_notice(d, "error", _("Check the highlighted fields."));
	int manager = cxm_session_may(req->session, CXM_MANAGER);
	if (c.erased)
		cxm_dict_set(cxm_dict_section(d, "ERASED"), "ERASED_AT",
		             cxm_cp_local_minutes(req, b.timezone, c.erased_at));
	if (!c.live) {
		struct cxm_dict *s = cxm_dict_section(d, "DELETED");
		cxm_dict_set(s, "DELETED_AT", cxm_cp_local_minutes(req, b.timezone, c.deleted_at));
		if (manager)
			cxm_dict_show(s, "RESTORE");
	}
	if (manager && c.live) {
		struct cxm_dict *a = cxm_dict_section(d, "ACTIONS");
		if (!c.erased)
			cxm_dict_show(a, "EDIT");
		cxm_dict_show(a, "DELETE");
	}
	if (cxm_session_may(req->session, CXM_ADMIN) && !c.erased)
		cxm_dict_show(cxm_dict_section(d, "ERASE_ACTION"), "ERASE");
	if ((rc = show_profile(req, d, &c, &b)) || (rc = show_duplicates(req, d, &c)) ||
	    (rc = cxm_fbp_client_section(req, d, c.id)) ||
	    (manager && c.live && !c.erased && (rc = cxm_survey_client_section(req, d, &c))) ||
	    (rc = show_timeline(req, d, &c, &b, v)))
		return rc;
	if (manager && c.live && !c.erased)
		show_forms(req, d, &b, st);
	return cxm_page_end(req);
}

int cxm_page_client(struct cxm_req *req)
{
	struct view v = {NULL, CXM_CP_FIRST, {0, NULL}};
	const struct cxm_field *kind = cxm_field(req, FV_KIND);
	if (kind->present && kind->valid)
		for (int k = 0; k < CXM_IK_MAX; k++)
			if (strcmp(kind->s, cxm_ikind_names[k]) == 0)
				v.kind = cxm_ikind_names[k];
	const struct cxm_field *after = cxm_field(req, FV_AFTER), *before = cxm_field(req, FV_BEFORE);
	if (after->present && after->valid && cxm_tcursor_parse(after->s, &v.cursor) == 0)
		v.page = CXM_CP_AFTER;
	else if (before->present && before->valid && cxm_tcursor_parse(before->s, &v.cursor) == 0)
		v.page = CXM_CP_BEFORE;
	else if (cxm_field(req, FV_LAST)->i)
		v.page = CXM_CP_LAST;
	const struct cxm_field *done = cxm_field(req, FV_DONE);
	const char *notice = done->present && done->valid && done->i >= 0 &&
	                             (size_t)done->i < sizeof(done_texts) / sizeof(done_texts[0])
	                         ? done_texts[done->i]
	                         : NULL;
	return show_client(req, cxm_field(req, FV_ID)->i, &v, NULL, notice);
}

/* ---- adding to the history -------------------------------------------------- */

int cxm_page_interaction_add(struct cxm_req *req)
{
	long long id = cxm_field(req, FA_ID)->i, biz = req->session->business_id;
	struct cxm_cp_business b;
	struct cxm_cp_client c;
	int rc = cxm_cp_business(req, &b);
	if (rc || (rc = cxm_cp_load_client(req, id, 0, &c)))
		return rc;
	if (!c.live || c.merged_into)
		return 404;
	if (c.erased) {
		req->error_detail = _("Nothing can be added to the history of an erased client.");
		return 403;
	}
	struct add_state st = {cxm_field(req, FA_FORM)->i == 1 ? 2 : 1, {0}};
	const char *in[CXM_IF_MAX];
	for (int f = 0; f < CXM_IF_MAX; f++) {
		const struct cxm_field *fl = cxm_field(req, (size_t)f);
		in[f] = fl->present ? fl->raw : NULL;
		if (!fl->valid)
			st.err[f] = fl->error;   /* already translated: shown as it is */
	}
	if (st.form == 2)
		in[CXM_IF_KIND] = "note";
	/* the time defaults to now in the business's zone */
	char *now_local = NULL;
	if (!in[CXM_IF_OCCURRED_AT]) {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		char utc[32];
		strftime(utc, sizeof(utc), "%Y-%m-%d %H:%M:%S", &tm);
		if (cxm_tz_from_utc(req->arena, b.timezone, utc, &now_local) == CXM_OK)
			in[CXM_IF_OCCURRED_AT] = now_local;
	}
	struct cxm_interaction it;
	const char *why[CXM_IF_MAX];
	int bad = cxm_interaction_check(req->arena, in, b.timezone, b.currency, &it, why);
	for (int f = 0; f < CXM_IF_MAX; f++)
		if (!st.err[f] && why[f])
			st.err[f] = _(why[f]);
	if (!st.err[CXM_IF_KIND] && !cxm_ikind_manual(it.kind)) {
		st.err[CXM_IF_KIND] = _("Choose one of the listed kinds.");
		bad++;
	}
	int route_bad = 0;
	for (int f = 0; f < CXM_IF_MAX; f++)
		route_bad += !cxm_field(req, (size_t)f)->valid;
	if (bad || route_bad) {
		struct view v = {NULL, CXM_CP_FIRST, {0, NULL}};
		return show_client(req, id, &v, &st, NULL);
	}
	it.created_by = req->session->user_id;
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("interaction: begin failed: %s", cxm_db_error(req->db));
		return 503;
	}
	enum cxm_err e = cxm_interaction_add(req->db, req->arena, biz, id, &it, NULL);
	if (e == CXM_OK)
		e = cxm_db_commit(req->db);
	if (e != CXM_OK) {
		cxm_error("adding an interaction to client %lld: %s", id, cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return e == CXM_ERR_NOT_FOUND ? 404 : 503;
	}
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/clients/%lld?done=added#history", req->base, id));
	return 303;
}

/* ---- removing from the history ---------------------------------------------- */

/* The interaction id of the session's business: its client, kind, time
 * (UTC) and text, with the client's name. 0, 404 or 503. */
static int load_interaction(struct cxm_req *req, long long id, struct cxm_rows *r)
{
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT i.client_id, i.kind, DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s'),"
	                 " i.amount, i.currency, i.text, c.name, c.erased_at IS NOT NULL"
	                 " FROM interactions i JOIN clients c ON c.id = i.client_id"
	                 " AND c.business_id = i.business_id WHERE i.id = ? AND i.business_id = ?"
	                 " AND i.ref_id IS NULL",   /* a survey response's or feedback item's row stays */
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), r) != CXM_OK) {
		cxm_error("interaction %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	return r->nrows ? 0 : 404;
}

int cxm_page_interaction_delete_form(struct cxm_req *req)
{
	long long id = cxm_field(req, FD_ID)->i;
	struct cxm_rows r;
	struct cxm_cp_business b;
	int st = cxm_cp_business(req, &b);
	if (st || (st = load_interaction(req, id, &r)))
		return st;
	long long client = cxm_rows_int(&r, 0, 0, 0);
	const char *name = cxm_cp_client_name(req, client, cxm_rows_get(&r, 0, 6),
	                                      cxm_rows_int(&r, 0, 7, 0) != 0);
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, _("Remove from the history?"),
		cxm_printf(req->arena, "%s/clients/interactions/%lld/delete", req->base, id),
		cxm_printf(req->arena, "%s/clients/%lld#history", req->base, client), name, NULL,
		_("Remove"), 1);
	const char *amount = cxm_rows_get(&r, 0, 3);
	cxm_cp_confirm_para(d, cxm_printf(req->arena, "%s · %s%s%s%s",
	                                  cxm_cp_local_minutes(req, b.timezone, cxm_rows_get(&r, 0, 2)),
	                                  kind_label(cxm_rows_get(&r, 0, 1)), amount ? " · " : "",
	                                  amount ? amount : "",
	                                  amount && cxm_rows_get(&r, 0, 4)
	                                      ? cxm_printf(req->arena, " %s", cxm_rows_get(&r, 0, 4))
	                                      : ""));
	if (cxm_rows_get(&r, 0, 5))
		cxm_cp_confirm_para(d, cxm_rows_get(&r, 0, 5));
	cxm_cp_confirm_para(d, _("The client's counts and purchases total are recalculated without it. "
	                         "This cannot be undone."));
	return cxm_page_end(req);
}

int cxm_page_interaction_delete(struct cxm_req *req)
{
	long long id = cxm_field(req, FD_ID)->i, biz = req->session->business_id;
	struct cxm_rows r;
	int st = load_interaction(req, id, &r);
	if (st)
		return st;
	long long client = cxm_rows_int(&r, 0, 0, 0);
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("interaction %lld: begin failed: %s", id, cxm_db_error(req->db));
		return 503;
	}
	enum cxm_err e = cxm_interaction_delete(req->db, biz, id);
	if (e == CXM_OK)
		e = cxm_db_commit(req->db);
	if (e != CXM_OK) {
		cxm_db_rollback(req->db);
		if (e == CXM_ERR_NOT_FOUND)
			return 404;
		cxm_error("removing interaction %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	cxm_resp_redirect(req, 303,
	                  cxm_printf(req->arena, "%s/clients/%lld?done=removed#history", req->base, client));
	return 303;
}
