/* metric-retention: the retention and value metrics of documents 001 and
 * 004 (churn, CRR, repeat purchase rate, purchase frequency, AOV and three
 * kinds of CLV) computed from clients and interactions through host->query.
 * The definitions, the statements' shape and their cost: docs/metrics.md,
 * "Retention and value (plugin retention)". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxm/plugin.h"

/* Marks a msgid for xgettext (po/extract.sh); the host translates. */
#define N_(s) s

#define DAY 86400LL
#define YEAR (365 * DAY)

/* ---- Settings -------------------------------------------------------------- */

static const struct cxm_plugin_setting retention_settings[] = {
	{"min_n", N_("Minimum sample"),
	 N_("Below this many observations a value is shown as not enough data."),
	 CXM_PLUGIN_SETTING_INT, "30", 1, 100000},
	{"inactivity_days", N_("Days without a visit before a client counts as lost"),
	 N_("A client is active while they had an interaction, or became a client, within this many days."),
	 CXM_PLUGIN_SETTING_INT, "90", 1, 3650},
	{"margin_pct", N_("Gross margin, %"),
	 N_("The share of revenue left after the cost of goods, used by the margin CLVs."),
	 CXM_PLUGIN_SETTING_NUMBER, "30", 0, 100},
	{"discount_pct", N_("Yearly discount rate, %"),
	 N_("The rate at which future years' margin is discounted in the discounted CLV."),
	 CXM_PLUGIN_SETTING_NUMBER, "10", 0, 100},
	{"horizon_years", N_("CLV horizon, years"),
	 N_("How many years the discounted CLV adds up."),
	 CXM_PLUGIN_SETTING_INT, "3", 1, 30},
};

struct settings {
	long long min_n, days, horizon;
	double margin, discount;     /* fractions */
};

static long long int_setting(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                             const char *key, long long def)
{
	const char *v = host->config_get(call, key);
	char *end;
	long long x = v ? strtoll(v, &end, 10) : def;
	return v && end != v ? x : def;
}

static double num_setting(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                          const char *key, double def)
{
	const char *v = host->config_get(call, key);
	char *end;
	double x = v ? strtod(v, &end) : def;
	return v && end != v ? x : def;
}

static void read_settings(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                          struct settings *s)
{
	s->min_n = int_setting(host, call, "min_n", 30);
	s->days = int_setting(host, call, "inactivity_days", 90);
	s->horizon = int_setting(host, call, "horizon_years", 3);
	s->margin = num_setting(host, call, "margin_pct", 30) / 100.0;
	s->discount = num_setting(host, call, "discount_pct", 10) / 100.0;
}

/* ---- Statements ------------------------------------------------------------
 *
 * Every statement is a constant. The breakdown is chosen by a bound
 * parameter (the dimension's key, '' overall) in a CASE, so one statement
 * serves the overall value and every breakdown; a group whose key is NULL
 * (a client without that attribute, a purchase without a location) is
 * left out of breakdowns. */

/* The group key of a client (c). */
#define CLIENT_GROUP \
	"CASE ? WHEN 'age_band' THEN CAST(c.age_band AS CHAR)" \
	" WHEN 'gender' THEN CAST(c.gender AS CHAR) WHEN 'region' THEN CAST(c.region AS CHAR)" \
	" WHEN 'source' THEN CAST(c.source AS CHAR) ELSE '' END"

/* The group key of a purchase (i) and its client (c). */
#define PURCHASE_GROUP \
	"CASE ? WHEN 'location' THEN CAST(i.location_id AS CHAR)" \
	" WHEN 'staff' THEN CAST(i.staff_id AS CHAR) WHEN 'service' THEN CAST(i.service_id AS CHAR)" \
	" WHEN 'age_band' THEN CAST(c.age_band AS CHAR) WHEN 'gender' THEN CAST(c.gender AS CHAR)" \
	" WHEN 'region' THEN CAST(c.region AS CHAR) WHEN 'source' THEN CAST(c.source AS CHAR)" \
	" ELSE '' END"

/* One row per live client in the base at `to` with its flags: s active at
 * `from`, e active at `to`, nw first seen in [from, to), and its last
 * interaction before `to` (in the scanned window). One pass over the
 * interactions of [from - D, to) grouped by client, materialised once and
 * joined to the clients by cid: the join column is an expression
 * (client_id + 0) so that MariaDB cannot turn the derived table into a
 * LATERAL DERIVED lookup per client ("split materialization"), which on
 * 200,000 clients took 40 s instead of 3 (docs/metrics.md).
 * Parameters: dimension, from, from - D, to - D, from, from, to - D,
 * from - D, to, to. */
