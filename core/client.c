/* The client model; see client.h. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "arena.h"
#include "buf.h"
#include "client.h"
#include "db.h"
#include "feedback.h"
#include "i18n.h"
#include "log.h"
#include "tz.h"
#include "utf8.h"

/* ---- the fields and their values ------------------------------------------ */

static const char *const age_bands[] = {"under18", "18-25", "26-35", "36-45", "46-60", "60plus", NULL};
static const char *const age_band_labels[] = {
	N_("Under 18"), N_("18–25"), N_("26–35"), N_("36–45"), N_("46–60"), N_("Over 60"), NULL,
};
static const char *const genders[] = {"female", "male", NULL};
static const char *const gender_labels[] = {N_("Female"), N_("Male"), NULL};
/* The regional centres and regions of Belarus (document 000's geography
 * question), and everything else. */
static const char *const regions[] = {
	"minsk", "minsk_region", "brest", "brest_region", "vitebsk", "vitebsk_region", "gomel",
	"gomel_region", "grodno", "grodno_region", "mogilev", "mogilev_region", "other", NULL,
};
static const char *const region_labels[] = {
	N_("Minsk"), N_("Minsk Region"), N_("Brest"), N_("Brest Region"), N_("Vitebsk"),
	N_("Vitebsk Region"), N_("Gomel"), N_("Gomel Region"), N_("Grodno"), N_("Grodno Region"),
	N_("Mogilev"), N_("Mogilev Region"), N_("Outside Belarus"), NULL,
};
static const char *const professions[] = {"student", "freelancer", "office", "executive", "other", NULL};
static const char *const profession_labels[] = {
	N_("Student"), N_("Freelancer"), N_("Office worker"), N_("Executive or business owner"),
	N_("Other occupation"), NULL,
};
static const char *const sources[] = {"social", "friends", "search", "advertising", "walk_in", "other", NULL};
static const char *const source_labels[] = {
	N_("Social networks"), N_("Recommended by friends"), N_("Internet search"), N_("Advertising"),
	N_("Walked in"), N_("Other source"), NULL,
};

const struct cxm_cfield_info cxm_cfields[CXM_CF_MAX] = {
	[CXM_CF_EXTERNAL_ID] = {"external_id", N_("External ID"), 64, NULL, NULL,
	                        "external id|id|client id|код|код клиента|внешний id|внешний код"},
	[CXM_CF_NAME] = {"name", N_("Name"), 200, NULL, NULL,
	                 "full name|client|имя|фио|клиент|имя клиента"},
	[CXM_CF_EMAIL] = {"email", N_("E-mail"), 254, NULL, NULL,
	                  "e-mail|mail|почта|эл. почта|электронная почта|e-mail адрес"},
	[CXM_CF_PHONE] = {"phone", N_("Phone"), 40, NULL, NULL,
	                  "telephone|mobile|phone number|телефон|тел|тел.|мобильный"},
	[CXM_CF_BIRTH_DATE] = {"birth_date", N_("Date of birth"), 10, NULL, NULL,
	                       "birthday|date of birth|birthdate|дата рождения|день рождения"},
	[CXM_CF_AGE_BAND] = {"age_band", N_("Age"), 20, age_bands, age_band_labels,
	                     "age|age group|возраст|возрастная группа"},
	[CXM_CF_GENDER] = {"gender", N_("Gender"), 20, genders, gender_labels, "sex|пол"},
	[CXM_CF_REGION] = {"region", N_("Region"), 40, regions, region_labels, "область|регион"},
	[CXM_CF_CITY] = {"city", N_("City"), 100, NULL, NULL, "town|город|населённый пункт|населенный пункт"},
	[CXM_CF_PROFESSION] = {"profession", N_("Occupation"), 60, professions, profession_labels,
	                       "occupation|профессия|сфера деятельности|род занятий"},
	[CXM_CF_PROFESSION_OTHER] = {"profession_other", N_("Occupation, in their words"), 100, NULL, NULL,
	                             "occupation details|профессия (другое)"},
	[CXM_CF_SOURCE] = {"source", N_("How they found us"), 60, sources, source_labels,
	                   "acquisition source|channel|источник|канал привлечения|откуда узнал"},
	[CXM_CF_SOURCE_DETAIL] = {"source_detail", N_("Source details"), 100, NULL, NULL,
	                          "source details|social network|соцсеть|источник (подробно)"},
	[CXM_CF_FIRST_SEEN] = {"first_seen", N_("Client since"), 10, NULL, NULL,
	                       "first seen|client since|registered|клиент с|первый визит|дата регистрации"},
	[CXM_CF_MARKETING_CONSENT] = {"marketing_consent", N_("Agrees to marketing messages"), 5, NULL, NULL,
	                              "consent|marketing|согласие|согласие на рассылку|рассылка"},
	[CXM_CF_TAGS] = {"tags", N_("Tags"), 1000, NULL, NULL, "labels|теги|метки"},
};

const char *const cxm_ctype_names[CXM_CT_MAX] = {"text", "number", "date", "choice"};
const char *const cxm_ctype_labels[CXM_CT_MAX] = {N_("Text"), N_("Number"), N_("Date"), N_("Choice")};

#define MAX_TAGS 50
#define TAG_CHARS 64
#define CUSTOM_CHARS 1000

/* Lower-cases ASCII and Russian/Belarusian Cyrillic letters of a UTF-8
 * string (enough to compare labels and headers case-insensitively). */
