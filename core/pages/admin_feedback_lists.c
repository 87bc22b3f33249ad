/* The feedback register's configurable lists (admins): the departments a
 * complaint may be about and the kinds of claims and defects. Add, rename,
 * and remove after a confirmation page that says how many items lose the
 * value (they keep everything else). Each change is in the audit log
 * (feedback_list_added / _renamed / _removed, target "department: <name>"
 * or "defect: <name>"). */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "audit.h"
#include "db.h"
#include "feedback.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/client_pages.h"
#include "pages/feedback_pages.h"
#include "pages/pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "utf8.h"

enum { FA_LIST, FA_NAME };     /* POST /admin/feedback-lists */
enum { FR_ID, FR_NAME };       /* POST /admin/feedback-{departments,defects}/{id} */
enum { FD_ID };                /* .../{id}/delete */

enum { DEPARTMENTS, DEFECTS };
static const char *const codes[2] = {"department", "defect"};
static const char *const paths[2] = {"feedback-departments", "feedback-defects"};
static const char *const tables_select[2] = {
	"SELECT name FROM feedback_departments WHERE id = ? AND business_id = ?",
	"SELECT name FROM feedback_defects WHERE id = ? AND business_id = ?",
};

static const char *const done_texts[] = {
	N_("Added."), N_("Renamed."), N_("Removed."),
};

struct row_error {
	int list;
	long long id;       /* 0: the add form */
	const char *msg, *value;
};

static int show(struct cxm_req *req, const char *done, const struct row_error *e)
{
	struct cxm_fbp_list l[2];
	int st;
	if ((st = cxm_fbp_list_load(req, DEPARTMENTS, &l[0])) || (st = cxm_fbp_list_load(req, DEFECTS, &l[1])))
		return st;
	struct cxm_dict *d = cxm_page_begin(req, "feedback_lists.tpl", _("Feedback lists"));
	req->status = 200;
	if (done)
		cxm_page_notice(d, "ok", _(done));
	if (e)
		cxm_page_notice(d, "error", _("Check the highlighted fields."));
	static const char *const headings[2] = {N_("Departments"), N_("Kinds of claims and defects")};
	for (int k = 0; k < 2; k++) {
		struct cxm_dict *s = cxm_dict_section(d, "LIST");
		cxm_dict_set(s, "CODE", codes[k]);
		cxm_dict_set(s, "PATH", paths[k]);
		cxm_dict_set(s, "HEADING", _(headings[k]));
		if (!l[k].n)
			cxm_dict_show(s, "LIST_EMPTY");
		for (size_t i = 0; i < l[k].n; i++) {
			struct cxm_dict *row = cxm_dict_section(s, "ENTRY");
			cxm_dict_set(row, "ID", cxm_printf(req->arena, "%lld", l[k].id[i]));
			cxm_dict_set(row, "NAME", e && e->list == k && e->id == l[k].id[i] ? e->value : l[k].name[i]);
			if (e && e->list == k && e->id == l[k].id[i])
				cxm_dict_set(cxm_dict_section(row, "ERR_NAME"), "MSG", e->msg);
		}
		if (e && e->list == k && !e->id) {
			cxm_dict_set(s, "VALUE_NAME", e->value);
			cxm_dict_set(cxm_dict_section(s, "ERR_NEW"), "MSG", e->msg);
		}
	}
	return cxm_page_end(req);
}

int cxm_page_feedback_lists(struct cxm_req *req)
{
	const struct cxm_field *done = cxm_field(req, 0);
	return show(req, done->present ? done_texts[done->i] : NULL, NULL);
}

static int redirect(struct cxm_req *req, const char *done)
{
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/admin/feedback-lists?done=%s", req->base, done));
	return 303;
}

/* The reason a name cannot be used, or NULL. */
static const char *name_problem(const struct cxm_field *f)
{
	if (!f->present)
		return _("Enter the name.");
	if (!f->valid || cxm_utf8_length(f->s, strlen(f->s)) > 100)
		return _("A name may be at most 100 characters long.");
	return NULL;
}

static const char *target(struct cxm_req *req, int list, const char *name)
{
	return cxm_printf(req->arena, "%s: %s", codes[list], name);
}

int cxm_page_feedback_list_add(struct cxm_req *req)
{
	int list = (int)cxm_field(req, FA_LIST)->i;
	const struct cxm_field *name = cxm_field(req, FA_NAME);
	struct row_error e = {.list = list, .value = name->raw};
	if ((e.msg = name_problem(name)))
		return show(req, NULL, &e);
	static const char *const sql[2] = {
		"INSERT INTO feedback_departments (business_id, name) VALUES (?, ?)",
		"INSERT INTO feedback_defects (business_id, name) VALUES (?, ?)",
	};
	long long biz = req->session->business_id;
	struct cxm_fbp_list l;
	int st = cxm_fbp_list_load(req, list, &l);   /* the defaults first, once */
	if (st)
		return st;
	enum cxm_err rc = cxm_db_exec(req->db, sql[list], CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(name->s)), NULL, NULL);
	if (rc == CXM_ERR_DB && cxm_db_errno(req->db) == 1062) {
		e.msg = _("This name is already in the list.");
		return show(req, NULL, &e);
	}
	if (rc != CXM_OK) {
		cxm_error("feedback list add: %s", cxm_db_error(req->db));
		return 503;
	}
	cxm_audit(req, biz, "feedback_list_added", target(req, list, name->s), NULL);
	return redirect(req, "added");
}

