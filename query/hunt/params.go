package hunt

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine/sqltext"
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

// known tells whether t is a parameter type.
func (t ParamType) known() bool {
	switch t {
	case TypeInt, TypeFloat, TypeString, TypeBool, TypeDuration, TypeStrings, TypeInts:
		return true
	}
	return false
}

// The window parameters every hunt may use without declaring them.
const (
	ParamWindowStart   = "window_start"
	ParamWindowEnd     = "window_end"
	ParamBaselineStart = "baseline_start"
	ParamNow           = "now"
)

func isBuiltinParam(name string) bool {
	switch name {
	case ParamWindowStart, ParamWindowEnd, ParamBaselineStart, ParamNow:
		return true
	}
	return false
}

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
	if !sqltext.NamePattern.MatchString(p.Name) {
		return Param{}, fmt.Errorf("param name %q is not lower_snake_case", p.Name)
	}
	if isBuiltinParam(p.Name) {
		return Param{}, fmt.Errorf("param %s is built in and cannot be declared", p.Name)
	}
	if !p.Type.known() {
		return Param{}, fmt.Errorf("param %s has unknown type %q (want int, float, string, bool, duration, strings or ints)", p.Name, p.Type)
	}
	if _, err := p.Value(p.Default); err != nil {
		return Param{}, fmt.Errorf("param %s: bad default: %w", p.Name, err)
	}
	return p, nil
}

// Value checks a raw value against the parameter's type and returns what is
// bound for it.
func (p Param) Value(raw string) (sqltext.Value, error) {
	raw = strings.TrimSpace(raw)
	switch p.Type {
	case TypeInt:
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return sqltext.Value{}, fmt.Errorf("%q is not an integer", raw)
		}
		return sqltext.Int(v), nil
	case TypeFloat:
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return sqltext.Value{}, fmt.Errorf("%q is not a number", raw)
		}
		return sqltext.Float(v), nil
	case TypeBool:
		v, err := strconv.ParseBool(raw)
		if err != nil {
			return sqltext.Value{}, fmt.Errorf("%q is not true or false", raw)
		}
		return sqltext.Bool(v), nil
	case TypeString:
		return sqltext.Text(raw), nil
	case TypeDuration:
		d, err := parseDuration(raw)
		if err != nil {
			return sqltext.Value{}, err
		}
		return sqltext.Interval(d), nil
	case TypeStrings:
		return sqltext.TextList(splitList(raw)), nil
	case TypeInts:
		items := splitList(raw)
		ints := make([]int64, len(items))
		for i, s := range items {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return sqltext.Value{}, fmt.Errorf("list item %q is not an integer", s)
			}
			ints[i] = v
		}
		return sqltext.IntList(ints), nil
	}
	return sqltext.Value{}, fmt.Errorf("unknown type %q", p.Type)
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
	tmpl, err := sqltext.ParseTemplate(h.SQL)
	if err != nil {
		return Bound{}, err
	}
	values := map[string]sqltext.Value{
		ParamWindowStart:   sqltext.Timestamp(w.Start),
		ParamWindowEnd:     sqltext.Timestamp(w.End),
		ParamBaselineStart: sqltext.Timestamp(w.Start.Add(-h.Baseline)),
		ParamNow:           sqltext.Timestamp(now),
	}
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
	}
	for _, name := range tmpl.Names() {
		if _, ok := values[name]; !ok {
			return Bound{}, fmt.Errorf("$%s is not a declared parameter", name)
		}
	}
	text, args, err := tmpl.Bind(values)
	if err != nil {
		return Bound{}, err
	}
	return Bound{SQL: text, Args: args}, nil
}
