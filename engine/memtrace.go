package engine

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A memory trace writes, at a fixed interval, where the process's memory
// is: its RSS and peak, Go's heap, the C allocations outside DuckDB's pool
// (glibc's mallinfo2), and each open engine's DuckDB memory by tag
// (duckdb_memory()). DuckDB's memory_limit bounds its buffer pool only, so
// a limit that the process exceeds is explained by the other figures:
// that is how outsidePoolFloor was sized, with a sampler written for the
// occasion and thrown away twice before this one ('lakehunt --memtrace').

// MemorySample is one line of a memory trace, in bytes.
type MemorySample struct {
	Time time.Time `json:"time"`
	// RSS and PeakRSS are the process's resident and highest resident
	// memory (VmRSS, VmHWM); 0 where /proc/self/status is missing.
	RSS     int64 `json:"rss"`
	PeakRSS int64 `json:"peak_rss"`
	// GoHeap is the Go heap's live and not yet swept objects; GoTotal all
	// memory the Go runtime has mapped.
	GoHeap  uint64 `json:"go_heap"`
	GoTotal uint64 `json:"go_total"`
	// MallocInUse and MallocHeld are what glibc's malloc hands out and
	// holds (mallinfo2: uordblks and hblkhd; arena and hblkhd), where
	// DuckDB's allocations outside its jemalloc pool live; -1 elsewhere.
	MallocInUse int64 `json:"malloc_in_use"`
	MallocHeld  int64 `json:"malloc_held"`
	// DuckDB is each open engine's memory by component, the tags that
	// hold any.
	DuckDB []DuckDBMemory `json:"duckdb,omitempty"`
}

// DuckDBMemory is one row of duckdb_memory() of one engine.
type DuckDBMemory struct {
	Engine    int    `json:"engine"` // engines are numbered in the order they opened
	Tag       string `json:"tag"`
	Bytes     int64  `json:"bytes"`
	Temporary int64  `json:"temporary,omitempty"` // spilled to the temp dir
}

// memoryTrace is the trace running, if any: engines register with it at
// Open and leave at Close, as the trace is of the process, like a CPU
// profile, not of one engine.
var memoryTrace struct {
	sync.Mutex
	on      bool
	engines map[*Engine]int
	opened  int
}

// TraceMemory writes a MemorySample as a JSON line to w every interval,
// and once more when stop is called, until then; stop returns the first
// write error. One trace runs at a time.
func TraceMemory(w io.Writer, interval time.Duration) (stop func() error) {
	memoryTrace.Lock()
	memoryTrace.on = true
	memoryTrace.engines = map[*Engine]int{}
	memoryTrace.Unlock()
	done := make(chan struct{})
	finished := make(chan error, 1)
	go func() {
		enc := json.NewEncoder(w)
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		var err error
		for {
			select {
			case <-ticker.C:
				if err == nil {
					err = enc.Encode(sampleMemory())
				}
			case <-done:
				if err == nil {
					err = enc.Encode(sampleMemory())
				}
				finished <- err
				return
			}
		}
	}()
	return func() error {
		close(done)
		err := <-finished
		memoryTrace.Lock()
		memoryTrace.on = false
		memoryTrace.engines = nil
		memoryTrace.Unlock()
		return err
	}
}

// traceEngine adds an engine that opened to the trace, if one runs.
func traceEngine(e *Engine) {
	memoryTrace.Lock()
	defer memoryTrace.Unlock()
	if memoryTrace.on {
		memoryTrace.opened++
		memoryTrace.engines[e] = memoryTrace.opened
	}
}

// untraceEngine removes an engine that closes.
func untraceEngine(e *Engine) {
	memoryTrace.Lock()
	defer memoryTrace.Unlock()
	delete(memoryTrace.engines, e)
}

func sampleMemory() MemorySample {
	s := MemorySample{Time: time.Now().UTC()}
	s.RSS, s.PeakRSS = ResidentMemory()
	m := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	metrics.Read(m)
	s.GoHeap, s.GoTotal = m[0].Value.Uint64(), m[1].Value.Uint64()
	s.MallocInUse, s.MallocHeld = mallocStats()
	// The engines are queried holding the lock, so that none closes while
	// its sample is taken; a query that fails (the engine is closing) is
	// left out of the sample.
	memoryTrace.Lock()
	defer memoryTrace.Unlock()
	for e, id := range memoryTrace.engines {
		s.DuckDB = append(s.DuckDB, e.memoryByTag(id)...)
	}
	return s
}

func (e *Engine) memoryByTag(id int) []DuckDBMemory {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	rows, err := e.db.QueryContext(ctx, `SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory()
WHERE memory_usage_bytes > 0 OR temporary_storage_bytes > 0 ORDER BY tag`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var tags []DuckDBMemory
	for rows.Next() {
		m := DuckDBMemory{Engine: id}
		if rows.Scan(&m.Tag, &m.Bytes, &m.Temporary) != nil {
			return nil
		}
		tags = append(tags, m)
	}
	return tags
}

// ResidentMemory reads the process's resident set and its high-water
// mark (VmRSS, VmHWM) from /proc/self/status, in bytes; 0 where there is
// none.
func ResidentMemory() (rss, peak int64) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			continue
		}
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return rss, peak
}
