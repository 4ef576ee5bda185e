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
// the look-back to just past the last, widened back to the start of every
// incident the new findings could join (one whose last finding is within
// the grouping gap of the window), so that such an incident is rebuilt
// whole, under the id its earliest finding gives it, as one run over
// everything would build it.
func window(st *state, c change, lookback, gap time.Duration) hunt.Window {
	w := hunt.Window{Start: c.First.Add(-lookback), End: c.Last.Add(time.Millisecond)}
	for widened := true; widened; {
		widened = false
		for _, k := range st.Incidents {
			if k.MergedInto != "" || k.LastTime.Before(w.Start.Add(-gap)) || !k.FirstTime.Before(w.Start) {
				continue
			}
			w.Start, widened = k.FirstTime, true
		}
	}
	return w
}
