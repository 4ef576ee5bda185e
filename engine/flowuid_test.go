package engine

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// TestFlowUID checks the text hunt evidence names a flow by: the record's
// uid when it has one, else its interface, time and 5-tuple.
func TestFlowUID(t *testing.T) {
	flows := smallFlows()
	flows[0].Metadata.UID = "flow-0"
	flows[0].SrcEndpoint.InterfaceUID = "eni-unused"
	flows[1].SrcEndpoint.InterfaceUID = "eni-src"
	flows[1].DstEndpoint.InterfaceUID = "eni-dst"
	flows[2].DstEndpoint.InterfaceUID = "eni-dst"
	flows[4].SrcEndpoint.Port, flows[4].DstEndpoint.Port, flows[4].ConnectionInfo.ProtocolNum = nil, nil, nil
	root := t.TempDir()
	writeLake(t, root, nil, flows)
	e := openSmallLake(t, Options{Lake: root})

	f := func(name string, i int, want string) {
		t.Helper()
		for _, q := range []string{
			`SELECT lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) FROM vpcflow WHERE time = ?`,
			`SELECT lh_flow_uid(f.metadata, f.src_endpoint, f.dst_endpoint, f.connection_info, f.time) FROM vpcflow AS f WHERE f.time = ?`,
		} {
			if got := queryStrings(t, e, q, flows[i].Time); !reflect.DeepEqual(got, []string{want}) {
				t.Errorf("%s: %s = %q, want %q", name, q, got, want)
			}
		}
	}
	f("uid wins", 0, "flow-0")
	f("source interface first", 1, fmt.Sprintf("eni-src@%d 198.51.7.1:40000>10.0.1.5:443/6", flows[1].Time))
	f("destination interface", 2, fmt.Sprintf("eni-dst@%d 10.0.1.5:40000>203.0.113.50:443/6", flows[2].Time))
	f("no interface", 3, fmt.Sprintf("-@%d 2001:db8::7:40000>2001:db8:1::5:80/6", flows[3].Time))
	f("no ports or protocol", 4, fmt.Sprintf("-@%d 198.51.100.200:>10.0.2.9:/", flows[4].Time))
}

// TestFlowUIDReadsOnlyItsFields checks that passing whole structs to
// lh_flow_uid still lets the Parquet scan read only the fields it uses.
func TestFlowUIDReadsOnlyItsFields(t *testing.T) {
	e := openSmallLake(t, Options{})
	got := scanProjections(explain(t, e, `SELECT lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) FROM vpcflow`))
	slices.Sort(got)
	want := []string{"connection_info.protocol_num", "dst_endpoint.interface_uid", "dst_endpoint.ip", "dst_endpoint.port",
		"metadata.uid", "src_endpoint.interface_uid", "src_endpoint.ip", "src_endpoint.port", "time"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the Parquet scan reads %q, want %q", got, want)
	}
}

// scanProjections collects the columns the plan's Parquet scans read.
func scanProjections(nodes []planNode) []string {
	var out []string
	for _, n := range nodes {
		if n.Name == "READ_PARQUET" {
			switch p := n.ExtraInfo["Projections"].(type) {
			case string:
				out = append(out, p)
			case []any:
				for _, c := range p {
					out = append(out, fmtAny(c))
				}
			}
		}
		out = append(out, scanProjections(n.Children)...)
	}
	return out
}
