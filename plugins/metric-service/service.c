/* metric-service: how the business handles its feedback register
 * (sql/0006_feedback.sql): average resolution time, first-contact
 * resolution, answers within the SLA and the number of complaints and
 * reviews received (documents 001 and 004), overall or by channel, type,
 * department or defect, with the items behind each number. See
 * docs/metrics.md. */
#include <string.h>

#include "cxm/plugin.h"
#include "metric_kit.h"

/* Marks the strings the host translates, for xgettext (po/extract.sh). */
#define N_(s) s

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
	return cxm_kit_named(breakdowns, NBREAKDOWNS, sizeof(breakdowns[0]), name);
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
	CXM_KIT_MIN_N_SETTING,
};

/* ---- computing ------------------------------------------------------------------ */

static int index_of(const char *const *list, size_t n, const char *word)
{
	for (size_t i = 0; word && i < n; i++)
		if (strcmp(list[i], word) == 0)
			return (int)i;
	return -1;
}

/* One group's tallies (a record of the tally's keyed table): the
 * observations n, a sum (microseconds for ART) and counts per part (FCR 2,
 * SLA 3, complaints one per type). */
struct group {
	const char *key;
	long long n;
	long long sum;
	long long c[NTYPES];
};

struct tally {
	struct cxm_kit_tally kit;   /* the call, min_n, the groups, bad */
	enum kind kind;
	long long bins[NCHANNELS];
};

static struct group *group_for(struct tally *t, const char *key)
{
	return cxm_kit_group(&t->kit, sizeof(struct group), key);
}

