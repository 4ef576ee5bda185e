package gen

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

var testStart = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

func testConfig(dir string, events int64) Config {
	return Config{Out: dir, Events: events, Days: 1, Start: testStart, Accounts: 2, Regions: 2, Seed: 7, Incidents: true}
}

// readTree maps every file under dir (relative path) to its decompressed content.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return err
			}
			if data, err = io.ReadAll(zr); err != nil {
				return err
			}
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestGenerateIsDeterministic(t *testing.T) {
	f := func(name string, generate func(context.Context, Config) (Stats, error)) {
		t.Helper()
		run := func(seed uint64, workers int) map[string][]byte {
			dir := t.TempDir()
			cfg := testConfig(dir, 3000)
			cfg.Seed, cfg.Workers = seed, workers
			if _, err := generate(context.Background(), cfg); err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for rel, data := range readTree(t, dir) {
				files[rel] = data
			}
			// Compressed bytes must match too, not only their content.
			filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					raw, _ := os.ReadFile(path)
					rel, _ := filepath.Rel(dir, path)
					files[filepath.ToSlash(rel)+"#raw"] = raw
				}
				return nil
			})
			return files
		}
		a, b, other := run(7, 1), run(7, 3), run(8, 2)
		if len(a) == 0 {
			t.Fatalf("%s: no files written", name)
		}
		if len(a) != len(b) {
			t.Fatalf("%s: same seed wrote %d and %d files", name, len(a), len(b))
		}
		for rel, data := range a {
			if !bytes.Equal(data, b[rel]) {
				t.Fatalf("%s: same seed, different bytes in %s", name, rel)
			}
		}
		same := 0
		for rel, data := range a {
			if bytes.Equal(data, other[rel]) {
				same++
			}
		}
		if same > 1 { // _incidents.json aside, another seed shares nothing
			t.Errorf("%s: seed 8 reproduced %d files of seed 7", name, same)
		}
	}
	f("cloudtrail", GenerateCloudTrail)
	f("vpcflow", GenerateVPCFlow)
}

