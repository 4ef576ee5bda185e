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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'cloudtrail.amazonaws.com'
      AND api.operation = 'StopLogging'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('StopLogging on trail ', json_extract_string(api.request.data, '$.name'), CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END))
