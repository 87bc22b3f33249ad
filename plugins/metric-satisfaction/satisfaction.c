/* metric-satisfaction: CSAT, NPS, CES and CSI from the business's survey
 * answers (documents 001 and DESIGN.md section 6), overall or broken down by
 * channel, interaction (location, staff, service) or client profile, with
 * the answers behind each number. Formulas and choices: docs/metrics.md. */
#include <stdio.h>
#include <string.h>

#include "cxm/plugin.h"
#include "metric_kit.h"

/* Marks the strings the host translates, for xgettext (po/extract.sh). */
#define N_(s) s

/* ---- the statements ---------------------------------------------------------
 *
 * Every statement starts from the responses completed in the period (index
 * survey_responses_survey), joins their answers (survey_answers_response)
 * and the answered question; the metric's question type is a parameter.
 * A breakdown adds the group's expression, its joins and its condition;
 * the text of each variant is a constant put together by the preprocessor. */

#define FROM_ANSWERS \
	" FROM survey_responses r" \
	" JOIN survey_answers a ON a.response_id = r.id AND a.business_id = r.business_id" \
	" JOIN survey_questions q ON q.id = a.question_id AND q.business_id = r.business_id"
#define JOIN_OPTION " JOIN survey_options o ON o.id = a.option_id AND o.business_id = r.business_id"
#define JOIN_INTERACTION \
	" JOIN survey_invitations si ON si.id = r.invitation_id AND si.business_id = r.business_id" \
	" JOIN interactions i ON i.id = si.interaction_id AND i.business_id = r.business_id"
#define JOIN_CLIENT " JOIN clients c ON c.id = r.client_id AND c.business_id = r.business_id"
#define IN_PERIOD \
	" WHERE r.business_id = {business} AND r.completed_at >= FROM_UNIXTIME(?)" \
	" AND r.completed_at < FROM_UNIXTIME(?) AND q.type = ? AND a.num IS NOT NULL"
#define CSI_PAIR " AND a.num2 IS NOT NULL"

/* The part an answer falls in (drill's part filter), by question type. */
#define PART_OF \
	"CASE q.type WHEN 'nps' THEN IF(a.num >= 9, 'promoters', IF(a.num >= 7, 'passives', 'detractors'))" \
	" WHEN 'csat' THEN IF(a.num >= IFNULL(q.scale_max, 5) - 1, 'positive', 'negative')" \
	" WHEN 'ces' THEN IF(a.num >= IFNULL(q.scale_max, 7) - 1, 'easy'," \
	" IF(a.num <= IFNULL(q.scale_min, 1) + 1, 'hard', 'neither')) ELSE '' END"

/* Rows: group, scale_min, scale_max, answer, answers. Parameters: from, to,
 * question type. */
#define SCALE_COMPUTE(group, joins, cond) \
	"SELECT " group ", q.scale_min, q.scale_max, a.num, COUNT(*)" FROM_ANSWERS joins IN_PERIOD \
	cond " GROUP BY 1, 2, 3, 4"
/* Rows: group, parameter code, scale_min, scale_max, pairs, sum of
 * satisfaction, sum of importance, by group and code. Parameters: from,
 * to, "csi". */
#define CSI_COMPUTE(group, joins, cond) \
	"SELECT " group ", o.code, q.scale_min, q.scale_max, COUNT(*), SUM(a.num), SUM(a.num2)" \
	FROM_ANSWERS JOIN_OPTION joins IN_PERIOD CSI_PAIR cond " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2"
/* Rows: client, response, completed (Unix time), answer (CSI: the
 * satisfaction). Parameters: from, to, question type, [group,] part, part
 * (not for CSI, which has no parts), limit, offset. */
#define ORDER_PAGE " ORDER BY r.completed_at DESC, r.id DESC, a.id DESC LIMIT ? OFFSET ?"
#define SCALE_DRILL(joins, cond) \
	"SELECT IFNULL(r.client_id, 0), r.id, UNIX_TIMESTAMP(r.completed_at), a.num" FROM_ANSWERS \
	joins IN_PERIOD cond " AND (? IS NULL OR " PART_OF " = ?)" ORDER_PAGE
