package watch

import (
	"time"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// Lookback is how far before the first new event the hunts must read to
// see everything that new event can complete: the longest duration
// parameter of any of them (a threshold's or sequence's span, the $gap
// that ends a stretch of one actor's activity), with overrides applied.
// Baselines are not part of it: baseline hunts read their baseline from
// the lake before the window whatever the window is.
func Lookback(hs []*hunt.Hunt, params map[string]string) time.Duration {
	var longest time.Duration
	for _, h := range hs {
		for _, p := range h.Params {
			if p.Type != hunt.TypeDuration {
				continue
			}
			raw := p.Default
			if v, ok := params[p.Name]; ok {
				raw = v
			}
			if v, ok := params[h.ID+"."+p.Name]; ok {
				raw = v
			}
			if d, err := timeflag.ParseDuration(raw); err == nil {
				longest = max(longest, d)
			}
		}
	}
	return longest
}

// change is what commits after the watermark added: the time range of
// their events and the newest commit.
type change struct {
	First, Last time.Time
	Through     string // id of the newest commit read
	Events      int64
	// Newest is the newest event in the whole lake: later than Last when
	// the commits brought events older than some already there (a late
	// delivery, a backfill).
	Newest time.Time
}

// newEvents reads the manifest for the commits after the watermark.
// Compactions (commits that remove files) add no event and are passed
// over.
func newEvents(root, after string) (change, error) {
	commits, err := lake.ReadManifest(root)
	if err != nil {
		return change{}, err
	}
	var c change
	c.Through = after
	for _, cm := range commits {
		for _, f := range cm.Files {
			if last := time.UnixMilli(f.MaxTime).UTC(); f.Rows > 0 && last.After(c.Newest) {
				c.Newest = last
			}
		}
		if cm.ID <= after {
			continue
		}
		c.Through = cm.ID
		if len(cm.Removed) > 0 {
			continue
		}
		for _, f := range cm.Files {
			if f.Rows == 0 {
				continue
			}
			first, last := time.UnixMilli(f.MinTime).UTC(), time.UnixMilli(f.MaxTime).UTC()
			if c.Events == 0 || first.Before(c.First) {
				c.First = first
			}
			if c.Events == 0 || last.After(c.Last) {
				c.Last = last
			}
			c.Events += f.Rows
		}
	}
	return c, nil
}

// window is the range to hunt for a change: from the first new event less
// the look-back to just past the last, widened to every incident the new
// findings could join (one within the grouping gap of the window), so
// that such an incident is rebuilt whole, under the id its earliest
// finding gives it, as one run over everything would build it.
//
// When the change is older than events already in the lake (commits that
// arrive out of order), the window also reaches the look-back past the
// last new event: a threshold or sequence the late events complete may
// end in the later ones. An incident after the new events is then
// rebuilt too, and when a late finding is earlier than all of its own it
// takes the incident over under the earlier finding's id, the id one run
// over everything gives it, whatever order the commits came in.
func window(st *state, c change, lookback, gap time.Duration) hunt.Window {
	w := hunt.Window{Start: c.First.Add(-lookback), End: c.Last.Add(time.Millisecond)}
	if c.Newest.After(c.Last) {
		w.End = minTime(c.Newest, c.Last.Add(lookback)).Add(time.Millisecond)
	}
	for widened := true; widened; {
		widened = false
		for _, k := range st.Incidents {
			if k.MergedInto != "" || k.Retired || k.LastTime.Before(w.Start.Add(-gap)) || !k.FirstTime.Before(w.End.Add(gap)) {
				continue
			}
			if k.FirstTime.Before(w.Start) {
				w.Start, widened = k.FirstTime, true
			}
			if end := k.LastTime.Add(time.Millisecond); end.After(w.End) {
				w.End, widened = end, true
			}
		}
	}
	return w
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
