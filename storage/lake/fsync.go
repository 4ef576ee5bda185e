package lake

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeFileSync writes data to a temporary name beside path, syncs it and
// renames it into place, then syncs the directory: after it returns the
// file exists whole or not at all, whatever happens to the process.
func writeFileSync(path string, data []byte) error {
	tmp := TempName(path)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("cannot sync directory %s: %w", dir, err)
	}
	return nil
}

// TempName is the uncommitted name of path: hidden and with a suffix that
// no reader's glob matches.
func TempName(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
}

// isTempName tells whether a file name is an uncommitted temporary.
func isTempName(name string) bool {
	return len(name) > 5 && name[0] == '.' && filepath.Ext(name) == ".tmp"
}
