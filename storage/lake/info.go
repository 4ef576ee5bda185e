package lake

import (
	"path"
	"sort"
	"time"
)

// TableInfo describes one table of the lake, from the manifest.
type TableInfo struct {
	Table          string        `json:"table"`
	View           string        `json:"view"`
	Partitions     int           `json:"partitions"`
	Files          int           `json:"files"`
	Rows           int64         `json:"rows"`
	Bytes          int64         `json:"bytes"`
	MinTime        *time.Time    `json:"min_time,omitempty"`
	MaxTime        *time.Time    `json:"max_time,omitempty"`
	Sources        int           `json:"sources"`
	SourcesRejects int           `json:"sources_with_rejections"`
	Records        int64         `json:"records"`
	Duplicates     int64         `json:"duplicates"`
	Rejected       int64         `json:"rejected"`
	Rejections     []SourceEntry `json:"rejections,omitempty"`
	Commits        int           `json:"commits"`
	// Dropped counts the events ingest rules dropped, DroppedByRule the
	// same by rule (most first), and RuleSets says how many sources were
	// read with each set of rules, when any were.
	Dropped       int64         `json:"dropped"`
	DroppedByRule []RuleCount   `json:"dropped_by_rule,omitempty"`
	RuleSets      []RuleSetInfo `json:"rule_sets,omitempty"`
}

// RuleCount is the number of events one ingest rule dropped.
type RuleCount struct {
	Rule   string `json:"rule"`
	Events int64  `json:"events"`
}

// RuleSetInfo is a set of ingest rules and the sources read with it; the
// set with no fingerprint is reading without rules.
type RuleSetInfo struct {
	Fingerprint string   `json:"fingerprint"`
	Rules       []string `json:"rules,omitempty"`
	Sources     int      `json:"sources"`
}

// Info summarises every table from the manifest.
func Info(root string) ([]TableInfo, error) {
	commits, err := ReadManifest(root)
	if err != nil {
		return nil, err
	}
	ruleSets, err := ReadRuleSets(root)
	if err != nil {
		return nil, err
	}
	var out []TableInfo
	for _, t := range Tables {
		out = append(out, tableInfo(commits, t, ruleSets))
	}
	return out, nil
}

func tableInfo(commits []Commit, t Table, ruleSets map[string][]string) TableInfo {
	ti := TableInfo{Table: t.Source, View: t.View}
	live := map[string]FileEntry{}
	dropped := map[string]int64{}
	sourcesByRules := map[string]int{}
	for _, c := range commits {
		added, removed := c.FilesIn(t)
		if c.Table != t.Source && len(added) == 0 && len(removed) == 0 {
			continue
		}
		ti.Commits++
		for _, f := range added {
			live[f.Path] = f
		}
		for _, r := range removed {
			delete(live, r)
		}
		if c.Table != t.Source {
			continue // the sources are counted under the table that records them
		}
		for _, s := range c.Sources {
			ti.Sources++
			ti.Records += s.Records
			ti.Duplicates += s.Duplicates
			ti.Rejected += s.Rejected
			sourcesByRules[s.Rules]++
			for rule, n := range s.Dropped {
				dropped[rule] += n
				ti.Dropped += n
			}
			if s.Rejected > 0 {
				ti.SourcesRejects++
				ti.Rejections = append(ti.Rejections, s)
			}
		}
	}
	parts := map[string]bool{}
	var minT, maxT int64
	for _, f := range live {
		parts[path.Dir(f.Path)] = true
		ti.Files++
		ti.Rows += f.Rows
		ti.Bytes += f.Bytes
		if ti.Files == 1 || f.MinTime < minT {
			minT = f.MinTime
		}
		if ti.Files == 1 || f.MaxTime > maxT {
			maxT = f.MaxTime
		}
	}
	ti.Partitions = len(parts)
	if ti.Files > 0 {
		a, b := time.UnixMilli(minT).UTC(), time.UnixMilli(maxT).UTC()
		ti.MinTime, ti.MaxTime = &a, &b
	}
	sort.Slice(ti.Rejections, func(i, j int) bool { return ti.Rejections[i].Name < ti.Rejections[j].Name })
	for rule, n := range dropped {
		ti.DroppedByRule = append(ti.DroppedByRule, RuleCount{Rule: rule, Events: n})
	}
	sort.Slice(ti.DroppedByRule, func(i, j int) bool {
		a, b := ti.DroppedByRule[i], ti.DroppedByRule[j]
		return a.Events > b.Events || a.Events == b.Events && a.Rule < b.Rule
	})
	if _, none := sourcesByRules[""]; len(sourcesByRules) > 1 || !none && len(sourcesByRules) == 1 {
		for fingerprint, n := range sourcesByRules {
			ti.RuleSets = append(ti.RuleSets, RuleSetInfo{Fingerprint: fingerprint, Rules: ruleSets[fingerprint], Sources: n})
		}
		sort.Slice(ti.RuleSets, func(i, j int) bool { return ti.RuleSets[i].Fingerprint < ti.RuleSets[j].Fingerprint })
	}
	return ti
}
