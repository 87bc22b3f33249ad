/* Survey invitations: creation, journey triggers and sending; see
 * survey_invite.h. Every time is UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]";
 * "now" is a parameter so that tests run on fixed timestamps. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "client_list.h"
#include "conf.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "mail.h"
#include "survey_invite.h"
#include "token.h"
#include "tz.h"

const char *const cxm_invite_source_names[CXM_INV_SOURCE_MAX] = {"manual", "bulk", "trigger"};
const char *const cxm_trigger_event_names[CXM_TE_MAX + 1] = {
	"visit", "purchase", "call", "message", "feedback_resolved", NULL,
};
const char *const cxm_trigger_event_labels[CXM_TE_MAX] = {
	N_("a visit"), N_("a purchase"), N_("a call"), N_("a message"), N_("a resolved complaint"),
};

/* Events of a trigger older than delay + this many days are not looked at
 * any more (a runner that was stopped longer misses them). */
#define WINDOW_SLACK_DAYS 7
#define EVENT_BATCH 1000
#define SEND_BATCH 50

/* now_utc, or the current UTC time (arena). */
static const char *now_or(struct cxm_arena *a, const char *now_utc)
{
	if (now_utc)
		return now_utc;
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	return cxm_strdup(a, buf);
}

long long cxm_invite_quiet_days(struct cxm_db *db, struct cxm_arena *a, long long business_id)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a, "SELECT quiet_days FROM survey_settings WHERE business_id = ?",
	                 CXM_PARAMS(CXM_PINT(business_id)), &r) != CXM_OK) {
		cxm_error("survey settings of business %lld: %s", business_id, cxm_db_error(db));
		return -1;
	}
	return r.nrows ? cxm_rows_int(&r, 0, 0, CXM_QUIET_DAYS_DEFAULT) : CXM_QUIET_DAYS_DEFAULT;
}

/* 1 when the client has an invitation created or sent after since - days
 * (days 0: never), 0 when not, -1 on error. */
static int in_quiet(struct cxm_db *db, struct cxm_arena *a, long long business_id, long long client_id,
                    const char *since, long long days)
{
	if (days <= 0)
		return 0;
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT 1 FROM survey_invitations WHERE business_id = ? AND client_id = ?"
	                 " AND (created_at > ? - INTERVAL ? DAY OR sent_at > ? - INTERVAL ? DAY) LIMIT 1",
	                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(client_id), CXM_PSTR(since),
	                            CXM_PINT(days), CXM_PSTR(since), CXM_PINT(days)),
	                 &r) != CXM_OK) {
		cxm_error("quiet period of client %lld: %s", client_id, cxm_db_error(db));
		return -1;
	}
	return r.nrows > 0;
}

enum cxm_err cxm_invite_client_state(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                     long long client_id, const char *now_utc,
                                     struct cxm_invite_client *out)
{
	memset(out, 0, sizeof(*out));
	const char *now = now_or(a, now_utc);
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT live, erased_at IS NOT NULL, email IS NOT NULL AND email <> '', survey_opt_out"
	                 " FROM clients WHERE id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(client_id), CXM_PINT(business_id)), &r) != CXM_OK) {
		cxm_error("client %lld for an invitation: %s", client_id, cxm_db_error(db));
		return CXM_ERR_DB;
	}
	if (!r.nrows)
		return CXM_OK;
	out->found = 1;
	out->live = cxm_rows_int(&r, 0, 0, 0) != 0;
	out->erased = cxm_rows_int(&r, 0, 1, 0) != 0;
	out->has_email = cxm_rows_int(&r, 0, 2, 0) != 0 && !out->erased;
	out->opted_out = cxm_rows_int(&r, 0, 3, 0) != 0;
	out->quiet_days = cxm_invite_quiet_days(db, a, business_id);
	if (out->quiet_days < 0)
		return CXM_ERR_DB;
	int q = in_quiet(db, a, business_id, client_id, now, out->quiet_days);
	if (q < 0)
		return CXM_ERR_DB;
	out->quiet = q;
	return CXM_OK;
}

