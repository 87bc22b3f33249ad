/* The import engine; see import.h for the contract. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "buf.h"
#include "client.h"
#include "csv.h"
#include "db.h"
#include "i18n.h"
#include "import.h"
#include "interaction.h"
#include "log.h"

const char *const cxm_import_kind_names[CXM_IMPORT_KIND_MAX] = {"clients", "interactions"};

#define BATCH 100              /* rows matched and read back per statement */
#define PROGRESS_EVERY 1000

/* Interaction imports: the two columns naming the client, then the
 * interaction's own fields. */
enum { TI_EXTERNAL_ID, TI_EMAIL, TI_FIELDS };
static const char *const ti_codes[TI_FIELDS] = {"client_external_id", "client_email"};
static const char *const ti_labels[TI_FIELDS] = {N_("Client's external ID"), N_("Client's e-mail")};
/* Other headers recognised for the interaction fields (lower case). */
static const char *const ifield_aliases[CXM_IF_MAX] = {
	[CXM_IF_KIND] = "type|kind of interaction|тип|вид",
	[CXM_IF_OCCURRED_AT] = "date|time|datetime|date and time|дата|время|дата и время|когда",
	[CXM_IF_CHANNEL] = "канал",
	[CXM_IF_AMOUNT] = "sum|total|сумма|стоимость",
	[CXM_IF_CURRENCY] = "валюта",
	[CXM_IF_SERVICE] = "product|услуга|товар",
	[CXM_IF_LOCATION] = "location|place|филиал|точка|салон|магазин",
	[CXM_IF_STAFF] = "employee|master|сотрудник|мастер|менеджер",
	[CXM_IF_ITEMS] = "товары|позиции|состав",
	[CXM_IF_TEXT] = "note|comment|comments|комментарий|заметка|текст",
};

/* The messages of the engine itself (besides the model's). The ones with
 * a "%ld" or "%s" are the only formats ever filled in. */
static const char msg_dup_email[] = N_("The same e-mail is on line %ld.");
static const char msg_dup_external[] = N_("The same external ID is on line %ld.");
static const char msg_dup_client[] = N_("Line %ld already refers to this client.");
static const char msg_dead_external[] = N_("This external ID belongs to a deleted client; restore the client or use another ID.");
static const char msg_other_external[] = N_("The client with this e-mail has another external ID.");
static const char msg_no_client_ext[] = N_("No client has this external ID.");
static const char msg_no_client_email[] = N_("No client has this e-mail.");
static const char msg_no_client_key[] = N_("Enter the client's external ID or e-mail.");
static const char msg_kind_not_importable[] = N_("Complaints and survey responses cannot be imported.");
static const char msg_two_columns[] = N_("Two columns are mapped to the same field: %s.");
static const char msg_no_key[] = N_("Map a column to the external ID or the e-mail, so that rows can be matched to clients and a second import updates them instead of adding them again.");
static const char msg_no_client_column[] = N_("Map a column to the client's external ID or e-mail.");
static const char msg_unknown_field[] = N_("The mapping names an unknown field: %s.");
static const char msg_empty[] = N_("The file is empty: it needs a header line with the column names.");
static const char msg_malformed[] = N_("Line %ld: %s");
static const char msg_db[] = N_("The database failed during the import; nothing was imported. Try again later.");
static const char msg_changed[] = N_("The client base changed while the import ran; nothing was imported. Run the import again.");

static const char *const formats[] = {msg_dup_email, msg_dup_external, msg_dup_client, msg_two_columns,
                                      msg_unknown_field, msg_malformed, NULL};

/* ---- small helpers -------------------------------------------------------- */

/* Lower-cases ASCII and Russian/Belarusian Cyrillic capitals, trims spaces
 * and turns line breaks into spaces (for comparing headers and labels). */
static char *fold(struct cxm_arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	char *out = cxm_alloc(a, n + 1);
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	unsigned char *o = (unsigned char *)out;
	while (p < end) {
		if (*p == '\r' || *p == '\n') {
			*o++ = ' ';
			p++;
		} else if (*p >= 'A' && *p <= 'Z') {
			*o++ = (unsigned char)(*p++ + 32);
		} else if (p + 1 < end && p[0] == 0xd0 && p[1] >= 0x90 && p[1] <= 0x9f) {
			*o++ = 0xd0;
			*o++ = (unsigned char)(p[1] + 0x20);
			p += 2;
		} else if (p + 1 < end && p[0] == 0xd0 && p[1] >= 0xa0 && p[1] <= 0xaf) {
			*o++ = 0xd1;
			*o++ = (unsigned char)(p[1] - 0x20);
			p += 2;
		} else if (p + 1 < end && p[0] == 0xd0 && (p[1] == 0x81 || p[1] == 0x86 || p[1] == 0x8e)) {
			*o++ = 0xd1;
			*o++ = (unsigned char)(p[1] == 0x81 ? 0x91 : p[1] == 0x86 ? 0x96 : 0x9e);
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	return out;
}

static int in_list(const char *folded, const char *list)
{
	size_t n = strlen(folded);
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, "|");
		if (len == n && strncmp(p, folded, n) == 0)
			return 1;
		p += len + (p[len] == '|');
	}
	return 0;
}

static int same_label(struct cxm_arena *a, const char *folded, const char *msgid)
{
	for (int l = 0; l < CXM_LANG_MAX; l++)
		if (strcmp(folded, fold(a, cxm_gettext_lang((enum cxm_lang)l, msgid))) == 0)
			return 1;
	return 0;
}

/* s with the first occurrence of what replaced by with (no printf: the
 * text may come from the database). */
static const char *subst(struct cxm_arena *a, const char *s, const char *what, const char *with)
{
	const char *p = strstr(s, what);
	if (!p)
		return s;
	return cxm_printf(a, "%.*s%s%s", (int)(p - s), s, with, p + strlen(what));
}

/* ---- targets --------------------------------------------------------------- */

