-- id: s3_anonymous_object_read
-- title: S3 objects read anonymously
-- description: GetObject by the anonymous principal (data events): objects of a public
--   bucket being pulled (Sentinel "S3 object exfiltration from anonymous user").
-- severity: medium
-- tactics: TA0010
-- techniques: T1530
-- source: cloudtrail
-- logic: filter
-- covers: ar_s3_anonymous_getobject
-- tags: s3, exfiltration
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    coalesce(actor.user.uid, actor.user.name, actor.invoked_by, actor.user.account.uid) AS actor,
    src_endpoint.ip AS src_ip,
    concat('anonymous GetObject from bucket ', json_extract_string(api.request.data, '$.bucketName')) AS summary,
    count(*) AS event_count,
    lh_earliest(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 's3.amazonaws.com'
  AND api.operation = 'GetObject'
  AND (actor.user.account.uid = 'ANONYMOUS_PRINCIPAL' OR actor.user.uid_alt = 'Anonymous' OR actor.user.type = 'AWSAccount' AND actor.user.uid_alt = 'Anonymous')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
