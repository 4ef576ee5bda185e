package output

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/lakehunt/lakehunt/engine/result"
)

// arrowType maps a result column type to the Arrow type DuckDB's own Arrow
// export gives it, so that pandas and polars see the same columns either
// way, with two departures that keep every reader simple: HUGEINT is a
// float64, as in the Parquet writer (sum() of a BIGINT column is a
// HUGEINT, and a decimal of 38 digits is an object column in pandas), and
// UUID, TIMETZ, BIT, UNION and types this package does not know are their
// text. Nested types stay nested: LIST is a list, ARRAY a fixed-size list,
// STRUCT a struct and MAP a map. JSON is its text, as utf8, its field
// tagged with Arrow's canonical arrow.json extension (see arrowField).
func arrowType(t *result.Type) arrow.DataType {
	if at, ok := arrowFixedTypes[t.Kind()]; ok {
		return at
	}
	switch t.Kind() {
	case "DECIMAL":
		return &arrow.Decimal128Type{Precision: int32(t.Width()), Scale: int32(t.Scale())}
	case result.KindList:
		return arrow.ListOfField(arrowField("element", t.Elem()))
	case result.KindArray:
		return arrow.FixedSizeListOfField(int32(t.Size()), arrowField("element", t.Elem()))
	case result.KindStruct:
		fields := make([]arrow.Field, len(t.Fields()))
		for i, f := range t.Fields() {
			fields[i] = arrowField(f.Name, f.Type)
		}
		return arrow.StructOf(fields...)
	case result.KindMap:
		return arrow.MapOf(arrowType(t.MapKey()), arrowType(t.MapValue()))
	}
	return arrow.BinaryTypes.String
}

// arrowFixedTypes are the Arrow types of the kinds that take no
// parameters; arrowType builds the others.
var arrowFixedTypes = map[string]arrow.DataType{
	"BOOLEAN":      arrow.FixedWidthTypes.Boolean,
	"TINYINT":      arrow.PrimitiveTypes.Int8,
	"SMALLINT":     arrow.PrimitiveTypes.Int16,
	"INTEGER":      arrow.PrimitiveTypes.Int32,
	"BIGINT":       arrow.PrimitiveTypes.Int64,
	"UTINYINT":     arrow.PrimitiveTypes.Uint8,
	"USMALLINT":    arrow.PrimitiveTypes.Uint16,
	"UINTEGER":     arrow.PrimitiveTypes.Uint32,
	"UBIGINT":      arrow.PrimitiveTypes.Uint64,
	"FLOAT":        arrow.PrimitiveTypes.Float32,
	"DOUBLE":       arrow.PrimitiveTypes.Float64,
	"HUGEINT":      arrow.PrimitiveTypes.Float64,
	"UHUGEINT":     arrow.PrimitiveTypes.Float64,
	"BIGNUM":       arrow.PrimitiveTypes.Float64,
	"BLOB":         arrow.BinaryTypes.Binary,
	"GEOMETRY":     arrow.BinaryTypes.Binary,
	"DATE":         arrow.FixedWidthTypes.Date32,
	"TIME":         arrow.FixedWidthTypes.Time64us,
	"TIMESTAMP":    &arrow.TimestampType{Unit: arrow.Microsecond},
	"TIMESTAMP_S":  &arrow.TimestampType{Unit: arrow.Second},
	"TIMESTAMP_MS": &arrow.TimestampType{Unit: arrow.Millisecond},
	"TIMESTAMP_NS": &arrow.TimestampType{Unit: arrow.Nanosecond},
	"TIMESTAMPTZ":  &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"},
	"INTERVAL":     arrow.FixedWidthTypes.MonthDayNanoInterval,
}

// arrowSchema is the schema of a result, its column names made unique as
// in the JSON and Parquet writers.
func arrowSchema(columns []result.Column) *arrow.Schema {
	names := uniqueNames(columns)
	fields := make([]arrow.Field, len(columns))
	for i, c := range columns {
		fields[i] = arrowField(names[i], c.Type)
	}
	return arrow.NewSchema(fields, nil)
}

// jsonExtension is the metadata of Arrow's canonical JSON extension type
// (utf8 storage), which pyarrow reads as pa.json_() and other readers as
// plain strings, so a JSON column stays distinguishable from text.
var jsonExtension = arrow.NewMetadata([]string{"ARROW:extension:name", "ARROW:extension:metadata"}, []string{"arrow.json", ""})

// arrowField is a nullable field of type t.
func arrowField(name string, t *result.Type) arrow.Field {
	f := arrow.Field{Name: name, Type: arrowType(t), Nullable: true}
	if t.Kind() == "JSON" {
		f.Metadata = jsonExtension
	}
	return f
}
