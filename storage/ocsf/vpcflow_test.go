package ocsf

import (
	"strings"
	"testing"
)

// flowV5Line is an ingress REJECT in AWS's 29-field default layout.
const flowV5Line = "5 111122223333 eni-0a1b2c3d4e5f60718 203.0.113.77 10.0.1.25 40001 22 6 1 44 1709632800 1709632858 REJECT OK " +
	"vpc-0fedcba9876543210 subnet-0a1b2c3d4e5f6a7b8 i-0123456789abcdef0 2 IPv4 203.0.113.77 10.0.1.25 us-east-1 use1-az4 - - - - ingress 1"

func flowRecordFromLine(t testing.TB, line string) FlowFields {
	t.Helper()
	tokens := strings.Fields(line)
	layout, ok := DefaultFlowFormat(len(tokens))
	if !ok {
		t.Fatalf("no default layout for %d fields", len(tokens))
	}
	var record FlowFields
	for i, field := range layout {
		record[field] = tokens[i]
	}
	return record
}

func TestMapFlowRejectsBadFields(t *testing.T) {
	f := func(field FlowField, value, wantErr string) {
		t.Helper()
		record := flowRecordFromLine(t, flowV5Line)
		record[field] = value
		_, _, err := MapFlow(&record, FlowDefaults{})
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s=%q: error %v, want one containing %q", field, value, err, wantErr)
		}
	}
	f(FlowStart, "-", "start is missing")
	f(FlowStart, "", "start is missing")
	f(FlowStart, "1709632800000", `cannot parse start "1709632800000"`)
	f(FlowStart, "-5", `cannot parse start "-5"`)
	f(FlowEnd, "soon", `cannot parse end "soon"`)
	f(FlowSrcPort, "65536", `cannot parse srcport "65536": want an integer from 0 to 65535`)
	f(FlowDstPort, "+22", `cannot parse dstport "+22"`)
	f(FlowProtocol, "256", `cannot parse protocol "256"`)
	f(FlowProtocol, "tcp", `cannot parse protocol "tcp"`)
	f(FlowTCPFlags, "300", `cannot parse tcp-flags "300"`)
	f(FlowPackets, "-1", `cannot parse packets "-1"`)
	f(FlowBytes, "9223372036854775808", `cannot parse bytes "9223372036854775808"`)
	f(FlowSrcAddr, "10.0.0.256", `cannot parse srcaddr "10.0.0.256"`)
	f(FlowPktDstAddr, "host", `cannot parse pkt-dstaddr "host"`)
	f(FlowAction, "DROP", `cannot parse action "DROP": want ACCEPT or REJECT`)
	f(FlowDirection, "inbound", `cannot parse flow-direction "inbound"`)
	f(FlowTrafficPath, "x", `cannot parse traffic-path "x"`)
}

func TestMapFlowAcceptsLimits(t *testing.T) {
	f := func(field FlowField, value string) {
		t.Helper()
		record := flowRecordFromLine(t, flowV5Line)
		record[field] = value
		if _, _, err := MapFlow(&record, FlowDefaults{}); err != nil {
			t.Errorf("%s=%q: %v", field, value, err)
		}
	}
	f(FlowSrcPort, "65535")
	f(FlowProtocol, "255")
	f(FlowBytes, "9223372036854775807")
	// Elastic's v5 sample starts in 1975: odd, but Unix seconds all the same.
	f(FlowStart, "164000066")
	f(FlowStart, "253402300799")
	f(FlowSrcAddr, "2001:db8::1")
}

func TestMapFlowPartitionValues(t *testing.T) {
	f := func(region, account string, d FlowDefaults, want FlowMeta) {
		t.Helper()
		record := flowRecordFromLine(t, flowV5Line)
		record[FlowRegion], record[FlowAccountID] = region, account
		e, meta, err := MapFlow(&record, d)
		if err != nil {
			t.Fatal(err)
		}
		if meta != want {
			t.Errorf("region %q account %q defaults %+v: meta %+v, want %+v", region, account, d, meta, want)
		}
		if e.Cloud.Region != want.Region {
			t.Errorf("cloud.region = %q, want %q", e.Cloud.Region, want.Region)
		}
		switch {
		case want.AccountID == "" && e.Cloud.Account != nil:
			t.Errorf("cloud.account = %+v, want null", e.Cloud.Account)
		case want.AccountID != "" && (e.Cloud.Account == nil || e.Cloud.Account.UID != want.AccountID):
			t.Errorf("cloud.account = %+v, want uid %q", e.Cloud.Account, want.AccountID)
		}
	}
	defaults := FlowDefaults{Region: "eu-west-1", AccountID: "999988887777"}
	f("us-east-1", "111122223333", defaults, FlowMeta{Region: "us-east-1", AccountID: "111122223333"})
	f("-", "-", defaults, FlowMeta{Region: "eu-west-1", AccountID: "999988887777"})
	f("", "", defaults, FlowMeta{Region: "eu-west-1", AccountID: "999988887777"})
	f("-", "", FlowDefaults{}, FlowMeta{})
}

