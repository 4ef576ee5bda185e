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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('DeactivateMFADevice', 'DeleteVirtualMFADevice')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.serialNumber'), ''), coalesce(' of ' || json_extract_string(api.request.data, '$.userName'), '')))
