/* The custom attributes of a business's clients (administrators): the
 * list in display order with the form that adds one (a code of lower-case
 * Latin letters, digits and '_', unique in the business and not a
 * built-in field's; a label; a type; for a choice, the choices one per
 * line), editing the label, the choices and the position, and deleting one
 * with all its values after a confirmation page. The type of an attribute
 * never changes, so stored values always match it. Audited as
 * client_field_added, client_field_changed, client_field_deleted with the
 * code as the target. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
#include "utf8.h"

enum { FA_CODE, FA_LABEL, FA_TYPE, FA_CHOICES };      /* POST /admin/client-fields */
enum { FE_ID, FE_LABEL, FE_CHOICES, FE_POSITION };    /* POST /admin/client-fields/{id} */
enum { FD_ID };                                       /* GET, delete */

#define MAX_CHOICES 100
#define CHOICE_CHARS 200
#define MAX_FIELDS 200

/* One attribute as stored. */
struct attr {
	long long id;
	const char *code, *label, *type, *choices;
	long long position, values;
};

static int load_attr(struct cxm_req *req, long long id, int lock, struct attr *a)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(
		req->db, req->arena,
		lock ? "SELECT id, code, label, type, choices, position FROM client_fields"
		       " WHERE id = ? AND business_id = ? FOR UPDATE"
		     : "SELECT id, code, label, type, choices, position FROM client_fields"
		       " WHERE id = ? AND business_id = ?",
		CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r);
	if (rc != CXM_OK) {
		cxm_error("client field %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (!r.nrows)
		return 404;
	a->id = id;
	a->code = cxm_rows_get(&r, 0, 1);
	a->label = cxm_rows_get(&r, 0, 2);
	a->type = cxm_rows_get(&r, 0, 3);
	a->choices = cxm_rows_get(&r, 0, 4);
	a->position = cxm_rows_int(&r, 0, 5, 0);
	a->values = 0;
	return 0;
}

static const char *type_label(const char *type)
{
	for (int t = 0; type && t < CXM_CT_MAX; t++)
		if (strcmp(type, cxm_ctype_names[t]) == 0)
			return _(cxm_ctype_labels[t]);
	return type;
}

/* The choices typed (one per line) as stored: trimmed, blank lines
 * dropped, joined with "\n". A reason (translated) in *why when they are
 * not acceptable. */
static const char *normalize_choices(struct cxm_req *req, const char *text, const char **why)
{
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 256);
	cxm_buf_puts(&b, "");
	const char *seen[MAX_CHOICES];
	size_t n = 0;
	*why = NULL;
	for (const char *p = text ? text : ""; *p;) {
		size_t len = strcspn(p, "\r\n");
		const char *s = p, *e = p + len;
		p = e;
		while (*p == '\r' || *p == '\n')
			p++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (s == e)
			continue;
		char *c = cxm_strndup(req->arena, s, (size_t)(e - s));
		if (cxm_utf8_length(c, strlen(c)) > CHOICE_CHARS) {
			*why = _("A choice may be at most 200 characters long.");
			return NULL;
		}
		for (size_t i = 0; i < n; i++)
			if (strcasecmp(seen[i], c) == 0) {
				*why = _("Each choice may appear only once.");
				return NULL;
			}
		if (n == MAX_CHOICES) {
			*why = _("Use at most 100 choices.");
			return NULL;
		}
		seen[n++] = c;
		if (b.len)
			cxm_buf_putc(&b, '\n');
		cxm_buf_puts(&b, c);
	}
	if (n == 0) {
		*why = _("Enter at least one choice, one per line.");
		return NULL;
	}
	return b.data;
}

