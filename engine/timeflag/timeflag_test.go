package timeflag

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	now := time.Date(2024, 5, 10, 15, 30, 0, 0, time.UTC)
	f := func(in string, want time.Time) {
		t.Helper()
		got, err := Parse(in, now)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !got.Equal(want) {
			t.Errorf("%q = %v, want %v", in, got, want)
		}
	}
	f("2024-05-01T12:00:00Z", time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
	f("2024-05-01T12:00:00.250+02:00", time.Date(2024, 5, 1, 10, 0, 0, 250e6, time.UTC))
	f("2024-05-01T12:00:00", time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
	f("2024-05-01 12:00:00", time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
	f("2024-05-01T12:00", time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
	f("2024-05-01", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	f(" now ", now)
	f("-24h", now.Add(-24*time.Hour))
	f("24h", now.Add(-24*time.Hour))
	f("7d", now.AddDate(0, 0, -7))
	f("2w", now.AddDate(0, 0, -14))
	f("1d12h", now.Add(-36*time.Hour))
	f("+90m", now.Add(90*time.Minute))

	for _, bad := range []string{"", "yesterday", "2024-13-01", "7", "d7", "7x", "2024/05/01", "--7d"} {
		if _, err := Parse(bad, now); err == nil || !strings.Contains(err.Error(), "cannot parse time") {
			t.Errorf("%q: error %v", bad, err)
		}
	}
}

func TestParseDuration(t *testing.T) {
	f := func(in string, want time.Duration) {
		t.Helper()
		got, err := ParseDuration(in)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got != want {
			t.Errorf("%q = %v, want %v", in, got, want)
		}
	}
	f("7d", 7*24*time.Hour)
	f("1w2d3h4m5s6ms", 9*24*time.Hour+3*time.Hour+4*time.Minute+5*time.Second+6*time.Millisecond)
	f("-30m", -30*time.Minute)
	f("0s", 0)
	for _, bad := range []string{"", "-", "h", "1.5h", "3", "1y", "99999999999999999999d", "200000w"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"7d", "-24h", "1w2d3h4m5s6ms", "0s", "106751d", "9223372036854775807ms"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		// A duration it accepts is exact: the same text with the sign
		// flipped is its negation.
		flipped := "-" + s
		if strings.HasPrefix(s, "-") {
			flipped = s[1:]
		}
		if back, err := ParseDuration(flipped); err != nil || back != -d {
			t.Fatalf("%q = %v but %q = %v, %v", s, d, flipped, back, err)
		}
	})
}
