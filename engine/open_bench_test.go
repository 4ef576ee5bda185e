package engine

import (
	"context"
	"testing"
)

// BenchmarkOpen measures the engine's fixed cost, paid by every CLI query:
// starting DuckDB, settings, macros, the views and the lock-down. It bounds
// how much faster a one-day window can be than the whole lake.
func BenchmarkOpen(b *testing.B) {
	root := b.TempDir()
	writeLake(b, root, smallTrail(), smallFlows())
	b.ReportAllocs()
	for b.Loop() {
		e, err := Open(context.Background(), Options{Lake: root, Now: testNow})
		if err != nil {
			b.Fatal(err)
		}
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
