-- id: cloudtrail_trail_deleted
-- title: CloudTrail trail deleted
-- description: A trail was deleted (DeleteTrail): its logging stops for good and its
--   configuration is gone. Denied attempts are reported too.
-- severity: critical
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: ar_cloudtrail_log_tampering, ar_cloudtrail_log_tampering_basic, aws_cloudtrail_disable_logging,
--   stratus:aws.defense-evasion.cloudtrail-delete
-- tags: cloudtrail, logging, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'cloudtrail.amazonaws.com'
      AND api.operation = 'DeleteTrail'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('DeleteTrail ', json_extract_string(api.request.data, '$.name'), CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END))
