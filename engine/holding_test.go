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

// ProbedSelect reads the files of each probe's days whose bloom filters
// may hold its value, and selects in each read as the view would.
func TestProbedSelect(t *testing.T) {
	root := t.TempDir()
	writeLakeFlows(t, root, smallFlows())
	e := openSmallLake(t, Options{Lake: root})
	ips := []string{"src_endpoint.ip", "dst_endpoint.ip"}
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	list, cond := "time_dt, src_endpoint.ip, dst_endpoint.ip", "src_endpoint.ip IN ('10.0.1.5', '2001:db8::7') OR dst_endpoint.ip IN ('10.0.1.5', '2001:db8::7')"
	f := func(probes []Probe, wantFiles int, wantDays ...int) {
		t.Helper()
		sel, err := e.ProbedSelect("vpcflow", list, cond, probes)
		if err != nil {
			t.Fatal(err)
		}
		if files := strings.Count(sel, lake.DataFileSuffix); files != wantFiles {
			t.Errorf("%v: reads %d files, want %d:\n%s", probes, files, wantFiles, sel)
		}
		var want []string
		for _, d := range wantDays {
			want = append(want, queryStrings(t, e, "SELECT "+list+" FROM vpcflow WHERE ("+cond+") AND time_dt::DATE = $1::DATE", day(d))...)
		}
		if got := queryStrings(t, e, "SELECT * FROM ("+sel+") ORDER BY time_dt"); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: %q, want %q", probes, got, want)
		}
	}
	probe := func(value string, from, to time.Time) Probe {
		return Probe{Probe: lake.Probe{Columns: ips, Value: value}, From: from, To: to}
	}
	// 10.0.1.5 is in the files of the 4th, 5th and 6th, 2001:db8::7 in
	// the 8th's.
	f([]Probe{probe("10.0.1.5", time.Time{}, time.Time{}), probe("2001:db8::7", time.Time{}, time.Time{})}, 4, 4, 5, 6, 8)
	f([]Probe{probe("10.0.1.5", day(5), day(6))}, 1, 5)
	f([]Probe{probe("10.0.1.5", day(6).Add(time.Hour), time.Time{}), probe("2001:db8::7", time.Time{}, day(8))}, 1, 6)
	f([]Probe{probe("192.0.2.1", time.Time{}, time.Time{})}, 0)
	f(nil, 0)
	// A view without files, or one that holds a value already, selects
	// from the view.
	if sel, err := e.ProbedSelect("cloudtrail", "count(*)", "", []Probe{probe("10.0.1.5", time.Time{}, time.Time{})}); err != nil || sel != "SELECT count(*) FROM cloudtrail" {
		t.Errorf("cloudtrail: %q, %v", sel, err)
	}
	held := openSmallLake(t, Options{Lake: root, Holding: &Holding{Value: "10.0.1.5", Columns: map[string][]string{lake.VPCFlow.View: ips}}})
	if sel, err := held.ProbedSelect("vpcflow", "count(*)", "", []Probe{probe("2001:db8::7", time.Time{}, time.Time{})}); err != nil || sel != "SELECT count(*) FROM vpcflow" {
		t.Errorf("vpcflow holding 10.0.1.5: %q, %v", sel, err)
	}
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
