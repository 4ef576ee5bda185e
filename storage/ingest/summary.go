// Package ingest runs sources through a decoder into the lake: workers in
// parallel, bounded buffers, dedup of repeated deliveries, and commits that
// record a source once all its rows are in the lake.
package ingest

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/storage/source"
)

// Summary is the account of one ingest run.
type Summary struct {
	Table      string
	Sources    int // sources read in this run
	Unchanged  int // sources skipped because the lake already holds them
	Skipped    []source.Skipped
	Records    int64 // records seen, good and bad
	Events     int64 // events written
	Duplicates int64 // records already in the lake or seen earlier in the run
	Rejected   int64 // records (or unreadable sources) that could not be ingested
	ByClass    map[string]int64
	ByTable    map[string]int64 // events written per table (sourceName)
	BytesRead  int64            // bytes of decompressed input
	Files      int              // data files committed
	Commits    int
	Duration   time.Duration
}

// Print writes the summary for people, to stderr.
func (s *Summary) Print(w io.Writer) {
	secs := s.Duration.Seconds()
	if secs <= 0 {
		secs = 1e-9
	}
	fmt.Fprintf(w, "ingest %s: %d sources read, %d unchanged, %d skipped\n", s.Table, s.Sources, s.Unchanged, len(s.Skipped))
	reasons := map[string]int{}
	for _, sk := range s.Skipped {
		reasons[sk.Reason]++
	}
	keys := make([]string, 0, len(reasons))
	for r := range reasons {
		keys = append(keys, r)
	}
	sort.Strings(keys)
	for _, r := range keys {
		fmt.Fprintf(w, "  skipped %d: %s\n", reasons[r], r)
	}
	fmt.Fprintf(w, "  records %d, events written %d, duplicates dropped %d, rejected %d\n", s.Records, s.Events, s.Duplicates, s.Rejected)
	if len(s.ByClass) > 0 {
		classes := make([]string, 0, len(s.ByClass))
		for c := range s.ByClass {
			classes = append(classes, c)
		}
		sort.Strings(classes)
		parts := make([]string, 0, len(classes))
		for _, c := range classes {
			parts = append(parts, fmt.Sprintf("%s %d", c, s.ByClass[c]))
		}
		fmt.Fprintf(w, "  events by class: %s\n", strings.Join(parts, ", "))
	}
	if tables := s.EventsByTable(); tables != "" {
		fmt.Fprintf(w, "  events by table: %s\n", tables)
	}
	fmt.Fprintf(w, "  %d files in %d commits, %s, %.0f events/s, %.1f MB/s\n",
		s.Files, s.Commits, s.Duration.Round(time.Millisecond), float64(s.Events)/secs, float64(s.BytesRead)/secs/1e6)
}

// EventsByTable says how many events went to each table, as "S3_DATA 2,
// ...", when some went elsewhere than the run's table (a CloudTrail ingest
// that met data events); "" otherwise.
func (s *Summary) EventsByTable() string {
	tables := make([]string, 0, len(s.ByTable))
	elsewhere := false
	for t := range s.ByTable {
		tables = append(tables, t)
		elsewhere = elsewhere || t != s.Table
	}
	if !elsewhere {
		return ""
	}
	sort.Strings(tables)
	for i, t := range tables {
		tables[i] = fmt.Sprintf("%s %d", t, s.ByTable[t])
	}
	return strings.Join(tables, ", ")
}
