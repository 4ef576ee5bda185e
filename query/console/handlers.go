package console

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/svgchart"
	"github.com/lakehunt/lakehunt/query/workflow"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

var pages = svgchart.Define(template.Must(template.New("console").Funcs(template.FuncMap{
	"link":  entityLink,
	"ftime": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") },
	"add":   func(a, b int) int { return a + b },
	"join":  func(v []string) string { return strings.Join(v, ", ") },
	"card":  func(v view, inc incident.Incident) incidentCard { return incidentCard{View: v, Incident: inc} },
	"ent":   entityRef,
	"reverse": func(links []incident.Link) []incident.Link {
		out := slices.Clone(links)
		slices.Reverse(out)
		return out
	},
}).ParseFS(templateFiles, "templates/*.html")))

// pageSize is how many rows a page of a table shows.
const pageSize = 100

func (s *Server) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(staticFiles, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /{$}", s.viewPage(s.handleHome))
	m.HandleFunc("GET /dashboards/{id}", s.viewPage(s.handleDashboard))
	m.HandleFunc("GET /dashboards/{id}/{panel}/events", s.handleEvents)
	m.HandleFunc("GET /dashboards/{id}/{panel}/download", s.handlePanelDownload)
	m.HandleFunc("GET /query", s.viewPage(s.handleQueryPage))
	m.HandleFunc("GET /api/query", s.handleAPIQuery)
	m.HandleFunc("POST /api/query", s.handleAPIQuery)
	m.HandleFunc("GET /event/{uid}", s.viewPage(s.handleEvent))
	m.HandleFunc("GET /investigate/{kind}/{value...}", s.viewPage(s.handleInvestigate))
	m.HandleFunc("GET /incidents", s.viewPage(s.handleIncidents))
	m.HandleFunc("GET /incidents/{id}", s.viewPage(s.handleIncidents))
	s.mux = m
}

// page is what every page's template gets.
type page struct {
	Title      string
	View       view
	Presets    []string
	Dashboards []Dashboard
	Path       string
	Error      string
	Note       string
	Data       any
}

// fill sets what every page shows besides its own: the menu, the window
// picker's presets, the path the picker submits to.
func (p *page) fill(r *http.Request) {
	p.Presets, p.Dashboards, p.Path = presets, dashboards, r.URL.Path
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.fill(r)
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		http.Error(w, "lakehunt console: cannot draw the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// fail shows an error as a page with a message people can read.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, v view, err error) {
	status := http.StatusInternalServerError
	var sqlErr *engine.SQLError
	var reqErr *workflow.RequestError
	var userErr userError
	switch {
	case errors.As(err, &sqlErr), errors.As(err, &reqErr), errors.As(err, &userErr):
		status = http.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusGatewayTimeout
		err = fmt.Errorf("the request ran longer than %s and was stopped: narrow the window", s.opt.Timeout)
	}
	s.render(w, r, status, "error", page{Title: "Error", View: v, Error: err.Error()})
}

// userError is a bad request: a bad window, an unknown dashboard.
type userError struct{ error }

func (s *Server) ctx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.opt.Timeout)
}

// viewPage is the handler of a page over a view: h runs with the
// request's context, which ends after --timeout, and the view the URL
// asks for; a view the URL gets wrong is the user's error.
func (s *Server) viewPage(h func(ctx context.Context, w http.ResponseWriter, r *http.Request, v view)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := s.ctx(r)
		defer cancel()
		v, err := s.parseView(ctx, r)
		if err != nil {
			s.fail(w, r, v, userError{err})
			return
		}
		h(ctx, w, r, v)
	}
}

// open opens the engine over a view's window in DuckDB's dialect, locked
// down as 'lakehunt query' is.
func (s *Server) open(ctx context.Context, v view, dialect engine.Dialect) (*engine.Engine, error) {
	return workflow.Session{Lake: s.opt.Lake, From: v.From, To: v.To, Dialect: dialect, Engine: workflow.EngineSettings{Now: s.opt.Now, MemoryLimit: s.opt.MemoryLimit}}.Open(ctx)
}

func (s *Server) handleHome(ctx context.Context, w http.ResponseWriter, r *http.Request, v view) {
	s.render(w, r, http.StatusOK, "home", page{Title: "lakehunt console", View: v})
}

// drawnPanel is a panel with its result and chart.
type drawnPanel struct {
	View      view
	Dashboard *Dashboard
	Panel     *Panel
	Table     *table
	Chart     *svgchart.Chart
	Legend    []legendItem
	SQL       string // with the values written in, for the SQL page
	Error     string
	Note      string
	Seconds   float64 // how long the panel took
}

