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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.logGroupName'), ''), coalesce(' / ' || json_extract_string(api.request.data, '$.logStreamName'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'logs.amazonaws.com'
  AND (api.operation IN ('DeleteLogGroup', 'DeleteLogStream')
       OR (api.operation = 'PutRetentionPolicy' AND try_cast(json_extract_string(api.request.data, '$.retentionInDays') AS INTEGER) <= 1))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
