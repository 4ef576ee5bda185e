package main

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/lakehunt/lakehunt/engine/timeflag"
)

// DayFlags are --from and --to of the commands that pick whole days
// (eventDay partitions, delivery day folders) rather than query a window:
// no --now or --last, and either side may be left open.
type DayFlags struct {
	From, To string
}

// addDayFlags adds --from and --to; what names the days they pick
// ("eventDays to copy").
func addDayFlags(fs *pflag.FlagSet, o *DayFlags, what string) {
	fs.StringVar(&o.From, "from", "", what+" from this time on (RFC 3339, a date such as 2024-05-01, or a duration before now such as 7d)")
	fs.StringVar(&o.To, "to", "", what+" before this time")
}

// window resolves the flags against the clock; a side not given is zero.
func (o DayFlags) window() (from, to time.Time, err error) {
	_, from, to, err = timeWindow("", o.From, o.To, "", time.Now())
	return from, to, err
}

// timeWindow resolves the window flags that every command reading the lake
// takes: --now (the clock when empty), then --from and --to relative to it,
// or --last D meaning [now-D, now). A side that is not given stays zero,
// for each command to default as it documents.
func timeWindow(nowFlag, fromFlag, toFlag, lastFlag string, clock time.Time) (now, from, to time.Time, err error) {
	now = clock
	if nowFlag != "" {
		if now, err = timeflag.Parse(nowFlag, clock); err != nil {
			return now, from, to, usageErrorf("--now: %v", err)
		}
	}
	if lastFlag != "" {
		if fromFlag != "" || toFlag != "" {
			return now, from, to, usageErrorf("--last cannot be combined with --from or --to")
		}
		d, err := timeflag.ParseDuration(lastFlag)
		if err != nil || d <= 0 {
			return now, from, to, usageErrorf("--last: want a positive duration such as 24h or 7d, got %q", lastFlag)
		}
		return now, now.Add(-d), now, nil
	}
	if fromFlag != "" {
		if from, err = timeflag.Parse(fromFlag, now); err != nil {
			return now, from, to, usageErrorf("--from: %v", err)
		}
	}
	if toFlag != "" {
		if to, err = timeflag.Parse(toFlag, now); err != nil {
			return now, from, to, usageErrorf("--to: %v", err)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return now, from, to, usageErrorf("empty window: %s is not before %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return now, from, to, nil
}
