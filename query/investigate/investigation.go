package investigate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// Options configure an investigation.
type Options struct {
	Lake   string
	Entity Entity
	// Scope is the window under investigation.
	Scope Window
	// Baseline is how long the window before the scope is that decides
	// what is newly observed.
	Baseline time.Duration
	// Now pins the clock of the SQL and of the hunts.
	Now time.Time
	// Hunts run for the findings panel; nil leaves the panel out.
	Hunts []*hunt.Hunt
	// GeoIP, when set, adds countries and cities to IP addresses.
	GeoIP *GeoIP
	// Threads, MemoryLimit and TempDir set up DuckDB (see engine.Options).
	Threads     int
	MemoryLimit string
	TempDir     string
	// RawCSVDir is the directory WriteRawCSV will write to; DuckDB may
	// write nowhere else.
	RawCSVDir string
}

func (o Options) check() error {
	if o.Entity.Kind == "" {
		return errors.New("no entity to investigate")
	}
	if !o.Scope.Start.IsZero() || !o.Scope.End.IsZero() {
		if !o.Scope.Start.Before(o.Scope.End) {
			return fmt.Errorf("empty scope window: %s is not before %s", o.Scope.Start.Format(time.RFC3339), o.Scope.End.Format(time.RFC3339))
		}
	}
	if o.Baseline < 0 {
		return fmt.Errorf("negative baseline %s", o.Baseline)
	}
	return nil
}

// LakeWindow is the window of the lake the panels read: the baseline and
// the scope, and for an entity that creates sessions from
// engine.MaxSessionLifetime before the scope at least, so that the
// sessions of its calls in the scope are traced to the calls that issued
// them.
func (o Options) LakeWindow() Window {
	w := Window{Start: o.baselineWindow().Start, End: o.Scope.End}
	if sessions := o.Scope.Start.Add(-engine.MaxSessionLifetime); o.Entity.Kind.hasSessions() && sessions.Before(w.Start) {
		w.Start = sessions
	}
	return w
}

func (o Options) baselineWindow() Window {
	return Window{Start: o.Scope.Start.Add(-o.Baseline), End: o.Scope.Start}
}

// Investigation is an open lake window for one entity.
type Investigation struct {
	opt    Options
	engine *engine.Engine
	// lifetime is the entity's first and last appearance in the lake, once
	// known.
	lifetime *Window
	// created names the shared tables made so far (see createShared).
	created map[string]bool
}

// Open opens the lake over the LakeWindow (the hunts of the findings
// panel open their own, see findings).
// A zero Scope means the whole UTC days
// from the entity's first to its last appearance in the lake; an entity
// that appears nowhere is then an error.
func Open(ctx context.Context, opt Options) (*Investigation, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	inv := &Investigation{opt: opt, created: map[string]bool{}}
	if opt.Scope.Start.IsZero() {
		lifetime, err := inv.scopeLifetime(ctx)
		if err != nil {
			return nil, err
		}
		inv.lifetime = lifetime
		inv.opt.Scope = Window{Start: lifetime.Start.UTC().Truncate(24 * time.Hour), End: lifetime.End.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)}
	}
	opt = inv.opt
	eopt := opt.engineOptions()
	// The calls of an entity's sessions hold neither its ARN nor its key:
	// those engines keep every file.
	if !opt.Entity.Kind.hasSessions() {
		eopt.Holding = Holding(opt.Entity)
	}
	lake := opt.LakeWindow()
	eopt.From, eopt.To = lake.Start, lake.End
	if opt.RawCSVDir != "" {
		eopt.AllowPaths = []string{opt.RawCSVDir}
	}
	e, err := engine.Open(ctx, eopt)
	if err != nil {
		return nil, err
	}
	inv.engine = e
	return inv, nil
}