size_t cxm_import_targets(struct cxm_arena *a, enum cxm_import_kind kind,
                          const struct cxm_custom_fields *cf, struct cxm_import_target **out)
{
	size_t ncf = cf ? cf->n : 0;
	size_t cap = kind == CXM_IMPORT_CLIENTS ? CXM_CF_MAX + ncf : TI_FIELDS + CXM_IF_MAX;
	struct cxm_import_target *t = cxm_zalloc(a, sizeof(*t) * (cap + 1));
	size_t n = 0;
	if (kind == CXM_IMPORT_CLIENTS) {
		for (int f = 0; f < CXM_CF_MAX; f++)
			t[n++] = (struct cxm_import_target){cxm_cfields[f].code, cxm_cfields[f].label, 0};
		for (size_t i = 0; i < ncf; i++)
			t[n++] = (struct cxm_import_target){cxm_printf(a, "attr:%s", cf->f[i].code),
			                                    cf->f[i].label, 1};
	} else {
		for (int f = 0; f < TI_FIELDS; f++)
			t[n++] = (struct cxm_import_target){ti_codes[f], ti_labels[f], 0};
		for (int f = 0; f < CXM_IF_MAX; f++)
			t[n++] = (struct cxm_import_target){cxm_ifield_codes[f], cxm_ifield_labels[f], 0};
	}
	*out = t;
	return n;
}

/* The index of code among kind's targets (see struct engine), or -1. */
static int target_index(enum cxm_import_kind kind, const struct cxm_custom_fields *cf, const char *code)
{
	if (kind == CXM_IMPORT_CLIENTS) {
		for (int f = 0; f < CXM_CF_MAX; f++)
			if (strcmp(code, cxm_cfields[f].code) == 0)
				return f;
		if (strncmp(code, "attr:", 5) == 0) {
			int i = cxm_custom_field_find(cf, code + 5);
			if (i >= 0)
				return CXM_CF_MAX + i;
		}
		return -1;
	}
	for (int f = 0; f < TI_FIELDS; f++)
		if (strcmp(code, ti_codes[f]) == 0)
			return f;
	for (int f = 0; f < CXM_IF_MAX; f++)
		if (strcmp(code, cxm_ifield_codes[f]) == 0)
			return TI_FIELDS + f;
	return -1;
}

static const char *target_code(struct cxm_arena *a, enum cxm_import_kind kind,
                               const struct cxm_custom_fields *cf, int t)
{
	if (kind == CXM_IMPORT_CLIENTS)
		return t < CXM_CF_MAX ? cxm_cfields[t].code : cxm_printf(a, "attr:%s", cf->f[t - CXM_CF_MAX].code);
	return t < TI_FIELDS ? ti_codes[t] : cxm_ifield_codes[t - TI_FIELDS];
}

const char *cxm_import_automap(struct cxm_arena *a, enum cxm_import_kind kind,
                               const struct cxm_custom_fields *cf, const char *header)
{
	const char *h = fold(a, header);
	if (!*h)
		return NULL;
	int f = cxm_cfield_from_header(h);
	if (kind == CXM_IMPORT_CLIENTS) {
		if (f >= 0)
			return cxm_cfields[f].code;
		for (int k = 0; k < CXM_CF_MAX; k++)
			if (same_label(a, h, cxm_cfields[k].label))
				return cxm_cfields[k].code;
		for (size_t i = 0; cf && i < cf->n; i++)
			if (strcmp(h, fold(a, cf->f[i].code)) == 0 || strcmp(h, fold(a, cf->f[i].label)) == 0)
				return cxm_printf(a, "attr:%s", cf->f[i].code);
		return NULL;
	}
	for (int k = 0; k < TI_FIELDS; k++)
		if (strcmp(h, ti_codes[k]) == 0 || same_label(a, h, ti_labels[k]))
			return ti_codes[k];
	for (int k = 0; k < CXM_IF_MAX; k++)
		if (strcmp(h, cxm_ifield_codes[k]) == 0 || same_label(a, h, cxm_ifield_labels[k]) ||
		    in_list(h, ifield_aliases[k]))
			return cxm_ifield_codes[k];
	if (f == CXM_CF_EXTERNAL_ID)
		return ti_codes[TI_EXTERNAL_ID];
	if (f == CXM_CF_EMAIL)
		return ti_codes[TI_EMAIL];
	return NULL;
}

const char *cxm_import_target_label(struct cxm_arena *a, enum cxm_import_kind kind,
                                    const struct cxm_custom_fields *cf, const char *code)
{
	if (!code || !*code)
		return "";
	int t = target_index(kind, cf, code);
	if (t < 0)
		return code;
	if (kind == CXM_IMPORT_CLIENTS)
		return t < CXM_CF_MAX ? _(cxm_cfields[t].label) : cf->f[t - CXM_CF_MAX].label;
	(void)a;
	return t < TI_FIELDS ? _(ti_labels[t]) : _(cxm_ifield_labels[t - TI_FIELDS]);
}

char *cxm_import_mapping_build(struct cxm_arena *a, enum cxm_import_kind kind,
                               const struct cxm_custom_fields *cf, const char *const *headers,
                               size_t n, const char *overrides)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, 256);
	cxm_buf_puts(&b, "");
	const char **taken = cxm_zalloc(a, sizeof(char *) * (n + 1));
	size_t ntaken = 0;
	for (size_t i = 0; i < n; i++) {
		const char *h = fold(a, headers[i]);
		const char *code = NULL;
		int overridden = 0;
		for (const char *p = overrides; p && *p;) {
			size_t len = strcspn(p, "\n");
			char *line = cxm_strndup(a, p, len);
			p += len + (p[len] == '\n');
			char *eq = strrchr(line, '=');
			if (eq) {
				*eq = 0;
				if (strcmp(fold(a, line), h) == 0) {
					code = fold(a, eq + 1);
					overridden = 1;
				}
			}
		}
		if (!overridden)
			code = cxm_import_automap(a, kind, cf, headers[i]);
		int dup = 0;
		for (size_t k = 0; code && *code && k < ntaken && !dup; k++)
			dup = strcmp(taken[k], code) == 0;
		if (dup && !overridden)
			code = NULL;
		if (code && *code)
			taken[ntaken++] = code;
		/* header text with line breaks cannot be written on one line */
		char *hl = cxm_strdup(a, headers[i]);
		for (char *q = hl; *q; q++)
			if (*q == '\n' || *q == '\r')
				*q = ' ';
		cxm_buf_printf(&b, "%s=%s\n", hl, code ? code : "");
	}
	return b.data;
}

/* ---- peek -------------------------------------------------------------------- */

static int blank_row(const struct cxm_csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		for (const char *p = row->f[i]; *p; p++)
			if (*p != ' ' && *p != '\t')
				return 0;
	return 1;
}

