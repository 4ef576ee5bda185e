package output

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/lakehunt/lakehunt/engine/result"
)

// appendJSON appends v as a JSON value. Numbers stay numbers (HUGEINT and
// DECIMAL with all their digits), NaN and infinities become null, BLOBs
// base64, UUIDs, times and intervals strings, STRUCTs objects in field order,
// MAPs objects with their keys as text, in map order.
func appendJSON(buf []byte, v any, t *result.Type) []byte {
	if out, ok := appendInteger(buf, v); ok {
		return out
	}
	switch v := v.(type) {
	case nil:
		return append(buf, "null"...)
	case float64:
		return appendJSONFloat(buf, v, floatBits(t))
	case string:
		return appendJSONString(buf, v)
	case []byte:
		buf = append(buf, '"')
		buf = base64.StdEncoding.AppendEncode(buf, v)
		return append(buf, '"')
	case time.Time:
		buf = append(buf, '"')
		return append(appendTime(buf, v, t), '"')
	case result.Decimal:
		return v.Append(buf)
	case result.Interval:
		buf = append(buf, '"')
		return append(v.Append(buf), '"')
	case result.Struct:
		return appendJSONObject(buf, v, t)
	case result.Map:
		return appendJSONMap(buf, v, t)
	case result.Union:
		return appendJSON(buf, v.Value, t.Member(v.Tag))
	case []any:
		buf = append(buf, '[')
		for i, elem := range v {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSON(buf, elem, t.Elem())
		}
		return append(buf, ']')
	}
	return appendJSONString(buf, fmt.Sprint(v))
}

// appendJSONObject writes a STRUCT, or a JSON object, in its order.
func appendJSONObject(buf []byte, s result.Struct, t *result.Type) []byte {
	buf = append(buf, '{')
	for i, f := range s {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, f.Name)
		buf = append(buf, ':')
		buf = appendJSON(buf, f.Value, t.Member(f.Name))
	}
	return append(buf, '}')
}

// appendJSONMap writes a MAP as an object keyed by the keys' text forms.
func appendJSONMap(buf []byte, m result.Map, t *result.Type) []byte {
	buf = append(buf, '{')
	var key []byte
	for i, e := range m {
		if i > 0 {
			buf = append(buf, ',')
		}
		key = key[:0]
		if e.Key != nil {
			key = appendText(key, e.Key, t.MapKey())
		}
		buf = appendJSONString(buf, string(key))
		buf = append(buf, ':')
		buf = appendJSON(buf, e.Value, t.MapValue())
	}
	return append(buf, '}')
}

// appendJSONFloat formats numbers like JavaScript (and encoding/json):
// plain notation for magnitudes in [1e-6, 1e21), scientific otherwise.
func appendJSONFloat(buf []byte, f float64, bitSize int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(buf, "null"...)
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		start := len(buf)
		buf = strconv.AppendFloat(buf, f, 'e', -1, bitSize)
		// Go writes e-07; JSON allows it, JavaScript writes e-7.
		if n := len(buf); n-start >= 4 && buf[n-4] == 'e' && buf[n-3] == '-' && buf[n-2] == '0' {
			buf[n-2] = buf[n-1]
			buf = buf[:n-1]
		}
		return buf
	}
	return strconv.AppendFloat(buf, f, 'f', -1, bitSize)
}

// appendJSONString quotes s. Invalid UTF-8 becomes U+FFFD, as with
// encoding/json; HTML characters are not escaped since the output is not
// meant for embedding in HTML; U+2028 and U+2029 are, so the output is
// also valid JavaScript.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
