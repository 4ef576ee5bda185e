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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'monitoring.amazonaws.com')
    WHERE api.operation IN ('DeleteAlarms', 'DisableAlarmActions')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(array_to_string(json_extract_string(api.request.data, '$.alarmNames[*]'), ', '), '')))