int cxm_invite_survey_ok(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                         long long survey_id)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT 1 FROM surveys WHERE id = ? AND business_id = ? AND deleted_at IS NULL"
	                 " AND status = 'active'",
	                 CXM_PARAMS(CXM_PINT(survey_id), CXM_PINT(business_id)), &r) != CXM_OK) {
		cxm_error("survey %lld: %s", survey_id, cxm_db_error(db));
		return -1;
	}
	return r.nrows > 0;
}

/* The insert itself; no checks. */
static enum cxm_err insert(struct cxm_db *db, long long business_id, long long survey_id,
                           long long client_id, enum cxm_invite_source source, long long trigger_id,
                           long long interaction_id, long long feedback_id, long long created_by,
                           const char *created, const char *due, uint64_t *id)
{
	return cxm_db_exec(db,
	                   "INSERT INTO survey_invitations (business_id, survey_id, client_id, source,"
	                   " trigger_id, interaction_id, feedback_id, created_by, created_at, due_at)"
	                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                   CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(survey_id), CXM_PINT(client_id),
	                              CXM_PSTR(cxm_invite_source_names[source]),
	                              trigger_id ? CXM_PINT(trigger_id) : CXM_PNULL,
	                              interaction_id ? CXM_PINT(interaction_id) : CXM_PNULL,
	                              feedback_id ? CXM_PINT(feedback_id) : CXM_PNULL,
	                              created_by ? CXM_PINT(created_by) : CXM_PNULL, CXM_PSTR(created),
	                              CXM_PSTR(due)),
	                   NULL, id);
}

enum cxm_err cxm_invite_create(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                               long long survey_id, long long client_id,
                               enum cxm_invite_source source, long long created_by,
                               const char *due_utc, uint64_t *id)
{
	int ok = cxm_invite_survey_ok(db, a, business_id, survey_id);
	if (ok < 0)
		return CXM_ERR_DB;
	struct cxm_rows r;
	if (cxm_db_query(db, a, "SELECT 1 FROM clients WHERE id = ? AND business_id = ? AND live = 1",
	                 CXM_PARAMS(CXM_PINT(client_id), CXM_PINT(business_id)), &r) != CXM_OK)
		return CXM_ERR_DB;
	if (!ok || !r.nrows)
		return CXM_ERR_NOT_FOUND;
	const char *now = now_or(a, NULL);
	enum cxm_err rc = insert(db, business_id, survey_id, client_id, source, 0, 0, 0, created_by, now,
	                         due_utc ? due_utc : now, id);
	if (rc != CXM_OK)
		cxm_error("invitation of client %lld: %s", client_id, cxm_db_error(db));
	return rc;
}

/* ---- bulk ------------------------------------------------------------------- */

void cxm_invite_bulk_params(struct cxm_arena *a, long long quiet_days, const char *now_utc,
                            struct cxm_param *p)
{
	const char *now = now_or(a, now_utc);
	p[0] = CXM_PINT(quiet_days);
	p[1] = CXM_PSTR(now);
	p[2] = CXM_PINT(quiet_days);
	p[3] = CXM_PSTR(now);
	p[4] = CXM_PINT(quiet_days);
}

enum cxm_err cxm_invite_bulk_run(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 long long survey_id, const struct cxm_sql *q, long long cap,
                                 long long created_by, const char *now_utc, int apply,
                                 struct cxm_invite_bulk *out)
{
	memset(out, 0, sizeof(*out));
	if (q->n + 1 > CXM_SQL_MAXPARAMS)
		return CXM_ERR_DB;
	struct cxm_param p[CXM_SQL_MAXPARAMS];
	memcpy(p, q->p, sizeof(struct cxm_param) * q->n);
	p[q->n] = CXM_PINT(cap + 1);
	const char *text = cxm_printf(a, "%s ORDER BY c.id LIMIT ?", q->text);
	if (apply && cxm_db_begin(db) != CXM_OK)
		return CXM_ERR_DB;
	struct cxm_rows r;
	if (cxm_db_query(db, a, text, p, q->n + 1, &r) != CXM_OK) {
		cxm_error("bulk invitation list: %s", cxm_db_error(db));
		goto fail;
	}
	out->matched = (long long)r.nrows;
	if (out->matched > cap) {
		out->over_cap = 1;
		if (apply)
			cxm_db_rollback(db);
		return CXM_OK;
	}
	const char *now = now_or(a, now_utc);
	for (size_t i = 0; i < r.nrows; i++) {
		if (!cxm_rows_int(&r, i, 1, 0)) {
			out->no_email++;
			continue;
		}
		if (cxm_rows_int(&r, i, 2, 0)) {
			out->opted_out++;
			continue;
		}
		if (cxm_rows_int(&r, i, 3, 0)) {
			out->quiet++;
			continue;
		}
		out->invited++;
		if (apply && insert(db, business_id, survey_id, cxm_rows_int(&r, i, 0, 0), CXM_INV_BULK, 0, 0, 0,
		                    created_by, now, now, NULL) != CXM_OK) {
			cxm_error("bulk invitation: %s", cxm_db_error(db));
			goto fail;
		}
	}
	if (apply && cxm_db_commit(db) != CXM_OK) {
		cxm_error("bulk invitation commit: %s", cxm_db_error(db));
		goto fail;
	}
	return CXM_OK;
fail:
	if (apply)
		cxm_db_rollback(db);
	return CXM_ERR_DB;
}