#define CSI_DRILL(joins, cond) \
	"SELECT IFNULL(r.client_id, 0), r.id, UNIX_TIMESTAMP(r.completed_at), a.num" FROM_ANSWERS \
	JOIN_OPTION joins IN_PERIOD CSI_PAIR cond ORDER_PAGE

/* One breakdown: its name (NULL overall) and the statements for it. */
struct breakdown {
	const char *name;
	const char *scale_compute, *scale_drill, *csi_compute, *csi_drill;
};

#define BREAKDOWN(name, group, joins, notnull, eq) \
	{ name, SCALE_COMPUTE(group, joins, notnull), SCALE_DRILL(joins, eq), \
	  CSI_COMPUTE(group, joins, notnull), CSI_DRILL(joins, eq) }

static const struct breakdown breakdowns[] = {
	BREAKDOWN(NULL, "''", "", "", ""),
	BREAKDOWN("channel", "r.channel", "", "", " AND r.channel = ?"),
	BREAKDOWN("location", "i.location_id", JOIN_INTERACTION, " AND i.location_id IS NOT NULL",
	          " AND i.location_id = ?"),
	BREAKDOWN("staff", "i.staff_id", JOIN_INTERACTION, " AND i.staff_id IS NOT NULL",
	          " AND i.staff_id = ?"),
	BREAKDOWN("service", "i.service_id", JOIN_INTERACTION, " AND i.service_id IS NOT NULL",
	          " AND i.service_id = ?"),
	BREAKDOWN("age_band", "c.age_band", JOIN_CLIENT, " AND c.age_band IS NOT NULL",
	          " AND c.age_band = ?"),
	BREAKDOWN("gender", "c.gender", JOIN_CLIENT, " AND c.gender IS NOT NULL", " AND c.gender = ?"),
	BREAKDOWN("region", "c.region", JOIN_CLIENT, " AND c.region IS NOT NULL", " AND c.region = ?"),
	BREAKDOWN("source", "c.source", JOIN_CLIENT, " AND c.source IS NOT NULL", " AND c.source = ?"),
	/* CSI only: a row per parameter (the option's code) */
	{ "parameter", NULL, NULL, CSI_COMPUTE("o.code", "", ""), CSI_DRILL("", " AND o.code = ?") },
};
#define NBREAKDOWNS (sizeof(breakdowns) / sizeof(breakdowns[0]))

static const struct breakdown *breakdown_of(const char *name)
{
	return cxm_kit_named(breakdowns, NBREAKDOWNS, sizeof(breakdowns[0]), name);
}

/* ---- the metrics ---------------------------------------------------------------- */

static const char *const scale_dimensions[] = {
	"channel", "location", "staff", "service", "age_band", "gender", "region", "source", NULL,
};
static const char *const csi_dimensions[] = {
	"parameter", "channel", "location", "staff", "service", "age_band", "gender", "region",
	"source", NULL,
};
static const char *const csat_parts[] = {"positive", "negative", NULL};
static const char *const nps_parts[] = {"promoters", "passives", "detractors", NULL};
static const char *const ces_parts[] = {"easy", "hard", NULL};

/* Document 001: "NPS above 30 % good, above 50 % excellent". */
static const struct cxm_plugin_benchmark nps_benchmarks[] = {
	{N_("good"), 30},
	{N_("excellent"), 50},
};
/* Document 001: "an average score is 5.5 / 7". */
static const struct cxm_plugin_benchmark ces_benchmarks[] = {
	{N_("average (of 7)"), 5.5},
};
/* Document 001, after the American Customer Satisfaction Index. */
static const struct cxm_plugin_benchmark csi_benchmarks[] = {
	{N_("Automotive"), 82},
	{N_("Banks"), 81},
	{N_("Software"), 79},
	{N_("Hotels"), 76},
	{N_("Online retail"), 80},
	{N_("Insurance"), 80},
};

