package hunt

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// A first-seen hunt whose window starts where the lake's data starts has
// nothing to compare with: it is skipped with the reason, not run to
// report every entity as new.
func TestFirstSeenNeedsABaseline(t *testing.T) {
	pack := builtinPack(t)
	h, ok := pack.Get("assume_role_unseen_invoker")
	if !ok {
		t.Fatal("assume_role_unseen_invoker is not in the pack")
	}
	dir := filepath.Join(sharedcorpus.ModuleRoot(t), "testdata", "hunts", h.ID)
	e := openEngine(t, testlake.Build(t, existing(dir, "fire.json", "quiet.json")...), []*Hunt{h}, goldenWindow)

	f := func(w Window, wantSkipped bool) {
		t.Helper()
		got, sum := RunOne(context.Background(), e, h, RunOptions{Window: w, Now: w.End})
		if sum.Err != nil {
			t.Fatal(sum.Err)
		}
		if skipped := sum.Skipped != ""; skipped != wantSkipped {
			t.Fatalf("window %v: skipped %q, want skipped %v (%d findings)", w, sum.Skipped, wantSkipped, len(got))
		}
		if wantSkipped && (len(got) != 0 || !strings.Contains(sum.Skipped, "baseline")) {
			t.Fatalf("a skipped hunt gave %d findings and says %q", len(got), sum.Skipped)
		}
	}
	f(goldenWindow, false)
	// The baseline of a window a year earlier holds no event.
	early := Window{Start: goldenWindow.Start.AddDate(-1, 0, 0), End: goldenWindow.End.AddDate(-1, 0, 0)}
	f(early, true)
	// Nor does the baseline of a window that starts where the golden
	// baseline did.
	first := goldenWindow.Start.Add(-h.Baseline)
	f(Window{Start: first, End: first.Add(24 * time.Hour)}, true)
}

// countingQuerier counts the baseline questions a run asks.
type countingQuerier struct {
	Querier
	mu     sync.Mutex
	exists int
}

func (c *countingQuerier) Query(ctx context.Context, sqlText string, args ...any) (*result.Rows, error) {
	if strings.HasPrefix(sqlText, "SELECT EXISTS") {
		c.mu.Lock()
		c.exists++
		c.mu.Unlock()
	}
	return c.Querier.Query(ctx, sqlText, args...)
}

// A run asks once whether a view holds events in a baseline span, however
// many of its hunts compare with that span; each still gets the answer.
func TestRunAsksEachBaselineOnce(t *testing.T) {
	pack := builtinPack(t)
	var hs []*Hunt
	spans := map[string]bool{}
	for _, h := range pack.Hunts {
		if h.Source == SourceCloudTrail && h.Baseline > 0 && (h.Logic == LogicFirstSeen || h.Logic == LogicOutlier) {
			hs = append(hs, h)
			spans[h.Baseline.String()] = true
		}
	}
	if len(hs) <= len(spans) {
		t.Fatalf("%d CloudTrail baseline hunts over %d baselines: nothing shared to test", len(hs), len(spans))
	}
	fixture := filepath.Join(sharedcorpus.ModuleRoot(t), "testdata", "hunts", "assume_role_unseen_invoker")
	f := func(lakeDir string) {
		t.Helper()
		e := openEngine(t, lakeDir, hs, goldenWindow)
		q := &countingQuerier{Querier: e}
		r := Run(context.Background(), q, hs, RunOptions{Window: goldenWindow, Now: goldenWindow.End, Parallel: 2})
		if q.exists != len(spans) {
			t.Errorf("%d hunts over %d baselines asked %d times", len(hs), len(spans), q.exists)
		}
		for i, s := range r.Summaries {
			if s.Err != nil {
				t.Fatal(s.Err)
			}
			// The same answer as a hunt run alone, which asks itself.
			_, alone := RunOne(context.Background(), e, hs[i], RunOptions{Window: goldenWindow, Now: goldenWindow.End})
			if s.Skipped != alone.Skipped {
				t.Errorf("%s in a run: skipped %q; alone: %q", hs[i].ID, s.Skipped, alone.Skipped)
			}
		}
	}
	f(testlake.Build(t))
	f(testlake.Build(t, existing(fixture, "fire.json", "quiet.json")...))
}