// createEntityInstances creates entity_instances in e, the instances of
// an interface (interfaceInstancesIn) that the internal statements'
// CloudTrail predicate reads (apiPredicate), from the flows in the
// engine's window. As a subquery of the predicate, the flows were
// searched for them again for each CloudTrail table and for the lifetime:
// 'investigate eni' of the medium bench's exfiltrating host's interface
// took 11.5-12.2 s and 3.65 GB, its calls 4.6-5.4 s of it and the
// lifetime 3.1 s (2-core AMD EPYC of the README's benchmark tables). The
// investigation's engine reads them from the interface's flows
// (ensureShared) instead.
func createEntityInstances(ctx context.Context, e *engine.Engine, opt Options) error {
	if opt.Entity.Form != FormENI {
		return nil
	}
	st := Statement{Panel: "instances", Text: "CREATE TABLE entity_instances AS " + interfaceInstancesIn("vpcflow"), params: opt.params()}
	text, args, err := st.Bind()
	if err != nil {
		return err
	}
	if err := e.Exec(ctx, text, args...); err != nil {
		return fmt.Errorf("cannot find the instances of interface %s: %w", opt.Entity.Value, err)
	}
	return nil
}

// ensureShared creates the shared table name once, after the shared
// tables it reads (sharedInputs).
func (inv *Investigation) ensureShared(ctx context.Context, name string, panel Statement) error {
	if inv.created[name] {
		return nil
	}
	for _, input := range sharedInputs(name, inv.opt.Entity) {
		if err := inv.ensureShared(ctx, input, panel); err != nil {
			return err
		}
	}
	if err := inv.createShared(ctx, name, panel); err != nil {
		return err
	}
	inv.created[name] = true
	return nil
}

// sharedInputs are the shared tables the shared table name reads: an
// interface's calls read its instances, which are read from its flows.
func sharedInputs(name string, e Entity) []string {
	switch {
	case name == "entity_instances":
		return []string{"entity_flow_rows"}
	case name == "entity_calls" && e.Form == FormENI:
		return []string{"entity_instances"}
	}
	return nil
}

// engineOptions open DuckDB in its own dialect, which the hunts are
// written in; the panels' SQL reads the same in the Athena dialect.
func (o Options) engineOptions() engine.Options {
	return engine.Options{Lake: o.Lake, Now: o.Now, Dialect: engine.DialectDuckDB, Threads: o.Threads, MemoryLimit: o.MemoryLimit, TempDir: o.TempDir}
}

// scopeLifetime is the entity's lifetime, which Open makes the scope
// when none was given, found in an engine of its own over the whole lake:
// the investigation's engine is opened over the scope. An entity that
// appears nowhere is an error, which names the flow log records without
// traffic that it does appear in, if any (quietRecords).
func (inv *Investigation) scopeLifetime(ctx context.Context) (*Window, error) {
	e, err := engine.Open(ctx, inv.opt.engineOptions())
	if err != nil {
		return nil, err
	}
	defer e.Close()
	if err := createEntityInstances(ctx, e, inv.opt); err != nil {
		return nil, err
	}
	lifetime, err := lifetimeIn(ctx, e, inv.opt)
	if err != nil || lifetime != nil {
		return lifetime, err
	}
	quiet, err := quietRecords(ctx, e, inv.opt)
	if err != nil {
		return nil, err
	}
	entity := inv.opt.Entity
	return nil, fmt.Errorf("%s %s does not appear in the lake %s%s; give --from and --to to investigate a window anyway", entity.Kind, entity.Value, inv.opt.Lake, quiet)
}

// findLifetime runs the lifetime panel in the investigation's engine,
// for a scope that was given.
func (inv *Investigation) findLifetime(ctx context.Context) (*Window, error) {
	if inv.opt.Entity.Form == FormENI {
		if err := inv.ensureShared(ctx, "entity_instances", Statement{Panel: "lifetime", params: inv.opt.params()}); err != nil {
			return nil, err
		}
	}
	return lifetimeIn(ctx, inv.engine, inv.opt)
}

