-- id: s3_object_written_to_other_account
-- title: S3 objects copied or written to another account's bucket
-- description: An identity of the account whose trail logged the call (recipientAccountId)
--   wrote objects (CopyObject, PutObject, UploadPartCopy, CompleteMultipartUpload) into a
--   bucket that another account owns, as the bucket's resources[].accountId in the data
--   event says: objects read here and written to an outside bucket, the quickest way out
--   of an account without a public URL (CopyObject's x-amz-copy-source names where from).
--   Writes by AWS services on the caller's behalf (invokedBy) and to accounts in
--   $trusted_accounts (log archives, data lakes) are left out; a caller from another
--   account writing into a bucket here is inbound and left out too.
-- severity: high
-- tactics: TA0010
-- techniques: T1537
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: s3, exfiltration, cross-account, data-events
-- param: trusted_accounts:strings= | Accounts whose buckets this account's identities write to by design, ignored.
-- param: gap:duration=1h | A pause longer than this between the actor's writes starts a new finding.
WITH writes AS (
    SELECT *,
           json_extract_string(api.request.data, '$.bucketName') AS bucket,
           -- The owner of the bucket written to: the bucket resource that
           -- bucketName names, else the first bucket resource (CopyObject
           -- may list the source bucket too).
           coalesce(list_filter(resources, r -> r.type = 'AWS::S3::Bucket'
                                AND r.uid LIKE concat('%:::', json_extract_string(api.request.data, '$.bucketName')))[1].owner.account.uid,
                    list_filter(resources, r -> r.type = 'AWS::S3::Bucket')[1].owner.account.uid) AS bucket_owner,
           split_part(ltrim(url_decode(json_extract_string(api.request.data, '$.x-amz-copy-source')), '/'), '/', 1) AS copy_source_bucket
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation IN ('CopyObject', 'PutObject', 'UploadPartCopy', 'CompleteMultipartUpload')
      AND api.response.error IS NULL
      AND actor.invoked_by IS NULL
      AND actor.user.account.uid = accountid
),
matched AS (
    SELECT *
    FROM writes
    WHERE bucket_owner <> accountid
      AND NOT list_contains($trusted_accounts, bucket_owner)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' into bucket ', bucket, ' of account ', bucket_owner,
           CASE WHEN copy_source_bucket <> '' THEN concat(' from bucket ', copy_source_bucket) ELSE '' END))
