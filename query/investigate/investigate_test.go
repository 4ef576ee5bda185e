package investigate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/storage/golden"
)

// TestGoldenJSON investigates every kind of entity of the incident and
// compares the JSON report with its golden file. Each case also checks
// the facts the incident was written to show.
func TestGoldenJSON(t *testing.T) {
	f := func(name string, kind Kind, value string, check func(t *testing.T, r *Report)) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			r := investigateIncident(t, kind, value, nil)
			var buf bytes.Buffer
			if err := WriteJSON(&buf, r); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", name+".json"), buf.Bytes())
			check(t, r)
		})
	}

	f("access_key", KindAccessKey, "AKIATESTALICE0000001", func(t *testing.T, r *Report) {
		// The leaked key: a new address, a new client and a new region;
		// the pivot session it created sent one more client.
		wantStrings(t, "new source IPs", newValues(r.NewlyObserved.SourceIPs), "203.0.113.50")
		wantStrings(t, "new regions", newValues(r.NewlyObserved.Regions), "eu-north-1")
		wantStrings(t, "new user agents", newValues(r.NewlyObserved.UserAgents), "python-requests/2.31.0", `=HYPERLINK("http://203.0.113.50/","open")`, evilAgent)
		// Most frequent first.
		wantStrings(t, "source IPs", relatedValues(r.Related.SourceIPs), "203.0.113.50", "198.51.100.10")
		for _, op := range []string{"CreateUser", "AttachUserPolicy", "CreateAccessKey", "AssumeRole"} {
			if !slices.Contains(operationNames(r.Operations), op) {
				t.Errorf("operations lack %s: %v", op, operationNames(r.Operations))
			}
		}
		// The burst of denied calls.
		if len(r.ErrorCodes) == 0 || r.ErrorCodes[0].Code != "AccessDenied" || r.ErrorCodes[0].Calls != 6 {
			t.Errorf("error codes = %+v, want AccessDenied first with 6 calls", r.ErrorCodes)
		}
		// The pivot: the session the key created, and what it did there.
		wantStrings(t, "role sessions", relatedValues(r.Related.RoleSessions), "arn:aws:sts::111122223333:assumed-role/ops-admin/pivot")
		wantStrings(t, "created sessions", values(r.IdentityChain.Created, func(s ChainedSession) string { return s.SessionARN + " via " + s.Via }),
			"arn:aws:sts::111122223333:assumed-role/ops-admin/pivot via arn:aws:iam::111122223333:role/ops-admin")
		if !slices.ContainsFunc(r.Operations, func(o Operation) bool {
			return o.Operation == "StopLogging" && o.Via == "arn:aws:iam::111122223333:role/ops-admin"
		}) {
			t.Errorf("operations lack the pivot's StopLogging via ops-admin: %+v", r.Operations)
		}
		if r.Overview.BaselineEvents != 9 {
			t.Errorf("baseline events = %d, want alice's 9 API calls", r.Overview.BaselineEvents)
		}
		// The trail was stopped by the pivot session, not with this key;
		// the incident holds both.
		if len(r.Findings.Findings) != 0 {
			t.Errorf("findings = %+v, want none: the key did not stop the trail", r.Findings.Findings)
		}
		wantIncidents(t, r, "trail_stopped")
		if r.Flows != nil {
			t.Error("an access key has flow panels")
		}
	})
	f("principal_role_session", KindPrincipal, "ops-admin/pivot", func(t *testing.T, r *Report) {
		// Three calls by the session and the AssumeRole that created it.
		if r.Overview.APIEvents != 4 {
			t.Errorf("API events = %d, want 4", r.Overview.APIEvents)
		}
		wantStrings(t, "principals", relatedValues(r.Related.Principals), "arn:aws:sts::111122223333:assumed-role/ops-admin/pivot", "arn:aws:iam::111122223333:user/alice")
		wantFindings(t, r, "trail_stopped:evidence")
		wantIncidents(t, r, "trail_stopped")
		// Who is behind the session: alice, with her key.
		c := r.IdentityChain
		if len(c.Behind) != 1 || c.Behind[0].Origin != "arn:aws:iam::111122223333:user/alice" || c.Behind[0].Chain[0].IssuerAccessKey != "AKIATESTALICE0000001" {
			t.Errorf("behind = %+v, want alice's AssumeRole with her key", c.Behind)
		}
	})
	f("principal_role_arn", KindPrincipal, "arn:aws:iam::111122223333:role/ops-admin", func(t *testing.T, r *Report) {
		if r.Overview.APIEvents != 4 {
			t.Errorf("API events = %d, want the 3 session calls and the AssumeRole of the role", r.Overview.APIEvents)
		}
	})
	f("principal_user_name", KindPrincipal, "alice", func(t *testing.T, r *Report) {
		c := r.ConsoleLogins
		if c.Total != 3 || c.Succeeded != 1 || c.Failed != 2 || c.WithMFA != 1 {
			t.Errorf("console logins = %d total, %d ok, %d failed, %d MFA; want 3, 1, 2, 1", c.Total, c.Succeeded, c.Failed, c.WithMFA)
		}
		// Her calls and sign-ins; the session she created is named pivot,
		// and its three calls are hers through ops-admin.
		if r.Overview.APIEvents != 18 || r.Overview.ViaSessionEvents != 3 {
			t.Errorf("API events = %d, %d through sessions; want 18 and the pivot's 3", r.Overview.APIEvents, r.Overview.ViaSessionEvents)
		}
		// The trail was stopped through her session: not her finding, her
		// incident.
		wantFindings(t, r)
		wantIncidents(t, r, "trail_stopped")
	})
	f("ip", KindIP, "203.0.113.50", func(t *testing.T, r *Report) {
		fl := r.Flows
		if fl == nil {
			t.Fatal("no flow panels for an IP")
		}
		if fl.Rejected.Total != 4 || fl.Totals.BytesIn != 2_500_000_000 {
			t.Errorf("rejected %d, bytes in %d; want the 4 scan flows and the 2.5 GB it received", fl.Rejected.Total, fl.Totals.BytesIn)
		}
		if len(fl.Peers) != 1 || fl.Peers[0].IP != "10.0.1.15" {
			t.Errorf("peers = %+v, want the instance 10.0.1.15", fl.Peers)
		}
		if r.ConsoleLogins.Failed != 2 {
			t.Errorf("failed console logins = %d, want 2", r.ConsoleLogins.Failed)
		}
		wantFindings(t, r, "trail_stopped:src_ip", "inbound_rejected:src_ip")
		wantIncidents(t, r, "trail_stopped", "inbound_rejected")
		if r.IdentityChain != nil {
			t.Error("an IP has an identity chain")
		}
	})
	f("instance", KindInstance, "i-0aaaabbbbcccc0001", func(t *testing.T, r *Report) {
		fl := r.Flows
		if fl.Totals.BytesOut < 2_500_000_000 || fl.Totals.Rejected != 4 {
			t.Errorf("bytes out %d, rejected %d; want the large egress and the 4 refused scan flows", fl.Totals.BytesOut, fl.Totals.Rejected)
		}
		if fl.Peers[0].IP != "203.0.113.50" || fl.Peers[0].BytesOut != 2_500_000_000 {
			t.Errorf("top peer = %+v, want 203.0.113.50 with the 2.5 GB egress", fl.Peers[0])
		}
		wantStrings(t, "new flow peers", newValues(r.NewlyObserved.FlowPeers), "203.0.113.50")
		wantStrings(t, "new operations", newValues(r.NewlyObserved.Operations), "secretsmanager.amazonaws.com:GetSecretValue")
		if r.Overview.APIEvents != 2 {
			t.Errorf("API events = %d, want the 2 calls of the instance's role session", r.Overview.APIEvents)
		}
		wantFindings(t, r, "inbound_rejected:actor")
	})
	f("instance_eni", KindInstance, "eni-0aaaabbbbcccc0001", func(t *testing.T, r *Report) {
		if r.Overview.APIEvents != 2 || r.Overview.FlowRecords != 7 {
			t.Errorf("API events %d, flows %d; want the instance's 2 calls and the interface's 7 flows", r.Overview.APIEvents, r.Overview.FlowRecords)
		}
	})
	f("account", KindAccount, "111122223333", func(t *testing.T, r *Report) {
		if r.Overview.APIEvents != 23 {
			t.Errorf("API events = %d, want all 23 of the day", r.Overview.APIEvents)
		}
		wantFindings(t, r, "trail_stopped:account", "inbound_rejected:account")
	})
}

