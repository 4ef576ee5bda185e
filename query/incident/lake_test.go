package incident

import (
	"context"
	"testing"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
)

// findIncidents runs the hunts over the window as 'hunt run' does, with
// the engine opened early enough for the window's sessions to be traced,
// and groups the findings.
func findIncidents(t testing.TB, lakeDir string, hs []*hunt.Hunt, w hunt.Window, opt Options) ([]Incident, []hunt.Finding) {
	t.Helper()
	ctx := context.Background()
	from := hunt.EarliestNeeded(hs, w)
	if early := w.Start.Add(-engine.MaxSessionLifetime); early.Before(from) {
		from = early
	}
	e, err := engine.Open(ctx, engine.Options{Lake: lakeDir, Now: w.End, From: from, To: w.End, Dialect: engine.DialectDuckDB, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	report := hunt.Run(ctx, e, hs, hunt.RunOptions{Window: w, Now: w.End, Parallel: 2})
	for _, s := range report.Summaries {
		if s.Err != nil {
			t.Fatal(s.Err)
		}
	}
	incidents, err := Build(ctx, e, report.Findings, hs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return incidents, report.Findings
}

// selectHunts picks hunts of the built-in pack by id.
func selectHunts(t testing.TB, ids ...string) []*hunt.Hunt {
	t.Helper()
	pack, err := hunt.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	hs, err := pack.Select(ids, hunt.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return hs
}
