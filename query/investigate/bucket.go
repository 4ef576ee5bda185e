package investigate

import "time"

// maxBuckets bounds a timeline's length: enough to see a burst, few
// enough to read as text.
const maxBuckets = 36

// bucketWidths are the widths a timeline may use, narrowest first; a
// window gets the narrowest that needs at most maxBuckets.
var bucketWidths = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 2 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
}

// bucketWidth sizes the timeline buckets of a window.
func bucketWidth(w Window) time.Duration {
	span := w.End.Sub(w.Start)
	for _, width := range bucketWidths {
		if span <= width*maxBuckets {
			return width
		}
	}
	// Beyond a few years: whole seconds that keep maxBuckets.
	return (span / maxBuckets).Truncate(time.Second) + time.Second
}

// bucketStarts lists the starts of the report's timeline buckets, which
// begin at the scope start as time_bucket's origin does.
func (r *Report) bucketStarts() []time.Time {
	width := time.Duration(r.BucketSeconds) * time.Second
	var starts []time.Time
	for t := r.Scope.Start; t.Before(r.Scope.End); t = t.Add(width) {
		starts = append(starts, t)
	}
	return starts
}
