-- id: organization_left_or_changed
-- title: Account left the organization or organization controls changed
-- description: LeaveOrganization, RemoveAccountFromOrganization,
--   DeletePolicy/DetachPolicy of service control policies or DisableAWSServiceAccess:
--   guardrails that constrain the account are removed.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.001, T1666
-- source: cloudtrail
-- logic: filter
-- covers: ar_cloudtrail_log_tampering,
--   stratus:aws.defense-evasion.organizations-leave
-- tags: organizations, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'organizations.amazonaws.com'
      AND api.operation IN ('LeaveOrganization', 'RemoveAccountFromOrganization', 'DetachPolicy', 'DeletePolicy', 'DisableAWSServiceAccess', 'DisablePolicyType')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, coalesce(' ' || json_extract_string(api.request.data, '$.policyId'), ''), coalesce(' ' || json_extract_string(api.request.data, '$.accountId'), ''), CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END))
