/* The default survey every business starts with: the questionnaire of
 * document 000 ("Пример опросника"), word for word in Russian with an
 * English translation, with its sections, conditions, required marks and
 * profile mapping (docs/surveys.md explains how its notes were modelled). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "log.h"
#include "survey.h"
#include "token.h"

struct dopt {
	const char *code, *ru, *en;
	int is_other;
	int value;   /* 0: none (no scale point starts at 0 here) */
};

struct dq {
	int section;   /* 1..6 */
	const char *code, *type, *ru, *en;
	int required;
	int scale_min, scale_max;   /* 0, 0: none */
	const char *min_ru, *min_en, *max_ru, *max_en;
	const char *cond_code, *cond_op, *cond_values;
	const char *profile_field;
	struct dopt opts[14];
};

static const char *const section_titles[6][2] = {
	{"Общая информация о клиенте (демографическая сегментация)",
	 "General information about you (demographic segmentation)"},
	{"Географическая сегментация", "Geographic segmentation"},
	{"Поведенческая сегментация", "Behavioural segmentation"},
	{"Сегментация по удовлетворенности (CSAT, NPS, CES)", "Satisfaction (CSAT, NPS, CES)"},
	{"Сегментация по клиентскому пути", "Customer journey"},
	{"Сегментация по мотивации и ценности клиента (LTV)", "Motivation and customer value (LTV)"},
};

/* The regions: exactly the codes of clients.region (core/client.c). */
#define REGIONS                                                                    \
	{"minsk", "Минск", "Minsk", 0, 0},                                             \
	{"minsk_region", "Минская область", "Minsk Region", 0, 0},                     \
	{"brest", "Брест", "Brest", 0, 0},                                             \
	{"brest_region", "Брестская область", "Brest Region", 0, 0},                   \
	{"vitebsk", "Витебск", "Vitebsk", 0, 0},                                       \
	{"vitebsk_region", "Витебская область", "Vitebsk Region", 0, 0},               \
	{"gomel", "Гомель", "Gomel", 0, 0},                                            \
	{"gomel_region", "Гомельская область", "Gomel Region", 0, 0},                  \
	{"grodno", "Гродно", "Grodno", 0, 0},                                          \
	{"grodno_region", "Гродненская область", "Grodno Region", 0, 0},               \
	{"mogilev", "Могилёв", "Mogilev", 0, 0},                                       \
	{"mogilev_region", "Могилёвская область", "Mogilev Region", 0, 0},             \
	{"other", "За пределами Беларуси", "Outside Belarus", 0, 0}