static int load_name(struct cxm_req *req, int list, long long id, const char **name)
{
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, tables_select[list],
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(req->session->business_id)), &r) != CXM_OK) {
		cxm_error("feedback list entry %lld: %s", id, cxm_db_error(req->db));
		return 503;
	}
	if (!r.nrows)
		return 404;
	*name = cxm_rows_get(&r, 0, 0);
	return 0;
}

static int rename_entry(struct cxm_req *req, int list)
{
	long long id = cxm_field(req, FR_ID)->i;
	const struct cxm_field *name = cxm_field(req, FR_NAME);
	const char *old;
	int st = load_name(req, list, id, &old);
	if (st)
		return st;
	struct row_error e = {.list = list, .id = id, .value = name->raw};
	if ((e.msg = name_problem(name)))
		return show(req, NULL, &e);
	if (strcmp(old, name->s) == 0)
		return redirect(req, "renamed");
	static const char *const sql[2] = {
		"UPDATE feedback_departments SET name = ? WHERE id = ? AND business_id = ?",
		"UPDATE feedback_defects SET name = ? WHERE id = ? AND business_id = ?",
	};
	long long biz = req->session->business_id;
	enum cxm_err rc = cxm_db_exec(req->db, sql[list], CXM_PARAMS(CXM_PSTR(name->s), CXM_PINT(id), CXM_PINT(biz)),
	                              NULL, NULL);
	if (rc == CXM_ERR_DB && cxm_db_errno(req->db) == 1062) {
		e.msg = _("This name is already in the list.");
		return show(req, NULL, &e);
	}
	if (rc != CXM_OK) {
		cxm_error("feedback list rename: %s", cxm_db_error(req->db));
		return 503;
	}
	cxm_audit(req, biz, "feedback_list_renamed", target(req, list, name->s),
	          cxm_printf(req->arena, "%s -> %s", old, name->s));
	return redirect(req, "renamed");
}

/* How many items of the business carry the entry. */
static int uses(struct cxm_req *req, int list, long long id, long long *n)
{
	static const char *const sql[2] = {
		"SELECT COUNT(*) FROM feedback WHERE business_id = ? AND department_id = ?",
		"SELECT COUNT(*) FROM feedback WHERE business_id = ? AND defect_id = ?",
	};
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, sql[list], CXM_PARAMS(CXM_PINT(req->session->business_id), CXM_PINT(id)),
	                 &r) != CXM_OK) {
		cxm_error("feedback list uses: %s", cxm_db_error(req->db));
		return 503;
	}
	*n = cxm_rows_int(&r, 0, 0, 0);
	return 0;
}

static int delete_form(struct cxm_req *req, int list)
{
	long long id = cxm_field(req, FD_ID)->i, n = 0;
	const char *name;
	int st = load_name(req, list, id, &name);
	if (st || (st = uses(req, list, id, &n)))
		return st;
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, cxm_printf(req->arena, _("Remove “%s”?"), name),
		cxm_printf(req->arena, "%s/admin/%s/%lld/delete", req->base, paths[list], id),
		cxm_printf(req->arena, "%s/admin/feedback-lists", req->base), _("Feedback lists"), NULL, _("Remove"), 1);
	cxm_cp_confirm_para(d, cxm_printf(req->arena,
	                                  cxm_ngettext("%lld feedback item has this value; it keeps everything else and "
	                                               "shows the value as not set.",
	                                               "%lld feedback items have this value; they keep everything else "
	                                               "and show the value as not set.",
	                                               (unsigned long)n),
	                                  n));
	return cxm_page_end(req);
}

static int delete_entry(struct cxm_req *req, int list)
{
	long long id = cxm_field(req, FD_ID)->i;
	const char *name;
	int st = load_name(req, list, id, &name);
	if (st)
		return st;
	static const char *const sql[2] = {
		"DELETE FROM feedback_departments WHERE id = ? AND business_id = ?",
		"DELETE FROM feedback_defects WHERE id = ? AND business_id = ?",
	};
	long long biz = req->session->business_id;
	if (cxm_db_exec(req->db, sql[list], CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), NULL, NULL) != CXM_OK) {
		cxm_error("feedback list delete: %s", cxm_db_error(req->db));
		return 503;
	}
	cxm_audit(req, biz, "feedback_list_removed", target(req, list, name), NULL);
	return redirect(req, "removed");
}

int cxm_page_feedback_department_rename(struct cxm_req *req) { return rename_entry(req, DEPARTMENTS); }
int cxm_page_feedback_defect_rename(struct cxm_req *req) { return rename_entry(req, DEFECTS); }
int cxm_page_feedback_department_delete_form(struct cxm_req *req) { return delete_form(req, DEPARTMENTS); }
int cxm_page_feedback_defect_delete_form(struct cxm_req *req) { return delete_form(req, DEFECTS); }
int cxm_page_feedback_department_delete(struct cxm_req *req) { return delete_entry(req, DEPARTMENTS); }
int cxm_page_feedback_defect_delete(struct cxm_req *req) { return delete_entry(req, DEFECTS); }
