package investigate

import (
	"strconv"
	"strings"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// The SQL of the panels, in the Athena dialect that lakehunt query reads.
// Placeholders in braces are filled with the entity's predicates (chosen by
// its kind and form, never from its value); $names are bound parameters.
//
//	{scope}      time_dt in the scope window
//	{flow_rows}  the view the flow panels read: vpcflow
//	{chain_calls}  the view the identity chain counts the calls of each
//	             session in: cloudtrail_all
//	{api}        the entity's CloudTrail events
//	{flow}       the entity's flows
//	{inbound}    for one of its flows: the entity received it
//	{issued_by}  for one link (hop) of a session chain: the entity made
//	             the call that issued it (principals and access keys)
//	{is_entity}  for one row of the sessions view: it is the entity
//	             itself, or one of its sessions
//
// Principals and access keys create sessions (AssumeRole and its kin), and
// what those sessions did is what the entity did through them: the panels
// that read calls also read entity_session_calls, the calls of those
// sessions (sessionCallsSelect), with via naming the roles the calls went
// through. Other kinds read none ({session_...} placeholders are empty).

// How many rows the list panels keep.
const (
	operationLimit    = 100
	errorCodeLimit    = 50
	relatedLimit      = 25
	newValueLimit     = 50
	consoleLoginLimit = 100
	// An instance has a few interfaces and an interface one instance at a
	// time; the limit only bounds a report on data that says otherwise.
	attachmentLimit = 50
	peerLimit       = 20
	portLimit       = 20
	rejectedLimit   = 100
	chainLimit      = 100
)

const scopeCondition = `time_dt >= $start AND time_dt < $end`

// entityCallsSelect is the entity's own CloudTrail calls in the baseline
// and scope windows, with the columns the panels read: every panel that
// reads calls reads them from here, so that an investigation searches the
// lake for them once (see Run).
var entityCallsSelect = eachCloudTrailTable(`
    SELECT ` + callColumns + `
    FROM {table}
    WHERE time_dt >= $baseline_start AND time_dt < $end
      AND {api}
`)

// eachCloudTrailTable is sqlText over each table of cloudtrail_all, the
// table's view in place of {table}, the rows of all of them by name. Of
// a struct, DuckDB 1.5.6 reads the fields a query names from a table's
// view, and whole structs through a union view, the JSON of every call's
// request and response included: the traced calls of 'investigate
// principal' of the medium bench's user took 4.1 CPU-s through
// cloudtrail_all and 2.2-2.9 this way (on a machine loaded by another
// benchmark).
func eachCloudTrailTable(sqlText string) string {
	parts := make([]string, len(lake.CloudTrailAll.Tables))
	for i, t := range lake.CloudTrailAll.Tables {
		parts[i] = strings.Replace(sqlText, "{table}", t.View, 1)
	}
	return strings.Join(parts, "    UNION ALL BY NAME")
}

// callColumns are the columns of a call the panels read, in the order of
// entity_calls, of its structs only the fields they read (callStructs):
// whole, api decodes every call's request and response JSON (the calls of
// the medium bench's account, 2.4M, took 3.6 s that way and 2.2 s this
// way, timed per statement on the 2-core AMD EPYC).
var callColumns = `time_dt, status_id, status, status_detail, class_uid,
        ` + callStructs("") + `, resources, region, accountid, is_mfa`

// callStructs are api, src_endpoint, http_request, actor and session of
// the call named c ("" for the only one) with the fields the panels
// read; see eachCloudTrailTable.
func callStructs(c string) string {
	return `{'operation': ` + c + `api.operation, 'service': {'name': ` + c + `api.service.name},
         'response': {'error': ` + c + `api.response.error, 'message': ` + c + `api.response.message}} AS api,
        {'ip': ` + c + `src_endpoint.ip, 'domain': ` + c + `src_endpoint.domain} AS src_endpoint,
        {'user_agent': ` + c + `http_request.user_agent} AS http_request,
        {'user': {'uid': ` + c + `actor.user.uid, 'name': ` + c + `actor.user.name, 'type': ` + c + `actor.user.type,
                  'credential_uid': ` + c + `actor.user.credential_uid, 'account': {'uid': ` + c + `actor.user.account.uid}},
         'invoked_by': ` + c + `actor.invoked_by, 'session': {'created_time_dt': ` + c + `actor."session".created_time_dt}} AS actor,
        {'uid': ` + c + `"session".uid} AS "session"`
}

// okFlows drops NODATA and SKIPDATA records, which carry no traffic.
const okFlows = `coalesce(status_code, 'OK') = 'OK'`

const overviewSQL = `WITH {shared_cte}calls AS (
    SELECT time_dt, status_id, accountid, region
    FROM entity_calls
){overview_flow_cte}
, seen AS (
    SELECT time_dt, status_id, accountid, region, 'api' AS source FROM calls{overview_flow_union}
)
SELECT
    count(*) FILTER (WHERE source = 'api' AND time_dt >= $start) AS api_events,
    count(*) FILTER (WHERE source = 'api' AND time_dt >= $start AND status_id = 2) AS api_failed,
    count(*) FILTER (WHERE source = 'flow' AND time_dt >= $start) AS flow_records,
    count(*) FILTER (WHERE time_dt < $start) AS baseline_events,
    min(time_dt) FILTER (WHERE time_dt >= $start) AS first_seen,
    max(time_dt) FILTER (WHERE time_dt >= $start) AS last_seen,
    array_agg(DISTINCT accountid ORDER BY accountid) FILTER (WHERE time_dt >= $start AND accountid IS NOT NULL) AS accounts,
    array_agg(DISTINCT region ORDER BY region) FILTER (WHERE time_dt >= $start AND region IS NOT NULL) AS regions,
    {overview_via} AS via_session_events,
    {overview_via_failed} AS via_session_failed
FROM seen`

// The overview counts the calls made through the entity's sessions apart
// from its own: error rate and first and last seen stay the entity's.
const (
	overviewVia       = `(SELECT count(*) FROM entity_session_calls WHERE {scope})`
	overviewViaFailed = `(SELECT count(*) FROM entity_session_calls WHERE {scope} AND status_id = 2)`
)

const overviewFlowCTE = `
, flows AS (
    SELECT time_dt, accountid, region
    FROM {flow_rows}
    WHERE time_dt >= $baseline_start AND time_dt < $end
      AND {flow} AND ` + okFlows + `
)`

const overviewFlowUnion = `
    UNION ALL
    SELECT time_dt, NULL, accountid, region, 'flow' FROM flows`

// lifetimeSQL runs over the whole lake, not the investigation's window.
var lifetimeSQL = lifetimeOf(`    SELECT time_dt FROM cloudtrail_all WHERE {api}{lifetime_flows}`)

// lifetimeOf is the lifetime panel over reads, the entity's times.
func lifetimeOf(reads string) string {
	return "SELECT min(time_dt) AS first_seen, max(time_dt) AS last_seen\nFROM (\n" + reads + "\n) AS seen"
}

const lifetimeFlows = `
    UNION ALL
    SELECT time_dt FROM vpcflow WHERE ` + lifetimeFlowCondition

// lifetimeFlowCondition is the entity's flows the lifetime counts.
const lifetimeFlowCondition = `{flow} AND ` + okFlows

const apiTimelineSQL = `{shared_with}SELECT
    time_bucket($bucket, time_dt, $start) AS bucket_start,
    count(*) FILTER (WHERE status_id IS DISTINCT FROM 2) AS succeeded,
    count(*) FILTER (WHERE status_id = 2) AS failed,
    count(via) AS via_sessions
FROM (
    SELECT time_dt, status_id, CAST(NULL AS VARCHAR) AS via
    FROM entity_calls
    WHERE {scope}{session_union_timeline}
) AS calls
GROUP BY 1
ORDER BY 1`

// sessionUnionTimeline and the like add the calls of the entity's
// sessions to a panel's own calls.
const sessionUnionTimeline = `
    UNION ALL
    SELECT time_dt, status_id, via FROM entity_session_calls WHERE {scope}`

const operationsSQL = `{shared_with}SELECT
    coalesce(api.service.name, '') AS service,
    coalesce(api.operation, '') AS operation,
    coalesce(via, '') AS via,
    count(*) AS calls,
    count(*) FILTER (WHERE status_id = 2) AS failed,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM (
    SELECT time_dt, status_id, api, CAST(NULL AS VARCHAR) AS via
    FROM entity_calls
    WHERE {scope}{session_union_api}
) AS calls
GROUP BY 1, 2, 3
ORDER BY calls DESC, service, operation, via
LIMIT {operation_limit}`

const sessionUnionAPI = `
    UNION ALL
    SELECT time_dt, status_id, api, via FROM entity_session_calls WHERE {scope}`

const errorCodesSQL = `{shared_with}SELECT
    coalesce(api.response.error, status_detail, api.response.message, 'unknown') AS code,
    coalesce(via, '') AS via,
    count(*) AS calls,
    array_agg(DISTINCT api.operation ORDER BY api.operation) FILTER (WHERE api.operation IS NOT NULL) AS operations,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM (
    SELECT time_dt, status_id, status_detail, api, CAST(NULL AS VARCHAR) AS via
    FROM entity_calls
    WHERE {scope}
      AND status_id = 2{session_union_errors}
) AS calls
GROUP BY 1, 2
ORDER BY calls DESC, code, via
LIMIT {error_code_limit}`

const sessionUnionErrors = `
    UNION ALL
    SELECT time_dt, status_id, status_detail, api, via FROM entity_session_calls WHERE {scope} AND status_id = 2`

const relatedSQL = `WITH {shared_cte}ev AS MATERIALIZED (
    SELECT time_dt, status_id, class_uid, src_endpoint, http_request, actor, "session", resources, region, accountid, CAST(NULL AS VARCHAR) AS via
    FROM entity_calls
    WHERE {scope}{session_union_related}
), pairs AS (
    SELECT 'source_ips' AS kind, coalesce(src_endpoint.ip, src_endpoint.domain) AS value, time_dt, status_id, via FROM ev
    UNION ALL SELECT 'user_agents', http_request.user_agent, time_dt, status_id, via FROM ev
    UNION ALL SELECT 'principals', lh_actor(actor), time_dt, status_id, via FROM ev
    UNION ALL SELECT 'access_keys', actor.user.credential_uid, time_dt, status_id, via FROM ev
    UNION ALL SELECT 'role_sessions', actor.user.uid, time_dt, status_id, via FROM ev WHERE actor.user.type = 'AssumedRole'
    -- sessions the entity created: AssumeRole and its kin are Authentication events
    UNION ALL SELECT 'role_sessions', "session".uid, time_dt, status_id, via FROM ev WHERE class_uid = 3002
    -- unnest in a select list, not a lateral join: DuckDB 1.5.6 joins the
    -- calls back to their resources (the medium bench's account, 2.4M calls:
    -- this panel 8.2 -> 2.5 s, 4.3 -> 2.3 GB, the same rows, 2-core AMD EPYC)
    UNION ALL SELECT 'resources', resource.uid, time_dt, status_id, via FROM (SELECT unnest(resources) AS resource, time_dt, status_id, via FROM ev)
    UNION ALL SELECT 'regions', region, time_dt, status_id, via FROM ev
    UNION ALL SELECT 'accounts', accountid, time_dt, status_id, via FROM ev
), counted AS (
    SELECT kind, value,
           count(*) AS events,
           count(*) FILTER (WHERE status_id = 2) AS failed,
           min(time_dt) AS first_seen,
           max(time_dt) AS last_seen,
           count(via) AS via_events,
           array_agg(DISTINCT via ORDER BY via) FILTER (WHERE via IS NOT NULL) AS via
    FROM pairs
    WHERE value IS NOT NULL AND value <> ''
    GROUP BY kind, value
), ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY kind ORDER BY events DESC, value) AS rank,
           count(*) OVER (PARTITION BY kind) AS distinct_values
    FROM counted
)
SELECT kind, value, events, failed, first_seen, last_seen, distinct_values, via_events, via
FROM ranked
WHERE rank <= {related_limit}
ORDER BY kind, rank`

const sessionUnionRelated = `
    UNION ALL
    SELECT time_dt, status_id, class_uid, src_endpoint, http_request, actor, "session", resources, region, accountid, via
    FROM entity_session_calls
    WHERE {scope}`

const newlyObservedSQL = `WITH {shared_cte}ev AS MATERIALIZED (
    SELECT time_dt, src_endpoint, http_request, api, region
    FROM entity_calls{session_union_new}
){new_flow_cte}, pairs AS (
    SELECT 'source_ips' AS kind, coalesce(src_endpoint.ip, src_endpoint.domain) AS value, time_dt FROM ev
    UNION ALL SELECT 'user_agents', http_request.user_agent, time_dt FROM ev
    UNION ALL SELECT 'operations', concat(coalesce(api.service.name, ''), ':', coalesce(api.operation, '')), time_dt FROM ev
    UNION ALL SELECT 'regions', region, time_dt FROM ev{new_flow_pairs}
), first_seen AS (
    -- a value first seen at or after the scope start was not in the baseline
    SELECT kind, value, count(*) AS events, min(time_dt) AS first_seen, max(time_dt) AS last_seen
    FROM pairs
    WHERE value IS NOT NULL AND value <> ''
    GROUP BY kind, value
    HAVING min(time_dt) >= $start
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY kind ORDER BY first_seen, value) AS rank
    FROM first_seen
)
SELECT kind, value, events, first_seen, last_seen
FROM ranked
WHERE rank <= {new_value_limit}
ORDER BY kind, rank`

// What the entity's sessions did counts as what it did: their calls in
// the baseline are not new, and their new addresses and operations are.
const sessionUnionNew = `
    UNION ALL
    SELECT time_dt, src_endpoint, http_request, api, region FROM entity_session_calls`

const newlyObservedFlowCTE = `, peers AS (
    SELECT time_dt, CASE WHEN {inbound} THEN src_endpoint.ip ELSE dst_endpoint.ip END AS peer
    FROM {flow_rows}
    WHERE time_dt >= $baseline_start AND time_dt < $end
      AND {flow} AND ` + okFlows + `
)`

const newlyObservedFlowPairs = `
    UNION ALL SELECT 'flow_peers', peer, time_dt FROM peers`

const consoleLoginsSQL = `{calls_with}SELECT
    time_dt,
    coalesce(status, '') AS result,
    is_mfa AS mfa,
    coalesce(actor.user.uid, actor.user.name, '') AS principal,
    coalesce(actor.user.type, '') AS actor_type,
    coalesce(src_endpoint.ip, src_endpoint.domain, '') AS source_ip,
    coalesce(http_request.user_agent, '') AS user_agent,
    coalesce(api.response.error, api.response.message, '') AS message,
    count(*) OVER () AS total,
    count(CASE WHEN status_id = 1 THEN 1 END) OVER () AS succeeded,
    count(CASE WHEN status_id = 2 THEN 1 END) OVER () AS failed,
    count(CASE WHEN is_mfa THEN 1 END) OVER () AS with_mfa
FROM entity_calls
WHERE {scope}
  AND api.operation = 'ConsoleLogin'
ORDER BY time_dt, principal, source_ip
LIMIT {console_login_limit}`

// entityFlows is the CTE the flow panels share: the entity's flows in the
// scope, each with its direction seen from the entity and the other side.
// The flow panels' SQL below reads it; their statements start with it, and
// an investigation computes it once as a table (see Run).
const entityFlows = `WITH entity_flows AS (` + entityFlowsSelect + `)
`

// entityFlowRowsSelect is the entity's flows in the baseline and scope
// windows with the columns the flow panels and the flow predicates read,
// under the same names: the panels that read flows read them from here
// (see viewNames). Whole endpoint structs would read every address field
// of the flows for a few.
const entityFlowRowsSelect = `
    SELECT` + entityFlowRowsColumns + `
    FROM vpcflow
    WHERE ` + entityFlowRowsCondition + `
`

// entityFlowRowsColumns and entityFlowRowsCondition are the select list
// and the condition of entityFlowRowsSelect, which an engine holding the
// entity applies in the read of each file (engine.HoldingSelect).
const (
	entityFlowRowsColumns = ` time_dt, accountid, region, status_code, action,
        {'ip': src_endpoint.ip, 'port': src_endpoint.port, 'instance_uid': src_endpoint.instance_uid,
         'interface_uid': src_endpoint.interface_uid} AS src_endpoint,
        {'ip': dst_endpoint.ip, 'port': dst_endpoint.port, 'instance_uid': dst_endpoint.instance_uid,
         'interface_uid': dst_endpoint.interface_uid} AS dst_endpoint,
        {'protocol_num': connection_info.protocol_num} AS connection_info,
        {'bytes': traffic.bytes, 'packets': traffic.packets} AS traffic`
	entityFlowRowsCondition = `time_dt >= $baseline_start AND time_dt < $end
      AND {flow}`
)

const entityFlowsSelect = `
    SELECT
        time_dt,
        CASE WHEN {inbound} THEN 'in' ELSE 'out' END AS direction,
        CASE WHEN {inbound} THEN src_endpoint.ip ELSE dst_endpoint.ip END AS peer,
        src_endpoint.ip AS src_ip,
        src_endpoint.port AS src_port,
        dst_endpoint.ip AS dst_ip,
        dst_endpoint.port AS dst_port,
        connection_info.protocol_num AS protocol,
        coalesce(traffic.bytes, 0) AS bytes,
        coalesce(traffic.packets, 0) AS packets,
        coalesce(action = 'Denied', false) AS rejected
    FROM {flow_rows}
    WHERE {scope}
      AND {flow} AND ` + okFlows + `
`

const flowTimelineSQL = `SELECT
    time_bucket($bucket, time_dt, $start) AS bucket_start,
    count(*) FILTER (WHERE direction = 'in') AS flows_in,
    count(*) FILTER (WHERE direction = 'out') AS flows_out,
    CAST(coalesce(sum(bytes) FILTER (WHERE direction = 'in'), 0) AS BIGINT) AS bytes_in,
    CAST(coalesce(sum(bytes) FILTER (WHERE direction = 'out'), 0) AS BIGINT) AS bytes_out,
    count(*) FILTER (WHERE rejected) AS rejected
FROM entity_flows
GROUP BY 1
ORDER BY 1`

// flowAttachmentsSQL reads the entity's own side of each flow, the side
// that logged it, which names the interface and its instance together. It
// reads the flows' rows, not entity_flows, which would carry the two ids
// of every flow for this one panel (0.1 GB more for the 1.45M flows of the
// medium bench's exfiltrating interface).
const flowAttachmentsSQL = `SELECT
    own.instance_uid AS instance,
    own.interface_uid AS interface,
    count(*) AS flows,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM (
    SELECT time_dt, CASE WHEN {inbound} THEN dst_endpoint ELSE src_endpoint END AS own
    FROM {flow_rows}
    WHERE {scope}
      AND {flow} AND ` + okFlows + `
)
WHERE own.interface_uid IS NOT NULL OR own.instance_uid IS NOT NULL
GROUP BY 1, 2
ORDER BY first_seen, instance NULLS FIRST, interface
LIMIT {attachment_limit}`

const flowPeersSQL = `SELECT
    peer AS ip,
    count(*) AS flows,
    CAST(coalesce(sum(bytes) FILTER (WHERE direction = 'in'), 0) AS BIGINT) AS bytes_in,
    CAST(coalesce(sum(bytes) FILTER (WHERE direction = 'out'), 0) AS BIGINT) AS bytes_out,
    count(*) FILTER (WHERE rejected) AS rejected,
    min(time_dt) AS first_seen,
    max(time_dt) AS last_seen
FROM entity_flows
WHERE peer IS NOT NULL
GROUP BY peer
ORDER BY bytes_in + bytes_out DESC, flows DESC, ip
LIMIT {peer_limit}`

const flowPortsSQL = `SELECT
    direction,
    protocol,
    dst_port AS port,
    count(*) AS flows,
    CAST(sum(bytes) AS BIGINT) AS bytes,
    count(*) FILTER (WHERE rejected) AS rejected,
    count(DISTINCT peer) AS peers
FROM entity_flows
GROUP BY 1, 2, 3
ORDER BY flows DESC, bytes DESC, direction, port, protocol
LIMIT {port_limit}`

const rejectedFlowsSQL = `SELECT
    time_dt, direction, src_ip, src_port, dst_ip, dst_port, protocol, packets, bytes,
    count(*) OVER () AS total
FROM entity_flows
WHERE rejected
ORDER BY time_dt, src_ip, dst_ip, dst_port, src_port
LIMIT {rejected_limit}`

// entitySessionsSelect is the sessions of the window (the engine's
// sessions view, traced only for sessionsNearEntity) that are the entity (is_entity: an access key's session, a role
// session, a role's sessions) or that it created, itself or up a chain of
// role assumptions. A session's chain lists the calls that issued it, its
// own first; the first the entity made is entity_hop, and via is the roles
// from there down to the session, outermost first (the operation for a
// session of no role, GetFederationToken). The identity chain reads it,
// and so do the calls of the sessions (sessionCallsSelect).
const entitySessionsSelect = `
    SELECT *,
        CASE WHEN entity_hop > 0 THEN array_to_string(list_transform(list_reverse(chain[1:entity_hop]),
            hop -> coalesce(hop.role_arn, hop.issuing_operation)), ' > ') END AS via,
        row_number() OVER (PARTITION BY session_arn, created ORDER BY access_key_id) AS arn_rank
    FROM (
        SELECT *,
            coalesce({is_entity}, false) AS is_entity,
            coalesce(list_position(list_transform(chain, hop -> {issued_by}), true), 0) AS entity_hop
        FROM traced_sessions((` + sessionsNearEntity + `))
    ) AS chained
    WHERE is_entity OR entity_hop > 0
`

// sessionsNearEntity lists the keys of the sessions whose chains can
// name the entity, and the keys up their chains, for traced_sessions:
// the sessions that are the entity or that it issued, then those issued
// with those, down as far as they go, then the keys each was issued with,
// up as far as they go. Links are followed by key alone, so the list holds
// every session the sessions view would link, and a few more that the
// filters on entity_sessions then drop. Tracing every session of the
// window up to its origin took 23 s of an investigation of a principal on
// a lake of 1M events; the few chains that matter take well under one.
// The links are the keys alone, and the issuing calls are read again for
// the entity's own and by traced_sessions for the keys it traces: with the
// issued-session indexes that is cheaper than one copy of every column of
// the window's calls ('investigate principal … --no-findings' of the
// medium bench's user by hand on the 2-core AMD EPYC of the README's
// benchmarks: 1.22–1.41 s and 750 MB with the copy, 1.09–1.23 s and 350 MB
// without; a lake without the indexes pays for it, 1.75–1.98 s against
// 2.02–2.27).
const sessionsNearEntity = `
            WITH RECURSIVE links AS MATERIALIZED (
                SELECT access_key_id, issuer_access_key FROM issuing_calls
            ),
            below AS (
                SELECT access_key_id FROM issuing_calls AS hop WHERE {issued_by} OR {is_entity}
                UNION
                SELECT l.access_key_id FROM below AS b JOIN links AS l ON l.issuer_access_key = b.access_key_id
            ),
            above AS (
                SELECT access_key_id, issuer_access_key FROM links WHERE access_key_id IN (SELECT access_key_id FROM below)
                UNION
                SELECT l.access_key_id, l.issuer_access_key FROM above AS a JOIN links AS l ON l.access_key_id = a.issuer_access_key
            )
            SELECT coalesce(list(DISTINCT access_key_id), []) FROM above`

// sessionCallsSelect is the calls made in the baseline and scope windows
// with the sessions the entity created that are not its own calls
// already, each with the roles it went through (via). Calls are matched to
// sessions as the engine's cloudtrail_with_origin view matches them (by
// access key within the credentials' lifetime, else by session ARN and
// creation time), but only to the entity's sessions: the view traces every
// call of the window ('investigate principal --no-findings' of a user with
// 129 AssumeRole calls on a 200,000-event lake: 700 MB with it, 190 MB
// with this, the same report). One join makes both matches, on the
// call's access key or, when it has none, its ARN (no ARN is an access
// key id), so that the window is read once, not twice.
var sessionCallsSelect = sessionCallsFrom("cloudtrail_all", `c.time_dt >= $baseline_start AND c.time_dt < $end
      AND ({api}) IS NOT TRUE`)

// sessionCallsFrom is the calls c in view calls, where c's condition
// holds, that were made with one of the entity's sessions, with the role
// each went through (via).
func sessionCallsFrom(calls, where string) string {
	return `
    SELECT c.time_dt, c.status_id, c.class_uid, c.status_detail,
        ` + callStructs("c.") + `, c.resources, c.region, c.accountid, s.via
    FROM ` + calls + ` AS c
    JOIN (` + sessionKeys + `
    ) AS s
      ON ` + sessionCallMatch + `
    WHERE ` + where + `
`
}

// sessionKeys are the keys sessionCallsSelect matches calls to the
// entity's sessions by: their access keys, and for calls that carry none
// their ARNs.
const sessionKeys = `
        SELECT access_key_id AS call_key, false AS by_arn, created, expires, via
        FROM entity_sessions WHERE entity_hop > 0
        UNION ALL
        SELECT session_arn, true, created, expires, via
        FROM entity_sessions WHERE entity_hop > 0 AND arn_rank = 1`

// sessionCallMatch is the join condition of a call c with one of the
// sessionKeys s.
const sessionCallMatch = `coalesce(c.actor.user.credential_uid, c.actor.user.uid) = s.call_key
     AND CASE WHEN s.by_arn THEN c.actor."session".created_time_dt = s.created
              ELSE c.time_dt BETWEEN s.created AND s.expires END`

// tracedCallsSelect is, in one read of the window, the entity's own calls
// (own) and the calls that may be of its sessions: made with the access
// key of one of entity_sessions, or with the ARN of one of the
// sessionKeys. An investigation computes entity_calls,
// entity_session_calls and the identity chain's calls of each session
// from it: each searched the window again ('investigate principal' of
// the medium bench's user: 1.9, 3.6 and 1.0 CPU-s, 3.9 for this). The
// keys are matched with IN, not a LEFT JOIN: DuckDB 1.5.6 joins the
// window to the keys in a nested loop when the join condition is not
// equalities alone (18 CPU-s). Each table's calls are read from its own
// view (eachCloudTrailTable).
var tracedCallsSelect = eachCloudTrailTable(`
    SELECT ` + tracedCallColumns + `
    FROM {table}
    WHERE ` + tracedCallCondition + `
`)

// tracedCallColumns are the columns of entity_traced_calls.
var tracedCallColumns = callColumns + `,
        coalesce({api}, false) AS own`

// tracedCallCondition picks the calls of entity_traced_calls: the
// entity's, and those whose access key, or ARN when they have no key, is
// one of its sessions' (sessionProbes looks the same values up in the
// files' bloom filters).
const tracedCallCondition = `time_dt >= $baseline_start AND time_dt < $end
      AND ({api} OR coalesce(actor.user.credential_uid, actor.user.uid) IN (
        SELECT access_key_id FROM entity_sessions
        UNION ALL
        SELECT session_arn FROM entity_sessions WHERE entity_hop > 0 AND arn_rank = 1))`

// The shared tables of the entity's calls and of its sessions' calls,
// from entity_traced_calls (tracedCallsSelect), with the columns of
// entityCallsSelect and sessionCallsSelect.
var (
	ownCallsFromTraced = `
    SELECT * EXCLUDE (own)
    FROM entity_traced_calls WHERE own`
	sessionCallsFromTraced = sessionCallsFrom("entity_traced_calls", "NOT c.own")
)

// The shared CTEs of the entity's calls and sessions; panels hold them,
// and an investigation computes them once as tables of these names (see
// Run).
var (
	entityCallsCTE    = `entity_calls AS (` + entityCallsSelect + `)`
	entitySessionsCTE = `entity_sessions AS (` + entitySessionsSelect + `)`
	sessionCallsCTE   = `entity_session_calls AS (` + sessionCallsSelect + `)`
)

// identityChainSQL lists the entity's sessions alive in the scope: those
// that are the entity (who is behind it) and those it created (what it
// became), each with the calls that issued it up to its origin and the
// calls made with it in the scope.
const identityChainSQL = `WITH {entity_sessions_cte}picked AS (
    SELECT *, CASE WHEN is_entity THEN 'behind' ELSE 'created' END AS relation
    FROM entity_sessions
    WHERE created < $end AND expires >= $start
), used AS (
    SELECT p.access_key_id,
        count(*) AS events,
        count(*) FILTER (WHERE c.status_id = 2) AS failed,
        min(c.time_dt) AS first_seen,
        max(c.time_dt) AS last_seen
    FROM picked AS p
    JOIN {chain_calls} AS c
      ON c.actor.user.credential_uid = p.access_key_id AND c.time_dt BETWEEN p.created AND p.expires
    WHERE c.time_dt >= $start AND c.time_dt < $end
    GROUP BY 1
), ranked AS (
    SELECT picked.*, coalesce(used.events, 0) AS events, coalesce(used.failed, 0) AS failed, used.first_seen, used.last_seen,
        row_number() OVER (PARTITION BY relation ORDER BY coalesce(used.events, 0) DESC, created, session_arn) AS rank,
        count(*) OVER (PARTITION BY relation) AS total
    FROM picked LEFT JOIN used USING (access_key_id)
)
SELECT relation, coalesce(session_arn, '') AS session_arn, access_key_id, coalesce(role_arn, '') AS role_arn,
    created, expires, coalesce(origin, '') AS origin, coalesce(origin_type, '') AS origin_type, coalesce(via, '') AS via, chain,
    events, failed, first_seen, last_seen, total
FROM ranked
WHERE rank <= {chain_limit}
ORDER BY relation, rank`

// findingEvidenceSQL keeps the hunt evidence events that are the entity's.
const findingEvidenceSQL = `SELECT DISTINCT metadata.uid AS uid
FROM cloudtrail_all
WHERE {scope}
  AND {api}
  AND metadata.uid IN (SELECT unnest(from_json($uids, '["VARCHAR"]')))`

// rawEventsSQL is the --raw-csv export: the entity's CloudTrail events and
// flows in one table, key columns first and the whole OCSF record as JSON
// in the last column.
const rawEventsSQL = `SELECT * FROM (
    SELECT
        time_dt AS time, 'cloudtrail' AS source, accountid AS account, region,
        class_name AS class, api.service.name AS service, api.operation AS operation,
        status, api.response.error AS error,
        actor.user.type AS actor_type, actor.user.uid AS actor, actor.user.credential_uid AS access_key,
        http_request.user_agent AS user_agent,
        src_endpoint.ip AS src_ip, CAST(NULL AS INTEGER) AS src_port,
        CAST(NULL AS VARCHAR) AS dst_ip, CAST(NULL AS INTEGER) AS dst_port,
        CAST(NULL AS INTEGER) AS protocol, CAST(NULL AS VARCHAR) AS direction, CAST(NULL AS VARCHAR) AS action,
        CAST(NULL AS BIGINT) AS packets, CAST(NULL AS BIGINT) AS bytes,
        metadata.uid AS event_uid,
        CAST(to_json(event) AS VARCHAR) AS record
    FROM cloudtrail_all AS event
    WHERE {scope}
      AND {api}{raw_flows}
) AS raw
ORDER BY time, source, event_uid, src_ip, src_port, dst_ip, dst_port`

const rawFlows = `
    UNION ALL
    SELECT
        time_dt, 'vpcflow', accountid, region,
        class_name, NULL, activity_name,
        status, NULL,
        NULL, NULL, NULL,
        NULL,
        src_endpoint.ip, src_endpoint.port,
        dst_endpoint.ip, dst_endpoint.port,
        connection_info.protocol_num, connection_info.direction, action,
        traffic.packets, traffic.bytes,
        NULL,
        CAST(to_json(flow) AS VARCHAR)
    FROM vpcflow AS flow
    WHERE {scope}
      AND {flow}`

// fill replaces the braced placeholders of a panel's SQL for the entity,
// with the calls of its sessions as a CTE of the statement: SQL that runs
// on its own.
func fill(sqlText string, e Entity) string { return fillPanel(sqlText, e, true, false) }

// fillPanel is fill; without inlineSessions the statement reads the
// table entity_session_calls instead of defining it, and internal names
// the views and tables the investigation reads (see viewNames).
func fillPanel(sqlText string, e Entity, inlineSessions, internal bool) string {
	pairs := []string{
		"{operation_limit}", strconv.Itoa(operationLimit),
		"{error_code_limit}", strconv.Itoa(errorCodeLimit),
		"{related_limit}", strconv.Itoa(relatedLimit),
		"{new_value_limit}", strconv.Itoa(newValueLimit),
		"{console_login_limit}", strconv.Itoa(consoleLoginLimit),
		"{peer_limit}", strconv.Itoa(peerLimit),
		"{attachment_limit}", strconv.Itoa(attachmentLimit),
		"{port_limit}", strconv.Itoa(portLimit),
		"{rejected_limit}", strconv.Itoa(rejectedLimit),
		"{chain_limit}", strconv.Itoa(chainLimit),
	}
	flowParts := []string{
		"{overview_flow_cte}", overviewFlowCTE,
		"{overview_flow_union}", overviewFlowUnion,
		"{new_flow_cte}", newlyObservedFlowCTE,
		"{new_flow_pairs}", newlyObservedFlowPairs,
		"{lifetime_flows}", lifetimeFlows,
		"{raw_flows}", rawFlows,
	}
	for i := 0; i < len(flowParts); i += 2 {
		if !e.Kind.hasFlows() {
			flowParts[i+1] = ""
		}
	}
	pairs = append(pairs, flowParts...)
	pairs = append(pairs, sessionParts(e, inlineSessions)...)
	// Structural placeholders first: the snippets they insert hold the
	// predicate placeholders filled next.
	sqlText = strings.NewReplacer(pairs...).Replace(sqlText)
	predicates := []string{"{scope}", scopeCondition, "{api}", apiPredicate(e, internal)}
	predicates = append(predicates, viewNames(internal)...)
	if e.Kind.hasFlows() {
		match, inbound := flowPredicate(e)
		predicates = append(predicates, "{flow}", match, "{inbound}", inbound)
	}
	if e.Kind.hasSessions() {
		predicates = append(predicates, "{issued_by}", issuedByPredicate(e), "{is_entity}", sessionPredicate(e))
	}
	return strings.NewReplacer(predicates...).Replace(sqlText)
}

// sessionParts are the placeholders that define the entity's calls and
// add the calls of its sessions to the panels; kinds that create no
// sessions get none of the latter. Inline, the shared CTEs are the
// statement's own; otherwise the statement reads the tables Run made of
// them.
func sessionParts(e Entity, inline bool) []string {
	unions := []string{
		"{session_union_timeline}", sessionUnionTimeline,
		"{session_union_api}", sessionUnionAPI,
		"{session_union_errors}", sessionUnionErrors,
		"{session_union_related}", sessionUnionRelated,
		"{session_union_new}", sessionUnionNew,
	}
	sessions, ctes := entitySessionsCTE+", ", []string{entityCallsCTE, entitySessionsCTE, sessionCallsCTE}
	via, viaFailed := overviewVia, overviewViaFailed
	if !e.Kind.hasSessions() {
		for i := 1; i < len(unions); i += 2 {
			unions[i] = ""
		}
		sessions, ctes = "", ctes[:1]
		via, viaFailed = "0", "0"
	}
	calls, with, cte := "WITH "+entityCallsCTE+"\n", "WITH "+strings.Join(ctes, ",\n")+"\n", strings.Join(ctes, ",\n")+", "
	if !inline {
		calls, sessions, with, cte = "", "", "", ""
	}
	return append(unions, "{entity_sessions_cte}", sessions, "{calls_with}", calls, "{shared_with}", with, "{shared_cte}", cte,
		"{overview_via}", via, "{overview_via_failed}", viaFailed)
}
