package hunt

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// A correlation becomes a chain of CTEs over the rows of the rules it
// refers to (each a CTE of cloudtrail rows):
//
//	events    the members' rows, tagged with the member (lh_rule) and the
//	          group-by values (lh_g0...); rows without them are dropped
//	measured  per row, the measure over the timespan that ends there
//	          (lh_n), and where the condition holds, the start of the
//	          matched span (lh_start)
//	hits      the rows inside a matched span: the evidence
//	fires     the rows where the correlation matches (a WHERE over
//	          measured or hits), which a correlation of correlations
//	          takes as its member's events
//
// Groups are counted per account, as the lake keeps them. A condition
// that only sets a floor (gte, gt, or temporal's default: every rule) is
// met by any span of the timespan, sliding; one with a ceiling (lt, lte,
// eq, neq, a range) needs a fixed span to count in, since a sliding count
// passes through every value below its top, so it counts in consecutive
// buckets of the timespan.

// sigmaCorrelation is a correlation ready to convert: a correlation rule
// with its members resolved, or a detection rule's obsolete aggregation.
type sigmaCorrelation struct {
	title   string
	kind    string // event_count, value_count, temporal, temporal_ordered
	members []sigmaMember
	groupBy []string      // the Sigma names, for summaries
	value   string        // value_count's field, for summaries
	span    time.Duration // 0: the whole hunt window, in one bucket
	bounds  []sigmaBound
}

// sigmaMember is one rule a correlation refers to.
type sigmaMember struct {
	name   string   // for summaries
	rows   string   // the CTE of its cloudtrail rows
	groups []string // the group-by expressions over those rows
	value  string   // value_count's expression
}

// sigmaBound is one criterion of a condition: count op n.
type sigmaBound struct {
	op string // a SQL comparison
	n  int64
}

