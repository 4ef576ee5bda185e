package investigate

import (
	"fmt"
	"sort"

	"github.com/lakehunt/lakehunt/engine/sqltext"
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
	params   map[string]sqltext.Value
}

// Bind returns the statement with ? placeholders and the values they take,
// in order.
func (s Statement) Bind() (string, []any, error) {
	tmpl, err := s.template()
	if err != nil {
		return "", nil, err
	}
	text, args, err := tmpl.Bind(s.params)
	if err != nil {
		return "", nil, fmt.Errorf("panel %s: %w", s.Panel, err)
	}
	return text, args, nil
}

// Literal returns the statement with each parameter written as a quoted
// SQL literal, for people to read and rerun with lakehunt query. It is
// never executed by this package.
func (s Statement) Literal() (string, error) {
	tmpl, err := s.template()
	if err != nil {
		return "", err
	}
	text, err := tmpl.Literal(s.params)
	if err != nil {
		return "", fmt.Errorf("panel %s: %w", s.Panel, err)
	}
	return text, nil
}

// ParamValues lists the parameters the statement uses as $name = literal,
// sorted by name.
func (s Statement) ParamValues() []string {
	tmpl, err := s.template()
	if err != nil {
		return nil
	}
	var out []string
	for _, name := range tmpl.Names() {
		if v, ok := s.params[name]; ok {
			out = append(out, fmt.Sprintf("$%s = %s", name, v))
		}
	}
	sort.Strings(out)
	return out
}

func (s Statement) template() (sqltext.Template, error) {
	tmpl, err := sqltext.ParseTemplate(s.Text)
	if err != nil {
		return sqltext.Template{}, fmt.Errorf("panel %s: %w", s.Panel, err)
	}
	return tmpl, nil
}
