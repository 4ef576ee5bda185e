-- id: access_key_backdoor_used
-- title: Access key created for another user, then used
-- description: CreateAccessKey for another user, followed within $max_gap by API calls
--   made with that very key: the backdoor key is in use. The summary says whether the
--   key was used from the creator's IP.
-- severity: critical
-- tactics: TA0003, TA0006
-- techniques: T1098.001
-- source: cloudtrail
-- logic: sequence
-- covers: panther_corr_user_key_backdoor_used, aws_iam_backdoor_users_keys
-- tags: iam, credentials, persistence
-- param: max_gap:duration=30h | Longest time between creating the key and its use.
WITH created AS (
    SELECT time_dt, metadata.uid AS uid, accountid, lh_actor(actor) AS actor_id, src_endpoint.ip AS ip,
           json_extract_string(api.request.data, '$.userName') AS user_name,
           json_extract_string(api.response.data, '$.accessKey.accessKeyId') AS key_id
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com' AND api.operation = 'CreateAccessKey' AND api.response.error IS NULL
      AND json_extract_string(api.request.data, '$.userName') IS DISTINCT FROM actor.user.name
)
SELECT
    c.time_dt AS first_time,
    max(u.time_dt) AS last_time,
    c.accountid AS account,
    min(u.region) AS region,
    c.actor_id AS actor,
    arg_min(u.src_endpoint.ip, u.time_dt) AS src_ip,
    concat('key ', c.key_id, ' created for ', c.user_name, ' by ', c.actor_id, ' then used for ', CAST(count(*) AS VARCHAR),
           ' call(s) from ', string_agg(DISTINCT u.src_endpoint.ip, ', ' ORDER BY u.src_endpoint.ip),
           CASE WHEN bool_or(u.src_endpoint.ip = c.ip) THEN ' (same IP as the creator)' ELSE '' END) AS summary,
    count(*) + 1 AS event_count,
    lh_evidence(c.uid, u.metadata.uid, u.time_dt) AS evidence_uids,
    count(u.metadata.uid) + 1 AS evidence_total
FROM created c
JOIN cloudtrail u ON u.actor.user.credential_uid = c.key_id
WHERE u.time_dt >= $window_start AND u.time_dt < $window_end
  AND u.time_dt > c.time_dt AND u.time_dt <= c.time_dt + $max_gap
GROUP BY c.time_dt, c.uid, c.accountid, c.actor_id, c.user_name, c.key_id, c.ip
ORDER BY first_time
