package investigate

import (
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/query/incident"
)

// panel is one SQL statement of an investigation and how its rows land in
// the report.
type panel struct {
	name  string // JSON name, also used in --show-sql
	title string
	sql   string
	// lifetime panels read the whole lake instead of the window.
	lifetime bool
	// flows marks panels that only entities seen in VPC Flow Logs have;
	// their SQL reads entity_flows, the entityFlows CTE.
	flows bool
	// attachments marks panels that only instances and interfaces have;
	// they read the flows' rows (entity_flow_rows) themselves.
	attachments bool
	// chain marks panels that only entities that create sessions have.
	chain bool
	// calls marks panels that read the entity's own calls (entity_calls,
	// see entityCallsSelect).
	calls bool
	// sessionCalls marks panels that read, for such entities, the calls of
	// their sessions (entity_session_calls, see sessionCallsSelect).
	sessionCalls bool
	scan         func(rows *result.Rows, r *Report) error
}

var panels = []panel{
	{name: "identity_chain", title: "Identity chain: the sessions behind the entity and those it created", sql: identityChainSQL, chain: true, scan: scanIdentityChain},
	{name: "overview", title: "Overview", sql: overviewSQL, calls: true, sessionCalls: true, scan: scanOverview},
	{name: "lifetime", title: "First and last seen anywhere in the lake", sql: lifetimeSQL, lifetime: true, scan: scanLifetime},
	{name: "api_timeline", title: "API calls over time", sql: apiTimelineSQL, calls: true, sessionCalls: true, scan: scanAPITimeline},
	{name: "operations", title: "API calls by service and operation", sql: operationsSQL, calls: true, sessionCalls: true, scan: scanOperations},
	{name: "error_codes", title: "Failed API calls by error code", sql: errorCodesSQL, calls: true, sessionCalls: true, scan: scanErrorCodes},
	{name: "related", title: "Related entities", sql: relatedSQL, calls: true, sessionCalls: true, scan: scanRelated},
	{name: "newly_observed", title: "Newly observed (absent from the baseline window)", sql: newlyObservedSQL, calls: true, sessionCalls: true, scan: scanNewlyObserved},
	{name: "console_logins", title: "Console logins", sql: consoleLoginsSQL, calls: true, scan: scanConsoleLogins},
	{name: "flow_attachments", title: "Network interfaces and their instances", sql: flowAttachmentsSQL, flows: true, attachments: true, scan: scanFlowAttachments},
	{name: "flow_timeline", title: "VPC flows over time", sql: flowTimelineSQL, flows: true, scan: scanFlowTimeline},
	{name: "flow_peers", title: "Top flow peers", sql: flowPeersSQL, flows: true, scan: scanFlowPeers},
	{name: "flow_ports", title: "Top destination ports", sql: flowPortsSQL, flows: true, scan: scanFlowPorts},
	{name: "rejected_flows", title: "Rejected flows", sql: rejectedFlowsSQL, flows: true, scan: scanRejectedFlows},
}

