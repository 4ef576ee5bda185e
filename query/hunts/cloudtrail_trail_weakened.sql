-- id: cloudtrail_trail_weakened
-- title: CloudTrail trail weakened
-- description: UpdateTrail turned off log file validation, multi-region or global
--   service events, or moved the trail to another bucket or KMS key: the trail still
--   runs but records less, or writes somewhere the attacker controls.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: ar_cloudtrail_log_tampering, tp_cloudtrail_trail_kms_key_updated, tp_cloudtrail_trail_s3_logging_bucket_updated, tp_cloudtrail_trail_global_service_logging_disabled, aws_cloudtrail_disable_logging
-- tags: cloudtrail, logging, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'cloudtrail.amazonaws.com')
    WHERE api.operation = 'UpdateTrail'
      AND (json_extract_string(api.request.data, '$.enableLogFileValidation') = 'false'
           OR json_extract_string(api.request.data, '$.isMultiRegionTrail') = 'false'
           OR json_extract_string(api.request.data, '$.includeGlobalServiceEvents') = 'false'
           OR json_extract_string(api.request.data, '$.s3BucketName') IS NOT NULL
           OR json_extract_string(api.request.data, '$.kmsKeyId') IS NOT NULL
           OR json_extract_string(api.request.data, '$.KmsKeyId') IS NOT NULL)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('UpdateTrail ', json_extract_string(api.request.data, '$.name'), ':',
        CASE WHEN json_extract_string(api.request.data, '$.enableLogFileValidation') = 'false' THEN ' log file validation off' ELSE '' END,
        CASE WHEN json_extract_string(api.request.data, '$.isMultiRegionTrail') = 'false' THEN ' single region' ELSE '' END,
        CASE WHEN json_extract_string(api.request.data, '$.includeGlobalServiceEvents') = 'false' THEN ' global events off' ELSE '' END,
        CASE WHEN json_extract_string(api.request.data, '$.s3BucketName') IS NOT NULL THEN concat(' bucket -> ', json_extract_string(api.request.data, '$.s3BucketName')) ELSE '' END,
        CASE WHEN coalesce(json_extract_string(api.request.data, '$.kmsKeyId'), json_extract_string(api.request.data, '$.KmsKeyId')) IS NOT NULL THEN ' KMS key changed' ELSE '' END))
