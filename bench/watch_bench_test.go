package bench

import (
	"testing"
)

// checkWatchResults checks the watch scenario's lines of a tiny run: every
// piece delivered and hunted, the same incidents as the whole day, and the
// per-piece and grouping numbers present.
func checkWatchResults(t *testing.T, byID map[string]Result) {
	t.Helper()
	day, piece, grouping := byID["watch-day"], byID["watch-piece"], byID["watch-grouping"]
	if day.Rival == nil || day.Lakehunt.Rows != day.Rival.Rows || day.Lakehunt.Rows == 0 {
		t.Fatalf("watch: pieces and whole day ingested %d and %v events", day.Lakehunt.Rows, day.Rival)
	}
	if len(day.Targets) == 0 || !day.Targets[0].Met {
		t.Errorf("watch: %+v (%s)", day.Targets, day.Note)
	}
	if same, diff := sameIncidents(day.Lakehunt.Detail, day.Rival.Detail); !same {
		t.Errorf("watch: the pieces raised other incidents than the whole day: %s", diff)
	}
	if d := piece.Lakehunt.Detail; piece.Lakehunt.Seconds <= 0 || d["p95_seconds"] < piece.Lakehunt.Seconds*0.5 || d["max_seconds"] < d["p95_seconds"] {
		t.Errorf("watch: per piece mean %g, %v", piece.Lakehunt.Seconds, d)
	}
	if grouping.Lakehunt.Seconds <= 0 || grouping.Lakehunt.Seconds > day.Rival.Seconds {
		t.Errorf("watch: grouping %g s of a whole day's %g s", grouping.Lakehunt.Seconds, day.Rival.Seconds)
	}
}

func TestPercentile(t *testing.T) {
	f := func(xs []float64, p, want float64) {
		t.Helper()
		if got := percentile(xs, p); got != want {
			t.Errorf("percentile(%v, %g) = %g, want %g", xs, p, got, want)
		}
	}
	f(nil, 0.95, 0)
	f([]float64{3}, 0.95, 3)
	f([]float64{5, 1, 4, 2, 3}, 0.5, 3)
	f([]float64{5, 1, 4, 2, 3}, 0.95, 5)
	f([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 0.95, 19)
}
