// Package huntrun runs hunts over a lake: it opens the engine over what the
// hunts read and runs them there. It is the one place that does, for
// 'lakehunt hunt run' (through query/workflow) and for the findings panel
// of an investigation alike; query/hunt itself knows no engine.
package huntrun

import (
	"context"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
)

// Run opens the engine from the earliest time any of the hunts reads (the
// window's start less the longest baseline) to the window's end, in
// DuckDB's dialect, which hunts are written in, runs the hunts and closes
// the engine. eng gives the lake and DuckDB's settings; its window and
// dialect are set here, and its clock is pinned to the hunts' now (opt.Now,
// else eng.Now, else the clock). A hunt that fails is reported in its
// summary; the error is for an engine that did not open.
func Run(ctx context.Context, eng engine.Options, hs []*hunt.Hunt, opt hunt.RunOptions) (*hunt.Report, error) {
	if len(hs) == 0 {
		return hunt.Run(ctx, nil, nil, opt), nil // no hunt, no engine to open
	}
	if opt.Now.IsZero() {
		opt.Now = eng.Now
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	eng.Now = opt.Now
	eng.From, eng.To = hunt.EarliestNeeded(hs, opt.Window), opt.Window.End
	eng.Dialect = engine.DialectDuckDB
	e, err := engine.Open(ctx, eng)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	return hunt.Run(ctx, e, hs, opt), nil
}