static const struct dq questions[] = {
	{1, "name", "name", "Имя", "Name", 1, 0, 0, "", "", "", "", NULL, NULL, NULL, "name", {{0}}},
	{1, "email", "email", "Почта", "E-mail", 1, 0, 0, "", "", "", "", NULL, NULL, NULL, "email", {{0}}},
	{1, "age", "single", "Укажите ваш возраст", "Your age", 1, 0, 0, "", "", "", "", NULL, NULL, NULL,
	 "age_band",
	 {{"under18", "До 18 лет", "Under 18", 0, 0},
	  {"18-25", "18–25 лет", "18–25", 0, 0},
	  {"26-35", "26–35 лет", "26–35", 0, 0},
	  {"36-45", "36–45 лет", "36–45", 0, 0},
	  {"46-60", "46–60 лет", "46–60", 0, 0},
	  {"60plus", "60+ лет", "60+", 0, 0}}},
	{1, "gender", "single", "Ваш пол", "Your gender", 1, 0, 0, "", "", "", "", NULL, NULL, NULL, "gender",
	 {{"male", "Мужской", "Male", 0, 0}, {"female", "Женский", "Female", 0, 0}}},
	{1, "profession", "single", "Ваша профессия или сфера деятельности", "Your occupation or field of work",
	 0, 0, 0, "", "", "", "", NULL, NULL, NULL, "profession",
	 {{"student", "Студент", "Student", 0, 0},
	  {"freelancer", "Фрилансер", "Freelancer", 0, 0},
	  {"office", "Офисный работник", "Office worker", 0, 0},
	  {"executive", "Руководитель/владелец бизнеса", "Manager/business owner", 0, 0},
	  {"other", "Другое (укажите)", "Other (please specify)", 1, 0}}},

	{2, "region", "single", "В каком регионе/городе вы проживаете?", "Which region/city do you live in?",
	 1, 0, 0, "", "", "", "", NULL, NULL, NULL, "region", {REGIONS}},
	{2, "proximity", "single",
	 "Насколько важно для вас, чтобы услуги предоставлялись рядом с вашим домом/работой?",
	 "How important is it to you that the services are provided near your home/work?", 0, 0, 0, "", "",
	 "", "", NULL, NULL, NULL, NULL,
	 {{"very_important", "Очень важно", "Very important", 0, 0},
	  {"no_matter", "Не имеет значения", "It does not matter", 0, 0},
	  {"online", "Предпочитаю онлайн-услуги", "I prefer online services", 0, 0}}},

	{3, "frequency", "single", "Как часто вы пользуетесь услугами нашей компании?",
	 "How often do you use our company's services?", 0, 0, 0, "", "", "", "", NULL, NULL, NULL,
	 "visit_frequency",
	 {{"first", "Впервые", "For the first time", 0, 0},
	  {"few_per_year", "Несколько раз в год", "A few times a year", 0, 0},
	  {"monthly", "Раз в месяц", "Once a month", 0, 0},
	  {"weekly", "Раз в неделю и чаще", "Once a week or more often", 0, 0}}},
	{3, "source", "single", "Как вы узнали о нашей компании?", "How did you hear about our company?", 0, 0,
	 0, "", "", "", "", NULL, NULL, NULL, "source",
	 {{"social", "Социальные сети", "Social networks", 0, 0},
	  {"friends", "Рекомендации друзей", "Recommended by friends", 0, 0},
	  {"search", "Поиск в интернете", "Internet search", 0, 0},
	  {"other", "Другое (укажите)", "Other (please specify)", 1, 0}}},
	{3, "social_network", "single", "В каких социальных сетях вы нашли нас?",
	 "In which social networks did you find us?", 0, 0, 0, "", "", "", "", "source", "in", "social",
	 "custom:social_network",
	 {{"instagram", "Instagram", "Instagram", 0, 0},
	  {"telegram", "Telegram", "Telegram", 0, 0},
	  {"tiktok", "TikTok", "TikTok", 0, 0},
	  {"viber", "Viber", "Viber", 0, 0},
	  {"facebook", "Facebook", "Facebook", 0, 0},
	  {"other", "Другое (укажите)", "Other (please specify)", 1, 0}}},
	{3, "usage", "single", "Вы используете наши услуги в основном", "You use our services mainly", 0, 0, 0,
	 "", "", "", "", NULL, NULL, NULL, NULL,
	 {{"personal", "Для личных нужд", "For personal needs", 0, 0},
	  {"business", "Для работы/бизнеса", "For work/business", 0, 0}}},
	{3, "priority", "single", "Что для вас важнее при выборе услуги?",
	 "What matters most to you when choosing a service?", 0, 0, 0, "", "", "", "", NULL, NULL, NULL,
	 "custom:priority",
	 {{"price", "Цена", "Price", 0, 0},
	  {"quality", "Качество", "Quality", 0, 0},
	  {"speed", "Скорость", "Speed", 0, 0},
	  {"service", "Уровень сервиса", "Level of service", 0, 0}}},

	{4, "csat", "csat", "Оцените вашу удовлетворенность нашим сервисом.", "Rate your satisfaction with our service.",
	 1, 1, 5, "Совсем не доволен", "Not satisfied at all", "Полностью доволен", "Completely satisfied",
	 NULL, NULL, NULL, NULL,
	 {{"p1", "Совсем не доволен", "Not satisfied at all", 0, 1},
	  {"p2", "Скорее не доволен", "Rather dissatisfied", 0, 2},
	  {"p3", "Нейтрально", "Neutral", 0, 3},
	  {"p4", "Скорее доволен", "Rather satisfied", 0, 4},
	  {"p5", "Полностью доволен", "Completely satisfied", 0, 5}}},
	{4, "nps", "nps", "Насколько вероятно, что вы порекомендуете нашу компанию друзьям (NPS)?",
	 "How likely are you to recommend our company to friends (NPS)?", 1, 0, 10, "", "", "", "", NULL, NULL,
	 NULL, NULL,
	 {{"low", "1–6 (Низкая вероятность)", "1–6 (Unlikely)", 0, 1},
	  {"medium", "7–8 (Средняя вероятность)", "7–8 (Fairly likely)", 0, 7},
	  {"high", "9–10 (Высокая вероятность)", "9–10 (Very likely)", 0, 9}}},
	{4, "ces", "ces", "Оцените удобство взаимодействия с нашей компанией (CES)",
	 "Rate how easy it is to deal with our company (CES)", 1, 1, 5, "Очень сложно", "Very difficult",
	 "Очень легко", "Very easy", NULL, NULL, NULL, NULL,
	 {{"p1", "Очень сложно", "Very difficult", 0, 1},
	  {"p2", "Скорее сложно", "Rather difficult", 0, 2},
	  {"p3", "Нейтрально", "Neutral", 0, 3},
	  {"p4", "Скорее легко", "Rather easy", 0, 4},
	  {"p5", "Очень легко", "Very easy", 0, 5}}},
	{4, "liked", "multiple", "Какие аспекты нашей услуги вам понравились больше всего? (Можно выбрать несколько)",
	 "Which aspects of our service did you like most? (You may choose several)", 1, 0, 0, "", "", "", "",
	 NULL, NULL, NULL, NULL,
	 {{"quality", "Качество", "Quality", 0, 0},
	  {"speed", "Скорость", "Speed", 0, 0},
	  {"price", "Цена", "Price", 0, 0},
	  {"politeness", "Вежливость персонала", "Polite staff", 0, 0},
	  {"other", "Другое (укажите)", "Other (please specify)", 1, 0}}},
	{4, "improve", "text", "Что бы вы хотели улучшить? (Открытый вопрос)",
	 "What would you like us to improve? (Open question)", 0, 0, 0, "", "", "", "", NULL, NULL, NULL, NULL,
	 {{0}}},

	{5, "tenure", "single", "Как давно вы стали клиентом нашей компании?",
	 "How long have you been our client?", 0, 0, 0, "", "", "", "", NULL, NULL, NULL, "tenure",
	 {{"just_now", "Только что", "Just now", 0, 0},
	  {"months", "Несколько месяцев назад", "A few months", 0, 0},
	  {"year_plus", "Год назад и более", "A year or more", 0, 0}}},
	{5, "continue", "single", "Планируете ли вы продолжать пользоваться нашей услугой?",
	 "Do you plan to keep using our service?", 0, 0, 0, "", "", "", "", NULL, NULL, NULL, NULL,
	 {{"yes", "Да, однозначно", "Yes, definitely", 0, 0},
	  {"rather_yes", "Скорее да", "Probably yes", 0, 0},
	  {"unsure", "Не уверен", "Not sure", 0, 0},
	  {"rather_no", "Скорее нет", "Probably not", 0, 0},
	  {"no", "Нет", "No", 0, 0}}},

	{6, "pay_more", "single", "Готовы ли вы платить больше за улучшенный сервис?",
	 "Would you pay more for a better service?", 0, 0, 0, "", "", "", "", NULL, NULL, NULL, NULL,
	 {{"yes_if_better", "Да, если он значительно лучше", "Yes, if it is much better", 0, 0},
	  {"maybe", "Возможно, если цена оправдана", "Perhaps, if the price is justified", 0, 0},
	  {"no_low_price", "Нет, важна только низкая цена", "No, only a low price matters", 0, 0}}},
	{6, "choose_us", "single", "Что заставило бы вас выбрать нас вместо конкурентов?",
	 "What would make you choose us over competitors?", 0, 0, 0, "", "", "", "", NULL, NULL, NULL,
	 "custom:choose_reason",
	 {{"lower_price", "Более низкая цена", "A lower price", 0, 0},
	  {"better_quality", "Лучшее качество", "Better quality", 0, 0},
	  {"personal", "Персонализированный сервис", "Personalised service", 0, 0},
	  {"bonuses", "Дополнительные бонусы/скидки", "Extra bonuses/discounts", 0, 0}}},
	{6, "loyalty_interest", "single", "Насколько вам интересны программы лояльности и бонусы?",
	 "How interested are you in loyalty programmes and bonuses?", 0, 0, 0, "", "", "", "", NULL, NULL,
	 NULL, NULL,
	 {{"very", "Очень интересны", "Very interested", 0, 0},
	  {"rather", "Скорее интересны", "Rather interested", 0, 0},
	  {"neutral", "Нейтрально", "Neutral", 0, 0},
	  {"rather_not", "Скорее неинтересны", "Rather not interested", 0, 0},
	  {"not_at_all", "Совсем неинтересны", "Not interested at all", 0, 0}}},
};

