package engine

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// TestAdvance checks that an engine advanced to a later window, after the
// lake grew at its end, answers as one opened on that window: the cached
// view (rows copied from the new files, rows before the window dropped)
// and a view read from Parquet alike; and that it refuses a window that
// starts earlier than its own. The new files are copied in one sorted
// batch, then, with a batch per file, as a larger advance would be.
func TestAdvance(t *testing.T) {
	t.Run("one batch", testAdvance)
	defer func(rows int64) { sortRowsPerGB = rows }(sortRowsPerGB)
	sortRowsPerGB = 1
	t.Run("a batch per file", testAdvance)
}

func testAdvance(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	split := time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)
	var before, after []ocsf.CloudTrailEvent
	for _, ev := range smallTrail() {
		if time.UnixMilli(ev.TimeDt).Before(split) {
			before = append(before, ev)
		} else {
			after = append(after, ev)
		}
	}
	writeLake(t, root, before, nil)
	opt := Options{Lake: root, Now: testNow, Cache: []string{"cloudtrail"}, From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), To: split}
	e := openSmallLake(t, opt)
	writeLake(t, root, after, smallFlows())

	opt.From, opt.To = time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	if err := e.Advance(ctx, opt); err != nil {
		t.Fatal(err)
	}
	fresh := openSmallLake(t, opt)
	for _, q := range []string{
		`SELECT metadata.uid, api.operation, actor.user.name, time_dt FROM cloudtrail ORDER BY 1`,
		`SELECT count(*), count(DISTINCT accountid), min(eventday) FROM cloudtrail_all`,
		`SELECT count(*), min(time_dt) FROM vpcflow`,
		`SELECT count(*) FROM cloudtrail WHERE time_dt >= current_timestamp - INTERVAL '3' DAY`,
	} {
		if got, want := queryStrings(t, e, q), queryStrings(t, fresh, q); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\nadvanced: %q\nopened: %q", q, got, want)
		}
	}
	back := opt
	back.From = opt.From.Add(-time.Hour)
	if err := e.Advance(ctx, back); !errors.Is(err, ErrCannotAdvance) {
		t.Errorf("advancing to a window starting earlier: %v, want ErrCannotAdvance", err)
	}
	// A copy narrowed otherwise is another engine.
	narrowed := opt
	narrowed.To = opt.To.Add(time.Hour)
	narrowed.CacheNarrow = map[string][]string{"observables": nil}
	if err := e.Advance(ctx, narrowed); !errors.Is(err, ErrCannotAdvance) {
		t.Errorf("advancing to a copy narrowed otherwise: %v, want ErrCannotAdvance", err)
	}
}
