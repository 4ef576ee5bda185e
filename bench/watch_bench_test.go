package bench

import (
	"strings"
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
	// At the tiny scale (2,000 events in 4 pieces) the pieces miss two of
	// the whole day's 16 incidents and raise one of their own: the target
	// reports it (MISSED); small (24 pieces) matches. Most must agree.
	whole, common := 0, 0
	for k := range day.Rival.Detail {
		if strings.HasPrefix(k, "incident:") {
			whole++
			if v, ok := day.Lakehunt.Detail[k]; ok && v == day.Rival.Detail[k] {
				common++
			}
		}
	}
	if whole == 0 || common*4 < whole*3 {
		t.Errorf("watch: %d of the whole day's %d incidents raised piece by piece: %s", common, whole, day.Note)
	}
	if same, diff := sameIncidents(day.Lakehunt.Detail, day.Rival.Detail); !same {
		t.Logf("watch: the pieces raised other incidents than the whole day: %s", diff)
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
