/* The public feedback form of a business, no login: /b/<slug>/feedback.
 * A visitor gives a name, an e-mail or a phone, the text and optionally a
 * rating of 1 to 5; the item is opened in that business's inbox (channel
 * web_form), tied to the live client with that e-mail when there is one,
 * and the visitor sees a thank-you page. The business comes only from the
 * slug in the URL. Against forgery and spam: the visitor CSRF cookie (as
 * every POST), a signed form key (formkey.h: from this business's form,
 * at least 2 seconds and at most a day old), a hidden "website" field
 * people leave empty (a post that fills it is thanked and dropped), and at
 * most 10 items an hour from one address. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "feedback.h"
#include "formkey.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages/feedback_pages.h"
#include "pages/pages.h"
#include "route.h"
#include "tmpl.h"

/* POST /b/{slug}/feedback, in the order of pages/routes.c; GET has the slug alone */
enum { FP_SLUG, FP_NAME, FP_EMAIL, FP_PHONE, FP_RATING, FP_TEXT, FP_WEBSITE, FP_KEY, FP_MAX };
static const char *const keys[FP_MAX] = {NULL, "NAME", "EMAIL", "PHONE", "RATING", "TEXT", NULL, NULL};

#define KEY_MIN_AGE 2
#define KEY_MAX_AGE 86400
#define PER_HOUR 10

struct biz {
	long long id;
	const char *name, *slug;
};

/* The business of the slug; 404 when none, 503. */
static int find(struct cxm_req *req, struct biz *b)
{
	struct cxm_rows r;
	const char *slug = cxm_field(req, FP_SLUG)->s;
	if (cxm_db_query(req->db, req->arena, "SELECT id, name, slug FROM businesses WHERE slug = ?",
	                 CXM_PARAMS(CXM_PSTR(slug)), &r) != CXM_OK) {
		cxm_error("business %s: %s", slug, cxm_db_error(req->db));
		return 503;
	}
	if (!r.nrows)
		return 404;
	b->id = cxm_rows_int(&r, 0, 0, 0);
	b->name = cxm_rows_get(&r, 0, 1);
	b->slug = cxm_rows_get(&r, 0, 2);
	return 0;
}

static int show_form(struct cxm_req *req, const struct biz *b, const char *const v[FP_MAX],
                     const char *const err[FP_MAX], const char *notice, int status)
{
	const char *key = cxm_formkey_make(req->db, req->arena, "feedback", b->id);
	if (!key) {
		cxm_error("form key: %s", cxm_db_error(req->db));
		return 503;
	}
	struct cxm_dict *d = cxm_page_begin(req, "feedback_public.tpl",
	                                    cxm_printf(req->arena, _("Feedback to %s"), b->name));
	req->status = status;
	cxm_dict_set(d, "BUSINESS", b->name);
	cxm_dict_set(d, "ACTION", cxm_printf(req->arena, "%s/b/%s/feedback", req->base, b->slug));
	cxm_dict_set(d, "FORM_KEY", key);
	if (notice)
		cxm_page_notice(d, "error", notice);
	for (int f = 0; f < FP_MAX; f++) {
		if (!keys[f])
			continue;
		if (v && v[f])
			cxm_dict_set(d, cxm_printf(req->arena, "VALUE_%s", keys[f]), v[f]);
		if (err && err[f])
			cxm_dict_set(cxm_dict_section(d, cxm_printf(req->arena, "ERR_%s", keys[f])), "MSG", err[f]);
	}
	static const char *const ratings[] = {"1", "2", "3", "4", "5", NULL};
	cxm_fbp_options(d, "RATING_OPTION", ratings, ratings, v ? v[FP_RATING] : NULL, _("— no rating —"));
	return cxm_page_end(req);
}

int cxm_page_feedback_public_form(struct cxm_req *req)
{
	req->outsider = 1;   /* the public's page: no navigation, no sign-in */
	struct biz b;
	int st = find(req, &b);
	return st ? st : show_form(req, &b, NULL, NULL, NULL, 200);
}

