-- id: cloudwatch_logs_deleted
-- title: CloudWatch log group or stream deleted
-- description: DeleteLogGroup or DeleteLogStream destroyed collected logs, or
--   PutRetentionPolicy shortened their life to a day: a way to erase the trace of an
--   intrusion from CloudWatch Logs.
-- severity: high
-- tactics: TA0005
-- techniques: T1070
-- source: cloudtrail
-- logic: filter
-- covers: ar_cloudtrail_log_tampering
-- tags: logging, tampering, cloudwatch
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'logs.amazonaws.com')
    WHERE (api.operation IN ('DeleteLogGroup', 'DeleteLogStream')
           OR (api.operation = 'PutRetentionPolicy' AND try_cast(json_extract_string(api.request.data, '$.retentionInDays') AS INTEGER) <= 1))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.logGroupName'), ''), coalesce(' / ' || json_extract_string(api.request.data, '$.logStreamName'), '')))