func wantStrings(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// wantIncidents compares the incidents by the hunts of their findings.
func wantIncidents(t *testing.T, r *Report, want ...string) {
	t.Helper()
	got := values(r.Incidents, func(inc incident.Incident) string { return strings.Join(inc.HuntIDs, "+") })
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("incidents = %q, want %q", got, want)
	}
}

// wantFindings compares the findings as hunt_id:matched_by.
func wantFindings(t *testing.T, r *Report, want ...string) {
	t.Helper()
	got := values(r.Findings.Findings, func(f Finding) string { return f.HuntID + ":" + f.MatchedBy })
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
}

// TestScopeFromLifetime leaves the scope out: the investigation covers
// the days the entity appears on.
func TestScopeFromLifetime(t *testing.T) {
	r := investigateIncident(t, KindIP, "203.0.113.50", func(o *Options) { o.Scope = Window{} })
	if !r.Scope.Start.Equal(incidentScope.Start) || !r.Scope.End.Equal(incidentScope.End) {
		t.Errorf("scope = %v, want the incident day %v", r.Scope, incidentScope)
	}
	if r.Overview.APIEvents == 0 {
		t.Error("no API events in the derived scope")
	}

	e, _ := NewEntity(KindIP, "192.0.2.1")
	_, err := Open(context.Background(), Options{Lake: incidentLake(t), Entity: e, Baseline: incidentBaseline, Now: incidentNow})
	if err == nil || !strings.Contains(err.Error(), "does not appear in the lake") {
		t.Errorf("Open of an absent entity without a scope: %v, want an error saying it is absent", err)
	}
}

