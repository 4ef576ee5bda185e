// Package hunt loads, binds and runs hunts: SQL files with a metadata header
// that return findings in one fixed shape, whatever they look for.
package hunt

import (
	"fmt"
	"strings"
	"time"
)

// Hunt is one parsed hunt file.
type Hunt struct {
	ID          string
	Title       string
	Description string
	Severity    Severity
	Tactics     []string // MITRE ATT&CK tactic ids, TA0001...
	Techniques  []string // MITRE ATT&CK technique ids, T1078 or T1562.008
	Source      Source
	Params      []Param
	Covers      []string // catalogue row ids of hunts.md, and stratus:<technique> entries
	Tags        []string
	Logic       Logic
	// Baseline is how far before the window the hunt looks to learn what is
	// normal; $baseline_start is the window start minus Baseline.
	Baseline time.Duration
	SQL      string
	// Origin names where the hunt was read from, for messages.
	Origin string
}

// Param looks a parameter up by name.
func (h *Hunt) Param(name string) (Param, bool) {
	for _, p := range h.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// StratusPrefix marks a covers entry that names a Stratus Red Team
// technique, as its detonation log is named (stratus:aws.defense-evasion.cloudtrail-stop),
// rather than a row of hunts.md: the hunt fires on that technique's
// detonation.
const StratusPrefix = "stratus:"

// StratusTechniques are the Stratus Red Team techniques the hunt detects,
// without the prefix.
func (h *Hunt) StratusTechniques() []string {
	var out []string
	for _, c := range h.Covers {
		if id, ok := strings.CutPrefix(c, StratusPrefix); ok {
			out = append(out, id)
		}
	}
	return out
}

// HasTag reports whether the hunt carries the tag (case-insensitive).
func (h *Hunt) HasTag(tag string) bool {
	for _, t := range h.Tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// Stateful reports whether the hunt needs more than one event to decide:
// thresholds, baselines, sequences and outliers.
func (h *Hunt) Stateful() bool { return h.Logic != LogicFilter }

// Severity ranks findings; the zero value is invalid.
type Severity int

const (
	SeverityInfo Severity = iota + 1
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"", "info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < SeverityInfo || s > SeverityCritical {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads info, low, medium, high or critical.
func ParseSeverity(s string) (Severity, error) {
	for i := SeverityInfo; i <= SeverityCritical; i++ {
		if strings.EqualFold(s, severityNames[i]) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want info, low, medium, high or critical)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Source is the data a hunt reads.
type Source string

const (
	SourceCloudTrail Source = "cloudtrail"
	SourceVPCFlow    Source = "vpcflow"
	SourceBoth       Source = "both"
)

// Reads reports whether the hunt reads source s: its own source, or
// either one for a hunt of both. Selection (--source), baselines, the run's
// queue and huntrun's copy of CloudTrail all ask it.
func (h *Hunt) Reads(s Source) bool {
	return h.Source == s || h.Source == SourceBoth
}

// ParseSource reads cloudtrail, vpcflow or both.
func ParseSource(s string) (Source, error) {
	switch v := Source(strings.ToLower(s)); v {
	case SourceCloudTrail, SourceVPCFlow, SourceBoth:
		return v, nil
	}
	return "", fmt.Errorf("unknown source %q (want cloudtrail, vpcflow or both)", s)
}

// Logic says how a hunt decides, so that users can tell single-event
// filters from hunts that keep state.
type Logic string

const (
	LogicFilter    Logic = "filter"     // each matching event is suspicious on its own
	LogicThreshold Logic = "threshold"  // a count or sum over a window passes a limit
	LogicFirstSeen Logic = "first-seen" // absent from the baseline window, present now
	LogicSequence  Logic = "sequence"   // events in a given order within a time limit
	LogicOutlier   Logic = "outlier"    // far from the entity's own history
	LogicRanking   Logic = "ranking"    // the top entities by volume
)

var allLogics = []Logic{LogicFilter, LogicThreshold, LogicFirstSeen, LogicSequence, LogicOutlier, LogicRanking}

// ParseLogic reads one of the Logic values.
func ParseLogic(s string) (Logic, error) {
	for _, l := range allLogics {
		if strings.EqualFold(s, string(l)) {
			return l, nil
		}
	}
	names := make([]string, len(allLogics))
	for i, l := range allLogics {
		names[i] = string(l)
	}
	return "", fmt.Errorf("unknown logic %q (want %s)", s, strings.Join(names, ", "))
}
