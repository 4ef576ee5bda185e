package hunt

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
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
	e := openEngine(t, buildLake(t, existing(dir, "fire.json", "quiet.json")...), []*Hunt{h}, goldenWindow)

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