/* The custom attributes the default survey's questions map to: code,
 * label (the business's admin may rename it), the question whose option
 * codes are its choices. */
static const struct {
	const char *code, *label, *question;
} attributes[] = {
	{"social_network", "Соцсеть, где нас нашли", "social_network"},
	{"priority", "Что важнее при выборе услуги", "priority"},
	{"choose_reason", "Что заставило бы выбрать нас", "choose_us"},
};

static const struct dq *find_q(const char *code)
{
	for (size_t i = 0; i < sizeof(questions) / sizeof(questions[0]); i++)
		if (strcmp(questions[i].code, code) == 0)
			return &questions[i];
	return NULL;
}

static enum cxm_err add_attributes(struct cxm_db *db, long long business_id)
{
	enum cxm_err rc = CXM_OK;
	for (size_t i = 0; rc == CXM_OK && i < sizeof(attributes) / sizeof(attributes[0]); i++) {
		const struct dq *q = find_q(attributes[i].question);
		char choices[1024];
		size_t n = 0;
		choices[0] = '\0';
		for (size_t k = 0; q->opts[k].code && n + 70 < sizeof(choices); k++)
			n += (size_t)snprintf(choices + n, sizeof(choices) - n, "%s%s", k ? "\n" : "", q->opts[k].code);
		/* an attribute of that code the business already has is kept as it is */
		rc = cxm_db_exec(db,
		                 "INSERT IGNORE INTO client_fields (business_id, code, label, type, choices, position)"
		                 " SELECT ?, ?, ?, 'choice', ?, COALESCE(MAX(position), 0) + 1 FROM client_fields"
		                 " WHERE business_id = ?",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(attributes[i].code),
		                            CXM_PSTR(attributes[i].label), CXM_PSTR(choices), CXM_PINT(business_id)),
		                 NULL, NULL);
	}
	return rc;
}

