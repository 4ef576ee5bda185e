package engine

import (
	"fmt"
	"time"
)

// MaxSessionLifetime is the longest temporary credentials live
// (GetSessionToken and GetFederationToken: 36 hours; AssumeRole: 12). A
// window's events can only be traced to the calls that issued their
// credentials when the engine's window starts this long before them.
const MaxSessionLifetime = 36 * time.Hour

// maxSessionHops bounds the walk up a chain of role assumptions. AWS sets
// no limit on role chaining, but each hop is a call someone made by hand
// or in a script; a chain longer than this in one lake is a loop in the
// data (the same key issued twice), not a story.
const maxSessionHops = 8

// sessionViews are defined on use (definitions.go), after the table views
// they read: they see the engine's window.
//
// sessions has one row per temporary access key the window's CloudTrail
// issued: every successful AssumeRole, AssumeRoleWithSAML,
// AssumeRoleWithWebIdentity, GetFederationToken and GetSessionToken with
// credentials in its response, and, walking up through the access key the
// issuing call was itself made with (role chaining), the origin: the
// principal at the top of the chain the lake holds. The lake's events
// carry the issued key as actor.user.credential_uid, so that is the join.
//
//   - The mapper puts an AssumeRole*'s session ARN, issued key and role in
//     session.{uid,credential_uid,issuer} and the session name in
//     user.name; GetFederationToken and GetSessionToken are API Activity,
//     so their credentials are read from api.response.data.
//   - credentials.expiration is written as "Jul 30, 2024, 9:46:15 PM"
//     (older events: without the comma after the year) in UTC; when it
//     does not parse, the lifetime is durationSeconds or the API's default
//     (one hour for a role, twelve for the other two).
//   - account is the account the session acts in (the role's, read from
//     the session ARN). A cross-account AssumeRole is logged in both
//     accounts; one row per key is kept, the copy logged in the role's
//     account, else the earliest by time then event uid.
//   - origin_type is the userIdentity.type of the origin: IAMUser, Root,
//     SAMLUser, WebIdentityUser, AWSService... or AssumedRole when the call
//     at the top was itself made with a session the window does not hold
//     (then origin is that session's ARN, the most the lake can say).
//   - chain lists the issuing calls from this session up to the origin,
//     hops is its length.
//
// cloudtrail_with_origin is every CloudTrail event (cloudtrail_all: the
// management table and the S3 and Lambda data events, which a stolen
// session uses as much as any call) with its origin,
// origin_type, session_hops (0 for long-term credentials or an unknown
// session) and session_chain. An event is matched to its session by
// access key within the credentials' lifetime, or, when it carries no key,
// by session ARN and the session's creation time.
//
// issuing_calls is the issuing calls alone, without their chains, every
// copy of each, read from the issued-session indexes (cloudtrail_issued)
// and the copies of the days without one (cloudtrail_issuing; issuing.go);
// issued_sessions keeps one row per key.
// traced_sessions(keys) is the sessions view for the keys in the list keys
// alone, traced within them: the same rows when keys also hold the keys
// their sessions were issued with (up the chains).
// Tracing only the sessions one entity issued or holds walks a few
// chains instead of every chain of the window.
var sessionViews = []string{
	`CREATE VIEW issuing_calls AS` + issuingCalls,
	`CREATE VIEW issued_sessions AS SELECT * FROM issuing_calls` + onePerKey,
	// keys is an expression (often a subquery) that a macro repeats
	// wherever it names it: wanted evaluates it once for both branches of
	// issuing_calls.
	`CREATE MACRO traced_sessions(keys) AS TABLE ` + tracedSessions(`wanted AS MATERIALIZED (SELECT unnest(keys) AS access_key_id),`,
		`(SELECT * FROM (`+issuingCallsOf("\n\t\t  AND access_key_id IN (SELECT access_key_id FROM wanted)")+`) AS issuing_calls`+onePerKey+`)`),
	`CREATE VIEW sessions AS ` + tracedSessions(``, `issued_sessions`),
	`CREATE VIEW cloudtrail_with_origin AS
WITH s AS MATERIALIZED (SELECT * FROM sessions),
by_arn AS (
	SELECT * FROM s
	QUALIFY row_number() OVER (PARTITION BY session_arn, created ORDER BY access_key_id) = 1
)
SELECT c.* EXCLUDE (keyless_arn),
	coalesce(k.origin, a.origin, c.actor.user.uid, c.actor.user.uid_alt, c.actor.user.name, c.actor.invoked_by) AS origin,
	coalesce(k.origin_type, a.origin_type, c.actor.user.type) AS origin_type,
	coalesce(k.hops, a.hops, 0) AS session_hops,
	coalesce(k.chain, a.chain) AS session_chain
FROM (SELECT *, CASE WHEN actor.user.credential_uid IS NULL THEN actor.user.uid END AS keyless_arn FROM cloudtrail_all) c
LEFT JOIN s k ON k.access_key_id = c.actor.user.credential_uid
	AND c.time_dt BETWEEN k.created AND k.expires
LEFT JOIN by_arn a ON a.session_arn = c.keyless_arn AND a.created = c.actor."session".created_time_dt`,
}

