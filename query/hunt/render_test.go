package hunt

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/output"
)

func sampleReport() *Report {
	t0 := time.Date(2024, 3, 5, 10, 3, 0, 0, time.UTC)
	return &Report{
		Window: goldenWindow,
		Findings: []Finding{{
			HuntID: "cloudtrail_logging_stopped", Title: "CloudTrail logging stopped", Severity: SeverityCritical,
			FirstTime: t0, LastTime: t0, Account: "111122223333", Region: "us-east-1",
			Actor: "arn:aws:iam::111122223333:user/alice", SrcIP: "198.51.100.23",
			Summary: "StopLogging on trail org-trail", EventCount: 1, EvidenceUIDs: []string{"uid-1"}, EvidenceTotal: 1,
		}, {
			HuntID: "offensive_tool_user_agent", Title: "Offensive tool", Severity: SeverityHigh,
			FirstTime: t0.Add(time.Minute), LastTime: t0.Add(2 * time.Minute), Account: "111122223333", Region: "us-east-1",
			Actor: "=HYPERLINK(\"http://x\")", Summary: "user agent\t@SUM(1)\nsecond line", EventCount: 30,
			EvidenceUIDs: []string{"uid-2", "uid-3"}, EvidenceTotal: 30,
		}},
		Summaries: []Summary{
			{HuntID: "cloudtrail_logging_stopped", Severity: SeverityCritical, Findings: 1, Duration: 12 * time.Millisecond},
			{HuntID: "offensive_tool_user_agent", Severity: SeverityHigh, Findings: 1, Duration: 30 * time.Millisecond},
			{HuntID: "quiet_one", Severity: SeverityLow, Duration: 5 * time.Millisecond},
		},
		Duration: 50 * time.Millisecond,
	}
}

func TestWriteReportFormats(t *testing.T) {
	r := sampleReport()
	f := func(format output.Format, width int, golden string) {
		t.Helper()
		var buf bytes.Buffer
		if err := WriteReport(&buf, format, r, width); err != nil {
			t.Fatal(err)
		}
		checkGoldenFile(t, filepath.Join("testdata", "render", golden), buf.Bytes())
	}
	f(output.Table, 0, "findings.txt")
	f(output.Table, 12, "findings_narrow.txt")
	f(output.CSV, 0, "findings.csv")
	f(output.JSONL, 0, "findings.jsonl")
	f(output.JSON, 0, "findings.json")
	var buf bytes.Buffer
	if err := WriteSummaries(&buf, r); err != nil {
		t.Fatal(err)
	}
	checkGoldenFile(t, filepath.Join("testdata", "render", "summary.txt"), buf.Bytes())
}

func TestCSVDefusesFormulas(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteReport(&buf, output.CSV, sampleReport(), 0); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{",=HYPERLINK", ",\"=HYPERLINK", ",@SUM"} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("CSV holds a live formula %q:\n%s", bad, buf.String())
		}
	}
}

// TestFindingFormats: hunt run -o OUT.CSV once wrote a table, its own
// format chooser comparing extensions case by case.
func TestFindingFormats(t *testing.T) {
	f := func(name, path string, want output.Format) {
		t.Helper()
		got, err := output.ParseFormat(name, path, Formats...)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q, %q) = %q, %v; want %q", name, path, got, err, want)
		}
	}
	f("", "", output.Table)
	f("", "out.csv", output.CSV)
	f("", "OUT.CSV", output.CSV)
	f("", "out.jsonl", output.JSONL)
	f("", "out.json", output.JSON)
	f("JSON", "out.csv", output.JSON)
	f("ndjson", "", output.JSONL)
	if _, err := output.ParseFormat("parquet", "", Formats...); err == nil {
		t.Error("parquet accepted for findings")
	}
	if _, err := output.ParseFormat("", "findings.parquet", Formats...); err == nil {
		t.Error("findings.parquet accepted for findings")
	}
}

func checkGoldenFile(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it); got:\n%s", path, got)
	}
}
