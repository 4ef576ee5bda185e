package output

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/lakehunt/lakehunt/engine/result"
)

// Parquet output is cut into row groups of this many rows, DuckDB's own
// default, so memory stays bounded whatever the result size.
const parquetRowGroupRows = 122_880

// parquetBatchRows is how many rows are handed to the Parquet writer at once.
const parquetBatchRows = 256

type parquetEncoder struct {
	writer  *parquet.Writer
	columns []result.Column
	batch   []parquet.Row
	filled  int
}

func newParquetEncoder(w *bufio.Writer, columns []result.Column) (*parquetEncoder, error) {
	if len(columns) == 0 {
		return nil, fmt.Errorf("cannot write a result without columns as parquet")
	}
	nodes := make([]parquet.Node, len(columns))
	for i, c := range columns {
		nodes[i] = parquetNode(c.Type)
	}
	schema := parquet.NewSchema("lakehunt_result", newOrderedGroup(uniqueNames(columns), nodes))
	e := &parquetEncoder{
		writer: parquet.NewWriter(w, schema,
			parquet.Compression(&zstd.Codec{Level: zstd.DefaultLevel}),
			parquet.MaxRowsPerRowGroup(parquetRowGroupRows),
			parquet.CreatedBy("lakehunt", "", "")),
		columns: columns,
		batch:   make([]parquet.Row, parquetBatchRows),
	}
	for i := range e.batch {
		e.batch[i] = make(parquet.Row, len(columns))
	}
	return e, nil
}

func (e *parquetEncoder) writeRow(values []any) error {
	row := e.batch[e.filled]
	for i, v := range values {
		pv, err := parquetValue(v, e.columns[i].Type)
		if err != nil {
			return fmt.Errorf("cannot write column %q as parquet: %w", e.columns[i].Name, err)
		}
		definition := 1
		if pv.IsNull() {
			definition = 0
		}
		row[i] = pv.Level(0, definition, i)
	}
	e.filled++
	if e.filled == len(e.batch) {
		return e.flushBatch()
	}
	return nil
}

func (e *parquetEncoder) flushBatch() error {
	if e.filled == 0 {
		return nil
	}
	_, err := e.writer.WriteRows(e.batch[:e.filled])
	e.filled = 0
	if err != nil {
		return fmt.Errorf("cannot write parquet rows: %w", err)
	}
	return nil
}

func (e *parquetEncoder) finish(int64) error {
	if err := e.flushBatch(); err != nil {
		return err
	}
	if err := e.writer.Close(); err != nil {
		return fmt.Errorf("cannot finish parquet output: %w", err)
	}
	return nil
}

// parquetValue converts a result value to the Parquet value parquetNode's
// column expects.
func parquetValue(v any, t *result.Type) (parquet.Value, error) {
	if v == nil {
		return parquet.NullValue(), nil
	}
	switch t.Kind() {
	case "BOOLEAN":
		if b, ok := v.(bool); ok {
			return parquet.BooleanValue(b), nil
		}
	case "TINYINT", "SMALLINT", "INTEGER":
		if n, ok := v.(int64); ok {
			return parquet.Int32Value(int32(n)), nil
		}
	case "UTINYINT", "USMALLINT", "UINTEGER":
		// Unsigned 32-bit values are stored in INT32 by their bits, as the
		// UINT_32 logical type prescribes.
		if n, ok := v.(uint64); ok {
			return parquet.Int32Value(int32(uint32(n))), nil
		}
	case "BIGINT", "UBIGINT":
		switch n := v.(type) {
		case int64:
			return parquet.Int64Value(n), nil
		case uint64:
			return parquet.Int64Value(int64(n)), nil
		}
	case "FLOAT":
		if f, ok := v.(float64); ok {
			return parquet.FloatValue(float32(f)), nil
		}
	case "DOUBLE", "HUGEINT", "UHUGEINT", "BIGNUM":
		switch n := v.(type) {
		case float64:
			return parquet.DoubleValue(n), nil
		case *big.Int:
			f, _ := new(big.Float).SetInt(n).Float64()
			return parquet.DoubleValue(f), nil
		}
	case "DECIMAL":
		if d, ok := v.(result.Decimal); ok {
			return parquetDecimal(d, t.Width())
		}
	case "BLOB", "GEOMETRY":
		if b, ok := v.([]byte); ok {
			return parquet.ByteArrayValue(b), nil
		}
	case "UUID":
		if s, ok := v.(string); ok {
			if b, ok := uuidBytes(s); ok {
				return parquet.FixedLenByteArrayValue(b), nil
			}
		}
	case "DATE", "TIME", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMPTZ":
		if ts, ok := v.(time.Time); ok {
			return parquetTime(ts, t.Kind()), nil
		}
	case "INTERVAL":
		if iv, ok := v.(result.Interval); ok {
			return parquetInterval(iv)
		}
	case "JSON", result.KindStruct, result.KindList, result.KindArray, result.KindMap, result.KindUnion:
		return parquet.ByteArrayValue(appendJSON(nil, v, t)), nil
	default:
		return parquet.ByteArrayValue(appendText(nil, v, t)), nil
	}
	return parquet.Value{}, fmt.Errorf("unexpected %T value for type %s", v, t)
}

