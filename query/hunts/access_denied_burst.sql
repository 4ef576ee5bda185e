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
bursts AS (
    FROM lh_bursts('denied', lh_actor(actor), in_span >= $min_failures, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(CAST(count(*) AS VARCHAR), ' denied calls to ', CAST(count(DISTINCT api.operation) AS VARCHAR), ' operations',
           lh_spread(src_endpoint.ip, region, ' '),
           ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), '): ',
           lh_top(api.operation, 8)))