// TestNewlyObservedAgainstBaseline moves the scope so that the leaked
// key's morning calls form the baseline: only what the attacker did is new.
func TestNewlyObservedAgainstBaseline(t *testing.T) {
	r := investigateIncident(t, KindAccessKey, "AKIATESTALICE0000001", func(o *Options) {
		o.Scope = Window{Start: time.Date(2024, 6, 10, 11, 0, 0, 0, time.UTC), End: time.Date(2024, 6, 10, 14, 0, 0, 0, time.UTC)}
		o.Baseline = 2 * time.Hour
		o.Hunts = nil
	})
	if r.Overview.BaselineEvents != 1 {
		t.Errorf("baseline events = %d, want the 09:00 call (the console login signs no key)", r.Overview.BaselineEvents)
	}
	wantStrings(t, "new source IPs", newValues(r.NewlyObserved.SourceIPs), "203.0.113.50")
	if slices.Contains(newValues(r.NewlyObserved.Operations), "s3.amazonaws.com:ListBuckets") {
		t.Error("ListBuckets, made in the baseline, is listed as new")
	}
	if r.BucketSeconds != 300 || len(r.APITimeline) != 36 {
		t.Errorf("3h scope: %d buckets of %ds, want 36 of 5 minutes", len(r.APITimeline), r.BucketSeconds)
	}
	if r.Findings != nil || r.Incidents != nil {
		t.Error("findings or incidents without hunts")
	}
	if r.IdentityChain == nil || len(r.IdentityChain.Created) != 1 {
		t.Errorf("identity chain = %+v, want the pivot session without hunts too", r.IdentityChain)
	}
}

