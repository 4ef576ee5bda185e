package output

import (
	"testing"
)

func TestParseColumnType(t *testing.T) {
	f := func(name, wantKind string, check func(*columnType) bool) {
		t.Helper()
		typ, err := parseColumnType(name)
		if err != nil {
			t.Fatalf("parseColumnType(%q): %v", name, err)
		}
		if typ.kind() != wantKind {
			t.Errorf("parseColumnType(%q) kind %q, want %q", name, typ.kind(), wantKind)
		}
		if got := typ.String(); got != name {
			t.Errorf("parseColumnType(%q) renders back as %q", name, got)
		}
		if check != nil && !check(typ) {
			t.Errorf("parseColumnType(%q) = %+v, wrong details", name, typ)
		}
	}
	f("INTEGER", "INTEGER", nil)
	f("TIMESTAMP_NS", "TIMESTAMP_NS", nil)
	f("JSON", "JSON", nil)
	f("DECIMAL(18,3)", "DECIMAL", func(c *columnType) bool { return c.width == 18 && c.scale == 3 })
	f("VARCHAR[]", typeList, func(c *columnType) bool { return c.element().kind() == "VARCHAR" })
	f("INTEGER[3]", typeArray, func(c *columnType) bool { return c.size == 3 && c.element().kind() == "INTEGER" })
	f("INTEGER[][2]", typeArray, func(c *columnType) bool { return c.element().kind() == typeList })
	f(`STRUCT("b" INTEGER, "a" VARCHAR[])`, typeStruct, func(c *columnType) bool {
		return len(c.fields) == 2 && c.fields[0].name == "b" && c.member("a").kind() == typeList
	})
	f(`STRUCT("with ""quote"", comma" DATE)`, typeStruct, func(c *columnType) bool {
		return c.member(`with "quote", comma`).kind() == "DATE"
	})
	f(`MAP(VARCHAR, STRUCT("t" TIMESTAMP)[])`, typeMap, func(c *columnType) bool {
		return c.mapKey().kind() == "VARCHAR" && c.mapValue().element().member("t").kind() == "TIMESTAMP"
	})
	f(`UNION("num" INTEGER, "txt" VARCHAR)`, typeUnion, func(c *columnType) bool { return c.member("txt").kind() == "VARCHAR" })
	f(`STRUCT("m" MAP(INTEGER, DECIMAL(4,1)), "u" UUID)[]`, typeList, func(c *columnType) bool {
		return c.element().member("m").mapValue().scale == 1
	})
}

func TestParseColumnTypeRejects(t *testing.T) {
	f := func(name string) {
		t.Helper()
		if typ, err := parseColumnType(name); err == nil {
			t.Errorf("parseColumnType(%q) = %v, want an error", name, typ)
		}
		if got := describeColumnType(name); got.kind() != name || got.fields != nil {
			t.Errorf("describeColumnType(%q) = %+v, want an opaque type", name, got)
		}
	}
	f("")
	f("DECIMAL(18)")
	f("INTEGER[")
	f(`STRUCT("a" INTEGER`)
	f(`STRUCT(a INTEGER)`)
	f("MAP(VARCHAR)")
	f("VARCHAR(10)")
	f("TIMESTAMP WITH TIME ZONE")
}

func TestColumnTypesFromDuckDB(t *testing.T) {
	db := openDuckDB(t)
	for _, query := range []string{scalarQuery, nestedQuery, wideQuery} {
		rows, err := db.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		types, err := rows.ColumnTypes()
		rows.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, ct := range types {
			name := ct.DatabaseTypeName()
			typ, err := parseColumnType(name)
			if err != nil {
				t.Errorf("column %s: %v", ct.Name(), err)
				continue
			}
			if typ.String() != name {
				t.Errorf("column %s: type %q renders back as %q", ct.Name(), name, typ)
			}
		}
	}
}

// FuzzParseColumnType checks that parsing never panics and that what parses
// renders to a name that parses to the same rendering.
func FuzzParseColumnType(f *testing.F) {
	for _, s := range []string{"INTEGER", "DECIMAL(38,10)", "VARCHAR[][3]", `STRUCT("a" INTEGER, "b""c" MAP(VARCHAR, INTEGER[]))`, `UNION("x" DATE)`, `STRUCT()`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, err := parseColumnType(s)
		if err != nil {
			return
		}
		rendered := typ.String()
		again, err := parseColumnType(rendered)
		if err != nil {
			t.Fatalf("%q parses, but its rendering %q does not: %v", s, rendered, err)
		}
		if again.String() != rendered {
			t.Fatalf("%q renders as %q, which renders as %q", s, rendered, again)
		}
	})
}
