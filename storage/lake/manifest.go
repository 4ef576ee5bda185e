package lake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Commit is one atomic change to the lake: the data files it adds (and, for
// compaction, removes) and the sources whose every record it accounts for.
// The manifest is the set of commits; a commit file exists only once all of
// its data files have been renamed into place.
//
// Table is the table that records the sources; the files may belong to
// several tables (a CloudTrail source's management and data events are
// committed together), each named by its path (see FilesIn).
type Commit struct {
	ID      string        `json:"id"`
	Time    time.Time     `json:"time"`
	Table   string        `json:"table"`
	Sources []SourceEntry `json:"sources,omitempty"`
	Files   []FileEntry   `json:"files,omitempty"`
	Removed []string      `json:"removed,omitempty"`
}

// SourceEntry records one ingested source object.
type SourceEntry struct {
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	ModTime    time.Time `json:"mod_time,omitzero"`
	ETag       string    `json:"etag,omitempty"`
	Records    int64     `json:"records"`
	Events     int64     `json:"events"`
	Duplicates int64     `json:"duplicates"`
	Rejected   int64     `json:"rejected"`
	// Errors keeps the first rejection messages, for lake info.
	Errors []string `json:"errors,omitempty"`
	// Rules is the fingerprint of the ingest rules the source was read
	// with ("" for none; see RecordRules), and Dropped the events each rule
	// dropped, by the rule's text. Rules are not part of Identity: a source
	// read once is not read again under other rules.
	Rules   string           `json:"rules,omitempty"`
	Dropped map[string]int64 `json:"dropped,omitempty"`
}

// DroppedTotal is the number of events the source's ingest rules dropped.
func (s SourceEntry) DroppedTotal() int64 {
	var n int64
	for _, d := range s.Dropped {
		n += d
	}
	return n
}

// Identity is what makes a rerun skip a source: same name, size and
// modification time (or ETag for objects).
func (s SourceEntry) Identity() string {
	if s.ETag != "" {
		return s.Name + "\x00" + s.ETag
	}
	return fmt.Sprintf("%s\x00%d\x00%d", s.Name, s.Size, s.ModTime.UnixNano())
}

// FileEntry is one committed data file, with the path relative to the lake root.
type FileEntry struct {
	Path    string `json:"path"`
	Rows    int64  `json:"rows"`
	Bytes   int64  `json:"bytes"`
	MinTime int64  `json:"min_time"`
	MaxTime int64  `json:"max_time"`
	// Keys is the path of the dedup key sidecar, relative to the lake root.
	Keys string `json:"keys,omitempty"`
	// Summary is the path of the flow summary (flowsummary.go), relative
	// to the lake root, for tables with FlowSummaries.
	Summary string `json:"summary,omitempty"`
	// Issuing is the path of the file's issuing calls (issuing.go),
	// relative to the lake root, for tables with Issuing.
	Issuing string `json:"issuing,omitempty"`
}

func commitsDir(root string) string { return filepath.Join(root, metaDir, "commits") }
func pendingDir(root string) string { return filepath.Join(root, metaDir, "pending") }

// ReadManifest returns every commit of the lake in commit order. It takes
// no lock: commits are immutable files that appear atomically.
func ReadManifest(root string) ([]Commit, error) {
	entries, err := os.ReadDir(commitsDir(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read manifest: %w", err)
	}
	var commits []Commit
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") || isTempName(e.Name()) {
			continue
		}
		c, err := readCommit(filepath.Join(commitsDir(root), e.Name()))
		if err != nil {
			return nil, err
		}
		commits = append(commits, c)
	}
	sort.SliceStable(commits, func(i, j int) bool { return commits[i].ID < commits[j].ID })
	return commits, nil
}

func readCommit(path string) (Commit, error) {
	var c Commit
	data, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("cannot read commit: %w", err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("cannot parse commit %s: %w", path, err)
	}
	return c, nil
}

// FilesIn returns the files the commit adds to table t and the paths it
// removes from it.
func (c Commit) FilesIn(t Table) (added []FileEntry, removed []string) {
	for _, f := range c.Files {
		if ft, ok := TableOfFile(f.Path); ok && ft.Source == t.Source {
			added = append(added, f)
		}
	}
	for _, rel := range c.Removed {
		if ft, ok := TableOfFile(rel); ok && ft.Source == t.Source {
			removed = append(removed, rel)
		}
	}
	return added, removed
}

// IngestedSources maps source identities of a table to their entries.
func IngestedSources(commits []Commit, t Table) map[string]SourceEntry {
	m := make(map[string]SourceEntry)
	for _, c := range commits {
		if c.Table != t.Source {
			continue
		}
		for _, s := range c.Sources {
			m[s.Identity()] = s
		}
	}
	return m
}
