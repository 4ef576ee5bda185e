package source

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// parquetFlowRow has the column names and types of AWS's Parquet delivery
// for some of the fields, plus a column that is not a flow field.
type parquetFlowRow struct {
	Version       int32   `parquet:"version"`
	AccountID     string  `parquet:"account_id"`
	InterfaceID   string  `parquet:"interface_id"`
	SrcAddr       *string `parquet:"srcaddr,optional"`
	DstAddr       *string `parquet:"dstaddr,optional"`
	SrcPort       *int32  `parquet:"srcport,optional"`
	DstPort       *int32  `parquet:"dstport,optional"`
	Protocol      *int32  `parquet:"protocol,optional"`
	Packets       *int64  `parquet:"packets,optional"`
	Bytes         *int64  `parquet:"bytes,optional"`
	Start         int64   `parquet:"start"`
	End           int64   `parquet:"end"`
	Action        *string `parquet:"action,optional"`
	LogStatus     string  `parquet:"log_status"`
	PktSrcAddr    *string `parquet:"pkt_srcaddr,optional"`
	FlowDirection *string `parquet:"flow_direction,optional"`
	TrafficPath   *int32  `parquet:"traffic_path,optional"`
	Note          string  `parquet:"note"`
}

func writeFlowParquetRows[T any](t *testing.T, rows []T, options ...parquet.WriterOption) []byte {
	t.Helper()
	var file bytes.Buffer
	writer := parquet.NewGenericWriter[T](&file, options...)
	if _, err := writer.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := writer.Close(); err != nil {
		t.Fatal(err)
	}
	return file.Bytes()
}

