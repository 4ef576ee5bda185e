-- id: sigma_console_login_no_mfa
-- title: Console login succeeded without MFA
-- description: Written by the lakehunt team to test 1 of, wildcards, |exists and case-insensitive values. Converted from the Sigma rule console_login_no_mfa.yml (5a0c1e0e-3b7a-4d8e-9a55-2f5c7b9e1a04).
-- severity: medium
-- tactics: TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: filter
-- covers: console_login_no_mfa
-- tags: sigma, imported
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((((lower(api.operation) = lower('consolelogin')) AND (lower(json_extract_string(api.response.data, '$.ConsoleLogin')) = lower('Success'))) AND ((lower(CASE is_mfa WHEN true THEN 'Yes' WHEN false THEN 'No' END) LIKE lower('N%') ESCAPE '\'))) AND NOT coalesce((((lower(actor.user.uid) LIKE lower('%AWSReservedSSO%') ESCAPE '\')) OR ((regexp_matches(actor.user.uid, ':assumed-role/okta-.*'))) OR ((lower(actor.user.type) = lower('AssumedRole'))) OR (unmapped['additionalEventData.SamlProviderArn'] IS NOT NULL)), false)))
)
FROM lh_object_findings('r1', concat('Console login succeeded without MFA', ': ', api.operation))
