package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/lakehunt/lakehunt/storage/jsontext"
)

// maxRecordBytes bounds the memory one record may hold; a larger record is reported as bad.
var maxRecordBytes = 64 << 20

// maxNesting matches encoding/json's depth limit, so every record passed on can be decoded by it.
const maxNesting = 10000

const defaultReadBufferSize = 128 << 10

var errRecordTooLarge = errors.New("record too large")

// jsonReader checks JSON text as it streams through a sliding buffer, without building values. The
// buffer holds at least the bytes from keep (the record being read) on, so that a complete record can be
// handed out as one slice; when that would pass maxRecordBytes the reader lets go of the record, goes
// on checking it, and remembers that it overflowed.
//
// Strings are checked for UTF-8: an invalid byte inside a string does not stop the reader (the JSON
// structure is intact) but marks the record, and the decoder rejects it. encoding/json would silently
// turn such bytes into U+FFFD; a forensic record should hold what the log holds, or be reported.
type jsonReader struct {
	r    io.Reader // nil when reading from memory
	buf  []byte
	pos  int   // next byte to read
	end  int   // end of the buffered input
	keep int   // start of the bytes to keep buffered, or -1
	base int64 // input offset of buf[0]
	rerr error // first error from r; io.EOF at the end of the input

	overflow bool  // the record started at keep grew past maxRecordBytes and was let go
	badUTF8  int64 // input offset of the first invalid UTF-8 byte inside a string of the record, or -1
	stack    []byte

	// Newlines in valid JSON only occur between tokens, so counting those skipSpace passes tells
	// whether a record spans lines, even after its bytes were let go.
	newlines       int64
	recordNewlines int64 // newlines before the current record
	lineHead       int64 // input offset of the last token found first on its line by skipSpace
}

func newJSONReader(r io.Reader, bufferSize int) *jsonReader {
	return &jsonReader{r: r, buf: make([]byte, bufferSize), keep: -1, badUTF8: -1}
}

// reset makes s read data from memory.
func (s *jsonReader) reset(data []byte) {
	*s = jsonReader{buf: data, end: len(data), keep: -1, rerr: io.EOF, badUTF8: -1, stack: s.stack[:0]}
}

// syntaxError is broken JSON; truncated says the input ended inside a value, a fault of the whole
// input rather than of one record.
type syntaxError struct {
	offset    int64
	msg       string
	truncated bool
}

func (e *syntaxError) Error() string { return fmt.Sprintf("%s at byte %d", e.msg, e.offset) }

// readError is a failure of the underlying reader, such as a truncated gzip stream.
type readError struct {
	offset int64
	err    error
}

func (e *readError) Error() string {
	return fmt.Sprintf("cannot read input after byte %d: %v", e.offset, e.err)
}

func (e *readError) Unwrap() error { return e.err }

// inputFault reports whether err is the input's fault (unreadable or cut short) rather than one record's.
func inputFault(err error) bool {
	var se *syntaxError
	return !errors.As(err, &se) || se.truncated
}

func (s *jsonReader) offset() int64 { return s.base + int64(s.pos) }

func (s *jsonReader) syntaxErrorf(format string, args ...any) error {
	return &syntaxError{offset: s.offset(), msg: fmt.Sprintf(format, args...)}
}

// endError describes why the input stopped inside a value.
func (s *jsonReader) endError() error {
	if s.rerr == io.EOF {
		return &syntaxError{offset: s.offset(), msg: "unexpected end of input", truncated: true}
	}
	return &readError{offset: s.offset(), err: s.rerr}
}

// fill reads more input after s.end, keeping the bytes from keep (or pos) on. It reports false when no
// byte was added (s.rerr says why).
func (s *jsonReader) fill() bool {
	if s.rerr != nil {
		return false
	}
	from := s.pos
	if s.keep >= 0 {
		from = s.keep
		// Callers fill only when fewer than 6 bytes are left after pos, so the kept bytes, and the
		// buffer, stay within a few bytes of the limit.
		if s.pos-s.keep > maxRecordBytes {
			s.overflow = true
			s.keep = -1
			from = s.pos
		}
	}
	if from > 0 {
		copy(s.buf, s.buf[from:s.end])
		s.base += int64(from)
		s.pos -= from
		s.end -= from
		if s.keep >= 0 {
			s.keep -= from
		}
	}
	if s.end == len(s.buf) {
		grown := make([]byte, 2*len(s.buf))
		copy(grown, s.buf[:s.end])
		s.buf = grown
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.rerr = io.ErrNoProgress
	return false
}

// ensure tries to buffer n bytes from pos on and reports whether it could.
func (s *jsonReader) ensure(n int) bool {
	for s.end-s.pos < n {
		if !s.fill() {
			return false
		}
	}
	return true
}

// skipSpace moves past whitespace and reports whether a byte follows.
func (s *jsonReader) skipSpace() bool {
	newline := false
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case ' ', '\t', '\r':
				s.pos++
			case '\n':
				s.newlines++
				newline = true
				s.pos++
			default:
				if newline {
					s.lineHead = s.offset()
				}
				return true
			}
		}
		if !s.fill() {
			return false
		}
	}
}

