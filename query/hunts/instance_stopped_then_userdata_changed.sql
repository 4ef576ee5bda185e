-- id: instance_stopped_then_userdata_changed
-- title: Instance stopped, then its user data changed
-- description: StopInstances followed within $max_gap by ModifyInstanceAttribute of
--   userData on the same instance: user data runs at boot, so this plants code that
--   executes with the instance role when it starts again.
-- severity: high
-- tactics: TA0002, TA0003
-- techniques: T1059, T1098
-- source: cloudtrail
-- logic: sequence
-- covers: panther_corr_stop_then_userdata, aws_ec2_startup_script_change,
--   stratus:aws.execution.ec2-user-data
-- tags: ec2, execution, persistence
-- param: max_gap:duration=30h | Longest time between the stop and the user data change.
WITH stops AS (
    SELECT time_dt, metadata.uid AS uid, accountid, unnest(json_extract_string(api.request.data, '$.instancesSet.items[*].instanceId')) AS instance
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com' AND api.operation = 'StopInstances' AND api.response.error IS NULL
),
changes AS (
    SELECT *, json_extract_string(api.request.data, '$.instanceId') AS instance
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com' AND api.operation = 'ModifyInstanceAttribute' AND api.response.error IS NULL
      AND (json_extract_string(api.request.data, '$.attribute') = 'userData' OR json_extract(api.request.data, '$.userData') IS NOT NULL)
)
SELECT
    min(s.time_dt) AS first_time,
    max(c.time_dt) AS last_time,
    c.accountid AS account,
    c.region,
    lh_actor(c.actor) AS actor,
    c.src_endpoint.ip AS src_ip,
    concat('instance ', c.instance, ' stopped, then its user data replaced') AS summary,
    count(DISTINCT s.uid) + count(DISTINCT c.metadata.uid) AS event_count,
    list_concat(list_sort(list(DISTINCT s.uid)), list_sort(list(DISTINCT c.metadata.uid)))[1:20] AS evidence_uids,
    count(DISTINCT s.uid) + count(DISTINCT c.metadata.uid) AS evidence_total
FROM stops s
JOIN changes c ON c.instance = s.instance AND c.accountid = s.accountid
 AND c.time_dt > s.time_dt AND c.time_dt <= s.time_dt + $max_gap
GROUP BY ALL
ORDER BY first_time
