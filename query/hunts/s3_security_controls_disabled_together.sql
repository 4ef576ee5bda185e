-- id: s3_security_controls_disabled_together
-- title: Several S3 protections removed from one bucket
-- description: On one bucket, within $max_gap, at least two of: access logging
--   disabled, versioning suspended, MFA delete disabled, encryption removed, Block
--   Public Access deleted (Panther "S3 disable security controls"): preparing a bucket
--   for quiet destruction or exposure.
-- severity: high
-- tactics: TA0005, TA0040
-- techniques: T1562.008, T1490
-- source: cloudtrail
-- logic: sequence
-- covers: panther_corr_s3_disable_controls, aws_bucket_versioning_suspended, aws_s3_data_management_tampering
-- tags: s3, tampering, impact
-- param: max_gap:duration=30h | Longest time between the first and the last change.
WITH controls AS (
    SELECT *, json_extract_string(api.request.data, '$.bucketName') AS bucket,
           CASE WHEN api.operation = 'PutBucketLogging' AND json_extract(api.request.data, '$.BucketLoggingStatus.LoggingEnabled') IS NULL THEN 'logging off'
                WHEN api.operation = 'PutBucketVersioning' AND json_extract_string(api.request.data, '$.VersioningConfiguration.Status') IN ('Suspended', 'Disabled') THEN 'versioning suspended'
                WHEN api.operation = 'PutBucketVersioning' AND json_extract_string(api.request.data, '$.VersioningConfiguration.MfaDelete') = 'Disabled' THEN 'MFA delete off'
                WHEN api.operation = 'DeleteBucketEncryption' THEN 'encryption removed'
                WHEN api.operation = 'DeleteBucketPublicAccessBlock' THEN 'public access block removed'
           END AS control
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation IN ('PutBucketLogging', 'PutBucketVersioning', 'DeleteBucketEncryption', 'DeleteBucketPublicAccessBlock')
      AND api.response.error IS NULL
      AND control IS NOT NULL
)
SELECT * FROM lh_group_findings('controls', [bucket],
    concat('bucket ', min(bucket), ': ', array_to_string(list(DISTINCT control ORDER BY control), ', ')),
    keep := count(DISTINCT control) >= 2 AND max(time_dt) - min(time_dt) <= $max_gap)
