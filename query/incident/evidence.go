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
// origin and session chain. Flow evidence uids match no row.
const evidenceSQL = `SELECT metadata.uid, time_dt, accountid, region,
	actor.user.uid, actor.user.type, actor.user.credential_uid,
	origin, origin_type, session_chain,
	src_endpoint.ip, resources,
	list_filter(list_concat([json_extract_string(api.request."data", '$.instanceId')],
		coalesce(json_extract_string(api.request."data", '$.instanceIds[*]'), [])), x -> x IS NOT NULL),
	coalesce("session".uid, json_extract_string(api.response."data", '$.federatedUser.arn')),
	coalesce("session".credential_uid, json_extract_string(api.response."data", '$.credentials.accessKeyId')),
	CASE WHEN class_uid = 3001 THEN "user".uid END
FROM cloudtrail_with_origin
WHERE metadata.uid IN (SELECT unnest(CAST(? AS VARCHAR[])))`

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
