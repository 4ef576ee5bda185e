package huntrun

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// TestGroupingWithoutTheCopy checks that the incidents of a pack whose
// hunts read the sorted copy of CloudTrail (narrowed to the columns and
// keys the pack names, hunt.ColumnsNarrowed), grouped in a second engine
// without it, are those of the same pack run and grouped in one engine
// over the Parquet files.
func TestGroupingWithoutTheCopy(t *testing.T) {
	scenario := filepath.Join("..", "incident", "testdata", "scenario")
	lakeDir := testlake.Build(t, filepath.Join(scenario, "cloudtrail.json"), filepath.Join(scenario, "flows.log"))
	pack, err := hunt.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	hs := pack.Hunts
	// A window as long as the longest baseline, so the pack reads the copy.
	end := time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)
	w := hunt.Window{Start: end.AddDate(0, 0, -31), End: end}
	if len(cacheFor(hs, w)) == 0 {
		t.Fatalf("the pack over %v reads no copy: the test would not group in a second engine", w)
	}
	run := func(cache []string) string {
		t.Helper()
		res, err := Run(context.Background(), engine.Options{Lake: lakeDir, Threads: 1, Cache: cache}, hs,
			hunt.RunOptions{Window: w, Now: end, Parallel: 2}, &incident.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range res.Report.Summaries {
			if s.Err != nil {
				t.Fatalf("hunt %s: %v", s.HuntID, s.Err)
			}
		}
		if len(res.Incidents) == 0 || len(res.Incidents[0].Links) == 0 {
			t.Fatalf("%d incidents, the first with no linking events: want the scenario's intrusion traced through its sessions", len(res.Incidents))
		}
		out, err := json.Marshal([]any{res.Incidents, res.Report.Findings}) // not the times
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	withCopy, withoutCopy := run(nil), run([]string{})
	if withCopy != withoutCopy {
		t.Errorf("the pack's incidents differ with the copy:\n%s\nwithout it:\n%s", withCopy, withoutCopy)
	}
}
