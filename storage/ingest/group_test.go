package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/source"
)

func TestChunkSources(t *testing.T) {
	f := func(workers int, sizes []int64, want []int) {
		t.Helper()
		sources := make([]source.Source, len(sizes))
		for i, size := range sizes {
			sources[i] = source.Source{Name: fmt.Sprintf("s%d", i), Size: size}
		}
		var got []int
		n := 0
		for _, chunk := range chunkSources(sources, workers) {
			got = append(got, len(chunk))
			for _, src := range chunk {
				if src.Name != fmt.Sprintf("s%d", n) {
					t.Fatalf("chunks reorder the sources: got %s at %d", src.Name, n)
				}
				n++
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("chunkSources(%d workers, %v) = chunks of %v, want %v", workers, sizes, got, want)
		}
	}
	f(1, nil, nil)
	// Four chunks per worker at least: 8 sources of 10 bytes, one worker.
	f(1, []int64{10, 10, 10, 10, 10, 10, 10, 10}, []int{2, 2, 2, 2})
	f(2, []int64{10, 10, 10, 10, 10, 10, 10, 10}, []int{1, 1, 1, 1, 1, 1, 1, 1})
	// A source of unknown size (stdin) is a chunk of its own.
	f(1, []int64{10, 10, -1, 10, 10}, []int{1, 1, 1, 1, 1})
	f(1, []int64{-1}, []int{1})
	// Chunks never exceed maxChunkBytes, however few the workers.
	big := make([]int64, 64)
	for i := range big {
		big[i] = 8 << 20
	}
	f(1, big, []int{4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4})
}

// writeDeliveryFolders writes CloudTrail as AWS delivers it: a folder per
// day and a file per five minutes, each file holding the events of the five
// minutes before its delivery, so the first file of a day's folder carries
// the previous day's last minutes.
func writeDeliveryFolders(t *testing.T, dir string, days, perFile int) int {
	t.Helper()
	start := time.Date(2024, 3, 1, 0, 5, 0, 0, time.UTC)
	n := 0
	for delivery := start; delivery.Before(start.Add(time.Duration(days) * 24 * time.Hour)); delivery = delivery.Add(5 * time.Minute) {
		folder := filepath.Join(dir, "AWSLogs", "111122223333", "CloudTrail", "us-east-1", delivery.Format("2006/01/02"))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		times := make([]time.Time, perFile)
		for i := range times {
			times[i] = delivery.Add(-5 * time.Minute).Add(time.Duration(i) * 5 * time.Minute / time.Duration(perFile))
		}
		n = writeTrailFile(t, filepath.Join(folder, "111122223333_CloudTrail_us-east-1_"+delivery.Format("20060102T1504Z")+"_x.json.gz"), n, times,
			describeInstances(func(int) string { return "us-east-1" }))
	}
	return n
}

// Each day ends up in one file although its last minutes are delivered in
// the next day's folder: the partition the last source wrote to stays in
// memory across commits. Before, each day had a second small file, and
// 5M generated events made 721 files for 270 partitions.
func TestDeliveredDaysMakeOneFileEach(t *testing.T) {
	input := t.TempDir()
	want := writeDeliveryFolders(t, input, 4, 10)
	// A delivery without events late in a day holds no partition
	// back, and must not release the day being read either.
	noon := filepath.Join(input, "AWSLogs", "111122223333", "CloudTrail", "us-east-1", "2024", "03", "02")
	writeTrailFile(t, filepath.Join(noon, "111122223333_CloudTrail_us-east-1_20240302T2302Z_empty.json.gz"), want, nil, nil)
	root := t.TempDir()
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	sources, skipped, err := source.Expand(source.CloudTrail, []string{input}, nil)
	if err != nil {
		t.Fatal(err)
	}
	opt := CloudTrailOptions(time.Now())
	opt.Workers, opt.BatchRows = 1, 5000
	s, err := Run(context.Background(), w, sources, skipped, opt)
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if s.Events != int64(want) {
		t.Fatalf("summary counts %d events, want %d", s.Events, want)
	}
	checkEveryEventOnce(t, root, want)
	files, _, err := lake.ListFiles(root, lake.CloudTrail, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	perDay := map[string]int{}
	for _, f := range files {
		perDay[filepath.Base(filepath.Dir(f))]++
	}
	// Four days of folders hold five eventDays: the last folder's last file
	// ends at 00:00 of the fifth day, which holds no event.
	if len(perDay) != 4 {
		t.Fatalf("files in %d eventDay partitions, want 4: %v", len(perDay), perDay)
	}
	for day, n := range perDay {
		if n != 1 {
			t.Errorf("%s has %d files, want 1", day, n)
		}
	}
	if s.Commits < 2 {
		t.Errorf("%d commits: the run should commit as the days finish, not only at its end", s.Commits)
	}
}

// Spills of a flow ingest append row groups to one open file per partition,
// so a partition gets a file per commit, not one per spill.
func TestFlowSpillsAppendToOneFilePerCommit(t *testing.T) {
	f := func(commitRows, wantFiles, wantRowGroups int) {
		t.Helper()
		input := t.TempDir()
		start := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
		const sources, lines = 10, 200
		for s := range sources {
			text := "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
			for i := range lines {
				begin := start.Add(time.Duration(s*lines+i) * time.Second).Unix()
				text += fmt.Sprintf("2 111122223333 eni-0a1b2c3d 10.0.0.%d 198.51.100.7 %d 443 6 3 420 %d %d ACCEPT OK\n", i%250+1, 40000+i, begin, begin+30)
			}
			name := fmt.Sprintf("111122223333_vpcflowlogs_us-east-1_fl-1_20240305T10%02dZ_%d.log", s, s)
			writeFile(t, filepath.Join(input, name), []byte(text))
		}
		root := t.TempDir()
		w, err := lake.OpenWriter(root)
		if err != nil {
			t.Fatal(err)
		}
		srcs, skipped, err := source.Expand(source.VPCFlow, []string{input}, nil)
		if err != nil {
			t.Fatal(err)
		}
		opt := VPCFlowOptions(FlowConfig{})
		opt.Workers, opt.BatchRows, opt.CommitRows = 1, 150, commitRows
		s, err := Run(context.Background(), w, srcs, skipped, opt)
		w.Close()
		if err != nil {
			t.Fatal(err)
		}
		if s.Events != sources*lines {
			t.Fatalf("commit rows %d: %d events, want %d", commitRows, s.Events, sources*lines)
		}
		files, _, err := lake.ListFiles(root, lake.VPCFlow, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != wantFiles || s.Commits != wantFiles {
			t.Fatalf("commit rows %d: %d files in %d commits, want %d", commitRows, len(files), s.Commits, wantFiles)
		}
		var rows int64
		groups := 0
		for _, path := range files {
			got, err := parquet.ReadFile[ocsf.FlowEvent](path)
			if err != nil {
				t.Fatal(err)
			}
			rows += int64(len(got))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			groups += len(pf.RowGroups())
		}
		if groups != wantRowGroups {
			t.Errorf("commit rows %d: %d row groups, want one per spill and commit: %d", commitRows, groups, wantRowGroups)
		}
		if rows != sources*lines {
			t.Fatalf("commit rows %d: the lake holds %d flows, want %d", commitRows, rows, sources*lines)
		}
	}
	f(0, 1, 14)   // the default: one commit; 2,000 rows spilled 150 at a time
	f(500, 4, 14) // a commit after every third source (600 rows)
}
