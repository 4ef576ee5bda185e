package lake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Writer is the single writer of a lake. It holds the lock from Open to
// Close, and serialises commits of concurrent workers.
type Writer struct {
	Root string
	lock *os.File
	mu   sync.Mutex
	seq  int64
	// uncommitted counts temporary files staged and not yet committed: a
	// writer that closes with none leaves no garbage, so the next one need
	// not walk the lake for it.
	uncommitted atomic.Int64
}

// dirtyMarker exists while a writer holds the lake, and after one that
// stopped with staged files uncommitted (killed, or failed): only then does
// the next writer walk the whole lake for abandoned temporary files.
func dirtyMarker(root string) string { return filepath.Join(root, metaDir, "dirty") }

// Staged is a file written under its temporary name, waiting for a commit.
type Staged struct {
	Final string // absolute final path
	Entry FileEntry
	// KeysFinal is the absolute final path of the key sidecar, or "".
	KeysFinal string
}

// OpenWriter locks the lake for writing and finishes or discards whatever a
// previous process left half done.
func OpenWriter(root string) (*Writer, error) {
	if err := os.MkdirAll(filepath.Join(root, metaDir), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create lake %s: %w", root, err)
	}
	for _, d := range []string{commitsDir(root), pendingDir(root)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("cannot create lake %s: %w", root, err)
		}
	}
	lock, err := lockFile(root)
	if err != nil {
		return nil, err
	}
	w := &Writer{Root: root, lock: lock}
	_, dirty := os.Stat(dirtyMarker(root))
	if err := w.recover(dirty == nil); err != nil {
		lock.Close()
		return nil, err
	}
	if err := writeFileSync(dirtyMarker(root), nil); err != nil {
		lock.Close()
		return nil, fmt.Errorf("cannot mark the lake in use: %w", err)
	}
	if err := w.purgeReplaced(); err != nil {
		lock.Close()
		return nil, err
	}
	return w, nil
}

// Close releases the lock.
func (w *Writer) Close() error {
	if w.uncommitted.Load() == 0 {
		os.Remove(dirtyMarker(w.Root))
	}
	return w.lock.Close()
}

// Commit makes staged files visible and records the sources they account
// for. The pending record is the commit point: once it is on disk, a crash
// at any later instant is finished by the next OpenWriter; before it, the
// staged files are garbage that the next OpenWriter deletes.
func (w *Writer) Commit(table Table, sources []SourceEntry, staged []Staged, removed []string) (Commit, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seq++
	c := Commit{
		ID:      fmt.Sprintf("%s-%06d-%s", time.Now().UTC().Format("20060102T150405.000000000Z"), w.seq, randomHex(4)),
		Time:    time.Now().UTC(),
		Table:   table.Source,
		Sources: sources,
		Removed: removed,
	}
	for _, s := range staged {
		c.Files = append(c.Files, s.Entry)
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return c, err
	}
	pending := filepath.Join(pendingDir(w.Root), c.ID+".json")
	if err := writeFileSync(pending, data); err != nil {
		return c, fmt.Errorf("cannot write commit record: %w", err)
	}
	if err := w.apply(c, pending); err != nil {
		return c, err
	}
	w.uncommitted.Add(-int64(len(staged)))
	return c, nil
}

// apply performs the renames of a recorded commit, idempotently, then moves
// the record into the manifest.
func (w *Writer) apply(c Commit, pending string) error {
	// A compaction's tombstone must exist before its new file appears.
	if len(c.Removed) > 0 {
		if err := writeTombstone(w.Root, c); err != nil {
			return fmt.Errorf("cannot record replaced files of %s: %w", c.ID, err)
		}
	}
	dirs := map[string]bool{}
	for _, f := range c.Files {
		for _, rel := range []string{f.Path, f.Keys, f.Summary, f.Issuing} {
			if rel == "" {
				continue
			}
			final := filepath.Join(w.Root, rel)
			if err := os.Rename(TempName(final), final); err != nil {
				if _, statErr := os.Stat(final); statErr == nil {
					continue // renamed before a crash
				}
				return fmt.Errorf("cannot commit %s: %w", rel, err)
			}
			dirs[filepath.Dir(final)] = true
		}
	}
	for dir := range dirs {
		if err := syncDir(dir); err != nil {
			return err
		}
	}
	// Replaced key sidecars and summaries go now (a reader that listed the
	// replaced files and finds no summary reads their flows); replaced data
	// files, and their issuing calls (which readers read in their place,
	// named like them), stay for readers until purgeReplaced.
	for _, rel := range c.Removed {
		if strings.HasSuffix(rel, DataFileSuffix) {
			continue
		}
		if err := os.Remove(filepath.Join(w.Root, rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot remove %s: %w", rel, err)
		}
	}
	if err := os.Rename(pending, filepath.Join(commitsDir(w.Root), filepath.Base(pending))); err != nil {
		return fmt.Errorf("cannot record commit %s: %w", c.ID, err)
	}
	return syncDir(commitsDir(w.Root))
}

// recover finishes commits whose record was written and, after a writer
// that did not close cleanly (dirty), deletes temporary files that no
// commit will ever claim.
func (w *Writer) recover(dirty bool) error {
	entries, err := os.ReadDir(pendingDir(w.Root))
	if err != nil {
		return fmt.Errorf("cannot read pending commits: %w", err)
	}
	for _, e := range entries {
		path := filepath.Join(pendingDir(w.Root), e.Name())
		if isTempName(e.Name()) {
			os.Remove(path)
			continue
		}
		c, err := readCommit(path)
		if err != nil {
			return err
		}
		if err := w.apply(c, path); err != nil {
			return fmt.Errorf("cannot finish interrupted commit %s: %w", c.ID, err)
		}
	}
	if !dirty {
		return nil
	}
	return filepath.WalkDir(w.Root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isTempName(d.Name()) {
			if err := os.Remove(path); err != nil {
				return fmt.Errorf("cannot remove abandoned file %s: %w", path, err)
			}
		}
		return nil
	})
}

// Rel returns path relative to the lake root, with forward slashes.
func (w *Writer) Rel(path string) string {
	rel, err := filepath.Rel(w.Root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(rel)
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return hex.EncodeToString(b)
}

// newDataFileName is a Security Lake style object name: 32 hex characters.
func newDataFileName() string {
	return strings.ToLower(randomHex(16)) + DataFileSuffix
}

var ownDataFileName = regexp.MustCompile(`^[0-9a-f]{32}` + regexp.QuoteMeta(DataFileSuffix) + `$`)

// WrittenByLakehunt tells from its name whether a data file was written by
// lakehunt's own writer (ingest or compaction), and so has exactly the
// schema of storage/ocsf; pulled Security Lake files keep their own names.
func WrittenByLakehunt(path string) bool {
	return ownDataFileName.MatchString(filepath.Base(path))
}
