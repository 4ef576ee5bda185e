-- id: full_admin_policy_created_then_attached
-- title: Full-admin policy created, then attached
-- description: A customer managed policy allowing * on * was created or versioned (in
--   the window or the $baseline before it) and then attached to a user, role or group
--   in the window: the two halves of building an admin backdoor out of a custom policy.
-- severity: critical
-- tactics: TA0004, TA0003
-- techniques: T1098.003
-- source: cloudtrail
-- logic: sequence
-- covers: ar_full_admin_policy_created_attached, aws_policy_version_wildcard_action
-- tags: iam, policy, privilege-escalation
-- baseline: 14d
WITH created AS (
    SELECT time_dt, metadata.uid AS uid,
           coalesce(json_extract_string(api.request.data, '$.policyName'),
                    regexp_extract(json_extract_string(api.request.data, '$.policyArn'), '[^/]+$')) AS policy_name,
           try(json(json_extract_string(api.request.data, '$.policyDocument'))) AS doc
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('CreatePolicy', 'CreatePolicyVersion')
      AND api.response.error IS NULL
),
admin_policies AS (
    SELECT policy_name, min(time_dt) AS created_at, lh_earliest(uid, time_dt) AS created_uid
    FROM created
    WHERE lh_policy_allows_all(doc)
    GROUP BY policy_name
),
attached AS (
    SELECT *, regexp_extract(json_extract_string(api.request.data, '$.policyArn'), '[^/]+$') AS policy_name
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
      AND api.response.error IS NULL
)
SELECT
    min(a.time_dt) AS first_time,
    max(a.time_dt) AS last_time,
    a.accountid AS account,
    a.region,
    lh_actor(a.actor) AS actor,
    a.src_endpoint.ip AS src_ip,
    concat('full-admin policy ', a.policy_name, ' created ', strftime(p.created_at, '%Y-%m-%dT%H:%M:%SZ'), ', attached to ',
           coalesce(json_extract_string(a.api.request.data, '$.userName'), json_extract_string(a.api.request.data, '$.roleName'), json_extract_string(a.api.request.data, '$.groupName'))) AS summary,
    count(*) + 1 AS event_count,
    lh_evidence(any_value(p.created_uid), a.metadata.uid, a.time_dt) AS evidence_uids,
    count(a.metadata.uid) + 1 AS evidence_total
FROM attached a
JOIN admin_policies p ON p.policy_name = a.policy_name AND p.created_at <= a.time_dt
GROUP BY account, a.region, actor, src_ip, summary
ORDER BY first_time
