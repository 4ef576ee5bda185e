package investigate

import (
	"bytes"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/storage/golden"
)

// chainScope is the day of testdata/chain: carol (key AKIATESTCAROL0000001)
// assumes data-reader as carol-reads at 10:01; that session lists buckets,
// reads two finance-exports objects, is denied a third (S3 data events)
// and assumes archive-admin as hop2 at 10:05, whose session reads one
// archive-vault object.
var chainScope = Window{Start: time.Date(2024, 6, 12, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 6, 13, 0, 0, 0, 0, time.UTC)}

const (
	readerRole  = "arn:aws:iam::444455556666:role/data-reader"
	archiveRole = "arn:aws:iam::444455556666:role/archive-admin"
	carolARN    = "arn:aws:iam::444455556666:user/carol"
)

// investigateChain investigates an entity of the chain lake; with hunts,
// the chain test hunt (denied object reads) runs for the findings panel.
func investigateChain(t *testing.T, kind Kind, value string, hunts bool) *Report {
	t.Helper()
	return investigateIncident(t, kind, value, func(o *Options) {
		o.Lake, o.Scope, o.Hunts = chainData.path(t), chainScope, nil
		if hunts {
			pack, err := hunt.LoadDir(filepath.Join("testdata", "chain", "hunts"))
			if err != nil {
				t.Fatal(err)
			}
			o.Hunts = pack.Hunts
		}
	})
}

// TestChainUser investigates the user: what her session read is in her
// report, marked with the role it went through, and the incident of the
// denied read, whose finding names the session, is hers.
func TestChainUser(t *testing.T) {
	r := investigateChain(t, KindPrincipal, "carol", true)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "chain_user.json"), buf.Bytes())
	buf.Reset()
	if err := WriteText(&buf, r); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "chain_user.txt"), buf.Bytes())

	if r.Overview.APIEvents != 2 || r.Overview.ViaSessionEvents != 6 || r.Overview.ViaSessionFailed != 1 {
		t.Errorf("overview: %d own calls, %d (%d failed) through sessions; want GetCallerIdentity and AssumeRole, and 6 (1 failed)",
			r.Overview.APIEvents, r.Overview.ViaSessionEvents, r.Overview.ViaSessionFailed)
	}
	wantOps := []string{
		"GetObject via " + readerRole + ": 3 calls, 1 failed",
		"GetObject via " + readerRole + " > " + archiveRole + ": 1 calls, 0 failed",
		"ListBuckets via " + readerRole + ": 1 calls, 0 failed",
		"AssumeRole via : 1 calls, 0 failed",
		"AssumeRole via " + readerRole + ": 1 calls, 0 failed",
		"GetCallerIdentity via : 1 calls, 0 failed",
	}
	wantStrings(t, "operations", values(r.Operations, func(o Operation) string {
		return o.Operation + " via " + o.Via + ": " + strconv.FormatInt(o.Calls, 10) + " calls, " + strconv.FormatInt(o.Failed, 10) + " failed"
	}), wantOps...)
	if len(r.ErrorCodes) != 1 || r.ErrorCodes[0].Code != "AccessDenied" || r.ErrorCodes[0].Via != readerRole {
		t.Errorf("error codes = %+v, want the denied read via data-reader", r.ErrorCodes)
	}
	read := slices.IndexFunc(r.Related.Resources.Values, func(v RelatedEntity) bool { return v.Value == "arn:aws:s3:::finance-exports/2024/q2.csv" })
	if read < 0 || !slices.Equal(r.Related.Resources.Values[read].Via, []string{readerRole}) {
		t.Errorf("resources = %+v, want the object read via data-reader", r.Related.Resources.Values)
	}

	c := r.IdentityChain
	wantStrings(t, "created sessions", values(c.Created, func(s ChainedSession) string { return s.SessionARN + " via " + s.Via }),
		"arn:aws:sts::444455556666:assumed-role/data-reader/carol-reads via "+readerRole,
		"arn:aws:sts::444455556666:assumed-role/archive-admin/hop2 via "+readerRole+" > "+archiveRole)
	if len(c.Behind) != 0 {
		t.Errorf("behind = %+v, want none: carol is a user", c.Behind)
	}

	if len(r.Findings.Findings) != 0 {
		t.Errorf("findings = %+v, want none of carol's own", r.Findings.Findings)
	}
	if len(r.Incidents) != 1 || !slices.Contains(r.Incidents[0].Principals, carolARN) || r.Incidents[0].Findings[0].HuntID != "object_denied" {
		t.Errorf("incidents = %+v, want the denied read, carol its origin", r.Incidents)
	}
}

