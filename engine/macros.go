package engine

import (
	"strconv"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// trinoMacros define, as DuckDB macros, the Trino functions DuckDB lacks,
// the lh_ helpers the athena dialect rewrites calls to (trino.go) and the
// lh_ helpers the hunts share.
// Macros expand at bind time, so they cost nothing per row beyond the SQL
// they stand for. They avoid "/" on integers: the athena dialect turns on
// integer division, and their meaning must not depend on the dialect.
var trinoMacros = []string{
	// IPADDRESS is text: there is no inet extension offline. Addresses
	// compare as Trino's only through contains() (lh_cidr_contains).
	`CREATE TYPE ipaddress AS VARCHAR`,

	// Dates and times. Trino's from_unixtime(x, zone) is the same instant
	// as from_unixtime(x); DuckDB's TIMESTAMPTZ carries no zone per value.
	`CREATE MACRO from_unixtime(x) AS to_timestamp(x), (x, zone) AS to_timestamp(x)`,
	`CREATE MACRO to_unixtime(ts) AS epoch(ts)`,
	`CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
	`CREATE MACRO from_iso8601_date(s) AS CAST(s AS DATE)`,
	`CREATE MACRO day_of_week(ts) AS isodow(ts)`,
	`CREATE MACRO day_of_year(ts) AS dayofyear(ts)`,
	`CREATE MACRO lh_date_add(unit, n, ts) AS ts + CASE lower(unit)
		WHEN 'millisecond' THEN to_milliseconds(n)
		WHEN 'second' THEN to_seconds(n)
		WHEN 'minute' THEN to_minutes(n)
		WHEN 'hour' THEN to_hours(n)
		WHEN 'day' THEN to_days(CAST(n AS INTEGER))
		WHEN 'week' THEN to_weeks(CAST(n AS INTEGER))
		WHEN 'month' THEN to_months(CAST(n AS INTEGER))
		WHEN 'quarter' THEN to_months(CAST(n AS INTEGER) * 3)
		WHEN 'year' THEN to_years(CAST(n AS INTEGER))
		ELSE error('date_add: unknown unit ' || unit) END`,

	// Aggregates.
	`CREATE MACRO approx_distinct(x) AS approx_count_distinct(x), (x, max_error) AS approx_count_distinct(x)`,
	`CREATE MACRO approx_percentile(x, p) AS approx_quantile(x, p)`,
	`CREATE MACRO every(x) AS bool_and(x)`,

	// Strings and regular expressions.
	`CREATE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)`,
	`CREATE MACRO regexp_count(s, pattern) AS len(regexp_extract_all(s, pattern))`,
	`CREATE MACRO regexp_split(s, pattern) AS regexp_split_to_array(s, pattern)`,
	`CREATE MACRO lh_regexp_extract(s, pattern, grp) AS
		CASE WHEN regexp_matches(s, pattern) THEN regexp_extract(s, pattern, grp) END`,
	`CREATE MACRO lh_split_part(s, delim, n) AS
		CASE WHEN n = 1 OR n <= 1 + (length(s) - length(replace(s, delim, ''))) // greatest(length(delim), 1)
		THEN split_part(s, delim, n) END`,

	// JSON: Trino gives NULL where DuckDB raises an error on malformed text,
	// and json_extract_scalar gives NULL for objects and arrays.
	`CREATE MACRO lh_json_extract(j, path) AS CASE WHEN json_valid(j) THEN json_extract(j, path) END`,
	`CREATE MACRO json_extract_scalar(j, path) AS CASE WHEN json_valid(j) THEN list_transform([json_extract(j, path)],
		v -> CASE WHEN json_type(v) NOT IN ('OBJECT', 'ARRAY') THEN json_extract_string(v, '$') END)[1] END`,
	`CREATE MACRO json_parse(s) AS json(s)`,
	`CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)`,

	// Arrays. Trino's any_match/all_match/none_match are three-valued:
	// NULL when no element decides and some predicate is NULL.
	`CREATE MACRO array_join(xs, sep) AS array_to_string(xs, sep),
		(xs, sep, null_text) AS array_to_string(list_transform(xs, e -> coalesce(CAST(e AS VARCHAR), null_text)), sep)`,
	`CREATE MACRO array_max(xs) AS list_max(xs)`,
	`CREATE MACRO array_min(xs) AS list_min(xs)`,
	`CREATE MACRO arrays_overlap(a, b) AS list_has_any(a, b)`,
	`CREATE MACRO sequence(a, b) AS generate_series(a, b), (a, b, step) AS generate_series(a, b, step)`,
	`CREATE MACRO lh_array_position(xs, x) AS CASE WHEN xs IS NOT NULL THEN coalesce(list_position(xs, x), 0) END`,
	`CREATE MACRO lh_any_match(matches) AS list_transform([matches], bs -> CASE
		WHEN list_bool_or(bs) THEN true
		WHEN list_count(bs) < len(bs) THEN NULL
		WHEN bs IS NOT NULL THEN false END)[1]`,
	`CREATE MACRO lh_all_match(matches) AS list_transform([matches], bs -> CASE
		WHEN list_bool_or(list_transform(bs, b -> NOT b)) THEN false
		WHEN list_count(bs) < len(bs) THEN NULL
		WHEN bs IS NOT NULL THEN true END)[1]`,
	`CREATE MACRO lh_none_match(matches) AS list_transform([matches], bs -> CASE
		WHEN list_bool_or(bs) THEN false
		WHEN list_count(bs) < len(bs) THEN NULL
		WHEN bs IS NOT NULL THEN true END)[1]`,

	// Evidence is the earliest values of x by time t, ties broken by x
	// itself: CloudTrail times have a second's precision, so a burst ties
	// by the hundred, and min_by(x, t, n) alone picks any of the tied
	// events, differing from run to run. Every hunt names its evidence
	// through this one definition.
	`CREATE MACRO lh_earliest(x, t) AS min_by(x, (t, x)), (x, t, n) AS min_by(x, (t, x), n)`,

	// A finding's evidence_uids: the earliest MaxEvidence uids x by time t,
	// or, where one linking event (the role created, the key issued) leads
	// the evidence, its uid first and the earliest of the rest after it.
	`CREATE MACRO lh_evidence(x, t) AS lh_earliest(x, t, ` + strconv.Itoa(result.MaxEvidence) + `),
		(first, x, t) AS list_prepend(first, lh_earliest(x, t, ` + strconv.Itoa(result.MaxEvidence-1) + `))`,

	// A finding's actor: who made the call, the same text in every hunt
	// (and in investigations' principals), so that findings of one actor
	// group and join. The argument is the whole actor struct (actor, or
	// c.actor under an alias); the scan still reads only these fields.
	`CREATE MACRO lh_actor(actor) AS coalesce(actor.user.uid, actor.user.name, actor.invoked_by, actor.user.account.uid)`,

	// The principal behind an actor's text (lh_actor): an assumed role's
	// session ARN names its role, whose sessions share one history in the
	// baseline hunts; any other text is its own principal.
	`CREATE MACRO lh_principal(who) AS regexp_replace(who, '^(arn:[^:]+:sts::[0-9]+:assumed-role/[^/]+)/.*$', '\1')`,

	// The n most frequent values of x with their counts, most frequent
	// first and ties by value, joined by sep (", " when not given):
	// "DeleteTrail x3, StopLogging". A summary names what a finding holds
	// without growing with it.
	`CREATE MACRO lh_top(x, n) AS array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(x)),
		e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, n), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', '),
		(x, n, sep) AS array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(x)),
		e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, n), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), sep)`,

	// The tail of a finding's summary that says where its events came from,
	// each part led by sep: "<sep>from 12 addresses in 203.0.113.0/24 (top:
	// 203.0.113.7 x40, ...)" when there are several addresses (the /24 only
	// when they all share one, the top five with counts), "<sep>in 3
	// regions: a, b, c" when there are several regions; '' for one of each.
	// A finding is one actor's stretch whatever the addresses and regions,
	// and this is where they are told. NULL for ip or region leaves that
	// part out.
	`CREATE MACRO lh_spread(ip, region, sep) AS concat(
		CASE WHEN count(DISTINCT ip) > 1 THEN concat(sep, 'from ', CAST(count(DISTINCT ip) AS VARCHAR), ' addresses',
			CASE WHEN count(DISTINCT regexp_extract(ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) = 1 AND max(regexp_extract(ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) <> ''
				THEN concat(' in ', max(regexp_extract(ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)), '.0/24') ELSE '' END,
			' (top: ', lh_top(ip, 5), ')') ELSE '' END,
		CASE WHEN count(DISTINCT region) > 1 THEN concat(sep, 'in ', CAST(count(DISTINCT region) AS VARCHAR), ' regions: ',
			array_to_string(list(DISTINCT region ORDER BY region), ', ')) ELSE '' END)`,

	// The successful calls to service (api.service.name) among the
	// CloudTrail rows of the table events ('cloudtrail', or
	// 'cloudtrail_all' for data events) in [window_start, window_end):
	// where most hunts start, adding their own conditions in a WHERE.
	`CREATE MACRO lh_succeeded_calls(events, window_start, window_end, service) AS TABLE
SELECT *
FROM query_table(events)
WHERE time_dt >= window_start AND time_dt < window_end
  AND api.service.name = service
  AND api.response.error IS NULL`,

	// The CloudTrail rows of the table named events with their bulky
	// structs cut to the fields the finding macros and the threshold hunts
	// read: metadata.uid; actor.user's type, name, uid, account.uid and
	// credential_uid, actor.session.issuer, actor.invoked_by; api.operation, api.service.name,
	// api.response's error and message; src_endpoint.ip. A hunt passes its
	// rows through it before a CTE that it reads twice or more: DuckDB
	// 1.5.6 materializes such a CTE and leaves out the columns nobody
	// reads, but not the fields of a struct, so a "SELECT *" there decodes
	// whole records, request and response JSON included
	// (access_denied_burst over the medium bench's month: 2.66-2.84 s,
	// 1.47-1.65 s narrowed, the same findings; 'hunt run' alone on the
	// 2-core Intel Xeon).
	// A hunt that reads a field left out fails to bind, never silently.
	// Filter first and narrow after: a filter on a narrowed field is not
	// pushed into the Parquet scan (StopLogging counted through the macro
	// over the medium month: 0.30 s, against 0.17 s on cloudtrail).
	`CREATE MACRO lh_finding_rows(events) AS TABLE
SELECT * REPLACE (
    {'uid': metadata.uid} AS metadata,
    {'user': {'type': actor.user.type, 'name': actor.user.name, 'uid': actor.user.uid,
              'account': {'uid': actor.user.account.uid}, 'credential_uid': actor.user.credential_uid},
     'session': {'issuer': actor.session.issuer}, 'invoked_by': actor.invoked_by} AS actor,
    {'operation': api.operation, 'service': {'name': api.service.name},
     'response': {'error': api.response.error, 'message': api.response.message}} AS api,
    {'ip': src_endpoint.ip} AS src_endpoint)
FROM query_table(events)`,

	// The root user's own calls (not AWS services' on its behalf) among the
	// CloudTrail rows of the table events ('cloudtrail_all': the whole
	// trail) in [window_start, window_end), each with routine_read: a
	// successful read that is not of a secret or credential, from an
	// address root used in the baseline [baseline_start, window_start).
	// root_account_used reports the others, root_account_routine_reads
	// these. Its rows are lh_finding_rows': root_calls is read twice.
	`CREATE MACRO lh_root_calls(events, baseline_start, window_start, window_end) AS TABLE
WITH root_events AS (
    SELECT *
    FROM query_table(events)
    WHERE time_dt >= baseline_start AND time_dt < window_end
      AND actor.user.type = 'Root'
      AND coalesce(metadata.event_code, '') <> 'AwsServiceEvent'
      AND actor.invoked_by IS NULL
),
root_calls AS (
    FROM lh_finding_rows('root_events')
)
SELECT *,
    regexp_matches(coalesce(api.operation, ''), '^(Describe|List|Head|Lookup|Search|Get)')
    AND NOT regexp_matches(api.operation, '^Get(SecretValue|Parameters?|ParametersByPath|PasswordData|SessionToken|FederationToken|SigninToken|AuthorizationToken|CredentialReport|.*Credentials?)$')
    AND api.response.error IS NULL
    AND EXISTS (SELECT 1 FROM root_calls b
                WHERE b.time_dt < window_start AND b.accountid = r.accountid AND b.src_endpoint.ip = r.src_endpoint.ip) AS routine_read
FROM root_calls r
WHERE time_dt >= window_start`,

	// The successful IAM calls among operations that name a user in their
	// request (CreateAccessKey, CreateLoginProfile...) among the CloudTrail
	// rows of the table events in [window_start, window_end), each with
	// target_user, for_another (the user is not the caller) and routine: a
	// call for another user where the baseline [baseline_start,
	// window_start) holds such a call in the account by the same actor, or
	// for the same user by anyone, unless the user is new to the account
	// (created in the window before the call, never in the baseline). An
	// administrator who resets passwords or rotates service users' keys
	// every week does it again. An actor doing it for the first time, a
	// user nobody had credentials issued for, anything without history,
	// and the first credentials of a new user, whoever gives them, are not
	// routine: CreateUser then CreateAccessKey is how a stolen
	// administrator's key leaves a backdoor (the generated month's planted
	// intrusion, by a user who had issued keys to others before).
	`CREATE MACRO lh_iam_user_calls(events, operations, baseline_start, window_start, window_end) AS TABLE
WITH calls AS (
    SELECT *, target_user IS NOT NULL AND target_user IS DISTINCT FROM actor.user.name
              AND NOT ends_with(coalesce(actor.user.uid, ''), concat('/', target_user)) AS for_another
    FROM (SELECT *, json_extract_string(api.request.data, '$.userName') AS target_user
          FROM query_table(events)
          WHERE time_dt >= baseline_start AND time_dt < window_end
            AND api.service.name = 'iam.amazonaws.com'
            AND list_contains(operations, api.operation)
            AND api.response.error IS NULL)
),
history AS (
    SELECT accountid, lh_actor(actor) AS who, target_user
    FROM calls
    WHERE time_dt < window_start AND for_another
),
created AS (
    SELECT accountid, json_extract_string(api.request.data, '$.userName') AS user_name, time_dt AS created_at
    FROM query_table(events)
    WHERE time_dt >= baseline_start AND time_dt < window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation = 'CreateUser'
      AND api.response.error IS NULL
)
SELECT *,
    for_another
    AND NOT (EXISTS (SELECT 1 FROM created u WHERE u.accountid = c.accountid AND u.user_name = c.target_user
                                              AND u.created_at >= window_start AND u.created_at <= c.time_dt)
             AND NOT EXISTS (SELECT 1 FROM created u WHERE u.accountid = c.accountid AND u.user_name = c.target_user
                                                  AND u.created_at < window_start))
    AND (EXISTS (SELECT 1 FROM history h WHERE h.accountid = c.accountid AND h.who = lh_actor(c.actor))
                     OR EXISTS (SELECT 1 FROM history h WHERE h.accountid = c.accountid AND h.target_user = c.target_user)) AS routine
FROM calls c
WHERE time_dt >= window_start`,

	// The rows of the table named events (a hunt's CTE of CloudTrail rows)
	// with the number of their actor's stretch: a finding is one actor's
	// stretch of time, and a pause longer than gap between who's events
	// (who is lh_actor(actor) but where a hunt groups otherwise) starts the
	// next. The hunt groups by accountid, who and stretch.
	`CREATE MACRO lh_stretches(events, who, gap) AS TABLE
SELECT *, count(*) FILTER (WHERE opens) OVER (PARTITION BY accountid, who ORDER BY time_dt) AS stretch
FROM (SELECT *, coalesce(time_dt - lag(time_dt) OVER (PARTITION BY accountid, who ORDER BY time_dt) > gap, true) AS opens
      FROM query_table(events))`,

	// lh_stretches for a threshold hunt: only the rows of events inside
	// some span that reaches its threshold (hits: the span ending at this
	// row does), so that who's steady activity before and after a burst
	// stays out of the finding and its evidence. A pause longer than both
	// gap and span starts the next stretch. Every stretch holds a row where
	// hits, so the hunt needs no HAVING that repeats its threshold.
	`CREATE MACRO lh_bursts(events, who, hits, span, gap) AS TABLE
WITH bursting AS (
    SELECT * FROM (SELECT *, bool_or(hits) OVER (PARTITION BY accountid, who ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND span FOLLOWING) AS in_burst
                   FROM query_table(events))
    WHERE in_burst
)
FROM lh_stretches('bursting', who, greatest(gap, span))`,

	// The findings of a hunt that groups one actor's events by key, whose
	// table events holds its CloudTrail rows: one finding per account,
	// lh_actor(actor) and key ([] for one per actor), its src_ip and region
	// those of its first event, summarised by summary (the hunt's own
	// words, an expression over the finding's rows, most often ending in
	// lh_spread).
	`CREATE MACRO lh_actor_findings(events, key, summary) AS TABLE
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    lh_actor(actor) AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    summary AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM query_table(events)
GROUP BY accountid, lh_actor(actor), key
ORDER BY first_time`,

	// The findings of a hunt that groups one actor's events into stretches,
	// whose table stretches holds the CloudTrail rows of lh_stretches or
	// lh_bursts by lh_actor(actor): lh_actor_findings, one per stretch.
	`CREATE MACRO lh_stretch_findings(stretches, summary) AS TABLE
FROM lh_actor_findings(stretches, stretch, summary)`,

	// The user agents of the rows of events in [window_start, window_end)
	// that match pattern, each agent matched once: over the medium bench's
	// month of 5M calls and 223 agents, matching every call took a pattern
	// hunt 1.2-1.4 s against 0.2-0.6 s this way ('hunt run', 2-core AMD
	// EPYC). DuckDB pushes a filter on the rows of a plain DISTINCT back
	// into the scan, where it tests every call; on unnest(list(DISTINCT))
	// it cannot.
	`CREATE MACRO lh_user_agents_matching(events, window_start, window_end, pattern) AS TABLE
SELECT agent
FROM (
    SELECT unnest(list(DISTINCT http_request.user_agent)) AS agent
    FROM query_table(events)
    WHERE time_dt >= window_start AND time_dt < window_end
)
WHERE regexp_matches(agent, pattern)`,

	// The findings of a filter hunt, whose table events holds the CloudTrail
	// rows that match, and what says what each one did: lh_stretch_findings
	// of the actor's stretches, summarised by their top whats with counts
	// ("; and N more" past top) and lh_spread. The hunt holds only which
	// events and what.
	`CREATE MACRO lh_filter_findings(events, gap, what, top := 8) AS TABLE
WITH stretched AS (
    FROM lh_stretches(events, lh_actor(actor), gap)
)
FROM lh_stretch_findings('stretched',
    concat(CASE WHEN count(DISTINCT what) = 1 THEN min(what) ELSE lh_top(what, top, '; ') END,
           CASE WHEN count(DISTINCT what) > top THEN concat('; and ', CAST(count(DISTINCT what) - top AS VARCHAR), ' more') ELSE '' END,
           lh_spread(src_endpoint.ip, region, ' | ')))`,

	// The findings of a filter hunt about one object by design (a
	// function's layers, a security group's rules), whose table events
	// holds the CloudTrail rows that match, and what says what was done to
	// which object: one finding per account, region, actor, source address
	// and what, summarised by what.
	`CREATE MACRO lh_object_findings(events, what) AS TABLE
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    what AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM query_table(events)
GROUP BY ALL
ORDER BY first_time`,

	// The findings of a hunt that groups by values rather than by the
	// actor's stretches (an imported Sigma correlation's group-by fields;
	// a bucket, a key or a time bucket, with lh_actor(actor) among them
	// for one finding per actor), whose table hits holds its evidence
	// rows: one finding per account and key (a list of the group's
	// values, a row() where their types differ, [] for one group) where
	// keep holds (an expression over the
	// group's rows, the hunt's threshold), its region, actor and src_ip
	// the least of its rows', summarised by summary (an expression over
	// the finding's rows; min() of a key's value names it).
	`CREATE MACRO lh_group_findings(hits, key, summary, keep := true) AS TABLE
SELECT min(time_dt) AS first_time, max(time_dt) AS last_time, accountid AS account,
       min(region) AS region, min(lh_actor(actor)) AS actor, min(src_endpoint.ip) AS src_ip,
       summary AS summary, count(*) AS event_count,
       lh_evidence(metadata.uid, time_dt) AS evidence_uids, count(metadata.uid) AS evidence_total
FROM query_table(hits)
GROUP BY accountid, key
HAVING keep
ORDER BY first_time`,

	// The findings of a burst hunt, whose table calls holds the CloudTrail
	// calls it counts: more than min_calls of one actor's calls within a
	// span (lh_bursts, lh_stretch_findings), summarised by the peak, the
	// operations called with counts and lh_spread. The hunt holds only
	// which calls count.
	`CREATE MACRO lh_call_bursts(calls, span, min_calls, gap) AS TABLE
WITH counted AS (
    SELECT *,
           count(*) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN span PRECEDING AND CURRENT ROW) AS in_span
    FROM query_table(calls)
),
bursts AS (
    FROM lh_bursts('counted', lh_actor(actor), in_span > min_calls, span, gap)
)
FROM lh_stretch_findings('bursts',
    concat(CAST(max(in_span) AS VARCHAR), ' calls within ', CAST(span AS VARCHAR), ' (', CAST(count(*) AS VARCHAR), ' in all) to ',
           CAST(count(DISTINCT api.operation) AS VARCHAR), CASE WHEN count(DISTINCT api.operation) = 1 THEN ' operation: ' ELSE ' operations: ' END,
           lh_top(api.operation, 10), lh_spread(src_endpoint.ip, region, ', ')))`,

	// The rows of calls (a sequence hunt's CTE of CloudTrail calls) that
	// make a sequence: a row where leads with a row where not within
	// max_gap after it, from the same who, or a row where not with a row
	// where leads at most max_gap before it. RANGE frames take calls of the
	// same second, which CloudTrail cannot order, as both before and after.
	`CREATE MACRO lh_then(calls, who, leads, max_gap) AS TABLE
SELECT * FROM (
    SELECT *,
           max(time_dt) FILTER (WHERE leads) OVER (PARTITION BY accountid, who ORDER BY time_dt
                                                   RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS led_before,
           min(time_dt) FILTER (WHERE NOT leads) OVER (PARTITION BY accountid, who ORDER BY time_dt
                                                       RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS followed_after
    FROM query_table(calls)
)
WHERE (leads AND followed_after <= time_dt + max_gap)
   OR (NOT leads AND led_before >= time_dt - max_gap)`,

	// Whom a sharing call shares with beyond the owner account, from the
	// groups and the accounts it adds (lists; RDS names the group all
	// among the accounts, so passes its list as both): 'everyone' for the
	// group all, else the accounts added; NULL when it adds no one else.
	`CREATE MACRO lh_shared_beyond(groups, accounts, owner) AS CASE
		WHEN list_contains(groups, 'all') THEN 'everyone'
		WHEN len(list_filter(accounts, a -> a <> owner)) > 0 THEN array_to_string(accounts, ', ') END`,

	// lh_shared_beyond of an EC2 permission change (ModifyImageAttribute's
	// launchPermission, ModifySnapshotAttribute's createVolumePermission,
	// passed as that JSON object).
	`CREATE MACRO lh_shared_with(permission, owner) AS list_transform([permission],
		p -> lh_shared_beyond(json_extract_string(p, '$.add.items[*].group'), json_extract_string(p, '$.add.items[*].userId'), owner))[1]`,

	// The successful EC2 calls of operation among the CloudTrail rows of
	// the table events in [window_start, window_end) whose permission
	// attribute (a JSON path into the request) shares the object beyond
	// the owner account, with whom as shared_with (lh_shared_with): the
	// AMI and EBS snapshot sharing hunts differ only in these and in how
	// they name the object.
	`CREATE MACRO lh_ec2_shares(events, window_start, window_end, operation, permission) AS TABLE
SELECT *, lh_shared_with(json_extract(api.request.data, permission), accountid) AS shared_with
FROM lh_succeeded_calls(events, window_start, window_end, 'ec2.amazonaws.com')
WHERE api.operation = operation
  AND shared_with IS NOT NULL`,

	// The statements of an IAM policy document (JSON), a list whether its
	// Statement is one object or an array of them; [] for no document.
	`CREATE MACRO lh_policy_statements(doc) AS CASE json_type(doc, '$.Statement')
		WHEN 'ARRAY' THEN json_extract(doc, '$.Statement[*]')
		WHEN 'OBJECT' THEN [json_extract(doc, '$.Statement')]
		ELSE [] END`,

	// Whether an IAM policy document allows full administration: a
	// statement that allows every action, or every IAM action (which can
	// grant itself the rest), on every resource.
	`CREATE MACRO lh_policy_allows_all(doc) AS len(list_filter(lh_policy_statements(doc),
		s -> json_extract_string(s, '$.Effect') = 'Allow'
		     AND (json_extract_string(s, '$.Action') = '*' OR list_contains(json_extract_string(s, '$.Action[*]'), '*')
		          OR json_extract_string(s, '$.Action') = 'iam:*' OR list_contains(json_extract_string(s, '$.Action[*]'), 'iam:*'))
		     AND (json_extract_string(s, '$.Resource') = '*' OR list_contains(json_extract_string(s, '$.Resource[*]'), '*')))) > 0`,

	// Evidence names a flow by this text: VPC Flow Logs give flows no event
	// uid, and every hunt (and any investigation matching flow evidence)
	// must name the same flow identically. Whole structs as arguments keep
	// the calls short; the Parquet scan still reads only the fields used.
	// "time" is quoted because it is a reserved word as a parameter name.
	// A NODATA record's "-" addresses (kept as Security Lake keeps them)
	// name no address, as in lakes written before lakehunt kept them.
	`CREATE MACRO lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, "time") AS coalesce(metadata.uid,
		concat(coalesce(src_endpoint.interface_uid, dst_endpoint.interface_uid, '-'), '@', "time",
			' ', nullif(src_endpoint.ip, '-'), ':', src_endpoint.port, '>', nullif(dst_endpoint.ip, '-'), ':', dst_endpoint.port, '/', connection_info.protocol_num))`,

	// The UTC hour of an instant t as a number of hours since 1970: the
	// same buckets as date_trunc('hour', t) for instants after 1970, which
	// on a TIMESTAMPTZ goes through ICU per row and cost about 8 CPU-s per
	// use over the medium bench's 50 million flows, against under 1 (2-core
	// Intel Xeon). Hour buckets of flow hunts are this number.
	`CREATE MACRO lh_hour(t) AS epoch_us(t) // 3600000000`,
	// The instant an lh_hour bucket h starts. A hunt that reads the flows
	// of some hours again bounds that read by its first and last hour
	// (time_dt >= (SELECT lh_hour_start(min(hour)) ...)): DuckDB turns the
	// bound into a filter of the scan, which skips the row groups outside
	// it by their time_dt statistics.
	`CREATE MACRO lh_hour_start(h) AS make_timestamptz(h * 3600000000)`,

	// The actor of a flow: its source instance, else its interface, else
	// its address. VPC flow findings name their actor by this one text.
	`CREATE MACRO lh_flow_actor(src_endpoint) AS coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip)`,

	// The findings of a VPC flow hunt about a source, whose table flows
	// holds the flow records that match: one finding per account, region,
	// source address and values of key1 and key2 (such as the port swept
	// and the hour; NULL for none) where keep holds (an expression over the
	// group's flows, the hunt's threshold), its actor lh_flow_actor,
	// summarised by summary (the hunt's own words, an expression over the
	// finding's flows, which may name the keys). Evidence names each flow
	// by lh_flow_uid.
	`CREATE MACRO lh_flow_source_findings(flows, key1, key2, summary, keep := true) AS TABLE
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    region AS region,
    lh_flow_actor(src_endpoint) AS actor,
    src_endpoint.ip AS src_ip,
    summary AS summary,
    count(*) AS event_count,
    lh_evidence(lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time), time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM query_table(flows)
GROUP BY accountid, region, src_endpoint.ip, actor, key1, key2
HAVING keep
ORDER BY first_time`,

	// The findings of a VPC flow hunt about connections:
	// lh_flow_source_findings, one per destination address and service
	// (the destination port or the protocol; NULL for one per pair of
	// addresses) where keep holds. Flows between two addresses are one
	// object, not an actor's stretch.
	`CREATE MACRO lh_flow_findings(flows, service, summary, keep := true) AS TABLE
FROM lh_flow_source_findings(flows, dst_endpoint.ip, service, summary, keep := keep)`,

	// Whether an address is private: RFC 1918, loopback, link-local,
	// carrier-grade NAT (100.64.0.0/10) and IPv6 unique-local, link-local
	// and loopback. VPC flow hunts tell the inside of a network from the
	// internet by this one list.
	// The list is lake.PrivateIPPattern, which the flow summaries use too.
	`CREATE MACRO lh_private_ip(ip) AS regexp_matches(ip, '` + lake.PrivateIPPattern + `')`,

	// CIDR containment over IPv4 and IPv6. Like Trino, every address is
	// placed in the IPv6 space (IPv4 as ::ffff:a.b.c.d, an IPv4 prefix /n as
	// /n+96) and compared as a 128-bit integer; text that is not an address
	// gives NULL instead of Trino's cast error.
	//
	// A macro argument used twice is expanded twice, so nested macros grow
	// exponentially (binding took seconds); list_transform([x], v -> ...)[1]
	// binds a value to a name once instead.
	`CREATE MACRO lh_ipv4_number(s) AS list_transform(
		[regexp_extract(s, '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$', ['a', 'b', 'c', 'd'])],
		o -> CASE WHEN o.a <> '' THEN (CAST(o.a AS UHUGEINT) << 24) | (CAST(o.b AS UHUGEINT) << 16) | (CAST(o.c AS UHUGEINT) << 8) | CAST(o.d AS UHUGEINT) END)[1]`,
	// An IPv6 address may end in dotted IPv4 (::ffff:10.1.2.3): make that two hextets.
	`CREATE MACRO lh_ipv6_dotted_tail(s) AS list_transform([s], v -> CASE
		WHEN NOT contains(v, '.') THEN v
		ELSE list_transform([lh_ipv4_number(regexp_extract(v, '[^:]*$'))],
			n -> regexp_extract(v, '^(.*:)', 1) || printf('%x:%x', CAST(n >> 16 AS INTEGER), CAST(n & 65535 AS INTEGER)))[1] END)[1]`,
	`CREATE MACRO lh_ipv6_split(part) AS CASE WHEN part = '' THEN []::VARCHAR[] ELSE string_split(part, ':') END`,
	// Expand "::" to the missing zero hextets (at least one).
	`CREATE MACRO lh_ipv6_hextets(s) AS list_transform([string_split(s, '::')], parts -> CASE
		WHEN len(parts) = 1 THEN string_split(parts[1], ':')
		WHEN len(parts) = 2 THEN list_transform([[lh_ipv6_split(parts[1]), lh_ipv6_split(parts[2])]], ht -> CASE
			WHEN len(ht[1]) + len(ht[2]) < 8 THEN list_concat(ht[1], list_transform(range(8 - len(ht[1]) - len(ht[2])), z -> '0'), ht[2]) END)[1]
		END)[1]`,
	`CREATE MACRO lh_hextets_number(hextets) AS list_transform([hextets], hs -> CASE
		WHEN len(hs) = 8 AND list_bool_and(list_transform(hs, h -> regexp_full_match(h, '[0-9a-f]{1,4}')))
		THEN list_reduce(list_transform(hs, h -> CAST(CAST('0x' || h AS INTEGER) AS UHUGEINT)), (acc, h) -> (acc << 16) | h) END)[1]`,
	`CREATE MACRO lh_ip_number(s) AS list_transform([s], a -> CASE
		WHEN contains(a, ':') THEN lh_hextets_number(lh_ipv6_hextets(lh_ipv6_dotted_tail(lower(a))))
		ELSE CAST(281470681743360 AS UHUGEINT) | lh_ipv4_number(a) END)[1]`,
	`CREATE MACRO lh_prefix_bits(net) AS list_transform([regexp_extract(net, '^([^/]+)/([0-9]{1,3})$', ['addr', 'bits'])], p -> CASE
		WHEN p.bits = '' THEN NULL
		WHEN contains(p.addr, ':') THEN CASE WHEN CAST(p.bits AS INTEGER) <= 128 THEN CAST(p.bits AS INTEGER) END
		WHEN CAST(p.bits AS INTEGER) <= 32 THEN CAST(p.bits AS INTEGER) + 96 END)[1]`,
	`CREATE MACRO lh_cidr_contains(net, ip) AS list_transform(
		[{'bits': lh_prefix_bits(net), 'net': lh_ip_number(split_part(net, '/', 1)), 'ip': lh_ip_number(ip)}],
		c -> (c.ip >> CAST(128 - c.bits AS UHUGEINT)) = (c.net >> CAST(128 - c.bits AS UHUGEINT)))[1]`,
}
