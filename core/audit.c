/* Audit log; see audit.h. */
#include "config.h"

#include <stdint.h>

#include "audit.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "session.h"

const struct cxm_audit_action cxm_audit_actions[] = {
	{"login", N_("Signed in")},
	{"login_failed", N_("Failed sign-in")},
	{"login_refused", N_("Sign-in refused (too many failures)")},
	{"logout", N_("Signed out")},
	{"password_changed", N_("Password changed")},
	{"password_change_failed", N_("Wrong current password on a password change")},
	{"password_reset_requested", N_("Password reset requested")},
	{"password_reset", N_("Password reset")},
	{"invitation_sent", N_("Invitation sent")},
	{"invitation_accepted", N_("Invitation accepted")},
	{"invitation_revoked", N_("Invitation revoked")},
	{"role_changed", N_("Role changed")},
	{"user_disabled", N_("User suspended")},
	{"user_enabled", N_("User restored")},
	{"settings_changed", N_("Business settings changed")},
	{"business_created", N_("Business created")},
	{"user_created", N_("User created")},
	{"signup", N_("Signed up")},
	{"client_created", N_("Client added")},
	{"client_updated", N_("Client edited")},
	{"client_deleted", N_("Client deleted")},
	{"client_restored", N_("Client restored")},
	{"client_erased", N_("Client's personal data erased")},
	{"client_merged", N_("Clients merged")},
	{"client_field_added", N_("Client attribute added")},
	{"client_field_changed", N_("Client attribute changed")},
	{"client_field_deleted", N_("Client attribute deleted")},
	{"clients_imported", N_("Clients imported")},
	{"interactions_imported", N_("Interactions imported")},
	{"clients_exported", N_("Clients exported")},
	{"interactions_exported", N_("Interactions exported")},
	{"demo_data_loaded", N_("Demo data loaded")},
	{"survey_created", N_("Survey created")},
	{"survey_installed", N_("Default survey installed")},
	{"survey_edited", N_("Survey edited")},
	{"survey_version_created", N_("New survey version")},
	{"survey_section_added", N_("Survey section added")},
	{"survey_section_edited", N_("Survey section edited")},
	{"survey_section_deleted", N_("Survey section deleted")},
	{"survey_question_added", N_("Survey question added")},
	{"survey_question_edited", N_("Survey question edited")},
	{"survey_question_moved", N_("Survey question moved")},
	{"survey_question_deleted", N_("Survey question deleted")},
	{"feedback_list_added", N_("Feedback list entry added")},
	{"feedback_list_renamed", N_("Feedback list entry renamed")},
	{"feedback_list_removed", N_("Feedback list entry removed")},
	{"survey_sent", N_("Survey sent to a client")},
	{"survey_bulk_sent", N_("Survey sent to a list of clients")},
	{"survey_opt_out", N_("Client opted out of automatic surveys")},
	{"survey_opt_in", N_("Client opted in to automatic surveys again")},
	{"survey_trigger_added", N_("Automatic survey added")},
	{"survey_trigger_enabled", N_("Automatic survey turned on")},
	{"survey_trigger_disabled", N_("Automatic survey turned off")},
	{"survey_trigger_deleted", N_("Automatic survey deleted")},
	{"survey_settings_changed", N_("Survey settings changed")},
	{"plugin.enable", N_("Plugin turned on")},
	{"plugin.disable", N_("Plugin turned off")},
	{"plugin.config", N_("Plugin settings changed")},
};
const unsigned cxm_audit_nactions = sizeof(cxm_audit_actions) / sizeof(cxm_audit_actions[0]);

static void write_row(struct cxm_db *db, long long business_id, long long actor_id,
                      const char *actor_email, const char *addr, const char *action,
                      const char *target, const char *detail)
{
	enum cxm_err rc = cxm_db_exec(
		db,
		"INSERT INTO audit_log (business_id, actor_id, actor_email, action, target, detail,"
		" remote_addr, created_at) VALUES (?, ?, ?, ?, LEFT(?, 255), LEFT(?, 1000), ?,"
		" UTC_TIMESTAMP(6))",
		CXM_PARAMS(business_id ? CXM_PINT(business_id) : CXM_PNULL,
		           actor_id ? CXM_PINT(actor_id) : CXM_PNULL, CXM_PSTR(actor_email ? actor_email : ""),
		           CXM_PSTR(action), CXM_PSTR(target ? target : ""), CXM_PSTR(detail ? detail : ""),
		           CXM_PSTR(addr ? addr : "")),
		NULL, NULL);
	if (rc != CXM_OK)
		cxm_error("audit log write failed (%s %s): %s", action, target ? target : "",
		          cxm_db_error(db));
}