#define RETENTION_FLAGS \
	"SELECT c.id AS id, " CLIENT_GROUP " AS g," \
	" (c.first_seen < FROM_UNIXTIME(?) AND (c.first_seen >= FROM_UNIXTIME(?) OR COALESCE(a.hs, 0) = 1)) AS s," \
	" (c.first_seen >= FROM_UNIXTIME(?) OR COALESCE(a.he, 0) = 1) AS e," \
	" (c.first_seen >= FROM_UNIXTIME(?)) AS nw," \
	" a.last_at AS last_at, c.first_seen AS first_seen" \
	" FROM clients c LEFT JOIN (SELECT client_id + 0 AS cid," \
	" MAX(occurred_at < FROM_UNIXTIME(?)) AS hs, MAX(occurred_at >= FROM_UNIXTIME(?)) AS he," \
	" MAX(occurred_at) AS last_at FROM interactions" \
	" WHERE business_id = {business} AND occurred_at >= FROM_UNIXTIME(?)" \
	" AND occurred_at < FROM_UNIXTIME(?) GROUP BY client_id) a ON a.cid = c.id" \
	" WHERE c.business_id = {business} AND c.live = 1 AND c.first_seen < FROM_UNIXTIME(?)"

/* g, CS, CE, CN, lost. */
static const char retention_sql[] =
	"SELECT g, SUM(s), SUM(e), SUM(nw), SUM(s = 1 AND e = 0) FROM (" RETENTION_FLAGS ") x"
	" GROUP BY g";

/* The clients of a part (lost, start, end, new) in one group, by their
 * last activity before `to` (last interaction, else first_seen), newest
 * first. Parameters: RETENTION_FLAGS's, group, part, limit, offset. */
static const char retention_drill_sql[] =
	"SELECT id, UNIX_TIMESTAMP(CASE WHEN last_at IS NOT NULL AND last_at > first_seen"
	" THEN last_at ELSE first_seen END) AS at FROM (" RETENTION_FLAGS ") x"
	" WHERE g = ? AND CASE ? WHEN 'lost' THEN s = 1 AND e = 0 WHEN 'start' THEN s = 1"
	" WHEN 'end' THEN e = 1 ELSE nw = 1 END"
	" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?";

/* One row per live client in the base at `to` with its purchases in
 * [from, to) and the last of them (cid: see RETENTION_FLAGS).
 * Parameters: dimension, from, to, to. */
#define REPEAT_FLAGS \
	"SELECT c.id AS id, " CLIENT_GROUP " AS g, COALESCE(p.k, 0) AS k, p.last_at AS last_at" \
	" FROM clients c LEFT JOIN (SELECT client_id + 0 AS cid, COUNT(*) AS k," \
	" MAX(occurred_at) AS last_at" \
	" FROM interactions WHERE business_id = {business} AND kind = 'purchase'" \
	" AND occurred_at >= FROM_UNIXTIME(?) AND occurred_at < FROM_UNIXTIME(?)" \
	" GROUP BY client_id) p ON p.cid = c.id" \
	" WHERE c.business_id = {business} AND c.live = 1 AND c.first_seen < FROM_UNIXTIME(?)"

/* g, clients in the base, clients with more than one purchase. */
static const char repeat_sql[] =
	"SELECT g, COUNT(*), SUM(k > 1) FROM (" REPEAT_FLAGS ") x GROUP BY g";

/* The repeaters of one group by their last purchase, newest first.
 * Parameters: REPEAT_FLAGS's, group, limit, offset. */
static const char repeat_drill_sql[] =
	"SELECT id, UNIX_TIMESTAMP(last_at), k FROM (" REPEAT_FLAGS ") x"
	" WHERE g = ? AND k > 1 ORDER BY last_at DESC, id DESC LIMIT ? OFFSET ?";

/* The purchases of live clients in [from, to). Parameters: from, to. */
#define PURCHASES \
	" FROM interactions i JOIN clients c ON c.id = i.client_id" \
	" AND c.business_id = {business} AND c.live = 1" \
	" WHERE i.business_id = {business} AND i.kind = 'purchase'" \
	" AND i.occurred_at >= FROM_UNIXTIME(?) AND i.occurred_at < FROM_UNIXTIME(?)"

/* g, purchases, purchasing clients, purchases with an amount, their sum
 * (the breakdowns; overall, buyers_sql).
 * Parameters: dimension, from, to. */
static const char purchase_sql[] =
	"SELECT " PURCHASE_GROUP " AS g, COUNT(*), COUNT(DISTINCT i.client_id),"
	" COUNT(i.amount), COALESCE(SUM(i.amount), 0)" PURCHASES " GROUP BY g";

/* The overall figures of purchase_sql (g '') from one grouped pass over
 * the period's purchases per client, joined to the clients once per
 * client rather than once per purchase (cid: see RETENTION_FLAGS): over a
 * year of 4.9 million purchases of 938,000 clients, 23 s instead of 62 s
 * on the bench database (docs/metrics.md). Parameters: from, to. */
