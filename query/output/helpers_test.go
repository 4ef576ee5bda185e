package output

import (
	"bytes"
	"context"
	"database/sql"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
)

// openDuckDB opens an in-memory DuckDB pinned to one connection, so session
// settings and temporary types apply to every query, with UTC as the session
// time zone so DuckDB's own text output does not depend on the machine.
func openDuckDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec("SET TimeZone = 'UTC'"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TYPE severity AS ENUM ('low', 'high')"); err != nil {
		t.Fatal(err)
	}
	return db
}

// queryRows runs query and hands out its result as the engine does.
func queryRows(t testing.TB, db *sql.DB, query string) *result.Rows {
	t.Helper()
	sqlRows, err := db.Query(query)
	if err != nil {
		t.Fatalf("query failed: %v\n%s", err, query)
	}
	rows, err := engine.ResultRows(sqlRows)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rows.Close() })
	return rows
}

// writeQuery runs query and renders its result with Write.
func writeQuery(t testing.TB, db *sql.DB, query string, opt Options) ([]byte, int64) {
	t.Helper()
	rows := queryRows(t, db, query)
	defer rows.Close()
	var buf bytes.Buffer
	n, err := Write(context.Background(), &buf, rows, opt)
	if err != nil {
		t.Fatalf("Write(%s) failed: %v", opt.Format, err)
	}
	return buf.Bytes(), n
}

// scalarColumns lists the scalar columns of scalarQuery whose text does not
// involve time, and temporalColumns the others.
const (
	scalarColumns   = "id, flag, tiny, small, big, ubig, huge, dbl, flt, dec, txt, bin, uid, sev, span"
	temporalColumns = "day, tod, ts, tstz, ts_ns"
)

// scalarQuery has one column per scalar type and rows with the awkward
// cases: separators, quotes, line breaks, unicode, empty strings, extremes,
// NaN and infinities, and a row of NULLs.
const scalarQuery = `SELECT * FROM (VALUES
  (1, true, -8::TINYINT, 300::SMALLINT, 9007199254740993::BIGINT, 18446744073709551615::UBIGINT,
   170141183460469231731687303715884105727::HUGEINT, 0.1::DOUBLE, 1.5::FLOAT, 1234567.891::DECIMAL(10,3),
   'plain', 'abc'::BLOB, '12345678-1234-5678-1234-567812345678'::UUID, 'low'::severity,
   INTERVAL '1 year 2 months 3 days 04:05:06.789',
   DATE '2024-03-05', TIME '10:01:02.5', TIMESTAMP '2024-03-05 10:01:02.123456',
   TIMESTAMPTZ '2024-03-05 12:01:02.123+02', TIMESTAMP_NS '2024-03-05 10:01:02.123456789'),
  (2, false, 127, -32768, -9223372036854775808, 0,
   -170141183460469231731687303715884105727, 1e20, -3.25, -0.005,
   'comma, "quote" and ''apostrophe''', '\x00\xFF"''\x5C'::BLOB, '00000000-0000-0000-0000-000000000000', 'high',
   INTERVAL '-2 days -00:00:01',
   DATE '1969-12-31', TIME '00:00:00', TIMESTAMP '1969-12-31 23:59:59.999',
   TIMESTAMPTZ '2000-01-01 00:00:00+00', TIMESTAMP_NS '1970-01-01 00:00:00'),
  (3, true, 0, 0, 0, 1, 0, 'nan'::DOUBLE, 'inf'::FLOAT, 0,
   'line one' || chr(10) || 'line two' || chr(13) || chr(10) || 'héllo 世界 🙂', ''::BLOB, NULL, NULL,
   INTERVAL '0 seconds',
   NULL, NULL, NULL, NULL, NULL),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, NULL),
  (5, false, 1, 1, 1, 1, 1, '-inf'::DOUBLE, 1e-7::FLOAT, 99999999.999, '', 'x', NULL, 'low',
   INTERVAL '36 hours',
   DATE '9999-12-31', TIME '23:59:59.999999', TIMESTAMP '2024-02-29 23:59:59.9996',
   TIMESTAMPTZ '2024-06-30 23:00:00-05', TIMESTAMP_NS '2024-01-01 00:00:00.000000001')
) AS t(id, flag, tiny, small, big, ubig, huge, dbl, flt, dec, txt, bin, uid, sev, span,
       day, tod, ts, tstz, ts_ns)
ORDER BY id`

// nestedQuery has STRUCT (fields deliberately not in alphabetical order),
// LIST, ARRAY, MAP, UNION and JSON columns, with nested NULLs and types
// whose text depends on the declared type (UUID, DATE, TIMESTAMP inside).
const nestedQuery = `SELECT * FROM (VALUES
  (1,
   {'zeta': 1, 'alpha': 'a,b', 'mid': [1, NULL, 3], 'inner': {'y': true, 'x': DATE '2024-03-05'}},
   ['one', 'two "quoted"', NULL],
   [1.5, 2.5]::DOUBLE[2],
   MAP {'k2': 2, 'k1': 1},
   MAP {10: [TIMESTAMP '2024-03-05 10:01:02.123'], 2: []},
   [{'id': '12345678-1234-5678-1234-567812345678'::UUID, 'n': 1}],
   union_value(num := 42)::UNION(num INTEGER, txt VARCHAR),
   '{"b": [1, 2.5, null], "a": {"nested": "x\ny"}}'::JSON),
  (2,
   {'zeta': NULL, 'alpha': NULL, 'mid': [], 'inner': NULL},
   [],
   NULL,
   MAP {},
   NULL,
   NULL,
   union_value(txt := 'text')::UNION(num INTEGER, txt VARCHAR),
   '"just a string"'::JSON),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
) AS t(id, st, list, arr, smap, tmap, structs, un, doc)
ORDER BY id`