// each calls fn for every row, then reports the rows' error.
func each(rows *result.Rows, fn func() error) error {
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanOverview(rows *result.Rows, r *Report) error {
	o := &r.Overview
	return each(rows, func() error {
		var first, last sql.NullTime
		var accounts, regions stringList
		if err := rows.Scan(&o.APIEvents, &o.APIFailed, &o.FlowRecords, &o.BaselineEvents, &first, &last, &accounts, &regions,
			&o.ViaSessionEvents, &o.ViaSessionFailed); err != nil {
			return err
		}
		o.FirstSeen, o.LastSeen = timePtr(first), timePtr(last)
		o.Accounts, o.Regions = accounts, regions
		if o.APIEvents > 0 {
			o.ErrorRate = math.Round(float64(o.APIFailed)/float64(o.APIEvents)*1e4) / 1e4
		}
		return nil
	})
}

func scanLifetime(rows *result.Rows, r *Report) error {
	return each(rows, func() error {
		var first, last sql.NullTime
		if err := rows.Scan(&first, &last); err != nil {
			return err
		}
		r.Overview.LifetimeFirstSeen, r.Overview.LifetimeLastSeen = timePtr(first), timePtr(last)
		return nil
	})
}

func scanAPITimeline(rows *result.Rows, r *Report) error {
	byStart := map[int64]APIBucket{}
	err := each(rows, func() error {
		var b APIBucket
		if err := rows.Scan(&b.Start, &b.Succeeded, &b.Failed, &b.ViaSessions); err != nil {
			return err
		}
		byStart[b.Start.Unix()] = b
		return nil
	})
	for _, start := range r.bucketStarts() {
		b := byStart[start.Unix()]
		b.Start = start
		r.APITimeline = append(r.APITimeline, b)
	}
	return err
}

func scanOperations(rows *result.Rows, r *Report) error {
	return each(rows, func() error {
		var op Operation
		if err := rows.Scan(&op.Service, &op.Operation, &op.Via, &op.Calls, &op.Failed, &op.FirstSeen, &op.LastSeen); err != nil {
			return err
		}
		op.Seen = op.Seen.utc()
		r.Operations = append(r.Operations, op)
		return nil
	})
}

func scanErrorCodes(rows *result.Rows, r *Report) error {
	return each(rows, func() error {
		var e ErrorCode
		var ops stringList
		if err := rows.Scan(&e.Code, &e.Via, &e.Calls, &ops, &e.FirstSeen, &e.LastSeen); err != nil {
			return err
		}
		e.Operations, e.Seen = ops, e.Seen.utc()
		r.ErrorCodes = append(r.ErrorCodes, e)
		return nil
	})
}

func scanRelated(rows *result.Rows, r *Report) error {
	lists := map[string]*RelatedList{
		"source_ips":    &r.Related.SourceIPs,
		"user_agents":   &r.Related.UserAgents,
		"principals":    &r.Related.Principals,
		"access_keys":   &r.Related.AccessKeys,
		"role_sessions": &r.Related.RoleSessions,
		"resources":     &r.Related.Resources,
		"regions":       &r.Related.Regions,
		"accounts":      &r.Related.Accounts,
	}
	return each(rows, func() error {
		var kind string
		var e RelatedEntity
		var distinct int64
		var via stringList
		if err := rows.Scan(&kind, &e.Value, &e.Events, &e.Failed, &e.FirstSeen, &e.LastSeen, &distinct, &e.ViaEvents, &via); err != nil {
			return err
		}
		e.Via = via
		list, ok := lists[kind]
		if !ok {
			return fmt.Errorf("unknown related kind %q", kind)
		}
		e.Seen = e.Seen.utc()
		list.Distinct = distinct
		list.Values = append(list.Values, e)
		return nil
	})
}

func scanIdentityChain(rows *result.Rows, r *Report) error {
	c := r.IdentityChain
	return each(rows, func() error {
		var relation string
		var s ChainedSession
		var chain any
		var first, last sql.NullTime
		var total int64
		if err := rows.Scan(&relation, &s.SessionARN, &s.AccessKeyID, &s.RoleARN, &s.Created, &s.Expires, &s.Origin, &s.OriginType, &s.Via,
			&chain, &s.Events, &s.Failed, &first, &last, &total); err != nil {
			return err
		}
		s.Created, s.Expires = s.Created.UTC(), s.Expires.UTC()
		s.FirstSeen, s.LastSeen = timePtr(first), timePtr(last)
		s.Chain = incident.ChainLinks(chain)
		for i := range s.Chain {
			s.Chain[i].Time = s.Chain[i].Time.UTC()
		}
		switch relation {
		case "behind":
			c.Behind, c.BehindTotal = append(c.Behind, s), total
		case "created":
			c.Created, c.CreatedTotal = append(c.Created, s), total
		default:
			return fmt.Errorf("unknown identity chain relation %q", relation)
		}
		return nil
	})
}

func scanNewlyObserved(rows *result.Rows, r *Report) error {
	lists := map[string]*[]NewValue{
		"source_ips":  &r.NewlyObserved.SourceIPs,
		"user_agents": &r.NewlyObserved.UserAgents,
		"operations":  &r.NewlyObserved.Operations,
		"regions":     &r.NewlyObserved.Regions,
		"flow_peers":  &r.NewlyObserved.FlowPeers,
	}
	return each(rows, func() error {
		var kind string
		var v NewValue
		if err := rows.Scan(&kind, &v.Value, &v.Events, &v.FirstSeen, &v.LastSeen); err != nil {
			return err
		}
		list, ok := lists[kind]
		if !ok {
			return fmt.Errorf("unknown newly observed kind %q", kind)
		}
		v.Seen = v.Seen.utc()
		*list = append(*list, v)
		return nil
	})
}

func scanConsoleLogins(rows *result.Rows, r *Report) error {
	c := &r.ConsoleLogins
	return each(rows, func() error {
		var l ConsoleLogin
		var mfa sql.NullBool
		if err := rows.Scan(&l.Time, &l.Result, &mfa, &l.Principal, &l.ActorType, &l.SourceIP, &l.UserAgent, &l.Message,
			&c.Total, &c.Succeeded, &c.Failed, &c.WithMFA); err != nil {
			return err
		}
		l.Time = l.Time.UTC()
		if mfa.Valid {
			l.MFA = &mfa.Bool
		}
		c.Logins = append(c.Logins, l)
		return nil
	})
}

func scanFlowTimeline(rows *result.Rows, r *Report) error {
	byStart := map[int64]FlowBucket{}
	err := each(rows, func() error {
		var b FlowBucket
		if err := rows.Scan(&b.Start, &b.FlowsIn, &b.FlowsOut, &b.BytesIn, &b.BytesOut, &b.Rejected); err != nil {
			return err
		}
		byStart[b.Start.Unix()] = b
		return nil
	})
	f := r.Flows
	for _, start := range r.bucketStarts() {
		b := byStart[start.Unix()]
		b.Start = start
		f.Timeline = append(f.Timeline, b)
		f.Totals.FlowsIn += b.FlowsIn
		f.Totals.FlowsOut += b.FlowsOut
		f.Totals.BytesIn += b.BytesIn
		f.Totals.BytesOut += b.BytesOut
		f.Totals.Rejected += b.Rejected
	}
	return err
}

func scanFlowAttachments(rows *result.Rows, r *Report) error {
	return each(rows, func() error {
		var a FlowAttachment
		var instance, iface sql.NullString
		if err := rows.Scan(&instance, &iface, &a.Flows, &a.FirstSeen, &a.LastSeen); err != nil {
			return err
		}
		a.Instance, a.Interface, a.Seen = instance.String, iface.String, a.Seen.utc()
		r.Flows.Attachments = append(r.Flows.Attachments, a)
		return nil
	})
}

func scanFlowPeers(rows *result.Rows, r *Report) error {
	return each(rows, func() error {
		var p FlowPeer
		if err := rows.Scan(&p.IP, &p.Flows, &p.BytesIn, &p.BytesOut, &p.Rejected, &p.FirstSeen, &p.LastSeen); err != nil {
			return err
		}
		p.Seen = p.Seen.utc()
		r.Flows.Peers = append(r.Flows.Peers, p)
		return nil
	})
}

func scanFlowPorts(rows *result.Rows, r *Report) error {
	return each(rows, func() error {
		var p FlowPort
		var protocol, port sql.NullInt64
		if err := rows.Scan(&p.Direction, &protocol, &port, &p.Flows, &p.Bytes, &p.Rejected, &p.Peers); err != nil {
			return err
		}
		p.Protocol, p.Port = intPtr(protocol), intPtr(port)
		r.Flows.Ports = append(r.Flows.Ports, p)
		return nil
	})
}

func scanRejectedFlows(rows *result.Rows, r *Report) error {
	rj := &r.Flows.Rejected
	return each(rows, func() error {
		var f RejectedRow
		var srcIP, dstIP sql.NullString
		var srcPort, dstPort, protocol sql.NullInt64
		if err := rows.Scan(&f.Time, &f.Direction, &srcIP, &srcPort, &dstIP, &dstPort, &protocol, &f.Packets, &f.Bytes, &rj.Total); err != nil {
			return err
		}
		f.Time = f.Time.UTC()
		f.SrcIP, f.DstIP = srcIP.String, dstIP.String
		f.SrcPort, f.DstPort, f.Protocol = intPtr(srcPort), intPtr(dstPort), intPtr(protocol)
		rj.Flows = append(rj.Flows, f)
		return nil
	})
}

// stringList scans a SQL list of text; NULL elements are dropped and a
// NULL list is empty.
type stringList []string

func (l *stringList) Scan(v any) error {
	*l = []string{}
	switch items := v.(type) {
	case nil:
		return nil
	case []any:
		for _, item := range items {
			switch s := item.(type) {
			case nil:
			case string:
				*l = append(*l, s)
			default:
				return fmt.Errorf("list holds %T, want text", item)
			}
		}
		return nil
	}
	return fmt.Errorf("got %T, want a list of text", v)
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func intPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}
