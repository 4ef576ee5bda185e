package lake

import (
	"reflect"
	"testing"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// A file rules out the values its bloom filters do not hold, in each
// entity column, and may hold those it does; a file without filters may
// hold anything.
func TestMayHold(t *testing.T) {
	root, w := openTestWriter(t)
	part, err := NewPartition("us-east-1", "111122223333", testDay)
	if err != nil {
		t.Fatal(err)
	}
	var rows []Row[ocsf.FlowEvent]
	for i, ips := range [][2]string{{"10.0.0.1", "203.0.113.7"}, {"10.0.0.2", "10.0.0.1"}, {"10.0.0.3", "198.51.100.9"}} {
		ms := testDay.UnixMilli() + int64(i)
		rows = append(rows, Row[ocsf.FlowEvent]{Part: part, TimeMs: ms, Value: ocsf.FlowEvent{Time: ms,
			SrcEndpoint: ocsf.NetworkEndpoint{IP: ips[0]}, DstEndpoint: ocsf.NetworkEndpoint{IP: ips[1], InstanceUID: "i-0123456789abcdef0"}}})
	}
	order, _ := SortByPartitionAndTime(rows)
	st := stageRows(t, w, VPCFlow, part, rows, order, false)
	if _, err := w.Commit(VPCFlow, nil, []Staged{st}, nil); err != nil {
		t.Fatal(err)
	}
	files, _, err := ListFiles(root, VPCFlow, testDay, testDay.AddDate(0, 0, 1))
	if err != nil || len(files) != 1 {
		t.Fatalf("files %v (%v), want one", files, err)
	}
	ips := []string{"src_endpoint.ip", "dst_endpoint.ip"}
	f := func(path string, columns []string, value string, want bool) {
		t.Helper()
		got, err := MayHold(path, columns, value)
		if err != nil || got != want {
			t.Errorf("MayHold(%v, %q) = %v (%v), want %v", columns, value, got, err, want)
		}
	}
	f(files[0], ips, "203.0.113.7", true)
	f(files[0], ips, "10.0.0.3", true)
	f(files[0], ips, "192.0.2.1", false)
	f(files[0], ips[:1], "203.0.113.7", false)
	f(files[0], []string{"dst_endpoint.instance_uid"}, "i-0123456789abcdef0", true)
	f(files[0], []string{"dst_endpoint.instance_uid"}, "i-0fedcba9876543210", false)

	// testRow files are written without filters (their table names no
	// entity columns that exist in them).
	stageAndCommit(t, w, part, []Row[testRow]{minuteRow(part, 1, "alice")}, false)
	plain, _, err := ListFiles(root, CloudTrail, testDay, testDay.AddDate(0, 0, 1))
	if err != nil || len(plain) != 1 {
		t.Fatalf("files %v (%v), want one", plain, err)
	}
	f(plain[0], []string{"name"}, "bob", true)
}

// HoldingRows keeps the row groups whose filters may hold the value,
// adjacent ones merged into one range.
func TestHoldingRows(t *testing.T) {
	path := writeFlowsWithFilters(t, 4)
	ips := []string{"src_endpoint.ip", "dst_endpoint.ip"}
	check := func(value string, want []RowRange) {
		t.Helper()
		got, total, err := HoldingRows(path, ips, value)
		if err != nil || total != 4 || !reflect.DeepEqual(got, want) {
			t.Errorf("HoldingRows(%q) = %v of %d (%v), want %v of 4", value, got, total, err, want)
		}
	}
	check("10.0.0.1", []RowRange{{First: 0, Count: 2}, {First: 3, Count: 1}})
	check("203.0.113.7", []RowRange{{First: 0, Count: 1}, {First: 3, Count: 1}})
	check("10.0.0.3", []RowRange{{First: 2, Count: 1}})
	check("192.0.2.1", nil)
}

// HoldingRowsAny keeps the row groups that may hold any probe's value in
// that probe's columns, and answers as HoldingRows for one probe.
func TestHoldingRowsAny(t *testing.T) {
	path := writeFlowsWithFilters(t, 4)
	src, dst := []string{"src_endpoint.ip"}, []string{"dst_endpoint.ip"}
	f := func(probes []Probe, want []RowRange) {
		t.Helper()
		got, total, err := HoldingRowsAny(path, probes)
		if err != nil || total != 4 || !reflect.DeepEqual(got, want) {
			t.Errorf("HoldingRowsAny(%v) = %v of %d (%v), want %v of 4", probes, got, total, err, want)
		}
	}
	f([]Probe{{src, "10.0.0.2"}, {src, "10.0.0.3"}}, []RowRange{{First: 1, Count: 2}})
	f([]Probe{{src, "10.0.0.2"}, {dst, "198.51.100.9"}, {src, "203.0.113.7"}}, []RowRange{{First: 1, Count: 3}})
	// A value is looked up in its probe's columns only: 10.0.0.1 is a
	// source in the first row group and a destination in the others.
	f([]Probe{{src, "10.0.0.1"}}, []RowRange{{First: 0, Count: 1}})
	f([]Probe{{dst, "10.0.0.1"}, {dst, "192.0.2.1"}}, []RowRange{{First: 1, Count: 1}, {First: 3, Count: 1}})
	f([]Probe{{src, "192.0.2.1"}, {dst, "10.0.0.3"}}, nil)
	f(nil, nil)
}

// A column chunk whose statistics count only nulls holds no value, though
// it has no filter: a row group where the column is null throughout is
// left out, where a column without a filter and with values is not.
func TestHoldingRowsAllNull(t *testing.T) {
	path := writeFlowGroups(t, []ocsf.FlowEvent{
		{SrcEndpoint: ocsf.NetworkEndpoint{IP: "10.0.0.1"}, DstEndpoint: ocsf.NetworkEndpoint{IP: "203.0.113.7", InstanceUID: "i-1"}},
		{DstEndpoint: ocsf.NetworkEndpoint{IP: "10.0.0.9"}},
		{SrcEndpoint: ocsf.NetworkEndpoint{IP: "10.0.0.2", InstanceUID: "i-2"}},
	})
	check := func(columns []string, value string, want []RowRange) {
		t.Helper()
		got, total, err := HoldingRows(path, columns, value)
		if err != nil || total != 3 || !reflect.DeepEqual(got, want) {
			t.Errorf("HoldingRows(%v, %q) = %v of %d (%v), want %v of 3", columns, value, got, total, err, want)
		}
	}
	check([]string{"src_endpoint.ip"}, "192.0.2.1", nil)
	check([]string{"dst_endpoint.ip"}, "10.0.0.9", []RowRange{{First: 1, Count: 1}})
	check([]string{"src_endpoint.ip", "dst_endpoint.ip"}, "10.0.0.2", []RowRange{{First: 2, Count: 1}})
	// Instance ids have no filter here: every row group with one may hold
	// any, and the one without holds none.
	check([]string{"src_endpoint.instance_uid", "dst_endpoint.instance_uid"}, "i-3", []RowRange{{First: 0, Count: 1}, {First: 2, Count: 1}})
}
