package hunt

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine/timeflag"
)

// Param is one hunt parameter: SQL refers to it as $name, and the value
// reaches DuckDB as a bound argument cast to the parameter's type, never as
// SQL text.
type Param struct {
	Name    string
	Type    ParamType
	Default string // the raw default, in the same syntax as --param
	Doc     string
}

// ParamType is the type of a parameter.
type ParamType string

const (
	TypeInt      ParamType = "int"
	TypeFloat    ParamType = "float"
	TypeString   ParamType = "string"
	TypeBool     ParamType = "bool"
	TypeDuration ParamType = "duration" // 10m, 24h, 7d, 2w
	TypeStrings  ParamType = "strings"  // comma-separated list
	TypeInts     ParamType = "ints"     // comma-separated list of integers
)

var paramTypes = map[ParamType]string{
	TypeInt:      "CAST(? AS BIGINT)",
	TypeFloat:    "CAST(? AS DOUBLE)",
	TypeString:   "CAST(? AS VARCHAR)",
	TypeBool:     "CAST(? AS BOOLEAN)",
	TypeDuration: "CAST(? AS INTERVAL)",
	// Lists travel as JSON text: one bound string whatever the length, and
	// from_json's fixed schema fixes the element type.
	TypeStrings: `from_json(CAST(? AS VARCHAR), '["VARCHAR"]')`,
	TypeInts:    `from_json(CAST(? AS VARCHAR), '["BIGINT"]')`,
}

// The window parameters every hunt may use without declaring them.
const (
	ParamWindowStart   = "window_start"
	ParamWindowEnd     = "window_end"
	ParamBaselineStart = "baseline_start"
	ParamNow           = "now"
)

const timestampPlaceholder = "CAST(? AS TIMESTAMPTZ)"

func isBuiltinParam(name string) bool {
	switch name {
	case ParamWindowStart, ParamWindowEnd, ParamBaselineStart, ParamNow:
		return true
	}
	return false
}

var paramNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// parseParamSpec reads "name:type=default | doc". The separator is " | "
// with its spaces, so that defaults may hold regular expressions such as
// "admin|root".
func parseParamSpec(spec string) (Param, error) {
	decl, doc, _ := strings.Cut(spec, " | ")
	nameType, def, ok := strings.Cut(decl, "=")
	if !ok {
		return Param{}, fmt.Errorf("param %q lacks a default (want name:type=default)", strings.TrimSpace(spec))
	}
	name, typ, ok := strings.Cut(strings.TrimSpace(nameType), ":")
	if !ok {
		return Param{}, fmt.Errorf("param %q lacks a type (want name:type=default)", strings.TrimSpace(spec))
	}
	p := Param{Name: strings.TrimSpace(name), Type: ParamType(strings.TrimSpace(typ)), Default: strings.TrimSpace(def), Doc: strings.TrimSpace(doc)}
	if !paramNamePattern.MatchString(p.Name) {
		return Param{}, fmt.Errorf("param name %q is not lower_snake_case", p.Name)
	}
	if isBuiltinParam(p.Name) {
		return Param{}, fmt.Errorf("param %s is built in and cannot be declared", p.Name)
	}
	if _, ok := paramTypes[p.Type]; !ok {
		return Param{}, fmt.Errorf("param %s has unknown type %q (want int, float, string, bool, duration, strings or ints)", p.Name, p.Type)
	}
	if _, err := p.Value(p.Default); err != nil {
		return Param{}, fmt.Errorf("param %s: bad default: %w", p.Name, err)
	}
	return p, nil
}

// Value checks a raw value against the parameter's type and returns what is
// bound for it.
func (p Param) Value(raw string) (any, error) {
	raw = strings.TrimSpace(raw)
	switch p.Type {
	case TypeInt:
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", raw)
		}
		return v, nil
	case TypeFloat:
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", raw)
		}
		return v, nil
	case TypeBool:
		v, err := strconv.ParseBool(raw)
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", raw)
		}
		return v, nil
	case TypeString:
		return raw, nil
	case TypeDuration:
		d, err := parseDuration(raw)
		if err != nil {
			return nil, err
		}
		return fmt.Sprintf("%d microseconds", d.Microseconds()), nil
	case TypeStrings:
		items := splitList(raw)
		text, err := json.Marshal(items)
		return string(text), err
	case TypeInts:
		items := splitList(raw)
		ints := make([]int64, len(items))
		for i, s := range items {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("list item %q is not an integer", s)
			}
			ints[i] = v
		}
		text, err := json.Marshal(ints)
		return string(text), err
	}
	return nil, fmt.Errorf("unknown type %q", p.Type)
}