static char *fold(struct cxm_arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = cxm_alloc(a, n + 1);
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *o = (unsigned char *)out;
	while (*p) {
		if (*p < 0x80) {
			*o++ = (unsigned char)tolower(*p++);
		} else if (p[0] == 0xd0 && p[1] >= 0x90 && p[1] <= 0x9f) {  /* А-П -> а-п */
			*o++ = 0xd0;
			*o++ = (unsigned char)(p[1] + 0x20);
			p += 2;
		} else if (p[0] == 0xd0 && p[1] >= 0xa0 && p[1] <= 0xaf) {  /* Р-Я -> р-я */
			*o++ = 0xd1;
			*o++ = (unsigned char)(p[1] - 0x20);
			p += 2;
		} else if (p[0] == 0xd0 && p[1] == 0x81) {  /* Ё -> ё */
			*o++ = 0xd1;
			*o++ = 0x91;
			p += 2;
		} else if (p[0] == 0xd0 && p[1] == 0x86) {  /* І -> і */
			*o++ = 0xd1;
			*o++ = 0x96;
			p += 2;
		} else if (p[0] == 0xd0 && p[1] == 0x8e) {  /* Ў -> ў */
			*o++ = 0xd1;
			*o++ = 0x9e;
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	return out;
}

/* s without leading and trailing spaces and tabs (arena copy). */
static char *trim(struct cxm_arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return cxm_strndup(a, s, n);
}

int cxm_cfield_from_header(const char *header)
{
	struct cxm_arena *a = cxm_arena_new(1024);
	char *h = fold(a, trim(a, header));
	int found = -1;
	for (int f = 0; f < CXM_CF_MAX && found < 0; f++) {
		if (strcmp(h, cxm_cfields[f].code) == 0) {
			found = f;
			break;
		}
		/* the label, as an export in either language writes it */
		for (int l = 0; l < CXM_LANG_MAX && found < 0; l++)
			if (strcmp(h, fold(a, cxm_gettext_lang((enum cxm_lang)l, cxm_cfields[f].label))) == 0)
				found = f;
		if (found >= 0)
			break;
		const char *al = cxm_cfields[f].aliases;
		while (al && *al) {
			size_t n = strcspn(al, "|");
			if (strlen(h) == n && strncmp(h, al, n) == 0) {
				found = f;
				break;
			}
			al += n + (al[n] == '|');
		}
	}
	cxm_arena_free(a);
	return found;
}

const char *cxm_cfield_choice_label(enum cxm_cfield f, const char *value)
{
	const struct cxm_cfield_info *info = &cxm_cfields[f];
	if (!info->choices || !value)
		return NULL;
	for (size_t i = 0; info->choices[i]; i++)
		if (strcmp(info->choices[i], value) == 0)
			return info->choice_labels[i];
	return NULL;
}

/* The stored code of a choice field for what was typed: the code itself or
 * its label in any language, case-insensitive; NULL when none matches. */
static const char *match_choice(struct cxm_arena *a, const struct cxm_cfield_info *info,
                                const char *typed)
{
	const char *t = fold(a, typed);
	for (size_t i = 0; info->choices[i]; i++) {
		if (strcmp(t, info->choices[i]) == 0)
			return info->choices[i];
		for (int l = 0; l < CXM_LANG_MAX; l++)
			if (strcmp(t, fold(a, cxm_gettext_lang((enum cxm_lang)l, info->choice_labels[i]))) == 0)
				return info->choices[i];
	}
	return NULL;
}

/* ---- values ------------------------------------------------------------------ */

char *cxm_phone_normalize(struct cxm_arena *a, const char *s)
{
	char d[32];
	size_t n = 0;
	int plus = 0;
	const char *p = s;
	while (*p == ' ')
		p++;
	if (*p == '+') {
		plus = 1;
		p++;
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n >= 20)
				return NULL;
			d[n++] = *p;
		} else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')' && *p != '.') {
			return NULL;
		}
	}
	d[n] = 0;
	const char *digits = d;
	if (!plus && n > 2 && d[0] == '0' && d[1] == '0') {  /* 00 international prefix */
		plus = 1;
		digits += 2;
		n -= 2;
	}
	if (n < 7 || n > 15)
		return NULL;
	if (plus)
		return cxm_printf(a, "+%s", digits);
	/* Belarus: 80 + operator/city code + number, 11 digits */
	if (n == 11 && d[0] == '8' && d[1] == '0')
		return cxm_printf(a, "+375%s", d + 2);
	/* Belarus without the plus: 375 + 9 digits */
	if (n == 12 && strncmp(d, "375", 3) == 0)
		return cxm_printf(a, "+%s", d);
	/* Russia: 8 or 7 + 10 digits */
	if (n == 11 && (d[0] == '8' || d[0] == '7'))
		return cxm_printf(a, "+7%s", d + 1);
	return cxm_strdup(a, d);
}

const char *cxm_age_band_of(const char *birth, const char *today)
{
	int by, bm, bd, ty, tm, td;
	struct cxm_arena *a = cxm_arena_new(256);
	int ok = birth && today && cxm_parse_date(a, birth, 0) && cxm_parse_date(a, today, 0) &&
	         strlen(birth) == 10 && strlen(today) == 10 &&
	         sscanf(birth, "%4d-%2d-%2d", &by, &bm, &bd) == 3 &&
	         sscanf(today, "%4d-%2d-%2d", &ty, &tm, &td) == 3;
	cxm_arena_free(a);
	if (!ok)
		return NULL;
	int age = ty - by - ((tm < bm || (tm == bm && td < bd)) ? 1 : 0);
	if (age < 18)
		return "under18";
	if (age <= 25)
		return "18-25";
	if (age <= 35)
		return "26-35";
	if (age <= 45)
		return "36-45";
	if (age <= 60)
		return "46-60";
	return "60plus";
}

/* "12,5" / "-3" / "1 200.50" -> "12.5" / "-3" / "1200.50"; NULL if not a
 * number (at most 14 digits before the point and 6 after). */
static char *normalize_number(struct cxm_arena *a, const char *s)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, 32);
	const char *p = s;
	if (*p == '-' || *p == '+') {
		if (*p == '-')
			cxm_buf_putc(&b, '-');
		p++;
	}
	int before = 0, after = 0, point = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			cxm_buf_putc(&b, *p);
			if (point)
				after++;
			else
				before++;
		} else if ((*p == '.' || *p == ',') && !point && before > 0) {
			point = 1;
			cxm_buf_putc(&b, '.');
		} else if (*p == ' ' && !point && before > 0) {
			continue;  /* thousands separator */
		} else {
			return NULL;
		}
	}
	if (before == 0 || before > 14 || after > 6 || (point && after == 0))
		return NULL;
	return b.data;
}

/* "yes" -> 1, "no" -> 0, anything else -1. */
static int parse_bool(struct cxm_arena *a, const char *s)
{
	static const char *const yes[] = {"1", "yes", "y", "true", "on", "да", "д", NULL};
	static const char *const no[] = {"0", "no", "n", "false", "off", "нет", "н", NULL};
	const char *t = fold(a, s);
	for (size_t i = 0; yes[i]; i++)
		if (strcmp(t, yes[i]) == 0)
			return 1;
	for (size_t i = 0; no[i]; i++)
		if (strcmp(t, no[i]) == 0)
			return 0;
	return -1;
}

static size_t chars(const char *s)
{
	return cxm_utf8_length(s, strlen(s));
}