// handleDashboard streams the dashboard: the page's top with a progress
// bar, then each panel as its statement finishes, each followed by a
// tick the progress bar counts. A client that goes away cancels the
// panel running and those after it.
func (s *Server) handleDashboard(ctx context.Context, w http.ResponseWriter, r *http.Request, v view) {
	d, ok := dashboard(r.PathValue("id"))
	if !ok {
		s.fail(w, r, v, userError{fmt.Errorf("no dashboard %q", r.PathValue("id"))})
		return
	}
	eng, err := s.open(ctx, v, engine.DialectDuckDB)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	defer eng.Close()
	geo, closeGeo, err := s.geo()
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	defer closeGeo()
	n := len(d.Panels)
	st := s.stream(w, r)
	if !st.page("dashboard-top", page{Title: d.Title, View: v, Data: tick{Total: n, Unit: "panels"}}) {
		return
	}
	// The panels still running when the client goes are cancelled, and
	// waited for before the engine closes.
	ctx, cancel := context.WithCancel(ctx)
	drawn, wait := s.drawPanels(ctx, eng, v, d, geo)
	defer wait()
	defer cancel()
	start := time.Now()
	for i := range d.Panels {
		dp := <-drawn[i]
		if !st.template("panel", dp) || !st.template("tick", tick{Done: i + 1, Total: n, Unit: "panels", Label: dp.Panel.Title, Seconds: dp.Seconds}) {
			return
		}
	}
	st.template("tick", tick{Done: n, Total: n, Unit: "panels", Label: "done", Seconds: time.Since(start).Seconds()})
	st.page("dashboard-bottom", page{View: v})
}

// dashboardParallel is how many of a dashboard's scans and panels run at
// once. DuckDB's threads serve them all, so more would not use more cores;
// two let one statement's single-threaded parts (binding, opening files)
// overlap another's scan.
const dashboardParallel = 2

// drawPanels starts the dashboard's panels: each shared scan (scan.go)
// followed by its panels, and each other panel on its own, dashboardParallel
// at a time, in the order of their first panel. Each panel arrives on its
// channel; wait returns when all have.
func (s *Server) drawPanels(ctx context.Context, eng *engine.Engine, v view, d *Dashboard, geo *investigate.GeoIP) (drawn []chan drawnPanel, wait func()) {
	drawn = make([]chan drawnPanel, len(d.Panels))
	for i := range drawn {
		drawn[i] = make(chan drawnPanel, 1)
	}
	type unit struct {
		scan   *sharedScan
		panels []int
	}
	var units []unit
	scanned := map[int]bool{}
	scans := scanPlan(d)
	for k := range scans {
		for _, i := range scans[k].Panels {
			scanned[i] = true
		}
	}
	for i := range d.Panels {
		if !scanned[i] {
			units = append(units, unit{panels: []int{i}})
			continue
		}
		for k := range scans {
			if scans[k].Panels[0] == i {
				units = append(units, unit{scan: &scans[k], panels: scans[k].Panels})
			}
		}
	}
	slots := make(chan struct{}, dashboardParallel)
	var wg sync.WaitGroup
	wg.Add(len(units))
	// One goroutine starts the units in order, as slots free up, so that
	// the first panels of the page are the first drawn.
	go func() {
		for _, u := range units {
			slots <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				s.drawUnit(ctx, eng, v, d, u.scan, u.panels, geo, drawn)
			}()
		}
	}()
	return drawn, wg.Wait
}

// drawUnit fills the shared scan, if any, then draws the panels and sends
// each on its channel.
func (s *Server) drawUnit(ctx context.Context, eng *engine.Engine, v view, d *Dashboard, scan *sharedScan, panels []int, geo *investigate.GeoIP, drawn []chan drawnPanel) {
	began := time.Now()
	var scanErr error
	if scan != nil {
		scanErr = s.createScan(ctx, eng, v, d, scan)
	}
	for _, i := range panels {
		p := &d.Panels[i]
		var dp drawnPanel
		switch {
		case scanErr != nil:
			dp = drawnPanel{View: v, Dashboard: d, Panel: p, Error: s.panelError(ctx, scanErr)}
			dp.SQL, _ = literalSQL(p.SQL(), v)
		case scan != nil:
			dp = s.drawPanel(ctx, eng, v, d, p, bound(scan.over(d, i), v), geo)
		default:
			run := bound(p.SQL(), v)
			if text, args, ok, err := s.fromSummaries(v, p); err != nil {
				run.err = err
			} else if ok {
				run = boundStatement{text: text, args: args}
			}
			dp = s.drawPanel(ctx, eng, v, d, p, run, geo)
		}
		// From the unit's start: a panel of a shared scan waited for it.
		dp.Seconds = time.Since(began).Seconds()
		drawn[i] <- dp
	}
}