void cxm_import_peek(struct cxm_arena *a, const char *data, size_t len, char sep, size_t max_sample,
                     struct cxm_import_peek *out)
{
	memset(out, 0, sizeof(*out));
	struct cxm_csv_reader *r = cxm_csv_open_buf(data, len, sep);
	struct cxm_csv_row row;
	int rc = cxm_csv_next(r, &row);
	if (rc == 1) {
		out->ncols = row.n;
		out->headers = cxm_alloc(a, sizeof(char *) * (row.n + 1));
		for (size_t i = 0; i < row.n; i++)
			out->headers[i] = cxm_strdup(a, row.f[i]);
		out->sample = cxm_zalloc(a, sizeof(char **) * (max_sample + 1));
		while ((rc = cxm_csv_next(r, &row)) == 1) {
			if (blank_row(&row))
				continue;
			if (out->nsample < max_sample) {
				const char **s = cxm_zalloc(a, sizeof(char *) * (out->ncols + 1));
				for (size_t i = 0; i < out->ncols && i < row.n; i++)
					s[i] = cxm_strdup(a, row.f[i]);
				out->sample[out->nsample++] = s;
			}
			out->rows++;
		}
	}
	out->sep = cxm_csv_separator(r);
	if (rc < 0)
		out->fatal = (int)cxm_csv_fatal(r, &out->fatal_line);
	cxm_csv_close(r);
}

/* ---- sets of keys seen --------------------------------------------------- */

/* 64-bit hashes of keys with the line they were first seen on. A hash
 * collision (about one in 10^12 for a million keys) would report two
 * different keys as the same. */
struct hset {
	uint64_t *k;
	long *v;
	size_t cap, n;
};

static uint64_t hash(const char *s, uint64_t seed)
{
	uint64_t h = 1469598103934665603ULL ^ seed;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

static void hset_free(struct hset *s)
{
	free(s->k);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Adds h with value v; returns 0 when added, else the value it already had. */
static long hset_add(struct hset *s, uint64_t h, long v)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		uint64_t *nk = cxm_xcalloc(ncap, sizeof(uint64_t));
		long *nv = cxm_xcalloc(ncap, sizeof(long));
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->k[i])
				continue;
			size_t j = s->k[i] & (ncap - 1);
			while (nk[j])
				j = (j + 1) & (ncap - 1);
			nk[j] = s->k[i];
			nv[j] = s->v[i];
		}
		free(s->k);
		free(s->v);
		s->k = nk;
		s->v = nv;
		s->cap = ncap;
	}
	size_t j = h & (s->cap - 1);
	while (s->k[j]) {
		if (s->k[j] == h)
			return s->v[j];
		j = (j + 1) & (s->cap - 1);
	}
	s->k[j] = h;
	s->v[j] = v;
	s->n++;
	return 0;
}

/* ---- the engine ------------------------------------------------------------ */

struct row {
	long line;
	const char **v;        /* per target: the cell, NULL when not in the file */
	int bad;
	const char *ext;       /* match keys: trimmed external id, normalised e-mail */
	const char *email;
	long long id;          /* the matched live client, 0: none */
	const char *id_ext;    /* that client's external id (matched by e-mail) */
	int ext_dead;          /* the external id is a deleted client's */
	/* apply pass, clients: what is stored */
	const char **cur;      /* columns of the current-values query */
	const char **cur_tags;
	size_t ncur_tags;
	const char **cur_custom;   /* per custom attribute, NULL: none */
};

struct engine {
	struct cxm_db *db;
	struct cxm_arena *a;          /* the caller's: result and mapping */
	struct cxm_arena *batch;      /* reset per batch */
	const struct cxm_import_opts *o;
	struct cxm_import_result *res;
	struct cxm_custom_fields cf;
	size_t ntargets;
	size_t ncols;
	int *col;                     /* per column: target index or -1 */
	int mapped[CXM_CF_MAX + 1024];
	struct hset seen_ext, seen_email, seen_id;
	struct row rows[BATCH];
	size_t nrows;
	long done;
	int apply;
	char sep;                     /* the file's separator, 0: detect */
};

static void reason(struct engine *e, long line, const char *field, const char *msgid, long arg)
{
	struct cxm_import_result *r = e->res;
	if (r->nreasons >= CXM_IMPORT_MAX_REASONS) {
		r->reasons_dropped++;
		return;
	}
	if (!r->reasons)
		r->reasons = cxm_alloc(e->a, sizeof(*r->reasons) * CXM_IMPORT_MAX_REASONS);
	r->reasons[r->nreasons++] = (struct cxm_import_reason){line, field, msgid, arg};
}

static void refuse(struct engine *e, struct row *rw, const char *field, const char *msgid, long arg)
{
	if (!rw->bad)
		e->res->bad_rows++;
	rw->bad = 1;
	reason(e, rw->line, cxm_strdup(e->a, field), msgid, arg);
}

static void fail(struct engine *e, const char *msgid, long line)
{
	e->res->status = CXM_IMPORT_FAILED;
	e->res->failure = msgid;
	e->res->failure_line = line;
}

/* Maps the header's columns to targets from the mapping text (or
 * automatically). Returns 0, or -1 after fail(). */