func TestReadFlowParquet(t *testing.T) {
	ptr := func(s string) *string { return &s }
	ptr32 := func(n int32) *int32 { return &n }
	// 600 rows in row groups of 400 make ReadFlowParquet cross both a row
	// group and its own batch size.
	rows := make([]parquetFlowRow, 600)
	for i := range rows {
		port, protocol, packets, byteCount, path := int32(40000+i), int32(6), int64(1), int64(44+i), int32(8)
		rows[i] = parquetFlowRow{
			Version: 5, AccountID: "111122223333", InterfaceID: "eni-0a1b2c3d4e5f60718",
			SrcAddr: ptr("10.0.1.25"), DstAddr: ptr("198.51.100.9"), SrcPort: &port, DstPort: ptr32(443),
			Protocol: &protocol, Packets: &packets, Bytes: &byteCount,
			Start: 1709632800 + int64(i), End: 1709632860 + int64(i), Action: ptr("ACCEPT"), LogStatus: "OK",
			PktSrcAddr: ptr("192.0.2.10"), FlowDirection: ptr("egress"), TrafficPath: &path, Note: "not a flow field",
		}
	}
	// A NODATA row: AWS writes nulls where text delivery writes "-".
	rows[599] = parquetFlowRow{Version: 5, AccountID: "111122223333", InterfaceID: "eni-0a1b2c3d4e5f60718",
		Start: 1709633700, End: 1709633760, LogStatus: "NODATA"}
	file := writeFlowParquetRows(t, rows, parquet.MaxRowsPerRowGroup(400))
	if opened, err := parquet.OpenFile(bytes.NewReader(file), int64(len(file))); err != nil || len(opened.RowGroups()) != 2 {
		t.Fatalf("the test file should have 2 row groups (err %v)", err)
	}

	var got []ocsf.FlowFields
	err := ReadFlowParquet(bytes.NewReader(file), int64(len(file)), func(index int, rec *ocsf.FlowFields) error {
		if index != len(got) {
			t.Fatalf("index %d after %d rows", index, len(got))
		}
		got = append(got, *rec)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("read %d rows, wrote %d", len(got), len(rows))
	}
	f := func(index int, want map[ocsf.FlowField]string) {
		t.Helper()
		for field := range ocsf.NumFlowFields {
			if got[index][field] != want[field] {
				t.Errorf("row %d %s = %q, want %q", index, field, got[index][field], want[field])
			}
		}
	}
	want := func(i int) map[ocsf.FlowField]string {
		return map[ocsf.FlowField]string{
			ocsf.FlowVersion: "5", ocsf.FlowAccountID: "111122223333", ocsf.FlowInterfaceID: "eni-0a1b2c3d4e5f60718",
			ocsf.FlowSrcAddr: "10.0.1.25", ocsf.FlowDstAddr: "198.51.100.9",
			ocsf.FlowSrcPort: strconv.Itoa(40000 + i), ocsf.FlowDstPort: "443", ocsf.FlowProtocol: "6",
			ocsf.FlowPackets: "1", ocsf.FlowBytes: strconv.Itoa(44 + i),
			ocsf.FlowStart: strconv.Itoa(1709632800 + i), ocsf.FlowEnd: strconv.Itoa(1709632860 + i),
			ocsf.FlowAction: "ACCEPT", ocsf.FlowLogStatus: "OK", ocsf.FlowPktSrcAddr: "192.0.2.10",
			ocsf.FlowDirection: "egress", ocsf.FlowTrafficPath: "8",
		}
	}
	f(0, want(0))
	f(401, want(401))
	f(598, want(598))
	f(599, map[ocsf.FlowField]string{
		ocsf.FlowVersion: "5", ocsf.FlowAccountID: "111122223333", ocsf.FlowInterfaceID: "eni-0a1b2c3d4e5f60718",
		ocsf.FlowSrcAddr: "-", ocsf.FlowDstAddr: "-", ocsf.FlowSrcPort: "-", ocsf.FlowDstPort: "-", ocsf.FlowProtocol: "-",
		ocsf.FlowPackets: "-", ocsf.FlowBytes: "-", ocsf.FlowStart: "1709633700", ocsf.FlowEnd: "1709633760",
		ocsf.FlowAction: "-", ocsf.FlowLogStatus: "NODATA", ocsf.FlowPktSrcAddr: "-", ocsf.FlowDirection: "-",
		ocsf.FlowTrafficPath: "-",
	})

	// Parquet rows map as text rows do.
	e, _, err := ocsf.MapFlow(&got[0], ocsf.FlowDefaults{})
	if err != nil {
		t.Fatal(err)
	}
	if e.SrcEndpoint.IP != "192.0.2.10" || len(e.SrcEndpoint.IntermediateIPs) != 1 || e.ConnectionInfo.Boundary != "Internet Gateway" {
		t.Errorf("mapped parquet row: src %+v connection %+v", e.SrcEndpoint, e.ConnectionInfo)
	}
	if _, _, err := ocsf.MapFlow(&got[599], ocsf.FlowDefaults{}); err != nil {
		t.Errorf("mapping the NODATA parquet row: %v", err)
	}
}

func TestReadFlowParquetRejects(t *testing.T) {
	f := func(name string, file []byte, wantErr string) {
		t.Helper()
		err := ReadFlowParquet(bytes.NewReader(file), int64(len(file)), func(int, *ocsf.FlowFields) error {
			t.Errorf("%s: emitted a row", name)
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: error %v, want one containing %q", name, err, wantErr)
		}
	}
	type otherRow struct {
		Name string `parquet:"name"`
	}
	type transitGatewayRow struct {
		Version int32  `parquet:"version"`
		TGWID   string `parquet:"tgw_id"`
	}
	f("not parquet", []byte("2 111122223333 eni-1 - - - - - - - 1 2 - NODATA\n"), "cannot open flow log parquet")
	f("not a flow log", writeFlowParquetRows(t, []otherRow{{Name: "x"}}), "no VPC Flow Logs column")
	f("transit gateway", writeFlowParquetRows(t, []transitGatewayRow{{Version: 6, TGWID: "tgw-1"}}),
		"Transit Gateway flow logs are not VPC Flow Logs: the parquet file has column tgw_id")

	stop := errors.New("stop")
	file := writeFlowParquetRows(t, []parquetFlowRow{{Start: 1}, {Start: 2}})
	calls := 0
	err := ReadFlowParquet(bytes.NewReader(file), int64(len(file)), func(int, *ocsf.FlowFields) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("emit's error: ReadFlowParquet returned %v after %d calls, want stop after 1", err, calls)
	}
}