/* A text value: one line, valid UTF-8, at most max characters. */
static const char *check_text(const char *s, unsigned max)
{
	size_t n = strlen(s);
	if (!cxm_utf8_valid(s, n))
		return N_("The text is not valid UTF-8.");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return N_("Use a single line without control characters.");
	if (chars(s) > max)
		return max == 100 ? N_("Use at most 100 characters.")
		     : max == 200 ? N_("Use at most 200 characters.")
		     : max == 64  ? N_("Use at most 64 characters.")
		                  : N_("The text is too long.");
	return NULL;
}

/* Splits tags on ',' and ';', trims them and drops repeats (ignoring
 * case). Returns a msgid when one is too long or there are too many. */
static const char *split_tags(struct cxm_arena *a, const char *s, const char ***out, size_t *n)
{
	const char **tags = cxm_alloc(a, sizeof(char *) * (MAX_TAGS + 1));
	*n = 0;
	const char *p = s;
	while (*p) {
		size_t len = strcspn(p, ",;");
		char *t = trim(a, cxm_strndup(a, p, len));
		p += len + (p[len] != 0);
		if (!*t)
			continue;
		const char *why = check_text(t, 1000);
		if (why)
			return why;
		if (chars(t) > TAG_CHARS)
			return N_("A tag may be at most 64 characters long.");
		int seen = 0;
		for (size_t i = 0; i < *n && !seen; i++)
			seen = strcmp(fold(a, tags[i]), fold(a, t)) == 0;
		if (seen)
			continue;
		if (*n == MAX_TAGS)
			return N_("A client may have at most 50 tags.");
		tags[(*n)++] = t;
	}
	tags[*n] = NULL;
	*out = tags;
	return NULL;
}

static const char *check_custom(struct cxm_arena *a, const struct cxm_custom_field *f,
                                const char *typed, const char **out)
{
	*out = NULL;
	switch (f->type) {
	case CXM_CT_NUMBER:
		*out = normalize_number(a, typed);
		return *out ? NULL : N_("Enter a number, e.g. 12 or 12.5.");
	case CXM_CT_DATE:
		*out = cxm_parse_date(a, typed, 0);
		return *out ? NULL : N_("Enter a date as YYYY-MM-DD or DD.MM.YYYY.");
	case CXM_CT_CHOICE: {
		const char *t = fold(a, typed);
		for (size_t i = 0; i < f->nchoices; i++)
			if (strcmp(t, fold(a, f->choices[i])) == 0) {
				*out = f->choices[i];
				return NULL;
			}
		return N_("Choose one of the listed values.");
	}
	default: {
		const char *why = check_text(typed, CUSTOM_CHARS);
		if (!why)
			*out = typed;
		return why;
	}
	}
}

int cxm_client_check(struct cxm_arena *a, const struct cxm_custom_fields *cf,
                     const struct cxm_client_input *in, int is_new, struct cxm_client *out,
                     struct cxm_client_errors *err)
{
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	size_t ncf = cf ? cf->n : 0;
	out->custom = cxm_zalloc(a, sizeof(char *) * (ncf + 1));
	out->custom_present = cxm_zalloc(a, ncf + 1);
	err->custom = cxm_zalloc(a, sizeof(char *) * (ncf + 1));
	const char *today = cxm_utc_today(a);

	for (int f = 0; f < CXM_CF_MAX; f++) {
		const struct cxm_cfield_info *info = &cxm_cfields[f];
		if (!in->v[f])
			continue;
		out->present[f] = 1;
		char *v = trim(a, in->v[f]);
		const char *why = NULL;
		if (!*v) {
			if (f == CXM_CF_NAME)
				why = N_("Enter the client's name.");
			else if (f == CXM_CF_FIRST_SEEN)
				out->present[f] = 0;  /* blank: keep (or default) */
			else if (f == CXM_CF_MARKETING_CONSENT)
				out->v[f] = "0";
			else if (f == CXM_CF_TAGS)
				out->tags = cxm_zalloc(a, sizeof(char *));
			if (why) {
				err->field[f] = why;
				err->count++;
			}
			continue;
		}
		switch (f) {
		case CXM_CF_EMAIL:
			if (strlen(v) > 254 || !(out->v[f] = cxm_email_normalize(a, v)))
				why = N_("Enter a valid e-mail address, e.g. anna@example.com.");
			break;
		case CXM_CF_PHONE:
			if (!(out->v[f] = cxm_phone_normalize(a, v)))
				why = N_("Enter a phone number of 7 to 15 digits, e.g. +375 29 123-45-67.");
			break;
		case CXM_CF_BIRTH_DATE:
		case CXM_CF_FIRST_SEEN:
			out->v[f] = cxm_parse_date(a, v, 0);
			if (!out->v[f])
				why = N_("Enter a date as YYYY-MM-DD or DD.MM.YYYY.");
			else if (strcmp(out->v[f], today) > 0)
				why = N_("The date is in the future.");
			else if (f == CXM_CF_BIRTH_DATE && strcmp(out->v[f], "1900-01-01") < 0)
				why = N_("The date of birth is before 1900.");
			break;
		case CXM_CF_MARKETING_CONSENT: {
			int b = parse_bool(a, v);
			if (b < 0)
				why = N_("Answer yes or no.");
			else
				out->v[f] = b ? "1" : "0";
			break;
		}
		case CXM_CF_TAGS:
			why = split_tags(a, v, &out->tags, &out->ntags);
			out->v[f] = v;
			break;
		default:
			if (info->choices) {
				out->v[f] = match_choice(a, info, v);
				if (!out->v[f])
					why = N_("Choose one of the listed values.");
			} else {
				why = check_text(v, info->max_chars);
				out->v[f] = v;
			}
		}
		if (why) {
			err->field[f] = why;
			err->count++;
			out->v[f] = NULL;
		}
	}
	if (is_new && !in->v[CXM_CF_NAME]) {
		err->field[CXM_CF_NAME] = N_("Enter the client's name.");
		err->count++;
	}
	/* A birth date gives the age band unless one was entered. */
	if (out->v[CXM_CF_BIRTH_DATE] && !out->v[CXM_CF_AGE_BAND] && !err->field[CXM_CF_AGE_BAND]) {
		out->v[CXM_CF_AGE_BAND] = cxm_age_band_of(out->v[CXM_CF_BIRTH_DATE], today);
		out->present[CXM_CF_AGE_BAND] = 1;
	}
	if (is_new && !out->present[CXM_CF_FIRST_SEEN]) {
		out->v[CXM_CF_FIRST_SEEN] = today;
		out->present[CXM_CF_FIRST_SEEN] = 1;
	}
	if (is_new && !out->present[CXM_CF_MARKETING_CONSENT]) {
		out->v[CXM_CF_MARKETING_CONSENT] = "0";
		out->present[CXM_CF_MARKETING_CONSENT] = 1;
	}
	for (size_t i = 0; i < ncf; i++) {
		if (!in->custom || !in->custom[i])
			continue;
		out->custom_present[i] = 1;
		char *v = trim(a, in->custom[i]);
		if (!*v)
			continue;
		const char *why = check_custom(a, &cf->f[i], v, &out->custom[i]);
		if (why) {
			err->custom[i] = why;
			err->count++;
		}
	}
	return err->count;
}

