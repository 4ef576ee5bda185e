package ingest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

func ingestFlows(t testing.TB, root string, cfg FlowConfig, paths ...string) (*Summary, []Rejection) {
	t.Helper()
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sources, skipped, err := source.Expand(source.VPCFlow, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	opt := VPCFlowOptions(cfg)
	var rejections []Rejection
	opt.Workers = 1
	opt.OnReject = func(r Rejection) { rejections = append(rejections, r) }
	s, err := Run(context.Background(), w, sources, skipped, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s, rejections
}

func lakeFlows(t testing.TB, root string) []ocsf.FlowEvent {
	t.Helper()
	// What readers see: committed files, less those a compaction replaced.
	files, _, err := lake.ListFiles(root, lake.VPCFlow, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var all []ocsf.FlowEvent
	for _, f := range files {
		rows, err := parquet.ReadFile[ocsf.FlowEvent](f)
		if err != nil {
			t.Fatalf("cannot read %s: %v", f, err)
		}
		all = append(all, rows...)
	}
	return all
}

// The corpus README's table: every record is either in the lake or, for
// the Transit Gateway file, rejected with a message naming the product.
func TestVPCFlowCorpusConformance(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus", "vpcflow")
	root := t.TempDir()
	s, rejections := ingestFlows(t, root, FlowConfig{}, corpus)
	const total, tgw = 53 + 7 + 1 + 10 + 1 + 3 + 10, 10
	if s.Records != total || s.Events != total-tgw || s.Rejected != tgw {
		t.Fatalf("records %d events %d rejected %d, want %d, %d, %d", s.Records, s.Events, s.Rejected, total, total-tgw, tgw)
	}
	for _, r := range rejections {
		if !strings.HasSuffix(r.Source, "test-tgw-samples.log") || !strings.Contains(r.Err.Error(), "Transit Gateway flow logs") {
			t.Errorf("unexpected rejection: %s", r)
		}
	}
	flows := lakeFlows(t, root)
	byStatus := map[string]int{}
	directions := map[string]bool{}
	for _, f := range flows {
		byStatus[f.StatusCode]++
		if f.Action != "" && f.ConnectionInfo.Direction != "" {
			directions[f.Action+"/"+f.ConnectionInfo.Direction] = true
		}
	}
	if len(flows) != total-tgw || byStatus["NODATA"] == 0 || byStatus["SKIPDATA"] == 0 {
		t.Fatalf("flows %d by status %v", len(flows), byStatus)
	}
	for _, want := range []string{"Allowed/Inbound", "Allowed/Outbound", "Denied/Inbound"} {
		if !directions[want] {
			t.Errorf("no %s flow in the lake: %v", want, directions)
		}
	}
	if again, _ := ingestFlows(t, root, FlowConfig{}, corpus); again.Events != 0 || again.Unchanged != s.Sources {
		t.Fatalf("rerun added events: %+v", again)
	}
}

func TestFlowPartitionFromKeyLayout(t *testing.T) {
	f := func(name string, cfg FlowConfig, want ocsf.FlowDefaults) {
		t.Helper()
		if got := flowDefaults(name, cfg); got != want {
			t.Fatalf("flowDefaults(%q) = %+v, want %+v", name, got, want)
		}
	}
	f("/x/AWSLogs/111122223333/vpcflowlogs/eu-west-1/2024/03/05/a.log.gz", FlowConfig{}, ocsf.FlowDefaults{Region: "eu-west-1", AccountID: "111122223333"})
	f("s3://b/p/AWSLogs/o-abc123/111122223333/vpcflowlogs/us-east-2/2024/03/05/a.log.gz", FlowConfig{}, ocsf.FlowDefaults{Region: "us-east-2", AccountID: "111122223333"})
	f("s3://b/AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=ap-south-1/year=2024/a.log.gz", FlowConfig{}, ocsf.FlowDefaults{Region: "ap-south-1", AccountID: "111122223333"})
	f("flows.txt", FlowConfig{Region: "us-west-2", AccountID: "444455556666"}, ocsf.FlowDefaults{Region: "us-west-2", AccountID: "444455556666"})
}