static int resolve_mapping(struct engine *e, const struct cxm_csv_row *hdr)
{
	struct cxm_arena *a = e->a;
	e->ncols = hdr->n;
	e->col = cxm_alloc(a, sizeof(int) * (hdr->n + 1));
	for (size_t i = 0; i < hdr->n; i++)
		e->col[i] = -1;
	const char *m = e->o->mapping;
	if (!m) {
		for (size_t i = 0; i < hdr->n; i++) {
			const char *code = cxm_import_automap(a, e->o->kind, &e->cf, hdr->f[i]);
			int t = code ? target_index(e->o->kind, &e->cf, code) : -1;
			if (t >= 0 && !e->mapped[t]) {
				e->col[i] = t;
				e->mapped[t] = 1;
			}
		}
	} else {
		unsigned char *used = cxm_zalloc(a, hdr->n + 1);
		while (*m) {
			size_t len = strcspn(m, "\n");
			char *line = cxm_strndup(a, m, len);
			m += len + (m[len] == '\n');
			if (len && line[len - 1] == '\r')
				line[--len] = 0;
			if (line[0] == '#')
				continue;   /* a directive (#sep=;) or a comment */
			char *eq = strrchr(line, '=');
			if (!eq)
				continue;
			*eq = 0;
			const char *header = fold(a, line), *code = fold(a, eq + 1);
			int t = -1;
			if (*code) {
				t = target_index(e->o->kind, &e->cf, code);
				if (t < 0) {
					fail(e, cxm_printf(a, "%s\t%s", msg_unknown_field, code), 0);
					return -1;
				}
			}
			for (size_t i = 0; i < hdr->n; i++) {
				if (used[i] || strcmp(fold(a, hdr->f[i]), header) != 0)
					continue;
				used[i] = 1;
				if (t >= 0) {
					if (e->mapped[t]) {
						fail(e, cxm_printf(a, "%s\t%s", msg_two_columns,
						                   target_code(a, e->o->kind, &e->cf, t)), 0);
						return -1;
					}
					e->col[i] = t;
					e->mapped[t] = 1;
				}
				break;
			}
		}
	}
	if (e->o->kind == CXM_IMPORT_CLIENTS && !e->mapped[CXM_CF_EXTERNAL_ID] && !e->mapped[CXM_CF_EMAIL]) {
		fail(e, msg_no_key, 0);
		return -1;
	}
	if (e->o->kind == CXM_IMPORT_INTERACTIONS && !e->mapped[TI_EXTERNAL_ID] && !e->mapped[TI_EMAIL]) {
		fail(e, msg_no_client_column, 0);
		return -1;
	}
	return 0;
}

/* Reads up to BATCH non-blank rows into e->rows (cells in e->batch).
 * Returns the count; -1 on a malformed file (after fail()). */
static long read_batch(struct engine *e, struct cxm_csv_reader *r)
{
	e->nrows = 0;
	struct cxm_csv_row row;
	int rc = 0;
	while (e->nrows < BATCH && (rc = cxm_csv_next(r, &row)) == 1) {
		if (blank_row(&row))
			continue;
		struct row *rw = &e->rows[e->nrows++];
		memset(rw, 0, sizeof(*rw));
		rw->line = row.line;
		rw->v = cxm_zalloc(e->batch, sizeof(char *) * (e->ntargets + 1));
		e->res->rows++;
		if (row.error) {
			if (!e->apply)
				refuse(e, rw, "", cxm_csv_error_msgid(row.error), 0);
			rw->bad = 1;
			continue;
		}
		for (size_t i = 0; i < e->ncols; i++) {
			int t = e->col[i];
			if (t < 0)
				continue;
			rw->v[t] = i < row.n ? cxm_strdup(e->batch, cxm_csv_unguard(row.f[i])) : NULL;
		}
	}
	if (rc < 0) {
		long line = 0;
		enum cxm_csv_error ce = cxm_csv_fatal(r, &line);
		fail(e, msg_malformed, line);
		e->res->failure = cxm_csv_error_msgid(ce);
		return -1;
	}
	return (long)e->nrows;
}

/* Trimmed copy; NULL for NULL or blank. */
static const char *trimmed(struct cxm_arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n ? cxm_strndup(a, s, n) : NULL;
}

/* The statements that take BATCH keys at once, built once from fixed text. */
static char *sql_ext, *sql_email, *sql_current, *sql_tags, *sql_custom;

static char *build(const char *head, const char *first, const char *more, const char *tail)
{
	size_t cap = strlen(head) + strlen(first) + BATCH * strlen(more) + strlen(tail) + 1;
	char *s = cxm_xmalloc(cap);
	strcpy(s, head);
	strcat(s, first);
	for (int i = 1; i < BATCH; i++)
		strcat(s, more);
	strcat(s, tail);
	return s;
}

static void build_sql(void)
{
	if (sql_ext)
		return;
	sql_ext = build("SELECT STRAIGHT_JOIN k.i, c.id, c.live FROM (", "SELECT ? AS i, ? AS k",
	                " UNION ALL SELECT ?, ?",
	                ") k JOIN clients c ON c.business_id = ? AND c.external_id = k.k");
	sql_email = build("SELECT STRAIGHT_JOIN k.i, c.id, c.external_id FROM (", "SELECT ? AS i, ? AS k",
	                  " UNION ALL SELECT ?, ?",
	                  ") k JOIN clients c ON c.business_id = ? AND c.live = 1 AND c.email = k.k"
	                  " ORDER BY k.i, c.id");
	sql_current = build("SELECT id, external_id, name, email, phone, birth_date, age_band, gender,"
	                    " region, city, profession, profession_other, source, source_detail,"
	                    " first_seen, marketing_consent FROM clients WHERE business_id = ? AND id IN (",
	                    "?", ", ?", ")");
	/* by the client's key: with a long IN list the optimiser would rather
	 * walk the business's whole tag index */
	sql_tags = build("SELECT STRAIGHT_JOIN ct.client_id, t.name FROM client_tags ct FORCE INDEX (PRIMARY)"
	                 " JOIN tags t ON t.id = ct.tag_id"
	                 " WHERE ct.business_id = ? AND ct.client_id IN (",
	                 "?", ", ?", ") ORDER BY ct.client_id, t.name");
	sql_custom = build("SELECT client_id, field_id, value FROM client_values FORCE INDEX (PRIMARY)"
	                   " WHERE business_id = ? AND client_id IN (",
	                   "?", ", ?", ")");
}

/* Looks up the batch's keys: by external id (any client, live or not),
 * then by e-mail (live clients, the oldest first) for rows the first did
 * not match. */
