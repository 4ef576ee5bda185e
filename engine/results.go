package engine

import (
	"cmp"
	"database/sql"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/lakehunt/lakehunt/engine/result"
)

// ResultRows hands out a DuckDB result of database/sql as result.Rows,
// converting the driver's values to the neutral ones. Query uses it; so
// may code that runs DuckDB without an Engine (a benchmark's rival, the
// writers' tests). The rows are closed with the returned Rows.
func ResultRows(rows *sql.Rows) (*result.Rows, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		return nil, fmt.Errorf("cannot read result columns: %w", err)
	}
	columns := make([]result.Column, len(types))
	c := &driverCursor{rows: rows, raw: make([]any, len(types)), targets: make([]any, len(types)), types: make([]*result.Type, len(types))}
	for i, ct := range types {
		columns[i] = result.NewColumn(ct.Name(), ct.DatabaseTypeName())
		c.types[i] = columns[i].Type
		c.targets[i] = &c.raw[i]
	}
	return result.NewRows(columns, c), nil
}

// driverCursor scans rows of the driver and converts their values.
type driverCursor struct {
	rows    *sql.Rows
	raw     []any
	targets []any
	types   []*result.Type
}

func (c *driverCursor) Next(values []any) (bool, error) {
	if !c.rows.Next() {
		return false, c.rows.Err()
	}
	if err := c.rows.Scan(c.targets...); err != nil {
		return false, err
	}
	for i, v := range c.raw {
		values[i] = neutralValue(v, c.types[i])
	}
	return true, nil
}

func (c *driverCursor) Close() error { return c.rows.Close() }

// neutralValue converts a value of the driver to its result form (see
// package result), t being its type when known.
func neutralValue(v any, t *result.Type) any {
	switch v := v.(type) {
	case nil, bool, int64, uint64, float64, string, time.Time, *big.Int:
		return v
	case int8:
		return int64(v)
	case int16:
		return int64(v)
	case int32:
		return int64(v)
	case int:
		return int64(v)
	case uint8:
		return uint64(v)
	case uint16:
		return uint64(v)
	case uint32:
		return uint64(v)
	case uint:
		return uint64(v)
	case float32:
		return float64(v)
	case []byte:
		if t.Kind() == "UUID" && len(v) == 16 {
			return uuidText(v)
		}
		return v
	case duckdb.UUID:
		return uuidText(v[:])
	case duckdb.Decimal:
		if v.Value == nil {
			return nil
		}
		return result.Decimal{Width: v.Width, Scale: v.Scale, Value: v.Value}
	case duckdb.Interval:
		return result.Interval{Months: v.Months, Days: v.Days, Micros: v.Micros}
	case duckdb.Union:
		return result.Union{Tag: v.Tag, Value: neutralValue(v.Value, t.Member(v.Tag))}
	case duckdb.OrderedMap:
		return neutralMap(v.Keys(), v.Values(), t)
	case *duckdb.OrderedMap:
		return neutralMap(v.Keys(), v.Values(), t)
	case duckdb.Map:
		// The deprecated unordered form: keys in the order of their text.
		keys := slices.SortedFunc(maps.Keys(v), func(a, b any) int {
			return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b))
		})
		values := make([]any, len(keys))
		for i, k := range keys {
			values[i] = v[k]
		}
		return neutralMap(keys, values, t)
	case duckdb.Bit:
		return v.String()
	case []any:
		// The driver makes a new slice for every value, so it is reused.
		for i, elem := range v {
			v[i] = neutralValue(elem, t.Elem())
		}
		return v
	case map[string]any:
		return neutralStruct(v, t)
	}
	return fmt.Sprint(v)
}

func neutralMap(keys, values []any, t *result.Type) result.Map {
	m := make(result.Map, len(keys))
	for i := range keys {
		m[i] = result.MapEntry{Key: neutralValue(keys[i], t.MapKey()), Value: neutralValue(values[i], t.MapValue())}
	}
	return m
}

// neutralStruct orders a STRUCT's fields as its type declares them; keys
// the type does not list (those of a JSON object, or of a type that could
// not be parsed) follow in sorted order, so the order is stable either way.
func neutralStruct(m map[string]any, t *result.Type) result.Struct {
	s := make(result.Struct, 0, len(m))
	if t.Kind() == result.KindStruct {
		for _, f := range t.Fields() {
			if v, ok := m[f.Name]; ok {
				s = append(s, result.Field{Name: f.Name, Value: neutralValue(v, f.Type)})
			}
		}
	}
	if len(s) < len(m) {
		declared := len(s)
		for name, v := range m {
			if t.Kind() != result.KindStruct || t.Member(name) == nil {
				s = append(s, result.Field{Name: name, Value: neutralValue(v, nil)})
			}
		}
		slices.SortFunc(s[declared:], func(a, b result.Field) int { return cmp.Compare(a.Name, b.Name) })
	}
	return s
}

func uuidText(u []byte) string {
	const hex = "0123456789abcdef"
	buf := make([]byte, 0, 36)
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf = append(buf, '-')
		}
		buf = append(buf, hex[c>>4], hex[c&0xf])
	}
	return string(buf)
}
