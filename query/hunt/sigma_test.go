package hunt

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// The Sigma rules under testdata/sigma were written by the team for these
// tests (SigmaHQ's rules are under the DRL and stay out of the tree).

// importSigmaFiles imports rule files as 'hunt import-sigma' does.
func importSigmaFiles(t *testing.T, paths ...string) *SigmaImport {
	t.Helper()
	var files []SigmaFile
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, SigmaFile{Name: p, Data: data})
	}
	imp, err := ImportSigma(files)
	if err != nil {
		t.Fatal(err)
	}
	return imp
}

// Each rule must become the golden hunt and fire on the fixture events of
// the built-in hunt that does the same job.
func TestConvertSigma(t *testing.T) {
	f := func(rule, fixture string) {
		t.Helper()
		imp := importSigmaFiles(t, filepath.Join("testdata", "sigma", rule+".yml"))
		if len(imp.Hunts) != 1 || imp.Outcomes[0].Refusal != nil {
			t.Fatalf("%s: %d hunts, outcome %+v", rule, len(imp.Hunts), imp.Outcomes[0])
		}
		text := imp.Hunts[0].Text
		checkGoldenFile(t, filepath.Join("testdata", "sigma", rule+".sql"), text)
		h, err := Parse(rule+".sql", text)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(sharedcorpus.ModuleRoot(t), "testdata", "hunts", fixture)
		e := openEngine(t, testlake.Build(t, existing(dir, "fire.json", "quiet.json")...), []*Hunt{h}, goldenWindow)
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

// Each directory under testdata/sigma is a case: rule files (detection,
// correlation and filter rules, referring to each other within a file
// and across files), fire.json and quiet.json events, the golden hunt of
// every rule converted (<hunt id>.sql) and the findings (expected.json).
// Every rule must convert, every hunt find something, every finding cite
// fire events only.
func TestSigmaCases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "sigma", "*", "fire.json"))
	if err != nil || len(dirs) < 7 {
		t.Fatalf("%d Sigma cases (%v), want the detections and the four correlation types", len(dirs), err)
	}
	for _, fire := range dirs {
		dir := filepath.Dir(fire)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			checkSigmaCase(t, dir)
		})
	}
}

func checkSigmaCase(t *testing.T, dir string) {
	rules, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	imp := importSigmaFiles(t, rules...)
	for _, o := range imp.Outcomes {
		if o.Refusal != nil {
			t.Errorf("refused: %v", o.Refusal)
		}
	}
	goldens, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	converted := map[string]bool{}
	var hunts []*Hunt
	for _, sh := range imp.Hunts {
		path := filepath.Join(dir, sh.ID+".sql")
		converted[path] = true
		checkGoldenFile(t, path, sh.Text)
		h, err := Parse(sh.ID+".sql", sh.Text)
		if err != nil {
			t.Fatal(err)
		}
		hunts = append(hunts, h)
	}
	for _, g := range goldens {
		if !converted[g] && !*update {
			t.Errorf("%s is no longer converted", g)
		}
	}
	fire, quiet := filepath.Join(dir, "fire.json"), filepath.Join(dir, "quiet.json")
	e := openEngine(t, testlake.Build(t, fire, quiet), hunts, goldenWindow)
	fired := evidenceIDs(t, []string{fire})
	var all []Finding
	for _, h := range hunts {
		got, sum := RunOne(context.Background(), e, h, RunOptions{Window: goldenWindow, Now: goldenWindow.End})
		if sum.Err != nil {
			t.Fatalf("%s: %v", h.ID, sum.Err)
		}
		if len(got) == 0 {
			t.Errorf("%s: no finding on the fire events", h.ID)
		}
		for _, f := range got {
			for _, uid := range f.EvidenceUIDs {
				if !fired[uid] {
					t.Errorf("%s: finding %q cites %s, not a fire event", h.ID, f.Summary, uid)
				}
			}
		}
		all = append(all, got...)
	}
	SortFindings(all)
	gotJSON, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGoldenFile(t, filepath.Join(dir, "expected.json"), append(gotJSON, '\n'))
}

