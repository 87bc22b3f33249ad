/* The interaction history; see interaction.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "client.h"
#include "db.h"
#include "i18n.h"
#include "interaction.h"
#include "tz.h"
#include "utf8.h"

const char *const cxm_ikind_names[CXM_IK_MAX] = {
	"visit", "purchase", "call", "message", "note", "complaint", "survey",
};
const char *const cxm_ikind_labels[CXM_IK_MAX] = {
	N_("Visit"), N_("Purchase"), N_("Call"), N_("Message"), N_("Note"), N_("Complaint"),
	N_("Survey response"),
};
const char *const cxm_ifield_codes[CXM_IF_MAX] = {
	"kind", "occurred_at", "channel", "amount", "currency", "service", "location", "staff", "items", "text",
};
const char *const cxm_ifield_labels[CXM_IF_MAX] = {
	N_("Kind"), N_("When"), N_("Channel"), N_("Amount"), N_("Currency"), N_("Service"),
	N_("Branch"), N_("Staff member"), N_("Items"), N_("Text"),
};

int cxm_ikind_manual(enum cxm_ikind k)
{
	return k == CXM_IK_VISIT || k == CXM_IK_PURCHASE || k == CXM_IK_CALL || k == CXM_IK_MESSAGE ||
	       k == CXM_IK_NOTE;
}

/* ASCII and Cyrillic case-insensitive equality of UTF-8 strings. */
static int same_text(const char *x, const char *y)
{
	for (;;) {
		unsigned char a = (unsigned char)*x, b = (unsigned char)*y;
		if (!a || !b)
			return a == b;
		if (a < 0x80 && b < 0x80) {
			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (unsigned char)(b - 'A' + 'a');
			if (a != b)
				return 0;
			x++;
			y++;
			continue;
		}
		/* two-byte Cyrillic: fold А-Я (d0 90..af) to а-я (d0 b0..bf, d1 80..8f) */
		unsigned ca = 0, cb = 0;
		if ((a & 0xe0) == 0xc0 && x[1])
			ca = ((a & 0x1fu) << 6) | ((unsigned char)x[1] & 0x3fu);
		if ((b & 0xe0) == 0xc0 && y[1])
			cb = ((b & 0x1fu) << 6) | ((unsigned char)y[1] & 0x3fu);
		if (!ca || !cb)
			return 0;
		if (ca >= 0x410 && ca <= 0x42f)
			ca += 0x20;
		if (cb >= 0x410 && cb <= 0x42f)
			cb += 0x20;
		if (ca == 0x401)
			ca = 0x451;
		if (cb == 0x401)
			cb = 0x451;
		if (ca != cb)
			return 0;
		x += 2;
		y += 2;
	}
}

int cxm_ikind_from_text(struct cxm_arena *a, const char *s)
{
	(void)a;
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	char buf[128];
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	for (int k = 0; k < CXM_IK_MAX; k++) {
		if (same_text(buf, cxm_ikind_names[k]))
			return k;
		for (int l = 0; l < CXM_LANG_MAX; l++)
			if (same_text(buf, cxm_gettext_lang((enum cxm_lang)l, cxm_ikind_labels[k])))
				return k;
	}
	return -1;
}

static const char *blank_to_null(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s ? s : NULL;
}

/* One line of at most max characters (text: newlines allowed). */
static const char *check_len(const char *s, size_t max, int multiline)
{
	size_t n = strlen(s);
	if (!cxm_utf8_valid(s, n))
		return N_("The text is not valid UTF-8.");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f)
			return N_("Use a single line without control characters.");
	}
	if (cxm_utf8_length(s, n) > max)
		return N_("The text is too long.");
	return NULL;
}

/* Amount: digits with at most two decimals ("12", "12.5", "12,50",
 * "1 200.00"), at most 10 digits before the point. */
static char *parse_amount(struct cxm_arena *a, const char *s)
{
	char out[32];
	size_t k = 0;
	int before = 0, after = 0, point = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (k >= sizeof(out) - 1)
				return NULL;
			out[k++] = *p;
			if (point)
				after++;
			else
				before++;
		} else if ((*p == '.' || *p == ',') && !point && before) {
			point = 1;
			out[k++] = '.';
		} else if (*p == ' ' && !point) {
			continue;
		} else {
			return NULL;
		}
	}
	out[k] = 0;
	if (!before || before > 10 || after > 2 || (point && !after))
		return NULL;
	return cxm_strdup(a, out);
}