static enum cxm_err match_batch(struct engine *e)
{
	struct cxm_param p[2 * BATCH + 1];
	char idx[BATCH][8];
	size_t n = 0;
	for (size_t i = 0; i < e->nrows; i++) {
		struct row *rw = &e->rows[i];
		if (rw->bad || !rw->ext)
			continue;
		snprintf(idx[i], sizeof(idx[i]), "%zu", i);
		p[2 * n] = CXM_PSTR(idx[i]);
		p[2 * n + 1] = CXM_PSTR(rw->ext);
		n++;
	}
	struct cxm_rows r;
	enum cxm_err rc = CXM_OK;
	if (n) {
		for (size_t k = n; k < BATCH; k++)
			p[2 * k] = p[2 * k + 1] = CXM_PNULL;
		p[2 * BATCH] = CXM_PINT(e->o->business_id);
		rc = cxm_db_query(e->db, e->batch, sql_ext, p, 2 * BATCH + 1, &r);
		for (size_t k = 0; rc == CXM_OK && k < r.nrows; k++) {
			long i = cxm_rows_int(&r, k, 0, -1);
			if (i < 0 || i >= (long)e->nrows)
				continue;
			if (cxm_rows_int(&r, k, 2, 0) == 1)
				e->rows[i].id = cxm_rows_int(&r, k, 1, 0);
			else
				e->rows[i].ext_dead = 1;
		}
	}
	n = 0;
	for (size_t i = 0; rc == CXM_OK && i < e->nrows; i++) {
		struct row *rw = &e->rows[i];
		if (rw->bad || rw->id || rw->ext_dead || !rw->email)
			continue;
		snprintf(idx[i], sizeof(idx[i]), "%zu", i);
		p[2 * n] = CXM_PSTR(idx[i]);
		p[2 * n + 1] = CXM_PSTR(rw->email);
		n++;
	}
	if (rc == CXM_OK && n) {
		for (size_t k = n; k < BATCH; k++)
			p[2 * k] = p[2 * k + 1] = CXM_PNULL;
		p[2 * BATCH] = CXM_PINT(e->o->business_id);
		rc = cxm_db_query(e->db, e->batch, sql_email, p, 2 * BATCH + 1, &r);
		for (size_t k = 0; rc == CXM_OK && k < r.nrows; k++) {
			long i = cxm_rows_int(&r, k, 0, -1);
			if (i < 0 || i >= (long)e->nrows || e->rows[i].id)
				continue;   /* ordered by id: the first is the oldest */
			e->rows[i].id = cxm_rows_int(&r, k, 1, 0);
			const char *x = cxm_rows_get(&r, k, 2);
			e->rows[i].id_ext = x ? x : "";
		}
	}
	return rc;
}

/* The keys of each row of the batch, and the refusals that do not need
 * the database: a key repeated from an earlier line. */
static void keys_batch(struct engine *e)
{
	int clients = e->o->kind == CXM_IMPORT_CLIENTS;
	int t_ext = clients ? CXM_CF_EXTERNAL_ID : TI_EXTERNAL_ID;
	int t_email = clients ? CXM_CF_EMAIL : TI_EMAIL;
	for (size_t i = 0; i < e->nrows; i++) {
		struct row *rw = &e->rows[i];
		if (rw->bad)
			continue;
		rw->ext = trimmed(e->batch, rw->v[t_ext]);
		const char *em = trimmed(e->batch, rw->v[t_email]);
		rw->email = em ? cxm_email_normalize(e->batch, em) : NULL;
		if (!clients || e->apply)
			continue;
		if (rw->ext) {
			long first = hset_add(&e->seen_ext, hash(fold(e->batch, rw->ext), 1), rw->line);
			if (first)
				refuse(e, rw, cxm_cfields[CXM_CF_EXTERNAL_ID].code, msg_dup_external, first);
		}
		if (rw->email) {
			long first = hset_add(&e->seen_email, hash(rw->email, 2), rw->line);
			if (first)
				refuse(e, rw, cxm_cfields[CXM_CF_EMAIL].code, msg_dup_email, first);
		}
	}
}

/* The client input of a row: the cells of fixed and custom fields. */
static void client_input(struct engine *e, const struct row *rw, struct cxm_client_input *in)
{
	memset(in, 0, sizeof(*in));
	for (int f = 0; f < CXM_CF_MAX; f++)
		in->v[f] = rw->v[f];
	in->custom = e->cf.n ? rw->v + CXM_CF_MAX : NULL;
}

static void refuse_checked(struct engine *e, struct row *rw, const struct cxm_client_errors *err)
{
	for (int f = 0; f < CXM_CF_MAX; f++)
		if (err->field[f])
			refuse(e, rw, cxm_cfields[f].code, err->field[f], 0);
	for (size_t i = 0; i < e->cf.n; i++)
		if (err->custom[i])
			refuse(e, rw, cxm_printf(e->batch, "attr:%s", e->cf.f[i].code), err->custom[i], 0);
}

static void check_clients(struct engine *e)
{
	for (size_t i = 0; i < e->nrows; i++) {
		struct row *rw = &e->rows[i];
		if (rw->bad)
			continue;
		if (rw->ext_dead) {
			refuse(e, rw, cxm_cfields[CXM_CF_EXTERNAL_ID].code, msg_dead_external, 0);
		} else if (rw->id && rw->id_ext && *rw->id_ext && rw->ext &&
		           strcmp(fold(e->batch, rw->id_ext), fold(e->batch, rw->ext)) != 0) {
			refuse(e, rw, cxm_cfields[CXM_CF_EXTERNAL_ID].code, msg_other_external, 0);
		} else if (rw->id) {
			char key[32];
			snprintf(key, sizeof(key), "%lld", rw->id);
			long first = hset_add(&e->seen_id, hash(key, 3), rw->line);
			if (first)
				refuse(e, rw, "", msg_dup_client, first);
		}
		struct cxm_client_input in;
		client_input(e, rw, &in);
		struct cxm_client c;
		struct cxm_client_errors err;
		if (cxm_client_check(e->batch, &e->cf, &in, rw->id == 0, &c, &err) > 0)
			refuse_checked(e, rw, &err);
	}
}

