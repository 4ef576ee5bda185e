-- id: detective_disabled
-- title: Amazon Detective disabled
-- description: DeleteGraph, DisassociateMembership or DeleteMembers removes accounts
--   from Amazon Detective investigations.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_securityhub_finding_evasion, ar_guardduty_disabled
-- tags: detective, detective-controls, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'detective.amazonaws.com')
    WHERE api.operation IN ('DeleteGraph', 'DisassociateMembership', 'DeleteMembers', 'DisableOrganizationAdminAccount')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.graphArn'), '')))
