package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/golden"
)

func TestWriteCSVGolden(t *testing.T) {
	db := openDuckDB(t)
	f := func(name, query string, wantRows int64) {
		t.Helper()
		got, n := writeQuery(t, db, query, Options{Format: CSV})
		if n != wantRows {
			t.Errorf("%s: Write returned %d rows, want %d", name, n, wantRows)
		}
		golden.Check(t, filepath.Join("testdata", name), got)
	}
	f("scalars.csv", scalarQuery, 5)
	f("nested.csv", nestedQuery, 3)
	f("empty.csv", "SELECT 1 AS a, 'x' AS b WHERE false", 0)
}

// TestCSVMatchesDuckDBCopy compares the CSV writer with DuckDB's own
// COPY ... (FORMAT csv). Columns without times must match byte for byte.
// Times differ on purpose: DuckDB writes "2024-03-05 10:01:02.123456" (and
// "+00" for TIMESTAMPTZ) at the type's full precision, this package RFC 3339
// in UTC with milliseconds; for those the test checks that both name the
// same instant once DuckDB's value is cut to milliseconds. Nested columns
// differ too (DuckDB writes its own literal syntax, {'a': 1}, this package
// JSON) and are covered by the golden files instead.
func TestCSVMatchesDuckDBCopy(t *testing.T) {
	db := openDuckDB(t)
	duckdbCSV := func(query string) []byte {
		t.Helper()
		path := filepath.Join(t.TempDir(), "copy.csv")
		if _, err := db.Exec(fmt.Sprintf("COPY (%s) TO '%s' (FORMAT csv)", query, path)); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	scalars := fmt.Sprintf("SELECT %s FROM (%s)", scalarColumns, scalarQuery)
	got, _ := writeQuery(t, db, scalars, Options{Format: CSV})
	if want := duckdbCSV(scalars); !bytes.Equal(got, want) {
		t.Errorf("CSV differs from DuckDB's COPY:\n--- got\n%s\n--- DuckDB\n%s", got, want)
	}

	temporal := fmt.Sprintf("SELECT %s FROM (%s)", temporalColumns, scalarQuery)
	got, _ = writeQuery(t, db, temporal, Options{Format: CSV})
	ours, theirs := readCSV(t, got), readCSV(t, duckdbCSV(temporal))
	if len(ours) != len(theirs) {
		t.Fatalf("got %d records, DuckDB wrote %d", len(ours), len(theirs))
	}
	same := func(column, ourText, duckText string) {
		t.Helper()
		if ourText == "" || duckText == "" {
			if ourText != duckText {
				t.Errorf("%s: got %q, DuckDB wrote %q", column, ourText, duckText)
			}
			return
		}
		layouts := map[string][2]string{
			"day":   {dateLayout, "2006-01-02"},
			"tod":   {timeLayout, "15:04:05.999999999"},
			"ts":    {timestampLayout, "2006-01-02 15:04:05.999999999"},
			"tstz":  {timestampLayout, "2006-01-02 15:04:05.999999999-07"},
			"ts_ns": {timestampLayout, "2006-01-02 15:04:05.999999999"},
		}[column]
		a, err := time.Parse(layouts[0], ourText)
		if err != nil {
			t.Fatalf("%s: %v", column, err)
		}
		b, err := time.Parse(layouts[1], duckText)
		if err != nil {
			t.Fatalf("%s: %v", column, err)
		}
		if !a.Equal(b.Truncate(time.Millisecond)) {
			t.Errorf("%s: got %q, DuckDB wrote %q: not the same instant at millisecond precision", column, ourText, duckText)
		}
	}
	for i := range ours {
		if i == 0 {
			if !slices.Equal(ours[0], theirs[0]) {
				t.Errorf("header %q, DuckDB wrote %q", ours[0], theirs[0])
			}
			continue
		}
		for j, name := range ours[0] {
			same(name, ours[i][j], theirs[i][j])
		}
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("cannot read CSV back: %v\n%s", err, b)
	}
	return records
}

func TestCSVFormulaGuard(t *testing.T) {
	db := openDuckDB(t)
	f := func(selectList string, guard bool, want string) {
		t.Helper()
		got, _ := writeQuery(t, db, "SELECT "+selectList, Options{Format: CSV, CSVFormulaGuard: guard})
		if string(got) != want {
			t.Errorf("SELECT %s with guard %v:\ngot  %q\nwant %q", selectList, guard, got, want)
		}
	}
	f(`'=1+2' AS a`, false, "a\n=1+2\n")
	f(`'=1+2' AS a`, true, "a\n'=1+2\n")
	f(`'+33' AS a, '-x' AS b, '@SUM(A1)' AS c`, true, "a,b,c\n'+33,'-x,'@SUM(A1)\n")
	f(`chr(9) || 'tab' AS a`, true, "a\n'\ttab\n")
	f(`chr(13) || 'cr' AS a`, true, "a\n\"'\rcr\"\n")
	f(`'=HYPERLINK("http://x")' AS a`, true, "a\n\"'=HYPERLINK(\"\"http://x\"\")\"\n")
	f(`'a=b' AS a, ' =x' AS b`, true, "a,b\na=b, =x\n")
	// Numbers, dates and intervals are never formulas: a minus sign stays.
	f(`-5 AS a, -1.5::DOUBLE AS b, -2.50::DECIMAL(4,2) AS c, INTERVAL '-1 day' AS d`, true, "a,b,c,d\n-5,-1.5,-2.50,-1 day\n")
	// BLOBs are guarded like text, and so are column names, which a PIVOT
	// can take from the data. A JSON number is a number; JSON text and nested
	// values otherwise start with a bracket or a quote.
	f(`'=x'::BLOB AS b, '-1'::JSON AS j, '"=x"'::JSON AS s`, true, "b,j,s\n'=x,-1,\"\"\"=x\"\"\"\n")
	f(`1 AS "=cmd"`, true, "'=cmd\n1\n")
	f(`NULL AS a, '' AS b`, true, "a,b\n,\"\"\n")
}

// FuzzCSVField checks that any text, written as a CSV cell, reads back the
// same with encoding/csv (which turns \r\n inside quotes into \n).
func FuzzCSVField(f *testing.F) {
	for _, s := range []string{"", "plain", "a,b", `say "hi"`, "line\nbreak", "cr\r\nlf", " lead", "=1+2", "\xff"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, guard bool) {
		e := &csvEncoder{guard: guard}
		line := append(e.appendField(nil, []byte(s), true), '\n')
		r := csv.NewReader(bytes.NewReader(line))
		r.FieldsPerRecord = 1
		record, err := r.Read()
		if err != nil {
			t.Fatalf("cannot read back %q written as %q: %v", s, line, err)
		}
		want := strings.ReplaceAll(s, "\r\n", "\n")
		if guard && result.StartsFormula(s) {
			want = "'" + want
		}
		if record[0] != want {
			t.Fatalf("%q written as %q reads back as %q, want %q", s, line, record[0], want)
		}
	})
}

func TestGuardFormula(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := GuardFormula(in); got != want {
			t.Errorf("GuardFormula(%q) = %q, want %q", in, got, want)
		}
	}
	f("", "")
	f("plain", "plain")
	f("=1+2", "'=1+2")
	f("-x", "'-x")
	f("\tcmd", "'\tcmd")
	f("a=b", "a=b")
}
