package sqltext

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	f := func(script string, want ...string) {
		t.Helper()
		var got []string
		for _, st := range Split(script) {
			got = append(got, st.Text)
			if script[st.Offset:st.Offset+len(st.Text)] != st.Text {
				t.Errorf("Split(%q): offset %d does not hold %q", script, st.Offset, st.Text)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("Split(%q)\n got %q\nwant %q", script, got, want)
		}
	}
	f("SELECT 1;", "SELECT 1")
	f("SELECT 1; SELECT 2;\n", "SELECT 1", "SELECT 2")
	f("SELECT\n  1\n;\n", "SELECT\n  1")
	f(";;  ;\n")
	f("")
	f("SELECT 'a;b', 'it''s;' ;", "SELECT 'a;b', 'it''s;'")
	f(`SELECT E'a\';b' AS x`, `SELECT E'a\';b' AS x`)
	f(`SELECT E'a\\';SELECT 2`, `SELECT E'a\\'`, "SELECT 2")
	f(`SELECT "odd;name" FROM t;`, `SELECT "odd;name" FROM t`)
	f("SELECT 1 -- not the end;\n;", "SELECT 1 -- not the end;")
	f("SELECT /* a;\n b; */ 1;", "SELECT /* a;\n b; */ 1")
	f("SELECT /* outer /* inner; */ still; */ 1; SELECT 2", "SELECT /* outer /* inner; */ still; */ 1", "SELECT 2")
	f("SELECT $$x;y$$, $tag$ a;$$ $tag$;", "SELECT $$x;y$$, $tag$ a;$$ $tag$")
	f("SELECT $1; SELECT $name;", "SELECT $1", "SELECT $name")
	f("SELECT 'open;\nstill open;", "SELECT 'open;\nstill open;")
	f("SELECT 1; SELECT 2", "SELECT 1", "SELECT 2")
	// Comments alone are no statement, before or after the last ';'; a
	// comment before a statement is part of it.
	f("SELECT 1; -- the end\n", "SELECT 1")
	f("SELECT 1; /* done; */", "SELECT 1")
	f("-- only a comment;\n;")
	f("-- why\nSELECT 1;", "-- why\nSELECT 1")
	f("SELECT 1;\n-- second: two\nSELECT 2;\n", "SELECT 1", "-- second: two\nSELECT 2")
	f("/* never closed; SELECT 1;") // all comment
}

func TestSplitOffsets(t *testing.T) {
	script := "SELECT 1;\n\n  -- two\n  SELECT 2 ;"
	got := Split(script)
	if len(got) != 2 || got[0].Offset != 0 || got[1].Offset != strings.Index(script, "-- two") {
		t.Fatalf("statements %+v", got)
	}
	if p := PositionOf(script, got[1].Offset); p != (Position{Line: 3, Column: 3}) {
		t.Errorf("second statement at %s, want line 3, column 3", p)
	}
}

// TestSplitterLines feeds a script line by line, as the shell does, and
// checks what a prompt would show before each line.
func TestSplitterLines(t *testing.T) {
	f := func(lines []string, wantPending []bool, want ...string) {
		t.Helper()
		var s Splitter
		var got []string
		var pending []bool
		for _, line := range lines {
			for _, st := range s.Feed(line + "\n") {
				got = append(got, st.Text)
			}
			pending = append(pending, s.Pending())
		}
		if last, ok := s.Flush(); ok {
			got = append(got, last.Text)
		}
		if !slices.Equal(got, want) || !slices.Equal(pending, wantPending) {
			t.Errorf("lines %q:\n got %q pending %v\nwant %q pending %v", lines, got, pending, want, wantPending)
		}
		if s.Pending() {
			t.Errorf("lines %q: pending after Flush", lines)
		}
	}
	f([]string{"SELECT 1;"}, []bool{false}, "SELECT 1")
	f([]string{"SELECT", "1;"}, []bool{true, false}, "SELECT\n1")
	f([]string{"-- a comment", "SELECT 1;"}, []bool{false, false}, "-- a comment\nSELECT 1")
	f([]string{"/* open", "still; */", "SELECT 1;"}, []bool{true, false, false}, "/* open\nstill; */\nSELECT 1")
	f([]string{"SELECT 'a", ";'", ";"}, []bool{true, true, false}, "SELECT 'a\n;'")
	f([]string{"SELECT $f$", "; $f$;"}, []bool{true, false}, "SELECT $f$\n; $f$")
	f([]string{`SELECT E'a\';b' AS x;`}, []bool{false}, `SELECT E'a\';b' AS x`)
	f([]string{"SELECT 1; SELECT", "2"}, []bool{true, true}, "SELECT 1", "SELECT\n2")
	f([]string{`SELECT "a`, `b";`}, []bool{true, false}, "SELECT \"a\nb\"")
}