/* ---- triggers --------------------------------------------------------------- */

/* One trigger's events, read in keyset batches from the window
 * (max(created, now - delay - slack), now - delay]. */
static long long run_trigger(struct cxm_db *db, struct cxm_arena *a, const struct cxm_rows *t, size_t ti,
                             const char *now)
{
	long long id = cxm_rows_int(t, ti, 0, 0), biz = cxm_rows_int(t, ti, 1, 0);
	long long survey = cxm_rows_int(t, ti, 2, 0), delay = cxm_rows_int(t, ti, 4, 0);
	const char *event = cxm_rows_get(t, ti, 3), *created = cxm_rows_get(t, ti, 5);
	long long quiet = cxm_rows_int(t, ti, 6, CXM_QUIET_DAYS_DEFAULT);
	int feedback = strcmp(event, "feedback_resolved") == 0;
	long long made = 0;
	const char *after_at = "0001-01-01 00:00:00";
	long long after_id = 0;
	for (;;) {
		struct cxm_rows r;
		enum cxm_err rc;
		/* Columns: event id, client, due time (event + delay), event time. */
		if (!feedback)
			rc = cxm_db_query(
				db, a,
				"SELECT i.id, i.client_id,"
				" DATE_FORMAT(i.occurred_at + INTERVAL ? DAY, '%Y-%m-%d %H:%i:%s.%f'),"
				" DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s.%f')"
				" FROM interactions i FORCE INDEX (interactions_by_kind)"
				" JOIN clients c ON c.id = i.client_id AND c.business_id = i.business_id"
				" WHERE i.business_id = ? AND i.kind = ? AND i.occurred_at > ?"
				" AND i.occurred_at >= ? - INTERVAL ? DAY AND i.occurred_at <= ? - INTERVAL ? DAY"
				" AND (i.occurred_at > ? OR (i.occurred_at = ? AND i.id > ?))"
				" AND c.live = 1 AND c.erased_at IS NULL AND c.survey_opt_out = 0"
				" AND c.email IS NOT NULL AND c.email <> ''"
				" AND NOT EXISTS (SELECT 1 FROM survey_invitations si"
				" WHERE si.trigger_id = ? AND si.interaction_id = i.id)"
				" ORDER BY i.occurred_at, i.id LIMIT ?",
				CXM_PARAMS(CXM_PINT(delay), CXM_PINT(biz), CXM_PSTR(event), CXM_PSTR(created),
				           CXM_PSTR(now), CXM_PINT(delay + WINDOW_SLACK_DAYS), CXM_PSTR(now),
				           CXM_PINT(delay), CXM_PSTR(after_at), CXM_PSTR(after_at), CXM_PINT(after_id),
				           CXM_PINT(id), CXM_PINT(EVENT_BATCH)),
				&r);
		else
			rc = cxm_db_query(
				db, a,
				"SELECT f.id, f.client_id,"
				" DATE_FORMAT(f.resolved_at + INTERVAL ? DAY, '%Y-%m-%d %H:%i:%s.%f'),"
				" DATE_FORMAT(f.resolved_at, '%Y-%m-%d %H:%i:%s.%f')"
				" FROM feedback f"
				" JOIN clients c ON c.id = f.client_id AND c.business_id = f.business_id"
				" WHERE f.business_id = ? AND f.status = 'resolved' AND f.resolved_at > ?"
				" AND f.resolved_at >= ? - INTERVAL ? DAY AND f.resolved_at <= ? - INTERVAL ? DAY"
				" AND (f.resolved_at > ? OR (f.resolved_at = ? AND f.id > ?))"
				" AND c.live = 1 AND c.erased_at IS NULL AND c.survey_opt_out = 0"
				" AND c.email IS NOT NULL AND c.email <> ''"
				" AND NOT EXISTS (SELECT 1 FROM survey_invitations si"
				" WHERE si.trigger_id = ? AND si.feedback_id = f.id)"
				" ORDER BY f.resolved_at, f.id LIMIT ?",
				CXM_PARAMS(CXM_PINT(delay), CXM_PINT(biz), CXM_PSTR(created), CXM_PSTR(now),
				           CXM_PINT(delay + WINDOW_SLACK_DAYS), CXM_PSTR(now), CXM_PINT(delay),
				           CXM_PSTR(after_at), CXM_PSTR(after_at), CXM_PINT(after_id), CXM_PINT(id),
				           CXM_PINT(EVENT_BATCH)),
				&r);
		if (rc != CXM_OK) {
			cxm_error("survey trigger %lld: %s", id, cxm_db_error(db));
			return -1;
		}
		for (size_t i = 0; i < r.nrows; i++) {
			long long ev = cxm_rows_int(&r, i, 0, 0), client = cxm_rows_int(&r, i, 1, 0);
			const char *due = cxm_rows_get(&r, i, 2);
			int q = in_quiet(db, a, biz, client, due, quiet);
			if (q < 0)
				return -1;
			if (q)
				continue;
			if (insert(db, biz, survey, client, CXM_INV_TRIGGER, id, feedback ? 0 : ev, feedback ? ev : 0,
			           0, now, due, NULL) != CXM_OK) {
				cxm_error("survey trigger %lld: invitation not stored: %s", id, cxm_db_error(db));
				return -1;
			}
			made++;
		}
		if (r.nrows < EVENT_BATCH)
			break;
		after_at = cxm_rows_get(&r, r.nrows - 1, 3);
		after_id = cxm_rows_int(&r, r.nrows - 1, 0, 0);
	}
	return made;
}

