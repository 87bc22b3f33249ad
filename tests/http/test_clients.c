/* The client base's pages over the whole serving path (HTTP client ->
 * nginx -> cxm-fcgi -> MariaDB), as docs/clients.md ("Pages") describes
 * them: adding, viewing and editing clients with every field and custom
 * attributes, each refusal next to its field; the duplicate notice; the
 * list's keyset pages (every client exactly once, forwards and backwards,
 * in every order, over keys full of ties, with the filters kept in the
 * links); the search box (name word prefixes, e-mail prefix, the last
 * digits of a phone); every filter; the history newest first with its kind
 * filter, pages and the business's time zone; adding and removing
 * interactions; delete and restore; erasure (no personal data left in the
 * database, every aggregate unchanged); duplicates and merging; the custom
 * attributes' admin pages; the business's currency; roles; and that
 * another business's clients are never listed, found or reachable.
 *
 * Conventions of tests/http/test_account_flows.c: the stack is started
 * once in main; every test runs in a forked child with its own database
 * connection and makes its own business, users and sessions directly in
 * the database. Requests send "Accept-Language: en" and users have
 * language "en", so the texts asserted are the English msgids, compared
 * HTML-escaped as the templates write them. */
#include "config.h"

#include <check.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arena.h"
#include "client.h"
#include "db.h"
#include "harness.h"
#include "web.h"

static struct th_stack stack;

#define PER_PAGE 50

/* English texts (msgids) the tests expect. */
#define MSG_CHECK "Check the highlighted fields."
#define MSG_NAME "Enter the client's name."
#define MSG_EMAIL "Enter a valid e-mail address, e.g. anna@example.com."
#define MSG_PHONE "Enter a phone number of 7 to 15 digits, e.g. +375 29 123-45-67."
#define MSG_FUTURE_DATE "The date is in the future."
#define MSG_DATE "Enter a date as YYYY-MM-DD or DD.MM.YYYY."
#define MSG_CHOICE "Choose one of the listed values."
#define MSG_NUMBER "Enter a number, e.g. 12 or 12.5."
#define MSG_TAG_LONG "A tag may be at most 64 characters long."
#define MSG_EXT_TAKEN "Another client already has this external ID."
#define MSG_AMOUNT_MISSING "Enter the amount of the purchase."
#define MSG_AMOUNT "Enter an amount such as 25 or 25.50."
#define MSG_CURRENCY "Enter a three-letter currency code such as BYN."
#define MSG_FUTURE_TIME "The time is in the future."
#define MSG_TIME "Enter the date and time as YYYY-MM-DD HH:MM."
#define MSG_KIND "Choose one of the listed kinds."
#define MSG_NOTE "Write the note."
#define MSG_SAVED "The client has been saved."
#define MSG_ADDED "Added to the history."
#define MSG_REMOVED "Removed from the history."
#define MSG_ERASE_CONFIRM "Tick the box to confirm the erasure. Nothing was changed."
#define MSG_MERGE_SAME "Choose two different clients: one to keep and one to merge into it."
#define MSG_DENIED "You do not have permission to open this page."

/* ---- database access (per test process) -------------------------------- */

static void setup(void)
{
	tw_open(&stack);
}

static void teardown(void)
{
	tw_close();
}

/* Everything of the client base of a business (and the audit log), for
 * "nothing changed" comparisons. */
static char *base_dump(long long biz)
{
	static const char *const queries[] = {
		"SELECT * FROM clients WHERE business_id = ? ORDER BY id",
		"SELECT * FROM client_tags WHERE business_id = ? ORDER BY client_id, tag_id",
		"SELECT * FROM tags WHERE business_id = ? ORDER BY id",
		"SELECT * FROM client_fields WHERE business_id = ? ORDER BY id",
		"SELECT * FROM client_values WHERE business_id = ? ORDER BY client_id, field_id",
		"SELECT * FROM interactions WHERE business_id = ? ORDER BY id",
		"SELECT * FROM services WHERE business_id = ? ORDER BY id",
		"SELECT * FROM audit_log WHERE business_id = ? ORDER BY id",
		"SELECT * FROM businesses WHERE id = ?",
	};
	return tw_dump(queries, sizeof(queries) / sizeof(queries[0]), CXM_PARAMS(CXM_PINT(biz)));
}

static void assert_unchanged(const char *before, long long biz, const char *what)
{
	char *after = base_dump(biz);
	tw_assert_same_dump(before, after, what);
	free(after);
}

/* ---- accounts made directly in the database ------------------------------ */

/* ---- HTTP ------------------------------------------------------------------ */

/* The client id a create redirect names (/clients/<id>?done=saved). */
static long long created_id(const struct th_response *r)
{
	tw_assert_status(r, 303);
	char *loc = th_header(r, "Location");
	ck_assert_ptr_nonnull(loc);
	ck_assert_msg(strncmp(loc, "/clients/", 9) == 0 && strstr(loc, "?done=saved"), "%s", loc);
	long long id = strtoll(loc + 9, NULL, 10);
	free(loc);
	ck_assert_int_gt(id, 0);
	return id;
}

/* Adds a client through the form (fields consumed) and returns its id. */
static long long add_client(const struct tw_client *c, struct tw_text f)
{
	struct th_response r;
	tw_post(c, "/clients/new", f, &r);
	long long id = created_id(&r);
	th_response_free(&r);
	return id;
}

/* A client made directly in the database. */
static long long insert_client(long long biz, const char *name, const char *email, const char *phone)
{
	char rev[32] = "";
	if (phone) {
		size_t k = 0;
		for (size_t i = strlen(phone); i > 0; i--)
			if (phone[i - 1] >= '0' && phone[i - 1] <= '9')
				rev[k++] = phone[i - 1];
		rev[k] = 0;
	}
	long long id = tw_sql_insert("INSERT INTO clients (business_id, name, email, phone, phone_rev, first_seen,"
	                             " last_seen_at) VALUES (?, ?, ?, ?, ?, '2024-01-10', '2024-01-10')",
	                             CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(name), email ? CXM_PSTR(email) : CXM_PNULL,
	                                     phone ? CXM_PSTR(phone) : CXM_PNULL,
	                                     phone ? CXM_PSTR(rev) : CXM_PNULL));
	/* the search words, as the model keeps them */
	ck_assert_int_eq(cxm_client_words_refresh(tw.db, biz, id, id), CXM_OK);
	return id;
}

/* The ids the list shows at path (one page), as "1,2,3". */
static char *listed(const struct tw_client *c, const char *path)
{
	struct th_response r;
	tw_get(c, path, &r);
	tw_assert_status(&r, 200);
	long long ids[PER_PAGE + 1];
	size_t n = tw_page_ids(r.body, 0, ids, PER_PAGE + 1);
	struct tw_text t = {0};
	tw_text_add(&t, "", 0);
	for (size_t i = 0; i < n; i++)
		tw_text_printf(&t, "%s%lld", i ? "," : "", ids[i]);
	th_response_free(&r);
	return t.s;
}

/* "a,b,c" of ids (static buffer). */
static const char *idlist(size_t n, ...)
{
	static char buf[1024];
	buf[0] = 0;
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%lld", i ? "," : "",
		         va_arg(ap, long long));
	va_end(ap);
	return buf;
}

static void assert_listed(const struct tw_client *c, const char *path, const char *want)
{
	char *got = listed(c, path);
	ck_assert_msg(strcmp(got, want) == 0, "GET %s lists %s, expected %s", path, got, want);
	free(got);
}

/* ==== tests follow ======================================================== */

/* Today's date in UTC (what the model uses for defaults), static buffer. */
static const char *utc_today(void)
{
	static char buf[16];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return buf;
}

/* A custom attribute made directly in the database. */
static long long make_attr(long long biz, const char *code, const char *label, const char *type,
                           const char *choices, int position)
{
	return tw_sql_insert("INSERT INTO client_fields (business_id, code, label, type, choices, position)"
	                     " VALUES (?, ?, ?, ?, ?, ?)",
	                     CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(code), CXM_PSTR(label), CXM_PSTR(type),
	                             choices ? CXM_PSTR(choices) : CXM_PNULL, CXM_PINT(position)));
}

/* ==== 1. Adding, viewing, editing ========================================== */

/* A manager adds a client with every field and two custom attributes: the
 * row holds the normalised values (e-mail lower-cased, the Belarusian
 * "80..." phone as +375..., the age band from the date of birth, choices
 * given as codes, consent with its time), the tags and the custom values;
 * the audit row names only the fields. The page shows them; the edit form
 * holds them; an edit writes only what changed and says which fields; an
 * edit that changes nothing writes no audit row. */
