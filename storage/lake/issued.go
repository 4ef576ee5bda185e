package lake

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Issued-session indexes: for each day of a table with Issuing, one
// Parquet file of the day's issuing calls already parsed into the rows of
// the engine's issuing_calls view, over every region and account of the
// day. The engine reads a day's index instead of its issuing copies
// (issuing.go), one per data file, when the index is of the day's files
// as they are now.
//
// Why: a session trace reads every issuing call of its window, and
// DuckDB pays about 1–1.6 ms of CPU per file it opens whatever it reads of
// it: the 359 copies of the medium bench lake's 30 days cost 0.95 CPU-s
// where the same rows in one file cost 0.22, and parsing their JSON 0.1
// more ('investigate principal' of the medium bench's user, 2-core AMD
// EPYC).
//
// An index is derived data, not part of a commit: its name is a hash of
// the paths of the data files it was made from (IssuedIndexPath), so a
// commit that adds, replaces or removes a file of the day leaves the old
// index unread (a reader looks up the name of the files it reads), and an
// index is either whole under its name or absent (WriteIssuedIndex). The
// engine makes them (it alone parses the calls); ingest and compaction
// make them for the days they change.

const issuedDir = "issued"

// IssuedIndexPath is where the index of table t's day (YYYYMMDD) made
// from the data files files (paths under root, any order) lives.
func IssuedIndexPath(root string, t Table, day string, files []string) string {
	rels := make([]string, len(files))
	for i, f := range files {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			rel = f
		}
		rels[i] = filepath.ToSlash(rel)
	}
	slices.Sort(rels)
	h := sha256.New()
	for _, r := range rels {
		h.Write([]byte(r))
		h.Write([]byte{0})
	}
	return filepath.Join(issuedDayDir(root, t, day), hex.EncodeToString(h.Sum(nil)[:16])+".parquet")
}

func issuedDayDir(root string, t Table, day string) string {
	return filepath.Join(root, metaDir, issuedDir, filepath.FromSlash(t.Path()), "eventDay="+day)
}

// FilesByDay groups files of table t (paths of its partitions under root)
// by their partition's day; files outside any partition are left out.
func FilesByDay(root string, t Table, files []string) map[string][]string {
	days := map[string][]string{}
	for _, f := range files {
		if p, ok := PartitionOf(root, t, f); ok {
			days[p.EventDay] = append(days[p.EventDay], f)
		}
	}
	return days
}

// WriteIssuedIndex writes the index at path (IssuedIndexPath) with write:
// under a temporary name, synced, then renamed, so that a reader sees it
// whole or not at all. Then it removes the day's temporaries, left by a
// killed writer, and the indexes another has replaced for longer than
// purgeGracePeriod: a query that listed the day's files before a commit
// may still read the index of those files, as it may still read the
// files a compaction replaced. The caller holds the writer lock, so that
// the day's files do not change while their index is made.
func (w *Writer) WriteIssuedIndex(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("cannot write issued-session index %s: %w", w.Rel(path), err)
	}
	if err := writeSynced(path, write); err != nil {
		return fmt.Errorf("cannot write issued-session index %s: %w", w.Rel(path), err)
	}
	return removeReplacedIndexes(filepath.Dir(path))
}

// IssuedIndexFile is the index of table t's day made from files
// (IssuedIndexPath), or "" when there is none.
func IssuedIndexFile(root string, t Table, day string, files []string) string {
	if path := IssuedIndexPath(root, t, day, files); fileExists(path) {
		return path
	}
	return ""
}

// PurgeIssuedIndexes removes, from every day of the tables with Issuing,
// what WriteIssuedIndex removes from the day it writes: the indexes
// replaced for longer than purgeGracePeriod, and temporaries. The caller
// holds the writer lock.
func (w *Writer) PurgeIssuedIndexes() error {
	for _, t := range Tables {
		if !t.Issuing {
			continue
		}
		days, err := filepath.Glob(filepath.Join(w.Root, metaDir, issuedDir, filepath.FromSlash(t.Path()), "eventDay=*"))
		if err != nil {
			return err
		}
		for _, dir := range days {
			if err := removeReplacedIndexes(dir); err != nil {
				return fmt.Errorf("cannot purge the issued-session indexes of %s: %w", w.Rel(dir), err)
			}
		}
	}
	return nil
}

// removeReplacedIndexes removes from a day's directory the temporaries
// and each index replaced for longer than purgeGracePeriod: an index was
// replaced when the next one was written (their file times). The latest
// index stays, whether or not the day's files are still those it was
// made from (a reader only reads the index of the files it lists).
func removeReplacedIndexes(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	type index struct {
		name    string
		written time.Time
	}
	var indexes []index
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if isTempName(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !os.IsNotExist(err) {
				return err
			}
			continue
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		indexes = append(indexes, index{e.Name(), info.ModTime()})
	}
	slices.SortFunc(indexes, func(a, b index) int { return a.written.Compare(b.written) })
	for i := 0; i+1 < len(indexes); i++ {
		if time.Since(indexes[i+1].written) < purgeGracePeriod {
			continue
		}
		if err := os.Remove(filepath.Join(dir, indexes[i].name)); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// verifyIssuedIndexes checks the indexes of table t against its data files
// (every committed file, files): an index of a day's files as they are
// now must read as Parquet. Indexes of earlier files of a day are never
// read and are left to the next index of the day; an index of a day with
// no files left is reported, as nothing will replace it.
func verifyIssuedIndexes(root string, t Table, files []string) []string {
	if !t.Issuing {
		return nil
	}
	dir := filepath.Join(root, metaDir, issuedDir, filepath.FromSlash(t.Path()))
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return []string{fmt.Sprintf("issued-session indexes of %s: %v", t.View, err)}
	}
	byDay := FilesByDay(root, t, files)
	var problems []string
	for _, e := range entries {
		day, ok := strings.CutPrefix(e.Name(), "eventDay=")
		if !e.IsDir() || !ok {
			continue
		}
		rel := filepath.ToSlash(filepath.Join(metaDir, issuedDir, t.Path(), e.Name()))
		dayFiles := byDay[day]
		if len(dayFiles) == 0 {
			problems = append(problems, fmt.Sprintf("%s: issued-session index of a day with no data files", rel))
			continue
		}
		current := IssuedIndexPath(root, t, day, dayFiles)
		if !fileExists(current) {
			continue
		}
		if _, err := parquetRows(current); err != nil {
			problems = append(problems, fmt.Sprintf("%s/%s: issued-session index: %v", rel, filepath.Base(current), err))
		}
	}
	return problems
}
