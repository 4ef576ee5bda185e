package main

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The team's Sigma test rules, imported as a checkout would be: the
// directory tree at once, converted and refused rules counted by reason,
// then the hunts written run end to end over events they must find.
func TestHuntImportSigma(t *testing.T) {
	rules := filepath.Join("..", "..", "query", "hunt", "testdata", "sigma")
	out := t.TempDir()
	stdout, errOut, code := runCLI(t, "", "hunt", "import-sigma", rules, "-o", out)
	if code != exitRejected || stdout != "" {
		t.Fatalf("exit %d, want %d (some rules are refused); stdout %q\n%s", code, exitRejected, stdout, errOut)
	}
	want := `39 rules read (10 correlations): 24 converted into 13 hunts, 15 refused; 1 of 1 filters applied
     2 refused: a field has no column in the OCSF cloudtrail view
     2 refused: used only by a correlation that cannot be converted, or a filter of refused rules
     1 refused: 'near' is obsolete Sigma; a temporal correlation rule says the same
     1 refused: a correlation or filter names a rule that is not among the files read
     1 refused: a correlation refers to a rule that cannot be converted
     1 refused: a value modifier means nothing for CloudTrail's text fields (utf16, wide)
     1 refused: keyword search needs the raw event text, which the OCSF lake does not keep
     1 refused: log source is not AWS CloudTrail (product: aws, service: cloudtrail)
     1 refused: not a Sigma rule (no title, or neither detection nor correlation)
     1 refused: only count() aggregations can be converted
     1 refused: placeholders (|expand) need value lists from your environment
     1 refused: the correlation type cannot be converted
     1 refused: the rule breaks the Sigma specification
`
	if errOut != want {
		t.Errorf("summary:\n%s\nwant:\n%s", errOut, want)
	}
	written, err := filepath.Glob(filepath.Join(out, "*.sql"))
	if err != nil || len(written) != 13 {
		t.Fatalf("%d hunt files written (%v), want 13", len(written), err)
	}

	// -v names every rule with its hunt or its reason.
	_, errOut, code = runCLI(t, "", "hunt", "import-sigma", "-v", "-o", t.TempDir(),
		filepath.Join(rules, "refused_near.yml"), filepath.Join(rules, "correlation_temporal"))
	for _, line := range []string{
		"refused    " + filepath.Join(rules, "refused_near.yml") + " (Function created near an invoke): cannot convert: condition \"create | near invoke\": 'near' correlates events",
		"converted  " + filepath.Join(rules, "correlation_temporal", "monitoring_switched_off.yml") + " (Trail stopped): sigma_monitoring_switched_off",
		"5 rules read (1 correlation): 4 converted into 1 hunt, 1 refused",
	} {
		if code != exitRejected || !strings.Contains(errOut, line) {
			t.Errorf("exit %d, -v output lacks %q:\n%s", code, line, errOut)
		}
	}

	lake := t.TempDir()
	var events []string
	for _, c := range []string{"correlation_temporal", "correlation_chain", "detection_modifiers"} {
		events = append(events, filepath.Join(rules, c, "fire.json"), filepath.Join(rules, c, "quiet.json"))
	}
	if _, errOut, code := runCLI(t, "", append([]string{"--lake", lake, "ingest", "cloudtrail", "-q"}, events...)...); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	findings, errOut, code := runCLI(t, "", "--lake", lake, "hunt", "run", "--all", "--tag", "sigma", "--hunts", out,
		"--from", "2024-03-05", "--to", "2024-03-06", "--now", "2024-03-06", "--format", "jsonl")
	if code != 0 || !strings.Contains(errOut, "13 hunts over") || !strings.Contains(errOut, " 0 failed") {
		t.Fatalf("hunt run exit %d:\n%s", code, errOut)
	}
	// The hunts of the three cases fire, and the others whose rules these
	// events also meet.
	fired := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(findings), "\n") {
		var f struct {
			HuntID string `json:"hunt_id"`
		}
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("finding %q: %v", line, err)
		}
		fired[f.HuntID] = true
	}
	var ids []string
	for id := range fired {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if got := strings.Join(ids, " "); got != "sigma_access_key_for_another_user sigma_access_key_handed_over sigma_brute_force_then_login "+
		"sigma_console_login_no_mfa sigma_monitoring_switched_off sigma_root_console_login sigma_trail_logging_stopped" {
		t.Errorf("findings of %s:\n%s", got, findings)
	}
}
