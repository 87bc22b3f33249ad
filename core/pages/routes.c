/* The route table: every URL the application answers, who may use it, and
 * the fields each accepts. Field order matches the F_* enums in the
 * handlers' files. The business a route works on is never a field: it is
 * the session's. */
#include "config.h"

#include "client_list.h"
#include "feedback.h"
#include "pages/pages.h"
#include "pages/survey_pages.h"
#include "route.h"

#define FIELDS(a) (a), (sizeof(a) / sizeof((a)[0]))
#define NOFIELDS NULL, 0

static const char *const lang_codes[] = {"ru", "en", NULL};
static const char *const role_choices[] = {"analyst", "manager", "admin", "owner", NULL};
static const char *const industry_choices[] = {
	"salon", "retail", "hosting", "restaurant", "clinic", "fitness", "education", "other", NULL,
};

#define PASSWORD(name, flags) {name, CXM_V_TEXT, flags, 0, 1000, NULL}
#define ID_IN_PATH {"id", CXM_V_INT, CXM_F_REQUIRED | CXM_F_PATH, 1, 9223372036854775807LL, NULL}
#define TOKEN_IN_PATH {"token", CXM_V_LINE, CXM_F_REQUIRED | CXM_F_PATH, 1, 64, NULL}
#define PAGE_NUMBER {"page", CXM_V_INT, 0, 1, 1000000, NULL}

static const struct cxm_field_spec language_fields[] = {
	{"lang", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, lang_codes},
	{"next", CXM_V_LOCALPATH, 0, 0, 2000, NULL},
};
/* pages/login.c */
static const struct cxm_field_spec login_form_fields[] = {
	{"next", CXM_V_LOCALPATH, 0, 0, 2000, NULL},
	{"expired", CXM_V_BOOL, 0, 0, 0, NULL},
};
static const struct cxm_field_spec login_fields[] = {
	{"email", CXM_V_LINE, CXM_F_REQUIRED, 0, 254, NULL},
	PASSWORD("password", CXM_F_REQUIRED),
	{"next", CXM_V_LOCALPATH, 0, 0, 2000, NULL},
};
/* pages/password.c */
static const struct cxm_field_spec forgot_fields[] = {
	{"email", CXM_V_EMAIL, CXM_F_REQUIRED, 0, 254, NULL},
};
static const struct cxm_field_spec reset_form_fields[] = {
	TOKEN_IN_PATH,
};
static const struct cxm_field_spec reset_fields[] = {
	TOKEN_IN_PATH,
	PASSWORD("password", CXM_F_REQUIRED),
	PASSWORD("password2", CXM_F_REQUIRED),
};
static const struct cxm_field_spec change_password_fields[] = {
	PASSWORD("current", CXM_F_REQUIRED),
	PASSWORD("password", CXM_F_REQUIRED),
	PASSWORD("password2", CXM_F_REQUIRED),
};
/* pages/account.c */
static const struct cxm_field_spec account_fields[] = {
	{"name", CXM_V_LINE, CXM_F_REQUIRED, 1, 200, NULL},
	{"language", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, lang_codes},
};
/* pages/switch.c */
static const struct cxm_field_spec switch_fields[] = {
	{"business", CXM_V_INT, CXM_F_REQUIRED, 1, 9223372036854775807LL, NULL},
};
/* pages/signup.c */
static const struct cxm_field_spec signup_fields[] = {
	{"business_name", CXM_V_LINE, CXM_F_REQUIRED, 1, 200, NULL},
	{"slug", CXM_V_LINE, CXM_F_REQUIRED, 2, 64, NULL},
	{"industry", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, industry_choices},
	{"timezone", CXM_V_LINE, CXM_F_REQUIRED, 1, 64, NULL},
	{"name", CXM_V_LINE, CXM_F_REQUIRED, 1, 200, NULL},
	{"email", CXM_V_EMAIL, CXM_F_REQUIRED, 0, 254, NULL},
	PASSWORD("password", CXM_F_REQUIRED),
	PASSWORD("password2", CXM_F_REQUIRED),
};
/* pages/admin_users.c */
static const struct cxm_field_spec users_list_fields[] = {
	{"q", CXM_V_LINE, 0, 0, 200, NULL},
	PAGE_NUMBER,
};
static const struct cxm_field_spec invite_fields[] = {
	{"email", CXM_V_EMAIL, CXM_F_REQUIRED, 0, 254, NULL},
	{"name", CXM_V_LINE, 0, 0, 200, NULL},
	{"role", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, role_choices},
};
static const struct cxm_field_spec user_id_fields[] = {
	ID_IN_PATH,
};
static const struct cxm_field_spec user_role_fields[] = {
	ID_IN_PATH,
	{"role", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, role_choices},
};
/* pages/invite.c */
static const struct cxm_field_spec accept_form_fields[] = {
	TOKEN_IN_PATH,
};
static const struct cxm_field_spec accept_fields[] = {
	TOKEN_IN_PATH,
	{"name", CXM_V_LINE, 0, 0, 200, NULL},
	PASSWORD("password", CXM_F_REQUIRED),
	PASSWORD("password2", 0),
};
/* pages/admin_business.c */
static const struct cxm_field_spec business_fields[] = {
	{"name", CXM_V_LINE, CXM_F_REQUIRED, 1, 200, NULL},
	{"industry", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, industry_choices},
	{"locale", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, lang_codes},
	{"timezone", CXM_V_LINE, CXM_F_REQUIRED, 1, 64, NULL},
	{"currency", CXM_V_LINE, 0, 0, 10, NULL},
};
/* pages/admin_audit.c */
static const struct cxm_field_spec audit_fields[] = {
	{"action", CXM_V_LINE, 0, 0, 64, NULL},
	{"actor", CXM_V_LINE, 0, 0, 254, NULL},
	{"from", CXM_V_DATE, 0, 0, 0, NULL},
	{"to", CXM_V_DATE, 0, 0, 0, NULL},
	PAGE_NUMBER,
};
/* pages/admin_plugins.c */
static const char *const plugins_done_choices[] = {"on", "off", "saved", NULL};
static const struct cxm_field_spec plugins_fields[] = {
	{"done", CXM_V_ENUM, 0, 0, 0, plugins_done_choices},
	{"plugin", CXM_V_LINE, 0, 1, 63, NULL},
};
static const struct cxm_field_spec plugin_name_fields[] = {
	{"name", CXM_V_LINE, CXM_F_REQUIRED | CXM_F_PATH, 1, 63, NULL},
	{"confirm", CXM_V_BOOL, 0, 0, 0, NULL},
};
/* pages/site_businesses.c */
static const struct cxm_field_spec businesses_list_fields[] = {
	{"q", CXM_V_LINE, 0, 0, 200, NULL},
	PAGE_NUMBER,
};
static const struct cxm_field_spec business_create_fields[] = {
	{"slug", CXM_V_LINE, CXM_F_REQUIRED, 2, 64, NULL},
	{"name", CXM_V_LINE, CXM_F_REQUIRED, 1, 200, NULL},
	{"industry", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, industry_choices},
	{"locale", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, lang_codes},
	{"timezone", CXM_V_LINE, CXM_F_REQUIRED, 1, 64, NULL},
	{"owner_email", CXM_V_EMAIL, CXM_F_REQUIRED, 0, 254, NULL},
	{"owner_name", CXM_V_LINE, 0, 0, 200, NULL},
};

