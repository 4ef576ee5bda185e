package result

import (
	"testing"
)

func TestParseType(t *testing.T) {
	f := func(name, wantKind string, check func(*Type) bool) {
		t.Helper()
		typ, err := ParseType(name)
		if err != nil {
			t.Fatalf("ParseType(%q): %v", name, err)
		}
		if typ.Kind() != wantKind {
			t.Errorf("ParseType(%q) kind %q, want %q", name, typ.Kind(), wantKind)
		}
		if got := typ.String(); got != name {
			t.Errorf("ParseType(%q) renders back as %q", name, got)
		}
		if check != nil && !check(typ) {
			t.Errorf("ParseType(%q) = %+v, wrong details", name, typ)
		}
	}
	f("INTEGER", "INTEGER", nil)
	f("TIMESTAMP_NS", "TIMESTAMP_NS", nil)
	f("JSON", "JSON", nil)
	f("DECIMAL(18,3)", "DECIMAL", func(c *Type) bool { return c.width == 18 && c.scale == 3 })
	f("VARCHAR[]", KindList, func(c *Type) bool { return c.Elem().Kind() == "VARCHAR" })
	f("INTEGER[3]", KindArray, func(c *Type) bool { return c.size == 3 && c.Elem().Kind() == "INTEGER" })
	f("INTEGER[][2]", KindArray, func(c *Type) bool { return c.Elem().Kind() == KindList })
	f(`STRUCT("b" INTEGER, "a" VARCHAR[])`, KindStruct, func(c *Type) bool {
		return len(c.fields) == 2 && c.fields[0].Name == "b" && c.Member("a").Kind() == KindList
	})
	f(`STRUCT("with ""quote"", comma" DATE)`, KindStruct, func(c *Type) bool {
		return c.Member(`with "quote", comma`).Kind() == "DATE"
	})
	f(`MAP(VARCHAR, STRUCT("t" TIMESTAMP)[])`, KindMap, func(c *Type) bool {
		return c.MapKey().Kind() == "VARCHAR" && c.MapValue().Elem().Member("t").Kind() == "TIMESTAMP"
	})
	f(`UNION("num" INTEGER, "txt" VARCHAR)`, KindUnion, func(c *Type) bool { return c.Member("txt").Kind() == "VARCHAR" })
	f(`STRUCT("m" MAP(INTEGER, DECIMAL(4,1)), "u" UUID)[]`, KindList, func(c *Type) bool {
		return c.Elem().Member("m").MapValue().scale == 1
	})
}

func TestParseTypeRejects(t *testing.T) {
	f := func(name string) {
		t.Helper()
		if typ, err := ParseType(name); err == nil {
			t.Errorf("ParseType(%q) = %v, want an error", name, typ)
		}
		if got := DescribeType(name); got.Kind() != name || got.fields != nil {
			t.Errorf("DescribeType(%q) = %+v, want an opaque type", name, got)
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

// FuzzParseType checks that parsing never panics and that what parses
// renders to a name that parses to the same rendering.
func FuzzParseType(f *testing.F) {
	for _, s := range []string{"INTEGER", "DECIMAL(38,10)", "VARCHAR[][3]", `STRUCT("a" INTEGER, "b""c" MAP(VARCHAR, INTEGER[]))`, `UNION("x" DATE)`, `STRUCT()`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, err := ParseType(s)
		if err != nil {
			return
		}
		rendered := typ.String()
		again, err := ParseType(rendered)
		if err != nil {
			t.Fatalf("%q parses, but its rendering %q does not: %v", s, rendered, err)
		}
		if again.String() != rendered {
			t.Fatalf("%q renders as %q, which renders as %q", s, rendered, again)
		}
	})
}
