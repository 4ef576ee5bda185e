package investigate

import (
	"time"

	"github.com/lakehunt/lakehunt/query/incident"
)

// Report is a finished investigation: every panel as data, what matters
// first: the incidents the entity is part of, who is behind it and what
// it became (its identity chain), what is new, then the detail. Its JSON
// field names are a stable interface. Lists are never null; a panel that
// does not apply to the kind is null (flows of a principal, the identity
// chain of an address, incidents without the hunting pack) or absent.
type Report struct {
	Kind  Kind   `json:"kind"`
	Value string `json:"value"`
	// Form is how the value was read (see MatchingHelp).
	Form     Form   `json:"form"`
	Scope    Window `json:"scope"`
	Baseline Window `json:"baseline"`
	// BucketSeconds is the width of the timeline buckets.
	BucketSeconds int64 `json:"bucket_seconds"`

	// Incidents are the incidents of the hunting pack's findings in the
	// scope that involve the entity, most severe first.
	Incidents     []incident.Incident `json:"incidents"`
	IdentityChain *IdentityChain      `json:"identity_chain"`
	Overview      Overview            `json:"overview"`
	APITimeline   []APIBucket         `json:"api_timeline"`
	Operations    []Operation         `json:"operations"`
	ErrorCodes    []ErrorCode         `json:"error_codes"`
	Related       Related             `json:"related"`
	NewlyObserved NewlyObserved       `json:"newly_observed"`
	ConsoleLogins ConsoleLogins       `json:"console_logins"`
	Flows         *Flows              `json:"flows"`
	Findings      *Findings           `json:"findings"`
	GeoIP         *GeoIPSource        `json:"geoip,omitempty"`
}

// Window is a time range [Start, End).
type Window struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Overview sums the entity up. API figures count CloudTrail events in the
// scope window; first and last seen cover CloudTrail and flows.
type Overview struct {
	APIEvents   int64   `json:"api_events"`
	APIFailed   int64   `json:"api_failed"`
	ErrorRate   float64 `json:"error_rate"` // failed / events, 0 without events
	FlowRecords int64   `json:"flow_records"`
	// BaselineEvents counts the entity's CloudTrail events and flows in the
	// baseline window; with none, everything in the scope is newly observed.
	BaselineEvents    int64      `json:"baseline_events"`
	FirstSeen         *time.Time `json:"first_seen"`
	LastSeen          *time.Time `json:"last_seen"`
	LifetimeFirstSeen *time.Time `json:"lifetime_first_seen"` // anywhere in the lake
	LifetimeLastSeen  *time.Time `json:"lifetime_last_seen"`
	Accounts          []string   `json:"accounts"`
	Regions           []string   `json:"regions"`
	// ViaSessionEvents counts the calls made in the scope with sessions
	// the entity created (see IdentityChain), which the API figures above
	// leave out; ViaSessionFailed are those that failed.
	ViaSessionEvents int64 `json:"via_session_events"`
	ViaSessionFailed int64 `json:"via_session_failed"`
}

// IdentityChain links the entity to the sessions of its calls: who is
// really behind it, and what it did through the sessions it created.
// Principals and access keys have one.
type IdentityChain struct {
	// Behind are the sessions that are the entity, alive in the scope: the
	// session of an access key, a role session, a role's sessions; each
	// chain leads to the principal that started it.
	Behind      []ChainedSession `json:"behind"`
	BehindTotal int64            `json:"behind_total"`
	// Created are the sessions alive in the scope that the entity issued,
	// itself or up a chain of role assumptions: their calls are in the
	// panels below, marked with the roles they went through (via).
	Created      []ChainedSession `json:"created"`
	CreatedTotal int64            `json:"created_total"`
}

// ChainedSession is one session (temporary credentials) the lake saw
// issued, with the calls that issued it and those made with it.
type ChainedSession struct {
	SessionARN  string    `json:"session_arn"`
	AccessKeyID string    `json:"access_key_id"`
	RoleARN     string    `json:"role_arn"`
	Created     time.Time `json:"created"`
	Expires     time.Time `json:"expires"`
	// Origin is the principal at the top of the chain, of OriginType
	// (IAMUser, Root, SAMLUser..., AssumedRole when the lake does not hold
	// the call that issued the top session).
	Origin     string `json:"origin"`
	OriginType string `json:"origin_type"`
	// Via, for a session the entity created, is the roles from the entity
	// down to the session, outermost first, joined by " > ".
	Via string `json:"via"`
	// Chain is the calls that issued the session, its own first, up to
	// the one the origin made.
	Chain []incident.Link `json:"chain"`
	// Events and Failed count the calls made with the session in the
	// scope, first and last seen then.
	Events    int64      `json:"events"`
	Failed    int64      `json:"failed"`
	FirstSeen *time.Time `json:"first_seen"`
	LastSeen  *time.Time `json:"last_seen"`
}

