package sqltext

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTemplateNames(t *testing.T) {
	f := func(sql string, want ...string) {
		t.Helper()
		tmpl, err := ParseTemplate(sql)
		if err != nil {
			t.Fatalf("%q: %v", sql, err)
		}
		if got := tmpl.Names(); !slices.Equal(got, want) {
			t.Errorf("%q: names %q, want %q", sql, got, want)
		}
	}
	f("SELECT json_extract_string(d, '$.userName') WHERE x = $a", "a")
	f("SELECT 'it''s $not' AS \"$col\", $b -- $c\n, $d", "b", "d")
	f("SELECT /* $e */ $f, $f", "f")
	f("SELECT /* outer /* $nested */ $still_comment */ $g", "g")
	f(`SELECT E'\'$not_bound', e'\\', $h`, "h")
	f("SELECT $$ $not $$, $tag$ $not $tag$, $i", "i")
	f("SELECT a$b, $window_start, $x9_y", "window_start", "x9_y")
	f("SELECT 1")
}

func TestTemplateRefuses(t *testing.T) {
	f := func(sql, want string) {
		t.Helper()
		_, err := ParseTemplate(sql)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one saying %q", sql, err, want)
		}
	}
	f("SELECT * FROM t WHERE a > ?", "bare ? at line 1, column 27")
	f("SELECT 1\nWHERE j <? 'k'", "bare ? at line 2, column 9")
	f("SELECT $1", "invalid parameter reference $1 at line 1, column 8")
	f("SELECT $Name", "invalid parameter reference")
	f("SELECT $_x", "invalid parameter reference")
	f("SELECT $ + 1", "invalid parameter reference")
	f("SELECT 'open $a", "unterminated string at line 1, column 8")
	f(`SELECT "open`, "unterminated quoted identifier")
	f("SELECT /* $a", "unterminated comment")
	f("SELECT $a$ b", "unterminated string")
}

func TestTemplateBindAndLiteral(t *testing.T) {
	tmpl, err := ParseTemplate("SELECT $s, $n, $f, $b, $d, $t, $ss, $ns, $s -- $s\nFROM t WHERE x = '$s'")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 5, 1, 2, 3, 456789000, time.FixedZone("x", 3600))
	values := map[string]Value{
		"s": Text("o'brien\n"), "n": Int(-5), "f": Float(0.5), "b": Bool(true), "d": Interval(90 * time.Minute),
		"t": Timestamp(at), "ss": TextList([]string{"a", `"b"`}), "ns": IntList(nil),
	}
	text, args, err := tmpl.Bind(values)
	if err != nil {
		t.Fatal(err)
	}
	const wantText = `SELECT CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS DOUBLE), CAST(? AS BOOLEAN), CAST(? AS INTERVAL), ` +
		`CAST(? AS TIMESTAMPTZ), from_json(CAST(? AS VARCHAR), '["VARCHAR"]'), from_json(CAST(? AS VARCHAR), '["BIGINT"]'), ` +
		"CAST(? AS VARCHAR) -- $s\nFROM t WHERE x = '$s'"
	if text != wantText {
		t.Errorf("Bind text\n%s\nwant\n%s", text, wantText)
	}
	wantArgs := []any{"o'brien\n", int64(-5), 0.5, true, "5400 seconds", "2024-03-05 00:02:03.456789+00", `["a","\"b\""]`, "[]", "o'brien\n"}
	if !slices.Equal(args, wantArgs) {
		t.Errorf("Bind args %#v\nwant %#v", args, wantArgs)
	}
	literal, err := tmpl.Literal(values)
	if err != nil {
		t.Fatal(err)
	}
	const wantLiteral = `SELECT CAST('o''brien' || chr(10) AS VARCHAR), CAST(-5 AS BIGINT), CAST(0.5 AS DOUBLE), CAST(TRUE AS BOOLEAN), ` +
		`CAST('5400 seconds' AS INTERVAL), CAST('2024-03-05 00:02:03.456789+00' AS TIMESTAMPTZ), ` +
		`from_json(CAST('["a","\"b\""]' AS VARCHAR), '["VARCHAR"]'), from_json(CAST('[]' AS VARCHAR), '["BIGINT"]'), ` +
		"CAST('o''brien' || chr(10) AS VARCHAR) -- $s\nFROM t WHERE x = '$s'"
	if literal != wantLiteral {
		t.Errorf("Literal\n%s\nwant\n%s", literal, wantLiteral)
	}
	delete(values, "n")
	if _, _, err := tmpl.Bind(values); err == nil || err.Error() != "$n has no value" {
		t.Errorf("Bind without $n: %v", err)
	}
	if _, err := tmpl.Literal(map[string]Value{"s": {}}); err == nil {
		t.Error("a zero Value binds")
	}
}

func TestValueString(t *testing.T) {
	f := func(v Value, want string) {
		t.Helper()
		if got := v.String(); got != want {
			t.Errorf("%#v: %s, want %s", v, got, want)
		}
	}
	f(Text("a'b"), "'a''b'")
	f(Int(42), "42")
	f(Float(1e21), "1e+21")
	f(Float(math.NaN()), "'NaN'")
	f(Float(math.Inf(-1)), "'-Infinity'")
	f(Bool(false), "FALSE")
	f(Interval(1500*time.Millisecond), "'1500000 microseconds'")
	f(Value{}, "NULL")
}