// createScan fills the shared scan's table.
func (s *Server) createScan(ctx context.Context, eng *engine.Engine, v view, d *Dashboard, sc *sharedScan) error {
	text, args, _, err := bind(sc.SQL(d), v)
	if err != nil {
		return err
	}
	s.running.Add(1)
	defer s.running.Add(-1)
	return eng.Exec(ctx, text, args...)
}

// panelError is what a panel shows for err.
func (s *Server) panelError(ctx context.Context, err error) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Sprintf("stopped: the dashboard ran longer than %s; narrow the window", s.opt.Timeout)
	}
	return err.Error()
}

// literalSQL is a panel statement with the view's values written in.
func literalSQL(sqlText string, v view) (string, error) {
	_, _, literal, err := bind(sqlText, v)
	return literal, err
}

// boundStatement is a statement to run, its arguments bound.
type boundStatement struct {
	text string
	args []any
	err  error
}

// bound binds the view to a panel statement.
func bound(sqlText string, v view) boundStatement {
	text, args, _, err := bind(sqlText, v)
	return boundStatement{text: text, args: args, err: err}
}

// drawPanel runs run in place of the panel's statement (the statement
// itself, the same over a shared scan, or over the flow summaries), and
// draws its chart; the page shows the panel's own statement.
func (s *Server) drawPanel(ctx context.Context, eng *engine.Engine, v view, d *Dashboard, p *Panel, run boundStatement, geo *investigate.GeoIP) drawnPanel {
	dp := drawnPanel{View: v, Dashboard: d, Panel: p}
	var err error
	if dp.SQL, err = literalSQL(p.SQL(), v); err != nil {
		dp.Error = err.Error()
		return dp
	}
	if run.err != nil {
		dp.Error = run.err.Error()
		return dp
	}
	if dp.Table, err = s.readTable(ctx, eng, run.text, run.args, 1000); err != nil {
		dp.Error = s.panelError(ctx, err)
		return dp
	}
	href := func(b bar) string { return barHref(d, p, v, b) }
	switch p.Chart {
	case chartTime:
		dp.Chart, dp.Legend = timeChart(p.Title, dp.Table, v.From, v.To, bucketFor(v.To.Sub(v.From)), href)
	case chartBar:
		dp.Chart = barChart(p.Title, dp.Table, href)
	case chartMap:
		byCountry := map[string]float64{}
		for _, row := range dp.Table.Rows {
			n, _ := strconv.ParseFloat(row[1], 64)
			byCountry[countryOf(geo, row[0])] += n
		}
		t := &table{Columns: []string{"country", "value"}}
		for c, n := range byCountry {
			t.Rows = append(t.Rows, []string{c, strconv.FormatFloat(n, 'f', -1, 64)})
		}
		sortRowsByValue(t.Rows)
		dp.Chart = barChart(p.Title, t, href)
	}
	return dp
}

// bind turns a panel statement into ? placeholders and values, and into
// the same statement with the values written in, for people and the SQL
// page.
func bind(sqlText string, v view) (text string, args []any, literal string, err error) {
	return bindParams(sqlText, v.params())
}

func bindParams(sqlText string, params map[string]sqltext.Value) (text string, args []any, literal string, err error) {
	tmpl, err := sqltext.ParseTemplate(sqlText)
	if err != nil {
		return "", nil, "", err
	}
	if text, args, err = tmpl.Bind(params); err != nil {
		return "", nil, "", err
	}
	literal, err = tmpl.Literal(params)
	return text, args, literal, err
}

func (s *Server) panelOf(w http.ResponseWriter, r *http.Request) (context.Context, context.CancelFunc, view, *Dashboard, *Panel, bool) {
	ctx, cancel := s.ctx(r)
	v, err := s.parseView(ctx, r)
	if err != nil {
		s.fail(w, r, v, userError{err})
		return ctx, cancel, v, nil, nil, false
	}
	d, ok := dashboard(r.PathValue("id"))
	if !ok {
		s.fail(w, r, v, userError{fmt.Errorf("no dashboard %q", r.PathValue("id"))})
		return ctx, cancel, v, nil, nil, false
	}
	p, ok := d.panel(r.PathValue("panel"))
	if !ok {
		s.fail(w, r, v, userError{fmt.Errorf("no panel %q in dashboard %s", r.PathValue("panel"), d.ID)})
		return ctx, cancel, v, nil, nil, false
	}
	return ctx, cancel, v, d, p, true
}

