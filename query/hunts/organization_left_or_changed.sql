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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, coalesce(' ' || json_extract_string(api.request.data, '$.policyId'), ''), coalesce(' ' || json_extract_string(api.request.data, '$.accountId'), ''), CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'organizations.amazonaws.com'
  AND api.operation IN ('LeaveOrganization', 'RemoveAccountFromOrganization', 'DetachPolicy', 'DeletePolicy', 'DisableAWSServiceAccess', 'DisablePolicyType')
GROUP BY ALL
ORDER BY first_time