/* Why code cannot be a new attribute's code (translated), or NULL. */
static const char *code_problem(const char *code)
{
	if (!code || !*code)
		return _("Enter a code.");
	if (!(code[0] >= 'a' && code[0] <= 'z'))
		return _("Use lower-case Latin letters, digits and '_', starting with a letter.");
	for (const char *p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return _("Use lower-case Latin letters, digits and '_', starting with a letter.");
	if (cxm_cfield_from_header(code) >= 0)
		return _("This code is used by a built-in field.");
	return NULL;
}

/* The list page, with the add form (as sent after a refusal, with the
 * reasons in err[] indexed by FA_*), and a notice. */
static int show_list(struct cxm_req *req, const char *err[4], int form_state, const char *kind,
                     const char *notice)
{
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT f.id, f.code, f.label, f.type, f.choices, f.position,"
	                 " (SELECT COUNT(*) FROM client_values v WHERE v.field_id = f.id"
	                 " AND v.business_id = f.business_id)"
	                 " FROM client_fields f WHERE f.business_id = ? ORDER BY f.position, f.id LIMIT ?",
	                 CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(MAX_FIELDS)), &r) != CXM_OK) {
		cxm_error("client fields of business %lld: %s", req->session->business_id,
		          cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *d = cxm_page_begin(req, "client_fields.tpl", _("Client attributes"));
	req->status = 200;
	if (notice)
		cxm_page_notice(d, kind, notice);
	if (!r.nrows)
		cxm_dict_show(d, "EMPTY");
	struct cxm_dict *t = r.nrows ? cxm_dict_section(d, "ROWS") : NULL;
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_dict *row = cxm_dict_section(t, "ROW");
		cxm_dict_set(row, "ID", cxm_rows_get(&r, i, 0));
		cxm_dict_set(row, "CODE", cxm_rows_get(&r, i, 1));
		cxm_dict_set(row, "LABEL", cxm_rows_get(&r, i, 2));
		cxm_dict_set(row, "TYPE", type_label(cxm_rows_get(&r, i, 3)));
		const char *ch = cxm_rows_get(&r, i, 4);
		if (ch && strcmp(cxm_rows_get(&r, i, 3), "choice") == 0) {
			struct cxm_buf b;
			cxm_buf_init(&b, req->arena, 128);
			cxm_buf_puts(&b, "");
			for (const char *p = ch; *p; p++) {
				if (*p == '\n')
					cxm_buf_puts(&b, ", ");
				else
					cxm_buf_putc(&b, *p);
			}
			cxm_dict_set(row, "CHOICES", b.data);
		}
		cxm_dict_set(row, "POSITION", cxm_rows_get(&r, i, 5));
		cxm_dict_set(row, "VALUES", cxm_rows_get(&r, i, 6));
	}
	if (form_state) {
		cxm_page_form_state(req, d);
		static const char *const keys[] = {"ERR_CODE", "ERR_LABEL", "ERR_TYPE", "ERR_CHOICES"};
		for (int i = 0; i < 4; i++)
			if (err && err[i] && cxm_field(req, (size_t)i)->valid)
				cxm_dict_set(cxm_dict_section(d, keys[i]), "MSG", err[i]);
	}
	const char *sent = form_state ? cxm_field(req, FA_TYPE)->raw : NULL;
	for (int ty = 0; ty < CXM_CT_MAX; ty++) {
		struct cxm_dict *o = cxm_dict_section(d, "TYPE_OPTION");
		cxm_dict_set(o, "VALUE", cxm_ctype_names[ty]);
		cxm_dict_set(o, "LABEL", _(cxm_ctype_labels[ty]));
		if (sent && strcmp(sent, cxm_ctype_names[ty]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
	return cxm_page_end(req);
}

int cxm_page_client_fields(struct cxm_req *req)
{
	return show_list(req, NULL, 0, NULL, NULL);
}

int cxm_page_client_field_add(struct cxm_req *req)
{
	long long biz = req->session->business_id;
	const char *err[4] = {NULL, NULL, NULL, NULL};
	int bad = 0;
	for (int i = FA_CODE; i <= FA_CHOICES; i++)
		bad += !cxm_field(req, (size_t)i)->valid;
	const struct cxm_field *code = cxm_field(req, FA_CODE), *label = cxm_field(req, FA_LABEL),
	                       *type = cxm_field(req, FA_TYPE), *choices = cxm_field(req, FA_CHOICES);
	if (code->valid && (err[FA_CODE] = code_problem(code->s)))
		bad++;
	if (label->valid && !label->present && (err[FA_LABEL] = _("Enter a label.")))
		bad++;
	if (type->valid && !type->present && (err[FA_TYPE] = _("Choose the type.")))
		bad++;
	const char *stored_choices = NULL;
	int is_choice = type->present && type->valid && strcmp(type->s, "choice") == 0;
	if (is_choice && choices->valid &&
	    !(stored_choices = normalize_choices(req, choices->s, &err[FA_CHOICES])))
		bad++;
	if (bad)
		return show_list(req, err, 1, "error", _("Check the highlighted fields."));

	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("client field: begin failed: %s", cxm_db_error(req->db));
		return 503;
	}
	enum cxm_err rc = cxm_db_exec(
		req->db,
		"INSERT INTO client_fields (business_id, code, label, type, choices, position)"
		" SELECT ?, ?, ?, ?, ?, COALESCE(MAX(position), 0) + 1 FROM client_fields WHERE business_id = ?",
		CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(code->s), CXM_PSTR(label->s), CXM_PSTR(type->s),
		           stored_choices ? CXM_PSTR(stored_choices) : CXM_PNULL, CXM_PINT(biz)),
		NULL, NULL);
	if (rc == CXM_ERR_DB && cxm_db_errno(req->db) == 1062) {
		cxm_db_rollback(req->db);
		err[FA_CODE] = _("Another attribute already has this code.");
		return show_list(req, err, 1, "error", _("Check the highlighted fields."));
	}
	if (rc == CXM_OK) {
		cxm_audit(req, biz, "client_field_added", code->s, cxm_printf(req->arena, "type: %s", type->s));
		rc = cxm_db_commit(req->db);
	}
	if (rc != CXM_OK) {
		cxm_error("adding client field %s: %s", code->s, cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return 503;
	}
	return show_list(req, NULL, 0, "ok",
	                 cxm_printf(req->arena, _("Attribute “%s” added."), label->s));
}

/* The edit page of a, as stored or as sent (form_state) with reasons. */
static int show_attr(struct cxm_req *req, const struct attr *a, int form_state, const char *choices_err,
                     const char *kind, const char *notice)
{
	struct cxm_dict *d = cxm_page_begin(req, "client_field.tpl", a->label);
	req->status = 200;
	if (notice)
		cxm_page_notice(d, kind, notice);
	cxm_dict_set_int(d, "ID", a->id);
	cxm_dict_set(d, "CODE", a->code);
	cxm_dict_set(d, "HEADING", a->label);
	cxm_dict_set(d, "TYPE", type_label(a->type));
	if (a->type && strcmp(a->type, "choice") == 0)
		cxm_dict_show(d, "IS_CHOICE");
	if (form_state) {
		cxm_page_form_state(req, d);
		if (choices_err)
			cxm_dict_set(cxm_dict_section(d, "ERR_CHOICES"), "MSG", choices_err);
	} else {
		cxm_dict_set(d, "VALUE_LABEL", a->label);
		cxm_dict_set(d, "VALUE_CHOICES", a->choices ? a->choices : "");
		cxm_dict_set_int(d, "VALUE_POSITION", a->position);
	}
	return cxm_page_end(req);
}

int cxm_page_client_field(struct cxm_req *req)
{
	struct attr a;
	int st = load_attr(req, cxm_field(req, FD_ID)->i, 0, &a);
	return st ? st : show_attr(req, &a, 0, NULL, NULL, NULL);
}

/* Appends name to a ", " list when old and new differ (NULL is ""). */
static void diff(struct cxm_buf *b, const char *name, const char *old, const char *new)
{
	if (strcmp(old ? old : "", new ? new : "") == 0)
		return;
	if (b->len)
		cxm_buf_puts(b, ", ");
	cxm_buf_puts(b, name);
}

int cxm_page_client_field_save(struct cxm_req *req)
{
	long long id = cxm_field(req, FE_ID)->i, biz = req->session->business_id;
	struct attr a;
	int st = load_attr(req, id, 0, &a);
	if (st)
		return st;
	const struct cxm_field *label = cxm_field(req, FE_LABEL), *choices = cxm_field(req, FE_CHOICES),
	                       *pos = cxm_field(req, FE_POSITION);
	int bad = !label->valid || !choices->valid || !pos->valid;
	if (label->valid && !label->present) {
		bad++;
		req->fields[FE_LABEL].valid = 0;
		req->fields[FE_LABEL].error = _("Enter a label.");
	}
	const char *why = NULL, *stored_choices = NULL;
	int is_choice = strcmp(a.type, "choice") == 0;
	if (is_choice && choices->valid && !(stored_choices = normalize_choices(req, choices->s, &why)))
		bad++;
	if (bad)
		return show_attr(req, &a, 1, why, "error", _("Check the highlighted fields."));
	long long position = pos->present ? pos->i : a.position;
	struct cxm_buf changes;
	cxm_buf_init(&changes, req->arena, 64);
	cxm_buf_puts(&changes, "");
	diff(&changes, "label", a.label, label->s);
	if (is_choice)
		diff(&changes, "choices", a.choices, stored_choices);
	diff(&changes, "position", cxm_printf(req->arena, "%lld", a.position),
	     cxm_printf(req->arena, "%lld", position));
	if (changes.len) {
		if (cxm_db_begin(req->db) != CXM_OK) {
			cxm_error("client field: begin failed: %s", cxm_db_error(req->db));
			return 503;
		}
		uint64_t n = 0;
		enum cxm_err rc = cxm_db_exec(
			req->db,
			"UPDATE client_fields SET label = ?, choices = ?, position = ? WHERE id = ? AND business_id = ?",
			CXM_PARAMS(CXM_PSTR(label->s), is_choice ? CXM_PSTR(stored_choices) : CXM_PNULL,
			           CXM_PINT(position), CXM_PINT(id), CXM_PINT(biz)),
			&n, NULL);
		if (rc == CXM_OK) {
			cxm_audit(req, biz, "client_field_changed", a.code, changes.data);
			rc = cxm_db_commit(req->db);
		}
		if (rc != CXM_OK) {
			cxm_error("saving client field %lld: %s", id, cxm_db_error(req->db));
			cxm_db_rollback(req->db);
			return 503;
		}
	}
	if ((st = load_attr(req, id, 0, &a)))
		return st;
	return show_attr(req, &a, 0, NULL, "ok", _("Attribute saved."));
}

int cxm_page_client_field_delete_form(struct cxm_req *req)
{
	long long id = cxm_field(req, FD_ID)->i;
	struct attr a;
	int st = load_attr(req, id, 0, &a);
	if (st)
		return st;
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT COUNT(*) FROM client_values WHERE field_id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r) != CXM_OK) {
		cxm_error("values of client field %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	long long n = cxm_rows_int(&r, 0, 0, 0);
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, cxm_printf(req->arena, _("Delete the attribute “%s”?"), a.label),
		cxm_printf(req->arena, "%s/admin/client-fields/%lld/delete", req->base, id),
		cxm_printf(req->arena, "%s/admin/client-fields/%lld", req->base, id), a.label, NULL,
		_("Delete the attribute"), 1);
	cxm_cp_confirm_para(d, cxm_printf(req->arena,
	                                  cxm_ngettext("Its value for %lld client is deleted with it. This "
	                                               "cannot be undone.",
	                                               "Its values for %lld clients are deleted with it. "
	                                               "This cannot be undone.",
	                                               (unsigned long)n),
	                                  n));
	return cxm_page_end(req);
}

int cxm_page_client_field_delete(struct cxm_req *req)
{
	long long id = cxm_field(req, FD_ID)->i, biz = req->session->business_id;
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("client field: begin failed: %s", cxm_db_error(req->db));
		return 503;
	}
	struct attr a;
	int st = load_attr(req, id, 1, &a);
	if (st) {
		cxm_db_rollback(req->db);
		return st;
	}
	/* the values go with it (and the foreign key would take them anyway) */
	enum cxm_err rc = cxm_db_exec(req->db, "DELETE FROM client_values WHERE field_id = ? AND business_id = ?",
	                              CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(req->db, "DELETE FROM client_fields WHERE id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), NULL, NULL);
	if (rc == CXM_OK) {
		cxm_audit(req, biz, "client_field_deleted", a.code, "");
		rc = cxm_db_commit(req->db);
	}
	if (rc != CXM_OK) {
		cxm_error("deleting client field %lld: %s", id, cxm_db_error(req->db));
		cxm_db_rollback(req->db);
		return 503;
	}
	return show_list(req, NULL, 0, "ok", cxm_printf(req->arena, _("Attribute “%s” deleted."), a.label));
}
