package investigate

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRawCSV exports the leaked key's raw events and the instance's
// (API calls and flows together) and reads the files back.
func TestRawCSV(t *testing.T) {
	f := func(kind Kind, value string, wantAPI, wantFlows int) [][]string {
		t.Helper()
		dir := t.TempDir()
		path := filepath.Join(dir, "raw.csv")
		e, err := NewEntity(kind, value)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		inv, err := Open(ctx, Options{Lake: incidentLake(t), Entity: e, Scope: incidentScope, Baseline: incidentBaseline, Now: incidentNow, RawCSVDir: dir, Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		defer inv.Close()
		n, err := inv.WriteRawCSV(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		records, err := csv.NewReader(file).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(records)-1) != n {
			t.Fatalf("WriteRawCSV said %d rows, the file has %d", n, len(records)-1)
		}
		header := records[0]
		if header[0] != "time" || header[1] != "source" || header[len(header)-1] != "record" {
			t.Fatalf("header = %q", header)
		}
		col := func(name string) int { return slices.Index(header, name) }
		counts := map[string]int{}
		for i, rec := range records[1:] {
			counts[rec[col("source")]]++
			if i > 0 && rec[col("time")] < records[i][col("time")] {
				t.Errorf("row %d is earlier than the row before it", i+1)
			}
			var event map[string]any
			if err := json.Unmarshal([]byte(rec[col("record")]), &event); err != nil {
				t.Fatalf("row %d: record is not JSON: %v", i+1, err)
			}
			if _, ok := event["class_uid"]; !ok {
				t.Errorf("row %d: record lacks class_uid: %s", i+1, rec[col("record")])
			}
		}
		if counts["cloudtrail"] != wantAPI || counts["vpcflow"] != wantFlows {
			t.Errorf("%s %s: %d CloudTrail rows and %d flows, want %d and %d", kind, value, counts["cloudtrail"], counts["vpcflow"], wantAPI, wantFlows)
		}
		return records
	}

	records := f(KindAccessKey, "AKIATESTALICE0000001", 15, 0)
	ua := slices.Index(records[0], "user_agent")
	guarded := false
	for _, rec := range records[1:] {
		if strings.HasPrefix(rec[ua], "=") {
			t.Errorf("user agent %q would run as a spreadsheet formula", rec[ua])
		}
		guarded = guarded || strings.HasPrefix(rec[ua], "'=HYPERLINK")
	}
	if !guarded {
		t.Error("the =HYPERLINK user agent is missing or not defused")
	}
	f(KindInstance, "i-0aaaabbbbcccc0001", 2, 7)
}
