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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', json_extract_string(api.request.data, '$.policyName'), ' on ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName'))))
