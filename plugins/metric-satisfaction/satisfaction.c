/* metric-satisfaction: CSAT, NPS, CES and CSI from the business's survey
 * answers (documents 001 and DESIGN.md section 6), overall or broken down by
 * channel, interaction (location, staff, service) or client profile, with
 * the answers behind each number. Formulas and choices: docs/metrics.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxm/plugin.h"

/* Marks the strings the host translates, for xgettext (po/extract.sh). */
#define N_(s) s

#define DEFAULT_MIN_N 30

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
	for (size_t i = 0; i < NBREAKDOWNS; i++)
		if ((!name && !breakdowns[i].name) ||
		    (name && breakdowns[i].name && strcmp(name, breakdowns[i].name) == 0))
			return &breakdowns[i];
	return NULL;
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

/* The business's min_n (the host checked its bounds; the default if it
 * is somehow unreadable). */
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

/* A CSI parameter within a group: pairs and the sums of the normalised
 * answers. */
struct param {
	const char *code;
	long long pairs;
	double sat, imp;
};

/* One group's tallies (scale metrics: answers, sum, and the three part
 * counts c[0..2]; CSI: its parameters). */
struct group {
	const char *key;
	long long n;
	double sum;
	long long c[3];
	struct param *params;
	size_t nparams, capparams;
};

/* Scores -100..100 have a bin each (question scales are within it). */
#define BIN_LO (-100)
#define BIN_HI 100

struct tally {
	const struct cxm_plugin_host *host;
	struct cxm_plugin_call *call;
	enum kind kind;
	struct group *g;
	size_t ng, capg;
	long long bins[BIN_HI - BIN_LO + 1];
	int lo, hi;         /* the bins' range so far (lo > hi: none) */
	int bad;            /* a cell that is not a number */
};

static void *grow(struct tally *t, void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	size_t nc = *cap ? *cap * 2 : 8;
	void *nv = t->host->alloc(t->call, nc * size);
	if (n)
		memcpy(nv, v, n * size);
	*cap = nc;
	return nv;
}

static struct group *group_for(struct tally *t, const char *key)
{
	/* rows arrive grouped by their first column: the last group first */
	if (t->ng && strcmp(t->g[t->ng - 1].key, key) == 0)
		return &t->g[t->ng - 1];
	for (size_t i = 0; i < t->ng; i++)
		if (strcmp(t->g[i].key, key) == 0)
			return &t->g[i];
	t->g = grow(t, t->g, t->ng, &t->capg, sizeof(*t->g));
	struct group *g = &t->g[t->ng++];
	memset(g, 0, sizeof(*g));
	g->key = t->host->strdup(t->call, key);
	return g;
}

static int num(const char *cell, long long *out)
{
	char *end;
	if (!cell || !*cell)
		return 0;
	*out = strtoll(cell, &end, 10);
	return *end == '\0';
}

/* The range of a question of kind k: NPS's fixed 0-10, else the stored
 * range or the type's default (CSAT 1-5, CES 1-7, CSI 1-5, as
 * survey_results.c reads them), never an empty one. */