var correlationOps = map[string]string{"gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "eq": "=", "neq": "<>"}

// correlationBounds reads a correlation's condition map (field aside).
func correlationBounds(cond map[string]any) ([]sigmaBound, error) {
	keys := make([]string, 0, len(cond))
	for k := range cond {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var bounds []sigmaBound
	for _, k := range keys {
		if k == "field" {
			continue
		}
		op, ok := correlationOps[k]
		if !ok {
			return nil, fmt.Errorf("condition %s is not gt, gte, lt, lte, eq or neq", k)
		}
		n, ok := cond[k].(int)
		if !ok {
			return nil, fmt.Errorf("condition %s: %v is not an integer", k, cond[k])
		}
		bounds = append(bounds, sigmaBound{op: op, n: int64(n)})
	}
	return bounds, nil
}

// sliding reports whether the condition sets only a floor.
func (c *sigmaCorrelation) sliding() bool {
	if c.span == 0 {
		return false
	}
	for _, b := range c.bounds {
		if b.op != ">" && b.op != ">=" {
			return false
		}
	}
	return true
}

func (c *sigmaCorrelation) condition(measure string) string {
	var parts []string
	for _, b := range c.bounds {
		parts = append(parts, fmt.Sprintf("%s %s %d", measure, b.op, b.n))
	}
	return strings.Join(parts, " AND ")
}

func (c *sigmaCorrelation) conditionText() string {
	var parts []string
	for _, b := range c.bounds {
		parts = append(parts, fmt.Sprintf("%s %d", b.op, b.n))
	}
	return strings.Join(parts, " and ")
}

// spanText writes a timespan as Sigma does: 90s, 15m, 2h, 1d.
func spanText(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}

// sqlBuilder collects the CTEs of one hunt.
type sqlBuilder struct {
	ctes []string
	n    int
}

func (b *sqlBuilder) add(name, body string) string {
	b.ctes = append(b.ctes, name+" AS (\n"+body+"\n)")
	return name
}

func (b *sqlBuilder) prefix() string {
	b.n++
	return fmt.Sprintf("c%d", b.n)
}

// ruleRows adds the CTE of the cloudtrail rows a detection matches.
func (b *sqlBuilder) ruleRows(where string) string {
	b.n++
	return b.add(fmt.Sprintf("r%d", b.n), `    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (`+where+`)`)
}

// sigmaMatches is what correlate made of a correlation.
type sigmaMatches struct {
	hits  string // the CTE of the evidence rows, added when asked for (hitsOf)
	fires string // the rows where it matches, as a FROM clause
	// What a sliding correlation's hits are made from.
	prefix, measured, partition, interval string
}

// correlate adds the CTEs that measure c.
func (b *sqlBuilder) correlate(c *sigmaCorrelation) (*sigmaMatches, error) {
	if len(c.members) == 0 {
		return nil, errors.New("a correlation needs rules")
	}
	p := b.prefix()
	partition := "accountid"
	for i := range c.groupBy {
		partition += fmt.Sprintf(", lh_g%d", i)
	}
	interval := fmt.Sprintf("INTERVAL %d SECOND", int64(c.span/time.Second))

	var parts []string
	for i, m := range c.members {
		cols := fmt.Sprintf("*, %d AS lh_rule", i)
		if c.kind == "temporal" {
			cols += ", " + sqltext.QuoteString(m.name) + " AS lh_rule_name"
		}
		var present []string
		for j, g := range m.groups {
			cols += fmt.Sprintf(", %s AS lh_g%d", g, j)
			present = append(present, "("+g+") IS NOT NULL")
		}
		if c.kind == "value_count" {
			cols += ", " + m.value + " AS lh_v"
			present = append(present, "("+m.value+") IS NOT NULL")
		}
		part := "    SELECT " + cols + "\n    FROM " + m.rows
		if len(present) > 0 {
			part += "\n    WHERE " + strings.Join(present, " AND ")
		}
		parts = append(parts, part)
	}
	events := strings.Join(parts, "\n    UNION ALL BY NAME\n")
	if len(c.members) > 1 && (c.kind == "event_count" || c.kind == "value_count") {
		// An event two of the rules match counts once.
		events = "    SELECT * FROM (\n" + events + "\n    )\n    QUALIFY row_number() OVER (PARTITION BY metadata.uid, " + partition + " ORDER BY lh_rule) = 1"
	}
	events = b.add(p+"_events", events)

	var measure string
	switch c.kind {
	case "event_count":
		measure = "count(*)"
	case "value_count":
		measure = "count(DISTINCT lh_v)"
	case "temporal":
		measure = "count(DISTINCT lh_rule)"
	case "temporal_ordered":
		return b.ordered(p, c, events, partition, interval)
	default:
		return nil, refusal(refusedCorrelation, "correlation type %s cannot be converted", c.kind)
	}

	if c.sliding() {
		window := fmt.Sprintf("PARTITION BY %s ORDER BY time_dt RANGE BETWEEN %s PRECEDING AND CURRENT ROW", partition, interval)
		measured := b.add(p+"_measured", fmt.Sprintf(`    SELECT *, %[1]s OVER lh_w AS lh_n,
           CASE WHEN %[2]s THEN time_dt - %[3]s END AS lh_start
    FROM %[4]s
    WINDOW lh_w AS (%[5]s)`, measure, c.condition(measure+" OVER lh_w"), interval, events, window))
		return &sigmaMatches{fires: measured + " WHERE lh_start IS NOT NULL", prefix: p, measured: measured, partition: partition, interval: interval}, nil
	}
	bucket, join := "", ""
	if c.span > 0 {
		bucket = fmt.Sprintf(", time_bucket(%s, time_dt) AS lh_bucket", interval)
		join = fmt.Sprintf(" AND time_bucket(%s, e.time_dt) = b.lh_bucket", interval)
	}
	for i := range c.groupBy {
		join += fmt.Sprintf(" AND e.lh_g%d = b.lh_g%d", i, i)
	}
	buckets := b.add(p+"_buckets", fmt.Sprintf(`    SELECT %s%s, %s AS lh_n, max(time_dt) AS lh_last
    FROM %s
    GROUP BY ALL
    HAVING %s`, partition, bucket, measure, events, c.condition(measure)))
	hits := b.add(p+"_hits", fmt.Sprintf(`    SELECT e.*, b.lh_n, b.lh_last
    FROM %s e
    JOIN %s b ON e.accountid = b.accountid%s`, events, buckets, join))
	return &sigmaMatches{hits: hits, fires: hits + " WHERE time_dt = lh_last"}, nil
}

// ordered adds temporal_ordered's CTEs. Stage k keeps, on each row of the
// k-th rule, the latest start of a chain of rules 0..k ending there
// (lh_sk): the latest chain is the one most likely to fit in the
// timespan. Rows of one second count as in order, since CloudTrail times
// have one second's precision.
func (b *sqlBuilder) ordered(p string, c *sigmaCorrelation, events, partition, interval string) (*sigmaMatches, error) {
	for _, bound := range c.bounds {
		if !(bound.op == ">=" && bound.n == int64(len(c.members)) || bound.op == "=" && bound.n == int64(len(c.members)) ||
			bound.op == ">" && bound.n == int64(len(c.members)-1)) {
			return nil, refusal(refusedCorrelation, "temporal_ordered with condition %s %d: which of its rules must follow in order is not defined", bound.op, bound.n)
		}
	}
	window := fmt.Sprintf("PARTITION BY %s ORDER BY time_dt RANGE BETWEEN %s PRECEDING AND CURRENT ROW", partition, interval)
	stage := b.add(fmt.Sprintf("%s_s0", p), "    SELECT *, CASE WHEN lh_rule = 0 THEN time_dt END AS lh_s0\n    FROM "+events)
	for k := 1; k < len(c.members); k++ {
		stage = b.add(fmt.Sprintf("%s_s%d", p, k), fmt.Sprintf(`    SELECT *, CASE WHEN lh_rule = %[1]d THEN max(lh_s%[2]d) OVER (%[3]s) END AS lh_s%[1]d
    FROM %[4]s`, k, k-1, window, stage))
	}
	last := len(c.members) - 1
	measured := b.add(p+"_measured", fmt.Sprintf(`    SELECT *, %[1]d AS lh_n,
           CASE WHEN lh_rule = %[2]d AND time_dt - lh_s%[2]d <= %[3]s THEN lh_s%[2]d END AS lh_start
    FROM %[4]s`, len(c.members), last, interval, stage))
	return &sigmaMatches{fires: measured + " WHERE lh_start IS NOT NULL", prefix: p, measured: measured, partition: partition, interval: interval}, nil
}

// hitsOf adds, for a sliding correlation, the CTE of its evidence: a row
// is evidence when a match that starts at or before it ends within the
// timespan after it.
func (b *sqlBuilder) hitsOf(m *sigmaMatches) string {
	if m.hits == "" {
		m.hits = b.add(m.prefix+"_hits", fmt.Sprintf(`    SELECT *
    FROM (
        SELECT *, min(lh_start) OVER (PARTITION BY %s ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND %s FOLLOWING) AS lh_from
        FROM %s
    )
    WHERE lh_from <= time_dt`, m.partition, m.interval, m.measured))
	}
	return m.hits
}

// memberRows adds the CTE through which a correlation of correlations
// reads c: the cloudtrail rows where c matches, each event once.
func (b *sqlBuilder) memberRows(fires string) string {
	b.n++
	return b.add(fmt.Sprintf("r%d", b.n), `    SELECT COLUMNS(c -> NOT starts_with(c, 'lh_'))
    FROM `+fires+`
    QUALIFY row_number() OVER (PARTITION BY metadata.uid ORDER BY time_dt) = 1`)
}

// findings writes the hunt's SQL: the CTEs, then one finding per group
// of c's evidence.
func (b *sqlBuilder) findings(c *sigmaCorrelation, m *sigmaMatches) string {
	hits := b.hitsOf(m)
	from := hits
	partition := "accountid"
	var key []string
	label := ""
	for i, g := range c.groupBy {
		partition += fmt.Sprintf(", lh_g%d", i)
		key = append(key, fmt.Sprintf("lh_g%d", i))
		sep := ", "
		if i == 0 {
			sep = " for "
		}
		label += fmt.Sprintf("%s, min(lh_g%d)", sqltext.QuoteString(sep+strings.ReplaceAll(g, "'", "")+" "), i)
	}
	within := " in the window"
	switch {
	case c.sliding() || c.kind == "temporal_ordered":
		within = " within " + spanText(c.span)
	case c.span > 0:
		within = " in one " + spanText(c.span) + " bucket"
	}
	var measure string
	switch c.kind {
	case "event_count":
		measure = fmt.Sprintf("CAST(max(lh_n) AS VARCHAR), %s", sqltext.QuoteString(" events"+within+" ("+c.conditionText()+")"))
	case "value_count":
		measure = fmt.Sprintf("CAST(max(lh_n) AS VARCHAR), %s", sqltext.QuoteString(" distinct "+c.value+within+" ("+c.conditionText()+")"))
	case "temporal":
		measure = fmt.Sprintf("array_to_string(list_sort(list_distinct(flatten(list(lh_rules)))), ', '), %s", sqltext.QuoteString(within))
	case "temporal_ordered":
		var names []string
		for _, m := range c.members {
			names = append(names, m.name)
		}
		measure = sqltext.QuoteString(strings.Join(names, " then ") + within)
	}
	switch {
	case c.kind == "temporal":
		// An event two of the rules match is one event, of both rules.
		from = b.add(hits+"_once", fmt.Sprintf(`    SELECT *, list(lh_rule_name) OVER (PARTITION BY %[1]s, metadata.uid) AS lh_rules
    FROM %[2]s
    QUALIFY row_number() OVER (PARTITION BY %[1]s, metadata.uid ORDER BY lh_rule) = 1`, partition, hits))
	case c.kind == "temporal_ordered" && len(c.members) > 1:
		from = b.add(hits+"_once", fmt.Sprintf(`    SELECT *
    FROM %[2]s
    QUALIFY row_number() OVER (PARTITION BY %[1]s, metadata.uid ORDER BY lh_rule) = 1`, partition, hits))
	}
	summary := sqltext.QuoteString(c.title)
	if label != "" {
		summary += ", " + label
	}
	return "WITH " + strings.Join(b.ctes, ",\n") +
		fmt.Sprintf("\nFROM lh_group_findings('%s', [%s], concat(%s, ': ', %s))\n", from, strings.Join(key, ", "), summary, measure)
}
