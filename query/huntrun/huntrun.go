// Package huntrun runs hunts over a lake: it opens the engine over what the
// hunts read, runs them there and, when asked, groups their findings into
// incidents over the same window. It is the one place that does, for
// 'lakehunt hunt run' and 'lakehunt incidents' (through query/workflow)
// and for the findings panel of an investigation alike; query/hunt itself
// knows no engine.
package huntrun

import (
	"context"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// Result is what a run found: the hunts' report and, when grouping was
// asked for, its findings as incidents (each finding then names its
// incident in IncidentID).
type Result struct {
	Report    *hunt.Report
	Incidents []incident.Incident
	// Grouping is how long grouping the findings took, beside the
	// report's Duration for the hunts.
	Grouping time.Duration
}

// Run opens the engine from the earliest time any of the hunts reads (the
// window's start less the longest baseline) to the window's end, in
// DuckDB's dialect, which hunts are written in, runs the hunts and closes
// the engine. eng gives the lake and DuckDB's settings; its window and
// dialect are set here, and its clock is pinned to the hunts' now (opt.Now,
// else eng.Now, else the clock). With group set, the findings are grouped
// into incidents, and the engine opens early enough for the sessions the
// window's events were made with (engine.MaxSessionLifetime) to be traced,
// in a second engine over the same window, without a copy of CloudTrail.
// A hunt that fails is reported in its summary; the error is for an engine
// that did not open or a grouping that failed.
func Run(ctx context.Context, eng engine.Options, hs []*hunt.Hunt, opt hunt.RunOptions, group *incident.Options) (*Result, error) {
	if len(hs) == 0 {
		return &Result{Report: hunt.Run(ctx, nil, nil, opt)}, nil // no hunt, no engine to open
	}
	if opt.Now.IsZero() {
		opt.Now = eng.Now
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	eng.Now = opt.Now
	eng.From, eng.To = hunt.EarliestNeeded(hs, opt.Window), opt.Window.End
	if group != nil {
		if sessions := opt.Window.Start.Add(-engine.MaxSessionLifetime); sessions.Before(eng.From) {
			eng.From = sessions
		}
	}
	eng.Dialect = engine.DialectDuckDB
	if eng.Cache == nil {
		eng.Cache = cacheFor(hs, opt.Window)
		eng.CacheNarrow = hunt.ColumnsNarrowed(hs, lake.CloudTrail.CacheOptional)
	}
	e, err := engine.Open(ctx, eng)
	if err != nil {
		return nil, err
	}
	res := &Result{Report: hunt.Run(ctx, e, hs, opt)}
	if group == nil {
		e.Close() // as ever: a temp dir left behind is no reason to lose the findings
		return res, nil
	}
	start := time.Now()
	// The hunts' engine keeps its pool full (the copy's blocks if any, the
	// file cache, the footers: 0.6-1.0 GiB) while Go grows by the findings
	// and their evidence (0.5 GiB); a fresh engine without the copy keeps
	// them from adding up. The 30-day pack over the medium bench lake at
	// --memory-limit 2GB peaked at 1.48-1.50 GiB while it grouped instead
	// of 2.22 with the copy; without it ('lakehunt --memtrace'), at 1.90
	// GiB as the grouping began in the hunts' engine: its pool at 0.64 GiB,
	// Go at 0.31, glibc 0.44 and the last hunt's freed pool not yet
	// returned, 0.51 (2-core Intel Xeon; README, Benchmarks).
	e.Close()
	eng.Cache = []string{}
	if e, err = engine.Open(ctx, eng); err != nil {
		return nil, err
	}
	defer e.Close()
	if res.Incidents, err = incident.Build(ctx, e, res.Report.Findings, hs, *group); err != nil {
		return nil, err
	}
	incident.Label(res.Report.Findings, res.Incidents)
	res.Grouping = time.Since(start)
	return res, nil
}

// cacheMinHunts and cacheMinWindow say when the engine's sorted cache of
// CloudTrail (engine.Options.Cache) pays: copying the window costs about
// as much as a dozen hunts reading it from Parquet, after which each hunt
// reads a fraction of it ('lakehunt bench' scenario 3 runs the pack with
// and without it; the README's Benchmarks hold the numbers). A few hunts,
// or watch's five-minute pieces, would pay for a copy of their whole
// look-back and read little of it.
const (
	cacheMinHunts  = 20
	cacheMinWindow = 24 * time.Hour
)

// cacheFor names the views worth copying into the engine's cache for
// these hunts over w: the CloudTrail tables, for a pack over a day or more
// whose window is at least as long as its longest baseline. The copy holds
// the baselines too, while most hunts read only the window: for the pack
// over one day of the medium bench lake (5M events in 30 days, 30-day
// baselines) the copy of 31 days took 74 s of CPU and the run peaked at
// 3.0 GB, against 42 s more CPU for the hunts reading Parquet and a 1.4 GB
// peak without it.
func cacheFor(hs []*hunt.Hunt, w hunt.Window) []string {
	n := 0
	for _, h := range hs {
		if h.Reads(hunt.SourceCloudTrail) {
			n++
		}
	}
	window := w.End.Sub(w.Start)
	if n < cacheMinHunts || window < cacheMinWindow || window < w.Start.Sub(hunt.EarliestNeeded(hs, w)) {
		return nil
	}
	return []string{lake.CloudTrail.View, lake.S3Data.View, lake.LambdaExecution.View}
}