/* Reads back what is stored for the matched clients of the batch. */
static enum cxm_err load_current(struct engine *e)
{
	struct cxm_param p[BATCH + 1];
	size_t n = 0;
	p[0] = CXM_PINT(e->o->business_id);
	for (size_t i = 0; i < e->nrows; i++)
		if (e->rows[i].id)
			p[1 + n++] = CXM_PINT(e->rows[i].id);
	if (!n)
		return CXM_OK;
	for (size_t k = n; k < BATCH; k++)
		p[1 + k] = CXM_PNULL;
	struct cxm_rows r;
	enum cxm_err rc = cxm_db_query(e->db, e->batch, sql_current, p, BATCH + 1, &r);
	for (size_t k = 0; rc == CXM_OK && k < r.nrows; k++) {
		long long id = cxm_rows_int(&r, k, 0, 0);
		for (size_t i = 0; i < e->nrows; i++)
			if (e->rows[i].id == id)
				e->rows[i].cur = (const char **)r.cells + k * r.ncols;
	}
	if (rc == CXM_OK && e->mapped[CXM_CF_TAGS]) {
		struct cxm_rows t;
		rc = cxm_db_query(e->db, e->batch, sql_tags, p, BATCH + 1, &t);
		for (size_t i = 0; rc == CXM_OK && i < e->nrows; i++) {
			struct row *rw = &e->rows[i];
			if (!rw->id)
				continue;
			rw->cur_tags = cxm_alloc(e->batch, sizeof(char *) * (t.nrows + 1));
			for (size_t k = 0; k < t.nrows; k++)
				if (cxm_rows_int(&t, k, 0, 0) == rw->id)
					rw->cur_tags[rw->ncur_tags++] = cxm_rows_get(&t, k, 1);
		}
	}
	int any_custom = 0;
	for (size_t i = 0; i < e->cf.n; i++)
		any_custom |= e->mapped[CXM_CF_MAX + i];
	if (rc == CXM_OK && any_custom) {
		struct cxm_rows v;
		rc = cxm_db_query(e->db, e->batch, sql_custom, p, BATCH + 1, &v);
		for (size_t i = 0; rc == CXM_OK && i < e->nrows; i++) {
			struct row *rw = &e->rows[i];
			if (!rw->id)
				continue;
			rw->cur_custom = cxm_zalloc(e->batch, sizeof(char *) * (e->cf.n + 1));
			for (size_t k = 0; k < v.nrows; k++) {
				if (cxm_rows_int(&v, k, 0, 0) != rw->id)
					continue;
				long long fid = cxm_rows_int(&v, k, 1, 0);
				for (size_t j = 0; j < e->cf.n; j++)
					if (e->cf.f[j].id == fid)
						rw->cur_custom[j] = cxm_rows_get(&v, k, 2);
			}
		}
	}
	return rc;
}

static int same(const char *x, const char *y)
{
	if (!x || !y)
		return !x && !y;
	return strcmp(x, y) == 0;
}

/* 1 when storing c would change nothing of what rw->cur etc. hold. */
static int unchanged(struct engine *e, const struct row *rw, const struct cxm_client *c)
{
	if (!rw->cur)
		return 0;
	for (int f = 0; f < CXM_CF_TAGS; f++)
		if (c->present[f] && !same(c->v[f], rw->cur[1 + f]))
			return 0;
	if (c->present[CXM_CF_TAGS]) {
		if (c->ntags != rw->ncur_tags)
			return 0;
		for (size_t i = 0; i < c->ntags; i++) {
			int found = 0;
			for (size_t k = 0; k < rw->ncur_tags && !found; k++)
				found = strcmp(c->tags[i], rw->cur_tags[k]) == 0;
			if (!found)
				return 0;
		}
	}
	for (size_t i = 0; i < e->cf.n; i++)
		if (c->custom_present[i] && !same(c->custom[i], rw->cur_custom ? rw->cur_custom[i] : NULL))
			return 0;
	return 1;
}

static enum cxm_err apply_clients(struct engine *e)
{
	enum cxm_err rc = load_current(e);
	const struct cxm_client *fresh[BATCH];
	long long ids[BATCH];
	size_t nfresh = 0;
	for (size_t i = 0; rc == CXM_OK && i < e->nrows; i++) {
		struct row *rw = &e->rows[i];
		struct cxm_client_input in;
		client_input(e, rw, &in);
		struct cxm_client *c = cxm_alloc(e->batch, sizeof(*c));
		struct cxm_client_errors err;
		if (rw->bad || rw->ext_dead ||
		    cxm_client_check(e->batch, &e->cf, &in, rw->id == 0, c, &err) > 0) {
			fail(e, msg_changed, 0);
			return CXM_ERR_INVALID;
		}
		if (!rw->id) {
			fresh[nfresh++] = c;   /* inserted together below */
			continue;
		}
		if (unchanged(e, rw, c)) {
			e->res->unchanged++;
			continue;
		}
		long long id = rw->id;
		rc = cxm_client_save(e->db, e->batch, e->o->business_id, &e->cf, c, &id);
		if (rc == CXM_OK)
			e->res->updated++;
	}
	if (rc == CXM_OK && nfresh) {
		rc = cxm_client_insert_many(e->db, e->batch, e->o->business_id, &e->cf, fresh, nfresh, ids);
		if (rc == CXM_OK)
			e->res->inserted += (long)nfresh;
	}
	if (rc == CXM_ERR_DUPLICATE || rc == CXM_ERR_NOT_FOUND) {
		fail(e, msg_changed, 0);
		return CXM_ERR_INVALID;
	}
	return rc;
}

/* Interactions: the typed fields of a row. */
static void interaction_input(const struct row *rw, const char *in[CXM_IF_MAX])
{
	for (int f = 0; f < CXM_IF_MAX; f++)
		in[f] = rw->v[TI_FIELDS + f];
}

static int check_interaction(struct engine *e, struct row *rw, struct cxm_interaction *it)
{
	const char *in[CXM_IF_MAX], *err[CXM_IF_MAX];
	interaction_input(rw, in);
	int bad = cxm_interaction_check(e->batch, in, e->o->timezone, e->o->currency, it, err);
	if (e->apply)
		return bad || !rw->id;
	if (!rw->ext && !rw->email && trimmed(e->batch, rw->v[TI_EMAIL]))
		refuse(e, rw, ti_codes[TI_EMAIL], N_("Enter a valid e-mail address, e.g. anna@example.com."), 0);
	else if (!rw->ext && !rw->email)
		refuse(e, rw, ti_codes[TI_EXTERNAL_ID], msg_no_client_key, 0);
	else if (!rw->id)
		refuse(e, rw, ti_codes[rw->ext ? TI_EXTERNAL_ID : TI_EMAIL],
		       rw->ext ? msg_no_client_ext : msg_no_client_email, 0);
	for (int f = 0; f < CXM_IF_MAX; f++)
		if (err[f])
			refuse(e, rw, cxm_ifield_codes[f], err[f], 0);
	if (!err[CXM_IF_KIND] && !cxm_ikind_manual(it->kind))
		refuse(e, rw, cxm_ifield_codes[CXM_IF_KIND], msg_kind_not_importable, 0);
	return rw->bad;
}

static void check_interactions(struct engine *e)
{
	for (size_t i = 0; i < e->nrows; i++) {
		struct row *rw = &e->rows[i];
		if (rw->bad)
			continue;
		struct cxm_interaction it;
		check_interaction(e, rw, &it);
	}
}

