package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestPathsIntoLake runs both kinds of request as 'lakehunt ingest' does:
// rejections reach OnReject, the progress watch ends before the summary
// is returned, and a second run finds every source unchanged.
func TestPathsIntoLake(t *testing.T) {
	root := sharedcorpus.ModuleRoot(t)
	lakeDir := t.TempDir()
	f := func(kind source.Kind, flows FlowConfig, paths []string, wantEvents, wantRejected int64) *Summary {
		t.Helper()
		var mu sync.Mutex
		var rejections []string
		watched, stopped := false, false
		var progress *Progress
		req := Request{
			Lake: lakeDir, Kind: kind, Flows: flows, Workers: 2,
			OnReject: func(r Rejection) {
				mu.Lock()
				defer mu.Unlock()
				rejections = append(rejections, r.String())
			},
			Watch: func(p *Progress) func() {
				watched, progress = true, p
				return func() { stopped = true }
			},
		}
		sum, err := Paths(context.Background(), req, paths, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Events != wantEvents || sum.Rejected != wantRejected || int64(len(rejections)) != wantRejected {
			t.Fatalf("%s: events %d, rejected %d (%q); want %d and %d", kind, sum.Events, sum.Rejected, rejections, wantEvents, wantRejected)
		}
		if !watched || !stopped || progress.Events.Load() != sum.Events {
			t.Errorf("%s: watch called %v, stopped %v, counted %d events", kind, watched, stopped, progress.Events.Load())
		}
		return sum
	}
	trail := []string{filepath.Join(root, "testdata", "quickstart", "cloudtrail"), filepath.Join(root, "testdata", "malformed", "cloudtrail", "time-far-future.jsonl")}
	f(source.CloudTrail, FlowConfig{}, trail, 112, 2)
	f(source.VPCFlow, FlowConfig{}, []string{filepath.Join(root, "testdata", "quickstart", "vpcflow")}, 48, 0)
	if sum := f(source.CloudTrail, FlowConfig{}, trail, 0, 0); sum.Unchanged != 3 {
		t.Errorf("rerun: %d sources unchanged, want 3", sum.Unchanged)
	}

	if _, err := Sources(context.Background(), Request{Lake: lakeDir}, nil, nil); err == nil || !strings.Contains(err.Error(), "no pipeline") {
		t.Errorf("a request without a kind: %v, want an error", err)
	}
}
