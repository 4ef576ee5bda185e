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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', json_extract_string(api.request.data, '$.policyName'), ' on ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName'))) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
