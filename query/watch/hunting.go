package watch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/storage/lake"
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
	// Open is the time opening the engine took (or advancing the one
	// kept, runTouched), Ran each run of a group of hunts in order, and
	// Grouping the time incident.Build took: where a piece's time goes.
	Open     time.Duration
	Ran      []groupRun
	Grouping time.Duration
}

// groupRun is one run of a group's hunts (all of them or those needed)
// over a window, for the log.
type groupRun struct {
	Lookback time.Duration
	Hunts    int
	Window   hunt.Window
	Took     time.Duration
}

func (r groupRun) String() string {
	return fmt.Sprintf("%s×%d %s..%s %s", r.Lookback, r.Hunts, r.Window.Start.Format(time.TimeOnly), r.Window.End.Format(time.TimeOnly),
		r.Took.Round(time.Millisecond))
}

// runIncremental is the hunt of a change older than events already in the
// lake (a late delivery, a backfill; in order, runTouched): it opens one
// engine over what every group's window needs (baselines, and the
// sessions behind the earliest window's events), runs each group over its
// window (see window) and groups all the findings.
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
	start := time.Now()
	e, err := engine.Open(ctx, eng)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	run.Open = time.Since(start)
	start = time.Now()
	for i, g := range groups {
		rep := hunt.Run(ctx, e, g.hunts, hunt.RunOptions{Window: run.Windows[i], Now: eng.Now, Params: params, Parallel: parallel})
		run.Report.Findings = append(run.Report.Findings, rep.Findings...)
		run.Report.Summaries = append(run.Report.Summaries, rep.Summaries...)
		run.Ran = append(run.Ran, groupRun{Lookback: g.lookback, Hunts: len(g.hunts), Window: run.Windows[i], Took: rep.Duration})
	}
	run.Report.Duration = time.Since(start)
	start = time.Now()
	if run.Incidents, err = incident.Build(ctx, e, run.Report.Findings, all, incident.Options{Gap: gap}); err != nil {
		return nil, err
	}
	run.Grouping = time.Since(start)
	return run, nil
}

