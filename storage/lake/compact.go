package lake

import (
	"bufio"
	"container/heap"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
	"unsafe"

	"github.com/parquet-go/parquet-go"
)

// CompactResult reports what compaction did to one partition.
type CompactResult struct {
	Table      string
	Partition  Partition
	FilesIn    int
	RowsIn     int64
	RowsOut    int64
	Duplicates int64
}

// CompactPartition merges the data files of one partition into one
// time-sorted file and drops duplicate rows: rows whose dedup key repeats
// (CloudTrail) or, for tables without keys, rows identical in every column
// (the same flow log object delivered under two names). The new file is
// committed in the same commit that removes the old ones, so a kill at any
// instant leaves either the old files or the new one; run again, it
// finishes the job. Rows are streamed through a k-way merge on time:
// memory holds a page per row group of the inputs, plus the seen keys.
func (w *Writer) CompactPartition(t Table, p Partition) (CompactResult, error) {
	res := CompactResult{Table: t.Source, Partition: p}
	files, _, err := ListFiles(w.Root, t, p.Day(), p.Day().Add(24*time.Hour))
	if err != nil {
		return res, err
	}
	var names []string
	for _, f := range files {
		if filepath.Dir(f) == p.Dir(w.Root, t) {
			names = append(names, filepath.Base(f))
		}
	}
	res.FilesIn = len(names)
	if len(names) < 2 {
		return res, nil
	}
	inputs := make([]*mergeInput, 0, len(names))
	defer func() {
		for _, in := range inputs {
			in.close()
		}
	}()
	var schema *parquet.Schema
	for _, name := range names {
		path := filepath.Join(p.Dir(w.Root, t), name)
		in, err := openMergeInput(path, keysPath(w.Root, t, p, name))
		if err != nil {
			return res, err
		}
		inputs = append(inputs, in)
		if schema == nil {
			schema = in.file.Schema()
		} else if !parquet.EqualNodes(schema, in.file.Schema()) {
			return res, fmt.Errorf("cannot compact %s: %s has a different schema", p.Path(), name)
		}
		res.RowsIn += in.file.NumRows()
	}
	timeColumn, ok := schema.Lookup("time")
	if !ok {
		return res, fmt.Errorf("cannot compact %s: no time column", p.Path())
	}
	// The merge keeps the order of rows of the same time (Row.ThenMs), so
	// that a compacted file encodes as compactly.
	thenColumn := -1
	if t.ThenColumn != "" {
		c, ok := schema.Lookup(t.ThenColumn)
		if !ok {
			return res, fmt.Errorf("cannot compact %s: no %s column", p.Path(), t.ThenColumn)
		}
		thenColumn = c.ColumnIndex
	}
	orderColumns, err := orderColumnsOf(t, schema)
	if err != nil {
		return res, fmt.Errorf("cannot compact %s: %w", p.Path(), err)
	}
	var runs []*mergeRun
	defer func() {
		for _, r := range runs {
			r.rows.Close()
		}
	}()
	for _, in := range inputs {
		runs = append(runs, in.runs(timeColumn.ColumnIndex, thenColumn, orderColumns)...)
	}
	// A partition may mix files lakehunt ingested, with keys, and files
	// pulled from Security Lake, without. If any input has keys the output
	// keeps them, and a row that came without one is keyed by its content
	// (contentKey), so that every row has a key and distinct rows differ.
	// A pulled copy of an ingested event still differs from it: its record
	// is gone, and with it the record's key.
	withKeys := slices.ContainsFunc(inputs, func(in *mergeInput) bool { return in.keys != nil })

	final := filepath.Join(p.Dir(w.Root, t), newDataFileName())
	w.uncommitted.Add(1)
	out, err := os.OpenFile(TempName(final), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return res, err
	}
	defer out.Close()
	buf := bufio.NewWriterSize(out, 1<<20)
	pw := parquet.NewWriter(buf, append(writerOptions(t), schema)...)
	var issuing *issuingFile
	var issuingPW *parquet.Writer
	isIssuing := newIssuingRows(schema)
	if t.Issuing {
		if issuing, err = createIssuingFile(w.Root, t, p, final); err != nil {
			return res, err
		}
		issuingPW = parquet.NewWriter(issuing.buf, append(issuingWriterOptions(t), schema)...)
		defer func() {
			if issuing != nil {
				issuing.discard() // not finished: the compaction failed
			}
		}()
	}
	var keys []byte
	seenKeys := map[[16]byte]struct{}{}
	seenRows := map[uint64]struct{}{}
	seed := maphash.MakeSeed()
	var identity []byte
	entry := FileEntry{Path: w.Rel(final)}
	h := &mergeHeap{}
	for _, r := range runs {
		if err := r.advance(); err != nil {
			return res, err
		}
		if r.row != nil {
			heap.Push(h, r)
		}
	}
	for h.Len() > 0 {
		in := (*h)[0]
		row, key, ts := in.row, in.key, in.time
		dup := false
		if withKeys {
			if in.keys == nil {
				identity = appendRow(identity[:0], row)
				key = contentKey(identity)
			}
			_, dup = seenKeys[key]
			seenKeys[key] = struct{}{}
		} else {
			identity = appendRow(identity[:0], row)
			sum := maphash.Bytes(seed, identity)
			_, dup = seenRows[sum]
			seenRows[sum] = struct{}{}
		}
		if dup {
			res.Duplicates++
		} else {
			if _, err := pw.WriteRows([]parquet.Row{row}); err != nil {
				return res, fmt.Errorf("cannot write %s: %w", entry.Path, err)
			}
			if issuing != nil && isIssuing.is(row) {
				if _, err := issuingPW.WriteRows([]parquet.Row{isIssuing.copyOf(row)}); err != nil {
					return res, fmt.Errorf("cannot write %s: %w", entry.Path, err)
				}
			}
			if withKeys {
				keys = append(keys, key[:]...)
			}
			// Rows are in time order by five minutes only (OrderColumns).
			if res.RowsOut == 0 || ts < entry.MinTime {
				entry.MinTime = ts
			}
			if res.RowsOut == 0 || ts > entry.MaxTime {
				entry.MaxTime = ts
			}
			res.RowsOut++
		}
		if err := in.advance(); err != nil {
			return res, err
		}
		if in.row == nil {
			heap.Pop(h)
		} else {
			heap.Fix(h, 0)
		}
	}
	if err := pw.Close(); err != nil {
		return res, err
	}
	if err := buf.Flush(); err != nil {
		return res, err
	}
	if err := out.Sync(); err != nil {
		return res, err
	}
	st, err := out.Stat()
	if err != nil {
		return res, err
	}
	entry.Rows, entry.Bytes = res.RowsOut, st.Size()
	staged := Staged{Final: final, Entry: entry}
	if withKeys {
		keysFinal := keysPath(w.Root, t, p, filepath.Base(final))
		if err := writeFileBytes(TempName(keysFinal), keys); err != nil {
			return res, err
		}
		staged.KeysFinal = keysFinal
		staged.Entry.Keys = w.Rel(keysFinal)
	}
	if t.FlowSummaries {
		summary, err := writeFlowSummary(w.Root, t, p, final, TempName(final))
		if err != nil {
			return res, fmt.Errorf("cannot write %s: %w", entry.Path, err)
		}
		staged.Entry.Summary = w.Rel(summary)
	}
	if issuing != nil {
		path, err := issuing.finish(issuingPW)
		issuing = nil
		if err != nil {
			return res, err
		}
		staged.Entry.Issuing = w.Rel(path)
	}
	var removed []string
	for _, in := range inputs {
		removed = append(removed, w.Rel(in.path))
		if path := IssuingFile(w.Root, t, in.path); path != "" {
			removed = append(removed, w.Rel(path))
		}
		if in.keys != nil {
			removed = append(removed, w.Rel(in.keysPath))
		}
		if t.FlowSummaries {
			if summary := flowSummaryPath(w.Root, t, p, filepath.Base(in.path)); fileExists(summary) {
				removed = append(removed, w.Rel(summary))
			}
		}
	}
	if _, err := w.Commit(t, nil, []Staged{staged}, removed); err != nil {
		return res, err
	}
	return res, nil
}

