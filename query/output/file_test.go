package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	entries := func() []string {
		t.Helper()
		list, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range list {
			names = append(names, e.Name())
		}
		return names
	}
	content := func() string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	if err := WriteFile(path, func(f *os.File) error {
		if _, err := f.WriteString("a,b\n"); err != nil {
			return err
		}
		// Nothing is at path until the write is done.
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists while being written: %v", path, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := content(); got != "a,b\n" {
		t.Errorf("wrote %q", got)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm()&0o400 == 0 {
		t.Errorf("mode %v, %v", info.Mode(), err)
	}

	// A failed write leaves no partial file, and what was there before.
	boom := errors.New("boom")
	err := WriteFile(path, func(f *os.File) error {
		f.WriteString("partial")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("WriteFile returned %v, want the write's error", err)
	}
	if got := content(); got != "a,b\n" {
		t.Errorf("after a failed write the file holds %q", got)
	}
	fresh := filepath.Join(dir, "fresh.json")
	if err := WriteFile(fresh, func(f *os.File) error { f.WriteString("{"); return boom }); !errors.Is(err, boom) {
		t.Errorf("WriteFile returned %v", err)
	}
	if got := strings.Join(entries(), " "); got != "out.csv" {
		t.Errorf("after failed writes the directory holds %s, want out.csv only", got)
	}

	// A writer that needs a path writes to the temporary file's name.
	if err := WriteFile(path, func(f *os.File) error { return os.WriteFile(f.Name(), []byte("by name\n"), 0o644) }); err != nil {
		t.Fatal(err)
	}
	if got := content(); got != "by name\n" {
		t.Errorf("wrote %q", got)
	}

	// A device is written in place.
	if err := WriteFile(os.DevNull, func(f *os.File) error { _, err := f.WriteString("x"); return err }); err != nil {
		t.Errorf("writing %s: %v", os.DevNull, err)
	}

	if err := WriteFile(filepath.Join(dir, "missing", "x.csv"), func(*os.File) error { return nil }); err == nil {
		t.Error("WriteFile into a missing directory succeeded")
	}
}
