package output

import (
	"bufio"
	"fmt"
	"math/big"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/lakehunt/lakehunt/engine/result"
)

// A record batch is cut at whichever bound comes first, so memory stays
// bounded whatever the result size: as many rows as a Parquet row group
// of the lake, or about this many bytes of values (CloudTrail rows with
// their request and response JSON run to kilobytes each).
const (
	arrowBatchRows  = 64 << 10
	arrowBatchBytes = 32 << 20
)

// arrowEncoder writes an Arrow IPC file (Format Arrow: magic, schema,
// record batches and a footer, which pyarrow.ipc.open_file, polars'
// read_ipc and pandas' read_feather open) or an IPC stream (ArrowStream,
// the same without footer, for readers that cannot seek, such as an HTTP
// client). Buffers are not compressed, since the JavaScript reader does
// not decompress them.
type arrowEncoder struct {
	writer interface {
		Write(arrow.RecordBatch) error
		Close() error
	}
	builder *array.RecordBuilder
	columns []result.Column
	rows    int
	bytes   int
}

func newArrowEncoder(w *bufio.Writer, columns []result.Column, stream bool) (*arrowEncoder, error) {
	if len(columns) == 0 {
		return nil, fmt.Errorf("cannot write a result without columns as arrow")
	}
	schema := arrowSchema(columns)
	mem := memory.NewGoAllocator()
	e := &arrowEncoder{builder: array.NewRecordBuilder(mem, schema), columns: columns}
	if stream {
		e.writer = ipc.NewWriter(w, ipc.WithSchema(schema), ipc.WithAllocator(mem))
		return e, nil
	}
	fw, err := ipc.NewFileWriter(w, ipc.WithSchema(schema), ipc.WithAllocator(mem))
	if err != nil {
		return nil, fmt.Errorf("cannot start arrow file: %w", err)
	}
	e.writer = fw
	return e, nil
}

func (e *arrowEncoder) writeRow(values []any) error {
	for i, v := range values {
		n, err := appendArrow(e.builder.Field(i), v, e.columns[i].Type)
		if err != nil {
			return fmt.Errorf("cannot write column %q as arrow: %w", e.columns[i].Name, err)
		}
		e.bytes += n
	}
	e.rows++
	if e.rows >= arrowBatchRows || e.bytes >= arrowBatchBytes {
		return e.flushBatch()
	}
	return nil
}

func (e *arrowEncoder) flushBatch() error {
	if e.rows == 0 {
		return nil
	}
	batch := e.builder.NewRecordBatch()
	defer batch.Release()
	e.rows, e.bytes = 0, 0
	if err := e.writer.Write(batch); err != nil {
		return fmt.Errorf("cannot write arrow record batch: %w", err)
	}
	return nil
}

func (e *arrowEncoder) finish(int64) error {
	defer e.builder.Release()
	if err := e.flushBatch(); err != nil {
		return err
	}
	if err := e.writer.Close(); err != nil {
		return fmt.Errorf("cannot finish arrow output: %w", err)
	}
	return nil
}

