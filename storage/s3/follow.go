package s3

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lakehunt/lakehunt/storage/source"
)

// IngestFunc runs sources through the pipeline into the lake. It returns
// nil only when every source it was given is committed; records rejected
// inside a committed source do not make it fail.
type IngestFunc func(ctx context.Context, sources []source.Source, skipped []source.Skipped) error

// IngestedFunc reads the manifest afresh: which objects the lake holds.
type IngestedFunc func() (func(name, etag string) bool, error)

// followLookback is how far before the previous round's start a later
// round lists: AWS delivers most files within minutes of their events, but
// a late delivery still lands in the folder of its delivery day.
const followLookback = 24 * time.Hour

// Follow lists and ingests the URIs, then again every Interval, until its
// context ends. After the first round, each round lists only the day
// folders from a day before the previous round on, so polling a bucket
// holding years of logs costs a few requests per account and region.
type Follow struct {
	Client   *Client
	Kind     source.Kind
	URIs     []string
	From, To time.Time
	Interval time.Duration
	Ingested IngestedFunc
	Ingest   IngestFunc
	// OnError hears a failed round after the first; the next round tries
	// again. The first round's error ends Run: it is a configuration
	// mistake more often than a passing fault.
	OnError func(error)
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Run polls until ctx ends, which is a normal end: it returns nil then.
func (f *Follow) Run(ctx context.Context) error {
	if f.Interval <= 0 {
		return fmt.Errorf("follow interval must be positive, not %s", f.Interval)
	}
	now := f.Now
	if now == nil {
		now = time.Now
	}
	from, to := f.From, f.To
	for round := 0; ; round++ {
		started := now()
		err := f.round(ctx, from, to, round == 0)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && round == 0:
			return err
		case err != nil && f.OnError != nil:
			f.OnError(err)
		}
		if err == nil {
			// Later rounds look back from this round's start, and forward
			// to the end of the user's window, or to tomorrow (clocks and
			// folder days are UTC; the clock may trail the bucket's).
			from = started.Add(-followLookback)
			if f.From.After(from) {
				from = f.From
			}
			if f.To.IsZero() {
				to = started.Add(24 * time.Hour)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(f.Interval):
		}
	}
}

// round lists and ingests once. A later round that finds nothing new
// does not run the pipeline, so a quiet bucket prints no summary per poll.
func (f *Follow) round(ctx context.Context, from, to time.Time, first bool) error {
	ingested := func(string, string) bool { return false }
	if f.Ingested != nil {
		var err error
		if ingested, err = f.Ingested(); err != nil {
			return err
		}
	}
	opts := []ExpandOption{WithIngested(ingested)}
	var sources []source.Source
	var skipped []source.Skipped
	for _, uri := range f.URIs {
		s, sk, err := ExpandS3(ctx, f.Client, f.Kind, uri, from, to, opts...)
		if err != nil {
			return err
		}
		sources = append(sources, s...)
		skipped = append(skipped, sk...)
	}
	fresh := 0
	for _, s := range sources {
		if !ingested(s.Name, s.ETag) {
			fresh++
		}
	}
	if fresh == 0 && !first {
		return nil
	}
	if err := f.Ingest(ctx, sources, skipped); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
