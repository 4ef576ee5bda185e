package ocsf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// parquetLeaves is one Parquet row seen leaf by leaf, whatever wrote it:
// Types maps each leaf column's logical path (lists as "[]", so that the
// 2-level lists of Security Lake's parquet-mr and the 3-level lists of
// parquet-go compare) to its type as a reader sees it; Values maps each
// non-null leaf value's path ("resources[0].uid", "unmapped[readOnly]") to
// its text.
type parquetLeaves struct {
	Types  map[string]string
	Values map[string]string
}

// readParquetLeaves reads the first row of a Parquet file.
func readParquetLeaves(t *testing.T, data []byte) parquetLeaves {
	t.Helper()
	file, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("cannot open parquet: %v", err)
	}
	leaves := parquetLeaves{Types: map[string]string{}, Values: map[string]string{}}
	schema := file.Schema()
	columns := schema.Columns()
	logical := make([]string, len(columns))
	for i, path := range columns {
		logical[i] = logicalLeafPath(schema, path)
		leaf, _ := schema.Lookup(path...)
		leaves.Types[logical[i]] = leafType(leaf.Node)
	}
	rows := make([]parquet.Row, 1)
	reader := parquet.NewReader(file)
	defer reader.Close()
	if n, err := reader.ReadRows(rows); n != 1 {
		t.Fatalf("cannot read a parquet row: %d rows, %v", n, err)
	}
	byColumn := make([][]parquet.Value, len(columns))
	for _, v := range rows[0] {
		byColumn[v.Column()] = append(byColumn[v.Column()], v)
	}
	mapKeys := map[string][]string{}
	for i, values := range byColumn {
		for element, v := range values {
			if v.IsNull() {
				continue
			}
			path := logical[i]
			text := leafText(v)
			switch {
			case strings.HasSuffix(path, "{}.key"):
				mapKeys[strings.TrimSuffix(path, "{}.key")] = append(mapKeys[strings.TrimSuffix(path, "{}.key")], text)
				continue
			case strings.HasSuffix(path, "{}.value"):
				continue // paired with its key below
			}
			leaves.Values[strings.Replace(path, "[]", "["+strconv.Itoa(element)+"]", 1)] = text
		}
	}
	for i, values := range byColumn {
		mapPath, isValue := strings.CutSuffix(logical[i], "{}.value")
		if !isValue {
			continue
		}
		for element, v := range values {
			if !v.IsNull() && element < len(mapKeys[mapPath]) {
				leaves.Values[mapPath+"["+mapKeys[mapPath][element]+"]"] = leafText(v)
			}
		}
	}
	return leaves
}

// logicalLeafPath names a leaf column without the list and map wrappers
// that differ between writers: "resources.array.uid" and
// "resources.list.element.uid" are both "resources[].uid"; map entries are
// "unmapped{}.key" and "unmapped{}.value".
func logicalLeafPath(schema *parquet.Schema, path []string) string {
	var node parquet.Node = schema
	var out strings.Builder
	parentRepeated, parentIsMap := false, false
	for _, name := range path {
		node = fieldNamed(node, name)
		switch {
		case node.Repeated() && parentIsMap:
			out.WriteString("{}")
		case node.Repeated():
			out.WriteString("[]")
		case parentRepeated && name == "element":
			// the 3-level list's element group adds no name
		default:
			if out.Len() > 0 {
				out.WriteByte('.')
			}
			out.WriteString(name)
		}
		parentRepeated = node.Repeated()
		parentIsMap = isMapNode(node)
	}
	return out.String()
}

func isMapNode(node parquet.Node) bool {
	if lt := node.Type().LogicalType(); lt != nil {
		if _, isMap := lt.Value.(*format.MapType); isMap {
			return true
		}
	}
	ct := node.Type().ConvertedType()
	return ct != nil && (*ct == deprecated.Map || *ct == deprecated.MapKeyValue)
}

func fieldNamed(node parquet.Node, name string) parquet.Node {
	for _, field := range node.Fields() {
		if field.Name() == name {
			return field
		}
	}
	panic(fmt.Sprintf("no field %q", name))
}

// leafType is a leaf's type as a reader sees it: "string", "int32",
// "int64", "boolean", "timestamp(ms)" (Security Lake's parquet-mr marks
// TIMESTAMP_MILLIS, a timestamp without zone) or "timestamptz(ms)" (a
// logical timestamp adjusted to UTC).
func leafType(node parquet.Node) string {
	typ := node.Type()
	if lt := typ.LogicalType(); lt != nil {
		switch v := lt.Value.(type) {
		case *format.StringType:
			return "string"
		case *format.TimestampType:
			if v.IsAdjustedToUTC {
				return "timestamptz(" + timestampUnit(v.Unit.String()) + ")"
			}
			return "timestamp(" + timestampUnit(v.Unit.String()) + ")"
		}
	}
	if ct := typ.ConvertedType(); ct != nil {
		switch *ct {
		case deprecated.UTF8:
			return "string"
		case deprecated.TimestampMillis:
			return "timestamp(ms)"
		}
	}
	return strings.ToLower(typ.Kind().String())
}

func timestampUnit(unit string) string {
	switch strings.ToUpper(unit) {
	case "MILLIS", "MILLISECONDS":
		return "ms"
	case "MICROS", "MICROSECONDS":
		return "us"
	}
	return strings.ToLower(unit)
}

func leafText(v parquet.Value) string {
	switch v.Kind() {
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean())
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'g', -1, 32)
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'g', -1, 64)
	}
	return string(v.ByteArray())
}
