package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"time"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// ErrCannotAdvance says that Advance cannot move an engine to the window
// asked for: open a new engine instead.
var ErrCannotAdvance = errors.New("the engine cannot advance to that window")

// Advance makes an open engine answer as Open(ctx, opt) would, without
// starting DuckDB again or copying the window anew: the cache (see
// cache.go) gets the rows in the new window of the files committed since,
// loses those that fell out of it, and the views of the tables not cached
// are defined again over the new window's files. A watch hunting each
// five-minute piece of a day over a day and a half of look-back copied
// the whole of it for every piece; advancing, it copies the piece.
//
// opt may differ from the engine's options only in From and To, neither
// zero nor earlier than the engine's, and Now; and the lake must have
// grown at its end since: rows of files already in the engine's window lie
// before its To (deliveries hunted in order). Otherwise, or when a file
// the cache copied was replaced since (a compaction), Advance returns
// ErrCannotAdvance and leaves the engine as it was. After any other error
// the engine is unusable: close it. No statement may run during Advance.
func (e *Engine) Advance(ctx context.Context, opt Options) error {
	lakeDir, err := filepath.Abs(opt.Lake)
	if err != nil {
		return fmt.Errorf("cannot resolve lake directory %q: %w", opt.Lake, err)
	}
	if opt.Dialect == "" {
		opt.Dialect = DialectAthena
	}
	was := e.opt
	if lakeDir != was.Lake || opt.Dialect != was.Dialect || opt.Threads != was.Threads || opt.MemoryLimit != was.MemoryLimit ||
		opt.TempDir != was.TempDir || !slices.Equal(opt.AllowPaths, was.AllowPaths) || !slices.Equal(opt.Cache, was.Cache) ||
		!maps.EqualFunc(opt.CacheNarrow, was.CacheNarrow, slices.Equal) || opt.Holding != nil || was.Holding != nil {
		return ErrCannotAdvance
	}
	if was.From.IsZero() || was.To.IsZero() || opt.From.Before(was.From) || opt.To.Before(was.To) || !opt.From.Before(opt.To) {
		return ErrCannotAdvance
	}
	tables := make([]tableFiles, len(e.tables))
	for i, t := range e.tables {
		files, err := lake.ListWindowFiles(lakeDir, t.table, opt.From, opt.To)
		if err != nil {
			return err
		}
		tables[i] = tableFiles{table: t.table, files: files}
		if copied, ok := e.copied[t.table.View]; ok {
			all, _, err := lake.ListFiles(lakeDir, t.table, time.Time{}, time.Time{})
			if err != nil {
				return err
			}
			for _, f := range copied {
				if _, listed := slices.BinarySearch(all, f); !listed {
					return ErrCannotAdvance
				}
			}
		}
	}
	e.opt.From, e.opt.To, e.opt.Now = opt.From, opt.To, opt.Now
	for _, t := range tables {
		if copied, ok := e.copied[t.table.View]; ok {
			if err := e.advanceCopy(ctx, t, copied, was.From); err != nil {
				return err
			}
			continue
		}
		if err := e.redefine(ctx, e.tableView(t.table.View, t.table, t.files, "")); err != nil {
			return err
		}
	}
	e.tables = tables
	for _, d := range e.viewsOverTables() {
		if err := e.redefine(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// advanceCopy brings a table's copy to the engine's window: the rows
// before its start go, the rows of the files not copied yet come, sorted
// among themselves by the table's CacheOrder (insertSorted).
func (e *Engine) advanceCopy(ctx context.Context, t tableFiles, copied []string, from time.Time) error {
	table := cacheCatalog + "." + t.table.View
	if e.opt.From.After(from) {
		if _, err := e.db.ExecContext(ctx, "DELETE FROM "+table+" WHERE time_dt < "+sqltext.TimestampLiteral(e.opt.From)); err != nil {
			return fmt.Errorf("cannot drop the rows before the window from the copy of %s: %w", t.table.View, err)
		}
	}
	added := slices.DeleteFunc(slices.Clone(t.files), func(f string) bool {
		_, done := slices.BinarySearch(copied, f)
		return done
	})
	if len(added) > 0 {
		source, err := e.tableSource(t.table, added)
		if err != nil {
			return err
		}
		if err := e.insertSorted(ctx, t.table, table, added, source, false); err != nil {
			return fmt.Errorf("cannot copy %d new files of %s: %w", len(added), t.table.View, err)
		}
	}
	e.copied[t.table.View] = t.files
	return nil
}

// redefine replaces a view's definition (definitions.go) and, when a
// statement has defined the view already, defines it again at once.
func (e *Engine) redefine(ctx context.Context, d definition) error {
	s := &e.defs
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.all {
		if s.all[i].name == d.name {
			s.all[i] = d
		}
	}
	s.byName[d.name] = d
	if !s.defined[d.name] {
		return nil
	}
	s.mapsStale = true
	return d.create(ctx)
}
