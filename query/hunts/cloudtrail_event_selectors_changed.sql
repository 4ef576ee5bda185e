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
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'cloudtrail.amazonaws.com')
    WHERE api.operation IN ('PutEventSelectors', 'PutInsightSelectors')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' on trail ', json_extract_string(api.request.data, '$.trailName')))
