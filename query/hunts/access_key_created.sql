-- id: access_key_created
-- title: Access key created
-- description: Any successful CreateAccessKey: new long-term credentials. Expected
--   during rotations; worth a look when the actor or time is unusual.
-- severity: low
-- tactics: TA0003
-- techniques: T1098.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_create_access_key, tp_iam_access_key_created
-- tags: iam, credentials
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('access key ', coalesce(json_extract_string(api.response.data, '$.accessKey.accessKeyId'), ''), ' created for ', coalesce(json_extract_string(api.request.data, '$.userName'), actor.user.name, 'the caller')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation = 'CreateAccessKey'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
