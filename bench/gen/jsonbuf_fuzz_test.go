package gen

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzAppendString checks that any valid UTF-8 text survives appendString:
// the output is one JSON string that decodes to the input.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "line\nbreak\ttab\x00nul\x1f", "héllo ☃", `{"Version":"2012-10-17"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("generated text is always UTF-8")
		}
		out := appendString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("appendString(%q) = %s: %v", s, out, err)
		}
		if back != s {
			t.Fatalf("appendString(%q) decodes to %q", s, back)
		}
	})
}
