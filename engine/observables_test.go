package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// flowObservables ingests flow log files into a new lake and returns the
// observables the vpcflow view gives each flow, as JSON with sorted keys
// ("null" for none), sorted.
func flowObservables(t *testing.T, files ...string) []string {
	t.Helper()
	root := t.TempDir()
	req := ingest.Request{Lake: root, Kind: source.VPCFlow, Flows: ingest.FlowConfig{Region: "eu-west-1", AccountID: "999988887777"}}
	if sum, err := ingest.Paths(context.Background(), req, files, nil); err != nil || sum.Rejected > 0 {
		t.Fatalf("ingest %v: %+v %v", files, sum, err)
	}
	e := openSmallLake(t, Options{Lake: root, Dialect: DialectDuckDB})
	var out []string
	for _, raw := range queryStrings(t, e, `SELECT coalesce(to_json(observables)::VARCHAR, 'null') FROM vpcflow`) {
		var list any
		if err := json.Unmarshal([]byte(raw), &list); err != nil {
			t.Fatalf("observables %s: %v", raw, err)
		}
		sorted, err := json.Marshal(list)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(sorted))
	}
	slices.Sort(out)
	return out
}

// TestFlowObservablesDerived: the flow files leave observables null and
// the view derives, for every record of the flow mapping's test logs,
// the observables the mapper stored before (testdata/observables).
func TestFlowObservablesDerived(t *testing.T) {
	dir := filepath.Join("..", "storage", "ocsf", "testdata", "vpcflow")
	var logs []string
	for _, name := range []string{"v2-default", "v5-all-fields", "ecs", "v8-reject-reason", "custom-header", "ingress-accept",
		"ingress-reject", "egress-accept", "egress-reject", "nodata", "skipdata", "icmp", "ipv6"} {
		logs = append(logs, filepath.Join(dir, name+".log"))
	}
	got := flowObservables(t, logs...)
	text, err := os.ReadFile(filepath.Join("testdata", "observables", "flows.golden"))
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
		t.Errorf("observables:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	root := t.TempDir()
	req := ingest.Request{Lake: root, Kind: source.VPCFlow, Flows: ingest.FlowConfig{Region: "eu-west-1", AccountID: "999988887777"}}
	if _, err := ingest.Paths(context.Background(), req, logs[:1], nil); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "aws", "VPC_FLOW", "2.0", "*", "*", "*", "*.parquet"))
	if err != nil || len(files) == 0 {
		t.Fatalf("flow files %v (%v)", files, err)
	}
	e := openSmallLake(t, Options{Lake: root, Dialect: DialectDuckDB})
	if stored := queryStrings(t, e, `SELECT count(observables) FROM read_parquet(?)`, files); !slices.Equal(stored, []string{"0"}) {
		t.Errorf("%v flows with observables in the files, want none", stored)
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
