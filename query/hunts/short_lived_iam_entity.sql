-- id: short_lived_iam_entity
-- title: IAM user, group, role or policy created and deleted within minutes
-- description: A user, group, role or policy created and deleted again within $max_gap
--   (by name): typical of attack tooling and of someone covering their tracks (the Sumo
--   Logic "short lived critical operations" panel).
-- severity: medium
-- tactics: TA0005, TA0003
-- techniques: T1136.003, T1070
-- source: cloudtrail
-- logic: sequence
-- covers: sumo_short_lived_critical_operations
-- tags: iam, sumo
-- param: max_gap:duration=10m | Longest life of the entity.
WITH changes AS (
    SELECT time_dt, metadata.uid AS uid, accountid, region, src_endpoint.ip AS ip, lh_actor(actor) AS actor_id,
           regexp_extract(api.operation, '^(Create|Delete)', 1) AS verb,
           regexp_extract(api.operation, '^(?:Create|Delete)(.*)$', 1) AS kind,
           coalesce(json_extract_string(api.request.data, '$.userName'),
                    json_extract_string(api.request.data, '$.groupName'),
                    json_extract_string(api.request.data, '$.roleName'),
                    json_extract_string(api.request.data, '$.policyName'),
                    regexp_extract(json_extract_string(api.request.data, '$.policyArn'), '[^/]+$')) AS name
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('CreateUser', 'DeleteUser', 'CreateGroup', 'DeleteGroup', 'CreateRole', 'DeleteRole', 'CreatePolicy', 'DeletePolicy')
      AND api.response.error IS NULL
)
SELECT
    c.time_dt AS first_time,
    min(d.time_dt) AS last_time,
    c.accountid AS account,
    c.region,
    c.actor_id AS actor,
    c.ip AS src_ip,
    concat(lower(c.kind), ' ', c.name, ' created and deleted ',
           CAST(date_diff('second', c.time_dt, min(d.time_dt)) AS VARCHAR), 's later') AS summary,
    2 AS event_count,
    [c.uid, lh_earliest(d.uid, d.time_dt)] AS evidence_uids,
    2 AS evidence_total
FROM changes c
JOIN changes d ON d.kind = c.kind AND d.name = c.name AND d.accountid = c.accountid
WHERE c.verb = 'Create' AND d.verb = 'Delete'
  AND d.time_dt >= c.time_dt AND d.time_dt <= c.time_dt + $max_gap
GROUP BY c.time_dt, c.uid, c.accountid, c.region, c.actor_id, c.ip, c.kind, c.name
ORDER BY first_time