// runTouched is the incremental hunt of a change that is the newest in the
// lake (no event already there is later than its last, as deliveries come
// in order). It hunts in two passes instead of rebuilding every incident
// the new events come near, and the chain of incidents near those:
//
//  1. Every hunt over its own look-back before the new events. A finding
//     that ends at or after the first new event is one the new events may
//     have made, extended or completed ("touching"); when there is none,
//     the whole-day outcome is what the state already holds.
//  2. The hunts behind the touching findings and behind the known
//     incidents those can join (one that ended within the grouping gap
//     of the earliest touching finding) run again from the earliest of
//     them, less each hunt's look-back, so that every finding of those
//     incidents is rebuilt whole; the findings are grouped, and only the
//     incidents holding a touching finding are returned. The others are
//     older stories, unchanged by the new events, and the window may cut
//     them.
func runTouched(ctx context.Context, kept *keptEngine, eng engine.Options, groups []lookbackGroup, st *state, c change, gap time.Duration,
	params map[string]string, parallel int) (*huntRun, error) {
	run := &huntRun{Report: &hunt.Report{}}
	end := c.Last.Add(time.Millisecond)
	longest := groups[len(groups)-1].lookback
	earliest := c.First.Add(-longest)
	for _, k := range st.Incidents {
		if k.MergedInto == "" && !k.Retired && !k.LastTime.Before(earliest.Add(-gap)) && k.FirstTime.Before(earliest) {
			earliest = k.FirstTime
		}
	}
	var all []*hunt.Hunt
	for _, g := range groups {
		all = append(all, g.hunts...)
	}
	// One engine for both passes, from the sessions behind the earliest
	// events the second pass may read to the end, reading a copy of that
	// range (engine.Options.Cache) rather than the Parquet files: a watch
	// commits a file per partition and piece, and reading a day's 48
	// small files doubled the CPU of the pack over a two-hour window
	// (6.4 s against 3.1 s over the same day in 2 files, at small); copied
	// once, each hunt reads one sorted table. The engine stays open for
	// the next piece (keptEngine), which copies only its own files.
	// Baseline hunts, whose baselines reach weeks back, read the files
	// through a second engine, opened when one of them runs.
	eng.Dialect = engine.DialectDuckDB
	eng.To = end
	near := eng
	near.From = earliest.Add(-longest - engine.MaxSessionLifetime)
	near.Cache = []string{}
	if slices.ContainsFunc(all, func(h *hunt.Hunt) bool { return h.Source != hunt.SourceVPCFlow }) {
		near.Cache = []string{lake.CloudTrail.View, lake.S3Data.View, lake.LambdaExecution.View}
		near.CacheNarrow = hunt.ColumnsNarrowed(all, lake.CloudTrail.CacheOptional)
	}
	start := time.Now()
	e, err := kept.open(ctx, near)
	if err != nil {
		return nil, err
	}
	var wide *engine.Engine
	defer func() {
		if wide != nil {
			wide.Close()
		}
	}()
	run.Open = time.Since(start)
	start = time.Now()
	var openErr error
	runOn := func(hs []*hunt.Hunt, w hunt.Window) *hunt.Report {
		q := e
		if hs[0].Baseline > 0 {
			if wide == nil {
				eng.From = minTime(near.From, hunt.EarliestNeeded(all, hunt.Window{Start: earliest.Add(-longest)}))
				eng.Cache = []string{}
				if wide, openErr = engine.Open(ctx, eng); openErr != nil {
					return &hunt.Report{}
				}
			}
			q = wide
		}
		return hunt.Run(ctx, q, hs, hunt.RunOptions{Window: w, Now: eng.Now, Params: params, Parallel: parallel})
	}
	hunted := func(groups []lookbackGroup, from func(lookbackGroup) time.Time) []hunt.Finding {
		var found []hunt.Finding
		for _, g := range groups {
			w := hunt.Window{Start: from(g), End: end}
			took := time.Now()
			for _, hs := range splitByBaseline(g.hunts) {
				rep := runOn(hs, w)
				found = append(found, rep.Findings...)
				run.Report.Summaries = append(run.Report.Summaries, rep.Summaries...)
			}
			run.Ran = append(run.Ran, groupRun{Lookback: g.lookback, Hunts: len(g.hunts), Window: w, Took: time.Since(took)})
			run.Windows = append(run.Windows, w)
			if run.Span.Start.IsZero() || w.Start.Before(run.Span.Start) {
				run.Span = hunt.Window{Start: w.Start, End: end}
			}
		}
		return found
	}
	touching := func(f hunt.Finding) bool { return !f.LastTime.Before(c.First) }
	first := hunted(groups, func(g lookbackGroup) time.Time { return c.First.Add(-g.lookback) })
	if openErr != nil {
		return nil, openErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if run.Report.Failed() > 0 {
		run.Report.Duration = time.Since(start)
		return run, nil
	}
	needed := map[string]bool{}
	var from time.Time
	for _, f := range first {
		if touching(f) {
			needed[f.HuntID] = true
			if from.IsZero() || f.FirstTime.Before(from) {
				from = f.FirstTime
			}
		}
	}
	if len(needed) == 0 {
		run.Report.Duration = time.Since(start)
		return run, nil
	}
	from = from.Add(-gap)
	for _, k := range st.Incidents {
		if k.MergedInto != "" || k.Retired || k.LastTime.Before(from) {
			continue
		}
		if k.FirstTime.Before(from) {
			from = k.FirstTime
		}
		for _, key := range k.FindingKeys {
			id, _, _ := strings.Cut(key, "\x00")
			needed[id] = true
		}
	}
	var second []lookbackGroup
	for _, g := range groups {
		if hs := slices.DeleteFunc(slices.Clone(g.hunts), func(h *hunt.Hunt) bool { return !needed[h.ID] }); len(hs) > 0 {
			second = append(second, lookbackGroup{lookback: g.lookback, hunts: hs})
		}
	}
	run.Report.Summaries = nil
	run.Report.Findings = hunted(second, func(g lookbackGroup) time.Time { return from.Add(-g.lookback) })
	run.Report.Duration = time.Since(start)
	if openErr != nil {
		return nil, openErr
	}
	if run.Report.Failed() > 0 {
		return run, nil
	}
	start = time.Now()
	incidents, err := incident.Build(ctx, e, run.Report.Findings, all, incident.Options{Gap: gap})
	if err != nil {
		return nil, err
	}
	for _, inc := range incidents {
		if slices.ContainsFunc(inc.Findings, touching) {
			run.Incidents = append(run.Incidents, inc)
		}
	}
	run.Grouping = time.Since(start)
	return run, nil
}

// splitByBaseline splits hunts into those without a baseline and those
// with one, leaving out an empty part.
func splitByBaseline(hs []*hunt.Hunt) [][]*hunt.Hunt {
	var without, with []*hunt.Hunt
	for _, h := range hs {
		if h.Baseline > 0 {
			with = append(with, h)
		} else {
			without = append(without, h)
		}
	}
	return slices.DeleteFunc([][]*hunt.Hunt{without, with}, func(part []*hunt.Hunt) bool { return len(part) == 0 })
}

// keptEngine is the engine runTouched reads through, kept open from one
// piece to the next and advanced to each piece's window (engine.Advance):
// at medium, opening it and copying a day and a half of look-back again
// for every piece of a day was 3 to 9 s of each piece's 5 to 15.
type keptEngine struct {
	e *engine.Engine
}

// open returns an engine over opt: the one kept, advanced, when it can
// be, else a new one, kept in its place.
func (k *keptEngine) open(ctx context.Context, opt engine.Options) (*engine.Engine, error) {
	if k.e != nil {
		err := k.e.Advance(ctx, opt)
		if err == nil {
			return k.e, nil
		}
		k.close()
		if !errors.Is(err, engine.ErrCannotAdvance) {
			return nil, err
		}
	}
	e, err := engine.Open(ctx, opt)
	if err != nil {
		return nil, err
	}
	k.e = e
	return e, nil
}

// close closes the engine kept, if any.
func (k *keptEngine) close() {
	if k.e != nil {
		k.e.Close()
		k.e = nil
	}
}
