-- id: sigma_login_profile_of_another_user
-- title: Console password of another user changed
-- description: Written by the lakehunt team in the shape of SigmaHQ's CloudTrail rules, to test the constructs they use: a field compared with another (fieldref), the call's outcome (status), and ATT&CK tags of every kind, known and not. Converted from the Sigma rule login_profile_of_another_user.yml (60ccc9eb-3762-4b1d-b36b-9c22384a57e0).
-- severity: high
-- tactics: TA0003, TA0004, TA0112
-- techniques: T1098, T1685
-- source: cloudtrail
-- logic: filter
-- covers: login_profile_of_another_user
-- tags: sigma, imported, attack-stealth, detection-threat-hunting
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((((lower(api.operation) = lower('UpdateLoginProfile')) AND (lower(api.service.name) = lower('iam.amazonaws.com')) AND (lower(status) = lower('success'))) AND NOT coalesce((((lower(actor.user.name) = lower(json_extract_string(api.request.data, '$.userName'))))), false)))
)
FROM lh_object_findings('r1', concat('Console password of another user changed', ': ', api.operation))