// lifetimeIn runs the lifetime panel over the whole lake in e, whose
// entity_instances an interface's statement reads; nil means the entity
// appears nowhere. Its statements read the lake's files themselves (see
// lifetimeSources), whatever e's window.
//
// When lakehunt wrote every file, so that a row's time lies in its file's
// day, the first appearance is in the earliest days whose files hold the
// entity and the last in the latest: it reads days from each end until it
// finds it, instead of every file that may hold the entity ('investigate
// principal' of the medium bench's user, the lifetime timed in a
// temporary build on the 2-core AMD EPYC of the README's benchmarks: over
// the 148 files 0.10-0.12 s, from each end 0.035-0.05 s).
func lifetimeIn(ctx context.Context, e *engine.Engine, opt Options) (*Window, error) {
	sources, err := lifetimeSources(e, opt.Entity)
	if err != nil {
		return nil, err
	}
	bounded, seen := true, map[string]bool{}
	var days []string
	for _, s := range sources {
		bounded = bounded && s.files.Bounded
		for _, d := range s.files.Days() {
			if !seen[d] {
				seen[d] = true
				days = append(days, d)
			}
		}
	}
	if !bounded {
		return lifetimeOver(ctx, e, opt, sources, nil)
	}
	slices.Sort(days)
	// From each end, windows of 1, 2, 4... days: an entity seen nowhere
	// costs a few statements, not one a day.
	var found *Window
	lo := 0
	for size := 1; lo < len(days) && found == nil; size *= 2 {
		hi := min(lo+size, len(days))
		if found, err = lifetimeOver(ctx, e, opt, sources, days[lo:hi]); err != nil {
			return nil, err
		}
		lo = hi
	}
	if found == nil {
		return nil, nil
	}
	end := len(days)
	for size := 1; end > lo; size *= 2 {
		from := max(end-size, lo)
		last, err := lifetimeOver(ctx, e, opt, sources, days[from:end])
		if err != nil {
			return nil, err
		}
		if last != nil {
			found.End = last.End
			break
		}
		end = from
	}
	return found, nil
}

// A lifetimeSource is a table's files that may hold the entity and the
// condition its rows of the entity meet.
type lifetimeSource struct {
	files *engine.LakeFiles
	cond  string
}

// lifetimeSources are the tables the lifetime reads: the CloudTrail
// tables, and the flows of an entity that has them.
func lifetimeSources(e *engine.Engine, entity Entity) ([]lifetimeSource, error) {
	holding := Holding(entity)
	add := func(sources []lifetimeSource, view, cond string) ([]lifetimeSource, error) {
		lf, err := e.LakeFiles(holding, view)
		if err != nil {
			return nil, err
		}
		return append(sources, lifetimeSource{files: lf, cond: fillPanel(cond, entity, false, true)}), nil
	}
	var sources []lifetimeSource
	var err error
	for _, t := range lake.CloudTrailAll.Tables {
		if sources, err = add(sources, t.View, "{api}"); err != nil {
			return nil, err
		}
	}
	if entity.Kind.hasFlows() {
		if sources, err = add(sources, lake.VPCFlow.View, lifetimeFlowCondition); err != nil {
			return nil, err
		}
	}
	return sources, nil
}

// lifetimeOver runs the lifetime panel over the files of sources of days
// (every day when nil): lifetimeSQL's rows, reading the row groups that
// may hold the entity and the columns the panel names.
func lifetimeOver(ctx context.Context, e *engine.Engine, opt Options, sources []lifetimeSource, days []string) (*Window, error) {
	holding := Holding(opt.Entity)
	var reads []string
	for _, s := range sources {
		read, err := e.LakeFilesSelect(holding, s.files, days, "time_dt", s.cond)
		if err != nil {
			return nil, err
		}
		if read != "" {
			reads = append(reads, read)
		}
	}
	if len(reads) == 0 {
		return nil, nil
	}
	var r Report
	st := Statement{Panel: "lifetime", Text: lifetimeOf(strings.Join(reads, "\nUNION ALL\n")), params: opt.params()}
	if err := runStatement(ctx, e, st, func(rows *result.Rows) error { return scanLifetime(rows, &r) }); err != nil {
		return nil, err
	}
	if r.Overview.LifetimeFirstSeen == nil {
		return nil, nil
	}
	return &Window{Start: *r.Overview.LifetimeFirstSeen, End: *r.Overview.LifetimeLastSeen}, nil
}

