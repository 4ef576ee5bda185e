package mcptools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

var (
	sampleOnce sync.Once
	sampleDir  string
	sampleErr  error
)

// sampleLake is the quickstart samples ingested into a lake, shared by the
// tests, which only read it.
func sampleLake(t *testing.T) string {
	t.Helper()
	root := sharedcorpus.ModuleRoot(t)
	sampleOnce.Do(func() {
		if sampleDir, sampleErr = os.MkdirTemp("", "lakehunt-mcptools-"); sampleErr != nil {
			return
		}
		for kind, dir := range map[source.Kind]string{source.CloudTrail: "cloudtrail", source.VPCFlow: "vpcflow"} {
			sum, err := ingest.Paths(context.Background(), ingest.Request{Lake: sampleDir, Kind: kind}, []string{filepath.Join(root, "testdata", "quickstart", dir)}, nil)
			if err == nil && sum.Rejected > 0 {
				err = errors.New("the samples have rejected records")
			}
			if err != nil {
				sampleErr = err
				return
			}
		}
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sampleDir != "" {
		os.RemoveAll(sampleDir)
	}
	os.Exit(code)
}

// connect runs the tools over the lake on the SDK's in-memory transport
// and returns the client's side.
func connect(t *testing.T, opt Options) *mcp.ClientSession {
	t.Helper()
	ctx := t.Context()
	clientEnd, serverEnd := mcp.NewInMemoryTransports()
	ss, err := NewServer(opt).Connect(ctx, serverEnd, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "v0"}, nil).Connect(ctx, clientEnd, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// call calls a tool and returns its text blocks, failing the test when
// the call fails or the tool's outcome is not the one wanted.
func call(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any, wantError bool) []string {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	var texts []string
	for _, c := range res.Content {
		tc, ok := c.(*mcp.TextContent)
		if !ok {
			t.Fatalf("%s %v: content %T, want text", name, args, c)
		}
		texts = append(texts, tc.Text)
	}
	if res.IsError != wantError {
		t.Fatalf("%s %v: IsError %v, want %v: %q", name, args, res.IsError, wantError, texts)
	}
	if len(texts) == 0 {
		t.Fatalf("%s %v: no content", name, args)
	}
	return texts
}

// sampleDay is the day of the samples' incident.
var sampleDay = map[string]any{"from": "2024-03-05", "to": "2024-03-06"}

func with(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func TestMCPListTools(t *testing.T) {
	cs := connect(t, Options{Lake: sampleLake(t)})
	res, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
		if tool.Description == "" || tool.Annotations == nil || !tool.Annotations.ReadOnlyHint {
			t.Errorf("%s: description %q, annotations %+v; want a description and read-only", tool.Name, tool.Description, tool.Annotations)
		}
		schema, _ := json.Marshal(tool.InputSchema)
		if !strings.Contains(string(schema), `"type":"object"`) {
			t.Errorf("%s: input schema %s", tool.Name, schema)
		}
		if tool.Name == "investigate" && (!strings.Contains(string(schema), `"enum":["ip","principal","access-key","instance","account"]`) ||
			!strings.Contains(string(schema), `"required":["kind","value"]`) || !strings.Contains(string(schema), "duration before now")) {
			t.Errorf("investigate's schema lacks the kinds, the required properties or the window's description: %s", schema)
		}
	}
	slices.Sort(names)
	if want := []string{"hunt_run", "incidents", "investigate", "lake_info", "query"}; !slices.Equal(names, want) {
		t.Errorf("tools %q, want %q", names, want)
	}
}

func TestMCPQuery(t *testing.T) {
	cs := connect(t, Options{Lake: sampleLake(t), MaxRows: 10})
	f := func(args map[string]any, want ...string) {
		t.Helper()
		texts := call(t, cs, "query", args, false)
		if len(texts) != len(want) {
			t.Fatalf("%v: %q, want %d blocks", args, texts, len(want))
		}
		for i, w := range want {
			if !strings.Contains(texts[i], w) {
				t.Errorf("%v: block %d is %q, want it to hold %q", args, i, texts[i], w)
			}
		}
	}
	f(map[string]any{"sql": "SELECT count(*) AS n FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"}, `[
{"n":112}
]`)
	f(map[string]any{"sql": "SELECT count(*) AS n FROM vpcflow", "format": "csv", "dialect": "duckdb", "from": "2024-03-06"}, "n\n0\n")
	// The server's cap, and the model's lower one.
	f(map[string]any{"sql": "SELECT action FROM vpcflow", "format": "csv"}, "action\n", "more than 10 rows")
	f(map[string]any{"sql": "SELECT action FROM vpcflow", "max_rows": 3}, "", "only the first 3")

	bad := func(args map[string]any, want string) {
		t.Helper()
		texts := call(t, cs, "query", args, true)
		if !strings.Contains(texts[0], want) {
			t.Errorf("%v: %q, want an error holding %q", args, texts[0], want)
		}
	}
	bad(map[string]any{"sql": "SELECT * FROM read_csv('/etc/passwd')"}, "Permission Error")
	bad(map[string]any{"sql": "SELEC 1"}, "syntax error")
	bad(map[string]any{"sql": "SELECT no_such_column FROM vpcflow"}, "no_such_column")
	bad(map[string]any{"sql": "SELECT 1; SELECT 2"}, "want one SQL statement")
	bad(map[string]any{"sql": "SELECT 1", "dialect": "postgres"}, "dialect")
	bad(map[string]any{"sql": "SELECT 1", "from": "yesterday-ish"}, "from: cannot parse time")
	bad(map[string]any{"sql": "SELECT 1", "from": "2024-03-06", "to": "2024-03-05"}, "empty window")
	bad(map[string]any{}, "sql")
}

func TestMCPLakeInfo(t *testing.T) {
	texts := call(t, connect(t, Options{Lake: sampleLake(t)}), "lake_info", nil, false)
	var info struct {
		Now    string
		Tables []struct {
			View string
			Rows int64
		}
	}
	if err := json.Unmarshal([]byte(texts[0]), &info); err != nil {
		t.Fatalf("%v:\n%s", err, texts[0])
	}
	if info.Now != "2024-03-06T00:00:00Z" || len(info.Tables) == 0 || len(texts) != 1 {
		t.Errorf("lake info: %+v, %d blocks; want now at the end of the samples' day", info, len(texts))
	}

	empty := connect(t, Options{Lake: t.TempDir()})
	if texts := call(t, empty, "lake_info", nil, false); len(texts) != 2 || !strings.Contains(texts[1], "holds no events") {
		t.Errorf("an empty lake: %q", texts)
	}
	if texts := call(t, empty, "investigate", map[string]any{"kind": "ip", "value": "203.0.113.77"}, true); !strings.Contains(texts[0], "does not appear in the lake") {
		t.Errorf("an investigation in an empty lake: %q", texts)
	}
	absent := connect(t, Options{Lake: filepath.Join(t.TempDir(), "absent")})
	if texts := call(t, absent, "query", map[string]any{"sql": "SELECT count(*) FROM cloudtrail"}, true); !strings.Contains(texts[0], "no lake at") {
		t.Errorf("a query of a lake that is not there: %q", texts)
	}
}

func TestMCPIncidents(t *testing.T) {
	cs := connect(t, Options{Lake: sampleLake(t)})
	texts := call(t, cs, "incidents", sampleDay, false)
	var incidents []struct {
		Severity   string
		Principals []string
		Findings   []json.RawMessage
	}
	if err := json.Unmarshal([]byte(texts[0]), &incidents); err != nil {
		t.Fatalf("%v:\n%.500s", err, texts[0])
	}
	critical := 0
	for _, inc := range incidents {
		if inc.Severity == "critical" && slices.Contains(inc.Principals, "arn:aws:iam::111122223333:user/alice") && len(inc.Findings) >= 10 {
			critical++
		}
	}
	if critical != 1 || len(texts) != 2 || !strings.Contains(texts[1], "incidents in [2024-03-05T00:00:00Z, 2024-03-06T00:00:00Z)") {
		t.Errorf("%d incidents, %d of them alice's critical one; note %q", len(incidents), critical, texts[1:])
	}

	// Narrowed to critical, alice's is among them; the default window is
	// the week before the end of the samples' day.
	texts = call(t, cs, "incidents", map[string]any{"min_severity": "critical"}, false)
	var severe []struct{ Severity string }
	if err := json.Unmarshal([]byte(texts[0]), &severe); err != nil {
		t.Fatal(err)
	}
	if len(severe) == 0 || len(severe) == len(incidents) || slices.ContainsFunc(severe, func(inc struct{ Severity string }) bool { return inc.Severity != "critical" }) ||
		!strings.Contains(texts[1], fmt.Sprintf("%d incidents in [2024-02-28T00:00:00Z, 2024-03-06T00:00:00Z)", len(severe))) {
		t.Errorf("critical incidents of the default window: %+v of %d\n%q", severe, len(incidents), texts[1])
	}
	for args, want := range map[string]map[string]any{
		"min_severity": with(sampleDay, "min_severity", "dire"),
		"gap":          with(sampleDay, "gap", "-1h"),
		"empty window": {"from": "2024-03-06", "to": "2024-03-05"},
	} {
		if texts := call(t, cs, "incidents", want, true); !strings.Contains(texts[0], args) {
			t.Errorf("%v: %q", want, texts)
		}
	}
}

func TestMCPHuntRun(t *testing.T) {
	cs := connect(t, Options{Lake: sampleLake(t)})
	texts := call(t, cs, "hunt_run", with(sampleDay, "ids", []string{"vpc_port_scan_vertical", "cloudtrail_logging_stopped"}, "params", map[string]string{"vpc_port_scan_vertical.min_ports": "5"}), false)
	var report struct {
		Findings []struct {
			HuntID     string `json:"hunt_id"`
			IncidentID string `json:"incident_id"`
		}
	}
	if err := json.Unmarshal([]byte(texts[0]), &report); err != nil {
		t.Fatalf("%v:\n%.500s", err, texts[0])
	}
	found := map[string]int{}
	for _, f := range report.Findings {
		if f.IncidentID != "" {
			found[f.HuntID]++
		}
	}
	if found["vpc_port_scan_vertical"] == 0 || found["cloudtrail_logging_stopped"] == 0 || !strings.Contains(texts[1], "2 hunts ran.") {
		t.Errorf("findings by hunt %v, note %q; want both hunts' findings, each in an incident", found, texts[1])
	}
	if texts := call(t, cs, "hunt_run", with(sampleDay, "ids", []string{"no_such_hunt"}), true); !strings.Contains(texts[0], "unknown hunt no_such_hunt") {
		t.Errorf("an unknown hunt: %q", texts)
	}
}

func TestMCPInvestigate(t *testing.T) {
	cs := connect(t, Options{Lake: sampleLake(t)})
	texts := call(t, cs, "investigate", map[string]any{"kind": "ip", "value": "203.0.113.77"}, false)
	var report struct {
		Kind, Value string
		Scope       struct{ Start, End string }
		Overview    struct {
			APIEvents   int64 `json:"api_events"`
			FlowRecords int64 `json:"flow_records"`
		}
		Findings *struct {
			Findings []json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(texts[0]), &report); err != nil {
		t.Fatalf("%v:\n%.500s", err, texts[0])
	}
	if report.Kind != "ip" || report.Overview.APIEvents == 0 || report.Overview.FlowRecords == 0 || report.Findings == nil || len(report.Findings.Findings) == 0 {
		t.Errorf("report of 203.0.113.77: %+v; want its calls, its flows and the findings naming it", report)
	}

	bad := func(args map[string]any, want string) {
		t.Helper()
		texts := call(t, cs, "investigate", args, true)
		if !strings.Contains(texts[0], want) {
			t.Errorf("%v: %q, want an error holding %q", args, texts[0], want)
		}
	}
	bad(map[string]any{"kind": "ip", "value": "198.51.100.250"}, "does not appear in the lake")
	bad(map[string]any{"kind": "ip", "value": "not-an-ip"}, "cannot parse IP address")
	bad(map[string]any{"kind": "planet", "value": "mars"}, "kind")
	bad(map[string]any{"kind": "ip", "value": "203.0.113.77", "to": "2024-03-06"}, "to needs from")
	bad(map[string]any{"kind": "ip", "value": "203.0.113.77", "baseline": "forever"}, "baseline")
}
