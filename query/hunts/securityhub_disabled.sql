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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'securityhub.amazonaws.com')
    WHERE api.operation IN ('DisableSecurityHub', 'BatchDisableStandards', 'DisableImportFindingsForProduct', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DeleteMembers', 'DisassociateMembers')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' in Security Hub'))
