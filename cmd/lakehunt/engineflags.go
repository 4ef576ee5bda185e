package main

import (
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// EngineFlags are the flags of every command that opens the engine over a
// window of the lake: query, shell, hunt run and investigate. They read the
// same everywhere; what an unset side of the window means differs by
// command and is in each command's help.
type EngineFlags struct {
	From, To, Last string
	Now            string
	Threads        int
	MemoryLimit    string
	TempDir        string
}

func addEngineFlags(fs *pflag.FlagSet) *EngineFlags {
	o := &EngineFlags{}
	fs.StringVar(&o.From, "from", "", "window start: RFC 3339, a date (2024-03-05), or a duration before --now (7d)")
	fs.StringVar(&o.To, "to", "", "window end, excluded (same forms as --from)")
	fs.StringVar(&o.Last, "last", "", "window of this duration ending at --now, e.g. 24h or 7d")
	fs.StringVar(&o.Now, "now", os.Getenv("LAKEHUNT_NOW"), "the time taken as now: pins CURRENT_TIMESTAMP and now() in SQL and anchors --last and relative times (env LAKEHUNT_NOW; default the clock)")
	fs.IntVar(&o.Threads, "threads", 0, "DuckDB worker threads (0: all cores)")
	fs.StringVar(&o.MemoryLimit, "memory-limit", "", "memory limit of the SQL work, for example 4GB: DuckDB gets three quarters, or the limit less 800MB but at least half, the rest is for its allocations outside its buffer pool (default: DuckDB's 80% of RAM)")
	fs.StringVar(&o.TempDir, "temp-dir", "", "where DuckDB spills what does not fit in memory (default a private temporary directory)")
	return o
}

// engineWindow is what the engine flags say once read against the clock.
type engineWindow struct {
	// Settings pin the SQL clock only when --now (or LAKEHUNT_NOW) is
	// given: an unpinned clock keeps running through a shell session.
	Settings workflow.EngineSettings
	// Now is --now, else the clock; relative times count from it.
	Now time.Time
	// From and To are the window's sides; a side not given is zero, for
	// each command to default as its help says.
	From, To time.Time
}

func (o *EngineFlags) resolve(clock time.Time) (engineWindow, error) {
	if o.Threads < 0 {
		return engineWindow{}, usageErrorf("--threads must be 0 or more")
	}
	now, from, to, err := timeWindow(o.Now, o.From, o.To, o.Last, clock)
	if err != nil {
		return engineWindow{}, err
	}
	w := engineWindow{
		Settings: workflow.EngineSettings{Threads: o.Threads, MemoryLimit: o.MemoryLimit, TempDir: o.TempDir},
		Now:      now, From: from, To: to,
	}
	if o.Now != "" {
		w.Settings.Now = now
	}
	return w, nil
}

// addDialectFlag adds --dialect, for the commands that run the user's SQL.
func addDialectFlag(fs *pflag.FlagSet, dialect *string) {
	fs.StringVar(dialect, "dialect", string(engine.DialectAthena), "SQL dialect: athena (Athena/Trino SQL, translated; DuckDB SQL works too) or duckdb (no translation)")
}

func parseDialect(name string) (engine.Dialect, error) {
	d, err := engine.ParseDialect(name)
	if err != nil {
		return "", usageErrorf("--dialect: %v", err)
	}
	return d, nil
}
