package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"

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
	parts, ok, err := holdingParts(e.opt.Holding, t, files, "*", e.windowPredicate())
	if err != nil {
		return "", err
	}
	if !ok {
		return e.tableSource(t, files)
	}
	return "SELECT * FROM (\n" + strings.Join(parts, "\nUNION ALL\n") + "\n)", nil
}

// HoldingSelect is the SQL of SELECT list FROM view WHERE cond. When the
// engine holds a value in view's files (Options.Holding), it reads the
// row groups that may hold it with list and cond applied in the read of
// each file: DuckDB 1.5.6 then reads only the fields of a struct that
// they name, where through the holding view, a union of those reads, it
// reads whole structs (the flows of the medium bench's intruder, 1,024
// in 30 row groups of 25 files: 0.48-0.56 s through the view, 0.30-0.32
// s this way, by hand on the 2-core AMD EPYC of the README's benchmark
// tables). Otherwise it selects from the view.
func (e *Engine) HoldingSelect(view, list, cond string) (string, error) {
	if t, ok := e.tableOfView(view); ok && e.opt.Holding != nil && !e.cached(t) {
		parts, ok, err := holdingParts(e.opt.Holding, t.table, t.files, list, joinConditions(e.windowPredicate(), cond))
		if err != nil {
			return "", err
		}
		if ok {
			return strings.Join(parts, "\nUNION ALL\n"), nil
		}
	}
	return "SELECT " + list + " FROM " + view + whereClause(cond), nil
}

// LakeSelect is the SQL of SELECT list FROM view WHERE cond over every
// row of the table's files in the whole lake, whatever the engine's
// window, read as HoldingSelect reads them when h, if not nil, names
// the table: an investigation finds an entity's first and last
// appearance in the lake without opening a second engine over the whole
// lake (that engine took 0.26-0.40 s of 'investigate ip' of the medium
// bench's intruder, by hand on the same machine: bench scenario 6 times
// the whole investigation).
func (e *Engine) LakeSelect(h *Holding, view, list, cond string) (string, error) {
	t, ok := lake.TableByView(view)
	if !ok {
		return "", fmt.Errorf("no lake table has the view %s", view)
	}
	files, err := lake.ListWindowFiles(e.opt.Lake, t, time.Time{}, time.Time{})
	if err != nil {
		return "", err
	}
	if h != nil {
		if files, err = h.keep(t, files); err != nil {
			return "", err
		}
		parts, ok, err := holdingParts(h, t, files, list, cond)
		if err != nil {
			return "", err
		}
		if ok {
			return strings.Join(parts, "\nUNION ALL\n"), nil
		}
	}
	read, err := e.tableRead(t, files)
	if err != nil {
		return "", err
	}
	return "SELECT " + list + " FROM (\n" + read + "\n)" + whereClause(cond), nil
}

// holdingParts are the reads of holdingSource, each SELECT list ... WHERE
// cond (cond "" for none); ok is false when h does not name the table or
// files are read whole.
func holdingParts(h *Holding, t lake.Table, files []string, list, cond string) (parts []string, ok bool, err error) {
	columns, ok := h.Columns[t.View]
	if !ok || len(files) == 0 {
		return nil, false, nil
	}
	part := func(read string) string {
		return "SELECT " + list + " FROM (\n" + read + "\n)" + whereClause(cond)
	}
	var whole []string
	for _, f := range files {
		if !lake.WrittenByLakehunt(f) {
			return nil, false, nil
		}
		rows, total, err := lake.HoldingRows(f, columns, h.Value)
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

// joinConditions joins SQL conditions with AND, leaving out empty ones.
func joinConditions(conds ...string) string {
	var kept []string
	for _, c := range conds {
		if c != "" {
			kept = append(kept, "("+c+")")
		}
	}
	return strings.Join(kept, " AND ")
}

// whereClause is a WHERE clause of cond, or nothing when cond is "".
func whereClause(cond string) string {
	if cond == "" {
		return ""
	}
	return "\nWHERE " + cond
}

// holdingRead reads files as tableSource does, files lakehunt wrote,
// with the read_parquet options more: file_row_number is left out of the
// columns.
func holdingRead(files []string, more string) string {
	exclude := "region, accountId, eventDay"
	if more != "" {
		exclude += ", file_row_number"
	}
	return `SELECT * EXCLUDE (` + exclude + `), region, accountId AS accountid, eventDay AS eventday
FROM read_parquet(` + sqltext.QuoteList(files) + `, hive_partitioning = true,
	hive_types = {'region': VARCHAR, 'accountId': VARCHAR, 'eventDay': VARCHAR}` + more + `)`
}
