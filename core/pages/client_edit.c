/* Adding and editing a client (managers): every fixed profile field
 * (choices as lists, tags as comma-separated text, the consent as a
 * checkbox) and the business's custom attributes (inputs "cf_<code>").
 * What was typed is judged by cxm_client_check, the rule set imports use
 * too; each refusal is shown next to its field with the value kept. A save
 * writes client_created or client_updated to the audit log with the target
 * "client #<id>" and, as the detail, only the codes of the fields set or
 * changed, never their values. Another live client with the same e-mail or
 * phone does not stop the save: the client's page then says so and links
 * to the duplicates page. An erased client's record is not edited. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "client.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"

/* POST routes' fields: the fixed fields in enum cxm_cfield order, then
 * the id (edit only). GET /clients/{id}/edit has the id alone. */
enum { FE_ID = CXM_CF_MAX };
enum { FG_ID };

/* "VALUE_<CODE>" / "ERR_<CODE>" / "<CODE>_OPTION" of a field code. */
static const char *key(struct cxm_req *req, const char *prefix, const char *code, const char *suffix)
{
	char *k = cxm_printf(req->arena, "%s%s%s", prefix, code, suffix);
	for (char *p = k; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return k;
}

/* The form's input name of custom attribute code. */
static const char *custom_name(struct cxm_req *req, const char *code)
{
	return cxm_printf(req->arena, "cf_%s", code);
}

/* What the form holds: values (shown in the inputs) and reasons (shown
 * next to them, translated), fixed then custom. */
struct form {
	const char *v[CXM_CF_MAX];
	const char *err[CXM_CF_MAX];
	const char **custom, **custom_err;
};

static void form_alloc(struct cxm_req *req, const struct cxm_custom_fields *cf, struct form *fm)
{
	memset(fm, 0, sizeof(*fm));
	fm->custom = cxm_zalloc(req->arena, sizeof(char *) * (cf->n + 1));
	fm->custom_err = cxm_zalloc(req->arena, sizeof(char *) * (cf->n + 1));
}

/* The form page: new (id 0) or the edit of client id, with values, reasons
 * and a notice. */
static int show_form(struct cxm_req *req, long long id, const char *name,
                     const struct cxm_custom_fields *cf, const struct form *fm, const char *notice)
{
	struct cxm_dict *d = cxm_page_begin(req, "client_form.tpl",
	                                    id ? cxm_printf(req->arena, _("Edit: %s"), name) : _("New client"));
	req->status = 200;
	if (id) {
		cxm_dict_set(d, "HEADING", cxm_printf(req->arena, _("Edit: %s"), name));
		cxm_dict_set(d, "ACTION", cxm_printf(req->arena, "%s/clients/%lld/edit", req->base, id));
		cxm_dict_set(d, "BACK_URL", cxm_printf(req->arena, "%s/clients/%lld", req->base, id));
		cxm_dict_set(d, "BACK_LABEL", name);
	} else {
		cxm_dict_set(d, "HEADING", _("New client"));
		cxm_dict_set(d, "ACTION", cxm_printf(req->arena, "%s/clients/new", req->base));
		cxm_dict_set(d, "BACK_URL", cxm_printf(req->arena, "%s/clients", req->base));
		cxm_dict_set(d, "BACK_LABEL", _("All clients"));
		cxm_dict_show(d, "IS_NEW");
	}
	if (notice)
		cxm_page_notice(d, "error", notice);
	for (int f = 0; f < CXM_CF_MAX; f++) {
		const char *code = cxm_cfields[f].code;
		if (fm->v[f])
			cxm_dict_set(d, key(req, "VALUE_", code, ""), fm->v[f]);
		if (fm->err[f])
			cxm_dict_set(cxm_dict_section(d, key(req, "ERR_", code, "")), "MSG", fm->err[f]);
		if (cxm_cfields[f].choices)
			cxm_cp_choice_options(d, key(req, "", code, "_OPTION"), (enum cxm_cfield)f, fm->v[f]);
	}
	const char *consent = fm->v[CXM_CF_MARKETING_CONSENT];
	if (consent && strcmp(consent, "0") != 0 && *consent)
		cxm_dict_show(d, "CONSENT_CHECKED");
	for (size_t i = 0; i < cf->n; i++) {
		const struct cxm_custom_field *f = &cf->f[i];
		struct cxm_dict *c = cxm_dict_section(d, "CUSTOM");
		cxm_dict_set(c, "LABEL", f->label);
		cxm_dict_set(c, "INPUT", custom_name(req, f->code));
		cxm_dict_set(c, "VALUE", fm->custom[i] ? fm->custom[i] : "");
		if (fm->custom_err[i])
			cxm_dict_set(cxm_dict_section(c, "ERR"), "MSG", fm->custom_err[i]);
		switch (f->type) {
		case CXM_CT_CHOICE: {
			struct cxm_dict *s = cxm_dict_section(c, "SELECT");
			struct cxm_dict *o = cxm_dict_section(s, "OPTION");
			cxm_dict_set(o, "VALUE", "");
			cxm_dict_set(o, "LABEL", _("— not set —"));
			for (size_t k = 0; k < f->nchoices; k++) {
				o = cxm_dict_section(s, "OPTION");
				cxm_dict_set(o, "VALUE", f->choices[k]);
				cxm_dict_set(o, "LABEL", f->choices[k]);
				if (fm->custom[i] && strcmp(fm->custom[i], f->choices[k]) == 0)
					cxm_dict_show(o, "SELECTED");
			}
			break;
		}
		case CXM_CT_DATE:
			cxm_dict_show(c, "DATE");
			break;
		case CXM_CT_NUMBER:
			cxm_dict_show(c, "NUMBER");
			break;
		default:
			cxm_dict_show(c, "TEXT");
		}
	}
	return cxm_page_end(req);
}

/* The input as sent: a field that was sent (even empty) is part of it;
 * the consent checkbox, absent when unticked, counts as "no" on an edit. */
static void read_input(struct cxm_req *req, const struct cxm_custom_fields *cf, int is_new,
                       struct cxm_client_input *in, struct form *fm)
{
	memset(in, 0, sizeof(*in));
	in->custom = cxm_zalloc(req->arena, sizeof(char *) * (cf->n + 1));
	for (int f = 0; f < CXM_CF_MAX; f++) {
		const struct cxm_field *fl = cxm_field(req, (size_t)f);
		in->v[f] = fl->raw;
		fm->v[f] = fl->raw;
		if (!fl->valid)
			fm->err[f] = fl->error;
	}
	if (!in->v[CXM_CF_MARKETING_CONSENT] && !is_new)
		in->v[CXM_CF_MARKETING_CONSENT] = "";
	for (size_t i = 0; i < cf->n; i++) {
		in->custom[i] = cxm_req_param(req, custom_name(req, cf->f[i].code));
		fm->custom[i] = in->custom[i];
	}
}

/* Checks the input; the reasons go into fm. Returns how many fields were
 * refused (by the route's validators or by the model). */
static int check(struct cxm_req *req, const struct cxm_custom_fields *cf, const struct cxm_client_input *in,
                 int is_new, struct cxm_client *c, struct form *fm)
{
	struct cxm_client_errors err;
	int bad = cxm_client_check(req->arena, cf, in, is_new, c, &err);
	for (int f = 0; f < CXM_CF_MAX; f++) {
		if (fm->err[f])
			bad++;
		else if (err.field[f])
			fm->err[f] = _(err.field[f]);
	}
	for (size_t i = 0; i < cf->n; i++)
		if (err.custom[i])
			fm->custom_err[i] = _(err.custom[i]);
	return bad;
}

/* Appends code to a ", "-separated list. */
static void list_add(struct cxm_buf *b, const char *code)
{
	if (b->len)
		cxm_buf_puts(b, ", ");
	cxm_buf_puts(b, code);
}

static int same(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The tags of c, sorted and joined with ", ". */
static const char *joined_tags(struct cxm_req *req, const char *const *tags, size_t n)
{
	const char **t = cxm_alloc(req->arena, sizeof(char *) * (n + 1));
	memcpy(t, tags, sizeof(char *) * n);
	qsort(t, n, sizeof(char *), cmp_text);
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 64);
	cxm_buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		list_add(&b, t[i]);
	return b.data;
}

/* The codes of the fields c sets (new: old NULL) or changes (against old
 * and its custom values oldc). */
static const char *changed_fields(struct cxm_req *req, const struct cxm_custom_fields *cf,
                                  const struct cxm_client *c, const struct cxm_cp_client *old,
                                  const char **oldc)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 128);
	cxm_buf_puts(&b, "");
	for (int f = 0; f < CXM_CF_MAX; f++) {
		if (!c->present[f])
			continue;
		int differs;
		if (f == CXM_CF_TAGS)
			differs = !same(old ? joined_tags(req, old->tags, old->ntags) : NULL,
			                joined_tags(req, c->tags, c->ntags));
		else if (f == CXM_CF_MARKETING_CONSENT)
			differs = !same(old ? old->v[f] : "0", c->v[f]);
		else
			differs = !same(old ? old->v[f] : NULL, c->v[f]);
		if (differs)
			list_add(&b, cxm_cfields[f].code);
	}
	for (size_t i = 0; i < cf->n; i++)
		if (c->custom_present[i] && !same(oldc ? oldc[i] : NULL, c->custom[i]))
			list_add(&b, cf->f[i].code);
	return b.data;
}

