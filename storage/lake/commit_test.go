package lake

import (
	"github.com/parquet-go/parquet-go"

	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

type testRow struct {
	Time int64  `parquet:"time"`
	Name string `parquet:"name"`
}

// stageRows writes rows picked by order to a file of their own, as a
// worker that commits after one spill does.
func stageRows[T any](t testing.TB, w *Writer, table Table, part Partition, rows []Row[T], order []int32, withKeys bool) Staged {
	t.Helper()
	pf, err := CreatePartFile[T](w, table, part, withKeys)
	if err != nil {
		t.Fatal(err)
	}
	if err := pf.Append(rows, order); err != nil {
		t.Fatal(err)
	}
	st, ok, err := pf.Finish()
	if err != nil || !ok {
		t.Fatalf("cannot stage %d rows: %v", len(order), err)
	}
	return st
}

func stageTestRows(t *testing.T, w *Writer, n int) Staged {
	t.Helper()
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	part, err := NewPartition("us-east-1", "111122223333", day)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]Row[testRow], n)
	for i := range rows {
		ms := day.Add(time.Duration(n-i) * time.Minute).UnixMilli()
		rows[i] = Row[testRow]{Value: testRow{Time: ms, Name: "r"}, Part: part, TimeMs: ms, Key: [16]byte{byte(i), byte(i >> 8), 1}}
	}
	order, runs := SortByPartitionAndTime(rows)
	if len(runs) != 1 {
		t.Fatalf("want one partition run, got %v", runs)
	}
	st := stageRows(t, w, CloudTrail, part, rows, order, true)
	if st.Entry.MinTime > st.Entry.MaxTime {
		t.Fatalf("rows not sorted: min %d > max %d", st.Entry.MinTime, st.Entry.MaxTime)
	}
	return st
}

