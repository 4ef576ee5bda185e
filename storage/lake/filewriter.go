package lake

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// RowsPerRowGroup bounds a row group: small enough that the time_dt
// statistics of a time-sorted file prune windows of hours, large enough to
// keep per-group overhead low.
const RowsPerRowGroup = 64 * 1024

// Row is a row bound for a partition with its time and optional dedup key.
// ThenMs orders rows of the same time: flows share their start second by
// the thousand, and ordering them by end time lets end_time delta-encode in
// half the bytes (3.44M medium-bench flows: a lake of 109.6 MB instead of
// 117.7 MB).
type Row[T any] struct {
	Value  T
	Part   Partition
	TimeMs int64
	ThenMs int64
	Key    [16]byte
}

// StageRows writes the rows of one partition, picked from rows by order
// (indexes sorted by time), to a new data file under its temporary name,
// and returns what a commit needs. Sorting indexes rather than rows keeps
// the caller's large row values in place.
func StageRows[T any](w *Writer, table Table, part Partition, rows []Row[T], order []int32, withKeys bool) (Staged, error) {
	if err := part.Validate(); err != nil {
		return Staged{}, err
	}
	if len(order) == 0 {
		return Staged{}, fmt.Errorf("no rows to stage for %s", part.Path())
	}
	dir := part.Dir(w.Root, table)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Staged{}, fmt.Errorf("cannot create partition %s: %w", part.Path(), err)
	}
	final := filepath.Join(dir, newDataFileName())
	w.uncommitted.Add(1)
	size, err := writeParquet(TempName(final), rows, order)
	if err != nil {
		os.Remove(TempName(final))
		return Staged{}, fmt.Errorf("cannot write %s: %w", w.Rel(final), err)
	}
	st := Staged{
		Final: final,
		Entry: FileEntry{
			Path:    w.Rel(final),
			Rows:    int64(len(order)),
			Bytes:   size,
			MinTime: rows[order[0]].TimeMs,
			MaxTime: rows[order[len(order)-1]].TimeMs,
		},
	}
	if withKeys {
		keysFinal := keysPath(w.Root, table, part, filepath.Base(final))
		if err := writeKeys(TempName(keysFinal), rows, order); err != nil {
			os.Remove(TempName(final))
			return Staged{}, err
		}
		st.KeysFinal = keysFinal
		st.Entry.Keys = w.Rel(keysFinal)
	}
	return st, nil
}

// SortByPartitionAndTime returns the indexes of rows ordered by partition,
// then time, and the boundaries of each partition's run. Rows are first
// bucketed by partition, so that the sort itself compares numbers only:
// comparing partition strings inside the sort was 5% of a flow ingest.
func SortByPartitionAndTime[T any](rows []Row[T]) (order []int32, runs [][2]int) {
	ids := map[Partition]int32{}
	var parts []Partition
	partOf := make([]int32, len(rows))
	last := int32(-1)
	for i := range rows {
		// Consecutive rows mostly share a partition: one comparison instead
		// of hashing three strings.
		if last >= 0 && rows[i].Part == parts[last] {
			partOf[i] = last
			continue
		}
		id, ok := ids[rows[i].Part]
		if !ok {
			id = int32(len(parts))
			ids[rows[i].Part] = id
			parts = append(parts, rows[i].Part)
		}
		partOf[i], last = id, id
	}
	rank := make([]int32, len(parts))
	for i := range rank {
		rank[i] = int32(i)
	}
	slices.SortFunc(rank, func(a, b int32) int {
		pa, pb := &parts[a], &parts[b]
		return cmp.Or(cmp.Compare(pa.Region, pb.Region), cmp.Compare(pa.AccountID, pb.AccountID), cmp.Compare(pa.EventDay, pb.EventDay))
	})
	// starts[id] is where partition id's run begins in order.
	counts := make([]int, len(parts))
	for _, id := range partOf {
		counts[id]++
	}
	starts := make([]int, len(parts))
	next := 0
	for _, id := range rank {
		starts[id] = next
		runs = append(runs, [2]int{next, next + counts[id]})
		next += counts[id]
	}
	order = make([]int32, len(rows))
	fill := slices.Clone(starts)
	for i, id := range partOf {
		order[fill[id]] = int32(i)
		fill[id]++
	}
	for _, run := range runs {
		slices.SortFunc(order[run[0]:run[1]], func(a, b int32) int {
			ra, rb := &rows[a], &rows[b]
			if c := cmp.Compare(ra.TimeMs, rb.TimeMs); c != 0 {
				return c
			}
			if c := cmp.Compare(ra.ThenMs, rb.ThenMs); c != 0 {
				return c
			}
			return cmp.Compare(a, b) // arrival order: deterministic files
		})
	}
	return order, runs
}

// newParquetWriter is built per file: GenericWriter.Reset in parquet-go
// v0.32.0 loses the column paths of the footer (path_in_schema comes out
// empty), which DuckDB tolerates but Trino and Spark would not. The page
// buffer is a trade: the CloudTrail schema has over a hundred columns, so
// the default 256 KiB each costs a writer 30 MB, while small pages compress
// worse. Ingesting the small bench data ('lakehunt bench --scale small
// --keep', then 'ingest' of its data directory under /usr/bin/time -v), 64
// KiB pages gave a lake 5% larger than 256 KiB at 633 MB peak RSS instead of
// 863 MB; 32 KiB pages made the flow lake 17% larger.
func newParquetWriter[T any](out io.Writer) *parquet.GenericWriter[T] {
	return parquet.NewGenericWriter[T](out,
		parquet.Compression(zstdCodec),
		parquet.MaxRowsPerRowGroup(RowsPerRowGroup),
		parquet.PageBufferSize(pageBufferSize),
		parquet.CreatedBy("lakehunt", "", ""),
	)
}

const pageBufferSize = 64 * 1024

// zstdCodec is shared by every file written: the codec pools its encoders,
// and a codec per file made each file allocate fresh encoder history (11% of
// an ingest's CPU on 77,760 small .json.gz files, most of it clearing memory).
var zstdCodec = &zstd.Codec{Level: zstd.SpeedDefault}

func writeParquet[T any](path string, rows []Row[T], order []int32) (int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := bufio.NewWriterSize(f, 1<<20)
	pw := newParquetWriter[T](buf)
	batch := make([]T, 0, 256)
	for _, i := range order {
		batch = append(batch, rows[i].Value)
		if len(batch) == cap(batch) {
			if _, err := pw.Write(batch); err != nil {
				return 0, err
			}
			clear(batch)
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		if _, err := pw.Write(batch); err != nil {
			return 0, err
		}
	}
	if err := pw.Close(); err != nil {
		return 0, err
	}
	if err := buf.Flush(); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), f.Close()
}
