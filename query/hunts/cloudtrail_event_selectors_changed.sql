-- id: cloudtrail_event_selectors_changed
-- title: CloudTrail event selectors changed
-- description: PutEventSelectors or PutInsightSelectors changed what a trail records.
--   An attacker can exclude management events or the data events of one bucket without
--   stopping the trail, which is quieter than StopLogging.
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: ar_cloudtrail_log_tampering, aws_cloudtrail_disable_logging,
--   stratus:aws.defense-evasion.cloudtrail-event-selectors
-- tags: cloudtrail, logging, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'cloudtrail.amazonaws.com'
      AND api.operation IN ('PutEventSelectors', 'PutInsightSelectors')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' on trail ', json_extract_string(api.request.data, '$.trailName')))
