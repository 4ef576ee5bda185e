package investigate

import (
	"testing"
	"time"
)

func TestBucketWidth(t *testing.T) {
	f := func(span, want time.Duration) {
		t.Helper()
		start := time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC)
		w := Window{Start: start, End: start.Add(span)}
		got := bucketWidth(w)
		if got != want {
			t.Errorf("bucketWidth(%s) = %s, want %s", span, got, want)
		}
		r := Report{Scope: w, BucketSeconds: int64(got / time.Second)}
		if n := len(r.bucketStarts()); n > maxBuckets || n == 0 {
			t.Errorf("%s in %s buckets: %d buckets", span, got, n)
		}
	}
	f(10*time.Minute, time.Minute)
	f(time.Hour, 2*time.Minute)
	f(3*time.Hour, 5*time.Minute)
	f(24*time.Hour, time.Hour)
	f(7*24*time.Hour, 6*time.Hour)
	f(30*24*time.Hour, 24*time.Hour)
	f(90*24*time.Hour, 7*24*time.Hour)
	f(5*365*24*time.Hour, 50*24*time.Hour+16*time.Hour+40*time.Minute+1*time.Second)
}
