package sqltext

import (
	"fmt"
	"strings"
	"testing"
)

// tokenString shows tokens as kind:text, with * after an unterminated one.
func tokenString(toks []Token) string {
	var parts []string
	for _, t := range toks {
		open := ""
		if t.Unterminated {
			open = "*"
		}
		parts = append(parts, fmt.Sprintf("%s:%s%s", t.Kind, t.Text, open))
	}
	return strings.Join(parts, " | ")
}

func TestLex(t *testing.T) {
	f := func(in string, want ...string) {
		t.Helper()
		var sig []Token
		for _, tok := range Lex(in) {
			if tok.Kind != Space {
				sig = append(sig, tok)
			}
		}
		if got := tokenString(sig); got != strings.Join(want, " | ") {
			t.Errorf("Lex(%q):\n got %s\nwant %s", in, got, strings.Join(want, " | "))
		}
	}
	f("SELECT a.b, 1.5e3 FROM t;",
		"identifier:SELECT", "identifier:a", "punctuation:.", "identifier:b", "punctuation:,", "number:1.5e3",
		"identifier:FROM", "identifier:t", "punctuation:;")
	f("x->y::int || 'it''s'", "identifier:x", "operator:->", "identifier:y", "operator:::", "identifier:int", "operator:||", "string:'it''s'")
	f(`E'a\';b' e'\\' X'1F' b'01' U&'d\0061t' "q""i"`,
		`string:E'a\';b'`, `string:e'\\'`, "string:X'1F'", "string:b'01'", `string:U&'d\0061t'`, `quoted identifier:"q""i"`)
	f("$$a;b$$ $fn$ x $$ $fn$ $1 $name ?", "string:$$a;b$$", "string:$fn$ x $$ $fn$", "parameter:$1", "parameter:$name", "parameter:?")
	f("a$b $ 0x1F .5 1e 1e+", "identifier:a$b", "operator:$", "number:0x1F", "number:.5", "number:1", "identifier:e",
		"number:1", "identifier:e", "operator:+")
	f("-- c;\n/* a /* nested */ still */ x", "comment:-- c;", "comment:/* a /* nested */ still */", "identifier:x")
	f("a--b\nc/*d*/", "identifier:a", "comment:--b", "identifier:c", "comment:/*d*/")
	f("1+-2 <=/*x*/3", "number:1", "operator:+-", "number:2", "operator:<=", "comment:/*x*/", "number:3")
	f("straße 数据", "identifier:straße", "identifier:数据")
	// Left open at the end of the text.
	f("'abc", "string:'abc*")
	f(`E'abc\'`, `string:E'abc\'*`)
	f("'it''", "string:'it''*")
	f(`"name`, `quoted identifier:"name*`)
	f("/* a /* b */", "comment:/* a /* b */*")
	f("$t$ body $x$", "string:$t$ body $x$*")
	f("-- open line comment", "comment:-- open line comment")
}

func TestTokenHelpers(t *testing.T) {
	toks := Lex(`Cardinality "My""Col" 'o''brien' E'x' ; 'open`)
	if !toks[0].IsWord("cardinality") || toks[0].IdentName() != "cardinality" {
		t.Errorf("unquoted identifier: IsWord %v, IdentName %q", toks[0].IsWord("cardinality"), toks[0].IdentName())
	}
	if got := toks[2].IdentName(); got != `my"col` {
		t.Errorf("quoted IdentName = %q", got)
	}
	if s, ok := toks[4].StringValue(); !ok || s != "o'brien" {
		t.Errorf("StringValue = %q %v", s, ok)
	}
	if _, ok := toks[6].StringValue(); ok {
		t.Error("an E'' string decodes as a plain one")
	}
	if !toks[8].Is(";") || !toks[8].Significant() || toks[7].Significant() {
		t.Errorf("; is %v, significant %v; space significant %v", toks[8].Is(";"), toks[8].Significant(), toks[7].Significant())
	}
	if _, ok := toks[10].StringValue(); ok {
		t.Error("an unterminated string decodes")
	}
	if toks[0].IdentName() == "" || toks[4].IdentName() != "" {
		t.Error("IdentName of a string should be empty")
	}
}
