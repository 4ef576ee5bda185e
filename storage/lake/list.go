package lake

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// ListFiles returns the committed data files of table t whose eventDay
// partition overlaps the window [from, to), sorted by path, and total, the
// number of committed data files in the table whatever the window. A zero
// from or to leaves that side unbounded.
//
// The window is half-open so that consecutive windows (--from D --to D+1,
// then --from D+1 ...) never share a day; a partition eventDay=D covers the
// UTC day [D, D+24h). Only the region=/accountId=/eventDay= directories are
// read: the partition names are pruned before any file listing, and
// everything else under the table (Iceberg metadata/, hidden or temporary
// files, directories not shaped key=value) is ignored.
func ListFiles(root string, t Table, from, to time.Time) (files []string, total int, err error) {
	parts, err := ListPartitions(root, t)
	if err != nil {
		return nil, 0, err
	}
	listed := map[string]bool{}
	var all []string
	for _, p := range parts {
		names, err := dataFileNames(p.Dir(root, t))
		if err != nil {
			return nil, 0, err
		}
		for _, name := range names {
			path := filepath.Join(p.Dir(root, t), name)
			listed[path] = true
			all = append(all, path)
		}
	}
	// Tombstones are read after the listing: see tombstone.go.
	hidden, err := replacedFiles(root, t, listed)
	if err != nil {
		return nil, 0, err
	}
	for _, path := range all {
		if hidden[path] {
			continue
		}
		total++
		if p, ok := partitionOf(root, t, path); ok && p.Overlaps(from, to) {
			files = append(files, path)
		}
	}
	sort.Strings(files)
	return files, total, nil
}

// partitionOf reads the partition of a listed data file from its path.
func partitionOf(root string, t Table, path string) (Partition, bool) {
	rel, err := filepath.Rel(t.Dir(root), filepath.Dir(path))
	if err != nil {
		return Partition{}, false
	}
	segs := strings.Split(filepath.ToSlash(rel), "/")
	if len(segs) != 3 {
		return Partition{}, false
	}
	p := Partition{
		Region:    strings.TrimPrefix(segs[0], "region="),
		AccountID: strings.TrimPrefix(segs[1], "accountId="),
		EventDay:  strings.TrimPrefix(segs[2], "eventDay="),
	}
	return p, p.Validate() == nil
}

// ListPartitions returns the partitions of table t present in the lake,
// sorted by region, account and day. A lake without the table has none.
func ListPartitions(root string, t Table) ([]Partition, error) {
	var parts []Partition
	regions, err := partitionDirValues(t.Dir(root), "region")
	if err != nil {
		return nil, err
	}
	for _, region := range regions {
		regionDir := filepath.Join(t.Dir(root), "region="+region)
		accounts, err := partitionDirValues(regionDir, "accountId")
		if err != nil {
			return nil, err
		}
		for _, account := range accounts {
			days, err := partitionDirValues(filepath.Join(regionDir, "accountId="+account), "eventDay")
			if err != nil {
				return nil, err
			}
			for _, day := range days {
				p := Partition{Region: region, AccountID: account, EventDay: day}
				// A directory whose values Security Lake could not have
				// written is not a partition: skipping it keeps odd names
				// out of the views.
				if p.Validate() == nil {
					parts = append(parts, p)
				}
			}
		}
	}
	return parts, nil
}

// Overlaps tells whether the partition's UTC day meets [from, to).
func (p Partition) Overlaps(from, to time.Time) bool {
	start := p.Day()
	end := start.Add(24 * time.Hour)
	return (from.IsZero() || end.After(from)) && (to.IsZero() || start.Before(to))
}

// partitionDirValues lists the values of the key=value directories named key
// directly under dir, sorted. A missing dir has none.
func partitionDirValues(dir, key string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot list lake directory %s: %w", dir, err)
	}
	var values []string
	for _, e := range entries {
		if !e.IsDir() || isWorkFileName(e.Name()) {
			continue
		}
		k, v, ok := strings.Cut(e.Name(), "=")
		if !ok || k != key || v == "" {
			continue
		}
		values = append(values, v)
	}
	sort.Strings(values)
	return values, nil
}

// dataFileNames lists the names of the committed data files in a partition
// directory.
func dataFileNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot list partition %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || isWorkFileName(name) || !strings.HasSuffix(name, DataFileSuffix) {
			continue
		}
		names = append(names, name)
	}
	return names, nil
}

// isWorkFileName matches the names writers use for work in progress (".x", "_x")
// as Hive and Spark do.
func isWorkFileName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}
