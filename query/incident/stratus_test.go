package incident

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// Over the Stratus Red Team detonations, ingested into one lake and hunted
// with the whole pack, each detonation whose technique the pack finds is
// one incident: its findings join, and no incident holds two detonations
// (35 accounts, several detonated within the same hour).
func TestStratusDetonationIsOneIncident(t *testing.T) {
	dir := sharedcorpus.Dir(t, "corpus", "stratus")
	files, err := filepath.Glob(filepath.Join(dir, "aws.*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no detonation files in %s: %v", dir, err)
	}
	fileOf := map[string]string{} // event uid -> detonation
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var records []struct {
			EventID string `json:"eventID"`
		}
		if err := json.Unmarshal(data, &records); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range records {
			fileOf[r.EventID] = filepath.Base(f)
		}
	}
	pack, err := hunt.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	w := hunt.Window{Start: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
	incidents, findings := findIncidents(t, testlake.Build(t, files...), pack.Hunts, w, Options{})
	if len(findings) == 0 {
		t.Fatal("the pack finds nothing in the detonations")
	}
	findingsPerFile := map[string]int{}
	for _, f := range findings {
		if len(f.EvidenceUIDs) > 0 {
			findingsPerFile[fileOf[f.EvidenceUIDs[0]]]++
		}
	}
	perFile := map[string]int{}
	for _, inc := range incidents {
		detonations := map[string]bool{}
		for _, uid := range inc.EventUIDs {
			if f := fileOf[uid]; f != "" {
				detonations[f] = true
			}
		}
		if len(detonations) != 1 {
			t.Errorf("incident %s (%s) holds events of %d detonations: %v", inc.ID, inc.Title, len(detonations), detonations)
		}
		for f := range detonations {
			perFile[f]++
		}
	}
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	sort.Strings(names)
	for _, name := range names {
		t.Logf("%-65s %2d findings, %d incidents", name, findingsPerFile[name], perFile[name])
		if findingsPerFile[name] > 0 && perFile[name] != 1 {
			t.Errorf("%s: %d findings make %d incidents, want one", name, findingsPerFile[name], perFile[name])
		}
	}
}
