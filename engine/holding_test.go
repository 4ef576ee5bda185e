package engine

import (
	"reflect"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// writeLakeFlows commits each flow to the lake as the ingest does, with
// the entity columns' bloom filters: one file per flow, as each falls on
// a day of its own.
func writeLakeFlows(t *testing.T, root string, flows []ocsf.FlowEvent) {
	t.Helper()
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, ev := range flows {
		p, err := lake.NewPartition(ev.Cloud.Region, ev.Cloud.Account.UID, time.UnixMilli(ev.TimeDt))
		if err != nil {
			t.Fatal(err)
		}
		pf, err := lake.CreatePartFile[ocsf.FlowEvent](w, lake.VPCFlow, p, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := pf.Append([]lake.Row[ocsf.FlowEvent]{{Value: ev, Part: p, TimeMs: ev.TimeDt}}, []int32{0}); err != nil {
			t.Fatal(err)
		}
		st, _, err := pf.Finish()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Commit(lake.VPCFlow, nil, []lake.Staged{st}, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// Holding opens only the files whose bloom filters may hold the value, and
// the value's rows are the same as over every file.
func TestHolding(t *testing.T) {
	root := t.TempDir()
	writeLakeFlows(t, root, smallFlows())
	ips := map[string][]string{lake.VPCFlow.View: {"src_endpoint.ip", "dst_endpoint.ip"}}
	either := `SELECT time_dt, src_endpoint.ip, dst_endpoint.ip FROM vpcflow WHERE src_endpoint.ip = $1 OR dst_endpoint.ip = $1 ORDER BY time_dt`
	f := func(value string, columns map[string][]string, query string, wantFiles int) {
		t.Helper()
		all := openSmallLake(t, Options{Lake: root})
		e := openSmallLake(t, Options{Lake: root, Holding: &Holding{Value: value, Columns: columns}})
		st, err := e.Stats(t.Context(), `SELECT * FROM vpcflow`)
		if err != nil {
			t.Fatal(err)
		}
		if st.Files != wantFiles || st.FilesTotal != 5 {
			t.Errorf("%s: %v, want %d of 5 files", value, st, wantFiles)
		}
		if got, want := queryStrings(t, e, query, value), queryStrings(t, all, query, value); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", value, got, want)
		}
	}
	f("10.0.1.5", ips, either, 3)
	f("2001:db8::7", ips, either, 1)
	f("192.0.2.1", ips, either, 0)
	f("10.0.1.5", map[string][]string{lake.VPCFlow.View: {"dst_endpoint.ip"}},
		`SELECT time_dt FROM vpcflow WHERE dst_endpoint.ip = $1 ORDER BY time_dt`, 2)
	// A table not named keeps every file.
	f("10.0.1.5", map[string][]string{lake.CloudTrail.View: {"src_endpoint.ip"}}, either, 5)
}