void cxm_audit(struct cxm_req *req, long long business_id, const char *action,
               const char *target, const char *detail)
{
	const struct cxm_session *s = req->session;
	cxm_info("audit: %s %s by %s", action, target ? target : "", s ? s->email : "-");
	write_row(req->db, business_id, s ? s->user_id : 0, s ? s->email : "", req->remote_addr,
	          action, target, detail);
}

void cxm_audit_user(struct cxm_req *req, long long user_id, const char *action,
                    const char *target, const char *detail)
{
	const struct cxm_session *s = req->session;
	cxm_info("audit: %s %s by %s", action, target ? target : "", s ? s->email : "-");
	uint64_t rows = 0;
	if (user_id) {
		enum cxm_err rc = cxm_db_exec(
			req->db,
			"INSERT INTO audit_log (business_id, actor_id, actor_email, action, target, detail,"
			" remote_addr, created_at) SELECT business_id, ?, ?, ?, LEFT(?, 255), LEFT(?, 1000), ?,"
			" UTC_TIMESTAMP(6) FROM memberships WHERE user_id = ? ORDER BY business_id",
			CXM_PARAMS(s ? CXM_PINT(s->user_id) : CXM_PNULL, CXM_PSTR(s ? s->email : ""),
			           CXM_PSTR(action), CXM_PSTR(target ? target : ""),
			           CXM_PSTR(detail ? detail : ""),
			           CXM_PSTR(req->remote_addr ? req->remote_addr : ""), CXM_PINT(user_id)),
			&rows, NULL);
		if (rc != CXM_OK) {
			cxm_error("audit log write failed (%s %s): %s", action, target ? target : "",
			          cxm_db_error(req->db));
			return;
		}
	}
	if (rows == 0)
		write_row(req->db, 0, s ? s->user_id : 0, s ? s->email : "", req->remote_addr, action,
		          target, detail);
}

void cxm_audit_ctl(struct cxm_db *db, long long business_id, const char *action,
                   const char *target, const char *detail)
{
	write_row(db, business_id, 0, "", "cxmctl", action, target, detail);
}

enum cxm_err cxm_audit_actor(struct cxm_db *db, long long business_id, long long user_id,
                             const char *action, const char *target, const char *detail)
{
	cxm_info("audit: %s %s by user %lld", action, target ? target : "", user_id);
	enum cxm_err rc;
	if (!user_id)
		rc = cxm_db_exec(
			db,
			"INSERT INTO audit_log (business_id, actor_id, actor_email, action, target, detail,"
			" remote_addr, created_at) VALUES (?, NULL, '', ?, LEFT(?, 255), LEFT(?, 1000),"
			" 'cxmctl', UTC_TIMESTAMP(6))",
			CXM_PARAMS(business_id ? CXM_PINT(business_id) : CXM_PNULL, CXM_PSTR(action),
			           CXM_PSTR(target ? target : ""), CXM_PSTR(detail ? detail : "")),
			NULL, NULL);
	else
		rc = cxm_db_exec(
			db,
			"INSERT INTO audit_log (business_id, actor_id, actor_email, action, target, detail,"
			" remote_addr, created_at) SELECT ?, ?, COALESCE((SELECT email FROM users WHERE id = ?), ''),"
			" ?, LEFT(?, 255), LEFT(?, 1000), '', UTC_TIMESTAMP(6)",
			CXM_PARAMS(business_id ? CXM_PINT(business_id) : CXM_PNULL, CXM_PINT(user_id),
			           CXM_PINT(user_id), CXM_PSTR(action), CXM_PSTR(target ? target : ""),
			           CXM_PSTR(detail ? detail : "")),
			NULL, NULL);
	if (rc != CXM_OK)
		cxm_error("audit log write failed (%s %s): %s", action, target ? target : "",
		          cxm_db_error(db));
	return rc;
}

void cxm_audit_job(struct cxm_db *db, long long business_id, long long actor_id,
                   const char *actor_email, const char *action, const char *target,
                   const char *detail)
{
	cxm_info("audit: %s %s by the job runner", action, target ? target : "");
	write_row(db, business_id, actor_id, actor_email ? actor_email : "", "job", action, target, detail);
}
