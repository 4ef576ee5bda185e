package output

import "testing"

func TestParseFormat(t *testing.T) {
	f := func(name, path string, want Format, wantErr bool) {
		t.Helper()
		got, err := ParseFormat(name, path)
		if (err != nil) != wantErr || got != want {
			t.Errorf("ParseFormat(%q, %q) = %q, %v; want %q, error %v", name, path, got, err, want, wantErr)
		}
	}
	f("", "", Table, false)
	f("", "-", Table, false)
	f("", "out/result.csv", CSV, false)
	f("", "RESULT.CSV", CSV, false)
	f("", "a.json", JSON, false)
	f("", "a.jsonl", JSONL, false)
	f("", "a.ndjson", JSONL, false)
	f("", "a.parquet", Parquet, false)
	f("", "a.txt", Table, false)
	f("", "archive.csv.gz", Table, false)
	f("csv", "a.parquet", CSV, false)
	f("JSONL", "", JSONL, false)
	f("ndjson", "", JSONL, false)
	f("table", "a.csv", Table, false)
	f("xlsx", "", "", true)
}

func TestWriteRejectsUnknownFormat(t *testing.T) {
	db := openDuckDB(t)
	rows := queryRows(t, db, "SELECT 1")
	if _, err := Write(t.Context(), new(discard), rows, Options{Format: "xlsx"}); err == nil {
		t.Error("Write with format xlsx succeeded, want an error")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