int cxm_interaction_check(struct cxm_arena *a, const char *const in[CXM_IF_MAX], const char *tz,
                          const char *default_currency, struct cxm_interaction *out,
                          const char *err[CXM_IF_MAX])
{
	memset(out, 0, sizeof(*out));
	int bad = 0;
	for (int f = 0; f < CXM_IF_MAX; f++)
		err[f] = NULL;
	const char *v[CXM_IF_MAX];
	for (int f = 0; f < CXM_IF_MAX; f++)
		v[f] = blank_to_null(in[f]);

	int kind = v[CXM_IF_KIND] ? cxm_ikind_from_text(a, v[CXM_IF_KIND]) : -1;
	if (kind < 0) {
		err[CXM_IF_KIND] = v[CXM_IF_KIND] ? N_("Choose one of the listed kinds.") : N_("Choose the kind.");
		bad++;
	} else {
		out->kind = (enum cxm_ikind)kind;
	}

	if (!v[CXM_IF_OCCURRED_AT]) {
		err[CXM_IF_OCCURRED_AT] = N_("Enter the date and time.");
		bad++;
	} else {
		char *local = cxm_parse_date(a, v[CXM_IF_OCCURRED_AT], 1);
		char *utc = NULL;
		if (!local || (tz ? cxm_tz_to_utc(a, tz, local, &utc) : (utc = local, CXM_OK)) != CXM_OK) {
			err[CXM_IF_OCCURRED_AT] = N_("Enter the date and time as YYYY-MM-DD HH:MM.");
			bad++;
		} else {
			time_t limit = time(NULL) + 86400;
			struct tm tm;
			gmtime_r(&limit, &tm);
			char max[64];
			snprintf(max, sizeof(max), "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
			         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
			if (strcmp(utc, max) > 0) {
				err[CXM_IF_OCCURRED_AT] = N_("The time is in the future.");
				bad++;
			} else if (strcmp(utc, "1970-01-01 00:00:00") < 0) {
				err[CXM_IF_OCCURRED_AT] = N_("Enter the date and time as YYYY-MM-DD HH:MM.");
				bad++;
			} else {
				out->occurred_at = utc;
			}
		}
	}

	if (v[CXM_IF_AMOUNT]) {
		out->amount = parse_amount(a, v[CXM_IF_AMOUNT]);
		if (!out->amount) {
			err[CXM_IF_AMOUNT] = N_("Enter an amount such as 25 or 25.50.");
			bad++;
		}
	} else if (kind == CXM_IK_PURCHASE) {
		err[CXM_IF_AMOUNT] = N_("Enter the amount of the purchase.");
		bad++;
	}
	if (v[CXM_IF_CURRENCY]) {
		const char *c = v[CXM_IF_CURRENCY];
		if (strlen(c) != 3 || c[0] < 'A' || c[0] > 'z' || c[1] < 'A' || c[1] > 'z' || c[2] < 'A' ||
		    c[2] > 'z') {
			err[CXM_IF_CURRENCY] = N_("Enter a three-letter currency code such as BYN.");
			bad++;
		} else {
			char *u = cxm_strdup(a, c);
			for (char *p = u; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
			if (u[0] < 'A' || u[0] > 'Z' || u[1] < 'A' || u[1] > 'Z' || u[2] < 'A' || u[2] > 'Z') {
				err[CXM_IF_CURRENCY] = N_("Enter a three-letter currency code such as BYN.");
				bad++;
			} else {
				out->currency = u;
			}
		}
	} else if (out->amount) {
		out->currency = default_currency ? default_currency : "BYN";
	}

	static const struct {
		enum cxm_ifield f;
		size_t max;
		int multiline;
	} texts[] = {
		{CXM_IF_CHANNEL, 32, 0}, {CXM_IF_SERVICE, 200, 0}, {CXM_IF_LOCATION, 100, 0},
		{CXM_IF_STAFF, 100, 0},  {CXM_IF_ITEMS, 500, 0},   {CXM_IF_TEXT, 10000, 1},
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *s = v[texts[i].f];
		if (!s)
			continue;
		const char *why = check_len(s, texts[i].max, texts[i].multiline);
		if (why) {
			err[texts[i].f] = why;
			bad++;
		}
	}
	out->channel = v[CXM_IF_CHANNEL];
	out->service = v[CXM_IF_SERVICE];
	out->location = v[CXM_IF_LOCATION];
	out->staff = v[CXM_IF_STAFF];
	out->items = v[CXM_IF_ITEMS];
	out->text = v[CXM_IF_TEXT];
	if (kind == CXM_IK_NOTE && !out->text && !err[CXM_IF_TEXT]) {
		err[CXM_IF_TEXT] = N_("Write the note.");
		bad++;
	}
	return bad;
}

static const char *const named_insert[CXM_NAMED_MAX] = {
	"INSERT IGNORE INTO services (business_id, name) VALUES (?, ?)",
	"INSERT IGNORE INTO locations (business_id, name) VALUES (?, ?)",
	"INSERT IGNORE INTO staff (business_id, name) VALUES (?, ?)",
};
static const char *const named_select[CXM_NAMED_MAX] = {
	"SELECT id FROM services WHERE business_id = ? AND name = ?",
	"SELECT id FROM locations WHERE business_id = ? AND name = ?",
	"SELECT id FROM staff WHERE business_id = ? AND name = ?",
};

enum cxm_err cxm_named_id(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                          enum cxm_named what, const char *name, long long *id)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, named_select[what],
	                               CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(name)), &r);
	if (rc == CXM_OK && r.nrows) {
		*id = cxm_rows_int(&r, 0, 0, 0);
		return CXM_OK;
	}
	if (rc == CXM_OK)
		rc = cxm_db_exec(db, named_insert[what], CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(name)),
		                 NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_db_query(db, a, named_select[what],
		                  CXM_PARAMS(CXM_PINT(business_id), CXM_PSTR(name)), &r);
	if (rc == CXM_OK && !r.nrows)
		rc = CXM_ERR_NOT_FOUND;
	if (rc == CXM_OK)
		*id = cxm_rows_int(&r, 0, 0, 0);
	return rc;
}

