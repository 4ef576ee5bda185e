-- id: s3_bucket_access_changed
-- title: S3 bucket policy or ACL changed
-- description: PutBucketPolicy, DeleteBucketPolicy, PutBucketAcl or
--   PutBucketOwnershipControls succeeded: who may read and write the bucket changed
--   (Panther "S3 bucket policy modified", Sentinel's bucket policy changes). Low: every
--   deployment rewrites policies; grants to everyone are s3_bucket_policy_public's and
--   s3_bucket_acl_public's alarms, and this is the context around them (who changed
--   which bucket's access, and when) for an incident or a review.
-- severity: low
-- tactics: TA0005, TA0003
-- techniques: T1222, T1098
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: s3, permissions
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 's3.amazonaws.com')
    WHERE api.operation IN ('PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'PutBucketOwnershipControls')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' on ', coalesce(json_extract_string(api.request.data, '$.bucketName'), 'a bucket'),
        coalesce(' (canned ACL ' || coalesce(json_extract_string(api.request.data, '$."x-amz-acl"[0]'), json_extract_string(api.request.data, '$."x-amz-acl"')) || ')', '')))
