package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/lakehunt/lakehunt/bench/gen"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/watch"
	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// watchScenario is the number of the watch scenario: a day delivered in
// pieces, as 'lakehunt watch' meets it, against one run over the whole
// day.
const watchScenario = 9

// watchInterval is how often a bucket receives a piece in the issue's
// setting: CloudTrail delivers about every five minutes. A piece must cost
// well under it, or a watch falls behind.
const watchInterval = 5 * time.Minute

// watchHunts are the hunts both sides run: every hunt a CloudTrail watch
// runs by default but the baseline ones. Piece by piece, a baseline hunt compares
// with the earlier pieces of the day, which one run over the day does not
// hold (it skips them), so the two sides would do different work.
func watchHunts() ([]string, error) {
	pack, err := hunt.Load()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, h := range pack.Hunts {
		if h.Baseline == 0 && h.Logic != hunt.LogicRanking && h.Source != hunt.SourceVPCFlow {
			ids = append(ids, h.ID)
		}
	}
	return ids, nil
}

// watchRequest is the watch both sides run: the pack less baselines,
// alerts from high severity, to the journal only.
func watchRequest(j job, lakeDir, watched string) (watch.Request, error) {
	ids, err := watchHunts()
	if err != nil {
		return watch.Request{}, err
	}
	return watch.Request{
		Ingest: ingest.Request{Lake: lakeDir, Kind: source.CloudTrail}, Paths: []string{watched}, Once: true,
		Engine: workflow.EngineSettings{MemoryLimit: j.MemoryLimit}, IDs: ids, MinSeverity: hunt.SeverityHigh,
	}, nil
}

// runWatchPieces delivers the day in raw piece by piece into a watched
// directory and, after each, ingests and steps the watch (hunt, group,
// alert) as 'lakehunt watch' does after a commit. One Watcher serves every
// piece, as one long-running watch process would.
func runWatchPieces(ctx context.Context, j job) (outcome, error) {
	split, err := gen.DeliveryPieces(j.Raw, j.From, j.Pieces)
	if err != nil {
		return outcome{}, err
	}
	watched := filepath.Join(j.Out, "incoming")
	req, err := watchRequest(j, j.Lake, watched)
	if err != nil {
		return outcome{}, err
	}
	// The watch's log of every piece (its window, each look-back group's
	// time, the engine's open, grouping, reconcile) stays beside the lake
	// with --keep: where a slow piece's time went.
	// The watched directory exists from the start, as a watch's would: the
	// first five minutes of a day may deliver no file.
	if err := os.MkdirAll(watched, 0o755); err != nil {
		return outcome{}, err
	}
	logFile, err := os.Create(filepath.Join(j.Out, "watch.log"))
	if err != nil {
		return outcome{}, err
	}
	defer logFile.Close()
	req.Log = slog.New(slog.NewTextHandler(logFile, nil))
	w, err := watch.New(req)
	if err != nil {
		return outcome{}, err
	}
	defer w.Close()
	var pieces, cpus, hunts, ingests, groupings []float64
	var events int64
	for i, files := range split {
		if err := deliverFiles(j.Raw, watched, files); err != nil {
			return outcome{}, err
		}
		start, cpu := time.Now(), cpuSeconds()
		got, err := ingest.Paths(ctx, req.Ingest, req.Paths, nil)
		if err != nil {
			return outcome{}, fmt.Errorf("piece %d: %w", i, err)
		}
		ingested := time.Now()
		before := w.Status().Hunts
		if err := w.Step(ctx); err != nil {
			return outcome{}, fmt.Errorf("piece %d: %w", i, err)
		}
		events += got.Events
		ingests = append(ingests, ingested.Sub(start).Seconds())
		hunts = append(hunts, time.Since(ingested).Seconds())
		pieces = append(pieces, time.Since(start).Seconds())
		cpus = append(cpus, cpuSeconds()-cpu)
		if st := w.Status(); st.Hunts > before {
			groupings = append(groupings, st.LastGrouping.Seconds())
		}
	}
	out := outcome{Seconds: sum(pieces), Rows: events, Detail: map[string]float64{
		"pieces":                 float64(len(split)),
		"piece_mean_seconds":     mean(pieces),
		"piece_p95_seconds":      percentile(pieces, 0.95),
		"piece_max_seconds":      slices.Max(pieces),
		"piece_cpu_mean_seconds": mean(cpus),
		"piece_cpu_p95_seconds":  percentile(cpus, 0.95),
		"piece_cpu_last_seconds": cpus[len(cpus)-1],
		"ingest_mean_seconds":    mean(ingests),
		"hunt_mean_seconds":      mean(hunts),
		"hunt_p95_seconds":       percentile(hunts, 0.95),
		"grouping_mean_seconds":  mean(groupings),
		"grouping_p95_seconds":   percentile(groupings, 0.95),
		"grouping_seconds":       sum(groupings),
	}}
	addIncidents(out.Detail, w.Incidents())
	return out, nil
}

