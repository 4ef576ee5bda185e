// Package timeflag reads the time flags of the commands: instants such as
// --from, --to and --now, and durations such as --last and hunt
// parameters. It is apart from the engine so that what only parses flags
// does not link DuckDB.
package timeflag

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Parse reads a --from, --to or --now value:
//
//	2024-05-01T12:00:00Z       RFC 3339 (fractional seconds and offsets too)
//	2024-05-01T12:00:00        date and time without zone: UTC
//	2024-05-01 12:00:00        the same with a space
//	2024-05-01                 a date: its midnight, UTC
//	now                        now itself
//	-24h, 7d, 2w, 90m, 1d12h   that long before now
//	+1h                        that long after now
//
// A bare duration means the past because windows look back from now.
func Parse(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "now") {
		return now, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if d, err := ParseDuration(strings.TrimPrefix(s, "+")); err == nil {
		if !strings.HasPrefix(s, "+") && d > 0 {
			d = -d
		}
		return now.Add(d), nil
	}
	return time.Time{}, fmt.Errorf("cannot parse time %q: want RFC 3339 (2024-05-01T12:00:00Z), a date (2024-05-01), now, or a duration before now (24h, 7d)", s)
}

// durationUnits are the units of ParseDuration, longest first so that "ms"
// is not read as minutes.
var durationUnits = []struct {
	name string
	d    time.Duration
}{
	{"ms", time.Millisecond},
	{"w", 7 * 24 * time.Hour},
	{"d", 24 * time.Hour},
	{"h", time.Hour},
	{"m", time.Minute},
	{"s", time.Second},
}

// ParseDuration reads durations such as 7d, 24h, 2w, 90m, 1d12h or -30m:
// time.ParseDuration's units plus days (24h) and weeks (7d), each number
// a whole count.
func ParseDuration(s string) (time.Duration, error) {
	in := s
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return 0, fmt.Errorf("cannot parse duration %q: empty", in)
	}
	var total time.Duration
	for s != "" {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 {
			return 0, fmt.Errorf("cannot parse duration %q: expected a number at %q", in, s)
		}
		count, err := strconv.ParseInt(s[:n], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("cannot parse duration %q: %w", in, err)
		}
		s = s[n:]
		unit := time.Duration(0)
		for _, u := range durationUnits {
			if strings.HasPrefix(s, u.name) {
				unit, s = u.d, s[len(u.name):]
				break
			}
		}
		if unit == 0 {
			return 0, fmt.Errorf("cannot parse duration %q: a unit (w, d, h, m, s, ms) must follow %d", in, count)
		}
		if count > int64(1<<63-1)/int64(unit) || total > time.Duration(1<<63-1)-time.Duration(count)*unit {
			return 0, fmt.Errorf("cannot parse duration %q: too long", in)
		}
		total += time.Duration(count) * unit
	}
	if neg {
		total = -total
	}
	return total, nil
}
