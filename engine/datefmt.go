package engine

import (
	"fmt"
	"strings"
)

// mysqlSpecifiers maps Trino's date_format/date_parse specifiers (MySQL's)
// to DuckDB's strftime/strptime ones. Trino rejects %D %U %u %V %w %X, and
// so does lakehunt.
var mysqlSpecifiers = map[byte]string{
	'a': "%a",          // abbreviated weekday
	'b': "%b",          // abbreviated month
	'c': "%-m",         // month 1..12
	'd': "%d",          // day 01..31
	'e': "%-d",         // day 1..31
	'f': "%f",          // microseconds
	'H': "%H",          // hour 00..23
	'h': "%I",          // hour 01..12
	'I': "%I",          // hour 01..12
	'i': "%M",          // minutes 00..59
	'j': "%j",          // day of year 001..366
	'k': "%-H",         // hour 0..23
	'l': "%-I",         // hour 1..12
	'M': "%B",          // month name
	'm': "%m",          // month 01..12
	'p': "%p",          // AM or PM
	'r': "%I:%M:%S %p", // 12-hour time
	'S': "%S",          // seconds 00..59
	's': "%S",          // seconds 00..59
	'T': "%H:%M:%S",    // 24-hour time
	'v': "%V",          // ISO week 01..53
	'W': "%A",          // weekday name
	'x': "%G",          // ISO week-based year
	'Y': "%Y",          // year, four digits
	'y': "%y",          // year, two digits
	'%': "%%",
}

// mysqlToStrftime converts a MySQL-style format. Parsing (date_parse)
// accepts one-or-two-digit fields with the padded specifiers, so the
// unpadded ones map to them.
func mysqlToStrftime(format string, parse bool) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(format) {
			b.WriteString("%%")
			break
		}
		i++
		spec := format[i]
		if strings.IndexByte("DUuVwX", spec) >= 0 {
			return "", fmt.Errorf("the %%%c specifier is not supported (Trino rejects it too)", spec)
		}
		duck, ok := mysqlSpecifiers[spec]
		switch {
		case !ok:
			duck = string(spec) // MySQL: "%x is x for any x not listed"
		case parse:
			duck = strings.ReplaceAll(duck, "%-", "%")
		}
		b.WriteString(duck)
	}
	return b.String(), nil
}
