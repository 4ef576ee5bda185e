-- id: instance_profile_role_swap
-- title: Role swapped on an instance profile
-- description: RemoveRoleFromInstanceProfile followed by AddRoleToInstanceProfile on
--   the same instance profile, by the same user from the same IP and region, within
--   $max_gap: the CloudGoat iam_privesc_by_attachment move, which gives an instance
--   (and whoever controls it) a more powerful role.
-- severity: high
-- tactics: TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: sequence
-- covers: iam_privesc_instance_profile_attachment
-- tags: iam, ec2, privilege-escalation, sentinel
-- param: max_gap:duration=24h | Longest time between the removal and the addition.
WITH profile_changes AS (
    SELECT time_dt, metadata.uid AS uid, api.operation AS operation, accountid, region, src_endpoint.ip AS ip,
           coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/]+$')) AS user_name,
           lh_actor(actor) AS actor_id,
           json_extract_string(api.request.data, '$.instanceProfileName') AS profile,
           json_extract_string(api.request.data, '$.roleName') AS role
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('RemoveRoleFromInstanceProfile', 'AddRoleToInstanceProfile')
      AND api.response.error IS NULL
)
SELECT
    r.time_dt AS first_time,
    a.time_dt AS last_time,
    a.accountid AS account,
    a.region,
    a.actor_id AS actor,
    a.ip AS src_ip,
    concat('instance profile ', a.profile, ': role ', r.role, ' removed, ', a.role, ' added ',
           CAST(date_diff('second', r.time_dt, a.time_dt) AS VARCHAR), 's later') AS summary,
    2 AS event_count,
    [r.uid, a.uid] AS evidence_uids,
    2 AS evidence_total
FROM profile_changes r
JOIN profile_changes a
  ON a.profile = r.profile AND a.user_name IS NOT DISTINCT FROM r.user_name
 AND a.ip IS NOT DISTINCT FROM r.ip AND a.region = r.region AND a.accountid = r.accountid
WHERE r.operation = 'RemoveRoleFromInstanceProfile'
  AND a.operation = 'AddRoleToInstanceProfile'
  AND a.time_dt > r.time_dt
  AND a.time_dt <= r.time_dt + $max_gap
ORDER BY first_time
