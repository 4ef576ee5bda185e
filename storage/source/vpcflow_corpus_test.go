package source

import (
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// TestFlowCorpus decodes and maps every file of the corpus README's VPC Flow
// Logs table: each record is mapped, except Transit Gateway records, which
// are rejected as another product.
func TestFlowCorpus(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus", "vpcflow")
	totalMapped, totalRejected := 0, 0
	f := func(pattern string, wantMapped, wantTransitGateway int, check func(events []ocsf.FlowEvent)) {
		t.Helper()
		paths, err := filepath.Glob(filepath.Join(corpus, pattern))
		if err != nil || len(paths) != 1 {
			t.Fatalf("%s: want one file, found %v (err %v)", pattern, paths, err)
		}
		file, err := os.Open(paths[0])
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		var text io.Reader = file
		if filepath.Ext(paths[0]) == ".gz" {
			if text, err = gzip.NewReader(file); err != nil {
				t.Fatal(err)
			}
		}
		var events []ocsf.FlowEvent
		rejected := 0
		err = DecodeFlowText(text, nil, func(index int, rec *ocsf.FlowFields, err error) error {
			if index != len(events)+rejected {
				t.Errorf("%s: record index %d after %d records", pattern, index, len(events)+rejected)
			}
			if err != nil {
				if !errors.Is(err, ErrTransitGatewayFlowLog) {
					t.Errorf("%s record %d: %v", pattern, index, err)
				}
				rejected++
				return nil
			}
			event, _, err := ocsf.MapFlow(rec, ocsf.FlowDefaults{})
			if err != nil {
				t.Errorf("%s record %d: %v", pattern, index, err)
				return nil
			}
			events = append(events, event)
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", pattern, err)
		}
		if len(events) != wantMapped || rejected != wantTransitGateway {
			t.Errorf("%s: %d mapped and %d rejected, want %d and %d", pattern, len(events), rejected, wantMapped, wantTransitGateway)
		}
		if check != nil {
			check(events)
		}
		totalMapped += len(events)
		totalRejected += rejected
	}
	count := func(events []ocsf.FlowEvent, match func(ocsf.FlowEvent) bool) int {
		n := 0
		for _, e := range events {
			if match(e) {
				n++
			}
		}
		return n
	}

	f("s3layout/AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/05/*.log.gz", 53, 0, func(events []ocsf.FlowEvent) {
		portScan := count(events, func(e ocsf.FlowEvent) bool {
			return e.Action == "Denied" && e.ConnectionInfo.Direction == "Inbound" && e.SrcEndpoint.IP == "203.0.113.77"
		})
		egress := count(events, func(e ocsf.FlowEvent) bool { return e.Action == "Allowed" && e.ConnectionInfo.Direction == "Outbound" })
		noData := count(events, func(e ocsf.FlowEvent) bool { return e.StatusCode == "NODATA" })
		skipData := count(events, func(e ocsf.FlowEvent) bool { return e.StatusCode == "SKIPDATA" })
		inRegion := count(events, func(e ocsf.FlowEvent) bool {
			return e.Cloud.Region == "us-east-1" && e.Cloud.Account != nil && e.Cloud.Account.UID == "111122223333"
		})
		if portScan != 20 || egress != 31 || noData != 1 || skipData != 1 {
			t.Errorf("s3layout: %d port-scan rejects, %d egress accepts, %d NODATA, %d SKIPDATA; want 20, 31, 1, 1",
				portScan, egress, noData, skipData)
		}
		// NODATA and SKIPDATA rows carry account-id but "-" for region.
		if inRegion != 51 {
			t.Errorf("s3layout: %d records in us-east-1 of 111122223333, want 51", inRegion)
		}
	})
	f("elastic/test-extra-samples.log", 7, 0, func(events []ocsf.FlowEvent) {
		icmp := count(events, func(e ocsf.FlowEvent) bool {
			return e.ConnectionInfo.ProtocolNum != nil && *e.ConnectionInfo.ProtocolNum == 1
		})
		ipv6 := count(events, func(e ocsf.FlowEvent) bool { return e.SrcEndpoint.IP == "2001:db8:1234:a100:8d6e:3477:df66:f105" })
		unknown := count(events, func(e ocsf.FlowEvent) bool { return e.ActivityName == "Unknown" })
		if icmp != 2 || ipv6 != 1 || unknown != 2 {
			t.Errorf("extra samples: %d ICMP, %d IPv6, %d without action; want 2, 1, 2", icmp, ipv6, unknown)
		}
	})
	f("elastic/test-v5-all-fields.log", 1, 0, func(events []ocsf.FlowEvent) {
		e := events[0]
		if e.DstEndpoint.IP != "10.200.0.80" || len(e.DstEndpoint.IntermediateIPs) != 1 || e.SrcEndpoint.SvcName != "AMAZON" ||
			e.ConnectionInfo.Boundary != "Same VPC" || e.DstEndpoint.InstanceUID == "" {
			t.Errorf("v5 all fields: dst %+v src %+v connection %+v", e.DstEndpoint, e.SrcEndpoint, e.ConnectionInfo)
		}
	})
	f("elastic/test-ecs-samples.log", 10, 0, func(events []ocsf.FlowEvent) {
		withCluster := count(events, func(e ocsf.FlowEvent) bool { return e.Unmapped["ecs_cluster_name"] != "" })
		if withCluster != 10 {
			t.Errorf("ECS samples: %d records keep ecs_cluster_name, want 10", withCluster)
		}
	})
	f("elastic/test-v8-samples.log", 1, 0, func(events []ocsf.FlowEvent) {
		if got := events[0].Unmapped["reject_reason"]; got != "BPA" {
			t.Errorf("v8 sample: reject_reason %q, want BPA", got)
		}
	})
	f("elastic/test-tcp-flag-sequence.log", 3, 0, nil)
	f("elastic/test-tgw-samples.log", 0, 10, nil)

	if totalMapped != 75 || totalRejected != 10 {
		t.Errorf("corpus: %d mapped and %d rejected, want the README's 75 VPC records and 10 Transit Gateway records",
			totalMapped, totalRejected)
	}
}
