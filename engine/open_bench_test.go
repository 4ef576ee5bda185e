package engine

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
)

// BenchmarkOpen measures the engine's fixed cost, paid by every CLI query:
// starting DuckDB, listing the window, settings and the lock-down (views
// and macros are defined by the first statement naming them:
// BenchmarkFirstRawQuery's "table" is an open and a first query). It
// bounds how much faster a one-day window can be than the whole lake. Its
// steps are BenchmarkOpenSteps.
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

// BenchmarkOpenSteps splits BenchmarkOpen: DuckDB alone (start, one
// statement, close); and every Trino macro defined on a started DuckDB in
// one round trip, as a statement naming them all defines them.
func BenchmarkOpenSteps(b *testing.B) {
	ctx := context.Background()
	start := func(b *testing.B) *sql.DB {
		connector, err := duckdb.NewConnector("", nil)
		if err != nil {
			b.Fatal(err)
		}
		db := sql.OpenDB(connector)
		if _, err := db.ExecContext(ctx, "SELECT 1"); err != nil {
			b.Fatal(err)
		}
		return db
	}
	b.Run("duckdb", func(b *testing.B) {
		for b.Loop() {
			start(b).Close()
		}
	})
	b.Run("macros", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := start(b)
			b.StartTimer()
			if _, err := db.ExecContext(ctx, strings.Join(trinoMacros, ";\n")); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
}