// dataFiles returns the data files on disk under root: those with their
// final names, which readers may see, and staged ones under temporary names.
func dataFiles(t *testing.T, root string) (final, staged []string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		switch {
		case err == nil && d.IsDir() && d.Name() == metaDir:
			return filepath.SkipDir // sidecars, named like the data files
		case err != nil || d.IsDir():
			return err
		case strings.HasSuffix(path, DataFileSuffix):
			final = append(final, path)
		case isTempName(d.Name()) && strings.HasSuffix(path, DataFileSuffix+".tmp"):
			staged = append(staged, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("cannot walk the lake: %v", err)
	}
	return final, staged
}

func TestCommitMakesFilesVisible(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	st := stageTestRows(t, w, 10)
	if final, staged := dataFiles(t, root); len(final) != 0 || !slices.Equal(staged, []string{TempName(st.Final)}) {
		t.Fatalf("before commit: files %v staged %v, want only %s staged", final, staged, TempName(st.Final))
	}
	src := SourceEntry{Name: "/logs/a.json", Size: 10, ModTime: time.Unix(1, 0), Records: 10, Events: 10}
	if _, err := w.Commit(CloudTrail, []SourceEntry{src}, []Staged{st}, nil); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if final, staged := dataFiles(t, root); !slices.Equal(final, []string{st.Final}) || len(staged) != 0 {
		t.Fatalf("after commit: files %v staged %v, want only %s", final, staged, st.Final)
	}
	if _, err := os.Stat(dirtyMarker(root)); !os.IsNotExist(err) {
		t.Fatalf("a writer that committed everything left the lake marked dirty: %v", err)
	}
	commits, err := ReadManifest(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := IngestedSources(commits, CloudTrail)[src.Identity()]; !ok {
		t.Fatalf("source not in manifest: %+v", commits)
	}
	part := Partition{Region: "us-east-1", AccountID: "111122223333", EventDay: "20240305"}
	keys, err := CommittedKeys(root, CloudTrail, part)
	if err != nil || len(keys) != 10 {
		t.Fatalf("keys: %d, %v", len(keys), err)
	}
	infos, err := Info(root)
	if err != nil || infos[0].Rows != 10 || infos[0].Files != 1 || infos[0].Partitions != 1 {
		t.Fatalf("info: %+v %v", infos, err)
	}
}

func TestRecoveryFinishesRecordedCommitAndDropsGarbage(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	recorded := stageTestRows(t, w, 5)
	abandoned := stageTestRows(t, w, 7)
	// Simulate a crash right after the commit point: the pending record is
	// on disk but no rename has happened.
	c := Commit{ID: "crash", Table: CloudTrail.Source, Files: []FileEntry{recorded.Entry}}
	if err := writeFileSync(filepath.Join(pendingDir(root), "crash.json"), mustJSON(t, c)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(dirtyMarker(root)); err != nil {
		t.Fatalf("a writer with staged files left uncommitted must leave the lake marked dirty: %v", err)
	}

	w, err = OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if final, staged := dataFiles(t, root); !slices.Equal(final, []string{recorded.Final}) || len(staged) != 0 {
		t.Fatalf("after recovery: files %v staged %v, want only %s", final, staged, recorded.Final)
	}
	if _, err := os.Stat(TempName(abandoned.Final)); !os.IsNotExist(err) {
		t.Fatalf("abandoned temp file still there: %v", err)
	}
	commits, _ := ReadManifest(root)
	if len(commits) != 1 || commits[0].ID != "crash" {
		t.Fatalf("manifest after recovery: %+v", commits)
	}
}

func TestWriterLockIsExclusive(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := OpenWriter(root); err == nil || !strings.Contains(err.Error(), "another lakehunt process") {
		t.Fatalf("second writer: %v", err)
	}
}

func TestPartitionValidation(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	f := func(region, account string, wantErr bool, want string) {
		t.Helper()
		p, err := NewPartition(region, account, day)
		if (err != nil) != wantErr {
			t.Fatalf("NewPartition(%q, %q): err %v, want error %v", region, account, err, wantErr)
		}
		if err == nil && p.Path() != want {
			t.Fatalf("NewPartition(%q, %q) = %s, want %s", region, account, p.Path(), want)
		}
	}
	f("us-east-1", "111122223333", false, "region=us-east-1/accountId=111122223333/eventDay=20240305")
	f("", "", false, "region=unknown/accountId=000000000000/eventDay=20240305")
	f("us-gov-west-1", "111122223333", false, "region=us-gov-west-1/accountId=111122223333/eventDay=20240305")
	f("ca-south-3r", "987654321", false, "region=ca-south-3r/accountId=987654321/eventDay=20240305")
	f("../etc", "111122223333", false, "region=unknown/accountId=111122223333/eventDay=20240305")
	f("us-east-1/x", "111122223333", false, "region=unknown/accountId=111122223333/eventDay=20240305")
	f("us-east-1", "../../x", false, "region=us-east-1/accountId=000000000000/eventDay=20240305")
	f("us-east-1", "redacted", false, "region=us-east-1/accountId=000000000000/eventDay=20240305")
	f("cn-north-1", "REDACTED", false, "region=cn-north-1/accountId=000000000000/eventDay=20240305")
	f(".", "..", false, "region=unknown/accountId=000000000000/eventDay=20240305")
	f(strings.Repeat("a", 300), "111122223333", false, "region=unknown/accountId=111122223333/eventDay=20240305")
	if p, err := NewPartition("us-east-1", "1", time.Date(2024, 3, 5, 23, 30, 0, 0, time.FixedZone("UTC-2", -2*3600))); err != nil || p.EventDay != "20240306" {
		t.Fatalf("the day is the UTC day: %+v %v", p, err)
	}
	if p, err := NewPartition("us-east-1", "1", time.Date(7, 1, 2, 0, 0, 0, 0, time.UTC)); err != nil || p.EventDay != "00070102" {
		t.Fatalf("years pad to four digits: %+v %v", p, err)
	}
	if _, err := NewPartition("us-east-1", "1", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Fatal("a five-digit year made an eventDay")
	}
	if err := (Partition{Region: "..", AccountID: "1", EventDay: "20240305"}).Validate(); err == nil {
		t.Fatal("Validate accepted region \"..\"")
	}
	if err := (Partition{Region: "x", AccountID: "1", EventDay: "2024030"}).Validate(); err == nil {
		t.Fatal("Validate accepted a 7-digit eventDay")
	}
}

// Regression: parquet-go's GenericWriter.Reset wrote empty path_in_schema
// entries, which Trino and Spark need to find column chunks.
func TestWrittenFilesKeepColumnPaths(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for i := 0; i < 2; i++ {
		st := stageTestRows(t, w, 3)
		f, err := os.Open(TempName(st.Final))
		if err != nil {
			t.Fatal(err)
		}
		info, _ := f.Stat()
		pf, err := parquet.OpenFile(f, info.Size())
		if err != nil {
			t.Fatal(err)
		}
		for _, rg := range pf.Metadata().RowGroups {
			for _, col := range rg.Columns {
				if len(col.MetaData.PathInSchema) == 0 {
					t.Fatalf("file %d: a column chunk has no path_in_schema", i)
				}
			}
		}
		f.Close()
	}
}

// Regression (crash matrix, compaction killed between its renames and the
// move of its record into the manifest): verify reported the new file as
// "not in the manifest" and the replaced ones as missing, though the commit
// was recorded and the next writer finishes it.
func TestVerifyFinishesARecordedCommit(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	recorded := stageTestRows(t, w, 5)
	c := Commit{ID: "crash", Table: CloudTrail.Source, Files: []FileEntry{recorded.Entry}}
	if err := writeFileSync(filepath.Join(pendingDir(root), "crash.json"), mustJSON(t, c)); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(TempName(recorded.Final), recorded.Final); err != nil {
		t.Fatal(err)
	}
	w.Close()
	problems, err := Verify(root)
	if err != nil || len(problems) != 0 {
		t.Fatalf("verify of a lake with a recorded commit: %v %v", problems, err)
	}
	if commits, _ := ReadManifest(root); len(commits) != 1 || commits[0].ID != "crash" {
		t.Fatalf("manifest after verify: %+v", commits)
	}
	if _, err := Verify(filepath.Join(root, "absent")); err == nil {
		t.Fatal("verify of a directory that is not a lake succeeded")
	}
}

// One CloudTrail source can hold management and data events: its files in
// two tables are one commit, recorded under the table that records the
// source, and a crash after the commit point finishes both. Info and
// Verify find each file in the table its path names.
func TestOneCommitSpansTables(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	part, err := NewPartition("us-east-1", "111122223333", day)
	if err != nil {
		t.Fatal(err)
	}
	stage := func(table Table, n int) Staged {
		rows := make([]Row[testRow], n)
		for i := range rows {
			ms := day.Add(time.Duration(i) * time.Minute).UnixMilli()
			rows[i] = Row[testRow]{Value: testRow{Time: ms, Name: table.Source}, Table: table.Source, Part: part, TimeMs: ms,
				Key: [16]byte{byte(i), 2}}
		}
		order, runs := SortByPartitionAndTime(rows)
		if len(runs) != 1 {
			t.Fatalf("want one run, got %v", runs)
		}
		return stageRows(t, w, table, part, rows, order, true)
	}
	management, data := stage(CloudTrail, 3), stage(S3Data, 2)
	src := SourceEntry{Name: "/logs/mixed.json", Size: 10, ModTime: time.Unix(1, 0), Records: 5, Events: 5}
	c := Commit{ID: "crash", Table: CloudTrail.Source, Sources: []SourceEntry{src}, Files: []FileEntry{management.Entry, data.Entry}}
	if err := writeFileSync(filepath.Join(pendingDir(root), "crash.json"), mustJSON(t, c)); err != nil {
		t.Fatal(err)
	}
	w.Close()

	if problems, err := Verify(root); err != nil || len(problems) > 0 {
		t.Fatalf("verify: %v %v", problems, err)
	}
	for _, f := range []Staged{management, data} {
		if _, err := os.Stat(f.Final); err != nil {
			t.Fatalf("recovery did not finish %s: %v", f.Entry.Path, err)
		}
	}
	if keys, err := CommittedKeys(root, S3Data, part); err != nil || len(keys) != 2 {
		t.Fatalf("S3_DATA keys: %d, %v", len(keys), err)
	}
	infos, err := Info(root)
	if err != nil {
		t.Fatal(err)
	}
	byTable := map[string]TableInfo{}
	for _, ti := range infos {
		byTable[ti.Table] = ti
	}
	f := func(table string, files int, rows int64, sources, commits int) {
		t.Helper()
		ti := byTable[table]
		if ti.Files != files || ti.Rows != rows || ti.Sources != sources || ti.Commits != commits {
			t.Errorf("%s: %d files, %d rows, %d sources, %d commits; want %d, %d, %d, %d",
				table, ti.Files, ti.Rows, ti.Sources, ti.Commits, files, rows, sources, commits)
		}
	}
	f(CloudTrail.Source, 1, 3, 1, 1)
	f(S3Data.Source, 1, 2, 0, 1)
	f(LambdaExecution.Source, 0, 0, 0, 0)
	commits, err := ReadManifest(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := IngestedSources(commits, CloudTrail)[src.Identity()]; !ok {
		t.Fatal("the source is not recorded under CLOUD_TRAIL_MGMT")
	}
}