#define TRIGGER_LOCK "LEFT(CONCAT('cxm-survey-triggers-', DATABASE()), 64)"

long long cxm_invite_triggers_run(struct cxm_db *db, const char *now_utc)
{
	struct cxm_arena *a = cxm_arena_new(64 * 1024);
	const char *now = now_or(a, now_utc);
	long long made = 0;
	struct cxm_rows l, t;
	if (cxm_db_query(db, a, "SELECT GET_LOCK(" TRIGGER_LOCK ", 0)", CXM_NOPARAMS, &l) != CXM_OK) {
		cxm_error("survey triggers: %s", cxm_db_error(db));
		cxm_arena_free(a);
		return -1;
	}
	if (cxm_rows_int(&l, 0, 0, 0) != 1) {
		cxm_arena_free(a);
		return 0;   /* another runner is at it */
	}
	if (cxm_db_query(db, a,
	                 "SELECT t.id, t.business_id, t.survey_id, t.event, t.delay_days,"
	                 " DATE_FORMAT(t.created_at, '%Y-%m-%d %H:%i:%s.%f'), IFNULL(ss.quiet_days, ?)"
	                 " FROM survey_triggers t"
	                 " JOIN surveys s ON s.id = t.survey_id AND s.business_id = t.business_id"
	                 " LEFT JOIN survey_settings ss ON ss.business_id = t.business_id"
	                 " WHERE t.active = 1 AND s.deleted_at IS NULL AND s.status = 'active'"
	                 " ORDER BY t.id",
	                 CXM_PARAMS(CXM_PINT(CXM_QUIET_DAYS_DEFAULT)), &t) != CXM_OK) {
		cxm_error("survey triggers: %s", cxm_db_error(db));
		made = -1;
		goto out;
	}
	int failed = 0;
	for (size_t i = 0; i < t.nrows; i++) {
		struct cxm_arena *ta = cxm_arena_new(64 * 1024);
		long long n = run_trigger(db, ta, &t, i, now);
		cxm_arena_free(ta);
		if (n < 0)
			failed = 1;   /* logged; the other triggers still run */
		else
			made += n;
	}
	if (made > 0)
		cxm_info("survey triggers: %lld invitations created", made);
	if (failed)
		made = -1;
out:
	cxm_db_exec(db, "DO RELEASE_LOCK(" TRIGGER_LOCK ")", CXM_NOPARAMS, NULL, NULL);
	cxm_arena_free(a);
	return made;
}

