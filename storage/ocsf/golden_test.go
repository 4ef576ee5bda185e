package ocsf

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// renderParquetJSON writes rows to a zstd Parquet file in memory, reads them
// back and renders what came back as indented JSON: golden files show what
// the lake holds, not just what the mapper returned.
func renderParquetJSON[T any](t *testing.T, rows []T) []byte {
	t.Helper()
	var file bytes.Buffer
	writer := parquet.NewGenericWriter[T](&file, parquet.Compression(&parquet.Zstd))
	if _, err := writer.Write(rows); err != nil {
		t.Fatalf("cannot write parquet rows: %v", err)
	}
	if err := writer.Close(); err != nil {
		t.Fatalf("cannot close parquet writer: %v", err)
	}
	reader := parquet.NewGenericReader[T](bytes.NewReader(file.Bytes()))
	defer reader.Close()
	back := make([]T, len(rows))
	n, err := reader.Read(back)
	if n != len(rows) {
		t.Fatalf("read %d parquet rows back, wrote %d (err %v)", n, len(rows), err)
	}
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetIndent("", "  ")
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(back[:n]); err != nil {
		t.Fatalf("cannot render rows as JSON: %v", err)
	}
	return out.Bytes()
}
