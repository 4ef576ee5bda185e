package s3

import "time"

// Window is a range of UTC days, both ends included. A zero From means no
// lower bound; a zero To means no upper bound.
type Window struct {
	From, To time.Time
}

// NewWindow turns the instants of --from/--to into the days that meet
// [from, to): half-open like every window of the CLI, so --from 2024-03-05
// --to 2024-03-06 is the one day of March 5.
func NewWindow(from, to time.Time) Window {
	w := Window{From: truncateDay(from)}
	if !to.IsZero() {
		w.To = truncateDay(to.Add(-time.Nanosecond))
	}
	return w
}

func truncateDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Bounded tells whether both ends are set, so the days can be enumerated.
func (w Window) Bounded() bool { return !w.From.IsZero() && !w.To.IsZero() }

// Unbounded tells whether the window selects everything.
func (w Window) Unbounded() bool { return w.From.IsZero() && w.To.IsZero() }

// Contains tells whether day d is in the window.
func (w Window) Contains(d time.Time) bool {
	return (w.From.IsZero() || !d.Before(w.From)) && (w.To.IsZero() || !d.After(w.To))
}

// Overlaps tells whether any day of [first, last] is in the window.
func (w Window) Overlaps(first, last time.Time) bool {
	return (w.From.IsZero() || !last.Before(w.From)) && (w.To.IsZero() || !first.After(w.To))
}

// daysWithin lists the window's days inside [first, last], or reports false
// when there are more than max of them (or the window is open-ended).
func (w Window) daysWithin(first, last time.Time, max int) ([]time.Time, bool) {
	lo, hi := w.From, w.To
	if lo.IsZero() || hi.IsZero() {
		return nil, false
	}
	if first.After(lo) {
		lo = first
	}
	if last.Before(hi) {
		hi = last
	}
	var days []time.Time
	for d := lo; !d.After(hi); d = d.AddDate(0, 0, 1) {
		if len(days) == max {
			return nil, false
		}
		days = append(days, d)
	}
	return days, true
}
