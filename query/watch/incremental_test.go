package watch

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/bench/gen"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// generatedDay writes a generated day of CloudTrail with planted incidents
// and cuts its files into pieces by delivery time, in order.
func generatedDay(t testing.TB, events int64, pieces int) (raw string, start time.Time, split [][]string) {
	t.Helper()
	raw = t.TempDir()
	start = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	if _, err := gen.GenerateCloudTrail(context.Background(), gen.Config{
		Out: raw, Events: events, Days: 1, Start: start, Accounts: 2, Regions: 2, Seed: 7, Incidents: true, Workers: 2,
	}); err != nil {
		t.Fatal(err)
	}
	split, err := gen.DeliveryPieces(raw, start, pieces)
	if err != nil {
		t.Fatal(err)
	}
	return raw, start, split
}

// deliver copies files from raw into dir, under the same relative paths.
func deliver(t testing.TB, raw, dir string, files []string) {
	t.Helper()
	for _, f := range files {
		rel, _ := filepath.Rel(raw, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// TestWatchIncrementalMatchesWholeDay delivers a generated day in pieces,
// ingesting and hunting after each as watch does, and checks that the
// incidents raised are those one run over the whole day raises: same ids,
// same severities. WATCH_EVENTS and WATCH_PIECES scale it up (the README's
// measurement: 200000 events in 288 pieces), and it logs the cost per
// piece.
func TestWatchIncrementalMatchesWholeDay(t *testing.T) {
	if testing.Short() {
		t.Skip("hunts a generated day many times")
	}
	events, pieces := int64(envInt("WATCH_EVENTS", 10000)), envInt("WATCH_PIECES", 12)
	raw, _, split := generatedDay(t, events, pieces)
	ctx := context.Background()

	// Baseline hunts are left out: run piece by piece, their baseline
	// holds the earlier pieces of the day, which one run over the whole
	// day does not have, so they rightly find other things.
	pack, err := hunt.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range pack.Hunts {
		if h.Baseline == 0 && h.Logic != hunt.LogicRanking {
			ids = append(ids, h.ID)
		}
	}
	incremental, watched := t.TempDir(), t.TempDir()
	w, err := New(Request{Ingest: ingest.Request{Lake: incremental, Kind: source.CloudTrail}, Paths: []string{watched}, Once: true, MinSeverity: hunt.SeverityHigh, IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	var ingestTime, huntTime time.Duration
	var slowest time.Duration
	for i, files := range split {
		deliver(t, raw, watched, files)
		start := time.Now()
		if _, err := ingest.Paths(ctx, ingest.Request{Lake: incremental, Kind: source.CloudTrail}, []string{watched}, nil); err != nil {
			t.Fatalf("piece %d: %v", i, err)
		}
		ingested := time.Now()
		if err := w.Step(ctx); err != nil {
			t.Fatalf("piece %d: %v", i, err)
		}
		ingestTime += ingested.Sub(start)
		hunted := time.Since(ingested)
		huntTime += hunted
		slowest = max(slowest, hunted)
	}
	t.Logf("%d events in %d pieces: per piece %s ingest, %s hunt and alert (slowest %s); last windows %v",
		events, pieces, (ingestTime / time.Duration(pieces)).Round(time.Millisecond), (huntTime / time.Duration(pieces)).Round(time.Millisecond),
		slowest.Round(time.Millisecond), w.Status().LastWindow)

	whole := t.TempDir()
	if _, err := ingest.Paths(ctx, ingest.Request{Lake: whole, Kind: source.CloudTrail}, []string{raw}, nil); err != nil {
		t.Fatal(err)
	}
	once, err := New(Request{Ingest: ingest.Request{Lake: whole, Kind: source.CloudTrail}, Paths: []string{raw}, Once: true, MinSeverity: hunt.SeverityHigh, IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := once.Step(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("one run over the whole day: %s", time.Since(start).Round(time.Millisecond))

	got, want := w.Incidents(), once.Incidents()
	if len(want) == 0 {
		t.Fatal("the whole day raised no incident: the test proves nothing")
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		if got[id] != want[id] {
			t.Errorf("incident %s: whole day %s, incremental %v (present %v)", id, want[id], got[id], hasKey(got, id))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(got)) {
		if !hasKey(want, id) {
			t.Errorf("incident %s (%s) raised incrementally, not by the whole day", id, got[id])
		}
	}
	t.Logf("%d incidents either way", len(want))
}

func hasKey[V any](m map[string]V, k string) bool { _, ok := m[k]; return ok }
