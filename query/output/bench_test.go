package output

import (
	"context"
	"testing"
	"time"
)

// countingWriter counts bytes and drops them, so the benchmark measures
// rendering and not a sink.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// BenchmarkWriteCSV renders a million rows of flow-log-like columns (the
// DuckDB scan and the engine's conversion of values included, as in real
// use) and reports rows per second.
func BenchmarkWriteCSV(b *testing.B) {
	const wantRows = 1_000_000
	const query = `SELECT range AS id,
		TIMESTAMP '2024-03-05 00:00:00' + to_milliseconds(range) AS time,
		'10.0.' || (range % 256) || '.' || (range % 7) AS src_ip,
		range % 65536 AS src_port,
		CASE WHEN range % 3 = 0 THEN 'REJECT' ELSE 'ACCEPT' END AS action,
		range * 1.5 AS bytes
		FROM range(1000000)`
	db := openDuckDB(b)
	b.ReportAllocs()
	var written int64
	start := time.Now()
	for b.Loop() {
		rows := queryRows(b, db, query)
		var w countingWriter
		n, err := Write(context.Background(), &w, rows, Options{Format: CSV})
		rows.Close()
		if err != nil || n != wantRows {
			b.Fatalf("wrote %d rows (%v), want %d", n, err, wantRows)
		}
		written = w.n
	}
	b.SetBytes(written)
	b.ReportMetric(float64(wantRows)*float64(b.N)/time.Since(start).Seconds(), "rows/s")
}
