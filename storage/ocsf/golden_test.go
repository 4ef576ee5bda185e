package ocsf

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

var update = flag.Bool("update", false, "rewrite golden files")

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

// checkGolden compares got with the golden file at path, or rewrites it
// under -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("cannot write golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read golden file (run with -update to create it): %v", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Errorf("%s differs from the mapping at line %d (run with -update to accept):\n got  %s\n want %s",
				filepath.Base(path), i+1, g, w)
			return
		}
	}
}
