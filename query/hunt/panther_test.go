package hunt

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// pantherCase is one test case of a Panther rule over CloudTrail: the
// event, and whether Panther's rule fires on it.
type pantherCase struct {
	Rule     string                     `json:"rule"`
	Test     string                     `json:"test"`
	Expected bool                       `json:"expected"`
	Event    map[string]json.RawMessage `json:"event"`
	uid      string
}

// pantherUndatedDay is the time given to the cases whose event has no
// usable eventTime (Panther's unit tests leave it out when the rule does
// not read it): the day most of the dated cases fall on.
var pantherUndatedDay = time.Date(2019, 1, 1, 12, 0, 0, 0, time.UTC)

// Panther's CloudTrail rule tests are a second opinion on the pack: every
// case's event is ingested into one lake (each with its own eventID, so no
// two dedup into one), the pack runs once over the events' days, and each
// finding is traced back to its cases by evidence uid. A positive case is
// caught when any finding holds its event; a negative case counts against
// the pack when a finding at high or critical holds it (a low or medium
// finding on an event Panther passes is a hunter's lead, not a false alarm).
// The counts are floors and ceilings to hold, not a score to match:
// testdata/panther/README.md argues the disagreements the pack keeps.
func TestPantherCloudTrailCases(t *testing.T) {
	file := filepath.Join(sharedcorpus.Dir(t, "corpus", "panther"), "panther_cloudtrail_tests.jsonl")
	cases := readPantherCases(t, file)
	if len(cases) != 461 {
		t.Fatalf("read %d cases from %s, want the corpus's 461", len(cases), file)
	}
	events, w := pantherEvents(t, cases)
	report := runPack(t, testlake.BuildAt(t, w.End, events), builtinPack(t), RunOptions{Window: w, Parallel: 2})
	byUID := map[string]*pantherCase{}
	for i := range cases {
		byUID[cases[i].uid] = &cases[i]
	}
	fired := map[string][]Finding{} // case uid → findings holding its event
	for _, f := range report.Findings {
		if int64(len(f.EvidenceUIDs)) < f.EvidenceTotal {
			t.Logf("%s holds %d events and names %d: cases beyond those are not traced", f.HuntID, f.EvidenceTotal, len(f.EvidenceUIDs))
		}
		for _, uid := range f.EvidenceUIDs {
			if byUID[uid] != nil {
				fired[uid] = append(fired[uid], f)
			}
		}
	}
	var positives, caught, negatives, loud int
	disagreements := map[string][]string{}
	for _, c := range cases {
		hunts := pantherHunts(fired[c.uid])
		switch {
		case c.Expected:
			positives++
			if len(fired[c.uid]) > 0 {
				caught++
			} else {
				disagreements[c.Rule] = append(disagreements[c.Rule], fmt.Sprintf("missed %q", c.Test))
			}
		default:
			negatives++
			if pantherLoud(fired[c.uid]) {
				loud++
				disagreements[c.Rule] = append(disagreements[c.Rule], fmt.Sprintf("fired on negative %q: %s", c.Test, hunts))
			}
		}
	}
	rules := make([]string, 0, len(disagreements))
	for r := range disagreements {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		t.Logf("%s: %s", r, strings.Join(disagreements[r], "; "))
	}
	t.Logf("positives caught %d/%d (%.0f%%); negatives firing at high or critical %d/%d", caught, positives, 100*float64(caught)/float64(positives), loud, negatives)
	if positives != 211 || negatives != 250 {
		t.Errorf("%d positive and %d negative cases, want the corpus's 211 and 250", positives, negatives)
	}
	// Measured: 137/211 caught and 28/250 loud before this test's hunts
	// and fixes, 155 and 27 after, 166 and 27 with the second pass's six
	// hunts, 170 and 27 with the third pass, 180 (85%) and 27 with the
	// fourth, 181 (86%) and 27 with the data-event hunts; see the README for the misses kept on purpose and why.
	if minCaught := 181; caught < minCaught {
		t.Errorf("caught %d positive cases, want at least %d", caught, minCaught)
	}
	if maxLoud := 27; loud > maxLoud {
		t.Errorf("%d negative cases fire at high or critical, want at most %d", loud, maxLoud)
	}
}

// readPantherCases reads the corpus file, one case a line, and gives each
// case's event a uid of its own.
func readPantherCases(t *testing.T, file string) []pantherCase {
	t.Helper()
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var cases []pantherCase
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var c pantherCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s line %d: %v", file, len(cases)+1, err)
		}
		c.uid = fmt.Sprintf("panther-case-%03d", len(cases)+1)
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// pantherEvents writes the cases' events as NDJSON, each with its case's
// uid as eventID and an eventTime the pipeline accepts, and returns the
// file and the whole days the events cover.
func pantherEvents(t *testing.T, cases []pantherCase) (string, Window) {
	t.Helper()
	var b strings.Builder
	var first, last time.Time
	for _, c := range cases {
		when := pantherUndatedDay
		var text string
		if json.Unmarshal(c.Event["eventTime"], &text) == nil {
			if parsed, err := time.Parse(time.RFC3339, text); err == nil {
				when = parsed.UTC()
			}
		}
		c.Event["eventTime"] = mustJSON(t, when.Format(time.RFC3339))
		c.Event["eventID"] = mustJSON(t, c.uid)
		b.Write(mustJSON(t, c.Event))
		b.WriteByte('\n')
		if first.IsZero() || when.Before(first) {
			first = when
		}
		if when.After(last) {
			last = when
		}
	}
	file := filepath.Join(t.TempDir(), "panther.jsonl")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, wholeDays(first, last)
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pantherLoud says whether any of the findings is at high or critical.
func pantherLoud(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity >= SeverityHigh {
			return true
		}
	}
	return false
}

// pantherHunts names the hunts of the findings with their severities.
func pantherHunts(fs []Finding) string {
	seen := map[string]bool{}
	var names []string
	for _, f := range fs {
		name := f.HuntID + "(" + f.Severity.String() + ")"
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