/* pages/clients.c, client.c, client_edit.c, client_life.c */
static const char *const consent_choices[] = {"yes", "no", NULL};
#define CURSOR(name) {name, CXM_V_LINE, 0, 0, 300, NULL}
/* The client list's fields; the exports take the same ones first, so
 * that an export link carries the list's filters (cxm_cp_read_filter). */
#define CXM_CLIENT_LIST_FIELDS \
	{"q", CXM_V_LINE, 0, 0, 200, NULL}, \
	{"sort", CXM_V_ENUM, 0, 0, 0, cxm_csort_codes}, \
	CURSOR("after"), \
	CURSOR("before"), \
	{"last", CXM_V_BOOL, 0, 0, 0, NULL}, \
	{"gender", CXM_V_LINE, 0, 0, 40, NULL}, \
	{"age_band", CXM_V_LINE, 0, 0, 40, NULL}, \
	{"region", CXM_V_LINE, 0, 0, 40, NULL}, \
	{"profession", CXM_V_LINE, 0, 0, 40, NULL}, \
	{"source", CXM_V_LINE, 0, 0, 40, NULL}, \
	{"consent", CXM_V_ENUM, 0, 0, 0, consent_choices}, \
	{"tag", CXM_V_LINE, 0, 0, 64, NULL}, \
	{"attr", CXM_V_LINE, 0, 0, 64, NULL}, \
	{"attr_value", CXM_V_LINE, 0, 0, 1000, NULL}, \
	{"since_from", CXM_V_DATE, 0, 0, 0, NULL}, \
	{"since_to", CXM_V_DATE, 0, 0, 0, NULL}, \
	{"last_from", CXM_V_DATE, 0, 0, 0, NULL}, \
	{"last_to", CXM_V_DATE, 0, 0, 0, NULL}, \
	{"deleted", CXM_V_BOOL, 0, 0, 0, NULL},
static const struct cxm_field_spec clients_list_fields[] = {
	CXM_CLIENT_LIST_FIELDS
};
/* The notices of a client's page after a change, in the order of
 * done_texts in pages/client.c. */
static const char *const client_done_choices[] = {
	"saved", "merged", "restored", "deleted", "erased", "added", "removed",
	"survey_sent", "survey_opt_out", "survey_opt_in", NULL,
};
static const struct cxm_field_spec client_view_fields[] = {
	ID_IN_PATH,
	{"kind", CXM_V_LINE, 0, 0, 32, NULL},
	CURSOR("after"),
	CURSOR("before"),
	{"last", CXM_V_BOOL, 0, 0, 0, NULL},
	{"done", CXM_V_ENUM, 0, 0, 0, client_done_choices},
};
/* The fixed profile fields in the order of enum cxm_cfield (client.h);
 * the limits are generous: cxm_client_check gives the precise reasons. */
#define CLIENT_FORM_FIELDS \
	{"external_id", CXM_V_LINE, 0, 0, 1000, NULL}, \
	{"name", CXM_V_LINE, 0, 0, 1000, NULL}, \
	{"email", CXM_V_LINE, 0, 0, 1000, NULL}, \
	{"phone", CXM_V_LINE, 0, 0, 1000, NULL}, \
	{"birth_date", CXM_V_LINE, 0, 0, 100, NULL}, \
	{"age_band", CXM_V_LINE, 0, 0, 100, NULL}, \
	{"gender", CXM_V_LINE, 0, 0, 100, NULL}, \
	{"region", CXM_V_LINE, 0, 0, 100, NULL}, \
	{"city", CXM_V_LINE, 0, 0, 1000, NULL}, \
	{"profession", CXM_V_LINE, 0, 0, 100, NULL}, \
	{"profession_other", CXM_V_LINE, 0, 0, 1000, NULL}, \
	{"source", CXM_V_LINE, 0, 0, 100, NULL}, \
	{"source_detail", CXM_V_LINE, 0, 0, 1000, NULL}, \
	{"first_seen", CXM_V_LINE, 0, 0, 100, NULL}, \
	{"marketing_consent", CXM_V_LINE, 0, 0, 10, NULL}, \
	{"tags", CXM_V_LINE, 0, 0, 5000, NULL}
