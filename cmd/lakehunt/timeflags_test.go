package main

import (
	"testing"
	"time"
)

func TestTimeWindow(t *testing.T) {
	clock := time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	f := func(now, from, to, last string, wantNow, wantFrom, wantTo time.Time, wantErr bool) {
		t.Helper()
		gotNow, gotFrom, gotTo, err := timeWindow(now, from, to, last, clock)
		if (err != nil) != wantErr {
			t.Fatalf("timeWindow(%q, %q, %q, %q): err %v, want error %v", now, from, to, last, err, wantErr)
		}
		if err == nil && (!gotNow.Equal(wantNow) || !gotFrom.Equal(wantFrom) || !gotTo.Equal(wantTo)) {
			t.Fatalf("timeWindow(%q, %q, %q, %q) = %v %v %v, want %v %v %v", now, from, to, last, gotNow, gotFrom, gotTo, wantNow, wantFrom, wantTo)
		}
	}
	f("", "", "", "", clock, time.Time{}, time.Time{}, false)
	f("", "2024-03-05", "2024-03-06", "", clock, day(5), day(6), false)
	f("2024-03-08T00:00:00Z", "", "", "24h", day(8), day(7), day(8), false)
	f("2024-03-08T00:00:00Z", "2d", "", "", day(8), day(6), time.Time{}, false)
	f("", "2024-03-06", "2024-03-05", "", clock, time.Time{}, time.Time{}, true)
	f("", "2024-03-05", "", "24h", clock, time.Time{}, time.Time{}, true)
	f("", "", "", "-3h", clock, time.Time{}, time.Time{}, true)
	f("yesterday", "", "", "", clock, time.Time{}, time.Time{}, true)
}
