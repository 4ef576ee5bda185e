package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// flowDerivedColumns are the columns lake.VPCFlow's Derived computes.
var flowDerivedColumns = []string{"observables", "start_time", "end_time", "status", "status_id", "disposition_id"}

// ingestFlows ingests flow log files into a new lake and opens it.
func ingestFlows(t *testing.T, files ...string) (string, *Engine) {
	t.Helper()
	root := t.TempDir()
	req := ingest.Request{Lake: root, Kind: source.VPCFlow, Flows: ingest.FlowConfig{Region: "eu-west-1", AccountID: "999988887777"}}
	if sum, err := ingest.Paths(context.Background(), req, files, nil); err != nil || sum.Rejected > 0 {
		t.Fatalf("ingest %v: %+v %v", files, sum, err)
	}
	return root, openSmallLake(t, Options{Lake: root, Dialect: DialectDuckDB})
}

// sortedJSON rewrites each JSON value with sorted keys, and sorts them.
func sortedJSON(t *testing.T, raws []string) []string {
	t.Helper()
	out := make([]string, len(raws))
	for i, raw := range raws {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		sorted, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(sorted)
	}
	slices.Sort(out)
	return out
}

// flowObservables ingests flow log files into a new lake and returns the
// observables the vpcflow view gives each flow, as JSON with sorted keys
// ("null" for none), sorted.
func flowObservables(t *testing.T, files ...string) []string {
	t.Helper()
	_, e := ingestFlows(t, files...)
	return sortedJSON(t, queryStrings(t, e, `SELECT coalesce(to_json(observables)::VARCHAR, 'null') FROM vpcflow`))
}

// flowTestLogs are the flow mapping's test logs (but logformat).
func flowTestLogs() []string {
	dir := filepath.Join("..", "storage", "ocsf", "testdata", "vpcflow")
	var logs []string
	for _, name := range []string{"v2-default", "v5-all-fields", "ecs", "v8-reject-reason", "custom-header", "ingress-accept",
		"ingress-reject", "egress-accept", "egress-reject", "nodata", "skipdata", "icmp", "ipv6"} {
		logs = append(logs, filepath.Join(dir, name+".log"))
	}
	return logs
}

// checkFlowDerived compares the derived columns of every flow of e with
// testdata/flowderived, the flows of flowTestLogs.
func checkFlowDerived(t *testing.T, e *Engine) {
	t.Helper()
	fields := make([]string, 0, len(flowDerivedColumns)+2)
	for _, c := range append([]string{"time", "action"}, flowDerivedColumns...) {
		fields = append(fields, "'"+c+"': "+c)
	}
	got := sortedJSON(t, queryStrings(t, e, `SELECT to_json({`+strings.Join(fields, ", ")+`})::VARCHAR FROM vpcflow`))
	text, err := os.ReadFile(filepath.Join("testdata", "flowderived", "flows.golden"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(text)), "\n") {
		if !strings.HasPrefix(line, "#") {
			want = append(want, line)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("derived columns:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFlowColumnsDerived: the flow files leave the Derived columns null,
// and the view derives, for every record of the flow mapping's test logs,
// the values the mapper stored before (testdata/flowderived).
func TestFlowColumnsDerived(t *testing.T) {
	root, e := ingestFlows(t, flowTestLogs()...)
	checkFlowDerived(t, e)
	files, err := filepath.Glob(filepath.Join(root, "aws", "VPC_FLOW", "2.0", "*", "*", "*", "*.parquet"))
	if err != nil || len(files) == 0 {
		t.Fatalf("flow files %v (%v)", files, err)
	}
	for _, c := range flowDerivedColumns {
		if stored := queryStrings(t, e, `SELECT count(`+c+`) FROM read_parquet(?)`, files); !slices.Equal(stored, []string{"0"}) {
			t.Errorf("%v flows with %s in the files, want none", stored, c)
		}
	}
}

// TestPulledFlowsGetLakehuntColumns: flow files pulled from Security
// Lake have neither lakehunt's additions to its schema nor, in its own
// samples, metadata.uid. The view still has every column (the hunts read
// metadata.uid) and derives what it can, as for lakehunt's files.
func TestPulledFlowsGetLakehuntColumns(t *testing.T) {
	ingested, _ := ingestFlows(t, flowTestLogs()...)
	pulled := t.TempDir()
	// Security Lake's schema: lakehunt's flow files without its additions,
	// named and partitioned as pulled files are. A DuckDB of its own: the
	// engine's may not write files.
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	copyStmt := `COPY (SELECT * EXCLUDE (start_time, end_time, status, status_id, disposition_id, observables)
	REPLACE (struct_pack(product := metadata.product, profiles := metadata.profiles, version := metadata.version) AS metadata)
	FROM read_parquet(` + sqltext.QuoteString(filepath.Join(ingested, "aws", "VPC_FLOW", "2.0", "**", "*.parquet")) + `, hive_partitioning = true))
TO ` + sqltext.QuoteString(filepath.Join(pulled, "aws", "VPC_FLOW", "2.0")) + ` (FORMAT parquet, PARTITION_BY (region, accountId, eventDay), FILENAME_PATTERN 'pulled_{i}.zstd')`
	if err := os.MkdirAll(filepath.Join(pulled, "aws", "VPC_FLOW"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(copyStmt); err != nil {
		t.Fatal(err)
	}
	e := openSmallLake(t, Options{Lake: pulled, Dialect: DialectDuckDB})
	checkFlowDerived(t, e)
	if got := queryStrings(t, e, `SELECT count(*), count(metadata.uid) FROM vpcflow`); !slices.Equal(got, []string{"20 | 0"}) {
		t.Errorf("flows, with metadata.uid: %q", got)
	}
}

// TestFlowObservablesReproduceOCSFExample: the view's observables of the
// record of the OCSF examples are the example's.
func TestFlowObservablesReproduceOCSFExample(t *testing.T) {
	names, values := sharedcorpus.FlowExample(t)
	header := make([]string, len(names))
	for i, name := range names {
		header[i] = strings.ReplaceAll(name, "_", "-")
	}
	log := filepath.Join(t.TempDir(), "example.log")
	if err := os.WriteFile(log, []byte(strings.Join(header, " ")+"\n"+strings.Join(values, " ")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := flowObservables(t, log)

	text, err := os.ReadFile(filepath.Join(sharedcorpus.Dir(t, "corpus", "ocsf-examples"), "vpcflow.ocsf.json"))
	if err != nil {
		t.Fatal(err)
	}
	var example struct{ Observables any }
	if err := json.Unmarshal(text, &example); err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(example.Observables)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{string(want)}) {
		t.Errorf("observables %s, want the example's %s", got, want)
	}
}
