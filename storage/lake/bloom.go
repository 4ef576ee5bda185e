package lake

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// MayHold tells whether the data file at path can hold value in one of
// columns (dotted paths of EntityColumns): false only when every row
// group's bloom filter of every one of those columns rules the value out.
// A column without a filter (a file written before the filters, or by
// another writer) may hold anything. Only the footer and the filters are
// read: a few kilobytes instead of the file.
//
// DuckDB 1.5.6 checks Parquet bloom filters of top-level columns only, and
// the entity columns are struct fields, so lakehunt checks them itself
// before the engine lists a file (engine.Options.Holding): 'investigate ip'
// of an address in 9 of 310 files went from 5.5 to 1.1 CPU-s (README,
// Benchmarks).
func MayHold(path string, columns []string, value string) (bool, error) {
	rows, _, err := holdingRows(path, columns, value, true)
	return len(rows) > 0, err
}

// RowRange is the rows [First, First+Count) of a data file, numbered from
// 0 as DuckDB's file_row_number numbers them.
type RowRange struct {
	First, Count int64
}

// HoldingRows returns the rows of the data file at path that can hold
// value in one of columns, as MayHold tells for the whole file: the row
// groups whose bloom filters do not rule it out, adjacent ones merged into
// one range, and how many rows the file has. None means the file cannot
// hold it. A value is in a few row groups of a file at most, and the
// filters let about 1% of the others through, a row group and column:
// the 1,024 flows of the medium bench's intruder are in 3 of its 1,574
// flow row groups, in one of its 64 files, and MayHold keeps 27 files;
// reading their 42 row groups alone took 'investigate ip' from 8.3 to 2.7
// CPU-s.
func HoldingRows(path string, columns []string, value string) (rows []RowRange, total int64, err error) {
	return holdingRows(path, columns, value, false)
}

// holdingRows is HoldingRows; first stops at the first row group that may
// hold the value, and total is then the rows before it.
func holdingRows(path string, columns []string, value string, first bool) ([]RowRange, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open %s: %w", path, err)
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read footer of %s: %w", path, err)
	}
	var leaves []int
	for _, c := range columns {
		leaf, ok := pf.Schema().Lookup(strings.Split(c, ".")...)
		if !ok {
			continue // a file without the column holds no value in it
		}
		leaves = append(leaves, leaf.ColumnIndex)
	}
	v := parquet.ByteArrayValue([]byte(value))
	var rows []RowRange
	var next int64 // the row group's first row, at the end the file's rows
	for _, rg := range pf.RowGroups() {
		n := rg.NumRows()
		may, err := rowGroupMayHold(f, path, rg, leaves, v)
		if err != nil {
			return nil, 0, err
		}
		switch {
		case !may:
		case len(rows) > 0 && rows[len(rows)-1].First+rows[len(rows)-1].Count == next:
			rows[len(rows)-1].Count += n
		default:
			rows = append(rows, RowRange{First: next, Count: n})
		}
		next += n
		if may && first {
			break
		}
	}
	return rows, next, nil
}

// rowGroupMayHold tells whether one row group can hold v in one of the
// leaf columns: a column without a bloom filter may hold anything.
func rowGroupMayHold(f *os.File, path string, rg parquet.RowGroup, leaves []int, v parquet.Value) (bool, error) {
	chunks := rg.ColumnChunks()
	for _, leaf := range leaves {
		chunk, ok := chunks[leaf].(*parquet.FileColumnChunk)
		if !ok {
			return true, nil
		}
		filter, err := chunk.BloomFilterFrom(f)
		if errors.Is(err, parquet.ErrMissingBloomFilter) {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("cannot read bloom filter of %s: %w", path, err)
		}
		if hit, err := filter.Check(v); err != nil {
			return false, fmt.Errorf("cannot read bloom filter of %s: %w", path, err)
		} else if hit {
			return true, nil
		}
	}
	return false, nil
}