func TestMapFlowBoundary(t *testing.T) {
	f := func(path string, wantID int32, wantName string) {
		t.Helper()
		record := flowRecordFromLine(t, flowV5Line)
		record[FlowTrafficPath] = path
		e, _, err := MapFlow(&record, FlowDefaults{})
		if err != nil {
			t.Fatal(err)
		}
		c := e.ConnectionInfo
		if c.BoundaryID == nil || *c.BoundaryID != wantID || c.Boundary != wantName {
			t.Errorf("traffic-path %q: boundary %v %q, want %d %q", path, c.BoundaryID, c.Boundary, wantID, wantName)
		}
	}
	f("1", 4, "Same VPC")
	f("2", 5, "Internet/VPC Gateway")
	f("3", 6, "Virtual Private Gateway")
	f("4", 7, "Intra-region VPC")
	f("5", 8, "Inter-region VPC")
	f("6", 9, "Local Gateway")
	f("7", 10, "Gateway VPC")
	f("8", 11, "Internet Gateway")
	f("-", 99, "-")
	f("9", 99, "9")
}

func TestMapFlowEndpointOwner(t *testing.T) {
	f := func(direction string, wantOnDst bool) {
		t.Helper()
		record := flowRecordFromLine(t, flowV5Line)
		record[FlowDirection] = direction
		e, _, err := MapFlow(&record, FlowDefaults{})
		if err != nil {
			t.Fatal(err)
		}
		owner, other := e.SrcEndpoint, e.DstEndpoint
		if wantOnDst {
			owner, other = other, owner
		}
		if owner.InterfaceUID != "eni-0a1b2c3d4e5f60718" || owner.VPCUID != "vpc-0fedcba9876543210" ||
			owner.InstanceUID != "i-0123456789abcdef0" || owner.SubnetUID != "subnet-0a1b2c3d4e5f6a7b8" {
			t.Errorf("flow-direction %q: owner endpoint %+v lacks the interface ids", direction, owner)
		}
		if other.InterfaceUID != "" || other.VPCUID != "" || other.InstanceUID != "" || other.SubnetUID != "" {
			t.Errorf("flow-direction %q: other endpoint %+v has interface ids", direction, other)
		}
	}
	f("ingress", true)
	f("egress", false)
	f("-", false)
	f("", false)
}

func TestMapFlowNoData(t *testing.T) {
	record := flowRecordFromLine(t, "2 111122223333 eni-0a1b2c3d4e5f60718 - - - - - - - 1709633700 1709633760 - NODATA")
	e, _, err := MapFlow(&record, FlowDefaults{})
	if err != nil {
		t.Fatal(err)
	}
	if e.StatusCode != "NODATA" || e.Time != 1709633700000 || e.EndTimeDt != 1709633760000 {
		t.Errorf("status_code %q time %d end_time_dt %d", e.StatusCode, e.Time, e.EndTimeDt)
	}
	// Security Lake keeps the record's "-" (its own NODATA sample, OCSF 1.1.0
	// source version 2): action and disposition "-", action_id 99 Other.
	if e.Action != "-" || e.ActionID != 99 || e.Disposition != "-" || e.DispositionID != 0 || e.Status != "" {
		t.Errorf("action %q/%d disposition %q/%d status %q, want -/99, - and null ids and status", e.Action, e.ActionID, e.Disposition, e.DispositionID, e.Status)
	}
	if e.ActivityID != 0 || e.TypeUID != 400100 || e.TypeName != "Network Activity: Unknown" {
		t.Errorf("activity %d type %d %q, want Unknown", e.ActivityID, e.TypeUID, e.TypeName)
	}
	if e.SrcEndpoint.IP != "-" || e.DstEndpoint.IP != "-" || e.SrcEndpoint.Port != nil || e.Traffic.Packets != nil || e.ConnectionInfo.ProtocolNum != nil {
		t.Errorf("a NODATA record's addresses are not \"-\" or its numbers not null: %+v %+v", e.SrcEndpoint, e.Traffic)
	}
	if e.Observables != nil {
		t.Errorf("observables = %+v, want none", e.Observables)
	}
}

func TestFlowFieldByName(t *testing.T) {
	f := func(name string, want FlowField, wantOK bool) {
		t.Helper()
		got, ok := FlowFieldByName(name)
		if got != want || ok != wantOK {
			t.Errorf("FlowFieldByName(%q) = %v, %v; want %v, %v", name, got, ok, want, wantOK)
		}
	}
	f("account-id", FlowAccountID, true)
	f("account_id", FlowAccountID, true)
	f("pkt-src-aws-service", FlowPktSrcAWSService, true)
	f("ecs_second_container_id", FlowECSSecondContainerID, true)
	f("encryption-status", FlowEncryptionStatus, true)
	f("tgw-id", 0, false)
	f("Version", 0, false)
	for field := range NumFlowFields {
		if got, ok := FlowFieldByName(field.String()); !ok || got != field {
			t.Errorf("%v does not round-trip through its name", field)
		}
		if got, ok := FlowFieldByName(field.Column()); !ok || got != field {
			t.Errorf("%v does not round-trip through its column name", field)
		}
	}
}