// TestGeneratedLogsIngest runs the generated files through the real
// pipeline: every record must become an event, none rejected, none
// mistaken for a duplicate.
func TestGeneratedLogsIngest(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir, 4000)
	ctStats, err := GenerateCloudTrail(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	flowStats, err := GenerateVPCFlow(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := testStart.AddDate(0, 0, 10)
	f := func(kind source.Kind, want Stats, run func(*lake.Writer, []source.Source, []source.Skipped) (*ingest.Summary, error)) {
		t.Helper()
		sources, skipped, err := source.Expand(kind, []string{filepath.Join(dir, "AWSLogs")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The other kind's files, in the same tree, are skipped.
		if len(sources) != want.Files {
			t.Fatalf("%s: %d sources, want %d files", kind, len(sources), want.Files)
		}
		w, err := lake.OpenWriter(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		sum, err := run(w, sources, skipped)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rejected != 0 || sum.Duplicates != 0 || sum.Events != want.Events {
			t.Errorf("%s: %d events, %d rejected, %d duplicates; want %d events", kind, sum.Events, sum.Rejected, sum.Duplicates, want.Events)
		}
	}
	f(source.CloudTrail, ctStats, func(w *lake.Writer, s []source.Source, sk []source.Skipped) (*ingest.Summary, error) {
		return ingest.Run(context.Background(), w, s, sk, ingest.CloudTrailOptions(now))
	})
	f(source.VPCFlow, flowStats, func(w *lake.Writer, s []source.Source, sk []source.Skipped) (*ingest.Summary, error) {
		return ingest.Run(context.Background(), w, s, sk, ingest.VPCFlowOptions(ingest.FlowConfig{Now: now}))
	})
}

type testRecord struct {
	EventName       string `json:"eventName"`
	EventTime       string `json:"eventTime"`
	SourceIPAddress string `json:"sourceIPAddress"`
	ErrorCode       string `json:"errorCode"`
	UserIdentity    struct {
		Type        string `json:"type"`
		AccessKeyID string `json:"accessKeyId"`
	} `json:"userIdentity"`
	AdditionalEventData struct {
		MFAUsed string `json:"MFAUsed"`
	} `json:"additionalEventData"`
	ResponseElements json.RawMessage `json:"responseElements"`
}

// TestCloudTrailLooksReal checks the properties the benchmarks and hunts
// rely on, over a sample large enough to show them.
func TestCloudTrailLooksReal(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir, 20000)
	st, err := GenerateCloudTrail(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var records []testRecord
	for rel, data := range readTree(t, dir) {
		if rel == IncidentsFileName {
			continue
		}
		if !strings.HasSuffix(rel, ".json.gz") || !strings.Contains(rel, "/CloudTrail/") {
			t.Fatalf("unexpected file %s", rel)
		}
		var envelope struct{ Records []testRecord }
		if err := json.Unmarshal(data, &envelope); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		records = append(records, envelope.Records...)
	}
	if int64(len(records)) != st.Events {
		t.Fatalf("read %d records, generator reported %d", len(records), st.Events)
	}
	types, names := map[string]int{}, map[string]int{}
	var errors, ipv6, services, loginFailures, loginsWithoutMFA int
	for _, r := range records {
		types[r.UserIdentity.Type]++
		names[r.EventName]++
		if r.ErrorCode != "" {
			errors++
		}
		if strings.Contains(r.SourceIPAddress, ":") {
			ipv6++
		}
		if strings.HasSuffix(r.SourceIPAddress, ".amazonaws.com") {
			services++
		}
		if r.EventName == "ConsoleLogin" {
			if bytes.Contains(r.ResponseElements, []byte("Failure")) {
				loginFailures++
			}
			if r.AdditionalEventData.MFAUsed == "No" {
				loginsWithoutMFA++
			}
		}
	}
	share := float64(errors) / float64(len(records))
	if share < 0.005 || share > 0.06 {
		t.Errorf("%.2f%% of calls failed, want a few percent", 100*share)
	}
	if len(types) < 6 {
		t.Errorf("userIdentity types %v, want at least 6", types)
	}
	if ipv6 == 0 || services == 0 || loginFailures == 0 || loginsWithoutMFA == 0 || names["AssumeRole"] == 0 {
		t.Errorf("ipv6 %d, service-invoked %d, failed logins %d, logins without MFA %d, AssumeRole %d: want each > 0",
			ipv6, services, loginFailures, loginsWithoutMFA, names["AssumeRole"])
	}
	// Heavy tail: the busiest operation alone outweighs the 30 rarest.
	counts := make([]int, 0, len(names))
	for _, n := range names {
		counts = append(counts, n)
	}
	slices.SortFunc(counts, func(a, b int) int { return b - a })
	if len(counts) < 40 {
		t.Fatalf("only %d distinct operations", len(counts))
	}
	tail := 0
	for _, n := range counts[len(counts)-30:] {
		tail += n
	}
	if counts[0] <= tail {
		t.Errorf("busiest operation %d calls, 30 rarest %d: not heavy-tailed", counts[0], tail)
	}

	incidents, err := ReadIncidents(dir)
	if err != nil {
		t.Fatal(err)
	}
	leak := incidents.CloudTrail[0]
	fromAttacker, denied := 0, 0
	for _, r := range records {
		if r.SourceIPAddress == leak.SrcIP {
			fromAttacker++
			if r.UserIdentity.AccessKeyID != leak.AccessKeyID {
				t.Errorf("attacker call %s with key %s, want %s", r.EventName, r.UserIdentity.AccessKeyID, leak.AccessKeyID)
			}
			if r.ErrorCode != "" {
				denied++
			}
		}
	}
	if fromAttacker != leak.Records || denied != leak.Errors {
		t.Errorf("attacker IP made %d calls (%d failed), _incidents.json says %d (%d)", fromAttacker, denied, leak.Records, leak.Errors)
	}
}

func TestVPCFlowLooksReal(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir, 30000)
	st, err := GenerateVPCFlow(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	incidents, err := ReadIncidents(dir)
	if err != nil {
		t.Fatal(err)
	}
	scan, egress := incidents.VPCFlow[0], incidents.VPCFlow[1]
	var lines, rejects, nodata, ipv6, scanLines int
	var egressBytes int64
	header := strings.TrimSuffix(flowHeader, "\n")
	for rel, data := range readTree(t, dir) {
		if rel == IncidentsFileName {
			continue
		}
		text := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		if text[0] != header {
			t.Fatalf("%s: header %q", rel, text[0])
		}
		for _, line := range text[1:] {
			fields := strings.Fields(line)
			if len(fields) != 27 {
				t.Fatalf("%s: %d fields in %q", rel, len(fields), line)
			}
			lines++
			switch {
			case fields[12] == "REJECT":
				rejects++
			case fields[13] == "NODATA":
				nodata++
			}
			if fields[18] == "IPv6" {
				ipv6++
			}
			if fields[3] == scan.SrcIP && fields[4] == scan.DstIP {
				scanLines++
			}
			if fields[4] == egress.DstIP {
				n := int64(0)
				for _, c := range fields[9] {
					n = n*10 + int64(c-'0')
				}
				egressBytes += n
			}
		}
	}
	if int64(lines) != st.Events {
		t.Fatalf("read %d lines, generator reported %d", lines, st.Events)
	}
	if share := float64(rejects) / float64(lines); share < 0.05 || share > 0.4 {
		t.Errorf("%.1f%% rejected flows", 100*share)
	}
	if nodata == 0 || ipv6 == 0 {
		t.Errorf("NODATA %d, IPv6 %d: want both > 0", nodata, ipv6)
	}
	if scanLines != scan.Records || egressBytes != egress.Bytes {
		t.Errorf("scan %d lines (_incidents.json %d), egress %d bytes (_incidents.json %d)", scanLines, scan.Records, egressBytes, egress.Bytes)
	}
}
