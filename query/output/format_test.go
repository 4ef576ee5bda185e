package output

import (
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	f := func(name, path string, formats []Format, want Format, wantErr string) {
		t.Helper()
		got, err := ParseFormat(name, path, formats...)
		if got != want || (err == nil) != (wantErr == "") || (err != nil && !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("ParseFormat(%q, %q, %q) = %q, %v; want %q, an error saying %q", name, path, formats, got, err, want, wantErr)
		}
	}
	f("", "", nil, Table, "")
	f("", "-", nil, Table, "")
	f("", "out/result.csv", nil, CSV, "")
	f("", "RESULT.CSV", nil, CSV, "")
	f("", "a.json", nil, JSON, "")
	f("", "a.jsonl", nil, JSONL, "")
	f("", "a.NDJSON", nil, JSONL, "")
	f("", "a.parquet", nil, Parquet, "")
	f("", "a.arrow", nil, Arrow, "")
	f("", "a.Feather", nil, Arrow, "")
	f("", "a.arrows", nil, ArrowStream, "")
	f("", "a.txt", nil, Table, "")
	f("", "archive.csv.gz", nil, Table, "")
	f("", "case.html", nil, "", "case.html names a html file, which this command does not write (want table, csv, json, jsonl, parquet, arrow or arrows)")
	f("csv", "a.parquet", nil, CSV, "")
	f("JSONL", "", nil, JSONL, "")
	f("ndjson", "", nil, JSONL, "")
	f("table", "a.csv", nil, Table, "")
	f("xlsx", "", nil, "", `unknown output format "xlsx" (want table, csv, json, jsonl, parquet, arrow or arrows)`)
	f("text", "", nil, "", "unknown output format")

	// A command's own formats, its default first.
	findings := []Format{Table, CSV, JSONL, JSON}
	f("", "OUT.CSV", findings, CSV, "")
	f("", "out.Jsonl", findings, JSONL, "")
	f("", "findings.parquet", findings, "", "does not write (want table, csv, jsonl or json)")
	f("parquet", "", findings, "", "unknown output format")
	report := []Format{Text, JSON, HTML}
	f("", "", report, Text, "")
	f("", "case.HTM", report, HTML, "")
	f("", "case.txt", report, Text, "")
	f("", "case.csv", report, "", "want text, json or html")
	f("HTML", "case.json", report, HTML, "")
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