enum cxm_err cxm_interaction_add(struct cxm_db *db, struct cxm_arena *a, long long business_id,
                                 long long client_id, const struct cxm_interaction *it,
                                 long long *id)
{
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a, "SELECT 1 FROM clients WHERE id = ? AND business_id = ?",
	                               CXM_PARAMS(CXM_PINT(client_id), CXM_PINT(business_id)), &r);
	if (rc != CXM_OK)
		return rc;
	if (!r.nrows)
		return CXM_ERR_NOT_FOUND;
	long long ids[CXM_NAMED_MAX] = {0};
	const char *names[CXM_NAMED_MAX] = {it->service, it->location, it->staff};
	for (int w = 0; w < CXM_NAMED_MAX && rc == CXM_OK; w++)
		if (names[w])
			rc = cxm_named_id(db, a, business_id, (enum cxm_named)w, names[w], &ids[w]);
	if (rc != CXM_OK)
		return rc;
	uint64_t new_id = 0;
	rc = cxm_db_exec(
		db,
		"INSERT INTO interactions (business_id, client_id, kind, occurred_at, channel, amount,"
		" currency, service_id, location_id, staff_id, items, text, ref_id, created_by, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
		CXM_PARAMS(CXM_PINT(business_id), CXM_PINT(client_id), CXM_PSTR(cxm_ikind_names[it->kind]),
		           CXM_PSTR(it->occurred_at), it->channel ? CXM_PSTR(it->channel) : CXM_PNULL,
		           it->amount ? CXM_PSTR(it->amount) : CXM_PNULL,
		           it->currency ? CXM_PSTR(it->currency) : CXM_PNULL,
		           ids[0] ? CXM_PINT(ids[0]) : CXM_PNULL, ids[1] ? CXM_PINT(ids[1]) : CXM_PNULL,
		           ids[2] ? CXM_PINT(ids[2]) : CXM_PNULL, it->items ? CXM_PSTR(it->items) : CXM_PNULL,
		           it->text ? CXM_PSTR(it->text) : CXM_PNULL,
		           it->ref_id ? CXM_PINT(it->ref_id) : CXM_PNULL,
		           it->created_by ? CXM_PINT(it->created_by) : CXM_PNULL),
		NULL, &new_id);
	if (rc != CXM_OK)
		return rc;
	if (id)
		*id = (long long)new_id;
	int purchase = it->kind == CXM_IK_PURCHASE;
	return cxm_db_exec(
		db,
		"UPDATE clients SET interactions_count = interactions_count + 1,"
		" purchases_count = purchases_count + ?, purchases_total = purchases_total + ?,"
		" last_seen_at = GREATEST(last_seen_at, ?) WHERE id = ? AND business_id = ?",
		CXM_PARAMS(CXM_PINT(purchase), purchase && it->amount ? CXM_PSTR(it->amount) : CXM_PINT(0),
		           CXM_PSTR(it->occurred_at), CXM_PINT(client_id), CXM_PINT(business_id)),
		NULL, NULL);
}

enum cxm_err cxm_interaction_delete(struct cxm_db *db, long long business_id, long long id)
{
	struct cxm_arena *a = cxm_arena_new(1024);
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(db, a,
	                               "SELECT client_id FROM interactions WHERE id = ? AND business_id = ?"
	                               " AND ref_id IS NULL",
	                               CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), &r);
	long long client = rc == CXM_OK && r.nrows ? cxm_rows_int(&r, 0, 0, 0) : 0;
	cxm_arena_free(a);
	if (rc != CXM_OK)
		return rc;
	if (!client)
		return CXM_ERR_NOT_FOUND;
	rc = cxm_db_exec(db, "DELETE FROM interactions WHERE id = ? AND business_id = ?",
	                 CXM_PARAMS(CXM_PINT(id), CXM_PINT(business_id)), NULL, NULL);
	if (rc == CXM_OK)
		rc = cxm_client_recount(db, business_id, client);
	return rc;
}
