/* Businesses, users, memberships; see account.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "account.h"
#include "arena.h"
#include "db.h"
#include "feedback.h"
#include "i18n.h"
#include "route.h"
#include "survey.h"
#include "utf8.h"

const char *const cxm_industries[] = {
	"salon", "retail", "hosting", "restaurant", "clinic", "fitness", "education", "other", NULL,
};
const char *const cxm_industry_labels[] = {
	N_("Beauty salon"), N_("Retail"), N_("Hosting and IT services"), N_("Restaurant or café"),
	N_("Clinic"), N_("Fitness"), N_("Education"), N_("Other services"),
};

char *cxm_email_normalize(struct cxm_arena *a, const char *email)
{
	if (!email)
		return NULL;
	size_t n = strlen(email);
	if (!cxm_email_valid(email, n))
		return NULL;
	char *out = cxm_strndup(a, email, n);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

const char *cxm_slug_problem(const char *slug)
{
	size_t n = slug ? strlen(slug) : 0;
	if (n < 2 || n > 64)
		return N_("The short name must be 2 to 64 characters long.");
	for (size_t i = 0; i < n; i++) {
		char c = slug[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
		if (!ok)
			return N_("The short name may contain only lower-case Latin letters, digits and '-', "
			          "and must not start with '-'.");
	}
	return NULL;
}

int cxm_timezone_valid(const char *tz)
{
	if (!tz || !*tz || strlen(tz) > 64 || tz[0] == '/' || strstr(tz, ".."))
		return 0;
	for (const char *p = tz; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '/' || *p == '_' || *p == '-' || *p == '+'))
			return 0;
	if (strcmp(tz, "UTC") == 0)
		return 1;
	char path[128];
	struct stat st;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cxm_industry_valid(const char *s)
{
	for (size_t i = 0; s && cxm_industries[i]; i++)
		if (strcmp(s, cxm_industries[i]) == 0)
			return 1;
	return 0;
}

enum cxm_err cxm_business_create(struct cxm_db *db, const struct cxm_new_business *b,
                                 long long *id, const char **why)
{
	*why = NULL;
	if ((*why = cxm_slug_problem(b->slug)))
		return CXM_ERR_INVALID;
	size_t nl = b->name ? strlen(b->name) : 0;
	/* 200 characters, as the column holds, not bytes */
	if (nl == 0 || !cxm_utf8_valid(b->name, nl) || cxm_utf8_length(b->name, nl) > 200) {
		*why = N_("Enter the business name (up to 200 characters).");
		return CXM_ERR_INVALID;
	}
	if (!cxm_industry_valid(b->industry)) {
		*why = N_("Choose an industry from the list.");
		return CXM_ERR_INVALID;
	}
	if (cxm_lang_from_code(b->locale) < 0) {
		*why = N_("The language must be ru or en.");
		return CXM_ERR_INVALID;
	}
	if (!cxm_timezone_valid(b->timezone)) {
		*why = N_("Unknown time zone; use a name such as Europe/Moscow.");
		return CXM_ERR_INVALID;
	}
	uint64_t newid = 0;
	enum cxm_err rc = cxm_db_exec(db,
	                              "INSERT INTO businesses (slug, name, industry, locale, timezone)"
	                              " VALUES (?, ?, ?, ?, ?)",
	                              CXM_PARAMS(CXM_PSTR(b->slug), CXM_PSTR(b->name),
	                                         CXM_PSTR(b->industry), CXM_PSTR(b->locale),
	                                         CXM_PSTR(b->timezone)),
	                              NULL, &newid);
	if (rc == CXM_ERR_DB && cxm_db_errno(db) == 1062) {
		*why = N_("This short name is already taken.");
		return CXM_ERR_INVALID;
	}
	*id = (long long)newid;
	/* every business starts with the questionnaire of document 000 */
	if (rc == CXM_OK)
		rc = cxm_survey_install_default(db, *id, &(long long){0}, NULL);
	if (rc == CXM_OK)   /* the default lists of the feedback register */
		rc = cxm_feedback_lists_ensure(db, *id, b->locale);
	return rc;
}

enum cxm_err cxm_business_by_slug(struct cxm_db *db, struct cxm_arena *a, const char *slug,
                                  long long *id)
{
	struct cxm_rows r;
	*id = 0;
	enum cxm_err rc = cxm_db_query(db, a, "SELECT id FROM businesses WHERE slug = ?",
	                               CXM_PARAMS(CXM_PSTR(slug)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	*id = cxm_rows_int(&r, 0, 0, 0);
	return CXM_OK;
}

enum cxm_err cxm_user_by_email(struct cxm_db *db, struct cxm_arena *a, const char *email,
                               long long *id)
{
	struct cxm_rows r;
	*id = 0;
	enum cxm_err rc = cxm_db_query(db, a, "SELECT id FROM users WHERE email = ?",
	                               CXM_PARAMS(CXM_PSTR(email)), &r);
	if (rc == CXM_OK && r.nrows)
		*id = cxm_rows_int(&r, 0, 0, 0);
	return rc;
}

enum cxm_err cxm_user_create(struct cxm_db *db, const char *email, const char *name,
                             const char *language, const char *password_hash, long long *id)
{
	uint64_t newid = 0;
	enum cxm_err rc = cxm_db_exec(
		db,
		"INSERT INTO users (email, name, language, password_hash, password_changed_at)"
		" VALUES (?, ?, ?, ?, IF(? IS NULL, NULL, UTC_TIMESTAMP(6)))",
		CXM_PARAMS(CXM_PSTR(email), CXM_PSTR(name), CXM_PSTR(language),
		           password_hash ? CXM_PSTR(password_hash) : CXM_PNULL,
		           password_hash ? CXM_PSTR(password_hash) : CXM_PNULL),
		NULL, &newid);
	*id = (long long)newid;
	return rc;
}

enum cxm_err cxm_membership_set(struct cxm_db *db, long long business_id, long long user_id,
                                enum cxm_role role)
{
	return cxm_db_exec(db,
	                   "INSERT INTO memberships (business_id, user_id, role, created_at)"
	                   " VALUES (?, ?, ?, UTC_TIMESTAMP(6))"
	                   " ON DUPLICATE KEY UPDATE role = VALUES(role), disabled = 0",
	                   CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(user_id),
	                              CXM_PSTR(cxm_role_names[role])),
	                   NULL, NULL);
}