// issuingCalls is the SQL of issuing_calls: every copy of each issuing
// call, since a cross-account AssumeRole is logged in both accounts. Keys
// (see issuingCallsOf) keeps the calls of some keys only.
var issuingCalls = issuingCallsOf(``)

// issuingCallsOf is issuingCalls of the calls whose issued key passes
// keep, a condition on access_key_id: those of the days the
// issued-session indexes cover, read parsed (cloudtrail_issued), then
// those of the other days, parsed here (parsedIssuingCalls).
func issuingCallsOf(keep string) string {
	return `
	SELECT * FROM cloudtrail_issued WHERE access_key_id IS NOT NULL` + keep + `
	UNION ALL BY NAME` + parsedIssuingCalls("cloudtrail_issuing", keep)
}

// parsedIssuingCalls is the SQL of the issuing calls of the rows of from,
// a view or a subquery of rows of the CloudTrail management table, whose
// issued key passes keep, in the columns of issuedColumns. The key is
// extracted first and keep applied to it before the other columns are:
// the JSON of the rest is then parsed for the calls of those keys alone
// (tracing the 873 sessions near a user with 1,646 AssumeRole calls on a
// lake of 5M events, the statement of 'investigate principal': 13.3 CPU-s
// when every issuing call of the window was parsed, 10.3 with this, on a
// loaded machine).
func parsedIssuingCalls(from, keep string) string {
	return `
	SELECT *, coalesce(nullif(split_part(session_arn, ':', 5), ''), logged_in) AS session_account
	FROM (
		SELECT
			access_key_id,
			coalesce(session_uid, json_extract_string(response_data, '$.federatedUser.arn'),
				CASE WHEN operation = 'GetSessionToken' THEN actor_uid END) AS session_arn,
			CASE WHEN operation = 'GetFederationToken' THEN json_extract_string(request_data, '$.name')
				WHEN operation LIKE 'AssumeRole%' THEN user_name END AS session_name,
			CASE WHEN operation LIKE 'AssumeRole%' THEN user_uid END AS role_arn,
			issuing_event_uid,
			operation AS issuing_operation,
			coalesce(actor_uid, actor_uid_alt, actor_name, invoked_by) AS issuer,
			issuer_type,
			issuer_access_key,
			coalesce(json_extract_string(response_data, '$.sourceIdentity'),
				json_extract_string(request_data, '$.sourceIdentity'),
				unmapped['userIdentity.sessionContext.sourceIdentity']) AS source_identity,
			src_ip,
			user_agent,
			time_dt AS created,
			greatest(time_dt, coalesce(
				CAST(try_strptime(json_extract_string(response_data, '$.credentials.expiration'),
					['%b %d, %Y, %I:%M:%S %p', '%b %d, %Y %I:%M:%S %p', '%Y-%m-%dT%H:%M:%SZ']) AS TIMESTAMPTZ),
				time_dt + to_seconds(coalesce(TRY_CAST(json_extract_string(request_data, '$.durationSeconds') AS BIGINT),
					CASE WHEN operation LIKE 'AssumeRole%' THEN 3600 ELSE 43200 END)))) AS expires,
			logged_in,
			region
		FROM (
			SELECT
				coalesce("session".credential_uid, json_extract_string(api.response."data", '$.credentials.accessKeyId')) AS access_key_id,
				"session".uid AS session_uid, api.response."data" AS response_data, api.request."data" AS request_data,
				api.operation AS operation, actor.user.uid AS actor_uid, actor.user.uid_alt AS actor_uid_alt,
				actor.user.name AS actor_name, actor.invoked_by AS invoked_by, actor.user.type AS issuer_type,
				actor.user.credential_uid AS issuer_access_key, "user".name AS user_name, "user".uid AS user_uid,
				metadata.uid AS issuing_event_uid, unmapped, coalesce(src_endpoint.ip, src_endpoint.domain) AS src_ip,
				http_request.user_agent AS user_agent, time_dt, accountid AS logged_in, region
			FROM ` + from + `
			WHERE api.operation IN ` + issuingOperations() + `
			  AND api.response.error IS NULL
		) AS issuing
		WHERE access_key_id IS NOT NULL` + keep + `
	)`
}

