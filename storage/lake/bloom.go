package lake

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go/bloom"
)

// MayHold tells whether the data file at path can hold value in one of
// columns (dotted paths of EntityColumns): false only when every row
// group's bloom filter of every one of those columns rules the value out.
// A column without a filter (a file written before the filters, or by
// another writer) may hold anything, unless its statistics count only
// nulls. Only the footer and the filters are read: a few kilobytes
// instead of the file.
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

// A Probe is one value looked up in one of some columns (dotted paths of
// EntityColumns).
type Probe struct {
	Columns []string
	Value   string
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
	return HoldingRowsAny(path, []Probe{{Columns: columns, Value: value}})
}

// HoldingRowsAny is HoldingRows of several probes: the row groups that can
// hold the value of at least one. Every probe lets about 0.1% of a file's
// other row groups through per column, so a caller asks each file only
// what it can hold (see engine.ProbedSelect).
func HoldingRowsAny(path string, probes []Probe) (rows []RowRange, total int64, err error) {
	key := heldKey{path: path, probes: probesKey(probes)}
	held.Lock()
	a, ok := held.answers[key]
	held.Unlock()
	if ok {
		return a.rows, a.total, nil
	}
	if rows, total, err = holdingRows(path, probes); err != nil {
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

// held remembers the answers of HoldingRowsAny: an investigation asks them
// of the same files two to four times (its engine lists the files that may
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

type heldKey struct{ path, probes string }

// probesKey is probes as one string, each column and value ended by a
// byte no dotted path or looked-up value holds.
func probesKey(probes []Probe) string {
	var b strings.Builder
	for _, p := range probes {
		for _, c := range p.Columns {
			b.WriteString(c)
			b.WriteByte(1)
		}
		b.WriteByte(2)
		b.WriteString(p.Value)
		b.WriteByte(0)
	}
	return b.String()
}

type heldAnswer struct {
	rows  []RowRange
	total int64
}

// holdingRows is HoldingRowsAny, read from the file: its footer's row
// groups (bloomFooter) and the filters of the columns asked.
func holdingRows(path string, probes []Probe) ([]RowRange, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open %s: %w", path, err)
	}
	defer f.Close()
	footer, err := readBloomFooter(f)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read footer of %s: %w", path, err)
	}
	leaves := make([][]int, len(probes))
	hashes := make([]uint64, len(probes))
	for i, p := range probes {
		leaves[i] = footer.leaves(p.Columns)
		hashes[i] = bloom.XXH64{}.Sum64([]byte(p.Value))
	}
	var rows []RowRange
	var next int64 // the row group's first row, at the end the file's rows
	headers := map[int64]bloomHeader{}
	for _, rg := range footer.rowGroups {
		n := rg.numRows
		may := false
		for i := range probes {
			if may, err = rg.mayHold(f, leaves[i], hashes[i], headers); err != nil {
				return nil, 0, fmt.Errorf("cannot read bloom filter of %s: %w", path, err)
			}
			if may {
				break
			}
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
// filter check reads: each row group's rows and, of each column chunk, the
// offset of its filter, and the paths of the first row group's chunks
// (every row group has the same columns). readBloomFooter decodes that
// alone and steps over the rest (thriftReader, BenchmarkDecodeBloomFooter).
// 'investigate ip' over the 1,221 files of the large bench lake, whose
// lifetime panel asks every file, reads 60 MB of footers (a flow day file
// of 37 row groups has 2,442 column chunks); under --cpuprofile on the
// 2-core Intel Xeon it spent 1.2 of its 3.0 CPU-s decoding them whole, 0.42
// of 1.3 with parquet-go decoding these fields alone, and 0.29 of 1.1 this
// way.
type bloomFooter struct {
	rowGroups []bloomRowGroup
	paths     []string // dotted, of the first row group's column chunks
}

type bloomRowGroup struct {
	numRows int64
	filters []int64 // the column chunks' filter offsets, 0 for none, noValues
}

// noValues is the filter offset of a column chunk whose statistics count
// as many nulls as values: it holds no value, and writers give it no
// filter. Without this a small file, where a column is often null
// throughout (a target user, a session issuer), may hold anything in it.
const noValues = -1

// readBloomFooter reads and decodes the bloomFooter of the Parquet file f.
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
	return decodeBloomFooter(data)
}

// decodeBloomFooter decodes the bloomFooter of a footer's bytes, field
// numbers from parquet.thrift: FileMetaData.row_groups (4), RowGroup's
// columns (1) and num_rows (3), ColumnChunk.meta_data (3), and
// ColumnMetaData's path_in_schema (3) and bloom_filter_offset (14).
func decodeBloomFooter(data []byte) (*bloomFooter, error) {
	r := &thriftReader{b: data}
	footer := &bloomFooter{}
	r.structFields(0, func(id int16, typ byte) bool {
		if id != 4 {
			return false
		}
		if r.expect(id, typ, thriftList) {
			for n := r.listOf(thriftStruct); n > 0 && r.err == nil; n-- {
				footer.rowGroups = append(footer.rowGroups, footer.decodeRowGroup(r, len(footer.rowGroups) == 0))
			}
		}
		return true
	})
	if r.err != nil {
		return nil, r.err
	}
	return footer, nil
}

// decodeRowGroup decodes a RowGroup; of the first, it keeps the chunks'
// paths too.
func (footer *bloomFooter) decodeRowGroup(r *thriftReader, first bool) bloomRowGroup {
	var rg bloomRowGroup
	r.structFields(1, func(id int16, typ byte) bool {
		switch id {
		case 1:
			if r.expect(id, typ, thriftList) {
				for n := r.listOf(thriftStruct); n > 0 && r.err == nil; n-- {
					path, offset := decodeColumnChunk(r, first)
					rg.filters = append(rg.filters, offset)
					if first {
						footer.paths = append(footer.paths, path)
					}
				}
			}
		case 3:
			if r.expect(id, typ, thriftI64) {
				rg.numRows = r.varint()
			}
		default:
			return false
		}
		return true
	})
	return rg
}

// decodeColumnChunk decodes a ColumnChunk's filter offset (noValues when
// its statistics count only nulls), and its dotted path when withPath:
// ColumnMetaData's num_values (5) and statistics (12), whose null_count
// is field 3.
func decodeColumnChunk(r *thriftReader, withPath bool) (path string, offset int64) {
	values, nulls := int64(-1), int64(-2)
	r.structFields(2, func(id int16, typ byte) bool {
		if id != 3 || !r.expect(id, typ, thriftStruct) {
			return r.err != nil
		}
		r.structFields(3, func(id int16, typ byte) bool {
			switch {
			case id == 3 && withPath:
				if r.expect(id, typ, thriftList) {
					var parts []string
					for n := r.listOf(thriftBinary); n > 0 && r.err == nil; n-- {
						parts = append(parts, string(r.binary()))
					}
					path = strings.Join(parts, ".")
				}
			case id == 5:
				if r.expect(id, typ, thriftI64) {
					values = r.varint()
				}
			case id == 12:
				if r.expect(id, typ, thriftStruct) {
					r.structFields(4, func(id int16, typ byte) bool {
						if id != 3 || !r.expect(id, typ, thriftI64) {
							return r.err != nil
						}
						nulls = r.varint()
						return true
					})
				}
			case id == 14:
				if r.expect(id, typ, thriftI64) {
					offset = r.varint()
				}
			default:
				return false
			}
			return true
		})
		return true
	})
	if nulls == values {
		offset = noValues
	}
	return path, offset
}

// leaves are the indexes of the column chunks of columns (dotted paths),
// the same in every row group: a file without a column holds no value in
// it, so that column is left out.
func (footer *bloomFooter) leaves(columns []string) []int {
	var leaves []int
	for i, path := range footer.paths {
		if slices.Contains(columns, path) {
			leaves = append(leaves, i)
		}
	}
	return leaves
}

// mayHold tells whether the row group can hold the value of hash in one of
// its column chunks at leaves: a column without a filter, or with one
// lakehunt does not read, may hold anything, unless it holds no value.
func (rg *bloomRowGroup) mayHold(f *os.File, leaves []int, hash uint64, headers map[int64]bloomHeader) (bool, error) {
	for _, leaf := range leaves {
		if leaf < len(rg.filters) && rg.filters[leaf] == noValues {
			continue
		}
		if leaf >= len(rg.filters) || rg.filters[leaf] == 0 {
			return true, nil
		}
		may, err := bloomFilterMayHold(f, rg.filters[leaf], hash, headers)
		if err != nil || may {
			return may, err
		}
	}
	return false, nil
}

// bloomFilterMayHold checks hash against the filter at offset of f: its
// header (BloomFilterHeader), read once for all the values a file is asked
// (headers), then the bits.
func bloomFilterMayHold(f *os.File, offset int64, hash uint64, headers map[int64]bloomHeader) (bool, error) {
	header, ok := headers[offset]
	if !ok {
		// A header is about fifteen bytes: numBytes and three one-field
		// unions.
		var buf [64]byte
		n, err := f.ReadAt(buf[:], offset)
		if err != nil && !errors.Is(err, io.EOF) {
			return false, err
		}
		if header, err = decodeBloomHeader(buf[:n]); err != nil {
			return false, err
		}
		headers[offset] = header
	}
	if !header.readable {
		return true, nil
	}
	return bloom.CheckSplitBlock(io.NewSectionReader(f, offset+header.size, header.numBytes), header.numBytes, hash)
}

// bloomHeader is what a check needs of a BloomFilterHeader: the filter's
// size, whether lakehunt reads it (split blocks, xxHash, uncompressed: the
// only kinds Parquet defines today), and the header's own size.
type bloomHeader struct {
	numBytes, size int64
	readable       bool
}

// decodeBloomHeader decodes a BloomFilterHeader from the start of b:
// num_bytes (1), and the unions algorithm (2), hash (3) and compression
// (4), each of which lakehunt reads when its first member is set
// (SPLIT_BLOCK, XXHASH, UNCOMPRESSED).
func decodeBloomHeader(b []byte) (bloomHeader, error) {
	r := &thriftReader{b: b}
	var h bloomHeader
	var known [5]bool
	r.structFields(0, func(id int16, typ byte) bool {
		switch id {
		case 1:
			if r.expect(id, typ, thriftI32) {
				h.numBytes = r.varint()
			}
		case 2, 3, 4:
			if r.expect(id, typ, thriftStruct) {
				r.structFields(1, func(member int16, typ byte) bool {
					known[id] = known[id] || (member == 1 && typ == thriftStruct)
					return false
				})
			}
		default:
			return false
		}
		return true
	})
	if r.err != nil {
		return bloomHeader{}, r.err
	}
	if h.numBytes < 0 {
		return bloomHeader{}, fmt.Errorf("bloom filter of %d bytes", h.numBytes)
	}
	h.size, h.readable = int64(r.pos), known[2] && known[3] && known[4]
	return h, nil
}
