-- id: s3_object_made_public
-- title: S3 object uploaded or changed to be public
-- description: PutObject or PutObjectAcl with a grant to AllUsers or AuthenticatedUsers
--   (x-amz-grant-read or the ACL body), or a canned public-read ACL (Sumo Logic "new
--   public objects" and "modified public objects").
-- severity: medium
-- tactics: TA0010
-- techniques: T1530
-- source: cloudtrail
-- logic: filter
-- covers: sumo_s3_new_public_objects, sumo_s3_modified_public_objects
-- tags: s3, exposure, sumo
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail_all', $window_start, $window_end, 's3.amazonaws.com')
    WHERE api.operation IN ('PutObject', 'PutObjectAcl', 'CopyObject', 'CreateMultipartUpload')
      AND (regexp_matches(coalesce(json_extract(api.request.data, '$.accessControlList')::VARCHAR, ''), 'http://acs.amazonaws.com/groups/global/(AllUsers|AuthenticatedUsers)')
           OR regexp_matches(coalesce(json_extract(api.request.data, '$.AccessControlPolicy')::VARCHAR, ''), 'http://acs.amazonaws.com/groups/global/(AllUsers|AuthenticatedUsers)')
           OR regexp_matches(coalesce(json_extract(api.request.data, '$.x-amz-acl')::VARCHAR, ''), 'public-read'))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('object s3://', json_extract_string(api.request.data, '$.bucketName'), '/', coalesce(json_extract_string(api.request.data, '$.key'), ''), ' made public by ', api.operation))
