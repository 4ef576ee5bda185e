-- id: new_user_granted_admin
-- title: New IAM user granted administrator rights
-- description: CreateUser followed, within $max_gap, by an administrator policy
--   attached to that user or by adding the user to a group matching
--   $admin_group_pattern: an admin backdoor account being built.
-- severity: critical
-- tactics: TA0003, TA0004
-- techniques: T1136.003, T1098
-- source: cloudtrail
-- logic: sequence
-- covers: panther_corr_create_admin_user, ar_admin_access_policy_attached,
--   stratus:aws.persistence.iam-create-admin-user
-- tags: iam, persistence, privilege-escalation
-- param: max_gap:duration=30h | Longest time between creating the user and granting it admin rights.
-- param: admin_group_pattern:string=(?i)admin|root|power|ops | Regular expression for group names that grant administration.
WITH created AS (
    SELECT time_dt, metadata.uid AS uid, accountid, json_extract_string(api.request.data, '$.userName') AS user_name
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com' AND api.operation = 'CreateUser' AND api.response.error IS NULL
),
granted AS (
    SELECT *, json_extract_string(api.request.data, '$.userName') AS user_name,
           coalesce(json_extract_string(api.request.data, '$.policyArn'), concat('group ', json_extract_string(api.request.data, '$.groupName'))) AS grant
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com' AND api.response.error IS NULL
      AND ((api.operation = 'AttachUserPolicy' AND regexp_matches(json_extract_string(api.request.data, '$.policyArn'), ':policy/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$'))
           OR (api.operation = 'AddUserToGroup' AND regexp_matches(json_extract_string(api.request.data, '$.groupName'), $admin_group_pattern)))
)
SELECT
    c.time_dt AS first_time,
    max(g.time_dt) AS last_time,
    c.accountid AS account,
    min(g.region) AS region,
    lh_actor(g.actor) AS actor,
    g.src_endpoint.ip AS src_ip,
    concat('user ', c.user_name, ' created and given ', string_agg(DISTINCT g.grant, ', ' ORDER BY g.grant)) AS summary,
    count(*) + 1 AS event_count,
    lh_evidence(c.uid, g.metadata.uid, g.time_dt) AS evidence_uids,
    count(g.metadata.uid) + 1 AS evidence_total
FROM created c
JOIN granted g ON g.user_name = c.user_name AND g.accountid = c.accountid
 AND g.time_dt >= c.time_dt AND g.time_dt <= c.time_dt + $max_gap
GROUP BY c.time_dt, c.uid, c.accountid, c.user_name, actor, src_ip
ORDER BY first_time
