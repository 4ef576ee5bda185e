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
    FROM lh_succeeded_calls('cloudtrail_all', $window_start, $window_end, 's3.amazonaws.com')
    WHERE api.operation = 'GetObject'
      AND (actor.user.account.uid = 'ANONYMOUS_PRINCIPAL' OR actor.user.uid_alt = 'Anonymous' OR actor.user.type = 'AWSAccount' AND actor.user.uid_alt = 'Anonymous')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('anonymous GetObject from bucket ', json_extract_string(api.request.data, '$.bucketName')))
