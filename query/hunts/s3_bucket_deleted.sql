-- id: s3_bucket_deleted
-- title: S3 bucket deleted
-- description: DeleteBucket succeeded (Sentinel, Sigma and Tailpipe bucket deletion
--   hunts): data destruction, or cleanup after staging. Low: deleting a bucket (which
--   S3 refuses unless it is empty) is routine cleanup on most days; destruction at scale
--   is resource_deletion_burst's, and copying out then deleting s3_copy_out_and_delete's.
-- severity: low
-- tactics: TA0040
-- techniques: T1485
-- source: cloudtrail
-- logic: filter
-- covers: aws_s3_bucket_deleted, aws_cloudtrail_bucket_deleted, tp_s3_bucket_deleted
-- tags: s3, impact
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 's3.amazonaws.com')
    WHERE api.operation = 'DeleteBucket'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('bucket ', json_extract_string(api.request.data, '$.bucketName'), ' deleted'))
