-- id: access_key_created_for_another_user
-- title: Access key created for another user
-- description: CreateAccessKey where the target user differs from the caller: the
--   caller gets working long-term credentials of someone else, a backdoor that survives
--   the caller losing access.
-- severity: high
-- tactics: TA0003, TA0006
-- techniques: T1098.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_iam_backdoor_users_keys, panther_corr_user_key_backdoor_used, tp_iam_access_key_created,
--   stratus:aws.persistence.iam-backdoor-user
-- tags: iam, credentials, persistence
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('access key ', coalesce(json_extract_string(api.response.data, '$.accessKey.accessKeyId'), ''), ' created for user ', json_extract_string(api.request.data, '$.userName')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation = 'CreateAccessKey'
  AND json_extract_string(api.request.data, '$.userName') IS NOT NULL
  AND json_extract_string(api.request.data, '$.userName') IS DISTINCT FROM actor.user.name
  AND NOT ends_with(coalesce(actor.user.uid, ''), concat('/', json_extract_string(api.request.data, '$.userName')))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
