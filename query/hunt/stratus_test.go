package hunt

import (
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

// Each Stratus Red Team detonation log of the corpus (one technique's real
// CloudTrail), ingested alone into a fresh lake, makes every hunt that names
// the technique in its covers fire when the whole pack runs over the log's
// days; every technique is named by some hunt, and every technique a hunt
// names has a log. The hunts that fired on each log are logged.
func TestStratusDetonationsFire(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sharedcorpus.Dir(t, "corpus", "stratus"), "aws.*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 35 {
		t.Fatalf("found %d Stratus detonation logs, want the corpus's 35", len(files))
	}
	pack := builtinPack(t)
	namedBy := map[string][]string{}
	for _, h := range pack.Hunts {
		for _, technique := range h.StratusTechniques() {
			namedBy[technique] = append(namedBy[technique], h.ID)
		}
	}
	logged := map[string]bool{}
	for _, file := range files {
		technique := strings.TrimSuffix(filepath.Base(file), ".json")
		logged[technique] = true
		t.Run(technique, func(t *testing.T) {
			t.Parallel()
			w := detonationDays(t, file)
			report := runPack(t, testlake.Build(t, file), pack, RunOptions{Window: w})
			fired := map[string]int{}
			for _, f := range report.Findings {
				fired[f.HuntID]++
			}
			t.Logf("%s fired: %s", technique, firedList(fired))
			if len(namedBy[technique]) == 0 {
				t.Errorf("no hunt names %s%s in its covers", StratusPrefix, technique)
			}
			for _, id := range namedBy[technique] {
				if fired[id] == 0 {
					t.Errorf("%s names %s%s but does not fire on its detonation", id, StratusPrefix, technique)
				}
			}
		})
	}
	for technique, ids := range namedBy {
		if !logged[technique] {
			t.Errorf("%v name %s%s, which has no detonation log in the corpus", ids, StratusPrefix, technique)
		}
	}
}

// detonationDays is the window of whole days a detonation log covers: from
// the day of its first event to the day after its last.
func detonationDays(t *testing.T, file string) Window {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var records []struct {
		EventTime time.Time `json:"eventTime"`
	}
	if err := json.Unmarshal(data, &records); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(records) == 0 {
		t.Fatalf("%s holds no event", file)
	}
	first, last := records[0].EventTime, records[0].EventTime
	for _, r := range records {
		if r.EventTime.Before(first) {
			first = r.EventTime
		}
		if r.EventTime.After(last) {
			last = r.EventTime
		}
	}
	return wholeDays(first, last)
}

// firedList writes "hunt_id×n, ..." sorted by hunt id.
func firedList(fired map[string]int) string {
	if len(fired) == 0 {
		return "nothing"
	}
	ids := make([]string, 0, len(fired))
	for id := range fired {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s×%d", id, fired[id])
	}
	return strings.Join(parts, ", ")
}
