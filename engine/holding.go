package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
	lf, err := e.LakeFiles(h, view)
	if err != nil {
		return "", err
	}
	return e.LakeFilesSelect(h, lf, nil, list, cond)
}

// LakeFiles are the files of a table in the whole lake that may hold a
// value (all of them when it names none), by day.
type LakeFiles struct {
	table lake.Table
	byDay map[string][]string
	// Bounded is true when lakehunt wrote every file: then the time_dt of
	// each row lies in its file's day (ingest partitions rows by it),
	// which files pulled from Security Lake need not keep to.
	Bounded bool
}

// Days are the days of the files, in order.
func (lf *LakeFiles) Days() []string {
	days := make([]string, 0, len(lf.byDay))
	for d := range lf.byDay {
		days = append(days, d)
	}
	slices.Sort(days)
	return days
}

// LakeFiles lists the files of view's table in the whole lake that h, if
// not nil, may hold (lake.MayHold), for LakeFilesSelect.
func (e *Engine) LakeFiles(h *Holding, view string) (*LakeFiles, error) {
	t, ok := lake.TableByView(view)
	if !ok {
		return nil, fmt.Errorf("no lake table has the view %s", view)
	}
	files, err := lake.ListWindowFiles(e.opt.Lake, t, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	if h != nil {
		if files, err = h.keep(t, files); err != nil {
			return nil, err
		}
	}
	lf := &LakeFiles{table: t, byDay: lake.FilesByDay(e.opt.Lake, t, files), Bounded: true}
	n := 0
	for _, day := range lf.byDay {
		n += len(day)
	}
	for _, f := range files {
		if !lake.WrittenByLakehunt(f) {
			lf.Bounded = false
			break
		}
	}
	if n != len(files) {
		// A file outside the partition layout has no day.
		lf.Bounded = false
		lf.byDay = map[string][]string{"": files}
	}
	return lf, nil
}

// LakeFilesSelect is LakeSelect over the files of lf of days (every day
// when days is nil), or "" when lf has none of those days.
func (e *Engine) LakeFilesSelect(h *Holding, lf *LakeFiles, days []string, list, cond string) (string, error) {
	var files []string
	if days == nil {
		days = lf.Days()
	}
	for _, d := range days {
		files = append(files, lf.byDay[d]...)
	}
	if len(files) == 0 && len(lf.byDay) > 0 {
		return "", nil
	}
	slices.Sort(files)
	t := lf.table
	if h != nil {
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
	probe := []lake.Probe{{Columns: columns, Value: h.Value}}
	ranged, whole, ok, err := rowGroupReads(t, files, func(string) []lake.Probe { return probe })
	if err != nil || !ok || len(ranged) == 0 {
		return nil, false, err
	}
	return selectEach(ranged, whole, list, cond), true, nil
}

// rowGroupReads are the reads of the row groups of files of t whose bloom
// filters may hold one of the probes probesOf gives for the file (none:
// the file is left out): the files whose every row group may in one
// read, whole, and the others one read per range of row groups, ranged.
// ok is false when a file was not written by lakehunt: its schema may
// differ, which only the table's view reads by name.
func rowGroupReads(t lake.Table, files []string, probesOf func(file string) []lake.Probe) (ranged, whole []string, ok bool, err error) {
	var wholeFiles []string
	for _, f := range files {
		if !lake.WrittenByLakehunt(f) {
			return nil, nil, false, nil
		}
		probes := probesOf(f)
		if len(probes) == 0 {
			continue
		}
		rows, total, err := lake.HoldingRowsAny(f, probes)
		if err != nil {
			return nil, nil, false, err
		}
		if len(rows) == 1 && rows[0].First == 0 && rows[0].Count == total {
			wholeFiles = append(wholeFiles, f)
			continue
		}
		for _, r := range rows {
			ranged = append(ranged, partitionedRead(t, []string{f}, rowNumbers)+
				"\nWHERE file_row_number >= "+strconv.FormatInt(r.First, 10)+" AND file_row_number < "+strconv.FormatInt(r.First+r.Count, 10))
		}
	}
	if len(wholeFiles) > 0 {
		whole = []string{partitionedRead(t, wholeFiles, "")}
	}
	return ranged, whole, true, nil
}

// selectEach is SELECT list ... WHERE cond of each read.
func selectEach(ranged, whole []string, list, cond string) []string {
	var parts []string
	for _, read := range slices.Concat(ranged, whole) {
		parts = append(parts, "SELECT "+list+" FROM (\n"+read+"\n)"+whereClause(cond))
	}
	return parts
}

// A Probe is a value that rows of a table may hold in one of Columns
// (lake.Probe), at a time in [From, To); a zero From or To is no bound.
type Probe struct {
	lake.Probe
	From, To time.Time
}

// ProbedSelect is the SQL of SELECT list FROM view WHERE cond, reading
// only the row groups of the engine's files of view whose bloom filters
// may hold one of probes (lake.HoldingRowsAny), each probe asked only of
// the files of the days it can be in, with list and cond applied in each
// read as HoldingSelect applies them. cond must keep only rows that hold
// one of the probes' values in its columns and times, or the rows of
// other files would be missed. A value looked up in every file lets about
// 0.1% of their row groups through (see lake.HoldingRows); bounding each
// in time keeps many values from letting most through. Without files, or
// with files lakehunt did not write, or a copied table, or a table whose
// view holds one value already (Options.Holding), it selects from the
// view.
func (e *Engine) ProbedSelect(view, list, cond string, probes []Probe) (string, error) {
	plain := "SELECT " + list + " FROM " + view + whereClause(cond)
	t, ok := e.tableOfView(view)
	if !ok || len(t.files) == 0 || e.cached(t) {
		return plain, nil
	}
	if e.opt.Holding != nil {
		if _, held := e.opt.Holding.Columns[view]; held {
			return plain, nil
		}
	}
	ranged, whole, ok, err := rowGroupReads(t.table, t.files, func(f string) []lake.Probe {
		p, known := lake.PartitionOf(e.opt.Lake, t.table, f)
		var asked []lake.Probe
		for _, probe := range probes {
			if !known || p.Overlaps(probe.From, probe.To) {
				asked = append(asked, probe.Probe)
			}
		}
		return asked
	})
	if err != nil || !ok {
		return plain, err
	}
	parts := selectEach(ranged, whole, list, joinConditions(e.windowPredicate(), cond))
	if len(parts) == 0 {
		return "SELECT " + list + " FROM " + view + whereClause(joinConditions(cond, "false")), nil
	}
	return strings.Join(parts, "\nUNION ALL\n"), nil
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