/* ---- sending ---------------------------------------------------------------- */

/* Sends (or refuses) claimed invitation id inside the claim's transaction.
 * CXM_OK or CXM_ERR_DB. */
static enum cxm_err send_one(struct cxm_db *db, const struct cxm_config *cfg, struct cxm_arena *a,
                             long long id, const char *now, const char *base_url)
{
	struct cxm_rows r;
	if (cxm_db_query(db, a,
	                 "SELECT si.business_id, c.name, c.email, c.live, c.erased_at IS NOT NULL,"
	                 " s.title_ru, s.title_en, s.invitation_days,"
	                 " s.deleted_at IS NULL AND s.status = 'active', b.name, b.locale, b.timezone,"
	                 " DATE_FORMAT(? + INTERVAL s.invitation_days DAY, '%Y-%m-%d %H:%i:%s')"
	                 " FROM survey_invitations si"
	                 " JOIN clients c ON c.id = si.client_id AND c.business_id = si.business_id"
	                 " JOIN surveys s ON s.id = si.survey_id AND s.business_id = si.business_id"
	                 " JOIN businesses b ON b.id = si.business_id WHERE si.id = ?",
	                 CXM_PARAMS(CXM_PSTR(now), CXM_PINT(id)), &r) != CXM_OK)
		return CXM_ERR_DB;
	const char *why = NULL;
	if (!r.nrows)
		why = "the client or the survey is gone";
	else if (cxm_rows_int(&r, 0, 4, 0))
		why = "the client was erased";
	else if (!cxm_rows_int(&r, 0, 3, 0))
		why = "the client was deleted";
	else if (!cxm_rows_get(&r, 0, 2) || !*cxm_rows_get(&r, 0, 2))
		why = "the client has no e-mail address";
	else if (!cxm_rows_int(&r, 0, 8, 0))
		why = "the survey is closed or deleted";
	if (why) {
		cxm_info("survey invitation %lld not sent: %s", id, why);
		return cxm_db_exec(db, "UPDATE survey_invitations SET sent_at = ?, error = ? WHERE id = ?",
		                   CXM_PARAMS(CXM_PSTR(now), CXM_PSTR(why), CXM_PINT(id)), NULL, NULL);
	}
	long long biz = cxm_rows_int(&r, 0, 0, 0);
	int lang = cxm_lang_from_code(cxm_rows_get(&r, 0, 10));
	enum cxm_lang l = lang < 0 ? CXM_LANG_RU : (enum cxm_lang)lang;
	const char *title = cxm_rows_get(&r, 0, l == CXM_LANG_EN ? 6 : 5);
	if (!title || !*title)
		title = cxm_rows_get(&r, 0, l == CXM_LANG_EN ? 5 : 6);
	const char *expires = cxm_rows_get(&r, 0, 12);
	char *local = NULL;
	if (cxm_tz_from_utc(a, cxm_rows_get(&r, 0, 11), expires, &local) != CXM_OK || !local)
		local = cxm_strdup(a, expires);
	if (strlen(local) > 10)
		local[10] = '\0';

	char token[CXM_TOKEN_CHARS + 1];
	unsigned char hash[CXM_TOKEN_HASH_BYTES];
	cxm_token_new(token);
	if (cxm_token_hash(token, hash) != 0)
		return CXM_ERR_DB;
	const char *link = base_url ? cxm_printf(a, "%s/r/%s", base_url, token)
	                            : cxm_mail_public_url(cfg, a, cxm_printf(a, "/r/%s", token));
	const char *business = cxm_rows_get(&r, 0, 9);
	const char *subject = cxm_printf(a, cxm_gettext_lang(l, "%s asks for your opinion"), business);
	const char *body = cxm_printf(
		a,
		cxm_gettext_lang(l, "Hello, %s!\n\n%s asks you to answer a short survey: \"%s\". It takes a few "
		                    "minutes:\n\n%s\n\nThe link is yours alone and works until %s.\n"),
		cxm_rows_get(&r, 0, 1), business, title ? title : "", link, local);
	if (cxm_db_exec(db,
	                "UPDATE survey_invitations SET token_hash = ?, sent_at = ?, expires_at = ?, error = NULL"
	                " WHERE id = ?",
	                CXM_PARAMS(CXM_PBLOB(hash, sizeof(hash)), CXM_PSTR(now), CXM_PSTR(expires), CXM_PINT(id)),
	                NULL, NULL) != CXM_OK)
		return CXM_ERR_DB;
	/* the token is in the body only: the log line of cxm_mail_send_db shows
	 * it only with log_mail (development) */
	return cxm_mail_send_db(db, cfg, a, biz, cxm_rows_get(&r, 0, 2), subject, body);
}

