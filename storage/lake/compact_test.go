package lake

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

func stageAndCommit(t *testing.T, w *Writer, part Partition, rows []Row[testRow], withKeys bool) {
	t.Helper()
	order, _ := SortByPartitionAndTime(rows)
	st := stageRows(t, w, CloudTrail, part, rows, order, withKeys)
	if _, err := w.Commit(CloudTrail, nil, []Staged{st}, nil); err != nil {
		t.Fatal(err)
	}
}

var testDay = time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)

// openTestWriter opens a writer on a fresh lake and returns the lake's root.
func openTestWriter(t testing.TB) (string, *Writer) {
	t.Helper()
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

// minuteRow is a row of testDay at the minute, keyed by minute and name.
func minuteRow(part Partition, minute int, name string) Row[testRow] {
	ms := testDay.Add(time.Duration(minute) * time.Minute).UnixMilli()
	return Row[testRow]{Value: testRow{Time: ms, Name: name}, Part: part, TimeMs: ms, Key: [16]byte{byte(minute), name[0]}}
}

// onlyFileNames returns the names of the rows of the table's one file.
func onlyFileNames(t *testing.T, root string, table Table) string {
	t.Helper()
	files, _, err := ListFiles(root, table, time.Time{}, time.Time{})
	if err != nil || len(files) != 1 {
		t.Fatalf("readers see %v (%v), want one file", files, err)
	}
	got, err := parquet.ReadFile[testRow](files[0])
	if err != nil {
		t.Fatal(err)
	}
	var names string
	for _, r := range got {
		names += r.Name
	}
	return names
}

func TestCompactMergesSortsAndDropsDuplicates(t *testing.T) {
	f := func(withKeys bool) {
		t.Helper()
		root := t.TempDir()
		w, err := OpenWriter(root)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		part, _ := NewPartition("us-east-1", "111122223333", testDay)
		row := func(minute int, name string) Row[testRow] { return minuteRow(part, minute, name) }
		// Three deliveries; "b@20" arrives twice.
		stageAndCommit(t, w, part, []Row[testRow]{row(30, "c"), row(10, "a")}, withKeys)
		stageAndCommit(t, w, part, []Row[testRow]{row(20, "b"), row(40, "d")}, withKeys)
		stageAndCommit(t, w, part, []Row[testRow]{row(20, "b"), row(5, "z")}, withKeys)

		res, err := w.CompactPartition(CloudTrail, part)
		if err != nil {
			t.Fatal(err)
		}
		if res.FilesIn != 3 || res.RowsIn != 6 || res.RowsOut != 5 || res.Duplicates != 1 {
			t.Fatalf("withKeys=%v: %+v", withKeys, res)
		}
		files, total, err := ListFiles(root, CloudTrail, time.Time{}, time.Time{})
		if err != nil || len(files) != 1 || total != 1 {
			t.Fatalf("after compaction readers see %v (total %d, %v)", files, total, err)
		}
		if onDisk, _ := dataFiles(t, root); len(onDisk) != 4 {
			t.Fatalf("replaced files should outlive the swap for readers: %v", onDisk)
		}
		if names := onlyFileNames(t, root, CloudTrail); names != "zabcd" {
			t.Fatalf("rows after compaction %q, want zabcd", names)
		}
		if infos, _ := Info(root); infos[0].Files != 1 || infos[0].Rows != 5 {
			t.Fatalf("manifest after compaction: %+v", infos[0])
		}
		if withKeys {
			if keys, _ := CommittedKeys(root, CloudTrail, part); len(keys) != 5 {
				t.Fatalf("keys after compaction: %d", len(keys))
			}
		}
		if problems, err := w.Verify(); err != nil || len(problems) != 0 {
			t.Fatalf("verify after compaction: %v %v", problems, err)
		}
		// The next writer after the grace period deletes the replaced files.
		w.Close()
		defer func(grace time.Duration) { purgeGracePeriod = grace }(purgeGracePeriod)
		purgeGracePeriod = 0
		w2, err := OpenWriter(root)
		if err != nil {
			t.Fatal(err)
		}
		w2.Close()
		if onDisk, _ := dataFiles(t, root); len(onDisk) != 1 || onDisk[0] != files[0] {
			t.Fatalf("after purge: %v", onDisk)
		}
		// The replaced files' issuing calls went with them.
		issuing, _ := filepath.Glob(filepath.Join(root, metaDir, "issuing", "*", "*", "*", "*", "*", "*", "*"+DataFileSuffix))
		if len(issuing) != 1 || filepath.Base(issuing[0]) != filepath.Base(files[0]) {
			t.Fatalf("issuing calls after purge: %v", issuing)
		}
	}
	f(true)
	f(false)
}

// Flows are ordered by the five minutes of their start, then conversation
// (OrderColumns), then start and end time, when staged and again when
// compacted, because that order is what encodes them small; the order key
// the ingest gives a row (FlowOrder) is the one compaction reads from its
// columns.
func TestFlowsOrderedByMinutesThenConversation(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	part, _ := NewPartition("us-east-1", "111122223333", day)
	hour := day.Add(time.Hour)
	port := int32(443)
	row := func(at, end time.Duration, src, name string) Row[ocsf.FlowEvent] {
		ev := ocsf.FlowEvent{Time: hour.Add(at).UnixMilli(), EndTimeDt: hour.Add(end).UnixMilli(), Action: "Allowed", TypeName: name,
			SrcEndpoint: ocsf.NetworkEndpoint{IP: src}, DstEndpoint: ocsf.NetworkEndpoint{IP: "10.0.9.9", Port: &port}}
		ev.TimeDt = ev.Time
		return Row[ocsf.FlowEvent]{Value: ev, Part: part, TimeMs: ev.Time, ThenMs: ev.EndTimeDt, Order: FlowOrder(&ev)}
	}
	names := func(path string) string {
		t.Helper()
		got, err := parquet.ReadFile[ocsf.FlowEvent](path)
		if err != nil {
			t.Fatal(err)
		}
		var s string
		for _, r := range got {
			s += r.TypeName
		}
		return s
	}
	stage := func(rows ...Row[ocsf.FlowEvent]) string {
		t.Helper()
		order, _ := SortByPartitionAndTime(rows)
		st := stageRows(t, w, VPCFlow, part, rows, order, false)
		if _, err := w.Commit(VPCFlow, nil, []Staged{st}, nil); err != nil {
			t.Fatal(err)
		}
		return st.Final
	}
	s, m := time.Second, time.Minute
	if got := names(stage(row(10*s, 50*s, "10.0.0.2", "a"), row(5*s, 40*s, "10.0.0.1", "b"), row(5*s, 20*s, "10.0.0.1", "c"),
		row(2*m, 3*m, "10.0.0.1", "g"), row(5*m, 6*m, "10.0.0.1", "d"))); got != "cbgad" {
		t.Fatalf("staged rows %q, want cbgad", got)
	}
	stage(row(30*s, 90*s, "10.0.0.1", "e"), row(10*s, 45*s, "10.0.0.2", "f"))
	if _, err := w.CompactPartition(VPCFlow, part); err != nil {
		t.Fatal(err)
	}
	files, _, err := ListFiles(root, VPCFlow, time.Time{}, time.Time{})
	if err != nil || len(files) != 1 {
		t.Fatalf("after compaction: %v %v", files, err)
	}
	if got := names(files[0]); got != "cbegfad" {
		t.Fatalf("compacted rows %q, want cbegfad", got)
	}
	infos, err := Info(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range infos {
		if ti.Table == VPCFlow.Source && (ti.MinTime == nil || !ti.MinTime.Equal(hour.Add(5*s)) || ti.MaxTime == nil || !ti.MaxTime.Equal(hour.Add(5*m))) {
			t.Errorf("times %v to %v, want %v to %v", ti.MinTime, ti.MaxTime, hour.Add(5*s), hour.Add(5*m))
		}
	}

	f, pf, err := openParquet(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cols, err := orderColumnsOf(VPCFlow, pf.Schema())
	if err != nil {
		t.Fatal(err)
	}
	events, err := parquet.ReadFile[ocsf.FlowEvent](files[0])
	if err != nil {
		t.Fatal(err)
	}
	rows := pf.RowGroups()[0].Rows()
	defer rows.Close()
	buf := make([]parquet.Row, len(events))
	if n, err := rows.ReadRows(buf); n != len(events) || (err != nil && err != io.EOF) {
		t.Fatalf("read %d of %d rows: %v", n, len(events), err)
	}
	for i := range events {
		fromColumns := string(appendOrderKey(nil, cols, orderPositions(cols), buf[i], make([]parquet.Value, len(cols))))
		if want := FlowOrder(&events[i]); fromColumns != want {
			t.Errorf("row %d: order key %q from the columns, %q from the row", i, fromColumns, want)
		}
	}
}

func TestSortByPartitionAndTime(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	east, _ := NewPartition("us-east-1", "111122223333", day)
	eastNextDay, _ := NewPartition("us-east-1", "111122223333", day.Add(24*time.Hour))
	west, _ := NewPartition("us-west-2", "111122223333", day)
	row := func(p Partition, ms, then int64) Row[testRow] {
		return Row[testRow]{Part: p, TimeMs: ms, ThenMs: then}
	}
	rows := []Row[testRow]{
		row(west, 5, 0),        // 0
		row(eastNextDay, 1, 0), // 1
		row(east, 7, 2),        // 2
		row(east, 7, 1),        // 3
		row(west, 5, 0),        // 4: same time and end as 0, arrived later
		row(east, 3, 9),        // 5
	}
	order, runs := SortByPartitionAndTime(rows)
	if want := []int32{5, 3, 2, 1, 0, 4}; !slices.Equal(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	if want := [][2]int{{0, 3}, {3, 4}, {4, 6}}; !slices.Equal(runs, want) {
		t.Fatalf("runs %v, want %v", runs, want)
	}
}

// A file written across spills holds a sorted row group per spill; the
// merge takes each row group as a run of its own, and each run's keys from
// its own offset in the sidecar.
func TestCompactMergesRowGroupsOfAFileWrittenAcrossSpills(t *testing.T) {
	root, w := openTestWriter(t)
	part, _ := NewPartition("us-east-1", "111122223333", testDay)
	row := func(minute int, name string) Row[testRow] { return minuteRow(part, minute, name) }
	pf, err := CreatePartFile[testRow](w, CloudTrail, part, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, spill := range [][]Row[testRow]{{row(30, "c"), row(10, "a")}, {row(40, "d"), row(20, "b"), row(10, "a")}} {
		order, _ := SortByPartitionAndTime(spill)
		if err := pf.Append(spill, order); err != nil {
			t.Fatal(err)
		}
	}
	st, ok, err := pf.Finish()
	if err != nil || !ok {
		t.Fatalf("finish: %v %v", ok, err)
	}
	if st.Entry.Rows != 5 || st.Entry.MinTime != row(10, "a").TimeMs || st.Entry.MaxTime != row(40, "d").TimeMs {
		t.Fatalf("entry of a file written across spills: %+v", st.Entry)
	}
	if _, err := w.Commit(CloudTrail, nil, []Staged{st}, nil); err != nil {
		t.Fatal(err)
	}
	stageAndCommit(t, w, part, []Row[testRow]{row(25, "x")}, true)
	res, err := w.CompactPartition(CloudTrail, part)
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsIn != 6 || res.RowsOut != 5 || res.Duplicates != 1 {
		t.Fatalf("compaction: %+v", res)
	}
	if names := onlyFileNames(t, root, CloudTrail); names != "abxcd" {
		t.Fatalf("rows after compaction %q, want abxcd", names)
	}
}

// commitPulled commits rows as `lakehunt pull` commits a Security Lake
// file: under the name it had in the bucket, with no dedup keys.
func commitPulled(t *testing.T, w *Writer, part Partition, rows []Row[testRow], name string) {
	t.Helper()
	order, _ := SortByPartitionAndTime(rows)
	st := stageRows(t, w, CloudTrail, part, rows, order, false)
	final := filepath.Join(filepath.Dir(st.Final), name+DataFileSuffix)
	if err := os.Rename(TempName(st.Final), TempName(final)); err != nil {
		t.Fatal(err)
	}
	st.Final, st.Entry.Path = final, w.Rel(final)
	if _, err := w.Commit(CloudTrail, nil, []Staged{st}, nil); err != nil {
		t.Fatal(err)
	}
}

// A partition may mix files lakehunt ingested, with dedup keys, and files
// pulled from Security Lake, without: whichever sorts first, compaction
// keeps every ingested key (or ingesting those events again would add them
// twice), gives every row a key, and keeps every distinct row, compacted
// again with later ingests.
func TestCompactKeepsKeysOfAPartitionMixingPulledFiles(t *testing.T) {
	f := func(pulledName string) {
		t.Helper()
		root, w := openTestWriter(t)
		part, _ := NewPartition("us-east-1", "111122223333", testDay)
		row := func(minute int, name string) Row[testRow] { return minuteRow(part, minute, name) }
		ingested := []Row[testRow]{row(10, "a"), row(20, "b")}
		stageAndCommit(t, w, part, ingested, true)
		// Two distinct rows and a copy of one: pulled rows are told apart
		// by their content.
		commitPulled(t, w, part, []Row[testRow]{row(15, "p"), row(25, "q")}, pulledName)
		commitPulled(t, w, part, []Row[testRow]{row(25, "q")}, pulledName+"-again")

		res, err := w.CompactPartition(CloudTrail, part)
		if err != nil {
			t.Fatal(err)
		}
		if res.FilesIn != 3 || res.RowsOut != 4 || res.Duplicates != 1 {
			t.Errorf("pulled file %s: compaction %+v, want 3 files in, 4 rows out, 1 duplicate", pulledName, res)
		}
		keys, err := CommittedKeys(root, CloudTrail, part)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ingested {
			if _, ok := keys[r.Key]; !ok {
				t.Errorf("pulled file %s: the key of ingested row %s is lost", pulledName, r.Value.Name)
			}
		}
		if len(keys) != 4 {
			t.Errorf("pulled file %s: %d distinct keys for 4 rows", pulledName, len(keys))
		}
		if problems, err := w.Verify(); err != nil || len(problems) != 0 {
			t.Errorf("pulled file %s: verify after compaction: %v %v", pulledName, problems, err)
		}

		stageAndCommit(t, w, part, []Row[testRow]{row(30, "c"), row(20, "b")}, true)
		if _, err := w.CompactPartition(CloudTrail, part); err != nil {
			t.Fatal(err)
		}
		if names := onlyFileNames(t, root, CloudTrail); names != "apbqc" {
			t.Errorf("pulled file %s: rows after compacting again %q, want apbqc", pulledName, names)
		}
	}
	f("0-pulled") // sorts before every name lakehunt writes
	f("z-pulled") // and after
}