enum kind { K_CSAT, K_NPS, K_CES, K_CSI, K_MAX };
static const char *const kind_types[K_MAX] = {"csat", "nps", "ces", "csi"};

static const struct cxm_plugin_metric_info metrics[K_MAX] = {
	[K_CSAT] = {
		.key = "csat",
		.label = N_("Customer satisfaction (CSAT)"),
		.description = N_("Share of CSAT answers in the top two points of the scale (4-5 of 5), "
		                  "of all CSAT answers, x 100."),
		.unit = CXM_PLUGIN_UNIT_PERCENT,
		.higher_is_better = 1,
		.decimals = 1,
		.dimensions = scale_dimensions,
		.parts = csat_parts,
	},
	[K_NPS] = {
		.key = "nps",
		.label = N_("Net Promoter Score (NPS)"),
		.description = N_("Per cent of promoters (9-10) minus per cent of detractors (0-6) "
		                  "among the answers on the 0-10 scale; passives score 7-8."),
		.unit = CXM_PLUGIN_UNIT_INDEX,
		.higher_is_better = 1,
		.decimals = 1,
		.dimensions = scale_dimensions,
		.parts = nps_parts,
		.benchmarks = nps_benchmarks,
		.nbenchmarks = sizeof(nps_benchmarks) / sizeof(nps_benchmarks[0]),
	},
	[K_CES] = {
		.key = "ces",
		.label = N_("Customer effort (CES)"),
		.description = N_("Mean CES answer on the question's scale (1-7 or 1-5, high = easy)."),
		.unit = CXM_PLUGIN_UNIT_SCORE,
		.higher_is_better = 1,
		.decimals = 2,
		.dimensions = scale_dimensions,
		.parts = ces_parts,
		.benchmarks = ces_benchmarks,
		.nbenchmarks = sizeof(ces_benchmarks) / sizeof(ces_benchmarks[0]),
	},
	[K_CSI] = {
		.key = "csi",
		.label = N_("Customer satisfaction index (CSI)"),
		.description = N_("Per parameter: mean importance x mean satisfaction, both scaled to "
		                  "0..1 on the question's scale, x 100 %; overall: the mean over the "
		                  "parameters. n counts the answered parameter pairs."),
		.unit = CXM_PLUGIN_UNIT_PERCENT,
		.higher_is_better = 1,
		.decimals = 1,
		.dimensions = csi_dimensions,
		.parts = NULL,
		.benchmarks = csi_benchmarks,
		.nbenchmarks = sizeof(csi_benchmarks) / sizeof(csi_benchmarks[0]),
	},
};

static const struct cxm_plugin_setting settings[] = {
	CXM_KIT_MIN_N_SETTING,
};

/* ---- computing ------------------------------------------------------------------ */

/* A CSI parameter within a group (a record of its keyed table): pairs
 * and the sums of the normalised answers. */
struct param {
	const char *code;
	long long pairs;
	double sat, imp;
};

/* One group's tallies, a record of the tally's keyed table (scale
 * metrics: answers, sum, and the three part counts c[0..2]; CSI: its
 * parameters, struct param records). */
struct group {
	const char *key;
	long long n;
	double sum;
	long long c[3];
	struct cxm_kit_keyed params;
};

/* Scores -100..100 have a bin each (question scales are within it). */
#define BIN_LO (-100)
#define BIN_HI 100

struct tally {
	struct cxm_kit_tally kit;   /* the call, min_n, the groups, bad */
	enum kind kind;
	long long bins[BIN_HI - BIN_LO + 1];
	int lo, hi;         /* the bins' range so far (lo > hi: none) */
};

static struct group *group_for(struct tally *t, const char *key)
{
	return cxm_kit_group(&t->kit, sizeof(struct group), key);
}

/* The range of a question of kind k: NPS's fixed 0-10, else the stored
 * range or the type's default (CSAT 1-5, CES 1-7, CSI 1-5, as
 * survey_results.c reads them), never an empty one. */
