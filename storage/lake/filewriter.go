package lake

import (
	"bufio"
	"fmt"
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
type Row[T any] struct {
	Value  T
	Part   Partition
	TimeMs int64
	Key    [16]byte
}

// StageRows writes rows (all of one partition) to a new data file under its
// temporary name, sorted by time, and returns what a commit needs. The rows
// slice is sorted in place.
func StageRows[T any](w *Writer, table Table, part Partition, rows []Row[T], withKeys bool) (Staged, error) {
	if err := part.Validate(); err != nil {
		return Staged{}, err
	}
	slices.SortStableFunc(rows, func(a, b Row[T]) int {
		switch {
		case a.TimeMs < b.TimeMs:
			return -1
		case a.TimeMs > b.TimeMs:
			return 1
		}
		return 0
	})
	dir := part.Dir(w.Root, table)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Staged{}, fmt.Errorf("cannot create partition %s: %w", part.Path(), err)
	}
	final := filepath.Join(dir, newDataFileName())
	size, err := writeParquet(tempName(final), rows)
	if err != nil {
		os.Remove(tempName(final))
		return Staged{}, fmt.Errorf("cannot write %s: %w", w.Rel(final), err)
	}
	st := Staged{
		Final: final,
		Entry: FileEntry{
			Path:    w.Rel(final),
			Rows:    int64(len(rows)),
			Bytes:   size,
			MinTime: rows[0].TimeMs,
			MaxTime: rows[len(rows)-1].TimeMs,
		},
	}
	if withKeys {
		keysFinal := keysPath(w.Root, table, part, filepath.Base(final))
		if err := writeKeys(tempName(keysFinal), rows); err != nil {
			os.Remove(tempName(final))
			return Staged{}, err
		}
		st.KeysFinal = keysFinal
		st.Entry.Keys = w.Rel(keysFinal)
	}
	return st, nil
}

func writeParquet[T any](path string, rows []Row[T]) (int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := bufio.NewWriterSize(f, 1<<20)
	pw := parquet.NewGenericWriter[T](buf,
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}),
		parquet.MaxRowsPerRowGroup(RowsPerRowGroup),
		parquet.CreatedBy("lakehunt", "", ""),
	)
	batch := make([]T, 0, 1024)
	for i := range rows {
		batch = append(batch, rows[i].Value)
		if len(batch) == cap(batch) {
			if _, err := pw.Write(batch); err != nil {
				return 0, err
			}
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
