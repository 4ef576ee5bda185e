package lake

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// touchLakeFiles creates empty files at the given paths under root: listing
// only looks at names.
func touchLakeFiles(t *testing.T, root string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestListFilesWindow(t *testing.T) {
	root := t.TempDir()
	ct := "aws/CLOUD_TRAIL_MGMT/2.0/"
	touchLakeFiles(t, root,
		ct+"region=us-east-1/accountId=111122223333/eventDay=20240301/a"+DataFileSuffix,
		ct+"region=us-east-1/accountId=111122223333/eventDay=20240301/b"+DataFileSuffix,
		ct+"region=us-east-1/accountId=111122223333/eventDay=20240302/c"+DataFileSuffix,
		ct+"region=eu-west-1/accountId=111122223333/eventDay=20240303/d"+DataFileSuffix,
		// Everything below is not committed data and must be ignored.
		ct+"region=us-east-1/accountId=111122223333/eventDay=20240302/.e"+DataFileSuffix+".tmp",
		ct+"region=us-east-1/accountId=111122223333/eventDay=20240302/_f"+DataFileSuffix,
		ct+"region=us-east-1/accountId=111122223333/eventDay=20240302/g.gz.parquet",
		ct+"region=us-east-1/accountId=111122223333/eventDay=20240302/sub/h"+DataFileSuffix,
		ct+"region=us-east-1/accountId=111122223333/eventDay=notaday/i"+DataFileSuffix,
		ct+"region=us-east-1/accountId=111122223333/day=20240302/j"+DataFileSuffix,
		ct+"region=us-east-1/eventDay=20240302/k"+DataFileSuffix,
		ct+"metadata/00001.metadata.json",
		ct+"region=../accountId=111122223333/eventDay=20240302/l"+DataFileSuffix,
		"aws/VPC_FLOW/2.0/region=us-east-1/accountId=111122223333/eventDay=20240301/m"+DataFileSuffix,
	)
	partDir := func(region, day string) string {
		return filepath.Join(root, "aws", "CLOUD_TRAIL_MGMT", "2.0", "region="+region, "accountId=111122223333", "eventDay="+day)
	}
	a := filepath.Join(partDir("us-east-1", "20240301"), "a"+DataFileSuffix)
	b := filepath.Join(partDir("us-east-1", "20240301"), "b"+DataFileSuffix)
	c := filepath.Join(partDir("us-east-1", "20240302"), "c"+DataFileSuffix)
	d := filepath.Join(partDir("eu-west-1", "20240303"), "d"+DataFileSuffix)
	day := func(d int, hour int) time.Time { return time.Date(2024, 3, d, hour, 0, 0, 0, time.UTC) }

	f := func(name string, from, to time.Time, want []string) {
		t.Helper()
		files, total, err := ListFiles(root, CloudTrail, from, to)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if total != 4 {
			t.Errorf("%s: total = %d, want 4", name, total)
		}
		if !reflect.DeepEqual(files, want) {
			t.Errorf("%s: files =\n%v\nwant\n%v", name, files, want)
		}
		if window, err := ListWindowFiles(root, CloudTrail, from, to); err != nil || !reflect.DeepEqual(window, want) {
			t.Errorf("%s: ListWindowFiles = %v, %v; want %v", name, window, err, want)
		}
	}
	f("unbounded", time.Time{}, time.Time{}, []string{d, a, b, c})
	f("one day", day(1, 0), day(2, 0), []string{a, b})
	f("to is exclusive", day(2, 0), day(3, 0), []string{c})
	f("partial days overlap", day(1, 23), day(2, 1), []string{a, b, c})
	f("from only", day(2, 12), time.Time{}, []string{d, c})
	f("to only", time.Time{}, day(1, 1), []string{a, b})
	f("before the lake", day(1, 0).AddDate(0, 0, -10), day(1, 0), nil)
	f("after the lake", day(4, 0), day(5, 0), nil)
}

func TestListFilesMissingTable(t *testing.T) {
	files, total, err := ListFiles(t.TempDir(), VPCFlow, time.Time{}, time.Time{})
	if err != nil || files != nil || total != 0 {
		t.Fatalf("ListFiles on an empty lake = %v, %d, %v; want nothing", files, total, err)
	}
}

func TestListPartitions(t *testing.T) {
	root := t.TempDir()
	touchLakeFiles(t, root,
		"aws/VPC_FLOW/2.0/region=us-west-2/accountId=222233334444/eventDay=20240102/x"+DataFileSuffix,
		"aws/VPC_FLOW/2.0/region=us-west-2/accountId=111122223333/eventDay=20240102/x"+DataFileSuffix,
		"aws/VPC_FLOW/2.0/region=unknown/accountId=000000000000/eventDay=20240101/x"+DataFileSuffix,
		"aws/VPC_FLOW/2.0/region=us-west-2/accountId=111122223333/eventDay=20240101/x"+DataFileSuffix,
		"aws/VPC_FLOW/2.0/region=us-west-2/accountId=12.3/eventDay=20240101/x"+DataFileSuffix,
	)
	got, err := ListPartitions(root, VPCFlow)
	if err != nil {
		t.Fatal(err)
	}
	want := []Partition{
		{Region: "unknown", AccountID: "000000000000", EventDay: "20240101"},
		{Region: "us-west-2", AccountID: "111122223333", EventDay: "20240101"},
		{Region: "us-west-2", AccountID: "111122223333", EventDay: "20240102"},
		{Region: "us-west-2", AccountID: "222233334444", EventDay: "20240102"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ListPartitions =\n%v\nwant\n%v", got, want)
	}
}

// TestListWindowFilesTombstones checks that listing the window's partitions
// hides what tombstones replace as listing them all does: a compaction's
// tombstone, within its partition, and one that replaces a file of the
// window by files of another day, for which the window's listing cannot
// tell whether the replacements appeared.
func TestListWindowFilesTombstones(t *testing.T) {
	root := t.TempDir()
	dir := "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=111122223333/"
	rel := func(day, name string) string { return dir + "eventDay=" + day + "/" + name + DataFileSuffix }
	touchLakeFiles(t, root, rel("20240301", "old1"), rel("20240301", "old2"), rel("20240301", "new"),
		rel("20240302", "moved"), rel("20240302", "other"))
	tomb := func(id string, removed []string, replaced ...string) {
		t.Helper()
		c := Commit{ID: id, Time: time.Now(), Table: CloudTrail.Source, Removed: removed}
		for _, r := range replaced {
			c.Files = append(c.Files, FileEntry{Path: r})
		}
		if err := writeTombstone(root, c); err != nil {
			t.Fatal(err)
		}
	}
	from, to := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)
	f := func(name string, want ...string) {
		t.Helper()
		files, _, err := ListFiles(root, CloudTrail, from, to)
		if err != nil {
			t.Fatal(err)
		}
		window, err := ListWindowFiles(root, CloudTrail, from, to)
		if err != nil {
			t.Fatal(err)
		}
		var wantPaths []string
		for _, w := range want {
			wantPaths = append(wantPaths, filepath.Join(root, filepath.FromSlash(w)))
		}
		if !reflect.DeepEqual(files, wantPaths) || !reflect.DeepEqual(window, wantPaths) {
			t.Errorf("%s: ListFiles %v, ListWindowFiles %v; want %v", name, files, window, wantPaths)
		}
	}
	tomb("compaction", []string{rel("20240301", "old1")}, rel("20240301", "new"))
	f("compaction", rel("20240301", "new"), rel("20240301", "old2"))
	tomb("across", []string{rel("20240301", "old2")}, rel("20240302", "moved"))
	f("across", rel("20240301", "new"))
}