START_TEST(create_view_edit)
{
	long long biz = tw_make_business("crud-co", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "manager@crud.example", "manager");
	long long card = make_attr(biz, "card", "Loyalty card", "number", NULL, 2);
	long long hair = make_attr(biz, "hair", "Hair type", "choice", "Dry\nOily\nNormal", 1);
	/* born on 15 March thirty years ago: 29 or 30 today, band 26-35 */
	char birth[32], birth_iso[32];
	snprintf(birth, sizeof(birth), "15.03.%d", atoi(utc_today()) - 30);
	snprintf(birth_iso, sizeof(birth_iso), "%d-03-15", atoi(utc_today()) - 30);

	long long id = add_client(
		&m, tw_fields("external_id", "C-001", "name", "  Анна Петрова ", "email", "Anna.Petrova@Example.COM",
		              "phone", "8 (029) 123-45-67", "birth_date", birth, "age_band", "",
		              "gender", "female", "region", "minsk", "city", "Минск", "profession", "office",
		              "profession_other", "", "source", "friends", "source_detail", "Ольга",
		              "first_seen", "2024-02-01", "marketing_consent", "1", "tags", "VIP; новинки, vip",
		              "cf_card", "1 200,5", "cf_hair", "oily", NULL));
	char want[512];
	snprintf(want, sizeof(want),
	         "C-001|Анна Петрова|anna.petrova@example.com|+375291234567|765432192573|%s|"
	         "26-35|female|minsk|Минск|office|\\N|friends|Ольга|2024-02-01|1|1|1|0|0.00|"
	         "2024-02-01 00:00:00\n",
	         birth_iso);
	tw_assert_rows("SELECT external_id, name, email, phone, phone_rev, birth_date, age_band, gender, region,"
	               " city, profession, profession_other, source, source_detail, first_seen,"
	               " marketing_consent, consent_at IS NOT NULL, live, interactions_count,"
	               " purchases_total, DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i:%s') FROM clients"
	               " WHERE id = ? AND business_id = ?",
	               CXM_PARAMS(CXM_PINT(id), CXM_PINT(biz)), want);
	tw_assert_rows("SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.client_id = ?"
	               " ORDER BY t.name",
	               CXM_PARAMS(CXM_PINT(id)), "VIP\nновинки\n");
	snprintf(want, sizeof(want), "%lld|1200.5|1200.500000|\\N\n%lld|Oily|\\N|\\N\n", card, hair);
	tw_assert_rows("SELECT field_id, value, num_value, date_value FROM client_values WHERE client_id = ?"
	               " ORDER BY field_id",
	               CXM_PARAMS(CXM_PINT(id)), want);
	char *audit = tw_audit_of(biz);
	snprintf(want, sizeof(want),
	         "client_created|%lld|client #%lld|external_id, name, email, phone, birth_date, age_band,"
	         " gender, region, city, profession, source, source_detail, first_seen, marketing_consent,"
	         " tags, hair, card\n",
	         m.user_id, id);
	ck_assert_str_eq(audit, want);
	free(audit);

	char path[64];
	snprintf(path, sizeof(path), "/clients/%lld?done=saved", id);
	struct th_response r;
	tw_get(&m, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "ok", MSG_SAVED);
	tw_assert_has(&r, "<h1>Анна Петрова</h1>");
	tw_assert_has(&r, "<tr data-field=\"email\"><th scope=\"row\">E-mail</th><td>anna.petrova@example.com</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"phone\"><th scope=\"row\">Phone</th><td>+375291234567</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"age_band\"><th scope=\"row\">Age</th><td>26–35</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"gender\"><th scope=\"row\">Gender</th><td>Female</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"region\"><th scope=\"row\">Region</th><td>Minsk</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"profession\"><th scope=\"row\">Occupation</th><td>Office worker</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"source\"><th scope=\"row\">How they found us</th><td>Recommended by friends</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"tags\"><th scope=\"row\">Tags</th><td>VIP, новинки</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"cf_hair\"><th scope=\"row\">Hair type</th><td>Oily</td></tr>");
	tw_assert_has(&r, "<tr data-field=\"cf_card\"><th scope=\"row\">Loyalty card</th><td>1200.5</td></tr>");
	/* hair (position 1) before card (position 2) */
	tw_assert_before(&r, "cf_hair", "cf_card");
	tw_assert_has(&r, "<th scope=\"row\">Agrees to marketing messages</th><td>Yes, since ");
	tw_assert_has(&r, "<tr data-field=\"total\"><th scope=\"row\">Purchases total</th><td>0.00 BYN</td></tr>");
	th_response_free(&r);

	snprintf(path, sizeof(path), "/clients/%lld/edit", id);
	tw_get(&m, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_input(&r, "name", "Анна Петрова");
	tw_assert_input(&r, "email", "anna.petrova@example.com");
	tw_assert_input(&r, "phone", "+375291234567");
	tw_assert_input(&r, "birth_date", birth_iso);
	tw_assert_input(&r, "first_seen", "2024-02-01");
	tw_assert_input(&r, "tags", "VIP, новинки");
	tw_assert_input(&r, "cf_card", "1200.5");
	tw_assert_has(&r, "<option value=\"female\" selected>Female</option>");
	tw_assert_has(&r, "<option value=\"minsk\" selected>Minsk</option>");
	tw_assert_has(&r, "<option value=\"Oily\" selected>Oily</option>");
	tw_assert_has(&r, "name=\"marketing_consent\" value=\"1\" checked>");
	th_response_free(&r);

	/* an edit as the form sends it: every field; phone and tags changed,
	 * the consent box unticked, the card cleared */
	tw_post(&m, path,
	        tw_fields("external_id", "C-001", "name", "Анна Петрова", "email", "anna.petrova@example.com",
	                  "phone", "+375 33 765-43-21", "birth_date", birth_iso, "age_band", "26-35",
	                  "gender", "female", "region", "minsk", "city", "Минск", "profession", "office",
	                  "profession_other", "", "source", "friends", "source_detail", "Ольга", "first_seen",
	                  "2024-02-01", "tags", "VIP", "cf_card", "", "cf_hair", "Oily", NULL),
	     &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=saved", id);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	tw_assert_rows("SELECT phone, phone_rev, marketing_consent, consent_at FROM clients WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(id)), "+375337654321|123456733573|0|\\N\n");
	tw_assert_rows("SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.client_id = ?",
	               CXM_PARAMS(CXM_PINT(id)), "VIP\n");
	snprintf(want, sizeof(want), "%lld|Oily\n", hair);
	tw_assert_rows("SELECT field_id, value FROM client_values WHERE client_id = ?", CXM_PARAMS(CXM_PINT(id)),
	               want);
	/* the same again: nothing changes, nothing is audited */
	tw_post(&m, path,
	        tw_fields("external_id", "C-001", "name", "Анна Петрова", "email", "anna.petrova@example.com",
	                  "phone", "+375337654321", "birth_date", birth_iso, "age_band", "26-35",
	                  "gender", "female", "region", "minsk", "city", "Минск", "profession", "office",
	                  "profession_other", "", "source", "friends", "source_detail", "Ольга", "first_seen",
	                  "2024-02-01", "tags", "VIP", "cf_card", "", "cf_hair", "Oily", NULL),
	     &r);
	tw_assert_status(&r, 303);
	th_response_free(&r);
	audit = tw_sql_rows("SELECT action, target, detail FROM audit_log WHERE business_id = ? AND"
	                    " action = 'client_updated' ORDER BY id",
	                    CXM_PARAMS(CXM_PINT(biz)));
	snprintf(want, sizeof(want), "client_updated|client #%lld|phone, marketing_consent, tags, card\n", id);
	ck_assert_str_eq(audit, want);
	free(audit);

	/* a minimal client: the name alone; first seen today, no consent */
	long long min = add_client(&m, tw_fields("name", "Борис", NULL));
	snprintf(want, sizeof(want), "Борис|\\N|\\N|%s|0\n", utc_today());
	tw_assert_rows("SELECT name, email, age_band, first_seen, marketing_consent FROM clients WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(min)), want);
}
END_TEST

/* Every refusal is shown next to its field with what was typed, the rest
 * of the form keeps its values, and nothing is stored. */
START_TEST(validation_next_to_fields)
{
	long long biz = tw_make_business("valid-co", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "manager@valid.example", "manager");
	make_attr(biz, "card", "Loyalty card", "number", NULL, 1);
	make_attr(biz, "visit_day", "Favourite day", "date", NULL, 2);
	char *before = base_dump(biz);
	char long_tag[80];
	memset(long_tag, 'x', 65);
	long_tag[65] = 0;
	char tags[128];
	snprintf(tags, sizeof(tags), "ok, %s", long_tag);
	struct th_response r;
	tw_post(&m, "/clients/new",
	        tw_fields("name", "", "email", "anna@", "phone", "12-34", "birth_date", "2999-01-01",
	                  "first_seen", "31.02.2024", "gender", "robot", "region", "Minsk", "city", "Минск",
	                  "tags", tags, "cf_card", "twelve", "cf_visit_day", "someday", NULL),
	     &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_CHECK);
	tw_assert_field_error(&r, "name", MSG_NAME);
	tw_assert_field_error(&r, "email", MSG_EMAIL);
	tw_assert_field_error(&r, "phone", MSG_PHONE);
	tw_assert_field_error(&r, "birth_date", MSG_FUTURE_DATE);
	tw_assert_field_error(&r, "first_seen", MSG_DATE);
	tw_assert_field_error(&r, "gender", MSG_CHOICE);
	tw_assert_field_error(&r, "tags", MSG_TAG_LONG);
	tw_assert_field_error(&r, "cf_card", MSG_NUMBER);
	tw_assert_field_error(&r, "cf_visit_day", MSG_DATE);
	/* a label in English is a valid choice; the city is fine */
	tw_assert_field_error(&r, "region", NULL);
	tw_assert_field_error(&r, "city", NULL);
	tw_assert_input(&r, "email", "anna@");
	tw_assert_input(&r, "phone", "12-34");
	tw_assert_input(&r, "city", "Минск");
	tw_assert_input(&r, "tags", tags);
	tw_assert_input(&r, "cf_card", "twelve");
	th_response_free(&r);
	assert_unchanged(before, biz, "a refused new client");

	/* a control character is refused by the route's validator, next to the field */
	tw_post(&m, "/clients/new", tw_fields("name", "Line\x01two", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "name", "Use a single line without control characters.");
	th_response_free(&r);
	assert_unchanged(before, biz, "a name with a control character");
	free(before);

	/* on an edit: the name cannot be blanked; an external id another
	 * client has is refused */
	long long a = add_client(&m, tw_fields("name", "First", "external_id", "X-1", NULL));
	long long b = add_client(&m, tw_fields("name", "Second", NULL));
	before = base_dump(biz);
	char path[64];
	snprintf(path, sizeof(path), "/clients/%lld/edit", b);
	tw_post(&m, path, tw_fields("name", " ", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "name", MSG_NAME);
	th_response_free(&r);
	tw_post(&m, path, tw_fields("name", "Second", "external_id", "X-1", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_CHECK);
	tw_assert_field_error(&r, "external_id", MSG_EXT_TAKEN);
	tw_assert_input(&r, "external_id", "X-1");
	th_response_free(&r);
	tw_post(&m, "/clients/new", tw_fields("name", "Third", "external_id", "X-1", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "external_id", MSG_EXT_TAKEN);
	th_response_free(&r);
	assert_unchanged(before, biz, "refused edits");
	free(before);
	(void)a;
}
END_TEST

/* Another live client with the same e-mail (in any case) or phone does not
 * stop the save; the new client's page says so and links to its groups
 * on the duplicates page. A deleted client does not count. */
START_TEST(duplicate_notice)
{
	long long biz = tw_make_business("dupnote-co", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "manager@dupnote.example", "manager");
	long long a = add_client(&m, tw_fields("name", "Вера", "email", "vera@example.com", NULL));
	long long b = add_client(&m, tw_fields("name", "Вера К.", "email", "VERA@example.com", NULL));
	long long c = add_client(&m, tw_fields("name", "Вера Т.", "phone", "+375291110000", NULL));
	char path[64];
	snprintf(path, sizeof(path), "/clients/%lld", b);
	struct th_response r;
	tw_get(&m, path, &r);
	tw_assert_status(&r, 200);
	char want[256];
	snprintf(want, sizeof(want),
	         "1 other client has the same e-mail or phone. <a href=\"/clients/duplicates?client=%lld\">", b);
	tw_assert_has(&r, want);
	th_response_free(&r);
	snprintf(path, sizeof(path), "/clients/%lld", c);
	tw_get(&m, path, &r);
	tw_assert_lacks(&r, "the same e-mail or phone");
	th_response_free(&r);
	/* once a is deleted, b has no duplicate */
	tw_sql_exec("UPDATE clients SET live = 0, deleted_at = UTC_TIMESTAMP() WHERE id = ?", CXM_PARAMS(CXM_PINT(a)));
	snprintf(path, sizeof(path), "/clients/%lld", b);
	tw_get(&m, path, &r);
	tw_assert_lacks(&r, "the same e-mail or phone");
	th_response_free(&r);
}
END_TEST

/* ==== 2. The list: keyset pages ============================================ */

#define N_KEYSET 130

struct krow {
	long long id;
	char name[32];
	char since[11];
	char last[27];
	long long cents;
};
static struct krow krows[N_KEYSET];
static int ksort;   /* index into the sort codes below */
static const char *const sort_codes[] = {
	"name_asc", "name_desc", "since_desc", "since_asc", "last_desc", "last_asc", "total_desc",
	"total_asc",
};

static int cmp_ll(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

/* The expected order, worked out here: by the key (names ignoring case,
 * as the collation compares them), then by id; descending orders reverse
 * both. */
static int cmp_krows(const void *x, const void *y)
{
	const struct krow *a = x, *b = y;
	int c;
	switch (ksort / 2) {
	case 0:
		c = strcasecmp(a->name, b->name);
		break;
	case 1:
		c = strcmp(a->since, b->since);
		break;
	case 2:
		c = strcmp(a->last, b->last);
		break;
	default:
		c = cmp_ll(a->cents, b->cents);
	}
	if (c == 0)
		c = cmp_ll(a->id, b->id);
	/* name_desc, since_desc, last_desc, total_desc descend */
	int desc = ksort == 1 || ksort == 2 || ksort == 4 || ksort == 6;
	return desc ? -c : c;
}

/* 130 clients whose every key repeats: 5 names (two equal but for case), 4
 * dates, 3 times a microsecond apart, 3 totals; with, in between, deleted
 * clients and another business's clients, which the list never shows.
 * Females are every third. */
static void make_keyset_base(long long biz, long long other)
{
	static const char *const names[] = {"anna", "Anna", "Boris", "Vera Ivanova", "Zoe"};
	static const char *const dates[] = {"2023-01-01", "2023-06-15", "2024-02-29", "2024-12-31"};
	static const char *const times[] = {"2024-03-01 10:00:00.000000", "2024-03-01 10:00:00.000001",
	                                    "2025-01-01 00:00:00.500000"};
	static const long long cents[] = {0, 1050, 9999};
	for (int i = 0; i < N_KEYSET; i++) {
		struct krow *k = &krows[i];
		snprintf(k->name, sizeof(k->name), "%s", names[(i * 7) % 5]);
		snprintf(k->since, sizeof(k->since), "%s", dates[(i * 3) % 4]);
		snprintf(k->last, sizeof(k->last), "%s", times[i % 3]);
		k->cents = cents[(i / 2) % 3];
		char total[32];
		snprintf(total, sizeof(total), "%lld.%02lld", k->cents / 100, k->cents % 100);
		k->id = tw_sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at,"
		                      " purchases_total, interactions_count, gender) VALUES (?, ?, ?, ?, ?, 1, ?)",
		                      CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(k->name), CXM_PSTR(k->since),
		                              CXM_PSTR(k->last), CXM_PSTR(total),
		                              CXM_PSTR(i % 3 == 0 ? "female" : "male")));
		if (i % 10 == 0) {
			tw_sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at, live)"
			              " VALUES (?, ?, ?, ?, 0)",
			              CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(k->name), CXM_PSTR(k->since),
			                      CXM_PSTR(k->last)));
			tw_sql_insert("INSERT INTO clients (business_id, name, first_seen, last_seen_at)"
			              " VALUES (?, ?, ?, ?)",
			              CXM_PARAMS(CXM_PINT(other), CXM_PSTR(k->name), CXM_PSTR(k->since),
			                      CXM_PSTR(k->last)));
		}
	}
	ck_assert_int_eq(cxm_client_words_refresh(tw.db, biz, 1, 1LL << 62), CXM_OK);
	ck_assert_int_eq(cxm_client_words_refresh(tw.db, other, 1, 1LL << 62), CXM_OK);
}

/* Follows the pager from `start` through rel=`rel` links, collecting the
 * ids of every page in display order (prepending pages when walking
 * backwards). Each link must keep `kept` (e.g. "gender=female"). Every
 * page but the one at the far end has 50 rows. */
static size_t walk_pages(const struct tw_client *c, const char *start, const char *rel, const char *kept,
                         long long *ids, size_t max)
{
	char *path = strdup(start);
	size_t n = 0;
	int pages = 0, backwards = strcmp(rel, "prev") == 0;
	while (path) {
		ck_assert_msg(!kept || strstr(path, kept), "link %s lost %s", path, kept);
		struct th_response r;
		tw_get(c, path, &r);
		tw_assert_status(&r, 200);
		long long page[PER_PAGE + 1];
		size_t k = tw_page_ids(r.body, 0, page, PER_PAGE + 1);
		ck_assert_uint_le(k, PER_PAGE);
		ck_assert_uint_le(n + k, max);
		if (backwards) {
			memmove(ids + k, ids, n * sizeof(*ids));
			memcpy(ids, page, k * sizeof(*ids));
		} else {
			memcpy(ids + n, page, k * sizeof(*ids));
		}
		n += k;
		free(path);
		path = tw_rel_link(r.body, rel);
		if (path)
			ck_assert_uint_eq(k, PER_PAGE);
		th_response_free(&r);
		ck_assert_int_lt(++pages, 10);
	}
	return n;
}

/* Through the pages' own links: every client exactly once and in the
 * expected order, in all eight orders, forwards from the first page and
 * backwards from the last; a filter stays in every link. */
START_TEST(keyset_exactly_once)
{
	long long biz = tw_make_business("keyset-http", "Europe/Minsk", "BYN");
	long long other = tw_make_business("keyset-http-other", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "analyst@keyset.example", "analyst");
	make_keyset_base(biz, other);
	for (ksort = 0; ksort < 8; ksort++) {
		struct krow want[N_KEYSET];
		memcpy(want, krows, sizeof(krows));
		qsort(want, N_KEYSET, sizeof(want[0]), cmp_krows);
		char first[128];
		snprintf(first, sizeof(first), "/clients?sort=%s", sort_codes[ksort]);
		long long got[N_KEYSET + 10];
		size_t n = walk_pages(&m, first, "next", NULL, got, N_KEYSET + 10);
		ck_assert_msg(n == N_KEYSET, "%s forwards: %zu clients", sort_codes[ksort], n);
		for (size_t i = 0; i < n; i++)
			ck_assert_msg(got[i] == want[i].id, "%s forwards, position %zu: %lld, expected %lld",
			              sort_codes[ksort], i, got[i], want[i].id);
		/* backwards from the last page */
		struct th_response r;
		tw_get(&m, first, &r);
		char *last = tw_rel_link(r.body, "last");
		th_response_free(&r);
		ck_assert_ptr_nonnull(last);
		n = walk_pages(&m, last, "prev", NULL, got, N_KEYSET + 10);
		free(last);
		ck_assert_msg(n == N_KEYSET, "%s backwards: %zu clients", sort_codes[ksort], n);
		for (size_t i = 0; i < n; i++)
			ck_assert_msg(got[i] == want[i].id, "%s backwards, position %zu: %lld, expected %lld",
			              sort_codes[ksort], i, got[i], want[i].id);
	}
	/* with a filter, which every link keeps: the 44 females, in order */
	ksort = 6;
	struct krow want[N_KEYSET];
	size_t nw = 0;
	for (int i = 0; i < N_KEYSET; i++)
		if (i % 3 == 0)
			want[nw++] = krows[i];
	qsort(want, nw, sizeof(want[0]), cmp_krows);
	ck_assert_uint_eq(nw, 44);
	long long got[N_KEYSET];
	size_t n = walk_pages(&m, "/clients?sort=total_desc&gender=female", "next", "gender=female", got,
	                      N_KEYSET);
	ck_assert_uint_eq(n, nw);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(got[i], want[i].id);
	/* the count is exact up to 1000 */
	struct th_response r;
	tw_get(&m, "/clients?gender=female", &r);
	tw_assert_has(&r, "<p class=\"muted\">44 clients · ");
	th_response_free(&r);
	/* with a filter or a search, only what the first page tells */
	tw_get(&m, "/clients?gender=male", &r);
	tw_assert_has(&r, "<p class=\"muted\">More than 50 clients · ");
	th_response_free(&r);
	tw_get(&m, "/clients?q=zoe", &r);
	tw_assert_has(&r, "<p class=\"muted\">26 clients · ");
	th_response_free(&r);
	tw_get(&m, "/clients", &r);
	tw_assert_has(&r, "<p class=\"muted\">130 clients · ");
	/* the first page has no way back, the list has no manager buttons */
	ck_assert_ptr_null(tw_rel_link(r.body, "prev"));
	ck_assert_ptr_null(tw_rel_link(r.body, "first"));
	tw_assert_lacks(&r, "/clients/new");
	th_response_free(&r);
	/* a cursor that is not one shows the first page */
	assert_listed(&m, "/clients?sort=name_asc&after=garbage", listed(&m, "/clients?sort=name_asc"));
}
END_TEST

/* A filter that two clients match, 20 998 clients apart: the first page
 * stops after 20 000 clients with one match and says so, and its "Next"
 * goes on from there; backwards likewise. Each client once. */
START_TEST(filtered_pages_partial)
{
	long long biz = tw_make_business("partial-co", "Europe/Minsk", "BYN");
	struct tw_client a;
	tw_make_member(&a, biz, "analyst@partial.example", "analyst");
	tw_sql_exec("INSERT INTO clients (business_id, name, gender, first_seen, last_seen_at)"
	            " SELECT ?, CONCAT('P', LPAD(seq, 6, '0')), IF(seq IN (2, 21000), 'female', 'male'),"
	            " '2024-01-01', '2024-01-01' FROM seq_1_to_21000",
	            CXM_PARAMS(CXM_PINT(biz)));
	long long first = tw_sql_int("SELECT id FROM clients WHERE business_id = ? AND name = 'P000002'",
	                             CXM_PARAMS(CXM_PINT(biz)), 0);
	long long second = tw_sql_int("SELECT id FROM clients WHERE business_id = ? AND name = 'P021000'",
	                              CXM_PARAMS(CXM_PINT(biz)), 0);
	static const char *const partial =
		"The filters are checked against 20 000 clients per page; this page stopped there. Go on with";
	struct th_response r;
	tw_get(&a, "/clients?gender=female", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, partial);
	long long ids[PER_PAGE + 1];
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, PER_PAGE + 1), 1);
	ck_assert_int_eq(ids[0], first);
	char *next = tw_rel_link(r.body, "next");
	ck_assert_ptr_nonnull(next);
	ck_assert_ptr_nonnull(strstr(next, "gender=female"));
	th_response_free(&r);
	tw_get(&a, next, &r);
	free(next);
	tw_assert_lacks(&r, partial);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, PER_PAGE + 1), 1);
	ck_assert_int_eq(ids[0], second);
	ck_assert_ptr_null(tw_rel_link(r.body, "next"));
	char *prev = tw_rel_link(r.body, "prev");
	th_response_free(&r);
	/* back from there: the first client again, after a partial page */
	tw_get(&a, prev, &r);
	free(prev);
	tw_assert_has(&r, partial);
	size_t n = tw_page_ids(r.body, 0, ids, PER_PAGE + 1);
	prev = tw_rel_link(r.body, "prev");
	th_response_free(&r);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(prev);
	tw_get(&a, prev, &r);
	free(prev);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, PER_PAGE + 1), 1);
	ck_assert_int_eq(ids[0], first);
	ck_assert_ptr_null(tw_rel_link(r.body, "prev"));
	th_response_free(&r);
}
END_TEST

