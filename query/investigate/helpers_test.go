package investigate

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// The hand-written incident of testdata/incident happens on 2024-06-10;
// its baseline days are 2024-06-03, 05 and 07.
var (
	incidentNow   = time.Date(2024, 6, 11, 0, 0, 0, 0, time.UTC)
	incidentScope = Window{Start: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), End: incidentNow}
)

const incidentBaseline = 30 * 24 * time.Hour

// testLake is a lake ingested from testdata through the real pipeline,
// once per test binary.
type testLake struct {
	once              sync.Once
	dir               string
	err               error
	cloudTrail, flows []string
}

var (
	// incidentData is the hand-written incident of testdata/incident.
	incidentData = &testLake{cloudTrail: []string{filepath.Join("testdata", "incident", "cloudtrail")}, flows: []string{filepath.Join("testdata", "incident", "vpcflow")}}
	// chainData is testdata/chain: carol assumes data-reader, whose
	// session reads S3 objects (data events) and assumes archive-admin,
	// whose session reads one more.
	chainData = &testLake{cloudTrail: []string{filepath.Join("testdata", "chain", "cloudtrail")}}
	// chainElsewhereData is chainData with two more calls of carol's
	// data-reader session, each in a file of its own region that names
	// neither carol nor her key: one signed with the session's key, one
	// without a key, which only its ARN and creation time match.
	chainElsewhereData = &testLake{cloudTrail: []string{filepath.Join("testdata", "chain", "cloudtrail"), filepath.Join("testdata", "chain", "elsewhere")}}
	tempDirs           []string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func (l *testLake) path(t testing.TB) string {
	t.Helper()
	l.once.Do(func() {
		l.dir, l.err = os.MkdirTemp("", "investigate-lake-")
		if l.err != nil {
			return
		}
		tempDirs = append(tempDirs, l.dir)
		l.err = buildLake(l.dir, l.cloudTrail, l.flows)
	})
	if l.err != nil {
		t.Fatal(l.err)
	}
	return l.dir
}

// incidentLake is the lake of the incident.
func incidentLake(t testing.TB) string { return incidentData.path(t) }

// buildLake ingests CloudTrail and VPC Flow inputs into a new lake and
// fails on any rejected record.
func buildLake(dir string, cloudTrail, flows []string) (err error) {
	ctx := context.Background()
	w, err := lake.OpenWriter(dir)
	if err != nil {
		return err
	}
	defer func() {
		if closeErr := w.Close(); err == nil {
			err = closeErr
		}
	}()
	sources, skipped, err := source.Expand(source.CloudTrail, cloudTrail, nil)
	if err != nil {
		return err
	}
	ctSummary, err := ingest.Run(ctx, w, sources, skipped, ingest.CloudTrailOptions(time.Now()))
	if err != nil {
		return err
	}
	if sources, skipped, err = source.Expand(source.VPCFlow, flows, nil); err != nil {
		return err
	}
	flowSummary, err := ingest.Run(ctx, w, sources, skipped, ingest.VPCFlowOptions(ingest.FlowConfig{}))
	if err != nil {
		return err
	}
	if ctSummary.Rejected+flowSummary.Rejected > 0 {
		return fmt.Errorf("ingest rejected %d CloudTrail and %d flow records", ctSummary.Rejected, flowSummary.Rejected)
	}
	return nil
}

func testHunts(t testing.TB) []*hunt.Hunt {
	t.Helper()
	pack, err := hunt.LoadDir(filepath.Join("testdata", "hunts"))
	if err != nil {
		t.Fatal(err)
	}
	return pack.Hunts
}

// investigateIncident runs an investigation of the incident lake.
func investigateIncident(t testing.TB, kind Kind, value string, change func(*Options)) *Report {
	t.Helper()
	e, err := NewEntity(kind, value)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Lake: incidentLake(t), Entity: e, Scope: incidentScope, Baseline: incidentBaseline, Now: incidentNow, Hunts: testHunts(t), Threads: 2}
	if change != nil {
		change(&opt)
	}
	return runInvestigation(t, opt)
}

// runInvestigation opens and runs an investigation.
func runInvestigation(t testing.TB, opt Options) *Report {
	t.Helper()
	ctx := context.Background()
	inv, err := Open(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer inv.Close()
	r, err := inv.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func values[T any](items []T, value func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = value(it)
	}
	return out
}

func newValues(l []NewValue) []string { return values(l, func(v NewValue) string { return v.Value }) }

func relatedValues(l RelatedList) []string {
	return values(l.Values, func(v RelatedEntity) string { return v.Value })
}

func operationNames(ops []Operation) []string {
	return values(ops, func(o Operation) string { return o.Operation })
}
