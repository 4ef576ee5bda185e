-- id: new_role_granted_admin
-- title: New IAM role granted administrator rights
-- description: CreateRole followed, within $max_gap, by AttachRolePolicy of an
--   administrator policy or PutRolePolicy of an inline policy allowing "*" on that
--   role: a backdoor role. The summary names who the new role trusts.
-- severity: critical
-- tactics: TA0003, TA0004
-- techniques: T1098.003
-- source: cloudtrail
-- logic: sequence
-- covers: panther_corr_backdoor_admin_role, ar_admin_access_policy_attached,
--   stratus:aws.persistence.iam-create-backdoor-role
-- tags: iam, persistence, privilege-escalation
-- param: max_gap:duration=30h | Longest time between creating the role and granting it admin rights.
WITH created AS (
    SELECT time_dt, metadata.uid AS uid, accountid, json_extract_string(api.request.data, '$.roleName') AS role,
           coalesce(nullif(regexp_extract(json_extract_string(api.request.data, '$.assumeRolePolicyDocument'), '"(AWS|Service|Federated)"\s*:\s*\[?\s*"([^"]+)"', 2), ''), '?') AS trusted
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com' AND api.operation = 'CreateRole' AND api.response.error IS NULL
),
granted AS (
    SELECT *, json_extract_string(api.request.data, '$.roleName') AS role,
           coalesce(json_extract_string(api.request.data, '$.policyArn'), concat('inline ', json_extract_string(api.request.data, '$.policyName'))) AS grant
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com' AND api.response.error IS NULL
      AND ((api.operation = 'AttachRolePolicy' AND regexp_matches(json_extract_string(api.request.data, '$.policyArn'), ':policy/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$'))
           OR (api.operation = 'PutRolePolicy' AND regexp_matches(coalesce(json_extract_string(api.request.data, '$.policyDocument'), ''), '"Action"\s*:\s*(\[[^\]]*)?"\*"')))
)
SELECT
    c.time_dt AS first_time,
    max(g.time_dt) AS last_time,
    c.accountid AS account,
    min(g.region) AS region,
    lh_actor(g.actor) AS actor,
    g.src_endpoint.ip AS src_ip,
    concat('role ', c.role, ' (trusts ', c.trusted, ') created and given ', string_agg(DISTINCT g.grant, ', ' ORDER BY g.grant)) AS summary,
    count(*) + 1 AS event_count,
    lh_evidence(c.uid, g.metadata.uid, g.time_dt) AS evidence_uids,
    count(g.metadata.uid) + 1 AS evidence_total
FROM created c
JOIN granted g ON g.role = c.role AND g.accountid = c.accountid
 AND g.time_dt >= c.time_dt AND g.time_dt <= c.time_dt + $max_gap
GROUP BY c.time_dt, c.uid, c.accountid, c.role, c.trusted, actor, src_ip
ORDER BY first_time