// quietRecords tells, for an entity that appears nowhere in the lake, of
// its flow log records that carry no traffic (NODATA, SKIPDATA), which
// name an interface but which no panel and no lifetime counts: a responder
// would otherwise take the interface for one the logs never saw.
func quietRecords(ctx context.Context, e *engine.Engine, opt Options) (string, error) {
	entity := opt.Entity
	if !entity.Kind.hasFlows() {
		return "", nil
	}
	read, err := e.LakeSelect(Holding(entity), lake.VPCFlow.View, "time_dt, status_code", fillPanel("{flow}", entity, false, true))
	if err != nil {
		return "", err
	}
	var (
		records     int64
		first, last sql.NullTime
		statuses    sql.NullString
	)
	st := Statement{Panel: "quiet records", params: opt.params(),
		Text: `SELECT count(*), min(time_dt), max(time_dt), string_agg(DISTINCT status_code, ' or ' ORDER BY status_code)
FROM (` + read + `) AS quiet
WHERE NOT (` + okFlows + `)`}
	err = runStatement(ctx, e, st, func(rows *result.Rows) error {
		return each(rows, func() error { return rows.Scan(&records, &first, &last, &statuses) })
	})
	if err != nil || records == 0 {
		return "", err
	}
	span := formatTime(first.Time)
	if !last.Time.Equal(first.Time) {
		span += " to " + formatTime(last.Time)
	}
	if records == 1 {
		return fmt.Sprintf(": its only flow log record (%s) is %s, which carries no traffic", span, statuses.String), nil
	}
	return fmt.Sprintf(": its %d flow log records (%s) are all %s, which carry no traffic", records, span, statuses.String), nil
}

// Scope is the window under investigation, worked out by Open when
// Options.Scope was zero.
func (inv *Investigation) Scope() Window { return inv.opt.Scope }

// Close releases DuckDB.
func (inv *Investigation) Close() error { return inv.engine.Close() }

// Statements returns the SQL of every panel that applies to the entity,
// in report order.
func Statements(opt Options) []Statement {
	planned := plan(opt)
	out := make([]Statement, len(planned))
	for i, p := range planned {
		out[i] = p.Statement
	}
	return out
}

// plannedPanel is a panel's statement for one investigation.
type plannedPanel struct {
	Statement
	scan func(*result.Rows, *Report) error
	// body is the panel's SQL without the CTEs of shared, tables of rows
	// several panels read (entity_flows; entity_calls, entity_sessions and
	// entity_session_calls, the last two computed from
	// entity_traced_calls), which Run computes once, in order.
	body   string
	shared []string
}

// sharedTables are the SQL of the tables panels share, by name.
var sharedTables = map[string]string{
	"entity_flow_rows": entityFlowRowsSelect,
	// The same rows as interfaceInstancesIn("vpcflow"): an interface's
	// engine reads its flows' window (LakeWindow is the baseline's start
	// to the scope's end).
	"entity_instances":     "\n    " + interfaceInstancesIn("entity_flow_rows"),
	"entity_flows":         entityFlowsSelect,
	"entity_sessions":      entitySessionsSelect,
	"entity_traced_calls":  tracedCallsSelect,
	"entity_calls":         ownCallsFromTraced,
	"entity_session_calls": sessionCallsFromTraced,
}

func plan(opt Options) []plannedPanel {
	params := opt.params()
	e := opt.Entity
	var out []plannedPanel
	for _, p := range panels {
		if (p.flows && !e.Kind.hasFlows()) || (p.chain && !e.Kind.hasSessions()) || (p.attachments && e.Kind != KindInstance) {
			continue
		}
		planned := plannedPanel{scan: p.scan}
		text := fill(p.sql, e)
		switch {
		case p.attachments:
			planned.body, planned.shared = fillPanel(p.sql, e, false, true), []string{"entity_flow_rows"}
		case p.flows:
			planned.body, planned.shared = text, []string{"entity_flow_rows", "entity_flows"}
			text = fill(entityFlows+p.sql, e)
		case p.chain:
			planned.body, planned.shared = fillPanel(p.sql, e, false, true), []string{"entity_sessions", "entity_traced_calls"}
		case p.calls && e.Kind.hasSessions():
			planned.body, planned.shared = fillPanel(p.sql, e, false, true), []string{"entity_sessions", "entity_traced_calls", "entity_calls"}
			if p.sessionCalls {
				planned.shared = append(planned.shared, "entity_session_calls")
			}
		case p.calls:
			planned.body, planned.shared = fillPanel(p.sql, e, false, true), []string{"entity_calls"}
			if e.Kind.hasFlows() {
				// The overview and newly observed panels read the flows too.
				planned.shared = append(planned.shared, "entity_flow_rows")
			}
		}
		planned.Statement = Statement{Panel: p.name, Title: p.title, Text: text, Lifetime: p.lifetime, params: params}
		out = append(out, planned)
	}
	return out
}

// params are the values a statement's $names take.
func (o Options) params() map[string]sqltext.Value {
	return map[string]sqltext.Value{
		"entity":         sqltext.Text(o.Entity.Value),
		"start":          sqltext.Timestamp(o.Scope.Start),
		"end":            sqltext.Timestamp(o.Scope.End),
		"baseline_start": sqltext.Timestamp(o.baselineWindow().Start),
		"bucket":         sqltext.Interval(bucketWidth(o.Scope)),
	}
}

