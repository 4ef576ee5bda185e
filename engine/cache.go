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

// copyToCache copies what source selects into the cache, sorted by the
// table's CacheOrder, and returns the statement that reads the copy.
func (e *Engine) copyToCache(ctx context.Context, t lake.Table, source string) (string, error) {
	if !e.cacheAttached {
		path := filepath.Join(e.scratch, "cache.duckdb")
		if _, err := e.db.ExecContext(ctx, "ATTACH "+sqltext.QuoteString(path)+" AS "+cacheCatalog); err != nil {
			return "", fmt.Errorf("cannot create the engine's cache: %w", err)
		}
		e.cacheAttached = true
	}
	table := cacheCatalog + "." + t.View
	if _, err := e.db.ExecContext(ctx, "CREATE TABLE "+table+" AS\nSELECT * FROM ("+source+")\nORDER BY "+t.CacheOrder); err != nil {
		return "", fmt.Errorf("cannot copy %s into the engine's cache: %w", t.View, err)
	}
	return "SELECT * FROM " + table, nil
}
