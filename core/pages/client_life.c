/* A client's life cycle beyond editing: soft delete after a confirmation
 * page and restore (managers), erasure on a data-protection request
 * (administrators, after a page that says what is removed and what is
 * kept, with a ticked box), and the duplicates page: groups of live
 * clients sharing an e-mail or a phone (analysts), with merging two of
 * them (managers). Each change writes client_deleted, client_restored,
 * client_erased or client_merged to the audit log with "client #<id>" as
 * the target and no personal data. Ids of another business are 404. */
#include "config.h"

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

enum { FC_ID };                        /* /clients/{id}/delete, restore, erase (GET) */
enum { FX_ID, FX_CONFIRM };            /* POST /clients/{id}/erase */
enum { FP_BY, FP_AFTER, FP_CLIENT };   /* GET /clients/duplicates */
enum { FM_KEEP, FM_OTHER };            /* POST /clients/merge */

#define GROUPS_PER_PAGE 25
#define MEMBERS_MAX 500      /* clients shown over all the groups of a page */
#define SCAN_BUDGET 200000   /* index entries read per request */

static const char *client_url(struct cxm_req *req, long long id, const char *done)
{
	return cxm_printf(req->arena, "%s/clients/%lld%s%s", req->base, id, done ? "?done=" : "",
	                  done ? done : "");
}

/* Runs change(db, business, id) and its audit row in one transaction;
 * 303 to the client's page with ?done=<done>, 404 when the model finds no
 * such client in the expected state, or 503. */
static int change(struct cxm_req *req, long long id,
                  enum cxm_err (*fn)(struct cxm_db *, long long, long long), const char *action,
                  const char *done)
{
	long long biz = req->session->business_id;
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("%s: begin failed: %s", action, cxm_db_error(req->db));
		return 503;
	}
	enum cxm_err rc = fn(req->db, biz, id);
	if (rc == CXM_OK) {
		cxm_audit(req, biz, action, cxm_cp_audit_target(req, id), "");
		rc = cxm_db_commit(req->db);
	}
	if (rc != CXM_OK) {
		cxm_db_rollback(req->db);
		if (rc == CXM_ERR_NOT_FOUND)
			return 404;
		cxm_error("%s of client %lld: %s", action, id, cxm_db_error(req->db));
		return 503;
	}
	cxm_resp_redirect(req, 303, client_url(req, id, done));
	return 303;
}

/* ---- delete and restore ----------------------------------------------------- */

int cxm_page_client_delete_form(struct cxm_req *req)
{
	long long id = cxm_field(req, FC_ID)->i;
	struct cxm_cp_client c;
	int st = cxm_cp_load_client(req, id, 0, &c);
	if (st)
		return st;
	if (!c.live)
		return 404;
	const char *name = cxm_cp_client_name(req, id, c.v[CXM_CF_NAME], c.erased);
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, cxm_printf(req->arena, _("Delete %s?"), name),
		cxm_printf(req->arena, "%s/clients/%lld/delete", req->base, id), client_url(req, id, NULL),
		name, NULL, _("Delete"), 1);
	cxm_cp_confirm_para(d, _("The client leaves the client base and its searches. The record, its "
	                         "history and its numbers are kept, and a manager can restore it from "
	                         "the list of deleted clients."));
	return cxm_page_end(req);
}

int cxm_page_client_delete(struct cxm_req *req)
{
	return change(req, cxm_field(req, FC_ID)->i, cxm_client_delete, "client_deleted", "deleted");
}

int cxm_page_client_restore(struct cxm_req *req)
{
	return change(req, cxm_field(req, FC_ID)->i, cxm_client_restore, "client_restored", "restored");
}

/* ---- erase -------------------------------------------------------------------- */

static void list_item(struct cxm_dict *list, const char *text)
{
	cxm_dict_set(cxm_dict_section(list, "ITEM"), "TEXT", text);
}