// TestChainAccessKey investigates the temporary key of the first session
// without the hunting pack: no incidents, but who is behind the key.
func TestChainAccessKey(t *testing.T) {
	r := investigateChain(t, KindAccessKey, "ASIATESTREADER000001", false)
	if r.Incidents != nil || r.Findings != nil {
		t.Errorf("incidents %v, findings %v without the hunting pack", r.Incidents, r.Findings)
	}
	c := r.IdentityChain
	if len(c.Behind) != 1 {
		t.Fatalf("behind = %+v, want the key's session", c.Behind)
	}
	s := c.Behind[0]
	if s.Origin != carolARN || s.OriginType != "IAMUser" || s.Events != 5 || len(s.Chain) != 1 || s.Chain[0].IssuerAccessKey != "AKIATESTCAROL0000001" {
		t.Errorf("behind = %+v, want carol's AssumeRole with her key and the session's 5 calls", s)
	}
	wantStrings(t, "created sessions", values(c.Created, func(s ChainedSession) string { return s.SessionARN + " via " + s.Via }),
		"arn:aws:sts::444455556666:assumed-role/archive-admin/hop2 via "+archiveRole)
	if r.Overview.APIEvents != 5 || r.Overview.ViaSessionEvents != 1 {
		t.Errorf("overview: %d own calls, %d through sessions; want 5 and hop2's read", r.Overview.APIEvents, r.Overview.ViaSessionEvents)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	chain, incidents := strings.Index(out, "== Identity chain\n  who is behind it: "+carolARN+" (IAMUser), through 1 call\n"), strings.Index(out, "== Incidents")
	if chain < 0 || incidents >= 0 || chain > strings.Index(out, "== Newly observed") {
		t.Errorf("want the chain to carol first and no incidents section without the hunting pack:\n%s", out)
	}
}

// TestChainCallsElsewhere: the calls of a session made in files that name
// neither the user nor her key are in her report by ARN and by key, whose
// investigations read only the files whose bloom filters may hold her or
// one of her sessions (createTracedCalls); by name, which reads every
// file, they are too.
func TestChainCallsElsewhere(t *testing.T) {
	f := func(kind Kind, value string) {
		t.Helper()
		r := investigateIncident(t, kind, value, func(o *Options) {
			o.Lake, o.Scope, o.Hunts = chainElsewhereData.path(t), chainScope, nil
		})
		wantStrings(t, value+" operations", values(r.Operations, func(o Operation) string {
			return o.Operation + " via " + o.Via + ": " + strconv.FormatInt(o.Calls, 10) + " calls"
		}),
			"GetObject via "+readerRole+": 3 calls",
			"DescribeInstances via "+readerRole+": 1 calls",
			"ListRoles via "+readerRole+": 1 calls",
			"GetObject via "+readerRole+" > "+archiveRole+": 1 calls",
			"ListBuckets via "+readerRole+": 1 calls",
			"AssumeRole via : 1 calls",
			"AssumeRole via "+readerRole+": 1 calls",
			"GetCallerIdentity via : 1 calls")
		if r.Overview.ViaSessionEvents != 8 {
			t.Errorf("%s: %d calls through sessions, want chainData's 6 and the 2 elsewhere", value, r.Overview.ViaSessionEvents)
		}
	}
	f(KindPrincipal, carolARN)
	f(KindAccessKey, "AKIATESTCAROL0000001")
	f(KindPrincipal, "carol")
}

// TestChainRoleSession: the session of the second hop, two calls away
// from carol.
func TestChainRoleSession(t *testing.T) {
	r := investigateChain(t, KindPrincipal, "archive-admin/hop2", false)
	c := r.IdentityChain
	if len(c.Behind) != 1 || c.Behind[0].Origin != carolARN || len(c.Behind[0].Chain) != 2 {
		t.Fatalf("behind = %+v, want hop2 traced through carol-reads to carol", c.Behind)
	}
	wantStrings(t, "chain issuers", values(c.Behind[0].Chain, func(l incident.Link) string { return l.Issuer }),
		"arn:aws:sts::444455556666:assumed-role/data-reader/carol-reads", carolARN)
	if len(c.Created) != 0 || r.Overview.ViaSessionEvents != 0 {
		t.Errorf("created %+v, %d calls through them; hop2 created none", c.Created, r.Overview.ViaSessionEvents)
	}
	// The session's object read is an S3 data event, in s3_data: the
	// report of the session shows it beside the AssumeRole that made the
	// session, and the object among its resources.
	wantStrings(t, "operations", values(r.Operations, func(o Operation) string {
		return o.Operation + " via " + o.Via + ": " + strconv.FormatInt(o.Calls, 10) + " calls"
	}), "GetObject via : 1 calls", "AssumeRole via : 1 calls")
	if !slices.ContainsFunc(r.Related.Resources.Values, func(v RelatedEntity) bool {
		return v.Value == "arn:aws:s3:::archive-vault/2023/backup.tar" && len(v.Via) == 0
	}) {
		t.Errorf("resources = %+v, want the archive-vault object the session read", r.Related.Resources.Values)
	}
}
