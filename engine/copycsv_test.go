package engine

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/query/output"
)

func TestCopyCSV(t *testing.T) {
	out := t.TempDir()
	e := openSmallLake(t, Options{AllowPaths: []string{out}})
	query := `SELECT metadata.uid AS uid, http_request.user_agent AS "user agent", resources, unmapped, time_dt, severity_id,
		metadata.uid AS uid
		FROM "amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
		WHERE api.service.name <> ? ORDER BY time;`
	f := func(name string, guard bool, wantAgents []string) {
		t.Helper()
		path := filepath.Join(out, name+".csv")
		n, err := e.CopyCSV(t.Context(), query, path, guard, "s3.amazonaws.com")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		records, err := csv.NewReader(file).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if n != int64(len(records)-1) || n != 7 {
			t.Fatalf("%s: CopyCSV says %d rows, file has %d", name, n, len(records)-1)
		}
		if want := []string{"uid", "user agent", "resources", "unmapped", "time_dt", "severity_id", "uid_1"}; !reflect.DeepEqual(records[0], want) {
			t.Errorf("%s: header %q, want %q", name, records[0], want)
		}
		var agents []string
		for _, r := range records[1:] {
			agents = append(agents, r[1])
		}
		if !reflect.DeepEqual(agents, wantAgents) {
			t.Errorf("%s: user agents\n%q\nwant\n%q", name, agents, wantAgents)
		}
		// Row event-01: nested values as JSON, typed values untouched.
		row := records[2]
		if row[0] != "event-01" || row[6] != "event-01" || !strings.HasPrefix(row[3], "{") || !strings.Contains(row[3], `"readOnly":"false"`) ||
			row[2] != "" || row[4] != "2024-03-04 23:17:23.456+00" || row[5] != "1" {
			t.Errorf("%s: row of event-01 %q", name, row)
		}
		if !strings.HasPrefix(records[4][2], `[{"uid":"arn:aws:kms:us-east-1:111122223333:key/1","owner":null,"type":"AWS::KMS::Key"}`) {
			t.Errorf("%s: resources as JSON: %q", name, records[4][2])
		}
	}
	raw := []string{"@SUM(1+1)", `=HYPERLINK("http://evil")`, "console.amazonaws.com", "+cmd|' /C calc'!A0", "Boto3/1.34.0", "aws-cli/1.29.1", "-2+3"}
	f("raw", false, raw)
	guarded := make([]string, len(raw))
	for i, a := range raw {
		guarded[i] = a
		if strings.ContainsAny(a[:1], "=+-@") {
			guarded[i] = "'" + a
		}
	}
	f("guarded", true, guarded)

	if _, err := e.CopyCSV(t.Context(), "SELECT 1; SELECT 2", filepath.Join(out, "two.csv"), true); err == nil || !strings.Contains(err.Error(), "one statement") {
		t.Errorf("two statements: %v", err)
	}
	if _, err := e.CopyCSV(t.Context(), "SELECT 1", filepath.Join(t.TempDir(), "elsewhere.csv"), true); err == nil || !strings.Contains(err.Error(), "Permission") {
		t.Errorf("output outside AllowPaths: %v", err)
	}
	_, err := e.CopyCSV(t.Context(), "SELECT cardinality(resources), nosuch FROM cloudtrail", filepath.Join(out, "bad.csv"), true)
	if err == nil || !strings.Contains(err.Error(), "LINE 1: SELECT cardinality(resources), nosuch FROM cloudtrail\n"+strings.Repeat(" ", 39)+"^") {
		t.Errorf("error position in a CSV export:\n%v", err)
	}
}

// TestCopyCSVGuardsAsTheStreamingWriter checks that the two CSV paths,
// DuckDB's COPY and query/output's writer, put the formula guard's quote
// on the same cells and column names.
func TestCopyCSVGuardsAsTheStreamingWriter(t *testing.T) {
	out := t.TempDir()
	e := openSmallLake(t, Options{Lake: t.TempDir(), AllowPaths: []string{out}})
	const query = `SELECT * FROM (VALUES
	('=1+2', '@x'::ENUM('@x', 'b'), '-blob'::BLOB, -5, -1.5::DOUBLE, -2.50::DECIMAL(4,2), INTERVAL '-1 day',
	 '-1'::JSON, '"=x"'::JSON, union_value(n := -5)::UNION(n INTEGER, s VARCHAR), ['=x'], {'a': '=x'},
	 '+33', chr(9) || 'tab', 'plain', '=ok'::VARCHAR),
	('a=b', 'b', 'x'::BLOB, 5, 1.5, 2.50, INTERVAL '1 day',
	 '1'::JSON, '"x"'::JSON, union_value(s := '=x')::UNION(n INTEGER, s VARCHAR), [], {'a': 'x'},
	 '', NULL, '-', '@')
) AS t(txt, enm, bin, num, dbl, dec, span, jnum, jstr, un, list, st, plus, tab, plain, "=cmd")`
	guarded := func(records [][]string) [][]bool {
		marks := make([][]bool, len(records))
		for i, r := range records {
			marks[i] = make([]bool, len(r))
			for j, cell := range r {
				marks[i][j] = strings.HasPrefix(cell, "'")
			}
		}
		return marks
	}
	path := filepath.Join(out, "copy.csv")
	if _, err := e.CopyCSV(t.Context(), query, path, true); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	copied, err := csv.NewReader(file).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := e.Query(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var buf bytes.Buffer
	if _, err := output.Write(t.Context(), &buf, rows, output.Options{Format: output.CSV, CSVFormulaGuard: true}); err != nil {
		t.Fatal(err)
	}
	streamed, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(guarded(copied), guarded(streamed)) {
		t.Errorf("the guard differs\nCOPY:     %q\nstreamed: %q", copied, streamed)
	}
	want := []string{"'=1+2", "'@x", "'-blob", "-5", "-1.5", "-2.50", "-1 day", "-1", `"=x"`, "'-5"}
	if !reflect.DeepEqual(copied[1][:len(want)], want) {
		t.Errorf("COPY wrote %q, want %q first", copied[1], want)
	}
	// Text columns, unions among them, read the same either way.
	for _, col := range []int{0, 1, 2, 9, 12, 13, 14, 15} {
		for i := range copied {
			if copied[i][col] != streamed[i][col] {
				t.Errorf("column %s row %d: COPY wrote %q, the writer %q", copied[0][col], i, copied[i][col], streamed[i][col])
			}
		}
	}
	if got := copied[0][len(copied[0])-1]; got != "'=cmd" {
		t.Errorf("column name %q, want it guarded", got)
	}
}