/* The stored custom values of client id, per attribute of cf. */
static int custom_values(struct cxm_req *req, long long id, const struct cxm_custom_fields *cf,
                         const char **out)
{
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT field_id, value FROM client_values WHERE client_id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r) != CXM_OK) {
		cxm_error("custom values of client %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	for (size_t i = 0; i < cf->n; i++) {
		out[i] = NULL;
		for (size_t k = 0; k < r.nrows; k++)
			if (cxm_rows_int(&r, k, 0, 0) == cf->f[i].id)
				out[i] = cxm_rows_get(&r, k, 1);
	}
	return 0;
}

static int load_fields(struct cxm_req *req, struct cxm_custom_fields *cf)
{
	if (cxm_custom_fields_load(req->db, req->arena, req->session->business_id, cf) != CXM_OK) {
		cxm_error("custom fields of business %lld: %s", req->session->business_id,
		          cxm_db_error(req->db));
		return 503;
	}
	return 0;
}

/* 0 when client c may be edited; else the status (404 for one that is
 * not live, 403 with a reason for an erased one). */
static int editable(struct cxm_req *req, const struct cxm_cp_client *c)
{
	if (!c->live)
		return 404;
	if (c->erased) {
		req->error_detail = _("The personal data of this client was erased; the record cannot be "
		                      "edited.");
		return 403;
	}
	return 0;
}

