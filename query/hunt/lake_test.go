package hunt

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// ingestNow is the clock of test ingests: after every fixture event and
// every Stratus Red Team detonation, so that none is refused as being in
// the future.
var ingestNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// fixtureBatchRows keeps the pipeline from sizing its buffers for
// production batches when a fixture holds a few dozen events.
const fixtureBatchRows = 256

// buildLake ingests raw files through the real pipeline: *.log and
// *.log.gz as VPC Flow Logs, the rest as CloudTrail. A rejected record fails the test,
// since a fixture the pipeline cannot read tests nothing.
func buildLake(t testing.TB, files ...string) string {
	t.Helper()
	return buildLakeAt(t, ingestNow, files...)
}

// buildLakeAt is buildLake with the ingest clock at now, for fixtures with
// events after ingestNow.
func buildLakeAt(t testing.TB, now time.Time, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	w, err := lake.OpenWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var trails, flows []string
	for _, f := range files {
		if strings.HasSuffix(f, ".log") || strings.HasSuffix(f, ".log.gz") {
			flows = append(flows, f)
		} else {
			trails = append(trails, f)
		}
	}
	ctx := context.Background()
	if len(trails) > 0 {
		sources, skipped, err := source.Expand(source.CloudTrail, trails, nil)
		if err != nil {
			t.Fatal(err)
		}
		opt := ingest.CloudTrailOptions(now)
		opt.Workers, opt.BatchRows = 1, fixtureBatchRows
		sum, err := ingest.Run(ctx, w, sources, skipped, opt)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rejected > 0 {
			t.Fatalf("%d CloudTrail records of %v rejected", sum.Rejected, trails)
		}
	}
	if len(flows) > 0 {
		sources, skipped, err := source.Expand(source.VPCFlow, flows, nil)
		if err != nil {
			t.Fatal(err)
		}
		opt := ingest.VPCFlowOptions(ingest.FlowConfig{Now: now})
		opt.Workers, opt.BatchRows = 1, fixtureBatchRows
		sum, err := ingest.Run(ctx, w, sources, skipped, opt)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rejected > 0 {
			t.Fatalf("%d flow records of %v rejected", sum.Rejected, flows)
		}
	}
	return dir
}

// openEngine opens the lake for running hs over w, as 'hunt run' does.
func openEngine(t testing.TB, lakeDir string, hs []*Hunt, w Window) *engine.Engine {
	t.Helper()
	e, err := engine.Open(context.Background(), engine.Options{
		Lake:    lakeDir,
		Now:     w.End,
		From:    EarliestNeeded(hs, w),
		To:      w.End,
		Dialect: engine.DialectDuckDB,
		Threads: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func builtinPack(t testing.TB) *Pack {
	t.Helper()
	p, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
