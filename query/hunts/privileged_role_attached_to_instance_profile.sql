-- id: privileged_role_attached_to_instance_profile
-- title: Privileged role added to an instance profile
-- description: A role that received a privileged managed policy (AdministratorAccess,
--   DatabaseAdministrator, NetworkAdministrator, SystemAdministrator,
--   AmazonS3FullAccess) in the window or the $baseline before it is then added to an
--   instance profile in the window: every process on the instance now holds those
--   privileges.
-- severity: high
-- tactics: TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: sequence
-- covers: privileged_role_attached_to_instance
-- tags: iam, ec2, privilege-escalation, sentinel
-- baseline: 14d
WITH privileged_roles AS (
    SELECT json_extract_string(api.request.data, '$.roleName') AS role,
           min(time_dt) AS attached_at,
           lh_earliest(metadata.uid, time_dt) AS attach_uid,
           string_agg(DISTINCT json_extract_string(api.request.data, '$.policyArn'), ', ' ORDER BY json_extract_string(api.request.data, '$.policyArn')) AS policies
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
      AND regexp_replace(json_extract_string(api.request.data, '$.policyArn'), '^arn:aws[a-z-]*:', 'arn:aws:') IN
          ('arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/DatabaseAdministrator',
           'arn:aws:iam::aws:policy/NetworkAdministrator', 'arn:aws:iam::aws:policy/SystemAdministrator',
           'arn:aws:iam::aws:policy/AmazonS3FullAccess')
      AND json_extract_string(api.request.data, '$.roleName') IS NOT NULL
    GROUP BY 1
)
SELECT
    min(e.time_dt) AS first_time,
    max(e.time_dt) AS last_time,
    e.accountid AS account,
    e.region,
    lh_actor(e.actor) AS actor,
    e.src_endpoint.ip AS src_ip,
    concat('role ', p.role, ' (', p.policies, ') added to instance profile ',
           json_extract_string(e.api.request.data, '$.instanceProfileName')) AS summary,
    count(*) + 1 AS event_count,
    lh_evidence(any_value(p.attach_uid), e.metadata.uid, e.time_dt) AS evidence_uids,
    count(e.metadata.uid) + 1 AS evidence_total
FROM cloudtrail e
JOIN privileged_roles p ON p.role = json_extract_string(e.api.request.data, '$.roleName')
WHERE e.time_dt >= $window_start AND e.time_dt < $window_end
  AND e.api.service.name = 'iam.amazonaws.com'
  AND e.api.operation = 'AddRoleToInstanceProfile'
GROUP BY account, e.region, actor, src_ip, summary
ORDER BY first_time
