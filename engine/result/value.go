package result

import (
	"bytes"
	"math/big"
	"strconv"
	"time"
)

// Decimal is a DECIMAL value: Value scaled down by Scale decimal places.
type Decimal struct {
	Width uint8
	Scale uint8
	Value *big.Int
}

// Append appends the decimal with its declared scale, as DuckDB writes it:
// DECIMAL(3,2) 1.5 is 1.50.
func (d Decimal) Append(buf []byte) []byte {
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

func (d Decimal) String() string { return string(d.Append(nil)) }

// Interval is an INTERVAL value; its parts keep their own signs, as in
// DuckDB.
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

// Append appends DuckDB's interval text: "1 year 2 months 3 days
// 04:05:06.789", "00:00:00" when empty.
func (iv Interval) Append(buf []byte) []byte {
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
	buf = appendTwoDigits(append(buf, ':'), micros/60e6%60)
	buf = appendTwoDigits(append(buf, ':'), micros/1e6%60)
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

func (iv Interval) String() string { return string(iv.Append(nil)) }

func appendTwoDigits(buf []byte, n uint64) []byte {
	return append(buf, byte('0'+n/10), byte('0'+n%10))
}

// Struct is a STRUCT value, its fields in declaration order, or a JSON
// object, its keys sorted.
type Struct []Field

// Get is the value of the field named name, or nil when there is none.
func (s Struct) Get(name string) any {
	for _, f := range s {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

// Field is one field of a Struct.
type Field struct {
	Name  string
	Value any
}

// Map is a MAP value, its entries in the map's order.
type Map []MapEntry

// MapEntry is one key and its value in a Map.
type MapEntry struct {
	Key, Value any
}

// Union is a UNION value: the member Tag holds Value.
type Union struct {
	Tag   string
	Value any
}
