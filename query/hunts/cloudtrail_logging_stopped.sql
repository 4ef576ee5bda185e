-- id: cloudtrail_logging_stopped
-- title: CloudTrail logging stopped
-- description: A trail was told to stop recording (StopLogging). Everything the actor
--   does next is invisible to every hunt that reads CloudTrail, which makes this one of
--   the first moves of an intruder who expects to be hunted. Denied attempts are
--   reported too: being refused does not make the intent benign.
-- severity: critical
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: tp_cloudtrail_trail_logging_stopped, aws_cloudtrail_disable_logging, ar_cloudtrail_log_tampering, ar_cloudtrail_log_tampering_basic,
--   stratus:aws.defense-evasion.cloudtrail-stop
-- tags: cloudtrail, logging, tampering
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('StopLogging on trail ', json_extract_string(api.request.data, '$.name'), CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'cloudtrail.amazonaws.com'
  AND api.operation = 'StopLogging'
GROUP BY ALL
ORDER BY first_time
