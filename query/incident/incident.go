// Package incident groups hunt findings into incidents: the findings that
// share an actor (the origin principal behind its sessions, an access key,
// an instance, a resource, an address) and are near in time are one story,
// told with the calls that created the sessions it used, whether or not a
// hunt fired on them.
//
// The package reads the lake only through a Querier running the engine's
// DuckDB SQL (its sessions and cloudtrail_with_origin views); it does not
// link DuckDB itself.
package incident

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// DefaultGap is how far apart in time two findings sharing an entity may
// be and still be one incident. Two hours: a role session lasts one hour
// by default (and at most one when roles are chained), so an intruder
// working through one session and then the next one they assume or
// refresh stays within it; and the threshold hunts summarise windows of
// up to an hour, so consecutive bursts of one actor join. A quiet day
// between two steps makes two incidents, which a responder links by their
// shared principal.
const DefaultGap = 2 * time.Hour

// Options configure Build.
type Options struct {
	// Gap is how far apart two findings sharing an entity may be (from the
	// last time of one to the first of the next) and still be one
	// incident; 0 is DefaultGap.
	Gap time.Duration
}

// Incident is one story: the findings of one actor close in time, with the
// entities they share and the calls that linked them.
type Incident struct {
	ID       string        `json:"incident_id"`
	Title    string        `json:"title"`
	Severity hunt.Severity `json:"severity"`
	// SeverityReason says why the severity is above its worst finding's.
	SeverityReason string    `json:"severity_reason,omitempty"`
	FirstTime      time.Time `json:"first_time"`
	LastTime       time.Time `json:"last_time"`
	Summary        string    `json:"summary"`
	// Principals are the origin principals: a session is named by the user,
	// root, identity-provider user or service at the top of its chain.
	Principals []string `json:"principals"`
	AccessKeys []string `json:"access_keys"`
	Sessions   []string `json:"sessions"`
	SrcIPs     []string `json:"src_ips"`
	Accounts   []string `json:"accounts"`
	Regions    []string `json:"regions"`
	Resources  []string `json:"resources"`
	Instances  []string `json:"instances"`
	// Tactics are MITRE ATT&CK tactic ids in kill-chain order;
	// TacticNames names them in the same order.
	Tactics      []string `json:"tactics"`
	TacticNames  []string `json:"tactic_names"`
	HuntIDs      []string `json:"hunt_ids"`
	FindingCount int      `json:"finding_count"`
	// EventUIDs are the evidence of the findings and the linking events.
	EventUIDs []string `json:"event_uids"`
	// Links are the calls that issued the sessions the findings' events
	// were made with, up their chains, oldest first.
	Links    []Link         `json:"linking_events"`
	Findings []hunt.Finding `json:"findings"` // by first time
}

// Link is a call that issued temporary credentials used in the incident:
// an AssumeRole*, GetFederationToken or GetSessionToken.
type Link struct {
	EventUID    string    `json:"event_uid"`
	Time        time.Time `json:"time"`
	Operation   string    `json:"operation"`
	Issuer      string    `json:"issuer"`
	RoleARN     string    `json:"role_arn,omitempty"`
	SessionARN  string    `json:"session_arn"`
	SessionName string    `json:"session_name,omitempty"`
	AccessKeyID string    `json:"access_key_id"`
	SrcIP       string    `json:"src_ip,omitempty"`
	// IssuerAccessKey is the key the call was made with: the previous
	// session's in a chain, a user's long-term key at its top.
	IssuerAccessKey string `json:"issuer_access_key,omitempty"`
}

// Build groups findings into incidents, most severe first. hunts are the
// hunts that produced the findings (their tactics rank an incident); q
// runs the engine's DuckDB SQL over the window the findings came from.
// Open the engine MaxSessionLifetime (engine.MaxSessionLifetime) before
// the window, or the sessions of the window's first hours have no origin.
func Build(ctx context.Context, q Querier, findings []hunt.Finding, hunts []*hunt.Hunt, opt Options) ([]Incident, error) {
	if opt.Gap <= 0 {
		opt.Gap = DefaultGap
	}
	byID := make(map[string]*hunt.Hunt, len(hunts))
	for _, h := range hunts {
		byID[h.ID] = h
	}
	ordered := slices.Clone(findings)
	hunt.SortFindings(ordered)
	slices.SortStableFunc(ordered, func(a, b hunt.Finding) int { return a.FirstTime.Compare(b.FirstTime) })

	events, err := readEvidence(ctx, q, ordered, byID)
	if err != nil {
		return nil, err
	}
	ds := make([]*described, len(ordered))
	for i, f := range ordered {
		ds[i] = describe(f, byID[f.HuntID], events)
	}
	var out []Incident
	for _, group := range groupFindings(ds, opt.Gap) {
		out = append(out, assemble(group))
	}
	slices.SortFunc(out, func(a, b Incident) int {
		return cmp.Or(int(b.Severity)-int(a.Severity), a.FirstTime.Compare(b.FirstTime), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Label sets each finding's IncidentID to the incident holding it, so that
// findings written on their own (hunt run --format json) still name their
// story.
func Label(findings []hunt.Finding, incidents []Incident) {
	of := map[string]string{}
	for _, inc := range incidents {
		for _, f := range inc.Findings {
			of[incidentID(f)] = inc.ID
		}
	}
	for i := range findings {
		findings[i].IncidentID = of[incidentID(findings[i])]
	}
}

// incidentID names an incident by its earliest finding, so the id stays
// the same when later findings join it on a rerun.
func incidentID(f hunt.Finding) string {
	first := ""
	if len(f.EvidenceUIDs) > 0 {
		first = f.EvidenceUIDs[0]
	}
	key := strings.Join([]string{f.HuntID, f.FirstTime.UTC().Format(time.RFC3339Nano), f.Account, f.Region, f.Actor, f.SrcIP, first}, "\x00")
	sum := sha256.Sum256([]byte(key))
	return "inc-" + hex.EncodeToString(sum[:8])
}
