package output

import (
	"reflect"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/lakehunt/lakehunt/engine/result"
)

// parquetNode maps a result column type to an optional Parquet column,
// choosing what DuckDB's own COPY ... (FORMAT parquet) chooses so files read
// back with the same types: HUGEINT as DOUBLE, plain TIMESTAMP not adjusted
// to UTC and TIMESTAMPTZ adjusted. Nested types (STRUCT, LIST, ARRAY, MAP,
// UNION) are written as JSON text with the JSON logical type rather than
// as Parquet groups, which keeps the writer flat; TIMETZ and BIT, which
// Parquet lacks, are strings.
func parquetNode(t *result.Type) parquet.Node {
	if node, ok := parquetFixedNodes[t.Kind()]; ok {
		return parquet.Optional(node)
	}
	if t.Kind() == "DECIMAL" {
		return parquet.Optional(parquet.Decimal(t.Scale(), t.Width(), decimalPhysicalType(t.Width())))
	}
	return parquet.Optional(parquet.String())
}

// parquetFixedNodes are the Parquet columns of the kinds whose column does
// not depend on the type's parameters; nested kinds are all JSON text.
var parquetFixedNodes = map[string]parquet.Node{
	"BOOLEAN":         parquet.Leaf(parquet.BooleanType),
	"TINYINT":         parquet.Int(8),
	"SMALLINT":        parquet.Int(16),
	"INTEGER":         parquet.Int(32),
	"BIGINT":          parquet.Int(64),
	"UTINYINT":        parquet.Uint(8),
	"USMALLINT":       parquet.Uint(16),
	"UINTEGER":        parquet.Uint(32),
	"UBIGINT":         parquet.Uint(64),
	"FLOAT":           parquet.Leaf(parquet.FloatType),
	"DOUBLE":          parquet.Leaf(parquet.DoubleType),
	"HUGEINT":         parquet.Leaf(parquet.DoubleType),
	"UHUGEINT":        parquet.Leaf(parquet.DoubleType),
	"BIGNUM":          parquet.Leaf(parquet.DoubleType),
	"BLOB":            parquet.Leaf(parquet.ByteArrayType),
	"GEOMETRY":        parquet.Leaf(parquet.ByteArrayType),
	"UUID":            parquet.UUID(),
	"DATE":            parquet.Date(),
	"TIME":            parquet.TimeAdjusted(parquet.Microsecond, false),
	"TIMESTAMP":       parquet.TimestampAdjusted(parquet.Microsecond, false),
	"TIMESTAMP_S":     parquet.TimestampAdjusted(parquet.Millisecond, false),
	"TIMESTAMP_MS":    parquet.TimestampAdjusted(parquet.Millisecond, false),
	"TIMESTAMP_NS":    parquet.TimestampAdjusted(parquet.Nanosecond, false),
	"TIMESTAMPTZ":     parquet.TimestampAdjusted(parquet.Microsecond, true),
	"INTERVAL":        parquet.IntervalNode(),
	"JSON":            parquet.JSON(),
	result.KindStruct: parquet.JSON(),
	result.KindList:   parquet.JSON(),
	result.KindArray:  parquet.JSON(),
	result.KindMap:    parquet.JSON(),
	result.KindUnion:  parquet.JSON(),
}

// decimalPhysicalType is the smallest Parquet type that holds a DECIMAL of
// the given width, as the Parquet spec recommends.
func decimalPhysicalType(width int) parquet.Type {
	switch {
	case width <= 9:
		return parquet.Int32Type
	case width <= 18:
		return parquet.Int64Type
	}
	return parquet.FixedLenByteArrayType(16)
}

// orderedGroup is a Parquet group whose fields keep the result's column
// order; parquet.Group is a map and sorts its fields by name.
type orderedGroup []parquet.Field

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Fields() []parquet.Field     { return g }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) GoType() reflect.Type        { return reflect.TypeFor[map[string]any]() }
func (g orderedGroup) String() string              { return printSchema(g) }
func newOrderedGroup(names []string, nodes []parquet.Node) orderedGroup {
	g := make(orderedGroup, len(names))
	for i := range names {
		g[i] = namedField{Node: nodes[i], name: names[i]}
	}
	return g
}

func printSchema(node parquet.Node) string {
	var sb strings.Builder
	_ = parquet.PrintSchema(&sb, "", node)
	return sb.String()
}

// namedField places a node in an orderedGroup. Value serves writers that
// take Go values; this package writes rows of parquet values instead.
type namedField struct {
	parquet.Node
	name string
}

func (f namedField) Name() string { return f.name }

func (f namedField) Value(base reflect.Value) reflect.Value {
	if base.Kind() == reflect.Map {
		return base.MapIndex(reflect.ValueOf(f.name))
	}
	return reflect.Value{}
}
