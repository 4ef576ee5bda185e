package investigate

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Statement is one panel's SQL. Text names its inputs as $name; Bind turns
// them into typed ? placeholders, so user input only ever reaches DuckDB as
// a bound value.
type Statement struct {
	Panel string // the panel's JSON name
	Title string
	Text  string
	// Lifetime statements read the whole lake rather than the
	// investigation's window.
	Lifetime bool
	params   map[string]param
}

// param is one named input of a statement.
type param struct {
	value string
	typ   string // the SQL type it is cast to
}

func timeParam(t time.Time) param {
	return param{value: t.UTC().Format("2006-01-02 15:04:05.999999") + "+00", typ: "TIMESTAMPTZ"}
}

func textParam(s string) param { return param{value: s, typ: "VARCHAR"} }

func intervalParam(d time.Duration) param {
	return param{value: fmt.Sprintf("%d seconds", int64(d/time.Second)), typ: "INTERVAL"}
}

// Bind returns the statement with ? placeholders and the values they take,
// in order.
func (s Statement) Bind() (string, []any, error) {
	var args []any
	text, err := s.substitute(func(_ string, p param) string {
		args = append(args, p.value)
		return "CAST(? AS " + p.typ + ")"
	})
	return text, args, err
}

// Literal returns the statement with each parameter written as a quoted
// SQL literal, for people to read and rerun with lakehunt query. It is
// never executed by this package.
func (s Statement) Literal() (string, error) {
	return s.substitute(func(_ string, p param) string {
		return "CAST(" + quoteLiteral(p.value) + " AS " + p.typ + ")"
	})
}

// ParamValues lists the parameters the statement uses as $name = literal,
// sorted by name.
func (s Statement) ParamValues() []string {
	used := map[string]bool{}
	s.substitute(func(name string, p param) string {
		used[fmt.Sprintf("$%s = %s", name, quoteLiteral(p.value))] = true
		return ""
	})
	out := make([]string, 0, len(used))
	for v := range used {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// quoteLiteral writes s as a SQL string literal. Control characters are
// spelled chr(n), so that printed SQL cannot carry a terminal escape
// sequence or a line break out of a comment.
func quoteLiteral(s string) string {
	var parts []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			parts = append(parts, "'"+strings.ReplaceAll(b.String(), "'", "''")+"'")
			b.Reset()
		}
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			flush()
			parts = append(parts, fmt.Sprintf("chr(%d)", r))
			continue
		}
		b.WriteRune(r)
	}
	flush()
	if len(parts) == 0 {
		return "''"
	}
	return strings.Join(parts, " || ")
}

// substitute replaces each $name outside string literals, quoted names and
// comments with render(name, its param).
func (s Statement) substitute(render func(name string, p param) string) (string, error) {
	var b strings.Builder
	text := s.Text
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\'' || c == '"':
			end := closingQuote(text, i)
			b.WriteString(text[i:end])
			i = end
		case c == '-' && strings.HasPrefix(text[i:], "--"):
			end := strings.IndexByte(text[i:], '\n')
			if end < 0 {
				end = len(text) - i
			}
			b.WriteString(text[i : i+end])
			i += end
		case c == '$':
			j := i + 1
			for j < len(text) && isNameByte(text[j]) {
				j++
			}
			name := text[i+1 : j]
			p, ok := s.params[name]
			if !ok {
				return "", fmt.Errorf("panel %s: $%s has no value", s.Panel, name)
			}
			b.WriteString(render(name, p))
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// closingQuote returns the index after the quoted run starting at i; a
// doubled quote is part of the run.
func closingQuote(text string, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		if text[j] == q {
			if j+1 < len(text) && text[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(text)
}

func isNameByte(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
