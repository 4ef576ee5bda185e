package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

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
	table := cacheCatalog + "." + t.View
	err := e.withCacheMemory(ctx, func() error {
		return e.insertSorted(ctx, t, table, files, source, true)
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
	return e.cacheRead(t, table), nil
}

// insertSorted adds the window's rows of files, which source reads, to
// the cache's table (creating it first when create is set), sorted by the
// table's CacheOrder in batches of consecutive files (sortBatches), each
// written to the cache's file before the next. The first copy and the
// files an advancing engine adds (advanceCopy) both go through it.
func (e *Engine) insertSorted(ctx context.Context, t lake.Table, table string, files []string, source string, create bool) error {
	rows, err := e.fileRows(ctx, files)
	if err != nil {
		return fmt.Errorf("cannot count %s for the engine's cache: %w", t.View, err)
	}
	batchRows, err := e.sortBatchRows()
	if err != nil {
		return err
	}
	batches := sortBatches(files, rows, batchRows)
	for i, batch := range batches {
		batchSource := source
		if len(batch) < len(files) {
			if batchSource, err = e.tableSource(t, batch); err != nil {
				return err
			}
		}
		statement := "INSERT INTO " + table + " BY NAME\n"
		if create && i == 0 {
			statement = "CREATE TABLE " + table + " AS\n"
		}
		if _, err := e.db.ExecContext(ctx, statement+"SELECT "+e.cacheColumns(t)+" FROM ("+batchSource+")\nORDER BY "+t.CacheOrder); err != nil {
			return err
		}
		// Written to the cache's file, a batch's blocks can leave
		// memory; otherwise the copy held them all, and at
		// --memory-limit 1GB the eighth of eleven batches ran out of
		// DuckDB's 0.5 GB. The few files a watch piece adds make one
		// batch, which needs no checkpoint of its own: one per piece
		// took 1.27 s to 1.35-1.40 s a piece ('lakehunt bench --scale
		// small --scenarios 9', 2-core AMD EPYC of family 26).
		if create || i < len(batches)-1 {
			if _, err := e.db.ExecContext(ctx, "CHECKPOINT "+cacheCatalog); err != nil {
				return err
			}
		}
	}
	return nil
}

// cacheColumns is the select list of the table's copy: every column, but
// those that Options.CacheNarrow narrows, which are left out or, for a map,
// copied as one column per key kept (cacheKeyColumn). cacheRead puts the
// maps together again.
func (e *Engine) cacheColumns(t lake.Table) string {
	var out, keys []string
	for _, c := range t.CacheOptional {
		kept, narrowed := e.opt.CacheNarrow[c]
		if !narrowed {
			continue
		}
		out = append(out, sqltext.QuoteIdent(c))
		for i, k := range kept {
			keys = append(keys, sqltext.QuoteIdent(c)+"["+sqltext.QuoteString(k)+"] AS "+cacheKeyColumn(c, i))
		}
	}
	if len(out) == 0 {
		return "*"
	}
	return "* EXCLUDE (" + strings.Join(out, ", ") + ")" + strings.Join(append([]string{""}, keys...), ", ")
}

// cacheRead is the select of the copy table of t for its view: the key
// columns of each narrowed map (cacheColumns) become the map again, with
// only those keys, so that a statement reads the map as it would whole.
func (e *Engine) cacheRead(t lake.Table, table string) string {
	var keyColumns, maps []string
	for _, c := range t.CacheOptional {
		kept := e.opt.CacheNarrow[c]
		if len(kept) == 0 {
			continue
		}
		entries := make([]string, len(kept))
		for i, k := range kept {
			keyColumns = append(keyColumns, cacheKeyColumn(c, i))
			entries[i] = sqltext.QuoteString(k) + ": " + cacheKeyColumn(c, i)
		}
		maps = append(maps, "MAP {"+strings.Join(entries, ", ")+"} AS "+sqltext.QuoteIdent(c))
	}
	if len(maps) == 0 {
		return "SELECT * FROM " + table
	}
	return "SELECT * EXCLUDE (" + strings.Join(keyColumns, ", ") + "), " + strings.Join(maps, ", ") + " FROM " + table
}

// cacheKeyColumn names the copy's column of the i-th key kept of the map
// column c.
func cacheKeyColumn(c string, i int) string {
	return sqltext.QuoteIdent(fmt.Sprintf("lh_copy_%s_%d", c, i))
}

// fileRows is how many rows each of files holds, from their footers: the
// whole file's, an upper bound of its rows in the window.
func (e *Engine) fileRows(ctx context.Context, files []string) ([]int64, error) {
	rows, err := e.db.QueryContext(ctx, "SELECT file_name, num_rows FROM parquet_file_metadata("+sqltext.QuoteList(files)+")")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byFile := make(map[string]int64, len(files))
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		byFile[name] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	counts := make([]int64, len(files))
	for i, f := range files {
		n, ok := byFile[f]
		if !ok {
			return nil, fmt.Errorf("no footer of %s", f)
		}
		counts[i] = n
	}
	return counts, nil
}

// sortBatches splits files, which hold rows[i] rows each, into runs of
// consecutive files to sort one at a time: as few as hold at most
// batchRows each, about as many rows each (a batch that outgrows memory
// fails the copy, as a whole sort would). A file goes to the batch its
// middle row falls in, so a lake where one account or day is much larger
// than the others gets more batches there, and a file larger than a batch
// is one of its own, instead of each batch having as many files.
func sortBatches(files []string, rows []int64, batchRows int64) [][]string {
	var total int64
	for _, n := range rows {
		total += n
	}
	n := max(1, (total+batchRows-1)/max(batchRows, 1))
	var batches [][]string
	start, batch, before := 0, int64(0), int64(0)
	for i := range files {
		if middle := before + rows[i]/2; total > 0 && middle*n/total != batch {
			if i > start {
				batches = append(batches, files[start:i])
			}
			start, batch = i, middle*n/total
		}
		before += rows[i]
	}
	return append(batches, files[start:])
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