// appendRow appends what identifies a row to buf: each value with its
// column, levels and length, so that no two rows append the same bytes.
func appendRow(buf []byte, row parquet.Row) []byte {
	for _, v := range row {
		b := v.Bytes()
		buf = append(buf, byte(v.Kind()+1), byte(v.RepetitionLevel()), byte(v.DefinitionLevel()))
		buf = binary.LittleEndian.AppendUint32(buf, uint32(v.Column()))
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(b)))
		buf = append(buf, b...)
	}
	return buf
}

// contentKey is the dedup key of a row that came without one: the first 16
// bytes of the SHA-256 of appendRow. Unlike the in-memory hash of rows of
// a table without keys it is the same in every run, as it is stored.
func contentKey(identity []byte) [16]byte {
	sum := sha256.Sum256(identity)
	return [16]byte(sum[:16])
}

func writeFileBytes(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// mergeInput is one data file being compacted, with its keys.
type mergeInput struct {
	path, keysPath string
	osFile         *os.File
	file           *parquet.File
	keys           []byte
}

func openMergeInput(path, keysPath string) (*mergeInput, error) {
	f, pf, err := openParquet(path)
	if err != nil {
		return nil, err
	}
	in := &mergeInput{path: path, keysPath: keysPath, osFile: f, file: pf}
	keys, err := os.ReadFile(keysPath)
	switch {
	case err == nil:
		if int64(len(keys)) != 16*pf.NumRows() {
			in.close()
			return nil, fmt.Errorf("cannot compact %s: its key file holds %d keys for %d rows", path, len(keys)/16, pf.NumRows())
		}
		in.keys = keys
	case !errors.Is(err, os.ErrNotExist):
		in.close()
		return nil, err
	}
	return in, nil
}

func (in *mergeInput) close() { in.osFile.Close() }

// runs returns a merge run per row group: a file written across spills is
// sorted within each row group only.
func (in *mergeInput) runs(timeColumn, thenColumn int, orderColumns []orderColumn) []*mergeRun {
	var runs []*mergeRun
	var offset int64
	for _, rg := range in.file.RowGroups() {
		n := rg.NumRows()
		run := &mergeRun{in: in, rows: rg.Rows(), timeColumn: timeColumn, thenColumn: thenColumn, buf: make([]parquet.Row, 64),
			orderColumns: orderColumns, orderPositions: orderPositions(orderColumns), orderValues: make([]parquet.Value, len(orderColumns))}
		if in.keys != nil {
			run.keys = in.keys[16*offset : 16*(offset+n)]
		}
		offset += n
		runs = append(runs, run)
	}
	return runs
}

// mergeRun streams one sorted row group (compareRowOrder) and its keys.
type mergeRun struct {
	in             *mergeInput
	rows           parquet.Rows
	keys           []byte
	timeColumn     int
	thenColumn     int
	orderColumns   []orderColumn
	orderPositions []int
	orderValues    []parquet.Value // appendOrderKey's scratch space
	buf            []parquet.Row
	n, pos         int
	read           int

	row   parquet.Row
	key   [16]byte
	time  int64
	then  int64
	order []byte // the row's order key: appendOrderKey's, as FlowOrder's
}

func (r *mergeRun) advance() error {
	if r.pos >= r.n {
		n, err := r.rows.ReadRows(r.buf)
		if err != nil && err != io.EOF {
			return fmt.Errorf("cannot read %s: %w", r.in.path, err)
		}
		r.n, r.pos = n, 0
		if n == 0 {
			r.row = nil
			return nil
		}
	}
	r.row = r.buf[r.pos]
	r.pos++
	r.then = 0
	for _, v := range r.row {
		switch v.Column() {
		case r.timeColumn:
			r.time = v.Int64()
		case r.thenColumn:
			if !v.IsNull() {
				r.then = v.Int64()
			}
		}
	}
	if len(r.orderColumns) > 0 {
		r.order = appendOrderKey(r.order[:0], r.orderColumns, r.orderPositions, r.row, r.orderValues)
	}
	if r.keys != nil {
		copy(r.key[:], r.keys[16*r.read:])
	}
	r.read++
	return nil
}

type mergeHeap []*mergeRun

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	return compareRowOrder(a.time, unsafe.String(unsafe.SliceData(a.order), len(a.order)), a.then,
		b.time, unsafe.String(unsafe.SliceData(b.order), len(b.order)), b.then) < 0
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(*mergeRun)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
