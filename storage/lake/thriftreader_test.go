package lake

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// bloomFooterOf is what decodeBloomFooter should find in a footer that
// parquet-go decodes as m.
func bloomFooterOf(m *format.FileMetaData) *bloomFooter {
	want := &bloomFooter{}
	for i, rg := range m.RowGroups {
		got := bloomRowGroup{numRows: rg.NumRows}
		for _, c := range rg.Columns {
			offset := c.MetaData.BloomFilterOffset
			if c.MetaData.Statistics.NullCount == c.MetaData.NumValues {
				offset = noValues
			}
			got.filters = append(got.filters, offset)
			if i == 0 {
				want.paths = append(want.paths, strings.Join(c.MetaData.PathInSchema, "."))
			}
		}
		want.rowGroups = append(want.rowGroups, got)
	}
	return want
}

func checkBloomFooter(t *testing.T, data []byte, m *format.FileMetaData) {
	t.Helper()
	got, err := decodeBloomFooter(data)
	if err != nil {
		t.Fatalf("decodeBloomFooter: %v", err)
	}
	if want := bloomFooterOf(m); !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeBloomFooter = %+v, want %+v", got, want)
	}
}

// A struct holding a field of every compact-protocol type is stepped
// over to the field after them, and a field whose id does not fit a delta
// is read by its full id.
func TestThriftReaderSkipsEveryType(t *testing.T) {
	data := []byte{
		0x11, 0x12, // 1 true, 2 false
		0x13, 0x7f, // 3 byte
		0x14, 0x03, 0x15, 0x80, 0x01, 0x16, 0x02, // 4 i16, 5 i32, 6 i64
		0x17, 1, 2, 3, 4, 5, 6, 7, 8, // 7 double
		0x18, 0x03, 'a', 'b', 'c', // 8 binary
		0x19, 0x21, 0x01, 0x02, // 9 list of two booleans
		0x1a, 0x15, 0x04, // 10 set of one i32
		0x1b, 0x01, 0x85, 0x01, 'k', 0x06, // 11 map of one binary to i32
		0x1c, 0x15, 0x0a, 0x00, // 12 struct of one i32
		0x1d, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, // 13 uuid
		0x16, 0x54, // 14 i64 42
		0x06, 0xc8, 0x01, 0x0e, // 100 i64 7, by its full id
		0x00,
	}
	r := &thriftReader{b: data}
	got := map[int16]int64{}
	r.structFields(0, func(id int16, typ byte) bool {
		if id != 14 && id != 100 {
			return false
		}
		got[id] = r.varint()
		return true
	})
	if r.err != nil || r.pos != len(data) || got[14] != 42 || got[100] != 7 {
		t.Fatalf("read %v to byte %d of %d (%v), want 14: 42 and 100: 7 to the end", got, r.pos, len(data), r.err)
	}
	for cut := range len(data) {
		r := &thriftReader{b: data[:cut]}
		r.structFields(0, func(int16, byte) bool { return false })
		if r.err == nil {
			t.Fatalf("the first %d bytes read without an error", cut)
		}
	}
}

// The footer of a file parquet-go writes with filters and several row
// groups decodes as parquet-go decodes it, and its filter headers are
// read as parquet-go reads them.
func TestDecodeBloomFooterOfWrittenFile(t *testing.T) {
	path := writeFlowsWithFilters(t, 4)
	data := footerBytes(t, path)
	var m format.FileMetaData
	if err := thrift.Unmarshal(new(thrift.CompactProtocol), data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.RowGroups) != 4 {
		t.Fatalf("%d row groups, want 4", len(m.RowGroups))
	}
	checkBloomFooter(t, data, &m)

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	filters := 0
	for _, rg := range m.RowGroups {
		for _, c := range rg.Columns {
			offset := c.MetaData.BloomFilterOffset
			if offset == 0 {
				continue
			}
			filters++
			var want format.BloomFilterHeader
			r := thrift.NewDecoder(new(thrift.CompactProtocol).NewReader(strings.NewReader(string(raw[offset:]))))
			if err := r.Decode(&want); err != nil {
				t.Fatal(err)
			}
			got, err := decodeBloomHeader(raw[offset:min(offset+64, int64(len(raw)))])
			if err != nil || !got.readable || got.numBytes != int64(want.NumBytes) {
				t.Fatalf("decodeBloomHeader at %d = %+v (%v), want %d readable bytes", offset, got, err, want.NumBytes)
			}
			// The bits follow the header: the filter's length is the two.
			if c.MetaData.BloomFilterLength != 0 && got.size+got.numBytes != int64(c.MetaData.BloomFilterLength) {
				t.Fatalf("header of %d bytes and %d bits at %d, the footer says %d in all", got.size, got.numBytes, offset, c.MetaData.BloomFilterLength)
			}
		}
	}
	if filters != 8 {
		t.Fatalf("%d filters, want 2 in each of the 4 row groups", filters)
	}
}

