/* Handlers of the web pages, one file per area, and the route table. */
#ifndef CXM_PAGES_H
#define CXM_PAGES_H

#include <stddef.h>

#include "route.h"

struct cxm_req;

int cxm_page_home(struct cxm_req *req);
int cxm_page_healthz(struct cxm_req *req);
int cxm_page_set_language(struct cxm_req *req);

/* login.c */
int cxm_page_login_form(struct cxm_req *req);
int cxm_page_login(struct cxm_req *req);
int cxm_page_logout(struct cxm_req *req);
/* password.c */
int cxm_page_forgot_form(struct cxm_req *req);
int cxm_page_forgot(struct cxm_req *req);
int cxm_page_reset_form(struct cxm_req *req);
int cxm_page_reset(struct cxm_req *req);
int cxm_page_change_password(struct cxm_req *req);
/* account.c */
int cxm_page_account(struct cxm_req *req);
int cxm_page_account_save(struct cxm_req *req);
/* The account page with an optional success notice or error (used by the
 * password change, whose form is on that page). */
int cxm_page_account_show(struct cxm_req *req, const char *ok, const char *error);
/* switch.c */
int cxm_page_switch_form(struct cxm_req *req);
int cxm_page_switch(struct cxm_req *req);
/* signup.c */
int cxm_page_signup_form(struct cxm_req *req);
int cxm_page_signup(struct cxm_req *req);
/* invite.c */
int cxm_page_accept_form(struct cxm_req *req);
int cxm_page_accept(struct cxm_req *req);
/* admin_users.c */
int cxm_page_users(struct cxm_req *req);
int cxm_page_user_invite(struct cxm_req *req);
int cxm_page_user(struct cxm_req *req);
int cxm_page_user_role(struct cxm_req *req);
int cxm_page_user_suspend(struct cxm_req *req);
int cxm_page_user_restore(struct cxm_req *req);
int cxm_page_invitation_revoke(struct cxm_req *req);
/* admin_business.c */
int cxm_page_business_settings(struct cxm_req *req);
int cxm_page_business_save(struct cxm_req *req);
/* admin_audit.c */
int cxm_page_audit(struct cxm_req *req);
/* admin_plugins.c */
int cxm_page_plugins(struct cxm_req *req);
int cxm_page_plugin_enable(struct cxm_req *req);
int cxm_page_plugin_disable_form(struct cxm_req *req);
int cxm_page_plugin_disable(struct cxm_req *req);
int cxm_page_plugin_settings_save(struct cxm_req *req);
/* site_businesses.c */
int cxm_page_site_businesses(struct cxm_req *req);
int cxm_page_site_business_create(struct cxm_req *req);

