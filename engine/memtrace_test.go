package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// traceSamples reads the samples a trace has written to path so far; a
// line still being written is left for the next read.
func traceSamples(t *testing.T, path string) []MemorySample {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []MemorySample
	for line := range bytes.Lines(data) {
		if !bytes.HasSuffix(line, []byte("\n")) {
			break
		}
		var s MemorySample
		if err := json.Unmarshal(line, &s); err != nil {
			t.Fatalf("trace line %q is not a sample: %v", line, err)
		}
		out = append(out, s)
	}
	return out
}

// TestTraceMemory runs a trace around an engine's life: while it is open
// the samples carry its DuckDB memory by tag next to the process's
// figures, and after it closed they no longer name it.
func TestTraceMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trace.jsonl")
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	stop := TraceMemory(file, 5*time.Millisecond)
	stopped := false
	defer func() {
		if !stopped { // a test that failed early leaves no trace running
			stop()
		}
	}()
	e := openSmallLake(t, Options{})
	memoryTrace.Lock()
	id := memoryTrace.engines[e]
	memoryTrace.Unlock()
	if id == 0 {
		t.Fatal("the engine that opened during the trace is not traced")
	}
	ours := func(s MemorySample) (tags []DuckDBMemory) {
		for _, m := range s.DuckDB {
			if m.Engine == id {
				tags = append(tags, m)
			}
		}
		return tags
	}
	// A materialized table holds blocks of the pool while it exists.
	if err := e.Exec(context.Background(), "CREATE TEMP TABLE held AS SELECT range AS n, repeat('x', 100) AS s FROM range(200000)"); err != nil {
		t.Fatal(err)
	}
	created := time.Now()
	var held *MemorySample
	for deadline := created.Add(10 * time.Second); held == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, s := range traceSamples(t, path) {
			if s.Time.After(created) && len(ours(s)) > 0 {
				held = &s
			}
		}
	}
	if held == nil {
		t.Fatalf("no sample named the open engine's DuckDB memory: %+v", traceSamples(t, path))
	}
	var duckdb int64
	for _, m := range ours(*held) {
		if m.Tag == "" || m.Bytes < 0 {
			t.Errorf("bad DuckDB figure %+v", m)
		}
		duckdb += m.Bytes
	}
	// 21.6 MB as Go would hold it; DuckDB may compress it, not to half.
	if duckdb < 10<<20 {
		t.Errorf("DuckDB holds %d bytes by its tags, less than half the table: %+v", duckdb, held.DuckDB)
	}
	if held.GoHeap == 0 || held.GoTotal < held.GoHeap {
		t.Errorf("Go's heap %d of %d", held.GoHeap, held.GoTotal)
	}
	if runtime.GOOS == "linux" {
		if held.RSS <= 0 || held.PeakRSS < held.RSS || held.MallocHeld <= 0 || held.MallocInUse <= 0 {
			t.Errorf("RSS %d, peak %d, malloc %d of %d: want all positive on linux", held.RSS, held.PeakRSS, held.MallocInUse, held.MallocHeld)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	stopped = true
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	samples := traceSamples(t, path)
	if last := samples[len(samples)-1]; len(ours(last)) > 0 {
		t.Errorf("the sample taken at stop, after the engine closed, names it: %+v", last.DuckDB)
	}
	// An engine opened with no trace running is not traced.
	openSmallLake(t, Options{})
	memoryTrace.Lock()
	defer memoryTrace.Unlock()
	if len(memoryTrace.engines) != 0 {
		t.Errorf("engines traced with no trace running: %d", len(memoryTrace.engines))
	}
}