long long cxm_invite_send_due(struct cxm_db *db, const struct cxm_config *cfg, const char *now_utc,
                              long long limit)
{
	struct cxm_arena *a = cxm_arena_new(64 * 1024);
	const char *now = now_or(a, now_utc);
	long long done = 0;
	while (done < limit) {
		struct cxm_arena *ba = cxm_arena_new(64 * 1024);
		struct cxm_rows r;
		long long want = limit - done < SEND_BATCH ? limit - done : SEND_BATCH;
		int failed = cxm_db_begin(db) != CXM_OK;
		if (!failed &&
		    cxm_db_query(db, ba,
		                 "SELECT id FROM survey_invitations WHERE sent_at IS NULL AND due_at <= ?"
		                 " ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
		                 CXM_PARAMS(CXM_PSTR(now), CXM_PINT(want)), &r) != CXM_OK)
			failed = 1;
		for (size_t i = 0; !failed && i < r.nrows; i++)
			if (send_one(db, cfg, ba, cxm_rows_int(&r, i, 0, 0), now, NULL) != CXM_OK)
				failed = 1;
		if (!failed && cxm_db_commit(db) != CXM_OK)
			failed = 1;
		if (failed) {
			cxm_error("sending survey invitations: %s", cxm_db_error(db));
			cxm_db_rollback(db);
			cxm_arena_free(ba);
			done = -1;
			break;
		}
		size_t n = r.nrows;
		cxm_arena_free(ba);
		done += (long long)n;
		if ((long long)n < want)
			break;
	}
	cxm_arena_free(a);
	return done;
}

enum cxm_err cxm_invite_send_one(struct cxm_db *db, const struct cxm_config *cfg, struct cxm_arena *a,
                                 const char *base_url, long long id)
{
	const char *now = now_or(a, NULL);
	struct cxm_rows r;
	if (cxm_db_begin(db) != CXM_OK)
		return CXM_ERR_DB;
	if (cxm_db_query(db, a,
	                 "SELECT id FROM survey_invitations WHERE id = ? AND sent_at IS NULL"
	                 " FOR UPDATE SKIP LOCKED",
	                 CXM_PARAMS(CXM_PINT(id)), &r) != CXM_OK)
		goto fail;
	if (r.nrows && send_one(db, cfg, a, id, now, base_url) != CXM_OK)
		goto fail;
	if (cxm_db_commit(db) != CXM_OK)
		goto fail;
	return CXM_OK;
fail:
	cxm_error("sending survey invitation %lld: %s", id, cxm_db_error(db));
	cxm_db_rollback(db);
	return CXM_ERR_DB;
}

long long cxm_invite_jobs(struct cxm_db *db, const struct cxm_config *cfg)
{
	if (cxm_invite_triggers_run(db, NULL) < 0)
		return -1;
	return cxm_invite_send_due(db, cfg, NULL, 100000);
}
