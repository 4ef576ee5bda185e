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
	columns, ok := e.opt.Holding.Columns[t.View]
	if !ok || len(files) == 0 {
		return e.tableSource(t, files)
	}
	var whole []string
	var parts []string
	for _, f := range files {
		if !lake.WrittenByLakehunt(f) {
			return e.tableSource(t, files)
		}
		rows, total, err := lake.HoldingRows(f, columns, e.opt.Holding.Value)
		if err != nil {
			return "", err
		}
		if len(rows) == 1 && rows[0].First == 0 && rows[0].Count == total {
			whole = append(whole, f)
			continue
		}
		for _, r := range rows {
			parts = append(parts, holdingRead([]string{f}, ", file_row_number = true")+
				"\nWHERE file_row_number >= "+strconv.FormatInt(r.First, 10)+" AND file_row_number < "+strconv.FormatInt(r.First+r.Count, 10))
		}
	}
	if len(parts) == 0 {
		return e.tableSource(t, files)
	}
	if len(whole) > 0 {
		parts = append(parts, holdingRead(whole, ""))
	}
	source := "SELECT * FROM (\n" + strings.Join(parts, "\nUNION ALL\n") + "\n)"
	if where := e.windowPredicate(); where != "" {
		source += "\nWHERE " + where
	}
	return source, nil
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
