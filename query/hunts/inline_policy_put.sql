-- id: inline_policy_put
-- title: Inline policy written on a user, role or group
-- description: PutUserPolicy, PutRolePolicy or PutGroupPolicy embeds a policy directly
--   in an identity, where it is easy to miss in reviews of managed policies.
--   Judged against the principal's own $baseline before the window (an assumed role's
--   sessions share their role's history): a principal that wrote inline policies there
--   is a deployment pipeline or administrator doing its job, and is reported only for a
--   policy that allows every action ("*"). Pipelines writing their roles' policies
--   made two medium incidents of every generated quiet day. A principal without
--   history is reported for every inline policy it writes.
-- severity: medium
-- tactics: TA0003, TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: tp_iam_user_inline_policy_updated, tp_iam_role_inline_policy_updated, tp_iam_group_inline_policy_updated, aws_iam_s3browser_templated_s3_bucket_policy_creation
-- tags: iam, policy, persistence, baseline
-- baseline: 14d
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH puts AS (
    SELECT *, lh_principal(lh_actor(actor)) AS principal
    FROM lh_succeeded_calls('cloudtrail', $baseline_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
),
known AS (
    SELECT DISTINCT accountid, principal
    FROM puts
    WHERE time_dt < $window_start
),
matched AS (
    SELECT p.*
    FROM puts p
    WHERE p.time_dt >= $window_start
      AND (NOT EXISTS (SELECT 1 FROM known k WHERE k.accountid = p.accountid AND k.principal = p.principal)
           OR regexp_matches(coalesce(json_extract_string(p.api.request.data, '$.policyDocument'), ''), '"Action"\s*:\s*(\[[^\]]*)?"\*"'))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', json_extract_string(api.request.data, '$.policyName'), ' on ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName'))))
