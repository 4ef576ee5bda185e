-- id: cloudwatch_alarms_disabled
-- title: CloudWatch alarms deleted or their actions disabled
-- description: DeleteAlarms or DisableAlarmActions silences the alarms that would page
--   someone.
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: ar_cloudtrail_log_tampering
-- tags: cloudwatch, detective-controls, tampering
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(array_to_string(json_extract_string(api.request.data, '$.alarmNames[*]'), ', '), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'monitoring.amazonaws.com'
  AND api.operation IN ('DeleteAlarms', 'DisableAlarmActions')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