static const char buyers_sql[] =
	"SELECT '' AS g, COALESCE(SUM(p.k), 0), COUNT(*), COALESCE(SUM(p.kn), 0), COALESCE(SUM(p.amt), 0)"
	" FROM clients c JOIN (SELECT client_id + 0 AS cid, COUNT(*) AS k, COUNT(amount) AS kn,"
	" SUM(amount) AS amt FROM interactions WHERE business_id = {business} AND kind = 'purchase'"
	" AND occurred_at >= FROM_UNIXTIME(?) AND occurred_at < FROM_UNIXTIME(?)"
	" GROUP BY client_id) p ON p.cid = c.id WHERE c.business_id = {business} AND c.live = 1";

/* The histogram of amounts; bin b is [edges[b], edges[b + 1]). */
static const char bins_sql[] =
	"SELECT CASE WHEN i.amount < 500 THEN 0 WHEN i.amount < 1000 THEN 1"
	" WHEN i.amount < 2000 THEN 2 WHEN i.amount < 5000 THEN 3 WHEN i.amount < 10000 THEN 4"
	" WHEN i.amount < 20000 THEN 5 ELSE 6 END AS b, COUNT(*)" PURCHASES
	" AND i.amount IS NOT NULL GROUP BY b";
static const char *const bin_keys[] = {"0-500", "500-1000", "1000-2000", "2000-5000",
                                       "5000-10000", "10000-20000", "20000+"};
#define NBINS (sizeof(bin_keys) / sizeof(bin_keys[0]))

/* The purchases of one group, newest first (with an amount only when the
 * flag is 1). Parameters: from, to, dimension, group, flag, limit, offset. */
static const char purchase_drill_sql[] =
	"SELECT i.id, i.client_id, UNIX_TIMESTAMP(i.occurred_at), i.amount" PURCHASES
	" AND " PURCHASE_GROUP " = ? AND (? = 0 OR i.amount IS NOT NULL)"
	" ORDER BY i.occurred_at DESC, i.id DESC LIMIT ? OFFSET ?";

/* Clients in the base at `to` who bought before `to`: how many, and the
 * sum of their relationship lengths so far in seconds. The buyers are one
 * grouped pass over the interactions (cid: see RETENTION_FLAGS); as an IN
 * semi-join MariaDB took about three times as long.
 * Parameters: to x 3. */
static const char years_sql[] =
	"SELECT COUNT(*), COALESCE(SUM(GREATEST(0, TIMESTAMPDIFF(SECOND, c.first_seen,"
	" LEAST(c.last_seen_at, FROM_UNIXTIME(?))))), 0)"
	" FROM clients c JOIN (SELECT client_id + 0 AS cid FROM interactions"
	" WHERE business_id = {business} AND kind = 'purchase' AND occurred_at < FROM_UNIXTIME(?)"
	" GROUP BY client_id) p ON p.cid = c.id"
	" WHERE c.business_id = {business} AND c.live = 1 AND c.first_seen < FROM_UNIXTIME(?)";

/* ---- Reading rows ------------------------------------------------------------ */

#define NVALS 5

/* A group's numbers, in the order of the statement's columns after g. */
struct grp {
	const char *g;
	double v[NVALS];
	struct grp *next;
};

struct grps {
	const struct cxm_plugin_host *host;
	struct cxm_plugin_call *call;
	struct grp *head;
	size_t n;
};

static double num(const char *cell)
{
	return cell ? strtod(cell, NULL) : 0;
}

/* Keeps a row whose key (cells[0]) is not NULL. */
static int grp_row(void *ud, const char *const *cells, size_t ncells)
{
	struct grps *gs = ud;
	if (!ncells || !cells[0])
		return 0;
	struct grp *g = gs->host->alloc(gs->call, sizeof(*g));
	memset(g, 0, sizeof(*g));
	g->g = gs->host->strdup(gs->call, cells[0]);
	for (size_t i = 1; i < ncells && i <= NVALS; i++)
		g->v[i - 1] = num(cells[i]);
	g->next = gs->head;
	gs->head = g;
	gs->n++;
	return 0;
}

static int run(const struct cxm_plugin_host *host, struct cxm_plugin_call *call, const char *sql,
               const struct cxm_plugin_param *p, size_t np, cxm_plugin_row_fn fn, void *ud,
               char *err, size_t errsize)
{
	return host->query(call, sql, p, np, fn, ud, err, errsize);
}

#define PI(x) {.type = CXM_PLUGIN_PARAM_INT, .i = (x)}
#define PS(x) {.type = CXM_PLUGIN_PARAM_TEXT, .s = (x)}
#define NP(a) (sizeof(a) / sizeof((a)[0]))