static void scale_of(enum kind k, const char *smin, const char *smax, long long *lo, long long *hi)
{
	long long def_lo = k == K_NPS ? 0 : 1, def_hi = k == K_NPS ? 10 : k == K_CES ? 7 : 5;
	if (!cxm_kit_num(smin, lo))
		*lo = def_lo;
	if (!cxm_kit_num(smax, hi))
		*hi = def_hi;
	if (k == K_NPS)
		*lo = 0, *hi = 10;
	if (*hi <= *lo)
		*hi = *lo + 1;
}

/* host->query rows of SCALE_COMPUTE: group, scale_min, scale_max, answer, count. */
static int scale_row(void *ud, const char *const *cells, size_t ncells)
{
	struct tally *t = ud;
	long long v, k, lo, hi;
	if (ncells != 5 || !cells[0] || !cxm_kit_num(cells[3], &v) || !cxm_kit_num(cells[4], &k)) {
		t->kit.bad = 1;
		return 1;
	}
	scale_of(t->kind, cells[1], cells[2], &lo, &hi);
	struct group *g = group_for(t, cells[0]);
	g->n += k;
	g->sum += (double)v * (double)k;
	switch (t->kind) {
	case K_CSAT:
		g->c[v >= hi - 1 ? 0 : 1] += k;
		break;
	case K_NPS:
		g->c[v >= 9 ? 0 : v >= 7 ? 1 : 2] += k;
		break;
	case K_CES:
		if (v >= hi - 1)
			g->c[0] += k;
		else if (v <= lo + 1)
			g->c[1] += k;
		break;
	default:
		break;
	}
	if (v >= BIN_LO && v <= BIN_HI) {
		t->bins[v - BIN_LO] += k;
		if (v < t->lo)
			t->lo = (int)v;
		if (v > t->hi)
			t->hi = (int)v;
	}
	/* the whole scale gets bars, answered or not */
	if (lo >= BIN_LO && lo < t->lo)
		t->lo = (int)lo;
	if (hi <= BIN_HI && hi > t->hi)
		t->hi = (int)hi;
	return 0;
}

/* host->query rows of CSI_COMPUTE: group, code, scale_min, scale_max,
 * pairs, sum of satisfaction, sum of importance. Each answer is scaled on
 * its own question's range: (x - min) / (max - min). */
