// Package workflow is what lakehunt's commands do, as functions over
// request structs: run SQL over a lake window, run hunts, investigate an
// entity. The CLI, the benchmarks and any other front end call these, so
// that they all do the same thing; a front end only turns its input into a
// request and shows what comes back. Nothing here reads flags or writes to
// a terminal. Ingest lives in storage (ingest.Paths, s3.Ingest), which
// never imports the engine.
package workflow

import (
	"time"

	"github.com/lakehunt/lakehunt/engine"
)

// EngineSettings set up DuckDB for a workflow: what the engine flags of
// 'query', 'shell', 'hunt run' and 'investigate' say.
type EngineSettings struct {
	// Now pins the clock of the SQL (CURRENT_TIMESTAMP, now()); hunts and
	// investigations also take it as the time relative windows count
	// from. Zero is the clock.
	Now time.Time
	// Threads, MemoryLimit and TempDir are engine.Options' fields of the
	// same names; zero values are DuckDB's defaults.
	Threads     int
	MemoryLimit string
	TempDir     string
}

func (s EngineSettings) options(lake string) engine.Options {
	return engine.Options{Lake: lake, Now: s.Now, Threads: s.Threads, MemoryLimit: s.MemoryLimit, TempDir: s.TempDir}
}

// nowOr is Now, or the clock when Now is zero.
func (s EngineSettings) nowOr(clock func() time.Time) time.Time {
	if s.Now.IsZero() {
		return clock()
	}
	return s.Now
}

// RequestError is a request refused before any work started: an unknown
// hunt, a parameter no selected hunt declares, an empty window. It is the
// caller's mistake; the CLI exits with its usage status.
type RequestError struct{ Err error }

func (e *RequestError) Error() string { return e.Err.Error() }
func (e *RequestError) Unwrap() error { return e.Err }