// APIBucket is one bucket of the API call timeline: the entity's calls
// and those made through its sessions, ViaSessions of them.
type APIBucket struct {
	Start       time.Time `json:"start"`
	Succeeded   int64     `json:"succeeded"`
	Failed      int64     `json:"failed"`
	ViaSessions int64     `json:"via_sessions"`
}

// Operation counts the calls of one service operation, the entity's own
// (Via empty) or made through the sessions it created by way of the roles
// in Via.
type Operation struct {
	Service   string `json:"service"`
	Operation string `json:"operation"`
	Via       string `json:"via"`
	Calls     int64  `json:"calls"`
	Failed    int64  `json:"failed"`
	Seen
}

// ErrorCode counts failed calls by error code, and by the roles they went
// through as Operation does.
type ErrorCode struct {
	Code       string   `json:"code"`
	Via        string   `json:"via"`
	Calls      int64    `json:"calls"`
	Operations []string `json:"operations"`
	Seen
}

// Related lists the values the entity's API calls carried, and those of
// the calls made through its sessions, most frequent first, at most
// relatedLimit of each.
type Related struct {
	SourceIPs    RelatedList `json:"source_ips"`
	UserAgents   RelatedList `json:"user_agents"`
	Principals   RelatedList `json:"principals"`
	AccessKeys   RelatedList `json:"access_keys"`
	RoleSessions RelatedList `json:"role_sessions"` // sessions acting, and sessions created by AssumeRole
	Resources    RelatedList `json:"resources"`
	Regions      RelatedList `json:"regions"`
	Accounts     RelatedList `json:"accounts"`
}

// RelatedList is one kind of related value.
type RelatedList struct {
	Distinct int64           `json:"distinct"` // all distinct values, shown or not
	Values   []RelatedEntity `json:"values"`
}

// RelatedEntity is one related value.
type RelatedEntity struct {
	Value  string `json:"value"`
	Events int64  `json:"events"`
	Failed int64  `json:"failed"`
	Seen
	// ViaEvents of the events were made through the entity's sessions, by
	// way of the roles in Via.
	ViaEvents int64    `json:"via_events"`
	Via       []string `json:"via"`
	Geo       *Geo     `json:"geo,omitempty"`
}

// NewlyObserved lists values seen in the scope window and not in the
// baseline window before it, in the entity's calls and those of its
// sessions.
type NewlyObserved struct {
	SourceIPs  []NewValue `json:"source_ips"`
	UserAgents []NewValue `json:"user_agents"`
	Operations []NewValue `json:"operations"` // service:operation
	Regions    []NewValue `json:"regions"`
	FlowPeers  []NewValue `json:"flow_peers"` // ip and instance only
}

// NewValue is a value first seen in the scope window.
type NewValue struct {
	Value  string `json:"value"`
	Events int64  `json:"events"`
	Seen
	Geo *Geo `json:"geo,omitempty"`
}

// ConsoleLogins are the entity's AWS console sign-ins.
type ConsoleLogins struct {
	Total     int64          `json:"total"`
	Succeeded int64          `json:"succeeded"`
	Failed    int64          `json:"failed"`
	WithMFA   int64          `json:"with_mfa"`
	Logins    []ConsoleLogin `json:"logins"` // the first consoleLoginLimit
}

// ConsoleLogin is one sign-in.
type ConsoleLogin struct {
	Time      time.Time `json:"time"`
	Result    string    `json:"result"`
	MFA       *bool     `json:"mfa"`
	Principal string    `json:"principal"`
	ActorType string    `json:"actor_type"`
	SourceIP  string    `json:"source_ip"`
	UserAgent string    `json:"user_agent"`
	Message   string    `json:"message"`
	Geo       *Geo      `json:"geo,omitempty"`
}

// Flows are the VPC flow panels of an IP or an instance. In is traffic
// the entity received, out traffic it sent.
type Flows struct {
	// Attachments, for an instance or a network interface, are the
	// interfaces and instances its flows were logged with; null for an
	// address (see FlowAttachment).
	Attachments []FlowAttachment `json:"attachments"`
	Timeline    []FlowBucket     `json:"timeline"`
	Peers       []FlowPeer       `json:"top_peers"`
	Ports       []FlowPort       `json:"top_ports"`
	Rejected    RejectedFlows    `json:"rejected"`
	Totals      FlowDirections   `json:"totals"`
}

