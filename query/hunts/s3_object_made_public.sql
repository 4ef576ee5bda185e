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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    coalesce(actor.user.uid, actor.user.name, actor.invoked_by, actor.user.account.uid) AS actor,
    src_endpoint.ip AS src_ip,
    concat('object s3://', json_extract_string(api.request.data, '$.bucketName'), '/', coalesce(json_extract_string(api.request.data, '$.key'), ''), ' made public by ', api.operation) AS summary,
    count(*) AS event_count,
    lh_earliest(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 's3.amazonaws.com'
  AND api.operation IN ('PutObject', 'PutObjectAcl', 'CopyObject', 'CreateMultipartUpload')
  AND (regexp_matches(coalesce(json_extract(api.request.data, '$.accessControlList')::VARCHAR, ''), 'http://acs.amazonaws.com/groups/global/(AllUsers|AuthenticatedUsers)')
       OR regexp_matches(coalesce(json_extract(api.request.data, '$.AccessControlPolicy')::VARCHAR, ''), 'http://acs.amazonaws.com/groups/global/(AllUsers|AuthenticatedUsers)')
       OR regexp_matches(coalesce(json_extract(api.request.data, '$.x-amz-acl')::VARCHAR, ''), 'public-read'))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
