package workflow

import (
	"context"
	"time"

	"github.com/lakehunt/lakehunt/engine"
)

// Session is SQL over a lake window: the lake, the window of events the
// views show, the dialect of the statements and DuckDB's settings.
type Session struct {
	Lake string
	// From and To bound the views to [From, To); zero leaves a side open.
	From, To time.Time
	// Dialect of the statements; "" is engine.DialectAthena.
	Dialect engine.Dialect
	Engine  EngineSettings
}

// Open opens the engine over the session's window, for a caller that runs
// statements one at a time (the shell, a benchmark's scans). Close it when
// done.
func (s Session) Open(ctx context.Context) (*engine.Engine, error) {
	return s.open(ctx, nil)
}

// open opens the engine, letting DuckDB write to the allowed directories.
func (s Session) open(ctx context.Context, allowPaths []string) (*engine.Engine, error) {
	opt := s.Engine.options(s.Lake)
	opt.From, opt.To, opt.Dialect, opt.AllowPaths = s.From, s.To, s.Dialect, allowPaths
	return engine.Open(ctx, opt)
}
