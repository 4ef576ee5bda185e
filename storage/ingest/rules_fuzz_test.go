package ingest

import (
	"strings"
	"testing"
)

// FuzzParseRule feeds arbitrary text to the rule parser: it must never
// panic, and a rule it accepts must print in a canonical form that parses
// back to the same rule, from the command line and from a rules file
// (the fingerprint in the manifest is taken of that form). Seeds are in
// testdata/fuzz/FuzzParseRule.
func FuzzParseRule(f *testing.F) {
	f.Add("principal=*CspmMonitorAws*")
	f.Add(`useragent="aws-cli/2.* os/macos*" eventname!=Describe*`)
	f.Fuzz(func(t *testing.T, text string) {
		r, err := ParseRule(true, text, "--drop")
		if err != nil {
			if !strings.Contains(err.Error(), "--drop") {
				t.Errorf("error %q does not name the rule", err)
			}
			return
		}
		canonical := r.String()
		again, err := ParseRule(true, strings.TrimPrefix(canonical, "drop "), "--drop")
		if err != nil {
			t.Fatalf("canonical %q of %q does not parse: %v", canonical, text, err)
		}
		if again.String() != canonical {
			t.Fatalf("canonical %q of %q parses to %q", canonical, text, again.String())
		}
		if !strings.ContainsAny(canonical, "\n\r") {
			rules, err := ParseRuleFile(strings.NewReader(canonical+"\n"), "fuzz.rules")
			if err != nil || len(rules) != 1 || rules[0].String() != canonical {
				t.Fatalf("canonical %q read from a file: %v %v", canonical, rules.Texts(), err)
			}
		}
		var v ruleView
		v.principals = []string{""}
		r.matches(&v)
	})
}