static long long not_before_epoch(long long t)
{
	return t < 0 ? 0 : t;
}

static int retention_groups(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                            const char *dim, long long from, long long to, long long days,
                            struct grps *gs, char *err, size_t errsize)
{
	long long fd = not_before_epoch(from - days * DAY), td = not_before_epoch(to - days * DAY);
	const struct cxm_plugin_param p[] = {PS(dim), PI(from), PI(fd), PI(td), PI(from),
	                                     PI(from), PI(td), PI(fd), PI(to), PI(to)};
	return run(host, call, retention_sql, p, NP(p), grp_row, gs, err, errsize);
}

static int purchase_groups(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                           const char *dim, long long from, long long to, struct grps *gs,
                           char *err, size_t errsize)
{
	if (!*dim) {
		const struct cxm_plugin_param p[] = {PI(from), PI(to)};
		return run(host, call, buyers_sql, p, NP(p), grp_row, gs, err, errsize);
	}
	const struct cxm_plugin_param p[] = {PS(dim), PI(from), PI(to)};
	return run(host, call, purchase_sql, p, NP(p), grp_row, gs, err, errsize);
}

/* The overall group ("") of an overall statement, or zeros. */
static struct grp overall(const struct grps *gs)
{
	struct grp z = {.g = ""};
	for (const struct grp *g = gs->head; g; g = g->next)
		if (!*g->g)
			return *g;
	return z;
}

/* ---- Building results ----------------------------------------------------- */

struct rowset {
	struct cxm_plugin_metric_row *rows;
	size_t n;
};

static struct cxm_plugin_metric_part *parts_new(const struct cxm_plugin_host *host,
                                                struct cxm_plugin_call *call, size_t n)
{
	struct cxm_plugin_metric_part *p = host->alloc(call, n * sizeof(*p));
	memset(p, 0, n * sizeof(*p));
	return p;
}

static void part(struct cxm_plugin_metric_part *p, const char *key, const char *label,
                 double value, long long n, enum cxm_plugin_metric_unit unit)
{
	p->key = key;
	p->label = label;
	p->value = value;
	p->n = n;
	p->unit = unit;
}

static void count_part(struct cxm_plugin_metric_part *p, const char *key, const char *label,
                       double count)
{
	part(p, key, label, count, (long long)count, CXM_PLUGIN_UNIT_COUNT);
}

static double share(double part_n, double whole)
{
	return whole > 0 ? part_n / whole * 100.0 : 0;
}

static void set_row(struct cxm_plugin_metric_row *r, const char *group, double value,
                    double n, const struct settings *s, struct cxm_plugin_metric_part *parts,
                    size_t nparts)
{
	r->group = group;
	r->value = value;
	r->n = (long long)n;
	r->enough = r->n > 0 && r->n >= s->min_n;
	r->parts = parts;
	r->nparts = nparts;
}

/* One output row per group of gs, made by fn (which returns 0 to skip). */
typedef int (*row_maker)(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                         const struct grp *g, const struct settings *s,
                         struct cxm_plugin_metric_row *r);

static void fill_rows(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                      const struct grps *gs, const char *dim, const struct settings *s,
                      row_maker fn, struct cxm_plugin_metric_out *out)
{
	if (!dim) {
		struct cxm_plugin_metric_row *r = host->alloc(call, sizeof(*r));
		struct grp all = overall(gs);
		memset(r, 0, sizeof(*r));
		fn(host, call, &all, s, r);
		/* A maker may decline a group; overall there is always one row. */
		r->group = "";
		out->rows = r;
		out->nrows = 1;
		return;
	}
	struct cxm_plugin_metric_row *rows = host->alloc(call, (gs->n ? gs->n : 1) * sizeof(*rows));
	size_t n = 0;
	for (const struct grp *g = gs->head; g; g = g->next) {
		memset(&rows[n], 0, sizeof(rows[n]));
		if (*g->g && fn(host, call, g, s, &rows[n]))
			n++;
	}
	out->rows = rows;
	out->nrows = n;
}

static int make_churn(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                      const struct grp *g, const struct settings *s,
                      struct cxm_plugin_metric_row *r)
{
	struct cxm_plugin_metric_part *p = parts_new(host, call, 1);
	count_part(&p[0], "lost", N_("Lost clients"), g->v[3]);
	set_row(r, g->g, share(g->v[3], g->v[0]), g->v[0], s, p, 1);
	return 1;
}

static int make_crr(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                    const struct grp *g, const struct settings *s, struct cxm_plugin_metric_row *r)
{
	struct cxm_plugin_metric_part *p = parts_new(host, call, 3);
	count_part(&p[0], "start", N_("Active at the start"), g->v[0]);
	count_part(&p[1], "end", N_("Active at the end"), g->v[1]);
	count_part(&p[2], "new", N_("New in the period"), g->v[2]);
	set_row(r, g->g, share(g->v[1] - g->v[2], g->v[0]), g->v[0], s, p, 3);
	return 1;
}

