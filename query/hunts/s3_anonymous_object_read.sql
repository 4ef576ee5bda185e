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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'GetObject'
      AND (actor.user.account.uid = 'ANONYMOUS_PRINCIPAL' OR actor.user.uid_alt = 'Anonymous' OR actor.user.type = 'AWSAccount' AND actor.user.uid_alt = 'Anonymous')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('anonymous GetObject from bucket ', json_extract_string(api.request.data, '$.bucketName')))
