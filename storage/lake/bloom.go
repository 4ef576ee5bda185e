package lake

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

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
	rows, _, err := HoldingRows(path, columns, value)
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
// filters let about 0.1% of the others through, a row group and column
// (bloomBitsPerValue): the 1,024 flows of the medium bench's intruder are
// in 3 of its 1,574 flow row groups, in one of its 64 files. With filters
// of 10 bits (1%) MayHold kept 27 files and reading their 42 row groups
// alone took 'investigate ip' from 8.3 to 2.7 CPU-s (2-core AMD EPYC;
// bench scenario 6 reproduces it).
func HoldingRows(path string, columns []string, value string) (rows []RowRange, total int64, err error) {
	key := heldKey{path: path, columns: strings.Join(columns, ","), value: value}
	held.Lock()
	a, ok := held.answers[key]
	held.Unlock()
	if ok {
		return a.rows, a.total, nil
	}
	if rows, total, err = holdingRows(path, columns, value); err != nil {
		return nil, 0, err
	}
	held.Lock()
	defer held.Unlock()
	if held.answers == nil || len(held.answers) >= maxHeld {
		held.answers = map[heldKey]heldAnswer{}
	}
	held.answers[key] = heldAnswer{rows: rows, total: total}
	return rows, total, nil
}

// held remembers the answers of HoldingRows: an investigation asks them of
// the same files two to four times (its engine lists the files that may
// hold the value, then its views read their row groups, and the engine of
// its lifetime panel does both again over the whole lake: 0.3 CPU-s a
// time for the 426 files of the medium bench), and a data file is never
// rewritten in place (every write is a new name). It starts again empty
// past maxHeld answers.
var held struct {
	sync.Mutex
	answers map[heldKey]heldAnswer
}

const maxHeld = 1 << 16

type heldKey struct{ path, columns, value string }

type heldAnswer struct {
	rows  []RowRange
	total int64
}

// holdingRows is HoldingRows, read from the file.
func holdingRows(path string, columns []string, value string) ([]RowRange, int64, error) {
	f, pf, err := openParquet(path, footerOnly...)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
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