// Run runs every panel and returns the report.
func (inv *Investigation) Run(ctx context.Context) (*Report, error) {
	opt := inv.opt
	r := newReport(opt)
	// The hunts run first, in an engine of their own: the investigation's
	// engine holds nothing yet, so the two never hold memory at once.
	if opt.Hunts != nil {
		if err := inv.keepFindings(ctx, r); err != nil {
			return nil, err
		}
	}
	for _, p := range plan(opt) {
		if p.Lifetime {
			if inv.lifetime == nil {
				lifetime, err := inv.findLifetime(ctx)
				if err != nil {
					return nil, err
				}
				inv.lifetime = lifetime
			}
			if inv.lifetime != nil {
				first, last := inv.lifetime.Start.UTC(), inv.lifetime.End.UTC()
				r.Overview.LifetimeFirstSeen, r.Overview.LifetimeLastSeen = &first, &last
			}
			continue
		}
		st := p.Statement
		if p.body != "" {
			for _, name := range p.shared {
				if err := inv.ensureShared(ctx, name, st); err != nil {
					return nil, err
				}
			}
			st.Text = p.body
		}
		if err := runStatement(ctx, inv.engine, st, func(rows *result.Rows) error { return p.scan(rows, r) }); err != nil {
			return nil, err
		}
	}
	if opt.GeoIP != nil {
		opt.GeoIP.annotate(r)
	}
	return r, nil
}

// createShared computes a CTE several panels share once, as a table of the
// same name: each of the four flow panels otherwise searched all the
// lake's flows for the entity again ('investigate ip --no-findings' of the
// medium bench's intruder: 33.3 s, 18.4 s with the table, the same report;
// scenario 6 of 'lakehunt bench --scale medium' times it), each of the
// seven panels that read a principal's or an access key's calls searched
// the window for them again (no bloom filter answers a suffix or a
// session), and each that read its sessions traced them again. Statements
// keep the CTEs, so --show-sql prints SQL that runs on its own.
func (inv *Investigation) createShared(ctx context.Context, name string, panel Statement) error {
	if name == "entity_calls" && !inv.opt.Entity.Kind.hasSessions() {
		// With no sessions to trace, the entity's calls are read on their
		// own (the seven panels of 'investigate ip' of the medium bench's
		// intruder each read its seven files again: 0.25 CPU-s).
		return inv.createTable(ctx, name, entityCallsSelect, panel)
	}
	if name == "entity_flow_rows" {
		e := inv.opt.Entity
		held, err := inv.engine.HoldingSelect("vpcflow", fillPanel(entityFlowRowsColumns, e, false, true), fillPanel(entityFlowRowsCondition, e, false, true))
		if err != nil {
			return fmt.Errorf("panel %s: %w", panel.Panel, err)
		}
		return inv.createFilledTable(ctx, name, "\n"+held, panel)
	}
	// The traced calls of an ARN or an access key, the forms whose
	// holding names the CloudTrail tables, are read by probing their
	// files; a name matched by suffix reads every file.
	if h := Holding(inv.opt.Entity); name == "entity_traced_calls" && h != nil && len(h.Columns[lake.CloudTrail.View]) > 0 {
		return inv.createTracedCalls(ctx, h, panel)
	}
	return inv.createTable(ctx, name, sharedTables[name], panel)
}

func (inv *Investigation) createTable(ctx context.Context, name, sqlText string, panel Statement) error {
	return inv.createFilledTable(ctx, name, fillPanel(sqlText, inv.opt.Entity, false, true), panel)
}

// createFilledTable is createTable of SQL whose placeholders are filled.
func (inv *Investigation) createFilledTable(ctx context.Context, name, sqlText string, panel Statement) error {
	create := Statement{Panel: panel.Panel, Text: "CREATE OR REPLACE TABLE " + name + " AS" + sqlText, params: panel.params}
	text, args, err := create.Bind()
	if err != nil {
		return err
	}
	if err := inv.engine.Exec(ctx, text, args...); err != nil {
		return fmt.Errorf("panel %s: %w", panel.Panel, err)
	}
	return nil
}

