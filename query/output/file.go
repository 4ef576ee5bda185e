package output

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// WriteFile creates the file at path with write, so that it appears whole
// or not at all: write fills a temporary file beside path (given as an
// *os.File so that a writer needing a path, such as DuckDB's COPY, can
// write to f.Name()), which is renamed over path once write and closing
// succeeded, and removed otherwise, leaving path as it was. A symbolic
// link at path is replaced, as a rename does; a device or a pipe, such as
// /dev/stdout, is written in place.
func WriteFile(path string, write func(f *os.File) error) (err error) {
	if info, statErr := os.Stat(path); statErr == nil && !info.Mode().IsRegular() && !info.IsDir() {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		return errors.Join(write(f), f.Close())
	}
	f, err := createBeside(path)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if err == nil {
			return
		}
		if !closed {
			f.Close()
		}
		os.Remove(f.Name())
	}()
	if err := write(f); err != nil {
		return err
	}
	closed = true
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// createBeside creates a new hidden file in the directory of path. Unlike
// os.CreateTemp's 0600, its mode is what os.Create would give path.
func createBeside(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			if err != nil {
				return nil, fmt.Errorf("cannot write %s: %w", path, err)
			}
			return f, nil
		}
	}
	return nil, fmt.Errorf("cannot write %s: no free temporary name beside it", path)
}
