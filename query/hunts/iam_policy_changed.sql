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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.policyArn'), json_extract_string(api.request.data, '$.policyName'), ''), coalesce(' on ' || coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName')), ''), CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation IN ('AttachGroupPolicy', 'AttachRolePolicy', 'AttachUserPolicy', 'CreatePolicy', 'DeleteGroupPolicy', 'DeletePolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'DetachGroupPolicy', 'PutUserPolicy', 'PutGroupPolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'DetachRolePolicy')
GROUP BY ALL
ORDER BY first_time
