package lake

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeFileSync writes data to a temporary name beside path, syncs it and
// renames it into place, then syncs the directory: after it returns the
// file exists whole or not at all, whatever happens to the process.
func writeFileSync(path string, data []byte) error {
	return writeSynced(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeSynced is writeFileSync of what write writes, through a buffer.
// A failed write leaves no temporary behind.
func writeSynced(path string, write func(io.Writer) error) error {
	tmp := TempName(path)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	buf := bufio.NewWriterSize(f, 256<<10)
	err = write(buf)
	if err == nil {
		err = buf.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
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