// splitGaps returns the text of script that no statement holds.
func splitGaps(script string, stmts []Statement) []string {
	var gaps []string
	at := 0
	for _, st := range stmts {
		gaps = append(gaps, script[at:st.Offset])
		at = st.Offset + len(st.Text)
	}
	return append(gaps, script[at:])
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"SELECT 1; SELECT 2", `SELECT E'a\';b' AS x`, "SELECT /* a /* b; */ c; */ 1;", "-- c;\nSELECT 1;",
		"SELECT $t$;$t$; $1;", `SELECT "a;""b";`, "SELECT 'open", "x1e+5;0x1F;.5", "SELECT 1 -", "a\u3000;b",
	} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, script string, step uint8) {
		var joined strings.Builder
		for _, tok := range Lex(script) {
			joined.WriteString(tok.Text)
		}
		if joined.String() != script {
			t.Fatalf("tokens do not rebuild the text:\n%q\n%q", script, joined.String())
		}
		stmts := Split(script)
		at := 0
		for _, st := range stmts {
			if st.Offset < at || st.Offset+len(st.Text) > len(script) || script[st.Offset:st.Offset+len(st.Text)] != st.Text {
				t.Fatalf("statement %q at %d is not the script's text from %d", st.Text, st.Offset, at)
			}
			if toks := Lex(st.Text); len(toks) == 0 || toks[0].Kind == Space || toks[len(toks)-1].Kind == Space {
				t.Fatalf("statement %q is empty or has space around it", st.Text)
			}
			at = st.Offset + len(st.Text)
		}
		// Between statements there is only space, comments and ';'.
		for _, gap := range splitGaps(script, stmts) {
			for _, tok := range Lex(gap) {
				if tok.Significant() && !tok.Is(";") {
					t.Fatalf("text %q left out of the statements of %q", gap, script)
				}
			}
		}
		// Fed in pieces, at any cut, the script splits the same way.
		var s Splitter
		var fed []Statement
		n := int(step%16) + 1
		for len(script) > 0 {
			cut := min(n, len(script))
			fed = append(fed, s.Feed(script[:cut])...)
			script = script[cut:]
		}
		if last, ok := s.Flush(); ok {
			fed = append(fed, last)
		}
		if !slices.Equal(fed, stmts) {
			t.Fatalf("fed %d bytes at a time:\n%+v\nwhole:\n%+v", n, fed, stmts)
		}
	})
}

// A script cut inside a character still splits as a whole.
func TestSplitterCutInsideCharacter(t *testing.T) {
	script := "SELECT 'ä';\u3000SELECT 2;"
	var s Splitter
	var got []Statement
	for i := 0; i < len(script); i++ {
		got = append(got, s.Feed(script[i:i+1])...)
	}
	if !utf8.ValidString(got[0].Text) || !slices.Equal(got, Split(script)) {
		t.Errorf("fed byte by byte: %+v, whole: %+v", got, Split(script))
	}
}