static const struct cxm_field_spec client_new_fields[] = {
	CLIENT_FORM_FIELDS,
};
static const struct cxm_field_spec client_edit_fields[] = {
	CLIENT_FORM_FIELDS,
	ID_IN_PATH,
};
static const char *const interaction_forms[] = {"full", "note", NULL};
/* The interaction fields in the order of enum cxm_ifield (interaction.h). */
static const struct cxm_field_spec interaction_add_fields[] = {
	{"kind", CXM_V_LINE, 0, 0, 100, NULL},
	{"occurred_at", CXM_V_LINE, 0, 0, 100, NULL},
	{"channel", CXM_V_LINE, 0, 0, 1000, NULL},
	{"amount", CXM_V_LINE, 0, 0, 100, NULL},
	{"currency", CXM_V_LINE, 0, 0, 100, NULL},
	{"service", CXM_V_LINE, 0, 0, 1000, NULL},
	{"location", CXM_V_LINE, 0, 0, 1000, NULL},
	{"staff", CXM_V_LINE, 0, 0, 1000, NULL},
	{"items", CXM_V_LINE, 0, 0, 2000, NULL},
	{"text", CXM_V_TEXT, 0, 0, 20000, NULL},
	{"form", CXM_V_ENUM, 0, 0, 0, interaction_forms},
	ID_IN_PATH,
};
static const struct cxm_field_spec client_id_fields[] = {
	ID_IN_PATH,
};
static const struct cxm_field_spec client_erase_fields[] = {
	ID_IN_PATH,
	{"confirm", CXM_V_BOOL, 0, 0, 0, NULL},
};
static const char *const duplicate_keys[] = {"email", "phone", NULL};
static const struct cxm_field_spec duplicates_fields[] = {
	{"by", CXM_V_ENUM, 0, 0, 0, duplicate_keys},
	{"after", CXM_V_LINE, 0, 0, 300, NULL},
	{"client", CXM_V_INT, 0, 1, 9223372036854775807LL, NULL},
};
static const struct cxm_field_spec merge_fields[] = {
	{"keep", CXM_V_INT, CXM_F_REQUIRED, 1, 9223372036854775807LL, NULL},
	{"other", CXM_V_INT, CXM_F_REQUIRED, 1, 9223372036854775807LL, NULL},
};
/* pages/admin_client_fields.c */
static const char *const ctype_choices[] = {"text", "number", "date", "choice", NULL};
static const struct cxm_field_spec client_field_add_fields[] = {
	{"code", CXM_V_LINE, 0, 0, 64, NULL},
	{"label", CXM_V_LINE, 0, 0, 200, NULL},
	{"type", CXM_V_ENUM, 0, 0, 0, ctype_choices},
	{"choices", CXM_V_TEXT, 0, 0, 30000, NULL},
};
static const struct cxm_field_spec client_field_save_fields[] = {
	ID_IN_PATH,
	{"label", CXM_V_LINE, 0, 0, 200, NULL},
	{"choices", CXM_V_TEXT, 0, 0, 30000, NULL},
	{"position", CXM_V_INT, 0, 0, 100000, NULL},
};
/* pages/export.c */
static const char *const sep_choices[] = {"semicolon", "comma", NULL};
static const char *const ikind_choices[] = {"visit", "purchase", "call", "message", "note",
                                            "complaint", "survey", NULL};   /* cxm_ikind_names */
static const struct cxm_field_spec clients_export_fields[] = {
	CXM_CLIENT_LIST_FIELDS
	{"sep", CXM_V_ENUM, 0, 0, 0, sep_choices},
};
static const struct cxm_field_spec client_history_export_fields[] = {
	ID_IN_PATH,
	{"sep", CXM_V_ENUM, 0, 0, 0, sep_choices},
};
static const struct cxm_field_spec interactions_export_fields[] = {
	{"sep", CXM_V_ENUM, 0, 0, 0, sep_choices},
	{"kind", CXM_V_ENUM, 0, 0, 0, ikind_choices},
};
/* pages/import.c */
static const char *const import_kind_choices[] = {"clients", "interactions", NULL};
static const char *const import_sep_choices[] = {"auto", "semicolon", "comma", NULL};
static const struct cxm_field_spec import_form_fields[] = {
	{"kind", CXM_V_ENUM, 0, 0, 0, import_kind_choices},
};
static const struct cxm_field_spec import_upload_fields[] = {
	{"kind", CXM_V_ENUM, 0, 0, 0, import_kind_choices},
	{"sep", CXM_V_ENUM, 0, 0, 0, import_sep_choices},
	{"file", CXM_V_FILE, 0, 0, 0, NULL},
};
static const struct cxm_field_spec import_id_fields[] = {
	ID_IN_PATH,
};
static const struct cxm_field_spec import_page_fields[] = {
	ID_IN_PATH,
	PAGE_NUMBER,
};
static const struct cxm_field_spec imports_list_fields[] = {
	PAGE_NUMBER,
};

/* pages/survey_respond.c: the answers themselves are read by name
 * (survey_logic.h) and judged there, not by these validators. */
static const char *const survey_go_choices[] = {"next", "back", NULL};
static const struct cxm_field_spec survey_link_fields[] = {
	TOKEN_IN_PATH,
};
static const struct cxm_field_spec survey_answer_fields[] = {
	TOKEN_IN_PATH,
	{"key", CXM_V_LINE, 0, 0, 64, NULL},
	{"page", CXM_V_INT, 0, 0, 10000, NULL},
	{"reached", CXM_V_INT, 0, 0, 10000, NULL},
	{"go", CXM_V_ENUM, 0, 0, 0, survey_go_choices},
	{"started", CXM_V_INT, 0, 0, 4102444800LL, NULL},
};
/* pages/surveys.c, survey_edit.c */
static const char *const survey_status_choices[] = {"active", "closed", NULL};
static const char *const survey_link_choices[] = {"on", "off", "new", NULL};
static const char *const qtype_choices[] = {"single", "multiple", "scale", "nps", "ces", "csat", "csi",
                                            "text", "name", "email", NULL};   /* cxm_qtype_names */
