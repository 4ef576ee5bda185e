package source

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cloudTrailCorpusDir returns ../shared/corpus/cloudtrail next to the module root, skipping the test
// when it is absent.
func cloudTrailCorpusDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	corpus := filepath.Join(dir, "..", "shared", "corpus", "cloudtrail")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("conformance corpus absent: %v", err)
	}
	return corpus
}

// TestCloudTrailCorpus reads the shared corpus and checks the counts its README states.
func TestCloudTrailCorpus(t *testing.T) {
	corpus := cloudTrailCorpusDir(t)
	sources, skipped, err := Expand(CloudTrail, []string{corpus}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0].Name, "CloudTrail-Digest") ||
		!strings.Contains(skipped[0].Reason, "digest") {
		t.Errorf("skipped %q, want the one digest file", skipped)
	}
	perDirectory := map[string]int{}
	total, noTime, badTime := 0, 0, 0
	for _, s := range sources {
		rc, err := s.Open()
		if err != nil {
			t.Fatal(err)
		}
		dir, _, _ := strings.Cut(strings.TrimPrefix(s.Name, corpus+string(filepath.Separator)), string(filepath.Separator))
		err = DecodeCloudTrail(rc, func(rec RawRecord) error {
			if rec.Err != nil {
				t.Errorf("%s record %d: %v", s.Name, rec.Index, rec.Err)
				return nil
			}
			var event struct{ EventTime *string }
			if err := json.Unmarshal(rec.Data, &event); err != nil {
				t.Errorf("%s record %d: %v", s.Name, rec.Index, err)
			}
			switch {
			case event.EventTime == nil:
				noTime++
			case *event.EventTime == "redacted" || *event.EventTime == "...":
				badTime++
			}
			perDirectory[dir]++
			total++
			return nil
		})
		rc.Close()
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
	want := map[string]int{"panther": 453, "elastic": 5, "s3layout": 74, "lookup-events": 8}
	for dir, n := range want {
		if perDirectory[dir] != n {
			t.Errorf("%s: %d records, want %d", dir, perDirectory[dir], n)
		}
	}
	if total != 540 || noTime != 15 || badTime != 2 {
		t.Errorf("%d records, %d without eventTime, %d with a placeholder; want 540, 15, 2", total, noTime, badTime)
	}
}
