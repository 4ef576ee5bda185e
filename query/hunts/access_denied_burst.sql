-- id: access_denied_burst
-- title: Burst of authorization failures by one identity
-- description: At least $min_failures calls failing with AccessDenied or
--   UnauthorizedOperation by one IAM user or role session within any $span, excluding
--   calls made by AWS services (Sentinel "IAM AccessDenied discovery events", Sumo Logic
--   authorization failures): stolen credentials probing what they may do. One finding
--   covers the actor's whole stretch of denied calls, from however many source
--   addresses: an intruder rotating addresses inside a network is one finding.
--   Judged against the principal's own $baseline before the window (an assumed role's
--   sessions share their role's history): the span must hold clearly more denied calls
--   than any span of the baseline did ($over_peak times its peak), or operations never
--   denied to the principal in it numbering at least $min_new and at least the peak
--   divided by $over_peak. People and pipelines whose every day brings a few denied
--   calls made most of a generated month's remaining quiet-day incidents with the
--   threshold alone, and functions denied one call more than their busiest baseline
--   hour (5 against 4, 8 against 7) still made two a day with "more than the peak". A
--   principal without history is judged by $min_failures alone, the floor.
-- severity: medium
-- tactics: TA0007
-- techniques: T1580, T1087.004
-- source: cloudtrail
-- logic: threshold
-- covers: aws_iam_accessdenied_discovery, sumo_authorization_failures
-- tags: access-denied, discovery, sumo, baseline
-- baseline: 14d
-- param: min_failures:int=5 | Denied calls within the span that make a finding, whatever the history (the floor).
-- param: min_new:int=3 | Operations never denied in the baseline, within one span, that make a finding of a span under the baseline's peak (at the least).
-- param: over_peak:float=2 | How many times the baseline's peak a span must hold; never-denied operations must number at least the peak divided by this.
-- param: span:duration=1h | Length of the sliding span the failures are counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH failed AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND (api.response.error IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation')
           OR api.response.message IN ('Access Denied', 'AccessDenied'))
      AND actor.user.type IN ('IAMUser', 'AssumedRole', 'FederatedUser', 'Root')
      AND NOT ends_with(coalesce(http_request.user_agent, ''), '.amazonaws.com')
),
-- Read twice below: lh_finding_rows keeps it to the fields it needs.
denied AS (
    SELECT *,
           lh_principal(lh_actor(actor)) AS principal,
           count(*) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM lh_finding_rows('failed')
),
-- The most denied calls one of the principal's identities had within a
-- span of the baseline, and the operations it was denied there.
history AS (
    SELECT accountid, principal, max(in_span) AS peak, list(DISTINCT api.operation) AS known
    FROM denied
    WHERE time_dt < $window_start
    GROUP BY accountid, principal
),
events AS (
    SELECT *,
           count(DISTINCT CASE WHEN is_new THEN api.operation END) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS new_in_span
    FROM (SELECT d.*, h.peak, NOT coalesce(list_contains(h.known, d.api.operation), false) AS is_new
          FROM denied d
          LEFT JOIN history h ON h.accountid = d.accountid AND h.principal = d.principal
          WHERE d.time_dt >= $window_start)
),
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span >= $min_failures AND (peak IS NULL OR in_span >= $over_peak * peak OR new_in_span >= greatest($min_new, peak / $over_peak)), $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(CAST(count(*) AS VARCHAR), ' denied calls to ', CAST(count(DISTINCT api.operation) AS VARCHAR),
           CASE WHEN count(DISTINCT api.operation) = 1 THEN ' operation' ELSE ' operations' END,
           lh_spread(src_endpoint.ip, region, ' '),
           ' (burst peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR),
           CASE WHEN max(peak) IS NULL THEN '' ELSE concat(', against a baseline peak of ', CAST(max(peak) AS VARCHAR)) END,
           CASE WHEN bool_or(is_new) AND max(peak) IS NOT NULL THEN concat(', ', CAST(count(DISTINCT api.operation) FILTER (WHERE is_new) AS VARCHAR), ' never denied before') ELSE '' END,
           '): ', lh_top(api.operation, 8)))