// viewNames fill the placeholders of the views some statements read:
// the views of the lake, or, internal, what the investigation reads
// instead, the same rows for less:
//   - the entity's flows from entity_flow_rows, its flows of the baseline
//     and the scope, which the overview, the newly observed and the flow
//     panels each searched the lake's flows for;
//   - the calls of the entity's sessions that the identity chain counts
//     from entity_traced_calls (see tracedCallsSelect).
//
// Statements name the lake's views, so that they run on their own.
func viewNames(internal bool) []string {
	if !internal {
		return []string{"{flow_rows}", "vpcflow", "{chain_calls}", "cloudtrail_all"}
	}
	return []string{"{flow_rows}", "entity_flow_rows",
		"{chain_calls}", "entity_traced_calls"}
}

// runStatement binds and runs one statement and hands its rows to scan.
func runStatement(ctx context.Context, e *engine.Engine, st Statement, scan func(*result.Rows) error) error {
	text, args, err := st.Bind()
	if err != nil {
		return err
	}
	rows, err := e.Query(ctx, text, args...)
	if err != nil {
		return fmt.Errorf("panel %s: %w", st.Panel, err)
	}
	defer rows.Close()
	if err := scan(rows); err != nil {
		return fmt.Errorf("panel %s: cannot read result: %w", st.Panel, err)
	}
	return nil
}

func newReport(opt Options) *Report {
	r := &Report{
		Kind:          opt.Entity.Kind,
		Value:         opt.Entity.Value,
		Form:          opt.Entity.Form,
		Scope:         Window{Start: opt.Scope.Start.UTC(), End: opt.Scope.End.UTC()},
		Baseline:      opt.baselineWindow(),
		BucketSeconds: int64(bucketWidth(opt.Scope) / time.Second),
		APITimeline:   []APIBucket{},
		Operations:    []Operation{},
		ErrorCodes:    []ErrorCode{},
	}
	r.Baseline = Window{Start: r.Baseline.Start.UTC(), End: r.Baseline.End.UTC()}
	r.Overview.Accounts, r.Overview.Regions = []string{}, []string{}
	for _, l := range []*RelatedList{&r.Related.SourceIPs, &r.Related.UserAgents, &r.Related.Principals, &r.Related.AccessKeys,
		&r.Related.RoleSessions, &r.Related.Resources, &r.Related.Regions, &r.Related.Accounts} {
		l.Values = []RelatedEntity{}
	}
	n := &r.NewlyObserved
	n.SourceIPs, n.UserAgents, n.Operations, n.Regions, n.FlowPeers = []NewValue{}, []NewValue{}, []NewValue{}, []NewValue{}, []NewValue{}
	r.ConsoleLogins.Logins = []ConsoleLogin{}
	if opt.Entity.Kind.hasSessions() {
		r.IdentityChain = &IdentityChain{Behind: []ChainedSession{}, Created: []ChainedSession{}}
	}
	if opt.Entity.Kind.hasFlows() {
		r.Flows = &Flows{Timeline: []FlowBucket{}, Peers: []FlowPeer{}, Ports: []FlowPort{}, Rejected: RejectedFlows{Flows: []RejectedRow{}}}
		if opt.Entity.Kind == KindInstance {
			r.Flows.Attachments = []FlowAttachment{}
		}
	}
	return r
}

// RawEventsStatement is the SQL of the --raw-csv export: the entity's
// CloudTrail events and flows in the scope window in one table, sorted by
// time, with key columns first and the whole OCSF record as JSON in the
// last column, record.
func RawEventsStatement(opt Options) Statement {
	return Statement{Panel: "raw_events", Title: "Raw events", Text: fill(rawEventsSQL, opt.Entity), params: opt.params()}
}

// WriteRawCSV writes the raw events (see RawEventsStatement) to path, whose
// directory must be Options.RawCSVDir, and returns how many rows it wrote;
// a failed export leaves no file. Text cells that a spreadsheet would run
// as a formula are defused.
func (inv *Investigation) WriteRawCSV(ctx context.Context, path string) (int64, error) {
	text, args, err := RawEventsStatement(inv.opt).Bind()
	if err != nil {
		return 0, err
	}
	var n int64
	err = output.WriteFile(path, func(f *os.File) error {
		n, err = inv.engine.CopyCSV(ctx, text, f.Name(), true, args...)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("cannot export raw events: %w", err)
	}
	return n, nil
}