// onePerKey keeps one issuing call per key (see sessionViews).
const onePerKey = `
	QUALIFY row_number() OVER (PARTITION BY access_key_id
		ORDER BY logged_in = session_account DESC, created, issuing_event_uid) = 1`

// tracedSessions is the SQL of the sessions view over issued, rows of
// issued_sessions, after the common table expressions ctes (each ended
// by a comma) that issued may read.
func tracedSessions(ctes, issued string) string {
	return `
WITH RECURSIVE ` + ctes + `issued AS MATERIALIZED (SELECT * FROM ` + issued + `),
hops AS (
	SELECT access_key_id, 1 AS step, issuer_access_key AS up_key, created AS issued_at, issuer, issuer_type, [access_key_id] AS seen,
		{'access_key_id': access_key_id, 'session_arn': session_arn, 'session_name': session_name, 'role_arn': role_arn,
		 'issuing_event_uid': issuing_event_uid, 'issuing_operation': issuing_operation, 'issuer': issuer,
		 'issuer_access_key': issuer_access_key, 'src_ip': src_ip, 'created': created} AS link
	FROM issued
	UNION ALL
	SELECT h.access_key_id, h.step + 1, p.issuer_access_key, p.created, p.issuer, p.issuer_type, list_append(h.seen, p.access_key_id),
		{'access_key_id': p.access_key_id, 'session_arn': p.session_arn, 'session_name': p.session_name, 'role_arn': p.role_arn,
		 'issuing_event_uid': p.issuing_event_uid, 'issuing_operation': p.issuing_operation, 'issuer': p.issuer,
		 'issuer_access_key': p.issuer_access_key, 'src_ip': p.src_ip, 'created': p.created}
	FROM hops h
	JOIN issued p ON p.access_key_id = h.up_key AND h.issued_at BETWEEN p.created AND p.expires
	WHERE h.step < ` + fmt.Sprint(maxSessionHops) + ` AND NOT list_contains(h.seen, p.access_key_id)
),
tops AS (
	SELECT access_key_id, max_by(issuer, step) AS origin, max_by(issuer_type, step) AS origin_type,
		max(step) AS hops, list(link ORDER BY step) AS chain
	FROM hops
	GROUP BY access_key_id
)
SELECT i.session_arn, i.access_key_id, i.session_name, i.role_arn, i.issuing_event_uid, i.issuing_operation,
	i.issuer, i.issuer_type, i.issuer_access_key, i.source_identity, i.src_ip, i.user_agent, i.created, i.expires,
	i.session_account AS account, i.region, t.origin, t.origin_type, t.hops, t.chain
FROM issued i JOIN tops t USING (access_key_id)`
}
