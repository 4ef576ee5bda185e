package investigate

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestTerminalSafe(t *testing.T) {
	f := func(in string, max int, want string) {
		t.Helper()
		if got := terminalSafe(in, max); got != want {
			t.Errorf("terminalSafe(%q, %d) = %q, want %q", in, max, got, want)
		}
	}
	f("plain", 0, "plain")
	f("\x1b[2J\x1b]0;pwned\x07", 0, `\x1b[2J\x1b]0;pwned\a`)
	f("line\nbreak\r", 0, `line\nbreak\r`)
	f("bad \xff byte", 0, `bad \xff byte`)
	f("right\u202eto-left", 0, `right\u202eto-left`)
	f("abcdef", 5, "abcd…")
	f("abcde", 5, "abcde")
	f("héllo wörld", 6, "héllo…")
}

// TestTextReport writes the incident's IP report and a report holding
// terminal escape sequences.
func TestTextReport(t *testing.T) {
	r := investigateIncident(t, KindIP, "203.0.113.50", nil)
	var buf bytes.Buffer
	if err := WriteText(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"lakehunt investigation: ip 203.0.113.50",
		"== Overview", "== API calls over time (1h buckets", "== API calls by service and operation",
		"== Failed API calls by error code", "== Related entities", "== Newly observed",
		"== Console logins (2: 0 succeeded, 2 failed, 0 with MFA)", "== VPC flows", "== Top flow peers",
		"== Top destination ports", "== Rejected flows (4)", "== Findings of the hunting pack",
		"AccessDenied", "203.0.113.50:51000", "2.3 GiB",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q", want)
		}
	}

	evil := "curl/8 \x1b[31mred\x1b[0m\r\nfake line"
	when := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	hostile := newReport(Options{Entity: Entity{Kind: KindPrincipal, Value: "x\x1b]0;title\x07", Form: FormName}, Scope: incidentScope, Baseline: incidentBaseline})
	hostile.Related.UserAgents = RelatedList{Distinct: 1, Values: []RelatedEntity{{Value: evil, Events: 1, FirstSeen: when, LastSeen: when}}}
	hostile.ConsoleLogins = ConsoleLogins{Total: 1, Logins: []ConsoleLogin{{Time: when, Result: "Failure", UserAgent: evil, Principal: "p\x1b[1m"}}}
	buf.Reset()
	if err := WriteText(&buf, hostile); err != nil {
		t.Fatal(err)
	}
	out = buf.String()
	if strings.ContainsAny(out, "\x1b\x07\r") {
		t.Errorf("control characters reached the terminal:\n%q", out)
	}
	if !strings.Contains(out, `curl/8 \x1b[31mred\x1b[0m\r\nfake line`) {
		t.Errorf("the escaped user agent is missing:\n%s", out)
	}
}