static const char *const cond_choices[] = {"none", "in", "not_in", "le", "ge", "answered", NULL};
static const char *const mode_choices[] = {"prefill", "skip", NULL};
static const char *const move_choices[] = {"up", "down", NULL};
static const struct cxm_field_spec surveys_list_fields[] = {
	PAGE_NUMBER,
};
static const struct cxm_field_spec survey_create_fields[] = {
	{"title_ru", CXM_V_LINE, 0, 0, 200, NULL},
	{"title_en", CXM_V_LINE, 0, 0, 200, NULL},
};
static const struct cxm_field_spec survey_id_fields[] = {
	ID_IN_PATH,
};
static const struct cxm_field_spec survey_preview_fields[] = {
	ID_IN_PATH,
	{"page", CXM_V_INT, 0, 1, 10000, NULL},
};
static const struct cxm_field_spec survey_save_fields[] = {
	ID_IN_PATH,
	{"title_ru", CXM_V_LINE, 0, 0, 200, NULL},
	{"title_en", CXM_V_LINE, 0, 0, 200, NULL},
	{"intro_ru", CXM_V_TEXT, 0, 0, 5000, NULL},
	{"intro_en", CXM_V_TEXT, 0, 0, 5000, NULL},
	{"thanks_ru", CXM_V_TEXT, 0, 0, 5000, NULL},
	{"thanks_en", CXM_V_TEXT, 0, 0, 5000, NULL},
	{"status", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, survey_status_choices},
	{"open_link", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, survey_link_choices},
};
static const struct cxm_field_spec survey_section_fields[] = {
	ID_IN_PATH,
	{"title_ru", CXM_V_LINE, 0, 0, 300, NULL},
	{"title_en", CXM_V_LINE, 0, 0, 300, NULL},
};
static const struct cxm_field_spec survey_question_add_fields[] = {
	ID_IN_PATH,
	{"code", CXM_V_LINE, 0, 0, 100, NULL},
	{"type", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, qtype_choices},
};
static const struct cxm_field_spec survey_question_fields[] = {
	ID_IN_PATH,
	{"text_ru", CXM_V_TEXT, 0, 0, 1000, NULL},
	{"text_en", CXM_V_TEXT, 0, 0, 1000, NULL},
	{"help_ru", CXM_V_LINE, 0, 0, 1000, NULL},
	{"help_en", CXM_V_LINE, 0, 0, 1000, NULL},
	{"required", CXM_V_BOOL, 0, 0, 0, NULL},
	{"type", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, qtype_choices},
	{"options", CXM_V_TEXT, 0, 0, 30000, NULL},
	{"scale_min", CXM_V_INT, 0, -100, 100, NULL},
	{"scale_max", CXM_V_INT, 0, -100, 100, NULL},
	{"min_label_ru", CXM_V_LINE, 0, 0, 100, NULL},
	{"min_label_en", CXM_V_LINE, 0, 0, 100, NULL},
	{"max_label_ru", CXM_V_LINE, 0, 0, 100, NULL},
	{"max_label_en", CXM_V_LINE, 0, 0, 100, NULL},
	{"cond_code", CXM_V_LINE, 0, 0, 64, NULL},
	{"cond_op", CXM_V_ENUM, 0, 0, 0, cond_choices},
	{"cond_values", CXM_V_LINE, 0, 0, 500, NULL},
	{"profile_field", CXM_V_LINE, 0, 0, 80, NULL},
	{"profile_mode", CXM_V_ENUM, 0, 0, 0, mode_choices},
};
static const struct cxm_field_spec survey_move_fields[] = {
	ID_IN_PATH,
	{"dir", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, move_choices},
};

/* pages/feedback_*.c, admin_feedback_lists.c */
static const char *const fb_status_filter[] = {"open", "new", "in_progress", "answered", "resolved",
                                               "rejected", NULL};
static const char *const fb_moves[] = {"in_progress", "answered", "resolved", NULL};   /* rejecting: /reject */
/* the notices of an item's page, in the order of done_texts in pages/feedback_item.c */
static const char *const fb_done_choices[] = {"created", "replied", "mailed", "commented", "status",
                                              "assigned", "classified", NULL};
static const char *const fb_list_done[] = {"added", "renamed", "removed", NULL};
static const char *const fb_lists[] = {"department", "defect", NULL};
#define OPT_ID(name) {name, CXM_V_INT, 0, 1, 9223372036854775807LL, NULL}
static const struct cxm_field_spec feedback_inbox_fields[] = {
	{"status", CXM_V_ENUM, 0, 0, 0, fb_status_filter},
	{"channel", CXM_V_ENUM, 0, 0, 0, cxm_fb_channel_names},
	{"type", CXM_V_ENUM, 0, 0, 0, cxm_fb_type_names},
	OPT_ID("department"),
	{"assignee", CXM_V_LINE, 0, 0, 20, NULL},
	{"overdue", CXM_V_BOOL, 0, 0, 0, NULL},
	OPT_ID("client"),
	{"after", CXM_V_LINE, 0, 0, 30, NULL},
};
static const struct cxm_field_spec feedback_new_form_fields[] = {
	OPT_ID("client"),
	{"q", CXM_V_LINE, 0, 0, 200, NULL},
};
/* in the order of FN_* in pages/feedback_entry.c; the model gives the reasons */
static const struct cxm_field_spec feedback_new_fields[] = {
	{"client", CXM_V_LINE, 0, 0, 100, NULL},
	{"contact_name", CXM_V_LINE, 0, 0, 1000, NULL},
	{"contact_email", CXM_V_LINE, 0, 0, 1000, NULL},
	{"contact_phone", CXM_V_LINE, 0, 0, 100, NULL},
	{"channel", CXM_V_LINE, 0, 0, 100, NULL},
	{"type", CXM_V_LINE, 0, 0, 100, NULL},
	{"department", CXM_V_LINE, 0, 0, 100, NULL},
	{"defect", CXM_V_LINE, 0, 0, 100, NULL},
	{"priority", CXM_V_LINE, 0, 0, 100, NULL},
	{"rating", CXM_V_LINE, 0, 0, 100, NULL},
	{"received_at", CXM_V_LINE, 0, 0, 100, NULL},
	{"text", CXM_V_TEXT, 0, 0, 20000, NULL},
};
static const struct cxm_field_spec feedback_view_fields[] = {
	ID_IN_PATH,
	{"done", CXM_V_ENUM, 0, 0, 0, fb_done_choices},
};
static const struct cxm_field_spec feedback_status_fields[] = {
	ID_IN_PATH,
	{"status", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, fb_moves},
};
static const struct cxm_field_spec feedback_text_fields[] = {
	ID_IN_PATH,
	{"text", CXM_V_TEXT, 0, 0, 10000, NULL},
};
static const struct cxm_field_spec feedback_assign_fields[] = {
	ID_IN_PATH,
	OPT_ID("assignee"),
};
static const struct cxm_field_spec feedback_classify_fields[] = {
	ID_IN_PATH,
	{"type", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, cxm_fb_type_names},
	OPT_ID("department"),
	OPT_ID("defect"),
	{"priority", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, cxm_fb_priority_names},
};
static const struct cxm_field_spec feedback_report_fields[] = {
	{"from", CXM_V_DATE, 0, 0, 0, NULL},
	{"to", CXM_V_DATE, 0, 0, 0, NULL},
};
#define SLUG_IN_PATH {"slug", CXM_V_LINE, CXM_F_REQUIRED | CXM_F_PATH, 1, 64, NULL}
static const struct cxm_field_spec feedback_public_form_fields[] = {
	SLUG_IN_PATH,
};
/* in the order of FP_* in pages/feedback_public.c */
static const struct cxm_field_spec feedback_public_fields[] = {
	SLUG_IN_PATH,
	{"name", CXM_V_LINE, 0, 0, 1000, NULL},
	{"email", CXM_V_LINE, 0, 0, 1000, NULL},
	{"phone", CXM_V_LINE, 0, 0, 100, NULL},
	{"rating", CXM_V_LINE, 0, 0, 100, NULL},
	{"text", CXM_V_TEXT, 0, 0, 20000, NULL},
	{"website", CXM_V_TEXT, 0, 0, 0, NULL},
	{"key", CXM_V_LINE, 0, 0, 100, NULL},
};
static const struct cxm_field_spec feedback_lists_fields[] = {
	{"done", CXM_V_ENUM, 0, 0, 0, fb_list_done},
};
static const struct cxm_field_spec feedback_list_add_fields[] = {
	{"list", CXM_V_ENUM, CXM_F_REQUIRED, 0, 0, fb_lists},
	{"name", CXM_V_LINE, 0, 0, 1000, NULL},
};
static const struct cxm_field_spec feedback_list_rename_fields[] = {
	ID_IN_PATH,
	{"name", CXM_V_LINE, 0, 0, 1000, NULL},
};

