-- id: role_trust_policy_updated
-- title: Role trust policy updated
-- description: UpdateAssumeRolePolicy rewrites who may assume a role. Adding an outside
--   account or a wildcard principal is a durable backdoor; the summary says when the
--   new policy names a principal outside the account or "*".
-- severity: high
-- tactics: TA0003, TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: changes_to_aws_iam_policy,
--   stratus:aws.persistence.iam-backdoor-role
-- tags: iam, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation = 'UpdateAssumeRolePolicy'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('trust policy of role ', json_extract_string(api.request.data, '$.roleName'), ' updated',
        CASE WHEN regexp_matches(coalesce(json_extract_string(api.request.data, '$.policyDocument'), ''), '"AWS"\s*:\s*(\[[^\]]*)?"\*"') THEN ' to trust any AWS principal'
             WHEN regexp_matches(coalesce(json_extract_string(api.request.data, '$.policyDocument'), ''), 'arn:aws[a-z-]*:iam::[0-9]{12}')
                  AND NOT contains(coalesce(json_extract_string(api.request.data, '$.policyDocument'), ''), concat(':iam::', accountid, ':'))
                  THEN ' to trust another account' ELSE '' END))
