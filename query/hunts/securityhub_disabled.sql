-- id: securityhub_disabled
-- title: Security Hub disabled
-- description: DisableSecurityHub, BatchDisableStandards,
--   DisableImportFindingsForProduct or removing members turns off the aggregation of
--   security findings.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_securityhub_finding_evasion
-- tags: securityhub, detective-controls, tampering
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' in Security Hub') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'securityhub.amazonaws.com'
  AND api.operation IN ('DisableSecurityHub', 'BatchDisableStandards', 'DisableImportFindingsForProduct', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DeleteMembers', 'DisassociateMembers')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
