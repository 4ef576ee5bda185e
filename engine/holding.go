package engine

import (
	"strconv"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// holdingView is the definition of the view named view over files of
// table t that may hold Options.Holding's value (see holdingSource).
func (e *Engine) holdingView(view string, t lake.Table, files []string) definition {
	return e.filesView(view, nil, len(files), func() (string, error) { return e.holdingSource(t, files) })
}

// holdingSource is tableSource over the row groups of files that may hold
// Options.Holding's value (lake.HoldingRows): a file whose bloom filters
// rule the value out of some row groups is read only in the others, by
// file_row_number, which DuckDB prunes row groups by. Files lakehunt did
// not write keep every row, as their schemas may differ (tableSource
// reads them by name).
func (e *Engine) holdingSource(t lake.Table, files []string) (string, error) {
	parts, ok, err := e.holdingParts(t, files, "*", "")
	if err != nil || !ok {
		return e.tableSource(t, files)
	}
	return "SELECT * FROM (\n" + strings.Join(parts, "\nUNION ALL\n") + "\n)", nil
}

// HoldingSelect is the SQL of SELECT list FROM view WHERE cond over the
// rows of view's files that may hold Options.Holding's value, with list
// and cond applied in the read of each file: DuckDB 1.5.6 then reads only
// the fields of a struct that they name, where through the holding view,
// a union of those reads, it reads whole structs (the flows of the medium
// bench's intruder, 1,024 in 30 row groups of 25 files: 0.48-0.56 s
// through the view, 0.30-0.32 s this way). ok is false when the view
// reads its files whole: then select from the view.
func (e *Engine) HoldingSelect(view, list, cond string) (sql string, ok bool, err error) {
	for _, t := range e.tables {
		if t.table.View != view || e.opt.Holding == nil || e.cached(t) {
			continue
		}
		parts, ok, err := e.holdingParts(t.table, t.files, list, cond)
		if err != nil || !ok {
			return "", false, err
		}
		return strings.Join(parts, "\nUNION ALL\n"), true, nil
	}
	return "", false, nil
}

// holdingParts are the reads of holdingSource, each SELECT list ... WHERE
// cond (cond "" for none) within the window; ok is false when files are
// read whole.
func (e *Engine) holdingParts(t lake.Table, files []string, list, cond string) (parts []string, ok bool, err error) {
	columns, ok := e.opt.Holding.Columns[t.View]
	if !ok || len(files) == 0 {
		return nil, false, nil
	}
	var conds []string
	if where := e.windowPredicate(); where != "" {
		conds = append(conds, where)
	}
	if cond != "" {
		conds = append(conds, "("+cond+")")
	}
	part := func(read string) string {
		sql := "SELECT " + list + " FROM (\n" + read + "\n)"
		if len(conds) > 0 {
			sql += "\nWHERE " + strings.Join(conds, " AND ")
		}
		return sql
	}
	var whole []string
	for _, f := range files {
		if !lake.WrittenByLakehunt(f) {
			return nil, false, nil
		}
		rows, total, err := lake.HoldingRows(f, columns, e.opt.Holding.Value)
		if err != nil {
			return nil, false, err
		}
		if len(rows) == 1 && rows[0].First == 0 && rows[0].Count == total {
			whole = append(whole, f)
			continue
		}
		for _, r := range rows {
			parts = append(parts, part(holdingRead([]string{f}, ", file_row_number = true")+
				"\nWHERE file_row_number >= "+strconv.FormatInt(r.First, 10)+" AND file_row_number < "+strconv.FormatInt(r.First+r.Count, 10)))
		}
	}
	if len(parts) == 0 {
		return nil, false, nil
	}
	if len(whole) > 0 {
		parts = append(parts, part(holdingRead(whole, "")))
	}
	return parts, true, nil
}

// holdingRead reads files as tableSource does, files lakehunt wrote,
// with the read_parquet options more: file_row_number is left out of the
// columns.
func holdingRead(files []string, more string) string {
	list := make([]string, len(files))
	for i, f := range files {
		list[i] = sqltext.QuoteString(f)
	}
	exclude := "region, accountId, eventDay"
	if more != "" {
		exclude += ", file_row_number"
	}
	return `SELECT * EXCLUDE (` + exclude + `), region, accountId AS accountid, eventDay AS eventday
FROM read_parquet([` + strings.Join(list, ", ") + `], hive_partitioning = true,
	hive_types = {'region': VARCHAR, 'accountId': VARCHAR, 'eventDay': VARCHAR}` + more + `)`
}
