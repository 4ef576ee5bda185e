package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// viewDefinitions returns the definitions (definitions.go) of one view
// per lake table over the files of the window, then of the union views
// over several tables (cloudtrail_all). Listing the files at Open, rather
// than globbing in DuckDB, is what prunes a window before DuckDB opens
// anything; the time_dt predicate in the view then lets DuckDB skip row
// groups by their min/max statistics (it is pushed into the Parquet scan:
// EXPLAIN shows it under Filters). The cached tables are copied here, at
// Open.
//
// The partition columns are strings named as Athena names them: region,
// accountid, eventday.
func (e *Engine) viewDefinitions(ctx context.Context) ([]definition, error) {
	var defs []definition
	for _, t := range e.tables {
		var cache string
		if e.cached(t) {
			source, err := e.tableSource(t.table, t.files)
			if err != nil {
				return nil, err
			}
			if cache, err = e.copyToCache(ctx, t.table, t.files, source); err != nil {
				return nil, err
			}
		}
		if e.opt.Holding != nil && cache == "" {
			defs = append(defs, e.holdingView(t.table.View, t.table, t.files))
		} else {
			defs = append(defs, e.tableView(t.table.View, t.table, t.files, cache))
		}
	}
	return append(defs, e.viewsOverTables()...), nil
}

// viewsOverTables are the definitions of the views that read the tables'
// views and depend on which files the window holds: the issuing calls'
// views and the union views (the window and the file pruning of the
// tables' views apply to them too). Advance defines them again.
func (e *Engine) viewsOverTables() []definition {
	var defs []definition
	for _, t := range e.tables {
		if t.table.Issuing {
			defs = append(defs, e.issuingView(t.table, t.files), e.issuedView(t.table, t.files))
		}
	}
	for _, u := range lake.UnionViews {
		defs = append(defs, e.unionView(u))
	}
	return defs
}

// tableView is the definition of the view named view over files of table
// t, or over the copy source reads when it is not "".
func (e *Engine) tableView(view string, t lake.Table, files []string, source string) definition {
	return e.filesView(view, nil, len(files), func() (string, error) {
		if source != "" {
			return source, nil
		}
		return e.tableSource(t, files)
	})
}

// filesView is the definition of a view over n files of the lake, whose
// SQL source gives when the view is defined.
func (e *Engine) filesView(view string, deps []string, n int, source func() (string, error)) definition {
	return definition{name: view, deps: deps, create: func(ctx context.Context) error {
		sql, err := source()
		if err != nil {
			return err
		}
		// OR REPLACE: Advance defines a view again over a later window.
		if _, err := e.db.ExecContext(ctx, "CREATE OR REPLACE VIEW "+view+" AS\n"+sql); err != nil {
			return fmt.Errorf("cannot create view %s over %d files: %w", view, n, err)
		}
		return nil
	}}
}

// tableSource is the SQL of a table's view over files, within the window.
func (e *Engine) tableSource(t lake.Table, files []string) (string, error) {
	source, err := e.tableRead(t, files)
	if err != nil {
		return "", err
	}
	if where := e.windowPredicate(); where != "" {
		source += "\nWHERE " + where
	}
	return source, nil
}

// tableRead is tableSource without the window: every row of files.
func (e *Engine) tableRead(t lake.Table, files []string) (string, error) {
	unionByName := false
	if len(files) == 0 {
		// read_parquet needs at least one file to know the schema: an
		// empty table or window reads a zero-row file of the table's
		// row type instead.
		empty, err := e.writeEmptyTable(t)
		if err != nil {
			return "", err
		}
		files = []string{empty}
	} else {
		// union_by_name reads every file's schema at each bind: with it
		// 'hunt run --all' over the corpus lakes took 34 s, without it
		// 20 s (same run, same binary otherwise); files lakehunt wrote
		// share one schema, so it is only needed when pulled Security
		// Lake files sit beside them.
		for _, f := range files {
			unionByName = unionByName || !lake.WrittenByLakehunt(f)
		}
		if unionByName {
			// Pulled files lack lakehunt's additions to Security Lake's
			// schema (the flows' start_time, status_id, ...): the
			// zero-row file of the table's row type gives the union
			// every column, and the view derives those it can.
			empty, err := e.writeEmptyTable(t)
			if err != nil {
				return "", err
			}
			files = append(slices.Clip(files), empty)
		}
	}
	source := partitionedRead(t, files, unionOption(unionByName))
	return source, nil
}

// rowNumbers is the read_parquet option of partitionedRead that numbers
// each file's rows (file_row_number), for reads of row ranges.
const rowNumbers = ", file_row_number = true"

// partitionedRead reads files with their Hive partition columns named as
// the views name them, with the read_parquet options more; the row numbers
// rowNumbers adds are left out of the columns.
func partitionedRead(t lake.Table, files []string, more string) string {
	exclude := "region, accountId, eventDay"
	if more == rowNumbers {
		exclude += ", file_row_number"
	}
	return `SELECT * EXCLUDE (` + exclude + `)` + derivedColumns(t) + `, region, accountId AS accountid, eventDay AS eventday
FROM read_parquet(` + sqltext.QuoteList(files) + `, hive_partitioning = true,
	hive_types = {'region': VARCHAR, 'accountId': VARCHAR, 'eventDay': VARCHAR}` + more + `)`
}

