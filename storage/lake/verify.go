package lake

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/parquet-go/parquet-go"
)

// Verify reads the footer of every data file and checks the manifest
// against the files: every committed file is present with its size and row
// count, every data file on disk is committed, key sidecars hold one
// key per row, and the issued-session indexes of the days' files read. It
// returns one line per problem.
//
// It holds the writer lock while it checks: a commit that a killed writer
// recorded but did not finish is finished first (it is committed by the
// protocol, so reporting it as a mismatch would be a false alarm), and a
// running ingest cannot move files under the check.
func Verify(root string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(root, metaDir)); err != nil {
		return nil, fmt.Errorf("%s is not a lake: %w", root, err)
	}
	w, err := OpenWriter(root)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	return w.Verify()
}

// Verify is lake.Verify for the holder of the writer lock.
func (w *Writer) Verify() ([]string, error) {
	root := w.Root
	commits, err := ReadManifest(root)
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, t := range Tables {
		live := map[string]FileEntry{}
		for _, c := range commits {
			added, removed := c.FilesIn(t)
			for _, f := range added {
				live[f.Path] = f
			}
			for _, r := range removed {
				delete(live, r)
			}
		}
		onDisk, _, err := ListFiles(root, t, time.Time{}, time.Time{})
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, path := range onDisk {
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			seen[rel] = true
			entry, ok := live[rel]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: data file not in the manifest", rel))
			}
			problems = append(problems, verifyFile(root, rel, entry, ok)...)
		}
		var missing []string
		for rel := range live {
			if !seen[rel] {
				missing = append(missing, fmt.Sprintf("%s: in the manifest but missing", rel))
			}
		}
		sort.Strings(missing)
		problems = append(problems, missing...)
		problems = append(problems, verifyIssuedIndexes(root, t, onDisk)...)
	}
	return problems, nil
}

func verifyFile(root, rel string, entry FileEntry, inManifest bool) []string {
	path := filepath.Join(root, rel)
	f, err := os.Open(path)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", rel, err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", rel, err)}
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return []string{fmt.Sprintf("%s: unreadable footer: %v", rel, err)}
	}
	if !inManifest {
		return nil
	}
	var problems []string
	if st.Size() != entry.Bytes {
		problems = append(problems, fmt.Sprintf("%s: %d bytes, manifest says %d", rel, st.Size(), entry.Bytes))
	}
	if pf.NumRows() != entry.Rows {
		problems = append(problems, fmt.Sprintf("%s: %d rows, manifest says %d", rel, pf.NumRows(), entry.Rows))
	}
	if entry.Keys != "" {
		kst, err := os.Stat(filepath.Join(root, entry.Keys))
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: key file %s: %v", rel, entry.Keys, err))
		case kst.Size() != 16*pf.NumRows():
			problems = append(problems, fmt.Sprintf("%s: key file holds %d keys for %d rows", rel, kst.Size()/16, pf.NumRows()))
		}
	}
	if entry.Issuing != "" {
		if n, err := parquetRows(filepath.Join(root, entry.Issuing)); err != nil {
			problems = append(problems, fmt.Sprintf("%s: issuing calls %s: %v", rel, entry.Issuing, err))
		} else if n > pf.NumRows() {
			problems = append(problems, fmt.Sprintf("%s: %d issuing calls for %d rows", rel, n, pf.NumRows()))
		}
	}
	if entry.Summary != "" {
		data, err := os.ReadFile(filepath.Join(root, entry.Summary))
		if err == nil {
			_, err = decodeFlowSummary(data)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: summary %s: %v", rel, entry.Summary, err))
		}
	}
	return problems
}

// parquetRows reads the footer of the Parquet file at path.
func parquetRows(path string) (int64, error) {
	f, pf, err := openParquet(path, footerOnly...)
	if err != nil {
		return 0, err
	}
	f.Close()
	return pf.NumRows(), nil
}