// A rule is refused only for a reason a Sigma user would accept, one line
// shared by every rule refused for it, and the rule's own detail.
func TestImportSigmaRefusesWithAReason(t *testing.T) {
	f := func(file, rule, kind, detail string) {
		t.Helper()
		imp := importSigmaFiles(t, filepath.Join("testdata", "sigma", file+".yml"))
		for _, o := range imp.Outcomes {
			if o.Rule != rule {
				continue
			}
			if o.Refusal == nil || o.Refusal.Kind != kind || !strings.Contains(o.Refusal.Error(), detail) || !strings.Contains(o.Refusal.Error(), file) {
				t.Errorf("%s (%s): outcome %+v, want a refusal for %q naming the file and %q", file, rule, o, kind, detail)
			}
			return
		}
		t.Errorf("%s: no rule %q among %+v", file, rule, imp.Outcomes)
	}
	f("refused_keywords", "Keyword search", refusedKeywords, "keyword lists search the whole raw event")
	f("refused_near", "Function created near an invoke", refusedNear, "'near' correlates events")
	f("refused_logsource", "A Windows rule", refusedLogSource, "logsource windows/security is not aws/cloudtrail")
	f("refused_field", "Login from an unexpected country", refusedField, "field src_country has no OCSF column")
	f("refused_expand", "Console login from outside the office", refusedPlaceholder, "%office_ranges%")
	f("refused_utf16", "Wide string in a user agent", refusedModifier, "|wide encodes the value as UTF-16")
	f("refused_aggregation", "Largest object count", refusedAggregation, "not max()")
	f("refused_invalid", "Condition naming a selection that is not there", refusedInvalid, `names "filter", which is not a selection`)
	f("refused_not_a_rule", "document 1", refusedNotARule, "no title")
	f("refused_value_sum", "Large downloads by one address", refusedCorrelation, "value_sum sums or averages numbers")
	f("refused_value_sum", "Object read", refusedOrphan, "only a correlation that cannot be converted")
	f("refused_reference", "Correlation of a rule that is not there", refusedReference, "rule no_such_rule is not among the rules read")
	f("refused_member", "Correlation of a rule that cannot be converted", refusedMember, "rule login_from_country: selection selection: field src_country")
	f("refused_member", "Login from a country", refusedField, "field src_country has no OCSF column")
	f("refused_member", "Access key created", refusedOrphan, "only a correlation that cannot be converted")
}

// Tags are never a reason to refuse: ATT&CK tactics by name (hyphens or
// underscores) and techniques by id become the hunt's, the rest stay tags.
func TestSigmaTags(t *testing.T) {
	tactics, techniques, other := sigmaTags([]string{
		"attack.privilege-escalation", "attack.defense_evasion", "attack.defense-impairment", "attack.stealth",
		"attack.t1685", "attack.T1078.004", "attack.ta0040", "attack.g0016", "cve.2021-44228", "detection.threat-hunting", "attack.t1685",
	})
	f := func(what string, got []string, want string) {
		t.Helper()
		if strings.Join(got, ",") != want {
			t.Errorf("%s = %v, want %s", what, got, want)
		}
	}
	f("tactics", tactics, "TA0004,TA0005,TA0112,TA0040")
	f("techniques", techniques, "T1685,T1078.004")
	f("tags", other, "attack-stealth,attack-g0016,cve-2021-44228,detection-threat-hunting")
}

