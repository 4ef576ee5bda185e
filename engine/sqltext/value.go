package sqltext

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Value is a typed value for a $name of a Template: it reaches DuckDB as
// one bound argument in a cast to its type, never as SQL text.
type Value struct {
	arg any    // what is bound: a string, int64, float64 or bool
	typ string // the SQL type the argument is cast to
	// elem is the element type of a list. A list travels as JSON text:
	// one bound string whatever its length, and from_json's fixed schema
	// fixes the element type.
	elem string
}

// Text is a VARCHAR value.
func Text(s string) Value { return Value{arg: s, typ: "VARCHAR"} }

// Int is a BIGINT value.
func Int(n int64) Value { return Value{arg: n, typ: "BIGINT"} }

// Float is a DOUBLE value.
func Float(f float64) Value { return Value{arg: f, typ: "DOUBLE"} }

// Bool is a BOOLEAN value.
func Bool(b bool) Value { return Value{arg: b, typ: "BOOLEAN"} }

// Interval is an INTERVAL value, in whole seconds when it has no fraction
// of one so that people read it easily.
func Interval(d time.Duration) Value {
	text := fmt.Sprintf("%d microseconds", d.Microseconds())
	if d%time.Second == 0 {
		text = fmt.Sprintf("%d seconds", d/time.Second)
	}
	return Value{arg: text, typ: "INTERVAL"}
}

// Timestamp is a TIMESTAMPTZ value.
func Timestamp(t time.Time) Value { return Value{arg: timestampText(t), typ: "TIMESTAMPTZ"} }

// TextList is a VARCHAR[] value.
func TextList(items []string) Value {
	if items == nil {
		items = []string{}
	}
	return jsonList(items, "VARCHAR")
}

// IntList is a BIGINT[] value.
func IntList(items []int64) Value {
	if items == nil {
		items = []int64{}
	}
	return jsonList(items, "BIGINT")
}

func jsonList(items any, elem string) Value {
	text, err := json.Marshal(items)
	if err != nil {
		panic(fmt.Sprintf("cannot encode a list of %s: %v", elem, err)) // slices of strings and integers always encode
	}
	return Value{arg: string(text), typ: elem + "[]", elem: elem}
}

// String renders the argument as a SQL literal for people to read, with
// strings written by QuotePrintable.
func (v Value) String() string {
	switch a := v.arg.(type) {
	case string:
		return QuotePrintable(a)
	case int64:
		return strconv.FormatInt(a, 10)
	case float64:
		switch {
		case math.IsNaN(a):
			return "'NaN'"
		case math.IsInf(a, 0):
			return QuoteString(map[bool]string{true: "Infinity", false: "-Infinity"}[a > 0])
		}
		return strconv.FormatFloat(a, 'g', -1, 64)
	case bool:
		if a {
			return "TRUE"
		}
		return "FALSE"
	}
	return "NULL" // the zero Value
}

// expr is the SQL expression of the value around arg, which is ? or a
// literal of the argument.
func (v Value) expr(arg string) string {
	if v.elem != "" {
		return "from_json(CAST(" + arg + " AS VARCHAR), " + QuoteString(`["`+v.elem+`"]`) + ")"
	}
	return "CAST(" + arg + " AS " + v.typ + ")"
}