static int make_repeat(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                       const struct grp *g, const struct settings *s,
                       struct cxm_plugin_metric_row *r)
{
	struct cxm_plugin_metric_part *p = parts_new(host, call, 1);
	count_part(&p[0], "repeaters", N_("Clients with more than one purchase"), g->v[1]);
	set_row(r, g->g, share(g->v[1], g->v[0]), g->v[0], s, p, 1);
	return 1;
}

static int make_frequency(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                          const struct grp *g, const struct settings *s,
                          struct cxm_plugin_metric_row *r)
{
	struct cxm_plugin_metric_part *p = parts_new(host, call, 1);
	count_part(&p[0], "purchases", N_("Purchases"), g->v[0]);
	set_row(r, g->g, g->v[1] > 0 ? g->v[0] / g->v[1] : 0, g->v[1], s, p, 1);
	return 1;
}

static int make_aov(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                    const struct grp *g, const struct settings *s, struct cxm_plugin_metric_row *r)
{
	(void)host;
	(void)call;
	if (g->v[2] <= 0 && *g->g)
		return 0;   /* a group whose purchases all lack an amount */
	set_row(r, g->g, g->v[2] > 0 ? g->v[3] / g->v[2] : 0, g->v[2], s, NULL, 0);
	return 1;
}

/* ---- The value metrics (overall only) ---------------------------------------- */

/* AOV and purchases per purchasing client over [from, to), and how many
 * purchasing clients. */
struct buying {
	double aov, per_client, clients;
};

static int buying(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                  long long from, long long to, struct buying *b, char *err, size_t errsize)
{
	struct grps gs = {host, call, NULL, 0};
	if (purchase_groups(host, call, "", from, to, &gs, err, errsize))
		return 1;
	struct grp g = overall(&gs);
	b->aov = g.v[2] > 0 ? g.v[3] / g.v[2] : 0;
	b->per_client = g.v[1] > 0 ? g.v[0] / g.v[1] : 0;
	b->clients = g.v[1];
	return 0;
}

/* Churn over [from, to) as a fraction, and CS. */
static int churn_of(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                    long long from, long long to, long long days, double *churn, double *cs,
                    char *err, size_t errsize)
{
	struct grps gs = {host, call, NULL, 0};
	if (retention_groups(host, call, "", from, to, days, &gs, err, errsize))
		return 1;
	struct grp g = overall(&gs);
	*cs = g.v[0];
	*churn = g.v[0] > 0 ? g.v[3] / g.v[0] : 0;
	return 0;
}