static enum cxm_err install(struct cxm_db *db, long long business_id, long long *id)
{
	char token[CXM_TOKEN_CHARS + 1];
	cxm_token_new(token);
	uint64_t sid = 0, vid = 0;
	enum cxm_err rc = cxm_db_exec(db,
	                              "INSERT INTO surveys (business_id, title_ru, title_en, open_token, is_default)"
	                              " VALUES (?, ?, ?, ?, 1)",
	                              CXM_PARAMS(CXM_PINT(business_id),
	                                         CXM_PSTR("Опросник для сегментации клиентов сферы услуг"),
	                                         CXM_PSTR("Client segmentation questionnaire"), CXM_PSTR(token)),
	                              NULL, &sid);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_versions (business_id, survey_id, number, intro_ru, intro_en,"
		                 " thanks_ru, thanks_en) VALUES (?, ?, 1, ?, ?, ?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(sid),
		                            CXM_PSTR("Обязательная информация: Имя, почта."),
		                            CXM_PSTR("Required information: name, e-mail."),
		                            CXM_PSTR("Спасибо! Ваши ответы сохранены."),
		                            CXM_PSTR("Thank you! Your answers have been saved.")),
		                 NULL, &vid);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "UPDATE surveys SET current_version_id = ? WHERE id = ?",
		                 CXM_PARAMS(CXM_PINT(vid), CXM_PINT(sid)), NULL, NULL);
	long long sections[6] = {0};
	for (int s = 0; rc == CXM_OK && s < 6; s++) {
		uint64_t x = 0;
		rc = cxm_db_exec(db,
		                 "INSERT INTO survey_sections (business_id, version_id, position, title_ru, title_en)"
		                 " VALUES (?, ?, ?, ?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(vid), CXM_PINT(s + 1),
		                            CXM_PSTR(section_titles[s][0]), CXM_PSTR(section_titles[s][1])),
		                 NULL, &x);
		sections[s] = (long long)x;
	}
	for (size_t i = 0; rc == CXM_OK && i < sizeof(questions) / sizeof(questions[0]); i++) {
		const struct dq *q = &questions[i];
		int ranged = q->scale_max > q->scale_min;
		uint64_t qid = 0;
		rc = cxm_db_exec(
			db,
			"INSERT INTO survey_questions (business_id, version_id, section_id, position, code, type,"
			" text_ru, text_en, required, scale_min, scale_max, min_label_ru, min_label_en,"
			" max_label_ru, max_label_en, cond_code, cond_op, cond_values, profile_field, profile_mode)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'prefill')",
			CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(vid), CXM_PINT(sections[q->section - 1]),
			           CXM_PINT(i + 1), CXM_PSTR(q->code), CXM_PSTR(q->type), CXM_PSTR(q->ru),
			           CXM_PSTR(q->en), CXM_PINT(q->required),
			           ranged ? CXM_PINT(q->scale_min) : CXM_PNULL,
			           ranged ? CXM_PINT(q->scale_max) : CXM_PNULL, CXM_PSTR(q->min_ru),
			           CXM_PSTR(q->min_en), CXM_PSTR(q->max_ru), CXM_PSTR(q->max_en),
			           q->cond_code ? CXM_PSTR(q->cond_code) : CXM_PNULL,
			           q->cond_op ? CXM_PSTR(q->cond_op) : CXM_PNULL,
			           q->cond_values ? CXM_PSTR(q->cond_values) : CXM_PNULL,
			           q->profile_field ? CXM_PSTR(q->profile_field) : CXM_PNULL),
			NULL, &qid);
		for (size_t k = 0; rc == CXM_OK && q->opts[k].code; k++) {
			const struct dopt *o = &q->opts[k];
			rc = cxm_db_exec(db,
			                 "INSERT INTO survey_options (business_id, question_id, position, code, label_ru,"
			                 " label_en, is_other, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			                 CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(qid), CXM_PINT(k + 1),
			                            CXM_PSTR(o->code), CXM_PSTR(o->ru), CXM_PSTR(o->en),
			                            CXM_PINT(o->is_other), o->value ? CXM_PINT(o->value) : CXM_PNULL),
			                 NULL, NULL);
		}
	}
	if (rc == CXM_OK)
		rc = add_attributes(db, business_id);
	*id = (long long)sid;
	return rc;
}