// TestInstanceFlowsElsewhere: an instance's and an interface's flows are
// read from the files whose bloom filters may hold the id at either end
// (Holding), here a day of its egress and a day when it only received,
// beside another instance's egress.
func TestInstanceFlowsElsewhere(t *testing.T) {
	dir := t.TempDir()
	header := "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id flow-direction traffic-path\n"
	record := func(eni, src, dst string, at int64, instance, direction string) string {
		return fmt.Sprintf("5 111122223333 %s %s %s 40200 443 6 10 5000 %d %d ACCEPT OK vpc-1 subnet-1 %s 19 IPv4 %s %s us-east-1 use1-az1 %s -\n",
			eni, src, dst, at, at+60, instance, src, dst, direction)
	}
	day1, day2 := time.Date(2024, 6, 9, 12, 0, 0, 0, time.UTC).Unix(), time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC).Unix()
	files := map[string]string{
		"111122223333_vpcflowlogs_us-east-1_fl-1_20240609T1200Z_a.log": header +
			record("eni-0000000000000000a", "10.0.1.15", "198.51.100.30", day1, "i-000000000000000aa", "egress"),
		"111122223333_vpcflowlogs_us-east-1_fl-1_20240610T1200Z_b.log": header +
			record("eni-0000000000000000a", "198.51.100.30", "10.0.1.15", day2, "i-000000000000000aa", "ingress") +
			record("eni-0000000000000000b", "10.0.1.16", "198.51.100.31", day2, "i-000000000000000bb", "egress"),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root := t.TempDir()
	if err := buildLake(root, nil, []string{dir}); err != nil {
		t.Fatal(err)
	}
	f := func(value string) {
		t.Helper()
		r := investigateIncident(t, KindInstance, value, func(o *Options) {
			o.Lake, o.Hunts = root, nil
			o.Scope = Window{Start: time.Date(2024, 6, 9, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 6, 11, 0, 0, 0, 0, time.UTC)}
		})
		if r.Overview.FlowRecords != 2 {
			t.Errorf("%s: %d flows, want its egress of the 9th and its ingress of the 10th", value, r.Overview.FlowRecords)
		}
	}
	f("i-000000000000000aa")
	f("eni-0000000000000000a")
}

// TestInterfaceInstances: an interface's calls are its instances' role
// sessions', found once in its flows (entity_instances) by the
// investigation, also when its scope comes from its lifetime, which is
// then looked up in an engine of its own; --show-sql reads the flows
// itself, so that each statement runs on its own.
func TestInterfaceInstances(t *testing.T) {
	e, err := NewEntity(KindInstance, "eni-0aaaabbbbcccc0001")
	if err != nil {
		t.Fatal(err)
	}
	internal, shown := fillPanel("{api}", e, false, true), fillPanel("{api}", e, true, false)
	if strings.Contains(internal, "vpcflow") || !strings.Contains(internal, "entity_instances") {
		t.Errorf("the investigation's predicate searches the flows again:\n%s", internal)
	}
	if !strings.Contains(shown, "FROM vpcflow") {
		t.Errorf("the predicate --show-sql prints does not read the flows:\n%s", shown)
	}
	r := investigateIncident(t, KindInstance, e.Value, func(o *Options) { o.Scope, o.Hunts = Window{}, nil })
	first := time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)
	if r.Overview.LifetimeFirstSeen == nil || !r.Overview.LifetimeFirstSeen.Equal(first) {
		t.Errorf("first seen %v, want its instance's first call, %v", r.Overview.LifetimeFirstSeen, first)
	}
	if r.Overview.APIEvents != 5 || r.Overview.FlowRecords != 9 {
		t.Errorf("API events %d, flows %d over its lifetime; want the instance's 5 calls and the interface's 9 flows of 3 to 10 June", r.Overview.APIEvents, r.Overview.FlowRecords)
	}
}