/* ---- custom attribute definitions ------------------------------------------ */

enum cxm_err cxm_custom_fields_load(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                    struct cxm_custom_fields *out)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT id, code, label, type, choices FROM client_fields"
	                               " WHERE business_id = ? ORDER BY position, id",
	                               CXM_PARAMS(CXM_PINT(business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	out->n = r.nrows;
	out->f = cxm_zalloc(a, sizeof(struct cxm_custom_field) * (r.nrows + 1));
	for (size_t i = 0; i < r.nrows; i++) {
		struct cxm_custom_field *f = &out->f[i];
		f->id = cxm_rows_int(&r, i, 0, 0);
		f->code = cxm_rows_get(&r, i, 1);
		f->label = cxm_rows_get(&r, i, 2);
		const char *type = cxm_rows_get(&r, i, 3);
		f->type = CXM_CT_TEXT;
		for (int t = 0; t < CXM_CT_MAX; t++)
			if (type && strcmp(type, cxm_ctype_names[t]) == 0)
				f->type = (enum cxm_ctype)t;
		const char *ch = cxm_rows_get(&r, i, 4);
		if (f->type == CXM_CT_CHOICE && ch) {
			size_t cap = 1;
			for (const char *p = ch; *p; p++)
				cap += *p == '\n';
			f->choices = cxm_alloc(a, sizeof(char *) * (cap + 1));
			for (const char *p = ch; *p;) {
				size_t len = strcspn(p, "\n");
				char *c = trim(a, cxm_strndup(a, p, len));
				if (*c)
					f->choices[f->nchoices++] = c;
				p += len + (p[len] == '\n');
			}
			f->choices[f->nchoices] = NULL;
		}
	}
	return CXM_OK;
}

int cxm_custom_field_find(const struct cxm_custom_fields *cf, const char *code)
{
	for (size_t i = 0; cf && i < cf->n; i++)
		if (strcasecmp(cf->f[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* ---- storing ------------------------------------------------------------------ */

/* Reverses the digits of a normalised phone ("+375291234567" ->
 * "765432192573"). */
static char *phone_reversed(struct cxm_arena *a, const char *phone)
{
	if (!phone)
		return NULL;
	size_t n = strlen(phone);
	char *out = cxm_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = n; i > 0; i--)
		if (phone[i - 1] >= '0' && phone[i - 1] <= '9')
			out[k++] = phone[i - 1];
	out[k] = 0;
	return out;
}

static struct cxm_param text_or_null(const char *s)
{
	return s ? CXM_PSTR(s) : CXM_PNULL;
}

static enum cxm_err save_tags(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              long long id, const struct cxm_client *c)
{
	enum cxm_err rc = cxm_db_exec(db, "DELETE FROM client_tags WHERE client_id = ? AND business_id = ?",
	                              CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), NULL, NULL);
	for (size_t i = 0; rc == CXM_OK && i < c->ntags; i++) {
		rc = cxm_db_exec(db, "INSERT IGNORE INTO tags (business_id, name) VALUES (?, ?)",
		                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(c->tags[i])), NULL, NULL);
		if (rc == CXM_OK)
			rc = cxm_db_exec(db,
			                 "INSERT IGNORE INTO client_tags (client_id, tag_id, business_id)"
			                 " SELECT ?, id, business_id FROM tags WHERE business_id = ? AND name = ?",
			                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id), CXM_PSTR(c->tags[i])),
			                 NULL, NULL);
	}
	(void)a;
	return rc;
}

static enum cxm_err save_custom(struct cxm_db *db, long long business_id, long long id,
                                const struct cxm_custom_fields *cf, const struct cxm_client *c)
{
	enum cxm_err rc = CXM_OK;
	for (size_t i = 0; rc == CXM_OK && cf && i < cf->n; i++) {
		if (!c->custom_present[i])
			continue;
		const struct cxm_custom_field *f = &cf->f[i];
		const char *v = c->custom[i];
		if (!v) {
			rc = cxm_db_exec(db,
			                 "DELETE FROM client_values WHERE client_id = ? AND field_id = ?"
			                 " AND business_id = ?",
			                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(f->id), CXM_PINT(business_id)), NULL,
			                 NULL);
			continue;
		}
		rc = cxm_db_exec(db,
		                 "INSERT INTO client_values (client_id, field_id, business_id, value,"
		                 " num_value, date_value) VALUES (?, ?, ?, ?, ?, ?)"
		                 " ON DUPLICATE KEY UPDATE value = VALUES(value),"
		                 " num_value = VALUES(num_value), date_value = VALUES(date_value)",
		                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(f->id), CXM_PINT(business_id), CXM_PSTR(v),
		                            f->type == CXM_CT_NUMBER ? CXM_PSTR(v) : CXM_PNULL,
		                            f->type == CXM_CT_DATE ? CXM_PSTR(v) : CXM_PNULL),
		                 NULL, NULL);
	}
	return rc;
}

static enum cxm_err insert_client(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                  const struct cxm_client *c, long long *id)
{
	const char *const *v = c->v;
	uint64_t new_id = 0;
	int consent = v[CXM_CF_MARKETING_CONSENT] && strcmp(v[CXM_CF_MARKETING_CONSENT], "1") == 0;
	enum cxm_err rc = cxm_db_exec(
		db,
		"INSERT INTO clients (business_id, external_id, name, email, phone, phone_rev, birth_date,"
		" age_band, gender, region, city, profession, profession_other, source, source_detail,"
		" first_seen, marketing_consent, consent_at, last_seen_at, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" IF(? = 1, UTC_TIMESTAMP(6), NULL), ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
		CXM_PARAMS(CXM_PINT(business_id), text_or_null(v[CXM_CF_EXTERNAL_ID]),
		           CXM_PSTR(v[CXM_CF_NAME]), text_or_null(v[CXM_CF_EMAIL]),
		           text_or_null(v[CXM_CF_PHONE]), text_or_null(phone_reversed(a, v[CXM_CF_PHONE])),
		           text_or_null(v[CXM_CF_BIRTH_DATE]), text_or_null(v[CXM_CF_AGE_BAND]),
		           text_or_null(v[CXM_CF_GENDER]), text_or_null(v[CXM_CF_REGION]),
		           text_or_null(v[CXM_CF_CITY]), text_or_null(v[CXM_CF_PROFESSION]),
		           text_or_null(v[CXM_CF_PROFESSION_OTHER]), text_or_null(v[CXM_CF_SOURCE]),
		           text_or_null(v[CXM_CF_SOURCE_DETAIL]), CXM_PSTR(v[CXM_CF_FIRST_SEEN]),
		           CXM_PINT(consent), CXM_PINT(consent), CXM_PSTR(v[CXM_CF_FIRST_SEEN])),
		NULL, &new_id);
	if (rc == CXM_ERR_DB && cxm_db_errno(db) == 1062)
		return CXM_ERR_DUPLICATE;
	*id = (long long)new_id;
	return rc;
}

