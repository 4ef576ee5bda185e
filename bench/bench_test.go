package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// workerEnv makes the test binary act as a bench worker: the runner
// re-executes it with the job in this variable, as the CLI re-executes
// itself with the hidden bench-worker command.
const workerEnv = "LAKEHUNT_BENCH_TEST_WORKER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(workerEnv); spec != "" {
		if err := Worker(context.Background(), spec, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func testWorker(spec string) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), workerEnv+"="+spec)
	return cmd
}

// TestBenchSmall runs every scenario end to end at the tiny scale and
// checks that each produced sane numbers, that both sides of each ingest
// wrote every event, and that hunts over the lake and over raw JSON agree
// on the planted incidents.
func TestBenchSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every scenario in child processes: a few minutes on two cores")
	}
	scale, err := ScaleNamed("tiny")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var log bytes.Buffer
	// Kept (inside the test's temporary directory) so that the reused-lake
	// run below can read this run's lake.
	r := &Runner{Scale: scale, Dir: t.TempDir(), Keep: true, Worker: testWorker, Log: &log}
	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	// How long tiny takes is logged, not asserted: speed is the
	// benchmarks' business, and a shared CI machine would make it flaky.
	t.Logf("tiny scale took %s", time.Since(start))

	byID := map[string]Result{}
	scenarios := map[int]bool{}
	for _, res := range rep.Results {
		byID[res.ID] = res
		scenarios[res.Scenario] = true
	}
	for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, watchScenario} {
		if !scenarios[n] {
			t.Errorf("no result for scenario %d", n)
		}
	}
	f := func(res Result) {
		t.Helper()
		sides := []Side{res.Lakehunt}
		if res.Rival != nil {
			sides = append(sides, *res.Rival)
		}
		for _, sd := range sides {
			if strings.HasPrefix(res.ID, "storage") {
				if sd.Bytes <= 0 || sd.Rows <= 0 {
					t.Errorf("%s %s: %d bytes for %d events", res.ID, sd.Name, sd.Bytes, sd.Rows)
				}
				continue
			}
			// No upper bound on the time: a loaded CI machine may be slow,
			// and speed is the benchmarks' business, not the test's.
			if sd.Seconds <= 0 || sd.Rows <= 0 || sd.PeakRSS < 1<<20 || sd.PeakRSS > 8<<30 {
				t.Errorf("%s %s: %.3f s, %d rows, peak RSS %d", res.ID, sd.Name, sd.Seconds, sd.Rows, sd.PeakRSS)
			}
		}
		if res.Rival != nil && (res.Ratio <= 0 || res.Ratio > 1e4) {
			t.Errorf("%s: ratio %g", res.ID, res.Ratio)
		}
	}
	for _, res := range rep.Results {
		f(res)
	}

	for id, want := range map[string]int64{"ingest-cloudtrail": rep.Data.CloudTrail.Events, "ingest-vpcflow": rep.Data.VPCFlow.Events} {
		res := byID[id]
		if res.Lakehunt.Rows != want || res.Rival == nil || res.Rival.Rows != want {
			t.Errorf("%s: lakehunt %d rows, rival %v; want %d on both sides", id, res.Lakehunt.Rows, res.Rival, want)
		}
	}
	// The exfiltrating host has one interface: both see its calls and flows.
	instance, eni := byID["investigate-instance"].Lakehunt.Detail, byID["investigate-interface"].Lakehunt.Detail
	if instance["flow_records"] <= 0 || eni["flow_records"] != instance["flow_records"] || eni["api_events"] != instance["api_events"] {
		t.Errorf("the exfiltrating host's interface: %v; its instance: %v", eni, instance)
	}
	// The pack over one day reads baselines that hold the flows.
	if day, ok := byID["hunt-pack-day"]; !ok || len(day.Lakehunt.Errors) > 0 || len(day.Targets) != 1 || !day.Targets[0].Met {
		t.Errorf("the pack over one day: %+v", day)
	}
	hunts := byID["hunts-vs-raw"]
	for _, id := range rivalHunts {
		lake, raw := hunts.Lakehunt.Detail["findings:"+id], hunts.Rival.Detail["findings:"+id]
		if lake < 1 || lake != raw {
			t.Errorf("hunt %s: %g findings over the lake, %g over raw JSON; want the same, at least the planted one", id, lake, raw)
		}
	}
	checkWatchResults(t, byID)
	if n := byID["scan-count"].Lakehunt.Rows; n != 1 {
		t.Errorf("count(*) returned %d rows", n)
	}
	if csv := byID["csv-copy"]; csv.Lakehunt.Rows != scale.CSVRows || csv.Rival.Rows != scale.CSVRows {
		t.Errorf("CSV export: %d and %d rows, want %d", csv.Lakehunt.Rows, csv.Rival.Rows, scale.CSVRows)
	}

	var table, js bytes.Buffer
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Results {
		if !strings.Contains(table.String(), res.Title) {
			t.Errorf("table lacks %q", res.Title)
		}
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Results) != len(rep.Results) {
		t.Errorf("JSON report does not read back: %v", err)
	}
	t.Logf("\n%s", table.String())

	checkReusedLake(t, r)
}

// checkReusedLake measures scenario 5 again on the lake the run r kept:
// the same answer, and no second lake ingested. The ingest scenarios
// cannot be asked of a reused lake.
func checkReusedLake(t *testing.T, r *Runner) {
	t.Helper()
	lakes, err := filepath.Glob(filepath.Join(r.Dir, "run-*", "lake"))
	if err != nil || len(lakes) != 1 {
		t.Fatalf("kept lakes: %v, %v", lakes, err)
	}
	again := &Runner{Scale: r.Scale, Dir: r.Dir, Keep: true, Scenarios: []int{5}, Worker: r.Worker, ReuseLake: lakes[0]}
	rep, err := again.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) == 0 || rep.Results[0].Scenario != 5 || rep.Results[0].Lakehunt.Rows <= 0 {
		t.Errorf("scenario 5 on the reused lake: %+v", rep.Results)
	}
	if now, _ := filepath.Glob(filepath.Join(r.Dir, "run-*", "lake")); len(now) != 1 {
		t.Errorf("a run on a reused lake ingested another: %v", now)
	}
	for _, scenarios := range [][]int{nil, {2, 5}} {
		bad := &Runner{Scale: r.Scale, Dir: r.Dir, Scenarios: scenarios, Worker: r.Worker, ReuseLake: lakes[0]}
		if _, err := bad.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "ingest scenarios") {
			t.Errorf("scenarios %v on a reused lake: error %v, want the ingest scenarios refused", scenarios, err)
		}
	}
}
