/* metric-service: how the business handles its feedback register
 * (sql/0006_feedback.sql): average resolution time, first-contact
 * resolution, answers within the SLA and the number of complaints and
 * reviews received (documents 001 and 004), overall or by channel, type,
 * department or defect, with the items behind each number. See
 * docs/metrics.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxm/plugin.h"

/* Marks the strings the host translates, for xgettext (po/extract.sh). */
#define N_(s) s

#define DEFAULT_MIN_N 30

/* ---- the statements ---------------------------------------------------------
 *
 * Items resolved in the period use the index feedback_resolved (business,
 * status, resolved_at); items received in it feedback_period (business,
 * received_at, ...). A breakdown adds its group expression and condition;
 * each variant's text is a constant put together by the preprocessor. */

#define RESOLVED \
	" FROM feedback f WHERE f.business_id = {business} AND f.status = 'resolved'" \
	" AND f.resolved_at >= FROM_UNIXTIME(?) AND f.resolved_at < FROM_UNIXTIME(?)"
#define RECEIVED \
	" FROM feedback f WHERE f.business_id = {business}" \
	" AND f.received_at >= FROM_UNIXTIME(?) AND f.received_at < FROM_UNIXTIME(?)"
#define RESOLVE_US "TIMESTAMPDIFF(MICROSECOND, f.received_at, f.resolved_at)"
/* The items the SLA is judged on: answered, or still awaiting an answer
 * with the deadline before the period's end (the parameter). */
#define SLA_COUNTED \
	" AND (f.first_response_at IS NOT NULL OR (f.awaiting = 1 AND f.sla_due_at < FROM_UNIXTIME(?)))"
#define SLA_PART \
	"CASE WHEN f.first_response_at IS NULL THEN 'overdue'" \
	" WHEN f.first_response_at <= f.sla_due_at THEN 'in_time' ELSE 'late' END"
#define PAGE(at) " ORDER BY " at " DESC, f.id DESC LIMIT ? OFFSET ?"

/* Rows: group, resolved, total microseconds to resolve, resolved at the
 * first contact. Parameters: from, to. */
#define RESOLVED_COMPUTE(group, notnull) \
	"SELECT " group ", COUNT(*), SUM(" RESOLVE_US "), SUM(f.fcr)" RESOLVED notnull " GROUP BY 1"
/* Rows: group, in time, late, overdue. Parameters: to, from, to. */
#define SLA_COMPUTE(group, notnull) \
	"SELECT " group ", SUM(f.first_response_at IS NOT NULL AND f.first_response_at <= f.sla_due_at)," \
	" SUM(IFNULL(f.first_response_at > f.sla_due_at, 0))," \
	" SUM(f.first_response_at IS NULL AND f.awaiting = 1 AND f.sla_due_at < FROM_UNIXTIME(?))" \
	RECEIVED notnull " GROUP BY 1"
/* Rows: group, type, channel, items. Parameters: from, to. */
#define RECEIVED_COMPUTE(group, notnull) \
	"SELECT " group ", f.type, f.channel, COUNT(*)" RECEIVED notnull " GROUP BY 1, 2, 3"
/* Drill rows: client, item, Unix time, microseconds (or NULL). */
#define DRILL_HEAD "SELECT IFNULL(f.client_id, 0), f.id, "
/* Parameters: from, to, [group,] part, part, limit, offset. */
#define RESOLVED_DRILL(eq) \
	DRILL_HEAD "UNIX_TIMESTAMP(f.resolved_at), " RESOLVE_US RESOLVED eq \
	" AND (? IS NULL OR IF(f.fcr = 1, 'first_contact', 'more_contacts') = ?)" PAGE("f.resolved_at")
/* Parameters: from, to, [group,] to, part, part, limit, offset. */
#define SLA_DRILL(eq) \
	DRILL_HEAD "UNIX_TIMESTAMP(f.received_at)," \
	" TIMESTAMPDIFF(MICROSECOND, f.received_at, f.first_response_at)" RECEIVED eq SLA_COUNTED \
	" AND (? IS NULL OR " SLA_PART " = ?)" PAGE("f.received_at")
