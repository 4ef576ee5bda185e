// Package engine is lakehunt's SQL layer: one embedded, locked-down DuckDB
// with a view per lake table (cloudtrail, s3_data, lambda_execution,
// vpcflow) and one over every CloudTrail table (cloudtrail_all), restricted
// to a time window, the Athena/Trino dialect translation (Dialect), and the scans and
// exports built on it. It is the only package that imports DuckDB.
package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"golang.org/x/sync/errgroup"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// Options configure an Engine.
type Options struct {
	// Lake is the lake directory.
	Lake string
	// Now pins the clock of the SQL: when set, CURRENT_TIMESTAMP, now(),
	// current_date, localtimestamp and their kin are this instant. Zero
	// means real time.
	Now time.Time
	// From and To bound the window [From, To) of events the views show;
	// zero leaves a side unbounded.
	From, To time.Time
	// Dialect of the statements; "" is DialectAthena.
	Dialect Dialect
	// Threads caps DuckDB's worker threads; 0 is DuckDB's default (all cores).
	Threads int
	// MemoryLimit caps the memory of the engine's work, for example "4GB":
	// DuckDB's memory_limit is set to three quarters of it, or to the
	// limit less 800 MB but at least half of it, whichever is less; the
	// rest is left for what DuckDB allocates outside its buffer pool and
	// for Go (see outsidePoolShare and outsidePoolFloor). "" is DuckDB's
	// default (80% of RAM).
	MemoryLimit string
	// TempDir is where DuckDB spills what does not fit in memory; "" is a
	// private directory under the system temp dir, removed by Close.
	TempDir string
	// AllowPaths are extra directories DuckDB may write to, such as the
	// directory of a CopyCSV output. DuckDB is locked down at Open: it
	// reads only the lake and writes only its temp dir and these.
	AllowPaths []string
	// Holding, when set, leaves out the window's files that cannot hold
	// one value, for statements that each select only rows holding it.
	Holding *Holding
	// Cache names views whose window is copied at Open into a DuckDB table
	// sorted by the table's CacheOrder, which the view then reads instead
	// of the Parquet files. It pays when many statements filter the same
	// rows (a pack of hunts): see cache.go. query/huntrun chooses it when
	// it is nil; an empty, non-nil list copies nothing.
	Cache []string
	// CacheNarrow narrows the copies of Cache, column by column among each
	// table's lake.Table.CacheOptional, to what the statements over the
	// engine read (hunt.ColumnsNarrowed): a column with no keys is left
	// out, and the views over the copies lack it; a map column with keys
	// keeps only those, and reads NULL under any other. A column not named
	// is copied whole.
	CacheNarrow map[string][]string
}

// Holding is a value every statement of an engine looks for (see
// Options.Holding). Columns are, by table view, the columns that can hold
// it, among the table's lake.EntityColumns; a table not named keeps every
// file, a table named with no columns none.
type Holding struct {
	Value   string
	Columns map[string][]string
}

