package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// ScanStats measures what the time window lets a query skip, over the lake
// tables the query reads.
//
// Files counts the data files of the window (those DuckDB is given) out
// of FilesTotal in the tables. RowGroups counts the row groups of those
// files whose time_dt min/max statistics overlap the window, which are the
// ones DuckDB cannot skip by the view's time predicate, out of
// RowGroupsTotal in the tables. Predicates of the query itself (a WHERE on
// eventday or time_dt) can make DuckDB read less still; they are not
// counted.
type ScanStats struct {
	Files, FilesTotal         int
	RowGroups, RowGroupsTotal int
}

func (s ScanStats) String() string {
	return fmt.Sprintf("scanned %d of %d files, %d of %d row groups", s.Files, s.FilesTotal, s.RowGroups, s.RowGroupsTotal)
}

// Stats reports the ScanStats of a statement. It reads Parquet footers but
// does not run the statement. It takes the statement's args so callers can
// pass what they pass to Query, but the measure does not depend on them.
func (e *Engine) Stats(ctx context.Context, sqlText string, args ...any) (ScanStats, error) {
	var st ScanStats
	tr, err := e.translate(sqlText)
	if err != nil {
		return st, err
	}
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return st, fmt.Errorf("cannot get a DuckDB connection: %w", err)
	}
	defer conn.Close()
	// Preparing checks that the statement binds before any footer is read.
	stmt, err := conn.PrepareContext(ctx, tr.text())
	if err != nil {
		return st, sqlError(err, tr)
	}
	stmt.Close()
	read := viewsNamed(tr.text())
	for _, t := range e.tables {
		if !read[t.table.View] {
			continue
		}
		st.Files += len(t.files)
		inWindow, _, err := e.rowGroups(ctx, conn, t.files)
		if err != nil {
			return st, err
		}
		st.RowGroups += inWindow
		all, files, err := lake.ListFiles(e.opt.Lake, t.table, time.Time{}, time.Time{})
		if err != nil {
			return st, err
		}
		st.FilesTotal += files
		_, groups, err := e.rowGroups(ctx, conn, all)
		if err != nil {
			return st, err
		}
		st.RowGroupsTotal += groups
	}
	return st, nil
}

// viewsNamed returns the names a statement mentions as identifiers, which
// include the views it reads (Glue names are views by then). DuckDB's own
// table-name extraction returns nothing once the engine is locked down.
func viewsNamed(sqlText string) map[string]bool {
	names := map[string]bool{}
	for _, t := range sqltext.Lex(sqlText) {
		if name := t.IdentName(); name != "" {
			names[name] = true
		}
	}
	return names
}

// rowGroups counts the row groups of files, and of them those whose time_dt
// statistics overlap the window; a row group without statistics counts as
// overlapping, since DuckDB must read it.
func (e *Engine) rowGroups(ctx context.Context, conn *sql.Conn, files []string) (inWindow, total int, err error) {
	if len(files) == 0 {
		return 0, 0, nil
	}
	overlap := "true"
	if where := e.windowPredicate(); where != "" {
		lo := "TRY_CAST(stats_min_value AS TIMESTAMPTZ)"
		hi := "TRY_CAST(stats_max_value AS TIMESTAMPTZ)"
		var conds []string
		if !e.opt.From.IsZero() {
			conds = append(conds, hi+" >= "+sqltext.TimestampLiteral(e.opt.From))
		}
		if !e.opt.To.IsZero() {
			conds = append(conds, lo+" < "+sqltext.TimestampLiteral(e.opt.To))
		}
		overlap = fmt.Sprintf("%s IS NULL OR %s IS NULL OR (%s)", lo, hi, strings.Join(conds, " AND "))
	}
	// The time_dt chunks are found by leaf position, not by path_in_schema:
	// files written through a reset parquet-go writer have empty paths.
	fileList := sqltext.QuoteList(files)
	q := `WITH leaves AS (
	SELECT file_name, name, num_children, count(*) FILTER (WHERE num_children IS NULL)
		OVER (PARTITION BY file_name ORDER BY column_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS leaf
	FROM parquet_schema(` + fileList + `)),
time_leaf AS (
	SELECT file_name, min(leaf) AS leaf FROM leaves WHERE name = 'time_dt' AND num_children IS NULL GROUP BY file_name)
SELECT count(*) FILTER (WHERE ` + overlap + `), count(*)
FROM parquet_metadata(` + fileList + `) AS m JOIN time_leaf AS t ON m.file_name = t.file_name AND m.column_id = t.leaf`
	if err := conn.QueryRowContext(ctx, q).Scan(&inWindow, &total); err != nil {
		return 0, 0, fmt.Errorf("cannot read Parquet row group statistics: %w", err)
	}
	return inWindow, total, nil
}