/* ==== 3. The search box ===================================================== */

/* Name words match as word prefixes, in any order and of any length,
 * each word of the query a prefix of some word of the name; an e-mail-like
 * text matches e-mails starting with it; digits match phones ending (or
 * starting) with them. */
START_TEST(search)
{
	long long biz = tw_make_business("search-co", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "analyst@search.example", "analyst");
	long long anna = insert_client(biz, "Анна Петрова", "anna.p@mail.example", "+375291234567");
	long long petr = insert_client(biz, "Пётр Иванов", "petr@work.example", "+375447654321");
	long long ivan = insert_client(biz, "Иванова Мария", "m.ivanova@mail.example", "+79161112233");
	long long olga = insert_client(biz, "Ольга Ан", "olga@anna.example", NULL);
	long long gone = insert_client(biz, "Анна Удалённая", "anna.deleted@mail.example", "+375291234999");
	tw_sql_exec("UPDATE clients SET live = 0, deleted_at = UTC_TIMESTAMP() WHERE id = ?", CXM_PARAMS(CXM_PINT(gone)));

	assert_listed(&m, "/clients?q=%D0%B0%D0%BD%D0%BD", idlist(1, anna));               /* "анн" */
	assert_listed(&m, "/clients?q=%D0%98%D0%B2%D0%B0%D0%BD", idlist(2, ivan, petr));   /* "Иван": Иванов, Иванова */
	assert_listed(&m, "/clients?q=%D0%BF%D0%B5%D1%82%D1%80%D0%BE%D0%B2%D0%B0+%D0%B0%D0%BD%D0%BD%D0%B0",
	              idlist(1, anna));                                                  /* "петрова анна" */
	assert_listed(&m, "/clients?q=%D0%9E%D0%BB", idlist(1, olga));                     /* "Ол": Ольга */
	assert_listed(&m, "/clients?q=%D0%B0%D0%BD", idlist(2, anna, olga));               /* "ан": Анна, Ан */
	assert_listed(&m, "/clients?q=%D0%BF%D0%B5%D1%82", idlist(2, anna, petr));         /* "пет": Петрова, Пётр (ё = е) */
	assert_listed(&m, "/clients?q=ANNA.P%40", idlist(1, anna));
	assert_listed(&m, "/clients?q=anna%40", "");
	assert_listed(&m, "/clients?q=%40mail.example", "");                               /* a prefix, not a suffix */
	assert_listed(&m, "/clients?q=olga%40anna.example", idlist(1, olga));
	assert_listed(&m, "/clients?q=4567", idlist(1, anna));                             /* the last digits */
	assert_listed(&m, "/clients?q=54-321", idlist(1, petr));
	assert_listed(&m, "/clients?q=%2B37529", idlist(1, anna));                         /* the first digits */
	assert_listed(&m, "/clients?q=8+029+123+45+67", idlist(1, anna));                  /* the whole number */
	assert_listed(&m, "/clients?q=2233&sort=name_desc", idlist(1, ivan));
	/* what the search held is kept in the box */
	struct th_response r;
	tw_get(&m, "/clients?q=%22x%22%3Cb%3E", &r);
	tw_assert_status(&r, 200);
	tw_assert_input(&r, "q", "\"x\"<b>");
	th_response_free(&r);
}
END_TEST

/* ==== 4. Filters ============================================================= */

/* Each filter alone and together, with search and order; a value that is
 * not one is shown with its reason and left out; the last-contact dates
 * are days of the business's time zone (Asia/Yekaterinburg, UTC+5). */
