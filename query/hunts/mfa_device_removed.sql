-- id: mfa_device_removed
-- title: MFA device deactivated or deleted
-- description: DeactivateMFADevice or DeleteVirtualMFADevice leaves an identity
--   protected by a password or key alone; an attacker does this before taking the
--   account over.
-- severity: medium
-- tactics: TA0005, TA0006
-- techniques: T1556.006
-- source: cloudtrail
-- logic: filter
-- covers: tp_iam_user_mfa_device_deactivated
-- tags: iam, mfa
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('DeactivateMFADevice', 'DeleteVirtualMFADevice')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.serialNumber'), ''), coalesce(' of ' || json_extract_string(api.request.data, '$.userName'), '')))
