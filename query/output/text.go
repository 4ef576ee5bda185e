package output

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/lakehunt/lakehunt/engine/result"
)

// appendInteger appends booleans and integers, whose text is the same in
// CSV, tables and JSON; ok is false for other values.
func appendInteger(buf []byte, v any) (out []byte, ok bool) {
	switch v := v.(type) {
	case bool:
		return strconv.AppendBool(buf, v), true
	case int64:
		return strconv.AppendInt(buf, v, 10), true
	case uint64:
		return strconv.AppendUint(buf, v, 10), true
	case *big.Int:
		return v.Append(buf, 10), true
	}
	return buf, false
}

// appendText appends the text form of a non-NULL value, as CSV and table
// cells show it. Scalars follow DuckDB's own text forms (so CSV files read
// back the same way), except times, which are RFC 3339 in UTC with
// milliseconds; nested values are compact JSON.
func appendText(buf []byte, v any, t *result.Type) []byte {
	if t.Kind() == "JSON" {
		return appendJSON(buf, v, t)
	}
	if out, ok := appendInteger(buf, v); ok {
		return out
	}
	switch v := v.(type) {
	case float64:
		return appendFloatText(buf, v, floatBits(t))
	case string:
		return append(buf, v...)
	case []byte:
		return appendBlobText(buf, v)
	case time.Time:
		return appendTime(buf, v, t)
	case result.Decimal:
		return v.Append(buf)
	case result.Interval:
		return v.Append(buf)
	case result.Union:
		if v.Value == nil {
			return buf
		}
		return appendText(buf, v.Value, t.Member(v.Tag))
	case result.Struct, result.Map, []any:
		return appendJSON(buf, v, t)
	}
	return fmt.Append(buf, v)
}

// floatBits is the precision of a floating-point value of type t: a FLOAT
// is shown with the digits that tell it from other float32 values, not
// with those of the float64 it arrives as.
func floatBits(t *result.Type) int {
	if t.Kind() == "FLOAT" {
		return 32
	}
	return 64
}

// appendFloatText formats like DuckDB (and Python's repr): the shortest
// digits that round-trip, plain notation with at least one decimal for
// exponents in [-4, 16), scientific otherwise; nan, inf and -inf spelled out.
func appendFloatText(buf []byte, f float64, bitSize int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "nan"...)
	case math.IsInf(f, 1):
		return append(buf, "inf"...)
	case math.IsInf(f, -1):
		return append(buf, "-inf"...)
	}
	if exp := decimalExponent(f, bitSize); exp < -4 || exp >= 16 {
		return strconv.AppendFloat(buf, f, 'e', -1, bitSize)
	}
	start := len(buf)
	buf = strconv.AppendFloat(buf, f, 'f', -1, bitSize)
	if bytes.IndexByte(buf[start:], '.') < 0 {
		buf = append(buf, ".0"...)
	}
	return buf
}

// decimalExponent is the exponent of f in shortest scientific notation.
func decimalExponent(f float64, bitSize int) int {
	var scratch [32]byte
	s := strconv.AppendFloat(scratch[:0], f, 'e', -1, bitSize)
	exp, _ := strconv.Atoi(string(s[bytes.IndexByte(s, 'e')+1:]))
	return exp
}

func appendTwoDigits(buf []byte, n int) []byte {
	return append(buf, byte('0'+n/10), byte('0'+n%10))
}

const hexDigits = "0123456789ABCDEF"

// appendBlobText writes DuckDB's blob text: printable ASCII as is, other
// bytes and the quote and backslash characters as \xHH.
func appendBlobText(buf []byte, b []byte) []byte {
	for _, c := range b {
		if c >= 0x20 && c <= 0x7e && c != '\\' && c != '\'' && c != '"' {
			buf = append(buf, c)
			continue
		}
		buf = append(buf, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
	}
	return buf
}

// Time layouts: every time is shown in UTC with milliseconds, the precision
// of OCSF times, so values from different sources line up.
const (
	timestampLayout = "2006-01-02T15:04:05.000Z07:00"
	dateLayout      = "2006-01-02"
	timeLayout      = "15:04:05.000"
	timeTZLayout    = "15:04:05.000Z07:00"
)

func appendTime(buf []byte, ts time.Time, t *result.Type) []byte {
	switch t.Kind() {
	case "DATE":
		return ts.AppendFormat(buf, dateLayout)
	case "TIME":
		return ts.AppendFormat(buf, timeLayout)
	case "TIMETZ":
		// A time of day has no date to convert to UTC with, so the offset stays.
		return ts.AppendFormat(buf, timeTZLayout)
	}
	return appendTimestamp(buf, ts.UTC())
}

// appendTimestamp writes timestampLayout for a UTC time without parsing
// the layout on every call, which made up a fair share of CSV time.
func appendTimestamp(buf []byte, ts time.Time) []byte {
	year, month, day := ts.Date()
	if year < 0 || year > 9999 {
		return ts.AppendFormat(buf, timestampLayout)
	}
	hour, minute, second := ts.Clock()
	buf = appendTwoDigits(buf, year/100)
	buf = appendTwoDigits(buf, year%100)
	buf = appendTwoDigits(append(buf, '-'), int(month))
	buf = appendTwoDigits(append(buf, '-'), day)
	buf = appendTwoDigits(append(buf, 'T'), hour)
	buf = appendTwoDigits(append(buf, ':'), minute)
	buf = appendTwoDigits(append(buf, ':'), second)
	millis := ts.Nanosecond() / 1e6
	return append(buf, '.', byte('0'+millis/100), byte('0'+millis/10%10), byte('0'+millis%10), 'Z')
}
