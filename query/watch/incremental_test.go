package watch

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
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

// nonBaselineHunts are the hunts the incremental tests run. Baseline
// hunts are left out: run piece by piece, their baseline holds the
// earlier pieces of the day, which one run over the whole day does not
// have, so they rightly find other things.
func nonBaselineHunts(t testing.TB) []string {
	t.Helper()
	pack, err := hunt.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range pack.Hunts {
		if h.Baseline == 0 && h.Logic != hunt.LogicRanking && h.Source != hunt.SourceVPCFlow {
			ids = append(ids, h.ID)
		}
	}
	return ids
}

// watchInPieces delivers the pieces of raw in the order given, ingesting
// and stepping one watcher after each as watch does, and returns it with
// the time each piece's hunt and alert took.
func watchInPieces(t testing.TB, raw string, split [][]string, order []int, ids []string) (*Watcher, []time.Duration) {
	t.Helper()
	ctx := context.Background()
	lakeDir, watched := t.TempDir(), t.TempDir()
	req := ingest.Request{Lake: lakeDir, Kind: source.CloudTrail}
	var log *slog.Logger
	if os.Getenv("WATCH_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	w, err := New(Request{Ingest: req, Paths: []string{watched}, Once: true, MinSeverity: hunt.SeverityHigh, IDs: ids, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	var hunts []time.Duration
	for _, i := range order {
		deliver(t, raw, watched, split[i])
		if _, err := ingest.Paths(ctx, req, []string{watched}, nil); err != nil {
			t.Fatalf("piece %d: %v", i, err)
		}
		start, cpu := time.Now(), cpuTime()
		if err := w.Step(ctx); err != nil {
			t.Fatalf("piece %d: %v", i, err)
		}
		hunts = append(hunts, time.Since(start))
		if log != nil {
			log.Info("piece", "index", i, "wall", time.Since(start).String(), "cpu", (cpuTime() - cpu).String())
		}
	}
	return w, hunts
}

// wholeDay ingests raw at once and hunts it in one step.
func wholeDay(t testing.TB, raw string, ids []string) (*Watcher, time.Duration) {
	t.Helper()
	ctx := context.Background()
	req := ingest.Request{Lake: t.TempDir(), Kind: source.CloudTrail}
	if _, err := ingest.Paths(ctx, req, []string{raw}, nil); err != nil {
		t.Fatal(err)
	}
	w, err := New(Request{Ingest: req, Paths: []string{raw}, Once: true, MinSeverity: hunt.SeverityHigh, IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	start, cpu := time.Now(), cpuTime()
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("WATCH_LOG") != "" {
		t.Logf("whole day: wall %s, cpu %s", time.Since(start), cpuTime()-cpu)
	}
	return w, time.Since(start)
}

// sameIncidents fails the test unless got raised exactly want's incidents,
// under the same ids and severities.
func sameIncidents(t testing.TB, got, want map[string]hunt.Severity) {
	t.Helper()
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
}

// alertedIncidents reads what a watch alerted from its journal: by the
// incident each alert's incident became (following the merges of the
// state), the most severe alert. An update or a merge alerts again about
// the same incident, not about a new one.
func alertedIncidents(t testing.TB, w *Watcher) map[string]hunt.Severity {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(w.dir, journalFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	out := map[string]hunt.Severity{}
	for line := range strings.Lines(string(data)) {
		var a Alert
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("journal line %q: %v", line, err)
		}
		id := a.Incident.ID
		for k := w.st.Incidents[id]; k != nil && k.MergedInto != ""; k = w.st.Incidents[id] {
			id = k.MergedInto
		}
		out[id] = max(out[id], a.Incident.Severity)
	}
	return out
}

// sameAlerts fails the test unless got alerted about exactly want's
// incidents, at the same worst severity.
func sameAlerts(t testing.TB, got, want map[string]hunt.Severity) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Errorf("alerted incidents differ: incremental %v, whole day %v", got, want)
	}
}

// TestWatchIncrementalMatchesWholeDay delivers a generated day in pieces,
// ingesting and hunting after each as watch does, and checks that the
// incidents raised are those one run over the whole day raises: same ids,
// same severities. WATCH_EVENTS and WATCH_PIECES scale it up; 'lakehunt
// bench' scenario 9 measures the cost per piece.
func TestWatchIncrementalMatchesWholeDay(t *testing.T) {
	if testing.Short() {
		t.Skip("hunts a generated day many times")
	}
	events, pieces := int64(envInt("WATCH_EVENTS", 10000)), envInt("WATCH_PIECES", 12)
	raw, _, split := generatedDay(t, events, pieces)
	ids := nonBaselineHunts(t)
	order := make([]int, pieces)
	for i := range order {
		order[i] = i
	}
	w, hunts := watchInPieces(t, raw, split, order, ids)
	once, took := wholeDay(t, raw, ids)
	t.Logf("%d events in %d pieces: hunt and alert per piece %s mean, %s slowest; whole day %s",
		events, pieces, (sumDurations(hunts) / time.Duration(pieces)).Round(time.Millisecond), slices.Max(hunts).Round(time.Millisecond), took.Round(time.Millisecond))
	sameIncidents(t, w.Incidents(), once.Incidents())
	sameAlerts(t, alertedIncidents(t, w), alertedIncidents(t, once))
	t.Logf("%d incidents either way, %d alerted", len(once.Incidents()), len(alertedIncidents(t, once)))
}

// TestWatchFiveMinutePiecesMatchWholeRun delivers the first hour and a
// quarter of a day as dense as the medium bench's (its generator
// settings: 200,000 events, 3 accounts, 3 regions, seed 1) in five-minute
// pieces, as CloudTrail delivers, and checks that the incidents and the
// alerts are those one run over the same events raises. Five minutes at a
// time, a finding is often seen first with part of its evidence: it makes
// an incident of its own, and a later piece's evidence joins it to an
// earlier incident, which must take it over (at medium, 16 of the day's
// 793 incidents stayed apart: inc-2b3313b88a2d2e17 is one of them, at
// 00:36).
func TestWatchFiveMinutePiecesMatchWholeRun(t *testing.T) {
	if testing.Short() {
		t.Skip("hunts a generated day many times")
	}
	const pieces = 15
	raw, start := t.TempDir(), time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	if _, err := gen.GenerateCloudTrail(context.Background(), gen.Config{
		Out: raw, Events: 200_000, Days: 1, Start: start, Accounts: 3, Regions: 3, Seed: 1, Incidents: true, Workers: 2,
	}); err != nil {
		t.Fatal(err)
	}
	split, err := gen.DeliveryPieces(raw, start, 288)
	if err != nil {
		t.Fatal(err)
	}
	split = split[:pieces]
	whole := t.TempDir()
	order := make([]int, pieces)
	for i := range order {
		order[i] = i
		deliver(t, raw, whole, split[i])
	}
	ids := nonBaselineHunts(t)
	w, _ := watchInPieces(t, raw, split, order, ids)
	once, _ := wholeDay(t, whole, ids)
	sameIncidents(t, w.Incidents(), once.Incidents())
	sameAlerts(t, alertedIncidents(t, w), alertedIncidents(t, once))
	var merged []string
	for id, k := range w.st.Incidents {
		if k.MergedInto != "" {
			merged = append(merged, id)
		}
	}
	if len(merged) == 0 {
		t.Error("no incident was taken over by another: the day no longer shows what the test is about")
	}
	t.Logf("%d incidents either way, %d alerted; taken over piece by piece: %v", len(once.Incidents()), len(alertedIncidents(t, once)), merged)
}

// TestWatchOutOfOrderKeepsIncidentIDs delivers the pieces of a day out of
// order (a late delivery, a backfill of the morning after the evening)
// and checks that the incidents left standing are those one run over the
// whole day raises, under the same ids: an id comes from the incident's
// earliest finding, not from the order its commits arrived in.
func TestWatchOutOfOrderKeepsIncidentIDs(t *testing.T) {
	if testing.Short() {
		t.Skip("hunts a generated day many times")
	}
	raw, _, split := generatedDay(t, 6000, 6)
	ids := nonBaselineHunts(t)
	once, _ := wholeDay(t, raw, ids)
	want := once.Incidents()
	f := func(order ...int) {
		t.Helper()
		w, _ := watchInPieces(t, raw, split, order, ids)
		sameIncidents(t, w.Incidents(), want)
	}
	f(5, 4, 3, 2, 1, 0)
	f(3, 0, 5, 1, 4, 2)
	t.Logf("%d incidents in every order", len(want))
}

// cpuTime is the CPU time this process used so far: on a shared machine a
// steadier measure of work than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func sumDurations(ds []time.Duration) time.Duration {
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	return total
}

func hasKey[V any](m map[string]V, k string) bool { _, ok := m[k]; return ok }
