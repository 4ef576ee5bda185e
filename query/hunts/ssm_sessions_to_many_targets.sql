-- id: ssm_sessions_to_many_targets
-- title: SSM sessions opened to several instances
-- description: One identity started Session Manager sessions to more than $max_targets
--   distinct instances within any $span (Panther "SSM multiple sessions"):
--   interactive lateral movement across the fleet.
-- severity: medium
-- tactics: TA0008
-- techniques: T1021.007
-- source: cloudtrail
-- logic: threshold
-- covers: panther_ssm_multiple_sessions,
--   stratus:aws.execution.ssm-start-session
-- tags: ssm, lateral-movement
-- param: max_targets:int=2 | Distinct targets tolerated (more than this fires).
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH events AS (
    SELECT *,
           count(DISTINCT json_extract_string(api.request.data, '$.target')) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ssm.amazonaws.com'
      AND api.operation = 'StartSession'
),
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span > $max_targets, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat('sessions to ', CAST(count(DISTINCT json_extract_string(api.request.data, '$.target')) AS VARCHAR), ' instances', ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')', ': ',
           array_to_string(list_slice(list_sort(list(DISTINCT json_extract_string(api.request.data, '$.target'))), 1, 8), ', '),
           lh_spread(src_endpoint.ip, region, ', ')))
