package hunt

import (
	"context"
	"fmt"
	"time"
)

// baselineGap says why a first-seen or outlier hunt must not run, or ""
// when it may. Compared against a baseline the lake does not hold (the
// window starts where the data starts), such a hunt reports every entity
// as new or abnormal: on a month of generated data, assume_role_unseen_invoker
// alone reported 6,641 "first" assumptions. The baseline counts as held
// when the hunt's tables have any event in it; a thin one still runs.
func baselineGap(ctx context.Context, q Querier, h *Hunt, w Window) (string, error) {
	if h.Baseline <= 0 || (h.Logic != LogicFirstSeen && h.Logic != LogicOutlier) {
		return "", nil
	}
	from := w.Start.Add(-h.Baseline)
	views := []string{string(h.Source)}
	if h.Source == SourceBoth {
		views = []string{string(SourceCloudTrail), string(SourceVPCFlow)}
	}
	for _, view := range views {
		// The view name is one of two constants, never user input.
		held, err := exists(ctx, q, `SELECT EXISTS (SELECT 1 FROM `+view+` WHERE time_dt >= ? AND time_dt < ?)`, from, w.Start)
		if err != nil {
			return "", fmt.Errorf("cannot check the baseline of %s: %w", view, err)
		}
		if !held {
			return fmt.Sprintf("skipped: no %s events in its %s baseline (%s .. %s) to compare with",
				view, FormatDuration(h.Baseline), from.UTC().Format(time.RFC3339), w.Start.UTC().Format(time.RFC3339)), nil
		}
	}
	return "", nil
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
