package engine

import (
	"context"
	"testing"
)

func TestParseMemoryLimit(t *testing.T) {
	f := func(s string, want int64) {
		t.Helper()
		got, err := parseMemoryLimit(s)
		if err != nil || got != want {
			t.Errorf("parseMemoryLimit(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	f("4GB", 4_000_000_000)
	f("1.5 GiB", 3<<29)
	f("800mb", 800_000_000)
	f("512MiB", 512<<20)
	f("1000000", 1_000_000)
	f(" 2 tb ", 2_000_000_000_000)

	bad := func(s string) {
		t.Helper()
		if n, err := parseMemoryLimit(s); err == nil {
			t.Errorf("parseMemoryLimit(%q) = %d, want an error", s, n)
		}
	}
	bad("")
	bad("GB")
	bad("4 parsecs")
	bad("-1GB")
	bad("80%")
	bad("0")
}

// TestMemoryLimitLeavesRoomOutsideThePool checks what DuckDB is told:
// a quarter of the limit or 800 MB, whichever is more, but at most half,
// is kept back, so that its allocations outside the buffer pool and Go's
// heap stay inside the limit.
func TestMemoryLimitLeavesRoomOutsideThePool(t *testing.T) {
	f := func(limit, want string) {
		t.Helper()
		got, err := duckDBMemoryLimit(limit)
		if err != nil || got != want {
			t.Errorf("duckDBMemoryLimit(%q) = %q, %v; want %q", limit, got, err, want)
		}
	}
	f("6GB", "4500000000B") // a quarter
	f("4GB", "3000000000B") // a quarter: 800 MB is less
	f("2GB", "1200000000B") // 800 MB
	f("1GB", "500000000B")  // half: 800 MB is more
	f("512MiB", "268435456B")

	e := openSmallLake(t, Options{MemoryLimit: "4GB"})
	checkRows(t, e, `SELECT current_setting('memory_limit')`, "2.7 GiB")
	if _, err := Open(context.Background(), Options{Lake: t.TempDir(), MemoryLimit: "lots"}); err == nil {
		t.Error("Open with memory limit \"lots\": no error")
	}
}

// TestIsOutOfMemory checks that DuckDB's running out of its limit is told
// apart from other errors, through the engine's wrapping and the rows'.
func TestIsOutOfMemory(t *testing.T) {
	e := openSmallLake(t, Options{MemoryLimit: "64MB"})
	run := func(q string) error {
		rows, err := e.Query(context.Background(), q)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
		}
		return rows.Err()
	}
	// A list of 50M numbers (400 MB) cannot spill.
	if err := run("SELECT list(range) FROM range(50000000)"); !IsOutOfMemory(err) {
		t.Errorf("a 400 MB list in 32 MB: %v, not out of memory", err)
	}
	if err := run("SELECT * FROM no_such_table"); err == nil || IsOutOfMemory(err) {
		t.Errorf("a missing table: %v, want an error that is not out of memory", err)
	}
	if IsOutOfMemory(nil) {
		t.Error("nil is out of memory")
	}
}