enum cxm_err cxm_survey_install_once(struct cxm_db *db, long long business_id, const char *find_sql,
                                     const struct cxm_param *params, size_t nparams,
                                     enum cxm_err (*install_fn)(struct cxm_db *, long long, long long *),
                                     const char *what, long long *id, int *installed)
{
	struct cxm_arena *a = cxm_arena_new(4096);
	int own = !cxm_db_in_transaction(db);
	enum cxm_err rc = own ? cxm_db_begin(db) : CXM_OK;
	struct cxm_rows r;
	if (installed)
		*installed = 0;
	*id = 0;
	if (rc == CXM_OK)
		rc = cxm_db_query(db, a, find_sql, params, nparams, &r);
	if (rc == CXM_OK && r.nrows) {
		*id = cxm_rows_int(&r, 0, 0, 0);
	} else if (rc == CXM_OK) {
		rc = install_fn(db, business_id, id);
		if (rc == CXM_OK && installed)
			*installed = 1;
	}
	if (own) {
		if (rc == CXM_OK)
			rc = cxm_db_commit(db);
		if (rc != CXM_OK)
			cxm_db_rollback(db);
	}
	if (rc != CXM_OK)
		cxm_error("installing the %s of business %lld failed: %s", what, business_id,
		          cxm_db_error(db));
	cxm_arena_free(a);
	return rc;
}

enum cxm_err cxm_survey_install_default(struct cxm_db *db, long long business_id, long long *id,
                                        int *installed)
{
	return cxm_survey_install_once(db, business_id,
	                               "SELECT id FROM surveys WHERE business_id = ? AND is_default = 1"
	                               " AND deleted_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE",
	                               CXM_PARAMS(CXM_PINT(business_id)), install, "default survey", id,
	                               installed);
}