/* The erasure's confirmation page for client c, with an error notice. */
static int erase_page(struct cxm_req *req, const struct cxm_cp_client *c, const char *error)
{
	const char *name = cxm_cp_client_name(req, c->id, c->v[CXM_CF_NAME], c->erased);
	struct cxm_dict *d = cxm_cp_confirm_begin(
		req, cxm_printf(req->arena, _("Erase the personal data of %s?"), name),
		cxm_printf(req->arena, "%s/clients/%lld/erase", req->base, c->id),
		client_url(req, c->id, NULL), name,
		_("I understand that this cannot be undone"), _("Erase personal data"), 1);
	if (error)
		cxm_page_notice(d, "error", error);
	if (c->erased)
		cxm_cp_confirm_para(d, _("This client's personal data has already been erased."));
	cxm_cp_confirm_para(d, _("Use this on a data-protection request from the client. The record "
	                         "stays in the base without anything that identifies the person, so "
	                         "every count, total and metric stays exactly as it was. It cannot be "
	                         "undone."));
	struct cxm_dict *rm = cxm_dict_section(d, "REMOVED");
	list_item(rm, _("name, e-mail, phone, date of birth, city, external ID"));
	list_item(rm, _("the free-text details of occupation and source"));
	list_item(rm, _("marketing consent, tags and custom attributes"));
	list_item(rm, _("the text of every note, message and call in the history"));
	list_item(rm, _("the text and contact details of their reviews and complaints"));
	list_item(rm, _("the same data of the records that were merged into this one"));
	struct cxm_dict *kept = cxm_dict_section(d, "KEPT");
	list_item(kept, _("the record and its number"));
	list_item(kept, _("age group, gender, region, occupation and source as categories, and the "
	                  "date the person became a client"));
	list_item(kept, _("every visit, purchase, call, message and note: kind, time, amount, service, "
	                  "branch and staff member"));
	list_item(kept, _("the number of interactions and purchases and the purchases total"));
	list_item(kept, _("their reviews and complaints: channel, type, status and times"));
	return cxm_page_end(req);
}

/* The client for the erasure pages: any state but merged away. */
static int erasable(struct cxm_req *req, long long id, struct cxm_cp_client *c)
{
	int st = cxm_cp_load_client(req, id, 0, c);
	if (st)
		return st;
	return c->merged_into ? 404 : 0;
}

int cxm_page_client_erase_form(struct cxm_req *req)
{
	struct cxm_cp_client c;
	int st = erasable(req, cxm_field(req, FC_ID)->i, &c);
	return st ? st : erase_page(req, &c, NULL);
}

int cxm_page_client_erase(struct cxm_req *req)
{
	long long id = cxm_field(req, FX_ID)->i;
	struct cxm_cp_client c;
	int st = erasable(req, id, &c);
	if (st)
		return st;
	if (!cxm_field(req, FX_CONFIRM)->i)
		return erase_page(req, &c, _("Tick the box to confirm the erasure. Nothing was changed."));
	return change(req, id, cxm_client_erase, "client_erased", "erased");
}

/* ---- duplicates and merging -------------------------------------------------- */

/* The groups of one page: the shared values (e-mails or phones), how many
 * live clients share each, and where the next page starts: after the last
 * group (more) or, when the scan's budget ran out first, after the last
 * value checked (resume). */
struct groups {
	const char *key[GROUPS_PER_PAGE];
	long long count[GROUPS_PER_PAGE];
	size_t n;
	int more;
	const char *resume;
};

static const char *const scan_sql[2] = {
	"SELECT email FROM clients WHERE business_id = ? AND live = 1 AND email IS NOT NULL"
	" AND email > ? ORDER BY email LIMIT ?",
	"SELECT phone FROM clients WHERE business_id = ? AND live = 1 AND phone IS NOT NULL"
	" AND phone > ? ORDER BY phone LIMIT ?",
};

/* Adds the run of `count` clients sharing v as a group; 1 when the page
 * is full (a further group exists: g->more). */
static int add_group(struct cxm_req *req, struct groups *g, const char *v, long long count)
{
	if (count < 2)
		return 0;
	if (g->n == GROUPS_PER_PAGE) {
		g->more = 1;
		return 1;
	}
	g->key[g->n] = cxm_strdup(req->arena, v);
	g->count[g->n++] = count;
	return 0;
}

/* Streams the (business, live, column) index from `after` on, at most
 * SCAN_BUDGET entries per request, and collects the runs of equal values:
 * a base of millions with few duplicates is checked a part per page
 * instead of in one long request. When the budget cuts a run, the next
 * part starts at that run. */
static int scan_groups(struct cxm_req *req, int by, const char *after, struct groups *g)
{
	long long biz = req->session->business_id;
	struct cxm_cursor *cur;
	if (cxm_db_cursor(req->db, req->arena, scan_sql[by],
	                  CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(after ? after : ""), CXM_PINT(SCAN_BUDGET)),
	                  &cur) != CXM_OK) {
		cxm_error("duplicates of business %lld: %s", biz, cxm_db_error(req->db));
		return 503;
	}
	struct cxm_buf run, before;   /* the current run's value, the value before it */
	cxm_buf_init(&run, req->arena, 256);
	cxm_buf_init(&before, req->arena, 256);
	long long n = 0, count = 0;
	int rc, full = 0;
	while ((rc = cxm_cursor_next(cur)) == 1) {
		size_t len;
		const char *v = cxm_cursor_get(cur, 0, &len);
		n++;
		if (count && len == run.len && memcmp(v, run.data, len) == 0) {
			count++;
			continue;
		}
		if (count && add_group(req, g, run.data, count))
			break;
		cxm_buf_reset(&before);
		cxm_buf_put(&before, run.data ? run.data : "", run.len);
		cxm_buf_reset(&run);
		cxm_buf_put(&run, v, len);
		count = 1;
	}
	cxm_cursor_close(cur);
	if (rc < 0) {
		cxm_error("duplicates of business %lld: %s", biz, cxm_db_error(req->db));
		return 503;
	}
	if (g->more)
		return 0;
	full = n == SCAN_BUDGET;
	if (!full) {
		if (count)
			add_group(req, g, run.data, count);   /* the end of the base */
		return 0;
	}
	/* the budget ran out inside the last run: start there next time
	 * (a run longer than the whole budget is shown as far as it was read) */
	if (n == count) {
		add_group(req, g, run.data, count);
		g->resume = run.data;
	} else {
		g->resume = before.data;
	}
	return 0;
}

