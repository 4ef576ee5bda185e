-- id: policy_allows_all_actions
-- title: Policy created or versioned to allow every action on every resource
-- description: CreatePolicy or CreatePolicyVersion whose document has an Allow
--   statement with Action "*" (or "iam:*") on Resource "*": a full-admin policy.
--   Statements are read whether Statement is one object or an array; documents that are
--   not valid JSON are skipped.
-- severity: high
-- tactics: TA0004, TA0003
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_policy_version_wildcard_action, aws_create_policy_version_allow_all_resources, ar_full_admin_policy_created_attached
-- tags: iam, policy, privilege-escalation
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('CreatePolicy', 'CreatePolicyVersion')
      AND lh_policy_allows_all(try(json(json_extract_string(api.request.data, '$.policyDocument'))))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.policyName'), json_extract_string(api.request.data, '$.policyArn')), ' allows * on *'))