static struct cxm_plugin_metric_row *one_row(const struct cxm_plugin_host *host,
                                             struct cxm_plugin_call *call,
                                             struct cxm_plugin_metric_out *out)
{
	struct cxm_plugin_metric_row *r = host->alloc(call, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->group = "";
	out->rows = r;
	out->nrows = 1;
	return r;
}

/* The two numbers of a one-row statement. */
static int two_nums(void *ud, const char *const *cells, size_t ncells)
{
	double *v = ud;
	for (size_t i = 0; i < ncells && i < 2; i++)
		v[i] = num(cells[i]);
	return 0;
}

/* AOV x purchases per year x mean relationship length so far, in years. */
static int compute_clv(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                       long long to, const struct settings *s, struct cxm_plugin_metric_out *out,
                       char *err, size_t errsize)
{
	struct buying b;
	if (buying(host, call, not_before_epoch(to - YEAR), to, &b, err, errsize))
		return 1;
	const struct cxm_plugin_param p[] = {PI(to), PI(to), PI(to)};
	double nsecs[2] = {0, 0};
	if (run(host, call, years_sql, p, NP(p), two_nums, nsecs, err, errsize))
		return 1;
	double n = nsecs[0], secs = nsecs[1];
	double years = n > 0 ? secs / (double)DAY / 365.25 / n : 0;
	struct cxm_plugin_metric_part *pt = parts_new(host, call, 3);
	part(&pt[0], "aov", N_("Average order value over the year"), b.aov, (long long)b.clients,
	     CXM_PLUGIN_UNIT_MONEY);
	part(&pt[1], "per_year", N_("Purchases per client per year"), b.per_client,
	     (long long)b.clients, CXM_PLUGIN_UNIT_RATIO);
	part(&pt[2], "years", N_("Mean relationship so far, years"), years, (long long)n,
	     CXM_PLUGIN_UNIT_RATIO);
	set_row(one_row(host, call, out), "", b.aov * b.per_client * years, n, s, pt, 3);
	return 0;
}

/* AOV x purchase frequency x margin / churn, all over the period. */
static int compute_clv_margin(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                              long long from, long long to, const struct settings *s,
                              struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	struct buying b;
	double churn, cs;
	if (buying(host, call, from, to, &b, err, errsize) ||
	    churn_of(host, call, from, to, s->days, &churn, &cs, err, errsize))
		return 1;
	struct cxm_plugin_metric_part *pt = parts_new(host, call, 3);
	part(&pt[0], "aov", N_("Average order value"), b.aov, (long long)b.clients,
	     CXM_PLUGIN_UNIT_MONEY);
	part(&pt[1], "frequency", N_("Purchases per client"), b.per_client, (long long)b.clients,
	     CXM_PLUGIN_UNIT_RATIO);
	part(&pt[2], "churn", N_("Churn rate"), churn * 100.0, (long long)cs, CXM_PLUGIN_UNIT_PERCENT);
	struct cxm_plugin_metric_row *r = one_row(host, call, out);
	set_row(r, "", churn > 0 ? b.aov * b.per_client * s->margin / churn : 0, cs, s, pt, 3);
	if (churn <= 0)
		r->enough = 0;   /* the formula divides by the churn */
	return 0;
}

/* Sum over t = 1..T of m r^(t-1) / (1 + d)^t, over the year ending at `to`. */
static int compute_clv_discounted(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                                  long long to, const struct settings *s,
                                  struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	struct buying b;
	double churn, cs;
	long long from = not_before_epoch(to - YEAR);
	if (buying(host, call, from, to, &b, err, errsize) ||
	    churn_of(host, call, from, to, s->days, &churn, &cs, err, errsize))
		return 1;
	double m = b.aov * b.per_client * s->margin, r = 1 - churn, value = 0;
	for (long long t = 1; t <= s->horizon; t++)
		value += m * pow(r, (double)(t - 1)) / pow(1 + s->discount, (double)t);
	struct cxm_plugin_metric_part *pt = parts_new(host, call, 2);
	part(&pt[0], "margin_per_year", N_("Margin per client per year"), m, (long long)b.clients,
	     CXM_PLUGIN_UNIT_MONEY);
	part(&pt[1], "retention", N_("Yearly retention"), r * 100.0, (long long)cs,
	     CXM_PLUGIN_UNIT_PERCENT);
	struct cxm_plugin_metric_row *row = one_row(host, call, out);
	set_row(row, "", cs > 0 ? value : 0, b.clients, s, pt, 2);
	if (cs <= 0)
		row->enough = 0;   /* nobody was active a year ago: no yearly churn */
	return 0;
}

/* ---- compute ------------------------------------------------------------------ */

static int bin_row(void *ud, const char *const *cells, size_t ncells)
{
	struct cxm_plugin_metric_bin *bins = ud;
	if (ncells < 2 || !cells[0])
		return 0;
	long b = strtol(cells[0], NULL, 10);
	if (b >= 0 && (size_t)b < NBINS)
		bins[b].count = strtoll(cells[1] ? cells[1] : "0", NULL, 10);
	return 0;
}

static int retention_compute(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                             const char *metric, const char *dimension,
                             struct cxm_plugin_metric_out *out, char *err, size_t errsize)
{
	long long from, to;
	struct settings s;
	memset(out, 0, sizeof(*out));
	if (host->period(call, &from, &to) != 0) {
		snprintf(err, errsize, "no period (compute runs only in a computation)");
		return 1;
	}
	read_settings(host, call, &s);
	const char *dim = dimension ? dimension : "";
	struct grps gs = {host, call, NULL, 0};

