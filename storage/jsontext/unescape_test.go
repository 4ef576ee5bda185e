package jsontext

import (
	"encoding/json"
	"testing"
)

func TestAppendUnescapedMatchesEncodingJSON(t *testing.T) {
	f := func(literal string) {
		t.Helper()
		var want string
		if err := json.Unmarshal([]byte(literal), &want); err != nil {
			t.Fatalf("bad test literal %s: %v", literal, err)
		}
		if got := string(AppendUnescaped(nil, []byte(literal[1:len(literal)-1]))); got != want {
			t.Fatalf("AppendUnescaped(%s) = %q, want %q", literal, got, want)
		}
	}
	f(`"plain"`)
	f(`""`)
	f(`"a\"b\\c\/d\b\f\n\r\t"`)
	f(`"\u0041\u00e9\u4e2d"`)
	f(`"\ud83d\ude00 pair"`)
	f(`"\ud83d lone high"`)
	f(`"\ude00 lone low"`)
	f(`"\ud83d\u0041 high then not low"`)
	f("\"caf\xc3\xa9 \xff invalid\"")
	f(`"tail\ud83d"`)
}

func FuzzAppendUnescaped(f *testing.F) {
	f.Add(`"\ud83d\ude00 x\n"`)
	f.Fuzz(func(t *testing.T, literal string) {
		var want string
		if json.Unmarshal([]byte(literal), &want) != nil || len(literal) < 2 || literal[0] != '"' || literal[len(literal)-1] != '"' {
			return
		}
		if got := string(AppendUnescaped(nil, []byte(literal[1:len(literal)-1]))); got != want {
			t.Fatalf("AppendUnescaped(%q) = %q, want %q", literal, got, want)
		}
	})
}