// nonSpace returns the next byte after whitespace, without consuming it; the input must not end here.
func (s *jsonReader) nonSpace() (byte, error) {
	if !s.skipSpace() {
		return 0, s.endError()
	}
	return s.buf[s.pos], nil
}

// beginRecord starts keeping the bytes of a record that starts at pos.
func (s *jsonReader) beginRecord() {
	s.keep = s.pos
	s.overflow = false
	s.badUTF8 = -1
	s.recordNewlines = s.newlines
}

// endRecord returns the record's bytes up to the input offset end, valid until the next read, and why
// the record is bad if it is.
func (s *jsonReader) endRecord(end int64) ([]byte, error) {
	defer func() { s.keep = -1 }()
	stop := int(end - s.base)
	if s.overflow || stop-s.keep > maxRecordBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", errRecordTooLarge, maxRecordBytes)
	}
	data := s.buf[s.keep:stop]
	if s.badUTF8 >= 0 {
		return data, fmt.Errorf("invalid UTF-8 in a string at byte %d", s.badUTF8)
	}
	return data, nil
}

// spansLines reports whether the current record so far covers more than one line.
func (s *jsonReader) spansLines() bool { return s.newlines > s.recordNewlines }

// skipLine moves past the next newline, or to the end of the input.
func (s *jsonReader) skipLine() error {
	s.keep = -1
	for {
		if i := bytes.IndexByte(s.buf[s.pos:s.end], '\n'); i >= 0 {
			s.pos += i + 1
			return nil
		}
		s.pos = s.end
		if !s.fill() {
			if s.rerr == io.EOF {
				return nil
			}
			return s.endError()
		}
	}
}

// lineEnd moves past blanks and the newline that end a line, and reports false (at the first other
// byte) if something else follows on the line. With buffered set it reads no more input, and decided
// is false if the buffer ran out first.
func (s *jsonReader) lineEnd(buffered bool) (decided, ok bool) {
	for s.pos < s.end || !buffered && s.fill() {
		switch s.buf[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.pos++
			return true, true
		default:
			return true, false
		}
	}
	return !buffered, true
}

// skipValue checks one JSON value starting at the next non-space byte and moves past it; depth is the
// number of containers around the value within its record.
func (s *jsonReader) skipValue(depth int) error {
	s.stack = s.stack[:0]
value:
	for {
		c, err := s.nonSpace()
		if err != nil {
			return err
		}
		switch {
		case c == '{' || c == '[':
			if depth+len(s.stack) == maxNesting {
				return s.syntaxErrorf("nesting deeper than %d levels", maxNesting)
			}
			s.pos++
			closing := byte('}')
			if c == '[' {
				closing = ']'
			}
			next, err := s.nonSpace()
			if err != nil {
				return err
			}
			if next == closing {
				s.pos++
				break
			}
			s.stack = append(s.stack, c)
			if c == '{' {
				if err := s.memberKey(); err != nil {
					return err
				}
			}
			continue value
		case c == '"':
			if err := s.skipString(); err != nil {
				return err
			}
		case c == 't':
			if err := s.literal("true"); err != nil {
				return err
			}
		case c == 'f':
			if err := s.literal("false"); err != nil {
				return err
			}
		case c == 'n':
			if err := s.literal("null"); err != nil {
				return err
			}
		case c == '-' || '0' <= c && c <= '9':
			if err := s.number(); err != nil {
				return err
			}
		default:
			return s.syntaxErrorf("invalid character %s looking for a value", quoteByte(c))
		}
		// A value ended: close the containers it ends, up to the next member or element.
		for len(s.stack) > 0 {
			c, err := s.nonSpace()
			if err != nil {
				return err
			}
			top := s.stack[len(s.stack)-1]
			switch {
			case c == ',':
				s.pos++
				if top == '{' {
					if err := s.memberKey(); err != nil {
						return err
					}
				}
				continue value
			case top == '{' && c == '}', top == '[' && c == ']':
				s.pos++
				s.stack = s.stack[:len(s.stack)-1]
			case top == '{':
				return s.syntaxErrorf("invalid character %s after object member, expected ',' or '}'", quoteByte(c))
			default:
				return s.syntaxErrorf("invalid character %s after array element, expected ',' or ']'", quoteByte(c))
			}
		}
		return nil
	}
}

// memberKey moves past an object key and its colon.
func (s *jsonReader) memberKey() error {
	c, err := s.nonSpace()
	if err != nil {
		return err
	}
	if c != '"' {
		return s.syntaxErrorf("invalid character %s looking for an object key", quoteByte(c))
	}
	if err := s.skipString(); err != nil {
		return err
	}
	return s.colon()
}

