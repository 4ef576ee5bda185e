package hunt

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// baselineGap says why a first-seen or outlier hunt must not run, or ""
// when it may. Compared against a baseline the lake does not hold (the
// window starts where the data starts), such a hunt reports every entity
// as new or abnormal: on a month of generated data, assume_role_unseen_invoker
// alone reported 6,641 "first" assumptions. The baseline counts as held
// when the hunt's tables have any event in it; a thin one still runs.
func baselineGap(ctx context.Context, q Querier, h *Hunt, w Window, known *baselines) (string, error) {
	if h.Baseline <= 0 || (h.Logic != LogicFirstSeen && h.Logic != LogicOutlier) {
		return "", nil
	}
	from := w.Start.Add(-h.Baseline)
	for _, source := range []Source{SourceCloudTrail, SourceVPCFlow} {
		if !h.Reads(source) {
			continue
		}
		held, err := known.held(ctx, q, baselineView[source], from, w.Start)
		if err != nil {
			return "", fmt.Errorf("cannot check the baseline of %s: %w", source, err)
		}
		if !held {
			return fmt.Sprintf("skipped: no %s events in its %s baseline (%s .. %s) to compare with",
				source, FormatDuration(h.Baseline), from.UTC().Format(time.RFC3339), w.Start.UTC().Format(time.RFC3339)), nil
		}
	}
	return "", nil
}

// baselineView is where a source's events are looked for: CloudTrail's
// are in three tables (management, S3 and Lambda data events), and a
// data-event hunt's baseline may hold only data events.
var baselineView = map[Source]string{SourceCloudTrail: "cloudtrail_all", SourceVPCFlow: "vpcflow"}

// baselines remembers, for one run, whether a view holds events in a span:
// the pack's baseline hunts mostly ask the same question.
type baselines struct {
	mu   sync.Mutex
	seen map[baselineSpan]bool
}

type baselineSpan struct {
	view     string
	from, to int64 // Unix nanoseconds: comparable, unlike time.Time
}

// held asks the lake, or the answer of an earlier hunt of the run; a nil
// receiver always asks.
func (b *baselines) held(ctx context.Context, q Querier, view string, from, to time.Time) (bool, error) {
	// The view name is one of baselineView's constants, never user input.
	ask := func() (bool, error) {
		return exists(ctx, q, `SELECT EXISTS (SELECT 1 FROM `+view+` WHERE time_dt >= ? AND time_dt < ?)`, from, to)
	}
	if b == nil {
		return ask()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	key := baselineSpan{view, from.UnixNano(), to.UnixNano()}
	if held, ok := b.seen[key]; ok {
		return held, nil
	}
	held, err := ask()
	if err != nil {
		return false, err
	}
	if b.seen == nil {
		b.seen = map[baselineSpan]bool{}
	}
	b.seen[key] = held
	return held, nil
}

func exists(ctx context.Context, q Querier, sqlText string, args ...any) (bool, error) {
	rows, err := q.Query(ctx, sqlText, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var held bool
	if rows.Next() {
		if err := rows.Scan(&held); err != nil {
			return false, err
		}
	}
	return held, rows.Err()
}
