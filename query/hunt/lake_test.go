package hunt

import (
	"context"
	"testing"

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
