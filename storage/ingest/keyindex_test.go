package ingest

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// writeDays writes one .jsonl file per day from 2024-03-01, each with
// perDay events of one account and region, and returns their directory.
func writeDays(t *testing.T, days, perDay int) string {
	t.Helper()
	dir := t.TempDir()
	for d := range days {
		var lines []string
		for i := range perDay {
			lines = append(lines, dayEvent(d, i))
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("day%02d.jsonl", d+1)), []byte(strings.Join(lines, "\n")+"\n"))
	}
	return dir
}

// dayEvent is event i of day d: the same (d, i) is the same event.
func dayEvent(d, i int) string {
	return fmt.Sprintf(`{"eventVersion":"1.09","eventTime":"2024-03-%02dT10:%02d:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventID":"00000000-0000-4000-8000-%04d%08d","userIdentity":{"type":"IAMUser","accountId":"111122223333","userName":"alice"}}`, d+1, i, d, i)
}

func TestKeyIndexDropsCommittedPartitionsPastItsBudget(t *testing.T) {
	root := t.TempDir()
	ingestCloudTrail(t, root, writeDays(t, 6, 5))
	parts, err := lake.ListPartitions(root, lake.CloudTrail)
	if err != nil || len(parts) != 6 {
		t.Fatalf("partitions %v, %v", parts, err)
	}
	place := func(i int) lake.Place { return lake.Place{Table: lake.CloudTrail.Source, Part: parts[i]} }
	committedKey := func(i int) [16]byte {
		keys, err := lake.CommittedKeys(root, lake.CloudTrail, parts[i])
		if err != nil || len(keys) != 5 {
			t.Fatalf("keys of %s: %d, %v", parts[i].Path(), len(keys), err)
		}
		for k := range keys {
			return k
		}
		panic("unreachable")
	}
	k := newKeyIndex(root, 10)
	f := func(i int, key [16]byte, wantNew bool) {
		t.Helper()
		fresh, err := k.add(place(i), key)
		if err != nil || fresh != wantNew {
			t.Fatalf("add to %s: new %v, %v; want new %v", parts[i].Path(), fresh, err, wantNew)
		}
	}
	for i := range parts {
		f(i, committedKey(i), false)
	}
	fresh := [16]byte{1}
	f(5, fresh, true) // pending: the last partition cannot be dropped
	if k.keys != 31 {
		t.Fatalf("%d keys, want 31", k.keys)
	}
	// Everything was touched since the last trim: nothing goes.
	k.committed(nil)
	if len(k.parts) != 6 {
		t.Fatalf("first trim kept %d partitions, want 6", len(k.parts))
	}
	// Now the idle ones go, least recently touched first, down to the
	// budget; the partition with a pending key stays.
	f(4, committedKey(4), false)
	k.committed(nil)
	if len(k.parts) != 2 || k.keys != 11 || k.parts[place(4)] == nil || k.parts[place(5)] == nil {
		t.Fatalf("second trim kept %d partitions with %d keys, want 4 and 5 with 11", len(k.parts), k.keys)
	}
	// A dropped partition is read back from its sidecars.
	f(0, committedKey(0), false)
	f(0, [16]byte{2}, true)
	// Once committed, its key no longer holds the last partition: both
	// idle partitions go, and the one with a pending key stays.
	k.committed(map[lake.Place]int{place(5): 1})
	if len(k.parts) != 1 || k.keys != 6 || k.parts[place(0)] == nil {
		t.Fatalf("third trim kept %d partitions with %d keys, want the first with 6", len(k.parts), k.keys)
	}
}

// With a budget far below its input, a run still drops every copy of an
// event seen earlier in the run, after its partition left the index.
func TestDedupAcrossDroppedPartitions(t *testing.T) {
	dir := writeDays(t, 8, 5)
	// The last file repeats three events of the first day and adds two.
	last := []string{dayEvent(0, 0), dayEvent(0, 3), dayEvent(0, 4), dayEvent(8, 0), dayEvent(8, 1)}
	writeFile(t, filepath.Join(dir, "day99.jsonl"), []byte(strings.Join(last, "\n")+"\n"))
	root := t.TempDir()
	opt := CloudTrailOptions(time.Now())
	opt.Workers = 1
	opt.BatchRows = 4 // commits after about every source
	opt.keyBudget = 6
	s := runCloudTrail(t, root, opt, dir)
	if s.Events != 42 || s.Duplicates != 3 || s.Commits < 8 {
		t.Fatalf("events %d, duplicates %d in %d commits; want 42 and 3 in at least 8", s.Events, s.Duplicates, s.Commits)
	}
	if n := len(lakeEvents(t, root)); n != 42 {
		t.Fatalf("the lake holds %d events, want 42", n)
	}
}

// BenchmarkKeyIndexBytesPerKey measures the heap a key of the index costs,
// the figure its budget is set by: 1M new keys in one partition.
func BenchmarkKeyIndexBytesPerKey(b *testing.B) {
	root := b.TempDir()
	part, err := lake.NewPartition("us-east-1", "111122223333", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	place := lake.Place{Table: lake.CloudTrail.Source, Part: part}
	const keys = 1 << 20
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		k := newKeyIndex(root, 0)
		for i := range keys {
			var key [16]byte
			binary.LittleEndian.PutUint64(key[:], uint64(i)*0x9e3779b97f4a7c15)
			if _, err := k.add(place, key); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/keys, "B/key")
		runtime.KeepAlive(k)
	}
}