/* Saves c (a new client when *id is 0) with its audit row in one
 * transaction. Returns 0 (with *id set); 200 when the external id is
 * taken (the reason is set in fm); 404/403 for a client that cannot be
 * edited; 503. */
static int save(struct cxm_req *req, const struct cxm_custom_fields *cf, const struct cxm_client *c,
                long long *id, struct form *fm)
{
	long long biz = req->session->business_id;
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("client save: begin failed: %s", cxm_db_error(req->db));
		return 503;
	}
	int st = 0;
	struct cxm_cp_client old;
	const char **oldc = cxm_zalloc(req->arena, sizeof(char *) * (cf->n + 1));
	if (*id && ((st = cxm_cp_load_client(req, *id, 1, &old)) || (st = editable(req, &old)) ||
	            (st = custom_values(req, *id, cf, oldc)))) {
		cxm_db_rollback(req->db);
		return st;
	}
	const char *changes = changed_fields(req, cf, c, *id ? &old : NULL, oldc);
	int is_new = *id == 0;
	enum cxm_err rc = CXM_OK;
	if (is_new || *changes)
		rc = cxm_client_save(req->db, req->arena, biz, cf, c, id);
	if (rc == CXM_ERR_DUPLICATE) {
		cxm_db_rollback(req->db);
		fm->err[CXM_CF_EXTERNAL_ID] = _("Another client already has this external ID.");
		return 200;
	}
	if (rc == CXM_OK && (is_new || *changes))
		cxm_audit(req, biz, is_new ? "client_created" : "client_updated",
		          cxm_cp_audit_target(req, *id), changes);
	if (rc == CXM_OK)
		rc = cxm_db_commit(req->db);
	if (rc != CXM_OK) {
		cxm_error("saving client %lld of business %lld: %s", *id, biz, cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return rc == CXM_ERR_NOT_FOUND ? 404 : 503;
	}
	return 0;
}

int cxm_page_client_new_form(struct cxm_req *req)
{
	struct cxm_custom_fields cf;
	struct form fm;
	int st = load_fields(req, &cf);
	if (st)
		return st;
	form_alloc(req, &cf, &fm);
	return show_form(req, 0, NULL, &cf, &fm, NULL);
}

/* POST of the new-client form or of client id's edit form (id 0: new). */
static int submit(struct cxm_req *req, long long id)
{
	struct cxm_custom_fields cf;
	struct form fm;
	int st = load_fields(req, &cf);
	if (st)
		return st;
	struct cxm_cp_client old;
	const char *name = NULL;
	if (id) {
		if ((st = cxm_cp_load_client(req, id, 0, &old)) || (st = editable(req, &old)))
			return st;
		name = cxm_cp_client_name(req, id, old.v[CXM_CF_NAME], old.erased);
	}
	form_alloc(req, &cf, &fm);
	struct cxm_client_input in;
	read_input(req, &cf, id == 0, &in, &fm);
	struct cxm_client c;
	if (check(req, &cf, &in, id == 0, &c, &fm) > 0)
		return show_form(req, id, name, &cf, &fm, _("Check the highlighted fields."));
	long long saved = id;
	if ((st = save(req, &cf, &c, &saved, &fm)) == 200)
		return show_form(req, id, name, &cf, &fm, _("Check the highlighted fields."));
	if (st)
		return st;
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/clients/%lld?done=saved", req->base, saved));
	return 303;
}

int cxm_page_client_create(struct cxm_req *req)
{
	return submit(req, 0);
}

int cxm_page_client_edit_form(struct cxm_req *req)
{
	long long id = cxm_field(req, FG_ID)->i;
	struct cxm_custom_fields cf;
	struct cxm_cp_client c;
	struct form fm;
	int st = load_fields(req, &cf);
	if (st || (st = cxm_cp_load_client(req, id, 0, &c)) || (st = editable(req, &c)))
		return st;
	form_alloc(req, &cf, &fm);
	for (int f = 0; f < CXM_CF_MAX; f++)
		fm.v[f] = c.v[f];
	if ((st = custom_values(req, id, &cf, fm.custom)))
		return st;
	return show_form(req, id, cxm_cp_client_name(req, id, c.v[CXM_CF_NAME], 0), &cf, &fm, NULL);
}

int cxm_page_client_edit(struct cxm_req *req)
{
	return submit(req, cxm_field(req, FE_ID)->i);
}
