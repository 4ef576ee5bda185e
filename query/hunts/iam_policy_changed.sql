-- id: iam_policy_changed
-- title: Changes made to IAM policies
-- description: Any of the fourteen IAM policy mutations of the Sentinel hunting query
--   (attach, detach, create, delete, put, policy versions), failed or not, grouped by
--   actor and target. The list deliberately matches the source, which leaves out
--   DetachUserPolicy and PutRolePolicy; inline_policy_put covers the latter.
-- severity: low
-- tactics: TA0003, TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: changes_to_aws_iam_policy
-- tags: iam, policy, sentinel
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('AttachGroupPolicy', 'AttachRolePolicy', 'AttachUserPolicy', 'CreatePolicy', 'DeleteGroupPolicy', 'DeletePolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'DetachGroupPolicy', 'PutUserPolicy', 'PutGroupPolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'DetachRolePolicy')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.policyArn'), json_extract_string(api.request.data, '$.policyName'), ''), coalesce(' on ' || coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName')), ''), CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END))
