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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' detector ', coalesce(json_extract_string(api.request.data, '$.detectorId'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'guardduty.amazonaws.com'
  AND (api.operation IN ('DeleteDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DeleteMembers', 'DisassociateMembers', 'StopMonitoringMembers')
       OR (api.operation = 'UpdateDetector' AND json_extract_string(api.request.data, '$.enable') = 'false'))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