/* Rows of RESOLVED_COMPUTE: group, resolved, microseconds, at first contact. */
static int resolved_row(void *ud, const char *const *cells, size_t ncells)
{
	struct tally *t = ud;
	long long n, us, fcr;
	if (ncells != 4 || !cells[0] || !cxm_kit_num(cells[1], &n) || !cxm_kit_num(cells[2], &us) ||
	    !cxm_kit_num(cells[3], &fcr)) {
		t->kit.bad = 1;
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
	if (ncells != 4 || !cells[0] || !cxm_kit_num(cells[1], &c[0]) ||
	    !cxm_kit_num(cells[2], &c[1]) || !cxm_kit_num(cells[3], &c[2])) {
		t->kit.bad = 1;
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
	if (ncells != 4 || !cells[0] || !cxm_kit_num(cells[3], &n) ||
	    (ty = index_of(types, NTYPES, cells[1])) < 0 ||
	    (ch = index_of(channels, NCHANNELS, cells[2])) < 0) {
		t->kit.bad = 1;
		return 1;
	}
	struct group *g = group_for(t, cells[0]);
	g->n += n;
	g->c[ty] += n;
	t->bins[ch] += n;
	return 0;
}

/* cxm_kit_fill_fn: fills row from group rec (NULL: no data) for the
 * tally's metric. */
static void fill_row(struct cxm_kit_tally *kt, struct cxm_plugin_metric_row *row, const void *rec)
{
	static const struct group none;
	struct tally *t = (struct tally *)kt;
	const struct group *g = rec ? rec : &none;
	struct cxm_plugin_metric_part *p =
		cxm_kit_row_start(kt->host, kt->call, row, g->key, g->n, kt->need, NTYPES);
	switch (t->kind) {
	case K_ART:
		row->value = g->n ? (double)g->sum / 3600e6 / (double)g->n : 0;
		break;
	case K_FCR:
		row->value = cxm_kit_pct(g->c[0], g->n);
		p[0] = cxm_kit_part("first_contact", N_("Resolved at the first contact"),
		                    row->value, g->c[0], CXM_PLUGIN_UNIT_PERCENT);
		p[1] = cxm_kit_part("more_contacts", N_("Needed more contacts"),
		                    cxm_kit_pct(g->c[1], g->n), g->c[1], CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 2;
		break;
	case K_SLA:
		row->value = cxm_kit_pct(g->c[0], g->n);
		p[0] = cxm_kit_part("in_time", N_("Answered in time"), row->value, g->c[0],
		                    CXM_PLUGIN_UNIT_PERCENT);
		p[1] = cxm_kit_part("late", N_("Answered late"), cxm_kit_pct(g->c[1], g->n),
		                    g->c[1], CXM_PLUGIN_UNIT_PERCENT);
		p[2] = cxm_kit_part("overdue", N_("Unanswered past the deadline"),
		                    cxm_kit_pct(g->c[2], g->n), g->c[2], CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 3;
		break;
	case K_COMPLAINTS:
		row->value = (double)g->n;
		for (int j = 0; j < NTYPES; j++)
			p[j] = cxm_kit_part(types[j], type_labels[j], cxm_kit_pct(g->c[j], g->n),
			                    g->c[j], CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = NTYPES;
		break;
	default:
		break;
	}
}

static enum kind kind_of(const char *metric)
{
	return (enum kind)cxm_kit_metric_index(metrics, K_MAX, metric);
}

static int svc_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                       const char *metric, const char *dimension,
                       struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	enum kind k = kind_of(metric);
	const struct breakdown *b = breakdown_of(dimension);
	long long from, to;
	if (cxm_kit_begin(host, call, k != K_MAX, b != NULL, &from, &to, err, errsize) != 0)
		return 1;
	struct tally *t = cxm_kit_tally_new(host, call, sizeof(*t));
	t->kind = k;
	struct cxm_kit_params ps = {0};
	if (k == K_SLA)
		cxm_kit_add_int(&ps, to);
	cxm_kit_add_int(&ps, from);
	cxm_kit_add_int(&ps, to);
	const char *sql = k == K_SLA ? b->sla_compute
	                  : k == K_COMPLAINTS ? b->received_compute : b->resolved_compute;
	cxm_plugin_row_fn fn = k == K_SLA ? sla_row : k == K_COMPLAINTS ? received_row : resolved_row;
	if (cxm_kit_query(host, call, sql, &ps, fn, t, &t->kit.bad,
	                  "unexpected cells in the feedback totals", err, errsize) != 0)
		return 1;
	t->kit.need = cxm_kit_min_n(host, call);
	cxm_kit_rows(&t->kit, out, !dimension, fill_row);
	if (!dimension && k == K_COMPLAINTS) {
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

/* ---- drill-down ----------------------------------------------------------------- */

/* Drill rows: client, item, Unix time, microseconds (NULL: no score).
 * d->with_score: whether the metric's rows carry a score at all. */
static int drill_row(void *ud, const char *const *cells, size_t ncells)
{
	struct cxm_kit_drill *d = ud;
	struct cxm_plugin_drill_row row;
	long long us = 0;
	if (!cxm_kit_drill_lead(d, cells, ncells, 4, "feedback", &row))
		return 1;
	if (cells[3] && !cxm_kit_num(cells[3], &us)) {
		d->bad = 1;
		return 1;
	}
	row.score = cells[3] ? (double)us / 3600e6 : 0;
	row.has_score = d->with_score && cells[3] != NULL;
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
	if (cxm_kit_begin(host, call, k != K_MAX, b && (!dimension || group), &from, &to, err,
	                  errsize) != 0)
		return 1;
	struct cxm_kit_params ps = {0};
	cxm_kit_add_int(&ps, from);
	cxm_kit_add_int(&ps, to);
	if (dimension)
		cxm_kit_add_text(&ps, group);
	if (k == K_SLA)
		cxm_kit_add_int(&ps, to);
	cxm_kit_add_part(&ps, part);
	cxm_kit_add_page(&ps, limit, offset);
	const char *sql = k == K_SLA ? b->sla_drill
	                  : k == K_COMPLAINTS ? b->received_drill : b->resolved_drill;
	/* ART's rows carry the hours to resolve, SLA's the hours to the first
	 * answer (none while unanswered); FCR's and complaints' no score */
	struct cxm_kit_drill d = {fn, ud, k == K_ART || k == K_SLA, 0};
	return cxm_kit_query(host, call, sql, &ps, drill_row, &d, &d.bad,
	                     "unexpected cells in the feedback items", err, errsize);
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
