/* What the survey pages share: the builder's helpers (surveys.c,
 * survey_edit.c, survey_respond.c's preview: texts in the visitor's
 * language, who may edit, the audit target of a survey, the survey page
 * itself), and the handlers of sending surveys by hand, journey triggers
 * and results (survey_send.c, survey_triggers.c, survey_results.c) with
 * the survey section of a client's page. The route table (pages/routes.c)
 * names the handlers. */
#ifndef CXM_SURVEY_PAGES_H
#define CXM_SURVEY_PAGES_H

struct cxm_cp_client;
struct cxm_dict;
struct cxm_req;

/* ru or en by the request's language, falling back to the other. */
const char *cxm_sp_title(struct cxm_req *req, const char *ru, const char *en);
/* 1 when the signed-in user may change surveys (administrators, owners). */
int cxm_sp_can_edit(struct cxm_req *req);
/* "survey #<id>" (arena). */
const char *cxm_sp_audit_target(struct cxm_req *req, long long survey_id);
/* Renders survey id of the session's business with an optional notice or
 * error. Returns the status (404 when it is not the business's, 503). */
int cxm_sp_show_survey(struct cxm_req *req, long long id, const char *notice, const char *error);

/* survey_send.c: a manager's sends and the opt-out toggle */
int cxm_page_client_survey_send(struct cxm_req *req);
int cxm_page_client_survey_opt_out(struct cxm_req *req);
int cxm_page_clients_survey_form(struct cxm_req *req);
int cxm_page_clients_survey_send(struct cxm_req *req);
/* Fills section SURVEY_SEND of a client's page d (managers, live and not
 * erased clients): the survey choice, the warnings, the opt-out toggle.
 * Returns 0, or 503 when the database failed. */
int cxm_survey_client_section(struct cxm_req *req, struct cxm_dict *d, const struct cxm_cp_client *c);

/* survey_triggers.c: the admin page of triggers and survey settings */
int cxm_page_survey_triggers(struct cxm_req *req);
int cxm_page_survey_trigger_add(struct cxm_req *req);
int cxm_page_survey_trigger_toggle(struct cxm_req *req);
int cxm_page_survey_trigger_delete_form(struct cxm_req *req);
int cxm_page_survey_trigger_delete(struct cxm_req *req);
int cxm_page_survey_settings_save(struct cxm_req *req);

/* survey_results.c: results and single responses (analysts and up) */
int cxm_page_survey_results(struct cxm_req *req);
int cxm_page_survey_response(struct cxm_req *req);
int cxm_page_survey_response_by_id(struct cxm_req *req);

#endif
