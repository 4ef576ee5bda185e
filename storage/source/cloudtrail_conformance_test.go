package source

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// TestCloudTrailCorpus reads the shared corpus and checks the counts its README states.
func TestCloudTrailCorpus(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus", "cloudtrail")
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
