package workflow

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/testlake"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/output"
)

// sampleDay is the day of the quickstart samples' incident.
var sampleDay = hunt.Window{Start: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)}

func TestMain(m *testing.M) { testlake.Main(m) }

func wantRequestError(t *testing.T, err error, want string) {
	t.Helper()
	var re *RequestError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want a RequestError with %q", err, want)
	}
}

func TestRunHunts(t *testing.T) {
	lakeDir := testlake.Samples(t)
	ctx := context.Background()
	req := HuntRequest{Lake: lakeDir, Engine: EngineSettings{Now: sampleDay.End}, Window: sampleDay, Parallel: 2,
		IDs: []string{"vpc_port_scan_vertical", "cloudtrail_logging_stopped"}, Params: map[string]string{"vpc_port_scan_vertical.min_ports": "5"}}
	res, err := RunHunts(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	report := res.Report
	if res.Incidents != nil {
		t.Errorf("%d incidents from a run that asked for none", len(res.Incidents))
	}
	found := map[string]int{}
	for _, f := range report.Findings {
		found[f.HuntID]++
	}
	if len(report.Summaries) != 2 || report.Failed() != 0 || found["cloudtrail_logging_stopped"] == 0 || found["vpc_port_scan_vertical"] == 0 {
		t.Fatalf("%d hunts, %d failed, findings %v; want both hunts to find the samples' incident", len(report.Summaries), report.Failed(), found)
	}
	if !report.Window.Start.Equal(sampleDay.Start) {
		t.Errorf("report window %v, want %v", report.Window, sampleDay)
	}

	// Grouped, every finding names an incident that holds it.
	grouped := req
	grouped.Incidents = &incident.Options{}
	if res, err = RunHunts(ctx, grouped); err != nil {
		t.Fatal(err)
	}
	holds := map[string]int{}
	for _, inc := range res.Incidents {
		holds[inc.ID] += len(inc.Findings)
	}
	if len(res.Incidents) == 0 || len(res.Report.Findings) != len(report.Findings) {
		t.Fatalf("%d incidents of %d findings, want the %d findings grouped", len(res.Incidents), len(res.Report.Findings), len(report.Findings))
	}
	for _, f := range res.Report.Findings {
		if holds[f.IncidentID] == 0 {
			t.Errorf("finding %s at %s names incident %q, which is not among the incidents", f.HuntID, f.FirstTime, f.IncidentID)
		}
	}

	f := func(change func(*HuntRequest), want string) {
		t.Helper()
		r := req
		change(&r)
		_, err := RunHunts(ctx, r)
		wantRequestError(t, err, want)
	}
	f(func(r *HuntRequest) { r.IDs = []string{"no_such_hunt"} }, "unknown hunt no_such_hunt")
	f(func(r *HuntRequest) { r.Filter = hunt.Filter{Tags: []string{"no-such-tag"}} }, "no hunt matches")
	f(func(r *HuntRequest) { r.Params = map[string]string{"min_ports": "many"} }, "min_ports")
	f(func(r *HuntRequest) { r.Params = map[string]string{"no_param": "1"} }, "no selected hunt has this parameter")
	f(func(r *HuntRequest) { r.Window.End = r.Window.Start }, "empty window")
	if _, err := RunHunts(ctx, HuntRequest{Lake: lakeDir, Window: sampleDay, HuntDirs: []string{filepath.Join(t.TempDir(), "absent")}}); err == nil {
		t.Error("a missing hunts directory ran")
	}
}

func TestQuery(t *testing.T) {
	lakeDir := testlake.Samples(t)
	ctx := context.Background()
	var out bytes.Buffer
	var translated []string
	var results []StatementResult
	err := Query(ctx, QueryRequest{
		Session: Session{Lake: lakeDir, From: sampleDay.Start, To: sampleDay.End},
		SQL: `SELECT count(*) AS n FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0;
			SELECT cardinality(ARRAY[1, 2]) AS c, '=cmd' AS cell`,
		Out:     &out,
		Output:  output.Options{Format: output.CSV, CSVFormulaGuard: true},
		ShowSQL: true, Stats: true,
		BeforeStatement: func(i int, sql string) { translated = append(translated, sql) },
		AfterStatement:  func(i int, r StatementResult) { results = append(results, r) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "n\n112\nc,cell\n2,'=cmd\n" {
		t.Errorf("results:\n%s", got)
	}
	if len(translated) != 2 || !strings.Contains(translated[0], "FROM cloudtrail") || strings.Contains(translated[1], "cardinality") {
		t.Errorf("translations %q, want the view and the Trino function rewritten", translated)
	}
	if len(results) != 2 || results[0].Rows != 1 || results[0].Stats == nil || results[0].Stats.Files == 0 {
		t.Errorf("results %+v, want a row and scan statistics each", results)
	}

	// A cap ends the result and says that more were left.
	capped := func(maxRows int) (string, StatementResult) {
		var buf bytes.Buffer
		var r StatementResult
		err := Query(ctx, QueryRequest{Session: Session{Lake: lakeDir}, SQL: "SELECT action FROM vpcflow ORDER BY time LIMIT 3", Out: &buf,
			Output: output.Options{Format: output.CSV}, MaxRows: maxRows, AfterStatement: func(_ int, sr StatementResult) { r = sr }})
		if err != nil {
			t.Fatal(err)
		}
		return buf.String(), r
	}
	if text, r := capped(2); strings.Count(text, "\n") != 3 || r.Rows != 2 || !r.Truncated {
		t.Errorf("capped at 2 of 3 rows: %+v\n%s", r, text)
	}
	if text, r := capped(3); strings.Count(text, "\n") != 4 || r.Rows != 3 || r.Truncated {
		t.Errorf("capped at 3 of 3 rows: %+v\n%s", r, text)
	}

	dir := t.TempDir()
	csvFile, jsonFile := filepath.Join(dir, "n.csv"), filepath.Join(dir, "n.json")
	for file, rowMark := range map[string]string{csvFile: "\n", jsonFile: `"action"`} {
		format, _ := output.ParseFormat("", file)
		var rows int64
		err := Query(ctx, QueryRequest{Session: Session{Lake: lakeDir}, SQL: "SELECT action FROM vpcflow", OutputFile: file,
			Output: output.Options{Format: format}, AfterStatement: func(_ int, r StatementResult) { rows = r.Rows }})
		data, readErr := os.ReadFile(file)
		if err != nil || readErr != nil || rows != 48 || strings.Count(strings.TrimPrefix(string(data), "action\n"), rowMark) != 48 {
			t.Errorf("%s: %v, %v, %d rows:\n%.200s", file, err, readErr, rows, data)
		}
	}
	failed := filepath.Join(dir, "failed.json")
	if err := Query(ctx, QueryRequest{Session: Session{Lake: lakeDir}, SQL: "SELECT no_such_column FROM vpcflow", OutputFile: failed,
		Output: output.Options{Format: output.JSON}}); err == nil {
		t.Error("a query of an absent column ran")
	}
	if _, err := os.Stat(failed); !os.IsNotExist(err) {
		t.Errorf("a failed query left its output file: %v", err)
	}
	err = Query(ctx, QueryRequest{Session: Session{Lake: lakeDir}, SQL: "SELECT 1; SELECT 2", OutputFile: filepath.Join(dir, "two.csv")})
	wantRequestError(t, err, "2 statements")
	wantRequestError(t, Query(ctx, QueryRequest{Session: Session{Lake: lakeDir}}), "no statement")
	err = Query(ctx, QueryRequest{Session: Session{Lake: lakeDir}, SQL: "SELECT 1 AS a; SELEC 2", Out: &out})
	if err == nil || !strings.Contains(err.Error(), "statement 2 of 2") {
		t.Errorf("a failing second statement: %v", err)
	}
}

// TestSessionOpen checks the window and the pinned clock reach the engine.
func TestSessionOpen(t *testing.T) {
	ctx := context.Background()
	eng, err := Session{Lake: testlake.Samples(t), From: sampleDay.End, Dialect: engine.DialectDuckDB, Engine: EngineSettings{Now: sampleDay.End, Threads: 1}}.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	var n int64
	var now time.Time
	rows, err := eng.Query(ctx, "SELECT count(*), now() FROM cloudtrail")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() || rows.Scan(&n, &now) != nil || n != 0 || !now.Equal(sampleDay.End) {
		t.Errorf("after the samples' day: %d events at %v, want none at %v", n, now, sampleDay.End)
	}
}

func TestInvestigate(t *testing.T) {
	lakeDir := testlake.Samples(t)
	ctx := context.Background()
	entity, err := investigate.NewEntity(investigate.KindAccessKey, "AKIAEXAMPLEALICE0001")
	if err != nil {
		t.Fatal(err)
	}
	rawCSV := filepath.Join(t.TempDir(), "raw.csv")
	announced := 0
	req := InvestigateRequest{Lake: lakeDir, Engine: EngineSettings{Now: sampleDay.End}, Entity: entity, Scope: investigate.Window(sampleDay),
		Baseline: 24 * time.Hour, Findings: true, RawCSV: rawCSV, BeforeHunts: func(n int) { announced = n }}
	res, err := Investigate(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.Overview.APIEvents == 0 || r.Findings == nil || len(r.Findings.Findings) == 0 || len(r.Findings.HuntErrors) != 0 {
		t.Fatalf("report: %d API events, findings %+v; want the key's calls and the findings naming it", r.Overview.APIEvents, r.Findings)
	}
	if announced < 100 || r.Findings.HuntsRun == 0 || r.Findings.HuntsRun > announced {
		t.Errorf("announced %d hunts, ran %d", announced, r.Findings.HuntsRun)
	}
	data, err := os.ReadFile(rawCSV)
	if err != nil || res.RawCSV != rawCSV || res.RawEvents != r.Overview.APIEvents || strings.Count(string(data), "AKIAEXAMPLEALICE0001") == 0 {
		t.Errorf("raw events: %v, %s holds %d rows for %d API events", err, res.RawCSV, res.RawEvents, r.Overview.APIEvents)
	}

	var sql bytes.Buffer
	req.Scope = investigate.Window{} // worked out from the lake
	if err := InvestigationSQL(ctx, req, &sql); err != nil {
		t.Fatal(err)
	}
	text := sql.String()
	if !strings.Contains(text, "-- panel overview") || !strings.Contains(text, "-- panel identity_chain") || !strings.Contains(text, "'AKIAEXAMPLEALICE0001'") ||
		!strings.Contains(text, "--from 2024-03-05T00:00:00Z --to 2024-03-06T00:00:00Z") {
		t.Errorf("SQL of the panels:\n%.2000s", text)
	}
}
