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
WITH changes AS (
    SELECT *, try(json(json_extract_string(api.request.data, '$.policyDocument'))) AS doc
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('CreatePolicy', 'CreatePolicyVersion')
      AND api.response.error IS NULL
),
matched AS (
    SELECT *
    FROM changes
    WHERE doc IS NOT NULL
      AND len(list_filter(CASE json_type(doc, '$.Statement')
                 WHEN 'ARRAY' THEN json_extract(doc, '$.Statement[*]')
                 WHEN 'OBJECT' THEN [json_extract(doc, '$.Statement')]
                 ELSE [] END,
                       s -> json_extract_string(s, '$.Effect') = 'Allow'
                       AND (json_extract_string(s, '$.Action') = '*' OR list_contains(json_extract_string(s, '$.Action[*]'), '*')
                            OR json_extract_string(s, '$.Action') = 'iam:*' OR list_contains(json_extract_string(s, '$.Action[*]'), 'iam:*'))
                       AND (json_extract_string(s, '$.Resource') = '*' OR list_contains(json_extract_string(s, '$.Resource[*]'), '*')))) > 0
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.policyName'), json_extract_string(api.request.data, '$.policyArn')), ' allows * on *'))
