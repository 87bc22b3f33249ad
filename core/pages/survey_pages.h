/* What the survey builder's pages share (surveys.c, survey_edit.c,
 * survey_respond.c's preview): texts in the visitor's language, who may
 * edit, the audit target of a survey, and the survey page itself. */
#ifndef CXM_SURVEY_PAGES_H
#define CXM_SURVEY_PAGES_H

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

#endif