// runWatchWhole ingests the whole day at once and steps the watch once:
// the rival the pieces are measured against.
func runWatchWhole(ctx context.Context, j job) (outcome, error) {
	req, err := watchRequest(j, j.Lake, j.Raw)
	if err != nil {
		return outcome{}, err
	}
	w, err := watch.New(req)
	if err != nil {
		return outcome{}, err
	}
	defer w.Close()
	start := time.Now()
	got, err := ingest.Paths(ctx, req.Ingest, req.Paths, nil)
	if err != nil {
		return outcome{}, err
	}
	ingested := time.Now()
	if err := w.Step(ctx); err != nil {
		return outcome{}, err
	}
	out := outcome{Seconds: time.Since(start).Seconds(), Rows: got.Events, Detail: map[string]float64{
		"hunts":            float64(len(req.IDs)),
		"ingest_seconds":   ingested.Sub(start).Seconds(),
		"hunt_seconds":     time.Since(ingested).Seconds(),
		"grouping_seconds": w.Status().LastGrouping.Seconds(),
	}}
	addIncidents(out.Detail, w.Incidents())
	return out, nil
}

// addIncidents records each incident as "incident:<id>" = its severity,
// so that the runner can tell whether both sides raised the same.
func addIncidents(detail map[string]float64, incidents map[string]hunt.Severity) {
	detail["incidents"] = float64(len(incidents))
	for id, sev := range incidents {
		detail["incident:"+id] = float64(sev)
	}
}

