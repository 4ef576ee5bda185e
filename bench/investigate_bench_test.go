package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/bench/gen"
	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// Scenario 6 of 'lakehunt bench' (runInvestigate) over a lake of 30 days
// of CloudTrail (100k events, 3 accounts × 3 regions: 270 files) and a
// day of 500k flows, with the planted incidents: the intruder's IP, which
// the entity columns' bloom filters find in a few files (engine.Holding),
// and the leaked key's user, which they cannot narrow: its calls are read
// once into a table its panels share, and only the sessions near it (those
// it issued, down their chains) are traced. files_opened is how many data
// files the IP's panels read.
func BenchmarkInvestigate(b *testing.B) {
	root := b.TempDir()
	ct, flows := logs(100_000, 30, 3, 3), logs(500_000, 1, 3, 3)
	ct.Out, flows.Out = filepath.Join(root, "cloudtrail"), filepath.Join(root, "vpcflow")
	lakeDir := generatedLake(b, filepath.Join(root, "lake"), ct, flows)
	incidents, err := gen.ReadIncidents(ct.Out)
	if err != nil {
		b.Fatal(err)
	}
	leak := incidents.CloudTrail[0]
	from, to := ct.Start, ct.Start.AddDate(0, 0, ct.Days)
	for _, e := range []struct{ kind, value string }{{"ip", leak.SrcIP}, {"principal", leak.Actor}} {
		b.Run(e.kind, func(b *testing.B) {
			j := job{Kind: jobInvestigate, Lake: lakeDir, From: from, To: to, Now: to, EntityKind: e.kind, Entity: e.value}
			var out outcome
			for b.Loop() {
				if out, err = runInvestigate(b.Context(), j); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(out.Detail["api_events"], "api_events")
			b.ReportMetric(out.Detail["flow_records"], "flow_records")
			if e.kind == "ip" {
				b.ReportMetric(float64(filesHolding(b, lakeDir, e.value)), "files_opened")
			}
		})
	}
}

// generatedLake generates logs by each of cs and ingests them into a new
// lake at dir, which it returns.
func generatedLake(b *testing.B, dir string, cs ...gen.Config) string {
	b.Helper()
	w, err := lake.OpenWriter(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cs {
		ingestGenerated(b, w, c)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	// As 'lakehunt ingest cloudtrail' does after it commits.
	if _, err := workflow.IndexIssuedSessions(b.Context(), dir, workflow.EngineSettings{}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// ingestGenerated generates logs by c and ingests them into w.
func ingestGenerated(b *testing.B, w *lake.Writer, c gen.Config) {
	b.Helper()
	ctx := context.Background()
	kind, generate := source.CloudTrail, gen.GenerateCloudTrail
	if filepath.Base(c.Out) == "vpcflow" {
		kind, generate = source.VPCFlow, gen.GenerateVPCFlow
	}
	if _, err := generate(ctx, c); err != nil {
		b.Fatal(err)
	}
	sources, skipped, err := source.Expand(kind, []string{filepath.Join(c.Out, "AWSLogs")}, nil)
	if err != nil {
		b.Fatal(err)
	}
	if kind == source.CloudTrail {
		_, err = ingest.Run(ctx, w, sources, skipped, ingest.CloudTrailOptions(time.Now()))
	} else {
		_, err = ingest.Run(ctx, w, sources, skipped, ingest.VPCFlowOptions(ingest.FlowConfig{}))
	}
	if err != nil {
		b.Fatal(err)
	}
}

// filesHolding counts the data files an IP's investigation opens.
func filesHolding(b *testing.B, lakeDir, ip string) int {
	b.Helper()
	entity, err := investigate.NewEntity(investigate.KindIP, ip)
	if err != nil {
		b.Fatal(err)
	}
	e, err := engine.Open(b.Context(), engine.Options{Lake: lakeDir, Holding: investigate.Holding(entity)})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	n := 0
	for _, view := range []string{lake.CloudTrail.View, lake.VPCFlow.View} {
		st, err := e.Stats(b.Context(), "SELECT * FROM "+view)
		if err != nil {
			b.Fatal(err)
		}
		n += st.Files
	}
	return n
}