// TestFlowAttachments: an interface's report names each instance it was
// attached to, in turn (an interface that moves is worth a responder's
// look), or none for an interface of no instance; an instance's names its
// interfaces; an address gets no such panel, since which interface held
// it is not certain. An interface whose records carry no traffic is told
// apart from one the lake never saw.
func TestFlowAttachments(t *testing.T) {
	logs := t.TempDir()
	dir := filepath.Join(logs, "AWSLogs", "111122223333", "vpcflowlogs", "us-east-1", "2024", "06", "10")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const (
		moved, second, nat = "eni-0aaaabbbbcccc000a", "eni-0aaaabbbbcccc000b", "eni-0aaaabbbbcccc000c"
		quiet              = "eni-0aaaabbbbcccc000d"
		first, later       = "i-0aaaabbbbcccc000a", "i-0aaaabbbbcccc000b"
	)
	var log strings.Builder
	log.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id flow-direction traffic-path\n")
	flow := func(at time.Time, eni, instance, src, dst, direction string) {
		fmt.Fprintf(&log, "5 111122223333 %s %s %s 40100 443 6 10 2000 %d %d ACCEPT OK vpc-0aaaabbbbcccc0001 subnet-0aaaabbbbcccc0001 %s 19 IPv4 %s %s us-east-1 use1-az1 %s -\n",
			eni, src, dst, at.Unix(), at.Unix()+60, instance, src, dst, direction)
	}
	day := time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC)
	flow(day.Add(10*time.Hour), moved, first, "10.0.1.15", "198.51.100.30", "egress")
	flow(day.Add(10*time.Hour+5*time.Minute), moved, first, "198.51.100.30", "10.0.1.15", "ingress")
	flow(day.Add(12*time.Hour), moved, later, "10.0.1.15", "198.51.100.30", "egress")
	flow(day.Add(13*time.Hour), second, later, "10.0.1.16", "198.51.100.31", "egress")
	flow(day.Add(14*time.Hour), nat, "-", "10.0.1.17", "198.51.100.32", "egress")
	// An interface whose records carry no traffic.
	for _, status := range []string{"NODATA", "SKIPDATA"} {
		fmt.Fprintf(&log, "5 111122223333 %s - - - - - - - %d %d - %s - - - - - - - - - - -\n", quiet, day.Add(15*time.Hour).Unix(), day.Add(16*time.Hour).Unix(), status)
	}
	if err := os.WriteFile(filepath.Join(dir, "111122223333_vpcflowlogs_us-east-1_fl-0aaaabbbbcccc0001_20240610T0000Z_moved.log"), []byte(log.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	lakeDir := filepath.Join(t.TempDir(), "lake")
	if err := buildLake(lakeDir, nil, []string{logs}); err != nil {
		t.Fatal(err)
	}
	f := func(kind Kind, value string, want []FlowAttachment) *Report {
		t.Helper()
		e, err := NewEntity(kind, value)
		if err != nil {
			t.Fatal(err)
		}
		r := runInvestigation(t, Options{Lake: lakeDir, Entity: e, Scope: incidentScope, Baseline: incidentBaseline, Now: incidentNow, Threads: 2})
		if !reflect.DeepEqual(r.Flows.Attachments, want) {
			t.Errorf("%s: attachments\n%+v\nwant\n%+v", value, r.Flows.Attachments, want)
		}
		return r
	}
	seen := func(from, to time.Duration) Seen { return Seen{FirstSeen: day.Add(from), LastSeen: day.Add(to)} }
	r := f(KindInstance, moved, []FlowAttachment{
		{Instance: first, Interface: moved, Flows: 2, Seen: seen(10*time.Hour, 10*time.Hour+5*time.Minute)},
		{Instance: later, Interface: moved, Flows: 1, Seen: seen(12*time.Hour, 12*time.Hour)},
	})
	f(KindInstance, later, []FlowAttachment{
		{Instance: later, Interface: moved, Flows: 1, Seen: seen(12*time.Hour, 12*time.Hour)},
		{Instance: later, Interface: second, Flows: 1, Seen: seen(13*time.Hour, 13*time.Hour)},
	})
	f(KindInstance, nat, []FlowAttachment{{Interface: nat, Flows: 1, Seen: seen(14*time.Hour, 14*time.Hour)}})
	f(KindIP, "10.0.1.15", nil)

	// Over its lifetime, an interface with records but no traffic is not
	// found, and the error says why.
	e, err := NewEntity(KindInstance, quiet)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), Options{Lake: lakeDir, Entity: e, Baseline: incidentBaseline, Now: incidentNow, Threads: 2})
	want := "instance " + quiet + " does not appear in the lake " + lakeDir + ": its 2 flow log records (2024-06-10 15:00:00Z) are all NODATA or SKIPDATA, which carry no traffic; give --from and --to to investigate a window anyway"
	if err == nil || err.Error() != want {
		t.Errorf("got error %v, want %s", err, want)
	}

	// Both renderings show the instances in turn.
	var text, page bytes.Buffer
	if err := WriteText(&text, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  " + first + "  " + moved + "  2      2024-06-10 10:00:00Z  2024-06-10 10:05:00Z\n",
		"  " + later + "  " + moved + "  1      2024-06-10 12:00:00Z  2024-06-10 12:00:00Z\n",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the text report lacks %q:\n%s", want, text.String())
		}
	}
	if !strings.Contains(page.String(), "<tr><td>"+later+"</td><td>"+moved+"</td><td class=\"num\">1</td>") {
		t.Errorf("the HTML report lacks the second instance's row")
	}
}
