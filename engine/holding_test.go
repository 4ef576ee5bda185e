package engine

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

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

// Holding reads, of a file whose bloom filters rule the value out of some
// row groups, the other row groups alone, and the value's rows are the
// same as over every row.
func TestHoldingRowGroups(t *testing.T) {
	root := t.TempDir()
	flows := smallFlows()
	p, err := lake.NewPartition("us-east-1", "111122223333", time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, rows []ocsf.FlowEvent) {
		t.Helper()
		// One row a row group, with the ingest's filters on the addresses.
		writeTableFile(t, root, lake.VPCFlow, p, name, rows, 1, parquet.BloomFilters(
			parquet.SplitBlockFilter(10, "src_endpoint", "ip"), parquet.SplitBlockFilter(10, "dst_endpoint", "ip")))
	}
	// 10.0.1.5 is in row groups 0, 2 and 4 of the first file and in every
	// row group of the second.
	write(strings.Repeat("a", 32), []ocsf.FlowEvent{flows[0], flows[3], flows[1], flows[4], flows[2]})
	write(strings.Repeat("b", 32), []ocsf.FlowEvent{flows[0], flows[1]})
	ips := map[string][]string{lake.VPCFlow.View: {"src_endpoint.ip", "dst_endpoint.ip"}}
	either := `SELECT time_dt, src_endpoint.ip, dst_endpoint.ip FROM vpcflow WHERE src_endpoint.ip = $1 OR dst_endpoint.ip = $1 ORDER BY time_dt`
	all := openSmallLake(t, Options{Lake: root})
	f := func(value string, wantRows string) {
		t.Helper()
		e := openSmallLake(t, Options{Lake: root, Holding: &Holding{Value: value, Columns: ips}})
		if got := queryStrings(t, e, `SELECT count(*) FROM vpcflow`); !reflect.DeepEqual(got, []string{wantRows}) {
			t.Errorf("%s: the view holds %v rows, want %s", value, got, wantRows)
		}
		if got, want := queryStrings(t, e, either, value), queryStrings(t, all, either, value); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", value, got, want)
		}
		// HoldingSelect reads the same rows, selecting in each file's
		// read; an engine holding nothing selects from its view.
		for _, from := range []*Engine{e, all} {
			held, err := from.HoldingSelect("vpcflow", "time_dt, src_endpoint.ip, dst_endpoint.ip", "src_endpoint.ip = $1 OR dst_endpoint.ip = $1")
			if err != nil {
				t.Fatalf("%s: HoldingSelect: %v", value, err)
			}
			if got, want := queryStrings(t, from, "SELECT * FROM ("+held+") ORDER BY time_dt", value), queryStrings(t, all, either, value); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: HoldingSelect: %q, want %q", value, got, want)
			}
		}
		if held, err := e.HoldingSelect("vpcflow", "count(*)", ""); err != nil || (wantRows != "0" && !strings.Contains(held, "file_row_number")) {
			t.Errorf("%s: HoldingSelect does not read by row group: %v\n%s", value, err, held)
		}
	}
	f("10.0.1.5", "5")
	f("2001:db8::7", "1")
	f("192.0.2.1", "0")
}

// LakeSelect reads the whole lake whatever the engine's window, and with
// a holding only the row groups that may hold its value: the same rows
// as a query of an engine over the whole lake.
func TestLakeSelect(t *testing.T) {
	root := t.TempDir()
	writeLakeFlows(t, root, smallFlows())
	ips := &Holding{Value: "10.0.1.5", Columns: map[string][]string{lake.VPCFlow.View: {"src_endpoint.ip", "dst_endpoint.ip"}}}
	const either = `src_endpoint.ip = $1 OR dst_endpoint.ip = $1`
	all := openSmallLake(t, Options{Lake: root})
	want := queryStrings(t, all, `SELECT time_dt, src_endpoint.ip FROM vpcflow WHERE `+either+` ORDER BY ALL`, ips.Value)
	if len(want) == 0 {
		t.Fatal("the flows do not hold the address")
	}
	// A window of a day the lake holds nothing of.
	far := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	windowed := openSmallLake(t, Options{Lake: root, From: far, To: far.Add(24 * time.Hour)})
	f := func(h *Holding) {
		t.Helper()
		read, err := windowed.LakeSelect(h, "vpcflow", "time_dt, src_endpoint.ip", either)
		if err != nil {
			t.Fatal(err)
		}
		if got := queryStrings(t, windowed, "SELECT * FROM ("+read+") ORDER BY ALL", ips.Value); !reflect.DeepEqual(got, want) {
			t.Errorf("holding %v: %q, want %q", h != nil, got, want)
		}
	}
	f(nil)
	f(ips)
	if _, err := windowed.LakeSelect(nil, "no_such_view", "*", ""); err == nil {
		t.Error("LakeSelect of an unknown view: no error")
	}
}
