package sqltext

import "testing"

func TestPosition(t *testing.T) {
	text := "SELECT 1,\n  'ä', x\n\nFROM t"
	f := func(off int, want Position) {
		t.Helper()
		if got := PositionOf(text, off); got != want {
			t.Errorf("PositionOf(%d) = %s, want %s", off, got, want)
		}
	}
	f(0, Position{1, 1})
	f(9, Position{1, 10}) // the line end
	f(10, Position{2, 1})
	f(len("SELECT 1,\n  'ä', "), Position{2, 8}) // x, after a two-byte character
	f(len(text), Position{4, 7})
	f(len(text)+5, Position{4, 7})
	for n, want := range map[int]int{1: 0, 2: 10, 3: len("SELECT 1,\n  'ä', x\n"), 4: len("SELECT 1,\n  'ä', x\n\n")} {
		if got, ok := LineStart(text, n); !ok || got != want {
			t.Errorf("LineStart(%d) = %d %v, want %d", n, got, ok, want)
		}
	}
	for _, n := range []int{0, 5} {
		if _, ok := LineStart(text, n); ok {
			t.Errorf("LineStart(%d) found a line", n)
		}
	}
}
