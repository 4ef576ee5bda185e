package output

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/lakehunt/lakehunt/query/output/arrowcheck"
)

// Every scalar and nested type, written as an Arrow file and as a stream,
// reads back in JavaScript's apache-arrow with the values --format json
// writes. UNION is left out: Arrow gets its text (see arrowType).
func TestWriteArrowReadsInNode(t *testing.T) {
	modules := arrowcheck.ModulesDir(t)
	db := openDuckDB(t)
	f := func(name, query string) {
		t.Helper()
		want, _ := writeQuery(t, db, query, Options{Format: JSON})
		for _, format := range []Format{Arrow, ArrowStream} {
			out, _ := writeQuery(t, db, query, Options{Format: format})
			path := filepath.Join(t.TempDir(), name+"."+string(format))
			if err := os.WriteFile(path, out, 0o644); err != nil {
				t.Fatal(err)
			}
			got := arrowcheck.Read(t, modules, path)
			if err := arrowcheck.Compare(got, want); err != nil {
				t.Errorf("%s as %s: %v\n--- node read\n%s\n--- json\n%s", name, format, err, got, want)
			}
		}
	}
	f("scalars", scalarQuery)
	f("nested", "SELECT * EXCLUDE (un) FROM ("+nestedQuery+")")
	f("empty", "SELECT 1 AS n, 'x' AS s WHERE false")
	f("duplicate_names", "SELECT 1 AS a, 2 AS a")
}

// A large result is cut into record batches of at most arrowBatchRows
// rows, and the file's footer lists them.
func TestWriteArrowBoundsRecordBatches(t *testing.T) {
	db := openDuckDB(t)
	out, n := writeQuery(t, db, "SELECT range AS n, range::VARCHAR AS s FROM range(150000)", Options{Format: Arrow})
	if n != 150000 {
		t.Fatalf("Write returned %d rows, want 150000", n)
	}
	r, err := ipc.NewFileReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := r.NumRecords(); got != 3 {
		t.Errorf("%d record batches, want 3", got)
	}
	var rows int64
	for i := range r.NumRecords() {
		batch, err := r.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		if batch.NumRows() > arrowBatchRows {
			t.Errorf("batch %d has %d rows, more than %d", i, batch.NumRows(), arrowBatchRows)
		}
		rows += batch.NumRows()
	}
	if rows != 150000 {
		t.Errorf("batches hold %d rows, want 150000", rows)
	}
	if got := r.Schema().String(); !strings.Contains(got, "n: type=int64") || !strings.Contains(got, "s: type=utf8") {
		t.Errorf("schema %s", got)
	}
}
