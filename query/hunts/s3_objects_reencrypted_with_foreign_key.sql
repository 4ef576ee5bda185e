-- id: s3_objects_reencrypted_with_foreign_key
-- title: S3 objects read, then rewritten with a foreign KMS key
-- description: GetObject followed within $max_gap by PutObject or CopyObject of the
--   same bucket and key with a KMS key that does not belong to the bucket owner
--   (Sentinel "S3 bucket suspicious ransomware activity"): the data is now encrypted
--   under the attackers key.
-- severity: critical
-- tactics: TA0040
-- techniques: T1486
-- source: cloudtrail
-- logic: sequence
-- covers: ar_s3_ransomware
-- tags: s3, ransomware, impact
-- param: max_gap:duration=2h | Longest time between reading an object and rewriting it.
WITH reads AS (
    SELECT time_dt, metadata.uid AS uid, accountid,
           json_extract_string(api.request.data, '$.bucketName') AS bucket, json_extract_string(api.request.data, '$.key') AS object_key
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com' AND api.operation = 'GetObject' AND api.response.error IS NULL
),
writes AS (
    SELECT *, json_extract_string(api.request.data, '$.bucketName') AS bucket, json_extract_string(api.request.data, '$.key') AS object_key,
           json_extract_string(api.request.data, '$.x-amz-server-side-encryption-aws-kms-key-id') AS kms_key
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com' AND api.operation IN ('PutObject', 'CopyObject') AND api.response.error IS NULL
      AND json_extract_string(api.request.data, '$.x-amz-server-side-encryption-aws-kms-key-id') IS NOT NULL
      AND NOT contains(json_extract_string(api.request.data, '$.x-amz-server-side-encryption-aws-kms-key-id'), accountid)
)
SELECT
    min(r.time_dt) AS first_time,
    max(w.time_dt) AS last_time,
    w.accountid AS account,
    w.region,
    coalesce(w.actor.user.uid, w.actor.user.name, w.actor.invoked_by) AS actor,
    w.src_endpoint.ip AS src_ip,
    concat(CAST(count(DISTINCT w.object_key) AS VARCHAR), ' object(s) of bucket ', w.bucket, ' rewritten with KMS key ', w.kms_key) AS summary,
    count(DISTINCT r.uid) + count(DISTINCT w.metadata.uid) AS event_count,
    list_concat(list_sort(list(DISTINCT w.metadata.uid)), list_sort(list(DISTINCT r.uid)))[1:20] AS evidence_uids,
    count(DISTINCT r.uid) + count(DISTINCT w.metadata.uid) AS evidence_total
FROM writes w
JOIN reads r ON r.bucket = w.bucket AND r.object_key = w.object_key AND r.accountid = w.accountid
 AND r.time_dt < w.time_dt AND w.time_dt <= r.time_dt + $max_gap
GROUP BY w.accountid, w.region, actor, src_ip, w.bucket, w.kms_key
ORDER BY first_time
