-- id: inline_policy_put
-- title: Inline policy written on a user, role or group
-- description: PutUserPolicy, PutRolePolicy or PutGroupPolicy embeds a policy directly
--   in an identity, where it is easy to miss in reviews of managed policies.
-- severity: medium
-- tactics: TA0003, TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: tp_iam_user_inline_policy_updated, tp_iam_role_inline_policy_updated, tp_iam_group_inline_policy_updated, aws_iam_s3browser_templated_s3_bucket_policy_creation
-- tags: iam, policy, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', json_extract_string(api.request.data, '$.policyName'), ' on ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName'))))
