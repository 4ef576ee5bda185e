package bench

import (
	"path/filepath"
	"testing"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// BenchmarkPackCopy opens the engine a pack of hunts reads (the sorted copy
// of 30 days of CloudTrail, 200k generated events, 3 accounts × 3
// regions) with the copy whole, without observables, and narrowed as for
// the whole pack (hunt.ColumnsNarrowed: observables left out, unmapped cut
// to the keys the pack subscripts): the copy is most of an open, which a
// pack over a month pays before its first hunt.
func BenchmarkPackCopy(b *testing.B) {
	root := b.TempDir()
	ct := logs(200_000, 30, 3, 3)
	ct.Out = filepath.Join(root, "cloudtrail")
	lakeDir := generatedLake(b, filepath.Join(root, "lake"), ct)
	pack, err := hunt.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		narrow map[string][]string
	}{
		{"whole", nil},
		{"no-observables", map[string][]string{"observables": nil}},
		{"pack", hunt.ColumnsNarrowed(pack.Hunts, lake.CloudTrail.CacheOptional)},
	} {
		b.Run(c.name, func(b *testing.B) {
			opt := engine.Options{Lake: lakeDir, From: ct.Start, To: ct.Start.AddDate(0, 0, ct.Days), Dialect: engine.DialectDuckDB, MemoryLimit: "2GB",
				Cache: []string{lake.CloudTrail.View, lake.S3Data.View, lake.LambdaExecution.View}, CacheNarrow: c.narrow}
			for b.Loop() {
				e, err := engine.Open(b.Context(), opt)
				if err != nil {
					b.Fatal(err)
				}
				// Open makes the copy, or falls back to the Parquet files
				// when it fails: then there is nothing to time.
				rows, err := e.Query(b.Context(), "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'lh_cache'")
				if err != nil {
					b.Fatal(err)
				}
				var copies int
				for rows.Next() {
					if err := rows.Scan(&copies); err != nil {
						b.Fatal(err)
					}
				}
				rows.Close()
				if copies == 0 {
					b.Fatal("the engine made no copy")
				}
				if err := e.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
