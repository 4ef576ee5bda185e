package incident

import (
	"context"

	"fmt"
	"time"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/query/hunt"
)

// Querier runs one statement of the engine's DuckDB SQL with bound
// arguments; *engine.Engine is one.
type Querier interface {
	Query(ctx context.Context, sqlText string, args ...any) (*result.Rows, error)
}

// queryEach runs a statement and hands fn each row's values in column
// order, as engine/result gives them (strings, time.Time, []any for
// lists, result.Struct for structs, nil for NULL).
func queryEach(ctx context.Context, q Querier, sqlText string, args []any, fn func(values []any) error) error {
	rows, err := q.Query(ctx, sqlText, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Values()); err != nil {
			return err
		}
	}
	return rows.Err()
}

// event is what an incident needs of one CloudTrail evidence event.
type event struct {
	UID           string
	Time          time.Time
	Account       string
	Region        string
	Principal     string // actor.user.uid
	PrincipalType string
	AccessKey     string
	Origin        string
	OriginType    string
	Chain         []Link // the session's issuing calls, its own first
	SrcIP         string
	Resources     []resource
	Instances     []string // requestParameters.instanceId and instanceIds (SendCommand)
	IssuedSession string   // the session an AssumeRole*/GetFederationToken created
	IssuedKey     string
	TargetUser    string // the user or role an Account Change event is about
}

type resource struct{ UID, Type string }

// evidenceSQL reads the findings' CloudTrail evidence with each event's
// origin and session chain, as the engine's cloudtrail_with_origin view
// gives them, but tracing only the sessions the evidence can name: those
// of its access keys or of its session ARNs (a call without a key is
// matched by ARN), and the keys up their chains. The view traces every
// session of the window and joins it to every event before the uids pick
// a few thousand: for the pack over one day of the medium bench lake (5M
// events, an engine window of 38 days) that took 17 s of CPU with the
// engine's cache and 25 s without it (query/huntrun now groups in an
// engine without the cache). The events are found by uid in a read of
// two columns and then read whole by uid and time: the join on time, a
// column of its own, lets DuckDB skip the row groups outside the events'
// times, which the uid, a field of a struct, does not: 'hunt run
// console_brute_force' over the medium bench's month, one finding of 13
// events, took 3.0 s reading every column of the window's 5M events and
// takes 1.5 s this way (2-core Intel Xeon). Flow evidence uids match no
// row.
const evidenceSQL = `WITH RECURSIVE found AS MATERIALIZED (
	SELECT metadata.uid AS uid, time_dt
	FROM cloudtrail_all
	WHERE metadata.uid IN (SELECT unnest(CAST(? AS VARCHAR[])))
),
ev AS MATERIALIZED (
	SELECT *, CASE WHEN actor.user.credential_uid IS NULL THEN actor.user.uid END AS keyless_arn
	FROM cloudtrail_all
	WHERE metadata.uid IN (SELECT uid FROM found) AND time_dt IN (SELECT time_dt FROM found)
),
links AS MATERIALIZED (SELECT access_key_id, issuer_access_key, session_arn FROM issued_sessions),
above AS (
	SELECT access_key_id, issuer_access_key FROM links
	WHERE access_key_id IN (SELECT actor.user.credential_uid FROM ev) OR session_arn IN (SELECT keyless_arn FROM ev)
	UNION
	SELECT l.access_key_id, l.issuer_access_key FROM above AS a JOIN links AS l ON l.access_key_id = a.issuer_access_key
),
s AS MATERIALIZED (SELECT * FROM traced_sessions((SELECT coalesce(list(DISTINCT access_key_id), []) FROM above))),
by_arn AS (
	SELECT * FROM s
	QUALIFY row_number() OVER (PARTITION BY session_arn, created ORDER BY access_key_id) = 1
)
SELECT c.metadata.uid, c.time_dt, c.accountid, c.region,
	c.actor.user.uid, c.actor.user.type, c.actor.user.credential_uid,
	coalesce(k.origin, a.origin, c.actor.user.uid, c.actor.user.uid_alt, c.actor.user.name, c.actor.invoked_by),
	coalesce(k.origin_type, a.origin_type, c.actor.user.type),
	coalesce(k.chain, a.chain),
	c.src_endpoint.ip, c.resources,
	list_filter(list_concat([json_extract_string(c.api.request."data", '$.instanceId')],
		coalesce(json_extract_string(c.api.request."data", '$.instanceIds[*]'), [])), x -> x IS NOT NULL),
	coalesce(c."session".uid, json_extract_string(c.api.response."data", '$.federatedUser.arn')),
	coalesce(c."session".credential_uid, json_extract_string(c.api.response."data", '$.credentials.accessKeyId')),
	CASE WHEN c.class_uid = 3001 THEN c."user".uid END
FROM ev AS c
LEFT JOIN s AS k ON k.access_key_id = c.actor.user.credential_uid
	AND c.time_dt BETWEEN k.created AND k.expires
LEFT JOIN by_arn AS a ON a.session_arn = c.keyless_arn AND a.created = c.actor."session".created_time_dt`

