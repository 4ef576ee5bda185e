package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// The cache is a DuckDB database in the engine's temp dir holding a sorted
// copy of some views' windows. A hunt over Parquet decodes every projected
// column of every row group its filter cannot rule out, and a day file's
// row groups hold every operation, so each hunt of a pack pays for nearly
// a whole read of the window. Sorted by operation, a copy lets DuckDB's
// zone maps skip all but the rows a hunt names: one read and one sort for
// the pack instead of one read per hunt (numbers in huntrun's doc).
const cacheCatalog = "lh_cache"

// cached reports whether the table's window is copied into the cache.
func (e *Engine) cached(t tableFiles) bool {
	return len(t.files) > 0 && t.table.CacheOrder != "" && slices.Contains(e.opt.Cache, t.table.View)
}

// copyToCache copies the window's rows of files into the cache and
// returns the statement that reads the copy. The rows are sorted by the
// table's CacheOrder in batches of files holding about as many rows as
// DuckDB's memory can sort at once (one batch when the window holds no
// more), so that each batch's row groups hold a few operations each.
// A copy that fails (out of memory or disk) is dropped and the view reads
// the Parquet files, as without a cache: the cache is for speed only.
func (e *Engine) copyToCache(ctx context.Context, t lake.Table, files []string, source string) (string, error) {
	if !e.cacheAttached {
		path := filepath.Join(e.scratch.path, "cache.duckdb")
		if _, err := e.db.ExecContext(ctx, "ATTACH "+sqltext.QuoteString(path)+" AS "+cacheCatalog); err != nil {
			return "", fmt.Errorf("cannot create the engine's cache: %w", err)
		}
		e.cacheAttached = true
	}
	var rows int64
	if err := e.db.QueryRowContext(ctx, "SELECT count(*) FROM ("+source+")").Scan(&rows); err != nil {
		return "", fmt.Errorf("cannot count %s for the engine's cache: %w", t.View, err)
	}
	table := cacheCatalog + "." + t.View
	err := e.withCacheMemory(ctx, func() error {
		batchRows, err := e.sortBatchRows()
		if err != nil {
			return err
		}
		for i, batch := range sortBatches(files, rows, batchRows) {
			batchSource := source
			if len(batch) < len(files) {
				var err error
				if batchSource, err = e.tableSource(t, batch); err != nil {
					return err
				}
			}
			statement := "INSERT INTO " + table + " BY NAME\n"
			if i == 0 {
				statement = "CREATE TABLE " + table + " AS\n"
			}
			if _, err := e.db.ExecContext(ctx, statement+"SELECT * FROM ("+batchSource+")\nORDER BY "+t.CacheOrder); err != nil {
				return err
			}
			// Written to the cache's file, a batch's blocks can leave
			// memory; otherwise the copy held them all, and at
			// --memory-limit 1GB the eighth of eleven batches ran out of
			// DuckDB's 0.5 GB.
			if _, err := e.db.ExecContext(ctx, "CHECKPOINT "+cacheCatalog); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if _, dropErr := e.db.ExecContext(ctx, "DROP TABLE IF EXISTS "+table); dropErr != nil {
			return "", fmt.Errorf("cannot drop a failed copy of %s: %w (after %v)", t.View, dropErr, err)
		}
		return source, nil
	}
	if e.copied == nil {
		e.copied = map[string][]string{}
	}
	e.copied[t.View] = files
	return "SELECT * FROM " + table, nil
}

// sortBatches splits files, whose window holds rows rows, into runs of
// consecutive files to sort one at a time: as many as it takes for each
// to hold about batchRows rows at most, if the rows are spread evenly over
// the files (a batch that outgrows memory fails the copy, as a whole sort
// would).
func sortBatches(files []string, rows, batchRows int64) [][]string {
	n := int((rows + batchRows - 1) / max(batchRows, 1))
	n = max(1, min(n, len(files)))
	batches := make([][]string, 0, n)
	for i := range n {
		batches = append(batches, files[i*len(files)/n:(i+1)*len(files)/n])
	}
	return batches
}

// sortBatchRows is how many rows the copy sorts at once: sortRowsPerGB a
// gigabyte of DuckDB's memory limit while it copies (cacheMemory, or
// what the caller's MemoryLimit leaves DuckDB).
func (e *Engine) sortBatchRows() (int64, error) {
	pool, err := parseMemoryLimit(cacheMemory) // withCacheMemory gives it to DuckDB whole
	if e.opt.MemoryLimit != "" {
		pool, err = duckDBPoolBytes(e.opt.MemoryLimit)
	}
	if err != nil {
		return 0, err
	}
	return max(1, int64(float64(pool)/1e9*float64(sortRowsPerGB))), nil
}

// sortRowsPerGB is how many CloudTrail rows the copy sorts at once per
// gigabyte of DuckDB's memory. With a 1 GB limit the sort of 1M generated
// CloudTrail events fit and of 2.5M (15 days of the medium bench data) ran
// out of memory ("failed to pin block"); with 0.5 GB (--memory-limit 1GB)
// batches of 1.5M ran out too, and the copy was dropped (2-core AMD EPYC,
// family 26; README, Benchmarks). A variable for the test of a copy sorted
// in batches.
var sortRowsPerGB int64 = 1_000_000

// cacheMemory caps DuckDB while it sorts a copy, unless the caller set a
// limit of its own. Left at DuckDB's default (80% of RAM), the sort of a
// month of 1M generated events (the README's Benchmarks say how they were
// made) peaked at 3.7 GB; capped, it spills to the temp dir, peaked at 1.8
// GB and was no slower.
const cacheMemory = "1GB"

// withCacheMemory runs copy under cacheMemory and restores DuckDB's
// default after it, when no MemoryLimit was given.
func (e *Engine) withCacheMemory(ctx context.Context, copy func() error) error {
	if e.opt.MemoryLimit != "" {
		return copy()
	}
	if _, err := e.db.ExecContext(ctx, "SET GLOBAL memory_limit = "+sqltext.QuoteString(cacheMemory)); err != nil {
		return err
	}
	err := copy()
	if _, resetErr := e.db.ExecContext(ctx, "RESET GLOBAL memory_limit"); resetErr != nil && err == nil {
		err = resetErr
	}
	return err
}
