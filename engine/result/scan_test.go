package result

import (
	"database/sql"
	"math/big"
	"strings"
	"testing"
	"time"
)

func TestScanValue(t *testing.T) {
	ts := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	var (
		s   string
		n   int64
		u   uint64
		fl  float64
		b   bool
		tm  time.Time
		raw any
		ns  sql.NullString
		ni  sql.NullInt64
		nt  sql.NullTime
	)
	f := func(dest, v any, check func() bool) {
		t.Helper()
		if err := scanValue(dest, v); err != nil {
			t.Fatalf("scan %#v into %T: %v", v, dest, err)
		}
		if !check() {
			t.Errorf("scan %#v into %T stored the wrong value", v, dest)
		}
	}
	f(&s, "x", func() bool { return s == "x" })
	f(&n, int64(-3), func() bool { return n == -3 })
	f(&n, uint64(7), func() bool { return n == 7 })
	f(&n, big.NewInt(1<<40), func() bool { return n == 1<<40 })
	f(&u, uint64(1<<63), func() bool { return u == 1<<63 })
	f(&fl, int64(2), func() bool { return fl == 2 })
	f(&fl, Decimal{Scale: 2, Value: big.NewInt(150)}, func() bool { return fl == 1.5 })
	f(&b, true, func() bool { return b })
	f(&tm, ts, func() bool { return tm.Equal(ts) })
	f(&raw, Struct{{Name: "a", Value: int64(1)}}, func() bool { _, ok := raw.(Struct); return ok })
	f(&ns, nil, func() bool { return !ns.Valid })
	f(&ns, "y", func() bool { return ns.Valid && ns.String == "y" })
	f(&ni, int64(4), func() bool { return ni.Valid && ni.Int64 == 4 })
	f(&nt, ts, func() bool { return nt.Valid && nt.Time.Equal(ts) })

	fails := func(dest, v any, want string) {
		t.Helper()
		if err := scanValue(dest, v); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("scan %#v into %T: %v, want an error saying %q", v, dest, err, want)
		}
	}
	fails(&s, nil, "NULL")
	fails(&n, "x", "invalid syntax")
	fails(&n, Decimal{Scale: 2, Value: big.NewInt(150)}, "invalid syntax")
	fails(new(struct{}), "x", "cannot store")
}

func TestTextualAndFormula(t *testing.T) {
	textual := func(name string, want bool) {
		t.Helper()
		if got := DescribeType(name).Textual(); got != want {
			t.Errorf("%s textual = %v, want %v", name, got, want)
		}
	}
	textual("VARCHAR", true)
	textual("ENUM", true)
	textual("BLOB", true)
	textual(`UNION("n" INTEGER, "s" VARCHAR)`, true)
	textual("BIGINT", false)
	textual("DECIMAL(4,2)", false)
	textual("TIMESTAMPTZ", false)
	textual("INTERVAL", false)
	textual("UUID", false)
	textual("JSON", false)
	textual("VARCHAR[]", false)

	for _, s := range []string{"=1", "+1", "-1", "@x", "\tx", "\rx"} {
		if !StartsFormula(s) || !StartsFormula([]byte(s)) {
			t.Errorf("StartsFormula(%q) = false", s)
		}
	}
	for _, s := range []string{"", "a=1", " =1", "'=1", "\n=1"} {
		if StartsFormula(s) {
			t.Errorf("StartsFormula(%q) = true", s)
		}
	}
}