/* ---- many new clients at once (imports) ---------------------------------- */

#define MANY_CHUNK 10   /* clients per INSERT: 19 parameters each */

/* The parameters of one new client, in the column order of insert_client. */
static size_t insert_params(struct cxm_arena *a, long long business_id, const struct cxm_client *c,
                            struct cxm_param *p)
{
	const char *const *v = c->v;
	int consent = v[CXM_CF_MARKETING_CONSENT] && strcmp(v[CXM_CF_MARKETING_CONSENT], "1") == 0;
	struct cxm_param q[] = {
		CXM_PINT(business_id), text_or_null(v[CXM_CF_EXTERNAL_ID]), CXM_PSTR(v[CXM_CF_NAME]),
		text_or_null(v[CXM_CF_EMAIL]), text_or_null(v[CXM_CF_PHONE]),
		text_or_null(phone_reversed(a, v[CXM_CF_PHONE])), text_or_null(v[CXM_CF_BIRTH_DATE]),
		text_or_null(v[CXM_CF_AGE_BAND]), text_or_null(v[CXM_CF_GENDER]),
		text_or_null(v[CXM_CF_REGION]), text_or_null(v[CXM_CF_CITY]),
		text_or_null(v[CXM_CF_PROFESSION]), text_or_null(v[CXM_CF_PROFESSION_OTHER]),
		text_or_null(v[CXM_CF_SOURCE]), text_or_null(v[CXM_CF_SOURCE_DETAIL]),
		CXM_PSTR(v[CXM_CF_FIRST_SEEN]), CXM_PINT(consent), CXM_PINT(consent),
		CXM_PSTR(v[CXM_CF_FIRST_SEEN]),
	};
	memcpy(p, q, sizeof(q));
	return sizeof(q) / sizeof(q[0]);
}

#define INSERT_HEAD \
	"INSERT INTO clients (business_id, external_id, name, email, phone, phone_rev, birth_date," \
	" age_band, gender, region, city, profession, profession_other, source, source_detail," \
	" first_seen, marketing_consent, consent_at, last_seen_at, created_at, updated_at) VALUES "
#define INSERT_ROW \
	"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, IF(? = 1, UTC_TIMESTAMP(6), NULL), ?," \
	" UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"
#define ROW2 INSERT_ROW ", " INSERT_ROW
#define ROW10 ROW2 ", " ROW2 ", " ROW2 ", " ROW2 ", " ROW2

/* Tags of the new clients: each distinct name made once, then the links in
 * statements of up to 80. */
static enum cxm_err insert_many_tags(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                     const struct cxm_client *const *c, size_t n, const long long *ids)
{
#define LINK "(?, ?, ?)"
#define LINK5 LINK ", " LINK ", " LINK ", " LINK ", " LINK
	static const char link_sql[] =
		"INSERT IGNORE INTO client_tags (client_id, tag_id, business_id) VALUES " LINK;
	static const char link20_sql[] = "INSERT IGNORE INTO client_tags (client_id, tag_id, business_id)"
		" VALUES " LINK5 ", " LINK5 ", " LINK5 ", " LINK5;
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += c[i]->ntags;
	if (!total)
		return CXM_OK;
	const char **names = cxm_alloc(a, sizeof(char *) * total);
	long long *tag_ids = cxm_alloc(a, sizeof(long long) * total);
	size_t nnames = 0;
	enum cxm_err rc = CXM_OK;
	struct cxm_param *p = cxm_alloc(a, sizeof(struct cxm_param) * 3 * total);
	size_t np = 0;
	for (size_t i = 0; rc == CXM_OK && i < n; i++) {
		for (size_t t = 0; rc == CXM_OK && t < c[i]->ntags; t++) {
			const char *name = c[i]->tags[t];
			size_t k = 0;
			while (k < nnames && strcmp(names[k], name) != 0)
				k++;
			if (k == nnames) {
				rc = cxm_db_exec(db, "INSERT IGNORE INTO tags (business_id, name) VALUES (?, ?)",
				                 CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(name)), NULL, NULL);
				struct cxm_rows r;
				if (rc == CXM_OK)
					rc = cxm_db_query(db, a, "SELECT id FROM tags WHERE business_id = ? AND name = ?",
					                  CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(name)), &r);
				if (rc == CXM_OK && !r.nrows)
					rc = CXM_ERR_NOT_FOUND;
				if (rc != CXM_OK)
					break;
				names[nnames] = name;
				tag_ids[nnames++] = cxm_rows_int(&r, 0, 0, 0);
			}
			p[np++] = CXM_PINT(ids[i]);
			p[np++] = CXM_PINT(tag_ids[k]);
			p[np++] = CXM_PINT(business_id);
		}
	}
	/* twenty links per statement, the rest one by one */
	size_t i = 0;
	for (; rc == CXM_OK && np - i >= 3 * 20; i += 3 * 20)
		rc = cxm_db_exec(db, link20_sql, p + i, 3 * 20, NULL, NULL);
	for (; rc == CXM_OK && i < np; i += 3)
		rc = cxm_db_exec(db, link_sql, p + i, 3, NULL, NULL);
	return rc;
}

/* The words of the names of clients first..last of the business, as
 * sql/0004_client_words.sql defines them (the same statement). */
