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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.serialNumber'), ''), coalesce(' of ' || json_extract_string(api.request.data, '$.userName'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation IN ('DeactivateMFADevice', 'DeleteVirtualMFADevice')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
