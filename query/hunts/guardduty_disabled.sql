-- id: guardduty_disabled
-- title: GuardDuty detector disabled or deleted
-- description: DeleteDetector, UpdateDetector with enable=false, or removing member
--   accounts stops GuardDuty threat detection.
-- severity: critical
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: ar_guardduty_disabled, tp_guardduty_detector_deleted, aws_cloudtrail_guardduty_detector_deleted_or_updated
-- tags: guardduty, detective-controls, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'guardduty.amazonaws.com'
      AND (api.operation IN ('DeleteDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DeleteMembers', 'DisassociateMembers', 'StopMonitoringMembers')
           OR (api.operation = 'UpdateDetector' AND json_extract_string(api.request.data, '$.enable') = 'false'))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' detector ', coalesce(json_extract_string(api.request.data, '$.detectorId'), '')))