// A filter header of a kind lakehunt does not read decodes, as not
// readable: the row group may then hold anything.
func TestDecodeBloomHeaderOfUnknownKind(t *testing.T) {
	f := func(h format.BloomFilterHeader, readable bool) {
		t.Helper()
		data, err := thrift.Marshal(new(thrift.CompactProtocol), &h)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeBloomHeader(data)
		if err != nil || got.readable != readable || got.numBytes != int64(h.NumBytes) || got.size != int64(len(data)) {
			t.Fatalf("decodeBloomHeader(%+v) = %+v (%v), want readable %v, %d bytes, header of %d", h, got, err, readable, h.NumBytes, len(data))
		}
	}
	split := format.BloomFilterHeader{NumBytes: 1024,
		Algorithm:   format.BloomFilterAlgorithm{Value: &format.SplitBlockAlgorithm{}},
		Hash:        format.BloomFilterHash{Value: &format.XxHash{}},
		Compression: format.BloomFilterCompression{Value: &format.BloomFilterUncompressed{}}}
	f(split, true)
	unknown := split
	unknown.Compression = format.BloomFilterCompression{}
	f(unknown, false)
}

// Footers drawn from the fuzzer's bytes, encoded by parquet-go, decode as parquet-go decodes
// them, whatever their statistics, metadata and paths hold; and no input
// makes the decoders panic or loop.
func FuzzDecodeBloomFooter(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x00\x00\x00\x00\x00\x00\x01\x00\x03x.y\x01\x00\x03\x01\x02\x00\x00\x00\x00\x00\x00\x10\x00"))
	f.Add(footerBytes(f, writeFlowsWithFilters(f, 4)))
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeBloomFooter(data)
		decodeBloomHeader(data)
		m := randomFooter(data)
		encoded, err := thrift.Marshal(new(thrift.CompactProtocol), m)
		if err != nil {
			t.Fatal(err)
		}
		checkBloomFooter(t, encoded, m)
	})
}