// deliverFiles links (or copies) files from raw into dir under the same
// relative paths, as a bucket's delivery would make them appear.
func deliverFiles(raw, dir string, files []string) error {
	for _, f := range files {
		rel, err := filepath.Rel(raw, f)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if os.Link(f, dst) == nil {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cpuSeconds is the CPU time (user and system) this process has used: on
// the shared machine the bench runs on, a steadier measure of a piece's
// work than its wall time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func sum(xs []float64) float64 {
	total := 0.0
	for _, x := range xs {
		total += x
	}
	return total
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return sum(xs) / float64(len(xs))
}

// percentile is the nearest-rank percentile p (0..1] of xs.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sorted := slices.Sorted(slices.Values(xs))
	rank := int(float64(len(sorted))*p+0.999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// watchDay generates (or reuses) the day the watch scenario delivers:
// the scale's CloudTrail organisation, WatchEvents events in one day, with
// the planted incidents. It lives in the data directory, so a kept data
// set keeps it too.
func (s *session) watchDay(ctx context.Context) (string, error) {
	cfg := s.Scale.CloudTrail
	cfg.Events, cfg.Days = s.Scale.WatchEvents, 1
	dir := filepath.Join(s.data.dir, fmt.Sprintf("watch-day-%d", cfg.Events))
	marker := filepath.Join(dir, datasetMarker)
	var have gen.Config
	if data, err := os.ReadFile(marker); err == nil && json.Unmarshal(data, &have) == nil && sameConfig(have, cfg) {
		return dir, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	fmt.Fprintf(s.Log, "generating the watch day: %d CloudTrail events...\n", cfg.Events)
	cfg.Out = dir
	if _, err := gen.GenerateCloudTrail(ctx, cfg); err != nil {
		return "", err
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(marker, data, 0o644)
}

// watchPieces is the watch scenario: the day in WatchPieces pieces, each
// ingested, hunted and alerted as it arrives, against one run over the
// whole day; per piece, and the part of it spent grouping incidents.
func (s *session) watchPieces(ctx context.Context) error {
	fmt.Fprintf(s.Log, "scenario %d: watch, a day in pieces\n", watchScenario)
	raw, err := s.watchDay(ctx)
	if err != nil {
		return err
	}
	day := s.Scale.CloudTrail.Start
	dir := filepath.Join(s.run, "watch")
	pieces, err := s.side(ctx, fmt.Sprintf("%d pieces", s.Scale.WatchPieces), job{Kind: jobWatchPieces, Raw: raw, Lake: filepath.Join(dir, "pieces-lake"),
		Out: filepath.Join(dir, "pieces"), From: day, Pieces: s.Scale.WatchPieces, MemoryLimit: s.Scale.HuntMemoryLimit})
	if err != nil {
		return err
	}
	whole, err := s.side(ctx, "whole day at once", job{Kind: jobWatchWhole, Raw: raw, Lake: filepath.Join(dir, "whole-lake"), MemoryLimit: s.Scale.HuntMemoryLimit})
	if err != nil {
		return err
	}
	same, diff := sameIncidents(pieces.Detail, whole.Detail)
	incidents := fmt.Sprintf("The same %g incidents either way (ids and severities).", whole.Detail["incidents"])
	if !same {
		incidents = "The incidents differ: " + diff + "."
	}
	n, d := pieces.Detail["pieces"], pieces.Detail
	p95 := d["piece_p95_seconds"]
	s.add(Result{Scenario: watchScenario, ID: "watch-day", Title: fmt.Sprintf("watch: a day of CloudTrail in %g pieces vs one run (ingest + hunt + alert)", n),
		Lakehunt: pieces, Rival: &whole, Ratio: speedup(whole, pieces), RatioMeans: "× the work (pieces' total / whole day)",
		Targets: []Target{target("same incidents", "as the whole day", fmt.Sprintf("%g / %g", d["incidents"], whole.Detail["incidents"]), same)},
		Note: fmt.Sprintf("%s Both sides run the %g hunts watch runs by default less the baseline ones (piece by piece they would compare with the day's earlier pieces, which the whole day skips).",
			incidents, whole.Detail["hunts"])})
	perPiece := Side{Name: "per piece, mean", Seconds: d["piece_mean_seconds"], PeakRSS: pieces.PeakRSS, Rows: pieces.Rows / int64(max(n, 1)),
		Detail: map[string]float64{"p95_seconds": p95, "max_seconds": d["piece_max_seconds"], "ingest_mean_seconds": d["ingest_mean_seconds"],
			"cpu_mean_seconds": d["piece_cpu_mean_seconds"], "cpu_p95_seconds": d["piece_cpu_p95_seconds"], "cpu_last_seconds": d["piece_cpu_last_seconds"],
			"hunt_mean_seconds": d["hunt_mean_seconds"], "hunt_p95_seconds": d["hunt_p95_seconds"]}}
	s.add(Result{Scenario: watchScenario, ID: "watch-piece", Title: fmt.Sprintf("watch: one piece of %g (mean; p95 in the note)", n),
		Lakehunt: perPiece, Rival: &whole, Ratio: speedup(perPiece, whole), RatioMeans: "(whole day time / one piece time)",
		Targets: []Target{target("p95 per piece", "< 1/10 of the 5-minute interval", fmt.Sprintf("%.2f s", p95), p95 < watchInterval.Seconds()/10)},
		Note: fmt.Sprintf("Per piece: mean %.3f s, p95 %.3f s, max %.3f s; ingest mean %.3f s, hunt and alert mean %.3f s (p95 %.3f s). CPU per piece: mean %.3f s, p95 %.3f s, last %.3f s.",
			perPiece.Seconds, p95, d["piece_max_seconds"], d["ingest_mean_seconds"], d["hunt_mean_seconds"], d["hunt_p95_seconds"],
			d["piece_cpu_mean_seconds"], d["piece_cpu_p95_seconds"], d["piece_cpu_last_seconds"])})
	grouping := Side{Name: "grouping, whole day", Seconds: whole.Detail["grouping_seconds"], PeakRSS: whole.PeakRSS, Rows: int64(whole.Detail["incidents"])}
	s.add(Result{Scenario: watchScenario, ID: "watch-grouping", Title: "incident grouping (part of the hunt above)", Lakehunt: grouping,
		Note: fmt.Sprintf("Grouping the findings into incidents took %.3f s over the whole day; piece by piece %.3f s on average (p95 %.3f s), %.3f s in all.",
			grouping.Seconds, d["grouping_mean_seconds"], d["grouping_p95_seconds"], d["grouping_seconds"])})
	return nil
}

// sameIncidents compares the "incident:<id>" entries of two sides.
func sameIncidents(a, b map[string]float64) (bool, string) {
	pick := func(d map[string]float64) map[string]float64 {
		out := map[string]float64{}
		for k, v := range d {
			if strings.HasPrefix(k, "incident:") {
				out[strings.TrimPrefix(k, "incident:")] = v
			}
		}
		return out
	}
	x, y := pick(a), pick(b)
	var diffs []string
	for _, id := range slices.Sorted(maps.Keys(x)) {
		if sev, ok := y[id]; !ok || sev != x[id] {
			diffs = append(diffs, fmt.Sprintf("%s %s in pieces, %s whole", id, hunt.Severity(x[id]), severityOrNone(y, id)))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(y)) {
		if _, ok := x[id]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s only whole (%s)", id, hunt.Severity(y[id])))
		}
	}
	return len(diffs) == 0 && len(y) > 0, strings.Join(diffs, "; ")
}

func severityOrNone(d map[string]float64, id string) string {
	if v, ok := d[id]; ok {
		return hunt.Severity(v).String()
	}
	return "absent"
}
