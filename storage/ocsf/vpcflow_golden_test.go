package ocsf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/golden"
)

// goldenFlowDefaults differ from every record's own region and account, so a
// golden file shows which of the two MapFlow used.
var goldenFlowDefaults = FlowDefaults{Region: "eu-west-1", AccountID: "999988887777"}

func TestMapFlowGolden(t *testing.T) {
	f := func(name string, wantRecords int) {
		t.Helper()
		dir := filepath.Join("testdata", "vpcflow")
		records := readFlowGoldenInput(t, filepath.Join(dir, name))
		if len(records) != wantRecords {
			t.Fatalf("%s: read %d records, want %d", name, len(records), wantRecords)
		}
		rows := make([]FlowEvent, 0, len(records))
		for i := range records {
			e, _, err := MapFlow(&records[i], goldenFlowDefaults)
			if err != nil {
				t.Fatalf("%s record %d: %v", name, i, err)
			}
			rows = append(rows, e)
		}
		golden.Check(t, filepath.Join(dir, name+".ocsf.json"), renderParquetJSON(t, rows))
	}
	f("v2-default", 3)
	f("v5-all-fields", 2)
	f("ecs", 1)
	f("v8-reject-reason", 1)
	f("custom-header", 2)
	f("logformat", 1)
	f("ingress-accept", 1)
	f("ingress-reject", 1)
	f("egress-accept", 1)
	f("egress-reject", 1)
	f("nodata", 1)
	f("skipdata", 1)
	f("icmp", 3)
	f("ipv6", 2)
}

// readFlowGoldenInput reads name.log as the source package lays records out:
// a line starting with a field name is a header for the lines after it; other
// lines follow the last header, else name.format (an AWS LogFormat string),
// else AWS's default layout for their field count. The source package, which
// imports this one, owns the real parser; this is the least needed to feed
// MapFlow from readable files.
func readFlowGoldenInput(t *testing.T, name string) []FlowFields {
	t.Helper()
	text, err := os.ReadFile(name + ".log")
	if err != nil {
		t.Fatal(err)
	}
	var layout []FlowField
	if format, err := os.ReadFile(name + ".format"); err == nil {
		for _, token := range strings.Fields(string(format)) {
			layout = append(layout, goldenFlowField(t, strings.TrimSuffix(strings.TrimPrefix(token, "${"), "}")))
		}
	}
	var records []FlowFields
	for _, line := range strings.Split(strings.TrimSpace(string(text)), "\n") {
		tokens := strings.Fields(line)
		if _, isName := FlowFieldByName(tokens[0]); isName {
			layout = layout[:0]
			for _, token := range tokens {
				layout = append(layout, goldenFlowField(t, token))
			}
			continue
		}
		lineLayout := layout
		if len(lineLayout) == 0 {
			var ok bool
			if lineLayout, ok = DefaultFlowFormat(len(tokens)); !ok {
				t.Fatalf("%s: no layout for %d fields in %q", name, len(tokens), line)
			}
		}
		if len(tokens) != len(lineLayout) {
			t.Fatalf("%s: %d fields, layout has %d: %q", name, len(tokens), len(lineLayout), line)
		}
		var record FlowFields
		for i, field := range lineLayout {
			record[field] = tokens[i]
		}
		records = append(records, record)
	}
	return records
}

func goldenFlowField(t *testing.T, name string) FlowField {
	t.Helper()
	field, ok := FlowFieldByName(name)
	if !ok {
		t.Fatalf("unknown flow field %q", name)
	}
	return field
}
