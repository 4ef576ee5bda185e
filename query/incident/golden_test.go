package incident

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/storage/golden"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

var scenarioWindow = hunt.Window{
	Start: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
	End:   time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC),
}

// scenarioHunts are the hunts the scenario's events are written to fire.
var scenarioHunts = []string{
	"access_denied_many_operations", "admin_policy_attached", "console_login_without_mfa", "discovery_burst",
	"s3_large_download", "secrets_bulk_read", "storage_enumeration_burst", "vpc_port_scan_horizontal",
}

// The scenario (testdata/scenario): a port 22 sweep from 198.51.100.77;
// ten minutes later alice's leaked key, from 198.51.100.0/24, enumerates
// and is denied on twelve operations, attaches AdministratorAccess to
// alice, assumes Deployer, whose session assumes DataReader in the data
// account, which reads twelve secrets and downloads 60 MiB of payroll.
// Carol lists buckets from the same /24 meanwhile, and bob signs in
// without MFA in the afternoon.
func TestScenarioGolden(t *testing.T) {
	dir := filepath.Join("testdata", "scenario")
	lakeDir := testlake.Build(t, filepath.Join(dir, "cloudtrail.json"), filepath.Join(dir, "flows.log"))
	incidents, findings := findIncidents(t, lakeDir, selectHunts(t, scenarioHunts...), scenarioWindow, Options{})
	if len(findings) != len(scenarioHunts) {
		t.Fatalf("%d findings, want one per hunt (%d)", len(findings), len(scenarioHunts))
	}
	for _, format := range []output.Format{output.JSON, output.Table, output.HTML} {
		var buf bytes.Buffer
		if err := Write(&buf, format, incidents); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join(dir, "incidents."+map[output.Format]string{output.JSON: "json", output.Table: "txt", output.HTML: "html"}[format]), buf.Bytes())
	}

	if len(incidents) != 3 {
		t.Fatalf("%d incidents, want the intrusion, carol's listing and bob's sign-in", len(incidents))
	}
	intrusion := incidents[0]
	if got := intrusion.HuntIDs; !slices.Equal(got, []string{"access_denied_many_operations", "admin_policy_attached", "discovery_burst",
		"s3_large_download", "secrets_bulk_read", "vpc_port_scan_horizontal"}) {
		t.Errorf("the intrusion holds the findings of %v", got)
	}
	if intrusion.Severity != hunt.SeverityCritical || intrusion.SeverityReason == "" {
		t.Errorf("the intrusion is %s (%q), want critical for going through %v", intrusion.Severity, intrusion.SeverityReason, intrusion.TacticNames)
	}
	if !slices.Equal(intrusion.Principals, []string{"arn:aws:iam::111111111111:user/alice"}) {
		t.Errorf("the intrusion's principals are %v, want alice alone: the DataReader session is hers", intrusion.Principals)
	}
	var linked []string
	for _, l := range intrusion.Links {
		linked = append(linked, l.SessionARN)
		if !slices.Contains(intrusion.EventUIDs, l.EventUID) {
			t.Errorf("linking event %s is not among the event uids", l.EventUID)
		}
	}
	if !slices.Equal(linked, []string{"arn:aws:sts::111111111111:assumed-role/Deployer/dep", "arn:aws:sts::222222222222:assumed-role/DataReader/exfil"}) {
		t.Errorf("the intrusion is linked by the sessions %v, want Deployer then DataReader", linked)
	}
	if !slices.Equal(intrusion.Accounts, []string{"111111111111", "222222222222"}) {
		t.Errorf("the intrusion spans accounts %v", intrusion.Accounts)
	}
	for _, want := range []string{"from 14 addresses in 198.51.100.0/24", "assumed role role/Deployer as session dep",
		"assumed role role/DataReader as session exfil", "60.0 MiB"} {
		if !strings.Contains(intrusion.Summary, want) {
			t.Errorf("the intrusion's summary lacks %q:\n%s", want, intrusion.Summary)
		}
	}
	for _, inc := range incidents[1:] {
		if inc.FindingCount != 1 {
			t.Errorf("incident %q holds %d findings, want 1", inc.Title, inc.FindingCount)
		}
	}
}

// Ids are stable: a finding added after the earliest one leaves the id.
func TestIncidentIDStable(t *testing.T) {
	at := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	first := hunt.Finding{HuntID: "discovery_burst", FirstTime: at, LastTime: at, Actor: "arn:aws:iam::111111111111:user/alice", Severity: hunt.SeverityMedium}
	later := first
	later.HuntID, later.FirstTime, later.LastTime = "admin_policy_attached", at.Add(time.Hour), at.Add(time.Hour)
	one := assemble([]*described{describe(first, nil, nil)})
	two := assemble([]*described{describe(first, nil, nil), describe(later, nil, nil)})
	if one.ID != two.ID || !strings.HasPrefix(one.ID, "inc-") {
		t.Errorf("ids %s and %s, want the same inc- id", one.ID, two.ID)
	}
}

// The HTML fragment holds one timeline per incident, loads nothing, runs
// nothing, and keeps attacker-chosen text as text.
func TestHTMLFragmentIsInert(t *testing.T) {
	at := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	f := hunt.Finding{HuntID: "discovery_burst", Title: "Discovery burst", Severity: hunt.SeverityMedium, FirstTime: at, LastTime: at.Add(time.Minute),
		Actor: "arn:aws:iam::111111111111:user/" + evil, Summary: evil, EventCount: 3}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, []Incident{assemble([]*described{describe(f, nil, nil)})}); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var svgs, rects int
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "link", "object", "embed":
				t.Errorf("the fragment holds a <%s> element", n.Data)
			case "svg":
				svgs++
			case "rect":
				rects++
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "src" || a.Key == "href" {
					t.Errorf("<%s> has attribute %s", n.Data, a.Key)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if svgs != 1 || rects < 1 {
		t.Errorf("%d timelines with %d bars, want one timeline with a bar", svgs, rects)
	}
}