func (s *jsonReader) colon() error {
	c, err := s.nonSpace()
	if err != nil {
		return err
	}
	if c != ':' {
		return s.syntaxErrorf("invalid character %s after object key, expected ':'", quoteByte(c))
	}
	s.pos++
	return nil
}

// stringStop marks the bytes that end the fast scan through a string.
var stringStop = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf
	}
	return t
}()

// skipString moves past the string that starts at pos.
func (s *jsonReader) skipString() error {
	s.pos++
	for {
		buf := s.buf[:s.end]
		i := s.pos
		for i+8 <= len(buf) && plainASCII8(binary.LittleEndian.Uint64(buf[i:])) {
			i += 8
		}
		for i < len(buf) && !stringStop[buf[i]] {
			i++
		}
		s.pos = i
		if i == len(buf) {
			if !s.fill() {
				return s.endError()
			}
			continue
		}
		switch c := buf[i]; {
		case c == '"':
			s.pos++
			return nil
		case c == '\\':
			if err := s.skipEscape(); err != nil {
				return err
			}
		case c < 0x20:
			return s.syntaxErrorf("invalid control character %#02x in string", c)
		default:
			s.skipRune()
		}
	}
}

// plainASCII8 reports whether none of the 8 bytes in v is a stringStop byte, using the carry tricks
// that tell whether a word holds a byte below a bound; each test is exact about "some byte", which is
// all the fast path needs.
func plainASCII8(v uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, backslash := v^('"'*ones), v^('\\'*ones) // a zero byte where v has '"' or '\\'
	found := (v - 0x20*ones) & ^v                   // a byte below 0x20, when no byte has its high bit set
	found |= (quote - ones) & ^quote
	found |= (backslash - ones) & ^backslash
	return (v|found)&highs == 0
}

func (s *jsonReader) skipEscape() error {
	if !s.ensure(2) {
		return s.endError()
	}
	switch c := s.buf[s.pos+1]; c {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos += 2
		return nil
	case 'u':
		if !s.ensure(6) {
			return s.endError()
		}
		for _, h := range s.buf[s.pos+2 : s.pos+6] {
			if jsontext.HexValue(h) < 0 {
				return s.syntaxErrorf("invalid character %s in \\u escape", quoteByte(h))
			}
		}
		s.pos += 6
		return nil
	default:
		return s.syntaxErrorf("invalid escape \\%s in string", quoteByte(c))
	}
}

// skipRune moves past a multi-byte UTF-8 sequence, or past one invalid byte, marking the record.
func (s *jsonReader) skipRune() {
	s.ensure(utf8.UTFMax) // near the end of the input fewer bytes are fine
	r, size := utf8.DecodeRune(s.buf[s.pos:s.end])
	if r == utf8.RuneError && size == 1 && s.badUTF8 < 0 {
		s.badUTF8 = s.offset()
	}
	s.pos += size
}

func (s *jsonReader) literal(word string) error {
	available := s.ensure(len(word))
	got := s.buf[s.pos:min(s.end, s.pos+len(word))]
	for i := range got {
		if got[i] != word[i] {
			s.pos += i
			return s.syntaxErrorf("invalid character %s in literal %s", quoteByte(got[i]), word)
		}
	}
	if !available {
		s.pos = s.end
		return s.endError()
	}
	s.pos += len(word)
	return nil
}

// peekByte returns the byte at pos, reading more input if needed.
func (s *jsonReader) peekByte() (byte, bool) {
	if s.pos < s.end || s.fill() {
		return s.buf[s.pos], true
	}
	return 0, false
}

// number moves past a number; what follows it is checked by the caller.
func (s *jsonReader) number() error {
	if c, _ := s.peekByte(); c == '-' {
		s.pos++
	}
	c, ok := s.peekByte()
	switch {
	case !ok:
		return s.endError()
	case c == '0':
		s.pos++
	case '1' <= c && c <= '9':
		s.skipDigits()
	default:
		return s.syntaxErrorf("invalid character %s in number", quoteByte(c))
	}
	if c, ok := s.peekByte(); ok && c == '.' {
		s.pos++
		if err := s.requireDigits(); err != nil {
			return err
		}
	}
	if c, ok := s.peekByte(); ok && (c == 'e' || c == 'E') {
		s.pos++
		if c, ok := s.peekByte(); ok && (c == '+' || c == '-') {
			s.pos++
		}
		if err := s.requireDigits(); err != nil {
			return err
		}
	}
	return nil
}

func (s *jsonReader) requireDigits() error {
	c, ok := s.peekByte()
	if !ok {
		return s.endError()
	}
	if c < '0' || c > '9' {
		return s.syntaxErrorf("invalid character %s in number, expected a digit", quoteByte(c))
	}
	s.skipDigits()
	return nil
}

func (s *jsonReader) skipDigits() {
	for {
		c, ok := s.peekByte()
		if !ok || c < '0' || c > '9' {
			return
		}
		s.pos++
	}
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return fmt.Sprintf("%q", rune(c))
	}
	return fmt.Sprintf("%#02x", c)
}
