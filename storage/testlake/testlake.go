// Package testlake builds lakes for tests through the real ingest
// pipeline: from fixture files, or from the quickstart samples once per
// test binary. Only tests import it.
package testlake

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// IngestNow is the clock of Build's ingests: after every fixture event and
// every Stratus Red Team detonation, so that none is refused as being in
// the future.
var IngestNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// fixtureBatchRows keeps the pipeline from sizing its buffers for
// production batches when a fixture holds a few dozen events.
const fixtureBatchRows = 256

// Build ingests files into a new lake: *.log and *.log.gz as VPC Flow
// Logs, the rest as CloudTrail. A rejected record fails the test, since a
// fixture the pipeline cannot read tests nothing.
func Build(tb testing.TB, files ...string) string {
	tb.Helper()
	return BuildAt(tb, IngestNow, files...)
}

// BuildAt is Build with the ingest clock at now, for fixtures with events
// after IngestNow.
func BuildAt(tb testing.TB, now time.Time, files ...string) string {
	tb.Helper()
	dir := tb.TempDir()
	w, err := lake.OpenWriter(dir)
	if err != nil {
		tb.Fatal(err)
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
	if len(trails) > 0 {
		opt := ingest.CloudTrailOptions(now)
		opt.Workers, opt.BatchRows = 1, fixtureBatchRows
		ingestFiles(tb, w, source.CloudTrail, trails, opt)
	}
	if len(flows) > 0 {
		opt := ingest.VPCFlowOptions(ingest.FlowConfig{Now: now})
		opt.Workers, opt.BatchRows = 1, fixtureBatchRows
		ingestFiles(tb, w, source.VPCFlow, flows, opt)
	}
	return dir
}

func ingestFiles[T any](tb testing.TB, w *lake.Writer, kind source.Kind, paths []string, opt ingest.Options[T]) {
	tb.Helper()
	sources, skipped, err := source.Expand(kind, paths, nil)
	if err != nil {
		tb.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), w, sources, skipped, opt)
	if err != nil {
		tb.Fatal(err)
	}
	if sum.Rejected > 0 {
		tb.Fatalf("%d %s records of %v rejected", sum.Rejected, kind, paths)
	}
}

var (
	samplesOnce sync.Once
	samplesDir  string
	samplesErr  error
)

// Samples is the quickstart samples ingested into a lake, built once per
// test binary and shared by its tests, which only read it. A package that
// calls it removes it by running its tests through Main.
func Samples(tb testing.TB) string {
	tb.Helper()
	root := sharedcorpus.ModuleRoot(tb)
	samplesOnce.Do(func() {
		if samplesDir, samplesErr = os.MkdirTemp("", "lakehunt-samples-"); samplesErr != nil {
			return
		}
		for kind, dir := range map[source.Kind]string{source.CloudTrail: "cloudtrail", source.VPCFlow: "vpcflow"} {
			sum, err := ingest.Paths(context.Background(), ingest.Request{Lake: samplesDir, Kind: kind}, []string{filepath.Join(root, "testdata", "quickstart", dir)}, nil)
			if err == nil && sum.Rejected > 0 {
				err = errors.New("the samples have rejected records")
			}
			if err != nil {
				samplesErr = err
				return
			}
		}
	})
	if samplesErr != nil {
		tb.Fatal(samplesErr)
	}
	return samplesDir
}

// Main runs the tests of m, removes the samples lake if they built it and
// exits with their code: the TestMain of a package that calls Samples.
func Main(m *testing.M) {
	code := m.Run()
	if samplesDir != "" {
		os.RemoveAll(samplesDir)
	}
	os.Exit(code)
}