static enum cxm_err apply_interactions(struct engine *e)
{
	enum cxm_err rc = CXM_OK;
	for (size_t i = 0; rc == CXM_OK && i < e->nrows; i++) {
		struct row *rw = &e->rows[i];
		struct cxm_interaction it;
		if (rw->bad || check_interaction(e, rw, &it)) {
			fail(e, msg_changed, 0);
			return CXM_ERR_INVALID;
		}
		it.created_by = e->o->created_by;
		/* the same interaction already in the history: nothing to add */
		struct cxm_rows r;
		rc = cxm_db_query(e->db, e->batch,
		                  "SELECT 1 FROM interactions WHERE business_id = ? AND client_id = ?"
		                  " AND occurred_at = ? AND kind = ? AND amount <=> ? AND text <=> ? LIMIT 1",
		                  CXM_PARAMS(CXM_PINT(e->o->business_id), CXM_PINT(rw->id),
		                             CXM_PSTR(it.occurred_at), CXM_PSTR(cxm_ikind_names[it.kind]),
		                             it.amount ? CXM_PSTR(it.amount) : CXM_PNULL,
		                             it.text ? CXM_PSTR(it.text) : CXM_PNULL),
		                  &r);
		if (rc != CXM_OK)
			break;
		if (r.nrows) {
			e->res->unchanged++;
			continue;
		}
		rc = cxm_interaction_add(e->db, e->batch, e->o->business_id, rw->id, &it, NULL);
		if (rc == CXM_OK)
			e->res->inserted++;
	}
	return rc;
}

static void progress(struct engine *e, int force)
{
	if (e->o->progress && (force || e->done % PROGRESS_EVERY == 0))
		e->o->progress(e->o->progress_ctx, e->apply ? CXM_IMPORT_APPLYING : CXM_IMPORT_CHECKING,
		               e->done, e->o->total);
}

/* One pass over the file: check (e->apply 0) or apply (1). */
static enum cxm_err pass(struct engine *e, struct cxm_csv_reader *r)
{
	enum cxm_err rc = CXM_OK;
	e->done = 0;
	long n;
	while ((n = read_batch(e, r)) > 0) {
		if (e->o->stop && *e->o->stop) {
			e->res->status = CXM_IMPORT_INTERRUPTED;
			return CXM_OK;
		}
		keys_batch(e);
		rc = match_batch(e);
		if (rc == CXM_OK) {
			if (e->o->kind == CXM_IMPORT_CLIENTS)
				rc = e->apply ? apply_clients(e) : (check_clients(e), CXM_OK);
			else
				rc = e->apply ? apply_interactions(e) : (check_interactions(e), CXM_OK);
		}
		if (rc != CXM_OK)
			break;
		for (long k = 0; k < n; k++) {
			e->done++;
			progress(e, 0);
		}
		cxm_arena_reset(e->batch);
	}
	if (n < 0)
		return CXM_ERR_INVALID;
	if (rc == CXM_OK && e->done % PROGRESS_EVERY != 0)
		progress(e, 1);
	return rc;
}

struct order {
	long line;
	size_t i;
};