START_TEST(filters)
{
	long long biz = tw_make_business("filter-co", "Asia/Yekaterinburg", "RUB");
	struct tw_client m;
	tw_make_member(&m, biz, "analyst@filter.example", "analyst");
	long long size = make_attr(biz, "size", "Size", "number", NULL, 1);
	long long level = make_attr(biz, "level", "Level", "choice", "Gold\nSilver", 2);
	long long since = make_attr(biz, "since", "Member since", "date", NULL, 3);
	struct {
		const char *name, *gender, *band, *region, *prof, *source, *first, *last;
		int consent;
		const char *tag, *size, *level, *since;
	} c[] = {
		/* last_seen_at in UTC: 2024-05-01 19:30 UTC is 2024-05-02 00:30 in Yekaterinburg */
		{"A", "female", "18-25", "minsk", "student", "social", "2023-01-01", "2024-05-01 19:30:00", 1, "vip", "42", "Gold", "2020-01-01"},
		{"B", "male", "26-35", "brest", "office", "friends", "2023-06-01", "2024-05-01 18:59:59", 0, "vip", "40.5", "Silver", NULL},
		{"C", "female", "26-35", "minsk", "office", "search", "2024-01-01", "2024-05-02 18:59:59", 1, NULL, "42.0", NULL, "2020-01-01"},
		{"D", NULL, NULL, NULL, NULL, NULL, "2024-03-01", "2024-05-02 19:00:00", 0, "new", NULL, "Gold", NULL},
	};
	long long id[4];
	for (int i = 0; i < 4; i++) {
		id[i] = tw_sql_insert(
			"INSERT INTO clients (business_id, name, gender, age_band, region, profession, source,"
			" first_seen, last_seen_at, marketing_consent, interactions_count)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
			CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(c[i].name), c[i].gender ? CXM_PSTR(c[i].gender) : CXM_PNULL,
			           c[i].band ? CXM_PSTR(c[i].band) : CXM_PNULL,
			           c[i].region ? CXM_PSTR(c[i].region) : CXM_PNULL,
			           c[i].prof ? CXM_PSTR(c[i].prof) : CXM_PNULL,
			           c[i].source ? CXM_PSTR(c[i].source) : CXM_PNULL, CXM_PSTR(c[i].first),
			           CXM_PSTR(c[i].last), CXM_PINT(c[i].consent)));
		if (c[i].tag) {
			tw_sql_exec("INSERT IGNORE INTO tags (business_id, name) VALUES (?, ?)",
			            CXM_PARAMS(CXM_PINT(biz), CXM_PSTR(c[i].tag)));
			tw_sql_exec("INSERT INTO client_tags (client_id, tag_id, business_id) SELECT ?, id, business_id"
			            " FROM tags WHERE business_id = ? AND name = ?",
			            CXM_PARAMS(CXM_PINT(id[i]), CXM_PINT(biz), CXM_PSTR(c[i].tag)));
		}
		if (c[i].size)
			tw_sql_exec("INSERT INTO client_values (client_id, field_id, business_id, value, num_value)"
			            " VALUES (?, ?, ?, ?, ?)",
			            CXM_PARAMS(CXM_PINT(id[i]), CXM_PINT(size), CXM_PINT(biz), CXM_PSTR(c[i].size),
			                    CXM_PSTR(c[i].size)));
		if (c[i].level)
			tw_sql_exec("INSERT INTO client_values (client_id, field_id, business_id, value) VALUES (?, ?, ?, ?)",
			            CXM_PARAMS(CXM_PINT(id[i]), CXM_PINT(level), CXM_PINT(biz), CXM_PSTR(c[i].level)));
		if (c[i].since)
			tw_sql_exec("INSERT INTO client_values (client_id, field_id, business_id, value, date_value)"
			            " VALUES (?, ?, ?, ?, ?)",
			            CXM_PARAMS(CXM_PINT(id[i]), CXM_PINT(since), CXM_PINT(biz), CXM_PSTR(c[i].since),
			                    CXM_PSTR(c[i].since)));
	}
	long long deleted = insert_client(biz, "E deleted", NULL, NULL);
	tw_sql_exec("UPDATE clients SET live = 0, deleted_at = UTC_TIMESTAMP(), gender = 'female' WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(deleted)));
	long long merged = insert_client(biz, "F merged", NULL, NULL);
	tw_sql_exec("UPDATE clients SET live = 0, merged_into = ?, deleted_at = UTC_TIMESTAMP() WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(id[0]), CXM_PINT(merged)));

	assert_listed(&m, "/clients", idlist(4, id[0], id[1], id[2], id[3]));
	assert_listed(&m, "/clients?gender=female", idlist(2, id[0], id[2]));
	assert_listed(&m, "/clients?age_band=26-35", idlist(2, id[1], id[2]));
	assert_listed(&m, "/clients?region=minsk", idlist(2, id[0], id[2]));
	assert_listed(&m, "/clients?profession=office&sort=name_desc", idlist(2, id[2], id[1]));
	assert_listed(&m, "/clients?source=social", idlist(1, id[0]));
	assert_listed(&m, "/clients?consent=yes", idlist(2, id[0], id[2]));
	assert_listed(&m, "/clients?consent=no", idlist(2, id[1], id[3]));
	assert_listed(&m, "/clients?tag=vip", idlist(2, id[0], id[1]));
	assert_listed(&m, "/clients?tag=VIP", idlist(2, id[0], id[1]));   /* tags ignore case */
	assert_listed(&m, "/clients?tag=nobody", "");
	assert_listed(&m, "/clients?attr=size&attr_value=42", idlist(2, id[0], id[2]));   /* 42 = 42.0 */
	assert_listed(&m, "/clients?attr=size&attr_value=40%2C5", idlist(1, id[1]));
	assert_listed(&m, "/clients?attr=level&attr_value=gold", idlist(2, id[0], id[3]));
	assert_listed(&m, "/clients?attr=since&attr_value=01.01.2020", idlist(2, id[0], id[2]));
	assert_listed(&m, "/clients?since_from=2023-06-01&since_to=2024-01-01", idlist(2, id[1], id[2]));
	/* 2 May in Yekaterinburg: from 2024-05-01 19:00 to 2024-05-02 19:00 UTC */
	assert_listed(&m, "/clients?last_from=2024-05-02&last_to=2024-05-02", idlist(2, id[0], id[2]));
	assert_listed(&m, "/clients?last_to=2024-05-01", idlist(1, id[1]));
	assert_listed(&m, "/clients?last_from=2024-05-03", idlist(1, id[3]));
	/* combined, with an order */
	assert_listed(&m, "/clients?gender=female&tag=vip&consent=yes&attr=size&attr_value=42", idlist(1, id[0]));
	assert_listed(&m, "/clients?region=minsk&sort=since_desc", idlist(2, id[2], id[0]));
	/* the deleted list: deleted, not merged */
	assert_listed(&m, "/clients?deleted=1", idlist(1, deleted));
	assert_listed(&m, "/clients?deleted=1&gender=male", "");

	/* unknown values: shown with the reason and ignored */
	struct th_response r;
	tw_get(&m, "/clients?gender=robot&attr=size&attr_value=big&since_from=2024-13-01", &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "gender", MSG_CHOICE);
	tw_assert_field_error(&r, "attr_value", MSG_NUMBER);
	tw_assert_field_error(&r, "since_from", "Enter a date as YYYY-MM-DD.");
	long long ids[8];
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 8), 4);
	/* the filter form shows what is in force */
	th_response_free(&r);
	tw_get(&m, "/clients?gender=female&consent=no&tag=vip&attr=level&attr_value=Gold&deleted=1", &r);
	tw_assert_has(&r, "<option value=\"female\" selected>Female</option>");
	tw_assert_has(&r, "<option value=\"no\" selected>");
	tw_assert_has(&r, "<option value=\"level\" selected>Level</option>");
	tw_assert_input(&r, "tag", "vip");
	tw_assert_input(&r, "attr_value", "Gold");
	tw_assert_has(&r, "name=\"deleted\" value=\"1\" checked>");
	tw_assert_has(&r, "<h1>Deleted clients</h1>");
	th_response_free(&r);
}
END_TEST

/* ==== 5. The history ========================================================= */

/* Newest first, times in the business's zone (Asia/Yekaterinburg, UTC+5),
 * amount with currency, service, branch, staff, items and text; the kind
 * filter; pages of 50 with older/newer links over 60 entries at tied
 * times. */
START_TEST(timeline)
{
	long long biz = tw_make_business("timeline-co", "Asia/Yekaterinburg", "RUB");
	struct tw_client a;
	tw_make_member(&a, biz, "analyst@timeline.example", "analyst");
	long long cl = insert_client(biz, "Timeline Client", NULL, NULL);
	long long svc = tw_sql_insert("INSERT INTO services (business_id, name) VALUES (?, 'Маникюр')",
	                              CXM_PARAMS(CXM_PINT(biz)));
	long long loc = tw_sql_insert("INSERT INTO locations (business_id, name) VALUES (?, 'Центр')",
	                              CXM_PARAMS(CXM_PINT(biz)));
	long long stf = tw_sql_insert("INSERT INTO staff (business_id, name) VALUES (?, 'Ирина')",
	                              CXM_PARAMS(CXM_PINT(biz)));
	long long purchase = tw_sql_insert(
		"INSERT INTO interactions (business_id, client_id, kind, occurred_at, amount, currency,"
		" service_id, location_id, staff_id, items) VALUES (?, ?, 'purchase', '2024-05-01 20:30:00',"
		" 1500.00, 'RUB', ?, ?, ?, 'лак <красный>')",
		CXM_PARAMS(CXM_PINT(biz), CXM_PINT(cl), CXM_PINT(svc), CXM_PINT(loc), CXM_PINT(stf)));
	long long note = tw_sql_insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at, text)"
	                               " VALUES (?, ?, 'note', '2024-05-03 04:00:00', 'Любит\nутро')",
	                               CXM_PARAMS(CXM_PINT(biz), CXM_PINT(cl)));
	long long call = tw_sql_insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at, channel)"
	                               " VALUES (?, ?, 'call', '2024-05-02 10:00:00', 'phone')",
	                               CXM_PARAMS(CXM_PINT(biz), CXM_PINT(cl)));
	char path[128];
	snprintf(path, sizeof(path), "/clients/%lld", cl);
	struct th_response r;
	tw_get(&a, path, &r);
	tw_assert_status(&r, 200);
	long long ids[64];
	ck_assert_uint_eq(tw_page_ids(r.body, 1, ids, 64), 3);
	ck_assert_int_eq(ids[0], note);
	ck_assert_int_eq(ids[1], call);
	ck_assert_int_eq(ids[2], purchase);
	tw_assert_has(&r, "<span class=\"entry-when\">2024-05-02 01:30</span> · <span class=\"entry-kind\">Purchase</span>"
	               " · <span class=\"entry-amount\">1500.00 RUB</span>");
	tw_assert_has(&r, "<span class=\"entry-service\">Маникюр</span>");
	tw_assert_has(&r, "<span class=\"entry-location\">Центр</span>");
	tw_assert_has(&r, "<span class=\"entry-staff\">Ирина</span>");
	tw_assert_has(&r, "<span class=\"entry-items\">лак &lt;красный&gt;</span>");
	tw_assert_has(&r, "<span class=\"entry-when\">2024-05-03 09:00</span> · <span class=\"entry-kind\">Note</span>");
	tw_assert_has(&r, "<p class=\"entry-text\">Любит\nутро</p>");
	tw_assert_has(&r, "<span class=\"entry-channel\">phone</span>");
	tw_assert_has(&r, "Times are in the time zone Asia/Yekaterinburg.");
	/* an analyst has no forms and no remove links */
	tw_assert_lacks(&r, "/interactions\">");
	tw_assert_lacks(&r, "/delete\"");
	th_response_free(&r);

	snprintf(path, sizeof(path), "/clients/%lld?kind=purchase", cl);
	tw_get(&a, path, &r);
	ck_assert_uint_eq(tw_page_ids(r.body, 1, ids, 64), 1);
	ck_assert_int_eq(ids[0], purchase);
	snprintf(path, sizeof(path), "<a href=\"/clients/%lld?kind=purchase#history\" aria-current=\"page\">Purchase</a>", cl);
	tw_assert_has(&r, path);
	th_response_free(&r);
	snprintf(path, sizeof(path), "/clients/%lld?kind=visit", cl);
	tw_get(&a, path, &r);
	ck_assert_uint_eq(tw_page_ids(r.body, 1, ids, 64), 0);
	tw_assert_has(&r, "Nothing in the history yet.");
	th_response_free(&r);

	/* 60 visits at 3 times: 50, then 10 older; back again */
	long long visits[60];
	for (int i = 0; i < 60; i++)
		visits[i] = tw_sql_insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at)"
		                          " VALUES (?, ?, 'visit', ?)",
		                          CXM_PARAMS(CXM_PINT(biz), CXM_PINT(cl),
		                                  CXM_PSTR(i % 3 == 0 ? "2023-01-01 00:00:00"
		                                           : i % 3 == 1 ? "2023-01-01 00:00:01"
		                                                        : "2022-12-31 23:59:59")));
	/* expected: by time descending, then id descending */
	long long want[60];
	int k = 0;
	for (int t = 1; t >= 0; t--)
		for (int i = 59; i >= 0; i--)
			if (i % 3 == t)
				want[k++] = visits[i];
	for (int i = 59; i >= 0; i--)
		if (i % 3 == 2)
			want[k++] = visits[i];
	snprintf(path, sizeof(path), "/clients/%lld?kind=visit", cl);
	tw_get(&a, path, &r);
	ck_assert_uint_eq(tw_page_ids(r.body, 1, ids, 64), 50);
	for (int i = 0; i < 50; i++)
		ck_assert_int_eq(ids[i], want[i]);
	char *older = tw_rel_link(r.body, "next");
	ck_assert_ptr_nonnull(older);
	ck_assert_ptr_nonnull(strstr(older, "kind=visit"));
	ck_assert_ptr_null(tw_rel_link(r.body, "prev"));
	th_response_free(&r);
	tw_get(&a, older, &r);
	free(older);
	ck_assert_uint_eq(tw_page_ids(r.body, 1, ids, 64), 10);
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(ids[i], want[50 + i]);
	ck_assert_ptr_null(tw_rel_link(r.body, "next"));
	char *newer = tw_rel_link(r.body, "prev");
	th_response_free(&r);
	ck_assert_ptr_nonnull(newer);
	tw_get(&a, newer, &r);
	free(newer);
	ck_assert_uint_eq(tw_page_ids(r.body, 1, ids, 64), 50);
	for (int i = 0; i < 50; i++)
		ck_assert_int_eq(ids[i], want[i]);
	th_response_free(&r);
}
END_TEST

