// Package ingest runs sources through a decoder into the lake: workers in
// parallel, bounded buffers, dedup of repeated deliveries, and commits that
// record a source once all its rows are in the lake.
package ingest

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// Summary is the account of one ingest run.
type Summary struct {
	Table      string           `json:"table"`
	Sources    int              `json:"sources"`   // sources read in this run
	Unchanged  int              `json:"unchanged"` // sources skipped because the lake already holds them
	Skipped    []source.Skipped `json:"skipped,omitempty"`
	Records    int64            `json:"records"`    // records seen, good and bad
	Events     int64            `json:"events"`     // events written
	Duplicates int64            `json:"duplicates"` // records already in the lake or seen earlier in the run
	Rejected   int64            `json:"rejected"`   // records (or unreadable sources) that could not be ingested
	ByClass    map[string]int64 `json:"by_class,omitempty"`
	ByTable    map[string]int64 `json:"by_table,omitempty"` // events written per table (sourceName)
	BytesRead  int64            `json:"bytes_read"`         // bytes of decompressed input
	Files      int              `json:"files"`              // data files committed
	Commits    int              `json:"commits"`
	Duration   time.Duration    `json:"duration_ns"`

	// Rules is the fingerprint of the run's ingest rules ("" for none).
	// Dropped counts the events they dropped, DroppedByRule the same for
	// each rule (NotKept first when there are keep rules, then each drop
	// rule in order, zeros included: a rule that never matches is worth
	// seeing).
	Rules         string           `json:"rules,omitempty"`
	Dropped       int64            `json:"dropped"`
	DroppedByRule []lake.RuleCount `json:"dropped_by_rule,omitempty"`
	// OtherRules counts the unchanged sources that an earlier run read
	// with other rules (fingerprints in OtherRulesSeen, "" for none):
	// they are not read again, so these rules do not apply to them.
	OtherRules     int      `json:"other_rules,omitempty"`
	OtherRulesSeen []string `json:"other_rules_seen,omitempty"`
}

func newSummary(table string, skipped []source.Skipped, fingerprint string, rules *ruleMatcher) *Summary {
	s := &Summary{Table: table, Skipped: skipped, ByClass: map[string]int64{}, ByTable: map[string]int64{}, Rules: fingerprint}
	if rules != nil {
		for _, key := range rules.keys {
			s.DroppedByRule = append(s.DroppedByRule, lake.RuleCount{Rule: key})
		}
	}
	return s
}

func (s *Summary) noteOtherRules(fingerprint string) {
	s.OtherRules++
	if !slices.Contains(s.OtherRulesSeen, fingerprint) {
		s.OtherRulesSeen = append(s.OtherRulesSeen, fingerprint)
		slices.Sort(s.OtherRulesSeen)
	}
}

func (s *Summary) addDropped(byRule map[string]int64) {
	for rule, n := range byRule {
		s.Dropped += n
		for i := range s.DroppedByRule {
			if s.DroppedByRule[i].Rule == rule {
				s.DroppedByRule[i].Events += n
			}
		}
	}
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
	s.printRules(w)
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

func (s *Summary) printRules(w io.Writer) {
	if s.Rules != "" {
		fmt.Fprintf(w, "  dropped by ingest rules %d (rules %s):\n", s.Dropped, s.Rules)
		for _, c := range s.DroppedByRule {
			fmt.Fprintf(w, "    %8d  %s\n", c.Events, c.Rule)
		}
	}
	if s.OtherRules > 0 {
		seen := make([]string, len(s.OtherRulesSeen))
		for i, fp := range s.OtherRulesSeen {
			seen[i] = cmp.Or(fp, "none")
		}
		now := cmp.Or(s.Rules, "none")
		fmt.Fprintf(w, "  %d unchanged sources were ingested with other rules (%s, now %s) and were not read again\n", s.OtherRules, strings.Join(seen, ", "), now)
		fmt.Fprintf(w, "  hint: rules apply to sources as they are first ingested; to apply these rules to those sources, ingest them into a fresh lake\n")
	}
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