static int by_line(const void *x, const void *y)
{
	const struct order *a = x, *b = y;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Puts the reasons in line order (a row's own reasons keep theirs). */
static void sort_reasons(struct engine *e)
{
	struct cxm_import_result *r = e->res;
	if (r->nreasons < 2)
		return;
	struct order *o = cxm_xmalloc(sizeof(*o) * r->nreasons);
	for (size_t i = 0; i < r->nreasons; i++)
		o[i] = (struct order){r->reasons[i].line, i};
	qsort(o, r->nreasons, sizeof(*o), by_line);
	struct cxm_import_reason *sorted = cxm_alloc(e->a, sizeof(*sorted) * CXM_IMPORT_MAX_REASONS);
	for (size_t i = 0; i < r->nreasons; i++)
		sorted[i] = r->reasons[o[i].i];
	free(o);
	r->reasons = sorted;
}

static struct cxm_csv_reader *open_source(const struct cxm_import_source *src, char sep)
{
	if (src->f) {
		rewind(src->f);
		return cxm_csv_open_file(src->f, sep);
	}
	return cxm_csv_open_buf(src->data, src->len, sep);
}

/* Opens the source and reads the header; NULL after fail(). */
static struct cxm_csv_reader *start(struct engine *e, const struct cxm_import_source *src,
                                    struct cxm_csv_row *hdr)
{
	struct cxm_csv_reader *r = open_source(src, e->sep);
	int rc = cxm_csv_next(r, hdr);
	if (rc == 1)
		return r;
	if (rc == 0) {
		fail(e, msg_empty, 0);
	} else {
		long line = 0;
		enum cxm_csv_error ce = cxm_csv_fatal(r, &line);
		fail(e, msg_malformed, line);
		e->res->failure = cxm_csv_error_msgid(ce);
	}
	cxm_csv_close(r);
	return NULL;
}

enum cxm_err cxm_import_run(struct cxm_db *db, struct cxm_arena *a, const struct cxm_import_opts *o,
                            const struct cxm_import_source *src, struct cxm_import_result *res)
{
	memset(res, 0, sizeof(*res));
	build_sql();
	struct engine *e = cxm_xcalloc(1, sizeof(*e));
	e->db = db;
	e->a = a;
	e->o = o;
	e->res = res;
	e->batch = cxm_arena_new(256 * 1024);
	e->sep = o->sep;
	if (!e->sep && o->mapping && strncmp(o->mapping, "#sep=", 5) == 0 &&
	    (o->mapping[5] == ';' || o->mapping[5] == ','))
		e->sep = o->mapping[5];
	enum cxm_err rc = CXM_OK;
	struct cxm_csv_reader *r = NULL;
	if (o->kind == CXM_IMPORT_CLIENTS) {
		rc = cxm_custom_fields_load(db, a, o->business_id, &e->cf);
		if (rc != CXM_OK) {
			fail(e, msg_db, 0);
			goto out;
		}
		if (e->cf.n > 1000)
			e->cf.n = 1000;
		e->ntargets = CXM_CF_MAX + e->cf.n;
	} else {
		e->ntargets = TI_FIELDS + CXM_IF_MAX;
	}
	struct cxm_csv_row hdr;
	if (!(r = start(e, src, &hdr)))
		goto out;
	if (resolve_mapping(e, &hdr) != 0)
		goto out;
	rc = pass(e, r);
	cxm_csv_close(r);
	r = NULL;
	if (rc == CXM_ERR_INVALID) {
		rc = CXM_OK;
		goto out;
	}
	if (rc != CXM_OK) {
		fail(e, msg_db, 0);
		goto out;
	}
	if (res->status == CXM_IMPORT_INTERRUPTED)
		goto out;
	if (res->bad_rows) {
		sort_reasons(e);
		res->status = CXM_IMPORT_REFUSED;
		goto out;
	}
	if (o->dry_run) {
		res->status = CXM_IMPORT_CHECKED;
		goto out;
	}
	/* The second pass, in one transaction. */
	long rows = res->rows;
	res->rows = 0;
	e->apply = 1;
	if (!(r = start(e, src, &hdr)))
		goto out;
	rc = cxm_db_begin(db);
	if (rc == CXM_OK)
		rc = pass(e, r);
	if (rc == CXM_OK && res->status == CXM_IMPORT_INTERRUPTED) {
		cxm_db_rollback(db);
	} else if (rc == CXM_OK && res->status != CXM_IMPORT_FAILED) {
		res->status = CXM_IMPORT_APPLIED;
		res->rows = rows;
		if (o->before_commit)
			rc = o->before_commit(o->commit_ctx, res);
		/* old periods changed: their stored metric values go with the
		 * import (core/metric_snapshots.h), in its transaction */
		if (rc == CXM_OK)
			rc = cxm_db_exec(db, "DELETE FROM metric_snapshots WHERE business_id = ?",
			                 CXM_PARAMS(CXM_PINT(o->business_id)), NULL, NULL);
		if (rc == CXM_OK)
			rc = cxm_db_commit(db);
		if (rc != CXM_OK) {
			cxm_db_rollback(db);
			fail(e, msg_db, 0);
		}
	} else {
		if (cxm_db_in_transaction(db))
			cxm_db_rollback(db);
		if (rc == CXM_ERR_INVALID)
			rc = CXM_OK;
		else if (res->status != CXM_IMPORT_FAILED)
			fail(e, msg_db, 0);
	}
	if (res->status != CXM_IMPORT_APPLIED)
		res->inserted = res->updated = res->unchanged = 0;
	res->rows = rows;
out:
	if (r)
		cxm_csv_close(r);
	if (rc != CXM_OK) {
		cxm_error("import into business %lld failed: %s", o->business_id, cxm_db_error(db));
		if (cxm_db_in_transaction(db))
			cxm_db_rollback(db);
		res->status = CXM_IMPORT_FAILED;
		res->failure = msg_db;
		rc = CXM_ERR_DB;
	}
	hset_free(&e->seen_ext);
	hset_free(&e->seen_email);
	hset_free(&e->seen_id);
	cxm_arena_free(e->batch);
	free(e);
	return rc;
}

/* ---- reasons for people ------------------------------------------------------ */

const char *cxm_import_reason_text(struct cxm_arena *a, enum cxm_import_kind kind,
                                   const struct cxm_custom_fields *cf,
                                   const struct cxm_import_reason *r)
{
	const char *msg = _(r->msgid);
	if (strstr(r->msgid, "%ld")) {
		char num[24];
		snprintf(num, sizeof(num), "%ld", r->arg);
		msg = subst(a, msg, "%ld", num);
	}
	if (!r->field || !*r->field)
		return msg;
	return cxm_printf(a, "%s: %s", cxm_import_target_label(a, kind, cf, r->field), msg);
}

const char *cxm_import_failure_text(struct cxm_arena *a, enum cxm_import_kind kind,
                                    const struct cxm_custom_fields *cf, const char *msgid, long line)
{
	if (!msgid)
		return "";
	/* a malformed file: "Line N: <what>" around the reader's message */
	int reader = 0;
	for (int e = CXM_CSV_OK + 1; e < CXM_CSV_ERROR_MAX; e++)
		reader |= strcmp(msgid, cxm_csv_error_msgid((enum cxm_csv_error)e)) == 0 && *msgid;
	if (reader && line > 0) {
		char num[24];
		snprintf(num, sizeof(num), "%ld", line);
		return subst(a, subst(a, _(msg_malformed), "%ld", num), "%s", _(msgid));
	}
	/* "…: %s" failures keep their field code after a tab */
	const char *tab = strchr(msgid, '\t');
	if (tab) {
		const char *fmt = cxm_strndup(a, msgid, (size_t)(tab - msgid));
		int known = 0;
		for (size_t i = 0; formats[i] && !known; i++)
			known = strcmp(formats[i], fmt) == 0;
		if (!known)
			return "";
		return subst(a, _(fmt), "%s", cxm_import_target_label(a, kind, cf, tab + 1));
	}
	return _(msgid);
}

char *cxm_import_report_format(struct cxm_arena *a, const struct cxm_import_reason *r, size_t n)
{
	struct cxm_buf b;
	cxm_buf_init(&b, a, 64 * (n + 1));
	cxm_buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		/* msgids and field codes never hold tabs or line breaks */
		cxm_buf_printf(&b, "%ld\t%s\t%s\t%ld\n", r[i].line, r[i].field ? r[i].field : "", r[i].msgid,
		               r[i].arg);
	}
	return b.data;
}

size_t cxm_import_report_parse(struct cxm_arena *a, const char *text, struct cxm_import_reason **out)
{
	size_t cap = 1;
	for (const char *p = text; p && *p; p++)
		cap += *p == '\n';
	struct cxm_import_reason *r = cxm_zalloc(a, sizeof(*r) * cap);
	size_t n = 0;
	for (const char *p = text; p && *p;) {
		size_t len = strcspn(p, "\n");
		char *line = cxm_strndup(a, p, len);
		p += len + (p[len] == '\n');
		char *f[4] = {0};
		size_t k = 0;
		k = 0;
		char *s = line;
		while (k < 4) {
			f[k++] = s;
			char *tab = strchr(s, '\t');
			if (!tab)
				break;
			*tab = 0;
			s = tab + 1;
		}
		if (k < 4)
			continue;
		if (strchr(f[2], '%')) {
			int known = 0;
			for (size_t i = 0; formats[i] && !known; i++)
				known = strcmp(formats[i], f[2]) == 0;
			if (!known)
				continue;
		}
		r[n++] = (struct cxm_import_reason){strtol(f[0], NULL, 10), f[1], f[2], strtol(f[3], NULL, 10)};
	}
	*out = r;
	return n;
}
