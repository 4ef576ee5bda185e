-- id: s3_server_access_logging_disabled
-- title: S3 server access logging disabled
-- description: PutBucketLogging without a LoggingEnabled block turns off server access
--   logging for a bucket, hiding later object reads.
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: aws_s3_data_management_tampering, panther_corr_s3_disable_controls
-- tags: s3, logging, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 's3.amazonaws.com')
    WHERE api.operation = 'PutBucketLogging'
      AND json_extract(api.request.data, '$.BucketLoggingStatus') IS NOT NULL
      AND json_extract(api.request.data, '$.BucketLoggingStatus.LoggingEnabled') IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('access logging disabled on bucket ', json_extract_string(api.request.data, '$.bucketName')))