enum cxm_err cxm_client_words_refresh(struct cxm_db *db, long long business_id, long long first,
                                      long long last)
{
	enum cxm_err rc = cxm_db_exec(db,
	                              "DELETE FROM client_words WHERE business_id = ? AND client_id BETWEEN ? AND ?",
	                              CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(first), CXM_PINT(last)),
	                              NULL, NULL);
	if (rc != CXM_OK)
		return rc;
	return cxm_db_exec(
		db,
		"INSERT IGNORE INTO client_words (business_id, word, client_id)"
		" SELECT c.business_id, LEFT(SUBSTRING_INDEX(SUBSTRING_INDEX(c.words, ' ', k.i), ' ', -1), 100), c.id"
		" FROM (SELECT id, business_id,"
		" TRIM(REGEXP_REPLACE(LOWER(name), '[^\\\\p{L}\\\\p{N}]+', ' ')) AS words"
		" FROM clients WHERE business_id = ? AND id BETWEEN ? AND ?) c"
		" JOIN (SELECT 1 AS i UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
		" UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) k"
		" ON k.i <= 1 + LENGTH(c.words) - LENGTH(REPLACE(c.words, ' ', ''))"
		" WHERE c.words <> ''",
		CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(first), CXM_PINT(last)), NULL, NULL);
}

enum cxm_err cxm_client_insert_many(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                    const struct cxm_custom_fields *cf,
                                    const struct cxm_client *const *c, size_t n, long long *ids)
{
	static const char sql10[] = INSERT_HEAD ROW10;
	enum cxm_err rc = CXM_OK;
	size_t i = 0;
	struct cxm_rows mode;
	rc = cxm_db_query(db, a, "SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment",
	                  CXM_NOPARAMS, &mode);
	/* a multi-row INSERT gets consecutive ids below lock mode 2, one apart
	 * unless the server steps them (Galera does) */
	int consecutive = rc == CXM_OK && cxm_rows_int(&mode, 0, 0, 2) < 2 && cxm_rows_int(&mode, 0, 1, 2) == 1;
	while (rc == CXM_OK && consecutive && n - i >= MANY_CHUNK) {
		struct cxm_param p[19 * MANY_CHUNK];
		size_t np = 0;
		for (size_t k = 0; k < MANY_CHUNK; k++)
			np += insert_params(a, business_id, c[i + k], p + np);
		uint64_t first = 0;
		rc = cxm_db_exec(db, sql10, p, np, NULL, &first);
		if (rc == CXM_ERR_DB && cxm_db_errno(db) == 1062)
			return CXM_ERR_DUPLICATE;
		for (size_t k = 0; rc == CXM_OK && k < MANY_CHUNK; k++)
			ids[i + k] = (long long)first + (long long)k;
		i += MANY_CHUNK;
	}
	for (; rc == CXM_OK && i < n; i++) {
		ids[i] = 0;
		rc = insert_client(db, a, business_id, c[i], &ids[i]);
	}
	long long lo = 0, hi = 0;
	for (i = 0; i < n; i++) {
		if (!lo || ids[i] < lo)
			lo = ids[i];
		if (ids[i] > hi)
			hi = ids[i];
	}
	if (rc == CXM_OK && n)
		rc = cxm_client_words_refresh(db, business_id, lo, hi);
	if (rc == CXM_OK)
		rc = insert_many_tags(db, a, business_id, c, n, ids);
	for (i = 0; rc == CXM_OK && i < n; i++)
		rc = save_custom(db, business_id, ids[i], cf, c[i]);
	return rc;
}

/* The columns an update may set, in enum order (NULL: not a plain column). */
static const char *const columns[CXM_CF_MAX] = {
	[CXM_CF_EXTERNAL_ID] = "external_id",
	[CXM_CF_NAME] = "name",
	[CXM_CF_EMAIL] = "email",
	[CXM_CF_BIRTH_DATE] = "birth_date",
	[CXM_CF_AGE_BAND] = "age_band",
	[CXM_CF_GENDER] = "gender",
	[CXM_CF_REGION] = "region",
	[CXM_CF_CITY] = "city",
	[CXM_CF_PROFESSION] = "profession",
	[CXM_CF_PROFESSION_OTHER] = "profession_other",
	[CXM_CF_SOURCE] = "source",
	[CXM_CF_SOURCE_DETAIL] = "source_detail",
};

static enum cxm_err update_client(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                  const struct cxm_client *c, long long id)
{
	/* The statement names only columns from the fixed table above; every
	 * value is a bound parameter. */
	struct cxm_buf sql;
	cxm_buf_init(&sql, a, 512);
	struct cxm_param p[CXM_CF_MAX + 8];
	size_t np = 0;
	cxm_buf_puts(&sql, "UPDATE clients SET updated_at = UTC_TIMESTAMP(6)");
	for (int f = 0; f < CXM_CF_MAX; f++) {
		if (!c->present[f] || !columns[f])
			continue;
		cxm_buf_printf(&sql, ", %s = ?", columns[f]);
		p[np++] = text_or_null(c->v[f]);
	}
	if (c->present[CXM_CF_PHONE]) {
		cxm_buf_puts(&sql, ", phone = ?, phone_rev = ?");
		p[np++] = text_or_null(c->v[CXM_CF_PHONE]);
		p[np++] = text_or_null(phone_reversed(a, c->v[CXM_CF_PHONE]));
	}
	if (c->present[CXM_CF_FIRST_SEEN] && c->v[CXM_CF_FIRST_SEEN]) {
		/* last_seen_at first: MariaDB evaluates SET left to right */
		cxm_buf_puts(&sql, ", last_seen_at = IF(interactions_count = 0, ?, last_seen_at),"
		                   " first_seen = ?");
		p[np++] = CXM_PSTR(c->v[CXM_CF_FIRST_SEEN]);
		p[np++] = CXM_PSTR(c->v[CXM_CF_FIRST_SEEN]);
	}
	if (c->present[CXM_CF_MARKETING_CONSENT] && c->v[CXM_CF_MARKETING_CONSENT]) {
		int consent = strcmp(c->v[CXM_CF_MARKETING_CONSENT], "1") == 0;
		cxm_buf_puts(&sql, ", consent_at = IF(? = 1, IF(marketing_consent = 1, consent_at,"
		                   " UTC_TIMESTAMP(6)), NULL), marketing_consent = ?");
		p[np++] = CXM_PINT(consent);
		p[np++] = CXM_PINT(consent);
	}
	cxm_buf_puts(&sql, " WHERE id = ? AND business_id = ? AND live = 1");
	p[np++] = CXM_PINT(id);
	p[np++] = CXM_PINT(business_id);
	uint64_t affected = 0;
	enum cxm_err rc = cxm_db_exec(db, sql.data, p, np, &affected, NULL);
	if (rc == CXM_ERR_DB && cxm_db_errno(db) == 1062)
		return CXM_ERR_DUPLICATE;
	if (rc != CXM_OK)
		return rc;
	if (affected == 0) {
		/* nothing changed or no such client: tell the two apart */
		struct cxm_rows r;
		rc = cxm_db_query(db, a, "SELECT 1 FROM clients WHERE id = ? AND business_id = ? AND live = 1",
		                  CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &r);
		if (rc == CXM_OK && r.nrows == 0)
			return CXM_ERR_NOT_FOUND;
	}
	return rc;
}