static int csi_row(void *ud, const char *const *cells, size_t ncells)
{
	struct tally *t = ud;
	long long pairs, ssum, isum, lo, hi;
	if (ncells != 7 || !cells[0] || !cells[1] || !cxm_kit_num(cells[4], &pairs) ||
	    !cxm_kit_num(cells[5], &ssum) || !cxm_kit_num(cells[6], &isum)) {
		t->kit.bad = 1;
		return 1;
	}
	scale_of(K_CSI, cells[2], cells[3], &lo, &hi);
	struct group *g = group_for(t, cells[0]);
	struct param *p =
		cxm_kit_keyed_get(t->kit.host, t->kit.call, &g->params, sizeof(*p), cells[1]);
	double range = (double)(hi - lo);
	p->pairs += pairs;
	p->sat += ((double)ssum - (double)pairs * (double)lo) / range;
	p->imp += ((double)isum - (double)pairs * (double)lo) / range;
	g->n += pairs;
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
		cxm_kit_row_start(kt->host, kt->call, row, g->key, g->n, kt->need, 3);
	double mean = g->n ? g->sum / (double)g->n : 0;
	switch (t->kind) {
	case K_CSAT:
		row->value = cxm_kit_pct(g->c[0], g->n);
		p[0] = cxm_kit_part("mean", N_("Mean score"), mean, g->n, CXM_PLUGIN_UNIT_SCORE);
		p[1] = cxm_kit_part("positive", N_("Positive (top two points)"), row->value,
		                    g->c[0], CXM_PLUGIN_UNIT_PERCENT);
		p[2] = cxm_kit_part("negative", N_("Other answers"), cxm_kit_pct(g->c[1], g->n),
		                    g->c[1], CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 3;
		break;
	case K_NPS:
		row->value = cxm_kit_pct(g->c[0], g->n) - cxm_kit_pct(g->c[2], g->n);
		p[0] = cxm_kit_part("promoters", N_("Promoters (9-10)"), cxm_kit_pct(g->c[0], g->n),
		                    g->c[0], CXM_PLUGIN_UNIT_PERCENT);
		p[1] = cxm_kit_part("passives", N_("Passives (7-8)"), cxm_kit_pct(g->c[1], g->n),
		                    g->c[1], CXM_PLUGIN_UNIT_PERCENT);
		p[2] = cxm_kit_part("detractors", N_("Detractors (0-6)"),
		                    cxm_kit_pct(g->c[2], g->n), g->c[2], CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 3;
		break;
	case K_CES:
		row->value = mean;
		p[0] = cxm_kit_part("easy", N_("Easy (the two easiest points)"),
		                    cxm_kit_pct(g->c[0], g->n), g->c[0], CXM_PLUGIN_UNIT_PERCENT);
		p[1] = cxm_kit_part("hard", N_("Hard (the two hardest points)"),
		                    cxm_kit_pct(g->c[1], g->n), g->c[1], CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 2;
		break;
	case K_CSI: {
		/* the mean of the parameters' indexes (document 001) */
		double total = 0, sat = 0, imp = 0;
		for (size_t j = 0; j < g->params.n; j++) {
			const struct param *x = cxm_kit_keyed_at(&g->params, j);
			double s = x->sat / (double)x->pairs, m = x->imp / (double)x->pairs;
			total += 100.0 * s * m;
			sat += s;
			imp += m;
		}
		row->value = g->params.n ? total / (double)g->params.n : 0;
		row->nparts = 0;
		if (g->params.n == 1) {
			/* one parameter (the "parameter" breakdown): what it is made of */
			p[0] = cxm_kit_part("satisfaction", N_("Satisfaction"), 100.0 * sat, g->n,
			                    CXM_PLUGIN_UNIT_PERCENT);
			p[1] = cxm_kit_part("importance", N_("Importance"), 100.0 * imp, g->n,
			                    CXM_PLUGIN_UNIT_PERCENT);
			row->nparts = 2;
		}
		break;
	}
	default:
		break;
	}
}

static enum kind kind_of(const char *metric)
{
	return (enum kind)cxm_kit_metric_index(metrics, K_MAX, metric);
}

static int sat_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                       const char *metric, const char *dimension,
                       struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	enum kind k = kind_of(metric);
	const struct breakdown *b = breakdown_of(dimension);
	long long from, to;
	if (cxm_kit_begin(host, call, k != K_MAX,
	                  b && (k == K_CSI ? b->csi_compute : b->scale_compute) != NULL, &from, &to,
	                  err, errsize) != 0)
		return 1;
	struct tally *t = cxm_kit_tally_new(host, call, sizeof(*t));
	t->kind = k;
	t->lo = BIN_HI + 1;
	t->hi = BIN_LO - 1;
	struct cxm_kit_params ps = {0};
	cxm_kit_add_int(&ps, from);
	cxm_kit_add_int(&ps, to);
	cxm_kit_add_text(&ps, kind_types[k]);
	if (cxm_kit_query(host, call, k == K_CSI ? b->csi_compute : b->scale_compute, &ps,
	                  k == K_CSI ? csi_row : scale_row, t, &t->kit.bad,
	                  "unexpected cells in the answers' totals", err, errsize) != 0)
		return 1;
	t->kit.need = cxm_kit_min_n(host, call);
	cxm_kit_rows(&t->kit, out, !dimension, fill_row);
	if (dimension)
		return 0;
	if (k == K_CSI && t->kit.groups.n) {
		/* the answered pairs per parameter */
		const struct group *g = cxm_kit_keyed_at(&t->kit.groups, 0);
		struct cxm_plugin_metric_bin *bins =
			host->alloc(call, (g->params.n ? g->params.n : 1) * sizeof(*bins));
		for (size_t i = 0; i < g->params.n; i++) {
			const struct param *x = cxm_kit_keyed_at(&g->params, i);
			bins[i].key = x->code;
			bins[i].count = x->pairs;
		}
		out->bins = bins;
		out->nbins = g->params.n;
	} else if (k != K_CSI) {
		/* answers per score, over the whole scale of the answered
		 * questions (the type's usual scale when nothing was answered) */
		if (t->lo > t->hi) {
			t->lo = k == K_NPS ? 0 : 1;
			t->hi = k == K_NPS ? 10 : k == K_CES ? 7 : 5;
		}
		size_t nb = (size_t)(t->hi - t->lo + 1);
		struct cxm_plugin_metric_bin *bins = host->alloc(call, nb * sizeof(*bins));
		for (size_t i = 0; i < nb; i++) {
			char key[16];
			snprintf(key, sizeof(key), "%d", t->lo + (int)i);
			bins[i].key = host->strdup(call, key);
			bins[i].count = t->bins[t->lo + (int)i - BIN_LO];
		}
		out->bins = bins;
		out->nbins = nb;
	}
	return 0;
}

/* ---- drill-down ----------------------------------------------------------------- */

/* host->query rows of the drill statements: client, response, Unix time, answer. */
static int drill_row(void *ud, const char *const *cells, size_t ncells)
{
	struct cxm_kit_drill *d = ud;
	struct cxm_plugin_drill_row row;
	long long v;
	if (!cxm_kit_drill_lead(d, cells, ncells, 4, "response", &row))
		return 1;
	if (!cxm_kit_num(cells[3], &v)) {
		d->bad = 1;
		return 1;
	}
	row.score = (double)v;
	row.has_score = 1;
	return d->fn(d->ud, &row);
}

static int sat_drill(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                     const char *metric, const char *part, const char *dimension,
                     const char *group, long long limit, long long offset,
                     cxm_plugin_drill_fn fn, void *ud, char *err, size_t errsize)
{
	enum kind k = kind_of(metric);
	const struct breakdown *b = breakdown_of(dimension);
	long long from, to;
	if (cxm_kit_begin(host, call, k != K_MAX,
	                  b && (k == K_CSI ? b->csi_drill : b->scale_drill) != NULL &&
	                          (!dimension || group),
	                  &from, &to, err, errsize) != 0)
		return 1;
	struct cxm_kit_params ps = {0};
	cxm_kit_add_int(&ps, from);
	cxm_kit_add_int(&ps, to);
	cxm_kit_add_text(&ps, kind_types[k]);
	if (dimension)
		cxm_kit_add_text(&ps, group);
	if (k != K_CSI)
		cxm_kit_add_part(&ps, part);
	cxm_kit_add_page(&ps, limit, offset);
	struct cxm_kit_drill d = {fn, ud, 1, 0};
	return cxm_kit_query(host, call, k == K_CSI ? b->csi_drill : b->scale_drill, &ps, drill_row,
	                     &d, &d.bad, "unexpected cells in the answers", err, errsize);
}

static const struct cxm_plugin_metric_ops sat_ops = {
	.size = sizeof(struct cxm_plugin_metric_ops),
	.nmetrics = K_MAX,
	.metrics = metrics,
	.compute = sat_compute,
	.drill = sat_drill,
};

const struct cxm_plugin_entry cxm_plugin_entry = {
	CXM_PLUGIN_ENTRY_HEADER,
	.name = "satisfaction",
	.version = "1.0.0",
	.description = N_("Satisfaction from survey answers: CSAT, NPS, CES and CSI."),
	.kind = CXM_PLUGIN_METRIC,
	.ops = &sat_ops,
	.settings = settings,
	.nsettings = sizeof(settings) / sizeof(settings[0]),
};
