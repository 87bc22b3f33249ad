/* Helpers of the client-base pages; see client_pages.h. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "client.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "session.h"
#include "tmpl.h"
#include "tz.h"

int cxm_cp_business(struct cxm_req *req, struct cxm_cp_business *out)
{
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, "SELECT timezone, currency FROM businesses WHERE id = ?",
	                 CXM_PARAMS(CXM_PINT(req->session->business_id)), &r) != CXM_OK) {
		cxm_error("business %lld: %s", req->session->business_id, cxm_db_error(req->db));
		return 503;
	}
	if (!r.nrows)
		return 404;
	out->timezone = cxm_rows_get(&r, 0, 0);
	out->currency = cxm_rows_get(&r, 0, 1);
	return 0;
}

/* The fixed fields in enum order (TAGS is read apart), then the rest. */
#define CLIENT_SELECT \
	"SELECT external_id, name, email, phone, DATE_FORMAT(birth_date, '%Y-%m-%d'), age_band," \
	" gender, region, city, profession, profession_other, source, source_detail," \
	" DATE_FORMAT(first_seen, '%Y-%m-%d'), marketing_consent," \
	" DATE_FORMAT(consent_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i:%s')," \
	" interactions_count, purchases_count, purchases_total, live, erased_at IS NOT NULL," \
	" merged_into, DATE_FORMAT(deleted_at, '%Y-%m-%d %H:%i:%s')," \
	" DATE_FORMAT(erased_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s')," \
	" DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s')" \
	" FROM clients WHERE id = ? AND business_id = ?"

int cxm_cp_load_client(struct cxm_req *req, long long id, int lock, struct cxm_cp_client *c)
{
	long long biz = req->session->business_id;
	struct cxm_rows r, t;
	enum cxm_err rc = cxm_db_query(req->db, req->arena,
	                               lock ? CLIENT_SELECT " FOR UPDATE" : CLIENT_SELECT,
	                               CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &r);
	if (rc == CXM_OK && r.nrows)
		rc = cxm_db_query(req->db, req->arena,
		                  "SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id"
		                  " WHERE ct.client_id = ? AND ct.business_id = ? ORDER BY t.name",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), &t);
	if (rc != CXM_OK) {
		cxm_error("client %lld of business %lld: %s", id, biz, cxm_db_error(req->db));
		return 503;
	}
	if (!r.nrows)
		return 404;
	memset(c, 0, sizeof(*c));
	c->id = id;
	for (int f = 0; f < CXM_CF_TAGS; f++)
		c->v[f] = cxm_rows_get(&r, 0, (size_t)f);
	size_t k = CXM_CF_TAGS;
	c->consent_at = cxm_rows_get(&r, 0, k++);
	c->last_seen_at = cxm_rows_get(&r, 0, k++);
	c->interactions = cxm_rows_int(&r, 0, k++, 0);
	c->purchases = cxm_rows_int(&r, 0, k++, 0);
	c->total = cxm_rows_get(&r, 0, k++);
	c->live = cxm_rows_int(&r, 0, k++, 0) != 0;
	c->erased = cxm_rows_int(&r, 0, k++, 0) != 0;
	c->merged_into = cxm_rows_int(&r, 0, k++, 0);
	c->deleted_at = cxm_rows_get(&r, 0, k++);
	c->erased_at = cxm_rows_get(&r, 0, k++);
	c->created_at = cxm_rows_get(&r, 0, k++);
	c->updated_at = cxm_rows_get(&r, 0, k++);
	c->ntags = t.nrows;
	c->tags = cxm_alloc(req->arena, sizeof(char *) * (t.nrows + 1));
	struct cxm_buf b;
	cxm_buf_init(&b, req->arena, 64);
	cxm_buf_puts(&b, "");
	for (size_t i = 0; i < t.nrows; i++) {
		c->tags[i] = cxm_rows_get(&t, i, 0);
		if (i)
			cxm_buf_puts(&b, ", ");
		cxm_buf_puts(&b, c->tags[i]);
	}
	c->tags[t.nrows] = NULL;
	c->v[CXM_CF_TAGS] = b.data;
	return 0;
}

const char *cxm_cp_client_name(struct cxm_req *req, long long id, const char *name, int erased)
{
	if (erased || !name || !*name)
		return cxm_printf(req->arena, _("Erased client #%lld"), id);
	return name;
}

const char *cxm_cp_audit_target(struct cxm_req *req, long long id)
{
	return cxm_printf(req->arena, "client #%lld", id);
}

void cxm_cp_urlencode(struct cxm_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~')
			cxm_buf_putc(b, (char)*p);
		else
			cxm_buf_printf(b, "%%%02X", *p);
	}
}

void cxm_cp_query_add(struct cxm_buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	if (b->len)
		cxm_buf_putc(b, '&');
	cxm_buf_puts(b, name);
	cxm_buf_putc(b, '=');
	cxm_cp_urlencode(b, value);
}

const char *cxm_cp_local_minutes(struct cxm_req *req, const char *tz, const char *utc)
{
	char *local = NULL;
	if (!utc)
		return NULL;
	if (cxm_tz_from_utc(req->arena, tz, utc, &local) != CXM_OK)
		return utc;
	local[16] = '\0';   /* "YYYY-MM-DD HH:MM" */
	return local;
}

const char *cxm_cp_local_date(struct cxm_req *req, const char *tz, const char *utc)
{
	char *local = NULL;
	if (!utc)
		return NULL;
	if (cxm_tz_from_utc(req->arena, tz, utc, &local) != CXM_OK)
		return utc;
	local[10] = '\0';
	return local;
}

const char *cxm_cp_choice(enum cxm_cfield f, const char *value)
{
	const char *label = cxm_cfield_choice_label(f, value);
	return label ? _(label) : value;
}

void cxm_cp_choice_options(struct cxm_dict *d, const char *section, enum cxm_cfield f,
                           const char *selected)
{
	const struct cxm_cfield_info *info = &cxm_cfields[f];
	struct cxm_dict *o = cxm_dict_section(d, section);
	cxm_dict_set(o, "VALUE", "");
	cxm_dict_set(o, "LABEL", _("— not set —"));
	if (!selected || !*selected)
		cxm_dict_show(o, "SELECTED");
	for (size_t i = 0; info->choices && info->choices[i]; i++) {
		o = cxm_dict_section(d, section);
		cxm_dict_set(o, "VALUE", info->choices[i]);
		cxm_dict_set(o, "LABEL", _(info->choice_labels[i]));
		if (selected && strcmp(selected, info->choices[i]) == 0)
			cxm_dict_show(o, "SELECTED");
	}
}

struct cxm_dict *cxm_cp_confirm_begin(struct cxm_req *req, const char *heading, const char *action,
                                      const char *back_url, const char *back_label,
                                      const char *checkbox, const char *button, int danger)
{
	struct cxm_dict *d = cxm_page_begin(req, "confirm.tpl", heading);
	req->status = 200;
	cxm_dict_set(d, "HEADING", heading);
	cxm_dict_set(d, "ACTION", action);
	cxm_dict_set(d, "BACK_URL", back_url);
	cxm_dict_set(d, "BACK_LABEL", back_label);
	cxm_dict_set(d, "BUTTON", button);
	if (danger)
		cxm_dict_show(d, "DANGER");
	if (checkbox)
		cxm_dict_set(cxm_dict_section(d, "CHECKBOX"), "LABEL", checkbox);
	return d;
}

void cxm_cp_confirm_para(struct cxm_dict *d, const char *text)
{
	cxm_dict_set(cxm_dict_section(d, "PARA"), "TEXT", text);
}