enum cxm_err cxm_client_save(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                             const struct cxm_custom_fields *cf, const struct cxm_client *c,
                             long long *id)
{
	int is_new = *id == 0;
	enum cxm_err rc = is_new ? insert_client(db, a, business_id, c, id)
	                         : update_client(db, a, business_id, c, *id);
	if (rc == CXM_OK && (is_new || c->present[CXM_CF_NAME]))
		rc = cxm_client_words_refresh(db, business_id, *id, *id);
	if (rc == CXM_OK && c->present[CXM_CF_TAGS])
		rc = save_tags(db, a, business_id, *id, c);
	if (rc == CXM_OK)
		rc = save_custom(db, business_id, *id, cf, c);
	return rc;
}

enum cxm_err cxm_client_match(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                              const char *external_id, const char *email, long long *id)
{
	struct cxm_rows r;
	*id = 0;
	if (external_id && *external_id) {
		enum cxm_err rc = cxm_db_query(db, a,
		                               "SELECT id FROM clients WHERE business_id = ? AND external_id = ?"
		                               " AND live = 1",
		                               CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(external_id)), &r);
		if (rc != CXM_OK)
			return rc;
		if (r.nrows) {
			*id = cxm_rows_int(&r, 0, 0, 0);
			return CXM_OK;
		}
	}
	if (email && *email) {
		const char *e = cxm_email_normalize(a, email);
		if (!e)
			return CXM_OK;
		enum cxm_err rc = cxm_db_query(db, a,
		                               "SELECT id FROM clients WHERE business_id = ? AND live = 1"
		                               " AND email = ? ORDER BY id LIMIT 1",
		                               CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(e)), &r);
		if (rc != CXM_OK)
			return rc;
		if (r.nrows)
			*id = cxm_rows_int(&r, 0, 0, 0);
	}
	return CXM_OK;
}

/* ---- life cycle ---------------------------------------------------------------- */

static enum cxm_err one_row(struct cxm_db *db, const char *sql, long long business_id, long long id)
{
	uint64_t n = 0;
	enum cxm_err rc = cxm_db_exec(db, sql, CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &n, NULL);
	if (rc == CXM_OK && n != 1)
		return CXM_ERR_NOT_FOUND;
	return rc;
}

enum cxm_err cxm_client_delete(struct cxm_db *db, long long business_id, long long id)
{
	return one_row(db,
	               "UPDATE clients SET live = 0, deleted_at = UTC_TIMESTAMP(6), updated_at = UTC_TIMESTAMP(6)"
	               " WHERE id = ? AND business_id = ? AND live = 1",
	               business_id, id);
}

enum cxm_err cxm_client_restore(struct cxm_db *db, long long business_id, long long id)
{
	return one_row(db,
	               "UPDATE clients SET live = 1, deleted_at = NULL, updated_at = UTC_TIMESTAMP(6)"
	               " WHERE id = ? AND business_id = ? AND live = 0 AND merged_into IS NULL",
	               business_id, id);
}

/* Runs fn inside a transaction: the caller's if one is open, else its own. */
static enum cxm_err in_transaction(struct cxm_db *db, enum cxm_err (*fn)(struct cxm_db *, long long,
                                                                         long long, long long),
                                   long long business_id, long long a, long long b)
{
	int own = !cxm_db_in_transaction(db);
	if (own && cxm_db_begin(db) != CXM_OK)
		return CXM_ERR_DB;
	enum cxm_err rc = fn(db, business_id, a, b);
	if (own) {
		if (rc == CXM_OK)
			rc = cxm_db_commit(db);
		if (rc != CXM_OK)
			cxm_db_rollback(db);
	}
	return rc;
}

static enum cxm_err erase_one(struct cxm_db *db, long long business_id, long long id)
{
	enum cxm_err rc = cxm_db_exec(
		db,
		"UPDATE clients SET name = '', email = NULL, phone = NULL, phone_rev = NULL,"
		" birth_date = NULL, city = NULL, external_id = NULL, profession_other = NULL,"
		" source_detail = NULL, marketing_consent = 0, consent_at = NULL,"
		" erased_at = COALESCE(erased_at, UTC_TIMESTAMP(6)), updated_at = UTC_TIMESTAMP(6)"
		" WHERE id = ? AND business_id = ?",
		CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "DELETE FROM client_values WHERE client_id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "DELETE FROM client_words WHERE client_id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "DELETE FROM client_tags WHERE client_id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "UPDATE interactions SET text = NULL WHERE client_id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_feedback_client_erased(db, business_id, id);
	/* What the client wrote in surveys (free text, "please specify", the
	 * name and e-mail answers) goes; the choices and scores stay, so every
	 * result is unchanged. */
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "UPDATE survey_answers a JOIN survey_responses r ON r.id = a.response_id"
		                 " SET a.text = NULL WHERE r.client_id = ? AND r.business_id = ?"
		                 " AND a.business_id = r.business_id AND a.text IS NOT NULL",
		                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), NULL, NULL);
	return rc;
}

static enum cxm_err erase_tx(struct cxm_db *db, long long business_id, long long id, long long unused)
{
	(void)unused;
	struct cxm_arena *a = cxm_arena_new(4096);
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, "SELECT id FROM clients WHERE id = ? AND business_id = ? FOR UPDATE",
	                               CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &r);
	if (rc == CXM_OK && r.nrows == 0)
		rc = CXM_ERR_NOT_FOUND;
	/* The client, and the records merged into it (which hold their own
	 * copy of the personal data), level by level. */
	long long ids[256];
	size_t n = 0, done = 0;
	if (rc == CXM_OK)
		ids[n++] = id;
	while (rc == CXM_OK && done < n) {
		long long cur = ids[done++];
		rc = erase_one(db, business_id, cur);
		if (rc != CXM_OK)
			break;
		cxm_arena_reset(a);
		rc = cxm_db_query(db, a, "SELECT id FROM clients WHERE merged_into = ? AND business_id = ?",
		                  CXM_PARAMS(CXM_PINT(cur), CXM_PINT(business_id)), &r);
		for (size_t i = 0; rc == CXM_OK && i < r.nrows && n < sizeof(ids) / sizeof(ids[0]); i++)
			ids[n++] = cxm_rows_int(&r, i, 0, 0);
	}
	cxm_arena_free(a);
	return rc;
}

