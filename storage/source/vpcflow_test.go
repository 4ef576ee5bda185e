package source

import (
	"errors"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

const (
	flowV2Line = "2 111122223333 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.1.25 51724 443 6 12 3190 1709632800 1709632860 ACCEPT OK"
	flowV5Line = flowV2Line + " vpc-0fedcba9876543210 subnet-0a1b2c3d4e5f6a7b8 i-0123456789abcdef0 19 IPv4 198.51.100.7 10.0.1.25" +
		" us-east-1 use1-az4 - - - - ingress 8"
	flowECSLine = flowV5Line + " arn:aws:ecs:us-east-1:111122223333:cluster/orders orders" +
		" arn:aws:ecs:us-east-1:111122223333:container-instance/orders/0c0ffee0 0c0ffee0 7f3a9c2b41d8 -" +
		" orders-api arn:aws:ecs:us-east-1:111122223333:task-definition/orders-api:14" +
		" arn:aws:ecs:us-east-1:111122223333:task/orders/5b6c7d8e 5b6c7d8e"
	flowV8Line = flowECSLine + " BPA"
	// flowTGWLine is a Transit Gateway record in AWS's default 36-field layout.
	flowTGWLine = "6 TransitGateway 111122223333 tgw-0a12bc34de56f7890 tgw-attach-0789ijkl 111122223333 111122223333" +
		" vpc-0abc1234 vpc-0def5678 subnet-0a1 subnet-0b2 eni-0a1 eni-0b2 use1-az1 use1-az2 - 10.0.1.5 10.1.0.9" +
		" 39464 22 6 49 8947 1709632800 1709632860 OK IPv4 0 0 0 0 2 us-east-1 ingress - -"
)

// flowLineWant is what ParseLine should make of one line: a header, a
// blank, an error containing err, or a record laid out as layout.
type flowLineWant struct {
	header bool
	err    string
	layout []ocsf.FlowField
}

func TestFlowParserParseLine(t *testing.T) {
	f := func(name string, format []ocsf.FlowField, lines []string, wants []flowLineWant) {
		t.Helper()
		p := NewFlowParser(format)
		for i, line := range lines {
			rec, isHeader, err := p.ParseLine(line)
			want := wants[i]
			if isHeader != want.header {
				t.Errorf("%s line %d: isHeader %v, want %v", name, i, isHeader, want.header)
			}
			if want.err != "" {
				if err == nil || !strings.Contains(err.Error(), want.err) {
					t.Errorf("%s line %d: error %v, want one containing %q", name, i, err, want.err)
				}
				if rec != nil {
					t.Errorf("%s line %d: a record with an error", name, i)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s line %d: %v", name, i, err)
				continue
			}
			if want.layout == nil {
				if rec != nil {
					t.Errorf("%s line %d: record %v, want none", name, i, rec)
				}
				continue
			}
			if rec == nil {
				t.Errorf("%s line %d: no record", name, i)
				continue
			}
			var expected ocsf.FlowFields
			for j, token := range strings.Fields(line) {
				expected[want.layout[j]] = token
			}
			if *rec != expected {
				t.Errorf("%s line %d:\n got %q\nwant %q", name, i, rec[:], expected[:])
			}
		}
	}
	version := func(n int) flowLineWant {
		layout, _ := ocsf.DefaultFlowFormat(n)
		return flowLineWant{layout: layout}
	}
	header := flowLineWant{header: true}
	custom := []ocsf.FlowField{ocsf.FlowStart, ocsf.FlowSrcAddr, ocsf.FlowAction}

	f("headerless default layouts", nil,
		[]string{flowV2Line, flowV5Line, flowECSLine, flowV8Line},
		[]flowLineWant{version(14), version(29), version(39), version(40)})
	f("headerless other counts", nil,
		[]string{"2 111122223333 eni-1 10.0.0.1", flowV5Line + " extra", flowV8Line + strings.Repeat(" x", 10)},
		[]flowLineWant{{err: "record has 4 fields"}, {err: "record has 30 fields"}, {err: "record has 50 fields"}})
	f("header repeated with another order", nil,
		[]string{"start srcaddr action", "1709632800 10.0.0.1 ACCEPT", "action start srcaddr", "REJECT 1709632801 10.0.0.2", flowV2Line},
		[]flowLineWant{header, {layout: custom}, header,
			{layout: []ocsf.FlowField{ocsf.FlowAction, ocsf.FlowStart, ocsf.FlowSrcAddr}},
			{err: "record has 14 fields, its format names 3"}})
	f("header in underscore spelling", nil,
		[]string{"account_id log_status start", "111122223333 OK 1709632800"},
		[]flowLineWant{header, {layout: []ocsf.FlowField{ocsf.FlowAccountID, ocsf.FlowLogStatus, ocsf.FlowStart}}})
	f("invalid headers", nil,
		[]string{"version bogus start", flowV2Line, "start start", flowV2Line, "start srcaddr action", "1 10.0.0.1 ACCEPT"},
		[]flowLineWant{{header: true, err: `header names unknown field "bogus"`},
			{err: `record follows an invalid header: header names unknown field "bogus"`},
			{header: true, err: "header names field start twice"},
			{err: "record follows an invalid header"},
			header, {layout: custom}})
	f("given format", custom,
		[]string{"1709632800 10.0.0.1 ACCEPT", flowV2Line, "srcaddr start action", "10.0.0.1 1709632800 ACCEPT"},
		[]flowLineWant{{layout: custom}, {err: "record has 14 fields, its format names 3"}, header,
			{layout: []ocsf.FlowField{ocsf.FlowSrcAddr, ocsf.FlowStart, ocsf.FlowAction}}})
	f("blank lines and spacing", nil,
		[]string{"", "  \t\r\n", strings.ReplaceAll(flowV2Line, " ", " \t  ") + "\r\n", "  " + flowV2Line},
		[]flowLineWant{{}, {}, version(14), version(14)})
	f("transit gateway", nil,
		[]string{flowTGWLine, "version resource-type account-id tgw-id", flowTGWLine},
		[]flowLineWant{{err: "Transit Gateway flow logs are not VPC Flow Logs: record of 36 fields names transit gateway tgw-0a12bc34de56f7890"},
			{header: true, err: "Transit Gateway flow logs are not VPC Flow Logs: it names field resource-type"},
			{err: "Transit Gateway flow logs are not VPC Flow Logs"}})
}

func TestFlowParserTransitGatewayErrorIs(t *testing.T) {
	p := NewFlowParser(nil)
	if _, _, err := p.ParseLine(flowTGWLine); !errors.Is(err, ErrTransitGatewayFlowLog) {
		t.Errorf("headerless Transit Gateway line: error %v is not ErrTransitGatewayFlowLog", err)
	}
	p.ParseLine("version tgw-id packets-lost-no-route")
	if _, _, err := p.ParseLine("3 tgw-1 0"); !errors.Is(err, ErrTransitGatewayFlowLog) {
		t.Errorf("record under a Transit Gateway header: error %v is not ErrTransitGatewayFlowLog", err)
	}
}

func TestFlowParserDoesNotAllocate(t *testing.T) {
	p := NewFlowParser(nil)
	allocs := testing.AllocsPerRun(100, func() {
		if _, _, err := p.ParseLine(flowV5Line); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("ParseLine allocates %v times per line, want 0", allocs)
	}
}

func TestParseLogFormat(t *testing.T) {
	f := func(format string, want []ocsf.FlowField, wantErr string) {
		t.Helper()
		got, err := ParseLogFormat(format)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("ParseLogFormat(%q): error %v, want one containing %q", format, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Errorf("ParseLogFormat(%q): %v", format, err)
			return
		}
		if len(got) != len(want) {
			t.Errorf("ParseLogFormat(%q) = %v, want %v", format, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("ParseLogFormat(%q) = %v, want %v", format, got, want)
				return
			}
		}
	}
	f("${version} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr}", []ocsf.FlowField{
		ocsf.FlowVersion, ocsf.FlowVPCID, ocsf.FlowSubnetID, ocsf.FlowInstanceID, ocsf.FlowSrcAddr}, "")
	f("  ${start}\t${resource-id} ${encryption-status} ", []ocsf.FlowField{
		ocsf.FlowStart, ocsf.FlowResourceID, ocsf.FlowEncryptionStatus}, "")
	f("${account_id}", []ocsf.FlowField{ocsf.FlowAccountID}, "")
	f("version vpc-id", nil, `"version" is not a ${field} reference`)
	f("${version} ${bogus}", nil, `names unknown field "bogus"`)
	f("${start} ${end} ${start}", nil, "names field start twice")
	f("${version} ${tgw-attachment-id}", nil, "Transit Gateway flow logs are not VPC Flow Logs")
	f("", nil, "names no fields")
	f("${}", nil, `names unknown field ""`)
}
