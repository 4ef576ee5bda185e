package output

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTruncateDisplay(t *testing.T) {
	f := func(s string, width int, want string) {
		t.Helper()
		if got := truncateDisplay(s, width); got != want {
			t.Errorf("truncateDisplay(%q, %d) = %q, want %q", s, width, got, want)
		}
		if got := displayWidth(truncateDisplay(s, width)); got > width {
			t.Errorf("truncateDisplay(%q, %d) is %d cells wide", s, width, got)
		}
	}
	f("hello", 5, "hello")
	f("hello", 4, "hel…")
	f("hello", 1, "…")
	f("hello", 0, "")
	f("世界世界", 8, "世界世界")
	f("世界世界", 7, "世界世…")
	f("世界世界", 4, "世…")
	f("e\u0301e\u0301", 2, "e\u0301e\u0301") // combining accents take no cell
}

// FuzzAppendDisplayText checks that display text is one line of valid UTF-8
// without control or invisible format characters.
func FuzzAppendDisplayText(f *testing.F) {
	for _, s := range []string{"plain", "a\nb\r\n\tc", "\x1b[31mred", "\u202egnp.exe", "\xff\xc0", "\u0085\u009b", "世界 🙂", "zero\u200bwidth"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(appendDisplayText(nil, s))
		if !utf8.ValidString(out) {
			t.Fatalf("%q displays as invalid UTF-8 %q", s, out)
		}
		for _, r := range out {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
				t.Fatalf("%q displays as %q, which holds %U", s, out, r)
			}
		}
		if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r >= 0x7f }) && out != s {
			t.Fatalf("printable ASCII %q changed to %q", s, out)
		}
	})
}