/* pages/survey_send.c, survey_triggers.c, survey_results.c */
static const struct cxm_field_spec client_survey_send_fields[] = {
	ID_IN_PATH,
	{"survey", CXM_V_INT, 0, 1, 9223372036854775807LL, NULL},
};
static const struct cxm_field_spec client_survey_opt_out_fields[] = {
	ID_IN_PATH,
	{"opt_out", CXM_V_BOOL, 0, 0, 0, NULL},
};
static const struct cxm_field_spec clients_survey_fields[] = {
	CXM_CLIENT_LIST_FIELDS
	{"survey", CXM_V_INT, 0, 1, 9223372036854775807LL, NULL},
};
static const char *const automation_done_choices[] = {"added", "on", "off", "deleted", "settings", NULL};
static const struct cxm_field_spec survey_automation_fields[] = {
	{"done", CXM_V_ENUM, 0, 0, 0, automation_done_choices},
};
static const char *const trigger_event_choices[] = {
	"visit", "purchase", "call", "message", "feedback_resolved", NULL,   /* cxm_trigger_event_names */
};
static const struct cxm_field_spec survey_trigger_add_fields[] = {
	{"survey", CXM_V_INT, 0, 1, 9223372036854775807LL, NULL},
	{"event", CXM_V_ENUM, 0, 0, 0, trigger_event_choices},
	{"delay_days", CXM_V_INT, 0, 0, 365, NULL},
};
static const struct cxm_field_spec survey_trigger_id_fields[] = {
	ID_IN_PATH,
};
static const char *const followup_rule_choices[] = {"none", "user", "round_robin", NULL};
static const struct cxm_field_spec survey_settings_fields[] = {
	{"quiet_days", CXM_V_INT, 0, 0, 365, NULL},
	{"nps_low_max", CXM_V_INT, 0, 0, 10, NULL},
	{"csat_low_max", CXM_V_INT, 0, 1, 5, NULL},
	{"ces_hard_count", CXM_V_INT, 0, 1, 6, NULL},
	{"followup_rule", CXM_V_ENUM, 0, 0, 0, followup_rule_choices},
	{"followup_user_id", CXM_V_INT, 0, 1, 9223372036854775807LL, NULL},
};
static const struct cxm_field_spec survey_results_fields[] = {
	ID_IN_PATH,
	{"from", CXM_V_DATE, 0, 0, 0, NULL},
	{"to", CXM_V_DATE, 0, 0, 0, NULL},
	{"age_band", CXM_V_LINE, 0, 0, 40, NULL},
	{"gender", CXM_V_LINE, 0, 0, 40, NULL},
	{"region", CXM_V_LINE, 0, 0, 40, NULL},
	{"source", CXM_V_LINE, 0, 0, 40, NULL},
	{"tag", CXM_V_LINE, 0, 0, 64, NULL},
	{"before", CXM_V_INT, 0, 1, 9223372036854775807LL, NULL},
};
static const struct cxm_field_spec survey_response_fields[] = {
	ID_IN_PATH,
	{"rid", CXM_V_INT, CXM_F_REQUIRED | CXM_F_PATH, 1, 9223372036854775807LL, NULL},
};
static const struct cxm_field_spec survey_response_id_fields[] = {
	ID_IN_PATH,
};

/* pages/dashboard.c, dashboard_metric.c, dashboard_drill.c: the period
 * fields first (CXM_DF_* in pages/dashboard_pages.h) */
#define DASHBOARD_PERIOD_FIELDS \
	{"period", CXM_V_LINE, 0, 0, 10, NULL}, {"at", CXM_V_LINE, 0, 0, 10, NULL}, \
	{"from", CXM_V_LINE, 0, 0, 10, NULL}, {"to", CXM_V_LINE, 0, 0, 10, NULL}