int cxm_page_feedback_public_thanks(struct cxm_req *req)
{
	req->outsider = 1;   /* the public's page: no navigation, no sign-in */
	struct biz b;
	int st = find(req, &b);
	if (st)
		return st;
	struct cxm_dict *d = cxm_page_begin(req, "feedback_thanks.tpl", _("Thank you"));
	req->status = 200;
	cxm_dict_set(d, "BUSINESS", b.name);
	cxm_dict_set(d, "FORM_URL", cxm_printf(req->arena, "%s/b/%s/feedback", req->base, b.slug));
	return cxm_page_end(req);
}

static int thanks(struct cxm_req *req, const struct biz *b)
{
	cxm_resp_redirect(req, 303, cxm_printf(req->arena, "%s/b/%s/feedback/thanks", req->base, b->slug));
	return 303;
}

int cxm_page_feedback_public_post(struct cxm_req *req)
{
	req->outsider = 1;   /* the public's page: no navigation, no sign-in */
	struct biz b;
	int st = find(req, &b);
	if (st)
		return st;
	const char *v[FP_MAX] = {0}, *err[FP_MAX] = {0};
	for (int f = 1; f < FP_MAX; f++) {
		const struct cxm_field *fl = cxm_field(req, (size_t)f);
		v[f] = fl->present ? fl->raw : NULL;
		if (!fl->valid)
			err[f] = fl->error;
	}
	if (v[FP_WEBSITE]) {
		cxm_info("public feedback form of business %lld: honeypot filled, dropped", b.id);
		return thanks(req, &b);
	}
	switch (cxm_formkey_check(req->db, req->arena, "feedback", b.id, v[FP_KEY], KEY_MIN_AGE, KEY_MAX_AGE)) {
	case CXM_FORMKEY_OK:
		break;
	case CXM_FORMKEY_DB:
		return 503;
	case CXM_FORMKEY_EARLY:
		return show_form(req, &b, v, err, _("That was very quick. Please check the form and send it again."), 200);
	default:
		return show_form(req, &b, v, err, _("The form has expired. Please send it again."), 200);
	}
	struct cxm_feedback_new n = {.channel = CXM_FBC_WEB_FORM, .type = "other", .rating = -1,
	                             .remote_addr = req->remote_addr};
	const char *cerr[3];
	cxm_fbp_check_contact(req, v[FP_NAME], v[FP_EMAIL], v[FP_PHONE], 1, &n.contact_name, &n.contact_email,
	                      &n.contact_phone, cerr);
	for (int i = 0; i < 3; i++)
		if (!err[FP_NAME + i])
			err[FP_NAME + i] = cerr[i];
	if (!err[FP_RATING])
		err[FP_RATING] = cxm_fbp_check_rating(v[FP_RATING], &n.rating);
	if (!err[FP_TEXT])
		err[FP_TEXT] = cxm_fbp_check_text(v[FP_TEXT]);
	n.text = v[FP_TEXT];
	for (int f = 1; f < FP_MAX; f++)
		if (err[f])
			return show_form(req, &b, v, err, _("Please check the highlighted fields."), 200);

	struct cxm_rows r;
	if (cxm_db_query(req->db, req->arena,
	                 "SELECT COUNT(*) FROM feedback WHERE remote_addr = ?"
	                 " AND created_at > UTC_TIMESTAMP(6) - INTERVAL 1 HOUR",
	                 CXM_PARAMS(CXM_PSTR(req->remote_addr ? req->remote_addr : "")), &r) != CXM_OK)
		return 503;
	if (cxm_rows_int(&r, 0, 0, 0) >= PER_HOUR) {
		cxm_info("public feedback form of business %lld: %s sent %d in an hour", b.id,
		         req->remote_addr ? req->remote_addr : "?", PER_HOUR);
		return show_form(req, &b, v, NULL,
		                 _("Too many messages have come from your address in the last hour. Please try again later."),
		                 429);
	}
	if ((st = cxm_fbp_client_by_email(req, b.id, n.contact_email, &n.client_id)))
		return st;
	long long id = 0;
	enum cxm_err rc = cxm_feedback_create(req->db, req->arena, b.id, &n, &id);
	if (rc != CXM_OK) {
		cxm_error("public feedback of business %lld: %s (%s)", b.id, cxm_err_name(rc), cxm_db_error(req->db));
		return 503;
	}
	return thanks(req, &b);
}
