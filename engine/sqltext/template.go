package sqltext

import (
	"fmt"
	"regexp"
	"strings"
)

// Template is SQL that names its inputs $name. Bind turns each reference
// into a typed ? placeholder, so that values only ever reach DuckDB as
// bound arguments; Literal writes the values in for people to read.
type Template struct {
	text string
	refs []reference
}

// reference is one $name of a template, by byte offsets.
type reference struct {
	name       string
	start, end int
}

// NamePattern is the form of a parameter name: lower_snake_case.
var NamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// ParseTemplate finds the $name references of text. A $ inside a string
// literal (E'...' too), a quoted name, a comment or a dollar-quoted string
// is text, as in the JSON path '$.userName'. Bare ? and $1 are refused, so
// that every bound value is accounted for by a named parameter, and so are
// names not in lower_snake_case and strings or comments left open, which
// would hide the references after them.
func ParseTemplate(text string) (Template, error) {
	t := Template{text: text}
	for _, tok := range Lex(text) {
		at := func() Position { return PositionOf(text, tok.Pos) }
		switch {
		case tok.Unterminated:
			return Template{}, fmt.Errorf("unterminated %s at %s", tok.Kind, at())
		case tok.Kind == Param && tok.Text == "?", tok.Kind == Operator && strings.Contains(tok.Text, "?"):
			return Template{}, fmt.Errorf("bare ? at %s: refer to parameters by name ($name)", at())
		case tok.Kind == Param, tok.Kind == Operator && tok.Text == "$":
			name := tok.Text[1:]
			if !NamePattern.MatchString(name) {
				return Template{}, fmt.Errorf("invalid parameter reference %s at %s: want $name with name in lower_snake_case", tok.Text, at())
			}
			t.refs = append(t.refs, reference{name: name, start: tok.Pos, end: tok.Pos + len(tok.Text)})
		}
	}
	return t, nil
}

// Names lists the names the template refers to, once each, in the order
// of their first reference.
func (t Template) Names() []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range t.refs {
		if !seen[r.name] {
			seen[r.name] = true
			names = append(names, r.name)
		}
	}
	return names
}

// Bind returns the SQL with a typed ? placeholder for each reference and
// the arguments they take, in order.
func (t Template) Bind(values map[string]Value) (string, []any, error) {
	var args []any
	text, err := t.substitute(values, func(v Value) string {
		args = append(args, v.arg)
		return v.expr("?")
	})
	return text, args, err
}

// Literal returns the SQL with each reference written as a literal of its
// value, for people to read and rerun with lakehunt query. Strings are
// written by QuotePrintable; nothing here runs the result.
func (t Template) Literal(values map[string]Value) (string, error) {
	return t.substitute(values, func(v Value) string { return v.expr(v.String()) })
}

func (t Template) substitute(values map[string]Value, render func(Value) string) (string, error) {
	var b strings.Builder
	last := 0
	for _, r := range t.refs {
		v, ok := values[r.name]
		if !ok || v.typ == "" {
			return "", fmt.Errorf("$%s has no value", r.name)
		}
		b.WriteString(t.text[last:r.start])
		b.WriteString(render(v))
		last = r.end
	}
	b.WriteString(t.text[last:])
	return b.String(), nil
}
