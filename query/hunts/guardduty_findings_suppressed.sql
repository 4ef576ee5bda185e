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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'guardduty.amazonaws.com'
      AND (api.operation IN ('CreateIPSet', 'UpdateIPSet')
           OR (api.operation IN ('CreateFilter', 'UpdateFilter') AND upper(json_extract_string(api.request.data, '$.action')) = 'ARCHIVE'))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.name'), json_extract_string(api.request.data, '$.ipSetId'), json_extract_string(api.request.data, '$.filterName'), '')))
