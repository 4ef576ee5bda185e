package output

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"
)

// appendInteger appends booleans and integers of every width, whose text
// is the same in CSV, tables and JSON; ok is false for other values.
func appendInteger(buf []byte, v any) (out []byte, ok bool) {
	switch v := v.(type) {
	case bool:
		return strconv.AppendBool(buf, v), true
	case int8:
		return strconv.AppendInt(buf, int64(v), 10), true
	case int16:
		return strconv.AppendInt(buf, int64(v), 10), true
	case int32:
		return strconv.AppendInt(buf, int64(v), 10), true
	case int64:
		return strconv.AppendInt(buf, v, 10), true
	case int:
		return strconv.AppendInt(buf, int64(v), 10), true
	case uint8:
		return strconv.AppendUint(buf, uint64(v), 10), true
	case uint16:
		return strconv.AppendUint(buf, uint64(v), 10), true
	case uint32:
		return strconv.AppendUint(buf, uint64(v), 10), true
	case uint64:
		return strconv.AppendUint(buf, v, 10), true
	case uint:
		return strconv.AppendUint(buf, uint64(v), 10), true
	case *big.Int:
		return v.Append(buf, 10), true
	}
	return buf, false
}

// appendText appends the text form of a non-NULL value, as CSV and table
// cells show it. Scalars follow DuckDB's own text forms (so CSV files read
// back the same way), except times, which are RFC 3339 in UTC with
// milliseconds; nested values are compact JSON.
func appendText(buf []byte, v any, t *columnType) []byte {
	if t.kind() == "JSON" {
		return appendJSON(buf, v, t)
	}
	if out, ok := appendInteger(buf, v); ok {
		return out
	}
	switch v := v.(type) {
	case float32:
		return appendFloatText(buf, float64(v), 32)
	case float64:
		return appendFloatText(buf, v, 64)
	case string:
		return append(buf, v...)
	case []byte:
		if t.kind() == "UUID" && len(v) == 16 {
			return appendUUID(buf, v)
		}
		return appendBlobText(buf, v)
	case time.Time:
		return appendTime(buf, v, t)
	case map[string]any, []any:
		return appendJSON(buf, v, t)
	}
	switch d := driverValue(v).(type) {
	case decimalValue:
		return appendDecimal(buf, d)
	case intervalValue:
		return appendInterval(buf, d)
	case unionValue:
		if d.Value == nil {
			return buf
		}
		return appendText(buf, d.Value, t.member(d.Tag))
	case orderedMap:
		return appendJSON(buf, v, t)
	}
	return fmt.Append(buf, v)
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

// appendDecimal keeps the declared scale, as DuckDB does: DECIMAL(3,2) 1.5
// is 1.50.
func appendDecimal(buf []byte, d decimalValue) []byte {
	var scratch [24]byte
	var digits []byte
	if d.Value.IsInt64() {
		n := d.Value.Int64()
		magnitude := uint64(n)
		if n < 0 {
			magnitude = -magnitude
		}
		digits = strconv.AppendUint(scratch[:0], magnitude, 10)
	} else {
		digits = new(big.Int).Abs(d.Value).Append(scratch[:0], 10)
	}
	if d.Value.Sign() < 0 {
		buf = append(buf, '-')
	}
	scale := int(d.Scale)
	if scale == 0 {
		return append(buf, digits...)
	}
	if len(digits) <= scale {
		buf = append(buf, '0', '.')
		for range scale - len(digits) {
			buf = append(buf, '0')
		}
		return append(buf, digits...)
	}
	buf = append(buf, digits[:len(digits)-scale]...)
	buf = append(buf, '.')
	return append(buf, digits[len(digits)-scale:]...)
}

// appendInterval writes DuckDB's interval text: "1 year 2 months 3 days
// 04:05:06.789", "00:00:00" when empty.
func appendInterval(buf []byte, iv intervalValue) []byte {
	start := len(buf)
	unit := func(n int64, singular, plural string) {
		if n == 0 {
			return
		}
		if len(buf) > start {
			buf = append(buf, ' ')
		}
		buf = strconv.AppendInt(buf, n, 10)
		if n == 1 || n == -1 {
			buf = append(buf, singular...)
		} else {
			buf = append(buf, plural...)
		}
	}
	unit(int64(iv.Months/12), " year", " years")
	unit(int64(iv.Months%12), " month", " months")
	unit(int64(iv.Days), " day", " days")
	if iv.Micros == 0 {
		if len(buf) == start {
			buf = append(buf, "00:00:00"...)
		}
		return buf
	}
	if len(buf) > start {
		buf = append(buf, ' ')
	}
	micros := uint64(iv.Micros)
	if iv.Micros < 0 {
		buf = append(buf, '-')
		micros = -micros
	}
	hours := micros / uint64(time.Hour/time.Microsecond)
	if hours < 10 {
		buf = append(buf, '0')
	}
	buf = strconv.AppendUint(buf, hours, 10)
	buf = appendTwoDigits(append(buf, ':'), int(micros/60e6%60))
	buf = appendTwoDigits(append(buf, ':'), int(micros/1e6%60))
	if frac := micros % 1e6; frac != 0 {
		var digits [6]byte
		for i := 5; i >= 0; i-- {
			digits[i] = byte('0' + frac%10)
			frac /= 10
		}
		buf = append(buf, '.')
		buf = append(buf, bytes.TrimRight(digits[:], "0")...)
	}
	return buf
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

func appendUUID(buf []byte, u []byte) []byte {
	const lower = "0123456789abcdef"
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf = append(buf, '-')
		}
		buf = append(buf, lower[c>>4], lower[c&0xf])
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

func appendTime(buf []byte, ts time.Time, t *columnType) []byte {
	switch t.kind() {
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