enum cxm_err cxm_client_erase(struct cxm_db *db, long long business_id, long long id)
{
	return in_transaction(db, erase_tx, business_id, id, 0);
}

static enum cxm_err merge_tx(struct cxm_db *db, long long business_id, long long keep, long long other)
{
	if (keep == other)
		return CXM_ERR_INVALID;
	struct cxm_arena *a = cxm_arena_new(4096);
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT COUNT(*) FROM clients WHERE id IN (?, ?) AND business_id = ?"
	                               " AND live = 1 FOR UPDATE",
	                               CXM_PARAMS(CXM_PINT(keep), CXM_PINT(other), CXM_PINT(business_id)), &r);
	if (rc == CXM_OK && cxm_rows_int(&r, 0, 0, 0) != 2)
		rc = CXM_ERR_NOT_FOUND;
	cxm_arena_free(a);
	const struct cxm_param ids[] = {CXM_PINT(keep), CXM_PINT(other), CXM_PINT(business_id)};
	const struct cxm_param other_p[] = {CXM_PINT(other), CXM_PINT(business_id)};
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "UPDATE interactions SET client_id = ? WHERE client_id = ? AND business_id = ?",
		                 ids, 3, NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_feedback_client_merged(db, business_id, keep, other);
	/* the surveys the other record was sent and answered are keep's now */
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "UPDATE survey_responses SET client_id = ? WHERE client_id = ? AND business_id = ?",
		                 ids, 3, NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "UPDATE survey_invitations SET client_id = ? WHERE client_id = ? AND business_id = ?",
		                 ids, 3, NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "INSERT IGNORE INTO client_tags (client_id, tag_id, business_id)"
		                 " SELECT ?, tag_id, business_id FROM client_tags WHERE client_id = ?"
		                 " AND business_id = ?",
		                 ids, 3, NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "DELETE FROM client_tags WHERE client_id = ? AND business_id = ?",
		                 other_p, 2, NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "INSERT IGNORE INTO client_values (client_id, field_id, business_id, value,"
		                 " num_value, date_value) SELECT ?, field_id, business_id, value, num_value,"
		                 " date_value FROM client_values WHERE client_id = ? AND business_id = ?",
		                 ids, 3, NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, "DELETE FROM client_values WHERE client_id = ? AND business_id = ?",
		                 other_p, 2, NULL, NULL);
	/* keep's blank fields from other's */
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "UPDATE clients k JOIN clients o ON o.id = ? AND o.business_id = k.business_id"
		                 " SET k.email = COALESCE(k.email, o.email),"
		                 " k.phone = COALESCE(k.phone, o.phone),"
		                 " k.phone_rev = COALESCE(k.phone_rev, o.phone_rev),"
		                 " k.birth_date = COALESCE(k.birth_date, o.birth_date),"
		                 " k.age_band = COALESCE(k.age_band, o.age_band),"
		                 " k.gender = COALESCE(k.gender, o.gender),"
		                 " k.region = COALESCE(k.region, o.region),"
		                 " k.city = COALESCE(k.city, o.city),"
		                 " k.profession = COALESCE(k.profession, o.profession),"
		                 " k.profession_other = COALESCE(k.profession_other, o.profession_other),"
		                 " k.source = COALESCE(k.source, o.source),"
		                 " k.source_detail = COALESCE(k.source_detail, o.source_detail),"
		                 " k.first_seen = LEAST(k.first_seen, o.first_seen),"
		                 " k.updated_at = UTC_TIMESTAMP(6)"
		                 " WHERE k.id = ? AND k.business_id = ?",
		                 CXM_PARAMS(CXM_PINT(other), CXM_PINT(keep), CXM_PINT(business_id)), NULL, NULL);
	/* The external id is unique: other gives it up before keep takes it. */
	char *ext = NULL;
	if (rc == CXM_OK) {
		struct cxm_arena *t = cxm_arena_new(1024);
		rc = cxm_db_query(db, t, "SELECT external_id FROM clients WHERE id = ? AND business_id = ?",
		                  other_p, 2, &r);
		const char *e = rc == CXM_OK && r.nrows ? cxm_rows_get(&r, 0, 0) : NULL;
		ext = e ? cxm_xstrdup(e) : NULL;
		cxm_arena_free(t);
	}
	if (rc == CXM_OK)
		rc = cxm_db_exec(db,
		                 "UPDATE clients SET external_id = NULL, live = 0, merged_into = ?,"
		                 " deleted_at = UTC_TIMESTAMP(6), updated_at = UTC_TIMESTAMP(6)"
		                 " WHERE id = ? AND business_id = ?",
		                 ids, 3, NULL, NULL);
	if (rc == CXM_OK && ext)
		rc = cxm_db_exec(db,
		                 "UPDATE clients SET external_id = COALESCE(external_id, ?)"
		                 " WHERE id = ? AND business_id = ?",
		                 CXM_PARAMS(CXM_PSTR(ext), CXM_PINT(keep), CXM_PINT(business_id)), NULL, NULL);
	free(ext);
	if (rc == CXM_OK)
		rc = cxm_client_recount(db, business_id, keep);
	if (rc == CXM_OK)
		rc = cxm_client_recount(db, business_id, other);
	return rc;
}

enum cxm_err cxm_client_merge(struct cxm_db *db, long long business_id, long long keep,
                              long long other)
{
	return in_transaction(db, merge_tx, business_id, keep, other);
}

enum cxm_err cxm_client_recount(struct cxm_db *db, long long business_id, long long id)
{
	return cxm_db_exec(
		db,
		"UPDATE clients c LEFT JOIN (SELECT client_id, COUNT(*) AS n,"
		" SUM(kind = 'purchase') AS np, COALESCE(SUM(IF(kind = 'purchase', amount, 0)), 0) AS total,"
		" MAX(occurred_at) AS last FROM interactions WHERE business_id = ? AND client_id = ?"
		" GROUP BY client_id) i ON i.client_id = c.id"
		" SET c.interactions_count = COALESCE(i.n, 0), c.purchases_count = COALESCE(i.np, 0),"
		" c.purchases_total = COALESCE(i.total, 0),"
		" c.last_seen_at = GREATEST(CAST(c.first_seen AS DATETIME(6)), COALESCE(i.last, c.first_seen))"
		" WHERE c.id = ? AND c.business_id = ?",
		CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(id), CXM_PINT(id), CXM_PINT(business_id)), NULL,
		NULL);
}
