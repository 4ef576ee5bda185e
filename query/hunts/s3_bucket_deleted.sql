-- id: s3_bucket_deleted
-- title: S3 bucket deleted
-- description: DeleteBucket succeeded (Sentinel, Sigma and Tailpipe bucket deletion
--   hunts): data destruction, or cleanup after staging.
-- severity: medium
-- tactics: TA0040
-- techniques: T1485
-- source: cloudtrail
-- logic: filter
-- covers: aws_s3_bucket_deleted, aws_cloudtrail_bucket_deleted, tp_s3_bucket_deleted
-- tags: s3, impact
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('bucket ', json_extract_string(api.request.data, '$.bucketName'), ' deleted') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 's3.amazonaws.com'
  AND api.operation = 'DeleteBucket'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