// eventsPage is a drill-down: a page of the events behind a panel, or
// behind one bar of its chart.
type eventsPage struct {
	Dashboard *Dashboard
	Panel     *Panel
	Bar       string       // the bar, for people; "" for the whole panel
	Query     template.URL // the view and the bar, for the download links
	Table     *table
	SQL       string
	Page      int
	Prev      template.URL
	Next      template.URL
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	ctx, cancel, v, d, p, ok := s.panelOf(w, r)
	defer cancel()
	if !ok {
		return
	}
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 0)
	b := barOf(r)
	text, args, literal, err := s.eventsStatement(ctx, v, p, b)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	eng, err := s.open(ctx, v, engine.DialectDuckDB)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	defer eng.Close()
	pageText := "SELECT * FROM (" + text + ") LIMIT " + strconv.Itoa(pageSize+1) + " OFFSET " + strconv.Itoa(pageNo*pageSize)
	t, err := s.readTable(ctx, eng, pageText, args, pageSize+1)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	query := barQuery(v, b)
	ep := eventsPage{Dashboard: d, Panel: p, Bar: b.describe(p), Query: template.URL(query), Table: t, SQL: literal, Page: pageNo}
	withPage := func(n int) template.URL {
		q, _ := url.ParseQuery(query)
		q.Set("page", strconv.Itoa(n))
		return template.URL(q.Encode())
	}
	if len(t.Rows) > pageSize {
		t.Rows = t.Rows[:pageSize]
		ep.Next = withPage(pageNo + 1)
	}
	if pageNo > 0 {
		ep.Prev = withPage(pageNo - 1)
	}
	title := p.Title + ": events"
	if ep.Bar != "" {
		title += " of " + ep.Bar
	}
	s.render(w, r, http.StatusOK, "events", page{Title: title, View: v, Data: ep})
}

// handlePanelDownload writes the panel's result (what=panel) or its events
// (what=events, of one bar with bar= and series=) as CSV (or another
// format=), as 'lakehunt query' would.
func (s *Server) handlePanelDownload(w http.ResponseWriter, r *http.Request) {
	ctx, cancel, v, d, p, ok := s.panelOf(w, r)
	defer cancel()
	if !ok {
		return
	}
	var text string
	var args []any
	var err error
	if r.URL.Query().Get("what") == "events" {
		text, args, _, err = s.eventsStatement(ctx, v, p, barOf(r))
	} else {
		text, args, _, err = bind(p.SQL(), v)
	}
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	s.download(ctx, w, r, v, engine.DialectDuckDB, text, args, d.ID+"-"+p.ID)
}

// sortRowsByValue orders label/value rows by value, largest first.
func sortRowsByValue(rows [][]string) {
	value := func(r []string) float64 { f, _ := strconv.ParseFloat(r[1], 64); return f }
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && (value(rows[j]) > value(rows[j-1]) || value(rows[j]) == value(rows[j-1]) && rows[j][0] < rows[j-1][0]); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// entityAnchor is a value with the link to its entity page, if it has one.
type entityAnchor struct{ Href, Text string }

// entityRef is the value of a column with the link to its entity page
// over the view's window.
func entityRef(v view, column, value string) entityAnchor {
	if href := entityLink(column, value); href != "" {
		return entityAnchor{Href: href + "?" + string(v.Query()), Text: value}
	}
	return entityAnchor{Text: value}
}

// entityLink is the entity page of a cell, by its column's name, or "".
func entityLink(column, value string) string {
	if value == "" {
		return ""
	}
	var kind string
	switch column {
	case "src_ip", "dst_ip", "ip", "src_ips":
		if _, err := netip.ParseAddr(value); err != nil {
			return ""
		}
		kind = "ip"
	case "principal", "actor", "user", "principals":
		kind = "principal"
	case "access_key", "access_keys":
		kind = "access-key"
	case "instance", "instances":
		if !strings.HasPrefix(value, "i-") {
			return ""
		}
		kind = "instance"
	case "account", "accounts":
		kind = "account"
	default:
		return ""
	}
	return "/investigate/" + kind + "/" + url.PathEscape(value)
}