// readEvidence fetches the evidence events of the findings of hunts that
// read CloudTrail, by uid.
func readEvidence(ctx context.Context, q Querier, findings []hunt.Finding, hunts map[string]*hunt.Hunt) (map[string]*event, error) {
	seen := map[string]bool{}
	var uids []string
	for _, f := range findings {
		if h := hunts[f.HuntID]; h != nil && h.Source == hunt.SourceVPCFlow {
			continue
		}
		for _, uid := range f.EvidenceUIDs {
			if !seen[uid] {
				seen[uid] = true
				uids = append(uids, uid)
			}
		}
	}
	events := map[string]*event{}
	if len(uids) == 0 {
		return events, nil
	}
	err := queryEach(ctx, q, evidenceSQL, []any{uids}, func(v []any) error {
		ev := &event{
			UID: text(v[0]), Account: text(v[2]), Region: text(v[3]),
			Principal: text(v[4]), PrincipalType: text(v[5]), AccessKey: text(v[6]),
			Origin: text(v[7]), OriginType: text(v[8]), Chain: ChainLinks(v[9]),
			SrcIP: text(v[10]), Resources: resources(v[11]), Instances: texts(v[12]),
			IssuedSession: text(v[13]), IssuedKey: text(v[14]), TargetUser: text(v[15]),
		}
		ev.Time, _ = v[1].(time.Time)
		events[ev.UID] = ev
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read the findings' evidence: %w", err)
	}
	return events, nil
}

func text(v any) string {
	s, _ := v.(string)
	return s
}

func texts(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, item := range list {
		if s := text(item); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ChainLinks reads a session chain as the engine returns it (the chain of
// the sessions view, session_chain of cloudtrail_with_origin): a list of
// structs, the session's own issuing call first.
func ChainLinks(v any) []Link {
	list, _ := v.([]any)
	out := make([]Link, 0, len(list))
	for _, item := range list {
		m, ok := item.(result.Struct)
		if !ok {
			continue
		}
		l := Link{
			EventUID: text(m.Get("issuing_event_uid")), Operation: text(m.Get("issuing_operation")), Issuer: text(m.Get("issuer")),
			RoleARN: text(m.Get("role_arn")), SessionARN: text(m.Get("session_arn")), SessionName: text(m.Get("session_name")),
			AccessKeyID: text(m.Get("access_key_id")), SrcIP: text(m.Get("src_ip")), IssuerAccessKey: text(m.Get("issuer_access_key")),
		}
		l.Time, _ = m.Get("created").(time.Time)
		out = append(out, l)
	}
	return out
}

func resources(v any) []resource {
	list, _ := v.([]any)
	var out []resource
	for _, item := range list {
		if m, ok := item.(result.Struct); ok && text(m.Get("uid")) != "" {
			out = append(out, resource{UID: text(m.Get("uid")), Type: text(m.Get("type"))})
		}
	}
	return out
}
