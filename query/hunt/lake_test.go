package hunt

import (
	"context"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
)

// openEngine opens the lake for running hs over w, as 'hunt run' does.
func openEngine(t testing.TB, lakeDir string, hs []*Hunt, w Window) *engine.Engine {
	t.Helper()
	e, err := engine.Open(context.Background(), engine.Options{
		Lake:    lakeDir,
		Now:     w.End,
		From:    EarliestNeeded(hs, w),
		To:      w.End,
		Dialect: engine.DialectDuckDB,
		Threads: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func builtinPack(t testing.TB) *Pack {
	t.Helper()
	p, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runPack runs every hunt of pack over the lake in w (Now is w's end
// unless opt says otherwise), failing the test for each hunt that errs,
// and returns the report.
func runPack(t *testing.T, lakeDir string, pack *Pack, opt RunOptions) *Report {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = opt.Window.End
	}
	e := openEngine(t, lakeDir, pack.Hunts, opt.Window)
	report := Run(context.Background(), e, pack.Hunts, opt)
	for _, s := range report.Summaries {
		if s.Err != nil {
			t.Errorf("%s: %v", s.HuntID, s.Err)
		}
	}
	return report
}

// wholeDays is the window of whole UTC days from first's to last's.
func wholeDays(first, last time.Time) Window {
	return Window{Start: first.UTC().Truncate(24 * time.Hour), End: last.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)}
}