// appendArrow appends v, of type t, to the builder arrowType(t) made, and
// returns about how many bytes it took.
func appendArrow(b array.Builder, v any, t *result.Type) (int, error) {
	if v == nil {
		b.AppendNull()
		return 1, nil
	}
	if u, ok := v.(result.Union); ok && t.Kind() != result.KindUnion {
		return appendArrow(b, u.Value, t.Member(u.Tag))
	}
	wrong := func() (int, error) { return 0, fmt.Errorf("unexpected %T value for type %s", v, t) }
	switch b := b.(type) {
	case *array.BooleanBuilder:
		x, ok := v.(bool)
		if !ok {
			return wrong()
		}
		b.Append(x)
		return 1, nil
	case *array.Int8Builder:
		x, ok := v.(int64)
		if !ok {
			return wrong()
		}
		b.Append(int8(x))
		return 1, nil
	case *array.Int16Builder:
		x, ok := v.(int64)
		if !ok {
			return wrong()
		}
		b.Append(int16(x))
		return 2, nil
	case *array.Int32Builder:
		x, ok := v.(int64)
		if !ok {
			return wrong()
		}
		b.Append(int32(x))
		return 4, nil
	case *array.Int64Builder:
		x, ok := v.(int64)
		if !ok {
			return wrong()
		}
		b.Append(x)
		return 8, nil
	case *array.Uint8Builder:
		x, ok := v.(uint64)
		if !ok {
			return wrong()
		}
		b.Append(uint8(x))
		return 1, nil
	case *array.Uint16Builder:
		x, ok := v.(uint64)
		if !ok {
			return wrong()
		}
		b.Append(uint16(x))
		return 2, nil
	case *array.Uint32Builder:
		x, ok := v.(uint64)
		if !ok {
			return wrong()
		}
		b.Append(uint32(x))
		return 4, nil
	case *array.Uint64Builder:
		x, ok := v.(uint64)
		if !ok {
			return wrong()
		}
		b.Append(x)
		return 8, nil
	case *array.Float32Builder:
		x, ok := v.(float64)
		if !ok {
			return wrong()
		}
		b.Append(float32(x))
		return 4, nil
	case *array.Float64Builder:
		switch x := v.(type) {
		case float64:
			b.Append(x)
		case *big.Int:
			f, _ := new(big.Float).SetInt(x).Float64()
			b.Append(f)
		default:
			return wrong()
		}
		return 8, nil
	case *array.Decimal128Builder:
		x, ok := v.(result.Decimal)
		if !ok {
			return wrong()
		}
		if x.Value.BitLen() > 127 {
			return 0, fmt.Errorf("decimal %s does not fit 128 bits", x)
		}
		b.Append(decimal128.FromBigInt(x.Value))
		return 16, nil
	case *array.BinaryBuilder:
		x, ok := v.([]byte)
		if !ok {
			return wrong()
		}
		b.Append(x)
		return len(x) + 4, nil
	case *array.Date32Builder:
		x, ok := v.(time.Time)
		if !ok {
			return wrong()
		}
		y, m, d := x.Date()
		b.Append(arrow.Date32FromTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
		return 4, nil
	case *array.Time64Builder:
		x, ok := v.(time.Time)
		if !ok {
			return wrong()
		}
		y, m, d := x.Date()
		b.Append(arrow.Time64(x.Sub(time.Date(y, m, d, 0, 0, 0, 0, x.Location())).Microseconds()))
		return 8, nil
	case *array.TimestampBuilder:
		x, ok := v.(time.Time)
		if !ok {
			return wrong()
		}
		switch b.Type().(*arrow.TimestampType).Unit {
		case arrow.Second:
			b.Append(arrow.Timestamp(x.Unix()))
		case arrow.Millisecond:
			b.Append(arrow.Timestamp(x.UnixMilli()))
		case arrow.Nanosecond:
			b.Append(arrow.Timestamp(x.UnixNano()))
		default:
			b.Append(arrow.Timestamp(x.UnixMicro()))
		}
		return 8, nil
	case *array.MonthDayNanoIntervalBuilder:
		x, ok := v.(result.Interval)
		if !ok {
			return wrong()
		}
		b.Append(arrow.MonthDayNanoInterval{Months: x.Months, Days: x.Days, Nanoseconds: x.Micros * 1000})
		return 16, nil
	case *array.ListBuilder:
		return appendArrowList(b, b.ValueBuilder(), v, t)
	case *array.FixedSizeListBuilder:
		elems, ok := v.([]any)
		if !ok || len(elems) != t.Size() {
			return wrong()
		}
		return appendArrowList(b, b.ValueBuilder(), v, t)
	case *array.StructBuilder:
		return appendArrowStruct(b, v, t)
	case *array.MapBuilder:
		m, ok := v.(result.Map)
		if !ok {
			return wrong()
		}
		b.Append(true)
		n := 4
		for _, entry := range m {
			if entry.Key == nil {
				return 0, fmt.Errorf("map with a NULL key")
			}
			kn, err := appendArrow(b.KeyBuilder(), entry.Key, t.MapKey())
			if err != nil {
				return 0, err
			}
			vn, err := appendArrow(b.ItemBuilder(), entry.Value, t.MapValue())
			if err != nil {
				return 0, err
			}
			n += kn + vn
		}
		return n, nil
	case *array.StringBuilder:
		var text []byte
		if s, ok := v.(string); ok && t.Kind() != "JSON" {
			b.Append(s)
			return len(s) + 4, nil
		}
		text = appendText(text, v, t)
		b.BinaryBuilder.Append(text)
		return len(text) + 4, nil
	}
	return 0, fmt.Errorf("no arrow builder for type %s", t)
}

// appendArrowList appends a LIST or an ARRAY through its list builder.
func appendArrowList(b interface{ Append(bool) }, values array.Builder, v any, t *result.Type) (int, error) {
	elems, ok := v.([]any)
	if !ok {
		return 0, fmt.Errorf("unexpected %T value for type %s", v, t)
	}
	b.Append(true)
	n := 4
	for _, elem := range elems {
		en, err := appendArrow(values, elem, t.Elem())
		if err != nil {
			return 0, err
		}
		n += en
	}
	return n, nil
}

// appendArrowStruct appends a STRUCT, whose fields normally come in
// declaration order; a field missing from the value is NULL.
func appendArrowStruct(b *array.StructBuilder, v any, t *result.Type) (int, error) {
	s, ok := v.(result.Struct)
	if !ok {
		return 0, fmt.Errorf("unexpected %T value for type %s", v, t)
	}
	b.Append(true)
	n := 0
	for i, f := range t.Fields() {
		var fv any
		if i < len(s) && s[i].Name == f.Name {
			fv = s[i].Value
		} else {
			fv = s.Get(f.Name)
		}
		fn, err := appendArrow(b.FieldBuilder(i), fv, f.Type)
		if err != nil {
			return 0, fmt.Errorf("field %q: %w", f.Name, err)
		}
		n += fn
	}
	return n, nil
}