func splitList(raw string) []string {
	items := []string{}
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s != "" {
			items = append(items, s)
		}
	}
	return items
}

// parseDuration reads a non-negative duration in the syntax of --last
// (30m, 24h, 7d, 2w).
func parseDuration(s string) (time.Duration, error) {
	d, err := timeflag.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	if d < 0 {
		return 0, fmt.Errorf("duration %q is negative", s)
	}
	return d, nil
}

// reference is one $name in a hunt's SQL, by byte offsets.
type reference struct {
	name       string
	start, end int
}

// scanReferences finds the $name references of a statement, skipping
// string literals, quoted identifiers and comments, where $ is text (JSON
// paths such as '$.userName'). Bare ? and $1 are refused so that every
// bound value is accounted for by a named parameter.
func scanReferences(sql string) ([]reference, error) {
	var refs []reference
	for i := 0; i < len(sql); {
		switch c := sql[i]; {
		case c == '\'' || c == '"':
			end := skipQuoted(sql, i, c)
			if end < 0 {
				return nil, fmt.Errorf("unterminated %c quote at byte %d", c, i)
			}
			i = end
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			if nl := strings.IndexByte(sql[i:], '\n'); nl >= 0 {
				i += nl + 1
			} else {
				i = len(sql)
			}
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("unterminated comment at byte %d", i)
			}
			i += end + 4
		case c == '?':
			return nil, fmt.Errorf("bare ? at byte %d: refer to parameters by name ($name)", i)
		case c == '$':
			j := i + 1
			for j < len(sql) && isNameByte(sql[j]) {
				j++
			}
			name := sql[i+1 : j]
			if !paramNamePattern.MatchString(name) || (j < len(sql) && sql[j] == '$') {
				return nil, fmt.Errorf("invalid parameter reference at byte %d: want $name with name in lower_snake_case", i)
			}
			refs = append(refs, reference{name: name, start: i, end: j})
			i = j
		default:
			i++
		}
	}
	return refs, nil
}

// skipQuoted returns the offset after the quoted text starting at i, where
// a doubled quote is an escaped one, or -1 if it never ends.
func skipQuoted(s string, i int, quote byte) int {
	for j := i + 1; j < len(s); j++ {
		if s[j] == quote {
			if j+1 < len(s) && s[j+1] == quote {
				j++
				continue
			}
			return j + 1
		}
	}
	return -1
}

func isNameByte(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// Window is the time range a run hunts in: [Start, End).
type Window struct {
	Start, End time.Time
}

// Bound is a hunt ready to run: SQL with ? placeholders and their values.
type Bound struct {
	SQL  string
	Args []any
}

// Bind replaces each $name of the hunt's SQL by a typed placeholder and
// collects the values: overrides (raw, as given to --param) first, then the
// declared defaults, then the window parameters.
func (h *Hunt) Bind(w Window, now time.Time, overrides map[string]string) (Bound, error) {
	refs, err := scanReferences(h.SQL)
	if err != nil {
		return Bound{}, err
	}
	values := map[string]any{
		ParamWindowStart:   timestampArg(w.Start),
		ParamWindowEnd:     timestampArg(w.End),
		ParamBaselineStart: timestampArg(w.Start.Add(-h.Baseline)),
		ParamNow:           timestampArg(now),
	}
	placeholders := map[string]string{}
	for _, p := range h.Params {
		raw, ok := overrides[p.Name]
		if !ok {
			raw = p.Default
		}
		v, err := p.Value(raw)
		if err != nil {
			return Bound{}, fmt.Errorf("param %s: %w", p.Name, err)
		}
		values[p.Name] = v
		placeholders[p.Name] = paramTypes[p.Type]
	}
	var b strings.Builder
	var args []any
	last := 0
	for _, r := range refs {
		v, ok := values[r.name]
		if !ok {
			return Bound{}, fmt.Errorf("$%s is not a declared parameter", r.name)
		}
		placeholder, ok := placeholders[r.name]
		if !ok {
			placeholder = timestampPlaceholder
		}
		b.WriteString(h.SQL[last:r.start])
		b.WriteString(placeholder)
		args = append(args, v)
		last = r.end
	}
	b.WriteString(h.SQL[last:])
	return Bound{SQL: b.String(), Args: args}, nil
}

// timestampArg renders a time with an explicit UTC offset, so the cast to
// TIMESTAMPTZ does not depend on the session's time zone.
func timestampArg(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05.999999") + "+00"
}
