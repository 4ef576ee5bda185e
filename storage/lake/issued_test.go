package lake

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestIssuedIndexPath: an index is named by its day's files, in any
// order, and by nothing else.
func TestIssuedIndexPath(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "aws", "CLOUD_TRAIL_MGMT", "2.0", "region=us-east-1", "accountId=111111111111", "eventDay=20240305")
	a, b, c := filepath.Join(dir, "a.zstd.parquet"), filepath.Join(dir, "b.zstd.parquet"), filepath.Join(dir, "c.zstd.parquet")
	path := IssuedIndexPath(root, CloudTrail, "20240305", []string{a, b})
	if want := filepath.Join(root, "_lakehunt", "issued", "aws", "CLOUD_TRAIL_MGMT", "2.0", "eventDay=20240305"); filepath.Dir(path) != want {
		t.Errorf("index %s, want it in %s", path, want)
	}
	f := func(day string, files []string, same bool) {
		t.Helper()
		if got := IssuedIndexPath(root, CloudTrail, day, files); (got == path) != same {
			t.Errorf("index of %s %v: %s, same as %s: %v, want %v", day, files, got, path, got == path, same)
		}
	}
	f("20240305", []string{b, a}, true)
	f("20240305", []string{a, b, c}, false)
	f("20240305", []string{a}, false)
	f("20240306", []string{a, b}, false)

	if days := FilesByDay(root, CloudTrail, []string{a, c, filepath.Join(root, "elsewhere.parquet")}); len(days) != 1 || !slices.Equal(days["20240305"], []string{a, c}) {
		t.Errorf("files by day: %v", days)
	}
}

// TestWriteIssuedIndex: an index is whole under its name or absent, and
// writing one removes the day's temporaries at once and the indexes it
// replaced once they have been replaced for purgeGracePeriod, which a
// query that listed the day's files before still reads.
func TestWriteIssuedIndex(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	day := "20240305"
	old := IssuedIndexPath(root, CloudTrail, day, []string{"x"})
	path := IssuedIndexPath(root, CloudTrail, day, []string{"y"})
	write := func(p string, err error) error {
		return w.WriteIssuedIndex(p, func(out io.Writer) error {
			if _, werr := out.Write([]byte("index of " + filepath.Base(p))); werr != nil {
				return werr
			}
			return err
		})
	}
	if err := write(old, nil); err != nil {
		t.Fatal(err)
	}
	killed := TempName(filepath.Join(filepath.Dir(path), "killed.parquet"))
	if err := os.WriteFile(killed, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := write(path, errors.New("the query failed")); err == nil {
		t.Fatal("a failed index was written")
	}
	if names := dirNames(t, filepath.Dir(path)); len(names) != 2 || !slices.Contains(names, filepath.Base(old)) {
		t.Errorf("after a failed index the day holds %v, want the old index and the killed temporary", names)
	}
	if err := write(path, nil); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, filepath.Dir(path)); !slices.Equal(names, []string{filepath.Base(old), filepath.Base(path)}) && !slices.Equal(names, []string{filepath.Base(path), filepath.Base(old)}) {
		t.Errorf("the day holds %v, want the index and the one it replaced a moment ago", names)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "index of "+filepath.Base(path) {
		t.Errorf("index %q (%v)", b, err)
	}
	defer SetPurgeGracePeriod(SetPurgeGracePeriod(0))
	if err := w.PurgeIssuedIndexes(); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, filepath.Dir(path)); !slices.Equal(names, []string{filepath.Base(path)}) {
		t.Errorf("after the grace the day holds %v, want only %s", names, filepath.Base(path))
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
