package lake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A tombstone is how compaction swaps files under readers that list
// directories. It names the data files a commit replaces and the files that
// replace them, and is written before the replacements appear. A reader
// lists a partition first and reads the tombstones second; it drops the
// replaced files only when it saw every replacement. Whatever instant the
// reader lists at, it counts either the old files or the new ones, never
// both and never neither. The replaced files stay on disk for
// purgeGracePeriod, so queries that listed them before the swap still find
// them; the next writer deletes them after that.
type tombstone struct {
	Commit   string    `json:"commit"`
	Time     time.Time `json:"time"`
	Removed  []string  `json:"removed"`
	Replaced []string  `json:"replaced_by"`
}

// purgeGracePeriod is how long replaced files outlive their replacement.
var purgeGracePeriod = 15 * time.Minute

// SetPurgeGracePeriod changes how long replaced files are kept for readers
// and returns the previous value; tests use it to purge at once.
func SetPurgeGracePeriod(d time.Duration) time.Duration {
	old := purgeGracePeriod
	purgeGracePeriod = d
	return old
}

func tombstoneDir(root string, t string) string {
	return filepath.Join(root, metaDir, "tombstones", t)
}

// writeTombstone records a commit's replacements, idempotently.
func writeTombstone(root string, c Commit) error {
	ts := tombstone{Commit: c.ID, Time: c.Time}
	for _, rel := range c.Removed {
		if strings.HasSuffix(rel, DataFileSuffix) {
			ts.Removed = append(ts.Removed, rel)
		}
	}
	for _, f := range c.Files {
		ts.Replaced = append(ts.Replaced, f.Path)
	}
	if len(ts.Removed) == 0 {
		return nil
	}
	data, err := json.Marshal(ts)
	if err != nil {
		return err
	}
	dir := tombstoneDir(root, c.Table)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return writeFileSync(filepath.Join(dir, c.ID+".json"), data)
}

func readTombstones(root string, t Table) ([]tombstone, error) {
	dir := tombstoneDir(root, t.Source)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read tombstones: %w", err)
	}
	var out []tombstone
	for _, e := range entries {
		if isTempName(e.Name()) || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var ts tombstone
		if err := json.Unmarshal(data, &ts); err != nil {
			return nil, fmt.Errorf("cannot parse tombstone %s: %w", e.Name(), err)
		}
		out = append(out, ts)
	}
	return out, nil
}

// errReplacedAcross is replacedFiles' answer for a listing of some
// partitions when a tombstone replaces a listed file by files of a
// partition not listed: whether those appeared is unknown, so the caller
// lists every partition.
var errReplacedAcross = errors.New("a tombstone replaces files across partitions")

// replacedFiles returns the absolute paths that listed (absolute paths of
// data files just listed) must not show: files of tombstones whose
// replacements were all listed. dirs are the partition directories
// listed, nil when all were.
func replacedFiles(root string, t Table, listed, dirs map[string]bool) (map[string]bool, error) {
	stones, err := readTombstones(root, t)
	if err != nil {
		return nil, err
	}
	hidden := map[string]bool{}
	for _, ts := range stones {
		visible := true
		for _, rel := range ts.Replaced {
			if !listed[filepath.Join(root, rel)] {
				visible = false
				break
			}
		}
		if !visible {
			if dirs != nil && removesListedFor(root, ts, listed, dirs) {
				return nil, errReplacedAcross
			}
			continue
		}
		for _, rel := range ts.Removed {
			hidden[filepath.Join(root, rel)] = true
		}
	}
	return hidden, nil
}

// removesListedFor tells whether ts removes a listed file and replaces it
// by files of some partition outside dirs.
func removesListedFor(root string, ts tombstone, listed, dirs map[string]bool) bool {
	removes := false
	for _, rel := range ts.Removed {
		removes = removes || listed[filepath.Join(root, rel)]
	}
	if !removes {
		return false
	}
	for _, rel := range ts.Replaced {
		if !dirs[filepath.Dir(filepath.Join(root, rel))] {
			return true
		}
	}
	return false
}

// purgeReplaced deletes replaced files whose grace period is over.
func (w *Writer) purgeReplaced() error {
	for _, t := range Tables {
		stones, err := readTombstones(w.Root, t)
		if err != nil {
			return err
		}
		for _, ts := range stones {
			if time.Since(ts.Time) < purgeGracePeriod {
				continue
			}
			for _, rel := range ts.Removed {
				if err := os.Remove(filepath.Join(w.Root, rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("cannot remove replaced file %s: %w", rel, err)
				}
			}
		}
	}
	return nil
}
