package watch

import (
	"context"
	"slices"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
)

// lookbackGroup is the hunts that need the same look-back before the new
// events.
type lookbackGroup struct {
	lookback time.Duration
	hunts    []*hunt.Hunt
}

// groupByLookback splits the hunts by their look-back, shortest first: a
// pack's hundred stretch hunts need an hour, a handful of sequences a day
// and a half, and each reads only its own.
func groupByLookback(hs []*hunt.Hunt, params map[string]string) []lookbackGroup {
	var groups []lookbackGroup
	for _, h := range hs {
		look := Lookback([]*hunt.Hunt{h}, params)
		i := slices.IndexFunc(groups, func(g lookbackGroup) bool { return g.lookback == look })
		if i < 0 {
			groups = append(groups, lookbackGroup{lookback: look})
			i = len(groups) - 1
		}
		groups[i].hunts = append(groups[i].hunts, h)
	}
	slices.SortFunc(groups, func(a, b lookbackGroup) int { return int(a.lookback - b.lookback) })
	return groups
}

// huntRun is one incremental hunt: each group of hunts over its own
// window, then every finding grouped into incidents over one engine.
type huntRun struct {
	Windows []hunt.Window // per group, as groups are ordered
	Span    hunt.Window   // from the earliest window start to the end
	// Cover is what every group hunted: from the latest window start to
	// the earliest end. An incident inside it that the run did not build
	// again was built from part of its events (see retire).
	Cover     hunt.Window
	Report    *hunt.Report
	Incidents []incident.Incident
	// Grouping is the time incident.Build took.
	Grouping time.Duration
}

// runIncremental opens one engine over what every group's window needs
// (baselines, and the sessions behind the earliest window's events), runs
// each group over its window and groups all the findings.
func runIncremental(ctx context.Context, eng engine.Options, groups []lookbackGroup, st *state, c change, gap time.Duration,
	params map[string]string, parallel int) (*huntRun, error) {
	run := &huntRun{Report: &hunt.Report{}}
	eng.From, eng.To = time.Time{}, time.Time{}
	var all []*hunt.Hunt
	for _, g := range groups {
		w := window(st, c, g.lookback, gap)
		run.Windows = append(run.Windows, w)
		if w.End.After(eng.To) {
			eng.To = w.End
		}
		from := hunt.EarliestNeeded(g.hunts, w)
		if sessions := w.Start.Add(-engine.MaxSessionLifetime); sessions.Before(from) {
			from = sessions
		}
		if eng.From.IsZero() || from.Before(eng.From) {
			eng.From = from
		}
		if run.Cover.Start.IsZero() || w.Start.After(run.Cover.Start) {
			run.Cover.Start = w.Start
		}
		if run.Cover.End.IsZero() || w.End.Before(run.Cover.End) {
			run.Cover.End = w.End
		}
		if run.Span.Start.IsZero() || w.Start.Before(run.Span.Start) {
			run.Span.Start = w.Start
		}
		all = append(all, g.hunts...)
	}
	run.Span.End = eng.To
	eng.Dialect = engine.DialectDuckDB
	e, err := engine.Open(ctx, eng)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	start := time.Now()
	for i, g := range groups {
		rep := hunt.Run(ctx, e, g.hunts, hunt.RunOptions{Window: run.Windows[i], Now: eng.Now, Params: params, Parallel: parallel})
		run.Report.Findings = append(run.Report.Findings, rep.Findings...)
		run.Report.Summaries = append(run.Report.Summaries, rep.Summaries...)
	}
	run.Report.Duration = time.Since(start)
	start = time.Now()
	if run.Incidents, err = incident.Build(ctx, e, run.Report.Findings, all, incident.Options{Gap: gap}); err != nil {
		return nil, err
	}
	run.Grouping = time.Since(start)
	return run, nil
}
