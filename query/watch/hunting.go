package watch

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
)

// lookbackGroup is the hunts that need the same look-back before the new
// events, and that alike read history before their window or do not.
type lookbackGroup struct {
	lookback time.Duration
	history  bool
	hunts    []*hunt.Hunt
}

// groupByLookback splits the hunts by their look-back, shortest first: a
// pack's hundred stretch hunts need an hour, a handful of sequences a day
// and a half, and each reads only its own.
func groupByLookback(hs []*hunt.Hunt, params map[string]string) []lookbackGroup {
	var groups []lookbackGroup
	for _, h := range hs {
		look, history := Lookback([]*hunt.Hunt{h}, params), readsHistory(h)
		i := slices.IndexFunc(groups, func(g lookbackGroup) bool { return g.lookback == look && g.history == history })
		if i < 0 {
			groups = append(groups, lookbackGroup{lookback: look, history: history})
			i = len(groups) - 1
		}
		groups[i].hunts = append(groups[i].hunts, h)
	}
	slices.SortStableFunc(groups, func(a, b lookbackGroup) int { return int(a.lookback - b.lookback) })
	return groups
}

// readsHistory says whether a hunt reads before its window: a baseline,
// or the session views, which trace a window's credentials to calls up to
// engine.MaxSessionLifetime before it.
func readsHistory(h *hunt.Hunt) bool {
	return h.Baseline > 0 || strings.Contains(h.SQL, "cloudtrail_with_origin") || strings.Contains(h.SQL, "sessions")
}

func (g lookbackGroup) has(huntID string) bool {
	return slices.ContainsFunc(g.hunts, func(h *hunt.Hunt) bool { return h.ID == huntID })
}

// huntRun is one incremental hunt: each group of hunts over its own
// window, then the findings grouped into incidents over one engine.
type huntRun struct {
	Windows   []hunt.Window // per group, as groups are ordered
	Span      hunt.Window   // from the earliest window start to the end
	Report    *hunt.Report
	Incidents []incident.Incident
	// Held is what the state holds next: the findings held before that
	// the run did not find again, and the run's findings, each labelled
	// with its incident.
	Held []hunt.Finding
	// Open, Hunting and Grouping are the times engine.Open, the hunts of
	// each group and incident.Build took.
	Open     time.Duration
	Hunting  []time.Duration
	Grouping time.Duration
}

// runIncremental runs each group of hunts over its window (window.go),
// then groups their findings, with the held findings of every incident
// they may join, into incidents. An engine open over what the windows
// need (baselines, and the sessions behind the earliest window's events)
// and what the held findings' evidence needs serves the grouping and the
// groups that read history; the groups that read only their window (most
// of a pack: stretches and short thresholds) get an engine of their own
// over their windows, whose views list only the files there: a lake fed
// every five minutes holds hundreds of small files a day, and every
// query over a view binds every file it lists.
func runIncremental(ctx context.Context, eng engine.Options, groups []lookbackGroup, st *state, c change, gap time.Duration,
	params map[string]string, parallel int) (*huntRun, error) {
	run := &huntRun{Report: &hunt.Report{}}
	var all []*hunt.Hunt
	for _, g := range groups {
		w := window(st, c, g, gap)
		run.Windows = append(run.Windows, w)
		if run.Span.Start.IsZero() || w.Start.Before(run.Span.Start) {
			run.Span.Start = w.Start
		}
		if w.End.After(run.Span.End) {
			run.Span.End = w.End
		}
		from := hunt.EarliestNeeded(g.hunts, w)
		if eng.From.IsZero() || from.Before(eng.From) {
			eng.From = from
		}
		all = append(all, g.hunts...)
	}
	// The held findings found again are replaced by the run's; the others
	// join the grouping when their incident is within the gap of what the
	// run hunted.
	var kept, joining []hunt.Finding
	for _, f := range st.Findings {
		again := false
		for i, g := range groups {
			w := run.Windows[i]
			again = again || (g.has(f.HuntID) && !f.FirstTime.Before(w.Start) && f.LastTime.Before(w.End))
		}
		if again {
			continue
		}
		kept = append(kept, f)
		if k := st.Incidents[f.IncidentID]; k != nil && !k.LastTime.Before(run.Span.Start.Add(-gap)) && k.FirstTime.Before(run.Span.End.Add(gap)) {
			f.IncidentID = ""
			joining = append(joining, f)
		}
	}
	evidenceFrom, evidenceTo := run.Span.Start, run.Span.End
	for _, f := range joining {
		if f.FirstTime.Before(evidenceFrom) {
			evidenceFrom = f.FirstTime
		}
		if end := f.LastTime.Add(time.Millisecond); end.After(evidenceTo) {
			evidenceTo = end
		}
	}
	if sessions := evidenceFrom.Add(-engine.MaxSessionLifetime); sessions.Before(eng.From) {
		eng.From = sessions
	}
	eng.To = evidenceTo
	eng.Dialect = engine.DialectDuckDB
	opening := time.Now()
	e, err := engine.Open(ctx, eng)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	narrow := eng
	narrow.From, narrow.To = time.Time{}, time.Time{}
	for i, g := range groups {
		if w := run.Windows[i]; !g.history {
			if narrow.From.IsZero() || w.Start.Before(narrow.From) {
				narrow.From = w.Start
			}
			if w.End.After(narrow.To) {
				narrow.To = w.End
			}
		}
	}
	recent := e
	if !narrow.From.IsZero() {
		if recent, err = engine.Open(ctx, narrow); err != nil {
			return nil, err
		}
		defer recent.Close()
	}
	run.Open = time.Since(opening)
	start := time.Now()
	for i, g := range groups {
		group := time.Now()
		on := e
		if !g.history {
			on = recent
		}
		rep := hunt.Run(ctx, on, g.hunts, hunt.RunOptions{Window: run.Windows[i], Now: eng.Now, Params: params, Parallel: parallel})
		run.Hunting = append(run.Hunting, time.Since(group))
		run.Report.Findings = append(run.Report.Findings, rep.Findings...)
		run.Report.Summaries = append(run.Report.Summaries, rep.Summaries...)
	}
	run.Report.Duration = time.Since(start)
	start = time.Now()
	if run.Incidents, err = incident.Build(ctx, e, append(slices.Clone(run.Report.Findings), joining...), all, incident.Options{Gap: gap}); err != nil {
		return nil, err
	}
	run.Grouping = time.Since(start)
	of := map[string]string{}
	for _, inc := range run.Incidents {
		for _, f := range inc.Findings {
			of[findingKey(f)] = inc.ID
		}
	}
	run.Held = kept
	for i := range run.Held {
		if id, ok := of[findingKey(run.Held[i])]; ok {
			run.Held[i].IncidentID = id
		}
	}
	for _, f := range run.Report.Findings {
		f.IncidentID = of[findingKey(f)]
		run.Held = append(run.Held, f)
	}
	return run, nil
}
