package incident

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// ingestNow is the clock of test ingests: after every fixture event.
var ingestNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// buildLake ingests raw files through the real pipeline: *.log as VPC
// Flow Logs, the rest as CloudTrail. A rejected record fails the test.
func buildLake(t testing.TB, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	w, err := lake.OpenWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var trails, flows []string
	for _, f := range files {
		if strings.HasSuffix(f, ".log") {
			flows = append(flows, f)
		} else {
			trails = append(trails, f)
		}
	}
	if len(trails) > 0 {
		opt := ingest.CloudTrailOptions(ingestNow)
		opt.Workers, opt.BatchRows = 1, 256
		ingestFiles(t, w, source.CloudTrail, trails, opt)
	}
	if len(flows) > 0 {
		opt := ingest.VPCFlowOptions(ingest.FlowConfig{Now: ingestNow})
		opt.Workers, opt.BatchRows = 1, 256
		ingestFiles(t, w, source.VPCFlow, flows, opt)
	}
	return dir
}

func ingestFiles[T any](t testing.TB, w *lake.Writer, kind source.Kind, paths []string, opt ingest.Options[T]) {
	t.Helper()
	sources, skipped, err := source.Expand(kind, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), w, sources, skipped, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected > 0 {
		t.Fatalf("%d records of %v rejected", sum.Rejected, paths)
	}
}

// findIncidents runs the hunts over the window as 'hunt run' does, with
// the engine opened early enough for the window's sessions to be traced,
// and groups the findings.
func findIncidents(t testing.TB, lakeDir string, hs []*hunt.Hunt, w hunt.Window, opt Options) ([]Incident, []hunt.Finding) {
	t.Helper()
	ctx := context.Background()
	from := hunt.EarliestNeeded(hs, w)
	if early := w.Start.Add(-engine.MaxSessionLifetime); early.Before(from) {
		from = early
	}
	e, err := engine.Open(ctx, engine.Options{Lake: lakeDir, Now: w.End, From: from, To: w.End, Dialect: engine.DialectDuckDB, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	report := hunt.Run(ctx, e, hs, hunt.RunOptions{Window: w, Now: w.End, Parallel: 2})
	for _, s := range report.Summaries {
		if s.Err != nil {
			t.Fatal(s.Err)
		}
	}
	incidents, err := Build(ctx, e, report.Findings, hs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return incidents, report.Findings
}

// selectHunts picks hunts of the built-in pack by id.
func selectHunts(t testing.TB, ids ...string) []*hunt.Hunt {
	t.Helper()
	pack, err := hunt.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	hs, err := pack.Select(ids, hunt.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return hs
}
