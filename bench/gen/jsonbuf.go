package gen

import (
	"strconv"
	"time"
)

// The generator writes JSON by appending bytes: encoding/json's reflection
// would cap it far below the throughput that ingest benchmarks need to
// feed. Keys are trusted constants; values go through appendString.

// appendString writes s as a JSON string, escaping what JSON requires.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// obj is a JSON object under construction: field adds the separator, so
// callers write members in any order without tracking commas.
type obj struct {
	b     []byte
	first bool
}

func openObj(b []byte) obj { return obj{b: append(b, '{'), first: true} }

func (o *obj) key(k string) {
	if !o.first {
		o.b = append(o.b, ',')
	}
	o.first = false
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
}

func (o *obj) str(k, v string) {
	o.key(k)
	o.b = appendString(o.b, v)
}

func (o *obj) int(k string, v int64) {
	o.key(k)
	o.b = strconv.AppendInt(o.b, v, 10)
}

func (o *obj) bool(k string, v bool) {
	o.key(k)
	o.b = strconv.AppendBool(o.b, v)
}

func (o *obj) null(k string) {
	o.key(k)
	o.b = append(o.b, "null"...)
}

// raw writes a value that is already JSON.
func (o *obj) raw(k string, v []byte) {
	o.key(k)
	o.b = append(o.b, v...)
}

// child opens a nested object under k; close it before using o again.
func (o *obj) child(k string) obj {
	o.key(k)
	return openObj(o.b)
}

// end closes o and returns the buffer.
func (o *obj) end() []byte { return append(o.b, '}') }

// adopt takes back the buffer of a closed child.
func (o *obj) adopt(c obj) { o.b = c.end() }

// time writes t as a quoted eventTime-style string.
func (o *obj) time(k string, t time.Time) {
	o.key(k)
	o.b = append(o.b, '"')
	o.b = appendTimeZ(o.b, t)
	o.b = append(o.b, '"')
}

// uuid writes a random UUID string.
func (o *obj) uuid(k string, r *rng) {
	o.key(k)
	o.b = append(o.b, '"')
	o.b = r.appendUUID(o.b)
	o.b = append(o.b, '"')
}

// appendTimeZ writes t as CloudTrail's eventTime: UTC, seconds, "Z".
func appendTimeZ(b []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = appendDigits(b, y, 4)
	b = append(b, '-')
	b = appendDigits(b, int(mo), 2)
	b = append(b, '-')
	b = appendDigits(b, d, 2)
	b = append(b, 'T')
	b = appendDigits(b, h, 2)
	b = append(b, ':')
	b = appendDigits(b, mi, 2)
	b = append(b, ':')
	b = appendDigits(b, s, 2)
	return append(b, 'Z')
}

func appendDigits(b []byte, v, width int) []byte {
	var buf [8]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, buf[:width]...)
}
