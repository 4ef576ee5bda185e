package mcptools

import (
	"fmt"
	"time"

	"github.com/lakehunt/lakehunt/engine/timeflag"
)

// Window is the time window a tool looks at, as the model gives it.
type Window struct {
	From string `json:"from,omitempty" jsonschema:"start of the window, included: RFC 3339 (2024-03-05T10:00:00Z), a date (2024-03-05, its midnight UTC), or a duration before now (24h, 7d, 2w), now being as lake_info gives it"`
	To   string `json:"to,omitempty" jsonschema:"end of the window, excluded: same forms as from"`
}

// parse reads the window's sides against now; a side not given is zero.
func (w Window) parse(now time.Time) (from, to time.Time, err error) {
	if w.From != "" {
		if from, err = timeflag.Parse(w.From, now); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("from: %w", err)
		}
	}
	if w.To != "" {
		if to, err = timeflag.Parse(w.To, now); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("to: %w", err)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return time.Time{}, time.Time{}, fmt.Errorf("empty window: from %s is not before to %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return from, to, nil
}

// defaultHuntWindow is the window of hunt_run and incidents when from is
// not given: the week before to, as 'lakehunt hunt run' takes.
const defaultHuntWindow = 7 * 24 * time.Hour

// huntWindow is the window with to defaulting to now and from to a week
// before to.
func (w Window) huntWindow(now time.Time) (from, to time.Time, err error) {
	if from, to, err = w.parse(now); err != nil {
		return time.Time{}, time.Time{}, err
	}
	if to.IsZero() {
		to = now
	}
	if from.IsZero() {
		from = to.Add(-defaultHuntWindow)
	}
	if !from.Before(to) {
		return time.Time{}, time.Time{}, fmt.Errorf("empty window: from %s is not before to %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return from, to, nil
}
