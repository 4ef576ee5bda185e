package bench

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/bench/gen"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/source"
)

// The ingest hot path, end to end and by stage, over generated logs. Each
// reports MB/s of uncompressed input, so the stages compare directly.

func generated(b *testing.B, kind source.Kind, events int64) (string, gen.Stats) {
	b.Helper()
	dir := b.TempDir()
	cfg := gen.Config{Out: dir, Events: events, Days: 1, Start: benchStart, Accounts: 1, Regions: 1, Seed: 1}
	generate := gen.GenerateCloudTrail
	if kind == source.VPCFlow {
		generate = gen.GenerateVPCFlow
	}
	st, err := generate(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	return filepath.Join(dir, "AWSLogs"), st
}

func benchmarkIngest[T any](b *testing.B, kind source.Kind, events int64, opt func() ingest.Options[T]) {
	raw, st := generated(b, kind, events)
	sources, skipped, err := source.Expand(kind, []string{raw}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.RawBytes)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w, err := lake.OpenWriter(filepath.Join(b.TempDir(), "lake"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := ingest.Run(context.Background(), w, sources, skipped, opt())
		if err != nil || sum.Events != st.Events {
			b.Fatalf("ingested %v events of %d: %v", sum, st.Events, err)
		}
		w.Close()
	}
}

func BenchmarkIngestCloudTrail(b *testing.B) {
	benchmarkIngest(b, source.CloudTrail, 20_000, func() ingest.Options[ocsf.CloudTrailEvent] {
		return ingest.CloudTrailOptions(time.Now())
	})
}

func BenchmarkIngestVPCFlow(b *testing.B) {
	benchmarkIngest(b, source.VPCFlow, 200_000, func() ingest.Options[ocsf.FlowEvent] {
		return ingest.VPCFlowOptions(ingest.FlowConfig{})
	})
}

// cloudTrailFiles returns the decompressed content of generated files.
func cloudTrailFiles(b *testing.B, events int64) [][]byte {
	raw, _ := generated(b, source.CloudTrail, events)
	var files [][]byte
	err := filepath.WalkDir(raw, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(zr)
		files = append(files, data)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return files
}

func totalSize(files [][]byte) int64 {
	var n int64
	for _, f := range files {
		n += int64(len(f))
	}
	return n
}

// BenchmarkPartFileCloudTrail is the Parquet writer alone: mapped rows of
// one partition, in time order, written to a staged file with dedup keys.
func BenchmarkPartFileCloudTrail(b *testing.B) {
	files := cloudTrailFiles(b, 20_000)
	var rows []lake.Row[ocsf.CloudTrailEvent]
	for _, f := range files {
		err := source.DecodeCloudTrail(bytes.NewReader(f), func(rec source.RawRecord) error {
			ev, meta, err := ocsf.MapCloudTrail(rec.Data)
			if err != nil {
				return err
			}
			rows = append(rows, lake.Row[ocsf.CloudTrailEvent]{Value: ev, TimeMs: ev.Time, Key: meta.Key})
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	part, err := lake.NewPartition("us-east-1", "111122223333", benchStart)
	if err != nil {
		b.Fatal(err)
	}
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return cmp.Compare(rows[x].TimeMs, rows[y].TimeMs) })
	b.SetBytes(totalSize(files))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w, err := lake.OpenWriter(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		f, err := lake.CreatePartFile[ocsf.CloudTrailEvent](w, lake.CloudTrail, part, true)
		if err != nil {
			b.Fatal(err)
		}
		if err := f.Append(rows, order); err != nil {
			b.Fatal(err)
		}
		if _, _, err := f.Finish(); err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}
