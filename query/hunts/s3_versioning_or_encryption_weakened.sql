-- id: s3_versioning_or_encryption_weakened
-- title: S3 versioning suspended or encryption removed
-- description: PutBucketVersioning with status Suspended (or MFA delete disabled),
--   DeleteBucketEncryption, or PutBucketLifecycle rules that expire objects: the usual
--   preparation for destroying or ransoming data (Sentinel and Sigma versioning hunts,
--   Sentinel encryption hunt).
-- severity: high
-- tactics: TA0040, TA0005
-- techniques: T1490, T1485
-- source: cloudtrail
-- logic: filter
-- covers: aws_bucket_versioning_suspended, aws_disable_bucket_versioning, aws_s3_bucket_encryption_modified, panther_corr_s3_disable_controls, aws_s3_data_management_tampering
-- tags: s3, impact
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 's3.amazonaws.com')
    WHERE ((api.operation = 'PutBucketVersioning'
            AND (json_extract_string(api.request.data, '$.VersioningConfiguration.Status') IN ('Suspended', 'Disabled')
                 OR json_extract_string(api.request.data, '$.VersioningConfiguration.MfaDelete') = 'Disabled'))
           OR api.operation = 'DeleteBucketEncryption'
           OR (api.operation IN ('PutBucketLifecycle', 'PutBucketLifecycleConfiguration') AND contains(api.request.data, 'Expiration')))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' on bucket ', json_extract_string(api.request.data, '$.bucketName'),
        CASE WHEN json_extract_string(api.request.data, '$.VersioningConfiguration.Status') IN ('Suspended', 'Disabled') THEN ': versioning suspended'
             WHEN json_extract_string(api.request.data, '$.VersioningConfiguration.MfaDelete') = 'Disabled' THEN ': MFA delete disabled' ELSE '' END))
