package hunt

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// The Sigma rules under testdata/sigma were written by the team for these
// tests. Each convertible one must become the golden hunt and fire on the
// fixture events of the built-in hunt that does the same job.
func TestConvertSigma(t *testing.T) {
	f := func(rule, fixture string) {
		t.Helper()
		path := filepath.Join("testdata", "sigma", rule+".yml")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text, err := ConvertSigma(path, data)
		if err != nil {
			t.Fatalf("%s: %v", rule, err)
		}
		checkGoldenFile(t, filepath.Join("testdata", "sigma", rule+".sql"), text)
		h, err := Parse(rule+".sql", text)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(sharedcorpus.ModuleRoot(t), "testdata", "hunts", fixture)
		e := openEngine(t, buildLake(t, existing(dir, "fire.json", "quiet.json")...), []*Hunt{h}, goldenWindow)
		got, sum := RunOne(context.Background(), e, h, RunOptions{Window: goldenWindow})
		if sum.Err != nil {
			t.Fatalf("%s: %v", rule, sum.Err)
		}
		fired := evidenceIDs(t, existing(dir, "fire.json"))
		if len(got) == 0 {
			t.Errorf("%s: no finding on the %s fixture", rule, fixture)
		}
		for _, fd := range got {
			for _, uid := range fd.EvidenceUIDs {
				if !fired[uid] {
					t.Errorf("%s: finding %q cites %s, not a fire event of %s", rule, fd.Summary, uid, fixture)
				}
			}
		}
	}
	f("trail_logging_stopped", "cloudtrail_logging_stopped")
	f("admin_policy_attached", "admin_policy_attached")
	f("iam_listing_burst", "iam_enumeration_burst")
	f("console_login_no_mfa", "console_login_without_mfa")
}

func TestConvertSigmaRefusesWithAReason(t *testing.T) {
	f := func(rule, reason string) {
		t.Helper()
		path := filepath.Join("testdata", "sigma", rule+".yml")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ConvertSigma(path, data)
		var refusal *SigmaRefusal
		if !errors.As(err, &refusal) || !strings.Contains(err.Error(), reason) || !strings.Contains(err.Error(), rule) {
			t.Errorf("%s: error %v, want a refusal naming the rule and %q", rule, err, reason)
		}
	}
	f("refused_keywords", "keyword lists search the whole raw event")
	f("refused_near", "'near' correlates events")
	f("refused_fieldref", "modifier |fieldref cannot be converted")
	f("refused_logsource", "logsource windows/security is not aws/cloudtrail")
	f("refused_field", "field src_country has no OCSF column")
	f("refused_tags", "needs ATT&CK tactic and technique tags")
}

func TestSigmaValueMatching(t *testing.T) {
	f := func(match string, value any, want string) {
		t.Helper()
		got, err := sigmaValue("c", match, value)
		if err != nil || got != want {
			t.Errorf("sigmaValue(%q, %v) = %q, %v; want %q", match, value, got, err, want)
		}
	}
	f("", "StopLogging", "lower(c) = lower('StopLogging')")
	f("", `a\*b`, "lower(c) = lower('a*b')")
	f("", "O'Brien*", `lower(c) LIKE lower('O''Brien%') ESCAPE '\'`)
	f("contains", "50%_off", `lower(c) LIKE lower('%50\%\_off%') ESCAPE '\'`)
	f("startswith", "List", `lower(c) LIKE lower('List%') ESCAPE '\'`)
	f("re", "^a.+z$", "regexp_matches(c, '^a.+z$')")
	f("", nil, "c IS NULL")
	f("", true, "lower(c) = lower('true')")
	f("", 4624, "lower(c) = lower('4624')")
}