/* clients.c */
int cxm_page_clients(struct cxm_req *req);
/* client.c */
int cxm_page_client(struct cxm_req *req);
int cxm_page_interaction_add(struct cxm_req *req);
int cxm_page_interaction_delete_form(struct cxm_req *req);
int cxm_page_interaction_delete(struct cxm_req *req);
/* client_edit.c */
int cxm_page_client_new_form(struct cxm_req *req);
int cxm_page_client_create(struct cxm_req *req);
int cxm_page_client_edit_form(struct cxm_req *req);
int cxm_page_client_edit(struct cxm_req *req);
/* client_life.c */
int cxm_page_client_delete_form(struct cxm_req *req);
int cxm_page_client_delete(struct cxm_req *req);
int cxm_page_client_restore(struct cxm_req *req);
int cxm_page_client_erase_form(struct cxm_req *req);
int cxm_page_client_erase(struct cxm_req *req);
int cxm_page_client_duplicates(struct cxm_req *req);
int cxm_page_client_merge(struct cxm_req *req);
/* admin_client_fields.c */
int cxm_page_client_fields(struct cxm_req *req);
int cxm_page_client_field_add(struct cxm_req *req);
int cxm_page_client_field(struct cxm_req *req);
int cxm_page_client_field_save(struct cxm_req *req);
int cxm_page_client_field_delete_form(struct cxm_req *req);
int cxm_page_client_field_delete(struct cxm_req *req);
/* export.c */
int cxm_page_clients_export_csv(struct cxm_req *req);
int cxm_page_clients_export_xlsx(struct cxm_req *req);
int cxm_page_client_interactions_csv(struct cxm_req *req);
int cxm_page_interactions_export_csv(struct cxm_req *req);
int cxm_page_interactions_export_xlsx(struct cxm_req *req);
/* import.c */
int cxm_page_import_form(struct cxm_req *req);
int cxm_page_import_upload(struct cxm_req *req);
int cxm_page_import_mapping(struct cxm_req *req);
int cxm_page_import_queue(struct cxm_req *req);
int cxm_page_imports(struct cxm_req *req);
int cxm_page_import(struct cxm_req *req);
int cxm_page_import_report_csv(struct cxm_req *req);
int cxm_page_import_retry(struct cxm_req *req);
/* feedback_inbox.c */
int cxm_page_feedback_inbox(struct cxm_req *req);
/* feedback_item.c */
int cxm_page_feedback_item(struct cxm_req *req);
int cxm_page_feedback_status(struct cxm_req *req);
int cxm_page_feedback_reject_form(struct cxm_req *req);
int cxm_page_feedback_reject(struct cxm_req *req);
int cxm_page_feedback_reply(struct cxm_req *req);
int cxm_page_feedback_comment(struct cxm_req *req);
int cxm_page_feedback_assign(struct cxm_req *req);
int cxm_page_feedback_classify(struct cxm_req *req);
/* feedback_entry.c */
int cxm_page_feedback_new_form(struct cxm_req *req);
int cxm_page_feedback_create(struct cxm_req *req);
/* dashboard.c, dashboard_metric.c, dashboard_drill.c */
int cxm_page_dashboard(struct cxm_req *req);
int cxm_page_dashboard_metric(struct cxm_req *req);
int cxm_page_dashboard_drill(struct cxm_req *req);
/* feedback_report.c */
int cxm_page_feedback_report(struct cxm_req *req);
/* feedback_public.c */
int cxm_page_feedback_public_form(struct cxm_req *req);
int cxm_page_feedback_public_post(struct cxm_req *req);
int cxm_page_feedback_public_thanks(struct cxm_req *req);
/* admin_feedback_lists.c */
int cxm_page_feedback_lists(struct cxm_req *req);
int cxm_page_feedback_list_add(struct cxm_req *req);
int cxm_page_feedback_department_rename(struct cxm_req *req);
int cxm_page_feedback_department_delete_form(struct cxm_req *req);
int cxm_page_feedback_department_delete(struct cxm_req *req);
int cxm_page_feedback_defect_rename(struct cxm_req *req);
int cxm_page_feedback_defect_delete_form(struct cxm_req *req);
int cxm_page_feedback_defect_delete(struct cxm_req *req);

/* survey_respond.c (public) */
int cxm_page_survey_open_form(struct cxm_req *req);
int cxm_page_survey_open(struct cxm_req *req);
int cxm_page_survey_invited_form(struct cxm_req *req);
int cxm_page_survey_invited(struct cxm_req *req);
/* surveys.c, survey_edit.c (the builder) */
int cxm_page_surveys(struct cxm_req *req);
int cxm_page_survey_create(struct cxm_req *req);
int cxm_page_survey(struct cxm_req *req);
int cxm_page_survey_save(struct cxm_req *req);
int cxm_page_survey_preview(struct cxm_req *req);
int cxm_page_survey_section_add(struct cxm_req *req);
int cxm_page_survey_section_save(struct cxm_req *req);
int cxm_page_survey_section_delete_form(struct cxm_req *req);
int cxm_page_survey_section_delete(struct cxm_req *req);
int cxm_page_survey_question_add(struct cxm_req *req);
int cxm_page_survey_question(struct cxm_req *req);
int cxm_page_survey_question_save(struct cxm_req *req);
int cxm_page_survey_question_move(struct cxm_req *req);
int cxm_page_survey_question_delete_form(struct cxm_req *req);
int cxm_page_survey_question_delete(struct cxm_req *req);

extern const struct cxm_route cxm_routes[];
extern const size_t cxm_nroutes;

#endif
