package investigate

import (
	"bytes"
	"fmt"
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
	// What matters first: incidents, then what is new, then the detail.
	last := -1
	for _, want := range []string{
		"lakehunt investigation: ip 203.0.113.50",
		"== Incidents involving the entity (2)", "CRITICAL  inc-", "user/alice: Trail stopped",
		"== Newly observed",
		"== Overview", "== API calls over time (1h buckets", "== API calls by service and operation",
		"== Failed API calls by error code", "== Related entities",
		"== Console logins (2: 0 succeeded, 2 failed, 0 with MFA)", "== VPC flows", "== Top flow peers",
		"== Top destination ports", "== Rejected flows (4)", "203.0.113.50:51000", "== Findings of the hunting pack",
	} {
		at := strings.Index(out, want)
		if at < 0 {
			t.Errorf("text report lacks %q", want)
			continue
		}
		if at < last {
			t.Errorf("%q comes before the section above it", want)
		}
		last = at
	}
	for _, want := range []string{"AccessDenied", "2.3 GiB"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	if strings.Contains(out, "== Identity chain") {
		t.Error("an IP has an identity chain")
	}

	evil := "curl/8 \x1b[31mred\x1b[0m\r\nfake line"
	when := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	hostile := newReport(Options{Entity: Entity{Kind: KindPrincipal, Value: "x\x1b]0;title\x07", Form: FormName}, Scope: incidentScope, Baseline: incidentBaseline})
	hostile.Related.UserAgents = RelatedList{Distinct: 1, Values: []RelatedEntity{{Value: evil, Events: 1, Seen: Seen{FirstSeen: when, LastSeen: when}}}}
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

// TestTextSummarised: a terminal gets the top rows of a long panel and a
// count of the rest; the report keeps them all.
func TestTextSummarised(t *testing.T) {
	when := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	r := newReport(Options{Entity: Entity{Kind: KindPrincipal, Value: "enumerator", Form: FormName}, Scope: incidentScope, Baseline: incidentBaseline})
	services := []string{"iam.amazonaws.com", "ec2.amazonaws.com", "s3.amazonaws.com"}
	for i := range 25 {
		r.Operations = append(r.Operations, Operation{Service: services[i%3], Operation: fmt.Sprintf("List%02d", i), Calls: int64(100 - i), Seen: Seen{FirstSeen: when, LastSeen: when}})
	}
	for i := range 8 {
		r.Related.Resources.Values = append(r.Related.Resources.Values, RelatedEntity{Value: fmt.Sprintf("arn:aws:s3:::bucket-%d", i), Events: 1, Seen: Seen{FirstSeen: when, LastSeen: when}})
	}
	r.Related.Resources.Distinct = 30
	var buf bytes.Buffer
	if err := WriteText(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "List09") || strings.Contains(out, "List10") {
		t.Errorf("want the top %d operations, no more:\n%s", textRows, out)
	}
	if !strings.Contains(out, "  … and 15 more across 3 services\n") {
		t.Errorf("no count of the operations not shown:\n%s", out)
	}
	if !strings.Contains(out, "bucket-4") || strings.Contains(out, "bucket-5") || !strings.Contains(out, "    … and 25 more\n") {
		t.Errorf("want the top %d resources and a count of the other 25:\n%s", textListRows, out)
	}
}
