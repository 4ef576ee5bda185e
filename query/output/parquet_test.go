package output

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeParquetFile renders query as Parquet into a temporary file.
func writeParquetFile(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	out, _ := writeQuery(t, db, query, Options{Format: Parquet})
	path := filepath.Join(t.TempDir(), "result.parquet")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestWriteParquetReadsBackInDuckDB(t *testing.T) {
	db := openDuckDB(t)
	if _, err := db.Exec("CREATE TABLE scalars AS " + scalarQuery); err != nil {
		t.Fatal(err)
	}
	// Parquet's INTERVAL cannot hold negative intervals; see
	// TestWriteParquetRefusesNegativeInterval.
	if _, err := db.Exec("UPDATE scalars SET span = NULL WHERE span < INTERVAL '0 seconds'"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE nested AS " + nestedQuery); err != nil {
		t.Fatal(err)
	}
	scalars := writeParquetFile(t, db, "SELECT * FROM scalars")
	nested := writeParquetFile(t, db, "SELECT * FROM nested")

	describe := func(path string) string {
		t.Helper()
		rows, err := db.Query(fmt.Sprintf("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('%s'))", path))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var parts []string
		for rows.Next() {
			var name, typ string
			if err := rows.Scan(&name, &typ); err != nil {
				t.Fatal(err)
			}
			parts = append(parts, name+" "+typ)
		}
		return strings.Join(parts, ", ")
	}
	// Column order is kept, and the types are those DuckDB's own COPY
	// writes: HUGEINT becomes DOUBLE, the rest round-trips.
	wantScalars := "id INTEGER, flag BOOLEAN, tiny TINYINT, small SMALLINT, big BIGINT, ubig UBIGINT, huge DOUBLE, " +
		"dbl DOUBLE, flt FLOAT, dec DECIMAL(13,3), txt VARCHAR, bin BLOB, uid UUID, sev VARCHAR, span INTERVAL, " +
		"day DATE, tod TIME, ts TIMESTAMP, tstz TIMESTAMP WITH TIME ZONE, ts_ns TIMESTAMP_NS"
	if got := describe(scalars); got != wantScalars {
		t.Errorf("parquet schema\n got %s\nwant %s", got, wantScalars)
	}
	wantNested := "id INTEGER, st JSON, list JSON, arr JSON, smap JSON, tmap JSON, structs JSON, un JSON, doc JSON"
	if got := describe(nested); got != wantNested {
		t.Errorf("parquet schema\n got %s\nwant %s", got, wantNested)
	}

	count := func(query string) int {
		t.Helper()
		var n int
		if err := db.QueryRow(query).Scan(&n); err != nil {
			t.Fatalf("%v\n%s", err, query)
		}
		return n
	}
	if n := count(fmt.Sprintf("SELECT count(*) FROM scalars JOIN read_parquet('%s') USING (id)", scalars)); n != 5 {
		t.Errorf("read back %d rows matching the original ids, want 5", n)
	}
	f := func(path, table, column, original string) {
		t.Helper()
		query := fmt.Sprintf(`SELECT count(*) FROM %s o JOIN read_parquet('%s') p USING (id)
			WHERE (%s) IS DISTINCT FROM p.%s`, table, path, original, column)
		if n := count(query); n != 0 {
			t.Errorf("%s: %d rows read back differently", column, n)
		}
	}
	for _, c := range strings.Split(scalarColumns+", "+temporalColumns, ", ") {
		switch c {
		case "id":
		case "huge":
			f(scalars, "scalars", c, "o.huge::DOUBLE")
		case "sev":
			f(scalars, "scalars", c, "o.sev::VARCHAR")
		default:
			f(scalars, "scalars", c, "o."+c)
		}
	}
	// Nested values are JSON text; DuckDB's to_json writes the same for
	// these (it differs only in how it spells times and non-string map keys).
	for _, c := range []string{"st", "list", "arr", "smap", "structs"} {
		f(nested, "nested", c, "to_json(o."+c+")")
	}
	if n := count(fmt.Sprintf(`SELECT count(*) FROM read_parquet('%s') p WHERE id = 1
		AND (p.tmap->>'$."10"[0]') = '2024-03-05T10:01:02.123Z' AND (p.doc->>'$.a.nested') = 'x'||chr(10)||'y'`, nested)); n != 1 {
		t.Errorf("nested JSON values not readable with DuckDB's JSON functions")
	}
}

func TestWriteParquetStreamsRowGroups(t *testing.T) {
	db := openDuckDB(t)
	rows := 2*parquetRowGroupRows + 1000
	path := writeParquetFile(t, db, fmt.Sprintf("SELECT range AS n, range %% 7 AS k FROM range(%d)", rows))
	var groups, total, sum int64
	if err := db.QueryRow(fmt.Sprintf("SELECT count(DISTINCT row_group_id), sum(row_group_num_rows) / 2 FROM parquet_metadata('%s')", path)).Scan(&groups, &total); err != nil {
		t.Fatal(err)
	}
	if groups != 3 || total != int64(rows) {
		t.Errorf("%d row groups holding %d rows, want 3 holding %d", groups, total, rows)
	}
	if err := db.QueryRow(fmt.Sprintf("SELECT sum(n) FROM read_parquet('%s')", path)).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if want := int64(rows) * int64(rows-1) / 2; sum != want {
		t.Errorf("sum(n) = %d, want %d", sum, want)
	}
}

func TestWriteParquetRefusesNegativeInterval(t *testing.T) {
	db := openDuckDB(t)
	rows := queryRows(t, db, "SELECT INTERVAL '-1 day' AS span")
	var out strings.Builder
	_, err := Write(context.Background(), &out, rows, Options{Format: Parquet})
	if err == nil || !strings.Contains(err.Error(), `column "span"`) || !strings.Contains(err.Error(), "-1 day") {
		t.Errorf("Write returned %v, want an error naming the column and the interval", err)
	}
}

func TestWriteStopsWhenCancelled(t *testing.T) {
	db := openDuckDB(t)
	rows := queryRows(t, db, "SELECT range FROM range(10)")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out strings.Builder
	if _, err := Write(ctx, &out, rows, Options{Format: CSV}); err != context.Canceled {
		t.Errorf("Write with a cancelled context returned %v, want context.Canceled", err)
	}
}
