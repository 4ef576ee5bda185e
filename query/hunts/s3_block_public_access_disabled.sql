-- id: s3_block_public_access_disabled
-- title: S3 Block Public Access weakened
-- description: PutBucketPublicAccessBlock or PutAccountPublicAccessBlock with one of
--   the four settings false, or the block deleted outright: the safety net against
--   public buckets is off (Tailpipe "S3 bucket block public access disabled").
-- severity: high
-- tactics: TA0005, TA0010
-- techniques: T1562.007, T1530
-- source: cloudtrail
-- logic: filter
-- covers: tp_s3_bucket_block_public_access_disabled
-- tags: s3, exposure
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 's3.amazonaws.com')
    WHERE (api.operation IN ('DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock')
         OR (api.operation IN ('PutBucketPublicAccessBlock', 'PutAccountPublicAccessBlock')
             AND regexp_matches(coalesce(json_extract(api.request.data, '$.PublicAccessBlockConfiguration')::VARCHAR, api.request.data), '"(RestrictPublicBuckets|BlockPublicPolicy|BlockPublicAcls|IgnorePublicAcls)"\s*:\s*"?false')))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, coalesce(' on bucket ' || json_extract_string(api.request.data, '$.bucketName'), ' for the account')))