// keep returns the files of t that may hold the value (lake.MayHold). The
// files are asked on every core: the answer decodes each file's footer, and
// an investigation's lifetime panel asks it of every file of the lake (the
// 1,221 files of 'lakehunt bench --scale large': 0.38 CPU-s of
// 'investigate ip', --cpuprofile on the 2-core Intel Xeon).
func (h *Holding) keep(t lake.Table, files []string) ([]string, error) {
	columns, ok := h.Columns[t.View]
	if !ok {
		return files, nil
	}
	may := make([]bool, len(files))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() error {
			var err error
			may[i], err = lake.MayHold(f, columns, h.Value)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var kept []string
	for i, f := range files {
		if may[i] {
			kept = append(kept, f)
		}
	}
	return kept, nil
}

// Engine is an open DuckDB over one lake window. It is safe for concurrent
// use; each Query holds one connection until its rows are closed.
type Engine struct {
	db      *sql.DB
	opt     Options
	scratch *scratchDir // private temp dir: schema files, default spill dir, the cache
	tables  []tableFiles
	// mapColumns are the MAP-typed columns of the views (see translateConfig).
	mapColumns map[string]bool
	defs       definitionState // the views and macros defined so far (definitions.go)
	// cacheAttached is set once the cache database is attached (cache.go).
	cacheAttached bool
	// copied are, by view, the files whose rows in the window the cache
	// holds (cache.go, advance.go).
	copied map[string][]string
}

// tableFiles is what ListWindowFiles found for one table.
type tableFiles struct {
	table lake.Table
	files []string // in the window
}

// Open starts DuckDB, lists the lake window's files and locks the
// configuration; the views over them and the Trino macros are defined when
// a statement first names them (definitions.go).
func Open(ctx context.Context, opt Options) (*Engine, error) {
	if opt.Dialect == "" {
		opt.Dialect = DialectAthena
	}
	if _, err := ParseDialect(string(opt.Dialect)); err != nil {
		return nil, err
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && !opt.From.Before(opt.To) {
		return nil, fmt.Errorf("empty time window: from %s is not before to %s", opt.From.Format(time.RFC3339), opt.To.Format(time.RFC3339))
	}
	lakeDir, err := filepath.Abs(opt.Lake)
	if err != nil {
		return nil, fmt.Errorf("cannot resolve lake directory %q: %w", opt.Lake, err)
	}
	if info, err := os.Stat(lakeDir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("no lake at %s: the directory does not exist (ingest first, or give --lake)", lakeDir)
	}
	opt.Lake = lakeDir
	e := &Engine{opt: opt}
	for _, t := range lake.Tables {
		files, err := lake.ListWindowFiles(lakeDir, t, opt.From, opt.To)
		if err != nil {
			return nil, err
		}
		tf := tableFiles{table: t, files: files}
		if opt.Holding != nil {
			kept, err := opt.Holding.keep(t, files)
			if err != nil {
				return nil, err
			}
			tf.files = kept
		}
		e.tables = append(e.tables, tf)
	}
	if e.scratch, err = newScratchDir(); err != nil {
		return nil, err
	}
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		e.scratch.remove()
		return nil, fmt.Errorf("cannot start DuckDB: %w", err)
	}
	e.db = sql.OpenDB(connector)
	// Traced from here, so that a memory trace shows what the copies into
	// the cache, made at Open, hold.
	traceEngine(e)
	if err := e.setUp(ctx); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) setUp(ctx context.Context) error {
	spill := e.opt.TempDir
	if spill == "" {
		spill = filepath.Join(e.scratch.path, "spill")
	}
	spill, err := filepath.Abs(spill)
	if err != nil {
		return fmt.Errorf("cannot resolve temp dir %q: %w", e.opt.TempDir, err)
	}
	// Every setting is GLOBAL: the pool opens connections on demand, and a
	// session setting would only reach the connection that ran it.
	settings := []string{
		`SET GLOBAL TimeZone = 'UTC'`,
		// Hunts and investigations run many statements over the same files:
		// caching Parquet footers saves re-reading them for each one.
		`SET GLOBAL parquet_metadata_cache = true`,
		// A lake file is never rewritten in place (every write is a new
		// name, renamed in at its commit), so a cached footer needs no
		// check of the file's time and size: without the check, count(*)
		// over 2,253 flow files took 0.22 s instead of 0.46 s, a filtered
		// scan 1.20 s instead of 1.37 s (second and third runs).
		`SET GLOBAL validate_external_file_cache = 'NO_VALIDATION'`,
		// DuckDB's own cache of the bytes it read from files repeats, in
		// its memory, what the system's page cache holds of a lake on
		// local disk, and costs the time to fill it and to free it at
		// close. Without it, on the medium bench lake (2-core AMD EPYC of
		// family 26, bench runs alternated): the principal's investigation
		// 0.92-0.94 s against 0.95-0.96 s, peak 278-288 MiB against
		// 320-326 MiB; the interface's 4.10-4.17 s against 4.48-4.53 s,
		// 717-725 MiB against 907-922 MiB; the pack by hand 156.6 s against
		// 158.0 s, 1.66 GB against 1.88 GB, the same findings; the
		// console's pages as fast, 994 MiB against 1.2 GiB.
		`SET GLOBAL enable_external_file_cache = false`,
		// parquet, json and icu are built in and loaded; nothing may be
		// fetched from the network.
		`SET GLOBAL autoinstall_known_extensions = false`,
		`SET GLOBAL autoload_known_extensions = false`,
		`SET GLOBAL allow_community_extensions = false`,
		`SET GLOBAL temp_directory = ` + sqltext.QuoteString(spill),
		// jemalloc, which DuckDB's pool comes from, returns freed pages
		// to the system from its own threads instead of when an allocating
		// thread gets round to it: the 30-day pack at a 1.2 GB pool peaked at
		// 1.74 and 1.75 GiB with it, 1.76-2.04 GiB in three runs without
		// (see outsidePoolFloor).
		`SET GLOBAL allocator_background_threads = true`,
		fmt.Sprintf(`SET GLOBAL integer_division = %t`, e.opt.Dialect == DialectAthena),
		// The only DuckDB database the engine writes to disk is the
		// cache's copy (copyToCache), written once and read by the hunts
		// of one run. FSST, the string compression DuckDB tries on every
		// string segment, costs more to analyse and write there than it
		// saves: 'go test -bench BenchmarkPackCopy ./bench/' opened the
		// engine with the pack's copy in 2.21-2.22 s without it against
		// 2.32-2.63 s with it, and with the whole copy in 2.75-2.88 s
		// against 3.04-3.39 s (runs alternated, 2-core AMD EPYC of family
		// 26); the medium bench lake's month, 29.9 s with it and 24.0 s
		// without (README, Benchmarks).
		`SET GLOBAL disabled_compression_methods = 'fsst'`,
	}
	if e.opt.Threads > 0 {
		settings = append(settings, fmt.Sprintf(`SET GLOBAL threads = %d`, e.opt.Threads))
	}
	if e.opt.MemoryLimit != "" {
		limit, err := duckDBMemoryLimit(e.opt.MemoryLimit)
		if err != nil {
			return err
		}
		settings = append(settings, `SET GLOBAL memory_limit = `+sqltext.QuoteString(limit))
	}
	// One round trip for all: each statement on its own cost 0.3-1 ms.
	if _, err := e.db.ExecContext(ctx, strings.Join(settings, ";\n")); err != nil {
		return fmt.Errorf("cannot configure DuckDB: %w", err)
	}
	if err := registerFunctions(ctx, e.db); err != nil {
		return err
	}
	views, err := e.viewDefinitions(ctx)
	if err != nil {
		return err
	}
	e.setDefinitions(views)
	return e.lockDown(ctx, spill)
}

// lockDown confines DuckDB to the lake, its temp dirs and AllowPaths, and
// freezes every setting, so no statement can read other files, load an
// extension, or undo the restriction.
func (e *Engine) lockDown(ctx context.Context, spill string) error {
	dirs := []string{e.opt.Lake, e.scratch.path, spill}
	for _, p := range e.opt.AllowPaths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return fmt.Errorf("cannot resolve allowed path %q: %w", p, err)
		}
		dirs = append(dirs, abs)
	}
	quoted := make([]string, len(dirs))
	for i, d := range dirs {
		quoted[i] = sqltext.QuoteString(strings.TrimSuffix(d, string(filepath.Separator)) + string(filepath.Separator))
	}
	lock := []string{
		`SET GLOBAL allowed_directories = [` + strings.Join(quoted, ", ") + `]`,
		`SET GLOBAL enable_external_access = false`,
		`SET GLOBAL lock_configuration = true`,
	}
	if _, err := e.db.ExecContext(ctx, strings.Join(lock, ";\n")); err != nil {
		return fmt.Errorf("cannot lock DuckDB down: %w", err)
	}
	return nil
}

// Close shuts DuckDB down and removes the engine's temp dir.
func (e *Engine) Close() error {
	untraceEngine(e)
	var err error
	if e.db != nil {
		err = e.db.Close()
	}
	return errors.Join(err, e.scratch.remove())
}

// Query translates and runs a statement; args bind its ? or $n
// parameters, the only way user values should reach SQL. The rows stream:
// they hold a connection until they are closed or read to the end.
func (e *Engine) Query(ctx context.Context, sqlText string, args ...any) (*result.Rows, error) {
	tr, err := e.translate(sqlText)
	if err != nil {
		return nil, err
	}
	rows, err := e.db.QueryContext(ctx, tr.text(), args...)
	if err != nil {
		return nil, sqlError(err, tr)
	}
	return ResultRows(rows)
}

// Exec translates and runs a statement, discarding any result.
func (e *Engine) Exec(ctx context.Context, sqlText string, args ...any) error {
	tr, err := e.translate(sqlText)
	if err != nil {
		return err
	}
	if _, err := e.db.ExecContext(ctx, tr.text(), args...); err != nil {
		return sqlError(err, tr)
	}
	return nil
}
