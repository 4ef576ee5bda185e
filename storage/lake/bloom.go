package lake

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go/bloom"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
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

// holdingRows is HoldingRows, read from the file: its footer's row
// groups (bloomFooter) and the filters of the columns asked.
func holdingRows(path string, columns []string, value string) ([]RowRange, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open %s: %w", path, err)
	}
	defer f.Close()
	footer, err := readBloomFooter(f)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read footer of %s: %w", path, err)
	}
	leaves := footer.leaves(columns)
	hash := bloom.XXH64{}.Sum64([]byte(value))
	var rows []RowRange
	var next int64 // the row group's first row, at the end the file's rows
	for _, rg := range footer.RowGroups {
		n := rg.NumRows
		may, err := rg.mayHold(f, leaves, hash)
		if err != nil {
			return nil, 0, fmt.Errorf("cannot read bloom filter of %s: %w", path, err)
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

// bloomFooter is the part of a Parquet footer (FileMetaData) a bloom
// filter check reads: each row group's rows and, of each column chunk, its
// path and the offset of its filter. Decoding that alone skips the schema
// and every column's statistics: parquet-go decoding whole footers was
// 1.2 of the 3.0 CPU-s of 'investigate ip' over the 1,221 files of the
// large bench lake, whose lifetime panel asks every file.
type bloomFooter struct {
	RowGroups []bloomRowGroup `thrift:"4,required"`
}

type bloomRowGroup struct {
	Columns []bloomColumnChunk `thrift:"1,required"`
	NumRows int64              `thrift:"3,required"`
}

type bloomColumnChunk struct {
	MetaData bloomColumnMetaData `thrift:"3,optional"`
}

type bloomColumnMetaData struct {
	PathInSchema      []string `thrift:"3,required"`
	BloomFilterOffset int64    `thrift:"14,optional"`
}

// readBloomFooter decodes the bloomFooter of the Parquet file f.
func readBloomFooter(f *os.File) (*bloomFooter, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var tail [8]byte
	if st.Size() < 12 {
		return nil, errors.New("too short for a Parquet file")
	}
	if _, err := f.ReadAt(tail[:], st.Size()-8); err != nil {
		return nil, err
	}
	size := int64(binary.LittleEndian.Uint32(tail[:4]))
	if string(tail[4:]) != "PAR1" || size > st.Size()-12 {
		return nil, errors.New("not a Parquet file")
	}
	data := make([]byte, size)
	if _, err := f.ReadAt(data, st.Size()-8-size); err != nil {
		return nil, err
	}
	var footer bloomFooter
	if err := thrift.Unmarshal(new(thrift.CompactProtocol), data, &footer); err != nil {
		return nil, err
	}
	return &footer, nil
}

// leaves are the indexes of the column chunks of columns (dotted paths),
// the same in every row group: a file without a column holds no value in
// it, so that column is left out.
func (footer *bloomFooter) leaves(columns []string) []int {
	if len(footer.RowGroups) == 0 {
		return nil
	}
	var leaves []int
	for i, c := range footer.RowGroups[0].Columns {
		if slices.Contains(columns, strings.Join(c.MetaData.PathInSchema, ".")) {
			leaves = append(leaves, i)
		}
	}
	return leaves
}

// mayHold tells whether the row group can hold the value of hash in one of
// its column chunks at leaves: a column without a filter, or with one
// lakehunt does not read, may hold anything.
func (rg *bloomRowGroup) mayHold(f *os.File, leaves []int, hash uint64) (bool, error) {
	for _, leaf := range leaves {
		if leaf >= len(rg.Columns) {
			return true, nil
		}
		offset := rg.Columns[leaf].MetaData.BloomFilterOffset
		if offset == 0 {
			return true, nil
		}
		may, err := bloomFilterMayHold(f, offset, hash)
		if err != nil || may {
			return may, err
		}
	}
	return false, nil
}

// bloomFilterMayHold checks hash against the filter at offset of f: its
// header (BloomFilterHeader), then the bits.
func bloomFilterMayHold(f *os.File, offset int64, hash uint64) (bool, error) {
	// A header is about fifteen bytes: numBytes and three one-field unions.
	var buf [64]byte
	n, err := f.ReadAt(buf[:], offset)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	r := bytes.NewReader(buf[:n])
	var header format.BloomFilterHeader
	if err := thrift.NewDecoder(new(thrift.CompactProtocol).NewReader(r)).Decode(&header); err != nil {
		return false, err
	}
	_, split := header.Algorithm.Value.(*format.SplitBlockAlgorithm)
	_, xxh := header.Hash.Value.(*format.XxHash)
	_, plain := header.Compression.Value.(*format.BloomFilterUncompressed)
	if !split || !xxh || !plain {
		return true, nil
	}
	bits := int64(header.NumBytes)
	return bloom.CheckSplitBlock(io.NewSectionReader(f, offset+int64(n-r.Len()), bits), bits, hash)
}
