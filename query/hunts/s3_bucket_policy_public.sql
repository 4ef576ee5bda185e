-- id: s3_bucket_policy_public
-- title: S3 bucket policy grants access to everyone
-- description: PutBucketPolicy with an Allow statement for principal "*" (or AWS "*")
--   and no Condition: the bucket becomes readable or writable by anyone (Sentinel "S3
--   bucket exposed via policy", Tailpipe "S3 bucket policy granted public access").
-- severity: critical
-- tactics: TA0010
-- techniques: T1530, T1537
-- source: cloudtrail
-- logic: filter
-- covers: ar_s3_bucket_exposed_via_policy, tp_s3_bucket_policy_granted_public_access, tp_s3_bucket_policy_updated, sumo_s3_public_buckets
-- tags: s3, exposure, exfiltration
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH policies AS (
    SELECT *,
           CASE json_type(api.request.data, '$.bucketPolicy')
                WHEN 'OBJECT' THEN json_extract(api.request.data, '$.bucketPolicy')
                ELSE try(json(json_extract_string(api.request.data, '$.bucketPolicy'))) END AS doc
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation = 'PutBucketPolicy'
      AND api.response.error IS NULL
),
matched AS (
    SELECT *
    FROM policies
    WHERE len(list_filter(lh_policy_statements(doc),
            s -> json_extract_string(s, '$.Effect') = 'Allow'
                 AND (json_extract_string(s, '$.Principal') = '*'
                      OR json_extract_string(s, '$.Principal.AWS') = '*'
                      OR list_contains(json_extract_string(s, '$.Principal.AWS[*]'), '*'))
                 AND json_extract(s, '$.Condition') IS NULL)) > 0
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('bucket ', json_extract_string(api.request.data, '$.bucketName'), ' policy allows everyone'))
