-- id: securityhub_findings_evaded
-- title: Security Hub findings or insights tampered with
-- description: BatchUpdateFindings, UpdateFindings, DeleteInsight or UpdateInsight can
--   mark findings resolved or suppressed and change what analysts see. Automation does
--   this too: check who the actor is.
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_securityhub_finding_evasion
-- tags: securityhub, detective-controls, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'securityhub.amazonaws.com')
    WHERE api.operation IN ('BatchUpdateFindings', 'UpdateFindings', 'DeleteInsight', 'UpdateInsight')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' in Security Hub'))
