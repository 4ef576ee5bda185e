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
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((((lower(api.operation) LIKE lower('Attach%') ESCAPE '\') AND (lower(api.service.name) = lower('iam.amazonaws.com')) AND (lower(json_extract_string(api.request.data, '$.policyArn')) LIKE lower('%/AdministratorAccess') ESCAPE '\' OR lower(json_extract_string(api.request.data, '$.policyArn')) LIKE lower('%/PowerUserAccess') ESCAPE '\')) AND NOT coalesce(((api.response.error IS NOT NULL)), false)))
)
FROM lh_object_findings('r1', concat('Administrator policy attached, successfully', ': ', api.operation))