/* Parameters: from, to, [group,] part, part, limit, offset. */
#define RECEIVED_DRILL(eq) \
	DRILL_HEAD "UNIX_TIMESTAMP(f.received_at), NULL" RECEIVED eq \
	" AND (? IS NULL OR f.type = ?)" PAGE("f.received_at")

struct breakdown {
	const char *name;
	const char *resolved_compute, *sla_compute, *received_compute;
	const char *resolved_drill, *sla_drill, *received_drill;
};

#define BREAKDOWN(name, group, notnull, eq) \
	{ name, RESOLVED_COMPUTE(group, notnull), SLA_COMPUTE(group, notnull), \
	  RECEIVED_COMPUTE(group, notnull), RESOLVED_DRILL(eq), SLA_DRILL(eq), RECEIVED_DRILL(eq) }

static const struct breakdown breakdowns[] = {
	BREAKDOWN(NULL, "''", "", ""),
	BREAKDOWN("channel", "f.channel", "", " AND f.channel = ?"),
	BREAKDOWN("type", "f.type", "", " AND f.type = ?"),
	BREAKDOWN("department", "f.department_id", " AND f.department_id IS NOT NULL",
	          " AND f.department_id = ?"),
	BREAKDOWN("defect", "f.defect_id", " AND f.defect_id IS NOT NULL", " AND f.defect_id = ?"),
};
#define NBREAKDOWNS (sizeof(breakdowns) / sizeof(breakdowns[0]))

static const struct breakdown *breakdown_of(const char *name)
{
	for (size_t i = 0; i < NBREAKDOWNS; i++)
		if ((!name && !breakdowns[i].name) ||
		    (name && breakdowns[i].name && strcmp(name, breakdowns[i].name) == 0))
			return &breakdowns[i];
	return NULL;
}

/* ---- the metrics ---------------------------------------------------------------- */

/* feedback.channel and feedback.type, in their ENUM's order. */
#define NCHANNELS 9
static const char *const channels[NCHANNELS] = {
	"hotline", "survey", "internet_review", "email", "web_form", "social", "messenger", "shop", "post",
};
#define NTYPES 5
static const char *const types[NTYPES + 1] = {
	"product_quality", "service_quality", "paperwork", "information", "other", NULL,
};
static const char *const type_labels[NTYPES] = {
	N_("Product quality"), N_("Service quality"), N_("Paperwork"), N_("Information"), N_("Other"),
};

static const char *const dimensions[] = {"channel", "type", "department", "defect", NULL};
static const char *const fcr_parts[] = {"first_contact", "more_contacts", NULL};
static const char *const sla_parts[] = {"in_time", "late", "overdue", NULL};

/* Document 004: "First Contact Resolution >= 70 %" as the target. */
static const struct cxm_plugin_benchmark fcr_benchmarks[] = {
	{N_("target"), 70},
};

enum kind { K_ART, K_FCR, K_SLA, K_COMPLAINTS, K_MAX };

static const struct cxm_plugin_metric_info metrics[K_MAX] = {
	[K_ART] = {
		.key = "art",
		.label = N_("Average resolution time (ART)"),
		.description = N_("Total time from receipt to resolution of the items resolved in the "
		                  "period, divided by their number, in hours."),
		.unit = CXM_PLUGIN_UNIT_HOURS,
		.higher_is_better = 0,
		.decimals = 1,
		.dimensions = dimensions,
	},
	[K_FCR] = {
		.key = "fcr",
		.label = N_("First-contact resolution (FCR)"),
		.description = N_("Share of the items resolved in the period that were resolved at the "
		                  "first contact (at most one reply, never reopened)."),
		.unit = CXM_PLUGIN_UNIT_PERCENT,
		.higher_is_better = 1,
		.decimals = 1,
		.dimensions = dimensions,
		.parts = fcr_parts,
		.benchmarks = fcr_benchmarks,
		.nbenchmarks = sizeof(fcr_benchmarks) / sizeof(fcr_benchmarks[0]),
	},
	[K_SLA] = {
		.key = "sla",
		.label = N_("Answered within the SLA"),
		.description = N_("Share of the items received in the period whose first answer came by "
		                  "their SLA deadline, of those answered or still unanswered past the "
		                  "deadline at the period's end; an item still inside its SLA is not "
		                  "counted yet."),
		.unit = CXM_PLUGIN_UNIT_PERCENT,
		.higher_is_better = 1,
		.decimals = 1,
		.dimensions = dimensions,
		.parts = sla_parts,
	},
	[K_COMPLAINTS] = {
		.key = "complaints",
		.label = N_("Complaints and reviews received"),
		.description = N_("Number of feedback items of every type received in the period."),
		.unit = CXM_PLUGIN_UNIT_COUNT,
		.higher_is_better = 0,
		.decimals = 0,
		.dimensions = dimensions,
		.parts = types,
	},
};

