/* The route table: every URL the application answers, who may use it, and
 * the fields each accepts. Field order matches the F_* enums in the
 * handlers' files. The business a route works on is never a field: it is
 * the session's. */
#include "config.h"

#include "client_filter.h"
#include "pages/pages.h"
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
};
/* pages/admin_audit.c */
static const struct cxm_field_spec audit_fields[] = {
	{"action", CXM_V_LINE, 0, 0, 64, NULL},
	{"actor", CXM_V_LINE, 0, 0, 254, NULL},
	{"from", CXM_V_DATE, 0, 0, 0, NULL},
	{"to", CXM_V_DATE, 0, 0, 0, NULL},
	PAGE_NUMBER,
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

/* pages/export.c */
static const char *const sep_choices[] = {"semicolon", "comma", NULL};
static const char *const ikind_choices[] = {"visit", "purchase", "call", "message", "note",
                                            "complaint", "survey", NULL};   /* cxm_ikind_names */
static const struct cxm_field_spec clients_export_fields[] = {
	{"sep", CXM_V_ENUM, 0, 0, 0, sep_choices},
	CXM_CLIENT_FILTER_FIELDS,
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
};

const size_t cxm_nroutes = sizeof(cxm_routes) / sizeof(cxm_routes[0]);