func TestSigmaValueMatching(t *testing.T) {
	f := func(m sigmaMatch, value any, want string) {
		t.Helper()
		got, err := sigmaValue("c", m, value)
		if err != nil || got != want {
			t.Errorf("sigmaValue(%+v, %v) = %q, %v; want %q", m, value, got, err, want)
		}
	}
	f(sigmaMatch{}, "StopLogging", "lower(c) = lower('StopLogging')")
	f(sigmaMatch{}, `a\*b`, "lower(c) = lower('a*b')")
	f(sigmaMatch{}, "O'Brien*", `lower(c) LIKE lower('O''Brien%') ESCAPE '\'`)
	f(sigmaMatch{how: "contains"}, "50%_off", `lower(c) LIKE lower('%50\%\_off%') ESCAPE '\'`)
	f(sigmaMatch{how: "startswith"}, "List", `lower(c) LIKE lower('List%') ESCAPE '\'`)
	f(sigmaMatch{how: "re"}, "^a.+z$", "regexp_matches(c, '^a.+z$')")
	f(sigmaMatch{how: "re", reFlags: "is"}, "^a.+z$", "regexp_matches(c, '(?is)^a.+z$')")
	f(sigmaMatch{cased: true}, "Root", "c = 'Root'")
	f(sigmaMatch{how: "cidr"}, "10.0.0.0/8", "lh_cidr_contains('10.0.0.0/8', c)")
	f(sigmaMatch{how: "gte"}, 1.08, "TRY_CAST(c AS DOUBLE) >= 1.08")
	f(sigmaMatch{how: "hour"}, 10, "date_part('hour', TRY_CAST(c AS TIMESTAMPTZ)) = 10")
	f(sigmaMatch{fieldref: true, how: "endswith"}, "eventName", "ends_with(lower(c), lower(api.operation))")
	f(sigmaMatch{}, nil, "c IS NULL")
	f(sigmaMatch{}, true, "lower(c) = lower('true')")
	f(sigmaMatch{}, 4624, "lower(c) = lower('4624')")

	// The three base64 forms of a value inside a longer encoded text, and
	// the five dashes of windash.
	if got := strings.Join(base64Offsets("sqlmap"), " "); got != "c3FsbWFw NxbG1hc zcWxtYX" {
		t.Errorf("base64offset(sqlmap) = %s", got)
	}
	if got := windashVariants("-a /b"); len(got) != 25 || got[0] != "-a -b" || got[24] != "\u2015a \u2015b" {
		t.Errorf("windash(-a /b) = %q", got)
	}
}

// A file of several rules gives each converted one its own hunt id, and
// ids two files would share are told apart.
func TestImportSigmaNamesHuntsOnce(t *testing.T) {
	rule := func(title string) string {
		return "title: " + title + "\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  selection:\n    eventName: " +
			strings.ReplaceAll(title, " ", "") + "\n  condition: selection\n"
	}
	imp, err := ImportSigma([]SigmaFile{
		{Name: "a/stop.yml", Data: []byte(rule("Stop Logging") + "---\n" + rule("Delete Trail"))},
		{Name: "b/stop.yml", Data: []byte(rule("Stop Logging"))},
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range imp.Hunts {
		ids = append(ids, h.ID)
	}
	sort.Strings(ids)
	if got := strings.Join(ids, " "); got != "sigma_stop sigma_stop_delete_trail sigma_stop_stop_logging" {
		t.Errorf("hunt ids %s", got)
	}
	if !bytes.Contains(imp.Hunts[0].Text, []byte("-- tactics: -\n-- techniques: -\n")) {
		t.Errorf("a rule without ATT&CK tags:\n%s", imp.Hunts[0].Text)
	}
}

// The rules a correlation refers to are part of its hunt; generate: true
// makes hunts of them too.
func TestImportSigmaGenerate(t *testing.T) {
	f := func(generate string, want int) {
		t.Helper()
		data := `title: Stopped then deleted
correlation:
  type: temporal_ordered
  rules: [stopped, deleted]
  group-by: [userIdentity.arn]
  timespan: 1h` + generate + `
---
title: Trail stopped
name: stopped
logsource: {product: aws, service: cloudtrail}
detection: {selection: {eventName: StopLogging}, condition: selection}
---
title: Trail deleted
name: deleted
logsource: {product: aws, service: cloudtrail}
detection: {selection: {eventName: DeleteTrail}, condition: selection}
`
		imp, err := ImportSigma([]SigmaFile{{Name: "trail.yml", Data: []byte(data)}})
		if err != nil {
			t.Fatal(err)
		}
		if len(imp.Hunts) != want {
			t.Errorf("generate %q: %d hunts, want %d", generate, len(imp.Hunts), want)
		}
		for _, o := range imp.Outcomes {
			if o.Refusal != nil || o.Hunt == "" {
				t.Errorf("generate %q: %+v", generate, o)
			}
		}
	}
	f("", 1)
	f("\n  generate: true", 3)
	f("\ngenerate: true", 3)
}
