/* A ready-made CSI survey a business can add next to its default one: the
 * "classic" two-part questionnaire of document 001 (importance and
 * satisfaction of each parameter, 1 to 10), with the parameters a service
 * business is usually judged on. The business edits the parameters in the
 * builder like any other survey. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "db.h"
#include "log.h"
#include "survey.h"
#include "token.h"

#define CSI_TITLE_RU "Оценка параметров сервиса (CSI)"
#define CSI_TITLE_EN "Service parameters (CSI)"

static const struct {
	const char *code, *ru, *en;
} csi_params[] = {
	{"quality", "Качество услуг", "Quality of the service"},
	{"staff", "Профессионализм мастера", "The specialist's skill"},
	{"price", "Цены", "Prices"},
	{"booking", "Удобство записи", "Ease of booking"},
	{"comfort", "Чистота и комфорт", "Cleanliness and comfort"},
	{"waiting", "Время ожидания", "Waiting time"},
};

static enum cxm_err install(struct cxm_db *db, long long business_id, long long *id)
{
	char token[CXM_TOKEN_CHARS + 1];
	cxm_token_new(token);
	uint64_t sid = 0, vid = 0, sec = 0, qid = 0;
	enum cxm_err rc = cxm_db_exec(db,
	                              "INSERT INTO surveys (business_id, title_ru, title_en, open_token)"
	                              " VALUES (?, ?, ?, ?)",
	                              CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(CSI_TITLE_RU),
	                                         CXM_PSTR(CSI_TITLE_EN), CXM_PSTR(token)),
	                              NULL, &sid);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_versions (business_id, survey_id, number, intro_ru, intro_en,"
		                 " thanks_ru, thanks_en) VALUES (?, ?, 1, ?, ?, ?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(sid),
		                            CXM_PSTR("Помогите нам понять, что для вас важно и чем вы довольны."),
		                            CXM_PSTR("Help us understand what matters to you and what you are happy with."),
		                            CXM_PSTR("Спасибо! Ваши ответы сохранены."),
		                            CXM_PSTR("Thank you! Your answers have been saved.")),
		                 NULL, &vid);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "UPDATE surveys SET current_version_id = ? WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(vid), CXM_PINT(sid)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_sections (business_id, version_id, position, title_ru, title_en)"
		                 " VALUES (?, ?, 1, ?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(vid),
		                            CXM_PSTR("Параметры сервиса"), CXM_PSTR("Service parameters")),
		                 NULL, &sec);
	if (rc == CXM_OK)
		rc = cxm_db_exec(
			db,
			"INSERT INTO survey_questions (business_id, version_id, section_id, position, code, type,"
			" text_ru, text_en, help_ru, help_en, required, scale_min, scale_max, min_label_ru,"
			" min_label_en, max_label_ru, max_label_en)"
			" VALUES (?, ?, ?, 1, 'csi', 'csi', ?, ?, ?, ?, 1, 1, 10, ?, ?, ?, ?)",
			CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(vid), CXM_PINT(sec),
			           CXM_PSTR("Насколько важен для вас каждый параметр и в какой степени вы им"
			                    " удовлетворены? Оцените, пожалуйста, по шкале от 1 до 10."),
			           CXM_PSTR("How important is each parameter to you, and how satisfied are you"
			                    " with it? Please rate on a scale from 1 to 10."),
			           CXM_PSTR("Важность: 1 – «совсем не важен», 10 – «очень важен». Удовлетворённость:"
			                    " 1 – «совсем не удовлетворён», 10 – «полностью удовлетворён»."),
			           CXM_PSTR("Importance: 1 \"not important at all\", 10 \"very important\"."
			                    " Satisfaction: 1 \"not satisfied at all\", 10 \"completely satisfied\"."),
			           CXM_PSTR("совсем нет"), CXM_PSTR("not at all"), CXM_PSTR("полностью"),
			           CXM_PSTR("completely")),
			NULL, &qid);
	for (size_t k = 0; rc == CXM_OK && k < sizeof(csi_params) / sizeof(csi_params[0]); k++)
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_options (business_id, question_id, position, code, label_ru,"
		                 " label_en) VALUES (?, ?, ?, ?, ?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(qid), CXM_PINT(k + 1),
		                            CXM_PSTR(csi_params[k].code), CXM_PSTR(csi_params[k].ru),
		                            CXM_PSTR(csi_params[k].en)),
		                 NULL, NULL);
	*id = (long long)sid;
	return rc;
}

enum cxm_err cxm_survey_install_csi(struct cxm_db *db, long long business_id, long long *id,
                                    int *installed)
{
	return cxm_survey_install_once(db, business_id,
	                               "SELECT id FROM surveys WHERE business_id = ? AND title_en = ?"
	                               " AND deleted_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE",
	                               CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(CSI_TITLE_EN)), install,
	                               "CSI survey", id, installed);
}
