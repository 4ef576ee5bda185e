-- id: ssm_sessions_to_many_targets
-- title: SSM sessions opened to several instances
-- description: One identity started Session Manager sessions to more than $max_targets
--   distinct instances within any $span bucket (Panther "SSM multiple sessions"):
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
-- param: span:duration=1h | Length of the time buckets counted in.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    lh_actor(actor) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat('sessions to ', CAST(count(DISTINCT json_extract_string(api.request.data, '$.target')) AS VARCHAR), ' instances: ',
           array_to_string(list_slice(list_sort(list(DISTINCT json_extract_string(api.request.data, '$.target'))), 1, 8), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'ssm.amazonaws.com'
  AND api.operation = 'StartSession'
GROUP BY accountid, actor, time_bucket($span, time_dt)
HAVING count(DISTINCT json_extract_string(api.request.data, '$.target')) > $max_targets
ORDER BY first_time
