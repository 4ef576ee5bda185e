-- id: guardduty_findings_suppressed
-- title: GuardDuty trusted IP list or suppression filter added
-- description: CreateIPSet/UpdateIPSet adds addresses GuardDuty will never alert on; a
--   filter with action ARCHIVE silently archives matching findings. Both let later
--   activity pass unseen.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_guardduty_disruption
-- tags: guardduty, detective-controls, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'guardduty.amazonaws.com')
    WHERE (api.operation IN ('CreateIPSet', 'UpdateIPSet')
           OR (api.operation IN ('CreateFilter', 'UpdateFilter') AND upper(json_extract_string(api.request.data, '$.action')) = 'ARCHIVE'))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.name'), json_extract_string(api.request.data, '$.ipSetId'), json_extract_string(api.request.data, '$.filterName'), '')))
