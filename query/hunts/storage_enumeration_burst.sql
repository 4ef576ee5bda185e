-- id: storage_enumeration_burst
-- title: S3 bucket enumeration burst
-- description: More than $min_calls ListBuckets, GetBucketPolicy, GetBucketAcl,
--   GetBucketCors, GetBucketPublicAccessBlock and similar bucket configuration reads by
--   one identity within any $span, from any addresses (Sigma "potential storage enumeration").
-- severity: low
-- tactics: TA0007
-- techniques: T1619
-- source: cloudtrail
-- logic: threshold
-- covers: aws_enum_storage, aws_enum_buckets
-- tags: discovery, s3, recon
-- param: min_calls:int=5 | Calls within the span tolerated (more than this fires).
-- param: span:duration=10m | Length of the span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH calls AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation IN ('ListBuckets', 'GetBucketCors', 'GetBucketInventoryConfiguration', 'GetBucketPublicAccessBlock',
                            'GetBucketMetricsConfiguration', 'GetBucketPolicy', 'GetBucketTagging', 'GetBucketAcl', 'GetBucketLogging',
                            'GetBucketVersioning', 'GetBucketEncryption', 'GetBucketLocation')
)
SELECT * FROM lh_call_bursts('calls', $span, $min_calls, $gap)
