-- id: default_policy_version_set
-- title: Default policy version changed
-- description: SetDefaultPolicyVersion makes an older or newly created version of a
--   managed policy the active one; with iam:SetDefaultPolicyVersion a user can escalate
--   to any permissions ever held by the policy.
-- severity: medium
-- tactics: TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: changes_to_aws_iam_policy, aws_policy_version_wildcard_action
-- tags: iam, policy, privilege-escalation
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation = 'SetDefaultPolicyVersion'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('SetDefaultPolicyVersion ', json_extract_string(api.request.data, '$.policyArn'), ' -> ', json_extract_string(api.request.data, '$.versionId')))