	if (strcmp(metric, "churn") == 0 || strcmp(metric, "crr") == 0) {
		if (retention_groups(host, call, dim, from, to, s.days, &gs, err, errsize))
			return 1;
		int churn = strcmp(metric, "churn") == 0;
		fill_rows(host, call, &gs, dimension, &s, churn ? make_churn : make_crr, out);
		return 0;
	}
	if (strcmp(metric, "repeat_rate") == 0) {
		const struct cxm_plugin_param p[] = {PS(dim), PI(from), PI(to), PI(to)};
		if (run(host, call, repeat_sql, p, NP(p), grp_row, &gs, err, errsize))
			return 1;
		fill_rows(host, call, &gs, dimension, &s, make_repeat, out);
		return 0;
	}
	if (strcmp(metric, "frequency") == 0 || strcmp(metric, "aov") == 0) {
		int aov = strcmp(metric, "aov") == 0;
		if (purchase_groups(host, call, dim, from, to, &gs, err, errsize))
			return 1;
		fill_rows(host, call, &gs, dimension, &s, aov ? make_aov : make_frequency, out);
		if (aov && !dimension) {
			struct cxm_plugin_metric_bin *bins = host->alloc(call, NBINS * sizeof(*bins));
			for (size_t i = 0; i < NBINS; i++) {
				bins[i].key = bin_keys[i];
				bins[i].count = 0;
			}
			const struct cxm_plugin_param p[] = {PI(from), PI(to)};
			if (run(host, call, bins_sql, p, NP(p), bin_row, bins, err, errsize))
				return 1;
			out->bins = bins;
			out->nbins = NBINS;
		}
		return 0;
	}
	if (dimension) {
		snprintf(err, errsize, "metric %s has no breakdowns", metric);
		return 1;
	}
	if (strcmp(metric, "clv") == 0)
		return compute_clv(host, call, to, &s, out, err, errsize);
	if (strcmp(metric, "clv_margin") == 0)
		return compute_clv_margin(host, call, from, to, &s, out, err, errsize);
	if (strcmp(metric, "clv_discounted") == 0)
		return compute_clv_discounted(host, call, to, &s, out, err, errsize);
	snprintf(err, errsize, "no metric \"%s\"", metric);
	return 1;
}

/* ---- drill -------------------------------------------------------------------- */

struct drill_ctx {
	cxm_plugin_drill_fn fn;
	void *ud;
	const char *ref_kind;
	int kind;   /* 0 clients (id, at), 1 repeaters (id, at, count), 2 purchases */
};

static int drill_row(void *ud, const char *const *cells, size_t ncells)
{
	struct drill_ctx *d = ud;
	struct cxm_plugin_drill_row r;
	memset(&r, 0, sizeof(r));
	r.ref_kind = d->ref_kind;
	if (d->kind == 2 && ncells >= 4) {
		r.ref_id = strtoll(cells[0], NULL, 10);
		r.client_id = strtoll(cells[1], NULL, 10);
		r.at = cells[2] ? strtoll(cells[2], NULL, 10) : 0;
		r.has_score = cells[3] != NULL;
		r.score = num(cells[3]);
	} else if (ncells >= 2) {
		r.client_id = r.ref_id = strtoll(cells[0], NULL, 10);
		r.at = cells[1] ? strtoll(cells[1], NULL, 10) : 0;
		if (d->kind == 1 && ncells >= 3) {
			r.has_score = 1;
			r.score = num(cells[2]);
		}
	}
	return d->fn(d->ud, &r);
}

static int retention_drill(const struct cxm_plugin_host *host, struct cxm_plugin_call *call,
                           const char *metric, const char *part_key, const char *dimension,
                           const char *group, long long limit, long long offset,
                           cxm_plugin_drill_fn fn, void *ud, char *err, size_t errsize)
{
	long long from, to;
	struct settings s;
	if (host->period(call, &from, &to) != 0) {
		snprintf(err, errsize, "no period (drill runs only in a computation)");
		return 1;
	}
	read_settings(host, call, &s);
	const char *dim = dimension ? dimension : "", *grp = group ? group : "";
	if (limit < 0)
		limit = 0;
	if (offset < 0)
		offset = 0;
	struct drill_ctx d = {fn, ud, "client", 0};

	if (strcmp(metric, "churn") == 0 || strcmp(metric, "crr") == 0) {
		const char *which = part_key                       ? part_key
		                    : strcmp(metric, "churn") == 0 ? "lost"
		                                                   : "start";
		long long fd = not_before_epoch(from - s.days * DAY);
		long long td = not_before_epoch(to - s.days * DAY);
		const struct cxm_plugin_param p[] = {PS(dim), PI(from), PI(fd), PI(td), PI(from),
		                                     PI(from), PI(td), PI(fd), PI(to), PI(to),
		                                     PS(grp), PS(which), PI(limit), PI(offset)};
		return run(host, call, retention_drill_sql, p, NP(p), drill_row, &d, err, errsize);
	}
	if (strcmp(metric, "repeat_rate") == 0) {
		const struct cxm_plugin_param p[] = {PS(dim), PI(from), PI(to), PI(to),
		                                     PS(grp), PI(limit), PI(offset)};
		d.kind = 1;
		return run(host, call, repeat_drill_sql, p, NP(p), drill_row, &d, err, errsize);
	}
	if (strcmp(metric, "aov") == 0 || strcmp(metric, "frequency") == 0) {
		const struct cxm_plugin_param p[] = {PI(from), PI(to), PS(dim), PS(grp),
		                                     PI(strcmp(metric, "aov") == 0), PI(limit), PI(offset)};
		d.kind = 2;
		d.ref_kind = "interaction";
		return run(host, call, purchase_drill_sql, p, NP(p), drill_row, &d, err, errsize);
	}
	snprintf(err, errsize, "metric %s has no drill-down", metric);
	return 1;
}

/* ---- Descriptors --------------------------------------------------------------- */

static const char *const client_dims[] = {"age_band", "gender", "region", "source", NULL};
static const char *const purchase_dims[] = {"location", "staff", "service", "age_band",
                                            "gender", "region", "source", NULL};
static const char *const churn_parts[] = {"lost", NULL};
static const char *const crr_parts[] = {"start", "end", "new", NULL};
static const char *const repeat_parts[] = {"repeaters", NULL};

/* Document 001, Statista 2020. */
static const struct cxm_plugin_benchmark crr_bench[] = {
	{N_("Retail"), 63}, {N_("Banks"), 75}, {N_("Telecom"), 78}, {N_("IT"), 81},
	{N_("Insurance"), 83}, {N_("Professional services"), 84}, {N_("Media"), 84},
};
/* Document 001. */
static const struct cxm_plugin_benchmark churn_bench[] = {
	{N_("Credit"), 20},
	{N_("Retail banks (low)"), 20}, {N_("Retail banks (high)"), 25},
	{N_("Mobile operators (low)"), 20}, {N_("Mobile operators (high)"), 38},
	{N_("SaaS (low)"), 5}, {N_("SaaS (high)"), 7},
};

static const struct cxm_plugin_metric_info retention_metrics[] = {
	{
		.key = "churn",
		.label = N_("Churn rate"),
		.description = N_("Clients active at the start and not at the end / clients active at the start x 100."),
		.unit = CXM_PLUGIN_UNIT_PERCENT, .higher_is_better = 0, .decimals = 1,
		.dimensions = client_dims, .parts = churn_parts,
		.benchmarks = churn_bench, .nbenchmarks = sizeof(churn_bench) / sizeof(churn_bench[0]),
	},
	{
		.key = "crr",
		.label = N_("Customer retention rate"),
		.description = N_("(Clients active at the end - new clients) / clients active at the start x 100."),
		.unit = CXM_PLUGIN_UNIT_PERCENT, .higher_is_better = 1, .decimals = 1,
		.dimensions = client_dims, .parts = crr_parts,
		.benchmarks = crr_bench, .nbenchmarks = sizeof(crr_bench) / sizeof(crr_bench[0]),
	},
	{
		.key = "repeat_rate",
		.label = N_("Repeat purchase rate"),
		.description = N_("Clients with more than one purchase in the period / clients in the base x 100."),
		.unit = CXM_PLUGIN_UNIT_PERCENT, .higher_is_better = 1, .decimals = 1,
		.dimensions = client_dims, .parts = repeat_parts,
	},
	{
		.key = "frequency",
		.label = N_("Purchase frequency"),
		.description = N_("Purchases in the period / clients who bought in it."),
		.unit = CXM_PLUGIN_UNIT_RATIO, .higher_is_better = 1, .decimals = 2,
		.dimensions = purchase_dims,
	},
	{
		.key = "aov",
		.label = N_("Average order value"),
		.description = N_("Sum of purchase amounts / number of purchases in the period."),
		.unit = CXM_PLUGIN_UNIT_MONEY, .higher_is_better = 1, .decimals = 2,
		.dimensions = purchase_dims,
	},
	{
		.key = "clv",
		.label = N_("Customer lifetime value"),
		.description = N_("Average order value x purchases per year x mean relationship length in years so far."),
		.unit = CXM_PLUGIN_UNIT_MONEY, .higher_is_better = 1, .decimals = 2,
	},
	{
		.key = "clv_margin",
		.label = N_("CLV from margin and churn"),
		.description = N_("Average order value x purchase frequency x margin / churn rate, over the period."),
		.unit = CXM_PLUGIN_UNIT_MONEY, .higher_is_better = 1, .decimals = 2,
	},
	{
		.key = "clv_discounted",
		.label = N_("Discounted CLV"),
		.description = N_("Yearly margin per client, kept at the yearly retention rate and discounted, summed over the horizon."),
		.unit = CXM_PLUGIN_UNIT_MONEY, .higher_is_better = 1, .decimals = 2,
	},
};

static const struct cxm_plugin_metric_ops retention_ops = {
	.size = sizeof(struct cxm_plugin_metric_ops),
	.nmetrics = sizeof(retention_metrics) / sizeof(retention_metrics[0]),
	.metrics = retention_metrics,
	.compute = retention_compute,
	.drill = retention_drill,
};

const struct cxm_plugin_entry cxm_plugin_entry = {
	CXM_PLUGIN_ENTRY_HEADER,
	.name = "retention",
	.version = "1.0.0",
	.description = N_("Retention and value: churn, customer retention rate, repeat purchases, "
	                  "purchase frequency, average order value and customer lifetime value."),
	.kind = CXM_PLUGIN_METRIC,
	.ops = &retention_ops,
	.settings = retention_settings,
	.nsettings = sizeof(retention_settings) / sizeof(retention_settings[0]),
	.validate = NULL,
};
