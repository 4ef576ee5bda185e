package console

import (
	"slices"
	"strings"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// A dashboard's filtered panels of one view share one scan: the rows of
// the window that any of them counts, with only the fields they read, in a
// table of the request's engine. Each panel then runs its own statement,
// unchanged but for its FROM, over that table. A panel's statement
// re-applies its filters to rows the scan kept because one of them
// matched, so it counts what it counts over the view; the page still
// shows, links and downloads the statement over the view.
//
// Why: over 30 days of the medium bench lake (5M events in 355 one-row-
// group day files) each panel decoded its columns from every file again,
// and panels over cloudtrail_all decoded the whole api struct (its request
// and response documents), since a field of a struct is not projected
// through the union view. Unfiltered panels (top users, calls by service)
// read every row: they keep their own statements, as a copy of every row
// would hold the window in memory. So do flow panels: their filters are
// pushed into the Parquet scan (action, port) where alone, not where
// joined by OR, and egress to the internet matches most allowed flows,
// which a copy would hold in memory.

// scanFields are the fields a scan may keep, per view: a field is kept
// when one of the panels' statements names it. Nested fields are rebuilt
// as structs of the same names, so the panels' expressions bind as over
// the view.
var scanFields = map[string][]string{
	"cloudtrail": {"time_dt", "accountid", "region", "status", "is_mfa",
		"api.operation", "api.service.name", "api.response.error", "api.request.data",
		"actor.user.name", "actor.user.uid", "actor.user.type",
		"src_endpoint.ip", "http_request.user_agent"},
}

// scanFields of a union view are those of its tables.
func init() {
	for _, u := range lake.UnionViews {
		scanFields[u.View] = scanFields[u.Tables[0].View]
	}
}

// A dashboard's unfiltered count panels of one view (calls by service,
// by region, by operation) share one rollup instead: one statement counts
// the window's events by each panel's keys (GROUPING SETS), into a table
// of a few rows per bar, and each panel reads its own grouping from it.

// sharedScan is one scan of a view for some panels of a dashboard.
type sharedScan struct {
	Source string
	Table  string // the engine table that holds its rows
	Panels []int  // indexes in the dashboard's panels
	// Rollup: the table holds the panels' counts by their keys, not rows.
	Rollup bool
}

// rollable tells whether a panel can read a rollup: an unfiltered count
// by keys.
func (p *Panel) rollable() bool {
	return p.Where == "" && p.Value == "" && (p.Chart == chartTime || p.Chart == chartBar)
}

// keys are what a rollable panel counts by.
func (p *Panel) keys() []string {
	if p.Chart == chartTime {
		return []string{timeKey, p.series()}
	}
	return []string{p.Label}
}

// scanPlan groups a dashboard's filtered panels by view, and its rollable
// panels by view; a group of one gains nothing. The panels left out run
// over the view.
func scanPlan(d *Dashboard) []sharedScan {
	var scans []sharedScan
	for i := range d.Panels {
		p := &d.Panels[i]
		var rollup bool
		switch {
		case p.Where != "" && scanFields[p.Source] != nil:
		case p.rollable():
			rollup = true
		default:
			continue
		}
		j := slices.IndexFunc(scans, func(s sharedScan) bool { return s.Source == p.Source && s.Rollup == rollup })
		if j < 0 {
			table := "console_scan_" + p.Source
			if rollup {
				table = "console_rollup_" + p.Source
			}
			scans = append(scans, sharedScan{Source: p.Source, Table: table, Rollup: rollup})
			j = len(scans) - 1
		}
		scans[j].Panels = append(scans[j].Panels, i)
	}
	return slices.DeleteFunc(scans, func(s sharedScan) bool { return len(s.Panels) < 2 })
}

// rollupKeys are the distinct key expressions of the rollup's panels, and
// each panel's grouping set as indexes into them.
func (sc sharedScan) rollupKeys(d *Dashboard) (exprs []string, sets map[int][]int) {
	sets = map[int][]int{}
	for _, i := range sc.Panels {
		for _, k := range d.Panels[i].keys() {
			j := slices.Index(exprs, k)
			if j < 0 {
				exprs = append(exprs, k)
				j = len(exprs) - 1
			}
			sets[i] = append(sets[i], j)
		}
	}
	return exprs, sets
}

// rollupSQL creates the rollup's table: the counts by each panel's keys,
// kN the Nth key and gN = 1 where the row's grouping leaves it out.
func (sc sharedScan) rollupSQL(d *Dashboard) string {
	exprs, sets := sc.rollupKeys(d)
	var keys, groupings, groupSets []string
	for j, e := range exprs {
		keys = append(keys, e+" AS k"+itoa(j))
		groupings = append(groupings, "GROUPING(k"+itoa(j)+") AS g"+itoa(j))
	}
	seen := map[string]bool{}
	for _, i := range sc.Panels {
		var set []string
		for _, j := range sets[i] {
			set = append(set, "k"+itoa(j))
		}
		key := strings.Join(set, ", ")
		if !seen[key] {
			// Two panels counting by the same keys read one grouping: a
			// set named twice would count its rows twice.
			seen[key] = true
			groupSets = append(groupSets, "("+key+")")
		}
	}
	// The keys are computed below the grouping, as a bound parameter
	// makes each spelling of an expression a different one.
	var names []string
	for j := range exprs {
		names = append(names, "k"+itoa(j))
	}
	return "CREATE TABLE " + sc.Table + " AS\nSELECT " + strings.Join(names, ", ") + ", count(*) AS n, " + strings.Join(groupings, ", ") +
		"\nFROM (SELECT " + strings.Join(keys, ", ") + "\n  FROM " + sc.Source + "\n  WHERE " + filters + ")" +
		"\nGROUP BY GROUPING SETS (" + strings.Join(groupSets, ", ") + ")"
}

// rollupOver is a rollable panel's statement over the rollup: its
// grouping's rows, named and ordered as the panel's own statement names
// and orders them (each is one group already).
func (sc sharedScan) rollupOver(d *Dashboard, i int) string {
	exprs, sets := sc.rollupKeys(d)
	var where []string
	for j := range exprs {
		g := "1"
		if slices.Contains(sets[i], j) {
			g = "0"
		}
		where = append(where, "g"+itoa(j)+" = "+g)
	}
	k := func(n int) string { return "k" + itoa(sets[i][n]) }
	p := &d.Panels[i]
	if p.Chart == chartTime {
		return "SELECT " + bucketStart(k(0)) + " AS bucket, " + k(1) + " AS series, n AS value\nFROM " + sc.Table + "\nWHERE " + strings.Join(where, " AND ") + "\nORDER BY 1, 2"
	}
	limit := p.Limit
	if limit == 0 {
		limit = 10
	}
	return "SELECT " + k(0) + " AS label, n AS value\nFROM " + sc.Table + "\nWHERE " + strings.Join(where, " AND ") + "\nORDER BY 2 DESC, 1\nLIMIT " + itoa(limit)
}

// SQL creates the scan's table: the rows of the window and filters that
// any of the panels counts, with the fields the panels name. A union view
// is read table by table, each projecting its fields, so that no table
// decodes a whole struct.
func (sc sharedScan) SQL(d *Dashboard) string {
	if sc.Rollup {
		return sc.rollupSQL(d)
	}
	var wheres, texts []string
	for _, i := range sc.Panels {
		wheres = append(wheres, "("+d.Panels[i].Where+")")
		texts = append(texts, d.Panels[i].SQL())
	}
	project := projection(scanFields[sc.Source], strings.Join(texts, "\n"))
	where := filters + "\n  AND (" + strings.Join(wheres, "\n    OR ") + ")"
	views := []string{sc.Source}
	for _, u := range lake.UnionViews {
		if u.View == sc.Source {
			views = views[:0]
			for _, t := range u.Tables {
				views = append(views, t.View)
			}
		}
	}
	selects := make([]string, len(views))
	for i, v := range views {
		selects[i] = "SELECT " + project + "\nFROM " + v + "\nWHERE " + where
	}
	return "CREATE TABLE " + sc.Table + " AS\n" + strings.Join(selects, "\nUNION ALL BY NAME\n")
}

// over is the statement of the dashboard's ith panel reading the scan's
// table instead of the view.
func (sc sharedScan) over(d *Dashboard, i int) string {
	if sc.Rollup {
		return sc.rollupOver(d, i)
	}
	p := &d.Panels[i]
	return strings.Replace(p.SQL(), "\nFROM "+p.Source+"\n", "\nFROM "+sc.Table+"\n", 1)
}

// projection is the select list of the fields the statements name, nested
// fields gathered back into structs: api.operation and api.service.name
// become {'operation': api.operation, 'service': {'name': api.service.name}} AS api.
func projection(fields []string, statements string) string {
	type node struct {
		name     string
		path     string
		children []*node
	}
	root := &node{}
	for _, f := range fields {
		if !strings.Contains(statements, f) {
			continue
		}
		n := root
		parts := strings.Split(f, ".")
		for k, part := range parts {
			i := slices.IndexFunc(n.children, func(c *node) bool { return c.name == part })
			if i < 0 {
				n.children = append(n.children, &node{name: part, path: strings.Join(parts[:k+1], ".")})
				i = len(n.children) - 1
			}
			n = n.children[i]
		}
	}
	var expr func(n *node) string
	expr = func(n *node) string {
		if len(n.children) == 0 {
			return n.path
		}
		items := make([]string, len(n.children))
		for i, c := range n.children {
			items[i] = "'" + c.name + "': " + expr(c)
		}
		return "{" + strings.Join(items, ", ") + "}"
	}
	items := make([]string, len(root.children))
	for i, c := range root.children {
		items[i] = expr(c) + " AS " + c.name
	}
	return strings.Join(items, ", ")
}
