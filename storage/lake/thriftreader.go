package lake

import "fmt"

// thriftReader reads Thrift's compact protocol, the encoding of Parquet
// footers and bloom filter headers, field by field: a caller decodes the
// fields it needs and skips the others without building them. parquet-go
// decodes through reflection, and even told to keep a few fields it steps
// through the others that way: BenchmarkDecodeBloomFooter, on the footer of
// a flow file of 37 row groups, 1.07 ms against 1.46 ms for parquet-go
// decoding the same fields and 3.09 ms for the whole footer (2-core Intel
// Xeon). parquet-go's thrift.Reader has the primitives but not the
// skipping, which is most of the work here.
//
// The first error sticks: later reads return zero values, and err tells
// what went wrong.
type thriftReader struct {
	b   []byte
	pos int
	err error
}

// Compact protocol types (Thrift's compact protocol specification).
const (
	thriftTrue   = 1
	thriftFalse  = 2
	thriftByte   = 3
	thriftI16    = 4
	thriftI32    = 5
	thriftI64    = 6
	thriftDouble = 7
	thriftBinary = 8
	thriftList   = 9
	thriftSet    = 10
	thriftMap    = 11
	thriftStruct = 12
	thriftUUID   = 13
)

// maxThriftDepth bounds the nesting skip follows: a Parquet footer nests
// five deep, and a corrupt one must not exhaust the stack.
const maxThriftDepth = 32

func (r *thriftReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("at byte %d: %s", r.pos, fmt.Sprintf(format, args...))
	}
}

func (r *thriftReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.pos >= len(r.b) {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[r.pos]
	r.pos++
	return c
}

func (r *thriftReader) uvarint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.fail("varint longer than 64 bits")
	return 0
}

// varint reads a zigzag-encoded integer: i16, i32 and i64 alike.
func (r *thriftReader) varint() int64 {
	v := r.uvarint()
	return int64(v>>1) ^ -int64(v&1)
}

// binary reads a string or byte array; it aliases the reader's bytes.
func (r *thriftReader) binary() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.pos) {
		r.fail("binary of %d bytes past the end", n)
		return nil
	}
	b := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return b
}

// fixed steps over a value of n bytes.
func (r *thriftReader) fixed(n int) {
	if r.err == nil && len(r.b)-r.pos < n {
		r.fail("%d bytes past the end", n)
		return
	}
	if r.err == nil {
		r.pos += n
	}
}

// field reads a struct's next field header, given the id of the one
// before; stop is true at the struct's end.
func (r *thriftReader) field(last int16) (id int16, typ byte, stop bool) {
	c := r.byte()
	if r.err != nil || c == 0 {
		return 0, 0, true
	}
	typ = c & 0x0f
	if delta := int16(c >> 4); delta != 0 {
		return last + delta, typ, false
	}
	return int16(r.varint()), typ, false
}

// list reads a list or set header: its elements' type and count. Every
// element takes a byte at least, so a count past the bytes left is an
// error, not a long loop.
func (r *thriftReader) list() (elem byte, n int) {
	c := r.byte()
	elem, size := c&0x0f, uint64(c>>4)
	if size == 15 {
		size = r.uvarint()
	}
	if r.err != nil {
		return 0, 0
	}
	if size > uint64(len(r.b)-r.pos) {
		r.fail("list of %d elements past the end", size)
		return 0, 0
	}
	return elem, int(size)
}

// listOf reads the header of a list whose elements should be of type
// elem and returns its count, failing the read when they are not.
func (r *thriftReader) listOf(elem byte) int {
	got, n := r.list()
	if r.err == nil && n > 0 && got != elem {
		r.fail("list of type %d, not %d", got, elem)
		return 0
	}
	return n
}

// skip steps over a value of type typ. A boolean field holds its value in
// its type and takes no bytes; in a list it takes one (inList).
func (r *thriftReader) skip(typ byte, inList bool, depth int) {
	if depth > maxThriftDepth {
		r.fail("nested deeper than %d", maxThriftDepth)
		return
	}
	switch typ {
	case thriftTrue, thriftFalse:
		if inList {
			r.byte()
		}
	case thriftByte:
		r.byte()
	case thriftI16, thriftI32, thriftI64:
		r.uvarint()
	case thriftDouble:
		r.fixed(8)
	case thriftUUID:
		r.fixed(16)
	case thriftBinary:
		r.binary()
	case thriftList, thriftSet:
		elem, n := r.list()
		for i := 0; i < n && r.err == nil; i++ {
			r.skip(elem, true, depth+1)
		}
	case thriftMap:
		n := r.uvarint()
		if n == 0 || r.err != nil {
			return
		}
		if n > uint64(len(r.b)-r.pos) {
			r.fail("map of %d entries past the end", n)
			return
		}
		kv := r.byte()
		for i := uint64(0); i < n && r.err == nil; i++ {
			r.skip(kv>>4, true, depth+1)
			r.skip(kv&0x0f, true, depth+1)
		}
	case thriftStruct:
		r.structFields(depth+1, func(int16, byte) bool { return false })
	default:
		r.fail("unknown type %d", typ)
	}
}

// structFields walks a struct's fields, handing each to read, which
// reads the value and returns true or returns false to have it skipped.
func (r *thriftReader) structFields(depth int, read func(id int16, typ byte) bool) {
	if depth > maxThriftDepth {
		r.fail("nested deeper than %d", maxThriftDepth)
		return
	}
	var last int16
	for r.err == nil {
		id, typ, stop := r.field(last)
		if stop {
			return
		}
		last = id
		if !read(id, typ) {
			r.skip(typ, false, depth)
		}
	}
}

// expect tells whether a field has the type its struct gives it, failing
// the read when it does not.
func (r *thriftReader) expect(id int16, typ, want byte) bool {
	if typ != want {
		r.fail("field %d has type %d, not %d", id, typ, want)
		return false
	}
	return true
}