// BenchmarkDecodeBloomFooter decodes the footer of a flow file of 37 row
// groups, as a day file of the large bench lake has (217 KB), three ways: the walker; parquet-go's reflection decoder into a struct of
// the same few fields, which HoldingRows used before it; and parquet-go
// decoding the whole FileMetaData, which it used before that.
func BenchmarkDecodeBloomFooter(b *testing.B) {
	data := footerBytes(b, writeFlowsWithFilters(b, 37))
	b.Run("walker", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := decodeBloomFooter(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parquet-go-fields", func(b *testing.B) {
		// The fields bloomFooter holds, as parquet-go's decoder takes them.
		type columnMetaData struct {
			PathInSchema      []string `thrift:"3,required"`
			BloomFilterOffset int64    `thrift:"14,optional"`
		}
		type columnChunk struct {
			MetaData columnMetaData `thrift:"3,optional"`
		}
		type rowGroup struct {
			Columns []columnChunk `thrift:"1,required"`
			NumRows int64         `thrift:"3,required"`
		}
		type footer struct {
			RowGroups []rowGroup `thrift:"4,required"`
		}
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var m footer
			if err := thrift.Unmarshal(new(thrift.CompactProtocol), data, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parquet-go-whole", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var m format.FileMetaData
			if err := thrift.Unmarshal(new(thrift.CompactProtocol), data, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// choices draws a footer's shape and content from the fuzzer's bytes in
// order, so that a change to a few bytes changes a few fields; past the
// end every draw is zero.
type choices struct{ b []byte }

func (c *choices) next() byte {
	if len(c.b) == 0 {
		return 0
	}
	v := c.b[0]
	c.b = c.b[1:]
	return v
}

// intN is a number in [0, n).
func (c *choices) intN(n int) int { return int(c.next()) % n }

// int64 is a number of eight bytes, negative ones included.
func (c *choices) int64() int64 {
	var v uint64
	for range 8 {
		v = v<<8 | uint64(c.next())
	}
	return int64(v)
}

func (c *choices) text() string {
	b := make([]byte, c.intN(12))
	for i := range b {
		b[i] = c.next()
	}
	return string(b)
}

func (c *choices) bytes() []byte {
	if c.intN(3) == 0 {
		return nil
	}
	return []byte(c.text())
}

func (c *choices) keyValues() thrift.Slice[format.KeyValue] {
	var kv thrift.Slice[format.KeyValue]
	for range c.intN(3) {
		kv = append(kv, format.KeyValue{Key: c.text(), Value: c.text()})
	}
	return kv
}

// randomFooter is a FileMetaData of a shape and content drawn from data.
func randomFooter(data []byte) *format.FileMetaData {
	c := &choices{b: data}
	m := &format.FileMetaData{Version: 1, NumRows: c.int64(), CreatedBy: c.text(), KeyValueMetadata: c.keyValues()}
	for range c.intN(4) {
		m.Schema = append(m.Schema, format.SchemaElement{Name: c.text()})
	}
	columns := c.intN(6)
	for range c.intN(5) {
		rg := format.RowGroup{NumRows: c.int64(), TotalByteSize: c.int64(), FileOffset: c.int64()}
		for range columns + c.intN(2) {
			md := format.ColumnMetaData{
				Type: format.Type(c.intN(8)), Codec: format.CompressionCodec(c.intN(8)),
				NumValues: c.int64(), TotalUncompressedSize: c.int64(), TotalCompressedSize: c.int64(),
				KeyValueMetadata: c.keyValues(), DataPageOffset: c.int64(), DictionaryPageOffset: c.int64(),
				Statistics: format.Statistics{Max: c.bytes(), Min: c.bytes(), NullCount: c.int64(), MaxValue: c.bytes(), MinValue: c.bytes()},
			}
			for range c.intN(3) {
				md.Encoding = append(md.Encoding, format.Encoding(c.intN(9)))
				md.EncodingStats = append(md.EncodingStats, format.PageEncodingStats{Encoding: format.Encoding(c.intN(9)), Count: int32(c.int64())})
			}
			for range 1 + c.intN(3) {
				md.PathInSchema = append(md.PathInSchema, c.text())
			}
			if c.intN(2) == 0 {
				md.BloomFilterOffset, md.BloomFilterLength = c.int64(), int32(c.int64())
			}
			rg.Columns = append(rg.Columns, format.ColumnChunk{FilePath: c.text(), FileOffset: c.int64(), MetaData: md})
		}
		m.RowGroups = append(m.RowGroups, rg)
	}
	return m
}

// writeFlowsWithFilters writes groups flows, one per row group, with bloom
// filters on both addresses, as the lake writes them; the first four hold
// the addresses the tests look for, and the rest repeat them.
func writeFlowsWithFilters(tb testing.TB, groups int) string {
	tb.Helper()
	pairs := [][2]string{{"10.0.0.1", "203.0.113.7"}, {"10.0.0.2", "10.0.0.1"}, {"10.0.0.3", "198.51.100.9"}, {"203.0.113.7", "10.0.0.1"}}
	var rows []ocsf.FlowEvent
	for i := range groups {
		ips := pairs[i%len(pairs)]
		rows = append(rows, ocsf.FlowEvent{SrcEndpoint: ocsf.NetworkEndpoint{IP: ips[0]}, DstEndpoint: ocsf.NetworkEndpoint{IP: ips[1]}})
	}
	return writeFlowGroups(tb, rows)
}

// writeFlowGroups writes rows to a Parquet file, one row a row group, with
// the ingest's filters on the addresses, and returns its path.
func writeFlowGroups(tb testing.TB, rows []ocsf.FlowEvent) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "flows.parquet")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := parquet.NewGenericWriter[ocsf.FlowEvent](f, parquet.MaxRowsPerRowGroup(1), parquet.BloomFilters(
		parquet.SplitBlockFilter(bloomBitsPerValue, "src_endpoint", "ip"), parquet.SplitBlockFilter(bloomBitsPerValue, "dst_endpoint", "ip")))
	if _, err := w.Write(rows); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// footerBytes are the thrift bytes of the footer of the Parquet file at
// path.
func footerBytes(tb testing.TB, path string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if len(raw) < 12 || string(raw[len(raw)-4:]) != "PAR1" {
		tb.Fatal(fmt.Errorf("%s is not a Parquet file", path))
	}
	size := int(binary.LittleEndian.Uint32(raw[len(raw)-8:]))
	return raw[len(raw)-8-size : len(raw)-8]
}
