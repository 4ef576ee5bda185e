-- id: role_assumed_with_several_user_agents
-- title: Role session assumed with several user agents
-- description: The same principal assumed the same role with more than one distinct
--   user agent and from more than one IP address within one $span bucket, AWS Internal
--   excluded (Panther "role assumes by multiple user agents"): the role's credentials
--   used from two different tools on two different machines at about the same time.
--   One person switching between the console and the CLI from one address is not
--   counted: over a month of generated activity that alone made 20,864 findings.
--   Info, and tactics as ATT&CK files T1550.001 (Defense Evasion, Lateral Movement; it
--   was low and also Initial Access): people on SSO hop between console, CLI and
--   laptops all day, and as a low finding with three tactics this hunt raised 41
--   ordinary incidents of a generated week to medium. It is context for an incident,
--   not a step of one.
-- severity: info
-- tactics: TA0005, TA0008
-- techniques: T1550.001
-- source: cloudtrail
-- logic: threshold
-- covers: panther_role_assume_multiple_ua
-- tags: sts, roles
-- param: span:duration=1h | Length of the time buckets counted in.
WITH assumes AS NOT MATERIALIZED (
    SELECT *, coalesce(actor.user.uid, actor.user.uid_alt) AS assumer, json_extract_string(api.request.data, '$.roleArn') AS role_arn,
           time_bucket($span, time_dt) AS bucket
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'sts.amazonaws.com'
      AND api.operation = 'AssumeRole'
      AND coalesce(actor.user.uid, actor.user.uid_alt) IS NOT NULL
      AND http_request.user_agent IS NOT NULL
      AND http_request.user_agent <> 'AWS Internal'
      AND json_extract_string(api.request.data, '$.roleArn') IS NOT NULL
),
suspects AS (
    -- Buckets are picked first and described second, and picked without
    -- DISTINCT aggregates, which DuckDB cannot spill: over the medium
    -- bench's month the 183k buckets' DISTINCT counts and lists ran out of
    -- the half gigabyte DuckDB gets under --memory-limit 1GB. Two distinct
    -- values are there exactly when the least and the greatest differ.
    -- The whole actor is a key, as it always was: sessions of one assumer
    -- are counted apart.
    SELECT accountid, actor, role_arn, bucket
    FROM assumes
    GROUP BY ALL
    HAVING min(http_request.user_agent) <> max(http_request.user_agent) AND min(src_endpoint.ip) <> max(src_endpoint.ip)
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    assumer AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat('role ', regexp_extract(role_arn, '[^/]+$'), ' assumed with ',
           CAST(count(DISTINCT http_request.user_agent) AS VARCHAR), ' user agents from ',
           CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' addresses: ',
           array_to_string(list_slice(list(DISTINCT http_request.user_agent ORDER BY http_request.user_agent), 1, 4), ' | ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM assumes a
SEMI JOIN suspects s ON a.accountid IS NOT DISTINCT FROM s.accountid AND a.actor IS NOT DISTINCT FROM s.actor AND a.role_arn = s.role_arn AND a.bucket = s.bucket
GROUP BY accountid, actor, assumer, role_arn, bucket
ORDER BY first_time