/* Adding by hand: a purchase typed in local time with a comma amount and
 * no currency gets the business's currency, the service, branch and staff
 * by name, and the aggregates move; every refusal is next to its field; a
 * quick note without a time is "now". */
START_TEST(interaction_add)
{
	long long biz = tw_make_business("addint-co", "Asia/Yekaterinburg", "RUB");
	struct tw_client m, a;
	tw_make_member(&m, biz, "manager@addint.example", "manager");
	tw_make_member(&a, biz, "analyst@addint.example", "analyst");
	long long cl = insert_client(biz, "Add Client", NULL, NULL);
	char path[128], want[512];
	snprintf(path, sizeof(path), "/clients/%lld/interactions", cl);
	struct th_response r;
	tw_post(&m, path,
	        tw_fields("form", "full", "kind", "purchase", "occurred_at", "2024-05-02T01:30", "amount", "1 250,5",
	                  "currency", "", "service", "Стрижка", "location", "Центр", "staff", "Ирина", "items",
	                  "шампунь", "channel", "", "text", "", NULL),
	     &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=added#history", cl);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	snprintf(want, sizeof(want),
	         "purchase|2024-05-01 20:30:00|1250.50|RUB|Стрижка|Центр|Ирина|шампунь|\\N|%lld\n", m.user_id);
	tw_assert_rows("SELECT i.kind, DATE_FORMAT(i.occurred_at, '%Y-%m-%d %H:%i:%s'), i.amount, i.currency,"
	               " s.name, l.name, st.name, i.items, i.text, i.created_by FROM interactions i"
	               " JOIN services s ON s.id = i.service_id JOIN locations l ON l.id = i.location_id"
	               " JOIN staff st ON st.id = i.staff_id WHERE i.client_id = ?",
	               CXM_PARAMS(CXM_PINT(cl)), want);
	tw_assert_rows("SELECT interactions_count, purchases_count, purchases_total,"
	               " DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i:%s') FROM clients WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(cl)), "1|1|1250.50|2024-05-01 20:30:00\n");
	snprintf(want, sizeof(want), "/clients/%lld?done=added", cl);
	tw_get(&m, want, &r);
	tw_assert_notice(&r, "ok", MSG_ADDED);
	tw_assert_has(&r, "<span class=\"entry-amount\">1250.50 RUB</span>");
	/* the empty form: the business's currency, the time now */
	tw_assert_input(&r, "currency", "RUB");
	tw_assert_has(&r, "name=\"occurred_at\" value=\"20");
	th_response_free(&r);

	char *before = base_dump(biz);
	static const struct {
		const char *kind, *when, *amount, *currency, *field, *msg;
	} bad[] = {
		{"purchase", "2024-05-02T01:30", "", "", "amount", MSG_AMOUNT_MISSING},
		{"purchase", "2024-05-02T01:30", "12.345", "", "amount", MSG_AMOUNT},
		{"visit", "2024-05-02T01:30", "", "RUBLES", "currency", MSG_CURRENCY},
		{"visit", "2999-01-01T00:00", "", "", "occurred_at", MSG_FUTURE_TIME},
		{"visit", "yesterday", "", "", "occurred_at", MSG_TIME},
		{"complaint", "2024-05-02T01:30", "", "", "kind", MSG_KIND},
		{"survey", "2024-05-02T01:30", "", "", "kind", MSG_KIND},
		{"gift", "2024-05-02T01:30", "", "", "kind", MSG_KIND},
		{"note", "2024-05-02T01:30", "", "", "text", MSG_NOTE},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tw_post(&m, path,
		        tw_fields("form", "full", "kind", bad[i].kind, "occurred_at", bad[i].when, "amount", bad[i].amount,
		                  "currency", bad[i].currency, "service", "Keep me", "text", "", NULL),
		     &r);
		tw_assert_status(&r, 200);
		tw_assert_notice(&r, "error", MSG_CHECK);
		tw_assert_field_error_from(&r, "name=\"form\" value=\"full\"", bad[i].field, bad[i].msg);
		tw_assert_input(&r, "service", "Keep me");
		th_response_free(&r);
	}
	/* the quick note: its own error, next to its own text box */
	tw_post(&m, path, tw_fields("form", "note", "text", "  ", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error_from(&r, "name=\"form\" value=\"note\"", "text", MSG_NOTE);
	tw_assert_field_error_from(&r, "name=\"form\" value=\"full\"", "text", NULL);
	th_response_free(&r);
	assert_unchanged(before, biz, "refused interactions");
	free(before);

	/* a quick note: kind note, time now, no amount */
	tw_post(&m, path, tw_fields("form", "note", "text", "Перезвонить", NULL), &r);
	tw_assert_status(&r, 303);
	th_response_free(&r);
	tw_assert_rows("SELECT kind, text, amount, ABS(TIMESTAMPDIFF(SECOND, occurred_at, UTC_TIMESTAMP())) < 120"
	               " FROM interactions WHERE client_id = ? AND kind = 'note'",
	               CXM_PARAMS(CXM_PINT(cl)), "note|Перезвонить|\\N|1\n");
	ck_assert_int_eq(tw_sql_int("SELECT interactions_count FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(cl)), 0), 2);

	/* an analyst may not */
	before = base_dump(biz);
	tw_post(&a, path, tw_fields("form", "note", "text", "Нельзя", NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_unchanged(before, biz, "an analyst's note");
	free(before);
}
END_TEST

/* Removing an entry: a confirmation page, then the aggregates without it. */
START_TEST(interaction_delete)
{
	long long biz = tw_make_business("delint-co", "Europe/Minsk", "BYN");
	struct tw_client m;
	tw_make_member(&m, biz, "manager@delint.example", "manager");
	long long cl = insert_client(biz, "Del Client", NULL, NULL);
	char path[128], want[256];
	snprintf(path, sizeof(path), "/clients/%lld/interactions", cl);
	struct th_response r;
	tw_post(&m, path, tw_fields("form", "full", "kind", "purchase", "occurred_at", "2024-02-02T10:00", "amount", "10", NULL), &r);
	th_response_free(&r);
	tw_post(&m, path, tw_fields("form", "full", "kind", "purchase", "occurred_at", "2024-02-03T10:00", "amount", "5.5", NULL), &r);
	th_response_free(&r);
	long long second = tw_sql_int("SELECT MAX(id) FROM interactions WHERE client_id = ?", CXM_PARAMS(CXM_PINT(cl)), 0);
	tw_assert_rows("SELECT interactions_count, purchases_count, purchases_total FROM clients WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(cl)), "2|2|15.50\n");
	snprintf(path, sizeof(path), "/clients/interactions/%lld/delete", second);
	tw_get(&m, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<h1>Remove from the history?</h1>");
	tw_assert_has(&r, "<p>2024-02-03 10:00 · Purchase · 5.50 BYN</p>");
	snprintf(want, sizeof(want), "<form class=\"form-stack\" method=\"post\" action=\"%s\">", path);
	tw_assert_has(&r, want);
	th_response_free(&r);
	tw_post(&m, path, tw_fields(NULL), &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=removed#history", cl);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	tw_assert_rows("SELECT interactions_count, purchases_count, purchases_total,"
	               " DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i') FROM clients WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(cl)), "1|1|10.00|2024-02-02 07:00\n");
	tw_post(&m, path, tw_fields(NULL), &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
}
END_TEST

/* ==== 6. Delete, restore, erase ============================================== */

START_TEST(delete_and_restore)
{
	long long biz = tw_make_business("delete-co", "Europe/Minsk", "BYN");
	struct tw_client m, a;
	tw_make_member(&m, biz, "manager@delete.example", "manager");
	tw_make_member(&a, biz, "analyst@delete.example", "analyst");
	long long keep = insert_client(biz, "Keeper", NULL, NULL);
	long long cl = insert_client(biz, "Leaver", "leaver@example.com", NULL);
	char path[128], want[256];
	snprintf(path, sizeof(path), "/clients/%lld/delete", cl);
	struct th_response r;
	tw_get(&m, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<h1>Delete Leaver?</h1>");
	th_response_free(&r);
	/* an analyst may neither see the page nor delete */
	tw_get(&a, path, &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	tw_post(&a, path, tw_fields(NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);

	tw_post(&m, path, tw_fields(NULL), &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=deleted", cl);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	tw_assert_rows("SELECT live, deleted_at IS NOT NULL FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(cl)), "0|1\n");
	assert_listed(&m, "/clients", idlist(1, keep));
	assert_listed(&m, "/clients?q=leaver%40", "");
	assert_listed(&m, "/clients?deleted=1", idlist(1, cl));
	/* the deleted list has a restore button for managers, not analysts */
	tw_get(&m, "/clients?deleted=1", &r);
	snprintf(want, sizeof(want), "action=\"/clients/%lld/restore\"", cl);
	tw_assert_has(&r, want);
	th_response_free(&r);
	tw_get(&a, "/clients?deleted=1", &r);
	tw_assert_lacks(&r, want);
	th_response_free(&r);
	/* its page says so; deleting again finds nothing to delete */
	snprintf(path, sizeof(path), "/clients/%lld", cl);
	tw_get(&a, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "This client is deleted.");
	th_response_free(&r);
	snprintf(path, sizeof(path), "/clients/%lld/delete", cl);
	tw_post(&m, path, tw_fields(NULL), &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
	snprintf(path, sizeof(path), "/clients/%lld/edit", cl);
	tw_get(&m, path, &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);

	snprintf(path, sizeof(path), "/clients/%lld/restore", cl);
	tw_post(&m, path, tw_fields(NULL), &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=restored", cl);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	tw_assert_rows("SELECT live, deleted_at FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(cl)), "1|\\N\n");
	assert_listed(&m, "/clients", idlist(2, keep, cl));
	tw_post(&m, path, tw_fields(NULL), &r);
	tw_assert_status(&r, 404);   /* not deleted any more */
	th_response_free(&r);
	char *audit = tw_audit_of(biz);
	snprintf(want, sizeof(want), "client_deleted|%lld|client #%lld|\nclient_restored|%lld|client #%lld|\n",
	         m.user_id, cl, m.user_id, cl);
	ck_assert_str_eq(audit, want);
	free(audit);
}
END_TEST

/* The personal strings of the client the erase test makes. */
static const char *const personal[] = {
	"Эразм Персоналов", "erasmus@private.example", "+375447778899", "998877744573", "EXT-ERASE-7",
	"Приватоград", "Тайная профессия", "Тайный источник", "1985-03-04", "Секретное значение",
	"Секретная заметка", "Секретный звонок", "erasmus-tag",
};

/* No cell of any row the query returns holds a personal string. */
static void assert_no_personal(const char *sql, const struct cxm_param *p, size_t n)
{
	struct cxm_rows r;
	ck_assert_int_eq(cxm_db_query(tw.db, tw.arena, sql, p, n, &r), CXM_OK);
	for (size_t c = 0; c < r.nrows * r.ncols; c++)
		for (size_t k = 0; r.cells[c] && k < sizeof(personal) / sizeof(personal[0]); k++)
			ck_assert_msg(!memmem(r.cells[c], r.lens[c], personal[k], strlen(personal[k])),
			              "%s still holds \"%s\"", sql, personal[k]);
	cxm_arena_reset(tw.arena);
}

/* Erasure: refused without the ticked box (nothing changes) and to a
 * manager; then no personal data of the client is left anywhere in the
 * database (the client's row, custom values, tags, the interactions'
 * texts, the audit log, the outbox), while every aggregate, the
 * interactions' kind, time and amount, and the age band, gender and
 * region stay as they were. */
START_TEST(erase)
{
	long long biz = tw_make_business("erase-co", "Europe/Minsk", "BYN");
	struct tw_client admin, m;
	tw_make_member(&admin, biz, "admin@erase.example", "admin");
	tw_make_member(&m, biz, "manager@erase.example", "manager");
	make_attr(biz, "secret", "Secret", "text", NULL, 1);
	long long id = add_client(
		&m, tw_fields("external_id", "EXT-ERASE-7", "name", "Эразм Персоналов", "email", "Erasmus@Private.example",
		              "phone", "+375 44 777-88-99", "birth_date", "1985-03-04", "age_band", "36-45",
		              "gender", "male", "region",
		              "grodno", "city", "Приватоград", "profession", "other", "profession_other",
		              "Тайная профессия", "source", "other", "source_detail", "Тайный источник",
		              "first_seen", "2023-03-03", "marketing_consent", "1", "tags", "erasmus-tag, vip",
		              "cf_secret", "Секретное значение", NULL));
	char path[128], want[512];
	snprintf(path, sizeof(path), "/clients/%lld/interactions", id);
	struct th_response r;
	tw_post(&m, path, tw_fields("form", "full", "kind", "purchase", "occurred_at", "2024-02-02T12:00", "amount", "99.90",
	                         "text", "Секретная заметка", NULL), &r);
	th_response_free(&r);
	tw_post(&m, path, tw_fields("form", "full", "kind", "call", "occurred_at", "2024-02-03T12:00", "channel", "phone",
	                         "text", "Секретный звонок", NULL), &r);
	th_response_free(&r);
	/* an edit, so there are more audit rows about the client */
	snprintf(path, sizeof(path), "/clients/%lld/edit", id);
	tw_post(&m, path, tw_fields("tags", "erasmus-tag", "marketing_consent", "1", NULL), &r);
	tw_assert_status(&r, 303);
	th_response_free(&r);
	const char *kept_sql = "SELECT interactions_count, purchases_count, purchases_total, last_seen_at,"
	                       " first_seen, age_band, gender, region, profession, source, live FROM clients"
	                       " WHERE id = ?";
	const char *hist_sql = "SELECT id, kind, occurred_at, amount, currency, channel FROM interactions"
	                       " WHERE client_id = ? ORDER BY id";
	char *kept = tw_sql_rows(kept_sql, CXM_PARAMS(CXM_PINT(id)));
	char *hist = tw_sql_rows(hist_sql, CXM_PARAMS(CXM_PINT(id)));
	ck_assert_str_eq(kept, "2|1|99.90|2024-02-03 09:00:00.000000|2023-03-03|36-45|male|grodno|other|other|1\n");

	snprintf(path, sizeof(path), "/clients/%lld/erase", id);
	tw_get(&m, path, &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	tw_get(&admin, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<h2>What is removed</h2>");
	tw_assert_has(&r, "<h2>What is kept</h2>");
	tw_assert_has(&r, "name=\"confirm\" value=\"1\" required>");
	th_response_free(&r);
	char *before = base_dump(biz);
	tw_post(&admin, path, tw_fields(NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_ERASE_CONFIRM);
	th_response_free(&r);
	tw_post(&m, path, tw_fields("confirm", "1", NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_unchanged(before, biz, "a refused erasure");
	free(before);

	tw_post(&admin, path, tw_fields("confirm", "1", NULL), &r);
	snprintf(want, sizeof(want), "/clients/%lld?done=erased", id);
	tw_assert_redirect(&r, want);
	th_response_free(&r);

	assert_no_personal("SELECT * FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(id)));
	assert_no_personal("SELECT * FROM clients", CXM_NOPARAMS);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM client_values WHERE client_id = ?", CXM_PARAMS(CXM_PINT(id)), -1), 0);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM client_tags WHERE client_id = ?", CXM_PARAMS(CXM_PINT(id)), -1), 0);
	assert_no_personal("SELECT * FROM client_values", CXM_NOPARAMS);
	assert_no_personal("SELECT * FROM interactions", CXM_NOPARAMS);
	assert_no_personal("SELECT * FROM audit_log", CXM_NOPARAMS);
	assert_no_personal("SELECT * FROM outbox", CXM_NOPARAMS);
	tw_assert_rows("SELECT COUNT(*) FROM interactions WHERE client_id = ? AND text IS NOT NULL",
	               CXM_PARAMS(CXM_PINT(id)), "0\n");
	/* what is kept, byte for byte */
	char *kept2 = tw_sql_rows(kept_sql, CXM_PARAMS(CXM_PINT(id)));
	char *hist2 = tw_sql_rows(hist_sql, CXM_PARAMS(CXM_PINT(id)));
	ck_assert_str_eq(kept2, kept);
	ck_assert_str_eq(hist2, hist);
	free(kept);
	free(kept2);
	free(hist);
	free(hist2);
	tw_assert_rows("SELECT name, email, phone, erased_at IS NOT NULL, marketing_consent FROM clients WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(id)), "|\\N|\\N|1|0\n");
	char *audit = tw_sql_rows("SELECT action, target, detail FROM audit_log WHERE business_id = ? ORDER BY id",
	                          CXM_PARAMS(CXM_PINT(biz)));
	snprintf(want, sizeof(want),
	         "client_created|client #%lld|external_id, name, email, phone, birth_date, age_band, gender,"
	         " region, city, profession, profession_other, source, source_detail, first_seen,"
	         " marketing_consent, tags, secret\n"
	         "client_updated|client #%lld|tags\n"
	         "client_erased|client #%lld|\n",
	         id, id, id);
	ck_assert_str_eq(audit, want);
	free(audit);

	/* the page and the list name it by number; it still counts */
	snprintf(path, sizeof(path), "/clients/%lld?done=erased", id);
	tw_get(&admin, path, &r);
	tw_assert_status(&r, 200);
	snprintf(want, sizeof(want), "<h1>Erased client #%lld</h1>", id);
	tw_assert_has(&r, want);
	tw_assert_notice(&r, "ok", "The client's personal data has been erased.");
	tw_assert_has(&r, "<tr data-field=\"total\"><th scope=\"row\">Purchases total</th><td>99.90 BYN</td></tr>");
	/* no edit, no forms, no second erasure link */
	tw_assert_lacks(&r, "/edit\"");
	tw_assert_lacks(&r, "name=\"form\"");
	tw_assert_lacks(&r, "/erase\"");
	th_response_free(&r);
	tw_get(&admin, "/clients", &r);
	snprintf(want, sizeof(want), ">Erased client #%lld</a>", id);
	tw_assert_has(&r, want);
	th_response_free(&r);
	snprintf(path, sizeof(path), "/clients/%lld/edit", id);
	tw_get(&m, path, &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_listed(&m, "/clients?q=erasmus%40", "");
}
END_TEST

/* ==== 7. Duplicates and merging ============================================== */

START_TEST(duplicates_and_merge)
{
	long long biz = tw_make_business("merge-co", "Europe/Minsk", "BYN");
	struct tw_client m, a;
	tw_make_member(&m, biz, "manager@merge.example", "manager");
	tw_make_member(&a, biz, "analyst@merge.example", "analyst");
	long long keep = insert_client(biz, "Мария Keep", "maria@example.com", NULL);
	long long other = insert_client(biz, "Мария Other", "maria@example.com", "+375295550011");
	long long third = insert_client(biz, "Someone", "x@example.com", "+375295550011");
	long long lone = insert_client(biz, "Lone", "lone@example.com", "+375295559999");
	tw_sql_exec("INSERT INTO interactions (business_id, client_id, kind, occurred_at, amount, currency) VALUES"
	            " (?, ?, 'purchase', '2024-01-01 10:00:00', 10, 'BYN'), (?, ?, 'purchase', '2024-03-01 10:00:00', 7.5, 'BYN'),"
	            " (?, ?, 'visit', '2024-02-01 10:00:00', NULL, NULL)",
	            CXM_PARAMS(CXM_PINT(biz), CXM_PINT(keep), CXM_PINT(biz), CXM_PINT(other), CXM_PINT(biz),
	                    CXM_PINT(other)));
	tw_sql_exec("UPDATE clients SET interactions_count = 1, purchases_count = 1, purchases_total = 10 WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(keep)));
	tw_sql_exec("UPDATE clients SET interactions_count = 2, purchases_count = 1, purchases_total = 7.5 WHERE id = ?",
	            CXM_PARAMS(CXM_PINT(other)));

	/* by e-mail: one group (keep, other); by phone: one (other, third) */
	struct th_response r;
	tw_get(&a, "/clients/duplicates", &r);
	tw_assert_status(&r, 200);
	long long ids[16];
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 16), 2);
	ck_assert_int_eq(ids[0], keep);
	ck_assert_int_eq(ids[1], other);
	tw_assert_has(&r, "<h2>maria@example.com <span class=\"muted\">(2)</span></h2>");
	tw_assert_lacks(&r, "name=\"keep\"");   /* an analyst does not merge */
	th_response_free(&r);
	tw_get(&a, "/clients/duplicates?by=phone", &r);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 16), 2);
	ck_assert_int_eq(ids[0], other);
	ck_assert_int_eq(ids[1], third);
	th_response_free(&r);
	char path[128], want[256];
	snprintf(path, sizeof(path), "/clients/duplicates?client=%lld", lone);
	tw_get(&a, path, &r);
	tw_assert_has(&r, "No duplicates found.");
	th_response_free(&r);
	tw_get(&m, "/clients/duplicates", &r);
	snprintf(want, sizeof(want), "<input type=\"radio\" name=\"keep\" value=\"%lld\"", keep);
	tw_assert_has(&r, want);
	th_response_free(&r);

	char *before = base_dump(biz);
	snprintf(want, sizeof(want), "%lld", keep);
	tw_post(&m, "/clients/merge", tw_fields("keep", want, "other", want, NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "error", MSG_MERGE_SAME);
	th_response_free(&r);
	tw_post(&a, "/clients/merge", tw_fields("keep", want, "other", "1", NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	assert_unchanged(before, biz, "refused merges");
	free(before);

	char ko[32];
	snprintf(ko, sizeof(ko), "%lld", other);
	tw_post(&m, "/clients/merge", tw_fields("keep", want, "other", ko, NULL), &r);
	snprintf(path, sizeof(path), "/clients/%lld?done=merged", keep);
	tw_assert_redirect(&r, path);
	th_response_free(&r);
	/* keep has both histories, other's phone, and the aggregates of both */
	tw_assert_rows("SELECT live, phone, interactions_count, purchases_count, purchases_total,"
	               " DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i') FROM clients WHERE id = ?",
	               CXM_PARAMS(CXM_PINT(keep)), "1|+375295550011|3|2|17.50|2024-03-01 10:00\n");
	snprintf(want, sizeof(want), "0|%lld\n", keep);
	tw_assert_rows("SELECT live, merged_into FROM clients WHERE id = ?", CXM_PARAMS(CXM_PINT(other)), want);
	char *audit = tw_audit_of(biz);
	snprintf(want, sizeof(want), "client_merged|%lld|client #%lld|client #%lld merged into it\n", m.user_id,
	         keep, other);
	ck_assert_str_eq(audit, want);
	free(audit);
	/* the merged record's page leads to the kept one; it is in no list */
	snprintf(path, sizeof(path), "/clients/%lld", other);
	tw_get(&a, path, &r);
	snprintf(want, sizeof(want), "/clients/%lld", keep);
	tw_assert_redirect(&r, want);
	th_response_free(&r);
	assert_listed(&a, "/clients?deleted=1", "");
	tw_get(&a, "/clients/duplicates", &r);
	tw_assert_has(&r, "No duplicates found.");
	th_response_free(&r);
	/* keep and third now share the phone */
	tw_get(&a, "/clients/duplicates?by=phone", &r);
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 16), 2);
	ck_assert_int_eq(ids[0], keep);
	ck_assert_int_eq(ids[1], third);
	th_response_free(&r);
	/* merging a retired record again: not found */
	snprintf(want, sizeof(want), "%lld", third);
	tw_post(&m, "/clients/merge", tw_fields("keep", want, "other", ko, NULL), &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
}
END_TEST

/* The duplicates page reads at most 200 000 index entries per request:
 * over 200 003 clients the first page finds the group at the start and
 * stops inside the run of a group that the budget cuts; the link to the
 * rest starts the second page at that run, which is found whole. */
START_TEST(duplicates_scan_in_parts)
{
	long long biz = tw_make_business("dupscan-co", "Europe/Minsk", "BYN");
	struct tw_client a;
	tw_make_member(&a, biz, "analyst@dupscan.example", "analyst");
	tw_sql_exec("INSERT INTO clients (business_id, name, email, first_seen, last_seen_at)"
	            " SELECT ?, 'C', CONCAT('e', LPAD(seq, 6, '0'), '@x.example'), '2024-01-01',"
	            " '2024-01-01' FROM seq_1_to_200000",
	            CXM_PARAMS(CXM_PINT(biz)));
	/* 5 twice; 199998 three times, two of them within the first 200 000 */
	static const int extra[] = {5, 199998, 199998};
	for (size_t i = 0; i < 3; i++) {
		char email[64];
		snprintf(email, sizeof(email), "e%06d@x.example", extra[i]);
		insert_client(biz, "Copy", email, NULL);
	}
	struct th_response r;
	tw_get(&a, "/clients/duplicates", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<h2>e000005@x.example <span class=\"muted\">(2)</span></h2>");
	tw_assert_lacks(&r, "e199998@x.example");
	long long ids[32];
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 32), 2);
	char *rest = tw_rel_link(r.body, "next");
	th_response_free(&r);
	ck_assert_str_eq(rest, "/clients/duplicates?by=email&after=e199997%40x.example");
	tw_get(&a, rest, &r);
	free(rest);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "<h2>e199998@x.example <span class=\"muted\">(3)</span></h2>");
	ck_assert_uint_eq(tw_page_ids(r.body, 0, ids, 32), 3);
	ck_assert_ptr_null(tw_rel_link(r.body, "next"));
	th_response_free(&r);
}
END_TEST

/* ==== 8. Custom attributes =================================================== */

START_TEST(custom_attributes_admin)
{
	long long biz = tw_make_business("attrs-co", "Europe/Minsk", "BYN");
	struct tw_client admin, m;
	tw_make_member(&admin, biz, "admin@attrs.example", "admin");
	tw_make_member(&m, biz, "manager@attrs.example", "manager");
	struct th_response r;
	tw_get(&m, "/admin/client-fields", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	tw_get(&admin, "/admin/client-fields", &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "No attributes yet.");
	th_response_free(&r);

	char *before = base_dump(biz);
	static const struct {
		const char *code, *label, *type, *choices, *field, *msg;
	} bad[] = {
		{"", "Card", "number", "", "code", "Enter a code."},
		{"Card", "Card", "number", "", "code", "Use lower-case Latin letters, digits and '_', starting with a letter."},
		{"1card", "Card", "number", "", "code", "Use lower-case Latin letters, digits and '_', starting with a letter."},
		{"card-no", "Card", "number", "", "code", "Use lower-case Latin letters, digits and '_', starting with a letter."},
		{"email", "Mail", "text", "", "code", "This code is used by a built-in field."},
		{"card", "", "number", "", "label", "Enter a label."},
		{"card", "Card", "", "", "type", "Choose the type."},
		{"card", "Card", "colour", "", "type", "Choose one of the offered values."},
		{"level", "Level", "choice", " \n ", "choices", "Enter at least one choice, one per line."},
		{"level", "Level", "choice", "Gold\ngold", "choices", "Each choice may appear only once."},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tw_post(&admin, "/admin/client-fields",
		        tw_fields("code", bad[i].code, "label", bad[i].label, "type", bad[i].type, "choices", bad[i].choices,
		                  NULL),
		     &r);
		tw_assert_status(&r, 200);
		tw_assert_notice(&r, "error", MSG_CHECK);
		tw_assert_field_error(&r, bad[i].field, bad[i].msg);
		tw_assert_input(&r, "label", bad[i].label);
		th_response_free(&r);
	}
	assert_unchanged(before, biz, "refused attributes");
	free(before);

	tw_post(&admin, "/admin/client-fields", tw_fields("code", "card", "label", "Loyalty card", "type", "number", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "ok", "Attribute “Loyalty card” added.");
	th_response_free(&r);
	tw_post(&admin, "/admin/client-fields",
	        tw_fields("code", "level", "label", "Level", "type", "choice", "choices", " Gold \r\n\r\nSilver\n", NULL), &r);
	tw_assert_status(&r, 200);
	th_response_free(&r);
	tw_post(&admin, "/admin/client-fields", tw_fields("code", "card", "label", "Again", "type", "text", NULL), &r);
	tw_assert_field_error(&r, "code", "Another attribute already has this code.");
	th_response_free(&r);
	long long card = tw_sql_int("SELECT id FROM client_fields WHERE business_id = ? AND code = 'card'",
	                            CXM_PARAMS(CXM_PINT(biz)), 0);
	long long level = tw_sql_int("SELECT id FROM client_fields WHERE business_id = ? AND code = 'level'",
	                             CXM_PARAMS(CXM_PINT(biz)), 0);
	tw_assert_rows("SELECT code, label, type, choices, position FROM client_fields WHERE business_id = ? ORDER BY id",
	               CXM_PARAMS(CXM_PINT(biz)), "card|Loyalty card|number|\\N|1\nlevel|Level|choice|0x476f6c640a53696c766572|2\n");

	/* on the client form and page, filterable */
	long long cl = add_client(&m, tw_fields("name", "Attr Client", "cf_card", "77", "cf_level", "silver", NULL));
	struct th_response f;
	tw_get(&m, "/clients/new", &f);
	tw_assert_has(&f, "<label for=\"cf_card\">Loyalty card</label>");
	tw_assert_has(&f, "<option value=\"Silver\">Silver</option>");
	th_response_free(&f);
	assert_listed(&m, "/clients?attr=level&attr_value=Silver", idlist(1, cl));
	assert_listed(&m, "/clients?attr=card&attr_value=77.0", idlist(1, cl));

	/* edit: label, choices, position (level first now) */
	char path[128];
	snprintf(path, sizeof(path), "/admin/client-fields/%lld", level);
	tw_get(&admin, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, ">Gold\nSilver</textarea>");
	th_response_free(&r);
	tw_post(&admin, path, tw_fields("label", "", "choices", "Gold", "position", "0", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_field_error(&r, "label", "Enter a label.");
	th_response_free(&r);
	tw_post(&admin, path, tw_fields("label", "Status level", "choices", "Gold\nSilver\nBronze", "position", "0", NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "ok", "Attribute saved.");
	th_response_free(&r);
	snprintf(path, sizeof(path), "/clients/%lld", cl);
	tw_get(&m, path, &r);
	tw_assert_before(&r, "data-field=\"cf_level\"", "data-field=\"cf_card\"");
	tw_assert_has(&r, "<th scope=\"row\">Status level</th><td>Silver</td>");
	th_response_free(&r);

	/* delete: a confirmation saying how many values go with it */
	snprintf(path, sizeof(path), "/admin/client-fields/%lld/delete", card);
	tw_get(&admin, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_has(&r, "Its value for 1 client is deleted with it. This cannot be undone.");
	th_response_free(&r);
	tw_post(&admin, path, tw_fields(NULL), &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "ok", "Attribute “Loyalty card” deleted.");
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM client_values WHERE field_id = ?", CXM_PARAMS(CXM_PINT(card)), -1), 0);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM client_fields WHERE id = ?", CXM_PARAMS(CXM_PINT(card)), -1), 0);
	char *audit = tw_sql_rows("SELECT action, target, detail FROM audit_log WHERE business_id = ? AND action LIKE"
	                          " 'client_field%' ORDER BY id", CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_str_eq(audit, "client_field_added|card|type: number\nclient_field_added|level|type: choice\n"
	                        "client_field_changed|level|label, choices, position\nclient_field_deleted|card|\n");
	free(audit);
	tw_post(&admin, path, tw_fields(NULL), &r);
	tw_assert_status(&r, 404);
	th_response_free(&r);
}
END_TEST

/* ==== 9. The business's currency ============================================= */

START_TEST(business_currency)
{
	long long biz = tw_make_business("currency-co", "Europe/Minsk", "BYN");
	struct tw_client admin;
	tw_make_member(&admin, biz, "admin@currency.example", "admin");
	struct th_response r;
	tw_get(&admin, "/admin/business", &r);
	tw_assert_input(&r, "currency", "BYN");
	th_response_free(&r);
	tw_post(&admin, "/admin/business",
	        tw_fields("name", "currency-co", "industry", "other", "locale", "ru", "timezone", "Europe/Minsk", "currency",
	                  "rub", NULL),
	     &r);
	tw_assert_status(&r, 200);
	tw_assert_notice(&r, "ok", "Settings saved.");
	tw_assert_input(&r, "currency", "RUB");
	th_response_free(&r);
	static const char *const bad[] = {"RU", "RUBL", "R1B", ""};
	for (size_t i = 0; i < 4; i++) {
		tw_post(&admin, "/admin/business",
		        tw_fields("name", "currency-co", "industry", "other", "locale", "ru", "timezone", "Europe/Minsk",
		                  "currency", bad[i], NULL),
		     &r);
		tw_assert_status(&r, 200);
		tw_assert_field_error(&r, "currency", MSG_CURRENCY);
		tw_assert_input(&r, "currency", bad[i]);
		th_response_free(&r);
	}
	/* a form without the field keeps it */
	tw_post(&admin, "/admin/business",
	        tw_fields("name", "currency-co", "industry", "salon", "locale", "ru", "timezone", "Europe/Minsk", NULL), &r);
	tw_assert_status(&r, 200);
	th_response_free(&r);
	tw_assert_rows("SELECT currency, industry FROM businesses WHERE id = ?", CXM_PARAMS(CXM_PINT(biz)), "RUB|salon\n");
	char *audit = tw_sql_rows("SELECT action, target, detail FROM audit_log WHERE business_id = ? ORDER BY id",
	                          CXM_PARAMS(CXM_PINT(biz)));
	ck_assert_str_eq(audit, "settings_changed|currency-co|currency: BYN -> RUB\n"
	                        "settings_changed|currency-co|industry: other -> salon\n");
	free(audit);
}
END_TEST

/* ==== 10. Tenancy ============================================================= */

#define B_SECRET_NAME "Bravosecret Hiddenclient"
#define B_SECRET_EMAIL "hidden@bravo-clients.example"
#define B_SECRET_PHONE "+375298887766"

/* Notes each of B's secrets found in a response, except those the
 * request itself holds (echoed) and the e-mail, which A's own client
 * shares on purpose (where B's clients could show, their ids are checked). */
static void check_no_b(const struct th_response *r, const char *what, const char *echoed,
                       struct tw_text *problems)
{
	static const char *const needles[] = {"Bravosecret", B_SECRET_PHONE, "bravo-note", "Bravo attribute",
	                                      "bravotag", "bravo-overwrite"};
	for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++) {
		if (echoed && strstr(echoed, needles[i]))
			continue;
		if (memmem(r->body, r->body_len, needles[i], strlen(needles[i])))
			tw_text_printf(problems, "%s: the response shows B's \"%s\"\n", what, needles[i]);
	}
}

/* A's analyst, manager and admin against B's clients: B's clients are in
 * no list, search, filter or duplicates group of A (even where A has a
 * client with the same e-mail), and every route with one of B's ids
 * answers 404, changing nothing of B's. A's own pages do show A's data. */
START_TEST(tenancy)
{
	long long a_biz = tw_make_business("alpha-clients", "Europe/Minsk", "BYN");
	long long b_biz = tw_make_business("bravo-clients", "Europe/Minsk", "BYN");
	struct tw_client an, mg, ad;
	tw_make_member(&an, a_biz, "analyst@alpha-clients.example", "analyst");
	tw_make_member(&mg, a_biz, "manager@alpha-clients.example", "manager");
	tw_make_member(&ad, a_biz, "admin@alpha-clients.example", "admin");
	long long a1 = insert_client(a_biz, "Alpha One", B_SECRET_EMAIL, NULL);
	long long a2 = insert_client(a_biz, "Alpha Two", "two@alpha.example", NULL);
	long long b1 = insert_client(b_biz, B_SECRET_NAME, B_SECRET_EMAIL, B_SECRET_PHONE);
	long long b2 = insert_client(b_biz, "Bravosecret Second", B_SECRET_EMAIL, B_SECRET_PHONE);
	long long b3 = insert_client(b_biz, "Bravosecret Deleted", NULL, NULL);
	tw_sql_exec("UPDATE clients SET live = 0, deleted_at = UTC_TIMESTAMP() WHERE id = ?", CXM_PARAMS(CXM_PINT(b3)));
	long long b_int = tw_sql_insert("INSERT INTO interactions (business_id, client_id, kind, occurred_at, text)"
	                                " VALUES (?, ?, 'note', '2024-01-01 10:00:00', 'bravo-note')",
	                                CXM_PARAMS(CXM_PINT(b_biz), CXM_PINT(b1)));
	long long b_attr = make_attr(b_biz, "battr", "Bravo attribute", "text", NULL, 1);
	tw_sql_exec("INSERT INTO client_values (client_id, field_id, business_id, value) VALUES (?, ?, ?, 'x')",
	            CXM_PARAMS(CXM_PINT(b1), CXM_PINT(b_attr), CXM_PINT(b_biz)));
	tw_sql_exec("INSERT INTO tags (business_id, name) VALUES (?, 'bravotag')", CXM_PARAMS(CXM_PINT(b_biz)));
	tw_sql_exec("INSERT INTO client_tags (client_id, tag_id, business_id) SELECT ?, id, business_id FROM tags"
	            " WHERE business_id = ? AND name = 'bravotag'",
	            CXM_PARAMS(CXM_PINT(b1), CXM_PINT(b_biz)));
	char *before = base_dump(b_biz);
	struct tw_text problems = {0};

	/* lists, searches, filters, duplicates */
	static const char *const lists[] = {
		"/clients", "/clients?q=Bravosecret", "/clients?q=hidden%40bravo", "/clients?q=7766",
		"/clients?q=%2B37529888", "/clients?tag=bravotag", "/clients?attr=battr&attr_value=x",
		"/clients?deleted=1", "/clients?sort=total_desc&last=1", "/clients/duplicates",
		"/clients/duplicates?by=phone", "/clients/duplicates?by=email&after=a",
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct th_response r;
		tw_get(&an, lists[i], &r);
		char what[256];
		snprintf(what, sizeof(what), "GET %s", lists[i]);
		if (r.status != 200)
			tw_text_printf(&problems, "%s: %d\n", what, r.status);
		check_no_b(&r, what, lists[i], &problems);
		long long ids[64];
		size_t n = tw_page_ids(r.body, 0, ids, 64);
		for (size_t k = 0; k < n; k++)
			if (ids[k] != a1 && ids[k] != a2)
				tw_text_printf(&problems, "%s lists client %lld\n", what, ids[k]);
		th_response_free(&r);
	}
	/* A's own clients are there */
	assert_listed(&an, "/clients", idlist(2, a1, a2));
	assert_listed(&an, "/clients?q=hidden%40bravo", idlist(1, a1));

	/* every route with one of B's ids */
	const long long b_ids[] = {b1, b2, b3};
	struct {
		const char *method, *pattern;
		const struct tw_client *who;
		int id_kind;   /* 0 client, 1 interaction, 2 attribute */
	} routes[] = {
		{"GET", "/clients/%lld", &an, 0},
		{"GET", "/clients/%lld?kind=note", &an, 0},
		{"GET", "/clients/%lld/edit", &mg, 0},
		{"POST", "/clients/%lld/edit", &mg, 0},
		{"POST", "/clients/%lld/interactions", &mg, 0},
		{"GET", "/clients/%lld/delete", &mg, 0},
		{"POST", "/clients/%lld/delete", &mg, 0},
		{"POST", "/clients/%lld/restore", &mg, 0},
		{"GET", "/clients/%lld/erase", &ad, 0},
		{"POST", "/clients/%lld/erase", &ad, 0},
		{"GET", "/clients/duplicates?client=%lld", &an, 0},
		{"GET", "/clients/interactions/%lld/delete", &mg, 1},
		{"POST", "/clients/interactions/%lld/delete", &mg, 1},
		{"GET", "/admin/client-fields/%lld", &ad, 2},
		{"POST", "/admin/client-fields/%lld", &ad, 2},
		{"GET", "/admin/client-fields/%lld/delete", &ad, 2},
		{"POST", "/admin/client-fields/%lld/delete", &ad, 2},
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		size_t nids = routes[i].id_kind == 0 ? 3 : 1;
		for (size_t k = 0; k < nids; k++) {
			long long id = routes[i].id_kind == 0 ? b_ids[k] : routes[i].id_kind == 1 ? b_int : b_attr;
			char path[128], what[256];
			const char *at = strstr(routes[i].pattern, "%lld");
			snprintf(path, sizeof(path), "%.*s%lld%s", (int)(at - routes[i].pattern), routes[i].pattern, id,
			         at + 4);
			snprintf(what, sizeof(what), "%s %s", routes[i].method, path);
			struct th_response r;
			if (strcmp(routes[i].method, "GET") == 0)
				tw_get(routes[i].who, path, &r);
			else
				tw_post(routes[i].who, path,
				        tw_fields("name", "Walker", "email", "walker@alpha.example", "kind", "note", "text",
				                  "bravo-overwrite", "form", "full", "confirm", "1", "label", "Walked",
				                  "choices", "x", "position", "1", NULL),
				     &r);
			int ok = strstr(path, "duplicates") ? r.status == 200 : r.status == 404;
			if (!ok)
				tw_text_printf(&problems, "%s: %d\n", what, r.status);
			check_no_b(&r, what, NULL, &problems);
			th_response_free(&r);
		}
	}
	/* merging across businesses, either way round */
	const long long pairs[][2] = {{a1, b1}, {b1, a1}, {b1, b2}};
	for (size_t i = 0; i < 3; i++) {
		char k[32], o[32];
		snprintf(k, sizeof(k), "%lld", pairs[i][0]);
		snprintf(o, sizeof(o), "%lld", pairs[i][1]);
		struct th_response r;
		tw_post(&mg, "/clients/merge", tw_fields("keep", k, "other", o, NULL), &r);
		if (r.status != 404)
			tw_text_printf(&problems, "POST /clients/merge keep=%s other=%s: %d\n", k, o, r.status);
		th_response_free(&r);
	}
	assert_unchanged(before, b_biz, "A's requests");
	free(before);
	ck_assert_msg(problems.len == 0, "tenancy problems:\n%s", problems.s);
}
END_TEST

/* ==== 11. Roles, navigation ================================================== */

START_TEST(roles_and_navigation)
{
	long long biz = tw_make_business("roles-co", "Europe/Minsk", "BYN");
	struct tw_client an, mg;
	tw_make_member(&an, biz, "analyst@roles.example", "analyst");
	tw_make_member(&mg, biz, "manager@roles.example", "manager");
	long long cl = insert_client(biz, "Role Client", NULL, NULL);
	struct th_response r;
	/* the navigation and the home page lead to the list */
	tw_get(&an, "/", &r);
	tw_assert_has(&r, "<li><a href=\"/clients\">Clients</a></li>");
	tw_assert_has(&r, "<a class=\"button\" href=\"/clients\">Open the client base</a>");
	th_response_free(&r);
	tw_get(&an, "/clients", &r);
	tw_assert_has(&r, "<li><a href=\"/clients\" aria-current=\"page\">Clients</a></li>");
	/* an analyst downloads but does not import */
	tw_assert_has(&r, "<a href=\"/clients/export.csv\">CSV</a>");
	tw_assert_lacks(&r, "href=\"/clients/import\"");
	th_response_free(&r);
	/* the download links carry the list's filters and order */
	tw_get(&an, "/clients?gender=female&sort=name_desc", &r);
	tw_assert_has(&r, "<a href=\"/clients/export.csv?sort=name_desc&amp;gender=female\">CSV</a>");
	tw_assert_has(&r, "<a href=\"/clients/export.xlsx?sort=name_desc&amp;gender=female\">Excel</a>");
	th_response_free(&r);
	tw_get(&mg, "/clients", &r);
	tw_assert_has(&r, "<a href=\"/clients/import\">Import from a file</a>");
	th_response_free(&r);
	tw_get(NULL, "/", &r);
	tw_assert_lacks(&r, "href=\"/clients\"");
	th_response_free(&r);
	/* an analyst reads, a manager also writes */
	char path[64];
	snprintf(path, sizeof(path), "/clients/%lld", cl);
	tw_get(&an, path, &r);
	tw_assert_status(&r, 200);
	tw_assert_lacks(&r, "Add to the history");
	tw_assert_lacks(&r, "/edit\"");
	th_response_free(&r);
	tw_get(&mg, path, &r);
	tw_assert_has(&r, "Add to the history");
	tw_assert_has(&r, "Quick note");
	snprintf(path, sizeof(path), "href=\"/clients/%lld/edit\"", cl);
	tw_assert_has(&r, path);
	tw_assert_lacks(&r, "/erase\"");   /* erasing is for administrators */
	th_response_free(&r);
	tw_get(&an, "/clients/new", &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	tw_post(&an, "/clients/new", tw_fields("name", "Not allowed", NULL), &r);
	tw_assert_status(&r, 403);
	th_response_free(&r);
	ck_assert_int_eq(tw_sql_int("SELECT COUNT(*) FROM clients WHERE business_id = ?", CXM_PARAMS(CXM_PINT(biz)), -1), 1);
	tw_get(NULL, "/clients", &r);
	tw_assert_redirect(&r, "/login?next=/clients");
	th_response_free(&r);
}
END_TEST

/* ---- the suite ------------------------------------------------------------ */

static Suite *clients_suite(void)
{
	Suite *s = suite_create("http_clients");
	TCase *tc = tcase_create("clients");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, create_view_edit);
	tcase_add_test(tc, validation_next_to_fields);
	tcase_add_test(tc, duplicate_notice);
	tcase_add_test(tc, keyset_exactly_once);
	tcase_add_test(tc, filtered_pages_partial);
	tcase_add_test(tc, search);
	tcase_add_test(tc, filters);
	tcase_add_test(tc, timeline);
	tcase_add_test(tc, interaction_add);
	tcase_add_test(tc, interaction_delete);
	tcase_add_test(tc, delete_and_restore);
	tcase_add_test(tc, erase);
	tcase_add_test(tc, duplicates_and_merge);
	tcase_add_test(tc, duplicates_scan_in_parts);
	tcase_add_test(tc, custom_attributes_admin);
	tcase_add_test(tc, business_currency);
	tcase_add_test(tc, tenancy);
	tcase_add_test(tc, roles_and_navigation);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return EXIT_FAILURE;
	}
	th_mysql_socket();
	struct th_stack_opts o = {.workers = 2};
	th_stack_start(&stack, &o);
	int failed = tw_run(clients_suite(), &stack);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
