package engine

import (
	"database/sql"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine/result"
)

// TestResultValues checks the neutral form of every kind of value the
// driver returns.
func TestResultValues(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	f := func(expr, wantType string, want any) {
		t.Helper()
		sqlRows, err := db.Query("SELECT " + expr + " AS v")
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		rows, err := ResultRows(sqlRows)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if c := rows.Columns()[0]; c.Name != "v" || c.TypeName != wantType || c.Type.String() != wantType {
			t.Errorf("%s: column %+v, want type %s", expr, c, wantType)
		}
		if !rows.Next() {
			t.Fatalf("%s: no row: %v", expr, rows.Err())
		}
		if got := rows.Values()[0]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", expr, got, want)
		}
		if rows.Next() || rows.Err() != nil {
			t.Errorf("%s: a second row, or %v", expr, rows.Err())
		}
	}
	f("NULL::INTEGER", "INTEGER", nil)
	f("true", "BOOLEAN", true)
	f("-8::TINYINT", "TINYINT", int64(-8))
	f("300::SMALLINT", "SMALLINT", int64(300))
	f("7::INTEGER", "INTEGER", int64(7))
	f("200::UTINYINT", "UTINYINT", uint64(200))
	f("4000000000::UINTEGER", "UINTEGER", uint64(4000000000))
	f("18446744073709551615::UBIGINT", "UBIGINT", uint64(18446744073709551615))
	f("1.5::FLOAT", "FLOAT", float64(1.5))
	f("-2.50::DECIMAL(4,2)", "DECIMAL(4,2)", result.Decimal{Width: 4, Scale: 2, Value: big.NewInt(-250)})
	f("'low'::ENUM('low', 'high')", "ENUM", "low")
	f("'12345678-1234-5678-1234-567812345678'::UUID", "UUID", "12345678-1234-5678-1234-567812345678")
	f("'101'::BIT", "BIT", "101")
	f(`'\xAA'::BLOB`, "BLOB", []byte{0xAA})
	f("DATE '2024-03-05'", "DATE", day)
	f("INTERVAL '1 month 2 days 3 seconds'", "INTERVAL", result.Interval{Months: 1, Days: 2, Micros: 3e6})
	f("[1, NULL]::SMALLINT[]", "SMALLINT[]", []any{int64(1), nil})
	f("{'zeta': 1::TINYINT, 'alpha': [DATE '2024-03-05']}", `STRUCT("zeta" TINYINT, "alpha" DATE[])`,
		result.Struct{{Name: "zeta", Value: int64(1)}, {Name: "alpha", Value: []any{day}}})
	f("MAP {'k2': 2::UTINYINT, 'k1': 1::UTINYINT}", "MAP(VARCHAR, UTINYINT)",
		result.Map{{Key: "k2", Value: uint64(2)}, {Key: "k1", Value: uint64(1)}})
	f("union_value(n := 5::TINYINT)::UNION(n TINYINT, s VARCHAR)", `UNION("n" TINYINT, "s" VARCHAR)`, result.Union{Tag: "n", Value: int64(5)})
	f(`'{"z": [1, {"b": null, "a": "x"}], "a": true}'::JSON`, "JSON",
		result.Struct{{Name: "a", Value: true}, {Name: "z", Value: []any{float64(1), result.Struct{{Name: "a", Value: "x"}, {Name: "b", Value: nil}}}}})
}