static const struct cxm_plugin_setting settings[] = {
	{
		.key = "min_n",
		.label = N_("Minimum sample"),
		.help = N_("A value computed from fewer observations is shown as not enough data."),
		.type = CXM_PLUGIN_SETTING_INT,
		.def = "30",
		.min = 1,
		.max = 100000,
	},
};

/* ---- computing ------------------------------------------------------------------ */

static long long min_n(const struct cxm_plugin_host *host, struct cxm_plugin_call *call)
{
	const char *v = host->config_get(call, "min_n");
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 0;
	return v && *v && !*end && n >= 1 ? n : DEFAULT_MIN_N;
}

static double pct(long long part, long long whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static int num(const char *cell, long long *out)
{
	char *end;
	if (!cell || !*cell)
		return 0;
	*out = strtoll(cell, &end, 10);
	return *end == '\0';
}

static int index_of(const char *const *list, size_t n, const char *word)
{
	for (size_t i = 0; word && i < n; i++)
		if (strcmp(list[i], word) == 0)
			return (int)i;
	return -1;
}

/* One group's tallies: the observations n, a sum (microseconds for ART)
 * and counts per part (FCR 2, SLA 3, complaints one per type). */
struct group {
	const char *key;
	long long n;
	long long sum;
	long long c[NTYPES];
};

struct tally {
	const struct cxm_plugin_host *host;
	struct cxm_plugin_call *call;
	enum kind kind;
	struct group *g;
	size_t ng, capg;
	long long bins[NCHANNELS];
	int bad;
};

static struct group *group_for(struct tally *t, const char *key)
{
	if (t->ng && strcmp(t->g[t->ng - 1].key, key) == 0)
		return &t->g[t->ng - 1];
	for (size_t i = 0; i < t->ng; i++)
		if (strcmp(t->g[i].key, key) == 0)
			return &t->g[i];
	if (t->ng == t->capg) {
		size_t nc = t->capg ? t->capg * 2 : 8;
		struct group *ng = t->host->alloc(t->call, nc * sizeof(*ng));
		if (t->ng)
			memcpy(ng, t->g, t->ng * sizeof(*ng));
		t->g = ng;
		t->capg = nc;
	}
	struct group *g = &t->g[t->ng++];
	memset(g, 0, sizeof(*g));
	g->key = t->host->strdup(t->call, key);
	return g;
}

/* Rows of RESOLVED_COMPUTE: group, resolved, microseconds, at first contact. */
static int resolved_row(void *ud, const char *const *cells, size_t ncells)
{
	struct tally *t = ud;
	long long n, us, fcr;
	if (ncells != 4 || !cells[0] || !num(cells[1], &n) || !num(cells[2], &us) ||
	    !num(cells[3], &fcr)) {
		t->bad = 1;
		return 1;
	}
	struct group *g = group_for(t, cells[0]);
	g->n += n;
	g->sum += us;
	g->c[0] += fcr;
	g->c[1] += n - fcr;
	return 0;
}

/* Rows of SLA_COMPUTE: group, in time, late, overdue (SUM of nothing is
 * NULL only when the group has no rows, which GROUP BY never gives). */
static int sla_row(void *ud, const char *const *cells, size_t ncells)
{
	struct tally *t = ud;
	long long c[3];
	if (ncells != 4 || !cells[0] || !num(cells[1], &c[0]) || !num(cells[2], &c[1]) ||
	    !num(cells[3], &c[2])) {
		t->bad = 1;
		return 1;
	}
	if (c[0] + c[1] + c[2] == 0)
		return 0;   /* received in the period, none judged yet */
	struct group *g = group_for(t, cells[0]);
	for (int i = 0; i < 3; i++) {
		g->c[i] += c[i];
		g->n += c[i];
	}
	return 0;
}

/* Rows of RECEIVED_COMPUTE: group, type, channel, items. */
static int received_row(void *ud, const char *const *cells, size_t ncells)
{
	struct tally *t = ud;
	long long n;
	int ty, ch;
	if (ncells != 4 || !cells[0] || !num(cells[3], &n) ||
	    (ty = index_of(types, NTYPES, cells[1])) < 0 ||
	    (ch = index_of(channels, NCHANNELS, cells[2])) < 0) {
		t->bad = 1;
		return 1;
	}
	struct group *g = group_for(t, cells[0]);
	g->n += n;
	g->c[ty] += n;
	t->bins[ch] += n;
	return 0;
}

static struct cxm_plugin_metric_part part(const char *key, const char *label, double value,
                                          long long n, enum cxm_plugin_metric_unit unit)
{
	struct cxm_plugin_metric_part p = {key, label, value, n, unit};
	return p;
}

static void fill_row(struct tally *t, struct cxm_plugin_metric_row *row, const struct group *g,
                     long long need)
{
	static const struct group none;
	if (!g)
		g = &none;
	struct cxm_plugin_metric_part *p = t->host->alloc(t->call, NTYPES * sizeof(*p));
	row->group = g->key ? g->key : "";
	row->n = g->n;
	row->enough = g->n >= need;
	row->parts = p;
	row->nparts = 0;
	switch (t->kind) {
	case K_ART:
		row->value = g->n ? (double)g->sum / 3600e6 / (double)g->n : 0;
		break;
	case K_FCR:
		row->value = pct(g->c[0], g->n);
		p[0] = part("first_contact", N_("Resolved at the first contact"), row->value, g->c[0],
		            CXM_PLUGIN_UNIT_PERCENT);
		p[1] = part("more_contacts", N_("Needed more contacts"), pct(g->c[1], g->n), g->c[1],
		            CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 2;
		break;
	case K_SLA:
		row->value = pct(g->c[0], g->n);
		p[0] = part("in_time", N_("Answered in time"), row->value, g->c[0], CXM_PLUGIN_UNIT_PERCENT);
		p[1] = part("late", N_("Answered late"), pct(g->c[1], g->n), g->c[1],
		            CXM_PLUGIN_UNIT_PERCENT);
		p[2] = part("overdue", N_("Unanswered past the deadline"), pct(g->c[2], g->n), g->c[2],
		            CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 3;
		break;
	case K_COMPLAINTS:
		row->value = (double)g->n;
		for (int i = 0; i < NTYPES; i++)
			p[i] = part(types[i], type_labels[i], pct(g->c[i], g->n), g->c[i],
			            CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = NTYPES;
		break;
	default:
		break;
	}
}

static enum kind kind_of(const char *metric)
{
	for (int k = 0; k < K_MAX; k++)
		if (strcmp(metric, metrics[k].key) == 0)
			return (enum kind)k;
	return K_MAX;
}

static int fail(char *err, size_t errsize, const char *why)
{
	snprintf(err, errsize, "%s", why);
	return 1;
}

static int svc_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                       const char *metric, const char *dimension,
                       struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	enum kind k = kind_of(metric);
	const struct breakdown *b = breakdown_of(dimension);
	long long from, to;
	if (k == K_MAX)
		return fail(err, errsize, "unknown metric");
	if (!b)
		return fail(err, errsize, "unknown breakdown");
	if (host->period(call, &from, &to) != 0)
		return fail(err, errsize, "no period");
	struct tally *t = host->alloc(call, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->host = host;
	t->call = call;
	t->kind = k;
	struct cxm_plugin_param p[3];
	size_t n = 0;
	if (k == K_SLA)
		p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = to};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = from};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = to};
	const char *sql = k == K_SLA ? b->sla_compute
	                  : k == K_COMPLAINTS ? b->received_compute : b->resolved_compute;
	cxm_plugin_row_fn fn = k == K_SLA ? sla_row : k == K_COMPLAINTS ? received_row : resolved_row;
	if (host->query(call, sql, p, n, fn, t, err, errsize) != 0)
		return 1;
	if (t->bad)
		return fail(err, errsize, "unexpected cells in the feedback totals");
	long long need = min_n(host, call);
	if (!dimension) {
		struct cxm_plugin_metric_row *row = host->alloc(call, sizeof(*row));
		fill_row(t, row, t->ng ? &t->g[0] : NULL, need);
		row->group = "";
		out->rows = row;
		out->nrows = 1;
		if (k == K_COMPLAINTS) {
			struct cxm_plugin_metric_bin *bins = host->alloc(call, NCHANNELS * sizeof(*bins));
			for (int i = 0; i < NCHANNELS; i++) {
				bins[i].key = channels[i];
				bins[i].count = t->bins[i];
			}
			out->bins = bins;
			out->nbins = NCHANNELS;
		}
		return 0;
	}
	struct cxm_plugin_metric_row *rows = host->alloc(call, (t->ng ? t->ng : 1) * sizeof(*rows));
	for (size_t i = 0; i < t->ng; i++)
		fill_row(t, &rows[i], &t->g[i], need);
	out->rows = rows;
	out->nrows = t->ng;
	return 0;
}

/* ---- drill-down ----------------------------------------------------------------- */

struct drill_state {
	cxm_plugin_drill_fn fn;
	void *ud;
	int with_score;
	int bad;
};

/* Drill rows: client, item, Unix time, microseconds (NULL: no score). */
static int drill_row(void *ud, const char *const *cells, size_t ncells)
{
	struct drill_state *d = ud;
	long long client, id, us = 0;
	if (ncells != 4 || !num(cells[0], &client) || !num(cells[1], &id) || !cells[2] ||
	    (cells[3] && !num(cells[3], &us))) {
		d->bad = 1;
		return 1;
	}
	struct cxm_plugin_drill_row row = {
		.client_id = client,
		.ref_kind = "feedback",
		.ref_id = id,
		.at = strtoll(cells[2], NULL, 10),   /* "1767225600.000000" */
		.score = cells[3] ? (double)us / 3600e6 : 0,
		.has_score = d->with_score && cells[3] != NULL,
	};
	return d->fn(d->ud, &row);
}

static int svc_drill(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                     const char *metric, const char *part, const char *dimension,
                     const char *group, long long limit, long long offset,
                     cxm_plugin_drill_fn fn, void *ud, char *err, size_t errsize)
{
	enum kind k = kind_of(metric);
	const struct breakdown *b = breakdown_of(dimension);
	long long from, to;
	if (k == K_MAX)
		return fail(err, errsize, "unknown metric");
	if (!b || (dimension && !group))
		return fail(err, errsize, "unknown breakdown");
	if (host->period(call, &from, &to) != 0)
		return fail(err, errsize, "no period");
	struct cxm_plugin_param p[8];
	size_t n = 0;
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = from};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = to};
	if (dimension)
		p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = group};
	if (k == K_SLA)
		p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = to};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = part};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = part};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = limit > 0 ? limit : 0};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = offset > 0 ? offset : 0};
	const char *sql = k == K_SLA ? b->sla_drill
	                  : k == K_COMPLAINTS ? b->received_drill : b->resolved_drill;
	/* ART's rows carry the hours to resolve, SLA's the hours to the first
	 * answer (none while unanswered); FCR's and complaints' no score */
	struct drill_state d = {fn, ud, k == K_ART || k == K_SLA, 0};
	if (host->query(call, sql, p, n, drill_row, &d, err, errsize) != 0)
		return 1;
	if (d.bad)
		return fail(err, errsize, "unexpected cells in the feedback items");
	return 0;
}

static const struct cxm_plugin_metric_ops svc_ops = {
	.size = sizeof(struct cxm_plugin_metric_ops),
	.nmetrics = K_MAX,
	.metrics = metrics,
	.compute = svc_compute,
	.drill = svc_drill,
};

const struct cxm_plugin_entry cxm_plugin_entry = {
	CXM_PLUGIN_ENTRY_HEADER,
	.name = "service",
	.version = "1.0.0",
	.description = N_("Service metrics from the feedback register: ART, FCR, SLA and complaints."),
	.kind = CXM_PLUGIN_METRIC,
	.ops = &svc_ops,
	.settings = settings,
	.nsettings = sizeof(settings) / sizeof(settings[0]),
};