/* Groups of live clients sharing the column of `by` (0 e-mail, 1 phone),
 * after the value `after`, or the groups of client `client` (0: all). */
static int find_groups(struct cxm_req *req, int by, const char *after, long long client, struct groups *g)
{
	memset(g, 0, sizeof(*g));
	if (!client)
		return scan_groups(req, by, after, g);
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 by ? "SELECT c.phone, COUNT(*) FROM clients c JOIN clients o"
	                      " ON o.business_id = c.business_id AND o.live = 1 AND o.phone = c.phone"
	                      " WHERE c.id = ? AND c.business_id = ? AND c.live = 1 GROUP BY c.phone"
	                      " HAVING COUNT(*) > 1"
	                    : "SELECT c.email, COUNT(*) FROM clients c JOIN clients o"
	                      " ON o.business_id = c.business_id AND o.live = 1 AND o.email = c.email"
	                      " WHERE c.id = ? AND c.business_id = ? AND c.live = 1 GROUP BY c.email"
	                      " HAVING COUNT(*) > 1",
	                 CXM_PARAMS(CXM_PINT(client), CXM_PINT(req->session->business_id)), &r) != CXM_OK) {
		cxm_error("duplicates of client %lld: %s", client, cxm_db_error(req->db));
		return 503;
	}
	for (size_t i = 0; i < r.nrows && i < GROUPS_PER_PAGE; i++) {
		g->key[g->n] = cxm_rows_get(&r, i, 0);
		g->count[g->n++] = cxm_rows_int(&r, i, 1, 0);
	}
	return 0;
}

/* The members of the groups, one table per group. */
static int show_groups(struct cxm_req *req, struct cxm_dict *d, int by, const struct groups *g,
                       const struct cxm_cp_business *b)
{
	struct cxm_param p[GROUPS_PER_PAGE + 2];
	p[0] = CXM_PINT(req->session->business_id);
	for (size_t i = 0; i < GROUPS_PER_PAGE; i++)
		p[i + 1] = i < g->n ? CXM_PSTR(g->key[i]) : CXM_PNULL;
	p[GROUPS_PER_PAGE + 1] = CXM_PINT(MEMBERS_MAX);
	/* always 25 values (NULL pads, which match nothing): one statement */
	struct cxm_buf sql;
	cxm_buf_init(&sql, req->arena, 512);
	cxm_buf_printf(&sql,
	               "SELECT %s, id, name, email, phone, DATE_FORMAT(first_seen, '%%Y-%%m-%%d'),"
	               " interactions_count, purchases_total FROM clients WHERE business_id = ?"
	               " AND live = 1 AND %s IN (?",
	               by ? "phone" : "email", by ? "phone" : "email");
	for (size_t i = 1; i < GROUPS_PER_PAGE; i++)
		cxm_buf_puts(&sql, ", ?");
	cxm_buf_printf(&sql, ") ORDER BY %s, id LIMIT ?", by ? "phone" : "email");
	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena, sql.data, p, GROUPS_PER_PAGE + 2, &r) != CXM_OK) {
		cxm_error("duplicate groups: %s", cxm_db_error(req->db));
		return 503;
	}
	int may_merge = cxm_session_may(req->session, CXM_MANAGER);
	for (size_t i = 0; i < g->n; i++) {
		struct cxm_dict *gr = cxm_dict_section(d, "GROUP");
		cxm_dict_set(gr, "KEY", g->key[i]);
		cxm_dict_set_int(gr, "COUNT", g->count[i]);
		if (may_merge)
			cxm_dict_show(gr, "MERGE");
		for (size_t k = 0; k < r.nrows; k++) {
			const char *v = cxm_rows_get(&r, k, 0);
			if (!v || strcmp(v, g->key[i]) != 0)
				continue;
			struct cxm_dict *m = cxm_dict_section(gr, "MEMBER");
			long long id = cxm_rows_int(&r, k, 1, 0);
			cxm_dict_set_int(m, "ID", id);
			cxm_dict_set(m, "NAME", cxm_cp_client_name(req, id, cxm_rows_get(&r, k, 2), 0));
			cxm_dict_set(m, "EMAIL", cxm_rows_get(&r, k, 3));
			cxm_dict_set(m, "PHONE", cxm_rows_get(&r, k, 4));
			cxm_dict_set(m, "SINCE", cxm_rows_get(&r, k, 5));
			cxm_dict_set(m, "INTERACTIONS", cxm_rows_get(&r, k, 6));
			cxm_dict_set(m, "TOTAL", cxm_rows_get(&r, k, 7));
			cxm_dict_set(m, "CURRENCY", b->currency);
			if (may_merge)
				cxm_dict_show(m, "MERGE_CELLS");
		}
	}
	return 0;
}

