-- id: access_denied_burst
-- title: Burst of authorization failures by one identity
-- description: At least $min_failures calls failing with AccessDenied or
--   UnauthorizedOperation by one IAM user or role session within any $span, excluding
--   calls made by AWS services (Sentinel "IAM AccessDenied discovery events", Sumo Logic
--   authorization failures): stolen credentials probing what they may do. One finding
--   covers the actor's whole stretch of denied calls, from however many source
--   addresses: an intruder rotating addresses inside a network is one finding.
-- severity: medium
-- tactics: TA0007
-- techniques: T1580, T1087.004
-- source: cloudtrail
-- logic: threshold
-- covers: aws_iam_accessdenied_discovery, sumo_authorization_failures
-- tags: access-denied, discovery, sumo
-- param: min_failures:int=5 | Denied calls within the span that make a finding.
-- param: span:duration=1h | Length of the sliding span the failures are counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH denied AS (
    SELECT *,
           count(*) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (api.response.error IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation')
           OR api.response.message IN ('Access Denied', 'AccessDenied'))
      AND actor.user.type IN ('IAMUser', 'AssumedRole', 'FederatedUser', 'Root')
      AND NOT ends_with(coalesce(http_request.user_agent, ''), '.amazonaws.com')
),
-- A stretch holds only the events inside some span that reaches the
-- threshold: the actor's steady activity before and after a burst stays
-- out of the finding and its evidence.
hot AS (
    SELECT *,
           bool_or(in_span >= $min_failures) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND $span FOLLOWING) AS in_burst
    FROM denied
),
paced AS (
    SELECT *,
           coalesce(time_dt - lag(time_dt) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt) > greatest($gap, $span), true) AS opens
    FROM hot
    WHERE in_burst
),
-- One finding per actor and stretch of time, whatever the addresses,
-- regions and operations: a pause longer than $gap between the actor's
-- events starts the next stretch. src_ip and region are those of the
-- stretch's first event; the summary counts the rest.
stretches AS (
    SELECT *,
           count(*) FILTER (WHERE opens) OVER (PARTITION BY accountid, lh_actor(actor) ORDER BY time_dt) AS stretch
    FROM paced
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    lh_actor(actor) AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' denied calls to ', CAST(count(DISTINCT api.operation) AS VARCHAR), ' operations',
           CASE WHEN count(DISTINCT src_endpoint.ip) > 1 THEN concat(' from ', CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' addresses',
                CASE WHEN count(DISTINCT regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) = 1 AND max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)) <> ''
                     THEN concat(' in ', max(regexp_extract(src_endpoint.ip, '^(\d+\.\d+\.\d+)\.\d+$', 1)), '.0/24') ELSE '' END,
                ' (top: ', array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(src_endpoint.ip)),
                e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 5), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', '), ')') ELSE '' END,
           CASE WHEN count(DISTINCT region) > 1 THEN concat(' in ', CAST(count(DISTINCT region) AS VARCHAR), ' regions: ',
                array_to_string(list(DISTINCT region ORDER BY region), ', ')) ELSE '' END,
           ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), '): ',
           array_to_string(list_transform(list_slice(list_sort(list_transform(map_entries(histogram(api.operation)),
                e -> {'n': -CAST(e.value AS BIGINT), 'k': e.key})), 1, 8), e -> e.k || CASE WHEN e.n < -1 THEN concat(' x', -e.n) ELSE '' END), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM stretches
GROUP BY accountid, lh_actor(actor), stretch
HAVING max(in_span) >= $min_failures
ORDER BY first_time