// FlowAttachment is one pair of an instance and a network interface that
// an instance's or an interface's flows name together: an instance's
// interfaces, an interface's instance (none for the interfaces of NAT
// gateways, load balancers and Lambda functions), and, when an interface
// moved, each instance in turn. VPC Flow Logs name the interface that
// logged a flow and its instance on the same side, so the pair is certain;
// which interface held an address is not (NAT, logs without
// flow-direction), so an address gets none.
type FlowAttachment struct {
	Instance  string `json:"instance"` // empty for flows of no instance
	Interface string `json:"interface"`
	Flows     int64  `json:"flows"`
	Seen
}

// FlowDirections sums flows by direction.
type FlowDirections struct {
	FlowsIn  int64 `json:"flows_in"`
	FlowsOut int64 `json:"flows_out"`
	BytesIn  int64 `json:"bytes_in"`
	BytesOut int64 `json:"bytes_out"`
	Rejected int64 `json:"rejected"`
}

// FlowBucket is one bucket of the flow timeline.
type FlowBucket struct {
	Start time.Time `json:"start"`
	FlowDirections
}

// FlowPeer is an address the entity exchanged traffic with.
type FlowPeer struct {
	IP       string `json:"ip"`
	Flows    int64  `json:"flows"`
	BytesIn  int64  `json:"bytes_in"`
	BytesOut int64  `json:"bytes_out"`
	Rejected int64  `json:"rejected"`
	Seen
	Geo *Geo `json:"geo,omitempty"`
}

// FlowPort is a destination port of the entity's flows, per direction.
type FlowPort struct {
	Direction string `json:"direction"` // in or out
	Protocol  *int64 `json:"protocol"`  // IANA number
	Port      *int64 `json:"port"`
	Flows     int64  `json:"flows"`
	Bytes     int64  `json:"bytes"`
	Rejected  int64  `json:"rejected"`
	Peers     int64  `json:"peers"`
}

// RejectedFlows are the entity's flows that a security group or network
// ACL refused.
type RejectedFlows struct {
	Total int64         `json:"total"`
	Flows []RejectedRow `json:"flows"` // the first rejectedLimit
}

// RejectedRow is one refused flow.
type RejectedRow struct {
	Time      time.Time `json:"time"`
	Direction string    `json:"direction"`
	SrcIP     string    `json:"src_ip"`
	SrcPort   *int64    `json:"src_port"`
	DstIP     string    `json:"dst_ip"`
	DstPort   *int64    `json:"dst_port"`
	Protocol  *int64    `json:"protocol"`
	Packets   int64     `json:"packets"`
	Bytes     int64     `json:"bytes"`
}

// Findings are the hunting pack's findings in the scope window that
// involve the entity.
type Findings struct {
	HuntsRun   int       `json:"hunts_run"`
	HuntErrors []string  `json:"hunt_errors"`
	Findings   []Finding `json:"findings"`
}

// Finding is a hunt finding and why it concerns the entity.
type Finding struct {
	HuntID     string    `json:"hunt_id"`
	Title      string    `json:"title"`
	Severity   string    `json:"severity"`
	FirstTime  time.Time `json:"first_time"`
	LastTime   time.Time `json:"last_time"`
	Actor      string    `json:"actor"`
	SrcIP      string    `json:"src_ip"`
	Summary    string    `json:"summary"`
	EventCount int64     `json:"event_count"`
	// MatchedBy says how the finding names the entity: actor, src_ip,
	// account, or evidence (one of its evidence events is the entity's).
	MatchedBy string `json:"matched_by"`
	// IncidentID names the incident holding the finding.
	IncidentID string `json:"incident_id"`
}

// Seen is when a value was first and last seen in the scope window.
type Seen struct {
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// utc is s in UTC, as every time of a report is.
func (s Seen) utc() Seen {
	return Seen{FirstSeen: s.FirstSeen.UTC(), LastSeen: s.LastSeen.UTC()}
}

// Geo is what a GeoIP database says of an address.
type Geo struct {
	CountryCode string `json:"country_code,omitempty"`
	Country     string `json:"country,omitempty"`
	City        string `json:"city,omitempty"`
}

// GeoIPSource names the GeoIP database used.
type GeoIPSource struct {
	DatabaseType string `json:"database_type"`
	BuildEpoch   int64  `json:"build_epoch"`
}
