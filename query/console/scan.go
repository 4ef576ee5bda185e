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
// would hold the window in memory.

// scanFields are the fields a scan may keep, per view: a field is kept
// when one of the panels' statements names it. Nested fields are rebuilt
// as structs of the same names, so the panels' expressions bind as over
// the view.
var scanFields = map[string][]string{
	"cloudtrail": {"time_dt", "accountid", "region", "status", "is_mfa",
		"api.operation", "api.service.name", "api.response.error", "api.request.data",
		"actor.user.name", "actor.user.uid", "actor.user.type",
		"src_endpoint.ip", "http_request.user_agent"},
	"vpcflow": {"time_dt", "accountid", "region", "action",
		"src_endpoint.ip", "src_endpoint.port", "dst_endpoint.ip", "dst_endpoint.port",
		"connection_info.protocol_num", "traffic.bytes", "traffic.packets"},
}

// scanFields of a union view are those of its tables.
func init() {
	for _, u := range lake.UnionViews {
		scanFields[u.View] = scanFields[u.Tables[0].View]
	}
}

// sharedScan is one scan of a view for some panels of a dashboard.
type sharedScan struct {
	Source string
	Table  string // the engine table that holds its rows
	Panels []int  // indexes in the dashboard's panels
}

// scanPlan groups a dashboard's filtered panels by view; a view with one
// filtered panel gains nothing from a scan. The panels left out run over
// the view.
func scanPlan(d *Dashboard) []sharedScan {
	var scans []sharedScan
	for i, p := range d.Panels {
		if p.Where == "" {
			continue
		}
		j := slices.IndexFunc(scans, func(s sharedScan) bool { return s.Source == p.Source })
		if j < 0 {
			scans = append(scans, sharedScan{Source: p.Source, Table: "console_scan_" + p.Source})
			j = len(scans) - 1
		}
		scans[j].Panels = append(scans[j].Panels, i)
	}
	return slices.DeleteFunc(scans, func(s sharedScan) bool { return len(s.Panels) < 2 })
}

// SQL creates the scan's table: the rows of the window and filters that
// any of the panels counts, with the fields the panels name. A union view
// is read table by table, each projecting its fields, so that no table
// decodes a whole struct.
func (sc sharedScan) SQL(d *Dashboard) string {
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

// over is a panel's statement reading the scan's table instead of the view.
func (sc sharedScan) over(p *Panel) string {
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
