package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchConsole runs scenario 10 at the tiny scale: every dashboard
// drawn over both windows without a failed panel, the entity page read to
// its identity chain and report.
func TestBenchConsole(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the tiny data set and serves the console in a child process")
	}
	scale, err := ScaleNamed("tiny")
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	r := &Runner{Scale: scale, Dir: t.TempDir(), Worker: testWorker, Log: &log, Scenarios: []int{10}}
	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	byID := map[string]Result{}
	for _, res := range rep.Results {
		byID[res.ID] = res
	}
	for _, id := range []string{"console-dashboards-7d", "console-dashboards-30d"} {
		res, ok := byID[id]
		if !ok {
			t.Fatalf("no result %s in %+v", id, rep.Results)
		}
		if sd := res.Lakehunt; sd.Seconds <= 0 || sd.Rows < 9 || len(sd.Errors) > 0 || len(res.Targets) != 1 {
			t.Errorf("%s: %.3f s, %d panels, errors %v", id, sd.Seconds, sd.Rows, sd.Errors)
		}
		if !strings.Contains(res.Note, "overview ") || !strings.Contains(res.Note, "vpc-flow ") {
			t.Errorf("%s: the note lacks each dashboard's time: %s", id, res.Note)
		}
	}
	page := byID["console-entity-page"]
	if page.Lakehunt.Seconds <= 0 || page.Rival == nil || page.Rival.Seconds <= 0 || !strings.Contains(page.Note, "identity chain and report") {
		t.Errorf("entity page: %+v", page)
	}
	var table bytes.Buffer
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", table.String())
}