static const struct cxm_field_spec dashboard_fields[] = {
	DASHBOARD_PERIOD_FIELDS,
};
static const struct cxm_field_spec dashboard_metric_fields[] = {
	DASHBOARD_PERIOD_FIELDS,
	{"plugin", CXM_V_LINE, CXM_F_REQUIRED, 1, 63, NULL},
	{"metric", CXM_V_LINE, CXM_F_REQUIRED, 1, 63, NULL},
};
static const struct cxm_field_spec dashboard_drill_fields[] = {
	DASHBOARD_PERIOD_FIELDS,
	{"plugin", CXM_V_LINE, CXM_F_REQUIRED, 1, 63, NULL},
	{"metric", CXM_V_LINE, CXM_F_REQUIRED, 1, 63, NULL},
	{"part", CXM_V_LINE, 0, 0, 63, NULL},
	{"dimension", CXM_V_LINE, 0, 0, 32, NULL},
	{"group", CXM_V_LINE, 0, 0, 64, NULL},
	{"offset", CXM_V_INT, 0, 0, 100000000, NULL},
};

const struct cxm_route cxm_routes[] = {
	{CXM_GET, "/", cxm_page_home, NOFIELDS, 0, CXM_PUBLIC},
	{CXM_GET, "/healthz", cxm_page_healthz, NOFIELDS, 0, CXM_PUBLIC},
	{CXM_POST, "/language", cxm_page_set_language, FIELDS(language_fields), 0, CXM_PUBLIC},

	{CXM_GET, "/login", cxm_page_login_form, FIELDS(login_form_fields), CXM_R_FORM, CXM_PUBLIC},
	{CXM_POST, "/login", cxm_page_login, FIELDS(login_fields), CXM_R_FORM, CXM_PUBLIC},
	{CXM_POST, "/logout", cxm_page_logout, NOFIELDS, 0, CXM_PUBLIC},
	{CXM_GET, "/password/forgot", cxm_page_forgot_form, NOFIELDS, 0, CXM_PUBLIC},
	{CXM_POST, "/password/forgot", cxm_page_forgot, FIELDS(forgot_fields), CXM_R_FORM, CXM_PUBLIC},
	{CXM_GET, "/password/reset/{token}", cxm_page_reset_form, FIELDS(reset_form_fields), 0, CXM_PUBLIC},
	{CXM_POST, "/password/reset/{token}", cxm_page_reset, FIELDS(reset_fields), CXM_R_FORM, CXM_PUBLIC},
	{CXM_GET, "/invite/{token}", cxm_page_accept_form, FIELDS(accept_form_fields), 0, CXM_PUBLIC},
	{CXM_POST, "/invite/{token}", cxm_page_accept, FIELDS(accept_fields), CXM_R_FORM, CXM_PUBLIC},
	{CXM_GET, "/signup", cxm_page_signup_form, NOFIELDS, 0, CXM_PUBLIC},
	{CXM_POST, "/signup", cxm_page_signup, FIELDS(signup_fields), CXM_R_FORM, CXM_PUBLIC},

	{CXM_GET, "/account", cxm_page_account, NOFIELDS, 0, CXM_SIGNED_IN},
	{CXM_POST, "/account", cxm_page_account_save, FIELDS(account_fields), CXM_R_FORM, CXM_SIGNED_IN},
	{CXM_POST, "/account/password", cxm_page_change_password, FIELDS(change_password_fields), CXM_R_FORM, CXM_SIGNED_IN},
	{CXM_GET, "/switch", cxm_page_switch_form, NOFIELDS, 0, CXM_SIGNED_IN},
	{CXM_POST, "/switch", cxm_page_switch, FIELDS(switch_fields), 0, CXM_SIGNED_IN},

	{CXM_GET, "/admin/users", cxm_page_users, FIELDS(users_list_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/users/invite", cxm_page_user_invite, FIELDS(invite_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/admin/users/{id}", cxm_page_user, FIELDS(user_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/users/{id}/role", cxm_page_user_role, FIELDS(user_role_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/users/{id}/suspend", cxm_page_user_suspend, FIELDS(user_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/users/{id}/restore", cxm_page_user_restore, FIELDS(user_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/invitations/{id}/revoke", cxm_page_invitation_revoke, FIELDS(user_id_fields), 0, CXM_ADMIN},
	{CXM_GET, "/admin/business", cxm_page_business_settings, NOFIELDS, 0, CXM_ADMIN},
	{CXM_POST, "/admin/business", cxm_page_business_save, FIELDS(business_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/admin/audit", cxm_page_audit, FIELDS(audit_fields), 0, CXM_ADMIN},
	{CXM_GET, "/admin/plugins", cxm_page_plugins, FIELDS(plugins_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/plugins/{name}/enable", cxm_page_plugin_enable, FIELDS(plugin_name_fields), 0, CXM_ADMIN},
	{CXM_GET, "/admin/plugins/{name}/disable", cxm_page_plugin_disable_form, FIELDS(plugin_name_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/plugins/{name}/disable", cxm_page_plugin_disable, FIELDS(plugin_name_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/plugins/{name}/settings", cxm_page_plugin_settings_save, FIELDS(plugin_name_fields), 0, CXM_ADMIN},

	{CXM_GET, "/clients/export.csv", cxm_page_clients_export_csv, FIELDS(clients_export_fields), 0, CXM_ANALYST},
	{CXM_GET, "/clients/export.xlsx", cxm_page_clients_export_xlsx, FIELDS(clients_export_fields), 0, CXM_ANALYST},
	{CXM_GET, "/clients/{id}/interactions.csv", cxm_page_client_interactions_csv, FIELDS(client_history_export_fields), 0, CXM_ANALYST},
	{CXM_GET, "/interactions/export.csv", cxm_page_interactions_export_csv, FIELDS(interactions_export_fields), 0, CXM_ANALYST},
	{CXM_GET, "/interactions/export.xlsx", cxm_page_interactions_export_xlsx, FIELDS(interactions_export_fields), 0, CXM_ANALYST},
	{CXM_GET, "/clients/import", cxm_page_import_form, FIELDS(import_form_fields), 0, CXM_MANAGER},
	{CXM_POST, "/clients/import", cxm_page_import_upload, FIELDS(import_upload_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_GET, "/clients/imports", cxm_page_imports, FIELDS(imports_list_fields), 0, CXM_MANAGER},
	{CXM_GET, "/clients/imports/{id}", cxm_page_import, FIELDS(import_page_fields), 0, CXM_MANAGER},
	{CXM_GET, "/clients/imports/{id}/mapping", cxm_page_import_mapping, FIELDS(import_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/clients/imports/{id}/mapping", cxm_page_import_queue, FIELDS(import_id_fields), 0, CXM_MANAGER},
	{CXM_GET, "/clients/imports/{id}/report.csv", cxm_page_import_report_csv, FIELDS(import_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/clients/imports/{id}/retry", cxm_page_import_retry, FIELDS(import_id_fields), 0, CXM_MANAGER},

	{CXM_GET, "/site/businesses", cxm_page_site_businesses, FIELDS(businesses_list_fields), 0, CXM_SITE_ADMIN},
	{CXM_POST, "/site/businesses", cxm_page_site_business_create, FIELDS(business_create_fields), CXM_R_FORM, CXM_SITE_ADMIN},

	/* the client base; the fixed paths come before /clients/{id} */
	{CXM_GET, "/clients", cxm_page_clients, FIELDS(clients_list_fields), CXM_R_FORM, CXM_ANALYST},
	{CXM_GET, "/clients/new", cxm_page_client_new_form, NOFIELDS, 0, CXM_MANAGER},
	{CXM_POST, "/clients/new", cxm_page_client_create, FIELDS(client_new_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_GET, "/clients/duplicates", cxm_page_client_duplicates, FIELDS(duplicates_fields), 0, CXM_ANALYST},
	{CXM_POST, "/clients/merge", cxm_page_client_merge, FIELDS(merge_fields), 0, CXM_MANAGER},
	{CXM_GET, "/clients/interactions/{id}/delete", cxm_page_interaction_delete_form, FIELDS(client_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/clients/interactions/{id}/delete", cxm_page_interaction_delete, FIELDS(client_id_fields), 0, CXM_MANAGER},
	{CXM_GET, "/clients/{id}", cxm_page_client, FIELDS(client_view_fields), 0, CXM_ANALYST},
	{CXM_GET, "/clients/{id}/edit", cxm_page_client_edit_form, FIELDS(client_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/clients/{id}/edit", cxm_page_client_edit, FIELDS(client_edit_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_POST, "/clients/{id}/interactions", cxm_page_interaction_add, FIELDS(interaction_add_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_GET, "/clients/{id}/delete", cxm_page_client_delete_form, FIELDS(client_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/clients/{id}/delete", cxm_page_client_delete, FIELDS(client_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/clients/{id}/restore", cxm_page_client_restore, FIELDS(client_id_fields), 0, CXM_MANAGER},
	{CXM_GET, "/clients/{id}/erase", cxm_page_client_erase_form, FIELDS(client_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/clients/{id}/erase", cxm_page_client_erase, FIELDS(client_erase_fields), 0, CXM_ADMIN},
	{CXM_GET, "/admin/client-fields", cxm_page_client_fields, NOFIELDS, 0, CXM_ADMIN},
	{CXM_POST, "/admin/client-fields", cxm_page_client_field_add, FIELDS(client_field_add_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/admin/client-fields/{id}", cxm_page_client_field, FIELDS(client_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/client-fields/{id}", cxm_page_client_field_save, FIELDS(client_field_save_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/admin/client-fields/{id}/delete", cxm_page_client_field_delete_form, FIELDS(client_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/client-fields/{id}/delete", cxm_page_client_field_delete, FIELDS(client_id_fields), 0, CXM_ADMIN},

	/* surveys: the respondents' pages (the token is the credential) */
	{CXM_GET, "/s/{token}", cxm_page_survey_open_form, FIELDS(survey_link_fields), 0, CXM_PUBLIC},
	{CXM_POST, "/s/{token}", cxm_page_survey_open, FIELDS(survey_answer_fields), CXM_R_FORM, CXM_PUBLIC},
	{CXM_GET, "/r/{token}", cxm_page_survey_invited_form, FIELDS(survey_link_fields), 0, CXM_PUBLIC},
	{CXM_POST, "/r/{token}", cxm_page_survey_invited, FIELDS(survey_answer_fields), CXM_R_FORM, CXM_PUBLIC},
	/* the builder: managers read, admins edit */
	{CXM_GET, "/surveys", cxm_page_surveys, FIELDS(surveys_list_fields), 0, CXM_MANAGER},
	{CXM_POST, "/surveys", cxm_page_survey_create, FIELDS(survey_create_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/surveys/{id}", cxm_page_survey, FIELDS(survey_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/surveys/{id}", cxm_page_survey_save, FIELDS(survey_save_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/surveys/{id}/preview", cxm_page_survey_preview, FIELDS(survey_preview_fields), 0, CXM_MANAGER},
	{CXM_POST, "/surveys/{id}/sections", cxm_page_survey_section_add, FIELDS(survey_section_fields), 0, CXM_ADMIN},
	{CXM_POST, "/surveys/sections/{id}", cxm_page_survey_section_save, FIELDS(survey_section_fields), 0, CXM_ADMIN},
	{CXM_GET, "/surveys/sections/{id}/delete", cxm_page_survey_section_delete_form, FIELDS(survey_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/surveys/sections/{id}/delete", cxm_page_survey_section_delete, FIELDS(survey_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/surveys/sections/{id}/questions", cxm_page_survey_question_add, FIELDS(survey_question_add_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/surveys/questions/{id}", cxm_page_survey_question, FIELDS(survey_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/surveys/questions/{id}", cxm_page_survey_question_save, FIELDS(survey_question_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_POST, "/surveys/questions/{id}/move", cxm_page_survey_question_move, FIELDS(survey_move_fields), 0, CXM_ADMIN},
	{CXM_GET, "/surveys/questions/{id}/delete", cxm_page_survey_question_delete_form, FIELDS(survey_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/surveys/questions/{id}/delete", cxm_page_survey_question_delete, FIELDS(survey_id_fields), 0, CXM_ADMIN},
	/* reviews and complaints; the fixed paths come before /feedback/{id} */
	{CXM_GET, "/feedback", cxm_page_feedback_inbox, FIELDS(feedback_inbox_fields), 0, CXM_ANALYST},
	{CXM_GET, "/feedback/new", cxm_page_feedback_new_form, FIELDS(feedback_new_form_fields), 0, CXM_MANAGER},
	{CXM_POST, "/feedback/new", cxm_page_feedback_create, FIELDS(feedback_new_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_GET, "/feedback/report", cxm_page_feedback_report, FIELDS(feedback_report_fields), 0, CXM_ANALYST},
	{CXM_GET, "/feedback/{id}", cxm_page_feedback_item, FIELDS(feedback_view_fields), 0, CXM_ANALYST},
	{CXM_POST, "/feedback/{id}/status", cxm_page_feedback_status, FIELDS(feedback_status_fields), 0, CXM_MANAGER},
	{CXM_GET, "/feedback/{id}/reject", cxm_page_feedback_reject_form, FIELDS(client_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/feedback/{id}/reject", cxm_page_feedback_reject, FIELDS(client_id_fields), 0, CXM_MANAGER},
	{CXM_POST, "/feedback/{id}/reply", cxm_page_feedback_reply, FIELDS(feedback_text_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_POST, "/feedback/{id}/comment", cxm_page_feedback_comment, FIELDS(feedback_text_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_POST, "/feedback/{id}/assign", cxm_page_feedback_assign, FIELDS(feedback_assign_fields), 0, CXM_MANAGER},
	{CXM_POST, "/feedback/{id}/classify", cxm_page_feedback_classify, FIELDS(feedback_classify_fields), 0, CXM_MANAGER},
	{CXM_GET, "/admin/feedback-lists", cxm_page_feedback_lists, FIELDS(feedback_lists_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/feedback-lists", cxm_page_feedback_list_add, FIELDS(feedback_list_add_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_POST, "/admin/feedback-departments/{id}", cxm_page_feedback_department_rename, FIELDS(feedback_list_rename_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/admin/feedback-departments/{id}/delete", cxm_page_feedback_department_delete_form, FIELDS(client_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/feedback-departments/{id}/delete", cxm_page_feedback_department_delete, FIELDS(client_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/feedback-defects/{id}", cxm_page_feedback_defect_rename, FIELDS(feedback_list_rename_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/admin/feedback-defects/{id}/delete", cxm_page_feedback_defect_delete_form, FIELDS(client_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/feedback-defects/{id}/delete", cxm_page_feedback_defect_delete, FIELDS(client_id_fields), 0, CXM_ADMIN},
	{CXM_GET, "/b/{slug}/feedback", cxm_page_feedback_public_form, FIELDS(feedback_public_form_fields), 0, CXM_PUBLIC},
	{CXM_POST, "/b/{slug}/feedback", cxm_page_feedback_public_post, FIELDS(feedback_public_fields), CXM_R_FORM, CXM_PUBLIC},
	{CXM_GET, "/b/{slug}/feedback/thanks", cxm_page_feedback_public_thanks, FIELDS(feedback_public_form_fields), 0, CXM_PUBLIC},
	/* survey invitations, automatic surveys and results */
	{CXM_POST, "/clients/{id}/survey", cxm_page_client_survey_send, FIELDS(client_survey_send_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_POST, "/clients/{id}/survey-opt-out", cxm_page_client_survey_opt_out, FIELDS(client_survey_opt_out_fields), 0, CXM_MANAGER},
	{CXM_GET, "/clients/survey", cxm_page_clients_survey_form, FIELDS(clients_survey_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_POST, "/clients/survey", cxm_page_clients_survey_send, FIELDS(clients_survey_fields), CXM_R_FORM, CXM_MANAGER},
	{CXM_GET, "/admin/surveys/automation", cxm_page_survey_triggers, FIELDS(survey_automation_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/surveys/triggers", cxm_page_survey_trigger_add, FIELDS(survey_trigger_add_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_POST, "/admin/surveys/triggers/{id}/toggle", cxm_page_survey_trigger_toggle, FIELDS(survey_trigger_id_fields), 0, CXM_ADMIN},
	{CXM_GET, "/admin/surveys/triggers/{id}/delete", cxm_page_survey_trigger_delete_form, FIELDS(survey_trigger_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/surveys/triggers/{id}/delete", cxm_page_survey_trigger_delete, FIELDS(survey_trigger_id_fields), 0, CXM_ADMIN},
	{CXM_POST, "/admin/surveys/settings", cxm_page_survey_settings_save, FIELDS(survey_settings_fields), CXM_R_FORM, CXM_ADMIN},
	{CXM_GET, "/surveys/responses/{id}", cxm_page_survey_response_by_id, FIELDS(survey_response_id_fields), 0, CXM_ANALYST},
	{CXM_GET, "/surveys/{id}/results", cxm_page_survey_results, FIELDS(survey_results_fields), CXM_R_FORM, CXM_ANALYST},
	{CXM_GET, "/surveys/{id}/responses/{rid}", cxm_page_survey_response, FIELDS(survey_response_fields), CXM_R_FORM, CXM_ANALYST},
	/* the dashboard */
	{CXM_GET, "/dashboard", cxm_page_dashboard, FIELDS(dashboard_fields), CXM_R_FORM, CXM_ANALYST},
	{CXM_GET, "/dashboard/metric", cxm_page_dashboard_metric, FIELDS(dashboard_metric_fields), CXM_R_FORM, CXM_ANALYST},
	{CXM_GET, "/dashboard/drill", cxm_page_dashboard_drill, FIELDS(dashboard_drill_fields), CXM_R_FORM, CXM_ANALYST},
};

const size_t cxm_nroutes = sizeof(cxm_routes) / sizeof(cxm_routes[0]);
