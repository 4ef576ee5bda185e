-- id: s3_bucket_acl_public
-- title: S3 bucket ACL grants access to everyone
-- description: PutBucketAcl granting a permission to the AllUsers or AuthenticatedUsers
--   group, or with a canned public-read / public-read-write ACL (Sumo Logic "public
--   buckets"; unlike the panel, every grant is checked, not only the second).
-- severity: high
-- tactics: TA0010
-- techniques: T1530
-- source: cloudtrail
-- logic: filter
-- covers: sumo_s3_public_buckets
-- tags: s3, exposure, sumo
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 's3.amazonaws.com')
    WHERE api.operation = 'PutBucketAcl'
      AND (regexp_matches(coalesce(json_extract(api.request.data, '$.AccessControlPolicy')::VARCHAR, ''), 'http://acs.amazonaws.com/groups/global/(AllUsers|AuthenticatedUsers)')
           OR regexp_matches(coalesce(json_extract_string(api.request.data, '$.x-amz-acl'), json_extract(api.request.data, '$.x-amz-acl')::VARCHAR, ''), 'public-read'))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('bucket ', json_extract_string(api.request.data, '$.bucketName'), ' ACL grants public access'))