static void scale_of(enum kind k, const char *smin, const char *smax, long long *lo, long long *hi)
{
	long long def_lo = k == K_NPS ? 0 : 1, def_hi = k == K_NPS ? 10 : k == K_CES ? 7 : 5;
	if (!num(smin, lo))
		*lo = def_lo;
	if (!num(smax, hi))
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
	if (ncells != 5 || !cells[0] || !num(cells[3], &v) || !num(cells[4], &k)) {
		t->bad = 1;
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
	if (ncells != 7 || !cells[0] || !cells[1] || !num(cells[4], &pairs) ||
	    !num(cells[5], &ssum) || !num(cells[6], &isum)) {
		t->bad = 1;
		return 1;
	}
	scale_of(K_CSI, cells[2], cells[3], &lo, &hi);
	struct group *g = group_for(t, cells[0]);
	struct param *p = NULL;
	for (size_t i = 0; i < g->nparams && !p; i++)
		if (strcmp(g->params[i].code, cells[1]) == 0)
			p = &g->params[i];
	if (!p) {
		g->params = grow(t, g->params, g->nparams, &g->capparams, sizeof(*g->params));
		p = &g->params[g->nparams++];
		memset(p, 0, sizeof(*p));
		p->code = t->host->strdup(t->call, cells[1]);
	}
	double range = (double)(hi - lo);
	p->pairs += pairs;
	p->sat += ((double)ssum - (double)pairs * (double)lo) / range;
	p->imp += ((double)isum - (double)pairs * (double)lo) / range;
	g->n += pairs;
	return 0;
}

static struct cxm_plugin_metric_part part(const char *key, const char *label, double value,
                                          long long n, enum cxm_plugin_metric_unit unit)
{
	struct cxm_plugin_metric_part p = {key, label, value, n, unit};
	return p;
}

/* Fills row from group g (NULL: no data) for the tally's metric. */
static void fill_row(struct tally *t, struct cxm_plugin_metric_row *row, const struct group *g,
                     long long need)
{
	static const struct group none;
	if (!g)
		g = &none;
	struct cxm_plugin_metric_part *p = t->host->alloc(t->call, 3 * sizeof(*p));
	row->group = g->key ? g->key : "";
	row->n = g->n;
	row->enough = g->n >= need;
	row->parts = p;
	double mean = g->n ? g->sum / (double)g->n : 0;
	switch (t->kind) {
	case K_CSAT:
		row->value = pct(g->c[0], g->n);
		p[0] = part("mean", N_("Mean score"), mean, g->n, CXM_PLUGIN_UNIT_SCORE);
		p[1] = part("positive", N_("Positive (top two points)"), row->value, g->c[0],
		            CXM_PLUGIN_UNIT_PERCENT);
		p[2] = part("negative", N_("Other answers"), pct(g->c[1], g->n), g->c[1],
		            CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 3;
		break;
	case K_NPS:
		row->value = pct(g->c[0], g->n) - pct(g->c[2], g->n);
		p[0] = part("promoters", N_("Promoters (9-10)"), pct(g->c[0], g->n), g->c[0],
		            CXM_PLUGIN_UNIT_PERCENT);
		p[1] = part("passives", N_("Passives (7-8)"), pct(g->c[1], g->n), g->c[1],
		            CXM_PLUGIN_UNIT_PERCENT);
		p[2] = part("detractors", N_("Detractors (0-6)"), pct(g->c[2], g->n), g->c[2],
		            CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 3;
		break;
	case K_CES:
		row->value = mean;
		p[0] = part("easy", N_("Easy (the two easiest points)"), pct(g->c[0], g->n), g->c[0],
		            CXM_PLUGIN_UNIT_PERCENT);
		p[1] = part("hard", N_("Hard (the two hardest points)"), pct(g->c[1], g->n), g->c[1],
		            CXM_PLUGIN_UNIT_PERCENT);
		row->nparts = 2;
		break;
	case K_CSI: {
		/* the mean of the parameters' indexes (document 001) */
		double total = 0, sat = 0, imp = 0;
		for (size_t i = 0; i < g->nparams; i++) {
			const struct param *x = &g->params[i];
			double s = x->sat / (double)x->pairs, m = x->imp / (double)x->pairs;
			total += 100.0 * s * m;
			sat += s;
			imp += m;
		}
		row->value = g->nparams ? total / (double)g->nparams : 0;
		row->nparts = 0;
		if (g->nparams == 1) {
			/* one parameter (the "parameter" breakdown): what it is made of */
			p[0] = part("satisfaction", N_("Satisfaction"), 100.0 * sat, g->n,
			            CXM_PLUGIN_UNIT_PERCENT);
			p[1] = part("importance", N_("Importance"), 100.0 * imp, g->n,
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

static int sat_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                       const char *metric, const char *dimension,
                       struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	enum kind k = kind_of(metric);
	const struct breakdown *b = breakdown_of(dimension);
	long long from, to;
	if (k == K_MAX)
		return fail(err, errsize, "unknown metric");
	if (!b || (k == K_CSI ? !b->csi_compute : !b->scale_compute))
		return fail(err, errsize, "unknown breakdown");
	if (host->period(call, &from, &to) != 0)
		return fail(err, errsize, "no period");
	struct tally *t = host->alloc(call, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->host = host;
	t->call = call;
	t->kind = k;
	t->lo = BIN_HI + 1;
	t->hi = BIN_LO - 1;
	struct cxm_plugin_param p[3] = {
		{.type = CXM_PLUGIN_PARAM_INT, .i = from},
		{.type = CXM_PLUGIN_PARAM_INT, .i = to},
		{.type = CXM_PLUGIN_PARAM_TEXT, .s = kind_types[k]},
	};
	if (host->query(call, k == K_CSI ? b->csi_compute : b->scale_compute, p, 3,
	                k == K_CSI ? csi_row : scale_row, t, err, errsize) != 0)
		return 1;
	if (t->bad)
		return fail(err, errsize, "unexpected cells in the answers' totals");
	long long need = min_n(host, call);
	if (!dimension) {
		struct cxm_plugin_metric_row *row = host->alloc(call, sizeof(*row));
		fill_row(t, row, t->ng ? &t->g[0] : NULL, need);
		row->group = "";
		out->rows = row;
		out->nrows = 1;
		if (k == K_CSI && t->ng) {
			/* the answered pairs per parameter */
			struct cxm_plugin_metric_bin *bins =
				host->alloc(call, (t->g[0].nparams ? t->g[0].nparams : 1) * sizeof(*bins));
			for (size_t i = 0; i < t->g[0].nparams; i++) {
				bins[i].key = t->g[0].params[i].code;
				bins[i].count = t->g[0].params[i].pairs;
			}
			out->bins = bins;
			out->nbins = t->g[0].nparams;
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
	int bad;
};

/* host->query rows of the drill statements: client, response, Unix time, answer. */
static int drill_row(void *ud, const char *const *cells, size_t ncells)
{
	struct drill_state *d = ud;
	long long client, id, at, v;
	if (ncells != 4 || !num(cells[0], &client) || !num(cells[1], &id) || !cells[2] ||
	    !num(cells[3], &v)) {
		d->bad = 1;
		return 1;
	}
	at = strtoll(cells[2], NULL, 10);   /* "1767225600.000000" */
	struct cxm_plugin_drill_row row = {
		.client_id = client,
		.ref_kind = "response",
		.ref_id = id,
		.at = at,
		.score = (double)v,
		.has_score = 1,
	};
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
	if (k == K_MAX)
		return fail(err, errsize, "unknown metric");
	if (!b || (k == K_CSI ? !b->csi_drill : !b->scale_drill) || (dimension && !group))
		return fail(err, errsize, "unknown breakdown");
	if (host->period(call, &from, &to) != 0)
		return fail(err, errsize, "no period");
	struct cxm_plugin_param p[8];
	size_t n = 0;
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = from};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = to};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = kind_types[k]};
	if (dimension)
		p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = group};
	if (k != K_CSI) {
		p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = part};
		p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_TEXT, .s = part};
	}
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = limit > 0 ? limit : 0};
	p[n++] = (struct cxm_plugin_param){.type = CXM_PLUGIN_PARAM_INT, .i = offset > 0 ? offset : 0};
	struct drill_state d = {fn, ud, 0};
	if (host->query(call, k == K_CSI ? b->csi_drill : b->scale_drill, p, n, drill_row, &d, err,
	                errsize) != 0)
		return 1;
	if (d.bad)
		return fail(err, errsize, "unexpected cells in the answers");
	return 0;
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
