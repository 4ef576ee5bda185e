-- id: s3_objects_reencrypted_with_outside_key
-- title: S3 objects re-encrypted with a key the account does not hold
-- description: CopyObject written with a customer-provided key (SSE-C) or with a KMS key
--   of another account. The account keeps the object but can no longer read it without
--   the outsider's key: the re-encryption step of S3 ransomware (copy in place, then
--   delete the originals or set a lifecycle rule).
-- severity: high
-- tactics: TA0040
-- techniques: T1486
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: s3, ransomware, encryption
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail_all', $window_start, $window_end, 's3.amazonaws.com')
    WHERE api.operation = 'CopyObject'
      AND (json_extract_string(api.request.data, '$."x-amz-server-side-encryption-customer-algorithm"') IS NOT NULL
           OR split_part(json_extract_string(api.request.data, '$."x-amz-server-side-encryption-aws-kms-key-id"'), ':', 5)
              NOT IN ('', accountid))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('CopyObject into ', json_extract_string(api.request.data, '$.bucketName'), ' encrypted with ',
           coalesce(json_extract_string(api.request.data, '$."x-amz-server-side-encryption-aws-kms-key-id"'), 'a customer-provided key (SSE-C)')))
