-- id: root_access_key_created
-- title: Root user access key created
-- description: CreateAccessKey by the root user for itself: AWS advises never to have
--   root access keys, and one is a permanent, unrestrictable backdoor to the account.
-- severity: critical
-- tactics: TA0003
-- techniques: T1098.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_root_new_access_key
-- tags: iam, root, credentials
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('root access key ', coalesce(json_extract_string(api.response.data, '$.accessKey.accessKeyId'), ''), ' created') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation = 'CreateAccessKey'
  AND ((actor.user.type = 'Root' AND json_extract_string(api.request.data, '$.userName') IS NULL)
       OR lower(json_extract_string(api.request.data, '$.userName')) = 'root')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