// uuidBytes reads a UUID in its canonical form,
// 12345678-1234-5678-1234-567812345678.
func uuidBytes(s string) ([]byte, bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return nil, false
	}
	b, err := hex.DecodeString(s[:8] + s[9:13] + s[14:18] + s[19:23] + s[24:])
	return b, err == nil
}

// parquetInterval packs months, days and milliseconds as unsigned 32-bit
// little-endian integers, Parquet's INTERVAL. Like DuckDB's COPY, it refuses
// negative intervals, which the type cannot hold, and drops microseconds.
func parquetInterval(iv result.Interval) (parquet.Value, error) {
	millis := iv.Micros / 1000
	if iv.Months < 0 || iv.Days < 0 || millis < 0 || millis > math.MaxUint32 {
		return parquet.Value{}, fmt.Errorf("interval %s does not fit Parquet's INTERVAL (no negative parts; cast the column to VARCHAR instead)",
			iv)
	}
	b := make([]byte, 12)
	binary.LittleEndian.PutUint32(b[0:], uint32(iv.Months))
	binary.LittleEndian.PutUint32(b[4:], uint32(iv.Days))
	binary.LittleEndian.PutUint32(b[8:], uint32(millis))
	return parquet.FixedLenByteArrayValue(b), nil
}

func parquetTime(ts time.Time, kind string) parquet.Value {
	switch kind {
	case "DATE":
		y, m, d := ts.Date()
		days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
		return parquet.Int32Value(int32(days))
	case "TIME":
		sinceMidnight := time.Duration(ts.Hour())*time.Hour + time.Duration(ts.Minute())*time.Minute +
			time.Duration(ts.Second())*time.Second + time.Duration(ts.Nanosecond())
		return parquet.Int64Value(sinceMidnight.Microseconds())
	case "TIMESTAMP_S", "TIMESTAMP_MS":
		return parquet.Int64Value(ts.UnixMilli())
	case "TIMESTAMP_NS":
		return parquet.Int64Value(ts.UnixNano())
	}
	return parquet.Int64Value(ts.UnixMicro())
}

// parquetDecimal stores the unscaled value in the physical type chosen by
// decimalPhysicalType: INT32, INT64 or 16 big-endian two's complement bytes.
func parquetDecimal(d result.Decimal, width int) (parquet.Value, error) {
	switch {
	case width <= 9:
		return parquet.Int32Value(int32(d.Value.Int64())), nil
	case width <= 18:
		return parquet.Int64Value(d.Value.Int64()), nil
	}
	if d.Value.BitLen() > 127 {
		return parquet.Value{}, fmt.Errorf("decimal %s does not fit 16 bytes", d.Value)
	}
	b := make([]byte, 16)
	abs := new(big.Int).Abs(d.Value)
	abs.FillBytes(b)
	if d.Value.Sign() < 0 {
		// Two's complement of the magnitude: invert and add one.
		for i := range b {
			b[i] = ^b[i]
		}
		for i := 15; i >= 0; i-- {
			b[i]++
			if b[i] != 0 {
				break
			}
		}
	}
	return parquet.FixedLenByteArrayValue(b), nil
}
