package investigate

import (
	"bufio"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// TestCorpusIncident runs the checks on a lake built from the
// shared corpus's S3-layout CloudTrail and flow logs: the leaked key's
// calls, addresses and unused region, and the scanner's failed root login
// and rejected flows.
func TestCorpusIncident(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus")
	flowDir := filepath.Join(corpus, "vpcflow", "s3layout")
	dir := t.TempDir()
	if err := buildLake(dir, []string{filepath.Join(corpus, "cloudtrail", "s3layout")}, []string{flowDir}); err != nil {
		t.Fatal(err)
	}
	run := func(kind Kind, value string, scope Window) *Report {
		t.Helper()
		e, err := NewEntity(kind, value)
		if err != nil {
			t.Fatal(err)
		}
		return runInvestigation(t, Options{Lake: dir, Entity: e, Scope: scope, Baseline: 30 * 24 * time.Hour, Threads: 2})
	}

	day := Window{Start: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)}
	key := run(KindAccessKey, "AKIAEXAMPLEALICE0001", day)
	for _, op := range []string{"CreateUser", "AttachUserPolicy", "CreateAccessKey", "StopLogging", "PutBucketPolicy"} {
		if !slices.Contains(operationNames(key.Operations), op) {
			t.Errorf("access key: no %s call among %v", op, operationNames(key.Operations))
		}
	}
	ips := relatedValues(key.Related.SourceIPs)
	slices.Sort(ips)
	wantStrings(t, "access key source IPs", ips, "192.0.2.200", "198.51.100.23")
	if !slices.Contains(newValues(key.NewlyObserved.SourceIPs), "192.0.2.200") {
		t.Errorf("192.0.2.200 is not newly observed: %v", newValues(key.NewlyObserved.SourceIPs))
	}
	if !slices.Contains(key.Overview.Regions, "ap-southeast-3") || !slices.Contains(newValues(key.NewlyObserved.Regions), "ap-southeast-3") {
		t.Errorf("the call in ap-southeast-3 is missing: regions %v, new %v", key.Overview.Regions, newValues(key.NewlyObserved.Regions))
	}

	scanner := run(KindIP, "203.0.113.77", Window{})
	rootFailed := false
	for _, l := range scanner.ConsoleLogins.Logins {
		rootFailed = rootFailed || (l.ActorType == "Root" && l.Result == "Failure")
	}
	if !rootFailed {
		t.Errorf("no failed root login from the scanner: %+v", scanner.ConsoleLogins.Logins)
	}
	if want := countLines(t, flowDir, "203.0.113.77", "REJECT"); scanner.Flows.Rejected.Total != int64(want) || want == 0 {
		t.Errorf("scanner: %d rejected flows, the logs hold %d", scanner.Flows.Rejected.Total, want)
	}
}

// countLines counts the lines of the gzip logs under dir that hold all
// the words.
func countLines(t *testing.T, dir string, words ...string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".gz") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(zr)
	lines:
		for sc.Scan() {
			for _, w := range words {
				if !strings.Contains(sc.Text(), w) {
					continue lines
				}
			}
			n++
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