static int show_duplicates(struct cxm_req *req, int by, const char *after, long long client,
                           const char *error)
{
	struct cxm_cp_business b;
	struct groups g;
	int st = cxm_cp_business(req, &b);
	if (st || (st = find_groups(req, by, after, client, &g)))
		return st;
	struct cxm_dict *d = cxm_page_begin(req, "duplicates.tpl", _("Possible duplicates"));
	req->status = 200;
	if (error)
		cxm_page_notice(d, "error", error);
	const char *cq = client ? cxm_printf(req->arena, "&client=%lld", client) : "";
	cxm_dict_set(d, "BY_EMAIL_URL", cxm_printf(req->arena, "%s/clients/duplicates?by=email%s", req->base, cq));
	cxm_dict_set(d, "BY_PHONE_URL", cxm_printf(req->arena, "%s/clients/duplicates?by=phone%s", req->base, cq));
	cxm_dict_show(d, by ? "BY_PHONE" : "BY_EMAIL");
	if (client) {
		cxm_dict_set(cxm_dict_section(d, "ONE_CLIENT"), "ALL_URL",
		             cxm_printf(req->arena, "%s/clients/duplicates?by=%s", req->base, by ? "phone" : "email"));
	}
	if (!g.n)
		cxm_dict_show(d, g.resume ? "NONE_YET" : "NONE");
	else if ((st = show_groups(req, d, by, &g, &b)))
		return st;
	if (g.more || g.resume) {
		struct cxm_buf u;
		cxm_buf_init(&u, req->arena, 128);
		cxm_buf_printf(&u, "%s/clients/duplicates?by=%s&after=", req->base, by ? "phone" : "email");
		cxm_cp_urlencode(&u, g.more ? g.key[g.n - 1] : g.resume);
		cxm_dict_set(cxm_dict_section(d, g.more ? "MORE" : "RESUME"), "URL", u.data);
	}
	return cxm_page_end(req);
}

int cxm_page_client_duplicates(struct cxm_req *req)
{
	const struct cxm_field *by = cxm_field(req, FP_BY), *after = cxm_field(req, FP_AFTER),
	                       *client = cxm_field(req, FP_CLIENT);
	return show_duplicates(req, by->present && by->valid ? (int)by->i : 0,
	                       after->present && after->valid ? after->s : NULL,
	                       client->present && client->valid ? client->i : 0, NULL);
}

int cxm_page_client_merge(struct cxm_req *req)
{
	long long keep = cxm_field(req, FM_KEEP)->i, other = cxm_field(req, FM_OTHER)->i;
	long long biz = req->session->business_id;
	struct cxm_cp_client k, o;
	int st = cxm_cp_load_client(req, keep, 0, &k);
	if (st || (st = cxm_cp_load_client(req, other, 0, &o)))
		return st;
	if (!k.live || !o.live)
		return 404;
	if (keep == other)
		return show_duplicates(req, 0, NULL, 0,
		                       _("Choose two different clients: one to keep and one to merge into it."));
	if (k.erased || o.erased)
		return show_duplicates(req, 0, NULL, 0, _("An erased client cannot be merged."));
	if (cxm_db_begin(req->db) != CXM_OK) {
		cxm_error("merge: begin failed: %s", cxm_db_error(req->db));
		return 503;
	}
	enum cxm_err rc = cxm_client_merge(req->db, biz, keep, other);
	if (rc == CXM_OK) {
		cxm_audit(req, biz, "client_merged", cxm_cp_audit_target(req, keep),
		          cxm_printf(req->arena, "client #%lld merged into it", other));
		rc = cxm_db_commit(req->db);
	}
	if (rc != CXM_OK) {
		cxm_db_rollback(req->db);
		if (rc == CXM_ERR_NOT_FOUND)
			return 404;
		cxm_error("merging client %lld into %lld: %s", other, keep, cxm_db_error(req->db));
		return 503;
	}
	cxm_resp_redirect(req, 303, client_url(req, keep, "merged"));
	return 303;
}
