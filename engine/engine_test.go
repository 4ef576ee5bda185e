package engine

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/golden"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// TestAthenaExamples runs the published Security Lake queries kept in
// testdata/athena unchanged: their translation is golden, and their answer
// must match the same question asked in plain DuckDB.
func TestAthenaExamples(t *testing.T) {
	athena := openSmallLake(t, Options{})
	duck := openSmallLake(t, Options{Lake: athena.opt.Lake, Dialect: DialectDuckDB})
	f := func(name, duckSQL string, sorted bool) {
		t.Helper()
		src, err := os.ReadFile(filepath.Join("testdata", "athena", name+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		translated, err := athena.Translate(string(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		golden.Check(t, filepath.Join("testdata", "athena", name+".duckdb.golden"), []byte(translated))
		got := queryStrings(t, athena, string(src))
		expected := queryStrings(t, duck, duckSQL)
		if sorted {
			slices.Sort(got)
			slices.Sort(expected)
		}
		if len(expected) == 0 || !reflect.DeepEqual(got, expected) {
			t.Errorf("%s:\nathena %q\nduckdb %q", name, got, expected)
		}
	}
	f("unauthorized_attempts", `SELECT time_dt, api.service.name, api.operation, api.response.error, api.response.message, api.response.data,
		cloud.region, actor.user.uid, src_endpoint.ip, http_request.user_agent
		FROM cloudtrail
		WHERE time_dt >= TIMESTAMPTZ '2024-03-03 12:00:00+00' AND time_dt <= TIMESTAMPTZ '2024-03-10 12:00:00+00'
		AND api.response.error IN ('Client.UnauthorizedOperation', 'Client.InvalidPermission.NotFound', 'Client.OperationNotPermitted', 'AccessDenied')
		ORDER BY time DESC LIMIT 25`, false)
	f("vpc_traffic_from_prefix", `SELECT * FROM vpcflow
		WHERE time_dt >= TIMESTAMPTZ '2024-03-03 12:00:00+00' AND time_dt <= TIMESTAMPTZ '2024-03-10 12:00:00+00'
		AND src_endpoint.ip LIKE '198.51.%'`, true)
	f("certificate_operations", `WITH b AS (
		SELECT accountid, region, CAST(to_timestamp(time // 1000) AS DATE) AS event_date, api.service.name AS service_name, api.operation AS operation_type
		FROM cloudtrail
		WHERE (api.service.name = 'acm-pca.amazonaws.com'
			AND api.operation IN ('IssueCertificate', 'RevokeCertificate', 'CreateCertificateAuthority', 'UpdateCertificateAuthority', 'DeleteCertificateAuthority'))
		OR (api.service.name = 'acm.amazonaws.com' AND api.operation IN ('RequestCertificate', 'DeleteCertificate')
			AND to_timestamp(time // 1000) >= DATE '2024-03-10' - INTERVAL 30 DAY))
		SELECT accountid, region, service_name, event_date, operation_type, count(*) AS event_count
		FROM b GROUP BY ALL ORDER BY event_date DESC, accountid, region`, false)
}

// describeView lists a view's columns and types.
func describeView(t *testing.T, e *Engine, view string) []string {
	t.Helper()
	return queryStrings(t, e, "SELECT column_name, column_type FROM (DESCRIBE "+view+")")
}

// TestEmptyLake checks that an empty lake, or a window with no data, gives
// views of the same schema as a full lake, with no rows.
func TestEmptyLake(t *testing.T) {
	full := openSmallLake(t, Options{})
	empty := openSmallLake(t, Options{Lake: t.TempDir()})
	before := openSmallLake(t, Options{Lake: full.opt.Lake, To: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
	for _, view := range []string{"cloudtrail", "s3_data", "lambda_execution", "cloudtrail_all", "vpcflow"} {
		want := describeView(t, full, view)
		if !slices.Contains(want, "accountid | VARCHAR") || !slices.Contains(want, "eventday | VARCHAR") || !slices.Contains(want, "region | VARCHAR") {
			t.Errorf("%s: partition columns missing: %q", view, want)
		}
		for name, e := range map[string]*Engine{"empty lake": empty, "empty window": before} {
			if got := describeView(t, e, view); !reflect.DeepEqual(got, want) {
				t.Errorf("%s of %s:\n%q\nwant\n%q", view, name, got, want)
			}
		}
	}
	got := queryStrings(t, empty, `SELECT count(*), max(api.operation), max(accountid) FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0`)
	if !reflect.DeepEqual(got, []string{"0 | NULL | NULL"}) {
		t.Errorf("empty lake: %q", got)
	}
	if got := queryStrings(t, before, `SELECT * FROM vpcflow`); len(got) != 0 {
		t.Errorf("empty window: %q", got)
	}
	missing := filepath.Join(t.TempDir(), "no-such-lake")
	if _, err := Open(t.Context(), Options{Lake: missing}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("a lake that does not exist: %v", err)
	}
}

// TestWindow checks that From is inclusive and To exclusive, to the
// millisecond, and that partial days are cut inside the files.
func TestWindow(t *testing.T) {
	all := openSmallLake(t, Options{})
	from := time.Date(2024, 3, 4, 23, 17, 23, 456e6, time.UTC)
	to := time.Date(2024, 3, 7, 2, 17, 23, 456e6, time.UTC)
	window := openSmallLake(t, Options{Lake: all.opt.Lake, From: from, To: to})
	got := queryStrings(t, window, `SELECT metadata.uid FROM cloudtrail ORDER BY 1`)
	want := queryStrings(t, all, `SELECT metadata.uid FROM cloudtrail WHERE time_dt >= ? AND time_dt < ? ORDER BY 1`, from, to)
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(got, []string{"event-01", "event-02", "event-03"}) {
		t.Fatalf("window [%v, %v): %q, want %q", from, to, got, want)
	}
	if _, err := Open(t.Context(), Options{Lake: all.opt.Lake, From: to, To: from}); err == nil {
		t.Fatal("Open accepted a window that ends before it starts")
	}
}

// writeMonthLake writes 30 days of CloudTrail, one file per day, four
// rows per file at 00, 06, 12 and 18 h, one row per row group. Like the
// lake writer, it reuses one parquet-go writer, whose files after a Reset
// lack path_in_schema: Stats must not depend on it.
func writeMonthLake(t *testing.T) string {
	root := t.TempDir()
	w := parquet.NewGenericWriter[ocsf.CloudTrailEvent](io.Discard, parquet.MaxRowsPerRowGroup(1))
	for d := range 30 {
		day := time.Date(2024, 4, 1+d, 0, 0, 0, 0, time.UTC)
		var rows []ocsf.CloudTrailEvent
		for h := 0; h < 24; h += 6 {
			ms := day.Add(time.Duration(h) * time.Hour).UnixMilli()
			rows = append(rows, ocsf.CloudTrailEvent{Time: ms, TimeDt: ms, API: ocsf.API{Operation: "ListBuckets"}, Metadata: ocsf.Metadata{Profiles: []string{"cloud"}}})
		}
		p, err := lake.NewPartition("us-east-1", "111122223333", day)
		if err != nil {
			t.Fatal(err)
		}
		dir := p.Dir(root, lake.CloudTrail)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(dir, "day"+lake.DataFileSuffix))
		if err != nil {
			t.Fatal(err)
		}
		w.Reset(f)
		if _, err := w.Write(rows); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestWindowPruning checks that a window prunes files before DuckDB sees
// them and hands DuckDB a time_dt filter it applies to row groups.
func TestWindowPruning(t *testing.T) {
	root := writeMonthLake(t)
	day := func(d, h int) time.Time { return time.Date(2024, 4, d, h, 0, 0, 0, time.UTC) }
	f := func(name string, from, to time.Time, query string, wantRows string, want ScanStats) {
		t.Helper()
		e := openSmallLake(t, Options{Lake: root, From: from, To: to})
		st, err := e.Stats(t.Context(), query)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if st != want {
			t.Errorf("%s: %v, want %v", name, st, want)
		}
		if got := queryStrings(t, e, query); !reflect.DeepEqual(got, []string{wantRows}) {
			t.Errorf("%s: %s = %q, want %s", name, query, got, wantRows)
		}
	}
	count := `SELECT count(*) FROM cloudtrail`
	f("one day", day(10, 0), day(11, 0), count, "4", ScanStats{Files: 1, FilesTotal: 30, RowGroups: 4, RowGroupsTotal: 120})
	f("six hours", day(10, 6), day(10, 12), count, "1", ScanStats{Files: 1, FilesTotal: 30, RowGroups: 1, RowGroupsTotal: 120})
	f("across midnight", day(10, 18), day(11, 1), count, "2", ScanStats{Files: 2, FilesTotal: 30, RowGroups: 2, RowGroupsTotal: 120})
	f("no window", time.Time{}, time.Time{}, count, "120", ScanStats{Files: 30, FilesTotal: 30, RowGroups: 120, RowGroupsTotal: 120})
	f("Glue name", day(1, 0), day(3, 0), `SELECT count(*) FROM "amazon_security_lake_glue_db_eu_west_1"."amazon_security_lake_table_eu_west_1_cloud_trail_mgmt_2_0"`,
		"8", ScanStats{Files: 2, FilesTotal: 30, RowGroups: 8, RowGroupsTotal: 120})
	f("other table", day(10, 0), day(11, 0), `SELECT count(*) FROM vpcflow`, "0", ScanStats{})

	// The view's time predicate reaches the Parquet scan, where DuckDB
	// compares it with each row group's time_dt min/max.
	e := openSmallLake(t, Options{Lake: root, From: day(10, 6), To: day(10, 12)})
	filters := scanFilters(explain(t, e, `SELECT api.operation FROM cloudtrail`))
	if !strings.Contains(filters, "time_dt>='2024-04-10 06:00:00+00'") || !strings.Contains(filters, "time_dt<'2024-04-10 12:00:00+00'") {
		t.Fatalf("the Parquet scan does not filter on the window: %q", filters)
	}
}

type planNode struct {
	Name      string         `json:"name"`
	ExtraInfo map[string]any `json:"extra_info"`
	Children  []planNode     `json:"children"`
}

// explain returns the physical plan of a query.
func explain(t *testing.T, e *Engine, q string) []planNode {
	t.Helper()
	plan := queryStrings(t, e, `EXPLAIN (FORMAT JSON) `+q)
	if len(plan) != 1 {
		t.Fatalf("EXPLAIN: %q", plan)
	}
	var nodes []planNode
	if err := json.Unmarshal([]byte(strings.SplitN(plan[0], " | ", 2)[1]), &nodes); err != nil {
		t.Fatal(err)
	}
	return nodes
}

// scanFilters collects the filters of the plan's Parquet scans.
func scanFilters(nodes []planNode) string {
	var out []string
	for _, n := range nodes {
		if n.Name == "READ_PARQUET" {
			out = append(out, fmtAny(n.ExtraInfo["Filters"]))
		}
		out = append(out, scanFilters(n.Children))
	}
	return strings.Join(out, " ")
}

func fmtAny(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestLockDown checks that SQL cannot reach files outside the lake, load
// extensions or change the configuration.
func TestLockDown(t *testing.T) {
	out := t.TempDir()
	e := openSmallLake(t, Options{AllowPaths: []string{out}})
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctDir := lake.CloudTrail.Dir(e.opt.Lake)
	f := func(sqlText, wantErr string) {
		t.Helper()
		err := e.Exec(t.Context(), sqlText)
		if wantErr == "" && err != nil {
			t.Errorf("%s: %v", sqlText, err)
		}
		if wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("%s: error %v, want one mentioning %q", sqlText, err, wantErr)
		}
	}
	f(`SELECT * FROM read_csv('`+filepath.Join(outside, "secret.csv")+`')`, "Permission Error")
	f(`COPY (SELECT 1) TO '`+filepath.Join(outside, "x.csv")+`'`, "Permission Error")
	f(`ATTACH '`+filepath.Join(outside, "x.db")+`'`, "Permission Error")
	f(`SET enable_external_access = true`, "locked")
	f(`SET TimeZone = 'America/New_York'`, "locked")
	f(`LOAD inet`, "Permission Error")
	f(`INSTALL httpfs`, "Permission Error")
	f(`SELECT count(*) FROM read_parquet('`+ctDir+`/*/*/*/*.parquet')`, "")
	f(`COPY (SELECT 1) TO '`+filepath.Join(out, "x.csv")+`'`, "")
}

// TestSettingsOnEveryConnection checks that settings reach connections the
// pool opens later (a query holds its connection until its rows close).
func TestSettingsOnEveryConnection(t *testing.T) {
	e := openSmallLake(t, Options{Threads: 1, MemoryLimit: "512MB"})
	var open []*result.Rows
	for range 3 {
		rows, err := e.Query(t.Context(), `SELECT current_setting('TimeZone'), 7 / 2, current_setting('threads'),
			current_setting('autoinstall_known_extensions'), current_setting('memory_limit'),
			current_setting('validate_external_file_cache')`)
		if err != nil {
			t.Fatal(err)
		}
		open = append(open, rows)
	}
	for _, rows := range open {
		// memory_limit: half of 512MB (outsidePoolFloor).
		if got := renderRows(t, rows); !reflect.DeepEqual(got, []string{"UTC | 3 | 1 | false | 244.1 MiB | NO_VALIDATION"}) {
			t.Fatalf("connection settings: %q", got)
		}
	}
}
