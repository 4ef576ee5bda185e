package lake

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// orderBucketMs is the span of time within which the rows of a table with
// OrderColumns are sorted by those columns before their time: rows are
// ordered by the five minutes their time falls in, then OrderColumns, then
// time and ThenMs. A conversation's flows of those minutes sit together,
// where their addresses, interfaces, ports and action encode as runs, and
// row groups keep bounds of minutes on time_dt. One account and region of
// the medium bench's flows (3.44M, 'ingest vpcflow' into new lakes on the
// 2-core AMD EPYC of family 26): 70.1 MB in time order; by one minute
// 76.6 MB with the times delta-encoded, as they were, and 64.1 MB with
// them dictionary-encoded (ocsf.FlowEvent); by ten seconds 69.5 MB, by
// twenty 67.1 MB, by five minutes 61.8 MB, the times 17.4 MB of it (3.6 MB
// in time order) and the rest 39.0 MB (61.1 MB).
const orderBucketMs = 5 * 60_000

// orderBucket is the bucket of orderBucketMs that ms falls in.
func orderBucket(ms int64) int64 {
	b := ms / orderBucketMs
	if ms%orderBucketMs < 0 {
		b--
	}
	return b
}

// compareRowOrder orders rows of one partition as files keep them: by
// bucket of time, then the row's values of OrderColumns (Row.Order, ""
// for a table without), then time and ThenMs. Without OrderColumns that is
// time order.
func compareRowOrder(timeA int64, orderA string, thenA int64, timeB int64, orderB string, thenB int64) int {
	return cmp.Or(cmp.Compare(orderBucket(timeA), orderBucket(timeB)), strings.Compare(orderA, orderB),
		cmp.Compare(timeA, timeB), cmp.Compare(thenA, thenB))
}

// FlowOrder is Row.Order of a flow: its values of VPCFlow's OrderColumns,
// in their order, as appendOrderKey reads them from a file's columns.
func FlowOrder(ev *ocsf.FlowEvent) string {
	// One allocation a flow, of the key's size: it is built for each of
	// an ingest's flows.
	size := len(ev.Action) + len(ev.SrcEndpoint.InterfaceUID) + len(ev.DstEndpoint.InterfaceUID) +
		len(ev.SrcEndpoint.IP) + len(ev.DstEndpoint.IP) + 5 + 2*5
	b := make([]byte, 0, size)
	b = appendOrderString(b, ev.Action)
	b = appendOrderString(b, ev.SrcEndpoint.InterfaceUID)
	b = appendOrderString(b, ev.DstEndpoint.InterfaceUID)
	b = appendOrderString(b, ev.SrcEndpoint.IP)
	b = appendOrderString(b, ev.DstEndpoint.IP)
	b = appendOrderInt32(b, ev.DstEndpoint.Port)
	b = appendOrderInt32(b, ev.SrcEndpoint.Port)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// flowOrderColumns are VPCFlow's OrderColumns: what varies least within
// five minutes first, the action, then the interfaces and addresses, then the
// ports.
var flowOrderColumns = []string{"action", "src_endpoint.interface_uid", "dst_endpoint.interface_uid",
	"src_endpoint.ip", "dst_endpoint.ip", "dst_endpoint.port", "src_endpoint.port"}

// appendOrderString appends a string of an order key: its bytes and a
// NUL, which sorts a prefix first. Files write "" as null; both append
// the NUL alone.
func appendOrderString(b []byte, s string) []byte {
	return append(append(b, s...), 0)
}

// appendOrderInt32 appends an integer of an order key: null first, then
// the values in numeric order.
func appendOrderInt32(b []byte, v *int32) []byte {
	if v == nil {
		return append(b, 0, 0, 0, 0, 0)
	}
	return binary.BigEndian.AppendUint32(append(b, 1), uint32(*v)^0x80000000)
}

// orderColumn is a leaf column of OrderColumns in a file's schema.
type orderColumn struct {
	index  int
	number bool // INT32, else a string
}

// orderPositions maps a leaf column index to its place in cols, -1 for
// the columns not in it, so that a row's values are picked in one pass.
func orderPositions(cols []orderColumn) []int {
	n := 0
	for _, c := range cols {
		n = max(n, c.index+1)
	}
	pos := make([]int, n)
	for i := range pos {
		pos[i] = -1
	}
	for i, c := range cols {
		pos[c.index] = i
	}
	return pos
}

// orderColumnsOf finds t's OrderColumns in schema.
func orderColumnsOf(t Table, schema *parquet.Schema) ([]orderColumn, error) {
	var cols []orderColumn
	for _, path := range t.OrderColumns {
		leaf, ok := schema.Lookup(strings.Split(path, ".")...)
		if !ok {
			return nil, fmt.Errorf("no %s column", path)
		}
		switch kind := leaf.Node.Type().Kind(); kind {
		case parquet.Int32, parquet.ByteArray:
			cols = append(cols, orderColumn{index: leaf.ColumnIndex, number: kind == parquet.Int32})
		default:
			return nil, fmt.Errorf("column %s is %s, not a string or a 32-bit integer", path, kind)
		}
	}
	return cols, nil
}

// appendOrderKey appends the order key of row, a row of a file whose
// OrderColumns are cols (at positions, orderPositions of cols): the bytes
// FlowOrder gave the row it was written from. values is scratch space of
// len(cols).
func appendOrderKey(b []byte, cols []orderColumn, positions []int, row parquet.Row, values []parquet.Value) []byte {
	for i := range values {
		values[i] = parquet.NullValue()
	}
	for _, v := range row {
		if c := v.Column(); c < len(positions) && positions[c] >= 0 {
			values[positions[c]] = v
		}
	}
	for i, c := range cols {
		v := values[i]
		switch {
		case c.number && v.IsNull():
			b = appendOrderInt32(b, nil)
		case c.number:
			n := v.Int32()
			b = appendOrderInt32(b, &n)
		default:
			b = append(append(b, v.ByteArray()...), 0)
		}
	}
	return b
}
