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
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'guardduty.amazonaws.com')
    WHERE (api.operation IN ('DeleteDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DeleteMembers', 'DisassociateMembers', 'StopMonitoringMembers')
           OR (api.operation = 'UpdateDetector' AND json_extract_string(api.request.data, '$.enable') = 'false'))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' detector ', coalesce(json_extract_string(api.request.data, '$.detectorId'), '')))
