-- id: storage_enumeration_burst
-- title: S3 bucket enumeration burst
-- description: More than $min_calls ListBuckets, GetBucketPolicy, GetBucketAcl,
--   GetBucketCors, GetBucketPublicAccessBlock and similar bucket configuration reads by
--   one identity from one IP within any $span (Sigma "potential storage enumeration").
-- severity: low
-- tactics: TA0007
-- techniques: T1619
-- source: cloudtrail
-- logic: threshold
-- covers: aws_enum_storage, aws_enum_buckets
-- tags: discovery, s3, recon
-- param: min_calls:int=5 | Calls within the span tolerated (more than this fires).
-- param: span:duration=10m | Length of the span counted in.
WITH calls AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation IN ('ListBuckets', 'GetBucketCors', 'GetBucketInventoryConfiguration', 'GetBucketPublicAccessBlock',
                            'GetBucketMetricsConfiguration', 'GetBucketPolicy', 'GetBucketTagging', 'GetBucketAcl', 'GetBucketLogging',
                            'GetBucketVersioning', 'GetBucketEncryption', 'GetBucketLocation')
)
SELECT * FROM lh_call_bursts('calls', $span, $min_calls)
