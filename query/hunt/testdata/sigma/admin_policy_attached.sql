-- id: sigma_admin_policy_attached
-- title: Administrator policy attached, successfully
-- description: Written by the lakehunt team to test modifiers, lists and not. Converted from the Sigma rule admin_policy_attached.yml (5a0c1e0e-3b7a-4d8e-9a55-2f5c7b9e1a02).
-- severity: high
-- tactics: TA0004, TA0003
-- techniques: T1098.003
-- source: cloudtrail
-- logic: filter
-- covers: admin_policy_attached
-- tags: sigma, imported
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('Administrator policy attached, successfully', ': ', api.operation) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND ((((lower(api.operation) LIKE lower('Attach%') ESCAPE '\') AND (lower(api.service.name) = lower('iam.amazonaws.com')) AND (lower(json_extract_string(api.request.data, '$.policyArn')) LIKE lower('%/AdministratorAccess') ESCAPE '\' OR lower(json_extract_string(api.request.data, '$.policyArn')) LIKE lower('%/PowerUserAccess') ESCAPE '\')) AND NOT coalesce(((api.response.error IS NOT NULL)), false)))
GROUP BY ALL
ORDER BY first_time