// derivedColumns is the REPLACE clause that computes t's Derived
// columns where a file left them null, or "".
func derivedColumns(t lake.Table) string {
	if len(t.Derived) == 0 {
		return ""
	}
	names := make([]string, 0, len(t.Derived))
	for name := range t.Derived {
		names = append(names, name)
	}
	slices.Sort(names)
	replaced := make([]string, len(names))
	for i, name := range names {
		replaced[i] = "coalesce(" + sqltext.QuoteIdent(name) + ", " + t.Derived[name] + ") AS " + sqltext.QuoteIdent(name)
	}
	return " REPLACE (" + strings.Join(replaced, ", ") + ")"
}

// unionView is the definition of the union view u over its tables'
// views. BY NAME, because pulled Security Lake files need not list their
// columns in lakehunt's order. The views of tables with no file in the
// window are left out when that changes no column (see unionBranches):
// DuckDB 1.5.6 pushes neither the fields a query reads of a struct nor a
// filter on them through a union, so a query of the management events
// through cloudtrail_all read whole structs ('investigate principal' of
// the medium bench's user: a count of its events through cloudtrail_all
// 1.80 s, through cloudtrail 0.46 s).
func (e *Engine) unionView(u lake.UnionView) definition {
	views := e.unionBranches(u)
	selects := make([]string, len(views))
	for i, v := range views {
		selects[i] = "SELECT * FROM " + v
	}
	stmt := "CREATE OR REPLACE VIEW " + u.View + " AS\n" + strings.Join(selects, "\nUNION ALL BY NAME\n")
	return definition{name: u.View, deps: views, create: func(ctx context.Context) error {
		if _, err := e.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("cannot create view %s: %w", u.View, err)
		}
		return nil
	}}
}

// unionBranches are the views of u's tables that its union reads: the
// tables with files in the window, or the first table when none has any.
// Every table is read when the tables' schemas differ or when one of the
// kept tables holds files lakehunt did not write: the union's columns are
// then more than one table's.
func (e *Engine) unionBranches(u lake.UnionView) []string {
	all := make([]string, len(u.Tables))
	for i, t := range u.Tables {
		all[i] = t.View
	}
	var kept []string
	for _, t := range u.Tables {
		if !parquet.EqualNodes(u.Tables[0].Schema(), t.Schema()) {
			return all
		}
		tf, _ := e.tableOfView(t.View)
		files := tf.files
		if len(files) == 0 {
			continue
		}
		for _, f := range files {
			if !lake.WrittenByLakehunt(f) {
				return all
			}
		}
		kept = append(kept, t.View)
	}
	if len(kept) == 0 {
		return all[:1]
	}
	return kept
}

// tableOfView is the table whose view is view, with its files in the
// engine's window.
func (e *Engine) tableOfView(view string) (tableFiles, bool) {
	for _, t := range e.tables {
		if t.table.View == view {
			return t, true
		}
	}
	return tableFiles{}, false
}

func unionOption(on bool) string {
	if on {
		return ", union_by_name = true"
	}
	return ""
}

// windowPredicate is the SQL condition of [From, To) on time_dt.
func (e *Engine) windowPredicate() string { return e.windowPredicateOn("time_dt") }

// windowPredicateOn is windowPredicate of the time in column.
func (e *Engine) windowPredicateOn(column string) string {
	var conds []string
	if !e.opt.From.IsZero() {
		conds = append(conds, column+" >= "+sqltext.TimestampLiteral(e.opt.From))
	}
	if !e.opt.To.IsZero() {
		conds = append(conds, column+" < "+sqltext.TimestampLiteral(e.opt.To))
	}
	return strings.Join(conds, " AND ")
}

// writeEmptyTable writes a zero-row Parquet file with the schema of the
// table's row type into the engine's temp dir, once: every read of a
// table with pulled files, or of none, names it (the lifetime reads a
// table's days in several statements), and a file rewritten in place
// could be read half written by a statement already running.
func (e *Engine) writeEmptyTable(t lake.Table) (string, error) {
	// In a partition's shape, so that it reads with the lake's files.
	dir := filepath.Join(e.scratch.path, "empty", t.View, "region=none", "accountId=none", "eventDay=none")
	path := filepath.Join(dir, "empty.parquet")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("cannot write empty %s schema: %w", t.View, err)
	}
	// Renamed in whole, should two statements write it at once.
	f, err := os.CreateTemp(dir, "empty-*.tmp")
	if err != nil {
		return "", fmt.Errorf("cannot write empty %s schema: %w", t.View, err)
	}
	defer os.Remove(f.Name())
	w := parquet.NewWriter(f, t.Schema())
	if err := w.Close(); err != nil {
		f.Close()
		return "", fmt.Errorf("cannot write empty %s schema: %w", t.View, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("cannot write empty %s schema: %w", t.View, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return "", fmt.Errorf("cannot write empty %s schema: %w", t.View, err)
	}
	return path, nil
}

// findMapColumns records the MAP-typed columns of the views.
func (e *Engine) findMapColumns(ctx context.Context) error {
	e.mapColumns = map[string]bool{}
	rows, err := e.db.QueryContext(ctx, `SELECT column_name FROM duckdb_columns()
WHERE schema_name = 'main' AND data_type LIKE 'MAP(%'`)
	if err != nil {
		return fmt.Errorf("cannot read view columns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("cannot read view columns: %w", err)
		}
		e.mapColumns[strings.ToLower(name)] = true
	}
	return rows.Err()
}
